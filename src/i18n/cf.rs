//! Messages about codici fiscali.

use super::{Lang, Localized};
use crate::domain::codice_fiscale::{BirthplaceWarning, CfError, ComputeError};

impl Localized for CfError {
    fn localized(&self, lang: Lang) -> String {
        let (it, en) = match self {
            CfError::Empty => ("Codice fiscale mancante.".into(), "Codice fiscale missing.".into()),
            CfError::Length(n) => (
                format!("Il codice fiscale ha 16 caratteri, qui ce ne sono {n}."),
                format!("A codice fiscale has 16 characters, here there are {n}."),
            ),
            CfError::Character { pos, ch } => (
                format!("Carattere «{ch}» non ammesso in posizione {pos}: solo lettere e cifre."),
                format!("Character \"{ch}\" not allowed at position {pos}: letters and digits only."),
            ),
            CfError::Surname => (
                "Le prime tre lettere (cognome) devono essere lettere.".into(),
                "The first three characters (surname) must be letters.".into(),
            ),
            CfError::Name => (
                "I caratteri 4-6 (nome) devono essere lettere.".into(),
                "Characters 4-6 (name) must be letters.".into(),
            ),
            CfError::Year => (
                "L'anno di nascita (caratteri 7-8) non è valido.".into(),
                "The birth year (characters 7-8) is not valid.".into(),
            ),
            CfError::Month(c) => (
                format!("La lettera del mese «{c}» non esiste (ammesse: A B C D E H L M P R S T)."),
                format!("Month letter \"{c}\" does not exist (allowed: A B C D E H L M P R S T)."),
            ),
            CfError::Day => (
                "Il giorno di nascita (caratteri 10-11) deve essere 01-31 (uomini) o 41-71 (donne).".into(),
                "The birth day (characters 10-11) must be 01-31 (men) or 41-71 (women).".into(),
            ),
            CfError::Date => (
                "La data di nascita non esiste (ad esempio 30 febbraio).".into(),
                "The birth date does not exist (e.g. 30 February).".into(),
            ),
            CfError::Place => (
                "Il codice del luogo di nascita (caratteri 12-15) deve essere una lettera e tre cifre.".into(),
                "The birthplace code (characters 12-15) must be a letter and three digits.".into(),
            ),
            CfError::Check { expected } => (
                format!("Carattere di controllo errato (atteso {expected}): ricontrollare il codice, forse un carattere è stato copiato male."),
                format!("Wrong check character (expected {expected}): check the code again, a character may have been copied wrong."),
            ),
        };
        match lang {
            Lang::It => it,
            Lang::En => en,
        }
    }
}

impl Localized for BirthplaceWarning {
    fn localized(&self, lang: Lang) -> String {
        match (self, lang) {
            (BirthplaceWarning::UnknownCode(c), Lang::It) => {
                format!(
                    "Attenzione: il codice del luogo di nascita {c} non è nell'elenco dei comuni e degli stati."
                )
            }
            (BirthplaceWarning::UnknownCode(c), Lang::En) => {
                format!("Warning: birthplace code {c} is not in the list of comuni and countries.")
            }
            (BirthplaceWarning::OutOfLifetime { code, name }, Lang::It) => {
                format!("Attenzione: {name} ({code}) non esisteva alla data di nascita.")
            }
            (BirthplaceWarning::OutOfLifetime { code, name }, Lang::En) => {
                format!("Warning: {name} ({code}) did not exist on the birth date.")
            }
        }
    }
}

impl Localized for ComputeError {
    fn localized(&self, lang: Lang) -> String {
        match (self, lang) {
            (ComputeError::Surname, l) => l.pick("Cognome mancante.", "Surname missing.").into(),
            (ComputeError::Name, l) => l.pick("Nome mancante.", "Name missing.").into(),
            (ComputeError::Year, l) => l
                .pick(
                    "Anno di nascita fuori intervallo.",
                    "Birth year out of range.",
                )
                .into(),
            (ComputeError::UnknownPlace(p), Lang::It) => {
                format!(
                    "Luogo di nascita «{p}» sconosciuto: scrivere il comune o lo stato, oppure il codice (es. H501)."
                )
            }
            (ComputeError::UnknownPlace(p), Lang::En) => {
                format!(
                    "Unknown birthplace \"{p}\": type the comune or country, or its code (e.g. H501)."
                )
            }
            (ComputeError::AmbiguousPlace { choices, .. }, Lang::It) => {
                format!(
                    "Più luoghi con questo nome: indicare la provincia, es. {}.",
                    choices.join(", ")
                )
            }
            (ComputeError::AmbiguousPlace { choices, .. }, Lang::En) => {
                format!(
                    "Several places with this name: add the province, e.g. {}.",
                    choices.join(", ")
                )
            }
        }
    }
}
