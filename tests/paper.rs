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
