//! The printable pagoPA payment notice (A4), laid out in the order of the pagoPA notice guide:
//! subject and logo, ente creditore, destinatario, amount and due date, where to pay, then the payment
//! data with the QR code (25 x 25 mm, version 4, level M), the notice number in groups of four, the
//! CBILL code, the ente's fiscal code and the amount.

//!
//! A paid or cancelled notice prints none of the payment data and no QR code: a stamp (PAGATO with the
//! receipt, ANNULLATO with the reason) takes their place, so the paper cannot be paid a second time.

use super::pdf::{Doc, MARGIN, Page};
use crate::backend::{BResult, Backend, Ente, Notice, NoticeState, PersonRef};
use crate::domain::money::format_amount;
use crate::i18n::{Lang, payments as t};
use crate::qr::payload_qr;

/// Who receives the notice: the paying parent, with the address printed under the name.
pub struct Payer<'a> {
    pub person: &'a PersonRef,
    pub address: Option<&'a str>,
}

const WHERE_TO_PAY: &str = "PAGA CON L'APP IO oppure presso banche, uffici postali, tabaccherie e punti vendita abilitati, dal tuo Home Banking, con la tua app di pagamento o con gli altri canali abilitati a pagoPA. Inquadra il codice QR oppure usa il codice avviso.";

/// The notice as PDF bytes. `logo`: PNG bytes of the ente's emblem.
pub fn notice_pdf(notice: &Notice, ente: &Ente, payer: &Payer, logo: &[u8]) -> BResult<Vec<u8>> {
    let amount = format_amount(notice.amount_cents);
    let due = notice
        .due_date
        .map(|d| format!("entro il {}", d.format("%d/%m/%Y")))
        .unwrap_or_else(|| "senza scadenza".into());
    let subject: String = notice.subject.chars().take(90).collect();
    let payer_name: String = payer.person.full_name.chars().take(70).collect();

    let mut doc = Doc::new(&format!("Avviso di pagamento {}", notice.number));
    let mut p = doc.page();
    let x = MARGIN;
    let width = 210.0 - 2.0 * MARGIN;
    // Header: subject and logo.
    p.text(x, 22.0, 8.0, false, "AVVISO DI PAGAMENTO pagoPA");
    let after = p.paragraph(x, 30.0, width - 30.0, 14.0, &subject);
    p.image(logo, 210.0 - MARGIN - 22.0, 14.0, 22.0);
    let mut y = after.max(40.0) + 4.0;
    p.rule(x, y, width);
    y += 8.0;
    // Ente creditore and destinatario side by side.
    let half = width / 2.0;
    p.text(x, y, 8.0, true, "ENTE CREDITORE");
    p.text(x + half, y, 8.0, true, "DESTINATARIO AVVISO");
    y += 6.0;
    p.text(x, y, 11.0, true, &ente.name);
    p.text(x + half, y, 11.0, true, &payer_name);
    y += 5.5;
    p.text(
        x,
        y,
        9.0,
        false,
        &format!("Codice fiscale {}", ente.fiscal_code),
    );
    p.text(
        x + half,
        y,
        9.0,
        false,
        &format!("Codice fiscale {}", payer.person.cf),
    );
    if let Some(address) = payer.address.filter(|a| !a.trim().is_empty()) {
        p.paragraph(x + half, y + 5.0, half - 4.0, 9.0, address);
    }
    y += 18.0;
    p.rule(x, y, width);
    y += 10.0;
    // Amount and due date.
    p.text(x, y, 8.0, true, "QUANTO E QUANDO PAGARE?");
    y += 9.0;
    p.text(x, y, 20.0, true, &format!("{amount} Euro"));
    p.text(x + half, y, 12.0, false, &due);
    y += 10.0;
    p.rule(x, y, width);
    y += 8.0;
    if let Some(stamp) = stamp(notice, Lang::It) {
        stamp.draw(&mut p, x, y, width);
    } else {
        payment_data(&mut p, notice, ente, &payer_name, x, y, width);
    }
    p.done();
    Ok(doc.finish())
}

/// Where to pay, then the payment data: a tinted band with the QR code on the left.
fn payment_data(
    p: &mut Page,
    notice: &Notice,
    ente: &Ente,
    payer_name: &str,
    x: f32,
    y: f32,
    width: f32,
) {
    let number = &notice.number;
    let qr = payload_qr(&notice.qr_payload);
    let amount = format_amount(notice.amount_cents);
    let subject: String = notice.subject.chars().take(90).collect();
    p.text(x, y, 8.0, true, "DOVE PAGARE?");
    let y = p.paragraph(x, y + 6.0, width, 10.0, WHERE_TO_PAY) + 6.0;
    let band = 62.0;
    p.fill(x, y, width, band, (0.93, 0.95, 0.98));
    p.fill(x + 4.0, y + 4.0, 33.0, 33.0, (1.0, 1.0, 1.0));
    p.qr(&qr, x + 8.0, y + 8.0, 25.0);
    let dx = x + 44.0;
    let mut dy = y + 9.0;
    p.text(dx, dy, 8.0, true, "DATI PER IL PAGAMENTO");
    dy += 7.0;
    for (label, value) in [
        ("Codice avviso", number.grouped()),
        ("Codice CBILL", ente.cbill.clone()),
        ("Codice fiscale ente creditore", ente.fiscal_code.clone()),
        ("Importo", format!("{amount} Euro")),
        ("Destinatario", payer_name.to_string()),
    ] {
        p.text(dx, dy, 8.0, false, label);
        p.text(dx + 52.0, dy, 10.0, true, &value);
        dy += 6.5;
    }
    p.text(
        x + 4.0,
        y + band - 4.0,
        7.0,
        false,
        &format!("Oggetto: {subject}"),
    );
}

/// What a notice that can no longer be paid says across the page instead of its payment data.
#[derive(Debug, PartialEq, Eq)]
struct Stamp {
    word: &'static str,
    lines: Vec<String>,
}

/// The stamp of a paid or cancelled notice; `None` for one still payable (pending, or expired: pagoPA
/// still takes a payment past its due date).
fn stamp(notice: &Notice, lang: Lang) -> Option<Stamp> {
    let mut lines: Vec<String> = match notice.state {
        NoticeState::Pending | NoticeState::Expired => return None,
        NoticeState::Paid => notice
            .receipts
            .iter()
            .map(|r| {
                format!(
                    "{} {} · {} {} ({}) · {} Euro",
                    lang.t(t::NOTICE_PAID_ON),
                    r.paid_at.display(),
                    lang.t(t::NOTICE_RECEIPT),
                    r.receipt_id,
                    r.channel,
                    format_amount(r.amount_cents)
                )
            })
            .collect(),
        NoticeState::Cancelled => notice
            .cancellation
            .iter()
            .flat_map(|c| {
                [
                    format!(
                        "{} {}",
                        lang.t(t::NOTICE_CANCELLED_ON),
                        c.at.format("%d/%m/%Y %H:%M")
                    ),
                    format!("{}: {}", lang.t(t::NOTICE_REASON), c.reason),
                ]
            })
            .collect(),
    };
    lines.push(lang.t(t::NOTICE_NOT_PAYABLE).to_string());
    let word = match notice.state {
        NoticeState::Paid => t::NOTICE_PAID,
        _ => t::NOTICE_CANCELLED,
    };
    Some(Stamp {
        word: lang.t(word),
        lines,
    })
}

impl Stamp {
    fn draw(&self, p: &mut Page, x: f32, y: f32, width: f32) {
        p.fill(x, y, width, 62.0, (0.97, 0.92, 0.92));
        p.text(x + 8.0, y + 28.0, 48.0, true, self.word);
        let mut dy = y + 40.0;
        for line in &self.lines {
            dy = p.paragraph(x + 8.0, dy, width - 16.0, 10.0, line) + 1.0;
        }
    }
}

/// The notice `number` as PDF, with everything it needs read through the backend.
pub fn render(b: &dyn Backend, number: &str, logo: &[u8]) -> BResult<Vec<u8>> {
    render_notice(b, &b.notice(number)?, logo)
}

/// A notice in hand as PDF, with the paying parent's address from the family card.
pub fn render_notice(b: &dyn Backend, notice: &Notice, logo: &[u8]) -> BResult<Vec<u8>> {
    let ente = b.ente()?;
    let card = b.family(&notice.payer.cf)?;
    let payer = Payer {
        person: &notice.payer,
        address: card.parent.address.as_deref(),
    };
    notice_pdf(notice, &ente, &payer, logo)
}
