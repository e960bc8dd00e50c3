//! The HTTP server: an axum router over the current snapshot.
//!
//! Routes: `POST`/`GET /graphql`, `/graphiql` (served from assets embedded in the binary, no
//! CDN), `/` (redirects to GraphiQL), `/schema.graphql`, `/export/…` (files for visualizers),
//! `/healthz`. The listener is bound by
//! the caller and shutdown is a future, so tests bind port 0 and stop the server cleanly.

mod assets;
mod export;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use arc_swap::ArcSwapOption;
use async_graphql::{ErrorExtensionValues, Value};
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::extract::State;
use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;
use tower_http::cors::{Any, CorsLayer};

use crate::api::{build_schema, CyberSchema, Limits};
use crate::graph::KnowledgeGraph;
use crate::ingest::{self, IngestError};

/// What the server needs to start.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The data directory to load.
    pub data_dir: PathBuf,
    /// Query limits.
    pub limits: Limits,
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
}

/// Shared state of the router: the schema and the current snapshot, swapped whole.
#[derive(Clone)]
struct AppState {
    schema: CyberSchema,
    graph: Arc<ArcSwapOption<KnowledgeGraph>>,
    limits: Limits,
}

/// Loads a data directory into a snapshot.
pub fn load_graph(data_dir: &std::path::Path) -> Result<KnowledgeGraph, Vec<IngestError>> {
    let data = ingest::load_dir(data_dir)?;
    let graph = KnowledgeGraph::build(data.extractions);
    for warning in graph.warnings() {
        tracing::warn!(document = ?warning.document, "{}", warning.message);
    }
    Ok(graph)
}

/// Serves until `shutdown` resolves. The listener is already bound; the graph is loaded in
/// the background and `/healthz` answers 503 until it is ready. A data directory that fails
/// to load stops the server with every problem listed.
pub async fn run(
    listener: TcpListener,
    config: ServerConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let addr: SocketAddr = listener.local_addr()?;
    let state = AppState {
        schema: build_schema(config.limits),
        graph: Arc::new(ArcSwapOption::empty()),
        limits: config.limits,
    };
    let (failed_tx, failed_rx) = tokio::sync::oneshot::channel::<Vec<IngestError>>();
    let loader_state = state.graph.clone();
    let data_dir = config.data_dir.clone();
    tokio::spawn(async move {
        let started = std::time::Instant::now();
        match tokio::task::spawn_blocking(move || load_graph(&data_dir)).await {
            Ok(Ok(graph)) => {
                tracing::info!(
                    entities = graph.entity_count(),
                    relations = graph.relation_count(),
                    millis = started.elapsed().as_millis() as u64,
                    "cyberkg ready on http://{addr}/graphiql"
                );
                loader_state.store(Some(Arc::new(graph)));
            }
            Ok(Err(errors)) => {
                let _ = failed_tx.send(errors);
            }
            Err(join) => {
                let _ = failed_tx.send(vec![IngestError::Malformed {
                    file: "data".into(),
                    line: 0,
                    reason: format!("loader crashed: {join}"),
                }]);
            }
        }
    });
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let load_failure = tokio::spawn(async move {
        let errors = failed_rx.await.ok();
        if errors.is_some() {
            let _ = stop_tx.send(());
        }
        errors
    });
    let app = router(state);
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            tokio::select! {
                _ = shutdown => {}
                // A dropped sender means loading succeeded: keep serving.
                Ok(()) = stop_rx => {}
            }
        })
        .await?;
    load_failure.abort();
    match load_failure.await {
        Ok(Some(errors)) => Err(ServeError::Load(errors)),
        _ => Ok(()),
    }
}

fn router(state: AppState) -> Router {
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        .allow_headers([header::CONTENT_TYPE, header::ACCEPT]);
    Router::new()
        .route("/graphql", get(graphql).post(graphql))
        .route("/", get(|| async { Redirect::temporary("/graphiql") }))
        .route("/graphiql", get(assets::graphiql_page))
        .route("/graphiql/assets/{file}", get(assets::graphiql_asset))
        .route("/schema.graphql", get(schema_sdl))
        .route("/export/{file}", get(export::export_file))
        .route("/healthz", get(healthz))
        .layer(cors)
        .with_state(state)
}

async fn healthz(State(state): State<AppState>) -> Response {
    match state.graph.load_full() {
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
        let bad_value = error.message.starts_with("Invalid value for argument")
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

async fn graphql(State(state): State<AppState>, request: GraphQLRequest) -> Response {
    let Some(graph) = state.graph.load_full() else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "the knowledge graph is still loading\n",
        )
            .into_response();
    };
    // Each request keeps the snapshot it started with, whatever is swapped in meanwhile.
    let request = request.into_inner().data(graph);
    let mut response = state.schema.execute(request).await;
    classify_errors(&mut response);
    GraphQLResponse::from(response).into_response()
}
