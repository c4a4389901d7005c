//! Budgets of the foundation issue, measured on a 200,000-family demo store:
//! generation time, and p50/p99 of lookups by codice fiscale, PAN and notice number, surname-prefix search
//! and the family card. Run: `cargo bench --bench store_budgets` (FAMILIES=N to change the size; the store
//! is kept in target/ and reused, so delete it to time the generation again; STORE=path measures an
//! existing store instead).

use std::sync::Arc;
use std::time::{Duration, Instant};

use sportello::backend::{Backend, Ente};
use sportello::demo::{self, DemoOptions};
use sportello::store::{LocalBackend, Store};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn measure(name: &str, keys: &[String], f: impl Fn(&str)) {
    // Warm the page cache as a desk would after a few minutes of work.
    for k in keys.iter().take(200) {
        f(k);
    }
    let mut times: Vec<Duration> = keys
        .iter()
        .map(|k| {
            let t = Instant::now();
            f(k);
            t.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "{name:<28} n={:<6} p50={:>8.3} ms  p99={:>8.3} ms  max={:>8.3} ms",
        times.len(),
        percentile(&times, 0.50).as_secs_f64() * 1e3,
        percentile(&times, 0.99).as_secs_f64() * 1e3,
        times.last().unwrap().as_secs_f64() * 1e3
    );
}

mod common;

fn main() {
    let (families, path) = common::store_path();
    if !path.exists() {
        let ente = Ente {
            name: "Comune di Prova".into(),
            fiscal_code: "80001234568".into(),
            segregation_code: 2,
            cbill: "ABC12".into(),
        };
        let today = sportello::clock::Clock::system().today();
        let t = Instant::now();
        let s = demo::generate(
            &path,
            &ente,
            &DemoOptions {
                families,
                days: Some(20),
                seed: 1,
                today,
            },
        )
        .expect("demo store");
        println!(
            "demo generation: {families} families, {} children, {} ledger rows, 20 days: {:.1} s",
            s.children,
            s.ledger_rows,
            t.elapsed().as_secs_f64()
        );
    }
    let store = Arc::new(Store::open(&path).expect("open"));
    let b = LocalBackend::acting_as(store.clone(), LocalBackend::cli_operator());
    let sample = |sql: &str| -> Vec<String> {
        let conn = store.conn();
        let mut st = conn.prepare(sql).unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let parents = sample("SELECT cf FROM parents ORDER BY random() LIMIT 5000");
    let pans = sample("SELECT pan FROM children ORDER BY random() LIMIT 5000");
    let numbers = sample("SELECT number FROM notices ORDER BY random() LIMIT 5000");
    let surnames = sample("SELECT substr(surname, 1, 3) FROM parents ORDER BY random() LIMIT 2000");
    // As people type a whole name: lower case, accents and apostrophes left out.
    let typed: Vec<String> =
        sample("SELECT surname || ' ' || name FROM parents ORDER BY random() LIMIT 2000")
            .into_iter()
            .map(|n| {
                n.split_whitespace()
                    .map(|w| sportello::domain::name_key::key(w).to_lowercase())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
    let first_names = sample("SELECT name FROM children ORDER BY random() LIMIT 2000");
    measure("lookup by codice fiscale", &parents, |k| {
        assert!(!b.search(k, 20).unwrap().is_empty())
    });
    measure("lookup by PAN", &pans, |k| {
        assert!(!b.search(k, 20).unwrap().is_empty())
    });
    measure("lookup by notice number", &numbers, |k| {
        assert!(!b.search(k, 20).unwrap().is_empty())
    });
    measure("surname prefix (3 letters)", &surnames, |k| {
        assert!(!b.search(k, 20).unwrap().is_empty())
    });
    measure("whole name as typed (folded)", &typed, |k| {
        assert!(!b.search(k, 20).unwrap().is_empty(), "{k}")
    });
    measure("first name alone", &first_names, |k| {
        assert!(!b.search(k, 20).unwrap().is_empty())
    });
    measure("family card", &parents, |k| {
        b.family(k).unwrap();
    });
}
