//! The bulk-insert plumbing: prepared statements and multi-row inserts, flushed once per family.

use std::collections::HashSet;

use chrono::NaiveDate;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rusqlite::Transaction;

use super::PAN_SEED;
use crate::backend::BResult;

/// Prepared statements for the bulk load.
pub(super) struct Loader<'a> {
    pub(super) parent: rusqlite::CachedStatement<'a>,
    pub(super) child: rusqlite::CachedStatement<'a>,
    pub(super) enrol: rusqlite::CachedStatement<'a>,
    /// Rows written in multi-row inserts when the family is done.
    pub(super) notices: Batch,
    pub(super) allocations: Batch,
    pub(super) receipts: Batch,
    pub(super) ledger: Batch,
    /// Notice ids are given here (a fresh file), so allocations and receipts can name them before the
    /// notices are written.
    pub(super) next_notice_id: i64,
    pub(super) next_iuv: i64,
    /// PANs come from a generator of their own (seeded from the demo's seed), so the rest of a seed's
    /// data is the same as before PANs were random.
    pub(super) pan_rng: ChaCha8Rng,
    pub(super) used_pans: HashSet<String>,
    /// Each school day's timestamps as stored, formatted once rather than per row.
    day_text: Vec<DayText>,
    /// A family's attendance days (child, day, status, charged), written in multi-row inserts.
    pub(super) days: Vec<(i64, usize, &'static str, i64)>,
}

/// Rows per multi-row insert: one statement start-up for many rows.
const BATCH: usize = 64;

fn multi_row_sql(head: &str, row: &str, n: usize) -> String {
    let mut sql = String::with_capacity(head.len() + n * (row.len() + 1));
    sql.push_str(head);
    for i in 0..n {
        if i > 0 {
            sql.push(',');
        }
        sql.push_str(row);
    }
    sql
}

type Owned = Box<dyn rusqlite::ToSql>;

/// Rows of one table waiting for multi-row inserts.
pub(super) struct Batch {
    head: &'static str,
    row: &'static str,
    width: usize,
    values: Vec<Owned>,
}

impl Batch {
    fn new(head: &'static str, row: &'static str) -> Batch {
        Batch {
            head,
            row,
            width: row.matches('?').count(),
            values: Vec::new(),
        }
    }

    pub(super) fn push<const N: usize>(&mut self, row: [Owned; N]) {
        debug_assert_eq!(N, self.width);
        self.values.extend(row);
    }

    fn flush(&mut self, tx: &Transaction) -> BResult<()> {
        for chunk in self.values.chunks(self.width * BATCH) {
            let sql = multi_row_sql(self.head, self.row, chunk.len() / self.width);
            tx.prepare_cached(&sql)?
                .execute(rusqlite::params_from_iter(chunk.iter()))?;
        }
        self.values.clear();
        Ok(())
    }
}

impl Loader<'_> {
    /// Writes the family's rows: notices before what names them, then money and attendance.
    pub(super) fn flush(&mut self, tx: &Transaction) -> BResult<()> {
        self.notices.flush(tx)?;
        self.allocations.flush(tx)?;
        self.receipts.flush(tx)?;
        self.ledger.flush(tx)?;
        self.flush_days(tx)
    }

    /// Writes the buffered attendance days and the meals they charged.
    fn flush_days(&mut self, tx: &Transaction) -> BResult<()> {
        for chunk in self.days.chunks(BATCH) {
            let sql = multi_row_sql(
                "INSERT INTO attendance (child_id, service, day, status, charged_cents, recorded_by, recorded_at) VALUES ",
                "(?, 'refezione', ?, ?, ?, 'tablet-mensa', ?)",
                chunk.len(),
            );
            let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(chunk.len() * 5);
            for (child, d, status, charged) in chunk {
                let text = &self.day_text[*d];
                values.extend([
                    child as &dyn rusqlite::ToSql,
                    &text.day,
                    status,
                    charged,
                    &text.recorded,
                ]);
            }
            tx.prepare_cached(&sql)?.execute(values.as_slice())?;
        }
        let meals: Vec<(i64, usize, i64)> = self
            .days
            .iter()
            .filter(|r| r.3 > 0)
            .map(|&(child, d, _, charged)| (child, d, -charged))
            .collect();
        for chunk in meals.chunks(BATCH) {
            let sql = multi_row_sql(
                "INSERT INTO ledger (child_id, service, at, kind, amount_cents, description, ref) VALUES ",
                "(?, 'refezione', ?, 'meal', ?, 'Pasto consumato', ?)",
                chunk.len(),
            );
            let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(chunk.len() * 4);
            for (child, d, amount) in chunk {
                let text = &self.day_text[*d];
                values.extend([child as &dyn rusqlite::ToSql, &text.meal, amount, &text.day]);
            }
            tx.prepare_cached(&sql)?.execute(values.as_slice())?;
        }
        self.days.clear();
        Ok(())
    }
}

struct DayText {
    day: String,
    recorded: String,
    meal: String,
}

impl DayText {
    fn new(day: NaiveDate) -> Self {
        DayText {
            day: day.format("%Y-%m-%d").to_string(),
            recorded: format!("{} 09:30:00", day.format("%Y-%m-%d")),
            meal: format!("{} 13:00:00", day.format("%Y-%m-%d")),
        }
    }
}

impl<'a> Loader<'a> {
    pub(super) fn new(tx: &'a Transaction, days: &[NaiveDate], seed: u64) -> BResult<Self> {
        Ok(Loader {
            parent: tx.prepare_cached("INSERT INTO parents (cf, surname, name, email, phone, address, username, password_hash, meal_cancel_code, failed_attempts, locked, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?1, ?7, ?8, ?9, ?10, ?11)")?,
            child: tx.prepare_cached("INSERT INTO children (cf, surname, name, birth_date, pan, class_id, diet, isee_cents, paying_parent_id, second_parent_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")?,
            enrol: tx.prepare_cached("INSERT INTO enrolments (child_id, service, school_year, price_cents) VALUES (?1, ?2, ?3, ?4)")?,
            notices: Batch::new(
                "INSERT INTO notices (id, number, iuv, amount_cents, subject, payer_id, due_date, state, created_at, created_by) VALUES ",
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, 'portale')",
            ),
            allocations: Batch::new(
                "INSERT INTO notice_allocations (notice_id, child_id, service, amount_cents) VALUES ",
                "(?, ?, ?, ?)",
            ),
            receipts: Batch::new(
                "INSERT INTO receipts (receipt_id, notice_id, amount_cents, paid_at, channel, psp, recorded_at, recorded_by) VALUES ",
                "(?, ?, ?, ?, 'pagopa', ?, ?, 'pagopa')",
            ),
            ledger: Batch::new(
                "INSERT INTO ledger (child_id, service, at, kind, amount_cents, description, ref) VALUES ",
                "(?, ?, ?, ?, ?, ?, ?)",
            ),
            next_notice_id: tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM notices", [], |r| r.get(0))?,
            next_iuv: 0,
            pan_rng: ChaCha8Rng::seed_from_u64(seed ^ PAN_SEED),
            used_pans: HashSet::new(),
            day_text: days.iter().copied().map(DayText::new).collect(),
            days: Vec::new(),
        })
    }
}
