//! What every handler shares, built once per server from its configuration.

use std::sync::Arc;

use super::client::Clients;
use super::config::{ConnectionLimits, HttpLimits, ServerConfig, WsLimits};
use super::prepared::PreparedQueries;
use super::rate::{ExecutionBudget, RequestRate};
use super::response_cache::ResponseCache;
use super::ServeError;
use crate::api::cost::CostModel;
use crate::api::{build_schema, CyberSchema, Limits};
use crate::store::Store;

/// Memory the prepared-query cache may take (estimated): a few thousand typical queries.
const PREPARED_QUERY_BYTES: u64 = 32 << 20;

/// What every handler shares, behind one `Arc` so a request clones a single pointer.
pub(super) type AppState = Arc<Shared>;

/// The server's shared state. Nothing here changes while serving but the caches, the rate
/// counters and the store's current snapshot (swapped whole, never edited).
pub(super) struct Shared {
    /// The one GraphQL schema both transports execute.
    pub schema: CyberSchema,
    /// The data directory and its current snapshot; each request takes the snapshot once
    /// and keeps it to the end.
    pub store: Arc<Store>,
    /// Query limits (depth, cost, work, traversal caps).
    pub limits: Limits,
    /// Request limits (sizes, time, rates).
    pub http: HttpLimits,
    /// Connection limits; the body timeout is read when a body is.
    pub connections: ConnectionLimits,
    /// WebSocket limits.
    pub websocket: WsLimits,
    /// How clients are told apart (trusted proxies and their header).
    pub clients: Clients,
    /// The token that allows writes; `None` when writes are disabled.
    pub admin_token: Option<Arc<str>>,
    /// Parsed and measured queries by their text, shared by HTTP and the WebSocket.
    pub prepared: PreparedQueries,
    /// Prices each query on the snapshot it will run on, before it runs.
    pub cost: CostModel,
    /// Answers to repeated reads, per snapshot version.
    pub answers: ResponseCache,
    /// Requests per second per client.
    pub rate: RequestRate,
    /// Milliseconds of execution per second per client (`None` when unlimited).
    pub execution: Option<Arc<ExecutionBudget>>,
}

impl Shared {
    /// The state for `config` over `store`.
    pub(super) fn new(config: &ServerConfig, store: Arc<Store>) -> Result<AppState, ServeError> {
        Ok(Arc::new(Shared {
            schema: build_schema(config.limits, Some(store.clone())),
            store,
            limits: config.limits,
            http: config.http,
            connections: config.connections,
            websocket: config.websocket,
            clients: Clients {
                trusted: config.trusted_proxies.clone(),
                header: config.forwarded_header,
            },
            admin_token: config
                .admin_token
                .as_deref()
                .filter(|t| !t.is_empty())
                .map(Arc::from),
            prepared: PreparedQueries::new(PREPARED_QUERY_BYTES),
            cost: CostModel::of_api(config.limits).map_err(ServeError::Schema)?,
            answers: ResponseCache::new(config.response_cache_bytes),
            rate: RequestRate::new(&config.http),
            execution: ExecutionBudget::new(&config.http),
        }))
    }

    /// How a query is priced on a snapshot of `sizes`.
    pub(super) fn pricing<'a>(
        &'a self,
        sizes: &'a crate::graph::Sizes,
    ) -> super::prepared::Pricing<'a> {
        super::prepared::Pricing {
            model: &self.cost,
            sizes,
            max_cost: self.limits.complexity,
        }
    }

    /// Forgets idle clients' rate counters now and then, so the tables stay small.
    pub(super) fn spawn_forgetting(self: &Arc<Self>) {
        let state = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                tick.tick().await;
                let Some(state) = state.upgrade() else { return };
                state.rate.forget_idle();
                if let Some(budget) = &state.execution {
                    budget.forget_idle();
                }
            }
        });
    }
}
