//! Which routes a kiosk token may call, checked per route before any handler runs, as each endpoint's
//! `RIGHTS` in the contract (`crate::api`) say: before a parent identifies, only the identification,
//! the supervisor check at the exit, the ente's name and the session itself; after, also that parent's
//! children's attendance, new notices for them and those notices. Everything else is 403. Desk roles (operator, supervisor) are told apart where the data
//! lives, which also limits the kiosk to the identified parent's own children.

use std::sync::Arc;

use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use super::{ApiState, bearer, problem};
use crate::api;
use crate::backend::{BackendError, ErrorKind, Role};
use crate::i18n::kiosk as k;

/// `None` when a kiosk may call the route in this state; otherwise the refusal. HEAD is judged as the
/// GET it runs (axum serves HEAD with the GET handler); any other method the contract does not list for
/// a matched route is refused, never waved through.
pub fn kiosk_refusal(method: &Method, route: &str, identified: bool) -> Option<BackendError> {
    let method = if *method == Method::HEAD {
        "GET"
    } else {
        method.as_str()
    };
    let Some(endpoint) = api::find(method, route) else {
        return Some(BackendError::text(ErrorKind::Forbidden, k::NOT_AT_KIOSK));
    };
    let rights = endpoint.rights;
    match rights.kiosk() {
        Some(false) => None,
        Some(true) => (!identified).then(|| BackendError::text(ErrorKind::Forbidden, k::NOT_YOURS)),
        None => Some(BackendError::text(ErrorKind::Forbidden, k::NOT_AT_KIOSK)),
    }
}

/// Middleware on the API's routes: a kiosk token outside its routes gets 403. No token or an unknown
/// one passes on, for the handler to answer 401.
pub async fn check(State(st): State<Arc<ApiState>>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().trim_start_matches("/api/v1").to_string());
    let kiosk = bearer(req.headers())
        .and_then(|t| st.sessions.check(t))
        .filter(|op| op.role == Role::Kiosk);
    if let (Some(op), Some(route)) = (kiosk, route)
        && let Some(e) = kiosk_refusal(req.method(), &route, op.kiosk_parent.is_some())
    {
        return problem::from_error(&e, problem::lang_of(req.headers()));
    }
    next.run(req).await
}
