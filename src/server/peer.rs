//! Who is at the other end of a connection, as handlers and the station guard see it
//! (`ConnectInfo<Peer>`), on the plain and on the TLS listener alike.

use std::net::SocketAddr;

use axum::extract::connect_info::Connected;
use axum::serve::IncomingStream;
use tokio::net::TcpListener;

use super::tls::TlsListener;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Peer {
    pub addr: SocketAddr,
    /// The client presented a certificate that the configured client CA verified in the handshake.
    pub verified_client_cert: bool,
}

impl Connected<IncomingStream<'_, TcpListener>> for Peer {
    fn connect_info(stream: IncomingStream<'_, TcpListener>) -> Peer {
        Peer {
            addr: *stream.remote_addr(),
            verified_client_cert: false,
        }
    }
}

impl Connected<IncomingStream<'_, TlsListener>> for Peer {
    fn connect_info(stream: IncomingStream<'_, TlsListener>) -> Peer {
        // With a client CA, the verifier fails the handshake on a certificate it cannot verify, so a
        // certificate still there afterwards is a verified one; without one, none is asked for.
        Peer {
            addr: *stream.remote_addr(),
            verified_client_cert: stream.io().get_ref().1.peer_certificates().is_some(),
        }
    }
}
