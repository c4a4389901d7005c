//! The OpenAPI 3 document of `/api/v1`, generated from the route list below (a test checks that every
//! listed route is served, and that `assets/openapi.json` is this document).

use serde_json::{Value, json};

/// Method, path, summary, request body type, response type.
pub const ROUTES: &[(&str, &str, &str, Option<&str>, &str)] = &[
    (
        "post",
        "/sessions",
        "Operator login: an expiring bearer token",
        Some("Login"),
        "Session",
    ),
    (
        "delete",
        "/sessions/current",
        "Logout: the token is revoked",
        None,
        "Empty",
    ),
    (
        "post",
        "/kiosk/identification",
        "Kiosk account: a parent identifies with their codice fiscale and a child's PAN; the token is then limited to that parent's children (wrong tries per kiosk and per code: the third in ten minutes makes the next wait a minute, doubling up to fifteen; 423 with retry_after and Retry-After)",
        Some("KioskIdentification"),
        "FamilyCard",
    ),
    (
        "delete",
        "/kiosk/identification",
        "Kiosk account: forget the identified parent",
        None,
        "Empty",
    ),
    (
        "post",
        "/kiosk/supervisor-check",
        "A supervisor's password, checked without opening a session (leaving kiosk mode)",
        Some("Login"),
        "Empty",
    ),
    (
        "get",
        "/kiosk/throttles",
        "Kiosk accounts with wrong tries still counted, and their wait (supervisor)",
        None,
        "KioskThrottle[]",
    ),
    (
        "delete",
        "/kiosk/throttles/{username}",
        "Forget a kiosk account's wrong tries (supervisor, audited)",
        None,
        "Empty",
    ),
    ("get", "/ente", "The ente printed on notices", None, "Ente"),
    ("get", "/services", "Services", None, "ServiceInfo[]"),
    ("get", "/schools", "Schools and classes", None, "School[]"),
    (
        "get",
        "/search",
        "Search by codice fiscale, surname prefix, name, PAN or notice number (?q=&limit=)",
        None,
        "SearchHit[]",
    ),
    (
        "get",
        "/families/{cf}",
        "Family card of any member (paying parent, child, second parent)",
        None,
        "FamilyCard",
    ),
    (
        "post",
        "/parents",
        "Register a parent",
        Some("NewParent"),
        "Credentials",
    ),
    (
        "patch",
        "/parents/{cf}",
        "Update a parent's contacts",
        Some("ParentPatch"),
        "ParentInfo",
    ),
    (
        "post",
        "/parents/{cf}/unlock",
        "Unlock a locked account (supervisor)",
        None,
        "ParentInfo",
    ),
    (
        "post",
        "/parents/{cf}/credentials",
        "New credentials, shown once",
        None,
        "Credentials",
    ),
    (
        "get",
        "/parents/{cf}/applications",
        "A parent's enrolment applications",
        None,
        "Application[]",
    ),
    (
        "post",
        "/portal/logins",
        "A parent's portal login attempt (lockout policy; desk staff only, 5 a minute per address)",
        Some("Login"),
        "LoginOutcome",
    ),
    (
        "get",
        "/operators",
        "Desk staff accounts and their login wait or lock (supervisor)",
        None,
        "StaffAccount[]",
    ),
    (
        "post",
        "/operators/{username}/unlock",
        "Lift a staff user's login wait or lock (supervisor, not one's own)",
        None,
        "StaffAccount",
    ),
    (
        "post",
        "/children/{cf}/second-parent",
        "Link the other parent read-only",
        Some("ParentLink"),
        "Empty",
    ),
    (
        "post",
        "/children/{cf}/paying-parent",
        "Change the paying parent (supervisor, reason)",
        Some("ParentLink"),
        "Empty",
    ),
    (
        "get",
        "/children/{cf}/attendance",
        "A month of attendance (?month=YYYY-MM&service=, default refezione)",
        None,
        "AttendanceMonth",
    ),
    (
        "post",
        "/children/{cf}/attendance/{day}/cancellation",
        "Cancel the booked meal of a day to come, or today's before the cut-off",
        Some("Cancellation"),
        "AttendanceDay",
    ),
    (
        "post",
        "/children/{cf}/attendance/{day}/correction",
        "Refund a charged day (supervisor, reason)",
        Some("Correction"),
        "AttendanceDay",
    ),
    (
        "get",
        "/children/{cf}/ledger",
        "Statement with running balance (?service=&year=)",
        None,
        "Statement",
    ),
    ("get", "/windows", "Enrolment windows", None, "Window[]"),
    (
        "post",
        "/applications",
        "Create a draft application",
        Some("ApplicationDraft"),
        "Application",
    ),
    (
        "get",
        "/applications/{id}",
        "An application",
        None,
        "Application",
    ),
    (
        "put",
        "/applications/{id}",
        "Update a draft",
        Some("ApplicationDraft"),
        "Application",
    ),
    (
        "post",
        "/applications/{id}/submit",
        "Send (outside the window: supervisor with late_reason)",
        Some("Submit"),
        "Application",
    ),
    (
        "post",
        "/applications/{id}/documents",
        "Attach a document (base64)",
        Some("Document"),
        "DocumentInfo",
    ),
    (
        "post",
        "/notices",
        "Create a top-up notice (one or more children of one payer)",
        Some("NewNotice"),
        "Notice",
    ),
    (
        "get",
        "/notices/{number}",
        "A notice and its state",
        None,
        "Notice",
    ),
    (
        "post",
        "/notices/{number}/cancel",
        "Cancel a pending notice (reason)",
        Some("Reason"),
        "Notice",
    ),
    (
        "post",
        "/notices/{number}/cash",
        "Record cash at the office (supervisor)",
        None,
        "ReceiptOutcome",
    ),
    (
        "post",
        "/receipts",
        "Record a pagoPA receipt a parent shows (supervisor; idempotent by receipt_id)",
        Some("NewReceipt"),
        "ReceiptOutcome",
    ),
    (
        "get",
        "/certificates/730",
        "Payment certificate for the tax return (?parent=&year=)",
        None,
        "Certificate730",
    ),
    (
        "get",
        "/debtors",
        "Families in debt on prepaid services, most first (supervisor; ?min_cents=)",
        None,
        "Debtor[]",
    ),
    ("get", "/openapi.json", "This document", None, "Empty"),
];

/// Query parameters (path, name, required, JSON type), as the handlers in `routes.rs` read them.
pub const QUERY: &[(&str, &str, bool, &str)] = &[
    ("/search", "q", true, "string"),
    ("/search", "limit", false, "integer"),
    ("/children/{cf}/attendance", "month", true, "string"),
    ("/children/{cf}/attendance", "service", false, "string"),
    ("/children/{cf}/ledger", "service", false, "string"),
    ("/children/{cf}/ledger", "year", false, "integer"),
    ("/certificates/730", "parent", true, "string"),
    ("/certificates/730", "year", true, "integer"),
    ("/debtors", "min_cents", false, "integer"),
];

/// Error statuses every client should expect, beyond the route's own.
const STATUSES: &[(&str, &str)] = &[
    (
        "400",
        "Malformed JSON, or a path or query value of the wrong type",
    ),
    ("401", "No token, or an expired or revoked one"),
    (
        "403",
        "The caller's role does not allow this route (supervisor actions; a kiosk token outside what the kiosk uses)",
    ),
    ("404", "No such record"),
    (
        "409",
        "Conflict with the current state (duplicate, already paid); with Retry-After: the same Idempotency-Key is still being served; or that key's change was made but its answer lost (check the result, do not resend)",
    ),
    ("413", "Body over the limit (64 KiB; 16 MiB for documents)"),
    (
        "422",
        "Invalid data (wrong types, unknown fields, a field that fails validation: see `field`), or an Idempotency-Key reused for a different request",
    ),
    (
        "423",
        "Account locked, a staff login that waits, or a kiosk's wait after wrong tries (retry_after in seconds, and Retry-After)",
    ),
    ("429", "Too many login attempts (Retry-After)"),
];

fn schema_ref(name: &str) -> Value {
    match name.strip_suffix("[]") {
        Some(item) => {
            json!({ "type": "array", "items": { "$ref": format!("#/components/schemas/{item}") } })
        }
        None => json!({ "$ref": format!("#/components/schemas/{name}") }),
    }
}

pub fn document() -> Value {
    let mut paths = serde_json::Map::new();
    let mut schemas = serde_json::Map::new();
    for (method, path, summary, request, response) in ROUTES {
        let mut op = json!({
            "summary": summary,
            "responses": {
                "2XX": { "description": "OK", "content": { "application/json": { "schema": schema_ref(response) } } },
                "default": { "description": "Problem (RFC 9457)", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } }
            }
        });
        let mut params: Vec<Value> = path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } }))
            .collect();
        params.extend(QUERY.iter().filter(|q| q.0 == *path).map(|(_, name, required, ty)| {
            json!({ "name": name, "in": "query", "required": required, "schema": { "type": ty } })
        }));
        if *method != "get" {
            params.push(json!({ "name": "Idempotency-Key", "in": "header", "required": false, "schema": { "type": "string" } }));
        }
        if !params.is_empty() {
            op["parameters"] = Value::Array(params);
        }
        for (status, _) in STATUSES {
            op["responses"][*status] =
                json!({ "$ref": format!("#/components/responses/Problem{status}") });
        }
        if let Some(req) = request {
            op["requestBody"] = json!({ "required": true, "content": { "application/json": { "schema": schema_ref(req) } } });
        }
        if *path != "/sessions" && *path != "/openapi.json" {
            op["security"] = json!([{ "bearer": [] }]);
        }
        for name in request.iter().copied().chain([*response]) {
            let base = name.trim_end_matches("[]").to_string();
            schemas
                .entry(base)
                .or_insert_with(|| json!({ "type": "object" }));
        }
        let entry = paths
            .entry(format!("/api/v1{path}"))
            .or_insert_with(|| json!({}));
        entry[*method] = op;
    }
    schemas.insert(
        "Problem".into(),
        json!({ "type": "object", "properties": {
            "type": { "type": "string" }, "title": { "type": "string" }, "status": { "type": "integer" },
            "detail": { "type": "string" }, "detail_it": { "type": "string" }, "detail_en": { "type": "string" },
            "field": { "type": "string" }, "retry_after": { "type": "integer" } } }),
    );
    let responses: serde_json::Map<String, Value> = STATUSES
        .iter()
        .map(|(status, description)| {
            (
                format!("Problem{status}"),
                json!({ "description": description, "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } }),
            )
        })
        .collect();
    json!({
        "openapi": "3.0.3",
        "info": { "title": "sportello central API", "version": env!("CARGO_PKG_VERSION") },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "responses": responses,
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } }
        }
    })
}
