//! The GraphQL-over-HTTP conformance audit (`serverAudits` of the `graphql-http` package)
//! against the real server on the seed data: no MUST may fail and no SHOULD may warn; the
//! MAYs it misses are printed.
//!
//! Needs `node` and `npm ci --prefix tests/browser` (`.ci/run` installs both). Without them
//! the test is skipped with a notice, except under `CI=true`, where it fails.

mod common;

use std::fmt;
use std::path::Path;
use std::time::Duration;

use cyberkg::server::{HttpLimits, ServerConfig};
use serde_json::Value;

use common::{seed_data, TestServer};

/// Fewer audits than this means the harness ran nothing much, not that the server passed.
const MIN_AUDITS: usize = 40;

/// How long the whole audit may take; each of its requests is answered in milliseconds.
const AUDIT_TIMEOUT: Duration = Duration::from_secs(120);

/// One line of `graphql-http-audit.mjs`.
struct AuditResult {
    id: String,
    name: String,
    /// `ok`, `error` (a MUST), `warn` (a SHOULD), `notice` (a MAY) or `fatal` (did not run).
    status: String,
    reason: String,
    http_status: Option<u64>,
}

impl AuditResult {
    fn parse(line: &str) -> Result<AuditResult, String> {
        let value: Value =
            serde_json::from_str(line).map_err(|e| format!("not JSON ({e}): {line}"))?;
        let text = |key: &str| value[key].as_str().unwrap_or_default().to_string();
        let result = AuditResult {
            id: text("id"),
            name: text("name"),
            status: text("status"),
            reason: text("reason"),
            http_status: value["httpStatus"].as_u64(),
        };
        if result.id.is_empty() || result.status.is_empty() {
            return Err(format!("no id or status: {line}"));
        }
        Ok(result)
    }
}

impl fmt::Display for AuditResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{}] {} {}: {}",
            self.status, self.id, self.name, self.reason
        )?;
        match self.http_status {
            Some(status) => write!(f, " (HTTP {status})"),
            None => write!(f, " (no response)"),
        }
    }
}

#[tokio::test]
async fn graphql_endpoint_meets_every_must_and_should_of_graphql_over_http() {
    let test = "graphql_endpoint_meets_every_must_and_should_of_graphql_over_http";
    let Some(node) = common::graphql_http_ready(test) else {
        return;
    };
    // The audit sends its requests back to back; the per-IP rate limit is not under test.
    let server = TestServer::start_config(ServerConfig {
        http: HttpLimits {
            rate_per_second: 0,
            ..HttpLimits::default()
        },
        ..ServerConfig::new(seed_data())
    })
    .await;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/graphql-http-audit.mjs");
    let run = tokio::process::Command::new(&node)
        .arg(&script)
        .arg(format!("{}/graphql", server.base))
        .kill_on_drop(true)
        .output();
    let output = match tokio::time::timeout(AUDIT_TIMEOUT, run).await {
        Ok(Ok(output)) => output,
        Ok(Err(e)) => panic!("cannot run {}: {e}", node.display()),
        Err(_) => panic!("the audit did not finish within {AUDIT_TIMEOUT:?}"),
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the audit script failed ({}):\n{stdout}\n{stderr}",
        output.status
    );

    let results: Vec<AuditResult> = match stdout
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(AuditResult::parse)
        .collect()
    {
        Ok(results) => results,
        Err(e) => panic!("unexpected audit output: {e}\n{stderr}"),
    };
    assert!(
        results.len() >= MIN_AUDITS,
        "only {} audits ran, expected at least {MIN_AUDITS}:\n{stdout}\n{stderr}",
        results.len()
    );

    for notice in results.iter().filter(|r| r.status == "notice") {
        eprintln!("MAY not met: {notice}");
    }
    let failures: Vec<String> = results
        .iter()
        .filter(|r| r.status != "ok" && r.status != "notice")
        .map(ToString::to_string)
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} GraphQL-over-HTTP audits failed (error = MUST, warn = SHOULD):\n{}",
        failures.len(),
        results.len(),
        failures.join("\n")
    );
}
