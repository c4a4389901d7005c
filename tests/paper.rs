//! Documents as a person receives them: rendered by the real binary, read back with poppler
//! (pdftotext, pdffonts, pdftoppm) and the QR code decoded by a real decoder (zbarimg).

use std::path::{Path, PathBuf};
use std::process::Command;

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
    // Fonts embedded.
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
    let year: i32 = sportello::store::now()
        .date()
        .format("%Y")
        .to_string()
        .parse()
        .unwrap();
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
