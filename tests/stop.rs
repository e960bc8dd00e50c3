//! A computation nobody waits for any more is abandoned: a cooperation network on a large
//! synthetic data set, asked for with a short execution limit, gets `TIMEOUT` and the server
//! stops computing it (counted in `/metrics`), then keeps serving.

mod common;

use std::time::{Duration, Instant};

use common::TestServer;
use cyberkg::server::{HttpLimits, ServerConfig};

async fn stopped_so_far(server: &TestServer) -> f64 {
    let text = match server
        .client
        .get(format!("{}/metrics", server.base))
        .send()
        .await
    {
        Ok(response) => response.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    };
    text.lines()
        .find(|l| l.starts_with("cyberkg_computations_stopped_total"))
        .and_then(|l| l.split_whitespace().last())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_timed_out_cooperation_network_stops_computing() {
    let dir = std::env::temp_dir().join(format!("cyberkg-stop-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let written = cyberkg::synth::write_profiles(400, &dir, 7).unwrap_or(0);
    assert!(written >= 400, "synthetic profiles written: {written}");
    let server = TestServer::start_config(ServerConfig {
        http: HttpLimits {
            timeout_ms: 20,
            ..HttpLimits::default()
        },
        ..ServerConfig::new(dir.clone())
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
    let _ = std::fs::remove_dir_all(&dir);
}
