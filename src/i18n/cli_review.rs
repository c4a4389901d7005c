//! The command line of the office's review: the queue, a decision's outcome, the school register's
//! import, a withdrawal and a wallet moved on.

use super::{Pair, Text};
use crate::domain::enrolment::ApplicationState;

/// The queue's columns (first line of each application; the others are indented below it).
pub const COL_NUMBER: Text = ("N.", "No");
pub const COL_SENT: Text = ("Inviata", "Sent");
pub const COL_SERVICE: Text = ("Servizio", "Service");
pub const COL_YEAR: Text = ("Anno", "Year");
pub const COL_CHILD: Text = ("Codice fiscale", "Codice fiscale");
pub const COL_ISEE: Text = ("ISEE", "ISEE");
pub const COL_DOCUMENTS: Text = ("Doc.", "Docs");
pub const NO_ISEE: Text = ("-", "-");
pub const FAMILY_DEBT: Text = ("debito famiglia", "family debt");
pub const LATE_REASON: Text = ("Motivo dell'invio tardivo:", "Why sent late:");
pub const NOT_SENT: Text = ("-", "-");

pub fn state(s: ApplicationState) -> Text {
    match s {
        ApplicationState::Draft => ("bozza", "draft"),
        ApplicationState::Submitted => ("inviata", "submitted"),
        ApplicationState::Waitlisted => ("in lista d'attesa", "waiting list"),
        ApplicationState::Accepted => ("accolta", "accepted"),
        ApplicationState::Rejected => ("respinta", "refused"),
        ApplicationState::Discarded => ("scartata", "discarded"),
    }
}

pub fn waitlist_position(n: u32) -> Pair {
    (format!("posizione {n}"), format!("position {n}"))
}

pub fn queue_count(n: usize) -> Pair {
    match n {
        1 => ("1 domanda.".into(), "1 application.".into()),
        n => (format!("{n} domande."), format!("{n} applications.")),
    }
}

// A decision's outcome.

pub fn accepted(id: i64) -> Pair {
    (
        format!("Domanda n. {id} accolta: alunno iscritto."),
        format!("Application {id} accepted: the child is enrolled."),
    )
}

pub fn waitlisted(id: i64, position: u32) -> Pair {
    (
        format!(
            "Domanda n. {id} in lista d'attesa (posti esauriti nella scuola): posizione {position}."
        ),
        format!(
            "Application {id} on the waiting list (the school's places are taken): position {position}."
        ),
    )
}

pub fn refused(id: i64) -> Pair {
    (
        format!("Domanda n. {id} respinta; il genitore legge il motivo sul portale."),
        format!("Application {id} refused; the parent reads the reason on the portal."),
    )
}

pub fn discarded(id: i64) -> Pair {
    (
        format!("Domanda n. {id} scartata (resta in archivio)."),
        format!("Application {id} discarded (it stays on file)."),
    )
}

/// The state an accept left, when it is neither accepted nor waiting (should not happen).
pub fn now_in_state(id: i64, state: &str) -> Pair {
    (
        format!("Domanda n. {id}: {state}."),
        format!("Application {id}: {state}."),
    )
}

pub const CHILD: Text = ("Alunno", "Child");
pub const PAN: Text = ("PAN", "PAN");
pub const SERVICE: Text = ("Servizio", "Service");
pub const PRICE: Text = ("Prezzo", "Price");
pub const BAND: Text = ("Fascia", "Band");
pub const SIBLING_RANK: Text = ("Figlio n.", "Sibling rank");
pub const PAYMENT: Text = ("Pagamento", "Payment");
pub const TOP_BAND: Text = ("fascia massima", "top band");
pub const PREPAID: Text = (
    "prepagato (ricariche prima del consumo)",
    "prepaid (top-ups before use)",
);
pub const POSTPAID: Text = (
    "a consumo (avvisi dopo il consumo)",
    "postpaid (notices after use)",
);

pub fn band_up_to(max: &str) -> Pair {
    (
        format!("fascia ISEE fino a {max}"),
        format!("ISEE band up to {max}"),
    )
}

/// The sibling rank, with what it means for the price.
pub fn sibling_rank(rank: u32) -> Pair {
    if rank <= 1 {
        ("1 (primo figlio)".into(), "1 (first child)".into())
    } else {
        (
            format!("{rank} (sconto fratelli)"),
            format!("{rank} (sibling discount)"),
        )
    }
}

// The school register.

pub const BAD_HEADER: Text = (
    "intestazione attesa: codice_fiscale;servizio;giorno (separatore ; oppure ,)",
    "expected header: codice_fiscale;servizio;giorno (separator ; or ,)",
);
pub const EMPTY_FILE: Text = ("nessuna presenza nel file", "no presence in the file");

pub fn bad_line(line: usize, why: &str) -> Pair {
    (format!("riga {line}: {why}"), format!("line {line}: {why}"))
}

pub fn wrong_field_count(found: usize) -> Pair {
    (
        format!("3 campi attesi, trovati {found}"),
        format!("3 fields expected, {found} found"),
    )
}

pub const NO_SERVICE: Text = ("servizio mancante", "service missing");

pub fn bad_day(text: &str) -> Pair {
    (
        format!("giorno non valido «{text}» (AAAA-MM-GG oppure GG/MM/AAAA)"),
        format!("not a valid day «{text}» (YYYY-MM-DD or DD/MM/YYYY)"),
    )
}

/// A malformed file: nothing recorded; the first problems, and how many more.
pub fn malformed(path: &str, problems: &[String], more: usize) -> Pair {
    let listed = problems.join("; ");
    let (more_it, more_en) = match more {
        0 => (String::new(), String::new()),
        n => (format!("; e altre {n}"), format!("; and {n} more")),
    };
    (
        format!("{path}: file non valido, nessuna presenza registrata: {listed}{more_it}"),
        format!("{path}: malformed file, no presence recorded: {listed}{more_en}"),
    )
}

pub fn charged(count: u32, total: &str) -> Pair {
    (
        format!("Presenze addebitate: {count}, totale {total}."),
        format!("Presences charged: {count}, total {total}."),
    )
}

pub fn already(count: u32) -> Pair {
    (
        format!("Già registrate (lasciate come erano): {count}."),
        format!("Already recorded (left as they were): {count}."),
    )
}

pub fn refused_lines(count: usize) -> Pair {
    (
        format!("Righe rifiutate: {count}."),
        format!("Lines refused: {count}."),
    )
}

// Withdrawal and the wallet moved on.

pub const BAD_FROM: Text = (
    "--from: data non valida (AAAA-MM-GG oppure GG/MM/AAAA)",
    "--from: not a valid date (YYYY-MM-DD or DD/MM/YYYY)",
);

pub fn withdrawn(service: &str, from: &str) -> Pair {
    (
        format!("Alunno ritirato da «{service}» dal {from}."),
        format!("Child withdrawn from «{service}» from {from}."),
    )
}

pub fn refunded(days: u32, amount: &str) -> Pair {
    match days {
        0 => (
            "Nessun giorno da stornare.".into(),
            "No charged day to refund.".into(),
        ),
        1 => (
            format!("Stornato 1 giorno già addebitato: {amount}."),
            format!("Refunded 1 day already charged: {amount}."),
        ),
        n => (
            format!("Stornati {n} giorni già addebitati: {amount}."),
            format!("Refunded {n} days already charged: {amount}."),
        ),
    }
}

pub fn balance_left(amount: &str, positive: bool) -> Pair {
    if positive {
        (
            format!(
                "Saldo rimasto: {amount} (rimborsarlo o trasferirlo a un fratello: sportello balance move)."
            ),
            format!(
                "Balance left: {amount} (refund it or move it to a sibling: sportello balance move)."
            ),
        )
    } else {
        (
            format!("Saldo rimasto: {amount}."),
            format!("Balance left: {amount}."),
        )
    }
}

pub fn promoted(id: i64) -> Pair {
    (
        format!("Posto liberato: accolta dalla lista d'attesa la domanda n. {id}."),
        format!("Place freed: application {id} accepted from the waiting list."),
    )
}

pub const NOBODY_WAITING: Text = (
    "Nessuna domanda in lista d'attesa per quel posto.",
    "No application waiting for that place.",
);
