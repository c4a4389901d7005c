//! The desk's action keys, from the `[keys]` section of the configuration. Letters match in either case.
//! Footers are templates with `{action}` placeholders filled with the configured keys.

use std::collections::BTreeMap;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    code: KeyCode,
    ctrl: bool,
}

impl Key {
    /// `r`, `F5`, `ctrl+l`.
    pub fn parse(s: &str) -> Option<Key> {
        let s = s.trim().to_ascii_lowercase();
        let (ctrl, rest) = match s.strip_prefix("ctrl+") {
            Some(r) => (true, r),
            None => (false, s.as_str()),
        };
        let code = match rest {
            r if r.len() == 1 && r.chars().all(|c| c.is_ascii_alphanumeric()) => {
                KeyCode::Char(r.chars().next()?)
            }
            r if r.starts_with('f') => {
                KeyCode::F(r[1..].parse().ok().filter(|n| (1..=12).contains(n))?)
            }
            _ => return None,
        };
        Some(Key { code, ctrl })
    }

    pub fn matches(&self, ev: &KeyEvent) -> bool {
        if self.ctrl != ev.modifiers.contains(KeyModifiers::CONTROL) {
            return false;
        }
        match (self.code, ev.code) {
            (KeyCode::Char(a), KeyCode::Char(b)) => a.eq_ignore_ascii_case(&b),
            (a, b) => a == b,
        }
    }

    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(c) => c.to_ascii_uppercase().to_string(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl+{base}")
        } else {
            base
        }
    }
}

macro_rules! keymap {
    ($($name:ident = $default:literal),* $(,)?) => {
        /// Every configurable action key.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Keymap {
            $(pub $name: Key,)*
        }

        impl Default for Keymap {
            fn default() -> Self {
                Keymap { $($name: Key::parse($default).expect("valid default key"),)* }
            }
        }

        impl Keymap {
            /// The configured keys over the defaults; an unknown action or key is refused by name.
            pub fn from_config(keys: &BTreeMap<String, String>) -> Result<Keymap, String> {
                let mut map = Keymap::default();
                for (action, key) in keys {
                    let parsed = Key::parse(key).ok_or_else(|| format!("keys.{action}: {key:?} is not a key (a letter, F1-F12, ctrl+letter)"))?;
                    match action.as_str() {
                        $(stringify!($name) => map.$name = parsed,)*
                        other => return Err(format!("keys.{other}: unknown action")),
                    }
                }
                Ok(map)
            }

            /// Fills `{action}` placeholders with the keys' labels.
            pub fn fill(&self, template: &str) -> String {
                let mut s = template.to_string();
                $(s = s.replace(concat!("{", stringify!($name), "}"), &self.$name.label());)*
                s
            }
        }
    };
}

keymap! {
    topup = "r",
    attendance = "p",
    statement = "e",
    enrol = "i",
    edit_data = "d",
    other_parent = "g",
    credentials = "n",
    unlock = "s",
    refresh = "f5",
    new_parent = "f2",
    staff_accounts = "f7",
    kiosks = "f8",
    cancel_notice = "a",
    cash = "c",
    receipt = "r",
    save_pdf = "f",
    print = "t",
    email = "m",
    correct_day = "c",
    cancel_meal = "d",
    next_service = "s",
    next_year = "a",
    certificate = "c",
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_match_and_label() {
        let k = Key::parse("R").unwrap();
        assert!(k.matches(&KeyEvent::new(KeyCode::Char('r'), KeyModifiers::NONE)));
        assert!(k.matches(&KeyEvent::new(KeyCode::Char('R'), KeyModifiers::SHIFT)));
        assert!(!k.matches(&KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)));
        assert_eq!(Key::parse("f5").unwrap().label(), "F5");
        assert_eq!(Key::parse("ctrl+k").unwrap().label(), "Ctrl+K");
        assert!(
            Key::parse("F13").is_none() && Key::parse("").is_none() && Key::parse("ab").is_none()
        );
    }

    #[test]
    fn config_overrides_and_refuses_unknown() {
        let mut cfg = BTreeMap::new();
        cfg.insert("topup".to_string(), "t".to_string());
        let map = Keymap::from_config(&cfg).unwrap();
        assert_eq!(
            map.fill("{topup} ricarica · {attendance} presenze"),
            "T ricarica · P presenze"
        );
        cfg.insert("fly".to_string(), "x".to_string());
        assert!(Keymap::from_config(&cfg).unwrap_err().contains("keys.fly"));
    }
}
