//! The receipt of one payment (ricevuta di pagamento) of a paid notice, cash at the office or pagoPA:
//! who paid, the notice and its IUV, the amount, what it paid for (child and service), the channel,
//! when, and the receipt's id. Written in Italian, like every paper document.

use super::certificate::service_name;
use super::pdf::{Doc, MARGIN};
use crate::backend::{
    BResult, Backend, BackendError, Ente, ErrorKind, Notice, NoticeState, ReceiptInfo, ServiceInfo,
};
use crate::domain::money::format_eur;
use crate::i18n::second_parent as sp;
use crate::i18n::{Lang, receipt_channel};

pub const BODY: &str = "Gentile genitore,\nin allegato la ricevuta del pagamento dei servizi scolastici.\n\n\
    Servizi scolastici";

/// Notice `number` and the receipt of its payment. A notice not paid has no receipt: refused with a
/// clear message.
pub fn read(b: &dyn Backend, number: &str) -> BResult<(Notice, ReceiptInfo)> {
    let n = b.notice(number)?;
    match (n.state, n.receipts.first()) {
        (NoticeState::Paid, Some(r)) => {
            let r = r.clone();
            Ok((n, r))
        }
        _ => Err(BackendError::text(ErrorKind::Conflict, sp::NOT_PAID)),
    }
}

/// How it was paid, in words: cash, or pagoPA with the payment service provider when known.
pub fn channel(r: &ReceiptInfo) -> String {
    let word = receipt_channel(Lang::It, &r.channel);
    match r.psp.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(psp) if r.channel != "cash" => format!("{word} (PSP: {psp})"),
        _ => word,
    }
}

pub fn receipt_pdf(
    n: &Notice,
    r: &ReceiptInfo,
    ente: &Ente,
    services: &[ServiceInfo],
    logo: &[u8],
) -> Vec<u8> {
    let mut doc = Doc::new(&format!("Ricevuta di pagamento {}", n.number));
    let mut p = doc.page();
    let x = MARGIN;
    let width = 210.0 - 2.0 * MARGIN;
    p.letterhead(logo, &ente.name, "Servizi scolastici");
    p.text(x, 50.0, 14.0, true, "Ricevuta di pagamento");
    p.text(
        x,
        57.0,
        9.0,
        false,
        &format!("Ente creditore {} (C.F. {})", ente.name, ente.fiscal_code),
    );
    let rows = [
        (
            "Pagato da",
            format!("{} ({})", n.payer.full_name, n.payer.cf),
        ),
        ("Numero avviso", n.number.grouped()),
        ("IUV", n.iuv.clone()),
        ("Importo pagato", format_eur(r.amount_cents)),
        ("Modalità", channel(r)),
        ("Data e ora", r.paid_at.display()),
        ("Identificativo ricevuta", r.receipt_id.clone()),
    ];
    let mut y = 70.0;
    for (label, value) in rows {
        p.text(x + 3.0, y, 10.0, false, label);
        p.text(x + 55.0, y, 10.0, true, &value);
        y += 7.0;
    }
    y += 4.0;
    p.text(x, y, 11.0, true, "Per");
    y += 7.0;
    p.fill(x, y - 5.0, width, 7.0, (0.93, 0.95, 0.98));
    p.text(x + 3.0, y, 9.0, true, "Bambino/a");
    p.text(x + 80.0, y, 9.0, true, "Servizio");
    p.text(x + 145.0, y, 9.0, true, "Importo");
    y += 7.0;
    for a in &n.allocations {
        let child = if a.child_name.trim().is_empty() {
            a.child_cf.to_string()
        } else {
            a.child_name.clone()
        };
        p.text(x + 3.0, y, 10.0, false, &child);
        p.text(x + 80.0, y, 10.0, false, service_name(services, &a.service));
        p.text(x + 145.0, y, 10.0, false, &format_eur(a.amount_cents));
        y += 6.5;
    }
    p.rule(x, y, width);
    y += 8.0;
    p.paragraph(
        x,
        y,
        width,
        8.0,
        "L'importo è accreditato sul conto dei servizi scolastici del bambino o della bambina indicati. \
         Conservi questa ricevuta: vale come prova del pagamento.",
    );
    p.done();
    doc.finish()
}
