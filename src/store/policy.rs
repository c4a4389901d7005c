//! The comune's rules the store applies, from the configuration of whoever holds the store (the
//! central API's, or the desk's own when it works offline).

/// Limits on notices and on enrolment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    pub min_topup_cents: i64,
    pub max_topup_cents: i64,
    /// This issuing point's number (0-99): the first two digits of every IUV base it makes, so that
    /// several desks or servers never issue the same IUV.
    pub issuer: u8,
    /// Days from creation to the due date when the request names none (0: no due date).
    pub due_days: u32,
    /// A family's debt tolerated before its enrolment applications need a supervisor's reason.
    pub enrol_debt_allowed_cents: i64,
    /// Today's meal can be cancelled until this time (the kitchen orders then).
    pub meal_cancel_cutoff: chrono::NaiveTime,
    /// Working days a pagoPA receipt waits for its reconciliation flow before the report lists it.
    pub fdr_grace_days: u32,
}

// `Default` (the built-in configuration's values) is implemented in `config::settings`, beside the
// one file where defaults are written.
