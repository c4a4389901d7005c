//! Which class fits a child's birth year (Italian rules): the scuola dell'infanzia from the calendar
//! year the child turns 3, the primary's first class in the year the child turns 6, the secondary's in
//! the year it turns 11; a child born by 30 April of the following year may start a year early
//! ("anticipatari"). A class outside the rule needs a supervisor's reason.

use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Infanzia,
    Primaria,
    Secondaria,
}

impl Stage {
    /// The stage a school's name says ("Scuola dell'infanzia …", "Scuola primaria …"); `None` for a
    /// name that says none (no rule is applied then).
    pub fn of_school(name: &str) -> Option<Stage> {
        let n = name.to_lowercase();
        if n.contains("infanzia") || n.contains("materna") {
            Some(Stage::Infanzia)
        } else if n.contains("primaria") || n.contains("elementare") {
            Some(Stage::Primaria)
        } else if n.contains("secondaria") || n.contains("media") {
            Some(Stage::Secondaria)
        } else {
            None
        }
    }

    /// The age a child turns in the calendar year it starts the first class.
    fn first_age(self) -> i32 {
        match self {
            Stage::Infanzia => 3,
            Stage::Primaria => 6,
            Stage::Secondaria => 11,
        }
    }

    pub fn years(self) -> u32 {
        match self {
            Stage::Infanzia | Stage::Secondaria => 3,
            Stage::Primaria => 5,
        }
    }
}

/// The age a child born on `birth` turns in the calendar year the school year starts.
fn turns(birth: NaiveDate, year_start: i32) -> i32 {
    year_start - birth.year()
}

/// Whether class `level` (1 = first) of `stage` fits a child born on `birth`, in the school year that
/// starts in September of `year_start`: the regular year, or one early for a birthday by 30 April.
pub fn fits(stage: Stage, level: u32, birth: NaiveDate, year_start: i32) -> bool {
    let regular = stage.first_age() + level as i32 - 1;
    let age = turns(birth, year_start);
    age == regular || (age == regular - 1 && (birth.month(), birth.day()) <= (4, 30))
}

/// The class a child born on `birth` attends in `stage` by the regular rule, if it is of that stage.
pub fn regular_level(stage: Stage, birth: NaiveDate, year_start: i32) -> Option<u32> {
    let level = turns(birth, year_start) - stage.first_age() + 1;
    (1..=stage.years() as i32)
        .contains(&level)
        .then_some(level as u32)
}

/// The year a school year such as `2026/2027` starts.
pub fn year_start(school_year: &str) -> Option<i32> {
    school_year.split('/').next()?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_first_class_in_the_year_the_child_turns_six() {
        // School year 2026/2027.
        assert!(fits(Stage::Primaria, 1, d(2020, 12, 31), 2026));
        assert!(fits(Stage::Primaria, 1, d(2020, 1, 1), 2026));
        assert!(
            fits(Stage::Primaria, 1, d(2021, 4, 30), 2026),
            "early, by 30 April"
        );
        assert!(!fits(Stage::Primaria, 1, d(2021, 5, 1), 2026), "too young");
        assert!(
            !fits(Stage::Primaria, 1, d(2019, 12, 31), 2026),
            "a year late"
        );
        assert!(fits(Stage::Primaria, 5, d(2016, 3, 3), 2026));
        assert_eq!(regular_level(Stage::Primaria, d(2016, 3, 3), 2026), Some(5));
        assert_eq!(regular_level(Stage::Primaria, d(2014, 3, 3), 2026), None);
    }

    #[test]
    fn infanzia_from_three_and_a_child_of_2016_is_not_in_its_first_year() {
        assert!(fits(Stage::Infanzia, 1, d(2023, 9, 9), 2026));
        assert!(
            fits(Stage::Infanzia, 1, d(2024, 4, 30), 2026),
            "anticipatario"
        );
        assert!(!fits(Stage::Infanzia, 1, d(2016, 5, 5), 2026));
        assert_eq!(regular_level(Stage::Infanzia, d(2016, 5, 5), 2026), None);
        assert_eq!(regular_level(Stage::Infanzia, d(2022, 5, 5), 2026), Some(2));
        assert!(fits(Stage::Secondaria, 1, d(2015, 6, 6), 2026));
    }

    #[test]
    fn stages_and_years_from_names() {
        assert_eq!(
            Stage::of_school("Scuola dell'infanzia Il Girasole"),
            Some(Stage::Infanzia)
        );
        assert_eq!(
            Stage::of_school("Scuola primaria Gianni Rodari"),
            Some(Stage::Primaria)
        );
        assert_eq!(
            Stage::of_school("Scuola secondaria Alessandro Manzoni"),
            Some(Stage::Secondaria)
        );
        assert_eq!(Stage::of_school("Istituto comprensivo Nord"), None);
        assert_eq!(year_start("2026/2027"), Some(2026));
    }
}
