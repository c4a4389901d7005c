//! Every user-facing string of the terminal app: (Italian, English) pairs, used as `lang.t(NAME)`.

pub use super::Text;

pub const TOO_SMALL: Text = (
    "Finestra troppo piccola: servono almeno {need} caratteri (ora {now}).",
    "Window too small: {need} characters needed (now {now}).",
);
pub const MODE_LOCAL: Text = ("archivio locale", "local store");
pub const MODE_REMOTE: Text = ("API centrale", "central API");
pub const UNREACHABLE: Text = ("API CENTRALE NON RAGGIUNGIBILE", "CENTRAL API UNREACHABLE");
pub const ROLE_OPERATOR: Text = ("operatore", "operator");
pub const ROLE_SUPERVISOR: Text = ("supervisore", "supervisor");
pub const WORKING: Text = ("Attendere…", "Working…");

pub const LOGIN_TITLE: Text = ("Accesso operatore", "Operator login");
pub const USERNAME: Text = ("Utente", "User");
pub const PASSWORD: Text = ("Password", "Password");
pub const DEMO_CREDENTIALS: Text = ("Archivio di prova. Accessi:", "Demo store. Logins:");
pub const LOGGED_OUT_IDLE: Text = (
    "Schermo bloccato per inattività: i dati personali sono stati cancellati dallo schermo. Accedere di nuovo.",
    "Screen locked after inactivity: personal data was cleared from the screen. Log in again.",
);
pub const IDLE_WARNING: Text = (
    "Inattività: blocco dello schermo tra",
    "Idle: screen locks in",
);

pub const SEARCH_TITLE: Text = ("Ricerca", "Search");
pub const SEARCH_HINT: Text = (
    "Codice fiscale, PAN, numero avviso o cognome (anche solo le prime lettere)",
    "Codice fiscale, PAN, notice number or surname (the first letters are enough)",
);
pub const KIOSKS_TITLE: Text = ("Chioschi: tentativi errati", "Kiosks: wrong attempts");
pub const KIOSKS_HELP: Text = (
    "Un genitore in attesa al chiosco? Azzeri i tentativi di quel chiosco.",
    "A parent waiting at a kiosk? Clear that kiosk's attempts.",
);
pub const KIOSKS_NONE: Text = (
    "Nessun chiosco con tentativi errati.",
    "No kiosk with wrong attempts.",
);
pub const KIOSKS_TRIES: Text = ("tentativi", "attempts");
pub const KIOSKS_WAIT: Text = ("attesa", "wait");
pub const NO_RESULTS: Text = ("Nessun risultato.", "No results.");
pub const MORE_RESULTS: Text = (
    "… ce ne sono altri: scrivere di più (nome, codice fiscale) per restringere",
    "… there are more: type more (name, codice fiscale) to narrow",
);
pub const KIND_PARENT: Text = ("genitore", "parent");
pub const KIND_CHILD: Text = ("alunno", "child");
pub const KIND_NOTICE: Text = ("avviso", "notice");

pub const FAMILY_TITLE: Text = ("Scheda famiglia", "Family card");
pub const PAYING_PARENT: Text = ("Genitore pagante", "Paying parent");
pub const ACCOUNT: Text = ("Account", "Account");
pub const ACTIVE: Text = ("attivo", "active");
pub const LOCKED: Text = ("BLOCCATO", "LOCKED");
pub const FAILED_ATTEMPTS: Text = ("tentativi errati", "failed attempts");
pub const CHILDREN: Text = ("Figli", "Children");
pub const NO_CHILDREN: Text = (
    "Nessun figlio collegato a questo genitore.",
    "No child linked to this parent.",
);
pub const SECOND_PARENT: Text = ("secondo genitore", "second parent");
pub const DIET: Text = ("dieta", "diet");
pub const NEGATIVE: Text = ("NEGATIVO", "NEGATIVE");
pub const LAST_TOPUP: Text = ("ult. ricarica", "last top-up");
pub const NO_TOPUP: Text = ("nessuna ricarica", "no top-up");
pub const PENDING_NOTICES: Text = ("Avvisi da pagare", "Notices to pay");
pub const UNLOCKED: Text = ("Account sbloccato.", "Account unlocked.");

pub const TOPUP_TITLE: Text = (
    "Ricarica e avviso di pagamento",
    "Top-up and payment notice",
);
pub const TOPUP_HELP: Text = (
    "Spazio sceglie le righe: un solo avviso per tutte, una sola commissione.",
    "Space picks lines: one notice for all of them, one fee.",
);
pub const AMOUNT: Text = ("Importo", "Amount");
pub const TOTAL: Text = ("Totale", "Total");
pub const TO_ZERO: Text = ("per azzerare il debito", "to clear the debt");
pub const NOTHING_SELECTED: Text = (
    "Selezionare almeno una riga con Spazio.",
    "Select at least one line with Space.",
);
pub const EMAIL_NEEDED: Text = (
    "Manca l'e-mail del genitore: inserirla qui (serve per ricevere l'avviso).",
    "The parent's e-mail is missing: type it here (the notice is sent to it).",
);
pub const EMAIL: Text = ("E-mail", "E-mail");

pub const PAYMENT_TITLE: Text = ("Avviso di pagamento pagoPA", "pagoPA payment notice");
pub const NOTICE_NUMBER: Text = ("Codice avviso", "Notice number");
pub const ENTE_CF: Text = ("CF ente", "Ente CF");
pub const PAYER: Text = ("Pagatore", "Payer");
pub const DUE: Text = ("Scadenza", "Due date");
pub const NO_DUE: Text = ("senza scadenza", "no due date");
pub const STATE: Text = ("Stato", "State");
pub const SCAN_HINT: Text = (
    "Inquadrare il QR con l'app IO o della banca, oppure pagare in tabaccheria, posta o banca.",
    "Scan the QR with the IO or banking app, or pay at a tobacconist, post office or bank.",
);
pub const RECEIPT: Text = ("Ricevuta", "Receipt");
pub const PAID_PANEL: Text = ("PAGATO", "PAID");
pub const CANCELLED_PANEL: Text = ("ANNULLATO", "CANCELLED");
pub const CHANNEL: Text = ("Canale", "Channel");
pub const PSP: Text = ("PSP", "PSP");
pub const PAID_ON: Text = ("Pagato il", "Paid on");
pub const CANCELLED_ON: Text = ("Annullato il", "Cancelled on");
pub const FOLLOW_RETRYING: Text = (
    "Stato del pagamento non verificabile ora: nuovo tentativo ogni 2 secondi.",
    "The payment's state cannot be checked right now: trying again every 2 seconds.",
);
pub const FOLLOW_SESSION: Text = (
    "Sessione scaduta: il pagamento non è più seguito. Ctrl+L, accedere di nuovo e riaprire l'avviso.",
    "Session expired: the payment is no longer followed. Ctrl+L, log in again and open the notice again.",
);
pub const FOLLOW_STOPPED: Text = (
    "Il pagamento non è più seguito:",
    "The payment is no longer followed:",
);
pub const CANCEL_REASON: Text = ("Motivo dell'annullamento", "Reason for cancelling");
pub const CANCELLED_OK: Text = ("Avviso annullato.", "Notice cancelled.");
pub const K_PAYMENT_RECEIPT: Text = (" · {receipt} ricevuta", " · {receipt} receipt");
pub const K_RECEIPT_FORM: Text = (
    "Tab campo · Invio registra · Esc rinuncia",
    "Tab field · Enter record · Esc give up",
);
pub const RECEIPT_HELP: Text = (
    "Ricevuta pagoPA mostrata dal genitore (pagamento non ancora arrivato):",
    "pagoPA receipt the parent shows (payment not arrived yet):",
);
pub const RECEIPT_ID: Text = ("Codice ricevuta (IUR)", "Receipt code (IUR)");
pub const RECEIPT_DAY: Text = ("Pagato il (gg/mm/aaaa)", "Paid on (dd/mm/yyyy)");
pub const BAD_PAID_DAY: Text = (
    "Data non valida: scrivere gg/mm/aaaa.",
    "Date not valid: write dd/mm/yyyy.",
);
pub const RECEIPT_OK: Text = (
    "Ricevuta registrata: avviso pagato, saldo accreditato.",
    "Receipt recorded: notice paid, balance credited.",
);
pub const RECEIPT_KNOWN: Text = (
    "Ricevuta già registrata: nessun nuovo accredito.",
    "Receipt already recorded: nothing credited again.",
);
pub const CASH_OK: Text = (
    "Pagamento in contanti registrato: saldo accreditato.",
    "Cash payment recorded: balance credited.",
);

pub const REGISTER_TITLE: Text = ("Registrazione genitore", "Register a parent");
pub const CF: Text = ("Codice fiscale", "Codice fiscale");
pub const SURNAME: Text = ("Cognome", "Surname");
pub const NAME: Text = ("Nome", "Name");
pub const PHONE: Text = ("Telefono", "Phone");
pub const ADDRESS: Text = ("Indirizzo", "Address");
/// `{}`: the code's own three letters.
pub const SURNAME_MISMATCH: Text = (
    "Il cognome non corrisponde al codice fiscale (che riporta {}): controllare, oppure Invio per registrare così.",
    "The surname does not match the codice fiscale (which has {}): check it, or Enter to register as it is.",
);
pub const NAME_MISMATCH: Text = (
    "Il nome non corrisponde al codice fiscale (che riporta {}): controllare, oppure Invio per registrare così.",
    "The name does not match the codice fiscale (which has {}): check it, or Enter to register as it is.",
);
pub const ALREADY_KNOWN: Text = (
    "Codice fiscale già registrato: apro la sua scheda.",
    "Codice fiscale already registered: opening its card.",
);

pub const CREDENTIALS_TITLE: Text = ("Lettera credenziali", "Credentials letter");
pub const CREDENTIALS_ONCE: Text = (
    "Mostrata una sola volta: consegnarla o dettarla al genitore, poi premere Invio.",
    "Shown once only: hand it or read it to the parent, then press Enter.",
);
pub const TEMP_PASSWORD: Text = ("Password temporanea", "Temporary password");
pub const CANCEL_CODE: Text = ("Codice disdetta pasto", "Meal-cancellation code");
pub const HOW_TO_LOGIN: Text = (
    "Accedere al portale genitori con utente e password; al primo accesso si sceglie una nuova password.",
    "Log in to the parents' portal with user and password; a new password is chosen at first login.",
);

// Footer keys.
pub const K_LOGIN: Text = (
    "Invio accedi · Tab campo · Ctrl+C chiudi",
    "Enter log in · Tab field · Ctrl+C quit",
);
pub const K_SEARCH: Text = (
    "↑↓ scegli · Invio apri · {new_parent} nuovo genitore · Ctrl+L esci · Ctrl+C chiudi",
    "↑↓ pick · Enter open · {new_parent} new parent · Ctrl+L log out · Ctrl+C quit",
);
pub const ANOMALIES_TITLE: Text = ("Pagamenti pagoPA da verificare", "pagoPA payments to check");
pub const ANOMALIES_HELP: Text = (
    "Ricevute arrivate da pagoPA e non accreditate: accreditarle a un alunno o segnarle da rimborsare.",
    "Receipts pagoPA delivered that were not credited: credit them to a child or mark them for refund.",
);
pub const ANOMALIES_NONE: Text = ("Nessun pagamento da verificare.", "No payment to check.");
pub const ANOMALY_OPEN: Text = ("da verificare", "to check");
pub const ANOMALY_PAID: Text = ("Pagato il", "Paid on");
pub const ANOMALY_CREDIT_TO: Text = ("Accredita a", "Credit to");
pub const ANOMALY_REFUND: Text = ("Da rimborsare al pagante", "Refund to the payer");
pub const ANOMALY_REASON: Text = ("Motivo", "Reason");
pub const ANOMALY_SETTLED: Text = ("Pagamento sistemato.", "Payment settled.");
pub const K_ANOMALIES: Text = (
    "↑↓ scegli · Invio sistema · {refresh} aggiorna · Esc indietro",
    "↑↓ pick · Enter settle · {refresh} refresh · Esc back",
);
pub const K_ANOMALY_SETTLE: Text = (
    "↑↓ dove va il denaro · scrivere il motivo · Invio conferma · Esc annulla",
    "↑↓ where the money goes · type the reason · Enter confirm · Esc cancel",
);
pub const K_CONFIRM_CANCEL: Text = (
    "Invio annulla comunque · Esc lascia l'avviso da pagare",
    "Enter cancel anyway · Esc keep the notice payable",
);
pub const K_KIOSKS: Text = (
    "↑↓ scegli · Invio azzera i tentativi · {refresh} aggiorna · Esc indietro",
    "↑↓ pick · Enter clear the attempts · {refresh} refresh · Esc back",
);
pub const K_FAMILY_UNLOCK: Text = ("  → {unlock} sblocca", "  → {unlock} unlock");
pub const K_TOPUP: Text = (
    "↑↓ · Spazio scegli · F1-F4 importo · F6 importo del debito · Invio avviso · Esc",
    "↑↓ line · Space pick · F1-F4 amount · F6 pay the debt · Enter notice · Esc back",
);
// Short: with printing and e-mail configured the whole line must still fit 80 columns.
pub const K_PAYMENT: Text = ("Esc indietro", "Esc back");
pub const K_PAYMENT_CANCEL: Text = (" · {cancel_notice} annulla", " · {cancel_notice} cancel");
pub const K_PAYMENT_CASH: Text = (" · {cash} contanti", " · {cash} cash");
pub const K_PAYMENT_PDF: Text = (" · {save_pdf} PDF", " · {save_pdf} PDF");
pub const K_PAYMENT_PRINT: Text = (" · {print} stampa", " · {print} print");
pub const K_PAYMENT_EMAIL: Text = (" · {email} e-mail", " · {email} e-mail");
pub const DOC_SAVED: Text = ("Documento salvato:", "Document saved:");
pub const DOC_PRINTED: Text = (
    "Documento inviato alla stampante.",
    "Document sent to the printer.",
);
pub const DOC_EMAILED: Text = ("Documento inviato per e-mail a", "Document e-mailed to");
pub const K_REASON: Text = (
    "Invio conferma · Esc rinuncia",
    "Enter confirm · Esc give up",
);
pub const K_FORM: Text = (
    "Tab/↑↓ campo · Invio conferma · Esc indietro",
    "Tab/↑↓ field · Enter confirm · Esc back",
);
pub const K_CREDENTIALS: Text = ("Invio continua", "Enter continue");

pub const ATTENDANCE_TITLE: Text = ("Presenze", "Attendance");
pub const WEEKDAYS: [Text; 7] = [
    ("Lu", "Mo"),
    ("Ma", "Tu"),
    ("Me", "We"),
    ("Gi", "Th"),
    ("Ve", "Fr"),
    ("Sa", "Sa"),
    ("Do", "Su"),
];
pub const MONTHS: [Text; 12] = [
    ("gennaio", "January"),
    ("febbraio", "February"),
    ("marzo", "March"),
    ("aprile", "April"),
    ("maggio", "May"),
    ("giugno", "June"),
    ("luglio", "July"),
    ("agosto", "August"),
    ("settembre", "September"),
    ("ottobre", "October"),
    ("novembre", "November"),
    ("dicembre", "December"),
];
/// One-letter marks in the calendar: present, absent, cancelled, holiday.
pub const MARKS: [Text; 4] = [("P", "P"), ("A", "A"), ("D", "D"), ("F", "F")];
pub const CHARGED: Text = ("addebitati", "charged");
pub const ABSENT: Text = ("assente", "absent");
pub const HOLIDAY: Text = ("festa, nessun servizio", "holiday, no service");
pub const NO_RECORD: Text = ("nessuna registrazione", "nothing recorded");
pub const RECORDED_BY: Text = ("registrato da", "recorded by");
pub const CHANGED_BY: Text = ("modificato da", "changed by");
pub const CORRECTION_REASON: Text = ("Motivo", "Reason");
pub const CORRECTED: Text = (
    "Giorno corretto: addebito stornato.",
    "Day corrected: charge refunded.",
);
pub const K_ATTENDANCE: Text = (
    "Esc · ←→↑↓ giorno · PgSu/PgGiù mese · {next_service} servizio · {cancel_meal} disdici",
    "Esc · ←→↑↓ day · PgUp/PgDn month · {next_service} service · {cancel_meal} cancel",
);
pub const K_ATTENDANCE_FIX: Text = (" · {correct_day} correggi", " · {correct_day} correct");

pub const STATEMENT_TITLE: Text = ("Estratto conto", "Statement");
pub const ALL_SERVICES: Text = ("tutti i servizi", "all services");
pub const ALL_YEARS: Text = ("tutti gli anni", "all years");
/// `{year}`, `{amount}`: the 730 certificate's own total, as the document on paper says it.
pub const PAID_730: Text = (
    "Attestazione 730 {year} (tutti i figli): {amount}",
    "730 certificate {year} (all children): {amount}",
);
/// The statement's column heads, under each service's name.
pub const AMOUNT_BALANCE: (Text, Text) = (("Importo", "Amount"), ("Saldo", "Balance"));
/// Lines out of sight (`{}`: how many), said with the keys that reach them (the footer has no room
/// left for them).
pub const LINES_ABOVE: Text = ("▲ {} righe sopra", "▲ {} lines above");
pub const LINES_BELOW: Text = ("▼ {} righe sotto", "▼ {} lines below");
pub const K_PAGES: Text = ("PgSu/PgGiù pagina · Home/Fine", "PgUp/PgDn page · Home/End");
pub const NO_MOVEMENTS: Text = ("Nessun movimento.", "No movements.");
pub const K_STATEMENT: Text = (
    "Esc · ↑↓ scorri · {next_service} servizio · {next_year} anno",
    "Esc · ↑↓ scroll · {next_service} service · {next_year} year",
);
pub const K_STATEMENT_730: Text = (" · {certificate} 730", " · {certificate} 730");
pub const DOC_STATEMENT: Text = ("documento: estratto conto", "document: statement");
pub const DOC_730: Text = (
    "documento: attestazione 730 (tutti i figli)",
    "document: 730 certificate (all children)",
);

pub const PARENT_DATA_TITLE: Text = ("Dati del genitore", "Parent data");
pub const SAVED: Text = ("Dati salvati.", "Data saved.");

pub const ENROL_TITLE: Text = ("Domanda di iscrizione", "Enrolment application");
pub const STEPS: [Text; 6] = [
    ("1 Richiedente", "1 Applicant"),
    ("2 Alunno", "2 Child"),
    ("3 Dati richiesti", "3 Required data"),
    ("4 Dichiarazioni", "4 Declarations"),
    ("5 Documenti", "5 Documents"),
    ("6 Riepilogo e invio", "6 Review and send"),
];
pub const WINDOW: Text = ("Periodo di iscrizione", "Enrolment window");
pub const OPEN: Text = ("aperto", "open");
pub const CLOSED: Text = (
    "chiuso: solo un supervisore può inviare, con motivo",
    "closed: only a supervisor may send, with a reason",
);
pub const NEW_CHILD: Text = ("nuovo alunno", "new child");
pub const BIRTH_DATE: Text = ("Nato il (gg/mm/aaaa)", "Born on (dd/mm/yyyy)");
pub const BORN: Text = ("nato/a il", "born on");
pub const CLASS_MISFIT: Text = (
    "⚠ Classe non adatta all'anno di nascita: correggerla, o un supervisore invia con il motivo.",
    "⚠ The class does not fit the birth year: correct it, or a supervisor sends with the reason.",
);
pub const SEX: Text = ("Sesso (M/F)", "Sex (M/F)");
pub const CF_MISMATCH: Text = (
    "Il codice fiscale non corrisponde a data di nascita o sesso: ricontrollare.",
    "The codice fiscale does not match birth date or sex: check again.",
);
pub const BAD_DATE: Text = (
    "Data non valida: scrivere gg/mm/aaaa.",
    "Date not valid: type dd/mm/yyyy.",
);
pub const CLASS: Text = ("Scuola e classe", "School and class");
pub const ISEE: Text = ("ISEE (vuoto: fascia massima)", "ISEE (empty: top band)");
pub const SPECIAL_DIET: Text = ("Dieta speciale", "Special diet");
pub const ISEE_CONSENT: Text = (
    "Consenso ad acquisire l'ISEE dall'INPS",
    "Consent to fetch the ISEE from INPS",
);
pub const DISCOUNTS: Text = ("Riduzioni richieste", "Discounts asked");
pub const PRIVACY: Text = (
    "Ho letto l'informativa privacy",
    "I have read the privacy notice",
);
pub const CONDITIONS: Text = (
    "Accetto le condizioni del servizio",
    "I accept the service conditions",
);
pub const DOC_PATH: Text = ("File da allegare (percorso)", "File to attach (path)");
pub const DOC_HINT: Text = (
    "Una dieta speciale richiede il certificato medico. Il file viene copiato nell'archivio.",
    "A special diet needs the medical certificate. The file is copied into the store.",
);
pub const DOC_UNREADABLE: Text = (
    "File non leggibile: controllare il percorso.",
    "File not readable: check the path.",
);
pub const ATTACHED: Text = ("Allegati", "Attached");
pub const DRAFT_SAVED: Text = ("Bozza salvata.", "Draft saved.");
pub const DRAFT_RESUMED: Text = ("Ripresa la bozza salvata.", "Saved draft resumed.");
pub const SUBMITTED: Text = (
    "Domanda inviata: non è più modificabile.",
    "Application sent: it can no longer be changed.",
);
pub const READ_ONLY: Text = (
    "Domanda già inviata: sola lettura.",
    "Application already sent: read only.",
);
pub const LATE_REASON: Text = (
    "Motivo (fuori termine o con debito)",
    "Reason (sent late or with a debt)",
);
pub const FAMILY_DEBT: Text = (
    "Debito della famiglia (può servire un supervisore con il motivo):",
    "The family owes (a supervisor with a reason may be needed):",
);
pub const NO_WINDOWS: Text = (
    "Nessun periodo di iscrizione configurato.",
    "No enrolment window set up.",
);
pub const K_ENROL: Text = (
    "Tab campo · ↑↓ scegli · Spazio segna · PgGiù avanti · PgSu torna",
    "Tab field · ↑↓ choose · Space tick · PgDn next · PgUp back",
);
pub const K_ENROL_LEAVE: Text = (" · Esc indietro", " · Esc back");
pub const K_ENROL_SEND: Text = (" · Invio invia", " · Enter send");

pub const LINK_TITLE: Text = ("Altro genitore", "Other parent");
pub const LINK_HELP: Text = (
    "Il caso «accedo e non vedo mio figlio»: collegare l'altro genitore (già registrato) in sola lettura, oppure farne il genitore pagante.",
    "The \"I log in and see no child\" case: link the other parent (registered first) read-only, or make them the paying parent.",
);
pub const OTHER_PARENT_CF: Text = (
    "Codice fiscale dell'altro genitore",
    "The other parent's codice fiscale",
);
pub const MAKE_PAYER: Text = (
    "Diventa genitore pagante (supervisore, F9)",
    "Becomes the paying parent (supervisor, F9)",
);
pub const REASON: Text = ("Motivo", "Reason");
pub const LINKED: Text = (
    "Secondo genitore collegato in sola lettura.",
    "Second parent linked read-only.",
);
pub const PAYER_CHANGED: Text = ("Genitore pagante cambiato.", "Paying parent changed.");
pub const K_LINK: Text = (
    "Tab campo · F9 pagante · Invio conferma · Esc indietro",
    "Tab field · F9 payer · Enter confirm · Esc back",
);

pub const TICK_BOTH_DECLARATIONS: Text = (
    "Spuntare entrambe le dichiarazioni.",
    "Tick both declarations.",
);
pub const REQUIRED: Text = ("Campo obbligatorio.", "Required.");
