//! What the budget benches share: the 200,000-family store and a server over it on 127.0.0.1.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use sportello::server::{self, ApiState};

/// The bench store: `STORE=path`, or `target/bench-store-<FAMILIES>.db` (200,000 families by default;
/// `store_budgets` makes it when missing).
pub fn store_path() -> (u32, PathBuf) {
    let families: u32 = std::env::var("FAMILIES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200_000);
    let path = std::env::var_os("STORE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join(format!("target/bench-store-{families}.db"))
        });
    (families, path)
}

/// The bench store, which must exist.
pub fn existing_store() -> PathBuf {
    let (_, path) = store_path();
    assert!(
        path.exists(),
        "{}: run `cargo bench --bench store_budgets` first to make the store",
        path.display()
    );
    path
}

/// Serves `state` on 127.0.0.1 from a runtime of two workers in its own thread; its base URL.
pub fn serve(state: Arc<ApiState>) -> String {
    let (addr_tx, addr_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            addr_tx.send(listener.local_addr().unwrap()).unwrap();
            server::serve(state, listener, std::future::pending())
                .await
                .unwrap();
        });
    });
    format!("http://{}", addr_rx.recv().unwrap())
}

/// The `q` quantile of `v`, in milliseconds.
pub fn p(v: &mut [Duration], q: f64) -> f64 {
    v.sort();
    v[((v.len() - 1) as f64 * q) as usize].as_secs_f64() * 1e3
}
