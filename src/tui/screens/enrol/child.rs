//! Step 2: the child, one of the family's or a new one (code, names, birth date and sex, which the code
//! must agree with). A whole code says under its field what it tells, and fills the birth date and
//! sex while they are empty (the operator may still change them).

use chrono::{Datelike, NaiveDate};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::text::Line;

use super::Enrol;
use crate::domain::codice_fiscale::{CodiceFiscale, Sex};
use crate::i18n::{Lang, Localized, tui as t};
use crate::tui::widgets::field::Field;
use crate::tui::widgets::form::Form;

/// The new child's fields, in focus order.
pub fn new_child() -> Form {
    super::super::register::warm_birthplaces();
    Form::new(
        ["cf", "surname", "name", "birth", "sex"]
            .into_iter()
            .map(Field::new)
            .collect(),
    )
    .wrapping()
    .without_arrows()
}

pub const LABELS: [t::Text; 5] = [t::CF, t::SURNAME, t::NAME, t::BIRTH_DATE, t::SEX];

impl Enrol {
    /// Whether the new child is the one chosen (then its fields are on screen).
    pub(super) fn is_new_child(&self) -> bool {
        self.child == self.children.len()
    }

    /// The new child's data agree with its code; errors go under their field.
    pub(super) fn check_new_child(&mut self, lang: Lang) -> Result<(), String> {
        check(&self.new_child, lang).map_err(|(i, msg)| {
            self.new_child.fail(i, msg.clone());
            msg
        })
    }

    /// Once the code typed is whole and valid, the birth date and sex it gives go into their fields
    /// if these are empty (only while the code is typed: a field emptied by hand stays so).
    pub(super) fn prefill_from_cf(&mut self) {
        if self.new_child.focus != 0 {
            return;
        }
        let Ok(cf) = CodiceFiscale::parse(self.new_child.value(0)) else {
            return;
        };
        let d = cf.decode(self.clock.today());
        let fields = &mut self.new_child.fields;
        if fields[3].value().trim().is_empty() {
            fields[3] =
                Field::new("birth").with_value(&d.birth_date.format("%d/%m/%Y").to_string());
        }
        if fields[4].value().trim().is_empty() {
            fields[4] = Field::new("sex").with_value(sex_letter(d.sex));
        }
    }

    /// A birth date or sex still as the code suggested it, with the cursor at its end, is replaced
    /// by what is typed rather than added to (typing the date in full, as before, gives that date).
    pub(super) fn replace_suggestion(&mut self, key: &KeyEvent) {
        let KeyCode::Char(_) = key.code else {
            return;
        };
        if key.modifiers.contains(KeyModifiers::CONTROL) {
            return;
        }
        let Ok(cf) = CodiceFiscale::parse(self.new_child.value(0)) else {
            return;
        };
        let at = self.new_child.focus;
        let suggested = match at {
            3 => cf
                .decode(self.clock.today())
                .birth_date
                .format("%d/%m/%Y")
                .to_string(),
            4 => sex_letter(cf.sex()).to_string(),
            _ => return,
        };
        let field = &self.new_child.fields[at];
        if field.value() == suggested && field.input.cursor() == suggested.chars().count() {
            self.new_child.clear(at);
        }
    }

    /// What the new child's code says, once whole and valid.
    pub(super) fn cf_note(&self, lang: Lang) -> Option<String> {
        super::super::register::cf_says(self.new_child.value(0), self.clock.today(), 0, lang)
    }

    /// The family's children to pick from, then "a new child".
    pub(super) fn child_lines(
        &self,
        lang: Lang,
        pick: &dyn Fn(usize, usize, String) -> Line<'static>,
    ) -> Vec<Line<'static>> {
        let mut lines: Vec<Line> = self
            .children
            .iter()
            .enumerate()
            .map(|(i, c)| pick(i, self.child, format!("{} {} ({})", c.1, c.2, c.0)))
            .collect();
        lines.push(pick(
            self.children.len(),
            self.child,
            lang.t(t::NEW_CHILD).to_string(),
        ));
        lines
    }
}

fn sex_letter(sex: Sex) -> &'static str {
    match sex {
        Sex::M => "M",
        Sex::F => "F",
    }
}

/// The field at fault and why.
fn check(form: &Form, lang: Lang) -> Result<(), (usize, String)> {
    let cf = CodiceFiscale::parse(form.value(0)).map_err(|e| (0, e.localized(lang)))?;
    for i in [1, 2] {
        if form.value(i).trim().is_empty() {
            return Err((i, lang.t(t::REQUIRED).into()));
        }
    }
    let birth = NaiveDate::parse_from_str(form.value(3).trim(), "%d/%m/%Y")
        .map_err(|_| (3, lang.t(t::BAD_DATE).into()))?;
    let sex = match form.value(4).trim().to_ascii_uppercase().as_str() {
        "M" => Sex::M,
        "F" => Sex::F,
        _ => return Err((4, lang.t(t::SEX).into())),
    };
    let guess = cf.birth_date(birth, 0);
    let same_day = (guess.year() % 100, guess.month(), guess.day())
        == (birth.year() % 100, birth.month(), birth.day());
    if !same_day || cf.sex() != sex {
        return Err((0, lang.t(t::CF_MISMATCH).into()));
    }
    Ok(())
}
