//! Budgets of the central API on a 200,000-family store (shared with `store_budgets`), server and load
//! generator in one process on 127.0.0.1: family cards per second at full load, p99 at a paced 1,000
//! requests/s, notice creation per second (every IUV unique), resident memory.
//! Run: `cargo bench --bench api_budgets` (FAMILIES=N or STORE=path as for store_budgets).

use std::sync::Arc;
use std::time::{Duration, Instant};

mod common;

use reqwest::blocking::Client;
use serde_json::{Value, json};
use sportello::server::ApiState;
use sportello::store::Store;

fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1024.0
}

fn main() {
    let path = common::existing_store();
    let store = Arc::new(Store::open(&path).unwrap());
    let (cfs, kids): (Vec<String>, Vec<String>) = {
        let conn = store.conn();
        let cfs = conn
            .prepare("SELECT cf FROM parents ORDER BY random() LIMIT 3000")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let kids = conn
            .prepare("SELECT c.cf FROM children c JOIN enrolments e ON e.child_id = c.id AND e.service = 'refezione' ORDER BY random() LIMIT 200")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        (cfs, kids)
    };
    let url = common::serve(ApiState::new(store.clone(), Default::default()));
    let client = Client::new();
    let token = client
        .post(format!("{url}/api/v1/sessions"))
        .json(&json!({"username": "supervisore", "password": "Supervisore1"}))
        .send()
        .unwrap()
        .json::<Value>()
        .unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();

    // Full load: 4 client threads, family cards, 5 seconds.
    let threads = 4;
    let run = Duration::from_secs(5);
    let results: Vec<(usize, Vec<Duration>)> = std::thread::scope(|s| {
        (0..threads)
            .map(|t| {
                let (url, token, cfs) = (&url, &token, &cfs);
                s.spawn(move || {
                    let c = Client::new();
                    let start = Instant::now();
                    let mut times = Vec::new();
                    let mut i = t;
                    while start.elapsed() < run {
                        let t0 = Instant::now();
                        let r = c
                            .get(format!("{url}/api/v1/families/{}", cfs[i % cfs.len()]))
                            .bearer_auth(token)
                            .send()
                            .unwrap();
                        assert!(r.status().is_success());
                        let _ = r.bytes();
                        times.push(t0.elapsed());
                        i += threads;
                    }
                    (times.len(), times)
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|h| h.join().unwrap())
            .collect()
    });
    let total: usize = results.iter().map(|r| r.0).sum();
    let mut all: Vec<Duration> = results.into_iter().flat_map(|r| r.1).collect();
    println!(
        "family card, full load:   {:.0} requests/s (p50 {:.2} ms, p99 {:.2} ms)",
        total as f64 / run.as_secs_f64(),
        common::p(&mut all, 0.5),
        common::p(&mut all, 0.99)
    );
    println!(
        "resident memory (server + load generator): {:.1} MB",
        rss_mb()
    );

    // Paced: 1,000 requests/s for 5 seconds from 2 threads.
    let mut paced: Vec<Duration> = std::thread::scope(|s| {
        (0..2)
            .map(|t| {
                let (url, token, cfs) = (&url, &token, &cfs);
                s.spawn(move || {
                    let c = Client::new();
                    let start = Instant::now();
                    let mut times = Vec::new();
                    for i in 0..2500usize {
                        let due = start + Duration::from_micros(2000 * i as u64);
                        if let Some(wait) = due.checked_duration_since(Instant::now()) {
                            std::thread::sleep(wait);
                        }
                        let t0 = Instant::now();
                        let r = c
                            .get(format!(
                                "{url}/api/v1/families/{}",
                                cfs[(i * 2 + t) % cfs.len()]
                            ))
                            .bearer_auth(token)
                            .send()
                            .unwrap();
                        let _ = r.bytes();
                        times.push(t0.elapsed());
                    }
                    times
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    println!(
        "family card at 1,000/s:   p50 {:.2} ms, p99 {:.2} ms",
        common::p(&mut paced, 0.5),
        common::p(&mut paced, 0.99)
    );

    // Notice creation: 4 threads, 3 seconds.
    let before: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM notices", [], |r| r.get(0))
        .unwrap();
    let run = Duration::from_secs(3);
    let made: usize = std::thread::scope(|s| {
        (0..threads)
            .map(|t| {
                let (url, token, kids) = (&url, &token, &kids);
                s.spawn(move || {
                    let c = Client::new();
                    let start = Instant::now();
                    let mut n = 0;
                    while start.elapsed() < run {
                        let body = json!({"allocations": [{"child_cf": kids[(n * threads + t) % kids.len()], "service": "refezione", "amount_cents": 2000}]});
                        let r = c.post(format!("{url}/api/v1/notices")).bearer_auth(token).json(&body).send().unwrap();
                        assert_eq!(r.status(), 201, "{:?}", r.text());
                        n += 1;
                    }
                    n
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|h| h.join().unwrap())
            .sum()
    });
    let (after, distinct): (i64, i64) = store
        .conn()
        .query_row(
            "SELECT count(*), count(DISTINCT iuv) FROM notices",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    println!(
        "notice creation:          {:.0} notices/s ({} made, {} in the store, IUVs all distinct: {})",
        made as f64 / run.as_secs_f64(),
        made,
        after - before,
        after == distinct
    );
    println!("resident memory at the end: {:.1} MB", rss_mb());
}
