//! `sportello serve`: the central API over the store.

use std::net::SocketAddr;
use std::sync::Arc;

use clap::Args;

use super::Ctx;
use crate::i18n::Localized;
use crate::server::{self, ApiState, StationAccess};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
}

pub fn run(ctx: &Ctx, args: ServeArgs) -> Result<i32, String> {
    let _log = crate::logging::init(&ctx.settings.paths.logs);
    let tls_files = ctx.settings.server_tls.as_ref();
    let tls = tls_files
        .map(server::tls::server_config)
        .transpose()
        .map_err(|e| e.localized(ctx.lang))?;
    let path = ctx.existing_store_path()?;
    let store = Arc::new(ctx.open_store(&path)?);
    let access = StationAccess {
        allowed_from: ctx.settings.pagopa_allowed_from.clone(),
        client_cert_required: tls_files.is_some_and(|t| t.client_ca.is_some()),
    };
    let state = ApiState::with_station(
        store,
        ctx.settings.policy,
        ctx.settings.station.clone(),
        access,
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .map_err(|e| format!("{}: {e}", args.listen))?;
        let scheme = if tls.is_some() { "https" } else { "http" };
        eprintln!(
            "sportello serve: {scheme}://{}/api/v1 ({})",
            args.listen,
            path.display()
        );
        match tls {
            Some(tls) => server::serve_tls(state, listener, tls, shutdown_signal()).await,
            None => server::serve(state, listener, shutdown_signal()).await,
        }
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
