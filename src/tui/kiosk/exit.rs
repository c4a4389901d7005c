//! Leaving kiosk mode: only with a supervisor's user name and password, checked by the backend.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Action, Kiosk, Screen};
use crate::i18n::kiosk as k;
use crate::tui::exec::Req;
use crate::tui::widgets::field::{Field, draw_form};

#[derive(Debug)]
pub struct Exit {
    fields: [Field; 2],
    focus: usize,
}

impl Default for Exit {
    fn default() -> Self {
        Exit {
            fields: [Field::new(""), Field::secret("")],
            focus: 0,
        }
    }
}

impl Exit {
    /// A wrong password: typed again from scratch.
    pub fn refused(&mut self) {
        self.fields[1] = Field::secret("");
        self.focus = 1;
    }

    pub fn key(&mut self, key: KeyEvent) -> Vec<Action> {
        match key.code {
            KeyCode::Esc => vec![Action::Go(Screen::Welcome(Default::default()))],
            KeyCode::Tab | KeyCode::Down | KeyCode::BackTab | KeyCode::Up => {
                self.focus = 1 - self.focus;
                Vec::new()
            }
            KeyCode::Enter if self.focus == 0 => {
                self.focus = 1;
                Vec::new()
            }
            KeyCode::Enter => vec![Action::Request(Req::VerifySupervisor {
                username: self.fields[0].value().trim().to_string(),
                password: self.fields[1].value().to_string(),
            })],
            _ => {
                self.fields[self.focus].key(key);
                Vec::new()
            }
        }
    }

    pub fn view(&self, f: &mut Frame, area: Rect, kiosk: &Kiosk) {
        let lang = kiosk.lang;
        let th = &kiosk.settings.theme;
        f.render_widget(
            Paragraph::new(Line::from(Span::styled(lang.t(k::EXIT_TITLE), th.focus))),
            Rect::new(area.x + 2, area.y + 1, area.width.saturating_sub(4), 1),
        );
        draw_form(
            f,
            Rect::new(
                area.x + 2,
                area.y + 3,
                50.min(area.width.saturating_sub(4)),
                4,
            ),
            &self.fields,
            &[lang.t(k::EXIT_USER), lang.t(k::EXIT_PASSWORD)],
            self.focus,
            12,
            th,
        );
    }
}
