//! `sportello serve`: the central API over the store.

use std::net::SocketAddr;
use std::sync::Arc;

use clap::Args;

use super::Ctx;
use crate::server::{self, ApiState};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
}

pub fn run(ctx: &Ctx, args: ServeArgs) -> Result<i32, String> {
    let _log = crate::logging::init(&ctx.settings.paths.logs);
    let path = ctx.existing_store_path()?;
    let store = Arc::new(ctx.open_store(&path)?);
    let state = ApiState::with_station(store, ctx.settings.policy, ctx.settings.station.clone());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .map_err(|e| format!("{}: {e}", args.listen))?;
        eprintln!(
            "sportello serve: http://{}/api/v1 ({})",
            args.listen,
            path.display()
        );
        server::serve(state, listener, shutdown_signal())
            .await
            .map_err(|e| e.to_string())
    })?;
    Ok(0)
}

/// Ctrl+C or SIGTERM: stop accepting, let requests in flight finish.
async fn shutdown_signal() {
    let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(s) => s,
        Err(_) => return std::future::pending().await,
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
}
