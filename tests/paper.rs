//! Documents as a person receives them: rendered by the real binary, read back with poppler
//! (pdftotext, pdffonts, pdftoppm) and the QR code decoded by a real decoder (zbarimg).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::Datelike;

use common::smtp::{attachment, free_port, smtp_server};

fn sportello(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sportello"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("HOME", db.parent().unwrap())
        .env("XDG_CONFIG_HOME", db.parent().unwrap())
        .output()
        .unwrap()
}

fn demo(dir: &Path) -> PathBuf {
    let db = dir.join("paper.db");
    let out = Command::new(env!("CARGO_BIN_EXE_sportello"))
        .args([
            "demo",
            "--families",
            "30",
            "--days",
            "10",
            "--seed",
            "5",
            "--db",
        ])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success());
    db
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name}: {e} (.ci/run installs poppler-utils and zbar-tools)"));
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

pub fn pdf_text(pdf: &Path) -> String {
    tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"])
}

#[test]
fn the_notice_pdf_carries_every_field_and_its_qr_decodes_to_the_payload() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let (number, cents, payer_cf, payer_name): (String, i64, String, String) = {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.query_row(
            "SELECT n.number, n.amount_cents, p.cf, p.surname || ' ' || p.name
             FROM notices n JOIN parents p ON p.id = n.payer_id WHERE n.state = 'pending' LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap()
    };
    let pdf = dir.path().join("avviso.pdf");
    let out = sportello(
        &db,
        &["notice", "pdf", &number, "-o", pdf.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let text = pdf_text(&pdf);
    let grouped: String = number
        .chars()
        .collect::<Vec<_>>()
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ");
    let amount = sportello::domain::money::format_amount(cents);
    for field in [
        "ENTE CREDITORE",
        "Comune di Borgo Fittizio",
        "80001234568",
        "DESTINATARIO AVVISO",
        payer_cf.as_str(),
        payer_name.as_str(),
        &format!("{amount} Euro"),
        "entro il ",
        "PAGA CON L'APP IO",
        "Codice avviso",
        grouped.as_str(),
        "Codice CBILL",
        "ABC12",
    ] {
        assert!(text.contains(field), "{field:?} missing from:\n{text}");
    }
    // Fonts embedded, reduced to the characters used: small enough to e-mail.
    let size = std::fs::metadata(&pdf).unwrap().len();
    assert!(size < 200 * 1024, "{size} bytes");
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    assert!(
        fonts.contains("DejaVuSans") && fonts.lines().skip(2).all(|l| l.contains(" yes ")),
        "{fonts}"
    );
    // Printed at 200 dpi, scanned back: exactly the payload.
    let png = dir.path().join("page");
    tool(
        "pdftoppm",
        &[
            "-r",
            "200",
            "-png",
            "-singlefile",
            pdf.to_str().unwrap(),
            png.to_str().unwrap(),
        ],
    );
    let scanned = tool(
        "zbarimg",
        &["--raw", "-q", png.with_extension("png").to_str().unwrap()],
    );
    assert_eq!(
        scanned.trim(),
        format!("PAGOPA|002|{number}|80001234568|{cents:02}")
    );
}

/// Pending notices of the demo store still payable today (not past their due date).
fn payable_notices(db: &Path) -> Vec<String> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut st = c
        .prepare(
            "SELECT number FROM notices WHERE state = 'pending'
             AND (due_date IS NULL OR due_date >= date('now')) ORDER BY id",
        )
        .unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The notice's PDF as the CLI writes it: its text, and what a QR scanner finds on the printed page.
fn notice_pdf_text_and_qr(dir: &Path, db: &Path, number: &str) -> (String, Option<String>) {
    let pdf = dir.join(format!("{number}.pdf"));
    let out = sportello(db, &["notice", "pdf", number, "-o", pdf.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = dir.join(number);
    tool(
        "pdftoppm",
        &[
            "-r",
            "200",
            "-png",
            "-singlefile",
            pdf.to_str().unwrap(),
            png.to_str().unwrap(),
        ],
    );
    // zbarimg exits 4 when it finds no code.
    let scan = Command::new("zbarimg")
        .args(["--raw", "-q", png.with_extension("png").to_str().unwrap()])
        .output()
        .unwrap();
    let found = String::from_utf8_lossy(&scan.stdout).trim().to_string();
    (pdf_text(&pdf), (!found.is_empty()).then_some(found))
}

#[test]
fn a_paid_or_cancelled_notice_prints_a_stamp_and_no_qr_code() {
    use common::api::login;
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let numbers = payable_notices(&db);
    assert!(numbers.len() >= 3, "{numbers:?}");
    let (cash, cancelled, pending) = (&numbers[0], &numbers[1], &numbers[2]);
    {
        // Paid cash and cancelled through the central API, as a desk would.
        let s = common::Server::start(&db);
        let c = reqwest::blocking::Client::new();
        let sup = login(&c, &s.url, "supervisore", "Supervisore1");
        let post = |path: String, body: serde_json::Value| {
            let r = c
                .post(format!("{}/api/v1{path}", s.url))
                .bearer_auth(&sup)
                .header("Idempotency-Key", path.clone())
                .json(&body)
                .send()
                .unwrap();
            assert!(r.status().is_success(), "{path}: {}", r.text().unwrap());
        };
        post(format!("/notices/{cash}/cash"), serde_json::Value::Null);
        post(
            format!("/notices/{cancelled}/cancel"),
            serde_json::json!({"reason": "Importo errato, riemesso"}),
        );
    }

    let (text, qr) = notice_pdf_text_and_qr(dir.path(), &db, cash);
    assert_eq!(qr, None, "a paid notice's QR still scans:\n{text}");
    for field in ["PAGATO", "Pagato il", &format!("CASSA-{cash}"), "(cash)"] {
        assert!(text.contains(field), "{field:?} missing from:\n{text}");
    }
    for gone in ["DATI PER IL PAGAMENTO", "Codice CBILL", "PAGA CON L'APP IO"] {
        assert!(!text.contains(gone), "{gone:?} still on:\n{text}");
    }

    let (text, qr) = notice_pdf_text_and_qr(dir.path(), &db, cancelled);
    assert_eq!(qr, None, "a cancelled notice's QR still scans:\n{text}");
    for field in ["ANNULLATO", "Annullato il", "Importo errato, riemesso"] {
        assert!(text.contains(field), "{field:?} missing from:\n{text}");
    }
    assert!(!text.contains("DATI PER IL PAGAMENTO"), "{text}");

    let (text, qr) = notice_pdf_text_and_qr(dir.path(), &db, pending);
    assert!(qr.is_some_and(|q| q.contains(pending.as_str())), "{text}");
    assert!(
        !text.contains("PAGATO") && !text.contains("ANNULLATO"),
        "{text}"
    );
}

#[test]
fn an_unknown_notice_writes_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let pdf = dir.path().join("none.pdf");
    let out = sportello(
        &db,
        &[
            "notice",
            "pdf",
            "302000000000999999",
            "-o",
            pdf.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(!pdf.exists());
    assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1);
}

/// A paying parent with at least three children, and the children's codes.
fn big_family(db: &Path) -> (String, Vec<String>) {
    let c = rusqlite::Connection::open(db).unwrap();
    let parent: String = c
        .query_row(
            "SELECT p.cf FROM parents p JOIN children c ON c.paying_parent_id = p.id
             GROUP BY p.id HAVING count(*) >= 3 LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let kids = c
        .prepare("SELECT c.cf FROM children c JOIN parents p ON p.id = c.paying_parent_id WHERE p.cf = ?1")
        .unwrap()
        .query_map([&parent], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    (parent, kids)
}

#[test]
fn the_730_certificate_as_pdf_and_csv_agree_with_the_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let (parent, kids) = big_family(&db);
    let year: i32 = sportello::clock::Clock::system().today().year();
    // What the ledger says was paid (top-ups in the year), per child.
    let paid_total: i64 = {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.query_row(
            "SELECT coalesce(sum(l.amount_cents), 0) FROM ledger l JOIN children c ON c.id = l.child_id
             JOIN parents p ON p.id = c.paying_parent_id
             WHERE p.cf = ?1 AND l.kind = 'topup' AND strftime('%Y', l.at) = ?2",
            rusqlite::params![parent, year.to_string()],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert!(paid_total > 0);
    let (pdf, csv) = (dir.path().join("730.pdf"), dir.path().join("730.csv"));
    let out = sportello(
        &db,
        &[
            "certificate",
            "730",
            "--parent",
            &parent,
            "--year",
            &year.to_string(),
            "-o",
            pdf.to_str().unwrap(),
            "--csv",
            csv.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let total = sportello::domain::money::format_amount(paid_total);
    let text = pdf_text(&pdf);
    let (title, amount) = (
        format!("Attestazione dei pagamenti dell'anno {year}"),
        format!("{total} Euro"),
    );
    for field in [
        title.as_str(),
        parent.as_str(),
        "Comune di Borgo Fittizio",
        "80001234568",
        amount.as_str(),
        "Rilasciata il ",
    ] {
        assert!(text.contains(field), "{field:?} missing from:\n{text}");
    }
    for kid in &kids {
        assert!(text.contains(kid.as_str()), "{kid} missing");
    }
    let csv = std::fs::read_to_string(&csv).unwrap();
    let last = csv.lines().last().unwrap();
    assert!(
        last.contains("TOTALE") && last.ends_with(&format!(";{total}")),
        "{last}"
    );
    assert_eq!(
        csv.lines().count(),
        csv.lines().filter(|l| l.split(';').count() == 9).count()
    );
}

#[test]
fn statement_and_credentials_letter() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let (parent, kids) = big_family(&db);
    let (pdf, csv) = (dir.path().join("ec.pdf"), dir.path().join("ec.csv"));
    let out = sportello(
        &db,
        &[
            "statement",
            "--child",
            &kids[0],
            "-o",
            pdf.to_str().unwrap(),
            "--csv",
            csv.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM ledger l JOIN children c ON c.id = l.child_id WHERE c.cf = ?1",
            [&kids[0]],
            |r| r.get(0),
        )
        .unwrap();
    let csv = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(
        csv.lines().count() as i64,
        rows + 1,
        "a header and one line per movement"
    );
    let text = pdf_text(&pdf);
    assert!(text.contains("Estratto conto") && text.contains(kids[0].as_str()));
    assert!(text.contains("Pagato nel periodo"));

    let letter = dir.path().join("lettera.pdf");
    let out = sportello(
        &db,
        &[
            "credentials-letter",
            "--parent",
            &parent,
            "-o",
            letter.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = pdf_text(&letter);
    // Accented letters survive subsetting and extraction.
    assert!(text.contains("le sarà chiesto"), "{text}");
    for field in [
        "Nome utente",
        "Password temporanea",
        "Codice per disdire il pasto",
        "Come accedere",
        parent.as_str(),
    ] {
        assert!(text.contains(field), "{field:?} missing from:\n{text}");
    }
    // The printed temporary password is the one that now opens the portal.
    let password = text
        .lines()
        .find(|l| l.contains("Password temporanea"))
        .and_then(|l| l.split_whitespace().last())
        .unwrap()
        .to_string();
    let store = std::sync::Arc::new(sportello::store::Store::open(&db).unwrap());
    let b = sportello::store::LocalBackend::acting_as(
        store,
        sportello::store::LocalBackend::cli_operator(),
    );
    use sportello::backend::Backend;
    let username = b.family(&parent).unwrap().parent.username;
    assert_eq!(
        b.parent_login(&username, &password).unwrap(),
        sportello::backend::LoginOutcome::Ok
    );
}

#[test]
fn the_notice_by_e_mail_and_a_failed_send_loses_nothing_and_can_be_retried() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let (number, email): (String, String) = {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute(
            "UPDATE parents SET email = 'genitore@esempio.it' WHERE id = (SELECT payer_id FROM notices WHERE state = 'pending' LIMIT 1)",
            [],
        )
        .unwrap();
        c.query_row(
            "SELECT n.number, p.email FROM notices n JOIN parents p ON p.id = n.payer_id WHERE n.state = 'pending' LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    };
    let port = free_port();
    let send = |extra: &[&str]| {
        let mut args = vec![
            "--db",
            db.to_str().unwrap(),
            "notice",
            "pdf",
            &number,
            "--email",
        ];
        args.extend_from_slice(extra);
        Command::new(env!("CARGO_BIN_EXE_sportello"))
            .args(&args)
            .env("HOME", dir.path())
            .env("XDG_CONFIG_HOME", dir.path())
            .env("SPORTELLO_MAIL_HOST", "127.0.0.1")
            .env("SPORTELLO_MAIL_PORT", port.to_string())
            .env("SPORTELLO_MAIL_TLS", "none")
            .output()
            .unwrap()
    };
    // The mail server is down: one clear line, exit 1; the file asked for is written all the same.
    let kept = dir.path().join("kept.pdf");
    let out = send(&["-o", kept.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("E-mail non inviata") && err.contains("riprovare"),
        "{err}"
    );
    assert!(std::fs::read(&kept).unwrap().starts_with(b"%PDF"));
    // The server is back: the same command goes through, to the address on file.
    let inbox = smtp_server(port);
    let out = send(&[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let received = inbox.received.lock().unwrap().clone();
    assert_eq!(received.len(), 1);
    let (to, message) = &received[0];
    assert_eq!(to, &vec![email.clone()]);
    assert!(
        message.contains(&format!("Subject: Avviso di pagamento pagoPA {number}")),
        "{message}"
    );
    let pdf = attachment(message, &format!("avviso-{number}.pdf"));
    assert!(pdf.starts_with(b"%PDF"));
    let path = dir.path().join("received.pdf");
    std::fs::write(&path, &pdf).unwrap();
    assert!(pdf_text(&path).contains("Codice avviso"));
}

#[test]
fn printing_goes_through_lp_when_a_printer_is_configured() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let number: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT number FROM notices WHERE state = 'pending' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let lp = common::fake_lp(dir.path());
    let spool = dir.path().join("printed");
    let run = |printer: &str| {
        Command::new(env!("CARGO_BIN_EXE_sportello"))
            .args([
                "--db",
                db.to_str().unwrap(),
                "notice",
                "pdf",
                &number,
                "--print",
            ])
            .env("HOME", dir.path())
            .env("XDG_CONFIG_HOME", dir.path())
            .env("SPORTELLO_PRINT_PRINTER", printer)
            .env("SPORTELLO_PRINT_COMMAND", &lp)
            .output()
            .unwrap()
    };
    let out = run("");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Nessuna stampante configurata"));
    let out = run("ufficio");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let args = std::fs::read_to_string(spool.with_extension("args")).unwrap();
    assert!(args.starts_with("-d ufficio -t avviso-"), "{args}");
    let printed = spool.with_extension("pdf");
    assert!(pdf_text(&printed).contains("Codice avviso"));
}
