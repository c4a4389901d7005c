//! The office's review from the command line, on a real store file: the queue, accepting (once),
//! refusing, the school register's import, a withdrawal and the wallet moved on; and the same
//! commands through the central API, where an operator is refused.

#[path = "common/cli.rs"]
mod cli;
mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;

use chrono::NaiveDate;
use common::count;
use serde_json::Value;
use sportello::backend::*;
use sportello::clock::Clock;
use sportello::demo::{self, DemoOptions};
use sportello::domain::codice_fiscale::{Sex, compute};
use sportello::store::{LocalBackend, Store};

use cli::{ok, refused, stderr};

/// A Friday in the school year; the days before it are school days with meals.
const TODAY: &str = "2026-11-20";
/// Class 1A of the primaria Gianni Rodari (the demo's class ids).
const RODARI_1A: i64 = 7;

fn today() -> NaiveDate {
    TODAY.parse().unwrap()
}

/// `sportello --db DB ARGS` on the office's day.
fn sportello(db: &Path, args: &[&str]) -> Output {
    cli::run_on(db, args, TODAY)
}

struct Case {
    _dir: tempfile::TempDir,
    db: PathBuf,
    desk: LocalBackend,
}

impl Case {
    fn new() -> Case {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("review.db");
        let opts = DemoOptions {
            families: 5,
            days: Some(5),
            seed: 3,
            today: today(),
        };
        demo::generate(&db, &common::ente(), &opts).unwrap();
        let store = Store::open_with_clock(&db, Clock::on_date(today())).unwrap();
        let desk = LocalBackend::new(Arc::new(store));
        desk.login(demo::SUPERVISOR.0, demo::SUPERVISOR.1).unwrap();
        Case {
            _dir: dir,
            db,
            desk,
        }
    }

    fn dir(&self) -> &Path {
        self.db.parent().unwrap()
    }

    fn run(&self, args: &[&str]) -> Output {
        sportello(&self.db, args)
    }

    /// The demo's first paying parent.
    fn parent(&self) -> String {
        let conn = rusqlite::Connection::open(&self.db).unwrap();
        conn.query_row("SELECT cf FROM parents ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap()
    }

    fn draft(&self, name: &str) -> (i64, String) {
        self.draft_in(name, RODARI_1A)
    }

    /// A draft for a child new to the comune, in the canteen's open window, with an ISEE.
    fn draft_in(&self, name: &str, class: i64) -> (i64, String) {
        let child = compute(
            "Nuovi",
            name,
            Sex::F,
            NaiveDate::from_ymd_opt(2019, 3, 10).unwrap(),
            "F205",
        )
        .unwrap()
        .to_string();
        let window = self
            .desk
            .windows()
            .unwrap()
            .into_iter()
            .find(|w| w.service == "refezione" && w.is_open_at(self.desk.now()))
            .unwrap();
        let app = self
            .desk
            .save_application(&ApplicationDraft {
                id: None,
                window_id: window.id,
                parent_cf: self.parent().parse().unwrap(),
                step: 2,
                data: ApplicationData {
                    child_cf: child.clone(),
                    child_surname: "Nuovi".into(),
                    child_name: name.into(),
                    class_id: Some(class),
                    isee_cents: Some(1_200_000),
                    isee_consent: true,
                    privacy_accepted: true,
                    conditions_accepted: true,
                    ..Default::default()
                },
            })
            .unwrap();
        (app.id, child)
    }

    /// A draft sent (the supervisor's reason covers a family in debt, and is kept only then).
    fn submitted(&self, name: &str) -> (i64, String) {
        let (id, child) = self.draft(name);
        self.desk
            .submit_application(id, Some("piano di rientro concordato"))
            .unwrap();
        (id, child)
    }

    fn write(&self, name: &str, text: &str) -> String {
        let path = self.dir().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    }
}

/// The value after a label in the accept outcome ("  PAN          12345...").
fn field(text: &str, label: &str) -> String {
    text.lines()
        .find_map(|l| l.trim_start().strip_prefix(label))
        .unwrap_or_else(|| panic!("{label} in {text}"))
        .trim()
        .to_string()
}

#[test]
fn the_queue_lists_a_sent_application_and_accepting_it_enrols_the_child_once() {
    let case = Case::new();
    let (id, child) = case.submitted("Anna");
    let (draft, _) = case.draft("Bice");

    let queue = ok(&case.run(&["applications"]));
    assert!(queue.starts_with("   N.  Inviata"), "{queue}");
    let row = queue
        .lines()
        .find(|l| l.contains(&child))
        .unwrap_or_else(|| panic!("{queue}"));
    assert!(row.trim_start().starts_with(&id.to_string()), "{row}");
    assert!(
        row.contains("20/11/2026") && row.contains("refezione"),
        "{row}"
    );
    assert!(row.contains("12.000,00 €"), "ISEE: {row}");
    assert!(
        queue.contains("NUOVI ANNA") || queue.contains("Nuovi Anna"),
        "{queue}"
    );
    assert!(
        queue.contains("Scuola primaria Gianni Rodari 1A"),
        "{queue}"
    );
    assert!(queue.contains("debito famiglia"), "{queue}");
    assert!(queue.lines().all(|l| l.chars().count() <= 80), "{queue}");
    assert!(
        !queue.contains(&format!("\n{draft:>5}  ")),
        "drafts are not in the queue"
    );
    let json: Value = serde_json::from_str(&ok(&case.run(&["applications", "--json"]))).unwrap();
    // The demo's own sent applications are listed too.
    let listed: Vec<&Value> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["id"] == id)
        .collect();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["state"], "submitted");
    let drafts: Value = serde_json::from_str(&ok(&case.run(&[
        "applications",
        "--state",
        "draft",
        "--json",
    ])))
    .unwrap();
    assert_eq!(drafts[0]["id"], draft);

    let enrolments = count(&case.db, "SELECT count(*) FROM enrolments");
    let accepted = ok(&case.run(&["application", "accept", &id.to_string()]));
    assert!(
        accepted.contains(&format!("Domanda n. {id} accolta")),
        "{accepted}"
    );
    assert!(field(&accepted, "Alunno").contains(&child), "{accepted}");
    let pan = field(&accepted, "PAN");
    assert!(
        pan.len() >= 8 && pan.chars().all(|c| c.is_ascii_alphanumeric()),
        "{pan}"
    );
    let price = field(&accepted, "Prezzo");
    assert!(price.ends_with("€ a pasto"), "{price}");
    assert!(
        field(&accepted, "Fascia").starts_with("fascia ISEE fino a "),
        "{accepted}"
    );
    // The parent's children already in the canteen come first: the new one gets the sibling price.
    let siblings = count(
        &case.db,
        &format!(
            "SELECT count(*) FROM enrolments e JOIN children c ON c.id = e.child_id
             JOIN parents p ON p.id = c.paying_parent_id
             WHERE p.cf = '{}' AND e.service = 'refezione' AND c.cf <> '{child}'",
            case.parent()
        ),
    );
    assert!(siblings >= 1, "the demo's first family has children");
    assert_eq!(
        field(&accepted, "Figlio n."),
        format!("{} (sconto fratelli)", siblings + 1)
    );
    assert!(
        field(&accepted, "Pagamento").starts_with("prepagato"),
        "{accepted}"
    );
    assert_eq!(
        count(&case.db, "SELECT count(*) FROM enrolments"),
        enrolments + 1
    );

    let card = ok(&case.run(&["family", "show", &child]));
    assert!(card.contains(&format!("({child})  PAN {pan}")), "{card}");
    assert!(card.contains("Refezione scolastica"), "{card}");

    // A second accept: one clear line, and nothing changes.
    refused(
        &case.run(&["application", "accept", &id.to_string()]),
        "già stata decisa",
    );
    assert_eq!(
        count(&case.db, "SELECT count(*) FROM enrolments"),
        enrolments + 1
    );
    refused(
        &case.run(&["application", "accept", &id.to_string(), "--lang", "en"]),
        "already decided",
    );
    let json: Value = serde_json::from_str(&ok(&case.run(&[
        "applications",
        "--state",
        "accepted",
        "--json",
    ])))
    .unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
    assert_eq!(
        ok(&case.run(&["applications"])).lines().count(),
        0,
        "the queue is empty"
    );
}

impl Case {
    /// An accepted application's enrolment (through the desk, as the review screen would).
    fn enrolled(&self, name: &str) -> (i64, String, Enrolment) {
        let (id, child) = self.submitted(name);
        let app = self.desk.accept_application(id).unwrap();
        let enrolment = app.decision.unwrap().enrolment.unwrap();
        (id, child, enrolment)
    }

    /// What the store holds about presences and money: any write changes it.
    fn footprint(&self) -> (i64, i64) {
        (
            count(&self.db, "SELECT count(*) FROM attendance"),
            count(&self.db, "SELECT count(*) FROM ledger"),
        )
    }
}

fn eur(cents: i64) -> String {
    sportello::domain::money::format_eur(cents)
}

#[test]
fn the_register_charges_each_day_once_and_not_after_a_withdrawal() {
    let case = Case::new();
    let (_, child, enrolment) = case.enrolled("Anna");
    let price = enrolment.price_cents.get();
    let stranger = compute(
        "Ignoti",
        "Ugo",
        Sex::M,
        NaiveDate::from_ymd_opt(2018, 1, 1).unwrap(),
        "F205",
    )
    .unwrap();
    let register = case.write(
        "registro.csv",
        &format!(
            "codice_fiscale;servizio;giorno\n{child};refezione;2026-11-18\n\n{child};refezione;19/11/2026\n{stranger};refezione;2026-11-18\n"
        ),
    );

    let first = ok(&case.run(&["attendance", "import", &register]));
    assert!(
        first.contains(&format!(
            "Presenze addebitate: 2, totale {}.",
            eur(2 * price)
        )),
        "{first}"
    );
    assert!(
        first.contains("Già registrate (lasciate come erano): 0."),
        "{first}"
    );
    assert!(first.contains("Righe rifiutate: 1."), "{first}");
    assert!(
        first.contains(&format!(
            "riga 5: {stranger} refezione 18/11/2026 — Alunno non registrato."
        )),
        "the file's line number: {first}"
    );
    let card = ok(&case.run(&["family", "show", &child]));
    assert!(card.contains(&eur(-2 * price)), "{card}");

    let footprint = case.footprint();
    let second = ok(&case.run(&["attendance", "import", &register]));
    assert!(
        second.contains("Presenze addebitate: 0, totale 0,00 €."),
        "{second}"
    );
    assert!(
        second.contains("Già registrate (lasciate come erano): 2."),
        "{second}"
    );
    assert_eq!(case.footprint().0, footprint.0, "no presence twice");
    assert_eq!(case.footprint().1, footprint.1, "no charge twice");

    // Withdrawn from the 19th: that day's meal is given back, and later days are refused.
    let out = ok(&case.run(&[
        "withdraw",
        &child,
        "--service",
        "refezione",
        "--from",
        "19/11/2026",
        "--reason",
        "trasferita in altro comune",
    ]));
    assert!(
        out.contains("Alunno ritirato da «refezione» dal 19/11/2026."),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "Stornato 1 giorno già addebitato: {}.",
            eur(price)
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!("Saldo rimasto: {}.", eur(-price))),
        "{out}"
    );
    assert!(out.contains("Nessuna domanda in lista d'attesa"), "{out}");
    refused(
        &case.run(&[
            "withdraw",
            &child,
            "--service",
            "refezione",
            "--from",
            "2026-11-19",
            "--reason",
            "di nuovo",
        ]),
        "già ritirato",
    );
    let later = case.write(
        "venerdi.csv",
        &format!("codice_fiscale,servizio,giorno\n\"{child}\",refezione,20/11/2026\n"),
    );
    let out = ok(&case.run(&["attendance", "import", &later]));
    assert!(out.contains("Presenze addebitate: 0"), "{out}");
    assert!(
        out.contains(&format!(
            "riga 2: {child} refezione 20/11/2026 — Ritirato dal servizio dal 19/11/2026."
        )),
        "{out}"
    );
    let out = ok(&case.run(&["attendance", "import", &later, "--lang", "en"]));
    assert!(
        out.contains(&format!(
            "line 2: {child} refezione 20/11/2026 — Withdrawn from the service from 19/11/2026."
        )),
        "{out}"
    );
    // Nothing to pay back: the wallet is in debt.
    refused(
        &case.run(&[
            "balance",
            "move",
            &child,
            "--service",
            "refezione",
            "--reason",
            "rimborso",
        ]),
        "non è positivo",
    );

    // A malformed file records nothing, not even its good lines.
    let footprint = case.footprint();
    let bad = case.write(
        "rotto.csv",
        &format!(
            "codice_fiscale;servizio;giorno\n{child};refezione;2026-11-17\n{child};refezione;31/02/2026\nXX;refezione;2026-11-17\n{child};refezione\n"
        ),
    );
    let o = case.run(&["attendance", "import", &bad]);
    refused(&o, "nessuna presenza registrata");
    let err = stderr(&o);
    assert!(
        err.contains("riga 3: giorno non valido «31/02/2026»"),
        "{err}"
    );
    assert!(err.contains("riga 4: "), "{err}");
    assert!(err.contains("riga 5: 3 campi attesi, trovati 2"), "{err}");
    assert!(!err.contains("riga 2"), "{err}");
    assert_eq!(case.footprint(), footprint);
    let no_header = case.write("senza.csv", &format!("{child};refezione;2026-11-17\n"));
    refused(
        &case.run(&["attendance", "import", &no_header]),
        "codice_fiscale;servizio;giorno",
    );
    refused(
        &case.run(&["attendance", "import", "/nonexistent/registro.csv"]),
        "/nonexistent/registro.csv",
    );
    assert_eq!(case.footprint(), footprint);
}

#[test]
fn refusing_needs_a_reason_and_a_draft_can_be_discarded() {
    let case = Case::new();
    let (id, _) = case.submitted("Anna");
    let (draft, _) = case.draft("Bice");
    let id_text = id.to_string();
    let o = case.run(&["application", "refuse", &id_text]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(stderr(&o).trim_end().lines().count(), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("--reason"), "{}", stderr(&o));
    refused(
        &case.run(&["application", "refuse", &id_text, "--reason", "  "]),
        "motivo del rifiuto",
    );
    let out = ok(&case.run(&[
        "application",
        "refuse",
        &id_text,
        "--reason",
        "residenza fuori comune",
    ]));
    assert!(out.contains(&format!("Domanda n. {id} respinta")), "{out}");
    let rejected: Value = serde_json::from_str(&ok(&case.run(&[
        "applications",
        "--state",
        "rejected",
        "--json",
    ])))
    .unwrap();
    assert_eq!(rejected[0]["id"], id);
    let app = case.desk.application(id).unwrap();
    assert_eq!(
        app.decision.unwrap().reason.as_deref(),
        Some("residenza fuori comune")
    );
    refused(
        &case.run(&["application", "discard", &id_text]),
        "Solo una bozza",
    );
    let out = ok(&case.run(&["application", "discard", &draft.to_string()]));
    assert!(
        out.contains(&format!("Domanda n. {draft} scartata")),
        "{out}"
    );
    assert_eq!(
        case.desk.application(draft).unwrap().state,
        ApplicationState::Discarded
    );
    refused(&case.run(&["application", "accept", "999999"]), "");
}

/// A child's balance in the canteen, from the store.
fn canteen_balance(db: &Path, child: &str) -> i64 {
    count(
        db,
        &format!(
            "SELECT coalesce(sum(l.amount_cents), 0) FROM ledger l JOIN children c ON c.id = l.child_id
             WHERE c.cf = '{child}' AND l.service = 'refezione'"
        ),
    )
}

#[test]
fn a_withdrawal_frees_a_place_for_the_waiting_list_and_the_credit_moves_on() {
    let case = Case::new();
    // A child of the applicant's family in the canteen: its school's places are all taken.
    let (sibling, class, school): (String, i64, i64) = rusqlite::Connection::open(&case.db)
        .unwrap()
        .query_row(
            "SELECT c.cf, c.class_id, cl.school_id FROM children c JOIN classes cl ON cl.id = c.class_id
             JOIN parents p ON p.id = c.paying_parent_id JOIN enrolments e ON e.child_id = c.id
             WHERE p.cf = ?1 AND e.service = 'refezione' AND e.school_year = '2026/2027' ORDER BY c.id LIMIT 1",
            [case.parent()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    rusqlite::Connection::open(&case.db)
        .unwrap()
        .execute(
            "INSERT INTO service_places (service, school_id, places)
             SELECT 'refezione', ?1, count(*) FROM enrolments e JOIN children c ON c.id = e.child_id
             JOIN classes cl ON cl.id = c.class_id
             WHERE cl.school_id = ?1 AND e.service = 'refezione' AND e.school_year = '2026/2027'",
            [school],
        )
        .unwrap();
    let (id, child) = {
        let (id, child) = case.draft_in("Anna", class);
        case.desk
            .submit_application(id, Some("piano di rientro concordato"))
            .unwrap();
        (id, child)
    };
    let out = ok(&case.run(&["application", "accept", &id.to_string()]));
    assert!(
        out.contains(&format!("Domanda n. {id} in lista d'attesa")) && out.contains("posizione 1"),
        "{out}"
    );
    let waiting = ok(&case.run(&["applications", "--state", "waitlisted"]));
    assert!(
        waiting.contains(&child) && waiting.contains("posizione 1"),
        "{waiting}"
    );

    // The sibling's wallet topped up at the cashier, then the sibling leaves the canteen today.
    let notice = case
        .desk
        .create_notice(&NewNotice {
            allocations: vec![Allocation {
                child_cf: sibling.parse().unwrap(),
                child_name: String::new(),
                service: "refezione".into(),
                amount_cents: 5000i64.try_into().unwrap(),
            }],
            due_date: None,
        })
        .unwrap();
    case.desk.record_cash_payment(&notice.number).unwrap();
    let credit = canteen_balance(&case.db, &sibling);
    assert!(credit > 0);
    let out = ok(&case.run(&[
        "withdraw",
        &sibling,
        "--service",
        "refezione",
        "--from",
        TODAY,
        "--reason",
        "iscritto al tempo ridotto",
    ]));
    assert!(out.contains("Nessun giorno da stornare."), "{out}");
    assert!(
        out.contains(&format!("Saldo rimasto: {} (rimborsarlo", eur(credit))),
        "{out}"
    );
    assert!(
        out.contains(&format!("accolta dalla lista d'attesa la domanda n. {id}.")),
        "{out}"
    );
    let card = ok(&case.run(&["family", "show", &child]));
    assert!(
        card.contains(&format!("({child})  PAN ")),
        "promoted and enrolled: {card}"
    );

    // The credit goes to the new sister, whole; then there is nothing left to move.
    let before = canteen_balance(&case.db, &child);
    refused(
        &case.run(&[
            "balance",
            "move",
            &sibling,
            "--service",
            "refezione",
            "--to",
            "XYZ",
            "--reason",
            "r",
        ]),
        "--to:",
    );
    let out = ok(&case.run(&[
        "balance",
        "move",
        &sibling,
        "--service",
        "refezione",
        "--to",
        &child,
        "--reason",
        "credito alla sorella",
    ]));
    assert!(
        out.contains(&format!(
            "{} trasferiti al fratello o alla sorella.",
            eur(credit)
        )),
        "{out}"
    );
    assert_eq!(canteen_balance(&case.db, &sibling), 0);
    assert_eq!(canteen_balance(&case.db, &child), before + credit);
    refused(
        &case.run(&[
            "balance",
            "move",
            &sibling,
            "--service",
            "refezione",
            "--reason",
            "ancora",
        ]),
        "non è positivo",
    );

    // The sister leaves too: her credit is paid back to the family.
    ok(&case.run(&[
        "withdraw",
        &child,
        "--service",
        "refezione",
        "--from",
        TODAY,
        "--reason",
        "trasferita",
    ]));
    let out = ok(&case.run(&[
        "balance",
        "move",
        &child,
        "--service",
        "refezione",
        "--reason",
        "rimborso a fine servizio",
    ]));
    assert!(
        out.contains(&format!(
            "{} da rimborsare alla famiglia.",
            eur(before + credit)
        )),
        "{out}"
    );
    assert_eq!(canteen_balance(&case.db, &child), 0);
}

/// `sportello --api URL ARGS` as a demo staff user.
fn remote(dir: &Path, url: &str, (user, password): (&str, &str), args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_sportello"))
        .args(["--api", url])
        .args(args)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir)
        .env("SPORTELLO_DESK_LANGUAGE", "it")
        .env("SPORTELLO_API_USERNAME", user)
        .env("SPORTELLO_API_PASSWORD", password)
        .env_remove("SPORTELLO_DB")
        .output()
        .unwrap()
}

#[test]
fn through_the_central_api_an_operator_may_not_decide_and_a_supervisor_may() {
    let case = Case::new();
    let (id, child) = case.submitted("Anna");
    let server = common::Server::start(&case.db);
    let id = id.to_string();
    let enrolments = count(&case.db, "SELECT count(*) FROM enrolments");
    for args in [
        &["application", "accept", &id][..],
        &["applications"][..],
        &["application", "refuse", &id, "--reason", "no"][..],
    ] {
        refused(
            &remote(case.dir(), &server.url, demo::OPERATOR, args),
            "Operazione riservata a un supervisore",
        );
    }
    assert_eq!(
        count(&case.db, "SELECT count(*) FROM enrolments"),
        enrolments
    );
    let queue = ok(&remote(
        case.dir(),
        &server.url,
        demo::SUPERVISOR,
        &["applications"],
    ));
    assert!(queue.contains(&child), "{queue}");
    let out = ok(&remote(
        case.dir(),
        &server.url,
        demo::SUPERVISOR,
        &["application", "accept", &id],
    ));
    assert!(out.contains("accolta") && out.contains("PAN"), "{out}");
    assert_eq!(
        count(&case.db, "SELECT count(*) FROM enrolments"),
        enrolments + 1
    );
}
