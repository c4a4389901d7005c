//! The top-up screen and the messages that were cut at 80 columns (issue 15, items 11, 15, 16): the
//! desk's `update` driven key by key against a demo store on a fixed day, read as a user sees it.

mod common;

use std::sync::Arc;

use chrono::NaiveDate;
use common::desk::Desk;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sportello::backend::Backend;
use sportello::clock::Clock;
use sportello::i18n::Lang;
use sportello::store::{LocalBackend, Store};
use sportello::tui::app::Msg;
use sportello::tui::screens::Screen;
use sportello::tui::screens::family::Family;
use sportello::tui::screens::topup::Topup;

/// What these tests ask of the desk beyond the shared harness: the ROSSI card and its top-up.
trait TopupDesk {
    fn rossi_card(&mut self, child: usize);
    fn topup(&self) -> &Topup;
}

impl TopupDesk for Desk {
    /// The ROSSI family (two children in debt on the canteen), its card open on the child `child`.
    fn rossi_card(&mut self, child: usize) {
        self.type_text("ro");
        self.key(KeyCode::Enter);
        assert!(
            matches!(self.app.screen, Screen::Family(_)),
            "{}",
            self.screen_text()
        );
        for _ in 0..child {
            self.key(KeyCode::Down);
        }
    }

    fn topup(&self) -> &Topup {
        match &self.app.screen {
            Screen::Topup(t) => t,
            _ => panic!("not the top-up:\n{}", self.screen_text()),
        }
    }
}

#[test]
fn the_top_up_opens_on_the_child_chosen_on_the_card_with_only_its_debt_ticked() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    d.rossi_card(1);
    d.key(KeyCode::Char('r'));
    let tp = d.topup();
    let at = &tp.lines[tp.cursor];
    assert_eq!(
        at.child_name, "ROSSI ALICE",
        "the cursor is on the child chosen"
    );
    let picked: Vec<&str> = tp
        .lines
        .iter()
        .filter(|l| l.picked)
        .map(|l| l.child_name.as_str())
        .collect();
    assert_eq!(picked, ["ROSSI ALICE"]);
    // On screen: the other child's debt is there, not ticked; the service's whole name at 80 columns;
    // the exact debt offered, not rounded up.
    let emma = d.line_with("ROSSI EMMA");
    let alice = d.line_with("ROSSI ALICE");
    assert!(
        emma.contains("[ ]") && emma.contains("Refezione scolastica"),
        "{emma}"
    );
    assert!(alice.contains("[x]") && alice.ends_with(" 7,30"), "{alice}");
    assert!(d.screen_text().contains("Totale: 7,30 €"));
    assert!(d.screen_text().contains("F6 importo del debito"));
    // Typing 20 replaces the amount offered: 20,00 € for that child alone.
    d.type_text("20");
    assert!(
        d.screen_text().contains("Totale: 20,00 €"),
        "{}",
        d.screen_text()
    );
    d.key(KeyCode::Enter);
    let Screen::Payment(p) = &d.app.screen else {
        panic!("{}", d.screen_text())
    };
    assert_eq!(p.notice.amount_cents, 2000);
    let children: Vec<&str> = p
        .notice
        .allocations
        .iter()
        .map(|a| a.child_name.as_str())
        .collect();
    assert_eq!(children, ["ROSSI ALICE"]);
    let text = d.screen_text();
    assert!(
        text.contains("Importo: 20,00 €") && text.contains('█'),
        "{text}"
    );
    // F6 gives the exact debt back on a line whose amount was changed.
    d.key(KeyCode::Esc);
    d.key(KeyCode::Char('r'));
    d.type_text("5");
    d.key(KeyCode::F(6));
    assert_eq!(d.topup().lines[d.topup().cursor].amount.value(), "7,30");
}

#[test]
fn letters_in_the_amount_are_refused_as_typed() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    d.rossi_card(0);
    d.key(KeyCode::Char('r'));
    d.type_text("1");
    d.key(KeyCode::Char('a'));
    let tp = d.topup();
    assert_eq!(
        tp.lines[tp.cursor].amount.value(),
        "1",
        "the letter is not taken"
    );
    let text = d.screen_text();
    assert!(
        text.contains("Nell'importo solo cifre e la virgola"),
        "refused at once, not at Enter:\n{text}"
    );
    d.type_text("0,5");
    let tp = d.topup();
    assert_eq!(tp.lines[tp.cursor].amount.value(), "10,5");
    assert!(
        !d.screen_text().contains("solo cifre"),
        "{}",
        d.screen_text()
    );
    assert!(d.screen_text().contains("Totale: 10,50 €"));
}

#[test]
fn a_debt_under_the_smallest_top_up_is_raised_and_the_screen_says_so() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    d.app.env.min_topup = 1000;
    d.rossi_card(1);
    d.key(KeyCode::Char('r'));
    let alice = d.line_with("ROSSI ALICE");
    assert!(alice.ends_with(" 10,00"), "{alice}");
    let text = d.screen_text();
    assert!(
        text.contains("importo minimo di ricarica 10,00 € (debito 7,30 €)"),
        "{text}"
    );
}

#[test]
fn a_parent_with_no_children_is_told_there_is_nothing_to_top_up() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    let parent = sportello::backend::NewParent {
        cf: sportello::domain::codice_fiscale::CodiceFiscale::parse("RSSMRA85T10A562S").unwrap(),
        surname: "ROSSI".into(),
        name: "MARIO".into(),
        email: Some("mario.rossi@esempio.it".into()),
        phone: None,
        address: None,
    };
    d.backend.register_parent(&parent).unwrap();
    let card = d.backend.family("RSSMRA85T10A562S").unwrap();
    d.app.screen = Screen::Family(Family::new(card));
    d.key(KeyCode::Char('r'));
    let text = d.screen_text();
    assert!(text.contains("non ha figli registrati"), "{text}");
    assert!(!text.contains("Totale"), "{text}");
    assert!(
        text.lines().last().unwrap().contains("Esc indietro"),
        "{text}"
    );
    d.key(KeyCode::Enter);
    assert!(matches!(d.app.screen, Screen::Topup(_)));
}

/// The notice of a fresh top-up on screen (the first child's debt).
fn notice_on_screen(d: &mut Desk) {
    d.login("operatore", "Operatore1");
    d.rossi_card(0);
    d.key(KeyCode::Char('r'));
    d.key(KeyCode::Enter);
    assert!(
        matches!(d.app.screen, Screen::Payment(_)),
        "{}",
        d.screen_text()
    );
}

#[test]
fn the_reason_to_cancel_and_its_error_are_shown_whole_at_80_columns() {
    let mut d = Desk::new();
    notice_on_screen(&mut d);
    d.key(KeyCode::Char('a'));
    d.key(KeyCode::Enter);
    let text = d.screen_text();
    assert!(
        text.contains("Indicare il motivo dell'operazione."),
        "{text}"
    );
    let reason = "Genitore ha pagato in contanti presso la tesoreria comunale.";
    assert_eq!(reason.chars().count(), 60);
    d.type_text(reason);
    let text = d.screen_text();
    assert!(text.contains(reason), "{text}");
    d.key(KeyCode::Enter);
    assert_eq!(d.status(), "Avviso annullato.");
}

/// The text left of the QR code, its spaces taken out (a message wraps there at any character).
fn beside_the_qr(text: &str) -> String {
    text.lines()
        .flat_map(|l| l.chars().take(39))
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn a_long_message_beside_the_qr_is_shown_whole_and_the_qr_stays() {
    let mut d = Desk::new();
    notice_on_screen(&mut d);
    let qr = |text: &str| -> Vec<String> {
        text.lines()
            .map(|l| format!("{l:<80}").chars().skip(39).collect())
            .collect()
    };
    let before = qr(&d.screen_text());
    d.app.status = Some(sportello::tui::app::Status {
        text: "Server centrale non raggiungibile (https://sportello.comune.esempio.it:8443): \
               controllare la rete e riprovare; i dati inseriti restano."
            .into(),
        error: true,
    });
    let text = d.screen_text();
    assert!(
        beside_the_qr(&text).contains("controllarelareteeriprovare;idatiinseritirestano."),
        "{text}"
    );
    assert_eq!(qr(&text)[..22], before[..22], "{text}");
}

#[test]
fn a_window_too_small_says_the_size_it_needs() {
    let d = Desk::new();
    let text = d.screen_at(40, 10);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("servono almeno 80x24 caratteri (ora 40x10)"),
        "{text}"
    );
    let text = d.screen_at(20, 5);
    assert!(text.contains("80x24") && text.contains("20x5"), "{text}");
    assert!(d.screen_at(8, 2).contains("80x24"));
    d.screen_at(1, 1);
}

#[test]
fn the_saved_document_message_names_its_folder() {
    // A folder deep enough that its whole path does not fit two lines with the file's name.
    let deep = format!(
        "{}/anno-scolastico-2026-2027/avvisi-pagopa",
        "archivio-ufficio-scuola/".repeat(4)
    );
    let mut d = Desk::with_documents(&deep);
    notice_on_screen(&mut d);
    d.key(KeyCode::Char('f'));
    let status = d.status();
    assert!(
        status.starts_with("Documento salvato: avviso-")
            && status.ends_with("/anno-scolastico-2026-2027/avvisi-pagopa")
            && status.contains(" · …/"),
        "{status}"
    );
    assert!(status.chars().count() <= 160, "{status}");
    // Beside the QR code, in full.
    let text = d.screen_text();
    let said: String = status.split_whitespace().collect();
    assert!(beside_the_qr(&text).contains(&said), "{text}");
}

#[test]
fn footers_show_only_what_the_user_can_do() {
    let mut d = Desk::new();
    let login = d.screen_text();
    let footer = login.lines().last().unwrap();
    assert!(
        footer.contains("Ctrl+C chiudi") && !footer.contains("esci"),
        "{footer}"
    );
    d.login("operatore", "Operatore1");
    let footer = d.screen_text().lines().last().unwrap().to_string();
    assert!(footer.contains("Ctrl+L esci · Ctrl+C chiudi"), "{footer}");
    d.rossi_card(0);
    d.key(KeyCode::Char('g'));
    assert!(matches!(d.app.screen, Screen::LinkParent(_)));
    let text = d.screen_text();
    assert!(!text.contains("F9"), "{text}");
    d.key(KeyCode::F(9));
    assert!(
        !d.screen_text().contains("Motivo"),
        "F9 does nothing for an operator"
    );
    // A supervisor has it.
    let mut d = Desk::new();
    d.login("supervisore", "Supervisore1");
    d.rossi_card(0);
    d.key(KeyCode::Char('g'));
    assert!(d.screen_text().contains("F9 pagante"));
}

#[test]
fn the_kiosk_says_how_many_characters_the_code_has() {
    use sportello::tui::kiosk::{Kiosk, KioskSettings};
    let d = Desk::new();
    let backend = LocalBackend::new(Arc::new(
        Store::open_with_clock(
            &d.store_path(),
            Clock::on_date(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()),
        )
        .unwrap(),
    ));
    let mut kiosk = Kiosk::new(KioskSettings {
        account: ("chiosco".into(), "Chiosco1".into()),
        lang: Lang::It,
        theme: sportello::tui::theme::Theme::mono(),
        ente_name: "Comune di Prova".into(),
        presets: vec![1000, 2000],
        idle: std::time::Duration::from_secs(60),
        printer: None,
        clock: backend.clock(),
    });
    for c in "RSSMRA85T10".chars() {
        kiosk.update(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
    kiosk.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('1'),
        KeyModifiers::NONE,
    )));
    kiosk.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    kiosk.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('1'),
        KeyModifiers::NONE,
    )));
    kiosk.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| kiosk.view(f)).unwrap();
    let buf = t.backend().buffer().clone();
    let text: String = (0..24)
        .map(|y| {
            (0..80)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
                + "\n"
        })
        .collect();
    println!("{text}");
    assert!(text.contains("qui ce ne sono 12."), "{text}");
}

#[test]
fn a_wrong_e_mail_typed_on_the_top_up_shows_why_under_it() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    d.rossi_card(0);
    let Screen::Family(f) = &d.app.screen else {
        unreachable!()
    };
    let cf = f.card.parent.cf.to_string();
    let clear = sportello::backend::ParentPatch {
        email: Some(String::new()),
        ..Default::default()
    };
    d.backend.update_parent(&cf, &clear).unwrap();
    d.key(KeyCode::F(5));
    d.key(KeyCode::Char('r'));
    assert!(d.topup().email.is_some(), "{}", d.screen_text());
    for _ in 0..2 {
        d.key(KeyCode::Down);
    }
    d.type_text("non-una-mail");
    d.key(KeyCode::Enter);
    let text = d.screen_text();
    let under = text
        .lines()
        .skip_while(|l| !l.contains("non-una-mail"))
        .nth(1)
        .unwrap_or_default()
        .to_lowercase();
    assert!(under.contains("e-mail non valid"), "{text}");
}
