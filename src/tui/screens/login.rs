//! Operator login. Wrong passwords are counted by the store, per user name: a refusal that carries a
//! wait is counted down here, for that name only (a colleague at the same desk logs in meanwhile).

use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::i18n::{staff, tui as t};
use crate::tui::app::{Action, App, Env};
use crate::tui::exec::Req;
use crate::tui::widgets::field::{Field, title};

#[derive(Debug)]
pub struct Login {
    pub fields: [Field; 2],
    pub focus: usize,
    /// The user name last sent, whose answer is awaited.
    sent: String,
    /// A user name that must wait, and until when.
    pub wait: Option<(String, Instant)>,
}

impl Default for Login {
    fn default() -> Self {
        Login {
            fields: [Field::new("user"), Field::secret("password")],
            focus: 0,
            sent: String::new(),
            wait: None,
        }
    }
}

impl Login {
    pub fn key(&mut self, key: KeyEvent, _env: &Env) -> Vec<Action> {
        match key.code {
            KeyCode::Tab | KeyCode::Down | KeyCode::Up | KeyCode::BackTab => {
                self.focus = 1 - self.focus;
                Vec::new()
            }
            KeyCode::Enter if self.focus == 0 => {
                self.focus = 1;
                Vec::new()
            }
            KeyCode::Enter => {
                let username = self.fields[0].value().trim().to_string();
                let password = self.fields[1].value().to_string();
                // The password is not kept once sent.
                self.fields[1] = Field::secret("password");
                self.sent = username.clone();
                vec![Action::Request(Req::Login { username, password })]
            }
            _ => {
                self.fields[self.focus].key(key);
                Vec::new()
            }
        }
    }

    /// A refused login: the password field is emptied (whatever was typed meanwhile), and a wait the
    /// store asks for is counted down for that user name.
    pub fn refused(&mut self, retry_after: Option<u64>, now: Instant) {
        self.fields[1] = Field::secret("password");
        self.focus = 1;
        self.wait = retry_after.map(|s| (self.sent.clone(), now + Duration::from_secs(s)));
    }

    pub fn view(&self, f: &mut Frame, area: Rect, app: &App) {
        let lang = app.lang();
        let x = area.x + 4;
        let w = area.width.saturating_sub(8).min(60);
        f.render_widget(
            Paragraph::new(title(lang.t(t::LOGIN_TITLE))),
            Rect::new(x, area.y + 2, w, 1),
        );
        let labels = [lang.t(t::USERNAME), lang.t(t::PASSWORD)];
        for (i, field) in self.fields.iter().enumerate() {
            let mut shown = field.clone();
            shown.label = labels[i];
            shown.draw(
                f,
                Rect::new(x, area.y + 4 + i as u16 * 2, w, 1),
                self.focus == i,
                10,
                &app.theme,
            );
        }
        if let Some((user, until)) = &self.wait
            && let Some(left) = until.checked_duration_since(app.now)
            && !left.is_zero()
        {
            let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
            f.render_widget(
                Paragraph::new(lang.pair(staff::retry_in(user, secs))).style(app.theme.warning),
                Rect::new(x, area.y + 8, w, 1),
            );
        }
        if let Some(creds) = &app.demo_credentials {
            let lines = vec![
                Line::from(lang.t(t::DEMO_CREDENTIALS)),
                Line::from(format!("  {} / {}", creds[0].0, creds[0].1)),
                Line::from(format!("  {} / {}", creds[1].0, creds[1].1)),
            ];
            f.render_widget(
                Paragraph::new(lines).style(app.theme.dim),
                Rect::new(x, area.y + 9, w, 3),
            );
        }
    }
}

pub fn footer(env: &Env) -> String {
    env.lang.t(t::K_LOGIN).to_string()
}
