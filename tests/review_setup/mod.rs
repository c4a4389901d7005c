//! An application sent for a child new to the store, on a small demo store file, as the office would
//! have it in its queue (the review desk and the letter tests share it).
#![allow(dead_code)]

use std::path::Path;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use sportello::backend::*;
use sportello::clock::Clock;
use sportello::domain::codice_fiscale::{Sex, compute};
use sportello::store::{LocalBackend, Store};

pub const TODAY: &str = "2026-11-20";

pub fn today() -> NaiveDate {
    TODAY.parse().unwrap()
}

/// The store file's supervisor, on the tests' day.
pub fn supervisor(db: &Path) -> LocalBackend {
    let at = NaiveDateTime::new(today(), NaiveTime::from_hms_opt(9, 0, 0).unwrap());
    let store = Arc::new(Store::open_with_clock(db, Clock::at(at)).unwrap());
    let b = LocalBackend::new(store);
    b.login("supervisore", "Supervisore1").unwrap();
    b
}

/// A demo store at `db` and the paying parent of its first enrolled child.
pub fn store_with_family(db: &Path) -> String {
    let (child, _, _) = super::common::demo_with_child(db, today(), 7);
    let b = supervisor(db);
    b.family(&child).unwrap().parent.cf.to_string()
}

/// Sends an application for the canteen for a new child (`name`, born in 2019) of `parent`, with an
/// ISEE of 7.000 € the comune may check: its number and the child's codice fiscale.
pub fn send_application(db: &Path, parent: &str, name: &str) -> (i64, String) {
    let b = supervisor(db);
    let child = compute(
        "Nuovo",
        name,
        Sex::M,
        NaiveDate::from_ymd_opt(2019, 3, 10).unwrap(),
        "H501",
    )
    .unwrap()
    .to_string();
    let window = b
        .windows()
        .unwrap()
        .into_iter()
        .find(|w| w.is_open_at(b.now()) && w.service == "refezione")
        .expect("the canteen's window is open all year");
    let class = b.schools().unwrap()[1].classes[0].id;
    let app = b
        .save_application(&ApplicationDraft {
            id: None,
            window_id: window.id,
            parent_cf: parent.parse().unwrap(),
            step: 2,
            data: ApplicationData {
                child_cf: child.clone(),
                child_surname: "Nuovo".into(),
                child_name: name.into(),
                class_id: Some(class),
                isee_cents: Some(700_000),
                isee_consent: true,
                privacy_accepted: true,
                conditions_accepted: true,
                ..Default::default()
            },
        })
        .unwrap();
    b.attach_document(app.id, "isee-2026.pdf", b"%PDF-1.4 isee")
        .unwrap();
    let sent = match b.submit_application(app.id, None) {
        Ok(sent) => sent,
        // A family in debt sends with a reason.
        Err(_) => b
            .submit_application(app.id, Some("piano di rientro concordato"))
            .unwrap(),
    };
    assert_eq!(sent.state, ApplicationState::Submitted);
    (app.id, child)
}

/// The PAN the store gave a child.
pub fn pan_of(db: &Path, child: &str) -> String {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("SELECT pan FROM children WHERE cf = ?1", [child], |r| {
            r.get(0)
        })
        .unwrap()
}

/// The canteen of the school `send_application` asks for has no place left.
pub fn no_place_left(db: &Path) {
    let b = supervisor(db);
    let school = b.schools().unwrap()[1].id;
    rusqlite::Connection::open(db)
        .unwrap()
        .execute(
            "INSERT INTO service_places (service, school_id, places) VALUES ('refezione', ?1, 0)",
            [school],
        )
        .unwrap();
}
