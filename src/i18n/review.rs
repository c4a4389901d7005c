//! Messages of the office's review of applications, withdrawals and presences.

use super::{Pair, Text};
use crate::domain::money::format_eur;

pub const CLASS_GONE: Text = (
    "La classe indicata nella domanda non esiste più: respingere la domanda o farne una nuova con la classe giusta.",
    "The class in the application no longer exists: refuse it, or make a new one with the right class.",
);

pub const CHILD_OTHER_FAMILY: Text = (
    "L'alunno è già registrato con un altro genitore pagante: cambiare prima il genitore pagante, poi accogliere la domanda.",
    "The child is already registered with another paying parent: change the paying parent first, then accept.",
);

pub const NO_TARIFF: Text = (
    "Il servizio non ha tariffe configurate: impossibile calcolare la fascia.",
    "The service has no tariff configured: the band cannot be worked out.",
);

pub const ALREADY_WITHDRAWN: Text = (
    "L'alunno è già ritirato da questo servizio.",
    "The child is already withdrawn from this service.",
);

pub const NOTHING_TO_MOVE: Text = (
    "Il saldo non è positivo: non c'è credito da rimborsare o trasferire.",
    "The balance is not positive: there is no credit to refund or move.",
);

pub const NOT_A_SIBLING: Text = (
    "Il credito si trasferisce solo a un fratello o una sorella con lo stesso genitore pagante.",
    "Credit moves only to a brother or sister with the same paying parent.",
);

pub const NO_PRESENCES: Text = ("Nessuna presenza da registrare.", "No presences to record.");

pub const TOO_MANY_PRESENCES: Text = (
    "Troppe presenze in un invio (al massimo 20.000): dividerle.",
    "Too many presences in one batch (20,000 at the most): split them.",
);

pub fn already_enrolled(service: &str, year: &str) -> Pair {
    (
        format!(
            "L'alunno è già iscritto a «{service}» per l'anno {year}: la domanda non aggiunge nulla (respingerla)."
        ),
        format!(
            "The child is already enrolled in «{service}» for {year}: the application adds nothing (refuse it)."
        ),
    )
}

pub fn withdrawal_outside_year(year: &str) -> Pair {
    (
        format!("La data del ritiro deve cadere nell'anno scolastico {year} dell'iscrizione."),
        format!("The withdrawal date must fall in the enrolment's school year {year}."),
    )
}

/// Why a presence was not charged.
pub enum PresenceRefusal {
    UnknownChild,
    NotEnrolled,
    Withdrawn(chrono::NaiveDate),
    NotASchoolDay,
    Future,
    Cancelled,
}

impl PresenceRefusal {
    pub fn text(&self) -> Pair {
        match self {
            PresenceRefusal::UnknownChild => {
                pair(("Alunno non registrato.", "Child not registered."))
            }
            PresenceRefusal::NotEnrolled => pair((
                "Non iscritto al servizio per quell'anno.",
                "Not enrolled in the service for that year.",
            )),
            PresenceRefusal::Withdrawn(from) => (
                format!("Ritirato dal servizio dal {}.", from.format("%d/%m/%Y")),
                format!(
                    "Withdrawn from the service from {}.",
                    from.format("%d/%m/%Y")
                ),
            ),
            PresenceRefusal::NotASchoolDay => pair((
                "Non è un giorno di servizio (festivo o fine settimana).",
                "Not a service day (holiday or weekend).",
            )),
            PresenceRefusal::Future => pair(("Giorno futuro.", "A day still to come.")),
            PresenceRefusal::Cancelled => pair((
                "Disdetto per quel giorno: non si addebita.",
                "Cancelled for that day: not charged.",
            )),
        }
    }
}

fn pair((it, en): Text) -> Pair {
    (it.to_string(), en.to_string())
}

/// The balance moved, for the desk's message.
pub fn moved(amount_cents: i64, to_sibling: bool) -> Pair {
    let eur = format_eur(amount_cents);
    if to_sibling {
        (
            format!("{eur} trasferiti al fratello o alla sorella."),
            format!("{eur} moved to the brother or sister."),
        )
    } else {
        (
            format!("{eur} da rimborsare alla famiglia."),
            format!("{eur} to be paid back to the family."),
        )
    }
}
