//! Edit a parent's contacts: e-mail, phone, address.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

use super::Screen;
use crate::backend::{BResult, ParentInfo, ParentPatch};
use crate::i18n::{Lang, Localized, tui as t};
use crate::tui::app::{Action, App, Env};
use crate::tui::job;
use crate::tui::widgets::field::{Field, title};
use crate::tui::widgets::form::Form;

#[derive(Debug)]
pub struct ParentData {
    pub cf: String,
    pub name: String,
    pub form: Form,
}

impl ParentData {
    pub fn new(p: &ParentInfo) -> Self {
        let v = |s: &Option<String>| s.clone().unwrap_or_default();
        ParentData {
            cf: p.cf.to_string(),
            name: p.full_name(),
            form: Form::new(vec![
                Field::new("email").with_value(&v(&p.email)),
                Field::new("phone").with_value(&v(&p.phone)),
                Field::new("address").with_value(&v(&p.address)),
            ]),
        }
    }

    pub fn key(&mut self, key: KeyEvent, _env: &Env) -> Vec<Action> {
        match key.code {
            KeyCode::Esc => vec![Action::Back],
            KeyCode::Enter if self.form.advance() => Vec::new(),
            KeyCode::Enter => {
                let v = |i: usize| Some(self.form.trimmed(i));
                let patch = ParentPatch {
                    email: v(0),
                    phone: v(1),
                    address: v(2),
                };
                vec![Action::Request(job::change(
                    "update_parent",
                    (self.cf.clone(), patch),
                    |b, (cf, patch)| b.update_parent(&cf, &patch),
                    on_saved,
                ))]
            }
            _ => {
                self.form.key(key);
                Vec::new()
            }
        }
    }

    pub fn view(&self, f: &mut Frame, area: Rect, app: &App) {
        let lang = app.lang();
        let labels = [t::EMAIL, t::PHONE, t::ADDRESS];
        let [heading, form] = super::title_and_body(area, 2);
        let heading_text = format!("{} · {}", lang.t(t::PARENT_DATA_TITLE), self.name);
        f.render_widget(Paragraph::new(title(&heading_text)), heading);
        let labels: Vec<&'static str> = labels.iter().map(|l| lang.t(*l)).collect();
        self.form.draw(f, form, &labels, 12, 1, &app.theme);
    }
}

pub fn footer(env: &Env) -> String {
    env.lang.t(t::K_FORM).to_string()
}

fn on_saved(screen: &mut Screen, r: BResult<ParentInfo>, lang: Lang) -> Vec<Action> {
    let Screen::ParentData(form) = screen else {
        return Vec::new();
    };
    match r {
        Ok(_) => vec![Action::Back, Action::Info(lang.t(t::SAVED).to_string())],
        Err(e) if form.form.fail_on(e.field.as_deref(), e.localized(lang)) => Vec::new(),
        Err(e) => vec![Action::Error(e.localized(lang))],
    }
}
