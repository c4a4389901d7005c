//! Codice fiscale of a person (DOMAIN.md §3): normalise, validate (all 128 omocode forms), decode,
//! compute.
//!
//! `CodiceFiscale::parse` checks syntax, month, day range, that the date exists, and the check
//! character, without touching the birthplace table, so it stays cheap (one allocation). Whether the
//! birthplace code is known and existed on the birth date is a separate step, `birthplace_warning`: DOMAIN.md
//! makes it a warning, not an error (a code outside its comune's lifetime, or missing from the table, may
//! still be the one on the person's card).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::birthplaces::{self, Birthplace};
pub use super::transliteration::transliterate;

const MONTHS: &[u8; 12] = b"ABCDEHLMPRST";
/// Omocode letters for the digits 0-9.
const OMOCODE: &[u8; 10] = b"LMNPQRSTUV";
/// 0-based positions whose digits may be replaced by omocode letters.
const OMOCODE_POSITIONS: [usize; 7] = [6, 7, 9, 10, 12, 13, 14];
/// Odd-position (1-based) values for digits 0-9 and letters A-Z.
const ODD_DIGITS: [u8; 10] = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21];
const ODD_LETTERS: [u8; 26] = [
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub enum Sex {
    M,
    F,
}

/// Why a code is not a valid codice fiscale. Positions are 1-based, as a person counts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CfError {
    #[error("empty")]
    Empty,
    #[error("16 characters expected, found {0}")]
    Length(usize),
    #[error("character {ch:?} at position {pos} is not a letter or digit")]
    Character { pos: usize, ch: char },
    #[error("surname part (positions 1-3) must be letters")]
    Surname,
    #[error("name part (positions 4-6) must be letters")]
    Name,
    #[error("year (positions 7-8) must be digits")]
    Year,
    #[error("month letter {0:?} does not exist")]
    Month(char),
    #[error("day (positions 10-11) must be 01-31 or 41-71")]
    Day,
    #[error("the birth date does not exist")]
    Date,
    #[error("birthplace code (positions 12-15) must be a letter and three digits")]
    Place,
    #[error("wrong check character: expected {expected}")]
    Check { expected: char },
}

/// Birthplace facts worth a warning (never a refusal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BirthplaceWarning {
    UnknownCode(String),
    /// The comune or country did not exist on the birth date.
    OutOfLifetime {
        code: String,
        name: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComputeError {
    #[error("surname missing")]
    Surname,
    #[error("name missing")]
    Name,
    #[error("birth year out of range")]
    Year,
    #[error("unknown birthplace {0:?}")]
    UnknownPlace(String),
    #[error("several places are called {name:?}: {choices:?}")]
    AmbiguousPlace { name: String, choices: Vec<String> },
}

/// A syntactically valid codice fiscale, normalised (uppercase, no separators), omocode letters kept.
/// Deserialised in `super::wire`, which checks it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(into = "String")]
pub struct CodiceFiscale(String);

/// What a code tells about its holder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decoded {
    pub code: String,
    pub base: String,
    pub omocode: bool,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub birthplace_code: String,
    #[serde(serialize_with = "place_name")]
    pub birthplace: Option<&'static Birthplace>,
}

fn place_name<S: serde::Serializer>(
    b: &Option<&'static Birthplace>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match b {
        Some(b) => s.serialize_some(&match &b.province {
            Some(p) => format!("{} ({p})", b.name),
            None => b.name.clone(),
        }),
        None => s.serialize_none(),
    }
}

/// Uppercase, without spaces, hyphens and dots that people type in between.
pub fn normalize(input: &str) -> String {
    input
        .chars()
        .filter(|c| !matches!(c, ' ' | '\t' | '-' | '.' | '_'))
        .flat_map(char::to_uppercase)
        .collect()
}

/// The digit an omocode position holds (a digit or its omocode letter).
fn digit_at(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        _ => OMOCODE.iter().position(|&l| l == b).map(|p| p as u8),
    }
}

/// The check character of the first 15 characters (uppercase ASCII alphanumerics).
pub fn check_char(first15: &[u8]) -> char {
    let sum: u32 = first15
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            let v = if i % 2 == 0 {
                if b.is_ascii_digit() {
                    ODD_DIGITS[(b - b'0') as usize]
                } else {
                    ODD_LETTERS[(b - b'A') as usize]
                }
            } else if b.is_ascii_digit() {
                b - b'0'
            } else {
                b - b'A'
            };
            u32::from(v)
        })
        .sum();
    (b'A' + (sum % 26) as u8) as char
}

fn leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

impl CodiceFiscale {
    pub fn parse(input: &str) -> Result<CodiceFiscale, CfError> {
        let s = normalize(input);
        if s.is_empty() {
            return Err(CfError::Empty);
        }
        if let Some((i, ch)) = s
            .chars()
            .enumerate()
            .find(|(_, c)| !c.is_ascii_alphanumeric())
        {
            return Err(CfError::Character { pos: i + 1, ch });
        }
        let b = s.as_bytes();
        if b.len() != 16 {
            return Err(CfError::Length(b.len()));
        }
        if !b[0..3].iter().all(u8::is_ascii_alphabetic) {
            return Err(CfError::Surname);
        }
        if !b[3..6].iter().all(u8::is_ascii_alphabetic) {
            return Err(CfError::Name);
        }
        let (Some(y1), Some(y2)) = (digit_at(b[6]), digit_at(b[7])) else {
            return Err(CfError::Year);
        };
        let month = MONTHS
            .iter()
            .position(|&m| m == b[8])
            .ok_or(CfError::Month(b[8] as char))? as u32
            + 1;
        let (Some(d1), Some(d2)) = (digit_at(b[9]), digit_at(b[10])) else {
            return Err(CfError::Day);
        };
        let day = u32::from(d1 * 10 + d2);
        let dom = match day {
            1..=31 => day,
            41..=71 => day - 40,
            _ => return Err(CfError::Day),
        };
        let yy = i32::from(y1 * 10 + y2);
        let max_day = match month {
            2 if leap(1900 + yy) || leap(2000 + yy) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if dom > max_day {
            return Err(CfError::Date);
        }
        if !b[11].is_ascii_alphabetic() || !b[12..15].iter().all(|&c| digit_at(c).is_some()) {
            return Err(CfError::Place);
        }
        let expected = check_char(&b[..15]);
        if b[15] as char != expected {
            return Err(CfError::Check { expected });
        }
        Ok(CodiceFiscale(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_omocode(&self) -> bool {
        OMOCODE_POSITIONS
            .iter()
            .any(|&i| !self.0.as_bytes()[i].is_ascii_digit())
    }

    /// The code with omocode letters turned back into digits and the check character recomputed.
    pub fn base(&self) -> CodiceFiscale {
        let mut b = self.0.as_bytes()[..15].to_vec();
        for &i in &OMOCODE_POSITIONS {
            b[i] = b'0' + digit_at(b[i]).expect("validated");
        }
        let check = check_char(&b);
        b.push(check as u8);
        CodiceFiscale(String::from_utf8(b).expect("ascii"))
    }

    /// The omocode variant for a 7-bit mask: bit `k` set replaces the digit at the k-th omocode position
    /// counted from the right (so 1 is the first substitution the Agenzia makes, 127 all seven).
    pub fn omocode(&self, mask: u8) -> CodiceFiscale {
        let base = self.base();
        let mut b = base.0.as_bytes()[..15].to_vec();
        for (k, &i) in OMOCODE_POSITIONS.iter().rev().enumerate() {
            if mask & (1 << k) != 0 {
                b[i] = OMOCODE[(b[i] - b'0') as usize];
            }
        }
        let check = check_char(&b);
        b.push(check as u8);
        CodiceFiscale(String::from_utf8(b).expect("ascii"))
    }

    pub fn sex(&self) -> Sex {
        if self.day_field() > 40 {
            Sex::F
        } else {
            Sex::M
        }
    }

    fn day_field(&self) -> u32 {
        let b = self.0.as_bytes();
        u32::from(digit_at(b[9]).expect("validated") * 10 + digit_at(b[10]).expect("validated"))
    }

    fn yy_month_day(&self) -> (i32, u32, u32) {
        let b = self.0.as_bytes();
        let yy =
            i32::from(digit_at(b[6]).expect("validated") * 10 + digit_at(b[7]).expect("validated"));
        let month = MONTHS.iter().position(|&m| m == b[8]).expect("validated") as u32 + 1;
        (yy, month, self.day_field() % 40)
    }

    /// The birth date whose holder is at least `min_age` years old on `today`, most recent first: a child
    /// (min_age 0) is the youngest possible; a parent (e.g. 14) is older.
    pub fn birth_date(&self, today: NaiveDate, min_age: u32) -> NaiveDate {
        let (yy, month, day) = self.yy_month_day();
        let latest_year = today.year() - min_age as i32;
        let mut year = (latest_year / 100) * 100 + yy;
        if year > latest_year {
            year -= 100;
        }
        // 29 February of a year that is not leap in the guessed century: go back a century.
        NaiveDate::from_ymd_opt(year, month, day)
            .or_else(|| NaiveDate::from_ymd_opt(year - 100, month, day))
            .unwrap_or(NaiveDate::MIN)
    }

    /// The birthplace code with omocode letters restored to digits.
    pub fn birthplace_code(&self) -> String {
        let b = self.0.as_bytes();
        let mut code = String::with_capacity(4);
        code.push(b[11] as char);
        for &c in &b[12..15] {
            code.push((b'0' + digit_at(c).expect("validated")) as char);
        }
        code
    }

    /// Decodes with the youngest plausible birth date (use `birth_date` with an age for adults).
    pub fn decode(&self, today: NaiveDate) -> Decoded {
        let birth_date = self.birth_date(today, 0);
        let code = self.birthplace_code();
        let places = birthplaces::by_code(&code);
        let birthplace = places
            .iter()
            .find(|b| b.valid_on(birth_date))
            .or(places.first())
            .copied();
        Decoded {
            code: self.0.clone(),
            base: self.base().0,
            omocode: self.is_omocode(),
            sex: self.sex(),
            birth_date,
            birthplace_code: code,
            birthplace,
        }
    }

    /// Is the birthplace code known, and did the place exist at the birth date (in either century)?
    pub fn birthplace_warning(&self) -> Option<BirthplaceWarning> {
        let code = self.birthplace_code();
        let places = birthplaces::by_code(&code);
        if places.is_empty() {
            return Some(BirthplaceWarning::UnknownCode(code));
        }
        let (yy, month, day) = self.yy_month_day();
        let existed = [1900 + yy, 2000 + yy].iter().any(|&y| {
            NaiveDate::from_ymd_opt(y, month, day)
                .is_some_and(|d| places.iter().any(|p| p.valid_on(d)))
        });
        if existed {
            None
        } else {
            Some(BirthplaceWarning::OutOfLifetime {
                code,
                name: places[0].name.clone(),
            })
        }
    }

    /// The kiosk form: `RSS***85T10***S` (surname letters, date and check character only).
    pub fn masked(&self) -> String {
        format!(
            "{}***{}***{}",
            &self.0[0..3],
            &self.0[6..11],
            &self.0[15..16]
        )
    }
}

impl std::fmt::Display for CodiceFiscale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Read as the text it is (printing, comparing, a path segment); building one goes through `parse`.
impl std::ops::Deref for CodiceFiscale {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for CodiceFiscale {
    fn eq(&self, o: &str) -> bool {
        **self == *o
    }
}

impl PartialEq<&str> for CodiceFiscale {
    fn eq(&self, o: &&str) -> bool {
        **self == **o
    }
}

impl PartialEq<String> for CodiceFiscale {
    fn eq(&self, o: &String) -> bool {
        **self == **o
    }
}

impl std::str::FromStr for CodiceFiscale {
    type Err = CfError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CodiceFiscale::parse(s)
    }
}

impl TryFrom<String> for CodiceFiscale {
    type Error = CfError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        CodiceFiscale::parse(&s)
    }
}

impl From<CodiceFiscale> for String {
    fn from(c: CodiceFiscale) -> String {
        c.0
    }
}

fn letters(s: &str) -> (Vec<char>, Vec<char>) {
    let t: Vec<char> = transliterate(s)
        .chars()
        .filter(char::is_ascii_uppercase)
        .collect();
    let vowel = |c: &char| "AEIOU".contains(*c);
    (
        t.iter().filter(|c| !vowel(c)).copied().collect(),
        t.iter().filter(|c| vowel(c)).copied().collect(),
    )
}

fn triplet(consonants: &[char], vowels: &[char]) -> String {
    consonants
        .iter()
        .chain(vowels)
        .chain(['X', 'X', 'X'].iter())
        .take(3)
        .collect()
}

/// The three letters a surname gives: consonants, then vowels, then X. `None` without a letter.
pub fn surname_letters(surname: &str) -> Option<String> {
    let (c, v) = letters(surname);
    (!c.is_empty() || !v.is_empty()).then(|| triplet(&c, &v))
}

/// The three letters a first name gives: as a surname, but with four or more consonants the 1st,
/// 3rd and 4th.
pub fn name_letters(name: &str) -> Option<String> {
    let (c, v) = letters(name);
    if c.len() >= 4 {
        Some([c[0], c[2], c[3]].iter().collect())
    } else {
        (!c.is_empty() || !v.is_empty()).then(|| triplet(&c, &v))
    }
}

/// Where a person's surname or name does not give the letters of their code: each holds the code's
/// own three letters. Omocodes keep the letters, so any form of the code is compared alike.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameMismatch {
    pub surname: Option<String>,
    pub name: Option<String>,
}

impl CodiceFiscale {
    /// Compares the code's first six letters with a surname and a name; `None` when both agree.
    /// A mismatch is a reason to look again, not proof of an error: codes issued under a former
    /// surname or a different spelling of a foreign name are real.
    pub fn name_mismatch(&self, surname: &str, name: &str) -> Option<NameMismatch> {
        let differs = |want: Option<String>, have: &str| match want {
            Some(w) if w == have => None,
            _ => Some(have.to_string()),
        };
        let m = NameMismatch {
            surname: differs(surname_letters(surname), &self.0[0..3]),
            name: differs(name_letters(name), &self.0[3..6]),
        };
        (m != NameMismatch::default()).then_some(m)
    }
}

/// Computes the code from a person's data. `place` is a Belfiore code (`H501`) or a comune's or
/// country's name, optionally with the province: `Samone (TO)`.
pub fn compute(
    surname: &str,
    name: &str,
    sex: Sex,
    birth_date: NaiveDate,
    place: &str,
) -> Result<CodiceFiscale, ComputeError> {
    let surname_code = surname_letters(surname).ok_or(ComputeError::Surname)?;
    let name_code = name_letters(name).ok_or(ComputeError::Name)?;
    if !(1800..=2199).contains(&birth_date.year()) {
        return Err(ComputeError::Year);
    }
    let day = birth_date.day() + if sex == Sex::F { 40 } else { 0 };
    let place_code = resolve_place(place, birth_date)?;
    let mut first15 = format!(
        "{}{}{:02}{}{:02}{}",
        surname_code,
        name_code,
        birth_date.year() % 100,
        MONTHS[birth_date.month0() as usize] as char,
        day,
        place_code
    );
    let check = check_char(first15.as_bytes());
    first15.push(check);
    Ok(CodiceFiscale(first15))
}

fn resolve_place(place: &str, on: NaiveDate) -> Result<String, ComputeError> {
    let p = place.trim();
    let up = p.to_ascii_uppercase();
    let b = up.as_bytes();
    if b.len() == 4 && b[0].is_ascii_alphabetic() && b[1..].iter().all(u8::is_ascii_digit) {
        return Ok(up);
    }
    let (name, province) = match p.rsplit_once('(') {
        Some((n, prov)) => (
            n.trim(),
            Some(prov.trim_end_matches(')').trim().to_ascii_uppercase()),
        ),
        None => (p, None),
    };
    let found: Vec<&Birthplace> = birthplaces::by_name(name, Some(on))
        .into_iter()
        .filter(|b| {
            b.valid_on(on)
                && province
                    .as_deref()
                    .is_none_or(|pr| b.province.as_deref() == Some(pr))
        })
        .collect();
    let mut codes: Vec<&str> = found.iter().map(|b| b.code.as_str()).collect();
    codes.dedup();
    match codes.as_slice() {
        [one] => Ok(one.to_string()),
        [] => Err(ComputeError::UnknownPlace(place.to_string())),
        _ => Err(ComputeError::AmbiguousPlace {
            name: name.to_string(),
            choices: found
                .iter()
                .map(|b| format!("{} ({})", b.name, b.province.as_deref().unwrap_or("EE")))
                .collect(),
        }),
    }
}

/// The shape of a normalised code on the wire (check character and dates are checked by `parse`).
pub const CF_PATTERN: &str =
    "^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$";

#[cfg(test)]
mod tests;
