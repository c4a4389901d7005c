//! The lobby kiosk: a parent identifies with their codice fiscale and a child's PAN; the session is
//! then limited to that parent's own children. Wrong tries are counted here, where the data lives, in
//! the store file (so a desk in another process sees and clears them, and a restart lifts nothing):
//! per kiosk account and per parent code tried, under `domain::kiosk::standing`.

use std::time::Duration;

use chrono::NaiveDate;

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::LocalBackend;
use super::family::{family_card, family_parent_id, parent_info};
use crate::backend::{BResult, BackendError, ErrorKind, FamilyCard, KioskThrottle, Operator, Role};
use crate::domain::codice_fiscale::CodiceFiscale;
use crate::domain::kiosk::{PanShape, Standing, normalise_pan, pan_shape, standing};
use crate::i18n::kiosk as k;

/// Rows older than this are never needed again (a wait lasts fifteen minutes at most, and the window
/// stands still only while one runs): they are dropped when a new wrong try is written.
const KEEP_TRIES: Duration = Duration::from_secs(24 * 3600);

/// What a wrong try was at.
#[derive(Clone, Copy)]
enum Attempt {
    Identify,
    Exit,
}

impl Attempt {
    fn as_str(self) -> &'static str {
        match self {
            Attempt::Identify => "identify",
            Attempt::Exit => "exit",
        }
    }
}

impl LocalBackend {
    pub(super) fn do_kiosk_identify(&self, parent_cf: &str, pan: &str) -> BResult<FamilyCard> {
        let op = self
            .session()
            .clone()
            .ok_or_else(BackendError::unauthenticated)?;
        if op.role != Role::Kiosk {
            return Err(BackendError::text(ErrorKind::Forbidden, k::ONLY_KIOSK));
        }
        let code = CodiceFiscale::parse(parent_cf).ok();
        let code_key = code.as_deref().map(code_key);
        let pan = normalise_pan(pan);
        let shape = pan_shape(&pan);
        let now = self.store.clock().since_epoch();
        // One write transaction from the wait check to the wrong try written: parallel guesses
        // cannot all pass the check before any of them is counted. A refusal that was counted is
        // returned inside Ok, so that the transaction commits the count.
        let outcome = self.store.write(|tx| {
            let key = code_key.as_deref();
            if let Some(wait) = key_standing(tx, &op.username, key, Attempt::Identify, now)?.wait {
                return Ok(Err(wait_error(wait)));
            }
            // A PAN that cannot exist is not looked up, but it is a wrong try all the same.
            let found = match (&code, shape) {
                (Some(code), PanShape::Valid | PanShape::Legacy) => {
                    identified_parent(tx, code, &pan)?
                }
                _ => None,
            };
            if let Some(parent_id) = found {
                return Ok(Ok(parent_id));
            }
            record_wrong(tx, &op.username, key, Attempt::Identify, now)?;
            let after = key_standing(tx, &op.username, key, Attempt::Identify, now)?;
            Ok(Err(after
                .wait
                .map(wait_error)
                .unwrap_or_else(|| wrong_answer(shape))))
        })?;
        let found = outcome.inspect_err(|e| {
            // Never the code: the kiosk account and the kind of answer only.
            tracing::info!(kiosk = %op.username, kind = ?e.kind, "kiosk identification refused");
        })?;
        let code = code.expect("found by code");
        let card = self
            .store
            .read(|tx| kiosk_card(tx, found, &code, self.store.today()))?;
        *self.session() = Some(Operator {
            kiosk_parent: Some(code),
            ..op
        });
        Ok(card)
    }

    pub(super) fn do_kiosk_end(&self) -> BResult<()> {
        if let Some(op) = self.session().as_mut() {
            op.kiosk_parent = None;
        }
        Ok(())
    }

    /// Leaving kiosk mode. Wrong answers are throttled like the identification, per calling account,
    /// so the exit cannot be used to guess a supervisor's password.
    pub(super) fn do_verify_supervisor(&self, username: &str, password: &str) -> BResult<()> {
        let caller = self
            .session()
            .as_ref()
            .map(|o| o.username.clone())
            .unwrap_or_default();
        let now = self.store.clock().since_epoch();
        let before = self
            .store
            .read(|tx| key_standing(tx, &caller, None, Attempt::Exit, now))?;
        if let Some(wait) = before.wait {
            return Err(wait_error(wait));
        }
        let refusal = match self.check_operator(username, password) {
            Ok(op) if op.role == Role::Supervisor => return Ok(()),
            Ok(_) => BackendError::forbidden(),
            Err(e) if e.kind == ErrorKind::Unauthenticated => e,
            Err(e) => return Err(e),
        };
        let after = self.store.write(|tx| {
            record_wrong(tx, &caller, None, Attempt::Exit, now)?;
            key_standing(tx, &caller, None, Attempt::Exit, now)
        })?;
        Err(after.wait.map(wait_error).unwrap_or(refusal))
    }

    /// Supervisor only: the kiosk accounts with wrong tries still counted, and the wait each imposes.
    pub(super) fn do_kiosk_throttles(&self) -> BResult<Vec<KioskThrottle>> {
        self.supervisor()?;
        let now = self.store.clock().since_epoch();
        self.store.read(|tx| {
            let kiosks: Vec<(String, String)> = tx
                .prepare_cached(
                    "SELECT username, full_name FROM operators WHERE role = 'kiosk' ORDER BY username",
                )?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            let mut out = Vec::new();
            for (kiosk, full_name) in kiosks {
                let ident = key_standing(tx, &kiosk, None, Attempt::Identify, now)?;
                let exit = key_standing(tx, &kiosk, None, Attempt::Exit, now)?;
                let wrong_tries = (ident.remembered + exit.remembered) as u32;
                let wait = ident.wait.max(exit.wait);
                if wrong_tries > 0 || wait.is_some() {
                    out.push(KioskThrottle {
                        kiosk,
                        full_name,
                        wrong_tries,
                        wait_secs: wait.map(|w| w.as_secs_f64().ceil() as u64).unwrap_or(0),
                    });
                }
            }
            Ok(out)
        })
    }

    /// Supervisor only: forgets every wrong try made at one kiosk account (they no longer count for the
    /// parent codes tried there either). Audited.
    pub(super) fn do_clear_kiosk_throttle(&self, kiosk: &str) -> BResult<()> {
        let actor = self.supervisor()?;
        let kiosk = kiosk.trim();
        self.store.write(|tx| {
            let role: Option<String> = tx
                .query_row(
                    "SELECT role FROM operators WHERE username = ?1",
                    [kiosk],
                    |r| r.get(0),
                )
                .optional()?;
            if role.as_deref() != Some("kiosk") {
                return Err(
                    BackendError::text(ErrorKind::NotFound, k::NOT_A_KIOSK).with_field("kiosk")
                );
            }
            let cleared = tx.execute("DELETE FROM kiosk_tries WHERE kiosk = ?1", [kiosk])?;
            self.store.audit(
                tx,
                &actor.username,
                "kiosk.throttle_cleared",
                &format!("operator:{kiosk}"),
                &format!("tries={cleared}"),
            )
        })
    }

    /// The acting operator for a call about `child_id`: any desk operator, or the kiosk once a parent
    /// identified and only for that parent's own children.
    pub(super) fn check_child_scope(
        &self,
        conn: &Connection,
        op: &Operator,
        child_id: i64,
    ) -> BResult<()> {
        if op.role != Role::Kiosk {
            return Ok(());
        }
        let Some(parent_cf) = &op.kiosk_parent else {
            return Err(not_identified());
        };
        let mine: bool = conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM children c JOIN parents p ON p.cf = ?1
                 WHERE c.id = ?2 AND (c.paying_parent_id = p.id OR c.second_parent_id = p.id))",
            )?
            .query_row(params![parent_cf, child_id], |r| r.get(0))?;
        if mine { Ok(()) } else { Err(not_identified()) }
    }

    /// The notice looked up (`found`) for a call by `op`: any for desk staff; for the kiosk, only one
    /// for the identified parent's own children, and one answer whether it exists or not.
    pub(super) fn check_notice_scope(
        &self,
        conn: &Connection,
        op: &Operator,
        found: BResult<i64>,
    ) -> BResult<i64> {
        if op.role != Role::Kiosk {
            return found;
        }
        let id = found.map_err(|_| not_identified())?;
        let children: Vec<i64> = conn
            .prepare_cached("SELECT child_id FROM notice_allocations WHERE notice_id = ?1")?
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        if children.is_empty() {
            return Err(not_identified());
        }
        for child in children {
            self.check_child_scope(conn, op, child)?;
        }
        Ok(id)
    }

    /// Calls the kiosk never makes (reference lists, portal logins): refused where the data lives too.
    pub(super) fn not_kiosk(&self) -> BResult<()> {
        match self.session().as_ref() {
            Some(op) if op.role == Role::Kiosk => {
                Err(BackendError::text(ErrorKind::Forbidden, k::NOT_AT_KIOSK))
            }
            _ => Ok(()),
        }
    }
}

fn wait_error(wait: Duration) -> BackendError {
    BackendError::pair(ErrorKind::Locked, k::wait(wait))
        .with_retry_after(wait.as_secs_f64().ceil() as u64)
}

/// The answer to a wrong try that starts no wait. A PAN whose check character does not match says so
/// (that tells nothing about any family); everything else gets one answer, so nothing tells whether
/// a codice fiscale exists.
fn wrong_answer(shape: PanShape) -> BackendError {
    match shape {
        PanShape::Mistyped => BackendError::invalid_text("pan", k::PAN_MISTYPED),
        // "No match": a kind of its own, so a kiosk tells it from its own session having expired.
        _ => BackendError::text(ErrorKind::NotFound, k::NOT_RECOGNISED),
    }
}

/// A one-way form of a parent code, so the table of wrong tries does not hold the codes typed.
fn code_key(cf: &str) -> String {
    use argon2::{Algorithm, Argon2, Params, Version};
    const SALT: &[u8] = b"sportello-kiosk-code";
    let mut out = [0u8; 16];
    let params = Params::new(64, 1, 1, Some(out.len())).expect("valid parameters");
    match Argon2::new(Algorithm::Argon2id, Version::V0x13, params).hash_password_into(
        cf.as_bytes(),
        SALT,
        &mut out,
    ) {
        Ok(()) => out.iter().map(|b| format!("{b:02x}")).collect(),
        // Unreachable with these parameters; a constant keeps the kiosk count working regardless.
        Err(_) => "unhashed".into(),
    }
}

/// The wait and the count over both keys of a try: the kiosk account, and the parent code (any kiosk).
fn key_standing(
    tx: &Transaction,
    kiosk: &str,
    code_key: Option<&str>,
    what: Attempt,
    now: Duration,
) -> BResult<Standing> {
    let since = ms(now.saturating_sub(KEEP_TRIES));
    let times = |sql: &str, key: &str| -> BResult<Vec<Duration>> {
        Ok(tx
            .prepare_cached(sql)?
            .query_map(params![key, what.as_str(), since], |r| r.get::<_, i64>(0))?
            .map(|r| r.map(|v| Duration::from_millis(v.max(0) as u64)))
            .collect::<Result<_, _>>()?)
    };
    let by_kiosk = standing(
        &times(
            "SELECT at_ms FROM kiosk_tries WHERE kiosk = ?1 AND what = ?2 AND at_ms >= ?3",
            kiosk,
        )?,
        now,
    );
    let by_code = match code_key {
        Some(key) => standing(
            &times(
                "SELECT at_ms FROM kiosk_tries WHERE code_hash = ?1 AND what = ?2 AND at_ms >= ?3",
                key,
            )?,
            now,
        ),
        None => Standing::default(),
    };
    Ok(Standing {
        remembered: by_kiosk.remembered.max(by_code.remembered),
        wait: by_kiosk.wait.max(by_code.wait),
    })
}

fn record_wrong(
    tx: &Transaction,
    kiosk: &str,
    code_key: Option<&str>,
    what: Attempt,
    now: Duration,
) -> BResult<()> {
    tx.execute(
        "DELETE FROM kiosk_tries WHERE at_ms < ?1",
        [ms(now.saturating_sub(KEEP_TRIES))],
    )?;
    tx.execute(
        "INSERT INTO kiosk_tries (at_ms, kiosk, what, code_hash) VALUES (?1, ?2, ?3, ?4)",
        params![ms(now), kiosk, what.as_str(), code_key],
    )?;
    Ok(())
}

fn ms(d: Duration) -> i64 {
    d.as_millis() as i64
}

fn not_identified() -> BackendError {
    BackendError::text(ErrorKind::Forbidden, k::NOT_YOURS)
}

/// The parent with this code who is paying or second parent of the child holding this PAN.
fn identified_parent(conn: &Connection, cf: &str, pan: &str) -> BResult<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT p.id FROM parents p JOIN children c
                 ON c.paying_parent_id = p.id OR c.second_parent_id = p.id
             WHERE p.cf = ?1 AND c.pan = ?2 LIMIT 1",
        )?
        .query_row(params![cf, pan], |r| r.get(0))
        .optional()?)
}

/// The family card as the kiosk may show it: the identified parent and their own children only (a
/// second parent does not see the paying parent's other children), and the notices for those.
fn kiosk_card(
    conn: &Connection,
    parent_id: i64,
    cf: &str,
    today: NaiveDate,
) -> BResult<FamilyCard> {
    let mut card = family_card(conn, family_parent_id(conn, cf)?, today)?;
    let mut own = conn.prepare_cached(
        "SELECT cf FROM children WHERE paying_parent_id = ?1 OR second_parent_id = ?1",
    )?;
    let own: Vec<CodiceFiscale> = own
        .query_map([parent_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    card.children.retain(|c| own.contains(&c.cf));
    card.pending_notices
        .retain(|n| n.allocations.iter().all(|a| own.contains(&a.child_cf)));
    card.parent = parent_info(conn, parent_id)?;
    Ok(card)
}
