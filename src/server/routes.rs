//! The routes of `/api/v1`, registered from the contract (`crate::api`): one generic handler runs
//! every endpoint the backend answers (who asks first, then path, query and body as the endpoint's
//! types say, then its one backend call); the few the server answers itself (tokens, password checks
//! with their rate limits, the document) are below.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter, get, on};

use super::{
    ApiState, Peer, authenticate, json_response, mutate, parse_body, problem, read, session_change,
};
use crate::api::{self, Endpoint, Kind, LoginRequest};
use crate::backend::{Backend, BackendError, ErrorKind};
use crate::i18n::errors;
use crate::store::idempotency::ApiStore;

type St = State<Arc<ApiState>>;

pub fn router(state: Arc<ApiState>) -> Router {
    let mut contract = Registrar(Router::new());
    api::visit_all(&mut contract);
    let api = contract.0.route_layer(axum::middleware::from_fn_with_state(
        state.clone(),
        super::rights::check,
    ));
    Router::new()
        .nest(api::PREFIX, api)
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(ready))
        .merge(super::station::router())
        .layer(DefaultBodyLimit::max(api::BODY_LIMIT))
        .layer(axum::middleware::from_fn(problem::framework_errors))
        .layer(axum::middleware::from_fn(log_request))
        .with_state(state)
}

/// Registers each endpoint of the contract: the backend's through `serve`, the server's own by name.
struct Registrar(Router<Arc<ApiState>>);

impl api::Visitor for Registrar {
    fn visit<E: Endpoint>(&mut self) {
        let filter = match E::METHOD {
            api::Method::Get => MethodFilter::GET,
            api::Method::Post => MethodFilter::POST,
            api::Method::Put => MethodFilter::PUT,
            api::Method::Patch => MethodFilter::PATCH,
            api::Method::Delete => MethodFilter::DELETE,
        };
        let handler: MethodRouter<Arc<ApiState>> = match E::KIND {
            Kind::Server => served_here::<E>(filter),
            _ => on(filter, serve::<E>),
        };
        let handler = if E::BODY_LIMIT == api::BODY_LIMIT {
            handler
        } else {
            handler.layer(DefaultBodyLimit::max(E::BODY_LIMIT))
        };
        let router = std::mem::take(&mut self.0);
        self.0 = router.route(E::PATH, handler);
    }
}

/// The handlers of the endpoints the server answers itself. An endpoint of that kind without one
/// here stops the router being built (every test that starts a server says so).
fn served_here<E: Endpoint>(filter: MethodFilter) -> MethodRouter<Arc<ApiState>> {
    fn is<E: 'static, T: 'static>() -> bool {
        std::any::TypeId::of::<E>() == std::any::TypeId::of::<T>()
    }
    if is::<E, api::Login>() {
        on(filter, login)
    } else if is::<E, api::Logout>() {
        on(filter, logout)
    } else if is::<E, api::SupervisorCheck>() {
        on(filter, supervisor_check)
    } else if is::<E, api::PortalLogin>() {
        on(filter, portal_login)
    } else if is::<E, api::OpenApiDocument>() {
        on(filter, openapi)
    } else {
        panic!(
            "{} is served by the server, which has no handler for it",
            E::PATH
        )
    }
}

/// Any endpoint the backend answers: authenticate, read the request as the endpoint's types (a path
/// or query of the wrong type is 400, a body 400 or 422), then its one call.
async fn serve<E: Endpoint>(State(st): St, mut parts: Parts, body: Bytes) -> Response {
    let headers = parts.headers.clone();
    let lang = problem::lang_of(&headers);
    if let Err(resp) = authenticate(&st, &headers) {
        return resp;
    }
    let path = if api::is_none::<E::Path>() {
        absent(lang)
    } else {
        Path::<E::Path>::from_request_parts(&mut parts, &st)
            .await
            .map(|Path(p)| p)
            .map_err(IntoResponse::into_response)
    };
    let query = if api::is_none::<E::Query>() {
        absent(lang)
    } else {
        Query::<E::Query>::try_from_uri(&parts.uri)
            .map(|Query(q)| q)
            .map_err(IntoResponse::into_response)
    };
    let body = if E::BODY_OPTIONAL && body.is_empty() {
        Bytes::from_static(b"{}")
    } else {
        body
    };
    let has_body = !api::is_none::<E::Body>();
    let request = if has_body {
        parse_body::<E::Body>(&body, &headers)
    } else {
        absent(lang)
    };
    let (path, query, request) = match (path, query, request) {
        (Ok(p), Ok(q), Ok(r)) => (p, q, r),
        (Err(resp), ..) | (_, Err(resp), _) | (.., Err(resp)) => return resp,
    };
    let call = move |b: &dyn Backend| E::handle(b, path, query, request);
    match E::KIND {
        Kind::Read => read(st, headers, call).await,
        Kind::SessionChange => session_change(st, headers, call).await,
        Kind::Change => {
            let route = format!(
                "{} {}",
                E::METHOD.as_str(),
                parts
                    .uri
                    .path()
                    .strip_prefix(api::PREFIX)
                    .unwrap_or(parts.uri.path())
            );
            let ok = StatusCode::from_u16(E::OK).unwrap_or(StatusCode::OK);
            let hashed = if has_body { body } else { Bytes::new() };
            mutate(st, headers, &route, hashed, ok, call).await
        }
        Kind::Server => problem::from_error(&BackendError::internal("not served here"), lang),
    }
}

/// The value of a request part the endpoint does not take.
fn absent<T: serde::de::DeserializeOwned>(lang: crate::i18n::Lang) -> Result<T, Response> {
    api::none().map_err(|e| problem::from_error(&e, lang))
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

async fn login(
    State(st): St,
    ConnectInfo(Peer { addr, .. }): ConnectInfo<Peer>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let req: LoginRequest = match parse_body(&body, &headers) {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    match check_password(&st, addr, req, &headers).await {
        Ok(operator) => {
            let token = st.sessions.open(operator.clone());
            json_response(StatusCode::CREATED, &api::Session { token, operator })
        }
        Err(resp) => resp,
    }
}

/// A staff password check, limited per user name and per address (a success takes its attempt back).
async fn check_password(
    st: &Arc<ApiState>,
    addr: SocketAddr,
    req: LoginRequest,
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

/// Leaving kiosk mode: a supervisor's password, checked without opening a session.
async fn supervisor_check(
    State(st): St,
    ConnectInfo(Peer { addr, .. }): ConnectInfo<Peer>,
    h: HeaderMap,
    body: Bytes,
) -> Response {
    let req: LoginRequest = match authenticated_body(&st, &h, &body) {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    match check_password(&st, addr, req, &h).await {
        Ok(op) if op.is_supervisor() => json_response(StatusCode::OK, &api::Empty {}),
        Ok(_) => problem::from_error(&BackendError::forbidden(), problem::lang_of(&h)),
        Err(resp) => resp,
    }
}

async fn logout(State(st): St, headers: HeaderMap) -> Response {
    if let Err(resp) = authenticate(&st, &headers) {
        return resp;
    }
    if let Some(t) = super::bearer(&headers) {
        st.sessions.close(t);
    }
    json_response(StatusCode::OK, &api::Empty {})
}

/// A parent's portal password tested by desk staff: limited per user name and per address like the
/// operators' login (counted apart from it), a successful login taking its attempt back.
async fn portal_login(
    State(st): St,
    ConnectInfo(Peer { addr, .. }): ConnectInfo<Peer>,
    h: HeaderMap,
    body: Bytes,
) -> Response {
    let r: LoginRequest = match authenticated_body(&st, &h, &body) {
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
        &format!("POST {}", api::PortalLogin::PATH),
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
