//! The domain's values read from the wire: a codice fiscale, a notice number, an amount or a QR
//! payload that breaks its rule is refused while the JSON is read, so no wrong value travels further.
//!
//! serde carries a refusal as text only. The typed reason is also kept, for this thread, so the
//! central API can say it in both languages and name the field (`take_refusal`); a reader that does
//! not ask loses nothing but the translation.

use std::cell::RefCell;

use serde::{Deserialize, Deserializer};

use super::codice_fiscale::{CF_PATTERN, CfError, CodiceFiscale};
use super::money::{Amount, AmountError};
use super::notice::{NUMBER_PATTERN, NoticeError, NoticeNumber, QrPayload, QrPayloadError};

/// Why a value was refused while reading.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("{0}")]
    Cf(CfError),
    #[error("{0}")]
    Notice(NoticeError),
    #[error("{0}")]
    Amount(AmountError),
    #[error("{0}")]
    Qr(QrPayloadError),
}

thread_local! {
    static LAST: RefCell<Option<Refusal>> = const { RefCell::new(None) };
}

/// The last value refused on this thread, forgotten once taken. Take it before reading (to clear)
/// and after a failed read.
pub fn take_refusal() -> Option<Refusal> {
    LAST.with(|l| l.borrow_mut().take())
}

fn refuse<E: serde::de::Error>(r: Refusal) -> E {
    let e = E::custom(&r);
    LAST.with(|l| *l.borrow_mut() = Some(r));
    e
}

impl<'de> Deserialize<'de> for CodiceFiscale {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        CodiceFiscale::parse(&text).map_err(|e| refuse(Refusal::Cf(e)))
    }
}

impl<'de> Deserialize<'de> for NoticeNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        NoticeNumber::parse(&text).map_err(|e| refuse(Refusal::Notice(e)))
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let cents = i64::deserialize(d)?;
        Amount::new(cents).map_err(|e| refuse(Refusal::Amount(e)))
    }
}

impl<'de> Deserialize<'de> for QrPayload {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        QrPayload::parse(&text).map_err(|e| refuse(Refusal::Qr(e)))
    }
}

/// The wire form of a payload: its exact text (checked when read).
impl schemars::JsonSchema for QrPayload {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "QrPayload".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": QR_PATTERN,
            "description": "pagoPA QR payload: PAGOPA|002|notice number|CF ente|amount in cents"
        })
    }
}

/// The shape of a QR payload on the wire.
pub const QR_PATTERN: &str = r"^PAGOPA\|002\|[0-3][0-9]{17}\|[0-9]{11}\|[0-9]{2,10}$";

impl schemars::JsonSchema for CodiceFiscale {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CodiceFiscale".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": CF_PATTERN,
            "description": "Codice fiscale, 16 characters, omocode letters allowed; the check character is verified"
        })
    }
}

impl schemars::JsonSchema for NoticeNumber {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "NoticeNumber".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": NUMBER_PATTERN,
            "description": "pagoPA notice number: aux digit and IUV, 18 digits; check digits are verified"
        })
    }
}
