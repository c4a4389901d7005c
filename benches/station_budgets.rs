//! Budgets of the pagoPA station on a 200,000-family store (shared with `store_budgets`), server and
//! load generator in one process on 127.0.0.1: paVerifyPaymentNotice and paGetPaymentV2 latency at a
//! paced 200 requests/s, and paSendRTV2 receipts per second at full load, each credited exactly once.
//! Run: `cargo bench --bench station_budgets` (FAMILIES=N or STORE=path as for store_budgets).

mod common;
#[path = "../tests/common/station.rs"]
#[allow(dead_code)]
mod station;

use std::sync::Arc;
use std::time::{Duration, Instant};

use sportello::backend::{Allocation, Backend, NewNotice};
use sportello::server::ApiState;
use sportello::store::{LocalBackend, Store};

const XML: &str = "text/xml; charset=utf-8";

fn main() {
    let path = common::existing_store();
    let store = Arc::new(Store::open(&path).unwrap());
    let kids: Vec<String> = store
        .conn()
        .prepare("SELECT c.cf FROM children c JOIN enrolments e ON e.child_id = c.id AND e.service = 'refezione' ORDER BY random() LIMIT 2000")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    // The notices the Node will ask about and pay, made directly in the store.
    let desk = LocalBackend::acting_as(store.clone(), LocalBackend::cli_operator());
    let (paced_n, receipts_n) = (2000usize, 6000usize);
    let numbers: Vec<String> = (0..paced_n + receipts_n)
        .map(|i| {
            let n = NewNotice {
                allocations: vec![Allocation {
                    child_cf: kids[i % kids.len()].parse().unwrap(),
                    child_name: String::new(),
                    service: "refezione".into(),
                    amount_cents: 2000.try_into().unwrap(),
                }],
                due_date: None,
            };
            desk.create_notice(&n).unwrap().number.to_string()
        })
        .collect();
    let (paced, paid) = numbers.split_at(paced_n);

    let url = common::serve(ApiState::new(store.clone(), Default::default()));

    // Paced: 200 requests/s for 10 seconds from 2 threads, each notice verified then its payment data
    // fetched, as the Node does.
    let times: Vec<(bool, Duration)> = std::thread::scope(|s| {
        (0..2)
            .map(|t| {
                let (url, paced) = (&url, &paced);
                s.spawn(move || {
                    let client = reqwest::blocking::Client::new();
                    let start = Instant::now();
                    let mut times = Vec::new();
                    for i in 0..paced.len() / 2 {
                        let due = start + Duration::from_millis(10 * i as u64);
                        if let Some(wait) = due.checked_duration_since(Instant::now()) {
                            std::thread::sleep(wait);
                        }
                        let number = &paced[i * 2 + t];
                        let verify = i % 2 == 0;
                        let body = if verify {
                            station::verify(number)
                        } else {
                            station::get_payment(number, true)
                        };
                        let t0 = Instant::now();
                        let reply = station::post_with(&client, url, body.as_bytes(), XML);
                        times.push((verify, t0.elapsed()));
                        assert!(
                            reply.body.contains("<outcome>OK</outcome>"),
                            "{}",
                            reply.body
                        );
                    }
                    times
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    for (verify, name) in [(true, "paVerifyPaymentNotice"), (false, "paGetPaymentV2")] {
        let mut v: Vec<Duration> = times
            .iter()
            .filter(|t| t.0 == verify)
            .map(|t| t.1)
            .collect();
        println!(
            "{name:<22} at 200/s: p50 {:.2} ms, p99 {:.2} ms ({} requests)",
            common::p(&mut v, 0.5),
            common::p(&mut v, 0.99),
            v.len()
        );
    }

    // Receipts: 4 threads, as fast as the station answers. Their ids name this run (the store is reused).
    let threads = 4;
    let run = format!("bench{}", std::process::id());
    let run = &run;
    let start = Instant::now();
    std::thread::scope(|s| {
        for t in 0..threads {
            let (url, paid) = (&url, &paid);
            s.spawn(move || {
                let client = reqwest::blocking::Client::new();
                for (i, number) in paid.iter().enumerate().skip(t).step_by(threads) {
                    let body = station::send_rt(&format!("{run}-{i}"), number, "20.00", "OK", true);
                    let reply = station::post_with(&client, url, body.as_bytes(), XML);
                    assert!(
                        reply.body.contains("<outcome>OK</outcome>"),
                        "{}",
                        reply.body
                    );
                }
            });
        }
    });
    let elapsed = start.elapsed();
    let conn = store.conn();
    let credited: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM receipts WHERE channel = 'nodo' AND receipt_id LIKE ?1 || '-%'",
            [run],
            |r| r.get(0),
        )
        .unwrap();
    let topups: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM ledger l JOIN receipts r ON l.ref = (SELECT number FROM notices WHERE id = r.notice_id)
             WHERE r.receipt_id LIKE ?1 || '-%' AND l.kind = 'topup'",
            [run],
            |r| r.get(0),
        )
        .unwrap();
    println!(
        "paSendRTV2 at full load: {:.0} receipts/s ({} in {:.1} s; credited {credited}, ledger top-ups {topups}: each once: {})",
        paid.len() as f64 / elapsed.as_secs_f64(),
        paid.len(),
        elapsed.as_secs_f64(),
        credited as usize == paid.len() && topups as usize == paid.len()
    );
}
