//! The lobby kiosk: a parent identifies, then sees only their own children; a supervisor's password
//! lets the kiosk close.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Empty, UsernamePath, Visitor, endpoint, served_by_server, sessions::LoginRequest};
use crate::backend::{FamilyCard, KioskThrottle};
use crate::domain::codice_fiscale::CodiceFiscale;

/// A parent at the kiosk: their codice fiscale and one of their children's PAN codes.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KioskIdentification {
    #[schemars(with = "CodiceFiscale")]
    pub cf: String,
    #[schemars(length(min = 1, max = 64))]
    pub pan: String,
}

endpoint! {
    KioskIdentify: Post "/kiosk/identification", KioskAccount, SessionChange,
    "Kiosk account: a parent identifies with their codice fiscale and a child's PAN; the token is then limited to that parent's children (wrong tries per kiosk and per code: the third in ten minutes makes the next wait a minute, doubling up to fifteen; 423 with retry_after and Retry-After)",
    ((), (), KioskIdentification) -> FamilyCard,
    { const ERRORS: &'static [u16] = &[404, 423]; }
    |b, _p, _q, r| b.kiosk_identify(&r.cf, &r.pan)
}

endpoint! {
    KioskEnd: Delete "/kiosk/identification", Session, SessionChange,
    "Kiosk account: forget the identified parent",
    ((), (), ()) -> Empty,
    {}
    |b, _p, _q, _body| b.kiosk_end().map(|_| Empty {})
}

endpoint! {
    /// Leaving kiosk mode: checked without opening a session, rate-limited like a login.
    SupervisorCheck: Post "/kiosk/supervisor-check", Session, Server,
    "A supervisor's password, checked without opening a session (leaving kiosk mode)",
    ((), (), LoginRequest) -> Empty,
    { const ERRORS: &'static [u16] = &[423, 429]; }
    |_b, _p, _q, _body| served_by_server()
}

endpoint! {
    KioskThrottles: Get "/kiosk/throttles", Supervisor, Read,
    "Kiosk accounts with wrong tries still counted, and their wait (supervisor)",
    ((), (), ()) -> Vec<KioskThrottle>,
    {}
    |b, _p, _q, _body| b.kiosk_throttles()
}

endpoint! {
    ClearKioskThrottle: Delete "/kiosk/throttles/{username}", Supervisor, Change,
    "Forget a kiosk account's wrong tries (supervisor, audited)",
    (UsernamePath, (), ()) -> Empty,
    { const ERRORS: &'static [u16] = &[404]; }
    |b, p, _q, _body| b.clear_kiosk_throttle(&p.username).map(|_| Empty {})
}

pub(super) fn visit(v: &mut impl Visitor) {
    v.visit::<KioskIdentify>();
    v.visit::<KioskEnd>();
    v.visit::<SupervisorCheck>();
    v.visit::<KioskThrottles>();
    v.visit::<ClearKioskThrottle>();
}
