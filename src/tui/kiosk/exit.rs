//! Leaving kiosk mode: only with a supervisor's user name and password, checked by the backend.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Action, Cmd, Kiosk, Screen, request};
use crate::backend::ErrorKind;
use crate::i18n::Localized;
use crate::i18n::kiosk as k;
use crate::tui::widgets::field::Field;
use crate::tui::widgets::form::Form;
use crate::tui::widgets::list;

#[derive(Debug)]
pub struct Exit {
    form: Form,
}

impl Default for Exit {
    fn default() -> Self {
        Exit {
            form: Form::new(vec![Field::new(""), Field::secret("")]).wrapping(),
        }
    }
}

impl Exit {
    /// A wrong password: typed again from scratch.
    pub fn refused(&mut self) {
        self.form.clear(1);
    }

    pub fn key(&mut self, key: KeyEvent) -> Vec<Action> {
        match key.code {
            KeyCode::Esc => vec![Action::go(Screen::Welcome(Default::default()))],
            KeyCode::Enter if self.form.advance() => Vec::new(),
            KeyCode::Enter => {
                let username = self.form.trimmed(0);
                let password = self.form.value(1).to_string();
                vec![Action::Request(request(
                    "verify_supervisor",
                    move |b| b.verify_supervisor(&username, &password),
                    checked,
                ))]
            }
            _ => {
                self.form.key(key);
                Vec::new()
            }
        }
    }

    pub fn view(&self, f: &mut Frame, area: Rect, kiosk: &Kiosk) {
        let lang = kiosk.lang;
        let th = &kiosk.settings.theme;
        let [heading, body] = crate::tui::screens::title_and_body(area, 2);
        f.render_widget(
            Paragraph::new(Line::from(Span::styled(lang.t(k::EXIT_TITLE), th.focus))),
            heading,
        );
        let [form] = list::rows(body, [4]);
        let form = list::narrow(form, 50);
        let labels = [lang.t(k::EXIT_USER), lang.t(k::EXIT_PASSWORD)];
        self.form.draw(f, form, &labels, 12, 1, th);
    }
}

/// A supervisor's password ends the kiosk; anything else is refused (the fields typed again).
fn checked(kiosk: &mut Kiosk, result: Result<(), crate::backend::BackendError>) -> Vec<Cmd> {
    let lang = kiosk.lang;
    if let Screen::Exit(s) = &mut kiosk.screen {
        match result {
            Ok(()) => return vec![Cmd::Quit],
            Err(e) => {
                s.refused();
                let text = match e.kind {
                    ErrorKind::Unavailable | ErrorKind::Locked => e.localized(lang),
                    _ => lang.t(k::EXIT_REFUSED).to_string(),
                };
                kiosk.error(text);
            }
        }
    }
    Vec::new()
}
