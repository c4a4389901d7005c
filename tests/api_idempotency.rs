//! An idempotent change and its key are one transaction (issue 12): a key that cannot be marked undoes
//! the change, and a change whose answer was lost after it committed is not run a second time.
//! Failures are injected from outside with SQLite triggers on the real store file.

mod common;

use common::api::{child, count, login, problem};
use reqwest::blocking::Client;
use serde_json::json;

/// Makes some inserts into the idempotency record fail, as a full disk or a crash would.
fn break_record(db: &std::path::Path, when: &str) {
    rusqlite::Connection::open(db)
        .unwrap()
        .execute_batch(&format!(
            "CREATE TRIGGER broken_record BEFORE INSERT ON idempotency {when}
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END;"
        ))
        .unwrap();
}

fn notice_request(c: &Client, url: &str, token: &str, kid: &str, key: Option<&str>) -> u16 {
    let mut r = c
        .post(format!("{url}/api/v1/notices"))
        .bearer_auth(token)
        .json(&json!({"allocations": [{"child_cf": kid, "service": "refezione", "amount_cents": 2500}], "due_date": null}));
    if let Some(k) = key {
        r = r.header("Idempotency-Key", k);
    }
    r.send().unwrap().status().as_u16()
}

#[test]
fn a_change_whose_key_cannot_be_recorded_is_not_made() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path(), 5);
    let s = common::Server::start(&db);
    let c = Client::new();
    let op = login(&c, &s.url, "operatore", "Operatore1");
    let kid = child(&c, &s.url, &op, &db);
    let before = count(&db, "notices");
    let audit = count(&db, "audit");
    break_record(&db, "");
    let status = notice_request(&c, &s.url, &op, &kid, Some("k-1"));
    assert!(status >= 500, "got {status}");
    assert_eq!(
        count(&db, "notices"),
        before,
        "the notice went with its key"
    );
    assert_eq!(count(&db, "audit"), audit);
    // Without a key nothing needs recording: the same request goes through.
    assert_eq!(notice_request(&c, &s.url, &op, &kid, None), 201);
    assert_eq!(count(&db, "notices"), before + 1);
}

#[test]
fn a_change_whose_answer_was_lost_is_not_run_twice() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path(), 5);
    let s = common::Server::start(&db);
    let c = Client::new();
    let op = login(&c, &s.url, "operatore", "Operatore1");
    let kid = child(&c, &s.url, &op, &db);
    let before = count(&db, "notices");
    // The change's transaction marks the key; the answer's own record fails, as if the server had
    // stopped between the two.
    break_record(&db, "WHEN NEW.body <> ''");
    assert_eq!(notice_request(&c, &s.url, &op, &kid, Some("k-2")), 201);
    assert_eq!(count(&db, "notices"), before + 1);
    let v = problem(
        c.post(format!("{}/api/v1/notices", s.url))
            .bearer_auth(&op)
            .header("Idempotency-Key", "k-2")
            .header("accept-language", "en")
            .json(&json!({"allocations": [{"child_cf": kid, "service": "refezione", "amount_cents": 2500}], "due_date": null}))
            .send()
            .unwrap(),
        409,
    );
    assert!(
        v["detail"].as_str().unwrap().contains("answer was lost"),
        "{v}"
    );
    assert_eq!(
        count(&db, "notices"),
        before + 1,
        "the retry made no second notice"
    );
}
