//! The explorer page `/explore` in headless Chromium, offline: search "Tajikistan", expand it,
//! SCO and China are drawn, the evidence panel shows the 1.5.1 excerpt, the date slider
//! re-queries, every download button works, and `cy.add` accepts the Cytoscape JSON export.
//!
//! Set `CYBERKG_SCREENSHOT=docs/explore.png` to refresh the README's screenshot.

mod common;

use std::path::Path;

use common::{seed_data, TestServer};

#[tokio::test]
async fn the_explorer_draws_tajikistan_and_shows_evidence() {
    if !common::browser_ready("the_explorer_draws_tajikistan_and_shows_evidence") {
        return;
    }
    let server = TestServer::start(&seed_data()).await;
    let screenshot = std::env::var("CYBERKG_SCREENSHOT")
        .map(|p| Path::new(env!("CARGO_MANIFEST_DIR")).join(p))
        .unwrap_or_else(|_| Path::new(env!("CARGO_TARGET_TMPDIR")).join("explore.png"));
    let output = tokio::process::Command::new("node")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/explore-check.mjs"))
        .arg(&server.base)
        .arg(&screenshot)
        .output()
        .await
        .expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "explorer check failed:\n{stdout}\n{stderr}"
    );
    let report: serde_json::Value =
        serde_json::from_str(stdout.lines().next().unwrap_or("{}")).expect("report");
    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(
        report["blocked"],
        serde_json::json!([]),
        "the page tried to reach the network"
    );
    assert!(screenshot.exists());
}
