//! pagoPA: the comune's station for the Node (`paForNode`), and the XML and SOAP it speaks.

pub mod fdr;
pub mod soap;
pub mod xml;
