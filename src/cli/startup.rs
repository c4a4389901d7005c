//! What happens before a command runs: the arguments read (a mistake is one line in the user's
//! language, not clap's English usage page) and how output to a closed pipe ends the process.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, FromArgMatches};

use super::Cli;
use crate::config::Config;
use crate::i18n::Lang;
use crate::i18n::files as f;

/// The parsed command line, or the exit code after explaining what is wrong with it (help and
/// version are printed by clap as usual).
pub fn parse(args: Vec<OsString>) -> Result<Cli, i32> {
    let parsed = Cli::command()
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m));
    match parsed {
        Ok(cli) => Ok(cli),
        Err(e)
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) =>
        {
            let _ = e.print();
            Err(e.exit_code())
        }
        Err(e) => {
            eprintln!("sportello: {}", usage_error(language(&args), &e));
            Err(2)
        }
    }
}

/// The language of a message about the arguments themselves: `--lang` if it can be read, else the
/// configuration's (the file named by `--config`, the environment), else Italian.
fn language(args: &[OsString]) -> Lang {
    let value_of = |name: &str| -> Option<String> {
        let prefix = format!("{name}=");
        args.iter().enumerate().find_map(|(i, a)| {
            let a = a.to_str()?;
            if a == name {
                args.get(i + 1)?.to_str().map(str::to_string)
            } else {
                a.strip_prefix(&prefix).map(str::to_string)
            }
        })
    };
    if let Some(lang) = value_of("--lang").and_then(|l| Lang::parse(&l)) {
        return lang;
    }
    let config = value_of("--config").map(std::path::PathBuf::from);
    // Only the language is wanted here: a configuration refused later still names its key then.
    Config::load(config.as_deref())
        .ok()
        .and_then(|c| Lang::parse(&c.desk.language))
        .unwrap_or_default()
}

/// One line saying what clap refused, in `lang`.
fn usage_error(lang: Lang, e: &clap::Error) -> String {
    let context = |kind: ContextKind| -> String {
        match e.get(kind) {
            Some(ContextValue::String(s)) => s.clone(),
            Some(ContextValue::Strings(v)) => v.join(", "),
            Some(ContextValue::StyledStr(s)) => s.to_string(),
            Some(ContextValue::StyledStrs(v)) => v
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            Some(ContextValue::Number(n)) => n.to_string(),
            _ => String::new(),
        }
    };
    let arg = context(ContextKind::InvalidArg);
    let pair = match e.kind() {
        ErrorKind::InvalidUtf8 => f::args_not_utf8(),
        ErrorKind::UnknownArgument => f::unknown_argument(&arg),
        ErrorKind::InvalidSubcommand => {
            f::unknown_command(&context(ContextKind::InvalidSubcommand))
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            f::invalid_value(&arg, &context(ContextKind::InvalidValue))
        }
        ErrorKind::MissingRequiredArgument => f::missing_argument(&arg),
        ErrorKind::MissingSubcommand => f::missing_command(),
        ErrorKind::ArgumentConflict => {
            f::conflicting_arguments(&arg, &context(ContextKind::PriorArg))
        }
        _ => f::bad_arguments(&arg),
    };
    lang.pair(pair)
}

/// Output to a closed pipe (`sportello search ROSSI | head -3`) ends a one-shot command quietly, the
/// way other command-line tools end, instead of a panic on the next `println!`. Interactive programs
/// and the server keep Rust's default (the error is returned, nothing is killed).
pub fn end_quietly_on_closed_pipe() {
    // SAFETY: restoring the default disposition of one signal, before any other thread exists.
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
