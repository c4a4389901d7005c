//! Messages about cancelling a day of a service (a meal, a day on the bus, a day at the nursery):
//! the store's refusal does not know which service, so they speak of the day.

use super::{Lang, Localized};
use crate::domain::meals::CancelError;

impl Localized for CancelError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            CancelError::NotASchoolDay => lang
                .pick(
                    "In quel giorno non c'è servizio (fine settimana o festività): non c'è nulla da disdire.",
                    "There is no service on that day (weekend or holiday): nothing to cancel.",
                )
                .to_string(),
            CancelError::TooLate { cutoff } => match lang {
                Lang::It => format!(
                    "Troppo tardi: un giorno si disdice entro le {} del giorno stesso. Se è stato addebitato, un supervisore può stornarlo.",
                    cutoff.format("%H:%M")
                ),
                Lang::En => format!(
                    "Too late: a day is cancelled by {} on the day itself. If it was charged, a supervisor can refund it.",
                    cutoff.format("%H:%M")
                ),
            },
            CancelError::TooFar => lang
                .pick(
                    "Si possono disdire solo i giorni dell'anno scolastico in corso.",
                    "Only days of the current school year can be cancelled.",
                )
                .to_string(),
            CancelError::AlreadyCancelled => lang
                .pick(
                    "Quel giorno è già disdetto.",
                    "That day is already cancelled.",
                )
                .to_string(),
            CancelError::AlreadyRecorded => lang
                .pick(
                    "Quel giorno è già registrato dalla scuola: un supervisore può correggerlo.",
                    "That day is already recorded by the school: a supervisor can correct it.",
                )
                .to_string(),
        }
    }
}
