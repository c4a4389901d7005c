//! Desk staff accounts held up by wrong passwords.

use super::{UsernamePath, Visitor, endpoint};
use crate::backend::StaffAccount;

endpoint! {
    StaffAccounts: Get "/operators", Supervisor, Read,
    "Desk staff accounts and their login wait or lock (supervisor)",
    ((), (), ()) -> Vec<StaffAccount>,
    {}
    |b, _p, _q, _body| b.staff_accounts()
}

endpoint! {
    UnlockOperator: Post "/operators/{username}/unlock", Supervisor, Change,
    "Lift a staff user's login wait or lock (supervisor, not one's own)",
    (UsernamePath, (), ()) -> StaffAccount,
    { const ERRORS: &'static [u16] = &[404]; }
    |b, p, _q, _body| b.unlock_operator(&p.username)
}

pub(super) fn visit(v: &mut impl Visitor) {
    v.visit::<StaffAccounts>();
    v.visit::<UnlockOperator>();
}
