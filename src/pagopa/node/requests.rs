//! The Node's requests to a station, as whole SOAP envelopes (`paForNode.xsd`, children in the
//! schema's order; optional elements only when there is a value).

use super::answers::{Subject, Transfer};
use super::{Primitives, QrCode, Receipt, StationIds};
use crate::pagopa::soap;
use crate::pagopa::station::decimal;
use crate::pagopa::xml::Writer;

/// One operation: its SOAPAction, the request element and the answer element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    pub action: &'static str,
    pub request: &'static str,
    pub response: &'static str,
}

impl Operation {
    const fn new(action: &'static str, request: &'static str, response: &'static str) -> Self {
        Operation {
            action,
            request,
            response,
        }
    }
}

pub const VERIFY: Operation = Operation::new(
    "paVerifyPaymentNotice",
    "paVerifyPaymentNoticeReq",
    "paVerifyPaymentNoticeRes",
);
pub const GET_PAYMENT: Operation =
    Operation::new("paGetPayment", "paGetPaymentReq", "paGetPaymentRes");
pub const GET_PAYMENT_V2: Operation = Operation::new(
    "paGetPaymentV2",
    "paGetPaymentV2Request",
    "paGetPaymentV2Response",
);
pub const SEND_RT: Operation = Operation::new("paSendRT", "paSendRTReq", "paSendRTRes");
pub const SEND_RT_V2: Operation =
    Operation::new("paSendRTV2", "paSendRTV2Request", "paSendRTV2Response");

impl Primitives {
    pub fn get_payment(self) -> Operation {
        match self {
            Primitives::V1 => GET_PAYMENT,
            Primitives::V2 => GET_PAYMENT_V2,
        }
    }

    pub fn send_rt(self) -> Operation {
        match self {
            Primitives::V1 => SEND_RT,
            Primitives::V2 => SEND_RT_V2,
        }
    }
}

fn station(w: &mut Writer, ids: &StationIds) {
    w.leaf("idPA", &ids.id_pa)
        .leaf("idBrokerPA", &ids.id_broker_pa)
        .leaf("idStation", &ids.id_station);
}

fn qr_code(w: &mut Writer, qr: &QrCode) {
    w.open("qrCode")
        .leaf("fiscalCode", &qr.fiscal_code)
        .leaf("noticeNumber", &qr.notice_number)
        .close();
}

/// paVerifyPaymentNoticeReq: is this notice payable, and for how much?
pub fn verify(ids: &StationIds, qr: &QrCode) -> String {
    soap::envelope(VERIFY.request, |w| {
        station(w, ids);
        qr_code(w, qr);
    })
}

/// paGetPaymentReq or paGetPaymentV2Request: the payment data, for the amount the verify gave.
pub fn get_payment(
    primitives: Primitives,
    ids: &StationIds,
    qr: &QrCode,
    amount_cents: Option<i64>,
) -> String {
    soap::envelope(primitives.get_payment().request, |w| {
        station(w, ids);
        qr_code(w, qr);
        w.leaf_opt("amount", amount_cents.map(decimal).as_deref());
    })
}

/// paSendRTReq or paSendRTV2Request: the receipt of a completed payment.
pub fn send_rt(primitives: Primitives, ids: &StationIds, receipt: &Receipt) -> String {
    soap::envelope(primitives.send_rt().request, |w| {
        station(w, ids);
        w.open("receipt");
        receipt_content(w, primitives, receipt);
        w.close();
    })
}

fn receipt_content(w: &mut Writer, primitives: Primitives, r: &Receipt) {
    let p = &r.payment;
    w.leaf("receiptId", &r.receipt_id)
        .leaf("noticeNumber", &r.qr.notice_number)
        .leaf("fiscalCode", &r.qr.fiscal_code)
        .leaf("outcome", "OK")
        .leaf("creditorReferenceId", &p.creditor_reference_id)
        .leaf("paymentAmount", &decimal(p.amount_cents))
        .leaf("description", &p.description)
        .leaf("companyName", &r.company_name)
        .leaf_opt("officeName", p.office_name.as_deref());
    subject(w, "debtor", &p.debtor);
    w.open("transferList");
    for t in &p.transfers {
        transfer(w, primitives, t);
    }
    w.close();
    w.leaf("idPSP", &r.psp.id)
        .leaf("PSPCompanyName", &r.psp.name)
        .leaf("idChannel", &r.psp.channel)
        .leaf("channelDescription", &r.psp.channel_description)
        .leaf("paymentMethod", &r.psp.payment_method)
        .leaf("fee", &decimal(r.psp.fee_cents))
        .leaf("paymentDateTime", &r.paid_at.to_rfc3339())
        .leaf(
            "applicationDate",
            &r.paid_at.date_naive().format("%Y-%m-%d").to_string(),
        )
        .leaf("standIn", "false");
}

fn subject(w: &mut Writer, tag: &str, s: &Subject) {
    w.open(tag)
        .open("uniqueIdentifier")
        .leaf("entityUniqueIdentifierType", &s.kind)
        .leaf("entityUniqueIdentifierValue", &s.id)
        .close()
        .leaf("fullName", &s.full_name);
    for (name, value) in &s.details {
        w.leaf(name, value);
    }
    w.close();
}

fn transfer(w: &mut Writer, primitives: Primitives, t: &Transfer) {
    w.open("transfer")
        .leaf("idTransfer", &t.id.to_string())
        .leaf("transferAmount", &decimal(t.amount_cents))
        .leaf("fiscalCodePA", &t.fiscal_code_pa);
    // A V1 receipt's transfer (ctTransferPA) has no companyName.
    if primitives == Primitives::V2 {
        w.leaf_opt("companyName", t.company_name.as_deref());
    }
    w.leaf("IBAN", &t.iban)
        .leaf("remittanceInformation", &t.remittance_information)
        .leaf("transferCategory", &t.transfer_category)
        .close();
}
