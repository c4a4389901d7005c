//! RFC 9457 problem details: a stable `type` per error kind, a `detail` a person can read in the language
//! the client asked for, both languages as extension members (the remote client rebuilds its error from
//! them), and `field` for validation errors.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::backend::{BackendError, ErrorKind};
use crate::i18n::Lang;
use crate::i18n::errors;

pub const CONTENT_TYPE: &str = "application/problem+json";

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind_uri: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub detail_it: String,
    pub detail_en: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Seconds to wait before trying again, as in the `Retry-After` header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

pub fn status_of(kind: ErrorKind) -> StatusCode {
    match kind {
        ErrorKind::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorKind::NotFound => StatusCode::NOT_FOUND,
        ErrorKind::Conflict => StatusCode::CONFLICT,
        ErrorKind::Unauthenticated => StatusCode::UNAUTHORIZED,
        ErrorKind::Forbidden => StatusCode::FORBIDDEN,
        ErrorKind::Locked => StatusCode::LOCKED,
        ErrorKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

pub fn kind_of(status: u16) -> ErrorKind {
    match status {
        400 | 413 | 422 => ErrorKind::Invalid,
        401 => ErrorKind::Unauthenticated,
        403 => ErrorKind::Forbidden,
        404 => ErrorKind::NotFound,
        409 => ErrorKind::Conflict,
        423 | 429 => ErrorKind::Locked,
        503 => ErrorKind::Unavailable,
        _ => ErrorKind::Internal,
    }
}

fn slug(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Invalid => "invalid",
        ErrorKind::NotFound => "not-found",
        ErrorKind::Conflict => "conflict",
        ErrorKind::Unauthenticated => "unauthenticated",
        ErrorKind::Forbidden => "forbidden",
        ErrorKind::Locked => "locked",
        ErrorKind::Unavailable => "unavailable",
        ErrorKind::Internal => "internal",
    }
}

/// The language asked for: Italian unless `Accept-Language` prefers English.
pub fn lang_of(headers: &HeaderMap) -> Lang {
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let first = accept
        .split(',')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if first.starts_with("en") {
        Lang::En
    } else {
        Lang::It
    }
}

/// The problem document of an error, as text.
pub fn body(e: &BackendError, status: StatusCode, lang: Lang) -> String {
    let problem = Problem {
        kind_uri: format!("https://sportello.example/problems/{}", slug(e.kind)),
        title: status.canonical_reason().unwrap_or("Error").to_string(),
        status: status.as_u16(),
        detail: lang.pick(&e.it, &e.en).to_string(),
        detail_it: e.it.clone(),
        detail_en: e.en.clone(),
        field: e.field.clone(),
        retry_after: e.retry_after,
    };
    serde_json::to_string(&problem).unwrap_or_default()
}

/// A backend error as a problem response, with an explicit status (400, 413, 429 have no kind of their own).
pub fn response(e: &BackendError, status: StatusCode, lang: Lang) -> Response {
    let mut resp = (status, body(e, status, lang)).into_response();
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
    if let Some(secs) = e.retry_after {
        resp.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    resp
}

pub fn from_error(e: &BackendError, lang: Lang) -> Response {
    response(e, status_of(e.kind), lang)
}

impl Problem {
    pub fn into_error(self) -> BackendError {
        BackendError {
            field: self.field,
            retry_after: self.retry_after,
            ..BackendError::new(kind_of(self.status), self.detail_it, self.detail_en)
        }
    }
}

/// Middleware: errors produced by the framework rather than by a handler (an unknown route, a wrong
/// method, a body over the limit, a query string or path of the wrong type) come back as problem
/// documents too, so every client reads one error format.
pub async fn framework_errors(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let lang = lang_of(req.headers());
    let resp = next.run(req).await;
    let status = resp.status();
    // JSON is already a problem; XML is the pagoPA station's SOAP fault, which must stay SOAP.
    let is_document = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| {
            ct.starts_with("application/json")
                || ct.starts_with(CONTENT_TYPE)
                || ct.starts_with("text/xml")
        });
    if !(status.is_client_error() || status.is_server_error()) || is_document {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let text = axum::body::to_bytes(body, 4096)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let e = match status {
        StatusCode::PAYLOAD_TOO_LARGE => BackendError::text(ErrorKind::Invalid, errors::TOO_LARGE),
        StatusCode::NOT_FOUND => BackendError::text(ErrorKind::NotFound, errors::NO_SUCH_RESOURCE),
        StatusCode::METHOD_NOT_ALLOWED => {
            BackendError::text(ErrorKind::Invalid, errors::METHOD_NOT_ALLOWED)
        }
        s if s.is_client_error() => {
            BackendError::pair(ErrorKind::Invalid, errors::bad_request(&text))
        }
        _ => BackendError::text(ErrorKind::Internal, errors::SERVER_INTERNAL),
    };
    let mut out = response(&e, status, lang);
    for (name, value) in parts.headers.iter() {
        if name == header::ALLOW || name == header::RETRY_AFTER {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out
}
