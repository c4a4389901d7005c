//! Paper and e-mail: the documents a parent takes home (payment notice, 730 certificate, credentials
//! letter, statement) as PDF and CSV, sent by e-mail or to the office printer.

pub mod certificate;
pub mod letter;
pub mod mail;
pub mod notice;
pub mod pdf;
pub mod print;
pub mod statement;
mod table;

/// The demo comune's emblem, used when the configuration names no logo.
pub const DEMO_LOGO: &[u8] = include_bytes!("../../assets/logo-demo.png");

use std::path::PathBuf;

use crate::backend::{BResult, Backend, BackendError, ErrorKind};
use crate::config::{MailConfig, PrintConfig};

/// Everything the desk app needs to hand a document over: the logo, the mail server, the printer and
/// the folder where saved PDFs go.
#[derive(Debug, Clone, PartialEq)]
pub struct Outbox {
    pub logo: Vec<u8>,
    pub mail: MailConfig,
    pub print: PrintConfig,
    pub dir: PathBuf,
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
        let stamp = crate::store::now().format("%Y%m%d-%H%M%S");
        self.save_or_print(&pdf, &format!("lettera-credenziali-{stamp}.pdf"), how)
    }

    fn save_or_print(&self, pdf: &[u8], filename: &str, how: Delivery) -> BResult<Sent> {
        match how {
            Delivery::Save => {
                std::fs::create_dir_all(&self.dir).map_err(BackendError::internal)?;
                let path = self.dir.join(filename);
                let tmp = path.with_extension("part");
                std::fs::write(&tmp, pdf)
                    .and_then(|_| std::fs::rename(&tmp, &path))
                    .map_err(BackendError::internal)?;
                Ok(Sent::Saved(path))
            }
            Delivery::Print => print::print(&self.print, pdf, filename).map(|_| Sent::Printed),
            Delivery::Email => Err(BackendError::new(
                ErrorKind::Invalid,
                "Questo documento non si invia per e-mail.",
                "This document is not sent by e-mail.",
            )),
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

    /// The payment notice `number` as PDF, saved, printed or e-mailed to the paying parent.
    pub fn send_notice(&self, b: &dyn Backend, number: &str, how: Delivery) -> BResult<Sent> {
        let pdf = notice::render(b, number, &self.logo)?;
        let filename = format!("avviso-{number}.pdf");
        match how {
            Delivery::Save | Delivery::Print => self.save_or_print(&pdf, &filename, how),
            Delivery::Email => {
                let notice = b.notice(number)?;
                let to = b
                    .family(&notice.payer.cf)?
                    .parent
                    .email
                    .filter(|e| !e.trim().is_empty())
                    .ok_or_else(|| {
                        BackendError::new(
                            ErrorKind::Invalid,
                            "Il genitore non ha un indirizzo e-mail: aggiungerlo nei suoi dati.",
                            "The parent has no e-mail address: add it to their data.",
                        )
                    })?;
                let documents = vec![mail::Document {
                    filename,
                    content_type: "application/pdf",
                    bytes: pdf,
                }];
                mail::send(
                    &self.mail,
                    &to,
                    &format!("Avviso di pagamento pagoPA {number}"),
                    NOTICE_MAIL_BODY,
                    documents,
                )?;
                Ok(Sent::Emailed(to))
            }
        }
    }
}

pub const NOTICE_MAIL_BODY: &str = "Gentile genitore,\nin allegato l'avviso di pagamento pagoPA per la ricarica \
    dei servizi scolastici. Può pagarlo con l'app IO, dal suo Home Banking o presso banche, uffici postali e \
    tabaccherie abilitati.\n\nServizi scolastici";
