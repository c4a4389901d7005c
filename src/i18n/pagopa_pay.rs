//! `sportello pagopa pay`: each step of a payment the Node plays against a station.

use super::{Lang, Localized, Pair, Text};
use crate::pagopa::node::StepError;

pub const VERIFY: Text = ("Verifica", "Verification");
pub const PAYMENT: Text = ("Dati di pagamento", "Payment data");
pub const RECEIPT: Text = ("Ricevuta inviata", "Receipt sent");

pub const NEEDS_STATION: Text = (
    "indicare l'indirizzo della stazione: --api URL (o [api] url)",
    "give the station's address: --api URL (or [api] url)",
);

/// `amount`: formatted; `due`: `31/12/2026`.
pub fn verified(amount: &str, description: Option<&str>, due: Option<&str>) -> Pair {
    let what = description.map(|d| format!(", {d}")).unwrap_or_default();
    (
        format!(
            "OK, {amount}{what}{}",
            due.map(|d| format!(", scadenza {d}")).unwrap_or_default()
        ),
        format!(
            "OK, {amount}{what}{}",
            due.map(|d| format!(", due {d}")).unwrap_or_default()
        ),
    )
}

pub fn transfers(n: usize) -> Pair {
    (
        format!(
            "OK, {n} {}",
            if n == 1 {
                "trasferimento"
            } else {
                "trasferimenti"
            }
        ),
        format!("OK, {n} {}", if n == 1 { "transfer" } else { "transfers" }),
    )
}

/// `amount`: formatted.
pub fn receipt_sent(amount: &str, receipt_id: &str) -> Pair {
    (
        format!("OK, {amount}, ricevuta {receipt_id}"),
        format!("OK, {amount}, receipt {receipt_id}"),
    )
}

pub fn station_unreachable(url: &str, why: &str) -> Pair {
    (
        format!("stazione non raggiungibile ({url}): {why}"),
        format!("station unreachable ({url}): {why}"),
    )
}

impl Localized for StepError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            StepError::Ko(fault) => format!(
                "KO {}, {}",
                fault.code,
                fault.description.as_deref().unwrap_or(&fault.string)
            ),
            StepError::SoapFault {
                code,
                string,
                fault,
            } => {
                let detail = fault
                    .as_ref()
                    .map(|f| f.code.as_str())
                    .unwrap_or(code.as_str());
                lang.pair((
                    format!("errore SOAP {detail}: {string}"),
                    format!("SOAP fault {detail}: {string}"),
                ))
            }
            StepError::Http(status) => lang.pair((
                format!("errore HTTP {status}, nessuna risposta SOAP"),
                format!("HTTP error {status}, no SOAP answer"),
            )),
            StepError::Invalid(why) => lang.pair((
                format!("risposta non conforme allo schema: {why}"),
                format!("answer not as the schema says: {why}"),
            )),
            StepError::Unreachable(why) => lang.pair((
                format!("stazione non raggiungibile: {why}"),
                format!("station unreachable: {why}"),
            )),
        }
    }
}
