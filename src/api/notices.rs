//! Top-up notices and their payments.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{NumberPath, Visitor, endpoint};
use crate::backend::{NewNotice, NewReceipt, Notice, ReceiptOutcome};

endpoint! {
    CreateNotice: Post "/notices", KioskParent, Change,
    "Create a top-up notice (one or more children of one payer)",
    ((), (), NewNotice) -> Notice,
    { const OK: u16 = 201; const ERRORS: &'static [u16] = &[404]; }
    |b, _p, _q, n| b.create_notice(&n)
}

endpoint! {
    GetNotice: Get "/notices/{number}", KioskParent, Read,
    "A notice and its state",
    (NumberPath, (), ()) -> Notice,
    { const ERRORS: &'static [u16] = &[404]; }
    |b, p, _q, _body| b.notice(&p.number)
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reason {
    #[schemars(regex(pattern = r"\S"))]
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelRequest {
    #[schemars(regex(pattern = r"\S"))]
    pub reason: String,
    /// The desk was warned that pagoPA fetched the payment data minutes ago, and cancels anyway.
    #[serde(default)]
    pub confirm_in_progress: bool,
}

endpoint! {
    CancelNotice: Post "/notices/{number}/cancel", Staff, Change,
    "Cancel a pending notice (reason); 409 when pagoPA fetched its payment data in the last 30 minutes, unless confirmed",
    (NumberPath, (), CancelRequest) -> Notice,
    { const ERRORS: &'static [u16] = &[404, 409]; }
    |b, p, _q, r| b.cancel_notice(&p.number, &r.reason, r.confirm_in_progress)
}

endpoint! {
    CashPayment: Post "/notices/{number}/cash", Supervisor, Change,
    "Record cash at the office (supervisor)",
    (NumberPath, (), ()) -> ReceiptOutcome,
    { const ERRORS: &'static [u16] = &[404]; }
    |b, p, _q, _body| b.record_cash_payment(&p.number)
}

endpoint! {
    RecordReceipt: Post "/receipts", Supervisor, Change,
    "Record a pagoPA receipt a parent shows (supervisor; idempotent by receipt_id)",
    ((), (), NewReceipt) -> ReceiptOutcome,
    { const ERRORS: &'static [u16] = &[404]; }
    |b, _p, _q, r| b.record_receipt(&r)
}

pub(super) fn visit(v: &mut impl Visitor) {
    v.visit::<CreateNotice>();
    v.visit::<GetNotice>();
    v.visit::<CancelNotice>();
    v.visit::<CashPayment>();
    v.visit::<RecordReceipt>();
}
