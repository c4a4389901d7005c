//! Step 2: the child, one of the family's or a new one (code, names, birth date and sex, which the code
//! must agree with).

use chrono::{Datelike, NaiveDate};
use ratatui::text::Line;

use super::Enrol;
use crate::domain::codice_fiscale::{CodiceFiscale, Sex};
use crate::i18n::{Lang, Localized, tui as t};
use crate::tui::widgets::field::Field;
use crate::tui::widgets::form::Form;

/// The new child's fields, in focus order.
pub fn new_child() -> Form {
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
