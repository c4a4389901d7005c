//! `FlussoRiversamento` files (XSD 1.0.5; 1.0.4 for old files, whose only difference is outcome code
//! 3), read in one pass: each `datiSingoliPagamenti` becomes a payment as soon as it closes.

use chrono::{NaiveDate, NaiveDateTime};

use super::{Flow, FlowError, FlowPayment, Outcome, Source, parse_cents};
use crate::pagopa::xml::{self, Element};

pub const NAMESPACE: &str = "http://www.digitpa.gov.it/schemas/2011/Pagamenti/";

/// Elements held at once: the header's, and one payment's.
const MAX_HELD: usize = 200;

/// Reads a flow file (the text as received, kept in `raw`).
pub fn parse(text: &str) -> Result<Flow, FlowError> {
    let mut payments = Vec::new();
    let mut bad: Option<FlowError> = None;
    let root = xml::parse_each(text, MAX_HELD, |child| {
        if child.name != "datiSingoliPagamenti" {
            return Ok(Some(child));
        }
        if bad.is_none() {
            match payment(&child) {
                Ok(p) => payments.push(p),
                Err(e) => bad = Some(e),
            }
        }
        Ok(None)
    })?;
    if root.name != "FlussoRiversamento"
        || root.namespace.as_deref().is_some_and(|n| n != NAMESPACE)
    {
        return Err(FlowError::NotAFlow(root.name.chars().take(40).collect()));
    }
    if let Some(e) = bad {
        return Err(e);
    }
    if payments.is_empty() {
        return Err(FlowError::Missing("datiSingoliPagamenti"));
    }
    let sender = required(&root, "istitutoMittente")?;
    let receiver = required(&root, "istitutoRicevente")?;
    let flow = Flow {
        id: text_of(&root, "identificativoFlusso")?.to_string(),
        psp: text_of(
            required(sender, "identificativoUnivocoMittente")?,
            "codiceIdentificativoUnivoco",
        )?
        .to_string(),
        psp_name: optional(sender, "denominazioneMittente"),
        revision: None,
        published: None,
        date: date_time(text_of(&root, "dataOraFlusso")?)?,
        regulation: text_of(&root, "identificativoUnivocoRegolamento")?.to_string(),
        regulation_date: date("dataRegolamento", text_of(&root, "dataRegolamento")?)?,
        bic: optional(&root, "codiceBicBancaDiRiversamento"),
        receiver: text_of(
            required(receiver, "identificativoUnivocoRicevente")?,
            "codiceIdentificativoUnivoco",
        )?
        .to_string(),
        total_payments: {
            let t = text_of(&root, "numeroTotalePagamenti")?;
            t.parse().map_err(|_| invalid("numeroTotalePagamenti", t))?
        },
        total_cents: parse_cents(
            "importoTotalePagamenti",
            text_of(&root, "importoTotalePagamenti")?,
        )?,
        payments,
        source: Source::File,
        raw: text.to_string(),
    };
    flow.check_totals()?;
    Ok(flow)
}

fn payment(e: &Element) -> Result<FlowPayment, FlowError> {
    let code = text_of(e, "codiceEsitoSingoloPagamento")?;
    let outcome = code
        .parse()
        .ok()
        .and_then(Outcome::from_code)
        .ok_or_else(|| invalid("codiceEsitoSingoloPagamento", code))?;
    let index = match e.child_text("indiceDatiSingoloPagamento") {
        None => None,
        Some(t) => Some(
            t.parse::<u8>()
                .ok()
                .filter(|i| (1..=5).contains(i))
                .ok_or_else(|| invalid("indiceDatiSingoloPagamento", t))?,
        ),
    };
    Ok(FlowPayment {
        iuv: text_of(e, "identificativoUnivocoVersamento")?.to_string(),
        iur: text_of(e, "identificativoUnivocoRiscossione")?.to_string(),
        index,
        amount_cents: parse_cents("singoloImportoPagato", text_of(e, "singoloImportoPagato")?)?,
        outcome,
        date: date(
            "dataEsitoSingoloPagamento",
            text_of(e, "dataEsitoSingoloPagamento")?,
        )?,
    })
}

fn invalid(field: &'static str, value: &str) -> FlowError {
    FlowError::Invalid {
        field,
        value: value.chars().take(40).collect(),
    }
}

fn required<'a>(e: &'a Element, name: &'static str) -> Result<&'a Element, FlowError> {
    e.child(name).ok_or(FlowError::Missing(name))
}

/// A required text of 1-35 characters (the XSD's `stText35` and the flow id).
fn text_of<'a>(e: &'a Element, name: &'static str) -> Result<&'a str, FlowError> {
    let t = e.child_text(name).ok_or(FlowError::Missing(name))?;
    if t.is_empty() || t.chars().count() > 35 {
        return Err(invalid(name, t));
    }
    Ok(t)
}

fn optional(e: &Element, name: &str) -> Option<String> {
    e.child_text(name)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

fn date(field: &'static str, t: &str) -> Result<NaiveDate, FlowError> {
    NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| invalid(field, t))
}

/// `xsd:dateTime`, with or without fractions and zone; a zone is converted to UTC (pagoPA's times are
/// UTC; a zone-less time is taken as written).
fn date_time(t: &str) -> Result<NaiveDateTime, FlowError> {
    if let Ok(z) = chrono::DateTime::parse_from_rfc3339(t) {
        return Ok(z.naive_utc());
    }
    NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f")
        .map_err(|_| invalid("dataOraFlusso", t))
}

/// Writes a flow as a 1.0.5 file (a flow for tests, the benchmark, or to hand a pulled flow to
/// another program).
pub fn write(flow: &Flow) -> String {
    let cents = |c: i64| format!("{}.{:02}", c / 100, c % 100);
    let mut w = xml::Writer::new();
    w.open_with("FlussoRiversamento", &[("xmlns", NAMESPACE)])
        .leaf("versioneOggetto", "1.0")
        .leaf("identificativoFlusso", &flow.id)
        .leaf(
            "dataOraFlusso",
            &flow.date.format("%Y-%m-%dT%H:%M:%S").to_string(),
        )
        .leaf("identificativoUnivocoRegolamento", &flow.regulation)
        .leaf("dataRegolamento", &flow.regulation_date.to_string())
        .open("istitutoMittente")
        .open("identificativoUnivocoMittente")
        .leaf("tipoIdentificativoUnivoco", "G")
        .leaf("codiceIdentificativoUnivoco", &flow.psp)
        .close()
        .leaf_opt("denominazioneMittente", flow.psp_name.as_deref())
        .close()
        .leaf_opt("codiceBicBancaDiRiversamento", flow.bic.as_deref())
        .open("istitutoRicevente")
        .open("identificativoUnivocoRicevente")
        .leaf("tipoIdentificativoUnivoco", "G")
        .leaf("codiceIdentificativoUnivoco", &flow.receiver)
        .close()
        .close()
        .leaf("numeroTotalePagamenti", &flow.total_payments.to_string())
        .leaf("importoTotalePagamenti", &cents(flow.total_cents));
    for p in &flow.payments {
        w.open("datiSingoliPagamenti")
            .leaf("identificativoUnivocoVersamento", &p.iuv)
            .leaf("identificativoUnivocoRiscossione", &p.iur)
            .leaf_opt(
                "indiceDatiSingoloPagamento",
                p.index.map(|i| i.to_string()).as_deref(),
            )
            .leaf("singoloImportoPagato", &cents(p.amount_cents))
            .leaf("codiceEsitoSingoloPagamento", &p.outcome.code().to_string())
            .leaf("dataEsitoSingoloPagamento", &p.date.to_string())
            .close();
    }
    w.finish()
}

#[cfg(test)]
mod tests;
