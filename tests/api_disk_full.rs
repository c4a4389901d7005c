//! A full disk says so, over the real API, and leaves the store as it was: the store is held to its
//! current size with `PRAGMA max_page_count` (what SQLite answers on a full disk too: SQLITE_FULL).

mod common;

use std::sync::Arc;

use common::api::{child, count, login, problem};
use reqwest::blocking::Client;
use serde_json::json;
use sportello::server::ApiState;
use sportello::store::Store;

#[test]
fn a_full_disk_is_reported_as_such_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path(), 5);
    let store = Arc::new(Store::open(&db).unwrap());
    let s = common::Server::start_state(ApiState::new(store.clone(), Default::default()));
    let c = Client::new();
    let op = login(&c, &s.url, "operatore", "Operatore1");
    let kid = child(&c, &s.url, &op, &db);
    {
        // The writer connection may not grow the file past its size now (logins above are written).
        let conn = store.conn();
        let pages: i64 = conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        conn.pragma_update(None, "max_page_count", pages).unwrap();
    }
    let notice =
        json!({"allocations": [{"child_cf": kid, "service": "refezione", "amount_cents": 1000}]});
    // Free room in the last pages takes a few notices; then the file would have to grow.
    let mut written = 0;
    let refused = loop {
        let (notices, audit) = (count(&db, "notices"), count(&db, "audit"));
        let r = c
            .post(format!("{}/api/v1/notices", s.url))
            .bearer_auth(&op)
            .header("accept-language", "it")
            .json(&notice)
            .send()
            .unwrap();
        if r.status() != 201 {
            assert_eq!(count(&db, "notices"), notices, "nothing written");
            assert_eq!(count(&db, "audit"), audit, "nothing written");
            break r;
        }
        written += 1;
        assert!(written < 5000, "the size limit never bit");
    };
    let v = problem(refused, 503);
    let detail = v["detail"].as_str().unwrap();
    assert!(detail.contains("Disco pieno"), "{v}");
    assert!(!detail.contains("interno"), "{v}");
    // Reading still works.
    let r = c
        .get(format!(
            "{}/api/v1/search?q={}",
            s.url,
            common::demo_pans(&db)[0]
        ))
        .bearer_auth(&op)
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
}
