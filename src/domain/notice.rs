//! pagoPA notice numbers (numero avviso) and the QR payload (DOMAIN.md §4).
//!
//! 18 digits: the aux digit, then the 17 digits of the IUV. Aux 3 (new systems): `3` + segregation code
//! (2) + base (13) + check (2). Aux 0: `0` + application code (2) + base (13) + check (2). Aux 2: `2` +
//! base (15) + check (2). Aux 1 carries no check digits. Check digits: the first 16 digits as one number,
//! mod 93, written with two digits.

use serde::{Deserialize, Serialize};

use super::cf_ente::{CfEnte, CfEnteError};
use super::money::{Amount, AmountError};

/// Deserialised in `super::wire`, which checks it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "String")]
pub struct NoticeNumber(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoticeError {
    #[error("a notice number has 18 digits, found {0}")]
    Length(usize),
    #[error("only digits are allowed")]
    NotDigits,
    #[error("aux digit {0} does not exist (0 to 3)")]
    AuxDigit(u8),
    #[error("wrong check digits: expected {expected:02}")]
    Check { expected: u8 },
    #[error("segregation code must have two digits")]
    Segregation,
    #[error("the IUV base must have at most 13 digits")]
    Base,
}

/// The check digits of the first 16 digits.
pub fn check_digits(first16: &str) -> u8 {
    let n: u64 = first16.parse().expect("16 digits fit in u64");
    (n % 93) as u8
}

impl NoticeNumber {
    /// Validates any notice number (aux 0 to 3); spaces are ignored, so the grouped form is accepted.
    pub fn parse(input: &str) -> Result<NoticeNumber, NoticeError> {
        let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NoticeError::NotDigits);
        }
        if s.len() != 18 {
            return Err(NoticeError::Length(s.len()));
        }
        let aux = s.as_bytes()[0] - b'0';
        match aux {
            1 => {}
            0 | 2 | 3 => {
                let expected = check_digits(&s[..16]);
                let found: u8 = s[16..].parse().expect("digits");
                if found != expected {
                    return Err(NoticeError::Check { expected });
                }
            }
            other => return Err(NoticeError::AuxDigit(other)),
        }
        Ok(NoticeNumber(s))
    }

    /// A new aux-3 number from the ente's segregation code and a base below 10^13.
    pub fn aux3(segregation: u8, base: u64) -> Result<NoticeNumber, NoticeError> {
        if segregation > 99 {
            return Err(NoticeError::Segregation);
        }
        if base >= 10_000_000_000_000 {
            return Err(NoticeError::Base);
        }
        let first16 = format!("3{segregation:02}{base:013}");
        let check = check_digits(&first16);
        Ok(NoticeNumber(format!("{first16}{check:02}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn aux_digit(&self) -> u8 {
        self.0.as_bytes()[0] - b'0'
    }

    /// The IUV: the 17 digits after the aux digit.
    pub fn iuv(&self) -> &str {
        &self.0[1..]
    }

    /// `3020 3200 2700 0002 51`, as shown to people.
    pub fn grouped(&self) -> String {
        let mut out = String::with_capacity(22);
        for (i, c) in self.0.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                out.push(' ');
            }
            out.push(c);
        }
        out
    }
}

impl std::fmt::Display for NoticeNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Read as the text it is (printing, comparing, a path segment); building one goes through `parse`.
impl std::ops::Deref for NoticeNumber {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for NoticeNumber {
    fn eq(&self, o: &str) -> bool {
        **self == *o
    }
}

impl PartialEq<&str> for NoticeNumber {
    fn eq(&self, o: &&str) -> bool {
        **self == **o
    }
}

impl PartialEq<String> for NoticeNumber {
    fn eq(&self, o: &String) -> bool {
        **self == **o
    }
}

impl std::str::FromStr for NoticeNumber {
    type Err = NoticeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        NoticeNumber::parse(s)
    }
}

impl TryFrom<String> for NoticeNumber {
    type Error = NoticeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        NoticeNumber::parse(&s)
    }
}

impl From<NoticeNumber> for String {
    fn from(n: NoticeNumber) -> String {
        n.0
    }
}

/// What a pagoPA QR code carries: `PAGOPA|002|<notice number>|<CF ente>|<amount in cents>`, the
/// amount with at least 2 and at most 10 digits. Built once from its parts, which it keeps, so nobody
/// reads them back out of the text; on the wire it is the payload text itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct QrPayload {
    text: String,
    notice: NoticeNumber,
    ente: CfEnte,
    amount: Amount,
}

const QR_PREFIX: &str = "PAGOPA|002|";

/// Why a text is not a pagoPA QR payload.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QrPayloadError {
    #[error("a pagoPA payload reads PAGOPA|002|<notice number>|<CF ente>|<cents>")]
    Shape,
    #[error("notice number: {0}")]
    Notice(NoticeError),
    #[error("CF ente: {0}")]
    Ente(CfEnteError),
    #[error("amount: {0}")]
    Amount(AmountError),
}

impl QrPayload {
    /// Cannot fail: the amount's type already keeps it within what a QR carries.
    pub fn new(notice: NoticeNumber, ente: CfEnte, amount: Amount) -> QrPayload {
        let text = format!(
            "{QR_PREFIX}{}|{}|{:02}",
            notice.as_str(),
            ente.as_str(),
            amount.get()
        );
        QrPayload {
            text,
            notice,
            ente,
            amount,
        }
    }

    /// Reads a payload as `new` writes it (the ente's code by shape only: test environments use
    /// placeholders that fail its check digit).
    pub fn parse(text: &str) -> Result<QrPayload, QrPayloadError> {
        let rest = text.strip_prefix(QR_PREFIX).ok_or(QrPayloadError::Shape)?;
        let mut parts = rest.split('|');
        let (Some(notice), Some(ente), Some(cents), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(QrPayloadError::Shape);
        };
        if !(2..=10).contains(&cents.len()) || !cents.bytes().all(|b| b.is_ascii_digit()) {
            return Err(QrPayloadError::Shape);
        }
        let notice = NoticeNumber::parse(notice).map_err(QrPayloadError::Notice)?;
        let ente = CfEnte::parse(ente, false).map_err(QrPayloadError::Ente)?;
        let amount = Amount::new(cents.parse().map_err(|_| QrPayloadError::Shape)?)
            .map_err(QrPayloadError::Amount)?;
        let built = QrPayload::new(notice, ente, amount);
        // The parsers forgive spaces and the amount leading zeros; a payload is read exactly as written.
        if built.text != text {
            return Err(QrPayloadError::Shape);
        }
        Ok(built)
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn notice(&self) -> &NoticeNumber {
        &self.notice
    }

    pub fn ente(&self) -> &CfEnte {
        &self.ente
    }

    pub fn amount(&self) -> Amount {
        self.amount
    }
}

impl std::fmt::Display for QrPayload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// Read as the text it is (printing, comparing, a path segment); building one goes through `parse`.
impl std::ops::Deref for QrPayload {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl Serialize for QrPayload {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

/// Where a payment notice stands; the desk says it through `i18n::notice_state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoticeState {
    Pending,
    Paid,
    Cancelled,
    Expired,
}

impl NoticeState {
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeState::Pending => "pending",
            NoticeState::Paid => "paid",
            NoticeState::Cancelled => "cancelled",
            NoticeState::Expired => "expired",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(NoticeState::Pending),
            "paid" => Some(NoticeState::Paid),
            "cancelled" => Some(NoticeState::Cancelled),
            "expired" => Some(NoticeState::Expired),
            _ => None,
        }
    }
}

/// Why a receipt the pagoPA Node delivered was kept but not credited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptAnomaly {
    /// The receipt says the payment failed.
    OutcomeKo,
    /// For another ente's fiscal code.
    OtherEnte,
    /// No notice with that number was issued here.
    UnknownNotice,
    Cancelled,
    /// Past its due date, and the ente does not take late payments.
    Expired,
    /// The notice had already been paid: a second payment.
    AlreadyPaid,
    /// Paid a different amount from the notice's.
    AmountDiffers,
}

impl ReceiptAnomaly {
    pub fn as_str(self) -> &'static str {
        match self {
            ReceiptAnomaly::OutcomeKo => "outcome_ko",
            ReceiptAnomaly::OtherEnte => "other_ente",
            ReceiptAnomaly::UnknownNotice => "unknown_notice",
            ReceiptAnomaly::Cancelled => "cancelled",
            ReceiptAnomaly::Expired => "expired",
            ReceiptAnomaly::AlreadyPaid => "already_paid",
            ReceiptAnomaly::AmountDiffers => "amount_differs",
        }
    }

    pub fn parse(text: &str) -> Option<ReceiptAnomaly> {
        [
            ReceiptAnomaly::OutcomeKo,
            ReceiptAnomaly::OtherEnte,
            ReceiptAnomaly::UnknownNotice,
            ReceiptAnomaly::Cancelled,
            ReceiptAnomaly::Expired,
            ReceiptAnomaly::AlreadyPaid,
            ReceiptAnomaly::AmountDiffers,
        ]
        .into_iter()
        .find(|a| a.as_str() == text)
    }
}

/// The shape of a notice number on the wire (check digits are verified by `parse`).
pub const NUMBER_PATTERN: &str = "^[0-3][0-9]{17}$";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_example() {
        let n = NoticeNumber::parse("3020 3200 2700 0002 51").unwrap();
        assert_eq!(n.as_str(), "302032002700000251");
        assert_eq!(n.iuv(), "02032002700000251");
        assert_eq!(n.grouped(), "3020 3200 2700 0002 51");
        let ente = CfEnte::parse("03334231200", false).unwrap();
        let qr = |cents| QrPayload::new(n.clone(), ente.clone(), Amount::new(cents).unwrap());
        assert_eq!(
            qr(11).as_str(),
            "PAGOPA|002|302032002700000251|03334231200|11"
        );
        assert_eq!(
            qr(5).as_str(),
            "PAGOPA|002|302032002700000251|03334231200|05"
        );
        assert_eq!(qr(9_999_999_999).amount().get(), 9_999_999_999);
    }

    #[test]
    fn aux3_builds_valid_numbers() {
        let n = NoticeNumber::aux3(2, 320027000002).unwrap();
        assert_eq!(n.as_str(), "302032002700000251");
        for base in (0..10_000_000_000_000u64).step_by(123_456_789_011) {
            let n = NoticeNumber::aux3(47, base).unwrap();
            assert_eq!(NoticeNumber::parse(n.as_str()).unwrap(), n);
        }
        assert_eq!(NoticeNumber::aux3(100, 1), Err(NoticeError::Segregation));
        assert_eq!(
            NoticeNumber::aux3(1, 10_000_000_000_000),
            Err(NoticeError::Base)
        );
    }

    #[test]
    fn errors_say_what_is_wrong() {
        assert_eq!(
            NoticeNumber::parse("344012345678901200"),
            Err(NoticeError::Check { expected: 86 })
        );
        assert_eq!(
            NoticeNumber::parse("444012345678901200"),
            Err(NoticeError::AuxDigit(4))
        );
        assert_eq!(
            NoticeNumber::parse("14401234567890120"),
            Err(NoticeError::Length(17))
        );
        assert_eq!(
            NoticeNumber::parse("24401234567890120X"),
            Err(NoticeError::NotDigits)
        );
        assert!(NoticeNumber::parse("100000000000000001").is_ok());
    }
}
