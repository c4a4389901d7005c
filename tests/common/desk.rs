//! The desk app driven key by key against a real demo store on a fixed day, with backend calls run in
//! place, and its screen read back at 80x24 (ratatui TestBackend): what the desk tests share.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sportello::backend::{Backend, FamilyCard};
use sportello::clock::Clock;
use sportello::config::{CommandLine, Config, Settings};
use sportello::demo::{self, DemoOptions};
use sportello::i18n::Lang;
use sportello::store::{LocalBackend, Store};
use sportello::tui::app::{App, Cmd, Msg};
use sportello::tui::screens::Screen;
use sportello::tui::{TuiOptions, new_app};

pub struct Desk {
    pub app: App,
    pub backend: Arc<dyn Backend>,
    /// The demo's PAN codes, in the order it made the children.
    pub pans: Vec<String>,
    pub _dir: tempfile::TempDir,
}

/// The demo store's file name inside the desk's folder.
const STORE_FILE: &str = "d.db";

impl Desk {
    pub fn new() -> Desk {
        Desk::with_env(&[])
    }

    pub fn with_env(env: &[(&str, &str)]) -> Desk {
        Desk::on_demo(env, "documenti")
    }

    /// Documents saved under `documents`, a folder inside the test's own.
    pub fn with_documents(documents: &str) -> Desk {
        Desk::on_demo(&[], documents)
    }

    /// The desk on a backend of the test's choosing (a `RemoteBackend`, say), its documents in `dir`.
    /// No demo of its own: `pans` is empty.
    pub fn on(backend: Arc<dyn Backend>, dir: tempfile::TempDir) -> Desk {
        Desk::build(backend, dir, &[], "documenti")
    }

    fn on_demo(env: &[(&str, &str)], documents: &str) -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(STORE_FILE);
        // The whole desk lives on one fixed day, so screens and snapshots do not age.
        let today = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        demo::generate(
            &path,
            &super::ente(),
            &DemoOptions {
                families: 25,
                days: Some(10),
                seed: 5,
                today,
            },
        )
        .unwrap();
        let backend: Arc<dyn Backend> = Arc::new(LocalBackend::new(Arc::new(
            Store::open_with_clock(&path, Clock::on_date(today)).unwrap(),
        )));
        let mut desk = Desk::build(backend, dir, env, documents);
        desk.pans = super::demo_pans(&path);
        desk
    }

    fn build(
        backend: Arc<dyn Backend>,
        dir: tempfile::TempDir,
        env: &[(&str, &str)],
        documents: &str,
    ) -> Desk {
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let cmd = CommandLine {
            lang: Some(Lang::It),
            ..Default::default()
        };
        let mut settings =
            Settings::resolve(&Config::from_sources(None, &env).unwrap(), &cmd).unwrap();
        settings.paths.documents = dir.path().join(documents);
        let opts = TuiOptions {
            demo_credentials: None,
        };
        let mut app = new_app(backend.as_ref(), &settings, &opts).unwrap();
        app.theme = sportello::tui::theme::Theme::mono();
        Desk {
            app,
            backend,
            pans: Vec::new(),
            _dir: dir,
        }
    }

    /// The demo store's file (of a desk made by `new`, `with_env` or `with_documents`).
    pub fn store_path(&self) -> PathBuf {
        self._dir.path().join(STORE_FILE)
    }

    /// Feeds a message; backend commands run now and their replies are fed back. Whether it quit.
    pub fn send(&mut self, msg: Msg) -> bool {
        let cmds = self.app.update(msg);
        self.run(cmds)
    }

    /// Runs commands the app gave (held back until now, say), feeding their replies back.
    pub fn run(&mut self, cmds: Vec<Cmd>) -> bool {
        let mut queue = Vec::new();
        let mut quit = false;
        let mut cmds = cmds;
        loop {
            for cmd in cmds {
                match cmd {
                    Cmd::Quit => quit = true,
                    Cmd::Backend(job) => queue.push(Msg::Reply(job.run(self.backend.as_ref()))),
                }
            }
            let Some(m) = queue.pop() else {
                return quit;
            };
            cmds = self.app.update(m);
        }
    }

    pub fn key(&mut self, code: KeyCode) {
        self.send(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    pub fn ctrl(&mut self, c: char) -> bool {
        self.send(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )))
    }

    pub fn type_text(&mut self, s: &str) {
        for c in s.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    pub fn login(&mut self, user: &str, password: &str) {
        self.type_text(user);
        self.key(KeyCode::Enter);
        self.type_text(password);
        self.key(KeyCode::Enter);
    }

    pub fn screen_text(&self) -> String {
        self.screen_at(80, 24)
    }

    /// The screen as drawn on a terminal of `w` columns and `h` rows, each row's trailing blanks cut.
    pub fn screen_at(&self, w: u16, h: u16) -> String {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| self.app.view(f)).unwrap();
        let buf = t.backend().buffer().clone();
        (0..h)
            .map(|y| {
                (0..w)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The screen's last row: the footer.
    pub fn footer(&self) -> String {
        self.screen_text()
            .lines()
            .last()
            .unwrap_or("")
            .trim()
            .to_string()
    }

    /// The screen's line that holds `what`.
    pub fn line_with(&self, what: &str) -> String {
        let text = self.screen_text();
        text.lines()
            .find(|l| l.contains(what))
            .unwrap_or_else(|| panic!("no line with {what}:\n{text}"))
            .to_string()
    }

    pub fn status(&self) -> String {
        self.app
            .status
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default()
    }

    /// A family with a canteen wallet, searched by surname and opened.
    pub fn open_first_family(&mut self, query: &str) {
        self.type_text(query);
        self.key(KeyCode::Enter);
        assert!(
            matches!(self.app.screen, Screen::Family(_)),
            "{}",
            self.screen_text()
        );
    }

    /// The family card found by `query` (a codice fiscale, say) open, with the child `child_cf` chosen.
    pub fn open_family_at_child(&mut self, query: &str, child_cf: &str) -> FamilyCard {
        self.type_text(query);
        self.key(KeyCode::Enter);
        let Screen::Family(f) = &mut self.app.screen else {
            panic!("{}", self.screen_text())
        };
        f.selected = f
            .card
            .children
            .iter()
            .position(|c| c.cf.as_str() == child_cf)
            .unwrap();
        f.card.clone()
    }

    /// On the enrolment form, as it opens: on past the child and class to the declarations, both
    /// ticked, then on to the review step (a document left out).
    pub fn enrolment_to_review(&mut self) {
        for _ in 0..3 {
            self.key(KeyCode::PageDown);
        }
        self.key(KeyCode::Char(' '));
        self.key(KeyCode::Down);
        self.key(KeyCode::Char(' '));
        self.key(KeyCode::PageDown);
        self.key(KeyCode::PageDown);
    }

    /// From the family card: a top-up of the first preset on the first line, its notice on screen.
    pub fn new_notice(&mut self) -> String {
        self.key(KeyCode::Char('r'));
        self.key(KeyCode::F(2));
        self.key(KeyCode::Enter);
        let Screen::Payment(p) = &self.app.screen else {
            panic!("{}", self.screen_text())
        };
        p.notice.number.to_string()
    }

    pub fn first_parent_surname(&self) -> String {
        let hits = self.backend.search("r", 1).unwrap_or_default();
        hits.first()
            .map(|h| h.label.split(' ').next().unwrap().to_string())
            .unwrap_or_else(|| "ROSSI".into())
    }
}
