//! The `Idempotency-Key` of each change the central API has not yet answered.
//!
//! When every retry of a change fails ("central API unreachable") the first try may still have been
//! made on the server, its answer lost on the way back. The desk keeps what the operator typed, and
//! the operator presses again: that press must carry the same key, so the server answers it from its
//! record instead of making a second notice or payment. So a change's key is kept until an answer
//! that is the server's word on that key arrives; the same change made after such an answer is a new
//! one (a second notice the user really wants) and gets a new key.
//!
//! A change is known by who sends it (the operator's user name: the server scopes keys by it, so a
//! session lost and logged in again still finds its record), its method and path, and its body. Only
//! a keyed digest of those is kept (they may hold a codice fiscale). Keys go after `KEEP`, well
//! inside the day the server remembers them.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rand::Rng;
use reqwest::StatusCode;

/// How long an unanswered change keeps its key (the server keeps its answers 24 hours).
pub const KEEP: Duration = Duration::from_secs(4 * 60 * 60);
/// At most this many unanswered changes are remembered; the oldest go first.
const MOST: usize = 256;

/// One change on its way: its digest and the key it is sent with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    digest: u64,
    pub key: String,
}

pub struct PendingKeys {
    /// A random key per client: a digest cannot be matched against codes hashed elsewhere.
    hasher: RandomState,
    keys: Mutex<HashMap<u64, (String, Instant)>>,
}

impl Default for PendingKeys {
    fn default() -> Self {
        PendingKeys {
            hasher: RandomState::new(),
            keys: Mutex::new(HashMap::new()),
        }
    }
}

impl PendingKeys {
    /// The key for this change: the one it was last sent with, while unanswered, or a new one.
    pub fn key_for(&self, who: &str, method: &str, path: &str, body: &str, now: Instant) -> Change {
        let digest = self.hasher.hash_one((who, method, path, body));
        let mut keys = self.keys.lock().unwrap_or_else(|e| e.into_inner());
        keys.retain(|_, (_, since)| now.saturating_duration_since(*since) < KEEP);
        if let Some((key, _)) = keys.get(&digest) {
            return Change {
                digest,
                key: key.clone(),
            };
        }
        if keys.len() >= MOST
            && let Some(oldest) = keys
                .iter()
                .min_by_key(|(_, (_, since))| *since)
                .map(|(d, _)| *d)
        {
            keys.remove(&oldest);
        }
        let key = new_key();
        keys.insert(digest, (key.clone(), now));
        Change { digest, key }
    }

    /// The server answered `change`: the same change made again is a new one.
    pub fn answered(&self, change: &Change) {
        let mut keys = self.keys.lock().unwrap_or_else(|e| e.into_inner());
        if keys
            .get(&change.digest)
            .is_some_and(|(k, _)| *k == change.key)
        {
            keys.remove(&change.digest);
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.keys.lock().unwrap().len()
    }
}

/// A key nobody can guess: 128 random bits in hex.
pub fn new_key() -> String {
    let bytes: [u8; 16] = rand::rng().random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether an answer is the server's word on the key it was sent with: one it recorded (a success or
/// a refusal of the change), so the change is settled. Not so: a fault or a gateway's timeout (the
/// change may have been made behind it, and faults are not recorded), a lost session or a rate
/// limit (refused before the key was looked up: an earlier try may have made the change), and the
/// same key still being served (`in_progress`: 409 with Retry-After).
pub fn settles(status: StatusCode, in_progress: bool) -> bool {
    !(status.is_server_error()
        || in_progress
        || matches!(
            status,
            StatusCode::UNAUTHORIZED | StatusCode::REQUEST_TIMEOUT | StatusCode::TOO_MANY_REQUESTS
        ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_keeps_its_key_until_answered() {
        let p = PendingKeys::default();
        let t = Instant::now();
        let first = p.key_for("operatore", "POST", "/notices", "{\"a\":1}", t);
        let again = p.key_for("operatore", "POST", "/notices", "{\"a\":1}", t);
        assert_eq!(first, again, "a press again carries the same key");
        // Another body, path, method or operator is another change.
        for (who, method, path, body) in [
            ("operatore", "POST", "/notices", "{\"a\":2}"),
            ("operatore", "POST", "/receipts", "{\"a\":1}"),
            ("operatore", "PUT", "/notices", "{\"a\":1}"),
            ("supervisore", "POST", "/notices", "{\"a\":1}"),
        ] {
            assert_ne!(p.key_for(who, method, path, body, t).key, first.key);
        }
        p.answered(&first);
        let after = p.key_for("operatore", "POST", "/notices", "{\"a\":1}", t);
        assert_ne!(
            after.key, first.key,
            "answered: the same change is a new one"
        );
    }

    #[test]
    fn old_keys_go_and_the_map_is_bounded() {
        let p = PendingKeys::default();
        let t = Instant::now();
        let first = p.key_for("operatore", "POST", "/notices", "x", t);
        let later = t + KEEP;
        assert_ne!(
            p.key_for("operatore", "POST", "/notices", "x", later).key,
            first.key
        );
        for i in 0..(MOST + 10) {
            p.key_for("operatore", "POST", "/notices", &i.to_string(), later);
        }
        assert_eq!(p.len(), MOST);
    }

    #[test]
    fn only_the_servers_word_on_the_key_settles_it() {
        for s in [200, 201, 400, 403, 404, 409, 422, 423] {
            assert!(settles(StatusCode::from_u16(s).unwrap(), false), "{s}");
        }
        for s in [401, 408, 429, 500, 502, 503, 504] {
            assert!(!settles(StatusCode::from_u16(s).unwrap(), false), "{s}");
        }
        assert!(!settles(StatusCode::CONFLICT, true));
    }
}
