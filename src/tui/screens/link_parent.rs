//! The other parent: link them to a child read-only, or (supervisor, with a reason) make them the
//! paying parent: the "I log in and see no child" case. A supervisor also unlinks the child's second
//! parent here (they no longer see the child), after a confirmation and with a reason.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Margin, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::Screen;
use crate::backend::{BResult, ChildCard, PersonRef};
use crate::i18n::{Lang, Localized, second_parent as sp, tui as t};
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
    /// The child's second parent now, if any.
    pub second_parent: Option<PersonRef>,
    /// Unlinking them: what it does is on screen, and this is the reason being typed.
    pub unlinking: Option<Field>,
}

impl LinkParent {
    pub fn new(child: &ChildCard) -> Self {
        LinkParent {
            child_cf: child.cf.to_string(),
            child_name: child.full_name(),
            form: Form::new(vec![Field::new("parent_cf"), Field::new("reason")]).wrapping(),
            make_payer: false,
            second_parent: child.second_parent.clone(),
            unlinking: None,
        }
    }

    pub fn key(&mut self, key: KeyEvent, env: &Env) -> Vec<Action> {
        if let Some(reason) = &mut self.unlinking {
            match key.code {
                KeyCode::Esc => self.unlinking = None,
                KeyCode::Enter => {
                    return vec![Action::Request(unlink(
                        self.child_cf.clone(),
                        reason.value().trim().to_string(),
                    ))];
                }
                _ => {
                    reason.key(key);
                }
            }
            return Vec::new();
        }
        match key.code {
            _ if env.keys.unlink_parent.matches(&key)
                && env.supervisor()
                && self.second_parent.is_some() =>
            {
                self.unlinking = Some(Field::new("reason"));
                Vec::new()
            }
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
        let mut head = vec![
            title(&format!("{} · {}", lang.t(t::LINK_TITLE), self.child_name)),
            Line::default(),
            Line::from(lang.t(t::LINK_HELP)),
        ];
        if let Some(p) = &self.second_parent {
            head.push(Line::from(format!(
                "{}: {}",
                lang.t(sp::LINKED_NOW),
                p.full_name
            )));
        }
        f.render_widget(Paragraph::new(head).wrap(Wrap { trim: true }), head_area);
        if let (Some(reason), Some(p)) = (&self.unlinking, &self.second_parent) {
            let [ask_area, _, reason_area] = list::rows(
                Rect {
                    height: area.bottom().saturating_sub(cf_area.y),
                    ..cf_area
                },
                [4, 1, 3],
            );
            let ask = lang.pair(sp::confirm_unlink(&p.full_name, &self.child_name));
            f.render_widget(
                Paragraph::new(ask)
                    .style(app.theme.warning)
                    .wrap(Wrap { trim: true }),
                ask_area,
            );
            let mut reason = reason.clone();
            reason.label = lang.t(t::REASON);
            reason.draw(f, reason_area, true, 36, &app.theme);
            return;
        }
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

impl LinkParent {
    /// F9 (and the reason's field) only for a supervisor: an operator is shown what they can do. The
    /// unlink key only when there is a second parent to unlink.
    pub fn footer(&self, env: &Env) -> String {
        if self.unlinking.is_some() {
            return env.lang.t(sp::K_UNLINK_CONFIRM).to_string();
        }
        if !env.supervisor() {
            return env
                .lang
                .t(crate::i18n::desk_fit::K_LINK_OPERATOR)
                .to_string();
        }
        let mut s = env.lang.t(t::K_LINK).to_string();
        if self.second_parent.is_some() {
            s.push_str(&env.keys.fill(env.lang.t(sp::K_UNLINK)));
        }
        s
    }
}

/// Unlinks the child's second parent; the card under this screen is read again.
fn unlink(child_cf: String, reason: String) -> job::Request {
    job::change(
        "unlink_second_parent",
        (child_cf.clone(), reason),
        |b, (child, reason)| b.unlink_second_parent(&child, &reason),
        move |screen, r, lang| match r {
            // Back to the card only from this screen (it may have been left meanwhile).
            Ok(()) => {
                let mut actions = Vec::new();
                if matches!(screen, Screen::LinkParent(_)) {
                    actions.push(Action::Back);
                }
                actions.push(Action::Info(lang.t(sp::UNLINKED).to_string()));
                actions.push(Action::Request(super::family::load(child_cf)));
                actions
            }
            // The reason stays on screen to be put right (or Esc).
            Err(e) => vec![Action::Error(e.localized(lang))],
        },
    )
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
