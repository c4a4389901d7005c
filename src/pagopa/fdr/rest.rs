//! The client of pagoPA's REST API for organisations' flows (`openapi/fdr_organization.json`): the
//! list of published flows (latest revision of each, last 30 days), a revision's header, and its
//! payments, both lists paged. The subscription key travels in `Ocp-Apim-Subscription-Key`.

use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime};
use reqwest::StatusCode;
use reqwest::blocking::Client;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::{Flow, FlowError, FlowPayment, KnownFlow, Outcome, Source};
use crate::i18n::{Lang, Localized, reconciliation as t};

/// The largest page the API serves.
const PAGE_SIZE: u32 = 1000;

/// A flow the list names: its latest revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub id: String,
    pub psp: String,
    pub revision: i64,
    pub published: Option<NaiveDateTime>,
}

#[derive(Debug, thiserror::Error)]
pub enum RestError {
    #[error("subscription key refused at {0}")]
    KeyRefused(String),
    #[error("HTTP {1} at {0}")]
    Status(String, u16),
    #[error("{0} unreachable: {1}")]
    Unreachable(String, String),
    #[error("invalid answer from {0}: {1}")]
    BadAnswer(String, String),
    #[error("{0}")]
    Flow(#[from] FlowError),
}

impl Localized for RestError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            RestError::KeyRefused(url) => lang.pair(t::key_refused(url)),
            RestError::Status(url, s) => lang.pair(t::http_status(url, *s)),
            RestError::Unreachable(url, why) => lang.pair(t::unreachable(url, why)),
            RestError::BadAnswer(url, why) => lang.pair(t::bad_answer(url, why)),
            RestError::Flow(e) => e.localized(lang),
        }
    }
}

pub struct FdrClient {
    base: String,
    key: String,
    organization: String,
    page_size: u32,
    client: Client,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Metadata {
    tot_page: u32,
}

#[derive(Deserialize)]
struct Page<T> {
    metadata: Metadata,
    #[serde(default = "Vec::new")]
    data: Vec<T>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListItem {
    fdr: String,
    psp_id: String,
    revision: i64,
    published: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Header {
    fdr: String,
    revision: i64,
    fdr_date: String,
    published: Option<String>,
    regulation: String,
    regulation_date: NaiveDate,
    bic_code_pouring_bank: Option<String>,
    sender: Sender,
    receiver: Receiver,
    tot_payments: i64,
    sum_payments: f64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Sender {
    psp_id: String,
    psp_name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Receiver {
    organization_id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Payment {
    index: i64,
    iuv: String,
    iur: String,
    id_transfer: i64,
    pay: f64,
    pay_status: String,
    pay_date: String,
}

impl FdrClient {
    pub fn new(base: &str, key: &str, organization: &str) -> FdrClient {
        FdrClient {
            base: base.trim_end_matches('/').to_string(),
            key: key.to_string(),
            organization: organization.to_string(),
            page_size: PAGE_SIZE,
            client: Client::builder()
                .connect_timeout(Duration::from_secs(10))
                .timeout(Duration::from_secs(60))
                .build()
                .expect("a TLS client with the built-in roots"),
        }
    }

    /// Asks for pages of `size` items (the API's largest, 1000, unless told).
    pub fn page_size(mut self, size: u32) -> FdrClient {
        self.page_size = size.clamp(1, PAGE_SIZE);
        self
    }

    /// Fetches every listed revision newer than what `known` holds and hands it to `import`, in the
    /// order listed; stops at the first failure (what was imported stays, the next pull resumes).
    /// Returns how many were fetched and how many were already held.
    pub fn pull<E: From<RestError>>(
        &self,
        known: &[KnownFlow],
        mut import: impl FnMut(Flow) -> Result<(), E>,
    ) -> Result<(usize, usize), E> {
        let listed = self.list()?;
        let held = |l: &Listed| {
            known.iter().any(|k| {
                k.id == l.id && k.psp == l.psp && k.revision.is_some_and(|r| r >= l.revision)
            })
        };
        let mut fetched = 0;
        for l in listed.iter().filter(|l| !held(l)) {
            import(self.flow(l)?)?;
            fetched += 1;
        }
        Ok((fetched, listed.len() - fetched))
    }

    /// GETs `organizations/{organization}/` followed by `segments` (each percent-encoded).
    fn get<T: DeserializeOwned>(
        &self,
        segments: &[&str],
        page: u32,
    ) -> Result<(T, String), RestError> {
        let mut url = reqwest::Url::parse(&self.base)
            .map_err(|e| RestError::Unreachable(self.base.clone(), e.to_string()))?;
        url.path_segments_mut()
            .map_err(|_| {
                RestError::Unreachable(self.base.clone(), "not an http(s) address".into())
            })?
            .pop_if_empty()
            .push("organizations")
            .push(&self.organization)
            .extend(segments);
        url.query_pairs_mut()
            .append_pair("page", &page.to_string())
            .append_pair("size", &self.page_size.to_string());
        let response = self
            .client
            .get(url)
            .header("Ocp-Apim-Subscription-Key", &self.key)
            .send()
            .map_err(|e| RestError::Unreachable(self.base.clone(), without_url(&e)))?;
        match response.status() {
            StatusCode::OK => {}
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
                return Err(RestError::KeyRefused(self.base.clone()));
            }
            other => return Err(RestError::Status(self.base.clone(), other.as_u16())),
        }
        let text = response
            .text()
            .map_err(|e| RestError::BadAnswer(self.base.clone(), without_url(&e)))?;
        let value = serde_json::from_str(&text)
            .map_err(|e| RestError::BadAnswer(self.base.clone(), e.to_string()))?;
        Ok((value, text))
    }

    /// Every page of a list, and the answers as received.
    fn pages<T: DeserializeOwned>(
        &self,
        segments: &[&str],
    ) -> Result<(Vec<T>, Vec<String>), RestError> {
        let mut items = Vec::new();
        let mut raw = Vec::new();
        let mut page = 1;
        loop {
            let (answer, text): (Page<T>, String) = self.get(segments, page)?;
            items.extend(answer.data);
            raw.push(text);
            if page >= answer.metadata.tot_page {
                return Ok((items, raw));
            }
            page += 1;
        }
    }

    /// The flows published for this organisation (the latest revision of each, last 30 days).
    pub fn list(&self) -> Result<Vec<Listed>, RestError> {
        let (items, _) = self.pages::<ListItem>(&["fdrs"])?;
        Ok(items
            .into_iter()
            .map(|i| Listed {
                id: i.fdr,
                psp: i.psp_id,
                revision: i.revision,
                published: i.published.as_deref().and_then(instant),
            })
            .collect())
    }

    /// One revision of a flow: its header and every page of its payments. `raw` keeps the answers as
    /// received, as one JSON document.
    pub fn flow(&self, listed: &Listed) -> Result<Flow, RestError> {
        let revision = listed.revision.to_string();
        let path = [
            "fdrs",
            &listed.id,
            "revisions",
            &revision,
            "psps",
            &listed.psp,
        ];
        let (header, header_text): (Header, String) = self.get(&path, 1)?;
        let (payments, pages) = self.pages::<Payment>(&[&path[..], &["payments"]].concat())?;
        let bad = |why: String| RestError::BadAnswer(self.base.clone(), why);
        let payments = payments
            .into_iter()
            .map(|p| {
                Ok(FlowPayment {
                    outcome: Outcome::from_pay_status(&p.pay_status)
                        .ok_or_else(|| bad(format!("payStatus {:?}", p.pay_status)))?,
                    date: instant(&p.pay_date)
                        .map(|t| t.date())
                        .ok_or_else(|| bad(format!("payDate {:?}", p.pay_date)))?,
                    amount_cents: cents(p.pay).ok_or_else(|| bad(format!("pay {}", p.pay)))?,
                    index: u8::try_from(p.id_transfer)
                        .ok()
                        .filter(|i| (1..=5).contains(i)),
                    iuv: p.iuv,
                    iur: p.iur,
                })
                .map(|payment| (p.index, payment))
            })
            .collect::<Result<Vec<(i64, FlowPayment)>, RestError>>()?;
        let mut payments = payments;
        payments.sort_by_key(|(index, _)| *index);
        let raw = format!(
            "{{\"header\":{header_text},\"payments\":[{}]}}",
            pages.join(",")
        );
        let flow = Flow {
            id: header.fdr,
            psp: header.sender.psp_id,
            psp_name: header.sender.psp_name,
            revision: Some(header.revision),
            published: header
                .published
                .as_deref()
                .and_then(instant)
                .or(listed.published),
            date: instant(&header.fdr_date)
                .ok_or_else(|| bad(format!("fdrDate {:?}", header.fdr_date)))?,
            regulation: header.regulation,
            regulation_date: header.regulation_date,
            bic: header.bic_code_pouring_bank,
            receiver: header.receiver.organization_id,
            total_payments: header.tot_payments,
            total_cents: cents(header.sum_payments)
                .ok_or_else(|| bad(format!("sumPayments {}", header.sum_payments)))?,
            payments: payments.into_iter().map(|(_, p)| p).collect(),
            source: Source::Rest,
            raw,
        };
        flow.check_totals()?;
        Ok(flow)
    }
}

/// A euro amount the API sends as a JSON number, in cents (rounded: `0.1 + 0.2` is 30 cents).
fn cents(euro: f64) -> Option<i64> {
    (euro.is_finite() && euro > 0.0 && euro < 1e12).then(|| (euro * 100.0).round() as i64)
}

/// An ISO-8601 instant in UTC (`2025-01-01T12:00:30.900000Z`).
fn instant(text: &str) -> Option<NaiveDateTime> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.naive_utc())
        .ok()
        .or_else(|| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").ok())
}

/// A transport error without the address's query (which could carry a key in other set-ups).
fn without_url(e: &reqwest::Error) -> String {
    let mut e = e.to_string();
    if let Some(i) = e.find(" for url (") {
        e.truncate(i);
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_and_instants_from_the_api() {
        assert_eq!(cents(0.1 + 0.2), Some(30));
        assert_eq!(cents(20.0), Some(2000));
        assert_eq!(cents(-1.0), None);
        assert_eq!(
            instant("2025-01-01T12:00:30.900000Z").unwrap().to_string(),
            "2025-01-01 12:00:30.900"
        );
        assert_eq!(
            instant("2025-01-01T13:00:00+01:00").unwrap().to_string(),
            "2025-01-01 12:00:00"
        );
    }
}
