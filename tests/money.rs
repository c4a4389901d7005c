//! Money from outside (the real API, the command line): who may credit a balance by hand, which
//! receipts and due dates are plausible, and retries recognised by what they mean.

mod common;

use common::api::{child, count, login, problem};
use reqwest::blocking::Client;
use serde_json::{Value, json};

#[test]
fn idempotency_compares_requests_by_meaning_not_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path(), 20);
    let s = common::Server::start(&db);
    let c = Client::new();
    let op = login(&c, &s.url, "operatore", "Operatore1");
    let kid = child(&c, &s.url, &op, &db);
    let before = count(&db, "notices");
    let send = |key: &str, raw: String| {
        c.post(format!("{}/api/v1/notices", s.url))
            .bearer_auth(&op)
            .header("Idempotency-Key", key)
            .header("content-type", "application/json")
            .body(raw)
            .send()
            .unwrap()
    };
    let first = send(
        "order-1",
        format!(
            r#"{{"allocations": [{{"child_cf": "{kid}", "service": "refezione", "amount_cents": 2500}}], "due_date": null}}"#
        ),
    );
    assert_eq!(first.status(), 201);
    let first: Value = first.json().unwrap();
    // The same request from a client that writes the fields in another order and spaces them otherwise.
    let again = send(
        "order-1",
        format!(
            "{{\n  \"due_date\" : null,\n  \"allocations\":[{{\"amount_cents\":2500,\"service\":\"refezione\",\"child_cf\":\"{kid}\"}}]}}"
        ),
    );
    assert_eq!(again.status(), 201);
    assert_eq!(again.json::<Value>().unwrap()["number"], first["number"]);
    assert_eq!(count(&db, "notices"), before + 1);
    // Another meaning under the same key is still refused, whatever the order.
    let v = problem(
        send(
            "order-1",
            format!(
                r#"{{"due_date": null, "allocations": [{{"amount_cents": 3000, "service": "refezione", "child_cf": "{kid}"}}]}}"#
            ),
        ),
        422,
    );
    assert_eq!(v["field"], "Idempotency-Key");
    assert_eq!(count(&db, "notices"), before + 1);
}

/// A new notice for the first demo child, as `token`; its number.
fn new_notice(c: &Client, url: &str, token: &str, kid: &str, cents: i64) -> String {
    let r = c
        .post(format!("{url}/api/v1/notices"))
        .bearer_auth(token)
        .json(&json!({"allocations": [{"child_cf": kid, "service": "refezione", "amount_cents": cents}]}))
        .send()
        .unwrap();
    assert_eq!(r.status(), 201);
    r.json::<Value>().unwrap()["number"]
        .as_str()
        .unwrap()
        .to_string()
}

fn post_receipt(
    c: &Client,
    url: &str,
    token: &str,
    receipt: &Value,
) -> reqwest::blocking::Response {
    c.post(format!("{url}/api/v1/receipts"))
        .bearer_auth(token)
        .json(receipt)
        .send()
        .unwrap()
}

fn today() -> chrono::NaiveDate {
    sportello::clock::Clock::system().today()
}

#[test]
fn only_a_supervisor_credits_a_receipt_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path(), 20);
    let s = common::Server::start(&db);
    let c = Client::new();
    let op = login(&c, &s.url, "operatore", "Operatore1");
    let sup = login(&c, &s.url, "supervisore", "Supervisore1");
    let kid = child(&c, &s.url, &op, &db);
    let number = new_notice(&c, &s.url, &op, &kid, 2500);
    let (ledger, receipts) = (count(&db, "ledger"), count(&db, "receipts"));
    let receipt = json!({"notice_number": number, "receipt_id": "IUR-OP-1", "amount_cents": 2500, "paid_at": null, "psp": null});
    let v = problem(post_receipt(&c, &s.url, &op, &receipt), 403);
    assert!(v["detail"].as_str().unwrap().contains("supervisore"), "{v}");
    assert_eq!(count(&db, "ledger"), ledger, "no money without a payment");
    assert_eq!(count(&db, "receipts"), receipts);
    let notice: Value = c
        .get(format!("{}/api/v1/notices/{number}", s.url))
        .bearer_auth(&op)
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(notice["state"], "pending");
    let r = post_receipt(&c, &s.url, &sup, &receipt);
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().unwrap()["credited"], true);
    assert_eq!(count(&db, "ledger"), ledger + 1);
}

#[test]
fn implausible_receipt_days_and_due_dates_are_refused_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path(), 20);
    let s = common::Server::start(&db);
    let c = Client::new();
    let op = login(&c, &s.url, "operatore", "Operatore1");
    let sup = login(&c, &s.url, "supervisore", "Supervisore1");
    let kid = child(&c, &s.url, &op, &db);
    let number = new_notice(&c, &s.url, &op, &kid, 2500);
    let (ledger, receipts) = (count(&db, "ledger"), count(&db, "receipts"));
    let today = today();
    let tomorrow = today + chrono::Days::new(1);
    let yesterday = today - chrono::Days::new(1);
    let receipt = |paid_at: String| json!({"notice_number": number, "receipt_id": "IUR-DAY-1", "amount_cents": 2500, "paid_at": paid_at, "psp": null});
    for (paid_at, says) in [
        (tomorrow.to_string(), "futuro"),
        (format!("{tomorrow}T09:30:00"), "futuro"),
        (yesterday.to_string(), "anteriore all'avviso"),
    ] {
        let v = problem(
            post_receipt(&c, &s.url, &sup, &receipt(paid_at.clone())),
            422,
        );
        assert_eq!(v["field"], "paid_at", "{paid_at}: {v}");
        assert!(
            v["detail"].as_str().unwrap().contains(says),
            "{paid_at}: {v}"
        );
    }
    let v = problem(post_receipt(&c, &s.url, &sup, &receipt("ieri".into())), 422);
    assert!(
        v["detail"]
            .as_str()
            .unwrap()
            .contains("2026-11-20T10:30:00"),
        "the accepted forms are named: {v}"
    );
    assert_eq!(count(&db, "ledger"), ledger);
    assert_eq!(count(&db, "receipts"), receipts);
    // The day alone is accepted and kept as a day, not a made-up time; the 730 counts it in its year.
    let payer: Value = c
        .get(format!("{}/api/v1/notices/{number}", s.url))
        .bearer_auth(&op)
        .send()
        .unwrap()
        .json()
        .unwrap();
    let certified = || {
        let cert: Value = c
            .get(format!(
                "{}/api/v1/certificates/730?parent={}&year={}",
                s.url,
                payer["payer"]["cf"].as_str().unwrap(),
                today.format("%Y")
            ))
            .bearer_auth(&op)
            .send()
            .unwrap()
            .json()
            .unwrap();
        cert["total_cents"].as_i64().unwrap()
    };
    let before = certified();
    let r = post_receipt(&c, &s.url, &sup, &receipt(today.to_string()));
    assert_eq!(r.status(), 200);
    let v: Value = r.json().unwrap();
    assert_eq!(v["notice"]["receipts"][0]["paid_at"], today.to_string());
    assert_eq!(count(&db, "ledger"), ledger + 1);
    assert_eq!(certified(), before + 2500);

    // Due dates: not already past, not more than two years ahead.
    let notices = count(&db, "notices");
    let too_far = today + chrono::Months::new(24) + chrono::Days::new(1);
    for (due, says) in [(yesterday, "già passata"), (too_far, "oltre due anni")] {
        let r = c
            .post(format!("{}/api/v1/notices", s.url))
            .bearer_auth(&op)
            .json(&json!({"allocations": [{"child_cf": kid, "service": "refezione", "amount_cents": 2500}], "due_date": due}))
            .send()
            .unwrap();
        let v = problem(r, 422);
        assert_eq!(v["field"], "due_date", "{due}: {v}");
        assert!(v["detail"].as_str().unwrap().contains(says), "{due}: {v}");
    }
    assert_eq!(count(&db, "notices"), notices);
}

#[test]
fn the_command_line_over_the_api_records_receipts_only_as_a_supervisor() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path(), 5);
    let s = common::Server::start(&db);
    let c = Client::new();
    let op = login(&c, &s.url, "operatore", "Operatore1");
    let kid = child(&c, &s.url, &op, &db);
    let number = new_notice(&c, &s.url, &op, &kid, 1250);
    let ledger = count(&db, "ledger");
    let record = |user: &str, password: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_sportello"))
            .args(["--api", &s.url, "--lang", "en"])
            .args(["receipt", "record", "--notice", &number])
            .args(["--receipt-id", "IUR-CLI-1", "--amount", "12,50"])
            .env("HOME", dir.path())
            .env("XDG_CONFIG_HOME", dir.path())
            .env("SPORTELLO_API_USERNAME", user)
            .env("SPORTELLO_API_PASSWORD", password)
            .output()
            .unwrap()
    };
    let out = record("operatore", "Operatore1");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Only a supervisor"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(count(&db, "ledger"), ledger);
    let out = record("supervisore", "Supervisore1");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(count(&db, "ledger"), ledger + 1);
}

#[test]
fn the_local_command_line_keeps_a_day_paid_and_refuses_one_in_the_future() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path(), 5);
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_sportello"))
            .arg("--db")
            .arg(&db)
            .args(["--lang", "en"])
            .args(args)
            .env("HOME", dir.path())
            .env("XDG_CONFIG_HOME", dir.path())
            .output()
            .unwrap()
    };
    let kid = {
        let out = run(&["search", &common::demo_pans(&db)[0]]);
        String::from_utf8_lossy(&out.stdout)
            .split('\t')
            .nth(1)
            .unwrap()
            .to_string()
    };
    let out = run(&[
        "notice",
        "new",
        "--child",
        &kid,
        "--service",
        "refezione",
        "--amount",
        "12,50",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let number = serde_json::from_slice::<Value>(&out.stdout).unwrap()["number"]
        .as_str()
        .unwrap()
        .to_string();
    let ledger = count(&db, "ledger");
    let record = |day: String| {
        run(&[
            "receipt",
            "record",
            "--notice",
            &number,
            "--receipt-id",
            "IUR-LOCAL-1",
            "--amount",
            "12,50",
            "--paid-at",
            &day,
        ])
    };
    let out = record((today() + chrono::Days::new(1)).to_string());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Payment date in the future"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert_eq!(count(&db, "ledger"), ledger);
    let out = record(today().to_string());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["notice", "show", &number]);
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().find(|l| l.contains("IUR-LOCAL-1")).unwrap();
    assert!(
        line.contains(&today().format("%d/%m/%Y").to_string()) && !line.contains(':'),
        "the day, no made-up time: {line}"
    );
}
