//! `sportello` with no subcommand: the desk app, on the local store, the central API, or a fresh demo.

use std::path::PathBuf;
use std::sync::Arc;

use super::Ctx;
use crate::backend::Backend;
use crate::demo::{self, DemoOptions};
use crate::store::{LocalBackend, Store};
use crate::tui::{self, TuiOptions};

/// A demo store in a temporary directory, removed on exit.
struct TempDemo(PathBuf);

impl Drop for TempDemo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn run(ctx: &Ctx, demo_mode: bool, api: Option<String>) -> Result<i32, String> {
    let log_dir = crate::config::data_dir();
    let _log = crate::logging::init(&log_dir);
    let mut _temp = None;
    let mut demo_credentials = None;
    let api = api.or_else(|| Some(ctx.config.api.url.clone()).filter(|u| !u.trim().is_empty()));
    let backend: Arc<dyn Backend> = match api {
        Some(url) if !demo_mode => {
            Arc::new(crate::remote::RemoteBackend::new(&url).map_err(|e| ctx.err(&e))?)
        }
        _ => {
            let path = if demo_mode {
                let dir =
                    std::env::temp_dir().join(format!("sportello-demo-{}", std::process::id()));
                let _ = std::fs::remove_dir_all(&dir);
                std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                let path = dir.join("demo.db");
                _temp = Some(TempDemo(dir));
                let opts = DemoOptions {
                    families: 300,
                    days: None,
                    seed: 1,
                    today: crate::store::now().date(),
                };
                demo::generate(&path, &ctx.config.ente(), &opts).map_err(|e| ctx.err(&e))?;
                demo_credentials = Some([
                    (
                        demo::SUPERVISOR.0.to_string(),
                        demo::SUPERVISOR.1.to_string(),
                    ),
                    (demo::OPERATOR.0.to_string(), demo::OPERATOR.1.to_string()),
                ]);
                path
            } else {
                ctx.existing_store_path()?
            };
            let store = Store::open(&path).map_err(|e| e.to_string())?;
            Arc::new(LocalBackend::new(Arc::new(store)).with_policy(ctx.config.notice_policy()))
        }
    };
    let opts = TuiOptions {
        lang: ctx.lang,
        demo_credentials,
        log_dir,
    };
    tui::run(backend, ctx.config.clone(), opts).map_err(|e| e.to_string())?;
    Ok(0)
}
