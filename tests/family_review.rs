//! The family card's applications and withdrawals, on the real binary at 80x24 in a pty over a demo
//! store, prepared and checked through another handle on the same store file.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use common::pty::{Term, demo_store};
use sportello::backend::{
    Allocation, ApplicationData, ApplicationDraft, ApplicationState, Backend, NewNotice, Presence,
};
use sportello::domain::enrolment::school_year_of;

/// Waits until the screen passes `ok` (it shows what was meant, or stopped showing what went away).
fn wait_until(t: &Term, what: &str, ok: impl Fn(&str) -> bool) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) {
        if ok(&t.screen()) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting until {what}; screen:\n{}", t.screen());
}

/// A paying parent whose first child on the card (the eldest) is enrolled in the canteen this school
/// year (and, if `sibling`, a brother or sister too): parent's and child's codes.
fn family_in_refezione(db: &Path, today: NaiveDate, sibling: bool) -> (String, String) {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(
            "SELECT p.cf, c.cf FROM parents p JOIN children c ON c.id = (
                 SELECT id FROM children WHERE paying_parent_id = p.id ORDER BY birth_date LIMIT 1)
             JOIN enrolments e ON e.child_id = c.id AND e.service = 'refezione' AND e.school_year = ?1
             WHERE NOT ?2 OR EXISTS (SELECT 1 FROM children s JOIN enrolments se ON se.child_id = s.id
                 AND se.service = 'refezione' AND se.school_year = ?1
                 WHERE s.paying_parent_id = p.id AND s.id <> c.id)
             ORDER BY p.id LIMIT 1",
            rusqlite::params![school_year_of(today), sibling],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

fn login(t: &mut Term, user: &str, password: &str) {
    t.wait_for("Accesso operatore");
    t.line(user);
    t.line(password);
    t.wait_for("Ricerca");
}

fn open_card(t: &mut Term, parent_cf: &str) {
    t.send(parent_cf);
    t.wait_for("genitore  ");
    t.send("\r");
    t.wait_for("Scheda famiglia");
}

#[test]
fn the_card_lists_applications_and_a_draft_is_discarded() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(dir.path());
    let desk = common::another_desk(&db);
    let (parent, child) = family_in_refezione(&db, desk.today(), false);
    let window = desk
        .windows()
        .unwrap()
        .into_iter()
        .find(|w| w.is_open_at(desk.now()))
        .expect("an open window");
    let class = desk.schools().unwrap()[0].classes[0].id;
    let draft = |data: ApplicationData| ApplicationDraft {
        id: None,
        window_id: window.id,
        parent_cf: parent.parse().unwrap(),
        step: 2,
        data,
    };
    let send = |surname: &str| {
        let a = desk
            .save_application(&draft(ApplicationData {
                child_cf: child.clone(),
                child_surname: surname.into(),
                child_name: "Figlio".into(),
                class_id: Some(class),
                privacy_accepted: true,
                conditions_accepted: true,
                ..Default::default()
            }))
            .unwrap();
        // A supervisor sends it whatever the family owes (the reason is kept only if it was needed).
        let a = desk
            .submit_application(a.id, Some("prova allo sportello"))
            .unwrap();
        assert_eq!(a.state, ApplicationState::Submitted);
        a
    };
    let sent = send("Primo");
    let refused = send("Secondo");
    desk.refuse_application(
        refused.id,
        "posti esauriti nella scuola scelta per questo anno scolastico, ci scusiamo con la famiglia",
    )
    .unwrap();
    let kept = desk
        .save_application(&draft(ApplicationData {
            child_surname: "Nuova".into(),
            child_name: "Sorella".into(),
            ..Default::default()
        }))
        .unwrap();
    assert_eq!(kept.state, ApplicationState::Draft);

    // Without colours: the selection is told by its marker, not by a colour.
    let mut t = Term::start_with(&["--db", db.to_str().unwrap()], &[("NO_COLOR", "1")]);
    login(&mut t, "operatore", "Operatore1");
    open_card(&mut t, &parent);
    // Tab brings the arrows (and the section) onto the applications: newest first, the draft.
    t.wait_for("Tab: scegli una domanda");
    t.send("\t");
    t.wait_for("▶ N.");
    let screen = t.screen();
    let row = |id: i64| {
        screen
            .lines()
            .find(|l| l.contains(&format!("N. {id} ")))
            .unwrap_or_else(|| panic!("application {id} not on the card:\n{screen}"))
            .to_string()
    };
    let (draft_row, sent_row, refused_row) = (row(kept.id), row(sent.id), row(refused.id));
    assert!(
        draft_row.contains("▶")
            && draft_row.contains("NUOVA SORELLA")
            && draft_row.ends_with("bozza"),
        "{draft_row}"
    );
    assert!(
        sent_row.contains("PRIMO FIGLIO") && sent_row.trim_end().ends_with("inviata"),
        "{sent_row}"
    );
    // A refusal's reason, shortened to the line (nothing runs past 80 columns).
    assert!(
        refused_row.contains("SECONDO FIGLIO")
            && refused_row.contains("respinta: posti esauriti")
            && refused_row.trim_end().ends_with('…'),
        "{refused_row}"
    );
    assert!(screen.lines().all(|l| l.chars().count() <= 80));
    assert!(screen.contains("X scarta la bozza"), "{screen}");
    // Operators neither see nor reach the withdrawal.
    assert!(!screen.contains("ritiro"), "{screen}");
    t.send("w");
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        !t.screen().contains("Ritiro dal servizio"),
        "{}",
        t.screen()
    );

    // The sent application offers no key that changes it.
    t.send("\x1b[B");
    t.send("\x1b[B");
    wait_until(&t, "the sent one is selected", |s| {
        s.lines()
            .any(|l| l.contains("▶") && l.contains(&format!("N. {} ", sent.id)))
    });
    assert!(!t.screen().contains("scarta la bozza"), "{}", t.screen());
    t.send("x");
    t.wait_for("è già inviata");
    assert!(!t.screen().contains("Scartare"), "{}", t.screen());

    // The draft: X asks, saying what will happen; Esc leaves it; Enter discards it.
    t.send("\x1b[A");
    t.send("\x1b[A");
    t.send("x");
    t.wait_for(&format!("Scartare la bozza N. {}", kept.id));
    t.wait_for("resta in archivio");
    t.send("\x1b");
    wait_until(&t, "the question goes", |s| !s.contains("Scartare"));
    assert!(t.screen().contains("Scheda famiglia"), "{}", t.screen());
    assert_eq!(
        desk.application(kept.id).unwrap().state,
        ApplicationState::Draft
    );
    t.send("x");
    t.wait_for("Scartare la bozza");
    t.send("\r");
    t.wait_for(&format!("Bozza N. {} scartata.", kept.id));
    wait_until(&t, "the draft leaves the card", |s| {
        !s.contains("NUOVA SORELLA") && s.contains(&format!("N. {} ", sent.id))
    });
    assert_eq!(
        desk.application(kept.id).unwrap().state,
        ApplicationState::Discarded
    );
}

#[test]
fn a_supervisor_withdraws_a_child_and_moves_the_credit_to_a_sibling() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(dir.path());
    let desk = common::another_desk(&db);
    let today = desk.today();
    let (parent, child) = family_in_refezione(&db, today, true);
    // Credit on the wallet, so some is left to move on after the withdrawal.
    let notice = desk
        .create_notice(&NewNotice {
            allocations: vec![Allocation {
                child_cf: child.parse().unwrap(),
                child_name: String::new(),
                service: "refezione".into(),
                amount_cents: 50_000.try_into().unwrap(),
            }],
            due_date: None,
        })
        .unwrap();
    desk.record_cash_payment(&notice.number).unwrap();
    // A few days back, within the school year.
    let from = today
        .checked_sub_days(Days::new(3))
        .filter(|d| school_year_of(*d) == school_year_of(today))
        .unwrap_or(today);
    let card = desk.family(&parent).unwrap();
    let services: Vec<String> = card.children[0]
        .services
        .iter()
        .map(|s| s.service.clone())
        .collect();
    let at = services.iter().position(|s| s == "refezione").unwrap();
    let wallet = |b: &dyn Backend, who: &str| {
        b.family(&parent)
            .unwrap()
            .children
            .into_iter()
            .find(|c| c.cf == who)
            .unwrap()
            .services
            .into_iter()
            .find(|s| s.service == "refezione")
            .unwrap()
    };
    // The first brother or sister in the canteen, as the card lists them.
    let sibling = card
        .children
        .iter()
        .skip(1)
        .find(|c| c.services.iter().any(|s| s.service == "refezione"))
        .unwrap();
    let sibling_before = wallet(&desk, sibling.cf.as_str()).balance_cents.get();

    let mut t = Term::start(&["--db", db.to_str().unwrap()]);
    login(&mut t, "supervisore", "Supervisore1");
    open_card(&mut t, &parent);
    t.wait_for("W ritiro");
    t.send("w");
    t.wait_for("Ritiro dal servizio");
    let today_text = today.format("%d/%m/%Y").to_string();
    t.wait_for(&today_text);
    for _ in 0..at {
        t.send("\x1b[B");
    }
    // Errors in Italian, under their fields, with what was typed kept.
    for _ in 0..10 {
        t.send("\x7f");
    }
    t.send("31/02/2026");
    t.send("\r");
    t.wait_for("Data non valida");
    t.wait_for("Indicare il motivo");
    assert!(t.screen().contains("31/02/2026"), "{}", t.screen());
    for _ in 0..10 {
        t.send("\x7f");
    }
    t.send(&from.format("%d/%m/%Y").to_string());
    t.send("\t");
    t.send("trasferimento in altro comune");
    t.send("\r");
    t.wait_for("Ritirato da «");
    t.wait_for("Saldo residuo:");
    let screen = t.screen();
    assert!(
        screen.contains("già addebitat") || screen.contains("Nessun giorno"),
        "{screen}"
    );
    let left = wallet(&desk, &child).balance_cents.get();
    assert!(left > 0, "{left}");
    // The credit left may go back to the family or to a brother or sister; here the sibling, with a
    // reason.
    t.wait_for("rimborso alla famiglia");
    t.wait_for(&format!("trasferimento a {}", sibling.full_name()));
    t.send("\x1b[B");
    t.send("\r");
    t.wait_for("Indicare il motivo");
    t.send("stesso servizio per il fratello");
    t.send("\r");
    t.wait_for(&format!("trasferito a {}", sibling.full_name()));
    t.send("\x1b");
    t.wait_for("Scheda famiglia");
    t.wait_for(&format!("ritirato dal {}", from.format("%d/%m/%Y")));

    let after = wallet(&desk, &child);
    assert_eq!(after.withdrawn_from, Some(from));
    assert_eq!(after.balance_cents.get(), 0, "all the credit moved");
    assert_eq!(
        wallet(&desk, sibling.cf.as_str()).balance_cents.get(),
        sibling_before + left
    );
    // From the withdrawal on, the school's register charges nothing.
    let import = desk
        .record_presences(&[Presence {
            child_cf: child.parse().unwrap(),
            service: "refezione".into(),
            day: today,
        }])
        .unwrap();
    assert_eq!((import.charged, import.refused.len()), (0, 1), "{import:?}");
    assert!(import.refused[0].why_it.contains("Ritirato"), "{import:?}");
    assert_eq!(wallet(&desk, &child).balance_cents.get(), 0);
    for month in [from, today] {
        use chrono::Datelike;
        let days = desk
            .attendance(&child, "refezione", month.year(), month.month())
            .unwrap()
            .days;
        assert!(
            days.iter()
                .filter(|d| d.day >= from)
                .all(|d| d.charged_cents.get() == 0),
            "{days:?}"
        );
    }
}
