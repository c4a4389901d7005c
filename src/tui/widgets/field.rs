//! A labelled one-line text field with its validation error under it. Built on tui-input, so the text
//! and cursor survive any error: nothing typed is lost.

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyEvent};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use crate::text::wrap_words;
use crate::tui::theme::Theme;

#[derive(Debug, Clone, Default)]
pub struct Field {
    pub label: &'static str,
    pub input: Input,
    pub error: Option<String>,
    pub secret: bool,
}

impl Field {
    pub fn new(label: &'static str) -> Self {
        Field {
            label,
            ..Default::default()
        }
    }

    pub fn secret(label: &'static str) -> Self {
        Field {
            label,
            secret: true,
            ..Default::default()
        }
    }

    pub fn with_value(mut self, value: &str) -> Self {
        self.input = Input::new(value.to_string());
        self
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }

    /// Feeds a key to the field; a change clears the field's error.
    pub fn key(&mut self, key: KeyEvent) -> bool {
        let changed = self
            .input
            .handle_event(&Event::Key(key))
            .is_some_and(|c| c.value);
        if changed {
            self.error = None;
        }
        changed
    }

    /// Draws label, value and (if any) the error on the next line; places the cursor when focused.
    pub fn draw(&self, f: &mut Frame, area: Rect, focused: bool, label_width: u16, theme: &Theme) {
        if area.height == 0 || area.width <= label_width + 2 {
            return;
        }
        let value_width = (area.width - label_width - 1) as usize;
        let scroll = self.input.visual_scroll(value_width);
        let shown: String = if self.secret {
            "•".repeat(self.input.value().chars().count())
        } else {
            self.input.value().to_string()
        };
        let shown: String = shown.chars().skip(scroll).take(value_width).collect();
        let label_style = if focused { theme.focus } else { theme.label };
        let value_style = if focused {
            theme.input_focus
        } else {
            theme.input
        };
        let line = Line::from(vec![
            Span::styled(
                format!("{:<w$} ", self.label, w = label_width as usize),
                label_style,
            ),
            Span::styled(format!("{shown:<value_width$}"), value_style),
        ]);
        f.render_widget(Paragraph::new(line), Rect { height: 1, ..area });
        // The error beside the value column, wrapped over as many rows as the area has.
        let lines = self.error_lines(area.width, label_width);
        for (i, e) in lines.iter().enumerate().take(area.height as usize - 1) {
            let err = Line::from(Span::styled(
                format!("{:w$} {e}", "", w = label_width as usize),
                theme.error,
            ));
            f.render_widget(
                Paragraph::new(err),
                Rect {
                    y: area.y + 1 + i as u16,
                    height: 1,
                    ..area
                },
            );
        }
        if focused {
            let x = area.x
                + label_width
                + 1
                + (self.input.visual_cursor().saturating_sub(scroll)) as u16;
            f.set_cursor_position((x.min(area.right().saturating_sub(1)), area.y));
        }
    }

    /// Rows the field takes in `width` columns: one, plus the lines of its error.
    pub fn height(&self, width: u16, label_width: u16) -> u16 {
        1 + self.error_lines(width, label_width).len() as u16
    }

    /// The error in lines that fit to the right of the label column.
    fn error_lines(&self, width: u16, label_width: u16) -> Vec<String> {
        let room = width.saturating_sub(label_width + 1).max(12) as usize;
        self.error
            .as_deref()
            .map(|e| wrap_words(e, room))
            .unwrap_or_default()
    }
}

/// A bold title line.
pub fn title(text: &str) -> Line<'static> {
    Line::from(Span::styled(
        text.to_string(),
        Style::default().add_modifier(Modifier::BOLD),
    ))
}
