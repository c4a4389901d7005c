//! The family card's edges and what a newcomer missed at the desk (issue 15, items 1, 10, 14, 16): a
//! long card says it goes on and the arrows reach its notices; dangerous keys ask first; a notice opens
//! its family; a typed codice fiscale says what it tells; a sent application lists no editing keys.
//! The desk's `update` driven key by key against a demo store on a fixed day, read at 80x24.

mod common;

use chrono::NaiveDate;
use common::desk::Desk;
use ratatui::crossterm::event::KeyCode;
use sportello::backend::{Allocation, ApplicationDraft, LoginOutcome, NewNotice, NoticeState};
use sportello::domain::codice_fiscale::{Sex, compute};
use sportello::tui::screens::Screen;
use sportello::tui::screens::family::Family;

/// What these tests ask of the desk beyond the shared harness: the family card and its families.
trait CardDesk {
    fn card(&self) -> &Family;
    fn biggest_family(&self) -> String;
    fn long_card(&mut self) -> String;
}

impl CardDesk for Desk {
    fn card(&self) -> &Family {
        match &self.app.screen {
            Screen::Family(f) => f,
            _ => panic!("not the family card:\n{}", self.screen_text()),
        }
    }

    /// The paying parent with the most children (three in the demo).
    fn biggest_family(&self) -> String {
        let c = rusqlite::Connection::open(self.store_path()).unwrap();
        c.query_row(
            "SELECT p.cf FROM parents p JOIN children c ON c.paying_parent_id = p.id
             GROUP BY p.id ORDER BY COUNT(*) DESC, p.id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
    }

    /// The card of the family with three children, with five pending notices (top-ups of its first
    /// child's canteen): longer than the screen.
    fn long_card(&mut self) -> String {
        let cf = self.biggest_family();
        let card = self.backend.family(&cf).unwrap();
        assert_eq!(card.children.len(), 3);
        for cents in card.pending_notices.len()..5 {
            let topup = NewNotice {
                allocations: vec![Allocation {
                    child_cf: card.children[0].cf.clone(),
                    child_name: String::new(),
                    service: "refezione".into(),
                    amount_cents: (1500 + cents as i64 * 500).try_into().unwrap(),
                }],
                due_date: None,
            };
            self.backend.create_notice(&topup).unwrap();
        }
        self.type_text(&cf);
        self.key(KeyCode::Enter);
        assert_eq!(self.card().card.pending_notices.len(), 5);
        cf
    }
}

#[test]
fn a_long_card_says_it_goes_on_and_the_footer_names_the_scroll_keys() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    d.long_card();
    let text = d.screen_text();
    assert!(text.contains("▼ continua sotto (PgGiù)"), "{text}");
    let last = d.card().card.pending_notices[4].number.grouped();
    assert!(!text.contains(&last), "{text}");
    let footer = d.footer();
    for keys in [
        "PgSu/PgGiù scorri",
        "F5 aggiorna",
        "F1 tasti",
        "Esc indietro",
    ] {
        assert!(footer.contains(keys), "{footer}");
    }
    insta::assert_snapshot!("long_card", text);
    // PgDn goes on to the end: the last notice in sight, and only "above" is said.
    d.key(KeyCode::PageDown);
    let text = d.screen_text();
    assert!(
        text.contains("▲ continua sopra (PgSu)") && text.contains(&last),
        "{text}"
    );
    d.key(KeyCode::Home);
    assert!(d.screen_text().contains("▼ continua sotto (PgGiù)"));
    d.key(KeyCode::End);
    assert!(d.screen_text().contains(&last));
    // From the top, the arrows on the second notice bring it into sight: more is above and below.
    d.key(KeyCode::Home);
    for _ in 0..4 {
        d.key(KeyCode::Down);
    }
    let text = d.screen_text();
    assert!(
        text.contains("▲▼ continua sopra e sotto (PgSu/PgGiù)"),
        "{text}"
    );
    // F1 lists every key of the card, those the footer has no room for included; any key closes it.
    d.key(KeyCode::F(1));
    let text = d.screen_text();
    for key in [
        "Ctrl+L",
        "nuove credenziali del portale (chiede conferma)",
        "presenze del figlio",
    ] {
        assert!(text.contains(key), "{text}");
    }
    assert_eq!(d.footer(), "Un tasto qualsiasi chiude");
    insta::assert_snapshot!("card_keys", text);
    d.key(KeyCode::Char('x'));
    assert!(!d.screen_text().contains("Ctrl+L"));
    assert!(matches!(d.app.screen, Screen::Family(_)));
}

#[test]
fn down_past_the_last_child_reaches_the_notices_and_enter_opens_one() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    d.long_card();
    for _ in 0..3 {
        d.key(KeyCode::Down);
    }
    let first = d.card().card.pending_notices[0].number.clone();
    assert_eq!(d.card().notice, Some(0));
    let text = d.screen_text();
    let grouped = first.grouped();
    assert!(
        text.lines().any(|l| l.contains(&format!("▶ {grouped}"))),
        "the chosen notice is in sight, marked:\n{text}"
    );
    assert!(d.footer().contains("Invio apri"), "{}", d.footer());
    d.key(KeyCode::Down);
    let second = d.card().card.pending_notices[1].number.clone();
    d.key(KeyCode::Enter);
    let Screen::Payment(p) = &d.app.screen else {
        panic!("{}", d.screen_text())
    };
    assert_eq!(p.notice.number, second);
    // Opened from the card: Esc goes back to it, so no key offers the card again.
    assert!(!d.screen_text().contains("S scheda"), "{}", d.screen_text());
    d.key(KeyCode::Esc);
    assert!(matches!(d.app.screen, Screen::Family(_)));
    // Up from the first notice goes back to the last child.
    d.key(KeyCode::Up);
    d.key(KeyCode::Up);
    let card = d.card();
    assert_eq!((card.notice, card.selected), (None, 2));
}

#[test]
fn the_arrows_go_on_from_the_notices_to_the_applications_and_back() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    let cf = d.biggest_family();
    let window_id = d.backend.windows().unwrap()[0].id;
    let draft = ApplicationDraft {
        id: None,
        window_id,
        parent_cf: cf.parse().unwrap(),
        step: 1,
        data: Default::default(),
    };
    let id = d.backend.save_application(&draft).unwrap().id;
    d.long_card();
    // Three children, five notices, then the draft: in sight, with its discard key.
    for _ in 0..8 {
        d.key(KeyCode::Down);
    }
    assert!(d.card().apps.focused);
    let text = d.screen_text();
    assert!(
        text.lines().any(|l| l.contains(&format!("▶ N. {id}"))) && text.contains("scarta la bozza"),
        "{text}"
    );
    // Tab still goes back to the children; Up from the draft goes to the last notice.
    d.key(KeyCode::Tab);
    assert!(!d.card().apps.focused && d.card().notice.is_none());
    d.key(KeyCode::Tab);
    d.key(KeyCode::Up);
    assert_eq!(d.card().notice, Some(4));
    assert!(!d.card().apps.focused);
}

#[test]
fn from_a_notice_found_by_search_a_key_opens_its_family() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    let cf = d.long_card();
    let number = d.card().card.pending_notices[0].number.to_string();
    d.key(KeyCode::Esc);
    assert!(matches!(d.app.screen, Screen::Search(_)));
    for _ in 0..cf.len() {
        d.key(KeyCode::Backspace);
    }
    d.type_text(&number);
    d.key(KeyCode::Enter);
    assert!(
        matches!(d.app.screen, Screen::Payment(_)),
        "{}",
        d.screen_text()
    );
    let text = d.screen_text();
    assert!(text.contains("→ S scheda"), "{text}");
    d.key(KeyCode::Char('s'));
    assert_eq!(d.card().card.parent.cf.as_str(), cf);
    // Esc comes back to the notice.
    d.key(KeyCode::Esc);
    assert!(matches!(d.app.screen, Screen::Payment(_)));
}

#[test]
fn new_credentials_ask_first_and_esc_keeps_the_password() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    let cf = d.long_card();
    // A password known to the test, as a parent would have it.
    let old = d.backend.regenerate_credentials(&cf).unwrap();
    let works = |d: &Desk| {
        d.backend
            .parent_login(&old.username, &old.temporary_password)
            .unwrap()
            == LoginOutcome::Ok
    };
    assert!(works(&d));
    d.key(KeyCode::Char('n'));
    let text = d.screen_text();
    let name = d.card().card.parent.full_name();
    assert!(
        text.contains(&format!("Nuove credenziali per {name}?")),
        "{text}"
    );
    assert!(text.contains("smette di funzionare"), "{text}");
    assert_eq!(d.footer(), "Invio conferma · Esc annulla");
    insta::assert_snapshot!("confirm_credentials", text);
    d.key(KeyCode::Esc);
    assert!(
        matches!(d.app.screen, Screen::Family(_)),
        "Esc stays on the card"
    );
    assert!(!d.screen_text().contains("Nuove credenziali per"));
    assert!(works(&d), "the portal password is unchanged");
    d.key(KeyCode::Char('n'));
    d.key(KeyCode::Enter);
    assert!(
        matches!(d.app.screen, Screen::Credentials(_)),
        "{}",
        d.screen_text()
    );
    assert!(!works(&d), "Enter made new credentials");
}

#[test]
fn cash_asks_first_showing_the_amount() {
    let mut d = Desk::new();
    d.login("supervisore", "Supervisore1");
    d.long_card();
    // The last of the five notices.
    for _ in 0..7 {
        d.key(KeyCode::Down);
    }
    assert_eq!(d.card().notice, Some(4));
    d.key(KeyCode::Enter);
    let Screen::Payment(p) = &d.app.screen else {
        panic!("{}", d.screen_text())
    };
    let number = p.notice.number.to_string();
    let amount = sportello::domain::money::format_eur(p.notice.amount_cents);
    d.key(KeyCode::Char('c'));
    let text = d.screen_text();
    assert!(
        text.contains("Registrare") && text.contains(&amount),
        "{text}"
    );
    assert_eq!(d.footer(), "Invio conferma · Esc annulla");
    insta::assert_snapshot!("confirm_cash", text);
    d.key(KeyCode::Esc);
    assert!(
        matches!(d.app.screen, Screen::Payment(_)),
        "Esc stays on the notice"
    );
    assert_eq!(
        d.backend.notice(&number).unwrap().state,
        NoticeState::Pending
    );
    d.key(KeyCode::Char('c'));
    d.key(KeyCode::Enter);
    assert!(d.status().contains("contanti"), "{}", d.status());
    assert_eq!(d.backend.notice(&number).unwrap().state, NoticeState::Paid);
    // Back on the card, read again: the paid notice has left the list, the arrows are on the new last.
    d.key(KeyCode::Esc);
    assert_eq!(d.card().card.pending_notices.len(), 4);
    assert_eq!(d.card().notice, Some(3));
    assert!(d.screen_text().contains("▶ "), "{}", d.screen_text());
}

#[test]
fn a_typed_codice_fiscale_says_what_it_tells_and_fills_the_childs_birth_and_sex() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    d.long_card();
    d.key(KeyCode::Char('i'));
    d.key(KeyCode::PageDown);
    for _ in 0..3 {
        d.key(KeyCode::Down);
    }
    let born = NaiveDate::from_ymd_opt(2020, 5, 5).unwrap();
    let cf = compute("Nuovo", "Lucia", Sex::F, born, "H501").unwrap();
    // Fifteen characters say nothing yet.
    d.type_text(&cf.as_str()[..15]);
    assert!(!d.screen_text().contains("Nata il"), "{}", d.screen_text());
    d.type_text(&cf.as_str()[15..]);
    let text = d.screen_text();
    assert!(
        text.contains("Nata il 05/05/2020 a Roma (RM), femmina"),
        "{text}"
    );
    let Screen::Enrol(e) = &d.app.screen else {
        panic!()
    };
    assert_eq!(e.new_child.value(3), "05/05/2020");
    assert_eq!(e.new_child.value(4), "F");
    insta::assert_snapshot!("enrol_cf_decoded", text);
    // What the operator changes stays: the code typed again does not overwrite it.
    d.key(KeyCode::BackTab);
    d.key(KeyCode::Backspace);
    d.type_text("M");
    d.key(KeyCode::Tab);
    d.key(KeyCode::Backspace);
    d.type_text(&cf.as_str()[15..]);
    let Screen::Enrol(e) = &d.app.screen else {
        panic!()
    };
    assert_eq!(e.new_child.value(4), "M");
    // Typing a whole date over the one suggested replaces it, as if the field were empty.
    for _ in 0..3 {
        d.key(KeyCode::Tab);
    }
    d.type_text("06/05/2020");
    let Screen::Enrol(e) = &d.app.screen else {
        panic!()
    };
    assert_eq!(e.new_child.value(3), "06/05/2020");
    // The register screen says it too, for a parent (the older century).
    d.key(KeyCode::Esc);
    d.key(KeyCode::Esc);
    for _ in 0..16 {
        d.key(KeyCode::Backspace);
    }
    d.key(KeyCode::F(2));
    assert!(matches!(d.app.screen, Screen::Register(_)));
    let born = NaiveDate::from_ymd_opt(1985, 3, 9).unwrap();
    let cf = compute("Bianchi", "Mario", Sex::M, born, "F205").unwrap();
    d.type_text(cf.as_str());
    let text = d.screen_text();
    assert!(
        text.contains("Nato il 09/03/1985 a Milano (MI), maschio"),
        "{text}"
    );
}

#[test]
fn a_sent_application_lists_no_editing_keys() {
    let mut d = Desk::new();
    // The family owes: a supervisor sends with a reason.
    d.login("supervisore", "Supervisore1");
    d.long_card();
    d.key(KeyCode::Char('i'));
    assert!(d.footer().contains("Tab campo"), "{}", d.footer());
    // The family's first child, the first class, both declarations, no document: sent.
    d.enrolment_to_review();
    d.type_text("piano di rateizzazione");
    d.key(KeyCode::Enter);
    assert!(
        d.status().contains("inviata"),
        "{}\n{}",
        d.status(),
        d.screen_text()
    );
    let footer = d.footer();
    assert_eq!(
        footer,
        "Sola lettura · PgGiù avanti · PgSu torna · Esc indietro"
    );
    for editing in ["Tab campo", "Spazio", "Invio"] {
        assert!(!footer.contains(editing), "{footer}");
    }
}
