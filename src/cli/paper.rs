//! Documents from the command line: the 730 certificate, the statement, a credentials letter.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{Ctx, backend_call, write_file};
use crate::backend::Backend;
use crate::paper::{certificate, letter, mail, print, statement};

/// Where a document goes: a file, the parent's e-mail, the office printer (any of them).
#[derive(Debug, Args)]
pub struct Delivery {
    /// Write the PDF to this file.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Send it by e-mail: to the parent's address on file, or to the address given.
    #[arg(long, num_args = 0..=1, default_missing_value = "")]
    pub email: Option<String>,
    /// Send it to the office printer ([print] printer).
    #[arg(long)]
    pub print: bool,
}

/// A document made, ready to go where the delivery says.
pub struct Made<'a> {
    pub pdf: Vec<u8>,
    pub filename: String,
    pub subject: String,
    pub body: &'a str,
    /// Whose address to use when `--email` names none.
    pub parent_cf: &'a str,
    pub extra: Vec<mail::Document>,
}

/// File first (so nothing is lost whatever fails next), then printer, then e-mail.
pub fn deliver(
    ctx: &Ctx,
    backend: &dyn Backend,
    delivery: &Delivery,
    made: Made,
) -> Result<(), String> {
    if let Some(path) = &delivery.output {
        write_file(path, &made.pdf)?;
    }
    if delivery.print {
        backend_call(
            ctx,
            print::print(&ctx.config.print, &made.pdf, &made.filename),
        )?;
    }
    if let Some(to) = &delivery.email {
        let to = if to.trim().is_empty() {
            let card = backend_call(ctx, backend.family(made.parent_cf))?;
            card.parent
                .email
                .filter(|e| !e.trim().is_empty())
                .ok_or_else(|| {
                    ctx.lang
                    .pick(
                        "il genitore non ha un indirizzo e-mail: indicarlo con --email INDIRIZZO",
                        "the parent has no e-mail address: give one with --email ADDRESS",
                    )
                    .to_string()
                })?
        } else {
            to.clone()
        };
        let mut documents = vec![mail::Document {
            filename: made.filename.clone(),
            content_type: "application/pdf",
            bytes: made.pdf,
        }];
        documents.extend(made.extra);
        backend_call(
            ctx,
            mail::send(&ctx.config.mail, &to, &made.subject, made.body, documents),
        )?;
    }
    Ok(())
}

fn need_delivery(ctx: &Ctx, d: &Delivery, csv: &Option<PathBuf>) -> Result<(), String> {
    if d.output.is_none() && d.email.is_none() && !d.print && csv.is_none() {
        return Err(ctx
            .lang
            .pick(
                "indicare dove mandare il documento: -o FILE.pdf, --csv FILE.csv, --email, --print",
                "say where the document goes: -o FILE.pdf, --csv FILE.csv, --email, --print",
            )
            .to_string());
    }
    Ok(())
}

#[derive(Debug, Subcommand)]
pub enum CertificateCommand {
    /// The payment certificate for the tax return: per child and service, what a parent paid in a year.
    #[command(name = "730")]
    Tax730 {
        #[arg(long)]
        parent: String,
        #[arg(long)]
        year: i32,
        #[command(flatten)]
        delivery: Delivery,
        /// The same as CSV.
        #[arg(long)]
        csv: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct StatementArgs {
    #[arg(long)]
    child: String,
    #[arg(long)]
    year: Option<i32>,
    #[arg(long)]
    service: Option<String>,
    #[command(flatten)]
    delivery: Delivery,
    #[arg(long)]
    csv: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct LetterArgs {
    /// The parent whose portal credentials are issued anew (the old password stops working).
    #[arg(long)]
    parent: String,
    #[arg(short, long)]
    output: PathBuf,
}

pub fn certificate(ctx: &Ctx, cmd: CertificateCommand) -> Result<i32, String> {
    let CertificateCommand::Tax730 {
        parent,
        year,
        delivery,
        csv,
    } = cmd;
    need_delivery(ctx, &delivery, &csv)?;
    let logo = ctx.config.logo()?;
    let backend = ctx.backend()?;
    let c = backend_call(ctx, backend.certificate_730(&parent, year))?;
    let table = certificate::certificate_csv(&c);
    if let Some(path) = &csv {
        write_file(path, table.as_bytes())?;
    }
    let made = Made {
        pdf: certificate::certificate_pdf(&c, &logo),
        filename: format!("attestazione-730-{year}.pdf"),
        subject: format!("{}: attestazione dei pagamenti {year}", c.ente.name),
        body: "Gentile genitore,\nin allegato l'attestazione dei pagamenti dei servizi scolastici per la \
               dichiarazione dei redditi (PDF e CSV).\n\nServizi scolastici",
        parent_cf: &parent,
        extra: vec![mail::Document {
            filename: format!("attestazione-730-{year}.csv"),
            content_type: "text/csv; charset=utf-8",
            bytes: table.into_bytes(),
        }],
    };
    deliver(ctx, backend.as_ref(), &delivery, made)?;
    Ok(0)
}

pub fn statement(ctx: &Ctx, args: StatementArgs) -> Result<i32, String> {
    need_delivery(ctx, &args.delivery, &args.csv)?;
    let logo = ctx.config.logo()?;
    let backend = ctx.backend()?;
    let s = backend_call(
        ctx,
        backend.statement(&args.child, args.service.as_deref(), args.year),
    )?;
    let table = statement::statement_csv(&s);
    if let Some(path) = &args.csv {
        write_file(path, table.as_bytes())?;
    }
    let d = &args.delivery;
    if d.output.is_some() || d.email.is_some() || d.print {
        let card = backend_call(ctx, backend.family(&args.child))?;
        let child = card
            .children
            .iter()
            .find(|c| c.cf == s.child_cf)
            .ok_or_else(|| "child not in its family card".to_string())?;
        let ente = backend_call(ctx, backend.ente())?;
        let made = Made {
            pdf: statement::statement_pdf(&s, child, &ente, &logo),
            filename: "estratto-conto.pdf".into(),
            subject: format!("{}: estratto conto", ente.name),
            body: "Gentile genitore,\nin allegato l'estratto conto richiesto (PDF e CSV).\n\nServizi scolastici",
            parent_cf: &card.parent.cf,
            extra: vec![mail::Document {
                filename: "estratto-conto.csv".into(),
                content_type: "text/csv; charset=utf-8",
                bytes: table.into_bytes(),
            }],
        };
        deliver(ctx, backend.as_ref(), d, made)?;
    }
    Ok(0)
}

pub fn credentials_letter(ctx: &Ctx, args: LetterArgs) -> Result<i32, String> {
    let logo = ctx.config.logo()?;
    let backend = ctx.backend()?;
    let ente = backend_call(ctx, backend.ente())?;
    let c = backend_call(ctx, backend.regenerate_credentials(&args.parent))?;
    write_file(&args.output, &letter::credentials_pdf(&c, &ente, &logo))?;
    Ok(0)
}
