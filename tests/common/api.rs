//! Calls to a test server over HTTP, shared by the API tests.

use reqwest::blocking::Client;
use serde_json::{Value, json};

/// Logs in; the session token.
pub fn login(c: &Client, url: &str, user: &str, pass: &str) -> String {
    let r = c
        .post(format!("{url}/api/v1/sessions"))
        .json(&json!({"username": user, "password": pass}))
        .send()
        .unwrap();
    assert_eq!(r.status(), 201);
    r.json::<Value>().unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The codice fiscale of the child holding the demo's first PAN, found by searching that PAN.
pub fn child(c: &Client, url: &str, token: &str, db: &std::path::Path) -> String {
    let pan = &super::demo_pans(db)[0];
    let hits: Value = c
        .get(format!("{url}/api/v1/search?q={pan}"))
        .bearer_auth(token)
        .send()
        .unwrap()
        .json()
        .unwrap();
    hits[0]["key"].as_str().unwrap().to_string()
}

/// Rows in a table of the store file, read directly.
pub fn count(db: &std::path::Path, table: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// Checks a problem document of this status; its JSON.
pub fn problem(r: reqwest::blocking::Response, status: u16) -> Value {
    assert_eq!(r.status().as_u16(), status);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let v: Value = r.json().unwrap();
    assert!(
        v["type"]
            .as_str()
            .unwrap()
            .starts_with("https://sportello.example/problems/")
    );
    assert!(!v["detail"].as_str().unwrap().is_empty());
    v
}
