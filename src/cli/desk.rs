//! `sportello` with no subcommand: the desk app, on the local store, the central API, or a fresh demo.

use std::path::PathBuf;
use std::sync::Arc;

use super::Ctx;
use crate::backend::Backend;
use crate::demo::{self, DemoOptions};
use crate::store::LocalBackend;
use crate::tui::{self, TuiOptions};

/// A demo store in a temporary directory, removed on exit.
pub struct TempDemo(PathBuf);

impl Drop for TempDemo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The backend an interactive program runs on: the central API when one is given (and not a demo),
/// otherwise the local store, or a fresh demo store that lives as long as the returned guard.
pub fn open_backend(
    ctx: &Ctx,
    demo_mode: bool,
    api: Option<String>,
) -> Result<(Arc<dyn Backend>, Option<TempDemo>), String> {
    let api = api.or_else(|| Some(ctx.config.api.url.clone()).filter(|u| !u.trim().is_empty()));
    if let Some(url) = api.filter(|_| !demo_mode) {
        let remote = crate::remote::RemoteBackend::new(&url).map_err(|e| ctx.err(&e))?;
        return Ok((Arc::new(remote), None));
    }
    let mut temp = None;
    let path = if demo_mode {
        let dir = std::env::temp_dir().join(format!("sportello-demo-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let path = dir.join("demo.db");
        temp = Some(TempDemo(dir));
        let opts = DemoOptions {
            families: 300,
            days: None,
            seed: 1,
            today: crate::store::now().date(),
        };
        demo::generate(&path, &ctx.config.ente(), &opts).map_err(|e| ctx.err(&e))?;
        path
    } else {
        ctx.existing_store_path()?
    };
    let store = ctx.open_store(&path)?;
    let local = LocalBackend::new(Arc::new(store)).with_policy(ctx.config.policy());
    Ok((Arc::new(local), temp))
}

pub fn run(ctx: &Ctx, demo_mode: bool, api: Option<String>) -> Result<i32, String> {
    let log_dir = crate::config::data_dir();
    let _log = crate::logging::init(&log_dir);
    let (backend, _temp) = open_backend(ctx, demo_mode, api)?;
    let demo_credentials = _temp.as_ref().map(|_| {
        [
            (
                demo::SUPERVISOR.0.to_string(),
                demo::SUPERVISOR.1.to_string(),
            ),
            (demo::OPERATOR.0.to_string(), demo::OPERATOR.1.to_string()),
        ]
    });
    let opts = TuiOptions {
        lang: ctx.lang,
        demo_credentials,
        log_dir,
    };
    tui::run(backend, ctx.config.clone(), opts).map_err(|e| e.to_string())?;
    Ok(0)
}
