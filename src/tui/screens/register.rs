//! Register a parent: codice fiscale first (checked as typed; a known one opens its family), then the
//! rest. The new credentials are shown once. A complete code says under its field what it tells
//! (birth day, place, sex), for the operator to check with the parent.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::Screen;
use super::credentials::CredentialsLetter;
use crate::backend::{BResult, Credentials, ErrorKind, NewParent};
use crate::domain::codice_fiscale::CodiceFiscale;
use crate::i18n::{Lang, Localized, card_edges as ce, tui as t};
use crate::tui::app::{Action, App, Env};
use crate::tui::job;
use crate::tui::theme::Theme;
use crate::tui::widgets::field::{Field, title};
use crate::tui::widgets::form::Form;

/// A parent is at least this old: the century of the code's birth year.
const PARENT_MIN_AGE: u32 = 14;

const FIELDS: [&str; 6] = ["cf", "surname", "name", "email", "phone", "address"];

#[derive(Debug)]
pub struct Register {
    pub form: Form,
    /// Surname and name the operator chose to keep although they do not give the code's letters.
    kept_names: Option<(String, String)>,
}

impl Register {
    /// `typed`: what was in the search box, kept if it looks like a codice fiscale.
    pub fn new(typed: &str) -> Self {
        warm_birthplaces();
        let mut fields: Vec<Field> = FIELDS.iter().map(|n| Field::new(n)).collect();
        if CodiceFiscale::parse(typed).is_ok() {
            fields[0] = Field::new("cf").with_value(typed.trim());
        }
        Register {
            form: Form::new(fields),
            kept_names: None,
        }
    }

    pub fn key(&mut self, key: KeyEvent, env: &Env) -> Vec<Action> {
        match key.code {
            KeyCode::Esc => vec![Action::Back],
            KeyCode::Enter => {
                let cf = match CodiceFiscale::parse(self.form.value(0)) {
                    Ok(cf) => cf,
                    Err(e) => {
                        self.form.fail(0, e.localized(env.lang));
                        return Vec::new();
                    }
                };
                if self.form.focus == 0 {
                    let cf = self.form.trimmed(0);
                    return vec![Action::Request(job::read(
                        "check_known",
                        move |b| b.family(&cf),
                        on_known,
                    ))];
                }
                if self.form.advance() {
                    return Vec::new();
                }
                if self.names_need_a_look(env.lang) {
                    return Vec::new();
                }
                let v = |i: usize| self.form.trimmed(i);
                let opt = |i: usize| Some(v(i)).filter(|s| !s.is_empty());
                let parent = NewParent {
                    cf,
                    surname: v(1),
                    name: v(2),
                    email: opt(3),
                    phone: opt(4),
                    address: opt(5),
                };
                vec![Action::Request(job::change(
                    "register_parent",
                    parent,
                    |b, p| b.register_parent(&p),
                    on_registered,
                ))]
            }
            _ => {
                self.form.key(key);
                Vec::new()
            }
        }
    }

    /// A surname or name that does not give the code's letters is pointed out once; Enter again
    /// registers it as typed (a code issued under a former surname is real).
    fn names_need_a_look(&mut self, lang: Lang) -> bool {
        let names = (self.form.trimmed(1), self.form.trimmed(2));
        let Ok(cf) = CodiceFiscale::parse(self.form.value(0)) else {
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
            self.form.fields[1].error = Some(lang.t(t::SURNAME_MISMATCH).replace("{}", &letters));
        }
        if let Some(letters) = m.name {
            self.form.fields[2].error = Some(lang.t(t::NAME_MISMATCH).replace("{}", &letters));
        }
        self.kept_names = Some(names);
        true
    }

    pub fn view(&self, f: &mut Frame, area: Rect, app: &App) {
        let lang = app.lang();
        let labels = [t::CF, t::SURNAME, t::NAME, t::EMAIL, t::PHONE, t::ADDRESS];
        let [heading, form] = super::title_and_body(area, 2);
        f.render_widget(Paragraph::new(title(lang.t(t::REGISTER_TITLE))), heading);
        let labels: Vec<&'static str> = labels.iter().map(|l| lang.t(*l)).collect();
        let today = app.env.clock.today();
        let note = cf_says(self.form.value(0), today, PARENT_MIN_AGE, lang);
        draw_with_note(
            &self.form,
            note.as_deref(),
            f,
            form,
            &labels,
            15,
            1,
            &app.theme,
        );
    }
}

pub fn footer(env: &Env) -> String {
    env.lang.t(t::K_FORM).to_string()
}

/// The code typed first: a known one opens its family instead; otherwise the form goes on.
fn on_known(
    screen: &mut Screen,
    r: BResult<crate::backend::FamilyCard>,
    lang: Lang,
) -> Vec<Action> {
    let Screen::Register(form) = screen else {
        return Vec::new();
    };
    match r {
        Ok(card) => {
            let apps = super::family_apps::load(card.parent.cf.to_string());
            vec![
                Action::Replace(Screen::Family(super::family::Family::new(card))),
                Action::Request(apps),
                Action::Info(lang.t(t::ALREADY_KNOWN).to_string()),
            ]
        }
        Err(e) if e.kind == ErrorKind::NotFound => {
            form.form.focus = 1;
            Vec::new()
        }
        Err(e) => vec![Action::Error(e.localized(lang))],
    }
}

fn on_registered(screen: &mut Screen, r: BResult<Credentials>, lang: Lang) -> Vec<Action> {
    let Screen::Register(form) = screen else {
        return Vec::new();
    };
    match r {
        Ok(creds) => vec![Action::Replace(Screen::Credentials(
            CredentialsLetter::new(creds, true),
        ))],
        Err(e) if e.kind == ErrorKind::Conflict && e.field.as_deref() == Some("cf") => {
            let cf = form.form.trimmed(0);
            vec![
                Action::Info(lang.t(t::ALREADY_KNOWN).to_string()),
                Action::Request(super::family::load(cf)),
            ]
        }
        // The error goes under the field it names; everything typed stays.
        Err(e) if form.form.fail_on(e.field.as_deref(), e.localized(lang)) => Vec::new(),
        Err(e) => vec![Action::Error(e.localized(lang))],
    }
}

/// Reads the birthplace table now, as the form opens: read on the first whole code instead, it holds
/// up the screen just as the operator presses Enter on it.
pub fn warm_birthplaces() {
    crate::domain::birthplaces::by_code("H501");
}

/// What a whole, valid code says (born on, where, sex), or nothing while it is not one. `min_age`:
/// the holder's least age (0 for a child, who is the youngest possible), which picks the century.
pub fn cf_says(typed: &str, today: chrono::NaiveDate, min_age: u32, lang: Lang) -> Option<String> {
    let cf = CodiceFiscale::parse(typed).ok()?;
    let d = cf.decode(today);
    let born = cf.birth_date(today, min_age);
    let place = d.birthplace.map(|b| match &b.province {
        Some(p) if !b.foreign && !p.is_empty() => (format!("{} ({p})", b.name), false),
        _ => (b.name.clone(), b.foreign),
    });
    let place = place
        .as_ref()
        .map(|(name, foreign)| (name.as_str(), *foreign));
    Some(ce::cf_says(lang, born, place, d.sex))
}

/// A form whose first field (a codice fiscale) has a line under it saying what the code tells.
#[allow(clippy::too_many_arguments)]
pub fn draw_with_note(
    form: &Form,
    note: Option<&str>,
    f: &mut Frame,
    area: Rect,
    labels: &[&'static str],
    label_width: u16,
    gap: u16,
    th: &Theme,
) {
    let (Some(note), Some(first)) = (note, form.fields.first()) else {
        form.draw(f, area, labels, label_width, gap, th);
        return;
    };
    let mut shown = first.clone();
    shown.label = labels.first().copied().unwrap_or("");
    let height = shown.height(area.width, label_width).min(area.height);
    shown.draw(f, Rect { height, ..area }, form.focus == 0, label_width, th);
    let y = area.y + height;
    if y >= area.bottom() {
        return;
    }
    let line = Line::styled(
        format!("{:w$} {note}", "", w = usize::from(label_width)),
        th.ok,
    );
    f.render_widget(
        Paragraph::new(line),
        Rect {
            y,
            height: 1,
            ..area
        },
    );
    // The other fields under the note, the focus kept on the one it was on.
    let y = (y + 1 + gap).min(area.bottom());
    let mut rest = form.clone();
    rest.fields.remove(0);
    rest.focus = form.focus.wrapping_sub(1);
    let below = Rect {
        y,
        height: area.bottom() - y,
        ..area
    };
    rest.draw(
        f,
        below,
        labels.get(1..).unwrap_or_default(),
        label_width,
        gap,
        th,
    );
}
