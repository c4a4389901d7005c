//! This month's attendance of one child in one service (meals, days on the bus, days at the nursery),
//! in a calendar a parent reads at a glance.

use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Cmd, Kiosk, Request, Screen, request};
use crate::backend::{AttendanceMonth, DayStatus};
use crate::i18n::service_words::day_words;
use crate::i18n::{Lang, Localized, kiosk as k};

#[derive(Debug)]
pub struct Meals {
    child: usize,
    service: usize,
    pub month: Option<AttendanceMonth>,
}

impl Meals {
    pub fn new(child: usize, service: usize) -> Meals {
        Meals {
            child,
            service,
            month: None,
        }
    }

    /// The month's days of a child's service, shown when they arrive.
    pub fn month(cf: String, service: String, year: i32, month: u32) -> Request {
        request(
            "attendance",
            move |b| b.attendance(&cf, &service, year, month),
            |kiosk, result| {
                kiosk.during_visit(result, |kiosk, result| {
                    if let Screen::Meals(m) = &mut kiosk.screen {
                        match result {
                            Ok(month) => m.month = Some(month),
                            Err(e) => kiosk.error(e.localized(kiosk.lang)),
                        }
                    }
                    Vec::<Cmd>::new()
                })
            },
        )
    }

    pub fn view(&self, f: &mut Frame, area: Rect, kiosk: &Kiosk) {
        let Some(heading) = kiosk.heading(k::MEALS_TITLE, self.child, self.service) else {
            return;
        };
        let (lang, th) = (kiosk.lang, &kiosk.settings.theme);
        let mut lines = vec![heading, Line::default()];
        if let Some(m) = &self.month {
            let words = day_words(&m.service);
            lines.push(Line::from(format!(
                "{} {}   ({:02}/{})",
                lang.t(words.month_count),
                m.meals,
                m.month,
                m.year
            )));
            lines.push(Line::default());
            if m.days.is_empty() {
                lines.push(Line::from(lang.t(k::MEALS_NONE)));
            }
            // Four days a row: "lun 03 ✓ pasto" (or the service's word).
            for row in m.days.chunks(4) {
                let spans: Vec<Span> = row
                    .iter()
                    .map(|d| {
                        let (mark, style) = match d.status {
                            DayStatus::Present => ("✓", th.ok),
                            // A booked day has no row: never among a month's days.
                            DayStatus::Absent | DayStatus::Booked => ("·", th.dim),
                            DayStatus::Cancelled => ("×", th.dim),
                        };
                        Span::styled(
                            format!(
                                "{} {:02} {mark} {:<8}  ",
                                weekday(lang, d.day.weekday()),
                                d.day.day(),
                                match d.status {
                                    DayStatus::Present => lang.t(words.present_short),
                                    DayStatus::Absent | DayStatus::Booked => lang.t(k::ABSENT),
                                    DayStatus::Cancelled => lang.t(k::CANCELLED),
                                }
                            ),
                            style,
                        )
                    })
                    .collect();
                lines.push(Line::from(spans));
            }
        }
        f.render_widget(
            Paragraph::new(lines),
            Rect {
                x: area.x + 1,
                y: area.y + 1,
                width: area.width.saturating_sub(2),
                height: area.height.saturating_sub(1),
            },
        );
    }
}

fn weekday(lang: Lang, d: chrono::Weekday) -> &'static str {
    use chrono::Weekday::*;
    match d {
        Mon => lang.t(k::MON),
        Tue => lang.t(k::TUE),
        Wed => lang.t(k::WED),
        Thu => lang.t(k::THU),
        Fri => lang.t(k::FRI),
        Sat => lang.t(k::SAT),
        Sun => lang.t(k::SUN),
    }
}
