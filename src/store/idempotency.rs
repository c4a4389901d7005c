//! The central API's idempotency record, kept beside the data it answers for.
//!
//! Design: a change sent with an `Idempotency-Key` is marked in the SAME transaction that writes the
//! change: `Store::write` inserts the key, its actor and the request's hash as a *pending* row (status
//! 0, no body) just before committing, when the thread runs under `ApiStore::run_claimed`. The answer's
//! body (the JSON of what the operation returned, known only once it has returned, after its
//! transaction) is filled in right after, in a second transaction. So a crash can no longer leave a
//! change without its key: at worst a key is left pending, and a retry of it is told "already carried
//! out, the answer was lost: look the result up" (409) instead of running the change twice.
//! Putting the body itself in the change's transaction would need every operation's reads and writes
//! to run in one outer transaction on the writer connection; the pending mark gives the same safety.
//!
//! Which answers are remembered is the server's choice: successes and refusals, not server faults. A
//! refusal writes nothing, so it has no change to share a transaction with; its answer is recorded alone.
//! Keys are kept `KEEP` (a retry comes within seconds; a day covers a desk that resends next morning).
//! Answers may hold a temporary password: they are not kept longer.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use rusqlite::{OptionalExtension, Transaction, params};

use chrono::NaiveDateTime;

use super::LocalBackend;
use crate::backend::{BResult, Backend, BackendError, ErrorKind};
use crate::i18n::errors;

const KEEP: chrono::TimeDelta = chrono::TimeDelta::hours(24);
/// Every this many recorded answers, records older than `KEEP` go.
const PRUNE_EVERY: u64 = 256;
/// The status of a key whose change committed but whose answer was not recorded yet.
const PENDING: u16 = 0;

/// A request's key (already scoped to its operator), who sent it, and the hash of its meaning.
#[derive(Clone, Debug)]
pub struct AnswerClaim {
    pub key: String,
    pub actor: String,
    pub hash: String,
}

/// What the record says about a key.
#[derive(Debug, PartialEq, Eq)]
pub enum Recalled {
    /// Never seen (or forgotten): run the request.
    Unknown,
    /// The same request was answered: replay status and body.
    Answer { status: u16, body: String },
}

/// What the central API needs from its store besides the `Backend` operations.
pub trait ApiStore: Backend {
    /// The recorded answer of `claim`'s key. A key used for another request is refused (422 on the
    /// `Idempotency-Key` field); a key whose change committed without its answer is a conflict.
    fn recall_answer(&self, claim: &AnswerClaim) -> BResult<Recalled>;
    /// Runs `run` so that any change it commits also marks `claim` as used, in the same transaction.
    fn run_claimed(&self, claim: &AnswerClaim, run: &mut dyn FnMut(&dyn Backend));
    /// Records the answer of `claim` (replacing its pending mark).
    fn remember_answer(&self, claim: &AnswerClaim, status: u16, body: &str) -> BResult<()>;
    /// Whether the store answers at all (the readiness probe).
    fn ready(&self) -> bool;
}

thread_local! {
    /// The claim of the request this thread is running, if any: `Store::write` marks it.
    static CLAIM: RefCell<Option<AnswerClaim>> = const { RefCell::new(None) };
}

/// Clears the thread's claim when the run ends, also on a panic (blocking threads are reused).
struct ClaimScope;

impl Drop for ClaimScope {
    fn drop(&mut self) {
        CLAIM.with(|c| c.borrow_mut().take());
    }
}

/// Called by `Store::write` just before it commits: marks the thread's claim, once per request.
pub(super) fn mark_pending(tx: &Transaction, at: NaiveDateTime) -> BResult<()> {
    let Some(claim) = CLAIM.with(|c| c.borrow().clone()) else {
        return Ok(());
    };
    tx.execute(
        "INSERT OR REPLACE INTO idempotency (key, actor, request_hash, status, body, at)
         VALUES (?1, ?2, ?3, ?4, '', ?5)",
        params![claim.key, claim.actor, claim.hash, PENDING, at],
    )?;
    Ok(())
}

static RECORDED: AtomicU64 = AtomicU64::new(0);

impl ApiStore for LocalBackend {
    fn recall_answer(&self, claim: &AnswerClaim) -> BResult<Recalled> {
        let row: Option<(String, u16, String)> = self.store.read(|tx| {
            Ok(tx
                .query_row(
                    "SELECT request_hash, status, body FROM idempotency WHERE key = ?1 AND at >= ?2",
                    params![claim.key, self.store.now() - KEEP],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?)
        })?;
        match row {
            None => Ok(Recalled::Unknown),
            Some((h, _, _)) if h != claim.hash => Err(BackendError::invalid_text(
                "Idempotency-Key",
                errors::IDEMPOTENCY_KEY_REUSED,
            )),
            Some((_, PENDING, _)) => Err(BackendError::text(
                ErrorKind::Conflict,
                errors::IDEMPOTENT_ANSWER_LOST,
            )),
            Some((_, status, body)) => Ok(Recalled::Answer { status, body }),
        }
    }

    fn run_claimed(&self, claim: &AnswerClaim, run: &mut dyn FnMut(&dyn Backend)) {
        CLAIM.with(|c| *c.borrow_mut() = Some(claim.clone()));
        let _scope = ClaimScope;
        run(self);
    }

    fn remember_answer(&self, claim: &AnswerClaim, status: u16, body: &str) -> BResult<()> {
        self.store.write(|tx| {
            tx.execute(
                "INSERT OR REPLACE INTO idempotency (key, actor, request_hash, status, body, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    claim.key,
                    claim.actor,
                    claim.hash,
                    status,
                    body,
                    self.store.now()
                ],
            )?;
            if RECORDED
                .fetch_add(1, Ordering::Relaxed)
                .is_multiple_of(PRUNE_EVERY)
            {
                tx.execute(
                    "DELETE FROM idempotency WHERE at < ?1",
                    [self.store.now() - KEEP],
                )?;
            }
            Ok(())
        })
    }

    fn ready(&self) -> bool {
        self.store
            .read(|tx| Ok(tx.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))?))
            .is_ok()
    }
}
