//! `[pagopa]`'s reconciliation flows (FdR): where to fetch them, with which key.

use super::PagopaConfig;

/// Where and how to fetch the flows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FdrSettings {
    pub url: String,
    pub subscription_key: String,
}

impl FdrSettings {
    /// The settings, or why `fdr_url` is refused (not an http(s) address).
    pub fn from_config(raw: &PagopaConfig) -> Result<FdrSettings, crate::i18n::Pair> {
        let url = raw.fdr_url.trim().trim_end_matches('/');
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(crate::i18n::reconciliation::not_an_address(url));
        }
        Ok(FdrSettings {
            url: url.to_string(),
            subscription_key: raw.subscription_key.trim().to_string(),
        })
    }
}
