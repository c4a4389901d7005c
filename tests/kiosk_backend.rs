//! The kiosk account, against both Backends (the local store, and the remote client talking to a real
//! `sportello serve` on 127.0.0.1): nothing before a parent identifies, only that parent's children
//! after, one answer for every mismatch, three wrong tries then a wait.

mod common;

use std::sync::Arc;

use sportello::backend::*;
use sportello::remote::RemoteBackend;
use sportello::store::{LocalBackend, Store};

fn topup(child: &str) -> NewNotice {
    NewNotice {
        allocations: vec![Allocation {
            child_cf: child.parse().unwrap(),
            child_name: String::new(),
            service: "refezione".into(),
            amount_cents: 2000.try_into().unwrap(),
        }],
        due_date: None,
    }
}

/// A family whose children have a second parent, and a child of another family.
fn families(op: &dyn Backend, pans: &[String]) -> (FamilyCard, PersonRef, ChildCard) {
    let mut with_second = None;
    let mut other = None;
    for pan in pans {
        let Some(hit) = op.search(pan, 5).unwrap().into_iter().next() else {
            continue;
        };
        let card = op.family(&hit.key).unwrap();
        if with_second.is_none()
            && let Some(sp) = card.children.iter().find_map(|c| c.second_parent.clone())
        {
            with_second = Some((card, sp));
        } else if let Some((first, _)) = &with_second
            && first.parent.cf != card.parent.cf
            && other.is_none()
        {
            other = Some(card.children[0].clone());
        }
    }
    let (card, sp) = with_second.expect("a demo family with a second parent");
    (card, sp, other.expect("another family"))
}

fn suite(kiosk: &dyn Backend, spare: &dyn Backend, op: &dyn Backend, pans: &[String]) {
    op.login("operatore", "Operatore1").unwrap();
    let (card, second, stranger) = families(op, pans);
    let parent = card.parent.cf.clone();
    let child = card.children[0].clone();

    // The kiosk account: a session, but nothing before identification.
    assert_eq!(
        kiosk.login("chiosco", "Chiosco1").unwrap().role,
        Role::Kiosk
    );
    for e in [
        kiosk.search("ROSSI", 5).unwrap_err(),
        kiosk.family(&parent).unwrap_err(),
        kiosk
            .attendance(&child.cf, "refezione", 2026, 11)
            .unwrap_err(),
        kiosk.create_notice(&topup(&child.cf)).unwrap_err(),
    ] {
        assert_eq!(e.kind, ErrorKind::Forbidden, "{e:?}");
    }
    // Staff cannot pose as the kiosk.
    assert_eq!(
        op.kiosk_identify(&parent, &child.pan).unwrap_err().kind,
        ErrorKind::Forbidden
    );

    // Wrong tries: an unknown code and a wrong PAN get the same answer; the third starts the wait,
    // during which even the right pair is refused.
    let unknown = kiosk
        .kiosk_identify("RSSMRA85T10A562S", &child.pan)
        .unwrap_err();
    let wrong_pan = kiosk.kiosk_identify(&parent, &stranger.pan).unwrap_err();
    assert_eq!(unknown.kind, ErrorKind::NotFound);
    assert_eq!(
        (unknown.it.as_str(), unknown.en.as_str()),
        (wrong_pan.it.as_str(), wrong_pan.en.as_str())
    );
    assert_eq!(
        kiosk.kiosk_identify(&parent, "BF9999999").unwrap_err().kind,
        ErrorKind::Locked
    );
    let waiting = kiosk.kiosk_identify(&parent, &child.pan).unwrap_err();
    assert_eq!(waiting.kind, ErrorKind::Locked);
    assert!(waiting.it.contains("Attenda"), "{}", waiting.it);

    // Another kiosk account is counted apart: the parent identifies there (PAN typed loosely).
    spare.login("chiosco2", "Chiosco2").unwrap();
    let typed = format!(" {} ", child.pan.to_lowercase());
    let seen = spare
        .kiosk_identify(&parent.to_lowercase(), &typed)
        .unwrap();
    assert_eq!(seen.parent.cf, parent);
    assert_eq!(seen.children.len(), card.children.len());
    // Their own child: meals and a top-up notice.
    let month = spare.attendance(&child.cf, "refezione", 2026, 11).unwrap();
    assert_eq!(month.child_cf, child.cf);
    let notice = spare.create_notice(&topup(&child.cf)).unwrap();
    assert_eq!(notice.amount_cents, 2000);
    assert_eq!(notice.payer.cf, parent);
    // The notice it made can be followed (read again); another family's cannot, nor can it be told
    // from one that does not exist.
    assert_eq!(spare.notice(&notice.number).unwrap().number, notice.number);
    let theirs = op.create_notice(&topup(&stranger.cf)).unwrap();
    // Nothing else, ever.
    for e in [
        spare
            .attendance(&stranger.cf, "refezione", 2026, 11)
            .unwrap_err(),
        spare.create_notice(&topup(&stranger.cf)).unwrap_err(),
        spare.search(&stranger.cf, 5).unwrap_err(),
        spare.family(&stranger.cf).unwrap_err(),
        spare.family(&parent).unwrap_err(),
        spare.notice(&theirs.number).unwrap_err(),
        spare.notice("302000099999999905").unwrap_err(),
        spare.services().unwrap_err(),
        spare.parent_login(&parent, "Qualsiasi1").unwrap_err(),
        spare.statement(&child.cf, None, None).unwrap_err(),
        spare.cancel_notice(&notice.number, "x", false).unwrap_err(),
    ] {
        assert_eq!(e.kind, ErrorKind::Forbidden, "{e:?}");
    }
    // The parent leaves: the session forgets them.
    spare.kiosk_end().unwrap();
    assert_eq!(
        spare
            .attendance(&child.cf, "refezione", 2026, 11)
            .unwrap_err()
            .kind,
        ErrorKind::Forbidden
    );

    // A second parent sees only the children they are parent of.
    let shared: Vec<&ChildCard> = card
        .children
        .iter()
        .filter(|c| c.second_parent.as_ref().is_some_and(|p| p.cf == second.cf))
        .collect();
    let seen = spare.kiosk_identify(&second.cf, &shared[0].pan).unwrap();
    assert_eq!(seen.parent.cf, second.cf);
    assert_eq!(seen.children.len(), shared.len());
    spare.kiosk_end().unwrap();

    // Leaving kiosk mode: only a supervisor's password.
    spare
        .verify_supervisor("supervisore", "Supervisore1")
        .unwrap();
    assert_eq!(
        spare
            .verify_supervisor("operatore", "Operatore1")
            .unwrap_err()
            .kind,
        ErrorKind::Forbidden
    );
    assert_eq!(
        spare
            .verify_supervisor("supervisore", "sbagliata")
            .unwrap_err()
            .kind,
        ErrorKind::Unauthenticated
    );
    // Checking it did not change the kiosk's own session.
    assert_eq!(spare.current_operator().unwrap().role, Role::Kiosk);
    assert_eq!(
        spare.search("ROSSI", 5).unwrap_err().kind,
        ErrorKind::Forbidden
    );
}

fn store_with_two_kiosks(dir: &std::path::Path) -> std::path::PathBuf {
    let path = common::demo_store(dir, 40);
    let store = Arc::new(Store::open(&path).unwrap());
    LocalBackend::acting_as(store, LocalBackend::cli_operator())
        .add_operator("chiosco2", "Chiosco biblioteca", Role::Kiosk, "Chiosco2")
        .unwrap();
    path
}

#[test]
fn kiosk_on_the_local_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = store_with_two_kiosks(dir.path());
    let store = Arc::new(Store::open(&path).unwrap());
    suite(
        &LocalBackend::new(store.clone()),
        &LocalBackend::new(store.clone()),
        &LocalBackend::new(store),
        &common::demo_pans(&path),
    );
}

#[test]
fn kiosk_over_the_central_api() {
    let dir = tempfile::tempdir().unwrap();
    let path = store_with_two_kiosks(dir.path());
    let server = common::Server::start(&path);
    let remote = || RemoteBackend::new(&server.url).unwrap();
    suite(&remote(), &remote(), &remote(), &common::demo_pans(&path));
}

/// The supervisor check behind the kiosk's exit key, on the local store: three wrong answers, then
/// even the right password waits a minute; another kiosk account is not held up.
#[test]
fn leaving_the_local_kiosk_is_throttled() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(&store_with_two_kiosks(dir.path())).unwrap());
    let kiosk = LocalBackend::new(store.clone());
    kiosk.login("chiosco", "Chiosco1").unwrap();
    let kind = |r: BResult<()>| r.unwrap_err().kind;
    assert_eq!(
        kind(kiosk.verify_supervisor("supervisore", "sbagliata")),
        ErrorKind::Unauthenticated
    );
    assert_eq!(
        kind(kiosk.verify_supervisor("operatore", "Operatore1")),
        ErrorKind::Forbidden
    );
    assert_eq!(
        kind(kiosk.verify_supervisor("supervisore", "ancora")),
        ErrorKind::Locked
    );
    let waiting = kiosk
        .verify_supervisor("supervisore", "Supervisore1")
        .unwrap_err();
    assert_eq!(waiting.kind, ErrorKind::Locked);
    assert!(
        sportello::i18n::Localized::localized(&waiting, sportello::i18n::Lang::It)
            .contains("Attenda un minuto")
    );
    let other = LocalBackend::new(store);
    other.login("chiosco2", "Chiosco2").unwrap();
    other
        .verify_supervisor("supervisore", "Supervisore1")
        .unwrap();
}

/// The kiosk program on the local store, logged in as its account; typing and Enter go through its
/// `update`, and backend calls come back as the caller decides.
struct Lobby {
    kiosk: sportello::tui::kiosk::Kiosk,
    backend: LocalBackend,
}

type KioskCmd = sportello::tui::app::Cmd<sportello::tui::kiosk::Answer>;

impl Lobby {
    fn new(store: Arc<Store>) -> Lobby {
        use sportello::tui::kiosk::{Kiosk, KioskSettings};
        let backend = LocalBackend::new(store);
        backend.login("chiosco", "Chiosco1").unwrap();
        let kiosk = Kiosk::new(KioskSettings {
            account: ("chiosco".into(), "Chiosco1".into()),
            lang: sportello::i18n::Lang::It,
            theme: sportello::tui::theme::Theme::mono(),
            ente_name: "Comune di Prova".into(),
            presets: vec![1000, 2000],
            idle: std::time::Duration::from_secs(60),
            printer: None,
            clock: backend.clock(),
        });
        Lobby { kiosk, backend }
    }

    fn key(&mut self, code: ratatui::crossterm::event::KeyCode) -> Vec<KioskCmd> {
        use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
        self.kiosk
            .update(sportello::tui::app::Msg::Key(KeyEvent::new(
                code,
                KeyModifiers::NONE,
            )))
    }

    /// Types the parent's code and a PAN; the commands Enter gives.
    fn identify(&mut self, cf: &str, pan: &str) -> Vec<KioskCmd> {
        use ratatui::crossterm::event::KeyCode;
        for c in cf.chars() {
            self.key(KeyCode::Char(c));
        }
        self.key(KeyCode::Enter);
        for c in pan.chars() {
            self.key(KeyCode::Char(c));
        }
        self.key(KeyCode::Enter)
    }

    /// Runs the calls and feeds their answers back, with whatever those ask next; their names.
    fn answer(&mut self, cmds: Vec<KioskCmd>) -> Vec<&'static str> {
        let mut names = Vec::new();
        let mut queue = cmds;
        while let Some(cmd) = queue.pop() {
            if let KioskCmd::Backend(job) = cmd {
                names.push(job.name());
                let reply = job.run(&self.backend);
                queue.extend(self.kiosk.update(sportello::tui::app::Msg::Reply(reply)));
            }
        }
        names
    }
}

fn wrong_tries(sup: &dyn Backend) -> u32 {
    sup.kiosk_throttles()
        .unwrap()
        .iter()
        .find(|t| t.kiosk == "chiosco")
        .map_or(0, |t| t.wrong_tries)
}

/// Enter pressed twice before the answer sends one identification, so one wrong try is counted;
/// once answered, Enter sends again. An answer that comes back after the parent pressed Esc shows
/// nothing and ends the visit it opened.
#[test]
fn the_kiosk_sends_one_identification_at_a_time() {
    use ratatui::crossterm::event::KeyCode;
    let dir = tempfile::tempdir().unwrap();
    let path = store_with_two_kiosks(dir.path());
    let store = Arc::new(Store::open(&path).unwrap());
    let sup = LocalBackend::new(store.clone());
    sup.login("supervisore", "Supervisore1").unwrap();
    let pans = common::demo_pans(&path);
    let (card, _, stranger) = families(&sup, &pans);
    let parent = card.parent.cf.to_string();

    let mut lobby = Lobby::new(store.clone());
    // Another family's child: a wrong try.
    let first = lobby.identify(&parent, &stranger.pan);
    assert_eq!(first.len(), 1, "{first:?}");
    let second = lobby.key(KeyCode::Enter);
    assert!(second.is_empty(), "a second identification: {second:?}");
    assert_eq!(lobby.answer(first), ["kiosk_identify"]);
    assert_eq!(wrong_tries(&sup), 1, "one try counted");
    // Answered: the parent may try again, and that try counts.
    let again = lobby.key(KeyCode::Enter);
    assert_eq!(lobby.answer(again), ["kiosk_identify"]);
    assert_eq!(wrong_tries(&sup), 2);

    // The right pair, then Esc before the answer: the family never shows, its visit is ended.
    let mut lobby = Lobby::new(store);
    let child = &card.children[0];
    let asked = lobby.identify(&parent, &child.pan);
    assert!(lobby.key(KeyCode::Enter).is_empty());
    lobby.key(KeyCode::Esc);
    assert_eq!(lobby.answer(asked), ["kiosk_identify", "kiosk_end"]);
    assert!(lobby.kiosk.family.is_none());
    assert!(matches!(
        &lobby.kiosk.screen,
        sportello::tui::kiosk::Screen::Welcome(w) if w.is_blank()
    ));
    assert_eq!(
        lobby.backend.current_operator().unwrap().kiosk_parent,
        None,
        "the visit is over"
    );
    // Typed again and answered: the family shows.
    let asked = lobby.identify(&parent, &child.pan);
    lobby.answer(asked);
    assert!(lobby.kiosk.family.is_some());
    assert!(matches!(
        lobby.kiosk.screen,
        sportello::tui::kiosk::Screen::Home
    ));
}
