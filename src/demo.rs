//! `sportello demo`: a fictional comune with synthetic families, for trying sportello and for
//! benchmarks. Same seed, same day, same data. People are synthetic; their codici fiscali are computed.
//!
//! The load writes straight into a fresh store in one transaction (going through the Backend would hash
//! a password and open a transaction per row, far too slow for 200,000 families) and leaves one audit row.

use std::collections::HashSet;
use std::path::Path;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use rand::prelude::*;
use rand_chacha::ChaCha8Rng;
use rusqlite::{Transaction, params};

use crate::backend::{BResult, BackendError, Ente};
use crate::domain::codice_fiscale::{self, Sex};
use crate::domain::enrolment::school_year_of;
use crate::domain::notice::NoticeNumber;
use crate::domain::tariff::{Band, Tariff};
use crate::store::{Store, audit, passwords, settings};

/// Demo credentials, shown in README and on the `--demo` login screen.
pub const SUPERVISOR: (&str, &str) = ("supervisore", "Supervisore1");
pub const OPERATOR: (&str, &str) = ("operatore", "Operatore1");
/// The lobby kiosk's account (`sportello kiosk --demo` logs in with it).
pub const KIOSK: (&str, &str) = ("chiosco", "Chiosco1");
/// Every demo parent's portal password (one hash shared by all: demo data only).
pub const PARENT_PASSWORD: &str = "Genitore1";

#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub families: u32,
    /// School days of attendance; `None`: the school year so far.
    pub days: Option<u32>,
    pub seed: u64,
    pub today: NaiveDate,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub families: u32,
    pub parents: u32,
    pub children: u32,
    pub school_days: u32,
    pub ledger_rows: u64,
    pub notices: u32,
}

impl DemoSummary {
    /// In the order `i18n::cli::demo_created` says them.
    pub fn counts(&self) -> [u64; 6] {
        [
            self.families.into(),
            self.parents.into(),
            self.children.into(),
            self.school_days.into(),
            self.ledger_rows,
            self.notices.into(),
        ]
    }
}

const SURNAMES: &[&str] = &[
    "ROSSI",
    "RUSSO",
    "FERRARI",
    "ESPOSITO",
    "BIANCHI",
    "ROMANO",
    "COLOMBO",
    "RICCI",
    "MARINO",
    "GRECO",
    "BRUNO",
    "GALLO",
    "CONTI",
    "DE LUCA",
    "MANCINI",
    "COSTA",
    "GIORDANO",
    "RIZZO",
    "LOMBARDI",
    "MORETTI",
    "BARBIERI",
    "FONTANA",
    "SANTORO",
    "MARIANI",
    "RINALDI",
    "CARUSO",
    "FERRARA",
    "GALLI",
    "MARTINI",
    "LEONE",
    "LONGO",
    "GENTILE",
    "MARTINELLI",
    "VITALE",
    "LOMBARDO",
    "SERRA",
    "COPPOLA",
    "DE SANTIS",
    "D'ANGELO",
    "MARCHETTI",
    "PARISI",
    "VILLA",
    "CONTE",
    "FERRO",
    "FABBRI",
    "BIANCO",
    "MARINI",
    "GRASSO",
    "VALENTINI",
    "MESSINA",
    "SALA",
    "DE ANGELIS",
    "GATTI",
    "PELLEGRINI",
    "PALUMBO",
    "SANNA",
    "FARINA",
    "RIZZI",
    "MONTI",
    "CATTANEO",
    "MORELLI",
    "AMATO",
    "SILVESTRI",
    "MAZZA",
    "TESTA",
    "GRASSI",
    "PELLEGRINO",
    "CARBONE",
    "GIULIANI",
    "BENEDETTI",
    "BARONE",
    "ROSSETTI",
    "CAPUTO",
    "MONTANARI",
    "GUERRA",
    "PALMIERI",
    "BERNARDI",
    "MARTINO",
    "FIORE",
    "DE ROSA",
    "FERRI",
    "LUCCHESI",
    "NICCOLAI",
    "SARTORI",
    "PIRAS",
    "ORLANDO",
    "DAMIANI",
    "NEGRI",
    "BELLINI",
    "BASILE",
    "RIVA",
    "DONATI",
    "PIAZZA",
    "CARLI",
    "CIRILLO",
    "BATTAGLIA",
    "FUMAGALLI",
    "LUPO",
    "ZANETTI",
    "NOBILE",
];
const MALE: &[&str] = &[
    "MARCO",
    "LUCA",
    "GIUSEPPE",
    "ANDREA",
    "FRANCESCO",
    "ALESSANDRO",
    "MATTEO",
    "LORENZO",
    "DAVIDE",
    "STEFANO",
    "ANTONIO",
    "PAOLO",
    "ROBERTO",
    "GIOVANNI",
    "SIMONE",
    "RICCARDO",
    "FEDERICO",
    "TOMMASO",
    "LEONARDO",
    "NICOLÒ",
    "EDOARDO",
    "GABRIELE",
    "PIETRO",
    "DIEGO",
    "SAMUELE",
    "EMANUELE",
    "FILIPPO",
    "GIACOMO",
    "MATTIA",
    "ELIA",
];
const FEMALE: &[&str] = &[
    "GIULIA",
    "FRANCESCA",
    "SARA",
    "CHIARA",
    "MARTINA",
    "ELENA",
    "ANNA",
    "VALENTINA",
    "LAURA",
    "SILVIA",
    "ALESSIA",
    "FEDERICA",
    "ROBERTA",
    "PAOLA",
    "MARIA",
    "SOFIA",
    "AURORA",
    "GINEVRA",
    "ALICE",
    "EMMA",
    "BEATRICE",
    "GRETA",
    "NOEMI",
    "VITTORIA",
    "LUDOVICA",
    "ARIANNA",
    "CAMILLA",
    "BIANCA",
    "IRENE",
    "ELISA",
];
/// Birthplaces: large Italian comuni and a few foreign countries (Belfiore codes).
const PLACES: &[&str] = &[
    "H501", "F205", "F839", "L219", "G273", "A944", "D612", "L736", "G224", "E506", "A662", "C351",
    "H294", "D969", "F158", "Z330", "Z129", "Z100", "Z210", "Z138",
];
const DIETS: &[&str] = &[
    "senza glutine",
    "senza lattosio",
    "vegetariana",
    "senza carne di maiale",
    "allergia frutta a guscio",
];
const STREETS: &[&str] = &[
    "Via Roma",
    "Via Garibaldi",
    "Via Mazzini",
    "Piazza della Repubblica",
    "Via Verdi",
    "Corso Italia",
];

/// Mixed into the seed for the PANs' own generator.
const PAN_SEED: u64 = 0x5041_4e5f_5345_4544;

struct Ctx<'a> {
    tx: &'a Transaction<'a>,
    rng: ChaCha8Rng,
    used_cf: HashSet<String>,
    parent_hash: String,
    today: NaiveDate,
    year: String,
    segregation: u8,
    canteen: Tariff,
    bus: Tariff,
}

/// Creates a demo comune in a new store at `path`. Refuses an existing file.
pub fn generate(path: &Path, ente: &Ente, opts: &DemoOptions) -> BResult<DemoSummary> {
    if path.exists() {
        return Err(BackendError::pair(
            crate::backend::ErrorKind::Conflict,
            crate::i18n::errors::file_exists(path),
        ));
    }
    // Load into a side file, then rename: a crash never leaves a half-made store at `path`.
    let loading = path.with_extension("loading");
    let _ = std::fs::remove_file(&loading);
    let result = load(&loading, ente, opts);
    match result {
        Ok(summary) => {
            std::fs::rename(&loading, path).map_err(|e| BackendError::internal(e.to_string()))?;
            Ok(summary)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&loading);
            Err(e)
        }
    }
}

fn load(path: &Path, ente: &Ente, opts: &DemoOptions) -> BResult<DemoSummary> {
    let store = Store::open(path).map_err(|e| BackendError::internal(e.to_string()))?;
    let parent_hash = passwords::hash(PARENT_PASSWORD)?;
    let sup_hash = passwords::hash(SUPERVISOR.1)?;
    let op_hash = passwords::hash(OPERATOR.1)?;
    let kiosk_hash = passwords::hash(KIOSK.1)?;
    let school_days = school_days(opts.today, opts.days);
    let mut conn = store.conn();
    // Bulk-load settings: no journal (the file is renamed into place only when complete), a large page
    // cache, no foreign-key lookups per row (rows are written parents first, notices before what names
    // them; tests run foreign_key_check on the result), and the secondary indexes built once at the end,
    // by sorting, instead of row by row.
    let indexes: Vec<(String, String)> = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    conn.execute_batch(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;
         PRAGMA foreign_keys = OFF;",
    )?;
    for (name, _) in &indexes {
        conn.execute_batch(&format!("DROP INDEX \"{name}\""))?;
    }
    let tx = conn.transaction()?;
    settings::set_ente(&tx, ente)?;
    tx.execute(
        "INSERT INTO operators (username, full_name, role, password_hash) VALUES (?1, 'Sara Supervisore', 'supervisor', ?2), (?3, 'Oreste Operatore', 'operator', ?4), (?5, 'Chiosco atrio', 'kiosk', ?6)",
        params![SUPERVISOR.0, sup_hash, OPERATOR.0, op_hash, KIOSK.0, kiosk_hash],
    )?;
    let mut ctx = Ctx {
        tx: &tx,
        rng: ChaCha8Rng::seed_from_u64(opts.seed),
        used_cf: HashSet::with_capacity(opts.families as usize * 4),
        parent_hash,
        today: opts.today,
        year: school_year_of(opts.today),
        segregation: ente.segregation_code,
        canteen: canteen_tariff(),
        bus: bus_tariff(),
    };
    reference_data(&ctx)?;
    let mut summary = DemoSummary {
        school_days: school_days.len() as u32,
        ..Default::default()
    };
    let mut loader = Loader::new(&tx, &school_days, opts.seed)?;
    for _ in 0..opts.families {
        family(&mut ctx, &mut loader, &school_days, &mut summary)?;
    }
    tx.execute(
        "INSERT INTO iuv_counters (issuer, next) VALUES (0, ?1) ON CONFLICT (issuer) DO UPDATE SET next = excluded.next",
        [loader.next_iuv],
    )?;
    summary.families = opts.families;
    summary.notices = (loader.next_iuv) as u32;
    audit(
        &tx,
        "demo",
        "demo.generate",
        "store",
        &format!("families={} seed={}", opts.families, opts.seed),
    )?;
    drop(loader);
    tx.commit()?;
    // Two sorter threads: index building is the one step of the load that can use the second core.
    conn.execute_batch("PRAGMA threads = 2")?;
    for (_, sql) in &indexes {
        conn.execute_batch(sql)?;
    }
    // Statistics from a sample of each index (analysis_limit): the plans are as good, the full scan
    // of millions of rows is spared.
    conn.execute_batch(
        "PRAGMA analysis_limit = 1000; ANALYZE; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON; PRAGMA threads = 0;",
    )?;
    Ok(summary)
}

/// The school days before `today` (weekdays that are not holidays), oldest first.
fn school_days(today: NaiveDate, days: Option<u32>) -> Vec<NaiveDate> {
    let start_of_year = {
        let y = if today.month() >= 9 {
            today.year()
        } else {
            today.year() - 1
        };
        NaiveDate::from_ymd_opt(y, 9, 15).expect("valid date")
    };
    let mut out = Vec::new();
    let mut d = today - Days::new(1);
    loop {
        let done = match days {
            Some(n) => out.len() >= n as usize,
            None => d < start_of_year,
        };
        if done || out.len() > 400 {
            break;
        }
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && holiday_name(d).is_none() {
            out.push(d);
        }
        d = d - Days::new(1);
    }
    out.reverse();
    out
}

/// National holidays and the Christmas break (no school service).
fn holiday_name(d: NaiveDate) -> Option<&'static str> {
    match (d.month(), d.day()) {
        (11, 1) => Some("Ognissanti"),
        (12, 8) => Some("Immacolata"),
        (12, 23..=31) | (1, 1..=6) => Some("Vacanze di Natale"),
        (4, 25) => Some("Festa della Liberazione"),
        (5, 1) => Some("Festa del lavoro"),
        (6, 2) => Some("Festa della Repubblica"),
        (7..=8, _) => Some("Vacanze estive"),
        _ => None,
    }
}

fn reference_data(ctx: &Ctx) -> BResult<()> {
    let tx = ctx.tx;
    tx.execute("INSERT INTO services (code, name, prepaid, sibling_discount_pct) VALUES ('refezione', 'Refezione scolastica', 1, 20), ('trasporto', 'Trasporto scolastico', 1, 30)", [])?;
    let (canteen, bus) = (canteen_tariff(), bus_tariff());
    for (service, t) in [("refezione", &canteen), ("trasporto", &bus)] {
        for b in &t.bands {
            tx.execute("INSERT INTO tariff_bands (service, isee_max_cents, price_cents) VALUES (?1, ?2, ?3)", params![service, b.isee_max_cents, b.price_cents])?;
        }
    }
    let schools = [
        (
            "Scuola dell'infanzia Il Girasole",
            &["1", "2", "3"][..],
            &["A", "B"][..],
        ),
        (
            "Scuola primaria Gianni Rodari",
            &["1", "2", "3", "4", "5"][..],
            &["A", "B", "C"][..],
        ),
        (
            "Scuola primaria Don Milani",
            &["1", "2", "3", "4", "5"][..],
            &["A", "B"][..],
        ),
        (
            "Scuola secondaria Alessandro Manzoni",
            &["1", "2", "3"][..],
            &["A", "B", "C"][..],
        ),
    ];
    for (name, levels, sections) in schools {
        tx.execute(
            "INSERT INTO schools (name, address) VALUES (?1, 'Borgo Fittizio')",
            [name],
        )?;
        let sid = tx.last_insert_rowid();
        for l in levels {
            for s in sections {
                tx.execute(
                    "INSERT INTO classes (school_id, level, section) VALUES (?1, ?2, ?3)",
                    params![sid, l, s],
                )?;
            }
        }
    }
    let start = ctx.today.year() - if ctx.today.month() >= 9 { 0 } else { 1 };
    let at = |y: i32, m: u32, d: u32| {
        NaiveDate::from_ymd_opt(y, m, d)
            .expect("valid")
            .and_time(NaiveTime::MIN)
    };
    tx.execute(
        "INSERT INTO windows (service, school_year, description, opens_at, closes_at) VALUES
         ('refezione', ?1, 'Iscrizioni refezione scolastica (anche in corso d''anno)', ?2, ?3),
         ('trasporto', ?1, 'Iscrizioni trasporto scolastico', ?4, ?5)",
        params![
            ctx.year,
            at(start, 5, 1),
            // Open all through the school year (enrolling in the canteen "anche in corso d'anno").
            NaiveDate::from_ymd_opt(start + 1, 8, 31)
                .expect("valid")
                .and_hms_opt(23, 59, 59),
            at(start, 5, 1),
            at(start, 7, 31)
        ],
    )?;
    let mut d = NaiveDate::from_ymd_opt(start, 9, 1).expect("valid");
    let end = NaiveDate::from_ymd_opt(start + 1, 6, 30).expect("valid");
    while d <= end {
        if let Some(name) = holiday_name(d) {
            tx.execute(
                "INSERT INTO holidays (day, description) VALUES (?1, ?2)",
                params![d, name],
            )?;
        }
        d = d + Days::new(1);
    }
    Ok(())
}

/// Prepared statements for the bulk load.
struct Loader<'a> {
    parent: rusqlite::CachedStatement<'a>,
    child: rusqlite::CachedStatement<'a>,
    enrol: rusqlite::CachedStatement<'a>,
    /// Rows written in multi-row inserts when the family is done.
    notices: Batch,
    allocations: Batch,
    receipts: Batch,
    ledger: Batch,
    /// Notice ids are given here (a fresh file), so allocations and receipts can name them before the
    /// notices are written.
    next_notice_id: i64,
    next_iuv: i64,
    /// PANs come from a generator of their own (seeded from the demo's seed), so the rest of a seed's
    /// data is the same as before PANs were random.
    pan_rng: ChaCha8Rng,
    used_pans: HashSet<String>,
    /// Each school day's timestamps as stored, formatted once rather than per row.
    day_text: Vec<DayText>,
    /// A family's attendance days (child, day, status, charged), written in multi-row inserts.
    days: Vec<(i64, usize, &'static str, i64)>,
}

/// Rows per multi-row insert: one statement start-up for many rows.
const BATCH: usize = 64;

fn multi_row_sql(head: &str, row: &str, n: usize) -> String {
    let mut sql = String::with_capacity(head.len() + n * (row.len() + 1));
    sql.push_str(head);
    for i in 0..n {
        if i > 0 {
            sql.push(',');
        }
        sql.push_str(row);
    }
    sql
}

type Owned = Box<dyn rusqlite::ToSql>;

/// Rows of one table waiting for multi-row inserts.
struct Batch {
    head: &'static str,
    row: &'static str,
    width: usize,
    values: Vec<Owned>,
}

impl Batch {
    fn new(head: &'static str, row: &'static str) -> Batch {
        Batch {
            head,
            row,
            width: row.matches('?').count(),
            values: Vec::new(),
        }
    }

    fn push<const N: usize>(&mut self, row: [Owned; N]) {
        debug_assert_eq!(N, self.width);
        self.values.extend(row);
    }

    fn flush(&mut self, tx: &Transaction) -> BResult<()> {
        for chunk in self.values.chunks(self.width * BATCH) {
            let sql = multi_row_sql(self.head, self.row, chunk.len() / self.width);
            tx.prepare_cached(&sql)?
                .execute(rusqlite::params_from_iter(chunk.iter()))?;
        }
        self.values.clear();
        Ok(())
    }
}

impl Loader<'_> {
    /// Writes the family's rows: notices before what names them, then money and attendance.
    fn flush(&mut self, tx: &Transaction) -> BResult<()> {
        self.notices.flush(tx)?;
        self.allocations.flush(tx)?;
        self.receipts.flush(tx)?;
        self.ledger.flush(tx)?;
        self.flush_days(tx)
    }

    /// Writes the buffered attendance days and the meals they charged.
    fn flush_days(&mut self, tx: &Transaction) -> BResult<()> {
        for chunk in self.days.chunks(BATCH) {
            let sql = multi_row_sql(
                "INSERT INTO attendance (child_id, service, day, status, charged_cents, recorded_by, recorded_at) VALUES ",
                "(?, 'refezione', ?, ?, ?, 'tablet-mensa', ?)",
                chunk.len(),
            );
            let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(chunk.len() * 5);
            for (child, d, status, charged) in chunk {
                let text = &self.day_text[*d];
                values.extend([
                    child as &dyn rusqlite::ToSql,
                    &text.day,
                    status,
                    charged,
                    &text.recorded,
                ]);
            }
            tx.prepare_cached(&sql)?.execute(values.as_slice())?;
        }
        let meals: Vec<(i64, usize, i64)> = self
            .days
            .iter()
            .filter(|r| r.3 > 0)
            .map(|&(child, d, _, charged)| (child, d, -charged))
            .collect();
        for chunk in meals.chunks(BATCH) {
            let sql = multi_row_sql(
                "INSERT INTO ledger (child_id, service, at, kind, amount_cents, description, ref) VALUES ",
                "(?, 'refezione', ?, 'meal', ?, 'Pasto consumato', ?)",
                chunk.len(),
            );
            let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(chunk.len() * 4);
            for (child, d, amount) in chunk {
                let text = &self.day_text[*d];
                values.extend([child as &dyn rusqlite::ToSql, &text.meal, amount, &text.day]);
            }
            tx.prepare_cached(&sql)?.execute(values.as_slice())?;
        }
        self.days.clear();
        Ok(())
    }
}

struct DayText {
    day: String,
    recorded: String,
    meal: String,
}

impl DayText {
    fn new(day: NaiveDate) -> Self {
        DayText {
            day: day.format("%Y-%m-%d").to_string(),
            recorded: format!("{} 09:30:00", day.format("%Y-%m-%d")),
            meal: format!("{} 13:00:00", day.format("%Y-%m-%d")),
        }
    }
}

impl<'a> Loader<'a> {
    fn new(tx: &'a Transaction, days: &[NaiveDate], seed: u64) -> BResult<Self> {
        Ok(Loader {
            parent: tx.prepare_cached("INSERT INTO parents (cf, surname, name, email, phone, address, username, password_hash, meal_cancel_code, failed_attempts, locked, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?1, ?7, ?8, ?9, ?10, ?11)")?,
            child: tx.prepare_cached("INSERT INTO children (cf, surname, name, birth_date, pan, class_id, diet, isee_cents, paying_parent_id, second_parent_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")?,
            enrol: tx.prepare_cached("INSERT INTO enrolments (child_id, service, school_year, price_cents) VALUES (?1, ?2, ?3, ?4)")?,
            notices: Batch::new(
                "INSERT INTO notices (id, number, iuv, amount_cents, subject, payer_id, due_date, state, created_at, created_by) VALUES ",
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, 'portale')",
            ),
            allocations: Batch::new(
                "INSERT INTO notice_allocations (notice_id, child_id, service, amount_cents) VALUES ",
                "(?, ?, ?, ?)",
            ),
            receipts: Batch::new(
                "INSERT INTO receipts (receipt_id, notice_id, amount_cents, paid_at, channel, psp, recorded_at, recorded_by) VALUES ",
                "(?, ?, ?, ?, 'pagopa', ?, ?, 'pagopa')",
            ),
            ledger: Batch::new(
                "INSERT INTO ledger (child_id, service, at, kind, amount_cents, description, ref) VALUES ",
                "(?, ?, ?, ?, ?, ?, ?)",
            ),
            next_notice_id: tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM notices", [], |r| r.get(0))?,
            next_iuv: 0,
            pan_rng: ChaCha8Rng::seed_from_u64(seed ^ PAN_SEED),
            used_pans: HashSet::new(),
            day_text: days.iter().copied().map(DayText::new).collect(),
            days: Vec::new(),
        })
    }
}

struct Person {
    cf: String,
    surname: String,
    name: String,
    birth: NaiveDate,
}

fn person(ctx: &mut Ctx, surname: &str, sex: Sex, born_between: (i32, i32)) -> BResult<Person> {
    loop {
        let names = if sex == Sex::M { MALE } else { FEMALE };
        let name = names[ctx.rng.random_range(0..names.len())];
        let year = ctx.rng.random_range(born_between.0..=born_between.1);
        let birth = NaiveDate::from_ymd_opt(
            year,
            ctx.rng.random_range(1..=12),
            ctx.rng.random_range(1..=28),
        )
        .expect("valid");
        let place = PLACES[ctx.rng.random_range(0..PLACES.len())];
        let cf = codice_fiscale::compute(surname, name, sex, birth, place)
            .map_err(|e| BackendError::internal(format!("demo codice fiscale: {e:?}")))?
            .as_str()
            .to_string();
        // Two synthetic people with the same code: draw again (real codes would get an omocode).
        if ctx.used_cf.insert(cf.clone()) {
            return Ok(Person {
                cf,
                surname: surname.to_string(),
                name: name.to_string(),
                birth,
            });
        }
    }
}

fn family(
    ctx: &mut Ctx,
    l: &mut Loader,
    days: &[NaiveDate],
    summary: &mut DemoSummary,
) -> BResult<()> {
    let this_year = ctx.today.year();
    let surname = SURNAMES[ctx.rng.random_range(0..SURNAMES.len())];
    let sex = if ctx.rng.random_bool(0.7) {
        Sex::F
    } else {
        Sex::M
    };
    let p = person(ctx, surname, sex, (this_year - 50, this_year - 26))?;
    let locked = ctx.rng.random_bool(0.03);
    let email = ctx.rng.random_bool(0.9).then(|| {
        format!(
            "{}.{}{}@esempio.it",
            p.name.to_lowercase(),
            p.surname.to_lowercase().replace([' ', '\''], ""),
            ctx.rng.random_range(1..99)
        )
        .replace('ò', "o")
    });
    let phone = format!(
        "3{:02} {:07}",
        ctx.rng.random_range(20..99),
        ctx.rng.random_range(0..10_000_000)
    );
    let address = format!(
        "{} {}, Borgo Fittizio",
        STREETS[ctx.rng.random_range(0..STREETS.len())],
        ctx.rng.random_range(1..120)
    );
    let created = days
        .first()
        .copied()
        .unwrap_or(ctx.today)
        .and_hms_opt(9, 0, 0)
        .expect("valid");
    l.parent.execute(params![
        p.cf,
        p.surname,
        p.name,
        email,
        phone,
        address,
        ctx.parent_hash,
        format!("{:06}", ctx.rng.random_range(0..1_000_000)),
        if locked { 3 } else { 0 },
        locked,
        created
    ])?;
    let payer_id = ctx.tx.last_insert_rowid();
    summary.parents += 1;
    let second_id = if ctx.rng.random_bool(0.4) {
        let other_surname = SURNAMES[ctx.rng.random_range(0..SURNAMES.len())];
        let other_sex = if sex == Sex::F { Sex::M } else { Sex::F };
        let q = person(
            ctx,
            other_surname,
            other_sex,
            (this_year - 55, this_year - 26),
        )?;
        l.parent.execute(params![
            q.cf,
            q.surname,
            q.name,
            Option::<String>::None,
            Option::<String>::None,
            address,
            ctx.parent_hash,
            format!("{:06}", ctx.rng.random_range(0..1_000_000)),
            0,
            false,
            created
        ])?;
        summary.parents += 1;
        Some(ctx.tx.last_insert_rowid())
    } else {
        None
    };
    let isee = ctx
        .rng
        .random_bool(0.8)
        .then(|| ctx.rng.random_range(50_000..4_000_000i64));
    let n_children = *[1, 1, 1, 2, 2, 3].choose(&mut ctx.rng).expect("non-empty");
    let mut kids = Vec::new();
    for rank in 1..=n_children {
        let sex = if ctx.rng.random_bool(0.5) {
            Sex::F
        } else {
            Sex::M
        };
        let c = person(ctx, surname, sex, (this_year - 13, this_year - 4))?;
        let age = this_year - c.birth.year();
        let class_id = class_for_age(age, &mut ctx.rng);
        let diet = ctx
            .rng
            .random_bool(0.06)
            .then(|| DIETS[ctx.rng.random_range(0..DIETS.len())]);
        let pan = loop {
            let pan = crate::domain::kiosk::new_pan(&mut l.pan_rng);
            if l.used_pans.insert(pan.clone()) {
                break pan;
            }
        };
        l.child.execute(params![
            c.cf, c.surname, c.name, c.birth, pan, class_id, diet, isee, payer_id, second_id
        ])?;
        let child_id = ctx.tx.last_insert_rowid();
        summary.children += 1;
        let meal = ctx.canteen.price_cents(isee, rank).unwrap_or(0);
        l.enrol
            .execute(params![child_id, "refezione", ctx.year, meal])?;
        let bus = ctx
            .rng
            .random_bool(0.25)
            .then(|| ctx.bus.price_cents(isee, rank).unwrap_or(0));
        if let Some(fee) = bus {
            l.enrol
                .execute(params![child_id, "trasporto", ctx.year, fee])?;
        }
        kids.push((child_id, meal, bus));
    }
    // Money: an opening carry-over for some, meals and bus fees charged, top-ups paid by notice.
    let thrifty = ctx.rng.random_bool(0.12); // families who let the balance go negative
    let mut balance: Vec<i64> = vec![0; kids.len()];
    let first = days.first().copied().unwrap_or(ctx.today);
    for (i, (child_id, _, _)) in kids.iter().enumerate() {
        if ctx.rng.random_bool(0.15) {
            let amount = ctx.rng.random_range(-3000..3000i64) / 10 * 10;
            if amount != 0 {
                l.ledger.push([
                    Box::new(*child_id),
                    Box::new("refezione"),
                    Box::new(first.and_hms_opt(8, 0, 0)),
                    Box::new("carryover"),
                    Box::new(amount),
                    Box::new("Saldo riportato dal sistema precedente"),
                    Box::new(Option::<String>::None),
                ]);
                summary.ledger_rows += 1;
                balance[i] += amount;
            }
        }
    }
    for (day_index, day) in days.iter().enumerate() {
        // Top up when the canteen balance runs low (one notice for all children: one fee).
        let low: Vec<usize> = (0..kids.len())
            .filter(|&i| balance[i] < 1000 && kids[i].1 > 0)
            .collect();
        let skips = thrifty && ctx.rng.random_bool(0.8);
        if !low.is_empty() && !skips && ctx.rng.random_bool(0.5) {
            let amounts: Vec<i64> = low
                .iter()
                .map(|_| {
                    *[2000i64, 3000, 5000]
                        .choose(&mut ctx.rng)
                        .expect("non-empty")
                })
                .collect();
            let at = day
                .and_hms_opt(ctx.rng.random_range(7..20), ctx.rng.random_range(0..60), 0)
                .expect("valid");
            let allocs: Vec<(i64, &str, i64)> = low
                .iter()
                .zip(&amounts)
                .map(|(&i, &a)| (kids[i].0, "refezione", a))
                .collect();
            paid_notice(ctx, l, payer_id, at, &allocs, summary)?;
            for (&i, a) in low.iter().zip(&amounts) {
                balance[i] += a;
            }
        }
        for (i, (child_id, meal, bus)) in kids.iter().enumerate() {
            let roll: f64 = ctx.rng.random();
            let status = if roll < 0.87 {
                "present"
            } else if roll < 0.97 {
                "absent"
            } else {
                "cancelled"
            };
            let charged = if status == "present" { *meal } else { 0 };
            l.days.push((*child_id, day_index, status, charged));
            if charged > 0 {
                summary.ledger_rows += 1;
                balance[i] -= charged;
            }
            // The bus fee is charged on the first school day of each month.
            if let Some(fee) = bus
                && (day_index == 0 || days[day_index - 1].month() != day.month())
            {
                l.ledger.push([
                    Box::new(*child_id),
                    Box::new("trasporto"),
                    Box::new(day.and_hms_opt(8, 0, 0)),
                    Box::new("charge"),
                    Box::new(-fee),
                    Box::new(format!("Quota trasporto {}", day.format("%m/%Y"))),
                    Box::new(Option::<String>::None),
                ]);
                summary.ledger_rows += 1;
            }
        }
    }
    // Bus fees paid in one go for most; some families have a notice still to pay.
    let bus_kids: Vec<(i64, &str, i64)> = kids
        .iter()
        .filter_map(|(id, _, bus)| bus.map(|fee| (*id, "trasporto", fee * 3)))
        .collect();
    if !bus_kids.is_empty() && ctx.rng.random_bool(0.7) {
        let at = first.and_hms_opt(10, 0, 0).expect("valid");
        paid_notice(ctx, l, payer_id, at, &bus_kids, summary)?;
    }
    if ctx.rng.random_bool(0.1) {
        let at = ctx
            .today
            .pred_opt()
            .unwrap_or(ctx.today)
            .and_hms_opt(11, 0, 0)
            .expect("valid");
        let allocs: Vec<(i64, &str, i64)> = kids
            .iter()
            .map(|(id, _, _)| (*id, "refezione", 2000))
            .collect();
        insert_notice(ctx, l, payer_id, at, &allocs, "pending")?;
    }
    l.flush(ctx.tx)?;
    Ok(())
}

fn insert_notice(
    ctx: &mut Ctx,
    l: &mut Loader,
    payer_id: i64,
    at: NaiveDateTime,
    allocs: &[(i64, &str, i64)],
    state: &str,
) -> BResult<(i64, NoticeNumber, i64)> {
    l.next_iuv += 1;
    let number = NoticeNumber::aux3(ctx.segregation, l.next_iuv as u64)
        .map_err(|e| BackendError::internal(format!("{e:?}")))?;
    let total: i64 = allocs.iter().map(|a| a.2).sum();
    let subject = if allocs[0].1 == "trasporto" {
        "Ricarica Trasporto scolastico"
    } else {
        "Ricarica Refezione scolastica"
    };
    let due = at.date() + Days::new(30);
    let notice_id = l.next_notice_id;
    l.next_notice_id += 1;
    l.notices.push([
        Box::new(notice_id),
        Box::new(number.as_str().to_string()),
        Box::new(number.iuv().to_string()),
        Box::new(total),
        Box::new(subject),
        Box::new(payer_id),
        Box::new(due),
        Box::new(state.to_string()),
        Box::new(at),
    ]);
    for (child_id, service, amount) in allocs {
        l.allocations.push([
            Box::new(notice_id),
            Box::new(*child_id),
            Box::new(service.to_string()),
            Box::new(*amount),
        ]);
    }
    Ok((notice_id, number, total))
}

fn paid_notice(
    ctx: &mut Ctx,
    l: &mut Loader,
    payer_id: i64,
    at: NaiveDateTime,
    allocs: &[(i64, &str, i64)],
    summary: &mut DemoSummary,
) -> BResult<()> {
    let (notice_id, number, total) = insert_notice(ctx, l, payer_id, at, allocs, "paid")?;
    let psp = [
        "Poste Italiane",
        "Intesa Sanpaolo",
        "UniCredit",
        "Banca Sella",
        "SisalPay",
        "PayPal",
    ][ctx.rng.random_range(0..6)];
    l.receipts.push([
        Box::new(format!("RCP{}", number.iuv())),
        Box::new(notice_id),
        Box::new(total),
        Box::new(at),
        Box::new(psp),
        Box::new(at),
    ]);
    for (child_id, service, amount) in allocs {
        l.ledger.push([
            Box::new(*child_id),
            Box::new(service.to_string()),
            Box::new(at),
            Box::new("topup"),
            Box::new(*amount),
            Box::new(format!("Ricarica pagoPA, avviso {}", number.grouped())),
            Box::new(number.as_str().to_string()),
        ]);
        summary.ledger_rows += 1;
    }
    Ok(())
}

/// Infanzia for 3-5, primaria for 6-10, secondaria for 11-13 (class ids follow `reference_data`).
fn class_for_age(age: i32, rng: &mut ChaCha8Rng) -> i64 {
    // Class ids: infanzia 1-6 (3 levels x A,B), Rodari 7-21 (5 x A,B,C), Don Milani 22-31 (5 x A,B),
    // Manzoni 32-40 (3 x A,B,C).
    match age {
        ..=5 => 1 + ((age.clamp(3, 5) - 3) * 2) as i64 + rng.random_range(0..2),
        6..=10 => {
            let level = (age - 6) as i64;
            if rng.random_bool(0.6) {
                7 + level * 3 + rng.random_range(0..3)
            } else {
                22 + level * 2 + rng.random_range(0..2)
            }
        }
        _ => 32 + ((age.min(13) - 11) * 3) as i64 + rng.random_range(0..3),
    }
}

fn canteen_tariff() -> Tariff {
    Tariff {
        bands: vec![
            Band {
                isee_max_cents: Some(100_000),
                price_cents: 0,
            },
            Band {
                isee_max_cents: Some(800_000),
                price_cents: 150,
            },
            Band {
                isee_max_cents: Some(1_500_000),
                price_cents: 280,
            },
            Band {
                isee_max_cents: Some(2_500_000),
                price_cents: 390,
            },
            Band {
                isee_max_cents: None,
                price_cents: 550,
            },
        ],
        sibling_discount_pct: 20,
    }
}

fn bus_tariff() -> Tariff {
    Tariff {
        bands: vec![
            Band {
                isee_max_cents: Some(800_000),
                price_cents: 1500,
            },
            Band {
                isee_max_cents: Some(2_000_000),
                price_cents: 2500,
            },
            Band {
                isee_max_cents: None,
                price_cents: 3500,
            },
        ],
        sibling_discount_pct: 30,
    }
}
