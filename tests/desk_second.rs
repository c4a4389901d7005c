//! The second parent and the receipt, as staff meet them: a supervisor unlinks a second parent (with a
//! reason, audited; an operator may not), a parent's card lists the children of other families she
//! is second parent of and opens their cards, and a paid notice has a receipt document (desk, command
//! line) that an unpaid one has not.

mod common;

use std::path::Path;
use std::process::Command;

use common::desk::Desk;
use ratatui::crossterm::event::KeyCode;
use sportello::backend::{Backend, ErrorKind, NewReceipt, PaidAt};
use sportello::domain::money::format_eur;
use sportello::paper::document::{self, What};
use sportello::tui::screens::Screen;

/// Two families: parent A (one child of her own, the fewest services) and another family's child Y
/// with no second parent, with its paying parent B: (A's code, A's name, Y's code, Y's name, B's name).
struct Link {
    a_cf: String,
    y_cf: String,
    y_name: String,
    b_name: String,
}

fn pick(db: &Path) -> Link {
    let c = rusqlite::Connection::open(db).unwrap();
    let a_cf: String = c
        .query_row(
            "SELECT p.cf FROM parents p JOIN children c ON c.paying_parent_id = p.id
             WHERE NOT EXISTS (SELECT 1 FROM children s WHERE s.second_parent_id = p.id)
             GROUP BY p.id HAVING count(*) = 1
             ORDER BY (SELECT count(*) FROM enrolments e WHERE e.child_id = min(c.id)),
                      (SELECT count(*) FROM notices n WHERE n.payer_id = p.id), p.id
             LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let (y_cf, y_name, b_name) = c
        .query_row(
            "SELECT c.cf, c.surname || ' ' || c.name, p.surname || ' ' || p.name
             FROM children c JOIN parents p ON p.id = c.paying_parent_id
             WHERE c.second_parent_id IS NULL AND p.cf <> ?1 ORDER BY c.id LIMIT 1",
            [&a_cf],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    Link {
        a_cf,
        y_cf,
        y_name,
        b_name,
    }
}

fn audit_rows(db: &Path, action: &str) -> Vec<(String, String)> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut st = c
        .prepare("SELECT actor, detail FROM audit WHERE action = ?1 ORDER BY id")
        .unwrap();
    st.query_map([action], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Operator refused, supervisor without a reason refused, with one done: the second parent's card no
/// longer lists the child and the child's card no longer names her.
fn unlink_on(op: &dyn Backend, sup: &dyn Backend, l: &Link) {
    op.link_second_parent(&l.y_cf, &l.a_cf).unwrap();
    let card = op.family(&l.a_cf).unwrap();
    assert!(card.linked_children.iter().any(|c| c.cf.as_str() == l.y_cf));

    let e = op.unlink_second_parent(&l.y_cf, "separati").unwrap_err();
    assert_eq!(e.kind, ErrorKind::Forbidden, "{e:?}");
    let e = sup.unlink_second_parent(&l.y_cf, "  ").unwrap_err();
    assert_eq!(e.field.as_deref(), Some("reason"), "{e:?}");
    assert!(
        op.family(&l.a_cf)
            .unwrap()
            .linked_children
            .iter()
            .any(|c| c.cf.as_str() == l.y_cf)
    );

    sup.unlink_second_parent(&l.y_cf, "affido esclusivo")
        .unwrap();
    let card = op.family(&l.a_cf).unwrap();
    assert!(!card.linked_children.iter().any(|c| c.cf.as_str() == l.y_cf));
    let payer_card = op.family(&l.y_cf).unwrap();
    let y = payer_card
        .children
        .iter()
        .find(|c| c.cf.as_str() == l.y_cf)
        .unwrap();
    assert_eq!(y.second_parent, None);
    // Nothing left to unlink: said so.
    let e = sup.unlink_second_parent(&l.y_cf, "di nuovo").unwrap_err();
    assert_eq!(e.kind, ErrorKind::Conflict, "{e:?}");
}

#[test]
fn a_supervisor_unlinks_a_second_parent_with_a_reason_audited_locally_and_remotely() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path(), 12);
    let l = pick(&db);

    let store = std::sync::Arc::new(sportello::store::Store::open(&db).unwrap());
    let op = sportello::store::LocalBackend::new(store.clone());
    op.login("operatore", "Operatore1").unwrap();
    let sup = sportello::store::LocalBackend::new(store);
    sup.login("supervisore", "Supervisore1").unwrap();
    unlink_on(&op, &sup, &l);
    let rows = audit_rows(&db, "child.unlink_second_parent");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].0, "supervisore");
    assert!(rows[0].1.contains("affido esclusivo"), "{rows:?}");

    // Through the central API, the same rules.
    let server = common::Server::start(&db);
    let op = sportello::remote::RemoteBackend::new(&server.url).unwrap();
    op.login("operatore", "Operatore1").unwrap();
    let sup = sportello::remote::RemoteBackend::new(&server.url).unwrap();
    sup.login("supervisore", "Supervisore1").unwrap();
    unlink_on(&op, &sup, &l);
    assert_eq!(audit_rows(&db, "child.unlink_second_parent").len(), 2);
}

#[test]
fn a_parent_sees_on_her_card_the_other_familys_child_she_is_linked_to_and_opens_its_card() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    let l = pick(&d.store_path());
    d.backend.link_second_parent(&l.y_cf, &l.a_cf).unwrap();

    // The store: her card keeps her own child and lists the linked one with who pays.
    let card = d.backend.family(&l.a_cf).unwrap();
    assert_eq!(card.parent.cf.as_str(), l.a_cf);
    assert_eq!(card.children.len(), 1);
    let linked = &card.linked_children;
    assert_eq!(linked.len(), 1, "{linked:?}");
    assert_eq!(linked[0].full_name, l.y_name);
    assert_eq!(linked[0].paying_parent.full_name, l.b_name);

    // The desk at 80x24.
    d.type_text(&l.a_cf);
    d.key(KeyCode::Enter);
    let text = d.screen_text();
    assert!(text.contains("Figli collegati (altro genitore)"), "{text}");
    let row = text
        .lines()
        .find(|r| r.contains(&l.y_name))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        row.contains("1 ") && row.contains(&format!("pagante: {}", l.b_name)),
        "{row}"
    );

    // 1 opens the linked child's family (the paying parent's card); Esc comes back to hers.
    d.key(KeyCode::Char('1'));
    let Screen::Family(f) = &d.app.screen else {
        panic!("{}", d.screen_text())
    };
    assert_eq!(f.card.parent.full_name(), l.b_name);
    assert!(f.card.children.iter().any(|c| c.cf.as_str() == l.y_cf));
    d.key(KeyCode::Esc);
    let Screen::Family(f) = &d.app.screen else {
        panic!("{}", d.screen_text())
    };
    assert_eq!(f.card.parent.cf.as_str(), l.a_cf);
}

/// The paying parent's card open with child Y chosen, then G (the other parent).
fn open_other_parent_screen(d: &mut Desk, l: &Link) {
    d.open_family_at_child(&l.y_cf, &l.y_cf);
    d.key(KeyCode::Char('g'));
    assert!(
        matches!(d.app.screen, Screen::LinkParent(_)),
        "{}",
        d.screen_text()
    );
}

#[test]
fn at_the_desk_a_supervisor_unlinks_after_confirming_and_an_operator_is_not_offered_it() {
    let mut d = Desk::new();
    d.login("operatore", "Operatore1");
    let l = pick(&d.store_path());
    d.backend.link_second_parent(&l.y_cf, &l.a_cf).unwrap();
    open_other_parent_screen(&mut d, &l);
    let text = d.screen_text();
    assert!(text.contains("Altro genitore collegato"), "{text}");
    assert!(!text.contains("F8 scollega"), "{text}");
    d.key(KeyCode::F(8));
    assert!(
        !d.screen_text().contains("Scollegare"),
        "{}",
        d.screen_text()
    );
    d.ctrl('l');

    d.login("supervisore", "Supervisore1");
    open_other_parent_screen(&mut d, &l);
    assert!(
        d.screen_text().contains("F8 scollega"),
        "{}",
        d.screen_text()
    );
    d.key(KeyCode::F(8));
    let text = d.screen_text();
    assert!(text.contains("Scollegare"), "{text}");
    assert!(text.contains(&l.y_name), "{text}");
    // No reason: refused, the question stays.
    d.key(KeyCode::Enter);
    assert!(d.status().contains("motivo"), "{}", d.status());
    assert!(matches!(d.app.screen, Screen::LinkParent(_)));
    d.type_text("affido esclusivo");
    d.key(KeyCode::Enter);
    let Screen::Family(f) = &d.app.screen else {
        panic!("{}", d.screen_text())
    };
    let y = f
        .card
        .children
        .iter()
        .find(|c| c.cf.as_str() == l.y_cf)
        .unwrap();
    assert_eq!(y.second_parent, None, "the card is read again");
    assert!(d.status().contains("scollegato"), "{}", d.status());
    assert!(
        d.backend
            .family(&l.a_cf)
            .unwrap()
            .linked_children
            .is_empty()
    );
    assert_eq!(
        audit_rows(&d.store_path(), "child.unlink_second_parent").len(),
        1
    );
}

fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// A notice for the first child's first service of a family, made on `b`.
fn new_notice(b: &dyn Backend, db: &Path) -> sportello::backend::Notice {
    let (child_cf, service): (String, String) = rusqlite::Connection::open(db)
        .unwrap()
        .query_row(
            "SELECT c.cf, e.service FROM enrolments e JOIN children c ON c.id = e.child_id
             JOIN services s ON s.code = e.service WHERE s.prepaid = 1 ORDER BY c.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    b.create_notice(&sportello::backend::NewNotice {
        allocations: vec![sportello::backend::Allocation {
            child_cf: sportello::backend::CodiceFiscale::parse(&child_cf).unwrap(),
            child_name: String::new(),
            service,
            amount_cents: 3750i64.try_into().unwrap(),
        }],
        due_date: None,
    })
    .unwrap()
}

#[test]
fn a_paid_notice_has_a_receipt_with_what_was_paid_and_how_and_an_unpaid_one_has_none() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path(), 6);
    let b = common::another_desk(&db);
    let services = b.services().unwrap();
    let logo = sportello::paper::DEMO_LOGO;

    // Unpaid: refused, with words.
    let cash = new_notice(&b, &db);
    let number = cash.number.to_string();
    let e = document::make(
        &b,
        &What::Receipt {
            number: number.clone(),
        },
        logo,
    )
    .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Conflict);
    assert!(e.it.contains("non pagato"), "{e:?}");

    // Cash at the office.
    b.record_cash_payment(&number).unwrap();
    let doc = document::make(
        &b,
        &What::Receipt {
            number: number.clone(),
        },
        logo,
    )
    .unwrap();
    assert_eq!(doc.pdf_name(), format!("ricevuta-{number}.pdf"));
    assert_eq!(doc.parent_cf, cash.payer.cf.to_string());
    let path = dir.path().join("r1.pdf");
    std::fs::write(&path, &doc.pdf).unwrap();
    let text = pdf_text(&path);
    let a = &cash.allocations[0];
    let service_name = &services.iter().find(|s| s.code == a.service).unwrap().name;
    for want in [
        "Ricevuta di pagamento",
        &format_eur(3750),
        &cash.number.grouped(),
        &cash.iuv,
        "contanti",
        &a.child_name,
        service_name,
        &cash.payer.full_name,
        "Comune di Prova",
    ] {
        assert!(text.contains(want), "{want:?} missing in:\n{text}");
    }

    // pagoPA with its provider and the moment paid.
    let paid = new_notice(&b, &db);
    let at = b.now().date().and_hms_opt(9, 41, 0).unwrap();
    b.record_receipt(&NewReceipt {
        notice_number: paid.number.clone(),
        receipt_id: "IUR-RICEVUTA-77".into(),
        amount_cents: paid.amount_cents,
        paid_at: Some(PaidAt::At(at)),
        psp: Some("Banca di Prova".into()),
    })
    .unwrap();
    let doc = document::make(
        &b,
        &What::Receipt {
            number: paid.number.to_string(),
        },
        logo,
    )
    .unwrap();
    let path = dir.path().join("r2.pdf");
    std::fs::write(&path, &doc.pdf).unwrap();
    let text = pdf_text(&path);
    for want in [
        "pagoPA",
        "Banca di Prova",
        "IUR-RICEVUTA-77",
        &at.format("%d/%m/%Y %H:%M").to_string(),
    ] {
        assert!(text.contains(want), "{want:?} missing in:\n{text}");
    }
}

#[test]
fn the_command_line_writes_the_receipt_of_a_paid_notice_and_refuses_an_unpaid_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path(), 6);
    let b = common::another_desk(&db);
    let n = new_notice(&b, &db);
    let number = n.number.to_string();
    let run = |out: &Path| {
        Command::new(env!("CARGO_BIN_EXE_sportello"))
            .arg("--db")
            .arg(&db)
            .args(["--lang", "it", "notice", "receipt", &number, "-o"])
            .arg(out)
            .env("HOME", dir.path())
            .env("XDG_CONFIG_HOME", dir.path())
            .output()
            .unwrap()
    };
    let unpaid = dir.path().join("no.pdf");
    let out = run(&unpaid);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("non pagato"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!unpaid.exists());

    b.record_cash_payment(&number).unwrap();
    let file = dir.path().join("ricevuta.pdf");
    let out = run(&file);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = pdf_text(&file);
    assert!(
        text.contains(&n.number.grouped()) && text.contains("contanti"),
        "{text}"
    );
}

#[test]
fn on_a_paid_notice_q_makes_the_document_keys_deliver_its_receipt() {
    let mut d = Desk::new();
    d.login("supervisore", "Supervisore1");
    let surname = d.first_parent_surname();
    d.open_first_family(&surname);
    let number = d.new_notice();
    // Unpaid: no receipt offered.
    assert!(
        !d.screen_text().contains("Q ricevuta"),
        "{}",
        d.screen_text()
    );
    d.key(KeyCode::Char('q'));
    assert!(!d.screen_text().contains("ricevuta di pagamento"));
    common::another_desk(&d.store_path())
        .record_cash_payment(&number)
        .unwrap();
    // Paid elsewhere: the screen's notice as the store has it now (what following brings).
    let Screen::Payment(p) = &mut d.app.screen else {
        panic!("{}", d.screen_text())
    };
    p.notice = d.backend.notice(&number).unwrap();
    assert!(
        d.screen_text().contains("Q ricevuta"),
        "{}",
        d.screen_text()
    );
    d.key(KeyCode::Char('q'));
    let text = d.screen_text();
    assert!(text.contains("Documento: ricevuta di pagamento"), "{text}");
    assert!(text.contains("Q avviso"), "{text}");
    d.key(KeyCode::Char('f'));
    let saved = d
        ._dir
        .path()
        .join("documenti")
        .join(format!("ricevuta-{number}.pdf"));
    assert!(saved.exists(), "{} · {}", d.status(), d.screen_text());
    assert!(pdf_text(&saved).contains("contanti"));
}
