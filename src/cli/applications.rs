//! `sportello applications` (the office's review queue) and `sportello application accept | refuse |
//! discard`: the desk's review screen, from a script. Deciding is the supervisor's; the backend says
//! so to anyone else.

use clap::{Subcommand, ValueEnum};

use super::{Ctx, backend_call, print_json};
use crate::backend::{Application, ApplicationState, Enrolment, QueuedApplication};
use crate::domain::money::format_eur;
use crate::i18n::Lang;
use crate::i18n::cli_review as r;
use crate::text::wrap_words;

/// The queue's line width: a terminal's 80 columns.
const WIDTH: usize = 80;
/// Where the second and third lines of an application start (under the service column).
const INDENT: usize = 7;

/// Which applications `sportello applications` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StateFilter {
    Submitted,
    Waitlisted,
    Accepted,
    Rejected,
    Draft,
    Discarded,
    /// Every state but drafts and discarded ones.
    All,
}

impl StateFilter {
    fn state(self) -> Option<ApplicationState> {
        match self {
            StateFilter::Submitted => Some(ApplicationState::Submitted),
            StateFilter::Waitlisted => Some(ApplicationState::Waitlisted),
            StateFilter::Accepted => Some(ApplicationState::Accepted),
            StateFilter::Rejected => Some(ApplicationState::Rejected),
            StateFilter::Draft => Some(ApplicationState::Draft),
            StateFilter::Discarded => Some(ApplicationState::Discarded),
            StateFilter::All => None,
        }
    }
}

/// One decision on one application. New subcommands about a single application (the decision
/// letter, ...) go here as further variants, with their arm in `run`.
#[derive(Debug, Subcommand)]
pub enum ApplicationCommand {
    /// Accept (supervisor): the child is enrolled with the tariff its ISEE gives, or waits for a place.
    Accept {
        /// The application's number (first column of `sportello applications`).
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Refuse (supervisor), with the reason the parent will read.
    Refuse {
        id: i64,
        #[arg(long)]
        reason: String,
    },
    /// A draft the family gives up (kept on file, no longer open).
    Discard { id: i64 },
    /// The letter with the office's decision, for the applicant parent (PDF, e-mail, printer).
    Letter(super::paper::ApplicationLetterArgs),
}

/// `sportello applications`: the queue, oldest sent first.
pub fn list(ctx: &Ctx, state: StateFilter, json: bool) -> Result<i32, String> {
    let backend = ctx.backend()?;
    let queue = backend_call(ctx, backend.applications(state.state()))?;
    if json {
        return print_json(&queue);
    }
    if !queue.is_empty() {
        let t = |label| ctx.lang.t(label);
        println!(
            "{}",
            row(
                t(r::COL_NUMBER),
                t(r::COL_SENT),
                t(r::COL_SERVICE),
                t(r::COL_YEAR),
                t(r::COL_CHILD),
                t(r::COL_ISEE),
                t(r::COL_DOCUMENTS)
            )
        );
    }
    for a in &queue {
        for line in queue_lines(ctx.lang, a) {
            println!("{line}");
        }
    }
    eprintln!("{}", ctx.lang.pair(r::queue_count(queue.len())));
    Ok(0)
}

/// An application in the queue: a line of columns under the header, then who and where, what the
/// family owes and where it stands, then the late reason; each at most 80 columns.
fn queue_lines(l: Lang, a: &QueuedApplication) -> Vec<String> {
    let sent = a.submitted_at.map_or_else(
        || l.t(r::NOT_SENT).to_string(),
        |t| t.format("%d/%m/%Y").to_string(),
    );
    let isee = a
        .isee_cents
        .map_or_else(|| l.t(r::NO_ISEE).to_string(), format_eur);
    let first = row(
        &a.id.to_string(),
        &sent,
        &a.service,
        &a.school_year,
        &a.child_cf,
        &isee,
        &a.documents.len().to_string(),
    );
    let mut details = vec![l.t(r::state(a.state)).to_string(), a.child_name.clone()];
    match (&a.school, &a.class) {
        (Some(s), Some(c)) => details.push(format!("{s} {c}")),
        (Some(s), None) => details.push(s.clone()),
        _ => {}
    }
    details.push(format!(
        "{} {}",
        l.t(r::FAMILY_DEBT),
        format_eur(a.family_debt_cents)
    ));
    if let Some(p) = a.waitlist_position {
        details.push(l.pair(r::waitlist_position(p)));
    }
    let mut lines = vec![first];
    lines.extend(packed(&details));
    if let Some(reason) = a.late_reason.as_deref().filter(|s| !s.trim().is_empty()) {
        lines.extend(indented(&format!("{} {reason}", l.t(r::LATE_REASON))));
    }
    lines
}

/// The columns of the queue's first line, header and rows alike: 78 columns.
fn row(
    number: &str,
    sent: &str,
    service: &str,
    year: &str,
    child_cf: &str,
    isee: &str,
    documents: &str,
) -> String {
    format!(
        "{:>5}  {:<10}  {:<10}  {:<9}  {:<16}  {:>12}  {:>4}",
        clip(number, 5),
        clip(sent, 10),
        clip(service, 10),
        clip(year, 9),
        clip(child_cf, 16),
        clip(isee, 12),
        clip(documents, 4)
    )
    .trim_end()
    .to_string()
}

/// Parts joined with " · " under the service column, a line broken between parts (within one only
/// when it is longer than a line).
fn packed(parts: &[String]) -> Vec<String> {
    const SEP: &str = " · ";
    let width = WIDTH - INDENT;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for part in parts {
        let len = line.chars().count();
        if len > 0 && len + SEP.chars().count() + part.chars().count() <= width {
            line.push_str(SEP);
            line.push_str(part);
            continue;
        }
        if len > 0 {
            lines.push(std::mem::take(&mut line));
        }
        let mut wrapped = wrap_words(part, width);
        line = wrapped.pop().unwrap_or_default();
        lines.extend(wrapped);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    let pad = " ".repeat(INDENT);
    lines.into_iter().map(|l| format!("{pad}{l}")).collect()
}

/// Text wrapped under the service column.
fn indented(text: &str) -> Vec<String> {
    let pad = " ".repeat(INDENT);
    wrap_words(text, WIDTH - INDENT)
        .into_iter()
        .map(|l| format!("{pad}{l}"))
        .collect()
}

/// At most `n` characters (a code typed into a draft can be anything).
fn clip(text: &str, n: usize) -> String {
    text.chars().take(n).collect()
}

pub fn run(ctx: &Ctx, cmd: ApplicationCommand) -> Result<i32, String> {
    let l = ctx.lang;
    match cmd {
        ApplicationCommand::Accept { id, json } => {
            let app = backend_call(ctx, ctx.backend()?.accept_application(id))?;
            if json {
                return print_json(&app);
            }
            print_outcome(l, &app);
        }
        ApplicationCommand::Refuse { id, reason } => {
            backend_call(ctx, ctx.backend()?.refuse_application(id, &reason))?;
            println!("{}", l.pair(r::refused(id)));
        }
        ApplicationCommand::Discard { id } => {
            backend_call(ctx, ctx.backend()?.discard_application(id))?;
            println!("{}", l.pair(r::discarded(id)));
        }
        // A document like the others: where it goes is checked before the store is opened.
        ApplicationCommand::Letter(args) => return super::paper::application_letter(ctx, args),
    }
    Ok(0)
}

/// What accepting did: the enrolment, or the place in the waiting list.
fn print_outcome(l: Lang, app: &Application) {
    let decision = app.decision.as_ref();
    match (app.state, decision.and_then(|d| d.enrolment.as_ref())) {
        (ApplicationState::Accepted, Some(e)) => {
            println!("{}", l.pair(r::accepted(app.id)));
            print_enrolment(l, e);
        }
        (ApplicationState::Waitlisted, _) => {
            let position = decision.and_then(|d| d.waitlist_position).unwrap_or(0);
            println!("{}", l.pair(r::waitlisted(app.id, position)));
        }
        (state, _) => println!("{}", l.pair(r::now_in_state(app.id, l.t(r::state(state))))),
    }
}

fn print_enrolment(l: Lang, e: &Enrolment) {
    let band = match e.band_isee_max_cents {
        Some(max) => l.pair(r::band_up_to(&format_eur(max))),
        None => l.t(r::TOP_BAND).to_string(),
    };
    let payment = if e.prepaid { r::PREPAID } else { r::POSTPAID };
    let rows = [
        (r::CHILD, format!("{} ({})", e.child_name, e.child_cf)),
        (r::PAN, e.pan.clone()),
        (r::SERVICE, format!("{} {}", e.service_name, e.school_year)),
        (r::PRICE, e.tariff(l)),
        (r::BAND, band),
        (r::SIBLING_RANK, l.pair(r::sibling_rank(e.sibling_rank))),
        (r::PAYMENT, l.t(payment).to_string()),
    ];
    for (label, value) in rows {
        println!("  {:<12} {value}", l.t(label));
    }
}
