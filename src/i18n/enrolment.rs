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
            EnrolmentError::ReasonRequired => {
                lang.pick("Per un invio fuori termine indicare il motivo.", "A late submission needs a reason.")
            }
            EnrolmentError::NotSubmitted => lang.pick(
                "Solo una domanda inviata può essere accolta o respinta.",
                "Only a submitted application can be accepted or rejected.",
            ),
        }
        .to_string()
    }
}
