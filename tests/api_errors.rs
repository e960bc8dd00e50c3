//! Bad input gets a clear error with `extensions.code`, and the server keeps serving.

mod common;

use common::{seed_data, TestServer};
use cyberkg::api::Limits;
use serde_json::json;

#[tokio::test]
async fn malformed_arguments_are_bad_user_input_naming_the_argument() {
    let server = TestServer::start(&seed_data()).await;
    let (code, message) = server
        .error(r#"{ country(code: "PK") { posture(asOf: "2015-13") { score } } }"#)
        .await;
    assert_eq!(code, "BAD_USER_INPUT");
    assert!(
        message.contains("asOf") && message.contains("YYYY-MM-DD"),
        "{message}"
    );

    let response = server
        .post(
            "query($d: Date) { country(code: \"PK\") { laws(asOf: $d) { id } } }",
            json!({ "d": "last tuesday" }),
        )
        .await;
    assert_eq!(
        response["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{response}"
    );
    // A required variable left out is the client's mistake too, named.
    let response = server
        .post(
            "query($c: String!) { country(code: $c) { name } }",
            json!({}),
        )
        .await;
    let error = &response["errors"][0];
    assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT", "{response}");
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.contains("variable $c")),
        "{response}"
    );

    let (code, message) = server.error("{ country { id } }").await;
    assert_eq!(
        (code.as_str(), message.as_str()),
        ("BAD_USER_INPUT", "give 'code' or 'name'")
    );

    let (code, message) = server
        .error(r#"{ country(code: "PK") { relations(first: -1) { totalCount } } }"#)
        .await;
    assert_eq!(code, "BAD_USER_INPUT");
    assert!(message.contains("'first'"), "{message}");

    let (code, message) = server
        .error(r#"{ country(code: "PK") { relations(after: "banana") { totalCount } } }"#)
        .await;
    assert_eq!(code, "BAD_USER_INPUT");
    assert!(
        message.contains("'after'") && message.contains("banana"),
        "{message}"
    );

    let (code, _) = server.error(r#"{ search(text: "  ") { score } }"#).await;
    assert_eq!(code, "BAD_USER_INPUT");
    let (code, _) = server
        .error(r#"{ search(text: "cert", first: 101) { score } }"#)
        .await;
    assert_eq!(code, "BAD_USER_INPUT");
    // A page far past every cap names the argument, not the cost.
    let (code, message) = server.error(r#"{ ranking(first: 100000) { rank } }"#).await;
    assert_eq!(code, "BAD_USER_INPUT");
    assert!(message.contains("'first'"), "{message}");
}

#[tokio::test]
async fn broken_queries_get_graphql_errors_and_the_server_keeps_serving() {
    let server = TestServer::start(&seed_data()).await;
    let (code, _) = server.error("{ country(code: \"PK\") { ").await;
    assert_eq!(code, "GRAPHQL_PARSE_FAILED");
    let (code, message) = server.error("{ country(code: \"PK\") { nonsense } }").await;
    assert_eq!(code, "GRAPHQL_VALIDATION_FAILED");
    assert!(message.contains("nonsense"), "{message}");
    let raw = server
        .client
        .post(format!("{}/graphql", server.base))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("request");
    assert!(raw.status().is_client_error(), "{}", raw.status());
    let data = server.data("{ stats { entities } }").await;
    assert!(data["stats"]["entities"].as_i64().unwrap_or(0) > 0);
}

#[tokio::test]
async fn depth_and_complexity_limits_refuse_runaway_queries() {
    let server = TestServer::start_with(
        &seed_data(),
        Limits {
            depth: 6,
            complexity: 500,
            ..Limits::default()
        },
    )
    .await;
    let deep = "{ country(code: \"PK\") { neighbors { neighbors { neighbors { neighbors { neighbors { neighbors { id } } } } } } } }";
    let (code, message) = server.error(deep).await;
    assert_eq!(code, "QUERY_TOO_EXPENSIVE", "{message}");
    let wide = "{ entities(first: 1000) { relations(first: 1000) { edges { node { id } } } } }";
    let (code, message) = server.error(wide).await;
    assert_eq!(code, "QUERY_TOO_EXPENSIVE", "{message}");
    // A real exploration query still passes under the defaults.
    let server = TestServer::start(&seed_data()).await;
    let data = server
        .data("{ country(code: \"PK\") { name relations { edges { node { kind target { id name } evidence { section excerpt document { id published } } } } } posture { score } } }")
        .await;
    assert!(data["country"]["relations"]["edges"]
        .as_array()
        .is_some_and(|e| !e.is_empty()));
}

#[tokio::test]
async fn a_data_directory_with_a_malformed_document_is_refused_with_file_and_line() {
    let dir = std::env::temp_dir().join(format!("cyberkg-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(
        dir.join("atlantis.txt"),
        "CYBERWELLNESS PROFILE\n\nKINGDOM OF ATLANTIS\n\nBACKGROUND\n",
    )
    .expect("write");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let config = cyberkg::server::ServerConfig::new(dir.clone());
    let result = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        cyberkg::server::run(listener, config, std::future::pending()),
    )
    .await
    .expect("the server stops by itself");
    let message = result.expect_err("load must fail").to_string();
    assert!(
        message.contains("atlantis.txt:3:") && message.contains("KINGDOM OF ATLANTIS"),
        "{message}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
