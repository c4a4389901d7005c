//! HTTPS for `sportello serve`: the rustls configuration made from the configured PEM files, and a
//! listener that hands axum connections whose handshake is already done.
//!
//! Why an `axum::serve::Listener` rather than hyper-util directly: `axum::serve` already runs each
//! connection, its keep-alive and the graceful shutdown for the plain path; a listener is the seam it
//! offers for another transport, so HTTP and HTTPS are served by the same code. The handshake must not
//! run inside `accept`, which axum awaits one call at a time (a client that stalls its handshake would
//! hold every other connection back): a task accepts TCP connections and runs each handshake on a task
//! of its own, under a deadline, and `accept` takes the finished ones from a channel.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rustls::RootCertStore;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ServerConfig, WebPkiClientVerifier};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;

use crate::config::TlsFiles;
use crate::i18n::config as c;
use crate::i18n::{Lang, Localized, Pair};

/// A client that has not finished its handshake by then is dropped.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Finished handshakes waiting for axum to take them.
const READY_QUEUE: usize = 64;

/// A TLS file that cannot be used: its key (`server.tls_cert`), its path and why.
#[derive(Debug)]
pub struct TlsRefusal {
    pub key: &'static str,
    pub path: std::path::PathBuf,
    why: Pair,
}

impl Localized for TlsRefusal {
    fn localized(&self, lang: Lang) -> String {
        format!(
            "{}: {}: {}",
            self.key,
            self.path.display(),
            lang.pair(self.why.clone())
        )
    }
}

/// The server's TLS configuration from its files: the certificate chain and key, and, with a client
/// CA, a verifier that asks every client for a certificate signed by it but lets clients without one
/// finish the handshake (desks reach `/api/v1` with none; `station_access` keeps them out of
/// `/pagopa/`). A client presenting a certificate the CA did not sign fails the handshake.
pub fn server_config(files: &TlsFiles) -> Result<Arc<ServerConfig>, TlsRefusal> {
    // Two providers are compiled in (reqwest and lettre bring ring), so none is picked implicitly.
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let certs = certificates("server.tls_cert", &files.cert)?;
    let key_bytes = read("server.tls_key", &files.key)?;
    let key = PrivateKeyDer::from_pem_slice(&key_bytes)
        .map_err(|_| refusal("server.tls_key", &files.key, c::no_pem_private_key()))?;
    let builder = ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .expect("aws-lc-rs supports the default TLS versions");
    let builder = match &files.client_ca {
        None => builder.with_no_client_auth(),
        Some(ca) => {
            let unusable =
                |e: &dyn std::fmt::Display| refusal("server.client_ca", ca, c::unusable_ca(e));
            let mut roots = RootCertStore::empty();
            for cert in certificates("server.client_ca", ca)? {
                roots.add(cert).map_err(|e| unusable(&e))?;
            }
            let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
                .allow_unauthenticated()
                .build()
                .map_err(|e| unusable(&e))?;
            builder.with_client_cert_verifier(verifier)
        }
    };
    let mut config = builder
        .with_single_cert(certs, key)
        .map_err(|e| refusal("server.tls_key", &files.key, c::key_does_not_fit(&e)))?;
    // axum is built with HTTP/1 only: offering h2 would let a client pick what the server cannot speak.
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

fn refusal(key: &'static str, path: &Path, why: Pair) -> TlsRefusal {
    TlsRefusal {
        key,
        path: path.to_path_buf(),
        why,
    }
}

fn read(key: &'static str, path: &Path) -> Result<Vec<u8>, TlsRefusal> {
    std::fs::read(path).map_err(|e| refusal(key, path, c::unreadable_file(&e)))
}

/// Every certificate of a PEM file; at least one.
fn certificates(
    key: &'static str,
    path: &Path,
) -> Result<Vec<CertificateDer<'static>>, TlsRefusal> {
    let bytes = read(key, path)?;
    let certs = CertificateDer::pem_slice_iter(&bytes)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| refusal(key, path, c::no_pem_certificate()))?;
    if certs.is_empty() {
        return Err(refusal(key, path, c::no_pem_certificate()));
    }
    Ok(certs)
}

/// Connections over TLS, handshake done, for `axum::serve`.
pub struct TlsListener {
    local: SocketAddr,
    ready: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    acceptor: tokio::task::JoinHandle<()>,
}

impl TlsListener {
    pub fn new(tcp: TcpListener, config: Arc<ServerConfig>) -> std::io::Result<TlsListener> {
        let local = tcp.local_addr()?;
        let (tx, ready) = mpsc::channel(READY_QUEUE);
        let acceptor = tokio::spawn(accept_loop(tcp, TlsAcceptor::from(config), tx));
        Ok(TlsListener {
            local,
            ready,
            acceptor,
        })
    }
}

/// axum drops its listener when it shuts down: the port closes with it.
impl Drop for TlsListener {
    fn drop(&mut self) {
        self.acceptor.abort();
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(conn) => conn,
            // The accepting task is gone (the runtime is stopping): nothing will come again.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        Ok(self.local)
    }
}

async fn accept_loop(
    tcp: TcpListener,
    acceptor: TlsAcceptor,
    ready: mpsc::Sender<(TlsStream<TcpStream>, SocketAddr)>,
) {
    loop {
        let (stream, peer) = match tcp.accept().await {
            Ok(conn) => conn,
            Err(e) => {
                accept_failed(e).await;
                continue;
            }
        };
        let acceptor = acceptor.clone();
        let ready = ready.clone();
        tokio::spawn(async move {
            match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                Ok(Ok(tls)) => {
                    // An error here means the server is shutting down: the connection just closes.
                    let _ = ready.send((tls, peer)).await;
                }
                Ok(Err(e)) => tracing::info!("TLS handshake with {peer} failed: {e}"),
                Err(_) => tracing::info!("TLS handshake with {peer} timed out"),
            }
        });
    }
}

/// A connection that failed before it was accepted concerns that client alone; anything else (out of
/// file descriptors, say) would repeat at once, so the loop waits a moment before trying again.
async fn accept_failed(e: std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        e.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        return;
    }
    tracing::error!("accepting a connection failed: {e}");
    tokio::time::sleep(Duration::from_secs(1)).await;
}
