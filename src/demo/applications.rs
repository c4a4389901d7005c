//! A few sent applications waiting for the office, so a demo supervisor finds the review queue at
//! work: new younger children of the last families, each made and sent through the backend as the
//! desk would (class fitting the birth year, ISEE declared or not, a diet with its certificate, a bus
//! application sent late with a supervisor's reason).

use std::sync::Arc;

use chrono::NaiveDate;

use crate::backend::{ApplicationData, ApplicationDraft, BResult, Backend, Operator, Role};
use crate::domain::codice_fiscale::{Sex, compute};
use crate::domain::schooling::{self, Stage};
use crate::store::{LocalBackend, Store};

/// (first name, sex, years before the school year's start, service, ISEE declared, consent, diet).
type Sample = (
    &'static str,
    Sex,
    i32,
    &'static str,
    Option<i64>,
    bool,
    Option<&'static str>,
);

const SAMPLES: [Sample; 4] = [
    ("Giulia", Sex::F, 3, "refezione", Some(650_000), true, None),
    ("Tommaso", Sex::M, 3, "refezione", None, false, None),
    (
        "Beatrice",
        Sex::F,
        4,
        "refezione",
        Some(1_800_000),
        true,
        Some("senza glutine"),
    ),
    (
        "Pietro",
        Sex::M,
        7,
        "trasporto",
        Some(2_400_000),
        true,
        None,
    ),
];

pub(super) fn sample_applications(store: Store, families: u32) -> BResult<u32> {
    let demo = Operator {
        username: "demo".into(),
        full_name: "Generatore demo".into(),
        role: Role::Supervisor,
        kiosk_parent: None,
    };
    let parents: Vec<(String, String)> = {
        let conn = store.conn();
        let mut st = conn.prepare(
            "SELECT cf, surname FROM parents WHERE id IN (SELECT paying_parent_id FROM children)
             ORDER BY id DESC LIMIT ?1",
        )?;
        st.query_map([families.min(SAMPLES.len() as u32)], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<Result<_, _>>()?
    };
    let b = LocalBackend::acting_as(Arc::new(store), demo);
    let windows = b.windows()?;
    let schools = b.schools()?;
    let mut made = 0;
    for ((parent, surname), (name, sex, age, service, isee, consent, diet)) in
        parents.iter().zip(SAMPLES)
    {
        let Some(window) = windows.iter().find(|w| w.service == service) else {
            continue;
        };
        let Some(start) = schooling::year_start(&window.school_year) else {
            continue;
        };
        let birth = NaiveDate::from_ymd_opt(start - age, 2 + made, 11 + made).expect("a valid day");
        let Ok(cf) = compute(surname, name, sex, birth, "H501") else {
            continue;
        };
        let class = schools.iter().find_map(|s| {
            let stage = Stage::of_school(&s.name)?;
            s.classes
                .iter()
                .find(|c| {
                    c.level
                        .parse()
                        .is_ok_and(|l| schooling::fits(stage, l, birth, start))
                })
                .map(|c| c.id)
        });
        let app = b.save_application(&ApplicationDraft {
            id: None,
            window_id: window.id,
            parent_cf: parent
                .parse()
                .map_err(|e| crate::backend::BackendError::invalid("parent_cf", &e))?,
            step: 6,
            data: ApplicationData {
                child_cf: cf.to_string(),
                child_surname: surname.clone(),
                child_name: name.to_uppercase(),
                child_birth_date: Some(birth),
                child_sex: Some(sex),
                class_id: class,
                diet: diet.map(str::to_string),
                isee_cents: isee,
                isee_consent: consent,
                privacy_accepted: true,
                conditions_accepted: true,
                ..Default::default()
            },
        })?;
        if diet.is_some() {
            b.attach_document(app.id, "certificato-medico.pdf", CERTIFICATE)?;
        }
        // Outside its window, or for a family in debt, sent as a supervisor would: with a reason.
        if b.submit_application(app.id, None).is_err() {
            b.submit_application(app.id, Some("trasferimento da altro comune"))?;
        }
        made += 1;
    }
    Ok(made)
}

/// A one-page PDF standing for the scanned medical certificate.
const CERTIFICATE: &[u8] = b"%PDF-1.4\n% certificato medico (demo)\n%%EOF\n";
