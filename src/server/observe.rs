//! Operability: Prometheus metrics at `/metrics` (requests, latency histograms, errors by
//! code, snapshot age and size) and structured request logs carrying a request id
//! (`x-request-id`, generated when absent and echoed back).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use tracing::Instrument;

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

/// The methods counted under their own name; any other is counted as `OTHER`, so a client
/// inventing methods cannot make new series.
const METHODS: [Method; 7] = [
    Method::GET,
    Method::POST,
    Method::HEAD,
    Method::OPTIONS,
    Method::PUT,
    Method::DELETE,
    Method::PATCH,
];

/// A route's series by method (index in [`METHODS`], or its length for `OTHER`) and status.
type RouteSeries = HashMap<(usize, u16), (metrics::Counter, metrics::Histogram)>;

thread_local! {
    /// Each worker's handles to the series it has counted, by route, then method and status:
    /// a request updates two atomics instead of building label sets and looking them up in the
    /// recorder's registry. Routes are the router's own paths (a request no route matches is
    /// `unmatched`), so these maps are bounded like the series themselves.
    static HANDLES: std::cell::RefCell<HashMap<Box<str>, RouteSeries>> =
        std::cell::RefCell::new(HashMap::new());
}

/// Everything the server does around each request, in one layer: the request id (taken from
/// `x-request-id` or made, and echoed in the response), a `request` span carrying it (so every
/// log line written while the request is served names it), a log line for a response that
/// failed on the server (5xx, at `error`) and for every response at `debug`, and the request
/// counter and latency histogram. One layer instead of four (request id, propagation, trace,
/// metrics) keeps this cost a fraction of an empty query's (`cargo bench --bench http`).
async fn observe(State(ids): State<RequestIds>, mut request: Request, next: Next) -> Response {
    let _ = recorder();
    let id = match request.headers().get(&REQUEST_ID) {
        Some(id) => id.clone(),
        None => {
            let id = ids.make();
            request.headers_mut().insert(REQUEST_ID.clone(), id.clone());
            id
        }
    };
    let route = request.extensions().get::<MatchedPath>().cloned();
    let method = METHODS
        .iter()
        .position(|m| m == request.method())
        .unwrap_or(METHODS.len());
    // The span holds the id alone (what ties a request's log lines together); method and path
    // go on the line that reports the response.
    let span = tracing::info_span!("request", request_id = %id.to_str().unwrap_or("-"));
    let (verb, uri) = (request.method().clone(), request.uri().clone());
    let started = Instant::now();
    let mut response = next.run(request).instrument(span.clone()).await;
    let elapsed = started.elapsed();
    let status = response.status();
    span.in_scope(|| {
        let (code, millis) = (status.as_u16(), elapsed.as_millis() as u64);
        let path = uri.path();
        if status.is_server_error() {
            tracing::error!(method = %verb, path = %path, status = code, millis, "response failed");
        } else {
            tracing::debug!(method = %verb, path = %path, status = code, millis, "response");
        }
    });
    response.headers_mut().insert(REQUEST_ID.clone(), id);
    let route = route.as_ref().map_or("unmatched", MatchedPath::as_str);
    HANDLES.with_borrow_mut(|handles| {
        if !handles.contains_key(route) {
            handles.insert(Box::from(route), HashMap::new());
        }
        let Some(series) = handles.get_mut(route) else {
            return;
        };
        let (requests, duration) = series.entry((method, status.as_u16())).or_insert_with(|| {
            let route = route.to_string();
            let method = METHODS.get(method).map_or("OTHER", Method::as_str).to_string();
            (
                metrics::counter!("cyberkg_http_requests_total", "route" => route.clone(), "method" => method, "status" => status.as_u16().to_string()),
                metrics::histogram!("cyberkg_http_request_duration_seconds", "route" => route),
            )
        });
        requests.increment(1);
        duration.record(elapsed.as_secs_f64());
    });
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

    /// The next id.
    fn make(&self) -> HeaderValue {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        HeaderValue::from_str(&format!("{}-{n:x}", self.prefix))
            .unwrap_or_else(|_| HeaderValue::from_static("-"))
    }
}

/// Wraps the router with request ids, request logs and measurements ([`observe`]).
pub(super) fn instrument(router: Router) -> Router {
    router.layer(middleware::from_fn_with_state(RequestIds::new(), observe))
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

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::net::SocketAddr;
    use std::path::PathBuf;
    use std::sync::Mutex;

    use axum::body::Body;
    use axum::extract::ConnectInfo;
    use axum::http::StatusCode;
    use tower::ServiceExt;

    use super::*;
    use crate::server::state::Shared;
    use crate::server::{router, ServerConfig};
    use crate::store::Store;

    /// Log output kept in memory.
    #[derive(Clone, Default)]
    struct Logs(Arc<Mutex<Vec<u8>>>);

    impl Write for Logs {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            if let Ok(mut logs) = self.0.lock() {
                logs.extend_from_slice(bytes);
            }
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Logs {
        fn text(&self) -> String {
            self.0
                .lock()
                .map(|logs| String::from_utf8_lossy(&logs).into_owned())
                .unwrap_or_default()
        }
    }

    fn get(method: &str, path: &str, id: Option<&str>) -> Request {
        let mut request = axum::http::Request::builder()
            .method(method)
            .uri(path)
            .extension(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 9))));
        if let Some(id) = id {
            request = request.header(&REQUEST_ID, id);
        }
        request.body(Body::empty()).unwrap()
    }

    /// Logs at `info` and above kept in memory on this thread until the guard is dropped.
    fn capture_logs() -> (Logs, tracing::subscriber::DefaultGuard) {
        let logs = Logs::default();
        let writer = logs.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .with_max_level(tracing::Level::INFO)
            .finish();
        (logs, tracing::subscriber::set_default(subscriber))
    }

    /// A server whose data directory is not loaded yet: `/healthz` answers 503.
    #[tokio::test(flavor = "current_thread")]
    async fn a_failed_response_is_logged_under_its_request_id_and_counted() {
        let (logs, _logging) = capture_logs();
        let config = ServerConfig::new(PathBuf::from("/nonexistent/cyberkg-data"));
        let Ok(state) = Shared::new(&config, Store::new(&config.data_dir)) else {
            panic!("the shared state builds");
        };
        let app = router(state);

        let response = app
            .clone()
            .oneshot(get("GET", "/healthz", Some("probe-7")))
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()[&REQUEST_ID], "probe-7");
        let text = logs.text();
        let line = text
            .lines()
            .find(|l| l.contains("response failed"))
            .unwrap_or_else(|| panic!("no failure logged:\n{text}"));
        for needle in [
            "request_id=probe-7",
            "status=503",
            "path=/healthz",
            "method=GET",
        ] {
            assert!(line.contains(needle), "{needle} missing from {line}");
        }

        // Without an id, one is made, echoed and logged.
        let response = app
            .clone()
            .oneshot(get("GET", "/healthz", None))
            .await
            .unwrap();
        let made = response.headers()[&REQUEST_ID]
            .to_str()
            .unwrap()
            .to_string();
        assert!(made.starts_with(process_tag()), "{made}");
        assert!(logs.text().contains(&format!("request_id={made}")));

        // A method the server does not know is counted as OTHER, not as a new series.
        let response = app
            .clone()
            .oneshot(get("BREW", "/healthz", None))
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
        let rendered = recorder().map(|r| r.render()).unwrap_or_default();
        let counted = |method: &str, status: &str| {
            rendered.lines().any(|l| {
                l.starts_with("cyberkg_http_requests_total")
                    && l.contains("route=\"/healthz\"")
                    && l.contains(&format!("method=\"{method}\""))
                    && l.contains(&format!("status=\"{status}\""))
            })
        };
        assert!(counted("OTHER", "405"), "{rendered}");
        assert!(counted("GET", "503"), "{rendered}");
        assert!(!rendered.contains("BREW"), "{rendered}");
    }

    /// `app` refuses a data directory that does not load, naming it.
    #[tokio::test(flavor = "current_thread")]
    async fn the_application_is_not_built_on_a_directory_that_does_not_load() {
        let dir = PathBuf::from("/nonexistent/cyberkg-data");
        let Err(error) = crate::server::app(ServerConfig::new(dir)).await else {
            panic!("a missing data directory was accepted");
        };
        let message = error.to_string();
        assert!(
            message.starts_with("cannot load the data directory"),
            "{message}"
        );
        assert!(message.contains("/nonexistent/cyberkg-data"), "{message}");
    }

    /// A line a handler logs while it serves the request names the request's id.
    #[tokio::test(flavor = "current_thread")]
    async fn lines_logged_by_a_handler_carry_the_request_id() {
        let (logs, _logging) = capture_logs();
        let app = instrument(Router::new().route(
            "/healthz",
            axum::routing::get(|| async {
                tokio::task::yield_now().await;
                tracing::warn!("inside the handler");
                "ok"
            }),
        ));
        let response = app
            .oneshot(get("GET", "/healthz", Some("probe-8")))
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let text = logs.text();
        let line = text
            .lines()
            .find(|l| l.contains("inside the handler"))
            .unwrap_or_else(|| panic!("nothing logged:\n{text}"));
        assert!(line.contains("request_id=probe-8"), "{line}");
    }
}
