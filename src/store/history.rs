//! A family's history: the audit rows whose subject is the family's parent, one of its children, a
//! notice it pays or funds, or one of its applications, read back in names; and its desk notes.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};

use super::LocalBackend;
use super::family::family_parent_id;
use super::lookup::valid_cf;
use crate::backend::{BResult, BackendError, Cents, HistoryEntry, NOTE_ACTION};
use crate::domain::notice::NoticeNumber;
use crate::i18n::history as h;

/// The newest lines a history shows: years of a busy family, not the whole audit.
const LIMIT: usize = 500;
/// What a note may hold (a paragraph, not a document).
const NOTE_MAX_CHARS: usize = 2000;

/// The audit action of a desk note: the history shows the note's text in its place.
const NOTE_AUDIT: &str = "note.add";
/// Audit actions that say nothing to the desk (a draft saved step by step, a document attached).
const HIDDEN: &[&str] = &["application.save", "application.document"];

impl LocalBackend {
    pub(super) fn do_family_history(&self, parent_cf: &str) -> BResult<Vec<HistoryEntry>> {
        self.actor()?;
        let cf = valid_cf("parent_cf", parent_cf)?;
        self.store.read(|tx| {
            let pid = family_parent_id(tx, &cf)?;
            family_history(tx, pid)
        })
    }

    pub(super) fn do_add_family_note(&self, parent_cf: &str, text: &str) -> BResult<HistoryEntry> {
        let actor = self.actor()?;
        let cf = valid_cf("parent_cf", parent_cf)?;
        let text = text.trim();
        if text.is_empty() {
            return Err(BackendError::invalid_text("text", h::NOTE_EMPTY));
        }
        if text.chars().count() > NOTE_MAX_CHARS {
            return Err(BackendError::invalid_text("text", h::NOTE_TOO_LONG));
        }
        self.store.write(|tx| {
            let pid = family_parent_id(tx, &cf)?;
            let at = self.store.now();
            tx.execute(
                "INSERT INTO family_notes (parent_id, text, by, at) VALUES (?1, ?2, ?3, ?4)",
                params![pid, text, actor.username, at],
            )?;
            let id = tx.last_insert_rowid();
            self.store.audit(
                tx,
                &actor.username,
                NOTE_AUDIT,
                &format!("parent:{pid}"),
                &format!("note:{id}"),
            )?;
            Ok(note_entry(at, actor.full_name.clone(), text.to_string()))
        })
    }
}

/// Names for the ids an audit row carries: the family's people, notices and applications, staff.
#[derive(Default)]
struct Names {
    subjects: HashMap<String, String>,
    parents: HashMap<i64, String>,
    staff: HashMap<String, String>,
    services: HashMap<String, String>,
}

impl Names {
    fn read(conn: &Connection, pid: i64) -> BResult<Names> {
        let mut n = Names::default();
        let pairs = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> BResult<Vec<(String, String)>> {
            let mut st = conn.prepare_cached(sql)?;
            let rows = st.query_map(p, |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        };
        for (k, v) in pairs(
            "SELECT 'parent:' || id, surname || ' ' || name FROM parents WHERE id = ?1
             UNION ALL
             SELECT 'child:' || id, surname || ' ' || name FROM children WHERE paying_parent_id = ?1",
            &[&pid],
        )? {
            n.subjects.insert(k, v);
        }
        let notices = pairs(
            "SELECT number, number FROM notices WHERE payer_id = ?1
             UNION SELECT n.number, n.number FROM notices n
                   JOIN notice_allocations a ON a.notice_id = n.id
                   JOIN children c ON c.id = a.child_id WHERE c.paying_parent_id = ?1",
            &[&pid],
        )?;
        for (number, _) in notices {
            let shown = NoticeNumber::parse(&number)
                .map(|n| n.grouped())
                .unwrap_or_else(|_| number.clone());
            n.subjects.insert(format!("notice:{number}"), shown);
        }
        for (id, service) in pairs(
            "SELECT CAST(a.id AS TEXT), coalesce(s.name, w.service)
             FROM (SELECT id FROM applications WHERE parent_id = ?1
                   UNION SELECT id FROM applications
                   WHERE child_id IN (SELECT id FROM children WHERE paying_parent_id = ?1)) f
             JOIN applications a ON a.id = f.id
             JOIN windows w ON w.id = a.window_id LEFT JOIN services s ON s.code = w.service",
            &[&pid],
        )? {
            n.subjects
                .insert(format!("application:{id}"), format!("N. {id} · {service}"));
        }
        n.staff = pairs("SELECT username, full_name FROM operators", &[])?
            .into_iter()
            .collect();
        n.services = pairs("SELECT code, name FROM services", &[])?
            .into_iter()
            .collect();
        Ok(n)
    }

    fn who(&self, username: &str) -> String {
        self.staff
            .get(username)
            .cloned()
            .unwrap_or_else(|| username.to_string())
    }

    /// Another parent named in a detail (`parent:<id>`), read once.
    fn parent(&mut self, conn: &Connection, id: i64) -> Option<String> {
        if let Some(name) = self.parents.get(&id) {
            return Some(name.clone());
        }
        let name: String = conn
            .query_row(
                "SELECT surname || ' ' || name FROM parents WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .ok()?;
        self.parents.insert(id, name.clone());
        Some(name)
    }
}

/// The `key=value` words of an audit detail; `reason=` takes the rest of it (a reason has spaces).
fn detail_fields(detail: &str) -> (HashMap<&str, &str>, Option<&str>) {
    let (head, reason) = match detail.find("reason=") {
        Some(at) => (&detail[..at], Some(detail[at + "reason=".len()..].trim())),
        None => (detail, None),
    };
    let fields = head
        .split_whitespace()
        .filter_map(|w| w.split_once('='))
        .collect();
    (fields, reason.filter(|r| !r.is_empty()))
}

fn family_history(conn: &Connection, pid: i64) -> BResult<Vec<HistoryEntry>> {
    let mut names = Names::read(conn, pid)?;
    let subjects: Vec<String> = names.subjects.keys().cloned().collect();
    // With the audit row's id: at the same second, the order things were done in.
    let mut out: Vec<(NaiveDateTime, i64, HistoryEntry)> = Vec::new();
    // The subjects in chunks well under SQLite's limit on parameters.
    for chunk in subjects.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(",");
        let mut st = conn.prepare(&format!(
            "SELECT id, at, actor, action, subject, coalesce(detail, '') FROM audit
             WHERE subject IN ({marks}) ORDER BY at DESC, id DESC LIMIT {LIMIT}"
        ))?;
        let rows = st.query_map(params_from_iter(chunk.iter()), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, NaiveDateTime>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        for row in rows {
            let (id, at, actor, action, subject, detail) = row?;
            if HIDDEN.contains(&action.as_str()) {
                continue;
            }
            let entry = if action == NOTE_AUDIT {
                // The note's own words, from its table (the audit row names it).
                let Some(text) = note_text(conn, &detail)? else {
                    continue;
                };
                note_entry(at, names.who(&actor), text)
            } else {
                entry(conn, &mut names, at, &actor, action, &subject, &detail)
            };
            out.push((at, id, entry));
        }
    }
    out.sort_by_key(|e| std::cmp::Reverse((e.0, e.1)));
    out.truncate(LIMIT);
    Ok(out.into_iter().map(|(_, _, e)| e).collect())
}

/// The text of the note an audit detail (`note:<id>`) names.
fn note_text(conn: &Connection, detail: &str) -> BResult<Option<String>> {
    let Some(id) = detail
        .strip_prefix("note:")
        .and_then(|i| i.parse::<i64>().ok())
    else {
        return Ok(None);
    };
    Ok(conn
        .prepare_cached("SELECT text FROM family_notes WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

fn note_entry(at: NaiveDateTime, by: String, text: String) -> HistoryEntry {
    HistoryEntry {
        at,
        by,
        action: NOTE_ACTION.to_string(),
        subject: None,
        service: None,
        day: None,
        amount_cents: None,
        text: Some(text),
    }
}

/// One audit row in names: whom it concerns, the service, day, amount and reason its detail gives.
fn entry(
    conn: &Connection,
    names: &mut Names,
    at: NaiveDateTime,
    actor: &str,
    action: String,
    subject: &str,
    detail: &str,
) -> HistoryEntry {
    let (fields, reason) = detail_fields(detail);
    let day = ["day", "from"]
        .iter()
        .find_map(|k| fields.get(k))
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let amount = [
        "amount_cents",
        "refund_cents",
        "refunded_cents",
        "price_cents",
    ]
    .iter()
    .find_map(|k| fields.get(k))
    .and_then(|c| c.parse::<i64>().ok())
    .map(Cents);
    let service = fields.get("service").map(|code| {
        names
            .services
            .get(*code)
            .cloned()
            .unwrap_or(code.to_string())
    });
    // Whatever else the detail says that a person reads: a reason, another parent, fields changed.
    let text = match action.as_str() {
        "notice.cancel" | "notice.reactivate" | "application.refuse" => {
            Some(detail.trim().to_string()).filter(|d| !d.is_empty())
        }
        "child.link_second_parent" => detail
            .strip_prefix("parent:")
            .and_then(|id| id.parse().ok())
            .and_then(|id| names.parent(conn, id)),
        "child.change_paying_parent" => {
            let to = fields
                .get("to")
                .and_then(|p| p.strip_prefix("parent:"))
                .and_then(|id| id.parse().ok())
                .and_then(|id| names.parent(conn, id));
            match (to, reason) {
                (Some(to), Some(r)) => Some(format!("→ {to}: {r}")),
                (Some(to), None) => Some(format!("→ {to}")),
                (None, r) => r.map(str::to_string),
            }
        }
        "parent.update" => Some(detail.replace(',', ", ")).filter(|d| !d.is_empty()),
        _ => reason.map(str::to_string),
    };
    let subject = names.subjects.get(subject).cloned();
    // An application's subject already names its service.
    let service = service.filter(|s| {
        !subject
            .as_deref()
            .is_some_and(|sub| sub.ends_with(s.as_str()))
    });
    HistoryEntry {
        at,
        by: names.who(actor),
        action,
        subject,
        service,
        day,
        amount_cents: amount,
        text,
    }
}
