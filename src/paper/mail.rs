//! E-mail: a document sent to a parent's address over SMTP (lettre). Host, port, TLS mode and
//! credentials come from `[mail]`. A failure is one clear message; the document was made first and
//! nothing was changed, so the same action can simply be tried again.

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{Message, SmtpTransport, Transport};

use crate::backend::{BResult, BackendError, ErrorKind};
use crate::config::MailConfig;
use crate::i18n::errors;

/// One attached file.
pub struct Document {
    pub filename: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// Sends `documents` to `to` with a short plain-text body.
pub fn send(
    cfg: &MailConfig,
    to: &str,
    subject: &str,
    body: &str,
    documents: Vec<Document>,
) -> BResult<()> {
    if cfg.host.trim().is_empty() {
        return Err(BackendError::text(
            ErrorKind::Invalid,
            errors::MAIL_NOT_CONFIGURED,
        ));
    }
    let to: Mailbox = to.trim().parse().map_err(|_| {
        let (it, en) = errors::bad_address(to.trim());
        BackendError::invalid_msg("email", it, en)
    })?;
    let from: Mailbox = cfg
        .from
        .parse()
        .map_err(|_| BackendError::pair(ErrorKind::Invalid, errors::bad_sender(&cfg.from)))?;
    let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(body.to_string()));
    for d in documents {
        let ct = ContentType::parse(d.content_type).map_err(BackendError::internal)?;
        parts = parts.singlepart(Attachment::new(d.filename).body(d.bytes, ct));
    }
    let message = Message::builder()
        .from(from)
        .to(to)
        .subject(subject)
        .multipart(parts)
        .map_err(BackendError::internal)?;
    let builder = match cfg.tls.as_str() {
        "tls" => SmtpTransport::relay(&cfg.host),
        "starttls" => SmtpTransport::starttls_relay(&cfg.host),
        _ => Ok(SmtpTransport::builder_dangerous(&cfg.host)),
    }
    .map_err(|e| unreachable(cfg, &e))?;
    let mut builder = builder
        .port(cfg.port)
        .timeout(Some(Duration::from_secs(20)));
    if !cfg.username.is_empty() {
        builder = builder.credentials(Credentials::new(cfg.username.clone(), cfg.password.clone()));
    }
    builder
        .build()
        .send(&message)
        .map(|_| ())
        .map_err(|e| unreachable(cfg, &e))
}

fn unreachable(cfg: &MailConfig, e: &dyn std::fmt::Display) -> BackendError {
    tracing::warn!(host = %cfg.host, port = cfg.port, error = %e, "e-mail not sent");
    BackendError::pair(
        ErrorKind::Unavailable,
        errors::mail_not_sent(&cfg.host, cfg.port, e),
    )
}
