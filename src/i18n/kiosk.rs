//! Every string of the lobby kiosk, for parents who never used a terminal: short, plain, polite.

pub use super::Text;

// Answers of the store.
pub const NOT_RECOGNISED: Text = (
    "Dati non riconosciuti. Controlli il codice fiscale e il codice PAN e riprovi.",
    "Details not recognised. Check the tax code and the PAN code and try again.",
);
/// Too many wrong tries: the wait, in whole minutes (rounded up).
pub fn wait(wait: std::time::Duration) -> super::Pair {
    match wait.as_secs().div_ceil(60) {
        0 | 1 => (
            "Troppi tentativi. Attenda un minuto oppure chieda allo sportello.".into(),
            "Too many attempts. Wait one minute or ask at the desk.".into(),
        ),
        m => (
            format!("Troppi tentativi. Attenda {m} minuti oppure chieda allo sportello."),
            format!("Too many attempts. Wait {m} minutes or ask at the desk."),
        ),
    }
}
pub const PAN_MISTYPED: Text = (
    "Il codice PAN sembra scritto male: lo ricopi con attenzione dalla lettera del Comune.",
    "The PAN code looks mistyped: copy it carefully from the Comune's letter.",
);
pub const THROTTLE_CLEARED: Text = ("Tentativi del chiosco azzerati.", "Kiosk attempts cleared.");
pub const NOT_A_KIOSK: Text = (
    "Questo utente non è un chiosco.",
    "This user is not a kiosk.",
);
pub const ONLY_KIOSK: Text = (
    "Identificazione riservata al chiosco.",
    "Identification is for the kiosk only.",
);
pub const NOT_AT_KIOSK: Text = (
    "Operazione non disponibile al chiosco.",
    "Not available at the kiosk.",
);
pub const NOT_YOURS: Text = (
    "Operazione consentita solo per i propri figli, dopo l'identificazione.",
    "Allowed only for your own children, after identifying.",
);

// Welcome and identification.
pub const WELCOME: Text = ("Benvenuti", "Welcome");
pub const WELCOME_LINE: Text = (
    "Qui può vedere il credito e le presenze dei suoi figli e creare un avviso di pagamento.",
    "Here you can see your children's balance and attendance, and create a payment notice.",
);
pub const CF_LABEL: Text = ("Il suo codice fiscale", "Your tax code (codice fiscale)");
pub const PAN_LABEL: Text = (
    "Il codice PAN di uno dei suoi figli",
    "The PAN code of one of your children",
);
pub const IDENTIFY_HELP: Text = (
    "Scriva i dati, poi prema INVIO. Il tasto TAB passa da un campo all'altro.",
    "Type your details, then press ENTER. The TAB key moves between fields.",
);
pub const LANG_SWITCH: Text = ("F2  English", "F2  Italiano");
pub const STAFF_KEY: Text = ("F10 personale", "F10 staff");
pub const WAIT_SCREEN: Text = (
    "Troppi tentativi non riusciti. Attenda oppure chieda allo sportello.",
    "Too many failed attempts. Please wait or ask at the desk.",
);
pub const WAIT_SECONDS: Text = ("Si potrà riprovare tra", "You can try again in");
pub const CHECKING: Text = ("Verifica in corso…", "Checking…");
pub const OFFLINE: Text = (
    "Servizio momentaneamente non disponibile. Chieda allo sportello.",
    "Service not available right now. Please ask at the desk.",
);

// The family.
pub const HELLO: Text = ("Buongiorno", "Hello");
pub const BALANCE: Text = ("Credito", "Balance");
pub const LAST_TOPUP: Text = ("Ultima ricarica", "Last top-up");
pub const NO_TOPUP: Text = ("nessuna", "none");
pub const NO_CHILDREN: Text = (
    "Nessun alunno iscritto ai servizi. Chieda allo sportello.",
    "No child enrolled in the services. Please ask at the desk.",
);
pub const HOME_KEYS: Text = (
    "↑↓ scegli   1 presenze del mese   2 ricarica   ESC fine",
    "↑↓ choose   1 this month's attendance   2 top up   ESC finish",
);
pub const IDLE: Text = (
    "Per riservatezza lo schermo si cancella tra",
    "For privacy the screen clears in",
);

// Attendance.
pub const MEALS_TITLE: Text = ("Presenze di", "Attendance of");
pub const MEALS_NONE: Text = (
    "Nessuna presenza registrata nel mese.",
    "Nothing recorded this month.",
);
pub const BACK_KEYS: Text = ("ESC indietro", "ESC back");

// Top-up.
pub const TOPUP_TITLE: Text = ("Ricarica per", "Top-up for");
pub const TOPUP_HELP: Text = (
    "Scriva l'importo in euro (per esempio 20 oppure 12,50) e prema INVIO: sarà creato un avviso di pagamento. Importi più scelti:",
    "Type the amount in euro (for example 20 or 12.50) and press ENTER: a payment notice is created. Common amounts:",
);
pub const TOPUP_OTHER: Text = ("Importo:", "Amount:");
pub const TOPUP_KEYS: Text = (
    "INVIO crea l'avviso   ESC indietro",
    "ENTER create the notice   ESC back",
);
pub const NOTICE_TITLE: Text = ("Avviso di pagamento", "Payment notice");
pub const NOTICE_SCAN: Text = (
    "Inquadri il codice con l'app IO o con l'app della sua banca, oppure paghi in tabaccheria, in banca o alla posta con il numero dell'avviso.",
    "Scan the code with the IO app or your banking app, or pay at a tobacconist, bank or post office with the notice number.",
);
pub const NOTICE_NUMBER: Text = ("Numero avviso", "Notice number");
pub const PAID: Text = ("Pagamento ricevuto", "Payment received");
pub const PAID_THANKS: Text = (
    "Grazie: la ricarica è stata accreditata.",
    "Thank you: the top-up has been credited.",
);
pub const NOTICE_VOID: Text = (
    "Questo avviso non si può più pagare. Chieda allo sportello.",
    "This notice can no longer be paid. Please ask at the desk.",
);
pub const AMOUNT: Text = ("Importo", "Amount");
pub const DUE: Text = ("Scadenza", "Due");

// Leaving kiosk mode.
pub const EXIT_TITLE: Text = ("Uscita dal chiosco (personale)", "Leave kiosk mode (staff)");
pub const EXIT_USER: Text = ("Supervisore", "Supervisor");
pub const EXIT_PASSWORD: Text = ("Password", "Password");
pub const EXIT_KEYS: Text = ("INVIO conferma   ESC annulla", "ENTER confirm   ESC cancel");
pub const EXIT_REFUSED: Text = (
    "Serve la password di un supervisore.",
    "A supervisor's password is needed.",
);
pub const NOTICE_KEYS_PRINT: Text = (
    "S stampa l'avviso   ESC indietro",
    "P print the notice   ESC back",
);
pub const PRINTED: Text = (
    "Avviso inviato alla stampante: lo ritiri accanto al chiosco.",
    "Notice sent to the printer: collect it next to the kiosk.",
);
pub const LEFT: Text = ("Modalità chiosco terminata.", "Kiosk mode ended.");

pub const MON: Text = ("lun", "Mon");
pub const TUE: Text = ("mar", "Tue");
pub const WED: Text = ("mer", "Wed");
pub const THU: Text = ("gio", "Thu");
pub const FRI: Text = ("ven", "Fri");
pub const SAT: Text = ("sab", "Sat");
pub const SUN: Text = ("dom", "Sun");
pub const ABSENT: Text = ("assente", "absent");
pub const CANCELLED: Text = ("disdetto", "cancelled");
