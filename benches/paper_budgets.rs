//! Budgets of the documents: a payment notice PDF (≤ 50 ms) and a 730 certificate for a family with
//! three children (≤ 100 ms), each read from a demo store and rendered, as the desk asks for them.
//! Run: `cargo bench --bench paper_budgets`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Datelike;
use sportello::backend::Backend;
use sportello::demo::{self, DemoOptions};
use sportello::paper::{DEMO_LOGO, certificate, notice};
use sportello::store::{LocalBackend, Store};

fn timed(runs: usize, mut f: impl FnMut() -> usize) -> (Duration, Duration, usize) {
    let mut times = Vec::with_capacity(runs);
    let mut size = 0;
    for _ in 0..runs {
        let t = Instant::now();
        size = f();
        times.push(t.elapsed());
    }
    times.sort();
    (times[runs / 2], times[runs * 99 / 100], size)
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("paper.db");
    let ente = sportello::config::Settings::defaults().ente;
    demo::generate(
        &path,
        &ente,
        &DemoOptions {
            families: 200,
            days: Some(20),
            seed: 3,
            today: sportello::clock::Clock::system().today(),
        },
    )
    .unwrap();
    let store = Arc::new(Store::open(&path).unwrap());
    let (number, parent): (String, String) = {
        let c = store.conn();
        let number = c
            .query_row(
                "SELECT number FROM notices WHERE state = 'pending' LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let parent = c
            .query_row(
                "SELECT p.cf FROM parents p JOIN children c ON c.paying_parent_id = p.id
                 GROUP BY p.id HAVING count(*) = 3 LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        (number, parent)
    };
    let b = LocalBackend::acting_as(store, LocalBackend::cli_operator());
    let year: i32 = b.today().year();
    // The first document parses the fonts once for the process: measured apart.
    let t = Instant::now();
    notice::render(&b, &number, DEMO_LOGO).unwrap();
    println!(
        "first document (fonts parsed): {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let (p50, p99, size) = timed(50, || notice::render(&b, &number, DEMO_LOGO).unwrap().len());
    println!(
        "notice PDF:            p50 {:.1} ms, p99 {:.1} ms ({} KB)   budget 50 ms",
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        size / 1024
    );
    let (p50, p99, size) = timed(50, || {
        let c = b.certificate_730(&parent, year).unwrap();
        assert_eq!(
            c.lines
                .iter()
                .map(|l| &l.child.cf)
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            3
        );
        let services = b.services().unwrap();
        certificate::certificate_pdf(&c, &services, DEMO_LOGO).len()
    });
    println!(
        "730 PDF, 3 children:   p50 {:.1} ms, p99 {:.1} ms ({} KB)   budget 100 ms",
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        size / 1024
    );
}
