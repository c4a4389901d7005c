//! The supervisor's review queue at the desk and the decision's letter to the parent.

use super::{Lang, Pair, Text};
use crate::domain::enrolment::ApplicationState;
use crate::domain::money::Cents;
use crate::domain::money::format_eur;

pub const SCREEN_TITLE: Text = ("Domande di iscrizione", "Enrolment applications");
pub const VIEW: Text = ("Vista", "Showing");
pub const NONE_LISTED: Text = (
    "Nessuna domanda in questa vista.",
    "No application in this view.",
);
/// The queue's column headings: number, sent, child, service, school, debt, ISEE, documents, late.
pub const COLUMNS: [Text; 9] = [
    ("N.", "No."),
    ("Inv.", "Sent"),
    ("Bambino/a", "Child"),
    ("Servizio", "Service"),
    ("Scuola", "School"),
    ("Debito €", "Debt €"),
    ("ISEE €", "ISEE €"),
    ("Doc", "Doc"),
    ("Rit.", "Late"),
];
pub const ISEE_NONE: Text = ("nessuno", "none");
pub const ISEE_NO_CONSENT: Text = (
    "senza consenso a verificarlo: fascia massima",
    "no consent to check it: top band",
);
pub const ISEE_NO_CONSENT_SHORT: Text = ("no cons.", "no cons.");
pub const DOCUMENTS: Text = ("Documenti", "Documents");
pub const DOCUMENTS_NONE: Text = ("nessuno", "none");
pub const DIET: Text = ("Dieta", "Diet");
pub const LATE: Text = ("Inviata in ritardo", "Sent late");
pub const PARENT: Text = ("Genitore", "Parent");
pub const REASON: Text = ("Motivo", "Reason");
pub const REFUSE_HELP: Text = (
    "Rifiuto: scrivere il motivo, che il genitore leggerà nella lettera · Invio invia · Esc annulla",
    "Refusal: type the reason the parent will read in the letter · Enter sends · Esc cancels",
);
pub const K_SCREEN: Text = (
    "↑↓ · Tab vista · A accetta · R rifiuta · L lettera · {refresh} aggiorna · Esc indietro",
    "↑↓ · Tab view · A accept · R refuse · L letter · {refresh} refresh · Esc back",
);
pub const K_CONFIRM: Text = (
    "Invio conferma · Esc annulla",
    "Enter confirms · Esc cancels",
);
pub const K_LETTER: Text = ("Lettera:", "Letter:");
pub const K_LETTER_END: Text = (" · Esc annulla", " · Esc cancels");
pub const NO_OUTBOX: Text = (
    "Documenti non disponibili: il logo configurato non si legge.",
    "Documents unavailable: the configured logo cannot be read.",
);
pub const PAN_FOR_LETTER: Text = ("PAN per la lettera:", "PAN for the letter:");
pub const PREPAID: Text = (
    "prepagato: si ricarica prima dell'uso",
    "prepaid: topped up before use",
);
pub const POSTPAID: Text = (
    "postpagato: si paga a consumo con avviso pagoPA",
    "postpaid: paid afterwards with a pagoPA notice",
);
/// A draft or a sent application: nothing to write to the parent yet.
pub const NO_LETTER_UNDECIDED: Text = (
    "La domanda non è ancora stata decisa: la lettera c'è solo per una domanda accolta, respinta o in lista d'attesa.",
    "The application is not decided yet: there is a letter only for an accepted, refused or waitlisted one.",
);
/// The search footer of a supervisor, with the way to the queue (the shared one has no room left).
pub const K_SEARCH_SUPERVISOR: Text = (
    "{new_parent} genitore · {applications} domande · {kiosks} chioschi · {payments_check} ricevute · {reconciliation} flussi · Ctrl+L esci",
    "{new_parent} parent · {applications} enrolments · {kiosks} kiosks · {payments_check} receipts · {reconciliation} flows · Ctrl+L log out",
);

/// The views the filter key cycles through: sent first (what waits for a decision), then all.
pub fn view_name(lang: Lang, state: Option<ApplicationState>) -> &'static str {
    match state {
        Some(ApplicationState::Submitted) => lang.pick("inviate", "sent"),
        Some(ApplicationState::Waitlisted) => lang.pick("in lista d'attesa", "waiting list"),
        Some(ApplicationState::Accepted) => lang.pick("accolte", "accepted"),
        Some(ApplicationState::Rejected) => lang.pick("respinte", "refused"),
        Some(ApplicationState::Draft) => lang.pick("bozze", "drafts"),
        Some(ApplicationState::Discarded) => lang.pick("abbandonate", "discarded"),
        None => lang.pick("tutte", "all"),
    }
}

/// One application's state, as the panel says it.
pub fn state_name(lang: Lang, state: ApplicationState) -> &'static str {
    match state {
        ApplicationState::Draft => lang.pick("bozza", "draft"),
        ApplicationState::Submitted => lang.pick("inviata", "sent"),
        ApplicationState::Waitlisted => lang.pick("in lista d'attesa", "on the waiting list"),
        ApplicationState::Accepted => lang.pick("accolta", "accepted"),
        ApplicationState::Rejected => lang.pick("respinta", "refused"),
        ApplicationState::Discarded => lang.pick("abbandonata", "discarded"),
    }
}

/// "fascia ISEE fino a 8.000,00 €", or the top band.
pub fn band(lang: Lang, max: Option<Cents>) -> String {
    match (max, lang) {
        (Some(m), Lang::It) => format!("fascia ISEE fino a {}", format_eur(m)),
        (Some(m), Lang::En) => format!("ISEE band up to {}", format_eur(m)),
        (None, _) => lang.pick("fascia massima", "top band").to_string(),
    }
}

/// The sibling discount's rank: the first child pays in full.
pub fn sibling(lang: Lang, rank: u32) -> String {
    match (rank, lang) {
        (0 | 1, _) => lang
            .pick("primo figlio nel servizio", "first child in the service")
            .into(),
        (n, Lang::It) => format!("{n}° figlio nel servizio (sconto fratelli)"),
        (n, Lang::En) => format!("child no. {n} in the service (sibling discount)"),
    }
}

pub fn confirm_accept(id: i64, child: &str, service: &str) -> Pair {
    (
        format!(
            "Accettare la domanda n. {id}? {child} sarà iscritto/a a {service} con la tariffa della sua fascia ISEE (o messo/a in lista d'attesa se i posti sono finiti)."
        ),
        format!(
            "Accept application no. {id}? {child} will be enrolled in {service} at the tariff of their ISEE band (or put on the waiting list if the places are taken)."
        ),
    )
}

pub fn waitlisted(id: i64, position: u32) -> Pair {
    (
        format!("Domanda n. {id}: posti esauriti, in lista d'attesa, posizione {position}"),
        format!("Application no. {id}: no place left, on the waiting list, position {position}"),
    )
}

pub fn refused(id: i64) -> Pair {
    (
        format!("Domanda n. {id} respinta: il motivo è nella lettera"),
        format!("Application no. {id} refused: the reason is in the letter"),
    )
}

pub fn waitlist_position(position: u32) -> Pair {
    (
        format!("In lista d'attesa, posizione {position}"),
        format!("On the waiting list, position {position}"),
    )
}
