//! The Elm-like core: `Msg` in, `update` changes `App` and returns `Cmd`s (backend calls), `view` draws.
//! Screens (one file each in `screens/`) handle their keys and return `Action`s; this module applies
//! them: navigation, backend requests, the status line, the session and the idle lock.

use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::follow::Follow;
use super::job::{Answer, Job, Request};
use super::screens::{Screen, family, login, search};
use super::theme::Theme;
use super::typeahead::Typeahead;
use crate::backend::{BackendError, Operator, Role};
use crate::i18n::session;
use crate::i18n::tui as t;
use crate::i18n::{Lang, Localized};
use crate::text::wrap_words;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;
const IDLE_WARNING: Duration = Duration::from_secs(30);

/// `A`: what a backend call gives back to apply (the desk's `Answer`, or the kiosk's).
#[derive(Debug)]
pub enum Msg<A = Answer> {
    Key(KeyEvent),
    Reply(A),
    /// A second passed (idle countdown, following a notice); `now` lets tests move the clock.
    Tick(Instant),
}

#[derive(Debug)]
pub enum Cmd<A = Answer> {
    Backend(Job<A>),
    Quit,
}

/// What a screen asks the app to do.
#[derive(Debug)]
pub enum Action {
    Request(Request),
    /// The login was accepted: the operator's session starts on the search screen.
    LoggedIn(Operator),
    /// The password asked again in place was accepted (see `login::Relogin`).
    LoggedInAgain(Operator),
    /// The login was refused (the store may ask to wait before the next try).
    LoginRefused(BackendError),
    Push(Screen),
    Replace(Screen),
    Back,
    Info(String),
    Error(String),
}

/// Read-only facts screens need.
pub struct Env {
    pub lang: Lang,
    pub operator: Option<Operator>,
    pub presets: Vec<i64>,
    pub min_topup: i64,
    pub keys: crate::config::keys::Keymap,
    /// Where documents go (save, print, e-mail); none when the logo cannot be read.
    pub outbox: Option<std::sync::Arc<crate::paper::Outbox>>,
    /// The backend's clock (the central API's for a remote desk): today for screens.
    pub clock: crate::clock::Clock,
}

impl Env {
    pub fn supervisor(&self) -> bool {
        self.operator
            .as_ref()
            .is_some_and(|o| o.role == Role::Supervisor)
    }
}

pub struct Status {
    pub text: String,
    pub error: bool,
}

pub struct App {
    pub env: Env,
    pub theme: Theme,
    pub ente_name: String,
    pub mode_label: String,
    pub demo_credentials: Option<[(String, String); 2]>,
    pub screen: Screen,
    pub back: Vec<Screen>,
    pub status: Option<Status>,
    pub in_flight: usize,
    /// The changes asked for since nothing was last in flight: the same one is not sent twice.
    unanswered: Vec<u64>,
    pub idle_timeout: Duration,
    pub last_input: Instant,
    pub now: Instant,
    /// The central API did not answer the last call.
    pub offline: bool,
    /// The pace of reads following the notice on screen until it is paid.
    pub follow: Follow,
    /// The password asked again in place: the central API no longer knew the session.
    pub relogin: Option<login::Relogin>,
    /// The calls refused for want of a session, to send again after the new login, each with the
    /// wait it belongs to (see `typeahead`).
    waiting: Vec<(Request, Option<u64>)>,
    /// Keys typed while a screen loads go to the screen opened, never to the one being left.
    typeahead: Typeahead,
}

impl App {
    pub fn new(
        env: Env,
        theme: Theme,
        ente_name: String,
        mode_label: String,
        idle_timeout: Duration,
    ) -> App {
        let now = Instant::now();
        App {
            env,
            theme,
            ente_name,
            mode_label,
            demo_credentials: None,
            screen: Screen::Login(login::Login::default()),
            back: Vec::new(),
            status: None,
            in_flight: 0,
            unanswered: Vec::new(),
            idle_timeout,
            last_input: now,
            now,
            offline: false,
            follow: Follow::default(),
            relogin: None,
            waiting: Vec::new(),
            typeahead: Typeahead::default(),
        }
    }

    pub fn lang(&self) -> Lang {
        self.env.lang
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        match msg {
            Msg::Key(key) if key.kind == KeyEventKind::Release => Vec::new(),
            Msg::Key(key) => {
                self.last_input = self.now;
                // Quitting and logging out never wait.
                if key.modifiers.contains(KeyModifiers::CONTROL) {
                    match key.code {
                        KeyCode::Char('c') | KeyCode::Char('q') => return vec![Cmd::Quit],
                        KeyCode::Char('l') if self.env.operator.is_some() => {
                            return self.logout(None);
                        }
                        _ => {}
                    }
                }
                if self.relogin.is_some() {
                    return self.relogin_key(key);
                }
                if self.typeahead.hold(key) {
                    return Vec::new();
                }
                self.screen_key(key)
            }
            Msg::Reply(mut answer) => {
                if answer.follows {
                    self.follow.answered();
                } else {
                    self.in_flight = self.in_flight.saturating_sub(1);
                    if self.in_flight == 0 {
                        self.unanswered.clear();
                    }
                }
                if answer.needs_session && self.env.operator.is_none() {
                    // An answer that arrives after the idle lock is dropped: no personal data on screen.
                    return Vec::new();
                }
                let awaited = answer.awaited;
                if let Some(again) = answer.retry.take() {
                    // Still awaited if it was: the same call goes again after the password.
                    self.waiting.push((again, awaited));
                    if self.relogin.is_none()
                        && let Some(op) = &self.env.operator
                    {
                        self.relogin = Some(login::Relogin::new(&op.username));
                    }
                    return Vec::new();
                }
                let awaited = self.typeahead.answered(awaited);
                let lang = self.lang();
                let actions = answer.apply(&mut self.screen, lang);
                // What an awaited answer asks for next (a screen that loads in two calls) is awaited too.
                let mut cmds = self.apply(actions, awaited);
                cmds.extend(self.replay());
                cmds
            }
            Msg::Tick(now) => {
                self.now = now;
                if self.env.operator.is_some()
                    && now.duration_since(self.last_input) >= self.idle_timeout
                {
                    return self.logout(Some(self.lang().t(t::LOGGED_OUT_IDLE).to_string()));
                }
                // A follow read is not activity: it leaves the idle lock's clock alone.
                match self.screen.follow() {
                    Some(req) if self.env.operator.is_some() && self.follow.due(now) => {
                        vec![Cmd::Backend(req)]
                    }
                    _ => Vec::new(),
                }
            }
        }
    }

    /// A key for the screen showing. The requests it makes are awaited (the keys after it wait for
    /// their answers), but for those that ask for more of the same screen: moving in it (a month, a
    /// page) and letters typed in the search box.
    fn screen_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        // A message stays until the next key.
        self.status = None;
        let moving = matches!(
            key.code,
            KeyCode::Up
                | KeyCode::Down
                | KeyCode::Left
                | KeyCode::Right
                | KeyCode::PageUp
                | KeyCode::PageDown
                | KeyCode::Home
                | KeyCode::End
        );
        let typing = matches!(self.screen, Screen::Search(_))
            && matches!(
                key.code,
                KeyCode::Char(_) | KeyCode::Backspace | KeyCode::Delete
            )
            && !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        self.typeahead.pressed(key);
        let actions = self.screen.key(key, &self.env);
        self.apply(actions, !(moving || typing))
    }

    /// The keys typed while answers were awaited, once all are in (and no password is asked).
    fn replay(&mut self) -> Vec<Cmd> {
        if self.relogin.is_some() {
            return Vec::new();
        }
        let mut cmds = Vec::new();
        let mut keys = self.typeahead.release().into_iter();
        while let Some(key) = keys.next() {
            cmds.extend(self.screen_key(key));
            if self.typeahead.waiting() {
                // Another screen is being opened: the rest wait for it.
                for key in keys.by_ref() {
                    self.typeahead.hold(key);
                }
            }
        }
        cmds
    }

    /// A key while the password is asked again: Enter sends it, Esc gives up (the screen stays as it
    /// was, what was typed included; the calls waiting are not made), others edit it.
    fn relogin_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        if key.code == KeyCode::Esc {
            self.relogin = None;
            for (job, awaited) in std::mem::take(&mut self.waiting) {
                self.typeahead.given_up(awaited);
                // Not sent: pressing again sends it (after the password), whatever else is in flight.
                if let Some(change) = job.once() {
                    self.unanswered.retain(|c| *c != change);
                }
            }
            self.status = Some(Status {
                text: self.lang().t(session::RELOGIN_GAVE_UP).to_string(),
                error: true,
            });
            return Vec::new();
        }
        self.status = None;
        let Some(login) = self.relogin.as_mut().and_then(|relogin| relogin.key(key)) else {
            return Vec::new();
        };
        let mut cmds = Vec::new();
        self.request(login, false, &mut cmds);
        cmds
    }

    /// The same session user logged in again: the calls refused meanwhile go again as they were (a
    /// change with its Idempotency-Key), even if the same change is still counted as unanswered.
    fn logged_in_again(&mut self, op: Operator, cmds: &mut Vec<Cmd>) {
        self.env.operator = Some(op);
        self.relogin = None;
        self.status = None;
        for (job, _) in std::mem::take(&mut self.waiting) {
            if let Some(change) = job.once()
                && !self.unanswered.contains(&change)
            {
                self.unanswered.push(change);
            }
            self.in_flight += 1;
            cmds.push(Cmd::Backend(job));
        }
    }

    /// A backend request that keeps unfinished work (an enrolment draft) before the app is ended.
    pub fn draft_request(&self) -> Option<Request> {
        match &self.screen {
            Screen::Enrol(e) => e.draft_request(),
            _ => None,
        }
    }

    /// Seconds before the idle lock, when the warning should show.
    pub fn idle_countdown(&self) -> Option<u64> {
        self.env.operator.as_ref()?;
        let left = self
            .idle_timeout
            .checked_sub(self.now.duration_since(self.last_input))?;
        (left <= IDLE_WARNING).then_some(left.as_secs())
    }

    /// Clears every screen and personal data; an unfinished enrolment is saved as a draft first (in the
    /// same backend task, so it is written before the session ends).
    fn logout(&mut self, why: Option<String>) -> Vec<Cmd> {
        let draft = self.draft_request();
        self.env.operator = None;
        self.back.clear();
        self.unanswered.clear();
        self.relogin = None;
        self.waiting.clear();
        self.typeahead.cancel();
        self.screen = Screen::Login(login::Login::default());
        self.status = why.map(|text| Status { text, error: false });
        vec![Cmd::Backend(Job::new("logout", move |b| {
            if let Some(draft) = draft {
                draft.run(b);
            }
            let _ = b.logout();
            Answer::none()
        }))]
    }

    /// Sends a request, unless it changes something and the very same one went out in this burst of
    /// work (since nothing was last in flight): a key pressed twice on a slow link makes one notice,
    /// one credentials letter, one cash payment. Reads always go. An `awaited` request holds the keys
    /// typed after it until its answer is in.
    fn request(&mut self, req: Request, awaited: bool, cmds: &mut Vec<Cmd>) {
        if let Some(change) = req.once() {
            if self.unanswered.contains(&change) {
                return;
            }
            self.unanswered.push(change);
        }
        self.in_flight += 1;
        let req = if awaited {
            req.awaited(self.typeahead.expect())
        } else {
            req
        };
        cmds.push(Cmd::Backend(req));
    }

    fn apply(&mut self, actions: Vec<super::app::Action>, awaited: bool) -> Vec<Cmd> {
        let mut cmds = Vec::new();
        for a in actions {
            match a {
                Action::Request(req) => self.request(req, awaited, &mut cmds),
                Action::LoggedIn(op) => {
                    self.env.operator = Some(op);
                    self.status = None;
                    self.screen = Screen::Search(search::Search::default());
                }
                Action::LoggedInAgain(op) => self.logged_in_again(op, &mut cmds),
                Action::LoginRefused(e) => {
                    // The store counts wrong passwords per user name and says how long to wait.
                    self.error(&e);
                    if let Some(relogin) = &mut self.relogin {
                        relogin.refused(e.retry_after, self.now);
                    } else if let Screen::Login(l) = &mut self.screen {
                        l.refused(e.retry_after, self.now);
                    }
                }
                Action::Push(s) => {
                    let old = std::mem::replace(&mut self.screen, s);
                    self.back.push(old);
                }
                Action::Replace(s) => self.screen = s,
                Action::Back => {
                    if let Some(s) = self.back.pop() {
                        self.screen = s;
                        // A card shown again may be stale (a payment, an unlock): ask again.
                        if let Screen::Family(f) = &self.screen {
                            let cf = f.card.parent.cf.to_string();
                            self.request(family::load(cf), awaited, &mut cmds);
                        }
                    }
                }
                Action::Info(text) => self.status = Some(Status { text, error: false }),
                Action::Error(text) => self.status = Some(Status { text, error: true }),
            }
        }
        cmds
    }

    fn error(&mut self, e: &BackendError) {
        self.status = Some(Status {
            text: e.localized(self.lang()),
            error: true,
        });
    }

    pub fn view(&self, f: &mut Frame) {
        let area = f.area();
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            too_small(f, self.lang());
            return;
        }
        // The message and its style: the idle warning, the last message, work under way, or what
        // following the notice on screen says.
        let message: Option<(String, Style)> = if let Some(secs) = self.idle_countdown() {
            Some((
                format!("{} {secs} s", self.lang().t(t::IDLE_WARNING)),
                self.theme.warning,
            ))
        } else if let Some(s) = &self.status {
            let style = if s.error {
                self.theme.error
            } else {
                self.theme.ok
            };
            Some((s.text.clone(), style))
        } else if self.in_flight > 0 {
            Some((self.lang().t(t::WORKING).to_string(), self.theme.dim))
        } else if let Some((text, stopped)) = self.screen.follow_note(self.lang()) {
            // Quiet while the notice is still being followed; a warning once it no longer is.
            let style = if stopped {
                self.theme.warning
            } else {
                self.theme.dim
            };
            Some((text, style))
        } else {
            None
        };
        let wrapped = |width: u16| -> Vec<Line> {
            message
                .iter()
                .flat_map(|(text, style)| {
                    wrap_words(text, usize::from(width))
                        .into_iter()
                        .map(|l| Line::from(Span::styled(l, *style)))
                })
                .collect()
        };
        let status_text = wrapped(area.width);
        // A long message takes up to three lines rather than being cut at the window's edge, as long
        // as the screen can spare them (never a row of a QR code).
        let spare = area
            .height
            .saturating_sub(3 + self.screen.rows_needed())
            .clamp(1, 3);
        let status_lines = (status_text.len() as u16).clamp(1, spare);
        let [header, body, status, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(status_lines),
            Constraint::Length(1),
        ])
        .areas(area);
        f.render_widget(
            Paragraph::new(self.header_line(area.width)).style(self.theme.header),
            header,
        );
        self.screen.view(f, body, self);
        if let Some(relogin) = &self.relogin {
            relogin.view(f, body, self);
        }
        // Still too long (beside a QR code): in full at the foot of the room the screen leaves.
        let place = self
            .screen
            .status_place(body)
            .filter(|_| status_text.len() as u16 > spare);
        match place {
            Some(place) => {
                let lines = wrapped(place.width);
                let height = (lines.len() as u16).min(place.height);
                let [_, foot] = super::widgets::list::rows(place, [0, height]);
                f.render_widget(Clear, foot);
                f.render_widget(Paragraph::new(lines), foot);
            }
            None => f.render_widget(Paragraph::new(status_text), status),
        }
        let keys = match &self.relogin {
            Some(_) => self.lang().t(session::K_RELOGIN).to_string(),
            None => self.env.keys.fill(&self.screen.footer(&self.env)),
        };
        f.render_widget(Paragraph::new(keys).style(self.theme.footer), footer);
    }

    /// Ente, mode and who is logged in; on a narrow line the role, then the ente, give way (the
    /// central API being unreachable must stay in sight).
    fn header_line(&self, width: u16) -> String {
        let lang = self.lang();
        let mode = if self.offline {
            lang.t(t::UNREACHABLE)
        } else {
            &self.mode_label
        };
        let (name, role) = match &self.env.operator {
            Some(op) => {
                let role = if op.role == Role::Supervisor {
                    t::ROLE_SUPERVISOR
                } else {
                    t::ROLE_OPERATOR
                };
                (op.full_name.as_str(), Some(lang.t(role)))
            }
            None => ("-", None),
        };
        let with_role = match role {
            Some(r) => format!("{name} ({r})"),
            None => name.to_string(),
        };
        [
            format!(" {} · {mode} · {with_role}", self.ente_name),
            format!(" {} · {mode} · {name}", self.ente_name),
            format!(" {mode} · {name}"),
        ]
        .into_iter()
        .find(|line| line.chars().count() <= width as usize)
        .unwrap_or_else(|| format!(" {mode}"))
    }
}

/// In a window under 80x24: says so, with the size needed and the size now, wrapped to the window; a
/// window too small even for that shows the size needed alone.
pub fn too_small(f: &mut Frame, lang: Lang) {
    let area = f.area();
    let need = format!("{MIN_WIDTH}x{MIN_HEIGHT}");
    let text = lang
        .t(t::TOO_SMALL)
        .replace("{need}", &need)
        .replace("{now}", &format!("{}x{}", area.width, area.height));
    let width = usize::from(area.width);
    let mut lines = wrap_words(&text, width);
    if lines.len() > usize::from(area.height) {
        lines = wrap_words(&need, width);
    }
    let lines: Vec<Line> = lines.into_iter().map(Line::from).collect();
    f.render_widget(Paragraph::new(lines), area);
}
