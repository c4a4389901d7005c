//! A real `sportello serve` on 127.0.0.1 over a temporary demo store, for the API tests.
#![allow(dead_code)]

pub mod api;
pub mod pty;
pub mod qrscan;
pub mod smtp;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use sportello::backend::Ente;
use sportello::demo::{self, DemoOptions};
use sportello::server::{self, ApiState};
use sportello::store::Store;

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
                server::serve(state, listener, async move {
                    let _ = rx.await;
                })
                .await
                .unwrap();
            });
        });
        let addr = addr_rx.recv().unwrap();
        Server {
            url: format!("http://{addr}"),
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
