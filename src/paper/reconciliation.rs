//! The reconciliation report as CSV: one line per IUV, for the accounts office's spreadsheet.

use super::table::csv_line;
use crate::backend::ReconciliationReport;
use crate::domain::money::format_amount;

pub fn reconciliation_csv(report: &ReconciliationReport) -> String {
    let mut out = csv_line(&[
        "esito",
        "iuv",
        "avviso",
        "stato_avviso",
        "famiglia",
        "importo_avviso",
        "importo_ricevuta",
        "ricevuta",
        "canale",
        "data_pagamento",
        "importo_flusso",
        "flusso",
        "psp",
        "iur",
    ]);
    let amount = |c: Option<i64>| c.map(format_amount).unwrap_or_default();
    for l in &report.lines {
        out.push_str(&csv_line(&[
            l.kind.as_str(),
            &l.iuv,
            l.notice_number.as_deref().unwrap_or(""),
            l.notice_state.map(|s| s.as_str()).unwrap_or(""),
            l.family.as_deref().unwrap_or(""),
            &amount(l.notice_cents),
            &amount(l.receipt_cents),
            l.receipt_id.as_deref().unwrap_or(""),
            l.receipt_channel.as_deref().unwrap_or(""),
            &l.paid_on.map(|d| d.to_string()).unwrap_or_default(),
            &amount(l.flow_cents),
            l.flow_id.as_deref().unwrap_or(""),
            l.psp.as_deref().unwrap_or(""),
            l.iur.as_deref().unwrap_or(""),
        ]));
    }
    out
}
