//! Neighbourhoods: the entities within some steps of one entity, walked breadth first over
//! the graph's own adjacency, and the whole graph as one view sees it (for exports). Imports
//! the shared exploration types from `explore`, never another question's file, and nothing
//! from GraphQL.

use std::collections::HashSet;

use super::explore::{ExploreError, ExploreLimits, Subgraph};
use super::limits::{Meter, Work};
use super::{view_relation, RelationView, View};
use crate::graph::{Direction, KnowledgeGraph};
use crate::model::RelationKind;

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
            && ((view == View::default() && relation.corrections.is_empty())
                || view_relation(graph, relation, view).is_some())
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
