//! IBAN: the ente's treasury account that pagoPA transfers go to. Checked by the ISO 13616 rule
//! (mod 97); an Italian IBAN is 27 characters: IT, two check digits, CIN letter, ABI, CAB, account.

/// The IBAN without spaces, in capitals, when its check digits are right (and an Italian one has its
/// Italian shape).
pub fn parse(text: &str) -> Result<String, &'static str> {
    let iban: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    if iban.len() < 15 || iban.len() > 34 || !iban.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err("IBAN: 15-34 letters and digits");
    }
    let b = iban.as_bytes();
    if !b[..2].iter().all(u8::is_ascii_uppercase) || !b[2..4].iter().all(u8::is_ascii_digit) {
        return Err("IBAN: a country code and two check digits first");
    }
    if iban.starts_with("IT")
        && (iban.len() != 27
            || !b[4].is_ascii_uppercase()
            || !b[5..].iter().all(u8::is_ascii_alphanumeric))
    {
        return Err("IBAN: an Italian IBAN is IT, 2 digits, a letter and 22 characters");
    }
    let rearranged = iban[4..].bytes().chain(iban[..4].bytes());
    let mut rest: u32 = 0;
    for c in rearranged {
        let value = if c.is_ascii_digit() {
            u32::from(c - b'0')
        } else {
            u32::from(c - b'A') + 10
        };
        rest = if value >= 10 {
            (rest * 100 + value) % 97
        } else {
            (rest * 10 + value) % 97
        };
    }
    if rest != 1 {
        return Err("IBAN: wrong check digits");
    }
    Ok(iban)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn checks_the_iso_13616_digits() {
        assert_eq!(
            parse("IT60 X054 2811 1010 0000 0123 456"),
            Ok("IT60X0542811101000000123456".into())
        );
        assert_eq!(
            parse("GB82WEST12345698765432"),
            Ok("GB82WEST12345698765432".into())
        );
        assert!(parse("IT61X0542811101000000123456").is_err());
        assert!(parse("IT60X054281110100000012345").is_err());
        assert!(parse("IT6001234").is_err());
        assert!(parse("").is_err());
    }
}
