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
