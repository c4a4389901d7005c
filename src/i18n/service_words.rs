//! The words for a day of a service: a meal at the canteen, a day on the school bus, a day at the
//! nursery, a day of presence for any other service. The desk's and the kiosk's attendance screens
//! take them from the service's code, so that the bus is never counted in meals.

use super::{Lang, Text};

/// How the days of one service are named, in both languages.
#[derive(Debug)]
pub struct DayWords {
    /// The month's count, capitalised, before the number: "Pasti: 12".
    pub count: Text,
    /// The legend's word for the present mark: "P pasto".
    pub present_mark: Text,
    /// A day present, as the chosen day's detail says it.
    pub present: Text,
    /// A day cancelled, as the chosen day's detail says it.
    pub cancelled: Text,
    /// Said once a day is cancelled at the desk; `{}` is the day (dd/mm/yyyy).
    pub cancelled_on: Text,
    /// The kiosk's count for the month, before the number.
    pub month_count: Text,
    /// The kiosk's word for a day present, at most 8 characters (its calendar column).
    pub present_short: Text,
}

/// The canteen: a day present is a meal, charged per meal.
const MEAL: DayWords = DayWords {
    count: ("Pasti", "Meals"),
    present_mark: ("pasto", "meal"),
    present: ("pasto consumato", "meal eaten"),
    cancelled: ("pasto disdetto", "meal cancelled"),
    cancelled_on: (
        "Pasto del {} disdetto: non sarà addebitato.",
        "Meal of {} cancelled: it will not be charged.",
    ),
    month_count: ("Pasti consumati nel mese:", "Meals eaten this month:"),
    present_short: ("pasto", "meal"),
};

/// The school bus: a day the child rode it (there and back). Usually paid by a monthly fee, so a
/// cancelled day promises nothing about the charge.
const BUS: DayWords = DayWords {
    count: ("Giorni di trasporto", "Days on the bus"),
    present_mark: ("trasportato", "on the bus"),
    present: ("trasportato con lo scuolabus", "rode the school bus"),
    cancelled: ("trasporto disdetto", "bus cancelled"),
    cancelled_on: ("Trasporto del {} disdetto.", "School bus of {} cancelled."),
    month_count: (
        "Giorni di trasporto nel mese:",
        "Days on the bus this month:",
    ),
    present_short: ("sul bus", "on bus"),
};

/// The nursery: a day spent there.
const NURSERY: DayWords = DayWords {
    count: ("Giornate al nido", "Days at the nursery"),
    present_mark: ("presente", "present"),
    present: ("giornata al nido", "day at the nursery"),
    cancelled: ("giornata disdetta", "day cancelled"),
    cancelled_on: (
        "Giornata al nido del {} disdetta.",
        "Nursery day of {} cancelled.",
    ),
    month_count: (
        "Giornate al nido nel mese:",
        "Days at the nursery this month:",
    ),
    present_short: ("presente", "present"),
};

/// Any other service: a day of presence, with no assumption on what it is.
const PRESENCE: DayWords = DayWords {
    count: ("Presenze", "Days present"),
    present_mark: ("presente", "present"),
    present: ("presente", "present"),
    cancelled: ("presenza disdetta", "day cancelled"),
    cancelled_on: ("Presenza del {} disdetta.", "Day {} cancelled."),
    month_count: ("Presenze nel mese:", "Days present this month:"),
    present_short: ("presente", "present"),
};

/// The words for the days of a service, from its code.
pub fn day_words(service: &str) -> &'static DayWords {
    match service {
        "refezione" => &MEAL,
        "trasporto" => &BUS,
        "nido" => &NURSERY,
        _ => &PRESENCE,
    }
}

/// The desk calendar's legend for a service: "P pasto · A assente · D disdetto · F festa".
pub fn legend(lang: Lang, service: &str) -> String {
    let rest = lang.pick(
        "A assente · D disdetto · F festa",
        "A absent · D cancelled · F holiday",
    );
    format!("P {} · {rest}", lang.t(day_words(service).present_mark))
}

/// What the desk says once a day is cancelled.
pub fn cancelled_on(lang: Lang, service: &str, day: chrono::NaiveDate) -> String {
    lang.t(day_words(service).cancelled_on)
        .replace("{}", &day.format("%d/%m/%Y").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_canteen_speaks_of_meals() {
        for lang in [Lang::It, Lang::En] {
            for service in ["trasporto", "nido", "piscina"] {
                let w = day_words(service);
                let said = [
                    w.count,
                    w.present_mark,
                    w.present,
                    w.cancelled,
                    w.cancelled_on,
                    w.month_count,
                    w.present_short,
                ]
                .map(|t| lang.t(t).to_lowercase())
                .join(" ")
                    + &legend(lang, service);
                assert!(
                    !said.contains("past") && !said.contains("meal"),
                    "{service}: {said}"
                );
            }
            assert!(legend(lang, "refezione").contains(lang.pick("pasto", "meal")));
        }
    }

    #[test]
    fn the_kiosk_word_fits_its_column() {
        for service in ["refezione", "trasporto", "nido", "altro"] {
            for lang in [Lang::It, Lang::En] {
                assert!(lang.t(day_words(service).present_short).chars().count() <= 8);
            }
        }
    }
}
