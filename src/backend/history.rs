//! A family's history at the desk: what was done for it (from the audit rows that concern the
//! parent, the children, their notices and applications) and the free-text notes desk staff add.

use chrono::{NaiveDate, NaiveDateTime};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Cents;

/// The action of a desk note in a history (an audit action otherwise: `notice.cancel`, ...).
pub const NOTE_ACTION: &str = "note";

/// One line of a family's history, newest first in a list. Names, not codes: whom it concerns is a
/// person's name, a notice's grouped number or an application's number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct HistoryEntry {
    pub at: NaiveDateTime,
    /// The staff member's full name (the user name when unknown), or `portal` / `pagopa`.
    pub by: String,
    /// The audit action (`notice.cancel`, `attendance.correct`, ...), or `note` for a desk note.
    pub action: String,
    /// Whom or what it concerns, by name.
    pub subject: Option<String>,
    /// The service concerned, by name.
    pub service: Option<String>,
    /// The day concerned (a meal cancelled or corrected, a withdrawal's first day).
    pub day: Option<NaiveDate>,
    pub amount_cents: Option<Cents>,
    /// The reason given, another person's name, the fields changed, or a note's text.
    pub text: Option<String>,
}

impl HistoryEntry {
    /// An entry's heading (when, who) and what it says (what was done, to whom, with what).
    pub fn lines(&self, lang: crate::i18n::Lang) -> (String, String) {
        use crate::i18n::history::{action, who};
        let e = self;
        let head = format!("{} · {}", e.at.format("%d/%m/%Y %H:%M"), who(lang, &e.by));
        if e.is_note() {
            let text = e.text.clone().unwrap_or_default();
            return (head, format!("{}: {text}", action(lang, &e.action)));
        }
        let mut parts = vec![action(lang, &e.action)];
        let mut what: Vec<String> = Vec::new();
        what.extend(e.subject.clone());
        what.extend(e.service.clone());
        what.extend(e.day.map(|d| d.format("%d/%m/%Y").to_string()));
        what.extend(e.amount_cents.map(crate::domain::money::format_eur));
        if !what.is_empty() {
            parts.push(what.join(" · "));
        }
        let mut body = parts.join(": ");
        if let Some(text) = &e.text {
            let reason = matches!(
                e.action.as_str(),
                "notice.cancel"
                    | "notice.reactivate"
                    | "application.refuse"
                    | "attendance.correct"
                    | "enrolment.withdraw"
                    | "balance.transfer"
                    | "anomaly.credit"
                    | "anomaly.refund"
            );
            if reason {
                body.push_str(&format!(" — {}: {text}", lang.pick("motivo", "reason")));
            } else {
                body.push_str(&format!(" — {text}"));
            }
        }
        (head, body)
    }

    pub fn is_note(&self) -> bool {
        self.action == NOTE_ACTION
    }
}

/// A desk note for a family's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewNote {
    #[schemars(length(min = 1, max = 2000), regex(pattern = r"\S"))]
    pub text: String,
}
