//! The office's review of applications: the queue, acceptance into an enrolment (or the waiting
//! list), refusal; withdrawal from a service, a wallet moved on, and the presences that charge it.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::decision::{Seat, ahead_in_line, seat_of};
use super::enrolment::{
    documents_of, enrolment_error, family_debt, load_application, load_window, state_of,
};
use super::lookup::{child_ids, valid_cf};
use super::{LocalBackend, require_reason};
use crate::backend::{
    Application, ApplicationState, BResult, BackendError, BalanceTransfer, BalanceTransferOutcome,
    Cents, ErrorKind, Operator, PersonRef, Presence, PresenceImport, QueuedApplication,
    RefusedPresence, Withdrawal, WithdrawalOutcome,
};
use crate::domain::codice_fiscale::{CodiceFiscale, Sex};
use crate::domain::enrolment::{self, Places, school_year_of};
use crate::domain::meals;
use crate::domain::tariff::{Band, Tariff};
use crate::i18n::review::{self as msg, PresenceRefusal};

/// The most presences one request records (a day of a large comune's canteen).
const MAX_PRESENCES: usize = 20_000;

fn places(conn: &Connection, id: i64, seat: &Seat) -> BResult<Places> {
    let limit: Option<u32> = conn
        .prepare_cached("SELECT places FROM service_places WHERE service = ?1 AND school_id = ?2")?
        .query_row(params![seat.service, seat.school_id], |r| r.get(0))
        .optional()?;
    let taken: u32 = conn
        .prepare_cached(
            "SELECT count(*) FROM enrolments e JOIN children c ON c.id = e.child_id
             JOIN classes cl ON cl.id = c.class_id
             WHERE e.service = ?1 AND e.school_year = ?2 AND cl.school_id = ?3 AND e.withdrawn_from IS NULL",
        )?
        .query_row(params![seat.service, seat.school_year, seat.school_id], |r| r.get(0))?;
    Ok(Places {
        limit,
        taken,
        ahead: ahead_in_line(conn, id, seat)?,
    })
}

fn tariff(conn: &Connection, service: &str) -> BResult<Tariff> {
    let bands = conn
        .prepare_cached("SELECT isee_max_cents, price_cents FROM tariff_bands WHERE service = ?1")?
        .query_map([service], |r| {
            Ok(Band {
                isee_max_cents: r.get(0)?,
                price_cents: r.get(1)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let pct: u8 = conn.query_row(
        "SELECT sibling_discount_pct FROM services WHERE code = ?1",
        [service],
        |r| r.get(0),
    )?;
    Ok(Tariff {
        bands,
        sibling_discount_pct: pct,
    })
}

fn conflict((it, en): (String, String)) -> BackendError {
    BackendError::new(ErrorKind::Conflict, it, en)
}

impl LocalBackend {
    pub(super) fn do_applications(
        &self,
        state: Option<ApplicationState>,
    ) -> BResult<Vec<QueuedApplication>> {
        self.supervisor()?;
        self.store.read(|tx| {
            let ids: Vec<i64> = match state {
                Some(s) => tx
                    .prepare_cached("SELECT id FROM applications WHERE state = ?1 ORDER BY submitted_at, id")?
                    .query_map([s.as_str()], |r| r.get(0))?
                    .collect::<Result<_, _>>()?,
                None => tx
                    .prepare_cached(
                        "SELECT id FROM applications WHERE state NOT IN ('draft', 'discarded') ORDER BY submitted_at, id",
                    )?
                    .query_map([], |r| r.get(0))?
                    .collect::<Result<_, _>>()?,
            };
            ids.into_iter().map(|id| queued(tx, id)).collect()
        })
    }

    pub(super) fn do_accept_application(&self, id: i64) -> BResult<Application> {
        let actor = self.supervisor()?;
        self.store.write(|tx| {
            let app = load_application(tx, id)?;
            enrolment::check_decidable(app.state).map_err(enrolment_error)?;
            accept(tx, self, &actor, app)
        })
    }

    pub(super) fn do_refuse_application(&self, id: i64, reason: &str) -> BResult<Application> {
        let actor = self.supervisor()?;
        let reason = enrolment::refusal_reason(reason)
            .map_err(|e| enrolment_error(e).with_field("reason"))?;
        self.store.write(|tx| {
            enrolment::check_decidable(state_of(tx, id)?).map_err(enrolment_error)?;
            let at = self.store.now();
            tx.execute(
                "UPDATE applications SET state = 'rejected', decided_at = ?2, decided_by = ?3, decision_reason = ?4, updated_at = ?2 WHERE id = ?1",
                params![id, at, actor.username, reason],
            )?;
            self.store.audit(tx, &actor.username, "application.refuse", &format!("application:{id}"), reason)?;
            load_application(tx, id)
        })
    }

    pub(super) fn do_discard_application(&self, id: i64) -> BResult<Application> {
        let actor = self.actor()?;
        self.store.write(|tx| {
            enrolment::check_discardable(state_of(tx, id)?).map_err(enrolment_error)?;
            tx.execute(
                "UPDATE applications SET state = 'discarded', updated_at = ?2 WHERE id = ?1",
                params![id, self.store.now()],
            )?;
            self.store.audit(
                tx,
                &actor.username,
                "application.discard",
                &format!("application:{id}"),
                "",
            )?;
            load_application(tx, id)
        })
    }

    pub(super) fn do_withdraw(&self, child_cf: &str, w: &Withdrawal) -> BResult<WithdrawalOutcome> {
        let actor = self.supervisor()?;
        let reason = require_reason(&w.reason)?;
        let cf = valid_cf("child_cf", child_cf)?;
        let year = school_year_of(w.from);
        self.store.write(|tx| {
            let (child_id, _) = child_ids(tx, &cf)?;
            let withdrawn: Option<Option<NaiveDate>> = tx
                .query_row(
                    "SELECT withdrawn_from FROM enrolments WHERE child_id = ?1 AND service = ?2 AND school_year = ?3",
                    params![child_id, w.service, year],
                    |r| r.get(0),
                )
                .optional()?;
            match withdrawn {
                None => {
                    // Not enrolled that year: say so with what the child is enrolled in, or that the
                    // date is outside the enrolment's year.
                    let any: bool = tx.query_row(
                        "SELECT EXISTS (SELECT 1 FROM enrolments WHERE child_id = ?1 AND service = ?2)",
                        params![child_id, w.service],
                        |r| r.get(0),
                    )?;
                    if any {
                        let (it, en) = msg::withdrawal_outside_year(&school_year_of(self.store.today()));
                        return Err(BackendError::invalid_msg("from", it, en));
                    }
                    super::notices::check_enrolled(tx, child_id, &w.service, w.from)?;
                }
                Some(Some(_)) => return Err(BackendError::text(ErrorKind::Conflict, msg::ALREADY_WITHDRAWN)),
                Some(None) => {}
            }
            let at = self.store.now();
            // Days already charged from the withdrawal on are given back, each as its own movement.
            let charged: Vec<(NaiveDate, i64)> = tx
                .prepare_cached(
                    "SELECT day, charged_cents FROM attendance WHERE child_id = ?1 AND service = ?2 AND day >= ?3 AND charged_cents > 0 ORDER BY day",
                )?
                .query_map(params![child_id, w.service, w.from], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            let mut refunded = 0;
            for (day, cents) in &charged {
                tx.execute(
                    "INSERT INTO ledger (child_id, service, at, kind, amount_cents, description, ref) VALUES (?1, ?2, ?3, 'adjustment', ?4, ?5, ?6)",
                    params![child_id, w.service, at, cents, format!("Storno del {}: ritiro dal servizio", day.format("%d/%m/%Y")), day.to_string()],
                )?;
                tx.execute(
                    "UPDATE attendance SET status = 'cancelled', charged_cents = 0 WHERE child_id = ?1 AND service = ?2 AND day = ?3",
                    params![child_id, w.service, day],
                )?;
                tx.execute(
                    "INSERT INTO attendance_changes (child_id, service, day, status, by, at, reason) VALUES (?1, ?2, ?3, 'cancelled', ?4, ?5, ?6)",
                    params![child_id, w.service, day, actor.username, at, reason],
                )?;
                refunded += cents;
            }
            tx.execute(
                "UPDATE enrolments SET withdrawn_from = ?4, withdrawal_reason = ?5 WHERE child_id = ?1 AND service = ?2 AND school_year = ?3",
                params![child_id, w.service, year, w.from, reason],
            )?;
            self.store.audit(
                tx,
                &actor.username,
                "enrolment.withdraw",
                &format!("child:{child_id}"),
                &format!("service={} year={year} from={} refunded_days={} refunded_cents={refunded} reason={reason}", w.service, w.from, charged.len()),
            )?;
            let promoted = self.promote_from_waiting_list(tx, &actor, child_id, &w.service, &year)?;
            let balance: i64 = tx.query_row(
                "SELECT coalesce(sum(amount_cents), 0) FROM ledger WHERE child_id = ?1 AND service = ?2",
                params![child_id, w.service],
                |r| r.get(0),
            )?;
            Ok(WithdrawalOutcome {
                child_cf: cf.clone(),
                service: w.service.clone(),
                from: w.from,
                refunded_days: charged.len() as u32,
                refunded_cents: Cents(refunded),
                balance_cents: Cents(balance),
                promoted_application: promoted,
            })
        })
    }

    /// A place freed at the withdrawn child's school goes to the first application waiting for it.
    fn promote_from_waiting_list(
        &self,
        tx: &Transaction,
        actor: &Operator,
        child_id: i64,
        service: &str,
        year: &str,
    ) -> BResult<Option<i64>> {
        let first: Option<i64> = tx
            .prepare_cached(
                "SELECT a.id FROM applications a JOIN windows w ON w.id = a.window_id
                 JOIN classes cl ON cl.id = json_extract(a.data, '$.class_id')
                 WHERE a.state = 'waitlisted' AND w.service = ?1 AND w.school_year = ?2
                   AND cl.school_id = (SELECT cl2.school_id FROM children c JOIN classes cl2 ON cl2.id = c.class_id WHERE c.id = ?3)
                 ORDER BY a.submitted_at, a.id LIMIT 1",
            )?
            .query_row(params![service, year, child_id], |r| r.get(0))
            .optional()?;
        let Some(id) = first else { return Ok(None) };
        let app = accept(tx, self, actor, load_application(tx, id)?)?;
        Ok((app.state == ApplicationState::Accepted).then_some(id))
    }

    pub(super) fn do_transfer_balance(
        &self,
        child_cf: &str,
        t: &BalanceTransfer,
    ) -> BResult<BalanceTransferOutcome> {
        let actor = self.supervisor()?;
        let reason = require_reason(&t.reason)?;
        let cf = valid_cf("child_cf", child_cf)?;
        self.store.write(|tx| {
            let (child_id, payer) = child_ids(tx, &cf)?;
            let balance: i64 = tx.query_row(
                "SELECT coalesce(sum(amount_cents), 0) FROM ledger WHERE child_id = ?1 AND service = ?2",
                params![child_id, t.service],
                |r| r.get(0),
            )?;
            if balance <= 0 {
                return Err(BackendError::text(ErrorKind::Conflict, msg::NOTHING_TO_MOVE));
            }
            let at = self.store.now();
            let to = match &t.to_child_cf {
                Some(to_cf) => {
                    let (to_id, to_payer) = child_ids(tx, to_cf)?;
                    if to_id == child_id || to_payer != payer {
                        return Err(BackendError::invalid_text("to_child_cf", msg::NOT_A_SIBLING));
                    }
                    super::notices::check_enrolled(tx, to_id, &t.service, self.store.today())?;
                    Some(to_id)
                }
                None => None,
            };
            let (out_text, detail) = match to {
                Some(_) => (format!("Credito trasferito a fratello/sorella: {reason}"), "to=sibling"),
                None => (format!("Credito da rimborsare alla famiglia: {reason}"), "to=family"),
            };
            tx.execute(
                "INSERT INTO ledger (child_id, service, at, kind, amount_cents, description, ref) VALUES (?1, ?2, ?3, 'adjustment', ?4, ?5, 'transfer')",
                params![child_id, t.service, at, -balance, out_text],
            )?;
            if let Some(to_id) = to {
                tx.execute(
                    "INSERT INTO ledger (child_id, service, at, kind, amount_cents, description, ref) VALUES (?1, ?2, ?3, 'adjustment', ?4, ?5, 'transfer')",
                    params![to_id, t.service, at, balance, format!("Credito ricevuto da fratello/sorella: {reason}")],
                )?;
            }
            let subject = format!("child:{child_id}");
            let detail = format!("service={} amount_cents={balance} {detail}{} reason={reason}", t.service, to.map(|i| format!(" child:{i}")).unwrap_or_default());
            self.store.audit(tx, &actor.username, "balance.transfer", &subject, &detail)?;
            Ok(BalanceTransferOutcome { amount_cents: Cents(balance), to_child_cf: t.to_child_cf.clone() })
        })
    }

    pub(super) fn do_record_presences(&self, presences: &[Presence]) -> BResult<PresenceImport> {
        let actor = self.supervisor()?;
        if presences.is_empty() {
            return Err(BackendError::invalid_text("presences", msg::NO_PRESENCES));
        }
        if presences.len() > MAX_PRESENCES {
            return Err(BackendError::invalid_text(
                "presences",
                msg::TOO_MANY_PRESENCES,
            ));
        }
        self.store.write(|tx| {
            let today = self.store.today();
            let at = self.store.now();
            let mut report = PresenceImport::default();
            for (i, p) in presences.iter().enumerate() {
                match record_presence(tx, p, today, at, &actor.username)? {
                    Recorded::Charged(0) => report.recorded += 1,
                    Recorded::Charged(cents) => {
                        report.charged += 1;
                        report.charged_cents += Cents(cents);
                    }
                    Recorded::Already => report.already += 1,
                    Recorded::Refused(why) => {
                        let (why_it, why_en) = why.text();
                        report.refused.push(RefusedPresence {
                            line: i as u32 + 1,
                            child_cf: p.child_cf.clone(),
                            service: p.service.clone(),
                            day: p.day,
                            why_it,
                            why_en,
                        });
                    }
                }
            }
            self.store.audit(
                tx,
                &actor.username,
                "attendance.presences",
                "",
                &format!(
                    "charged={} cents={} already={} refused={}",
                    report.charged,
                    report.charged_cents.0,
                    report.already,
                    report.refused.len()
                ),
            )?;
            Ok(report)
        })
    }
}

enum Recorded {
    Charged(i64),
    Already,
    Refused(PresenceRefusal),
}

fn record_presence(
    tx: &Transaction,
    p: &Presence,
    today: NaiveDate,
    at: NaiveDateTime,
    by: &str,
) -> BResult<Recorded> {
    if p.day > today {
        return Ok(Recorded::Refused(PresenceRefusal::Future));
    }
    let Some(child_id) = tx
        .prepare_cached("SELECT id FROM children WHERE cf = ?1")?
        .query_row([&p.child_cf], |r| r.get::<_, i64>(0))
        .optional()?
    else {
        return Ok(Recorded::Refused(PresenceRefusal::UnknownChild));
    };
    let enrolment: Option<(i64, Option<NaiveDate>, String)> = tx
        .prepare_cached(
            "SELECT e.price_cents, e.withdrawn_from, s.charged_per FROM enrolments e JOIN services s ON s.code = e.service
             WHERE e.child_id = ?1 AND e.service = ?2 AND e.school_year = ?3",
        )?
        .query_row(params![child_id, p.service, school_year_of(p.day)], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((price, withdrawn_from, charged_per)) = enrolment else {
        return Ok(Recorded::Refused(PresenceRefusal::NotEnrolled));
    };
    if let Some(from) = withdrawn_from.filter(|from| p.day >= *from) {
        return Ok(Recorded::Refused(PresenceRefusal::Withdrawn(from)));
    }
    let holiday: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM holidays WHERE day = ?1)")?
        .query_row([p.day], |r| r.get(0))?;
    let holidays = if holiday { vec![p.day] } else { Vec::new() };
    if !meals::is_school_day(p.day, &holidays) {
        return Ok(Recorded::Refused(PresenceRefusal::NotASchoolDay));
    }
    let status: Option<String> = tx
        .prepare_cached(
            "SELECT status FROM attendance WHERE child_id = ?1 AND service = ?2 AND day = ?3",
        )?
        .query_row(params![child_id, p.service, p.day], |r| r.get(0))
        .optional()?;
    match status.as_deref() {
        Some("present") => return Ok(Recorded::Already),
        Some("cancelled") => return Ok(Recorded::Refused(PresenceRefusal::Cancelled)),
        _ => {}
    }
    // A monthly fee (the bus) is not charged per day: the day is recorded, the fee is billed apart.
    let charge = if charged_per == "day" { price } else { 0 };
    tx.execute(
        "INSERT INTO attendance (child_id, service, day, status, charged_cents, recorded_by, recorded_at) VALUES (?1, ?2, ?3, 'present', ?4, ?5, ?6)
         ON CONFLICT (child_id, service, day) DO UPDATE SET status = 'present', charged_cents = ?4, recorded_by = ?5, recorded_at = ?6",
        params![child_id, p.service, p.day, charge, by, at],
    )?;
    if charge > 0 {
        let (kind, text) = if p.service == "refezione" {
            ("meal", "Pasto consumato")
        } else {
            ("charge", "Giornata di servizio")
        };
        tx.execute(
            "INSERT INTO ledger (child_id, service, at, kind, amount_cents, description, ref) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![child_id, p.service, p.day.and_hms_opt(13, 0, 0), kind, -charge, text, p.day.to_string()],
        )?;
    }
    Ok(Recorded::Charged(charge))
}

/// One line of the queue.
fn queued(conn: &Connection, id: i64) -> BResult<QueuedApplication> {
    let app = load_application(conn, id)?;
    let (window, service, service_name, school_year, parent_id, parent_name): (String, String, String, String, i64, String) = conn
        .prepare_cached(
            "SELECT w.description, w.service, s.name, w.school_year, p.id, p.surname || ' ' || p.name
             FROM applications a JOIN windows w ON w.id = a.window_id JOIN services s ON s.code = w.service
             JOIN parents p ON p.id = a.parent_id WHERE a.id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?;
    let class: Option<(String, String)> = match app.data.class_id {
        Some(c) => conn
            .prepare_cached("SELECT s.name, cl.level || cl.section FROM classes cl JOIN schools s ON s.id = cl.school_id WHERE cl.id = ?1")?
            .query_row([c], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?,
        None => None,
    };
    let d = &app.data;
    Ok(QueuedApplication {
        id,
        state: app.state,
        window_id: app.window_id,
        window,
        service,
        service_name,
        school_year,
        submitted_at: app.submitted_at,
        parent: PersonRef {
            cf: app.parent_cf.clone(),
            full_name: parent_name,
        },
        child_cf: d.child_cf.clone(),
        child_name: format!("{} {}", d.child_surname.trim(), d.child_name.trim())
            .trim()
            .to_string(),
        school: class.as_ref().map(|c| c.0.clone()),
        class: class.map(|c| c.1),
        isee_cents: d.isee_cents.map(Cents),
        isee_consent: d.isee_consent,
        diet: d.diet.clone().filter(|s| !s.trim().is_empty()),
        documents: documents_of(conn, id)?,
        late_reason: app.late_reason.clone(),
        family_debt_cents: Cents(family_debt(conn, parent_id)?),
        waitlist_position: app.decision.and_then(|d| d.waitlist_position),
    })
}

/// Accepts a sent or waiting application: a place (the child created or updated, enrolled with its
/// tariff) or a position in the waiting list. One waiting with still no place is left as it is.
fn accept(
    tx: &Transaction,
    b: &LocalBackend,
    actor: &Operator,
    app: Application,
) -> BResult<Application> {
    let id = app.id;
    let window = load_window(tx, app.window_id)?;
    let d = &app.data;
    let cf =
        CodiceFiscale::parse(&d.child_cf).map_err(|e| BackendError::invalid("child_cf", &e))?;
    let class_id = d.class_id.ok_or_else(|| {
        BackendError::invalid_text("class_id", crate::i18n::errors::CLASS_MISSING)
    })?;
    let class_exists: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM classes WHERE id = ?1)",
        [class_id],
        |r| r.get(0),
    )?;
    if !class_exists {
        return Err(BackendError::invalid_text("class_id", msg::CLASS_GONE));
    }
    let applicant = super::lookup::parent_id(tx, &app.parent_cf)?;
    let existing: Option<(i64, i64, Option<i64>)> = tx
        .prepare_cached(
            "SELECT id, paying_parent_id, second_parent_id FROM children WHERE cf = ?1",
        )?
        .query_row([&cf], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    if let Some((child_id, payer, second)) = existing {
        if payer != applicant && second != Some(applicant) {
            return Err(BackendError::text(
                ErrorKind::Conflict,
                msg::CHILD_OTHER_FAMILY,
            ));
        }
        let enrolled: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM enrolments WHERE child_id = ?1 AND service = ?2 AND school_year = ?3)",
            params![child_id, window.service, window.school_year],
            |r| r.get(0),
        )?;
        if enrolled {
            return Err(conflict(msg::already_enrolled(
                &window.service,
                &window.school_year,
            )));
        }
    }
    let at = b.store.now();
    let seat = seat_of(tx, id)?;
    if let Some(position) = enrolment::seat(places(tx, id, &seat)?) {
        if app.state != ApplicationState::Waitlisted {
            tx.execute(
                "UPDATE applications SET state = 'waitlisted', decided_at = ?2, decided_by = ?3, updated_at = ?2 WHERE id = ?1",
                params![id, at, actor.username],
            )?;
            b.store.audit(
                tx,
                &actor.username,
                "application.waitlist",
                &format!("application:{id}"),
                &format!("position={position}"),
            )?;
        }
        return load_application(tx, id);
    }
    // The family pays by the ISEE only when it declared one and let the comune fetch it.
    let isee = d.isee_cents.filter(|_| d.isee_consent);
    let payer = existing.map(|e| e.1).unwrap_or(applicant);
    let siblings: u32 = tx.query_row(
        "SELECT count(*) FROM enrolments e JOIN children c ON c.id = e.child_id
         WHERE c.paying_parent_id = ?1 AND c.cf <> ?2 AND e.service = ?3 AND e.school_year = ?4 AND e.withdrawn_from IS NULL",
        params![payer, cf, window.service, window.school_year],
        |r| r.get(0),
    )?;
    let rank = siblings + 1;
    let tariff = tariff(tx, &window.service)?;
    let (Some(price), Some(band)) = (tariff.price_cents(isee, rank), tariff.band_for(isee)) else {
        return Err(BackendError::text(ErrorKind::Conflict, msg::NO_TARIFF));
    };
    let diet = d.diet.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let child_id = match existing {
        Some((child_id, ..)) => {
            // The application's data wins where it gives something; the rest stays as it was.
            tx.execute(
                "UPDATE children SET class_id = ?2, diet = coalesce(?3, diet), isee_cents = coalesce(?4, isee_cents),
                     surname = coalesce(nullif(?5, ''), surname), name = coalesce(nullif(?6, ''), name),
                     birth_date = coalesce(?7, birth_date), sex = coalesce(?8, sex)
                 WHERE id = ?1",
                params![
                    child_id,
                    class_id,
                    diet,
                    isee,
                    d.child_surname.trim().to_uppercase(),
                    d.child_name.trim().to_uppercase(),
                    d.child_birth_date,
                    d.child_sex.map(sex_code)
                ],
            )?;
            child_id
        }
        None => {
            let birth = d
                .child_birth_date
                .unwrap_or_else(|| cf.birth_date(b.store.today(), 0));
            let sex = d.child_sex.unwrap_or_else(|| cf.sex());
            let pan = unused_pan(tx)?;
            tx.execute(
                "INSERT INTO children (cf, surname, name, birth_date, sex, pan, class_id, diet, isee_cents, paying_parent_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![cf, d.child_surname.trim().to_uppercase(), d.child_name.trim().to_uppercase(), birth, sex_code(sex), pan, class_id, diet, isee, applicant],
            )?;
            tx.last_insert_rowid()
        }
    };
    tx.execute(
        "INSERT INTO enrolments (child_id, service, school_year, price_cents, application_id, band_isee_max_cents, sibling_rank, enrolled_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![child_id, window.service, window.school_year, price, id, band.isee_max_cents, rank, at],
    )?;
    tx.execute(
        "UPDATE applications SET state = 'accepted', decided_at = ?2, decided_by = ?3, child_id = ?4, updated_at = ?2 WHERE id = ?1",
        params![id, at, actor.username, child_id],
    )?;
    b.store.audit(
        tx,
        &actor.username,
        "application.accept",
        &format!("application:{id}"),
        &format!(
            "child:{child_id} new={} service={} year={} price_cents={price} band_max={} rank={rank}",
            existing.is_none(),
            window.service,
            window.school_year,
            band.isee_max_cents.map_or("top".to_string(), |m| m.to_string())
        ),
    )?;
    load_application(tx, id)
}

fn sex_code(s: Sex) -> &'static str {
    match s {
        Sex::M => "M",
        Sex::F => "F",
    }
}

/// A PAN no other child holds (drawn at random; a clash is all but impossible, but checked).
fn unused_pan(tx: &Transaction) -> BResult<String> {
    let mut rng = rand::rng();
    loop {
        let pan = crate::domain::kiosk::new_pan(&mut rng);
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM children WHERE pan = ?1)",
            [&pan],
            |r| r.get(0),
        )?;
        if !taken {
            return Ok(pan);
        }
    }
}
