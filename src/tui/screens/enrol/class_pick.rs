//! Step 3's class: proposed from the child (the school it attends, the class it moves up to, or the
//! first class its birth year fits) and checked against the birth year as the store will check it.

use chrono::NaiveDate;

use super::Enrol;
use crate::backend::{FamilyCard, School};
use crate::domain::enrolment::school_year_of;
use crate::domain::schooling::{self, Stage};
use crate::i18n::{Lang, tui as t};

/// A class as step 3 reasons about it.
#[derive(Debug, Clone)]
pub struct ClassPlace {
    pub school: String,
    pub level: String,
    pub section: String,
}

impl ClassPlace {
    fn stage_level(&self) -> Option<(Stage, u32)> {
        Some((Stage::of_school(&self.school)?, self.level.parse().ok()?))
    }
}

/// What step 3 knows of a registered child: birth date and current class (school, level, section).
pub type Kid = (NaiveDate, Option<(String, String, String)>);

pub fn places(schools: &[School]) -> Vec<ClassPlace> {
    schools
        .iter()
        .flat_map(|s| {
            s.classes.iter().map(|c| ClassPlace {
                school: s.name.clone(),
                level: c.level.clone(),
                section: c.section.clone(),
            })
        })
        .collect()
}

pub fn kids(card: &FamilyCard) -> Vec<Kid> {
    card.children
        .iter()
        .map(|c| {
            let class = match (&c.school, &c.class, &c.section) {
                (Some(s), Some(l), Some(x)) => Some((s.clone(), l.clone(), x.clone())),
                _ => None,
            };
            (c.birth_date, class)
        })
        .collect()
}

impl Enrol {
    /// The chosen child's birth date: a registered child's, or the one typed for a new child.
    fn birth(&self) -> Option<NaiveDate> {
        match self.kids.get(self.child) {
            Some(k) => Some(k.0),
            None => self.data().child_birth_date,
        }
    }

    fn year_start(&self) -> Option<i32> {
        schooling::year_start(&self.windows.get(self.window)?.school_year)
    }

    fn fits(&self, i: usize) -> Option<bool> {
        let (stage, level) = self.class_places.get(i)?.stage_level()?;
        Some(schooling::fits(
            stage,
            level,
            self.birth()?,
            self.year_start()?,
        ))
    }

    /// Picks the class to propose, unless the user already chose one: a registered child's own class
    /// (this school year) or the next one in its school (next year), if it fits; otherwise the first
    /// class the birth year fits, at the child's school first.
    pub(super) fn propose_class(&mut self) {
        if self.class_chosen {
            return;
        }
        let current = self.kids.get(self.child).and_then(|k| k.1.clone());
        let next_year = self
            .windows
            .get(self.window)
            .is_some_and(|w| w.school_year != school_year_of(self.clock.today()));
        let find = |school: &str, level: &str, section: &str| {
            self.class_places
                .iter()
                .position(|p| p.school == school && p.level == level && p.section == section)
        };
        let own = current.as_ref().and_then(|(school, level, section)| {
            let level = if next_year {
                (level.parse::<u32>().ok()? + 1).to_string()
            } else {
                level.clone()
            };
            find(school, &level, section)
        });
        let at_school = |i: &usize| {
            current
                .as_ref()
                .is_some_and(|c| self.class_places[*i].school == c.0)
        };
        let fitting: Vec<usize> = (0..self.class_places.len())
            .filter(|i| self.fits(*i) == Some(true))
            .collect();
        let pick = own
            .filter(|i| self.fits(*i) != Some(false))
            .or_else(|| fitting.iter().copied().find(at_school))
            .or_else(|| fitting.first().copied());
        if let Some(i) = pick {
            self.class = i;
        }
    }

    /// A warning when the chosen class does not fit the birth year (the store will ask a supervisor).
    pub(super) fn class_warning(&self, lang: Lang) -> Option<String> {
        (self.fits(self.class) == Some(false)).then(|| lang.t(t::CLASS_MISFIT).to_string())
    }
}
