//! The pagoPA Node's side of `paForNode`, for demos and tests: it plays a payment against a station
//! (`sportello serve`'s `/pagopa/paForNode`, or any other) the way the Node does: paVerifyPaymentNotice,
//! paGetPaymentV2, then paSendRTV2 with a receipt that mirrors what the station answered. The V1
//! primitives (paGetPayment, paSendRT) are there for the station's V1 path.
//!
//! [`requests`] writes the messages (pure, so tests validate them against the XSD), [`answers`] reads
//! the station's, [`Node`] carries them over HTTP(S), and [`Node::pay`] chains the three steps.

pub mod answers;
pub mod requests;
mod transport;

use chrono::{DateTime, FixedOffset, Timelike, Utc};
use rand::Rng;

pub use answers::{Fault, PaymentData, StepError, Subject, Transfer, Verified};
pub use transport::{ClientTls, Node};

/// The station's identity in every request: which ente, through which broker, at which station.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StationIds {
    pub id_pa: String,
    pub id_broker_pa: String,
    pub id_station: String,
}

impl From<&crate::pagopa::StationSettings> for StationIds {
    /// The identity a station is configured with (`[pagopa]`): a Node that plays this station's own.
    fn from(station: &crate::pagopa::StationSettings) -> StationIds {
        StationIds {
            id_pa: station.id_pa.clone(),
            id_broker_pa: station.id_broker_pa.clone(),
            id_station: station.id_station.clone(),
        }
    }
}

/// What the parent scanned: the ente's fiscal code and the notice number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrCode {
    pub fiscal_code: String,
    pub notice_number: String,
}

/// The payment service provider the receipt names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Psp {
    pub id: String,
    pub name: String,
    pub channel: String,
    pub channel_description: String,
    pub payment_method: String,
    pub fee_cents: i64,
}

/// A PSP that does not exist, so that nobody mistakes a demo receipt for a bank's.
pub const DEMO_PSP_NAME: &str = "Banca Immaginaria S.p.A.";

impl Default for Psp {
    fn default() -> Psp {
        Psp {
            id: "BIMMITD1XXX".into(),
            name: DEMO_PSP_NAME.into(),
            channel: "BIMMITD1XXX_01".into(),
            channel_description: "app".into(),
            payment_method: "CP".into(),
            fee_cents: 100,
        }
    }
}

/// Which generation of primitives the station speaks (a station attribute at pagoPA).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Primitives {
    /// paGetPayment and paSendRT.
    V1,
    /// paGetPaymentV2 and paSendRTV2.
    #[default]
    V2,
}

/// A receipt as the Node sends it once the parent has paid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// 32 hexadecimal characters, new for every payment; the station credits once per receipt id.
    pub receipt_id: String,
    pub qr: QrCode,
    /// What the station answered to paGetPayment(V2), with the amount actually paid.
    pub payment: PaymentData,
    /// Mandatory in a receipt, optional in a V1 payment: the verify answer's when the payment lacks it.
    pub company_name: String,
    pub psp: Psp,
    pub paid_at: DateTime<FixedOffset>,
}

impl Receipt {
    /// The receipt for a payment the station described, paid now through `psp`.
    pub fn for_payment(
        qr: QrCode,
        payment: PaymentData,
        company_name: String,
        psp: Psp,
    ) -> Receipt {
        Receipt {
            receipt_id: new_receipt_id(),
            qr,
            payment,
            company_name,
            psp,
            paid_at: italian_now(),
        }
    }

    /// The amount paid, different from what the station asked (a Stand-In payment on a stale amount
    /// does that): the transfers still add up, the first one taking the difference while it stays
    /// above zero.
    pub fn with_amount(mut self, cents: i64) -> Receipt {
        let delta = cents - self.payment.amount_cents;
        self.payment.amount_cents = cents;
        if let Some(first) = self.payment.transfers.first_mut()
            && first.amount_cents + delta > 0
        {
            first.amount_cents += delta;
        }
        self
    }
}

/// Now, to the second, as the time in Italy with its offset (`2026-12-02T11:46:29+01:00`).
pub fn italian_now() -> DateTime<FixedOffset> {
    let utc = Utc::now()
        .naive_utc()
        .with_nanosecond(0)
        .expect("zero is a nanosecond");
    let local = crate::domain::italian_time::from_utc(utc);
    let seconds = (local - utc).num_seconds() as i32;
    let offset = FixedOffset::east_opt(seconds).expect("one or two hours");
    DateTime::from_naive_utc_and_offset(utc, offset)
}

/// 32 random hexadecimal characters, as the Node's receipt ids.
pub fn new_receipt_id() -> String {
    let bytes: [u8; 16] = rand::rng().random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Everything about a payment besides the station's address and the notice number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayOptions {
    pub ids: StationIds,
    /// The ente's fiscal code, for the qrCode.
    pub ente_fiscal_code: String,
    pub psp: Psp,
    pub primitives: Primitives,
    /// Send a receipt for this amount instead of the one the station asked.
    pub amount_cents: Option<i64>,
}

impl PayOptions {
    /// The usual payment: to the station with these ids, of a notice of the ente with this fiscal
    /// code, through the demo PSP, with the V2 primitives.
    pub fn new(ids: StationIds, ente_fiscal_code: &str) -> PayOptions {
        PayOptions {
            ids,
            ente_fiscal_code: ente_fiscal_code.to_string(),
            psp: Psp::default(),
            primitives: Primitives::V2,
            amount_cents: None,
        }
    }
}

/// What each step of a payment came to. A step runs only when the one before it was OK.
#[derive(Debug, Clone, PartialEq)]
pub struct Steps {
    pub verify: Result<Verified, StepError>,
    pub payment: Option<Result<PaymentData, StepError>>,
    /// The receipt sent (kept, so that a test can send it again) and what the station said.
    pub receipt: Option<(Receipt, Result<(), StepError>)>,
}

impl Steps {
    /// The first step that did not succeed.
    pub fn failure(&self) -> Option<&StepError> {
        let payment = self.payment.as_ref().and_then(|p| p.as_ref().err());
        let receipt = self.receipt.as_ref().and_then(|(_, r)| r.as_ref().err());
        self.verify.as_ref().err().or(payment).or(receipt)
    }

    /// Every step ran and the station answered OK to each.
    pub fn paid(&self) -> bool {
        matches!(&self.receipt, Some((_, Ok(()))))
    }
}

/// Plays a whole payment of `notice_number` against the station at `api_url` over plain HTTP (tests,
/// demos on one machine); for mutual TLS build a [`Node`] with [`ClientTls`] and call [`Node::pay`].
pub fn pay(api_url: &str, notice_number: &str, options: &PayOptions) -> Steps {
    match Node::new(api_url, &ClientTls::default()) {
        Ok(node) => node.pay(notice_number, options),
        Err(e) => Steps {
            verify: Err(StepError::Unreachable(e)),
            payment: None,
            receipt: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_italian_time_of_a_receipt_has_the_offset_of_its_season() {
        let now = italian_now();
        let offset = now.offset().local_minus_utc();
        let expected = crate::domain::italian_time::from_utc(now.naive_utc()) - now.naive_utc();
        assert_eq!(i64::from(offset), expected.num_seconds());
        assert!(offset == 3600 || offset == 7200);
        assert_eq!(now.timestamp_subsec_nanos(), 0);
    }

    #[test]
    fn receipt_ids_are_32_hex_and_new_each_time() {
        let a = new_receipt_id();
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(a, new_receipt_id());
    }
}
