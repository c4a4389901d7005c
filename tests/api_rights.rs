//! Who may call which route, as a table that checks itself: every route of the OpenAPI document
//! (`GET /api/v1/openapi.json`, paths × methods) is called by every kind of caller against one real
//! server, and the status must be what the table says. A route in the document without a row, or a
//! row for a route no longer there, fails the test.

mod common;

use chrono::Datelike;
use reqwest::blocking::Client;
use serde_json::{Value, json};

/// The callers, in the order of each row's rights.
const CALLERS: [&str; 6] = [
    "no token",
    "bad token",
    "kiosk before identifying",
    "kiosk after identifying",
    "operator",
    "supervisor",
];

/// Each caller's answer, one character per caller in `CALLERS` order: `1` is 401, `3` is 403, `.` is
/// allowed (any other status: the call reached what it asked for, even if the data was refused).
type Rights = &'static str;

/// Method, path (as in the document), body sent (shaped right, so a refusal by role comes before
/// any validation), rights.
fn table() -> Vec<(&'static str, &'static str, Option<Value>, Rights)> {
    let no_body = None;
    vec![
        // Logging in needs no token; the empty body is refused as data (422), not as a caller.
        ("post", "/sessions", Some(json!({})), "......"),
        ("delete", "/sessions/current", no_body.clone(), "11...."),
        // The kiosk identifies; staff cannot pose as the kiosk.
        (
            "post",
            "/kiosk/identification",
            Some(json!({"cf": "X", "pan": "X"})),
            "11..33",
        ),
        ("delete", "/kiosk/identification", no_body.clone(), "11...."),
        ("post", "/kiosk/supervisor-check", Some(json!({})), "11...."),
        ("get", "/kiosk/throttles", no_body.clone(), "11333."),
        (
            "delete",
            "/kiosk/throttles/{username}",
            no_body.clone(),
            "11333.",
        ),
        ("get", "/ente", no_body.clone(), "11...."),
        ("get", "/services", no_body.clone(), "1133.."),
        ("get", "/schools", no_body.clone(), "1133.."),
        ("get", "/search", no_body.clone(), "1133.."),
        ("get", "/families/{cf}", no_body.clone(), "1133.."),
        ("post", "/parents", Some(json!({})), "1133.."),
        ("patch", "/parents/{cf}", Some(json!({})), "1133.."),
        ("post", "/parents/{cf}/unlock", no_body.clone(), "11333."),
        (
            "post",
            "/parents/{cf}/credentials",
            no_body.clone(),
            "1133..",
        ),
        (
            "get",
            "/parents/{cf}/applications",
            no_body.clone(),
            "1133..",
        ),
        // Testing a parent's portal password: desk staff only.
        (
            "post",
            "/portal/logins",
            Some(json!({"username": "NESSUNO", "password": "x"})),
            "1133..",
        ),
        (
            "post",
            "/children/{cf}/second-parent",
            Some(json!({"parent_cf": "X"})),
            "1133..",
        ),
        (
            "post",
            "/children/{cf}/paying-parent",
            Some(json!({"parent_cf": "X", "reason": "prova"})),
            "11333.",
        ),
        // The kiosk reads the identified parent's own children's meals.
        (
            "get",
            "/children/{cf}/attendance",
            no_body.clone(),
            "113...",
        ),
        (
            "post",
            "/children/{cf}/attendance/{day}/cancellation",
            Some(json!({"service": "refezione"})),
            "1133..",
        ),
        (
            "post",
            "/children/{cf}/attendance/{day}/correction",
            Some(json!({"service": "refezione", "reason": ""})),
            "11333.",
        ),
        ("get", "/children/{cf}/ledger", no_body.clone(), "1133.."),
        ("get", "/windows", no_body.clone(), "1133.."),
        ("post", "/applications", Some(json!({})), "1133.."),
        ("get", "/applications/{id}", no_body.clone(), "1133.."),
        ("put", "/applications/{id}", Some(json!({})), "1133.."),
        (
            "post",
            "/applications/{id}/submit",
            Some(json!({})),
            "1133..",
        ),
        (
            "post",
            "/applications/{id}/documents",
            Some(json!({})),
            "1133..",
        ),
        (
            "post",
            "/applications/{id}/discard",
            no_body.clone(),
            "1133..",
        ),
        // The office's review, withdrawals, credit moved on and the school's register: a supervisor's.
        ("get", "/applications", no_body.clone(), "11333."),
        (
            "post",
            "/applications/{id}/accept",
            no_body.clone(),
            "11333.",
        ),
        (
            "post",
            "/applications/{id}/refuse",
            Some(json!({"reason": ""})),
            "11333.",
        ),
        (
            "post",
            "/children/{cf}/withdrawals",
            Some(json!({"service": "refezione", "from": "2026-01-01", "reason": ""})),
            "11333.",
        ),
        (
            "post",
            "/children/{cf}/balance-transfers",
            Some(json!({"service": "refezione", "to_child_cf": null, "reason": ""})),
            "11333.",
        ),
        (
            "post",
            "/attendance/presences",
            Some(json!({"presences": []})),
            "11333.",
        ),
        // The kiosk makes and follows notices for the identified parent's children.
        (
            "post",
            "/notices",
            Some(json!({"allocations": []})),
            "113...",
        ),
        ("get", "/notices/{number}", no_body.clone(), "113..."),
        (
            "post",
            "/notices/{number}/cancel",
            Some(json!({"reason": ""})),
            "1133..",
        ),
        ("post", "/notices/{number}/cash", no_body.clone(), "11333."),
        (
            "post",
            "/receipts",
            Some(
                json!({"notice_number": "302000099999999905", "receipt_id": "R-diritti",
                        "amount_cents": 1}),
            ),
            "11333.",
        ),
        ("get", "/certificates/730", no_body.clone(), "1133.."),
        ("get", "/debtors", no_body.clone(), "11333."),
        // Staff accounts held up by wrong passwords: a supervisor lists and unlocks them.
        ("get", "/operators", no_body.clone(), "11333."),
        (
            "post",
            "/operators/{username}/unlock",
            no_body.clone(),
            "11333.",
        ),
        // pagoPA receipts kept but not credited: a supervisor lists and settles them.
        ("get", "/pagopa/anomalies", no_body.clone(), "11333."),
        (
            "post",
            "/pagopa/anomalies/{id}/resolve",
            Some(json!({"action": "refund", "reason": ""})),
            "11333.",
        ),
        // Reconciliation flows (FdR): a supervisor's. The flow is another ente's, so nothing is stored.
        (
            "post",
            "/pagopa/fdr/flows",
            Some(
                json!({"id": "F1", "psp": "P1", "psp_name": null, "revision": null,
                        "published": null, "date": "2026-11-10T07:00:00", "regulation": "B1",
                        "regulation_date": "2026-11-10", "bic": null, "receiver": "00000000000",
                        "total_payments": 1, "total_cents": 100,
                        "payments": [{"iuv": "1", "iur": "1", "index": null, "amount_cents": 100,
                                      "outcome": "executed", "date": "2026-11-09"}],
                        "source": "file", "raw": "<x/>"}),
            ),
            "11333.",
        ),
        ("get", "/pagopa/fdr/flows", no_body.clone(), "11333."),
        ("get", "/pagopa/fdr/report", no_body.clone(), "11333."),
        (
            "post",
            "/pagopa/fdr/{iuv}/credit",
            Some(json!({})),
            "11333.",
        ),
        // Desk history, notes, undo, reactivate: staff read and write a family's history and undo a
        // cancellation; reactivating a cancelled notice is a supervisor's.
        ("get", "/families/{cf}/history", no_body.clone(), "1133.."),
        (
            "post",
            "/families/{cf}/notes",
            Some(json!({"text": "nota di prova"})),
            "1133..",
        ),
        (
            "post",
            "/notices/{number}/reactivate",
            Some(json!({"reason": ""})),
            "11333.",
        ),
        (
            "post",
            "/children/{cf}/attendance/{day}/cancellation/undo",
            Some(json!({"service": "refezione"})),
            "1133..",
        ),
        ("get", "/openapi.json", no_body, "......"),
        // Second parent, receipts.
        (
            "post",
            "/children/{cf}/second-parent/unlink",
            Some(json!({"reason": "prova"})),
            "11333.",
        ),
    ]
}

struct Fixture {
    url: String,
    client: Client,
    parent: String,
    pan: String,
    child: String,
    notice: String,
}

impl Fixture {
    fn login(&self, user: &str, pass: &str) -> String {
        let r = self
            .client
            .post(format!("{}/api/v1/sessions", self.url))
            .json(&json!({"username": user, "password": pass}))
            .send()
            .unwrap();
        assert_eq!(r.status(), 201, "{user}");
        r.json::<Value>().unwrap()["token"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// A new token for a caller (`None`: no token at all).
    fn token(&self, caller: usize) -> Option<String> {
        match caller {
            0 => None,
            1 => Some("0".repeat(64)),
            2 => Some(self.login("chiosco", "Chiosco1")),
            3 => {
                let t = self.login("chiosco", "Chiosco1");
                let r = self
                    .client
                    .post(format!("{}/api/v1/kiosk/identification", self.url))
                    .bearer_auth(&t)
                    .json(&json!({"cf": self.parent, "pan": self.pan}))
                    .send()
                    .unwrap();
                assert_eq!(r.status(), 200, "the kiosk identifies the parent");
                Some(t)
            }
            4 => Some(self.login("operatore", "Operatore1")),
            _ => Some(self.login("supervisore", "Supervisore1")),
        }
    }

    /// The route's path with real values from the demo store, and its required query.
    fn url_of(&self, path: &str, query: &[String]) -> String {
        let is_child = path.starts_with("/children/");
        let filled = path
            .replace("{cf}", if is_child { &self.child } else { &self.parent })
            .replace("{day}", "2026-01-07")
            .replace("{id}", "999999")
            .replace("{number}", &self.notice)
            .replace("{username}", "chiosco")
            .replace("{iuv}", "02000000000000000");
        let today = sportello::clock::Clock::system().today();
        let pairs: Vec<String> = query
            .iter()
            .map(|name| {
                let value = match name.as_str() {
                    "q" => "ROSSI".to_string(),
                    "month" => format!("{}-{:02}", today.year(), today.month()),
                    "parent" => self.parent.clone(),
                    "year" => today.year().to_string(),
                    other => panic!("no value for the required query parameter {other} of {path}"),
                };
                format!("{name}={value}")
            })
            .collect();
        let query = if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", pairs.join("&"))
        };
        format!("{}/api/v1{filled}{query}", self.url)
    }
}

/// The routes of the served document: method, path (without `/api/v1`), required query parameters.
fn documented_routes(doc: &Value) -> Vec<(String, String, Vec<String>)> {
    let mut out = Vec::new();
    for (path, methods) in doc["paths"].as_object().unwrap() {
        for (method, op) in methods.as_object().unwrap() {
            let query = op["parameters"]
                .as_array()
                .map(|ps| {
                    ps.iter()
                        .filter(|p| p["in"] == "query" && p["required"] == true)
                        .map(|p| p["name"].as_str().unwrap().to_string())
                        .collect()
                })
                .unwrap_or_default();
            let path = path.strip_prefix("/api/v1").unwrap().to_string();
            out.push((method.clone(), path, query));
        }
    }
    out
}

#[test]
fn every_documented_route_answers_each_caller_as_the_table_says() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path(), 8);
    let (parent, pan, child): (String, String, String) = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT p.cf, c.pan, c.cf FROM children c JOIN parents p ON p.id = c.paying_parent_id
             ORDER BY c.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let server = common::Server::start(&db);
    let mut fx = Fixture {
        url: server.url.clone(),
        client: Client::new(),
        parent,
        pan,
        child,
        notice: String::new(),
    };
    let op = fx.token(4).unwrap();
    let notice: Value = fx
        .client
        .post(format!("{}/api/v1/notices", fx.url))
        .bearer_auth(&op)
        .json(
            &json!({"allocations": [{"child_cf": fx.child, "child_name": "",
                       "service": "refezione", "amount_cents": 2000}]}),
        )
        .send()
        .unwrap()
        .json()
        .unwrap();
    fx.notice = notice["number"].as_str().unwrap().to_string();

    let doc: Value = fx
        .client
        .get(format!("{}/api/v1/openapi.json", fx.url))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let routes = documented_routes(&doc);
    // The rights each endpoint declares in the contract are the ones its callers meet.
    for (method, path, _, rights) in &table() {
        let declared = doc["paths"][format!("/api/v1{path}")][method]["x-rights"]
            .as_str()
            .unwrap_or("?");
        let expected = match *rights {
            "......" => "public",
            "11...." => "session",
            "11..33" => "kiosk-account",
            "113..." => "kiosk-parent",
            "1133.." => "staff",
            "11333." => "supervisor",
            other => panic!("{method} {path}: no kind of rights reads {other}"),
        };
        assert_eq!(declared, expected, "{method} {path}");
    }
    let table = table();
    let mut problems = Vec::new();
    for (method, path, _, _) in &table {
        if !routes.iter().any(|(m, p, _)| m == method && p == path) {
            problems.push(format!(
                "row for {method} {path}: not in the OpenAPI document"
            ));
        }
    }
    // One token per caller for the whole walk; routes that end a session or a visit get their own.
    let tokens: Vec<Option<String>> = (0..CALLERS.len()).map(|c| fx.token(c)).collect();
    for (method, path, query) in &routes {
        let Some((_, _, body, rights)) = table.iter().find(|(m, p, ..)| m == method && p == path)
        else {
            problems.push(format!("{method} {path}: no row in the rights table"));
            continue;
        };
        let ends_something =
            *method == "delete" && (path == "/sessions/current" || path == "/kiosk/identification");
        for (caller, expect) in rights.chars().enumerate() {
            let token = if ends_something {
                fx.token(caller)
            } else {
                tokens[caller].clone()
            };
            let mut rb = fx.client.request(
                method.to_uppercase().parse().unwrap(),
                fx.url_of(path, query),
            );
            if let Some(t) = token {
                rb = rb.bearer_auth(t);
            }
            if let Some(b) = body {
                rb = rb.json(b);
            }
            let status = rb.send().unwrap().status().as_u16();
            let ok = match expect {
                '1' => status == 401,
                '3' => status == 403,
                _ => status != 401 && status != 403,
            };
            if !ok {
                problems.push(format!(
                    "{method} {path} as {}: {status}, the table says {expect}",
                    CALLERS[caller]
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// HEAD runs the GET handler in axum: a kiosk token gets the same refusal on it as on the GET, and
/// the handler never runs (the answer would otherwise tell whether a child exists).
#[test]
fn a_kiosk_token_gets_no_further_with_head_than_with_get() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path(), 4);
    let server = common::Server::start(&db);
    let c = Client::new();
    let kiosk = common::api::login(&c, &server.url, "chiosco", "Chiosco1");
    let child: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT cf FROM children LIMIT 1", [], |r| r.get(0))
        .unwrap();
    for path in [
        format!("/children/{child}/attendance?month=2026-01"),
        format!("/families/{child}"),
        "/debtors".to_string(),
        "/operators".to_string(),
    ] {
        let url = format!("{}/api/v1{path}", server.url);
        let get = c.get(&url).bearer_auth(&kiosk).send().unwrap().status();
        let head = c.head(&url).bearer_auth(&kiosk).send().unwrap().status();
        assert_eq!(get.as_u16(), 403, "GET {path}");
        assert_eq!(head.as_u16(), 403, "HEAD {path}");
    }
}
