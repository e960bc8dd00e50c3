//! A computation nobody waits for any more is abandoned: a cooperation network on a large
//! synthetic data set, asked for with a short execution limit (the client gets `TIMEOUT`) or
//! by a client that closes its connection, stops being computed (counted in `/metrics`), and
//! the server keeps serving.

mod common;

use std::time::{Duration, Instant};

use common::TestServer;
use cyberkg::server::{HttpLimits, ServerConfig};

async fn stopped_so_far(server: &TestServer) -> f64 {
    server.metric("cyberkg_computations_stopped_total").await
}

/// Waits until the process-wide count of stopped computations rises above `before`.
async fn wait_for_a_stop(server: &TestServer, before: f64) -> f64 {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut after = stopped_so_far(server).await;
    while after <= before && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
        after = stopped_so_far(server).await;
    }
    after
}

// One test, so that no other test in this process moves the shared counter meanwhile.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cooperation_network_nobody_waits_for_stops_computing() {
    let dir = std::env::temp_dir().join(format!("cyberkg-stop-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let written = cyberkg::synth::write_profiles(800, &dir, 7).unwrap_or(0);
    assert!(written >= 800, "synthetic profiles written: {written}");
    timed_out(&dir).await;
    client_left(&dir).await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// Past the execution limit.
async fn timed_out(dir: &std::path::Path) {
    let server = TestServer::start_config(ServerConfig {
        http: HttpLimits {
            timeout_ms: 20,
            ..HttpLimits::default()
        },
        ..ServerConfig::new(dir.to_path_buf())
    })
    .await;
    let before = stopped_so_far(&server).await;
    let (code, message) = server
        .error("{ cooperationNetwork { links { weight } centrality { betweenness } } }")
        .await;
    assert_eq!(code, "TIMEOUT", "{message}");
    // The blocking computation sees its stop flag at its next check.
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut after = stopped_so_far(&server).await;
    while after <= before && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
        after = stopped_so_far(&server).await;
    }
    assert!(
        after > before,
        "the computation was not stopped ({before} → {after})"
    );
    let data = server.data("{ stats { entities } }").await;
    assert!(data["stats"]["entities"].as_i64().unwrap_or(0) > 400);
}

/// The client closed its connection before the answer (the execution limit is far away).
async fn client_left(dir: &std::path::Path) {
    use tokio::io::AsyncWriteExt;
    let server = TestServer::start_config(ServerConfig::new(dir.to_path_buf())).await;
    let before = stopped_so_far(&server).await;
    let body =
        r#"{"query":"{ cooperationNetwork { links { weight } centrality { betweenness } } }"}"#;
    let address = server.base.trim_start_matches("http://").to_string();
    let request = format!(
        "POST /graphql HTTP/1.1\r\nhost: {address}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    {
        let mut socket = tokio::net::TcpStream::connect(&address)
            .await
            .unwrap_or_else(|e| panic!("connect to {address}: {e}"));
        socket
            .write_all(request.as_bytes())
            .await
            .unwrap_or_else(|e| panic!("send: {e}"));
        tokio::time::sleep(Duration::from_millis(30)).await;
        // The client leaves without reading the answer.
    }
    let after = wait_for_a_stop(&server, before).await;
    assert!(
        after > before,
        "the computation was not stopped ({before} → {after})"
    );
}
