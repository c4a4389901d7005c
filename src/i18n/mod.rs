//! Every user-facing string, per language. Italian is the default; English is available.
//!
//! Each submodule holds the strings of one area, both languages side by side, so that a
//! translator sees the pair and a missing translation is a compile error (exhaustive match).

use serde::{Deserialize, Serialize};

/// A message in Italian and in English, side by side.
pub type Text = (&'static str, &'static str);

/// The same, made with values.
pub type Pair = (String, String);

/// The language of the person reading the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    It,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "it" | "ita" | "italiano" => Some(Lang::It),
            "en" | "eng" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    /// The text of an (Italian, English) pair made with values.
    pub fn pair(self, (it, en): Pair) -> String {
        match self {
            Lang::It => it,
            Lang::En => en,
        }
    }

    /// The text of an (Italian, English) pair.
    pub fn t(self, pair: (&'static str, &'static str)) -> &'static str {
        self.pick(pair.0, pair.1)
    }

    /// Picks between the Italian and the English text.
    pub fn pick<'a>(self, it: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::It => it,
            Lang::En => en,
        }
    }
}

/// Something that can explain itself to a person in their language.
pub trait Localized {
    fn localized(&self, lang: Lang) -> String;
}

pub mod card_edges;
pub mod cf;
pub mod cli;
pub mod cli_review;
pub mod config;
pub mod desk_fit;
pub mod enrolment;
pub mod errors;
pub mod family_review;
pub mod files;
pub mod history;
pub mod kiosk;
pub mod meals;
pub mod pagopa_pay;
pub mod payments;
pub mod reconciliation;
pub mod review;
pub mod review_desk;
pub mod second_parent;
pub mod service_words;
pub mod session;
pub mod staff;
pub mod tui;

use crate::domain::notice::NoticeState;

/// How a receipt was paid, in words (`ReceiptInfo::channel`): the Node's own receipt, a pagoPA
/// receipt typed in at the desk, or cash at the office.
pub fn receipt_channel(lang: Lang, channel: &str) -> String {
    match channel {
        "nodo" => "pagoPA".into(),
        "pagopa" => lang
            .pick(
                "pagoPA, registrato allo sportello",
                "pagoPA, recorded at the desk",
            )
            .into(),
        "cash" => lang.pick("contanti", "cash").into(),
        other => other.into(),
    }
}

/// The state of a payment notice, as the desk says it.
pub fn notice_state(lang: Lang, state: NoticeState) -> &'static str {
    match state {
        NoticeState::Pending => lang.pick("da pagare", "to pay"),
        NoticeState::Paid => lang.pick("pagato", "paid"),
        NoticeState::Cancelled => lang.pick("annullato", "cancelled"),
        NoticeState::Expired => lang.pick("scaduto", "expired"),
    }
}
