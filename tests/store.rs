//! The local store through the Backend trait, on a real SQLite file made by the demo generator.

mod common;

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use sportello::backend::*;
use sportello::demo::{self, DemoOptions};
use sportello::store::{LocalBackend, OpenError, Store};

fn ente() -> Ente {
    Ente {
        name: "Comune di Prova".into(),
        fiscal_code: "80001234568".into(),
        segregation_code: 2,
        cbill: "ABC12".into(),
    }
}

fn today() -> NaiveDate {
    sportello::clock::Clock::system().today()
}

fn make_store(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("s.db");
    demo::generate(
        &path,
        &ente(),
        &DemoOptions {
            families: 30,
            days: Some(15),
            seed: 7,
            today: today(),
        },
    )
    .unwrap();
    path
}

fn backend(path: &Path) -> LocalBackend {
    LocalBackend::acting_as(
        Arc::new(Store::open(path).unwrap()),
        LocalBackend::cli_operator(),
    )
}

fn operator(path: &Path) -> LocalBackend {
    let b = LocalBackend::new(Arc::new(Store::open(path).unwrap()));
    b.login(demo::OPERATOR.0, demo::OPERATOR.1).unwrap();
    b
}

/// A child enrolled in the canteen, with its paying parent.
fn some_child(b: &LocalBackend) -> (String, String) {
    let conn = b.store().conn();
    conn.query_row(
        "SELECT c.cf, p.cf FROM children c JOIN parents p ON p.id = c.paying_parent_id
         JOIN enrolments e ON e.child_id = c.id AND e.service = 'refezione' ORDER BY c.id LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

fn count(b: &LocalBackend, table: &str) -> i64 {
    b.store()
        .conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn topup(child: &str, cents: i64) -> NewNotice {
    NewNotice {
        allocations: vec![Allocation {
            child_cf: child.parse().unwrap(),
            child_name: String::new(),
            service: "refezione".into(),
            amount_cents: cents.try_into().unwrap(),
        }],
        due_date: None,
    }
}

#[test]
fn receipt_twice_credits_once_and_balance_moves() {
    let dir = tempfile::tempdir().unwrap();
    let b = backend(&make_store(dir.path()));
    let (child, parent) = some_child(&b);
    let before = balance(&b, &child);
    let notice = b.create_notice(&topup(&child, 2500)).unwrap();
    assert_eq!(notice.state, NoticeState::Pending);
    assert_eq!(notice.payer.cf, parent);
    assert!(
        notice
            .qr_payload
            .starts_with(&format!("PAGOPA|002|{}|80001234568|2500", notice.number))
    );
    assert_eq!(
        balance(&b, &child),
        before,
        "a notice alone credits nothing"
    );
    let receipt = NewReceipt {
        notice_number: notice.number.clone(),
        receipt_id: "R-1".into(),
        amount_cents: 2500.try_into().unwrap(),
        paid_at: None,
        psp: Some("PSP".into()),
    };
    let first = b.record_receipt(&receipt).unwrap();
    assert!(first.credited);
    assert_eq!(first.notice.state, NoticeState::Paid);
    let second = b.record_receipt(&receipt).unwrap();
    assert!(!second.credited, "the same receipt again credits nothing");
    assert_eq!(balance(&b, &child), before + 2500);
    // A different receipt id for a paid notice is refused.
    let other = NewReceipt {
        receipt_id: "R-2".into(),
        ..receipt
    };
    assert_eq!(
        b.record_receipt(&other).unwrap_err().kind,
        ErrorKind::Conflict
    );
    assert_eq!(balance(&b, &child), before + 2500);
}

fn balance(b: &LocalBackend, child: &str) -> i64 {
    let card = b.family(child).unwrap();
    card.children
        .iter()
        .find(|c| c.cf == child)
        .unwrap()
        .services
        .iter()
        .find(|s| s.service == "refezione")
        .unwrap()
        .balance_cents
        .get()
}

#[test]
fn bad_inputs_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let b = backend(&make_store(dir.path()));
    let (child, _) = some_child(&b);
    let notices = count(&b, "notices");
    let audit = count(&b, "audit");
    // Bad codice fiscale (refused as the request is read), unknown child, out-of-range amounts,
    // not-enrolled service.
    let bad_cf = serde_json::json!({"allocations": [
        {"child_cf": "RSSMRA85T10A562X", "service": "refezione", "amount_cents": 2000}
    ], "due_date": null});
    assert!(serde_json::from_value::<NewNotice>(bad_cf).is_err());
    let e = b
        .create_notice(&topup("RSSMRA85T10A562S", 2000))
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert_eq!(
        b.create_notice(&topup(&child, 100))
            .unwrap_err()
            .field
            .as_deref(),
        Some("amount")
    );
    assert_eq!(
        b.create_notice(&topup(&child, 10_000_000))
            .unwrap_err()
            .field
            .as_deref(),
        Some("amount")
    );
    let mut nido = topup(&child, 2000);
    nido.allocations[0].service = "nido".into();
    assert_eq!(
        b.create_notice(&nido).unwrap_err().field.as_deref(),
        Some("service")
    );
    // Receipts: wrong check digits (refused as the receipt is read), unknown notice, different amount.
    let wrong_digits = serde_json::json!({
        "notice_number": "302000000000000199", "receipt_id": "X", "amount_cents": 2000,
        "paid_at": null, "psp": null,
    });
    assert!(serde_json::from_value::<NewReceipt>(wrong_digits).is_err());
    let n = b.create_notice(&topup(&child, 2000)).unwrap();
    let unknown = sportello::domain::notice::NoticeNumber::aux3(2, 9_999_999_999).unwrap();
    let bad = NewReceipt {
        notice_number: unknown,
        receipt_id: "X".into(),
        amount_cents: 2000.try_into().unwrap(),
        paid_at: None,
        psp: None,
    };
    let e = b.record_receipt(&bad).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
    let e = b
        .record_receipt(&NewReceipt {
            notice_number: n.number.clone(),
            amount_cents: 1999.try_into().unwrap(),
            ..bad
        })
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("amount"));
    assert!(e.it.contains("20,00"), "{}", e.it);
    assert_eq!(
        count(&b, "notices"),
        notices + 1,
        "only the one valid notice was written"
    );
    assert_eq!(count(&b, "audit"), audit + 1);
}

#[test]
fn iuvs_never_repeat_across_restarts_and_concurrent_writers() {
    let dir = tempfile::tempdir().unwrap();
    let path = make_store(dir.path());
    let (child, _) = some_child(&backend(&path));
    let mut numbers = std::collections::HashSet::new();
    // Two writers on the same file at once (separate connections, as two processes would be).
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let path = path.clone();
            let child = child.clone();
            std::thread::spawn(move || {
                let b = backend(&path);
                (0..15)
                    .map(|_| b.create_notice(&topup(&child, 1000)).unwrap().number)
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for h in handles {
        for n in h.join().unwrap() {
            assert!(numbers.insert(n), "duplicate notice number");
        }
    }
    // A restart: a fresh open continues the sequence.
    let b = backend(&path);
    assert!(numbers.insert(b.create_notice(&topup(&child, 1000)).unwrap().number));
    let distinct: i64 = b
        .store()
        .conn()
        .query_row(
            "SELECT count(DISTINCT iuv) - count(*) FROM notices",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(distinct, 0);
}

#[test]
fn foreign_and_newer_files_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(
        &text,
        b"this is not a database, just some text long enough to not be empty...",
    )
    .unwrap();
    let before = std::fs::read(&text).unwrap();
    assert!(matches!(Store::open(&text), Err(OpenError::Foreign(_))));
    assert_eq!(std::fs::read(&text).unwrap(), before);

    let other = dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&other).unwrap();
        c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let before = std::fs::read(&other).unwrap();
    assert!(matches!(Store::open(&other), Err(OpenError::Foreign(_))));
    assert_eq!(std::fs::read(&other).unwrap(), before);

    let newer = make_store(dir.path());
    {
        let c = rusqlite::Connection::open(&newer).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
    }
    let before = std::fs::read(&newer).unwrap();
    let e = Store::open(&newer).err().expect("refused");
    assert!(matches!(e, OpenError::Newer { found: 99, .. }), "{e}");
    assert_eq!(std::fs::read(&newer).unwrap(), before);
}

#[test]
fn ledger_and_audit_are_append_only() {
    let dir = tempfile::tempdir().unwrap();
    let b = backend(&make_store(dir.path()));
    let conn = b.store().conn();
    assert!(
        conn.execute("UPDATE ledger SET amount_cents = 0", [])
            .is_err()
    );
    assert!(conn.execute("DELETE FROM ledger", []).is_err());
    assert!(conn.execute("DELETE FROM audit", []).is_err());
}

#[test]
fn family_found_from_any_member_and_by_search() {
    let dir = tempfile::tempdir().unwrap();
    let b = backend(&make_store(dir.path()));
    let (child, parent) = some_child(&b);
    assert_eq!(b.family(&child).unwrap().parent.cf, parent);
    assert_eq!(b.family(&parent.to_lowercase()).unwrap().parent.cf, parent);
    let second: Option<String> = b
        .store()
        .conn()
        .query_row(
            "SELECT p.cf FROM children c JOIN parents p ON p.id = c.second_parent_id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .ok();
    if let Some(second) = second {
        let card = b.family(&second).unwrap();
        assert_ne!(
            card.parent.cf, second,
            "the second parent opens the paying parent's card"
        );
    }
    let surname: String = b.family(&parent).unwrap().parent.surname;
    let prefix = surname[..3].to_lowercase();
    let hits = b.search(&prefix, 50).unwrap();
    assert!(hits.iter().any(|h| h.key == parent));
    assert!(
        hits.iter().all(|h| {
            let label = h.label.to_lowercase();
            label.starts_with(&prefix)
                || label
                    .split_whitespace()
                    .any(|word| word.starts_with(&prefix))
        }),
        "a prefix finds only the names (surname or first name) that start with it"
    );
    let surname_first = hits
        .iter()
        .position(|h| !h.label.to_lowercase().starts_with(&prefix))
        .unwrap_or(hits.len());
    assert!(
        hits[surname_first..]
            .iter()
            .all(|h| !h.label.to_lowercase().starts_with(&prefix)),
        "surnames first, then first names"
    );
    assert!(b.search("%", 50).unwrap().is_empty(), "no wildcards");
    let pan = b
        .family(&child)
        .unwrap()
        .children
        .iter()
        .find(|c| c.cf == child)
        .unwrap()
        .pan
        .clone();
    let hits = b.search(&pan, 5).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].key, child);
    let n = b.create_notice(&topup(&child, 2000)).unwrap();
    let grouped = sportello::domain::notice::NoticeNumber::parse(&n.number)
        .unwrap()
        .grouped();
    let hits = b.search(&grouped, 5).unwrap();
    assert_eq!((hits.len(), hits[0].kind), (1, HitKind::Notice));
    assert_eq!(
        b.family("RSSMRA85T10A562X").unwrap_err().field.as_deref(),
        Some("cf")
    );
}

#[test]
fn roles_are_enforced_in_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = make_store(dir.path());
    let op = operator(&path);
    let (child, parent) = some_child(&op);
    assert_eq!(
        op.unlock_parent(&parent).unwrap_err().kind,
        ErrorKind::Forbidden
    );
    let n = op.create_notice(&topup(&child, 2000)).unwrap();
    assert_eq!(
        op.record_cash_payment(&n.number).unwrap_err().kind,
        ErrorKind::Forbidden
    );
    let nobody = LocalBackend::new(Arc::new(Store::open(&path).unwrap()));
    assert_eq!(
        nobody.family(&parent).unwrap_err().kind,
        ErrorKind::Unauthenticated
    );
    assert_eq!(
        nobody.login("operatore", "wrong").unwrap_err().kind,
        ErrorKind::Unauthenticated
    );
    let sup = LocalBackend::new(Arc::new(Store::open(&path).unwrap()));
    sup.login(demo::SUPERVISOR.0, demo::SUPERVISOR.1).unwrap();
    let paid = sup.record_cash_payment(&n.number).unwrap();
    assert!(paid.credited);
    assert!(
        !sup.record_cash_payment(&n.number).unwrap().credited,
        "a second click credits nothing"
    );
}

#[test]
fn parent_lockout_unlock_and_new_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let b = backend(&make_store(dir.path()));
    let cf = sportello::domain::codice_fiscale::compute(
        "Verdi",
        "Luigi",
        sportello::domain::codice_fiscale::Sex::M,
        NaiveDate::from_ymd_opt(1980, 1, 1).unwrap(),
        "H501",
    )
    .unwrap()
    .as_str()
    .to_string();
    let creds = b
        .register_parent(&NewParent {
            cf: cf.to_lowercase().parse().unwrap(),
            surname: "Verdi".into(),
            name: "Luigi".into(),
            email: Some("L.Verdi@Esempio.it".into()),
            phone: None,
            address: None,
        })
        .unwrap();
    assert_eq!(creds.cf, cf);
    assert!(creds.temporary_password.len() <= 12);
    assert_eq!(
        b.family(&cf).unwrap().parent.email.as_deref(),
        Some("l.verdi@esempio.it")
    );
    assert_eq!(
        b.parent_login(&cf, &creds.temporary_password).unwrap(),
        LoginOutcome::Ok
    );
    let dup = b
        .register_parent(&NewParent {
            cf: cf.parse().unwrap(),
            surname: "Verdi".into(),
            name: "Luigi".into(),
            email: None,
            phone: None,
            address: None,
        })
        .unwrap_err();
    assert_eq!(dup.kind, ErrorKind::Conflict);
    for _ in 0..2 {
        assert!(matches!(
            b.parent_login(&cf, "nope").unwrap(),
            LoginOutcome::WrongPassword { .. }
        ));
    }
    assert_eq!(
        b.parent_login(&cf, "nope").unwrap(),
        LoginOutcome::NowLocked
    );
    let card = b.family(&cf).unwrap();
    assert!(card.parent.locked);
    assert_eq!(card.parent.failed_attempts, 3);
    let creds = b.regenerate_credentials(&cf).unwrap();
    assert!(creds.temporary_password.len() <= 12);
    assert!(!b.family(&cf).unwrap().parent.locked);
    assert_eq!(
        b.parent_login(&cf, &creds.temporary_password).unwrap(),
        LoginOutcome::Ok
    );
}

#[test]
fn demo_is_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let dump = |name: &str| {
        let path = dir.path().join(name);
        let opts = DemoOptions {
            families: 10,
            days: Some(5),
            seed: 42,
            today: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        };
        demo::generate(&path, &ente(), &opts).unwrap();
        let c = rusqlite::Connection::open(&path).unwrap();
        let rows: Vec<String> = c
            .prepare("SELECT cf || surname || name || pan FROM children ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let ledger: i64 = c
            .query_row("SELECT sum(amount_cents) + count(*) FROM ledger", [], |r| {
                r.get(0)
            })
            .unwrap();
        (rows, ledger)
    };
    assert_eq!(dump("a.db"), dump("b.db"));
}

/// The demo's bulk load skips per-row foreign-key checks and builds the indexes at the end: what it
/// leaves must be a store like any other, its money adding up the way the desk shows it.
#[test]
fn demo_store_is_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let path = make_store(dir.path());
    let fresh = dir.path().join("fresh.db");
    drop(Store::open(&fresh).unwrap());
    let indexes = |p: &Path| -> Vec<String> {
        let c = rusqlite::Connection::open(p).unwrap();
        c.prepare("SELECT name || ' ' || sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let want = indexes(&fresh);
    assert!(want.iter().any(|i| i.starts_with("ledger_child ")));
    assert_eq!(indexes(&path), want, "every index of a new store is there");

    let c = rusqlite::Connection::open(&path).unwrap();
    let one = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    let integrity: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let dangling = c
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .count();
    assert_eq!(
        dangling, 0,
        "no row names a missing parent, child or notice"
    );
    let journal: String = c
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");

    assert!(one("SELECT count(*) FROM notices WHERE state = 'paid'") > 0);
    assert!(one("SELECT count(*) FROM notices WHERE state = 'pending'") > 0);
    assert_eq!(
        one(
            "SELECT count(*) FROM notices n WHERE amount_cents != (SELECT sum(amount_cents) FROM notice_allocations a WHERE a.notice_id = n.id)"
        ),
        0,
        "a notice's amount is the sum of its children's shares"
    );
    assert_eq!(
        one(
            "SELECT count(*) FROM notices n WHERE state = 'paid' AND (SELECT count(*) FROM receipts r WHERE r.notice_id = n.id AND r.amount_cents = n.amount_cents) != 1"
        ),
        0,
        "each paid notice has one receipt for its amount"
    );
    assert_eq!(
        one(
            "SELECT count(*) FROM notices n WHERE amount_cents != coalesce((SELECT sum(amount_cents) FROM ledger l WHERE l.kind = 'topup' AND l.ref = n.number), 0) AND state = 'paid'"
        ),
        0,
        "each paid notice credited its children, once"
    );
    assert_eq!(
        one(
            "SELECT count(*) FROM ledger l JOIN notices n ON n.number = l.ref WHERE n.state != 'paid'"
        ),
        0,
        "pending notices credit nothing"
    );
    assert_eq!(
        one("SELECT sum(charged_cents) FROM attendance"),
        -one("SELECT sum(amount_cents) FROM ledger WHERE kind = 'meal'"),
        "every meal charged on the calendar is a ledger line"
    );
    // The balance the desk shows is the ledger's sum.
    let b = backend(&path);
    let (child, parent) = some_child(&b);
    let card = b.family(&parent).unwrap();
    let shown = card
        .children
        .iter()
        .find(|k| k.cf == child)
        .unwrap()
        .services
        .iter()
        .find(|s| s.service == "refezione")
        .unwrap()
        .balance_cents;
    let id = one(&format!("SELECT id FROM children WHERE cf = '{child}'"));
    assert_eq!(
        shown,
        one(&format!(
            "SELECT coalesce(sum(amount_cents), 0) FROM ledger WHERE child_id = {id} AND service = 'refezione'"
        ))
    );
}

/// `[enrolment] debt_allowed`: a debt within what the comune tolerates does not stop an operator.
#[test]
fn tolerated_debt_does_not_block_enrolment() {
    let dir = tempfile::tempdir().unwrap();
    let path = make_store(dir.path());
    let store = Arc::new(Store::open(&path).unwrap());
    let (parent, child, debt): (String, String, i64) = store
        .conn()
        .query_row(
            // Each wallet on its own, as the rule counts: a family's debt is its negative balances.
            "WITH wallet AS (SELECT c.paying_parent_id AS pid, sum(l.amount_cents) AS b
                             FROM ledger l JOIN children c ON c.id = l.child_id GROUP BY c.id, l.service)
             SELECT p.cf, (SELECT cf FROM children WHERE paying_parent_id = p.id ORDER BY id LIMIT 1),
                    -sum(b)
             FROM wallet JOIN parents p ON p.id = wallet.pid WHERE b < 0 GROUP BY p.id ORDER BY p.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let policy = |allowed| sportello::store::policy::Policy {
        enrol_debt_allowed_cents: allowed,
        ..Default::default()
    };
    let b = LocalBackend::new(store.clone()).with_policy(policy(debt - 1));
    b.login(demo::OPERATOR.0, demo::OPERATOR.1).unwrap();
    let w = b
        .windows()
        .unwrap()
        .into_iter()
        .find(|w| w.is_open_at(b.now()))
        .unwrap();
    let class = common::fitting_class(&b, &child, &w);
    let app = b
        .save_application(&ApplicationDraft {
            id: None,
            window_id: w.id,
            parent_cf: parent.parse().unwrap(),
            step: 2,
            data: ApplicationData {
                child_cf: child,
                child_surname: "X".into(),
                child_name: "Y".into(),
                class_id: Some(class),
                privacy_accepted: true,
                conditions_accepted: true,
                ..Default::default()
            },
        })
        .unwrap();
    assert_eq!(
        b.submit_application(app.id, None).unwrap_err().kind,
        ErrorKind::Forbidden,
        "one cent over what is tolerated"
    );
    let b = LocalBackend::new(store).with_policy(policy(debt));
    b.login(demo::OPERATOR.0, demo::OPERATOR.1).unwrap();
    assert_eq!(
        b.submit_application(app.id, None).unwrap().state,
        ApplicationState::Submitted
    );
}

/// Names as people type them: accents, apostrophes, spaces and case do not matter; a first name alone
/// finds too (after the surnames that start with it).
#[test]
fn search_folds_accents_apostrophes_and_spaces() {
    let dir = tempfile::tempdir().unwrap();
    let b = backend(&make_store(dir.path()));
    let register = |surname: &str, name: &str, born: (i32, u32, u32)| {
        let cf = sportello::domain::codice_fiscale::compute(
            surname,
            name,
            sportello::domain::codice_fiscale::Sex::M,
            NaiveDate::from_ymd_opt(born.0, born.1, born.2).unwrap(),
            "H501",
        )
        .unwrap();
        b.register_parent(&NewParent {
            cf: cf.clone(),
            surname: surname.into(),
            name: name.into(),
            email: None,
            phone: None,
            address: None,
        })
        .unwrap();
        cf.to_string()
    };
    let nicolo = register("RINALDI", "NICOLÒ", (1980, 1, 2));
    let dangelo = register("D'ANGELO", "ZEFFIRINO", (1981, 3, 4));
    let deluca = register("DE LUCA", "QUIRINO", (1982, 5, 6));
    let found = |q: &str, cf: &str| {
        let hits = b.search(q, 200).unwrap();
        assert!(
            hits.iter().any(|h| h.key == cf),
            "{q:?} should find {cf}: {:?}",
            hits.iter().map(|h| &h.label).collect::<Vec<_>>()
        );
    };
    for q in [
        "rinaldi nicolò",
        "RINALDI NICOLO",
        "Rinaldi Nicolo",
        "rinaldi",
        "nicolò",
        "NICOLO",
    ] {
        found(q, &nicolo);
    }
    for q in [
        "dangelo",
        "d'angelo",
        "D’Angelo",
        "D ANGELO zeffirino",
        "zeffirino",
    ] {
        found(q, &dangelo);
    }
    for q in ["deluca", "de luca", "DE LUCA QUIRINO", "quirino"] {
        found(q, &deluca);
    }
    assert!(
        b.search("rinaldi zeffirino", 200)
            .unwrap()
            .iter()
            .all(|h| h.key != nicolo && h.key != dangelo)
    );
}

/// A telephone number is checked and kept in one compact form; `abc` is refused naming the field.
#[test]
fn phone_numbers_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let b = backend(&make_store(dir.path()));
    let cf = sportello::domain::codice_fiscale::compute(
        "Telefono",
        "Prova",
        sportello::domain::codice_fiscale::Sex::F,
        NaiveDate::from_ymd_opt(1984, 7, 8).unwrap(),
        "H501",
    )
    .unwrap();
    let parent = |phone: &str| NewParent {
        cf: cf.clone(),
        surname: "Telefono".into(),
        name: "Prova".into(),
        email: None,
        phone: Some(phone.into()),
        address: None,
    };
    let before = count(&b, "parents");
    let e = b.register_parent(&parent("abc")).unwrap_err();
    assert_eq!(
        (e.kind, e.field.as_deref()),
        (ErrorKind::Invalid, Some("phone"))
    );
    assert!(e.it.contains("telefono"), "{}", e.it);
    assert_eq!(count(&b, "parents"), before, "nothing written");
    b.register_parent(&parent("+39 333 123 4567")).unwrap();
    assert_eq!(
        b.family(&cf).unwrap().parent.phone.as_deref(),
        Some("3331234567")
    );
    let patch = |phone: &str| ParentPatch {
        email: None,
        phone: Some(phone.into()),
        address: None,
    };
    let e = b.update_parent(&cf, &patch("06 12a")).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("phone"));
    assert_eq!(
        b.family(&cf).unwrap().parent.phone.as_deref(),
        Some("3331234567")
    );
    b.update_parent(&cf, &patch("(06) 1234-5678")).unwrap();
    assert_eq!(
        b.family(&cf).unwrap().parent.phone.as_deref(),
        Some("0612345678")
    );
}
