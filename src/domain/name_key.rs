//! The key a name is searched by: capitals, accents off, apostrophes, spaces, hyphens and dots gone, so
//! `rinaldi nicolò`, `RINALDI NICOLO` and `dangelo` find RINALDI NICOLÒ and D'ANGELO. The store keeps the
//! same key in SQL (`sql`, a generated column with its index): both are made from the one table below.
//! The table is frozen once a store holds the column; changing it needs a new migration.

/// Letters that lose their accent (both cases: SQLite's `upper` only folds ASCII).
const FOLDS: &[(char, char)] = &[
    ('à', 'A'),
    ('á', 'A'),
    ('â', 'A'),
    ('ã', 'A'),
    ('ä', 'A'),
    ('å', 'A'),
    ('À', 'A'),
    ('Á', 'A'),
    ('Â', 'A'),
    ('Ã', 'A'),
    ('Ä', 'A'),
    ('Å', 'A'),
    ('è', 'E'),
    ('é', 'E'),
    ('ê', 'E'),
    ('ë', 'E'),
    ('È', 'E'),
    ('É', 'E'),
    ('Ê', 'E'),
    ('Ë', 'E'),
    ('ì', 'I'),
    ('í', 'I'),
    ('î', 'I'),
    ('ï', 'I'),
    ('Ì', 'I'),
    ('Í', 'I'),
    ('Î', 'I'),
    ('Ï', 'I'),
    ('ò', 'O'),
    ('ó', 'O'),
    ('ô', 'O'),
    ('õ', 'O'),
    ('ö', 'O'),
    ('ø', 'O'),
    ('Ò', 'O'),
    ('Ó', 'O'),
    ('Ô', 'O'),
    ('Õ', 'O'),
    ('Ö', 'O'),
    ('Ø', 'O'),
    ('ù', 'U'),
    ('ú', 'U'),
    ('û', 'U'),
    ('ü', 'U'),
    ('Ù', 'U'),
    ('Ú', 'U'),
    ('Û', 'U'),
    ('Ü', 'U'),
    ('ç', 'C'),
    ('Ç', 'C'),
    ('ñ', 'N'),
    ('Ñ', 'N'),
    ('š', 'S'),
    ('Š', 'S'),
    ('ž', 'Z'),
    ('Ž', 'Z'),
];

/// Characters a search ignores: what people type or leave out at random in Italian names.
const DROPPED: &[char] = &['\'', '’', '`', ' ', '-', '.'];

/// A name's search key.
pub fn key(name: &str) -> String {
    name.chars()
        .filter(|c| !DROPPED.contains(c))
        .map(|c| match FOLDS.iter().find(|(from, _)| *from == c) {
            Some((_, to)) => *to,
            None => c.to_ascii_uppercase(),
        })
        .collect()
}

/// Replacements per SQL expression: SQLite builds before 3.45 (Debian's `sqlite3`, Python's) overflow
/// their parser stack on about 30 nested calls, and a store must stay readable by them.
const PER_STAGE: usize = 16;

/// The same key in SQL, as a chain of expressions (built-in functions only, so any connection reads
/// it and an index can hold it): the first reads `column`, each next one reads the column the
/// previous one is stored in (`stage(i)`), the last gives the key.
pub fn sql_stages(column: &str, stage: impl Fn(usize) -> String) -> Vec<String> {
    let steps: Vec<(String, String)> = FOLDS
        .iter()
        .map(|(from, to)| (from.to_string(), to.to_string()))
        .chain(DROPPED.iter().map(|c| {
            let c = if *c == '\'' {
                "''".to_string()
            } else {
                c.to_string()
            };
            (c, String::new())
        }))
        .collect();
    let mut out = Vec::new();
    for (i, chunk) in steps.chunks(PER_STAGE).enumerate() {
        let mut e = if i == 0 {
            format!("upper({column})")
        } else {
            stage(i - 1)
        };
        for (from, to) in chunk {
            e = format!("replace({e}, '{from}', '{to}')");
        }
        out.push(e);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_people_type_meets_what_the_register_holds() {
        assert_eq!(key("RINALDI NICOLÒ"), "RINALDINICOLO");
        assert_eq!(key("rinaldi nicolò"), key("RINALDI NICOLO"));
        assert_eq!(key("D'ANGELO"), "DANGELO");
        assert_eq!(key("d’angelo"), "DANGELO");
        assert_eq!(key("De Luca-Rossi"), "DELUCAROSSI");
        assert_eq!(key("Müller"), "MULLER");
        assert_eq!(
            key("ß"),
            "ß",
            "other letters are kept as they are, as SQL keeps them"
        );
    }
}
