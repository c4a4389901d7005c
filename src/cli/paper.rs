//! Documents from the command line: the 730 certificate, the statement, a credentials letter, the
//! letter with the decision on an enrolment application.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{Ctx, backend_call, output};
use crate::backend::Backend;
use crate::i18n::cli as c;
use crate::paper::document::{self, Document, What};
use crate::paper::{letter, mail, print};

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
    /// Replace a file already at -o or --csv (without it an existing file is refused).
    #[arg(long)]
    pub force: bool,
}

/// File first (so nothing is lost whatever fails next), then printer, then e-mail.
fn deliver(
    ctx: &Ctx,
    backend: &dyn Backend,
    delivery: &Delivery,
    csv: &Option<PathBuf>,
    doc: &Document,
) -> Result<(), String> {
    if let Some(path) = &delivery.output {
        output::write(ctx, path, &doc.pdf, delivery.force)?;
    }
    if let (Some(path), Some(table)) = (csv, &doc.csv) {
        output::write(ctx, path, table.as_bytes(), delivery.force)?;
    }
    if delivery.print {
        backend_call(
            ctx,
            print::print(&ctx.settings.print, &doc.pdf, &doc.pdf_name()),
        )?;
    }
    if let Some(to) = &delivery.email {
        let to = if to.trim().is_empty() {
            let card = backend_call(ctx, backend.family(&doc.parent_cf))?;
            card.parent
                .email
                .filter(|e| !e.trim().is_empty())
                .ok_or_else(|| ctx.lang.t(c::NO_EMAIL_GIVE_ONE).to_string())?
        } else {
            to.clone()
        };
        backend_call(
            ctx,
            mail::send(
                &ctx.settings.mail,
                &to,
                &doc.subject,
                doc.body,
                doc.attachments(),
            ),
        )?;
    }
    Ok(())
}

fn need_delivery(
    ctx: &Ctx,
    what: &What,
    d: &Delivery,
    csv: &Option<PathBuf>,
) -> Result<(), String> {
    if d.output.is_none() && d.email.is_none() && !d.print && csv.is_none() {
        let say = match what {
            What::Notice { .. } => c::WHERE_NOTICE_GOES,
            _ => c::WHERE_DOCUMENT_GOES,
        };
        return Err(ctx.lang.t(say).to_string());
    }
    for path in d.output.iter().chain(csv) {
        output::check(ctx, path, d.force)?;
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
    /// Replace a file already at -o (without it an existing file is refused, before any change).
    #[arg(long)]
    force: bool,
}

/// `application letter ID` (a subcommand of `application`): the letter with the decision (accepted,
/// refused, waiting list) for the applicant parent.
#[derive(Debug, Args)]
pub struct ApplicationLetterArgs {
    /// The application's number.
    pub id: i64,
    #[command(flatten)]
    pub delivery: Delivery,
}

pub fn application_letter(ctx: &Ctx, args: ApplicationLetterArgs) -> Result<i32, String> {
    let what = What::ApplicationLetter { id: args.id };
    make_and_deliver(ctx, &what, &args.delivery, &None)
}

pub fn certificate(ctx: &Ctx, cmd: CertificateCommand) -> Result<i32, String> {
    let CertificateCommand::Tax730 {
        parent,
        year,
        delivery,
        csv,
    } = cmd;
    let what = What::Certificate730 {
        parent_cf: parent,
        year,
    };
    make_and_deliver(ctx, &what, &delivery, &csv)
}

pub fn statement(ctx: &Ctx, args: StatementArgs) -> Result<i32, String> {
    let what = What::Statement {
        child_cf: args.child,
        service: args.service,
        year: args.year,
    };
    make_and_deliver(ctx, &what, &args.delivery, &args.csv)
}

pub fn make_and_deliver(
    ctx: &Ctx,
    what: &What,
    delivery: &Delivery,
    csv: &Option<PathBuf>,
) -> Result<i32, String> {
    need_delivery(ctx, what, delivery, csv)?;
    let logo = ctx.settings.logo()?;
    let backend = ctx.backend()?;
    let doc = backend_call(ctx, document::make(backend.as_ref(), what, &logo))?;
    deliver(ctx, backend.as_ref(), delivery, csv, &doc)?;
    Ok(0)
}

pub fn credentials_letter(ctx: &Ctx, args: LetterArgs) -> Result<i32, String> {
    // Before the new password is made: a letter that cannot be written must not lock the parent out.
    output::check(ctx, &args.output, args.force)?;
    let logo = ctx.settings.logo()?;
    let backend = ctx.backend()?;
    let ente = backend_call(ctx, backend.ente())?;
    let c = backend_call(ctx, backend.regenerate_credentials(&args.parent))?;
    let pdf = letter::credentials_pdf(&c, &ente, &logo);
    output::write(ctx, &args.output, &pdf, args.force)?;
    Ok(0)
}
