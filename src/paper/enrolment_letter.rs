//! The letter that tells a parent the office's decision on an enrolment application: accepted (the
//! child's service, tariff and ISEE band, how it is paid, the PAN and how to top up), refused (the
//! reason) or on the waiting list (the position). Written in Italian, like every paper document.

use super::pdf::{Doc, MARGIN};
use crate::backend::{
    ApplicationState, BResult, Backend, BackendError, Decision, Ente, ErrorKind, PersonRef,
};
use crate::i18n::Lang;
use crate::i18n::review_desk as rd;

pub const BODY: &str = "Gentile genitore,\nin allegato l'esito della sua domanda di iscrizione ai servizi \
    scolastici.\n\nServizi scolastici";

/// What the letter of application `id` tells, and to whom (the applicant parent). A draft or a sent
/// application has no decision to tell: refused with a clear message.
pub fn read(b: &dyn Backend, id: i64) -> BResult<(Head, Decision)> {
    let app = b.application(id)?;
    let decision = match (&app.decision, app.state) {
        (
            Some(d),
            ApplicationState::Accepted | ApplicationState::Rejected | ApplicationState::Waitlisted,
        ) => d.clone(),
        _ => {
            return Err(BackendError::text(
                ErrorKind::Conflict,
                rd::NO_LETTER_UNDECIDED,
            ));
        }
    };
    // The names the letter needs, read as any desk user may (the queue is a supervisor's).
    let window = b
        .windows()?
        .into_iter()
        .find(|w| w.id == app.window_id)
        .ok_or_else(|| BackendError::internal("application without its window"))?;
    let service_name = b
        .services()?
        .into_iter()
        .find(|s| s.code == window.service)
        .map_or(window.service.clone(), |s| s.name);
    // The applicant's card is the paying parent's; a second parent who applied is named on it too.
    let card = b.family(app.parent_cf.as_str())?;
    let parent = if card.parent.cf == app.parent_cf {
        PersonRef {
            full_name: card.parent.full_name(),
            cf: card.parent.cf.clone(),
        }
    } else {
        card.children
            .iter()
            .filter_map(|c| c.second_parent.clone())
            .find(|p| p.cf == app.parent_cf)
            .unwrap_or(PersonRef {
                full_name: String::new(),
                cf: app.parent_cf.clone(),
            })
    };
    let queued = Head {
        id,
        parent,
        submitted_at: app.submitted_at,
        child_name: format!(
            "{} {}",
            app.data.child_surname.trim(),
            app.data.child_name.trim()
        ),
        service_name,
        school_year: window.school_year,
    };
    Ok((queued, decision))
}

/// Who and what the letter is about.
pub struct Head {
    pub id: i64,
    pub parent: PersonRef,
    pub submitted_at: Option<chrono::NaiveDateTime>,
    pub child_name: String,
    pub service_name: String,
    pub school_year: String,
}

pub fn letter_pdf(q: &Head, d: &Decision, ente: &Ente, logo: &[u8]) -> Vec<u8> {
    let lang = Lang::It;
    let mut doc = Doc::new(&format!("Esito della domanda di iscrizione n. {}", q.id));
    let mut p = doc.page();
    let x = MARGIN;
    let width = 210.0 - 2.0 * MARGIN;
    p.letterhead(logo, &ente.name, "Servizi scolastici");
    p.text(
        x,
        46.0,
        10.0,
        false,
        &format!("Gentile {}", q.parent.full_name),
    );
    p.text(
        x,
        52.0,
        9.0,
        false,
        &format!("Codice fiscale {}", q.parent.cf),
    );
    p.text(
        x,
        66.0,
        14.0,
        true,
        &format!("Esito della domanda di iscrizione n. {}", q.id),
    );
    let sent = q.submitted_at.map_or(String::new(), |t| {
        format!(", inviata il {}", t.format("%d/%m/%Y"))
    });
    let mut y = p.paragraph(
        x,
        76.0,
        width,
        10.0,
        &format!(
            "La domanda per {} al servizio {} per l'anno scolastico {}{sent}, è stata esaminata il {}.",
            q.child_name,
            q.service_name,
            q.school_year,
            d.at.format("%d/%m/%Y")
        ),
    ) + 4.0;
    if let Some(e) = &d.enrolment {
        y = p.paragraph(
            x,
            y,
            width,
            11.0,
            "La domanda è stata accolta: il bambino o la bambina è iscritto al servizio.",
        ) + 4.0;
        let payment = if e.prepaid { rd::PREPAID } else { rd::POSTPAID };
        let rows = [
            ("Bambino/a", format!("{} ({})", e.child_name, e.child_cf)),
            ("Servizio", e.service_name.clone()),
            ("Anno scolastico", e.school_year.clone()),
            ("Tariffa", e.tariff(lang)),
            ("Fascia tariffaria", rd::band(lang, e.band_isee_max_cents)),
            ("Fratelli", rd::sibling(lang, e.sibling_rank)),
            ("Pagamento", lang.t(payment).to_string()),
        ];
        for (label, value) in rows {
            p.text(x + 3.0, y, 10.0, false, label);
            p.text(x + 45.0, y, 10.0, true, &value);
            y += 7.0;
        }
        y += 3.0;
        p.fill(x, y - 7.0, width, 14.0, (0.93, 0.95, 0.98));
        p.text(x + 3.0, y + 1.5, 10.0, false, "Codice PAN");
        p.text(x + 45.0, y + 2.0, 16.0, true, &e.pan);
        y += 16.0;
        p.text(x, y, 11.0, true, "Come ricaricare");
        y += 7.0;
        let steps: &[&str] = if e.prepaid {
            &[
                "1. Allo sportello o sul portale dei servizi scolastici chieda un avviso di pagamento pagoPA \
                 per l'importo che preferisce: lo paghi con l'app IO, l'home banking, in banca, alla posta \
                 o in tabaccheria.",
                "2. Nei negozi convenzionati basta il codice PAN qui sopra: dica il codice e l'importo.",
                "Il servizio si paga in anticipo: tenga il credito positivo, il saldo è sul portale.",
            ]
        } else {
            &[
                "Il servizio si paga a consumo: riceverà gli avvisi di pagamento pagoPA, da pagare con \
                 l'app IO, l'home banking, in banca, alla posta o in tabaccheria.",
                "Il codice PAN qui sopra identifica il bambino o la bambina allo sportello e nei negozi \
                 convenzionati.",
            ]
        };
        for step in steps {
            y = p.paragraph(x, y, width, 10.0, step) + 1.5;
        }
    } else if let Some(position) = d.waitlist_position {
        y = p.paragraph(
            x,
            y,
            width,
            11.0,
            "La domanda è ammissibile, ma i posti del servizio in questa scuola sono esauriti.",
        ) + 3.0;
        p.text(
            x,
            y + 2.0,
            13.0,
            true,
            &format!("In lista d'attesa, posizione {position}"),
        );
        y += 10.0;
        y = p.paragraph(
            x,
            y,
            width,
            10.0,
            "Quando si libera un posto la domanda viene accolta nell'ordine della lista e le sarà inviata \
             la lettera di iscrizione.",
        );
    } else {
        y = p.paragraph(
            x,
            y,
            width,
            11.0,
            "La domanda non è stata accolta per il motivo seguente:",
        ) + 2.0;
        y = p.paragraph(
            x + 5.0,
            y,
            width - 5.0,
            11.0,
            d.reason.as_deref().unwrap_or("-"),
        ) + 4.0;
        y = p.paragraph(
            x,
            y,
            width,
            10.0,
            "Per chiarimenti si rivolga allo sportello dei servizi scolastici.",
        );
    }
    let keep = if d.enrolment.is_some() {
        "Conservi questa lettera: il numero della domanda e il codice PAN servono allo sportello."
    } else {
        "Conservi questa lettera: il numero della domanda serve allo sportello."
    };
    p.paragraph(x, y + 8.0, width, 8.0, keep);
    p.done();
    doc.finish()
}
