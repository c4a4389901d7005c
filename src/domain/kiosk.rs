//! The kiosk's rules: how wrong identifications are throttled, what a PAN code looks like, and how
//! names are shown. The throttle rule is pure (time is passed in): the store applies it where the
//! data lives, per kiosk account and per parent code tried; the kiosk screen only shows the wait.

use std::time::Duration;

use rand::Rng;

/// Wrong tries are remembered over this much time (see `wait_after`).
pub const WINDOW: Duration = Duration::from_secs(10 * 60);
/// The wrong try that starts the first wait (the third), and that wait.
pub const TRIES_BEFORE_WAIT: usize = 3;
pub const FIRST_WAIT: Duration = Duration::from_secs(60);
pub const MAX_WAIT: Duration = Duration::from_secs(15 * 60);

/// The wait imposed after the `n`th wrong try still remembered: none before the third, a minute at
/// the third, then doubling up to fifteen minutes.
pub fn wait_for(n: usize) -> Duration {
    if n < TRIES_BEFORE_WAIT {
        return Duration::ZERO;
    }
    let doublings = (n - TRIES_BEFORE_WAIT).min(16) as u32;
    (FIRST_WAIT * 2u32.pow(doublings)).min(MAX_WAIT)
}

/// What the wrong tries of one key (a kiosk account, or a parent code) impose at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Standing {
    /// Wrong tries still remembered.
    pub remembered: usize,
    /// Time left before the next try is accepted.
    pub wait: Option<Duration>,
}

/// The throttle rule over the times of one key's wrong tries (any order; times since any fixed
/// origin). A sliding window of ten minutes that stands still while a wait runs: a wrong try is
/// forgotten once ten minutes without a wait have passed since it, so sitting out a wait never
/// erases the tries that caused it, and the waits of a persistent guesser climb to fifteen minutes and
/// stay there. Each wrong try, when made, imposes `wait_for(tries remembered then, itself included)`.
/// Successes are not an input: they never remove a wrong try.
pub fn standing(wrong_tries: &[Duration], now: Duration) -> Standing {
    let mut at: Vec<Duration> = wrong_tries.to_vec();
    at.sort();
    // For each try: the wait it imposed, computed in order.
    let mut waits: Vec<Duration> = Vec::with_capacity(at.len());
    for i in 0..at.len() {
        let n = 1 + remembered_before(&at[..i], &waits, at[i]);
        waits.push(wait_for(n));
    }
    let remembered = remembered_before(&at, &waits, now);
    let wait = at
        .iter()
        .zip(&waits)
        .filter_map(|(t, w)| (*t + *w).checked_sub(now))
        .filter(|d| !d.is_zero())
        .max();
    Standing { remembered, wait }
}

/// How many of `at` (sorted, with the waits they imposed) are still remembered at `now`: those with
/// less than `WINDOW` of time outside waits between them and `now`.
fn remembered_before(at: &[Duration], waits: &[Duration], now: Duration) -> usize {
    let mut free = Duration::ZERO;
    let mut count = 0;
    for i in (0..at.len()).rev() {
        let next = at.get(i + 1).copied().unwrap_or(now).min(now);
        let span = next.saturating_sub(at[i]);
        free += span.saturating_sub(waits[i]);
        if free >= WINDOW {
            break;
        }
        count += 1;
    }
    count
}

/// Letters and digits no one confuses when copying from paper (no 0/O, 1/I/L, 5/S, 8/B, 2 with Z):
/// 26 of them, an even number as Luhn mod N needs to catch every single slip.
pub const PAN_ALPHABET: &[u8] = b"234679ACDEFGHJKMNPQRTUVWXY";
const PAN_PREFIX: &str = "BF";
const PAN_BODY: usize = 8;

/// A new PAN code: `BF`, eight characters drawn from `PAN_ALPHABET`, and a check character (Luhn mod
/// N over the alphabet, N = 26), so a single mistyped character or two swapped neighbours are caught
/// before any lookup. Random, so a PAN cannot be guessed from another.
pub fn new_pan(rng: &mut impl Rng) -> String {
    let body: String = (0..PAN_BODY)
        .map(|_| PAN_ALPHABET[rng.random_range(0..PAN_ALPHABET.len())] as char)
        .collect();
    let check = luhn_check_char(&body).expect("alphabet characters");
    format!("{PAN_PREFIX}{body}{check}")
}

/// What a PAN code (already `normalise_pan`ned) is, before looking it up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PanShape {
    /// The new format with a right check character.
    Valid,
    /// `BF` and seven digits: printed on letters before the check character existed; still valid.
    Legacy,
    /// The new format's length and characters, but the check character does not match: a typing slip.
    Mistyped,
    /// Neither format.
    Malformed,
}

pub fn pan_shape(pan: &str) -> PanShape {
    let Some(rest) = pan.strip_prefix(PAN_PREFIX) else {
        return PanShape::Malformed;
    };
    if rest.len() == 7 && rest.bytes().all(|b| b.is_ascii_digit()) {
        return PanShape::Legacy;
    }
    if rest.len() != PAN_BODY + 1 || !rest.bytes().all(|b| PAN_ALPHABET.contains(&b)) {
        return PanShape::Malformed;
    }
    let (body, check) = rest.split_at(PAN_BODY);
    match luhn_check_char(body) {
        Some(c) if check.starts_with(c) => PanShape::Valid,
        _ => PanShape::Mistyped,
    }
}

/// Luhn mod N: from the right, every other code point doubled (digits of the double summed in base N).
fn luhn_check_char(body: &str) -> Option<char> {
    let n = PAN_ALPHABET.len();
    let mut sum = 0;
    for (i, b) in body.bytes().rev().enumerate() {
        let mut v = PAN_ALPHABET.iter().position(|c| *c == b)?;
        if i % 2 == 0 {
            v *= 2;
            v = v / n + v % n;
        }
        sum += v;
    }
    Some(PAN_ALPHABET[(n - sum % n) % n] as char)
}

/// A PAN code as typed at the kiosk: spaces dropped, upper case.
pub fn normalise_pan(pan: &str) -> String {
    pan.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// A name as the kiosk shows it: the first name and the surname's initial ("Marco R."), in title
/// case whatever the register holds (many registers are in capitals).
pub fn short_name(name: &str, surname: &str) -> String {
    let first = title_case(name.split_whitespace().next().unwrap_or(""));
    match surname.trim().chars().next() {
        Some(i) => format!("{first} {}.", i.to_uppercase()),
        None => first,
    }
}

fn title_case(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(secs: u64) -> Duration {
        Duration::from_secs(secs)
    }

    const MIN: u64 = 60;

    #[test]
    fn the_third_wrong_try_makes_the_next_wait_a_minute() {
        assert_eq!(standing(&[], s(0)), Standing::default());
        assert_eq!(standing(&[s(0), s(5)], s(6)).wait, None);
        let st = standing(&[s(0), s(5), s(10)], s(10));
        assert_eq!(
            st,
            Standing {
                remembered: 3,
                wait: Some(s(MIN))
            }
        );
        assert_eq!(standing(&[s(0), s(5), s(10)], s(10 + 59)).wait, Some(s(1)));
        assert_eq!(standing(&[s(0), s(5), s(10)], s(10 + MIN)).wait, None);
    }

    #[test]
    fn each_further_wrong_try_doubles_the_wait_up_to_fifteen_minutes() {
        // A guesser who tries again the moment each wait ends.
        let mut tries = vec![s(0), s(0), s(0)];
        let mut expected = [1, 2, 4, 8, 15, 15, 15].into_iter().map(|m| s(m * MIN));
        let mut now = s(0);
        loop {
            let wait = standing(&tries, now).wait.unwrap();
            assert_eq!(
                wait,
                expected.next().unwrap(),
                "after {} tries",
                tries.len()
            );
            if tries.len() == 9 {
                break;
            }
            now += wait;
            assert_eq!(standing(&tries, now).wait, None);
            tries.push(now);
        }
        assert_eq!(wait_for(3), s(MIN));
        assert_eq!(wait_for(100), s(15 * MIN));
    }

    #[test]
    fn the_window_slides_but_stands_still_during_a_wait() {
        // Two slips ten minutes apart: the first is forgotten, the third try starts no wait.
        assert_eq!(
            standing(&[s(0), s(5 * MIN), s(10 * MIN)], s(10 * MIN)).wait,
            None
        );
        assert_eq!(
            standing(&[s(0), s(5 * MIN), s(9 * MIN)], s(9 * MIN)).wait,
            Some(s(MIN))
        );
        // Sitting out a wait does not erase the tries that caused it.
        let tries = [s(0), s(1), s(2), s(2 + MIN), s(2 + 3 * MIN), s(2 + 7 * MIN)];
        assert_eq!(standing(&tries, s(2 + 7 * MIN)).wait, Some(s(8 * MIN)));
        assert_eq!(standing(&tries, s(2 + 15 * MIN)).remembered, 6);
        // Ten quiet minutes after the last wait ends: all forgotten.
        let quiet = standing(&tries, s(2 + 25 * MIN));
        assert_eq!(
            quiet,
            Standing {
                remembered: 0,
                wait: None
            }
        );
    }

    #[test]
    fn a_right_try_between_wrong_ones_changes_nothing() {
        // The rule has no input for successes: two wrong tries, a right one, a wrong one.
        let st = standing(&[s(0), s(10), s(30)], s(30));
        assert_eq!(st.wait, Some(s(MIN)));
    }

    #[test]
    fn new_pans_carry_a_check_character_that_catches_typing_slips() {
        use rand::SeedableRng;
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let pan = new_pan(&mut rng);
        assert_eq!(pan.len(), 11);
        assert_eq!(pan_shape(&pan), PanShape::Valid);
        assert_ne!(new_pan(&mut rng), pan);
        for i in 2..pan.len() {
            for c in PAN_ALPHABET.iter().map(|b| *b as char) {
                let mut typo: Vec<char> = pan.chars().collect();
                if typo[i] == c {
                    continue;
                }
                typo[i] = c;
                let typo: String = typo.into_iter().collect();
                assert_eq!(pan_shape(&typo), PanShape::Mistyped, "{typo}");
            }
        }
        let mut swapped: Vec<char> = pan.chars().collect();
        if swapped[3] != swapped[4] {
            swapped.swap(3, 4);
            let swapped: String = swapped.into_iter().collect();
            assert_eq!(pan_shape(&swapped), PanShape::Mistyped);
        }
        assert_eq!(pan_shape("BF0000012"), PanShape::Legacy);
        assert_eq!(pan_shape("BF00000"), PanShape::Malformed);
        assert_eq!(pan_shape("XY0000012"), PanShape::Malformed);
        assert_eq!(pan_shape("BF3467OACDE"), PanShape::Malformed);
    }

    #[test]
    fn pan_and_names() {
        assert_eq!(normalise_pan(" bf 0000012 "), "BF0000012");
        assert_eq!(short_name("Maria Grazia", "Rossi"), "Maria R.");
        assert_eq!(short_name("Luca", ""), "Luca");
        assert_eq!(short_name("GIUSEPPE", "PALMA"), "Giuseppe P.");
        assert_eq!(short_name("élodie", "ørsted"), "Élodie Ø.");
    }
}
