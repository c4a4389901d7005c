//! Paper and e-mail: the documents a parent takes home (payment notice, 730 certificate, credentials
//! letter, statement) as PDF and CSV, sent by e-mail or to the office printer.

pub mod certificate;
pub mod debtors;
pub mod document;
pub mod enrolment_letter;
mod files;
pub mod letter;
pub mod mail;
pub mod notice;
pub mod pdf;
pub mod print;
pub mod receipt;
pub mod reconciliation;
pub mod statement;
mod table;

pub use crate::assets::DEMO_LOGO;

use std::path::PathBuf;

use crate::backend::{BResult, Backend, BackendError, ErrorKind};
use crate::config::{MailConfig, PrintConfig, Settings};
use crate::i18n::errors;
use document::What;
pub use files::{write_atomically, write_error, write_new, write_unique};

/// Everything the desk app needs to hand a document over: the logo, the mail server, the printer and
/// the folder where saved PDFs go.
#[derive(Debug, Clone, PartialEq)]
pub struct Outbox {
    pub logo: Vec<u8>,
    pub mail: MailConfig,
    pub print: PrintConfig,
    pub dir: PathBuf,
}

impl Outbox {
    /// Where documents go by the settings: saved in their documents folder, printed, or e-mailed.
    pub fn from_settings(settings: &Settings) -> Result<Outbox, String> {
        Ok(Outbox {
            logo: settings.logo()?,
            mail: settings.mail.clone(),
            print: settings.print.clone(),
            dir: settings.paths.documents.clone(),
        })
    }
}

/// How a document leaves the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    Save,
    Print,
    Email,
}

/// What happened to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    Saved(PathBuf),
    Printed,
    Emailed(String),
}

impl Outbox {
    pub fn can_print(&self) -> bool {
        print::enabled(&self.print)
    }

    pub fn can_email(&self) -> bool {
        !self.mail.host.trim().is_empty()
    }

    /// A credentials letter, saved or printed. Never e-mailed: a temporary password does not travel
    /// in clear through mail servers; the parent takes the paper home.
    pub fn send_letter(
        &self,
        b: &dyn Backend,
        c: &crate::backend::Credentials,
        how: Delivery,
    ) -> BResult<Sent> {
        let pdf = letter::credentials_pdf(c, &b.ente()?, &self.logo);
        let stamp = b.now().format("%Y%m%d-%H%M%S");
        self.save_or_print(&pdf, &format!("lettera-credenziali-{stamp}.pdf"), how)
    }

    fn save_or_print(&self, pdf: &[u8], filename: &str, how: Delivery) -> BResult<Sent> {
        match how {
            Delivery::Save => self.save(pdf, filename).map(Sent::Saved),
            Delivery::Print => print::print(&self.print, pdf, filename).map(|_| Sent::Printed),
            Delivery::Email => Err(BackendError::text(ErrorKind::Invalid, errors::NOT_BY_EMAIL)),
        }
    }

    /// Writes a file into the documents folder, beside and never over the documents already there
    /// (`-2`, `-3` before the extension when the name is taken).
    fn save(&self, bytes: &[u8], filename: &str) -> BResult<PathBuf> {
        let failed = |path: &std::path::Path, e: std::io::Error| {
            BackendError::pair(ErrorKind::Unavailable, write_error(path, &e))
        };
        std::fs::create_dir_all(&self.dir).map_err(|e| failed(&self.dir, e))?;
        write_unique(&self.dir, filename, bytes).map_err(|e| failed(&self.dir.join(filename), e))
    }

    /// A family document (payment notice, statement, 730 certificate): saved as PDF with its CSV
    /// beside it, printed, or e-mailed with both attached to the parent's address on file.
    pub fn send_document(&self, b: &dyn Backend, what: &What, how: Delivery) -> BResult<Sent> {
        let doc = document::make(b, what, &self.logo)?;
        match how {
            Delivery::Save => {
                let path = self.save(&doc.pdf, &doc.pdf_name())?;
                if let Some(csv) = &doc.csv {
                    // Named after the PDF actually written, so a `-2` PDF has its `-2` table.
                    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
                    self.save(csv.as_bytes(), &format!("{stem}.csv"))?;
                }
                Ok(Sent::Saved(path))
            }
            Delivery::Print => {
                print::print(&self.print, &doc.pdf, &doc.pdf_name()).map(|_| Sent::Printed)
            }
            Delivery::Email => {
                let to = parent_email(b, &doc.parent_cf)?;
                mail::send(&self.mail, &to, &doc.subject, doc.body, doc.attachments())?;
                Ok(Sent::Emailed(to))
            }
        }
    }

    /// Prints a notice already in hand (the kiosk's, which may not look notices up): the payer's
    /// address is left off the page.
    pub fn print_notice(&self, b: &dyn Backend, n: &crate::backend::Notice) -> BResult<Sent> {
        let payer = notice::Payer {
            person: &n.payer,
            address: None,
        };
        let pdf = notice::notice_pdf(n, &b.ente()?, &payer, &self.logo)?;
        print::print(&self.print, &pdf, &format!("avviso-{}.pdf", n.number))?;
        Ok(Sent::Printed)
    }
}

/// The address on file of a family's parent; a clear refusal when there is none.
fn parent_email(b: &dyn Backend, cf: &str) -> BResult<String> {
    b.family(cf)?
        .parent
        .email
        .filter(|e| !e.trim().is_empty())
        .ok_or_else(|| BackendError::text(ErrorKind::Invalid, errors::NO_PARENT_EMAIL))
}

pub const NOTICE_MAIL_BODY: &str = "Gentile genitore,\nin allegato l'avviso di pagamento pagoPA per la ricarica \
    dei servizi scolastici. Può pagarlo con l'app IO, dal suo Home Banking o presso banche, uffici postali e \
    tabaccherie abilitati.\n\nServizi scolastici";
