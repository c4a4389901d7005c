//! Sessions: a staff login opens an expiring bearer token; logging out revokes it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Empty, Visitor, endpoint, served_by_server};
use crate::backend::Operator;

/// A user name and password (staff login, a supervisor's check at the kiosk, a parent's portal login).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// An open session.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Session {
    pub token: String,
    pub operator: Operator,
}

endpoint! {
    Login: Post "/sessions", Public, Server,
    "Operator login: an expiring bearer token (5 tries a minute per user name and per address)",
    ((), (), LoginRequest) -> Session,
    { const OK: u16 = 201; const ERRORS: &'static [u16] = &[401, 423, 429]; }
    |_b, _p, _q, _body| served_by_server()
}

endpoint! {
    Logout: Delete "/sessions/current", Session, Server,
    "Logout: the token is revoked",
    ((), (), ()) -> Empty,
    {}
    |_b, _p, _q, _body| served_by_server()
}

endpoint! {
    OpenApiDocument: Get "/openapi.json", Public, Server,
    "This document",
    ((), (), ()) -> serde_json::Value,
    {}
    |_b, _p, _q, _body| served_by_server()
}

pub(super) fn visit(v: &mut impl Visitor) {
    v.visit::<Login>();
    v.visit::<Logout>();
    v.visit::<OpenApiDocument>();
}
