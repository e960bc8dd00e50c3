//! The cooperation network: countries linked through shared organizations, conventions and
//! direct agreements, and the centrality of every node. The graph algorithms live in `algo`
//! and see only the adjacency lists built here. Imports the shared exploration types from
//! `explore`, never another question's file, and nothing from GraphQL.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};

use super::explore::{ExploreError, Subgraph, COOPERATION};
use super::{view_relation, RelationView, View};
use crate::algo;
use crate::graph::KnowledgeGraph;
use crate::model::{Entity, EntityKind, RelationKind};

/// A pair of countries and what links them.
#[derive(Debug, Clone)]
pub struct CountryLink<'g> {
    /// One country (the smaller id).
    pub a: &'g Entity,
    /// The other.
    pub b: &'g Entity,
    /// Shared organizations and conventions.
    pub via: Vec<&'g Entity>,
    /// Ids of direct cooperation relations between the two (joint declarations, MoUs).
    pub agreements: Vec<&'g str>,
    /// Number of shared entities plus one per direct agreement.
    pub weight: f64,
}

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
    pub links: Vec<CountryLink<'g>>,
    /// The underlying country–organization (and country–country) relations.
    pub subgraph: Subgraph<'g>,
    /// Centrality of every node of the subgraph, by PageRank, highest first.
    pub centrality: Vec<Centrality<'g>>,
}

/// A country pair by number: the range of its hubs among the sorted triples, its direct
/// agreements and its weight.
type NumberedLink<'a, 'g> = (
    (u32, u32),
    std::ops::Range<usize>,
    Option<&'a Vec<&'g str>>,
    f64,
);

/// Country pairs sharing a hub (organization or convention) or a direct agreement, heaviest
/// first, then by the two ids; `None` once `stop` is set. Countries and hubs are numbered in id order so that the pairs
/// (as many as the square of a hub's members) are counted on integers.
fn country_links<'g>(
    graph: &'g KnowledgeGraph,
    members: &BTreeMap<&'g str, BTreeSet<&'g str>>,
    direct: &BTreeMap<(&'g str, &'g str), Vec<&'g str>>,
    stop: &AtomicBool,
) -> Option<Vec<CountryLink<'g>>> {
    let mut ids: Vec<&'g str> = members
        .values()
        .flatten()
        .copied()
        .chain(direct.keys().flat_map(|&(a, b)| [a, b]))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let number: HashMap<&str, u32> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, i as u32))
        .collect();
    let countries: Vec<Option<&'g Entity>> = ids.iter().map(|id| graph.entity(id)).collect();
    let hubs: Vec<Option<&'g Entity>> = members.keys().map(|id| graph.entity(id)).collect();
    // (smaller number, larger number, hub) for every pair sharing a hub; sorted, each pair's
    // hubs come together and in id order.
    let mut triples: Vec<(u32, u32, u32)> = Vec::new();
    for (hub, countries) in members.values().enumerate() {
        if stop.load(Ordering::Relaxed) {
            return None;
        }
        let list: Vec<u32> = countries
            .iter()
            .filter_map(|c| number.get(c).copied())
            .collect();
        for (i, &a) in list.iter().enumerate() {
            triples.extend(list[i + 1..].iter().map(|&b| (a, b, hub as u32)));
        }
    }
    triples.sort_unstable();
    // Each pair with the range of its hubs in `triples`.
    let mut pairs: Vec<((u32, u32), std::ops::Range<usize>)> = Vec::new();
    let mut start = 0;
    for (i, t) in triples.iter().enumerate() {
        if triples.get(i + 1).is_none_or(|n| (n.0, n.1) != (t.0, t.1)) {
            pairs.push(((t.0, t.1), start..i + 1));
            start = i + 1;
        }
    }
    // Pairs linked only by direct agreements, looked up among the hub pairs (still sorted)
    // before any is added.
    let only_direct: Vec<(u32, u32)> = direct
        .keys()
        .filter_map(|&(a, b)| Some((*number.get(a)?, *number.get(b)?)))
        .filter(|pair| pairs.binary_search_by(|(p, _)| p.cmp(pair)).is_err())
        .collect();
    pairs.extend(only_direct.into_iter().map(|pair| (pair, 0..0)));
    // Each pair with its direct agreements and weight, heaviest first.
    let mut links: Vec<NumberedLink<'_, 'g>> = pairs
        .into_iter()
        .map(|(pair, via)| {
            let agreements = direct.get(&(ids[pair.0 as usize], ids[pair.1 as usize]));
            let weight = (via.len() + agreements.map_or(0, Vec::len)) as f64;
            (pair, via, agreements, weight)
        })
        .collect();
    links.sort_unstable_by(|x, y| y.3.total_cmp(&x.3).then_with(|| x.0.cmp(&y.0)));
    let links = links
        .into_iter()
        .filter_map(|(pair, via, agreements, weight)| {
            Some(CountryLink {
                a: countries[pair.0 as usize]?,
                b: countries[pair.1 as usize]?,
                weight,
                via: triples[via]
                    .iter()
                    .filter_map(|t| hubs[t.2 as usize])
                    .collect(),
                agreements: agreements.cloned().unwrap_or_default(),
            })
        })
        .collect();
    Some(links)
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

/// Degree, betweenness and PageRank of `nodes` (joined by `adj`), by PageRank, highest first.
fn centralities<'g>(
    nodes: &[&'g Entity],
    adj: &algo::Adjacency,
    stop: &AtomicBool,
) -> Result<Vec<Centrality<'g>>, ExploreError> {
    let (degree, betweenness, pagerank) = (
        algo::centrality::degree(adj),
        algo::centrality::betweenness(adj, stop).ok_or(ExploreError::Stopped)?,
        algo::centrality::pagerank(adj, 0.85),
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
        country_links(graph, &members, &direct, stop).ok_or(ExploreError::Stopped)?
    } else {
        Vec::new()
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
    let edges: Vec<(usize, usize, usize)> = rels
        .iter()
        .enumerate()
        .filter_map(|(l, r)| {
            Some((
                *index.get(r.relation.statement.source.as_str())?,
                *index.get(r.relation.statement.target.as_str())?,
                l,
            ))
        })
        .collect();
    let adj = algo::adjacency(nodes.len(), &edges);
    let centrality = if parts.centrality {
        centralities(&nodes, &adj, stop)?
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
