//! Lookups over a snapshot in one view: an entity's relations and neighbours, a country's
//! targets of given kinds, the mentions of an entity, a country by code or name, counts.

use std::collections::BTreeMap;

use super::view::{view_relation, RelationView, View};
use crate::graph::{Direction, KnowledgeGraph};
use crate::model::{Entity, EntityKind, Evidence, RelationKind};
use crate::resolve::country;

/// The relations of `id` in `view`, filtered by kind, in id order.
pub fn relations<'g>(
    graph: &'g KnowledgeGraph,
    id: &str,
    kinds: Option<&[RelationKind]>,
    direction: Direction,
    view: View,
) -> Vec<RelationView<'g>> {
    graph
        .relations_of(id, direction)
        .into_iter()
        .filter(|r| kinds.is_none_or(|k| k.contains(&r.statement.kind)))
        .filter_map(|r| view_relation(graph, r, view))
        .collect()
}

/// The entities at the other end of [`relations`], each once, in id order.
pub fn neighbors<'g>(
    graph: &'g KnowledgeGraph,
    id: &str,
    kinds: Option<&[RelationKind]>,
    direction: Direction,
    view: View,
) -> Vec<&'g Entity> {
    let mut ids: Vec<&str> = relations(graph, id, kinds, direction, view)
        .into_iter()
        .map(|r| {
            let s = &r.relation.statement;
            if s.source == id {
                s.target.as_str()
            } else {
                s.source.as_str()
            }
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids.into_iter().filter_map(|i| graph.entity(i)).collect()
}

/// The targets of a country's outgoing relations of `kinds` in `view`.
pub fn country_targets<'g>(
    graph: &'g KnowledgeGraph,
    country_id: &str,
    kinds: &[RelationKind],
    view: View,
) -> Vec<&'g Entity> {
    neighbors(graph, country_id, Some(kinds), Direction::Out, view)
}

/// Where an entity is mentioned: the known evidence of every document's MENTIONS edge into it.
pub fn mentions<'g>(graph: &'g KnowledgeGraph, id: &str, view: View) -> Vec<&'g Evidence> {
    graph
        .relations_of(id, Direction::In)
        .into_iter()
        .filter(|r| r.statement.kind == RelationKind::Mentions)
        .flat_map(|r| view.known(graph, &r.statement.evidence))
        .collect()
}

/// Finds a country by ISO2, ISO3, or any name or alias, case-insensitively.
pub fn find_country<'g>(graph: &'g KnowledgeGraph, code_or_name: &str) -> Option<&'g Entity> {
    let wanted = code_or_name.trim();
    if wanted.is_empty() {
        return None;
    }
    if let Some(code) = country::resolve(wanted) {
        if let Some(found) = graph.entity(&format!("country:{}", code.iso2)) {
            return Some(found);
        }
    }
    graph.entities().into_iter().find(|e| {
        e.kind == EntityKind::Country
            && (e.name.eq_ignore_ascii_case(wanted)
                || e.aliases.iter().any(|a| a.eq_ignore_ascii_case(wanted)))
    })
}

/// Counts for `stats`.
#[derive(Debug, Clone)]
pub struct Stats {
    /// Entities (documents included).
    pub entities: usize,
    /// Relations (MENTIONS included).
    pub relations: usize,
    /// Source documents.
    pub documents: usize,
    /// Entities per kind and relations per kind.
    pub by_kind: BTreeMap<String, usize>,
}

/// Size of the graph, by kind.
pub fn stats(graph: &KnowledgeGraph) -> Stats {
    let mut by_kind = BTreeMap::new();
    for entity in graph.entities() {
        *by_kind.entry(entity.kind.as_str().to_string()).or_insert(0) += 1;
    }
    for relation in graph.relations() {
        *by_kind
            .entry(relation.statement.kind.as_str().to_string())
            .or_insert(0) += 1;
    }
    Stats {
        entities: graph.entity_count(),
        relations: graph.relation_count(),
        documents: graph.documents().count(),
        by_kind,
    }
}
