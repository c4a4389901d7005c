//! The comune's pagoPA station: what `POST /pagopa/paForNode` answers the Node.
//!
//! A request is read (`soap`), checked against the schema (`schema`), addressed to this station
//! (`StationSettings`), then answered from the payment positions (`PaymentPositions`, the store).
//! A business refusal is the operation's response with `<outcome>KO</outcome>` and its fault (HTTP
//! 200), as pagoPA's stations answer; a request that cannot be read at all is a SOAP 1.1 Fault (HTTP
//! 500, as SOAP 1.1 says).

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::StationSettings;
use super::schema;
use super::soap::{self, PA_FOR_NODE_NS, SoapError};
use super::xml::{Element, Writer};
use crate::domain::money::Amount;
use crate::domain::notice::NoticeNumber;
use crate::domain::notice::{NoticeState, ReceiptAnomaly};

/// A request body larger than this is refused unread.
pub const MAX_BODY: usize = 1024 * 1024;

/// A notice as the Node sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub number: NoticeNumber,
    pub iuv: String,
    /// Pending, paid or cancelled; expired when pending past its due date.
    pub state: NoticeState,
    pub amount: Amount,
    pub description: String,
    /// The notice's own, or the end of the school year it was issued in.
    pub due_date: NaiveDate,
    pub company_name: String,
    pub ente_fiscal_code: String,
    pub debtor: Debtor,
    /// One per service, in the order of the notice.
    pub transfers: Vec<Transfer>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Debtor {
    pub cf: String,
    pub full_name: String,
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    pub amount: Amount,
    pub service_name: String,
    /// The pagoPA taxonomy code (`transferCategory`).
    pub category: String,
}

/// A receipt as the Node delivered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeReceipt {
    pub receipt_id: String,
    pub notice_number: String,
    pub fiscal_code: String,
    pub outcome_ok: bool,
    pub amount_cents: i64,
    pub psp: String,
    pub method: Option<String>,
    /// Italian time; none when the receipt gives no time (then the time received).
    pub paid_at: Option<NaiveDateTime>,
    pub version: u8,
    /// The whole request, kept as received.
    pub body: String,
}

/// What became of a delivered receipt.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum ReceiptFate {
    Credited,
    /// The same `receiptId` again: nothing done.
    AlreadyReceived,
    /// Kept, not credited: on the supervisors' list.
    Anomaly(ReceiptAnomaly),
}

/// What the store answers the station: a failure is only said (the Node gets PAA_SYSTEM_ERROR and
/// retries), so a plain message.
pub type Answered<T> = Result<T, String>;

/// The data the station answers from: the store.
pub trait PaymentPositions: Send + Sync {
    /// The notice with this number.
    fn position(&self, number: &NoticeNumber) -> Answered<Option<Position>>;
    /// The Node is taking the notice's payment data now (the desk is warned before cancelling it).
    fn payment_fetched(&self, number: &NoticeNumber) -> Answered<()>;
    /// Stores a receipt once per `receiptId` and credits it when it matches a payable notice.
    fn receive(&self, receipt: &NodeReceipt, payable_after_due: bool) -> Answered<ReceiptFate>;
}

impl<T: PaymentPositions + ?Sized> PaymentPositions for std::sync::Arc<T> {
    fn position(&self, number: &NoticeNumber) -> Answered<Option<Position>> {
        (**self).position(number)
    }
    fn payment_fetched(&self, number: &NoticeNumber) -> Answered<()> {
        (**self).payment_fetched(number)
    }
    fn receive(&self, receipt: &NodeReceipt, payable_after_due: bool) -> Answered<ReceiptFate> {
        (**self).receive(receipt, payable_after_due)
    }
}

/// An HTTP answer: status and SOAP body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub body: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Operation {
    Verify,
    GetPayment { v2: bool },
    SendRt { v2: bool },
    Demand,
}

impl Operation {
    fn of(name: &str) -> Option<Operation> {
        Some(match name {
            "paVerifyPaymentNoticeReq" => Operation::Verify,
            "paGetPaymentReq" => Operation::GetPayment { v2: false },
            "paGetPaymentV2Request" => Operation::GetPayment { v2: true },
            "paSendRTReq" => Operation::SendRt { v2: false },
            "paSendRTV2Request" => Operation::SendRt { v2: true },
            "paDemandPaymentNoticeRequest" => Operation::Demand,
            _ => return None,
        })
    }

    fn response(self) -> &'static str {
        match self {
            Operation::Verify => "paVerifyPaymentNoticeRes",
            Operation::GetPayment { v2: false } => "paGetPaymentRes",
            Operation::GetPayment { v2: true } => "paGetPaymentV2Response",
            Operation::SendRt { v2: false } => "paSendRTRes",
            Operation::SendRt { v2: true } => "paSendRTV2Response",
            Operation::Demand => "paDemandPaymentNoticeResponse",
        }
    }
}

/// What an OK answer carries after its outcome.
enum Content {
    Verify(Position),
    /// paGetPayment's data; `true` for V2.
    Payment(Position, bool),
    Nothing,
}

/// A business refusal: the pagoPA fault code and what to tell the Node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: &'static str,
    pub description: String,
}

fn refusal(code: &'static str, description: impl Into<String>) -> Refusal {
    Refusal {
        code,
        description: description.into(),
    }
}

pub struct Station<P> {
    settings: StationSettings,
    positions: P,
}

impl<P: PaymentPositions> Station<P> {
    pub fn new(settings: StationSettings, positions: P) -> Station<P> {
        Station {
            settings,
            positions,
        }
    }

    /// The answer to one request body.
    pub fn answer(&self, body: &[u8]) -> Answer {
        if body.len() > MAX_BODY {
            return soap_fault("PAA_SINTASSI_EXTRAXSD", "the request is larger than 1 MiB");
        }
        let Ok(text) = std::str::from_utf8(body) else {
            return soap_fault("PAA_SINTASSI_EXTRAXSD", "the request is not UTF-8");
        };
        let element = match soap::read_body(text) {
            Ok(e) => e,
            Err(SoapError::Xml(e)) => return soap_fault("PAA_SINTASSI_EXTRAXSD", &e.to_string()),
            Err(e) => return soap_fault("PAA_SINTASSI_XSD", &e.to_string()),
        };
        let operation = match Operation::of(&element.name) {
            Some(op) if element.namespace.as_deref() == Some(PA_FOR_NODE_NS) => op,
            Some(_) => {
                return soap_fault(
                    "PAA_SINTASSI_XSD",
                    "the operation is not in the paForNode namespace",
                );
            }
            None => return soap_fault("PAA_SINTASSI_XSD", "unknown operation"),
        };
        let outcome = schema::check_request(&element)
            .map_err(|v| refusal("PAA_SINTASSI_XSD", v.to_string()))
            .and_then(|()| self.check_identity(&element))
            .and_then(|()| self.serve(operation, &element, text));
        let response = operation.response();
        let body = match outcome {
            Ok(content) => soap::envelope(response, |w| {
                w.leaf("outcome", "OK");
                match &content {
                    Content::Verify(p) => write_verify(w, p),
                    Content::Payment(p, v2) => write_payment(w, p, &self.settings.iban, *v2),
                    Content::Nothing => {}
                }
            }),
            Err(r)
                if r.code == "PAA_SYSTEM_ERROR"
                    && matches!(operation, Operation::SendRt { .. }) =>
            {
                // A receipt answered KO is never sent again: when the store could not take it, an
                // error the Node retries (48 times, an hour apart) rather than a KO.
                tracing::error!(operation = response, "station: {}", r.description);
                return soap_fault(
                    "PAA_SYSTEM_ERROR",
                    "the receipt could not be stored now; retry",
                );
            }
            Err(r) => {
                if r.code == "PAA_SYSTEM_ERROR" {
                    tracing::error!(operation = response, "station: {}", r.description);
                } else {
                    tracing::info!(operation = response, fault = r.code, "station refusal");
                }
                soap::envelope(response, |w| {
                    w.leaf("outcome", "KO").open("fault");
                    w.leaf("faultCode", r.code)
                        .leaf("faultString", fault_string(r.code))
                        .leaf("id", &self.settings.id_pa)
                        .leaf("description", &r.description)
                        .close();
                })
            }
        };
        Answer { status: 200, body }
    }

    fn check_identity(&self, request: &Element) -> Result<(), Refusal> {
        let s = &self.settings;
        if request.child_text("idPA") != Some(s.id_pa.as_str()) {
            return Err(refusal("PAA_ID_DOMINIO_ERRATO", "idPA is not this ente"));
        }
        if request.child_text("idBrokerPA") != Some(s.id_broker_pa.as_str()) {
            return Err(refusal(
                "PAA_ID_INTERMEDIARIO_ERRATO",
                "idBrokerPA is not this station's broker",
            ));
        }
        if request.child_text("idStation") != Some(s.id_station.as_str()) {
            return Err(refusal(
                "PAA_STAZIONE_INT_ERRATA",
                "idStation is not this station",
            ));
        }
        Ok(())
    }

    /// The operation's own content after `<outcome>OK</outcome>`, or its refusal.
    fn serve(&self, op: Operation, request: &Element, text: &str) -> Result<Content, Refusal> {
        match op {
            Operation::Verify => Ok(Content::Verify(self.payable(request, false)?)),
            Operation::GetPayment { v2 } => Ok(Content::Payment(self.payable(request, true)?, v2)),
            Operation::SendRt { v2 } => {
                let receipt = read_receipt(request, v2, text)?;
                let fate = self
                    .positions
                    .receive(&receipt, self.settings.payable_after_due)
                    .map_err(|e| refusal("PAA_SYSTEM_ERROR", e))?;
                tracing::info!(fate = ?fate, "station: receipt");
                Ok(Content::Nothing)
            }
            Operation::Demand => Err(refusal(
                "PAA_SEMANTICA",
                "paDemandPaymentNotice is not offered",
            )),
        }
    }

    /// The notice a verify or getPayment names, when it can be paid; otherwise the spec's fault.
    fn payable(&self, request: &Element, fetched: bool) -> Result<Position, Refusal> {
        let qr = request.child("qrCode").expect("checked by the schema");
        let number_text = qr.child_text("noticeNumber").unwrap_or_default();
        let number = NoticeNumber::parse(number_text).map_err(|_| {
            refusal(
                "PAA_SEMANTICA",
                "the notice number's check digits are wrong",
            )
        })?;
        let position = self
            .positions
            .position(&number)
            .map_err(|e| refusal("PAA_SYSTEM_ERROR", e))?
            .ok_or_else(|| refusal("PAA_PAGAMENTO_SCONOSCIUTO", "no such notice"))?;
        if qr.child_text("fiscalCode") != Some(position.ente_fiscal_code.as_str()) {
            return Err(refusal(
                "PAA_ID_DOMINIO_ERRATO",
                "the notice's fiscal code is not this ente's",
            ));
        }
        match position.state {
            NoticeState::Paid => {
                return Err(refusal(
                    "PAA_PAGAMENTO_DUPLICATO",
                    "the notice is already paid",
                ));
            }
            NoticeState::Cancelled => {
                return Err(refusal(
                    "PAA_PAGAMENTO_ANNULLATO",
                    "the notice was cancelled",
                ));
            }
            NoticeState::Expired if !self.settings.payable_after_due => {
                return Err(refusal(
                    "PAA_PAGAMENTO_SCADUTO",
                    "the notice is past its due date",
                ));
            }
            NoticeState::Pending | NoticeState::Expired => {}
        }
        if position.transfers.is_empty() || position.transfers.len() > 5 {
            return Err(refusal(
                "PAA_SEMANTICA",
                "the notice cannot be split into 1 to 5 transfers",
            ));
        }
        if fetched {
            // Marked only once the answer is sure to be OK: the desk's warning means "being paid".
            self.positions
                .payment_fetched(&number)
                .map_err(|e| refusal("PAA_SYSTEM_ERROR", e))?;
        }
        Ok(position)
    }
}

fn soap_fault(code: &str, description: &str) -> Answer {
    tracing::info!(fault = code, "station: SOAP fault: {description}");
    Answer {
        status: 500,
        body: soap::fault(code, description),
    }
}

/// The fault strings of pagoPA's published list for an ente's station.
fn fault_string(code: &str) -> &'static str {
    match code {
        "PAA_PAGAMENTO_SCONOSCIUTO" => {
            "Pagamento in attesa risulta sconosciuto all’Ente Creditore."
        }
        "PAA_PAGAMENTO_DUPLICATO" => "Pagamento in attesa risulta concluso all’Ente Creditore.",
        "PAA_PAGAMENTO_ANNULLATO" => "Pagamento in attesa risulta annullato all’Ente Creditore.",
        "PAA_PAGAMENTO_SCADUTO" => "Pagamento in attesa risulta scaduto all’Ente Creditore.",
        "PAA_ID_DOMINIO_ERRATO" => "La PAA non corrisponde al Dominio indicato.",
        "PAA_ID_INTERMEDIARIO_ERRATO" => "Identificativo intermediario non corrispondente.",
        "PAA_STAZIONE_INT_ERRATA" => "Stazione intermediario non corrispondente.",
        "PAA_SINTASSI_XSD" => "Errore di sintassi XSD.",
        "PAA_SINTASSI_EXTRAXSD" => "Errore di sintassi extra XSD.",
        "PAA_SEMANTICA" => "Errore semantico.",
        _ => "Errore generico.",
    }
}

/// `12.34` from cents.
pub fn decimal(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// Cents from a schema-checked `\d+\.\d{2}`.
fn cents_of(text: &str) -> Option<i64> {
    let (units, cents) = text.trim().split_once('.')?;
    units
        .parse::<i64>()
        .ok()?
        .checked_mul(100)?
        .checked_add(cents.parse().ok()?)
}

/// At most `max` characters (the schema's text lengths).
fn cut(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

fn write_verify(w: &mut Writer, p: &Position) {
    w.open("paymentList").open("paymentOptionDescription");
    w.leaf("amount", &decimal(p.amount.get()))
        .leaf("options", "EQ")
        .leaf("dueDate", &p.due_date.to_string())
        .leaf("detailDescription", &cut(&p.description, 140))
        // The transfers go to a bank account, not a postal one.
        .leaf("allCCP", "false")
        .close()
        .close();
    w.leaf("paymentDescription", &cut(&p.description, 140))
        .leaf("fiscalCodePA", &p.ente_fiscal_code)
        .leaf("companyName", &cut(&p.company_name, 140));
}

fn write_payment(w: &mut Writer, p: &Position, iban: &str, v2: bool) {
    w.open("data");
    w.leaf("creditorReferenceId", &p.iuv)
        .leaf("paymentAmount", &decimal(p.amount.get()))
        .leaf("dueDate", &p.due_date.to_string())
        .leaf("description", &cut(&p.description, 140))
        .leaf("companyName", &cut(&p.company_name, 140));
    w.open("debtor").open("uniqueIdentifier");
    w.leaf("entityUniqueIdentifierType", "F")
        .leaf("entityUniqueIdentifierValue", &p.debtor.cf)
        .close();
    w.leaf("fullName", &cut(&p.debtor.full_name, 70));
    if let Some(email) = p.debtor.email.as_deref().filter(|e| schema::is_email(e)) {
        w.leaf("e-mail", email);
    }
    w.close().open("transferList");
    for (i, t) in p.transfers.iter().enumerate() {
        w.open("transfer");
        w.leaf("idTransfer", &(i + 1).to_string())
            .leaf("transferAmount", &decimal(t.amount.get()))
            .leaf("fiscalCodePA", &p.ente_fiscal_code);
        if v2 {
            w.leaf("companyName", &cut(&p.company_name, 140));
        }
        w.leaf("IBAN", iban)
            .leaf(
                "remittanceInformation",
                &cut(
                    &format!("Ricarica {} avviso {}", t.service_name, p.iuv),
                    140,
                ),
            )
            .leaf("transferCategory", &t.category)
            .close();
    }
    w.close().close();
}

fn read_receipt(request: &Element, v2: bool, body: &str) -> Result<NodeReceipt, Refusal> {
    let r = request.child("receipt").expect("checked by the schema");
    let text = |name: &str| r.child_text(name).unwrap_or_default().to_string();
    let amount_cents = cents_of(&text("paymentAmount"))
        .ok_or_else(|| refusal("PAA_SINTASSI_XSD", "receipt/paymentAmount"))?;
    let paid_at = match r.child_text("paymentDateTime") {
        None => None,
        Some(t) => Some(
            italian_time(t)
                .ok_or_else(|| refusal("PAA_SINTASSI_XSD", "receipt/paymentDateTime"))?,
        ),
    };
    Ok(NodeReceipt {
        receipt_id: r
            .child("receiptId")
            .map(|e| e.text.clone())
            .unwrap_or_default(),
        notice_number: text("noticeNumber"),
        fiscal_code: text("fiscalCode"),
        outcome_ok: text("outcome") == "OK",
        amount_cents,
        psp: cut(
            &format!("{} ({})", text("PSPCompanyName"), text("idPSP")),
            120,
        ),
        method: r.child_text("paymentMethod").map(str::to_string),
        paid_at,
        version: if v2 { 2 } else { 1 },
        body: body.to_string(),
    })
}

/// A schema-checked `xsd:dateTime` as Italian time: a time with a zone is converted, one without is
/// taken as Italian already.
fn italian_time(text: &str) -> Option<NaiveDateTime> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(crate::domain::italian_time::from_utc(t.naive_utc()));
    }
    let utc = text.strip_suffix('Z');
    let local = NaiveDateTime::parse_from_str(utc.unwrap_or(text), "%Y-%m-%dT%H:%M:%S%.f").ok()?;
    Some(match utc {
        Some(_) => crate::domain::italian_time::from_utc(local),
        None => local,
    })
}

/// The end of the school year a day falls in (31 August): a notice with no due date of its own is
/// payable until then.
pub fn end_of_school_year(day: NaiveDate) -> NaiveDate {
    let end_year = if day.month() >= 9 {
        day.year() + 1
    } else {
        day.year()
    };
    NaiveDate::from_ymd_opt(end_year, 8, 31).expect("a valid day")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store that cannot be reached.
    struct Down;

    impl PaymentPositions for Down {
        fn position(&self, _: &NoticeNumber) -> Answered<Option<Position>> {
            Err("database is locked".into())
        }
        fn payment_fetched(&self, _: &NoticeNumber) -> Answered<()> {
            Err("database is locked".into())
        }
        fn receive(&self, _: &NodeReceipt, _: bool) -> Answered<ReceiptFate> {
            Err("database is locked".into())
        }
    }

    #[test]
    fn a_receipt_the_store_cannot_take_is_an_error_the_node_retries_not_a_ko() {
        let settings = StationSettings {
            id_pa: "80001234568".into(),
            id_broker_pa: "80001234568".into(),
            id_station: "80001234568_01".into(),
            iban: "IT60X0542811101000000123456".into(),
            payable_after_due: true,
        };
        let station = Station::new(settings, Down);
        let ids = "<idPA>80001234568</idPA><idBrokerPA>80001234568</idBrokerPA><idStation>80001234568_01</idStation>";
        let subject = "<uniqueIdentifier><entityUniqueIdentifierType>F</entityUniqueIdentifierType>\
            <entityUniqueIdentifierValue>RSSMRA80A01H501U</entityUniqueIdentifierValue></uniqueIdentifier><fullName>M R</fullName>";
        let transfer = "<transfer><idTransfer>1</idTransfer><transferAmount>20.00</transferAmount>\
            <fiscalCodePA>80001234568</fiscalCodePA><IBAN>IT60X0542811101000000123456</IBAN>\
            <remittanceInformation>r</remittanceInformation><transferCategory>9/0107101TS/</transferCategory></transfer>";
        let receipt = soap::envelope("paSendRTV2Request", |_| {})
        .replace(
            "<pafn:paSendRTV2Request></pafn:paSendRTV2Request>",
            &format!(
                "<pafn:paSendRTV2Request>{ids}<receipt><receiptId>r1</receiptId><noticeNumber>302000000000000199</noticeNumber>\
                 <fiscalCode>80001234568</fiscalCode><outcome>OK</outcome><creditorReferenceId>02000000000000199</creditorReferenceId>\
                 <paymentAmount>20.00</paymentAmount><description>d</description><companyName>c</companyName>\
                 <debtor>{subject}</debtor><transferList>{transfer}</transferList><idPSP>P</idPSP>\
                 <PSPCompanyName>P</PSPCompanyName><idChannel>C</idChannel><channelDescription>app</channelDescription>\
                 </receipt></pafn:paSendRTV2Request>"
            ),
        );
        let answer = station.answer(receipt.as_bytes());
        assert_eq!(answer.status, 500, "{}", answer.body);
        let number = NoticeNumber::aux3(2, 199).unwrap();
        assert!(answer.body.contains("PAA_SYSTEM_ERROR"), "{}", answer.body);
        // A verify is told KO: the Node tells the payer, nothing is lost.
        let verify = soap::envelope("paVerifyPaymentNoticeReq", |_| {}).replace(
            "<pafn:paVerifyPaymentNoticeReq></pafn:paVerifyPaymentNoticeReq>",
            &format!(
                "<pafn:paVerifyPaymentNoticeReq>{ids}<qrCode><fiscalCode>80001234568</fiscalCode>\
                 <noticeNumber>{}</noticeNumber></qrCode></pafn:paVerifyPaymentNoticeReq>",
                number.as_str()
            ),
        );
        let answer = station.answer(verify.as_bytes());
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert!(
            answer.body.contains("<outcome>KO</outcome>")
                && answer.body.contains("PAA_SYSTEM_ERROR"),
            "{}",
            answer.body
        );
    }

    #[test]
    fn amounts_and_times_read_as_the_store_keeps_them() {
        assert_eq!(decimal(2050), "20.50");
        assert_eq!(decimal(5), "0.05");
        assert_eq!(cents_of("20.50"), Some(2050));
        assert_eq!(cents_of("0.05"), Some(5));
        let t = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").unwrap();
        assert_eq!(
            italian_time("2026-12-02T10:15:00"),
            Some(t("2026-12-02T10:15:00"))
        );
        assert_eq!(
            italian_time("2026-12-02T10:15:00Z"),
            Some(t("2026-12-02T11:15:00"))
        );
        assert_eq!(
            italian_time("2026-07-02T10:15:00+02:00"),
            Some(t("2026-07-02T10:15:00"))
        );
        assert_eq!(
            italian_time("2026-12-02T10:15:00.250+01:00").map(|x| x.date()),
            Some(t("2026-12-02T10:15:00").date())
        );
        assert_eq!(
            end_of_school_year(NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()).to_string(),
            "2027-08-31"
        );
        assert_eq!(
            end_of_school_year(NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()).to_string(),
            "2027-08-31"
        );
    }
}
