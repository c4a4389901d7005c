//! Birthplace (Belfiore) codes: Italian comuni with their validity dates and foreign countries, from
//! `assets/birthplaces.tsv` (ANPR open data, CC BY 4.0; regenerate with `scripts/gen_birthplaces.py`).
//! Parsed once, on first use.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::NaiveDate;

const TABLE: &str = include_str!("../../assets/birthplaces.tsv");

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Birthplace {
    pub code: String,
    pub name: String,
    /// Province code; `None` for a foreign country.
    pub province: Option<String>,
    pub foreign: bool,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
}

impl Birthplace {
    /// Did this comune or country exist on that day? Unknown bounds are open.
    pub fn valid_on(&self, day: NaiveDate) -> bool {
        self.valid_from.is_none_or(|f| f <= day) && self.valid_to.is_none_or(|t| day <= t)
    }
}

struct Index {
    all: Vec<Birthplace>,
    by_code: HashMap<String, Vec<usize>>,
    by_name: HashMap<String, Vec<usize>>,
}

static INDEX: LazyLock<Index> = LazyLock::new(|| {
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let all: Vec<Birthplace> = TABLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let foreign = f.get(2) == Some(&"EE");
            Some(Birthplace {
                code: f.first()?.to_string(),
                name: f.get(1)?.to_string(),
                province: (!foreign).then(|| f.get(2).unwrap_or(&"").to_string()),
                foreign,
                valid_from: f.get(3).and_then(|s| date(s)),
                valid_to: f.get(4).and_then(|s| date(s)),
            })
        })
        .collect();
    let mut by_code: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, b) in all.iter().enumerate() {
        by_code.entry(b.code.clone()).or_default().push(i);
        by_name.entry(name_key(&b.name)).or_default().push(i);
    }
    Index {
        all,
        by_code,
        by_name,
    }
});

/// Uppercase, accents stripped, apostrophes, hyphens and spaces folded: "Sant'Agata" = "SANT AGATA".
pub fn name_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in super::transliteration::transliterate(name).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

/// Every row for a code (a comune may have several over time); empty when unknown.
pub fn by_code(code: &str) -> Vec<&'static Birthplace> {
    let index = &*INDEX;
    index
        .by_code
        .get(code)
        .map(|ids| ids.iter().map(|&i| &index.all[i]).collect())
        .unwrap_or_default()
}

/// Places with that name, those valid on `on` first.
pub fn by_name(name: &str, on: Option<NaiveDate>) -> Vec<&'static Birthplace> {
    let index = &*INDEX;
    let mut found: Vec<&Birthplace> = index
        .by_name
        .get(&name_key(name))
        .map(|ids| ids.iter().map(|&i| &index.all[i]).collect())
        .unwrap_or_default();
    if let Some(day) = on {
        found.sort_by_key(|b| !b.valid_on(day));
    }
    found
}

/// Italian comuni existing on a day (for synthetic demo people).
pub fn italian_comuni_valid_on(day: NaiveDate) -> impl Iterator<Item = &'static Birthplace> {
    INDEX
        .all
        .iter()
        .filter(move |b| !b.foreign && b.valid_on(day))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn codes_and_names() {
        assert_eq!(by_code("H501")[0].name, "Roma");
        assert!(by_code("Z330")[0].foreign);
        assert!(by_code("Q999").is_empty());
        assert_eq!(by_name("roma", Some(d(1990, 1, 1)))[0].code, "H501");
        assert_eq!(by_name("MAROCCO", None)[0].code, "Z330");
        let fiume = &by_code("D620")[0];
        assert!(fiume.valid_on(d(1930, 1, 1)) && !fiume.valid_on(d(1999, 1, 1)));
        assert!(italian_comuni_valid_on(d(2000, 1, 1)).count() > 7000);
    }
}
