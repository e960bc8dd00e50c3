//! Limits a public server keeps: each abusive request is refused quickly with a clear error
//! and the server keeps serving. Also metrics, request ids, and durability under `kill -9`.

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{seed_data, TestServer};
use cyberkg::server::{HttpLimits, ServerConfig};
use serde_json::json;

async fn with_http(http: HttpLimits) -> TestServer {
    TestServer::start_config(ServerConfig {
        http,
        ..ServerConfig::new(seed_data())
    })
    .await
}

async fn still_serving(server: &TestServer) {
    let data = server.data("{ stats { entities } }").await;
    assert!(data["stats"]["entities"].as_i64().unwrap_or(0) > 0);
}

#[tokio::test]
async fn too_many_aliases_and_too_long_queries_are_refused_before_work() {
    let server = with_http(HttpLimits {
        aliases: 10,
        query_bytes: 2_000,
        ..HttpLimits::default()
    })
    .await;
    let aliases: String = (0..11)
        .map(|i| format!("a{i}: stats {{ entities }} "))
        .collect();
    let started = Instant::now();
    let (code, message) = server.error(&format!("{{ {aliases} }}")).await;
    assert_eq!(code, "QUERY_TOO_EXPENSIVE");
    assert!(message.contains("11 aliases"), "{message}");
    let long = format!("{{ stats {{ entities }} }} # {}", "x".repeat(3_000));
    let (code, message) = server.error(&long).await;
    assert_eq!(code, "QUERY_TOO_EXPENSIVE");
    assert!(message.contains("bytes"), "{message}");
    assert!(started.elapsed() < Duration::from_secs(2));
    still_serving(&server).await;
}

#[tokio::test]
async fn connection_cost_counts_what_it_fetches_and_is_reported() {
    let server = TestServer::start(&seed_data()).await;
    let (code, message) = server.error(r#"{ entities(first: 1000) { id relations(first: 1000) { edges { node { target { neighbors { neighbors { id } } } } } } } }"#).await;
    assert_eq!(code, "QUERY_TOO_EXPENSIVE", "{message}");
    let response = server
        .post(
            r#"{ country(code: "PK") { relations(first: 10) { totalCount } } }"#,
            json!({}),
        )
        .await;
    let spent = &response["extensions"];
    assert_eq!(spent["cost"], 1 + 10 * 2, "{response}");
    assert_eq!(spent["depth"], 3, "{response}");
    // Suggestions are off: the error does not list the schema's field names.
    let (_, message) = server.error("{ countri { id } }").await;
    assert!(!message.contains("Did you mean"), "{message}");
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_413() {
    let server = with_http(HttpLimits {
        body_bytes: 4_096,
        ..HttpLimits::default()
    })
    .await;
    let body =
        json!({ "query": "{ stats { entities } }", "variables": { "pad": "x".repeat(10_000) } });
    let response = server
        .client
        .post(format!("{}/graphql", server.base))
        .json(&body)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 413);
    still_serving(&server).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_query_past_the_time_limit_gets_a_timeout_error() {
    let server = with_http(HttpLimits {
        timeout_ms: 1,
        aliases: 500,
        ..HttpLimits::default()
    })
    .await;
    let heavy: String = (0..40)
        .map(|i| format!("c{i}: cooperationNetwork {{ centrality {{ pagerank }} }} p{i}: paths(from: \"country:PK\", to: \"country:TJ\", maxLength: 6, limit: 50) {{ length }} "))
        .collect();
    let started = Instant::now();
    let (code, message) = server.error(&format!("{{ {heavy} }}")).await;
    assert_eq!(code, "TIMEOUT", "{message}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn the_per_client_rate_limit_answers_429_and_recovers_while_health_checks_pass() {
    let server = with_http(HttpLimits {
        rate_per_second: 2,
        rate_burst: 3,
        ..HttpLimits::default()
    })
    .await;
    let ask = || async {
        server
            .client
            .post(format!("{}/graphql", server.base))
            .json(&json!({ "query": "{ __typename }" }))
            .send()
            .await
            .expect("request")
    };
    let mut statuses = Vec::new();
    let mut refusal = None;
    for _ in 0..8 {
        let r = ask().await;
        statuses.push(r.status().as_u16());
        if r.status() == 429 && refusal.is_none() {
            let retry = r.headers().get("retry-after").cloned();
            let body: serde_json::Value = r.json().await.unwrap_or_default();
            refusal = Some((retry, body));
        }
    }
    assert_eq!(statuses[0], 200);
    let Some((retry, body)) = refusal else {
        panic!("no 429 in {statuses:?}");
    };
    assert!(retry.is_some(), "429 says when to retry");
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "RATE_LIMITED",
        "{body}"
    );
    // Monitoring is not held back with the client's queries.
    for path in ["/healthz", "/metrics"] {
        let r = server
            .client
            .get(format!("{}{path}", server.base))
            .send()
            .await;
        assert!(r.is_ok_and(|r| r.status() == 200), "{path}");
    }
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    assert_eq!(ask().await.status().as_u16(), 200);
}

#[tokio::test]
async fn metrics_and_request_ids() {
    let server = TestServer::start(&seed_data()).await;
    let _ = server.error("{ nonsense }").await;
    let _ = server.data("{ stats { entities } }").await;
    let response = server
        .client
        .get(format!("{}/healthz", server.base))
        .header("x-request-id", "abc-123")
        .send()
        .await
        .expect("request");
    assert_eq!(response.headers()["x-request-id"], "abc-123");
    // Ids made by the server: one process-wide random prefix and a counter, never repeated.
    let mut made = Vec::new();
    for _ in 0..2 {
        let response = server
            .client
            .get(format!("{}/healthz", server.base))
            .send()
            .await
            .expect("request");
        let id = response
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        made.push(id);
    }
    let prefix = |id: &str| id.split('-').next().unwrap_or("").to_string();
    assert_ne!(made[0], made[1], "{made:?}");
    assert_eq!(prefix(&made[0]), prefix(&made[1]));
    assert_eq!(prefix(&made[0]).len(), 16, "{made:?}");
    let text = server
        .client
        .get(format!("{}/metrics", server.base))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    for needle in [
        "cyberkg_http_requests_total",
        "cyberkg_http_request_duration_seconds_bucket",
        "cyberkg_graphql_errors_total{code=\"GRAPHQL_VALIDATION_FAILED\"}",
        "cyberkg_snapshot_entities",
        "cyberkg_snapshot_age_seconds",
        "cyberkg_response_cache_total{result=\"miss\"}",
    ] {
        assert!(text.contains(needle), "{needle} missing from:\n{text}");
    }
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[expect(
    clippy::expect_used,
    reason = "a broken test set-up must fail the test loudly"
)]
fn spawn_binary(dir: &std::path::Path, port: u16) -> Server {
    Server(
        Command::new(env!("CARGO_BIN_EXE_cyberkg"))
            .args([
                "serve",
                "--data",
                &dir.to_string_lossy(),
                "--addr",
                &format!("127.0.0.1:{port}"),
                "--rate-per-second",
                "0",
            ])
            .env("CYBERKG_ADMIN_TOKEN", "kill-test-token")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn cyberkg"),
    )
}

async fn wait_healthy(client: &reqwest::Client, port: u16) -> bool {
    for _ in 0..300 {
        if client
            .get(format!("http://127.0.0.1:{port}/healthz"))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

#[tokio::test]
async fn kill_9_during_a_stream_of_writes_leaves_a_loadable_directory_with_every_acknowledged_write(
) {
    let dir = std::env::temp_dir().join(format!("cyberkg-kill-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("documents")).expect("dir");
    for entry in std::fs::read_dir(seed_data().join("documents")).expect("seed") {
        let path = entry.expect("entry").path();
        std::fs::copy(
            &path,
            dir.join("documents").join(path.file_name().expect("name")),
        )
        .expect("copy");
    }
    let port = 20_000 + (std::process::id() % 20_000) as u16;
    let client = reqwest::Client::new();
    let mut server = spawn_binary(&dir, port);
    assert!(wait_healthy(&client, port).await, "server did not start");
    let query = "mutation($t: String!, $n: String) { ingestDocument(text: $t, name: $n, metadata: { country: \"PK\", published: \"2024\" }) { version } }";
    let mut acknowledged = Vec::new();
    // Killed once this many writes are acknowledged, with the next one in flight: a count,
    // not a time, so a slow machine kills at the same point as a fast one.
    const KILL_AFTER: usize = 8;
    for i in 0..400 {
        let name = format!("stream-{i:03}");
        let text = format!("Pakistan adopted the Test Policy Number {i} (TP{i}), 2024.");
        let send = client
            .post(format!("http://127.0.0.1:{port}/graphql"))
            .bearer_auth("kill-test-token")
            .json(&json!({ "query": query, "variables": { "t": text, "n": name } }))
            .timeout(Duration::from_secs(5))
            .send();
        if acknowledged.len() >= KILL_AFTER {
            // SIGKILL while a write may be in flight.
            let pending = tokio::spawn(send);
            tokio::time::sleep(Duration::from_millis(2)).await;
            let _ = server.0.kill();
            let _ = server.0.wait();
            if let Ok(Ok(r)) = pending.await {
                if r.json::<serde_json::Value>()
                    .await
                    .is_ok_and(|b| b["data"]["ingestDocument"]["version"].is_number())
                {
                    acknowledged.push(name);
                }
            }
            break;
        }
        let body: serde_json::Value = send.await.expect("write").json().await.expect("json");
        assert!(body["errors"].is_null(), "{body}");
        acknowledged.push(name);
    }
    // The directory loads as it is, and every acknowledged write is in it.
    let check = Command::new(env!("CARGO_BIN_EXE_cyberkg"))
        .args(["check", "--data", &dir.to_string_lossy()])
        .output()
        .expect("check");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let _restarted = spawn_binary(&dir, port + 1);
    assert!(wait_healthy(&client, port + 1).await, "restart failed");
    let docs: serde_json::Value = client
        .post(format!("http://127.0.0.1:{}/graphql", port + 1))
        .json(&json!({ "query": "{ documents { path } }" }))
        .send()
        .await
        .expect("query")
        .json()
        .await
        .expect("json");
    let paths = docs.to_string();
    for name in &acknowledged {
        assert!(
            paths.contains(&format!("submitted/{name}.txt")),
            "{name} was acknowledged but lost"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_used_its_share_of_execution_time_waits() {
    let server = with_http(HttpLimits {
        timeout_ms: 300,
        aliases: 500,
        execution_ms_per_second: 10,
        execution_ms_burst: 10,
        ..HttpLimits::default()
    })
    .await;
    let heavy: String = (0..40)
        .map(|i| format!("c{i}: cooperationNetwork {{ centrality {{ pagerank }} }} p{i}: paths(from: \"country:PK\", to: \"country:TJ\", maxLength: 6, limit: 50) {{ length }} "))
        .collect();
    let _ = server.post(&format!("{{ {heavy} }}"), json!({})).await;
    let response = server
        .client
        .post(format!("{}/graphql", server.base))
        .json(&json!({ "query": "{ stats { documents } }" }))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 429);
    assert!(response.headers().get("retry-after").is_some());
    let body: serde_json::Value = response.json().await.unwrap_or_default();
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "RATE_LIMITED",
        "{body}"
    );
    assert!(body["errors"][0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("execution time")));
}
