//! The domain's values as the backend's data carry them: every valid code of tests/data is read from
//! JSON (omocodes and codes with an unknown birthplace included), a wrong one is refused while the
//! JSON is read, the JSON written is byte for byte the one the API always sent, and the patterns the
//! OpenAPI document publishes accept every valid code.

use regex::Regex;
use serde::de::DeserializeOwned;
use sportello::backend::{NewNotice, NewReceipt, Notice, Statement};
use sportello::domain::codice_fiscale::{CF_PATTERN, CodiceFiscale};
use sportello::domain::money::Amount;
use sportello::domain::notice::{NUMBER_PATTERN, NoticeNumber, QrPayload};
use sportello::domain::wire::QR_PATTERN;

fn rows(file: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR")))
        .unwrap();
    text.lines()
        .skip(1)
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

fn read<T: DeserializeOwned>(json: &str) -> Result<T, serde_json::Error> {
    serde_json::from_str(json)
}

/// A value read from its JSON string and written again: the same text.
fn round_trips<T: DeserializeOwned + serde::Serialize>(text: &str) -> Result<(), String> {
    let json = serde_json::to_string(text).unwrap();
    let value: T = read(&json).map_err(|e| e.to_string())?;
    let again = serde_json::to_string(&value).unwrap();
    if again == json {
        Ok(())
    } else {
        Err(format!("{json} came back as {again}"))
    }
}

/// Valid codes: `true` rows, `check_only` rows (unknown birthplace, a warning and not a refusal) and the
/// one birthplace-only row; every omocode of the omocode list.
fn valid_codes() -> Vec<String> {
    let mut codes: Vec<String> = rows("codice_fiscale.tsv")
        .into_iter()
        .filter(|r| CodiceFiscale::parse(&r[0]).is_ok() || r[1] != "false")
        .map(|r| r[0].clone())
        .collect();
    codes.extend(rows("cf_omocodes.tsv").into_iter().map(|r| r[1].clone()));
    codes
}

#[test]
fn every_valid_codice_fiscale_is_read_and_written_back_unchanged() {
    let codes = valid_codes();
    assert!(codes.len() > 600, "{}", codes.len());
    for code in &codes {
        let normal = CodiceFiscale::parse(code).unwrap();
        round_trips::<CodiceFiscale>(normal.as_str()).unwrap_or_else(|e| panic!("{code}: {e}"));
    }
    // Omocodes and codes whose birthplace is unknown are codes people hold.
    for code in ["CCCFBA85D03L21VE", "PLTPPP23A47T567Q", "FRTMXM74L15D354A"] {
        round_trips::<CodiceFiscale>(code).unwrap();
    }
}

#[test]
fn every_invalid_codice_fiscale_is_refused_when_read() {
    let mut refused = 0;
    for row in rows("codice_fiscale.tsv") {
        if row[1] == "false" && CodiceFiscale::parse(&row[0]).is_err() {
            let json = serde_json::to_string(&row[0]).unwrap();
            assert!(read::<CodiceFiscale>(&json).is_err(), "{}", row[0]);
            refused += 1;
        }
    }
    assert_eq!(refused, 48);
    // Wrong check character.
    assert!(read::<CodiceFiscale>(r#""RSSMRA85T10A562X""#).is_err());
}

#[test]
fn notice_numbers_are_read_as_the_vectors_say() {
    let rows = rows("pagopa_notice_numbers.tsv");
    for row in &rows {
        let json = serde_json::to_string(&row[0]).unwrap();
        let read = read::<NoticeNumber>(&json);
        assert_eq!(read.is_ok(), row[1] == "true", "{}: {}", row[0], row[2]);
        if row[1] == "true" && !row[0].contains(' ') {
            round_trips::<NoticeNumber>(&row[0]).unwrap();
        }
    }
    // Wrong check digits.
    assert!(read::<NoticeNumber>(r#""302000000000000199""#).is_err());
}

#[test]
fn amounts_are_above_zero_and_fit_a_qr() {
    assert_eq!(read::<Amount>("1").unwrap().get(), 1);
    assert_eq!(read::<Amount>("9999999999").unwrap().get(), 9_999_999_999);
    for bad in ["0", "-1", "-2500", "10000000000", "2.5", "\"2500\""] {
        assert!(read::<Amount>(bad).is_err(), "{bad}");
    }
    assert_eq!(
        serde_json::to_string(&Amount::new(2500).unwrap()).unwrap(),
        "2500"
    );
}

#[test]
fn qr_payloads_are_read_exactly_as_built() {
    let built = QrPayload::new(
        NoticeNumber::parse("302032002700000251").unwrap(),
        sportello::domain::cf_ente::CfEnte::parse("03334231200", true).unwrap(),
        Amount::new(5).unwrap(),
    );
    assert_eq!(
        built.as_str(),
        "PAGOPA|002|302032002700000251|03334231200|05"
    );
    assert_eq!(built.ente().as_str(), "03334231200");
    assert_eq!(built.notice().as_str(), "302032002700000251");
    assert_eq!(built.amount().get(), 5);
    round_trips::<QrPayload>(built.as_str()).unwrap();
    for bad in [
        "",
        "PAGOPA|002|302032002700000251|03334231200|0",
        "PAGOPA|002|302032002700000251|03334231200|00",
        "PAGOPA|002|302032002700000251|03334231200|5",
        "PAGOPA|002|302032002700000251|03334231200|10000000000",
        "PAGOPA|002|302032002700000252|03334231200|05",
        "PAGOPA|002|302032002700000251|0333423120|05",
        "PAGOPA|001|302032002700000251|03334231200|05",
        "PAGOPA|002|302032002700000251|03334231200|05|",
        "PAGOPA|002|3020 3200 2700 0002 51|03334231200|05",
    ] {
        let json = serde_json::to_string(bad).unwrap();
        assert!(read::<QrPayload>(&json).is_err(), "{bad}");
    }
}

/// A notice as the API has always sent it: the typed fields write the same bytes.
const NOTICE: &str = r#"{"number":"302000000000000184","iuv":"02000000000000184","amount_cents":2500,"state":"pending","subject":"Ricarica Refezione","payer":{"cf":"RSSMRA85T10A562S","full_name":"ROSSI MARIO"},"due_date":null,"created_at":"2026-11-20T10:30:00","allocations":[{"child_cf":"CCCFBA85D03L21VE","child_name":"ROSSI ANNA","service":"refezione","amount_cents":2500}],"receipts":[{"receipt_id":"R-1","amount_cents":2500,"paid_at":"2026-11-20","channel":"pagopa","psp":null}],"qr_payload":"PAGOPA|002|302000000000000184|80001234568|2500"}"#;

const STATEMENT: &str = r#"{"child_cf":"CCCFBA85D03L219P","service":null,"year":2026,"movements":[{"at":"2026-11-20T10:30:00","service":"refezione","kind":"meal","description":"Pasto","amount_cents":-450,"balance_cents":-450}],"paid_cents":0}"#;

#[test]
fn json_written_is_byte_identical_to_the_old_form() {
    assert_eq!(
        NoticeNumber::parse("302000000000000184")
            .unwrap()
            .as_str()
            .len(),
        18
    );
    let notice: Notice = read(NOTICE).unwrap();
    assert_eq!(serde_json::to_string(&notice).unwrap(), NOTICE);
    assert_eq!(notice.qr_payload.notice(), &notice.number);
    let statement: Statement = read(STATEMENT).unwrap();
    assert_eq!(serde_json::to_string(&statement).unwrap(), STATEMENT);
    let request = r#"{"allocations":[{"child_cf":"RSSMRA85T10A562S","child_name":"","service":"refezione","amount_cents":2000}],"due_date":null}"#;
    let parsed: NewNotice = read(request).unwrap();
    assert_eq!(serde_json::to_string(&parsed).unwrap(), request);
}

#[test]
fn a_request_with_a_wrong_value_is_refused_when_read() {
    let notice = |cf: &str, cents: i64| {
        format!(
            r#"{{"allocations":[{{"child_cf":"{cf}","service":"refezione","amount_cents":{cents}}}]}}"#
        )
    };
    assert!(read::<NewNotice>(&notice("RSSMRA85T10A562S", 2000)).is_ok());
    assert!(read::<NewNotice>(&notice("RSSMRA85T10A562X", 2000)).is_err());
    for cents in [0, -100, 10_000_000_000] {
        assert!(
            read::<NewNotice>(&notice("RSSMRA85T10A562S", cents)).is_err(),
            "{cents}"
        );
    }
    let receipt = |number: &str| {
        format!(r#"{{"notice_number":"{number}","receipt_id":"R","amount_cents":2000}}"#)
    };
    assert!(read::<NewReceipt>(&receipt("302032002700000251")).is_ok());
    assert!(read::<NewReceipt>(&receipt("302032002700000252")).is_err());
    // A stored notice whose QR does not read as one is refused too.
    let broken = NOTICE.replace("|80001234568|2500", "|80001234568|0");
    assert!(read::<Notice>(&broken).is_err());
}

/// The patterns published in the OpenAPI document: a valid code they refuse would be a contract bug.
#[test]
fn published_patterns_accept_every_valid_code() {
    let cf = Regex::new(CF_PATTERN).unwrap();
    for code in valid_codes() {
        let normal = CodiceFiscale::parse(&code).unwrap();
        assert!(cf.is_match(normal.as_str()), "{code}");
    }
    let number = Regex::new(NUMBER_PATTERN).unwrap();
    for row in rows("pagopa_notice_numbers.tsv") {
        if let Ok(n) = NoticeNumber::parse(&row[0]) {
            assert!(number.is_match(n.as_str()), "{}", row[0]);
        }
    }
    let qr = Regex::new(QR_PATTERN).unwrap();
    for cents in [1, 5, 11, 2500, 9_999_999_999] {
        let built = QrPayload::new(
            NoticeNumber::aux3(2, 320027000002).unwrap(),
            sportello::domain::cf_ente::CfEnte::parse("80001234568", false).unwrap(),
            Amount::new(cents).unwrap(),
        );
        assert!(qr.is_match(built.as_str()), "{built}");
    }
}

/// The JSON Schemas derived from the request types say what is read: the code's pattern and an amount
/// of at least one cent, at most ten digits.
#[test]
fn derived_schemas_carry_patterns_and_bounds() {
    let schema = serde_json::to_value(schemars::schema_for!(NewNotice)).unwrap();
    let text = schema.to_string();
    assert!(
        text.contains(&serde_json::to_string(CF_PATTERN).unwrap()),
        "{text}"
    );
    let amount = &schema["$defs"]["Amount"];
    assert_eq!(amount["minimum"], 1, "{schema}");
    assert_eq!(amount["maximum"], 9_999_999_999_i64, "{schema}");
    let receipt = serde_json::to_value(schemars::schema_for!(NewReceipt))
        .unwrap()
        .to_string();
    assert!(
        receipt.contains(&serde_json::to_string(NUMBER_PATTERN).unwrap()),
        "{receipt}"
    );
    let notice = serde_json::to_value(schemars::schema_for!(Notice))
        .unwrap()
        .to_string();
    assert!(
        notice.contains(&serde_json::to_string(QR_PATTERN).unwrap()),
        "{notice}"
    );
}
