//! The GraphQL API: the schema, its root query and its limits. Resolvers are thin: they take
//! the request's snapshot (`Arc<KnowledgeGraph>`, put in request data by the server) and make
//! one call into `query`. Imports `graph`, `query` and `model`; never `server`.

pub mod arguments;
pub mod connection;
pub mod cost;
pub mod country;
pub mod curation;
pub mod document;
pub mod entity;
pub mod error;
pub mod evidence;
pub mod explore;
pub mod history;
mod input;
pub mod mutation;
pub mod posture;
pub mod query;
pub mod relation;
pub mod scalars;
pub mod serial_list;

use std::sync::Arc;

use async_graphql::Schema;

pub use query::{GraphStats, QueryRoot, SearchHit};

/// The cyberkg schema type.
pub type CyberSchema = Schema<QueryRoot, mutation::MutationRoot, mutation::SubscriptionRoot>;

/// Limits that keep one request from monopolising the server.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Deepest selection nesting allowed.
    pub depth: usize,
    /// Largest total cost allowed (each field 1, lists times their length, traversals what
    /// they can touch; see [`cost`]).
    pub complexity: usize,
    /// Units of work one query may do as it runs: each list item of its answer is one, and
    /// every 32 relations a traversal looks at are one (see [`crate::query::limits`]).
    pub work: u64,
    /// Most results `search` returns.
    pub search_results: usize,
    /// Caps on traversal: neighbourhood depth, path length and count, subgraph size.
    pub explore: crate::query::ExploreLimits,
}

impl Default for Limits {
    /// Depth 15 and a cost of 1 000 000 allow real exploration of the whole real corpus (a
    /// country with its relations' evidence and documents, a depth-2 neighbourhood with its
    /// relations' evidence) while refusing fan-out: the cost is an upper bound taken from the
    /// snapshot's largest lists, usually far above what a query really produces, which the
    /// execution budget counts as it runs.
    fn default() -> Self {
        Limits {
            depth: 15,
            complexity: 1_000_000,
            work: 250_000,
            search_results: 100,
            explore: crate::query::ExploreLimits::default(),
        }
    }
}

/// Builds the schema with the given limits. The store, when given, serves writes and the
/// `graphChanged` subscription. Field suggestions are off (they help probing more than
/// users). The server reports each response's cost and depth in `extensions`.
pub fn build_schema(limits: Limits, store: Option<Arc<crate::store::Store>>) -> CyberSchema {
    schema_builder(limits, store).finish()
}

/// The schema's builder, for a server that adds extensions of its own before finishing it.
pub fn schema_builder(
    limits: Limits,
    store: Option<Arc<crate::store::Store>>,
) -> async_graphql::SchemaBuilder<QueryRoot, mutation::MutationRoot, mutation::SubscriptionRoot> {
    let builder = Schema::build(
        QueryRoot { limits },
        mutation::MutationRoot,
        mutation::SubscriptionRoot,
    )
    .limit_depth(limits.depth)
    .limit_recursive_depth(64)
    .disable_suggestions();
    match store {
        Some(store) => builder.data(store),
        None => builder,
    }
}

/// The seed data in `data/`, loaded once for all tests.
#[cfg(test)]
pub(crate) fn seed_graph() -> Arc<crate::graph::KnowledgeGraph> {
    static SEED: std::sync::OnceLock<Arc<crate::graph::KnowledgeGraph>> =
        std::sync::OnceLock::new();
    SEED.get_or_init(|| {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        Arc::new(crate::store::load(&data).expect("the seed data loads"))
    })
    .clone()
}

/// The schema in SDL, as `cyberkg schema` prints it and `schema/schema.graphql` holds it.
pub fn sdl() -> String {
    build_schema(Limits::default(), None).sdl()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every resolver reads the snapshot the request carries, never the store's newest: one
    /// operation sees one snapshot however many writes land while it runs.
    #[tokio::test]
    async fn an_operation_reads_the_snapshot_it_was_given_not_the_stores_newest() {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        let store = crate::store::Store::new(&data);
        assert!(store.start().await.is_ok());
        let schema = build_schema(Limits::default(), Some(store));
        let given = Arc::new(crate::graph::KnowledgeGraph::default());
        let query = r#"{ stats { entities } country(code: "PK") { name } ranking { score } }"#;
        let response = schema
            .execute(async_graphql::Request::new(query).data(given))
            .await;
        assert!(response.errors.is_empty(), "{:?}", response.errors);
        let answer = response.data.into_json().unwrap_or_default();
        assert_eq!(answer["stats"]["entities"], 0, "{answer}");
        assert!(answer["country"].is_null(), "{answer}");
        assert_eq!(answer["ranking"], serde_json::json!([]), "{answer}");
    }
}
