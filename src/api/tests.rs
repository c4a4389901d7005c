use super::*;

/// The `{name}`s of a path template.
fn template_params(path: &str) -> Vec<String> {
    path.split('/')
        .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(str::to_string)
        .collect()
}

#[test]
fn each_method_and_path_is_one_endpoint() {
    let all = catalogue();
    for (i, a) in all.iter().enumerate() {
        for b in &all[i + 1..] {
            assert!(
                !(a.method == b.method && a.path == b.path),
                "{} {} twice",
                a.method.as_str(),
                a.path
            );
        }
        assert!(find(a.method.as_str(), a.path).is_some());
    }
}

#[test]
fn path_templates_name_exactly_the_path_type_fields() {
    let mut g = SchemaGenerator::default();
    for info in catalogue() {
        let schemas = (info.schemas)(&mut g);
        let mut fields: Vec<String> = schemas
            .path
            .and_then(|s| s.get("properties").and_then(|p| p.as_object()).cloned())
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        let mut named = template_params(info.path);
        fields.sort();
        named.sort();
        assert_eq!(fields, named, "{}", info.path);
    }
}

#[test]
fn a_call_address_fills_the_template_and_encodes() {
    let path = DayPath::new(
        "RSSMRA85T10A562S",
        chrono::NaiveDate::from_ymd_opt(2026, 1, 7).unwrap(),
    );
    assert_eq!(
        url_of::<CorrectDay>(&path, &()).unwrap(),
        "/children/RSSMRA85T10A562S/attendance/2026-01-07/correction"
    );
    let q = SearchQuery {
        q: "DE LUCA & C".into(),
        limit: None,
    };
    assert_eq!(
        url_of::<Search>(&(), &q).unwrap(),
        "/search?q=DE%20LUCA%20%26%20C"
    );
    let q = MonthQuery::new("refezione", 2026, 3);
    let cf = CfPath { cf: "a/b".into() };
    assert_eq!(
        url_of::<Attendance>(&cf, &q).unwrap(),
        "/children/a%2Fb/attendance?month=2026-03&service=refezione"
    );
}

#[test]
fn changes_declare_the_idempotency_conflict_and_reads_do_not() {
    for info in catalogue() {
        let conflict = info.statuses.contains(&409);
        match info.kind {
            Kind::Change => assert!(conflict, "{}", info.path),
            Kind::Read => assert!(!conflict, "{}", info.path),
            _ => {}
        }
        // Every call with a token may meet an expired one; of the public calls only the login itself
        // answers 401 (wrong user name or password).
        assert_eq!(
            info.statuses.contains(&401),
            info.rights != Rights::Public || info.path == "/sessions",
            "{}",
            info.path
        );
    }
}
