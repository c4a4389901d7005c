//! The central API reads codes and amounts as the domain's types: a body with a wrong codice fiscale,
//! notice number or amount is refused as it is read, with 422, the field named and the reason in
//! Italian and English, and nothing is written.

mod common;

use common::api::{child, count, login, problem};

use reqwest::blocking::Client;
use serde_json::{Value, json};

#[test]
fn wrong_codes_and_amounts_are_refused_naming_the_field_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path(), 5);
    let s = common::Server::start(&db);
    let c = Client::new();
    let url = &s.url;
    let op = login(&c, url, "operatore", "Operatore1");
    let sup = login(&c, url, "supervisore", "Supervisore1");
    let kid = child(&c, url, &op, &db);
    let written = ["notices", "receipts", "ledger", "audit"].map(|t| count(&db, t));
    let post = |path: &str, token: &str, body: &Value, lang: &str| {
        c.post(format!("{url}/api/v1{path}"))
            .bearer_auth(token)
            .header("accept-language", lang)
            .json(body)
            .send()
            .unwrap()
    };
    let notice = |cf: &str, cents: i64| json!({"allocations": [{"child_cf": cf, "service": "refezione", "amount_cents": cents}]});
    let refused = |r, field: &str, it: &str, en: &str| {
        let v = problem(r, 422);
        assert_eq!(v["field"], field, "{v}");
        assert!(v["detail_it"].as_str().unwrap().contains(it), "{v}");
        assert!(v["detail_en"].as_str().unwrap().contains(en), "{v}");
        v
    };

    // A wrong check character, in a child's code deep in the body.
    let mut wrong = kid.clone();
    let last = if wrong.ends_with('A') { 'B' } else { 'A' };
    wrong.replace_range(15.., &last.to_string());
    let v = refused(
        post("/notices", &op, &notice(&wrong, 2000), "it"),
        "child_cf",
        "controllo",
        "check",
    );
    assert!(
        v["detail"].as_str().unwrap().contains("controllo"),
        "Italian by default: {v}"
    );
    let v = refused(
        post("/notices", &op, &notice(&wrong, 2000), "en"),
        "child_cf",
        "controllo",
        "check",
    );
    assert!(
        v["detail"].as_str().unwrap().contains("check"),
        "English on request: {v}"
    );

    // Nothing to pay, a debt instead of a payment, more than a notice can carry.
    for cents in [0, -2000] {
        refused(
            post("/notices", &op, &notice(&kid, cents), "it"),
            "amount_cents",
            "maggiore di zero",
            "above zero",
        );
    }
    refused(
        post("/notices", &op, &notice(&kid, 10_000_000_000), "it"),
        "amount_cents",
        "10 cifre",
        "10 digits",
    );

    // A receipt for a notice number whose check digits are wrong, or for nothing.
    let receipt = |number: &str, cents: i64| json!({"notice_number": number, "receipt_id": "R-WIRE", "amount_cents": cents});
    refused(
        post(
            "/receipts",
            &sup,
            &receipt("302032002700000252", 2000),
            "it",
        ),
        "notice_number",
        "controllo",
        "check digits",
    );
    refused(
        post("/receipts", &sup, &receipt("302032002700000251", 0), "it"),
        "amount_cents",
        "maggiore di zero",
        "above zero",
    );

    assert_eq!(
        ["notices", "receipts", "ledger", "audit"].map(|t| count(&db, t)),
        written,
        "nothing was written"
    );
    // The right request still goes through: the refusals were the values, not the shape.
    let ok = post("/notices", &op, &notice(&kid, 2000), "it");
    assert_eq!(ok.status(), 201, "{:?}", ok.text());
}
