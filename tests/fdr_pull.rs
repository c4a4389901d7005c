//! `sportello pagopa fdr pull` against a real HTTP server on 127.0.0.1 that answers as pagoPA's
//! `fdr_organization.json` describes: paged lists, the subscription key header checked.

#[path = "common/cli.rs"]
mod cli;
mod common;

use std::collections::HashMap;
use std::path::Path;
use std::process::Output;
use std::sync::{Arc, Mutex};

use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};
use sportello::backend::{Backend, Operator, Role};
use sportello::pagopa::fdr::rest::{FdrClient, RestError};
use sportello::store::{LocalBackend, Store};

const KEY: &str = "chiave-di-prova";
const ORG: &str = "80001234568";

/// One published revision of a flow.
#[derive(Clone)]
struct Published {
    fdr: String,
    psp: String,
    revision: i64,
    payments: Vec<(String, f64)>,
}

#[derive(Default)]
struct Node {
    flows: Vec<Published>,
    /// Every path asked for, in order.
    asked: Vec<String>,
}

type Shared = Arc<Mutex<Node>>;

fn page<T: Clone + serde::Serialize>(items: &[T], q: &HashMap<String, String>) -> Value {
    let size: usize = q.get("size").and_then(|s| s.parse().ok()).unwrap_or(1000);
    let number: usize = q.get("page").and_then(|s| s.parse().ok()).unwrap_or(1);
    let tot = items.len().div_ceil(size).max(1);
    let data: Vec<T> = items
        .iter()
        .skip((number - 1) * size)
        .take(size)
        .cloned()
        .collect();
    json!({"metadata": {"pageSize": size, "pageNumber": number, "totPage": tot}, "count": items.len(), "data": data})
}

/// Checks the key and the organisation, then logs the request as `what`: the node, or the refusal.
fn asked<'a>(
    s: &'a Shared,
    headers: &HeaderMap,
    org: &str,
    what: String,
) -> Result<std::sync::MutexGuard<'a, Node>, Box<Response>> {
    if let Some(refused) = checked(headers, org) {
        return Err(Box::new(refused));
    }
    let mut node = s.lock().unwrap();
    node.asked.push(what);
    Ok(node)
}

fn checked(headers: &HeaderMap, org: &str) -> Option<Response> {
    if headers
        .get("Ocp-Apim-Subscription-Key")
        .and_then(|v| v.to_str().ok())
        != Some(KEY)
    {
        return Some((StatusCode::UNAUTHORIZED, Json(json!({"statusCode": 401, "message": "Access denied due to invalid subscription key."}))).into_response());
    }
    (org != ORG).then(|| StatusCode::NOT_FOUND.into_response())
}

fn latest(node: &Node) -> Vec<Published> {
    let mut out: Vec<Published> = Vec::new();
    for f in &node.flows {
        match out.iter_mut().find(|o| o.fdr == f.fdr && o.psp == f.psp) {
            Some(o) if o.revision < f.revision => *o = f.clone(),
            Some(_) => {}
            None => out.push(f.clone()),
        }
    }
    out
}

async fn list(
    State(s): State<Shared>,
    UrlPath(org): UrlPath<String>,
    Query(q): Query<HashMap<String, String>>,
    h: HeaderMap,
) -> Response {
    let node = match asked(
        &s,
        &h,
        &org,
        format!("list page {}", q.get("page").cloned().unwrap_or_default()),
    ) {
        Ok(node) => node,
        Err(refused) => return *refused,
    };
    let items: Vec<Value> = latest(&node)
        .iter()
        .map(|f| json!({"fdr": f.fdr, "pspId": f.psp, "revision": f.revision, "published": format!("2026-11-1{}T08:00:00.5Z", f.revision), "flowDate": "2026-11-10T07:00:00Z"}))
        .collect();
    Json(page(&items, &q)).into_response()
}

fn find(node: &Node, fdr: &str, revision: i64, psp: &str) -> Option<Published> {
    node.flows
        .iter()
        .find(|f| f.fdr == fdr && f.revision == revision && f.psp == psp)
        .cloned()
}

async fn header(
    State(s): State<Shared>,
    UrlPath((org, fdr, revision, psp)): UrlPath<(String, String, i64, String)>,
    h: HeaderMap,
) -> Response {
    let node = match asked(&s, &h, &org, format!("header {fdr} {revision}")) {
        Ok(node) => node,
        Err(refused) => return *refused,
    };
    let Some(f) = find(&node, &fdr, revision, &psp) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let sum: f64 = f.payments.iter().map(|p| p.1).sum();
    Json(json!({
        "status": "PUBLISHED", "revision": f.revision, "fdr": f.fdr,
        "created": "2026-11-10T07:00:00Z", "updated": "2026-11-10T07:00:00Z",
        "fdrDate": format!("2026-11-10T07:0{}:00Z", f.revision),
        "regulation": "SEPA - Bonifico 1", "regulationDate": "2026-11-10",
        "sender": {"type": "LEGAL_PERSON", "id": "SELBIT2B", "pspId": f.psp, "pspName": "Banca Fittizia", "pspBrokerId": "INT1", "channelId": "CH1"},
        "receiver": {"id": "APPBIT2B", "organizationId": ORG, "organizationName": "Comune di Prova"},
        "published": format!("2026-11-1{}T08:00:00.5Z", f.revision),
        "computedTotPayments": f.payments.len(), "computedSumPayments": sum,
        "totPayments": f.payments.len(), "sumPayments": sum
    }))
    .into_response()
}

async fn payments(
    State(s): State<Shared>,
    UrlPath((org, fdr, revision, psp)): UrlPath<(String, String, i64, String)>,
    Query(q): Query<HashMap<String, String>>,
    h: HeaderMap,
) -> Response {
    let node = match asked(
        &s,
        &h,
        &org,
        format!(
            "payments {fdr} {revision} page {}",
            q.get("page").cloned().unwrap_or_default()
        ),
    ) {
        Ok(node) => node,
        Err(refused) => return *refused,
    };
    let Some(f) = find(&node, &fdr, revision, &psp) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let items: Vec<Value> = f
        .payments
        .iter()
        .enumerate()
        .map(|(i, (iuv, pay))| json!({"index": i + 1, "iuv": iuv, "iur": format!("IUR{i}"), "idTransfer": 1, "pay": pay, "payStatus": if i == 0 { "STAND_IN" } else { "EXECUTED" }, "payDate": "2026-11-09T10:00:00Z"}))
        .collect();
    Json(page(&items, &q)).into_response()
}

struct Pagopa {
    url: String,
    node: Shared,
    _thread: std::thread::JoinHandle<()>,
}

fn pagopa(flows: Vec<Published>) -> Pagopa {
    let node: Shared = Arc::new(Mutex::new(Node {
        flows,
        asked: Vec::new(),
    }));
    let base = "/fdr-org/service/v1/organizations/{org}/fdrs";
    let app = Router::new()
        .route(base, get(list))
        .route(
            &format!("{base}/{{fdr}}/revisions/{{revision}}/psps/{{psp}}"),
            get(header),
        )
        .route(
            &format!("{base}/{{fdr}}/revisions/{{revision}}/psps/{{psp}}/payments"),
            get(payments),
        )
        .with_state(node.clone());
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    let thread = std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                axum::serve(listener, app).await.unwrap();
            })
    });
    Pagopa {
        url: format!("http://{addr}/fdr-org/service/v1"),
        node,
        _thread: thread,
    }
}

fn flows() -> Vec<Published> {
    let pay = |n: usize| {
        (0..n)
            .map(|i| (format!("0201000000000{i:04}"), 10.1 + i as f64))
            .collect()
    };
    vec![
        Published {
            fdr: "2026-11-10ABI03069-0001".into(),
            psp: "ABI03069".into(),
            revision: 1,
            payments: pay(5),
        },
        Published {
            fdr: "2026-11-10ABI05034-0001".into(),
            psp: "ABI05034".into(),
            revision: 1,
            payments: pay(1),
        },
        Published {
            fdr: "2026-11-10ABI01030-0009".into(),
            psp: "ABI01030".into(),
            revision: 1,
            payments: pay(2),
        },
    ]
}

fn store(dir: &Path) -> (std::path::PathBuf, LocalBackend) {
    let db = common::demo_store(dir, 2);
    let op = Operator {
        username: "supervisore".into(),
        full_name: "S".into(),
        role: Role::Supervisor,
        kiosk_parent: None,
    };
    let backend = LocalBackend::acting_as(Arc::new(Store::open(&db).unwrap()), op);
    (db, backend)
}

fn pull(client: &FdrClient, backend: &LocalBackend) -> (usize, usize) {
    let known = backend.fdr_known().unwrap();
    client
        .pull(&known, |flow| {
            backend
                .fdr_import(&flow)
                .map(drop)
                .map_err(|e| panic!("{e:?}"))
        })
        .map_err(|e: RestError| e)
        .unwrap()
}

#[test]
fn pull_pages_through_fetches_each_revision_once_and_then_nothing() {
    let node = pagopa(flows());
    let dir = tempfile::tempdir().unwrap();
    let (db, backend) = store(dir.path());
    let client = FdrClient::new(&node.url, KEY, ORG).page_size(2);

    assert_eq!(pull(&client, &backend), (3, 0));
    let asked = node.node.lock().unwrap().asked.clone();
    assert!(asked.contains(&"list page 2".to_string()), "{asked:?}");
    for p in 1..=3 {
        assert!(
            asked.contains(&format!("payments 2026-11-10ABI03069-0001 1 page {p}")),
            "{asked:?}"
        );
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    let n = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(n("SELECT count(*) FROM fdr_payments"), 8);
    assert_eq!(n("SELECT count(*) FROM fdr_fetches"), 3);
    assert_eq!(
        n(
            "SELECT amount_cents FROM fdr_payments WHERE iur = 'IUR4' AND flow = (SELECT id FROM fdr_flows WHERE psp = 'ABI03069')"
        ),
        1410
    );
    assert_eq!(
        n(
            "SELECT outcome FROM fdr_payments WHERE iur = 'IUR0' AND flow = (SELECT id FROM fdr_flows WHERE psp = 'ABI05034')"
        ),
        4
    );

    // A second pull fetches nothing new.
    node.node.lock().unwrap().asked.clear();
    assert_eq!(pull(&client, &backend), (0, 3));
    let asked = node.node.lock().unwrap().asked.clone();
    assert!(asked.iter().all(|a| a.starts_with("list")), "{asked:?}");

    // The PSP publishes a revision: only it is fetched, and it replaces the first.
    {
        let mut n = node.node.lock().unwrap();
        let mut r2 = n.flows[1].clone();
        r2.revision = 2;
        r2.payments.push(("02010000000009999".into(), 7.0));
        n.flows.push(r2);
        n.asked.clear();
    }
    assert_eq!(pull(&client, &backend), (1, 2));
    let asked = node.node.lock().unwrap().asked.clone();
    assert!(
        asked.contains(&"header 2026-11-10ABI05034-0001 2".to_string()),
        "{asked:?}"
    );
    assert_eq!(
        asked.iter().filter(|a| a.starts_with("header")).count(),
        1,
        "{asked:?}"
    );
    assert_eq!(
        n("SELECT revision FROM fdr_flows WHERE psp = 'ABI05034'"),
        2
    );
    assert_eq!(n("SELECT count(*) FROM fdr_flows"), 3);
    assert_eq!(n("SELECT count(*) FROM fdr_payments"), 9);
    assert_eq!(pull(&client, &backend), (0, 3));
}

fn sportello(db: &Path, url: &str, key: &str) -> Output {
    cli::command(db, &["pagopa", "fdr", "pull"])
        .env("SPORTELLO_PAGOPA_FDR_URL", url)
        .env("SPORTELLO_PAGOPA_SUBSCRIPTION_KEY", key)
        .output()
        .unwrap()
}

#[test]
fn the_command_pulls_once_and_a_wrong_key_is_one_clear_line() {
    let node = pagopa(flows());
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = store(dir.path());

    let o = sportello(&db, &node.url, "sbagliata");
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("pagoPA ha rifiutato la chiave di sottoscrizione (HTTP 401)"),
        "{err}"
    );
    assert!(
        !err.contains("sbagliata"),
        "the key is never printed: {err}"
    );

    let o = sportello(&db, &node.url, KEY);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter(|l| l.contains("\timported\t"))
            .count(),
        3
    );
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("3 flussi o revisioni nuovi scaricati, 0 già presenti.")
    );
    let o = sportello(&db, &node.url, KEY);
    assert!(o.status.success());
    assert_eq!(String::from_utf8_lossy(&o.stdout), "");
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("0 flussi o revisioni nuovi scaricati, 3 già presenti.")
    );
}
