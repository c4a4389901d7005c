//! Italian civil time (Europe/Rome) from an instant: what the office clock would have read. Receipts
//! carry times with a zone; the store keeps office time.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};

/// CET (UTC+1), and CEST (UTC+2) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
/// Sunday of October (the EU rule since 1996).
pub fn from_utc(utc: NaiveDateTime) -> NaiveDateTime {
    let year = utc.year();
    let summer_from = last_sunday(year, 3)
        .and_hms_opt(1, 0, 0)
        .expect("valid time");
    let summer_until = last_sunday(year, 10)
        .and_hms_opt(1, 0, 0)
        .expect("valid time");
    let offset = if utc >= summer_from && utc < summer_until {
        2
    } else {
        1
    };
    utc + Duration::hours(offset)
}

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let last =
        NaiveDate::from_ymd_opt(year, month + 1, 1).expect("valid month") - Duration::days(1);
    let back = last.weekday().num_days_from_sunday();
    last - Duration::days(i64::from(back))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").unwrap()
    }

    #[test]
    fn winter_is_one_hour_ahead_summer_two() {
        assert_eq!(
            from_utc(at("2026-12-02T10:00:00")),
            at("2026-12-02T11:00:00")
        );
        assert_eq!(
            from_utc(at("2026-07-01T22:30:00")),
            at("2026-07-02T00:30:00")
        );
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
        assert_eq!(
            from_utc(at("2026-03-29T00:59:59")),
            at("2026-03-29T01:59:59")
        );
        assert_eq!(
            from_utc(at("2026-03-29T01:00:00")),
            at("2026-03-29T03:00:00")
        );
        assert_eq!(
            from_utc(at("2026-10-25T00:59:59")),
            at("2026-10-25T02:59:59")
        );
        assert_eq!(
            from_utc(at("2026-10-25T01:00:00")),
            at("2026-10-25T02:00:00")
        );
    }
}
