//! The Backend over HTTP: the remote client of the central API (`sportello serve`).
//!
//! Blocking reqwest (the desk runs backend calls on blocking tasks). Every change carries an
//! `Idempotency-Key`; on a connection error the same request is sent again with the same key, so a retry
//! after a timeout never makes two notices or two payments. An unreachable server is an `Unavailable`
//! error that says so in both languages; what the operator typed stays on screen.

use std::sync::Mutex;
use std::time::Duration;

use base64::Engine;
use rand::Rng;
use reqwest::Method;
use reqwest::blocking::{Client, RequestBuilder};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;

use crate::backend::*;
use crate::domain::enrolment::Window;
use crate::i18n::errors;
use crate::server::problem::Problem;

const ATTEMPTS: u32 = 3;

pub struct RemoteBackend {
    base: String,
    client: Client,
    token: Mutex<Option<String>>,
    operator: Mutex<Option<Operator>>,
    reachable: std::sync::atomic::AtomicBool,
    /// The central API's clock, as its last answer read it (this computer's before any answer).
    clock: crate::clock::Clock,
}

fn unreachable(url: &str) -> BackendError {
    BackendError::pair(ErrorKind::Unavailable, errors::server_unreachable(url))
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
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
            clock: crate::clock::Clock::system(),
        })
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let mut rb = self
            .client
            .request(method, format!("{}/api/v1{path}", self.base));
        if let Some(t) = self
            .token
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_deref()
        {
            rb = rb.bearer_auth(t);
        }
        rb
    }

    /// Sends a request (a change gets an idempotency key, kept across retries) and decodes the answer.
    fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> BResult<T> {
        let key = (method != Method::GET).then(|| {
            let bytes: [u8; 16] = rand::rng().random();
            bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
        });
        let mut last = None;
        for attempt in 0..ATTEMPTS {
            let mut rb = self.request(method.clone(), path);
            if let Some(k) = &key {
                rb = rb.header("Idempotency-Key", k);
            }
            if let Some(b) = body {
                rb = rb.json(b);
            }
            match rb.send() {
                Ok(resp) => {
                    self.reachable
                        .store(true, std::sync::atomic::Ordering::Relaxed);
                    let there = resp.headers().get(crate::clock::HEADER);
                    self.clock.follow_header(there.map(|v| v.as_bytes()));
                    // The first try of this very key is still running on the server (ours, timed out):
                    // wait, and the same key then gets its answer.
                    if resp.status() == reqwest::StatusCode::CONFLICT
                        && resp.headers().contains_key(reqwest::header::RETRY_AFTER)
                        && attempt + 1 < ATTEMPTS
                    {
                        std::thread::sleep(Duration::from_millis(500 * (u64::from(attempt) + 1)));
                        continue;
                    }
                    return decode(resp);
                }
                // Connection refused or reset, or no answer in time: send again with the same key
                // (a change made the first time is then answered from the server's record, not redone).
                Err(e) if e.is_connect() || e.is_timeout() || e.is_request() => {
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

    fn get<T: DeserializeOwned>(&self, path: &str) -> BResult<T> {
        self.call(Method::GET, path, None)
    }

    fn send<T: DeserializeOwned, B: Serialize>(
        &self,
        method: Method,
        path: &str,
        body: &B,
    ) -> BResult<T> {
        let value = serde_json::to_value(body).map_err(BackendError::internal)?;
        self.call(method, path, Some(&value))
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
                .delete(format!("{}/api/v1/sessions/current", self.base))
                .bearer_auth(token)
                .timeout(Duration::from_secs(2));
            let _ = std::thread::spawn(move || request.send()).join();
        }
    }
}

fn decode<T: DeserializeOwned>(resp: reqwest::blocking::Response) -> BResult<T> {
    let status = resp.status();
    let retry_after = resp
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let text = resp.text().map_err(BackendError::internal)?;
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

#[derive(serde::Deserialize)]
struct SessionAnswer {
    token: String,
    operator: Operator,
}

#[derive(serde::Deserialize)]
struct Empty {}

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
        let s: SessionAnswer = self.send(
            Method::POST,
            "/sessions",
            &json!({ "username": username, "password": password }),
        )?;
        *self.token.lock().unwrap_or_else(|e| e.into_inner()) = Some(s.token);
        *self.operator.lock().unwrap_or_else(|e| e.into_inner()) = Some(s.operator.clone());
        Ok(s.operator)
    }

    fn logout(&self) -> BResult<()> {
        let result = self
            .call::<Empty>(Method::DELETE, "/sessions/current", None)
            .map(|_| ());
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
        self.send(
            Method::POST,
            "/kiosk/identification",
            &json!({ "cf": parent_cf, "pan": pan }),
        )
    }

    fn kiosk_end(&self) -> BResult<()> {
        self.call::<Empty>(Method::DELETE, "/kiosk/identification", None)
            .map(|_| ())
    }

    fn verify_supervisor(&self, username: &str, password: &str) -> BResult<()> {
        self.send::<Empty, _>(
            Method::POST,
            "/kiosk/supervisor-check",
            &json!({ "username": username, "password": password }),
        )
        .map(|_| ())
    }

    fn kiosk_throttles(&self) -> BResult<Vec<KioskThrottle>> {
        self.get("/kiosk/throttles")
    }

    fn clear_kiosk_throttle(&self, kiosk: &str) -> BResult<()> {
        self.call::<Empty>(
            Method::DELETE,
            &format!("/kiosk/throttles/{}", enc(kiosk)),
            None,
        )
        .map(|_| ())
    }

    fn ente(&self) -> BResult<Ente> {
        self.get("/ente")
    }

    fn services(&self) -> BResult<Vec<ServiceInfo>> {
        self.get("/services")
    }

    fn schools(&self) -> BResult<Vec<School>> {
        self.get("/schools")
    }

    fn search(&self, query: &str, limit: usize) -> BResult<Vec<SearchHit>> {
        self.get(&format!("/search?q={}&limit={limit}", enc(query)))
    }

    fn family(&self, cf: &str) -> BResult<FamilyCard> {
        self.get(&format!("/families/{}", enc(cf)))
    }

    fn register_parent(&self, parent: &NewParent) -> BResult<Credentials> {
        self.send(Method::POST, "/parents", parent)
    }

    fn update_parent(&self, cf: &str, patch: &ParentPatch) -> BResult<ParentInfo> {
        self.send(Method::PATCH, &format!("/parents/{}", enc(cf)), patch)
    }

    fn unlock_parent(&self, cf: &str) -> BResult<ParentInfo> {
        self.call(Method::POST, &format!("/parents/{}/unlock", enc(cf)), None)
    }

    fn regenerate_credentials(&self, cf: &str) -> BResult<Credentials> {
        self.call(
            Method::POST,
            &format!("/parents/{}/credentials", enc(cf)),
            None,
        )
    }

    fn parent_login(&self, username: &str, password: &str) -> BResult<LoginOutcome> {
        self.send(
            Method::POST,
            "/portal/logins",
            &json!({ "username": username, "password": password }),
        )
    }

    fn staff_accounts(&self) -> BResult<Vec<StaffAccount>> {
        self.get("/operators")
    }

    fn unlock_operator(&self, username: &str) -> BResult<StaffAccount> {
        self.call(
            Method::POST,
            &format!("/operators/{}/unlock", enc(username)),
            None,
        )
    }

    fn link_second_parent(&self, child_cf: &str, parent_cf: &str) -> BResult<()> {
        self.send(
            Method::POST,
            &format!("/children/{}/second-parent", enc(child_cf)),
            &json!({ "parent_cf": parent_cf }),
        )
    }

    fn change_paying_parent(&self, child_cf: &str, parent_cf: &str, reason: &str) -> BResult<()> {
        let body = json!({ "parent_cf": parent_cf, "reason": reason });
        self.send(
            Method::POST,
            &format!("/children/{}/paying-parent", enc(child_cf)),
            &body,
        )
    }

    fn create_notice(&self, request: &NewNotice) -> BResult<Notice> {
        self.send(Method::POST, "/notices", request)
    }

    fn notice(&self, number: &str) -> BResult<Notice> {
        self.get(&format!("/notices/{}", enc(number)))
    }

    fn cancel_notice(&self, number: &str, reason: &str) -> BResult<Notice> {
        self.send(
            Method::POST,
            &format!("/notices/{}/cancel", enc(number)),
            &json!({ "reason": reason }),
        )
    }

    fn record_receipt(&self, receipt: &NewReceipt) -> BResult<ReceiptOutcome> {
        self.send(Method::POST, "/receipts", receipt)
    }

    fn record_cash_payment(&self, number: &str) -> BResult<ReceiptOutcome> {
        self.call(
            Method::POST,
            &format!("/notices/{}/cash", enc(number)),
            None,
        )
    }

    fn attendance(
        &self,
        child_cf: &str,
        service: &str,
        year: i32,
        month: u32,
    ) -> BResult<AttendanceMonth> {
        self.get(&format!(
            "/children/{}/attendance?service={}&month={year:04}-{month:02}",
            enc(child_cf),
            enc(service)
        ))
    }

    fn cancel_meal(
        &self,
        child_cf: &str,
        service: &str,
        day: chrono::NaiveDate,
    ) -> BResult<AttendanceDay> {
        let body = json!({ "service": service });
        self.send(
            Method::POST,
            &format!("/children/{}/attendance/{day}/cancellation", enc(child_cf)),
            &body,
        )
    }

    fn correct_attendance(
        &self,
        child_cf: &str,
        service: &str,
        day: chrono::NaiveDate,
        reason: &str,
    ) -> BResult<AttendanceDay> {
        let body = json!({ "service": service, "reason": reason });
        self.send(
            Method::POST,
            &format!("/children/{}/attendance/{day}/correction", enc(child_cf)),
            &body,
        )
    }

    fn statement(
        &self,
        child_cf: &str,
        service: Option<&str>,
        year: Option<i32>,
    ) -> BResult<Statement> {
        let mut q = Vec::new();
        if let Some(s) = service {
            q.push(format!("service={}", enc(s)));
        }
        if let Some(y) = year {
            q.push(format!("year={y}"));
        }
        self.get(&format!(
            "/children/{}/ledger?{}",
            enc(child_cf),
            q.join("&")
        ))
    }

    fn certificate_730(&self, parent_cf: &str, year: i32) -> BResult<Certificate730> {
        self.get(&format!(
            "/certificates/730?parent={}&year={year}",
            enc(parent_cf)
        ))
    }

    fn debtors(&self, min_debt_cents: i64) -> BResult<Vec<Debtor>> {
        self.get(&format!("/debtors?min_cents={min_debt_cents}"))
    }

    fn windows(&self) -> BResult<Vec<Window>> {
        self.get("/windows")
    }

    fn save_application(&self, draft: &ApplicationDraft) -> BResult<Application> {
        match draft.id {
            Some(id) => self.send(Method::PUT, &format!("/applications/{id}"), draft),
            None => self.send(Method::POST, "/applications", draft),
        }
    }

    fn application(&self, id: i64) -> BResult<Application> {
        self.get(&format!("/applications/{id}"))
    }

    fn applications_of(&self, parent_cf: &str) -> BResult<Vec<Application>> {
        self.get(&format!("/parents/{}/applications", enc(parent_cf)))
    }

    fn attach_document(
        &self,
        application_id: i64,
        filename: &str,
        content: &[u8],
    ) -> BResult<DocumentInfo> {
        let body = json!({
            "filename": filename,
            "content_base64": base64::engine::general_purpose::STANDARD.encode(content),
        });
        self.send(
            Method::POST,
            &format!("/applications/{application_id}/documents"),
            &body,
        )
    }

    fn submit_application(&self, id: i64, late_reason: Option<&str>) -> BResult<Application> {
        self.send(
            Method::POST,
            &format!("/applications/{id}/submit"),
            &json!({ "late_reason": late_reason }),
        )
    }
}
