//! Names written in the letters a codice fiscale and the birthplace table are keyed by: both the
//! code's name letters and the birthplace lookup read names through it.

/// The official transliteration: uppercase; accented vowels to plain ones; Ä, Ö, Ü to AE, OE, UE.
/// Consonants with a caron or cedilla lose it (`Renež` gives `RNZ`); other characters are kept and
/// callers drop what is not A-Z, so `Ñ` vanishes (`Betaña` gives `BTE`). Both are vectors in tests/data.
pub fn transliterate(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_uppercase) {
        match c {
            'À' | 'Á' | 'Â' | 'Ã' | 'Å' => out.push('A'),
            'Ä' | 'Æ' => out.push_str("AE"),
            'È' | 'É' | 'Ê' | 'Ë' => out.push('E'),
            'Ì' | 'Í' | 'Î' | 'Ï' => out.push('I'),
            'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ø' => out.push('O'),
            'Ö' | 'Œ' => out.push_str("OE"),
            'Ù' | 'Ú' | 'Û' => out.push('U'),
            'Ü' => out.push_str("UE"),
            'Ç' => out.push('C'),
            'Š' => out.push('S'),
            'Ž' => out.push('Z'),
            c => out.push(c),
        }
    }
    out
}
