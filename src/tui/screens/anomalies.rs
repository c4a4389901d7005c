//! pagoPA payments to check (supervisor): receipts the Node delivered that the station kept without
//! crediting (a different amount, a cancelled or unknown notice, a second payment, a failed outcome).
//! Enter on an open one settles it: credit its amount to one of the notice's children, or mark it
//! for refund, with a reason. Reached from the search screen.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Margin, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::Screen;
use crate::backend::{AnomalyResolution, BResult, PaymentAnomaly, ReceiptAnomaly};
use crate::domain::money::format_eur;
use crate::i18n::{Lang, Localized, payments, tui as t};
use crate::text::wrap_words;
use crate::tui::app::{Action, App, Env};
use crate::tui::job::{self, Request};
use crate::tui::widgets::field::{Field, title};
use crate::tui::widgets::list;

#[derive(Debug, Default)]
pub struct Anomalies {
    /// `None` until the first answer.
    pub list: Option<Vec<PaymentAnomaly>>,
    pub selected: usize,
    /// Settling the selected anomaly.
    pub settling: Option<Settling>,
}

/// Where the money goes (one of the notice's children and services, or back to the payer: the last
/// choice), and why.
#[derive(Debug)]
pub struct Settling {
    pub choice: usize,
    pub reason: Field,
}

impl Anomalies {
    /// The screen, and the request that fills it.
    pub fn open() -> Vec<Action> {
        vec![
            Action::Push(Screen::Anomalies(Anomalies::default())),
            Action::Request(list()),
        ]
    }

    fn current(&self) -> Option<&PaymentAnomaly> {
        self.list.as_ref().and_then(|l| l.get(self.selected))
    }

    /// The choices for the selected anomaly: its notice's children (none for a failed payment,
    /// which moved no money), then the refund.
    fn choices(&self) -> usize {
        self.current().map_or(0, |a| credit_targets(a) + 1)
    }

    pub fn key(&mut self, key: KeyEvent, env: &Env) -> Vec<Action> {
        let choices = self.choices();
        if let Some(settling) = &mut self.settling {
            match key.code {
                KeyCode::Esc => self.settling = None,
                code if list::select(&mut settling.choice, choices, code) => {}
                KeyCode::Enter => return self.settle(),
                _ => {
                    settling.reason.key(key);
                }
            }
            return Vec::new();
        }
        let len = self.list.as_ref().map_or(0, Vec::len);
        match key.code {
            KeyCode::Esc => vec![Action::Back],
            code if list::select(&mut self.selected, len, code) => Vec::new(),
            KeyCode::Enter if self.current().is_some_and(|a| a.resolution.is_none()) => {
                self.settling = Some(Settling {
                    choice: 0,
                    reason: Field::new(""),
                });
                Vec::new()
            }
            _ if env.keys.refresh.matches(&key) => vec![Action::Request(list())],
            _ => Vec::new(),
        }
    }

    fn settle(&mut self) -> Vec<Action> {
        let (Some(a), Some(settling)) = (self.current(), &self.settling) else {
            return Vec::new();
        };
        let reason = settling.reason.value().trim().to_string();
        let resolution = match a.allocations.get(settling.choice) {
            Some(target) if credit_targets(a) > settling.choice => AnomalyResolution::Credit {
                child_cf: target.child_cf.clone(),
                service: target.service.clone(),
                reason,
            },
            _ => AnomalyResolution::Refund { reason },
        };
        vec![Action::Request(job::change(
            "resolve_payment_anomaly",
            (a.id, resolution),
            |b, (id, resolution)| b.resolve_payment_anomaly(id, &resolution),
            on_settled,
        ))]
    }

    pub fn view(&self, f: &mut Frame, area: Rect, app: &App) {
        let lang = app.lang();
        let width = area.width.saturating_sub(4) as usize;
        let mut lines = vec![title(lang.t(t::ANOMALIES_TITLE))];
        lines.extend(
            wrap_words(lang.t(t::ANOMALIES_HELP), width)
                .into_iter()
                .map(Line::from),
        );
        lines.push(Line::default());
        match &self.list {
            None => lines.push(Line::from(lang.t(t::WORKING))),
            Some(list) if list.is_empty() => lines.push(Line::from(lang.t(t::ANOMALIES_NONE))),
            Some(list) => {
                // The selected row and its neighbours: at 80x24 about eight rows fit above the detail.
                let first = self.selected.saturating_sub(7);
                for (i, a) in list.iter().enumerate().skip(first).take(8) {
                    let state = match &a.resolution {
                        None => lang.t(t::ANOMALY_OPEN).to_string(),
                        Some(r) => lang.t(payments::settled(&r.outcome)).to_string(),
                    };
                    let payer = a.payer.as_ref().map_or("-", |p| p.full_name.as_str());
                    let line = format!(
                        "{} {:>10} {:<19} {:<17} {state}",
                        a.received_at.format("%d/%m %H:%M"),
                        format_eur(a.amount_cents),
                        truncate(lang.t(payments::anomaly(a.kind)), 19),
                        truncate(payer, 17),
                    );
                    let style = if i == self.selected {
                        app.theme.focus
                    } else {
                        ratatui::style::Style::default()
                    };
                    lines.push(Line::styled(truncate(&line, width), style));
                }
            }
        }
        if let Some(a) = self.current() {
            lines.push(Line::default());
            lines.push(Line::from(truncate(
                &format!(
                    "{} {} · PSP {}",
                    lang.t(t::NOTICE_NUMBER),
                    a.notice_number,
                    a.psp
                ),
                width,
            )));
            lines.push(Line::from(format!(
                "{} {} · {}",
                lang.t(t::ANOMALY_PAID),
                a.paid_at.format("%d/%m/%Y %H:%M"),
                lang.t(payments::anomaly(a.kind))
            )));
            if let Some(r) = &a.resolution {
                lines.push(Line::from(truncate(
                    &format!(
                        "{} {} {}: {}",
                        r.by,
                        r.at.format("%d/%m/%Y %H:%M"),
                        lang.t(payments::settled(&r.outcome)),
                        r.note
                    ),
                    width,
                )));
            }
            if let Some(settling) = &self.settling {
                for (i, target) in a.allocations.iter().take(credit_targets(a)).enumerate() {
                    let text = format!(
                        "{} {} · {}",
                        lang.t(t::ANOMALY_CREDIT_TO),
                        target.child_name,
                        target.service
                    );
                    lines.push(choice_line(&text, i == settling.choice, width, app));
                }
                let refund = credit_targets(a);
                lines.push(choice_line(
                    lang.t(t::ANOMALY_REFUND),
                    settling.choice == refund,
                    width,
                    app,
                ));
            }
        }
        let [_, body, reason] = list::rows(area.inner(Margin::new(2, 0)), [1, 0, 2]);
        f.render_widget(Paragraph::new(lines), body);
        if let Some(settling) = &self.settling {
            let mut shown = settling.reason.clone();
            shown.label = lang.t(t::ANOMALY_REASON);
            shown.draw(f, reason, true, 10, &app.theme);
        }
    }

    pub fn footer(&self, env: &Env) -> String {
        if self.settling.is_some() {
            env.lang.t(t::K_ANOMALY_SETTLE).to_string()
        } else {
            env.lang.t(t::K_ANOMALIES).to_string()
        }
    }
}

/// How many of the notice's children an anomaly's money may go to: none for a failed payment.
fn credit_targets(a: &PaymentAnomaly) -> usize {
    if a.kind == ReceiptAnomaly::OutcomeKo {
        0
    } else {
        a.allocations.len()
    }
}

fn choice_line(text: &str, chosen: bool, width: usize, app: &App) -> Line<'static> {
    let marker = if chosen { "▶ " } else { "  " };
    let style = if chosen {
        app.theme.focus
    } else {
        ratatui::style::Style::default()
    };
    Line::styled(truncate(&format!("{marker}{text}"), width), style)
}

fn truncate(s: &str, n: usize) -> String {
    super::search::truncate(s, n)
}

fn list() -> Request {
    job::read("payment_anomalies", |b| b.payment_anomalies(), on_list)
}

fn on_list(screen: &mut Screen, r: BResult<Vec<PaymentAnomaly>>, lang: Lang) -> Vec<Action> {
    let Screen::Anomalies(s) = screen else {
        return Vec::new();
    };
    list::fill(&mut s.list, &mut s.selected, r, lang)
}

fn on_settled(screen: &mut Screen, r: BResult<PaymentAnomaly>, lang: Lang) -> Vec<Action> {
    let Screen::Anomalies(s) = screen else {
        return Vec::new();
    };
    match r {
        Ok(settled) => {
            s.settling = None;
            if let Some(row) = s.list.iter_mut().flatten().find(|a| a.id == settled.id) {
                *row = settled;
            }
            vec![
                Action::Info(lang.t(t::ANOMALY_SETTLED).to_string()),
                Action::Request(list()),
            ]
        }
        Err(e) => {
            if let (Some(settling), Some("reason")) = (&mut s.settling, e.field.as_deref()) {
                settling.reason.error = Some(e.localized(lang));
                return Vec::new();
            }
            vec![Action::Error(e.localized(lang))]
        }
    }
}
