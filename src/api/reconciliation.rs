//! Reconciliation with pagoPA's flows (FdR): importing flows, the report, crediting a flow's payment.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Visitor, endpoint};
use crate::backend::{Flow, FlowImport, KnownFlow, ReceiptOutcome, ReconciliationReport};

/// `{iuv}`: an IUV as flows carry it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct IuvPath {
    #[schemars(length(min = 1, max = 35))]
    pub iuv: String,
}

/// Why a cancelled or expired notice is credited anyway (the money arrived).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreditRequest {
    #[serde(default)]
    #[schemars(length(max = 500))]
    pub reason: Option<String>,
}

endpoint! {
    ImportFlow: Post "/pagopa/fdr/flows", Supervisor, Change,
    "Store a reconciliation flow (supervisor; the same revision twice changes nothing, a newer one replaces it)",
    ((), (), Flow) -> FlowImport,
    { const ERRORS: &'static [u16] = &[409]; const BODY_LIMIT: usize = 64 * 1024 * 1024; }
    |b, _p, _q, flow| b.fdr_import(&flow)
}

endpoint! {
    KnownFlows: Get "/pagopa/fdr/flows", Supervisor, Read,
    "The flow revisions held or fetched (supervisor)",
    ((), (), ()) -> Vec<KnownFlow>,
    { }
    |b, _p, _q, _body| b.fdr_known()
}

endpoint! {
    FdrReport: Get "/pagopa/fdr/report", Supervisor, Read,
    "Reconciliation per IUV: reconciled, no receipt, no flow after the grace days, amounts that differ (supervisor)",
    ((), (), ()) -> ReconciliationReport,
    { }
    |b, _p, _q, _body| b.fdr_report()
}

endpoint! {
    FdrCredit: Post "/pagopa/fdr/{iuv}/credit", Supervisor, Change,
    "Credit the notice of an IUV a flow reports paid and no receipt does (supervisor; once)",
    (IuvPath, (), CreditRequest) -> ReceiptOutcome,
    { const ERRORS: &'static [u16] = &[404]; const BODY_OPTIONAL: bool = true; }
    |b, p, _q, body| b.fdr_credit(&p.iuv, body.reason.as_deref())
}

pub(super) fn visit(v: &mut impl Visitor) {
    v.visit::<ImportFlow>();
    v.visit::<KnownFlows>();
    v.visit::<FdrReport>();
    v.visit::<FdrCredit>();
}
