//! `[pagopa]`: the comune's link to pagoPA. Here the reconciliation flows' (FdR) keys.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PagopaConfig {
    /// pagoPA's REST API for organisations' flows (`sportello pagopa fdr pull`).
    pub fdr_url: String,
    /// The product subscription key (`Ocp-Apim-Subscription-Key`), from the environment:
    /// `SPORTELLO_PAGOPA_SUBSCRIPTION_KEY`.
    pub subscription_key: String,
    /// Working days a pagoPA receipt waits for its flow before the report lists it.
    pub fdr_grace_days: u32,
}

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
