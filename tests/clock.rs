//! The office clock belongs to the backend: each store lives on its own day (two in one process on two
//! days), every rule reads it (due dates, expiry, the meal cut-off, the kiosk's wait), a remote desk
//! lives on the central API's clock, and a binary under test runs on the day `[clock] today` gives it.

#[path = "common/cli.rs"]
mod cli;
mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{Days, NaiveDate};
use sportello::backend::*;
use sportello::clock::Clock;
use sportello::demo::{self, DemoOptions};
use sportello::i18n::Localized;
use sportello::remote::RemoteBackend;
use sportello::server::ApiState;
use sportello::store::{LocalBackend, Store};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A demo store made on `today` (its school year, attendance and enrolments are that day's).
fn demo_on(dir: &Path, name: &str, today: NaiveDate) -> PathBuf {
    let path = dir.join(name);
    demo::generate(
        &path,
        &common::ente(),
        &DemoOptions {
            families: 12,
            days: Some(5),
            seed: 4,
            today,
        },
    )
    .unwrap();
    path
}

fn canteen_children(path: &Path, n: usize) -> Vec<String> {
    let c = rusqlite::Connection::open(path).unwrap();
    let mut st = c
        .prepare(
            "SELECT c.cf FROM children c JOIN enrolments e ON e.child_id = c.id
             WHERE e.service = 'refezione' ORDER BY c.id LIMIT ?1",
        )
        .unwrap();
    st.query_map([n as i64], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn topup(child: &str) -> NewNotice {
    NewNotice {
        allocations: vec![Allocation {
            child_cf: child.parse().unwrap(),
            child_name: String::new(),
            service: "refezione".into(),
            amount_cents: 2000.try_into().unwrap(),
        }],
        due_date: None,
    }
}

fn supervisor_on(path: &Path, clock: Clock) -> (Arc<Store>, LocalBackend) {
    let store = Arc::new(Store::open_with_clock(path, clock).unwrap());
    let b = LocalBackend::acting_as(store.clone(), LocalBackend::cli_operator());
    (store, b)
}

#[test]
fn two_stores_in_one_process_live_on_their_own_days() {
    let dir = tempfile::tempdir().unwrap();
    let autumn = day(2026, 11, 20);
    let winter = autumn + Days::new(45);
    let path = demo_on(dir.path(), "a.db", autumn);
    let child = canteen_children(&path, 1).remove(0);
    // The same file opened twice, each store on its own day.
    let (_, early) = supervisor_on(&path, Clock::on_date(autumn));
    let (_, late) = supervisor_on(&path, Clock::on_date(winter));
    assert_eq!(early.today(), autumn);
    assert_eq!(late.today(), winter);

    // Due dates follow the day of the store that issues the notice.
    let n = early.create_notice(&topup(&child)).unwrap();
    assert_eq!(n.due_date, Some(autumn + Days::new(30)));
    assert_eq!(n.created_at.date(), autumn);
    let m = late.create_notice(&topup(&child)).unwrap();
    assert_eq!(m.due_date, Some(winter + Days::new(30)));

    // The same notice is still payable on the autumn day and past due on the winter one.
    assert_eq!(early.notice(&n.number).unwrap().state, NoticeState::Pending);
    assert_eq!(late.notice(&n.number).unwrap().state, NoticeState::Expired);

    // A second file, in the same process, on a third day of another school year.
    let spring = day(2025, 3, 3);
    let other = demo_on(dir.path(), "b.db", spring);
    let (_, third) = supervisor_on(&other, Clock::on_date(spring));
    let kid = canteen_children(&other, 1).remove(0);
    let o = third.create_notice(&topup(&kid)).unwrap();
    assert_eq!(o.due_date, Some(spring + Days::new(30)));
    assert_eq!(early.today(), autumn, "one store's day is not another's");
}

#[test]
fn the_meal_cut_off_is_read_on_the_stores_clock() {
    let dir = tempfile::tempdir().unwrap();
    let friday = day(2026, 11, 20);
    let path = demo_on(dir.path(), "m.db", friday);
    let kids = canteen_children(&path, 2);
    // Stopped a minute before the kitchen orders (the default cut-off is 09:30).
    let (store, b) = supervisor_on(&path, Clock::at(friday.and_hms_opt(9, 29, 0).unwrap()));
    let cancelled = b.cancel_meal(&kids[0], "refezione", friday).unwrap();
    assert_eq!(cancelled.status, DayStatus::Cancelled);
    assert_eq!(cancelled.recorded_at, friday.and_hms_opt(9, 29, 0).unwrap());
    store.advance_clock(Duration::from_secs(120));
    let late = b.cancel_meal(&kids[1], "refezione", friday).unwrap_err();
    assert_eq!(late.kind, ErrorKind::Conflict, "{late:?}");
    assert!(
        late.localized(sportello::i18n::Lang::En)
            .contains("Too late"),
        "{late:?}"
    );
}

#[test]
fn the_kiosks_wait_ends_when_the_stores_clock_moves_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_on(dir.path(), "k.db", day(2026, 11, 20));
    let c = rusqlite::Connection::open(&path).unwrap();
    let (cf, pan, other_pan): (String, String, String) = c
        .query_row(
            "SELECT p.cf, c.pan, (SELECT pan FROM children WHERE paying_parent_id <> p.id LIMIT 1)
             FROM parents p JOIN children c ON c.paying_parent_id = p.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let store = Arc::new(Store::open_with_clock(&path, Clock::on_date(day(2026, 11, 20))).unwrap());
    let kiosk = LocalBackend::new(store.clone());
    kiosk.login(demo::KIOSK.0, demo::KIOSK.1).unwrap();
    for _ in 0..3 {
        assert!(kiosk.kiosk_identify(&cf, &other_pan).is_err());
    }
    let wait = kiosk.kiosk_identify(&cf, &pan).unwrap_err();
    assert_eq!(wait.kind, ErrorKind::Locked, "{wait:?}");
    let secs = wait.retry_after.expect("the wait is said");
    store.advance_clock(Duration::from_secs(secs + 1));
    let card = kiosk.kiosk_identify(&cf, &pan).unwrap();
    assert_eq!(card.parent.cf, cf);
}

#[test]
fn a_remote_desk_lives_on_the_central_apis_day() {
    let dir = tempfile::tempdir().unwrap();
    let server_day = day(2025, 3, 3);
    let path = demo_on(dir.path(), "r.db", server_day);
    let child = canteen_children(&path, 1).remove(0);
    let store = Arc::new(Store::open_with_clock(&path, Clock::on_date(server_day)).unwrap());
    let server = common::Server::start_state(ApiState::new(store, Default::default()));

    // Every answer says the server's time.
    let health = reqwest::blocking::get(format!("{}/healthz", server.url)).unwrap();
    let said = health.headers()["sportello-clock"].to_str().unwrap();
    assert!(said.starts_with("2025-03-03T"), "{said}");

    let remote = RemoteBackend::new(&server.url).unwrap();
    // Before any answer, this computer's clock.
    assert_eq!(remote.today(), Clock::system().today());
    remote.login(demo::OPERATOR.0, demo::OPERATOR.1).unwrap();
    assert_eq!(remote.today(), server_day);
    let n = remote.create_notice(&topup(&child)).unwrap();
    assert_eq!(n.due_date, Some(server_day + Days::new(30)));

    // The desk's screens take today from the backend they run on.
    let mut settings = sportello::config::Settings::defaults();
    settings.paths.documents = dir.path().join("documenti");
    let opts = sportello::tui::TuiOptions {
        demo_credentials: None,
    };
    let app = sportello::tui::new_app(&remote, &settings, &opts).unwrap();
    assert_eq!(app.env.clock.today(), server_day);
}

/// `sportello ARGS` on the store `db` with `[clock] today` set from the environment.
fn on_day(db: &Path, today: &str, args: &[&str]) -> std::process::Output {
    cli::command(db, args)
        .env("SPORTELLO_CLOCK_TODAY", today)
        .output()
        .unwrap()
}

#[test]
fn a_binary_runs_on_the_day_the_configuration_gives_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let o = on_day(
        &db,
        "2025-03-03",
        &["demo", "--families", "8", "--days", "5", "--seed", "3"],
    );
    assert!(o.status.success(), "{}", cli::stderr(&o));
    let child = canteen_children(&db, 1).remove(0);
    let o = on_day(
        &db,
        "2025-03-03",
        &[
            "notice",
            "new",
            "--child",
            &child,
            "--service",
            "refezione",
            "--amount",
            "20",
        ],
    );
    assert!(o.status.success(), "{}", cli::stderr(&o));
    assert!(
        cli::stdout(&o).contains("02/04/2025"),
        "{}",
        cli::stdout(&o)
    );

    // `sportello serve` too: its answers carry its day.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = cli::command(&db, &["serve", "--listen", &format!("127.0.0.1:{port}")])
        .env("SPORTELLO_CLOCK_TODAY", "2025-03-03T08:00")
        .env("HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    let said = loop {
        if let Ok(r) = reqwest::blocking::get(format!("http://127.0.0.1:{port}/healthz")) {
            break r.headers()["sportello-clock"].to_str().unwrap().to_string();
        }
        assert!(start.elapsed().as_secs() < 30, "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    };
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(
        said, "2025-03-03T08:00:00.000",
        "a stopped clock stays stopped"
    );

    // A day that is not one stops the start, naming its key.
    let o = on_day(&db, "domani", &["cf", "decode", "RSSMRA85T10A562S"]);
    cli::refused(&o, "clock.today");
}
