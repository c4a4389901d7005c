//! Why a configuration value is refused at start (the key is printed before it).

pub use super::Pair;

pub fn two_digits() -> Pair {
    ("due cifre (0-99)".into(), "two digits (0-99)".into())
}

pub fn min_not_above_max() -> Pair {
    (
        "deve essere sopra zero e non sopra topup.max".into(),
        "must be above zero and not above topup.max".into(),
    )
}

pub fn time_hh_mm(value: &str) -> Pair {
    (
        format!("un orario come HH:MM, non {value:?}"),
        format!("a time as HH:MM, not {value:?}"),
    )
}

pub fn day_or_instant(value: &str) -> Pair {
    (
        format!("una data AAAA-MM-GG o AAAA-MM-GGTHH:MM, non {value:?}"),
        format!("a date YYYY-MM-DD or YYYY-MM-DDTHH:MM, not {value:?}"),
    )
}

pub fn one_of(choices: &str, value: &str) -> Pair {
    (
        format!("uno tra {choices}, non {value:?}"),
        format!("one of {choices}, not {value:?}"),
    )
}

pub fn at_least_seconds(min: u64) -> Pair {
    (
        format!("almeno {min} secondi"),
        format!("at least {min} seconds"),
    )
}

pub fn unknown_action() -> Pair {
    ("azione sconosciuta".into(), "unknown action".into())
}

pub fn not_a_key(text: &str) -> Pair {
    (
        format!("{text:?} non è un tasto (una lettera, F1-F12, ctrl+lettera)"),
        format!("{text:?} is not a key (a letter, F1-F12, ctrl+letter)"),
    )
}

pub fn missing() -> Pair {
    ("valore mancante".into(), "missing value".into())
}

pub fn unreadable_file(e: &std::io::Error) -> Pair {
    (
        format!("file non leggibile ({e})"),
        format!("cannot read the file ({e})"),
    )
}

pub fn together_with(other_key: &str) -> Pair {
    (
        format!("va data insieme a {other_key}"),
        format!("must be given together with {other_key}"),
    )
}

pub fn only_with_tls() -> Pair {
    (
        "solo insieme a server.tls_cert e server.tls_key".into(),
        "only together with server.tls_cert and server.tls_key".into(),
    )
}

pub fn not_an_address_range(value: &str) -> Pair {
    (
        format!("{value:?} non è un intervallo di indirizzi (come 10.0.0.0/8 o ::1/128)"),
        format!("{value:?} is not an address range (such as 10.0.0.0/8 or ::1/128)"),
    )
}

pub fn no_pem_certificate() -> Pair {
    (
        "nessun certificato PEM valido nel file".into(),
        "no valid PEM certificate in the file".into(),
    )
}

pub fn no_pem_private_key() -> Pair {
    (
        "nessuna chiave privata PEM valida nel file".into(),
        "no valid PEM private key in the file".into(),
    )
}

pub fn unusable_ca(e: &dyn std::fmt::Display) -> Pair {
    (
        format!("certificati della CA non utilizzabili ({e})"),
        format!("the CA certificates cannot be used ({e})"),
    )
}

pub fn key_does_not_fit(e: &dyn std::fmt::Display) -> Pair {
    (
        format!("la chiave non si usa con server.tls_cert ({e})"),
        format!("the key cannot be used with server.tls_cert ({e})"),
    )
}

pub fn too_long(max: usize) -> Pair {
    (
        format!("al massimo {max} caratteri"),
        format!("at most {max} characters"),
    )
}

pub fn bad_iban(value: &str) -> Pair {
    (
        format!(
            "un IBAN valido (per l'Italia IT, 2 cifre di controllo, 23 caratteri), non {value:?}"
        ),
        format!("a valid IBAN (for Italy IT, 2 check digits, 23 characters), not {value:?}"),
    )
}
