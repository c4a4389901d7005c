//! Versioned schema migrations. `PRAGMA user_version` holds the version; `PRAGMA application_id` marks
//! the file as a sportello store, so a foreign SQLite file is recognised and left alone.

/// "SPRT" in ASCII.
pub const APPLICATION_ID: i32 = 0x5350_5254;

/// Migration `i` brings the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE operators (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('operator', 'supervisor')),
    password_hash TEXT NOT NULL
);

CREATE TABLE schools (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, address TEXT);
CREATE TABLE classes (
    id INTEGER PRIMARY KEY,
    school_id INTEGER NOT NULL REFERENCES schools(id),
    level TEXT NOT NULL,
    section TEXT NOT NULL,
    UNIQUE (school_id, level, section)
);

CREATE TABLE services (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    prepaid INTEGER NOT NULL,
    sibling_discount_pct INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE tariff_bands (
    service TEXT NOT NULL REFERENCES services(code),
    isee_max_cents INTEGER,
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0)
);
CREATE TABLE holidays (day TEXT PRIMARY KEY, description TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE windows (
    id INTEGER PRIMARY KEY,
    service TEXT NOT NULL REFERENCES services(code),
    school_year TEXT NOT NULL,
    description TEXT NOT NULL,
    opens_at TEXT NOT NULL,
    closes_at TEXT NOT NULL
);

CREATE TABLE parents (
    id INTEGER PRIMARY KEY,
    cf TEXT NOT NULL UNIQUE,
    surname TEXT NOT NULL COLLATE NOCASE,
    name TEXT NOT NULL COLLATE NOCASE,
    email TEXT,
    phone TEXT,
    address TEXT,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    meal_cancel_code TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE INDEX parents_surname ON parents (surname, name);

CREATE TABLE children (
    id INTEGER PRIMARY KEY,
    cf TEXT NOT NULL UNIQUE,
    surname TEXT NOT NULL COLLATE NOCASE,
    name TEXT NOT NULL COLLATE NOCASE,
    birth_date TEXT NOT NULL,
    pan TEXT NOT NULL UNIQUE,
    class_id INTEGER REFERENCES classes(id),
    diet TEXT,
    isee_cents INTEGER,
    paying_parent_id INTEGER NOT NULL REFERENCES parents(id),
    second_parent_id INTEGER REFERENCES parents(id)
);
CREATE INDEX children_surname ON children (surname, name);
CREATE INDEX children_paying ON children (paying_parent_id);
CREATE INDEX children_second ON children (second_parent_id) WHERE second_parent_id IS NOT NULL;

-- Service enablement: the child uses the service in that school year at that price.
CREATE TABLE enrolments (
    child_id INTEGER NOT NULL REFERENCES children(id),
    service TEXT NOT NULL REFERENCES services(code),
    school_year TEXT NOT NULL,
    price_cents INTEGER NOT NULL,
    PRIMARY KEY (child_id, service, school_year)
) WITHOUT ROWID;

CREATE TABLE applications (
    id INTEGER PRIMARY KEY,
    window_id INTEGER NOT NULL REFERENCES windows(id),
    parent_id INTEGER NOT NULL REFERENCES parents(id),
    state TEXT NOT NULL,
    step INTEGER NOT NULL,
    data TEXT NOT NULL,
    late_reason TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    submitted_at TEXT,
    submitted_by TEXT
);
CREATE INDEX applications_parent ON applications (parent_id);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id),
    filename TEXT NOT NULL,
    content BLOB NOT NULL,
    added_at TEXT NOT NULL
);

-- Append-only: every balance is the sum of a child's rows for a service.
CREATE TABLE ledger (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES children(id),
    service TEXT NOT NULL REFERENCES services(code),
    at TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('topup', 'meal', 'charge', 'adjustment', 'carryover')),
    amount_cents INTEGER NOT NULL,
    description TEXT NOT NULL,
    ref TEXT
);
CREATE INDEX ledger_child ON ledger (child_id, service, at);
CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
    BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
    BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;

CREATE TABLE attendance (
    child_id INTEGER NOT NULL,
    service TEXT NOT NULL,
    day TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('present', 'absent', 'cancelled')),
    charged_cents INTEGER NOT NULL DEFAULT 0,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (child_id, service, day)
) WITHOUT ROWID;
CREATE TABLE attendance_changes (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL,
    service TEXT NOT NULL,
    day TEXT NOT NULL,
    status TEXT NOT NULL,
    by TEXT NOT NULL,
    at TEXT NOT NULL,
    reason TEXT
);
CREATE INDEX attendance_changes_day ON attendance_changes (child_id, service, day);

-- IUV bases come from here: one counter per issuing point, bumped inside the write transaction.
CREATE TABLE iuv_counters (issuer INTEGER PRIMARY KEY, next INTEGER NOT NULL);

CREATE TABLE notices (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    iuv TEXT NOT NULL UNIQUE,
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    subject TEXT NOT NULL,
    payer_id INTEGER NOT NULL REFERENCES parents(id),
    due_date TEXT,
    state TEXT NOT NULL CHECK (state IN ('pending', 'paid', 'cancelled', 'expired')),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    cancelled_at TEXT,
    cancel_reason TEXT
);
CREATE INDEX notices_payer ON notices (payer_id, state);
CREATE TABLE notice_allocations (
    notice_id INTEGER NOT NULL REFERENCES notices(id),
    child_id INTEGER NOT NULL REFERENCES children(id),
    service TEXT NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    PRIMARY KEY (notice_id, child_id, service)
) WITHOUT ROWID;
CREATE TABLE receipts (
    id INTEGER PRIMARY KEY,
    receipt_id TEXT NOT NULL UNIQUE,
    notice_id INTEGER NOT NULL REFERENCES notices(id),
    amount_cents INTEGER NOT NULL,
    paid_at TEXT NOT NULL,
    channel TEXT NOT NULL,
    psp TEXT,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL
);
CREATE INDEX receipts_notice ON receipts (notice_id);

CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT,
    detail TEXT
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;

-- The central API's idempotency keys: the first answer is replayed.
CREATE TABLE idempotency (
    key TEXT PRIMARY KEY,
    actor TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    at TEXT NOT NULL
) WITHOUT ROWID;
"#,
    // 2: the lobby kiosk's account role.
    r#"
CREATE TABLE operators_new (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('operator', 'supervisor', 'kiosk')),
    password_hash TEXT NOT NULL
);
INSERT INTO operators_new SELECT id, username, full_name, role, password_hash FROM operators;
DROP TABLE operators;
ALTER TABLE operators_new RENAME TO operators;
"#,
    // 3: wrong desk passwords per user name, so a login wait or lock survives a restart. Names that are
    // no operator are counted too (nothing tells whether a name exists); the store bounds their rows.
    r#"
CREATE TABLE operator_failures (
    username TEXT PRIMARY KEY,
    streak INTEGER NOT NULL,
    recent TEXT NOT NULL,
    wait_until TEXT,
    locked_until TEXT,
    last_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX operator_failures_last ON operator_failures (last_at);
"#,
    // 4: wrong tries at the kiosk (identification, and the supervisor check at the exit), kept in the
    // file so every process on it counts them alike. The parent code tried is kept one-way only.
    r#"
CREATE TABLE kiosk_tries (
    id INTEGER PRIMARY KEY,
    at_ms INTEGER NOT NULL,
    kiosk TEXT NOT NULL,
    what TEXT NOT NULL CHECK (what IN ('identify', 'exit')),
    code_hash TEXT
);
CREATE INDEX kiosk_tries_kiosk ON kiosk_tries (kiosk, what, at_ms);
CREATE INDEX kiosk_tries_code ON kiosk_tries (code_hash, what, at_ms) WHERE code_hash IS NOT NULL;
"#,
    // 5: the pagoPA station. Each service's taxonomy code (the transfers' `transferCategory`); when the
    // Node last fetched a notice's payment data (a desk cancelling it then is warned); and every receipt
    // the Node delivers, kept as received, credited once or left for a supervisor as an anomaly.
    r#"
ALTER TABLE services ADD COLUMN transfer_category TEXT;
UPDATE services SET transfer_category = CASE code
    WHEN 'refezione' THEN '9/0107101TS/'
    WHEN 'trasporto' THEN '9/0107102SP/'
    WHEN 'nido' THEN '9/0107106SP/'
END;
ALTER TABLE notices ADD COLUMN payment_fetched_at TEXT;
CREATE TABLE node_receipts (
    id INTEGER PRIMARY KEY,
    receipt_id TEXT NOT NULL UNIQUE,
    notice_number TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('OK', 'KO')),
    amount_cents INTEGER NOT NULL,
    psp TEXT NOT NULL,
    method TEXT,
    paid_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version IN (1, 2)),
    body TEXT NOT NULL,
    anomaly TEXT,
    resolution TEXT CHECK (resolution IN ('credited', 'refund')),
    resolved_by TEXT,
    resolved_at TEXT,
    resolution_note TEXT
);
CREATE INDEX node_receipts_open ON node_receipts (received_at) WHERE anomaly IS NOT NULL AND resolution IS NULL;
CREATE INDEX node_receipts_notice ON node_receipts (notice_number);
-- A receipt is kept as the Node sent it; only a supervisor's resolution is added later.
CREATE TRIGGER node_receipts_as_received BEFORE UPDATE OF receipt_id, notice_number, outcome, amount_cents, psp, method, paid_at, received_at, version, body, anomaly ON node_receipts
    BEGIN SELECT RAISE(ABORT, 'a receipt is kept as received'); END;
CREATE TRIGGER node_receipts_no_delete BEFORE DELETE ON node_receipts
    BEGIN SELECT RAISE(ABORT, 'a receipt is kept as received'); END;
"#,
    // 6: pagoPA's reconciliation flows (FdR): the revision held of each flow with its payments and the
    // flow as received, and what the REST API was asked for. A newer revision replaces the older.
    r#"
CREATE TABLE fdr_flows (
    id INTEGER PRIMARY KEY,
    flow_id TEXT NOT NULL,
    psp TEXT NOT NULL,
    psp_name TEXT,
    revision INTEGER,
    flow_at TEXT NOT NULL,
    regulation TEXT NOT NULL,
    regulation_date TEXT NOT NULL,
    bic TEXT,
    receiver TEXT NOT NULL,
    total_payments INTEGER NOT NULL,
    total_cents INTEGER NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('file', 'rest')),
    raw BLOB NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    UNIQUE (flow_id, psp)
);
CREATE TABLE fdr_payments (
    flow INTEGER NOT NULL REFERENCES fdr_flows(id) ON DELETE CASCADE,
    iuv TEXT NOT NULL,
    iur TEXT NOT NULL,
    idx INTEGER,
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    outcome INTEGER NOT NULL CHECK (outcome IN (0, 3, 4, 8, 9)),
    paid_on TEXT NOT NULL
);
CREATE INDEX fdr_payments_iuv ON fdr_payments (iuv);
CREATE INDEX fdr_payments_flow ON fdr_payments (flow);
CREATE TABLE fdr_fetches (
    flow_id TEXT NOT NULL,
    psp TEXT NOT NULL,
    revision INTEGER NOT NULL,
    published TEXT,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (flow_id, psp, revision)
) WITHOUT ROWID;
CREATE INDEX receipts_paid ON receipts (paid_at);
"#,
    // 7: the office's review of applications. A decision (who, when, a refusal's reason, the child it
    // enrolled); what an enrolment came from (application, ISEE band, sibling rank) and a withdrawal
    // from a day on; a child's sex; the places a service has at a school (no row: no limit).
    r#"
ALTER TABLE children ADD COLUMN sex TEXT CHECK (sex IN ('M', 'F'));
ALTER TABLE applications ADD COLUMN decided_at TEXT;
ALTER TABLE applications ADD COLUMN decided_by TEXT;
ALTER TABLE applications ADD COLUMN decision_reason TEXT;
ALTER TABLE applications ADD COLUMN child_id INTEGER REFERENCES children(id);
CREATE INDEX applications_state ON applications (state, submitted_at);
ALTER TABLE enrolments ADD COLUMN application_id INTEGER REFERENCES applications(id);
ALTER TABLE enrolments ADD COLUMN band_isee_max_cents INTEGER;
ALTER TABLE enrolments ADD COLUMN sibling_rank INTEGER NOT NULL DEFAULT 1;
ALTER TABLE enrolments ADD COLUMN enrolled_at TEXT;
ALTER TABLE enrolments ADD COLUMN withdrawn_from TEXT;
ALTER TABLE enrolments ADD COLUMN withdrawal_reason TEXT;
-- How a service is charged: per day of presence (canteen), or a fee per month (the bus).
ALTER TABLE services ADD COLUMN charged_per TEXT NOT NULL DEFAULT 'day' CHECK (charged_per IN ('day', 'month'));
UPDATE services SET charged_per = 'month' WHERE code = 'trasporto';
CREATE TABLE service_places (
    service TEXT NOT NULL REFERENCES services(code),
    school_id INTEGER NOT NULL REFERENCES schools(id),
    places INTEGER NOT NULL CHECK (places >= 0),
    PRIMARY KEY (service, school_id)
) WITHOUT ROWID;
"#,
    // 8: names searched by their key (capitals, no accents, apostrophes or spaces: `domain::name_key`),
    // computed by SQLite itself and indexed, so `dangelo` finds D'ANGELO in one index range.
    r#"
NAME_KEY(parents, surname);
NAME_KEY(parents, name);
NAME_KEY(children, surname);
NAME_KEY(children, name);
CREATE INDEX parents_surname_key ON parents (surname_key, name_key);
CREATE INDEX parents_name_key ON parents (name_key, surname_key);
CREATE INDEX children_surname_key ON children (surname_key, name_key);
CREATE INDEX children_name_key ON children (name_key, surname_key);
"#,
    // 9: a family's history at the desk. Free-text notes staff add (append-only, with author and
    // time), and the audit read by subject (`child:<id>`, `notice:<n>`...) for a family's history.
    r#"
CREATE TABLE family_notes (
    id INTEGER PRIMARY KEY,
    parent_id INTEGER NOT NULL REFERENCES parents(id),
    text TEXT NOT NULL CHECK (length(trim(text)) > 0),
    by TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX family_notes_parent ON family_notes (parent_id, at);
CREATE TRIGGER family_notes_no_update BEFORE UPDATE ON family_notes
    BEGIN SELECT RAISE(ABORT, 'notes are append-only'); END;
CREATE TRIGGER family_notes_no_delete BEFORE DELETE ON family_notes
    BEGIN SELECT RAISE(ABORT, 'notes are append-only'); END;
CREATE INDEX audit_subject ON audit (subject, at);
-- A family's notices and applications found from its children, not by reading them all.
CREATE INDEX notice_allocations_child ON notice_allocations (child_id);
CREATE INDEX applications_child ON applications (child_id) WHERE child_id IS NOT NULL;
"#,
];

pub const LATEST: i32 = MIGRATIONS.len() as i32;

/// A migration's text with each `NAME_KEY(table, column)` written out as the generated columns that
/// hold `column`'s search key in `<column>_key` (through `<column>_key1`, `_key2`, ...: see
/// `name_key::sql_stages`).
pub fn expand(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    while let Some(at) = rest.find("NAME_KEY(") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 9..];
        let end = after.find(')').unwrap_or(after.len());
        let (table, column) = after[..end].split_once(',').unwrap_or(("", ""));
        out.push_str(&name_key_columns(table.trim(), column.trim()));
        rest = after.get(end + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

fn name_key_columns(table: &str, column: &str) -> String {
    let stages = crate::domain::name_key::sql_stages(column, |i| format!("{column}_key{}", i + 1));
    let last = stages.len() - 1;
    stages
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let name = if i == last {
                format!("{column}_key")
            } else {
                format!("{column}_key{}", i + 1)
            };
            format!("ALTER TABLE {table} ADD COLUMN {name} TEXT GENERATED ALWAYS AS ({e}) VIRTUAL")
        })
        .collect::<Vec<_>>()
        .join(";\n")
}

#[cfg(test)]
mod tests {
    use crate::domain::name_key;

    #[test]
    fn the_sql_name_key_is_the_rust_one() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(&super::expand(
            "CREATE TABLE t (name TEXT); NAME_KEY(t, name);",
        ))
        .unwrap();
        for name in [
            "RINALDI NICOLÒ",
            "d’Angelo",
            "De Luca-Rossi",
            "Müller ß",
            "sant'anna",
            "Ñandú.É",
        ] {
            conn.execute("DELETE FROM t", []).unwrap();
            conn.execute("INSERT INTO t (name) VALUES (?1)", [name])
                .unwrap();
            let sql: String = conn
                .query_row("SELECT name_key FROM t", [], |r| r.get(0))
                .unwrap();
            assert_eq!(sql, name_key::key(name), "{name}");
        }
    }
}
