//! The office's side of enrolment: the review queue, the decision and what it enrols, a withdrawal,
//! a wallet's money moved on, and the school's presences that charge the meals.

use chrono::{NaiveDate, NaiveDateTime};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{ApplicationState, Cents, CodiceFiscale, DocumentInfo, PersonRef};

/// One application as the review queue lists it: enough to decide without opening it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct QueuedApplication {
    pub id: i64,
    pub state: ApplicationState,
    pub window_id: i64,
    pub window: String,
    pub service: String,
    pub service_name: String,
    pub school_year: String,
    pub submitted_at: Option<NaiveDateTime>,
    pub parent: PersonRef,
    /// As the application gives it (a draft may hold a code still being typed).
    pub child_cf: String,
    pub child_name: String,
    pub school: Option<String>,
    /// Class and section, as "3A".
    pub class: Option<String>,
    pub isee_cents: Option<Cents>,
    pub isee_consent: bool,
    pub diet: Option<String>,
    pub documents: Vec<DocumentInfo>,
    /// A late (or in-debt) sending's reason.
    pub late_reason: Option<String>,
    /// What the applicant's family owes on prepaid services now.
    pub family_debt_cents: Cents,
    /// Waiting for a place: 1 is next.
    pub waitlist_position: Option<u32>,
}

/// The office's decision, kept with the application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Decision {
    pub at: NaiveDateTime,
    pub by: String,
    /// A refusal's reason, which the parent reads.
    pub reason: Option<String>,
    /// Waiting for a place: 1 is next.
    pub waitlist_position: Option<u32>,
    /// Accepted: what it enrolled.
    pub enrolment: Option<Enrolment>,
}

/// A child enabled for a service in a school year ("abilitazione al servizio").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Enrolment {
    pub child_cf: CodiceFiscale,
    pub child_name: String,
    /// The child's wallet code, for the letter.
    pub pan: String,
    pub service: String,
    pub service_name: String,
    pub school_year: String,
    pub prepaid: bool,
    /// The price is a monthly fee (the bus), not one per day of presence (a meal).
    pub monthly: bool,
    /// Per day of presence (a meal), or per month when `monthly`.
    pub price_cents: Cents,
    /// The ISEE band's upper limit; `None` is the top band (no ISEE declared, or no consent to fetch it).
    pub band_isee_max_cents: Option<Cents>,
    /// 1 for the family's first child in the service, 2 for the second (sibling discount), ...
    pub sibling_rank: u32,
    pub withdrawn_from: Option<NaiveDate>,
}

/// A refusal, with the reason the parent will read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Refusal {
    #[schemars(length(min = 1, max = 500), regex(pattern = r"\S"))]
    pub reason: String,
}

/// A parent withdraws a child from a service from a day on: that day and the following are not
/// charged (charged ones are refunded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Withdrawal {
    #[schemars(length(min = 1, max = 40))]
    pub service: String,
    pub from: NaiveDate,
    #[schemars(length(min = 1, max = 500), regex(pattern = r"\S"))]
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct WithdrawalOutcome {
    pub child_cf: CodiceFiscale,
    pub service: String,
    pub from: NaiveDate,
    /// Days already charged from `from` on, refunded.
    pub refunded_days: u32,
    pub refunded_cents: Cents,
    /// The wallet after the refunds (it stays: refund it or move it to a sibling).
    pub balance_cents: Cents,
    /// The application that took the freed place from the waiting list, if any.
    pub promoted_application: Option<i64>,
}

/// A wallet's positive balance moved on: to a sibling's wallet for the same service, or paid back
/// to the family (`to_child_cf` absent; the office pays it out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BalanceTransfer {
    #[schemars(length(min = 1, max = 40))]
    pub service: String,
    pub to_child_cf: Option<CodiceFiscale>,
    #[schemars(length(min = 1, max = 500), regex(pattern = r"\S"))]
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct BalanceTransferOutcome {
    pub amount_cents: Cents,
    pub to_child_cf: Option<CodiceFiscale>,
}

/// A child present at a service on a day, from the school's register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Presence {
    pub child_cf: CodiceFiscale,
    #[schemars(length(min = 1, max = 40))]
    pub service: String,
    pub day: NaiveDate,
}

/// What recording a batch of presences did; nothing is charged twice for a day.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct PresenceImport {
    pub charged: u32,
    pub charged_cents: Cents,
    /// Recorded without a charge of their own: the service is paid by a monthly fee (the bus).
    #[serde(default)]
    pub recorded: u32,
    /// Already recorded as present: left as they were.
    pub already: u32,
    pub refused: Vec<RefusedPresence>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RefusedPresence {
    /// Position in the batch, from 1.
    pub line: u32,
    pub child_cf: CodiceFiscale,
    pub service: String,
    pub day: NaiveDate,
    pub why_it: String,
    pub why_en: String,
}

impl Enrolment {
    /// What its price is for: a month for a monthly fee (the bus), a meal at the canteen, a day of
    /// any other service (the nursery).
    pub fn per_unit(&self, lang: crate::i18n::Lang) -> &'static str {
        if self.monthly {
            lang.pick("al mese", "per month")
        } else if self.service == "refezione" {
            lang.pick("a pasto", "per meal")
        } else {
            lang.pick("al giorno", "per day")
        }
    }

    /// "1,50 € a pasto".
    pub fn tariff(&self, lang: crate::i18n::Lang) -> String {
        format!(
            "{} {}",
            crate::domain::money::format_eur(self.price_cents),
            self.per_unit(lang)
        )
    }

    /// "Application no. 7 accepted: ROSSI ANNA enrolled in Refezione scolastica 2026/2027".
    pub fn accepted(&self, id: i64) -> crate::i18n::Pair {
        (
            format!(
                "Domanda n. {id} accolta: {} iscritto/a a {} {}",
                self.child_name, self.service_name, self.school_year
            ),
            format!(
                "Application no. {id} accepted: {} enrolled in {} {}",
                self.child_name, self.service_name, self.school_year
            ),
        )
    }
}
