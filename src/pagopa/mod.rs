//! pagoPA: the comune's station for the Node (`paForNode`), and the XML and SOAP it speaks.

pub mod node;
pub mod schema;
pub mod soap;
pub mod station;
pub mod xml;

/// The station as configured (`[pagopa]`): the identifiers the Node addresses it by, the account the
/// money goes to, and whether a notice past its due date is still payable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StationSettings {
    pub id_pa: String,
    pub id_broker_pa: String,
    pub id_station: String,
    pub iban: String,
    pub payable_after_due: bool,
}

impl StationSettings {
    /// The defaults `[pagopa]` gives for the store's own ente: for a server started without a
    /// configuration (tests, benches).
    pub fn for_store(store: &crate::store::Store) -> StationSettings {
        let fiscal_code = store
            .read(|tx| crate::store::settings::ente(tx))
            .map(|e| e.fiscal_code)
            .unwrap_or_default();
        let defaults = crate::config::Settings::defaults().station;
        StationSettings {
            id_broker_pa: fiscal_code.clone(),
            id_station: format!("{fiscal_code}_01"),
            id_pa: fiscal_code,
            ..defaults
        }
    }
}
