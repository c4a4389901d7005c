//! Reconciliation with pagoPA's flows (FdR): what the backend takes and answers.

use chrono::{NaiveDate, NaiveDateTime};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::domain::notice::NoticeState;
pub use crate::pagopa::fdr::{Flow, FlowPayment, KnownFlow, Outcome, Source};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportEffect {
    /// A flow not seen before.
    Imported,
    /// A newer revision took the place of the one held.
    Replaced,
    /// This very revision was already held: nothing changed.
    Unchanged,
    /// The store holds a newer revision: nothing changed.
    Older,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FlowImport {
    pub id: String,
    pub psp: String,
    pub revision: Option<i64>,
    pub effect: ImportEffect,
    pub payments: i64,
    pub total_cents: i64,
}

/// What the report says of one IUV.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// In a flow with no receipt: the money reached the comune, the balance did not move.
    NoReceipt,
    /// The receipt and the flow disagree on the amount.
    AmountDiffers,
    /// Paid by receipt, in no flow after the grace working days.
    NoFlow,
    /// Paid and reconciled.
    Reconciled,
}

impl LineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LineKind::NoReceipt => "no_receipt",
            LineKind::AmountDiffers => "amount_differs",
            LineKind::NoFlow => "no_flow",
            LineKind::Reconciled => "reconciled",
        }
    }

    /// What the report calls it.
    pub fn label(self) -> crate::i18n::Text {
        use crate::i18n::reconciliation as t;
        match self {
            LineKind::NoReceipt => t::KIND_NO_RECEIPT,
            LineKind::AmountDiffers => t::KIND_AMOUNT_DIFFERS,
            LineKind::NoFlow => t::KIND_NO_FLOW,
            LineKind::Reconciled => t::KIND_RECONCILED,
        }
    }

    /// Whether a person must look at it.
    pub fn is_anomaly(self) -> bool {
        self != LineKind::Reconciled
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReconciliationLine {
    pub iuv: String,
    pub kind: LineKind,
    /// The notice of this IUV, if the store issued it.
    pub notice_number: Option<String>,
    pub notice_state: Option<NoticeState>,
    /// The paying parent's name (the family the money is for).
    pub family: Option<String>,
    /// The notice's amount.
    pub notice_cents: Option<i64>,
    /// What the receipts of the notice say was paid.
    pub receipt_cents: Option<i64>,
    pub receipt_id: Option<String>,
    pub receipt_channel: Option<String>,
    /// The day paid, by the receipt (else by the flow).
    pub paid_on: Option<NaiveDate>,
    /// What the flows say was transferred.
    pub flow_cents: Option<i64>,
    pub flow_id: Option<String>,
    pub psp: Option<String>,
    pub iur: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReconciliationReport {
    /// The office day the report was made on.
    pub today: NaiveDate,
    /// Working days a receipt waits for its flow before it is an anomaly.
    pub grace_days: u32,
    /// When the newest flow held was imported (none yet: `null`).
    pub last_import: Option<NaiveDateTime>,
    /// Anomalies first (no receipt, amount differs, no flow), then reconciled; by IUV within a kind.
    pub lines: Vec<ReconciliationLine>,
}
