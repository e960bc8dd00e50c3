//! The GraphQL API: the schema, its root query and its limits. Resolvers are thin: they take
//! the request's snapshot (`Arc<KnowledgeGraph>`, put in request data by the server) and make
//! one call into `query`. Imports `graph`, `query` and `model`; never `server`.

pub mod entity;
pub mod error;
pub mod history;
pub mod posture;
pub mod relation;
pub mod scalars;

use async_graphql::{
    Context, EmptyMutation, EmptySubscription, Json, Object, Schema, SimpleObject, ID,
};

use entity::{graph_of, Country, Document, EntityNode, EntityRef};
use error::ApiError;
use history::{Conflict, TimelineEvent};
use relation::page_window;
use scalars::{view, Date, EntityKind};

use crate::model;
use crate::query;

/// The cyberkg schema type.
pub type CyberSchema = Schema<QueryRoot, EmptyMutation, EmptySubscription>;

/// Limits that keep one request from monopolising the server.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Deepest selection nesting allowed.
    pub depth: usize,
    /// Largest total cost allowed (each field 1, connections times their page size).
    pub complexity: usize,
    /// Most results `search` returns.
    pub search_results: usize,
}

impl Default for Limits {
    /// Depth 15 and complexity 50 000 allow real exploration (a country with its relations'
    /// evidence and documents) while refusing runaway nesting.
    fn default() -> Self {
        Limits {
            depth: 15,
            complexity: 50_000,
            search_results: 100,
        }
    }
}

/// Builds the schema with the given limits.
pub fn build_schema(limits: Limits) -> CyberSchema {
    Schema::build(QueryRoot { limits }, EmptyMutation, EmptySubscription)
        .limit_depth(limits.depth)
        .limit_complexity(limits.complexity)
        .limit_recursive_depth(64)
        .finish()
}

/// The schema in SDL, as `cyberkg schema` prints it and `schema/schema.graphql` holds it.
pub fn sdl() -> String {
    build_schema(Limits::default()).sdl()
}

/// A ranked search hit.
#[derive(SimpleObject)]
pub struct SearchHit {
    /// The entity found.
    entity: EntityNode,
    /// 1.0 for an exact name or alias; 0.8 prefix; 0.7 word prefix; 0.5 substring; 0.4 all words.
    score: f64,
    /// The name or alias that matched.
    matched: String,
}

/// Size of the graph.
#[derive(SimpleObject)]
pub struct GraphStats {
    /// Entities, documents included.
    entities: i32,
    /// Relations, MENTIONS included.
    relations: i32,
    /// Source documents.
    documents: i32,
    /// Count per entity kind and per relation kind.
    by_kind: Json<std::collections::BTreeMap<String, usize>>,
}

/// The id of a country named by code, name or id, or NOT_FOUND.
fn resolve_country(graph: &crate::graph::KnowledgeGraph, wanted: &str) -> Result<String, ApiError> {
    let by_id = graph
        .entity(wanted)
        .filter(|e| e.kind == model::EntityKind::Country);
    by_id
        .or_else(|| query::find_country(graph, wanted))
        .map(|e| e.id.clone())
        .ok_or_else(|| ApiError::NotFound(format!("no country '{wanted}' in the graph")))
}

/// Root of all read queries.
pub struct QueryRoot {
    limits: Limits,
}

#[Object(name = "Query")]
impl QueryRoot {
    /// The entity with this id, or null.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "An entity id, e.g. \"cert:PK:pakcert\".")] id: ID,
    ) -> async_graphql::Result<Option<EntityNode>> {
        let graph = graph_of(ctx)?;
        Ok(graph.entity(&id).map(|e| EntityRef::node(&graph, e)))
    }

    /// The entities with these ids, in order; null for each unknown id.
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Entity ids.")] ids: Vec<ID>,
    ) -> async_graphql::Result<Vec<Option<EntityNode>>> {
        let graph = graph_of(ctx)?;
        if ids.len() > 1000 {
            return Err(ApiError::BadUserInput(format!(
                "argument 'ids' holds {} ids; at most 1000",
                ids.len()
            ))
            .into());
        }
        Ok(ids
            .iter()
            .map(|id| graph.entity(id).map(|e| EntityRef::node(&graph, e)))
            .collect())
    }

    /// A country by ISO2, ISO3 or any name or alias, case-insensitive; null when unknown.
    async fn country(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "ISO 3166-1 alpha-2 or alpha-3 code (\"PK\", \"TJK\").")] code: Option<
            String,
        >,
        #[graphql(desc = "Any name or alias (\"Tajikistan\", \"Islamic Republic of Pakistan\").")]
        name: Option<String>,
    ) -> async_graphql::Result<Option<Country>> {
        let graph = graph_of(ctx)?;
        let wanted = code
            .or(name)
            .ok_or_else(|| ApiError::BadUserInput("give 'code' or 'name'".into()))?;
        Ok(query::find_country(&graph, &wanted).map(|e| {
            Country(EntityRef {
                graph: graph.clone(),
                id: e.id.clone(),
            })
        }))
    }

    /// All countries in the graph, by id; paginated with the same cursors as relations.
    async fn countries(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many (default 100, at most 1000).")] first: Option<i32>,
        #[graphql(desc = "Cursor (\"cursor:N\") of the last country of the previous page.")] after: Option<String>,
    ) -> async_graphql::Result<Vec<Country>> {
        let graph = graph_of(ctx)?;
        let (start, size) = page_window(first, after.as_deref())?;
        Ok(graph
            .entities()
            .into_iter()
            .filter(|e| e.kind == model::EntityKind::Country)
            .skip(start)
            .take(size)
            .map(|e| {
                Country(EntityRef {
                    graph: graph.clone(),
                    id: e.id.clone(),
                })
            })
            .collect())
    }

    /// Entities, optionally of one kind, by id; paginated with "cursor:N" cursors.
    async fn entities(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this kind.")] kind: Option<EntityKind>,
        #[graphql(desc = "How many (default 100, at most 1000).")] first: Option<i32>,
        #[graphql(desc = "Cursor (\"cursor:N\") of the last entity of the previous page.")]
        after: Option<String>,
    ) -> async_graphql::Result<Vec<EntityNode>> {
        let graph = graph_of(ctx)?;
        let (start, size) = page_window(first, after.as_deref())?;
        let kind: Option<model::EntityKind> = kind.map(Into::into);
        Ok(graph
            .entities()
            .into_iter()
            .filter(|e| kind.is_none_or(|k| e.kind == k))
            .skip(start)
            .take(size)
            .map(|e| EntityRef::node(&graph, e))
            .collect())
    }

    /// Ranked search over names and aliases, best first.
    async fn search(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Words to look for (case-insensitive).")] text: String,
        #[graphql(desc = "Only these kinds.")] kinds: Option<Vec<EntityKind>>,
        #[graphql(default = 10, desc = "How many hits (at most 100).")] first: i32,
    ) -> async_graphql::Result<Vec<SearchHit>> {
        let graph = graph_of(ctx)?;
        if first < 0 || first as usize > self.limits.search_results {
            return Err(ApiError::BadUserInput(format!(
                "argument 'first' must be between 0 and {}, got {first}",
                self.limits.search_results
            ))
            .into());
        }
        if text.trim().is_empty() {
            return Err(ApiError::BadUserInput("argument 'text' is empty".into()).into());
        }
        let kinds: Option<Vec<model::EntityKind>> =
            kinds.map(|k| k.into_iter().map(Into::into).collect());
        Ok(
            query::search(&graph, &text, kinds.as_deref(), first as usize)
                .into_iter()
                .map(|hit| SearchHit {
                    entity: EntityRef::node(&graph, hit.entity),
                    score: hit.score,
                    matched: hit.matched,
                })
                .collect(),
        )
    }

    /// A relation by its id (`KIND:source->target`), or null (also when not known at `knownAt`).
    async fn relation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A relation id.")] id: ID,
        #[graphql(desc = "Only evidence published by this date.")] known_at: Option<Date>,
    ) -> async_graphql::Result<Option<relation::Relation>> {
        let graph = graph_of(ctx)?;
        let view = view(None, known_at);
        Ok(graph
            .relation(&id)
            .filter(|r| crate::query::view_relation(&graph, r, view).is_some())
            .map(|r| relation::Relation::new(&graph, r, view)))
    }

    /// A country's dated changes, oldest first (the same as `Country.timeline`).
    async fn timeline(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "ISO2, ISO3, name or entity id of the country.")] country: String,
        #[graphql(desc = "Use only evidence published by this date.")] known_at: Option<Date>,
    ) -> async_graphql::Result<Vec<TimelineEvent>> {
        let graph = graph_of(ctx)?;
        let id = resolve_country(&graph, &country)?;
        Ok(TimelineEvent::of_country(&graph, &id, view(None, known_at)))
    }

    /// Claims that sources disagree on, for one country or the whole graph; both sides kept.
    async fn conflicts(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "ISO2, ISO3, name or entity id of a country; all countries when omitted."
        )]
        country: Option<String>,
        #[graphql(desc = "Use only evidence published by this date.")] known_at: Option<Date>,
    ) -> async_graphql::Result<Vec<Conflict>> {
        let graph = graph_of(ctx)?;
        let id = country.map(|c| resolve_country(&graph, &c)).transpose()?;
        Ok(Conflict::list(&graph, id.as_deref(), view(None, known_at)))
    }

    /// The source documents the graph was built from.
    async fn documents(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Document>> {
        let graph = graph_of(ctx)?;
        Ok(graph
            .documents()
            .map(|d| {
                Document(EntityRef {
                    graph: graph.clone(),
                    id: d.id.clone(),
                })
            })
            .collect())
    }

    /// Size of the graph.
    async fn stats(&self, ctx: &Context<'_>) -> async_graphql::Result<GraphStats> {
        let graph = graph_of(ctx)?;
        let stats = query::stats(&graph);
        Ok(GraphStats {
            entities: stats.entities as i32,
            relations: stats.relations as i32,
            documents: stats.documents as i32,
            by_kind: Json(stats.by_kind),
        })
    }
}
