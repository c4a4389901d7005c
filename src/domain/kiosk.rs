//! The kiosk's identification rule: a parent names their codice fiscale and one of their children's PAN
//! codes; after three wrong tries in a row the kiosk refuses every try for sixty seconds. The same
//! rule runs where the data lives (the store refuses) and on the kiosk screen (the countdown).

use std::time::{Duration, Instant};

pub const MAX_TRIES: u32 = 3;
pub const WAIT: Duration = Duration::from_secs(60);

/// Wrong tries so far, and the end of the current wait.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Throttle {
    failures: u32,
    until: Option<Instant>,
}

impl Throttle {
    /// Time left before a new try is accepted.
    pub fn wait_left(&self, now: Instant) -> Option<Duration> {
        self.until
            .and_then(|u| u.checked_duration_since(now))
            .filter(|d| !d.is_zero())
    }

    /// Counts a wrong try; true when this one starts the wait.
    pub fn failed(&mut self, now: Instant) -> bool {
        self.failures += 1;
        if self.failures >= MAX_TRIES {
            self.failures = 0;
            self.until = Some(now + WAIT);
            return true;
        }
        false
    }

    /// Starts the wait now (the backend refused: its own count reached the limit first).
    pub fn start_wait(&mut self, now: Instant) {
        self.failures = 0;
        self.until = Some(now + WAIT);
    }

    pub fn succeeded(&mut self) {
        *self = Throttle::default();
    }

    pub fn tries_left(&self) -> u32 {
        MAX_TRIES - self.failures
    }
}

/// A PAN code as typed at the kiosk: spaces dropped, upper case.
pub fn normalise_pan(pan: &str) -> String {
    pan.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// A name as the kiosk shows it: the first name and the surname's initial ("Marco R."), in title
/// case whatever the register holds (many registers are in capitals).
pub fn short_name(name: &str, surname: &str) -> String {
    let first = title_case(name.split_whitespace().next().unwrap_or(""));
    match surname.trim().chars().next() {
        Some(i) => format!("{first} {}.", i.to_uppercase()),
        None => first,
    }
}

fn title_case(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_wrong_tries_start_a_minute_wait() {
        let t0 = Instant::now();
        let mut t = Throttle::default();
        assert!(!t.failed(t0));
        assert!(!t.failed(t0));
        assert_eq!(t.tries_left(), 1);
        assert!(t.wait_left(t0).is_none());
        assert!(t.failed(t0));
        assert_eq!(t.wait_left(t0), Some(WAIT));
        assert!(t.wait_left(t0 + Duration::from_secs(59)).is_some());
        assert!(t.wait_left(t0 + WAIT).is_none());
        // After the wait, three more tries.
        assert_eq!(t.tries_left(), 3);
    }

    #[test]
    fn a_right_try_resets_the_count() {
        let t0 = Instant::now();
        let mut t = Throttle::default();
        t.failed(t0);
        t.failed(t0);
        t.succeeded();
        assert!(!t.failed(t0));
        assert!(!t.failed(t0));
    }

    #[test]
    fn pan_and_names() {
        assert_eq!(normalise_pan(" bf 0000012 "), "BF0000012");
        assert_eq!(short_name("Maria Grazia", "Rossi"), "Maria R.");
        assert_eq!(short_name("Luca", ""), "Luca");
        assert_eq!(short_name("GIUSEPPE", "PALMA"), "Giuseppe P.");
        assert_eq!(short_name("élodie", "ørsted"), "Élodie Ø.");
    }
}
