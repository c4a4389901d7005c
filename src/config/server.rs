//! Who may reach the pagoPA station of `sportello serve`: the TLS files of `[server]` (certificate, key,
//! the CA whose client certificates open `/pagopa/`) and `[pagopa] allowed_from` (the section's other
//! keys, the station's identity, are `settings::station`'s). Only the values are
//! checked here; the files are read when `serve` starts (`server::tls`), so a desk sharing the
//! configuration file never needs them.

use std::net::IpAddr;
use std::path::PathBuf;

use ipnet::IpNet;
use serde::{Deserialize, Serialize};

use crate::i18n::Pair;
use crate::i18n::config as c;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerConfig {
    /// PEM certificate chain; with `tls_key`, `serve` speaks HTTPS only.
    pub tls_cert: String,
    pub tls_key: String,
    /// PEM bundle of the CA(s) whose client certificates may call `/pagopa/`.
    pub client_ca: String,
}

/// The files `serve` terminates TLS with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
    /// Set: the handshake asks for a client certificate signed by this CA, and `/pagopa/` requires one.
    pub client_ca: Option<PathBuf>,
}

/// `[server]`: TLS when both certificate and key are given; a client CA only with them (without TLS
/// here it could verify nothing, and silently ignoring it would leave the station open).
pub fn tls_files(raw: &ServerConfig) -> Result<Option<TlsFiles>, (&'static str, Pair)> {
    let path = |s: &str| Some(s.trim()).filter(|s| !s.is_empty()).map(PathBuf::from);
    let client_ca = path(&raw.client_ca);
    match (path(&raw.tls_cert), path(&raw.tls_key)) {
        (Some(cert), Some(key)) => Ok(Some(TlsFiles {
            cert,
            key,
            client_ca,
        })),
        (Some(_), None) => Err(("server.tls_key", c::together_with("server.tls_cert"))),
        (None, Some(_)) => Err(("server.tls_cert", c::together_with("server.tls_key"))),
        (None, None) if client_ca.is_some() => Err(("server.client_ca", c::only_with_tls())),
        (None, None) => Ok(None),
    }
}

/// The address ranges that may call the station (`[pagopa] allowed_from`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedFrom(Vec<IpNet>);

impl AllowedFrom {
    pub const KEY: &str = "pagopa.allowed_from";

    /// Ranges as `10.0.0.0/8` or `::1/128`, or single addresses; blank entries (a trailing `;` in
    /// the environment variable) are skipped. An empty list lets nobody in.
    pub fn parse(entries: &[String]) -> Result<AllowedFrom, Pair> {
        entries
            .iter()
            .map(|e| e.trim())
            .filter(|e| !e.is_empty())
            .map(|e| {
                e.parse::<IpNet>()
                    .or_else(|_| e.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| c::not_an_address_range(e))
            })
            .collect::<Result<_, _>>()
            .map(AllowedFrom)
    }

    /// Whether `ip` is in one of the ranges. A peer that reaches an IPv6 socket from IPv4
    /// (`::ffff:127.0.0.1`) is compared as the IPv4 address it is.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranges(entries: &[&str]) -> Result<AllowedFrom, Pair> {
        AllowedFrom::parse(&entries.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn ranges_and_single_addresses_parse() {
        let a = ranges(&["10.1.0.0/16", " 192.168.5.7 ", "2001:db8::/32", ""]).unwrap();
        assert!(a.contains(ip("10.1.200.3")));
        assert!(!a.contains(ip("10.2.0.1")));
        assert!(a.contains(ip("192.168.5.7")));
        assert!(!a.contains(ip("192.168.5.8")));
        assert!(a.contains(ip("2001:db8::42")));
        assert!(!a.contains(ip("2001:db9::1")));
    }

    #[test]
    fn a_bad_range_is_refused_naming_it() {
        for bad in ["10.0.0.0/33", "localhost", "10.0.0/8", "::1/129", "*"] {
            let (it, en) = ranges(&["127.0.0.0/8", bad]).unwrap_err();
            assert!(en.contains(bad) && it.contains(bad), "{bad}: {en}");
        }
    }

    #[test]
    fn an_ipv4_mapped_peer_compares_as_ipv4() {
        let v4 = ranges(&["127.0.0.0/8"]).unwrap();
        assert!(v4.contains(ip("::ffff:127.0.0.1")));
        assert!(!v4.contains(ip("::ffff:10.0.0.1")));
        // ...and only as IPv4: the mapped form does not sneak into an IPv6 range that holds it.
        let v6 = ranges(&["::ffff:0:0/96"]).unwrap();
        assert!(!v6.contains(ip("::ffff:10.0.0.1")));
        assert!(!v4.contains(ip("::1")));
    }

    #[test]
    fn an_empty_list_lets_nobody_in() {
        let none = ranges(&[]).unwrap();
        assert!(!none.contains(ip("127.0.0.1")));
    }

    #[test]
    fn tls_needs_both_files_and_a_client_ca_needs_tls() {
        let raw = |cert: &str, key: &str, ca: &str| ServerConfig {
            tls_cert: cert.into(),
            tls_key: key.into(),
            client_ca: ca.into(),
        };
        assert_eq!(tls_files(&raw("", " ", "")).unwrap(), None);
        let t = tls_files(&raw("c.pem", "k.pem", "ca.pem"))
            .unwrap()
            .unwrap();
        assert_eq!(t.client_ca, Some(PathBuf::from("ca.pem")));
        assert_eq!(
            tls_files(&raw("c.pem", "", "")).unwrap_err().0,
            "server.tls_key"
        );
        assert_eq!(
            tls_files(&raw("", "k.pem", "")).unwrap_err().0,
            "server.tls_cert"
        );
        assert_eq!(
            tls_files(&raw("", "", "ca.pem")).unwrap_err().0,
            "server.client_ca"
        );
    }
}
