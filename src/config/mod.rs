//! Configuration: the commented default in `config/sportello.toml` (built in, the only place a default
//! is written), overridden by the user's file, overridden by `SPORTELLO_<SECTION>_<KEY>` environment
//! variables, overridden by the command line. [`Settings::resolve`] checks and types every value once
//! at start; the program reads only the typed settings.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub mod keys;
pub mod pagopa;
pub mod server;
mod settings;
#[cfg(test)]
mod tests;

pub use server::{AllowedFrom, ServerConfig, TlsFiles};
pub use settings::{
    Account, BackendChoice, CommandLine, Paths, Settings, ThemeChoice, backend_choice,
};

pub const DEFAULT_TOML: &str = include_str!("../../config/sportello.toml");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub ente: EnteConfig,
    pub topup: TopupConfig,
    pub enrolment: EnrolmentConfig,
    pub attendance: AttendanceConfig,
    pub desk: DeskConfig,
    pub store: StoreConfig,
    pub api: ApiConfig,
    pub kiosk: KioskConfig,
    pub mail: MailConfig,
    pub print: PrintConfig,
    pub clock: ClockConfig,
    pub server: ServerConfig,
    pub pagopa: PagopaConfig,
    /// Action keys of the desk app, by action name (checked by `keys::Keymap`).
    pub keys: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnteConfig {
    pub name: String,
    pub fiscal_code: String,
    pub segregation_code: u8,
    pub cbill: String,
    pub strict_fiscal_code: bool,
    /// A PNG printed on documents; empty: the demo emblem.
    pub logo: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopupConfig {
    pub presets: Vec<String>,
    pub min: String,
    pub max: String,
    pub due_days: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnrolmentConfig {
    /// Debt a family may carry and still enrol without a supervisor's reason (an amount).
    pub debt_allowed: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttendanceConfig {
    /// Today's meal can be cancelled until this time, as HH:MM.
    pub cancel_by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClockConfig {
    /// The office's day (YYYY-MM-DD) or instant (YYYY-MM-DDTHH:MM[:SS]); empty: the computer's clock.
    pub today: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeskConfig {
    pub issuer: u8,
    pub idle_timeout_secs: u64,
    pub language: String,
    pub theme: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreConfig {
    pub path: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiConfig {
    pub url: String,
    /// The operator one-shot commands log in as (`sportello --api URL search ...`).
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailConfig {
    pub host: String,
    pub port: u16,
    /// `starttls`, `tls` (implicit, port 465) or `none` (a relay on the office network only).
    pub tls: String,
    pub username: String,
    pub password: String,
    pub from: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrintConfig {
    /// The printer's name for `lp -d`; empty: printing is off.
    pub printer: String,
    /// The print command (lp by default; its arguments follow: -d PRINTER FILE).
    pub command: String,
}

/// The station's identity at pagoPA and how it answers (`crate::pagopa::station`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PagopaConfig {
    /// Empty: the ente's fiscal code.
    pub id_pa: String,
    /// Empty: `id_pa`.
    pub id_broker_pa: String,
    /// Empty: `<id_broker_pa>_01`.
    pub id_station: String,
    pub iban: String,
    pub payable_after_due: bool,
    /// Address ranges that may call the station (checked by `config::AllowedFrom`).
    pub allowed_from: Vec<String>,
    /// pagoPA's REST API for organisations' flows (`sportello pagopa fdr pull`).
    pub fdr_url: String,
    /// The product subscription key (`Ocp-Apim-Subscription-Key`), from the environment:
    /// `SPORTELLO_PAGOPA_SUBSCRIPTION_KEY`.
    pub subscription_key: String,
    /// Working days a pagoPA receipt waits for its flow before the report lists it.
    pub fdr_grace_days: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KioskConfig {
    pub username: String,
    pub password: String,
    pub idle_timeout_secs: u64,
}

impl Config {
    /// Reads the layers below the command line: the built-in defaults, the user's file (`file`: an
    /// explicit `--config`, which must exist; otherwise the user's file in the platform config
    /// directory, if there is one) and the `SPORTELLO_*` environment.
    pub fn load(file: Option<&Path>) -> Result<Config, String> {
        let vars: Vec<(String, String)> = std::env::vars()
            .filter(|(k, _)| k.starts_with("SPORTELLO_"))
            .collect();
        let user = match file {
            Some(p) => Some((
                p.to_path_buf(),
                std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?,
            )),
            None => {
                user_config_path().and_then(|p| std::fs::read_to_string(&p).ok().map(|s| (p, s)))
            }
        };
        Self::from_sources(user.as_ref().map(|(p, s)| (p.as_path(), s.as_str())), &vars)
    }

    /// Merges the layers; pure, for tests. Values are checked and typed by [`Settings::resolve`].
    pub fn from_sources(
        user: Option<(&Path, &str)>,
        env: &[(String, String)],
    ) -> Result<Config, String> {
        let mut merged: toml::Table = DEFAULT_TOML
            .parse()
            .map_err(|e| format!("built-in configuration: {}", one_line(&e)))?;
        if let Some((path, text)) = user {
            let table: toml::Table = text
                .parse()
                .map_err(|e| format!("{}: {}", path.display(), one_line(&e)))?;
            merge(&mut merged, table);
        }
        for (name, value) in env {
            apply_env(&mut merged, name, value)?;
        }
        toml::Value::Table(merged)
            .try_into()
            .map_err(|e: toml::de::Error| one_line(&e))
    }

    /// The built-in defaults alone.
    pub fn defaults() -> Config {
        Config::from_sources(None, &[]).expect("the built-in configuration is valid (tested)")
    }
}

/// A TOML error on one line: a start-up refusal is one line on stderr.
fn one_line(e: &dyn std::fmt::Display) -> String {
    e.to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("it", "sportello", "sportello")
}

fn data_dir() -> PathBuf {
    project_dirs()
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("."))
}

fn user_config_path() -> Option<PathBuf> {
    project_dirs().map(|d| d.config_dir().join("sportello.toml"))
}

fn merge(base: &mut toml::Table, over: toml::Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

/// `SPORTELLO_TOPUP_MIN=20` sets `[topup] min`. The value takes the type of the default's value.
fn apply_env(table: &mut toml::Table, name: &str, value: &str) -> Result<(), String> {
    let rest = name.trim_start_matches("SPORTELLO_").to_ascii_lowercase();
    let Some((section, key)) = rest.split_once('_') else {
        return Ok(());
    };
    let Some(toml::Value::Table(sec)) = table.get_mut(section) else {
        return Ok(());
    };
    let Some(current) = sec.get(key) else {
        return Ok(());
    };
    let bad = || format!("{section}.{key}: {name}={value} is not a valid value");
    let new = match current {
        toml::Value::Integer(_) => toml::Value::Integer(value.trim().parse().map_err(|_| bad())?),
        toml::Value::Boolean(_) => toml::Value::Boolean(match value.trim() {
            "1" | "true" | "yes" => true,
            "0" | "false" | "no" => false,
            _ => return Err(bad()),
        }),
        toml::Value::Array(_) => toml::Value::Array(
            value
                .split(';')
                .map(|s| toml::Value::String(s.trim().to_string()))
                .collect(),
        ),
        _ => toml::Value::String(value.to_string()),
    };
    sec.insert(key.to_string(), new);
    Ok(())
}
