//! The station's requests checked against `paForNode.xsd` in code: element order and counts (the
//! schema's sequences), required elements, lengths, patterns and enumerations. Only the request
//! elements the station takes are described; the tests hold xmllint to the same verdicts on samples.
//!
//! Children are unqualified (the schema sets no `elementFormDefault`); text of string types is
//! measured as sent, text of numbers, dates and booleans with the white space XML Schema collapses.

use super::xml::Element;

/// One element of a sequence: name, type, occurrences.
pub struct Field {
    pub name: &'static str,
    pub ty: Ty,
    pub min: u32,
    pub max: u32,
}

/// A place in a sequence: one element, or a choice of exactly one of several.
pub enum Particle {
    One(Field),
    Choice(&'static [Field]),
}

pub enum Ty {
    /// `xsd:string`, with `minLength`/`maxLength` in characters.
    Text {
        min: usize,
        max: usize,
    },
    /// Exactly `n` ASCII digits (notice numbers, fiscal codes).
    Digits(usize),
    /// `\d+\.\d{2}`, at most 999999999.99; `not_zero`: at least 0.01.
    Amount {
        not_zero: bool,
    },
    Date,
    DateTime,
    Boolean,
    Enum(&'static [&'static str]),
    /// `stIdTransfer`: an `xsd:int` from 1 to 5.
    IdTransfer,
    Email,
    /// Two capital letters (`stNazioneProvincia`).
    Country,
    Base64,
    Complex(&'static [Particle]),
}

const fn one(name: &'static str, ty: Ty) -> Particle {
    Particle::One(Field {
        name,
        ty,
        min: 1,
        max: 1,
    })
}
const fn opt(name: &'static str, ty: Ty) -> Particle {
    Particle::One(Field {
        name,
        ty,
        min: 0,
        max: 1,
    })
}
const fn text(max: usize) -> Ty {
    Ty::Text { min: 1, max }
}

const MAP_ENTRY: &[Particle] = &[one("key", text(140)), one("value", text(140))];
const METADATA: Ty = Ty::Complex(&[Particle::One(Field {
    name: "mapEntry",
    ty: Ty::Complex(MAP_ENTRY),
    min: 1,
    max: 15,
})]);
const QR_CODE: &[Particle] = &[
    one("fiscalCode", Ty::Digits(11)),
    one("noticeNumber", Ty::Digits(18)),
];
const UNIQUE_IDENTIFIER: &[Particle] = &[
    one("entityUniqueIdentifierType", Ty::Enum(&["F", "G"])),
    one("entityUniqueIdentifierValue", Ty::Text { min: 2, max: 16 }),
];
const SUBJECT: &[Particle] = &[
    one("uniqueIdentifier", Ty::Complex(UNIQUE_IDENTIFIER)),
    one("fullName", text(70)),
    opt("streetName", text(70)),
    opt("civicNumber", text(16)),
    opt("postalCode", text(16)),
    opt("city", text(35)),
    opt("stateProvinceRegion", text(35)),
    opt("country", Ty::Country),
    opt("e-mail", Ty::Email),
];
/// Every request opens with the station's identity.
pub const IDENTITY: &[Particle] = &[
    one("idPA", text(35)),
    one("idBrokerPA", text(35)),
    one("idStation", text(35)),
];

const TRANSFER_V1: &[Particle] = &[
    one("idTransfer", Ty::IdTransfer),
    one("transferAmount", Ty::Amount { not_zero: true }),
    one("fiscalCodePA", Ty::Digits(11)),
    one("IBAN", text(35)),
    one("remittanceInformation", text(140)),
    one("transferCategory", text(140)),
    opt("metadata", METADATA),
];
const TRANSFER_RECEIPT_V2: &[Particle] = &[
    one("idTransfer", Ty::IdTransfer),
    one("transferAmount", Ty::Amount { not_zero: true }),
    one("fiscalCodePA", Ty::Digits(11)),
    opt("companyName", text(140)),
    Particle::Choice(&[
        Field {
            name: "IBAN",
            ty: text(35),
            min: 1,
            max: 1,
        },
        Field {
            name: "MBDAttachment",
            ty: Ty::Base64,
            min: 1,
            max: 1,
        },
    ]),
    one("remittanceInformation", text(140)),
    one("transferCategory", text(140)),
    opt("metadata", METADATA),
];
const TRANSFER_LIST_V1: Ty = Ty::Complex(&[Particle::One(Field {
    name: "transfer",
    ty: Ty::Complex(TRANSFER_V1),
    min: 1,
    max: 5,
})]);
const TRANSFER_LIST_RECEIPT_V2: Ty = Ty::Complex(&[Particle::One(Field {
    name: "transfer",
    ty: Ty::Complex(TRANSFER_RECEIPT_V2),
    min: 1,
    max: 5,
})]);

/// `ctReceipt` and `ctReceiptV2`: the same but for the transfers and what V2 adds.
macro_rules! receipt_fields {
    ($transfers:expr, [$($v2_note:expr),*], [$($v2_fees:expr),*]) => {
        &[
            one("receiptId", Ty::Text { min: 0, max: usize::MAX }),
            one("noticeNumber", Ty::Digits(18)),
            one("fiscalCode", Ty::Digits(11)),
            one("outcome", Ty::Enum(&["OK", "KO"])),
            one("creditorReferenceId", text(35)),
            one("paymentAmount", Ty::Amount { not_zero: false }),
            one("description", text(140)),
            one("companyName", text(140)),
            opt("officeName", text(140)),
            one("debtor", Ty::Complex(SUBJECT)),
            one("transferList", $transfers),
            one("idPSP", text(35)),
            opt("pspFiscalCode", text(70)),
            opt("pspPartitaIVA", text(20)),
            one("PSPCompanyName", text(70)),
            one("idChannel", text(35)),
            one("channelDescription", text(35)),
            opt("payer", Ty::Complex(SUBJECT)),
            opt("paymentMethod", text(35)),
            $($v2_note,)*
            opt("fee", Ty::Amount { not_zero: false }),
            $($v2_fees,)*
            opt("paymentDateTime", Ty::DateTime),
            opt("applicationDate", Ty::Date),
            opt("transferDate", Ty::Date),
            opt("metadata", METADATA),
            opt("standIn", Ty::Boolean),
        ]
    };
}
const RECEIPT_V1: &[Particle] = receipt_fields!(TRANSFER_LIST_V1, [], []);
const RECEIPT_V2: &[Particle] = receipt_fields!(
    TRANSFER_LIST_RECEIPT_V2,
    [opt("paymentNote", text(210))],
    [
        opt("primaryCiIncurredFee", Ty::Amount { not_zero: false }),
        opt("idBundle", text(70)),
        opt("idCiBundle", text(70))
    ]
);

/// What follows the identity in each request the station takes.
pub const VERIFY: &[Particle] = &[one("qrCode", Ty::Complex(QR_CODE))];
/// `paGetPaymentReq` and `paGetPaymentV2Request` are the same sequence.
pub const GET_PAYMENT: &[Particle] = &[
    one("qrCode", Ty::Complex(QR_CODE)),
    opt("amount", Ty::Amount { not_zero: false }),
    opt("paymentNote", text(210)),
    opt("transferType", Ty::Enum(&["POSTAL", "PAGOPA"])),
    opt("dueDate", Ty::Date),
];
pub const SEND_RT: &[Particle] = &[one("receipt", Ty::Complex(RECEIPT_V1))];
pub const SEND_RT_V2: &[Particle] = &[one("receipt", Ty::Complex(RECEIPT_V2))];
pub const DEMAND: &[Particle] = &[
    one("idServizio", Ty::Text { min: 5, max: 5 }),
    one("idSoggettoServizio", Ty::Text { min: 5, max: 5 }),
    one("datiSpecificiServizioRequest", Ty::Base64),
];

/// What follows the identity in the request element `name`, for the requests the station takes.
pub fn request(name: &str) -> Option<&'static [Particle]> {
    Some(match name {
        "paVerifyPaymentNoticeReq" => VERIFY,
        "paGetPaymentReq" | "paGetPaymentV2Request" => GET_PAYMENT,
        "paSendRTReq" => SEND_RT,
        "paSendRTV2Request" => SEND_RT_V2,
        "paDemandPaymentNoticeRequest" => DEMAND,
        _ => return None,
    })
}

/// A whole request element checked: its identity, then its own sequence.
pub fn check_request(element: &Element) -> Result<(), Violation> {
    match request(&element.name) {
        Some(parts) => check(element, &[IDENTITY, parts]),
        None => Err(violation(&element.name, "not a request the station takes")),
    }
}

/// Where a request breaks the schema, and how (English: it goes to the Node's fault description).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub path: String,
    pub problem: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.problem)
    }
}

/// Checks `element`'s children against the sequences `parts` (one after the other).
pub fn check(element: &Element, parts: &[&[Particle]]) -> Result<(), Violation> {
    check_complex(element, &element.name, parts)
}

fn check_complex(element: &Element, path: &str, parts: &[&[Particle]]) -> Result<(), Violation> {
    if !element.text.trim().is_empty() {
        return Err(violation(path, "text is not allowed here"));
    }
    let mut children = element.children.iter().peekable();
    for particle in parts.iter().flat_map(|p| p.iter()) {
        let fields: &[Field] = match particle {
            Particle::One(f) => std::slice::from_ref(f),
            Particle::Choice(options) => options,
        };
        let mut count = 0u32;
        let mut taken: Option<&Field> = None;
        while let Some(child) = children.peek() {
            let Some(field) = fields.iter().find(|f| f.name == child.name) else {
                break;
            };
            if taken.is_some_and(|t| t.name != field.name) {
                break;
            }
            let child_path = format!("{path}/{}", child.name);
            if child.namespace.is_some() {
                return Err(violation(&child_path, "must not be namespace-qualified"));
            }
            count += 1;
            if count > field.max {
                return Err(violation(
                    &child_path,
                    &format!("at most {} allowed", field.max),
                ));
            }
            check_value(child, &child_path, &field.ty)?;
            taken = Some(field);
            children.next();
        }
        let min = taken.map_or_else(
            || fields.iter().map(|f| f.min).min().unwrap_or(0),
            |f| f.min,
        );
        if count < min {
            let names: Vec<&str> = fields.iter().map(|f| f.name).collect();
            return Err(violation(&format!("{path}/{}", names.join("|")), "missing"));
        }
    }
    match children.next() {
        Some(extra) => Err(violation(
            &format!("{path}/{}", extra.name),
            "not expected here",
        )),
        None => Ok(()),
    }
}

fn check_value(element: &Element, path: &str, ty: &Ty) -> Result<(), Violation> {
    if let Ty::Complex(parts) = ty {
        return check_complex(element, path, &[parts]);
    }
    if !element.children.is_empty() {
        return Err(violation(path, "elements are not allowed here"));
    }
    let raw = element.text.as_str();
    // Numbers, dates, booleans and enumerations of tokens collapse surrounding white space.
    let collapsed = raw.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r'));
    let ok = match ty {
        Ty::Text { min, max } => (*min..=*max).contains(&raw.chars().count()),
        Ty::Digits(n) => raw.len() == *n && raw.bytes().all(|b| b.is_ascii_digit()),
        Ty::Amount { not_zero } => is_amount(collapsed, *not_zero),
        Ty::Date => is_date(collapsed),
        Ty::DateTime => is_date_time(collapsed),
        Ty::Boolean => matches!(collapsed, "true" | "false" | "1" | "0"),
        Ty::Enum(values) => values.contains(&raw),
        Ty::IdTransfer => collapsed.parse::<i32>().is_ok_and(|n| (1..=5).contains(&n)),
        Ty::Email => is_email(raw),
        Ty::Country => raw.len() == 2 && raw.bytes().all(|b| b.is_ascii_uppercase()),
        Ty::Base64 => is_base64(collapsed),
        Ty::Complex(_) => unreachable!("handled above"),
    };
    if ok {
        Ok(())
    } else {
        Err(violation(path, &describe(ty)))
    }
}

fn describe(ty: &Ty) -> String {
    match ty {
        Ty::Text { min, max } if *max == usize::MAX => format!("at least {min} characters"),
        Ty::Text { min, max } => format!("{min} to {max} characters"),
        Ty::Digits(n) => format!("{n} digits"),
        Ty::Amount { not_zero: true } => "an amount like 10.00, at least 0.01".into(),
        Ty::Amount { not_zero: false } => "an amount like 10.00".into(),
        Ty::Date => "a date YYYY-MM-DD".into(),
        Ty::DateTime => "a date and time YYYY-MM-DDThh:mm:ss".into(),
        Ty::Boolean => "true or false".into(),
        Ty::Enum(values) => format!("one of {}", values.join(", ")),
        Ty::IdTransfer => "1 to 5".into(),
        Ty::Email => "an e-mail address".into(),
        Ty::Country => "two capital letters".into(),
        Ty::Base64 => "base64".into(),
        Ty::Complex(_) => "elements".into(),
    }
}

fn violation(path: &str, problem: &str) -> Violation {
    Violation {
        path: path.to_string(),
        problem: problem.to_string(),
    }
}

/// `\d+\.\d{2}` up to 999999999.99.
fn is_amount(text: &str, not_zero: bool) -> bool {
    let Some((units, cents)) = text.split_once('.') else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(units) || cents.len() != 2 || !digits(cents) {
        return false;
    }
    let units = units.trim_start_matches('0');
    if units.len() > 9 {
        return false;
    }
    !not_zero || units.parse::<u64>().unwrap_or(0) > 0 || cents != "00"
}

/// `xsd:date`: a day, with an optional time zone.
fn is_date(text: &str) -> bool {
    let (day, _) = split_zone(text, 10);
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok()
        && day.len() == 10
        && zone_ok(&text[day.len()..])
}

/// `xsd:dateTime`: seconds required, fractions and a time zone optional.
fn is_date_time(text: &str) -> bool {
    let (moment, _) = split_zone(text, 19);
    moment.len() >= 19
        && chrono::NaiveDateTime::parse_from_str(moment, "%Y-%m-%dT%H:%M:%S%.f").is_ok()
        && zone_ok(&text[moment.len()..])
}

fn split_zone(text: &str, at_least: usize) -> (&str, &str) {
    let cut = text
        .char_indices()
        .skip(at_least)
        .find(|(_, c)| matches!(c, 'Z' | '+' | '-'))
        .map_or(text.len(), |(i, _)| i);
    text.split_at(cut)
}

fn zone_ok(zone: &str) -> bool {
    if zone.is_empty() || zone == "Z" {
        return true;
    }
    let b = zone.as_bytes();
    b.len() == 6
        && matches!(b[0], b'+' | b'-')
        && b[1..3].iter().all(u8::is_ascii_digit)
        && b[3] == b':'
        && b[4..6].iter().all(u8::is_ascii_digit)
        && zone[1..3].parse::<u8>().is_ok_and(|h| h <= 14)
}

/// `stEMail`: `[a-zA-Z0-9_\.\+\-]+@[a-zA-Z0-9\-]+(\.[a-zA-Z0-9\-]+)*`, at most 256.
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_.+-".contains(&b));
    let domain_ok = domain.split('.').all(|label| {
        !label.is_empty()
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    });
    text.len() <= 256 && local_ok && domain_ok
}

fn is_base64(text: &str) -> bool {
    use base64::Engine as _;
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact)
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_dates_and_emails_follow_the_schema_patterns() {
        assert!(
            is_amount("10.00", true) && is_amount("0.01", true) && is_amount("999999999.99", true)
        );
        assert!(!is_amount("0.00", true) && is_amount("0.00", false));
        assert!(
            !is_amount("10.5", false)
                && !is_amount("10", false)
                && !is_amount("1000000000.00", false)
        );
        assert!(!is_amount("-1.00", false) && !is_amount("1,00", false));
        assert!(is_date("2026-12-02") && is_date("2026-12-02Z") && is_date("2026-12-02+01:00"));
        assert!(!is_date("2026-13-02") && !is_date("02/12/2026") && !is_date("2026-12-2"));
        assert!(
            is_date_time("2026-12-02T10:15:30") && is_date_time("2026-12-02T10:15:30.123+01:00")
        );
        assert!(!is_date_time("2026-12-02T10:15") && !is_date_time("2026-12-02 10:15:30"));
        assert!(is_email("a.b+c@comune.example.it") && !is_email("a@b..it") && !is_email("à@b.it"));
    }
}
