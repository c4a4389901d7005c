//! Messages of the store, the central API and the documents: what goes wrong with a request, in
//! both languages. They travel unchanged through the central API (`detail_it`, `detail_en`).

pub use super::{Pair, Text};

pub const STORE_BUSY: Text = (
    "Archivio occupato da un'altra postazione: riprovare tra qualche secondo.",
    "The store is busy with another desk: try again in a few seconds.",
);

pub const STORE_FULL: Text = (
    "Disco pieno: la modifica non è stata salvata. Liberare spazio sul disco dell'archivio e riprovare.",
    "The disk is full: the change was not saved. Free space on the store's disk and try again.",
);

pub const NOT_BY_EMAIL: Text = (
    "Questo documento non si invia per e-mail.",
    "This document is not sent by e-mail.",
);

pub const NO_PARENT_EMAIL: Text = (
    "Il genitore non ha un indirizzo e-mail: aggiungerlo nei suoi dati.",
    "The parent has no e-mail address: add it to their data.",
);

pub const NO_PRINTER: Text = (
    "Nessuna stampante configurata ([print] printer).",
    "No printer configured ([print] printer).",
);

pub const SAME_REQUEST_IN_PROGRESS: Text = (
    "La stessa richiesta è già in corso: riprovare tra un attimo.",
    "The same request is already in progress: retry in a moment.",
);

pub const IDEMPOTENT_ANSWER_LOST: Text = (
    "Questa richiesta è già stata eseguita, ma la sua risposta è andata persa: verificare l'esito prima di ripeterla con una chiave nuova.",
    "This request was already carried out, but its answer was lost: check the result before repeating it with a new key.",
);

pub const IDEMPOTENCY_KEY_REUSED: Text = (
    "Questa chiave di idempotenza è già stata usata per una richiesta diversa.",
    "This idempotency key was already used for a different request.",
);

pub const TOO_MANY_LOGINS: Text = (
    "Troppi tentativi di accesso: riprovare tra un minuto.",
    "Too many login attempts: try again in a minute.",
);

pub const BAD_MONTH: Text = ("Mese non valido (AAAA-MM).", "Month not valid (YYYY-MM).");

pub const BAD_DAY: Text = (
    "Giorno non valido (AAAA-MM-GG).",
    "Day not valid (YYYY-MM-DD).",
);

pub const NOT_BASE64: Text = ("Contenuto non in base64.", "Content is not base64.");

pub const NOTHING_TO_CORRECT: Text = (
    "Per questo giorno non c'è nessun addebito da correggere.",
    "Nothing was charged for this day: there is nothing to correct.",
);

pub const WRONG_LOGIN: Text = (
    "Nome utente o password errati.",
    "Wrong user name or password.",
);

pub const FILE_NAME_MISSING: Text = ("Nome del file mancante.", "File name missing.");

pub const DOCUMENT_SIZE: Text = (
    "Il documento è vuoto o supera i 10 MB.",
    "The document is empty or larger than 10 MB.",
);

pub const CHILD_NAME_MISSING: Text = (
    "Mancano nome e cognome dell'alunno.",
    "The child's name and surname are missing.",
);

pub const CLASS_MISSING: Text = ("Scegliere scuola e classe.", "Choose school and class.");

pub const DIET_NEEDS_CERTIFICATE: Text = (
    "Una dieta speciale richiede il certificato medico allegato.",
    "A special diet needs the medical certificate attached.",
);

pub const DECLARATIONS_NEEDED: Text = (
    "Occorre accettare l'informativa privacy e le condizioni del servizio.",
    "The privacy notice and the service conditions must be accepted.",
);

pub const APPLICATION_OTHER_PARENT: Text = (
    "Una domanda non può passare a un altro genitore: crearne una nuova per quel genitore.",
    "An application cannot move to another parent: create a new one for that parent.",
);

pub const REASON_NEEDED: Text = (
    "Indicare il motivo dell'operazione.",
    "Give the reason for this action.",
);

pub const NO_ALLOCATIONS: Text = (
    "Indicare almeno un alunno e un servizio da ricaricare.",
    "Name at least one child and service to top up.",
);

pub const ONE_PAYER_PER_NOTICE: Text = (
    "Un avviso può riunire solo figli dello stesso genitore pagante.",
    "One notice can only cover children of the same paying parent.",
);

pub const ALLOCATION_TWICE: Text = (
    "Lo stesso alunno e servizio compare due volte.",
    "The same child and service appear twice.",
);

pub const BAD_RECEIPT_ID: Text = (
    "Identificativo della ricevuta mancante o troppo lungo (massimo 64 caratteri).",
    "Receipt id missing or too long (at most 64 characters).",
);

pub fn maybe_being_paid(at: &str) -> Pair {
    (
        format!(
            "pagoPA ha chiesto i dati di pagamento di questo avviso alle {at}: il genitore potrebbe pagarlo proprio ora. Confermare l'annullamento solo dopo averlo verificato con lui."
        ),
        format!(
            "pagoPA fetched this notice's payment data at {at}: the parent may be paying it right now. Confirm the cancellation only after checking with them."
        ),
    )
}

pub const ANOMALY_SETTLED: Text = (
    "Questa anomalia è già stata risolta.",
    "This anomaly has already been settled.",
);

pub const FAILED_PAYMENT_NOT_CREDITED: Text = (
    "La ricevuta dice che il pagamento non è riuscito: non c'è denaro da accreditare, solo da archiviare come rimborso.",
    "The receipt says the payment failed: there is no money to credit; settle it as a refund.",
);

pub const RECEIPT_ELSEWHERE: Text = (
    "Questa ricevuta è già stata registrata per un altro avviso o importo.",
    "This receipt was already recorded for another notice or amount.",
);

pub const ALREADY_REGISTERED: Text = (
    "Questo codice fiscale è già registrato: aprire la sua scheda famiglia.",
    "This codice fiscale is already registered: open its family card.",
);

pub const ALREADY_PAYER: Text = (
    "Questo genitore è già il genitore pagante dell'alunno.",
    "This parent already is the child's paying parent.",
);

pub const BAD_NAME: Text = (
    "Nome o cognome mancante o non valido (solo lettere, spazi, apostrofi; al massimo 70 caratteri).",
    "Name or surname missing or not valid (letters, spaces, apostrophes only; at most 70 characters).",
);

pub const BAD_PHONE: Text = (
    "Numero di telefono non valido: solo cifre (spazi ammessi), fisso da 0 o cellulare da 3, oppure +prefisso estero (esempio: 333 123 4567).",
    "Phone number not valid: digits only (spaces allowed), a landline from 0 or a mobile from 3, or +country code (example: 333 123 4567).",
);

pub const BAD_EMAIL: Text = (
    "Indirizzo e-mail non valido (esempio: nome@dominio.it).",
    "E-mail address not valid (example: name@domain.it).",
);

pub const MAIL_NOT_CONFIGURED: Text = (
    "Invio e-mail non configurato: indicare il server SMTP in [mail] host.",
    "E-mail is not configured: set the SMTP server in [mail] host.",
);

pub const SUPERVISOR_ONLY: Text = (
    "Operazione riservata a un supervisore.",
    "Only a supervisor may do this.",
);

pub const NO_SESSION: Text = (
    "Sessione assente o scaduta: accedere di nuovo.",
    "No session or session expired: log in again.",
);

pub const INTERNAL: Text = (
    "Errore interno: l'operazione non è stata eseguita. Riprovare; se si ripete, avvisare l'assistenza.",
    "Internal error: nothing was changed. Try again; if it happens again, call support.",
);

pub const TOO_LARGE: Text = (
    "Richiesta troppo grande: il limite è 64 KiB (16 MiB per i documenti).",
    "Request too large: the limit is 64 KiB (16 MiB for documents).",
);

pub const NO_SUCH_RESOURCE: Text = (
    "Risorsa inesistente: controllare l'indirizzo (vedi /api/v1/openapi.json).",
    "No such resource: check the address (see /api/v1/openapi.json).",
);

pub const METHOD_NOT_ALLOWED: Text = (
    "Metodo non consentito su questa risorsa.",
    "Method not allowed on this resource.",
);

pub const SERVER_INTERNAL: Text = (
    "Errore interno del server centrale: riprovare; se si ripete, avvisare l'assistenza.",
    "Internal error of the central server: retry; if it happens again, call support.",
);

/// `what`: the thing looked for, in both languages ("Avviso", "Notice").
pub fn not_found(what_it: &str, what_en: &str) -> Pair {
    (
        format!("{what_it}: non trovato. Controllare il dato inserito."),
        format!("{what_en}: not found. Check what was typed."),
    )
}

pub fn not_a_store(path: &std::path::Path) -> Pair {
    (
        format!(
            "{}: non è un archivio di sportello (rifiutato, il file non è stato modificato)",
            path.display()
        ),
        format!(
            "{}: not a sportello database (refused, the file was not modified)",
            path.display()
        ),
    )
}

pub fn newer_store(path: &std::path::Path, found: i32, known: i32) -> Pair {
    (
        format!(
            "{}: scritto da una versione più recente di sportello (schema {found}, questa conosce fino al {known}); aggiornare sportello (il file non è stato modificato)",
            path.display()
        ),
        format!(
            "{}: written by a newer sportello (schema {found}, this one knows up to {known}); update sportello (the file was not modified)",
            path.display()
        ),
    )
}

pub fn cannot_open_store(path: &std::path::Path, e: &dyn std::fmt::Display) -> Pair {
    (
        format!("{}: impossibile aprire l'archivio: {e}", path.display()),
        format!("{}: cannot open the store: {e}", path.display()),
    )
}

pub fn file_exists(path: &std::path::Path) -> Pair {
    (
        format!(
            "{}: il file esiste già; scegliere un altro percorso o cancellarlo.",
            path.display()
        ),
        format!(
            "{}: the file already exists; choose another path or delete it.",
            path.display()
        ),
    )
}

pub fn malformed_json(e: &dyn std::fmt::Display) -> Pair {
    (
        format!("JSON non valido: {e}"),
        format!("Malformed JSON: {e}"),
    )
}

pub fn invalid_data(e: &dyn std::fmt::Display) -> Pair {
    (
        format!("Dati non validi: {e}"),
        format!("Invalid data: {e}"),
    )
}

pub fn bad_address(to: &str) -> Pair {
    (
        format!("Indirizzo e-mail non valido: {to}"),
        format!("Not a valid e-mail address: {to}"),
    )
}

pub fn bad_sender(from: &str) -> Pair {
    (
        format!("[mail] from non valido: {from}"),
        format!("[mail] from is not a valid address: {from}"),
    )
}

pub fn mail_not_sent(host: &str, port: u16, e: &dyn std::fmt::Display) -> Pair {
    (
        format!(
            "E-mail non inviata: il server di posta {host}:{port} non ha accettato il messaggio ({e}). Nulla è andato perso: riprovare più tardi."
        ),
        format!(
            "E-mail not sent: the mail server {host}:{port} did not accept the message ({e}). Nothing was lost: retry later."
        ),
    )
}

pub fn print_failed(printer: &str, why: &str) -> Pair {
    (
        format!(
            "Stampa non riuscita sulla stampante {printer} ({why}): controllare la stampante e riprovare."
        ),
        format!("Printing failed on printer {printer} ({why}): check the printer and retry."),
    )
}

pub fn server_unreachable(url: &str) -> Pair {
    (
        format!(
            "Server centrale non raggiungibile ({url}): controllare la rete e riprovare; i dati inseriti restano."
        ),
        format!(
            "Central server unreachable ({url}): check the network and retry; what was typed is kept."
        ),
    )
}

pub fn bad_request(text: &str) -> Pair {
    (
        format!("Richiesta non valida: {text}"),
        format!("Bad request: {text}"),
    )
}

pub fn unexpected_answer(status: &dyn std::fmt::Display) -> Pair {
    (
        format!("Risposta inattesa dal server centrale ({status})."),
        format!("Unexpected answer from the central server ({status})."),
    )
}

/// `amount`: the notice's, formatted.
pub const PAID_IN_FUTURE: Text = (
    "Data di pagamento nel futuro: indicare il giorno scritto sulla ricevuta.",
    "Payment date in the future: give the day printed on the receipt.",
);

pub fn paid_before_notice(issued: &str) -> Pair {
    (
        format!(
            "Data di pagamento anteriore all'avviso, emesso il {issued}: controllare il giorno sulla ricevuta."
        ),
        format!(
            "Payment date before the notice was issued ({issued}): check the day on the receipt."
        ),
    )
}

pub const DUE_DATE_PAST: Text = (
    "Scadenza già passata: indicare oggi o un giorno successivo.",
    "Due date already past: give today or a later day.",
);

pub fn due_date_too_far(latest: &str) -> Pair {
    (
        format!("Scadenza oltre due anni da oggi: al più il {latest}."),
        format!("Due date more than two years ahead: {latest} at the latest."),
    )
}

pub fn amount_differs(amount: &str) -> Pair {
    (
        format!("Importo diverso da quello dell'avviso ({amount})."),
        format!("The amount differs from the notice's ({amount})."),
    )
}

pub fn amount_out_of_range(min: &str, max: &str) -> Pair {
    (
        format!("Importo fuori dai limiti: la ricarica va da {min} a {max}."),
        format!("Amount out of range: a top-up is from {min} to {max}."),
    )
}

/// A notice that can no longer be paid or changed, by its state.
pub fn notice_not_payable(state: &str) -> Pair {
    let (it, en) = match state {
        "paid" => ("l'avviso risulta già pagato", "the notice is already paid"),
        "cancelled" => ("l'avviso è stato annullato", "the notice was cancelled"),
        _ => (
            "l'avviso non è più pagabile",
            "the notice can no longer be paid",
        ),
    };
    (
        format!("Operazione non possibile: {it}."),
        format!("Not possible: {en}."),
    )
}

/// `enrolled_in`: the child's services that year, if any.
pub fn not_enrolled(service: &str, year: &str, enrolled_in: Option<&str>) -> Pair {
    let (it, en) = match enrolled_in {
        Some(list) => (
            format!("iscritto a: {list}"),
            format!("enrolled in: {list}"),
        ),
        None => (
            "non iscritto ad alcun servizio".to_string(),
            "not enrolled in any service".to_string(),
        ),
    };
    (
        format!("L'alunno non è iscritto al servizio «{service}» per l'anno {year} ({it})."),
        format!("The child is not enrolled in the service \"{service}\" for {year} ({en})."),
    )
}

pub const CLASS_ASK_SUPERVISOR: Text = (
    "Correggere la classe, oppure un supervisore può inviare la domanda indicando il motivo.",
    "Correct the class, or a supervisor may send the application giving the reason.",
);

pub const CLASS_FORCE_REASON: Text = (
    "Per inviarla comunque indicare il motivo (es. alunno trattenuto un anno).",
    "To send it anyway give the reason (a child held back a year, say).",
);

/// A class that does not fit the child's birth year, and the one it would be.
pub fn class_misfit(
    class: &str,
    born: i32,
    school_year: &str,
    expected: Option<(crate::domain::schooling::Stage, u32)>,
) -> Pair {
    use crate::domain::schooling::Stage;
    let (it, en) = match expected {
        Some((stage, level)) => {
            let (si, se) = match stage {
                Stage::Infanzia => ("della scuola dell'infanzia", "of the scuola dell'infanzia"),
                Stage::Primaria => ("della primaria", "of primary school"),
                Stage::Secondaria => ("della secondaria", "of secondary school"),
            };
            (
                format!("sarebbe l'anno {level} {si}"),
                format!("it would be year {level} {se}"),
            )
        }
        None => (
            "non è in età per queste scuole".to_string(),
            "the child is not of age for these schools".to_string(),
        ),
    };
    (
        format!(
            "La classe {class} non corrisponde all'anno di nascita ({born}): nel {school_year} {it}."
        ),
        format!("Class {class} does not fit the birth year ({born}): in {school_year} {en}."),
    )
}
