//! The six-step enrolment application (DOMAIN.md §2.3): applicant, child, required data, declarations,
//! documents, review and send. The draft is saved in the store at every step forward and resumed when the
//! family is opened again; a sent application is read only. Outside the window only a supervisor sends,
//! with a reason.

mod child;
mod class_pick;
mod documents;
mod summary;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::Screen;
use crate::backend::CodiceFiscale;
use crate::backend::{
    Application, ApplicationData, ApplicationDraft, ApplicationState, BResult, DocumentInfo,
    FamilyCard, School,
};
use crate::clock::Clock;
use crate::domain::enrolment::Window;
use crate::domain::money::parse_amount;
use crate::i18n::{Lang, Localized, card_edges as ce, tui as t};
use crate::tui::app::{Action, App, Env};
use crate::tui::job::{self, Request};
use crate::tui::widgets::field::Field;
use crate::tui::widgets::form::Form;

/// What opening the wizard needs from the backend.
/// What opening the wizard reads, with the backend's clock (the central API's for a remote desk).
pub type EnrolData = (Vec<Window>, Vec<School>, Vec<Application>, Clock);

#[derive(Debug)]
pub struct Enrol {
    pub parent_cf: CodiceFiscale,
    pub parent_name: String,
    pub children: Vec<(String, String, String)>,
    pub windows: Vec<Window>,
    pub window: usize,
    pub classes: Vec<(i64, String)>,
    /// The schools' names, levels and sections of `classes`, in the same order.
    pub class_places: Vec<class_pick::ClassPlace>,
    pub class: usize,
    /// The user moved the class (or a draft holds one): no longer proposed.
    pub class_chosen: bool,
    /// Birth date and current class of the registered children, as `children`.
    pub kids: Vec<class_pick::Kid>,
    pub step: u8,
    pub id: Option<i64>,
    pub state: ApplicationState,
    /// Index into `children`, or `children.len()` for a new child.
    pub child: usize,
    pub new_child: Form,
    /// Step 3's fields: special diet, ISEE, discounts.
    pub details: Form,
    pub isee_consent: bool,
    pub privacy: bool,
    pub conditions: bool,
    /// Step 4's box in focus: 0 privacy, 1 conditions.
    pub declaration: usize,
    /// Step 5: the path of a document to attach.
    pub document: Form,
    pub documents: Vec<DocumentInfo>,
    /// Step 6: the reason for sending outside the window or with a debt.
    pub late_reason: Form,
    /// What the family owes on prepaid services (from its card): sending may need a supervisor.
    pub debt_cents: i64,
    /// The backend's clock: whether the window is still open when sending.
    pub clock: Clock,
}

impl Enrol {
    pub fn new(
        card: &FamilyCard,
        (windows, schools, applications, clock): EnrolData,
    ) -> (Self, bool) {
        let now = clock.now();
        let classes = schools
            .iter()
            .flat_map(|s| {
                s.classes
                    .iter()
                    .map(move |c| (c.id, format!("{} {}{}", s.name, c.level, c.section)))
            })
            .collect();
        let mut e = Enrol {
            clock,
            parent_cf: card.parent.cf.clone(),
            parent_name: card.parent.full_name(),
            children: card
                .children
                .iter()
                .map(|c| (c.cf.to_string(), c.surname.clone(), c.name.clone()))
                .collect(),
            window: windows.iter().position(|w| w.is_open_at(now)).unwrap_or(0),
            class_places: class_pick::places(&schools),
            kids: class_pick::kids(card),
            windows,
            classes,
            class: 0,
            class_chosen: false,
            step: 1,
            id: None,
            state: ApplicationState::Draft,
            child: 0,
            new_child: child::new_child(),
            details: details(["", "", ""]),
            isee_consent: false,
            privacy: false,
            conditions: false,
            declaration: 0,
            document: documents::form(),
            documents: Vec::new(),
            late_reason: summary::form(),
            debt_cents: card.debt_cents(),
        };
        let draft = applications
            .into_iter()
            .find(|a| a.state == ApplicationState::Draft);
        let resumed = draft.is_some();
        if let Some(a) = draft {
            e.load(a);
        }
        (e, resumed)
    }

    /// Takes the store's version of the application (after a save, a resume, a submission).
    fn load(&mut self, a: Application) {
        let d = &a.data;
        self.id = Some(a.id);
        self.state = a.state;
        self.step = a.step.clamp(1, 6);
        self.window = self
            .windows
            .iter()
            .position(|w| w.id == a.window_id)
            .unwrap_or(self.window);
        match self.children.iter().position(|c| c.0 == d.child_cf) {
            Some(i) => self.child = i,
            None => {
                self.child = self.children.len();
                let fields = &mut self.new_child.fields;
                fields[0] = Field::new("cf").with_value(&d.child_cf);
                fields[1] = Field::new("surname").with_value(&d.child_surname);
                fields[2] = Field::new("name").with_value(&d.child_name);
                let birth = d
                    .child_birth_date
                    .map(|b| b.format("%d/%m/%Y").to_string())
                    .unwrap_or_default();
                fields[3] = Field::new("birth").with_value(&birth);
                let sex = match d.child_sex {
                    Some(crate::domain::codice_fiscale::Sex::M) => "M",
                    Some(crate::domain::codice_fiscale::Sex::F) => "F",
                    None => "",
                };
                fields[4] = Field::new("sex").with_value(sex);
            }
        }
        if let Some(c) = d
            .class_id
            .and_then(|id| self.classes.iter().position(|c| c.0 == id))
        {
            self.class = c;
            // Step 3 was reached: the class there was proposed, or chosen, already.
            self.class_chosen = a.step >= 3;
        }
        let isee = d
            .isee_cents
            .map(crate::domain::money::format_amount)
            .unwrap_or_default();
        self.details = details([
            d.diet.as_deref().unwrap_or(""),
            &isee,
            d.discounts.as_deref().unwrap_or(""),
        ]);
        self.isee_consent = d.isee_consent;
        self.privacy = d.privacy_accepted;
        self.conditions = d.conditions_accepted;
        self.documents = a.documents;
    }

    fn data(&self) -> ApplicationData {
        let (cf, surname, name) = match self.children.get(self.child) {
            Some(c) => c.clone(),
            None => (
                crate::domain::codice_fiscale::normalize(self.new_child.value(0)),
                self.new_child.trimmed(1).to_uppercase(),
                self.new_child.trimmed(2).to_uppercase(),
            ),
        };
        // A new child's birth date and sex as typed (checked against the code at step 2).
        let new = self.is_new_child();
        let child_birth_date = new
            .then(|| chrono::NaiveDate::parse_from_str(&self.new_child.trimmed(3), "%d/%m/%Y").ok())
            .flatten();
        let child_sex = new
            .then(
                || match self.new_child.trimmed(4).to_ascii_uppercase().as_str() {
                    "M" => Some(crate::domain::codice_fiscale::Sex::M),
                    "F" => Some(crate::domain::codice_fiscale::Sex::F),
                    _ => None,
                },
            )
            .flatten();
        let text = |i: usize| Some(self.details.trimmed(i)).filter(|s| !s.is_empty());
        ApplicationData {
            child_cf: cf,
            child_surname: surname,
            child_name: name,
            child_birth_date,
            child_sex,
            class_id: self.classes.get(self.class).map(|c| c.0),
            diet: text(DIET),
            isee_cents: parse_amount(self.details.value(ISEE)).ok(),
            isee_consent: self.isee_consent,
            discounts: text(DISCOUNTS),
            privacy_accepted: self.privacy,
            conditions_accepted: self.conditions,
        }
    }

    /// The save of what is on screen, at the current step: for a hang-up or a terminate signal.
    pub fn draft_request(&self) -> Option<Request> {
        (self.state == ApplicationState::Draft).then(|| self.save_request(self.step))
    }

    fn save(&self, next_step: u8) -> Action {
        Action::Request(self.save_request(next_step))
    }

    fn save_request(&self, next_step: u8) -> Request {
        let window_id = self
            .windows
            .get(self.window)
            .map(|w| w.id)
            .unwrap_or_default();
        let draft = ApplicationDraft {
            id: self.id,
            window_id,
            parent_cf: self.parent_cf.clone(),
            step: next_step,
            data: self.data(),
        };
        job::change(
            "save_application",
            draft,
            |b, d| b.save_application(&d),
            |screen, r, lang| on_application(screen, r, lang, t::DRAFT_SAVED),
        )
    }

    /// Checks the step before moving on; errors go under their field.
    fn check_step(&mut self, lang: Lang) -> Result<(), String> {
        match self.step {
            1 if self.windows.is_empty() => Err(lang.t(t::NO_WINDOWS).into()),
            2 if self.is_new_child() => self.check_new_child(lang),
            3 => match self.details.value(ISEE).trim() {
                "" => Ok(()),
                v => parse_amount(v).map(|_| ()).map_err(|e| {
                    self.details.fail(ISEE, e.localized(lang));
                    e.localized(lang)
                }),
            },
            4 if !(self.privacy && self.conditions) => {
                Err(lang.t(t::TICK_BOTH_DECLARATIONS).into())
            }
            5 if !self.details.value(DIET).trim().is_empty() && self.documents.is_empty() => {
                Err(lang.t(t::DOC_HINT).into())
            }
            _ => Ok(()),
        }
    }

    /// The text fields of the current step.
    fn form_mut(&mut self) -> Option<&mut Form> {
        match self.step {
            2 if self.is_new_child() => Some(&mut self.new_child),
            3 => Some(&mut self.details),
            5 => Some(&mut self.document),
            6 => Some(&mut self.late_reason),
            _ => None,
        }
    }

    /// A step shown anew starts on its first field (or box).
    fn focus_first(&mut self) {
        self.declaration = 0;
        if let Some(form) = self.form_mut() {
            form.focus = 0;
        }
    }

    pub fn key(&mut self, key: KeyEvent, env: &Env) -> Vec<Action> {
        let lang = env.lang;
        let read_only = self.state != ApplicationState::Draft;
        match key.code {
            KeyCode::Esc => return vec![Action::Back],
            KeyCode::PageUp if self.step > 1 => {
                self.step -= 1;
                self.focus_first();
            }
            KeyCode::PageDown if self.step < 6 => {
                if read_only {
                    self.step += 1;
                    return Vec::new();
                }
                return match self.check_step(lang) {
                    Ok(()) => {
                        if self.step == 2 {
                            self.propose_class();
                        }
                        vec![self.save(self.step + 1)]
                    }
                    Err(e) => vec![Action::Error(e)],
                };
            }
            _ if read_only => {}
            // Tab and Shift+Tab between the step's fields.
            _ if self.form_mut().is_some_and(|form| form.navigate(&key)) => {}
            KeyCode::Tab | KeyCode::BackTab if self.step == 4 => {
                self.declaration = 1 - self.declaration;
            }
            KeyCode::Up | KeyCode::Down => {
                let down = key.code == KeyCode::Down;
                let step = |v: usize, max: usize| {
                    if down {
                        (v + 1).min(max.saturating_sub(1))
                    } else {
                        v.saturating_sub(1)
                    }
                };
                match self.step {
                    1 => self.window = step(self.window, self.windows.len()),
                    2 => self.child = step(self.child, self.children.len() + 1),
                    3 => {
                        self.class = step(self.class, self.classes.len());
                        self.class_chosen = true;
                    }
                    4 => self.declaration = if down { 1 } else { 0 },
                    _ => {}
                }
            }
            KeyCode::Char(' ') if self.step == 4 => {
                if self.declaration == 0 {
                    self.privacy = !self.privacy;
                } else {
                    self.conditions = !self.conditions;
                }
            }
            KeyCode::F(9) if self.step == 3 => self.isee_consent = !self.isee_consent,
            KeyCode::Enter if self.step == 5 => return self.attach(lang),
            KeyCode::Enter if self.step == 6 => return self.submit(lang),
            _ => {
                // The new child's birth date and sex come from its code while empty.
                let new_child = self.step == 2 && self.is_new_child();
                if new_child {
                    self.replace_suggestion(&key);
                }
                if let Some(form) = self.form_mut() {
                    form.key(key);
                }
                if new_child {
                    self.prefill_from_cf();
                }
            }
        }
        Vec::new()
    }

    fn check_all(&mut self, lang: Lang) -> Result<(), String> {
        let here = self.step;
        for s in 1..=5 {
            self.step = s;
            // On a problem the wizard stays on that step, showing it.
            self.check_step(lang)?;
        }
        self.step = here;
        Ok(())
    }

    pub fn footer(&self, env: &Env) -> String {
        // A sent application is read only: only the keys that still work.
        if self.state != ApplicationState::Draft {
            return env.lang.t(ce::K_ENROL_READ_ONLY).to_string();
        }
        let mut s = env.lang.t(t::K_ENROL).to_string();
        if self.step == 6 && self.state == ApplicationState::Draft {
            s.push_str(env.lang.t(t::K_ENROL_SEND));
        } else {
            s.push_str(env.lang.t(t::K_ENROL_LEAVE));
        }
        s
    }

    pub fn view(&self, f: &mut Frame, area: Rect, app: &App) {
        let lang = app.lang();
        let th = &app.theme;
        let steps: Vec<Span> = t::STEPS
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let style = if i + 1 == self.step as usize {
                    th.selected
                } else {
                    th.dim
                };
                Span::styled(
                    format!("{} ", lang.t(*s).split(' ').next().unwrap_or("")),
                    style,
                )
            })
            .collect();
        let mut head = vec![Span::styled(
            format!("{} · ", lang.t(t::ENROL_TITLE)),
            th.focus,
        )];
        head.extend(steps);
        head.push(Span::styled(
            lang.t(t::STEPS[self.step as usize - 1]).to_string(),
            th.label,
        ));
        f.render_widget(
            Paragraph::new(Line::from(head)),
            Rect {
                x: area.x + 1,
                height: 1,
                width: area.width.saturating_sub(2),
                ..area
            },
        );
        let body = Rect {
            x: area.x + 2,
            y: area.y + 2,
            width: area.width.saturating_sub(4),
            height: area.height.saturating_sub(2),
        };
        let mut lines: Vec<Line> = Vec::new();
        if self.state != ApplicationState::Draft {
            lines.push(Line::from(Span::styled(lang.t(t::READ_ONLY), th.warning)));
        }
        let pick = |i: usize, sel: usize, text: String| {
            Line::from(Span::styled(
                format!("{} {text}", if i == sel { "›" } else { " " }),
                if i == sel {
                    th.selected
                } else {
                    Default::default()
                },
            ))
        };
        match self.step {
            1 => {
                lines.push(Line::from(format!(
                    "{} ({})",
                    self.parent_name, self.parent_cf
                )));
                lines.push(Line::default());
                lines.push(Line::from(Span::styled(lang.t(t::WINDOW), th.label)));
                for (i, w) in self.windows.iter().enumerate() {
                    let open = if w.is_open_at(app.env.clock.now()) {
                        t::OPEN
                    } else {
                        t::CLOSED
                    };
                    lines.push(pick(
                        i,
                        self.window,
                        format!("{} {} ({})", w.description, w.school_year, lang.t(open)),
                    ));
                }
            }
            2 => lines.extend(self.child_lines(lang, &pick)),
            3 => {
                let c = self
                    .classes
                    .get(self.class)
                    .map(|c| c.1.as_str())
                    .unwrap_or("-");
                lines.push(Line::from(vec![
                    Span::styled(format!("{}: ", lang.t(t::CLASS)), th.label),
                    Span::raw(format!("‹ {c} › (↑↓)")),
                ]));
                if let Some(w) = self.class_warning(lang) {
                    lines.push(Line::from(Span::styled(w, th.warning)));
                }
                lines.push(Line::from(format!(
                    "{} {} (F9)",
                    tick(self.isee_consent),
                    lang.t(t::ISEE_CONSENT)
                )));
            }
            4 => {
                lines.push(pick(
                    0,
                    self.declaration,
                    format!("{} {}", tick(self.privacy), lang.t(t::PRIVACY)),
                ));
                lines.push(pick(
                    1,
                    self.declaration,
                    format!("{} {}", tick(self.conditions), lang.t(t::CONDITIONS)),
                ));
            }
            5 => lines.extend(self.document_lines(lang, th)),
            _ => lines.extend(self.summary_lines(lang, th)),
        }
        let used = lines.len() as u16 + 1;
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), body);
        let [_, fields] = crate::tui::widgets::list::rows(body, [used, 0]);
        // The step's text fields under its lines.
        let (form, labels): (&Form, &[t::Text]) = match self.step {
            2 if self.is_new_child() => (&self.new_child, &child::LABELS),
            3 => (&self.details, &[t::SPECIAL_DIET, t::ISEE, t::DISCOUNTS]),
            5 => (&self.document, &[t::DOC_PATH]),
            6 if self.needs_reason() => (&self.late_reason, &[t::LATE_REASON]),
            _ => return,
        };
        let labels: Vec<&'static str> = labels.iter().map(|l| lang.t(*l)).collect();
        let note = (self.step == 2).then(|| self.cf_note(lang)).flatten();
        super::register::draw_with_note(form, note.as_deref(), f, fields, &labels, 34, 0, th);
    }
}

/// Step 3's fields, with their values.
fn details(values: [&str; 3]) -> Form {
    let fields = ["diet", "isee", "discounts"]
        .into_iter()
        .zip(values)
        .map(|(name, value)| Field::new(name).with_value(value))
        .collect();
    Form::new(fields).wrapping().without_arrows()
}

const DIET: usize = 0;
const ISEE: usize = 1;
const DISCOUNTS: usize = 2;

/// A box ticked or not.
fn tick(b: bool) -> &'static str {
    if b { "[x]" } else { "[ ]" }
}

fn on_application(
    screen: &mut Screen,
    r: BResult<Application>,
    lang: Lang,
    msg: t::Text,
) -> Vec<Action> {
    let Screen::Enrol(e) = screen else {
        return Vec::new();
    };
    match r {
        Ok(a) => {
            e.load(a);
            e.focus_first();
            vec![Action::Info(lang.t(msg).to_string())]
        }
        Err(err) => vec![Action::Error(err.localized(lang))],
    }
}

/// Reads what the wizard needs, then opens it over the family card (resuming a draft).
pub fn open(parent_cf: String) -> Request {
    let asked_for = parent_cf.clone();
    job::read(
        "enrol_data",
        move |b| {
            Ok((
                b.windows()?,
                b.schools()?,
                b.applications_of(&parent_cf)?,
                b.clock(),
            ))
        },
        move |screen, r, lang| on_data(screen, r, lang, &asked_for),
    )
}

/// Opens the wizard over the family card it was asked for: an answer arriving after the operator moved
/// to another family is dropped, or that family's card would resume the first family's draft.
fn on_data(screen: &mut Screen, r: BResult<EnrolData>, lang: Lang, parent_cf: &str) -> Vec<Action> {
    let Screen::Family(f) = screen else {
        return Vec::new();
    };
    if f.card.parent.cf.as_str() != parent_cf {
        return Vec::new();
    }
    match r {
        Ok(data) => {
            let (e, resumed) = Enrol::new(&f.card, data);
            let mut actions = vec![Action::Push(Screen::Enrol(Box::new(e)))];
            if resumed {
                actions.push(Action::Info(lang.t(t::DRAFT_RESUMED).to_string()));
            }
            actions
        }
        Err(err) => vec![Action::Error(err.localized(lang))],
    }
}
