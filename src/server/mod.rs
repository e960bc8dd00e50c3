//! The HTTP server: an axum router over the store's current snapshot. Imports `api`, `store`
//! and `query` (for the budget of work); nothing below imports it.
//!
//! Routes: `GET`/`POST /graphql` ([`graphql`]), `/graphql/ws` ([`ws`]), `/graphiql` and
//! `/explore` (pages served from assets embedded in the binary, no CDN), `/` (redirects to
//! GraphiQL), `/schema.graphql`, `/export/…` (files for visualizers), `/healthz`, `/metrics`.
//! The listener is bound by the caller and shutdown is a future, so tests bind port 0 and stop
//! cleanly. Connections are accepted by [`connections`], with their timeouts and caps.

mod assets;
mod auth;
mod client;
mod config;
mod connections;
mod encode;
mod execute;
mod export;
mod graphql;
mod json;
mod measure;
mod nesting;
mod observe;
mod prepared;
mod rate;
mod reload;
mod request;
mod response_cache;
pub mod shutdown;
mod state;
mod write_deadline;
mod ws;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderName, Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{any, get};
use axum::Router;
use tokio::net::TcpListener;
use tower_http::cors::{Any, CorsLayer};

pub use config::{
    ConnectionLimits, ForwardedHeader, HttpLimits, ServeArgs, ServerConfig, WsLimits,
    RESPONSE_CACHE_BYTES,
};

use crate::graph::KnowledgeGraph;
use crate::ingest::IngestError;
use crate::store::Store;
use state::{AppState, Shared};

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
    connections::raise_open_file_limit();
    let addr: SocketAddr = listener.local_addr()?;
    let store = Store::new(&config.data_dir);
    let state = Shared::new(&config, store.clone())?;
    if state.admin_token.is_none() {
        tracing::info!("writes disabled (no CYBERKG_ADMIN_TOKEN)");
    }
    state.spawn_forgetting();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<Vec<IngestError>>();
    let watch = config.watch;
    // Before loading starts: a SIGHUP while loading is answered afterwards, never fatal.
    let hangups = reload::Hangups::listen();
    tokio::spawn(async move {
        let started = std::time::Instant::now();
        match store.start().await {
            Ok(change) => {
                tracing::info!(
                    entities = change.entities,
                    relations = change.relations,
                    millis = started.elapsed().as_millis() as u64,
                    "cyberkg ready on http://{addr}/graphiql"
                );
                reload::spawn_watchers(store, hangups, watch);
            }
            Err(errors) => {
                let _ = stop_tx.send(errors);
            }
        }
    });
    let failure: Arc<std::sync::Mutex<Option<Vec<IngestError>>>> = Arc::default();
    let failure_slot = failure.clone();
    let stopped = async move {
        tokio::select! {
            _ = shutdown => {}
            // A dropped sender means loading succeeded: keep serving.
            Ok(errors) = stop_rx => {
                if let Ok(mut slot) = failure_slot.lock() {
                    *slot = Some(errors);
                }
            }
        }
    };
    connections::serve(listener, router(state), config.connections, stopped).await?;
    let failed = failure.lock().ok().and_then(|mut slot| slot.take());
    match failed {
        Some(errors) => Err(ServeError::Load(errors)),
        None => Ok(()),
    }
}

/// The whole HTTP application (every route and layer `run` serves) on a data directory loaded
/// before it returns: for benchmarks and for embedding cyberkg in another server. File
/// watching is not started, nor are the connection limits, which belong to the listener.
/// Serve it with `into_make_service_with_connect_info::<SocketAddr>()` so the rate limits
/// tell clients apart; without it every client shares one address's limits.
pub async fn app(config: ServerConfig) -> Result<Router, ServeError> {
    let store = Store::new(&config.data_dir);
    store.start().await.map_err(ServeError::Load)?;
    let state = Shared::new(&config, store)?;
    state.spawn_forgetting();
    Ok(router(state))
}

/// Headers a browser page on another origin may read from the answers.
const EXPOSED: [HeaderName; 3] = [
    header::ETAG,
    HeaderName::from_static("x-request-id"),
    HeaderName::from_static("x-cyberkg-cache"),
];

fn router(state: AppState) -> Router {
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        .allow_headers([header::CONTENT_TYPE, header::ACCEPT, header::AUTHORIZATION])
        .expose_headers(EXPOSED)
        // The CORS headers are the same whatever the request's origin or preflight headers,
        // so caches have nothing to vary on (and no `Vary` header is built per response).
        .vary([]);
    let downloads = Router::new()
        .route("/export/{file}", get(export::export_file))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            rate::limit_downloads,
        ));
    let routes = Router::new()
        .route("/graphql", any(graphql::graphql))
        .route("/graphql/ws", get(ws::upgrade))
        .route("/", get(|| async { Redirect::temporary("/graphiql") }))
        .route("/graphiql", get(assets::graphiql_page))
        .route("/graphiql/assets/{file}", get(assets::graphiql_asset))
        .route("/explore", get(assets::explore_page))
        .route("/explore/assets/{file}", get(assets::explore_asset))
        .route("/schema.graphql", get(schema_sdl))
        .route("/healthz", get(healthz))
        .route("/metrics", get(observe::metrics))
        .merge(downloads)
        .with_state(state);
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
