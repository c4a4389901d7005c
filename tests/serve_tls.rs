//! `sportello serve` as the comune's pagoPA station: HTTPS with rustls, client certificates from the
//! configured CA required under `/pagopa/` (desks reach `/api/v1` with none), and `[pagopa]
//! allowed_from` applied on both the TLS and the plain path. Real servers on 127.0.0.1 with
//! certificates made here (rcgen), and the real binary configured from the environment.

#[path = "common/cli.rs"]
mod cli;
mod common;

use std::io::{BufRead, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};
use reqwest::blocking::{Client, Response};
use sportello::config::{AllowedFrom, TlsFiles};
use sportello::server::{ApiState, StationAccess, tls};
use sportello::store::Store;

const STATION: &str = "/pagopa/paForNode";

/// Certificates for one test, written as PEM files in a temporary directory: a CA, a server
/// certificate for 127.0.0.1 and localhost, a client certificate from that CA, and one from another CA.
struct Pki {
    dir: tempfile::TempDir,
    ca_pem: String,
}

fn new_ca(name: &str) -> CertifiedIssuer<'static, KeyPair> {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, name);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap()
}

/// A leaf signed by `issuer`: its certificate and key, in one PEM text (what `Identity::from_pem` reads).
fn leaf(
    issuer: &CertifiedIssuer<'static, KeyPair>,
    names: &[&str],
    usage: ExtendedKeyUsagePurpose,
) -> (String, String) {
    let key = KeyPair::generate().unwrap();
    let mut params =
        CertificateParams::new(names.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap();
    params.distinguished_name.push(DnType::CommonName, names[0]);
    params.extended_key_usages = vec![usage];
    let cert = params.signed_by(&key, &**issuer).unwrap();
    (cert.pem(), key.serialize_pem())
}

impl Pki {
    fn new() -> Pki {
        let dir = tempfile::tempdir().unwrap();
        let ca = new_ca("Nodo dei Pagamenti di prova");
        let (cert, key) = leaf(
            &ca,
            &["127.0.0.1", "localhost"],
            ExtendedKeyUsagePurpose::ServerAuth,
        );
        let (client, client_key) =
            leaf(&ca, &["nodo.example"], ExtendedKeyUsagePurpose::ClientAuth);
        let other = new_ca("Un'altra CA");
        let (stranger, stranger_key) = leaf(
            &other,
            &["intruso.example"],
            ExtendedKeyUsagePurpose::ClientAuth,
        );
        let write = |name: &str, text: String| std::fs::write(dir.path().join(name), text).unwrap();
        write("ca.pem", ca.pem());
        write("server.pem", cert);
        write("server.key", key);
        write("client.pem", client + &client_key);
        write("stranger.pem", stranger + &stranger_key);
        Pki {
            ca_pem: ca.pem(),
            dir,
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn files(&self, client_ca: bool) -> TlsFiles {
        TlsFiles {
            cert: self.path("server.pem"),
            key: self.path("server.key"),
            client_ca: client_ca.then(|| self.path("ca.pem")),
        }
    }

    /// A client trusting only the test CA, presenting the certificate in `identity` if given.
    fn client(&self, identity: Option<&str>) -> Client {
        let mut b = Client::builder()
            .tls_certs_only([reqwest::Certificate::from_pem(self.ca_pem.as_bytes()).unwrap()])
            .timeout(Duration::from_secs(10));
        if let Some(name) = identity {
            let pem = std::fs::read(self.path(name)).unwrap();
            b = b.identity(reqwest::Identity::from_pem(&pem).unwrap());
        }
        b.build().unwrap()
    }
}

fn ranges(entries: &[&str]) -> AllowedFrom {
    AllowedFrom::parse(&entries.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
}

fn state(db: &Path, access: StationAccess) -> Arc<ApiState> {
    let store = Arc::new(Store::open(db).unwrap());
    let identity = sportello::server::station_for(&store);
    ApiState::with_station(store, Default::default(), identity, access)
}

/// The Node asking the station about a notice (whether the store knows it does not matter here).
fn call_station(c: &Client, url: &str) -> reqwest::Result<Response> {
    c.post(format!("{url}{STATION}"))
        .header("content-type", "text/xml; charset=utf-8")
        .body(common::station::verify("302000000000000000"))
        .send()
}

/// A refusal of the guard: 403, a SOAP fault PAA_SYSTEM_ERROR, no internal detail.
fn assert_refused(r: Response) {
    assert_eq!(r.status(), 403);
    assert_eq!(r.headers()["content-type"], "text/xml; charset=utf-8");
    let body = r.text().unwrap();
    let fault = sportello::pagopa::soap::read_body(&body).unwrap();
    assert_eq!(fault.name, "Fault", "{body}");
    assert!(
        body.contains("<faultCode>PAA_SYSTEM_ERROR</faultCode>"),
        "{body}"
    );
    assert!(
        !body.contains("allowed_from") && !body.contains("127.0.0.1"),
        "{body}"
    );
}

/// The status of a GET that must get an answer.
fn status(c: &Client, url: &str, path: &str) -> u16 {
    c.get(format!("{url}{path}"))
        .send()
        .unwrap()
        .status()
        .as_u16()
}

/// Past the guard: the station itself answers the request.
fn assert_not_refused(r: Response) {
    let status = r.status();
    let body = r.text().unwrap();
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("paVerifyPaymentNoticeRes"), "{body}");
}

#[test]
fn desks_need_no_certificate_and_the_station_needs_one_from_the_ca() {
    let pki = Pki::new();
    let db = common::demo_store(pki.dir.path(), 3);
    let station = StationAccess {
        allowed_from: ranges(&["127.0.0.0/8"]),
        client_cert_required: true,
    };
    let config = tls::server_config(&pki.files(true)).unwrap();
    let s = common::Server::start_tls(state(&db, station), config);
    assert!(s.url.starts_with("https://127.0.0.1:"), "{}", s.url);

    // A desk: no certificate, the API answers over HTTPS, logging in included.
    let desk = pki.client(None);
    assert_eq!(status(&desk, &s.url, "/api/v1/openapi.json"), 200);
    assert_eq!(status(&desk, &s.url, "/healthz"), 200);
    common::api::login(&desk, &s.url, "operatore", "Operatore1");
    // HTTPS only: plain HTTP on the same port gets no answer.
    let plain = s.url.replacen("https://", "http://", 1);
    assert!(
        Client::new()
            .get(format!("{plain}/healthz"))
            .send()
            .is_err()
    );

    // The station: refused without a certificate, and with one the CA did not sign.
    assert_refused(call_station(&desk, &s.url).unwrap());
    match call_station(&pki.client(Some("stranger.pem")), &s.url) {
        Err(_) => {} // the handshake fails: the certificate is not the CA's
        Ok(r) => assert_refused(r),
    }
    // The Node's certificate passes the guard: the station answers.
    let node = pki.client(Some("client.pem"));
    assert_not_refused(call_station(&node, &s.url).unwrap());
    // ...and the same connection settings reach the API too.
    assert_eq!(status(&node, &s.url, "/healthz"), 200);
}

#[test]
fn an_address_outside_allowed_from_is_refused_with_or_without_tls() {
    let pki = Pki::new();
    let db = common::demo_store(pki.dir.path(), 3);
    let elsewhere = || StationAccess {
        allowed_from: ranges(&["10.0.0.0/8", "::1/128"]),
        client_cert_required: true,
    };
    let config = tls::server_config(&pki.files(true)).unwrap();
    let s = common::Server::start_tls(state(&db, elsewhere()), config);
    let node = pki.client(Some("client.pem"));
    // The right certificate from the wrong address: refused; the API is not affected.
    assert_refused(call_station(&node, &s.url).unwrap());
    assert_eq!(
        status(&pki.client(None), &s.url, "/api/v1/openapi.json"),
        200
    );
    drop(s);

    // Plain HTTP (a proxy in front terminates TLS): the allow-list still holds, no certificate asked.
    let behind_proxy = StationAccess {
        client_cert_required: false,
        ..elsewhere()
    };
    let s = common::Server::start_state(state(&db, behind_proxy));
    assert_refused(call_station(&Client::new(), &s.url).unwrap());
    assert_eq!(status(&Client::new(), &s.url, "/api/v1/openapi.json"), 200);
    drop(s);
    // The default allow-list is loopback: a local proxy passes the guard.
    let s = common::Server::start(&db);
    assert_not_refused(call_station(&Client::new(), &s.url).unwrap());
}

#[test]
fn a_stalled_handshake_holds_up_no_one_and_is_dropped() {
    let pki = Pki::new();
    let db = common::demo_store(pki.dir.path(), 3);
    let config = tls::server_config(&pki.files(false)).unwrap();
    let s = common::Server::start_tls(state(&db, StationAccess::default()), config);
    let addr = s.url.trim_start_matches("https://").to_string();
    // One client connects and says nothing; another sends the start of a TLS record and stops.
    let mut silent = TcpStream::connect(&addr).unwrap();
    let mut halfway = TcpStream::connect(&addr).unwrap();
    halfway
        .write_all(&[0x16, 0x03, 0x01, 0x02, 0x00, 0x01])
        .unwrap();
    let started = Instant::now();
    assert_eq!(status(&pki.client(None), &s.url, "/healthz"), 200);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    // Past the deadline the server hangs up on both.
    for stream in [&mut silent, &mut halfway] {
        stream
            .set_read_timeout(Some(tls::HANDSHAKE_TIMEOUT + Duration::from_secs(5)))
            .unwrap();
        let mut buf = [0u8; 64];
        match stream.read(&mut buf) {
            Ok(n) => assert_eq!(n, 0, "the server should close, not answer"),
            Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::ConnectionReset, "{e}"),
        }
    }
    assert!(started.elapsed() >= tls::HANDSHAKE_TIMEOUT - Duration::from_secs(1));
}

#[test]
fn the_binary_serves_https_configured_from_the_environment() {
    let pki = Pki::new();
    let dir = pki.dir.path();
    let db = common::demo_store(dir, 3);
    let port = common::smtp::free_port();
    let listen = format!("127.0.0.1:{port}");
    let serve = |vars: &[(&str, PathBuf)]| {
        let mut cmd = cli::command(&db, &["serve", "--listen", &listen]);
        cmd.env("HOME", dir).env("XDG_DATA_HOME", dir);
        for (k, v) in vars {
            cmd.env(k, v);
        }
        cmd
    };
    let tls_vars = [
        ("SPORTELLO_SERVER_TLS_CERT", pki.path("server.pem")),
        ("SPORTELLO_SERVER_TLS_KEY", pki.path("server.key")),
        ("SPORTELLO_SERVER_CLIENT_CA", pki.path("ca.pem")),
    ];
    let mut server = serve(&tls_vars)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut said = String::new();
    std::io::BufReader::new(server.stderr.take().unwrap())
        .read_line(&mut said)
        .unwrap();
    let url = format!("https://{listen}");
    let desk = pki.client(None);
    let start = Instant::now();
    let answered = loop {
        if let Ok(r) = desk.get(format!("{url}/api/v1/openapi.json")).send() {
            break r.status();
        }
        assert!(start.elapsed().as_secs() < 30, "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    };
    let station = call_station(&desk, &url).map(|r| r.status());
    let _ = server.kill();
    let _ = server.wait();
    assert!(said.contains(&format!("https://{listen}/api/v1")), "{said}");
    assert_eq!(answered, 200);
    assert_eq!(
        station.unwrap(),
        403,
        "the client CA came from the environment"
    );

    // Files that cannot be used stop the start with one line naming the key.
    let missing = [
        tls_vars[0].clone(),
        ("SPORTELLO_SERVER_TLS_KEY", dir.join("missing.key")),
    ];
    cli::refused(&serve(&missing).output().unwrap(), "server.tls_key");
    std::fs::write(dir.join("garbage.pem"), "not a certificate\n").unwrap();
    let garbage = [
        ("SPORTELLO_SERVER_TLS_CERT", dir.join("garbage.pem")),
        tls_vars[1].clone(),
    ];
    cli::refused(&serve(&garbage).output().unwrap(), "server.tls_cert");
    let wrong_key = [
        tls_vars[0].clone(),
        ("SPORTELLO_SERVER_TLS_KEY", pki.path("stranger.pem")),
    ];
    cli::refused(&serve(&wrong_key).output().unwrap(), "server.tls_key");
    let half = [tls_vars[0].clone()];
    cli::refused(&serve(&half).output().unwrap(), "server.tls_key");
    let o = serve(&[])
        .env("SPORTELLO_PAGOPA_ALLOWED_FROM", "10.0.0.0/33")
        .output()
        .unwrap();
    cli::refused(&o, "pagopa.allowed_from");
}
