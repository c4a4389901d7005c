//! Colour themes: 16-colour default, monochrome (NO_COLOR or config), high contrast. Meaning never rests on
//! colour alone: negative balances carry a word, focus carries reverse video in every theme.

use ratatui::style::{Color, Modifier, Style};

use crate::config::ThemeChoice;

#[derive(Debug, Clone)]
pub struct Theme {
    pub header: Style,
    pub footer: Style,
    pub label: Style,
    pub focus: Style,
    pub input: Style,
    pub input_focus: Style,
    pub selected: Style,
    pub error: Style,
    pub ok: Style,
    pub negative: Style,
    pub warning: Style,
    pub dim: Style,
}

impl Theme {
    /// The configured theme; NO_COLOR wins over it.
    pub fn from_config(choice: ThemeChoice) -> Theme {
        if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return Theme::mono();
        }
        match choice {
            ThemeChoice::Mono => Theme::mono(),
            ThemeChoice::HighContrast => Theme::high_contrast(),
            ThemeChoice::Default => Theme::default_colors(),
        }
    }

    pub fn default_colors() -> Theme {
        let s = Style::default();
        Theme {
            header: s
                .fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            footer: s.fg(Color::Black).bg(Color::Gray),
            label: s.fg(Color::Cyan),
            focus: s.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            input: s.add_modifier(Modifier::UNDERLINED),
            // Reverse video, not colours: the focused field is where every typed character lands, and
            // colour codes would double the bytes each keystroke sends over SSH.
            input_focus: s.add_modifier(Modifier::REVERSED),
            selected: s.add_modifier(Modifier::REVERSED),
            error: s.fg(Color::Red).add_modifier(Modifier::BOLD),
            ok: s.fg(Color::Green).add_modifier(Modifier::BOLD),
            negative: s.fg(Color::Red).add_modifier(Modifier::BOLD),
            warning: s.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            dim: s.fg(Color::DarkGray),
        }
    }

    /// Reset colours plus modifiers: what NO_COLOR asks for, keeping bold and reverse.
    pub fn mono() -> Theme {
        let s = Style::default();
        Theme {
            header: s.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            footer: s.add_modifier(Modifier::REVERSED),
            label: s,
            focus: s.add_modifier(Modifier::BOLD),
            input: s.add_modifier(Modifier::UNDERLINED),
            input_focus: s.add_modifier(Modifier::REVERSED),
            selected: s.add_modifier(Modifier::REVERSED),
            error: s.add_modifier(Modifier::BOLD),
            ok: s.add_modifier(Modifier::BOLD),
            negative: s.add_modifier(Modifier::BOLD),
            warning: s.add_modifier(Modifier::BOLD),
            dim: s,
        }
    }

    pub fn high_contrast() -> Theme {
        let s = Style::default();
        Theme {
            header: s
                .fg(Color::Black)
                .bg(Color::White)
                .add_modifier(Modifier::BOLD),
            footer: s.fg(Color::Black).bg(Color::White),
            label: s.fg(Color::White).add_modifier(Modifier::BOLD),
            focus: s
                .fg(Color::LightYellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            input: s.fg(Color::White).add_modifier(Modifier::UNDERLINED),
            input_focus: s.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            selected: s.fg(Color::Black).bg(Color::White),
            error: s.fg(Color::LightRed).add_modifier(Modifier::BOLD),
            ok: s.fg(Color::LightGreen).add_modifier(Modifier::BOLD),
            negative: s.fg(Color::LightRed).add_modifier(Modifier::BOLD),
            warning: s.fg(Color::LightYellow).add_modifier(Modifier::BOLD),
            dim: s.fg(Color::Gray),
        }
    }
}
