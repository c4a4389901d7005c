//! Amounts as the pagoPA schemas write them: euros, a dot, exactly two decimals (`20.00`; the common
//! types' pattern `\d+\.\d{2}`). Inside sportello money stays integer cents.

/// `2000` → `20.00`. Negative amounts do not exist in these messages.
pub fn to_xsd(cents: i64) -> String {
    let cents = cents.max(0);
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// `20.00` → `2000`; anything the schema would refuse (`20`, `10.5`, `1,00`, `-1.00`) is `None`.
pub fn from_xsd(text: &str) -> Option<i64> {
    let (euros, decimals) = text.trim().split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(euros) || decimals.len() != 2 || !digits(decimals) || euros.len() > 9 {
        return None;
    }
    Some(euros.parse::<i64>().ok()? * 100 + decimals.parse::<i64>().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_what_the_schema_refuses() {
        for cents in [1, 99, 100, 2000, 99_999_999_999] {
            assert_eq!(from_xsd(&to_xsd(cents)), Some(cents));
        }
        assert_eq!(to_xsd(2005), "20.05");
        for bad in ["20", "10.5", "1,00", "-1.00", ".50", "1.001", "1e2.00", ""] {
            assert_eq!(from_xsd(bad), None, "{bad}");
        }
    }
}
