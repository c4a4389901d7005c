//! The OpenAPI 3 document of `/api/v1`, walked from the contract (`crate::api`): every parameter,
//! body and answer schema is derived from the endpoint's Rust types with `schemars`, and each
//! endpoint lists the problem statuses it can answer. `assets/openapi.json` is this document (a test
//! compares them).

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{Map, Value, json};

use super::problem::{CONTENT_TYPE as PROBLEM, Problem};
use crate::api::{self, Info, Method, Rights};

/// What each error status means, for every endpoint that declares it.
const STATUSES: &[(u16, &str)] = &[
    (
        400,
        "Malformed JSON, or a path or query value of the wrong type",
    ),
    (401, "No token, or an expired or revoked one"),
    (
        403,
        "The caller's role does not allow this route (supervisor actions; a kiosk token outside what the kiosk uses)",
    ),
    (404, "No such record"),
    (
        409,
        "Conflict with the current state (duplicate, already paid); with Retry-After: the same Idempotency-Key is still being served; or that key's change was made but its answer lost (check the result, do not resend)",
    ),
    (413, "Body over the limit (64 KiB; 16 MiB for documents)"),
    (
        422,
        "Invalid data (wrong types, unknown fields, a field that fails validation: see `field`), or an Idempotency-Key reused for a different request",
    ),
    (
        423,
        "Account locked, a staff login that waits, or a kiosk's wait after wrong tries (retry_after in seconds, and Retry-After)",
    ),
    (429, "Too many login attempts (Retry-After)"),
    (
        503,
        "The store cannot take changes now (disk full); try again later",
    ),
];

/// Statuses that come with a `Retry-After` header.
const RETRY_AFTER: &[u16] = &[409, 423, 429];

fn generator() -> SchemaGenerator {
    SchemaSettings::openapi3().into_generator()
}

/// A schema the generator gave inline, finished as its definitions are (OpenAPI 3.0 dialect).
fn finish(g: &mut SchemaGenerator, mut schema: Schema) -> Value {
    for t in g.transforms_mut() {
        t.transform(&mut schema);
    }
    schema.to_value()
}

/// Parameters from a path or query type's object schema: one per property.
fn parameters(g: &mut SchemaGenerator, place: &str, schema: Option<Schema>) -> Vec<Value> {
    let Some(schema) = schema else {
        return Vec::new();
    };
    let value = finish(g, schema);
    let required: Vec<&str> = value["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let Some(properties) = value["properties"].as_object() else {
        return Vec::new();
    };
    properties
        .iter()
        .map(|(name, schema)| {
            let mut schema = schema.clone();
            // A parameter left out is how a query says "none"; it is never sent as null.
            let description = schema
                .as_object_mut()
                .and_then(|o| {
                    o.remove("nullable");
                    o.remove("description")
                })
                .unwrap_or(Value::Null);
            let mut p = json!({
                "name": name,
                "in": place,
                "required": place == "path" || required.contains(&name.as_str()),
                "schema": schema,
            });
            if !description.is_null() {
                p["description"] = description;
            }
            p
        })
        .collect()
}

fn operation(g: &mut SchemaGenerator, info: &Info) -> Value {
    let s = (info.schemas)(g);
    let mut params = parameters(g, "path", s.path);
    params.extend(parameters(g, "query", s.query));
    if info.method != Method::Get {
        params.push(
            json!({ "name": "Idempotency-Key", "in": "header", "required": false,
            "description": "The same key again gets the first answer and changes nothing",
            "schema": { "type": "string", "minLength": 1, "maxLength": 200 } }),
        );
    }
    let response = finish(g, s.response);
    let mut op = json!({
        "operationId": info.name,
        "summary": info.summary,
        "description": format!("Callers: {}.", info.rights.describe()),
        "x-rights": info.rights.name(),
        "responses": {
            info.ok.to_string(): { "description": "OK", "content": { "application/json": { "schema": response } } },
        }
    });
    if !params.is_empty() {
        op["parameters"] = Value::Array(params);
    }
    for status in &info.statuses {
        op["responses"][status.to_string()] =
            json!({ "$ref": format!("#/components/responses/Problem{status}") });
    }
    if let Some(body) = s.body {
        let body = finish(g, body);
        op["requestBody"] =
            json!({ "required": true, "content": { "application/json": { "schema": body } } });
    }
    if info.rights != Rights::Public {
        op["security"] = json!([{ "bearer": [] }]);
    }
    op
}

fn problem_response(status: u16, description: &str) -> Value {
    let mut r = json!({ "description": description,
        "content": { PROBLEM: { "schema": { "$ref": "#/components/schemas/Problem" } } } });
    if RETRY_AFTER.contains(&status) {
        r["headers"] = json!({ "Retry-After": {
            "description": "Seconds to wait before trying again",
            "schema": { "type": "integer", "minimum": 0 } } });
    }
    r
}

pub fn document() -> Value {
    let mut g = generator();
    let mut paths = Map::new();
    for info in api::catalogue() {
        let op = operation(&mut g, info);
        let entry = paths
            .entry(format!("{}{}", api::PREFIX, info.path))
            .or_insert_with(|| json!({}));
        entry[info.method.as_str().to_lowercase()] = op;
    }
    let problem = Problem::json_schema(&mut g);
    let problem = finish(&mut g, problem);
    let mut schemas = g.take_definitions(true);
    schemas.insert("Problem".into(), problem);
    let used: std::collections::BTreeSet<u16> = api::catalogue()
        .iter()
        .flat_map(|i| i.statuses.iter().copied())
        .collect();
    let responses: Map<String, Value> = STATUSES
        .iter()
        .filter(|(status, _)| used.contains(status))
        .map(|(status, description)| {
            (
                format!("Problem{status}"),
                problem_response(*status, description),
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

#[cfg(test)]
mod tests;
