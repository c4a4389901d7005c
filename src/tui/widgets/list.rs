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
