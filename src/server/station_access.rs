//! Who may reach the pagoPA station (`/pagopa/`): a peer address in `[pagopa] allowed_from` and, when
//! `serve` verifies client certificates (`[server] client_ca`), a verified one on the connection. The
//! Node is told only that the call was refused, as a SOAP fault; the log says why. `/api/v1` and the
//! probes never pass through here.

use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::ApiState;
use super::peer::Peer;
use crate::config::AllowedFrom;

/// The station's callers, as `serve` was started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StationAccess {
    pub allowed_from: AllowedFrom,
    /// `serve` asks for client certificates: a call without a verified one is refused.
    pub client_cert_required: bool,
}

/// The built-in allow-list (loopback) and no certificate asked: what a server started without
/// configuration (a test's, say) lets in. The ranges are the built-in configuration's, written once.
impl Default for StationAccess {
    fn default() -> Self {
        StationAccess {
            allowed_from: crate::config::Settings::defaults().pagopa_allowed_from,
            client_cert_required: false,
        }
    }
}

const PREFIX: &str = "/pagopa/";

/// Middleware over the whole router: everything outside `/pagopa/` passes untouched.
pub async fn guard(State(state): State<Arc<ApiState>>, req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with(PREFIX) {
        return next.run(req).await;
    }
    let peer = req.extensions().get::<ConnectInfo<Peer>>().map(|c| c.0);
    match refusal(&state.station_access, peer) {
        None => next.run(req).await,
        Some(reason) => {
            match peer {
                Some(p) => tracing::warn!(peer = %p.addr, "pagoPA station call refused: {reason}"),
                None => tracing::warn!("pagoPA station call refused: {reason}"),
            }
            refused()
        }
    }
}

/// Why a peer may not call the station, or `None` when it may.
fn refusal(access: &StationAccess, peer: Option<Peer>) -> Option<&'static str> {
    let Some(peer) = peer else {
        return Some("the peer address is unknown");
    };
    if !access.allowed_from.contains(peer.addr.ip()) {
        return Some("address not in pagopa.allowed_from");
    }
    if access.client_cert_required && !peer.verified_client_cert {
        return Some("no verified client certificate");
    }
    None
}

fn refused() -> Response {
    let body = crate::pagopa::soap::fault(
        "PAA_SYSTEM_ERROR",
        "The caller is not allowed to reach this station",
    );
    let mut resp = (StatusCode::FORBIDDEN, body).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/xml; charset=utf-8"),
    );
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    fn peer(addr: &str, verified_client_cert: bool) -> Option<Peer> {
        Some(Peer {
            addr: addr.parse().unwrap(),
            verified_client_cert,
        })
    }

    #[test]
    fn the_address_and_then_the_certificate_decide() {
        let open = StationAccess::default();
        assert_eq!(refusal(&open, peer("127.0.0.1:4000", false)), None);
        // A loopback client on a dual-stack socket arrives as ::ffff:127.0.0.1.
        assert_eq!(refusal(&open, peer("[::ffff:127.0.0.1]:4000", false)), None);
        assert!(refusal(&open, peer("[::ffff:10.0.0.1]:4000", false)).is_some());
        assert!(refusal(&open, None).is_some());
        let strict = StationAccess {
            client_cert_required: true,
            ..open
        };
        assert!(refusal(&strict, peer("127.0.0.1:4000", false)).is_some());
        assert_eq!(refusal(&strict, peer("127.0.0.1:4000", true)), None);
        assert!(refusal(&strict, peer("10.0.0.1:4000", true)).is_some());
    }
}
