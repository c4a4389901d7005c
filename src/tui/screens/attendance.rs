//! Attendance: a month calendar per child and service (Monday first), totals for the month, and for the
//! chosen day who recorded or changed it and when. The desk cancels a day to come (or today before
//! the cut-off) for a parent who phones; a supervisor corrects a day charged though cancelled. The
//! days are worded by service: meals at the canteen, days on the bus, days at the nursery.

use chrono::{Datelike, Days, Months, NaiveDate};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Screen;
use crate::backend::{AttendanceDay, AttendanceMonth, BResult, ChildCard, DayStatus};
use crate::domain::money::format_eur;
use crate::i18n::service_words::{self as words, day_words};
use crate::i18n::{Lang, Localized, tui as t};
use crate::tui::app::{Action, App, Env};
use crate::tui::job::{self, Request};
use crate::tui::widgets::field::{Field, title};

#[derive(Debug)]
pub struct Attendance {
    pub child_cf: String,
    pub child_name: String,
    pub services: Vec<(String, String)>,
    pub service: usize,
    /// The chosen day; its month is the one shown.
    pub day: NaiveDate,
    pub month: Option<AttendanceMonth>,
    pub reason: Option<Field>,
}

impl Attendance {
    pub fn new(child: &ChildCard, today: NaiveDate) -> Self {
        Attendance {
            child_cf: child.cf.to_string(),
            child_name: child.full_name(),
            services: child
                .services
                .iter()
                .map(|s| (s.service.clone(), s.service_name.clone()))
                .collect(),
            service: 0,
            day: today,
            month: None,
            reason: None,
        }
    }

    /// The request for the month on screen (sent on opening and on every change of month or service).
    pub fn request(&self) -> Option<Request> {
        let (service, _) = self.services.get(self.service)?;
        let (cf, service) = (self.child_cf.clone(), service.clone());
        let (year, month) = (self.day.year(), self.day.month());
        Some(job::read(
            "attendance",
            move |b| b.attendance(&cf, &service, year, month),
            on_month,
        ))
    }

    fn move_to(&mut self, day: NaiveDate) -> Vec<Action> {
        let month_changed = (day.year(), day.month()) != (self.day.year(), self.day.month());
        self.day = day;
        if month_changed {
            self.month = None;
            return self.request().map(Action::Request).into_iter().collect();
        }
        Vec::new()
    }

    /// The code of the service shown ("" before the child has any).
    fn service_code(&self) -> &str {
        self.services.get(self.service).map_or("", |s| s.0.as_str())
    }

    fn selected(&self) -> Option<&AttendanceDay> {
        self.month.as_ref()?.days.iter().find(|d| d.day == self.day)
    }

    /// The chosen day is a cancellation to come (or today's) that was not charged: one the store may
    /// undo (before today's cut-off; that is the store's to say).
    fn cancelled_selected(&self, today: NaiveDate) -> bool {
        self.day >= today
            && self
                .selected()
                .is_some_and(|d| d.status == DayStatus::Cancelled && d.charged_cents == 0)
    }

    pub fn key(&mut self, key: KeyEvent, env: &Env) -> Vec<Action> {
        if let Some(field) = &mut self.reason {
            match key.code {
                KeyCode::Esc => self.reason = None,
                KeyCode::Enter => {
                    let Some((service, _)) = self.services.get(self.service) else {
                        return Vec::new();
                    };
                    let reason = field.value().trim().to_string();
                    return vec![Action::Request(job::change(
                        "correct_attendance",
                        (self.child_cf.clone(), service.clone(), self.day, reason),
                        |b, (cf, service, day, reason)| {
                            b.correct_attendance(&cf, &service, day, &reason)
                        },
                        on_corrected,
                    ))];
                }
                _ => {
                    field.key(key);
                }
            }
            return Vec::new();
        }
        let d = self.day;
        match key.code {
            KeyCode::Esc => vec![Action::Back],
            KeyCode::Left => self.move_to(d - Days::new(1)),
            KeyCode::Right => self.move_to(d + Days::new(1)),
            KeyCode::Up => self.move_to(d - Days::new(7)),
            KeyCode::Down => self.move_to(d + Days::new(7)),
            KeyCode::PageUp => self.move_to(d.checked_sub_months(Months::new(1)).unwrap_or(d)),
            KeyCode::PageDown => self.move_to(d.checked_add_months(Months::new(1)).unwrap_or(d)),
            _ if env.keys.next_service.matches(&key) && !self.services.is_empty() => {
                self.service = (self.service + 1) % self.services.len();
                self.month = None;
                self.request().map(Action::Request).into_iter().collect()
            }
            // Whether the day can still be cancelled is the store's to say (cut-off, holidays).
            _ if env.keys.cancel_meal.matches(&key) && !self.services.is_empty() => {
                vec![Action::Request(job::change(
                    "cancel_meal",
                    (
                        self.child_cf.clone(),
                        self.services[self.service].0.clone(),
                        self.day,
                    ),
                    // The service comes back with the answer: the message words that service's day
                    // even if another one is on screen by then.
                    |b, (cf, service, day)| b.cancel_meal(&cf, &service, day).map(|d| (service, d)),
                    on_cancelled,
                ))]
            }
            _ if env.keys.undo_cancel.matches(&key)
                && self.cancelled_selected(env.clock.today()) =>
            {
                vec![Action::Request(job::change(
                    "undo_meal_cancellation",
                    (
                        self.child_cf.clone(),
                        self.service_code().to_string(),
                        self.day,
                    ),
                    |b, (cf, service, day)| b.undo_meal_cancellation(&cf, &service, day),
                    on_undone,
                ))]
            }
            _ if env.keys.correct_day.matches(&key)
                && env.supervisor()
                && self.selected().is_some_and(|d| d.charged_cents > 0) =>
            {
                self.reason = Some(Field::new(""));
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    pub fn footer(&self, env: &Env) -> String {
        if self.reason.is_some() {
            return env.lang.t(t::K_REASON).to_string();
        }
        // On a cancelled day the undo key takes the cancel key's place (the footer is full).
        if self.cancelled_selected(env.clock.today()) {
            return env
                .lang
                .t(crate::i18n::history::K_ATTENDANCE_UNDO)
                .to_string();
        }
        let mut s = env.lang.t(t::K_ATTENDANCE).to_string();
        if env.supervisor() {
            s.push_str(env.lang.t(t::K_ATTENDANCE_FIX));
        }
        s
    }

    pub fn view(&self, f: &mut Frame, area: Rect, app: &App) {
        let lang = app.lang();
        let th = &app.theme;
        let service_name = self
            .services
            .get(self.service)
            .map(|s| s.1.as_str())
            .unwrap_or("-");
        let month_name = lang.t(t::MONTHS[self.day.month0() as usize]);
        f.render_widget(
            Paragraph::new(title(&format!(
                "{} · {} · {}",
                lang.t(t::ATTENDANCE_TITLE),
                self.child_name,
                service_name
            ))),
            Rect {
                x: area.x + 1,
                height: 1,
                width: area.width.saturating_sub(2),
                ..area
            },
        );
        let mut lines = vec![
            Line::from(Span::styled(
                format!("{month_name} {}", self.day.year()),
                th.label,
            )),
            Line::from(
                t::WEEKDAYS
                    .iter()
                    .map(|w| format!("{:<4}", lang.t(*w)))
                    .collect::<String>(),
            ),
        ];
        let first = self.day.with_day(1).expect("day 1 exists");
        let offset = first.weekday().num_days_from_monday() as usize;
        let mut cells: Vec<Span> = vec![Span::raw("    ".repeat(offset))];
        let mut day = first;
        while day.month() == first.month() {
            let (mark, style) = self.mark(day, lang, app);
            let style = if day == self.day { th.selected } else { style };
            cells.push(Span::styled(format!("{:>2}{mark}", day.day()), style));
            cells.push(Span::raw(" "));
            if day.weekday().num_days_from_monday() == 6 {
                lines.push(Line::from(std::mem::take(&mut cells)));
            }
            day = day + Days::new(1);
        }
        if !cells.is_empty() {
            lines.push(Line::from(cells));
        }
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            words::legend(lang, self.service_code()),
            th.dim,
        )));
        if let Some(m) = &self.month {
            lines.push(Line::from(format!(
                "{}: {} · {} {}",
                lang.t(day_words(&m.service).count),
                m.meals,
                format_eur(m.charged_cents),
                lang.t(t::CHARGED)
            )));
        }
        let [_, body] = crate::tui::widgets::list::rows(area, [2, 0]);
        f.render_widget(Paragraph::new(lines), body.inner(Margin::new(1, 0)));
        let detail = self.detail(lang);
        let right = Rect {
            x: body.x + 34,
            width: body.width.saturating_sub(35),
            height: 9.min(body.height),
            ..body
        };
        f.render_widget(
            Paragraph::new(detail).wrap(ratatui::widgets::Wrap { trim: true }),
            right,
        );
        if let Some(field) = &self.reason {
            let mut shown = field.clone();
            shown.label = lang.t(t::CORRECTION_REASON);
            let y = area.bottom().saturating_sub(2);
            shown.draw(
                f,
                Rect::new(area.x + 1, y, area.width.saturating_sub(2), 2),
                true,
                8,
                th,
            );
        }
    }

    fn mark(&self, day: NaiveDate, lang: Lang, app: &App) -> (&'static str, Style) {
        let th = &app.theme;
        let Some(m) = &self.month else {
            return (" ", Style::default());
        };
        if m.holidays.contains(&day) {
            return (lang.t(t::MARKS[3]), th.dim);
        }
        match m.days.iter().find(|d| d.day == day).map(|d| d.status) {
            Some(DayStatus::Present) => (lang.t(t::MARKS[0]), th.ok),
            Some(DayStatus::Absent) => (lang.t(t::MARKS[1]), th.dim),
            Some(DayStatus::Cancelled) => (lang.t(t::MARKS[2]), th.warning),
            // Booked as usual: no mark (a booked day has no row of its own).
            Some(DayStatus::Booked) | None => (" ", Style::default()),
        }
    }

    fn detail(&self, lang: Lang) -> Vec<Line<'static>> {
        let mut lines = vec![Line::from(self.day.format("%d/%m/%Y").to_string())];
        let holiday = self
            .month
            .as_ref()
            .is_some_and(|m| m.holidays.contains(&self.day));
        match self.selected() {
            Some(d) => {
                let w = day_words(self.service_code());
                let status = match d.status {
                    DayStatus::Present => w.present,
                    DayStatus::Absent => t::ABSENT,
                    DayStatus::Cancelled => w.cancelled,
                    DayStatus::Booked => t::NO_RECORD,
                };
                lines.push(Line::from(format!(
                    "{} · {}",
                    lang.t(status),
                    format_eur(d.charged_cents)
                )));
                lines.push(Line::from(format!(
                    "{} {} {}",
                    lang.t(t::RECORDED_BY),
                    d.recorded_by,
                    d.recorded_at.format("%d/%m %H:%M")
                )));
                // A change made when the day was first written (a meal cancelled at the desk) is
                // the record itself.
                for c in d
                    .changes
                    .iter()
                    .filter(|c| (&c.by, c.at) != (&d.recorded_by, d.recorded_at))
                {
                    let reason = c.reason.as_deref().map(|r| format!(": {r}"));
                    lines.push(Line::from(format!(
                        "{} {} {}{}",
                        lang.t(t::CHANGED_BY),
                        c.by,
                        c.at.format("%d/%m %H:%M"),
                        reason.unwrap_or_default()
                    )));
                }
            }
            None if holiday => lines.push(Line::from(lang.t(t::HOLIDAY))),
            None => lines.push(Line::from(lang.t(t::NO_RECORD))),
        }
        lines
    }
}

fn on_month(screen: &mut Screen, r: BResult<AttendanceMonth>, lang: Lang) -> Vec<Action> {
    match (r, screen) {
        (Ok(m), Screen::Attendance(a)) => {
            if a.day.year() == m.year && a.day.month() == m.month {
                a.month = Some(m);
            }
            Vec::new()
        }
        (Ok(_), _) => Vec::new(),
        (Err(e), _) => vec![Action::Error(e.localized(lang))],
    }
}

/// A day cancelled: said in the service's words, and the month read again.
fn on_cancelled(
    screen: &mut Screen,
    r: BResult<(String, AttendanceDay)>,
    lang: Lang,
) -> Vec<Action> {
    match (r, screen) {
        (Ok((service, day)), Screen::Attendance(a)) => {
            let text = words::cancelled_on(lang, &service, day.day);
            let mut actions = vec![Action::Info(text)];
            actions.extend(a.request().map(Action::Request));
            actions
        }
        (Ok(_), _) => Vec::new(),
        (Err(e), _) => vec![Action::Error(e.localized(lang))],
    }
}

fn on_corrected(screen: &mut Screen, r: BResult<AttendanceDay>, lang: Lang) -> Vec<Action> {
    match (r, screen) {
        (Ok(_), Screen::Attendance(a)) => {
            a.reason = None;
            let mut actions = vec![Action::Info(lang.t(t::CORRECTED).to_string())];
            actions.extend(a.request().map(Action::Request));
            actions
        }
        (Err(e), Screen::Attendance(a)) if e.field.as_deref() == Some("reason") => {
            if let Some(field) = &mut a.reason {
                field.error = Some(e.localized(lang));
            }
            Vec::new()
        }
        (Ok(_), _) => Vec::new(),
        (Err(e), _) => vec![Action::Error(e.localized(lang))],
    }
}

/// A cancellation undone: said, and the month read again.
fn on_undone(screen: &mut Screen, r: BResult<AttendanceDay>, lang: Lang) -> Vec<Action> {
    match (r, screen) {
        (Ok(day), Screen::Attendance(a)) => {
            let mut actions = vec![Action::Info(crate::i18n::history::undone(lang, day.day))];
            actions.extend(a.request().map(Action::Request));
            actions
        }
        (Ok(day), _) => vec![Action::Info(crate::i18n::history::undone(lang, day.day))],
        (Err(e), _) => vec![Action::Error(e.localized(lang))],
    }
}
