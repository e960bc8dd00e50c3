//! GraphiQL in headless Chromium with every host but 127.0.0.1 unreachable: the page loads
//! from the binary's own assets and runs a query.
//!
//! Needs Debian's `chromium` and `npm ci --prefix tests/browser` (`.ci/run` installs both).
//! Without them the test is skipped with a notice, except under `CI=true`, where it fails.

mod common;

use std::path::Path;

use common::{seed_data, TestServer};

#[tokio::test]
async fn graphiql_loads_offline_and_runs_a_query() {
    if !common::browser_ready("graphiql_loads_offline_and_runs_a_query") {
        return;
    }
    let server = TestServer::start(&seed_data()).await;
    let screenshot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("graphiql.png");
    let output = tokio::process::Command::new("node")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/graphiql-check.mjs"))
        .arg(&server.base)
        .arg(r#"{ country(code: "TJ") { name memberships { id name } } }"#)
        .arg("Shanghai Cooperation Organization")
        .arg(&screenshot)
        .output()
        .await
        .expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "browser check failed:\n{stdout}\n{stderr}"
    );
    let report: serde_json::Value =
        serde_json::from_str(stdout.lines().next().unwrap_or("{}")).expect("report");
    assert_eq!(report["ok"], true);
    assert_eq!(
        report["blocked"],
        serde_json::json!([]),
        "the page tried to reach the network"
    );
    assert!(report["response"]
        .as_str()
        .unwrap_or("")
        .contains("org:sco"));
}
