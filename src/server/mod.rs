//! The central API: `sportello serve`. HTTP/JSON over the same store as offline mode, versioned under
//! `/api/v1`. Every request authenticates with a bearer token, then runs as that operator through the
//! same `LocalBackend` the desk uses offline, so roles are enforced where the data lives. The store is
//! synchronous: calls run on blocking tasks.

// Handlers return a ready `Response` as their error, as axum does; its size does not matter here.
#![allow(clippy::result_large_err)]

mod auth;
pub mod openapi;
pub mod problem;
mod routes;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::backend::{BResult, BackendError, ErrorKind, Operator};
use crate::store::notices::NoticePolicy;
use crate::store::{LocalBackend, Store};

/// Shared by every request.
pub struct ApiState {
    store: Arc<Store>,
    policy: NoticePolicy,
    sessions: auth::Sessions,
    /// Idempotency keys being served right now: a concurrent retry waits for no one, it is told to retry.
    in_flight: Mutex<std::collections::HashSet<String>>,
}

impl ApiState {
    pub fn new(store: Arc<Store>, policy: NoticePolicy) -> Arc<ApiState> {
        Arc::new(ApiState {
            store,
            policy,
            sessions: auth::Sessions::default(),
            in_flight: Default::default(),
        })
    }
}

pub fn router(state: Arc<ApiState>) -> Router {
    routes::router(state)
}

/// Serves until `shutdown` completes; requests in flight finish first.
pub async fn serve(
    state: Arc<ApiState>,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
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
fn parse_body<T: serde::de::DeserializeOwned>(
    body: &[u8],
    headers: &HeaderMap,
) -> Result<T, Response> {
    serde_json::from_slice(body).map_err(|e| {
        let lang = problem::lang_of(headers);
        let syntax = matches!(
            e.classify(),
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof
        );
        let err = if syntax {
            BackendError::new(
                ErrorKind::Invalid,
                format!("JSON non valido: {e}"),
                format!("Malformed JSON: {e}"),
            )
        } else {
            BackendError::new(
                ErrorKind::Invalid,
                format!("Dati non validi: {e}"),
                format!("Invalid data: {e}"),
            )
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

/// A read: authenticate, run on a blocking task, answer JSON or a problem.
async fn read<T, F>(state: Arc<ApiState>, headers: HeaderMap, f: F) -> Response
where
    T: Serialize + Send + 'static,
    F: FnOnce(&LocalBackend) -> BResult<T> + Send + 'static,
{
    let lang = problem::lang_of(&headers);
    let op = match authenticate(&state, &headers) {
        Ok(op) => op,
        Err(resp) => return resp,
    };
    let backend = LocalBackend::acting_as(state.store.clone(), op).with_policy(state.policy);
    match tokio::task::spawn_blocking(move || f(&backend)).await {
        Ok(Ok(v)) => json_response(StatusCode::OK, &v),
        Ok(Err(e)) => problem::from_error(&e, lang),
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

/// A change: authenticate; with an `Idempotency-Key`, a repeated request gets the first answer and
/// changes nothing. The answer is recorded right after the change's own transaction: a crash between
/// the two could let one retry run again, which the store's own rules (receipt ids, state checks) absorb.
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
    F: FnOnce(&LocalBackend) -> BResult<T> + Send + 'static,
{
    let lang = problem::lang_of(&headers);
    let op = match authenticate(&state, &headers) {
        Ok(op) => op,
        Err(resp) => return resp,
    };
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(|k| format!("{}:{}", op.username, k.trim()));
    let hash = request_hash(&[route.as_bytes(), &body]);
    if let Some(key) = &key {
        match recall(&state, key, &hash) {
            Ok(Some(resp)) => return resp,
            Ok(None) => {}
            Err(e) => return problem::from_error(&e, lang),
        }
        if !state
            .in_flight
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.clone())
        {
            let e = BackendError::conflict(
                "La stessa richiesta è già in corso: riprovare tra un attimo.",
                "The same request is already in progress: retry in a moment.",
            );
            return problem::from_error(&e, lang);
        }
    }
    let actor = op.username.clone();
    let backend = LocalBackend::acting_as(state.store.clone(), op).with_policy(state.policy);
    let result = tokio::task::spawn_blocking(move || f(&backend)).await;
    let (status, body_json, is_problem) = match result {
        Ok(Ok(v)) => (ok, serde_json::to_string(&v).unwrap_or_default(), false),
        Ok(Err(e)) => problem_parts(&e, lang),
        Err(e) => problem_parts(&BackendError::internal(e), lang),
    };
    if let Some(key) = &key {
        // Server faults are not remembered: a retry may succeed.
        if !status.is_server_error() {
            let _ = remember(&state, key, &actor, &hash, status, &body_json);
        }
        state
            .in_flight
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(key);
    }
    stored_response(status.as_u16(), body_json, is_problem)
}

fn problem_parts(e: &BackendError, lang: crate::i18n::Lang) -> (StatusCode, String, bool) {
    let status = problem::status_of(e.kind);
    (status, problem::body(e, status, lang), true)
}

fn stored_response(status: u16, body: String, is_problem: bool) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
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

fn recall(state: &ApiState, key: &str, hash: &str) -> BResult<Option<Response>> {
    let row: Option<(String, u16, String)> = state.store.read(|tx| {
        Ok(tx
            .query_row(
                "SELECT request_hash, status, body FROM idempotency WHERE key = ?1",
                [key],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?)
    })?;
    match row {
        None => Ok(None),
        Some((h, status, body)) if h == hash => {
            let is_problem = status >= 400;
            Ok(Some(stored_response(status, body, is_problem)))
        }
        Some(_) => Err(BackendError::invalid_msg(
            "Idempotency-Key",
            "Questa chiave di idempotenza è già stata usata per una richiesta diversa.",
            "This idempotency key was already used for a different request.",
        )),
    }
}

fn remember(
    state: &ApiState,
    key: &str,
    actor: &str,
    hash: &str,
    status: StatusCode,
    body: &str,
) -> BResult<()> {
    state.store.write(|tx| {
        tx.execute(
            "INSERT OR IGNORE INTO idempotency (key, actor, request_hash, status, body, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            rusqlite::params![key, actor, hash, status.as_u16(), body, crate::store::now()],
        )?;
        Ok(())
    })
}
