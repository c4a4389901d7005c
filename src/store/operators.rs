//! Desk staff logins: the password check and the login lockout per user name
//! (`domain::staff_lockout`), counted where the data lives so that every desk, the central API and a
//! restart see the same count; the supervisor's list of staff accounts and their unlock.

use std::sync::OnceLock;

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, Transaction, params};

use super::{LocalBackend, passwords};
use crate::backend::{BResult, BackendError, ErrorKind, Operator, Role, StaffAccount};
use crate::domain::staff_lockout::{Blocked, StaffLockout};
use crate::i18n::{errors, staff};

/// Rows kept for names that are no operator: a flood of made-up names cannot grow the file without
/// bound. Beyond it the oldest such rows go; real operators' rows always stay.
const MAX_UNKNOWN_NAMES: i64 = 1000;
/// A user name is counted by its first characters: longer input is no real operator anyway.
const MAX_NAME_CHARS: usize = 64;
const TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

/// What the write transaction decided about one login. Serialize: `Store::write` could record it as
/// an idempotent answer (a login never runs under an Idempotency-Key).
#[derive(serde::Serialize)]
enum Verdict {
    Ok(Operator),
    Wrong,
    Blocked(Blocked),
}

impl LocalBackend {
    /// Checks a staff password. A name that waits or is locked is refused before any hashing; the
    /// hash is checked outside the write transaction (argon2 would hold every writer), then one short
    /// write transaction counts the result against the state as it is by then.
    pub(super) fn check_operator(&self, username: &str, password: &str) -> BResult<Operator> {
        let name = username.trim();
        let key: String = name.chars().take(MAX_NAME_CHARS).collect();
        let (state, row) = self
            .store
            .read(|tx| Ok((load(tx, &key)?, operator_row(tx, name)?)))?;
        if let Some(b) = state.blocked(self.store.now()) {
            return Err(blocked_error(b, self.store.now()));
        }
        let ok = match &row {
            Some((_, _, hash)) => passwords::verify(password, hash),
            None => {
                // As long as for a real name: the time taken does not tell whether a name exists.
                passwords::verify(password, dummy_hash());
                false
            }
        };
        let verdict = self.store.write(|tx| {
            let now = self.store.now();
            let mut state = load(tx, &key)?;
            // A parallel wrong try may have started a wait meanwhile: it holds for the right password too.
            if let Some(b) = state.blocked(now) {
                return Ok(Verdict::Blocked(b));
            }
            if ok && let Some((full_name, role, hash)) = &row {
                // The password was checked against this hash: if it changed meanwhile, the try
                // proves nothing (and is not counted either).
                if operator_row(tx, name)?.is_none_or(|(_, _, now_hash)| now_hash != *hash) {
                    return Ok(Verdict::Wrong);
                }
                state.succeeded();
                if state.is_spent(now) {
                    tx.execute("DELETE FROM operator_failures WHERE username = ?1", [&key])?;
                } else {
                    save(tx, &key, &state, now)?;
                }
                return Ok(Verdict::Ok(Operator {
                    username: name.to_string(),
                    full_name: full_name.clone(),
                    role: Role::parse(role).unwrap_or(Role::Operator),
                    kiosk_parent: None,
                }));
            }
            let started = state.failed(now);
            save(tx, &key, &state, now)?;
            if let Some(b) = started.filter(|b| b.locked)
                && row.is_some()
            {
                self.store.audit(
                    tx,
                    "login",
                    "operator.locked",
                    &format!("operator:{key}"),
                    &format!("until={}", b.until.format(TIME_FORMAT)),
                )?;
            }
            if row.is_none() {
                prune_unknown(tx)?;
            }
            Ok(started.map_or(Verdict::Wrong, Verdict::Blocked))
        })?;
        match verdict {
            Verdict::Ok(op) => Ok(op),
            Verdict::Wrong => Err(BackendError::text(
                ErrorKind::Unauthenticated,
                errors::WRONG_LOGIN,
            )),
            Verdict::Blocked(b) => Err(blocked_error(b, self.store.now())),
        }
    }

    pub(super) fn do_staff_accounts(&self) -> BResult<Vec<StaffAccount>> {
        self.supervisor()?;
        let now = self.store.now();
        self.store.read(|tx| {
            let mut st = tx.prepare_cached(
                "SELECT o.username, o.full_name, o.role, f.streak, f.recent, f.wait_until, f.locked_until
                 FROM operators o LEFT JOIN operator_failures f ON f.username = o.username
                 ORDER BY o.username",
            )?;
            let rows = st.query_map([], |r| {
                let state = if r.get::<_, Option<u32>>(3)?.is_some() {
                    from_row(r, 3)?
                } else {
                    StaffLockout::default()
                };
                let role: String = r.get(2)?;
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, role, state))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (username, full_name, role, state) = row?;
                let blocked = state.blocked(now);
                out.push(StaffAccount {
                    username,
                    full_name,
                    role: Role::parse(&role).unwrap_or(Role::Operator),
                    recent_failures: state.recent_failures(now) as u32,
                    blocked_seconds: blocked.map(|b| b.seconds_left(now)),
                    locked: blocked.is_some_and(|b| b.locked),
                });
            }
            Ok(out)
        })
    }

    /// Lifts a staff user's wait or lock and forgets their wrong passwords. A supervisor's, and
    /// never their own: a locked supervisor needs a colleague (or the hour).
    pub(super) fn do_unlock_operator(&self, username: &str) -> BResult<StaffAccount> {
        let actor = self.supervisor()?;
        let name = username.trim();
        if name == actor.username {
            return Err(BackendError::text(
                ErrorKind::Forbidden,
                staff::NOT_YOURSELF,
            ));
        }
        self.store.write(|tx| {
            let Some((full_name, role, _)) = operator_row(tx, name)? else {
                return Err(BackendError::not_found(staff::USER.0, staff::USER.1));
            };
            let had = load(tx, name)?;
            tx.execute("DELETE FROM operator_failures WHERE username = ?1", [name])?;
            let now = self.store.now();
            let detail = match had.blocked(now) {
                Some(b) if b.locked => "was=locked",
                Some(_) => "was=waiting",
                None => "was=active",
            };
            self.store.audit(
                tx,
                &actor.username,
                "operator.unlock",
                &format!("operator:{name}"),
                detail,
            )?;
            Ok(StaffAccount {
                username: name.to_string(),
                full_name,
                role: Role::parse(&role).unwrap_or(Role::Operator),
                recent_failures: 0,
                blocked_seconds: None,
                locked: false,
            })
        })
    }
}

fn blocked_error(b: Blocked, now: NaiveDateTime) -> BackendError {
    let minutes = b.minutes_left(now);
    let text = if b.locked {
        staff::login_locked(minutes)
    } else {
        staff::login_wait(minutes)
    };
    BackendError::pair(ErrorKind::Locked, text).with_retry_after(b.seconds_left(now))
}

/// Full name, role and password hash of an operator.
fn operator_row(tx: &Transaction, name: &str) -> BResult<Option<(String, String, String)>> {
    Ok(tx
        .prepare_cached("SELECT full_name, role, password_hash FROM operators WHERE username = ?1")?
        .query_row([name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?)
}

fn load(tx: &Transaction, key: &str) -> BResult<StaffLockout> {
    Ok(tx
        .prepare_cached(
            "SELECT streak, recent, wait_until, locked_until FROM operator_failures WHERE username = ?1",
        )?
        .query_row([key], |r| from_row(r, 0))
        .optional()?
        .unwrap_or_default())
}

/// The lockout state from four columns starting at `first`.
fn from_row(r: &rusqlite::Row, first: usize) -> rusqlite::Result<StaffLockout> {
    let recent: String = r.get(first + 1)?;
    Ok(StaffLockout {
        streak: r.get(first)?,
        recent: recent
            .split(',')
            .filter_map(|t| NaiveDateTime::parse_from_str(t, TIME_FORMAT).ok())
            .collect(),
        wait_until: r.get(first + 2)?,
        locked_until: r.get(first + 3)?,
    })
}

fn save(tx: &Transaction, key: &str, s: &StaffLockout, now: NaiveDateTime) -> BResult<()> {
    let recent = s
        .recent
        .iter()
        .map(|t| t.format(TIME_FORMAT).to_string())
        .collect::<Vec<_>>()
        .join(",");
    tx.prepare_cached(
        "INSERT OR REPLACE INTO operator_failures (username, streak, recent, wait_until, locked_until, last_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![key, s.streak, recent, s.wait_until, s.locked_until, now])?;
    Ok(())
}

/// Keeps at most `MAX_UNKNOWN_NAMES` rows of names that are no operator, dropping the oldest.
fn prune_unknown(tx: &Transaction) -> BResult<()> {
    let unknown = "username NOT IN (SELECT username FROM operators)";
    let n: i64 = tx.query_row(
        &format!("SELECT count(*) FROM operator_failures WHERE {unknown}"),
        [],
        |r| r.get(0),
    )?;
    if n > MAX_UNKNOWN_NAMES {
        tx.execute(
            &format!(
                "DELETE FROM operator_failures WHERE username IN (
                     SELECT username FROM operator_failures WHERE {unknown} ORDER BY last_at LIMIT ?1)"
            ),
            [n - MAX_UNKNOWN_NAMES],
        )?;
    }
    Ok(())
}

/// A hash no password matches in practice, made once, to check unknown names against.
fn dummy_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| passwords::hash(&passwords::temporary_password()).unwrap_or_default())
}
