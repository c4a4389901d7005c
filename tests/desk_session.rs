//! Issue 15 #8 and #9: the desk against a real `sportello serve` (on 127.0.0.1) whose session goes
//! away under it, and keys typed while a screen loads. The desk app is driven through its `update`
//! loop on a `RemoteBackend`; backend calls run in place, or are held back to choose when their
//! answer arrives.

mod common;

use std::ops::{Deref, DerefMut};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use common::desk::Desk;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sportello::backend::Backend;
use sportello::remote::RemoteBackend;
use sportello::tui::app::{Cmd, Msg};
use sportello::tui::job::Request;
use sportello::tui::screens::Screen;

/// How long the server keeps a session without use, in the test that lets it go.
const SERVER_IDLE: Duration = Duration::from_millis(1500);

/// The shared desk on a `RemoteBackend`, with the server it talks to and that server's store file.
struct Remote {
    desk: Desk,
    path: PathBuf,
    _server: common::Server,
}

impl Deref for Remote {
    type Target = Desk;
    fn deref(&self) -> &Desk {
        &self.desk
    }
}

impl DerefMut for Remote {
    fn deref_mut(&mut self) -> &mut Desk {
        &mut self.desk
    }
}

impl Remote {
    fn new(idle: Duration) -> Remote {
        let dir = tempfile::tempdir().unwrap();
        let path = common::demo_store(dir.path(), 20);
        let server = common::Server::start_with_idle(&path, idle);
        let backend: Arc<dyn Backend> = Arc::new(RemoteBackend::new(&server.url).unwrap());
        Remote {
            desk: Desk::on(backend, dir),
            path,
            _server: server,
        }
    }

    /// A key whose backend calls are held back, not run: they are given back.
    fn key_held(&mut self, code: KeyCode) -> Vec<Request> {
        self.app
            .update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
            .into_iter()
            .map(|cmd| match cmd {
                Cmd::Backend(job) => job,
                Cmd::Quit => panic!("the desk quit"),
            })
            .collect()
    }

    fn login(&mut self) {
        self.desk.login("operatore", "Operatore1");
        assert!(
            matches!(self.app.screen, Screen::Search(_)),
            "{}",
            self.screen_text()
        );
    }

    /// The surname of a parent with a canteen or bus wallet to top up.
    fn surname(&self) -> String {
        let conn = rusqlite::Connection::open(&self.path).unwrap();
        conn.query_row(
            "SELECT p.surname || ' ' || p.name FROM parents p JOIN children c ON c.paying_parent_id = p.id \
             ORDER BY p.id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
    }

    fn notices(&self) -> i64 {
        let conn = rusqlite::Connection::open(&self.path).unwrap();
        conn.query_row("SELECT COUNT(*) FROM notices", [], |r| r.get(0))
            .unwrap()
    }

    /// The amount typed on the top-up line under the cursor.
    fn typed_amount(&self) -> String {
        match &self.app.screen {
            Screen::Topup(t) => t.lines[t.cursor].amount.value().to_string(),
            _ => panic!("not the top-up screen:\n{}", self.screen_text()),
        }
    }
}

#[test]
fn a_session_lost_on_the_server_asks_the_password_in_place_and_the_topup_is_made_once() {
    let mut d = Remote::new(SERVER_IDLE);
    d.login();
    let surname = d.surname();
    d.type_text(&surname);
    d.key(KeyCode::Enter);
    assert!(
        matches!(d.app.screen, Screen::Family(_)),
        "{}",
        d.screen_text()
    );
    d.key(KeyCode::Char('r'));
    d.type_text("25");
    assert_eq!(d.typed_amount(), "25");
    let before = d.notices();

    // The server forgets the session (idle there); the desk does not know yet.
    std::thread::sleep(SERVER_IDLE + Duration::from_millis(500));
    d.key(KeyCode::Enter);
    let text = d.screen_text();
    assert!(text.contains("Sessione scaduta"), "{text}");
    assert!(text.contains("operatore"), "the user name is shown: {text}");
    assert!(!text.contains("Sessione assente"), "{text}");
    assert_eq!(d.typed_amount(), "25", "the screen stays as it was");
    assert_eq!(d.notices(), before);

    // Esc gives up: the screen and what was typed stay, and a message says what happened.
    d.key(KeyCode::Esc);
    assert!(d.app.relogin.is_none());
    assert_eq!(d.typed_amount(), "25");
    assert!(d.status().contains("sessione scaduta"), "{}", d.status());
    assert_eq!(d.notices(), before);

    // Enter again: the password is asked again; a wrong one is refused as at the login.
    d.key(KeyCode::Enter);
    assert!(d.app.relogin.is_some(), "{}", d.screen_text());
    d.type_text("sbagliata");
    d.key(KeyCode::Enter);
    assert!(d.status().contains("errati"), "{}", d.status());
    assert!(d.app.relogin.is_some(), "still asked: {}", d.screen_text());
    assert_eq!(d.typed_amount(), "25");
    assert_eq!(d.notices(), before);

    // The right password: the top-up is made, once, and its notice is on screen.
    d.type_text("Operatore1");
    d.key(KeyCode::Enter);
    assert!(d.app.relogin.is_none());
    assert!(
        matches!(d.app.screen, Screen::Payment(_)),
        "{}",
        d.screen_text()
    );
    assert_eq!(d.notices(), before + 1);
}

#[test]
fn keys_typed_while_a_card_loads_go_to_the_card_not_the_search_box() {
    let mut d = Remote::new(Duration::from_secs(3600));
    d.login();
    let surname = d.surname();
    d.type_text(&surname);
    let query = |d: &Remote| match &d.app.screen {
        Screen::Search(s) => Some(s.query.value().to_string()),
        _ => None,
    };
    assert_eq!(query(&d).as_deref(), Some(surname.as_str()));

    // Enter on the hit: the card is asked for; `i` and Down come before its answer.
    let held = d.key_held(KeyCode::Enter);
    assert_eq!(held.len(), 1);
    assert!(d.key_held(KeyCode::Char('i')).is_empty());
    assert!(d.key_held(KeyCode::Down).is_empty());
    assert_eq!(
        query(&d).as_deref(),
        Some(surname.as_str()),
        "nothing typed into the search box"
    );
    // Quitting never waits.
    assert!(matches!(
        d.app
            .update(Msg::Key(KeyEvent::new(
                KeyCode::Char('c'),
                KeyModifiers::CONTROL
            )))
            .as_slice(),
        [Cmd::Quit]
    ));

    // The card arrives; the keys were the card's: `i` opens the enrolment from it.
    let cmds: Vec<Cmd> = held.into_iter().map(Cmd::Backend).collect();
    d.run(cmds);
    assert!(
        matches!(d.app.screen, Screen::Enrol(_)),
        "{}",
        d.screen_text()
    );
    match d.app.back.first() {
        Some(Screen::Search(s)) => assert_eq!(s.query.value(), surname, "the search box as left"),
        _ => panic!("search is not under the card"),
    }
}
