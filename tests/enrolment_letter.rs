//! The letter with the office's decision on an enrolment application, as the parent reads it
//! (pdftotext): the PAN, tariff and ISEE band of an accepted one, the reason of a refused one, the
//! position of a waiting one; written by `sportello application letter` and e-mailed to the parent.

mod common;
#[path = "review_setup/mod.rs"]
mod setup;

use std::path::Path;
use std::process::{Command, Output};

use common::smtp::{attachment, free_port, smtp_server};
use sportello::backend::Backend;

fn letter(db: &Path, id: i64, extra: &[&str], env: &[(&str, String)]) -> Output {
    let home = db.parent().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sportello"));
    cmd.arg("--db")
        .arg(db)
        .args(["application", "letter", &id.to_string()])
        .args(extra)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("SPORTELLO_DESK_LANGUAGE", "it")
        .env_remove("SPORTELLO_API");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (scripts/test.sh installs poppler-utils)");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The letter of application `id` written with `-o`, as text.
fn letter_text(db: &Path, id: i64) -> String {
    let file = db.with_file_name(format!("lettera-{id}.pdf"));
    let out = letter(db, id, &["-o", file.to_str().unwrap()], &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    pdf_text(&file)
}

#[test]
fn an_accepted_application_s_letter_has_the_pan_the_tariff_and_the_band() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("letter.db");
    let parent = setup::store_with_family(&db);
    let (id, child) = setup::send_application(&db, &parent, "Bimbo");
    let accepted = setup::supervisor(&db).accept_application(id).unwrap();
    let e = accepted.decision.unwrap().enrolment.unwrap();
    assert_eq!(e.pan, setup::pan_of(&db, &child));

    let text = letter_text(&db, id);
    assert!(text.contains(&e.pan), "{text}");
    let price = sportello::domain::money::format_eur(e.price_cents);
    assert!(text.contains(&format!("{price} a pasto")), "{text}");
    assert!(text.contains("fascia ISEE fino a 8.000,00 €"), "{text}");
    assert!(text.contains("Refezione scolastica"), "{text}");
    assert!(text.contains(&e.school_year), "{text}");
    assert!(text.contains("prepagato"), "{text}");
    assert!(
        text.contains("Come ricaricare") && text.contains("pagoPA"),
        "{text}"
    );
}

#[test]
fn a_refused_application_s_letter_gives_the_reason_and_a_waiting_one_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("letter.db");
    let parent = setup::store_with_family(&db);
    let (refused, _) = setup::send_application(&db, &parent, "Carlo");
    let (waiting, _) = setup::send_application(&db, &parent, "Dario");
    let b = setup::supervisor(&db);
    b.refuse_application(refused, "residenza fuori dal bacino della scuola")
        .unwrap();
    // No place left at the school: the acceptance puts it on the waiting list.
    setup::no_place_left(&db);
    b.accept_application(waiting).unwrap();
    drop(b);

    let text = letter_text(&db, refused);
    assert!(text.contains("non è stata accolta"), "{text}");
    assert!(
        text.contains("residenza fuori dal bacino della scuola"),
        "{text}"
    );
    assert!(!text.contains("PAN"), "{text}");
    let text = letter_text(&db, waiting);
    assert!(text.contains("In lista d'attesa, posizione 1"), "{text}");
}

#[test]
fn an_undecided_application_has_no_letter() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("letter.db");
    let parent = setup::store_with_family(&db);
    let (id, _) = setup::send_application(&db, &parent, "Elia");
    let file = dir.path().join("none.pdf");
    let out = letter(&db, id, &["-o", file.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("non è ancora stata decisa"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(!file.exists());
}

#[test]
fn the_letter_goes_by_e_mail_to_the_applicant_parent() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("letter.db");
    let parent = setup::store_with_family(&db);
    let (id, _) = setup::send_application(&db, &parent, "Franco");
    let b = setup::supervisor(&db);
    let pan = b
        .accept_application(id)
        .unwrap()
        .decision
        .unwrap()
        .enrolment
        .unwrap()
        .pan;
    let email = b.family(&parent).unwrap().parent.email.unwrap();
    drop(b);
    let port = free_port();
    let inbox = smtp_server(port);
    let out = letter(
        &db,
        id,
        &["--email"],
        &[
            ("SPORTELLO_MAIL_HOST", "127.0.0.1".into()),
            ("SPORTELLO_MAIL_PORT", port.to_string()),
            ("SPORTELLO_MAIL_TLS", "none".into()),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let received = inbox.received.lock().unwrap().clone();
    assert_eq!(received.len(), 1);
    let (to, message) = &received[0];
    assert_eq!(to, &vec![email]);
    assert!(
        message.contains(&format!("esito della domanda di iscrizione n. {id}")),
        "{message}"
    );
    let pdf = attachment(message, &format!("lettera-domanda-{id}.pdf"));
    let path = dir.path().join("received.pdf");
    std::fs::write(&path, &pdf).unwrap();
    assert!(pdf_text(&path).contains(&pan));
}
