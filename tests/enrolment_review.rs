//! The office's review of applications, run against both backends (the local store, and the remote
//! client on a real `sportello serve`): acceptance enrols (child, tariff band from the ISEE, sibling
//! rank, PAN), a second accept changes nothing, refusal, the waiting list in order, withdrawal stops
//! charges, the credit moves on, and the bad inputs are refused with nothing written.

mod common;

use std::path::Path;

use chrono::{Datelike, Days, NaiveDate};
use common::count;
use rusqlite::Connection;
use sportello::backend::*;
use sportello::domain::codice_fiscale::{Sex, compute};
use sportello::domain::enrolment::{Window, school_year_of};
use sportello::domain::kiosk::{PanShape, pan_shape};

fn sql(path: &Path) -> Connection {
    let c = Connection::open(path).unwrap();
    c.busy_timeout(std::time::Duration::from_secs(5)).unwrap();
    c
}

/// Rows in every table a decision writes, to see that a refused one wrote nothing.
fn footprint(path: &Path) -> [i64; 5] {
    [
        "SELECT count(*) FROM children",
        "SELECT count(*) FROM enrolments",
        "SELECT count(*) FROM audit",
        "SELECT count(*) FROM applications WHERE state IN ('accepted', 'rejected', 'waitlisted')",
        "SELECT count(*) FROM ledger",
    ]
    .map(|q| count(path, q))
}

fn new_child_cf(surname: &str, name: &str, sex: Sex, birth: NaiveDate) -> String {
    compute(surname, name, sex, birth, "H501")
        .unwrap()
        .to_string()
}

struct Draft<'a> {
    parent: &'a str,
    child: String,
    class: i64,
    isee: Option<i64>,
    consent: bool,
    birth: Option<NaiveDate>,
    sex: Option<Sex>,
    diet: Option<&'a str>,
}

impl<'a> Draft<'a> {
    /// A draft for `child` in `class`: no ISEE, no consent, no birth, sex or diet typed.
    fn new(parent: &'a str, child: String, class: i64) -> Draft<'a> {
        Draft {
            parent,
            child,
            class,
            isee: None,
            consent: false,
            birth: None,
            sex: None,
            diet: None,
        }
    }
}

fn sent(op: &dyn Backend, sup: &dyn Backend, window: &Window, d: Draft) -> Application {
    let app = op
        .save_application(&ApplicationDraft {
            id: None,
            window_id: window.id,
            parent_cf: d.parent.parse().unwrap(),
            step: 6,
            data: ApplicationData {
                child_cf: d.child.clone(),
                child_surname: "Nuovo".into(),
                child_name: "Bimbo".into(),
                child_birth_date: d.birth,
                child_sex: d.sex,
                class_id: Some(d.class),
                diet: d.diet.map(str::to_string),
                isee_cents: d.isee,
                isee_consent: d.consent,
                privacy_accepted: true,
                conditions_accepted: true,
                ..Default::default()
            },
        })
        .unwrap();
    if d.diet.is_some() {
        op.attach_document(app.id, "certificato.pdf", b"%PDF-1.4 certificato")
            .unwrap();
    }
    // Outside its window only a supervisor sends, with a reason.
    match op.submit_application(app.id, None) {
        Ok(a) => a,
        Err(_) => sup
            .submit_application(app.id, Some("iscrizione tardiva"))
            .unwrap(),
    }
}

/// Accepts an application: the enrolment it made.
fn accept_enrolment(sup: &dyn Backend, id: i64) -> Enrolment {
    sup.accept_application(id)
        .unwrap()
        .decision
        .unwrap()
        .enrolment
        .unwrap()
}

fn canteen_window(b: &dyn Backend) -> Window {
    b.windows()
        .unwrap()
        .into_iter()
        .find(|w| w.service == "refezione")
        .unwrap()
}

/// The classes of a school, by id, and the school's id.
fn classes_of(path: &Path, school: &str) -> (i64, Vec<i64>) {
    let c = sql(path);
    let sid: i64 = c
        .query_row(
            "SELECT id FROM schools WHERE name LIKE ?1",
            [format!("%{school}%")],
            |r| r.get(0),
        )
        .unwrap();
    let mut st = c
        .prepare("SELECT id FROM classes WHERE school_id = ?1 ORDER BY id")
        .unwrap();
    let ids = st
        .query_map([sid], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    (sid, ids)
}

/// A demo family with `n` or more children in the canteen this year, all paid by its parent.
fn family_with(op: &dyn Backend, pans: &[String], n: usize) -> FamilyCard {
    pans.iter()
        .filter_map(|pan| op.search(pan, 1).ok()?.into_iter().next())
        .filter_map(|hit| op.family(&hit.key).ok())
        .find(|card| {
            card.children
                .iter()
                .filter(|c| {
                    c.services
                        .iter()
                        .any(|s| s.service == "refezione" && s.price_cents.is_some())
                })
                .count()
                >= n
        })
        .expect("a demo family with enough children")
}

/// The most recent school days before today, newest first.
fn school_days(b: &dyn Backend, child: &str, n: usize) -> Vec<NaiveDate> {
    let today = b.today();
    let mut out = Vec::new();
    let mut d = today - Days::new(1);
    while out.len() < n {
        let month = b
            .attendance(child, "refezione", d.year(), d.month())
            .unwrap();
        if sportello::domain::meals::is_school_day(d, &month.holidays)
            && school_year_of(d) == school_year_of(today)
        {
            out.push(d);
        }
        d = d - Days::new(1);
    }
    out
}

fn balance(b: &dyn Backend, child: &str, service: &str) -> i64 {
    b.family(child)
        .unwrap()
        .children
        .iter()
        .find(|c| c.cf == child)
        .unwrap()
        .services
        .iter()
        .find(|s| s.service == service)
        .map_or(0, |s| s.balance_cents.get())
}

fn suite(op: &dyn Backend, sup: &dyn Backend, path: &Path, pans: &[String]) {
    op.login("operatore", "Operatore1").unwrap();
    sup.login("supervisore", "Supervisore1").unwrap();
    let window = canteen_window(op);
    let year = window.school_year.clone();
    let family = family_with(op, pans, 1);
    let parent = family.parent.cf.to_string();
    let enrolled_before = family
        .children
        .iter()
        .filter(|c| {
            c.services
                .iter()
                .any(|s| s.service == "refezione" && s.price_cents.is_some())
        })
        .count() as u32;
    let (_, girasole) = classes_of(path, "Girasole");

    // A new child, ISEE exactly at a band's upper limit (8.000,00 €: the 1,50 € band), consent given.
    let birth = NaiveDate::from_ymd_opt(2022, 5, 17).unwrap();
    let child = new_child_cf("Nuovo", "Bimbo", Sex::F, birth);
    let app = sent(
        op,
        sup,
        &window,
        Draft {
            isee: Some(800_000),
            consent: true,
            birth: Some(birth),
            sex: Some(Sex::F),
            diet: Some("senza glutine"),
            ..Draft::new(&parent, child.clone(), girasole[0])
        },
    );
    assert_eq!(app.state, ApplicationState::Submitted);
    assert!(app.submitted_at.is_some());
    assert_eq!(app.decision, None);

    // An operator neither sees the queue nor decides.
    for e in [
        op.applications(None).unwrap_err(),
        op.accept_application(app.id).unwrap_err(),
        op.refuse_application(app.id, "no").unwrap_err(),
    ] {
        assert_eq!(e.kind, ErrorKind::Forbidden, "{e:?}");
    }
    assert_eq!(
        op.application(app.id).unwrap().state,
        ApplicationState::Submitted
    );

    // The queue: the application with what the office decides on.
    let queue = sup.applications(Some(ApplicationState::Submitted)).unwrap();
    let q = queue.iter().find(|q| q.id == app.id).expect("in the queue");
    assert_eq!(q.parent.cf, parent);
    assert_eq!(q.child_cf, child);
    assert_eq!(q.child_name, "Nuovo Bimbo");
    assert_eq!(q.service, "refezione");
    assert_eq!(q.school_year, year);
    assert_eq!(q.isee_cents, Some(Cents(800_000)));
    assert!(q.isee_consent);
    assert_eq!(q.diet.as_deref(), Some("senza glutine"));
    assert_eq!(q.documents.len(), 1);
    assert_eq!(q.documents[0].filename, "certificato.pdf");
    assert_eq!(q.family_debt_cents.get(), family.debt_cents());
    assert!(q.school.as_deref().unwrap().contains("Girasole"));
    assert_eq!(q.class.as_deref(), Some("1A"));
    assert!(
        queue
            .windows(2)
            .all(|w| w[0].submitted_at <= w[1].submitted_at),
        "oldest sent first"
    );
    assert!(
        sup.applications(Some(ApplicationState::Accepted))
            .unwrap()
            .iter()
            .all(|q| q.id != app.id)
    );

    // Accept: the child is created and enrolled at the band's price, less the sibling discount.
    let accepted = sup.accept_application(app.id).unwrap();
    assert_eq!(accepted.state, ApplicationState::Accepted);
    let decision = accepted.decision.clone().unwrap();
    assert_eq!(decision.by, "supervisore");
    let e = decision.enrolment.clone().unwrap();
    let rank = enrolled_before + 1;
    let expected = if rank >= 2 {
        (150 * 80 + 50) / 100
    } else {
        150
    };
    assert_eq!(e.child_cf, child);
    assert_eq!(e.service, "refezione");
    assert_eq!(e.school_year, year);
    assert!(e.prepaid);
    assert_eq!(
        e.band_isee_max_cents,
        Some(Cents(800_000)),
        "exactly at the limit: that band"
    );
    assert_eq!(e.sibling_rank, rank);
    assert_eq!(e.price_cents.get(), expected);
    assert_eq!(e.withdrawn_from, None);
    assert_eq!(pan_shape(&e.pan), PanShape::Valid, "{}", e.pan);
    // The child on the family card, field by field.
    let card = op.family(&parent).unwrap();
    let c = card
        .children
        .iter()
        .find(|c| c.cf == child)
        .expect("on the card");
    assert_eq!((c.surname.as_str(), c.name.as_str()), ("NUOVO", "BIMBO"));
    assert_eq!(c.birth_date, birth);
    assert_eq!(c.pan, e.pan);
    assert!(c.school.as_deref().unwrap().contains("Girasole"));
    assert_eq!(
        (c.class.as_deref(), c.section.as_deref()),
        (Some("1"), Some("A"))
    );
    assert_eq!(c.diet.as_deref(), Some("senza glutine"));
    let s = c
        .services
        .iter()
        .find(|s| s.service == "refezione")
        .unwrap();
    assert_eq!(
        (s.balance_cents.get(), s.price_cents.map(|p| p.get())),
        (0, Some(expected))
    );
    let sex: String = sql(path)
        .query_row("SELECT sex FROM children WHERE cf = ?1", [&child], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(sex, "F");
    // Found at the desk by its PAN; the application is read-only now.
    assert!(op.search(&e.pan, 5).unwrap().iter().any(|h| h.key == child));
    assert_eq!(
        op.application(app.id).unwrap().decision,
        Some(decision.clone())
    );

    // A second accept changes nothing.
    let before = footprint(path);
    let again = sup.accept_application(app.id).unwrap_err();
    assert_eq!(again.kind, ErrorKind::Conflict);
    assert!(again.it.contains("già stata decisa"), "{}", again.it);
    assert_eq!(footprint(path), before);
    assert_eq!(
        sup.refuse_application(app.id, "ripensamento")
            .unwrap_err()
            .kind,
        ErrorKind::Conflict
    );
    assert_eq!(footprint(path), before);

    // Topped up (cash on a notice), charged for the meals the school records, once each.
    let notice = op
        .create_notice(&NewNotice {
            allocations: vec![Allocation {
                child_cf: child.parse().unwrap(),
                child_name: String::new(),
                service: "refezione".into(),
                amount_cents: 2000.try_into().unwrap(),
            }],
            due_date: None,
        })
        .unwrap();
    sup.record_cash_payment(&notice.number.to_string()).unwrap();
    assert_eq!(balance(op, &child, "refezione"), 2000);
    let days = school_days(op, &child, 3); // newest first
    let present = |day: NaiveDate| Presence {
        child_cf: child.parse().unwrap(),
        service: "refezione".into(),
        day,
    };
    assert_eq!(
        op.record_presences(&[present(days[2])]).unwrap_err().kind,
        ErrorKind::Forbidden
    );
    let first = sup
        .record_presences(&[present(days[2]), present(days[1]), present(days[0])])
        .unwrap();
    assert_eq!(
        (first.charged, first.charged_cents.get(), first.already),
        (3, 3 * expected, 0)
    );
    assert!(first.refused.is_empty(), "{:?}", first.refused);
    assert_eq!(balance(op, &child, "refezione"), 2000 - 3 * expected);
    let twice = sup.record_presences(&[present(days[0])]).unwrap();
    assert_eq!((twice.charged, twice.already), (0, 1));
    assert_eq!(balance(op, &child, "refezione"), 2000 - 3 * expected);

    // Withdrawn from the middle day: that day and the next are refunded, later days are not charged.
    assert_eq!(
        op.withdraw(
            &child,
            &Withdrawal {
                service: "refezione".into(),
                from: days[1],
                reason: "trasloco".into()
            }
        )
        .unwrap_err()
        .kind,
        ErrorKind::Forbidden
    );
    assert_eq!(
        sup.withdraw(
            &child,
            &Withdrawal {
                service: "refezione".into(),
                from: days[1],
                reason: " ".into()
            }
        )
        .unwrap_err()
        .kind,
        ErrorKind::Invalid
    );
    let w = sup
        .withdraw(
            &child,
            &Withdrawal {
                service: "refezione".into(),
                from: days[1],
                reason: "trasloco".into(),
            },
        )
        .unwrap();
    assert_eq!((w.refunded_days, w.refunded_cents.get()), (2, 2 * expected));
    assert_eq!(w.balance_cents.get(), 2000 - expected);
    assert_eq!(balance(op, &child, "refezione"), 2000 - expected);
    let after = sup.record_presences(&[present(days[0])]).unwrap();
    assert_eq!(after.charged, 0);
    assert_eq!(after.refused.len(), 1);
    assert!(
        after.refused[0].why_it.contains("Ritirato"),
        "{}",
        after.refused[0].why_it
    );
    assert_eq!(balance(op, &child, "refezione"), 2000 - expected);
    let card = op.family(&child).unwrap();
    let s = card
        .children
        .iter()
        .find(|c| c.cf == child)
        .unwrap()
        .services
        .iter()
        .find(|s| s.service == "refezione")
        .cloned()
        .unwrap();
    assert_eq!(s.withdrawn_from, Some(days[1]));
    assert_eq!(
        sup.withdraw(
            &child,
            &Withdrawal {
                service: "refezione".into(),
                from: days[0],
                reason: "di nuovo".into()
            }
        )
        .unwrap_err()
        .kind,
        ErrorKind::Conflict
    );

    // The credit left moves to a sibling with the same paying parent, once.
    let sibling = card
        .children
        .iter()
        .find(|c| {
            c.cf != child
                && c.services
                    .iter()
                    .any(|s| s.service == "refezione" && s.price_cents.is_some())
        })
        .map(|c| c.cf.to_string());
    let left = 2000 - expected;
    match &sibling {
        Some(sib) => {
            let sib_before = balance(op, sib, "refezione");
            let moved = sup
                .transfer_balance(
                    &child,
                    &BalanceTransfer {
                        service: "refezione".into(),
                        to_child_cf: Some(sib.parse().unwrap()),
                        reason: "ritiro".into(),
                    },
                )
                .unwrap();
            assert_eq!(moved.amount_cents.get(), left);
            assert_eq!(balance(op, sib, "refezione"), sib_before + left);
        }
        None => {
            sup.transfer_balance(
                &child,
                &BalanceTransfer {
                    service: "refezione".into(),
                    to_child_cf: None,
                    reason: "rimborso".into(),
                },
            )
            .unwrap();
        }
    }
    assert_eq!(balance(op, &child, "refezione"), 0);
    let none_left = sup
        .transfer_balance(
            &child,
            &BalanceTransfer {
                service: "refezione".into(),
                to_child_cf: None,
                reason: "di nuovo".into(),
            },
        )
        .unwrap_err();
    assert_eq!(none_left.kind, ErrorKind::Conflict);

    // No consent to fetch the ISEE: the top band, whatever was declared.
    let other = new_child_cf(
        "Senza",
        "Consenso",
        Sex::M,
        NaiveDate::from_ymd_opt(2021, 2, 3).unwrap(),
    );
    let app2 = sent(
        op,
        sup,
        &window,
        Draft {
            isee: Some(50_000),
            ..Draft::new(&parent, other.clone(), girasole[1])
        },
    );
    let e2 = accept_enrolment(sup, app2.id);
    assert_eq!(e2.band_isee_max_cents, None);
    // The first child was withdrawn: it no longer counts as a sibling in the service.
    let rank2 = enrolled_before + 1;
    assert_eq!(e2.sibling_rank, rank2);
    assert_eq!(e2.price_cents.get(), if rank2 >= 2 { 440 } else { 550 });
    // Birth date and sex from the code when the application did not give them.
    let c2 = op
        .family(&other)
        .unwrap()
        .children
        .into_iter()
        .find(|c| c.cf == other)
        .unwrap();
    assert_eq!(c2.birth_date, NaiveDate::from_ymd_opt(2021, 2, 3).unwrap());

    // The bus (its window closed: sent by a supervisor) is a monthly fee by band; a day on the bus is
    // recorded, not charged as a meal. ISEE one cent over a limit: the next band.
    let bus_window = op
        .windows()
        .unwrap()
        .into_iter()
        .find(|w| w.service == "trasporto")
        .unwrap();
    let rider = new_child_cf(
        "Sul",
        "Pulmino",
        Sex::F,
        NaiveDate::from_ymd_opt(2018, 9, 9).unwrap(),
    );
    let bus = sent(
        op,
        sup,
        &bus_window,
        Draft {
            isee: Some(800_001),
            consent: true,
            ..Draft::new(&parent, rider.clone(), girasole[3])
        },
    );
    assert_eq!(bus.late_reason.as_deref(), Some("iscrizione tardiva"));
    let eb = accept_enrolment(sup, bus.id);
    assert_eq!(
        (eb.service.as_str(), eb.monthly, eb.prepaid),
        ("trasporto", true, true)
    );
    assert_eq!(eb.band_isee_max_cents, Some(Cents(2_000_000)));
    let bus_rank = eb.sibling_rank;
    assert_eq!(
        eb.price_cents.get(),
        if bus_rank >= 2 { 1750 } else { 2500 }
    );
    let ride = sup
        .record_presences(&[Presence {
            child_cf: rider.parse().unwrap(),
            service: "trasporto".into(),
            day: days[0],
        }])
        .unwrap();
    assert_eq!(
        (ride.charged, ride.recorded, ride.charged_cents.get()),
        (0, 1, 0)
    );
    assert_eq!(balance(op, &rider, "trasporto"), 0);

    // A child already registered applies for the bus: enrolled, and updated where the application says.
    let (_, rodari) = classes_of(path, "Rodari");
    if let Some(walker) = family.children.iter().find(|c| {
        !c.services
            .iter()
            .any(|s| s.service == "trasporto" && s.price_cents.is_some())
    }) {
        let app = sent(
            op,
            sup,
            &bus_window,
            Draft {
                diet: Some("vegetariana"),
                ..Draft::new(&parent, walker.cf.to_string(), rodari[4])
            },
        );
        let children_before = count(path, "SELECT count(*) FROM children");
        let e = accept_enrolment(sup, app.id);
        assert_eq!(
            (e.child_cf.to_string(), e.pan.clone()),
            (walker.cf.to_string(), walker.pan.clone()),
            "the same child, its PAN kept"
        );
        assert_eq!(
            count(path, "SELECT count(*) FROM children"),
            children_before
        );
        let now = op
            .family(&walker.cf.to_string())
            .unwrap()
            .children
            .into_iter()
            .find(|c| c.cf == walker.cf)
            .unwrap();
        assert!(
            now.school.as_deref().unwrap().contains("Rodari"),
            "{:?}",
            now.school
        );
        assert_eq!(now.diet.as_deref(), Some("vegetariana"));
        assert_eq!(
            (now.surname.as_str(), now.birth_date),
            ("NUOVO", walker.birth_date),
            "names as the application gives them (capitals, as the register)"
        );
    }

    // Refuse: a reason is needed; the parent reads it.
    let third = new_child_cf(
        "Respinto",
        "Bimbo",
        Sex::M,
        NaiveDate::from_ymd_opt(2021, 4, 9).unwrap(),
    );
    let app3 = sent(
        op,
        sup,
        &window,
        Draft::new(&parent, third.clone(), girasole[2]),
    );
    let before = footprint(path);
    let blank = sup.refuse_application(app3.id, "   ").unwrap_err();
    assert_eq!(
        (blank.kind, blank.field.as_deref()),
        (ErrorKind::Invalid, Some("reason"))
    );
    assert_eq!(footprint(path), before);
    let refused = sup
        .refuse_application(app3.id, "Residenza fuori comune")
        .unwrap();
    assert_eq!(refused.state, ApplicationState::Rejected);
    assert_eq!(
        refused.decision.unwrap().reason.as_deref(),
        Some("Residenza fuori comune")
    );
    assert!(
        op.family(&third).is_err(),
        "a refused application creates no child"
    );
    assert_eq!(
        sup.accept_application(app3.id).unwrap_err().kind,
        ErrorKind::Conflict
    );

    // Bad input, nothing written: not sent; already enrolled in that service that year; a class gone.
    let draft = op
        .save_application(&ApplicationDraft {
            id: None,
            window_id: window.id,
            parent_cf: parent.parse().unwrap(),
            step: 2,
            data: ApplicationData {
                child_cf: third.clone(),
                ..Default::default()
            },
        })
        .unwrap();
    let before = footprint(path);
    let e = sup.accept_application(draft.id).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Conflict);
    assert!(e.it.contains("non è stata inviata"), "{}", e.it);
    let existing = family
        .children
        .iter()
        .find(|c| {
            c.services
                .iter()
                .any(|s| s.service == "refezione" && s.price_cents.is_some())
        })
        .unwrap();
    let dup = sent(
        op,
        sup,
        &window,
        Draft::new(&parent, existing.cf.to_string(), girasole[0]),
    );
    let before_dup = footprint(path);
    let e = sup.accept_application(dup.id).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Conflict);
    assert!(e.it.contains("già iscritto"), "{}", e.it);
    assert_eq!(footprint(path), before_dup);
    let c = sql(path);
    c.execute("INSERT INTO classes (school_id, level, section) SELECT school_id, '9', 'Z' FROM classes WHERE id = ?1", [girasole[0]]).unwrap();
    let gone_class = c.last_insert_rowid();
    let gone_child = new_child_cf(
        "Classe",
        "Sparita",
        Sex::F,
        NaiveDate::from_ymd_opt(2021, 6, 1).unwrap(),
    );
    let gone = sent(
        op,
        sup,
        &window,
        Draft::new(&parent, gone_child, gone_class),
    );
    c.execute("DELETE FROM classes WHERE id = ?1", [gone_class])
        .unwrap();
    let before_gone = footprint(path);
    let e = sup.accept_application(gone.id).unwrap_err();
    assert_eq!(
        (e.kind, e.field.as_deref()),
        (ErrorKind::Invalid, Some("class_id"))
    );
    assert!(e.it.contains("non esiste più"), "{}", e.it);
    assert_eq!(footprint(path), before_gone);
    assert!(before.iter().zip(footprint(path)).all(|(b, a)| a >= *b));

    // A draft the family gives up is discarded (kept), once.
    let discarded = op.discard_application(draft.id).unwrap();
    assert_eq!(discarded.state, ApplicationState::Discarded);
    assert_eq!(
        op.discard_application(draft.id).unwrap_err().kind,
        ErrorKind::Conflict
    );
    assert_eq!(
        op.discard_application(app3.id).unwrap_err().kind,
        ErrorKind::Conflict
    );
    assert!(
        sup.applications(None)
            .unwrap()
            .iter()
            .all(|q| q.id != draft.id)
    );

    waiting_list(op, sup, path, &window, pans);
}

/// Places are full at a school: applications wait in the order they were sent, and a withdrawal
/// gives the freed place to the first in line.
fn waiting_list(
    op: &dyn Backend,
    sup: &dyn Backend,
    path: &Path,
    window: &Window,
    pans: &[String],
) {
    let (rodari, classes) = classes_of(path, "Rodari");
    let taken = count(
        path,
        &format!(
            "SELECT count(*) FROM enrolments e JOIN children c ON c.id = e.child_id JOIN classes cl ON cl.id = c.class_id
             WHERE e.service = 'refezione' AND e.school_year = '{}' AND cl.school_id = {rodari} AND e.withdrawn_from IS NULL",
            window.school_year
        ),
    );
    assert!(taken > 0, "demo children at Rodari");
    sql(path)
        .execute(
            "INSERT INTO service_places (service, school_id, places) VALUES ('refezione', ?1, ?2)",
            [rodari, taken],
        )
        .unwrap();
    let parent = family_with(op, pans, 1).parent.cf.to_string();
    let first_cf = new_child_cf(
        "Primo",
        "Inlista",
        Sex::M,
        NaiveDate::from_ymd_opt(2019, 1, 10).unwrap(),
    );
    let second_cf = new_child_cf(
        "Secondo",
        "Inlista",
        Sex::M,
        NaiveDate::from_ymd_opt(2019, 2, 10).unwrap(),
    );
    let first = sent(
        op,
        sup,
        window,
        Draft::new(&parent, first_cf.clone(), classes[0]),
    );
    let second = sent(
        op,
        sup,
        window,
        Draft::new(&parent, second_cf.clone(), classes[1]),
    );
    // Decided out of order, they still wait in the order they were sent.
    let s = sup.accept_application(second.id).unwrap();
    assert_eq!(s.state, ApplicationState::Waitlisted);
    assert_eq!(s.decision.unwrap().waitlist_position, Some(1));
    let f = sup.accept_application(first.id).unwrap();
    assert_eq!(f.decision.unwrap().waitlist_position, Some(1));
    assert_eq!(
        sup.application(second.id)
            .unwrap()
            .decision
            .unwrap()
            .waitlist_position,
        Some(2)
    );
    assert!(op.family(&first_cf).is_err(), "no child while waiting");
    let queue = sup
        .applications(Some(ApplicationState::Waitlisted))
        .unwrap();
    let positions: Vec<(i64, Option<u32>)> =
        queue.iter().map(|q| (q.id, q.waitlist_position)).collect();
    assert_eq!(positions, vec![(first.id, Some(1)), (second.id, Some(2))]);
    // Still full: accepting again leaves it waiting, nothing written.
    let before = footprint(path);
    assert_eq!(
        sup.accept_application(second.id).unwrap().state,
        ApplicationState::Waitlisted
    );
    assert_eq!(footprint(path), before);
    // A child at Rodari withdraws: the place goes to the first in line, enrolled at once.
    let leaving: String = sql(path)
        .query_row(
            &format!(
                "SELECT c.cf FROM enrolments e JOIN children c ON c.id = e.child_id JOIN classes cl ON cl.id = c.class_id
                 WHERE e.service = 'refezione' AND e.school_year = '{}' AND cl.school_id = {rodari} AND e.withdrawn_from IS NULL LIMIT 1",
                window.school_year
            ),
            [],
            |r| r.get(0),
        )
        .unwrap();
    let w = sup
        .withdraw(
            &leaving,
            &Withdrawal {
                service: "refezione".into(),
                from: op.today() + Days::new(1),
                reason: "trasferimento".into(),
            },
        )
        .unwrap();
    assert_eq!(w.promoted_application, Some(first.id));
    let promoted = sup.application(first.id).unwrap();
    assert_eq!(promoted.state, ApplicationState::Accepted);
    assert!(
        op.family(&first_cf)
            .unwrap()
            .children
            .iter()
            .any(|c| c.cf == first_cf)
    );
    let s = sup.application(second.id).unwrap();
    assert_eq!(
        (s.state, s.decision.unwrap().waitlist_position),
        (ApplicationState::Waitlisted, Some(1))
    );
}

#[test]
fn local_store() {
    common::on_local_store(suite);
}

#[test]
fn remote_client_against_a_real_server() {
    common::on_remote_server(suite);
}
