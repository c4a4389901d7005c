//! Following a notice whose QR code is on screen until it is paid (the desk's payment screen, the
//! kiosk's notice): a read every 2 seconds, paced on the program's one-second tick (the same tick
//! that runs the idle lock), never a second read while one is out. One per program, so a desk sends
//! at most one follow read every 2 seconds whatever its screens do.

use std::time::{Duration, Instant};

/// How often the notice is read again: the central API sees at most one follow read per desk in
/// this time.
pub const EVERY: Duration = Duration::from_secs(2);

/// Ticks come once a second, each a few milliseconds late: without this slack a tick landing just
/// short of `EVERY` would put the next read a whole second later (3 s between reads, the payment
/// seen a second late). Far less than a tick, so reads go out on every second tick, never on two in
/// a row; only a tick held up by more than 0.9 s could bring one 1.9 s after the last.
const SLACK: Duration = Duration::from_millis(100);

#[derive(Debug, Default)]
pub struct Follow {
    /// When the last follow read went out (the program's clock, the tick's instant).
    sent: Option<Instant>,
    /// A read is out and its answer has not come back.
    waiting: bool,
}

impl Follow {
    /// Whether a follow read may go out at `now`; when it may, it counts as sent.
    pub fn due(&mut self, now: Instant) -> bool {
        if self.waiting {
            return false;
        }
        if let Some(sent) = self.sent
            && now + SLACK < sent + EVERY
        {
            return false;
        }
        self.sent = Some(now);
        self.waiting = true;
        true
    }

    /// The answer of the read came back (whatever it says): the next may go when due.
    pub fn answered(&mut self) {
        self.waiting = false;
    }

    /// Whether a read is out.
    pub fn waiting(&self) -> bool {
        self.waiting
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ticks once a second, each answered before the next tick: the instants at which reads go.
    fn reads_over(ticks: u64, late_ms: impl Fn(u64) -> u64) -> Vec<u64> {
        let start = Instant::now();
        let mut f = Follow::default();
        let mut sent = Vec::new();
        for s in 0..ticks {
            let now = start + Duration::from_millis(s * 1000 + late_ms(s));
            if f.due(now) {
                sent.push(s);
                f.answered();
            }
        }
        sent
    }

    #[test]
    fn one_read_every_second_tick() {
        assert_eq!(reads_over(9, |_| 0), vec![0, 2, 4, 6, 8]);
    }

    #[test]
    fn a_late_tick_does_not_slip_the_pace_by_a_second() {
        // Every other sending tick is 40 ms late, the next one two seconds on is on time.
        let late = |s: u64| if s % 4 == 2 { 0 } else { 40 };
        assert_eq!(reads_over(9, late), vec![0, 2, 4, 6, 8]);
    }

    #[test]
    fn ticks_in_a_burst_send_one_read() {
        // After a stall the timer may deliver several ticks at once.
        let start = Instant::now();
        let mut f = Follow::default();
        assert!(f.due(start));
        f.answered();
        let burst = start + Duration::from_secs(3);
        let sent = (0..3)
            .filter(|i| {
                let go = f.due(burst + Duration::from_millis(*i));
                f.answered();
                go
            })
            .count();
        assert_eq!(sent, 1);
    }

    #[test]
    fn no_second_read_while_one_is_out() {
        let start = Instant::now();
        let mut f = Follow::default();
        assert!(f.due(start));
        for s in 1..10 {
            assert!(!f.due(start + Duration::from_secs(s)), "second {s}");
        }
        assert!(f.waiting());
        f.answered();
        // A slow answer: the next read goes at the next tick, the pace already kept.
        assert!(f.due(start + Duration::from_secs(10)));
    }
}
