//! The central API as the comune's pagoPA station: a real server on 127.0.0.1 answering SOAP as the
//! Node calls it, every answer validated with xmllint against the official `paForNode.xsd`.

mod common;

use std::path::Path;
use std::sync::Arc;

use common::station::{self, ID_PA, ID_STATION, fault_code, post, valid};
use sportello::backend::{Allocation, Backend, NewNotice, NoticeState};
use sportello::demo;
use sportello::server::ApiState;
use sportello::store::{LocalBackend, Store};

/// A child enrolled in the canteen and the bus (so a notice can carry two transfers).
fn child(path: &Path) -> String {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row(
        "SELECT c.cf FROM children c JOIN enrolments a ON a.child_id = c.id AND a.service = 'refezione'
         JOIN enrolments b ON b.child_id = c.id AND b.service = 'trasporto' ORDER BY c.id LIMIT 1",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

fn supervisor(path: &Path) -> LocalBackend {
    let b = LocalBackend::new(Arc::new(Store::open(path).unwrap()));
    b.login(demo::SUPERVISOR.0, demo::SUPERVISOR.1).unwrap();
    b
}

/// A new pending notice: canteen `canteen` cents, and the bus `bus` cents when not zero.
fn notice(path: &Path, canteen: i64, bus: i64) -> sportello::backend::Notice {
    let cf = child(path);
    let mut allocations = vec![Allocation {
        child_cf: cf.parse().unwrap(),
        child_name: String::new(),
        service: "refezione".into(),
        amount_cents: canteen.try_into().unwrap(),
    }];
    if bus > 0 {
        allocations.push(Allocation {
            child_cf: cf.parse().unwrap(),
            child_name: String::new(),
            service: "trasporto".into(),
            amount_cents: bus.try_into().unwrap(),
        });
    }
    supervisor(path)
        .create_notice(&NewNotice {
            allocations,
            due_date: None,
        })
        .unwrap()
}

/// The top-ups the ledger holds for a notice (each credit writes one per allocation).
fn topups(path: &Path, number: &str) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row(
        "SELECT COUNT(*) FROM ledger WHERE ref = ?1 AND kind = 'topup'",
        [number],
        |r| r.get(0),
    )
    .unwrap()
}

fn anomalies(path: &Path) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut st = conn
        .prepare(
            "SELECT receipt_id, anomaly FROM node_receipts WHERE anomaly IS NOT NULL ORDER BY id",
        )
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

struct Setup {
    _dir: tempfile::TempDir,
    db: std::path::PathBuf,
    server: common::Server,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path(), 6);
    let server = common::Server::start(&db);
    Setup {
        _dir: dir,
        db,
        server,
    }
}

#[test]
fn verify_then_get_payment_describe_a_payable_notice() {
    let s = setup();
    let n = notice(&s.db, 2000, 1500);
    let number = n.number.as_str();

    let reply = post(&s.server.url, &station::verify(number));
    assert_eq!(reply.status, 200);
    let v = valid(&reply);
    assert_eq!(v.name, "paVerifyPaymentNoticeRes");
    assert_eq!(v.child_text("outcome"), Some("OK"));
    let option = v
        .child("paymentList")
        .unwrap()
        .child("paymentOptionDescription")
        .unwrap();
    assert_eq!(option.child_text("amount"), Some("35.00"));
    assert_eq!(option.child_text("options"), Some("EQ"));
    assert_eq!(
        option.child_text("dueDate"),
        Some(n.due_date.unwrap().to_string().as_str())
    );
    assert_eq!(v.child_text("paymentDescription"), Some(n.subject.as_str()));
    assert_eq!(v.child_text("fiscalCodePA"), Some(ID_PA));

    for v2 in [true, false] {
        let reply = post(&s.server.url, &station::get_payment(number, v2));
        let p = valid(&reply);
        assert_eq!(p.child_text("outcome"), Some("OK"), "{}", reply.body);
        let data = p.child("data").unwrap();
        assert_eq!(data.child_text("creditorReferenceId"), Some(n.iuv.as_str()));
        assert_eq!(data.child_text("paymentAmount"), Some("35.00"));
        let debtor = data.child("debtor").unwrap();
        assert_eq!(
            debtor
                .child("uniqueIdentifier")
                .unwrap()
                .child_text("entityUniqueIdentifierValue"),
            Some(n.payer.cf.as_str())
        );
        let transfers: Vec<_> = data
            .child("transferList")
            .unwrap()
            .children_named("transfer")
            .collect();
        assert_eq!(transfers.len(), 2, "one transfer per service");
        let by_category: Vec<(&str, &str)> = transfers
            .iter()
            .map(|t| {
                (
                    t.child_text("transferCategory").unwrap(),
                    t.child_text("transferAmount").unwrap(),
                )
            })
            .collect();
        assert!(
            by_category.contains(&("9/0107101TS/", "20.00")),
            "{by_category:?}"
        );
        assert!(
            by_category.contains(&("9/0107102SP/", "15.00")),
            "{by_category:?}"
        );
        for t in &transfers {
            assert_eq!(t.child_text("IBAN"), Some("IT60X0542811101000000123456"));
            assert_eq!(t.child_text("fiscalCodePA"), Some(ID_PA));
        }
    }
    // The notice stays open (the Node blocks a second payment itself), and the desk knows it was fetched.
    let after = supervisor(&s.db).notice(number).unwrap();
    assert_eq!(after.state, NoticeState::Pending);
}

#[test]
fn a_receipt_credits_once_however_often_it_is_delivered() {
    let s = setup();
    let n = notice(&s.db, 2000, 1500);
    let number = n.number.as_str();
    let receipt = station::send_rt(
        "c110729d258c4ab1b765fe902aae41d6",
        number,
        "35.00",
        "OK",
        true,
    );
    for _ in 0..5 {
        let reply = post(&s.server.url, &receipt);
        assert_eq!(reply.status, 200);
        let e = valid(&reply);
        assert_eq!(e.name, "paSendRTV2Response");
        assert_eq!(e.child_text("outcome"), Some("OK"), "{}", reply.body);
    }
    assert_eq!(topups(&s.db, number), 2, "one top-up per service, once");
    let paid = supervisor(&s.db).notice(number).unwrap();
    assert_eq!(paid.state, NoticeState::Paid);
    let r = &paid.receipts[0];
    assert_eq!(r.channel, "nodo");
    assert_eq!(r.psp.as_deref(), Some("Banca di Prova (BCITITMM)"));
    // 09:15 UTC on 2 December is 10:15 in Italy.
    assert_eq!(
        r.paid_at,
        sportello::backend::PaidAt::At("2026-12-02T10:15:00".parse().unwrap())
    );
    assert!(anomalies(&s.db).is_empty());

    // Now paid: verify says so, and a second, different receipt is kept for a supervisor.
    assert_eq!(
        fault_code(&post(&s.server.url, &station::verify(number))),
        "PAA_PAGAMENTO_DUPLICATO"
    );
    let second = station::send_rt("second-receipt", number, "35.00", "OK", false);
    let reply = post(&s.server.url, &second);
    assert_eq!(valid(&reply).child_text("outcome"), Some("OK"));
    assert_eq!(topups(&s.db, number), 2);
    assert_eq!(
        anomalies(&s.db),
        vec![("second-receipt".to_string(), "already_paid".to_string())]
    );
}

#[test]
fn two_receipts_for_one_notice_at_once_credit_it_once() {
    let s = setup();
    let n = notice(&s.db, 2500, 0);
    let number = n.number.to_string();
    let threads: Vec<_> = (0..2)
        .map(|i| {
            let url = s.server.url.clone();
            let body = station::send_rt(&format!("parallel-{i}"), &number, "25.00", "OK", true);
            std::thread::spawn(move || post(&url, &body))
        })
        .collect();
    for t in threads {
        assert_eq!(valid(&t.join().unwrap()).child_text("outcome"), Some("OK"));
    }
    assert_eq!(topups(&s.db, &number), 1);
    let kinds: Vec<String> = anomalies(&s.db).into_iter().map(|(_, k)| k).collect();
    assert_eq!(kinds, vec!["already_paid"]);
}

#[test]
fn receipts_that_cannot_be_credited_are_kept_for_a_supervisor() {
    let s = setup();
    let wrong_amount = notice(&s.db, 2000, 0);
    let cancelled = notice(&s.db, 2000, 0);
    supervisor(&s.db)
        .cancel_notice(cancelled.number.as_str(), "errore di importo", false)
        .unwrap();
    let failed = notice(&s.db, 2000, 0);
    let never_issued = sportello::domain::notice::NoticeNumber::aux3(2, 99_999_999_999).unwrap();
    let cases = [
        (
            "amount",
            wrong_amount.number.as_str(),
            "19.00",
            "OK",
            "amount_differs",
        ),
        (
            "cancelled",
            cancelled.number.as_str(),
            "20.00",
            "OK",
            "cancelled",
        ),
        ("ko", failed.number.as_str(), "20.00", "KO", "outcome_ko"),
        (
            "unknown",
            never_issued.as_str(),
            "20.00",
            "OK",
            "unknown_notice",
        ),
    ];
    for (id, number, amount, outcome, _) in cases {
        let reply = post(
            &s.server.url,
            &station::send_rt(id, number, amount, outcome, true),
        );
        // Answered OK all the same: a receipt answered KO is never sent again.
        assert_eq!(
            valid(&reply).child_text("outcome"),
            Some("OK"),
            "{id}: {}",
            reply.body
        );
    }
    let expected: Vec<(String, String)> = cases
        .iter()
        .map(|(id, _, _, _, kind)| (id.to_string(), kind.to_string()))
        .collect();
    assert_eq!(anomalies(&s.db), expected);
    for n in [&wrong_amount, &cancelled, &failed] {
        assert_eq!(topups(&s.db, n.number.as_str()), 0);
    }
    assert_eq!(
        supervisor(&s.db)
            .notice(wrong_amount.number.as_str())
            .unwrap()
            .state,
        NoticeState::Pending
    );
    // Each is audited, and each body is kept as it came.
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let audited: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM audit WHERE action = 'receipt.anomaly'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 4);
    let body: String = conn
        .query_row(
            "SELECT body FROM node_receipts WHERE receipt_id = 'amount'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(body.contains("<paymentAmount>19.00</paymentAmount>"));
    assert!(
        conn.execute("UPDATE node_receipts SET body = 'x'", [])
            .is_err(),
        "a receipt is kept as received"
    );
}

#[test]
fn every_business_fault_is_the_operations_ko_answer() {
    let s = setup();
    let url = &s.server.url;
    let pending = notice(&s.db, 2000, 0);
    let number = pending.number.as_str();
    let never_issued = sportello::domain::notice::NoticeNumber::aux3(2, 99_999_999_999).unwrap();
    assert_eq!(
        fault_code(&post(url, &station::verify(never_issued.as_str()))),
        "PAA_PAGAMENTO_SCONOSCIUTO"
    );
    // Check digits off by one: not a notice number at all.
    let mut bad = number.to_string();
    let last = bad.pop().unwrap();
    bad.push(if last == '9' {
        '0'
    } else {
        (last as u8 + 1) as char
    });
    assert_eq!(
        fault_code(&post(url, &station::verify(&bad))),
        "PAA_SEMANTICA"
    );

    let cancelled = notice(&s.db, 2000, 0);
    supervisor(&s.db)
        .cancel_notice(cancelled.number.as_str(), "doppio", false)
        .unwrap();
    assert_eq!(
        fault_code(&post(url, &station::verify(cancelled.number.as_str()))),
        "PAA_PAGAMENTO_ANNULLATO"
    );
    assert_eq!(
        fault_code(&post(
            url,
            &station::get_payment(cancelled.number.as_str(), true)
        )),
        "PAA_PAGAMENTO_ANNULLATO"
    );

    let qr = format!(
        "<qrCode><fiscalCode>{ID_PA}</fiscalCode><noticeNumber>{number}</noticeNumber></qrCode>"
    );
    for (identity, code) in [
        (
            station::identity("80001234569", ID_PA, ID_STATION),
            "PAA_ID_DOMINIO_ERRATO",
        ),
        (
            station::identity(ID_PA, "99999999999", ID_STATION),
            "PAA_ID_INTERMEDIARIO_ERRATO",
        ),
        (
            station::identity(ID_PA, ID_PA, "80001234568_02"),
            "PAA_STAZIONE_INT_ERRATA",
        ),
    ] {
        let req = station::envelope("paVerifyPaymentNoticeReq", &format!("{identity}{qr}"));
        assert_eq!(fault_code(&post(url, &req)), code);
    }
    let demand = station::envelope(
        "paDemandPaymentNoticeRequest",
        &format!(
            "{}<idServizio>00001</idServizio><idSoggettoServizio>00001</idSoggettoServizio><datiSpecificiServizioRequest>AAAA</datiSpecificiServizioRequest>",
            station::ours()
        ),
    );
    let reply = post(url, &demand);
    assert_eq!(fault_code(&reply), "PAA_SEMANTICA");
    assert_eq!(valid(&reply).name, "paDemandPaymentNoticeResponse");

    // Against the schema: a missing element, a 17-digit number.
    let missing = station::envelope(
        "paVerifyPaymentNoticeReq",
        &format!("<idPA>{ID_PA}</idPA>{qr}"),
    );
    assert_eq!(fault_code(&post(url, &missing)), "PAA_SINTASSI_XSD");
    assert_eq!(
        fault_code(&post(url, &station::verify(&number[1..]))),
        "PAA_SINTASSI_XSD"
    );
}

#[test]
fn a_notice_past_its_due_date_is_refused_only_when_the_ente_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path(), 6);
    let n = notice(&db, 2000, 0);
    let number = n.number.as_str();
    let late = sportello::clock::Clock::on_date(n.due_date.unwrap() + chrono::Days::new(1));
    for payable_after_due in [true, false] {
        let store = Arc::new(Store::open_with_clock(&db, late.clone()).unwrap());
        let mut settings = sportello::server::station_for(&store);
        settings.payable_after_due = payable_after_due;
        let server = common::Server::start_state(ApiState::with_station(
            store,
            Default::default(),
            settings,
            Default::default(),
        ));
        let reply = post(&server.url, &station::verify(number));
        if payable_after_due {
            assert_eq!(
                valid(&reply).child_text("outcome"),
                Some("OK"),
                "{}",
                reply.body
            );
        } else {
            assert_eq!(fault_code(&reply), "PAA_PAGAMENTO_SCADUTO");
            let receipt = station::send_rt("late", number, "20.00", "OK", true);
            assert_eq!(
                valid(&post(&server.url, &receipt)).child_text("outcome"),
                Some("OK")
            );
            assert_eq!(
                anomalies(&db),
                vec![("late".to_string(), "expired".to_string())]
            );
        }
    }
}

/// A SOAP fault (HTTP 500) naming a pagoPA code, never an internal message.
fn soap_fault(reply: &station::Reply) -> String {
    assert_eq!(reply.status, 500, "{}", reply.body);
    let root = sportello::pagopa::xml::parse(&reply.body).unwrap();
    let fault = &root.children[0].children[0];
    assert_eq!(fault.name, "Fault", "{}", reply.body);
    fault.child("detail").unwrap().children[0]
        .child_text("faultCode")
        .unwrap()
        .to_string()
}

#[test]
fn what_cannot_be_read_gets_a_soap_fault() {
    let s = setup();
    let url = &s.server.url;
    let envelope_of = |inner: &str| {
        format!(
            r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>{inner}</soapenv:Body></soapenv:Envelope>"#
        )
    };
    let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><x>&lol3;</x></soapenv:Body></soapenv:Envelope>"#;
    let external = r#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><x>&x;</x></soapenv:Body></soapenv:Envelope>"#;
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "malformed",
            "<soapenv:Envelope><unclosed>".into(),
            "PAA_SINTASSI_EXTRAXSD",
        ),
        ("billion laughs", laughs.into(), "PAA_SINTASSI_EXTRAXSD"),
        ("external entity", external.into(), "PAA_SINTASSI_EXTRAXSD"),
        (
            "wrong namespace",
            envelope_of(
                r#"<p:paVerifyPaymentNoticeReq xmlns:p="http://pagopa-api.pagopa.gov.it/node/nodeForPsp.xsd"/>"#,
            ),
            "PAA_SINTASSI_XSD",
        ),
        (
            "unknown operation",
            envelope_of(&format!(r#"<p:paStealMoney xmlns:p="{}"/>"#, station::PAFN)),
            "PAA_SINTASSI_XSD",
        ),
        ("not SOAP", "<hello/>".into(), "PAA_SINTASSI_XSD"),
    ];
    for (what, body, code) in &cases {
        let reply = post(url, body);
        assert_eq!(soap_fault(&reply), *code, "{what}");
        assert!(
            !reply.body.contains("passwd") && !reply.body.contains("lollol"),
            "{what}: {}",
            reply.body
        );
    }
    let json = station::post_as(url, b"{}", "application/json");
    assert_eq!(soap_fault(&json), "PAA_SINTASSI_EXTRAXSD");
    let huge = format!(
        "{}{}",
        station::verify("302000000000000000"),
        " ".repeat(1024 * 1024)
    );
    assert_eq!(soap_fault(&post(url, &huge)), "PAA_SINTASSI_EXTRAXSD");
    let utf16 = station::post_as(url, &[0xff, 0xfe, 0x3c, 0x00], "text/xml");
    assert_eq!(soap_fault(&utf16), "PAA_SINTASSI_EXTRAXSD");
    // The station still answers after all that.
    let n = notice(&s.db, 2000, 0);
    assert_eq!(
        valid(&post(url, &station::verify(n.number.as_str()))).child_text("outcome"),
        Some("OK")
    );
}

/// The ledger balance of a child's service wallet.
fn balance(path: &Path, child_cf: &str, service: &str) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row(
        "SELECT COALESCE(SUM(l.amount_cents), 0) FROM ledger l JOIN children c ON c.id = l.child_id
         WHERE c.cf = ?1 AND l.service = ?2",
        [child_cf, service],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn a_supervisor_settles_each_anomaly_once_locally_and_through_the_central_api() {
    use sportello::backend::{AnomalyResolution, ErrorKind, ReceiptAnomaly};
    use sportello::remote::RemoteBackend;
    let s = setup();
    let url = &s.server.url;
    let wrong = notice(&s.db, 2000, 0);
    let failed = notice(&s.db, 2000, 0);
    let child_cf = wrong.allocations[0].child_cf.to_string();
    post(
        url,
        &station::send_rt("amount", wrong.number.as_str(), "19.00", "OK", true),
    );
    post(
        url,
        &station::send_rt("failed", failed.number.as_str(), "20.00", "KO", true),
    );

    let remote = RemoteBackend::new(url).unwrap();
    remote
        .login(demo::SUPERVISOR.0, demo::SUPERVISOR.1)
        .unwrap();
    let local = supervisor(&s.db);
    for b in [&remote as &dyn Backend, &local] {
        let listed = b.payment_anomalies().unwrap();
        assert_eq!(listed.len(), 2);
        let amount = listed.iter().find(|a| a.receipt_id == "amount").unwrap();
        assert_eq!(amount.kind, ReceiptAnomaly::AmountDiffers);
        assert_eq!(amount.amount_cents.0, 1900);
        assert_eq!(amount.payer.as_ref().unwrap().cf, wrong.payer.cf);
        assert_eq!(
            amount.allocations.len(),
            1,
            "the notice's children to credit"
        );
        assert_eq!(amount.notice_number, wrong.number.as_str());
        assert_eq!(amount.psp, "Banca di Prova (BCITITMM)");
        // 09:15 UTC in the receipt is 10:15 in Italy.
        assert_eq!(amount.paid_at.to_string(), "2026-12-02 10:15:00");
        assert!(amount.resolution.is_none());
    }
    let operator = RemoteBackend::new(url).unwrap();
    operator.login(demo::OPERATOR.0, demo::OPERATOR.1).unwrap();
    assert_eq!(
        operator.payment_anomalies().unwrap_err().kind,
        ErrorKind::Forbidden
    );

    let listed = remote.payment_anomalies().unwrap();
    let id_of = |rid: &str| listed.iter().find(|a| a.receipt_id == rid).unwrap().id;
    let credit = AnomalyResolution::Credit {
        child_cf: child_cf.parse().unwrap(),
        service: "refezione".into(),
        reason: "pagato 19 euro invece di 20, accreditato quanto ricevuto".into(),
    };
    assert_eq!(
        operator
            .resolve_payment_anomaly(id_of("amount"), &credit)
            .unwrap_err()
            .kind,
        ErrorKind::Forbidden
    );
    let before = balance(&s.db, &child_cf, "refezione");
    let settled = remote
        .resolve_payment_anomaly(id_of("amount"), &credit)
        .unwrap();
    assert_eq!(settled.resolution.as_ref().unwrap().outcome, "credited");
    assert_eq!(balance(&s.db, &child_cf, "refezione"), before + 1900);
    // The notice the money was for is closed by it.
    assert_eq!(
        local.notice(wrong.number.as_str()).unwrap().state,
        NoticeState::Paid
    );
    // Once: a second settlement of the same anomaly, from either side, changes nothing.
    assert_eq!(
        local
            .resolve_payment_anomaly(id_of("amount"), &credit)
            .unwrap_err()
            .kind,
        ErrorKind::Conflict
    );
    assert_eq!(balance(&s.db, &child_cf, "refezione"), before + 1900);

    // A failed payment moved no money: it cannot be credited, only archived.
    let err = local
        .resolve_payment_anomaly(id_of("failed"), &credit)
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Conflict);
    let refund = AnomalyResolution::Refund { reason: " ".into() };
    assert_eq!(
        local
            .resolve_payment_anomaly(id_of("failed"), &refund)
            .unwrap_err()
            .kind,
        ErrorKind::Invalid
    );
    let refund = AnomalyResolution::Refund {
        reason: "pagamento non riuscito".into(),
    };
    assert_eq!(
        local
            .resolve_payment_anomaly(id_of("failed"), &refund)
            .unwrap()
            .resolution
            .unwrap()
            .outcome,
        "refund"
    );
    // Settled ones go below the open ones, and each settlement is audited.
    assert!(
        remote
            .payment_anomalies()
            .unwrap()
            .iter()
            .all(|a| a.resolution.is_some())
    );
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let audited: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM audit WHERE action IN ('anomaly.credited', 'anomaly.refund')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 2);
}

#[test]
fn cancelling_a_notice_pagopa_is_paying_needs_a_confirmation() {
    use sportello::backend::ErrorKind;
    use sportello::remote::RemoteBackend;
    let s = setup();
    let url = &s.server.url;
    let untouched = notice(&s.db, 2000, 0);
    let fetched = notice(&s.db, 2000, 0);
    post(url, &station::verify(untouched.number.as_str()));
    assert_eq!(
        valid(&post(
            url,
            &station::get_payment(fetched.number.as_str(), true)
        ))
        .child_text("outcome"),
        Some("OK")
    );

    let remote = RemoteBackend::new(url).unwrap();
    remote
        .login(demo::SUPERVISOR.0, demo::SUPERVISOR.1)
        .unwrap();
    // A verify alone is no payment in progress.
    assert_eq!(
        remote
            .cancel_notice(untouched.number.as_str(), "doppio", false)
            .unwrap()
            .state,
        NoticeState::Cancelled
    );
    for b in [&remote as &dyn Backend, &supervisor(&s.db)] {
        let err = b
            .cancel_notice(fetched.number.as_str(), "doppio", false)
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Conflict);
        assert_eq!(err.field.as_deref(), Some("confirm_in_progress"));
        assert!(
            err.it.contains("potrebbe pagarlo proprio ora"),
            "{}",
            err.it
        );
        assert_eq!(
            b.notice(fetched.number.as_str()).unwrap().state,
            NoticeState::Pending
        );
    }
    let cancelled = remote
        .cancel_notice(fetched.number.as_str(), "doppio", true)
        .unwrap();
    assert_eq!(cancelled.state, NoticeState::Cancelled);

    // Half an hour later nobody is paying it any more.
    let later = notice(&s.db, 2000, 0);
    post(url, &station::get_payment(later.number.as_str(), false));
    let store = Arc::new(Store::open(&s.db).unwrap());
    store.advance_clock(std::time::Duration::from_secs(31 * 60));
    let b = LocalBackend::new(store);
    b.login(demo::SUPERVISOR.0, demo::SUPERVISOR.1).unwrap();
    assert_eq!(
        b.cancel_notice(later.number.as_str(), "doppio", false)
            .unwrap()
            .state,
        NoticeState::Cancelled
    );
}

#[test]
fn the_command_line_lists_and_settles_anomalies() {
    let s = setup();
    let n = notice(&s.db, 2000, 0);
    post(
        &s.server.url,
        &station::send_rt("cli-1", n.number.as_str(), "25.00", "OK", true),
    );
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_sportello"))
            .arg("--db")
            .arg(&s.db)
            .args(args)
            .env("SPORTELLO_DESK_LANGUAGE", "it")
            .env_remove("SPORTELLO_API")
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, listed, _) = run(&["pagopa", "anomalies"]);
    assert_eq!(code, Some(0));
    let row = listed.lines().next().unwrap_or_else(|| panic!("{listed}"));
    assert!(
        row.contains(n.number.as_str())
            && row.contains("25,00 €")
            && row.contains("importo diverso")
            && row.contains("da verificare"),
        "{row}"
    );
    let id = row.split('\t').next().unwrap();
    let (code, _, err) = run(&["pagopa", "settle", id, "--reason", "x"]);
    assert_ne!(code, Some(0), "neither a child nor --refund: {err}");
    let (code, said, err) = run(&[
        "pagopa",
        "settle",
        id,
        "--refund",
        "--reason",
        "pagato 5 euro in più, da restituire",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(said.contains("da rimborsare"), "{said}");
    let (code, _, err) = run(&["pagopa", "settle", id, "--refund", "--reason", "di nuovo"]);
    assert_eq!(code, Some(1), "settled once: {err}");
    assert!(err.contains("già stata risolta"), "{err}");
    let (_, json, _) = run(&["pagopa", "anomalies", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v[0]["resolution"]["outcome"], "refund");
    assert_eq!(v[0]["amount_cents"], 2500);
}
