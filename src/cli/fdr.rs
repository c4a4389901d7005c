//! `sportello pagopa fdr`: the reconciliation flows (pull from pagoPA's REST API, import files, the
//! report).

use std::path::PathBuf;

use clap::Subcommand;

use super::{Ctx, backend_call, output, print_json};
use crate::backend::{Backend, FlowImport};
use crate::domain::money::format_eur;
use crate::i18n::Localized;
use crate::i18n::reconciliation as t;
use crate::pagopa::fdr::{file, rest};

#[derive(Debug, Subcommand)]
pub enum FdrCommand {
    /// Fetch the new flows and revisions from pagoPA ([pagopa] fdr_url, SPORTELLO_PAGOPA_SUBSCRIPTION_KEY).
    Pull,
    /// Import flow files (FlussoRiversamento XML, schema 1.0.5 or 1.0.4).
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Per IUV: reconciled, in a flow with no receipt, receipt with no flow, amounts that differ.
    Report(output::ListOutput),
}

pub fn run(ctx: &Ctx, command: FdrCommand) -> Result<i32, String> {
    match command {
        FdrCommand::Pull => pull(ctx),
        FdrCommand::Import { files } => import(ctx, &files),
        FdrCommand::Report(args) => report(ctx, &args),
    }
}

fn print_import(i: &FlowImport) {
    println!(
        "{}\t{}\t{}\t{}\t{}\t{}",
        i.id,
        i.psp,
        i.revision.map_or("-".into(), |r| r.to_string()),
        serde_json::to_value(i.effect)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
        i.payments,
        format_eur(i.total_cents)
    );
}

fn import(ctx: &Ctx, files: &[PathBuf]) -> Result<i32, String> {
    let backend = ctx.backend()?;
    let mut failed = 0;
    for path in files {
        let read = std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|text| file::parse(&text).map_err(|e| e.localized(ctx.lang)))
            .and_then(|flow| backend.fdr_import(&flow).map_err(|e| ctx.err(&e)));
        match read {
            Ok(imported) => print_import(&imported),
            Err(why) => {
                eprintln!("{}: {why}", path.display());
                failed += 1;
            }
        }
    }
    Ok(if failed > 0 { 1 } else { 0 })
}

fn pull(ctx: &Ctx) -> Result<i32, String> {
    let fdr = &ctx.settings.fdr;
    if fdr.subscription_key.is_empty() {
        return Err(ctx.lang.t(t::NO_KEY).to_string());
    }
    let backend = ctx.backend()?;
    let client = rest::FdrClient::new(
        &fdr.url,
        &fdr.subscription_key,
        &ctx.settings.ente.fiscal_code,
    );
    let held = backend_call(ctx, backend.fdr_known())?;
    let (fetched, already) = client
        .pull(&held, |flow| {
            print_import(&backend_call(ctx, backend.fdr_import(&flow))?);
            Ok::<_, Failed>(())
        })
        .map_err(|f| match f {
            Failed::Rest(e) => e.localized(ctx.lang),
            Failed::Line(line) => line,
        })?;
    eprintln!("{}", ctx.lang.pair(t::pulled(fetched, already)));
    Ok(0)
}

/// A pull's failure: pagoPA's answer, or the store refusing a flow (already a line to print).
enum Failed {
    Rest(rest::RestError),
    Line(String),
}

impl From<String> for Failed {
    fn from(s: String) -> Failed {
        Failed::Line(s)
    }
}

impl From<rest::RestError> for Failed {
    fn from(e: rest::RestError) -> Failed {
        Failed::Rest(e)
    }
}

fn report(ctx: &Ctx, args: &output::ListOutput) -> Result<i32, String> {
    args.check(ctx)?;
    let backend: Box<dyn Backend> = ctx.backend()?;
    let report = backend_call(ctx, backend.fdr_report())?;
    args.write_csv(ctx, || {
        crate::paper::reconciliation::reconciliation_csv(&report)
    })?;
    if args.json {
        return print_json(&report);
    }
    let eur = |c: Option<i64>| c.map_or("-".into(), format_eur);
    for l in &report.lines {
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            ctx.lang.t(l.kind.label()),
            l.iuv,
            l.notice_number.as_deref().unwrap_or("-"),
            l.family.as_deref().unwrap_or("-"),
            eur(l.receipt_cents),
            eur(l.flow_cents),
            l.flow_id.as_deref().unwrap_or("-"),
        );
    }
    let open = report.lines.iter().filter(|l| l.kind.is_anomaly()).count();
    eprintln!(
        "{}",
        ctx.lang.pair(t::report_total(report.lines.len(), open))
    );
    Ok(0)
}
