//! The family card's edges (scrolling, its notices, confirmations, the keys overlay), the family key on
//! a payment notice, and what a typed codice fiscale says.

use chrono::NaiveDate;

use super::{Lang, Pair, Text};
use crate::domain::codice_fiscale::Sex;

/// The card's footer while the arrows are on the children or the applications (the rest is in F1).
pub const K_CARD: Text = (
    "↑↓ · PgSu/PgGiù scorri · {topup} ricarica · {refresh} aggiorna · F1 tasti · Esc indietro",
    "↑↓ · PgUp/PgDn scroll · {topup} top-up · {refresh} refresh · F1 keys · Esc back",
);
/// The card's footer while the arrows are on a pending notice.
pub const K_CARD_NOTICE: Text = (
    "↑↓ · Invio apri · PgSu/PgGiù scorri · {refresh} aggiorna · F1 tasti · Esc indietro",
    "↑↓ · Enter open · PgUp/PgDn scroll · {refresh} refresh · F1 keys · Esc back",
);
/// Beside the selected child: the keys acting on it.
pub const K_CHILD: Text = (
    "  → {attendance} presenze · {statement} estratto",
    "  → {attendance} attendance · {statement} statement",
);
pub const K_CHILD_WITHDRAW: Text = (" · {withdraw} ritiro", " · {withdraw} withdraw");
/// Under the parent: the parent-level keys.
pub const K_PARENT: Text = (
    "{edit_data} dati · {other_parent} altro genitore · {credentials} credenziali · {enrol} iscrizione · {history} storia",
    "{edit_data} data · {other_parent} other parent · {credentials} credentials · {enrol} enrol · {history} history",
);
/// The card's last row when it does not fit the screen.
pub const MORE_BELOW: Text = ("▼ continua sotto (PgGiù)", "▼ more below (PgDn)");
pub const MORE_ABOVE: Text = ("▲ continua sopra (PgSu)", "▲ more above (PgUp)");
pub const MORE_BOTH: Text = (
    "▲▼ continua sopra e sotto (PgSu/PgGiù)",
    "▲▼ more above and below (PgUp/PgDn)",
);

pub const HELP_TITLE: Text = (" Tasti della scheda famiglia ", " Family card keys ");
pub const HELP_CLOSE: Text = ("Un tasto qualsiasi chiude", "Any key closes");
/// Every key of the card: the key (a template) and what it does.
pub const HELP: [(&str, Text); 18] = [
    (
        "↑↓",
        (
            "figlio, avviso da pagare, domanda",
            "child, pending notice, application",
        ),
    ),
    ("Tab", ("domande / figli", "applications / children")),
    ("Invio", ("apre l'avviso scelto", "opens the chosen notice")),
    (
        "PgSu PgGiù",
        (
            "scorre la scheda (Home/Fine: inizio/fine)",
            "scrolls the card (Home/End: top/bottom)",
        ),
    ),
    (
        "{topup}",
        (
            "ricarica e avviso di pagamento",
            "top-up and payment notice",
        ),
    ),
    (
        "{attendance}",
        ("presenze del figlio", "the child's attendance"),
    ),
    (
        "{statement}",
        ("estratto conto del figlio", "the child's statement"),
    ),
    (
        "{enrol}",
        ("domanda di iscrizione", "enrolment application"),
    ),
    (
        "{edit_data}",
        ("modifica i dati del genitore", "edit the parent's data"),
    ),
    ("{other_parent}", ("altro genitore", "other parent")),
    (
        "{history}",
        (
            "storia della famiglia e note dello sportello",
            "the family's history and desk notes",
        ),
    ),
    (
        "{credentials}",
        (
            "nuove credenziali del portale (chiede conferma)",
            "new portal credentials (asks first)",
        ),
    ),
    (
        "{unlock}",
        (
            "sblocca l'account (supervisore)",
            "unlock the account (supervisor)",
        ),
    ),
    (
        "{withdraw}",
        (
            "ritira il figlio da un servizio (supervisore)",
            "withdraw the child from a service (supervisor)",
        ),
    ),
    (
        "{discard}",
        ("scarta la bozza scelta", "discard the chosen draft"),
    ),
    ("{refresh}", ("aggiorna", "refresh")),
    (
        "Esc Ctrl+L",
        ("indietro · esci (cambio operatore)", "back · log out"),
    ),
    ("Ctrl+C", ("chiudi il programma", "quit")),
];

pub const K_CONFIRM: Text = ("Invio conferma · Esc annulla", "Enter confirm · Esc cancel");

pub fn confirm_credentials(name: &str) -> Pair {
    (
        format!(
            "Nuove credenziali per {name}? La password attuale del portale smette di funzionare: se ne crea una temporanea da consegnare con la lettera. Invio conferma · Esc annulla"
        ),
        format!(
            "New credentials for {name}? The current portal password stops working: a temporary one is made, to hand over with the letter. Enter confirms · Esc cancels"
        ),
    )
}

pub fn confirm_cash(amount: &str) -> Pair {
    (
        format!(
            "Registrare {amount} in contanti? L'avviso risulta pagato e l'importo va sul saldo. Invio conferma · Esc annulla"
        ),
        format!(
            "Record {amount} paid in cash? The notice becomes paid and the amount goes to the balance. Enter confirms · Esc cancels"
        ),
    )
}

/// Beside the payer on a notice: the key that opens the payer's family card.
pub const K_PAYMENT_FAMILY: Text = ("  → {family_card} scheda", "  → {family_card} card");
pub const K_PAYMENT_FAMILY_FOOTER: Text = (" · {family_card} famiglia", " · {family_card} family");

/// What a codice fiscale says: "Nato il 05/05/2020 a ROMA (RM), maschio".
pub fn cf_says(lang: Lang, born: NaiveDate, place: Option<(&str, bool)>, sex: Sex) -> String {
    let date = born.format("%d/%m/%Y");
    let (it_born, it_sex, en_sex) = match sex {
        Sex::M => ("Nato", "maschio", "male"),
        Sex::F => ("Nata", "femmina", "female"),
    };
    match (lang, place) {
        (Lang::It, Some((name, foreign))) => {
            let prep = if foreign { "in" } else { "a" };
            format!("{it_born} il {date} {prep} {name}, {it_sex}")
        }
        (Lang::It, None) => format!("{it_born} il {date}, luogo sconosciuto, {it_sex}"),
        (Lang::En, Some((name, _))) => format!("Born on {date} in {name}, {en_sex}"),
        (Lang::En, None) => format!("Born on {date}, unknown place, {en_sex}"),
    }
}

/// A sent application's footer: it is read only, so only moving between steps and leaving.
pub const K_ENROL_READ_ONLY: Text = (
    "Sola lettura · PgGiù avanti · PgSu torna · Esc indietro",
    "Read only · PgDn next · PgUp back · Esc back",
);
