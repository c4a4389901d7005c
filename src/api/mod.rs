//! The contract of the central API (`/api/v1`): every endpoint written once, as a zero-sized type
//! implementing [`Endpoint`] (method, path, summary, who may call, request and response types, the
//! error statuses it answers, and the one backend call it makes). The server's router
//! (`server::routes`), the remote client (`remote`) and the OpenAPI document (`server::openapi`) are
//! all built from it, so a path, a body or a right is never written twice. Request types carry their
//! bounds for the JSON Schema (`schemars`): the document says what the API accepts.

use std::any::TypeId;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::backend::{BResult, Backend, BackendError};
use crate::domain::codice_fiscale::CodiceFiscale;
use crate::domain::notice::NoticeNumber;

mod anomalies;
mod attendance;
mod enrolment;
mod families;
mod history;
mod kiosk;
mod notices;
mod reconciliation;
mod reference;
mod review;
mod sessions;
mod staff;

pub use anomalies::*;
pub use attendance::*;
pub use enrolment::*;
pub use families::*;
pub use history::*;
pub use kiosk::*;
pub use notices::*;
pub use reconciliation::*;
pub use reference::*;
pub use review::*;
pub use sessions::*;
pub use staff::*;

/// Where the API lives under the server's root.
pub const PREFIX: &str = "/api/v1";

/// Request bodies have a ceiling (a document upload declares its own).
pub const BODY_LIMIT: usize = 64 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// Who may call an endpoint. A kiosk token is held to its endpoints by the server before anything
/// runs; desk roles are also told apart where the data lives (the store refuses an operator a
/// supervisor's action, and limits an identified kiosk to that parent's own children).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rights {
    /// No token needed: logging in, this document.
    Public,
    /// Any session: desk staff, and the kiosk at any time.
    Session,
    /// The kiosk account itself (staff cannot pose as the kiosk).
    KioskAccount,
    /// Desk staff, and the kiosk once a parent identified (for that parent's own children).
    KioskParent,
    /// Operators and supervisors.
    Staff,
    Supervisor,
}

impl Rights {
    /// For the document: the callers, in words.
    pub fn describe(self) -> &'static str {
        match self {
            Rights::Public => "anyone, no token",
            Rights::Session => "any session (desk staff, kiosk)",
            Rights::KioskAccount => "the kiosk account",
            Rights::KioskParent => {
                "desk staff; the kiosk once a parent identified, for that parent's children"
            }
            Rights::Staff => "desk staff (operator, supervisor)",
            Rights::Supervisor => "supervisor",
        }
    }

    /// For the document's `x-rights`: a stable name.
    pub fn name(self) -> &'static str {
        match self {
            Rights::Public => "public",
            Rights::Session => "session",
            Rights::KioskAccount => "kiosk-account",
            Rights::KioskParent => "kiosk-parent",
            Rights::Staff => "staff",
            Rights::Supervisor => "supervisor",
        }
    }

    /// Whether a kiosk token may call: `Some(needs_identified_parent)`, or `None` when never.
    pub fn kiosk(self) -> Option<bool> {
        match self {
            Rights::Public | Rights::Session | Rights::KioskAccount => Some(false),
            Rights::KioskParent => Some(true),
            Rights::Staff | Rights::Supervisor => None,
        }
    }
}

/// How the server runs an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Reads: authenticate, call, answer.
    Read,
    /// Changes: as a read, and an `Idempotency-Key` makes a retry get the first answer.
    Change,
    /// Changes the session itself (the kiosk's identified parent): kept with the token.
    SessionChange,
    /// Served by the server itself (tokens, password checks with their rate limits, this document):
    /// `handle` is not called.
    Server,
}

/// What crosses the wire: serialised by one side, read back by the other, described by its schema.
pub trait Wire: Serialize + DeserializeOwned + JsonSchema + Send + 'static {}
impl<T: Serialize + DeserializeOwned + JsonSchema + Send + 'static> Wire for T {}

/// One operation of the API. `()` stands for "none" (no path parameters, no query, no body).
pub trait Endpoint: 'static {
    const METHOD: Method;
    /// Under [`PREFIX`], parameters as `{name}` (each a field of `Path`).
    const PATH: &'static str;
    const SUMMARY: &'static str;
    const RIGHTS: Rights;
    const KIND: Kind;
    /// The status of a success.
    const OK: u16 = 200;
    /// Statuses of its own (404, 409, 423, 429...), beyond those its shape implies (see [`statuses`]).
    const ERRORS: &'static [u16] = &[];
    /// An empty body counts as `{}`.
    const BODY_OPTIONAL: bool = false;
    const BODY_LIMIT: usize = BODY_LIMIT;

    type Path: Wire;
    type Query: Wire;
    type Body: Wire;
    type Response: Wire;

    /// The server's side: one call on the backend the caller's session runs on.
    fn handle(
        b: &dyn Backend,
        path: Self::Path,
        query: Self::Query,
        body: Self::Body,
    ) -> BResult<Self::Response>;
}

/// Whether a request part is absent (`()`).
pub fn is_none<T: 'static>() -> bool {
    TypeId::of::<T>() == TypeId::of::<()>()
}

/// The value of an absent part.
pub fn none<T: DeserializeOwned>() -> BResult<T> {
    serde_json::from_value(serde_json::Value::Null).map_err(BackendError::internal)
}

/// The error statuses an endpoint can answer: those its shape implies, then its own.
pub fn statuses<E: Endpoint>() -> Vec<u16> {
    let params = !is_none::<E::Path>() || !is_none::<E::Query>();
    let body = !is_none::<E::Body>();
    let mut out = Vec::new();
    let mut add = |on: bool, s: u16| {
        if on && !out.contains(&s) {
            out.push(s);
        }
    };
    add(params || body, 400);
    add(E::RIGHTS != Rights::Public, 401);
    add(!matches!(E::RIGHTS, Rights::Public | Rights::Session), 403);
    let change = matches!(E::KIND, Kind::Change);
    // A key still being served, or a change made whose answer was lost.
    add(change, 409);
    add(body, 413);
    add(params || body || change, 422);
    for s in E::ERRORS {
        add(true, *s);
    }
    // The store refusing writes (disk full) answers 503.
    add(change, 503);
    out.sort_unstable();
    out
}

/// An endpoint's schemas, from one generator (named types become `$ref`s into its definitions).
pub struct Schemas {
    pub path: Option<Schema>,
    pub query: Option<Schema>,
    pub body: Option<Schema>,
    pub response: Schema,
}

/// An endpoint as data, for the router's rights check and the OpenAPI document.
pub struct Info {
    /// The type's name (the document's `operationId`).
    pub name: &'static str,
    pub method: Method,
    pub path: &'static str,
    pub summary: &'static str,
    pub rights: Rights,
    pub kind: Kind,
    pub ok: u16,
    pub statuses: Vec<u16>,
    pub schemas: fn(&mut SchemaGenerator) -> Schemas,
}

/// Something done once per endpoint, with its type (registering a route, describing it).
pub trait Visitor {
    fn visit<E: Endpoint>(&mut self);
}

/// Every endpoint, by area.
pub fn visit_all(v: &mut impl Visitor) {
    sessions::visit(v);
    kiosk::visit(v);
    reference::visit(v);
    families::visit(v);
    staff::visit(v);
    attendance::visit(v);
    enrolment::visit(v);
    review::visit(v);
    notices::visit(v);
    anomalies::visit(v);
    reconciliation::visit(v);
    history::visit(v);
}

fn schemas_of<E: Endpoint>(g: &mut SchemaGenerator) -> Schemas {
    fn inline<T: JsonSchema + 'static>(g: &mut SchemaGenerator) -> Option<Schema> {
        (!is_none::<T>()).then(|| T::json_schema(g))
    }
    Schemas {
        path: inline::<E::Path>(g),
        query: inline::<E::Query>(g),
        body: (!is_none::<E::Body>()).then(|| g.subschema_for::<E::Body>()),
        response: g.subschema_for::<E::Response>(),
    }
}

struct Catalogue(Vec<Info>);

impl Visitor for Catalogue {
    fn visit<E: Endpoint>(&mut self) {
        let name = std::any::type_name::<E>();
        self.0.push(Info {
            name: name.rsplit("::").next().unwrap_or(name),
            method: E::METHOD,
            path: E::PATH,
            summary: E::SUMMARY,
            rights: E::RIGHTS,
            kind: E::KIND,
            ok: E::OK,
            statuses: statuses::<E>(),
            schemas: schemas_of::<E>,
        });
    }
}

/// Every endpoint as data, in the contract's order.
pub fn catalogue() -> &'static [Info] {
    static ALL: std::sync::OnceLock<Vec<Info>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let mut c = Catalogue(Vec::new());
        visit_all(&mut c);
        c.0
    })
}

/// The endpoint a request matched, by method and route template (without [`PREFIX`]).
pub fn find(method: &str, path: &str) -> Option<&'static Info> {
    catalogue()
        .iter()
        .find(|i| i.method.as_str() == method && i.path == path)
}

/// Percent-encodes a path segment or query value.
pub fn encode(s: &str) -> String {
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

fn as_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// A request part's fields by name (none for `()`).
fn fields<T: Serialize>(v: &T) -> BResult<serde_json::Map<String, serde_json::Value>> {
    match serde_json::to_value(v).map_err(BackendError::internal)? {
        serde_json::Value::Object(m) => Ok(m),
        _ => Ok(Default::default()),
    }
}

/// The address of a call (under [`PREFIX`]): the path template filled from `path`'s fields, then
/// `query`'s fields that have a value.
pub fn url_of<E: Endpoint>(path: &E::Path, query: &E::Query) -> BResult<String> {
    let mut url = E::PATH.to_string();
    for (name, value) in fields(path)? {
        let text = as_text(&value).unwrap_or_default();
        url = url.replace(&format!("{{{name}}}"), &encode(&text));
    }
    let pairs: Vec<String> = fields(query)?
        .iter()
        .filter_map(|(k, v)| as_text(v).map(|t| format!("{k}={}", encode(&t))))
        .collect();
    if !pairs.is_empty() {
        url = format!("{url}?{}", pairs.join("&"));
    }
    Ok(url)
}

/// For `Kind::Server` endpoints, whose answer the server makes itself.
fn served_by_server<T>() -> BResult<T> {
    Err(BackendError::internal("served by the server itself"))
}

/// An answer with nothing to say.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize, JsonSchema)]
pub struct Empty {}

/// `{cf}`: a codice fiscale in a path (the store checks its check character).
#[derive(Debug, Clone, Serialize, serde::Deserialize, JsonSchema)]
pub struct CfPath {
    #[schemars(with = "CodiceFiscale")]
    pub cf: String,
}

/// `{number}`: a notice number in a path (the store checks its check digits).
#[derive(Debug, Clone, Serialize, serde::Deserialize, JsonSchema)]
pub struct NumberPath {
    #[schemars(with = "NoticeNumber")]
    pub number: String,
}

/// `{id}`: a record's id.
#[derive(Debug, Clone, Serialize, serde::Deserialize, JsonSchema)]
pub struct IdPath {
    #[schemars(range(min = 1))]
    pub id: i64,
}

/// `{username}`: a staff or kiosk account.
#[derive(Debug, Clone, Serialize, serde::Deserialize, JsonSchema)]
pub struct UsernamePath {
    #[schemars(length(min = 1, max = 64))]
    pub username: String,
}

/// Declares one endpoint: a zero-sized type and its `Endpoint` implementation.
macro_rules! endpoint {
    (
        $(#[$doc:meta])*
        $name:ident: $method:ident $path:literal, $rights:ident, $kind:ident,
        $summary:expr,
        ($p:ty, $q:ty, $b:ty) -> $r:ty,
        { $($extra:tt)* }
        |$bk:ident, $pp:pat_param, $qp:pat_param, $bp:pat_param| $call:expr
    ) => {
        $(#[$doc])*
        pub struct $name;

        impl $crate::api::Endpoint for $name {
            const METHOD: $crate::api::Method = $crate::api::Method::$method;
            const PATH: &'static str = $path;
            const SUMMARY: &'static str = $summary;
            const RIGHTS: $crate::api::Rights = $crate::api::Rights::$rights;
            const KIND: $crate::api::Kind = $crate::api::Kind::$kind;
            $($extra)*
            type Path = $p;
            type Query = $q;
            type Body = $b;
            type Response = $r;

            fn handle(
                $bk: &dyn $crate::backend::Backend,
                $pp: $p,
                $qp: $q,
                $bp: $b,
            ) -> $crate::backend::BResult<$r> {
                $call
            }
        }
    };
}
pub(crate) use endpoint;

#[cfg(test)]
mod tests;
