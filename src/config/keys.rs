//! The desk's action keys, from the `[keys]` section of the configuration (whose defaults are in
//! `config/sportello.toml`, not here). Letters match in either case. Owned by the configuration, which
//! checks them at start; the desk only reads the resolved map.
//! Footers are templates with `{action}` placeholders filled with the configured keys.

use std::collections::BTreeMap;

use crate::i18n::Pair;
use crate::i18n::config as c;

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

/// A `[keys]` entry refused: the action it names and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyError {
    pub action: String,
    pub why: Pair,
}

macro_rules! keymap {
    ($($name:ident),* $(,)?) => {
        /// Every configurable action key.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Keymap {
            $(pub $name: Key,)*
        }

        impl Keymap {
            /// The keys of the merged `[keys]` table: every action must be there (the built-in
            /// configuration lists them all); an unknown action or key is refused by name.
            pub fn from_config(keys: &BTreeMap<String, String>) -> Result<Keymap, KeyError> {
                const ACTIONS: &[&str] = &[$(stringify!($name)),*];
                let refuse = |action: &str, why: Pair| KeyError { action: action.to_string(), why };
                if let Some(action) = keys.keys().find(|a| !ACTIONS.contains(&a.as_str())) {
                    return Err(refuse(action, c::unknown_action()));
                }
                let key = |action: &str| -> Result<Key, KeyError> {
                    let text = keys.get(action).ok_or_else(|| refuse(action, c::missing()))?;
                    Key::parse(text).ok_or_else(|| refuse(action, c::not_a_key(text)))
                };
                Ok(Keymap { $($name: key(stringify!($name))?,)* })
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
    topup,
    attendance,
    statement,
    enrol,
    edit_data,
    other_parent,
    credentials,
    unlock,
    refresh,
    new_parent,
    staff_accounts,
    kiosks,
    payments_check,
    reconciliation,
    applications,
    cancel_notice,
    cash,
    receipt,
    save_pdf,
    print,
    email,
    correct_day,
    cancel_meal,
    next_service,
    next_year,
    certificate,
    discard,
    withdraw,
    family_card,
    unlink_parent,
    receipt_pdf,
    // Desk history, notes, undo, reactivate.
    history,
    add_note,
    reactivate_notice,
    undo_cancel,
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
        let mut cfg = super::super::Config::defaults().keys;
        cfg.insert("topup".to_string(), "t".to_string());
        let map = Keymap::from_config(&cfg).unwrap();
        assert_eq!(
            map.fill("{topup} ricarica · {attendance} presenze"),
            "T ricarica · P presenze"
        );
        cfg.insert("fly".to_string(), "x".to_string());
        assert_eq!(Keymap::from_config(&cfg).unwrap_err().action, "fly");
        cfg.remove("fly");
        cfg.remove("cash");
        assert_eq!(Keymap::from_config(&cfg).unwrap_err().action, "cash");
    }
}
