//! Budget of the reconciliation import: a flow file with 10,000 IUVs read (one pass) and stored in
//! one transaction with its audit row (≤ 2 s), then the report over it. Each run imports a new flow.
//! Run: `cargo bench --bench fdr_budgets`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use sportello::backend::{Backend, Flow, FlowPayment, Outcome, Source};
use sportello::demo::{self, DemoOptions};
use sportello::pagopa::fdr::file;
use sportello::store::{LocalBackend, Store};

const IUVS: usize = 10_000;

/// A 1.0.5 flow file for `receiver` with `IUVS` payments.
fn flow_file(id: &str, receiver: &str) -> String {
    let today = sportello::clock::Clock::system().today();
    let payments: Vec<FlowPayment> = (0..IUVS)
        .map(|i| FlowPayment {
            iuv: format!("02{:015}", 900_000_000 + i),
            iur: format!("IUR{i:010}"),
            index: Some(1),
            amount_cents: 1000 + (i as i64 % 5000),
            outcome: if i % 10 == 0 {
                Outcome::StandIn
            } else {
                Outcome::Executed
            },
            date: today,
        })
        .collect();
    file::write(&Flow {
        id: id.into(),
        psp: "ABI03069".into(),
        psp_name: Some("Banca Fittizia".into()),
        revision: None,
        published: None,
        date: sportello::clock::Clock::system().now(),
        regulation: "BONIFICO-BENCH".into(),
        regulation_date: today,
        bic: None,
        receiver: receiver.into(),
        total_payments: IUVS as i64,
        total_cents: payments.iter().map(|p| p.amount_cents).sum(),
        payments,
        source: Source::File,
        raw: String::new(),
    })
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fdr.db");
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
    let b = LocalBackend::acting_as(store, LocalBackend::cli_operator());
    let runs = 10;
    let files: Vec<String> = (0..runs)
        .map(|i| flow_file(&format!("2026-11-20ABI03069-B{i:04}"), &ente.fiscal_code))
        .collect();
    println!("flow file: {} KB, {IUVS} IUVs", files[0].len() / 1024);
    let mut times: Vec<Duration> = files
        .iter()
        .map(|text| {
            let t = Instant::now();
            let flow = file::parse(text).unwrap();
            let done = b.fdr_import(&flow).unwrap();
            assert_eq!(done.payments, IUVS as i64);
            t.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "FdR import of a {IUVS}-IUV flow (parse + store): p50 {:.0} ms, max {:.0} ms   budget 2000 ms",
        times[runs / 2].as_secs_f64() * 1e3,
        times[runs - 1].as_secs_f64() * 1e3
    );
    let t = Instant::now();
    let report = b.fdr_report().unwrap();
    println!(
        "report over {} flow IUVs: {:.0} ms",
        report.lines.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
}
