//! `sportello search` and `sportello family show`.

use clap::Subcommand;

use super::{Ctx, backend_call, print_json};
use crate::backend::{FamilyCard, HitKind};
use crate::domain::money::format_eur;
use crate::domain::notice::NoticeNumber;

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
    let hits = backend_call(ctx, backend.search(query, limit))?;
    if json {
        return print_json(&hits);
    }
    if hits.is_empty() {
        eprintln!("{}", ctx.lang.pick("Nessun risultato.", "No results."));
        return Ok(1);
    }
    for h in &hits {
        let kind = match h.kind {
            HitKind::Parent => ctx.lang.pick("genitore", "parent"),
            HitKind::Child => ctx.lang.pick("alunno", "child"),
            HitKind::Notice => ctx.lang.pick("avviso", "notice"),
        };
        println!(
            "{kind}\t{}\t{}\t{}\t{}",
            h.key, h.label, h.detail, h.family_cf
        );
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
    println!(
        "{} {} ({})",
        l.pick("Genitore pagante:", "Paying parent:"),
        p.full_name(),
        p.cf
    );
    println!(
        "  e-mail: {}  tel: {}",
        p.email.as_deref().unwrap_or("-"),
        p.phone.as_deref().unwrap_or("-")
    );
    println!(
        "  {}: {}",
        l.pick("indirizzo", "address"),
        p.address.as_deref().unwrap_or("-")
    );
    let account = if p.locked {
        l.pick("BLOCCATO", "LOCKED").to_string()
            + &format!(
                " ({} {})",
                p.failed_attempts,
                l.pick("tentativi errati", "failed attempts")
            )
    } else {
        l.pick("attivo", "active").to_string()
    };
    println!(
        "  {}: {} ({})",
        l.pick("account", "account"),
        account,
        p.username
    );
    for c in &card.children {
        println!();
        println!(
            "{} {} ({})  PAN {}",
            l.pick("Alunno:", "Child:"),
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
            l.pick("scuola", "school"),
            c.school.as_deref().unwrap_or("-"),
            l.pick("classe", "class"),
            class
        );
        if let Some(d) = &c.diet {
            println!("  {}: {d}", l.pick("dieta", "diet"));
        }
        if let Some(sp) = &c.second_parent {
            println!(
                "  {}: {} ({})",
                l.pick("secondo genitore", "second parent"),
                sp.full_name,
                sp.cf
            );
        }
        for s in &c.services {
            let sign = if s.balance_cents < 0 {
                l.pick(" NEGATIVO", " NEGATIVE")
            } else {
                ""
            };
            let last = s
                .last_topup
                .as_ref()
                .map(|t| {
                    format!(
                        "{} {} {}",
                        l.pick("ultima ricarica", "last top-up"),
                        t.at.format("%d/%m/%Y"),
                        format_eur(t.amount_cents)
                    )
                })
                .unwrap_or_else(|| l.pick("nessuna ricarica", "no top-up").into());
            println!(
                "  {:<24} {} {:>12}{sign}  {last}",
                s.service_name,
                l.pick("saldo", "balance"),
                format_eur(s.balance_cents)
            );
        }
    }
    if !card.pending_notices.is_empty() {
        println!();
        println!("{}", l.pick("Avvisi da pagare:", "Notices to pay:"));
        for n in &card.pending_notices {
            let grouped = NoticeNumber::parse(&n.number)
                .map(|x| x.grouped())
                .unwrap_or_else(|_| n.number.clone());
            println!(
                "  {grouped}  {:>12}  {}",
                format_eur(n.amount_cents),
                n.subject
            );
        }
    }
    Ok(0)
}
