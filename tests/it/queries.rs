//! The analyst questions of examples/queries/*.rq give the answers in the .tsv beside them.

use diplograph::query::{GraphFormat, QueryConfig, ResultFormat, run};
use diplograph::rdf::{Iris, memory_store};

use crate::common::{bundled, root};

#[test]
fn example_queries_give_their_expected_answers() {
    let store = memory_store(&bundled().graph, &Iris::default()).unwrap();
    let dir = root().join("examples/queries");
    let mut queries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .collect();
    queries.sort();
    assert!(queries.len() >= 10, "at least 10 example queries");
    let mut failures = Vec::new();
    for path in &queries {
        let query = std::fs::read_to_string(path).unwrap();
        let expected = std::fs::read_to_string(path.with_extension("tsv"))
            .unwrap_or_else(|_| panic!("{} has no expected .tsv", path.display()));
        let mut out = Vec::new();
        run(
            &store,
            &query,
            &QueryConfig::default(),
            ResultFormat::Tsv,
            GraphFormat::Turtle,
            &mut out,
        )
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let actual = String::from_utf8(out).unwrap();
        // DIPLOGRAPH_BLESS=1 rewrites the expected answers after a deliberate change (review
        // the diff before committing it)
        if std::env::var_os("DIPLOGRAPH_BLESS").is_some() {
            std::fs::write(path.with_extension("tsv"), &actual).unwrap();
            continue;
        }
        if actual != expected {
            failures.push(format!(
                "{}:\n--- expected\n{expected}\n--- actual\n{actual}",
                path.display()
            ));
        }
        let rows = expected.lines().count() - 1;
        assert!(
            rows > 0,
            "{} expects no rows: an example must answer something",
            path.display()
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn kishida_was_foreign_minister_at_the_2013_two_plus_two() {
    // An independent check of one answer with a query written differently (ASK over the
    // membership interval), so the expected .tsv is not the only witness.
    let store = memory_store(&bundled().graph, &Iris::default()).unwrap();
    let ask = r#"ASK {
        ?t org:member id:kishida-fumio ; org:role post:minister-for-foreign-affairs-japan ;
           org:memberDuring/time:hasBeginning/time:inXSDDate ?from ;
           org:memberDuring/time:hasEnd/time:inXSDDate ?to .
        id:scc-2013-10-03 dg:startDate ?day .
        FILTER(?from <= ?day && ?day <= ?to)
    }"#;
    let mut out = Vec::new();
    run(
        &store,
        ask,
        &QueryConfig::default(),
        ResultFormat::Table,
        GraphFormat::Turtle,
        &mut out,
    )
    .unwrap();
    assert_eq!(out, b"true\n");
}

#[test]
fn syntax_errors_are_query_errors() {
    let store = memory_store(&bundled().graph, &Iris::default()).unwrap();
    let err = run(
        &store,
        "SELECT WHERE {",
        &QueryConfig::default(),
        ResultFormat::Json,
        GraphFormat::Turtle,
        &mut Vec::new(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.starts_with("query: syntax error"), "{err}");
}

#[test]
fn construct_prints_turtle_with_prefixes() {
    let store = memory_store(&bundled().graph, &Iris::default()).unwrap();
    let mut out = Vec::new();
    run(
        &store,
        "CONSTRUCT { id:japan rdfs:label ?l } WHERE { id:japan rdfs:label ?l }",
        &QueryConfig::default(),
        ResultFormat::Table,
        GraphFormat::Turtle,
        &mut out,
    )
    .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("@prefix id: <https://w3id.org/diplograph/id/>"),
        "{text}"
    );
    assert!(text.contains("id:japan rdfs:label"), "{text}");
    assert!(text.contains("\"日本\"@ja"), "{text}");
}
