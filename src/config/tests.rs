use std::path::{Path, PathBuf};
use std::time::Duration;

use super::keys::Keymap;
use super::*;
use crate::i18n::Lang;

fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Resolves the layers under a command line; the error as the user would read it.
fn settings(
    file: Option<&str>,
    vars: &[(&str, &str)],
    cmd: &CommandLine,
) -> Result<Settings, String> {
    let raw = Config::from_sources(file.map(|f| (Path::new("u.toml"), f)), &env(vars))?;
    Settings::resolve(&raw, cmd)
}

fn refusal(file: Option<&str>, vars: &[(&str, &str)]) -> String {
    settings(file, vars, &CommandLine::default()).unwrap_err()
}

#[test]
fn every_built_in_default_parses_into_its_typed_value() {
    let s = Settings::defaults();
    assert_eq!(s.lang, Lang::It);
    assert_eq!(s.backend, BackendChoice::Local);
    assert!(s.paths.store.ends_with("sportello.db"));
    assert_eq!(s.ente.fiscal_code, "80001234568");
    assert_eq!(s.ente.segregation_code, 2);
    assert_eq!(s.logo, None);
    assert_eq!(s.policy.min_topup_cents, 500);
    assert_eq!(s.policy.max_topup_cents, 50_000);
    assert_eq!(s.policy.issuer, 0);
    assert_eq!(s.policy.due_days, 30);
    assert_eq!(s.policy.enrol_debt_allowed_cents, 0);
    assert_eq!(s.policy.meal_cancel_cutoff.to_string(), "09:30:00");
    assert_eq!(s.topup_presets, vec![1000, 2000, 5000, 10000]);
    assert_eq!(s.keys.topup.label(), "R");
    assert_eq!(s.keys.refresh.label(), "F5");
    assert_eq!(s.theme, ThemeChoice::Default);
    assert_eq!(s.desk_idle, Duration::from_secs(300));
    assert_eq!(s.kiosk_idle, Duration::from_secs(60));
    assert_eq!(s.kiosk_account.username, "chiosco");
    assert_eq!(s.mail.tls, "starttls");
    assert_eq!(s.print.command, "lp");
    assert_eq!(s.server_tls, None);
    let ip = |s: &str| s.parse::<std::net::IpAddr>().unwrap();
    assert!(s.pagopa_allowed_from.contains(ip("127.0.0.1")));
    assert!(s.pagopa_allowed_from.contains(ip("::1")));
    assert!(!s.pagopa_allowed_from.contains(ip("10.0.0.1")));
    // The store's fallback rules are the built-in file's, not a second copy.
    assert_eq!(crate::store::policy::Policy::default(), s.policy);
}

#[test]
fn every_key_of_the_built_in_file_is_a_field_and_every_action_has_a_key() {
    // deny_unknown_fields refuses a stray key; Keymap::from_config refuses a missing action.
    let raw = Config::defaults();
    assert_eq!(raw.keys.len(), 35);
    Keymap::from_config(&raw.keys).unwrap();
}

#[test]
fn the_users_file_wins_over_the_defaults() {
    let s = settings(
        Some("[topup]\nmin = \"20\"\n[desk]\nlanguage = \"en\"\n"),
        &[],
        &CommandLine::default(),
    )
    .unwrap();
    assert_eq!(s.policy.min_topup_cents, 2000);
    assert_eq!(s.lang, Lang::En);
    assert_eq!(
        s.policy.max_topup_cents, 50_000,
        "untouched keys keep the default"
    );
}

#[test]
fn the_environment_wins_over_the_users_file() {
    let file = "[desk]\nlanguage = \"en\"\nidle_timeout_secs = 60\n[topup]\nmin = \"20\"\n";
    let s = settings(
        Some(file),
        &[
            ("SPORTELLO_DESK_IDLE_TIMEOUT_SECS", "90"),
            ("SPORTELLO_TOPUP_PRESETS", "15; 25"),
            ("SPORTELLO_TOPUP_MIN", "12,50"),
        ],
        &CommandLine::default(),
    )
    .unwrap();
    assert_eq!(s.lang, Lang::En);
    assert_eq!(s.desk_idle, Duration::from_secs(90));
    assert_eq!(s.topup_presets, vec![1500, 2500]);
    assert_eq!(s.policy.min_topup_cents, 1250);
}

#[test]
fn the_command_line_wins_over_the_environment() {
    let cmd = CommandLine {
        db: Some(PathBuf::from("demo.db")),
        lang: Some(Lang::It),
        ..Default::default()
    };
    let s = settings(
        None,
        &[
            ("SPORTELLO_DESK_LANGUAGE", "en"),
            ("SPORTELLO_STORE_PATH", "/srv/other.db"),
        ],
        &cmd,
    )
    .unwrap();
    assert_eq!(s.lang, Lang::It);
    assert_eq!(s.paths.store, PathBuf::from("demo.db"));
    let cmd = CommandLine {
        api: Some("http://cli:1".into()),
        ..Default::default()
    };
    let s = settings(None, &[("SPORTELLO_API_URL", "http://env:2")], &cmd).unwrap();
    assert_eq!(s.backend, BackendChoice::Remote("http://cli:1".into()));
}

#[test]
fn a_store_on_the_command_line_wins_over_the_configured_api() {
    let file = Some("[api]\nurl = \"http://127.0.0.1:9\"\n");
    let configured = settings(file, &[], &CommandLine::default()).unwrap();
    assert_eq!(
        configured.backend,
        BackendChoice::Remote("http://127.0.0.1:9".into())
    );
    let cmd = CommandLine {
        db: Some(PathBuf::from("demo.db")),
        ..Default::default()
    };
    let s = settings(file, &[], &cmd).unwrap();
    assert_eq!(s.backend, BackendChoice::Local);
    assert_eq!(s.paths.store, PathBuf::from("demo.db"));
    // An API named on the command line is still the one used; a demo is always local.
    let both = CommandLine {
        api: Some("http://cli:1".into()),
        ..cmd.clone()
    };
    assert_eq!(
        backend_choice(&both, "http://127.0.0.1:9"),
        BackendChoice::Remote("http://cli:1".into())
    );
    let demo = CommandLine { demo: true, ..both };
    assert_eq!(
        backend_choice(&demo, "http://127.0.0.1:9"),
        BackendChoice::Demo
    );
}

#[test]
fn the_fdr_settings_default_to_production_with_the_key_from_the_environment() {
    let s = Settings::defaults();
    assert_eq!(
        s.fdr.url,
        "https://api.platform.pagopa.it/fdr-org/service/v1"
    );
    assert_eq!(s.fdr.subscription_key, "");
    assert_eq!(s.policy.fdr_grace_days, 5);
    let raw = Config::from_sources(
        None,
        &[("SPORTELLO_PAGOPA_SUBSCRIPTION_KEY".into(), "k1".into())],
    )
    .unwrap();
    let s = Settings::resolve(&raw, &CommandLine::default()).unwrap();
    assert_eq!(s.fdr.subscription_key, "k1");
}

#[test]
fn a_bad_value_is_refused_naming_its_key() {
    for (vars, key) in [
        (&[("SPORTELLO_TOPUP_MIN", "abc")][..], "topup.min:"),
        (&[("SPORTELLO_TOPUP_MAX", "-3")][..], "topup.max:"),
        (&[("SPORTELLO_TOPUP_MIN", "600")][..], "topup.min:"),
        (
            &[("SPORTELLO_TOPUP_PRESETS", "10; dieci")][..],
            "topup.presets:",
        ),
        (
            &[("SPORTELLO_ENROLMENT_DEBT_ALLOWED", "x")][..],
            "enrolment.debt_allowed:",
        ),
        (
            &[("SPORTELLO_ATTENDANCE_CANCEL_BY", "9.30")][..],
            "attendance.cancel_by:",
        ),
        (&[("SPORTELLO_DESK_ISSUER", "100")][..], "desk.issuer:"),
        (&[("SPORTELLO_DESK_ISSUER", "abc")][..], "desk.issuer"),
        (&[("SPORTELLO_DESK_LANGUAGE", "fr")][..], "desk.language:"),
        (&[("SPORTELLO_DESK_THEME", "neon")][..], "desk.theme:"),
        (
            &[("SPORTELLO_PAGOPA_FDR_URL", "api.pagopa.it")][..],
            "pagopa.fdr_url:",
        ),
        (
            &[("SPORTELLO_PAGOPA_FDR_GRACE_DAYS", "abc")][..],
            "pagopa.fdr_grace_days:",
        ),
        (
            &[("SPORTELLO_DESK_IDLE_TIMEOUT_SECS", "3")][..],
            "desk.idle_timeout_secs:",
        ),
        (
            &[("SPORTELLO_KIOSK_IDLE_TIMEOUT_SECS", "0")][..],
            "kiosk.idle_timeout_secs:",
        ),
        (&[("SPORTELLO_MAIL_TLS", "ssl")][..], "mail.tls:"),
        (&[("SPORTELLO_KEYS_TOPUP", "ctrl+")][..], "keys.topup:"),
        (
            &[("SPORTELLO_ENTE_FISCAL_CODE", "77777777777")][..],
            "ente.fiscal_code:",
        ),
        (
            &[("SPORTELLO_PAGOPA_ALLOWED_FROM", "10.0.0.0/8; 10.0.0.0/33")][..],
            "pagopa.allowed_from: \"10.0.0.0/33\"",
        ),
        (
            &[("SPORTELLO_SERVER_TLS_CERT", "c.pem")][..],
            "server.tls_key:",
        ),
        (
            &[("SPORTELLO_SERVER_CLIENT_CA", "ca.pem")][..],
            "server.client_ca:",
        ),
    ] {
        let e = refusal(None, vars);
        assert!(e.starts_with(key), "{vars:?}: {e}");
        assert!(!e.contains('\n'), "one line: {e}");
    }
    let e = refusal(Some("[desk]\nlangauge = \"it\"\n"), &[]);
    assert!(e.contains("langauge") && !e.contains('\n'), "{e}");
    let e = refusal(Some("[keys]\nfly = \"x\"\n"), &[]);
    assert!(e.starts_with("keys.fly:"), "{e}");
}

#[test]
fn the_station_settings_come_from_the_environment_like_every_key() {
    let s = settings(
        None,
        &[
            ("SPORTELLO_SERVER_TLS_CERT", "/etc/sportello/cert.pem"),
            ("SPORTELLO_SERVER_TLS_KEY", "/etc/sportello/key.pem"),
            ("SPORTELLO_PAGOPA_ALLOWED_FROM", "10.20.0.0/16; "),
        ],
        &CommandLine::default(),
    )
    .unwrap();
    let tls = s.server_tls.unwrap();
    assert_eq!(tls.cert, PathBuf::from("/etc/sportello/cert.pem"));
    assert_eq!(tls.key, PathBuf::from("/etc/sportello/key.pem"));
    assert_eq!(tls.client_ca, None);
    let ip = |s: &str| s.parse::<std::net::IpAddr>().unwrap();
    assert!(s.pagopa_allowed_from.contains(ip("10.20.3.4")));
    assert!(!s.pagopa_allowed_from.contains(ip("127.0.0.1")));
}

#[test]
fn a_refusal_speaks_the_users_language() {
    let it = refusal(None, &[("SPORTELLO_DESK_THEME", "neon")]);
    assert!(it.contains("uno tra"), "{it}");
    let en = refusal(
        None,
        &[
            ("SPORTELLO_DESK_THEME", "neon"),
            ("SPORTELLO_DESK_LANGUAGE", "en"),
        ],
    );
    assert!(en.contains("one of"), "{en}");
    let cmd = CommandLine {
        lang: Some(Lang::En),
        ..Default::default()
    };
    let e = settings(None, &[("SPORTELLO_TOPUP_MIN", "abc")], &cmd).unwrap_err();
    assert!(e.starts_with("topup.min: \"abc\""), "{e}");
}

#[test]
fn placeholder_fiscal_codes_pass_when_not_strict() {
    let s = settings(
        Some("[ente]\nfiscal_code = \"77777777777\"\nstrict_fiscal_code = false\n"),
        &[],
        &CommandLine::default(),
    )
    .unwrap();
    assert_eq!(s.ente.fiscal_code, "77777777777");
}
