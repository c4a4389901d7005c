//! Parent account lockout: three wrong passwords in a row lock the account; only the office unlocks it
//! (or regenerates the credentials). A right password resets the count.

use serde::{Deserialize, Serialize};

pub const MAX_FAILED_ATTEMPTS: u32 = 3;

/// The lockout state of one account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AccountState {
    pub failed_attempts: u32,
    pub locked: bool,
}

/// What a login attempt comes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LoginOutcome {
    Ok,
    WrongPassword {
        attempts_left: u32,
    },
    /// This attempt locked the account.
    NowLocked,
    /// The account was already locked: the password is not even checked.
    Locked,
}

impl LoginOutcome {
    /// The answer to a wrong password that brought the count to `failed` (and maybe locked).
    pub fn after_failure(failed: u32, locked: bool) -> LoginOutcome {
        if locked {
            LoginOutcome::NowLocked
        } else {
            LoginOutcome::WrongPassword {
                attempts_left: MAX_FAILED_ATTEMPTS.saturating_sub(failed),
            }
        }
    }
}

impl AccountState {
    /// Applies one login attempt whose password check gave `password_ok`.
    pub fn attempt(self, password_ok: bool) -> (AccountState, LoginOutcome) {
        if self.locked {
            return (self, LoginOutcome::Locked);
        }
        if password_ok {
            return (AccountState::default(), LoginOutcome::Ok);
        }
        // The store runs the same rule as one conditional UPDATE (`store::parents`).
        let failed = self.failed_attempts + 1;
        let locked = failed >= MAX_FAILED_ATTEMPTS;
        (
            AccountState {
                failed_attempts: failed,
                locked,
            },
            LoginOutcome::after_failure(failed, locked),
        )
    }

    /// Staff unlock (or new credentials): the count starts again.
    pub fn unlocked() -> AccountState {
        AccountState::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_wrong_passwords_lock() {
        let s = AccountState::default();
        let (s, o) = s.attempt(false);
        assert_eq!(o, LoginOutcome::WrongPassword { attempts_left: 2 });
        let (s, o) = s.attempt(false);
        assert_eq!(o, LoginOutcome::WrongPassword { attempts_left: 1 });
        let (s, o) = s.attempt(false);
        assert_eq!(o, LoginOutcome::NowLocked);
        assert!(s.locked);
        let (s, o) = s.attempt(true);
        assert_eq!(
            o,
            LoginOutcome::Locked,
            "a locked account refuses even the right password"
        );
        assert!(s.locked);
    }

    #[test]
    fn right_password_resets_count() {
        let (s, _) = AccountState::default().attempt(false);
        let (s, _) = s.attempt(false);
        let (s, o) = s.attempt(true);
        assert_eq!(o, LoginOutcome::Ok);
        assert_eq!(s, AccountState::default());
    }
}
