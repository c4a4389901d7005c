//! Operator sessions: opaque random bearer tokens that expire after 8 hours without use, revoked on
//! logout; login attempts limited per user name and per client address.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rand::Rng;

use crate::backend::Operator;

const IDLE: Duration = Duration::from_secs(8 * 3600);
const WINDOW: Duration = Duration::from_secs(60);
const MAX_ATTEMPTS: usize = 5;

#[derive(Default)]
pub struct Sessions {
    tokens: Mutex<HashMap<String, (Operator, Instant)>>,
    attempts: Mutex<HashMap<String, Vec<Instant>>>,
}

impl Sessions {
    pub fn open(&self, operator: Operator) -> String {
        let bytes: [u8; 32] = rand::rng().random();
        let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        self.tokens
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(token.clone(), (operator, Instant::now()));
        token
    }

    /// The operator of a live token; using it extends its life.
    pub fn check(&self, token: &str) -> Option<Operator> {
        let mut tokens = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        match tokens.get_mut(token) {
            Some((op, last)) if now.duration_since(*last) < IDLE => {
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

    /// Counts a login attempt; false once the user name or the address made too many in the last minute.
    pub fn allow_attempt(&self, username: &str, addr: Option<IpAddr>) -> bool {
        let mut attempts = self.attempts.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let keys = [
            format!("user:{}", username.trim().to_lowercase()),
            format!("addr:{}", addr.map(|a| a.to_string()).unwrap_or_default()),
        ];
        let mut allowed = true;
        for k in &keys {
            let list = attempts.entry(k.clone()).or_default();
            list.retain(|t| now.duration_since(*t) < WINDOW);
            if list.len() >= MAX_ATTEMPTS {
                allowed = false;
            }
        }
        if allowed {
            for k in keys {
                attempts.entry(k).or_default().push(now);
            }
        }
        allowed
    }
}
