use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn parse_normalises_and_checks() {
    let cf = CodiceFiscale::parse(" rssmra85t10-a562s ").unwrap();
    assert_eq!(cf.as_str(), "RSSMRA85T10A562S");
    assert_eq!(
        CodiceFiscale::parse("RSSMRA85T10A562T"),
        Err(CfError::Check { expected: 'S' })
    );
    assert_eq!(CodiceFiscale::parse(""), Err(CfError::Empty));
    assert_eq!(
        CodiceFiscale::parse("RSSMRA85T10A562"),
        Err(CfError::Length(15))
    );
    assert_eq!(CodiceFiscale::parse("RSSMRA85B30A562G"), Err(CfError::Date));
    assert_eq!(
        CodiceFiscale::parse("RSSMRA85Z10A562B"),
        Err(CfError::Month('Z'))
    );
    assert_eq!(CodiceFiscale::parse("RSSMRA85T99A562U"), Err(CfError::Day));
    assert!(matches!(
        CodiceFiscale::parse("CTMTB?74E05B506W"),
        Err(CfError::Character { pos: 6, ch: '?' })
    ));
}

#[test]
fn decode_and_mask() {
    let cf = CodiceFiscale::parse("RSSMRA85T10A562S").unwrap();
    let dec = cf.decode(d(2026, 11, 23));
    assert_eq!(
        (dec.sex, dec.birth_date, dec.birthplace_code.as_str()),
        (Sex::M, d(1985, 12, 10), "A562")
    );
    assert_eq!(cf.masked(), "RSS***85T10***S");
    // A child born in 2019 decodes to 2019, a parent with the same digits to 1919 only if asked.
    let kid = compute("Bianchi", "Anna", Sex::F, d(2019, 3, 4), "H501").unwrap();
    assert_eq!(kid.birth_date(d(2026, 11, 23), 0), d(2019, 3, 4));
    assert_eq!(kid.birth_date(d(2026, 11, 23), 14), d(1919, 3, 4));
    assert_eq!(kid.sex(), Sex::F);
}

#[test]
fn omocodes_round_trip() {
    let cf = CodiceFiscale::parse("CCCFBA85D03L219P").unwrap();
    let mut all = std::collections::HashSet::new();
    for mask in 0..128u8 {
        let o = cf.omocode(mask);
        assert!(CodiceFiscale::parse(o.as_str()).is_ok(), "{o}");
        assert_eq!(o.base(), cf);
        all.insert(o);
    }
    assert_eq!(all.len(), 128);
}

#[test]
fn compute_rules() {
    // Four or more consonants in the name: 1st, 3rd, 4th.
    assert_eq!(
        &compute("Rossi", "Gianfranco", Sex::M, d(1980, 1, 1), "H501")
            .unwrap()
            .as_str()[3..6],
        "GFR"
    );
    // Short surnames are padded with X; accents and apostrophes folded.
    assert_eq!(
        &compute("Fo", "Dario", Sex::M, d(1926, 3, 24), "H501")
            .unwrap()
            .as_str()[..3],
        "FOX"
    );
    assert_eq!(
        &compute("D'Alò", "Nicolò", Sex::M, d(2000, 1, 1), "H501")
            .unwrap()
            .as_str()[..6],
        "DLANCL"
    );
    assert_eq!(
        &compute("Müller", "Jörg", Sex::M, d(2000, 1, 1), "Z112")
            .unwrap()
            .as_str()[..6],
        "MLLJRG"
    );
    assert_eq!(
        compute("Rossi", "Mario", Sex::M, d(1985, 12, 10), "Roma")
            .unwrap()
            .as_str()[11..15],
        *"H501"
    );
    assert_eq!(
        compute("Rossi", "Mario", Sex::M, d(1985, 12, 10), "Atlantide"),
        Err(ComputeError::UnknownPlace("Atlantide".into()))
    );
}

#[test]
fn birthplace_warnings() {
    assert_eq!(
        CodiceFiscale::parse("RSSMRA85T10H501A")
            .map(|c| c.birthplace_warning())
            .ok()
            .flatten(),
        None
    );
    let fiume = CodiceFiscale::parse("GSTPPP99C06D620V").unwrap();
    assert!(matches!(
        fiume.birthplace_warning(),
        Some(BirthplaceWarning::OutOfLifetime { .. })
    ));
    let synthetic = CodiceFiscale::parse("PLTPPP23A47T567Q").unwrap();
    assert_eq!(
        synthetic.birthplace_warning(),
        Some(BirthplaceWarning::UnknownCode("T567".into()))
    );
}

#[test]
fn names_are_checked_against_the_codes_letters() {
    let cf = CodiceFiscale::parse("BNCMRA80A41H501E").unwrap();
    assert_eq!(cf.name_mismatch("Bianchi", "Maria"), None);
    assert_eq!(cf.name_mismatch(" bianchi ", "MARIA"), None);
    assert_eq!(
        cf.name_mismatch("Rossi", "Maria"),
        Some(NameMismatch {
            surname: Some("BNC".into()),
            name: None
        })
    );
    assert_eq!(
        cf.name_mismatch("Bianchi", "Marta").map(|m| m.name),
        Some(Some("MRA".into()))
    );
    assert!(cf.name_mismatch("", "").is_some());
    // An omocode keeps the letters.
    assert_eq!(cf.omocode(0b111).name_mismatch("Bianchi", "Maria"), None);
    // Four consonants in the name: 1st, 3rd and 4th.
    let cf = compute(
        "Rossi",
        "Gianfranco",
        Sex::M,
        NaiveDate::from_ymd_opt(1970, 1, 1).unwrap(),
        "H501",
    )
    .unwrap();
    assert_eq!(&cf.as_str()[3..6], "GFR");
    assert_eq!(cf.name_mismatch("Rossi", "Gianfranco"), None);
}
