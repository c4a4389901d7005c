//! Backend requests the screens make, and their answers. `execute` runs on a blocking task, so the
//! keyboard never waits for the store or the network.

use crate::backend::{
    Application, ApplicationDraft, AttendanceDay, AttendanceMonth, BResult, Backend, Credentials,
    DocumentInfo, FamilyCard, NewNotice, NewParent, Notice, Operator, ParentInfo, ParentPatch,
    ReceiptOutcome, SearchHit, Statement,
};

#[derive(Debug, Clone, PartialEq)]
pub enum Req {
    Login {
        username: String,
        password: String,
    },
    /// Ends the session; a draft to keep is saved first.
    Logout {
        draft: Option<Box<Req>>,
    },
    Search {
        seq: u64,
        query: String,
    },
    Family {
        cf: String,
    },
    /// Is this codice fiscale already registered? (the register form's first step)
    CheckKnown {
        cf: String,
    },
    Notice {
        number: String,
    },
    CreateNotice(NewNotice),
    CancelNotice {
        number: String,
        reason: String,
    },
    Cash {
        number: String,
    },
    /// A pagoPA receipt typed from the parent's copy.
    RecordReceipt(crate::backend::NewReceipt),
    Unlock {
        cf: String,
    },
    Regenerate {
        cf: String,
    },
    Register(NewParent),
    SaveEmail {
        cf: String,
        email: String,
    },
    UpdateParent {
        cf: String,
        patch: ParentPatch,
    },
    Attendance {
        cf: String,
        service: String,
        year: i32,
        month: u32,
    },
    /// The booked meal of a day to come (or today's, before the cut-off) cancelled.
    CancelMeal {
        cf: String,
        service: String,
        day: chrono::NaiveDate,
    },
    CorrectDay {
        cf: String,
        service: String,
        day: chrono::NaiveDate,
        reason: String,
    },
    Statement {
        cf: String,
        service: Option<String>,
        year: Option<i32>,
    },
    EnrolData {
        parent_cf: String,
    },
    SaveApplication(Box<ApplicationDraft>),
    LinkParent {
        child_cf: String,
        parent_cf: String,
    },
    ChangePayer {
        child_cf: String,
        parent_cf: String,
        reason: String,
    },
    SubmitApplication {
        id: i64,
        late_reason: Option<String>,
    },
    Attach {
        id: i64,
        filename: String,
        content: Vec<u8>,
    },
    KioskIdentify {
        cf: String,
        pan: String,
    },
    /// A credentials letter on paper: saved or printed.
    LetterDocument {
        credentials: Box<Credentials>,
        how: crate::paper::Delivery,
        outbox: std::sync::Arc<crate::paper::Outbox>,
    },
    /// The kiosk prints the notice it just made.
    KioskPrint {
        notice: Box<Notice>,
        outbox: std::sync::Arc<crate::paper::Outbox>,
    },
    /// A payment notice, statement or 730 certificate: saved (PDF and CSV), printed or e-mailed.
    Document {
        what: crate::paper::document::What,
        how: crate::paper::Delivery,
        outbox: std::sync::Arc<crate::paper::Outbox>,
    },
    KioskEnd,
    /// The kiosks held up by wrong tries (supervisor).
    KioskThrottles,
    ClearKioskThrottle {
        kiosk: String,
    },
    VerifySupervisor {
        username: String,
        password: String,
    },
    /// The supervisor's list of staff accounts and their login state.
    StaffAccounts,
    UnlockOperator {
        username: String,
    },
}

impl Req {
    /// Whether the request changes the store or the world (a notice, a payment, a letter printed).
    /// Only these are kept from being sent twice: reading again is always allowed.
    pub fn changes_something(&self) -> bool {
        match self {
            Req::Login { .. }
            | Req::Logout { .. }
            | Req::Search { .. }
            | Req::Family { .. }
            | Req::CheckKnown { .. }
            | Req::Notice { .. }
            | Req::Attendance { .. }
            | Req::Statement { .. }
            | Req::EnrolData { .. }
            | Req::KioskIdentify { .. }
            | Req::KioskEnd
            | Req::VerifySupervisor { .. }
            | Req::KioskThrottles
            | Req::StaffAccounts => false,
            Req::CreateNotice(_)
            | Req::CancelNotice { .. }
            | Req::Cash { .. }
            | Req::RecordReceipt(_)
            | Req::Unlock { .. }
            | Req::Regenerate { .. }
            | Req::Register(_)
            | Req::SaveEmail { .. }
            | Req::UpdateParent { .. }
            | Req::CancelMeal { .. }
            | Req::CorrectDay { .. }
            | Req::SaveApplication(_)
            | Req::LinkParent { .. }
            | Req::ChangePayer { .. }
            | Req::SubmitApplication { .. }
            | Req::Attach { .. }
            | Req::LetterDocument { .. }
            | Req::KioskPrint { .. }
            | Req::UnlockOperator { .. }
            | Req::ClearKioskThrottle { .. }
            | Req::Document { .. } => true,
        }
    }
}

#[derive(Debug)]
pub enum Reply {
    Login(BResult<Operator>),
    LoggedOut,
    Search(u64, BResult<Vec<SearchHit>>),
    Family(BResult<FamilyCard>),
    Known(BResult<FamilyCard>),
    Notice(BResult<Notice>),
    Created(BResult<Notice>),
    Cancelled(BResult<Notice>),
    Cash(BResult<ReceiptOutcome>),
    ReceiptRecorded(BResult<ReceiptOutcome>),
    Unlocked(BResult<ParentInfo>),
    Credentials(BResult<Credentials>),
    Registered(BResult<Credentials>),
    EmailSaved(BResult<ParentInfo>),
    ParentSaved(BResult<ParentInfo>),
    Month(BResult<AttendanceMonth>),
    Corrected(BResult<AttendanceDay>),
    MealCancelled(BResult<AttendanceDay>),
    Statement(BResult<Statement>),
    EnrolData(BResult<super::screens::enrol::EnrolData>),
    AppSaved(BResult<Application>),
    AppSubmitted(BResult<Application>),
    Attached(BResult<DocumentInfo>),
    Linked(BResult<()>),
    PayerChanged(BResult<()>),
    Identified(BResult<FamilyCard>),
    DocumentSent(BResult<crate::paper::Sent>),
    KioskEnded,
    SupervisorChecked(BResult<()>),
    StaffAccounts(BResult<Vec<crate::backend::StaffAccount>>),
    OperatorUnlocked(BResult<crate::backend::StaffAccount>),
    KioskThrottles(BResult<Vec<crate::backend::KioskThrottle>>),
    KioskThrottleCleared(BResult<()>),
}

pub fn execute(b: &dyn Backend, req: Req) -> Reply {
    match req {
        Req::Login { username, password } => Reply::Login(b.login(&username, &password)),
        Req::Logout { draft } => {
            if let Some(req) = draft {
                execute(b, *req);
            }
            let _ = b.logout();
            Reply::LoggedOut
        }
        Req::Search { seq, query } => Reply::Search(seq, b.search(&query, 50)),
        Req::Family { cf } => Reply::Family(b.family(&cf)),
        Req::CheckKnown { cf } => Reply::Known(b.family(&cf)),
        Req::Notice { number } => Reply::Notice(b.notice(&number)),
        Req::CreateNotice(n) => Reply::Created(b.create_notice(&n)),
        Req::CancelNotice { number, reason } => Reply::Cancelled(b.cancel_notice(&number, &reason)),
        Req::Cash { number } => Reply::Cash(b.record_cash_payment(&number)),
        Req::RecordReceipt(r) => Reply::ReceiptRecorded(b.record_receipt(&r)),
        Req::Unlock { cf } => Reply::Unlocked(b.unlock_parent(&cf)),
        Req::Regenerate { cf } => Reply::Credentials(b.regenerate_credentials(&cf)),
        Req::Register(p) => Reply::Registered(b.register_parent(&p)),
        Req::SaveEmail { cf, email } => {
            let patch = ParentPatch {
                email: Some(email),
                ..Default::default()
            };
            Reply::EmailSaved(b.update_parent(&cf, &patch))
        }
        Req::UpdateParent { cf, patch } => Reply::ParentSaved(b.update_parent(&cf, &patch)),
        Req::Attendance {
            cf,
            service,
            year,
            month,
        } => Reply::Month(b.attendance(&cf, &service, year, month)),
        Req::CancelMeal { cf, service, day } => {
            Reply::MealCancelled(b.cancel_meal(&cf, &service, day))
        }
        Req::CorrectDay {
            cf,
            service,
            day,
            reason,
        } => Reply::Corrected(b.correct_attendance(&cf, &service, day, &reason)),
        Req::Statement { cf, service, year } => {
            Reply::Statement(b.statement(&cf, service.as_deref(), year))
        }
        Req::EnrolData { parent_cf } => Reply::EnrolData((|| {
            Ok((b.windows()?, b.schools()?, b.applications_of(&parent_cf)?))
        })()),
        Req::SaveApplication(draft) => Reply::AppSaved(b.save_application(&draft)),
        Req::SubmitApplication { id, late_reason } => {
            Reply::AppSubmitted(b.submit_application(id, late_reason.as_deref()))
        }
        Req::Attach {
            id,
            filename,
            content,
        } => Reply::Attached(b.attach_document(id, &filename, &content)),
        Req::LinkParent {
            child_cf,
            parent_cf,
        } => Reply::Linked(b.link_second_parent(&child_cf, &parent_cf)),
        Req::ChangePayer {
            child_cf,
            parent_cf,
            reason,
        } => Reply::PayerChanged(b.change_paying_parent(&child_cf, &parent_cf, &reason)),
        Req::Document { what, how, outbox } => {
            Reply::DocumentSent(outbox.send_document(b, &what, how))
        }
        Req::LetterDocument {
            credentials,
            how,
            outbox,
        } => Reply::DocumentSent(outbox.send_letter(b, &credentials, how)),
        Req::KioskPrint { notice, outbox } => Reply::DocumentSent(outbox.print_notice(b, &notice)),
        Req::KioskIdentify { cf, pan } => Reply::Identified(b.kiosk_identify(&cf, &pan)),
        Req::KioskEnd => {
            let _ = b.kiosk_end();
            Reply::KioskEnded
        }
        Req::KioskThrottles => Reply::KioskThrottles(b.kiosk_throttles()),
        Req::ClearKioskThrottle { kiosk } => {
            Reply::KioskThrottleCleared(b.clear_kiosk_throttle(&kiosk))
        }
        Req::VerifySupervisor { username, password } => {
            Reply::SupervisorChecked(b.verify_supervisor(&username, &password))
        }
        Req::StaffAccounts => Reply::StaffAccounts(b.staff_accounts()),
        Req::UnlockOperator { username } => Reply::OperatorUnlocked(b.unlock_operator(&username)),
    }
}
