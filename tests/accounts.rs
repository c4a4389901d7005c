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

/// A desk session: testing a parent's portal password is desk staff's business.
fn desk(store: Arc<Store>) -> LocalBackend {
    LocalBackend::acting_as(store, LocalBackend::cli_operator())
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
        desk(shared.clone())
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
    let token = common::api::login(&c, &s.url, demo::OPERATOR.0, demo::OPERATOR.1);
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
    let b = desk(store.clone());
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

const OPERATOR: (&str, &str) = demo::OPERATOR;
const SUPERVISOR: (&str, &str) = demo::SUPERVISOR;

/// A desk login on `store`, as a fresh desk would try it.
fn desk_login(store: &Arc<Store>, (user, password): (&str, &str)) -> BResult<Operator> {
    LocalBackend::new(store.clone()).login(user, password)
}

fn wrong(store: &Arc<Store>, user: &str, times: usize) -> Vec<BackendError> {
    (0..times)
        .filter_map(|_| desk_login(store, (user, "Sbagliata1")).err())
        .collect()
}

fn supervisor(store: &Arc<Store>) -> LocalBackend {
    let b = LocalBackend::new(store.clone());
    b.login(SUPERVISOR.0, SUPERVISOR.1).unwrap();
    b
}

fn audit_count(store: &Store, action: &str) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE action = ?1",
            [action],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn five_wrong_staff_passwords_make_that_user_wait_even_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path(), 3);
    let store = Arc::new(Store::open(&db).unwrap());
    let errors = wrong(&store, OPERATOR.0, 5);
    assert!(
        errors[..4]
            .iter()
            .all(|e| e.kind == ErrorKind::Unauthenticated && e.retry_after.is_none()),
        "{errors:?}"
    );
    let fifth = &errors[4];
    assert_eq!(fifth.kind, ErrorKind::Locked, "{fifth:?}");
    assert_eq!(fifth.retry_after, Some(300));
    assert!(fifth.it.contains("5 min"), "{}", fifth.it);

    // The right password waits too; a colleague at the same desk does not.
    let e = desk_login(&store, OPERATOR).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Locked);
    assert!(e.retry_after.is_some_and(|s| s > 240 && s <= 300), "{e:?}");
    desk_login(&store, SUPERVISOR).expect("another user is not affected");

    // Quitting and starting again (the store opened anew) does not lift the wait.
    drop(store);
    let store = Arc::new(Store::open(&db).unwrap());
    let e = desk_login(&store, OPERATOR).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Locked, "{e:?}");

    store.advance_clock(std::time::Duration::from_secs(301));
    desk_login(&store, OPERATOR).expect("the wait is over");
    // A success starts the count again: four wrong passwords are answered as wrong, not a wait.
    assert!(
        wrong(&store, OPERATOR.0, 4)
            .iter()
            .all(|e| e.kind == ErrorKind::Unauthenticated)
    );
}

#[test]
fn a_right_password_between_wrong_ones_does_not_clear_the_hours_count() {
    // The attacker's order: four guesses, the real user logs in, four more, the user again, two more.
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path(), 3);
    let store = Arc::new(Store::open(&db).unwrap());
    for _ in 0..2 {
        let errors = wrong(&store, OPERATOR.0, 4);
        assert!(errors.iter().all(|e| e.kind == ErrorKind::Unauthenticated));
        desk_login(&store, OPERATOR).expect("four in a row do not make the user wait");
    }
    let errors = wrong(&store, OPERATOR.0, 2);
    let last = errors.last().unwrap();
    assert_eq!(last.kind, ErrorKind::Locked, "ten wrong in the hour lock");
    assert_eq!(last.retry_after, Some(3600));
    assert_eq!(
        desk_login(&store, OPERATOR).unwrap_err().kind,
        ErrorKind::Locked
    );
}

#[test]
fn ten_wrong_within_an_hour_lock_until_another_supervisor_unlocks() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path(), 3);
    let store = Arc::new(Store::open(&db).unwrap());
    wrong(&store, OPERATOR.0, 5);
    store.advance_clock(std::time::Duration::from_secs(300));
    let errors = wrong(&store, OPERATOR.0, 5);
    let last = errors.last().unwrap();
    assert_eq!(last.kind, ErrorKind::Locked);
    assert_eq!(last.retry_after, Some(3600));
    assert!(last.it.contains("supervisore"), "{}", last.it);
    assert_eq!(audit_count(&store, "operator.locked"), 1);
    store.advance_clock(std::time::Duration::from_secs(600));
    assert_eq!(
        desk_login(&store, OPERATOR).unwrap_err().kind,
        ErrorKind::Locked,
        "ten minutes later still locked"
    );

    let sup = supervisor(&store);
    let list = sup.staff_accounts().unwrap();
    let op = list.iter().find(|a| a.username == OPERATOR.0).unwrap();
    assert!(
        op.locked && op.blocked_seconds.is_some_and(|s| s > 2900),
        "{op:?}"
    );
    assert!(
        list.iter()
            .find(|a| a.username == SUPERVISOR.0)
            .is_some_and(|a| a.blocked_seconds.is_none())
    );

    // An operator may not unlock, nor a supervisor their own account.
    let operator_b = LocalBackend::new(store.clone());
    cli(&store)
        .add_operator(
            "sportello2",
            "Seconda Postazione",
            Role::Operator,
            "Sportello22",
        )
        .unwrap();
    operator_b.login("sportello2", "Sportello22").unwrap();
    assert_eq!(
        operator_b.unlock_operator(OPERATOR.0).unwrap_err().kind,
        ErrorKind::Forbidden
    );
    assert_eq!(
        operator_b.staff_accounts().unwrap_err().kind,
        ErrorKind::Forbidden
    );
    assert_eq!(
        sup.unlock_operator(SUPERVISOR.0).unwrap_err().kind,
        ErrorKind::Forbidden
    );
    assert_eq!(
        sup.unlock_operator("nessuno").unwrap_err().kind,
        ErrorKind::NotFound
    );
    let unlocked = sup.unlock_operator(OPERATOR.0).unwrap();
    assert_eq!(unlocked.blocked_seconds, None);
    assert_eq!(audit_count(&store, "operator.unlock"), 1);
    desk_login(&store, OPERATOR).expect("unlocked by a supervisor");

    // Without a supervisor, the hour lifts the lock.
    wrong(&store, OPERATOR.0, 5);
    store.advance_clock(std::time::Duration::from_secs(300));
    wrong(&store, OPERATOR.0, 5);
    store.advance_clock(std::time::Duration::from_secs(3599));
    assert_eq!(
        desk_login(&store, OPERATOR).unwrap_err().kind,
        ErrorKind::Locked
    );
    store.advance_clock(std::time::Duration::from_secs(1));
    desk_login(&store, OPERATOR).expect("an hour later");
}

#[test]
fn unknown_user_names_are_answered_alike_and_their_rows_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path(), 3);
    let store = Arc::new(Store::open(&db).unwrap());
    let unknown = wrong(&store, "nessuno", 5);
    let known = wrong(&store, OPERATOR.0, 5);
    let texts = |v: &[BackendError]| v.iter().map(|e| (e.kind, e.it.clone())).collect::<Vec<_>>();
    assert_eq!(
        texts(&unknown),
        texts(&known),
        "nothing tells whether a name exists"
    );
    // A flood of made-up names: the oldest of them go, operators' rows stay.
    {
        let conn = store.conn();
        let mut st = conn
            .prepare(
                "INSERT INTO operator_failures (username, streak, recent, last_at)
                 VALUES (?1, 1, '', '2000-01-01 00:00:00')",
            )
            .unwrap();
        for i in 0..1200 {
            st.execute([format!("finto{i}")]).unwrap();
        }
    }
    wrong(&store, "ancora-uno", 1);
    let rows = |sql: &str| -> i64 { store.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
    assert!(rows("SELECT count(*) FROM operator_failures") <= 1001);
    assert_eq!(
        rows(
            "SELECT count(*) FROM operator_failures WHERE username IN ('operatore', 'ancora-uno')"
        ),
        2
    );
    assert_eq!(
        desk_login(&store, OPERATOR).unwrap_err().kind,
        ErrorKind::Locked,
        "the operator's wait survives the flood"
    );
}

#[test]
fn over_the_api_a_waiting_login_is_423_with_retry_after_and_a_supervisor_unlocks() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path(), 3);
    let store = Arc::new(Store::open(&db).unwrap());
    // Counted where the data lives: wrong passwords typed at another desk on the same store.
    wrong(&store, OPERATOR.0, 5);
    let s = common::Server::start_state(sportello::server::ApiState::new(
        store.clone(),
        Default::default(),
    ));
    let c = Client::new();
    let r = c
        .post(format!("{}/api/v1/sessions", s.url))
        .header("Accept-Language", "en")
        .json(&json!({"username": OPERATOR.0, "password": OPERATOR.1}))
        .send()
        .unwrap();
    assert_eq!(r.status(), 423);
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 240 && retry <= 300, "{retry}");
    let body: Value = r.json().unwrap();
    assert!(body["detail"].as_str().unwrap().contains("min"), "{body}");

    // The remote client brings the wait back to the desk.
    let remote = sportello::remote::RemoteBackend::new(&s.url).unwrap();
    let e = remote.login(OPERATOR.0, OPERATOR.1).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Locked);
    assert!(e.retry_after.is_some_and(|s| s > 240), "{e:?}");

    let sup = sportello::remote::RemoteBackend::new(&s.url).unwrap();
    sup.login(SUPERVISOR.0, SUPERVISOR.1).unwrap();
    let list = sup.staff_accounts().unwrap();
    assert!(
        list.iter()
            .any(|a| a.username == OPERATOR.0 && a.blocked_seconds.is_some())
    );
    assert_eq!(
        sup.unlock_operator(SUPERVISOR.0).unwrap_err().kind,
        ErrorKind::Forbidden
    );
    sup.unlock_operator(OPERATOR.0).unwrap();
    remote
        .login(OPERATOR.0, OPERATOR.1)
        .expect("unlocked through the central API");
    assert_eq!(
        remote.unlock_operator(SUPERVISOR.0).unwrap_err().kind,
        ErrorKind::Forbidden,
        "an operator unlocks nobody"
    );
}

#[test]
fn the_command_line_lists_and_unlocks_staff_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path(), 3);
    {
        let store = Arc::new(Store::open(&db).unwrap());
        wrong(&store, SUPERVISOR.0, 5);
    }
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_sportello"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .env("SPORTELLO_DESK_LANGUAGE", "it")
            .env_remove("SPORTELLO_DB")
            .env_remove("SPORTELLO_API")
            .output()
            .unwrap()
    };
    let o = run(&["operator", "list"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        out.lines()
            .any(|l| l.starts_with("supervisore\t") && l.contains("in attesa 5 min")),
        "{out}"
    );
    let o = run(&["operator", "unlock", "supervisore"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("sbloccato"));
    let store = Arc::new(Store::open(&db).unwrap());
    desk_login(&store, SUPERVISOR).expect("unlocked from the command line");
    let o = run(&["operator", "unlock", "nessuno"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn parallel_wrong_staff_passwords_each_count() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path(), 3);
    let store = Arc::new(Store::open(&db).unwrap());
    let shared = store.clone();
    let answers = at_once(12, move || desk_login(&shared, (OPERATOR.0, "Sbagliata1")));
    assert!(answers.iter().all(|a| a.is_err()));
    let e = desk_login(&store, OPERATOR).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Locked, "{e:?}");
}
