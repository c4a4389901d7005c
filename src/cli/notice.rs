//! `sportello notice ...` and `sportello receipt record`.

use std::io::IsTerminal;

use chrono::NaiveDateTime;
use clap::Subcommand;

use super::{Ctx, backend_call, print_json};
use crate::backend::{
    Allocation, CodiceFiscale, NewNotice, NewReceipt, Notice, NoticeNumber, PaidAt, read_field,
};
use crate::domain::money::{format_eur, parse_payable};
use crate::i18n::Localized;
use crate::i18n::cli as c;

#[derive(Debug, Subcommand)]
pub enum NoticeCommand {
    /// Check notice numbers: one line each, NUMBER<TAB>valid or NUMBER<TAB>invalid<TAB>reason.
    Check { numbers: Vec<String> },
    /// Create a top-up notice for a child and service, and show it with its QR code.
    New {
        #[arg(long)]
        child: String,
        #[arg(long)]
        service: String,
        /// As typed at the desk: 12,50 or 12.50 or 12.
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        #[arg(long)]
        json: bool,
    },
    /// Write the printable A4 notice (PDF) to a file.
    Pdf {
        number: String,
        #[command(flatten)]
        delivery: super::paper::Delivery,
    },
    /// The receipt of a paid notice's payment (PDF): to a file, the payer's e-mail or the printer.
    Receipt {
        number: String,
        #[command(flatten)]
        delivery: super::paper::Delivery,
    },
    /// Show a notice and its state.
    Show {
        number: String,
        #[arg(long)]
        json: bool,
        /// Draw the QR code too.
        #[arg(long)]
        qr: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReceiptCommand {
    /// Record a pagoPA receipt and credit the balance (once: the same receipt again credits nothing).
    Record {
        #[arg(long)]
        notice: String,
        #[arg(long)]
        receipt_id: String,
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// When it was paid: 2026-11-20T10:30:00, or the day alone 2026-11-20 (default: now).
        #[arg(long)]
        paid_at: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Ctx, cmd: NoticeCommand) -> Result<i32, String> {
    match cmd {
        NoticeCommand::Check { numbers } => {
            let mut code = 0;
            for n in &numbers {
                match NoticeNumber::parse(n) {
                    Ok(_) => println!("{n}\tvalid"),
                    Err(e) => {
                        code = 1;
                        println!("{n}\tinvalid\t{}", e.localized(ctx.lang));
                    }
                }
            }
            Ok(code)
        }
        NoticeCommand::New {
            child,
            service,
            amount,
            json,
        } => {
            let cents = parse_payable(&amount).map_err(|e| e.localized(ctx.lang))?;
            let child_cf = backend_call(ctx, read_field("child_cf", CodiceFiscale::parse(&child)))?;
            let backend = ctx.backend()?;
            let request = NewNotice {
                allocations: vec![Allocation {
                    child_cf,
                    child_name: String::new(),
                    service,
                    amount_cents: cents,
                }],
                due_date: None,
            };
            let notice = backend_call(ctx, backend.create_notice(&request))?;
            if json {
                print_json(&notice)
            } else {
                print_notice(ctx, &notice, true)
            }
        }
        NoticeCommand::Pdf { number, delivery } => {
            let what = crate::paper::document::What::Notice { number };
            super::paper::make_and_deliver(ctx, &what, &delivery, &None)
        }
        NoticeCommand::Receipt { number, delivery } => {
            let what = crate::paper::document::What::Receipt { number };
            super::paper::make_and_deliver(ctx, &what, &delivery, &None)
        }
        NoticeCommand::Show { number, json, qr } => {
            let backend = ctx.backend()?;
            let notice = backend_call(ctx, backend.notice(&number))?;
            if json {
                print_json(&notice)
            } else {
                print_notice(ctx, &notice, qr)
            }
        }
    }
}

pub fn run_receipt(ctx: &Ctx, cmd: ReceiptCommand) -> Result<i32, String> {
    let ReceiptCommand::Record {
        notice,
        receipt_id,
        amount,
        paid_at,
        json,
    } = cmd;
    let cents = parse_payable(&amount).map_err(|e| e.localized(ctx.lang))?;
    let notice = backend_call(
        ctx,
        read_field("notice_number", NoticeNumber::parse(&notice)),
    )?;
    let paid_at = match paid_at {
        Some(t) => Some(parse_paid_at(&t).ok_or_else(|| ctx.lang.t(c::BAD_PAID_AT).to_string())?),
        None => None,
    };
    let backend = ctx.backend()?;
    let receipt = NewReceipt {
        notice_number: notice,
        receipt_id,
        amount_cents: cents,
        paid_at,
        psp: None,
    };
    let outcome = backend_call(ctx, backend.record_receipt(&receipt))?;
    if json {
        return print_json(&outcome);
    }
    let n = &outcome.notice;
    let number = n.number.grouped();
    if outcome.credited {
        println!(
            "{}",
            ctx.lang
                .pair(c::receipt_recorded(&number, &format_eur(n.amount_cents)))
        );
    } else {
        println!("{}", ctx.lang.pair(c::receipt_known(&number)));
    }
    Ok(0)
}

fn parse_paid_at(s: &str) -> Option<PaidAt> {
    let s = s.trim();
    if let Ok(day) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(PaidAt::Day(day));
    }
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M"))
        .ok()
        .or_else(|| {
            chrono::DateTime::parse_from_rfc3339(s)
                .ok()
                .map(|d| d.naive_local())
        })
        .map(PaidAt::At)
}

fn print_notice(ctx: &Ctx, n: &Notice, with_qr: bool) -> Result<i32, String> {
    let l = ctx.lang;
    let grouped = n.number.grouped();
    println!("{:<16}{}", l.t(c::NOTICE_HEADING), grouped);
    println!("{:<16}{}", "IUV", n.iuv);
    println!("{:<16}{}", l.t(c::SUBJECT), n.subject);
    println!("{:<16}{}", l.t(c::AMOUNT), format_eur(n.amount_cents));
    println!(
        "{:<16}{} ({})",
        l.t(c::PAYER),
        n.payer.full_name,
        n.payer.cf
    );
    let due = n
        .due_date
        .map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_else(|| l.t(c::NO_DUE_DATE).into());
    println!("{:<16}{}", l.t(c::DUE_DATE), due);
    println!(
        "{:<16}{}",
        l.t(c::STATE),
        crate::i18n::notice_state(l, n.state)
    );
    for a in &n.allocations {
        println!(
            "{:<16}{} ({}) {} {}",
            l.t(c::FOR),
            a.child_name,
            a.child_cf,
            a.service,
            format_eur(a.amount_cents)
        );
    }
    for r in &n.receipts {
        println!(
            "{:<16}{} {} {} {}",
            l.t(c::RECEIPT),
            r.receipt_id,
            r.paid_at.display(),
            format_eur(r.amount_cents),
            r.psp.as_deref().unwrap_or(&r.channel)
        );
    }
    println!("{:<16}{}", l.t(c::QR_PAYLOAD), n.qr_payload);
    if with_qr {
        let m = crate::qr::payload_qr(&n.qr_payload);
        let lines = if std::io::stdout().is_terminal() {
            crate::qr::ansi_lines(&m, 4)
        } else {
            crate::qr::half_block_lines(&m, 4)
        };
        println!();
        for line in lines {
            println!("{line}");
        }
    }
    Ok(0)
}
