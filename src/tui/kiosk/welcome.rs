//! The welcome screen: a big greeting, the two identification fields, and the wait after three wrong
//! tries. The code typed stays on screen to fix; nothing says whether a codice fiscale exists.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use tui_big_text::{BigText, PixelSize};

use super::{Action, Cmd, Family, Kiosk, Request, Screen, end_visit, request};
use crate::backend::{ErrorKind, FamilyCard};
use crate::domain::codice_fiscale::CodiceFiscale;
use crate::i18n::{Lang, Localized, kiosk as k};
use crate::tui::widgets::field::Field;
use crate::tui::widgets::form::Form;
use crate::tui::widgets::list;

/// The form's fields: the codice fiscale, then the PAN.
const CF: usize = 0;
const PAN: usize = 1;

#[derive(Debug)]
pub struct Welcome {
    pub form: Form,
    /// An identification was sent and is not answered yet: a second Enter sends no second one (each
    /// counts as a try against the wait). An answer finding it unset is for a screen since cleared.
    pub identifying: bool,
}

impl Default for Welcome {
    fn default() -> Self {
        Welcome {
            form: Form::new(vec![Field::default(), Field::default()]).wrapping(),
            identifying: false,
        }
    }
}

impl Welcome {
    pub fn is_blank(&self) -> bool {
        self.form
            .fields
            .iter()
            .all(|f| f.value().is_empty() && f.error.is_none())
    }

    /// After the third wrong try: the PAN goes, the code stays for the next try.
    pub fn clear_pan(&mut self) {
        self.form.clear(PAN);
    }

    /// During a wait the fields still take keys: the backend refuses a try without counting it
    /// while the wait lasts, and accepts it once a supervisor has cleared the kiosk from the desk.
    pub fn key(&mut self, key: KeyEvent, lang: Lang) -> Vec<Action> {
        match key.code {
            KeyCode::F(2) => return vec![Action::SwitchLang],
            KeyCode::F(10) => return vec![Action::go(Screen::Exit(Default::default()))],
            KeyCode::Esc => *self = Welcome::default(),
            KeyCode::Enter if self.identifying => {}
            KeyCode::Enter if self.form.focus == CF && self.form.value(PAN).is_empty() => {
                self.form.focus = PAN
            }
            KeyCode::Enter => return self.submit(lang),
            _ => self.form.key(key),
        }
        Vec::new()
    }

    /// The identification the fields hold, as last sent.
    pub fn request(&self) -> Option<Request> {
        let cf = CodiceFiscale::parse(self.form.value(CF)).ok()?;
        let (cf, pan) = (cf.as_str().to_string(), self.form.value(PAN).to_string());
        Some(request(
            "kiosk_identify",
            move |b| b.kiosk_identify(&cf, &pan),
            identified,
        ))
    }

    /// Checks what a typing slip would explain (shown on the field, not counted as a try), then asks.
    fn submit(&mut self, lang: Lang) -> Vec<Action> {
        if let Err(e) = CodiceFiscale::parse(self.form.value(CF)) {
            self.form.fail(CF, e.localized(lang));
            return Vec::new();
        }
        if self.form.value(PAN).trim().is_empty() {
            self.form.fail(PAN, lang.t(k::PAN_LABEL).to_string());
            return Vec::new();
        }
        let request = self.request();
        self.identifying = request.is_some();
        request.map(Action::Request).into_iter().collect()
    }

    pub fn view(&self, f: &mut Frame, area: Rect, kiosk: &Kiosk) {
        let lang = kiosk.lang;
        let th = &kiosk.settings.theme;
        let big = BigText::builder()
            .pixel_size(PixelSize::HalfHeight)
            .style(th.focus.remove_modifier(ratatui::style::Modifier::REVERSED))
            .lines(vec![Line::from(lang.t(k::WELCOME))])
            .build();
        let [
            _,
            big_area,
            _,
            intro_area,
            _,
            cf_label,
            cf_area,
            _,
            pan_label,
            pan_area,
            _,
            help,
        ] = list::rows(
            area.inner(Margin::new(2, 0)),
            [1, 4, 1, 2, 1, 1, 3, 1, 1, 3, 1, 1],
        );
        f.render_widget(big, big_area);
        // The wait after wrong tries takes the place of the welcome line, with its countdown.
        let intro = match kiosk.wait_left() {
            Some(secs) => Paragraph::new(vec![
                Line::from(Span::styled(lang.t(k::WAIT_SCREEN), th.error)),
                Line::from(Span::styled(
                    format!("{} {secs} s", lang.t(k::WAIT_SECONDS)),
                    th.warning,
                )),
            ]),
            None => Paragraph::new(lang.t(k::WELCOME_LINE)).wrap(Wrap { trim: true }),
        };
        f.render_widget(intro, intro_area);
        let places = [
            (k::CF_LABEL, cf_label, cf_area),
            (k::PAN_LABEL, pan_label, pan_area),
        ];
        for (i, (field, (label, label_area, field_area))) in
            self.form.fields.iter().zip(places).enumerate()
        {
            let focused = self.form.focus == i;
            let style = if focused { th.focus } else { th.label };
            f.render_widget(
                Paragraph::new(Span::styled(lang.t(label), style)),
                label_area,
            );
            let mut shown = field.clone();
            shown.label = "›";
            // The value, then up to two lines of its error (a message is never cut at 80 columns).
            shown.draw(f, field_area, focused, 1, th);
        }
        f.render_widget(
            Paragraph::new(Span::styled(lang.t(k::IDENTIFY_HELP), Style::default()))
                .wrap(Wrap { trim: true }),
            help,
        );
    }
}

/// The family, or why not: a wrong try is counted by the backend, and its wait shown here.
fn identified(
    kiosk: &mut Kiosk,
    result: Result<FamilyCard, crate::backend::BackendError>,
) -> Vec<Cmd> {
    let lang = kiosk.lang;
    let w = match &mut kiosk.screen {
        Screen::Welcome(w) if w.identifying => w,
        // The screen was cleared meanwhile (Esc, the idle clear): forget the answer, and the
        // identification.
        _ => {
            return match result {
                Ok(_) => vec![Cmd::Backend(end_visit())],
                Err(_) => Vec::new(),
            };
        }
    };
    w.identifying = false;
    match result {
        Ok(card) => {
            kiosk.wait_until = None;
            kiosk.family = Some(Family { card, selected: 0 });
            kiosk.screen = Screen::Home;
        }
        Err(e) if e.kind == ErrorKind::Unauthenticated && kiosk.retry.is_none() => {
            // The kiosk's own session is gone: log in again, then ask once more (still identifying).
            kiosk.retry = w.request();
            w.identifying = kiosk.retry.is_some();
            kiosk.busy = true;
            return vec![kiosk.log_in_again()];
        }
        Err(e) if e.kind == ErrorKind::NotFound => kiosk.error(e.localized(lang)),
        // A PAN whose check character does not match: said on its field, to fix it.
        Err(e) if e.field.as_deref() == Some("pan") => {
            w.form.fail(PAN, e.localized(lang));
        }
        Err(e) if e.kind == ErrorKind::Locked => {
            let wait = std::time::Duration::from_secs(
                e.retry_after.unwrap_or(60).min(crate::tui::MAX_WAIT_SECS),
            );
            kiosk.wait_until = Some(kiosk.now + wait);
            w.clear_pan();
        }
        Err(e) if e.kind == ErrorKind::Unavailable => kiosk.error(lang.t(k::OFFLINE).to_string()),
        Err(e) => kiosk.error(e.localized(lang)),
    }
    Vec::new()
}
