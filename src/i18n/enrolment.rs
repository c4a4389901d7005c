//! Messages about enrolment applications.

use super::{Lang, Localized};
use crate::domain::enrolment::EnrolmentError;

impl Localized for EnrolmentError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            EnrolmentError::NotADraft => lang.pick(
                "La domanda è già stata inviata e non si può più modificare.",
                "The application was already submitted and can no longer be changed.",
            ),
            EnrolmentError::WindowClosed => lang.pick(
                "Le iscrizioni sono chiuse: solo un supervisore può inviare la domanda, indicando il motivo.",
                "Enrolment is closed: only a supervisor may submit, giving a reason.",
            ),
            EnrolmentError::InDebt { debt_cents } => {
                let debt = crate::domain::money::format_eur(*debt_cents);
                return match lang {
                    Lang::It => format!(
                        "La famiglia ha un debito di {debt}: va saldato prima dell'iscrizione (ricarica), oppure un supervisore può inviare la domanda indicando il motivo (es. piano di rateizzazione)."
                    ),
                    Lang::En => format!(
                        "The family owes {debt}: it must be paid before enrolling (top-up), or a supervisor may send the application giving a reason (an instalment plan, say)."
                    ),
                };
            }
            EnrolmentError::ReasonRequired => lang.pick(
                "Per un invio fuori termine o con un debito indicare il motivo.",
                "Sending late or with a debt needs a reason.",
            ),
            EnrolmentError::NotSubmitted => lang.pick(
                "Solo una domanda inviata può essere accolta o respinta: questa non è stata inviata.",
                "Only a submitted application can be accepted or refused: this one was not sent.",
            ),
            EnrolmentError::AlreadyDecided => lang.pick(
                "La domanda è già stata decisa (accolta o respinta): non cambia più.",
                "The application was already decided (accepted or refused): it no longer changes.",
            ),
            EnrolmentError::RefusalReasonRequired => lang.pick(
                "Indicare il motivo del rifiuto: il genitore lo leggerà nella lettera.",
                "Give the reason for the refusal: the parent will read it in the letter.",
            ),
            EnrolmentError::NotDiscardable => lang.pick(
                "Solo una bozza si può scartare.",
                "Only a draft can be discarded.",
            ),
        }
        .to_string()
    }
}
