//! The reminders list: families in debt on prepaid services, as CSV for a spreadsheet or a mail merge.

use super::table::csv_line;
use crate::backend::Debtor;
use crate::domain::money::format_amount;

pub fn debtors_csv(debtors: &[Debtor]) -> String {
    let mut out = csv_line(&[
        "cf_genitore",
        "genitore",
        "debito_euro",
        "email",
        "telefono",
        "dettaglio",
    ]);
    for d in debtors {
        let detail = d
            .wallets
            .iter()
            .map(|w| {
                format!(
                    "{} {} {}",
                    w.child.full_name,
                    w.service,
                    format_amount(w.balance_cents)
                )
            })
            .collect::<Vec<_>>()
            .join(" | ");
        out.push_str(&csv_line(&[
            &d.parent.cf,
            &d.parent.full_name,
            &format_amount(d.debt_cents),
            d.email.as_deref().unwrap_or(""),
            d.phone.as_deref().unwrap_or(""),
            &detail,
        ]));
    }
    out
}
