//! The routes of `/api/v1`. Each handler is a thin call into the Backend; `openapi::ROUTES` lists them
//! for the OpenAPI document, and a test checks both agree.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{delete, get, post};
use base64::Engine;
use serde::Deserialize;

use super::{
    ApiState, authenticate, json_response, mutate, parse_body, problem, read, session_change,
};
use crate::backend::{
    ApplicationDraft, Backend, BackendError, ErrorKind, NewNotice, NewParent, NewReceipt,
    ParentPatch,
};
use crate::i18n::errors;
use crate::store::idempotency::ApiStore;

type St = State<Arc<ApiState>>;

/// Request bodies have a ceiling; documents (a scanned certificate) get a larger one.
const BODY_LIMIT: usize = 64 * 1024;
const DOCUMENT_LIMIT: usize = 16 * 1024 * 1024;

pub fn router(state: Arc<ApiState>) -> Router {
    let api = Router::new()
        .route("/sessions", post(login))
        .route("/sessions/current", delete(logout))
        .route(
            "/kiosk/identification",
            post(kiosk_identify).delete(kiosk_end),
        )
        .route("/kiosk/supervisor-check", post(supervisor_check))
        .route("/kiosk/throttles", get(kiosk_throttles))
        .route("/kiosk/throttles/{username}", delete(clear_kiosk_throttle))
        .route("/ente", get(ente))
        .route("/services", get(services))
        .route("/schools", get(schools))
        .route("/search", get(search))
        .route("/families/{cf}", get(family))
        .route("/parents", post(register))
        .route("/parents/{cf}", axum::routing::patch(update_parent))
        .route("/parents/{cf}/unlock", post(unlock))
        .route("/parents/{cf}/credentials", post(credentials))
        .route("/parents/{cf}/applications", get(applications_of))
        .route("/portal/logins", post(portal_login))
        .route("/operators", get(staff_accounts))
        .route("/operators/{username}/unlock", post(unlock_operator))
        .route("/children/{cf}/second-parent", post(second_parent))
        .route("/children/{cf}/paying-parent", post(paying_parent))
        .route("/children/{cf}/attendance", get(attendance))
        .route(
            "/children/{cf}/attendance/{day}/cancellation",
            post(cancel_meal),
        )
        .route(
            "/children/{cf}/attendance/{day}/correction",
            post(correct_day),
        )
        .route("/children/{cf}/ledger", get(ledger))
        .route("/windows", get(windows))
        .route("/applications", post(create_application))
        .route(
            "/applications/{id}",
            get(application).put(update_application),
        )
        .route("/applications/{id}/submit", post(submit))
        .route(
            "/applications/{id}/documents",
            post(attach).layer(DefaultBodyLimit::max(DOCUMENT_LIMIT)),
        )
        .route("/notices", post(create_notice))
        .route("/notices/{number}", get(notice))
        .route("/notices/{number}/cancel", post(cancel_notice))
        .route("/notices/{number}/cash", post(cash))
        .route("/receipts", post(receipt))
        .route("/certificates/730", get(certificate))
        .route("/debtors", get(debtors))
        .route("/openapi.json", get(openapi))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            super::rights::check,
        ));
    Router::new()
        .nest("/api/v1", api)
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(ready))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn(problem::framework_errors))
        .layer(axum::middleware::from_fn(log_request))
        .with_state(state)
}

/// Request log: method, matched route template, status and time; never the path itself (it holds codes).
async fn log_request(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "-".into());
    let start = std::time::Instant::now();
    let resp = next.run(req).await;
    tracing::info!(%method, route, status = resp.status().as_u16(), ms = start.elapsed().as_millis() as u64, "request");
    resp
}

async fn ready(State(st): St) -> Response {
    let ok = tokio::task::spawn_blocking(move || st.backend(None).ready())
        .await
        .unwrap_or(false);
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    json_response(status, &serde_json::json!({ "ready": ok }))
}

async fn openapi() -> Response {
    json_response(StatusCode::OK, &super::openapi::document())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LoginBody {
    username: String,
    password: String,
}

async fn login(
    State(st): St,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let req: LoginBody = match parse_body(&body, &headers) {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    match check_password(&st, addr, req, &headers).await {
        Ok(op) => {
            let token = st.sessions.open(op.clone());
            json_response(
                StatusCode::CREATED,
                &serde_json::json!({ "token": token, "operator": op }),
            )
        }
        Err(resp) => resp,
    }
}

/// A staff password check, limited per user name and per address (a success takes its attempt back).
async fn check_password(
    st: &Arc<ApiState>,
    addr: SocketAddr,
    req: LoginBody,
    headers: &HeaderMap,
) -> Result<crate::backend::Operator, Response> {
    let lang = problem::lang_of(headers);
    let Some(attempt) = st.sessions.allow_attempt(&req.username, Some(addr.ip())) else {
        return Err(too_many_logins(headers));
    };
    let backend = st.backend(None);
    let checked =
        tokio::task::spawn_blocking(move || backend.login(&req.username, &req.password)).await;
    match checked {
        Ok(Ok(op)) => {
            st.sessions.succeeded(attempt);
            Ok(op)
        }
        Ok(Err(e)) => Err(problem::from_error(&e, lang)),
        Err(e) => Err(problem::from_error(&BackendError::internal(e), lang)),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KioskIdentification {
    cf: String,
    pan: String,
}

async fn kiosk_identify(State(st): St, h: HeaderMap, body: Bytes) -> Response {
    let req: KioskIdentification = match authenticated_body(&st, &h, &body) {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    session_change(st, h, move |b| b.kiosk_identify(&req.cf, &req.pan)).await
}

async fn kiosk_end(State(st): St, h: HeaderMap) -> Response {
    session_change(st, h, |b| {
        b.kiosk_end()?;
        Ok(serde_json::json!({}))
    })
    .await
}

/// Leaving kiosk mode: a supervisor's password, checked without opening a session.
async fn supervisor_check(
    State(st): St,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    h: HeaderMap,
    body: Bytes,
) -> Response {
    let req: LoginBody = match authenticated_body(&st, &h, &body) {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    match check_password(&st, addr, req, &h).await {
        Ok(op) if op.is_supervisor() => json_response(StatusCode::OK, &serde_json::json!({})),
        Ok(_) => problem::from_error(&BackendError::forbidden(), problem::lang_of(&h)),
        Err(resp) => resp,
    }
}

async fn kiosk_throttles(State(st): St, h: HeaderMap) -> Response {
    read(st, h, |b| b.kiosk_throttles()).await
}

async fn clear_kiosk_throttle(
    State(st): St,
    h: HeaderMap,
    Path(username): Path<String>,
) -> Response {
    mutate(
        st,
        h,
        &format!("DELETE /kiosk/throttles/{username}"),
        Bytes::new(),
        StatusCode::OK,
        move |b| {
            b.clear_kiosk_throttle(&username)?;
            Ok(serde_json::json!({}))
        },
    )
    .await
}

async fn logout(State(st): St, headers: HeaderMap) -> Response {
    if let Err(resp) = authenticate(&st, &headers) {
        return resp;
    }
    if let Some(t) = super::bearer(&headers) {
        st.sessions.close(t);
    }
    json_response(StatusCode::OK, &serde_json::json!({}))
}

async fn ente(State(st): St, h: HeaderMap) -> Response {
    read(st, h, |b| b.ente()).await
}

async fn services(State(st): St, h: HeaderMap) -> Response {
    read(st, h, |b| b.services()).await
}

async fn schools(State(st): St, h: HeaderMap) -> Response {
    read(st, h, |b| b.schools()).await
}

#[derive(Deserialize)]
struct SearchQuery {
    q: String,
    limit: Option<usize>,
}

async fn search(State(st): St, h: HeaderMap, Query(q): Query<SearchQuery>) -> Response {
    read(st, h, move |b| b.search(&q.q, q.limit.unwrap_or(20))).await
}

async fn family(State(st): St, h: HeaderMap, Path(cf): Path<String>) -> Response {
    read(st, h, move |b| b.family(&cf)).await
}

/// Parses the body, then runs the change with idempotency.
macro_rules! change {
    ($st:expr, $h:expr, $route:expr, $body:expr, $ok:expr, |$b:ident, $req:ident: $ty:ty| $call:expr) => {{
        let $req: $ty = match authenticated_body(&$st, &$h, &$body) {
            Ok(r) => r,
            Err(resp) => return resp,
        };
        mutate($st, $h, $route, $body, $ok, move |$b: &dyn Backend| $call).await
    }};
}

async fn register(State(st): St, h: HeaderMap, body: Bytes) -> Response {
    change!(
        st,
        h,
        "POST /parents",
        body,
        StatusCode::CREATED,
        |b, p: NewParent| b.register_parent(&p)
    )
}

async fn update_parent(
    State(st): St,
    h: HeaderMap,
    Path(cf): Path<String>,
    body: Bytes,
) -> Response {
    change!(
        st,
        h,
        &format!("PATCH /parents/{cf}"),
        body,
        StatusCode::OK,
        |b, p: ParentPatch| b.update_parent(&cf, &p)
    )
}

async fn unlock(State(st): St, h: HeaderMap, Path(cf): Path<String>) -> Response {
    mutate(
        st,
        h,
        &format!("POST /parents/{cf}/unlock"),
        Bytes::new(),
        StatusCode::OK,
        move |b| b.unlock_parent(&cf),
    )
    .await
}

async fn staff_accounts(State(st): St, h: HeaderMap) -> Response {
    read(st, h, |b| b.staff_accounts()).await
}

async fn unlock_operator(State(st): St, h: HeaderMap, Path(username): Path<String>) -> Response {
    mutate(
        st,
        h,
        &format!("POST /operators/{username}/unlock"),
        Bytes::new(),
        StatusCode::OK,
        move |b| b.unlock_operator(&username),
    )
    .await
}

async fn credentials(State(st): St, h: HeaderMap, Path(cf): Path<String>) -> Response {
    mutate(
        st,
        h,
        &format!("POST /parents/{cf}/credentials"),
        Bytes::new(),
        StatusCode::CREATED,
        move |b| b.regenerate_credentials(&cf),
    )
    .await
}

async fn applications_of(State(st): St, h: HeaderMap, Path(cf): Path<String>) -> Response {
    read(st, h, move |b| b.applications_of(&cf)).await
}

/// A parent's portal password tested by desk staff: limited per user name and per address like the
/// operators' login (counted apart from it), a successful login taking its attempt back.
async fn portal_login(
    State(st): St,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    h: HeaderMap,
    body: Bytes,
) -> Response {
    let r: LoginBody = match authenticated_body(&st, &h, &body) {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    let Some(attempt) = st
        .sessions
        .allow_portal_attempt(&r.username, Some(addr.ip()))
    else {
        return too_many_logins(&h);
    };
    let limits = st.clone();
    mutate(
        st,
        h,
        "POST /portal/logins",
        body,
        StatusCode::OK,
        move |b| {
            let outcome = b.parent_login(&r.username, &r.password)?;
            if outcome == crate::backend::LoginOutcome::Ok {
                limits.sessions.succeeded(attempt);
            }
            Ok(outcome)
        },
    )
    .await
}

/// The body of a request, once its caller is known: without a valid token the answer is 401 whatever
/// the body holds.
fn authenticated_body<T: serde::de::DeserializeOwned>(
    st: &ApiState,
    h: &HeaderMap,
    body: &[u8],
) -> Result<T, Response> {
    authenticate(st, h)?;
    parse_body(body, h)
}

fn too_many_logins(h: &HeaderMap) -> Response {
    let e = BackendError::text(ErrorKind::Locked, errors::TOO_MANY_LOGINS).with_retry_after(60);
    problem::response(&e, StatusCode::TOO_MANY_REQUESTS, problem::lang_of(h))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ParentLink {
    parent_cf: String,
    #[serde(default)]
    reason: String,
}

async fn second_parent(
    State(st): St,
    h: HeaderMap,
    Path(cf): Path<String>,
    body: Bytes,
) -> Response {
    change!(
        st,
        h,
        &format!("POST /children/{cf}/second-parent"),
        body,
        StatusCode::OK,
        |b, r: ParentLink| b.link_second_parent(&cf, &r.parent_cf)
    )
}

async fn paying_parent(
    State(st): St,
    h: HeaderMap,
    Path(cf): Path<String>,
    body: Bytes,
) -> Response {
    change!(
        st,
        h,
        &format!("POST /children/{cf}/paying-parent"),
        body,
        StatusCode::OK,
        |b, r: ParentLink| { b.change_paying_parent(&cf, &r.parent_cf, &r.reason) }
    )
}

#[derive(Deserialize)]
struct MonthQuery {
    /// Default: the canteen, the service attendance is asked about.
    service: Option<String>,
    month: String,
}

async fn attendance(
    State(st): St,
    h: HeaderMap,
    Path(cf): Path<String>,
    Query(q): Query<MonthQuery>,
) -> Response {
    read(st, h, move |b| {
        let (y, m) = q
            .month
            .split_once('-')
            .and_then(|(y, m)| Some((y.parse().ok()?, m.parse().ok()?)))
            .ok_or_else(|| BackendError::invalid_text("month", errors::BAD_MONTH))?;
        b.attendance(&cf, q.service.as_deref().unwrap_or("refezione"), y, m)
    })
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Correction {
    service: String,
    reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Cancellation {
    service: String,
}

async fn cancel_meal(
    State(st): St,
    h: HeaderMap,
    Path((cf, day)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    change!(
        st,
        h,
        &format!("POST /children/{cf}/attendance/{day}/cancellation"),
        body,
        StatusCode::OK,
        |b, r: Cancellation| b.cancel_meal(&cf, &r.service, path_day(&day)?)
    )
}

/// A day in a path, as YYYY-MM-DD.
fn path_day(day: &str) -> Result<chrono::NaiveDate, BackendError> {
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map_err(|_| BackendError::invalid_text("day", errors::BAD_DAY))
}

async fn correct_day(
    State(st): St,
    h: HeaderMap,
    Path((cf, day)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    change!(
        st,
        h,
        &format!("POST /children/{cf}/attendance/{day}/correction"),
        body,
        StatusCode::OK,
        |b, r: Correction| b.correct_attendance(&cf, &r.service, path_day(&day)?, &r.reason)
    )
}

#[derive(Deserialize)]
struct LedgerQuery {
    service: Option<String>,
    year: Option<i32>,
}

async fn ledger(
    State(st): St,
    h: HeaderMap,
    Path(cf): Path<String>,
    Query(q): Query<LedgerQuery>,
) -> Response {
    read(st, h, move |b| {
        b.statement(&cf, q.service.as_deref(), q.year)
    })
    .await
}

async fn windows(State(st): St, h: HeaderMap) -> Response {
    read(st, h, |b| b.windows()).await
}

async fn create_application(State(st): St, h: HeaderMap, body: Bytes) -> Response {
    change!(
        st,
        h,
        "POST /applications",
        body,
        StatusCode::CREATED,
        |b, d: ApplicationDraft| { b.save_application(&ApplicationDraft { id: None, ..d }) }
    )
}

async fn update_application(
    State(st): St,
    h: HeaderMap,
    Path(id): Path<i64>,
    body: Bytes,
) -> Response {
    change!(
        st,
        h,
        &format!("PUT /applications/{id}"),
        body,
        StatusCode::OK,
        |b, d: ApplicationDraft| { b.save_application(&ApplicationDraft { id: Some(id), ..d }) }
    )
}

async fn application(State(st): St, h: HeaderMap, Path(id): Path<i64>) -> Response {
    read(st, h, move |b| b.application(id)).await
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Submit {
    late_reason: Option<String>,
}

async fn submit(State(st): St, h: HeaderMap, Path(id): Path<i64>, body: Bytes) -> Response {
    let body = if body.is_empty() {
        Bytes::from_static(b"{}")
    } else {
        body
    };
    change!(
        st,
        h,
        &format!("POST /applications/{id}/submit"),
        body,
        StatusCode::OK,
        |b, r: Submit| b.submit_application(id, r.late_reason.as_deref())
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    filename: String,
    content_base64: String,
}

async fn attach(State(st): St, h: HeaderMap, Path(id): Path<i64>, body: Bytes) -> Response {
    change!(
        st,
        h,
        &format!("POST /applications/{id}/documents"),
        body,
        StatusCode::CREATED,
        |b, d: Document| {
            let content = base64::engine::general_purpose::STANDARD
                .decode(d.content_base64.as_bytes())
                .map_err(|_| BackendError::invalid_text("content_base64", errors::NOT_BASE64))?;
            b.attach_document(id, &d.filename, &content)
        }
    )
}

async fn create_notice(State(st): St, h: HeaderMap, body: Bytes) -> Response {
    change!(
        st,
        h,
        "POST /notices",
        body,
        StatusCode::CREATED,
        |b, n: NewNotice| b.create_notice(&n)
    )
}

async fn notice(State(st): St, h: HeaderMap, Path(number): Path<String>) -> Response {
    read(st, h, move |b| b.notice(&number)).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Reason {
    reason: String,
}

async fn cancel_notice(
    State(st): St,
    h: HeaderMap,
    Path(number): Path<String>,
    body: Bytes,
) -> Response {
    change!(
        st,
        h,
        &format!("POST /notices/{number}/cancel"),
        body,
        StatusCode::OK,
        |b, r: Reason| b.cancel_notice(&number, &r.reason)
    )
}

async fn cash(State(st): St, h: HeaderMap, Path(number): Path<String>) -> Response {
    mutate(
        st,
        h,
        &format!("POST /notices/{number}/cash"),
        Bytes::new(),
        StatusCode::OK,
        move |b| b.record_cash_payment(&number),
    )
    .await
}

async fn receipt(State(st): St, h: HeaderMap, body: Bytes) -> Response {
    change!(
        st,
        h,
        "POST /receipts",
        body,
        StatusCode::OK,
        |b, r: NewReceipt| b.record_receipt(&r)
    )
}

#[derive(Deserialize)]
struct CertQuery {
    parent: String,
    year: i32,
}

async fn certificate(State(st): St, h: HeaderMap, Query(q): Query<CertQuery>) -> Response {
    read(st, h, move |b| b.certificate_730(&q.parent, q.year)).await
}

#[derive(Deserialize)]
struct DebtorsQuery {
    min_cents: Option<i64>,
}

async fn debtors(State(st): St, h: HeaderMap, Query(q): Query<DebtorsQuery>) -> Response {
    read(st, h, move |b| b.debtors(q.min_cents.unwrap_or(0))).await
}
