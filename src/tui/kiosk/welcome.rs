//! The welcome screen: a big greeting, the two identification fields, and the wait after three wrong
//! tries. The code typed stays on screen to fix; nothing says whether a codice fiscale exists.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use tui_big_text::{BigText, PixelSize};

use super::{Action, Kiosk, Screen};
use crate::domain::codice_fiscale::CodiceFiscale;
use crate::i18n::{Lang, Localized, kiosk as k};
use crate::tui::exec::Req;
use crate::tui::widgets::field::Field;

#[derive(Debug, Default)]
pub struct Welcome {
    pub cf: Field,
    pub pan: Field,
    /// 0: codice fiscale, 1: PAN.
    pub focus: usize,
}

impl Welcome {
    pub fn is_blank(&self) -> bool {
        self.cf.value().is_empty()
            && self.pan.value().is_empty()
            && self.cf.error.is_none()
            && self.pan.error.is_none()
    }

    /// After the third wrong try: the PAN goes, the code stays for the next try.
    pub fn clear_pan(&mut self) {
        self.pan = Field::default();
        self.focus = 1;
    }

    /// During a wait the fields still take keys: the backend refuses a try without counting it
    /// while the wait lasts, and accepts it once a supervisor has cleared the kiosk from the desk.
    pub fn key(&mut self, key: KeyEvent, lang: Lang) -> Vec<Action> {
        match key.code {
            KeyCode::F(2) => return vec![Action::SwitchLang],
            KeyCode::F(10) => return vec![Action::Go(Screen::Exit(Default::default()))],
            KeyCode::Tab | KeyCode::Down | KeyCode::BackTab | KeyCode::Up => {
                self.focus = 1 - self.focus;
            }
            KeyCode::Esc => *self = Welcome::default(),
            KeyCode::Enter if self.focus == 0 && self.pan.value().is_empty() => self.focus = 1,
            KeyCode::Enter => return self.submit(lang),
            _ => {
                let field = if self.focus == 0 {
                    &mut self.cf
                } else {
                    &mut self.pan
                };
                field.key(key);
            }
        }
        Vec::new()
    }

    /// The identification the fields hold, as last sent.
    pub fn request(&self) -> Option<Req> {
        let cf = CodiceFiscale::parse(self.cf.value()).ok()?;
        Some(Req::KioskIdentify {
            cf: cf.as_str().to_string(),
            pan: self.pan.value().to_string(),
        })
    }

    /// Checks what a typing slip would explain (shown on the field, not counted as a try), then asks.
    fn submit(&mut self, lang: Lang) -> Vec<Action> {
        if let Err(e) = CodiceFiscale::parse(self.cf.value()) {
            self.cf.error = Some(e.localized(lang));
            self.focus = 0;
            return Vec::new();
        }
        if self.pan.value().trim().is_empty() {
            self.pan.error = Some(lang.t(k::PAN_LABEL).to_string());
            self.focus = 1;
            return Vec::new();
        }
        self.request().map(Action::Request).into_iter().collect()
    }

    pub fn view(&self, f: &mut Frame, area: Rect, kiosk: &Kiosk) {
        let lang = kiosk.lang;
        let th = &kiosk.settings.theme;
        let big = BigText::builder()
            .pixel_size(PixelSize::HalfHeight)
            .style(th.focus.remove_modifier(ratatui::style::Modifier::REVERSED))
            .lines(vec![Line::from(lang.t(k::WELCOME))])
            .build();
        let x = area.x + 2;
        let width = area.width.saturating_sub(4);
        f.render_widget(big, Rect::new(x, area.y + 1, width, 4));
        let mut y = area.y + 6;
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
        f.render_widget(intro, Rect::new(x, y, width, 2));
        y += 3;
        for (i, (field, label)) in [(&self.cf, k::CF_LABEL), (&self.pan, k::PAN_LABEL)]
            .into_iter()
            .enumerate()
        {
            let style = if self.focus == i { th.focus } else { th.label };
            f.render_widget(
                Paragraph::new(Span::styled(lang.t(label), style)),
                Rect::new(x, y, width, 1),
            );
            let mut shown = field.clone();
            shown.label = "›";
            // The value, then up to two lines of its error (a message is never cut at 80 columns).
            shown.draw(f, Rect::new(x, y + 1, width, 3), self.focus == i, 1, th);
            y += 5;
        }
        f.render_widget(
            Paragraph::new(Span::styled(lang.t(k::IDENTIFY_HELP), Style::default()))
                .wrap(Wrap { trim: true }),
            Rect::new(x, y.min(area.bottom().saturating_sub(1)), width, 1),
        );
    }
}
