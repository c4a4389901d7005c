//! Operator sessions: opaque random bearer tokens that expire after 8 hours without use, revoked on
//! logout; login attempts limited per user name and per client address.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rand::Rng;

use crate::backend::Operator;

pub const IDLE: Duration = Duration::from_secs(8 * 3600);
const WINDOW: Duration = Duration::from_secs(60);
/// Failed attempts a minute for one user name (the store then makes that name wait, issue 11).
const MAX_PER_USER: usize = 5;
/// Failed attempts a minute from one address, whatever the names: high enough that one colleague's
/// typos never lock out the rest of an office behind the same address, low enough to stop a
/// sweep of names.
const MAX_PER_ADDRESS: usize = 30;
/// Above this many entries the maps are swept of expired tokens and stale counters, so a flood of
/// made-up user names or abandoned sessions cannot grow memory without bound.
const SWEEP_ABOVE: usize = 4096;

pub struct Sessions {
    idle: Duration,
    tokens: Mutex<HashMap<String, (Operator, Instant)>>,
    attempts: Mutex<HashMap<String, Vec<Instant>>>,
}

impl Default for Sessions {
    fn default() -> Self {
        Sessions::with_idle(IDLE)
    }
}

/// What `allow_attempt` counted, so a successful login can take its attempt back.
pub struct Attempt {
    keys: [String; 2],
    at: Instant,
}

impl Sessions {
    pub fn with_idle(idle: Duration) -> Sessions {
        Sessions {
            idle,
            tokens: Mutex::default(),
            attempts: Mutex::default(),
        }
    }

    pub fn open(&self, operator: Operator) -> String {
        let bytes: [u8; 32] = rand::rng().random();
        let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let mut tokens = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if tokens.len() > SWEEP_ABOVE {
            tokens.retain(|_, (_, last)| now.duration_since(*last) < self.idle);
        }
        tokens.insert(token.clone(), (operator, now));
        token
    }

    /// The operator of a live token; using it extends its life.
    pub fn check(&self, token: &str) -> Option<Operator> {
        let mut tokens = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        match tokens.get_mut(token) {
            Some((op, last)) if now.duration_since(*last) < self.idle => {
                *last = now;
                Some(op.clone())
            }
            Some(_) => {
                tokens.remove(token);
                None
            }
            None => None,
        }
    }

    pub fn close(&self, token: &str) {
        self.tokens
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(token);
    }

    /// Changes what a live token acts as (the kiosk's identified parent, set or cleared).
    pub fn replace(&self, token: &str, operator: Operator) {
        if let Some((op, _)) = self
            .tokens
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get_mut(token)
        {
            *op = operator;
        }
    }

    /// Counts a login attempt; `None` once the user name (5) or the address (30) made too many in the
    /// last minute. Counted before the password is checked, so parallel guesses cannot slip past the limit;
    /// a successful login takes its attempt back (`succeeded`), so an office of desks behind one address
    /// can all log in at 8:00.
    pub fn allow_attempt(&self, username: &str, addr: Option<IpAddr>) -> Option<Attempt> {
        self.allow("", username, addr)
    }

    /// The same limit for a parent's portal password tested through the API, counted apart from the
    /// operators' own logins (a desk's wrong guesses for a parent do not lock its staff out).
    pub fn allow_portal_attempt(&self, username: &str, addr: Option<IpAddr>) -> Option<Attempt> {
        self.allow("portal-", username, addr)
    }

    fn allow(&self, scope: &str, username: &str, addr: Option<IpAddr>) -> Option<Attempt> {
        let mut attempts = self.attempts.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if attempts.len() > SWEEP_ABOVE {
            attempts.retain(|_, list| {
                list.retain(|t| now.duration_since(*t) < WINDOW);
                !list.is_empty()
            });
        }
        let keys = [
            format!("{scope}user:{}", username.trim().to_lowercase()),
            format!(
                "{scope}addr:{}",
                addr.map(|a| a.to_string()).unwrap_or_default()
            ),
        ];
        let mut allowed = true;
        for (k, max) in keys.iter().zip([MAX_PER_USER, MAX_PER_ADDRESS]) {
            let list = attempts.entry(k.clone()).or_default();
            list.retain(|t| now.duration_since(*t) < WINDOW);
            if list.len() >= max {
                allowed = false;
            }
        }
        if !allowed {
            return None;
        }
        for k in &keys {
            attempts.entry(k.clone()).or_default().push(now);
        }
        Some(Attempt { keys, at: now })
    }

    pub fn succeeded(&self, attempt: Attempt) {
        let mut attempts = self.attempts.lock().unwrap_or_else(|e| e.into_inner());
        for k in &attempt.keys {
            if let Some(list) = attempts.get_mut(k)
                && let Some(i) = list.iter().position(|t| *t == attempt.at)
            {
                list.remove(i);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_a_minute_per_name_thirty_per_address_and_successes_do_not_count() {
        let s = Sessions::default();
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        for _ in 0..20 {
            let a = s.allow_attempt("operatore", Some(ip)).unwrap();
            s.succeeded(a);
        }
        for _ in 0..5 {
            assert!(s.allow_attempt("operatore", Some(ip)).is_some());
        }
        assert!(s.allow_attempt("operatore", Some(ip)).is_none());
        // A colleague behind the same address is not held up by one user's mistakes...
        assert!(s.allow_attempt("altro", Some(ip)).is_some());
        // ...but a sweep of names from one address is: 30 failures a minute, then refused.
        for i in 0..24 {
            assert!(s.allow_attempt(&format!("nome{i}"), Some(ip)).is_some());
        }
        assert!(s.allow_attempt("ancora", Some(ip)).is_none());
        let other: IpAddr = "10.0.0.2".parse().unwrap();
        assert!(s.allow_attempt("ancora", Some(other)).is_some());
    }

    #[test]
    fn tokens_expire_when_idle_and_are_revoked() {
        let s = Sessions::with_idle(Duration::from_millis(50));
        let op = Operator {
            username: "operatore".into(),
            full_name: String::new(),
            role: crate::backend::Role::Operator,
            kiosk_parent: None,
        };
        let t = s.open(op.clone());
        assert!(s.check(&t).is_some());
        std::thread::sleep(Duration::from_millis(80));
        assert!(s.check(&t).is_none());
        let t = s.open(op);
        s.close(&t);
        assert!(s.check(&t).is_none());
    }
}
