//! The family's history at the desk (audit lines in words, desk notes), reactivating a notice
//! cancelled by mistake, and undoing a meal cancellation.

use super::{Lang, Pair, Text};

pub const TITLE: Text = ("Storia della famiglia", "Family history");
pub const EMPTY: Text = (
    "Nessuna operazione registrata per questa famiglia.",
    "Nothing recorded for this family yet.",
);
pub const K_HISTORY: Text = (
    "Esc · ↑↓ PgSu/PgGiù scorri · {add_note} nuova nota · {refresh} aggiorna",
    "Esc · ↑↓ PgUp/PgDn scroll · {add_note} new note · {refresh} refresh",
);
pub const K_NOTE: Text = (
    "Invio salva la nota (resta nella storia, non si modifica) · Esc annulla",
    "Enter saves the note (kept in the history, never changed) · Esc cancels",
);
pub const NOTE_LABEL: Text = ("Nota per la storia", "Note for the history");
pub const NOTE_SAVED: Text = ("Nota aggiunta alla storia.", "Note added to the history.");
/// More lines below or above the part on screen.
pub const MORE_BELOW: Text = ("▼ continua (↓ PgGiù)", "▼ more (↓ PgDn)");
pub const MORE_ABOVE: Text = ("  ▲ altre sopra (↑ PgSu)", "  ▲ more above (↑ PgUp)");
/// On the family card, after the parent-level keys.
pub const NOTE_EMPTY: Text = ("Scrivere il testo della nota.", "Type the note's text.");
pub const NOTE_TOO_LONG: Text = (
    "La nota è troppo lunga (al massimo 2000 caratteri).",
    "The note is too long (2000 characters at most).",
);

// Reactivating a notice cancelled by mistake (supervisor).
pub const K_PAYMENT_REACTIVATE: Text = (
    " · {reactivate_notice} riattiva",
    " · {reactivate_notice} reactivate",
);
pub const REACTIVATE_REASON: Text = (
    "Motivo della riattivazione (l'avviso torna pagabile)",
    "Why it is reactivated (the notice becomes payable again)",
);
pub const REACTIVATED: Text = (
    "Avviso riattivato: di nuovo da pagare.",
    "Notice reactivated: payable again.",
);
pub const NOT_CANCELLED: Text = (
    "Si riattiva solo un avviso annullato.",
    "Only a cancelled notice can be reactivated.",
);
pub const PAID_WHILE_CANCELLED: Text = (
    "Per questo avviso è arrivato un pagamento mentre era annullato: va sistemato tra le ricevute da verificare, non riattivato.",
    "A payment for this notice arrived while it was cancelled: settle it among the receipts to check rather than reactivate it.",
);

pub fn past_due(due: &str) -> Pair {
    (
        format!("L'avviso è scaduto il {due}: non si riattiva, se ne crea uno nuovo."),
        format!("The notice fell due on {due}: it cannot be reactivated; create a new one."),
    )
}

// Undoing a meal cancellation.
/// The attendance footer on a cancelled day: the undo key where the cancel key was.
pub const K_ATTENDANCE_UNDO: Text = (
    "Esc · ←→↑↓ giorno · PgSu/PgGiù mese · {next_service} servizio · {undo_cancel} ripristina",
    "Esc · ←→↑↓ day · PgUp/PgDn month · {next_service} service · {undo_cancel} undo cancel",
);
pub const NOT_A_CANCELLATION: Text = (
    "Quel giorno non è disdetto (o è stato rimborsato da una correzione): non c'è disdetta da annullare.",
    "That day is not cancelled (or a correction refunded it): there is no cancellation to undo.",
);

pub fn undone(lang: Lang, day: chrono::NaiveDate) -> String {
    let d = day.format("%d/%m/%Y");
    lang.pair((
        format!("Disdetta del {d} annullata: il giorno è di nuovo prenotato."),
        format!("Cancellation of {d} undone: the day is booked again."),
    ))
}

/// What an audit action did, in words (the action's code when unknown).
pub fn action(lang: Lang, action: &str) -> String {
    let (it, en) = match action {
        "note" => ("Nota", "Note"),
        "notice.create" => ("Avviso creato", "Notice created"),
        "notice.cancel" => ("Avviso annullato", "Notice cancelled"),
        "notice.reactivate" => ("Avviso riattivato", "Notice reactivated"),
        "receipt.record" => ("Pagamento registrato", "Payment recorded"),
        "receipt.node" => ("Pagamento pagoPA ricevuto", "pagoPA payment received"),
        "receipt.anomaly" => ("Pagamento pagoPA da verificare", "pagoPA payment to check"),
        "anomaly.credit" => (
            "Pagamento verificato e accreditato",
            "Payment checked, credited",
        ),
        "anomaly.refund" => ("Pagamento da rimborsare", "Payment to be refunded"),
        "fdr.credit" => ("Accredito da rendicontazione", "Credited from the FdR flow"),
        "attendance.cancel" => ("Giorno disdetto", "Day cancelled"),
        "attendance.uncancel" => ("Disdetta annullata", "Cancellation undone"),
        "attendance.correct" => ("Giorno corretto e rimborsato", "Day corrected, refunded"),
        "parent.register" => ("Genitore registrato", "Parent registered"),
        "parent.update" => ("Dati modificati", "Contact data changed"),
        "parent.unlock" => ("Account sbloccato", "Account unlocked"),
        "parent.credentials" => ("Nuove credenziali", "New credentials"),
        "parent.locked" => (
            "Account bloccato (password errate)",
            "Account locked (wrong passwords)",
        ),
        "child.link_second_parent" => ("Secondo genitore collegato", "Second parent linked"),
        "child.unlink_second_parent" => ("Secondo genitore scollegato", "Second parent unlinked"),
        "child.change_paying_parent" => ("Genitore pagante cambiato", "Paying parent changed"),
        "application.submit" => ("Domanda inviata", "Application sent"),
        "application.accept" => ("Domanda accolta", "Application accepted"),
        "application.refuse" => ("Domanda respinta", "Application refused"),
        "application.waitlist" => ("Domanda in lista d'attesa", "Application waitlisted"),
        "application.discard" => ("Bozza scartata", "Draft discarded"),
        "enrolment.withdraw" => ("Ritiro dal servizio", "Withdrawn from the service"),
        "balance.transfer" => ("Credito spostato", "Credit moved"),
        other => return other.to_string(),
    };
    lang.pick(it, en).to_string()
}

/// Who did it: staff by name; the parents' portal and pagoPA in words.
pub fn who(lang: Lang, by: &str) -> String {
    match by {
        "portal" => lang.pick("portale genitori", "parents' portal").to_string(),
        "pagopa" => "pagoPA".to_string(),
        other => other.to_string(),
    }
}
