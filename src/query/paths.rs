//! Paths between two entities: the shortest first, then longer ones, following relations in
//! either direction with the kinds and the view as a filter on the edges. The search itself
//! lives in `algo::paths` and sees only the graph's adjacency lists. Imports the shared
//! exploration types from `explore`, never another question's file, and nothing from GraphQL.

use std::cell::Cell;

use super::explore::{ExploreError, ExploreLimits};
use super::limits::{Meter, Work};
use super::{view_relation, RelationView, View};
use crate::algo;
use crate::graph::KnowledgeGraph;
use crate::model::{Entity, RelationKind};

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
                kinds.contains(&r.statement.kind)
                    && if dated {
                        seen_in_view(label, r)
                    } else {
                        // A corrected relation no longer holds, whatever the view.
                        r.corrections.is_empty()
                    }
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
