//! The desk app's `update` driven key by key against a real demo store, with backend calls executed in
//! place; plus whole-screen snapshots at 80x24 (ratatui TestBackend + insta).

mod common;

use common::desk::Desk;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sportello::backend::Backend;
use sportello::clock::Clock;
use sportello::config::{CommandLine, Config, Settings};
use sportello::i18n::Lang;
use sportello::store::{LocalBackend, Store};
use sportello::tui::app::{Cmd, Msg};
use sportello::tui::screens::Screen;

#[test]
fn wrong_password_keeps_user_and_five_failures_make_that_user_wait() {
    let mut d = Desk::new();
    d.login("operatore", "sbagliata");
    assert!(matches!(d.app.screen, Screen::Login(_)));
    assert!(d.status().contains("errati"), "{}", d.status());
    if let Screen::Login(l) = &d.app.screen {
        assert_eq!(l.form.fields[0].value(), "operatore", "the user name stays");
        assert_eq!(l.form.fields[1].value(), "", "the password does not");
    }
    for _ in 0..4 {
        d.type_text("x");
        d.key(KeyCode::Enter);
    }
    assert!(d.status().contains("riprovare tra 5 min"), "{}", d.status());
    let text = d.screen_text();
    assert!(
        text.contains("operatore: nuovo tentativo tra 5:00"),
        "{text}"
    );
    // Even the right password is refused while the name waits, and it does not stay in its field.
    d.type_text("Operatore1");
    d.key(KeyCode::Enter);
    assert!(matches!(d.app.screen, Screen::Login(_)));
    assert!(d.status().contains("riprovare tra 5 min"), "{}", d.status());
    let Screen::Login(l) = &d.app.screen else {
        unreachable!()
    };
    assert_eq!(
        l.form.fields[1].value(),
        "",
        "a refused password is cleared"
    );
    d.send(Msg::Tick(d.app.now + Duration::from_secs(60)));
    let text = d.screen_text();
    assert!(text.contains("nuovo tentativo tra 4:00"), "{text}");
    // Another user at the same desk is not affected.
    if let Screen::Login(l) = &mut d.app.screen {
        l.form.fields[0] = sportello::tui::widgets::field::Field::new("user");
        l.form.focus = 0;
    }
    d.login("supervisore", "Supervisore1");
    assert!(
        matches!(d.app.screen, Screen::Search(_)),
        "{}",
        d.screen_text()
    );
}

#[test]
fn a_supervisor_unlocks_a_waiting_colleague_from_the_desk() {
    let mut d = Desk::new();
    for _ in 0..5 {
        d.backend.login("operatore", "sbagliata").ok();
    }
    d.login("supervisore", "Supervisore1");
    let footer = d.screen_text();
    assert!(footer.contains("F7: utenti dello sportello"), "{footer}");
    d.key(KeyCode::F(7));
    assert!(
        matches!(d.app.screen, Screen::Staff(_)),
        "{}",
        d.screen_text()
    );
    let text = d.screen_text();
    assert!(text.contains("Utenti dello sportello"), "{text}");
    let row = text
        .lines()
        .find(|l| l.trim_start().starts_with("operatore "))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(row.contains("in attesa 5 min"), "{row}");
    // Pick the waiting colleague and unlock.
    let Screen::Staff(s) = &d.app.screen else {
        unreachable!()
    };
    let at = s
        .accounts
        .iter()
        .position(|a| a.username == "operatore")
        .unwrap();
    for _ in 0..at {
        d.key(KeyCode::Down);
    }
    d.key(KeyCode::Char('s'));
    assert!(d.status().contains("sbloccato"), "{}", d.status());
    let text = d.screen_text();
    let row = text
        .lines()
        .find(|l| l.trim_start().starts_with("operatore "))
        .unwrap();
    assert!(row.contains("attivo"), "{row}");
    d.ctrl('l');
    d.login("operatore", "Operatore1");
    assert!(
        matches!(d.app.screen, Screen::Search(_)),
        "{}",
        d.screen_text()
    );
}

#[test]
fn search_family_topup_notice_and_cash() {
    let mut d = Desk::new();
    d.login("supervisore", "Supervisore1");
    assert!(matches!(d.app.screen, Screen::Search(_)));
    let surname = d.first_parent_surname();
    d.open_first_family(&surname);
    let text = d.screen_text();
    assert!(text.contains("Scheda famiglia"), "{text}");
    d.key(KeyCode::Char('r'));
    assert!(matches!(d.app.screen, Screen::Topup(_)));
    // Letters are refused as they are typed, with a message; the screen stays to fix the amount.
    d.key(KeyCode::Char(' '));
    d.type_text("abc");
    let text = d.screen_text();
    assert!(
        !text.contains("abc") && text.contains("Nell'importo solo cifre"),
        "{text}"
    );
    d.key(KeyCode::Enter);
    assert!(matches!(d.app.screen, Screen::Topup(_)));
    for _ in 0..3 {
        d.key(KeyCode::Backspace);
    }
    d.key(KeyCode::F(2));
    d.key(KeyCode::Enter);
    let Screen::Payment(p) = &d.app.screen else {
        panic!("{}", d.screen_text())
    };
    assert!(p.notice.amount_cents >= 2000);
    let number = p.notice.number.clone();
    let text = d.screen_text();
    assert!(
        text.contains("Avviso di pagamento pagoPA") && text.contains('█'),
        "{text}"
    );
    let grouped = sportello::domain::notice::NoticeNumber::parse(&number)
        .unwrap()
        .grouped();
    assert!(text.contains(&grouped), "{text}");
    // Cash asks first (issue 15 #10).
    d.key(KeyCode::Char('c'));
    d.key(KeyCode::Enter);
    assert!(d.status().contains("contanti"), "{}", d.status());
    assert_eq!(
        d.backend.notice(&number).unwrap().state,
        sportello::backend::NoticeState::Paid
    );
    d.key(KeyCode::Esc);
    assert!(
        matches!(d.app.screen, Screen::Family(_)),
        "Esc goes back to the refreshed card"
    );
}

impl Desk {
    fn locked_parent(&self) -> String {
        let c = rusqlite::Connection::open(self._dir.path().join("d.db")).unwrap();
        c.query_row("SELECT cf FROM parents WHERE locked = 1 LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap_or_else(|_| {
            c.execute(
                "UPDATE parents SET locked = 1, failed_attempts = 3 WHERE id = 1",
                [],
            )
            .unwrap();
            c.query_row("SELECT cf FROM parents WHERE id = 1", [], |r| r.get(0))
                .unwrap()
        })
    }
}

#[test]
fn supervisor_unlocks_a_locked_parent_operator_cannot() {
    let mut d = Desk::new();
    let cf = d.locked_parent();
    d.login("operatore", "Operatore1");
    d.open_first_family(&cf);
    let text = d.screen_text();
    assert!(text.contains("BLOCCATO (3 tentativi errati)"), "{text}");
    assert!(
        !text.contains("sblocca"),
        "an operator is not offered unlock"
    );
    d.key(KeyCode::Char('s'));
    assert!(d.screen_text().contains("BLOCCATO"));
    d.ctrl('l');
    d.login("supervisore", "Supervisore1");
    d.open_first_family(&cf);
    assert!(d.screen_text().contains("S sblocca"));
    d.key(KeyCode::Char('s'));
    let text = d.screen_text();
    assert!(
        text.contains("Account sbloccato") && text.contains("attivo"),
        "{text}"
    );
    assert!(!d.backend.family(&cf).unwrap().parent.locked);
}

#[test]
fn register_bad_cf_then_known_cf_opens_family() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    d.key(KeyCode::F(2));
    assert!(matches!(d.app.screen, Screen::Register(_)));
    d.type_text("RSSMRA85T10A562X");
    d.key(KeyCode::Enter);
    let text = d.screen_text();
    assert!(text.contains("Carattere di controllo errato"), "{text}");
    assert!(text.contains("RSSMRA85T10A562X"), "what was typed stays");
    // A new, valid parent: registered, credentials shown once, then the (empty) family card.
    for _ in 0..16 {
        d.key(KeyCode::Backspace);
    }
    d.type_text("RSSMRA85T10A562S");
    d.key(KeyCode::Enter);
    d.type_text("Rossi");
    d.key(KeyCode::Enter);
    d.type_text("Mario");
    d.key(KeyCode::Enter);
    d.type_text("non-una-mail");
    d.key(KeyCode::Enter);
    d.key(KeyCode::Enter);
    d.key(KeyCode::Enter);
    let text = d.screen_text();
    assert!(
        text.contains("E-mail non valido") || text.contains("e-mail non valido"),
        "{text}"
    );
    assert!(text.contains("non-una-mail"));
    if let Screen::Register(r) = &mut d.app.screen {
        r.form.focus = 3;
    }
    for _ in 0.."non-una-mail".len() {
        d.key(KeyCode::Backspace);
    }
    d.type_text("mario.rossi@esempio.it");
    d.key(KeyCode::Enter);
    d.key(KeyCode::Enter);
    d.key(KeyCode::Enter);
    let text = d.screen_text();
    assert!(
        text.contains("Lettera credenziali") && text.contains("Password temporanea"),
        "{text}"
    );
    d.key(KeyCode::Enter);
    assert!(
        matches!(d.app.screen, Screen::Family(_)),
        "{}",
        d.screen_text()
    );
    // Registering the same code again opens the existing family instead.
    d.key(KeyCode::Esc);
    d.key(KeyCode::F(2));
    d.type_text("RSSMRA85T10A562S");
    d.key(KeyCode::Enter);
    assert!(d.status().contains("già registrato"), "{}", d.status());
    assert!(matches!(d.app.screen, Screen::Family(_)));
}

#[test]
fn idle_timeout_clears_personal_data() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    let surname = d.first_parent_surname();
    d.open_first_family(&surname);
    let start = Instant::now();
    d.send(Msg::Tick(start + Duration::from_secs(290)));
    assert!(
        d.screen_text().contains("blocco dello schermo tra"),
        "{}",
        d.screen_text()
    );
    d.send(Msg::Tick(start + Duration::from_secs(301)));
    assert!(matches!(d.app.screen, Screen::Login(_)));
    let text = d.screen_text();
    assert!(!text.contains(&surname), "{text}");
    assert!(d.app.back.is_empty());
}

#[test]
fn tiny_windows_never_panic() {
    let d = Desk::new();
    for (w, h) in [(1, 1), (10, 3), (79, 24), (80, 23), (200, 60)] {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| d.app.view(f)).unwrap();
    }
    let mut t = Terminal::new(TestBackend::new(60, 20)).unwrap();
    t.draw(|f| d.app.view(f)).unwrap();
    assert!(
        t.backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect::<String>()
            .contains("80x24")
    );
}

#[test]
fn snapshots_at_80x24() {
    let mut d = Desk::new();
    insta::assert_snapshot!("login", d.screen_text());
    d.login("supervisore", "Supervisore1");
    d.type_text("ro");
    insta::assert_snapshot!("search", d.screen_text());
    d.key(KeyCode::Enter);
    insta::assert_snapshot!("family", d.screen_text());
    d.key(KeyCode::Char('r'));
    insta::assert_snapshot!("topup", d.screen_text());
}

#[test]
fn negative_balance_is_marked_by_word_and_colour() {
    let mut d = Desk::new();
    d.app.theme = sportello::tui::theme::Theme::default_colors();
    d.login("supervisore", "Supervisore1");
    d.type_text("ro");
    d.key(KeyCode::Enter);
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| d.app.view(f)).unwrap();
    let buf = t.backend().buffer();
    let row = (0..24u16)
        .find(|&y| {
            (0..80u16)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
                .contains("NEGATIVO")
        })
        .expect("a negative balance in the demo family");
    let line: String = (0..80u16)
        .map(|x| buf[(x, row)].symbol().to_string())
        .collect();
    let x = line.chars().position(|c| c == '-').unwrap() as u16;
    assert_eq!(buf[(x, row)].fg, ratatui::style::Color::Red, "{line}");
}

#[test]
fn ctrl_c_quits_and_ctrl_l_logs_out() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    assert!(!d.ctrl('l'));
    assert!(matches!(d.app.screen, Screen::Login(_)));
    assert!(d.ctrl('c'));
}

#[test]
fn attendance_statement_and_parent_data() {
    let mut d = Desk::new();
    d.login("supervisore", "Supervisore1");
    let surname = d.first_parent_surname();
    d.open_first_family(&surname);
    d.key(KeyCode::Char('p'));
    let Screen::Attendance(a) = &mut d.app.screen else {
        panic!("{}", d.screen_text())
    };
    // The demo's school days are in November 2026: show that month, on a day with a meal charged.
    a.day = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let req = a.request().unwrap();
    d.send(Msg::Reply(req.run(d.backend.as_ref())));
    let Screen::Attendance(a) = &mut d.app.screen else {
        unreachable!()
    };
    let charged = a
        .month
        .as_ref()
        .unwrap()
        .days
        .iter()
        .find(|x| x.charged_cents > 0)
        .unwrap()
        .day;
    a.day = charged;
    let text = d.screen_text();
    assert!(
        text.contains("Lu  Ma  Me  Gi  Ve  Sa  Do") && text.contains("novembre 2026"),
        "{text}"
    );
    assert!(
        text.contains("pasto consumato") && text.contains("registrato da tablet-mensa"),
        "{text}"
    );
    d.key(KeyCode::Char('c'));
    d.key(KeyCode::Enter);
    assert!(
        d.screen_text().contains("Indicare il motivo"),
        "a correction needs a reason"
    );
    d.type_text("disdetta non registrata");
    d.key(KeyCode::Enter);
    assert!(d.status().contains("stornato"), "{}", d.status());
    let text = d.screen_text();
    assert!(
        text.contains("pasto disdetto") && text.contains("modificato da supervisore"),
        "{text}"
    );
    d.key(KeyCode::Esc);
    d.key(KeyCode::Char('e'));
    let Screen::Statement(s) = &mut d.app.screen else {
        panic!()
    };
    s.year = Some(2026);
    let req = s.request();
    d.send(Msg::Reply(req.run(d.backend.as_ref())));
    let text = d.screen_text();
    assert!(
        text.contains("Estratto conto") && text.contains("Storno pasto"),
        "{text}"
    );
    assert!(
        text.contains("Attestazione 730 2026 (tutti i figli): "),
        "{text}"
    );
    d.key(KeyCode::Esc);
    d.key(KeyCode::Char('d'));
    assert!(matches!(d.app.screen, Screen::ParentData(_)));
    for _ in 0..80 {
        d.key(KeyCode::Backspace);
    }
    d.type_text("sbagliata@");
    d.key(KeyCode::Enter);
    d.key(KeyCode::Enter);
    d.key(KeyCode::Enter);
    let text = d.screen_text();
    assert!(
        text.contains("non valido") && text.contains("sbagliata@"),
        "{text}"
    );
    d.type_text("esempio.it");
    d.key(KeyCode::Enter);
    d.key(KeyCode::Enter);
    d.key(KeyCode::Enter);
    assert!(
        matches!(d.app.screen, Screen::Family(_)),
        "{}",
        d.screen_text()
    );
    assert!(d.status().contains("salvati"));
}

#[test]
fn enrolment_six_steps_draft_saved_then_sent_read_only() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    let surname = d.first_parent_surname();
    d.open_first_family(&surname);
    let parent_cf = match &d.app.screen {
        Screen::Family(f) => f.card.parent.cf.clone(),
        _ => unreachable!(),
    };
    d.key(KeyCode::Char('i'));
    assert!(
        d.screen_text().contains("Domanda di iscrizione"),
        "{}",
        d.screen_text()
    );
    d.key(KeyCode::PageDown);
    assert!(d.status().contains("Bozza salvata"), "{}", d.status());
    // A new child whose code does not match the typed birth date is refused, input kept.
    let Screen::Enrol(e) = &mut d.app.screen else {
        panic!()
    };
    e.child = e.children.len();
    let cf = sportello::domain::codice_fiscale::compute(
        "Nuovo",
        "Luca",
        sportello::domain::codice_fiscale::Sex::M,
        NaiveDate::from_ymd_opt(2020, 5, 5).unwrap(),
        "H501",
    )
    .unwrap();
    for (i, v) in [cf.as_str(), "Nuovo", "Luca", "05/05/2021", "M"]
        .iter()
        .enumerate()
    {
        d.type_text(v);
        if i < 4 {
            d.key(KeyCode::Tab);
        }
    }
    d.key(KeyCode::PageDown);
    assert!(d.status().contains("non corrisponde"), "{}", d.status());
    let Screen::Enrol(e) = &mut d.app.screen else {
        panic!()
    };
    e.new_child.fields[3] =
        sportello::tui::widgets::field::Field::new("birth").with_value("05/05/2020");
    d.key(KeyCode::PageDown);
    let draft = |d: &Desk| {
        d.backend
            .applications_of(&parent_cf)
            .unwrap()
            .into_iter()
            .find(|a| a.data.child_cf == cf.as_str())
            .expect("the draft")
    };
    assert_eq!(draft(&d).step, 3, "the draft is saved at every step");
    d.key(KeyCode::PageDown);
    d.key(KeyCode::PageDown);
    assert!(
        d.status().contains("Spuntare"),
        "declarations are required: {}",
        d.status()
    );
    d.key(KeyCode::Char(' '));
    d.key(KeyCode::Down);
    d.key(KeyCode::Char(' '));
    d.key(KeyCode::PageDown);
    d.key(KeyCode::PageDown);
    assert!(d.screen_text().contains("Riepilogo"), "{}", d.screen_text());
    d.key(KeyCode::Enter);
    assert!(d.status().contains("inviata"), "{}", d.status());
    assert_eq!(
        draft(&d).state,
        sportello::backend::ApplicationState::Submitted
    );
    assert!(d.screen_text().contains("sola lettura"));
}

#[test]
fn other_parent_linked_then_made_payer_by_supervisor() {
    let mut d = Desk::new();
    d.login("supervisore", "Supervisore1");
    let other = sportello::domain::codice_fiscale::compute(
        "Altro",
        "Genitore",
        sportello::domain::codice_fiscale::Sex::M,
        NaiveDate::from_ymd_opt(1980, 2, 2).unwrap(),
        "H501",
    )
    .unwrap();
    d.backend
        .register_parent(&sportello::backend::NewParent {
            cf: other.clone(),
            surname: "Altro".into(),
            name: "Genitore".into(),
            email: None,
            phone: None,
            address: None,
        })
        .unwrap();
    let surname = d.first_parent_surname();
    d.open_first_family(&surname);
    let child = match &d.app.screen {
        Screen::Family(f) => f.card.children[0].cf.clone(),
        _ => unreachable!(),
    };
    d.key(KeyCode::Char('g'));
    d.type_text("RSSMRA85T10A562S");
    d.key(KeyCode::Enter);
    assert!(
        d.screen_text().contains("non trovato"),
        "an unknown parent is refused: {}",
        d.screen_text()
    );
    for _ in 0..16 {
        d.key(KeyCode::Backspace);
    }
    d.type_text(other.as_str());
    d.key(KeyCode::Enter);
    assert!(d.status().contains("collegato"), "{}", d.status());
    assert_eq!(
        d.backend
            .family(other.as_str())
            .unwrap()
            .children
            .iter()
            .filter(|c| c.cf == child)
            .count(),
        1,
        "the other parent now finds the family"
    );
    d.key(KeyCode::Char('g'));
    d.type_text(other.as_str());
    d.key(KeyCode::F(9));
    d.key(KeyCode::Enter);
    assert!(
        d.screen_text().contains("motivo"),
        "a reason is required: {}",
        d.screen_text()
    );
    d.type_text("separazione, paga l'altro genitore");
    d.key(KeyCode::Enter);
    assert!(d.status().contains("pagante cambiato"), "{}", d.status());
    assert_eq!(d.backend.family(&child).unwrap().parent.cf, other.as_str());
}

#[test]
fn keys_come_from_the_configuration() {
    let mut d = Desk::with_env(&[("SPORTELLO_KEYS_TOPUP", "t")]);
    d.login("operatore", "Operatore1");
    let surname = d.first_parent_surname();
    d.open_first_family(&surname);
    assert!(
        d.screen_text().contains("T ricarica"),
        "{}",
        d.screen_text()
    );
    d.key(KeyCode::Char('r'));
    assert!(
        matches!(d.app.screen, Screen::Family(_)),
        "the default key no longer tops up"
    );
    d.key(KeyCode::Char('t'));
    assert!(matches!(d.app.screen, Screen::Topup(_)));
    let bad =
        Config::from_sources(None, &[("SPORTELLO_KEYS_TOPUP".into(), "ctrl+".into())]).unwrap();
    let refused = Settings::resolve(&bad, &CommandLine::default()).unwrap_err();
    assert!(refused.contains("keys.topup"), "{refused}");
}

#[test]
fn idle_lock_keeps_the_enrolment_draft() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    let surname = d.first_parent_surname();
    d.open_first_family(&surname);
    let parent_cf = match &d.app.screen {
        Screen::Family(f) => f.card.parent.cf.clone(),
        _ => unreachable!(),
    };
    d.key(KeyCode::Char('i'));
    d.key(KeyCode::PageDown);
    d.key(KeyCode::PageDown);
    d.type_text("allergia al sesamo");
    let start = Instant::now();
    d.send(Msg::Tick(start + Duration::from_secs(400)));
    assert!(matches!(d.app.screen, Screen::Login(_)));
    let apps = d.backend.applications_of(&parent_cf);
    // The session is over: read the draft as the command line would.
    assert!(apps.is_err(), "logged out");
    let store = Store::open(&d._dir.path().join("d.db")).unwrap();
    let cli = LocalBackend::acting_as(Arc::new(store), LocalBackend::cli_operator());
    let draft = &cli.applications_of(&parent_cf).unwrap()[0];
    assert_eq!(
        (draft.state, draft.step),
        (sportello::backend::ApplicationState::Draft, 3)
    );
    assert_eq!(draft.data.diet.as_deref(), Some("allergia al sesamo"));
}

/// Dates and one-time secrets change from run to run: they are blanked before comparing.
fn stable(text: String) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut l = line.to_string();
        for w in line.split([' ', '(', ')']) {
            let is_date = w.len() == 10 && w.as_bytes()[2] == b'/' && w.as_bytes()[5] == b'/';
            if is_date {
                l = l.replace(w, "dd/mm/yyyy");
            }
        }
        out.push_str(&l);
        out.push('\n');
    }
    out
}

#[test]
fn more_screens_at_80x24() {
    let mut d = Desk::new();
    d.login("supervisore", "Supervisore1");
    d.key(KeyCode::F(2));
    d.type_text("RSSMRA85T10A562X");
    d.key(KeyCode::Enter);
    insta::assert_snapshot!("register_error", d.screen_text());
    d.key(KeyCode::Esc);
    d.type_text("ro");
    d.key(KeyCode::Enter);
    d.key(KeyCode::Char('d'));
    insta::assert_snapshot!("parent_data", d.screen_text());
    d.key(KeyCode::Esc);
    d.key(KeyCode::Char('g'));
    d.key(KeyCode::F(9));
    insta::assert_snapshot!("other_parent", d.screen_text());
    d.key(KeyCode::Esc);
    d.key(KeyCode::Char('p'));
    if let Screen::Attendance(a) = &mut d.app.screen {
        a.day = NaiveDate::from_ymd_opt(2026, 11, 12).unwrap();
        let req = a.request().unwrap();
        d.send(Msg::Reply(req.run(d.backend.as_ref())));
    }
    insta::assert_snapshot!("attendance", d.screen_text());
    d.key(KeyCode::Esc);
    d.key(KeyCode::Char('e'));
    if let Screen::Statement(s) = &mut d.app.screen {
        s.year = Some(2026);
        let req = s.request();
        d.send(Msg::Reply(req.run(d.backend.as_ref())));
    }
    insta::assert_snapshot!("statement", d.screen_text());
    d.key(KeyCode::Esc);
    d.key(KeyCode::Char('i'));
    // Whether a window is open depends on today's date: the first lines only.
    let head: Vec<String> = d
        .screen_text()
        .lines()
        .take(6)
        .map(str::to_string)
        .collect();
    insta::assert_snapshot!("enrolment", head.join("\n"));
    d.key(KeyCode::Esc);
    d.key(KeyCode::Char('r'));
    d.key(KeyCode::Enter);
    insta::assert_snapshot!("payment", stable(d.screen_text()));
}

#[test]
fn the_payment_notice_is_saved_as_pdf_and_printed_from_the_desk() {
    let spool = tempfile::tempdir().unwrap();
    let lp = common::fake_lp(spool.path());
    let mut d = Desk::with_env(&[
        ("SPORTELLO_PRINT_PRINTER", "ufficio"),
        ("SPORTELLO_PRINT_COMMAND", lp.to_str().unwrap()),
    ]);
    d.login("operatore", "Operatore1");
    let surname = d.first_parent_surname();
    d.open_first_family(&surname);
    let number = d.new_notice();
    let text = d.screen_text();
    assert!(
        text.contains("F PDF") && text.contains("T stampa"),
        "{text}"
    );
    assert!(
        !text.contains("e-mail"),
        "no mail server configured:\n{text}"
    );
    d.key(KeyCode::Char('f'));
    assert!(
        d.status().starts_with("Documento salvato: "),
        "{}",
        d.status()
    );
    // A status longer than a line never takes a row of the QR code: it still scans.
    d.app.status = Some(sportello::tui::app::Status {
        text: format!(
            "{} {}",
            d.status(),
            "e ancora molte altre parole ".repeat(6)
        ),
        error: false,
    });
    let text = d.screen_text();
    let qr: Vec<String> = text
        .lines()
        .skip(1)
        .take(21)
        .map(|l| format!("{l:<80}").chars().skip(39).collect())
        .collect();
    let payload = common::qrscan::decode(&common::qrscan::modules(&qr));
    assert!(payload.contains(&number), "{payload}");
    let saved = d
        ._dir
        .path()
        .join("documenti")
        .join(format!("avviso-{number}.pdf"));
    assert!(std::fs::read(&saved).unwrap().starts_with(b"%PDF"));
    d.key(KeyCode::Char('t'));
    assert_eq!(d.status(), "Documento inviato alla stampante.");
    assert!(
        std::fs::read(spool.path().join("printed.pdf"))
            .unwrap()
            .starts_with(b"%PDF")
    );
    // The credentials letter, shown once, goes on paper from its screen.
    d.key(KeyCode::Esc);
    d.key(KeyCode::Char('n'));
    d.key(KeyCode::Enter);
    assert!(
        matches!(d.app.screen, Screen::Credentials(_)),
        "{}",
        d.screen_text()
    );
    assert!(d.screen_text().contains("F PDF · T stampa"));
    std::fs::remove_file(spool.path().join("printed.pdf")).unwrap();
    d.key(KeyCode::Char('t'));
    assert_eq!(d.status(), "Documento inviato alla stampante.");
    let letter = spool.path().join("printed.pdf");
    let text = std::process::Command::new("pdftotext")
        .args([letter.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("Password temporanea"));
    d.key(KeyCode::Char('f'));
    assert!(
        d.status().starts_with("Documento salvato: "),
        "{}",
        d.status()
    );
}

fn pdf_text(pdf: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn statement_and_730_certificate_saved_printed_and_e_mailed_from_the_desk() {
    let spool = tempfile::tempdir().unwrap();
    let lp = common::fake_lp(spool.path());
    let port = common::smtp::free_port();
    let inbox = common::smtp::smtp_server(port);
    let port = port.to_string();
    let mut d = Desk::with_env(&[
        ("SPORTELLO_PRINT_PRINTER", "ufficio"),
        ("SPORTELLO_PRINT_COMMAND", lp.to_str().unwrap()),
        ("SPORTELLO_MAIL_HOST", "127.0.0.1"),
        ("SPORTELLO_MAIL_PORT", &port),
        ("SPORTELLO_MAIL_TLS", "none"),
    ]);
    d.login("operatore", "Operatore1");
    let surname = d.first_parent_surname();
    d.open_first_family(&surname);
    let Screen::Family(f) = &d.app.screen else {
        unreachable!()
    };
    let (parent, child) = (f.card.parent.clone(), f.card.children[0].clone());
    d.key(KeyCode::Char('e'));
    let text = d.screen_text();
    assert!(text.contains("documento: estratto conto"), "{text}");
    assert!(
        text.contains("A anno · C 730 · F PDF · T stampa · M e-mail"),
        "{text}"
    );

    // F: the statement of the year on screen, as PDF with its CSV beside it.
    d.key(KeyCode::Char('f'));
    assert!(
        d.status().starts_with("Documento salvato: "),
        "{}",
        d.status()
    );
    let docs = d._dir.path().join("documenti");
    let stem = format!("estratto-conto-2026-{}", child.cf);
    let text = pdf_text(&docs.join(format!("{stem}.pdf")));
    assert!(
        text.contains("Estratto conto") && text.contains(child.cf.as_str()),
        "{text}"
    );
    let csv = std::fs::read_to_string(docs.join(format!("{stem}.csv"))).unwrap();
    let statement = d.backend.statement(&child.cf, None, Some(2026)).unwrap();
    assert_eq!(
        csv.lines().count(),
        statement.movements.len() + 1,
        "one line per movement, under the header"
    );

    // C: the document becomes the paying parent's 730 for the year; T prints it.
    d.key(KeyCode::Char('c'));
    assert!(d.screen_text().contains("attestazione 730 (tutti i figli)"));
    d.key(KeyCode::Char('t'));
    assert_eq!(d.status(), "Documento inviato alla stampante.");
    let printed = pdf_text(&spool.path().join("printed.pdf"));
    let c730 = d.backend.certificate_730(&parent.cf, 2026).unwrap();
    assert!(
        printed.contains("Attestazione dei pagamenti dell'anno 2026")
            && printed.contains(parent.cf.as_str())
            && printed.contains(&sportello::domain::money::format_amount(c730.total_cents)),
        "{printed}"
    );

    // M: by e-mail to the address on file, PDF and CSV attached.
    let email = parent
        .email
        .clone()
        .expect("this demo parent has an address");
    d.key(KeyCode::Char('m'));
    assert_eq!(
        d.status(),
        format!("Documento inviato per e-mail a {email}")
    );
    let received = inbox.received.lock().unwrap().clone();
    assert_eq!(received.len(), 1);
    let (to, message) = &received[0];
    assert_eq!(to, &vec![email]);
    let stem = format!("attestazione-730-2026-{}", parent.cf);
    let csv = common::smtp::attachment(message, &format!("{stem}.csv"));
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        csv.lines().last().unwrap().contains(&format!(
            "TOTALE;;;{}",
            sportello::domain::money::format_amount(c730.total_cents)
        )),
        "{csv}"
    );
    let pdf = common::smtp::attachment(message, &format!("{stem}.pdf"));
    assert!(pdf.starts_with(b"%PDF"));
    // No address on file: said, and nothing sent.
    rusqlite::Connection::open(d._dir.path().join("d.db"))
        .unwrap()
        .execute(
            "UPDATE parents SET email = NULL WHERE cf = ?1",
            [&parent.cf],
        )
        .unwrap();
    d.key(KeyCode::Char('m'));
    assert!(
        d.status().contains("non ha un indirizzo e-mail"),
        "{}",
        d.status()
    );
    assert_eq!(inbox.received.lock().unwrap().len(), 1);

    // All years: there is no 730 to make, the statement is the document again.
    d.key(KeyCode::Char('a'));
    d.key(KeyCode::Char('a'));
    let text = d.screen_text();
    assert!(
        text.contains("tutti gli anni · documento: estratto conto"),
        "{text}"
    );
    assert!(!text.contains("C 730"), "{text}");
    d.key(KeyCode::Char('c'));
    assert!(d.screen_text().contains("documento: estratto conto"));
}

#[test]
fn register_points_out_names_that_do_not_match_the_code_once() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    d.key(KeyCode::F(2));
    // BNCMRA80A41H501E is Bianchi Maria's code; "Rossi" gives RSS.
    d.type_text("BNCMRA80A41H501E");
    d.key(KeyCode::Enter);
    for text in ["Rossi", "Maria", "", ""] {
        d.type_text(text);
        d.key(KeyCode::Enter);
    }
    d.type_text("Via Roma 1");
    d.key(KeyCode::Enter);
    let text = d.screen_text();
    assert!(matches!(d.app.screen, Screen::Register(_)), "{text}");
    assert!(
        text.contains("Il cognome non corrisponde al codice fiscale (che riporta")
            && text.contains("BNC): controllare, oppure Invio per registrare così."),
        "{text}"
    );
    assert!(!text.contains("Il nome non corrisponde"), "{text}");
    assert!(
        text.contains("Rossi") && text.contains("Via Roma 1"),
        "typed stays"
    );
    assert!(
        d.backend.family("BNCMRA80A41H501E").is_err(),
        "nothing registered yet"
    );
    // Enter again: registered as typed (a code from a former surname is real).
    d.key(KeyCode::Enter);
    assert!(
        d.screen_text().contains("Lettera credenziali"),
        "{}",
        d.screen_text()
    );
    assert_eq!(
        d.backend
            .family("BNCMRA80A41H501E")
            .unwrap()
            .parent
            .surname
            .to_uppercase(),
        "ROSSI"
    );
}

/// A demo family owing money on a prepaid service, opened on the desk, its application at step 6.
fn debtor_at_review_step(d: &mut Desk) -> sportello::backend::FamilyCard {
    let card = d
        .pans
        .iter()
        .filter_map(|pan| d.backend.search(pan, 1).ok()?.into_iter().next())
        .filter_map(|hit| d.backend.family(&hit.key).ok())
        .find(|card| card.debt_cents() > 0)
        .expect("a demo family in debt");
    d.open_first_family(&card.parent.cf);
    d.key(KeyCode::Char('i'));
    d.enrolment_to_review();
    let text = d.screen_text();
    assert!(text.contains("Riepilogo"), "{text}");
    assert!(text.contains("Debito della famiglia"), "{text}");
    assert!(
        text.contains("Motivo (fuori termine o con debito)"),
        "{text}"
    );
    card
}

#[test]
fn a_family_in_debt_enrols_only_with_a_supervisors_reason() {
    let mut d = Desk::new();
    d.login("supervisore", "Supervisore1");
    let card = debtor_at_review_step(&mut d);
    d.key(KeyCode::Enter);
    assert!(d.status().contains("indicare il motivo"), "{}", d.status());
    d.type_text("piano di rateizzazione");
    d.key(KeyCode::Enter);
    assert!(d.status().contains("inviata"), "{}", d.status());
    let apps = d.backend.applications_of(&card.parent.cf).unwrap();
    assert_eq!(
        apps[0].state,
        sportello::backend::ApplicationState::Submitted
    );
    assert_eq!(
        apps[0].late_reason.as_deref(),
        Some("piano di rateizzazione")
    );
}

#[test]
fn an_operator_is_told_the_whole_reason_a_debtor_cannot_enrol() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    let card = debtor_at_review_step(&mut d);
    d.key(KeyCode::Enter);
    assert!(
        d.status().starts_with("La famiglia ha un debito di"),
        "{}",
        d.status()
    );
    // The message is longer than a line: all of it is on screen, over the footer's row.
    let text = d.screen_text();
    let rows: Vec<&str> = text.lines().collect();
    let first = rows
        .iter()
        .position(|r| r.starts_with("La famiglia ha un debito di"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(first < 22, "over more than one line: {text}");
    assert!(rows[22].ends_with("rateizzazione)."), "{text}");
    assert!(rows[23].contains("Invio invia"), "the footer stays: {text}");
    assert!(rows.iter().all(|r| r.chars().count() <= 80));
    let apps = d.backend.applications_of(&card.parent.cf).unwrap();
    assert_eq!(apps[0].state, sportello::backend::ApplicationState::Draft);
}

#[test]
fn a_key_pressed_twice_before_the_answer_sends_one_request() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    let surname = d.first_parent_surname();
    d.open_first_family(&surname);
    let Screen::Family(f) = &d.app.screen else {
        unreachable!()
    };
    let payer = f.card.parent.cf.clone();
    let pending = |d: &Desk| d.backend.family(&payer).unwrap().pending_notices.len();
    let before = pending(&d);
    d.key(KeyCode::Char('r'));
    d.key(KeyCode::F(2));
    // Two Enters before the first answer is back (a slow link).
    let enter = || Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    let first = d.app.update(enter());
    let second = d.app.update(enter());
    assert!(second.is_empty(), "{second:?}");
    for cmd in first {
        if let Cmd::Backend(req) = cmd {
            assert_eq!(req.name(), "create_notice");
            let reply = req.run(d.backend.as_ref());
            d.send(Msg::Reply(reply));
        }
    }
    assert!(
        matches!(d.app.screen, Screen::Payment(_)),
        "{}",
        d.screen_text()
    );
    assert_eq!(pending(&d), before + 1, "one notice");
    // The same for any request: new credentials asked twice are issued once (each time confirmed).
    d.key(KeyCode::Esc);
    d.key(KeyCode::Char('n'));
    let first = d.app.update(enter());
    assert_eq!(first.len(), 1, "{first:?}");
    d.key(KeyCode::Char('n'));
    assert!(d.app.update(enter()).is_empty());
    // Once answered, the same request can be made again. The keys typed meanwhile waited for the
    // letter: `N` does nothing there, Enter closes it.
    for cmd in first {
        if let Cmd::Backend(req) = cmd {
            let reply = req.run(d.backend.as_ref());
            d.send(Msg::Reply(reply));
        }
    }
    assert!(
        matches!(d.app.screen, Screen::Family(_)),
        "{}",
        d.screen_text()
    );
    d.key(KeyCode::Char('n'));
    let again = d.app.update(enter());
    assert_eq!(again.len(), 1);
    for cmd in again {
        if let Cmd::Backend(req) = cmd {
            let reply = req.run(d.backend.as_ref());
            d.send(Msg::Reply(reply));
        }
    }
    // Reads are never held back: months asked again while others are on their way all go.
    d.key(KeyCode::Esc);
    d.key(KeyCode::Char('p'));
    let key = |c| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
    let mut pending = Vec::new();
    for c in [KeyCode::PageDown, KeyCode::PageUp, KeyCode::PageDown] {
        let cmds = d.app.update(key(c));
        assert_eq!(cmds.len(), 1, "{c:?}");
        pending.extend(cmds);
    }
    for cmd in pending {
        if let Cmd::Backend(req) = cmd {
            let reply = req.run(d.backend.as_ref());
            d.send(Msg::Reply(reply));
        }
    }
    let Screen::Attendance(a) = &d.app.screen else {
        panic!("{}", d.screen_text())
    };
    assert_eq!(
        a.month.as_ref().map(|m| m.month),
        Some(12),
        "the month on screen is shown"
    );
}

#[test]
fn a_meal_is_cancelled_for_a_day_to_come_not_for_one_gone() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    let surname = d.first_parent_surname();
    d.open_first_family(&surname);
    d.key(KeyCode::Char('p'));
    let text = d.screen_text();
    assert!(text.contains("D disdici"), "{text}");
    // The desk lives on Friday 20 November 2026: Monday the 23rd is to come.
    for _ in 0..3 {
        d.key(KeyCode::Right);
    }
    d.key(KeyCode::Char('d'));
    assert_eq!(
        d.status(),
        "Pasto del 23/11/2026 disdetto: non sarà addebitato."
    );
    let Screen::Attendance(a) = &d.app.screen else {
        panic!("{}", d.screen_text())
    };
    let monday = a
        .month
        .as_ref()
        .unwrap()
        .days
        .iter()
        .find(|x| x.day == NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
        .cloned()
        .expect("the month read again shows the day");
    assert_eq!(monday.status, sportello::backend::DayStatus::Cancelled);
    assert_eq!(monday.changes[0].by, "operatore");
    let text = d.screen_text();
    assert!(
        text.contains("pasto disdetto") && text.contains("registrato da operatore"),
        "{text}"
    );
    assert!(
        !text.contains("modificato da"),
        "the record is not repeated: {text}"
    );
    d.key(KeyCode::Char('d'));
    assert!(d.status().contains("già disdetto"), "{}", d.status());
    // Thursday the 19th is gone: too late, and said why.
    for _ in 0..4 {
        d.key(KeyCode::Left);
    }
    d.key(KeyCode::Char('d'));
    assert!(d.status().starts_with("Troppo tardi"), "{}", d.status());
    // Sunday: no service.
    d.key(KeyCode::Right);
    d.key(KeyCode::Right);
    d.key(KeyCode::Right);
    d.key(KeyCode::Char('d'));
    assert!(d.status().contains("non c'è servizio"), "{}", d.status());
}

#[test]
fn a_receipt_the_parent_shows_is_recorded_by_a_supervisor() {
    let mut d = Desk::new();
    d.login("supervisore", "Supervisore1");
    let surname = d.first_parent_surname();
    d.open_first_family(&surname);
    let Screen::Family(f) = &d.app.screen else {
        unreachable!()
    };
    let child = f.card.children[0].cf.clone();
    let before = d
        .backend
        .statement(&child, Some("refezione"), None)
        .unwrap()
        .movements
        .len();
    let number = d.new_notice();
    assert!(
        d.screen_text().contains("R ricevuta"),
        "{}",
        d.screen_text()
    );
    d.key(KeyCode::Char('r'));
    let text = d.screen_text();
    assert!(text.contains("Codice ricevuta (IUR)"), "{text}");
    assert!(text.contains("20/11/2026"), "today is offered: {text}");
    d.type_text("IUR-0001");
    d.key(KeyCode::Tab);
    let retype_day = |d: &mut Desk, day: &str| {
        for _ in 0..10 {
            d.key(KeyCode::Backspace);
        }
        d.type_text(day);
        d.key(KeyCode::Enter);
        d.screen_text()
    };
    let text = retype_day(&mut d, "31/02/2026");
    assert!(text.contains("Data non valida"), "{text}");
    // A day in the future is refused under its field, with what was typed kept; nothing credited.
    let text = retype_day(&mut d, "21/11/2026");
    insta::assert_snapshot!("receipt_future_day", text);
    assert!(text.contains("Data di pagamento nel futuro"), "{text}");
    assert!(
        text.contains("IUR-0001") && text.contains("21/11/2026"),
        "{text}"
    );
    // So is a day before the notice existed (it was issued today).
    let text = retype_day(&mut d, "19/11/2026");
    assert!(text.contains("anteriore all'avviso"), "{text}");
    assert!(
        text.contains("IUR-0001") && text.contains("19/11/2026"),
        "{text}"
    );
    assert_eq!(
        d.backend.notice(&number).unwrap().state,
        sportello::backend::NoticeState::Pending
    );
    retype_day(&mut d, "20/11/2026");
    assert_eq!(
        d.status(),
        "Ricevuta registrata: avviso pagato, saldo accreditato."
    );
    let notice = d.backend.notice(&number).unwrap();
    assert_eq!(notice.state, sportello::backend::NoticeState::Paid);
    assert_eq!(notice.receipts[0].receipt_id, "IUR-0001");
    // The day on the parent's copy, and no made-up time.
    assert_eq!(
        notice.receipts[0].paid_at,
        sportello::backend::PaidAt::Day(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap())
    );
    assert!(
        d.screen_text().contains("Ricevuta: 20/11/2026 IUR-0001"),
        "{}",
        d.screen_text()
    );
    let movements = d
        .backend
        .statement(&child, Some("refezione"), None)
        .unwrap()
        .movements;
    assert_eq!(movements.len(), before + 1, "credited once");
    assert!(
        !d.screen_text().contains("R ricevuta"),
        "paid: no more receipts"
    );
}

#[test]
fn the_header_keeps_an_unreachable_central_api_in_sight() {
    let mut d = Desk::new();
    d.login("supervisore", "Supervisore1");
    d.app.offline = true;
    let header = d.screen_text().lines().next().unwrap().to_string();
    assert!(
        header.contains("API CENTRALE NON RAGGIUNGIBILE"),
        "{header}"
    );
    assert!(header.contains("Sara Supervisore"), "{header}");
    assert!(header.chars().count() <= 80);
    d.app.offline = false;
    let header = d.screen_text().lines().next().unwrap().to_string();
    assert!(
        header.ends_with("Sara Supervisore (supervisore)"),
        "{header}"
    );
}

/// An enrolment asked for on one family, answered after the operator moved on to another family, does
/// not open over the second family's card (it would resume the first family's draft there).
#[test]
fn a_late_enrolment_answer_does_not_open_over_another_family() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    let mut families: Vec<String> = Vec::new();
    for prefix in ["b", "c", "d", "f", "g", "l", "m", "r", "s"] {
        for h in d.backend.search(prefix, 20).unwrap() {
            let cf = h.family_cf.to_string();
            if !families.contains(&cf) {
                families.push(cf);
            }
        }
    }
    let (a, b) = (families[0].clone(), families[1].clone());
    assert_ne!(a, b);
    d.open_first_family(&a);
    let asked = d.app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('i'),
        KeyModifiers::NONE,
    )));
    d.key(KeyCode::Esc);
    for _ in 0..20 {
        d.key(KeyCode::Backspace);
    }
    d.open_first_family(&b);
    for cmd in asked {
        if let Cmd::Backend(job) = cmd {
            let reply = job.run(d.backend.as_ref());
            d.send(Msg::Reply(reply));
        }
    }
    let Screen::Family(f) = &d.app.screen else {
        panic!("{}", d.screen_text())
    };
    assert_eq!(f.card.parent.cf.as_str(), b);
}

/// Cash taken on one notice, answered after the supervisor opened another: the payment is confirmed,
/// and the notice on screen keeps its own state (it is not shown as the paid one).
#[test]
fn a_late_cash_answer_does_not_replace_the_notice_on_screen() {
    let mut d = Desk::new();
    d.login("supervisore", "Supervisore1");
    let surname = d.first_parent_surname();
    d.open_first_family(&surname);
    let first = d.new_notice();
    d.key(KeyCode::Char('c'));
    let asked = d
        .app
        .update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    d.key(KeyCode::Esc);
    let second = d.new_notice();
    assert_ne!(first, second);
    for cmd in asked {
        if let Cmd::Backend(job) = cmd {
            let reply = job.run(d.backend.as_ref());
            d.send(Msg::Reply(reply));
        }
    }
    assert!(d.status().contains("contanti"), "{}", d.status());
    assert_eq!(
        d.backend.notice(&first).unwrap().state,
        sportello::backend::NoticeState::Paid
    );
    let Screen::Payment(p) = &d.app.screen else {
        panic!("{}", d.screen_text())
    };
    assert_eq!(p.notice.number.to_string(), second);
    assert_eq!(p.notice.state, sportello::backend::NoticeState::Pending);
}

#[test]
fn a_supervisor_settles_a_pagopa_payment_to_check_from_the_desk() {
    use sportello::pagopa::station::{NodeReceipt, PaymentPositions};
    let mut d = Desk::new();
    let path = d._dir.path().join("d.db");
    // An operator has no such list.
    d.login("operatore", "Operatore1");
    d.key(KeyCode::F(6));
    assert!(
        matches!(d.app.screen, Screen::Search(_)),
        "{}",
        d.screen_text()
    );
    d.ctrl('l');
    d.login("supervisore", "Supervisore1");
    assert!(
        d.screen_text().contains("F6 ricevute"),
        "{}",
        d.screen_text()
    );
    let child: String = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT c.cf FROM children c JOIN enrolments e ON e.child_id = c.id AND e.service = 'refezione' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let notice = d
        .backend
        .create_notice(&sportello::backend::NewNotice {
            allocations: vec![sportello::backend::Allocation {
                child_cf: child.parse().unwrap(),
                child_name: String::new(),
                service: "refezione".into(),
                amount_cents: 2000.try_into().unwrap(),
            }],
            due_date: None,
        })
        .unwrap();
    // pagoPA delivers a receipt for 19,00 € instead of 20,00 €: kept, not credited.
    let store = Store::open_with_clock(
        &path,
        Clock::on_date(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()),
    )
    .unwrap();
    store
        .receive(
            &NodeReceipt {
                receipt_id: "rt-1".into(),
                notice_number: notice.number.to_string(),
                fiscal_code: "80001234568".into(),
                outcome_ok: true,
                amount_cents: 1900,
                psp: "Banca di Prova (BCITITMM)".into(),
                method: None,
                paid_at: None,
                version: 2,
                body: "<receipt/>".into(),
            },
            true,
        )
        .unwrap();
    d.key(KeyCode::F(6));
    let text = d.screen_text();
    assert!(text.contains("Pagamenti pagoPA da verificare"), "{text}");
    assert!(
        text.contains("19,00 €")
            && text.contains("importo diverso")
            && text.contains("da verificare"),
        "{text}"
    );
    assert!(text.contains("Invio sistema"), "{text}");
    d.key(KeyCode::Enter);
    let text = d.screen_text();
    assert!(
        text.contains("▶ Accredita a") && text.contains("Da rimborsare al pagante"),
        "{text}"
    );
    // No reason: said under the field, nothing settled.
    d.key(KeyCode::Enter);
    assert!(d.screen_text().contains("Motivo"), "{}", d.screen_text());
    assert!(
        d.backend.payment_anomalies().unwrap()[0]
            .resolution
            .is_none()
    );
    d.type_text("pagato 19 euro, accreditato quanto ricevuto");
    d.key(KeyCode::Enter);
    assert!(d.status().contains("Pagamento sistemato"), "{}", d.status());
    let text = d.screen_text();
    assert!(text.contains("accreditata"), "{text}");
    let settled = &d.backend.payment_anomalies().unwrap()[0];
    assert_eq!(settled.resolution.as_ref().unwrap().outcome, "credited");
}

impl Desk {
    /// A second handle on the desk's store file (another desk, the pagoPA station), logged in as the
    /// demo supervisor, on the same office day.
    fn another_handle(&self) -> LocalBackend {
        let path = self._dir.path().join("d.db");
        let today = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let other = LocalBackend::new(Arc::new(
            Store::open_with_clock(&path, Clock::on_date(today)).unwrap(),
        ));
        other.login("supervisore", "Supervisore1").unwrap();
        other
    }

    /// The operator on the payment screen of a new notice (the first family's top-up); its number.
    fn operator_on_a_new_notice() -> (Desk, String) {
        let mut d = Desk::new();
        d.login("operatore", "Operatore1");
        let surname = d.first_parent_surname();
        d.open_first_family(&surname);
        let number = d.new_notice();
        (d, number)
    }

    /// One tick of the app's clock; the follow reads it asks for, not yet run.
    fn tick(&mut self, now: Instant) -> Vec<sportello::tui::job::Request> {
        self.app
            .update(Msg::Tick(now))
            .into_iter()
            .filter_map(|c| match c {
                Cmd::Backend(job) => Some(job),
                Cmd::Quit => None,
            })
            .collect()
    }

    /// Runs a job and feeds its answer back.
    fn answer(&mut self, job: sportello::tui::job::Request) {
        let reply = job.run(self.backend.as_ref());
        self.send(Msg::Reply(reply));
    }
}

/// The pagoPA receipt of `number`, as a supervisor types it in from the parent's copy.
fn receipt_for(notice: &sportello::backend::Notice, id: &str) -> sportello::backend::NewReceipt {
    sportello::backend::NewReceipt {
        notice_number: notice.number.clone(),
        receipt_id: id.into(),
        amount_cents: notice.amount_cents,
        paid_at: None,
        psp: Some("Banca di Prova".into()),
    }
}

/// While the QR is shown the desk reads the notice again on the tick; paid on another handle of the
/// store, the QR gives way to the PAGATO panel with no key pressed, and the card behind is fresh.
#[test]
fn a_notice_paid_elsewhere_shows_pagato_without_a_key() {
    let (mut d, number) = Desk::operator_on_a_new_notice();
    assert!(d.screen_text().contains('█'));
    let other = d.another_handle();
    let notice = other.notice(&number).unwrap();
    let alloc = notice.allocations[0].clone();
    let before = common::balance_of(&other.family(notice.payer.cf.as_str()).unwrap(), &alloc);
    let start = Instant::now();
    // Still pending: the reads change nothing on screen.
    let reads = d.tick(start);
    assert_eq!(reads.len(), 1);
    for r in reads {
        d.answer(r);
    }
    assert!(d.screen_text().contains('█'));
    other
        .record_receipt(&receipt_for(&notice, "IUR-FOLLOW-1"))
        .unwrap();
    let reads = d.tick(start + Duration::from_secs(2));
    assert_eq!(reads.len(), 1);
    for r in reads {
        d.answer(r);
    }
    let text = d.screen_text();
    assert!(text.contains("PAGATO"), "{text}");
    // Wrapped inside the panel: "registrato allo | sportello".
    assert!(text.contains("Canale: pagoPA, registrato allo"), "{text}");
    assert!(text.contains("PSP: Banca di Prova"), "{text}");
    assert!(!text.contains('█'), "the QR is gone:\n{text}");
    assert!(!text.contains("Inquadrare il QR"), "{text}");
    assert!(
        !text.contains("annulla"),
        "nothing to pay any more:\n{text}"
    );
    // Paid: following has ended.
    assert!(d.tick(start + Duration::from_secs(4)).is_empty());
    d.key(KeyCode::Esc);
    let Screen::Family(f) = &d.app.screen else {
        panic!("{}", d.screen_text())
    };
    let shown = common::balance_of(&f.card, &alloc);
    assert_eq!(shown, before + alloc.amount_cents.get());
    assert!(
        d.screen_text()
            .contains(&sportello::domain::money::format_eur(shown)),
        "{}",
        d.screen_text()
    );
}

/// The panel of a notice paid through the Node (channel `nodo`), at 80x24, in both languages.
#[test]
fn the_paid_panel_at_80x24() {
    let mut d = Desk::new();
    d.login("supervisore", "Supervisore1");
    d.type_text("ro");
    d.key(KeyCode::Enter);
    let number = d.new_notice();
    let other = d.another_handle();
    let notice = other.notice(&number).unwrap();
    other
        .record_receipt(&receipt_for(&notice, "IUR-FOLLOW-2"))
        .unwrap();
    for r in d.tick(Instant::now()) {
        d.answer(r);
    }
    // What the Node's own receipt will carry (the station records it with its own channel).
    let Screen::Payment(p) = &mut d.app.screen else {
        panic!("{}", d.screen_text())
    };
    let r = p.notice.receipts.last_mut().unwrap();
    r.channel = "nodo".into();
    r.psp = Some("Banca di Prova S.p.A.".into());
    r.paid_at = sportello::backend::PaidAt::At(
        NaiveDate::from_ymd_opt(2026, 11, 20)
            .unwrap()
            .and_hms_opt(10, 30, 0)
            .unwrap(),
    );
    insta::assert_snapshot!("payment_paid", stable(d.screen_text()));
    d.app.env.lang = Lang::En;
    let text = d.screen_text();
    for said in [
        "PAID",
        "Channel: pagoPA",
        "PSP: Banca di Prova S.p.A.",
        "Paid on 20/11/2026 10:30",
    ] {
        assert!(text.contains(said), "{said}:\n{text}");
    }
}

/// Cancelled at another desk while its QR is shown: ANNULLATO with the reason, no QR.
#[test]
fn a_notice_cancelled_elsewhere_shows_annullato_and_why() {
    let (mut d, number) = Desk::operator_on_a_new_notice();
    d.another_handle()
        .cancel_notice(&number, "importo sbagliato", false)
        .unwrap();
    for r in d.tick(Instant::now()) {
        d.answer(r);
    }
    let text = d.screen_text();
    assert!(text.contains("ANNULLATO"), "{text}");
    assert!(text.contains("Motivo: importo sbagliato"), "{text}");
    assert!(!text.contains('█'), "{text}");
}

/// The pace: one follow read every 2 seconds of the app's clock, none while one is out, none once the
/// screen is left; and following is not activity (the idle lock still comes).
#[test]
fn the_desk_follows_at_most_once_every_two_seconds_and_stops_when_left() {
    let (mut d, _) = Desk::operator_on_a_new_notice();
    let start = Instant::now();
    let mut sent_at = Vec::new();
    for s in 0..10 {
        for r in d.tick(start + Duration::from_secs(s)) {
            assert_eq!(r.name(), "follow_notice");
            sent_at.push(s);
            d.answer(r);
        }
    }
    assert_eq!(sent_at, vec![0, 2, 4, 6, 8]);
    // An answer slow to come: nothing more is sent meanwhile.
    let out = d.tick(start + Duration::from_secs(10));
    assert_eq!(out.len(), 1);
    for s in 11..16 {
        assert!(d.tick(start + Duration::from_secs(s)).is_empty());
    }
    for r in out {
        d.answer(r);
    }
    // A follow read is quiet: no "Attendere" on the status line.
    assert!(!d.screen_text().contains("Attendere"));
    assert_eq!(d.tick(start + Duration::from_secs(16)).len(), 1);
    // Answered after the screen was left: dropped, and nothing is read any more.
    d.key(KeyCode::Esc);
    assert!(matches!(d.app.screen, Screen::Family(_)));
    for s in 17..40 {
        assert!(d.tick(start + Duration::from_secs(s)).is_empty());
    }
    // The reads did not keep the desk awake: the idle lock comes after the last key.
    let last_key = d.app.last_input;
    d.send(Msg::Tick(last_key + Duration::from_secs(301)));
    assert!(matches!(d.app.screen, Screen::Login(_)));
}

/// The session expired while following: following stops, the desk stays logged in with the notice
/// on screen, and the status line says how to go on (Ctrl+L, log in again).
#[test]
fn an_expired_session_stops_following_without_logging_out() {
    let (mut d, _) = Desk::operator_on_a_new_notice();
    // The session ends under the desk (on the central API: the token expired overnight).
    d.backend.logout().unwrap();
    let start = Instant::now();
    for r in d.tick(start) {
        d.answer(r);
    }
    assert!(matches!(d.app.screen, Screen::Payment(_)));
    assert!(d.app.env.operator.is_some(), "never logged out by itself");
    let text = d.screen_text();
    assert!(text.contains("Sessione scaduta"), "{text}");
    assert!(text.contains("Ctrl+L"), "{text}");
    assert!(text.contains('█'), "the QR stays: it can still be paid");
    for s in 2..10 {
        assert!(d.tick(start + Duration::from_secs(s)).is_empty());
    }
}

/// The central API out of reach while following (a real refused connection): a quiet line on the
/// status row, the QR kept, and the next read at the same pace; the line goes once a read succeeds.
#[test]
fn an_unreachable_central_api_is_said_quietly_and_tried_again() {
    let (mut d, _) = Desk::operator_on_a_new_notice();
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let unreachable = sportello::remote::RemoteBackend::new(&closed).unwrap();
    let start = Instant::now();
    for r in d.tick(start) {
        let reply = r.run(&unreachable);
        d.send(Msg::Reply(reply));
    }
    let text = d.screen_text();
    assert!(text.contains("non verificabile ora"), "{text}");
    assert!(text.contains('█'), "{text}");
    assert!(matches!(d.app.screen, Screen::Payment(_)));
    assert!(d.app.status.is_none(), "no error message in the way");
    assert!(d.tick(start + Duration::from_secs(1)).is_empty());
    let again = d.tick(start + Duration::from_secs(2));
    assert_eq!(again.len(), 1, "tried again at the same pace");
    for r in again {
        d.answer(r);
    }
    assert!(!d.screen_text().contains("non verificabile"));
}

#[test]
fn cancelling_a_notice_pagopa_is_paying_asks_for_a_confirmation() {
    use sportello::pagopa::station::PaymentPositions;
    let (mut d, number) = Desk::operator_on_a_new_notice();
    // The Node fetched the payment data: the parent is at the tobacconist's with the notice.
    let path = d._dir.path().join("d.db");
    let today = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let station = Store::open_with_clock(&path, Clock::on_date(today)).unwrap();
    station.payment_fetched(&number.parse().unwrap()).unwrap();
    d.key(KeyCode::Char('a'));
    d.type_text("importo sbagliato");
    d.key(KeyCode::Enter);
    assert!(
        d.status().contains("potrebbe pagarlo proprio ora"),
        "{}",
        d.status()
    );
    let text = d.screen_text();
    assert!(text.contains("Invio annulla comunque"), "{text}");
    assert_eq!(
        d.backend.notice(&number).unwrap().state,
        sportello::backend::NoticeState::Pending
    );
    // Esc keeps it payable; asked again, Enter confirms.
    d.key(KeyCode::Esc);
    assert!(!d.screen_text().contains("Invio annulla comunque"));
    d.key(KeyCode::Char('a'));
    d.type_text("importo sbagliato");
    d.key(KeyCode::Enter);
    assert!(d.screen_text().contains("Invio annulla comunque"));
    d.key(KeyCode::Enter);
    assert_eq!(
        d.backend.notice(&number).unwrap().state,
        sportello::backend::NoticeState::Cancelled
    );
}

/// A draft made by one operator and resumed by a supervisor keeps every field (the newcomer's draft
/// lost the birth date and sex), the summary shows them, and Enter on step 6 sends it.
#[test]
fn a_draft_resumed_by_another_user_keeps_every_field() {
    use sportello::domain::codice_fiscale::Sex;
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    let surname = d.first_parent_surname();
    d.open_first_family(&surname);
    let parent_cf = match &d.app.screen {
        Screen::Family(f) => f.card.parent.cf.clone(),
        _ => unreachable!(),
    };
    d.key(KeyCode::Char('i'));
    d.key(KeyCode::PageDown);
    let Screen::Enrol(e) = &mut d.app.screen else {
        panic!("{}", d.screen_text())
    };
    e.child = e.children.len();
    let birth = NaiveDate::from_ymd_opt(2020, 5, 5).unwrap();
    let cf = sportello::domain::codice_fiscale::compute("Ripreso", "Anna", Sex::F, birth, "H501")
        .unwrap();
    for (i, v) in [cf.as_str(), "Ripreso", "Anna", "05/05/2020", "F"]
        .iter()
        .enumerate()
    {
        d.type_text(v);
        if i < 4 {
            d.key(KeyCode::Tab);
        }
    }
    d.key(KeyCode::PageDown);
    // Step 3: the class proposed for a child born in 2020 (the primary's first), an ISEE, consent, a
    // discount.
    let text = d.screen_text();
    assert!(text.contains("primaria") && text.contains(" 1A"), "{text}");
    d.key(KeyCode::Tab);
    d.type_text("12345,67");
    d.key(KeyCode::Tab);
    d.type_text("fratelli");
    d.key(KeyCode::F(9));
    d.key(KeyCode::PageDown);
    d.key(KeyCode::Char(' '));
    d.key(KeyCode::Down);
    d.key(KeyCode::Char(' '));
    d.key(KeyCode::PageDown);
    d.key(KeyCode::PageDown);
    assert!(d.screen_text().contains("Riepilogo"), "{}", d.screen_text());
    let saved = d
        .backend
        .applications_of(&parent_cf)
        .unwrap()
        .into_iter()
        .find(|a| a.data.child_cf == cf.as_str())
        .expect("the draft");
    d.ctrl('l');

    // Another user resumes it: every field as it was typed.
    d.login("supervisore", "Supervisore1");
    d.open_first_family(&surname);
    d.key(KeyCode::Char('i'));
    let text = d.screen_text();
    assert!(text.contains("Riepilogo"), "resumed at step 6: {text}");
    assert!(
        text.contains("nato/a il 05/05/2020") && text.contains(cf.as_str()),
        "{text}"
    );
    let x = &saved.data;
    assert_eq!(x.child_cf, cf.as_str());
    assert_eq!(
        (x.child_surname.as_str(), x.child_name.as_str()),
        ("RIPRESO", "ANNA")
    );
    assert_eq!(
        (x.child_birth_date, x.child_sex),
        (Some(birth), Some(Sex::F))
    );
    assert_eq!(x.isee_cents, Some(1_234_567));
    assert!(x.isee_consent);
    assert_eq!(x.discounts.as_deref(), Some("fratelli"));
    assert!(x.privacy_accepted && x.conditions_accepted);
    assert!(x.class_id.is_some());
    d.key(KeyCode::Enter);
    assert!(d.status().contains("inviata"), "{}", d.status());
    let sent = d.backend.application(saved.id).unwrap();
    assert_eq!(sent.state, sportello::backend::ApplicationState::Submitted);
    assert_eq!(
        sent.data, saved.data,
        "the resumed draft is sent as it was saved"
    );
}
