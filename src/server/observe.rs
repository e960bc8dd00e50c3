//! Operability: Prometheus metrics at `/metrics` (requests, latency histograms, errors by
//! code, snapshot age and size) and structured request logs carrying a request id
//! (`x-request-id`, generated when absent and echoed back).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::trace::TraceLayer;

use super::AppState;

static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The process-wide recorder (installed once; servers in one process share it).
fn recorder() -> Option<&'static PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            PrometheusBuilder::new()
                .set_buckets(&[
                    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                ])
                .ok()
                .and_then(|b| b.install_recorder().ok())
        })
        .as_ref()
}

/// Counts each error of a GraphQL response by its `extensions.code`.
pub(super) fn count_errors(response: &async_graphql::Response) {
    for error in &response.errors {
        let code = error
            .extensions
            .as_ref()
            .and_then(|e| e.get("code"))
            .map(|v| v.to_string().trim_matches('"').to_string())
            .unwrap_or_else(|| "UNKNOWN".into());
        metrics::counter!("cyberkg_graphql_errors_total", "code" => code).increment(1);
    }
}

async fn measure(request: Request, next: Next) -> Response {
    let _ = recorder();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".into());
    let method = request.method().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    let seconds = started.elapsed().as_secs_f64();
    metrics::counter!("cyberkg_http_requests_total", "route" => route.clone(), "method" => method, "status" => status).increment(1);
    metrics::histogram!("cyberkg_http_request_duration_seconds", "route" => route).record(seconds);
    response
}

/// A random tag drawn once per process (16 hex digits of a version-4 UUID, 60 of whose bits
/// are random): what tells this run's request ids and entity tags from another run's.
pub(super) fn process_tag() -> &'static str {
    static TAG: OnceLock<String> = OnceLock::new();
    TAG.get_or_init(|| uuid::Uuid::new_v4().simple().to_string()[..16].to_string())
}

/// Request ids for requests that come without one: the [`process_tag`] and a counter (`3f2a…-1c`), unique within a run and across runs without asking the
/// kernel for randomness on every request as a version-4 UUID would.
#[derive(Clone)]
struct RequestIds {
    prefix: Arc<str>,
    next: Arc<AtomicU64>,
}

impl RequestIds {
    fn new() -> Self {
        RequestIds {
            prefix: Arc::from(process_tag()),
            next: Arc::new(AtomicU64::new(1)),
        }
    }
}

impl MakeRequestId for RequestIds {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        HeaderValue::from_str(&format!("{}-{n:x}", self.prefix))
            .ok()
            .map(RequestId::new)
    }
}

/// Wraps the router with request ids, request logs and measurements.
pub(super) fn instrument(router: Router) -> Router {
    let trace = TraceLayer::new_for_http().make_span_with(|request: &Request| {
        let id = request.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-").to_string();
        tracing::info_span!("request", request_id = %id, method = %request.method(), path = %request.uri().path())
    });
    router
        .layer(middleware::from_fn(measure))
        .layer(trace)
        .layer(PropagateRequestIdLayer::new(REQUEST_ID.clone()))
        .layer(SetRequestIdLayer::new(
            REQUEST_ID.clone(),
            RequestIds::new(),
        ))
}

/// `GET /metrics`: Prometheus text format, with the snapshot's size and age refreshed.
pub(super) async fn metrics(State(state): State<AppState>) -> Response {
    let Some(handle) = recorder() else {
        return (
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "metrics recorder unavailable\n",
        )
            .into_response();
    };
    if let Some(graph) = state.store.snapshot() {
        let (entities, relations, documents) = crate::store::size(&graph);
        metrics::gauge!("cyberkg_snapshot_entities").set(entities as f64);
        metrics::gauge!("cyberkg_snapshot_relations").set(relations as f64);
        metrics::gauge!("cyberkg_snapshot_documents").set(documents as f64);
    }
    if let Some(age) = state.store.loaded_at().and_then(|t| t.elapsed().ok()) {
        metrics::gauge!("cyberkg_snapshot_age_seconds").set(age.as_secs_f64());
    }
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        handle.render(),
    )
        .into_response()
}
