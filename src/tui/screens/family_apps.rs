//! The family card's applications: a compact section under the children (number, service, child,
//! state in words; a refused one's reason, shortened), read right after the card so the card never
//! waits for it. Tab moves the arrows onto it (so does ↓ past the card's children and notices); a selected draft may be discarded, after Enter confirms
//! what will happen. A sent application offers no key that changes it.

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::text::{Line, Span};

use super::Screen;
use crate::backend::{Application, ApplicationState, BResult, Backend};
use crate::i18n::{Lang, Localized, family_review as fr};
use crate::text::wrap_words;
use crate::tui::app::{Action, App, Env};
use crate::tui::job::{self, Request};
use crate::tui::widgets::list;

/// One application as the card lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub id: i64,
    pub state: ApplicationState,
    pub service: String,
    pub child: String,
    pub waitlist_position: Option<u32>,
    pub reason: Option<String>,
}

#[derive(Debug, Default)]
pub struct Applications {
    /// `None` until the first answer.
    pub rows: Option<Vec<Row>>,
    pub selected: usize,
    /// The arrows move among the applications rather than the children.
    pub focused: bool,
    /// The draft whose discarding waits for Enter.
    pub confirm: Option<i64>,
}

impl Applications {
    fn rows(&self) -> &[Row] {
        self.rows.as_deref().unwrap_or_default()
    }

    /// How many applications are listed.
    pub fn len(&self) -> usize {
        self.rows().len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows().is_empty()
    }

    pub fn current(&self) -> Option<&Row> {
        self.focused
            .then(|| self.rows().get(self.selected))
            .flatten()
    }

    /// The key, if the section takes it (`None`: the card's).
    pub fn key(&mut self, key: &KeyEvent, env: &Env) -> Option<Vec<Action>> {
        if let Some(id) = self.confirm {
            return Some(match key.code {
                KeyCode::Enter => {
                    self.confirm = None;
                    vec![Action::Request(discard(id))]
                }
                // Any other key leaves the draft as it is.
                _ => {
                    self.confirm = None;
                    Vec::new()
                }
            });
        }
        let len = self.rows().len();
        match key.code {
            KeyCode::Tab | KeyCode::BackTab if len > 0 => {
                self.focused = !self.focused;
                Some(Vec::new())
            }
            code if self.focused && list::select(&mut self.selected, len, code) => Some(Vec::new()),
            _ if self.focused && env.keys.discard.matches(key) => {
                let row = self.current()?;
                Some(if row.state == ApplicationState::Draft {
                    self.confirm = Some(row.id);
                    Vec::new()
                } else {
                    vec![Action::Info(env.lang.pair(fr::already_sent(row.id)))]
                })
            }
            _ => None,
        }
    }

    /// The section's lines (none while nothing is listed), and while the arrows are on it the range
    /// among them of the selected row and what it says under it, for the card to keep in sight.
    pub fn lines(&self, app: &App, width: usize) -> (Vec<Line<'static>>, Option<(usize, usize)>) {
        let rows = self.rows();
        if rows.is_empty() {
            return (Vec::new(), None);
        }
        let lang = app.lang();
        let th = &app.theme;
        let hint = if self.focused {
            fr::K_APPS_FOCUSED
        } else {
            fr::K_APPS_PICK
        };
        let mut lines = vec![
            Line::default(),
            Line::from(vec![
                Span::styled(lang.t(fr::APPS_TITLE), th.label),
                Span::styled(lang.t(hint), th.dim),
            ]),
        ];
        let mut selected_at = None;
        for (i, r) in rows.iter().enumerate() {
            let chosen = self.focused && i == self.selected;
            let mut state = fr::state(lang, r.state, r.waitlist_position);
            if let Some(reason) = r
                .reason
                .as_deref()
                .filter(|_| r.state == ApplicationState::Rejected)
            {
                state = format!("{state}: {reason}");
            }
            let text = format!(
                "{} {} {:<5} {:<20} {:<20} {state}",
                if chosen { "▶" } else { " " },
                lang.t(fr::NUMBER),
                r.id,
                truncate(&r.service, 20),
                truncate(&r.child, 20),
            );
            let style = if chosen {
                th.selected
            } else {
                Default::default()
            };
            // The heading comes into sight with the first application.
            let first = if i == 0 { lines.len() - 1 } else { lines.len() };
            lines.push(Line::styled(truncate(&text, width), style));
            if chosen && r.state == ApplicationState::Draft {
                lines.push(Line::styled(
                    app.env.keys.fill(lang.t(fr::K_APPS_DISCARD)),
                    th.focus,
                ));
            }
            if chosen && self.confirm == Some(r.id) {
                let ask = lang.pair(fr::confirm_discard(r.id, &r.service, &r.child));
                for l in wrap_words(&ask, width.saturating_sub(4)) {
                    lines.push(Line::styled(format!("    {l}"), th.warning));
                }
            }
            if chosen {
                selected_at = Some((first, lines.len()));
            }
        }
        (lines, selected_at)
    }
}

fn truncate(s: &str, n: usize) -> String {
    super::search::truncate(s, n)
}

/// Reads the family's applications (after its card: the card never waits for them).
pub fn load(parent_cf: String) -> Request {
    let asked_for = parent_cf.clone();
    job::read(
        "family_applications",
        move |b| read_rows(b, &parent_cf),
        move |screen, r, lang| on_rows(screen, r, lang, &asked_for),
    )
}

fn read_rows(b: &dyn Backend, parent_cf: &str) -> BResult<Vec<Row>> {
    let mut apps: Vec<Application> = b
        .applications_of(parent_cf)?
        .into_iter()
        .filter(|a| a.state != ApplicationState::Discarded)
        .collect();
    if apps.is_empty() {
        return Ok(Vec::new());
    }
    // The application names its window; the window its service, whose name the desk shows.
    let windows = b.windows()?;
    let services = b.services()?;
    apps.sort_by_key(|a| std::cmp::Reverse(a.id));
    Ok(apps
        .into_iter()
        .map(|a| {
            let code = windows
                .iter()
                .find(|w| w.id == a.window_id)
                .map(|w| w.service.clone())
                .unwrap_or_default();
            let service = services
                .iter()
                .find(|s| s.code == code)
                .map_or(code, |s| s.name.clone());
            let d = &a.data;
            let name = format!("{} {}", d.child_surname.trim(), d.child_name.trim());
            let child = match name.trim() {
                "" if d.child_cf.trim().is_empty() => "-".to_string(),
                "" => d.child_cf.trim().to_uppercase(),
                n => n.to_uppercase(),
            };
            let decision = a.decision.as_ref();
            Row {
                id: a.id,
                state: a.state,
                service,
                child,
                waitlist_position: decision.and_then(|d| d.waitlist_position),
                reason: decision.and_then(|d| d.reason.clone()),
            }
        })
        .collect())
}

/// The rows onto the card they were read for (another family's card may be open by now).
fn on_rows(screen: &mut Screen, r: BResult<Vec<Row>>, lang: Lang, parent_cf: &str) -> Vec<Action> {
    let Screen::Family(f) = screen else {
        return Vec::new();
    };
    if f.card.parent.cf.as_str() != parent_cf {
        return Vec::new();
    }
    let apps = &mut f.apps;
    match r {
        Ok(rows) => {
            apps.selected = apps.selected.min(rows.len().saturating_sub(1));
            apps.focused &= !rows.is_empty();
            if apps
                .confirm
                .is_some_and(|id| !rows.iter().any(|r| r.id == id))
            {
                apps.confirm = None;
            }
            apps.rows = Some(rows);
            Vec::new()
        }
        Err(e) => vec![Action::Error(e.localized(lang))],
    }
}

fn discard(id: i64) -> Request {
    job::change(
        "discard_application",
        id,
        |b, id| b.discard_application(id),
        on_discarded,
    )
}

fn on_discarded(screen: &mut Screen, r: BResult<Application>, lang: Lang) -> Vec<Action> {
    match r {
        Ok(a) => {
            let mut actions = vec![Action::Info(lang.pair(fr::discarded(a.id)))];
            if let Screen::Family(f) = screen
                && f.card.parent.cf == a.parent_cf
            {
                actions.push(Action::Request(load(a.parent_cf.to_string())));
            }
            actions
        }
        Err(e) => vec![Action::Error(e.localized(lang))],
    }
}
