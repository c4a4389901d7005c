//! Money is `i64` euro cents everywhere. Parsing accepts what Italian desk staff type; formatting follows
//! the Italian convention (`1.020,99 €`).

/// Why an amount was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("empty amount")]
    Empty,
    #[error("negative amount")]
    Negative,
    #[error("more than two decimals")]
    TooManyDecimals,
    #[error("not an amount")]
    Invalid,
    #[error("amount too large")]
    TooLarge,
    #[error("the amount must be above zero")]
    Zero,
}

/// The largest amount accepted: 10 digits of cents (the most a pagoPA QR carries).
pub const MAX_CENTS: i64 = 9_999_999_999;

/// Parses `12,50`, `12.50`, `12`, `1.020,99`, `1020,99`, `€ 5`, `5 €`, `5,5` (= 5,50).
///
/// A comma is always the decimal separator. Without a comma, a dot followed by exactly three digits is a
/// thousands separator (`1.020` = 1020,00, as Italians write it), otherwise it is the decimal point
/// (`12.50`, `10.5`). Thousands separators must be well placed (`1.02,00` is refused).
pub fn parse_amount(input: &str) -> Result<i64, MoneyError> {
    let s: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '€')
        .collect();
    let s = s
        .strip_prefix("EUR")
        .or_else(|| s.strip_suffix("EUR"))
        .unwrap_or(&s)
        .to_string();
    if s.is_empty() {
        return Err(MoneyError::Empty);
    }
    if s.starts_with('-') {
        return Err(MoneyError::Negative);
    }
    let s = s.strip_prefix('+').unwrap_or(&s);
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(MoneyError::Invalid);
    }
    let (int_part, dec_part) = match (s.matches(',').count(), s.rfind('.')) {
        (0, Some(pos)) => {
            let after = &s[pos + 1..];
            let dots = s.matches('.').count();
            if dots == 1 && after.len() != 3 {
                (&s[..pos], Some(after))
            } else {
                (s, None)
            }
        }
        (0, None) => (s, None),
        (1, _) => {
            let pos = s.find(',').expect("one comma");
            (&s[..pos], Some(&s[pos + 1..]))
        }
        _ => return Err(MoneyError::Invalid),
    };
    let digits = integer_digits(int_part)?;
    let cents = match dec_part {
        None => 0,
        Some("") => return Err(MoneyError::Invalid),
        Some(d) if !d.chars().all(|c| c.is_ascii_digit()) => return Err(MoneyError::Invalid),
        Some(d) if d.len() > 2 => return Err(MoneyError::TooManyDecimals),
        Some(d) if d.len() == 1 => d.parse::<i64>().map_err(|_| MoneyError::Invalid)? * 10,
        Some(d) => d.parse::<i64>().map_err(|_| MoneyError::Invalid)?,
    };
    let euros: i64 = if digits.is_empty() {
        0
    } else {
        digits.parse().map_err(|_| MoneyError::TooLarge)?
    };
    let total = euros
        .checked_mul(100)
        .and_then(|e| e.checked_add(cents))
        .ok_or(MoneyError::TooLarge)?;
    if total > MAX_CENTS {
        return Err(MoneyError::TooLarge);
    }
    Ok(total)
}

/// What a person typed as an amount to charge or pay: money as `parse_amount` reads it, above zero.
pub fn parse_payable(input: &str) -> Result<Amount, MoneyError> {
    let cents = parse_amount(input)?;
    Amount::new(cents).map_err(|e| match e {
        AmountError::NotPositive => MoneyError::Zero,
        AmountError::TooLarge => MoneyError::TooLarge,
    })
}

/// The integer part without its thousands dots, checking they sit every three digits.
fn integer_digits(s: &str) -> Result<String, MoneyError> {
    if !s.contains('.') {
        if s.is_empty() {
            return Ok(String::new());
        }
        return Ok(s.to_string());
    }
    let groups: Vec<&str> = s.split('.').collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    if first_ok && rest_ok {
        Ok(groups.concat())
    } else {
        Err(MoneyError::Invalid)
    }
}

/// A signed sum of cents: a balance, a charge, a total. On the wire the plain integer it always was.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(transparent)]
pub struct Cents(pub i64);

impl Cents {
    pub const ZERO: Cents = Cents(0);

    pub fn get(self) -> i64 {
        self.0
    }
}

impl From<i64> for Cents {
    fn from(c: i64) -> Self {
        Cents(c)
    }
}

impl From<Cents> for i64 {
    fn from(c: Cents) -> i64 {
        c.0
    }
}

impl From<Amount> for Cents {
    fn from(a: Amount) -> Self {
        Cents(a.0)
    }
}

impl std::ops::Add for Cents {
    type Output = Cents;
    fn add(self, o: Cents) -> Cents {
        Cents(self.0 + o.0)
    }
}

impl std::ops::Sub for Cents {
    type Output = Cents;
    fn sub(self, o: Cents) -> Cents {
        Cents(self.0 - o.0)
    }
}

impl std::ops::Neg for Cents {
    type Output = Cents;
    fn neg(self) -> Cents {
        Cents(-self.0)
    }
}

impl std::ops::AddAssign for Cents {
    fn add_assign(&mut self, o: Cents) {
        self.0 += o.0;
    }
}

impl std::iter::Sum for Cents {
    fn sum<I: Iterator<Item = Cents>>(iter: I) -> Cents {
        Cents(iter.map(|c| c.0).sum())
    }
}

impl PartialEq<i64> for Cents {
    fn eq(&self, o: &i64) -> bool {
        self.0 == *o
    }
}

impl PartialOrd<i64> for Cents {
    fn partial_cmp(&self, o: &i64) -> Option<std::cmp::Ordering> {
        self.0.partial_cmp(o)
    }
}

impl std::fmt::Display for Cents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Why a number of cents cannot be charged or paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("the amount must be above zero")]
    NotPositive,
    #[error("the amount has more than 10 digits of cents")]
    TooLarge,
}

/// What a request asks to charge or pay, and what a notice carries: above zero and at most
/// `MAX_CENTS`, so it always fits the QR payload. On the wire the plain integer of cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(into = "i64")]
pub struct Amount(i64);

impl Amount {
    pub fn new(cents: i64) -> Result<Amount, AmountError> {
        match cents {
            c if c <= 0 => Err(AmountError::NotPositive),
            c if c > MAX_CENTS => Err(AmountError::TooLarge),
            c => Ok(Amount(c)),
        }
    }

    pub fn get(self) -> i64 {
        self.0
    }

    pub fn cents(self) -> Cents {
        Cents(self.0)
    }
}

impl TryFrom<i64> for Amount {
    type Error = AmountError;
    fn try_from(c: i64) -> Result<Self, Self::Error> {
        Amount::new(c)
    }
}

impl From<Amount> for i64 {
    fn from(a: Amount) -> i64 {
        a.0
    }
}

impl std::fmt::Display for Amount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl PartialEq<i64> for Amount {
    fn eq(&self, o: &i64) -> bool {
        self.0 == *o
    }
}

impl PartialOrd<i64> for Amount {
    fn partial_cmp(&self, o: &i64) -> Option<std::cmp::Ordering> {
        self.0.partial_cmp(o)
    }
}

impl schemars::JsonSchema for Amount {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Amount".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "integer",
            "format": "int64",
            "minimum": 1,
            "maximum": MAX_CENTS,
            "description": "Euro cents to charge or pay: above zero, at most 10 digits (what a pagoPA QR carries)"
        })
    }
}

/// `1.020,99` (no symbol), as on the printed notice.
pub fn format_amount(cents: impl Into<i64>) -> String {
    let cents: i64 = cents.into();
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let euros = (abs / 100).to_string();
    let mut grouped = String::with_capacity(euros.len() + euros.len() / 3);
    for (i, c) in euros.chars().enumerate() {
        if i > 0 && (euros.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped},{:02}", abs % 100)
}

/// `1.020,99 €`.
pub fn format_eur(cents: impl Into<i64>) -> String {
    format!("{} €", format_amount(cents))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_staff_type() {
        for (input, cents) in [
            ("12,50", 1250),
            ("12.50", 1250),
            ("12", 1200),
            ("1.020,99", 102_099),
            ("1020,99", 102_099),
            ("€ 5", 500),
            ("5 €", 500),
            ("5,5", 550),
            ("0,11", 11),
            ("1.020", 102_000),
            ("10.5", 1050),
            ("1.000.000", 100_000_000),
            (" 20 ", 2000),
            (",50", 50),
        ] {
            assert_eq!(parse_amount(input), Ok(cents), "{input}");
        }
    }

    #[test]
    fn refuses_the_rest() {
        assert_eq!(parse_amount(""), Err(MoneyError::Empty));
        assert_eq!(parse_amount("  "), Err(MoneyError::Empty));
        assert_eq!(parse_amount("-5"), Err(MoneyError::Negative));
        assert_eq!(parse_amount("1,234"), Err(MoneyError::TooManyDecimals));
        assert_eq!(parse_amount("12.345,678"), Err(MoneyError::TooManyDecimals));
        for bad in [
            "abc", "1,2,3", "12a", "1.02,00", "12,", "1..2", "12.34.5", "5$",
        ] {
            assert!(parse_amount(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_amount("99999999999999999999"),
            Err(MoneyError::TooLarge)
        );
        assert_eq!(parse_amount("100000000"), Err(MoneyError::TooLarge));
    }

    #[test]
    fn formats_italian() {
        assert_eq!(format_eur(102_099), "1.020,99 €");
        assert_eq!(format_eur(-500), "-5,00 €");
        assert_eq!(format_eur(11), "0,11 €");
        assert_eq!(format_amount(100_000_000), "1.000.000,00");
        assert_eq!(format_amount(0), "0,00");
    }

    #[test]
    fn format_then_parse_round_trips() {
        for cents in (0..2_000_000).step_by(997).chain([MAX_CENTS]) {
            assert_eq!(parse_amount(&format_amount(cents)), Ok(cents));
            assert_eq!(parse_amount(&format_eur(cents)), Ok(cents));
        }
    }
}
