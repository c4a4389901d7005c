//! `sportello withdraw` (a child leaves a service from a day on) and `sportello balance move` (the
//! credit left in a wallet paid back to the family or moved to a sibling). Both the supervisor's.

use clap::{Args, Subcommand};

use super::{Ctx, backend_call, presences::parse_day};
use crate::backend::{BalanceTransfer, Withdrawal};
use crate::domain::codice_fiscale::CfError;
use crate::domain::money::format_eur;
use crate::i18n::cli_review as r;
use crate::i18n::{Localized, review};

#[derive(Debug, Args)]
pub struct WithdrawArgs {
    /// The child's codice fiscale.
    pub child_cf: String,
    /// The service left (e.g. refezione).
    #[arg(long)]
    pub service: String,
    /// The first day not used (YYYY-MM-DD or DD/MM/YYYY): days charged from it on are refunded.
    #[arg(long)]
    pub from: String,
    /// Why (kept in the audit).
    #[arg(long)]
    pub reason: String,
}

#[derive(Debug, Subcommand)]
pub enum BalanceCommand {
    /// Move a wallet's credit on: to a brother or sister's wallet (--to), or back to the family.
    Move {
        /// The child whose wallet holds the credit.
        child_cf: String,
        #[arg(long)]
        service: String,
        /// The sibling (same paying parent) who receives it; without it the family is paid back.
        #[arg(long)]
        to: Option<String>,
        /// Why (kept in the audit).
        #[arg(long)]
        reason: String,
    },
}

pub fn withdraw(ctx: &Ctx, args: WithdrawArgs) -> Result<i32, String> {
    let l = ctx.lang;
    let from = parse_day(&args.from).ok_or_else(|| l.t(r::BAD_FROM).to_string())?;
    let backend = ctx.backend()?;
    let withdrawal = Withdrawal {
        service: args.service,
        from,
        reason: args.reason,
    };
    let out = backend_call(ctx, backend.withdraw(&args.child_cf, &withdrawal))?;
    let from = out.from.format("%d/%m/%Y").to_string();
    println!("{}", l.pair(r::withdrawn(&out.service, &from)));
    println!(
        "{}",
        l.pair(r::refunded(
            out.refunded_days,
            &format_eur(out.refunded_cents)
        ))
    );
    println!(
        "{}",
        l.pair(r::balance_left(
            &format_eur(out.balance_cents),
            out.balance_cents.get() > 0
        ))
    );
    match out.promoted_application {
        Some(id) => println!("{}", l.pair(r::promoted(id))),
        None => println!("{}", l.t(r::NOBODY_WAITING)),
    }
    Ok(0)
}

pub fn balance(ctx: &Ctx, cmd: BalanceCommand) -> Result<i32, String> {
    let BalanceCommand::Move {
        child_cf,
        service,
        to,
        reason,
    } = cmd;
    let to_child_cf = match to {
        Some(cf) => Some(
            cf.parse()
                .map_err(|e: CfError| format!("--to: {}", e.localized(ctx.lang)))?,
        ),
        None => None,
    };
    let backend = ctx.backend()?;
    let transfer = BalanceTransfer {
        service,
        to_child_cf,
        reason,
    };
    let out = backend_call(ctx, backend.transfer_balance(&child_cf, &transfer))?;
    println!(
        "{}",
        ctx.lang.pair(review::moved(
            out.amount_cents.get(),
            out.to_child_cf.is_some()
        ))
    );
    Ok(0)
}
