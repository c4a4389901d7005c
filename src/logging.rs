//! Logs go to a file in the data directory, never to the terminal. Callers log ids and counts, never a
//! codice fiscale or a name.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;

/// Starts logging to `dir/sportello.log`; keep the guard alive until exit so the last lines are written.
/// Returns `None` (and logs nothing) when the directory cannot be created.
pub fn init(dir: &Path) -> Option<WorkerGuard> {
    std::fs::create_dir_all(dir).ok()?;
    let appender = tracing_appender::rolling::never(dir, "sportello.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = tracing_subscriber::EnvFilter::try_from_env("SPORTELLO_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init()
        .ok()?;
    Some(guard)
}
