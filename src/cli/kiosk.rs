//! `sportello kiosk`: the self-service mode for the office lobby. Logs in with the kiosk account
//! (`[kiosk]` in the configuration, or the demo's) before taking over the terminal, so a wrong
//! set-up is one clear line, not a broken screen.

use std::time::Duration;

use super::Ctx;
use super::desk::open_backend;
use crate::backend::Role;
use crate::demo;
use crate::i18n::cli as c;
use crate::i18n::kiosk as k;
use crate::tui::kiosk::{Kiosk, KioskSettings};
use crate::tui::theme::Theme;

pub fn run(ctx: &Ctx, demo_mode: bool, api: Option<String>) -> Result<i32, String> {
    let _log = crate::logging::init(&crate::config::data_dir());
    let (backend, temp) = open_backend(ctx, demo_mode, api)?;
    let (username, password) = match &temp {
        Some(_) => (demo::KIOSK.0.to_string(), demo::KIOSK.1.to_string()),
        None => (
            ctx.config.kiosk.username.clone(),
            ctx.config.kiosk.password.clone(),
        ),
    };
    let op = backend
        .login(&username, &password)
        .map_err(|e| format!("kiosk.username {username}: {}", ctx.err(&e)))?;
    if op.role != Role::Kiosk {
        let _ = backend.logout();
        return Err(ctx.lang.t(c::NOT_A_KIOSK_ACCOUNT).to_string());
    }
    let ente_name = backend
        .ente()
        .map(|e| e.name)
        .unwrap_or_else(|_| ctx.config.ente.name.clone());
    let kiosk = Kiosk::new(KioskSettings {
        account: (username, password),
        lang: ctx.lang,
        theme: Theme::from_config(&ctx.config.desk.theme),
        ente_name,
        presets: ctx.config.preset_cents().unwrap_or_default(),
        idle: Duration::from_secs(ctx.config.kiosk.idle_timeout_secs.max(10)),
        printer: crate::paper::print::enabled(&ctx.config.print)
            .then(|| ctx.config.logo().ok())
            .flatten()
            .map(|logo| {
                std::sync::Arc::new(crate::paper::Outbox {
                    logo,
                    mail: ctx.config.mail.clone(),
                    print: ctx.config.print.clone(),
                    dir: crate::config::data_dir().join("documenti"),
                })
            }),
    });
    let result = crate::tui::run_program(backend.clone(), kiosk);
    let _ = backend.kiosk_end();
    let _ = backend.logout();
    result.map_err(|e| e.to_string())?;
    println!("{}", ctx.lang.t(k::LEFT));
    Ok(0)
}
