//! Relations (edges) with their evidence and qualifiers, Relay-style connections over them,
//! and observations (measured figures). A relation object carries the view it was read in, so
//! its evidence and first-report date are those known at `knownAt`.

use std::sync::Arc;

use async_graphql::{Json, Object, SimpleObject, ID};

use super::entity::{Document, EntityNode, EntityRef};
use super::error::ApiError;
use super::scalars::{Date, EvidenceMethod, RelationKind};
use super::serial_list::SerialList;
use crate::graph::{KnowledgeGraph, Relation as GraphRelation};
use crate::model::{self, Observation as ModelObservation};
use crate::query::{self, RelationView, View};

/// Default page size of relation connections.
pub const DEFAULT_PAGE: usize = 100;
/// The largest `first` a connection accepts.
pub const MAX_PAGE: usize = 1000;

/// Where a fact comes from: the document, the section, the words.
pub struct Evidence {
    graph: Arc<KnowledgeGraph>,
    evidence: model::Evidence,
}

impl Evidence {
    /// Wraps a piece of evidence.
    pub fn new(graph: &Arc<KnowledgeGraph>, evidence: &model::Evidence) -> Self {
        Evidence {
            graph: graph.clone(),
            evidence: evidence.clone(),
        }
    }
}

/// Where a fact comes from: the document, the section, the words.
#[Object(serial)]
impl Evidence {
    /// The source document.
    async fn document(&self) -> async_graphql::Result<Document> {
        let id = &self.evidence.document;
        self.graph
            .entity(id)
            .map(|_| {
                Document(EntityRef {
                    graph: self.graph.clone(),
                    id: id.clone(),
                })
            })
            .ok_or_else(|| ApiError::NotFound(format!("no document with id '{id}'")).into())
    }
    /// The profile section ("1.2.1"); null in articles.
    async fn section(&self) -> Option<&str> {
        self.evidence.section.as_deref()
    }
    /// The sentence or list item the fact was read from, as displayed (link markup removed).
    async fn excerpt(&self) -> &str {
        &self.evidence.excerpt
    }
    /// How it was obtained.
    async fn method(&self) -> EvidenceMethod {
        self.evidence.method.into()
    }
    /// 1.0 for parsed profile structure and curated facts; lower for sentence rules.
    async fn confidence(&self) -> f64 {
        self.evidence.confidence
    }
    /// The extractor rule that produced it (articles), where there is one.
    async fn rule(&self) -> Option<&str> {
        self.evidence.rule.as_deref()
    }
    /// The 1-based line of the document the excerpt starts on.
    async fn line(&self) -> Option<i32> {
        self.evidence.line.map(|l| l as i32)
    }
}

/// A measured figure with its source, e.g. population 179 951 000 (UN Statistics Division, December 2012).
pub struct Observation {
    graph: Arc<KnowledgeGraph>,
    observation: ModelObservation,
}

impl Observation {
    /// Wraps an observation.
    pub fn new(graph: &Arc<KnowledgeGraph>, observation: &ModelObservation) -> Self {
        Observation {
            graph: graph.clone(),
            observation: observation.clone(),
        }
    }
}

/// A measured figure with its source.
#[Object(serial)]
impl Observation {
    /// The figure.
    async fn value(&self) -> f64 {
        self.observation.value
    }
    /// Its unit ("persons", "%").
    async fn unit(&self) -> Option<&str> {
        self.observation.unit.as_deref()
    }
    /// When it was measured.
    async fn as_of(&self) -> Option<Date> {
        self.observation.as_of.map(Date)
    }
    /// Who measured it, as the source names them.
    async fn source(&self) -> Option<&str> {
        self.observation.source.as_deref()
    }
    /// Where the figure was read.
    async fn evidence(&self) -> Option<Evidence> {
        self.observation
            .evidence
            .as_ref()
            .map(|e| Evidence::new(&self.graph, e))
    }
}

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

    fn end(&self, id: &str) -> async_graphql::Result<EntityNode> {
        let entity = self
            .graph
            .entity(id)
            .ok_or_else(|| ApiError::NotFound(format!("no entity with id '{id}'")))?;
        Ok(EntityRef::node(&self.graph, entity))
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
        query::view_relation(&self.graph, relation, all_time).ok_or_else(|| {
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
        let id = self.relation()?.statement.source.clone();
        self.end(&id)
    }
    /// The target entity.
    async fn target(&self) -> async_graphql::Result<EntityNode> {
        let id = self.relation()?.statement.target.clone();
        self.end(&id)
    }
    /// When it began to hold, where known.
    async fn since(&self) -> async_graphql::Result<Option<Date>> {
        Ok(self.relation()?.statement.since.map(Date))
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

/// Relay page information.
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct PageInfo {
    /// Whether more edges follow.
    pub has_next_page: bool,
    /// Whether edges precede.
    pub has_previous_page: bool,
    /// Cursor of the first edge.
    pub start_cursor: Option<String>,
    /// Cursor of the last edge.
    pub end_cursor: Option<String>,
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

/// Encodes an offset as a cursor.
pub fn cursor(offset: usize) -> String {
    format!("cursor:{offset}")
}

/// Decodes `after` (a cursor) and `first` into a start offset and a page size.
pub fn page_window(first: Option<i32>, after: Option<&str>) -> Result<(usize, usize), ApiError> {
    let size = match first {
        None => DEFAULT_PAGE,
        Some(n) if n < 0 => {
            return Err(ApiError::BadUserInput(format!(
                "argument 'first' must be 0 or more, got {n}"
            )))
        }
        Some(n) if n as usize > MAX_PAGE => {
            return Err(ApiError::BadUserInput(format!(
                "argument 'first' must be at most {MAX_PAGE}, got {n}"
            )))
        }
        Some(n) => n as usize,
    };
    let start = match after {
        None => 0,
        Some(c) => {
            let offset = c
                .strip_prefix("cursor:")
                .and_then(|n| n.parse::<usize>().ok())
                .ok_or_else(|| {
                    ApiError::BadUserInput(format!(
                        "argument 'after': '{c}' is not a cursor this server issued"
                    ))
                })?;
            // The page starts after the cursor's item. The largest offset has no next one:
            // adding 1 unchecked wrapped it round to the first page.
            offset.checked_add(1).ok_or_else(|| {
                ApiError::BadUserInput(format!(
                    "argument 'after': '{c}' is past the last offset a page can start at"
                ))
            })?
        }
    };
    Ok((start, size))
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
