//! The statement (estratto conto) of a child for a year and, optionally, one service: every movement
//! with the running balance of its service, as CSV (in time order) and PDF (service after service).
//! Services are named, not coded.

use super::certificate::service_name;
use super::pdf::{Doc, MARGIN};
use super::table::{csv_line, rows};
use crate::backend::{ChildCard, Ente, ServiceInfo, Statement};
use crate::domain::money::format_amount;

fn period(s: &Statement, services: &[ServiceInfo]) -> String {
    let service = s.service.as_deref().map(|sv| service_name(services, sv));
    match (s.year, service) {
        (Some(y), Some(sv)) => format!("anno {y}, servizio {sv}"),
        (Some(y), None) => format!("anno {y}, tutti i servizi"),
        (None, Some(sv)) => format!("tutti gli anni, servizio {sv}"),
        (None, None) => "tutti gli anni e i servizi".into(),
    }
}

/// At most `n` characters, the last an ellipsis when cut: the columns must not run into each other.
fn clip(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        return text.to_string();
    }
    let mut out: String = text.chars().take(n - 1).collect();
    out.push('…');
    out
}

pub fn statement_csv(s: &Statement, services: &[ServiceInfo]) -> String {
    let mut out = csv_line(&[
        "data",
        "servizio",
        "tipo",
        "descrizione",
        "importo_euro",
        "saldo_euro",
    ]);
    for m in &s.movements {
        out.push_str(&csv_line(&[
            &m.at.format("%d/%m/%Y %H:%M").to_string(),
            service_name(services, &m.service),
            &m.kind,
            &m.description,
            &format_amount(m.amount_cents),
            &format_amount(m.balance_cents),
        ]));
    }
    out
}

pub fn statement_pdf(
    s: &Statement,
    child: &ChildCard,
    ente: &Ente,
    services: &[ServiceInfo],
    logo: &[u8],
) -> Vec<u8> {
    let mut doc = Doc::new("Estratto conto");
    let mut p = doc.page();
    let x = MARGIN;
    let width = 210.0 - 2.0 * MARGIN;
    p.letterhead(
        logo,
        &ente.name,
        &format!("Codice fiscale {}", ente.fiscal_code),
    );
    p.text(x, 46.0, 14.0, true, "Estratto conto");
    p.text(
        x,
        54.0,
        10.0,
        false,
        &format!("{} (codice fiscale {})", child.full_name(), child.cf),
    );
    p.text(x, 60.0, 9.0, false, &period(s, services));
    // One service after the other, as on the desk's screen: each balance follows its own service.
    let mut movements: Vec<_> = s.movements.iter().collect();
    let first_seen = |code: &str| s.movements.iter().position(|m| m.service == code);
    movements.sort_by_key(|m| {
        let known = child.services.iter().position(|sv| sv.service == m.service);
        (known.is_none(), known.or(first_seen(&m.service)))
    });
    let lines: Vec<Vec<String>> = movements
        .into_iter()
        .map(|m| {
            vec![
                m.at.format("%d/%m/%Y").to_string(),
                clip(service_name(services, &m.service), 20),
                clip(&m.description, 48),
                format_amount(m.amount_cents),
                format_amount(m.balance_cents),
            ]
        })
        .collect();
    let columns = [
        ("Data", 0.0, false),
        ("Servizio", 22.0, false),
        ("Descrizione", 56.0, false),
        ("Importo", 150.0, true),
        ("Saldo", width, true),
    ];
    let (mut p, top) = rows(p, 70.0, &columns, &lines);
    p.text(
        x,
        top + 6.0,
        10.0,
        true,
        &format!("Pagato nel periodo: {} Euro", format_amount(s.paid_cents)),
    );
    p.done();
    doc.finish()
}
