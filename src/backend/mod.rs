//! The one door to the data: every operation the desk can perform.
//!
//! The TUI, the command line and the central API all talk to `dyn Backend`. Two implementations: the
//! local SQLite store (`crate::store::LocalBackend`) and the remote HTTP client. The trait is
//! synchronous: the store is SQLite, and the TUI runs calls on a blocking task so input never waits.
//! A backend value carries its session: `login` makes the following calls act as that operator.

mod error;
mod history;
mod reconciliation;
mod review;
mod types;

pub use error::{BResult, BackendError, ErrorKind, read_field};
pub use history::*;
pub use reconciliation::*;
pub use review::*;
pub use types::*;

pub trait Backend: Send + Sync {
    fn mode(&self) -> Mode;

    // Time.
    /// The office clock of the data this backend holds: the store's own, or the central API's for a
    /// remote desk. Front ends ask it (never the computer) for today.
    fn clock(&self) -> crate::clock::Clock;
    fn now(&self) -> chrono::NaiveDateTime {
        self.clock().now()
    }
    fn today(&self) -> chrono::NaiveDate {
        self.clock().today()
    }

    // Session.
    fn login(&self, username: &str, password: &str) -> BResult<Operator>;
    fn logout(&self) -> BResult<()>;
    fn current_operator(&self) -> Option<Operator>;
    /// Whether the last call reached the data (always, for a local store).
    fn reachable(&self) -> bool {
        true
    }

    // The lobby kiosk.
    /// Kiosk account only: a parent identifies with their codice fiscale and one of their children's
    /// PAN codes. One answer for any mismatch (a PAN whose check character is wrong is told apart).
    /// Wrong tries are counted per kiosk account and per code tried (`domain::kiosk::standing`): the
    /// third in ten minutes makes the next wait a minute, doubling up to fifteen; a success clears
    /// nothing. Later calls are limited to that parent's own children until `kiosk_end`.
    fn kiosk_identify(&self, parent_cf: &str, pan: &str) -> BResult<FamilyCard>;
    /// Forgets the identified parent (the kiosk back to its welcome screen).
    fn kiosk_end(&self) -> BResult<()>;
    /// Checks a supervisor's password without touching this session (leaving kiosk mode).
    fn verify_supervisor(&self, username: &str, password: &str) -> BResult<()>;
    /// Supervisor only: kiosk accounts with wrong tries still counted, and their wait.
    fn kiosk_throttles(&self) -> BResult<Vec<KioskThrottle>>;
    /// Supervisor only: forgets a kiosk account's wrong tries (a parent waiting at it), audited.
    fn clear_kiosk_throttle(&self, kiosk: &str) -> BResult<()>;

    // Reference data.
    fn ente(&self) -> BResult<Ente>;
    fn services(&self) -> BResult<Vec<ServiceInfo>>;
    fn schools(&self) -> BResult<Vec<School>>;

    // Finding people.
    fn search(&self, query: &str, limit: usize) -> BResult<Vec<SearchHit>>;
    /// The family of any member: paying parent, child or second parent.
    fn family(&self, cf: &str) -> BResult<FamilyCard>;

    // Parents and accounts.
    fn register_parent(&self, parent: &NewParent) -> BResult<Credentials>;
    fn update_parent(&self, cf: &str, patch: &ParentPatch) -> BResult<ParentInfo>;
    fn unlock_parent(&self, cf: &str) -> BResult<ParentInfo>;
    fn regenerate_credentials(&self, cf: &str) -> BResult<Credentials>;
    /// A parent's login attempt on the portal (applies the lockout policy).
    fn parent_login(&self, username: &str, password: &str) -> BResult<LoginOutcome>;

    // Desk staff accounts.
    /// Supervisor only: every staff account, with its login wait or lock.
    fn staff_accounts(&self) -> BResult<Vec<StaffAccount>>;
    /// Supervisor only, never one's own: lifts a staff user's login wait or lock.
    fn unlock_operator(&self, username: &str) -> BResult<StaffAccount>;
    fn link_second_parent(&self, child_cf: &str, parent_cf: &str) -> BResult<()>;
    /// Supervisor only: the child moves to another paying parent.
    fn change_paying_parent(&self, child_cf: &str, parent_cf: &str, reason: &str) -> BResult<()>;

    // Notices and payments.
    fn create_notice(&self, request: &NewNotice) -> BResult<Notice>;
    fn notice(&self, number: &str) -> BResult<Notice>;
    /// A pending notice cancelled, with a reason. If pagoPA fetched its payment data in the last 30
    /// minutes the parent may be paying it right now: refused as a conflict on the field
    /// `confirm_in_progress` unless `confirm_in_progress` says the desk was told and goes on.
    fn cancel_notice(
        &self,
        number: &str,
        reason: &str,
        confirm_in_progress: bool,
    ) -> BResult<Notice>;
    /// Idempotent by receipt id: the same receipt twice credits once.
    fn record_receipt(&self, receipt: &NewReceipt) -> BResult<ReceiptOutcome>;
    /// Supervisor only: cash taken at the office's cashier against a pending notice.
    fn record_cash_payment(&self, number: &str) -> BResult<ReceiptOutcome>;
    /// Supervisor only: receipts pagoPA delivered that were kept but not credited (a wrong amount, a
    /// cancelled or unknown notice, a second payment, a failed outcome), open ones first.
    fn payment_anomalies(&self) -> BResult<Vec<PaymentAnomaly>>;
    /// Supervisor only, once per anomaly, audited: credit its amount to a child's service, or mark it
    /// for refund.
    fn resolve_payment_anomaly(
        &self,
        id: i64,
        resolution: &AnomalyResolution,
    ) -> BResult<PaymentAnomaly>;

    // Reconciliation with pagoPA's flows (FdR). Supervisor only.
    /// Stores a flow in one transaction with its audit row: the same revision twice changes nothing, a
    /// newer one replaces the older, a flow for another ente is refused.
    fn fdr_import(&self, flow: &Flow) -> BResult<FlowImport>;
    /// The flow revisions held or fetched, so a pull asks only for new ones.
    fn fdr_known(&self) -> BResult<Vec<KnownFlow>>;
    /// Per IUV: reconciled, in a flow with no receipt, receipt with no flow after the grace working
    /// days, amounts that differ.
    fn fdr_report(&self) -> BResult<ReconciliationReport>;
    /// Credits the notice of an IUV that a flow reports paid and no receipt does (receipt `FDR-<IUR>`,
    /// once: again changes nothing). A cancelled or expired notice needs the supervisor's reason.
    fn fdr_credit(&self, iuv: &str, reason: Option<&str>) -> BResult<ReceiptOutcome>;

    // Attendance and money history.
    fn attendance(
        &self,
        child_cf: &str,
        service: &str,
        year: i32,
        month: u32,
    ) -> BResult<AttendanceMonth>;
    /// A booked meal cancelled for a school day to come, or for today before the cut-off.
    fn cancel_meal(
        &self,
        child_cf: &str,
        service: &str,
        day: chrono::NaiveDate,
    ) -> BResult<AttendanceDay>;
    /// Supervisor only: a day charged though cancelled is refunded, with a reason.
    fn correct_attendance(
        &self,
        child_cf: &str,
        service: &str,
        day: chrono::NaiveDate,
        reason: &str,
    ) -> BResult<AttendanceDay>;
    fn statement(
        &self,
        child_cf: &str,
        service: Option<&str>,
        year: Option<i32>,
    ) -> BResult<Statement>;
    fn certificate_730(&self, parent_cf: &str, year: i32) -> BResult<Certificate730>;
    /// Supervisor only: the families owing at least `min_debt_cents` (and something), most first.
    fn debtors(&self, min_debt_cents: i64) -> BResult<Vec<Debtor>>;

    // Enrolment.
    fn windows(&self) -> BResult<Vec<crate::domain::enrolment::Window>>;
    fn save_application(&self, draft: &ApplicationDraft) -> BResult<Application>;
    fn application(&self, id: i64) -> BResult<Application>;
    fn applications_of(&self, parent_cf: &str) -> BResult<Vec<Application>>;
    fn attach_document(
        &self,
        application_id: i64,
        filename: &str,
        content: &[u8],
    ) -> BResult<DocumentInfo>;
    fn submit_application(&self, id: i64, late_reason: Option<&str>) -> BResult<Application>;
    /// Staff: a draft the family gives up (kept, no longer open).
    fn discard_application(&self, id: i64) -> BResult<Application>;

    // The office's review (supervisor).
    /// Applications in a state (all but drafts and discarded ones when `None`), oldest sent first.
    fn applications(&self, state: Option<ApplicationState>) -> BResult<Vec<QueuedApplication>>;
    /// Enrols the child (created if new) with the tariff the ISEE gives, or puts it in the waiting list.
    fn accept_application(&self, id: i64) -> BResult<Application>;
    fn refuse_application(&self, id: i64, reason: &str) -> BResult<Application>;
    fn withdraw(&self, child_cf: &str, withdrawal: &Withdrawal) -> BResult<WithdrawalOutcome>;
    fn transfer_balance(
        &self,
        child_cf: &str,
        transfer: &BalanceTransfer,
    ) -> BResult<BalanceTransferOutcome>;
    /// The school's register: each present day charged once at the enrolment's price.
    fn record_presences(&self, presences: &[Presence]) -> BResult<PresenceImport>;

    // Second parent, receipts.
    /// Supervisor only, with a reason, audited: the child's second parent no longer sees it.
    fn unlink_second_parent(&self, child_cf: &str, reason: &str) -> BResult<()>;

    // Desk history, notes, undo, reactivate.
    /// Staff: what was done for the family of any member (audit rows of the parent, the children,
    /// their notices and applications) and its desk notes, newest first, in names rather than codes.
    fn family_history(&self, parent_cf: &str) -> BResult<Vec<HistoryEntry>>;
    /// Staff: a free-text note in the family's history (kept as typed, with author and time; never
    /// changed or removed), audited.
    fn add_family_note(&self, parent_cf: &str, text: &str) -> BResult<HistoryEntry>;
    /// Supervisor only, with a reason, audited: a notice cancelled by mistake made payable again
    /// (pending), unless its due date has passed or a payment for it arrived meanwhile.
    fn reactivate_notice(&self, number: &str, reason: &str) -> BResult<Notice>;
    /// A meal cancellation undone (the day booked again) on the terms of a cancellation: a school day
    /// to come, or today before the cut-off; a refunded day is a supervisor's correction, not undone.
    fn undo_meal_cancellation(
        &self,
        child_cf: &str,
        service: &str,
        day: chrono::NaiveDate,
    ) -> BResult<AttendanceDay>;
}
