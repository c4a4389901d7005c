//! Reconciliation with pagoPA's flows (FdR): what the store, the command line and the desk say.

use super::{Pair, Text};

fn pair(it: String, en: String) -> Pair {
    (it, en)
}

// Reading a flow.

pub fn xml_unreadable(why: &str) -> Pair {
    pair(
        format!("XML non leggibile: {why}"),
        format!("unreadable XML: {why}"),
    )
}

pub fn not_a_flow(root: &str) -> Pair {
    pair(
        format!("non è un flusso di rendicontazione (elemento radice {root})"),
        format!("not a reconciliation flow (root element {root})"),
    )
}

pub fn missing_element(name: &str) -> Pair {
    pair(
        format!("manca l'elemento {name}"),
        format!("element {name} is missing"),
    )
}

pub fn invalid_value(field: &str, value: &str) -> Pair {
    pair(
        format!("{field}: {value:?} non è valido"),
        format!("{field}: {value:?} is not valid"),
    )
}

pub fn count_mismatch(declared: i64, listed: i64) -> Pair {
    pair(
        format!("il flusso dichiara {declared} pagamenti ma ne elenca {listed}"),
        format!("the flow declares {declared} payments but lists {listed}"),
    )
}

pub fn total_mismatch(declared: i64, listed: i64) -> Pair {
    let eur = crate::domain::money::format_eur;
    pair(
        format!(
            "il flusso dichiara un totale di {} ma i pagamenti sommano {}",
            eur(declared),
            eur(listed)
        ),
        format!(
            "the flow declares a total of {} but its payments add up to {}",
            eur(declared),
            eur(listed)
        ),
    )
}

// The store.

pub fn other_ente(flow: &str, receiver: &str, ours: &str) -> Pair {
    pair(
        format!(
            "Il flusso {flow} è per l'ente {receiver}, non per questo ente ({ours}): rifiutato, nulla è stato registrato."
        ),
        format!(
            "Flow {flow} is for ente {receiver}, not this ente ({ours}): refused, nothing was recorded."
        ),
    )
}

pub const NOT_IN_A_FLOW: Text = (
    "Nessun flusso di rendicontazione riporta questo IUV come pagato.",
    "No reconciliation flow reports this IUV as paid.",
);

pub const HAS_A_RECEIPT: Text = (
    "L'avviso di questo IUV ha già una ricevuta: non c'è nulla da accreditare dal flusso.",
    "The notice of this IUV already has a receipt: there is nothing to credit from the flow.",
);

pub const REASON_FOR_CLOSED: Text = (
    "L'avviso è annullato o scaduto ma il denaro è arrivato: scrivere il motivo dell'accredito.",
    "The notice is cancelled or expired but the money arrived: type the reason for crediting it.",
);

pub fn credit_amount_differs(flow: &str, notice: &str) -> Pair {
    pair(
        format!(
            "Il flusso riporta {flow} ma l'avviso è di {notice}: accredito da verificare a mano."
        ),
        format!(
            "The flow reports {flow} but the notice is for {notice}: check the credit by hand."
        ),
    )
}

// The REST API for organisations.

pub fn key_refused(url: &str) -> Pair {
    pair(
        format!(
            "pagoPA ha rifiutato la chiave di sottoscrizione (HTTP 401) su {url}: controllare [pagopa] subscription_key o SPORTELLO_PAGOPA_SUBSCRIPTION_KEY."
        ),
        format!(
            "pagoPA refused the subscription key (HTTP 401) at {url}: check [pagopa] subscription_key or SPORTELLO_PAGOPA_SUBSCRIPTION_KEY."
        ),
    )
}

pub fn not_an_address(url: &str) -> Pair {
    pair(
        format!("{url:?} non è un indirizzo http:// o https://"),
        format!("{url:?} is not an http:// or https:// address"),
    )
}

pub const NO_KEY: Text = (
    "Manca la chiave di sottoscrizione pagoPA: impostare SPORTELLO_PAGOPA_SUBSCRIPTION_KEY.",
    "The pagoPA subscription key is missing: set SPORTELLO_PAGOPA_SUBSCRIPTION_KEY.",
);

pub fn http_status(url: &str, status: u16) -> Pair {
    pair(
        format!("pagoPA ha risposto HTTP {status} su {url}."),
        format!("pagoPA answered HTTP {status} at {url}."),
    )
}

pub fn unreachable(url: &str, why: &str) -> Pair {
    pair(
        format!("pagoPA non raggiungibile ({url}): {why}"),
        format!("pagoPA unreachable ({url}): {why}"),
    )
}

pub fn bad_answer(url: &str, why: &str) -> Pair {
    pair(
        format!("risposta di pagoPA non valida da {url}: {why}"),
        format!("invalid answer from pagoPA at {url}: {why}"),
    )
}

// The command line and the desk.

pub fn pulled(new: usize, known: usize) -> Pair {
    pair(
        format!("{new} flussi o revisioni nuovi scaricati, {known} già presenti."),
        format!("{new} new flows or revisions fetched, {known} already held."),
    )
}

pub fn report_total(lines: usize, open: usize) -> Pair {
    pair(
        format!("{lines} IUV nel prospetto, {open} anomalie aperte."),
        format!("{lines} IUVs in the report, {open} open anomalies."),
    )
}

pub const KIND_NO_RECEIPT: Text = ("nel flusso, senza ricevuta", "in a flow, no receipt");
pub const KIND_AMOUNT_DIFFERS: Text = ("importi diversi", "amounts differ");
pub const KIND_NO_FLOW: Text = ("ricevuta senza flusso", "receipt, no flow");
pub const KIND_RECONCILED: Text = ("riconciliato", "reconciled");

pub const SCREEN_TITLE: Text = (
    "Riconciliazione pagoPA: anomalie aperte",
    "pagoPA reconciliation: open anomalies",
);

pub fn screen_summary(open: usize, last_import: &str, grace: u32) -> Pair {
    pair(
        format!("{open} anomalie · ultimo flusso {last_import} · attesa {grace} gg lavorativi"),
        format!("{open} anomalies · last flow {last_import} · grace {grace} working days"),
    )
}

pub const NO_ANOMALIES: Text = ("Nessuna anomalia aperta.", "No open anomalies.");

/// The "no receipt" kind, short enough for the desk's list.
pub const KIND_NO_RECEIPT_SHORT: Text = ("flusso, senza ricevuta", "flow, no receipt");

pub const NOTICE: Text = ("Avviso", "Notice");
pub const NO_NOTICE: Text = (
    "IUV non emesso da questo ente",
    "IUV not issued by this ente",
);
pub const FLOW: Text = ("Flusso", "Flow");
pub const REASON: Text = ("Motivo", "Reason");

pub const ONLY_NO_RECEIPT: Text = (
    "Si accredita solo una riga \"flusso, senza ricevuta\" di un avviso di questo ente.",
    "Only a \"flow, no receipt\" line of a notice of this ente can be credited.",
);

pub fn confirm_credit(amount: &str, family: &str) -> Pair {
    pair(
        format!("Accreditare {amount} alla famiglia {family}? Invio conferma · Esc annulla"),
        format!("Credit {amount} to the family {family}? Enter confirms · Esc cancels"),
    )
}

pub fn credited(notice: &str, now: bool) -> Pair {
    if now {
        pair(
            format!("Accreditato: avviso {notice} pagato."),
            format!("Credited: notice {notice} paid."),
        )
    } else {
        pair(
            format!("Già accreditato in precedenza: avviso {notice}, nessun nuovo movimento."),
            format!("Already credited before: notice {notice}, no new movement."),
        )
    }
}

pub const K_SCREEN: Text = (
    "↑↓ scegli · Invio accredita flusso senza ricevuta · {refresh} aggiorna · Esc indietro",
    "↑↓ pick · Enter credit a flow with no receipt · {refresh} refresh · Esc back",
);
