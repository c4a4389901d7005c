//! Search as you type: codice fiscale, PAN, notice number or surname prefix.
//! Every request carries a sequence number; an answer to an older query is dropped.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::family::Family;
use crate::backend::{BResult, HitKind, SearchHit};
use crate::i18n::{Lang, Localized, tui as t};
use crate::tui::app::{Action, App, Env};
use crate::tui::job;
use crate::tui::screens::Screen;
use crate::tui::screens::register::Register;
use crate::tui::widgets::field::{Field, title};
use crate::tui::widgets::list;

#[derive(Debug, Default)]
pub struct Search {
    pub query: Field,
    pub hits: Vec<SearchHit>,
    pub selected: usize,
    pub seq: u64,
    pub message: Option<String>,
    /// The store had more hits than the list holds.
    pub more: bool,
}

/// Hits listed; one more is asked for, to know whether to say there are more.
const SHOWN: usize = 50;

impl Search {
    pub fn key(&mut self, key: KeyEvent, env: &Env) -> Vec<Action> {
        match key.code {
            code if list::select(&mut self.selected, self.hits.len(), code) => Vec::new(),
            _ if env.supervisor() && env.keys.kiosks.matches(&key) => super::kiosks::Kiosks::open(),
            _ if env.supervisor() && env.keys.payments_check.matches(&key) => {
                super::anomalies::Anomalies::open()
            }
            _ if env.supervisor() && env.keys.reconciliation.matches(&key) => {
                super::reconciliation::Reconciliation::open()
            }
            _ if env.supervisor() && env.keys.applications.matches(&key) => {
                super::review::Review::open()
            }
            _ if env.keys.new_parent.matches(&key) => vec![Action::Push(Screen::Register(
                Register::new(self.query.value()),
            ))],
            _ if env.keys.staff_accounts.matches(&key) => super::staff::open(env),
            KeyCode::Enter => match self.hits.get(self.selected) {
                Some(hit) if hit.kind == HitKind::Notice => {
                    vec![Action::Request(super::payment::open(hit.key.clone()))]
                }
                Some(hit) => vec![Action::Request(super::family::load(
                    hit.family_cf.to_string(),
                ))],
                None => Vec::new(),
            },
            KeyCode::Esc => {
                self.query = Field::default();
                self.hits.clear();
                self.message = None;
                Vec::new()
            }
            _ => {
                if !self.query.key(key) {
                    return Vec::new();
                }
                self.seq += 1;
                let query = self.query.value().trim().to_string();
                if query.chars().count() < 2 {
                    self.hits.clear();
                    self.message = None;
                    return Vec::new();
                }
                let seq = self.seq;
                vec![Action::Request(job::read(
                    "search",
                    move |b| b.search(&query, SHOWN + 1),
                    move |screen, result, lang| {
                        if let Screen::Search(s) = screen {
                            s.results(seq, result, lang);
                        }
                        Vec::new()
                    },
                ))]
            }
        }
    }

    /// An answer to a search; stale ones (older `seq`) are ignored.
    pub fn results(&mut self, seq: u64, result: BResult<Vec<SearchHit>>, lang: Lang) {
        if seq != self.seq {
            return;
        }
        match result {
            Ok(mut hits) => {
                self.message = hits.is_empty().then(|| lang.t(t::NO_RESULTS).to_string());
                self.more = hits.len() > SHOWN;
                hits.truncate(SHOWN);
                self.hits = hits;
                self.selected = 0;
            }
            Err(e) => {
                self.hits.clear();
                self.message = Some(e.localized(lang));
            }
        }
    }

    pub fn view(&self, f: &mut Frame, area: Rect, app: &App) {
        let lang = app.lang();
        let [heading, hint, query, _, list_area] =
            list::rows(area.inner(Margin::new(1, 0)), [1, 1, 1, 1, 0]);
        f.render_widget(Paragraph::new(title(lang.t(t::SEARCH_TITLE))), heading);
        f.render_widget(
            Paragraph::new(lang.t(t::SEARCH_HINT)).style(app.theme.dim),
            hint,
        );
        let mut q = self.query.clone();
        q.label = "›";
        q.draw(f, query, true, 1, &app.theme);
        if let Some(m) = &self.message {
            f.render_widget(Paragraph::new(m.as_str()), list_area);
            return;
        }
        if self.hits.is_empty() && app.env.supervisor() {
            // The footer is full: the supervisor's way to the staff accounts is said here.
            let hint = app.env.keys.fill(lang.t(crate::i18n::staff::SEARCH_HINT));
            f.render_widget(Paragraph::new(hint).style(app.theme.dim), list_area);
            return;
        }
        let mut list_area = list_area;
        if self.more && list_area.height > 1 {
            let note = Rect {
                y: list_area.bottom() - 1,
                height: 1,
                ..list_area
            };
            list_area.height -= 1;
            f.render_widget(
                Paragraph::new(truncate(lang.t(t::MORE_RESULTS), note.width as usize))
                    .style(app.theme.dim),
                note,
            );
        }
        let w = list_area.width;
        let rows = list_area.height as usize;
        let start = self.selected.saturating_sub(rows.saturating_sub(1));
        let lines: Vec<Line> = self
            .hits
            .iter()
            .enumerate()
            .skip(start)
            .take(rows)
            .map(|(i, h)| {
                let kind = match h.kind {
                    HitKind::Parent => t::KIND_PARENT,
                    HitKind::Child => t::KIND_CHILD,
                    HitKind::Notice => t::KIND_NOTICE,
                };
                let text = format!(
                    "{:<9} {:<17} {:<28} {}",
                    lang.t(kind),
                    h.key,
                    truncate(&h.label, 28),
                    h.shown_detail(lang)
                );
                let style = if i == self.selected {
                    app.theme.selected
                } else {
                    Default::default()
                };
                Line::from(Span::styled(truncate(&text, w as usize), style))
            })
            .collect();
        f.render_widget(Paragraph::new(lines), list_area);
    }
}

pub fn truncate(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        s.chars()
            .take(width.saturating_sub(1))
            .chain(['…'])
            .collect()
    }
}

pub fn footer(env: &Env) -> String {
    let keys = if env.supervisor() {
        crate::i18n::review_desk::K_SEARCH_SUPERVISOR
    } else {
        t::K_SEARCH
    };
    env.lang.t(keys).to_string()
}

/// Opening a family from search pushes its card.
pub fn open_family(card: crate::backend::FamilyCard) -> Action {
    Action::Push(Screen::Family(Family::new(card)))
}
