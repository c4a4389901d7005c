//! `sportello` with no subcommand: the desk app, on the local store, the central API, or a fresh demo.

use std::path::PathBuf;
use std::sync::Arc;

use super::Ctx;
use crate::backend::Backend;
use crate::config::BackendChoice;
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

/// The backend an interactive program runs on, as the settings chose it: the central API, the local
/// store, or a fresh demo store that lives as long as the returned guard.
pub fn open_backend(ctx: &Ctx) -> Result<(Arc<dyn Backend>, Option<TempDemo>), String> {
    let (path, temp) = match &ctx.settings.backend {
        BackendChoice::Remote(url) => {
            let remote = crate::remote::RemoteBackend::new(url).map_err(|e| ctx.err(&e))?;
            return Ok((Arc::new(remote), None));
        }
        BackendChoice::Local => (ctx.existing_store_path()?, None),
        BackendChoice::Demo => {
            let dir = std::env::temp_dir().join(format!("sportello-demo-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            let path = dir.join("demo.db");
            let temp = TempDemo(dir);
            let opts = DemoOptions {
                families: 300,
                days: None,
                seed: 1,
                today: ctx.settings.clock().today(),
            };
            demo::generate(&path, &ctx.settings.ente, &opts).map_err(|e| ctx.err(&e))?;
            demo::sample_applications(&path, opts.today).map_err(|e| ctx.err(&e))?;
            (path, Some(temp))
        }
    };
    let store = ctx.open_store(&path)?;
    let local = LocalBackend::new(Arc::new(store)).with_policy(ctx.settings.policy);
    Ok((Arc::new(local), temp))
}

pub fn run(ctx: &Ctx) -> Result<i32, String> {
    let _log = crate::logging::init(&ctx.settings.paths.logs);
    let (backend, temp) = open_backend(ctx)?;
    let demo_credentials = temp.as_ref().map(|_| {
        [
            (
                demo::SUPERVISOR.0.to_string(),
                demo::SUPERVISOR.1.to_string(),
            ),
            (demo::OPERATOR.0.to_string(), demo::OPERATOR.1.to_string()),
        ]
    });
    let opts = TuiOptions { demo_credentials };
    tui::run(backend, &ctx.settings, opts).map_err(|e| e.to_string())?;
    Ok(0)
}
