//! The whole HTTP application in process, without sockets: every layer the server runs (request
//! ids, logs, metrics, CORS, body limits, the query guard) and the GraphQL handler, driven with
//! the request bodies of `bench/run.sh` on the real corpus, as `bench/run.sh` starts its
//! executed server (`--rate-per-second 0 --max-complexity 1000000 --response-cache-mib 0`).
//! Set against `cargo bench --bench api`, it shows what a request costs beyond executing its
//! query; set against `bench/run.sh`, what the network and the load generator add.
//!
//! Logs are set up as the server sets them up by default when its output is not a terminal
//! (`info` to stderr without colours; nothing is written per request), so spans cost what they
//! cost in the server.
//!
//! Run: `cargo bench --bench http`

use std::net::SocketAddr;
use std::path::Path;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request};
use axum::Router;
use criterion::{criterion_group, criterion_main, Criterion};
use cyberkg::server::{app, HttpLimits, ServerConfig};
use http_body_util::BodyExt;
use tokio::runtime::Runtime;
use tower::ServiceExt;

#[path = "common/queries.rs"]
mod queries;

/// The server's allocator, so allocation costs what it costs in the server.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn bench_http(c: &mut Criterion) {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("info"))
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .init();
    // `CYBERKG_BENCH_DATA=DIR` serves another data directory (e.g. one `cyberkg gen` wrote).
    let profiles = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/profiles"
    ));
    let chosen = std::env::var_os("CYBERKG_BENCH_DATA").map(std::path::PathBuf::from);
    let corpus = chosen.as_deref().unwrap_or(profiles);
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        return;
    };
    let mut config = ServerConfig::new(corpus.to_path_buf());
    // One client sends every request: no per-client limits.
    config.http = HttpLimits {
        rate_per_second: 0,
        execution_ms_per_second: 0,
        ..HttpLimits::default()
    };
    config.limits.complexity = 100_000_000;
    config.response_cache_bytes = 0;
    let router = match runtime.block_on(app(config)) {
        Ok(router) => router,
        Err(error) => {
            eprintln!("the corpus at {} does not load: {error}", corpus.display());
            return;
        }
    };
    let peer = ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000)));
    let queries = queries::QUERIES;
    // `CYBERKG_BENCH_ONLY=NAME CYBERKG_BENCH_ITERATIONS=N`: run one query N times without
    // criterion, for instruction counts that do not depend on the machine's load:
    // `valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*http::repeat*' …`.
    if let (Ok(only), Some(n)) = (
        std::env::var("CYBERKG_BENCH_ONLY"),
        std::env::var("CYBERKG_BENCH_ITERATIONS")
            .ok()
            .and_then(|n| n.parse::<u32>().ok()),
    ) {
        if let Some((_, query)) = queries.iter().find(|(name, _)| *name == only) {
            let body = serde_json::json!({ "query": query }).to_string();
            repeat(&runtime, &router, peer, &body, n);
        }
        return;
    }
    let mut group = c.benchmark_group("http");
    for (name, query) in queries {
        let body = serde_json::json!({ "query": query }).to_string();
        group.bench_function(name, |b| {
            b.iter(|| send(&runtime, &router, post(&body, peer)))
        });
    }
    group.bench_function("healthz", |b| {
        b.iter(|| {
            let request = Request::get("/healthz").extension(peer).body(Body::empty());
            send(&runtime, &router, request)
        })
    });
    group.finish();
}

/// A GraphQL request as `bench/run.sh` sends it.
fn post(body: &str, peer: ConnectInfo<SocketAddr>) -> axum::http::Result<Request<Body>> {
    Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .extension(peer)
        .body(Body::from(body.to_owned()))
}

/// Serves one request and reads its whole answer; panics on a request that cannot be built or
/// an answer other than 2xx, so a broken set-up is never measured.
fn send(runtime: &Runtime, router: &Router, request: axum::http::Result<Request<Body>>) -> usize {
    let Ok(request) = request else {
        panic!("the request cannot be built");
    };
    runtime.block_on(async {
        let Ok(response) = router.clone().oneshot(request).await;
        assert!(response.status().is_success(), "{}", response.status());
        response
            .into_body()
            .collect()
            .await
            .map_or(0, |b| b.to_bytes().len())
    })
}

/// Sends `body` to `/graphql` `n` times.
#[inline(never)]
fn repeat(runtime: &Runtime, router: &Router, peer: ConnectInfo<SocketAddr>, body: &str, n: u32) {
    for _ in 0..n {
        send(runtime, router, post(body, peer));
    }
}

criterion_group!(benches, bench_http);
criterion_main!(benches);
