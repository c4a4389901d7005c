//! The central API's idempotency record, kept beside the data it answers for.
//!
//! Design: a change sent with an `Idempotency-Key` is recorded WITH ITS ANSWER in the same transaction
//! that writes the change. While a thread runs a request under `ApiStore::run_claimed`, `Store::write`
//! (the one place changes commit) serialises the value its closure returns and stores it, with the key,
//! its actor, the request's hash and the success status the route answers, just before COMMIT. So the
//! change, its key and its answer commit together or not at all: a crash can neither leave a change
//! without its key nor a key without its answer. That needs what a backend method returns from its
//! write to be exactly what the route answers; `run_claimed` hands back what was stored, and the server
//! checks it against its answer (a route that answers something else records its own answer after).
//!
//! Which answers are remembered is the server's choice: successes and refusals, not server faults. A
//! refusal writes nothing, so it has no change to share a transaction with; its answer is recorded alone,
//! as is the success of a request that changed nothing.
//! Keys are kept `KEEP` (a retry comes within seconds; a day covers a desk that resends next morning).
//! Answers may hold a temporary password: they are not kept longer.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

use chrono::NaiveDateTime;

use super::LocalBackend;
use crate::backend::{BResult, Backend, BackendError, ErrorKind};
use crate::i18n::errors;

const KEEP: chrono::TimeDelta = chrono::TimeDelta::hours(24);
/// Every this many recorded answers, records older than `KEEP` go.
const PRUNE_EVERY: u64 = 256;
/// The status an older server left on a key whose change committed before its answer was recorded.
const PENDING: u16 = 0;

/// A request's key (already scoped to its operator), who sent it, the hash of its meaning, and the
/// status the route answers when the change succeeds.
#[derive(Clone, Debug)]
pub struct AnswerClaim {
    pub key: String,
    pub actor: String,
    pub hash: String,
    pub ok_status: u16,
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
    /// Runs `run` so that any change it commits records `claim` and its answer (the JSON of the value
    /// the change's write returned, with `claim.ok_status`) in the same transaction. Returns the body
    /// so recorded by the last change committed, `None` when nothing was committed.
    fn run_claimed(&self, claim: &AnswerClaim, run: &mut dyn FnMut(&dyn Backend))
    -> Option<String>;
    /// Records an answer of `claim` in a transaction of its own (a refusal: nothing changed).
    fn remember_answer(&self, claim: &AnswerClaim, status: u16, body: &str) -> BResult<()>;
    /// Whether the store answers at all (the readiness probe).
    fn ready(&self) -> bool;
}

/// The request this thread is running under a claim, and the answer its change recorded.
struct Claimed {
    claim: AnswerClaim,
    /// Recorded by the write now committing; it counts once its COMMIT succeeds.
    pending: Option<String>,
    committed: Option<String>,
}

thread_local! {
    /// The claim of the request this thread is running, if any: `Store::write` records it.
    static CLAIM: RefCell<Option<Claimed>> = const { RefCell::new(None) };
}

/// Clears the thread's claim when the run ends, also on a panic (blocking threads are reused).
struct ClaimScope;

impl Drop for ClaimScope {
    fn drop(&mut self) {
        CLAIM.with(|c| c.borrow_mut().take());
    }
}

/// Called by `Store::write` just before it commits: records the thread's claim with `answer`, the
/// value the change returns. Without a claim it does nothing (and serialises nothing).
pub(super) fn record_in_change<T: Serialize>(
    tx: &Transaction,
    answer: &T,
    at: NaiveDateTime,
) -> BResult<()> {
    let Some(claim) = CLAIM.with(|c| c.borrow().as_ref().map(|c| c.claim.clone())) else {
        return Ok(());
    };
    let mut body = serde_json::to_string(answer).map_err(BackendError::internal)?;
    // A change that returns nothing answers `{}` on the wire (`api::Empty`): recorded as such, so its
    // answer too commits with it.
    if body == "null" {
        body = "{}".to_string();
    }
    insert(tx, &claim, claim.ok_status, &body, at)?;
    CLAIM.with(|c| {
        if let Some(c) = c.borrow_mut().as_mut() {
            c.pending = Some(body);
        }
    });
    Ok(())
}

/// Called by `Store::write` once its COMMIT has run: the recorded answer counts only if it committed.
pub(super) fn change_ended(committed: bool) {
    CLAIM.with(|c| {
        if let Some(c) = c.borrow_mut().as_mut()
            && let Some(body) = c.pending.take()
            && committed
        {
            c.committed = Some(body);
        }
    });
}

static RECORDED: AtomicU64 = AtomicU64::new(0);

fn insert(
    tx: &Transaction,
    claim: &AnswerClaim,
    status: u16,
    body: &str,
    at: NaiveDateTime,
) -> BResult<()> {
    tx.execute(
        "INSERT OR REPLACE INTO idempotency (key, actor, request_hash, status, body, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![claim.key, claim.actor, claim.hash, status, body, at],
    )?;
    if RECORDED
        .fetch_add(1, Ordering::Relaxed)
        .is_multiple_of(PRUNE_EVERY)
    {
        tx.execute("DELETE FROM idempotency WHERE at < ?1", [at - KEEP])?;
    }
    Ok(())
}

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

    fn run_claimed(
        &self,
        claim: &AnswerClaim,
        run: &mut dyn FnMut(&dyn Backend),
    ) -> Option<String> {
        CLAIM.with(|c| {
            *c.borrow_mut() = Some(Claimed {
                claim: claim.clone(),
                pending: None,
                committed: None,
            })
        });
        let _scope = ClaimScope;
        run(self);
        CLAIM.with(|c| c.borrow_mut().as_mut().and_then(|c| c.committed.take()))
    }

    fn remember_answer(&self, claim: &AnswerClaim, status: u16, body: &str) -> BResult<()> {
        self.store
            .write(|tx| insert(tx, claim, status, body, self.store.now()))
    }

    fn ready(&self) -> bool {
        self.store
            .read(|tx| Ok(tx.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))?))
            .is_ok()
    }
}
