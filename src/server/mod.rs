//! The HTTP server: an axum router over the store's current snapshot.
//!
//! Routes: `POST`/`GET /graphql`, `/graphql/ws` (subscriptions), `/graphiql` and `/explore`
//! (pages served from assets embedded in the binary, no CDN), `/` (redirects to GraphiQL),
//! `/schema.graphql`, `/export/…` (files for visualizers), `/healthz`, `/metrics`. The listener
//! is bound by the caller and shutdown is a future, so tests bind port 0 and stop cleanly.

mod answer;
mod assets;
mod cache;
mod export;
mod guard;
mod nesting;
mod observe;
mod reload;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use async_graphql::{ErrorExtensionValues, Value};
use async_graphql_axum::{GraphQLRequest, GraphQLSubscription};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use futures_util::FutureExt;
use tokio::net::TcpListener;
use tower_http::cors::{Any, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;

pub use guard::HttpLimits;

use crate::api::mutation::Access;
use crate::api::{build_schema, CyberSchema, Limits};
use crate::graph::KnowledgeGraph;
use crate::ingest::IngestError;
use crate::query::limits::Work;
use crate::store::Store;

/// What the server needs to start.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The data directory to load.
    pub data_dir: PathBuf,
    /// Query limits.
    pub limits: Limits,
    /// HTTP-level limits: body size, timeout, rate, query size, aliases.
    pub http: HttpLimits,
    /// The bearer token that allows writes; `None` disables them.
    pub admin_token: Option<String>,
    /// Whether to reload when files in the data directory change (SIGHUP always reloads).
    pub watch: bool,
    /// Memory for answers to repeated read queries, kept per snapshot version; 0 turns the
    /// cache off.
    pub response_cache_bytes: u64,
}

/// The default memory for answers to repeated queries: 64 MiB.
pub const RESPONSE_CACHE_BYTES: u64 = 64 << 20;

impl ServerConfig {
    /// Defaults for a data directory: standard limits, writes disabled, no file watching.
    pub fn new(data_dir: PathBuf) -> Self {
        ServerConfig {
            data_dir,
            limits: Limits::default(),
            http: HttpLimits::default(),
            admin_token: None,
            watch: false,
            response_cache_bytes: RESPONSE_CACHE_BYTES,
        }
    }
}

/// Why the server stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The data directory could not be loaded; every problem is listed.
    #[error("cannot load the data directory:\n{}", .0.iter().map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n"))]
    Load(Vec<IngestError>),
    /// The listener failed.
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
    /// The schema could not be read for pricing queries (a bug, not a configuration error).
    #[error("cannot price queries: {0}")]
    Schema(String),
}

/// Memory the parsed-query cache may take (estimated): a few thousand typical queries.
const PARSED_QUERY_BYTES: u64 = 32 << 20;
/// Memory the requests known to pass validation may take: tens of thousands of keys.
const VALIDATED_BYTES: u64 = 16 << 20;

/// Selections in a document from which a remembered request is not validated at all rather
/// than checked for its limits only. Even that check walks the whole document, looking up
/// each field's type and arguments (about 1 800 instructions a field, `scripts/instructions.sh`);
/// not validating takes a schema extension, which puts every field async-graphql resolves
/// through the extension's hook (about 2 700 a request and some hundreds a field). A
/// document with fewer selections walks faster than its fields go through the hook:
/// `{ __typename }` (1) and the paths query of `bench/run.sh` (4) cost 1 700 and 5 000 more
/// without validation, the lookup (9) 8 400 less.
const SKIP_VALIDATION_FROM: u64 = 8;

/// What every handler shares, behind one `Arc` so a request clones a single pointer.
type AppState = Arc<Shared>;

/// Shared state of the router: the schemas, the store (whose snapshot is swapped whole), the
/// configuration and the caches.
struct Shared {
    schema: CyberSchema,
    /// The same schema checking only the limits (depth, complexity, recursion), for small
    /// documents among the requests in `validated`.
    fast_schema: CyberSchema,
    /// The same schema not validating at all ([`cache::RememberedValidation`]), for larger
    /// documents among the requests in `validated` ([`SKIP_VALIDATION_FROM`]).
    unvalidated_schema: CyberSchema,
    ws_schema: CyberSchema,
    store: Arc<Store>,
    limits: Limits,
    http: HttpLimits,
    admin_token: Option<Arc<str>>,
    parsed: Arc<guard::ParsedQueries>,
    /// Prices each query on the snapshot it will run on, before it runs.
    cost: Arc<crate::api::cost::CostModel>,
    answers: cache::ResponseCache,
    validated: cache::ValidatedRequests,
}

/// Loads a data directory into a snapshot.
pub fn load_graph(data_dir: &std::path::Path) -> Result<KnowledgeGraph, Vec<IngestError>> {
    crate::store::load(data_dir)
}

/// Serves until `shutdown` resolves. The listener is already bound; the graph is loaded in
/// the background and `/healthz` answers 503 until it is ready. A data directory that fails
/// to load at start-up stops the server with every problem listed; later reloads that fail
/// keep the old snapshot serving.
pub async fn run(
    listener: TcpListener,
    config: ServerConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let addr: SocketAddr = listener.local_addr()?;
    let store = Store::new(&config.data_dir);
    let state = shared(&config, store.clone())?;
    if state.admin_token.is_none() {
        tracing::info!("writes disabled (no CYBERKG_ADMIN_TOKEN)");
    }
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<Vec<IngestError>>();
    let loader = store.clone();
    let watch = config.watch;
    // Before loading starts: a SIGHUP while loading is answered afterwards, never fatal.
    let hangups = reload::Hangups::listen();
    tokio::spawn(async move {
        let started = std::time::Instant::now();
        match loader.start().await {
            Ok(change) => {
                tracing::info!(
                    entities = change.entities,
                    relations = change.relations,
                    millis = started.elapsed().as_millis() as u64,
                    "cyberkg ready on http://{addr}/graphiql"
                );
                reload::spawn_watchers(loader, hangups, watch);
            }
            Err(errors) => {
                let _ = stop_tx.send(errors);
            }
        }
    });
    let failure: Arc<std::sync::Mutex<Option<Vec<IngestError>>>> = Arc::default();
    let failure_slot = failure.clone();
    let app = router(state);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        tokio::select! {
            _ = shutdown => {}
            // A dropped sender means loading succeeded: keep serving.
            Ok(errors) = stop_rx => {
                if let Ok(mut slot) = failure_slot.lock() {
                    *slot = Some(errors);
                }
            }
        }
    })
    .await?;
    let failed = failure.lock().ok().and_then(|mut slot| slot.take());
    match failed {
        Some(errors) => Err(ServeError::Load(errors)),
        None => Ok(()),
    }
}

/// The router's shared state for a configuration and a store.
fn shared(config: &ServerConfig, store: Arc<Store>) -> Result<AppState, ServeError> {
    let parsed = Arc::new(guard::ParsedQueries::new(PARSED_QUERY_BYTES));
    let schema = build_schema(config.limits, Some(store.clone()));
    let cost =
        Arc::new(crate::api::cost::CostModel::of_api(config.limits).map_err(ServeError::Schema)?);
    // WebSocket operations do not pass the HTTP handler's guard: their schema carries it as
    // an extension (kept off the HTTP schema, where any extension slows every field).
    let ws_schema = crate::api::schema_builder(config.limits, Some(store.clone()))
        .extension(guard::WsGuard {
            limits: config.http,
            max_cost: config.limits.complexity,
            work: config.limits.work,
            parsed: parsed.clone(),
            model: cost.clone(),
            store: store.clone(),
        })
        .finish();
    Ok(Arc::new(Shared {
        schema,
        fast_schema: crate::api::schema_builder(config.limits, Some(store.clone()))
            .validation_mode(async_graphql::ValidationMode::Fast)
            .finish(),
        unvalidated_schema: crate::api::schema_builder(config.limits, Some(store.clone()))
            .extension(cache::RememberedValidation)
            .finish(),
        ws_schema,
        store: store.clone(),
        limits: config.limits,
        http: config.http,
        admin_token: config
            .admin_token
            .as_deref()
            .filter(|t| !t.is_empty())
            .map(Arc::from),
        parsed,
        cost,
        answers: cache::ResponseCache::new(config.response_cache_bytes),
        validated: cache::ValidatedRequests::new(VALIDATED_BYTES),
    }))
}

/// The whole HTTP application (every route and layer `run` serves) on a data directory loaded
/// before it returns: for benchmarks and for embedding cyberkg in another server. File
/// watching is not started. The per-IP rate limit (on unless `config.http.rate_per_second` is
/// 0) reads the client's address: serve the router with
/// `into_make_service_with_connect_info::<SocketAddr>()`, as `run` does, or every request is
/// refused with 429. With the rate limit on, each call starts a task that forgets idle
/// clients once a minute, for the life of the runtime.
pub async fn app(config: ServerConfig) -> Result<Router, ServeError> {
    let store = Store::new(&config.data_dir);
    store.start().await.map_err(ServeError::Load)?;
    Ok(router(shared(&config, store)?))
}

fn router(state: AppState) -> Router {
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        .allow_headers([header::CONTENT_TYPE, header::ACCEPT, header::AUTHORIZATION])
        // The CORS headers are the same whatever the request's origin or preflight headers,
        // so caches have nothing to vary on (and no `Vary` header is built per response).
        .vary([]);
    let http = state.http;
    let ws = GraphQLSubscription::new(state.ws_schema.clone());
    let routes = Router::new()
        .route("/graphql", get(graphql).post(graphql))
        .route_service("/graphql/ws", ws)
        .route("/", get(|| async { Redirect::temporary("/graphiql") }))
        .route("/graphiql", get(assets::graphiql_page))
        .route("/graphiql/assets/{file}", get(assets::graphiql_asset))
        .route("/explore", get(assets::explore_page))
        .route("/explore/assets/{file}", get(assets::explore_asset))
        .route("/schema.graphql", get(schema_sdl))
        .route("/export/{file}", get(export::export_file))
        .route("/healthz", get(healthz))
        .route("/metrics", get(observe::metrics))
        .layer(DefaultBodyLimit::max(http.body_bytes))
        .layer(RequestBodyLimitLayer::new(http.body_bytes))
        .with_state(state);
    let routes = guard::rate_limited(routes, http);
    observe::instrument(routes).layer(cors)
}

async fn healthz(State(state): State<AppState>) -> Response {
    match state.store.snapshot() {
        Some(graph) => (
            StatusCode::OK,
            format!(
                "ok: {} entities, {} relations\n",
                graph.entity_count(),
                graph.relation_count()
            ),
        )
            .into_response(),
        None => (StatusCode::SERVICE_UNAVAILABLE, "loading\n").into_response(),
    }
}

async fn schema_sdl(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        state.schema.sdl(),
    )
        .into_response()
}

/// Gives request-level errors (syntax, validation, argument coercion) an `extensions.code`
/// too, so every error a client sees carries one.
fn classify_errors(response: &mut async_graphql::Response) {
    for error in &mut response.errors {
        let has_code = error
            .extensions
            .as_ref()
            .is_some_and(|e| e.get("code").is_some());
        if has_code {
            continue;
        }
        // A required variable the request does not give is found at execution, with a path.
        let missing_variable = error
            .message
            .strip_prefix("Variable ")
            .and_then(|m| m.strip_suffix(" is not defined."))
            .map(|name| {
                format!("the query needs variable ${name}, and the request does not give it")
            });
        let bad_value = error.message.starts_with("Invalid value for argument")
            || missing_variable.is_some()
            || error.message.contains("got invalid value")
            || error.message.starts_with("Failed to parse");
        let code = if bad_value {
            "BAD_USER_INPUT"
        } else if error.message.contains("Query is too complex")
            || error.message.contains("Query is nested too deep")
        {
            "QUERY_TOO_EXPENSIVE"
        } else if error.path.is_empty()
            && !error.locations.is_empty()
            && error.message.contains("expected")
        {
            "GRAPHQL_PARSE_FAILED"
        } else if error.path.is_empty() {
            "GRAPHQL_VALIDATION_FAILED"
        } else {
            "INTERNAL"
        };
        if let Some(message) = missing_variable {
            error.message = message;
        }
        if bad_value && error.message.contains("\"Date\"") {
            error
                .message
                .push_str(": a date is YYYY, YYYY-MM or YYYY-MM-DD and must exist in the calendar");
        }
        let mut extensions = error
            .extensions
            .take()
            .unwrap_or_else(ErrorExtensionValues::default);
        extensions.set("code", Value::from(code));
        error.extensions = Some(extensions);
    }
}

/// A response holding one error with `extensions.code`.
fn coded_error(message: String, code: &str) -> async_graphql::Response {
    let mut error = async_graphql::ServerError::new(message, None);
    let mut ext = ErrorExtensionValues::default();
    ext.set("code", Value::from(code));
    error.extensions = Some(ext);
    async_graphql::Response::from_errors(vec![error])
}

/// Decides the caller's access from the `Authorization` header, comparing tokens in
/// constant time. The token is never logged.
fn access(headers: &HeaderMap, admin_token: Option<&str>) -> Access {
    let Some(expected) = admin_token else {
        return Access::WritesDisabled;
    };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if guard::same_secret(presented.as_bytes(), expected.as_bytes()) {
        Access::Admin
    } else {
        Access::Anonymous
    }
}

/// Stops a request's work when the handler ends (answered, timed out, or dropped because the
/// client went away).
struct StopWhenDropped(Arc<Work>);

impl Drop for StopWhenDropped {
    fn drop(&mut self) {
        self.0.stop();
    }
}

/// Says whether an answer came from the response cache (`hit`) or was computed (`miss`).
static CACHE_HEADER: header::HeaderName = header::HeaderName::from_static("x-cyberkg-cache");

/// An answer as JSON bytes, with the content type async-graphql-axum gives its own.
fn json_answer(body: axum::body::Bytes, cache: &'static str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                header::HeaderValue::from_static(answer::CONTENT_TYPE),
            ),
            (
                CACHE_HEADER.clone(),
                header::HeaderValue::from_static(cache),
            ),
        ],
        body,
    )
        .into_response()
}

async fn graphql(
    State(state): State<AppState>,
    headers: HeaderMap,
    request: GraphQLRequest,
) -> Response {
    let Some((version, graph)) = state.store.versioned_snapshot() else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "the knowledge graph is still loading\n",
        )
            .into_response();
    };
    let mut request = request.into_inner();
    // Written out for the response cache before anything else, else only for a read (below):
    // a write's variables may hold a whole document.
    let variables = state
        .answers
        .is_on()
        .then(|| cache::Variables::of(&request))
        .flatten();
    // A query answered on this snapshot before is answered again from the cache.
    if let Some(variables) = &variables {
        if let Some(body) = state.answers.get(version, &request, variables) {
            metrics::counter!("cyberkg_response_cache_total", "result" => "hit").increment(1);
            return json_answer(body, "hit");
        }
    }
    let pricing = guard::Pricing {
        model: &state.cost,
        sizes: graph.sizes(),
        max_cost: state.limits.complexity,
    };
    let spent = match guard::check_query(&mut request, &state.http, pricing, &state.parsed) {
        Ok(spent) => spent,
        Err(refusal) => {
            let mut response = async_graphql::Response::from_errors(vec![refusal]);
            classify_errors(&mut response);
            observe::count_errors(&response);
            return answer::respond(response);
        }
    };
    let variables = match variables {
        Some(variables) => Some(variables),
        None if spent.read_only => cache::Variables::of(&request),
        None => None,
    };
    // A read that passed full validation before is checked for its limits only or, when
    // its document is larger, not validated at all (what its validation gave goes with it).
    let remembered = variables
        .as_ref()
        .filter(|_| spent.read_only)
        .and_then(|variables| state.validated.get(&request, variables));
    let validated = remembered.is_some();
    // What is needed afterwards to keep the answer or remember that the request is valid.
    let asked = variables
        .filter(|_| spent.read_only && (state.answers.is_on() || !validated))
        .map(|variables| {
            (
                variables,
                request.query.clone(),
                request.operation_name.clone(),
            )
        });
    metrics::counter!("cyberkg_validation_total", "rules" => if validated { "remembered" } else { "all" })
        .increment(1);
    let schema = match remembered {
        Some(cache_control) if spent.selections >= SKIP_VALIDATION_FROM => {
            request = request.data(cache::Validated(async_graphql::ValidationResult {
                cache_control,
                complexity: usize::try_from(spent.cost).unwrap_or(usize::MAX),
                depth: usize::try_from(spent.depth).unwrap_or(usize::MAX),
            }));
            &state.unvalidated_schema
        }
        Some(_) => &state.fast_schema,
        None => &state.schema,
    };
    // Each request keeps the snapshot it started with, whatever is swapped in meanwhile, and
    // a budget of work that every list item and traversal step spends from; the budget is
    // stopped when this handler ends, early or not, so computations off the async workers
    // stop with it.
    let work = Arc::new(Work::new(state.limits.work));
    let _stop = StopWhenDropped(work.clone());
    let request = request
        .data(graph)
        .data(work)
        .data(state.store.clone())
        .data(access(&headers, state.admin_token.as_deref()));
    // Executed on this request's task: past the deadline the client gets its error and the
    // execution is dropped at its next yield point (lists yield every 128 items; the heavy
    // computations run off the async workers and are stopped when dropped). An answer that
    // was only ready after the deadline (work that did not yield in time) is not sent either:
    // past the limit is always `TIMEOUT`. The execution is dropped too when this handler is
    // (the client closed the connection). A panic is caught and answered as an internal error.
    let limit = Duration::from_millis(state.http.timeout_ms);
    let started = std::time::Instant::now();
    let execution = std::panic::AssertUnwindSafe(schema.execute(request)).catch_unwind();
    let mut response = match tokio::time::timeout(limit, execution).await {
        Ok(Ok(response)) if started.elapsed() <= limit => response,
        Ok(Err(_)) => {
            tracing::error!("the query panicked");
            coded_error("the query failed on the server".into(), "INTERNAL")
        }
        Ok(Ok(_)) | Err(_) => coded_error(
            format!(
                "the query ran past the {} ms execution limit",
                state.http.timeout_ms
            ),
            "TIMEOUT",
        ),
    };
    classify_errors(&mut response);
    observe::count_errors(&response);
    // What the client spent: the connection-aware cost and the nesting depth.
    response
        .extensions
        .insert("cost".into(), Value::from(spent.cost));
    response
        .extensions
        .insert("depth".into(), Value::from(spent.depth));
    // The last line of defence on size: an answer larger than allowed is not sent.
    let mut body = answer::to_json(&response);
    if body.len() > state.http.answer_bytes {
        response = coded_error(
            format!(
                "the answer is {} bytes; at most {} are sent: ask for smaller pages or fewer fields",
                body.len(),
                state.http.answer_bytes
            ),
            "RESULT_TOO_LARGE",
        );
        observe::count_errors(&response);
        body = answer::to_json(&response);
    }
    let Some((variables, query, operation)) = asked else {
        return answer::respond_encoded(response, body);
    };
    // Errors with a path come from resolvers: the request passed validation.
    if !validated && response.errors.iter().all(|e| !e.path.is_empty()) {
        state.validated.keep(
            query.clone(),
            operation.clone(),
            &variables,
            response.cache_control,
        );
    }
    // Only a complete answer is kept: no errors, no headers of its own.
    if !state.answers.is_on() || !response.errors.is_empty() || !response.http_headers.is_empty() {
        return answer::respond_encoded(response, body);
    }
    metrics::counter!("cyberkg_response_cache_total", "result" => "miss").increment(1);
    let body = axum::body::Bytes::from(body);
    state
        .answers
        .keep(version, query, operation, &variables, body.clone());
    json_answer(body, "miss")
}
