//! The lobby kiosk: a parent identifies with their codice fiscale and a child's PAN; the session is
//! then limited to that parent's own children. Wrong tries are throttled here, where the data lives,
//! so that a kiosk client (or anyone holding its token) cannot guess PAN codes faster.

use std::time::Instant;

use rusqlite::{Connection, OptionalExtension, params};

use super::LocalBackend;
use super::family::{family_card, family_parent_id, parent_info};
use crate::backend::{BResult, BackendError, ErrorKind, FamilyCard, Operator, Role};
use crate::domain::codice_fiscale::CodiceFiscale;
use crate::domain::kiosk::normalise_pan;
use crate::i18n::kiosk as k;

impl LocalBackend {
    pub(super) fn do_kiosk_identify(&self, parent_cf: &str, pan: &str) -> BResult<FamilyCard> {
        let op = self
            .session()
            .clone()
            .ok_or_else(BackendError::unauthenticated)?;
        if op.role != Role::Kiosk {
            return Err(BackendError::text(ErrorKind::Forbidden, k::ONLY_KIOSK));
        }
        let now = Instant::now();
        if self
            .store
            .kiosk_throttle(&op.username, |t| t.wait_left(now))
            .is_some()
        {
            return Err(BackendError::text(ErrorKind::Locked, k::WAIT));
        }
        let code = CodiceFiscale::parse(parent_cf)
            .ok()
            .map(|c| c.as_str().to_string());
        let pan = normalise_pan(pan);
        let found = match &code {
            Some(code) => self.store.read(|tx| identified_parent(tx, code, &pan))?,
            None => None,
        };
        let (Some(code), Some(parent_id)) = (code, found) else {
            // One answer for an unknown code, a wrong PAN or another family's PAN: nothing tells
            // whether a codice fiscale exists.
            tracing::info!(kiosk = %op.username, "kiosk identification refused");
            return Err(
                if self.store.kiosk_throttle(&op.username, |t| t.failed(now)) {
                    BackendError::text(ErrorKind::Locked, k::WAIT)
                } else {
                    // "No match": a kind of its own, so a kiosk tells it from its own session
                    // having expired (which it repairs by logging in again).
                    BackendError::text(ErrorKind::NotFound, k::NOT_RECOGNISED)
                },
            );
        };
        self.store.kiosk_throttle(&op.username, |t| t.succeeded());
        let card = self.store.read(|tx| kiosk_card(tx, parent_id, &code))?;
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

    /// Leaving kiosk mode. Wrong answers are throttled like the identification (three, then a
    /// minute's wait), per calling account, so the exit cannot be used to guess a supervisor's password.
    pub(super) fn do_verify_supervisor(&self, username: &str, password: &str) -> BResult<()> {
        let caller = self
            .session()
            .as_ref()
            .map(|o| o.username.clone())
            .unwrap_or_default();
        let key = format!("supervisor-check:{caller}");
        let now = Instant::now();
        if self
            .store
            .kiosk_throttle(&key, |t| t.wait_left(now))
            .is_some()
        {
            return Err(BackendError::text(ErrorKind::Locked, k::WAIT));
        }
        let refusal = match self.check_operator(username, password) {
            Ok(op) if op.role == Role::Supervisor => {
                self.store.kiosk_throttle(&key, |t| t.succeeded());
                return Ok(());
            }
            Ok(_) => BackendError::forbidden(),
            Err(e) if e.kind == ErrorKind::Unauthenticated => e,
            Err(e) => return Err(e),
        };
        if self.store.kiosk_throttle(&key, |t| t.failed(now)) {
            return Err(BackendError::text(ErrorKind::Locked, k::WAIT));
        }
        Err(refusal)
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
fn kiosk_card(conn: &Connection, parent_id: i64, cf: &str) -> BResult<FamilyCard> {
    let mut card = family_card(conn, family_parent_id(conn, cf)?)?;
    let mut own = conn.prepare_cached(
        "SELECT cf FROM children WHERE paying_parent_id = ?1 OR second_parent_id = ?1",
    )?;
    let own: Vec<String> = own
        .query_map([parent_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    card.children.retain(|c| own.contains(&c.cf));
    card.pending_notices
        .retain(|n| n.allocations.iter().all(|a| own.contains(&a.child_cf)));
    card.parent = parent_info(conn, parent_id)?;
    Ok(card)
}
