//! Edit a parent's contacts: e-mail, phone, address.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

use super::Screen;
use crate::backend::{BResult, ParentInfo, ParentPatch};
use crate::i18n::{Lang, Localized, tui as t};
use crate::tui::app::{Action, App, Env};
use crate::tui::exec::Req;
use crate::tui::widgets::field::{Field, draw_form, title};

const FIELDS: [&str; 3] = ["email", "phone", "address"];

#[derive(Debug)]
pub struct ParentData {
    pub cf: String,
    pub name: String,
    pub fields: Vec<Field>,
    pub focus: usize,
}

impl ParentData {
    pub fn new(p: &ParentInfo) -> Self {
        let v = |s: &Option<String>| s.clone().unwrap_or_default();
        ParentData {
            cf: p.cf.to_string(),
            name: p.full_name(),
            fields: vec![
                Field::new("email").with_value(&v(&p.email)),
                Field::new("phone").with_value(&v(&p.phone)),
                Field::new("address").with_value(&v(&p.address)),
            ],
            focus: 0,
        }
    }

    pub fn key(&mut self, key: KeyEvent, _env: &Env) -> Vec<Action> {
        match key.code {
            KeyCode::Esc => vec![Action::Back],
            KeyCode::Up | KeyCode::BackTab => {
                self.focus = self.focus.saturating_sub(1);
                Vec::new()
            }
            KeyCode::Down | KeyCode::Tab => {
                self.focus = (self.focus + 1).min(FIELDS.len() - 1);
                Vec::new()
            }
            KeyCode::Enter if self.focus + 1 < FIELDS.len() => {
                self.focus += 1;
                Vec::new()
            }
            KeyCode::Enter => {
                let v = |i: usize| Some(self.fields[i].value().trim().to_string());
                let patch = ParentPatch {
                    email: v(0),
                    phone: v(1),
                    address: v(2),
                };
                vec![Action::Request(Req::UpdateParent {
                    cf: self.cf.clone(),
                    patch,
                })]
            }
            _ => {
                self.fields[self.focus].key(key);
                Vec::new()
            }
        }
    }

    pub fn view(&self, f: &mut Frame, area: Rect, app: &App) {
        let lang = app.lang();
        let labels = [t::EMAIL, t::PHONE, t::ADDRESS];
        let x = area.x + 2;
        let w = area.width.saturating_sub(4);
        f.render_widget(
            Paragraph::new(title(&format!(
                "{} · {}",
                lang.t(t::PARENT_DATA_TITLE),
                self.name
            ))),
            Rect::new(x, area.y + 1, w, 1),
        );
        let labels: Vec<&'static str> = labels.iter().map(|l| lang.t(*l)).collect();
        let form = Rect::new(x, area.y + 3, w, area.height.saturating_sub(3));
        draw_form(f, form, &self.fields, &labels, self.focus, 12, &app.theme);
    }
}

pub fn footer(env: &Env) -> String {
    env.lang.t(t::K_FORM).to_string()
}

pub fn on_saved(screen: &mut Screen, r: BResult<ParentInfo>, lang: Lang) -> Vec<Action> {
    let Screen::ParentData(form) = screen else {
        return Vec::new();
    };
    match r {
        Ok(_) => vec![Action::Back, Action::Info(lang.t(t::SAVED).to_string())],
        Err(e) => match e
            .field
            .as_deref()
            .and_then(|f| FIELDS.iter().position(|n| *n == f))
        {
            Some(i) => {
                form.fields[i].error = Some(e.localized(lang));
                form.focus = i;
                Vec::new()
            }
            None => vec![Action::Error(e.localized(lang))],
        },
    }
}
