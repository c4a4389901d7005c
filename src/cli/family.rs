//! `sportello search` and `sportello family show`.

use clap::Subcommand;

use super::{Ctx, backend_call, print_json};
use crate::backend::{FamilyCard, HitKind};
use crate::domain::money::format_eur;
use crate::i18n::cli as c;

#[derive(Debug, Subcommand)]
pub enum FamilyCommand {
    /// The family card of any member: paying parent, child or second parent.
    Show {
        cf: String,
        #[arg(long)]
        json: bool,
    },
}

pub fn search(ctx: &Ctx, query: &str, json: bool, limit: usize) -> Result<i32, String> {
    let backend = ctx.backend()?;
    // One more than asked: whether there are more is worth saying.
    let mut hits = backend_call(ctx, backend.search(query, (limit + 1).min(200)))?;
    let more = hits.len() > limit;
    hits.truncate(limit);
    if json {
        return print_json(&hits);
    }
    if hits.is_empty() {
        eprintln!("{}", ctx.lang.t(c::NO_RESULTS));
        return Ok(1);
    }
    for h in &hits {
        let kind = match h.kind {
            HitKind::Parent => ctx.lang.t(c::PARENT),
            HitKind::Child => ctx.lang.t(c::CHILD),
            HitKind::Notice => ctx.lang.t(c::NOTICE),
        };
        println!(
            "{kind}\t{}\t{}\t{}\t{}",
            h.key,
            h.label,
            h.shown_detail(ctx.lang),
            h.family_cf
        );
    }
    if more {
        eprintln!("{}", ctx.lang.pair(c::more_results(limit)));
    }
    Ok(0)
}

pub fn run(ctx: &Ctx, cmd: FamilyCommand) -> Result<i32, String> {
    let FamilyCommand::Show { cf, json } = cmd;
    let backend = ctx.backend()?;
    let card = backend_call(ctx, backend.family(&cf))?;
    if json {
        print_json(&card)
    } else {
        print_card(ctx, &card)
    }
}

fn print_card(ctx: &Ctx, card: &FamilyCard) -> Result<i32, String> {
    let l = ctx.lang;
    let p = &card.parent;
    println!("{} {} ({})", l.t(c::PAYING_PARENT), p.full_name(), p.cf);
    println!(
        "  e-mail: {}  tel: {}",
        p.email.as_deref().unwrap_or("-"),
        p.phone.as_deref().unwrap_or("-")
    );
    println!(
        "  {}: {}",
        l.t(c::ADDRESS),
        p.address.as_deref().unwrap_or("-")
    );
    let account = if p.locked {
        l.t(c::LOCKED).to_string()
            + &format!(" ({} {})", p.failed_attempts, l.t(c::FAILED_ATTEMPTS))
    } else {
        l.t(c::ACTIVE).to_string()
    };
    println!("  {}: {} ({})", l.t(c::ACCOUNT), account, p.username);
    for c in &card.children {
        println!();
        println!(
            "{} {} ({})  PAN {}",
            l.t(c::CHILD_HEADING),
            c.full_name(),
            c.cf,
            c.pan
        );
        let class = match (&c.class, &c.section) {
            (Some(k), Some(s)) => format!("{k}{s}"),
            _ => "-".into(),
        };
        println!(
            "  {}: {}, {} {}",
            l.t(c::SCHOOL),
            c.school.as_deref().unwrap_or("-"),
            l.t(c::CLASS),
            class
        );
        if let Some(d) = &c.diet {
            println!("  {}: {d}", l.t(c::DIET));
        }
        if let Some(sp) = &c.second_parent {
            println!("  {}: {} ({})", l.t(c::SECOND_PARENT), sp.full_name, sp.cf);
        }
        for s in &c.services {
            let sign = if s.balance_cents < 0 {
                l.t(c::NEGATIVE)
            } else {
                ""
            };
            let last = s
                .last_topup
                .as_ref()
                .map(|t| {
                    format!(
                        "{} {} {}",
                        l.t(c::LAST_TOP_UP),
                        t.at.format("%d/%m/%Y"),
                        format_eur(t.amount_cents)
                    )
                })
                .unwrap_or_else(|| l.t(c::NO_TOP_UP).into());
            println!(
                "  {:<24} {} {:>12}{sign}  {last}",
                s.service_name,
                l.t(c::BALANCE),
                format_eur(s.balance_cents)
            );
        }
    }
    if !card.pending_notices.is_empty() {
        println!();
        println!("{}", l.t(c::NOTICES_TO_PAY));
        for n in &card.pending_notices {
            let grouped = n.number.grouped();
            println!(
                "  {grouped}  {:>12}  {}",
                format_eur(n.amount_cents),
                n.subject
            );
        }
    }
    Ok(0)
}
