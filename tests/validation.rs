//! A read request (query text, operation name, variables) that passed async-graphql's full
//! validation skips its rules when it is asked again, with the same answer; a request that did
//! not pass, or the same query with other variables or another operation, is checked in full
//! every time. Counted in `/metrics` as `cyberkg_validation_total{rules}`. Both ways of
//! skipping are taken below: the lookup's document (11 selections) is not validated at all
//! when asked again, the smaller ones are checked for their limits only.

mod common;

use common::{seed_data, TestServer};
use cyberkg::server::ServerConfig;
use serde_json::{json, Value};

/// `cyberkg_validation_total` for `rules` ("all" or "remembered").
async fn validations(server: &TestServer, rules: &str) -> f64 {
    server
        .metric(&format!("cyberkg_validation_total{{rules=\"{rules}\"}}"))
        .await
}

/// Posts a query and returns its answer as text, and how it was validated: "all" or
/// "remembered", read off the counters before and after.
async fn ask(
    server: &TestServer,
    query: &str,
    operation: Option<&str>,
    variables: Value,
) -> (String, &'static str) {
    let all = validations(server, "all").await;
    let remembered = validations(server, "remembered").await;
    let mut body = json!({ "query": query, "variables": variables });
    if let Some(name) = operation {
        body["operationName"] = json!(name);
    }
    let answer = match server
        .client
        .post(format!("{}/graphql", server.base))
        .json(&body)
        .send()
        .await
    {
        Ok(response) => response.text().await.unwrap_or_default(),
        Err(error) => format!("request failed: {error}"),
    };
    let how = match (
        (validations(server, "all").await - all) as i64,
        (validations(server, "remembered").await - remembered) as i64,
    ) {
        (1, 0) => "all",
        (0, 1) => "remembered",
        other => panic!("one validation per request, counted {other:?}"),
    };
    (answer, how)
}

fn parsed(answer: &str) -> Value {
    serde_json::from_str(answer).unwrap_or(Value::Null)
}

// One test, so that no other test in this process moves the shared counters meanwhile.
#[tokio::test]
async fn a_valid_read_skips_the_rules_when_asked_again_and_nothing_else_does() {
    // Without the response cache, so that every request is executed.
    let server = TestServer::start_config(ServerConfig {
        response_cache_bytes: 0,
        ..ServerConfig::new(seed_data())
    })
    .await;
    let lookup = r#"query($c: String!) { country(code: $c) { name relations(first: 3) { edges { node { kind target { id name ... on Country { iso2 } } } } } } }"#;
    let (first, how) = ask(&server, lookup, None, json!({ "c": "PK" })).await;
    assert_eq!(how, "all");
    assert_eq!(parsed(&first)["data"]["country"]["name"], "Pakistan");
    let (second, how) = ask(&server, lookup, None, json!({ "c": "PK" })).await;
    assert_eq!(how, "remembered");
    assert_eq!(second, first, "the same answer, byte for byte");

    // The same query with a value of the wrong type is checked in full, every time, and
    // refused as a whole (executed without the rules, it would answer `country: null`).
    for _ in 0..2 {
        let (answer, how) = ask(&server, lookup, None, json!({ "c": 5 })).await;
        assert_eq!(how, "all");
        let answer = parsed(&answer);
        assert_eq!(answer["data"], Value::Null, "{answer}");
        let error = &answer["errors"][0];
        assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT", "{answer}");
        assert!(error.get("path").is_none(), "{answer}");
    }

    // A query that fails validation is never remembered.
    let broken = r#"{ country(code: "PK") { name nosuchfield } }"#;
    let (once, how) = ask(&server, broken, None, json!({})).await;
    assert_eq!(how, "all");
    assert!(once.contains("GRAPHQL_VALIDATION_FAILED"), "{once}");
    let (twice, how) = ask(&server, broken, None, json!({})).await;
    assert_eq!((twice.as_str(), how), (once.as_str(), "all"));

    // Each operation of a document is remembered on its own.
    let two =
        r#"query A { country(code: "PK") { name } } query B { country(code: "TJ") { name } }"#;
    assert_eq!(ask(&server, two, Some("A"), json!({})).await.1, "all");
    assert_eq!(
        ask(&server, two, Some("A"), json!({})).await.1,
        "remembered"
    );
    let (b, how) = ask(&server, two, Some("B"), json!({})).await;
    assert_eq!(how, "all");
    assert_eq!(parsed(&b)["data"]["country"]["name"], "Tajikistan");

    // A resolver's error (an unknown country) comes after validation: still remembered, and
    // the answer is the same.
    let unknown = r#"{ neighborhood(id: "country:ZZ", depth: 1) { nodes { id } } }"#;
    let (once, how) = ask(&server, unknown, None, json!({})).await;
    assert_eq!(how, "all");
    assert!(once.contains("NOT_FOUND"), "{once}");
    assert_eq!(
        ask(&server, unknown, None, json!({})).await,
        (once, "remembered")
    );
}
