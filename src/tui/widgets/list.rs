//! What the screens' lists (search hits, staff accounts, kiosks, children) share.

use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Flex, Layout, Rect};

/// Up and Down move the highlighted row of a list of `len` rows; whether the key was one of them.
pub fn select(selected: &mut usize, len: usize, code: KeyCode) -> bool {
    match code {
        KeyCode::Down => *selected = (*selected + 1).min(len.saturating_sub(1)),
        KeyCode::Up => *selected = selected.saturating_sub(1),
        _ => return false,
    }
    true
}

/// A list screen's answer: the rows (the highlight kept within them), or the error to show (an empty
/// list, so the screen stops saying it is working).
pub fn fill<T>(
    list: &mut Option<Vec<T>>,
    selected: &mut usize,
    answer: crate::backend::BResult<Vec<T>>,
    lang: crate::i18n::Lang,
) -> Vec<crate::tui::app::Action> {
    use crate::i18n::Localized;
    match answer {
        Ok(rows) => {
            *selected = (*selected).min(rows.len().saturating_sub(1));
            *list = Some(rows);
            Vec::new()
        }
        Err(e) => {
            list.get_or_insert_with(Vec::new);
            vec![crate::tui::app::Action::Error(e.localized(lang))]
        }
    }
}

/// The left part of `area`, at most `width` columns wide.
pub fn narrow(area: Rect, width: u16) -> Rect {
    let [left] = Layout::horizontal([Constraint::Max(width)])
        .flex(Flex::Start)
        .areas(area);
    left
}

/// `area` cut into rows of the given heights, top down; a height of 0 takes whatever is left.
pub fn rows<const N: usize>(area: Rect, heights: [u16; N]) -> [Rect; N] {
    let constraints = heights.map(|h| match h {
        0 => Constraint::Fill(1),
        h => Constraint::Length(h),
    });
    Layout::vertical(constraints).flex(Flex::Start).areas(area)
}
