//! The credentials letter: shown once after registration or regeneration.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::Screen;
use crate::backend::Credentials;
use crate::i18n::{Localized, tui as t};
use crate::tui::app::{Action, App, Env};
use crate::tui::job::{self, Request};
use crate::tui::widgets::field::title;

#[derive(Debug)]
pub struct CredentialsLetter {
    pub creds: Credentials,
    /// After a registration the family card opens next; otherwise Enter goes back to it.
    pub open_family: bool,
}

impl CredentialsLetter {
    pub fn new(creds: Credentials, open_family: bool) -> Self {
        CredentialsLetter { creds, open_family }
    }

    pub fn key(&mut self, key: KeyEvent, env: &Env) -> Vec<Action> {
        // Never by e-mail: a temporary password does not travel through mail servers.
        if let Some(outbox) = &env.outbox
            && let Some(how) = super::delivery(&key, env, outbox, false)
        {
            let outbox = outbox.clone();
            return vec![Action::Request(job::change(
                "letter",
                (self.creds.clone(), how),
                move |b, (creds, how)| outbox.send_letter(b, &creds, how),
                |_, r, lang| super::on_sent(r, lang),
            ))];
        }
        match key.code {
            KeyCode::Enter | KeyCode::Esc if self.open_family => {
                vec![Action::Request(super::family::load(
                    self.creds.cf.to_string(),
                ))]
            }
            KeyCode::Enter | KeyCode::Esc => vec![Action::Back],
            _ => Vec::new(),
        }
    }

    pub fn view(&self, f: &mut Frame, area: Rect, app: &App) {
        let lang = app.lang();
        let th = &app.theme;
        let c = &self.creds;
        let lines = vec![
            title(&format!(
                "{} · {}",
                lang.t(t::CREDENTIALS_TITLE),
                app.ente_name
            )),
            Line::default(),
            Line::from(format!("{} ({})", c.full_name, c.cf)),
            Line::default(),
            Line::from(vec![
                Span::styled(format!("{:<24}", lang.t(t::USERNAME)), th.label),
                Span::styled(c.username.clone(), th.focus),
            ]),
            Line::from(vec![
                Span::styled(format!("{:<24}", lang.t(t::TEMP_PASSWORD)), th.label),
                Span::styled(c.temporary_password.clone(), th.focus),
            ]),
            Line::from(vec![
                Span::styled(format!("{:<24}", lang.t(t::CANCEL_CODE)), th.label),
                Span::styled(c.meal_cancel_code.clone(), th.focus),
            ]),
            Line::default(),
            Line::from(lang.t(t::HOW_TO_LOGIN)),
            Line::default(),
            Line::from(Span::styled(lang.t(t::CREDENTIALS_ONCE), th.warning)),
        ];
        f.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: true }),
            Rect {
                x: area.x + 2,
                width: area.width.saturating_sub(4),
                ..area
            },
        );
    }
}

pub fn footer(env: &Env) -> String {
    format!(
        "{}{}",
        env.lang.t(t::K_CREDENTIALS),
        super::delivery_keys(env, false)
    )
}

/// New credentials for an existing parent: the letter opens over the family card.
pub fn regenerate(cf: String) -> Request {
    job::change(
        "regenerate_credentials",
        cf,
        |b, cf| b.regenerate_credentials(&cf),
        |_, r, lang| match r {
            Ok(c) => vec![Action::Push(Screen::Credentials(CredentialsLetter::new(
                c, false,
            )))],
            Err(e) => vec![Action::Error(e.localized(lang))],
        },
    )
}
