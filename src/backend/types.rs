//! What goes in and out of the Backend: plain data, serialisable for the central API.
//! Money is integer cents (`Cents` for sums, `Amount` for what is charged or paid); codes are the
//! domain's types, checked when read, so a wrong one cannot travel. On the wire they are the plain
//! strings and integers they always were. Dates are ISO (`NaiveDate`), timestamps local (`NaiveDateTime`).

use chrono::{NaiveDate, NaiveDateTime};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use crate::domain::codice_fiscale::CodiceFiscale;
pub use crate::domain::enrolment::ApplicationState;
pub use crate::domain::lockout::LoginOutcome;
pub use crate::domain::money::{Amount, Cents};
pub use crate::domain::notice::{NoticeNumber, NoticeState, QrPayload, ReceiptAnomaly};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Operator,
    Supervisor,
    /// The lobby kiosk's account: nothing but identifying a parent, then that parent's own children.
    Kiosk,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Operator => "operator",
            Role::Supervisor => "supervisor",
            Role::Kiosk => "kiosk",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "operator" => Some(Role::Operator),
            "supervisor" => Some(Role::Supervisor),
            "kiosk" => Some(Role::Kiosk),
            _ => None,
        }
    }
}

/// Who is acting: a logged-in desk operator, or the command line / a batch job run by whoever holds the
/// store file (trusted like a supervisor, and named in the audit log).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Operator {
    pub username: String,
    pub full_name: String,
    pub role: Role,
    /// At the kiosk: the codice fiscale of the parent who identified; calls are then limited to that
    /// parent's children. Never set for desk staff.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kiosk_parent: Option<CodiceFiscale>,
}

impl Operator {
    pub fn is_supervisor(&self) -> bool {
        self.role == Role::Supervisor
    }
}

/// The ente's identity, as printed on notices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Ente {
    pub name: String,
    pub fiscal_code: String,
    pub segregation_code: u8,
    pub cbill: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    Parent,
    Child,
    Notice,
}

/// One search result. `family_cf` opens the family card (the paying parent's codice fiscale).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SearchHit {
    pub kind: HitKind,
    /// Codice fiscale of the person, or the notice number.
    pub key: String,
    pub label: String,
    pub detail: String,
    pub family_cf: CodiceFiscale,
    /// A notice's state (its `detail` is the amount), said in the reader's language by `shown_detail`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<NoticeState>,
}

impl SearchHit {
    /// The detail as a person reads it: a notice's state in words, then the amount.
    pub fn shown_detail(&self, lang: crate::i18n::Lang) -> String {
        match self.state {
            Some(s) => format!("{} {}", crate::i18n::notice_state(lang, s), self.detail),
            None => self.detail.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ParentInfo {
    pub cf: CodiceFiscale,
    pub surname: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub username: String,
    pub locked: bool,
    pub failed_attempts: u32,
}

impl ParentInfo {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.surname, self.name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Topup {
    pub at: NaiveDateTime,
    pub amount_cents: Cents,
}

/// A child's wallet for one service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ServiceBalance {
    pub service: String,
    pub service_name: String,
    pub prepaid: bool,
    pub balance_cents: Cents,
    pub price_cents: Option<Cents>,
    pub last_topup: Option<Topup>,
    /// Withdrawn from the service from this day on (this school year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn_from: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ChildCard {
    pub cf: CodiceFiscale,
    pub surname: String,
    pub name: String,
    pub birth_date: NaiveDate,
    pub pan: String,
    pub school: Option<String>,
    pub class: Option<String>,
    pub section: Option<String>,
    pub diet: Option<String>,
    /// The other parent, linked read-only.
    pub second_parent: Option<PersonRef>,
    pub services: Vec<ServiceBalance>,
}

impl ChildCard {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.surname, self.name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PersonRef {
    pub cf: CodiceFiscale,
    pub full_name: String,
}

/// Everything the desk sees about a family at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FamilyCard {
    pub parent: ParentInfo,
    pub children: Vec<ChildCard>,
    pub pending_notices: Vec<Notice>,
    /// Children of other families this parent is linked to as second parent (read-only), with the
    /// parent who pays for each.
    #[serde(default)]
    pub linked_children: Vec<LinkedChild>,
}

impl FamilyCard {
    /// What the family owes on prepaid services: its negative wallets added up.
    pub fn debt_cents(&self) -> i64 {
        crate::domain::enrolment::family_debt_cents(
            self.children
                .iter()
                .flat_map(|c| &c.services)
                .filter(|s| s.prepaid)
                .map(|s| s.balance_cents.get()),
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewParent {
    pub cf: CodiceFiscale,
    pub surname: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

/// A partial update: `None` leaves a field as it is; `Some("")` clears it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParentPatch {
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

/// New portal credentials, shown once and printed in the credentials letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Credentials {
    pub cf: CodiceFiscale,
    pub full_name: String,
    pub username: String,
    /// At most 12 characters (one portal caps passwords at 12).
    pub temporary_password: String,
    pub meal_cancel_code: String,
}

/// The part of a notice that funds one child's wallet for one service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Allocation {
    pub child_cf: CodiceFiscale,
    #[serde(default)]
    pub child_name: String,
    pub service: String,
    pub amount_cents: Amount,
}

/// When a receipt was paid: the moment pagoPA reports, or only the day printed on the copy a parent
/// shows at the desk (kept as a day: no time is made up). On the wire `2026-11-20T10:30:00` or
/// `2026-11-20`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum PaidAt {
    At(NaiveDateTime),
    Day(NaiveDate),
}

impl<'de> Deserialize<'de> for PaidAt {
    /// By hand rather than `untagged`: a wrong value then says which forms are accepted, not "did
    /// not match any variant".
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let text = text.trim();
        text.parse::<NaiveDateTime>()
            .map(PaidAt::At)
            .or_else(|_| text.parse::<NaiveDate>().map(PaidAt::Day))
            .map_err(|_| {
                serde::de::Error::custom(format!(
                    "paid_at {text:?}: expected a day (2026-11-20) or a moment (2026-11-20T10:30:00)"
                ))
            })
    }
}

impl PaidAt {
    /// The day paid: what the tax year (730) and the checks against the notice's life go by.
    pub fn date(self) -> NaiveDate {
        match self {
            PaidAt::At(t) => t.date(),
            PaidAt::Day(d) => d,
        }
    }

    /// For people: `20/11/2026 10:30`, or `20/11/2026` when only the day is known.
    pub fn display(self) -> String {
        match self {
            PaidAt::At(t) => t.format("%d/%m/%Y %H:%M").to_string(),
            PaidAt::Day(d) => d.format("%d/%m/%Y").to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReceiptInfo {
    pub receipt_id: String,
    pub amount_cents: Amount,
    pub paid_at: PaidAt,
    pub channel: String,
    pub psp: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Notice {
    pub number: NoticeNumber,
    pub iuv: String,
    pub amount_cents: Amount,
    pub state: NoticeState,
    pub subject: String,
    pub payer: PersonRef,
    pub due_date: Option<NaiveDate>,
    pub created_at: NaiveDateTime,
    pub allocations: Vec<Allocation>,
    pub receipts: Vec<ReceiptInfo>,
    pub qr_payload: QrPayload,
    /// When and why it was cancelled; only on a cancelled notice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellation: Option<Cancellation>,
}

/// A notice's cancellation: what the paper prints instead of the payment data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Cancellation {
    pub at: NaiveDateTime,
    pub reason: String,
}

/// A request for a new top-up notice. One notice may fund several children of the same family.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewNotice {
    pub allocations: Vec<Allocation>,
    pub due_date: Option<NaiveDate>,
}

/// A pagoPA receipt (or a cash payment at the office) against a notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReceipt {
    pub notice_number: NoticeNumber,
    pub receipt_id: String,
    pub amount_cents: Amount,
    /// Default: the moment it is recorded.
    pub paid_at: Option<PaidAt>,
    pub psp: Option<String>,
}

/// A receipt from pagoPA that was kept but not credited, for a supervisor to settle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PaymentAnomaly {
    pub id: i64,
    pub receipt_id: String,
    /// As the receipt gives it (it may name no notice issued here).
    pub notice_number: String,
    pub kind: ReceiptAnomaly,
    pub amount_cents: Cents,
    pub psp: String,
    pub paid_at: NaiveDateTime,
    pub received_at: NaiveDateTime,
    /// The notice's paying parent and children, when the notice is ours: where a credit may go.
    pub payer: Option<PersonRef>,
    pub allocations: Vec<Allocation>,
    pub resolution: Option<AnomalySettled>,
}

/// How a supervisor settled an anomaly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AnomalySettled {
    /// `credited` or `refund`.
    pub outcome: String,
    pub by: String,
    pub at: NaiveDateTime,
    pub note: String,
}

/// A supervisor's decision on an anomaly: the money goes to a child's service, or back to the payer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum AnomalyResolution {
    Credit {
        child_cf: CodiceFiscale,
        service: String,
        #[schemars(regex(pattern = r"\S"))]
        reason: String,
    },
    Refund {
        #[schemars(regex(pattern = r"\S"))]
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReceiptOutcome {
    /// False when this receipt had already been recorded: nothing was credited again.
    pub credited: bool,
    pub notice: Notice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DayStatus {
    Present,
    Absent,
    /// Booked meal cancelled before the cut-off: no charge.
    Cancelled,
    /// Booked as usual again, a cancellation undone: only in a change's record and in the answer of
    /// `undo_meal_cancellation` (a booked day has no row of its own).
    Booked,
}

impl DayStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DayStatus::Present => "present",
            DayStatus::Absent => "absent",
            DayStatus::Cancelled => "cancelled",
            DayStatus::Booked => "booked",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "present" => Some(DayStatus::Present),
            "absent" => Some(DayStatus::Absent),
            "cancelled" => Some(DayStatus::Cancelled),
            "booked" => Some(DayStatus::Booked),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DayChange {
    pub at: NaiveDateTime,
    pub by: String,
    pub status: DayStatus,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AttendanceDay {
    pub day: NaiveDate,
    pub status: DayStatus,
    /// What was charged for the day (0 when not charged or refunded).
    pub charged_cents: Cents,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
    pub changes: Vec<DayChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AttendanceMonth {
    pub child_cf: CodiceFiscale,
    pub service: String,
    pub year: i32,
    pub month: u32,
    pub days: Vec<AttendanceDay>,
    /// School holidays in the month (no service).
    pub holidays: Vec<NaiveDate>,
    pub meals: u32,
    pub charged_cents: Cents,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Movement {
    pub at: NaiveDateTime,
    pub service: String,
    pub kind: String,
    pub description: String,
    pub amount_cents: Cents,
    pub balance_cents: Cents,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Statement {
    pub child_cf: CodiceFiscale,
    pub service: Option<String>,
    pub year: Option<i32>,
    pub movements: Vec<Movement>,
    /// Paid in the filtered period (top-ups only): what the 730 certificate counts.
    pub paid_cents: Cents,
}

/// A kiosk account with wrong tries still counted (the supervisor's view, to clear them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct KioskThrottle {
    pub kiosk: String,
    pub full_name: String,
    /// Wrong tries still remembered (identification and exit check).
    pub wrong_tries: u32,
    /// Seconds before the kiosk accepts a try again; 0 when it does now.
    pub wait_secs: u64,
}

/// A paying parent whose family owes money on prepaid services: a line of the reminders list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Debtor {
    pub parent: PersonRef,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// What the family owes: its negative wallets added up.
    pub debt_cents: Cents,
    pub wallets: Vec<DebtWallet>,
}

/// One child's wallet in debt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DebtWallet {
    pub child: PersonRef,
    pub service: String,
    pub balance_cents: Cents,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CertificateLine {
    pub child: PersonRef,
    pub service: String,
    pub paid_cents: Cents,
}

/// Payment certificate for the tax return (attestazione 730): paid per child and service in a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Certificate730 {
    pub ente: Ente,
    pub parent: PersonRef,
    pub year: i32,
    pub lines: Vec<CertificateLine>,
    pub total_cents: Cents,
    pub issued_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ClassInfo {
    pub id: i64,
    pub level: String,
    pub section: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct School {
    pub id: i64,
    pub name: String,
    pub classes: Vec<ClassInfo>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ServiceInfo {
    pub code: String,
    pub name: String,
    pub prepaid: bool,
}

/// The step data of an application (DOMAIN.md §2.3), filled in over six steps. `child_cf` stays
/// text: a draft keeps a code still being typed, and submitting checks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationData {
    pub child_cf: String,
    pub child_surname: String,
    pub child_name: String,
    #[serde(default)]
    pub child_birth_date: Option<NaiveDate>,
    #[serde(default)]
    pub child_sex: Option<crate::domain::codice_fiscale::Sex>,
    pub class_id: Option<i64>,
    pub diet: Option<String>,
    pub isee_cents: Option<i64>,
    pub isee_consent: bool,
    pub discounts: Option<String>,
    pub privacy_accepted: bool,
    pub conditions_accepted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DocumentInfo {
    pub id: i64,
    pub filename: String,
    pub size: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Application {
    pub id: i64,
    pub window_id: i64,
    pub parent_cf: CodiceFiscale,
    pub state: ApplicationState,
    pub step: u8,
    pub data: ApplicationData,
    pub documents: Vec<DocumentInfo>,
    pub updated_at: NaiveDateTime,
    pub late_reason: Option<String>,
    #[serde(default)]
    pub submitted_at: Option<NaiveDateTime>,
    /// The office's decision (accepted, refused, waiting for a place).
    #[serde(default)]
    pub decision: Option<super::Decision>,
}

/// Create (id `None`) or update a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationDraft {
    pub id: Option<i64>,
    pub window_id: i64,
    pub parent_cf: CodiceFiscale,
    pub step: u8,
    pub data: ApplicationData,
}

/// Where the backend's data lives, for the header line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Mode {
    Local { path: String },
    Remote { url: String },
}

/// A desk staff account as a supervisor sees it: who, and whether their login waits or is locked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct StaffAccount {
    pub username: String,
    pub full_name: String,
    pub role: Role,
    /// Wrong passwords within the last hour.
    pub recent_failures: u32,
    /// Seconds left of a wait or lock, if one is running.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocked_seconds: Option<u64>,
    /// The running block is the hour's lock (not the five minutes' wait).
    #[serde(default)]
    pub locked: bool,
}

// Second parent, receipts.

/// A child of another family that a parent is linked to as second parent: whose card opens it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct LinkedChild {
    pub cf: CodiceFiscale,
    pub full_name: String,
    /// The paying parent (whose family card the child is on).
    pub paying_parent: PersonRef,
}
