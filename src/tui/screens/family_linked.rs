//! The family card's section of the children of other families its parent is second parent of
//! (read-only there), each with the parent who pays for it. A digit opens that child's family card.

use ratatui::text::{Line, Span};

use super::search::truncate;
use crate::backend::FamilyCard;
use crate::i18n::second_parent as sp;
use crate::tui::app::{Action, App};

/// The section's lines: none when the parent is second parent of no other family's child.
pub fn lines(card: &FamilyCard, app: &App, width: usize) -> Vec<Line<'static>> {
    if card.linked_children.is_empty() {
        return Vec::new();
    }
    let lang = app.lang();
    let th = &app.theme;
    let mut lines = vec![
        Line::default(),
        Line::from(vec![
            Span::styled(lang.t(sp::LINKED_TITLE), th.label),
            Span::styled(lang.t(sp::K_LINKED_OPEN), th.dim),
        ]),
    ];
    for (i, c) in card.linked_children.iter().enumerate() {
        // Past nine a child is listed but opened from its own family (searched for).
        let key = if i < 9 {
            format!("{}", i + 1)
        } else {
            " ".into()
        };
        let text = format!(
            "  {key} {:<26} {}: {}",
            truncate(&c.full_name, 26),
            lang.t(sp::PAID_BY),
            c.paying_parent.full_name
        );
        lines.push(Line::from(truncate(&text, width)));
    }
    lines
}

/// The family card of linked child `digit` (1-9), if there is one.
pub fn open(card: &FamilyCard, digit: char) -> Vec<Action> {
    let index = digit.to_digit(10).unwrap_or(0) as usize;
    match index
        .checked_sub(1)
        .and_then(|i| card.linked_children.get(i))
    {
        Some(c) => vec![Action::Request(super::family::load(c.cf.to_string()))],
        None => Vec::new(),
    }
}
