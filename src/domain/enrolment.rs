//! Enrolment windows and applications (DOMAIN.md §2.3).
//!
//! An application is a draft while the parent (or the desk) fills it in; once submitted it is immutable
//! and only the office accepts or rejects it. Submitting outside the window, or while the family owes
//! more than the comune tolerates, is allowed only to a supervisor, who must give a reason (an
//! instalment plan, a late transfer from another comune).

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// An enrolment window ("avviso") for one service and school year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationState {
    Draft,
    Submitted,
    /// Accepted in principle, but the school's places for the service are taken: waiting in line.
    Waitlisted,
    Accepted,
    Rejected,
    /// A draft the family gave up; kept (nothing is lost) but no longer listed as open.
    Discarded,
}

impl ApplicationState {
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationState::Draft => "draft",
            ApplicationState::Submitted => "submitted",
            ApplicationState::Waitlisted => "waitlisted",
            ApplicationState::Accepted => "accepted",
            ApplicationState::Rejected => "rejected",
            ApplicationState::Discarded => "discarded",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(ApplicationState::Draft),
            "submitted" => Some(ApplicationState::Submitted),
            "waitlisted" => Some(ApplicationState::Waitlisted),
            "discarded" => Some(ApplicationState::Discarded),
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
    #[error("the family is in debt; only a supervisor may submit, with a reason")]
    InDebt { debt_cents: i64 },
    #[error("a late submission, or one with a debt, needs a reason")]
    ReasonRequired,
    #[error("only a submitted application can be accepted or rejected")]
    NotSubmitted,
    #[error("the application was already decided")]
    AlreadyDecided,
    #[error("a refusal needs a reason the parent will read")]
    RefusalReasonRequired,
    #[error("only a draft can be discarded")]
    NotDiscardable,
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

/// A family's debt when an application is sent, and how much the comune tolerates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Debt {
    pub cents: i64,
    pub allowed_cents: i64,
}

impl Debt {
    pub fn blocks(&self) -> bool {
        self.cents > self.allowed_cents
    }
}

/// What a family owes: its negative balances on prepaid services, added up (credit on one child's
/// wallet does not pay another's debt).
pub fn family_debt_cents(balances: impl IntoIterator<Item = i64>) -> i64 {
    balances.into_iter().filter(|b| *b < 0).map(|b| -b).sum()
}

/// May this application be submitted now by this actor? Outside the window or in debt, only a
/// supervisor, with a `reason`.
pub fn check_submit(
    state: ApplicationState,
    window: &Window,
    now: NaiveDateTime,
    actor: Actor,
    debt: Debt,
    reason: Option<&str>,
) -> Result<(), EnrolmentError> {
    check_editable(state)?;
    let late = !window.is_open_at(now);
    if !late && !debt.blocks() {
        return Ok(());
    }
    if !actor.supervisor {
        return Err(if late {
            EnrolmentError::WindowClosed
        } else {
            EnrolmentError::InDebt {
                debt_cents: debt.cents,
            }
        });
    }
    match reason.map(str::trim) {
        Some(r) if !r.is_empty() => Ok(()),
        _ => Err(EnrolmentError::ReasonRequired),
    }
}

/// May the office decide (accept or refuse) an application in this state? A sent one, or one
/// waiting for a place; a decided one stays as it was (a second accept changes nothing).
pub fn check_decidable(state: ApplicationState) -> Result<(), EnrolmentError> {
    match state {
        ApplicationState::Submitted | ApplicationState::Waitlisted => Ok(()),
        ApplicationState::Accepted | ApplicationState::Rejected => {
            Err(EnrolmentError::AlreadyDecided)
        }
        ApplicationState::Draft | ApplicationState::Discarded => Err(EnrolmentError::NotSubmitted),
    }
}

/// A refusal's reason, trimmed: the parent reads it in the letter, so it may not be blank.
pub fn refusal_reason(reason: &str) -> Result<&str, EnrolmentError> {
    match reason.trim() {
        "" => Err(EnrolmentError::RefusalReasonRequired),
        r => Ok(r),
    }
}

/// May a draft be discarded?
pub fn check_discardable(state: ApplicationState) -> Result<(), EnrolmentError> {
    if state == ApplicationState::Draft {
        Ok(())
    } else {
        Err(EnrolmentError::NotDiscardable)
    }
}

/// The places of a service at one school in a school year, as an acceptance sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Places {
    /// `None`: the service has no limit at that school.
    pub limit: Option<u32>,
    /// Children enrolled and not withdrawn.
    pub taken: u32,
    /// Applications waiting for a place there that were sent before this one.
    pub ahead: u32,
}

/// What accepting an application gives: a place, or a position in the waiting list (1 = next).
/// Places go in the order applications were sent: one that would jump the line waits.
pub fn seat(places: Places) -> Option<u32> {
    match places.limit {
        Some(limit) if places.taken >= limit || places.ahead > 0 => Some(places.ahead + 1),
        _ => None,
    }
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
    const NO_DEBT: Debt = Debt {
        cents: 0,
        allowed_cents: 0,
    };

    /// A draft of the test window sent on day `day` of June.
    fn send(
        day: u32,
        actor: Actor,
        debt: Debt,
        reason: Option<&str>,
    ) -> Result<(), EnrolmentError> {
        check_submit(
            ApplicationState::Draft,
            &window(),
            at(day),
            actor,
            debt,
            reason,
        )
    }

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
        assert_eq!(send(10, OPERATOR, NO_DEBT, None), Ok(()));
    }

    #[test]
    fn outside_window_operator_is_refused() {
        assert_eq!(
            send(25, OPERATOR, NO_DEBT, Some("late")),
            Err(EnrolmentError::WindowClosed)
        );
    }

    #[test]
    fn outside_window_supervisor_needs_reason() {
        assert_eq!(
            send(25, SUPERVISOR, NO_DEBT, Some("  ")),
            Err(EnrolmentError::ReasonRequired)
        );
        assert_eq!(send(25, SUPERVISOR, NO_DEBT, Some("trasferimento")), Ok(()));
    }

    #[test]
    fn a_family_in_debt_needs_a_supervisor_with_a_reason() {
        let debt = Debt {
            cents: family_debt_cents([-1250, 3000, -250]),
            allowed_cents: 0,
        };
        assert_eq!(
            debt.cents, 1500,
            "credit on one wallet does not pay another's debt"
        );
        assert_eq!(
            send(10, OPERATOR, debt, None),
            Err(EnrolmentError::InDebt { debt_cents: 1500 })
        );
        assert_eq!(
            send(10, SUPERVISOR, debt, None),
            Err(EnrolmentError::ReasonRequired)
        );
        assert_eq!(
            send(10, SUPERVISOR, debt, Some("piano di rateizzazione")),
            Ok(())
        );
        let tolerated = Debt {
            allowed_cents: 2000,
            ..debt
        };
        assert_eq!(send(10, OPERATOR, tolerated, None), Ok(()));
        // Late and in debt: the closed window is what an operator is told first.
        assert_eq!(
            send(25, OPERATOR, debt, None),
            Err(EnrolmentError::WindowClosed)
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
                NO_DEBT,
                None
            ),
            Err(EnrolmentError::NotADraft)
        );
    }

    #[test]
    fn only_sent_or_waiting_is_decided() {
        use ApplicationState::*;
        assert_eq!(check_decidable(Submitted), Ok(()));
        assert_eq!(check_decidable(Waitlisted), Ok(()));
        assert_eq!(check_decidable(Draft), Err(EnrolmentError::NotSubmitted));
        assert_eq!(
            check_decidable(Discarded),
            Err(EnrolmentError::NotSubmitted)
        );
        assert_eq!(
            check_decidable(Accepted),
            Err(EnrolmentError::AlreadyDecided)
        );
        assert_eq!(
            check_decidable(Rejected),
            Err(EnrolmentError::AlreadyDecided)
        );
        assert_eq!(check_discardable(Draft), Ok(()));
        assert_eq!(
            check_discardable(Submitted),
            Err(EnrolmentError::NotDiscardable)
        );
        assert_eq!(
            refusal_reason("  "),
            Err(EnrolmentError::RefusalReasonRequired)
        );
        assert_eq!(refusal_reason(" fuori bacino "), Ok("fuori bacino"));
    }

    #[test]
    fn places_go_in_the_order_applications_were_sent() {
        let p = |limit, taken, ahead| Places {
            limit,
            taken,
            ahead,
        };
        assert_eq!(seat(p(None, 500, 0)), None, "no limit: always a place");
        assert_eq!(seat(p(Some(20), 19, 0)), None, "the last place");
        assert_eq!(seat(p(Some(20), 20, 0)), Some(1), "full: first in line");
        assert_eq!(seat(p(Some(20), 20, 2)), Some(3));
        assert_eq!(
            seat(p(Some(20), 10, 1)),
            Some(2),
            "a free place goes to who waits first"
        );
        assert_eq!(seat(p(Some(0), 0, 0)), Some(1));
    }
}
