//! A child withdrawn from a service from a day on (supervisor), reached from the family card: the
//! service among the child's, the day (today unless changed) and the reason. The outcome says what was
//! refunded, the balance left and whether the freed place went to a waiting application; a positive
//! balance may then be refunded to the family or moved to a brother or sister with the same paying
//! parent, with a reason.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Margin, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::Screen;
use crate::backend::{
    BResult, BalanceTransfer, BalanceTransferOutcome, Cents, ChildCard, CodiceFiscale, FamilyCard,
    WithdrawalOutcome,
};
use crate::domain::money::format_eur;
use crate::i18n::{Lang, Localized, family_review as fr};
use crate::text::wrap_words;
use crate::tui::app::{Action, App, Env};
use crate::tui::job;
use crate::tui::widgets::field::{Field, title};
use crate::tui::widgets::form::Form;
use crate::tui::widgets::list;

const FROM: usize = 0;
const REASON: usize = 1;

/// A service the child may be withdrawn from.
#[derive(Debug, Clone)]
pub struct Service {
    pub code: String,
    pub name: String,
    pub balance_cents: Cents,
}

/// A brother or sister with the same paying parent, and the services they are in.
#[derive(Debug, Clone)]
pub struct Sibling {
    pub cf: CodiceFiscale,
    pub name: String,
    pub services: Vec<String>,
}

#[derive(Debug)]
pub struct Withdrawal {
    pub child_cf: String,
    pub child_name: String,
    pub services: Vec<Service>,
    pub service: usize,
    /// The day and the reason.
    pub form: Form,
    pub siblings: Vec<Sibling>,
    /// Set once the withdrawal is made.
    pub done: Option<Done>,
}

/// The withdrawal made, and the credit left being moved on.
#[derive(Debug)]
pub struct Done {
    pub outcome: WithdrawalOutcome,
    pub service_name: String,
    /// 0: refund to the family; then the siblings in the service, in order.
    pub choice: usize,
    pub reason: Field,
    /// What moving the credit did, once done.
    pub moved: Option<String>,
}

/// The screen for the child, or why there is nothing to withdraw from.
pub fn open(child: &ChildCard, card: &FamilyCard, env: &Env) -> Vec<Action> {
    let services: Vec<Service> = child
        .services
        .iter()
        .filter(|s| s.withdrawn_from.is_none())
        .map(|s| Service {
            code: s.service.clone(),
            name: s.service_name.clone(),
            balance_cents: s.balance_cents,
        })
        .collect();
    if services.is_empty() {
        return vec![Action::Info(
            env.lang.t(fr::NOTHING_TO_WITHDRAW).to_string(),
        )];
    }
    let siblings = card
        .children
        .iter()
        .filter(|c| c.cf != child.cf)
        .map(|c| Sibling {
            cf: c.cf.clone(),
            name: c.full_name(),
            services: c
                .services
                .iter()
                .filter(|s| s.withdrawn_from.is_none())
                .map(|s| s.service.clone())
                .collect(),
        })
        .collect();
    let today = env.clock.today().format("%d/%m/%Y").to_string();
    vec![Action::Push(Screen::Withdrawal(Withdrawal {
        child_cf: child.cf.to_string(),
        child_name: child.full_name(),
        services,
        service: 0,
        form: Form::new(vec![
            Field::new("from").with_value(&today),
            Field::new("reason"),
        ])
        .without_arrows()
        .wrapping(),
        siblings,
        done: None,
    }))]
}

impl Withdrawal {
    /// Where the credit of the withdrawn service may go besides the family: siblings in the service.
    fn targets(&self, service: &str) -> Vec<&Sibling> {
        self.siblings
            .iter()
            .filter(|s| s.services.iter().any(|c| c == service))
            .collect()
    }

    /// Whether the credit left is still to be moved on.
    fn moving(&self) -> bool {
        self.done
            .as_ref()
            .is_some_and(|d| d.moved.is_none() && d.outcome.balance_cents.get() > 0)
    }

    pub fn key(&mut self, key: KeyEvent, env: &Env) -> Vec<Action> {
        if key.code == KeyCode::Esc {
            return vec![Action::Back];
        }
        if self.done.is_some() {
            return self.key_move(key, env);
        }
        match key.code {
            code if list::select(&mut self.service, self.services.len(), code) => Vec::new(),
            KeyCode::Enter => self.withdraw(env.lang),
            _ => {
                self.form.key(key);
                Vec::new()
            }
        }
    }

    fn withdraw(&mut self, lang: Lang) -> Vec<Action> {
        // Both mistakes are shown at once, the focus on the first.
        let reason = self.form.trimmed(REASON);
        if reason.is_empty() {
            self.form
                .fail(REASON, lang.t(fr::REASON_REQUIRED).to_string());
        }
        let from = NaiveDate::parse_from_str(&self.form.trimmed(FROM), "%d/%m/%Y").ok();
        if from.is_none() {
            self.form.fail(FROM, lang.t(fr::BAD_DATE).to_string());
        }
        let (Some(from), Some(service), false) =
            (from, self.services.get(self.service), reason.is_empty())
        else {
            return Vec::new();
        };
        let w = crate::backend::Withdrawal {
            service: service.code.clone(),
            from,
            reason,
        };
        vec![Action::Request(job::change(
            "withdraw",
            (self.child_cf.clone(), w),
            |b, (cf, w)| b.withdraw(&cf, &w),
            on_withdrawn,
        ))]
    }

    fn key_move(&mut self, key: KeyEvent, env: &Env) -> Vec<Action> {
        if !self.moving() {
            return Vec::new();
        }
        // The family first, then the siblings in the service, as listed.
        let service = self.done.as_ref().map(|d| d.outcome.service.clone());
        let targets: Vec<Option<CodiceFiscale>> = std::iter::once(None)
            .chain(
                self.targets(service.as_deref().unwrap_or_default())
                    .iter()
                    .map(|s| Some(s.cf.clone())),
            )
            .collect();
        let Some(done) = &mut self.done else {
            return Vec::new();
        };
        match key.code {
            code if list::select(&mut done.choice, targets.len(), code) => Vec::new(),
            KeyCode::Enter => {
                let reason = done.reason.value().trim().to_string();
                if reason.is_empty() {
                    done.reason.error = Some(env.lang.t(fr::REASON_REQUIRED).to_string());
                    return Vec::new();
                }
                let transfer = BalanceTransfer {
                    service: done.outcome.service.clone(),
                    to_child_cf: targets.get(done.choice).cloned().flatten(),
                    reason,
                };
                vec![Action::Request(job::change(
                    "transfer_balance",
                    (done.outcome.child_cf.to_string(), transfer),
                    |b, (cf, t)| b.transfer_balance(&cf, &t),
                    on_moved,
                ))]
            }
            _ => {
                done.reason.key(key);
                Vec::new()
            }
        }
    }

    pub fn view(&self, f: &mut Frame, area: Rect, app: &App) {
        let lang = app.lang();
        let th = &app.theme;
        let inner = area.inner(Margin::new(2, 0));
        let width = inner.width as usize;
        let mut lines = vec![
            Line::default(),
            title(&format!("{} · {}", lang.t(fr::WD_TITLE), self.child_name)),
            Line::default(),
        ];
        let Some(done) = &self.done else {
            lines.extend(
                wrap_words(lang.t(fr::WD_HELP), width)
                    .into_iter()
                    .map(Line::from),
            );
            lines.push(Line::default());
            lines.push(Line::styled(lang.t(fr::WD_SERVICE), th.label));
            for (i, s) in self.services.iter().enumerate() {
                let text = format!(
                    "{:<26} {} {:>11}",
                    super::search::truncate(&s.name, 26),
                    lang.t(fr::WD_BALANCE),
                    format_eur(s.balance_cents)
                );
                lines.push(choice(&text, i == self.service, app));
            }
            lines.push(Line::default());
            let [top, body] = list::rows(inner, [lines.len() as u16, 0]);
            f.render_widget(Paragraph::new(lines), top);
            self.form.draw(
                f,
                body,
                &[lang.t(fr::WD_FROM), lang.t(fr::WD_REASON)],
                12,
                1,
                th,
            );
            return;
        };
        let o = &done.outcome;
        let mut outcome = vec![
            fr::withdrawn(lang, &done.service_name, o.from),
            fr::refunded(lang, o.refunded_days, o.refunded_cents),
            fr::balance_left(lang, o.balance_cents),
        ];
        outcome.extend(o.promoted_application.map(|id| fr::promoted(lang, id)));
        for text in outcome {
            lines.extend(
                wrap_words(&text, width)
                    .into_iter()
                    .map(|l| Line::styled(l, th.ok)),
            );
        }
        if let Some(moved) = &done.moved {
            lines.push(Line::default());
            lines.extend(
                wrap_words(moved, width)
                    .into_iter()
                    .map(|l| Line::styled(l, th.ok)),
            );
        }
        if !self.moving() {
            f.render_widget(Paragraph::new(lines), inner);
            return;
        }
        lines.push(Line::default());
        lines.push(Line::styled(lang.t(fr::MOVE_TITLE), th.label));
        lines.push(choice(lang.t(fr::MOVE_FAMILY), done.choice == 0, app));
        for (i, s) in self.targets(&o.service).iter().enumerate() {
            lines.push(choice(
                &fr::move_sibling(lang, &s.name),
                done.choice == i + 1,
                app,
            ));
        }
        lines.push(Line::default());
        let [top, reason] = list::rows(inner, [lines.len() as u16, 3]);
        f.render_widget(Paragraph::new(lines), top);
        let mut shown = done.reason.clone();
        shown.label = lang.t(fr::WD_REASON);
        shown.draw(f, reason, true, 12, th);
    }

    pub fn footer(&self, env: &Env) -> String {
        let keys = if self.done.is_none() {
            fr::K_WITHDRAWAL
        } else if self.moving() {
            fr::K_MOVE
        } else {
            fr::K_DONE
        };
        env.lang.t(keys).to_string()
    }
}

fn choice(text: &str, chosen: bool, app: &App) -> Line<'static> {
    let (marker, style) = if chosen {
        ("▶ ", app.theme.focus)
    } else {
        ("  ", Default::default())
    };
    Line::styled(format!("{marker}{text}"), style)
}

fn on_withdrawn(screen: &mut Screen, r: BResult<WithdrawalOutcome>, lang: Lang) -> Vec<Action> {
    let Screen::Withdrawal(s) = screen else {
        return Vec::new();
    };
    match r {
        Ok(outcome) => {
            let service_name = s
                .services
                .iter()
                .find(|x| x.code == outcome.service)
                .map_or_else(|| outcome.service.clone(), |x| x.name.clone());
            // The screen says what happened: no status line repeating it.
            s.done = Some(Done {
                outcome,
                service_name,
                choice: 0,
                reason: Field::new("reason"),
                moved: None,
            });
            Vec::new()
        }
        // The error goes under the field it names; what was typed stays.
        Err(e) => {
            let field = match e.field.as_deref() {
                Some("from") => Some(FROM),
                Some("reason") => Some(REASON),
                _ => None,
            };
            match field {
                Some(i) => {
                    s.form.fail(i, e.localized(lang));
                    Vec::new()
                }
                None => vec![Action::Error(e.localized(lang))],
            }
        }
    }
}

fn on_moved(screen: &mut Screen, r: BResult<BalanceTransferOutcome>, lang: Lang) -> Vec<Action> {
    let Screen::Withdrawal(s) = screen else {
        return Vec::new();
    };
    let to_name = |cf: &CodiceFiscale| {
        s.siblings
            .iter()
            .find(|x| &x.cf == cf)
            .map_or_else(|| cf.to_string(), |x| x.name.clone())
    };
    match r {
        Ok(o) => {
            let name = o.to_child_cf.as_ref().map(to_name);
            let text = fr::moved(lang, o.amount_cents, name.as_deref());
            if let Some(done) = &mut s.done {
                done.moved = Some(text);
            }
            Vec::new()
        }
        Err(e) => match &mut s.done {
            Some(done) if e.field.as_deref() == Some("reason") => {
                done.reason.error = Some(e.localized(lang));
                Vec::new()
            }
            _ => vec![Action::Error(e.localized(lang))],
        },
    }
}
