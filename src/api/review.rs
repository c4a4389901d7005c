//! The office's review of applications, withdrawals, balances moved on, the school's presences.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{CfPath, IdPath, Visitor, endpoint};
use crate::backend::{
    Application, ApplicationState, BackendError, BalanceTransfer, BalanceTransferOutcome, Presence,
    PresenceImport, QueuedApplication, Refusal, Withdrawal, WithdrawalOutcome,
};

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct ApplicationsQuery {
    /// Default: every sent application, decided or not (drafts and discarded ones are the family's).
    #[schemars(regex(pattern = r"^(draft|submitted|waitlisted|accepted|rejected|discarded)$"))]
    pub state: Option<String>,
}

impl ApplicationsQuery {
    pub fn new(state: Option<ApplicationState>) -> ApplicationsQuery {
        ApplicationsQuery {
            state: state.map(|s| s.as_str().to_string()),
        }
    }

    fn state(&self) -> Result<Option<ApplicationState>, BackendError> {
        self.state
            .as_deref()
            .map(|s| {
                ApplicationState::parse(s).ok_or_else(|| {
                    BackendError::invalid_msg(
                        "state",
                        "Stato sconosciuto: draft, submitted, waitlisted, accepted, rejected o discarded.",
                        "Unknown state: draft, submitted, waitlisted, accepted, rejected or discarded.",
                    )
                })
            })
            .transpose()
    }
}

endpoint! {
    Applications: Get "/applications", Supervisor, Read,
    "The review queue: applications in a state, oldest sent first (supervisor)",
    ((), ApplicationsQuery, ()) -> Vec<QueuedApplication>,
    {}
    |b, _p, q, _body| b.applications(q.state()?)
}

endpoint! {
    AcceptApplication: Post "/applications/{id}/accept", Supervisor, Change,
    "Accept: the child enrolled with the ISEE's tariff and a PAN, or placed in the waiting list (supervisor)",
    (IdPath, (), ()) -> Application,
    { const ERRORS: &'static [u16] = &[404, 409, 422]; }
    |b, p, _q, _body| b.accept_application(p.id)
}

endpoint! {
    RefuseApplication: Post "/applications/{id}/refuse", Supervisor, Change,
    "Refuse, with the reason the parent will read (supervisor)",
    (IdPath, (), Refusal) -> Application,
    { const ERRORS: &'static [u16] = &[404, 409]; }
    |b, p, _q, body| b.refuse_application(p.id, &body.reason)
}

endpoint! {
    DiscardApplication: Post "/applications/{id}/discard", Staff, Change,
    "Discard a draft the family gives up (kept, no longer open)",
    (IdPath, (), ()) -> Application,
    { const ERRORS: &'static [u16] = &[404, 409]; }
    |b, p, _q, _body| b.discard_application(p.id)
}

endpoint! {
    Withdraw: Post "/children/{cf}/withdrawals", Supervisor, Change,
    "Withdraw a child from a service from a day on: later days are not charged (supervisor)",
    (CfPath, (), Withdrawal) -> WithdrawalOutcome,
    { const OK: u16 = 201; const ERRORS: &'static [u16] = &[404, 409]; }
    |b, p, _q, body| b.withdraw(&p.cf, &body)
}

endpoint! {
    TransferBalance: Post "/children/{cf}/balance-transfers", Supervisor, Change,
    "Move a wallet's credit to a sibling's, or mark it to be paid back to the family (supervisor)",
    (CfPath, (), BalanceTransfer) -> BalanceTransferOutcome,
    { const OK: u16 = 201; const ERRORS: &'static [u16] = &[404, 409]; }
    |b, p, _q, body| b.transfer_balance(&p.cf, &body)
}

/// The school's register for one or more days.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Presences {
    #[schemars(length(min = 1, max = 20000))]
    pub presences: Vec<Presence>,
}

endpoint! {
    RecordPresences: Post "/attendance/presences", Supervisor, Change,
    "Record the school's presences: each day charged once at the enrolment's price (supervisor)",
    ((), (), Presences) -> PresenceImport,
    { const ERRORS: &'static [u16] = &[]; const BODY_LIMIT: usize = 4 * 1024 * 1024; }
    |b, _p, _q, body| b.record_presences(&body.presences)
}

pub(super) fn visit(v: &mut impl Visitor) {
    v.visit::<Applications>();
    v.visit::<AcceptApplication>();
    v.visit::<RefuseApplication>();
    v.visit::<DiscardApplication>();
    v.visit::<Withdraw>();
    v.visit::<TransferBalance>();
    v.visit::<RecordPresences>();
}
