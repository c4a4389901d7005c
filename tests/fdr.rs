//! Reconciliation with pagoPA's flows (FdR) on a real store file: importing flow files with the real
//! binary, the report's four kinds (JSON and CSV), revisions, another ente's flow, and crediting a
//! flow's payment (in the store, and through the central API).

#[path = "common/cli.rs"]
mod cli;
mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use cli::ok;
use common::count;
use serde_json::Value;
use sportello::backend::*;
use sportello::clock::Clock;
use sportello::domain::money::Amount;
use sportello::pagopa::fdr::file;
use sportello::store::{LocalBackend, Store};

const TODAY: &str = "2026-11-20";

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

/// `sportello --db DB ARGS` on the office's day.
fn sportello(db: &Path, args: &[&str]) -> Output {
    cli::run_on(db, args, TODAY)
}

/// A demo store, and notices made on 2 November for one child, some paid by receipt.
struct Case {
    _dir: tempfile::TempDir,
    db: PathBuf,
    store: Arc<Store>,
    child: CodiceFiscale,
    service: String,
    /// reconciled, no flow, no receipt, amounts differ, paid within the grace days, cancelled.
    iuv: [String; 6],
    number: [String; 6],
}

fn case() -> Case {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fdr.db");
    let (cf, service, _) = common::demo_with_child(&db, day(TODAY), 5);
    let child = CodiceFiscale::parse(&cf).unwrap();
    let store = Arc::new(Store::open_with_clock(&db, Clock::at(at("2026-11-02 10:00"))).unwrap());
    let cli = LocalBackend::acting_as(store.clone(), LocalBackend::cli_operator());
    let amounts = [2000, 2100, 2500, 3000, 2200, 1500];
    let notices: Vec<Notice> = amounts
        .iter()
        .map(|&cents| {
            cli.create_notice(&NewNotice {
                allocations: vec![Allocation {
                    child_cf: child.clone(),
                    child_name: String::new(),
                    service: service.clone(),
                    amount_cents: Amount::new(cents).unwrap(),
                }],
                due_date: None,
            })
            .unwrap()
        })
        .collect();
    store.set_clock(&Clock::at(at("2026-11-20 09:00")));
    for (i, paid) in [
        (0, "2026-11-03"),
        (1, "2026-11-05"),
        (3, "2026-11-04"),
        (4, "2026-11-18"),
    ] {
        let n = &notices[i];
        cli.record_receipt(&NewReceipt {
            notice_number: n.number.clone(),
            receipt_id: format!("RT-{i}"),
            amount_cents: n.amount_cents,
            paid_at: Some(PaidAt::Day(day(paid))),
            psp: None,
        })
        .unwrap();
    }
    cli.cancel_notice(notices[5].number.as_str(), "doppio", false)
        .unwrap();
    Case {
        _dir: dir,
        db,
        store,
        child,
        service,
        iuv: std::array::from_fn(|i| notices[i].iuv.clone()),
        number: std::array::from_fn(|i| notices[i].number.as_str().to_string()),
    }
}

fn payment(iuv: &str, iur: &str, cents: i64, outcome: Outcome, date: &str) -> FlowPayment {
    FlowPayment {
        iuv: iuv.into(),
        iur: iur.into(),
        index: Some(1),
        amount_cents: cents,
        outcome,
        date: day(date),
    }
}

/// A flow for the demo ente; its totals from its payments.
fn flow(id: &str, time: &str, payments: Vec<FlowPayment>) -> Flow {
    Flow {
        id: id.into(),
        psp: "ABI03069".into(),
        psp_name: Some("Banca Fittizia".into()),
        revision: None,
        published: None,
        date: at(time),
        regulation: "BONIFICO-1".into(),
        regulation_date: day("2026-11-06"),
        bic: None,
        receiver: common::ente().fiscal_code,
        total_payments: payments.len() as i64,
        total_cents: payments.iter().map(|p| p.amount_cents).sum(),
        payments,
        source: Source::File,
        raw: String::new(),
    }
}

/// One IUV per kind: reconciled, in no flow, no receipt, amounts differ (and a revoked payment,
/// which brings no money).
fn four_kinds(c: &Case) -> Flow {
    flow(
        "2026-11-06ABI03069-0001",
        "2026-11-06 07:00",
        vec![
            payment(&c.iuv[0], "IUR-A", 2000, Outcome::Executed, "2026-11-03"),
            payment(&c.iuv[2], "IUR-C", 2500, Outcome::StandIn, "2026-11-04"),
            payment(&c.iuv[3], "IUR-D", 3100, Outcome::NoRpt, "2026-11-04"),
        ],
    )
}

fn write_flow(c: &Case, name: &str, f: &Flow) -> PathBuf {
    let path = c.db.with_file_name(name);
    std::fs::write(&path, file::write(f)).unwrap();
    path
}

fn line<'a>(report: &'a Value, iuv: &str) -> &'a Value {
    report["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["iuv"] == iuv)
        .unwrap_or_else(|| panic!("no line for {iuv}"))
}

#[test]
fn a_flow_with_one_iuv_per_case_gives_the_four_kinds_in_json_and_csv() {
    let c = case();
    let path = write_flow(&c, "flow.xml", &four_kinds(&c));
    let out = ok(&sportello(
        &c.db,
        &["pagopa", "fdr", "import", path.to_str().unwrap()],
    ));
    assert!(
        out.starts_with("2026-11-06ABI03069-0001\tABI03069\t-\timported\t3\t"),
        "{out}"
    );
    let csv = c.db.with_file_name("report.csv");
    let out = ok(&sportello(
        &c.db,
        &[
            "pagopa",
            "fdr",
            "report",
            "--json",
            "--csv",
            csv.to_str().unwrap(),
        ],
    ));
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["today"], TODAY);
    assert_eq!(report["grace_days"], 5);

    let a = line(&report, &c.iuv[0]);
    assert_eq!(a["kind"], "reconciled");
    assert_eq!(
        (a["receipt_cents"].as_i64(), a["flow_cents"].as_i64()),
        (Some(2000), Some(2000))
    );
    assert_eq!(a["notice_number"], c.number[0].as_str());
    assert_eq!(a["receipt_id"], "RT-0");
    assert_eq!(a["iur"], "IUR-A");

    let b = line(&report, &c.iuv[1]);
    assert_eq!(b["kind"], "no_flow");
    assert_eq!(
        (b["receipt_cents"].as_i64(), b["flow_cents"].as_i64()),
        (Some(2100), None)
    );
    assert_eq!(b["paid_on"], "2026-11-05");
    assert!(b["flow_id"].is_null());

    let n = line(&report, &c.iuv[2]);
    assert_eq!(n["kind"], "no_receipt");
    assert_eq!(
        (n["receipt_cents"].as_i64(), n["flow_cents"].as_i64()),
        (None, Some(2500))
    );
    assert_eq!(n["notice_state"], "pending");
    assert_eq!(n["notice_cents"], 2500);
    assert_eq!(n["flow_id"], "2026-11-06ABI03069-0001");
    assert_eq!(n["psp"], "ABI03069");
    assert!(n["family"].as_str().is_some_and(|f| !f.is_empty()));

    let d = line(&report, &c.iuv[3]);
    assert_eq!(d["kind"], "amount_differs");
    assert_eq!(
        (d["receipt_cents"].as_i64(), d["flow_cents"].as_i64()),
        (Some(3000), Some(3100))
    );

    // Paid two working days ago: still within the grace days, not listed.
    assert!(
        report["lines"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["iuv"] != c.iuv[4].as_str())
    );
    // Anomalies first.
    let kinds: Vec<&str> = report["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["kind"].as_str().unwrap())
        .collect();
    let first_reconciled = kinds.iter().position(|k| *k == "reconciled").unwrap();
    assert!(
        kinds[first_reconciled..].iter().all(|k| *k == "reconciled"),
        "{kinds:?}"
    );

    let csv = std::fs::read_to_string(&csv).unwrap();
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(';').collect()).collect();
    assert_eq!(rows[0][..3], ["esito", "iuv", "avviso"]);
    let row = |iuv: &str| rows.iter().find(|r| r[1] == iuv).unwrap().clone();
    let header = &rows[0];
    let field =
        |r: &Vec<&str>, name: &str| r[header.iter().position(|h| *h == name).unwrap()].to_string();
    let r = row(&c.iuv[3]);
    assert_eq!(field(&r, "esito"), "amount_differs");
    assert_eq!(
        (field(&r, "importo_ricevuta"), field(&r, "importo_flusso")),
        ("30,00".into(), "31,00".into())
    );
    assert_eq!(field(&r, "avviso"), c.number[3]);
    let r = row(&c.iuv[2]);
    assert_eq!(
        (
            field(&r, "esito"),
            field(&r, "importo_ricevuta"),
            field(&r, "importo_flusso")
        ),
        ("no_receipt".into(), String::new(), "25,00".into())
    );
    assert_eq!(field(&r, "stato_avviso"), "pending");
    let r = row(&c.iuv[1]);
    assert_eq!(
        (
            field(&r, "esito"),
            field(&r, "data_pagamento"),
            field(&r, "flusso")
        ),
        ("no_flow".into(), "2026-11-05".into(), String::new())
    );
    let r = row(&c.iuv[0]);
    assert_eq!(
        (field(&r, "esito"), field(&r, "iur"), field(&r, "ricevuta")),
        ("reconciled".into(), "IUR-A".into(), "RT-0".into())
    );
    assert_eq!(rows.len(), report["lines"].as_array().unwrap().len() + 1);
}

#[test]
fn the_same_flow_twice_changes_nothing_and_a_newer_revision_replaces_the_older() {
    let c = case();
    let first = four_kinds(&c);
    let path = write_flow(&c, "flow.xml", &first);
    ok(&sportello(
        &c.db,
        &["pagopa", "fdr", "import", path.to_str().unwrap()],
    ));
    let snapshot = |db: &Path| {
        (
            count(db, "SELECT count(*) FROM fdr_flows"),
            count(db, "SELECT count(*) FROM fdr_payments"),
            count(db, "SELECT count(*) FROM audit"),
            count(db, "SELECT sum(amount_cents) FROM fdr_payments"),
        )
    };
    let before = snapshot(&c.db);
    assert_eq!((before.0, before.1), (1, 3));
    let out = ok(&sportello(
        &c.db,
        &["pagopa", "fdr", "import", path.to_str().unwrap()],
    ));
    assert!(out.contains("\tunchanged\t"), "{out}");
    assert_eq!(snapshot(&c.db), before);

    // The PSP corrects D's amount in a later revision (a later flow time).
    let mut newer = first.clone();
    newer.date = at("2026-11-07 07:00");
    newer.payments[2].amount_cents = 3000;
    newer.total_cents = newer.payments.iter().map(|p| p.amount_cents).sum();
    let path2 = write_flow(&c, "flow-r2.xml", &newer);
    let out = ok(&sportello(
        &c.db,
        &["pagopa", "fdr", "import", path2.to_str().unwrap()],
    ));
    assert!(out.contains("\treplaced\t"), "{out}");
    assert_eq!(count(&c.db, "SELECT count(*) FROM fdr_flows"), 1);
    assert_eq!(
        count(
            &c.db,
            "SELECT amount_cents FROM fdr_payments WHERE iur = 'IUR-D'"
        ),
        3000
    );
    assert_eq!(
        count(
            &c.db,
            "SELECT count(*) FROM audit WHERE action = 'fdr.import'"
        ),
        2
    );
    let raw: String = rusqlite::Connection::open(&c.db)
        .unwrap()
        .query_row("SELECT CAST(raw AS TEXT) FROM fdr_flows", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        raw,
        std::fs::read_to_string(&path2).unwrap(),
        "the file kept as received"
    );
    let report: Value = serde_json::from_str(&ok(&sportello(
        &c.db,
        &["pagopa", "fdr", "report", "--json"],
    )))
    .unwrap();
    assert_eq!(line(&report, &c.iuv[3])["kind"], "reconciled");

    // The older revision again: nothing changes.
    let before = snapshot(&c.db);
    let out = ok(&sportello(
        &c.db,
        &["pagopa", "fdr", "import", path.to_str().unwrap()],
    ));
    assert!(out.contains("\tolder\t"), "{out}");
    assert_eq!(snapshot(&c.db), before);
}

#[test]
fn a_flow_for_another_ente_is_refused_and_nothing_is_written() {
    let c = case();
    let mut other = four_kinds(&c);
    other.receiver = "00000000000".into();
    let path = write_flow(&c, "other.xml", &other);
    let audit = count(&c.db, "SELECT count(*) FROM audit");
    let o = sportello(&c.db, &["pagopa", "fdr", "import", path.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("è per l'ente 00000000000, non per questo ente (80001234568)"),
        "{err}"
    );
    assert_eq!(count(&c.db, "SELECT count(*) FROM fdr_flows"), 0);
    assert_eq!(count(&c.db, "SELECT count(*) FROM fdr_payments"), 0);
    assert_eq!(count(&c.db, "SELECT count(*) FROM audit"), audit);
}

fn balance(store: &Store, child: &CodiceFiscale, service: &str) -> i64 {
    let conn = store.conn();
    conn.query_row(
        "SELECT total(l.amount_cents) FROM ledger l JOIN children c ON c.id = l.child_id WHERE c.cf = ?1 AND l.service = ?2",
        rusqlite::params![child.as_str(), service],
        |r| r.get::<_, f64>(0),
    )
    .unwrap() as i64
}

fn operator() -> Operator {
    Operator {
        username: "operatore".into(),
        full_name: "Operatore".into(),
        role: Role::Operator,
        kiosk_parent: None,
    }
}

fn supervisor() -> Operator {
    Operator {
        username: "supervisore".into(),
        full_name: "Supervisore".into(),
        role: Role::Supervisor,
        kiosk_parent: None,
    }
}

#[test]
fn crediting_a_flow_payment_moves_the_balance_once_and_only_for_a_supervisor() {
    let c = case();
    let sup = LocalBackend::acting_as(c.store.clone(), supervisor());
    let mut f = four_kinds(&c);
    f.payments.push(payment(
        &c.iuv[5],
        "IUR-F",
        1500,
        Outcome::Executed,
        "2026-11-04",
    ));
    f.total_payments += 1;
    f.total_cents += 1500;
    sup.fdr_import(&f).unwrap();

    let op = LocalBackend::acting_as(c.store.clone(), operator());
    assert_eq!(
        op.fdr_credit(&c.iuv[2], None).unwrap_err().kind,
        ErrorKind::Forbidden
    );
    assert_eq!(op.fdr_report().unwrap_err().kind, ErrorKind::Forbidden);

    let before = balance(&c.store, &c.child, &c.service);
    let first = sup.fdr_credit(&c.iuv[2], None).unwrap();
    assert!(first.credited);
    assert_eq!(first.notice.state, NoticeState::Paid);
    let receipt = &first.notice.receipts[0];
    assert_eq!(
        (receipt.receipt_id.as_str(), receipt.channel.as_str()),
        ("FDR-IUR-C", "fdr")
    );
    assert_eq!(balance(&c.store, &c.child, &c.service), before + 2500);
    let again = sup.fdr_credit(&c.iuv[2], None).unwrap();
    assert!(!again.credited);
    assert_eq!(
        balance(&c.store, &c.child, &c.service),
        before + 2500,
        "a second press changes nothing"
    );
    let report = sup.fdr_report().unwrap();
    let l = report.lines.iter().find(|l| l.iuv == c.iuv[2]).unwrap();
    assert_eq!(l.kind, LineKind::Reconciled);

    // Lines that are not "no receipt" cannot be credited.
    assert_eq!(
        sup.fdr_credit(&c.iuv[3], None).unwrap_err().kind,
        ErrorKind::Conflict
    );
    assert_eq!(
        sup.fdr_credit(&c.iuv[1], None).unwrap_err().kind,
        ErrorKind::NotFound
    );

    // A cancelled notice whose money arrived: credited with the supervisor's reason, said in the audit.
    let refused = sup.fdr_credit(&c.iuv[5], None).unwrap_err();
    assert_eq!(refused.kind, ErrorKind::Invalid);
    assert_eq!(balance(&c.store, &c.child, &c.service), before + 2500);
    let done = sup
        .fdr_credit(&c.iuv[5], Some("pagato prima dell'annullo"))
        .unwrap();
    assert!(done.credited);
    assert_eq!(done.notice.state, NoticeState::Paid);
    assert_eq!(balance(&c.store, &c.child, &c.service), before + 4000);
    let detail: String = c
        .store
        .conn()
        .query_row(
            "SELECT detail FROM audit WHERE action = 'fdr.credit' ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        detail.contains("notice_was=cancelled reason=pagato prima dell'annullo"),
        "{detail}"
    );
    assert_eq!(
        count(
            &c.db,
            "SELECT count(*) FROM audit WHERE action = 'fdr.credit'"
        ),
        2
    );
}

#[test]
fn crediting_through_the_central_api() {
    let c = case();
    LocalBackend::acting_as(c.store.clone(), supervisor())
        .fdr_import(&four_kinds(&c))
        .unwrap();
    let server = common::Server::start_state(sportello::server::ApiState::new(
        c.store.clone(),
        Default::default(),
    ));
    let http = reqwest::blocking::Client::new();
    let sup = common::api::login(&http, &server.url, "supervisore", "Supervisore1");
    let op = common::api::login(&http, &server.url, "operatore", "Operatore1");
    let credit = |token: &str| {
        http.post(format!(
            "{}/api/v1/pagopa/fdr/{}/credit",
            server.url, c.iuv[2]
        ))
        .bearer_auth(token)
        .send()
        .unwrap()
    };
    common::api::problem(credit(&op), 403);
    let report = http
        .get(format!("{}/api/v1/pagopa/fdr/report", server.url))
        .bearer_auth(&op)
        .send()
        .unwrap();
    assert_eq!(report.status(), 403);

    let before = balance(&c.store, &c.child, &c.service);
    let r = credit(&sup);
    assert_eq!(r.status(), 200);
    let v: Value = r.json().unwrap();
    assert_eq!(v["credited"], true);
    assert_eq!(v["notice"]["state"], "paid");
    assert_eq!(balance(&c.store, &c.child, &c.service), before + 2500);
    let v: Value = credit(&sup).json().unwrap();
    assert_eq!(v["credited"], false);
    assert_eq!(balance(&c.store, &c.child, &c.service), before + 2500);

    let report: Value = http
        .get(format!("{}/api/v1/pagopa/fdr/report", server.url))
        .bearer_auth(&sup)
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(line(&report, &c.iuv[2])["kind"], "reconciled");
    assert_eq!(line(&report, &c.iuv[3])["kind"], "amount_differs");
}

#[test]
fn the_sample_files_and_a_written_flow_are_valid_against_the_xsd() {
    let xmllint = Command::new("xmllint").arg("--version").output();
    assert!(
        xmllint.is_ok(),
        "xmllint is missing: install libxml2-utils (scripts/test.sh does)"
    );
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pagopa/fdr");
    let dir = tempfile::tempdir().unwrap();
    let sample =
        file::parse(&std::fs::read_to_string(data.join("flow_1_0_5.xml")).unwrap()).unwrap();
    let written = dir.path().join("written.xml");
    std::fs::write(&written, file::write(&sample)).unwrap();
    for (xsd, doc) in [
        ("FlussoRiversamento_1_0_5.xsd", data.join("flow_1_0_5.xml")),
        ("FlussoRiversamento_1_0_4.xsd", data.join("flow_1_0_4.xml")),
        ("FlussoRiversamento_1_0_5.xsd", written),
    ] {
        let o = Command::new("xmllint")
            .args(["--noout", "--schema"])
            .arg(data.join(xsd))
            .arg(&doc)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{}: {}",
            doc.display(),
            String::from_utf8_lossy(&o.stderr)
        );
    }
}
