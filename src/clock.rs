//! The office clock, owned by the backend that holds the data: a store has its own (every rule that
//! depends on the time reads it), a remote desk keeps a copy of the central API's. A `Clock` is a
//! shared handle: a screen holding its backend's clock sees it moved when a test moves the store's.
//!
//! Nothing here is process-wide: two stores in one process can live on two different days.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeDelta, Timelike};

/// What a clock reads before what it was moved by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// The computer's clock.
    System,
    /// This day; the time of day runs with the computer's clock (training on a frozen demo store, a
    /// binary under test): school year, due dates and windows follow that day.
    Date(NaiveDate),
    /// Stopped at this instant: it moves only when moved (tests of cut-offs and waits).
    At(NaiveDateTime),
}

#[derive(Debug, Clone, Copy)]
struct State {
    base: Base,
    /// Added to the base: `advance` in tests, the central API's lead over this computer on a remote desk.
    ahead: TimeDelta,
}

#[derive(Debug, Clone)]
pub struct Clock(Arc<Mutex<State>>);

impl Default for Clock {
    fn default() -> Self {
        Clock::system()
    }
}

impl Clock {
    pub fn new(base: Base) -> Clock {
        Clock(Arc::new(Mutex::new(State {
            base,
            ahead: TimeDelta::zero(),
        })))
    }

    pub fn system() -> Clock {
        Clock::new(Base::System)
    }

    /// On `day`, the time of day running.
    pub fn on_date(day: NaiveDate) -> Clock {
        Clock::new(Base::Date(day))
    }

    /// Stopped at `at`.
    pub fn at(at: NaiveDateTime) -> Clock {
        Clock::new(Base::At(at))
    }

    fn state(&self) -> State {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn reading(&self, local: NaiveDateTime) -> NaiveDateTime {
        let s = self.state();
        let base = match s.base {
            Base::System => local,
            Base::Date(day) => day.and_time(local.time()),
            Base::At(at) => at,
        };
        // A shift no date can carry (a wild header, a huge advance) leaves the base reading.
        base.checked_add_signed(s.ahead).unwrap_or(base)
    }

    /// Local time to the second: what the office clock says.
    pub fn now(&self) -> NaiveDateTime {
        let t = self.reading(chrono::Local::now().naive_local());
        t.with_nanosecond(0).unwrap_or(t)
    }

    pub fn today(&self) -> NaiveDate {
        self.now().date()
    }

    /// The time since the Unix epoch by this clock, for records that must order across processes and
    /// daylight-saving changes (the kiosk's wrong tries): the computer's own, moved as this clock is.
    pub fn since_epoch(&self) -> Duration {
        let local = chrono::Local::now();
        let shift = self.reading(local.naive_local()) - local.naive_local();
        let ms = local.timestamp_millis() + shift.num_milliseconds();
        Duration::from_millis(ms.max(0) as u64)
    }

    /// Moves the clock forward, so a test sees a wait end without waiting for it.
    pub fn advance(&self, by: Duration) {
        let mut s = self.0.lock().unwrap_or_else(|e| e.into_inner());
        s.ahead += TimeDelta::from_std(by).unwrap_or(TimeDelta::MAX);
    }

    /// Makes this clock read as `other` does from now on (every holder of this handle follows).
    pub fn set(&self, other: &Clock) {
        let new = other.state();
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = new;
    }

    /// Follows a clock that read `there` just now (the central API's, from its answer): this
    /// computer's clock, shifted by the difference.
    pub fn follow(&self, there: NaiveDateTime) {
        let local = chrono::Local::now().naive_local();
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = State {
            base: Base::System,
            ahead: there - local,
        };
    }
}

/// The header the central API puts on every answer: its clock's reading, local time.
pub const HEADER: &str = "sportello-clock";
const HEADER_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.3f";

/// A clock's reading as the header says it.
pub fn to_header(clock: &Clock) -> String {
    let local = chrono::Local::now().naive_local();
    clock.reading(local).format(HEADER_FORMAT).to_string()
}

/// The reading in a header; `None` when it is not one, or names a year the API itself would refuse
/// (2000 to 2100): a broken or hostile server cannot move the desk's clock out of the dates it handles.
pub fn from_header(value: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(value.trim(), HEADER_FORMAT)
        .ok()
        .filter(|t| (2000..=2100).contains(&t.year()))
}

impl Clock {
    /// Follows the clock an answer's `HEADER` reads, if it has a readable one (an older server's
    /// answers have none: the clock is left as it was).
    pub fn follow_header(&self, value: Option<&[u8]>) {
        if let Some(there) = value
            .and_then(|v| std::str::from_utf8(v).ok())
            .and_then(from_header)
        {
            self.follow(there);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// A server sending a year no date can be shifted to must not make the desk's next reading panic.
    #[test]
    fn a_wild_header_or_advance_leaves_the_clock_readable() {
        assert_eq!(from_header("+262142-12-31T23:59:59.000"), None);
        assert_eq!(from_header("1999-12-31T23:59:59.000"), None);
        assert!(from_header("2026-12-02T08:00:00.000").is_some());
        let c = Clock::on_date(day(2026, 3, 2));
        c.advance(Duration::MAX);
        assert_eq!(c.today(), day(2026, 3, 2));
    }

    #[test]
    fn a_fixed_day_keeps_its_date_and_moves_when_advanced() {
        let c = Clock::on_date(day(2026, 3, 2));
        assert_eq!(c.today(), day(2026, 3, 2));
        c.advance(Duration::from_secs(2 * 86_400));
        assert_eq!(c.today(), day(2026, 3, 4));
    }

    #[test]
    fn a_stopped_clock_reads_the_same_until_moved_and_every_handle_follows() {
        let at = day(2026, 3, 2).and_hms_opt(9, 29, 0).unwrap();
        let c = Clock::at(at);
        let held = c.clone();
        assert_eq!(c.now(), at);
        c.advance(Duration::from_secs(120));
        assert_eq!(held.now(), at + TimeDelta::minutes(2));
        c.set(&Clock::on_date(day(2027, 1, 1)));
        assert_eq!(held.today(), day(2027, 1, 1));
    }

    #[test]
    fn the_epoch_reading_moves_with_the_clock() {
        let system = Clock::system();
        let ahead = Clock::system();
        ahead.advance(Duration::from_secs(600));
        let diff = ahead.since_epoch().as_secs_f64() - system.since_epoch().as_secs_f64();
        assert!((599.0..=601.0).contains(&diff), "{diff}");
    }

    #[test]
    fn a_followed_clock_reads_the_other_clock_and_the_header_round_trips() {
        let there = Clock::on_date(day(2025, 12, 24));
        let here = Clock::system();
        here.follow(from_header(&to_header(&there)).unwrap());
        assert_eq!(here.today(), day(2025, 12, 24));
        assert_eq!(from_header("yesterday"), None);
    }
}
