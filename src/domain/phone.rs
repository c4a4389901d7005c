//! Telephone numbers as a desk writes them down: Italian mobiles (3xx) and landlines (0x), with or
//! without +39, or a foreign number with its country code. Spaces, dots, dashes, slashes and brackets
//! are how people group digits and are dropped; letters are a mistake.

/// Why a number is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("only digits, spaces and a leading + are allowed")]
    NotDigits,
    #[error("an Italian number starts with 0 (landline) or 3 (mobile) and has 6 to 11 digits")]
    Italian,
    #[error("an international number has 7 to 15 digits after the +")]
    International,
}

/// The number in one compact form: `3331234567`, `0612345678`, `+41791234567` (+39 dropped).
pub fn normalise(typed: &str) -> Result<String, PhoneError> {
    let compact: String = typed
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '/' | '(' | ')'))
        .collect();
    let (international, digits) = if let Some(rest) = compact.strip_prefix('+') {
        (true, rest)
    } else if let Some(rest) = compact.strip_prefix("00") {
        (true, rest)
    } else {
        (false, compact.as_str())
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PhoneError::NotDigits);
    }
    let national = match digits.strip_prefix("39") {
        Some(rest) if international => rest,
        _ if international => {
            return if (7..=15).contains(&digits.len()) {
                Ok(format!("+{digits}"))
            } else {
                Err(PhoneError::International)
            };
        }
        _ => digits,
    };
    if (6..=11).contains(&national.len())
        && (national.starts_with('0') || national.starts_with('3'))
    {
        Ok(national.to_string())
    } else {
        Err(PhoneError::Italian)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_desk_types() {
        assert_eq!(normalise("333 123 4567"), Ok("3331234567".into()));
        assert_eq!(normalise("+39 333.123.4567"), Ok("3331234567".into()));
        assert_eq!(normalise("0039 06/1234567"), Ok("061234567".into()));
        assert_eq!(normalise("(06) 1234-5678"), Ok("0612345678".into()));
        assert_eq!(normalise("+41 79 123 45 67"), Ok("+41791234567".into()));
        assert_eq!(normalise("abc"), Err(PhoneError::NotDigits));
        assert_eq!(normalise("333 12a 4567"), Err(PhoneError::NotDigits));
        assert_eq!(normalise("12345"), Err(PhoneError::Italian));
        assert_eq!(normalise("5551234567"), Err(PhoneError::Italian));
        assert_eq!(
            normalise("333123456789"),
            Err(PhoneError::Italian),
            "12 digits"
        );
        assert_eq!(normalise("+1 23"), Err(PhoneError::International));
        assert_eq!(normalise("+"), Err(PhoneError::NotDigits));
    }
}
