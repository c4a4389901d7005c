use super::*;

/// A schema with `$ref`s into the document's components followed.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => {
            let name = r.trim_start_matches("#/components/schemas/");
            resolve(doc, &doc["components"]["schemas"][name])
        }
        None => schema,
    }
}

#[test]
fn every_endpoint_is_in_the_document_with_its_statuses() {
    let doc = document();
    for info in api::catalogue() {
        let op =
            &doc["paths"][format!("/api/v1{}", info.path)][info.method.as_str().to_lowercase()];
        assert_eq!(op["operationId"], info.name, "{}", info.path);
        for s in &info.statuses {
            let r = op["responses"][s.to_string()]["$ref"].as_str().unwrap();
            let name = r.trim_start_matches("#/components/responses/");
            assert!(
                doc["components"]["responses"][name].is_object(),
                "{} {s}",
                info.path
            );
        }
    }
}

#[test]
fn every_body_and_parameter_has_a_real_schema() {
    let doc = document();
    let mut bodies = 0;
    for (path, methods) in doc["paths"].as_object().unwrap() {
        for (method, op) in methods.as_object().unwrap() {
            if let Some(schema) = op["requestBody"]["content"]["application/json"]["schema"]
                .as_object()
                .map(|_| &op["requestBody"]["content"]["application/json"]["schema"])
            {
                bodies += 1;
                // A body of several shapes (`oneOf`) gives the properties of each.
                let s = resolve(&doc, schema);
                let shapes: Vec<_> = match s["oneOf"].as_array() {
                    Some(variants) => variants.iter().map(|v| resolve(&doc, v).clone()).collect(),
                    None => vec![s.clone()],
                };
                for shape in shapes {
                    let props = shape["properties"].as_object();
                    assert!(
                        props.is_some_and(|p| !p.is_empty()),
                        "{method} {path}: a body without properties: {shape}"
                    );
                }
            }
            for p in op["parameters"].as_array().into_iter().flatten() {
                let s = resolve(&doc, &p["schema"]);
                assert!(s["type"].is_string(), "{method} {path} {}: {s}", p["name"]);
            }
        }
    }
    assert!(bodies > 15, "{bodies}");
    // The codes have their wire patterns, ids and limits their bounds.
    let family = &doc["paths"]["/api/v1/families/{cf}"]["get"]["parameters"][0];
    assert!(
        resolve(&doc, &family["schema"])["pattern"].is_string(),
        "{family}"
    );
    let id = &doc["paths"]["/api/v1/applications/{id}"]["get"]["parameters"][0];
    assert_eq!(id["schema"]["minimum"], 1, "{id}");
    let search = &doc["paths"]["/api/v1/search"]["get"]["parameters"];
    let limit = search
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "limit")
        .unwrap();
    assert_eq!(limit["schema"]["maximum"], 200, "{limit}");
    assert_eq!(limit["required"], false);
}
