//! Wrong identifications at the kiosk, over the central API as a kiosk client sends them: counted per
//! kiosk account and per parent code, never cleared by a success, kept across a restart, cleared by a
//! supervisor from the desk; and the portal password check closed to the kiosk and rate limited.

mod common;

use reqwest::blocking::{Client, Response};
use serde_json::{Value, json};

struct Api {
    url: String,
    c: Client,
}

impl Api {
    fn login(&self, user: &str, pass: &str) -> String {
        let r = self.post(
            "/sessions",
            None,
            json!({"username": user, "password": pass}),
        );
        assert_eq!(r.status(), 201, "{user}");
        r.json::<Value>().unwrap()["token"]
            .as_str()
            .unwrap()
            .to_string()
    }

    fn post(&self, path: &str, token: Option<&str>, body: Value) -> Response {
        let mut rb = self
            .c
            .post(format!("{}/api/v1{path}", self.url))
            .json(&body);
        if let Some(t) = token {
            rb = rb.bearer_auth(t);
        }
        rb.send().unwrap()
    }

    fn identify(&self, token: &str, cf: &str, pan: &str) -> Response {
        self.post(
            "/kiosk/identification",
            Some(token),
            json!({"cf": cf, "pan": pan}),
        )
    }
}

/// Two paying parents of the demo store and the PAN of a child of each.
fn two_families(db: &std::path::Path) -> [(String, String); 2] {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut st = c
        .prepare(
            "SELECT p.cf, min(c.pan) FROM parents p JOIN children c ON c.paying_parent_id = p.id
             GROUP BY p.id ORDER BY p.id LIMIT 2",
        )
        .unwrap();
    let rows: Vec<(String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    [rows[0].clone(), rows[1].clone()]
}

fn store_with_two_kiosks(dir: &std::path::Path) -> std::path::PathBuf {
    use sportello::backend::Role;
    use sportello::store::{LocalBackend, Store};
    let path = common::demo_store(dir, 6);
    let store = std::sync::Arc::new(Store::open(&path).unwrap());
    LocalBackend::acting_as(store, LocalBackend::cli_operator())
        .add_operator("chiosco2", "Chiosco biblioteca", Role::Kiosk, "Chiosco2")
        .unwrap();
    path
}

#[test]
fn a_success_never_clears_wrong_tries_and_a_supervisor_does() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_two_kiosks(dir.path());
    let [(parent, pan), (_, other_pan)] = two_families(&db);
    let server = common::Server::start(&db);
    let api = Api {
        url: server.url.clone(),
        c: Client::new(),
    };
    let kiosk = api.login("chiosco", "Chiosco1");
    // Two guesses at another family's PAN, then the parent's own: in.
    for _ in 0..2 {
        assert_eq!(api.identify(&kiosk, &parent, &other_pan).status(), 404);
    }
    assert_eq!(api.identify(&kiosk, &parent, &pan).status(), 200);
    // The next wrong guess is the third in ten minutes: a minute's wait, said with its length.
    let r = api.identify(&kiosk, &parent, &other_pan);
    assert_eq!(r.status(), 423);
    assert_eq!(r.headers()["retry-after"], "60");
    let p: Value = r.json().unwrap();
    assert_eq!(p["retry_after"], 60);
    assert!(p["detail"].as_str().unwrap().contains("Attenda un minuto"));
    // During the wait even the right pair is refused, and nothing more is counted.
    assert_eq!(api.identify(&kiosk, &parent, &pan).status(), 423);

    // A restart of the server lifts nothing: the count lives in the store file.
    drop(server);
    let server = common::Server::start(&db);
    let api = Api {
        url: server.url.clone(),
        c: Client::new(),
    };
    let kiosk = api.login("chiosco", "Chiosco1");
    assert_eq!(api.identify(&kiosk, &parent, &pan).status(), 423);

    // The desk: a supervisor sees the kiosk waiting and clears it; an operator may do neither.
    let op = api.login("operatore", "Operatore1");
    let sup = api.login("supervisore", "Supervisore1");
    let list = |token: &str| {
        api.c
            .get(format!("{}/api/v1/kiosk/throttles", api.url))
            .bearer_auth(token)
            .send()
            .unwrap()
    };
    assert_eq!(list(&op).status(), 403);
    let waiting: Value = list(&sup).json().unwrap();
    assert_eq!(waiting[0]["kiosk"], "chiosco");
    assert_eq!(waiting[0]["wrong_tries"], 3);
    assert!(waiting[0]["wait_secs"].as_u64().unwrap() > 0);
    let clear = |token: &str| {
        api.c
            .delete(format!("{}/api/v1/kiosk/throttles/chiosco", api.url))
            .bearer_auth(token)
            .send()
            .unwrap()
            .status()
    };
    assert_eq!(clear(&op), 403);
    assert_eq!(clear(&sup), 200);
    assert_eq!(list(&sup).json::<Value>().unwrap(), json!([]));
    assert_eq!(api.identify(&kiosk, &parent, &pan).status(), 200);
    let audited: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'kiosk.throttle_cleared' AND actor = 'supervisore'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 1);
    // The codes tried are not kept in clear.
    let in_clear: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM kiosk_tries WHERE code_hash = ?1",
            [&parent],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(in_clear, 0);
}

#[test]
fn a_parent_code_is_counted_across_kiosks_and_a_mistyped_pan_is_a_wrong_try() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_two_kiosks(dir.path());
    let [(parent, pan), (_, other_pan)] = two_families(&db);
    let server = common::Server::start(&db);
    let api = Api {
        url: server.url.clone(),
        c: Client::new(),
    };
    let hall = api.login("chiosco", "Chiosco1");
    let library = api.login("chiosco2", "Chiosco2");
    // A PAN of the new format with one character changed: told apart (its check character), counted.
    let mut typo: Vec<char> = pan.chars().collect();
    typo[4] = if typo[4] == 'A' { 'C' } else { 'A' };
    let typo: String = typo.into_iter().collect();
    let r = api.identify(&hall, &parent, &typo);
    assert_eq!(r.status(), 422);
    let p: Value = r.json().unwrap();
    assert_eq!(p["field"], "pan");
    assert!(p["detail"].as_str().unwrap().contains("scritto male"));
    assert_eq!(api.identify(&hall, &parent, &other_pan).status(), 404);
    // The same code tried at another kiosk: its third wrong try, though that kiosk's first.
    assert_eq!(api.identify(&library, &parent, &other_pan).status(), 423);
    assert_eq!(api.identify(&library, &parent, &pan).status(), 423);
    // Another parent at that kiosk is not held up by this code's count.
    let [_, (second, second_pan)] = two_families(&db);
    assert_eq!(api.identify(&library, &second, &second_pan).status(), 200);
}

#[test]
fn a_kiosk_cannot_test_a_parents_portal_password_and_staff_are_rate_limited() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_two_kiosks(dir.path());
    let [(parent, _), (other, _)] = two_families(&db);
    let server = common::Server::start(&db);
    let api = Api {
        url: server.url.clone(),
        c: Client::new(),
    };
    let failed = |cf: &str| -> i64 {
        rusqlite::Connection::open(&db)
            .unwrap()
            .query_row(
                "SELECT failed_attempts FROM parents WHERE cf = ?1",
                [cf],
                |r| r.get(0),
            )
            .unwrap()
    };
    let before = failed(&parent);
    let kiosk = api.login("chiosco", "Chiosco1");
    for _ in 0..3 {
        let r = api.post(
            "/portal/logins",
            Some(&kiosk),
            json!({"username": parent, "password": "Indovino1"}),
        );
        assert_eq!(r.status(), 403);
    }
    assert_eq!(failed(&parent), before);

    // Desk staff may; five wrong answers a minute for one name, thirty from one address, then 429.
    let op = api.login("operatore", "Operatore1");
    let portal = |user: &str, pass: &str| {
        api.post(
            "/portal/logins",
            Some(&op),
            json!({"username": user, "password": pass}),
        )
    };
    for _ in 0..5 {
        assert_eq!(portal("NESSUNO", "sbagliata").status(), 200);
    }
    assert_eq!(portal("NESSUNO", "sbagliata").status(), 429);
    assert_eq!(portal(&other, "sbagliata").status(), 200);
    for i in 0..24 {
        assert_eq!(portal(&format!("NESSUNO{i}"), "sbagliata").status(), 200);
    }
    let r = portal(&parent, "Indovino1");
    assert_eq!(r.status(), 429);
    assert!(r.headers().contains_key("retry-after"));
    assert_eq!(failed(&parent), before);
    // The operators' own login is counted apart: the desk can still log in.
    api.login("supervisore", "Supervisore1");
}
