//! Desk staff login lockout, per user name: five wrong passwords in a row make that name wait five
//! minutes; ten within an hour lock it for an hour, or until another supervisor unlocks it. A stranger
//! can so delay one colleague, never the whole office: others at the same desk are not affected.
//! While a name waits or is locked even the right password is refused (else the wait would be an
//! oracle). Times are the store's clock, passed in, so the rule is tested without waiting.

use chrono::{NaiveDateTime, TimeDelta};

pub const WAIT_AFTER: u32 = 5;
pub const WAIT: TimeDelta = TimeDelta::minutes(5);
pub const LOCK_AFTER: usize = 10;
pub const WINDOW: TimeDelta = TimeDelta::hours(1);
pub const LOCK: TimeDelta = TimeDelta::hours(1);

/// What the store remembers of one user name's wrong passwords.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StaffLockout {
    /// Wrong passwords in a row since the last success or the last wait.
    pub streak: u32,
    /// The wrong passwords of the last hour (the newest `LOCK_AFTER`), oldest first.
    pub recent: Vec<NaiveDateTime>,
    pub wait_until: Option<NaiveDateTime>,
    pub locked_until: Option<NaiveDateTime>,
}

/// A refusal before any password is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Blocked {
    pub until: NaiveDateTime,
    /// The hour's lock (a supervisor may lift it), rather than the five minutes' wait.
    pub locked: bool,
}

impl Blocked {
    /// Whole seconds left, at least one (a client told 0 would try again at once).
    pub fn seconds_left(&self, now: NaiveDateTime) -> u64 {
        (self.until - now).num_seconds().max(1) as u64
    }

    /// Minutes left, rounded up: what a person is told.
    pub fn minutes_left(&self, now: NaiveDateTime) -> u64 {
        self.seconds_left(now).div_ceil(60)
    }
}

impl StaffLockout {
    /// Whether a try is refused now, without looking at the password.
    pub fn blocked(&self, now: NaiveDateTime) -> Option<Blocked> {
        if let Some(until) = self.locked_until.filter(|u| *u > now) {
            return Some(Blocked {
                until,
                locked: true,
            });
        }
        self.wait_until.filter(|u| *u > now).map(|until| Blocked {
            until,
            locked: false,
        })
    }

    /// Counts a wrong password; the wait or lock it starts, if any.
    pub fn failed(&mut self, now: NaiveDateTime) -> Option<Blocked> {
        self.forget_old(now);
        self.recent.push(now);
        if self.recent.len() > LOCK_AFTER {
            self.recent.remove(0);
        }
        self.streak += 1;
        if self.recent.len() >= LOCK_AFTER {
            self.locked_until = Some(now + LOCK);
            self.recent.clear();
            self.streak = 0;
        } else if self.streak >= WAIT_AFTER {
            self.wait_until = Some(now + WAIT);
            self.streak = 0;
        }
        self.blocked(now)
    }

    /// Wrong passwords older than the hour no longer count, in a row or in total.
    /// A right password ends the run of wrong ones in a row, nothing more: the hour's wrong passwords
    /// still count towards the lock, or a guesser could try four times between each of the real
    /// user's logins for ever.
    pub fn succeeded(&mut self) {
        self.streak = 0;
    }

    fn forget_old(&mut self, now: NaiveDateTime) {
        self.recent.retain(|t| now - *t < WINDOW);
        if self.recent.is_empty() {
            self.streak = 0;
        }
    }

    /// Wrong passwords that still count now.
    pub fn recent_failures(&self, now: NaiveDateTime) -> usize {
        self.recent.iter().filter(|t| now - **t < WINDOW).count()
    }

    /// Nothing left worth keeping: no wait, no lock, no wrong password within the hour.
    pub fn is_spent(&self, now: NaiveDateTime) -> bool {
        self.blocked(now).is_none() && self.recent_failures(now) == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 3, 2)
            .unwrap()
            .and_hms_opt(8, 0, 0)
            .unwrap()
    }

    #[test]
    fn five_in_a_row_wait_five_minutes_then_ten_in_the_hour_lock() {
        let mut s = StaffLockout::default();
        let now = t0();
        for _ in 0..4 {
            assert_eq!(s.failed(now), None);
        }
        let wait = s.failed(now).expect("the fifth waits");
        assert!(!wait.locked);
        assert_eq!(wait.seconds_left(now), 300);
        assert_eq!(s.blocked(now + TimeDelta::seconds(299)), Some(wait));
        let later = now + WAIT;
        assert_eq!(s.blocked(later), None, "the wait ends by itself");
        for _ in 0..4 {
            assert_eq!(s.failed(later), None);
        }
        let lock = s.failed(later).expect("the tenth in the hour locks");
        assert!(lock.locked);
        assert_eq!(lock.minutes_left(later), 60);
        assert_eq!(s.blocked(later + LOCK), None, "an hour lifts the lock");
        assert!(s.is_spent(later + LOCK));
    }

    #[test]
    fn wrong_passwords_older_than_an_hour_do_not_count() {
        let mut s = StaffLockout::default();
        for _ in 0..4 {
            s.failed(t0());
        }
        let next_day = t0() + TimeDelta::hours(2);
        assert!(s.is_spent(next_day));
        assert_eq!(s.failed(next_day), None, "a new streak starts");
        assert_eq!(s.streak, 1);
    }
}
