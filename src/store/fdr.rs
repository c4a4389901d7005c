//! pagoPA's reconciliation flows (FdR) in the store: importing a revision, the report per IUV, and
//! crediting a payment a flow reports and no receipt does.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::notices::{Credit, credit, load};
use super::{LocalBackend, OptionalRow, require_reason, settings};
use crate::backend::*;
use crate::domain::meals::is_school_day;
use crate::domain::money::format_eur;
use crate::i18n::reconciliation as t;
use crate::i18n::{Lang, Localized};

impl LocalBackend {
    pub(super) fn do_fdr_import(&self, flow: &Flow) -> BResult<FlowImport> {
        let actor = self.supervisor()?;
        flow.check_totals().map_err(|e| {
            BackendError::invalid_msg("payments", e.localized(Lang::It), e.localized(Lang::En))
        })?;
        self.store.write(|tx| {
            let ente = settings::ente(tx)?;
            if flow.receiver != ente.fiscal_code {
                return Err(BackendError::pair(
                    ErrorKind::Conflict,
                    t::other_ente(&flow.id, &flow.receiver, &ente.fiscal_code),
                ));
            }
            let held: Option<(i64, Option<i64>, NaiveDateTime)> = tx
                .query_row(
                    "SELECT id, revision, flow_at FROM fdr_flows WHERE flow_id = ?1 AND psp = ?2",
                    params![flow.id, flow.psp],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            // A file has no revision number: a later flow time is a later revision.
            let order = |revision: Option<i64>, at: NaiveDateTime| (revision.unwrap_or(0), at);
            let effect = match held {
                None => ImportEffect::Imported,
                Some((_, revision, at)) => match order(flow.revision, flow.date).cmp(&order(revision, at)) {
                    std::cmp::Ordering::Equal => ImportEffect::Unchanged,
                    std::cmp::Ordering::Less => ImportEffect::Older,
                    std::cmp::Ordering::Greater => ImportEffect::Replaced,
                },
            };
            let answer = FlowImport {
                id: flow.id.clone(),
                psp: flow.psp.clone(),
                revision: flow.revision,
                effect,
                payments: flow.total_payments,
                total_cents: flow.total_cents,
            };
            if matches!(effect, ImportEffect::Unchanged | ImportEffect::Older) {
                return Ok(answer);
            }
            if let Some((old, _, _)) = held {
                tx.execute("DELETE FROM fdr_flows WHERE id = ?1", [old])?;
            }
            let now = self.store.now();
            insert_flow(tx, flow, now, &actor.username)?;
            if let (Source::Rest, Some(revision)) = (flow.source, flow.revision) {
                tx.execute(
                    "INSERT OR IGNORE INTO fdr_fetches (flow_id, psp, revision, published, fetched_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![flow.id, flow.psp, revision, flow.published, now],
                )?;
            }
            self.store.audit(
                tx,
                &actor.username,
                "fdr.import",
                &format!("fdr:{}", flow.id),
                &format!(
                    "psp={} revision={} payments={} total_cents={} effect={effect:?}",
                    flow.psp,
                    flow.revision.map_or("-".into(), |r| r.to_string()),
                    flow.total_payments,
                    flow.total_cents
                ),
            )?;
            Ok(answer)
        })
    }

    pub(super) fn do_fdr_known(&self) -> BResult<Vec<KnownFlow>> {
        self.supervisor()?;
        self.store.read(|tx| {
            let mut st = tx.prepare(
                "SELECT flow_id, psp, revision FROM fdr_flows
                 UNION SELECT flow_id, psp, revision FROM fdr_fetches ORDER BY 1, 2, 3",
            )?;
            let rows = st
                .query_map([], |r| {
                    Ok(KnownFlow {
                        id: r.get(0)?,
                        psp: r.get(1)?,
                        revision: r.get(2)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
            Ok(rows)
        })
    }

    pub(super) fn do_fdr_report(&self) -> BResult<ReconciliationReport> {
        self.supervisor()?;
        let today = self.store.today();
        let grace = self.policy.fdr_grace_days;
        self.store.read(|tx| report(tx, today, grace))
    }

    pub(super) fn do_fdr_credit(&self, iuv: &str, reason: Option<&str>) -> BResult<ReceiptOutcome> {
        let actor = self.supervisor()?;
        self.store.write(|tx| {
            let reported = flow_payments_of(tx, iuv)?;
            let Some(first) = reported.first() else {
                return Err(BackendError::text(ErrorKind::NotFound, t::NOT_IN_A_FLOW));
            };
            let flow_cents: i64 = reported.iter().map(|p| p.amount_cents).sum();
            let (id, amount, state, due): (i64, Amount, String, Option<NaiveDate>) = tx
                .query_row(
                    "SELECT id, amount_cents, state, due_date FROM notices WHERE iuv = ?1",
                    [iuv],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .or_not_found("Avviso di questo IUV", "Notice of this IUV")?;
            let today = self.store.today();
            let receipt_id = format!("FDR-{}", first.iur);
            let receipts: Vec<String> = tx
                .prepare_cached("SELECT receipt_id FROM receipts WHERE notice_id = ?1")?
                .query_map([id], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            if receipts.contains(&receipt_id) {
                // Pressed again: credited the first time.
                return Ok(ReceiptOutcome {
                    credited: false,
                    notice: load(tx, id, today)?,
                });
            }
            if !receipts.is_empty() {
                return Err(BackendError::text(ErrorKind::Conflict, t::HAS_A_RECEIPT));
            }
            if flow_cents != amount.get() {
                return Err(BackendError::pair(
                    ErrorKind::Conflict,
                    t::credit_amount_differs(&format_eur(flow_cents), &format_eur(amount.get())),
                ));
            }
            if state == "paid" {
                return Err(BackendError::text(ErrorKind::Conflict, t::HAS_A_RECEIPT));
            }
            let expired = state == "pending" && due.is_some_and(|d| d < today);
            let unpayable = state == "cancelled" || state == "expired" || expired;
            let reason = match (unpayable, reason.map(str::trim).filter(|r| !r.is_empty())) {
                (true, None) => {
                    return Err(BackendError::text(ErrorKind::Invalid, t::REASON_FOR_CLOSED)
                        .with_field("reason"));
                }
                (true, Some(r)) => Some(require_reason(r)?),
                (false, _) => None,
            };
            let number: NoticeNumber =
                tx.query_row("SELECT number FROM notices WHERE id = ?1", [id], |r| {
                    r.get(0)
                })?;
            let now = self.store.now();
            credit(
                tx,
                id,
                &number,
                &Credit {
                    receipt_id: &receipt_id,
                    amount,
                    paid_at: PaidAt::Day(first.date),
                    recorded: now,
                    channel: "fdr",
                    psp: Some(&first.psp),
                    by: &actor.username,
                },
            )?;
            let mut detail = format!(
                "iuv={iuv} fdr={} psp={} iur={} amount_cents={flow_cents}",
                first.flow_id, first.psp, first.iur
            );
            if let Some(r) = reason {
                let was = if expired { "expired" } else { state.as_str() };
                detail.push_str(&format!(" notice_was={was} reason={r}"));
            }
            self.store.audit(
                tx,
                &actor.username,
                "fdr.credit",
                &format!("notice:{}", number.as_str()),
                &detail,
            )?;
            Ok(ReceiptOutcome {
                credited: true,
                notice: load(tx, id, today)?,
            })
        })
    }
}

fn insert_flow(tx: &Transaction, flow: &Flow, now: NaiveDateTime, by: &str) -> BResult<()> {
    let source = match flow.source {
        Source::File => "file",
        Source::Rest => "rest",
    };
    tx.execute(
        "INSERT INTO fdr_flows (flow_id, psp, psp_name, revision, flow_at, regulation, regulation_date, bic,
             receiver, total_payments, total_cents, source, raw, imported_at, imported_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        params![
            flow.id,
            flow.psp,
            flow.psp_name,
            flow.revision,
            flow.date,
            flow.regulation,
            flow.regulation_date,
            flow.bic,
            flow.receiver,
            flow.total_payments,
            flow.total_cents,
            source,
            flow.raw.as_bytes(),
            now,
            by
        ],
    )?;
    let flow_row = tx.last_insert_rowid();
    let mut st = tx.prepare_cached(
        "INSERT INTO fdr_payments (flow, iuv, iur, idx, amount_cents, outcome, paid_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for p in &flow.payments {
        st.execute(params![
            flow_row,
            p.iuv,
            p.iur,
            p.index,
            p.amount_cents,
            p.outcome.code(),
            p.date
        ])?;
    }
    Ok(())
}

/// One payment of a held flow that brought money (revoked ones did not).
struct Reported {
    flow_id: String,
    psp: String,
    iur: String,
    amount_cents: i64,
    date: NaiveDate,
}

fn flow_payments_of(conn: &Connection, iuv: &str) -> BResult<Vec<Reported>> {
    let mut st = conn.prepare_cached(
        "SELECT f.flow_id, f.psp, p.iur, p.amount_cents, p.paid_on FROM fdr_payments p
         JOIN fdr_flows f ON f.id = p.flow WHERE p.iuv = ?1 AND p.outcome != 3 ORDER BY p.paid_on, p.iur",
    )?;
    let rows = st
        .query_map([iuv], |r| {
            Ok(Reported {
                flow_id: r.get(0)?,
                psp: r.get(1)?,
                iur: r.get(2)?,
                amount_cents: r.get(3)?,
                date: r.get(4)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// A notice's side of an IUV: its receipts summed.
struct Paid {
    number: String,
    state: NoticeState,
    family: String,
    notice_cents: i64,
    receipt_cents: Option<i64>,
    receipt_id: Option<String>,
    channel: Option<String>,
    paid_on: Option<NaiveDate>,
}

fn report(tx: &Transaction, today: NaiveDate, grace: u32) -> BResult<ReconciliationReport> {
    // What the flows held say, per IUV.
    let mut flows: BTreeMap<String, Vec<Reported>> = BTreeMap::new();
    {
        let mut st = tx.prepare(
            "SELECT p.iuv, f.flow_id, f.psp, p.iur, p.amount_cents, p.paid_on FROM fdr_payments p
             JOIN fdr_flows f ON f.id = p.flow WHERE p.outcome != 3 ORDER BY p.iuv, p.paid_on, p.iur",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            flows.entry(r.get(0)?).or_default().push(Reported {
                flow_id: r.get(1)?,
                psp: r.get(2)?,
                iur: r.get(3)?,
                amount_cents: r.get(4)?,
                date: r.get(5)?,
            });
        }
    }
    // Receipts older than the first payment any held flow reports predate reconciliation: they are
    // not waited for.
    let since: Option<NaiveDate> =
        tx.query_row("SELECT min(paid_on) FROM fdr_payments", [], |r| r.get(0))?;
    let mut paid: BTreeMap<String, Paid> = BTreeMap::new();
    if let Some(since) = since {
        let mut st = tx.prepare(
            "SELECT n.iuv FROM receipts r JOIN notices n ON n.id = r.notice_id
             WHERE r.paid_at >= ?1 AND r.channel != 'cash'",
        )?;
        let recent: Vec<String> = st
            .query_map([since], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for iuv in recent.iter().chain(flows.keys()) {
            if !paid.contains_key(iuv)
                && let Some(p) = notice_side(tx, iuv, today)?
            {
                paid.insert(iuv.clone(), p);
            }
        }
    }
    let holidays: Vec<NaiveDate> = tx
        .prepare("SELECT day FROM holidays WHERE day >= ?1")?
        .query_map([since.unwrap_or(today)], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut lines = Vec::new();
    let mut iuvs: Vec<&String> = flows.keys().chain(paid.keys()).collect();
    iuvs.sort();
    iuvs.dedup();
    for iuv in iuvs {
        let reported = flows.get(iuv);
        let notice = paid.get(iuv);
        let flow_cents = reported.map(|r| r.iter().map(|p| p.amount_cents).sum::<i64>());
        let receipt_cents = notice.and_then(|n| n.receipt_cents);
        let kind = match (flow_cents, receipt_cents) {
            (Some(_), None) => LineKind::NoReceipt,
            (Some(f), Some(r)) if f != r => LineKind::AmountDiffers,
            (Some(_), Some(_)) => LineKind::Reconciled,
            (None, Some(_)) => {
                let cash = notice.and_then(|n| n.channel.as_deref()) == Some("cash");
                let day = notice.and_then(|n| n.paid_on).unwrap_or(today);
                if cash || working_days_after(day, today, &holidays) <= grace {
                    continue;
                }
                LineKind::NoFlow
            }
            (None, None) => continue,
        };
        let first = reported.and_then(|r| r.first());
        lines.push(ReconciliationLine {
            iuv: iuv.clone(),
            kind,
            notice_number: notice.map(|n| n.number.clone()),
            notice_state: notice.map(|n| n.state),
            family: notice.map(|n| n.family.clone()),
            notice_cents: notice.map(|n| n.notice_cents),
            receipt_cents,
            receipt_id: notice.and_then(|n| n.receipt_id.clone()),
            receipt_channel: notice.and_then(|n| n.channel.clone()),
            paid_on: notice.and_then(|n| n.paid_on).or(first.map(|p| p.date)),
            flow_cents,
            flow_id: first.map(|p| p.flow_id.clone()),
            psp: first.map(|p| p.psp.clone()),
            iur: first.map(|p| p.iur.clone()),
        });
    }
    lines.sort_by(|a, b| (a.kind, &a.iuv).cmp(&(b.kind, &b.iuv)));
    let last_import = tx.query_row("SELECT max(imported_at) FROM fdr_flows", [], |r| r.get(0))?;
    Ok(ReconciliationReport {
        today,
        grace_days: grace,
        last_import,
        lines,
    })
}

/// The notice of an IUV with its receipts, if the store issued it.
fn notice_side(conn: &Connection, iuv: &str, today: NaiveDate) -> BResult<Option<Paid>> {
    let row = conn
        .prepare_cached(
            "SELECT n.number, n.state, n.due_date, p.surname || ' ' || p.name, n.amount_cents,
                    (SELECT sum(amount_cents) FROM receipts WHERE notice_id = n.id),
                    (SELECT receipt_id FROM receipts WHERE notice_id = n.id ORDER BY paid_at LIMIT 1),
                    (SELECT channel FROM receipts WHERE notice_id = n.id ORDER BY paid_at LIMIT 1),
                    (SELECT substr(min(paid_at), 1, 10) FROM receipts WHERE notice_id = n.id)
             FROM notices n JOIN parents p ON p.id = n.payer_id WHERE n.iuv = ?1",
        )?
        .query_row([iuv], |r| {
            let state: String = r.get(1)?;
            let due: Option<NaiveDate> = r.get(2)?;
            let mut state = NoticeState::parse(&state).unwrap_or(NoticeState::Pending);
            if state == NoticeState::Pending && due.is_some_and(|d| d < today) {
                state = NoticeState::Expired;
            }
            Ok(Paid {
                number: r.get(0)?,
                state,
                family: r.get(3)?,
                notice_cents: r.get(4)?,
                receipt_cents: r.get(5)?,
                receipt_id: r.get(6)?,
                channel: r.get(7)?,
                paid_on: r.get(8)?,
            })
        })
        .optional()?;
    Ok(row)
}

/// Working days (Monday to Friday, not a holiday) after `day`, up to and including `today`.
fn working_days_after(day: NaiveDate, today: NaiveDate, holidays: &[NaiveDate]) -> u32 {
    day.iter_days()
        .skip(1)
        .take_while(|d| *d <= today)
        .filter(|d| is_school_day(*d, holidays))
        .count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let d = |day| NaiveDate::from_ymd_opt(2026, 12, day).unwrap();
        // Friday 4 December 2026 to Friday 11: Mon 7, (Tue 8 Immacolata), Wed 9, Thu 10, Fri 11.
        assert_eq!(working_days_after(d(4), d(11), &[d(8)]), 4);
        assert_eq!(working_days_after(d(4), d(11), &[]), 5);
        assert_eq!(
            working_days_after(d(4), d(6), &[]),
            0,
            "the weekend counts nothing"
        );
        assert_eq!(working_days_after(d(11), d(4), &[]), 0);
    }
}
