//! Documents from the command line: the 730 certificate, the statement, a credentials letter.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{Ctx, backend_call, write_file};
use crate::paper::{certificate, letter, statement};

#[derive(Debug, Subcommand)]
pub enum CertificateCommand {
    /// The payment certificate for the tax return: per child and service, what a parent paid in a year.
    #[command(name = "730")]
    Tax730 {
        #[arg(long)]
        parent: String,
        #[arg(long)]
        year: i32,
        /// The PDF to write.
        #[arg(short, long)]
        output: Option<PathBuf>,
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
    #[arg(short, long)]
    output: Option<PathBuf>,
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

fn need_output(ctx: &Ctx, pdf: &Option<PathBuf>, csv: &Option<PathBuf>) -> Result<(), String> {
    if pdf.is_none() && csv.is_none() {
        return Err(ctx
            .lang
            .pick(
                "indicare il file da scrivere: -o FILE.pdf e/o --csv FILE.csv",
                "name the file to write: -o FILE.pdf and/or --csv FILE.csv",
            )
            .to_string());
    }
    Ok(())
}

pub fn certificate(ctx: &Ctx, cmd: CertificateCommand) -> Result<i32, String> {
    let CertificateCommand::Tax730 {
        parent,
        year,
        output,
        csv,
    } = cmd;
    need_output(ctx, &output, &csv)?;
    let logo = ctx.config.logo()?;
    let backend = ctx.backend()?;
    let c = backend_call(ctx, backend.certificate_730(&parent, year))?;
    if let Some(path) = &output {
        write_file(path, &certificate::certificate_pdf(&c, &logo))?;
    }
    if let Some(path) = &csv {
        write_file(path, certificate::certificate_csv(&c).as_bytes())?;
    }
    Ok(0)
}

pub fn statement(ctx: &Ctx, args: StatementArgs) -> Result<i32, String> {
    need_output(ctx, &args.output, &args.csv)?;
    let logo = ctx.config.logo()?;
    let backend = ctx.backend()?;
    let s = backend_call(
        ctx,
        backend.statement(&args.child, args.service.as_deref(), args.year),
    )?;
    if let Some(path) = &args.output {
        let card = backend_call(ctx, backend.family(&args.child))?;
        let child = card
            .children
            .iter()
            .find(|c| c.cf == s.child_cf)
            .ok_or_else(|| "child not in its family card".to_string())?;
        let ente = backend_call(ctx, backend.ente())?;
        write_file(path, &statement::statement_pdf(&s, child, &ente, &logo))?;
    }
    if let Some(path) = &args.csv {
        write_file(path, statement::statement_csv(&s).as_bytes())?;
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
