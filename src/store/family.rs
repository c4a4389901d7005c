//! Finding people and building the family card.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use super::lookup::valid_cf;
use super::{LocalBackend, OptionalRow, notices};
use crate::backend::{
    BResult, ChildCard, FamilyCard, HitKind, LinkedChild, ParentInfo, PersonRef, SearchHit,
    ServiceBalance, Topup,
};
use crate::domain::codice_fiscale::{self, CodiceFiscale};
use crate::domain::name_key;
use crate::domain::notice::NoticeState;

/// What a search query looks like, decided before touching the store.
enum Query {
    Code(String),
    NoticeNumber(String),
    Text(String),
}

fn classify(query: &str) -> Query {
    let compact: String = query.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.len() == 18 && compact.chars().all(|c| c.is_ascii_digit()) {
        return Query::NoticeNumber(compact);
    }
    let code = codice_fiscale::normalize(query);
    // A PAN may be all letters after `BF` (they are random): its shape says it is a code.
    let is_pan = matches!(
        crate::domain::kiosk::pan_shape(&code),
        crate::domain::kiosk::PanShape::Valid | crate::domain::kiosk::PanShape::Legacy
    );
    if is_pan
        || (code.len() >= 6
            && code.chars().any(|c| c.is_ascii_digit())
            && code.chars().all(|c| c.is_ascii_alphanumeric()))
    {
        return Query::Code(code);
    }
    Query::Text(query.trim().to_string())
}

/// The bounds of the values that start with `prefix` (search keys compare byte by byte):
/// `prefix <= value < prefix + U+10FFFF`. A range rather than LIKE: with stable query plans (see
/// `stable_plans`) SQLite cannot turn a bound LIKE pattern into an index range, and would scan.
fn prefix_range(prefix: &str) -> (String, String) {
    (prefix.to_string(), format!("{prefix}\u{10FFFF}"))
}

impl LocalBackend {
    pub(super) fn do_search(&self, query: &str, limit: usize) -> BResult<Vec<SearchHit>> {
        self.actor()?;
        let limit = limit.clamp(1, 200) as i64;
        self.store.read(|tx| match classify(query) {
            Query::NoticeNumber(n) => notice_hits(tx, &n),
            Query::Code(code) => code_hits(tx, &code),
            Query::Text(t) if t.is_empty() => Ok(Vec::new()),
            Query::Text(t) => {
                let mut hits = name_hits(tx, &t, None, limit)?;
                // "ROSSI MARIO", "DE LUCA ANNA MARIA": a surname then a name, wherever the words split.
                // Each further reading only while the list has room: a full list asks nothing more.
                let full = |hits: &Vec<SearchHit>| hits.len() >= limit as usize;
                let words: Vec<&str> = t.split_whitespace().collect();
                for k in 1..words.len().min(5) {
                    if full(&hits) {
                        break;
                    }
                    let (surname, name) = (words[..k].concat(), words[k..].concat());
                    add(&mut hits, name_hits(tx, &surname, Some(&name), limit)?);
                }
                // A first name alone ("Nicolò"): after the surnames it starts.
                if !full(&hits) {
                    add(&mut hits, first_name_hits(tx, &t, limit)?);
                }
                hits.truncate(limit as usize);
                Ok(hits)
            }
        })
    }

    pub(super) fn do_family(&self, cf: &str) -> BResult<FamilyCard> {
        self.actor()?;
        let code = valid_cf("cf", cf)?;
        self.store.read(|tx| {
            let parent_id = family_parent_id(tx, &code)?;
            let mut card = family_card(tx, parent_id, self.store.today())?;
            // Here rather than in `family_card`: the kiosk's card (built on it) must not list them.
            card.linked_children = linked_children(tx, parent_id)?;
            Ok(card)
        })
    }
}

fn notice_hits(conn: &Connection, number: &str) -> BResult<Vec<SearchHit>> {
    let row = conn
        .query_row(
            "SELECT n.number, n.state, n.amount_cents, p.cf, p.surname || ' ' || p.name
             FROM notices n JOIN parents p ON p.id = n.payer_id WHERE n.number = ?1",
            [number],
            |r| {
                Ok(SearchHit {
                    kind: HitKind::Notice,
                    key: r.get(0)?,
                    detail: crate::domain::money::format_eur(r.get::<_, i64>(2)?),
                    family_cf: r.get(3)?,
                    label: r.get(4)?,
                    state: NoticeState::parse(&r.get::<_, String>(1)?),
                })
            },
        )
        .optional()?;
    Ok(row.into_iter().collect())
}

fn code_hits(conn: &Connection, code: &str) -> BResult<Vec<SearchHit>> {
    hits(
        conn,
        "SELECT cf, surname || ' ' || name, coalesce(email, '') FROM parents WHERE cf = ?1",
        "SELECT c.cf, c.surname || ' ' || c.name, 'PAN ' || c.pan, p.cf
         FROM children c JOIN parents p ON p.id = c.paying_parent_id
         WHERE c.cf = ?1 OR c.pan = ?1",
        params![code],
    )
}

/// Hits not yet in `hits` added after them (one family member is listed once).
fn add(hits: &mut Vec<SearchHit>, more: Vec<SearchHit>) {
    for h in more {
        if !hits.iter().any(|x| x.key == h.key) {
            hits.push(h);
        }
    }
}

/// People whose surname (and name, if given) start as typed, compared by their search keys
/// (`domain::name_key`: no accents, apostrophes or spaces).
fn name_hits(
    conn: &Connection,
    surname: &str,
    name: Option<&str>,
    limit: i64,
) -> BResult<Vec<SearchHit>> {
    let (surname_from, surname_to) = prefix_range(&name_key::key(surname));
    let (name_from, name_to) = prefix_range(&name_key::key(name.unwrap_or("")));
    let mut hits = hits(
        conn,
        "SELECT cf, surname || ' ' || name, coalesce(email, '') FROM parents
         WHERE surname_key >= ?1 AND surname_key < ?2 AND name_key >= ?3 AND name_key < ?4
         ORDER BY surname_key, name_key LIMIT ?5",
        "SELECT c.cf, c.surname || ' ' || c.name, 'PAN ' || c.pan, p.cf
         FROM children c JOIN parents p ON p.id = c.paying_parent_id
         WHERE c.surname_key >= ?1 AND c.surname_key < ?2 AND c.name_key >= ?3 AND c.name_key < ?4
         ORDER BY c.surname_key, c.name_key LIMIT ?5",
        params![surname_from, surname_to, name_from, name_to, limit],
    )?;
    hits.truncate(limit as usize);
    Ok(hits)
}

/// People whose first name starts as typed.
fn first_name_hits(conn: &Connection, name: &str, limit: i64) -> BResult<Vec<SearchHit>> {
    let (from, to) = prefix_range(&name_key::key(name));
    hits(
        conn,
        "SELECT cf, surname || ' ' || name, coalesce(email, '') FROM parents
         WHERE name_key >= ?1 AND name_key < ?2 ORDER BY name_key, surname_key LIMIT ?3",
        "SELECT c.cf, c.surname || ' ' || c.name, 'PAN ' || c.pan, p.cf
         FROM children c JOIN parents p ON p.id = c.paying_parent_id
         WHERE c.name_key >= ?1 AND c.name_key < ?2 ORDER BY c.name_key, c.surname_key LIMIT ?3",
        params![from, to, limit],
    )
}

/// Parents, then children, found by the same parameters. `parents` selects code, label and detail;
/// `children` the same and the paying parent's code.
fn hits(
    conn: &Connection,
    parents: &str,
    children: &str,
    by: &[&dyn rusqlite::ToSql],
) -> BResult<Vec<SearchHit>> {
    let found: Vec<(String, String, String)> = conn
        .prepare_cached(parents)?
        .query_map(by, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let mut hits = Vec::new();
    for (cf, label, detail) in found {
        let family_cf = family_cf_of_parent(conn, &cf)?;
        hits.push(SearchHit {
            kind: HitKind::Parent,
            key: cf,
            label,
            detail,
            family_cf,
            state: None,
        });
    }
    let mut st = conn.prepare_cached(children)?;
    for row in st.query_map(by, |r| {
        Ok(SearchHit {
            kind: HitKind::Child,
            key: r.get(0)?,
            label: r.get(1)?,
            detail: r.get(2)?,
            family_cf: r.get(3)?,
            state: None,
        })
    })? {
        hits.push(row?);
    }
    Ok(hits)
}

/// The paying parent whose card a parent's code opens: themselves if they pay for any child or for
/// none at all; otherwise the paying parent of a child they are linked to as second parent.
fn family_cf_of_parent(conn: &Connection, cf: &str) -> BResult<CodiceFiscale> {
    let id = family_parent_id(conn, cf)?;
    Ok(conn.query_row("SELECT cf FROM parents WHERE id = ?1", [id], |r| r.get(0))?)
}

/// The paying parent's id for any family member's codice fiscale.
pub(super) fn family_parent_id(conn: &Connection, cf: &str) -> BResult<i64> {
    let parent: Option<i64> = conn
        .prepare_cached("SELECT id FROM parents WHERE cf = ?1")?
        .query_row([cf], |r| r.get(0))
        .optional()?;
    if let Some(pid) = parent {
        let pays: bool = conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM children WHERE paying_parent_id = ?1)")?
            .query_row([pid], |r| r.get(0))?;
        if pays {
            return Ok(pid);
        }
        let payer: Option<i64> = conn
            .prepare_cached(
                "SELECT paying_parent_id FROM children WHERE second_parent_id = ?1 LIMIT 1",
            )?
            .query_row([pid], |r| r.get(0))
            .optional()?;
        return Ok(payer.unwrap_or(pid));
    }
    conn.prepare_cached("SELECT paying_parent_id FROM children WHERE cf = ?1")?
        .query_row([cf], |r| r.get(0))
        .or_not_found("Codice fiscale", "Codice fiscale")
}

pub(super) fn parent_info(conn: &Connection, parent_id: i64) -> BResult<ParentInfo> {
    conn.prepare_cached(
        "SELECT cf, surname, name, email, phone, address, username, locked, failed_attempts
         FROM parents WHERE id = ?1",
    )?
    .query_row([parent_id], |r| {
        Ok(ParentInfo {
            cf: r.get(0)?,
            surname: r.get(1)?,
            name: r.get(2)?,
            email: r.get(3)?,
            phone: r.get(4)?,
            address: r.get(5)?,
            username: r.get(6)?,
            locked: r.get(7)?,
            failed_attempts: r.get(8)?,
        })
    })
    .or_not_found("Genitore", "Parent")
}

/// The card as it stands on `today` (this school year's balances, notices past due as expired).
pub(super) fn family_card(
    conn: &Connection,
    parent_id: i64,
    today: NaiveDate,
) -> BResult<FamilyCard> {
    let parent = parent_info(conn, parent_id)?;
    let mut st = conn.prepare_cached(
        "SELECT c.id, c.cf, c.surname, c.name, c.birth_date, c.pan, s.name, cl.level, cl.section, c.diet,
                sp.cf, sp.surname || ' ' || sp.name
         FROM children c
         LEFT JOIN classes cl ON cl.id = c.class_id
         LEFT JOIN schools s ON s.id = cl.school_id
         LEFT JOIN parents sp ON sp.id = c.second_parent_id
         WHERE c.paying_parent_id = ?1 ORDER BY c.birth_date",
    )?;
    let rows: Vec<(i64, ChildCard)> = st
        .query_map([parent_id], |r| {
            let second_cf: Option<CodiceFiscale> = r.get(10)?;
            Ok((
                r.get(0)?,
                ChildCard {
                    cf: r.get(1)?,
                    surname: r.get(2)?,
                    name: r.get(3)?,
                    birth_date: r.get(4)?,
                    pan: r.get(5)?,
                    school: r.get(6)?,
                    class: r.get(7)?,
                    section: r.get(8)?,
                    diet: r.get(9)?,
                    second_parent: match second_cf {
                        Some(cf) => Some(PersonRef {
                            cf,
                            full_name: r.get(11)?,
                        }),
                        None => None,
                    },
                    services: Vec::new(),
                },
            ))
        })?
        .collect::<Result<_, _>>()?;
    let mut children = Vec::with_capacity(rows.len());
    for (id, mut child) in rows {
        child.services = balances(conn, id, today)?;
        children.push(child);
    }
    let pending_notices = notices::pending_of_payer(conn, parent_id, today)?;
    Ok(FamilyCard {
        parent,
        children,
        pending_notices,
        linked_children: Vec::new(),
    })
}

/// The children of other families this parent is second parent of, with who pays for each.
fn linked_children(conn: &Connection, parent_id: i64) -> BResult<Vec<LinkedChild>> {
    let mut st = conn.prepare_cached(
        "SELECT c.cf, c.surname || ' ' || c.name, p.cf, p.surname || ' ' || p.name
         FROM children c JOIN parents p ON p.id = c.paying_parent_id
         WHERE c.second_parent_id = ?1 ORDER BY c.surname, c.name",
    )?;
    let rows = st
        .query_map([parent_id], |r| {
            Ok(LinkedChild {
                cf: r.get(0)?,
                full_name: r.get(1)?,
                paying_parent: PersonRef {
                    cf: r.get(2)?,
                    full_name: r.get(3)?,
                },
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// Every service the child is enrolled in this school year or has money movements in, with its balance.
pub(super) fn balances(
    conn: &Connection,
    child_id: i64,
    today: NaiveDate,
) -> BResult<Vec<ServiceBalance>> {
    let year = crate::domain::enrolment::school_year_of(today);
    let mut st = conn.prepare_cached(
        "SELECT s.code, s.name, s.prepaid,
                (SELECT coalesce(sum(amount_cents), 0) FROM ledger l WHERE l.child_id = ?1 AND l.service = s.code),
                (SELECT price_cents FROM enrolments e WHERE e.child_id = ?1 AND e.service = s.code AND e.school_year = ?2),
                (SELECT withdrawn_from FROM enrolments e WHERE e.child_id = ?1 AND e.service = s.code AND e.school_year = ?2)
         FROM services s
         WHERE EXISTS (SELECT 1 FROM enrolments e WHERE e.child_id = ?1 AND e.service = s.code AND e.school_year = ?2)
            OR EXISTS (SELECT 1 FROM ledger l WHERE l.child_id = ?1 AND l.service = s.code)
         ORDER BY s.code",
    )?;
    let mut out: Vec<ServiceBalance> = st
        .query_map(params![child_id, year], |r| {
            Ok(ServiceBalance {
                service: r.get(0)?,
                service_name: r.get(1)?,
                prepaid: r.get(2)?,
                balance_cents: r.get(3)?,
                price_cents: r.get(4)?,
                last_topup: None,
                withdrawn_from: r.get(5)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let mut last = conn.prepare_cached(
        "SELECT at, amount_cents FROM ledger WHERE child_id = ?1 AND service = ?2 AND kind = 'topup'
         ORDER BY at DESC, id DESC LIMIT 1",
    )?;
    for sb in &mut out {
        sb.last_topup = last
            .query_row(params![child_id, sb.service], |r| {
                Ok(Topup {
                    at: r.get(0)?,
                    amount_cents: r.get(1)?,
                })
            })
            .optional()?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_queries() {
        assert!(matches!(
            classify("3020 3200 2700 0002 51"),
            Query::NoticeNumber(_)
        ));
        assert!(matches!(classify("rssmra85t10a562s"), Query::Code(c) if c == "RSSMRA85T10A562S"));
        assert!(matches!(classify("P1234567"), Query::Code(_)));
        let pan = crate::domain::kiosk::new_pan(&mut rand::rng());
        // A PAN with no digit at all.
        let letters = (b'A'..=b'Z')
            .flat_map(|a| {
                (b'A'..=b'Z').map(move |b| format!("BFCDEFGHJ{}{}", a as char, b as char))
            })
            .find(|p| crate::domain::kiosk::pan_shape(p) == crate::domain::kiosk::PanShape::Valid)
            .unwrap();
        assert!(matches!(classify(&letters), Query::Code(c) if c == letters));
        assert!(matches!(classify(&pan.to_lowercase()), Query::Code(c) if c == pan));
        assert!(matches!(classify("Rossi"), Query::Text(t) if t == "Rossi"));
        assert!(matches!(classify("De Luca"), Query::Text(_)));
    }

    #[test]
    fn prefix_range_holds_exactly_the_names_that_start_with_it() {
        let (from, to) = prefix_range("ROSS");
        for inside in ["ROSS", "ROSSI", "ROSSETTI", "ROSSÌ"] {
            assert!(from.as_str() <= inside && inside < to.as_str(), "{inside}");
        }
        for outside in ["ROSA", "ROST", "RUSSO", "ROS"] {
            assert!(
                !(from.as_str() <= outside && outside < to.as_str()),
                "{outside}"
            );
        }
    }
}
