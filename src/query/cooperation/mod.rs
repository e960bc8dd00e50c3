//! The cooperation network: countries linked through shared organizations, conventions and
//! direct agreements, and the centrality of every node. Entities are handled by their
//! positions in the snapshot; the country pairs are in `links`, and the graph algorithms live
//! in `algo` and see only the simple graph built here. Imports the shared exploration types
//! from `explore`, never another question's file, and nothing from GraphQL.

mod links;
#[cfg(test)]
mod tests;

pub use links::{CountryLink, CountryLinks};

use std::collections::BTreeMap;
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
    /// Degree, betweenness (O(V·E) at worst, far less when many nodes share their
    /// neighbours) and PageRank of every node.
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

/// The positions of the entities `ids` names, as a set over every position; `None` when
/// `ids` is; an unknown id is an error.
fn chosen(
    graph: &KnowledgeGraph,
    ids: Option<&[String]>,
) -> Result<Option<Vec<bool>>, ExploreError> {
    let Some(ids) = ids else {
        return Ok(None);
    };
    let mut set = vec![false; graph.entity_count()];
    for id in ids {
        let at = graph
            .entity_position(id)
            .ok_or_else(|| ExploreError::UnknownId(id.clone()))?;
        if let Some(slot) = set.get_mut(at) {
            *slot = true;
        }
    }
    Ok(Some(set))
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
    // Entities are numbered by their position in id order, so positions sort as ids do.
    let wanted_countries = chosen(graph, countries)?;
    let wanted_hubs = chosen(graph, organizations)?;
    let wanted_country = |at: usize| {
        wanted_countries
            .as_ref()
            .is_none_or(|set| set.get(at) == Some(&true))
    };
    let wanted_hub = |at: usize, e: &Entity| match &wanted_hubs {
        Some(set) => set.get(at) == Some(&true),
        None => e.kind == EntityKind::Organization,
    };
    // Relations come in id order, and so stay in the subgraph.
    let mut rels: Vec<RelationView<'g>> = Vec::new();
    let mut ends: Vec<(usize, usize)> = Vec::new();
    let mut memberships: Vec<(usize, usize)> = Vec::new();
    let mut direct: BTreeMap<(usize, usize), Vec<&'g str>> = BTreeMap::new();
    for at in 0..graph.relation_count() {
        let (Some(relation), Some((source, target))) =
            (graph.relation_at(at), graph.relation_ends(at))
        else {
            continue;
        };
        let s = &relation.statement;
        if !COOPERATION.contains(&s.kind)
            || !s.source.starts_with("country:")
            || !wanted_country(source)
        {
            continue;
        }
        let Some(target_entity) = graph.entity_at(target) else {
            continue;
        };
        let Some(seen) = view_relation(graph, relation, view) else {
            continue;
        };
        if s.kind == RelationKind::CooperatesWith {
            if !wanted_country(target) {
                continue;
            }
            let pair = (source.min(target), source.max(target));
            direct.entry(pair).or_default().push(relation.id.as_str());
        } else if wanted_hub(target, target_entity) {
            memberships.push((target, source));
        } else {
            continue;
        }
        rels.push(seen);
        ends.push((source, target));
    }
    let links = if parts.links {
        links::country_links(graph, memberships, direct, stop).ok_or(ExploreError::Stopped)?
    } else {
        CountryLinks::default()
    };

    let mut positions: Vec<usize> = ends.iter().flat_map(|&(s, t)| [s, t]).collect();
    positions.sort_unstable();
    positions.dedup();
    let (positions, nodes): (Vec<usize>, Vec<&'g Entity>) = positions
        .into_iter()
        .filter_map(|at| Some((at, graph.entity_at(at)?)))
        .unzip();
    let centrality = if parts.centrality {
        let node = |at: usize| positions.binary_search(&at).ok();
        let edges = ends.iter().filter_map(|&(s, t)| Some((node(s)?, node(t)?)));
        centralities(&nodes, &SimpleGraph::from_edges(nodes.len(), edges), stop)?
    } else {
        Vec::new()
    };
    let countries: Vec<&'g Entity> = nodes
        .iter()
        .copied()
        .filter(|e| e.kind == EntityKind::Country)
        .collect();
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
