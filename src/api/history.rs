//! A family's history and its desk notes; a notice cancelled by mistake reactivated; a meal
//! cancellation undone.

use super::{Cancellation, CfPath, DayPath, NumberPath, Reason, Visitor, endpoint};
use crate::backend::{AttendanceDay, HistoryEntry, NewNote, Notice};

endpoint! {
    FamilyHistory: Get "/families/{cf}/history", Staff, Read,
    "What was done for the family of any member (changes, cancellations, corrections, unlocks, enrolments) and its desk notes, newest first",
    (CfPath, (), ()) -> Vec<HistoryEntry>,
    { const ERRORS: &'static [u16] = &[404]; }
    |b, p, _q, _body| b.family_history(&p.cf)
}

endpoint! {
    AddFamilyNote: Post "/families/{cf}/notes", Staff, Change,
    "Add a free-text desk note to the family's history (kept as written, never changed)",
    (CfPath, (), NewNote) -> HistoryEntry,
    { const OK: u16 = 201; const ERRORS: &'static [u16] = &[404]; }
    |b, p, _q, body| b.add_family_note(&p.cf, &body.text)
}

endpoint! {
    ReactivateNotice: Post "/notices/{number}/reactivate", Supervisor, Change,
    "Make a notice cancelled by mistake payable again (supervisor, reason); 409 when not cancelled, past its due date, or paid meanwhile",
    (NumberPath, (), Reason) -> Notice,
    { const ERRORS: &'static [u16] = &[404]; }
    |b, p, _q, body| b.reactivate_notice(&p.number, &body.reason)
}

endpoint! {
    UndoMealCancellation: Post "/children/{cf}/attendance/{day}/cancellation/undo", Staff, Change,
    "Undo a meal cancellation: the day booked again (a day to come, or today before the cut-off)",
    (DayPath, (), Cancellation) -> AttendanceDay,
    { const ERRORS: &'static [u16] = &[404]; }
    |b, p, _q, body| b.undo_meal_cancellation(&p.cf, &body.service, p.date()?)
}

pub(super) fn visit(v: &mut impl Visitor) {
    v.visit::<FamilyHistory>();
    v.visit::<AddFamilyNote>();
    v.visit::<ReactivateNotice>();
    v.visit::<UndoMealCancellation>();
}
