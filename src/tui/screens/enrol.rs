//! The six-step enrolment application (DOMAIN.md §2.3): applicant, child, required data, declarations,
//! documents, review and send. The draft is saved in the store at every step forward and resumed when the
//! family is opened again; a sent application is read only. Outside the window only a supervisor sends,
//! with a reason.

use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::Screen;
use crate::backend::{
    Application, ApplicationData, ApplicationDraft, ApplicationState, BResult, DocumentInfo,
    FamilyCard, School,
};
use crate::domain::codice_fiscale::{CodiceFiscale, Sex};
use crate::domain::enrolment::Window;
use crate::domain::money::{format_eur, parse_amount};
use crate::i18n::{Lang, Localized, tui as t};
use crate::tui::app::{Action, App, Env};
use crate::tui::exec::Req;
use crate::tui::widgets::field::Field;

/// What opening the wizard needs from the backend.
pub type EnrolData = (Vec<Window>, Vec<School>, Vec<Application>);

#[derive(Debug)]
pub struct Enrol {
    pub parent_cf: CodiceFiscale,
    pub parent_name: String,
    pub children: Vec<(String, String, String)>,
    pub windows: Vec<Window>,
    pub window: usize,
    pub classes: Vec<(i64, String)>,
    pub class: usize,
    pub step: u8,
    pub id: Option<i64>,
    pub state: ApplicationState,
    /// Index into `children`, or `children.len()` for a new child.
    pub child: usize,
    pub new_child: [Field; 5],
    pub diet: Field,
    pub isee: Field,
    pub isee_consent: bool,
    pub discounts: Field,
    pub privacy: bool,
    pub conditions: bool,
    pub doc_path: Field,
    pub documents: Vec<DocumentInfo>,
    pub late_reason: Field,
    pub focus: usize,
    /// What the family owes on prepaid services (from its card): sending may need a supervisor.
    pub debt_cents: i64,
}

impl Enrol {
    pub fn new(card: &FamilyCard, (windows, schools, applications): EnrolData) -> (Self, bool) {
        let classes = schools
            .iter()
            .flat_map(|s| {
                s.classes
                    .iter()
                    .map(move |c| (c.id, format!("{} {}{}", s.name, c.level, c.section)))
            })
            .collect();
        let mut e = Enrol {
            parent_cf: card.parent.cf.clone(),
            parent_name: card.parent.full_name(),
            children: card
                .children
                .iter()
                .map(|c| (c.cf.to_string(), c.surname.clone(), c.name.clone()))
                .collect(),
            window: windows
                .iter()
                .position(|w| w.is_open_at(crate::store::now()))
                .unwrap_or(0),
            windows,
            classes,
            class: 0,
            step: 1,
            id: None,
            state: ApplicationState::Draft,
            child: 0,
            new_child: [
                Field::new("cf"),
                Field::new("surname"),
                Field::new("name"),
                Field::new("birth"),
                Field::new("sex"),
            ],
            diet: Field::new("diet"),
            isee: Field::new("isee"),
            isee_consent: false,
            discounts: Field::new("discounts"),
            privacy: false,
            conditions: false,
            doc_path: Field::new("path"),
            documents: Vec::new(),
            late_reason: Field::new("reason"),
            focus: 0,
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
                self.new_child[0] = Field::new("cf").with_value(&d.child_cf);
                self.new_child[1] = Field::new("surname").with_value(&d.child_surname);
                self.new_child[2] = Field::new("name").with_value(&d.child_name);
            }
        }
        if let Some(c) = d
            .class_id
            .and_then(|id| self.classes.iter().position(|c| c.0 == id))
        {
            self.class = c;
        }
        self.diet = Field::new("diet").with_value(d.diet.as_deref().unwrap_or(""));
        self.isee = Field::new("isee").with_value(
            &d.isee_cents
                .map(crate::domain::money::format_amount)
                .unwrap_or_default(),
        );
        self.isee_consent = d.isee_consent;
        self.discounts = Field::new("discounts").with_value(d.discounts.as_deref().unwrap_or(""));
        self.privacy = d.privacy_accepted;
        self.conditions = d.conditions_accepted;
        self.documents = a.documents;
    }

    fn data(&self) -> ApplicationData {
        let (cf, surname, name) = match self.children.get(self.child) {
            Some(c) => c.clone(),
            None => (
                crate::domain::codice_fiscale::normalize(self.new_child[0].value()),
                self.new_child[1].value().trim().to_uppercase(),
                self.new_child[2].value().trim().to_uppercase(),
            ),
        };
        let text = |f: &Field| Some(f.value().trim().to_string()).filter(|s| !s.is_empty());
        ApplicationData {
            child_cf: cf,
            child_surname: surname,
            child_name: name,
            class_id: self.classes.get(self.class).map(|c| c.0),
            diet: text(&self.diet),
            isee_cents: parse_amount(self.isee.value()).ok(),
            isee_consent: self.isee_consent,
            discounts: text(&self.discounts),
            privacy_accepted: self.privacy,
            conditions_accepted: self.conditions,
        }
    }

    /// The save of what is on screen, at the current step: for a hang-up or a terminate signal.
    pub fn draft_request(&self) -> Option<Req> {
        if self.state != ApplicationState::Draft {
            return None;
        }
        match self.save(self.step) {
            Action::Request(req) => Some(req),
            _ => None,
        }
    }

    fn save(&self, next_step: u8) -> Action {
        let window_id = self
            .windows
            .get(self.window)
            .map(|w| w.id)
            .unwrap_or_default();
        Action::Request(Req::SaveApplication(Box::new(ApplicationDraft {
            id: self.id,
            window_id,
            parent_cf: self.parent_cf.clone(),
            step: next_step,
            data: self.data(),
        })))
    }

    /// Checks the step before moving on; errors go under their field.
    fn check_step(&mut self, lang: Lang) -> Result<(), String> {
        match self.step {
            1 if self.windows.is_empty() => Err(lang.t(t::NO_WINDOWS).into()),
            2 if self.child == self.children.len() => self.check_new_child(lang),
            3 => match self.isee.value().trim() {
                "" => Ok(()),
                v => parse_amount(v).map(|_| ()).map_err(|e| {
                    self.isee.error = Some(e.localized(lang));
                    self.isee.error.clone().unwrap_or_default()
                }),
            },
            4 if !(self.privacy && self.conditions) => {
                Err(lang.t(t::TICK_BOTH_DECLARATIONS).into())
            }
            5 if !self.diet.value().trim().is_empty() && self.documents.is_empty() => {
                Err(lang.t(t::DOC_HINT).into())
            }
            _ => Ok(()),
        }
    }

    fn check_new_child(&mut self, lang: Lang) -> Result<(), String> {
        let cf = match CodiceFiscale::parse(self.new_child[0].value()) {
            Ok(cf) => cf,
            Err(e) => return Err(self.field_error(0, e.localized(lang))),
        };
        for i in [1, 2] {
            if self.new_child[i].value().trim().is_empty() {
                return Err(self.field_error(i, lang.t(t::REQUIRED).into()));
            }
        }
        let Ok(birth) = NaiveDate::parse_from_str(self.new_child[3].value().trim(), "%d/%m/%Y")
        else {
            return Err(self.field_error(3, lang.t(t::BAD_DATE).into()));
        };
        let sex = match self.new_child[4]
            .value()
            .trim()
            .to_ascii_uppercase()
            .as_str()
        {
            "M" => Sex::M,
            "F" => Sex::F,
            _ => return Err(self.field_error(4, lang.t(t::SEX).into())),
        };
        let guess = cf.birth_date(birth, 0);
        let same_day = (guess.year() % 100, guess.month(), guess.day())
            == (birth.year() % 100, birth.month(), birth.day());
        if !same_day || cf.sex() != sex {
            return Err(self.field_error(0, lang.t(t::CF_MISMATCH).into()));
        }
        Ok(())
    }

    fn field_error(&mut self, i: usize, msg: String) -> String {
        self.new_child[i].error = Some(msg.clone());
        self.focus = i;
        msg
    }

    /// The text fields of the current step, in focus order.
    fn fields_mut(&mut self) -> Vec<&mut Field> {
        match self.step {
            2 if self.child == self.children.len() => self.new_child.iter_mut().collect(),
            3 => vec![&mut self.diet, &mut self.isee, &mut self.discounts],
            5 => vec![&mut self.doc_path],
            6 => vec![&mut self.late_reason],
            _ => Vec::new(),
        }
    }

    pub fn key(&mut self, key: KeyEvent, env: &Env) -> Vec<Action> {
        let lang = env.lang;
        let read_only = self.state != ApplicationState::Draft;
        match key.code {
            KeyCode::Esc => return vec![Action::Back],
            KeyCode::PageUp if self.step > 1 => {
                self.step -= 1;
                self.focus = 0;
            }
            KeyCode::PageDown if self.step < 6 => {
                if read_only {
                    self.step += 1;
                    return Vec::new();
                }
                return match self.check_step(lang) {
                    Ok(()) => vec![self.save(self.step + 1)],
                    Err(e) => vec![Action::Error(e)],
                };
            }
            _ if read_only => {}
            KeyCode::Tab => {
                let n = self.fields_mut().len().max(1);
                self.focus = (self.focus + 1) % n;
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
                    3 => self.class = step(self.class, self.classes.len()),
                    4 => self.focus = if down { 1 } else { 0 },
                    _ => {}
                }
            }
            KeyCode::Char(' ') if self.step == 4 => {
                if self.focus == 0 {
                    self.privacy = !self.privacy;
                } else {
                    self.conditions = !self.conditions;
                }
            }
            KeyCode::F(9) if self.step == 3 => self.isee_consent = !self.isee_consent,
            KeyCode::Enter if self.step == 5 => return self.attach(lang),
            KeyCode::Enter if self.step == 6 => {
                let reason =
                    Some(self.late_reason.value().trim().to_string()).filter(|r| !r.is_empty());
                return match (self.id, self.check_all(lang)) {
                    (Some(id), Ok(())) => vec![Action::Request(Req::SubmitApplication {
                        id,
                        late_reason: reason,
                    })],
                    (_, Err(e)) => vec![Action::Error(e)],
                    (None, Ok(())) => vec![self.save(6)],
                };
            }
            _ => {
                let focus = self.focus;
                if let Some(f) = self.fields_mut().into_iter().nth(focus) {
                    f.key(key);
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

    fn attach(&mut self, lang: Lang) -> Vec<Action> {
        let path = self.doc_path.value().trim().to_string();
        let Some(id) = self.id else {
            return vec![self.save(5)];
        };
        match std::fs::read(&path) {
            Ok(content) => {
                let filename = std::path::Path::new(&path)
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or(path);
                vec![Action::Request(Req::Attach {
                    id,
                    filename,
                    content,
                })]
            }
            Err(_) => {
                self.doc_path.error = Some(lang.t(t::DOC_UNREADABLE).into());
                Vec::new()
            }
        }
    }

    pub fn footer(&self, env: &Env) -> String {
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
        let tick = |b: bool| if b { "[x]" } else { "[ ]" };
        match self.step {
            1 => {
                lines.push(Line::from(format!(
                    "{} ({})",
                    self.parent_name, self.parent_cf
                )));
                lines.push(Line::default());
                lines.push(Line::from(Span::styled(lang.t(t::WINDOW), th.label)));
                for (i, w) in self.windows.iter().enumerate() {
                    let open = if w.is_open_at(crate::store::now()) {
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
            2 => {
                for (i, c) in self.children.iter().enumerate() {
                    lines.push(pick(i, self.child, format!("{} {} ({})", c.1, c.2, c.0)));
                }
                lines.push(pick(
                    self.children.len(),
                    self.child,
                    lang.t(t::NEW_CHILD).to_string(),
                ));
            }
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
                lines.push(Line::from(format!(
                    "{} {} (F9)",
                    tick(self.isee_consent),
                    lang.t(t::ISEE_CONSENT)
                )));
            }
            4 => {
                lines.push(pick(
                    0,
                    self.focus,
                    format!("{} {}", tick(self.privacy), lang.t(t::PRIVACY)),
                ));
                lines.push(pick(
                    1,
                    self.focus,
                    format!("{} {}", tick(self.conditions), lang.t(t::CONDITIONS)),
                ));
            }
            5 => {
                lines.push(Line::from(Span::styled(lang.t(t::DOC_HINT), th.dim)));
                lines.push(Line::from(format!(
                    "{}: {}",
                    lang.t(t::ATTACHED),
                    self.documents
                        .iter()
                        .map(|d| d.filename.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            _ => {
                let d = self.data();
                lines.push(Line::from(format!(
                    "{} {} ({})",
                    d.child_surname, d.child_name, d.child_cf
                )));
                lines.push(Line::from(
                    self.classes
                        .get(self.class)
                        .map(|c| c.1.clone())
                        .unwrap_or_default(),
                ));
                lines.push(Line::from(format!(
                    "{}: {} · ISEE {} · {}",
                    lang.t(t::DIET).to_uppercase(),
                    d.diet.as_deref().unwrap_or("-"),
                    d.isee_cents.map(format_eur).unwrap_or_else(|| "-".into()),
                    d.discounts.as_deref().unwrap_or("-")
                )));
                lines.push(Line::from(format!(
                    "{} {} · {} {}",
                    tick(d.privacy_accepted),
                    lang.t(t::PRIVACY),
                    tick(d.conditions_accepted),
                    lang.t(t::CONDITIONS)
                )));
                lines.push(Line::from(format!(
                    "{}: {}",
                    lang.t(t::ATTACHED),
                    self.documents.len()
                )));
                if self.debt_cents > 0 {
                    lines.push(Line::from(Span::styled(
                        format!("{} {}", lang.t(t::FAMILY_DEBT), format_eur(self.debt_cents)),
                        th.warning,
                    )));
                }
            }
        }
        let used = lines.len() as u16 + 1;
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), body);
        // The step's text fields under its lines.
        let labels: Vec<&str> = match self.step {
            2 => [t::CF, t::SURNAME, t::NAME, t::BIRTH_DATE, t::SEX]
                .iter()
                .map(|l| lang.t(*l))
                .collect(),
            3 => [t::SPECIAL_DIET, t::ISEE, t::DISCOUNTS]
                .iter()
                .map(|l| lang.t(*l))
                .collect(),
            5 => vec![lang.t(t::DOC_PATH)],
            6 => vec![lang.t(t::LATE_REASON)],
            _ => Vec::new(),
        };
        let fields: Vec<&Field> = match self.step {
            2 if self.child == self.children.len() => self.new_child.iter().collect(),
            3 => vec![&self.diet, &self.isee, &self.discounts],
            5 => vec![&self.doc_path],
            6 if self.debt_cents > 0
                || self
                    .windows
                    .get(self.window)
                    .is_some_and(|w| !w.is_open_at(crate::store::now())) =>
            {
                vec![&self.late_reason]
            }
            _ => Vec::new(),
        };
        let mut y = body.y + used;
        for (i, field) in fields.into_iter().enumerate() {
            let mut shown = field.clone();
            shown.label = labels.get(i).copied().unwrap_or("");
            let height = shown.height(body.width, 34);
            if y + height > body.bottom() {
                break;
            }
            shown.draw(
                f,
                Rect::new(body.x, y, body.width, height),
                self.focus == i,
                34,
                th,
            );
            y += height;
        }
    }
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
            e.focus = 0;
            vec![Action::Info(lang.t(msg).to_string())]
        }
        Err(err) => vec![Action::Error(err.localized(lang))],
    }
}

pub fn on_saved(screen: &mut Screen, r: BResult<Application>, lang: Lang) -> Vec<Action> {
    on_application(screen, r, lang, t::DRAFT_SAVED)
}

pub fn on_submitted(screen: &mut Screen, r: BResult<Application>, lang: Lang) -> Vec<Action> {
    on_application(screen, r, lang, t::SUBMITTED)
}

pub fn on_attached(screen: &mut Screen, r: BResult<DocumentInfo>, lang: Lang) -> Vec<Action> {
    let Screen::Enrol(e) = screen else {
        return Vec::new();
    };
    match r {
        Ok(d) => {
            e.documents.push(d);
            e.doc_path = Field::new("path");
            Vec::new()
        }
        Err(err) => {
            e.doc_path.error = Some(err.localized(lang));
            Vec::new()
        }
    }
}

/// The data to open the wizard arrived: open it over the family card.
pub fn on_data(screen: &mut Screen, r: BResult<EnrolData>, lang: Lang) -> Vec<Action> {
    let Screen::Family(f) = screen else {
        return Vec::new();
    };
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
