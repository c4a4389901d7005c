//! The scriptable command line (clap). Exit 0 on success; otherwise one clear line on stderr and a
//! non-zero exit (1: a refused input or operation; 2: a usage error, from clap).

mod anomalies;
mod applications;
mod cf;
mod debtors;
mod demo;
mod desk;
mod family;
mod fdr;
mod kiosk;
mod notice;
mod operator;
mod output;
mod pagopa;
pub(crate) mod paper;
mod presences;
mod serve;
mod startup;
mod withdrawal;

use std::path::PathBuf;
use std::sync::Arc;

use clap::{Parser, Subcommand};

use crate::backend::{Backend, BackendError};
use crate::config::{BackendChoice, CommandLine, Settings};
use crate::i18n::cli as c;
use crate::i18n::{Lang, Localized};
use crate::store::{LocalBackend, Store};

#[derive(Debug, Parser)]
#[command(
    name = "sportello",
    version,
    about = "Help-desk terminal app for a comune's school services"
)]
pub struct Cli {
    /// The local store file (default: the platform data directory).
    #[arg(long, global = true, env = "SPORTELLO_DB")]
    pub db: Option<PathBuf>,
    /// A configuration file read over the built-in defaults.
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    /// Language of messages: it or en (default from the configuration).
    #[arg(long, global = true)]
    pub lang: Option<String>,
    /// Open the desk app on a fresh demo store (in a temporary directory, removed on exit).
    #[arg(long)]
    pub demo: bool,
    /// The central API to work against (default from the configuration: the local store).
    #[arg(long, global = true, env = "SPORTELLO_API")]
    pub api: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Codice fiscale tools.
    #[command(subcommand)]
    Cf(cf::CfCommand),
    /// pagoPA payment notices.
    #[command(subcommand)]
    Notice(notice::NoticeCommand),
    /// pagoPA receipts.
    #[command(subcommand)]
    Receipt(notice::ReceiptCommand),
    /// Find parents, children and notices by codice fiscale, surname, name, PAN or notice number.
    Search {
        query: Vec<String>,
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Family cards.
    #[command(subcommand)]
    Family(family::FamilyCommand),
    /// Create a demo store with a fictional comune and synthetic families.
    Demo(demo::DemoArgs),
    /// Serve the central API over the store.
    Serve(serve::ServeArgs),
    /// Payment certificates (730) as PDF and CSV.
    #[command(subcommand)]
    Certificate(paper::CertificateCommand),
    /// A child's statement (estratto conto) for a year as PDF and CSV.
    Statement(paper::StatementArgs),
    /// Families in debt on prepaid services, most first (supervisor): for reminders.
    Debtors(debtors::DebtorsArgs),
    /// New portal credentials for a parent, written as the letter to hand over (PDF).
    CredentialsLetter(paper::LetterArgs),
    /// Desk staff accounts: list them, unlock a login (supervisor).
    #[command(subcommand)]
    Operator(operator::OperatorCommand),
    /// pagoPA: play the Node against a station (`pay`), receipts to settle (`anomalies`, `settle`),
    /// reconciliation flows (`fdr pull`, `import`, `report`).
    #[command(subcommand)]
    Pagopa(pagopa::PagopaCommand),
    /// The office's review queue of enrolment applications, oldest sent first (supervisor).
    Applications {
        #[arg(long, value_enum, default_value = "submitted")]
        state: applications::StateFilter,
        #[arg(long)]
        json: bool,
    },
    /// One application: accept or refuse it (supervisor), discard a draft.
    #[command(subcommand)]
    Application(applications::ApplicationCommand),
    /// The school's register of presences, charged at each enrolment's price (supervisor).
    #[command(subcommand)]
    Attendance(presences::AttendanceCommand),
    /// A child leaves a service from a day on: charged days refunded, a waiting application promoted
    /// (supervisor).
    Withdraw(withdrawal::WithdrawArgs),
    /// A wallet's credit paid back to the family or moved to a sibling (supervisor).
    #[command(subcommand)]
    Balance(withdrawal::BalanceCommand),
    /// Self-service kiosk for walk-in parents (leaving it needs a supervisor's password).
    Kiosk {
        /// On a fresh demo store (kiosk account chiosco / Chiosco1).
        #[arg(long)]
        demo: bool,
    },
}

/// What a command prints and how it ends.
pub struct Ctx {
    pub lang: Lang,
    /// Everything configured, resolved once at start.
    pub settings: Settings,
}

impl Ctx {
    pub fn store_path(&self) -> PathBuf {
        self.settings.paths.store.clone()
    }

    /// The backend of a one-shot command: the central API when the settings chose one, logged in as
    /// `[api] username` with `SPORTELLO_API_PASSWORD`; otherwise the store file, acting as the
    /// operating-system user. The store must already exist: the command line never creates an empty
    /// store by mistake (`sportello demo` creates one).
    pub fn backend(&self) -> Result<Box<dyn Backend>, String> {
        if let BackendChoice::Remote(url) = &self.settings.backend {
            let remote = crate::remote::RemoteBackend::new(url).map_err(|e| self.err(&e))?;
            let account = &self.settings.api_account;
            if account.username.trim().is_empty() || account.password.is_empty() {
                return Err(self.lang.t(c::API_NEEDS_CREDENTIALS).to_string());
            }
            remote
                .login(&account.username, &account.password)
                .map_err(|e| self.err(&e))?;
            return Ok(Box::new(remote));
        }
        let path = self.existing_store_path()?;
        let store = self.open_store(&path)?;
        Ok(Box::new(
            LocalBackend::acting_as(Arc::new(store), LocalBackend::cli_operator())
                .with_policy(self.settings.policy),
        ))
    }

    /// The store path, which must exist: only `sportello demo` creates a store.
    pub fn existing_store_path(&self) -> Result<PathBuf, String> {
        let path = self.store_path();
        if !path.exists() {
            return Err(self.lang.pair(crate::i18n::cli::no_such_store(&path)));
        }
        Ok(path)
    }

    /// Opens an existing store file; a refusal is one line in the user's language.
    pub fn open_store(&self, path: &std::path::Path) -> Result<Store, String> {
        Store::open_with_clock(path, self.settings.clock()).map_err(|e| e.localized(self.lang))
    }

    pub fn err(&self, e: &BackendError) -> String {
        e.localized(self.lang)
    }
}

/// Runs the command line; returns the process exit code.
pub fn main() -> i32 {
    let cli = match startup::parse(std::env::args_os().collect()) {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    if !matches!(
        cli.command,
        None | Some(Command::Serve(_)) | Some(Command::Kiosk { .. })
    ) {
        startup::end_quietly_on_closed_pipe();
    }
    let lang = match cli.lang.as_deref().map(Lang::parse) {
        Some(None) => {
            eprintln!("sportello: --lang: it or en");
            return 2;
        }
        Some(Some(l)) => Some(l),
        None => None,
    };
    let interactive_demo = match &cli.command {
        None => cli.demo,
        Some(Command::Kiosk { demo }) => cli.demo || *demo,
        Some(_) => false,
    };
    let cmd = CommandLine {
        db: cli.db,
        api: cli.api,
        lang,
        demo: interactive_demo,
    };
    let settings = match Settings::load(cli.config.as_deref(), &cmd) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("sportello: {e}");
            return 1;
        }
    };
    let ctx = Ctx {
        lang: settings.lang,
        settings,
    };
    let result = match cli.command {
        Some(Command::Cf(c)) => cf::run(&ctx, c),
        Some(Command::Notice(c)) => notice::run(&ctx, c),
        Some(Command::Receipt(c)) => notice::run_receipt(&ctx, c),
        Some(Command::Search { query, json, limit }) => {
            family::search(&ctx, &query.join(" "), json, limit)
        }
        Some(Command::Family(c)) => family::run(&ctx, c),
        Some(Command::Demo(args)) => demo::run(&ctx, args),
        Some(Command::Serve(args)) => serve::run(&ctx, args),
        Some(Command::Certificate(c)) => paper::certificate(&ctx, c),
        Some(Command::Statement(a)) => paper::statement(&ctx, a),
        Some(Command::CredentialsLetter(a)) => paper::credentials_letter(&ctx, a),
        Some(Command::Debtors(a)) => debtors::run(&ctx, a),
        Some(Command::Operator(c)) => operator::run(&ctx, c),
        Some(Command::Pagopa(c)) => pagopa::run(&ctx, c),
        Some(Command::Applications { state, json }) => applications::list(&ctx, state, json),
        Some(Command::Application(c)) => applications::run(&ctx, c),
        Some(Command::Attendance(c)) => presences::run(&ctx, c),
        Some(Command::Withdraw(a)) => withdrawal::withdraw(&ctx, a),
        Some(Command::Balance(c)) => withdrawal::balance(&ctx, c),
        Some(Command::Kiosk { .. }) => kiosk::run(&ctx),
        None => desk::run(&ctx),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("sportello: {message}");
            1
        }
    }
}

/// Prints a value as pretty JSON.
pub(crate) fn print_json<T: serde::Serialize>(value: &T) -> Result<i32, String> {
    println!(
        "{}",
        serde_json::to_string_pretty(value).map_err(|e| e.to_string())?
    );
    Ok(0)
}

pub(crate) fn backend_call<T>(ctx: &Ctx, r: Result<T, BackendError>) -> Result<T, String> {
    r.map_err(|e| ctx.err(&e))
}
