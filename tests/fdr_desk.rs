//! The supervisor's reconciliation screen in the real binary at 80x24: the open anomalies, and one
//! key (with a confirmation showing the amount and the family) to credit a flow with no receipt.

mod common;

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use common::pty::Term;
use sportello::backend::*;
use sportello::clock::Clock;
use sportello::domain::money::Amount;
use sportello::store::{LocalBackend, Store};

const F9: &str = "\x1b[20~";

#[test]
fn a_supervisor_sees_the_anomalies_and_credits_a_flow_with_no_receipt() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let today: NaiveDate = "2026-11-20".parse().unwrap();
    let (cf, service, family) = common::demo_with_child(&db, today, 7);
    let noon = NaiveDateTime::new(today, chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap());
    let store = Arc::new(Store::open_with_clock(&db, Clock::at(noon)).unwrap());
    let cli = LocalBackend::acting_as(store.clone(), LocalBackend::cli_operator());
    let notice = cli
        .create_notice(&NewNotice {
            allocations: vec![Allocation {
                child_cf: CodiceFiscale::parse(&cf).unwrap(),
                child_name: String::new(),
                service,
                amount_cents: Amount::new(2500).unwrap(),
            }],
            due_date: None,
        })
        .unwrap();
    let payment = FlowPayment {
        iuv: notice.iuv.clone(),
        iur: "IUR-DESK".into(),
        index: None,
        amount_cents: 2500,
        outcome: Outcome::Executed,
        date: today,
    };
    cli.fdr_import(&Flow {
        id: "2026-11-20ABI03069-0001".into(),
        psp: "ABI03069".into(),
        psp_name: None,
        revision: None,
        published: None,
        date: noon,
        regulation: "BONIFICO".into(),
        regulation_date: today,
        bic: None,
        receiver: common::ente().fiscal_code,
        total_payments: 1,
        total_cents: 2500,
        payments: vec![payment],
        source: Source::File,
        raw: "<FlussoRiversamento/>".into(),
    })
    .unwrap();
    drop(cli);
    drop(store);

    let env = [("SPORTELLO_CLOCK_TODAY", "2026-11-20")];
    // An operator has no way to it.
    let mut t = Term::start_with(&["--db", db.to_str().unwrap()], &env);
    t.wait_for("Accesso operatore");
    t.line("operatore");
    t.line("Operatore1");
    t.wait_for("Ricerca");
    t.send(F9);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(!t.screen().contains("Riconciliazione"), "{}", t.screen());
    assert!(!t.screen().contains("F9 flussi"));
    drop(t);

    let mut t = Term::start_with(&["--db", db.to_str().unwrap()], &env);
    t.wait_for("Accesso operatore");
    t.line("supervisore");
    t.line("Supervisore1");
    t.wait_for("F9 flussi");
    t.send(F9);
    t.wait_for("Riconciliazione pagoPA: anomalie aperte");
    t.wait_for(&notice.iuv);
    t.wait_for("flusso, senza ricevuta");
    t.wait_for("Esc indietro");
    t.send("\r");
    let family_shown: String = family.chars().take(20).collect();
    t.wait_for("Accreditare 25,00 € alla famiglia");
    assert!(
        t.screen().contains(&family_shown) || t.screen().contains("alla famiglia"),
        "{}",
        t.screen()
    );
    t.send("\r");
    t.wait_for("Accreditato: avviso");
    t.wait_for("Nessuna anomalia aperta.");

    let conn = rusqlite::Connection::open(&db).unwrap();
    let receipts: i64 = conn
        .query_row(
            "SELECT count(*) FROM receipts WHERE receipt_id = 'FDR-IUR-DESK' AND channel = 'fdr'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(receipts, 1);
    let state: String = conn
        .query_row(
            "SELECT state FROM notices WHERE iuv = ?1",
            [&notice.iuv],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(state, "paid");
    let audit: String = conn
        .query_row(
            "SELECT actor FROM audit WHERE action = 'fdr.credit'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audit, "supervisore");
}
