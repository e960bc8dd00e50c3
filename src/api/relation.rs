//! Relations (edges) with their dates, qualifiers and evidence, and Relay-style connections
//! over them. A relation object carries the view it was read in, so its evidence and
//! first-report date are those known at `knownAt`.

use std::sync::Arc;

use async_graphql::{Json, Object, SimpleObject, ID};

use super::connection::{cursor, page_window, PageInfo};
use super::entity::{EntityNode, EntityRef};
use super::error::ApiError;
use super::evidence::Evidence;
use super::scalars::{Date, RelationKind, Stage};
use super::serial_list::SerialList;
use crate::graph::{KnowledgeGraph, Relation as GraphRelation};
use crate::query::{self, RelationView, View};

/// A relation (edge) between two entities, with its dates, qualifiers and evidence.
pub struct Relation {
    graph: Arc<KnowledgeGraph>,
    /// Its position in the snapshot (relations in id order): found without hashing its id.
    position: usize,
    view: View,
}

impl Relation {
    fn relation(&self) -> async_graphql::Result<&GraphRelation> {
        self.graph.relation_at(self.position).ok_or_else(|| {
            ApiError::NotFound(format!("no relation at position {}", self.position)).into()
        })
    }

    /// The entity at one end, by its position: found without hashing its id.
    fn end(&self, pick: fn((usize, usize)) -> usize) -> async_graphql::Result<EntityNode> {
        let ends = self.graph.relation_ends(self.position).ok_or_else(|| {
            ApiError::NotFound(format!("no relation at position {}", self.position))
        })?;
        Ok(EntityRef::at(&self.graph, pick(ends)).node())
    }

    /// Wraps a relation of `graph` as seen in `view`.
    pub fn new(graph: &Arc<KnowledgeGraph>, relation: &GraphRelation, view: View) -> Self {
        Relation {
            graph: graph.clone(),
            position: relation.position,
            view,
        }
    }

    /// The relation as its view sees it (all time: the view's `asOf` chose it already).
    fn seen(&self) -> async_graphql::Result<RelationView<'_>> {
        let relation = self.relation()?;
        let all_time = View {
            as_of: None,
            ..self.view
        };
        query::known_relation(&self.graph, relation, all_time).ok_or_else(|| {
            ApiError::NotFound(format!(
                "relation '{}' is not known at that date",
                relation.id
            ))
            .into()
        })
    }
}

/// A relation (edge) between two entities, with its dates, qualifiers and evidence.
#[Object(serial)]
impl Relation {
    /// Stable id: `KIND:source->target`.
    async fn id(&self) -> async_graphql::Result<ID> {
        Ok(ID(self.relation()?.id.clone()))
    }
    /// The relation kind.
    async fn kind(&self) -> async_graphql::Result<RelationKind> {
        Ok(self.relation()?.statement.kind.into())
    }
    /// The source entity.
    async fn source(&self) -> async_graphql::Result<EntityNode> {
        self.end(|(source, _)| source)
    }
    /// The target entity.
    async fn target(&self) -> async_graphql::Result<EntityNode> {
        self.end(|(_, target)| target)
    }
    /// When it began to hold, where known.
    async fn since(&self) -> async_graphql::Result<Option<Date>> {
        Ok(self.relation()?.statement.since.map(Date))
    }
    /// Where it stands when the source speaks of it as not (yet, or no longer) established:
    /// a partner "in progress", a draft law, a defunct team; null when established.
    async fn stage(&self) -> async_graphql::Result<Option<Stage>> {
        Ok(self.relation()?.statement.stage.map(Into::into))
    }
    /// When it stopped holding, where known.
    async fn until(&self) -> async_graphql::Result<Option<Date>> {
        Ok(self.relation()?.statement.until.map(Date))
    }
    /// The earliest publication date of the documents stating it.
    async fn first_reported(&self) -> async_graphql::Result<Option<Date>> {
        Ok(self.seen()?.first_reported.map(Date))
    }
    /// Qualifiers such as role, mode, reservations, sections; `{}` when none.
    async fn qualifiers(&self) -> async_graphql::Result<Json<serde_json::Value>> {
        Ok(Json(serde_json::Value::Object(
            self.relation()?.statement.qualifiers.clone(),
        )))
    }
    /// Where it was read (only what was published by `knownAt`, when asked); never empty.
    async fn evidence(&self) -> async_graphql::Result<SerialList<Evidence>> {
        Ok(self
            .seen()?
            .evidence
            .into_iter()
            .map(|e| Evidence::new(&self.graph, e))
            .collect())
    }
    /// Curators' corrections marking it as erroneous (known by `knownAt`, when asked). A
    /// corrected relation stays readable here and by its id, but no longer holds: it leaves
    /// lists, traversals, networks and exports.
    async fn corrections(&self) -> async_graphql::Result<SerialList<Correction>> {
        let view = self.view;
        Ok(self
            .relation()?
            .corrections
            .iter()
            .filter(|c| view.knows(&self.graph, &c.evidence))
            .map(|c| Correction {
                reason: c.reason.clone(),
                evidence: Evidence::new(&self.graph, &c.evidence),
            })
            .collect())
    }
}

/// A curator's word that a source's statement is wrong.
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct Correction {
    /// What is wrong with the statement.
    reason: String,
    /// The curated fact that says so (its document is dated when it was recorded).
    evidence: Evidence,
}

/// An edge of a relation connection; its cursor is written only when asked for.
pub struct RelationEdge {
    /// Where the edge stands among all relations of its connection.
    pub offset: usize,
    /// The relation.
    pub node: Relation,
}

/// An edge of a relation connection.
#[Object(serial)]
impl RelationEdge {
    /// Opaque cursor of this edge.
    async fn cursor(&self) -> String {
        cursor(self.offset)
    }
    /// The relation.
    async fn node(&self) -> &Relation {
        &self.node
    }
}

/// A page of relations.
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct RelationConnection {
    /// The relations of this page.
    pub edges: SerialList<RelationEdge>,
    /// Where this page stands.
    pub page_info: PageInfo,
    /// The number of relations over all pages.
    pub total_count: i32,
}

impl RelationConnection {
    /// One page of `all`, as seen in `view`.
    pub fn page(
        graph: &Arc<KnowledgeGraph>,
        all: Vec<RelationView<'_>>,
        view: View,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Self> {
        let (start, size) = page_window(first, after.as_deref())?;
        let total = all.len();
        let edges: Vec<RelationEdge> = all
            .into_iter()
            .enumerate()
            .skip(start)
            .take(size)
            .map(|(offset, r)| RelationEdge {
                offset,
                node: Relation::new(graph, r.relation, view),
            })
            .collect();
        let page_info = PageInfo {
            has_next_page: start + edges.len() < total,
            has_previous_page: start > 0,
            start_cursor: edges.first().map(|e| cursor(e.offset)),
            end_cursor: edges.last().map(|e| cursor(e.offset)),
        };
        Ok(RelationConnection {
            edges: edges.into(),
            page_info,
            total_count: total as i32,
        })
    }
}
