use super::*;

const CURRENT: &str = include_str!("../../../../tests/data/pagopa/fdr/flow_1_0_5.xml");
const OLD: &str = include_str!("../../../../tests/data/pagopa/fdr/flow_1_0_4.xml");

#[test]
fn reads_a_1_0_5_flow_with_every_current_outcome() {
    let f = parse(CURRENT).unwrap();
    assert_eq!(f.id, "2026-11-18ABI03069-S000000001");
    assert_eq!(f.psp, "ABI03069");
    assert_eq!(f.psp_name.as_deref(), Some("Banca Fittizia & Figli"));
    assert_eq!(f.receiver, "80001234568");
    assert_eq!(f.regulation, "BONIFICO-2026-11-18-0001");
    assert_eq!(f.regulation_date.to_string(), "2026-11-18");
    assert_eq!(f.date.to_string(), "2026-11-18 07:15:00");
    assert_eq!(f.bic.as_deref(), Some("BFITITMMXXX"));
    assert_eq!((f.total_payments, f.total_cents), (4, 10_055));
    let outcomes: Vec<u8> = f.payments.iter().map(|p| p.outcome.code()).collect();
    assert_eq!(outcomes, [0, 4, 8, 9]);
    let p = &f.payments[2];
    assert_eq!(
        (p.iuv.as_str(), p.iur.as_str()),
        ("02010000000003456", "IUR-0003")
    );
    assert_eq!(
        (p.index, p.amount_cents, p.date.to_string()),
        (Some(2), 5, "2026-11-17".into())
    );
    assert_eq!(f.payments[1].index, None);
    assert_eq!(f.source, Source::File);
    assert_eq!(f.raw, CURRENT, "kept as received");
}

#[test]
fn reads_a_1_0_4_flow_with_a_revoked_payment_and_a_zoned_time() {
    let f = parse(OLD).unwrap();
    assert_eq!(f.psp, "ABI05034");
    assert_eq!(f.psp_name, None);
    assert_eq!(
        f.date.to_string(),
        "2024-03-04 09:00:00",
        "converted to UTC"
    );
    let outcomes: Vec<Outcome> = f.payments.iter().map(|p| p.outcome).collect();
    assert_eq!(
        outcomes,
        [Outcome::Executed, Outcome::Revoked, Outcome::NoRpt]
    );
    assert!(!f.payments[1].outcome.transferred());
}

#[test]
fn refuses_unknown_outcomes_wrong_totals_and_other_documents() {
    let bad_code = CURRENT.replace(
        "<pay_i:codiceEsitoSingoloPagamento>8<",
        "<pay_i:codiceEsitoSingoloPagamento>7<",
    );
    assert!(matches!(
        parse(&bad_code),
        Err(FlowError::Invalid {
            field: "codiceEsitoSingoloPagamento",
            ..
        })
    ));
    let bad_total = CURRENT.replace(">100.55<", ">100.56<");
    assert_eq!(
        parse(&bad_total),
        Err(FlowError::TotalMismatch {
            declared: 10_056,
            listed: 10_055
        })
    );
    let bad_count = CURRENT.replace("numeroTotalePagamenti>4<", "numeroTotalePagamenti>5<");
    assert!(matches!(
        parse(&bad_count),
        Err(FlowError::CountMismatch { .. })
    ));
    let bad_amount = CURRENT.replace(">30.50<", ">30,50<");
    assert!(matches!(
        parse(&bad_amount),
        Err(FlowError::Invalid {
            field: "singoloImportoPagato",
            ..
        })
    ));
    assert!(matches!(parse("<a/>"), Err(FlowError::NotAFlow(_))));
    let other_ns = CURRENT.replace("2011/Pagamenti/", "2011/Altro/");
    assert!(matches!(parse(&other_ns), Err(FlowError::NotAFlow(_))));
    let entity = format!(
        "<!DOCTYPE x [<!ENTITY a \"b\">]>{}",
        OLD.trim_start_matches(|c| c != '<')
            .split_once("?>")
            .unwrap()
            .1
    );
    assert!(matches!(parse(&entity), Err(FlowError::Xml(_))));
}

#[test]
fn a_written_flow_reads_back_the_same_and_big_flows_stream() {
    let mut f = parse(CURRENT).unwrap();
    let template = f.payments[0].clone();
    f.payments = (0..30_000)
        .map(|i| FlowPayment {
            iuv: format!("0201{i:013}"),
            iur: format!("R{i}"),
            ..template.clone()
        })
        .collect();
    f.total_payments = 30_000;
    f.total_cents = 30_000 * template.amount_cents;
    let text = write(&f);
    let back = parse(&text).unwrap();
    assert_eq!(back.payments, f.payments);
    assert_eq!(
        (back.id, back.receiver, back.total_cents),
        (f.id, f.receiver, f.total_cents)
    );
}
