//! `sportello demo`: a fictional comune with synthetic families, for trying sportello and for
//! benchmarks. Same seed, same day, same data. People are synthetic; their codici fiscali are computed.
//!
//! The load writes straight into a fresh store in one transaction (going through the Backend would hash
//! a password and open a transaction per row, far too slow for 200,000 families) and leaves one audit row.

mod applications;
mod family;
mod loader;
mod names;
mod notices;
mod reference;

use std::collections::HashSet;
use std::path::Path;

use chrono::NaiveDate;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rusqlite::{Transaction, params};

use loader::Loader;
use reference::{bus_tariff, canteen_tariff, reference_data, school_days};

use crate::backend::{BResult, BackendError, Ente};
use crate::clock::Clock;
use crate::domain::enrolment::school_year_of;
use crate::domain::tariff::Tariff;
use crate::store::{Store, passwords, settings};

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
    let result = load(&loading, ente, opts).and_then(|summary| {
        // The store's last connection to close may be a read-only one, which leaves the log beside
        // the side file: fold it in, so the renamed file holds everything and nothing is left behind.
        rusqlite::Connection::open(&loading)?.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        Ok(summary)
    });
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
    let store = Store::open_with_clock(path, Clock::on_date(opts.today))
        .map_err(|e| BackendError::internal(e.to_string()))?;
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
        family::family(&mut ctx, &mut loader, &school_days, &mut summary)?;
    }
    tx.execute(
        "INSERT INTO iuv_counters (issuer, next) VALUES (0, ?1) ON CONFLICT (issuer) DO UPDATE SET next = excluded.next",
        [loader.next_iuv],
    )?;
    summary.families = opts.families;
    summary.notices = (loader.next_iuv) as u32;
    store.audit(
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

/// Adds a few sent applications waiting for the office's review to a demo store (the desk's `--demo`,
/// so a first look finds the review queue at work); their number.
pub fn sample_applications(path: &Path, today: NaiveDate) -> BResult<u32> {
    let store = Store::open_with_clock(path, Clock::on_date(today))
        .map_err(|e| BackendError::internal(e.to_string()))?;
    let made = applications::sample_applications(store, 4)?;
    // The store's last connection to close may be a read-only one, which leaves the log beside the
    // file: fold it in.
    rusqlite::Connection::open(path)?.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    Ok(made)
}
