//! How the review queue looks: one row per application under its window's heading, and a panel for
//! the selected one (or the decision just taken, with the PAN large enough to copy into the letter).
//! Every row fits 78 columns, so nothing is cut at 80x24.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::review::{Mode, Review, VIEWS};
use super::search::truncate;
use crate::backend::{Application, Decision, QueuedApplication};
use crate::domain::money::format_amount;
use crate::i18n::review_desk as rd;
use crate::i18n::{Lang, tui as t};
use crate::tui::app::App;
use crate::tui::theme::Theme;
use crate::tui::widgets::field::title;
use crate::tui::widgets::list;

/// The panel under the list.
const PANEL_ROWS: u16 = 8;

pub fn draw(s: &Review, f: &mut Frame, area: Rect, app: &App) {
    let lang = app.lang();
    let th = &app.theme;
    let area = area.inner(Margin::new(1, 0));
    let [heading, view, columns, body, _, panel] = list::rows(area, [1, 1, 1, 0, 1, PANEL_ROWS]);
    f.render_widget(Paragraph::new(title(lang.t(rd::SCREEN_TITLE))), heading);
    let shown = s.list.as_ref().map_or(0, Vec::len);
    f.render_widget(
        Paragraph::new(format!(
            "{}: {} ({shown}) · Tab",
            lang.t(rd::VIEW),
            rd::view_name(lang, VIEWS[s.view])
        ))
        .style(th.dim),
        view,
    );
    let Some(rows) = &s.list else {
        f.render_widget(Paragraph::new(lang.t(t::WORKING)), body);
        return draw_panel(s, None, f, panel, app);
    };
    if rows.is_empty() {
        f.render_widget(Paragraph::new(lang.t(rd::NONE_LISTED)), body);
    } else {
        f.render_widget(
            Paragraph::new(row(&rd::COLUMNS.map(|c| lang.t(c)))).style(th.label),
            columns,
        );
        list_lines(s, rows, f, body, app);
    }
    draw_panel(s, s.chosen(), f, panel, app);
}

/// An application's columns, the headings' too: number, sent, child, service, school, debt, ISEE,
/// documents, late.
fn row(c: &[&str; 9]) -> String {
    format!(
        "{:>4} {:<5} {:<15} {:<9} {:<12} {:>8} {:>9} {:>3} {:<4}",
        c[0],
        c[1],
        truncate(c[2], 15),
        truncate(c[3], 9),
        truncate(c[4], 12),
        c[5],
        truncate(c[6], 9),
        c[7],
        c[8]
    )
}

fn list_lines(s: &Review, rows: &[QueuedApplication], f: &mut Frame, body: Rect, app: &App) {
    let lang = app.lang();
    // Rendered lines, each with the application it shows (a window's heading has none).
    let mut lines: Vec<(Option<usize>, Line)> = Vec::new();
    for (i, q) in rows.iter().enumerate() {
        if i == 0 || rows[i - 1].window_id != q.window_id {
            let text = format!("{} · {}", q.window, q.school_year);
            lines.push((None, Line::styled(truncate(&text, 78), app.theme.label)));
        }
        let style = if i == s.selected {
            app.theme.selected
        } else {
            Style::default()
        };
        lines.push((Some(i), Line::styled(queue_row(q, lang), style)));
    }
    let at = lines
        .iter()
        .position(|(i, _)| *i == Some(s.selected))
        .unwrap_or(0);
    let height = body.height as usize;
    let start = at.saturating_sub(height.saturating_sub(1));
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(start)
        .take(height)
        .map(|(_, l)| l)
        .collect();
    f.render_widget(Paragraph::new(shown), body);
}

fn queue_row(q: &QueuedApplication, lang: Lang) -> String {
    let sent = q
        .submitted_at
        .map_or("-".into(), |t| t.format("%d/%m").to_string());
    let school = format!(
        "{} {}",
        q.class.as_deref().unwrap_or(""),
        short_school(q.school.as_deref().unwrap_or("-"))
    );
    let debt = match q.family_debt_cents.get() {
        0 => "-".to_string(),
        c => format_amount(c),
    };
    let isee = match (q.isee_cents, q.isee_consent) {
        (None, _) => lang.t(rd::ISEE_NONE).to_string(),
        (Some(_), false) => lang.t(rd::ISEE_NO_CONSENT_SHORT).to_string(),
        (Some(c), true) => format_amount(c),
    };
    let late = if q.late_reason.is_some() { "!" } else { "" };
    // The service's name, its first word in the narrow column ("Refezione", "Trasporto"): never its code.
    let service = q
        .service_name
        .split_whitespace()
        .next()
        .unwrap_or(&q.service);
    row(&[
        &q.id.to_string(),
        &sent,
        &q.child_name,
        service,
        school.trim(),
        &debt,
        &isee,
        &q.documents.len().to_string(),
        late,
    ])
}

/// "Scuola primaria Gianni Rodari" → "Gianni Rodari": in a 12-column cell the school's kind says
/// nothing the class does not.
fn short_school(name: &str) -> &str {
    match name.strip_prefix("Scuola ") {
        Some(rest) => rest.split_once(' ').map_or(rest, |(_, name)| name),
        None => name,
    }
}

fn draw_panel(s: &Review, q: Option<&QueuedApplication>, f: &mut Frame, area: Rect, app: &App) {
    let lang = app.lang();
    let th = &app.theme;
    // The letter's keys are in the footer; the panel keeps showing whose letter it is.
    if let (Some(outcome), Mode::Browse | Mode::Letter(_)) = (&s.outcome, &s.mode) {
        return wrapped(f, area, outcome_lines(outcome, lang, th));
    }
    let Some(q) = q else { return };
    let mut info = details(q, lang, th);
    match &s.mode {
        Mode::Browse | Mode::Letter(_) => wrapped(f, area, info),
        Mode::ConfirmAccept(id) => {
            let [top, ask] = list::rows(area, [2, 0]);
            info.truncate(2);
            wrapped(f, top, info);
            let text = lang.pair(rd::confirm_accept(*id, &q.child_name, &q.service_name));
            wrapped(f, ask, vec![Line::styled(text, th.focus)]);
        }
        Mode::Refuse(_, reason) => {
            let [top, help, field] = list::rows(area, [2, 2, 0]);
            info.truncate(2);
            wrapped(f, top, info);
            wrapped(
                f,
                help,
                vec![Line::styled(lang.t(rd::REFUSE_HELP), th.focus)],
            );
            let mut shown = reason.clone();
            shown.label = lang.t(rd::REASON);
            shown.draw(f, field, true, 7, th);
        }
    }
}

fn wrapped(f: &mut Frame, area: Rect, lines: Vec<Line<'static>>) {
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}

/// The selected application, in full.
fn details(q: &QueuedApplication, lang: Lang, th: &Theme) -> Vec<Line<'static>> {
    let documents = if q.documents.is_empty() {
        lang.t(rd::DOCUMENTS_NONE).to_string()
    } else {
        q.documents
            .iter()
            .map(|d| d.filename.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let isee = match (q.isee_cents, q.isee_consent) {
        (None, _) => lang.t(rd::ISEE_NONE).to_string(),
        (Some(c), false) => format!("{} ({})", format_amount(c), lang.t(rd::ISEE_NO_CONSENT)),
        (Some(c), true) => format!("{} €", format_amount(c)),
    };
    let mut lines = vec![
        Line::from(Span::styled(
            format!(
                "{} {} · {} · {} · {}",
                lang.t(rd::COLUMNS[0]),
                q.id,
                rd::state_name(lang, q.state),
                q.child_name,
                q.child_cf
            ),
            th.label.add_modifier(Modifier::BOLD),
        )),
        Line::from(format!(
            "{} {} ({}) · ISEE {isee}",
            lang.t(rd::PARENT),
            q.parent.full_name,
            q.parent.cf
        )),
        Line::from(format!(
            "{} · {} {}",
            q.service_name,
            q.school.as_deref().unwrap_or("-"),
            q.class.as_deref().unwrap_or("")
        )),
        Line::from(format!("{}: {documents}", lang.t(rd::DOCUMENTS))),
    ];
    if let Some(diet) = &q.diet {
        lines.push(Line::from(format!("{}: {diet}", lang.t(rd::DIET))));
    }
    if let Some(late) = &q.late_reason {
        lines.push(Line::styled(
            format!("{}: {late}", lang.t(rd::LATE)),
            th.warning,
        ));
    }
    if let Some(p) = q.waitlist_position {
        lines.push(Line::from(lang.pair(rd::waitlist_position(p))));
    }
    lines
}

/// The decision just taken: what it enrolled, the waiting-list position, or the refusal.
fn outcome_lines(a: &Application, lang: Lang, th: &Theme) -> Vec<Line<'static>> {
    match &a.decision {
        Some(Decision {
            enrolment: Some(e), ..
        }) => {
            let payment = if e.prepaid { rd::PREPAID } else { rd::POSTPAID };
            vec![
                Line::styled(lang.pair(e.accepted(a.id)), th.ok),
                Line::from(format!(
                    "{} · {}",
                    e.tariff(lang),
                    rd::band(lang, e.band_isee_max_cents)
                )),
                Line::from(format!(
                    "{} · {}",
                    rd::sibling(lang, e.sibling_rank),
                    lang.t(payment)
                )),
                Line::default(),
                Line::from(vec![
                    Span::raw(format!("{}  ", lang.t(rd::PAN_FOR_LETTER))),
                    Span::styled(
                        format!(" {} ", e.pan),
                        th.focus.add_modifier(Modifier::BOLD),
                    ),
                ]),
                Line::default(),
            ]
        }
        Some(Decision {
            waitlist_position: Some(p),
            ..
        }) => vec![Line::styled(
            lang.pair(rd::waitlisted(a.id, *p)),
            th.warning,
        )],
        Some(d) => vec![
            Line::from(lang.pair(rd::refused(a.id))),
            Line::from(format!(
                "{}: {}",
                lang.t(rd::REASON),
                d.reason.as_deref().unwrap_or("-")
            )),
        ],
        None => Vec::new(),
    }
}
