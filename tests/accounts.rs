//! Account lockouts from outside: the parent portal's (point 3 of issue 11: parallel wrong passwords
//! each count) and the desk staff's (point 6: per user name, kept in the store, unlocked by another
//! supervisor), on a real SQLite file and through a real server.

mod common;

use std::sync::{Arc, Barrier};

use reqwest::blocking::Client;
use serde_json::{Value, json};
use sportello::backend::*;
use sportello::demo;
use sportello::store::{LocalBackend, Store};

fn cli(store: &Arc<Store>) -> LocalBackend {
    LocalBackend::acting_as(store.clone(), LocalBackend::cli_operator())
}

fn session_token(c: &Client, url: &str, user: &str, pass: &str) -> String {
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

/// A parent's portal user name and a password they know (fresh credentials from the office).
fn parent_with_password(store: &Arc<Store>) -> (String, String) {
    let cf: String = store
        .conn()
        .query_row("SELECT cf FROM parents ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let creds = cli(store).regenerate_credentials(&cf).unwrap();
    (creds.username, creds.temporary_password)
}

fn parent_account(store: &Store, username: &str) -> (u32, bool) {
    store
        .conn()
        .query_row(
            "SELECT failed_attempts, locked FROM parents WHERE username = ?1",
            [username],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

/// Runs `n` calls of `f` at once on as many threads.
fn at_once<T: Send + 'static>(n: usize, f: impl Fn() -> T + Send + Sync + 'static) -> Vec<T> {
    let gate = Arc::new(Barrier::new(n));
    let f = Arc::new(f);
    let threads: Vec<_> = (0..n)
        .map(|_| {
            let (gate, f) = (gate.clone(), f.clone());
            std::thread::spawn(move || {
                gate.wait();
                f()
            })
        })
        .collect();
    threads.into_iter().map(|t| t.join().unwrap()).collect()
}

#[test]
fn thirty_parallel_wrong_portal_passwords_lock_the_account() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path(), 5);
    let store = Arc::new(Store::open(&db).unwrap());
    let (username, password) = parent_with_password(&store);

    let shared = store.clone();
    let user = username.clone();
    let outcomes = at_once(30, move || {
        LocalBackend::new(shared.clone())
            .parent_login(&user, "Sbagliata99")
            .unwrap()
    });
    let (failed, locked) = parent_account(&store, &username);
    assert!(locked, "30 wrong passwords at once lock the account");
    assert!(failed >= 3, "each wrong password counts: {failed}");
    assert_eq!(
        outcomes
            .iter()
            .filter(|o| **o == LoginOutcome::NowLocked)
            .count(),
        1,
        "exactly one attempt locked it: {outcomes:?}"
    );
    let audited: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'parent.locked'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 1, "one audit row for the lock");

    // Through the central API, the right password is now refused as locked.
    let s = common::Server::start_state(sportello::server::ApiState::new(
        store.clone(),
        Default::default(),
    ));
    let c = Client::new();
    let token = session_token(&c, &s.url, demo::OPERATOR.0, demo::OPERATOR.1);
    let r = c
        .post(format!("{}/api/v1/portal/logins", s.url))
        .bearer_auth(&token)
        .json(&json!({"username": username, "password": password}))
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().unwrap(), json!("locked"));
}

#[test]
fn a_right_portal_password_resets_the_count_but_never_a_lock() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path(), 5);
    let store = Arc::new(Store::open(&db).unwrap());
    let (username, password) = parent_with_password(&store);
    let b = LocalBackend::new(store.clone());
    assert_eq!(
        b.parent_login(&username, "no").unwrap(),
        LoginOutcome::WrongPassword { attempts_left: 2 }
    );
    assert_eq!(
        b.parent_login(&username, &password).unwrap(),
        LoginOutcome::Ok
    );
    assert_eq!(parent_account(&store, &username), (0, false));
    for _ in 0..2 {
        b.parent_login(&username, "no").unwrap();
    }
    assert_eq!(
        b.parent_login(&username, "no").unwrap(),
        LoginOutcome::NowLocked
    );
    assert_eq!(
        b.parent_login(&username, &password).unwrap(),
        LoginOutcome::Locked
    );
    assert_eq!(parent_account(&store, &username), (3, true));
    // New credentials lift the lock, and the old password no longer opens the account.
    let cf: String = store
        .conn()
        .query_row(
            "SELECT cf FROM parents WHERE username = ?1",
            [&username],
            |r| r.get(0),
        )
        .unwrap();
    let fresh = cli(&store).regenerate_credentials(&cf).unwrap();
    assert_eq!(
        b.parent_login(&username, &password).unwrap(),
        LoginOutcome::WrongPassword { attempts_left: 2 }
    );
    assert_eq!(
        b.parent_login(&username, &fresh.temporary_password)
            .unwrap(),
        LoginOutcome::Ok
    );
}
