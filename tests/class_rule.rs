//! The class an application asks for must fit the child's birth year (infanzia from the year the child
//! turns 3, the primary's first class in the year it turns 6, early by 30 April): the desk proposes
//! the child's own school and class, an operator cannot send a class that does not fit, a supervisor
//! can with a reason.

mod common;

use chrono::Datelike;
use common::desk::Desk;
use ratatui::crossterm::event::KeyCode;
use sportello::backend::*;
use sportello::tui::screens::Screen;

/// A demo child in a primary class, and its family's paying parent.
fn primary_child(d: &Desk) -> (ChildCard, String) {
    let pans: Vec<String> = d.pans.clone();
    pans.iter()
        .filter_map(|pan| d.backend.search(pan, 1).ok()?.into_iter().next())
        .filter_map(|hit| d.backend.family(&hit.key).ok())
        .find_map(|card| {
            let parent = card.parent.cf.to_string();
            card.children
                .into_iter()
                .find(|c| c.school.as_deref().is_some_and(|s| s.contains("primaria")))
                .map(|c| (c, parent))
        })
        .expect("a demo child at a primary school")
}

#[test]
fn the_desk_proposes_the_childs_class_and_the_store_checks_the_birth_year() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    let (child, parent) = primary_child(&d);
    d.open_first_family(&parent);
    d.key(KeyCode::Char('i'));
    // Step 1 (the canteen window of this school year), step 2: the child.
    d.key(KeyCode::PageDown);
    let Screen::Enrol(e) = &mut d.app.screen else {
        panic!("{}", d.screen_text())
    };
    e.child = e
        .children
        .iter()
        .position(|c| c.0 == child.cf.as_str())
        .unwrap();
    d.key(KeyCode::PageDown);
    // Step 3 proposes the class the child attends this school year.
    let own = format!(
        "{} {}{}",
        child.school.clone().unwrap(),
        child.class.clone().unwrap(),
        child.section.clone().unwrap()
    );
    let text = d.screen_text();
    assert!(text.contains(&own), "{own}: {text}");
    assert!(!text.contains("non adatta"), "{text}");
    // Moved to the infanzia's first class, the screen warns; sending is refused with the class the
    // birth year gives, and the application stays a draft.
    let Screen::Enrol(e) = &mut d.app.screen else {
        panic!()
    };
    e.class = e
        .classes
        .iter()
        .position(|c| c.1.contains("infanzia") && c.1.ends_with(" 1A"))
        .unwrap();
    e.class_chosen = true;
    d.key(KeyCode::Up);
    d.key(KeyCode::Down);
    assert!(
        d.screen_text().contains("non adatta"),
        "{}",
        d.screen_text()
    );
    d.enrolment_to_review();
    d.key(KeyCode::Enter);
    let status = d.status();
    let born = child.birth_date.year();
    assert!(
        status.contains("non corrisponde")
            && status.contains(&born.to_string())
            && status.contains("primaria"),
        "{status}"
    );
    let app = d.backend.applications_of(&parent).unwrap()[0].clone();
    assert_eq!(app.state, ApplicationState::Draft);

    // A supervisor sends it only with a reason, and the exception is audited.
    let path = d.store_path();
    let store = sportello::store::Store::open_with_clock(
        &path,
        sportello::clock::Clock::on_date(chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()),
    )
    .unwrap();
    let sup = sportello::store::LocalBackend::new(std::sync::Arc::new(store));
    sup.login("supervisore", "Supervisore1").unwrap();
    let e = sup.submit_application(app.id, None).unwrap_err();
    assert_eq!(
        (e.kind, e.field.as_deref()),
        (ErrorKind::Invalid, Some("class_id"))
    );
    assert!(e.it.contains("motivo"), "{}", e.it);
    let sent = sup
        .submit_application(app.id, Some("trattenuto un anno alla materna"))
        .unwrap();
    assert_eq!(sent.state, ApplicationState::Submitted);
    assert_eq!(
        sent.late_reason.as_deref(),
        Some("trattenuto un anno alla materna")
    );
    let audited: String = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT detail FROM audit WHERE action = 'application.submit' ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(audited.contains("class"), "{audited}");
}
