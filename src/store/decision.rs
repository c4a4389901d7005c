//! The office's decision as an application carries it: who decided and when, a refusal's reason, the
//! enrolment an acceptance made, and a waiting application's place in line (read by the application
//! loader and by the review alike, so it sits apart from both).

use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, params};

use crate::backend::{ApplicationState, BResult, Cents, Decision, Enrolment};

/// The decision kept with an application, for the states that have one.
pub(super) fn decision_of(
    conn: &Connection,
    id: i64,
    state: ApplicationState,
) -> BResult<Option<Decision>> {
    if !matches!(
        state,
        ApplicationState::Accepted | ApplicationState::Rejected | ApplicationState::Waitlisted
    ) {
        return Ok(None);
    }
    let (at, by, reason): (Option<NaiveDateTime>, Option<String>, Option<String>) = conn
        .prepare_cached(
            "SELECT decided_at, decided_by, decision_reason FROM applications WHERE id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let (Some(at), Some(by)) = (at, by) else {
        return Ok(None);
    };
    let waitlist_position = match state {
        ApplicationState::Waitlisted => Some(waitlist_position(conn, id)?),
        _ => None,
    };
    let enrolment = match state {
        ApplicationState::Accepted => enrolment_of(conn, id)?,
        _ => None,
    };
    Ok(Some(Decision {
        at,
        by,
        reason,
        waitlist_position,
        enrolment,
    }))
}

fn enrolment_of(conn: &Connection, application_id: i64) -> BResult<Option<Enrolment>> {
    Ok(conn
        .prepare_cached(
            "SELECT c.cf, c.surname || ' ' || c.name, c.pan, e.service, s.name, e.school_year, s.prepaid,
                    e.price_cents, e.band_isee_max_cents, e.sibling_rank, e.withdrawn_from, s.charged_per = 'month'
             FROM enrolments e JOIN children c ON c.id = e.child_id JOIN services s ON s.code = e.service
             WHERE e.application_id = ?1",
        )?
        .query_row([application_id], |r| {
            Ok(Enrolment {
                child_cf: r.get(0)?,
                child_name: r.get(1)?,
                pan: r.get(2)?,
                service: r.get(3)?,
                service_name: r.get(4)?,
                school_year: r.get(5)?,
                prepaid: r.get(6)?,
                price_cents: Cents(r.get(7)?),
                band_isee_max_cents: r.get::<_, Option<i64>>(8)?.map(Cents),
                sibling_rank: r.get(9)?,
                withdrawn_from: r.get(10)?,
                monthly: r.get(11)?,
            })
        })
        .optional()?)
}

/// Where an application asks for a place: its window's service and year, and its class's school.
pub(super) struct Seat {
    pub service: String,
    pub school_year: String,
    pub school_id: Option<i64>,
    pub submitted_at: Option<NaiveDateTime>,
}

pub(super) fn seat_of(conn: &Connection, id: i64) -> BResult<Seat> {
    Ok(conn
        .prepare_cached(
            "SELECT w.service, w.school_year, cl.school_id, a.submitted_at
             FROM applications a JOIN windows w ON w.id = a.window_id
             LEFT JOIN classes cl ON cl.id = json_extract(a.data, '$.class_id')
             WHERE a.id = ?1",
        )?
        .query_row([id], |r| {
            Ok(Seat {
                service: r.get(0)?,
                school_year: r.get(1)?,
                school_id: r.get(2)?,
                submitted_at: r.get(3)?,
            })
        })?)
}

/// Waiting applications for the same place sent before this one (by sending time, then number).
pub(super) fn ahead_in_line(conn: &Connection, id: i64, seat: &Seat) -> BResult<u32> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM applications a JOIN windows w ON w.id = a.window_id
             JOIN classes cl ON cl.id = json_extract(a.data, '$.class_id')
             WHERE a.state = 'waitlisted' AND a.id <> ?1 AND w.service = ?2 AND w.school_year = ?3
               AND cl.school_id = ?4 AND (a.submitted_at < ?5 OR (a.submitted_at = ?5 AND a.id < ?1))",
        )?
        .query_row(params![id, seat.service, seat.school_year, seat.school_id, seat.submitted_at], |r| r.get(0))?)
}

fn waitlist_position(conn: &Connection, id: i64) -> BResult<u32> {
    let seat = seat_of(conn, id)?;
    Ok(ahead_in_line(conn, id, &seat)? + 1)
}
