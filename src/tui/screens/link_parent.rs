//! The other parent: link them to a child read-only, or (supervisor, with a reason) make them the
//! paying parent: the "I log in and see no child" case.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Margin, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::Screen;
use crate::backend::{BResult, ChildCard};
use crate::i18n::{Lang, Localized, tui as t};
use crate::tui::app::{Action, App, Env};
use crate::tui::job;
use crate::tui::widgets::field::{Field, title};
use crate::tui::widgets::form::Form;
use crate::tui::widgets::list;

#[derive(Debug)]
pub struct LinkParent {
    pub child_cf: String,
    pub child_name: String,
    /// The other parent's code, then (to make them the payer) the reason.
    pub form: Form,
    pub make_payer: bool,
}

impl LinkParent {
    pub fn new(child: &ChildCard) -> Self {
        LinkParent {
            child_cf: child.cf.to_string(),
            child_name: child.full_name(),
            form: Form::new(vec![Field::new("parent_cf"), Field::new("reason")]).wrapping(),
            make_payer: false,
        }
    }

    pub fn key(&mut self, key: KeyEvent, env: &Env) -> Vec<Action> {
        match key.code {
            KeyCode::Esc => vec![Action::Back],
            KeyCode::F(9) if env.supervisor() => {
                self.make_payer = !self.make_payer;
                Vec::new()
            }
            // The reason is there only to make them the payer.
            _ if self.make_payer && self.form.navigate(&key) => Vec::new(),
            KeyCode::Enter => {
                let parent_cf = self.form.trimmed(0);
                let child_cf = self.child_cf.clone();
                let req = if self.make_payer {
                    job::change(
                        "change_paying_parent",
                        (child_cf, parent_cf, self.form.trimmed(1)),
                        |b, (child, parent, reason)| {
                            b.change_paying_parent(&child, &parent, &reason)
                        },
                        |screen, r, lang| on_done(screen, r, lang, t::PAYER_CHANGED),
                    )
                } else {
                    job::change(
                        "link_second_parent",
                        (child_cf, parent_cf),
                        |b, (child, parent)| b.link_second_parent(&child, &parent),
                        |screen, r, lang| on_done(screen, r, lang, t::LINKED),
                    )
                };
                vec![Action::Request(req)]
            }
            _ => {
                if let Some(field) = self.form.fields.get_mut(self.form.focus) {
                    field.key(key);
                }
                Vec::new()
            }
        }
    }

    pub fn view(&self, f: &mut Frame, area: Rect, app: &App) {
        let lang = app.lang();
        let [_, head_area, _, cf_area, mark_area, _, reason_area] =
            list::rows(area.inner(Margin::new(2, 0)), [1, 5, 1, 3, 1, 1, 3]);
        let head = vec![
            title(&format!("{} · {}", lang.t(t::LINK_TITLE), self.child_name)),
            Line::default(),
            Line::from(lang.t(t::LINK_HELP)),
        ];
        f.render_widget(Paragraph::new(head).wrap(Wrap { trim: true }), head_area);
        let mut cf = self.form.fields[0].clone();
        cf.label = lang.t(t::OTHER_PARENT_CF);
        cf.draw(f, cf_area, self.form.focus == 0, 36, &app.theme);
        if app.env.supervisor() {
            let mark = if self.make_payer { "[x]" } else { "[ ]" };
            f.render_widget(
                Paragraph::new(format!("{mark} {}", lang.t(t::MAKE_PAYER))),
                mark_area,
            );
        }
        if self.make_payer {
            let mut reason = self.form.fields[1].clone();
            reason.label = lang.t(t::REASON);
            reason.draw(f, reason_area, self.form.focus == 1, 36, &app.theme);
        }
    }
}

/// F9 (and the reason's field) only for a supervisor: an operator is shown what they can do.
pub fn footer(env: &Env) -> String {
    let keys = if env.supervisor() {
        t::K_LINK
    } else {
        crate::i18n::desk_fit::K_LINK_OPERATOR
    };
    env.lang.t(keys).to_string()
}

fn on_done(screen: &mut Screen, r: BResult<()>, lang: Lang, ok: t::Text) -> Vec<Action> {
    let Screen::LinkParent(form) = screen else {
        return Vec::new();
    };
    match r {
        Ok(()) => vec![Action::Back, Action::Info(lang.t(ok).to_string())],
        Err(e) => {
            let at = if e.field.as_deref() == Some("reason") {
                1
            } else {
                0
            };
            form.form.fail(at, e.localized(lang));
            Vec::new()
        }
    }
}
