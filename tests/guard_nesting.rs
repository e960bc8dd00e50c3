//! Deeply nested query text is refused before it is parsed, over HTTP and the WebSocket.
//! The probes run against a child process: a parser that overflowed its stack would abort
//! that process and fail these tests, not the test binary.

mod common;

use common::child::ChildServer;
use common::seed_data;
use common::ws::{ws_answer, ws_connect, ws_subscribe};
use serde_json::{json, Value};

/// The probes of the attack report: lists, objects, variable defaults and directive
/// arguments nested far past any real query.
fn deep_queries() -> Vec<(&'static str, String)> {
    let lists = |n: usize| format!("{}1{}", "[".repeat(n), "]".repeat(n));
    let objects = |n: usize| format!("{}1{}", "{a:".repeat(n), "}".repeat(n));
    vec![
        (
            "list literal",
            format!("{{ node(id: {}) {{ id }} }}", lists(2_000)),
        ),
        (
            "object literal",
            format!("{{ node(id: {}) {{ id }} }}", objects(1_250)),
        ),
        (
            "variable default",
            format!(
                "query($v: [[Int]] = {}) {{ stats {{ entities }} }}",
                lists(2_000)
            ),
        ),
        (
            "directive argument",
            format!(
                "{{ stats @include(if: {}) {{ entities }} }}",
                objects(1_250)
            ),
        ),
        (
            "selection sets",
            format!("{}{}", "{ a ".repeat(1_500), "}".repeat(1_500)),
        ),
    ]
}

fn first_error(answer: &Value) -> (&str, &str) {
    let error = &answer["errors"][0];
    (
        error["extensions"]["code"].as_str().unwrap_or(""),
        error["message"].as_str().unwrap_or(""),
    )
}

#[tokio::test]
async fn deeply_nested_queries_are_refused_over_http_and_the_server_survives() {
    let mut server = ChildServer::start(&seed_data(), &[]).await;
    let client = reqwest::Client::new();
    for (what, query) in deep_queries() {
        let sent = client
            .post(format!("{}/graphql", server.base))
            .json(&json!({ "query": query }))
            .send()
            .await;
        assert!(server.alive(), "the server died on a nested {what}");
        let answer: Value = match sent {
            Ok(response) => response.json().await.unwrap_or_default(),
            Err(e) => panic!("no answer to a nested {what}: {e}"),
        };
        let (code, message) = first_error(&answer);
        assert_eq!(code, "GRAPHQL_PARSE_FAILED", "{what}: {answer}");
        assert!(message.contains("levels deep"), "{what}: {message}");
        // The same over GET.
        let got = client
            .get(format!("{}/graphql", server.base))
            .query(&[("query", query.as_str())])
            .send()
            .await;
        assert!(
            server.alive(),
            "the server died on a nested {what} over GET"
        );
        let answer: Value = match got {
            Ok(response) => response.json().await.unwrap_or_default(),
            Err(e) => panic!("no answer to a nested {what} over GET: {e}"),
        };
        assert_eq!(
            first_error(&answer).0,
            "GRAPHQL_PARSE_FAILED",
            "{what}: {answer}"
        );
    }
    let healthy = client.get(format!("{}/healthz", server.base)).send().await;
    assert!(healthy.is_ok_and(|r| r.status() == 200));
}

#[tokio::test]
async fn deeply_nested_queries_are_refused_over_the_websocket_and_the_server_survives() {
    let mut server = ChildServer::start(&seed_data(), &[]).await;
    let mut ws = ws_connect(&server.base).await;
    for (i, (what, query)) in deep_queries().into_iter().enumerate() {
        let id = i.to_string();
        ws_subscribe(&mut ws, &id, &query).await;
        let answer = ws_answer(&mut ws, &id).await;
        assert!(server.alive(), "the server died on a nested {what}");
        let (code, message) = first_error(&answer["payload"]);
        assert_eq!(code, "GRAPHQL_PARSE_FAILED", "{what}: {answer}");
        assert!(message.contains("levels deep"), "{what}: {message}");
    }
    // The connection still serves a query within the limits.
    ws_subscribe(&mut ws, "fine", "{ stats { entities } }").await;
    let answer = ws_answer(&mut ws, "fine").await;
    assert!(
        answer["payload"]["data"]["stats"]["entities"]
            .as_i64()
            .unwrap_or(0)
            > 0,
        "{answer}"
    );
}

#[tokio::test]
async fn nesting_within_the_limit_still_parses_and_the_limit_is_configurable() {
    let server = ChildServer::start(&seed_data(), &["--max-nesting", "3"]).await;
    let client = reqwest::Client::new();
    let post = |query: &'static str| {
        let client = client.clone();
        let url = format!("{}/graphql", server.base);
        async move {
            client
                .post(url)
                .json(&json!({ "query": query }))
                .send()
                .await
                .map(|r| r.json::<Value>())
        }
    };
    let shallow = post(r#"{ country(code: "PK") { name } }"#).await;
    let shallow = match shallow {
        Ok(body) => body.await.unwrap_or_default(),
        Err(e) => panic!("{e}"),
    };
    assert_eq!(shallow["data"]["country"]["name"], "Pakistan", "{shallow}");
    let deeper =
        post(r#"{ country(code: "PK") { relations(kinds: [HAS_CERT]) { totalCount } } }"#).await;
    let deeper = match deeper {
        Ok(body) => body.await.unwrap_or_default(),
        Err(e) => panic!("{e}"),
    };
    let (code, message) = first_error(&deeper);
    assert_eq!(code, "GRAPHQL_PARSE_FAILED", "{deeper}");
    assert!(message.contains("line 1, column 42"), "{message}");
}
