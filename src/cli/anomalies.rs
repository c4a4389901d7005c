//! `sportello pagopa anomalies` and `sportello pagopa settle`: the pagoPA receipts the station kept
//! without crediting, and a supervisor's decision on each (the desk's F6 screen, from a script).

use clap::Args;

use super::{Ctx, backend_call, print_json};
use crate::backend::AnomalyResolution;
use crate::domain::money::format_eur;
use crate::i18n::{Localized, payments};

#[derive(Debug, Args)]
pub struct SettleArgs {
    /// The anomaly's id (first column of `pagopa anomalies`).
    pub id: i64,
    /// Credit the amount to this child's wallet (codice fiscale)...
    #[arg(long, requires = "service", conflicts_with = "refund")]
    pub child: Option<String>,
    /// ...for this service (e.g. refezione).
    #[arg(long, requires = "child")]
    pub service: Option<String>,
    /// Or mark it for refund to the payer.
    #[arg(long, required_unless_present = "child")]
    pub refund: bool,
    /// Why (kept in the audit).
    #[arg(long)]
    pub reason: String,
}

pub fn list(ctx: &Ctx, json: bool) -> Result<i32, String> {
    let backend = ctx.backend()?;
    let anomalies = backend_call(ctx, backend.payment_anomalies())?;
    if json {
        return print_json(&anomalies);
    }
    for a in &anomalies {
        let state = match &a.resolution {
            None => ctx.lang.t(crate::i18n::tui::ANOMALY_OPEN),
            Some(r) => ctx.lang.t(payments::settled(&r.outcome)),
        };
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{state}",
            a.id,
            a.received_at.format("%d/%m/%Y %H:%M"),
            a.notice_number,
            format_eur(a.amount_cents),
            ctx.lang.t(payments::anomaly(a.kind)),
            a.payer.as_ref().map_or("-", |p| p.full_name.as_str()),
        );
    }
    Ok(0)
}

pub fn settle(ctx: &Ctx, args: SettleArgs) -> Result<i32, String> {
    let backend = ctx.backend()?;
    let resolution = match (args.child, args.service) {
        (Some(child), Some(service)) => AnomalyResolution::Credit {
            child_cf: child
                .parse()
                .map_err(|e: crate::domain::codice_fiscale::CfError| {
                    format!("--child: {}", e.localized(ctx.lang))
                })?,
            service,
            reason: args.reason,
        },
        _ => AnomalyResolution::Refund {
            reason: args.reason,
        },
    };
    let a = backend_call(ctx, backend.resolve_payment_anomaly(args.id, &resolution))?;
    let outcome = a
        .resolution
        .as_ref()
        .map_or("", |r| ctx.lang.t(payments::settled(&r.outcome)));
    println!("{}\t{}\t{outcome}", a.id, format_eur(a.amount_cents));
    Ok(0)
}
