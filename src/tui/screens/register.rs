//! Register a parent: codice fiscale first (checked as typed; a known one opens its family), then the
//! rest. The new credentials are shown once.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

use super::Screen;
use super::credentials::CredentialsLetter;
use crate::backend::{BResult, Credentials, ErrorKind, NewParent};
use crate::domain::codice_fiscale::CodiceFiscale;
use crate::i18n::{Lang, Localized, tui as t};
use crate::tui::app::{Action, App, Env};
use crate::tui::exec::Req;
use crate::tui::widgets::field::{Field, draw_form, title};

const FIELDS: [&str; 6] = ["cf", "surname", "name", "email", "phone", "address"];

#[derive(Debug)]
pub struct Register {
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Surname and name the operator chose to keep although they do not give the code's letters.
    kept_names: Option<(String, String)>,
}

impl Register {
    /// `typed`: what was in the search box, kept if it looks like a codice fiscale.
    pub fn new(typed: &str) -> Self {
        let mut fields: Vec<Field> = FIELDS.iter().map(|n| Field::new(n)).collect();
        if CodiceFiscale::parse(typed).is_ok() {
            fields[0] = Field::new("cf").with_value(typed.trim());
        }
        Register {
            fields,
            focus: 0,
            kept_names: None,
        }
    }

    pub fn key(&mut self, key: KeyEvent, env: &Env) -> Vec<Action> {
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
            KeyCode::Enter => {
                let cf = match CodiceFiscale::parse(self.fields[0].value()) {
                    Ok(cf) => cf,
                    Err(e) => {
                        self.fields[0].error = Some(e.localized(env.lang));
                        self.focus = 0;
                        return Vec::new();
                    }
                };
                if self.focus == 0 {
                    let cf = self.fields[0].value().trim().to_string();
                    return vec![Action::Request(Req::CheckKnown { cf })];
                }
                if self.focus < FIELDS.len() - 1 {
                    self.focus += 1;
                    return Vec::new();
                }
                if self.names_need_a_look(env.lang) {
                    return Vec::new();
                }
                let v = |i: usize| self.fields[i].value().trim().to_string();
                let opt = |i: usize| Some(v(i)).filter(|s| !s.is_empty());
                vec![Action::Request(Req::Register(NewParent {
                    cf,
                    surname: v(1),
                    name: v(2),
                    email: opt(3),
                    phone: opt(4),
                    address: opt(5),
                }))]
            }
            _ => {
                self.fields[self.focus].key(key);
                Vec::new()
            }
        }
    }

    /// A surname or name that does not give the code's letters is pointed out once; Enter again
    /// registers it as typed (a code issued under a former surname is real).
    fn names_need_a_look(&mut self, lang: Lang) -> bool {
        let names = (
            self.fields[1].value().trim().to_string(),
            self.fields[2].value().trim().to_string(),
        );
        let Ok(cf) = CodiceFiscale::parse(self.fields[0].value()) else {
            return false;
        };
        let Some(m) = cf.name_mismatch(&names.0, &names.1) else {
            return false;
        };
        if names.0.is_empty() || names.1.is_empty() || self.kept_names.as_ref() == Some(&names) {
            // Empty ones are the store's to refuse, with its own message.
            return false;
        }
        if let Some(letters) = m.surname {
            self.fields[1].error = Some(lang.t(t::SURNAME_MISMATCH).replace("{}", &letters));
        }
        if let Some(letters) = m.name {
            self.fields[2].error = Some(lang.t(t::NAME_MISMATCH).replace("{}", &letters));
        }
        self.kept_names = Some(names);
        true
    }

    pub fn view(&self, f: &mut Frame, area: Rect, app: &App) {
        let lang = app.lang();
        let labels = [t::CF, t::SURNAME, t::NAME, t::EMAIL, t::PHONE, t::ADDRESS];
        let x = area.x + 2;
        let w = area.width.saturating_sub(4);
        f.render_widget(
            Paragraph::new(title(lang.t(t::REGISTER_TITLE))),
            Rect::new(x, area.y + 1, w, 1),
        );
        let labels: Vec<&'static str> = labels.iter().map(|l| lang.t(*l)).collect();
        let form = Rect::new(x, area.y + 3, w, area.height.saturating_sub(3));
        draw_form(f, form, &self.fields, &labels, self.focus, 15, &app.theme);
    }
}

pub fn footer(env: &Env) -> String {
    env.lang.t(t::K_FORM).to_string()
}

/// The code typed first: a known one opens its family instead; otherwise the form goes on.
pub fn on_known(
    screen: &mut Screen,
    r: BResult<crate::backend::FamilyCard>,
    lang: Lang,
) -> Vec<Action> {
    let Screen::Register(form) = screen else {
        return Vec::new();
    };
    match r {
        Ok(card) => vec![
            Action::Replace(Screen::Family(super::family::Family::new(card))),
            Action::Info(lang.t(t::ALREADY_KNOWN).to_string()),
        ],
        Err(e) if e.kind == ErrorKind::NotFound => {
            form.focus = 1;
            Vec::new()
        }
        Err(e) => vec![Action::Error(e.localized(lang))],
    }
}

pub fn on_registered(screen: &mut Screen, r: BResult<Credentials>, lang: Lang) -> Vec<Action> {
    let Screen::Register(form) = screen else {
        return Vec::new();
    };
    match r {
        Ok(creds) => vec![Action::Replace(Screen::Credentials(
            CredentialsLetter::new(creds, true),
        ))],
        Err(e) if e.kind == ErrorKind::Conflict && e.field.as_deref() == Some("cf") => {
            let cf = form.fields[0].value().trim().to_string();
            vec![
                Action::Info(lang.t(t::ALREADY_KNOWN).to_string()),
                Action::Request(Req::Family { cf }),
            ]
        }
        Err(e) => {
            // The error goes under the field it names; everything typed stays.
            match e
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
            }
        }
    }
}
