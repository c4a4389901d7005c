//! Issue 15 #14, the desk's missing pieces: the family's history with desk notes, a notice cancelled
//! by mistake reactivated (supervisor, reason, audited), a meal cancellation undone. On the local
//! store and against a real `sportello serve`, then at the desk at 80x24.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use common::desk::Desk;
use ratatui::crossterm::event::KeyCode;
use sportello::backend::{
    Allocation, Amount, Backend, DayStatus, ErrorKind, NewNotice, NoticeState,
};
use sportello::clock::Clock;
use sportello::remote::RemoteBackend;
use sportello::server::ApiState;
use sportello::store::{LocalBackend, Store};
use sportello::tui::screens::Screen;

/// The office's day (a Friday) and the Monday after, a school day to come.
fn friday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
}

fn monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// A family with a canteen child who ate (and was charged) this month, and another family.
struct Family {
    parent: String,
    child: String,
    child_name: String,
    charged_day: NaiveDate,
    other_parent: String,
}

fn family_of(db: &Path) -> Family {
    let c = rusqlite::Connection::open(db).unwrap();
    let (parent, child, child_name, charged_day): (String, String, String, NaiveDate) = c
        .query_row(
            "SELECT p.cf, c.cf, c.surname || ' ' || c.name, a.day FROM attendance a
             JOIN children c ON c.id = a.child_id JOIN parents p ON p.id = c.paying_parent_id
             WHERE a.service = 'refezione' AND a.charged_cents > 0 AND a.day >= '2026-11-01'
             ORDER BY c.id, a.day LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    let other_parent = c
        .query_row(
            "SELECT cf FROM parents WHERE cf <> ?1 AND id IN (SELECT paying_parent_id FROM children)
             ORDER BY id LIMIT 1",
            [&parent],
            |r| r.get(0),
        )
        .unwrap();
    Family {
        parent,
        child,
        child_name,
        charged_day,
        other_parent,
    }
}

/// A canteen family of a demo store made on the computer's day (the station's clock).
fn family_of_today(db: &Path) -> Family {
    let c = rusqlite::Connection::open(db).unwrap();
    let (parent, child): (String, String) = c
        .query_row(
            "SELECT p.cf, c.cf FROM children c JOIN parents p ON p.id = c.paying_parent_id
             JOIN enrolments e ON e.child_id = c.id AND e.service = 'refezione'
             WHERE e.school_year = ?1 ORDER BY c.id LIMIT 1",
            [sportello::domain::enrolment::school_year_of(
                Clock::system().today(),
            )],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    Family {
        parent,
        child,
        child_name: String::new(),
        charged_day: friday(),
        other_parent: String::new(),
    }
}

/// A demo store on the office's day, with the clock its handles share (a test moves it on).
fn store(dir: &Path) -> (PathBuf, Clock) {
    let path = dir.join("h.db");
    sportello::demo::generate(
        &path,
        &common::ente(),
        &sportello::demo::DemoOptions {
            families: 6,
            days: Some(10),
            seed: 3,
            today: friday(),
        },
    )
    .unwrap();
    (path, Clock::on_date(friday()))
}

/// Runs `check` on the local store, then against a real server, each on a fresh demo store.
fn on_both(check: impl Fn(&dyn Backend, &Family, &Clock)) {
    let dir = tempfile::tempdir().unwrap();
    let (path, clock) = store(dir.path());
    let local = LocalBackend::new(Arc::new(
        Store::open_with_clock(&path, clock.clone()).unwrap(),
    ));
    check(&local, &family_of(&path), &clock);

    let dir = tempfile::tempdir().unwrap();
    let (path, clock) = store(dir.path());
    let state = ApiState::new(
        Arc::new(Store::open_with_clock(&path, clock.clone()).unwrap()),
        Default::default(),
    );
    let server = common::Server::start_state(state);
    let remote = RemoteBackend::new(&server.url).unwrap();
    check(&remote, &family_of(&path), &clock);
}

fn as_operator(b: &dyn Backend) {
    b.login("operatore", "Operatore1").unwrap();
}

fn as_supervisor(b: &dyn Backend) {
    b.login("supervisore", "Supervisore1").unwrap();
}

/// A canteen top-up for the family's child, made and cancelled by the operator.
fn cancelled_notice(b: &dyn Backend, f: &Family, due: Option<NaiveDate>) -> String {
    as_operator(b);
    let n = b
        .create_notice(&NewNotice {
            allocations: vec![Allocation {
                child_cf: f.child.parse().unwrap(),
                child_name: String::new(),
                service: "refezione".into(),
                amount_cents: Amount::new(2000).unwrap(),
            }],
            due_date: due,
        })
        .unwrap();
    let number = n.number.to_string();
    let cancelled = b
        .cancel_notice(&number, "importo sbagliato", false)
        .unwrap();
    assert_eq!(cancelled.state, NoticeState::Cancelled);
    number
}

#[test]
fn a_supervisor_reactivates_a_cancelled_notice_with_a_reason() {
    on_both(|b, f, clock| {
        let number = cancelled_notice(b, f, None);
        let refused = b
            .reactivate_notice(&number, "annullato per errore")
            .unwrap_err();
        assert_eq!(refused.kind, ErrorKind::Forbidden, "an operator may not");

        as_supervisor(b);
        let no_reason = b.reactivate_notice(&number, "  ").unwrap_err();
        assert_eq!(no_reason.field.as_deref(), Some("reason"));
        let back = b
            .reactivate_notice(&number, "annullato per errore")
            .unwrap();
        assert_eq!(back.state, NoticeState::Pending);
        assert_eq!(back.cancellation, None);
        assert_eq!(b.notice(&number).unwrap().state, NoticeState::Pending);
        // Audited: the family's history says who reactivated it, and why.
        let history = b.family_history(&f.parent).unwrap();
        let line = history
            .iter()
            .find(|e| e.action == "notice.reactivate")
            .expect("the reactivation in the history");
        assert_eq!(line.text.as_deref(), Some("annullato per errore"));
        assert_ne!(line.by, "supervisore", "a name, not the user name");

        // Pending now: nothing to reactivate.
        let again = b.reactivate_notice(&number, "di nuovo").unwrap_err();
        assert_eq!(again.kind, ErrorKind::Conflict);
        assert!(again.it.contains("annullato"), "{}", again.it);

        // Past its due date a cancelled notice stays cancelled: a new one is made.
        let late = cancelled_notice(b, f, Some(friday()));
        as_supervisor(b);
        clock.advance(std::time::Duration::from_secs(3 * 24 * 3600));
        let expired = b.reactivate_notice(&late, "per errore").unwrap_err();
        assert_eq!(expired.kind, ErrorKind::Conflict);
        assert!(
            expired.it.contains("scaduto il 20/11/2026"),
            "{}",
            expired.it
        );
        assert_eq!(b.notice(&late).unwrap().state, NoticeState::Cancelled);
    });
}

#[test]
fn the_pagopa_station_verifies_a_reactivated_notice_again() {
    use common::station::{fault_code, post, valid, verify};
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path(), 6);
    let server = common::Server::start(&db);
    let b = RemoteBackend::new(&server.url).unwrap();
    let f = family_of_today(&db);
    let number = cancelled_notice(&b, &f, None);
    assert_eq!(
        fault_code(&post(&server.url, &verify(&number))),
        "PAA_PAGAMENTO_ANNULLATO"
    );
    as_supervisor(&b);
    b.reactivate_notice(&number, "annullato per errore")
        .unwrap();
    let reply = post(&server.url, &verify(&number));
    assert_eq!(
        valid(&reply).child_text("outcome"),
        Some("OK"),
        "{}",
        reply.body
    );
}

#[test]
fn a_cancelled_day_to_come_is_booked_again_and_can_be_cancelled_again() {
    on_both(|b, f, _| {
        as_operator(b);
        let day = b.cancel_meal(&f.child, "refezione", monday()).unwrap();
        assert_eq!(day.status, DayStatus::Cancelled);
        let undone = b
            .undo_meal_cancellation(&f.child, "refezione", monday())
            .unwrap();
        assert_eq!(undone.status, DayStatus::Booked);
        assert_eq!(
            undone.changes.iter().map(|c| c.status).collect::<Vec<_>>(),
            [DayStatus::Cancelled, DayStatus::Booked]
        );
        let month = b.attendance(&f.child, "refezione", 2026, 11).unwrap();
        assert!(
            !month.days.iter().any(|d| d.day == monday()),
            "no record left: booked as usual"
        );
        // Bookable again: cancelling works as the first time.
        let again = b.cancel_meal(&f.child, "refezione", monday()).unwrap();
        assert_eq!(again.status, DayStatus::Cancelled);

        // A day not cancelled has nothing to undo; a past day is too late.
        let tuesday = monday().succ_opt().unwrap();
        let nothing = b
            .undo_meal_cancellation(&f.child, "refezione", tuesday)
            .unwrap_err();
        assert_eq!(nothing.kind, ErrorKind::Conflict);
        assert!(nothing.it.contains("non è disdetto"), "{}", nothing.it);
        let past = b
            .undo_meal_cancellation(&f.child, "refezione", f.charged_day)
            .unwrap_err();
        assert_eq!(past.kind, ErrorKind::Conflict);
        assert!(past.it.contains("Troppo tardi"), "{}", past.it);
    });
}

#[test]
fn the_history_lists_a_cancellation_a_correction_and_a_note_newest_first_and_only_the_family() {
    on_both(|b, f, _| {
        as_supervisor(b);
        b.cancel_meal(&f.child, "refezione", monday()).unwrap();
        b.correct_attendance(&f.child, "refezione", f.charged_day, "era assente")
            .unwrap();
        let note = b
            .add_family_note(&f.parent, "La madre richiama lunedì per la dieta.")
            .unwrap();
        assert!(note.is_note());
        let refused = b.add_family_note(&f.parent, "   ").unwrap_err();
        assert_eq!(refused.field.as_deref(), Some("text"));

        let history = b.family_history(&f.parent).unwrap();
        let at = |action: &str| {
            history
                .iter()
                .position(|e| e.action == action)
                .unwrap_or_else(|| panic!("{action} in {history:#?}"))
        };
        assert!(at("note") < at("attendance.correct"), "{history:#?}");
        assert!(
            at("attendance.correct") < at("attendance.cancel"),
            "{history:#?}"
        );
        assert_eq!(
            history[at("note")].text.as_deref(),
            Some("La madre richiama lunedì per la dieta.")
        );
        let cancel = &history[at("attendance.cancel")];
        assert_eq!(cancel.day, Some(monday()));
        assert_eq!(cancel.service.as_deref(), Some("Refezione scolastica"));
        // Names, not codes.
        assert_eq!(cancel.subject.as_deref(), Some(f.child_name.as_str()));
        let correction = &history[at("attendance.correct")];
        assert_eq!(correction.text.as_deref(), Some("era assente"));
        assert_eq!(correction.day, Some(f.charged_day));
        let all = format!("{history:?}");
        assert!(!all.contains(&f.child) && !all.contains("child:"), "{all}");
        // Any member's code finds the same history.
        assert_eq!(b.family_history(&f.child).unwrap(), history);

        // Another family's history has none of it.
        let other = b.family_history(&f.other_parent).unwrap();
        let other = format!("{other:?}");
        assert!(
            !other.contains("richiama") && !other.contains("era assente"),
            "{other}"
        );
        assert!(!other.contains(&f.child_name), "{other}");
    });
}

// The desk at 80x24.

fn desk_family(d: &Desk) -> Family {
    family_of(&d.store_path())
}

/// The family card of `f`, with its canteen child chosen.
fn open_family(d: &mut Desk, f: &Family) {
    d.type_text(&f.parent);
    d.key(KeyCode::Enter);
    let Screen::Family(card) = &mut d.app.screen else {
        panic!("{}", d.screen_text())
    };
    card.selected = card
        .card
        .children
        .iter()
        .position(|c| c.cf.as_str() == f.child)
        .unwrap();
}

#[test]
fn the_history_screen_shows_the_cancellation_and_the_note_typed() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    let f = desk_family(&d);
    d.backend
        .cancel_meal(&f.child, "refezione", monday())
        .unwrap();
    open_family(&mut d, &f);
    assert!(d.screen_text().contains("H storia"), "{}", d.screen_text());
    d.key(KeyCode::Char('h'));
    let text = d.screen_text();
    assert!(text.contains("Storia della famiglia"), "{text}");
    assert!(
        text.contains("Giorno disdetto") && text.contains("23/11/2026"),
        "{text}"
    );
    assert!(text.contains("N nuova nota"), "{text}");
    assert!(!text.contains(&f.child), "no codice fiscale: {text}");

    d.key(KeyCode::Char('n'));
    assert!(d.screen_text().contains("Nota per la storia:"));
    d.key(KeyCode::Enter);
    assert!(
        d.screen_text().contains("Scrivere il testo della nota."),
        "an empty note is refused on the spot"
    );
    d.type_text("Il padre porterà il certificato medico venerdì prossimo in segreteria");
    d.key(KeyCode::Enter);
    assert_eq!(d.status(), "Nota aggiunta alla storia.");
    let text = d.screen_text();
    let note = text
        .find("Nota: Il padre porterà il certificato")
        .expect(&text);
    let cancel = text.find("Giorno disdetto").expect(&text);
    assert!(note < cancel, "newest first: {text}");
    assert!(text.contains("venerdì prossimo in segreteria"), "{text}");

    // Longer than the screen: it says so, and PgDn/PgUp scroll.
    for i in 0..12 {
        d.backend
            .add_family_note(&f.parent, &format!("Telefonata numero {i}"))
            .unwrap();
    }
    d.key(KeyCode::F(5));
    let top = d.screen_text();
    assert!(top.contains("▼ continua"), "{top}");
    assert!(top.contains("Telefonata numero 11"), "{top}");
    d.key(KeyCode::PageDown);
    let down = d.screen_text();
    assert!(!down.contains("Telefonata numero 11"), "{down}");
    assert!(
        down.contains("▲ altre sopra") && !top.contains("▲"),
        "{down}"
    );
    d.key(KeyCode::End);
    let end = d.screen_text();
    assert!(
        end.contains("Giorno disdetto") && !end.contains("▼ continua"),
        "{end}"
    );
    d.key(KeyCode::PageUp);
    d.key(KeyCode::Home);
    assert_eq!(d.screen_text(), top);
    d.key(KeyCode::Esc);
    assert!(matches!(d.app.screen, Screen::Family(_)));
}

#[test]
fn a_supervisor_reactivates_a_cancelled_notice_on_the_payment_screen() {
    let mut d = Desk::new();
    d.login("supervisore", "Supervisore1");
    let f = desk_family(&d);
    open_family(&mut d, &f);
    let number = d.new_notice();
    d.key(KeyCode::Char('a'));
    d.type_text("importo sbagliato");
    d.key(KeyCode::Enter);
    let text = d.screen_text();
    assert!(text.contains("ANNULLATO"), "{text}");
    assert!(text.contains("V riattiva"), "{text}");

    d.key(KeyCode::Char('v'));
    assert!(
        d.screen_text().contains("Motivo della riattivazione"),
        "{}",
        d.screen_text()
    );
    d.key(KeyCode::Enter);
    assert!(
        d.screen_text().contains("Indicare il motivo"),
        "a reason is needed: {}",
        d.screen_text()
    );
    d.type_text("annullato per errore");
    d.key(KeyCode::Enter);
    assert_eq!(d.status(), "Avviso riattivato: di nuovo da pagare.");
    let Screen::Payment(p) = &d.app.screen else {
        panic!("{}", d.screen_text())
    };
    assert_eq!(p.notice.state, NoticeState::Pending);
    assert!(p.reason.is_none());
    let text = d.screen_text();
    assert!(
        !text.contains("ANNULLATO") && !text.contains("V riattiva"),
        "{text}"
    );
    assert_eq!(
        d.backend.notice(&number).unwrap().state,
        NoticeState::Pending
    );
}

#[test]
fn an_operator_is_not_offered_the_reactivation() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    let f = desk_family(&d);
    open_family(&mut d, &f);
    d.new_notice();
    d.key(KeyCode::Char('a'));
    d.type_text("importo sbagliato");
    d.key(KeyCode::Enter);
    d.key(KeyCode::Char('v'));
    let text = d.screen_text();
    assert!(text.contains("ANNULLATO"), "{text}");
    assert!(
        !text.contains("riattiva") && !text.contains("Motivo della"),
        "{text}"
    );
}

#[test]
fn the_attendance_screen_undoes_a_cancellation() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    let f = desk_family(&d);
    open_family(&mut d, &f);
    d.key(KeyCode::Char('p'));
    for _ in 0..3 {
        let Screen::Attendance(a) = &d.app.screen else {
            panic!("{}", d.screen_text())
        };
        if a.services[a.service].0 == "refezione" {
            break;
        }
        d.key(KeyCode::Char('s'));
    }
    // From Friday 20 to Monday 23.
    for _ in 0..3 {
        d.key(KeyCode::Right);
    }
    assert!(!d.screen_text().contains("U ripristina"));
    d.key(KeyCode::Char('d'));
    assert!(
        d.status().starts_with("Pasto del 23/11/2026 disdetto"),
        "{}",
        d.status()
    );
    let text = d.screen_text();
    assert!(text.contains("U ripristina"), "{text}");
    d.key(KeyCode::Char('u'));
    assert_eq!(
        d.status(),
        "Disdetta del 23/11/2026 annullata: il giorno è di nuovo prenotato."
    );
    let text = d.screen_text();
    assert!(
        text.contains("D disdici") && !text.contains("U ripristina"),
        "{text}"
    );
    let Screen::Attendance(a) = &d.app.screen else {
        panic!()
    };
    assert!(
        !a.month
            .as_ref()
            .unwrap()
            .days
            .iter()
            .any(|x| x.day == monday())
    );
    // And cancelled again.
    d.key(KeyCode::Char('d'));
    assert!(
        d.status().starts_with("Pasto del 23/11/2026 disdetto"),
        "{}",
        d.status()
    );
}
