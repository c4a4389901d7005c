//! The station checks requests against `paForNode.xsd` in code (`pagopa::schema`); xmllint checks them
//! against the schema itself. On every sample here, valid or broken, the two must give one verdict.

mod common;

use common::station::{self, body_element, xmllint};
use sportello::pagopa::{schema, soap};

const NUMBER: &str = "302000000000000199";

fn valid_requests() -> Vec<(&'static str, String)> {
    vec![
        ("verify", station::verify(NUMBER)),
        ("getPayment", station::get_payment(NUMBER, false)),
        ("getPaymentV2", station::get_payment(NUMBER, true)),
        (
            "sendRT",
            station::send_rt("r1", NUMBER, "20.00", "OK", false),
        ),
        (
            "sendRTV2",
            station::send_rt("r2", NUMBER, "20.00", "OK", true),
        ),
        (
            "demand",
            station::envelope(
                "paDemandPaymentNoticeRequest",
                &format!(
                    "{}<idServizio>00001</idServizio><idSoggettoServizio>00001</idSoggettoServizio>\
                     <datiSpecificiServizioRequest>AAAA</datiSpecificiServizioRequest>",
                    station::ours()
                ),
            ),
        ),
    ]
}

/// Ways to break a request, each a textual change that must apply to at least one sample.
/// A change to a request's text, or `None` where it does not apply.
type Breakage = Box<dyn Fn(&str) -> Option<String>>;

fn breakages() -> Vec<(&'static str, Breakage)> {
    let replace = |from: &'static str, to: String| -> Breakage {
        Box::new(move |s: &str| s.contains(from).then(|| s.replacen(from, &to, 1)))
    };
    let transfer_start = "<transfer><idTransfer>1</idTransfer>";
    vec![
        (
            "idBrokerPA missing",
            replace("<idBrokerPA>80001234568</idBrokerPA>", String::new()),
        ),
        (
            "identity out of order",
            replace(
                "<idPA>80001234568</idPA><idBrokerPA>80001234568</idBrokerPA>",
                "<idBrokerPA>80001234568</idBrokerPA><idPA>80001234568</idPA>".into(),
            ),
        ),
        (
            "notice number of 17 digits",
            replace(NUMBER, NUMBER[1..].into()),
        ),
        (
            "fiscal code with a letter",
            replace(
                "<fiscalCode>80001234568</fiscalCode>",
                "<fiscalCode>8000123456A</fiscalCode>".into(),
            ),
        ),
        (
            "amount with one decimal",
            replace(
                "<paymentAmount>20.00</paymentAmount>",
                "<paymentAmount>20.0</paymentAmount>".into(),
            ),
        ),
        (
            "amount with a comma",
            replace(
                "<paymentAmount>20.00</paymentAmount>",
                "<paymentAmount>20,00</paymentAmount>".into(),
            ),
        ),
        (
            "transfer of zero",
            replace(
                "<transferAmount>20.00</transferAmount>",
                "<transferAmount>0.00</transferAmount>".into(),
            ),
        ),
        (
            "description of 141 characters",
            replace(
                "<description>Ricarica Refezione scolastica</description>",
                format!("<description>{}</description>", "x".repeat(141)),
            ),
        ),
        (
            "unknown element",
            replace("<idPSP>", "<colour>blue</colour><idPSP>".into()),
        ),
        (
            "outcome neither OK nor KO",
            replace("<outcome>OK</outcome>", "<outcome>MAYBE</outcome>".into()),
        ),
        (
            "transferCategory missing",
            replace(
                "<transferCategory>9/0107101TS/</transferCategory>",
                String::new(),
            ),
        ),
        (
            "idTransfer 6",
            replace(
                "<idTransfer>1</idTransfer>",
                "<idTransfer>6</idTransfer>".into(),
            ),
        ),
        (
            "six transfers",
            Box::new(move |s: &str| {
                let start = s.find(transfer_start)?;
                let end = s[start..].find("</transfer>")? + start + "</transfer>".len();
                let one = &s[start..end];
                Some(s.replacen(one, &one.repeat(6), 1))
            }),
        ),
        (
            "time without seconds",
            replace(
                "<paymentDateTime>2026-12-02T09:15:00Z</paymentDateTime>",
                "<paymentDateTime>2026-12-02T09:15Z</paymentDateTime>".into(),
            ),
        ),
        (
            "bad e-mail",
            replace(
                "<fullName>Mario Rossi</fullName>",
                "<fullName>Mario Rossi</fullName><e-mail>mario@@x</e-mail>".into(),
            ),
        ),
        (
            "qualified child",
            replace(
                "<idPA>80001234568</idPA>",
                "<pafn:idPA>80001234568</pafn:idPA>".into(),
            ),
        ),
        (
            "empty idStation",
            replace(
                "<idStation>80001234568_01</idStation>",
                "<idStation></idStation>".into(),
            ),
        ),
        (
            "text in a complex element",
            replace("<qrCode>", "<qrCode>hello".into()),
        ),
        (
            "service id of 4",
            replace(
                "<idServizio>00001</idServizio>",
                "<idServizio>0001</idServizio>".into(),
            ),
        ),
    ]
}

fn our_verdict(envelope: &str) -> Result<(), String> {
    let element = soap::read_body(envelope).map_err(|e| e.to_string())?;
    schema::check_request(&element).map_err(|v| v.to_string())
}

#[test]
fn the_code_and_xmllint_agree_on_valid_and_broken_requests() {
    let mut broken = 0;
    for (name, request) in valid_requests() {
        assert_eq!(
            xmllint(&body_element(&request)),
            Ok(()),
            "{name}: xmllint refuses a valid sample"
        );
        assert_eq!(
            our_verdict(&request),
            Ok(()),
            "{name}: the station refuses a valid sample"
        );
        for (what, breakage) in breakages() {
            let Some(bad) = breakage(&request) else {
                continue;
            };
            broken += 1;
            let theirs = xmllint(&body_element(&bad));
            let ours = our_verdict(&bad);
            assert!(
                theirs.is_err(),
                "{name} / {what}: xmllint accepts it; the sample is not broken"
            );
            assert!(
                ours.is_err(),
                "{name} / {what}: the station accepts what xmllint refuses:\n{}",
                theirs.unwrap_err()
            );
        }
    }
    assert!(broken >= 40, "{broken} broken samples");
    // Every breakage was tried on some sample.
    for (what, breakage) in breakages() {
        assert!(
            valid_requests().iter().any(|(_, r)| breakage(r).is_some()),
            "{what} applies to no sample"
        );
    }
}

#[test]
fn values_at_the_edges_of_each_type() {
    // The largest amount the schema allows, a transfer of one cent, a time with a zone offset.
    let edge = station::send_rt("r", NUMBER, "999999999.99", "OK", true)
        .replacen(
            "<transferAmount>999999999.99</transferAmount>",
            "<transferAmount>0.01</transferAmount>",
            1,
        )
        .replace("2026-12-02T09:15:00Z", "2026-12-02T10:15:00.123+01:00");
    assert_eq!(xmllint(&body_element(&edge)), Ok(()));
    assert_eq!(our_verdict(&edge), Ok(()));
    let over = station::send_rt("r", NUMBER, "1000000000.00", "OK", true);
    assert!(xmllint(&body_element(&over)).is_err());
    assert!(our_verdict(&over).is_err());
}

#[test]
fn the_sample_files_get_the_same_verdict_from_the_station() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pagopa/requests");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("xml") {
            continue;
        }
        seen += 1;
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let theirs = xmllint(&body_element(&text));
        let ours = our_verdict(&text);
        assert_eq!(
            theirs.is_ok(),
            !name.starts_with("invalid-"),
            "{name}: xmllint says {theirs:?}"
        );
        assert_eq!(
            ours.is_ok(),
            theirs.is_ok(),
            "{name}: the station says {ours:?}, xmllint {theirs:?}"
        );
    }
    assert!(seen >= 13, "{seen} samples");
}
