//! Desk staff accounts: the login wait and lock, and their unlock by a supervisor.

use super::{Pair, Text};

/// A wrong password, or a refusal while the user name waits or is locked.
pub fn login_wait(minutes: u64) -> Pair {
    (
        format!(
            "Troppi tentativi errati per questo utente: riprovare tra {minutes} min. Gli altri utenti possono accedere."
        ),
        format!(
            "Too many wrong attempts for this user: try again in {minutes} min. Other users can log in."
        ),
    )
}

pub fn login_locked(minutes: u64) -> Pair {
    (
        format!(
            "Utente bloccato per troppi tentativi errati: riprovare tra {minutes} min, o chiedere a un supervisore di sbloccarlo."
        ),
        format!(
            "User locked after too many wrong attempts: try again in {minutes} min, or ask a supervisor to unlock it."
        ),
    )
}

pub const NOT_YOURSELF: Text = (
    "Non si può sbloccare il proprio utente: serve un altro supervisore.",
    "You cannot unlock your own user: another supervisor must.",
);

pub const USER: (&str, &str) = ("Utente", "User");

/// The desk's countdown under the login form.
pub fn retry_in(user: &str, seconds: u64) -> Pair {
    let clock = format!("{}:{:02}", seconds / 60, seconds % 60);
    (
        format!("{user}: nuovo tentativo tra {clock}"),
        format!("{user}: next try in {clock}"),
    )
}

pub const TITLE: Text = ("Utenti dello sportello", "Desk staff accounts");
pub const HEADER: Text = (
    "Utente           Nome                 Ruolo       Stato (errori: ultima ora)",
    "User             Name                 Role        State (wrong: last hour)",
);
pub const ACTIVE: Text = ("attivo", "active");
pub const KIOSK: Text = ("chiosco", "kiosk");

/// The state column (at most 28 characters, so a row fits 80 columns): a wait or lock with its
/// minutes left, and the wrong passwords of the last hour (the header says so).
pub fn state(locked: bool, minutes: Option<u64>, failures: u32) -> Pair {
    let (it, en) = match (locked, minutes) {
        (true, Some(m)) => (format!("bloccato {m} min"), format!("locked {m} min")),
        (false, Some(m)) => (format!("in attesa {m} min"), format!("waiting {m} min")),
        _ => ("attivo".to_string(), "active".to_string()),
    };
    if failures == 0 {
        (it, en)
    } else {
        (
            format!(
                "{it}, {failures} {}",
                if failures == 1 { "errore" } else { "errori" }
            ),
            format!("{en}, {failures} wrong"),
        )
    }
}

pub const FOOTER: Text = (
    "↑↓ scegli · {unlock} sblocca · Esc indietro",
    "↑↓ pick · {unlock} unlock · Esc back",
);

pub fn unlocked(user: &str) -> Pair {
    (
        format!("Utente {user} sbloccato: può accedere di nuovo."),
        format!("User {user} unlocked: they can log in again."),
    )
}

pub const NOTHING_TO_UNLOCK: Text = ("Questo utente non è bloccato.", "This user is not locked.");

/// Under an empty search, for a supervisor.
pub const SEARCH_HINT: Text = (
    "{staff_accounts}: utenti dello sportello (attese e blocchi d'accesso)\n{kiosks}: chioschi (tentativi errati di identificazione)",
    "{staff_accounts}: desk staff accounts (login waits and locks)\n{kiosks}: kiosks (wrong identification tries)",
);

#[cfg(test)]
mod tests {
    #[test]
    fn one_wrong_password_is_singular() {
        assert_eq!(super::state(false, None, 1).0, "attivo, 1 errore");
        assert_eq!(
            super::state(false, Some(5), 5).0,
            "in attesa 5 min, 5 errori"
        );
    }
}
