//! `Backend` for the local store: each method is a thin call into the module that holds the rule.

use chrono::NaiveDate;

use super::{LocalBackend, passwords, settings};
use crate::backend::*;
use crate::domain::enrolment::Window;

impl LocalBackend {
    /// Adds a desk operator (demo data, set-up). The password is stored as an argon2id hash.
    pub fn add_operator(
        &self,
        username: &str,
        full_name: &str,
        role: Role,
        password: &str,
    ) -> BResult<()> {
        let hash = passwords::hash(password)?;
        let actor = self.actor()?;
        self.store.write(|tx| {
            tx.execute(
                "INSERT INTO operators (username, full_name, role, password_hash) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (username) DO UPDATE SET full_name = excluded.full_name, role = excluded.role,
                     password_hash = excluded.password_hash",
                rusqlite::params![username, full_name, role.as_str(), hash],
            )?;
            self.store.audit(tx, &actor.username, "operator.set", &format!("operator:{username}"), role.as_str())
        })
    }
}

impl Backend for LocalBackend {
    fn mode(&self) -> Mode {
        Mode::Local {
            path: self.store.path().display().to_string(),
        }
    }

    fn clock(&self) -> crate::clock::Clock {
        self.store.clock()
    }

    fn login(&self, username: &str, password: &str) -> BResult<Operator> {
        let op = self.check_operator(username, password)?;
        *self.session() = Some(op.clone());
        Ok(op)
    }

    fn logout(&self) -> BResult<()> {
        *self.session() = None;
        Ok(())
    }

    fn current_operator(&self) -> Option<Operator> {
        self.session().clone()
    }

    fn kiosk_identify(&self, parent_cf: &str, pan: &str) -> BResult<FamilyCard> {
        self.do_kiosk_identify(parent_cf, pan)
    }

    fn kiosk_end(&self) -> BResult<()> {
        self.do_kiosk_end()
    }

    fn verify_supervisor(&self, username: &str, password: &str) -> BResult<()> {
        self.do_verify_supervisor(username, password)
    }

    fn kiosk_throttles(&self) -> BResult<Vec<KioskThrottle>> {
        self.do_kiosk_throttles()
    }

    fn clear_kiosk_throttle(&self, kiosk: &str) -> BResult<()> {
        self.do_clear_kiosk_throttle(kiosk)
    }

    fn ente(&self) -> BResult<Ente> {
        self.store.read(|tx| settings::ente(tx))
    }

    fn services(&self) -> BResult<Vec<ServiceInfo>> {
        self.not_kiosk()?;
        self.store.read(|tx| {
            Ok(tx
                .prepare_cached("SELECT code, name, prepaid FROM services ORDER BY code")?
                .query_map([], |r| {
                    Ok(ServiceInfo {
                        code: r.get(0)?,
                        name: r.get(1)?,
                        prepaid: r.get(2)?,
                    })
                })?
                .collect::<Result<_, _>>()?)
        })
    }

    fn schools(&self) -> BResult<Vec<School>> {
        self.not_kiosk()?;
        self.store.read(|tx| {
            let mut schools: Vec<School> = tx
                .prepare_cached("SELECT id, name FROM schools ORDER BY name")?
                .query_map([], |r| Ok(School { id: r.get(0)?, name: r.get(1)?, classes: Vec::new() }))?
                .collect::<Result<_, _>>()?;
            let mut st = tx.prepare_cached("SELECT id, level, section FROM classes WHERE school_id = ?1 ORDER BY level, section")?;
            for s in &mut schools {
                s.classes = st
                    .query_map([s.id], |r| Ok(ClassInfo { id: r.get(0)?, level: r.get(1)?, section: r.get(2)? }))?
                    .collect::<Result<_, _>>()?;
            }
            Ok(schools)
        })
    }

    fn search(&self, query: &str, limit: usize) -> BResult<Vec<SearchHit>> {
        self.do_search(query, limit)
    }

    fn family(&self, cf: &str) -> BResult<FamilyCard> {
        self.do_family(cf)
    }

    fn register_parent(&self, parent: &NewParent) -> BResult<Credentials> {
        self.do_register_parent(parent)
    }

    fn update_parent(&self, cf: &str, patch: &ParentPatch) -> BResult<ParentInfo> {
        self.do_update_parent(cf, patch)
    }

    fn unlock_parent(&self, cf: &str) -> BResult<ParentInfo> {
        self.do_unlock_parent(cf)
    }

    fn regenerate_credentials(&self, cf: &str) -> BResult<Credentials> {
        self.do_regenerate_credentials(cf)
    }

    fn parent_login(&self, username: &str, password: &str) -> BResult<LoginOutcome> {
        self.do_parent_login(username, password)
    }

    fn staff_accounts(&self) -> BResult<Vec<StaffAccount>> {
        self.do_staff_accounts()
    }

    fn unlock_operator(&self, username: &str) -> BResult<StaffAccount> {
        self.do_unlock_operator(username)
    }

    fn payment_anomalies(&self) -> BResult<Vec<PaymentAnomaly>> {
        self.do_payment_anomalies()
    }

    fn resolve_payment_anomaly(
        &self,
        id: i64,
        resolution: &AnomalyResolution,
    ) -> BResult<PaymentAnomaly> {
        self.do_resolve_payment_anomaly(id, resolution)
    }

    fn link_second_parent(&self, child_cf: &str, parent_cf: &str) -> BResult<()> {
        self.do_link_second_parent(child_cf, parent_cf)
    }

    fn change_paying_parent(&self, child_cf: &str, parent_cf: &str, reason: &str) -> BResult<()> {
        self.do_change_paying_parent(child_cf, parent_cf, reason)
    }

    fn create_notice(&self, request: &NewNotice) -> BResult<Notice> {
        self.do_create_notice(request)
    }

    fn notice(&self, number: &str) -> BResult<Notice> {
        self.do_notice(number)
    }

    fn cancel_notice(
        &self,
        number: &str,
        reason: &str,
        confirm_in_progress: bool,
    ) -> BResult<Notice> {
        self.do_cancel_notice(number, reason, confirm_in_progress)
    }

    fn record_receipt(&self, receipt: &NewReceipt) -> BResult<ReceiptOutcome> {
        self.do_record_receipt(receipt, "pagopa")
    }

    fn record_cash_payment(&self, number: &str) -> BResult<ReceiptOutcome> {
        self.do_record_cash(number)
    }

    fn fdr_import(&self, flow: &Flow) -> BResult<FlowImport> {
        self.do_fdr_import(flow)
    }

    fn fdr_known(&self) -> BResult<Vec<KnownFlow>> {
        self.do_fdr_known()
    }

    fn fdr_report(&self) -> BResult<ReconciliationReport> {
        self.do_fdr_report()
    }

    fn fdr_credit(&self, iuv: &str, reason: Option<&str>) -> BResult<ReceiptOutcome> {
        self.do_fdr_credit(iuv, reason)
    }

    fn attendance(
        &self,
        child_cf: &str,
        service: &str,
        year: i32,
        month: u32,
    ) -> BResult<AttendanceMonth> {
        self.do_attendance(child_cf, service, year, month)
    }

    fn cancel_meal(&self, child_cf: &str, service: &str, day: NaiveDate) -> BResult<AttendanceDay> {
        self.do_cancel_meal(child_cf, service, day)
    }

    fn correct_attendance(
        &self,
        child_cf: &str,
        service: &str,
        day: NaiveDate,
        reason: &str,
    ) -> BResult<AttendanceDay> {
        self.do_correct_attendance(child_cf, service, day, reason)
    }

    fn statement(
        &self,
        child_cf: &str,
        service: Option<&str>,
        year: Option<i32>,
    ) -> BResult<Statement> {
        self.do_statement(child_cf, service, year)
    }

    fn debtors(&self, min_debt_cents: i64) -> BResult<Vec<Debtor>> {
        self.do_debtors(min_debt_cents)
    }

    fn certificate_730(&self, parent_cf: &str, year: i32) -> BResult<Certificate730> {
        self.do_certificate_730(parent_cf, year)
    }

    fn windows(&self) -> BResult<Vec<Window>> {
        self.do_windows()
    }

    fn save_application(&self, draft: &ApplicationDraft) -> BResult<Application> {
        self.do_save_application(draft)
    }

    fn application(&self, id: i64) -> BResult<Application> {
        self.do_application(id)
    }

    fn applications_of(&self, parent_cf: &str) -> BResult<Vec<Application>> {
        self.do_applications_of(parent_cf)
    }

    fn attach_document(
        &self,
        application_id: i64,
        filename: &str,
        content: &[u8],
    ) -> BResult<DocumentInfo> {
        self.do_attach_document(application_id, filename, content)
    }

    fn submit_application(&self, id: i64, late_reason: Option<&str>) -> BResult<Application> {
        self.do_submit_application(id, late_reason)
    }

    fn discard_application(&self, id: i64) -> BResult<Application> {
        self.do_discard_application(id)
    }

    fn applications(&self, state: Option<ApplicationState>) -> BResult<Vec<QueuedApplication>> {
        self.do_applications(state)
    }

    fn accept_application(&self, id: i64) -> BResult<Application> {
        self.do_accept_application(id)
    }

    fn refuse_application(&self, id: i64, reason: &str) -> BResult<Application> {
        self.do_refuse_application(id, reason)
    }

    fn withdraw(&self, child_cf: &str, withdrawal: &Withdrawal) -> BResult<WithdrawalOutcome> {
        self.do_withdraw(child_cf, withdrawal)
    }

    fn transfer_balance(
        &self,
        child_cf: &str,
        transfer: &BalanceTransfer,
    ) -> BResult<BalanceTransferOutcome> {
        self.do_transfer_balance(child_cf, transfer)
    }

    fn record_presences(&self, presences: &[Presence]) -> BResult<PresenceImport> {
        self.do_record_presences(presences)
    }

    // Second parent, receipts.
    fn unlink_second_parent(&self, child_cf: &str, reason: &str) -> BResult<()> {
        self.do_unlink_second_parent(child_cf, reason)
    }

    // Desk history, notes, undo, reactivate.
    fn family_history(&self, parent_cf: &str) -> BResult<Vec<HistoryEntry>> {
        self.do_family_history(parent_cf)
    }

    fn add_family_note(&self, parent_cf: &str, text: &str) -> BResult<HistoryEntry> {
        self.do_add_family_note(parent_cf, text)
    }

    fn reactivate_notice(&self, number: &str, reason: &str) -> BResult<Notice> {
        self.do_reactivate_notice(number, reason)
    }

    fn undo_meal_cancellation(
        &self,
        child_cf: &str,
        service: &str,
        day: NaiveDate,
    ) -> BResult<AttendanceDay> {
        self.do_undo_meal_cancellation(child_cf, service, day)
    }
}
