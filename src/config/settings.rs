//! The typed settings the program runs on, resolved once at start from the raw layers and the command
//! line. Nothing here holds a default: every value comes from the merged table, whose bottom layer is
//! `config/sportello.toml`.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use super::keys::Keymap;
use super::server::{self, AllowedFrom, TlsFiles};
use super::{Config, MailConfig, PrintConfig};
use crate::backend::Ente;
use crate::clock::{Base, Clock};
use crate::domain::money::parse_amount;
use crate::i18n::config as c;
use crate::i18n::{Lang, Localized, Pair};
use crate::store::policy::Policy;

/// What the command line says over the configuration (the top layer).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandLine {
    /// `--db` (or `SPORTELLO_DB`): this store file, even when the configuration names a central API.
    pub db: Option<PathBuf>,
    /// `--api` (or `SPORTELLO_API`): this central API.
    pub api: Option<String>,
    pub lang: Option<Lang>,
    /// `--demo` on the desk or the kiosk: a fresh demo store.
    pub demo: bool,
}

/// Which backend the program works on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackendChoice {
    /// The store file in [`Paths::store`].
    Local,
    /// The central API at this URL.
    Remote(String),
    /// A fresh demo store in a temporary directory.
    Demo,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeChoice {
    Default,
    Mono,
    HighContrast,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// The local store file (`--db`, `[store] path`, or `sportello.db` in the data directory).
    pub store: PathBuf,
    /// Where saved PDFs go.
    pub documents: PathBuf,
    pub logs: PathBuf,
}

/// A username and password from the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub lang: Lang,
    pub backend: BackendChoice,
    pub paths: Paths,
    pub ente: Ente,
    /// A PNG printed on documents; `None`: the demo emblem.
    pub logo: Option<PathBuf>,
    pub policy: Policy,
    /// Top-up amounts offered with one key, in cents.
    pub topup_presets: Vec<i64>,
    pub keys: Keymap,
    pub theme: ThemeChoice,
    pub desk_idle: Duration,
    /// The account one-shot commands log in with against the central API.
    pub api_account: Account,
    pub kiosk_account: Account,
    pub kiosk_idle: Duration,
    pub mail: MailConfig,
    pub print: PrintConfig,
    /// What the office clock reads (`[clock] today`): the computer's, a fixed day or a fixed instant.
    pub clock: Base,
    /// The pagoPA station's identity and answers.
    pub station: crate::pagopa::StationSettings,
    /// `sportello serve` over HTTPS with these files; `None`: plain HTTP (a proxy in front does TLS).
    pub server_tls: Option<TlsFiles>,
    /// Who may call the pagoPA station under `/pagopa/`.
    pub pagopa_allowed_from: AllowedFrom,
    /// pagoPA's reconciliation flows: where to fetch them, with which key.
    pub fdr: super::pagopa::FdrSettings,
}

/// A refused value: its key (`topup.min`) and why.
struct Refusal {
    key: String,
    why: Pair,
}

fn refuse(key: &str, why: Pair) -> Refusal {
    Refusal {
        key: key.to_string(),
        why,
    }
}

/// Idle timeouts shorter than this would lock a screen while someone is still reading it.
const MIN_IDLE_SECS: u64 = 10;

impl Settings {
    /// Reads every layer (built-in defaults, the user's file, the environment, the command line) and
    /// resolves them; a refusal is one line naming the key.
    pub fn load(file: Option<&Path>, cmd: &CommandLine) -> Result<Settings, String> {
        Settings::resolve(&Config::load(file)?, cmd)
    }

    /// Checks and types the merged layers under the command line; pure, for tests. A refusal is in the
    /// command line's language, else the configured one if it can be read, else Italian.
    pub fn resolve(raw: &Config, cmd: &CommandLine) -> Result<Settings, String> {
        Settings::typed(raw, cmd).map_err(|r| {
            let lang = cmd
                .lang
                .or_else(|| Lang::parse(&raw.desk.language))
                .unwrap_or_default();
            format!("{}: {}", r.key, lang.pair(r.why))
        })
    }

    /// The built-in defaults alone, with no command line.
    pub fn defaults() -> Settings {
        Settings::resolve(&Config::defaults(), &CommandLine::default())
            .expect("the built-in configuration is valid (tested)")
    }

    fn typed(raw: &Config, cmd: &CommandLine) -> Result<Settings, Refusal> {
        let lang = match cmd.lang {
            Some(l) => l,
            None => Lang::parse(&raw.desk.language)
                .ok_or_else(|| refuse("desk.language", c::one_of("it, en", &raw.desk.language)))?,
        };
        Ok(Settings {
            lang,
            backend: backend_choice(cmd, &raw.api.url),
            paths: paths(cmd, &raw.store.path),
            ente: ente(raw)?,
            logo: Some(raw.ente.logo.trim())
                .filter(|p| !p.is_empty())
                .map(PathBuf::from),
            policy: policy(raw)?,
            topup_presets: raw
                .topup
                .presets
                .iter()
                .map(|p| amount("topup.presets", p))
                .collect::<Result<_, _>>()?,
            keys: Keymap::from_config(&raw.keys)
                .map_err(|e| refuse(&format!("keys.{}", e.action), e.why))?,
            theme: match raw.desk.theme.as_str() {
                "default" => ThemeChoice::Default,
                "mono" => ThemeChoice::Mono,
                "high-contrast" => ThemeChoice::HighContrast,
                other => {
                    return Err(refuse(
                        "desk.theme",
                        c::one_of("default, mono, high-contrast", other),
                    ));
                }
            },
            desk_idle: idle("desk.idle_timeout_secs", raw.desk.idle_timeout_secs)?,
            api_account: Account {
                username: raw.api.username.clone(),
                password: raw.api.password.clone(),
            },
            kiosk_account: Account {
                username: raw.kiosk.username.clone(),
                password: raw.kiosk.password.clone(),
            },
            kiosk_idle: idle("kiosk.idle_timeout_secs", raw.kiosk.idle_timeout_secs)?,
            mail: match raw.mail.tls.as_str() {
                "starttls" | "tls" | "none" => raw.mail.clone(),
                other => return Err(refuse("mail.tls", c::one_of("starttls, tls, none", other))),
            },
            print: raw.print.clone(),
            clock: clock_base(&raw.clock.today)?,
            station: station(raw)?,
            server_tls: server::tls_files(&raw.server).map_err(|(key, why)| refuse(key, why))?,
            pagopa_allowed_from: AllowedFrom::parse(&raw.pagopa.allowed_from)
                .map_err(|why| refuse(AllowedFrom::KEY, why))?,
            fdr: super::pagopa::FdrSettings::from_config(&raw.pagopa)
                .map_err(|why| refuse("pagopa.fdr_url", why))?,
        })
    }

    /// A new clock as configured, for a store this program opens or for a rule with no store.
    pub fn clock(&self) -> Clock {
        Clock::new(self.clock)
    }

    /// The ente's logo for documents: the configured PNG file, or the built-in demo emblem.
    pub fn logo(&self) -> Result<Vec<u8>, String> {
        match &self.logo {
            None => Ok(crate::assets::DEMO_LOGO.to_vec()),
            Some(path) => std::fs::read(path).map_err(|e| {
                format!(
                    "ente.logo {}: {}",
                    path.display(),
                    self.lang.pair(c::unreadable_file(&e))
                )
            }),
        }
    }
}

/// Which backend, decided once: a demo when asked; then a central API named on the command line; then
/// a store named on the command line (over `[api] url`, the precedence of layers); then `[api] url`;
/// then the local store.
pub fn backend_choice(cmd: &CommandLine, configured_url: &str) -> BackendChoice {
    if cmd.demo {
        return BackendChoice::Demo;
    }
    if let Some(url) = &cmd.api {
        return BackendChoice::Remote(url.clone());
    }
    let url = configured_url.trim();
    if cmd.db.is_some() || url.is_empty() {
        BackendChoice::Local
    } else {
        BackendChoice::Remote(url.to_string())
    }
}

fn paths(cmd: &CommandLine, store_path: &str) -> Paths {
    let data = super::data_dir();
    let store = match (&cmd.db, store_path.trim()) {
        (Some(db), _) => db.clone(),
        (None, "") => data.join("sportello.db"),
        (None, path) => PathBuf::from(path),
    };
    Paths {
        store,
        documents: data.join("documenti"),
        logs: data,
    }
}

fn ente(raw: &Config) -> Result<Ente, Refusal> {
    let e = &raw.ente;
    crate::domain::cf_ente::CfEnte::parse(&e.fiscal_code, e.strict_fiscal_code).map_err(|err| {
        refuse(
            "ente.fiscal_code",
            (err.localized(Lang::It), err.localized(Lang::En)),
        )
    })?;
    Ok(Ente {
        name: e.name.clone(),
        fiscal_code: e.fiscal_code.clone(),
        segregation_code: two_digits("ente.segregation_code", e.segregation_code)?,
        cbill: e.cbill.clone(),
    })
}

fn station(raw: &Config) -> Result<crate::pagopa::StationSettings, Refusal> {
    let p = &raw.pagopa;
    let or = |value: &str, default: String| match value.trim() {
        "" => default,
        v => v.to_string(),
    };
    let id_pa = or(&p.id_pa, raw.ente.fiscal_code.trim().to_string());
    let id_broker_pa = or(&p.id_broker_pa, id_pa.clone());
    let id_station = or(&p.id_station, format!("{id_broker_pa}_01"));
    for (key, value) in [
        ("pagopa.id_pa", &id_pa),
        ("pagopa.id_broker_pa", &id_broker_pa),
        ("pagopa.id_station", &id_station),
    ] {
        if value.chars().count() > 35 {
            return Err(refuse(key, c::too_long(35)));
        }
    }
    let iban = crate::domain::iban::parse(&p.iban)
        .map_err(|_| refuse("pagopa.iban", c::bad_iban(&p.iban)))?;
    Ok(crate::pagopa::StationSettings {
        id_pa,
        id_broker_pa,
        id_station,
        iban,
        payable_after_due: p.payable_after_due,
    })
}

fn policy(raw: &Config) -> Result<Policy, Refusal> {
    let min_topup_cents = amount("topup.min", &raw.topup.min)?;
    let max_topup_cents = amount("topup.max", &raw.topup.max)?;
    if min_topup_cents <= 0 || min_topup_cents > max_topup_cents {
        return Err(refuse("topup.min", c::min_not_above_max()));
    }
    let cancel_by = raw.attendance.cancel_by.trim();
    Ok(Policy {
        min_topup_cents,
        max_topup_cents,
        issuer: two_digits("desk.issuer", raw.desk.issuer)?,
        due_days: raw.topup.due_days,
        enrol_debt_allowed_cents: amount("enrolment.debt_allowed", &raw.enrolment.debt_allowed)?,
        meal_cancel_cutoff: chrono::NaiveTime::parse_from_str(cancel_by, "%H:%M")
            .map_err(|_| refuse("attendance.cancel_by", c::time_hh_mm(cancel_by)))?,
        fdr_grace_days: raw.pagopa.fdr_grace_days,
    })
}

fn clock_base(text: &str) -> Result<Base, Refusal> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Base::System);
    }
    if let Ok(day) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(Base::Date(day));
    }
    ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(text, f).ok())
        .map(Base::At)
        .ok_or_else(|| refuse("clock.today", c::day_or_instant(text)))
}

fn amount(key: &str, text: &str) -> Result<i64, Refusal> {
    parse_amount(text).map_err(|e| {
        refuse(
            key,
            (
                format!("{text:?}: {}", e.localized(Lang::It)),
                format!("{text:?}: {}", e.localized(Lang::En)),
            ),
        )
    })
}

fn two_digits(key: &str, n: u8) -> Result<u8, Refusal> {
    if n > 99 {
        return Err(refuse(key, c::two_digits()));
    }
    Ok(n)
}

fn idle(key: &str, secs: u64) -> Result<Duration, Refusal> {
    if secs < MIN_IDLE_SECS {
        return Err(refuse(key, c::at_least_seconds(MIN_IDLE_SECS)));
    }
    Ok(Duration::from_secs(secs))
}

/// The store's rules when nobody configured it otherwise (a store opened by a test, say): the built-in
/// configuration's, so that the defaults stay written once.
impl Default for Policy {
    fn default() -> Self {
        static BUILT_IN: OnceLock<Policy> = OnceLock::new();
        *BUILT_IN.get_or_init(|| Settings::defaults().policy)
    }
}
