//! Finding people, parents' data and accounts, who pays for a child.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{CfPath, Empty, Visitor, endpoint, served_by_server, sessions::LoginRequest};
use crate::backend::{
    Credentials, FamilyCard, LoginOutcome, NewParent, ParentInfo, ParentPatch, SearchHit,
};
use crate::domain::codice_fiscale::CodiceFiscale;

/// How many hits a search answers when not told.
pub const SEARCH_LIMIT: usize = 20;

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct SearchQuery {
    /// Codice fiscale, surname prefix, "SURNAME NAME", PAN or notice number.
    pub q: String,
    /// Default 20.
    #[schemars(range(min = 1, max = 200))]
    pub limit: Option<usize>,
}

endpoint! {
    Search: Get "/search", Staff, Read,
    "Search by codice fiscale, surname prefix, name, PAN or notice number",
    ((), SearchQuery, ()) -> Vec<SearchHit>,
    {}
    |b, _p, q, _body| b.search(&q.q, q.limit.unwrap_or(SEARCH_LIMIT))
}

endpoint! {
    Family: Get "/families/{cf}", Staff, Read,
    "Family card of any member (paying parent, child, second parent)",
    (CfPath, (), ()) -> FamilyCard,
    { const ERRORS: &'static [u16] = &[404]; }
    |b, p, _q, _body| b.family(&p.cf)
}

endpoint! {
    RegisterParent: Post "/parents", Staff, Change,
    "Register a parent",
    ((), (), NewParent) -> Credentials,
    { const OK: u16 = 201; const ERRORS: &'static [u16] = &[409]; }
    |b, _p, _q, body| b.register_parent(&body)
}

endpoint! {
    UpdateParent: Patch "/parents/{cf}", Staff, Change,
    "Update a parent's contacts",
    (CfPath, (), ParentPatch) -> ParentInfo,
    { const ERRORS: &'static [u16] = &[404]; }
    |b, p, _q, body| b.update_parent(&p.cf, &body)
}

endpoint! {
    UnlockParent: Post "/parents/{cf}/unlock", Supervisor, Change,
    "Unlock a locked account (supervisor)",
    (CfPath, (), ()) -> ParentInfo,
    { const ERRORS: &'static [u16] = &[404]; }
    |b, p, _q, _body| b.unlock_parent(&p.cf)
}

endpoint! {
    RegenerateCredentials: Post "/parents/{cf}/credentials", Staff, Change,
    "New credentials, shown once",
    (CfPath, (), ()) -> Credentials,
    { const OK: u16 = 201; const ERRORS: &'static [u16] = &[404]; }
    |b, p, _q, _body| b.regenerate_credentials(&p.cf)
}

endpoint! {
    /// Rate-limited per user name and per address like the staff login (counted apart from it).
    PortalLogin: Post "/portal/logins", Staff, Server,
    "A parent's portal login attempt (lockout policy; desk staff only, 5 a minute per address)",
    ((), (), LoginRequest) -> LoginOutcome,
    { const ERRORS: &'static [u16] = &[409, 429, 503]; }
    |_b, _p, _q, _body| served_by_server()
}

/// The other parent, linked read-only.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecondParent {
    #[schemars(with = "CodiceFiscale")]
    pub parent_cf: String,
}

endpoint! {
    LinkSecondParent: Post "/children/{cf}/second-parent", Staff, Change,
    "Link the other parent read-only",
    (CfPath, (), SecondParent) -> Empty,
    { const ERRORS: &'static [u16] = &[404]; }
    |b, p, _q, body| b.link_second_parent(&p.cf, &body.parent_cf).map(|_| Empty {})
}

/// A new paying parent, and why.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PayingParent {
    #[schemars(with = "CodiceFiscale")]
    pub parent_cf: String,
    #[schemars(regex(pattern = r"\S"))]
    pub reason: String,
}

endpoint! {
    ChangePayingParent: Post "/children/{cf}/paying-parent", Supervisor, Change,
    "Change the paying parent (supervisor, reason)",
    (CfPath, (), PayingParent) -> Empty,
    { const ERRORS: &'static [u16] = &[404]; }
    |b, p, _q, body| b.change_paying_parent(&p.cf, &body.parent_cf, &body.reason).map(|_| Empty {})
}

/// Why the other parent is unlinked.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnlinkReason {
    #[schemars(regex(pattern = r"\S"))]
    pub reason: String,
}

endpoint! {
    UnlinkSecondParent: Post "/children/{cf}/second-parent/unlink", Supervisor, Change,
    "Unlink the other parent (supervisor, reason): they no longer see the child",
    (CfPath, (), UnlinkReason) -> Empty,
    { const ERRORS: &'static [u16] = &[404, 409]; }
    |b, p, _q, body| b.unlink_second_parent(&p.cf, &body.reason).map(|_| Empty {})
}

pub(super) fn visit(v: &mut impl Visitor) {
    v.visit::<Search>();
    v.visit::<Family>();
    v.visit::<RegisterParent>();
    v.visit::<UpdateParent>();
    v.visit::<UnlockParent>();
    v.visit::<RegenerateCredentials>();
    v.visit::<PortalLogin>();
    v.visit::<LinkSecondParent>();
    v.visit::<ChangePayingParent>();
    v.visit::<UnlinkSecondParent>();
}
