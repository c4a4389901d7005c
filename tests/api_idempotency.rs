//! An idempotent change, its key and its answer are one transaction (issue 12): a key or an answer that
//! cannot be recorded undoes the change, and a retry gets the first answer byte for byte.
//! Failures are injected from outside with SQLite triggers on the real store file.

mod common;

use common::api::{child, count, login};
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

/// A demo store served on 127.0.0.1, the operator's token and a child enrolled in the canteen.
fn operator_with_a_child() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    common::Server,
    Client,
    String,
    String,
) {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path(), 5);
    let s = common::Server::start(&db);
    let c = Client::new();
    let op = login(&c, &s.url, "operatore", "Operatore1");
    let kid = child(&c, &s.url, &op, &db);
    (dir, db, s, c, op, kid)
}

#[test]
fn a_change_whose_key_cannot_be_recorded_is_not_made() {
    let (_dir, db, s, c, op, kid) = operator_with_a_child();
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

/// The answer is part of the change's transaction: when its row cannot be written (a full disk, a crash
/// before COMMIT) the change is undone with it, so a retry runs it once and gets its answer. Before, the
/// change committed with a "pending" key and its answer was lost: the retry got 409 for good.
#[test]
fn a_change_whose_answer_cannot_be_recorded_is_not_made() {
    let (_dir, db, s, c, op, kid) = operator_with_a_child();
    let before = count(&db, "notices");
    let audit = count(&db, "audit");
    // Only a row holding an answer fails: a bare "pending" mark would still go through.
    break_record(&db, "WHEN NEW.body <> ''");
    let status = notice_request(&c, &s.url, &op, &kid, Some("k-2"));
    assert!(status >= 500, "got {status}");
    assert_eq!(
        count(&db, "notices"),
        before,
        "the notice went with its answer"
    );
    assert_eq!(count(&db, "audit"), audit);
    assert_eq!(count(&db, "idempotency"), 0, "no key left behind");
    mend_record(&db);
    let (first, first_body) = notice_answer(&c, &s.url, &op, &kid, "k-2");
    assert_eq!(first, 201, "{first_body}");
    let (again, again_body) = notice_answer(&c, &s.url, &op, &kid, "k-2");
    assert_eq!(
        (again, &again_body),
        (201, &first_body),
        "the retry gets the first answer"
    );
    assert_eq!(count(&db, "notices"), before + 1, "made once");
}

fn mend_record(db: &std::path::Path) {
    rusqlite::Connection::open(db)
        .unwrap()
        .execute_batch("DROP TRIGGER broken_record")
        .unwrap();
}

fn notice_answer(c: &Client, url: &str, token: &str, kid: &str, key: &str) -> (u16, String) {
    let r = c
        .post(format!("{url}/api/v1/notices"))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(&json!({"allocations": [{"child_cf": kid, "service": "refezione", "amount_cents": 2500}], "due_date": null}))
        .send()
        .unwrap();
    (r.status().as_u16(), r.text().unwrap())
}

/// How to build one request again.
type Request<'a> = dyn Fn() -> reqwest::blocking::RequestBuilder + 'a;

/// A request sent twice with its key: both answers, and the audit rows the second added.
fn twice(
    db: &std::path::Path,
    req: impl Fn() -> reqwest::blocking::RequestBuilder,
) -> ((u16, String), (u16, String), i64) {
    let send = || {
        let r = req().header("Idempotency-Key", "twice").send().unwrap();
        (r.status().as_u16(), r.text().unwrap())
    };
    let first = send();
    let audit = count(db, "audit");
    let second = send();
    (first, second, count(db, "audit") - audit)
}

/// What the store holds for a key, read from the file: status and answer.
fn recorded(db: &std::path::Path, key: &str) -> (u16, String) {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(
            "SELECT status, body FROM idempotency WHERE key = ?1",
            [key],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

/// Every kind of change answered twice with one key: the same bytes, nothing changed the second time,
/// and the record on file is exactly the answer (the answer a change returns is the one committed).
#[test]
fn a_retried_change_gets_the_first_answer_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path(), 5);
    let s = common::Server::start(&db);
    let c = Client::new();
    let sup = login(&c, &s.url, "supervisore", "Supervisore1");
    let kid = child(&c, &s.url, &sup, &db);
    let url = &s.url;
    let new_cf = "RSSMRA80A01H501U";
    let cases: Vec<(&str, Box<Request>)> = vec![
        // A temporary password is drawn at random: only a replay gives the same one back.
        (
            "register",
            Box::new(|| {
                c.post(format!("{url}/api/v1/parents"))
                    .bearer_auth(&sup)
                    .json(&json!({"cf": new_cf, "surname": "Rossi", "name": "Mario"}))
            }),
        ),
        (
            "credentials",
            Box::new(|| {
                c.post(format!("{url}/api/v1/parents/{new_cf}/credentials"))
                    .bearer_auth(&sup)
            }),
        ),
        (
            "contacts",
            Box::new(|| {
                c.patch(format!("{url}/api/v1/parents/{new_cf}"))
                    .bearer_auth(&sup)
                    .json(&json!({"phone": "3331234567"}))
            }),
        ),
        (
            "notice",
            Box::new(|| {
                c.post(format!("{url}/api/v1/notices")).bearer_auth(&sup)
            .json(&json!({"allocations": [{"child_cf": kid, "service": "refezione", "amount_cents": 2500}], "due_date": null}))
            }),
        ),
        // Answers `{}` where the store returns nothing: recorded as answered all the same.
        (
            "kiosk throttle",
            Box::new(|| {
                c.delete(format!("{url}/api/v1/kiosk/throttles/chiosco"))
                    .bearer_auth(&sup)
            }),
        ),
    ];
    for (what, req) in &cases {
        let (first, second, added) = twice(&db, req);
        assert!(first.0 < 300, "{what}: {first:?}");
        assert_eq!(second, first, "{what}: the retry's answer");
        assert_eq!(added, 0, "{what}: the retry changed something");
        assert_eq!(
            recorded(&db, "supervisore:twice"),
            first,
            "{what}: the record"
        );
        rusqlite::Connection::open(&db)
            .unwrap()
            .execute("DELETE FROM idempotency", [])
            .unwrap();
    }
}

/// At the store: a change run under a claim leaves its answer on file by the time it returns, with no
/// further call; a refused change leaves nothing.
#[test]
fn the_store_records_the_answer_in_the_changes_transaction() {
    use sportello::backend::{Backend, NewNotice, Operator, Role};
    use sportello::store::idempotency::{AnswerClaim, ApiStore};
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path(), 5);
    let store = std::sync::Arc::new(sportello::store::Store::open(&db).unwrap());
    let op = Operator {
        username: "operatore".into(),
        full_name: "Operatore".into(),
        role: Role::Operator,
        kiosk_parent: None,
    };
    let b = sportello::store::LocalBackend::acting_as(store, op);
    let pan = &common::demo_pans(&db)[0];
    let kid = b.search(pan, 1).unwrap()[0].key.clone();
    let claim = |key: &str| AnswerClaim {
        key: key.into(),
        actor: "operatore".into(),
        hash: "h".into(),
        ok_status: 201,
    };
    let request: NewNotice = serde_json::from_value(json!({
        "allocations": [{"child_cf": kid, "service": "refezione", "amount_cents": 2500}], "due_date": null
    }))
    .unwrap();
    let mut made = None;
    let committed = b.run_claimed(&claim("k-store"), &mut |b| {
        made = Some(b.create_notice(&request))
    });
    let notice = made.unwrap().unwrap();
    let answer = serde_json::to_string(&notice).unwrap();
    assert_eq!(committed.as_deref(), Some(answer.as_str()));
    assert_eq!(recorded(&db, "k-store"), (201, answer));

    let refused: NewNotice =
        serde_json::from_value(json!({"allocations": [], "due_date": null})).unwrap();
    let committed = b.run_claimed(&claim("k-refused"), &mut |b| {
        assert!(b.create_notice(&refused).is_err());
    });
    assert_eq!(committed, None);
    assert_eq!(
        count(&db, "idempotency"),
        1,
        "a refusal records nothing by itself"
    );
}
