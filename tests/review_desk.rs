//! The supervisor's review queue in the real binary at 80x24: an application sent for a new child is
//! accepted and the desk shows the PAN for the letter, the child then on the family card with its
//! canteen balance; a refusal needs its reason; an operator has no way to the queue.

mod common;
#[path = "review_setup/mod.rs"]
mod setup;

use std::time::Duration;

use common::pty::Term;

const F3: &str = "\x1bOR";
const ESC: &str = "\x1b";

fn desk(db: &std::path::Path, user: &str, password: &str, extra: &[(&str, &str)]) -> Term {
    let mut env = vec![("SPORTELLO_CLOCK_TODAY", setup::TODAY)];
    env.extend_from_slice(extra);
    let mut t = Term::start_with(&["--db", db.to_str().unwrap()], &env);
    t.wait_for("Accesso operatore");
    t.line(user);
    t.line(password);
    t.wait_for("Ricerca");
    t
}

/// No line of the screen runs into the right edge (a cut word would).
fn nothing_cut(t: &Term) {
    let parser = t.parser.lock().unwrap();
    let screen = parser.screen();
    for row in 0..23 {
        let last = screen
            .cell(row, 79)
            .map(|c| c.contents())
            .unwrap_or_default();
        assert!(
            last.trim().is_empty(),
            "row {row} reaches the edge:\n{}",
            screen.contents()
        );
    }
}

#[test]
fn a_supervisor_accepts_a_new_child_and_finds_it_on_the_family_card() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let parent = setup::store_with_family(&db);
    let (id, child) = setup::send_application(&db, &parent, "Bimbo");

    let mut t = desk(&db, "supervisore", "Supervisore1", &[("NO_COLOR", "1")]);
    assert!(t.screen().contains("F3 domande"), "{}", t.screen());
    t.send(F3);
    t.wait_for("Domande di iscrizione");
    t.wait_for("Nuovo Bimbo");
    let screen = t.screen();
    assert!(screen.contains("Vista: inviate (1)"), "{screen}");
    assert!(
        screen.contains("isee-2026.pdf"),
        "the documents' names: {screen}"
    );
    assert!(screen.contains("7.000,00"), "the ISEE declared: {screen}");
    nothing_cut(&t);

    t.send("a");
    t.wait_for(&format!("Accettare la domanda n. {id}?"));
    assert!(t.screen().contains("lista d'attesa"), "{}", t.screen());
    nothing_cut(&t);
    t.send("\r");
    t.wait_for("PAN per la lettera:");
    let pan = setup::pan_of(&db, &child);
    let screen = t.screen();
    assert!(screen.contains(&pan), "the PAN {pan}: {screen}");
    assert!(screen.contains("a pasto"), "{screen}");
    assert!(screen.contains("fascia ISEE fino a 8.000,00 €"), "{screen}");
    assert!(screen.contains("prepagato"), "{screen}");
    nothing_cut(&t);
    // It left the queue of sent applications.
    t.wait_for("Nessuna domanda in questa vista.");

    t.send(ESC);
    t.wait_for("Ricerca");
    t.send(&child);
    t.wait_for(&pan);
    t.send("\r");
    t.wait_for("Refezione scolastica");
    let card = t.screen();
    assert!(card.contains("NUOVO BIMBO"), "{card}");
    assert!(card.contains(&format!("PAN {pan}")), "{card}");
    assert!(
        card.contains("0,00 €"),
        "a balance line for the canteen: {card}"
    );
}

#[test]
fn a_refusal_needs_its_reason_and_its_letter_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let parent = setup::store_with_family(&db);
    let (id, _) = setup::send_application(&db, &parent, "Carlo");

    let mut t = desk(&db, "supervisore", "Supervisore1", &[]);
    t.send(F3);
    t.wait_for("Nuovo Carlo");
    // No letter for an application still to decide.
    t.send("l");
    t.wait_for("non è ancora stata decisa");
    t.send("r");
    t.wait_for("Motivo");
    t.send("\r");
    t.wait_for("Indicare il motivo del rifiuto");
    t.send("fuori bacino");
    t.wait_for("fuori bacino");
    assert!(
        t.screen().contains("Motivo"),
        "the field stays: {}",
        t.screen()
    );
    nothing_cut(&t);
    t.send("\r");
    t.wait_for(&format!("Domanda n. {id} respinta"));
    assert!(
        t.screen().contains("Motivo: fuori bacino"),
        "{}",
        t.screen()
    );

    t.send("l");
    t.wait_for("Lettera: F PDF");
    t.send("f");
    t.wait_for("Documento salvato:");
    assert!(
        t.screen().contains(&format!("lettera-domanda-{id}.pdf")),
        "{}",
        t.screen()
    );
}

#[test]
fn an_operator_has_no_way_to_the_queue() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let parent = setup::store_with_family(&db);
    setup::send_application(&db, &parent, "Dario");

    let mut t = desk(&db, "operatore", "Operatore1", &[]);
    assert!(!t.screen().contains("domande"), "{}", t.screen());
    t.send(F3);
    std::thread::sleep(Duration::from_millis(400));
    let screen = t.screen();
    assert!(!screen.contains("Domande di iscrizione"), "{screen}");
    assert!(!screen.contains("Nuovo Dario"), "{screen}");
    assert!(screen.contains("Ricerca"), "{screen}");
}

#[test]
fn with_no_place_left_the_acceptance_says_the_waiting_list_position() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let parent = setup::store_with_family(&db);
    let (id, _) = setup::send_application(&db, &parent, "Gino");
    setup::no_place_left(&db);

    let mut t = desk(&db, "supervisore", "Supervisore1", &[]);
    t.send(F3);
    t.wait_for("Nuovo Gino");
    t.send("a");
    t.wait_for("Invio conferma");
    t.send("\r");
    t.wait_for(&format!(
        "Domanda n. {id}: posti esauriti, in lista d'attesa, posizione 1"
    ));
    // The waiting list's view lists it with its position.
    t.send("\t");
    t.wait_for("Vista: in lista d'attesa (1)");
    t.wait_for("In lista d'attesa, posizione 1");
    assert!(t.screen().contains("Nuovo Gino"), "{}", t.screen());
    nothing_cut(&t);
}
