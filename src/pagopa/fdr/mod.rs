//! Reconciliation flows (Flussi di Rendicontazione, FdR): what each PSP says it transferred to the
//! ente, per IUV. One type for a flow however it arrived: a `FlussoRiversamento` file (XSD 1.0.5, or
//! 1.0.4 for old files: `file`) or pagoPA's REST API for organisations (`rest`).

pub mod file;
pub mod rest;

use chrono::{NaiveDate, NaiveDateTime};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The outcome code of one payment in a flow. Every code but 3 means the money was transferred.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// 0: paid.
    Executed,
    /// 3: revoked (1.0.4 files only; no money for the ente).
    Revoked,
    /// 4: paid while the Node ran in Stand-In.
    StandIn,
    /// 8: paid in Stand-In without an RPT.
    StandInNoRpt,
    /// 9: paid without an RPT (expired token).
    NoRpt,
}

impl Outcome {
    pub fn code(self) -> u8 {
        match self {
            Outcome::Executed => 0,
            Outcome::Revoked => 3,
            Outcome::StandIn => 4,
            Outcome::StandInNoRpt => 8,
            Outcome::NoRpt => 9,
        }
    }

    pub fn from_code(code: u8) -> Option<Outcome> {
        Some(match code {
            0 => Outcome::Executed,
            3 => Outcome::Revoked,
            4 => Outcome::StandIn,
            8 => Outcome::StandInNoRpt,
            9 => Outcome::NoRpt,
            _ => return None,
        })
    }

    /// The REST API's `payStatus` (which has no revoked payments).
    pub fn from_pay_status(status: &str) -> Option<Outcome> {
        Some(match status {
            "EXECUTED" => Outcome::Executed,
            "STAND_IN" => Outcome::StandIn,
            "STAND_IN_NO_RPT" => Outcome::StandInNoRpt,
            "NO_RPT" => Outcome::NoRpt,
            _ => return None,
        })
    }

    /// Whether the ente received the money.
    pub fn transferred(self) -> bool {
        self != Outcome::Revoked
    }
}

/// One payment a flow reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FlowPayment {
    pub iuv: String,
    pub iur: String,
    /// `indiceDatiSingoloPagamento` / `idTransfer` (1-5), when given.
    pub index: Option<u8>,
    pub amount_cents: i64,
    pub outcome: Outcome,
    pub date: NaiveDate,
}

/// Where a flow came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A `FlussoRiversamento` XML file.
    File,
    /// pagoPA's REST API (the header and payment pages, as JSON).
    Rest,
}

/// A whole flow: its header, its payments and the bytes it came as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Flow {
    /// `identificativoFlusso` / `fdr`.
    pub id: String,
    pub psp: String,
    pub psp_name: Option<String>,
    /// The REST API's revision; a file carries none (its `date` orders revisions).
    pub revision: Option<i64>,
    /// When the REST API published this revision.
    pub published: Option<NaiveDateTime>,
    /// `dataOraFlusso` / `fdrDate` (UTC).
    pub date: NaiveDateTime,
    /// `identificativoUnivocoRegolamento`: the bank transfer that carried the money.
    pub regulation: String,
    pub regulation_date: NaiveDate,
    pub bic: Option<String>,
    /// The receiving ente's fiscal code.
    pub receiver: String,
    pub total_payments: i64,
    pub total_cents: i64,
    pub payments: Vec<FlowPayment>,
    pub source: Source,
    /// The flow as received: the XML file, or the REST answers.
    pub raw: String,
}

/// A flow revision the store already holds or fetched: a pull asks only for newer ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct KnownFlow {
    pub id: String,
    pub psp: String,
    /// `None` for a flow imported from a file.
    pub revision: Option<i64>,
}

/// Why a flow cannot be read. Never echoes personal data: flows carry none, only codes and amounts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FlowError {
    #[error("{0}")]
    Xml(#[from] crate::pagopa::xml::XmlError),
    #[error("not a FlussoRiversamento document (root element {0})")]
    NotAFlow(String),
    #[error("missing element {0}")]
    Missing(&'static str),
    #[error("{field}: {value:?} is not valid")]
    Invalid { field: &'static str, value: String },
    #[error("the flow declares {declared} payments but lists {listed}")]
    CountMismatch { declared: i64, listed: i64 },
    #[error("the flow declares a total of {declared} cents but its payments add up to {listed}")]
    TotalMismatch { declared: i64, listed: i64 },
}

impl crate::i18n::Localized for FlowError {
    fn localized(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::reconciliation as t;
        match self {
            FlowError::Xml(e) => lang.pair(t::xml_unreadable(&e.to_string())),
            FlowError::NotAFlow(root) => lang.pair(t::not_a_flow(root)),
            FlowError::Missing(name) => lang.pair(t::missing_element(name)),
            FlowError::Invalid { field, value } => lang.pair(t::invalid_value(field, value)),
            FlowError::CountMismatch { declared, listed } => {
                lang.pair(t::count_mismatch(*declared, *listed))
            }
            FlowError::TotalMismatch { declared, listed } => {
                lang.pair(t::total_mismatch(*declared, *listed))
            }
        }
    }
}

impl Flow {
    /// The declared totals must match the payments listed: a flow that disagrees with itself is refused
    /// rather than half believed.
    pub fn check_totals(&self) -> Result<(), FlowError> {
        let listed = self.payments.len() as i64;
        if listed != self.total_payments {
            return Err(FlowError::CountMismatch {
                declared: self.total_payments,
                listed,
            });
        }
        let sum: i64 = self.payments.iter().map(|p| p.amount_cents).sum();
        if sum != self.total_cents {
            return Err(FlowError::TotalMismatch {
                declared: self.total_cents,
                listed: sum,
            });
        }
        Ok(())
    }
}

/// `12.34` (the XSD's `\d+\.\d{2}`) in cents.
pub fn parse_cents(field: &'static str, text: &str) -> Result<i64, FlowError> {
    let invalid = || FlowError::Invalid {
        field,
        value: text.chars().take(40).collect(),
    };
    let (units, decimals) = text.split_once('.').ok_or_else(invalid)?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(units) || decimals.len() != 2 || !digits(decimals) || units.len() > 12 {
        return Err(invalid());
    }
    let units: i64 = units.parse().map_err(|_| invalid())?;
    let decimals: i64 = decimals.parse().map_err(|_| invalid())?;
    Ok(units * 100 + decimals)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cents_from_the_xsd_form_only() {
        assert_eq!(parse_cents("x", "20.00"), Ok(2000));
        assert_eq!(parse_cents("x", "0.05"), Ok(5));
        assert_eq!(parse_cents("x", "1234.56"), Ok(123_456));
        for bad in ["20", "20.0", "20,00", "-1.00", ".50", "1.000", "1e3.00", ""] {
            assert!(parse_cents("x", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn outcome_codes_round_trip_and_only_revoked_brings_no_money() {
        for code in [0u8, 3, 4, 8, 9] {
            let o = Outcome::from_code(code).unwrap();
            assert_eq!(o.code(), code);
            assert_eq!(o.transferred(), code != 3);
        }
        for code in [1u8, 2, 5, 6, 7] {
            assert_eq!(Outcome::from_code(code), None);
        }
        assert_eq!(
            Outcome::from_pay_status("STAND_IN_NO_RPT"),
            Some(Outcome::StandInNoRpt)
        );
        assert_eq!(Outcome::from_pay_status("REVOKED"), None);
    }
}
