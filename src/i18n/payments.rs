//! Messages about money, notice numbers and the ente fiscal code.

use super::{Lang, Localized, Text};
use crate::domain::cf_ente::CfEnteError;
use crate::domain::money::{AmountError, MoneyError};
use crate::domain::notice::{NoticeError, QrPayloadError};
use crate::domain::wire::Refusal;

impl Localized for MoneyError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            MoneyError::Empty => lang
                .pick(
                    "Importo mancante: scriverlo, ad esempio 20,00.",
                    "Amount missing: type it, e.g. 20,00.",
                )
                .into(),
            MoneyError::Negative => lang
                .pick(
                    "L'importo non può essere negativo.",
                    "The amount cannot be negative.",
                )
                .into(),
            MoneyError::TooManyDecimals => lang
                .pick(
                    "Importo non valido: al massimo due decimali (es. 12,50).",
                    "Amount not valid: at most two decimals (e.g. 12,50).",
                )
                .into(),
            MoneyError::Invalid => lang
                .pick(
                    "Importo non valido: scrivere ad esempio 12,50 oppure 1.020,00.",
                    "Amount not valid: type e.g. 12,50 or 1.020,00.",
                )
                .into(),
            MoneyError::TooLarge => lang
                .pick("Importo troppo grande.", "Amount too large.")
                .into(),
            MoneyError::Zero => AmountError::NotPositive.localized(lang),
        }
    }
}

impl Localized for CfEnteError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            CfEnteError::Length(n) => match lang {
                Lang::It => format!("Il codice fiscale dell'ente ha 11 cifre, qui ce ne sono {n}."),
                Lang::En => {
                    format!("The organisation's fiscal code has 11 digits, here there are {n}.")
                }
            },
            CfEnteError::NotDigits => lang
                .pick(
                    "Il codice fiscale dell'ente contiene solo cifre.",
                    "The organisation's fiscal code has digits only.",
                )
                .into(),
            CfEnteError::Check { expected } => match lang {
                Lang::It => format!(
                    "Cifra di controllo errata (attesa {expected}): ricontrollare il codice."
                ),
                Lang::En => {
                    format!("Wrong check digit (expected {expected}): check the code again.")
                }
            },
        }
    }
}

impl Localized for NoticeError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            NoticeError::Length(n) => match lang {
                Lang::It => format!(
                    "Il numero avviso ha 18 cifre, qui ce ne sono {n}: ricontrollarlo sull'avviso."
                ),
                Lang::En => format!(
                    "A notice number has 18 digits, here there are {n}: check it on the notice."
                ),
            },
            NoticeError::NotDigits => lang
                .pick(
                    "Il numero avviso contiene solo cifre.",
                    "A notice number has digits only.",
                )
                .into(),
            NoticeError::AuxDigit(d) => match lang {
                Lang::It => {
                    format!("Un numero avviso non può iniziare con {d} (solo 0, 1, 2 o 3).")
                }
                Lang::En => format!("A notice number cannot start with {d} (only 0, 1, 2 or 3)."),
            },
            NoticeError::Check { expected } => match lang {
                Lang::It => format!(
                    "Cifre di controllo errate (le ultime due dovrebbero essere {expected:02}): probabilmente una cifra è stata copiata male."
                ),
                Lang::En => format!(
                    "Wrong check digits (the last two should be {expected:02}): probably a digit was copied wrong."
                ),
            },
            NoticeError::Segregation => lang
                .pick(
                    "Codice di segregazione non valido (due cifre).",
                    "Segregation code not valid (two digits).",
                )
                .into(),
            NoticeError::Base => lang
                .pick("Base IUV troppo lunga.", "IUV base too long.")
                .into(),
        }
    }
}

impl Localized for AmountError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            AmountError::NotPositive => lang.pick(
                "L'importo deve essere maggiore di zero.",
                "The amount must be above zero.",
            ),
            AmountError::TooLarge => lang.pick(
                "Importo troppo grande: al massimo 10 cifre di centesimi (99.999.999,99).",
                "Amount too large: at most 10 digits of cents (99.999.999,99).",
            ),
        }
        .into()
    }
}

impl Localized for QrPayloadError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            QrPayloadError::Shape => lang
                .pick(
                    "Contenuto del QR pagoPA non valido: PAGOPA|002|numero avviso|CF ente|centesimi.",
                    "Not a pagoPA QR payload: PAGOPA|002|notice number|CF ente|cents.",
                )
                .into(),
            QrPayloadError::Notice(e) => e.localized(lang),
            QrPayloadError::Ente(e) => e.localized(lang),
            QrPayloadError::Amount(e) => e.localized(lang),
        }
    }
}

impl Localized for Refusal {
    fn localized(&self, lang: Lang) -> String {
        match self {
            Refusal::Cf(e) => e.localized(lang),
            Refusal::Notice(e) => e.localized(lang),
            Refusal::Amount(e) => e.localized(lang),
            Refusal::Qr(e) => e.localized(lang),
        }
    }
}

/// The stamp across a notice that can no longer be paid, in place of its QR code and payment data.
pub const NOTICE_PAID: Text = ("PAGATO", "PAID");
pub const NOTICE_CANCELLED: Text = ("ANNULLATO", "CANCELLED");
/// "Pagato il {date} · ricevuta {receipt} ({channel})".
pub const NOTICE_PAID_ON: Text = ("Pagato il", "Paid on");
pub const NOTICE_RECEIPT: Text = ("ricevuta", "receipt");
pub const NOTICE_CANCELLED_ON: Text = ("Annullato il", "Cancelled on");
pub const NOTICE_REASON: Text = ("Motivo", "Reason");
pub const NOTICE_NOT_PAYABLE: Text = (
    "Questo avviso non è più pagabile: non usare il codice avviso.",
    "This notice can no longer be paid: do not use its notice code.",
);

/// Why a receipt from pagoPA was not credited, in a few words.
pub fn anomaly(kind: crate::domain::notice::ReceiptAnomaly) -> Text {
    use crate::domain::notice::ReceiptAnomaly as A;
    match kind {
        A::OutcomeKo => ("pagamento non riuscito", "payment failed"),
        A::OtherEnte => ("per un altro ente", "for another ente"),
        A::UnknownNotice => ("avviso sconosciuto", "unknown notice"),
        A::Cancelled => ("avviso annullato", "notice cancelled"),
        A::Expired => ("avviso scaduto", "notice past due"),
        A::AlreadyPaid => ("avviso già pagato", "notice already paid"),
        A::AmountDiffers => ("importo diverso", "different amount"),
    }
}

/// How a supervisor settled an anomaly (`credited` or `refund`).
pub fn settled(outcome: &str) -> Text {
    match outcome {
        "credited" => ("accreditata", "credited"),
        _ => ("da rimborsare", "to refund"),
    }
}
