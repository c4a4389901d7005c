//! `sportello debtors`: the families in debt on prepaid services, most first, for reminders.

use clap::Args;

use super::{Ctx, backend_call, output, print_json};
use crate::domain::money::{format_eur, parse_amount};
use crate::i18n::Localized;
use crate::i18n::cli as c;

#[derive(Debug, Args)]
pub struct DebtorsArgs {
    /// Only families owing at least this much (e.g. 10,00).
    #[arg(long)]
    pub min: Option<String>,
    #[command(flatten)]
    pub output: output::ListOutput,
}

pub fn run(ctx: &Ctx, args: DebtorsArgs) -> Result<i32, String> {
    let min = match &args.min {
        Some(m) => parse_amount(m).map_err(|e| format!("--min: {}", e.localized(ctx.lang)))?,
        None => 0,
    };
    args.output.check(ctx)?;
    let backend = ctx.backend()?;
    let debtors = backend_call(ctx, backend.debtors(min))?;
    args.output
        .write_csv(ctx, || crate::paper::debtors::debtors_csv(&debtors))?;
    if args.output.json {
        return print_json(&debtors);
    }
    for d in &debtors {
        println!(
            "{}\t{}\t{}\t{}\t{}",
            d.parent.cf,
            d.parent.full_name,
            format_eur(d.debt_cents),
            d.email.as_deref().unwrap_or("-"),
            d.phone.as_deref().unwrap_or("-")
        );
    }
    let total: i64 = debtors.iter().map(|d| d.debt_cents.get()).sum();
    eprintln!(
        "{}",
        ctx.lang
            .pair(c::debtors_total(debtors.len(), &format_eur(total)))
    );
    Ok(0)
}
