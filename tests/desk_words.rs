//! What the desk says of a service's days and money: the bus is not counted in meals (desk and kiosk),
//! the statement's 730 total is the certificate's, the statement pages, and documents name services.

mod common;

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use common::desk::Desk;
use common::pty::{Term, demo_store};
use ratatui::crossterm::event::KeyCode;
use sportello::backend::{Backend, Presence};
use sportello::domain::money::format_eur;
use sportello::paper::document::{self, What};
use sportello::tui::screens::Screen;

/// The demo's first child enrolled in the service, as the code of their paying parent.
fn parent_of_child_in(db: &Path, service: &str) -> (String, String) {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(
        "SELECT p.cf, c.cf FROM children c JOIN parents p ON p.id = c.paying_parent_id
         JOIN enrolments e ON e.child_id = c.id AND e.service = ?1 ORDER BY c.id LIMIT 1",
        [service],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

#[test]
fn the_bus_calendar_speaks_of_days_on_the_bus_not_of_meals() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    let (parent, child) = parent_of_child_in(&d.store_path(), "trasporto");
    d.open_family_at_child(&parent, &child);
    d.key(KeyCode::Char('p'));
    for _ in 0..3 {
        let Screen::Attendance(a) = &d.app.screen else {
            panic!("{}", d.screen_text())
        };
        if a.services[a.service].0 == "trasporto" {
            break;
        }
        d.key(KeyCode::Char('s'));
    }
    let text = d.screen_text();
    assert!(text.contains("Trasporto scolastico"), "{text}");
    assert!(
        text.contains("P trasportato · A assente · D disdetto · F festa"),
        "{text}"
    );
    assert!(text.contains("Giorni di trasporto: "), "{text}");
    assert!(!text.to_lowercase().contains("past"), "{text}");
    // The office day is Friday 20/11/2026: Monday 23 is a day to come.
    d.key(KeyCode::Right);
    d.key(KeyCode::Right);
    d.key(KeyCode::Right);
    d.key(KeyCode::Char('d'));
    assert_eq!(d.status(), "Trasporto del 23/11/2026 disdetto.");
    let text = d.screen_text();
    assert!(text.contains("trasporto disdetto"), "{text}");
    assert!(!text.to_lowercase().contains("past"), "{text}");

    // The canteen, the child's other service, keeps its meals.
    d.key(KeyCode::Char('s'));
    let text = d.screen_text();
    assert!(
        text.contains("Refezione scolastica")
            && text.contains("P pasto")
            && text.contains("Pasti: "),
        "{text}"
    );
}

#[test]
fn the_kiosk_month_of_the_bus_counts_days_on_the_bus() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(dir.path());
    let (parent, child) = parent_of_child_in(&db, "trasporto");
    // Where the bus line sits among the family's (child, service) lines, and a PAN to identify with.
    let (row, pan) = {
        let b = sportello::store::LocalBackend::new(std::sync::Arc::new(
            sportello::store::Store::open(&db).unwrap(),
        ));
        b.login("supervisore", "Supervisore1").unwrap();
        let card = b.family(&parent).unwrap();
        let row = card
            .children
            .iter()
            .flat_map(|c| c.services.iter().map(move |s| (c.cf.as_str(), &s.service)))
            .position(|(cf, s)| cf == child && s == "trasporto")
            .unwrap();
        (row, card.children[0].pan.clone())
    };
    let mut t = Term::start_with(
        &["--db", db.to_str().unwrap(), "kiosk"],
        &[("SPORTELLO_KIOSK_PASSWORD", "Chiosco1")],
    );
    t.wait_for("Il suo codice fiscale");
    t.send(&parent);
    t.send("\t");
    t.line(&pan);
    t.wait_for("Buongiorno");
    for _ in 0..row {
        t.send("\x1b[B");
    }
    t.send("1");
    t.wait_for("Giorni di trasporto nel mese:");
    let screen = t.screen();
    assert!(
        !screen.contains("Pasti") && !screen.contains("pasto"),
        "{screen}"
    );
}

/// A paying parent with two or more children who paid in 2026 for more than one of them: the child's
/// own payments and the certificate's total differ.
fn parent_paying_for_several(d: &Desk) -> (String, String, i64) {
    let c = rusqlite::Connection::open(d.store_path()).unwrap();
    let mut st = c
        .prepare(
            "SELECT p.cf, min(c.cf) FROM parents p JOIN children c ON c.paying_parent_id = p.id
             GROUP BY p.id HAVING count(*) >= 2",
        )
        .unwrap();
    let parents: Vec<(String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (parent, child) in parents {
        let cert = d.backend.certificate_730(&parent, 2026).unwrap();
        let own = d.backend.statement(&child, None, Some(2026)).unwrap();
        let paid_for = |cf: &str| cert.lines.iter().any(|l| l.child.cf.as_str() == cf);
        let others = cert.lines.iter().any(|l| l.child.cf.as_str() != child);
        if paid_for(&child) && others && own.paid_cents != cert.total_cents {
            return (parent, child, cert.total_cents.get());
        }
    }
    panic!("the demo has no parent paying for two children");
}

#[test]
fn the_statement_shows_the_730_certificates_own_total_for_all_children() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    let (parent, child, total) = parent_paying_for_several(&d);
    d.open_family_at_child(&parent, &child);
    d.key(KeyCode::Char('e'));
    let text = d.screen_text();
    let want = format!(
        "Attestazione 730 2026 (tutti i figli): {}",
        format_eur(total)
    );
    assert!(text.contains(&want), "{want}\n{text}");
    // The service filter changes the lines, not the certificate.
    d.key(KeyCode::Char('s'));
    assert!(d.screen_text().contains(&want), "{}", d.screen_text());
}

#[test]
fn the_statement_pages_and_groups_balances_by_service() {
    let mut d = Desk::new();
    d.login("supervisore", "Supervisore1");
    // The child with the most movements over all years, on both services if any has them.
    let (parent, child) = {
        let c = rusqlite::Connection::open(d.store_path()).unwrap();
        c.query_row(
            "SELECT p.cf, c.cf FROM ledger l JOIN children c ON c.id = l.child_id
             JOIN parents p ON p.id = c.paying_parent_id
             GROUP BY c.id ORDER BY count(DISTINCT l.service) DESC, count(*) DESC LIMIT 1",
            [],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        )
        .unwrap()
    };
    // The school's canteen register for September and October: a term of meals to page through.
    let days = (1..=61)
        .map(|n| NaiveDate::from_ymd_opt(2026, 9, 1).unwrap() + chrono::Days::new(n))
        .filter(|day| day.weekday().num_days_from_monday() < 5);
    let presences: Vec<Presence> = days
        .map(|day| Presence {
            child_cf: child.parse().unwrap(),
            service: "refezione".into(),
            day,
        })
        .collect();
    let import = d.backend.record_presences(&presences).unwrap();
    assert!(import.charged > 20, "{import:?}");
    let card = d.open_family_at_child(&parent, &child);
    d.key(KeyCode::Char('e'));
    d.key(KeyCode::Char('a'));
    d.key(KeyCode::Char('a'));
    let Screen::Statement(s) = &d.app.screen else {
        panic!("{}", d.screen_text())
    };
    assert_eq!(s.year, None, "all years");
    let all = d.backend.statement(&child, None, None).unwrap();
    let services: Vec<&str> = card
        .children
        .iter()
        .find(|c| c.cf.as_str() == child)
        .unwrap()
        .services
        .iter()
        .map(|s| s.service.as_str())
        .filter(|s| all.movements.iter().any(|m| &m.service == s))
        .collect();
    // Each service's heading, then its movements: more lines than a page of 17.
    let lines = all.movements.len() + services.len();
    assert!(lines > 2 * 17, "{lines} lines: too few to page");

    d.key(KeyCode::Home);
    let top = d.screen_text();
    assert!(
        top.contains("▼ ") && !top.contains("▲ "),
        "the first page says more is below, nothing above\n{top}"
    );
    let first_name = &card
        .children
        .iter()
        .flat_map(|c| &c.services)
        .find(|s| s.service == services[0])
        .unwrap()
        .service_name;
    assert!(
        top.lines()
            .nth(3)
            .unwrap()
            .starts_with(&format!(" {first_name}")),
        "the first service's name heads its lines\n{top}"
    );
    assert!(!top.contains(" refezione "), "no service codes\n{top}");
    d.key(KeyCode::PageDown);
    let next = d.screen_text();
    assert!(next.contains("▲ 16 righe sopra"), "a page on\n{next}");
    d.key(KeyCode::PageUp);
    assert_eq!(d.screen_text(), top);
    d.key(KeyCode::End);
    let end = d.screen_text();
    assert!(end.contains("▲ ") && !end.contains("▼ "), "{end}");
    // The last line is the last service's last movement, with that service's own balance.
    let last_service = services.last().unwrap();
    let last = all
        .movements
        .iter()
        .rfind(|m| &m.service == last_service)
        .unwrap();
    let balance: i64 = all
        .movements
        .iter()
        .filter(|m| &m.service == last_service)
        .map(|m| m.amount_cents.get())
        .sum();
    assert_eq!(last.balance_cents.get(), balance);
    let shown = end.lines().nth(19).unwrap();
    assert!(
        shown.starts_with(&format!(" {}", last.at.format("%d/%m/%y")))
            && shown.ends_with(&format_eur(balance)),
        "{shown}\n{end}"
    );
    // Down at the end stays there.
    d.key(KeyCode::Down);
    assert_eq!(d.screen_text(), end);
}

fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// A word of the text that is the code itself, not a part of a name.
fn has_code(text: &str, code: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || c == ';' || c == ',')
        .any(|w| w == code)
}

#[test]
fn certificate_and_statement_on_paper_name_the_services() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    let (parent, child, _) = parent_paying_for_several(&d);
    let logo = sportello::assets::DEMO_LOGO;
    let cert = document::make(
        d.backend.as_ref(),
        &What::Certificate730 {
            parent_cf: parent,
            year: 2026,
        },
        logo,
    )
    .unwrap();
    let statement = document::make(
        d.backend.as_ref(),
        &What::Statement {
            child_cf: child,
            service: Some("refezione".into()),
            year: Some(2026),
        },
        logo,
    )
    .unwrap();
    for (what, doc) in [("730", &cert), ("statement", &statement)] {
        let csv = doc.csv.as_ref().unwrap();
        let pdf = pdf_text(&doc.pdf);
        for text in [csv, &pdf] {
            assert!(text.contains("Refezione scolastica"), "{what}: {text}");
            assert!(!has_code(text, "refezione"), "{what}: {text}");
            assert!(!has_code(text, "trasporto"), "{what}: {text}");
        }
    }
    assert!(
        pdf_text(&statement.pdf).contains("servizio Refezione scolastica"),
        "the period names the service"
    );
}

#[test]
fn the_statement_on_paper_lists_one_service_after_the_other() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    let child: String = rusqlite::Connection::open(d.store_path())
        .unwrap()
        .query_row(
            "SELECT c.cf FROM ledger l JOIN children c ON c.id = l.child_id
             GROUP BY c.id HAVING count(DISTINCT l.service) = 2 LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let doc = document::make(
        d.backend.as_ref(),
        &What::Statement {
            child_cf: child,
            service: None,
            year: None,
        },
        sportello::assets::DEMO_LOGO,
    )
    .unwrap();
    let text = pdf_text(&doc.pdf);
    let lines: Vec<&str> = text.lines().collect();
    let last_canteen = lines
        .iter()
        .rposition(|l| l.contains("Refezione scolastica"))
        .unwrap();
    let first_bus = lines
        .iter()
        .position(|l| l.contains("Trasporto scolastico"))
        .unwrap();
    assert!(last_canteen < first_bus, "{text}");
}
