//! Exploration types: subgraphs with their exports, paths, the cooperation network with
//! centralities, comparisons, rankings and common ground.

use std::sync::Arc;

use async_graphql::{Enum, Object, SimpleObject};

use super::entity::{Country, EntityNode, EntityRef};
use super::error::ApiError;
use super::relation::Relation;
use super::scalars::IndicatorStatus;
use super::serial_list::SerialList;
use crate::graph::KnowledgeGraph;
use crate::query::{self, ExploreError, View};

impl From<ExploreError> for ApiError {
    fn from(error: ExploreError) -> Self {
        match error {
            ExploreError::UnknownId(id) => ApiError::NotFound(format!("no entity with id '{id}'")),
            ExploreError::OutOfRange(message) => ApiError::BadUserInput(message),
            ExploreError::TooLarge(message) => ApiError::TooLarge(message),
            ExploreError::Stopped => ApiError::Internal("the computation was stopped".into()),
        }
    }
}

/// Formats a subgraph can be exported in, for the tools people already use.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::export::ExportFormat")]
pub enum ExportFormat {
    /// Cytoscape.js / Cytoscape desktop elements JSON.
    CytoscapeJson,
    /// GraphML (yEd, networkx, Gephi).
    Graphml,
    /// GEXF 1.3 (Gephi, Gephi Lite).
    Gexf,
    /// Graphviz DOT.
    Dot,
    /// graphology JSON (sigma.js), with D3 `nodes`/`links` under `d3`.
    D3Json,
    /// JSON-LD.
    Jsonld,
    /// RDF N-Triples.
    Ntriples,
}

/// A set of entities and relations, owned by the snapshot it came from.
pub struct Subgraph {
    graph: Arc<KnowledgeGraph>,
    nodes: Vec<String>,
    /// Positions of the relations in the snapshot, in id order.
    relations: Vec<usize>,
    view: View,
}

impl Subgraph {
    /// Keeps the ids of `sub` and the view it was taken in.
    pub fn new(graph: &Arc<KnowledgeGraph>, sub: &query::Subgraph<'_>, view: View) -> Self {
        Subgraph {
            graph: graph.clone(),
            nodes: sub.nodes.iter().map(|e| e.id.clone()).collect(),
            relations: sub.relations.iter().map(|r| r.relation.position).collect(),
            view,
        }
    }

    fn rebuild(&self) -> query::Subgraph<'_> {
        let all_time = View {
            as_of: None,
            ..self.view
        };
        query::Subgraph {
            nodes: self
                .nodes
                .iter()
                .filter_map(|id| self.graph.entity(id))
                .collect(),
            relations: self
                .relations
                .iter()
                .filter_map(|&at| self.graph.relation_at(at))
                .filter_map(|r| query::view_relation(&self.graph, r, all_time))
                .collect(),
        }
    }
}

/// Entities and the relations among them; export it for a visualizer with `export`.
#[Object(serial)]
impl Subgraph {
    /// The entities, in id order.
    async fn nodes(&self) -> SerialList<EntityNode> {
        EntityRef::nodes(
            &self.graph,
            self.nodes.iter().filter_map(|id| self.graph.entity(id)),
        )
    }
    /// The relations, in id order.
    async fn relations(&self) -> SerialList<Relation> {
        self.relations
            .iter()
            .filter_map(|&at| self.graph.relation_at(at))
            .map(|r| Relation::new(&self.graph, r, self.view))
            .collect()
    }
    /// The same subgraph as a file for a visualizer: node kind, labels, relation kinds, dates
    /// and a provenance summary as attributes.
    async fn export(&self, #[graphql(desc = "The file format.")] format: ExportFormat) -> String {
        crate::export::render(format.into(), &self.rebuild())
    }
}

/// A path between two entities.
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct Path {
    /// Entities from start to end.
    pub nodes: SerialList<EntityNode>,
    /// Relations between consecutive entities (either direction), with their evidence.
    pub relations: SerialList<Relation>,
    /// Number of relations.
    pub length: i32,
}

impl Path {
    /// Wraps a path found in `view`.
    pub fn new(graph: &Arc<KnowledgeGraph>, path: query::EntityPath<'_>, view: View) -> Self {
        Path {
            length: path.relations.len() as i32,
            nodes: EntityRef::nodes(graph, path.nodes),
            relations: path
                .relations
                .iter()
                .map(|r| Relation::new(graph, r.relation, view))
                .collect(),
        }
    }
}

/// Two countries and what links them.
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct CountryLink {
    /// One country.
    pub a: Country,
    /// The other.
    pub b: Country,
    /// Number of shared organizations/conventions plus direct agreements.
    pub weight: f64,
    /// Shared organizations and conventions.
    pub via: SerialList<EntityNode>,
    /// Direct cooperation relations between the two (joint declarations, MoUs).
    pub agreements: SerialList<Relation>,
}

/// Centrality of one node of the cooperation graph.
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct CentralityScore {
    /// The country or organization.
    pub entity: EntityNode,
    /// Degree centrality: share of other nodes it is joined to.
    pub degree: f64,
    /// Betweenness centrality (Brandes), normalised to [0, 1].
    pub betweenness: f64,
    /// PageRank (damping 0.85); sums to 1 over the network.
    pub pagerank: f64,
}

/// The country–organization graph, its country–country projection and centralities.
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct CooperationNetwork {
    /// Countries in the network.
    pub countries: SerialList<Country>,
    /// Country pairs and what they share, heaviest first.
    pub links: SerialList<CountryLink>,
    /// The underlying country–organization graph.
    pub subgraph: Subgraph,
    /// Centrality of every node, by PageRank, highest first.
    pub centrality: SerialList<CentralityScore>,
}

impl CooperationNetwork {
    /// Wraps a computed network.
    pub fn new(
        graph: &Arc<KnowledgeGraph>,
        net: query::CooperationNetwork<'_>,
        view: View,
    ) -> Self {
        let country = |e: &crate::model::Entity| Country(EntityRef::of(graph, e));
        CooperationNetwork {
            countries: net.countries.iter().map(|e| country(e)).collect(),
            links: net
                .links
                .iter()
                .map(|l| CountryLink {
                    a: country(l.a()),
                    b: country(l.b()),
                    weight: l.weight(),
                    via: EntityRef::nodes(graph, l.via()),
                    agreements: l
                        .agreements()
                        .iter()
                        .filter_map(|id| graph.relation(id))
                        .map(|r| Relation::new(graph, r, view))
                        .collect(),
                })
                .collect(),
            subgraph: Subgraph::new(graph, &net.subgraph, view),
            centrality: net
                .centrality
                .iter()
                .map(|c| CentralityScore {
                    entity: EntityRef::of(graph, c.entity).node(),
                    degree: c.degree,
                    betweenness: c.betweenness,
                    pagerank: c.pagerank,
                })
                .collect(),
        }
    }
}

/// One indicator across the countries compared.
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct ComparisonRow {
    /// The indicator's code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// One status per country, in the order asked.
    pub statuses: SerialList<IndicatorStatus>,
}

/// Indicators side by side for several countries.
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct Comparison {
    /// The countries, in the order asked.
    pub countries: SerialList<Country>,
    /// One row per indicator.
    pub rows: SerialList<ComparisonRow>,
}

/// A country's place in a ranking.
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct RankedCountry {
    /// 1 for the highest score; equal scores share a rank.
    pub rank: i32,
    /// The country.
    pub country: Country,
    /// Its posture score (fraction of the 21 indicators PRESENT).
    pub score: f64,
}

/// What two entities share.
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct CommonGround {
    /// Organizations, programmes and conventions both belong to.
    pub shared: SerialList<EntityNode>,
    /// Relations directly between the two.
    pub direct: SerialList<Relation>,
}
