//! Configuration: the commented default in `config/sportello.toml` (built in), overridden by the
//! user's file, overridden by `SPORTELLO_<SECTION>_<KEY>` environment variables.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::backend::Ente;
use crate::domain::money::parse_amount;
use crate::i18n::Lang;

pub const DEFAULT_TOML: &str = include_str!("../config/sportello.toml");

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
    /// Action keys of the desk app, by action name (checked by `tui::keys::Keymap`).
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KioskConfig {
    pub username: String,
    pub password: String,
    pub idle_timeout_secs: u64,
}

impl Config {
    /// Loads the configuration. `file`: an explicit `--config` (must exist); otherwise the user's file
    /// in the platform config directory, if there is one.
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

    /// Merges the layers; pure, for tests.
    pub fn from_sources(
        user: Option<(&Path, &str)>,
        env: &[(String, String)],
    ) -> Result<Config, String> {
        let mut merged: toml::Table = DEFAULT_TOML
            .parse()
            .map_err(|e| format!("built-in configuration: {e}"))?;
        if let Some((path, text)) = user {
            let table: toml::Table = text
                .parse()
                .map_err(|e| format!("{}: {e}", path.display()))?;
            merge(&mut merged, table);
        }
        for (name, value) in env {
            apply_env(&mut merged, name, value)?;
        }
        let config: Config = toml::Value::Table(merged)
            .try_into()
            .map_err(|e: toml::de::Error| format!("configuration: {e}"))?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), String> {
        let strict = self.ente.strict_fiscal_code;
        crate::domain::cf_ente::CfEnte::parse(&self.ente.fiscal_code, strict)
            .map_err(|e| format!("ente.fiscal_code: {e}"))?;
        if self.ente.segregation_code > 99 {
            return Err("ente.segregation_code: two digits (0-99)".into());
        }
        if self.desk.issuer > 99 {
            return Err("desk.issuer: two digits (0-99)".into());
        }
        let (min, max) = (self.min_topup_cents()?, self.max_topup_cents()?);
        if min <= 0 || min > max {
            return Err("topup.min must be above zero and not above topup.max".into());
        }
        self.preset_cents()?;
        self.enrol_debt_allowed_cents()?;
        self.meal_cancel_cutoff()?;
        crate::tui::keys::Keymap::from_config(&self.keys)?;
        if !["starttls", "tls", "none"].contains(&self.mail.tls.as_str()) {
            return Err("mail.tls: starttls, tls or none".into());
        }
        if Lang::parse(&self.desk.language).is_none() {
            return Err("desk.language: it or en".into());
        }
        Ok(())
    }

    pub fn lang(&self) -> Lang {
        Lang::parse(&self.desk.language).unwrap_or_default()
    }

    pub fn ente(&self) -> Ente {
        Ente {
            name: self.ente.name.clone(),
            fiscal_code: self.ente.fiscal_code.clone(),
            segregation_code: self.ente.segregation_code,
            cbill: self.ente.cbill.clone(),
        }
    }

    /// The ente's logo for documents: the configured PNG file, or the built-in demo emblem.
    pub fn logo(&self) -> Result<Vec<u8>, String> {
        let path = self.ente.logo.trim();
        if path.is_empty() {
            return Ok(crate::paper::DEMO_LOGO.to_vec());
        }
        std::fs::read(path).map_err(|e| format!("ente.logo {path}: {e}"))
    }

    pub fn min_topup_cents(&self) -> Result<i64, String> {
        parse_amount(&self.topup.min).map_err(|e| format!("topup.min: {e}"))
    }

    pub fn max_topup_cents(&self) -> Result<i64, String> {
        parse_amount(&self.topup.max).map_err(|e| format!("topup.max: {e}"))
    }

    pub fn enrol_debt_allowed_cents(&self) -> Result<i64, String> {
        parse_amount(&self.enrolment.debt_allowed)
            .map_err(|e| format!("enrolment.debt_allowed: {e}"))
    }

    pub fn meal_cancel_cutoff(&self) -> Result<chrono::NaiveTime, String> {
        chrono::NaiveTime::parse_from_str(self.attendance.cancel_by.trim(), "%H:%M").map_err(|_| {
            format!(
                "attendance.cancel_by: a time as HH:MM, not {}",
                self.attendance.cancel_by
            )
        })
    }

    pub fn preset_cents(&self) -> Result<Vec<i64>, String> {
        self.topup
            .presets
            .iter()
            .map(|p| parse_amount(p).map_err(|e| format!("topup.presets {p}: {e}")))
            .collect()
    }

    pub fn policy(&self) -> crate::store::policy::Policy {
        crate::store::policy::Policy {
            min_topup_cents: self.min_topup_cents().unwrap_or(500),
            max_topup_cents: self.max_topup_cents().unwrap_or(50_000),
            issuer: self.desk.issuer,
            due_days: self.topup.due_days,
            enrol_debt_allowed_cents: self.enrol_debt_allowed_cents().unwrap_or(0),
            meal_cancel_cutoff: self
                .meal_cancel_cutoff()
                .unwrap_or_else(|_| crate::store::policy::Policy::default().meal_cancel_cutoff),
        }
    }

    /// The store file: the configured path, or `sportello.db` in the platform data directory.
    pub fn store_path(&self) -> PathBuf {
        if !self.store.path.trim().is_empty() {
            return PathBuf::from(self.store.path.trim());
        }
        data_dir().join("sportello.db")
    }
}

pub fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("it", "sportello", "sportello")
}

pub fn data_dir() -> PathBuf {
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
    let bad = || format!("{name}={value}: not a valid value for {section}.{key}");
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

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn built_in_default_is_valid() {
        let c = Config::from_sources(None, &[]).unwrap();
        assert_eq!(c.lang(), Lang::It);
        assert_eq!(c.min_topup_cents().unwrap(), 500);
        assert_eq!(c.preset_cents().unwrap(), vec![1000, 2000, 5000, 10000]);
    }

    #[test]
    fn user_file_then_env_override() {
        let file = "[desk]\nlanguage = \"en\"\nidle_timeout_secs = 60\n";
        let c = Config::from_sources(
            Some((Path::new("u.toml"), file)),
            &env(&[
                ("SPORTELLO_DESK_IDLE_TIMEOUT_SECS", "90"),
                ("SPORTELLO_TOPUP_PRESETS", "15; 25"),
            ]),
        )
        .unwrap();
        assert_eq!(c.lang(), Lang::En);
        assert_eq!(c.desk.idle_timeout_secs, 90);
        assert_eq!(c.preset_cents().unwrap(), vec![1500, 2500]);
    }

    #[test]
    fn bad_values_are_refused_with_the_key() {
        let e = Config::from_sources(None, &env(&[("SPORTELLO_DESK_ISSUER", "abc")])).unwrap_err();
        assert!(e.contains("desk.issuer"), "{e}");
        let e = Config::from_sources(Some((Path::new("u.toml"), "[topup]\nmin = \"abc\"\n")), &[])
            .unwrap_err();
        assert!(e.contains("topup.min"), "{e}");
        let e = Config::from_sources(
            Some((
                Path::new("u.toml"),
                "[ente]\nfiscal_code = \"77777777777\"\n",
            )),
            &[],
        )
        .unwrap_err();
        assert!(e.contains("fiscal_code"), "{e}");
        let e = Config::from_sources(
            Some((Path::new("u.toml"), "[desk]\nlangauge = \"it\"\n")),
            &[],
        )
        .unwrap_err();
        assert!(e.contains("langauge"), "{e}");
    }
}
