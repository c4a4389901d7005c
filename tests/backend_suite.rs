//! One behavioural suite, run against both Backends: the local store, and the remote client talking to a
//! real `sportello serve` on 127.0.0.1 over its own temporary store.

mod common;

use chrono::{Datelike, Days, Months, NaiveDate};
use sportello::backend::*;
use sportello::domain::codice_fiscale::{Sex, compute};
use sportello::remote::RemoteBackend;

/// The child holding the demo's first PAN (found by PAN, as the desk does), and its family.
fn child_and_parent(b: &dyn Backend, pan: &str) -> (String, String) {
    let hits = b.search(pan, 5).unwrap();
    let child = hits
        .iter()
        .find(|h| h.kind == HitKind::Child)
        .expect("the first PAN");
    (child.key.clone(), child.family_cf.to_string())
}

fn topup(child: &str, cents: i64) -> NewNotice {
    NewNotice {
        allocations: vec![Allocation {
            child_cf: child.parse().unwrap(),
            child_name: String::new(),
            service: "refezione".into(),
            amount_cents: cents.try_into().unwrap(),
        }],
        due_date: None,
    }
}

fn balance(b: &dyn Backend, child: &str) -> i64 {
    b.family(child)
        .unwrap()
        .children
        .iter()
        .find(|c| c.cf == child)
        .unwrap()
        .services
        .iter()
        .find(|s| s.service == "refezione")
        .unwrap()
        .balance_cents
        .get()
}

/// The suite: every assertion holds for both implementations.
/// A draft with everything a submission needs.
fn complete_draft(window_id: i64, class: i64, parent_cf: &str, child_cf: &str) -> ApplicationDraft {
    ApplicationDraft {
        id: None,
        window_id,
        parent_cf: parent_cf.parse().unwrap(),
        step: 2,
        data: ApplicationData {
            child_cf: child_cf.to_string(),
            child_surname: "X".into(),
            child_name: "Y".into(),
            class_id: Some(class),
            privacy_accepted: true,
            conditions_accepted: true,
            ..Default::default()
        },
    }
}

fn suite(op: &dyn Backend, sup: &dyn Backend, pans: &[String]) {
    // Sessions.
    assert_eq!(
        op.login("operatore", "sbagliata").unwrap_err().kind,
        ErrorKind::Unauthenticated
    );
    assert_eq!(
        op.login("operatore", "Operatore1").unwrap().role,
        Role::Operator
    );
    assert_eq!(
        sup.login("supervisore", "Supervisore1").unwrap().role,
        Role::Supervisor
    );
    assert_eq!(op.ente().unwrap().fiscal_code, "80001234568");

    // Search and family card from any member.
    let (child, parent) = child_and_parent(op, &pans[0]);
    let card = op.family(&child).unwrap();
    assert_eq!(card.parent.cf, parent);
    assert_eq!(op.family(&parent).unwrap().parent.cf, parent);
    let surname = card.parent.surname.clone();
    assert!(
        op.search(&surname[..3], 50)
            .unwrap()
            .iter()
            .any(|h| h.key == parent)
    );
    assert_eq!(
        op.family("RSSMRA85T10A562X").unwrap_err().field.as_deref(),
        Some("cf")
    );
    // The other parent's code opens the paying parent's card (the desk's most common call).
    let (with_second, second) = pans
        .iter()
        .find_map(|pan| {
            let hit = op.search(pan, 5).ok()?.into_iter().next()?;
            let card = op.family(&hit.key).ok()?;
            let sp = card.children.iter().find_map(|c| c.second_parent.clone())?;
            Some((card, sp))
        })
        .expect("a demo family with a second parent");
    let via_second = op.family(&second.cf).unwrap();
    assert_eq!(via_second.parent.cf, with_second.parent.cf);
    assert_ne!(second.cf, with_second.parent.cf);
    // Attendance of a month: the days the child ate.
    let today = op.today();
    let month = op
        .attendance(
            &child,
            "refezione",
            today.format("%Y").to_string().parse().unwrap(),
            today.format("%m").to_string().parse().unwrap(),
        )
        .unwrap();
    assert_eq!(month.child_cf, child);
    assert_eq!(
        op.attendance(&child, "refezione", 2026, 13)
            .unwrap_err()
            .kind,
        ErrorKind::Invalid
    );
    // A meal cancelled for a school day to come.
    let next_school_day = (1..40u64)
        .map(|n| today + chrono::Days::new(n))
        .find(|d| {
            let month = op
                .attendance(&child, "refezione", d.year(), d.month())
                .unwrap();
            sportello::domain::meals::is_school_day(*d, &month.holidays)
        })
        .unwrap();
    let cancelled = op.cancel_meal(&child, "refezione", next_school_day);
    // After the school year (the summer, its last days) there is nothing left to cancel.
    let year_over = sportello::domain::meals::check_cancel(
        next_school_day,
        op.now(),
        chrono::NaiveTime::MIN,
        true,
    ) == Err(sportello::domain::meals::CancelError::TooFar);
    if year_over {
        assert_eq!(cancelled.unwrap_err().kind, ErrorKind::Invalid);
    } else {
        let day = cancelled.unwrap();
        assert_eq!(
            (day.day, day.status),
            (next_school_day, DayStatus::Cancelled)
        );
        assert_eq!(day.changes[0].by, "operatore");
        let month = op
            .attendance(
                &child,
                "refezione",
                next_school_day.year(),
                next_school_day.month(),
            )
            .unwrap();
        assert!(
            month
                .days
                .iter()
                .any(|d| d.day == next_school_day && d.status == DayStatus::Cancelled)
        );
        let again = op
            .cancel_meal(&child, "refezione", next_school_day)
            .unwrap_err();
        assert_eq!(again.kind, ErrorKind::Conflict);
        assert!(again.it.contains("già disdetto"), "{}", again.it);
    }
    // Yesterday is too late; a Sunday has no meal.
    let yesterday = today - chrono::Days::new(1);
    assert_eq!(
        op.cancel_meal(&child, "refezione", yesterday)
            .unwrap_err()
            .kind,
        if sportello::domain::meals::is_school_day(
            yesterday,
            &op.attendance(&child, "refezione", yesterday.year(), yesterday.month())
                .unwrap()
                .holidays,
        ) {
            ErrorKind::Conflict
        } else {
            ErrorKind::Invalid
        }
    );
    let sunday = (1..8u64)
        .map(|n| today + chrono::Days::new(n))
        .find(|d| d.weekday() == chrono::Weekday::Sun)
        .unwrap();
    let refused = op.cancel_meal(&child, "refezione", sunday).unwrap_err();
    assert_eq!(
        (refused.kind, refused.field.as_deref()),
        (ErrorKind::Invalid, Some("day"))
    );

    // Register: a duplicate is refused; a bad e-mail is refused by field.
    let new_cf = compute(
        "Suite",
        "Tester",
        Sex::F,
        NaiveDate::from_ymd_opt(1985, 3, 3).unwrap(),
        "H501",
    )
    .unwrap();
    let np = NewParent {
        cf: new_cf.clone(),
        surname: "Suite".into(),
        name: "Tester".into(),
        email: None,
        phone: None,
        address: None,
    };
    let creds = op.register_parent(&np).unwrap();
    assert!(creds.temporary_password.len() <= 12);
    assert_eq!(
        op.register_parent(&np).unwrap_err().kind,
        ErrorKind::Conflict
    );
    let bad = ParentPatch {
        email: Some("non-una-mail".into()),
        ..Default::default()
    };
    assert_eq!(
        op.update_parent(new_cf.as_str(), &bad)
            .unwrap_err()
            .field
            .as_deref(),
        Some("email")
    );

    // Lockout and unlock: an operator may not unlock, a supervisor may.
    for _ in 0..3 {
        op.parent_login(new_cf.as_str(), "x").unwrap();
    }
    assert!(op.family(new_cf.as_str()).unwrap().parent.locked);
    assert_eq!(
        op.unlock_parent(new_cf.as_str()).unwrap_err().kind,
        ErrorKind::Forbidden
    );
    assert!(!sup.unlock_parent(new_cf.as_str()).unwrap().locked);

    // Notices: bad inputs refused, nothing written; a receipt twice credits once.
    assert_eq!(
        op.create_notice(&topup("RSSMRA85T10A562S", 2000))
            .unwrap_err()
            .kind,
        ErrorKind::NotFound
    );
    assert_eq!(
        op.create_notice(&topup(&child, 1))
            .unwrap_err()
            .field
            .as_deref(),
        Some("amount")
    );
    let mut nido = topup(&child, 2000);
    nido.allocations[0].service = "nido".into();
    assert_eq!(
        op.create_notice(&nido).unwrap_err().field.as_deref(),
        Some("service")
    );
    let before = balance(op, &child);
    let n = op.create_notice(&topup(&child, 2000)).unwrap();
    // Search by notice number finds the notice's family.
    assert!(
        op.search(&n.number, 5)
            .unwrap()
            .iter()
            .any(|h| h.family_cf == parent),
        "notice {}",
        n.number
    );
    let r = NewReceipt {
        notice_number: n.number.clone(),
        receipt_id: format!("R-{}", n.iuv),
        amount_cents: 2000.try_into().unwrap(),
        paid_at: None,
        psp: None,
    };
    // Typing a receipt credits money on someone's word: a supervisor's call, not an operator's.
    assert_eq!(
        op.record_receipt(&r).unwrap_err().kind,
        ErrorKind::Forbidden
    );
    assert_eq!(balance(op, &child), before);
    // A day in the future, or before the notice existed, is refused on its field; nothing credited.
    let today = op.today();
    for day in [today + Days::new(1), n.created_at.date() - Days::new(1)] {
        let wrong = NewReceipt {
            paid_at: Some(PaidAt::Day(day)),
            ..r.clone()
        };
        let e = sup.record_receipt(&wrong).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("paid_at"), "{day}: {e:?}");
    }
    assert_eq!(balance(op, &child), before);
    // The day alone is kept as a day.
    let r = NewReceipt {
        paid_at: Some(PaidAt::Day(today)),
        ..r
    };
    let paid = sup.record_receipt(&r).unwrap();
    assert!(paid.credited);
    assert_eq!(paid.notice.receipts[0].paid_at, PaidAt::Day(today));
    assert!(!sup.record_receipt(&r).unwrap().credited);
    assert_eq!(balance(op, &child), before + 2000);
    // A due date already past, or more than two years ahead, is refused; within them it is kept.
    for (due, ok) in [
        (today - Days::new(1), false),
        (today + Months::new(24) + Days::new(1), false),
        (today + Days::new(30), true),
    ] {
        let mut req = topup(&child, 1000);
        req.due_date = Some(due);
        match op.create_notice(&req) {
            Ok(n) => assert!(ok && n.due_date == Some(due), "{due}"),
            Err(e) => assert!(
                !ok && e.field.as_deref() == Some("due_date"),
                "{due}: {e:?}"
            ),
        }
    }
    // Cash: supervisor only. Cancel: with a reason.
    let n2 = op.create_notice(&topup(&child, 1500)).unwrap();
    assert_eq!(
        op.record_cash_payment(&n2.number).unwrap_err().kind,
        ErrorKind::Forbidden
    );
    assert!(sup.record_cash_payment(&n2.number).unwrap().credited);
    let n3 = op.create_notice(&topup(&child, 1500)).unwrap();
    assert_eq!(
        op.cancel_notice(&n3.number, " ", false)
            .unwrap_err()
            .field
            .as_deref(),
        Some("reason")
    );
    assert_eq!(
        op.cancel_notice(&n3.number, "errore", false).unwrap().state,
        NoticeState::Cancelled
    );

    // Statement and 730.
    let st = op.statement(&child, Some("refezione"), None).unwrap();
    assert!(
        st.movements
            .iter()
            .any(|m| m.kind == "topup" && m.amount_cents == 2000)
    );
    let year = op.today().year();
    let cert = op.certificate_730(&parent, year).unwrap();
    assert!(cert.total_cents >= 3500, "{}", cert.total_cents);

    // Enrolment: draft, submit, then read-only.
    let w = op
        .windows()
        .unwrap()
        .into_iter()
        .find(|w| w.is_open_at(op.now()))
        .unwrap();
    let class = common::fitting_class(op, &child, &w);
    let app = op
        .save_application(&complete_draft(w.id, class, &parent, &child))
        .unwrap();
    let sent = op.submit_application(app.id, None).unwrap();
    assert_eq!(sent.state, ApplicationState::Submitted);
    let again = ApplicationDraft {
        id: Some(app.id),
        window_id: w.id,
        parent_cf: parent.parse().unwrap(),
        step: 3,
        data: sent.data.clone(),
    };
    assert_eq!(
        op.save_application(&again).unwrap_err().kind,
        ErrorKind::Conflict
    );

    // A family in debt: an operator cannot send its application; a supervisor can, with a reason.
    let (debtor, debt) = pans
        .iter()
        .filter_map(|pan| op.search(pan, 1).ok()?.into_iter().next())
        .filter_map(|hit| op.family(&hit.key).ok())
        .find_map(|card| {
            let owed = card.debt_cents();
            (owed > 0).then_some((card, owed))
        })
        .expect("a demo family in debt");
    let debtor_child = debtor.children[0].cf.to_string();
    let draft = complete_draft(
        w.id,
        common::fitting_class(op, &debtor_child, &w),
        &debtor.parent.cf,
        &debtor_child,
    );
    let app = op.save_application(&draft).unwrap();
    // The draft cannot be handed to another parent (one out of debt, say): refused, nothing written.
    let other = pans
        .iter()
        .filter_map(|pan| op.search(pan, 1).ok()?.into_iter().next())
        .map(|hit| hit.family_cf)
        .find(|cf| *cf != debtor.parent.cf)
        .expect("another demo family");
    let moved = ApplicationDraft {
        id: Some(app.id),
        parent_cf: other.clone(),
        step: 4,
        ..draft.clone()
    };
    for who in [op, sup] {
        let e = who.save_application(&moved).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Invalid, "{e:?}");
        assert_eq!(e.field.as_deref(), Some("parent_cf"));
        assert!(e.it.contains("altro genitore"), "{}", e.it);
        assert!(e.en.contains("another parent"), "{}", e.en);
    }
    let kept = op.application(app.id).unwrap();
    assert_eq!(kept.parent_cf, debtor.parent.cf);
    assert_eq!((kept.step, kept.updated_at), (app.step, app.updated_at));
    assert!(
        op.applications_of(&other)
            .unwrap()
            .iter()
            .all(|a| a.id != app.id)
    );
    let refused = op.submit_application(app.id, None).unwrap_err();
    assert_eq!(refused.kind, ErrorKind::Forbidden);
    assert!(
        refused.it.contains(&format!(
            "debito di {}",
            sportello::domain::money::format_eur(debt)
        )),
        "{}",
        refused.it
    );
    assert_eq!(
        sup.submit_application(app.id, Some(" ")).unwrap_err().kind,
        ErrorKind::Invalid
    );
    let sent = sup
        .submit_application(app.id, Some("piano di rateizzazione"))
        .unwrap();
    assert_eq!(sent.state, ApplicationState::Submitted);
    assert_eq!(sent.late_reason.as_deref(), Some("piano di rateizzazione"));

    // The reminders list: supervisors only; each family's debt is what its card shows.
    assert_eq!(op.debtors(0).unwrap_err().kind, ErrorKind::Forbidden);
    let debtors = sup.debtors(0).unwrap();
    assert!(
        debtors.iter().any(|d| d.parent.cf == debtor.parent.cf),
        "the family in debt above is listed"
    );
    assert!(
        debtors
            .windows(2)
            .all(|w| w[0].debt_cents >= w[1].debt_cents)
    );
    for d in &debtors {
        let card = op.family(&d.parent.cf).unwrap();
        assert_eq!(d.debt_cents, card.debt_cents(), "{}", d.parent.cf);
    }
    let top = debtors[0].debt_cents.get();
    assert_eq!(
        sup.debtors(top).unwrap().len(),
        debtors.iter().filter(|d| d.debt_cents >= top).count()
    );
    assert!(sup.debtors(top + 1).unwrap().is_empty());

    // Logout ends the session.
    op.logout().unwrap();
    assert_eq!(
        op.family(&child).unwrap_err().kind,
        ErrorKind::Unauthenticated
    );
}

#[test]
fn local_store() {
    common::on_local_store(|op, sup, _, pans| suite(op, sup, pans));
}

#[test]
fn remote_client_against_a_real_server() {
    common::on_remote_server(|op, sup, _, pans| suite(op, sup, pans));
}

#[test]
fn an_unreachable_server_is_said_plainly() {
    let b = RemoteBackend::new("http://127.0.0.1:9").unwrap();
    let e = b.login("operatore", "Operatore1").unwrap_err();
    assert_eq!(e.kind, ErrorKind::Unavailable);
    assert!(e.it.contains("non raggiungibile"), "{}", e.it);
}
