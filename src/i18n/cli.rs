//! The command line's labels and messages, Italian and English side by side.

pub use super::{Pair, Text};

pub const CODE: Text = ("Codice", "Code");
pub const BASE: Text = ("Base", "Base");
pub const SEX: Text = ("Sesso", "Sex");
pub const BORN: Text = ("Nascita", "Born");
pub const UNKNOWN_CODE: Text = ("codice sconosciuto", "unknown code");
pub const PLACE: Text = ("Luogo", "Place");
pub const SEX_M_OR_F: Text = ("--sex: M oppure F", "--sex: M or F");
pub const BAD_BIRTH_DATE: Text = (
    "--birth-date: data non valida (AAAA-MM-GG)",
    "--birth-date: not a valid date (YYYY-MM-DD)",
);
pub const SUPERVISOR: Text = ("Supervisore:", "Supervisor:");
pub const OPERATOR: Text = ("Operatore:", "Operator:");
pub const NO_RESULTS: Text = ("Nessun risultato.", "No results.");

/// More hits than shown.
pub fn more_results(shown: usize) -> super::Pair {
    (
        format!(
            "Mostrati i primi {shown}: ce ne sono altri. Restringere la ricerca (nome, codice fiscale) o usare --limit."
        ),
        format!(
            "The first {shown} are shown: there are more. Narrow the search (name, codice fiscale) or use --limit."
        ),
    )
}
pub const PARENT: Text = ("genitore", "parent");
pub const CHILD: Text = ("alunno", "child");
pub const NOTICE: Text = ("avviso", "notice");
pub const PAYING_PARENT: Text = ("Genitore pagante:", "Paying parent:");
pub const ADDRESS: Text = ("indirizzo", "address");
pub const LOCKED: Text = ("BLOCCATO", "LOCKED");
pub const FAILED_ATTEMPTS: Text = ("tentativi errati", "failed attempts");
pub const ACTIVE: Text = ("attivo", "active");
pub const ACCOUNT: Text = ("account", "account");
pub const CHILD_HEADING: Text = ("Alunno:", "Child:");
pub const SCHOOL: Text = ("scuola", "school");
pub const CLASS: Text = ("classe", "class");
pub const DIET: Text = ("dieta", "diet");
pub const SECOND_PARENT: Text = ("secondo genitore", "second parent");
pub const NEGATIVE: Text = (" NEGATIVO", " NEGATIVE");
pub const LAST_TOP_UP: Text = ("ultima ricarica", "last top-up");
pub const NO_TOP_UP: Text = ("nessuna ricarica", "no top-up");
pub const BALANCE: Text = ("saldo", "balance");
pub const NOTICES_TO_PAY: Text = ("Avvisi da pagare:", "Notices to pay:");
pub const NOT_A_KIOSK_ACCOUNT: Text = (
    "l'account del chiosco deve avere il ruolo \"kiosk\" (mai un account del personale)",
    "the kiosk account must have the role \"kiosk\" (never a staff account)",
);
pub const API_NEEDS_CREDENTIALS: Text = (
    "con --api servono un utente e una password: SPORTELLO_API_USERNAME e SPORTELLO_API_PASSWORD (o [api] username/password)",
    "--api needs a user and a password: SPORTELLO_API_USERNAME and SPORTELLO_API_PASSWORD (or [api] username/password)",
);
pub const BAD_PAID_AT: Text = (
    "--paid-at: data non valida (esempi: 2026-11-20 oppure 2026-11-20T10:30:00)",
    "--paid-at: not a valid date (examples: 2026-11-20 or 2026-11-20T10:30:00)",
);
pub const NOTICE_HEADING: Text = ("Avviso", "Notice");
pub const SUBJECT: Text = ("Oggetto", "Subject");
pub const AMOUNT: Text = ("Importo", "Amount");
pub const PAYER: Text = ("Pagatore", "Payer");
pub const NO_DUE_DATE: Text = ("senza scadenza", "no due date");
pub const DUE_DATE: Text = ("Scadenza", "Due date");
pub const STATE: Text = ("Stato", "State");
pub const FOR: Text = ("  per", "  for");
pub const RECEIPT: Text = ("Ricevuta", "Receipt");
pub const QR_PAYLOAD: Text = ("Dati QR", "QR payload");
pub const NO_EMAIL_GIVE_ONE: Text = (
    "il genitore non ha un indirizzo e-mail: indicarlo con --email INDIRIZZO",
    "the parent has no e-mail address: give one with --email ADDRESS",
);

pub const WHERE_NOTICE_GOES: Text = (
    "indicare dove mandare l'avviso: -o FILE.pdf, --email, --print",
    "say where the notice goes: -o FILE.pdf, --email, --print",
);
pub const WHERE_DOCUMENT_GOES: Text = (
    "indicare dove mandare il documento: -o FILE.pdf, --csv FILE.csv, --email, --print",
    "say where the document goes: -o FILE.pdf, --csv FILE.csv, --email, --print",
);

/// `amount`: formatted.
pub fn receipt_recorded(number: &str, amount: &str) -> Pair {
    (
        format!("Ricevuta registrata: avviso {number} pagato, {amount} accreditati."),
        format!("Receipt recorded: notice {number} paid, {amount} credited."),
    )
}

pub fn receipt_known(number: &str) -> Pair {
    (
        format!("Ricevuta già registrata: avviso {number}, nessun nuovo accredito."),
        format!("Receipt already recorded: notice {number}, nothing credited again."),
    )
}

pub fn no_such_store(path: &std::path::Path) -> Pair {
    let p = path.display();
    (
        format!("{p}: archivio inesistente (crearne uno di prova con: sportello demo --db {p})"),
        format!("{p}: no such store (create a demo one with: sportello demo --db {p})"),
    )
}

/// `counts`: families, parents, children, school days, ledger rows, notices (`DemoSummary::counts`);
/// plain numbers so the strings need not know the demo builder.
pub fn demo_created(path: &std::path::Path, counts: [u64; 6], secs: f64) -> Pair {
    let p = path.display();
    let [families, parents, children, days, rows, notices] = counts;
    (
        format!(
            "Archivio di prova creato: {p} ({families} famiglie, {parents} genitori, {children} alunni, {days} giorni di scuola, {rows} movimenti, {notices} avvisi) in {secs:.1} s"
        ),
        format!(
            "Demo store created: {p} ({families} families, {parents} parents, {children} children, {days} school days, {rows} ledger rows, {notices} notices) in {secs:.1} s"
        ),
    )
}

pub fn debtors_total(families: usize, total: &str) -> Pair {
    (
        format!("{families} famiglie in debito, {total} in tutto."),
        format!("{families} families in debt, {total} in all."),
    )
}
