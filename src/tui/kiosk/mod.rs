//! The lobby kiosk: a self-service mode for walk-in parents. Same Elm-like shape as the desk app
//! (`Msg` in, `Cmd`s out, `view`), with its own few screens (one file each), no search and no other
//! family: the backend itself limits the kiosk account to the identified parent's children.
//!
//! Privacy: codes are masked, names shortened; after `idle` without a key everything personal is
//! dropped from memory and screen and the welcome screen returns. Control keys do nothing, so no
//! combination leaves the kiosk; only a supervisor's password does (F10 on the welcome screen).

mod exit;
mod home;
mod meals;
mod notice;
mod topup;
mod welcome;

use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::app::{MIN_HEIGHT, MIN_WIDTH, Status};
use super::follow::Follow;
use super::job::Job;
use super::theme::Theme;
use crate::backend::{Backend, BackendError, ChildCard, ErrorKind, FamilyCard};
use crate::i18n::{Lang, kiosk as k};

/// What the kiosk is showing.
#[derive(Debug)]
pub enum Screen {
    Welcome(welcome::Welcome),
    Home,
    Meals(meals::Meals),
    Topup(topup::Topup),
    Notice(Box<notice::NoticeView>),
    Exit(exit::Exit),
}

type Msg = super::app::Msg<Answer>;
type Cmd = super::app::Cmd<Answer>;

/// What the kiosk does with a call's result, written beside the call by the screen that makes it.
pub struct Answer {
    apply: Apply,
    /// The answer of a follow read (`follow_read`): the kiosk was not shown busy for it.
    follows: bool,
}

type Apply = Box<dyn FnOnce(&mut Kiosk) -> Vec<Cmd> + Send>;

impl std::fmt::Debug for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Answer")
    }
}

/// A kiosk call.
pub type Request = Job<Answer>;

/// `call` on the backend task, then `then` with its result on the kiosk.
fn request<T: Send + 'static>(
    name: &'static str,
    call: impl FnOnce(&dyn Backend) -> T + Send + 'static,
    then: impl FnOnce(&mut Kiosk, T) -> Vec<Cmd> + Send + 'static,
) -> Request {
    job(name, false, call, then)
}

/// A read following what is on screen (the notice until it is paid), sent on the tick at the pace
/// of `tui::follow`: quiet, the parent is not shown "checking" every 2 seconds.
fn follow_read<T: Send + 'static>(
    name: &'static str,
    call: impl FnOnce(&dyn Backend) -> T + Send + 'static,
    then: impl FnOnce(&mut Kiosk, T) -> Vec<Cmd> + Send + 'static,
) -> Request {
    job(name, true, call, then)
}

fn job<T: Send + 'static>(
    name: &'static str,
    follows: bool,
    call: impl FnOnce(&dyn Backend) -> T + Send + 'static,
    then: impl FnOnce(&mut Kiosk, T) -> Vec<Cmd> + Send + 'static,
) -> Request {
    Job::new(name, move |b| {
        let result = call(b);
        Answer {
            apply: Box::new(move |kiosk| then(kiosk, result)),
            follows,
        }
    })
}

/// The end of the parent's visit: nothing comes back.
fn end_visit() -> Request {
    request("kiosk_end", |b| b.kiosk_end(), |_, _| Vec::new())
}

/// What a screen asks of the kiosk.
#[derive(Debug)]
pub enum Action {
    Request(Request),
    Go(Box<Screen>),
    SwitchLang,
    Error(String),
}

impl Action {
    fn go(screen: Screen) -> Action {
        Action::Go(Box::new(screen))
    }
}

/// The identified family, as long as the parent is at the kiosk.
#[derive(Debug)]
pub struct Family {
    pub card: FamilyCard,
    /// The highlighted row of `rows()`.
    pub selected: usize,
}

impl Family {
    /// A screen's title about one child and service: "Presenze di Sara P. · Refezione scolastica".
    pub fn title(&self, label: &str, child: usize, service: usize) -> Option<String> {
        let c: &ChildCard = self.card.children.get(child)?;
        let name = c
            .services
            .get(service)
            .map(|s| s.service_name.as_str())
            .unwrap_or("");
        Some(format!(
            "{label} {} · {name}",
            crate::domain::kiosk::short_name(&c.name, &c.surname)
        ))
    }

    /// One row per child and service, as the home screen lists them.
    pub fn rows(&self) -> Vec<(usize, usize)> {
        self.card
            .children
            .iter()
            .enumerate()
            .flat_map(|(c, child)| (0..child.services.len()).map(move |s| (c, s)))
            .collect()
    }
}

pub struct KioskSettings {
    /// The kiosk account, to log in again when the session is lost (a server restart, a night idle).
    pub account: (String, String),
    pub lang: Lang,
    pub theme: Theme,
    pub ente_name: String,
    pub presets: Vec<i64>,
    pub idle: Duration,
    /// Set when the office configured a printer: the notice can then be printed at the kiosk.
    pub printer: Option<std::sync::Arc<crate::paper::Outbox>>,
    /// The backend's clock: the month shown for meals.
    pub clock: crate::clock::Clock,
}

pub struct Kiosk {
    pub settings: KioskSettings,
    pub lang: Lang,
    pub screen: Screen,
    pub family: Option<Family>,
    pub status: Option<Status>,
    pub busy: bool,
    pub offline: bool,
    /// The end of the wait the backend imposed after wrong tries (it counts them, not the screen).
    pub wait_until: Option<Instant>,
    pub now: Instant,
    last_input: Instant,
    /// An identification to send again once the kiosk has logged in again.
    retry: Option<Request>,
    /// The pace of reads following the notice on screen.
    follow: Follow,
}

impl Kiosk {
    pub fn new(settings: KioskSettings) -> Kiosk {
        let now = Instant::now();
        Kiosk {
            lang: settings.lang,
            settings,
            screen: Screen::Welcome(welcome::Welcome::default()),
            family: None,
            status: None,
            busy: false,
            offline: false,
            wait_until: None,
            now,
            last_input: now,
            retry: None,
            follow: Follow::default(),
        }
    }

    /// A screen's title line about one child and service of the family identified.
    fn heading(&self, label: k::Text, child: usize, service: usize) -> Option<Line<'static>> {
        let title = self
            .family
            .as_ref()?
            .title(self.lang.t(label), child, service)?;
        Some(Line::from(Span::styled(title, self.settings.theme.focus)))
    }

    /// Seconds left before the wrong-try wait ends.
    pub fn wait_left(&self) -> Option<u64> {
        self.wait_until
            .and_then(|u| u.checked_duration_since(self.now))
            .filter(|d| !d.is_zero())
            .map(|d| d.as_secs_f64().ceil() as u64)
    }

    /// Seconds before the screen is cleared, whenever there is something to clear.
    pub fn idle_left(&self) -> Option<u64> {
        let blank = matches!(&self.screen, Screen::Welcome(w) if w.is_blank())
            && self.family.is_none()
            && self.status.is_none();
        if blank {
            return None;
        }
        let left = self
            .settings
            .idle
            .saturating_sub(self.now.duration_since(self.last_input));
        Some(left.as_secs_f64().ceil() as u64)
    }

    /// Drops everything personal and shows the welcome screen again.
    fn clear(&mut self) -> Vec<Cmd> {
        let had_family = self.family.take().is_some();
        self.screen = Screen::Welcome(welcome::Welcome::default());
        self.status = None;
        self.lang = self.settings.lang;
        if had_family {
            vec![Cmd::Backend(end_visit())]
        } else {
            Vec::new()
        }
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        match msg {
            Msg::Key(key) if key.kind == KeyEventKind::Release => Vec::new(),
            Msg::Key(key) => {
                self.last_input = self.now;
                // No control combination means anything here (Ctrl+C, Ctrl+Z, Ctrl+\, Ctrl+D...),
                // but Ctrl+U, which empties the field being typed (as on the desk).
                let clear_field =
                    key.code == KeyCode::Char('u') && key.modifiers == KeyModifiers::CONTROL;
                if !clear_field
                    && key
                        .modifiers
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                {
                    return Vec::new();
                }
                self.status = None;
                let actions = match &mut self.screen {
                    Screen::Welcome(w) => w.key(key, self.lang),
                    Screen::Home => {
                        home::key(key, self.family.as_mut(), self.settings.clock.today())
                    }
                    Screen::Meals(_) => match key.code {
                        KeyCode::Esc => vec![Action::go(Screen::Home)],
                        _ => Vec::new(),
                    },
                    Screen::Notice(n) => n.key(key, self.settings.printer.as_ref()),
                    Screen::Topup(s) => s.key(key, self.family.as_ref(), self.lang),
                    Screen::Exit(s) => s.key(key),
                };
                self.apply(actions)
            }
            Msg::Tick(now) => {
                self.now = now;
                match self.idle_left() {
                    Some(0) => self.clear(),
                    _ => self.follow_notice(now),
                }
            }
            Msg::Reply(Answer { apply, follows }) => {
                if follows {
                    self.follow.answered();
                } else {
                    self.busy = false;
                }
                apply(self)
            }
        }
    }

    /// The notice on screen read again when due, while it waits to be paid (not activity: the idle
    /// clear still comes).
    fn follow_notice(&mut self, now: Instant) -> Vec<Cmd> {
        match &self.screen {
            Screen::Notice(n) if self.family.is_some() => n
                .follow()
                .filter(|_| self.follow.due(now))
                .map(Cmd::Backend)
                .into_iter()
                .collect(),
            _ => Vec::new(),
        }
    }

    fn apply(&mut self, actions: Vec<Action>) -> Vec<Cmd> {
        let mut cmds = Vec::new();
        for a in actions {
            match a {
                Action::Request(req) => {
                    self.busy = true;
                    cmds.push(Cmd::Backend(req));
                }
                Action::Go(screen) if matches!(&*screen, Screen::Welcome(w) if w.is_blank()) => {
                    // "Finish": the parent leaves; same as the idle clear.
                    cmds.extend(self.clear());
                }
                Action::Go(screen) => self.screen = *screen,
                Action::SwitchLang => {
                    self.lang = match self.lang {
                        Lang::It => Lang::En,
                        Lang::En => Lang::It,
                    }
                }
                Action::Error(text) => self.status = Some(Status { text, error: true }),
            }
        }
        cmds
    }

    fn error(&mut self, text: String) {
        self.status = Some(Status { text, error: true });
    }

    /// The kiosk logs in again with its own account; `retry` (an identification), if set, is sent
    /// once it has.
    fn log_in_again(&self) -> Cmd {
        let (username, password) = self.settings.account.clone();
        Cmd::Backend(request(
            "login",
            move |b| b.login(&username, &password),
            |kiosk, result| match (result, kiosk.retry.take()) {
                (Ok(_), Some(req)) => {
                    kiosk.busy = true;
                    vec![Cmd::Backend(req)]
                }
                (Ok(_), None) => Vec::new(),
                (Err(_), _) => {
                    // The identification to ask again is dropped: Enter may send it anew.
                    if let Screen::Welcome(w) = &mut kiosk.screen {
                        w.identifying = false;
                    }
                    kiosk.error(kiosk.lang.t(k::OFFLINE).to_string());
                    Vec::new()
                }
            },
        ))
    }

    /// An answer during a visit: a lost session (a server restart) starts over, logged in again;
    /// otherwise `then` handles it.
    fn during_visit<T>(
        &mut self,
        result: Result<T, BackendError>,
        then: impl FnOnce(&mut Kiosk, Result<T, BackendError>) -> Vec<Cmd>,
    ) -> Vec<Cmd> {
        match result {
            Err(e) if e.kind == ErrorKind::Unauthenticated => {
                let mut cmds = self.clear();
                self.error(self.lang.t(k::OFFLINE).to_string());
                cmds.push(self.log_in_again());
                cmds
            }
            result => then(self, result),
        }
    }

    pub fn view(&self, f: &mut Frame) {
        let area = f.area();
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            crate::tui::app::too_small(f, self.lang);
            return;
        }
        let th = &self.settings.theme;
        // A message in plain words may take two lines; otherwise the body keeps its 21 rows (the QR).
        let long = self
            .status
            .as_ref()
            .is_some_and(|s| s.text.chars().count() > usize::from(area.width));
        let [header, body, status, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(if long { 2 } else { 1 }),
            Constraint::Length(1),
        ])
        .areas(area);
        f.render_widget(
            Paragraph::new(format!(" {}", self.settings.ente_name)).style(th.header),
            header,
        );
        match &self.screen {
            Screen::Welcome(w) => w.view(f, body, self),
            Screen::Home => home::view(f, body, self),
            Screen::Meals(m) => m.view(f, body, self),
            Screen::Topup(s) => s.view(f, body, self),
            Screen::Notice(n) => n.view(f, body, self),
            Screen::Exit(s) => s.view(f, body, self),
        }
        let line = if let Some(s) = &self.status {
            Line::from(Span::styled(
                s.text.clone(),
                if s.error { th.error } else { th.ok },
            ))
        } else if self.busy {
            Line::from(Span::styled(self.lang.t(k::CHECKING), th.dim))
        } else if let Some(secs) = self.idle_left() {
            Line::from(Span::styled(
                format!("{} {secs} s", self.lang.t(k::IDLE)),
                th.warning,
            ))
        } else {
            Line::default()
        };
        f.render_widget(
            Paragraph::new(line).wrap(ratatui::widgets::Wrap { trim: true }),
            status,
        );
        let keys = match &self.screen {
            Screen::Welcome(_) => format!(
                " {}   {}",
                self.lang.t(k::LANG_SWITCH),
                self.lang.t(k::STAFF_KEY)
            ),
            Screen::Home => format!(" {}", self.lang.t(k::HOME_KEYS)),
            Screen::Topup(_) => format!(" {}", self.lang.t(k::TOPUP_KEYS)),
            Screen::Exit(_) => format!(" {}", self.lang.t(k::EXIT_KEYS)),
            Screen::Notice(n) if n.payable() && self.settings.printer.is_some() => {
                format!(" {}", self.lang.t(k::NOTICE_KEYS_PRINT))
            }
            Screen::Meals(_) | Screen::Notice(_) => format!(" {}", self.lang.t(k::BACK_KEYS)),
        };
        f.render_widget(Paragraph::new(keys).style(th.footer), footer);
    }
}

impl super::Program for Kiosk {
    type Answer = Answer;
    fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        Kiosk::update(self, msg)
    }
    fn view(&self, f: &mut Frame) {
        Kiosk::view(self, f)
    }
    fn counting_down(&self) -> bool {
        self.idle_left().is_some() || self.wait_left().is_some()
    }
    fn set_reachable(&mut self, reachable: bool) {
        self.offline = !reachable;
    }
    fn on_hangup(&self) -> Option<Request> {
        // The next start shows the welcome screen: nothing of this parent is kept anywhere.
        self.family.as_ref().map(|_| end_visit())
    }
    fn ignores_interrupts(&self) -> bool {
        true
    }
}
