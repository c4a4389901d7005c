//! The store as the pagoPA station sees it: notices as payment positions, and the receipts the Node
//! delivers (each kept as received, credited once, or left for a supervisor as an anomaly).

use rusqlite::{OptionalExtension, Transaction, params};

use super::lookup::child_ids;
use super::notices::{Credit, allocations_of, check_enrolled, credit};
use super::{LocalBackend, OptionalRow, Store, require_reason, settings};
use crate::backend::{
    Amount, AnomalyResolution, AnomalySettled, BResult, BackendError, Cents, ErrorKind,
    NoticeState, PaidAt, PaymentAnomaly, PersonRef, ReceiptAnomaly,
};
use crate::domain::notice::NoticeNumber;
use crate::i18n::errors;
use crate::pagopa::station::{
    Answered, Debtor, NodeReceipt, PaymentPositions, Position, ReceiptFate, Transfer,
    end_of_school_year,
};

/// Who the audit rows name for what the Node does.
pub const NODE_ACTOR: &str = "pagopa";

/// When a service has no taxonomy code of its own: "rette scolastiche" (school fees).
const DEFAULT_CATEGORY: &str = "9/0107100TS/";

impl PaymentPositions for Store {
    fn position(&self, number: &NoticeNumber) -> Answered<Option<Position>> {
        self.read(|tx| position(tx, number, self.today()))
            .map_err(|e| e.to_string())
    }

    fn payment_fetched(&self, number: &NoticeNumber) -> Answered<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE notices SET payment_fetched_at = ?2 WHERE number = ?1",
                params![number.as_str(), self.now()],
            )?;
            Ok(())
        })
        .map_err(|e| e.to_string())
    }

    fn receive(&self, r: &NodeReceipt, payable_after_due: bool) -> Answered<ReceiptFate> {
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
        .map_err(|e| e.to_string())
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

impl LocalBackend {
    pub(super) fn do_payment_anomalies(&self) -> BResult<Vec<PaymentAnomaly>> {
        self.supervisor()?;
        self.store.read(|tx| {
            let ids: Vec<i64> = tx
                .prepare_cached(
                    "SELECT id FROM node_receipts WHERE anomaly IS NOT NULL
                     ORDER BY resolution IS NOT NULL, received_at DESC LIMIT 500",
                )?
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            ids.into_iter().map(|id| anomaly(tx, id)).collect()
        })
    }

    pub(super) fn do_resolve_payment_anomaly(
        &self,
        id: i64,
        resolution: &AnomalyResolution,
    ) -> BResult<PaymentAnomaly> {
        let actor = self.supervisor()?;
        let reason = match resolution {
            AnomalyResolution::Credit { reason, .. } | AnomalyResolution::Refund { reason } => {
                require_reason(reason)?.to_string()
            }
        };
        self.store.write(|tx| {
            let found = anomaly(tx, id)?;
            if found.resolution.is_some() {
                return Err(BackendError::text(ErrorKind::Conflict, errors::ANOMALY_SETTLED));
            }
            let now = self.store.now();
            let subject = format!("notice:{}", found.notice_number);
            let outcome = match resolution {
                AnomalyResolution::Refund { .. } => "refund",
                AnomalyResolution::Credit { child_cf, service, .. } => {
                    if found.kind == ReceiptAnomaly::OutcomeKo {
                        return Err(BackendError::text(
                            ErrorKind::Conflict,
                            errors::FAILED_PAYMENT_NOT_CREDITED,
                        ));
                    }
                    let (child_id, _) = child_ids(tx, child_cf.as_str())?;
                    check_enrolled(tx, child_id, service, self.store.today())?;
                    credit_anomaly(tx, &found, child_id, service, now, &actor.username)?;
                    "credited"
                }
            };
            tx.execute(
                "UPDATE node_receipts SET resolution = ?2, resolved_by = ?3, resolved_at = ?4, resolution_note = ?5
                 WHERE id = ?1",
                params![id, outcome, actor.username, now, reason],
            )?;
            self.store.audit(
                tx,
                &actor.username,
                &format!("anomaly.{outcome}"),
                &subject,
                &format!("receipt={} amount_cents={} {reason}", found.receipt_id, found.amount_cents.get()),
            )?;
            anomaly(tx, id)
        })
    }
}

/// Puts an anomaly's money in a child's service wallet. A notice still pending (paid a different
/// amount, or late) is closed by it, as the payment it is.
fn credit_anomaly(
    tx: &Transaction,
    a: &PaymentAnomaly,
    child_id: i64,
    service: &str,
    now: chrono::NaiveDateTime,
    by: &str,
) -> BResult<()> {
    if let Ok(number) = NoticeNumber::parse(&a.notice_number) {
        let pending: Option<i64> = tx
            .query_row(
                "SELECT id FROM notices WHERE number = ?1 AND state = 'pending'",
                [number.as_str()],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(notice_id) = pending {
            tx.execute(
                "INSERT INTO receipts (receipt_id, notice_id, amount_cents, paid_at, channel, psp, recorded_at, recorded_by)
                 VALUES (?1, ?2, ?3, ?4, 'nodo', ?5, ?6, ?7)",
                params![a.receipt_id, notice_id, a.amount_cents.get(), a.paid_at, a.psp, now, by],
            )?;
            tx.execute(
                "UPDATE notices SET state = 'paid' WHERE id = ?1",
                [notice_id],
            )?;
        }
    }
    tx.execute(
        "INSERT INTO ledger (child_id, service, at, kind, amount_cents, description, ref)
         VALUES (?1, ?2, ?3, 'topup', ?4, ?5, ?6)",
        params![
            child_id,
            service,
            now,
            a.amount_cents.get(),
            format!(
                "Ricarica pagoPA da verificare, ricevuta {}",
                a.receipt_id.chars().take(40).collect::<String>()
            ),
            a.notice_number,
        ],
    )?;
    Ok(())
}

fn anomaly(tx: &Transaction, id: i64) -> BResult<PaymentAnomaly> {
    let mut a = tx
        .prepare_cached(
            "SELECT id, receipt_id, notice_number, anomaly, amount_cents, psp, paid_at, received_at,
                    resolution, resolved_by, resolved_at, resolution_note
             FROM node_receipts WHERE id = ?1 AND anomaly IS NOT NULL",
        )?
        .query_row([id], |r| {
            let kind: String = r.get(3)?;
            let resolution = match r.get::<_, Option<String>>(8)? {
                Some(outcome) => Some(AnomalySettled {
                    outcome,
                    by: r.get(9)?,
                    at: r.get(10)?,
                    note: r.get(11)?,
                }),
                None => None,
            };
            Ok(PaymentAnomaly {
                id: r.get(0)?,
                receipt_id: r.get(1)?,
                notice_number: r.get(2)?,
                kind: ReceiptAnomaly::parse(&kind).unwrap_or(ReceiptAnomaly::UnknownNotice),
                amount_cents: Cents(r.get(4)?),
                psp: r.get(5)?,
                paid_at: r.get(6)?,
                received_at: r.get(7)?,
                payer: None,
                allocations: Vec::new(),
                resolution,
            })
        })
        .or_not_found("Anomalia", "Anomaly")?;
    let notice: Option<(i64, crate::backend::CodiceFiscale, String)> = tx
        .query_row(
            "SELECT n.id, p.cf, p.surname || ' ' || p.name FROM notices n JOIN parents p ON p.id = n.payer_id
             WHERE n.number = ?1",
            [&a.notice_number],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    if let Some((notice_id, cf, full_name)) = notice {
        a.payer = Some(PersonRef { cf, full_name });
        a.allocations = allocations_of(tx, notice_id)?;
    }
    Ok(a)
}
