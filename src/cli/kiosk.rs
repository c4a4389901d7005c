//! `sportello kiosk`: the self-service mode for the office lobby. Logs in with the kiosk account
//! (`[kiosk]` in the configuration, or the demo's) before taking over the terminal, so a wrong
//! set-up is one clear line, not a broken screen.

use super::Ctx;
use super::desk::open_backend;
use crate::backend::Role;
use crate::demo;
use crate::i18n::cli as c;
use crate::i18n::kiosk as k;
use crate::tui::kiosk::{Kiosk, KioskSettings};
use crate::tui::theme::Theme;

pub fn run(ctx: &Ctx) -> Result<i32, String> {
    let _log = crate::logging::init(&ctx.settings.paths.logs);
    // A logo that cannot be read stops the start here, before anyone is logged in.
    let printer = match crate::paper::print::enabled(&ctx.settings.print) {
        true => Some(std::sync::Arc::new(crate::paper::Outbox::from_settings(
            &ctx.settings,
        )?)),
        false => None,
    };
    let (backend, temp) = open_backend(ctx)?;
    let (username, password) = match &temp {
        Some(_) => (demo::KIOSK.0.to_string(), demo::KIOSK.1.to_string()),
        None => (
            ctx.settings.kiosk_account.username.clone(),
            ctx.settings.kiosk_account.password.clone(),
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
        .unwrap_or_else(|_| ctx.settings.ente.name.clone());
    let kiosk = Kiosk::new(KioskSettings {
        account: (username, password),
        lang: ctx.lang,
        theme: Theme::from_config(ctx.settings.theme),
        ente_name,
        presets: ctx.settings.topup_presets.clone(),
        idle: ctx.settings.kiosk_idle,
        printer,
        clock: backend.clock(),
    });
    let result = crate::tui::run_program(backend.clone(), kiosk);
    let _ = backend.kiosk_end();
    let _ = backend.logout();
    result.map_err(|e| e.to_string())?;
    println!("{}", ctx.lang.t(k::LEFT));
    Ok(0)
}
