//! Operator login. Wrong passwords are counted by the store, per user name: a refusal that carries a
//! wait is counted down here, for that name only (a colleague at the same desk logs in meanwhile).

use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Margin, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::i18n::{session, staff, tui as t};
use crate::tui::app::{Action, App, Env};
use crate::tui::job;
use crate::tui::widgets::field::{Field, title};
use crate::tui::widgets::form::Form;
use crate::tui::widgets::list;

#[derive(Debug)]
pub struct Login {
    pub form: Form,
    /// The user name last sent, whose answer is awaited.
    sent: String,
    /// A user name that must wait, and until when.
    pub wait: Option<(String, Instant)>,
}

impl Default for Login {
    fn default() -> Self {
        Login {
            form: Form::new(vec![Field::new("user"), Field::secret("password")]).wrapping(),
            sent: String::new(),
            wait: None,
        }
    }
}

impl Login {
    pub fn key(&mut self, key: KeyEvent, _env: &Env) -> Vec<Action> {
        match key.code {
            KeyCode::Enter if self.form.advance() => Vec::new(),
            KeyCode::Enter => {
                let username = self.form.trimmed(0);
                let password = self.form.value(1).to_string();
                // The password is not kept once sent.
                self.form.clear(1);
                self.sent = username.clone();
                vec![Action::Request(job::open_session(
                    "login",
                    move |b| b.login(&username, &password),
                    |_, r, _| match r {
                        Ok(op) => vec![Action::LoggedIn(op)],
                        Err(e) => vec![Action::LoginRefused(e)],
                    },
                ))]
            }
            _ => {
                self.form.key(key);
                Vec::new()
            }
        }
    }

    /// A refused login: the password field is emptied (whatever was typed meanwhile), and a wait the
    /// store asks for is counted down for that user name.
    pub fn refused(&mut self, retry_after: Option<u64>, now: Instant) {
        self.form.clear(1);
        self.wait = retry_after.map(|s| {
            (
                self.sent.clone(),
                now + Duration::from_secs(s.min(crate::tui::MAX_WAIT_SECS)),
            )
        });
    }

    pub fn view(&self, f: &mut Frame, area: Rect, app: &App) {
        let lang = app.lang();
        let column = list::narrow(area.inner(Margin::new(4, 0)), 60);
        let [_, heading, _, form, _, wait, demo] = list::rows(column, [2, 1, 1, 3, 1, 1, 3]);
        f.render_widget(Paragraph::new(title(lang.t(t::LOGIN_TITLE))), heading);
        let labels = [lang.t(t::USERNAME), lang.t(t::PASSWORD)];
        self.form.draw(f, form, &labels, 10, 1, &app.theme);
        if let Some((user, until)) = &self.wait
            && let Some(left) = until.checked_duration_since(app.now)
            && !left.is_zero()
        {
            let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
            f.render_widget(
                Paragraph::new(lang.pair(staff::retry_in(user, secs))).style(app.theme.warning),
                wait,
            );
        }
        if let Some(creds) = &app.demo_credentials {
            let lines = vec![
                Line::from(lang.t(t::DEMO_CREDENTIALS)),
                Line::from(format!("  {} / {}", creds[0].0, creds[0].1)),
                Line::from(format!("  {} / {}", creds[1].0, creds[1].1)),
            ];
            f.render_widget(Paragraph::new(lines).style(app.theme.dim), demo);
        }
    }
}

pub fn footer(env: &Env) -> String {
    env.lang.t(t::K_LOGIN).to_string()
}

/// The password asked again in place when the central API no longer knows the session (restarted, or
/// idled out there): drawn over the screen, which stays as it was, what was typed included. The user
/// name is the one logged in; wrong passwords are counted and waited out as at the login.
#[derive(Debug)]
pub struct Relogin {
    pub username: String,
    pub password: Field,
    /// When the store asks to wait before the next try.
    pub wait: Option<Instant>,
}

impl Relogin {
    pub fn new(username: &str) -> Relogin {
        Relogin {
            username: username.to_string(),
            password: Field::secret("password"),
            wait: None,
        }
    }

    /// Enter: the login to send (the password is not kept once sent); other keys edit the password.
    pub fn key(&mut self, key: KeyEvent) -> Option<job::Request> {
        if key.code != KeyCode::Enter {
            self.password.key(key);
            return None;
        }
        let username = self.username.clone();
        let password = std::mem::take(&mut self.password).value().to_string();
        self.password = Field::secret("password");
        Some(job::open_session(
            "relogin",
            move |b| b.login(&username, &password),
            |_, r, _| match r {
                Ok(op) => vec![Action::LoggedInAgain(op)],
                Err(e) => vec![Action::LoginRefused(e)],
            },
        ))
    }

    pub fn refused(&mut self, retry_after: Option<u64>, now: Instant) {
        self.password = Field::secret("password");
        self.wait =
            retry_after.map(|s| now + Duration::from_secs(s.min(crate::tui::MAX_WAIT_SECS)));
    }

    /// A box over the middle of `area` (the screen's body), the screen left visible around it.
    pub fn view(&self, f: &mut Frame, area: Rect, app: &App) {
        use ratatui::widgets::{Block, Borders, Clear, Wrap};
        let lang = app.lang();
        let width = area.width.min(64);
        let why = lang.t(session::RELOGIN_WHY);
        let why_rows =
            crate::text::wrap_words(why, usize::from(width.saturating_sub(4))).len() as u16;
        let height = (why_rows + 7).min(area.height);
        let boxed = Rect {
            x: area.x + (area.width - width) / 2,
            y: area.y + (area.height - height) / 2,
            width,
            height,
        };
        f.render_widget(Clear, boxed);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(title(lang.t(session::RELOGIN_TITLE)));
        let inner = block.inner(boxed).inner(Margin::new(1, 0));
        f.render_widget(block, boxed);
        let [why_area, _, user, password, _, wait] = list::rows(inner, [why_rows, 1, 1, 1, 1, 1]);
        f.render_widget(Paragraph::new(why).wrap(Wrap { trim: true }), why_area);
        let user_line = Line::from(format!("{:<10} {}", lang.t(t::USERNAME), self.username));
        f.render_widget(Paragraph::new(user_line).style(app.theme.label), user);
        let mut shown = self.password.clone();
        shown.label = lang.t(t::PASSWORD);
        shown.draw(f, password, true, 10, &app.theme);
        if let Some(until) = self.wait
            && let Some(left) = until.checked_duration_since(app.now)
            && !left.is_zero()
        {
            let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
            f.render_widget(
                Paragraph::new(lang.pair(staff::retry_in(&self.username, secs)))
                    .style(app.theme.warning),
                wait,
            );
        }
    }
}
