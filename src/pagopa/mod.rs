//! pagoPA: the comune's station for the Node (`paForNode`), and the XML and SOAP it speaks.

pub mod fdr;
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
