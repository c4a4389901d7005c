//! Receipts pagoPA delivered that the station kept without crediting, and their settlement.

use super::{IdPath, Visitor, endpoint};
use crate::backend::{AnomalyResolution, PaymentAnomaly};

endpoint! {
    PaymentAnomalies: Get "/pagopa/anomalies", Supervisor, Read,
    "pagoPA receipts kept but not credited, open ones first (supervisor)",
    ((), (), ()) -> Vec<PaymentAnomaly>,
    {}
    |b, _p, _q, _body| b.payment_anomalies()
}

endpoint! {
    ResolvePaymentAnomaly: Post "/pagopa/anomalies/{id}/resolve", Supervisor, Change,
    "Credit an anomaly's payment to a child's service, or mark it for refund (supervisor, once)",
    (IdPath, (), AnomalyResolution) -> PaymentAnomaly,
    { const ERRORS: &'static [u16] = &[404, 409, 422]; }
    |b, p, _q, body| b.resolve_payment_anomaly(p.id, &body)
}

pub(super) fn visit(v: &mut impl Visitor) {
    v.visit::<PaymentAnomalies>();
    v.visit::<ResolvePaymentAnomaly>();
}
