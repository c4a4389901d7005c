//! The time in Italy, with its offset, as pagoPA messages carry it (`2026-12-02T11:46:29+01:00`).
//!
//! Italy follows the EU rule: summer time (+02:00) from 01:00 UTC on the last Sunday of March to
//! 01:00 UTC on the last Sunday of October, +01:00 otherwise. Written here rather than pulling a time
//! zone database for one zone.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Utc};

const WINTER: i32 = 3600;
const SUMMER: i32 = 2 * 3600;

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let first_of_next = NaiveDate::from_ymd_opt(year, month + 1, 1).expect("March or October");
    let last = first_of_next - Duration::days(1);
    let back = last.weekday().num_days_from_sunday();
    last - Duration::days(i64::from(back))
}

/// Italy's offset from UTC at this instant.
pub fn offset_at(instant: DateTime<Utc>) -> FixedOffset {
    let year = instant.year();
    let switch = |month| {
        Utc.from_utc_datetime(
            &last_sunday(year, month)
                .and_hms_opt(1, 0, 0)
                .expect("01:00"),
        )
    };
    let seconds = if instant >= switch(3) && instant < switch(10) {
        SUMMER
    } else {
        WINTER
    };
    FixedOffset::east_opt(seconds).expect("one or two hours")
}

/// This instant as the time in Italy.
pub fn in_italy(instant: DateTime<Utc>) -> DateTime<FixedOffset> {
    instant.with_timezone(&offset_at(instant))
}

/// Now, in Italy, to the second.
pub fn now() -> DateTime<FixedOffset> {
    let now = Utc::now();
    in_italy(now - Duration::nanoseconds(i64::from(now.timestamp_subsec_nanos())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;

    fn is_sunday(day: NaiveDate) -> bool {
        day.weekday() == Weekday::Sun
    }

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn summer_time_starts_and_ends_on_the_eu_sundays_at_one_utc() {
        // 2026: 29 March and 25 October.
        assert!(is_sunday(last_sunday(2026, 3)) && last_sunday(2026, 3).day() == 29);
        assert!(is_sunday(last_sunday(2026, 10)) && last_sunday(2026, 10).day() == 25);
        let at = |t| offset_at(utc(t)).local_minus_utc() / 3600;
        assert_eq!(at("2026-03-29T00:59:59Z"), 1);
        assert_eq!(at("2026-03-29T01:00:00Z"), 2);
        assert_eq!(at("2026-10-25T00:59:59Z"), 2);
        assert_eq!(at("2026-10-25T01:00:00Z"), 1);
        assert_eq!(at("2026-12-02T10:00:00Z"), 1);
        assert_eq!(at("2027-07-01T10:00:00Z"), 2);
    }

    #[test]
    fn writes_the_local_time_with_its_offset() {
        let t = in_italy(utc("2026-07-01T10:30:00Z"));
        assert_eq!(t.to_rfc3339(), "2026-07-01T12:30:00+02:00");
        let t = in_italy(utc("2026-12-31T23:30:00Z"));
        assert_eq!(t.to_rfc3339(), "2027-01-01T00:30:00+01:00");
    }
}
