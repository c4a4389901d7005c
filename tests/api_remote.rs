//! The remote client's retries: a connection dropped before the answer is retried with the SAME
//! Idempotency-Key; a "same request in progress" conflict (409 + Retry-After) is waited out; and a
//! change pressed again after "unreachable" carries its first key, so it is answered, not made twice.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use sportello::backend::{Allocation, Backend, ErrorKind, NewNotice};
use sportello::remote::RemoteBackend;

/// Reads one HTTP request; returns its Idempotency-Key.
fn read_request(stream: &mut TcpStream) -> Option<String> {
    let (head, _) = read_whole_request(stream)?;
    head.iter().find_map(|line| {
        let lower = line.to_ascii_lowercase();
        lower
            .strip_prefix("idempotency-key:")
            .map(|v| v.trim().to_string())
    })
}

/// A fake server: answers each connection with the next script line (`None` = drop the connection).
fn fake(script: Vec<Option<&'static str>>) -> (String, Arc<Mutex<Vec<Option<String>>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let keys = Arc::new(Mutex::new(Vec::new()));
    let seen = keys.clone();
    std::thread::spawn(move || {
        for answer in script {
            let (mut stream, _) = listener.accept().unwrap();
            seen.lock().unwrap().push(read_request(&mut stream));
            if let Some(a) = answer {
                stream.write_all(a.as_bytes()).unwrap();
            }
            // Dropped here: without an answer the client sees the connection closed.
        }
    });
    (url, keys)
}

const OK: &str = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}";
const BUSY: &str = "HTTP/1.1 409 Conflict\r\ncontent-type: application/problem+json\r\nretry-after: 1\r\ncontent-length: 148\r\nconnection: close\r\n\r\n{\"type\":\"https://sportello.example/problems/conflict\",\"title\":\"Conflict\",\"status\":409,\"detail\":\"x\",\"detail_it\":\"in corso\",\"detail_en\":\"in progress\"}";

#[test]
fn a_dropped_connection_is_retried_with_the_same_key() {
    let (url, keys) = fake(vec![None, Some(OK)]);
    let b = RemoteBackend::new(&url).unwrap();
    b.logout().unwrap();
    let keys = keys.lock().unwrap();
    assert_eq!(keys.len(), 2, "{keys:?}");
    assert!(keys[0].is_some());
    assert_eq!(
        keys[0], keys[1],
        "the retry carries the same Idempotency-Key"
    );
}

#[test]
fn a_request_in_progress_is_waited_out_with_the_same_key() {
    let (url, keys) = fake(vec![Some(BUSY), Some(OK)]);
    let b = RemoteBackend::new(&url).unwrap();
    b.logout().unwrap();
    let keys = keys.lock().unwrap();
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[0], keys[1]);
}

#[test]
fn every_change_gets_its_own_key() {
    let (url, keys) = fake(vec![Some(OK), Some(OK)]);
    let b = RemoteBackend::new(&url).unwrap();
    b.logout().unwrap();
    b.logout().unwrap();
    let keys = keys.lock().unwrap();
    assert_ne!(keys[0], keys[1]);
}

/// Reads one request whole: its head (header lines) and its body.
fn read_whole_request(stream: &TcpStream) -> Option<(Vec<String>, Vec<u8>)> {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut head = Vec::new();
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end().to_string();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
        head.push(line);
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some((head, body))
}

/// A proxy in front of a real server. Every request reaches the server and is carried out; the
/// answers to the first `lose` notice creations are dropped on the way back (the connection closed
/// instead), as a link that fails after the server did the work. Counts the notice requests passed.
fn lossy_proxy(upstream: &str, lose: usize) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let upstream = upstream.trim_start_matches("http://").to_string();
    let notices = Arc::new(AtomicUsize::new(0));
    let seen = notices.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut client) = stream else { break };
            let Some((head, body)) = read_whole_request(&client) else {
                continue;
            };
            let creates = head[0].starts_with("POST /api/v1/notices ");
            let nth = if creates {
                seen.fetch_add(1, Ordering::SeqCst)
            } else {
                usize::MAX
            };
            // One request per connection: the server closes after its answer, read to the end.
            let mut server = TcpStream::connect(&upstream).unwrap();
            for line in head
                .iter()
                .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
            {
                write!(server, "{line}\r\n").unwrap();
            }
            write!(server, "connection: close\r\n\r\n").unwrap();
            server.write_all(&body).unwrap();
            let mut answer = Vec::new();
            server.read_to_end(&mut answer).unwrap();
            if nth >= lose {
                client.write_all(&answer).unwrap();
            }
        }
    });
    (url, notices)
}

/// A demo store served behind a proxy that loses the first three notice answers, an operator logged
/// in through it, and the request for a top-up of one child.
fn behind_a_lossy_link() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    common::Server,
    RemoteBackend,
    Arc<AtomicUsize>,
    NewNotice,
) {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_store(dir.path(), 5);
    let server = common::Server::start(&db);
    let (url, passed) = lossy_proxy(&server.url, 3);
    let b = RemoteBackend::new(&url).unwrap();
    b.login("operatore", "Operatore1").unwrap();
    let pan = &common::demo_pans(&db)[0];
    let child = b.search(pan, 1).unwrap()[0].key.clone();
    let topup = NewNotice {
        allocations: vec![Allocation {
            child_cf: child.parse().unwrap(),
            child_name: String::new(),
            service: "refezione".into(),
            amount_cents: 2500.try_into().unwrap(),
        }],
        due_date: None,
    };
    (dir, db, server, b, passed, topup)
}

/// The server made the notice but its answer was lost three times: the desk says the central API is
/// unreachable. The operator presses again: the same notice comes back, and the store holds one.
#[test]
fn a_change_pressed_again_after_lost_answers_is_made_once() {
    let (_dir, db, _server, b, passed, topup) = behind_a_lossy_link();
    let before = common::api::count(&db, "notices");
    let lost = b.create_notice(&topup).unwrap_err();
    assert_eq!(lost.kind, ErrorKind::Unavailable, "{lost:?}");
    assert_eq!(
        passed.load(Ordering::SeqCst),
        3,
        "three tries reached the server"
    );
    assert_eq!(
        common::api::count(&db, "notices"),
        before + 1,
        "the first try was made"
    );
    let pressed_again = b.create_notice(&topup).unwrap();
    assert_eq!(common::api::count(&db, "notices"), before + 1, "made once");
    let number: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT number FROM notices ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(pressed_again.number.to_string(), number, "the first notice");
    // Answered now: the same top-up asked again is a second notice, one the parent wants.
    let second = b.create_notice(&topup).unwrap();
    assert_ne!(second.number, pressed_again.number);
    assert_eq!(common::api::count(&db, "notices"), before + 2);
}
