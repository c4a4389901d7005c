//! `sportello pagopa pay`: each step of a payment the Node plays against a station.

use super::{Pair, Text};

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

/// A station's KO: its fault code, and its description (or fault string).
pub fn ko(code: &str, description: &str) -> Pair {
    let text = format!("KO {code}, {description}");
    (text.clone(), text)
}

pub fn soap_fault(code: &str, string: &str) -> Pair {
    (
        format!("errore SOAP {code}: {string}"),
        format!("SOAP fault {code}: {string}"),
    )
}

pub fn http_error(status: u16) -> Pair {
    (
        format!("errore HTTP {status}, nessuna risposta SOAP"),
        format!("HTTP error {status}, no SOAP answer"),
    )
}

pub fn invalid_answer(why: &str) -> Pair {
    (
        format!("risposta non conforme allo schema: {why}"),
        format!("answer not as the schema says: {why}"),
    )
}
