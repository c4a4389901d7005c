//! The remote client's retries: a connection dropped before the answer is retried with the SAME
//! Idempotency-Key; a "same request in progress" conflict (409 + Retry-After) is waited out.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use sportello::backend::Backend;
use sportello::remote::RemoteBackend;

/// Reads one HTTP request; returns its Idempotency-Key.
fn read_request(stream: &mut std::net::TcpStream) -> Option<String> {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut key = None;
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("idempotency-key:") {
            key = Some(v.trim().to_string());
        }
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    key
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
