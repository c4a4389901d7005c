//! Which routes a kiosk token may call, checked per route before any handler runs: before a parent
//! identifies, only the identification, the supervisor check at the exit, the ente's name and the
//! session itself; after, also that parent's children's attendance, new notices for them and those
//! notices. Everything else is 403. Desk roles (operator, supervisor) are told apart where the data
//! lives, which also limits the kiosk to the identified parent's own children.

use std::sync::Arc;

use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use super::{ApiState, bearer, problem};
use crate::backend::{BackendError, ErrorKind, Role};
use crate::i18n::kiosk as k;

/// Routes (as in the OpenAPI document, without `/api/v1`) a kiosk may call at any time.
const KIOSK_ALWAYS: &[(Method, &str)] = &[
    (Method::POST, "/sessions"),
    (Method::DELETE, "/sessions/current"),
    (Method::POST, "/kiosk/identification"),
    (Method::DELETE, "/kiosk/identification"),
    (Method::POST, "/kiosk/supervisor-check"),
    (Method::GET, "/ente"),
    (Method::GET, "/openapi.json"),
];

/// Routes a kiosk may call once a parent identified (the store then limits them to that parent's
/// own children).
const KIOSK_IDENTIFIED: &[(Method, &str)] = &[
    (Method::GET, "/children/{cf}/attendance"),
    (Method::POST, "/notices"),
    (Method::GET, "/notices/{number}"),
];

/// `None` when a kiosk may call the route in this state; otherwise the refusal.
pub fn kiosk_refusal(method: &Method, route: &str, identified: bool) -> Option<BackendError> {
    let listed = |list: &[(Method, &str)]| list.iter().any(|(m, r)| m == method && *r == route);
    if listed(KIOSK_ALWAYS) {
        None
    } else if listed(KIOSK_IDENTIFIED) {
        (!identified).then(|| BackendError::text(ErrorKind::Forbidden, k::NOT_YOURS))
    } else {
        Some(BackendError::text(ErrorKind::Forbidden, k::NOT_AT_KIOSK))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kiosk_route_is_in_the_openapi_document() {
        let listed: Vec<(String, &str)> = super::super::openapi::ROUTES
            .iter()
            .map(|(m, p, ..)| (m.to_uppercase(), *p))
            .collect();
        for (m, r) in KIOSK_ALWAYS.iter().chain(KIOSK_IDENTIFIED) {
            assert!(listed.contains(&(m.to_string(), *r)), "{m} {r}");
        }
    }
}
