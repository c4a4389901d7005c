//! The offline local store: one SQLite file (WAL), versioned migrations, every change in one
//! transaction together with its audit row. `LocalBackend` implements `Backend` over it.

mod access;
mod attendance;
mod backend_impl;
mod decision;
mod enrolment;
mod family;
mod fdr;
mod history;
pub mod idempotency;
mod kiosk;
mod lookup;
pub mod notices;
mod operators;
mod parents;
pub mod passwords;
pub mod policy;
mod review;
pub mod schema;
pub mod settings;
mod sql_types;
pub mod station;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, Transaction, TransactionBehavior, params};

use crate::backend::{BResult, BackendError, Operator, Role};
use crate::clock::Clock;
use crate::i18n::errors;
use access::Access;

/// An open store file.
pub struct Store {
    path: PathBuf,
    /// Read-only when the user may not write the file: reads work, every change is refused.
    access: Access,
    conn: Mutex<Connection>,
    /// Read-only connections, opened on first read: WAL lets them read while the writer writes, so
    /// several desks reading family cards do not queue behind one connection.
    readers: std::sync::OnceLock<Vec<Mutex<Connection>>>,
    next_reader: std::sync::atomic::AtomicUsize,
    /// The office clock every rule of this store reads (lockouts, due dates, cut-offs, windows...).
    clock: Clock,
}

const READERS: usize = 4;
const STATEMENT_CACHE: usize = 128;

/// Why a file cannot be used as a store. Always leaves the file as it was.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{0}: not a sportello database (refused, the file was not modified)")]
    Foreign(PathBuf),
    #[error(
        "{path}: written by a newer sportello (schema {found}, this one knows up to {known}); update sportello (the file was not modified)"
    )]
    Newer {
        path: PathBuf,
        found: i32,
        known: i32,
    },
    #[error(
        "{path}: the store needs updating to this sportello's schema, which needs write access to the file (the file was not modified)"
    )]
    ReadOnlyOutdated { path: PathBuf },
    #[error("{path}: cannot open the store: {source}")]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
}

impl OpenError {
    /// The message in the user's language (the `Display` form is English, for logs).
    pub fn localized(&self, lang: crate::i18n::Lang) -> String {
        let (it, en) = match self {
            OpenError::Foreign(path) => errors::not_a_store(path),
            OpenError::Newer { path, found, known } => errors::newer_store(path, *found, *known),
            OpenError::ReadOnlyOutdated { path } => crate::i18n::files::read_only_outdated(path),
            OpenError::Sqlite { path, source } => errors::cannot_open_store(path, source),
        };
        lang.pick(&it, &en).to_string()
    }
}

impl Store {
    /// Opens (creating if missing) a store file, refusing foreign or newer files untouched. A file the
    /// user may only read is opened read-only: it can be searched and shown, every change is refused.
    pub fn open(path: &Path) -> Result<Store, OpenError> {
        Store::open_with_clock(path, Clock::system())
    }

    /// As `open`, on `clock` (a fixed day for training and tests) rather than the computer's.
    pub fn open_with_clock(path: &Path, clock: Clock) -> Result<Store, OpenError> {
        // SQLite's allocation statistics take a process-wide mutex on every malloc: several reader
        // connections on several threads then queue on it. Nothing here reads those statistics.
        static NO_MEMSTATUS: std::sync::Once = std::sync::Once::new();
        NO_MEMSTATUS.call_once(|| unsafe {
            rusqlite::ffi::sqlite3_config(
                rusqlite::ffi::SQLITE_CONFIG_MEMSTATUS,
                0 as std::ffi::c_int,
            );
        });
        let sqlite = |source| OpenError::Sqlite {
            path: path.to_path_buf(),
            source,
        };
        // Only a missing file becomes a new store: an existing one, even empty (a 0-byte file, an empty
        // SQLite database), is someone else's and is refused untouched.
        let existed = path.exists();
        let access = if existed {
            Access::for_file(path)
        } else {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                let _ = std::fs::create_dir_all(dir);
            }
            Access::Write
        };
        let conn = access.connect(path, false).map_err(sqlite)?;
        // Read-only checks first: nothing is written to a file we do not recognise.
        let header = conn.query_row("PRAGMA application_id", [], |r| r.get::<_, i32>(0));
        let app_id = match header {
            Ok(id) => id,
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::NotADatabase =>
            {
                return Err(OpenError::Foreign(path.to_path_buf()));
            }
            Err(e) => return Err(sqlite(e)),
        };
        let version: i32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(sqlite)?;
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(sqlite)?;
        if app_id != schema::APPLICATION_ID && (existed || app_id != 0 || tables > 0) {
            return Err(OpenError::Foreign(path.to_path_buf()));
        }
        if version > schema::LATEST {
            return Err(OpenError::Newer {
                path: path.to_path_buf(),
                found: version,
                known: schema::LATEST,
            });
        }
        if access.read_only() && version < schema::LATEST {
            return Err(OpenError::ReadOnlyOutdated {
                path: path.to_path_buf(),
            });
        }
        if tables == 0 {
            // A new file: larger pages suit rows read by child and by day (set before the first table).
            conn.pragma_update(None, "page_size", 16384)
                .map_err(sqlite)?;
        }
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(sqlite)?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        stable_plans(&conn).map_err(sqlite)?;
        if !access.read_only() {
            conn.pragma_update(None, "journal_mode", "WAL")
                .map_err(sqlite)?;
            conn.pragma_update(None, "synchronous", "NORMAL")
                .map_err(sqlite)?;
        }
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(sqlite)?;
        let mut store = Store {
            path: path.to_path_buf(),
            access,
            conn: Mutex::new(conn),
            readers: std::sync::OnceLock::new(),
            next_reader: Default::default(),
            clock,
        };
        store.migrate(version).map_err(sqlite)?;
        Ok(store)
    }

    fn migrate(&mut self, from: i32) -> rusqlite::Result<()> {
        let conn = self.conn.get_mut().unwrap_or_else(|e| e.into_inner());
        for (i, sql) in schema::MIGRATIONS.iter().enumerate().skip(from as usize) {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute_batch(&schema::expand(sql))?;
            tx.pragma_update(None, "application_id", schema::APPLICATION_ID)?;
            tx.pragma_update(None, "user_version", (i + 1) as i32)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// This store's office clock, to the second.
    pub fn now(&self) -> NaiveDateTime {
        self.clock.now()
    }

    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    /// A handle on this store's clock: it follows `set_clock` and `advance_clock`.
    pub fn clock(&self) -> Clock {
        self.clock.clone()
    }

    /// Moves this store's clock forward, so tests see a wait end without waiting for it.
    pub fn advance_clock(&self, by: std::time::Duration) {
        self.clock.advance(by);
    }

    /// Puts this store on `clock`'s time from now on (a test's fixed day).
    pub fn set_clock(&self, clock: &Clock) {
        self.clock.set(clock);
    }

    /// Writes the audit row of a change, at this store's time; call it inside the change's transaction.
    /// `subject` names the record by internal id or notice number, never by codice fiscale or name.
    pub fn audit(
        &self,
        tx: &Transaction,
        actor: &str,
        action: &str,
        subject: &str,
        detail: &str,
    ) -> BResult<()> {
        audit_at(tx, self.now(), actor, action, subject, detail)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether every change is refused because the user may only read the file.
    pub fn read_only(&self) -> bool {
        self.access.read_only()
    }

    /// The connection, for reads and for the demo generator's bulk load.
    pub fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` in one IMMEDIATE transaction (the write lock is taken up front, so two processes on the
    /// same file serialise instead of failing half-way). Commits only if `f` succeeds, together with the
    /// idempotency key of the API request being served, if any, and its answer: what `f` returns
    /// (`idempotency`). So a backend method answers with the value its write returns.
    pub fn write<T: serde::Serialize>(
        &self,
        f: impl FnOnce(&Transaction) -> BResult<T>,
    ) -> BResult<T> {
        if self.read_only() {
            return Err(BackendError::pair(
                crate::backend::ErrorKind::Conflict,
                crate::i18n::files::store_read_only(&self.path),
            ));
        }
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        idempotency::record_in_change(&tx, &out, self.now())?;
        let committed = tx.commit();
        idempotency::change_ended(committed.is_ok());
        committed?;
        Ok(out)
    }

    /// A free read-only connection (round robin; waits on one only when all are busy).
    fn reader(&self) -> BResult<MutexGuard<'_, Connection>> {
        let readers = match self.readers.get() {
            Some(r) => r,
            None => {
                let mut opened = Vec::with_capacity(READERS);
                for _ in 0..READERS {
                    let c = self.access.connect(&self.path, true)?;
                    c.busy_timeout(std::time::Duration::from_secs(5))?;
                    // A family card alone runs about twenty distinct statements: with rusqlite's
                    // default 16 they would be parsed again on every request.
                    c.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
                    stable_plans(&c)?;
                    // 8 MiB of pages each: the indexes' upper levels stay in memory, the server stays small.
                    c.pragma_update(None, "cache_size", -8_192)?;
                    opened.push(Mutex::new(c));
                }
                let _ = self.readers.set(opened);
                self.readers.get().expect("just set")
            }
        };
        let start = self
            .next_reader
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        for i in 0..readers.len() {
            if let Ok(guard) = readers[(start + i) % readers.len()].try_lock() {
                return Ok(guard);
            }
        }
        Ok(readers[start % readers.len()]
            .lock()
            .unwrap_or_else(|e| e.into_inner()))
    }

    /// Runs `f` in a read transaction, for a consistent view across several queries.
    pub fn read<T>(&self, f: impl FnOnce(&Transaction) -> BResult<T>) -> BResult<T> {
        let mut conn = self.reader()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}

/// One query plan per statement, whatever the bound values. Without it SQLite marks statements whose
/// plan might depend on a value (an ORDER BY after an equality, a LIMIT) to be prepared again whenever
/// the binding changes, and rusqlite's statement cache clears bindings on every use: the family card
/// then spent more time parsing SQL than reading rows.
fn stable_plans(conn: &Connection) -> rusqlite::Result<()> {
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    Ok(())
}

fn audit_at(
    tx: &Transaction,
    at: NaiveDateTime,
    actor: &str,
    action: &str,
    subject: &str,
    detail: &str,
) -> BResult<()> {
    tx.execute(
        "INSERT INTO audit (at, actor, action, subject, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![at, actor, action, subject, detail],
    )?;
    Ok(())
}

/// The `Backend` over a local store, carrying its session.
pub struct LocalBackend {
    store: Arc<Store>,
    session: Mutex<Option<Operator>>,
    policy: policy::Policy,
}

impl LocalBackend {
    /// A backend with nobody logged in (the TUI logs in; the server sets the session per request).
    pub fn new(store: Arc<Store>) -> Self {
        LocalBackend {
            store,
            session: Mutex::new(None),
            policy: Default::default(),
        }
    }

    /// A backend acting as `operator` from the start: the command line and batch jobs, whose user holds
    /// the store file itself, and the server once it has checked a token.
    pub fn acting_as(store: Arc<Store>, operator: Operator) -> Self {
        LocalBackend {
            store,
            session: Mutex::new(Some(operator)),
            policy: Default::default(),
        }
    }

    /// The command-line identity: named after the OS user, trusted as a supervisor.
    pub fn cli_operator() -> Operator {
        let user = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "cli".into());
        Operator {
            username: format!("cli:{user}"),
            full_name: "Riga di comando".into(),
            role: Role::Supervisor,
            kiosk_parent: None,
        }
    }

    /// Sets the top-up limits and the IUV issuing point (from the configuration).
    pub fn with_policy(mut self, policy: policy::Policy) -> Self {
        self.policy = policy;
        self
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    fn session(&self) -> MutexGuard<'_, Option<Operator>> {
        self.session.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The acting desk operator, or an error when nobody is logged in. The kiosk account is refused:
    /// it may only call what `actor_or_kiosk` allows.
    fn actor(&self) -> BResult<Operator> {
        let op = self.actor_or_kiosk()?;
        if op.role == Role::Kiosk {
            return Err(BackendError::text(
                crate::backend::ErrorKind::Forbidden,
                crate::i18n::kiosk::NOT_AT_KIOSK,
            ));
        }
        Ok(op)
    }

    /// The acting operator, the kiosk included; pair it with `check_child_scope`.
    fn actor_or_kiosk(&self) -> BResult<Operator> {
        self.session()
            .clone()
            .ok_or_else(BackendError::unauthenticated)
    }

    /// The acting operator, who must be a supervisor.
    fn supervisor(&self) -> BResult<Operator> {
        let op = self.actor()?;
        if op.is_supervisor() {
            Ok(op)
        } else {
            Err(BackendError::forbidden())
        }
    }
}

/// Maps "no row" to a not-found error naming the thing looked for.
pub(crate) trait OptionalRow<T> {
    fn or_not_found(self, what_it: &str, what_en: &str) -> BResult<T>;
}

impl<T> OptionalRow<T> for rusqlite::Result<T> {
    fn or_not_found(self, what_it: &str, what_en: &str) -> BResult<T> {
        match self {
            Ok(v) => Ok(v),
            Err(rusqlite::Error::QueryReturnedNoRows) => {
                Err(BackendError::not_found(what_it, what_en))
            }
            Err(e) => Err(e.into()),
        }
    }
}

/// A required free-text reason (supervisor overrides, cancellations).
pub(crate) fn require_reason(reason: &str) -> BResult<&str> {
    let r = reason.trim();
    if r.is_empty() {
        Err(BackendError::invalid_text("reason", errors::REASON_NEEDED))
    } else {
        Ok(r)
    }
}
