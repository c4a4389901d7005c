//! The family card's applications and the supervisor's withdrawal from a service (with the credit left
//! moved on).

use super::{Lang, Pair, Text};
use crate::domain::enrolment::ApplicationState;
use crate::domain::money::Cents;
use crate::domain::money::format_eur;

pub const APPS_TITLE: Text = ("Domande di iscrizione", "Enrolment applications");
/// Beside the title while the arrows move among the children.
pub const K_APPS_PICK: Text = (
    "  (Tab: scegli una domanda)",
    "  (Tab: pick an application)",
);
/// Beside the title while the arrows move among the applications.
pub const K_APPS_FOCUSED: Text = (
    "  (↑↓ domanda · Tab figli)",
    "  (↑↓ application · Tab children)",
);
/// Beside the selected draft only: a sent application offers no key that changes it.
pub const K_APPS_DISCARD: Text = (
    "  → {discard} scarta la bozza",
    "  → {discard} discard the draft",
);

/// "N." before an application's number.
pub const NUMBER: Text = ("N.", "No.");

/// An application's state in words (discarded ones are not listed).
pub fn state(lang: Lang, state: ApplicationState, position: Option<u32>) -> String {
    let pick = |it: &str, en: &str| lang.pick(it, en).to_string();
    match (state, position) {
        (ApplicationState::Draft, _) => pick("bozza", "draft"),
        (ApplicationState::Submitted, _) => pick("inviata", "sent"),
        (ApplicationState::Waitlisted, Some(n)) => lang.pair((
            format!("in lista d'attesa (pos. {n})"),
            format!("waiting list (no. {n})"),
        )),
        (ApplicationState::Waitlisted, None) => pick("in lista d'attesa", "waiting list"),
        (ApplicationState::Accepted, _) => pick("accolta", "accepted"),
        (ApplicationState::Rejected, _) => pick("respinta", "refused"),
        (ApplicationState::Discarded, _) => pick("scartata", "discarded"),
    }
}

pub fn confirm_discard(id: i64, service: &str, child: &str) -> Pair {
    (
        format!(
            "Scartare la bozza N. {id} ({service}, {child})? Non sarà più aperta né inviata; resta in archivio. Invio conferma · Esc annulla"
        ),
        format!(
            "Discard draft no. {id} ({service}, {child})? It will no longer be open or sent; it stays on file. Enter confirms · Esc cancels"
        ),
    )
}

pub fn discarded(id: i64) -> Pair {
    (
        format!("Bozza N. {id} scartata."),
        format!("Draft no. {id} discarded."),
    )
}

pub fn already_sent(id: i64) -> Pair {
    (
        format!("La domanda N. {id} è già inviata: non si modifica né si scarta."),
        format!("Application no. {id} is already sent: it is neither edited nor discarded."),
    )
}

/// Beside a service the child is withdrawn from.
pub fn withdrawn_from(lang: Lang, from: chrono::NaiveDate) -> String {
    let day = from.format("%d/%m/%Y");
    lang.pair((
        format!("ritirato dal {day}"),
        format!("withdrawn from {day}"),
    ))
}

/// Beside the selected child, for a supervisor.
pub const K_WITHDRAW: Text = ("  → {withdraw} ritiro", "  → {withdraw} withdraw");

pub const NOTHING_TO_WITHDRAW: Text = (
    "L'alunno non è iscritto a servizi da cui ritirarlo.",
    "The child is in no service to withdraw from.",
);

pub const WD_TITLE: Text = ("Ritiro dal servizio", "Withdrawal from a service");
pub const WD_HELP: Text = (
    "Dal giorno indicato il servizio non è più addebitato; i giorni già addebitati da quel giorno sono rimborsati sul borsellino.",
    "From the day given the service is no longer charged; days already charged from that day are refunded to the wallet.",
);
pub const WD_SERVICE: Text = ("Servizio", "Service");
pub const WD_FROM: Text = ("Dal giorno", "From");
pub const WD_REASON: Text = ("Motivo", "Reason");
pub const WD_BALANCE: Text = ("saldo", "balance");
pub const BAD_DATE: Text = (
    "Data non valida: scriverla come gg/mm/aaaa (es. 26/11/2026).",
    "Not a valid date: write it as dd/mm/yyyy (e.g. 26/11/2026).",
);
pub const REASON_REQUIRED: Text = ("Indicare il motivo.", "Give the reason.");
pub const K_WITHDRAWAL: Text = (
    "↑↓ servizio · Tab campo · Invio ritira · Esc indietro",
    "↑↓ service · Tab field · Enter withdraw · Esc back",
);

pub fn withdrawn(lang: Lang, service: &str, from: chrono::NaiveDate) -> String {
    let day = from.format("%d/%m/%Y");
    lang.pair((
        format!("Ritirato da «{service}» dal {day}."),
        format!("Withdrawn from «{service}» from {day}."),
    ))
}

pub fn refunded(lang: Lang, days: u32, cents: Cents) -> String {
    let amount = format_eur(cents);
    match days {
        0 => lang
            .pick("Nessun giorno da rimborsare.", "No day to refund.")
            .to_string(),
        1 => lang.pair((
            format!("Rimborsato 1 giorno già addebitato: {amount}."),
            format!("1 day already charged refunded: {amount}."),
        )),
        n => lang.pair((
            format!("Rimborsati {n} giorni già addebitati: {amount}."),
            format!("{n} days already charged refunded: {amount}."),
        )),
    }
}

pub fn balance_left(lang: Lang, cents: Cents) -> String {
    let amount = format_eur(cents);
    lang.pair((
        format!("Saldo residuo: {amount}."),
        format!("Balance left: {amount}."),
    ))
}

pub fn promoted(lang: Lang, id: i64) -> String {
    lang.pair((
        format!("Il posto è andato alla domanda N. {id}."),
        format!("The place went to application no. {id}."),
    ))
}

pub const MOVE_TITLE: Text = (
    "Il credito residuo può essere rimborsato o trasferito:",
    "The credit left may be refunded or moved:",
);
pub const MOVE_FAMILY: Text = ("rimborso alla famiglia", "refund to the family");
pub fn move_sibling(lang: Lang, name: &str) -> String {
    lang.pair((format!("trasferimento a {name}"), format!("move to {name}")))
}
pub const K_MOVE: Text = (
    "↑↓ destinazione · Invio sposta il credito · Esc torna alla scheda",
    "↑↓ destination · Enter moves the credit · Esc back to the card",
);
pub const K_DONE: Text = ("Esc torna alla scheda", "Esc back to the card");

pub fn moved(lang: Lang, cents: Cents, to: Option<&str>) -> String {
    let amount = format_eur(cents);
    match to {
        Some(name) => lang.pair((
            format!("Credito di {amount} trasferito a {name}."),
            format!("Credit of {amount} moved to {name}."),
        )),
        None => lang.pair((
            format!("Credito di {amount} da rimborsare alla famiglia."),
            format!("Credit of {amount} to refund to the family."),
        )),
    }
}
