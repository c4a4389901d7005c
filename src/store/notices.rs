//! Payment notices, their receipts, and the ledger credits they make.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::lookup::child_ids;
use super::policy::Policy;
use super::{LocalBackend, OptionalRow, require_reason, settings};
use crate::backend::{
    Allocation, BResult, BackendError, Cancellation, NewNotice, NewReceipt, Notice, NoticeState,
    PaidAt, PersonRef, ReceiptInfo, ReceiptOutcome,
};
use crate::domain::cf_ente::CfEnte;
use crate::domain::money::{Amount, format_eur};
use crate::domain::notice::{NoticeNumber, QrPayload};
use crate::i18n::errors;

/// After the Node fetched a notice's payment data, for this long the parent may be paying it.
const PAYING_MINUTES: i64 = 30;

const IUV_SEQUENCE_SPAN: i64 = 100_000_000_000; // 11 digits after the issuer's two

impl LocalBackend {
    pub(super) fn do_create_notice(&self, req: &NewNotice) -> BResult<Notice> {
        let actor = self.actor_or_kiosk()?;
        let policy = self.policy;
        if req.allocations.is_empty() {
            return Err(BackendError::invalid_text(
                "allocations",
                errors::NO_ALLOCATIONS,
            ));
        }
        for a in &req.allocations {
            check_amount(a.amount_cents.get(), policy)?;
        }
        let total: i64 = req.allocations.iter().map(|a| a.amount_cents.get()).sum();
        if total > policy.max_topup_cents * req.allocations.len() as i64 {
            return Err(amount_error(policy));
        }
        // Several allocations may add up past what one notice (and its QR) can carry.
        let total = Amount::new(total).map_err(|e| BackendError::invalid("amount", &e))?;
        if let Some(due) = req.due_date {
            check_due_date(due, self.store.today())?;
        }
        self.store.write(|tx| {
            let ente = settings::ente(tx)?;
            let mut payer: Option<i64> = None;
            let mut resolved = Vec::with_capacity(req.allocations.len());
            for a in &req.allocations {
                let (child_id, payer_id) = child_ids(tx, &a.child_cf)?;
                self.check_child_scope(tx, &actor, child_id)?;
                if payer.is_some_and(|p| p != payer_id) {
                    return Err(BackendError::invalid_text("allocations", errors::ONE_PAYER_PER_NOTICE));
                }
                payer = Some(payer_id);
                check_enrolled(tx, child_id, &a.service, self.store.today())?;
                if resolved.iter().any(|(c, s, _): &(i64, String, Amount)| *c == child_id && *s == a.service) {
                    return Err(BackendError::invalid_text("allocations", errors::ALLOCATION_TWICE));
                }
                resolved.push((child_id, a.service.clone(), a.amount_cents));
            }
            let payer_id = payer.expect("at least one allocation");
            let number = next_notice_number(tx, ente.segregation_code, policy.issuer)?;
            let created = self.store.now();
            let due = req.due_date.or_else(|| {
                (policy.due_days > 0).then(|| created.date() + chrono::Days::new(policy.due_days.into()))
            });
            let subject = subject_for(tx, &resolved)?;
            tx.execute(
                "INSERT INTO notices (number, iuv, amount_cents, subject, payer_id, due_date, state, created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', ?7, ?8)",
                params![number.as_str(), number.iuv(), total, subject, payer_id, due, created, actor.username],
            )?;
            let notice_id = tx.last_insert_rowid();
            for (child_id, service, cents) in &resolved {
                tx.execute(
                    "INSERT INTO notice_allocations (notice_id, child_id, service, amount_cents) VALUES (?1, ?2, ?3, ?4)",
                    params![notice_id, child_id, service, cents],
                )?;
            }
            self.store.audit(tx, &actor.username, "notice.create", &format!("notice:{}", number.as_str()), &format!("amount_cents={total}"))?;
            load(tx, notice_id, self.store.today())
        })
    }

    pub(super) fn do_notice(&self, number: &str) -> BResult<Notice> {
        let actor = self.actor_or_kiosk()?;
        let number = parse_number(number)?;
        self.store.read(|tx| {
            let id = self.check_notice_scope(tx, &actor, notice_id(tx, &number))?;
            load(tx, id, self.store.today())
        })
    }

    pub(super) fn do_cancel_notice(
        &self,
        number: &str,
        reason: &str,
        confirm_in_progress: bool,
    ) -> BResult<Notice> {
        let actor = self.actor()?;
        let number = parse_number(number)?;
        let reason = require_reason(reason)?;
        self.store.write(|tx| {
            let id = notice_id(tx, &number)?;
            let (state, created_by, fetched): (String, String, Option<NaiveDateTime>) = tx.query_row(
                "SELECT state, created_by, payment_fetched_at FROM notices WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            if !actor.is_supervisor() && created_by != actor.username {
                return Err(BackendError::forbidden());
            }
            if state != "pending" {
                return Err(state_conflict(&state));
            }
            let now = self.store.now();
            if let Some(at) = fetched.filter(|at| now - *at < chrono::Duration::minutes(PAYING_MINUTES))
                && !confirm_in_progress
            {
                let pair = errors::maybe_being_paid(&at.format("%H:%M").to_string());
                return Err(BackendError::pair(crate::backend::ErrorKind::Conflict, pair)
                    .with_field("confirm_in_progress"));
            }
            tx.execute(
                "UPDATE notices SET state = 'cancelled', cancelled_at = ?2, cancel_reason = ?3 WHERE id = ?1",
                params![id, self.store.now(), reason],
            )?;
            let detail = if fetched.is_some() && confirm_in_progress {
                format!("{reason} (confirmed while pagoPA may be paying)")
            } else {
                reason.to_string()
            };
            self.store.audit(tx, &actor.username, "notice.cancel", &format!("notice:{}", number.as_str()), &detail)?;
            load(tx, id, self.store.today())
        })
    }

    pub(super) fn do_record_receipt(
        &self,
        r: &NewReceipt,
        channel: &str,
    ) -> BResult<ReceiptOutcome> {
        // Typing a receipt credits money on someone's word: a supervisor's call. Receipts pagoPA
        // sends itself will come through their own channel, not through an operator.
        let actor = self.supervisor()?;
        let number = &r.notice_number;
        let receipt_id = r.receipt_id.trim();
        if receipt_id.is_empty() || receipt_id.len() > 64 {
            return Err(BackendError::invalid_text(
                "receipt_id",
                errors::BAD_RECEIPT_ID,
            ));
        }
        self.store.write(|tx| {
            let id = notice_id(tx, number)?;
            let (state, amount, created): (String, Amount, NaiveDateTime) = tx.query_row(
                "SELECT state, amount_cents, created_at FROM notices WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            let existing: Option<(i64, i64)> = tx
                .query_row(
                    "SELECT notice_id, amount_cents FROM receipts WHERE receipt_id = ?1",
                    [receipt_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if let Some((other_notice, other_amount)) = existing {
                if other_notice == id && r.amount_cents == other_amount {
                    // The same receipt again (pagoPA resends): nothing to credit.
                    return Ok(ReceiptOutcome {
                        credited: false,
                        notice: load(tx, id, self.store.today())?,
                    });
                }
                return Err(BackendError::text(
                    crate::backend::ErrorKind::Conflict,
                    errors::RECEIPT_ELSEWHERE,
                ));
            }
            if r.amount_cents != amount {
                let (it, en) = errors::amount_differs(&format_eur(amount));
                return Err(BackendError::invalid_msg("amount", it, en));
            }
            let recorded = self.store.now();
            let paid_at = r.paid_at.unwrap_or(PaidAt::At(recorded));
            check_paid_day(paid_at.date(), created.date(), recorded.date())?;
            if state != "pending" {
                return Err(state_conflict(&state));
            }
            credit(
                tx,
                id,
                number,
                &Credit {
                    receipt_id,
                    amount: r.amount_cents,
                    paid_at,
                    recorded,
                    channel,
                    psp: r.psp.as_deref(),
                    by: &actor.username,
                },
            )?;
            self.store.audit(
                tx,
                &actor.username,
                "receipt.record",
                &format!("notice:{}", number.as_str()),
                &format!("channel={channel} amount_cents={}", r.amount_cents),
            )?;
            Ok(ReceiptOutcome {
                credited: true,
                notice: load(tx, id, self.store.today())?,
            })
        })
    }

    pub(super) fn do_record_cash(&self, number: &str) -> BResult<ReceiptOutcome> {
        self.supervisor()?;
        let parsed = parse_number(number)?;
        let notice = self.do_notice(parsed.as_str())?;
        let receipt = NewReceipt {
            notice_number: notice.number.clone(),
            // One cash receipt per notice: a repeated click finds it and credits nothing.
            receipt_id: format!("CASSA-{}", notice.number),
            amount_cents: notice.amount_cents,
            paid_at: None,
            psp: None,
        };
        self.do_record_receipt(&receipt, "cash")
    }
}

/// A payment against a pending notice, as `credit` records it.
pub(super) struct Credit<'a> {
    pub receipt_id: &'a str,
    pub amount: Amount,
    pub paid_at: PaidAt,
    pub recorded: NaiveDateTime,
    pub channel: &'a str,
    pub psp: Option<&'a str>,
    pub by: &'a str,
}

/// Credits a pending notice in the caller's transaction: its receipt row, the notice paid, and one
/// top-up per allocation in the ledger. The caller checks the state and the amount, and audits.
pub(super) fn credit(tx: &Transaction, id: i64, number: &NoticeNumber, c: &Credit) -> BResult<()> {
    // The wallet moves when the payment is known to have happened; with only a day, that is now (as a
    // correction is dated when made), and the description names the day paid.
    let (credited_at, paid_note) = match c.paid_at {
        PaidAt::At(t) => (t, String::new()),
        PaidAt::Day(d) => (c.recorded, format!(", pagato il {}", d.format("%d/%m/%Y"))),
    };
    tx.execute(
        "INSERT INTO receipts (receipt_id, notice_id, amount_cents, paid_at, channel, psp, recorded_at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![c.receipt_id, id, c.amount, c.paid_at, c.channel, c.psp, c.recorded, c.by],
    )?;
    tx.execute("UPDATE notices SET state = 'paid' WHERE id = ?1", [id])?;
    let description = match c.channel {
        "cash" => format!("Ricarica in contanti, avviso {}", number.grouped()),
        "fdr" => format!(
            "Ricarica pagoPA da rendicontazione, avviso {}{paid_note}",
            number.grouped()
        ),
        _ => format!("Ricarica pagoPA, avviso {}{paid_note}", number.grouped()),
    };
    tx.prepare_cached(
        "INSERT INTO ledger (child_id, service, at, kind, amount_cents, description, ref)
         SELECT child_id, service, ?2, 'topup', amount_cents, ?3, ?4 FROM notice_allocations WHERE notice_id = ?1",
    )?
    .execute(params![id, credited_at, description, number.as_str()])?;
    Ok(())
}

/// A payment is made on a day the notice existed, and not after today (compared by day: the copy a
/// parent shows gives no time).
fn check_paid_day(paid: NaiveDate, issued: NaiveDate, today: NaiveDate) -> BResult<()> {
    if paid > today {
        return Err(BackendError::invalid_text(
            "paid_at",
            errors::PAID_IN_FUTURE,
        ));
    }
    if paid < issued {
        let (it, en) = errors::paid_before_notice(&issued.format("%d/%m/%Y").to_string());
        return Err(BackendError::invalid_msg("paid_at", it, en));
    }
    Ok(())
}

/// A due date from today to two years ahead: an earlier one would make the notice born expired, a
/// later one is a typo in the year.
fn check_due_date(due: NaiveDate, today: NaiveDate) -> BResult<()> {
    if due < today {
        return Err(BackendError::invalid_text(
            "due_date",
            errors::DUE_DATE_PAST,
        ));
    }
    let latest = today
        .checked_add_months(chrono::Months::new(24))
        .unwrap_or(NaiveDate::MAX);
    if due > latest {
        let (it, en) = errors::due_date_too_far(&latest.format("%d/%m/%Y").to_string());
        return Err(BackendError::invalid_msg("due_date", it, en));
    }
    Ok(())
}

/// Stored as its ISO text: a day alone (`2026-11-20`) or a moment; both sort and give the year to
/// SQLite's date functions (the 730 certificate groups by `strftime('%Y', paid_at)`).
impl ToSql for PaidAt {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        match self {
            PaidAt::At(t) => t.to_sql(),
            PaidAt::Day(d) => d.to_sql(),
        }
    }
}

impl FromSql for PaidAt {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        if text.len() == "YYYY-MM-DD".len() {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(PaidAt::Day)
                .map_err(|e| FromSqlError::Other(Box::new(e)))
        } else {
            NaiveDateTime::column_result(value).map(PaidAt::At)
        }
    }
}

fn check_amount(cents: i64, policy: Policy) -> BResult<()> {
    if cents < policy.min_topup_cents || cents > policy.max_topup_cents {
        return Err(amount_error(policy));
    }
    Ok(())
}

fn amount_error(policy: Policy) -> BackendError {
    let (it, en) = errors::amount_out_of_range(
        &format_eur(policy.min_topup_cents),
        &format_eur(policy.max_topup_cents),
    );
    BackendError::invalid_msg("amount", it, en)
}

fn state_conflict(state: &str) -> BackendError {
    BackendError::pair(
        crate::backend::ErrorKind::Conflict,
        errors::notice_not_payable(state),
    )
}

fn parse_number(number: &str) -> BResult<NoticeNumber> {
    NoticeNumber::parse(number).map_err(|e| BackendError::invalid("notice_number", &e))
}

/// The ente's code as its notices carry it. Configuration checks it at start; a store whose code
/// is wrong says so rather than showing notices without a payable QR.
fn cf_ente(conn: &Connection) -> BResult<CfEnte> {
    let ente = settings::ente(conn)?;
    CfEnte::parse(&ente.fiscal_code, false)
        .map_err(|e| BackendError::invalid("ente.fiscal_code", &e))
}

fn notice_id(conn: &Connection, number: &NoticeNumber) -> BResult<i64> {
    conn.prepare_cached("SELECT id FROM notices WHERE number = ?1")?
        .query_row([number.as_str()], |r| r.get(0))
        .or_not_found("Avviso", "Notice")
}

pub(super) fn check_enrolled(
    conn: &Connection,
    child_id: i64,
    service: &str,
    today: NaiveDate,
) -> BResult<()> {
    let year = crate::domain::enrolment::school_year_of(today);
    let enrolled: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM enrolments WHERE child_id = ?1 AND service = ?2 AND school_year = ?3)",
        params![child_id, service, year],
        |r| r.get(0),
    )?;
    if enrolled {
        return Ok(());
    }
    // Say what the child is enrolled in: the usual cause is a mistyped or wrong service.
    let enrolled_in: Option<String> = conn.query_row(
        "SELECT group_concat(service, ', ') FROM (SELECT service FROM enrolments WHERE child_id = ?1 AND school_year = ?2 ORDER BY service)",
        params![child_id, year],
        |r| r.get(0),
    )?;
    let (it, en) = errors::not_enrolled(service, &year, enrolled_in.as_deref());
    Err(BackendError::invalid_msg("service", it, en))
}

/// Bumps this issuer's counter inside the write transaction: unique across restarts and processes.
fn next_notice_number(tx: &Transaction, segregation: u8, issuer: u8) -> BResult<NoticeNumber> {
    let seq: i64 = tx.query_row(
        "INSERT INTO iuv_counters (issuer, next) VALUES (?1, 1)
         ON CONFLICT (issuer) DO UPDATE SET next = next + 1 RETURNING next",
        [i64::from(issuer)],
        |r| r.get(0),
    )?;
    if seq >= IUV_SEQUENCE_SPAN {
        return Err(BackendError::internal(
            "IUV sequence exhausted for this issuer",
        ));
    }
    let base = i64::from(issuer % 100) * IUV_SEQUENCE_SPAN + seq;
    NoticeNumber::aux3(segregation, base as u64)
        .map_err(|e| BackendError::invalid("segregation_code", &e))
}

fn subject_for(conn: &Connection, allocations: &[(i64, String, Amount)]) -> BResult<String> {
    let mut services: Vec<String> = Vec::new();
    for (_, code, _) in allocations {
        let name: String =
            conn.query_row("SELECT name FROM services WHERE code = ?1", [code], |r| {
                r.get(0)
            })?;
        if !services.contains(&name) {
            services.push(name);
        }
    }
    let mut subject = format!("Ricarica {}", services.join(", "));
    if allocations.len() > 1 {
        subject.push_str(&format!(" ({} alunni)", allocations.len()));
    }
    Ok(subject.chars().take(90).collect())
}

/// A notice with its allocations and receipts. A pending notice past its due date (on `today`) reads
/// as expired.
pub(super) fn load(conn: &Connection, id: i64, today: NaiveDate) -> BResult<Notice> {
    let cf_ente = cf_ente(conn)?;
    let mut notice = conn
        .prepare_cached(
            "SELECT n.number, n.iuv, n.amount_cents, n.state, n.subject, p.cf, p.surname || ' ' || p.name,
                    n.due_date, n.created_at, n.cancelled_at, n.cancel_reason
             FROM notices n JOIN parents p ON p.id = n.payer_id WHERE n.id = ?1",
        )?
        .query_row([id], |r| {
            let state: String = r.get(3)?;
            let number: NoticeNumber = r.get(0)?;
            let amount: Amount = r.get(2)?;
            Ok(Notice {
                qr_payload: QrPayload::new(number.clone(), cf_ente.clone(), amount),
                number,
                iuv: r.get(1)?,
                amount_cents: amount,
                state: NoticeState::parse(&state).unwrap_or(NoticeState::Pending),
                subject: r.get(4)?,
                payer: PersonRef { cf: r.get(5)?, full_name: r.get(6)? },
                due_date: r.get::<_, Option<NaiveDate>>(7)?,
                created_at: r.get(8)?,
                allocations: Vec::new(),
                receipts: Vec::new(),
                cancellation: match (r.get(9)?, r.get(10)?) {
                    (Some(at), Some(reason)) => Some(Cancellation { at, reason }),
                    _ => None,
                },
            })
        })
        .or_not_found("Avviso", "Notice")?;
    if notice.state == NoticeState::Pending && notice.due_date.is_some_and(|d| d < today) {
        notice.state = NoticeState::Expired;
    }
    notice.allocations = allocations_of(conn, id)?;
    let mut st = conn.prepare_cached(
        "SELECT receipt_id, amount_cents, paid_at, channel, psp FROM receipts WHERE notice_id = ?1 ORDER BY paid_at",
    )?;
    notice.receipts = st
        .query_map([id], |r| {
            Ok(ReceiptInfo {
                receipt_id: r.get(0)?,
                amount_cents: r.get(1)?,
                paid_at: r.get(2)?,
                channel: r.get(3)?,
                psp: r.get(4)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(notice)
}

/// Whom a notice tops up: each child and service with its amount, the eldest first.
pub(super) fn allocations_of(conn: &Connection, notice_id: i64) -> BResult<Vec<Allocation>> {
    let mut st = conn.prepare_cached(
        "SELECT c.cf, c.surname || ' ' || c.name, a.service, a.amount_cents
         FROM notice_allocations a JOIN children c ON c.id = a.child_id WHERE a.notice_id = ?1
         ORDER BY c.birth_date, a.service",
    )?;
    let rows = st.query_map([notice_id], |r| {
        Ok(Allocation {
            child_cf: r.get(0)?,
            child_name: r.get(1)?,
            service: r.get(2)?,
            amount_cents: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn pending_of_payer(
    conn: &Connection,
    payer_id: i64,
    today: NaiveDate,
) -> BResult<Vec<Notice>> {
    let ids: Vec<i64> = conn
        .prepare_cached("SELECT id FROM notices WHERE payer_id = ?1 AND state = 'pending' ORDER BY created_at DESC")?
        .query_map([payer_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    ids.into_iter().map(|id| load(conn, id, today)).collect()
}

impl LocalBackend {
    /// A notice cancelled by mistake made payable again: a supervisor's, with a reason. Not past its
    /// due date (a new notice is made then), and not once a payment for it reached the station
    /// (that receipt is settled among the receipts to check instead).
    pub(super) fn do_reactivate_notice(&self, number: &str, reason: &str) -> BResult<Notice> {
        let actor = self.supervisor()?;
        let number = parse_number(number)?;
        let reason = require_reason(reason)?;
        self.store.write(|tx| {
            let id = notice_id(tx, &number)?;
            let (state, due): (String, Option<NaiveDate>) = tx.query_row(
                "SELECT state, due_date FROM notices WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if state != "cancelled" {
                return Err(BackendError::text(
                    crate::backend::ErrorKind::Conflict,
                    crate::i18n::history::NOT_CANCELLED,
                ));
            }
            let today = self.store.today();
            if let Some(due) = due.filter(|d| *d < today) {
                let pair = crate::i18n::history::past_due(&due.format("%d/%m/%Y").to_string());
                return Err(BackendError::pair(crate::backend::ErrorKind::Conflict, pair));
            }
            let paid: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM node_receipts WHERE notice_number = ?1 AND outcome = 'OK')",
                [number.as_str()],
                |r| r.get(0),
            )?;
            if paid {
                return Err(BackendError::text(
                    crate::backend::ErrorKind::Conflict,
                    crate::i18n::history::PAID_WHILE_CANCELLED,
                ));
            }
            tx.execute(
                "UPDATE notices SET state = 'pending', cancelled_at = NULL, cancel_reason = NULL WHERE id = ?1",
                [id],
            )?;
            self.store.audit(tx, &actor.username, "notice.reactivate", &format!("notice:{}", number.as_str()), reason)?;
            load(tx, id, today)
        })
    }
}
