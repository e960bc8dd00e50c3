//! Test helpers shared by the integration tests: start the real server on an ephemeral
//! loopback port over a data directory, and post GraphQL queries to it.

#![allow(dead_code)]
#![expect(
    clippy::expect_used,
    reason = "a broken test set-up must fail the test loudly"
)]

pub mod child;
pub mod writes;
pub mod ws;

use std::path::{Path, PathBuf};
use std::time::Duration;

use cyberkg::api::Limits;
use cyberkg::server::{self, ServerConfig};
use serde_json::{json, Value};

/// The project's bundled data set.
pub fn seed_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// The shared corpus beside the project.
pub fn shared(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("shared")
        .join(path)
}

/// A running server; stopped when dropped.
pub struct TestServer {
    pub base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    pub client: reqwest::Client,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl TestServer {
    /// Starts a server over `data_dir` on 127.0.0.1:0 and waits until `/healthz` is 200.
    pub async fn start(data_dir: &Path) -> TestServer {
        Self::start_with(data_dir, Limits::default()).await
    }

    /// Like [`TestServer::start`] with explicit limits.
    pub async fn start_with(data_dir: &Path, limits: Limits) -> TestServer {
        Self::start_config(ServerConfig {
            limits,
            ..ServerConfig::new(data_dir.to_path_buf())
        })
        .await
    }

    /// Starts a server with a whole configuration. Every request of a test binary comes from
    /// one address, and a debug build runs queries many times slower than a release one: the
    /// default per-client execution share would make the tests hold each other back, so it is
    /// off unless a test sets one of its own.
    pub async fn start_config(mut config: ServerConfig) -> TestServer {
        let default_share = server::HttpLimits::DEFAULT.execution_ms_per_second;
        if config.http.execution_ms_per_second == default_share {
            config.http.execution_ms_per_second = 0;
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = server::run(listener, config, async {
                let _ = stopped.await;
            })
            .await;
        });
        let client = reqwest::Client::new();
        // Loading the real corpus takes seconds in a debug build on a busy machine.
        for _ in 0..1200 {
            if let Ok(r) = client.get(format!("{base}/healthz")).send().await {
                if r.status() == 200 {
                    return TestServer {
                        base,
                        stop: Some(stop),
                        client,
                    };
                }
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("server at {base} never became healthy");
    }

    /// Posts a query and returns the whole JSON response.
    pub async fn post(&self, query: &str, variables: Value) -> Value {
        self.client
            .post(format!("{}/graphql", self.base))
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("json body")
    }

    /// Posts a query that must succeed and returns its `data`.
    pub async fn data(&self, query: &str) -> Value {
        let response = self.post(query, json!({})).await;
        assert!(
            response.get("errors").is_none(),
            "errors for {query}: {response:#}"
        );
        response["data"].clone()
    }

    /// The value of the `/metrics` series named exactly `series` (with its labels, as
    /// printed), 0 when absent. Metrics are process-wide: tests reading one keep to a test
    /// binary of their own.
    pub async fn metric(&self, series: &str) -> f64 {
        let text = match self
            .client
            .get(format!("{}/metrics", self.base))
            .send()
            .await
        {
            Ok(response) => response.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        text.lines()
            .find_map(|l| l.strip_prefix(series))
            .filter(|rest| rest.starts_with(' '))
            .and_then(|rest| rest.trim().parse().ok())
            .unwrap_or(0.0)
    }

    /// Posts a query that must fail and returns its first error's code and message.
    pub async fn error(&self, query: &str) -> (String, String) {
        let response = self.post(query, json!({})).await;
        let error = &response["errors"][0];
        assert!(
            error.is_object(),
            "expected an error for {query}: {response:#}"
        );
        (
            error["extensions"]["code"]
                .as_str()
                .unwrap_or("")
                .to_string(),
            error["message"].as_str().unwrap_or("").to_string(),
        )
    }
}

/// The relation of `kind` from `source` to `target` among a connection's edges.
pub fn find_relation<'a>(
    edges: &'a Value,
    kind: &str,
    source: &str,
    target: &str,
) -> Option<&'a Value> {
    edges
        .as_array()?
        .iter()
        .map(|e| &e["node"])
        .find(|n| n["kind"] == kind && n["source"]["id"] == source && n["target"]["id"] == target)
}

/// Whether the headless-browser prerequisites are installed (Debian's Chromium and
/// `npm ci --prefix tests/browser`). Missing ones fail under `CI=true` and skip otherwise.
pub fn browser_ready(test: &str) -> bool {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let modules =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/node_modules/playwright-core");
    let missing = if !Path::new(&chromium).exists() {
        Some(format!(
            "no Chromium at {chromium} (apt-get install chromium)"
        ))
    } else if !modules.exists() {
        Some("tests/browser/node_modules is missing (npm ci --prefix tests/browser)".to_string())
    } else {
        None
    };
    match missing {
        None => true,
        Some(missing) => {
            assert!(
                std::env::var("CI").is_err(),
                "{test} cannot run in CI: {missing}"
            );
            eprintln!("SKIPPED {test}: {missing}");
            false
        }
    }
}

/// The `node` executable on `PATH`, when the `graphql-http` package is installed too
/// (`npm ci --prefix tests/browser`). Missing ones fail under `CI=true`; otherwise the test
/// is skipped with a notice and `None` is returned.
pub fn graphql_http_ready(test: &str) -> Option<PathBuf> {
    let node = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|dir| dir.join("node"))
            .find(|candidate| candidate.is_file())
    });
    let modules =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/node_modules/graphql-http");
    let missing = match node {
        None => "no node on PATH (apt-get install nodejs npm)".to_string(),
        Some(_) if !modules.exists() => {
            "tests/browser/node_modules/graphql-http is missing (npm ci --prefix tests/browser)"
                .to_string()
        }
        Some(node) => return Some(node),
    };
    assert!(
        std::env::var("CI").is_err(),
        "{test} cannot run in CI: {missing}"
    );
    eprintln!("SKIPPED {test}: {missing}");
    None
}
