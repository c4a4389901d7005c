//! A real SMTP server on 127.0.0.1 for the e-mail tests, and reading what it received.

/// A message as received: its recipients and its raw text.
pub type Received = (Vec<String>, String);

/// A real SMTP server on 127.0.0.1 (mailin): every message received, with its recipients.
#[derive(Clone, Default)]
pub struct Inbox {
    pub received: std::sync::Arc<std::sync::Mutex<Vec<Received>>>,
    to: Vec<String>,
    data: Vec<u8>,
}

impl mailin_embedded::Handler for Inbox {
    fn data_start(
        &mut self,
        _: &str,
        _: &str,
        _: bool,
        to: &[String],
    ) -> mailin_embedded::Response {
        self.to = to.to_vec();
        self.data.clear();
        mailin_embedded::response::OK
    }
    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }
    fn data_end(&mut self) -> mailin_embedded::Response {
        let message = String::from_utf8_lossy(&self.data).to_string();
        self.received
            .lock()
            .unwrap()
            .push((self.to.clone(), message));
        mailin_embedded::response::OK
    }
}

pub fn smtp_server(port: u16) -> Inbox {
    let inbox = Inbox::default();
    let mut server = mailin_embedded::Server::new(inbox.clone());
    server
        .with_name("smtp.test")
        .with_ssl(mailin_embedded::SslConfig::None)
        .unwrap()
        .with_tcp_listener(std::net::TcpListener::bind(("127.0.0.1", port)).unwrap());
    std::thread::spawn(move || {
        let _ = server.serve();
    });
    inbox
}

/// The decoded attachment named `filename` in a MIME message (a long name comes as RFC 2231
/// `filename*0=`).
pub fn attachment(message: &str, filename: &str) -> Vec<u8> {
    use base64::Engine;
    let start = [
        format!("filename=\"{filename}\""),
        format!("filename*0=\"{filename}\""),
    ]
    .iter()
    .find_map(|header| message.find(header.as_str()))
    .unwrap_or_else(|| panic!("no {filename} in:\n{}", &message[..message.len().min(2000)]));
    let part_start = message[..start].rfind("\r\n--").unwrap_or(0);
    let headers_end = start + message[start..].find("\r\n\r\n").unwrap();
    let headers = message[part_start..headers_end].to_ascii_lowercase();
    let body_start = headers_end + 4;
    let body_end = body_start + message[body_start..].find("\r\n--").unwrap();
    let body = &message[body_start..body_end];
    if headers.contains("content-transfer-encoding: base64") {
        let b64: String = body.split_whitespace().collect();
        base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap()
    } else if headers.contains("content-transfer-encoding: quoted-printable") {
        quoted_printable(body)
    } else {
        body.as_bytes().to_vec()
    }
}

/// Decodes quoted-printable text (RFC 2045): `=XX` bytes and `=` soft line breaks.
fn quoted_printable(s: &str) -> Vec<u8> {
    let s = s.replace("=\r\n", "");
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 3 <= bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
