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
        spare.cancel_notice(&notice.number, "x").unwrap_err(),
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
