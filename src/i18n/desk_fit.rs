//! The desk's top-up screen and the messages made to fit 80 columns (issue 15): (Italian, English).

pub use super::Text;

pub const TOPUP_NO_CHILDREN: Text = (
    "Questo genitore non ha figli registrati: niente da ricaricare. Per un nuovo alunno, dalla scheda: I iscrizione.",
    "This parent has no registered child: nothing to top up. For a new pupil, from the card: I enrol.",
);
pub const TOPUP_NO_WALLET: Text = (
    "Nessun servizio a credito (refezione, trasporto) per i figli di questo genitore: niente da ricaricare.",
    "No prepaid service (canteen, bus) for this parent's children: nothing to top up.",
);
pub const TOPUP_DIGITS_ONLY: Text = (
    "Nell'importo solo cifre e la virgola (es. 12,50).",
    "Digits and the decimal comma only in the amount (e.g. 12,50).",
);
/// After a debt raised to the smallest top-up allowed: `{min}`, `{debt}`.
pub const TOPUP_RAISED: Text = (
    "importo minimo di ricarica {min} (debito {debt})",
    "smallest top-up {min} (debt {debt})",
);
pub const K_TOPUP_EMPTY: Text = ("Esc indietro", "Esc back");
/// The other parent's screen for an operator: linking read-only is all they can do there.
pub const K_LINK_OPERATOR: Text = (
    "Invio collega in sola lettura · Esc indietro",
    "Enter link read-only · Esc back",
);
