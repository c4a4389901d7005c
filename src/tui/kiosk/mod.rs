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
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::app::{Cmd, MIN_HEIGHT, MIN_WIDTH, Msg, Status};
use super::exec::{Reply, Req};
use super::theme::Theme;
use crate::backend::{ChildCard, ErrorKind, FamilyCard};
use crate::i18n::{Lang, Localized, kiosk as k, tui as t};

/// What the kiosk is showing.
#[derive(Debug)]
pub enum Screen {
    Welcome(welcome::Welcome),
    Home,
    Meals(meals::Meals),
    Topup(topup::Topup),
    Notice(notice::NoticeView),
    Exit(exit::Exit),
}

/// What a screen asks of the kiosk.
#[derive(Debug)]
pub enum Action {
    Request(Req),
    Go(Screen),
    SwitchLang,
    Error(String),
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
    retry: Option<Req>,
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
        }
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
            vec![Cmd::Backend(Req::KioskEnd)]
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
                        KeyCode::Esc => vec![Action::Go(Screen::Home)],
                        _ => Vec::new(),
                    },
                    Screen::Notice(n) => match (key.code, &self.settings.printer) {
                        (KeyCode::Esc, _) => vec![Action::Go(Screen::Home)],
                        (KeyCode::Char('s' | 'S' | 'p' | 'P'), Some(outbox)) => {
                            vec![Action::Request(Req::KioskPrint {
                                notice: Box::new(n.notice.clone()),
                                outbox: outbox.clone(),
                            })]
                        }
                        _ => Vec::new(),
                    },
                    Screen::Topup(s) => s.key(key, self.family.as_ref(), self.lang),
                    Screen::Exit(s) => s.key(key),
                };
                self.apply(actions)
            }
            Msg::Tick(now) => {
                self.now = now;
                match self.idle_left() {
                    Some(0) => self.clear(),
                    _ => Vec::new(),
                }
            }
            Msg::Reply(reply) => {
                self.busy = false;
                self.reply(*reply)
            }
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
                Action::Go(Screen::Welcome(w)) if w.is_blank() => {
                    // "Finish": the parent leaves; same as the idle clear.
                    cmds.extend(self.clear());
                }
                Action::Go(screen) => self.screen = screen,
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

    fn reply(&mut self, reply: Reply) -> Vec<Cmd> {
        let lang = self.lang;
        if let Some(e) = reply_error(&reply)
            && e.kind == ErrorKind::Unauthenticated
            && !matches!(reply, Reply::Identified(_) | Reply::SupervisorChecked(_))
        {
            // The session was lost during a visit (a server restart): start over, logged in again.
            let mut cmds = self.clear();
            self.error(lang.t(k::OFFLINE).to_string());
            let (username, password) = self.settings.account.clone();
            cmds.push(Cmd::Backend(Req::Login { username, password }));
            return cmds;
        }
        match reply {
            Reply::Identified(result) => {
                let Screen::Welcome(w) = &mut self.screen else {
                    // The screen was cleared meanwhile: forget the answer, and the identification.
                    return match result {
                        Ok(_) => vec![Cmd::Backend(Req::KioskEnd)],
                        Err(_) => Vec::new(),
                    };
                };
                match result {
                    Ok(card) => {
                        self.wait_until = None;
                        self.family = Some(Family { card, selected: 0 });
                        self.screen = Screen::Home;
                    }
                    Err(e) if e.kind == ErrorKind::Unauthenticated && self.retry.is_none() => {
                        // The kiosk's own session is gone: log in again, then ask once more.
                        self.retry = w.request();
                        self.busy = true;
                        let (username, password) = self.settings.account.clone();
                        return vec![Cmd::Backend(Req::Login { username, password })];
                    }
                    Err(e) if e.kind == ErrorKind::NotFound => self.error(e.localized(lang)),
                    // A PAN whose check character does not match: said on its field, to fix it.
                    Err(e) if e.field.as_deref() == Some("pan") => {
                        w.pan.error = Some(e.localized(lang));
                        w.focus = 1;
                    }
                    Err(e) if e.kind == ErrorKind::Locked => {
                        let wait = std::time::Duration::from_secs(e.retry_after.unwrap_or(60));
                        self.wait_until = Some(self.now + wait);
                        w.clear_pan();
                    }
                    Err(e) if e.kind == ErrorKind::Unavailable => {
                        self.error(lang.t(k::OFFLINE).to_string())
                    }
                    Err(e) => self.error(e.localized(lang)),
                }
                Vec::new()
            }
            Reply::Login(result) => match (result, self.retry.take()) {
                (Ok(_), Some(req)) => {
                    self.busy = true;
                    vec![Cmd::Backend(req)]
                }
                (Ok(_), None) => Vec::new(),
                (Err(_), _) => {
                    self.error(lang.t(k::OFFLINE).to_string());
                    Vec::new()
                }
            },
            Reply::Month(result) => {
                if let Screen::Meals(m) = &mut self.screen {
                    match result {
                        Ok(month) => m.month = Some(month),
                        Err(e) => self.error(e.localized(lang)),
                    }
                }
                Vec::new()
            }
            Reply::Created(result) => {
                if let Screen::Topup(s) = &mut self.screen {
                    s.sending = false;
                    match result {
                        Ok(n) => self.screen = Screen::Notice(notice::NoticeView::new(n)),
                        Err(e) if e.kind == ErrorKind::Unavailable => {
                            self.error(lang.t(k::OFFLINE).to_string())
                        }
                        Err(e) => s.amount.error = Some(e.localized(lang)),
                    }
                }
                Vec::new()
            }
            Reply::DocumentSent(result) => {
                if matches!(self.screen, Screen::Notice(_)) {
                    self.status = Some(match result {
                        Ok(_) => Status {
                            text: lang.t(k::PRINTED).to_string(),
                            error: false,
                        },
                        Err(e) => Status {
                            text: e.localized(lang),
                            error: true,
                        },
                    });
                }
                Vec::new()
            }
            Reply::SupervisorChecked(result) => {
                if let Screen::Exit(s) = &mut self.screen {
                    match result {
                        Ok(()) => return vec![Cmd::Quit],
                        Err(e) => {
                            s.refused();
                            let text = match e.kind {
                                ErrorKind::Unavailable | ErrorKind::Locked => e.localized(lang),
                                _ => lang.t(k::EXIT_REFUSED).to_string(),
                            };
                            self.error(text);
                        }
                    }
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    pub fn view(&self, f: &mut Frame) {
        let area = f.area();
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            f.render_widget(
                Paragraph::new(self.lang.t(t::TOO_SMALL)),
                Rect {
                    height: area.height.min(1),
                    ..area
                },
            );
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
            Screen::Notice(_) if self.settings.printer.is_some() => {
                format!(" {}", self.lang.t(k::NOTICE_KEYS_PRINT))
            }
            Screen::Meals(_) | Screen::Notice(_) => format!(" {}", self.lang.t(k::BACK_KEYS)),
        };
        f.render_widget(Paragraph::new(keys).style(th.footer), footer);
    }
}

impl super::Program for Kiosk {
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
    fn on_hangup(&self) -> Option<Req> {
        // The next start shows the welcome screen: nothing of this parent is kept anywhere.
        self.family.as_ref().map(|_| Req::KioskEnd)
    }
    fn ignores_interrupts(&self) -> bool {
        true
    }
}

/// The error a reply carries, for the answers the kiosk asks for.
fn reply_error(reply: &Reply) -> Option<&crate::backend::BackendError> {
    match reply {
        Reply::Month(Err(e)) | Reply::Created(Err(e)) => Some(e),
        _ => None,
    }
}
