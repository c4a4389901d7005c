//! The other parent: link them to a child read-only, or (supervisor, with a reason) make them the
//! paying parent: the "I log in and see no child" case.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::Screen;
use crate::backend::{BResult, ChildCard};
use crate::i18n::{Lang, Localized, tui as t};
use crate::tui::app::{Action, App, Env};
use crate::tui::exec::Req;
use crate::tui::widgets::field::{Field, title};

#[derive(Debug)]
pub struct LinkParent {
    pub child_cf: String,
    pub child_name: String,
    pub parent_cf: Field,
    pub reason: Field,
    pub make_payer: bool,
    pub focus: usize,
}

impl LinkParent {
    pub fn new(child: &ChildCard) -> Self {
        LinkParent {
            child_cf: child.cf.to_string(),
            child_name: child.full_name(),
            parent_cf: Field::new("parent_cf"),
            reason: Field::new("reason"),
            make_payer: false,
            focus: 0,
        }
    }

    pub fn key(&mut self, key: KeyEvent, env: &Env) -> Vec<Action> {
        match key.code {
            KeyCode::Esc => vec![Action::Back],
            KeyCode::F(9) if env.supervisor() => {
                self.make_payer = !self.make_payer;
                Vec::new()
            }
            KeyCode::Tab | KeyCode::Down | KeyCode::Up if self.make_payer => {
                self.focus = 1 - self.focus;
                Vec::new()
            }
            KeyCode::Enter => {
                let parent_cf = self.parent_cf.value().trim().to_string();
                let child_cf = self.child_cf.clone();
                let req = if self.make_payer {
                    Req::ChangePayer {
                        child_cf,
                        parent_cf,
                        reason: self.reason.value().trim().to_string(),
                    }
                } else {
                    Req::LinkParent {
                        child_cf,
                        parent_cf,
                    }
                };
                vec![Action::Request(req)]
            }
            _ => {
                let field = if self.focus == 0 {
                    &mut self.parent_cf
                } else {
                    &mut self.reason
                };
                field.key(key);
                Vec::new()
            }
        }
    }

    pub fn view(&self, f: &mut Frame, area: Rect, app: &App) {
        let lang = app.lang();
        let x = area.x + 2;
        let w = area.width.saturating_sub(4);
        let head = vec![
            title(&format!("{} · {}", lang.t(t::LINK_TITLE), self.child_name)),
            Line::default(),
            Line::from(lang.t(t::LINK_HELP)),
        ];
        f.render_widget(
            Paragraph::new(head).wrap(Wrap { trim: true }),
            Rect::new(x, area.y + 1, w, 5),
        );
        let mut cf = self.parent_cf.clone();
        cf.label = lang.t(t::OTHER_PARENT_CF);
        cf.draw(
            f,
            Rect::new(x, area.y + 7, w, cf.height(w, 36).min(3)),
            self.focus == 0,
            36,
            &app.theme,
        );
        if app.env.supervisor() {
            let mark = if self.make_payer { "[x]" } else { "[ ]" };
            f.render_widget(
                Paragraph::new(format!("{mark} {}", lang.t(t::MAKE_PAYER))),
                Rect::new(x, area.y + 10, w, 1),
            );
        }
        if self.make_payer {
            let mut reason = self.reason.clone();
            reason.label = lang.t(t::REASON);
            reason.draw(
                f,
                Rect::new(x, area.y + 12, w, reason.height(w, 36).min(3)),
                self.focus == 1,
                36,
                &app.theme,
            );
        }
    }
}

pub fn footer(env: &Env) -> String {
    env.lang.t(t::K_LINK).to_string()
}

pub fn on_done(screen: &mut Screen, r: BResult<()>, lang: Lang, ok: t::Text) -> Vec<Action> {
    let Screen::LinkParent(form) = screen else {
        return Vec::new();
    };
    match r {
        Ok(()) => vec![Action::Back, Action::Info(lang.t(ok).to_string())],
        Err(e) => {
            let msg = e.localized(lang);
            if e.field.as_deref() == Some("reason") {
                form.reason.error = Some(msg);
                form.focus = 1;
            } else {
                form.parent_cf.error = Some(msg);
                form.focus = 0;
            }
            Vec::new()
        }
    }
}
