//! A real `sportello serve` on 127.0.0.1 over a temporary demo store, for the API tests.
#![allow(dead_code)]

pub mod api;
pub mod desk;
pub mod pty;
pub mod qrscan;
pub mod smtp;
pub mod station;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use sportello::backend::{Backend, Ente};
use sportello::demo::{self, DemoOptions};
use sportello::remote::RemoteBackend;
use sportello::server::{self, ApiState};
use sportello::store::{LocalBackend, Store};

pub fn ente() -> Ente {
    Ente {
        name: "Comune di Prova".into(),
        fiscal_code: "80001234568".into(),
        segregation_code: 2,
        cbill: "ABC12".into(),
    }
}

pub fn demo_store(dir: &Path, families: u32) -> PathBuf {
    let path = dir.join("api.db");
    let today: NaiveDate = sportello::clock::Clock::system().today();
    demo::generate(
        &path,
        &ente(),
        &DemoOptions {
            families,
            days: Some(10),
            seed: 11,
            today,
        },
    )
    .unwrap();
    path
}

/// Runs `suite` on a demo store of 30 families through the local store: two sessions on it (the
/// suite logs them in), the store file and its PAN codes.
pub fn on_local_store(suite: impl FnOnce(&dyn Backend, &dyn Backend, &Path, &[String])) {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_store(dir.path(), 30);
    let store = Arc::new(Store::open(&path).unwrap());
    suite(
        &LocalBackend::new(store.clone()),
        &LocalBackend::new(store),
        &path,
        &demo_pans(&path),
    );
}

/// The same as `on_local_store`, through two remote clients of a real server on that store.
pub fn on_remote_server(suite: impl FnOnce(&dyn Backend, &dyn Backend, &Path, &[String])) {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_store(dir.path(), 30);
    let server = Server::start(&path);
    suite(
        &RemoteBackend::new(&server.url).unwrap(),
        &RemoteBackend::new(&server.url).unwrap(),
        &path,
        &demo_pans(&path),
    );
}

/// The single number a query gives on a store file (a `SELECT count(*)`, say).
pub fn count(db: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// The children's PAN codes of a store file, in the order the demo made them (PANs are random: tests
/// look them up rather than guess them).
pub fn demo_pans(path: &Path) -> Vec<String> {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let mut st = conn
        .prepare("SELECT pan FROM children ORDER BY id")
        .unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

pub struct Server {
    pub url: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    pub fn start(path: &Path) -> Server {
        let store = Arc::new(Store::open(path).unwrap());
        Server::start_state(ApiState::new(store, Default::default()))
    }

    /// A server whose tokens expire after `idle` without use.
    pub fn start_with_idle(path: &Path, idle: std::time::Duration) -> Server {
        let store = Arc::new(Store::open(path).unwrap());
        Server::start_state(ApiState::with_session_idle(store, Default::default(), idle))
    }

    pub fn start_state(state: Arc<ApiState>) -> Server {
        Server::spawn(state, None)
    }

    /// A server speaking HTTPS only, with this TLS configuration (`server::tls::server_config`).
    pub fn start_tls(state: Arc<ApiState>, tls: Arc<rustls::ServerConfig>) -> Server {
        Server::spawn(state, Some(tls))
    }

    fn spawn(state: Arc<ApiState>, tls: Option<Arc<rustls::ServerConfig>>) -> Server {
        let scheme = if tls.is_some() { "https" } else { "http" };
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                addr_tx.send(listener.local_addr().unwrap()).unwrap();
                let stop = async move {
                    let _ = rx.await;
                };
                match tls {
                    Some(tls) => server::serve_tls(state, listener, tls, stop).await,
                    None => server::serve(state, listener, stop).await,
                }
                .unwrap();
            });
        });
        let addr = addr_rx.recv().unwrap();
        Server {
            url: format!("{scheme}://{addr}"),
            stop: Some(tx),
            thread: Some(thread),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A stand-in for CUPS' lp in `dir`: it copies the file it is given to `dir/printed.pdf` and its
/// arguments to `dir/printed.args`.
pub fn fake_lp(dir: &Path) -> PathBuf {
    let lp = dir.join("lp");
    std::fs::write(
        &lp,
        format!(
            "#!/bin/sh\necho \"$@\" > {0}/printed.args\nfor f; do :; done\ncp \"$f\" {0}/printed.pdf\n",
            dir.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&lp, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    lp
}

/// The number of the notice made last on a store file.
pub fn latest_notice(path: &Path) -> String {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row(
            "SELECT number FROM notices ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

/// Another handle on a store file (a colleague's desk, the pagoPA station), logged in as the demo
/// supervisor.
pub fn another_desk(path: &Path) -> sportello::store::LocalBackend {
    use sportello::backend::Backend;
    let other = sportello::store::LocalBackend::new(Arc::new(Store::open(path).unwrap()));
    other.login("supervisore", "Supervisore1").unwrap();
    other
}

/// Pays notice `number` on another handle of the store file (a pagoPA receipt, channel `pagopa`):
/// the moment it was paid, and the paid-for child's balance in that service afterwards.
pub fn pay_elsewhere(path: &Path, number: &str) -> (std::time::Instant, i64) {
    use sportello::backend::{Backend, NewReceipt};
    let other = another_desk(path);
    let notice = other.notice(number).unwrap();
    let paid = other
        .record_receipt(&NewReceipt {
            notice_number: notice.number.clone(),
            receipt_id: format!("IUR-{number}"),
            amount_cents: notice.amount_cents,
            paid_at: None,
            psp: Some("Banca di Prova".into()),
        })
        .unwrap()
        .notice;
    let at = std::time::Instant::now();
    let card = other.family(paid.payer.cf.as_str()).unwrap();
    let balance = balance_of(&card, &paid.allocations[0]);
    (at, balance)
}

/// The balance, in cents, of the child and service a notice's allocation funds, on a family card.
pub fn balance_of(
    card: &sportello::backend::FamilyCard,
    alloc: &sportello::backend::Allocation,
) -> i64 {
    card.children
        .iter()
        .find(|c| c.cf == alloc.child_cf)
        .unwrap()
        .services
        .iter()
        .find(|s| s.service == alloc.service)
        .unwrap()
        .balance_cents
        .get()
}
/// A small demo store at `path` on `today`, and its first child enrolled this school year: codice
/// fiscale, service, paying parent's name.
pub fn demo_with_child(path: &Path, today: NaiveDate, seed: u64) -> (String, String, String) {
    demo::generate(
        path,
        &ente(),
        &DemoOptions {
            families: 4,
            days: Some(5),
            seed,
            today,
        },
    )
    .unwrap();
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row(
            "SELECT c.cf, e.service, p.surname || ' ' || p.name FROM enrolments e
             JOIN children c ON c.id = e.child_id JOIN parents p ON p.id = c.paying_parent_id
             WHERE e.school_year = ?1 ORDER BY c.id LIMIT 1",
            [sportello::domain::enrolment::school_year_of(today)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
}

/// A class the child's birth year fits in the window's school year (the store checks it at sending).
pub fn fitting_class(
    b: &dyn sportello::backend::Backend,
    child: &str,
    window: &sportello::domain::enrolment::Window,
) -> i64 {
    use sportello::domain::schooling::{self, Stage};
    let birth = b
        .family(child)
        .unwrap()
        .children
        .into_iter()
        .find(|c| c.cf == child)
        .unwrap()
        .birth_date;
    let start = schooling::year_start(&window.school_year).unwrap();
    b.schools()
        .unwrap()
        .into_iter()
        .flat_map(|s| s.classes.into_iter().map(move |c| (s.name.clone(), c)))
        .find(|(school, c)| {
            Stage::of_school(school)
                .is_some_and(|stage| schooling::fits(stage, c.level.parse().unwrap(), birth, start))
        })
        .map(|(_, c)| c.id)
        .expect("a class for the child's age")
}
