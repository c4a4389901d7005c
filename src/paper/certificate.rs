//! The payment certificate for the tax return (attestazione per il 730): what a parent paid in a
//! calendar year, per child and service, with the total, the ente's data and the issue date. Services
//! are named as a parent knows them ("Refezione scolastica"), not by their codes.

use super::pdf::{Doc, MARGIN};
use super::table::{csv_line, rows};
use crate::backend::{Certificate730, ServiceInfo};
use crate::domain::money::format_amount;

/// A service's name from its code (`Backend::services`); the code itself for one the list lacks.
pub fn service_name<'a>(services: &'a [ServiceInfo], code: &'a str) -> &'a str {
    services
        .iter()
        .find(|s| s.code == code)
        .map_or(code, |s| s.name.as_str())
}

pub fn certificate_csv(c: &Certificate730, services: &[ServiceInfo]) -> String {
    let mut out = csv_line(&[
        "anno",
        "ente",
        "cf_ente",
        "genitore",
        "cf_genitore",
        "alunno",
        "cf_alunno",
        "servizio",
        "pagato_euro",
    ]);
    let year = c.year.to_string();
    let row = |child: &str, child_cf: &str, service: &str, cents: i64| {
        csv_line(&[
            &year,
            &c.ente.name,
            &c.ente.fiscal_code,
            &c.parent.full_name,
            &c.parent.cf,
            child,
            child_cf,
            service,
            &format_amount(cents),
        ])
    };
    for l in &c.lines {
        out.push_str(&row(
            &l.child.full_name,
            &l.child.cf,
            service_name(services, &l.service),
            l.paid_cents.get(),
        ));
    }
    out.push_str(&row("TOTALE", "", "", c.total_cents.get()));
    out
}

pub fn certificate_pdf(c: &Certificate730, services: &[ServiceInfo], logo: &[u8]) -> Vec<u8> {
    let mut doc = Doc::new(&format!("Attestazione pagamenti {}", c.year));
    let mut p = doc.page();
    let x = MARGIN;
    let width = 210.0 - 2.0 * MARGIN;
    p.letterhead(
        logo,
        &c.ente.name,
        &format!("Codice fiscale {}", c.ente.fiscal_code),
    );
    p.text(
        x,
        48.0,
        14.0,
        true,
        &format!("Attestazione dei pagamenti dell'anno {}", c.year),
    );
    let mut y = p.paragraph(
        x,
        57.0,
        width,
        10.0,
        &format!(
            "Si attesta che {} (codice fiscale {}) ha pagato nell'anno {} per i servizi scolastici dei figli \
             le somme indicate sotto, utilizzabili nella dichiarazione dei redditi (modello 730).",
            c.parent.full_name, c.parent.cf, c.year
        ),
    ) + 6.0;
    let lines: Vec<Vec<String>> = c
        .lines
        .iter()
        .map(|l| {
            vec![
                l.child.full_name.clone(),
                l.child.cf.to_string(),
                service_name(services, &l.service).to_string(),
                format!("{} Euro", format_amount(l.paid_cents)),
            ]
        })
        .collect();
    let columns = [
        ("Alunno", 0.0, false),
        ("Codice fiscale", 58.0, false),
        ("Servizio", 100.0, false),
        ("Pagato", width, true),
    ];
    let (mut p, top) = rows(p, y, &columns, &lines);
    y = top + 4.0;
    p.rule(x, y - 3.0, width);
    let total = format!("{} Euro", format_amount(c.total_cents));
    p.text(x, y + 3.0, 11.0, true, "Totale pagato");
    p.text(
        x + width - total.chars().count() as f32 * 2.1,
        y + 3.0,
        11.0,
        true,
        &total,
    );
    p.text(
        x,
        y + 16.0,
        9.0,
        false,
        &format!("Rilasciata il {}", c.issued_on.format("%d/%m/%Y")),
    );
    p.done();
    doc.finish()
}
