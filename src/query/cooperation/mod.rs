//! The cooperation network: countries linked through shared organizations, conventions and
//! direct agreements, and the centrality of every node. The graph algorithms live in `algo`
//! and see only the adjacency lists built here. Imports the shared exploration types from
//! `explore`, never another question's file, and nothing from GraphQL.

mod links;
#[cfg(test)]
mod tests;

pub use links::{CountryLink, CountryLinks};

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::AtomicBool;

use super::explore::{ExploreError, Subgraph, COOPERATION};
use super::{view_relation, RelationView, View};
use crate::algo::{self, SimpleGraph};
use crate::graph::KnowledgeGraph;
use crate::model::{Entity, EntityKind, RelationKind};

/// Centrality of one node of the cooperation graph.
#[derive(Debug, Clone)]
pub struct Centrality<'g> {
    /// The entity.
    pub entity: &'g Entity,
    /// Degree centrality.
    pub degree: f64,
    /// Betweenness centrality (Brandes).
    pub betweenness: f64,
    /// PageRank (damping 0.85).
    pub pagerank: f64,
}

/// The country–organization graph, its country–country projection and centralities.
#[derive(Debug, Clone)]
pub struct CooperationNetwork<'g> {
    /// Countries taking part, in id order.
    pub countries: Vec<&'g Entity>,
    /// Country pairs sharing something, heaviest first.
    pub links: CountryLinks<'g>,
    /// The underlying country–organization (and country–country) relations.
    pub subgraph: Subgraph<'g>,
    /// Centrality of every node of the subgraph, by PageRank, highest first.
    pub centrality: Vec<Centrality<'g>>,
}

/// Which parts of a cooperation network to compute; the countries and the subgraph always are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts {
    /// The country pairs (as many as the square of an organization's members).
    pub links: bool,
    /// Degree, betweenness (O(V·E)) and PageRank of every node.
    pub centrality: bool,
}

impl Parts {
    /// Everything.
    pub const ALL: Parts = Parts {
        links: true,
        centrality: true,
    };
}

/// Degree, betweenness and PageRank of `nodes` (joined as in `graph`), by PageRank, highest
/// first.
fn centralities<'g>(
    nodes: &[&'g Entity],
    graph: &SimpleGraph,
    stop: &AtomicBool,
) -> Result<Vec<Centrality<'g>>, ExploreError> {
    let (degree, betweenness, pagerank) = (
        algo::centrality::degree(graph),
        algo::centrality::betweenness(graph, stop).ok_or(ExploreError::Stopped)?,
        algo::centrality::pagerank(graph, 0.85),
    );
    let mut centrality: Vec<Centrality<'g>> = nodes
        .iter()
        .enumerate()
        .map(|(i, e)| Centrality {
            entity: e,
            degree: degree[i],
            betweenness: betweenness[i],
            pagerank: pagerank[i],
        })
        .collect();
    centrality.sort_by(|x, y| {
        y.pagerank
            .total_cmp(&x.pagerank)
            .then_with(|| x.entity.id.cmp(&y.entity.id))
    });
    Ok(centrality)
}

/// Who cooperates with whom. `countries` restricts the countries (all when `None`);
/// `organizations` names the organizations and conventions to link through (by default every
/// organization — conventions only when named, since near-universal treaties such as the
/// Convention on the Rights of the Child would join every pair). The country pairs (`links`,
/// as many as the square of an organization's members) and the centralities are computed only
/// when `parts` asks for them.
pub fn cooperation_network<'g>(
    graph: &'g KnowledgeGraph,
    countries: Option<&[String]>,
    organizations: Option<&[String]>,
    view: View,
    parts: Parts,
    stop: &AtomicBool,
) -> Result<CooperationNetwork<'g>, ExploreError> {
    for id in countries
        .into_iter()
        .flatten()
        .chain(organizations.into_iter().flatten())
    {
        if graph.entity(id).is_none() {
            return Err(ExploreError::UnknownId(id.clone()));
        }
    }
    let wanted_country = |id: &str| countries.is_none_or(|c| c.iter().any(|x| x == id));
    let wanted_hub = |e: &Entity| match organizations {
        Some(list) => list.contains(&e.id),
        None => e.kind == EntityKind::Organization,
    };
    let mut rels: Vec<RelationView<'g>> = Vec::new();
    let mut members: BTreeMap<&'g str, BTreeSet<&'g str>> = BTreeMap::new();
    let mut direct: BTreeMap<(&'g str, &'g str), Vec<&'g str>> = BTreeMap::new();
    for relation in graph.relations() {
        let s = &relation.statement;
        if !COOPERATION.contains(&s.kind)
            || !s.source.starts_with("country:")
            || !wanted_country(&s.source)
        {
            continue;
        }
        let Some(target) = graph.entity(&s.target) else {
            continue;
        };
        let Some(seen) = view_relation(graph, relation, view) else {
            continue;
        };
        if s.kind == RelationKind::CooperatesWith {
            if !wanted_country(&s.target) {
                continue;
            }
            let pair = if s.source < s.target {
                (s.source.as_str(), s.target.as_str())
            } else {
                (s.target.as_str(), s.source.as_str())
            };
            direct.entry(pair).or_default().push(relation.id.as_str());
            rels.push(seen);
        } else if wanted_hub(target) {
            members
                .entry(target.id.as_str())
                .or_default()
                .insert(s.source.as_str());
            rels.push(seen);
        }
    }
    let links = if parts.links {
        links::country_links(graph, &members, direct, stop).ok_or(ExploreError::Stopped)?
    } else {
        CountryLinks::default()
    };
    let entity = |id: &str| graph.entity(id);

    let mut node_ids: BTreeSet<&'g str> = BTreeSet::new();
    for r in &rels {
        node_ids.insert(r.relation.statement.source.as_str());
        node_ids.insert(r.relation.statement.target.as_str());
    }
    let nodes: Vec<&'g Entity> = node_ids.iter().filter_map(|id| entity(id)).collect();
    let index: HashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let centrality = if parts.centrality {
        let edges = rels.iter().filter_map(|r| {
            Some((
                *index.get(r.relation.statement.source.as_str())?,
                *index.get(r.relation.statement.target.as_str())?,
            ))
        });
        centralities(&nodes, &SimpleGraph::from_edges(nodes.len(), edges), stop)?
    } else {
        Vec::new()
    };
    let countries: Vec<&'g Entity> = nodes
        .iter()
        .copied()
        .filter(|e| e.kind == EntityKind::Country)
        .collect();
    rels.sort_by(|a, b| a.relation.id.cmp(&b.relation.id));
    Ok(CooperationNetwork {
        countries,
        links,
        subgraph: Subgraph {
            nodes,
            relations: rels,
        },
        centrality,
    })
}
