//! GraphQL over HTTP as the specification has it: GET only reads, POST bodies are JSON, the
//! answer's media type follows `Accept`, and every malformed request is answered with a
//! status and a GraphQL-shaped body carrying a code — never a plain-text error.

mod common;

use common::writes::{copy_of_seed, writer, TOKEN};
use common::{seed_data, TestServer};
use serde_json::Value;

/// Status, content type and JSON body of a response.
async fn read(response: reqwest::Result<reqwest::Response>) -> (u16, String, Value) {
    let Ok(response) = response else {
        panic!("no response: {response:?}");
    };
    let status = response.status().as_u16();
    let media = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let text = response.text().await.unwrap_or_default();
    let body = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"));
    (status, media, body)
}

fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("")
}

#[tokio::test]
async fn a_mutation_sent_by_get_is_refused_with_405_and_writes_nothing() {
    let dir = copy_of_seed("get-mutation");
    let server = writer(&dir, false).await;
    let mutation = r#"mutation { ingestDocument(text: "Pakistan enacted the Example Act, 2030.", name: "by-get", metadata: { country: "PK", published: "2030" }) { version } }"#;
    let sent = server
        .client
        .get(format!("{}/graphql", server.base))
        .bearer_auth(TOKEN)
        .query(&[("query", mutation)])
        .send()
        .await;
    let Ok(response) = sent else {
        panic!("no response");
    };
    assert_eq!(response.status().as_u16(), 405);
    assert_eq!(
        response
            .headers()
            .get("allow")
            .and_then(|v| v.to_str().ok()),
        Some("POST")
    );
    let body: Value = response.json().await.unwrap_or_default();
    assert_eq!(code(&body), "METHOD_NOT_ALLOWED", "{body}");
    let written = dir.join("documents/submitted/by-get.txt");
    assert!(!written.exists(), "a GET wrote {}", written.display());
    // A query by GET is answered.
    let query = server
        .client
        .get(format!("{}/graphql", server.base))
        .query(&[("query", "{ stats { entities } }")])
        .send()
        .await;
    let (status, _, body) = read(query).await;
    assert_eq!(status, 200, "{body}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn bodies_that_are_not_json_requests_are_refused_with_a_code() {
    let server = TestServer::start(&seed_data()).await;
    let url = format!("{}/graphql", server.base);
    let query = r#"{"query":"{ stats { entities } }"}"#;
    for (content_type, body, status, expected) in [
        (
            Some("text/plain"),
            query.to_string(),
            415,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
        (
            Some("application/x-www-form-urlencoded"),
            "query=%7Bstats%7D".into(),
            415,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
        (
            Some("application/graphql"),
            "{ stats { entities } }".into(),
            415,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
        (None, query.to_string(), 415, "UNSUPPORTED_MEDIA_TYPE"),
        (
            Some("application/json"),
            format!("[{query}]"),
            400,
            "BAD_REQUEST",
        ),
        (
            Some("application/json"),
            r#"{"query":"{ stats { entities } }","variables":"x"}"#.into(),
            400,
            "BAD_REQUEST",
        ),
        (
            Some("application/json"),
            "{\"query\":".into(),
            400,
            "BAD_REQUEST",
        ),
    ] {
        let mut request = server.client.post(&url).body(body.clone());
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        let (got, media, answer) = read(request.send().await).await;
        assert_eq!(
            (got, code(&answer)),
            (status, expected),
            "{content_type:?} {body}: {answer}"
        );
        assert!(media.starts_with("application/json"), "{media}");
        assert!(answer.get("data").is_none(), "{answer}");
    }
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_is_refused_with_413() {
    let server = TestServer::start_config(cyberkg::server::ServerConfig {
        http: cyberkg::server::HttpLimits {
            body_bytes: 4_096,
            ..cyberkg::server::HttpLimits::default()
        },
        ..cyberkg::server::ServerConfig::new(seed_data())
    })
    .await;
    // Sent by hand in chunks: no length up front, so only reading tells it is too large.
    let Some(address) = server.base.strip_prefix("http://") else {
        panic!("{}", server.base);
    };
    let Ok(mut stream) = tokio::net::TcpStream::connect(address).await else {
        panic!("connect");
    };
    let mut request = String::from("POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n");
    let start = r#"{"query":"{ stats { entities } }","variables":{"pad":""#;
    for chunk in [start.to_string(), "x".repeat(10_000), r#""}}"#.to_string()] {
        request.push_str(&format!("{:x}\r\n{chunk}\r\n", chunk.len()));
    }
    request.push_str("0\r\n\r\n");
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let _ = stream.write_all(request.as_bytes()).await;
    let mut received = vec![0u8; 8192];
    let n = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        stream.read(&mut received),
    )
    .await
    .ok()
    .and_then(Result::ok)
    .unwrap_or(0);
    let answer = String::from_utf8_lossy(&received[..n]);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("PAYLOAD_TOO_LARGE"), "{answer}");
}

#[tokio::test]
async fn the_media_type_follows_accept_and_request_errors_are_400_without_data() {
    let server = TestServer::start(&seed_data()).await;
    let url = format!("{}/graphql", server.base);
    let post = |accept: &'static str, query: &'static str| {
        server
            .client
            .post(&url)
            .header("accept", accept)
            .json(&serde_json::json!({ "query": query }))
            .send()
    };
    let (status, media, body) =
        read(post("application/json", "{ stats { entities } }").await).await;
    assert_eq!(status, 200);
    assert!(media.starts_with("application/json"), "{media}");
    assert!(body["data"]["stats"]["entities"]
        .as_i64()
        .is_some_and(|n| n > 0));
    let strict = "application/graphql-response+json";
    for (query, expected) in [
        ("{ stats {", "GRAPHQL_PARSE_FAILED"),
        ("{ nothing }", "GRAPHQL_VALIDATION_FAILED"),
    ] {
        let (status, media, body) = read(post(strict, query).await).await;
        assert_eq!((status, code(&body)), (400, expected), "{body}");
        assert!(media.starts_with(strict), "{media}");
        assert!(body.get("data").is_none(), "{body}");
        // The same with application/json: 200, still without data.
        let (status, _, body) = read(post("application/json", query).await).await;
        assert_eq!((status, code(&body)), (200, expected), "{body}");
    }
    // A field error is an answer, not a request error: 200 with data.
    let (status, _, body) =
        read(post(strict, r#"{ compare(countries: []) { rows { code } } }"#).await).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.get("data").is_some(), "{body}");
}
