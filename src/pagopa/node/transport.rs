//! SOAP over HTTP(S) to the station, as the Node calls it: `POST <api>/pagopa/paForNode`, one
//! SOAPAction per operation, and a client certificate when the station wants mutual TLS.

use std::time::Duration;

use reqwest::blocking::Client;

use super::answers::{self, PaymentData, StepError, Verified};
use super::requests::{self, Operation};
use super::{PayOptions, Primitives, QrCode, Receipt, StationIds, Steps};
use crate::pagopa::xml::Element;

/// Where the station listens, under the API's address (`server::station::PATH`, which the Node
/// cannot import: the server imports pagopa).
pub const PATH: &str = "/pagopa/paForNode";

/// The Node waits at most this long for an answer (its own timeouts are 7 s for verify and
/// getPayment, 15 s for a receipt).
const TIMEOUT: Duration = Duration::from_secs(15);

/// The certificates for a station behind mutual TLS, as PEM text; all empty for plain HTTP or a
/// station with a publicly trusted certificate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientTls {
    /// The client certificate (chain) the Node presents, and its private key.
    pub identity: Option<(Vec<u8>, Vec<u8>)>,
    /// Trust only these authorities for the station's certificate (a test CA); none: the system's.
    pub ca: Option<Vec<u8>>,
}

/// The Node's client for one station.
pub struct Node {
    endpoint: String,
    http: Client,
}

impl Node {
    /// A client for the station under `api_url` (`http://127.0.0.1:8080`). A refused certificate or
    /// key is an error naming which.
    pub fn new(api_url: &str, tls: &ClientTls) -> Result<Node, String> {
        let mut builder = Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(TIMEOUT);
        if let Some((cert, key)) = &tls.identity {
            let mut pem = cert.clone();
            pem.push(b'\n');
            pem.extend_from_slice(key);
            let identity =
                reqwest::Identity::from_pem(&pem).map_err(|e| format!("--cert/--key: {e}"))?;
            builder = builder.identity(identity);
        }
        if let Some(ca) = &tls.ca {
            let roots =
                reqwest::Certificate::from_pem_bundle(ca).map_err(|e| format!("--ca: {e}"))?;
            builder = builder.tls_certs_only(roots);
        }
        Ok(Node {
            endpoint: format!("{}{PATH}", api_url.trim_end_matches('/')),
            http: builder.build().map_err(|e| e.to_string())?,
        })
    }

    /// Sends one request envelope and reads the answer element, OK or why not.
    pub fn call(&self, operation: Operation, envelope: String) -> Result<Element, StepError> {
        let response = self
            .http
            .post(&self.endpoint)
            .header("Content-Type", "text/xml; charset=utf-8")
            .header("SOAPAction", format!("\"{}\"", operation.action))
            .body(envelope)
            .send()
            .map_err(|e| StepError::Unreachable(reason(&e)))?;
        let status = response.status().as_u16();
        let body = response
            .text()
            .map_err(|e| StepError::Unreachable(reason(&e)))?;
        answers::read(operation.response, status, &body)
    }

    pub fn verify(&self, ids: &StationIds, qr: &QrCode) -> Result<Verified, StepError> {
        let answer = self.call(requests::VERIFY, requests::verify(ids, qr))?;
        answers::verified(&answer)
    }

    pub fn get_payment(
        &self,
        primitives: Primitives,
        ids: &StationIds,
        qr: &QrCode,
        amount_cents: Option<i64>,
    ) -> Result<PaymentData, StepError> {
        let envelope = requests::get_payment(primitives, ids, qr, amount_cents);
        let answer = self.call(primitives.get_payment(), envelope)?;
        answers::payment_data(&answer)
    }

    pub fn send_rt(
        &self,
        primitives: Primitives,
        ids: &StationIds,
        receipt: &Receipt,
    ) -> Result<(), StepError> {
        let envelope = requests::send_rt(primitives, ids, receipt);
        self.call(primitives.send_rt(), envelope).map(|_| ())
    }

    /// A whole payment: verify, get the payment data, send the receipt; stops at the first step
    /// that is not OK.
    pub fn pay(&self, notice_number: &str, options: &PayOptions) -> Steps {
        let qr = QrCode {
            fiscal_code: options.ente_fiscal_code.clone(),
            notice_number: notice_number.to_string(),
        };
        let ids = &options.ids;
        let verify = self.verify(ids, &qr);
        let Ok(verified) = &verify else {
            return Steps {
                verify,
                payment: None,
                receipt: None,
            };
        };
        let payment = self.get_payment(options.primitives, ids, &qr, Some(verified.amount_cents));
        let Ok(data) = &payment else {
            return Steps {
                verify,
                payment: Some(payment),
                receipt: None,
            };
        };
        // A receipt must name the ente; a V1 payment may not. The real Node has the name from its
        // registry; this one falls back on the verify answer, then on the fiscal code.
        let company = data
            .company_name
            .clone()
            .or_else(|| verified.company_name.clone())
            .unwrap_or_else(|| options.ente_fiscal_code.clone());
        let mut receipt = Receipt::for_payment(qr, data.clone(), company, options.psp.clone());
        if let Some(cents) = options.amount_cents {
            receipt = receipt.with_amount(cents);
        }
        let sent = self.send_rt(options.primitives, ids, &receipt);
        Steps {
            verify,
            payment: Some(payment),
            receipt: Some((receipt, sent)),
        }
    }
}

/// The cause of a transport error, without the URL reqwest puts in front (the caller knows it).
fn reason(e: &reqwest::Error) -> String {
    let mut cause: &dyn std::error::Error = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    if e.is_timeout() {
        return "timeout".into();
    }
    cause.to_string()
}
