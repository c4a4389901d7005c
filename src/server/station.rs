//! `POST /pagopa/paForNode`: the pagoPA Node's door to the station (`crate::pagopa::station`).
//! Outside `/api/v1` and its JSON problems: every answer here is SOAP, faults included.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::ApiState;
use crate::pagopa::soap;
use crate::pagopa::station::{Answer, MAX_BODY};

pub(super) const PATH: &str = "/pagopa/paForNode";

pub fn router() -> axum::Router<Arc<ApiState>> {
    axum::Router::new().route(
        PATH,
        // One byte over the limit reaches the station, which refuses it as a SOAP fault.
        axum::routing::any(answer).layer(axum::extract::DefaultBodyLimit::max(MAX_BODY + 1)),
    )
}

async fn answer(
    State(state): State<Arc<ApiState>>,
    method: Method,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    if method != Method::POST {
        return xml(Answer {
            status: 405,
            body: soap::fault("PAA_SINTASSI_EXTRAXSD", "only POST is answered here"),
        });
    }
    // SOAP 1.1 is text/xml; application/xml is tolerated, anything else is not a SOAP request.
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        });
    if !matches!(
        content_type.as_deref(),
        Some("text/xml" | "application/xml")
    ) {
        return xml(Answer {
            status: 500,
            body: soap::fault("PAA_SINTASSI_EXTRAXSD", "the content type must be text/xml"),
        });
    }
    let Ok(body) = body else {
        return xml(Answer {
            status: 500,
            body: soap::fault("PAA_SINTASSI_EXTRAXSD", "the request is larger than 1 MiB"),
        });
    };
    let answer = tokio::task::spawn_blocking(move || state.station.answer(&body))
        .await
        .unwrap_or_else(|_| Answer {
            status: 500,
            body: soap::fault("PAA_SYSTEM_ERROR", "the station could not answer"),
        });
    xml(answer)
}

fn xml(answer: Answer) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut resp = (status, answer.body).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/xml; charset=utf-8"),
    );
    resp
}
