//! Writing through the API from tests: a private copy of the seed data directory, a server
//! that accepts the admin token, and queries posted with that token.

#![allow(dead_code)]
#![expect(
    clippy::expect_used,
    reason = "a broken test set-up must fail the test loudly"
)]

use std::path::{Path, PathBuf};

use cyberkg::server::ServerConfig;
use serde_json::{json, Value};

use super::{seed_data, TestServer};

/// The admin token of servers started by [`writer`].
pub const TOKEN: &str = "test-admin-token-0123456789";

/// A private copy of the seed data directory (documents and curated files) in the system's
/// temporary folder, named after `tag` and the test process.
pub fn copy_of_seed(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cyberkg-writes-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for sub in ["documents", "curated"] {
        let from = seed_data().join(sub);
        std::fs::create_dir_all(dir.join(sub)).expect("dir");
        for entry in std::fs::read_dir(&from).expect("seed") {
            let path = entry.expect("entry").path();
            std::fs::copy(&path, dir.join(sub).join(path.file_name().expect("name")))
                .expect("copy");
        }
    }
    dir
}

/// A server over `dir` that accepts writes with [`TOKEN`], watching the directory if `watch`.
pub async fn writer(dir: &Path, watch: bool) -> TestServer {
    TestServer::start_config(ServerConfig {
        admin_token: Some(TOKEN.into()),
        watch,
        ..ServerConfig::new(dir.to_path_buf())
    })
    .await
}

/// Posts a query with [`TOKEN`] to the server at `base` and returns the whole JSON answer.
pub async fn post_as_admin(base: &str, query: &str, variables: Value) -> Value {
    reqwest::Client::new()
        .post(format!("{base}/graphql"))
        .bearer_auth(TOKEN)
        .json(&json!({ "query": query, "variables": variables }))
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json")
}

/// The files left in `dir` (names, sorted); empty when it does not exist.
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}
