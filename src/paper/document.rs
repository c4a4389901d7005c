//! A family's documents made ready to hand over: a payment notice, the statement of a child, the 730
//! certificate of a paying parent (these two with a CSV twin) and the letter with the decision on an
//! enrolment application, as PDF, with the e-mail that carries them and the parent it is for. The
//! command line and the desk app make them here and differ only in where they send them.

use super::{NOTICE_MAIL_BODY, certificate, enrolment_letter, mail, notice, receipt, statement};
use crate::backend::{BResult, Backend, BackendError};

/// Which document, and for whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    /// A pagoPA payment notice, for its paying parent.
    Notice { number: String },
    /// A child's movements, optionally for one service and one calendar year.
    Statement {
        child_cf: String,
        service: Option<String>,
        year: Option<i32>,
    },
    /// What a paying parent paid in a calendar year, per child and service (for the tax return).
    Certificate730 { parent_cf: String, year: i32 },
    /// The office's decision on an enrolment application, for the applicant parent.
    ApplicationLetter { id: i64 },
    /// The receipt of a paid notice's payment (cash or pagoPA), for its payer.
    Receipt { number: String },
}

/// A document made: PDF and CSV, and how it travels by e-mail.
#[derive(Debug, Clone)]
pub struct Document {
    pub pdf: Vec<u8>,
    pub csv: Option<String>,
    /// File name without extension: `.pdf` and `.csv` are added.
    pub stem: String,
    pub subject: String,
    pub body: &'static str,
    /// The parent it is addressed to (whose e-mail address is used).
    pub parent_cf: String,
}

impl Document {
    pub fn pdf_name(&self) -> String {
        format!("{}.pdf", self.stem)
    }

    pub fn csv_name(&self) -> String {
        format!("{}.csv", self.stem)
    }

    /// The PDF and the CSV, as e-mail attachments.
    pub fn attachments(&self) -> Vec<mail::Document> {
        let mut out = vec![mail::Document {
            filename: self.pdf_name(),
            content_type: "application/pdf",
            bytes: self.pdf.clone(),
        }];
        out.extend(self.csv.as_ref().map(|csv| mail::Document {
            filename: self.csv_name(),
            content_type: "text/csv; charset=utf-8",
            bytes: csv.clone().into_bytes(),
        }));
        out
    }
}

const CERTIFICATE_BODY: &str = "Gentile genitore,\nin allegato l'attestazione dei pagamenti dei servizi scolastici \
    per la dichiarazione dei redditi (PDF e CSV).\n\nServizi scolastici";
const STATEMENT_BODY: &str =
    "Gentile genitore,\nin allegato l'estratto conto richiesto (PDF e CSV).\n\nServizi scolastici";

/// Makes the document from the store (or the central API) as it is now.
pub fn make(b: &dyn Backend, what: &What, logo: &[u8]) -> BResult<Document> {
    match what {
        What::Notice { number } => {
            let n = b.notice(number)?;
            Ok(Document {
                pdf: notice::render_notice(b, &n, logo)?,
                csv: None,
                stem: format!("avviso-{}", n.number),
                subject: format!("Avviso di pagamento pagoPA {}", n.number),
                body: NOTICE_MAIL_BODY,
                parent_cf: n.payer.cf.to_string(),
            })
        }
        What::Certificate730 { parent_cf, year } => {
            let c = b.certificate_730(parent_cf, *year)?;
            let services = b.services()?;
            Ok(Document {
                pdf: certificate::certificate_pdf(&c, &services, logo),
                csv: Some(certificate::certificate_csv(&c, &services)),
                stem: format!("attestazione-730-{year}-{}", c.parent.cf),
                subject: format!("{}: attestazione dei pagamenti {year}", c.ente.name),
                body: CERTIFICATE_BODY,
                parent_cf: c.parent.cf.to_string(),
            })
        }
        What::ApplicationLetter { id } => {
            let (head, decision) = enrolment_letter::read(b, *id)?;
            let ente = b.ente()?;
            Ok(Document {
                pdf: enrolment_letter::letter_pdf(&head, &decision, &ente, logo),
                csv: None,
                stem: format!("lettera-domanda-{id}"),
                subject: format!("{}: esito della domanda di iscrizione n. {id}", ente.name),
                body: enrolment_letter::BODY,
                parent_cf: head.parent.cf.to_string(),
            })
        }
        What::Receipt { number } => {
            let (n, r) = receipt::read(b, number)?;
            let ente = b.ente()?;
            let services = b.services()?;
            Ok(Document {
                pdf: receipt::receipt_pdf(&n, &r, &ente, &services, logo),
                csv: None,
                stem: format!("ricevuta-{}", n.number),
                subject: format!("{}: ricevuta di pagamento, avviso {}", ente.name, n.number),
                body: receipt::BODY,
                parent_cf: n.payer.cf.to_string(),
            })
        }
        What::Statement {
            child_cf,
            service,
            year,
        } => {
            let s = b.statement(child_cf, service.as_deref(), *year)?;
            let card = b.family(child_cf)?;
            let child = card
                .children
                .iter()
                .find(|c| c.cf == s.child_cf)
                .ok_or_else(|| BackendError::internal("child not in its family card"))?;
            let ente = b.ente()?;
            let services = b.services()?;
            let period = year.map(|y| format!("-{y}")).unwrap_or_default();
            Ok(Document {
                pdf: statement::statement_pdf(&s, child, &ente, &services, logo),
                csv: Some(statement::statement_csv(&s, &services)),
                stem: format!("estratto-conto{period}-{}", s.child_cf),
                subject: format!("{}: estratto conto", ente.name),
                body: STATEMENT_BODY,
                parent_cf: card.parent.cf.to_string(),
            })
        }
    }
}
