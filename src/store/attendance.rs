//! Attendance per day and meal cancellations, the statement of movements, the reminders list of
//! families in debt, and the 730 payment certificate.

use chrono::{Datelike, NaiveDate};
use rusqlite::{OptionalExtension, params};

use super::lookup::{child_ids, parent_id, valid_cf};
use super::{LocalBackend, OptionalRow, require_reason, settings};
use crate::backend::{
    AttendanceDay, AttendanceMonth, BResult, BackendError, Certificate730, CertificateLine,
    DayChange, DayStatus, DebtWallet, Debtor, ErrorKind, Movement, PersonRef, Statement,
};
use crate::domain::meals::{self, CancelError};
use crate::domain::money::Cents;
use crate::i18n::errors;
use crate::i18n::{Lang, Localized};

fn cancel_error(e: CancelError) -> BackendError {
    let kind = match e {
        CancelError::NotASchoolDay | CancelError::TooFar => ErrorKind::Invalid,
        _ => ErrorKind::Conflict,
    };
    BackendError {
        field: (kind == ErrorKind::Invalid).then(|| "day".to_string()),
        ..BackendError::new(kind, e.localized(Lang::It), e.localized(Lang::En))
    }
}

fn month_bounds(year: i32, month: u32) -> BResult<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)
        .ok_or_else(|| BackendError::invalid_text("month", errors::BAD_MONTH))?;
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .ok_or_else(|| BackendError::internal("month overflow"))?;
    Ok((first, next))
}

impl LocalBackend {
    pub(super) fn do_attendance(
        &self,
        child_cf: &str,
        service: &str,
        year: i32,
        month: u32,
    ) -> BResult<AttendanceMonth> {
        let actor = self.actor_or_kiosk()?;
        let cf = valid_cf("child_cf", child_cf)?;
        let (first, next) = month_bounds(year, month)?;
        self.store.read(|tx| {
            let (child_id, _) = child_ids(tx, &cf)?;
            self.check_child_scope(tx, &actor, child_id)?;
            let mut st = tx.prepare_cached(
                "SELECT day, status, charged_cents, recorded_by, recorded_at FROM attendance
                 WHERE child_id = ?1 AND service = ?2 AND day >= ?3 AND day < ?4 ORDER BY day",
            )?;
            let mut days: Vec<AttendanceDay> = st
                .query_map(params![child_id, service, first, next], |r| {
                    let status: String = r.get(1)?;
                    Ok(AttendanceDay {
                        day: r.get(0)?,
                        status: DayStatus::parse(&status).unwrap_or(DayStatus::Absent),
                        charged_cents: r.get(2)?,
                        recorded_by: r.get(3)?,
                        recorded_at: r.get(4)?,
                        changes: Vec::new(),
                    })
                })?
                .collect::<Result<_, _>>()?;
            let mut st = tx.prepare_cached(
                "SELECT day, status, by, at, reason FROM attendance_changes
                 WHERE child_id = ?1 AND service = ?2 AND day >= ?3 AND day < ?4 ORDER BY at, id",
            )?;
            let changes = st.query_map(params![child_id, service, first, next], |r| {
                let status: String = r.get(1)?;
                Ok((
                    r.get::<_, NaiveDate>(0)?,
                    DayChange {
                        status: DayStatus::parse(&status).unwrap_or(DayStatus::Absent),
                        by: r.get(2)?,
                        at: r.get(3)?,
                        reason: r.get(4)?,
                    },
                ))
            })?;
            for change in changes {
                let (day, change) = change?;
                if let Some(d) = days.iter_mut().find(|d| d.day == day) {
                    d.changes.push(change);
                }
            }
            let holidays: Vec<NaiveDate> = tx
                .prepare_cached(
                    "SELECT day FROM holidays WHERE day >= ?1 AND day < ?2 ORDER BY day",
                )?
                .query_map(params![first, next], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            let meals = days
                .iter()
                .filter(|d| d.status == DayStatus::Present)
                .count() as u32;
            let charged_cents = days.iter().map(|d| d.charged_cents).sum();
            Ok(AttendanceMonth {
                child_cf: cf.clone(),
                service: service.to_string(),
                year,
                month,
                days,
                holidays,
                meals,
                charged_cents,
            })
        })
    }

    pub(super) fn do_correct_attendance(
        &self,
        child_cf: &str,
        service: &str,
        day: NaiveDate,
        reason: &str,
    ) -> BResult<AttendanceDay> {
        let actor = self.supervisor()?;
        let reason = require_reason(reason)?;
        let cf = valid_cf("child_cf", child_cf)?;
        self.store.write(|tx| {
            let (child_id, _) = child_ids(tx, &cf)?;
            let (status, charged): (String, i64) = tx
                .query_row(
                    "SELECT status, charged_cents FROM attendance WHERE child_id = ?1 AND service = ?2 AND day = ?3",
                    params![child_id, service, day],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .or_not_found("Giorno di presenza", "Attendance day")?;
            if charged <= 0 {
                return Err(BackendError::text(ErrorKind::Conflict, errors::NOTHING_TO_CORRECT));
            }
            let at = self.store.now();
            tx.execute(
                "INSERT INTO ledger (child_id, service, at, kind, amount_cents, description, ref) VALUES (?1, ?2, ?3, 'adjustment', ?4, ?5, ?6)",
                params![child_id, service, at, charged, format!("Storno pasto del {}: {reason}", day.format("%d/%m/%Y")), day.to_string()],
            )?;
            tx.execute(
                "UPDATE attendance SET status = 'cancelled', charged_cents = 0 WHERE child_id = ?1 AND service = ?2 AND day = ?3",
                params![child_id, service, day],
            )?;
            tx.execute(
                "INSERT INTO attendance_changes (child_id, service, day, status, by, at, reason) VALUES (?1, ?2, ?3, 'cancelled', ?4, ?5, ?6)",
                params![child_id, service, day, actor.username, at, reason],
            )?;
            self.store.audit(tx, &actor.username, "attendance.correct", &format!("child:{child_id}"), &format!("day={day} from={status} refund_cents={charged} reason={reason}"))?;
            let (recorded_by, recorded_at) = tx.query_row(
                "SELECT recorded_by, recorded_at FROM attendance WHERE child_id = ?1 AND service = ?2 AND day = ?3",
                params![child_id, service, day],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            Ok(AttendanceDay {
                day,
                status: DayStatus::Cancelled,
                charged_cents: Cents::ZERO,
                recorded_by,
                recorded_at,
                changes: vec![DayChange { at, by: actor.username.clone(), status: DayStatus::Cancelled, reason: Some(reason.to_string()) }],
            })
        })
    }

    /// The child's id and the office's time, once the day may still be cancelled (or a cancellation
    /// undone): a school day to come, or today before the cut-off.
    fn cancel_terms(
        &self,
        tx: &rusqlite::Transaction,
        cf: &str,
        day: NaiveDate,
    ) -> BResult<(i64, chrono::NaiveDateTime)> {
        let (child_id, _) = child_ids(tx, cf)?;
        let holidays: Vec<NaiveDate> = tx
            .prepare_cached("SELECT day FROM holidays WHERE day = ?1")?
            .query_map([day], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let at = self.store.now();
        let cutoff = self.policy.meal_cancel_cutoff;
        meals::check_cancel(day, at, cutoff, meals::is_school_day(day, &holidays))
            .map_err(cancel_error)?;
        Ok((child_id, at))
    }

    pub(super) fn do_cancel_meal(
        &self,
        child_cf: &str,
        service: &str,
        day: NaiveDate,
    ) -> BResult<AttendanceDay> {
        let actor = self.actor()?;
        let cf = valid_cf("child_cf", child_cf)?;
        self.store.write(|tx| {
            let (child_id, at) = self.cancel_terms(tx, &cf, day)?;
            super::notices::check_enrolled(tx, child_id, service, at.date())?;
            let recorded: Option<String> = tx
                .query_row(
                    "SELECT status FROM attendance WHERE child_id = ?1 AND service = ?2 AND day = ?3",
                    params![child_id, service, day],
                    |r| r.get(0),
                )
                .optional()?;
            match recorded.as_deref() {
                Some("cancelled") => return Err(cancel_error(CancelError::AlreadyCancelled)),
                Some(_) => return Err(cancel_error(CancelError::AlreadyRecorded)),
                None => {}
            }
            tx.execute(
                "INSERT INTO attendance (child_id, service, day, status, charged_cents, recorded_by, recorded_at) VALUES (?1, ?2, ?3, 'cancelled', 0, ?4, ?5)",
                params![child_id, service, day, actor.username, at],
            )?;
            tx.execute(
                "INSERT INTO attendance_changes (child_id, service, day, status, by, at) VALUES (?1, ?2, ?3, 'cancelled', ?4, ?5)",
                params![child_id, service, day, actor.username, at],
            )?;
            self.store.audit(tx, &actor.username, "attendance.cancel", &format!("child:{child_id}"), &format!("service={service} day={day}"))?;
            Ok(AttendanceDay {
                day,
                status: DayStatus::Cancelled,
                charged_cents: Cents::ZERO,
                recorded_by: actor.username.clone(),
                recorded_at: at,
                changes: vec![DayChange { at, by: actor.username.clone(), status: DayStatus::Cancelled, reason: None }],
            })
        })
    }

    pub(super) fn do_statement(
        &self,
        child_cf: &str,
        service: Option<&str>,
        year: Option<i32>,
    ) -> BResult<Statement> {
        self.actor()?;
        let cf = valid_cf("child_cf", child_cf)?;
        self.store.read(|tx| {
            let (child_id, _) = child_ids(tx, &cf)?;
            let mut st = tx.prepare_cached(
                "SELECT at, service, kind, description, amount_cents FROM ledger
                 WHERE child_id = ?1 AND (?2 IS NULL OR service = ?2) ORDER BY at, id",
            )?;
            let rows = st.query_map(params![child_id, service], |r| {
                Ok(Movement {
                    at: r.get(0)?,
                    service: r.get(1)?,
                    kind: r.get(2)?,
                    description: r.get(3)?,
                    amount_cents: r.get(4)?,
                    balance_cents: Cents::ZERO,
                })
            })?;
            // The running balance runs per service over the whole history, then the year filter applies.
            let mut running: std::collections::HashMap<String, Cents> = Default::default();
            let mut movements = Vec::new();
            let mut paid_cents = Cents::ZERO;
            for m in rows {
                let mut m = m?;
                let bal = running.entry(m.service.clone()).or_default();
                *bal += m.amount_cents;
                m.balance_cents = *bal;
                if year.is_none_or(|y| m.at.year() == y) {
                    if m.kind == "topup" {
                        paid_cents += m.amount_cents;
                    }
                    movements.push(m);
                }
            }
            Ok(Statement {
                child_cf: cf.clone(),
                service: service.map(str::to_string),
                year,
                movements,
                paid_cents,
            })
        })
    }

    pub(super) fn do_debtors(&self, min_debt_cents: i64) -> BResult<Vec<Debtor>> {
        self.supervisor()?;
        self.store.read(|tx| {
            let mut st = tx.prepare_cached(
                "SELECT p.id, p.cf, p.surname || ' ' || p.name, p.email, p.phone,
                        c.cf, c.surname || ' ' || c.name, w.service, w.balance
                 FROM (SELECT child_id, service, sum(amount_cents) AS balance FROM ledger
                       GROUP BY child_id, service HAVING sum(amount_cents) < 0) w
                 JOIN services s ON s.code = w.service AND s.prepaid = 1
                 JOIN children c ON c.id = w.child_id
                 JOIN parents p ON p.id = c.paying_parent_id
                 ORDER BY p.id, c.id, w.service",
            )?;
            let mut debtors: Vec<(i64, Debtor)> = Vec::new();
            let rows = st.query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    Debtor {
                        parent: PersonRef {
                            cf: r.get(1)?,
                            full_name: r.get(2)?,
                        },
                        email: r.get(3)?,
                        phone: r.get(4)?,
                        debt_cents: Cents::ZERO,
                        wallets: Vec::new(),
                    },
                    DebtWallet {
                        child: PersonRef {
                            cf: r.get(5)?,
                            full_name: r.get(6)?,
                        },
                        service: r.get(7)?,
                        balance_cents: r.get(8)?,
                    },
                ))
            })?;
            for row in rows {
                let (pid, debtor, wallet) = row?;
                if debtors.last().is_none_or(|(last, _)| *last != pid) {
                    debtors.push((pid, debtor));
                }
                if let Some((_, d)) = debtors.last_mut() {
                    d.wallets.push(wallet);
                }
            }
            let mut out: Vec<Debtor> = debtors
                .into_iter()
                .map(|(_, mut d)| {
                    d.debt_cents = Cents(crate::domain::enrolment::family_debt_cents(
                        d.wallets.iter().map(|w| w.balance_cents.get()),
                    ));
                    d
                })
                .filter(|d| d.debt_cents >= min_debt_cents.max(1))
                .collect();
            out.sort_by(|a, b| {
                b.debt_cents
                    .cmp(&a.debt_cents)
                    .then_with(|| a.parent.full_name.cmp(&b.parent.full_name))
            });
            Ok(out)
        })
    }

    pub(super) fn do_certificate_730(&self, parent_cf: &str, year: i32) -> BResult<Certificate730> {
        self.actor()?;
        let cf = valid_cf("parent_cf", parent_cf)?;
        self.store.read(|tx| {
            let pid = parent_id(tx, &cf)?;
            let parent: PersonRef = tx.query_row(
                "SELECT cf, surname || ' ' || name FROM parents WHERE id = ?1",
                [pid],
                |r| {
                    Ok(PersonRef {
                        cf: r.get(0)?,
                        full_name: r.get(1)?,
                    })
                },
            )?;
            // The deduction belongs to whoever paid: receipts of notices this parent was the payer of.
            let mut st = tx.prepare_cached(
                "SELECT c.cf, c.surname || ' ' || c.name, a.service, sum(a.amount_cents)
                 FROM notices n
                 JOIN receipts r ON r.notice_id = n.id
                 JOIN notice_allocations a ON a.notice_id = n.id
                 JOIN children c ON c.id = a.child_id
                 WHERE n.payer_id = ?1 AND strftime('%Y', r.paid_at) = ?2
                 GROUP BY c.id, a.service ORDER BY c.birth_date, a.service",
            )?;
            let lines: Vec<CertificateLine> = st
                .query_map(params![pid, format!("{year:04}")], |r| {
                    Ok(CertificateLine {
                        child: PersonRef {
                            cf: r.get(0)?,
                            full_name: r.get(1)?,
                        },
                        service: r.get(2)?,
                        paid_cents: r.get(3)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
            let total_cents = lines.iter().map(|l| l.paid_cents).sum();
            Ok(Certificate730 {
                ente: settings::ente(tx)?,
                parent,
                year,
                lines,
                total_cents,
                issued_on: self.store.today(),
            })
        })
    }
}

impl LocalBackend {
    /// A meal cancellation undone, on a cancellation's own terms (a school day to come, or today
    /// before the cut-off): the day is booked as usual again, its row gone and the change recorded.
    /// A day a supervisor refunded stays as corrected.
    pub(super) fn do_undo_meal_cancellation(
        &self,
        child_cf: &str,
        service: &str,
        day: NaiveDate,
    ) -> BResult<AttendanceDay> {
        let actor = self.actor()?;
        let cf = valid_cf("child_cf", child_cf)?;
        self.store.write(|tx| {
            let (child_id, at) = self.cancel_terms(tx, &cf, day)?;
            let recorded: Option<(String, i64)> = tx
                .query_row(
                    "SELECT status, charged_cents FROM attendance WHERE child_id = ?1 AND service = ?2 AND day = ?3",
                    params![child_id, service, day],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let refunded: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM ledger WHERE child_id = ?1 AND service = ?2 AND kind = 'adjustment' AND ref = ?3)",
                params![child_id, service, day.to_string()],
                |r| r.get(0),
            )?;
            if !matches!(recorded, Some((ref s, 0)) if s == "cancelled") || refunded {
                return Err(BackendError::text(
                    ErrorKind::Conflict,
                    crate::i18n::history::NOT_A_CANCELLATION,
                ));
            }
            tx.execute(
                "DELETE FROM attendance WHERE child_id = ?1 AND service = ?2 AND day = ?3",
                params![child_id, service, day],
            )?;
            tx.execute(
                "INSERT INTO attendance_changes (child_id, service, day, status, by, at) VALUES (?1, ?2, ?3, 'booked', ?4, ?5)",
                params![child_id, service, day, actor.username, at],
            )?;
            self.store.audit(tx, &actor.username, "attendance.uncancel", &format!("child:{child_id}"), &format!("service={service} day={day}"))?;
            let mut st = tx.prepare_cached(
                "SELECT status, by, at, reason FROM attendance_changes
                 WHERE child_id = ?1 AND service = ?2 AND day = ?3 ORDER BY at, id",
            )?;
            let changes = st
                .query_map(params![child_id, service, day], |r| {
                    let status: String = r.get(0)?;
                    Ok(DayChange {
                        status: DayStatus::parse(&status).unwrap_or(DayStatus::Absent),
                        by: r.get(1)?,
                        at: r.get(2)?,
                        reason: r.get(3)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
            Ok(AttendanceDay {
                day,
                status: DayStatus::Booked,
                charged_cents: Cents::ZERO,
                recorded_by: actor.username.clone(),
                recorded_at: at,
                changes,
            })
        })
    }
}
