//! One family: parents, children and their enrolments, then a school year of meals, fees and top-ups.

use chrono::{Datelike, NaiveDate};
use rand::prelude::*;
use rusqlite::params;

use super::loader::Loader;
use super::names::{DIETS, FEMALE, MALE, PLACES, STREETS, SURNAMES};
use super::notices::{insert_notice, paid_notice};
use super::reference::class_for_age;
use super::{Ctx, DemoSummary};
use crate::backend::{BResult, BackendError};
use crate::domain::codice_fiscale::{self, Sex};

struct Person {
    cf: String,
    surname: String,
    name: String,
    birth: NaiveDate,
}

fn person(ctx: &mut Ctx, surname: &str, sex: Sex, born_between: (i32, i32)) -> BResult<Person> {
    loop {
        let names = if sex == Sex::M { MALE } else { FEMALE };
        let name = names[ctx.rng.random_range(0..names.len())];
        let year = ctx.rng.random_range(born_between.0..=born_between.1);
        let birth = NaiveDate::from_ymd_opt(
            year,
            ctx.rng.random_range(1..=12),
            ctx.rng.random_range(1..=28),
        )
        .expect("valid");
        let place = PLACES[ctx.rng.random_range(0..PLACES.len())];
        let cf = codice_fiscale::compute(surname, name, sex, birth, place)
            .map_err(|e| BackendError::internal(format!("demo codice fiscale: {e:?}")))?
            .as_str()
            .to_string();
        // Two synthetic people with the same code: draw again (real codes would get an omocode).
        if ctx.used_cf.insert(cf.clone()) {
            return Ok(Person {
                cf,
                surname: surname.to_string(),
                name: name.to_string(),
                birth,
            });
        }
    }
}

pub(super) fn family(
    ctx: &mut Ctx,
    l: &mut Loader,
    days: &[NaiveDate],
    summary: &mut DemoSummary,
) -> BResult<()> {
    let this_year = ctx.today.year();
    let surname = SURNAMES[ctx.rng.random_range(0..SURNAMES.len())];
    let sex = if ctx.rng.random_bool(0.7) {
        Sex::F
    } else {
        Sex::M
    };
    let p = person(ctx, surname, sex, (this_year - 50, this_year - 26))?;
    let locked = ctx.rng.random_bool(0.03);
    let email = ctx.rng.random_bool(0.9).then(|| {
        format!(
            "{}.{}{}@esempio.it",
            p.name.to_lowercase(),
            p.surname.to_lowercase().replace([' ', '\''], ""),
            ctx.rng.random_range(1..99)
        )
        .replace('ò', "o")
    });
    let phone = format!(
        "3{:02} {:07}",
        ctx.rng.random_range(20..99),
        ctx.rng.random_range(0..10_000_000)
    );
    let address = format!(
        "{} {}, Borgo Fittizio",
        STREETS[ctx.rng.random_range(0..STREETS.len())],
        ctx.rng.random_range(1..120)
    );
    let created = days
        .first()
        .copied()
        .unwrap_or(ctx.today)
        .and_hms_opt(9, 0, 0)
        .expect("valid");
    l.parent.execute(params![
        p.cf,
        p.surname,
        p.name,
        email,
        phone,
        address,
        ctx.parent_hash,
        format!("{:06}", ctx.rng.random_range(0..1_000_000)),
        if locked { 3 } else { 0 },
        locked,
        created
    ])?;
    let payer_id = ctx.tx.last_insert_rowid();
    summary.parents += 1;
    let second_id = if ctx.rng.random_bool(0.4) {
        let other_surname = SURNAMES[ctx.rng.random_range(0..SURNAMES.len())];
        let other_sex = if sex == Sex::F { Sex::M } else { Sex::F };
        let q = person(
            ctx,
            other_surname,
            other_sex,
            (this_year - 55, this_year - 26),
        )?;
        l.parent.execute(params![
            q.cf,
            q.surname,
            q.name,
            Option::<String>::None,
            Option::<String>::None,
            address,
            ctx.parent_hash,
            format!("{:06}", ctx.rng.random_range(0..1_000_000)),
            0,
            false,
            created
        ])?;
        summary.parents += 1;
        Some(ctx.tx.last_insert_rowid())
    } else {
        None
    };
    let isee = ctx
        .rng
        .random_bool(0.8)
        .then(|| ctx.rng.random_range(50_000..4_000_000i64));
    let n_children = *[1, 1, 1, 2, 2, 3].choose(&mut ctx.rng).expect("non-empty");
    let mut kids = Vec::new();
    for rank in 1..=n_children {
        let sex = if ctx.rng.random_bool(0.5) {
            Sex::F
        } else {
            Sex::M
        };
        let c = person(ctx, surname, sex, (this_year - 13, this_year - 4))?;
        let age = this_year - c.birth.year();
        let class_id = class_for_age(age, &mut ctx.rng);
        let diet = ctx
            .rng
            .random_bool(0.06)
            .then(|| DIETS[ctx.rng.random_range(0..DIETS.len())]);
        let pan = loop {
            let pan = crate::domain::kiosk::new_pan(&mut l.pan_rng);
            if l.used_pans.insert(pan.clone()) {
                break pan;
            }
        };
        l.child.execute(params![
            c.cf, c.surname, c.name, c.birth, pan, class_id, diet, isee, payer_id, second_id
        ])?;
        let child_id = ctx.tx.last_insert_rowid();
        summary.children += 1;
        let meal = ctx.canteen.price_cents(isee, rank).unwrap_or(0);
        l.enrol
            .execute(params![child_id, "refezione", ctx.year, meal])?;
        let bus = ctx
            .rng
            .random_bool(0.25)
            .then(|| ctx.bus.price_cents(isee, rank).unwrap_or(0));
        if let Some(fee) = bus {
            l.enrol
                .execute(params![child_id, "trasporto", ctx.year, fee])?;
        }
        kids.push((child_id, meal, bus));
    }
    // Money: an opening carry-over for some, meals and bus fees charged, top-ups paid by notice.
    let thrifty = ctx.rng.random_bool(0.12); // families who let the balance go negative
    let mut balance: Vec<i64> = vec![0; kids.len()];
    let first = days.first().copied().unwrap_or(ctx.today);
    for (i, (child_id, _, _)) in kids.iter().enumerate() {
        if ctx.rng.random_bool(0.15) {
            let amount = ctx.rng.random_range(-3000..3000i64) / 10 * 10;
            if amount != 0 {
                l.ledger.push([
                    Box::new(*child_id),
                    Box::new("refezione"),
                    Box::new(first.and_hms_opt(8, 0, 0)),
                    Box::new("carryover"),
                    Box::new(amount),
                    Box::new("Saldo riportato dal sistema precedente"),
                    Box::new(Option::<String>::None),
                ]);
                summary.ledger_rows += 1;
                balance[i] += amount;
            }
        }
    }
    for (day_index, day) in days.iter().enumerate() {
        // Top up when the canteen balance runs low (one notice for all children: one fee).
        let low: Vec<usize> = (0..kids.len())
            .filter(|&i| balance[i] < 1000 && kids[i].1 > 0)
            .collect();
        let skips = thrifty && ctx.rng.random_bool(0.8);
        if !low.is_empty() && !skips && ctx.rng.random_bool(0.5) {
            let amounts: Vec<i64> = low
                .iter()
                .map(|_| {
                    *[2000i64, 3000, 5000]
                        .choose(&mut ctx.rng)
                        .expect("non-empty")
                })
                .collect();
            let at = day
                .and_hms_opt(ctx.rng.random_range(7..20), ctx.rng.random_range(0..60), 0)
                .expect("valid");
            let allocs: Vec<(i64, &str, i64)> = low
                .iter()
                .zip(&amounts)
                .map(|(&i, &a)| (kids[i].0, "refezione", a))
                .collect();
            paid_notice(ctx, l, payer_id, at, &allocs, summary)?;
            for (&i, a) in low.iter().zip(&amounts) {
                balance[i] += a;
            }
        }
        for (i, (child_id, meal, bus)) in kids.iter().enumerate() {
            let roll: f64 = ctx.rng.random();
            let status = if roll < 0.87 {
                "present"
            } else if roll < 0.97 {
                "absent"
            } else {
                "cancelled"
            };
            let charged = if status == "present" { *meal } else { 0 };
            l.days.push((*child_id, day_index, status, charged));
            if charged > 0 {
                summary.ledger_rows += 1;
                balance[i] -= charged;
            }
            // The bus fee is charged on the first school day of each month.
            if let Some(fee) = bus
                && (day_index == 0 || days[day_index - 1].month() != day.month())
            {
                l.ledger.push([
                    Box::new(*child_id),
                    Box::new("trasporto"),
                    Box::new(day.and_hms_opt(8, 0, 0)),
                    Box::new("charge"),
                    Box::new(-fee),
                    Box::new(format!("Quota trasporto {}", day.format("%m/%Y"))),
                    Box::new(Option::<String>::None),
                ]);
                summary.ledger_rows += 1;
            }
        }
    }
    // Bus fees paid in one go for most; some families have a notice still to pay.
    let bus_kids: Vec<(i64, &str, i64)> = kids
        .iter()
        .filter_map(|(id, _, bus)| bus.map(|fee| (*id, "trasporto", fee * 3)))
        .collect();
    if !bus_kids.is_empty() && ctx.rng.random_bool(0.7) {
        let at = first.and_hms_opt(10, 0, 0).expect("valid");
        paid_notice(ctx, l, payer_id, at, &bus_kids, summary)?;
    }
    if ctx.rng.random_bool(0.1) {
        let at = ctx
            .today
            .pred_opt()
            .unwrap_or(ctx.today)
            .and_hms_opt(11, 0, 0)
            .expect("valid");
        let allocs: Vec<(i64, &str, i64)> = kids
            .iter()
            .map(|(id, _, _)| (*id, "refezione", 2000))
            .collect();
        insert_notice(ctx, l, payer_id, at, &allocs, "pending")?;
    }
    l.flush(ctx.tx)?;
    Ok(())
}
