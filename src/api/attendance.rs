//! Meals (attendance), money history and what the families owe.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{CfPath, Visitor, endpoint};
use crate::backend::{
    AttendanceDay, AttendanceMonth, BackendError, Certificate730, Debtor, Statement,
};
use crate::domain::codice_fiscale::CodiceFiscale;
use crate::i18n::errors;

/// The service attendance is asked about when not told.
pub const CANTEEN: &str = "refezione";

/// Years as the API takes them (statements, certificates).
const YEAR_MIN: i32 = 2000;
const YEAR_MAX: i32 = 2100;

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct MonthQuery {
    /// Default: the canteen.
    pub service: Option<String>,
    /// YYYY-MM.
    #[schemars(regex(pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$"))]
    pub month: String,
}

impl MonthQuery {
    pub fn new(service: &str, year: i32, month: u32) -> MonthQuery {
        MonthQuery {
            service: Some(service.to_string()),
            month: format!("{year:04}-{month:02}"),
        }
    }

    /// Year and month; a month that is not YYYY-MM is refused naming the field.
    fn year_month(&self) -> Result<(i32, u32), BackendError> {
        self.month
            .split_once('-')
            .and_then(|(y, m)| Some((y.parse().ok()?, m.parse().ok()?)))
            .ok_or_else(|| BackendError::invalid_text("month", errors::BAD_MONTH))
    }
}

endpoint! {
    Attendance: Get "/children/{cf}/attendance", KioskParent, Read,
    "A month of attendance (default service: refezione)",
    (CfPath, MonthQuery, ()) -> AttendanceMonth,
    { const ERRORS: &'static [u16] = &[404]; }
    |b, p, q, _body| {
        let (year, month) = q.year_month()?;
        b.attendance(&p.cf, q.service.as_deref().unwrap_or(CANTEEN), year, month)
    }
}

/// A child's day: `{cf}` and `{day}` (YYYY-MM-DD).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct DayPath {
    #[schemars(with = "CodiceFiscale")]
    pub cf: String,
    /// Read by the handler, so a day that is no date is refused naming the field.
    #[schemars(with = "chrono::NaiveDate")]
    pub day: String,
}

impl DayPath {
    pub fn new(cf: &str, day: chrono::NaiveDate) -> DayPath {
        DayPath {
            cf: cf.to_string(),
            day: day.to_string(),
        }
    }

    pub(super) fn date(&self) -> Result<chrono::NaiveDate, BackendError> {
        chrono::NaiveDate::parse_from_str(&self.day, "%Y-%m-%d")
            .map_err(|_| BackendError::invalid_text("day", errors::BAD_DAY))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cancellation {
    pub service: String,
}

endpoint! {
    CancelMeal: Post "/children/{cf}/attendance/{day}/cancellation", Staff, Change,
    "Cancel the booked meal of a day to come, or today's before the cut-off",
    (DayPath, (), Cancellation) -> AttendanceDay,
    { const ERRORS: &'static [u16] = &[404]; }
    |b, p, _q, body| b.cancel_meal(&p.cf, &body.service, p.date()?)
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    pub service: String,
    #[schemars(regex(pattern = r"\S"))]
    pub reason: String,
}

endpoint! {
    CorrectDay: Post "/children/{cf}/attendance/{day}/correction", Supervisor, Change,
    "Refund a charged day (supervisor, reason)",
    (DayPath, (), Correction) -> AttendanceDay,
    { const ERRORS: &'static [u16] = &[404]; }
    |b, p, _q, body| b.correct_attendance(&p.cf, &body.service, p.date()?, &body.reason)
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct LedgerQuery {
    pub service: Option<String>,
    #[schemars(range(min = YEAR_MIN, max = YEAR_MAX))]
    pub year: Option<i32>,
}

endpoint! {
    Ledger: Get "/children/{cf}/ledger", Staff, Read,
    "Statement with running balance",
    (CfPath, LedgerQuery, ()) -> Statement,
    { const ERRORS: &'static [u16] = &[404]; }
    |b, p, q, _body| b.statement(&p.cf, q.service.as_deref(), q.year)
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct CertificateQuery {
    #[schemars(with = "CodiceFiscale")]
    pub parent: String,
    #[schemars(range(min = YEAR_MIN, max = YEAR_MAX))]
    pub year: i32,
}

endpoint! {
    Certificate: Get "/certificates/730", Staff, Read,
    "Payment certificate for the tax return",
    ((), CertificateQuery, ()) -> Certificate730,
    { const ERRORS: &'static [u16] = &[404]; }
    |b, _p, q, _body| b.certificate_730(&q.parent, q.year)
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct DebtorsQuery {
    /// Default 0: every family owing something.
    /// Unsigned: a negative threshold is refused, not read as zero.
    #[schemars(range(max = 4_294_967_295u32))]
    pub min_cents: Option<u32>,
}

endpoint! {
    Debtors: Get "/debtors", Supervisor, Read,
    "Families in debt on prepaid services, most first (supervisor)",
    ((), DebtorsQuery, ()) -> Vec<Debtor>,
    {}
    |b, _p, q, _body| b.debtors(i64::from(q.min_cents.unwrap_or(0)))
}

pub(super) fn visit(v: &mut impl Visitor) {
    v.visit::<Attendance>();
    v.visit::<CancelMeal>();
    v.visit::<CorrectDay>();
    v.visit::<Ledger>();
    v.visit::<Certificate>();
    v.visit::<Debtors>();
}
