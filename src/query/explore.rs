//! Exploration over a view of the graph: neighbourhoods, paths between entities, the
//! cooperation network of countries, comparisons and rankings. The graph algorithms
//! themselves live in `algo` and see only adjacency lists built here.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};

use super::limits::{Exhausted, Meter, Work};
use super::{posture, relations, view_relation, RelationView, View};
use crate::algo;
use crate::graph::{Direction, KnowledgeGraph};
use crate::model::{Entity, EntityKind, IndicatorStatus, RelationKind};

/// Why an exploration was refused. Each says which limit and how to stay within it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExploreError {
    /// No entity has this id.
    UnknownId(String),
    /// An argument is outside its allowed range.
    OutOfRange(String),
    /// The answer would exceed the configured size.
    TooLarge(String),
    /// The caller set the stop flag (it no longer wants the answer).
    Stopped,
}

impl From<Exhausted> for ExploreError {
    fn from(why: Exhausted) -> Self {
        match why {
            Exhausted::Budget(_) => ExploreError::TooLarge(why.to_string()),
            Exhausted::Stopped => ExploreError::Stopped,
        }
    }
}

/// Limits on exploration, from the server's configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExploreLimits {
    /// Deepest `neighborhood` allowed.
    pub max_depth: usize,
    /// Longest `paths` allowed.
    pub max_path_length: usize,
    /// Most paths returned.
    pub max_paths: usize,
    /// Most nodes a subgraph may hold.
    pub max_nodes: usize,
}

impl Default for ExploreLimits {
    fn default() -> Self {
        ExploreLimits {
            max_depth: 4,
            max_path_length: 6,
            max_paths: 50,
            max_nodes: 5_000,
        }
    }
}

/// A set of entities and the relations between them, as one view sees them.
#[derive(Debug, Clone, Default)]
pub struct Subgraph<'g> {
    /// Entities, in id order.
    pub nodes: Vec<&'g Entity>,
    /// Relations, in id order.
    pub relations: Vec<RelationView<'g>>,
}

/// Where a neighbourhood is asked: around which entity, how far, along what.
#[derive(Debug, Clone, Copy)]
pub struct Around<'a> {
    /// The entity at the centre.
    pub id: &'a str,
    /// Steps from it.
    pub depth: usize,
    /// Relation kinds to follow (all when `None`).
    pub kinds: Option<&'a [RelationKind]>,
    /// Which way to follow them.
    pub direction: Direction,
}

/// The entities within `depth` steps of `id` along relations of `kinds` (all when `None`) in
/// `direction`, breadth first, with every relation among them that the walk followed. Every
/// relation looked at spends from `work`.
pub fn neighborhood<'g>(
    graph: &'g KnowledgeGraph,
    around: Around<'_>,
    view: View,
    limits: ExploreLimits,
    work: &Work,
) -> Result<Subgraph<'g>, ExploreError> {
    let Around {
        id,
        depth,
        kinds,
        direction,
    } = around;
    let meter = Meter::new(work);
    if depth > limits.max_depth {
        return Err(ExploreError::OutOfRange(format!(
            "argument 'depth' is {depth}; at most {}",
            limits.max_depth
        )));
    }
    let root = graph
        .entity_position(id)
        .ok_or_else(|| ExploreError::UnknownId(id.to_string()))?;
    // Positions in id order throughout: sorting them at the end gives id order.
    let adj = graph.undirected();
    let follows = |at: usize, label: usize| {
        if !meter.look() {
            return false;
        }
        let Some(relation) = graph.relation_at(label) else {
            return false;
        };
        let (source, target) = graph
            .relation_ends(label)
            .unwrap_or((usize::MAX, usize::MAX));
        let direction_ok = match direction {
            Direction::Out => source == at,
            Direction::In => target == at,
            Direction::Both => true,
        };
        direction_ok
            && kinds.is_none_or(|k| k.contains(&relation.statement.kind))
            && (view == View::default() || view_relation(graph, relation, view).is_some())
    };
    let mut seen: HashSet<usize> = HashSet::from([root]);
    let mut edges: HashSet<usize> = HashSet::new();
    let mut frontier = vec![root];
    for _ in 0..depth {
        let mut next = Vec::new();
        for at in frontier {
            for &(other, label) in adj.get(at).map(Vec::as_slice).unwrap_or(&[]) {
                if !follows(at, label) {
                    continue;
                }
                edges.insert(label);
                if seen.insert(other) {
                    next.push(other);
                }
                if seen.len() > limits.max_nodes {
                    return Err(ExploreError::TooLarge(format!(
                        "the neighbourhood of '{id}' at depth {depth} has more than {} nodes; lower 'depth' or restrict 'kinds'",
                        limits.max_nodes
                    )));
                }
            }
        }
        frontier = next;
    }
    if let Some(why) = meter.exhausted() {
        return Err(ExploreError::from(why));
    }
    let mut nodes: Vec<usize> = seen.into_iter().collect();
    nodes.sort_unstable();
    let mut labels: Vec<usize> = edges.into_iter().collect();
    labels.sort_unstable();
    Ok(Subgraph {
        nodes: nodes
            .into_iter()
            .filter_map(|i| graph.entity_at(i))
            .collect(),
        relations: labels
            .into_iter()
            .filter_map(|l| graph.relation_at(l))
            .filter_map(|r| view_relation(graph, r, view))
            .collect(),
    })
}

/// The whole graph as one view sees it (for exports).
pub fn whole<'g>(
    graph: &'g KnowledgeGraph,
    kinds: Option<&[RelationKind]>,
    view: View,
) -> Subgraph<'g> {
    let relations: Vec<RelationView<'g>> = graph
        .relations()
        .into_iter()
        .filter(|r| kinds.is_none_or(|k| k.contains(&r.statement.kind)))
        .filter_map(|r| view_relation(graph, r, view))
        .collect();
    Subgraph {
        nodes: graph.entities(),
        relations,
    }
}

/// The relations every path search follows unless told otherwise: all but MENTIONS, which
/// would join any two things named in one document.
pub fn default_path_kinds() -> Vec<RelationKind> {
    RelationKind::ALL
        .iter()
        .copied()
        .filter(|k| *k != RelationKind::Mentions)
        .collect()
}

/// One path: its entities in order and the relations between them.
#[derive(Debug, Clone)]
pub struct EntityPath<'g> {
    /// Entities from `from` to `to`.
    pub nodes: Vec<&'g Entity>,
    /// Relations, `relations[i]` joining `nodes[i]` and `nodes[i + 1]` in either direction.
    pub relations: Vec<RelationView<'g>>,
}

/// What `paths` is asked.
#[derive(Debug, Clone, Copy)]
pub struct PathQuery<'a> {
    /// Start entity id.
    pub from: &'a str,
    /// End entity id.
    pub to: &'a str,
    /// Longest path, in relations.
    pub max_length: usize,
    /// Relations to follow (all but MENTIONS when `None`).
    pub kinds: Option<&'a [RelationKind]>,
    /// Most paths to return.
    pub limit: usize,
}

/// The shortest paths between two entities first, then longer ones up to `max_length`
/// (k shortest simple paths), following relations in either direction.
pub fn paths<'g>(
    graph: &'g KnowledgeGraph,
    q: PathQuery<'_>,
    view: View,
    limits: ExploreLimits,
    work: &Work,
) -> Result<Vec<EntityPath<'g>>, ExploreError> {
    let meter = Meter::new(work);
    let PathQuery {
        from,
        to,
        max_length,
        kinds,
        limit,
    } = q;
    if max_length > limits.max_path_length || max_length == 0 {
        return Err(ExploreError::OutOfRange(format!(
            "argument 'maxLength' is {max_length}; between 1 and {}",
            limits.max_path_length
        )));
    }
    if limit > limits.max_paths || limit == 0 {
        return Err(ExploreError::OutOfRange(format!(
            "argument 'limit' is {limit}; between 1 and {}",
            limits.max_paths
        )));
    }
    for id in [from, to] {
        if graph.entity(id).is_none() {
            return Err(ExploreError::UnknownId(id.to_string()));
        }
    }
    let kinds = kinds
        .map(<[RelationKind]>::to_vec)
        .unwrap_or_else(default_path_kinds);
    let (Some(a), Some(b)) = (graph.entity_position(from), graph.entity_position(to)) else {
        return Ok(Vec::new());
    };
    // The graph's own undirected adjacency, with the kinds (and, when a date is asked, the
    // view) as a filter on the edges. Whether a relation is visible on a date is worked out
    // the first time a search meets it and remembered for the other searches.
    let dated = view != View::default();
    let visible: Vec<Cell<Option<bool>>> = if dated {
        vec![Cell::new(None); graph.relation_count()]
    } else {
        Vec::new()
    };
    let seen_in_view = |label: usize, relation| match visible.get(label).map(Cell::get) {
        Some(Some(known)) => known,
        _ => {
            let known = view_relation(graph, relation, view).is_some();
            if let Some(cell) = visible.get(label) {
                cell.set(Some(known));
            }
            known
        }
    };
    let allowed = |label: usize| {
        meter.look()
            && graph.relation_at(label).is_some_and(|r| {
                kinds.contains(&r.statement.kind) && (!dated || seen_in_view(label, r))
            })
    };
    let found = algo::paths::k_shortest(graph.undirected(), &allowed, a, b, limit, max_length);
    // Searches cut short by the budget may have missed paths: no partial answer.
    if let Some(why) = meter.exhausted() {
        return Err(ExploreError::from(why));
    }
    Ok(found
        .into_iter()
        .map(|path| EntityPath {
            nodes: path
                .nodes
                .iter()
                .filter_map(|&i| graph.entity_at(i))
                .collect(),
            relations: path
                .edges
                .iter()
                .filter_map(|&l| graph.relation_at(l))
                .filter_map(|r| view_relation(graph, r, view))
                .collect(),
        })
        .collect())
}

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

/// Relations that make up cooperation: memberships, participation, treaties, agreements.
const COOPERATION: [RelationKind; 4] = [
    RelationKind::MemberOf,
    RelationKind::ParticipatesIn,
    RelationKind::PartyTo,
    RelationKind::CooperatesWith,
];

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

/// What two countries share: organizations and conventions both belong to, and the
/// relations between them directly.
#[derive(Debug, Clone)]
pub struct CommonGround<'g> {
    /// Organizations, programmes and conventions both are related to.
    pub shared: Vec<&'g Entity>,
    /// Relations directly between the two (e.g. COOPERATES_WITH).
    pub direct: Vec<RelationView<'g>>,
}

/// What `a` and `b` share in `view`.
pub fn common_ground<'g>(
    graph: &'g KnowledgeGraph,
    a: &str,
    b: &str,
    view: View,
) -> Result<CommonGround<'g>, ExploreError> {
    for id in [a, b] {
        if graph.entity(id).is_none() {
            return Err(ExploreError::UnknownId(id.to_string()));
        }
    }
    let targets = |id: &str| -> BTreeSet<&'g str> {
        relations(graph, id, Some(&COOPERATION[..3]), Direction::Out, view)
            .into_iter()
            .map(|r| r.relation.statement.target.as_str())
            .collect()
    };
    let shared = targets(a)
        .intersection(&targets(b))
        .filter_map(|id| graph.entity(id))
        .collect();
    let direct = relations(graph, a, None, Direction::Both, view)
        .into_iter()
        .filter(|r| {
            let s = &r.relation.statement;
            s.kind != RelationKind::Mentions && (s.source == b || s.target == b)
        })
        .collect();
    Ok(CommonGround { shared, direct })
}

/// One indicator's statuses across countries.
#[derive(Debug, Clone)]
pub struct ComparisonRow {
    /// The indicator's code.
    pub code: &'static str,
    /// Its name.
    pub name: &'static str,
    /// One status per country, in the order asked.
    pub statuses: Vec<IndicatorStatus>,
}

/// One row per indicator, one status per country.
pub fn compare(
    graph: &KnowledgeGraph,
    countries: &[String],
    view: View,
) -> Result<Vec<ComparisonRow>, ExploreError> {
    if countries.is_empty() {
        return Err(ExploreError::OutOfRange(
            "argument 'countries' is empty; name at least one country".into(),
        ));
    }
    let mut postures = Vec::new();
    for id in countries {
        match graph.entity(id) {
            Some(e) if e.kind == EntityKind::Country => postures.push(posture(graph, id, view)),
            _ => return Err(ExploreError::UnknownId(id.clone())),
        }
    }
    Ok(crate::model::INDICATORS
        .iter()
        .enumerate()
        .map(|(i, def)| ComparisonRow {
            code: def.code,
            name: def.name,
            statuses: postures
                .iter()
                .map(|p| {
                    p.indicators
                        .get(i)
                        .map(|s| s.status())
                        .unwrap_or(IndicatorStatus::Unknown)
                })
                .collect(),
        })
        .collect())
}

/// Countries ranked by posture score in `view`, highest first (ties by id). Countries no
/// source observed (named only in passing) are left out rather than ranked last.
pub fn ranking<'g>(graph: &'g KnowledgeGraph, view: View) -> Vec<(&'g Entity, f64)> {
    let mut ranked: Vec<(&'g Entity, f64)> = graph
        .entities()
        .into_iter()
        .filter(|e| e.kind == EntityKind::Country)
        .map(|e| (e, posture(graph, &e.id, view)))
        .filter(|(_, p)| p.indicators.iter().any(|i| i.observation.is_some()))
        .map(|(e, p)| (e, p.score()))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.id.cmp(&b.0.id)));
    ranked
}
