//! Talking to the station as the pagoPA Node does, and checking each answer with xmllint against the
//! official schema (`../shared/pagopa`, beside the repository).

use std::path::{Path, PathBuf};
use std::process::Command;

pub const PAFN: &str = "http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd";

pub fn schema() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/pagopa/wsdl/xsd/paForNode.xsd");
    assert!(
        p.exists(),
        "{} is missing: ../shared must sit beside the repository",
        p.display()
    );
    p
}

/// The station's identity for a store whose ente is `common::ente()`.
pub const ID_PA: &str = "80001234568";
pub const ID_STATION: &str = "80001234568_01";

/// `<soapenv:Envelope>` around a `pafn:` request element.
pub fn envelope(element: &str, inner: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:pafn="{PAFN}"><soapenv:Body><pafn:{element}>{inner}</pafn:{element}></soapenv:Body></soapenv:Envelope>"#
    )
}

pub fn identity(id_pa: &str, broker: &str, station: &str) -> String {
    format!("<idPA>{id_pa}</idPA><idBrokerPA>{broker}</idBrokerPA><idStation>{station}</idStation>")
}

pub fn ours() -> String {
    identity(ID_PA, ID_PA, ID_STATION)
}

pub fn verify(number: &str) -> String {
    envelope(
        "paVerifyPaymentNoticeReq",
        &format!(
            "{}<qrCode><fiscalCode>{ID_PA}</fiscalCode><noticeNumber>{number}</noticeNumber></qrCode>",
            ours()
        ),
    )
}

pub fn get_payment(number: &str, v2: bool) -> String {
    envelope(
        if v2 {
            "paGetPaymentV2Request"
        } else {
            "paGetPaymentReq"
        },
        &format!(
            "{}<qrCode><fiscalCode>{ID_PA}</fiscalCode><noticeNumber>{number}</noticeNumber></qrCode>",
            ours()
        ),
    )
}

/// A receipt as the Node sends it (`v2`: paSendRTV2).
pub fn send_rt(receipt_id: &str, number: &str, amount: &str, outcome: &str, v2: bool) -> String {
    let iuv = &number[1..];
    let transfer = format!(
        "<transfer><idTransfer>1</idTransfer><transferAmount>{amount}</transferAmount><fiscalCodePA>{ID_PA}</fiscalCodePA>\
         <IBAN>IT60X0542811101000000123456</IBAN><remittanceInformation>Ricarica</remittanceInformation>\
         <transferCategory>9/0107101TS/</transferCategory></transfer>"
    );
    let inner = format!(
        "{ours}<receipt><receiptId>{receipt_id}</receiptId><noticeNumber>{number}</noticeNumber><fiscalCode>{ID_PA}</fiscalCode>\
         <outcome>{outcome}</outcome><creditorReferenceId>{iuv}</creditorReferenceId><paymentAmount>{amount}</paymentAmount>\
         <description>Ricarica Refezione scolastica</description><companyName>Comune di Prova</companyName>\
         <debtor><uniqueIdentifier><entityUniqueIdentifierType>F</entityUniqueIdentifierType>\
         <entityUniqueIdentifierValue>RSSMRA80A01H501U</entityUniqueIdentifierValue></uniqueIdentifier><fullName>Mario Rossi</fullName></debtor>\
         <transferList>{transfer}</transferList><idPSP>BCITITMM</idPSP><PSPCompanyName>Banca di Prova</PSPCompanyName>\
         <idChannel>BCITITMM_01</idChannel><channelDescription>app</channelDescription><paymentMethod>creditCard</paymentMethod>\
         <fee>1.00</fee><paymentDateTime>2026-12-02T09:15:00Z</paymentDateTime></receipt>",
        ours = ours()
    );
    envelope(
        if v2 {
            "paSendRTV2Request"
        } else {
            "paSendRTReq"
        },
        &inner,
    )
}

pub struct Reply {
    pub status: u16,
    pub body: String,
}

pub fn post(url: &str, body: &str) -> Reply {
    post_as(url, body.as_bytes(), "text/xml; charset=utf-8")
}

pub fn post_as(url: &str, body: &[u8], content_type: &str) -> Reply {
    post_with(&reqwest::blocking::Client::new(), url, body, content_type)
}

/// As `post_as`, on a client kept across requests (its connections reused, as the Node's are).
pub fn post_with(
    client: &reqwest::blocking::Client,
    url: &str,
    body: &[u8],
    content_type: &str,
) -> Reply {
    let resp = client
        .post(format!("{url}/pagopa/paForNode"))
        .header("Content-Type", content_type)
        .header("SOAPAction", "\"op\"")
        .body(body.to_vec())
        .send()
        .unwrap();
    let status = resp.status().as_u16();
    let ct = resp
        .headers()
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(ct.starts_with("text/xml"), "content type {ct}");
    Reply {
        status,
        body: resp.text().unwrap(),
    }
}

/// The element inside `soapenv:Body`, with the envelope's namespace declarations copied onto it:
/// xmllint validates a document whose root is a schema element.
pub fn body_element(envelope: &str) -> String {
    let start = envelope
        .find("<soapenv:Envelope")
        .expect("a soapenv:Envelope");
    let tag_end = start + envelope[start..].find('>').unwrap();
    let declarations = &envelope[start + "<soapenv:Envelope".len()..tag_end];
    let open = "<soapenv:Body>";
    let from = envelope.find(open).expect("a soapenv:Body") + open.len();
    let to = envelope.rfind("</soapenv:Body>").unwrap();
    let inner = envelope[from..to].trim();
    let name_end = inner
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap();
    format!(
        "{}{}{}",
        &inner[..name_end],
        declarations,
        &inner[name_end..]
    )
}

/// xmllint's verdict on an element against the official schema: Ok, or its complaint.
pub fn xmllint(element: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("body.xml");
    std::fs::write(&file, element).unwrap();
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schema())
        .arg(&file)
        .output()
        .expect("xmllint is missing: run scripts/test.sh, which installs libxml2-utils");
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// The answer's body element is valid against the schema; the answer itself for further checks.
pub fn valid(reply: &Reply) -> sportello::pagopa::xml::Element {
    let element = body_element(&reply.body);
    if let Err(e) = xmllint(&element) {
        panic!("the station's answer is not valid against paForNode.xsd:\n{e}\n{element}");
    }
    sportello::pagopa::soap::read_body(&reply.body).unwrap()
}

/// The fault code of a KO answer (after checking it is valid and KO).
pub fn fault_code(reply: &Reply) -> String {
    assert_eq!(reply.status, 200, "{}", reply.body);
    let e = valid(reply);
    assert_eq!(e.child_text("outcome"), Some("KO"), "{}", reply.body);
    e.child("fault")
        .unwrap()
        .child_text("faultCode")
        .unwrap()
        .to_string()
}
