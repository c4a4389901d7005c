//! Enrolment windows and applications: drafts saved at every step, submission, documents.

use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, params};

use super::lookup::{parent_id, valid_cf};
use super::{LocalBackend, OptionalRow};
use crate::backend::{
    Application, ApplicationData, ApplicationDraft, ApplicationState, BResult, BackendError,
    DocumentInfo,
};
use crate::domain::codice_fiscale::CodiceFiscale;
use crate::domain::enrolment::{self, Actor, Debt, EnrolmentError, Window};
use crate::i18n::errors;
use crate::i18n::{Lang, Localized};

/// Documents are copied into the store; a medical certificate scan is well under this.
const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;

pub(super) fn enrolment_error(e: EnrolmentError) -> BackendError {
    let kind = match e {
        EnrolmentError::WindowClosed | EnrolmentError::InDebt { .. } => {
            crate::backend::ErrorKind::Forbidden
        }
        EnrolmentError::ReasonRequired | EnrolmentError::RefusalReasonRequired => {
            crate::backend::ErrorKind::Invalid
        }
        _ => crate::backend::ErrorKind::Conflict,
    };
    BackendError::new(kind, e.localized(Lang::It), e.localized(Lang::En))
}

pub(super) fn load_window(conn: &Connection, id: i64) -> BResult<Window> {
    conn.prepare_cached("SELECT id, service, school_year, description, opens_at, closes_at FROM windows WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(Window {
                id: r.get(0)?,
                service: r.get(1)?,
                school_year: r.get(2)?,
                description: r.get(3)?,
                opens_at: r.get(4)?,
                closes_at: r.get(5)?,
            })
        })
        .or_not_found("Periodo di iscrizione", "Enrolment window")
}

pub(super) fn load_application(conn: &Connection, id: i64) -> BResult<Application> {
    let row = conn
        .prepare_cached(
            "SELECT a.window_id, p.cf, a.state, a.step, a.data, a.updated_at, a.late_reason, a.submitted_at
             FROM applications a JOIN parents p ON p.id = a.parent_id WHERE a.id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, CodiceFiscale>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, u8>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, NaiveDateTime>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<NaiveDateTime>>(7)?,
            ))
        })
        .or_not_found("Domanda", "Application")?;
    let (window_id, parent_cf, state, step, data, updated_at, late_reason, submitted_at) = row;
    let data: ApplicationData = serde_json::from_str(&data).map_err(BackendError::internal)?;
    let documents = documents_of(conn, id)?;
    let state = ApplicationState::parse(&state).unwrap_or(ApplicationState::Draft);
    Ok(Application {
        id,
        window_id,
        parent_cf,
        state,
        step,
        decision: super::decision::decision_of(conn, id, state)?,
        data,
        documents,
        updated_at,
        late_reason,
        submitted_at,
    })
}

pub(super) fn documents_of(conn: &Connection, application_id: i64) -> BResult<Vec<DocumentInfo>> {
    Ok(conn
        .prepare_cached("SELECT id, filename, length(content) FROM documents WHERE application_id = ?1 ORDER BY id")?
        .query_map([application_id], |r| Ok(DocumentInfo { id: r.get(0)?, filename: r.get(1)?, size: r.get(2)? }))?
        .collect::<Result<_, _>>()?)
}

pub(super) fn state_of(conn: &Connection, id: i64) -> BResult<ApplicationState> {
    let s: String = conn
        .query_row("SELECT state FROM applications WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .or_not_found("Domanda", "Application")?;
    Ok(ApplicationState::parse(&s).unwrap_or(ApplicationState::Draft))
}

impl LocalBackend {
    pub(super) fn do_windows(&self) -> BResult<Vec<Window>> {
        self.actor()?;
        self.store.read(|tx| {
            let ids: Vec<i64> = tx
                .prepare_cached("SELECT id FROM windows ORDER BY opens_at DESC")?
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            ids.into_iter().map(|id| load_window(tx, id)).collect()
        })
    }

    pub(super) fn do_save_application(&self, draft: &ApplicationDraft) -> BResult<Application> {
        let actor = self.actor()?;
        let parent_cf = &draft.parent_cf;
        let data = serde_json::to_string(&draft.data).map_err(BackendError::internal)?;
        let step = draft.step.clamp(1, 6);
        self.store.write(|tx| {
            load_window(tx, draft.window_id)?;
            let pid = parent_id(tx, parent_cf)?;
            let at = self.store.now();
            let id = match draft.id {
                Some(id) => {
                    enrolment::check_editable(state_of(tx, id)?).map_err(enrolment_error)?;
                    // An application stays its applicant's: the debt rule at sending reads that
                    // parent's family, and handing a draft to another parent would step around it.
                    let owner: i64 = tx.query_row(
                        "SELECT parent_id FROM applications WHERE id = ?1",
                        [id],
                        |r| r.get(0),
                    )?;
                    if owner != pid {
                        return Err(BackendError::invalid_text(
                            "parent_cf",
                            errors::APPLICATION_OTHER_PARENT,
                        ));
                    }
                    tx.execute(
                        "UPDATE applications SET window_id = ?2, parent_id = ?3, step = ?4, data = ?5, updated_at = ?6 WHERE id = ?1",
                        params![id, draft.window_id, pid, step, data, at],
                    )?;
                    id
                }
                None => {
                    tx.execute(
                        "INSERT INTO applications (window_id, parent_id, state, step, data, created_at, updated_at)
                         VALUES (?1, ?2, 'draft', ?3, ?4, ?5, ?5)",
                        params![draft.window_id, pid, step, data, at],
                    )?;
                    tx.last_insert_rowid()
                }
            };
            self.store.audit(tx, &actor.username, "application.save", &format!("application:{id}"), &format!("step={step}"))?;
            load_application(tx, id)
        })
    }

    pub(super) fn do_application(&self, id: i64) -> BResult<Application> {
        self.actor()?;
        self.store.read(|tx| load_application(tx, id))
    }

    pub(super) fn do_applications_of(&self, parent_cf: &str) -> BResult<Vec<Application>> {
        self.actor()?;
        let cf = valid_cf("parent_cf", parent_cf)?;
        self.store.read(|tx| {
            let pid = parent_id(tx, &cf)?;
            let ids: Vec<i64> = tx
                .prepare_cached(
                    "SELECT id FROM applications WHERE parent_id = ?1 ORDER BY updated_at DESC",
                )?
                .query_map([pid], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            ids.into_iter().map(|id| load_application(tx, id)).collect()
        })
    }

    pub(super) fn do_attach_document(
        &self,
        application_id: i64,
        filename: &str,
        content: &[u8],
    ) -> BResult<DocumentInfo> {
        let actor = self.actor()?;
        let filename = filename.rsplit(['/', '\\']).next().unwrap_or("").trim();
        if filename.is_empty() {
            return Err(BackendError::invalid_text(
                "filename",
                errors::FILE_NAME_MISSING,
            ));
        }
        if content.is_empty() || content.len() > MAX_DOCUMENT_BYTES {
            return Err(BackendError::invalid_text("content", errors::DOCUMENT_SIZE));
        }
        self.store.write(|tx| {
            enrolment::check_editable(state_of(tx, application_id)?).map_err(enrolment_error)?;
            tx.execute(
                "INSERT INTO documents (application_id, filename, content, added_at) VALUES (?1, ?2, ?3, ?4)",
                params![application_id, filename, content, self.store.now()],
            )?;
            let id = tx.last_insert_rowid();
            self.store.audit(tx, &actor.username, "application.document", &format!("application:{application_id}"), &format!("document:{id}"))?;
            Ok(DocumentInfo { id, filename: filename.to_string(), size: content.len() as i64 })
        })
    }

    pub(super) fn do_submit_application(
        &self,
        id: i64,
        late_reason: Option<&str>,
    ) -> BResult<Application> {
        let actor = self.actor()?;
        self.store.write(|tx| {
            let app = load_application(tx, id)?;
            let window = load_window(tx, app.window_id)?;
            let at = self.store.now();
            let debt = Debt { cents: family_debt(tx, parent_id(tx, &app.parent_cf)?)?, allowed_cents: self.policy.enrol_debt_allowed_cents };
            enrolment::check_submit(app.state, &window, at, Actor { supervisor: actor.is_supervisor() }, debt, late_reason)
                .map_err(enrolment_error)?;
            check_complete(&app)?;
            // A class that does not fit the birth year: an operator corrects it, a supervisor may send
            // it with the reason (a child held back a year, say).
            let misfit = class_misfit(tx, &app, &window, at.date())?;
            if let Some((it, en)) = &misfit {
                let reason = late_reason.map(str::trim).unwrap_or("");
                if !actor.is_supervisor() || reason.is_empty() {
                    let (it, en) = if actor.is_supervisor() {
                        (format!("{it} {}", errors::CLASS_FORCE_REASON.0), format!("{en} {}", errors::CLASS_FORCE_REASON.1))
                    } else {
                        (format!("{it} {}", errors::CLASS_ASK_SUPERVISOR.0), format!("{en} {}", errors::CLASS_ASK_SUPERVISOR.1))
                    };
                    return Err(BackendError::invalid_msg("class_id", it, en));
                }
            }
            // The exceptions a supervisor made, and the one reason given for them.
            let exceptions: Vec<&str> = [(!window.is_open_at(at), "late"), (debt.blocks(), "debt"), (misfit.is_some(), "class")]
                .into_iter()
                .filter_map(|(made, name)| made.then_some(name))
                .collect();
            let reason = (!exceptions.is_empty()).then(|| late_reason.unwrap_or("").trim().to_string());
            tx.execute(
                "UPDATE applications SET state = 'submitted', submitted_at = ?2, submitted_by = ?3, late_reason = ?4, updated_at = ?2 WHERE id = ?1",
                params![id, at, actor.username, reason],
            )?;
            self.store.audit(tx, &actor.username, "application.submit", &format!("application:{id}"), &exceptions.join(","))?;
            load_application(tx, id)
        })
    }
}

/// What the applicant's household owes on prepaid services: the children they pay for or are the
/// second parent of, each wallet on its own.
pub(super) fn family_debt(conn: &Connection, parent_id: i64) -> BResult<i64> {
    let balances: Vec<i64> = conn
        .prepare_cached(
            "SELECT sum(l.amount_cents) FROM ledger l
             JOIN children c ON c.id = l.child_id JOIN services s ON s.code = l.service
             WHERE s.prepaid = 1 AND (c.paying_parent_id = ?1 OR c.second_parent_id = ?1)
             GROUP BY l.child_id, l.service",
        )?
        .query_map([parent_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(enrolment::family_debt_cents(balances))
}

/// Why the application's class does not fit the child's birth year (Italian rules,
/// `domain::schooling`), or `None` when it fits or the school's name says no stage.
fn class_misfit(
    conn: &Connection,
    app: &Application,
    window: &Window,
    today: chrono::NaiveDate,
) -> BResult<Option<crate::i18n::Pair>> {
    use crate::domain::schooling::{self, Stage};
    let Some(class_id) = app.data.class_id else {
        return Ok(None);
    };
    let class: Option<(String, String, String)> = conn
        .prepare_cached("SELECT s.name, cl.level, cl.section FROM classes cl JOIN schools s ON s.id = cl.school_id WHERE cl.id = ?1")?
        .query_row([class_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let (Some((school, level, section)), Some(start)) =
        (class, schooling::year_start(&window.school_year))
    else {
        return Ok(None);
    };
    let (Some(stage), Ok(level_n)) = (Stage::of_school(&school), level.parse::<u32>()) else {
        return Ok(None);
    };
    let registered: Option<chrono::NaiveDate> = conn
        .prepare_cached("SELECT birth_date FROM children WHERE cf = ?1")?
        .query_row([&app.data.child_cf], |r| r.get(0))
        .optional()?;
    let birth = match app.data.child_birth_date.or(registered) {
        Some(b) => b,
        None => match CodiceFiscale::parse(&app.data.child_cf) {
            Ok(cf) => cf.birth_date(today, 0),
            Err(_) => return Ok(None),
        },
    };
    if schooling::fits(stage, level_n, birth, start) {
        return Ok(None);
    }
    let expected = [Stage::Infanzia, Stage::Primaria, Stage::Secondaria]
        .into_iter()
        .find_map(|s| schooling::regular_level(s, birth, start).map(|l| (s, l)));
    Ok(Some(errors::class_misfit(
        &format!("{school} {level}{section}"),
        chrono::Datelike::year(&birth),
        &window.school_year,
        expected,
    )))
}

/// What a complete application must hold before it is sent.
fn check_complete(app: &Application) -> BResult<()> {
    let d = &app.data;
    crate::domain::codice_fiscale::CodiceFiscale::parse(&d.child_cf)
        .map_err(|e| BackendError::invalid("child_cf", &e))?;
    if d.child_surname.trim().is_empty() || d.child_name.trim().is_empty() {
        return Err(BackendError::invalid_text(
            "child_name",
            errors::CHILD_NAME_MISSING,
        ));
    }
    if d.class_id.is_none() {
        return Err(BackendError::invalid_text(
            "class_id",
            errors::CLASS_MISSING,
        ));
    }
    if d.diet.as_deref().is_some_and(|s| !s.trim().is_empty()) && app.documents.is_empty() {
        return Err(BackendError::invalid_text(
            "documents",
            errors::DIET_NEEDS_CERTIFICATE,
        ));
    }
    if !d.privacy_accepted || !d.conditions_accepted {
        return Err(BackendError::invalid_text(
            "declarations",
            errors::DECLARATIONS_NEEDED,
        ));
    }
    Ok(())
}
