//! The station's answers, read into what the Node goes on with: OK with its data, or why not.

use chrono::NaiveDate;

use crate::pagopa::soap::{self, ENVELOPE_NS, PA_FOR_NODE_NS};
use crate::pagopa::xml::Element;

/// A pagoPA fault bean: the code the Node acts on, and the station's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub code: String,
    pub string: String,
    pub description: Option<String>,
}

/// Why a step did not come to OK.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    /// The station answered `<outcome>KO</outcome>` with this fault.
    #[error("KO {}: {}", .0.code, .0.description.as_deref().unwrap_or(&.0.string))]
    Ko(Fault),
    /// A SOAP fault instead of an answer (a request the station could not read at all).
    #[error("SOAP fault {code}: {string}")]
    SoapFault {
        code: String,
        string: String,
        fault: Option<Fault>,
    },
    /// An HTTP error status without a SOAP answer.
    #[error("HTTP {0}")]
    Http(u16),
    /// An answer that is not the expected element, or lacks what the schema requires.
    #[error("unexpected answer: {0}")]
    Invalid(String),
    /// No answer at all: the station cannot be reached, or did not answer in time.
    #[error("station unreachable: {0}")]
    Unreachable(String),
}

/// The verify answer: what the notice asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub amount_cents: i64,
    /// `EQ` (exactly this amount) for every notice sportello makes.
    pub options: String,
    pub due_date: Option<NaiveDate>,
    pub detail_description: Option<String>,
    pub payment_description: Option<String>,
    pub fiscal_code_pa: Option<String>,
    pub company_name: Option<String>,
    pub office_name: Option<String>,
}

impl Verified {
    /// What the payment is for, as the PSP shows it to the parent.
    pub fn description(&self) -> Option<&str> {
        self.payment_description
            .as_deref()
            .or(self.detail_description.as_deref())
    }
}

/// The payment data of paGetPayment(V2): what the receipt will mirror.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentData {
    pub creditor_reference_id: String,
    pub amount_cents: i64,
    pub due_date: NaiveDate,
    pub description: String,
    pub company_name: Option<String>,
    pub office_name: Option<String>,
    pub debtor: Subject,
    pub transfers: Vec<Transfer>,
}

/// A debtor or payer (`ctSubject`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// `F` a person, `G` an organisation.
    pub kind: String,
    /// The codice fiscale (or VAT number).
    pub id: String,
    pub full_name: String,
    /// The optional address fields present, by element name, in the schema's order.
    pub details: Vec<(&'static str, String)>,
}

/// The optional elements of `ctSubject`, in the order the schema requires.
pub const SUBJECT_DETAILS: [&str; 7] = [
    "streetName",
    "civicNumber",
    "postalCode",
    "city",
    "stateProvinceRegion",
    "country",
    "e-mail",
];

/// One transfer: whose money, to which account, for which service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    pub id: u8,
    pub amount_cents: i64,
    pub fiscal_code_pa: String,
    pub company_name: Option<String>,
    pub iban: String,
    pub remittance_information: String,
    pub transfer_category: String,
}

/// Reads the station's HTTP answer to a request that expects `expected` (`paVerifyPaymentNoticeRes`):
/// the element when its outcome is OK, otherwise why not.
pub fn read(expected: &str, status: u16, body: &str) -> Result<Element, StepError> {
    let success = (200..300).contains(&status);
    let element = match soap::read_body(body) {
        Ok(element) => element,
        Err(_) if !success => return Err(StepError::Http(status)),
        Err(e) => return Err(StepError::Invalid(e.to_string())),
    };
    if element.name == "Fault" && element.namespace.as_deref() == Some(ENVELOPE_NS) {
        return Err(soap_fault(&element));
    }
    if element.name != expected || element.namespace.as_deref() != Some(PA_FOR_NODE_NS) {
        if !success {
            return Err(StepError::Http(status));
        }
        return Err(StepError::Invalid(format!(
            "expected {expected}, found {}",
            element.name
        )));
    }
    match element.child_text("outcome") {
        Some("OK") => Ok(element),
        Some("KO") => Err(StepError::Ko(
            element
                .child("fault")
                .map(fault_bean)
                .transpose()?
                .ok_or_else(|| StepError::Invalid("KO without a fault".into()))?,
        )),
        _ => Err(StepError::Invalid("outcome is neither OK nor KO".into())),
    }
}

fn soap_fault(element: &Element) -> StepError {
    let bean = element
        .child("detail")
        .and_then(|d| d.child("fault"))
        .and_then(|f| fault_bean(f).ok());
    StepError::SoapFault {
        code: element.child_text("faultcode").unwrap_or_default().into(),
        string: element.child_text("faultstring").unwrap_or_default().into(),
        fault: bean,
    }
}

fn fault_bean(fault: &Element) -> Result<Fault, StepError> {
    Ok(Fault {
        code: required(fault, "faultCode")?.into(),
        string: required(fault, "faultString")?.into(),
        description: optional(fault, "description"),
    })
}

/// The data of an OK paVerifyPaymentNoticeRes.
pub fn verified(answer: &Element) -> Result<Verified, StepError> {
    let option = answer
        .child("paymentList")
        .and_then(|l| l.child("paymentOptionDescription"))
        .ok_or_else(|| StepError::Invalid("OK without paymentList".into()))?;
    Ok(Verified {
        amount_cents: amount_of(option, "amount")?,
        options: required(option, "options")?.into(),
        due_date: option.child_text("dueDate").map(date).transpose()?,
        detail_description: optional(option, "detailDescription"),
        payment_description: optional(answer, "paymentDescription"),
        fiscal_code_pa: optional(answer, "fiscalCodePA"),
        company_name: optional(answer, "companyName"),
        office_name: optional(answer, "officeName"),
    })
}

/// The data of an OK paGetPaymentRes or paGetPaymentV2Response.
pub fn payment_data(answer: &Element) -> Result<PaymentData, StepError> {
    let data = answer
        .child("data")
        .ok_or_else(|| StepError::Invalid("OK without data".into()))?;
    let debtor = data
        .child("debtor")
        .ok_or_else(|| missing("debtor"))
        .and_then(subject)?;
    let transfers = data
        .child("transferList")
        .ok_or_else(|| missing("transferList"))?
        .children_named("transfer")
        .map(transfer)
        .collect::<Result<Vec<_>, _>>()?;
    if transfers.is_empty() {
        return Err(missing("transfer"));
    }
    Ok(PaymentData {
        creditor_reference_id: required(data, "creditorReferenceId")?.into(),
        amount_cents: amount_of(data, "paymentAmount")?,
        due_date: date(required(data, "dueDate")?)?,
        description: required(data, "description")?.into(),
        company_name: optional(data, "companyName"),
        office_name: optional(data, "officeName"),
        debtor,
        transfers,
    })
}

fn subject(element: &Element) -> Result<Subject, StepError> {
    let id = element
        .child("uniqueIdentifier")
        .ok_or_else(|| missing("uniqueIdentifier"))?;
    Ok(Subject {
        kind: required(id, "entityUniqueIdentifierType")?.into(),
        id: required(id, "entityUniqueIdentifierValue")?.into(),
        full_name: required(element, "fullName")?.into(),
        details: SUBJECT_DETAILS
            .iter()
            .filter_map(|name| optional(element, name).map(|v| (*name, v)))
            .collect(),
    })
}

fn transfer(element: &Element) -> Result<Transfer, StepError> {
    let id = required(element, "idTransfer")?;
    Ok(Transfer {
        id: id
            .parse()
            .map_err(|_| StepError::Invalid(format!("idTransfer {id:?}")))?,
        amount_cents: amount_of(element, "transferAmount")?,
        fiscal_code_pa: required(element, "fiscalCodePA")?.into(),
        company_name: optional(element, "companyName"),
        // A transfer may ask for a marca da bollo instead; no school service does.
        iban: required(element, "IBAN")?.into(),
        remittance_information: required(element, "remittanceInformation")?.into(),
        transfer_category: required(element, "transferCategory")?.into(),
    })
}

fn missing(name: &str) -> StepError {
    StepError::Invalid(format!("{name} missing"))
}

fn required<'a>(element: &'a Element, name: &str) -> Result<&'a str, StepError> {
    element.child_text(name).ok_or_else(|| missing(name))
}

fn optional(element: &Element, name: &str) -> Option<String> {
    element.child_text(name).map(str::to_string)
}

fn amount_of(element: &Element, name: &str) -> Result<i64, StepError> {
    let text = required(element, name)?;
    cents(text).ok_or_else(|| StepError::Invalid(format!("{name} {text:?}")))
}

/// `20.00` → `2000`. The Node does not trust the station: anything but the schema's `\d+\.\d{2}`
/// (`20`, `10.5`, `1,00`) is refused.
fn cents(text: &str) -> Option<i64> {
    let (euros, decimals) = text.split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(euros) || decimals.len() != 2 || !digits(decimals) {
        return None;
    }
    Some(euros.parse::<i64>().ok()? * 100 + decimals.parse::<i64>().ok()?)
}

fn date(text: &str) -> Result<NaiveDate, StepError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| StepError::Invalid(format!("date {text:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/pagopa/examples");

    fn example(name: &str) -> String {
        std::fs::read_to_string(format!("{EXAMPLES}/{name}")).unwrap()
    }

    #[test]
    fn amounts_are_read_only_as_the_schema_writes_them() {
        assert_eq!(cents("20.00"), Some(2000));
        assert_eq!(cents("999999999.99"), Some(99_999_999_999));
        for bad in [
            "20",
            "10.5",
            "1,00",
            "-1.00",
            ".50",
            "1.001",
            "1000000000.00",
            "",
        ] {
            assert_eq!(cents(bad), None, "{bad}");
        }
    }

    #[test]
    fn reads_the_published_verify_answer() {
        let answer = read(
            "paVerifyPaymentNoticeRes",
            200,
            &example("200PaVerifyPaymentNotice.xml"),
        );
        let v = verified(&answer.unwrap()).unwrap();
        assert_eq!(v.amount_cents, 3000);
        assert_eq!(v.due_date, NaiveDate::from_ymd_opt(2021, 12, 31));
        assert_eq!(v.description(), Some("payment"));
        assert_eq!(v.company_name.as_deref(), Some("company EC"));
    }

    #[test]
    fn a_published_v1_answer_without_transfer_category_is_refused_by_name() {
        let answer = read("paGetPaymentRes", 200, &example("200PaGetPayment.xml")).unwrap();
        assert_eq!(
            payment_data(&answer),
            Err(StepError::Invalid("transferCategory missing".into()))
        );
    }

    #[test]
    fn ko_soap_faults_and_http_errors_are_told_apart() {
        let ko = soap::envelope("paSendRTV2Response", |w| {
            w.leaf("outcome", "KO")
                .open("fault")
                .leaf("faultCode", "PAA_PAGAMENTO_SCONOSCIUTO")
                .leaf("faultString", "Pagamento sconosciuto")
                .leaf("id", "80001234568")
                .leaf("description", "avviso inesistente")
                .close();
        });
        let Err(StepError::Ko(fault)) = read("paSendRTV2Response", 200, &ko) else {
            panic!("a KO")
        };
        assert_eq!(fault.code, "PAA_PAGAMENTO_SCONOSCIUTO");
        assert_eq!(fault.description.as_deref(), Some("avviso inesistente"));

        let soap_fault = soap::fault("PAA_SINTASSI_XSD", "noticeNumber");
        match read("paSendRTV2Response", 500, &soap_fault) {
            Err(StepError::SoapFault { code, fault, .. }) => {
                assert_eq!(code, "soapenv:Client");
                assert_eq!(fault.unwrap().code, "PAA_SINTASSI_XSD");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            read("paSendRTV2Response", 502, "<html>Bad gateway</html>"),
            Err(StepError::Http(502))
        );
        let wrong = soap::envelope("paSendRTRes", |w| {
            w.leaf("outcome", "OK");
        });
        assert!(matches!(
            read("paSendRTV2Response", 200, &wrong),
            Err(StepError::Invalid(_))
        ));
    }
}
