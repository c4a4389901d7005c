//! Parents: registration, contact data, portal accounts (lockout, unlock, new credentials) and the
//! links between parents and children.

use rusqlite::{OptionalExtension, Transaction, params};

use super::family::parent_info;
use super::lookup::{child_ids, parent_id, valid_cf};
use super::{LocalBackend, passwords, require_reason};
use crate::backend::{
    BResult, BackendError, Credentials, LoginOutcome, NewParent, ParentInfo, ParentPatch,
};
use crate::domain::lockout::{AccountState, MAX_FAILED_ATTEMPTS};
use crate::i18n::errors;

impl LocalBackend {
    pub(super) fn do_register_parent(&self, p: &NewParent) -> BResult<Credentials> {
        let actor = self.actor()?;
        let cf = p.cf.clone();
        let surname = required_name("surname", &p.surname)?;
        let name = required_name("name", &p.name)?;
        let email = optional_email(p.email.as_deref())?;
        let phone = optional_phone(p.phone.as_deref())?;
        let password = passwords::temporary_password();
        let hash = passwords::hash(&password)?;
        let cancel_code = passwords::meal_cancel_code();
        self.store.write(|tx| {
            let exists: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM parents WHERE cf = ?1)", [&cf], |r| r.get(0))?;
            if exists {
                return Err(BackendError::text(crate::backend::ErrorKind::Conflict, errors::ALREADY_REGISTERED)
                .with_field("cf"));
            }
            tx.execute(
                "INSERT INTO parents (cf, surname, name, email, phone, address, username, password_hash, meal_cancel_code, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?1, ?7, ?8, ?9)",
                params![cf, surname, name, email, phone, clean(p.address.as_deref()), hash, cancel_code, self.store.now()],
            )?;
            let id = tx.last_insert_rowid();
            self.store.audit(tx, &actor.username, "parent.register", &format!("parent:{id}"), "")?;
            Ok(Credentials {
                cf: cf.clone(),
                full_name: format!("{surname} {name}"),
                username: cf.to_string(),
                temporary_password: password,
                meal_cancel_code: cancel_code,
            })
        })
    }

    pub(super) fn do_update_parent(&self, cf: &str, patch: &ParentPatch) -> BResult<ParentInfo> {
        let actor = self.actor()?;
        let cf = valid_cf("cf", cf)?;
        let email = match &patch.email {
            Some(e) => Some(optional_email(Some(e))?),
            None => None,
        };
        let phone = match &patch.phone {
            Some(p) => Some(optional_phone(Some(p))?),
            None => None,
        };
        self.store.write(|tx| {
            let id = parent_id(tx, &cf)?;
            let mut changed = Vec::new();
            if let Some(email) = email {
                tx.execute(
                    "UPDATE parents SET email = ?2 WHERE id = ?1",
                    params![id, email],
                )?;
                changed.push("email");
            }
            if let Some(phone) = phone {
                tx.execute(
                    "UPDATE parents SET phone = ?2 WHERE id = ?1",
                    params![id, phone],
                )?;
                changed.push("phone");
            }
            if let Some(address) = &patch.address {
                tx.execute(
                    "UPDATE parents SET address = ?2 WHERE id = ?1",
                    params![id, clean(Some(address))],
                )?;
                changed.push("address");
            }
            self.store.audit(
                tx,
                &actor.username,
                "parent.update",
                &format!("parent:{id}"),
                &changed.join(","),
            )?;
            parent_info(tx, id)
        })
    }

    pub(super) fn do_unlock_parent(&self, cf: &str) -> BResult<ParentInfo> {
        let actor = self.supervisor()?;
        let cf = valid_cf("cf", cf)?;
        self.store.write(|tx| {
            let id = parent_id(tx, &cf)?;
            set_account(tx, id, AccountState::unlocked())?;
            self.store.audit(
                tx,
                &actor.username,
                "parent.unlock",
                &format!("parent:{id}"),
                "",
            )?;
            parent_info(tx, id)
        })
    }

    pub(super) fn do_regenerate_credentials(&self, cf: &str) -> BResult<Credentials> {
        let actor = self.actor()?;
        let cf = valid_cf("cf", cf)?;
        let password = passwords::temporary_password();
        let hash = passwords::hash(&password)?;
        self.store.write(|tx| {
            let id = parent_id(tx, &cf)?;
            tx.execute(
                "UPDATE parents SET password_hash = ?2 WHERE id = ?1",
                params![id, hash],
            )?;
            // New credentials also lift a lock: that is how the office answers a locked parent.
            set_account(tx, id, AccountState::unlocked())?;
            self.store.audit(
                tx,
                &actor.username,
                "parent.credentials",
                &format!("parent:{id}"),
                "",
            )?;
            let info = parent_info(tx, id)?;
            let cancel_code: String = tx.query_row(
                "SELECT meal_cancel_code FROM parents WHERE id = ?1",
                [id],
                |r| r.get(0),
            )?;
            Ok(Credentials {
                cf: info.cf.clone(),
                full_name: info.full_name(),
                username: info.username,
                temporary_password: password,
                meal_cancel_code: cancel_code,
            })
        })
    }

    /// The password is checked before any write transaction (argon2 takes tens of milliseconds and
    /// every writer would wait on it); the count and the lock are then one conditional update, so
    /// parallel wrong passwords each count. Both updates require the hash that was checked: if new
    /// credentials were issued in between, the attempt is judged again against them.
    pub(super) fn do_parent_login(&self, username: &str, password: &str) -> BResult<LoginOutcome> {
        // Testing a parent's password is desk staff's business: never a kiosk, never without a session.
        self.actor()?;
        let username = username.trim().to_uppercase();
        loop {
            let row: Option<(i64, String, bool)> = self.store.read(|tx| {
                Ok(tx
                    .query_row(
                        "SELECT id, password_hash, locked FROM parents WHERE username = ?1",
                        [&username],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                    )
                    .optional()?)
            })?;
            let Some((id, hash, locked)) = row else {
                // Same answer as a wrong password: nothing tells whether an account exists.
                return Ok(LoginOutcome::WrongPassword {
                    attempts_left: MAX_FAILED_ATTEMPTS - 1,
                });
            };
            if locked {
                return Ok(LoginOutcome::Locked);
            }
            let ok = passwords::verify(password, &hash);
            let outcome = self.store.write(|tx| {
                if ok {
                    let reset = tx.execute(
                        "UPDATE parents SET failed_attempts = 0
                         WHERE id = ?1 AND NOT locked AND password_hash = ?2",
                        params![id, hash],
                    )?;
                    return Ok((reset == 1).then_some(LoginOutcome::Ok));
                }
                let counted: Option<(u32, bool)> = tx
                    .query_row(
                        "UPDATE parents SET failed_attempts = failed_attempts + 1,
                             locked = (failed_attempts + 1 >= ?3)
                         WHERE id = ?1 AND NOT locked AND password_hash = ?2
                         RETURNING failed_attempts, locked",
                        params![id, hash, MAX_FAILED_ATTEMPTS],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?;
                let Some((failed, now_locked)) = counted else {
                    return Ok(None);
                };
                if now_locked {
                    self.store
                        .audit(tx, "portal", "parent.locked", &format!("parent:{id}"), "")?;
                }
                Ok(Some(LoginOutcome::after_failure(failed, now_locked)))
            })?;
            // No row updated: locked meanwhile (the next round says so) or new credentials issued.
            if let Some(outcome) = outcome {
                return Ok(outcome);
            }
        }
    }

    pub(super) fn do_link_second_parent(&self, child_cf: &str, parent_cf: &str) -> BResult<()> {
        let actor = self.actor()?;
        let child_cf = valid_cf("child_cf", child_cf)?;
        let parent_cf = valid_cf("parent_cf", parent_cf)?;
        self.store.write(|tx| {
            let (child_id, payer) = child_ids(tx, &child_cf)?;
            let pid = parent_id(tx, &parent_cf)?;
            if pid == payer {
                return Err(BackendError::invalid_text(
                    "parent_cf",
                    errors::ALREADY_PAYER,
                ));
            }
            tx.execute(
                "UPDATE children SET second_parent_id = ?2 WHERE id = ?1",
                params![child_id, pid],
            )?;
            self.store.audit(
                tx,
                &actor.username,
                "child.link_second_parent",
                &format!("child:{child_id}"),
                &format!("parent:{pid}"),
            )
        })
    }

    pub(super) fn do_change_paying_parent(
        &self,
        child_cf: &str,
        parent_cf: &str,
        reason: &str,
    ) -> BResult<()> {
        let actor = self.supervisor()?;
        let reason = require_reason(reason)?;
        let child_cf = valid_cf("child_cf", child_cf)?;
        let parent_cf = valid_cf("parent_cf", parent_cf)?;
        self.store.write(|tx| {
            let (child_id, old_payer) = child_ids(tx, &child_cf)?;
            let pid = parent_id(tx, &parent_cf)?;
            if pid == old_payer {
                return Err(BackendError::invalid_text(
                    "parent_cf",
                    errors::ALREADY_PAYER,
                ));
            }
            // The former payer stays linked read-only, so they still see the child.
            tx.execute(
                "UPDATE children SET paying_parent_id = ?2, second_parent_id = ?3 WHERE id = ?1",
                params![child_id, pid, old_payer],
            )?;
            self.store.audit(
                tx,
                &actor.username,
                "child.change_paying_parent",
                &format!("child:{child_id}"),
                &format!("from=parent:{old_payer} to=parent:{pid} reason={reason}"),
            )
        })
    }
}

impl LocalBackend {
    /// Supervisor only, with a reason, audited: the second parent no longer sees the child.
    pub(super) fn do_unlink_second_parent(&self, child_cf: &str, reason: &str) -> BResult<()> {
        let actor = self.supervisor()?;
        let reason = require_reason(reason)?;
        let child_cf = valid_cf("child_cf", child_cf)?;
        self.store.write(|tx| {
            let (child_id, _) = child_ids(tx, &child_cf)?;
            let second: Option<i64> = tx.query_row(
                "SELECT second_parent_id FROM children WHERE id = ?1",
                [child_id],
                |r| r.get(0),
            )?;
            let Some(second) = second else {
                return Err(BackendError::text(
                    crate::backend::ErrorKind::Conflict,
                    crate::i18n::second_parent::NO_SECOND_PARENT,
                ));
            };
            tx.execute(
                "UPDATE children SET second_parent_id = NULL WHERE id = ?1",
                [child_id],
            )?;
            self.store.audit(
                tx,
                &actor.username,
                "child.unlink_second_parent",
                &format!("child:{child_id}"),
                &format!("parent:{second} reason={reason}"),
            )
        })
    }
}

fn set_account(tx: &Transaction, id: i64, state: AccountState) -> BResult<()> {
    tx.execute(
        "UPDATE parents SET failed_attempts = ?2, locked = ?3 WHERE id = ?1",
        params![id, state.failed_attempts, state.locked],
    )?;
    Ok(())
}

fn clean(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn required_name(field: &str, value: &str) -> BResult<String> {
    let v = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if v.is_empty()
        || v.chars().count() > 70
        || !v.chars().all(|c| c.is_alphabetic() || " '-.".contains(c))
    {
        return Err(BackendError::invalid_text(field, errors::BAD_NAME));
    }
    Ok(v.to_uppercase())
}

/// A telephone number in its compact form (`domain::phone`), or `None` for an empty one.
pub(super) fn optional_phone(value: Option<&str>) -> BResult<Option<String>> {
    clean(value)
        .map(|v| crate::domain::phone::normalise(&v))
        .transpose()
        .map_err(|_| BackendError::invalid_text("phone", errors::BAD_PHONE))
}

/// A plausible e-mail address, or `None` for an empty one.
pub(super) fn optional_email(value: Option<&str>) -> BResult<Option<String>> {
    let Some(v) = clean(value) else {
        return Ok(None);
    };
    let valid = v.len() <= 254
        && !v.contains(char::is_whitespace)
        && v.split_once('@').is_some_and(|(user, domain)| {
            !user.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
        });
    if valid {
        Ok(Some(v.to_lowercase()))
    } else {
        Err(BackendError::invalid_text("email", errors::BAD_EMAIL))
    }
}
