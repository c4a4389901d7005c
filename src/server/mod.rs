//! The central API: `sportello serve`. HTTP/JSON over the same store as offline mode, versioned under
//! `/api/v1`. Every request authenticates with a bearer token, then runs as that operator through the
//! same `LocalBackend` the desk uses offline, so roles are enforced where the data lives; handlers see
//! only the `Backend` trait, and the idempotency record and readiness check go through
//! `store::idempotency::ApiStore` (no SQL here). The store is synchronous: calls run on blocking tasks.

// Handlers return a ready `Response` as their error, as axum does; its size does not matter here.
#![allow(clippy::result_large_err)]

mod auth;
pub mod openapi;
mod peer;
pub mod problem;
mod rights;
mod routes;
pub(crate) mod station;
pub mod station_access;
pub mod tls;

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::backend::{BResult, Backend, BackendError, ErrorKind, Operator};
use crate::i18n::errors;
use crate::store::idempotency::{AnswerClaim, ApiStore, Recalled};
use crate::store::policy::Policy;
use crate::store::{LocalBackend, Store};

pub use peer::Peer;
pub use station_access::StationAccess;

/// Shared by every request.
pub struct ApiState {
    store: Arc<Store>,
    policy: Policy,
    sessions: auth::Sessions,
    /// Who may call the pagoPA station under `/pagopa/`.
    station_access: StationAccess,
    /// Idempotency keys being served right now: a concurrent retry waits for no one, it is told to retry.
    in_flight: Mutex<std::collections::HashSet<String>>,
    /// The pagoPA station over the same store.
    station: crate::pagopa::station::Station<Arc<Store>>,
}

impl ApiState {
    pub fn new(store: Arc<Store>, policy: Policy) -> Arc<ApiState> {
        ApiState::with_session_idle(store, policy, auth::IDLE)
    }

    /// As `new`, with tokens that expire after `idle` without use (8 hours by default).
    pub fn with_session_idle(
        store: Arc<Store>,
        policy: Policy,
        idle: std::time::Duration,
    ) -> Arc<ApiState> {
        let station = station_for(&store);
        ApiState::build(store, policy, idle, station, StationAccess::default())
    }

    /// As `new`, with the station's identity as configured (`[pagopa]`) and its callers (`access`).
    pub fn with_station(
        store: Arc<Store>,
        policy: Policy,
        station: crate::pagopa::StationSettings,
        access: StationAccess,
    ) -> Arc<ApiState> {
        ApiState::build(store, policy, auth::IDLE, station, access)
    }

    fn build(
        store: Arc<Store>,
        policy: Policy,
        idle: std::time::Duration,
        station: crate::pagopa::StationSettings,
        station_access: StationAccess,
    ) -> Arc<ApiState> {
        Arc::new(ApiState {
            station: crate::pagopa::station::Station::new(station, store.clone()),
            store,
            policy,
            sessions: auth::Sessions::with_idle(idle),
            station_access,
            in_flight: Default::default(),
        })
    }
}

impl ApiState {
    /// The backend a request runs on, acting as `op` (nobody for a login).
    fn backend(&self, op: Option<Operator>) -> LocalBackend {
        match op {
            Some(op) => LocalBackend::acting_as(self.store.clone(), op),
            None => LocalBackend::new(self.store.clone()),
        }
        .with_policy(self.policy)
    }
}

/// The defaults `[pagopa]` gives for the store's own ente: for a server started without a
/// configuration (tests, benches).
pub fn station_for(store: &Store) -> crate::pagopa::StationSettings {
    let fiscal_code = store
        .read(|tx| crate::store::settings::ente(tx))
        .map(|e| e.fiscal_code)
        .unwrap_or_default();
    let defaults = crate::config::Settings::defaults().station;
    crate::pagopa::StationSettings {
        id_broker_pa: fiscal_code.clone(),
        id_station: format!("{fiscal_code}_01"),
        id_pa: fiscal_code,
        ..defaults
    }
}

pub fn router(state: Arc<ApiState>) -> Router {
    routes::router(state.clone())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            station_access::guard,
        ))
        .layer(axum::middleware::from_fn_with_state(state, clock_header))
}

/// Every answer says the store's time, so a remote desk lives on the central API's clock (its day for
/// due dates, windows and the meal cut-off), not on its own computer's.
async fn clock_header(
    axum::extract::State(state): axum::extract::State<Arc<ApiState>>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let mut resp = next.run(req).await;
    if let Ok(v) = HeaderValue::from_str(&crate::clock::to_header(&state.store.clock())) {
        resp.headers_mut().insert(crate::clock::HEADER, v);
    }
    resp
}

/// Serves plain HTTP until `shutdown` completes; requests in flight finish first.
pub async fn serve(
    state: Arc<ApiState>,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<Peer>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// As `serve`, over TLS only (`tls::server_config`); each handshake runs apart from the others.
pub async fn serve_tls(
    state: Arc<ApiState>,
    listener: tokio::net::TcpListener,
    tls: Arc<rustls::ServerConfig>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        tls::TlsListener::new(listener, tls)?,
        router(state).into_make_service_with_connect_info::<Peer>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

fn json_response<T: Serialize>(status: StatusCode, value: &T) -> Response {
    let mut resp = (status, serde_json::to_string(value).unwrap_or_default()).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    resp
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

fn authenticate(state: &ApiState, headers: &HeaderMap) -> Result<Operator, Response> {
    let lang = problem::lang_of(headers);
    bearer(headers)
        .and_then(|t| state.sessions.check(t))
        .ok_or_else(|| problem::from_error(&BackendError::unauthenticated(), lang))
}

/// Parses a JSON body: malformed JSON is 400, wrong types or unknown fields 422, both saying what.
/// A value the domain refuses (a codice fiscale, a notice number, an amount) names its field and
/// says why in both languages, as the backend's own check does.
fn parse_body<T: serde::de::DeserializeOwned>(
    body: &[u8],
    headers: &HeaderMap,
) -> Result<T, Response> {
    crate::domain::wire::take_refusal();
    let mut de = serde_json::Deserializer::from_slice(body);
    let read = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| (field_of(e.path()), e.into_inner()))
        .and_then(|v| de.end().map(|()| v).map_err(|e| (None, e)));
    read.map_err(|(field, e)| {
        let lang = problem::lang_of(headers);
        let syntax = matches!(
            e.classify(),
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof
        );
        let refusal = crate::domain::wire::take_refusal();
        let err = match (syntax, refusal, field) {
            (true, _, _) => BackendError::pair(ErrorKind::Invalid, errors::malformed_json(&e)),
            (false, Some(r), Some(field)) => BackendError::invalid(&field, &r),
            (false, _, field) => {
                let err = BackendError::pair(ErrorKind::Invalid, errors::invalid_data(&e));
                match field {
                    Some(f) => err.with_field(&f),
                    None => err,
                }
            }
        };
        problem::response(
            &err,
            if syntax {
                StatusCode::BAD_REQUEST
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            },
            lang,
        )
    })
}

/// The innermost named member of a path into a body (`allocations[0].child_cf` gives `child_cf`).
fn field_of(path: &serde_path_to_error::Path) -> Option<String> {
    path.iter().rev().find_map(|segment| match segment {
        serde_path_to_error::Segment::Map { key } => Some(key.clone()),
        _ => None,
    })
}

/// A read: authenticate, run on a blocking task, answer JSON or a problem.
async fn read<T, F>(state: Arc<ApiState>, headers: HeaderMap, f: F) -> Response
where
    T: Serialize + Send + 'static,
    F: FnOnce(&dyn Backend) -> BResult<T> + Send + 'static,
{
    call(state, headers, false, f).await
}

/// A call that changes the session itself (the kiosk's identified parent): as a read, then the
/// operator the call leaves behind is kept with the token.
async fn session_change<T, F>(state: Arc<ApiState>, headers: HeaderMap, f: F) -> Response
where
    T: Serialize + Send + 'static,
    F: FnOnce(&dyn Backend) -> BResult<T> + Send + 'static,
{
    call(state, headers, true, f).await
}

async fn call<T, F>(state: Arc<ApiState>, headers: HeaderMap, keep_session: bool, f: F) -> Response
where
    T: Serialize + Send + 'static,
    F: FnOnce(&dyn Backend) -> BResult<T> + Send + 'static,
{
    let lang = problem::lang_of(&headers);
    let op = match authenticate(&state, &headers) {
        Ok(op) => op,
        Err(resp) => return resp,
    };
    let backend = state.backend(Some(op));
    let result = tokio::task::spawn_blocking(move || {
        let out = f(&backend);
        (out, backend.current_operator())
    })
    .await;
    match result {
        Ok((Ok(v), op)) => {
            if keep_session && let (Some(token), Some(op)) = (bearer(&headers), op) {
                state.sessions.replace(token, op);
            }
            json_response(StatusCode::OK, &v)
        }
        Ok((Err(e), _)) => problem::from_error(&e, lang),
        Err(e) => problem::from_error(&BackendError::internal(e), lang),
    }
}

/// FNV-1a: a stable hash of a request, to tell a retry from a different request with the same key.
fn request_hash(parts: &[&[u8]]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in *p {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        h ^= 0xff;
    }
    format!("{h:016x}")
}

/// A body by its meaning: JSON written again with every object's keys sorted and no spacing, so a
/// retry whose client serialises fields in another order is still the same request. A body that is
/// not JSON (refused later anyway) counts byte for byte; an empty body stays empty.
fn canonical_body(body: &[u8]) -> Vec<u8> {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(v) => {
            let mut out = String::with_capacity(body.len());
            write_canonical(&v, &mut out);
            out.into_bytes()
        }
        Err(_) => body.to_vec(),
    }
}

/// Sorts keys itself rather than trusting `Map`'s order: a dependency turning on serde_json's
/// `preserve_order` would otherwise make key order count again.
fn write_canonical(v: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match v {
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write_canonical(v, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(v, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// A change: authenticate; with an `Idempotency-Key`, a repeated request gets the first answer and
/// changes nothing. The change's own transaction records the key with its answer
/// (`store::idempotency`), so a crash cannot separate them; a refusal, which changed nothing, is
/// recorded on its own. Keys are per operator; one server process per store (the claim on a key being
/// served lives in memory).
async fn mutate<T, F>(
    state: Arc<ApiState>,
    headers: HeaderMap,
    route: &str,
    body: Bytes,
    ok: StatusCode,
    f: F,
) -> Response
where
    T: Serialize + Send + 'static,
    F: FnOnce(&dyn Backend) -> BResult<T> + Send + 'static,
{
    let lang = problem::lang_of(&headers);
    let op = match authenticate(&state, &headers) {
        Ok(op) => op,
        Err(resp) => return resp,
    };
    let claim = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(|k| AnswerClaim {
            key: format!("{}:{}", op.username, k.trim()),
            actor: op.username.clone(),
            hash: request_hash(&[route.as_bytes(), &canonical_body(&body)]),
            ok_status: ok.as_u16(),
        });
    // Claimed before looking for a recorded answer, released only after the answer is recorded: a
    // retry that arrives meanwhile is told to wait, and one that arrives after finds the answer.
    let in_flight = match &claim {
        Some(c) => match InFlight::claim(&state, &c.key) {
            Some(c) => Some(c),
            None => {
                let e = BackendError::text(ErrorKind::Conflict, errors::SAME_REQUEST_IN_PROGRESS);
                // Retry-After tells a client this conflict is transient: the remote client waits and
                // sends the same key again, and then gets the first answer.
                let mut resp = problem::from_error(&e, lang);
                resp.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
                return resp;
            }
        },
        None => None,
    };
    let backend = state.backend(Some(op));
    // Everything from here runs on one blocking task, which completes even when the client hangs up
    // (a desk that timed out): the change with its recorded answer, and the release of the claim.
    let task = tokio::task::spawn_blocking(move || {
        let _in_flight = in_flight;
        let answer = |out: BResult<T>| match out {
            Ok(v) => (ok, serde_json::to_string(&v).unwrap_or_default(), false),
            Err(e) => problem_parts(&e, lang),
        };
        let Some(claim) = &claim else {
            return answer(f(&backend));
        };
        match backend.recall_answer(claim) {
            Ok(Recalled::Answer { status, body }) => {
                let status =
                    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                return (status, body, status.as_u16() >= 400);
            }
            Ok(Recalled::Unknown) => {}
            Err(e) => return problem_parts(&e, lang),
        }
        let mut f = Some(f);
        let mut out = None;
        let recorded = backend.run_claimed(claim, &mut |b| out = f.take().map(|f| f(b)));
        let (status, body_json, is_problem) =
            answer(out.unwrap_or_else(|| Err(BackendError::internal("operation not run"))));
        // A change committed its answer already. A refusal, or a success that changed nothing, is
        // recorded now; server faults are not remembered: a retry may succeed.
        let already = recorded.is_some_and(|r| {
            if r != body_json && status.is_success() {
                // A route answering something other than its backend method's value: recorded again
                // below, so a retry still gets this answer (with the crash window of a second write).
                tracing::warn!(
                    "an idempotent answer differs from its change's record; recorded again"
                );
            }
            r == body_json || !status.is_success()
        });
        if !already
            && !status.is_server_error()
            && backend
                .remember_answer(claim, status.as_u16(), &body_json)
                .is_err()
        {
            tracing::warn!("idempotent answer not recorded: a retry runs the request again");
        }
        (status, body_json, is_problem)
    });
    let (status, body_json, is_problem) = match task.await {
        Ok(parts) => parts,
        Err(e) => problem_parts(&BackendError::internal(e), lang),
    };
    stored_response(status, body_json, is_problem)
}

/// An idempotency key being served; released when dropped (also on a panic).
struct InFlight {
    state: Arc<ApiState>,
    key: String,
}

impl InFlight {
    fn claim(state: &Arc<ApiState>, key: &str) -> Option<InFlight> {
        let fresh = state
            .in_flight
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.to_string());
        fresh.then(|| InFlight {
            state: state.clone(),
            key: key.to_string(),
        })
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.state
            .in_flight
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.key);
    }
}

fn problem_parts(e: &BackendError, lang: crate::i18n::Lang) -> (StatusCode, String, bool) {
    let status = problem::status_of(e.kind);
    (status, problem::body(e, status, lang), true)
}

fn stored_response(status: StatusCode, body: String, is_problem: bool) -> Response {
    let mut resp = (status, body).into_response();
    let ct = if is_problem {
        problem::CONTENT_TYPE
    } else {
        "application/json"
    };
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
    resp
}
