//! The store as the pagoPA station sees it: notices as payment positions, and the receipts the Node
//! delivers (each kept as received, credited once, or left for a supervisor as an anomaly).

use rusqlite::{OptionalExtension, Transaction, params};

use super::notices::{Credit, credit};
use super::{Store, settings};
use crate::backend::{Amount, BResult, NoticeState, PaidAt, ReceiptAnomaly};
use crate::domain::notice::NoticeNumber;
use crate::pagopa::station::{
    Debtor, NodeReceipt, PaymentPositions, Position, ReceiptFate, Transfer, end_of_school_year,
};

/// Who the audit rows name for what the Node does.
pub const NODE_ACTOR: &str = "pagopa";

/// When a service has no taxonomy code of its own: "rette scolastiche" (school fees).
const DEFAULT_CATEGORY: &str = "9/0107100TS/";

impl PaymentPositions for Store {
    fn position(&self, number: &NoticeNumber) -> BResult<Option<Position>> {
        self.read(|tx| position(tx, number, self.today()))
    }

    fn payment_fetched(&self, number: &NoticeNumber) -> BResult<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE notices SET payment_fetched_at = ?2 WHERE number = ?1",
                params![number.as_str(), self.now()],
            )?;
            Ok(())
        })
    }

    fn receive(&self, r: &NodeReceipt, payable_after_due: bool) -> BResult<ReceiptFate> {
        self.write(|tx| {
            let known: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM node_receipts WHERE receipt_id = ?1)",
                [&r.receipt_id],
                |row| row.get(0),
            )?;
            if known {
                return Ok(ReceiptFate::AlreadyReceived);
            }
            let received = self.now();
            let paid_at = r.paid_at.unwrap_or(received);
            let target = judge(tx, r, payable_after_due, self.today())?;
            let anomaly = target.as_ref().err().copied();
            tx.execute(
                "INSERT INTO node_receipts (receipt_id, notice_number, outcome, amount_cents, psp, method, paid_at,
                     received_at, version, body, anomaly)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    r.receipt_id,
                    r.notice_number,
                    if r.outcome_ok { "OK" } else { "KO" },
                    r.amount_cents,
                    r.psp,
                    r.method,
                    paid_at,
                    received,
                    r.version,
                    r.body,
                    anomaly.map(ReceiptAnomaly::as_str),
                ],
            )?;
            let subject = format!("notice:{}", r.notice_number);
            match target {
                Ok((id, number, amount)) => {
                    credit(tx, id, &number, &Credit {
                        receipt_id: &r.receipt_id,
                        amount,
                        paid_at: PaidAt::At(paid_at),
                        recorded: received,
                        channel: "nodo",
                        psp: Some(&r.psp),
                        by: NODE_ACTOR,
                    })?;
                    self.audit(tx, NODE_ACTOR, "receipt.node", &subject, &format!("amount_cents={}", r.amount_cents))?;
                    Ok(ReceiptFate::Credited)
                }
                Err(kind) => {
                    self.audit(
                        tx,
                        NODE_ACTOR,
                        "receipt.anomaly",
                        &subject,
                        &format!("{} amount_cents={}", kind.as_str(), r.amount_cents),
                    )?;
                    Ok(ReceiptFate::Anomaly(kind))
                }
            }
        })
    }
}

/// The pending notice a receipt pays (its id, number and amount), or why it cannot be credited.
fn judge(
    tx: &Transaction,
    r: &NodeReceipt,
    payable_after_due: bool,
    today: chrono::NaiveDate,
) -> BResult<Result<(i64, NoticeNumber, Amount), ReceiptAnomaly>> {
    if !r.outcome_ok {
        return Ok(Err(ReceiptAnomaly::OutcomeKo));
    }
    if settings::ente(tx)?.fiscal_code != r.fiscal_code {
        return Ok(Err(ReceiptAnomaly::OtherEnte));
    }
    let Ok(number) = NoticeNumber::parse(&r.notice_number) else {
        return Ok(Err(ReceiptAnomaly::UnknownNotice));
    };
    let row: Option<(i64, String, Amount, Option<chrono::NaiveDate>)> = tx
        .query_row(
            "SELECT id, state, amount_cents, due_date FROM notices WHERE number = ?1",
            [number.as_str()],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
        )
        .optional()?;
    let Some((id, state, amount, due)) = row else {
        return Ok(Err(ReceiptAnomaly::UnknownNotice));
    };
    let anomaly = match state.as_str() {
        "paid" => Some(ReceiptAnomaly::AlreadyPaid),
        "cancelled" => Some(ReceiptAnomaly::Cancelled),
        _ if !payable_after_due && due.is_some_and(|d| d < today) => Some(ReceiptAnomaly::Expired),
        _ if amount.get() != r.amount_cents => Some(ReceiptAnomaly::AmountDiffers),
        _ => None,
    };
    Ok(match anomaly {
        Some(a) => Err(a),
        None => Ok((id, number, amount)),
    })
}

fn position(
    tx: &Transaction,
    number: &NoticeNumber,
    today: chrono::NaiveDate,
) -> BResult<Option<Position>> {
    let row = tx
        .prepare_cached(
            "SELECT n.id, n.iuv, n.state, n.amount_cents, n.subject, n.due_date, n.created_at,
                    p.cf, p.surname || ' ' || p.name, p.email
             FROM notices n JOIN parents p ON p.id = n.payer_id WHERE n.number = ?1",
        )?
        .query_row([number.as_str()], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Amount>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<chrono::NaiveDate>>(5)?,
                r.get::<_, chrono::NaiveDateTime>(6)?,
                Debtor {
                    cf: r.get(7)?,
                    full_name: r.get(8)?,
                    email: r.get(9)?,
                },
            ))
        })
        .optional()?;
    let Some((id, iuv, state, amount, description, due, created, debtor)) = row else {
        return Ok(None);
    };
    let due_date = due.unwrap_or_else(|| end_of_school_year(created.date()));
    let mut state = NoticeState::parse(&state).unwrap_or(NoticeState::Pending);
    if state == NoticeState::Pending && due_date < today {
        state = NoticeState::Expired;
    }
    let transfers = tx
        .prepare_cached(
            "SELECT SUM(a.amount_cents), s.name, s.transfer_category
             FROM notice_allocations a JOIN services s ON s.code = a.service
             WHERE a.notice_id = ?1 GROUP BY a.service ORDER BY a.service",
        )?
        .query_map([id], |r| {
            Ok(Transfer {
                amount: r.get(0)?,
                service_name: r.get(1)?,
                category: r
                    .get::<_, Option<String>>(2)?
                    .unwrap_or_else(|| DEFAULT_CATEGORY.to_string()),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let ente = settings::ente(tx)?;
    Ok(Some(Position {
        number: number.clone(),
        iuv,
        state,
        amount,
        description,
        due_date,
        company_name: ente.name,
        ente_fiscal_code: ente.fiscal_code,
        debtor,
        transfers,
    }))
}
