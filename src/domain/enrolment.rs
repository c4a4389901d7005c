//! Enrolment windows and applications (DOMAIN.md §2.3).
//!
//! An application is a draft while the parent (or the desk) fills it in; once submitted it is immutable
//! and only the office accepts or rejects it. Submitting outside the window is allowed only to a
//! supervisor, who must give a reason.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// An enrolment window ("avviso") for one service and school year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub id: i64,
    pub service: String,
    pub school_year: String,
    pub description: String,
    pub opens_at: NaiveDateTime,
    pub closes_at: NaiveDateTime,
}

impl Window {
    pub fn is_open_at(&self, now: NaiveDateTime) -> bool {
        self.opens_at <= now && now <= self.closes_at
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationState {
    Draft,
    Submitted,
    Accepted,
    Rejected,
}

impl ApplicationState {
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationState::Draft => "draft",
            ApplicationState::Submitted => "submitted",
            ApplicationState::Accepted => "accepted",
            ApplicationState::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(ApplicationState::Draft),
            "submitted" => Some(ApplicationState::Submitted),
            "accepted" => Some(ApplicationState::Accepted),
            "rejected" => Some(ApplicationState::Rejected),
            _ => None,
        }
    }
}

/// Why a change to an application is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum EnrolmentError {
    #[error("the application was already submitted and can no longer be changed")]
    NotADraft,
    #[error("the enrolment window is closed; only a supervisor may submit, with a reason")]
    WindowClosed,
    #[error("a late submission needs a reason")]
    ReasonRequired,
    #[error("only a submitted application can be accepted or rejected")]
    NotSubmitted,
}

/// The school year a date falls in, as `2026/2027`: a year starts on 1 September.
pub fn school_year_of(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let start = if date.month() >= 9 {
        date.year()
    } else {
        date.year() - 1
    };
    format!("{}/{}", start, start + 1)
}

/// Who is acting and how: the facts the rules need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub supervisor: bool,
}

/// May a draft be edited?
pub fn check_editable(state: ApplicationState) -> Result<(), EnrolmentError> {
    if state == ApplicationState::Draft {
        Ok(())
    } else {
        Err(EnrolmentError::NotADraft)
    }
}

/// May this application be submitted now by this actor? `late_reason` is required outside the window.
pub fn check_submit(
    state: ApplicationState,
    window: &Window,
    now: NaiveDateTime,
    actor: Actor,
    late_reason: Option<&str>,
) -> Result<(), EnrolmentError> {
    check_editable(state)?;
    if window.is_open_at(now) {
        return Ok(());
    }
    if !actor.supervisor {
        return Err(EnrolmentError::WindowClosed);
    }
    match late_reason.map(str::trim) {
        Some(r) if !r.is_empty() => Ok(()),
        _ => Err(EnrolmentError::ReasonRequired),
    }
}

/// The office's decision on a submitted application.
pub fn decide(state: ApplicationState, accept: bool) -> Result<ApplicationState, EnrolmentError> {
    if state != ApplicationState::Submitted {
        return Err(EnrolmentError::NotSubmitted);
    }
    Ok(if accept {
        ApplicationState::Accepted
    } else {
        ApplicationState::Rejected
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(d: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 6, d)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap()
    }

    fn window() -> Window {
        Window {
            id: 1,
            service: "refezione".into(),
            school_year: "2026/2027".into(),
            description: "Iscrizioni refezione".into(),
            opens_at: at(1),
            closes_at: at(20),
        }
    }

    const OPERATOR: Actor = Actor { supervisor: false };
    const SUPERVISOR: Actor = Actor { supervisor: true };

    #[test]
    fn school_year_starts_in_september() {
        assert_eq!(
            school_year_of(NaiveDate::from_ymd_opt(2026, 8, 31).unwrap()),
            "2025/2026"
        );
        assert_eq!(
            school_year_of(NaiveDate::from_ymd_opt(2026, 9, 1).unwrap()),
            "2026/2027"
        );
        assert_eq!(
            school_year_of(NaiveDate::from_ymd_opt(2027, 1, 10).unwrap()),
            "2026/2027"
        );
    }

    #[test]
    fn inside_window_anyone_submits() {
        assert_eq!(
            check_submit(ApplicationState::Draft, &window(), at(10), OPERATOR, None),
            Ok(())
        );
    }

    #[test]
    fn outside_window_operator_is_refused() {
        assert_eq!(
            check_submit(
                ApplicationState::Draft,
                &window(),
                at(25),
                OPERATOR,
                Some("late")
            ),
            Err(EnrolmentError::WindowClosed)
        );
    }

    #[test]
    fn outside_window_supervisor_needs_reason() {
        let w = window();
        assert_eq!(
            check_submit(ApplicationState::Draft, &w, at(25), SUPERVISOR, Some("  ")),
            Err(EnrolmentError::ReasonRequired)
        );
        assert_eq!(
            check_submit(
                ApplicationState::Draft,
                &w,
                at(25),
                SUPERVISOR,
                Some("trasferimento")
            ),
            Ok(())
        );
    }

    #[test]
    fn submitted_is_immutable() {
        assert_eq!(
            check_editable(ApplicationState::Submitted),
            Err(EnrolmentError::NotADraft)
        );
        assert_eq!(
            check_submit(
                ApplicationState::Submitted,
                &window(),
                at(10),
                SUPERVISOR,
                None
            ),
            Err(EnrolmentError::NotADraft)
        );
    }

    #[test]
    fn only_submitted_is_decided() {
        assert_eq!(
            decide(ApplicationState::Submitted, true),
            Ok(ApplicationState::Accepted)
        );
        assert_eq!(
            decide(ApplicationState::Submitted, false),
            Ok(ApplicationState::Rejected)
        );
        assert_eq!(
            decide(ApplicationState::Draft, true),
            Err(EnrolmentError::NotSubmitted)
        );
    }
}
