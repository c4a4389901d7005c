//! The 11-digit fiscal code of an organisation (codice fiscale ente), with its Luhn-style check digit.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CfEnte(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CfEnteError {
    #[error("an organisation's fiscal code has 11 digits, found {0} characters")]
    Length(usize),
    #[error("only digits are allowed")]
    NotDigits,
    #[error("wrong check digit: expected {expected}")]
    Check { expected: u8 },
}

/// The check digit of the first 10 digits: odd positions summed, even positions doubled (minus 9 above 9).
pub fn check_digit(first10: &str) -> u8 {
    let total: u32 = first10
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                d
            } else if d * 2 > 9 {
                d * 2 - 9
            } else {
                d * 2
            }
        })
        .sum();
    ((10 - total % 10) % 10) as u8
}

impl CfEnte {
    /// `strict`: also require the check digit (test environments use placeholders that fail it).
    pub fn parse(input: &str, strict: bool) -> Result<CfEnte, CfEnteError> {
        let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if s.chars().count() != 11 {
            return Err(CfEnteError::Length(s.chars().count()));
        }
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CfEnteError::NotDigits);
        }
        let expected = check_digit(&s[..10]);
        if strict && s.as_bytes()[10] - b'0' != expected {
            return Err(CfEnteError::Check { expected });
        }
        Ok(CfEnte(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for CfEnte {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_and_placeholders() {
        assert!(CfEnte::parse("00743110157", true).is_ok());
        assert_eq!(
            CfEnte::parse("00743110158", true),
            Err(CfEnteError::Check { expected: 7 })
        );
        assert!(CfEnte::parse("77777777777", true).is_err());
        assert!(CfEnte::parse("77777777777", false).is_ok());
        assert_eq!(
            CfEnte::parse("0074311015", false),
            Err(CfEnteError::Length(10))
        );
        assert_eq!(
            CfEnte::parse("0074311015A", false),
            Err(CfEnteError::NotDigits)
        );
        assert_eq!(
            CfEnte::parse(" 007 431 101 57", true).unwrap().as_str(),
            "00743110157"
        );
    }
}
