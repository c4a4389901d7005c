//! pagoPA: the comune's station for the Node (`paForNode`), and the XML and SOAP it speaks.

pub mod amount;
pub mod italian_time;
pub mod node;
pub mod soap;
pub mod xml;
