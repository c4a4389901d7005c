//! The lobby kiosk end to end: the real binary in a pseudo-terminal at 80x24, as a parent uses it.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::pty::{Term, demo_store};

const F10: &str = "\x1b[21~";
const ENV: &[(&str, &str)] = &[
    ("SPORTELLO_KIOSK_PASSWORD", "Chiosco1"),
    ("SPORTELLO_KIOSK_IDLE_TIMEOUT_SECS", "10"),
];

/// A paying parent, the PAN of their first child, and that child's first name.
fn family(db: &Path) -> (String, String, String) {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(
        "SELECT p.cf, c.pan, c.name FROM parents p JOIN children c ON c.paying_parent_id = p.id
         ORDER BY c.id LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .unwrap()
}

/// A PAN of the new format whose check character is wrong.
fn mistyped_pan() -> String {
    use sportello::domain::kiosk::{PAN_ALPHABET, PanShape, pan_shape};
    PAN_ALPHABET
        .iter()
        .map(|c| format!("BF3467ACDE{}", *c as char))
        .find(|p| pan_shape(p) == PanShape::Mistyped)
        .unwrap()
}

/// Types the parent's code and a child's PAN and waits for the family.
fn identify(t: &mut Term, cf: &str, pan: &str) {
    t.send(cf);
    t.send("\t");
    t.line(pan);
    t.wait_for("Buongiorno");
}

fn kiosk(db: &Path) -> Term {
    let t = Term::start_with(&["--db", db.to_str().unwrap(), "kiosk"], ENV);
    t.wait_for("Il suo codice fiscale");
    t
}

/// The half-block QR drawn at the left of the notice screen (41 x 21 cells under the header).
fn qr_on_screen(t: &Term) -> String {
    let parser = t.parser.lock().unwrap();
    let screen = parser.screen();
    let lines: Vec<String> = (1..22)
        .map(|row| {
            (0..41)
                .map(|col| {
                    let cell = screen.cell(row, col).unwrap().contents();
                    cell.chars().next().unwrap_or(' ')
                })
                .collect()
        })
        .collect();
    common::qrscan::decode(&common::qrscan::modules(&lines))
}

fn exits_within(t: &mut Term, secs: u64) -> Option<portable_pty::ExitStatus> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(secs) {
        if let Ok(Some(status)) = t.child.try_wait() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

fn signal(t: &Term, name: &str) {
    let pid = t.child.process_id().unwrap().to_string();
    assert!(
        std::process::Command::new("kill")
            .args([name, &pid])
            .status()
            .unwrap()
            .success()
    );
}

#[test]
fn identify_see_balance_make_a_notice_then_idle_clears_everything() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(dir.path());
    let (cf, pan, name) = family(&db);
    let mut t = kiosk(&db);
    t.send(&cf.to_lowercase());
    t.send("\t");
    t.line(&pan);
    t.wait_for("Buongiorno");
    let screen = t.screen();
    let masked = format!("{}***{}***{}", &cf[0..3], &cf[6..11], &cf[15..16]);
    assert!(screen.contains(&masked), "{screen}");
    assert!(
        !screen.contains(&cf),
        "the full code is never shown:\n{screen}"
    );
    assert!(
        screen.contains("Credito") && screen.contains("Ultima ricarica"),
        "{screen}"
    );
    let first = name.split_whitespace().next().unwrap();
    let shown_name = format!("{}{}", &first[..1], first[1..].to_lowercase());
    assert!(screen.contains(&shown_name), "{shown_name}:\n{screen}");
    // This month's meals of the highlighted child.
    t.send("1");
    t.wait_for("Pasti consumati nel mese:");
    t.send("\x1b");
    t.wait_for("Buongiorno");
    // A top-up: a wrong amount is explained and stays; then 20 euro.
    t.send("2");
    t.wait_for("Importo:");
    t.line("2");
    t.wait_for("fuori dai limiti");
    t.send("0");
    t.send("\r");
    t.wait_for("Avviso di pagamento");
    t.wait_for("20,00 €");
    let (number, fiscal_code): (String, String) = {
        let c = rusqlite::Connection::open(&db).unwrap();
        let number = c
            .query_row(
                "SELECT number FROM notices ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let ente = c
            .query_row(
                "SELECT value FROM settings WHERE key = 'ente.fiscal_code'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        (number, ente)
    };
    assert_eq!(
        qr_on_screen(&t),
        format!("PAGOPA|002|{number}|{fiscal_code}|2000")
    );
    // The parent walks away: after 10 s without a key the welcome screen is back, nothing personal left.
    t.wait_for("si cancella tra");
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) && !t.screen().contains("Il suo codice fiscale")
    {
        std::thread::sleep(Duration::from_millis(100));
    }
    let screen = t.screen();
    assert!(screen.contains("Il suo codice fiscale"), "{screen}");
    for gone in [
        masked.as_str(),
        "Credito",
        "Avviso di pagamento",
        pan.as_str(),
        &shown_name,
    ] {
        assert!(!screen.contains(gone), "{gone} still on screen:\n{screen}");
    }
    // Back from idle the kiosk asks to identify again: the session forgot the parent.
    t.send("\x1b[B");
    assert!(t.screen().contains("Il suo codice fiscale"));
}

#[test]
fn three_wrong_tries_wait_and_no_key_or_signal_leaves_only_a_supervisor() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(dir.path());
    let (cf, _, _) = family(&db);
    let mut t = kiosk(&db);
    t.send(&cf);
    t.send("\t");
    t.line("BF9999990");
    t.wait_for("Dati non riconosciuti");
    // Ctrl+U empties the field (every other control key does nothing at the kiosk): the PAN typed
    // next is read alone (were it appended, the check character could not be said to be wrong).
    t.send("\x15");
    // A PAN of the new format with a wrong check character: said on screen, and a wrong try all the same.
    t.line(&mistyped_pan());
    t.wait_for("sembra scritto male");
    t.line("");
    t.wait_for("Troppi tentativi non riusciti");
    t.wait_for("Si potrà riprovare tra");
    // Ctrl+C, Ctrl+Z, Ctrl+\, Ctrl+D typed, and the same signals sent from outside: still the kiosk.
    for key in ["\x03", "\x1a", "\x1c", "\x04"] {
        t.send(key);
    }
    signal(&t, "-INT");
    signal(&t, "-QUIT");
    signal(&t, "-TSTP");
    assert!(
        exits_within(&mut t, 2).is_none(),
        "the kiosk was left:\n{}",
        t.screen()
    );
    assert!(t.screen().contains("Troppi tentativi non riusciti"));
    // Staff: a desk operator's password is not enough; a supervisor's is.
    t.send(F10);
    t.wait_for("Uscita dal chiosco");
    t.line("operatore");
    t.line("Operatore1");
    t.wait_for("Serve la password di un supervisore");
    assert!(exits_within(&mut t, 1).is_none());
    for _ in 0..12 {
        t.send("\x1b[A");
    }
    t.send("\x1b[A"); // to the user field
    for _ in 0..12 {
        t.send("\x7f");
    }
    t.line("supervisore");
    t.line("Supervisore1");
    let status = exits_within(&mut t, 20).expect("a supervisor leaves kiosk mode");
    assert!(status.success());
}

#[test]
fn hangup_ends_and_the_next_start_is_the_welcome_screen() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(dir.path());
    let (cf, pan, _) = family(&db);
    let mut t = kiosk(&db);
    identify(&mut t, &cf, &pan);
    signal(&t, "-HUP");
    assert!(exits_within(&mut t, 20).is_some(), "SIGHUP ends the kiosk");
    let t = kiosk(&db);
    assert!(!t.screen().contains("Buongiorno"));
}

#[test]
fn over_the_central_api_and_a_lost_session_is_repaired() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(dir.path());
    let (cf, pan, _) = family(&db);
    // Tokens expire after 2 s idle: the kiosk's own session is gone before the parent arrives.
    let server = common::Server::start_with_idle(&db, Duration::from_secs(2));
    let t = Term::start_with(&["--api", &server.url, "kiosk"], ENV);
    t.wait_for("Il suo codice fiscale");
    std::thread::sleep(Duration::from_millis(2500));
    let mut t = t;
    identify(&mut t, &cf, &pan);
    t.send("2");
    t.wait_for("Importo:");
    t.line("15");
    t.wait_for("Avviso di pagamento");
    t.wait_for("15,00 €");
}

#[test]
fn the_notice_is_printed_at_the_kiosk_when_a_printer_is_configured() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(dir.path());
    let (cf, pan, _) = family(&db);
    let lp = common::fake_lp(dir.path());
    let mut env = ENV.to_vec();
    env.push(("SPORTELLO_PRINT_PRINTER", "atrio"));
    env.push(("SPORTELLO_PRINT_COMMAND", lp.to_str().unwrap()));
    let mut t = Term::start_with(&["--db", db.to_str().unwrap(), "kiosk"], &env);
    t.wait_for("Il suo codice fiscale");
    identify(&mut t, &cf, &pan);
    t.send("2");
    t.wait_for("Importo:");
    t.line("10");
    t.wait_for("S stampa l'avviso");
    t.send("s");
    t.wait_for("Avviso inviato alla stampante");
    let printed = std::fs::read(dir.path().join("printed.pdf")).unwrap();
    assert!(printed.starts_with(b"%PDF"));
}

/// A parent held up at the kiosk: a supervisor at a desk (another process on the same store file)
/// sees the kiosk's wrong tries and clears them, and the parent can identify at once.
#[test]
fn a_supervisor_clears_a_waiting_kiosk_from_the_desk() {
    const F8: &str = "\x1b[19~";
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(dir.path());
    let (cf, pan, _) = family(&db);
    let mut t = kiosk(&db);
    t.send(&cf);
    t.send("\t");
    t.line("BF9999990");
    t.wait_for("Dati non riconosciuti");
    t.line("");
    t.line("");
    t.wait_for("Si potrà riprovare tra");

    // An operator is not offered the kiosks; a supervisor is.
    let mut desk = Term::start(&["--db", db.to_str().unwrap()]);
    desk.wait_for("Accesso operatore");
    desk.line("supervisore");
    desk.line("Supervisore1");
    desk.wait_for("F8 chioschi");
    desk.send(F8);
    desk.wait_for("Chioschi: tentativi errati");
    desk.wait_for("chiosco");
    assert!(desk.screen().contains("tentativi  3"), "{}", desk.screen());
    let screen = desk.screen();
    assert!(
        screen.contains("attesa 1:00") || screen.contains("attesa 0:"),
        "{screen}"
    );
    desk.send("\r");
    desk.wait_for("Tentativi del chiosco azzerati");
    desk.wait_for("Nessun chiosco con tentativi errati");

    // The kiosk's countdown still runs, but the store no longer holds the parent back: the code
    // typed is still there, the PAN field waits for the right PAN.
    t.line(&pan);
    t.wait_for("Buongiorno");
}

/// The parent pays with the app while the QR is on screen: the kiosk says "Pagamento ricevuto" with
/// the amount, no key pressed, the QR gone; Esc goes back as always.
#[test]
fn a_payment_made_with_the_app_is_seen_without_a_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(dir.path());
    let (cf, pan, _) = family(&db);
    let mut t = kiosk(&db);
    identify(&mut t, &cf, &pan);
    t.send("2");
    t.wait_for("Importo:");
    t.line("20");
    t.wait_for("Avviso di pagamento");
    t.wait_for("█");
    let (paid, _) = common::pay_elsewhere(&db, &common::latest_notice(&db));
    t.within("Pagamento ricevuto", paid, Duration::from_secs(3));
    let screen = t.screen();
    assert!(screen.contains("20,00 €"), "{screen}");
    assert!(!screen.contains('█'), "the QR is gone:\n{screen}");
    t.send("\x1b");
    t.wait_for("Buongiorno");
}
