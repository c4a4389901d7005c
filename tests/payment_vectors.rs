//! Every notice-number and ente-fiscal-code vector in tests/data (copied from ../shared/vectors).

use sportello::domain::cf_ente::CfEnte;
use sportello::domain::money::Amount;
use sportello::domain::notice::{NoticeNumber, QrPayload};

fn rows(file: &str) -> Vec<(String, bool, String)> {
    let text = std::fs::read_to_string(format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR")))
        .unwrap();
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (
                f[0].to_string(),
                f[1] == "true",
                f.get(2).unwrap_or(&"").to_string(),
            )
        })
        .collect()
}

#[test]
fn notice_number_vectors() {
    let rows = rows("pagopa_notice_numbers.tsv");
    assert_eq!(rows.len(), 23);
    for (number, valid, note) in &rows {
        let parsed = NoticeNumber::parse(number);
        assert_eq!(parsed.is_ok(), *valid, "{number}: {note}: {parsed:?}");
        if let Some(right) = note
            .strip_prefix("check digits wrong (right ones: ")
            .and_then(|s| s.strip_suffix(')'))
        {
            let expected: u8 = right.parse().unwrap();
            assert_eq!(
                parsed,
                Err(sportello::domain::notice::NoticeError::Check { expected }),
                "{number}"
            );
        }
    }
}

#[test]
fn cf_ente_vectors() {
    let rows = rows("codice_fiscale_ente.tsv");
    assert_eq!(rows.len(), 14);
    for (code, valid, note) in &rows {
        assert_eq!(CfEnte::parse(code, true).is_ok(), *valid, "{code}: {note}");
    }
}

#[test]
fn qr_payload_of_the_domain_example() {
    let n = NoticeNumber::parse("302032002700000251").unwrap();
    let e = CfEnte::parse("03334231200", true).unwrap();
    let qr = QrPayload::new(n, e, Amount::new(11).unwrap());
    assert_eq!(qr.as_str(), "PAGOPA|002|302032002700000251|03334231200|11");
}
