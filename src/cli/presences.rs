//! `sportello attendance import FILE.csv`: the school's register of who was present, charged at each
//! enrolment's price. The whole file is read first: a malformed line refuses the file (nothing
//! recorded) so a corrected file can be sent again as it is; a line the office's rules refuse (a child
//! withdrawn, a holiday) is reported and the others are charged. Sending the same file twice charges
//! nothing more.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Subcommand;

use super::{Ctx, backend_call, print_json};
use crate::backend::{Presence, PresenceImport};
use crate::domain::codice_fiscale::CodiceFiscale;
use crate::domain::money::format_eur;
use crate::i18n::cli_review as r;
use crate::i18n::{Lang, Localized, Pair};

/// How many of a malformed file's problems the one-line refusal names.
const PROBLEMS_SHOWN: usize = 5;

#[derive(Debug, Subcommand)]
pub enum AttendanceCommand {
    /// Record the school's register (supervisor): CSV with the header codice_fiscale;servizio;giorno
    /// (`;` or `,`), the day as YYYY-MM-DD or DD/MM/YYYY. Each day is charged once.
    Import {
        file: PathBuf,
        /// The backend's report as JSON (line numbers are the file's).
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Ctx, cmd: AttendanceCommand) -> Result<i32, String> {
    let AttendanceCommand::Import { file, json } = cmd;
    let text = std::fs::read(&file).map_err(|e| {
        format!(
            "{}: {}",
            file.display(),
            ctx.lang.pair(crate::i18n::config::unreadable_file(&e))
        )
    })?;
    // A register saved by a spreadsheet may not be UTF-8; the fields that matter are ASCII.
    let text = String::from_utf8_lossy(&text);
    let (presences, lines) = parse(&text).map_err(|problems| refusal(ctx.lang, &file, problems))?;
    let backend = ctx.backend()?;
    let mut report = backend_call(ctx, backend.record_presences(&presences))?;
    // The backend numbers the batch from 1; the user knows the file's lines.
    for refused in &mut report.refused {
        let at = (refused.line as usize).checked_sub(1);
        if let Some(line) = at.and_then(|i| lines.get(i)) {
            refused.line = *line as u32;
        }
    }
    if json {
        return print_json(&report);
    }
    print_report(ctx.lang, &report);
    Ok(0)
}

fn print_report(l: Lang, report: &PresenceImport) {
    println!(
        "{}",
        l.pair(r::charged(
            report.charged,
            &format_eur(report.charged_cents)
        ))
    );
    println!("{}", l.pair(r::already(report.already)));
    if report.refused.is_empty() {
        return;
    }
    println!("{}", l.pair(r::refused_lines(report.refused.len())));
    for p in &report.refused {
        let what = format!(
            "{} {} {} — {}",
            p.child_cf,
            p.service,
            p.day.format("%d/%m/%Y"),
            l.pick(&p.why_it, &p.why_en)
        );
        println!("  {}", l.pair(r::bad_line(p.line as usize, &what)));
    }
}

/// One line naming the first problems of a malformed file, and how many more there are.
fn refusal(l: Lang, file: &Path, problems: Vec<Pair>) -> String {
    let more = problems.len().saturating_sub(PROBLEMS_SHOWN);
    let shown: Vec<String> = problems
        .into_iter()
        .take(PROBLEMS_SHOWN)
        .map(|p| l.pair(p).trim_end_matches('.').to_string())
        .collect();
    l.pair(r::malformed(&file.display().to_string(), &shown, more))
        .replace('\n', " ")
}

/// The presences of a register and each one's line in the file, or every problem found (each in
/// both languages).
fn parse(text: &str) -> Result<(Vec<Presence>, Vec<usize>), Vec<Pair>> {
    let mut rows = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_start_matches('\u{feff}').trim()))
        .filter(|(_, l)| !l.is_empty());
    let Some((_, header)) = rows.next() else {
        return Err(vec![pair(r::EMPTY_FILE)]);
    };
    let sep = if header.contains(';') { ';' } else { ',' };
    let names: Vec<String> = fields(header, sep)
        .iter()
        .map(|f| f.to_ascii_lowercase())
        .collect();
    let column = |name: &str| names.iter().position(|n| n == name);
    let (Some(cf_at), Some(service_at), Some(day_at)) = (
        column("codice_fiscale"),
        column("servizio"),
        column("giorno"),
    ) else {
        return Err(vec![pair(r::BAD_HEADER)]);
    };
    let mut presences = Vec::new();
    let mut lines = Vec::new();
    let mut problems = Vec::new();
    for (n, row) in rows {
        let f = fields(row, sep);
        if f.len() != names.len() {
            problems.push(at_line(n, r::wrong_field_count(f.len())));
            continue;
        }
        let child_cf = match CodiceFiscale::parse(&f[cf_at]) {
            Ok(cf) => cf,
            Err(e) => {
                let why = (e.localized(Lang::It), e.localized(Lang::En));
                problems.push(at_line(n, why));
                continue;
            }
        };
        let service = f[service_at].to_ascii_lowercase();
        if service.is_empty() {
            problems.push(at_line(n, pair(r::NO_SERVICE)));
            continue;
        }
        let Some(day) = parse_day(&f[day_at]) else {
            problems.push(at_line(n, r::bad_day(&f[day_at])));
            continue;
        };
        presences.push(Presence {
            child_cf,
            service,
            day,
        });
        lines.push(n);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if presences.is_empty() {
        return Err(vec![pair(r::EMPTY_FILE)]);
    }
    Ok((presences, lines))
}

/// A line's fields, trimmed, without the quotes a spreadsheet may put around them.
fn fields(line: &str, sep: char) -> Vec<String> {
    line.split(sep)
        .map(|f| f.trim().trim_matches('"').trim().to_string())
        .collect()
}

fn at_line(line: usize, (it, en): Pair) -> Pair {
    (r::bad_line(line, &it).0, r::bad_line(line, &en).1)
}

fn pair((it, en): (&str, &str)) -> Pair {
    (it.to_string(), en.to_string())
}

/// A day as ISO (2026-11-20) or as Italians write it (20/11/2026).
pub(super) fn parse_day(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .ok()
}
