//! Cancelling a booked meal (disdetta): a parent who cannot use the portal or the app phones the desk.
//! A meal can be cancelled for a school day still to come in this school year, or for today until
//! the cut-off (usually 9:30, when the kitchen orders); after that only a supervisor's correction
//! refunds a day that was charged.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

/// Why a meal cannot be cancelled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum CancelError {
    #[error("no school service on that day")]
    NotASchoolDay,
    #[error("too late: meals are cancelled by the cut-off of the day itself")]
    TooLate { cutoff: NaiveTime },
    #[error("the day is beyond the current school year")]
    TooFar,
    #[error("the meal of that day is already cancelled")]
    AlreadyCancelled,
    #[error("the day is already recorded; a supervisor corrects it")]
    AlreadyRecorded,
}

/// A weekday that is not a school holiday.
pub fn is_school_day(day: NaiveDate, holidays: &[NaiveDate]) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&day)
}

/// The last day a meal may be cancelled for, from `today`: the end of June of the school year.
fn school_year_end(today: NaiveDate) -> NaiveDate {
    let end_year = if today.month() >= 9 {
        today.year() + 1
    } else {
        today.year()
    };
    NaiveDate::from_ymd_opt(end_year, 6, 30).expect("a valid date")
}

/// May the meal of `day` be cancelled at `now`, with the kitchen's `cutoff`?
pub fn check_cancel(
    day: NaiveDate,
    now: NaiveDateTime,
    cutoff: NaiveTime,
    school_day: bool,
) -> Result<(), CancelError> {
    if !school_day {
        return Err(CancelError::NotASchoolDay);
    }
    let today = now.date();
    if day < today || (day == today && now.time() >= cutoff) {
        return Err(CancelError::TooLate { cutoff });
    }
    if day > school_year_end(today) {
        return Err(CancelError::TooFar);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(d: u32, h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, d)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    const CUTOFF: NaiveTime = NaiveTime::from_hms_opt(9, 30, 0).unwrap();

    #[test]
    fn today_until_the_cutoff_and_any_day_to_come() {
        // Tuesday 1 December 2026.
        assert_eq!(check_cancel(day(1), at(1, 9, 29), CUTOFF, true), Ok(()));
        assert_eq!(
            check_cancel(day(1), at(1, 9, 30), CUTOFF, true),
            Err(CancelError::TooLate { cutoff: CUTOFF })
        );
        assert_eq!(check_cancel(day(2), at(1, 18, 0), CUTOFF, true), Ok(()));
        assert_eq!(
            check_cancel(day(1), at(2, 8, 0), CUTOFF, true),
            Err(CancelError::TooLate { cutoff: CUTOFF }),
            "yesterday"
        );
    }

    #[test]
    fn only_school_days_of_this_school_year() {
        let holidays = [day(8)];
        assert!(!is_school_day(day(5), &holidays), "Saturday");
        assert!(!is_school_day(day(8), &holidays), "Immacolata");
        assert!(is_school_day(day(9), &holidays));
        assert_eq!(
            check_cancel(day(5), at(1, 8, 0), CUTOFF, false),
            Err(CancelError::NotASchoolDay)
        );
        let june = NaiveDate::from_ymd_opt(2027, 6, 30).unwrap();
        let july = NaiveDate::from_ymd_opt(2027, 7, 1).unwrap();
        assert_eq!(check_cancel(june, at(1, 8, 0), CUTOFF, true), Ok(()));
        assert_eq!(
            check_cancel(july, at(1, 8, 0), CUTOFF, true),
            Err(CancelError::TooFar)
        );
    }
}
