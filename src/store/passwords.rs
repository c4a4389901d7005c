//! Password hashing (argon2id) and the generation of temporary credentials.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use rand::Rng;

use crate::backend::{BResult, BackendError};

/// No 0/O, 1/l/I: a parent copies it from paper or from the phone.
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

pub fn hash(password: &str) -> BResult<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(BackendError::internal)
}

pub fn verify(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A temporary password of 10 characters (portals cap passwords at 12), with at least one digit.
pub fn temporary_password() -> String {
    let mut rng = rand::rng();
    loop {
        let p: String = (0..10)
            .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
            .collect();
        if p.chars().any(|c| c.is_ascii_digit()) && p.chars().any(|c| c.is_ascii_alphabetic()) {
            return p;
        }
    }
}

/// The 6-digit code a parent uses to cancel a meal by phone or SMS.
pub fn meal_cancel_code() -> String {
    format!("{:06}", rand::rng().random_range(0..1_000_000))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_verifies_only_the_right_password() {
        let h = hash("Segreta12").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("Segreta12", &h));
        assert!(!verify("segreta12", &h));
        assert!(!verify("Segreta12", "not a hash"));
    }

    #[test]
    fn temporary_password_fits_portal_limit() {
        for _ in 0..200 {
            let p = temporary_password();
            assert!(p.len() <= 12);
            assert!(p.chars().all(|c| ALPHABET.contains(&(c as u8))));
        }
    }
}
