//! The station's requests against the official XSD (xmllint): the samples in
//! `tests/data/pagopa/requests/`, valid and invalid, and every request sportello's Node builds; then
//! the Node playing payments against a stand-in station on 127.0.0.1 (its answers XSD-valid too),
//! through `pay()` and through `sportello pagopa pay`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use sportello::pagopa::node::requests;
use sportello::pagopa::node::{
    PayOptions, PaymentData, Primitives, Psp, QrCode, Receipt, StationIds, StepError, Subject,
    Transfer, pay,
};
use sportello::pagopa::soap;
use sportello::pagopa::xml::{Element, Writer};

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/pagopa/requests");
const ENTE: &str = "80001234568";
const NOTICE: &str = "302000000000012320";

// ---- xmllint --------------------------------------------------------------------------------------

/// `Ok` when the envelope's body element is valid against paForNode.xsd, else xmllint's complaint.
fn validate(envelope: &str) -> Result<(), String> {
    common::station::xmllint(&common::station::body_element(envelope))
}

fn assert_valid(what: &str, envelope: &str) {
    if let Err(e) = validate(envelope) {
        panic!("{what} is not valid:\n{e}\n{envelope}");
    }
}

fn samples(valid: bool) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(SAMPLES)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .filter(|p| {
            valid
                != p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("invalid-")
        })
        .collect();
    files.sort();
    files
}

// ---- the samples ----------------------------------------------------------------------------------

#[test]
fn every_valid_sample_is_one_operation_of_the_station_and_validates() {
    let mut operations = Vec::new();
    for path in samples(true) {
        let text = std::fs::read_to_string(&path).unwrap();
        let body = soap::read_body(&text).unwrap();
        assert_eq!(body.namespace.as_deref(), Some(soap::PA_FOR_NODE_NS));
        assert_eq!(
            path.file_stem().unwrap().to_string_lossy(),
            body.name,
            "a sample is named after its element"
        );
        assert_valid(&path.display().to_string(), &text);
        operations.push(body.name);
    }
    assert_eq!(
        operations,
        [
            "paDemandPaymentNoticeRequest",
            "paGetPaymentReq",
            "paGetPaymentV2Request",
            "paSendRTReq",
            "paSendRTV2Request",
            "paVerifyPaymentNoticeReq",
        ]
    );
}

#[test]
fn every_invalid_sample_is_refused_for_its_own_reason() {
    let reasons = [
        ("invalid-amount-one-decimal.xml", "'10.5' is not accepted"),
        ("invalid-description-141-chars.xml", "length of '141'"),
        (
            "invalid-fiscalCode-letter.xml",
            "'8000123456A' is not accepted",
        ),
        ("invalid-missing-idStation.xml", "Expected is ( idStation )"),
        (
            "invalid-noticeNumber-17-digits.xml",
            "'30200000000001232' is not accepted",
        ),
        (
            "invalid-six-transfers.xml",
            "Element 'transfer': This element is not expected",
        ),
        (
            "invalid-unknown-element.xml",
            "Element 'qrCodeChecked': This element is not expected",
        ),
    ];
    let files: Vec<String> = samples(false)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, reasons.map(|(f, _)| f.to_string()));
    for (file, reason) in reasons {
        let text = std::fs::read_to_string(Path::new(SAMPLES).join(file)).unwrap();
        match validate(&text) {
            Ok(()) => panic!("{file} validates"),
            Err(e) => assert!(e.contains(reason), "{file}: {e}"),
        }
    }
}

#[test]
fn the_published_examples_do_not_validate_for_the_reasons_the_samples_fix() {
    let examples = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/pagopa/examples"
    ));
    let rt = std::fs::read_to_string(examples.join("ReqPaSendRT.xml")).unwrap();
    let e = validate(&rt).unwrap_err();
    assert!(e.contains("Expected is ( transferCategory )"), "{e}");
    let verify = std::fs::read_to_string(examples.join("ReqPaVerifyPayment.xml")).unwrap();
    assert_eq!(
        soap::read_body(&verify).unwrap().namespace.as_deref(),
        Some("http://pagopa-api.pagopa.gov.it/node/nodeForPsp.xsd")
    );
}

// ---- requests the Node builds --------------------------------------------------------------------

/// The station's identity as the built-in configuration gives it for the demo ente.
fn ids() -> StationIds {
    StationIds::from(&sportello::config::Settings::defaults().station)
}

fn options() -> PayOptions {
    PayOptions::new(ids(), ENTE)
}

fn qr() -> QrCode {
    QrCode {
        fiscal_code: ENTE.into(),
        notice_number: NOTICE.into(),
    }
}

/// A payment of `transfers` transfers of 4,00 € each, with this description.
fn payment(description: &str, transfers: u8) -> PaymentData {
    let categories = [
        "9/0107101TS/",
        "9/0107102SP/",
        "9/0107106SP/",
        "9/0107100TS/",
    ];
    PaymentData {
        creditor_reference_id: NOTICE[1..].into(),
        amount_cents: 400 * i64::from(transfers),
        due_date: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        description: description.into(),
        company_name: Some("Comune di Borgo Fittizio".into()),
        office_name: None,
        debtor: Subject {
            kind: "F".into(),
            id: "RSSMRA80A01H501U".into(),
            full_name: "Mario Rossi D'Amico".into(),
            details: vec![
                ("city", "Forlì".into()),
                ("e-mail", "m.rossi@example.org".into()),
            ],
        },
        transfers: (1..=transfers)
            .map(|id| Transfer {
                id,
                amount_cents: 400,
                fiscal_code_pa: ENTE.into(),
                company_name: Some("Comune di Borgo Fittizio".into()),
                iban: "IT60X0542811101000000123456".into(),
                remittance_information: format!("{description} ({id})").chars().take(140).collect(),
                transfer_category: categories[usize::from(id) % categories.len()].into(),
            })
            .collect(),
    }
}

fn receipt(payment: PaymentData) -> Receipt {
    Receipt::for_payment(
        qr(),
        payment,
        "Comune di Borgo Fittizio".into(),
        Psp::default(),
    )
}

fn receipt_of(envelope: &str) -> Element {
    soap::read_body(envelope)
        .unwrap()
        .child("receipt")
        .unwrap()
        .clone()
}

fn transfers_of(receipt: &Element) -> Vec<&Element> {
    receipt
        .child("transferList")
        .unwrap()
        .children_named("transfer")
        .collect()
}

#[test]
fn every_request_the_node_builds_validates_and_reads_back() {
    let accented = "Ricarica mensa – Niccolò, Perù e Giosuè: è già più “caro”";
    let long_accented = "à".repeat(140);
    let cases = [
        ("one transfer", payment("Ricarica Refezione scolastica", 1)),
        ("five transfers", payment("Mensa, trasporto, nido", 5)),
        ("accented text", payment(accented, 2)),
        ("140 accented characters", payment(&long_accented, 1)),
        ("an ampersand", payment("Mensa & trasporto <dicembre>", 3)),
    ];
    assert_valid("verify", &requests::verify(&ids(), &qr()));
    for primitives in [Primitives::V1, Primitives::V2] {
        for amount in [None, Some(2000)] {
            let text = requests::get_payment(primitives, &ids(), &qr(), amount);
            assert_valid(&format!("{primitives:?} getPayment {amount:?}"), &text);
        }
        for (case, payment) in &cases {
            let receipt = receipt(payment.clone());
            let text = requests::send_rt(primitives, &ids(), &receipt);
            assert_valid(&format!("{primitives:?} receipt, {case}"), &text);
            let read = receipt_of(&text);
            assert_eq!(
                read.child_text("description"),
                Some(payment.description.as_str())
            );
            assert_eq!(
                read.child_text("receiptId"),
                Some(receipt.receipt_id.as_str())
            );
            let transfers = transfers_of(&read);
            assert_eq!(transfers.len(), payment.transfers.len(), "{case}");
            for (sent, t) in transfers.iter().zip(&payment.transfers) {
                assert_eq!(sent.child_text("IBAN"), Some(t.iban.as_str()));
                assert_eq!(
                    sent.child_text("remittanceInformation"),
                    Some(t.remittance_information.as_str())
                );
                assert_eq!(
                    sent.child_text("transferCategory"),
                    Some(t.transfer_category.as_str())
                );
            }
        }
    }
}

#[test]
fn a_request_the_schema_refuses_is_caught_by_the_check_itself() {
    // The check must be able to fail: six transfers and a 141-character description.
    let mut too_many = payment("Mensa", 5);
    too_many.transfers.push(too_many.transfers[0].clone());
    let e = validate(&requests::send_rt(
        Primitives::V2,
        &ids(),
        &receipt(too_many),
    ))
    .unwrap_err();
    assert!(e.contains("'transfer'"), "{e}");
    let long = payment(&"x".repeat(141), 1);
    let e = validate(&requests::send_rt(Primitives::V1, &ids(), &receipt(long))).unwrap_err();
    assert!(e.contains("length of '141'"), "{e}");
}

// ---- a stand-in station on 127.0.0.1 --------------------------------------------------------------

/// One request the stand-in station received.
#[derive(Debug, Clone)]
struct Seen {
    action: String,
    content_type: String,
    body: String,
}

type Answers = dyn Fn(&str) -> (u16, String) + Send + Sync;

/// A bare HTTP/1.1 server answering `POST /pagopa/paForNode` by SOAPAction, one connection at a
/// time, over plain TCP or TLS; the answers are checked against the XSD as they are made (so the
/// Node is tried on what a conforming station says).
struct Station {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    stop: Arc<std::sync::atomic::AtomicBool>,
    address: std::net::SocketAddr,
}

impl Station {
    fn start(answers: impl Fn(&str) -> (u16, String) + Send + Sync + 'static) -> Station {
        Station::listen(Arc::new(answers), None)
    }

    fn listen(answers: Arc<Answers>, tls: Option<Arc<rustls::ServerConfig>>) -> Station {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let scheme = if tls.is_some() { "https" } else { "http" };
        let (seen_by_thread, stop_seen) = (seen.clone(), stop.clone());
        std::thread::spawn(move || {
            for tcp in listener.incoming() {
                if stop_seen.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
                let Ok(tcp) = tcp else { continue };
                let seen = &seen_by_thread;
                // A refused handshake (no client certificate) is an error here and nothing more.
                let _ = match &tls {
                    None => exchange(tcp, &*answers, seen),
                    Some(config) => {
                        let connection = rustls::ServerConnection::new(config.clone()).unwrap();
                        exchange(rustls::StreamOwned::new(connection, tcp), &*answers, seen)
                    }
                };
            }
        });
        Station {
            url: format!("{scheme}://{address}"),
            seen,
            stop,
            address,
        }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

impl Drop for Station {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        let _ = std::net::TcpStream::connect(self.address);
    }
}

/// Reads one request (head, then Content-Length bytes) and writes the answer.
fn exchange(
    mut stream: impl std::io::Read + std::io::Write,
    answers: &Answers,
    seen: &Mutex<Vec<Seen>>,
) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let header = |name: &str| {
        head.lines()
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let length: usize = header("content-length").parse().unwrap_or(0);
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let action = header("soapaction");
    seen.lock().unwrap().push(Seen {
        action: action.clone(),
        content_type: header("content-type"),
        body: String::from_utf8_lossy(&buf[head_end..]).into_owned(),
    });
    let (status, text) = answers(action.trim_matches('"'));
    write!(
        stream,
        "HTTP/1.1 {status} Answer\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
        text.len()
    )?;
    stream.flush()
}

/// A station answer, checked against the XSD before it is used.
fn checked(element: &str, content: impl FnOnce(&mut Writer)) -> String {
    let text = soap::envelope(element, content);
    assert_valid(element, &text);
    text
}

fn verify_ok(due: Option<&str>) -> String {
    checked("paVerifyPaymentNoticeRes", |w| {
        w.leaf("outcome", "OK")
            .open("paymentList")
            .open("paymentOptionDescription")
            .leaf("amount", "20.00")
            .leaf("options", "EQ")
            .leaf_opt("dueDate", due)
            .leaf("allCCP", "false")
            .close()
            .close()
            .leaf("paymentDescription", "Ricarica Refezione scolastica")
            .leaf("fiscalCodePA", ENTE)
            .leaf("companyName", "Comune di Borgo Fittizio");
    })
}

/// (amount, remittance information, category) per transfer.
fn payment_ok(element: &str, transfers: &[(&str, &str, &str)]) -> String {
    checked(element, |w| {
        w.leaf("outcome", "OK")
            .open("data")
            .leaf("creditorReferenceId", &NOTICE[1..])
            .leaf("paymentAmount", "20.00")
            .leaf("dueDate", "2026-12-31")
            .leaf("description", "Ricarica Refezione scolastica")
            .leaf("companyName", "Comune di Borgo Fittizio")
            .open("debtor")
            .open("uniqueIdentifier")
            .leaf("entityUniqueIdentifierType", "F")
            .leaf("entityUniqueIdentifierValue", "RSSMRA80A01H501U")
            .close()
            .leaf("fullName", "Mario Rossi")
            .leaf("city", "Borgo Fittizio")
            .close()
            .open("transferList");
        for (i, (amount, remittance, category)) in transfers.iter().enumerate() {
            w.open("transfer")
                .leaf("idTransfer", &(i + 1).to_string())
                .leaf("transferAmount", amount)
                .leaf("fiscalCodePA", ENTE)
                .leaf("IBAN", "IT60X0542811101000000123456")
                .leaf("remittanceInformation", remittance)
                .leaf("transferCategory", category)
                .close();
        }
    })
}

fn outcome_ok(element: &str) -> String {
    checked(element, |w| {
        w.leaf("outcome", "OK");
    })
}

fn ko(element: &str, code: &str, description: &str) -> String {
    checked(element, |w| {
        w.leaf("outcome", "KO")
            .open("fault")
            .leaf("faultCode", code)
            .leaf("faultString", "Errore")
            .leaf("id", ENTE)
            .leaf("description", description)
            .close();
    })
}

/// The answers of a station that takes every step, V1 and V2 alike.
fn willing(transfers: &'static [(&'static str, &'static str, &'static str)]) -> Arc<Answers> {
    Arc::new(move |action: &str| match action {
        "paVerifyPaymentNotice" => (200, verify_ok(Some("2026-12-31"))),
        "paGetPaymentV2" => (200, payment_ok("paGetPaymentV2Response", transfers)),
        "paGetPayment" => (200, payment_ok("paGetPaymentRes", transfers)),
        "paSendRTV2" => (200, outcome_ok("paSendRTV2Response")),
        "paSendRT" => (200, outcome_ok("paSendRTRes")),
        _ => (500, soap::fault("PAA_SINTASSI_XSD", "unknown SOAPAction")),
    })
}

fn willing_station(transfers: &'static [(&'static str, &'static str, &'static str)]) -> Station {
    Station::listen(willing(transfers), None)
}

const TWO_TRANSFERS: &[(&str, &str, &str)] = &[
    ("15.00", "Refezione scolastica & merenda", "9/0107101TS/"),
    ("5.00", "Trasporto scolastico", "9/0107102SP/"),
];

#[test]
fn a_payment_sends_a_receipt_that_mirrors_the_payment_data() {
    let station = willing_station(TWO_TRANSFERS);
    let steps = pay(&station.url, NOTICE, &options());
    assert!(steps.paid(), "{:?}", steps.failure());
    assert_eq!(steps.verify.as_ref().unwrap().amount_cents, 2000);

    let seen = station.seen();
    let actions: Vec<&str> = seen.iter().map(|s| s.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "\"paVerifyPaymentNotice\"",
            "\"paGetPaymentV2\"",
            "\"paSendRTV2\""
        ]
    );
    for s in &seen {
        assert_eq!(s.content_type, "text/xml; charset=utf-8");
        assert_valid(&s.action, &s.body);
        let body = soap::read_body(&s.body).unwrap();
        assert_eq!(body.child_text("idPA"), Some(ENTE));
        assert_eq!(body.child_text("idStation"), Some("80001234568_01"));
    }
    let get = soap::read_body(&seen[1].body).unwrap();
    assert_eq!(
        get.child_text("amount"),
        Some("20.00"),
        "the verified amount"
    );

    let receipt = receipt_of(&seen[2].body);
    let id = receipt.child_text("receiptId").unwrap();
    assert!(
        id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()),
        "{id}"
    );
    assert_eq!(id, steps.receipt.as_ref().unwrap().0.receipt_id);
    assert_eq!(receipt.child_text("noticeNumber"), Some(NOTICE));
    assert_eq!(receipt.child_text("fiscalCode"), Some(ENTE));
    assert_eq!(
        receipt.child_text("creditorReferenceId"),
        Some(&NOTICE[1..])
    );
    assert_eq!(receipt.child_text("paymentAmount"), Some("20.00"));
    assert_eq!(
        receipt.child_text("description"),
        Some("Ricarica Refezione scolastica")
    );
    assert_eq!(
        receipt.child_text("companyName"),
        Some("Comune di Borgo Fittizio")
    );
    let debtor = receipt.child("debtor").unwrap();
    assert_eq!(debtor.child_text("fullName"), Some("Mario Rossi"));
    assert_eq!(debtor.child_text("city"), Some("Borgo Fittizio"));
    let transfers: Vec<_> = transfers_of(&receipt)
        .into_iter()
        .map(|t| {
            (
                t.child_text("transferAmount").unwrap(),
                t.child_text("remittanceInformation").unwrap(),
                t.child_text("transferCategory").unwrap(),
                t.child_text("IBAN").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        transfers,
        [
            (
                "15.00",
                "Refezione scolastica & merenda",
                "9/0107101TS/",
                "IT60X0542811101000000123456"
            ),
            (
                "5.00",
                "Trasporto scolastico",
                "9/0107102SP/",
                "IT60X0542811101000000123456"
            ),
        ]
    );
    assert_eq!(
        receipt.child_text("PSPCompanyName"),
        Some(sportello::pagopa::node::DEMO_PSP_NAME)
    );
    let paid_at = receipt.child_text("paymentDateTime").unwrap();
    let paid_at = chrono::DateTime::parse_from_rfc3339(paid_at).unwrap();
    assert!(
        [3600, 7200].contains(&paid_at.offset().local_minus_utc()),
        "Italian time: {paid_at}"
    );
    let age = chrono::Utc::now().signed_duration_since(paid_at);
    assert!(age.num_seconds().abs() < 60, "now: {paid_at}");
}

#[test]
fn the_v1_path_and_a_wrong_amount_keep_the_receipt_consistent() {
    let station = willing_station(TWO_TRANSFERS);
    let mut options = options();
    options.primitives = Primitives::V1;
    options.amount_cents = Some(1700);
    let steps = pay(&station.url, NOTICE, &options);
    assert!(steps.paid(), "{:?}", steps.failure());
    let seen = station.seen();
    let actions: Vec<&str> = seen.iter().map(|s| s.action.trim_matches('"')).collect();
    assert_eq!(
        actions,
        ["paVerifyPaymentNotice", "paGetPayment", "paSendRT"]
    );
    assert_valid("V1 receipt", &seen[2].body);
    let receipt = receipt_of(&seen[2].body);
    assert_eq!(receipt.child_text("paymentAmount"), Some("17.00"));
    let amounts: Vec<&str> = transfers_of(&receipt)
        .into_iter()
        .map(|t| t.child_text("transferAmount").unwrap())
        .collect();
    assert_eq!(amounts, ["12.00", "5.00"], "the transfers still add up");
}

#[test]
fn a_ko_stops_the_payment_at_its_step() {
    let station = Station::start(|action| match action {
        "paVerifyPaymentNotice" => (
            200,
            ko(
                "paVerifyPaymentNoticeRes",
                "PAA_PAGAMENTO_SCONOSCIUTO",
                "avviso inesistente",
            ),
        ),
        _ => panic!("no step after a KO"),
    });
    let steps = pay(&station.url, NOTICE, &options());
    match &steps.verify {
        Err(StepError::Ko(fault)) => {
            assert_eq!(fault.code, "PAA_PAGAMENTO_SCONOSCIUTO");
            assert_eq!(fault.description.as_deref(), Some("avviso inesistente"));
        }
        other => panic!("{other:?}"),
    }
    assert!(steps.payment.is_none() && steps.receipt.is_none());
    assert_eq!(station.seen().len(), 1);
}

#[test]
fn the_same_receipt_can_be_sent_again() {
    let station = willing_station(TWO_TRANSFERS);
    let steps = pay(&station.url, NOTICE, &options());
    let (receipt, _) = steps.receipt.unwrap();
    let node = sportello::pagopa::node::Node::new(&station.url, &Default::default()).unwrap();
    node.send_rt(Primitives::V2, &ids(), &receipt).unwrap();
    let seen = station.seen();
    assert_eq!(seen.len(), 4);
    assert_eq!(
        seen[2].body, seen[3].body,
        "the Node's retry is the same message"
    );
}

// ---- sportello pagopa pay -------------------------------------------------------------------------

fn sportello(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sportello"))
        .args(args)
        .env("SPORTELLO_DESK_LANGUAGE", "it")
        .env_remove("SPORTELLO_API")
        .env_remove("SPORTELLO_DB")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `sportello pagopa pay NOTICE --api URL ARGS...`
fn pay_command(url: &str, args: &[&str]) -> std::process::Output {
    sportello(&[&["pagopa", "pay", NOTICE, "--api", url], args].concat())
}

/// The command ended with this status and said this on stderr.
fn ended(out: &std::process::Output, code: i32, says: &str) {
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{stderr}");
    assert!(stderr.contains(says), "{stderr}");
}

#[test]
fn the_command_prints_each_step_in_italian_or_english() {
    const ONE: &[(&str, &str, &str)] = &[("20.00", "Refezione scolastica", "9/0107101TS/")];
    let station = willing_station(ONE);
    let out = sportello(&[
        "pagopa",
        "pay",
        "3020 0000 0000 0123 20",
        "--api",
        &station.url,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert_eq!(
        lines[0],
        "Verifica: OK, 20,00 €, Ricarica Refezione scolastica, scadenza 31/12/2026"
    );
    assert_eq!(lines[1], "Dati di pagamento: OK, 1 trasferimento");
    let sent = station.seen();
    let id = receipt_of(&sent[2].body)
        .child_text("receiptId")
        .unwrap()
        .to_string();
    assert_eq!(
        lines[2],
        format!("Ricevuta inviata: OK, 20,00 €, ricevuta {id}")
    );

    let english = [
        "--lang",
        "en",
        "--psp",
        "Banca di Prova",
        "--amount",
        "15,00",
    ];
    let out = pay_command(&station.url, &english);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let expected = "Verification: OK, 20,00 €, Ricarica Refezione scolastica, due 31/12/2026\n\
                    Payment data: OK, 1 transfer\n\
                    Receipt sent: OK, 15,00 €, receipt ";
    assert!(stdout.starts_with(expected), "{stdout}");
    let receipt = receipt_of(&station.seen()[5].body);
    assert_eq!(receipt.child_text("PSPCompanyName"), Some("Banca di Prova"));
    assert_eq!(receipt.child_text("paymentAmount"), Some("15.00"));
}

#[test]
fn the_command_says_why_a_payment_stopped() {
    let station = Station::start(|action| match action {
        "paVerifyPaymentNotice" => (200, verify_ok(None)),
        "paGetPaymentV2" => (
            200,
            ko(
                "paGetPaymentV2Response",
                "PAA_PAGAMENTO_SCADUTO",
                "avviso scaduto il 30/11/2026",
            ),
        ),
        _ => (500, soap::fault("PAA_SINTASSI_XSD", "unexpected")),
    });
    let out = pay_command(&station.url, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        "Verifica: OK, 20,00 €, Ricarica Refezione scolastica\n"
    );
    assert_eq!(
        text(&out.stderr),
        "sportello: Dati di pagamento: KO PAA_PAGAMENTO_SCADUTO, avviso scaduto il 30/11/2026\n"
    );

    let out = pay_command(&station.url, &["--id-pa", "77777777777"]);
    let seen = station.seen();
    let last = soap::read_body(&seen.last().unwrap().body).unwrap();
    assert_eq!(last.child_text("idPA"), Some("77777777777"));
    assert_eq!(last.child_text("idStation"), Some("80001234568_01"));
    assert_eq!(
        last.child("qrCode").unwrap().child_text("fiscalCode"),
        Some(ENTE),
        "the qrCode keeps the ente's code"
    );
    assert_eq!(out.status.code(), Some(1));

    // Nothing listens on a port just released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let out = pay_command(&url, &[]);
    ended(
        &out,
        2,
        &format!("sportello: stazione non raggiungibile ({url})"),
    );
    assert!(out.stdout.is_empty());
    assert_eq!(text(&out.stderr).lines().count(), 1);
}

#[test]
fn a_soap_fault_or_a_bare_http_error_is_reported_as_such() {
    let station = Station::start(|action| match action {
        "paVerifyPaymentNotice" => (500, soap::fault("PAA_SINTASSI_XSD", "noticeNumber")),
        _ => (404, "not here".into()),
    });
    let steps = pay(&station.url, NOTICE, &options());
    assert!(matches!(
        &steps.verify,
        Err(StepError::SoapFault { fault: Some(f), .. }) if f.code == "PAA_SINTASSI_XSD"
    ));
    let node = sportello::pagopa::node::Node::new(&station.url, &Default::default()).unwrap();
    assert_eq!(
        node.get_payment(Primitives::V2, &ids(), &qr(), None),
        Err(StepError::Http(404))
    );
}

// ---- mutual TLS -----------------------------------------------------------------------------------

/// A test authority, the station's certificate for 127.0.0.1 and the Node's client certificate,
/// written as PEM files; and the station's TLS set-up, which asks for a client certificate from
/// that authority.
fn mutual_tls(dir: &Path) -> Arc<rustls::ServerConfig> {
    use rcgen::{
        BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    };
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "Autorità di prova");
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::from_params(&ca_params, &ca_key);
    let signed = |name: &str, purpose| {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(vec![name.to_string()]).unwrap();
        params.distinguished_name.push(DnType::CommonName, name);
        params.extended_key_usages = vec![purpose];
        (params.signed_by(&key, &issuer).unwrap(), key)
    };
    let (station, station_key) = signed("127.0.0.1", ExtendedKeyUsagePurpose::ServerAuth);
    let (node, node_key) = signed("nodo.example", ExtendedKeyUsagePurpose::ClientAuth);
    std::fs::write(dir.join("ca.pem"), ca.pem()).unwrap();
    std::fs::write(dir.join("node.pem"), node.pem()).unwrap();
    std::fs::write(dir.join("node.key"), node_key.serialize_pem()).unwrap();

    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    roots.add(ca.der().clone()).unwrap();
    let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(
        Arc::new(roots),
        provider.clone(),
    )
    .build()
    .unwrap();
    let key = rustls::pki_types::PrivatePkcs8KeyDer::from(station_key.serialize_der());
    Arc::new(
        rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_client_cert_verifier(verifier)
            .with_single_cert(vec![station.der().clone()], key.into())
            .unwrap(),
    )
}

#[test]
fn a_station_behind_mutual_tls_is_paid_with_the_node_certificate_only() {
    let dir = tempfile::tempdir().unwrap();
    let config = mutual_tls(dir.path());
    let station = Station::listen(willing(TWO_TRANSFERS), Some(config));
    let file = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let (ca, cert, key) = (file("ca.pem"), file("node.pem"), file("node.key"));
    let out = pay_command(&station.url, &["--ca", &ca, "--cert", &cert, "--key", &key]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).lines().count(), 3);
    assert_eq!(station.seen().len(), 3);

    // Without the client certificate the station refuses the connection: nothing reaches it.
    let out = pay_command(&station.url, &["--ca", &ca]);
    ended(&out, 2, "CertificateRequired");
    // Without --ca the station's certificate is not trusted.
    let out = pay_command(&station.url, &["--cert", &cert, "--key", &key]);
    ended(&out, 2, "UnknownIssuer");
    assert_eq!(station.seen().len(), 3);
    // A key that is not one is refused before anything is sent.
    let out = pay_command(&station.url, &["--ca", &ca, "--cert", &cert, "--key", &ca]);
    ended(&out, 1, "--cert/--key");
}
