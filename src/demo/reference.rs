//! The comune's fixed data: services and tariffs, schools and classes, windows, the school calendar.

use chrono::{Datelike, Days, NaiveDate, NaiveTime, Weekday};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rusqlite::params;

use super::Ctx;
use crate::backend::BResult;
use crate::domain::tariff::{Band, Tariff};

/// The school days before `today` (weekdays that are not holidays), oldest first.
pub(super) fn school_days(today: NaiveDate, days: Option<u32>) -> Vec<NaiveDate> {
    let start_of_year = {
        let y = if today.month() >= 9 {
            today.year()
        } else {
            today.year() - 1
        };
        NaiveDate::from_ymd_opt(y, 9, 15).expect("valid date")
    };
    let mut out = Vec::new();
    let mut d = today - Days::new(1);
    loop {
        let done = match days {
            Some(n) => out.len() >= n as usize,
            None => d < start_of_year,
        };
        if done || out.len() > 400 {
            break;
        }
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && holiday_name(d).is_none() {
            out.push(d);
        }
        d = d - Days::new(1);
    }
    out.reverse();
    out
}

/// National holidays and the Christmas break (no school service).
pub(super) fn holiday_name(d: NaiveDate) -> Option<&'static str> {
    match (d.month(), d.day()) {
        (11, 1) => Some("Ognissanti"),
        (12, 8) => Some("Immacolata"),
        (12, 23..=31) | (1, 1..=6) => Some("Vacanze di Natale"),
        (4, 25) => Some("Festa della Liberazione"),
        (5, 1) => Some("Festa del lavoro"),
        (6, 2) => Some("Festa della Repubblica"),
        (7..=8, _) => Some("Vacanze estive"),
        _ => None,
    }
}

pub(super) fn reference_data(ctx: &Ctx) -> BResult<()> {
    let tx = ctx.tx;
    tx.execute("INSERT INTO services (code, name, prepaid, sibling_discount_pct, transfer_category, charged_per) VALUES ('refezione', 'Refezione scolastica', 1, 20, '9/0107101TS/', 'day'), ('trasporto', 'Trasporto scolastico', 1, 30, '9/0107102SP/', 'month')", [])?;
    let (canteen, bus) = (canteen_tariff(), bus_tariff());
    for (service, t) in [("refezione", &canteen), ("trasporto", &bus)] {
        for b in &t.bands {
            tx.execute("INSERT INTO tariff_bands (service, isee_max_cents, price_cents) VALUES (?1, ?2, ?3)", params![service, b.isee_max_cents, b.price_cents])?;
        }
    }
    let schools = [
        (
            "Scuola dell'infanzia Il Girasole",
            &["1", "2", "3"][..],
            &["A", "B"][..],
        ),
        (
            "Scuola primaria Gianni Rodari",
            &["1", "2", "3", "4", "5"][..],
            &["A", "B", "C"][..],
        ),
        (
            "Scuola primaria Don Milani",
            &["1", "2", "3", "4", "5"][..],
            &["A", "B"][..],
        ),
        (
            "Scuola secondaria Alessandro Manzoni",
            &["1", "2", "3"][..],
            &["A", "B", "C"][..],
        ),
    ];
    for (name, levels, sections) in schools {
        tx.execute(
            "INSERT INTO schools (name, address) VALUES (?1, 'Borgo Fittizio')",
            [name],
        )?;
        let sid = tx.last_insert_rowid();
        for l in levels {
            for s in sections {
                tx.execute(
                    "INSERT INTO classes (school_id, level, section) VALUES (?1, ?2, ?3)",
                    params![sid, l, s],
                )?;
            }
        }
    }
    let start = ctx.today.year() - if ctx.today.month() >= 9 { 0 } else { 1 };
    let at = |y: i32, m: u32, d: u32| {
        NaiveDate::from_ymd_opt(y, m, d)
            .expect("valid")
            .and_time(NaiveTime::MIN)
    };
    tx.execute(
        "INSERT INTO windows (service, school_year, description, opens_at, closes_at) VALUES
         ('refezione', ?1, 'Iscrizioni refezione scolastica (anche in corso d''anno)', ?2, ?3),
         ('trasporto', ?1, 'Iscrizioni trasporto scolastico', ?4, ?5)",
        params![
            ctx.year,
            at(start, 5, 1),
            // Open all through the school year (enrolling in the canteen "anche in corso d'anno").
            NaiveDate::from_ymd_opt(start + 1, 8, 31)
                .expect("valid")
                .and_hms_opt(23, 59, 59),
            at(start, 5, 1),
            at(start, 7, 31)
        ],
    )?;
    let mut d = NaiveDate::from_ymd_opt(start, 9, 1).expect("valid");
    let end = NaiveDate::from_ymd_opt(start + 1, 6, 30).expect("valid");
    while d <= end {
        if let Some(name) = holiday_name(d) {
            tx.execute(
                "INSERT INTO holidays (day, description) VALUES (?1, ?2)",
                params![d, name],
            )?;
        }
        d = d + Days::new(1);
    }
    Ok(())
}

/// Infanzia for 3-5, primaria for 6-10, secondaria for 11-13 (class ids follow `reference_data`).
pub(super) fn class_for_age(age: i32, rng: &mut ChaCha8Rng) -> i64 {
    // Class ids: infanzia 1-6 (3 levels x A,B), Rodari 7-21 (5 x A,B,C), Don Milani 22-31 (5 x A,B),
    // Manzoni 32-40 (3 x A,B,C).
    match age {
        ..=5 => 1 + ((age.clamp(3, 5) - 3) * 2) as i64 + rng.random_range(0..2),
        6..=10 => {
            let level = (age - 6) as i64;
            if rng.random_bool(0.6) {
                7 + level * 3 + rng.random_range(0..3)
            } else {
                22 + level * 2 + rng.random_range(0..2)
            }
        }
        _ => 32 + ((age.min(13) - 11) * 3) as i64 + rng.random_range(0..3),
    }
}

pub(super) fn canteen_tariff() -> Tariff {
    Tariff {
        bands: vec![
            Band {
                isee_max_cents: Some(100_000),
                price_cents: 0,
            },
            Band {
                isee_max_cents: Some(800_000),
                price_cents: 150,
            },
            Band {
                isee_max_cents: Some(1_500_000),
                price_cents: 280,
            },
            Band {
                isee_max_cents: Some(2_500_000),
                price_cents: 390,
            },
            Band {
                isee_max_cents: None,
                price_cents: 550,
            },
        ],
        sibling_discount_pct: 20,
    }
}

pub(super) fn bus_tariff() -> Tariff {
    Tariff {
        bands: vec![
            Band {
                isee_max_cents: Some(800_000),
                price_cents: 1500,
            },
            Band {
                isee_max_cents: Some(2_000_000),
                price_cents: 2500,
            },
            Band {
                isee_max_cents: None,
                price_cents: 3500,
            },
        ],
        sibling_discount_pct: 30,
    }
}
