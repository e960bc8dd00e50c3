//! The root of every read: `Query`'s fields, each taking the request's snapshot and making one
//! call into `query`. Types of the answers live beside it (entities, relations, exploration,
//! history, posture).

use std::sync::Arc;

use async_graphql::{Context, Json, Object, SimpleObject, ID};

use super::connection::page_window;
use super::entity::{graph_of, Country, Document, EntityNode, EntityRef};
use super::error::ApiError;
use super::history::{Conflict, TimelineEvent};
use super::scalars::{view, Date, Direction, EntityKind, RelationKind};
use super::serial_list::SerialList;

use crate::model;
use crate::query;

use super::{arguments, explore, relation, serial_list, Limits};
use crate::query::limits::heavy_computations;

/// A ranked search hit.
#[derive(SimpleObject)]
#[graphql(serial)]
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
#[graphql(serial)]
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

/// A count argument as `usize`, refusing negatives with the argument's name.
fn non_negative(name: &str, value: i32) -> Result<usize, ApiError> {
    usize::try_from(value).map_err(|_| {
        ApiError::BadUserInput(format!("argument '{name}' must be 0 or more, got {value}"))
    })
}

/// Root of all read queries.
pub struct QueryRoot {
    pub(super) limits: Limits,
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
        Ok(graph.entity(&id).map(|e| EntityRef::of(&graph, e).node()))
    }

    /// The entities with these ids, in order; null for each unknown id.
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Entity ids.")] ids: Vec<ID>,
    ) -> async_graphql::Result<SerialList<Option<EntityNode>>> {
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
            .map(|id| graph.entity(id).map(|e| EntityRef::of(&graph, e).node()))
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
        Ok(query::find_country(&graph, &wanted).map(|e| Country(EntityRef::of(&graph, e))))
    }

    /// All countries in the graph, by id; paginated with the same cursors as relations.
    async fn countries(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many (default 100, at most 1000).")] first: Option<i32>,
        #[graphql(desc = "Cursor (\"cursor:N\") of the last country of the previous page.")] after: Option<String>,
    ) -> async_graphql::Result<SerialList<Country>> {
        let graph = graph_of(ctx)?;
        let (start, size) = page_window(first, after.as_deref())?;
        Ok(graph
            .entities()
            .into_iter()
            .filter(|e| e.kind == model::EntityKind::Country)
            .skip(start)
            .take(size)
            .map(|e| Country(EntityRef::of(&graph, e)))
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
    ) -> async_graphql::Result<SerialList<EntityNode>> {
        let graph = graph_of(ctx)?;
        let (start, size) = page_window(first, after.as_deref())?;
        let kind: Option<model::EntityKind> = kind.map(Into::into);
        Ok(graph
            .entities()
            .into_iter()
            .filter(|e| kind.is_none_or(|k| e.kind == k))
            .skip(start)
            .take(size)
            .map(|e| EntityRef::of(&graph, e).node())
            .collect())
    }

    /// Pairs of one country's laws, CERTs, agencies, policies or programmes whose names look
    /// alike but were not merged, and that no person has judged yet, best first. Judge one
    /// in `curated/judgements.json` (`same` or `different`) and it leaves the list.
    async fn same_as_candidates(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "ISO2, ISO3, name or entity id of a country; all when omitted.")]
        country: Option<String>,
        #[graphql(desc = "Only this kind.")] kind: Option<EntityKind>,
        #[graphql(default = 50, desc = "How many pairs (at most 1000).")] first: i32,
    ) -> async_graphql::Result<SerialList<super::curation::SameAsCandidate>> {
        let graph = graph_of(ctx)?;
        let first = non_negative("first", first)?;
        if first > super::connection::MAX_PAGE {
            return Err(ApiError::BadUserInput(format!(
                "argument 'first' must be at most {}, got {first}",
                super::connection::MAX_PAGE
            ))
            .into());
        }
        let country = country.map(|c| resolve_country(&graph, &c)).transpose()?;
        let kind = kind.map(Into::into);
        Ok(super::curation::same_as_candidates(
            &graph,
            country.as_deref(),
            kind,
            first,
        ))
    }

    /// Ranked search over names and aliases, best first.
    async fn search(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Words to look for (case-insensitive).")] text: String,
        #[graphql(desc = "Only these kinds.")] kinds: Option<Vec<EntityKind>>,
        #[graphql(default = 10, desc = "How many hits (at most 100).")] first: i32,
    ) -> async_graphql::Result<SerialList<SearchHit>> {
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
        arguments::search_text(&text)?;
        let kinds = arguments::entity_kinds(kinds);
        Ok(
            query::search(&graph, &text, kinds.as_deref(), first as usize)
                .into_iter()
                .map(|hit| SearchHit {
                    entity: EntityRef::of(&graph, hit.entity).node(),
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
            .filter(|r| crate::query::known_relation(&graph, r, view).is_some())
            .map(|r| relation::Relation::new(&graph, r, view)))
    }

    /// A country's dated changes, oldest first (the same as `Country.timeline`).
    async fn timeline(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "ISO2, ISO3, name or entity id of the country.")] country: String,
        #[graphql(desc = "Use only evidence published by this date.")] known_at: Option<Date>,
    ) -> async_graphql::Result<SerialList<TimelineEvent>> {
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
    ) -> async_graphql::Result<SerialList<Conflict>> {
        let graph = graph_of(ctx)?;
        let id = country.map(|c| resolve_country(&graph, &c)).transpose()?;
        Ok(Conflict::list(&graph, id.as_deref(), view(None, known_at)))
    }

    /// The source documents the graph was built from.
    async fn documents(&self, ctx: &Context<'_>) -> async_graphql::Result<SerialList<Document>> {
        let graph = graph_of(ctx)?;
        Ok(graph
            .documents()
            .map(|d| Document(EntityRef::by_id(&graph, &d.id)))
            .collect())
    }

    /// The entities within `depth` steps of `id`, breadth first, with the relations followed.
    #[expect(
        clippy::too_many_arguments,
        reason = "GraphQL arguments mirror the contract"
    )]
    async fn neighborhood(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The entity to start from.")] id: ID,
        #[graphql(
            default = 1,
            desc = "How many steps (at most the configured cap, 4 by default)."
        )]
        depth: i32,
        #[graphql(desc = "Only these relation kinds (all when omitted).")] kinds: Option<
            Vec<RelationKind>,
        >,
        #[graphql(default_with = "Direction::Both", desc = "OUT, IN or BOTH.")]
        direction: Direction,
        #[graphql(desc = "Only relations holding on this date.")] as_of: Option<Date>,
        #[graphql(desc = "Only evidence published by this date.")] known_at: Option<Date>,
    ) -> async_graphql::Result<explore::Subgraph> {
        let graph = graph_of(ctx)?;
        let depth = non_negative("depth", depth)?;
        let kinds = arguments::relation_kinds(kinds);
        let view = view(as_of, known_at);
        let around = query::Around {
            id: &id,
            depth,
            kinds: kinds.as_deref(),
            direction: direction.into(),
        };
        let work = serial_list::work_of(ctx);
        let sub = query::neighborhood(&graph, around, view, self.limits.explore, &work)
            .map_err(ApiError::from)?;
        Ok(explore::Subgraph::new(&graph, &sub, view))
    }

    /// Paths between two entities, shortest first, then longer ones up to `maxLength` (k
    /// shortest simple paths), following relations either way. MENTIONS is not followed unless
    /// named in `kinds`.
    #[expect(
        clippy::too_many_arguments,
        reason = "GraphQL arguments mirror the contract"
    )]
    async fn paths(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Start entity id.")] from: ID,
        #[graphql(desc = "End entity id.")] to: ID,
        #[graphql(
            default = 4,
            desc = "Longest path, in relations (at most 6 by default)."
        )]
        max_length: i32,
        #[graphql(desc = "Relations to follow (all but MENTIONS when omitted).")] kinds: Option<
            Vec<RelationKind>,
        >,
        #[graphql(default = 5, desc = "Most paths to return (at most 50 by default).")] limit: i32,
        #[graphql(desc = "Only relations holding on this date.")] as_of: Option<Date>,
        #[graphql(desc = "Only evidence published by this date.")] known_at: Option<Date>,
    ) -> async_graphql::Result<SerialList<explore::Path>> {
        let graph = graph_of(ctx)?;
        let kinds = arguments::relation_kinds(kinds);
        let view = view(as_of, known_at);
        let q = query::PathQuery {
            from: &from,
            to: &to,
            max_length: non_negative("maxLength", max_length)?,
            kinds: kinds.as_deref(),
            limit: non_negative("limit", limit)?,
        };
        let work = serial_list::work_of(ctx);
        let found =
            query::paths(&graph, q, view, self.limits.explore, &work).map_err(ApiError::from)?;
        Ok(found
            .into_iter()
            .map(|p| explore::Path::new(&graph, p, view))
            .collect())
    }

    /// Who cooperates with whom: countries linked through organizations (and conventions,
    /// when named in `organizations`) and bilateral agreements, with centralities.
    async fn cooperation_network(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Country ids or codes to include (all when omitted).")] countries: Option<
            Vec<ID>,
        >,
        #[graphql(
            desc = "Organization or convention ids to link through (every organization when omitted)."
        )]
        organizations: Option<Vec<ID>>,
        #[graphql(desc = "Only relations holding on this date.")] as_of: Option<Date>,
        #[graphql(desc = "Only evidence published by this date.")] known_at: Option<Date>,
    ) -> async_graphql::Result<explore::CooperationNetwork> {
        let graph = graph_of(ctx)?;
        if let Some(countries) = &countries {
            arguments::at_most("countries", countries, graph.sizes().countries)?;
        }
        if let Some(organizations) = &organizations {
            arguments::at_most("organizations", organizations, graph.sizes().entities)?;
        }
        let countries = countries
            .map(|c| {
                c.iter()
                    .map(|id| resolve_country(&graph, id))
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?;
        if countries.as_ref().is_some_and(Vec::is_empty) {
            return Err(ApiError::BadUserInput(
                "argument 'countries' is empty; omit it for all countries".into(),
            )
            .into());
        }
        let organizations: Option<Vec<String>> =
            organizations.map(|o| o.into_iter().map(|id| id.0).collect());
        if organizations.as_ref().is_some_and(Vec::is_empty) {
            return Err(ApiError::BadUserInput(
                "argument 'organizations' is empty; omit it for every organization".into(),
            )
            .into());
        }
        let view = view(as_of, known_at);
        // The country pairs grow with the square of an organization's members and betweenness
        // takes O(V·E): each computed only when asked for.
        let look = ctx.look_ahead();
        let parts = query::Parts {
            links: look.field("links").exists(),
            centrality: look.field("centrality").exists(),
        };
        // Centralities take O(V·E): computed off the async workers, and abandoned as soon as
        // this resolver is dropped (the request timed out or the client went away).
        let stop = StopOnDrop::default();
        let flag = stop.0.clone();
        // At most one such computation per core at a time: the others wait their turn (within
        // their request's execution limit) instead of crowding the cores.
        let _turn = heavy_computations()
            .acquire()
            .await
            .map_err(|e| ApiError::Internal(format!("no turn for the cooperation network: {e}")))?;
        let network = tokio::task::spawn_blocking(move || {
            let net = query::cooperation_network(
                &graph,
                countries.as_deref(),
                organizations.as_deref(),
                view,
                parts,
                &flag,
            );
            if matches!(net, Err(query::ExploreError::Stopped)) {
                metrics::counter!("cyberkg_computations_stopped_total").increment(1);
            }
            net.map(|net| explore::CooperationNetwork::new(&graph, net, view))
        })
        .await
        .map_err(|e| ApiError::Internal(format!("the cooperation network failed: {e}")))?
        .map_err(ApiError::from)?;
        Ok(network)
    }

    /// Indicators side by side: one row per indicator, one status per country.
    async fn compare(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Country ids or codes, in the order of the columns.")] countries: Vec<ID>,
        #[graphql(desc = "Posture on this date.")] as_of: Option<Date>,
        #[graphql(desc = "Only evidence published by this date.")] known_at: Option<Date>,
    ) -> async_graphql::Result<explore::Comparison> {
        let graph = graph_of(ctx)?;
        if countries.is_empty() {
            return Err(ApiError::BadUserInput(
                "argument 'countries' is empty; name at least one country".into(),
            )
            .into());
        }
        arguments::at_most("countries", &countries, graph.sizes().countries)?;
        let ids = countries
            .iter()
            .map(|c| resolve_country(&graph, c))
            .collect::<Result<Vec<_>, _>>()?;
        let rows = query::compare(&graph, &ids, view(as_of, known_at)).map_err(ApiError::from)?;
        Ok(explore::Comparison {
            countries: ids
                .iter()
                .map(|id| Country(EntityRef::by_id(&graph, id)))
                .collect(),
            rows: rows
                .into_iter()
                .map(|r| explore::ComparisonRow {
                    code: r.code.to_string(),
                    name: r.name.to_string(),
                    statuses: r.statuses.into_iter().map(Into::into).collect(),
                })
                .collect(),
        })
    }

    /// Countries ranked by posture score (fraction of indicators PRESENT), highest first.
    async fn ranking(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Posture on this date.")] as_of: Option<Date>,
        #[graphql(desc = "Only evidence published by this date.")] known_at: Option<Date>,
        #[graphql(default = 50, desc = "How many (at most 1000).")] first: i32,
    ) -> async_graphql::Result<SerialList<explore::RankedCountry>> {
        let graph = graph_of(ctx)?;
        let (_, first) = page_window(Some(first), None)?;
        let ranked = query::ranking(&graph, view(as_of, known_at));
        let mut out = Vec::new();
        let mut rank = 0;
        let mut previous: Option<f64> = None;
        for (i, (country, score)) in ranked.into_iter().take(first).enumerate() {
            if previous != Some(score) {
                rank = i as i32 + 1;
                previous = Some(score);
            }
            out.push(explore::RankedCountry {
                rank,
                country: Country(EntityRef::by_id(&graph, &country.id)),
                score,
            });
        }
        Ok(out.into())
    }

    /// What two entities (usually countries) share: organizations, conventions, agreements.
    async fn common_ground(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "One entity id or country code.")] a: ID,
        #[graphql(desc = "The other.")] b: ID,
        #[graphql(desc = "Only relations holding on this date.")] as_of: Option<Date>,
        #[graphql(desc = "Only evidence published by this date.")] known_at: Option<Date>,
    ) -> async_graphql::Result<explore::CommonGround> {
        let graph = graph_of(ctx)?;
        let resolve = |x: &str| {
            graph
                .entity(x)
                .map(|e| e.id.clone())
                .map(Ok)
                .unwrap_or_else(|| resolve_country(&graph, x))
        };
        let (a, b) = (resolve(&a)?, resolve(&b)?);
        let view = view(as_of, known_at);
        let found = query::common_ground(&graph, &a, &b, view).map_err(ApiError::from)?;
        Ok(explore::CommonGround {
            shared: EntityRef::nodes(&graph, found.shared),
            direct: found
                .direct
                .iter()
                .map(|r| relation::Relation::new(&graph, r.relation, view))
                .collect(),
        })
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

/// A flag set when dropped: handed to a computation that should stop once nobody waits for it.
#[derive(Default)]
struct StopOnDrop(Arc<std::sync::atomic::AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}
