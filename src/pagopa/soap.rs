//! SOAP 1.1 envelopes as the pagoPA Node and the stations exchange them (document/literal).

use super::xml::{self, Element, Writer, XmlError};

pub const ENVELOPE_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// The namespace of the station's request and response elements (`paForNode.xsd`). Their children are
/// unqualified: the schema sets no `elementFormDefault`.
pub const PA_FOR_NODE_NS: &str = "http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd";

/// Why an envelope could not be used; each maps to a pagoPA fault code in a SOAP fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SoapError {
    #[error(transparent)]
    Xml(#[from] XmlError),
    #[error("the root element is not a SOAP 1.1 Envelope")]
    NotAnEnvelope,
    #[error("the envelope has no Body")]
    NoBody,
    #[error("the Body must hold exactly one element")]
    BodyShape,
}

/// Reads an envelope and gives the one element inside its Body.
pub fn read_body(text: &str) -> Result<Element, SoapError> {
    let root = xml::parse(text)?;
    if root.name != "Envelope" || root.namespace.as_deref() != Some(ENVELOPE_NS) {
        return Err(SoapError::NotAnEnvelope);
    }
    let mut bodies = root
        .children
        .into_iter()
        .filter(|c| c.namespace.as_deref() == Some(ENVELOPE_NS) && c.name == "Body");
    let body = bodies.next().ok_or(SoapError::NoBody)?;
    if bodies.next().is_some() {
        return Err(SoapError::BodyShape);
    }
    let mut elements = body.children.into_iter();
    match (elements.next(), elements.next()) {
        (Some(only), None) => Ok(only),
        _ => Err(SoapError::BodyShape),
    }
}

/// An envelope around one `pafn:` element written by `content` (which writes its children).
pub fn envelope(element: &str, content: impl FnOnce(&mut Writer)) -> String {
    let mut w = Writer::new();
    w.open_with(
        "soapenv:Envelope",
        &[
            ("xmlns:soapenv", ENVELOPE_NS),
            ("xmlns:pafn", PA_FOR_NODE_NS),
        ],
    )
    .open("soapenv:Body")
    .open(&format!("pafn:{element}"));
    content(&mut w);
    format!(r#"<?xml version="1.0" encoding="UTF-8"?>{}"#, w.finish())
}

/// A SOAP 1.1 fault for a request that could not be read at all: `Client` (the sender's fault), with
/// the pagoPA fault code in the fault string and, as a fault bean, in the detail.
pub fn fault(fault_code: &str, description: &str) -> String {
    let mut w = Writer::new();
    w.open_with("soapenv:Envelope", &[("xmlns:soapenv", ENVELOPE_NS)])
        .open("soapenv:Body")
        .open("soapenv:Fault")
        .leaf("faultcode", "soapenv:Client")
        .leaf("faultstring", &format!("{fault_code}: {description}"))
        .open("detail")
        .open_with("fault", &[("xmlns", PA_FOR_NODE_NS)])
        .leaf("faultCode", fault_code)
        .leaf("faultString", description)
        .leaf("id", "sportello")
        .close()
        .close();
    format!(r#"<?xml version="1.0" encoding="UTF-8"?>{}"#, w.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_envelope_reads_back_as_its_body_element() {
        let text = envelope("paSendRTRes", |w| {
            w.leaf("outcome", "OK");
        });
        let body = read_body(&text).unwrap();
        assert_eq!(body.name, "paSendRTRes");
        assert_eq!(body.namespace.as_deref(), Some(PA_FOR_NODE_NS));
        assert_eq!(body.child_text("outcome"), Some("OK"));
    }

    #[test]
    fn refuses_what_is_not_one_element_in_a_soap_body() {
        assert_eq!(read_body("<a/>"), Err(SoapError::NotAnEnvelope));
        let soap12 = r#"<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><x/></e:Body></e:Envelope>"#;
        assert_eq!(read_body(soap12), Err(SoapError::NotAnEnvelope));
        let no_body = format!(r#"<e:Envelope xmlns:e="{ENVELOPE_NS}"><e:Header/></e:Envelope>"#);
        assert_eq!(read_body(&no_body), Err(SoapError::NoBody));
        let two = format!(
            r#"<e:Envelope xmlns:e="{ENVELOPE_NS}"><e:Body><x/><y/></e:Body></e:Envelope>"#
        );
        assert_eq!(read_body(&two), Err(SoapError::BodyShape));
    }

    #[test]
    fn a_fault_names_the_pagopa_code() {
        let text = fault("PAA_SINTASSI_XSD", "bad <xml>");
        let root = xml::parse(&text).unwrap();
        let fault = &root.children[0].children[0];
        assert_eq!(fault.name, "Fault");
        assert_eq!(fault.child_text("faultcode"), Some("soapenv:Client"));
        assert_eq!(
            fault.child_text("faultstring"),
            Some("PAA_SINTASSI_XSD: bad <xml>")
        );
        assert_eq!(
            fault.child("detail").unwrap().children[0].child_text("faultCode"),
            Some("PAA_SINTASSI_XSD")
        );
    }
}
