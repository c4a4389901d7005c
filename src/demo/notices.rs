//! pagoPA notices of the demo: pending ones, and paid ones with their receipt and ledger top-ups.

use chrono::{Days, NaiveDateTime};
use rand::Rng;

use super::loader::Loader;
use super::{Ctx, DemoSummary};
use crate::backend::{BResult, BackendError};
use crate::domain::notice::NoticeNumber;

pub(super) fn insert_notice(
    ctx: &mut Ctx,
    l: &mut Loader,
    payer_id: i64,
    at: NaiveDateTime,
    allocs: &[(i64, &str, i64)],
    state: &str,
) -> BResult<(i64, NoticeNumber, i64)> {
    l.next_iuv += 1;
    let number = NoticeNumber::aux3(ctx.segregation, l.next_iuv as u64)
        .map_err(|e| BackendError::internal(format!("{e:?}")))?;
    let total: i64 = allocs.iter().map(|a| a.2).sum();
    let subject = if allocs[0].1 == "trasporto" {
        "Ricarica Trasporto scolastico"
    } else {
        "Ricarica Refezione scolastica"
    };
    let due = at.date() + Days::new(30);
    let notice_id = l.next_notice_id;
    l.next_notice_id += 1;
    l.notices.push([
        Box::new(notice_id),
        Box::new(number.as_str().to_string()),
        Box::new(number.iuv().to_string()),
        Box::new(total),
        Box::new(subject),
        Box::new(payer_id),
        Box::new(due),
        Box::new(state.to_string()),
        Box::new(at),
    ]);
    for (child_id, service, amount) in allocs {
        l.allocations.push([
            Box::new(notice_id),
            Box::new(*child_id),
            Box::new(service.to_string()),
            Box::new(*amount),
        ]);
    }
    Ok((notice_id, number, total))
}

pub(super) fn paid_notice(
    ctx: &mut Ctx,
    l: &mut Loader,
    payer_id: i64,
    at: NaiveDateTime,
    allocs: &[(i64, &str, i64)],
    summary: &mut DemoSummary,
) -> BResult<()> {
    let (notice_id, number, total) = insert_notice(ctx, l, payer_id, at, allocs, "paid")?;
    let psp = [
        "Poste Italiane",
        "Intesa Sanpaolo",
        "UniCredit",
        "Banca Sella",
        "SisalPay",
        "PayPal",
    ][ctx.rng.random_range(0..6)];
    l.receipts.push([
        Box::new(format!("RCP{}", number.iuv())),
        Box::new(notice_id),
        Box::new(total),
        Box::new(at),
        Box::new(psp),
        Box::new(at),
    ]);
    for (child_id, service, amount) in allocs {
        l.ledger.push([
            Box::new(*child_id),
            Box::new(service.to_string()),
            Box::new(at),
            Box::new("topup"),
            Box::new(*amount),
            Box::new(format!("Ricarica pagoPA, avviso {}", number.grouped())),
            Box::new(number.as_str().to_string()),
        ]);
        summary.ledger_rows += 1;
    }
    Ok(())
}
