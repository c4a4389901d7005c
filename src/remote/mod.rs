//! The Backend over HTTP: the remote client of the central API (`sportello serve`).
//!
//! Blocking reqwest (the desk runs backend calls on blocking tasks). Every change carries an
//! `Idempotency-Key`; on a connection error the same request is sent again with the same key, so a retry
//! after a timeout never makes two notices or two payments. An unreachable server is an `Unavailable`
//! error that says so in both languages; what the operator typed stays on screen, and pressing again
//! sends the same change with the same key (`pending`), so a change made before its answer was lost
//! is answered, not made twice.

use std::sync::Mutex;
use std::time::Duration;

use reqwest::Method;
use reqwest::blocking::{Client, RequestBuilder};
use serde::de::DeserializeOwned;

use crate::api::{self, Endpoint};
use crate::backend::*;
use crate::domain::enrolment::Window;
use crate::i18n::errors;
use crate::server::problem::Problem;

mod pending;

use pending::PendingKeys;

const ATTEMPTS: u32 = 3;

thread_local! {
    /// A call made on this thread with a session found it gone (see `session_lost_here`).
    static SESSION_LOST: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether a call made on this thread since the last asking was refused because the central API no
/// longer knows the session (it restarted: sessions live in its memory; or the session idled out
/// there); the mark is cleared. The desk then asks for the password in place and sends the same call
/// again: a change keeps its Idempotency-Key (`pending`: a lost session does not settle it, and keys
/// are kept per user name, not per session). A wrong password (login, a supervisor's check) is no
/// lost session: those are sent without one or answered otherwise.
pub fn session_lost_here() -> bool {
    SESSION_LOST.with(|lost| lost.replace(false))
}

pub struct RemoteBackend {
    base: String,
    client: Client,
    token: Mutex<Option<String>>,
    operator: Mutex<Option<Operator>>,
    reachable: std::sync::atomic::AtomicBool,
    /// The keys of changes sent and not yet answered.
    pending: PendingKeys,
    /// The central API's clock, as its last answer read it (this computer's before any answer).
    clock: crate::clock::Clock,
}

fn unreachable(url: &str) -> BackendError {
    BackendError::pair(ErrorKind::Unavailable, errors::server_unreachable(url))
}

impl RemoteBackend {
    pub fn new(url: &str) -> BResult<RemoteBackend> {
        let client = Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(15))
            .build()
            .map_err(BackendError::internal)?;
        Ok(RemoteBackend {
            base: url.trim_end_matches('/').to_string(),
            client,
            token: Mutex::new(None),
            operator: Mutex::new(None),
            reachable: std::sync::atomic::AtomicBool::new(true),
            pending: PendingKeys::default(),
            clock: crate::clock::Clock::system(),
        })
    }

    /// The request, and whether it carries a session.
    fn request(&self, method: Method, path: &str) -> (RequestBuilder, bool) {
        let mut rb = self
            .client
            .request(method, format!("{}{}{path}", self.base, api::PREFIX));
        let token = self.token.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(t) = token.as_deref() {
            rb = rb.bearer_auth(t);
        }
        (rb, token.is_some())
    }

    /// Sends a request and decodes the answer. Anything but a read carries an idempotency key, kept
    /// across retries; a change's key is also kept past them (`pending`), until the server answers it.
    fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&serde_json::Value>,
        change: bool,
    ) -> BResult<T> {
        let body = body.map(serde_json::Value::to_string);
        let pending = change.then(|| {
            let who = self.current_operator().map(|o| o.username);
            self.pending.key_for(
                who.as_deref().unwrap_or(""),
                method.as_str(),
                path,
                body.as_deref().unwrap_or(""),
                std::time::Instant::now(),
            )
        });
        let key = match &pending {
            Some(c) => Some(c.key.clone()),
            None => (method != Method::GET).then(pending::new_key),
        };
        let mut last = None;
        for attempt in 0..ATTEMPTS {
            let (mut rb, with_session) = self.request(method.clone(), path);
            if let Some(k) = &key {
                rb = rb.header("Idempotency-Key", k);
            }
            if let Some(b) = &body {
                rb = rb
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(b.clone());
            }
            match rb.send().and_then(Reply::read) {
                Ok(reply) => {
                    self.reachable
                        .store(true, std::sync::atomic::Ordering::Relaxed);
                    self.clock.follow_header(reply.clock.as_deref());
                    // The first try of this very key is still running on the server (ours, timed out):
                    // wait, and the same key then gets its answer.
                    if reply.in_progress() && attempt + 1 < ATTEMPTS {
                        std::thread::sleep(Duration::from_millis(500 * (u64::from(attempt) + 1)));
                        continue;
                    }
                    if let Some(c) = &pending
                        && pending::settles(reply.status, reply.in_progress())
                    {
                        self.pending.answered(c);
                    }
                    let status = reply.status;
                    let answer = reply.decode();
                    if with_session
                        && status == reqwest::StatusCode::UNAUTHORIZED
                        && answer.as_ref().is_err_and(|e| e.it == errors::NO_SESSION.0)
                    {
                        SESSION_LOST.with(|lost| lost.set(true));
                    }
                    return answer;
                }
                // Connection refused or reset, no answer in time, or an answer cut short: send again
                // with the same key (a change made the first time is then answered from the server's
                // record, not redone).
                Err(e)
                    if e.is_connect()
                        || e.is_timeout()
                        || e.is_request()
                        || e.is_body()
                        || e.is_decode() =>
                {
                    last = Some(e);
                    std::thread::sleep(Duration::from_millis(200 * (u64::from(attempt) + 1)));
                }
                Err(e) => return Err(BackendError::internal(e)),
            }
        }
        self.reachable
            .store(false, std::sync::atomic::Ordering::Relaxed);
        tracing::warn!(error = ?last.map(|e| e.to_string()), "central API unreachable");
        Err(unreachable(&self.base))
    }

    /// One endpoint of the contract: its address filled from `path` and `query`, `body` sent as JSON
    /// (none when the endpoint takes none).
    fn call<E: api::Endpoint>(
        &self,
        path: &E::Path,
        query: &E::Query,
        body: &E::Body,
    ) -> BResult<E::Response> {
        let url = api::url_of::<E>(path, query)?;
        let body = if api::is_none::<E::Body>() {
            None
        } else {
            Some(serde_json::to_value(body).map_err(BackendError::internal)?)
        };
        let method =
            Method::from_bytes(E::METHOD.as_str().as_bytes()).map_err(BackendError::internal)?;
        self.send(
            method,
            &url,
            body.as_ref(),
            matches!(E::KIND, api::Kind::Change),
        )
    }
}

/// A session still open when the client goes (a command done, the app closed) is revoked on the
/// server, once and without retrying: the token then cannot be reused.
impl Drop for RemoteBackend {
    fn drop(&mut self) {
        let token = self
            .token
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some(token) = token {
            // On a thread of its own: the blocking client refuses to run inside an async runtime,
            // and the last owner may be dropped there (the TUI's event loop).
            let request = self
                .client
                .delete(format!("{}{}{}", self.base, api::PREFIX, api::Logout::PATH))
                .bearer_auth(token)
                .timeout(Duration::from_secs(2));
            let _ = std::thread::spawn(move || request.send()).join();
        }
    }
}

/// An answer read to its end: a body cut short is a failed try like a dropped connection.
struct Reply {
    status: reqwest::StatusCode,
    retry_after: Option<u64>,
    clock: Option<Vec<u8>>,
    text: String,
}

impl Reply {
    fn read(resp: reqwest::blocking::Response) -> reqwest::Result<Reply> {
        let headers = resp.headers();
        let retry_after = headers
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let clock = headers
            .get(crate::clock::HEADER)
            .map(|v| v.as_bytes().to_vec());
        let status = resp.status();
        Ok(Reply {
            status,
            retry_after,
            clock,
            text: resp.text()?,
        })
    }

    /// The server is still serving the first try of this key.
    fn in_progress(&self) -> bool {
        self.status == reqwest::StatusCode::CONFLICT && self.retry_after.is_some()
    }

    fn decode<T: DeserializeOwned>(self) -> BResult<T> {
        let Reply {
            status,
            retry_after,
            text,
            ..
        } = self;
        if status.is_success() {
            return serde_json::from_str(&text).map_err(BackendError::internal);
        }
        let mut e = match serde_json::from_str::<Problem>(&text) {
            Ok(p) => p.into_error(),
            Err(_) => BackendError::pair(
                crate::server::problem::kind_of(status.as_u16()),
                errors::unexpected_answer(&status),
            ),
        };
        // A wait the server asks for travels back to the screen, which counts it down.
        if e.retry_after.is_none() && e.kind == ErrorKind::Locked {
            e.retry_after = retry_after;
        }
        Err(e)
    }
}

impl Backend for RemoteBackend {
    fn clock(&self) -> crate::clock::Clock {
        self.clock.clone()
    }

    fn mode(&self) -> Mode {
        Mode::Remote {
            url: self.base.clone(),
        }
    }

    fn login(&self, username: &str, password: &str) -> BResult<Operator> {
        let body = api::LoginRequest {
            username: username.into(),
            password: password.into(),
        };
        let s = self.call::<api::Login>(&(), &(), &body)?;
        *self.token.lock().unwrap_or_else(|e| e.into_inner()) = Some(s.token);
        *self.operator.lock().unwrap_or_else(|e| e.into_inner()) = Some(s.operator.clone());
        Ok(s.operator)
    }

    fn logout(&self) -> BResult<()> {
        let result = self.call::<api::Logout>(&(), &(), &()).map(|_| ());
        *self.token.lock().unwrap_or_else(|e| e.into_inner()) = None;
        *self.operator.lock().unwrap_or_else(|e| e.into_inner()) = None;
        result
    }

    fn current_operator(&self) -> Option<Operator> {
        self.operator
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn reachable(&self) -> bool {
        self.reachable.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn kiosk_identify(&self, parent_cf: &str, pan: &str) -> BResult<FamilyCard> {
        let body = api::KioskIdentification {
            cf: parent_cf.into(),
            pan: pan.into(),
        };
        self.call::<api::KioskIdentify>(&(), &(), &body)
    }

    fn kiosk_end(&self) -> BResult<()> {
        self.call::<api::KioskEnd>(&(), &(), &()).map(|_| ())
    }

    fn verify_supervisor(&self, username: &str, password: &str) -> BResult<()> {
        let body = api::LoginRequest {
            username: username.into(),
            password: password.into(),
        };
        self.call::<api::SupervisorCheck>(&(), &(), &body)
            .map(|_| ())
    }

    fn kiosk_throttles(&self) -> BResult<Vec<KioskThrottle>> {
        self.call::<api::KioskThrottles>(&(), &(), &())
    }

    fn clear_kiosk_throttle(&self, kiosk: &str) -> BResult<()> {
        self.call::<api::ClearKioskThrottle>(&user(kiosk), &(), &())
            .map(|_| ())
    }

    fn ente(&self) -> BResult<Ente> {
        self.call::<api::GetEnte>(&(), &(), &())
    }

    fn services(&self) -> BResult<Vec<ServiceInfo>> {
        self.call::<api::Services>(&(), &(), &())
    }

    fn schools(&self) -> BResult<Vec<School>> {
        self.call::<api::Schools>(&(), &(), &())
    }

    fn search(&self, query: &str, limit: usize) -> BResult<Vec<SearchHit>> {
        let q = api::SearchQuery {
            q: query.into(),
            limit: Some(limit),
        };
        self.call::<api::Search>(&(), &q, &())
    }

    fn family(&self, cf: &str) -> BResult<FamilyCard> {
        self.call::<api::Family>(&code(cf), &(), &())
    }

    fn register_parent(&self, parent: &NewParent) -> BResult<Credentials> {
        self.call::<api::RegisterParent>(&(), &(), parent)
    }

    fn update_parent(&self, cf: &str, patch: &ParentPatch) -> BResult<ParentInfo> {
        self.call::<api::UpdateParent>(&code(cf), &(), patch)
    }

    fn unlock_parent(&self, cf: &str) -> BResult<ParentInfo> {
        self.call::<api::UnlockParent>(&code(cf), &(), &())
    }

    fn regenerate_credentials(&self, cf: &str) -> BResult<Credentials> {
        self.call::<api::RegenerateCredentials>(&code(cf), &(), &())
    }

    fn parent_login(&self, username: &str, password: &str) -> BResult<LoginOutcome> {
        let body = api::LoginRequest {
            username: username.into(),
            password: password.into(),
        };
        self.call::<api::PortalLogin>(&(), &(), &body)
    }

    fn staff_accounts(&self) -> BResult<Vec<StaffAccount>> {
        self.call::<api::StaffAccounts>(&(), &(), &())
    }

    fn unlock_operator(&self, username: &str) -> BResult<StaffAccount> {
        self.call::<api::UnlockOperator>(&user(username), &(), &())
    }

    fn payment_anomalies(&self) -> BResult<Vec<PaymentAnomaly>> {
        self.call::<api::PaymentAnomalies>(&(), &(), &())
    }

    fn resolve_payment_anomaly(
        &self,
        id: i64,
        resolution: &AnomalyResolution,
    ) -> BResult<PaymentAnomaly> {
        self.call::<api::ResolvePaymentAnomaly>(&api::IdPath { id }, &(), resolution)
    }

    fn link_second_parent(&self, child_cf: &str, parent_cf: &str) -> BResult<()> {
        let body = api::SecondParent {
            parent_cf: parent_cf.into(),
        };
        self.call::<api::LinkSecondParent>(&code(child_cf), &(), &body)
            .map(|_| ())
    }

    fn change_paying_parent(&self, child_cf: &str, parent_cf: &str, reason: &str) -> BResult<()> {
        let body = api::PayingParent {
            parent_cf: parent_cf.into(),
            reason: reason.into(),
        };
        self.call::<api::ChangePayingParent>(&code(child_cf), &(), &body)
            .map(|_| ())
    }

    fn create_notice(&self, request: &NewNotice) -> BResult<Notice> {
        self.call::<api::CreateNotice>(&(), &(), request)
    }

    fn notice(&self, number: &str) -> BResult<Notice> {
        self.call::<api::GetNotice>(&notice(number), &(), &())
    }

    fn cancel_notice(
        &self,
        number: &str,
        reason: &str,
        confirm_in_progress: bool,
    ) -> BResult<Notice> {
        let body = api::CancelRequest {
            reason: reason.into(),
            confirm_in_progress,
        };
        self.call::<api::CancelNotice>(&notice(number), &(), &body)
    }

    fn record_receipt(&self, receipt: &NewReceipt) -> BResult<ReceiptOutcome> {
        self.call::<api::RecordReceipt>(&(), &(), receipt)
    }

    fn record_cash_payment(&self, number: &str) -> BResult<ReceiptOutcome> {
        self.call::<api::CashPayment>(&notice(number), &(), &())
    }

    fn fdr_import(&self, flow: &Flow) -> BResult<FlowImport> {
        self.call::<api::ImportFlow>(&(), &(), flow)
    }

    fn fdr_known(&self) -> BResult<Vec<KnownFlow>> {
        self.call::<api::KnownFlows>(&(), &(), &())
    }

    fn fdr_report(&self) -> BResult<ReconciliationReport> {
        self.call::<api::FdrReport>(&(), &(), &())
    }

    fn fdr_credit(&self, iuv: &str, reason: Option<&str>) -> BResult<ReceiptOutcome> {
        let body = api::CreditRequest {
            reason: reason.map(str::to_string),
        };
        self.call::<api::FdrCredit>(
            &api::IuvPath {
                iuv: iuv.to_string(),
            },
            &(),
            &body,
        )
    }

    fn attendance(
        &self,
        child_cf: &str,
        service: &str,
        year: i32,
        month: u32,
    ) -> BResult<AttendanceMonth> {
        let q = api::MonthQuery::new(service, year, month);
        self.call::<api::Attendance>(&code(child_cf), &q, &())
    }

    fn cancel_meal(
        &self,
        child_cf: &str,
        service: &str,
        day: chrono::NaiveDate,
    ) -> BResult<AttendanceDay> {
        let body = api::Cancellation {
            service: service.into(),
        };
        self.call::<api::CancelMeal>(&api::DayPath::new(child_cf, day), &(), &body)
    }

    fn correct_attendance(
        &self,
        child_cf: &str,
        service: &str,
        day: chrono::NaiveDate,
        reason: &str,
    ) -> BResult<AttendanceDay> {
        let body = api::Correction {
            service: service.into(),
            reason: reason.into(),
        };
        self.call::<api::CorrectDay>(&api::DayPath::new(child_cf, day), &(), &body)
    }

    fn statement(
        &self,
        child_cf: &str,
        service: Option<&str>,
        year: Option<i32>,
    ) -> BResult<Statement> {
        let q = api::LedgerQuery {
            service: service.map(str::to_string),
            year,
        };
        self.call::<api::Ledger>(&code(child_cf), &q, &())
    }

    fn certificate_730(&self, parent_cf: &str, year: i32) -> BResult<Certificate730> {
        let q = api::CertificateQuery {
            parent: parent_cf.into(),
            year,
        };
        self.call::<api::Certificate>(&(), &q, &())
    }

    fn debtors(&self, min_debt_cents: i64) -> BResult<Vec<Debtor>> {
        let q = api::DebtorsQuery {
            // The wire takes 0 to u32::MAX cents; a threshold beyond either end means the same there.
            min_cents: Some(u32::try_from(min_debt_cents.max(0)).unwrap_or(u32::MAX)),
        };
        self.call::<api::Debtors>(&(), &q, &())
    }

    fn windows(&self) -> BResult<Vec<Window>> {
        self.call::<api::Windows>(&(), &(), &())
    }

    fn save_application(&self, draft: &ApplicationDraft) -> BResult<Application> {
        match draft.id {
            Some(id) => self.call::<api::UpdateApplication>(&api::IdPath { id }, &(), draft),
            None => self.call::<api::CreateApplication>(&(), &(), draft),
        }
    }

    fn application(&self, id: i64) -> BResult<Application> {
        self.call::<api::GetApplication>(&api::IdPath { id }, &(), &())
    }

    fn applications_of(&self, parent_cf: &str) -> BResult<Vec<Application>> {
        self.call::<api::ApplicationsOf>(&code(parent_cf), &(), &())
    }

    fn attach_document(
        &self,
        application_id: i64,
        filename: &str,
        content: &[u8],
    ) -> BResult<DocumentInfo> {
        let path = api::IdPath { id: application_id };
        let body = api::Document::new(filename, content);
        self.call::<api::AttachDocument>(&path, &(), &body)
    }

    fn submit_application(&self, id: i64, late_reason: Option<&str>) -> BResult<Application> {
        let body = api::Submit {
            late_reason: late_reason.map(str::to_string),
        };
        self.call::<api::SubmitApplication>(&api::IdPath { id }, &(), &body)
    }

    fn discard_application(&self, id: i64) -> BResult<Application> {
        self.call::<api::DiscardApplication>(&api::IdPath { id }, &(), &())
    }

    fn applications(&self, state: Option<ApplicationState>) -> BResult<Vec<QueuedApplication>> {
        self.call::<api::Applications>(&(), &api::ApplicationsQuery::new(state), &())
    }

    fn accept_application(&self, id: i64) -> BResult<Application> {
        self.call::<api::AcceptApplication>(&api::IdPath { id }, &(), &())
    }

    fn refuse_application(&self, id: i64, reason: &str) -> BResult<Application> {
        let body = Refusal {
            reason: reason.to_string(),
        };
        self.call::<api::RefuseApplication>(&api::IdPath { id }, &(), &body)
    }

    fn withdraw(&self, child_cf: &str, withdrawal: &Withdrawal) -> BResult<WithdrawalOutcome> {
        self.call::<api::Withdraw>(&code(child_cf), &(), withdrawal)
    }

    fn transfer_balance(
        &self,
        child_cf: &str,
        transfer: &BalanceTransfer,
    ) -> BResult<BalanceTransferOutcome> {
        self.call::<api::TransferBalance>(&code(child_cf), &(), transfer)
    }

    fn record_presences(&self, presences: &[Presence]) -> BResult<PresenceImport> {
        let body = api::Presences {
            presences: presences.to_vec(),
        };
        self.call::<api::RecordPresences>(&(), &(), &body)
    }

    // Second parent, receipts.
    fn unlink_second_parent(&self, child_cf: &str, reason: &str) -> BResult<()> {
        let body = api::UnlinkReason {
            reason: reason.into(),
        };
        self.call::<api::UnlinkSecondParent>(&code(child_cf), &(), &body)
            .map(|_| ())
    }

    // Desk history, notes, undo, reactivate.
    fn family_history(&self, parent_cf: &str) -> BResult<Vec<HistoryEntry>> {
        self.call::<api::FamilyHistory>(&code(parent_cf), &(), &())
    }

    fn add_family_note(&self, parent_cf: &str, text: &str) -> BResult<HistoryEntry> {
        let body = NewNote { text: text.into() };
        self.call::<api::AddFamilyNote>(&code(parent_cf), &(), &body)
    }

    fn reactivate_notice(&self, number: &str, reason: &str) -> BResult<Notice> {
        let body = api::Reason {
            reason: reason.into(),
        };
        self.call::<api::ReactivateNotice>(&notice(number), &(), &body)
    }

    fn undo_meal_cancellation(
        &self,
        child_cf: &str,
        service: &str,
        day: chrono::NaiveDate,
    ) -> BResult<AttendanceDay> {
        let body = api::Cancellation {
            service: service.into(),
        };
        self.call::<api::UndoMealCancellation>(&api::DayPath::new(child_cf, day), &(), &body)
    }
}

fn code(cf: &str) -> api::CfPath {
    api::CfPath { cf: cf.into() }
}

fn notice(number: &str) -> api::NumberPath {
    api::NumberPath {
        number: number.into(),
    }
}

fn user(username: &str) -> api::UsernamePath {
    api::UsernamePath {
        username: username.into(),
    }
}
