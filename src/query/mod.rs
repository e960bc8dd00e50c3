//! Questions over a snapshot, as plain Rust: lookups, views of relations on the two clocks,
//! search, indicator posture, timelines, conflicts, statistics. No GraphQL types here; the API
//! layer wraps these.
//!
//! Two clocks. *Valid time* (`as_of`): a relation holds on date D when it had begun by D (its
//! `since`, else the publication date of the earliest document stating it) and had not ended.
//! *Known time* (`known_at`): only evidence from documents published on or before K counts; a
//! relation or observation with no such evidence is not known at K.

mod compare;
mod cooperation;
mod explore;
mod history;
pub mod limits;
mod neighborhood;
mod paths;
mod posture;
mod search;

use std::collections::BTreeMap;

pub use compare::{common_ground, compare, ranking, CommonGround, ComparisonRow};
pub use cooperation::{
    cooperation_network, Centrality, CooperationNetwork, CountryLink, CountryLinks, Parts,
};
pub use explore::{ExploreError, ExploreLimits, Subgraph};
pub use history::{
    conflicts, timeline, Claim, Conflict, ConflictSubject, TimelineEvent, TimelineEventKind,
};
pub use neighborhood::{neighborhood, whole, Around};
pub use paths::{default_path_kinds, paths, EntityPath, PathQuery};
pub use posture::{posture, IndicatorState, PillarScore, Posture};
pub use search::{search, SearchHit};

use crate::graph::{Direction, KnowledgeGraph, Relation};
use crate::model::{Entity, EntityKind, Evidence, PartialDate, RelationKind};
use crate::resolve::country;

/// Where on the two clocks a question is asked. `None` on a clock means "now, with
/// everything the sources say".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct View {
    /// Valid time: what held on this date.
    pub as_of: Option<PartialDate>,
    /// Known time: what the sources had said by this date.
    pub known_at: Option<PartialDate>,
}

impl View {
    /// A view at valid time `as_of`, knowing everything.
    pub fn as_of(as_of: Option<PartialDate>) -> Self {
        View {
            as_of,
            known_at: None,
        }
    }

    /// Whether a piece of evidence is known in this view.
    pub fn knows(&self, graph: &KnowledgeGraph, evidence: &Evidence) -> bool {
        match (self.known_at, graph.known_since(evidence)) {
            (Some(k), Some(published)) => published.starts_on_or_before(&k),
            _ => true,
        }
    }

    /// The evidence of `items` known in this view.
    pub fn known<'g>(&self, graph: &KnowledgeGraph, items: &'g [Evidence]) -> Vec<&'g Evidence> {
        items.iter().filter(|e| self.knows(graph, e)).collect()
    }
}

/// A relation as one view sees it: only the evidence known there, and the first report date
/// that evidence gives.
#[derive(Debug, Clone)]
pub struct RelationView<'g> {
    /// The relation in the graph.
    pub relation: &'g Relation,
    /// Its evidence known in the view (never empty).
    pub evidence: Vec<&'g Evidence>,
    /// The earliest publication date of that evidence.
    pub first_reported: Option<PartialDate>,
}

impl<'g> RelationView<'g> {
    /// When the relation is known to have begun: `since`, else its first report.
    pub fn began(&self) -> Option<PartialDate> {
        self.relation.statement.since.or(self.first_reported)
    }
}

/// The relation as seen in `view`, or `None` when it is not known there or does not hold.
pub fn view_relation<'g>(
    graph: &'g KnowledgeGraph,
    relation: &'g Relation,
    view: View,
) -> Option<RelationView<'g>> {
    let (evidence, first_reported) = match view.known_at {
        // Knowing everything, the relation is seen whole, first reported when the build found.
        None => (
            relation.statement.evidence.iter().collect::<Vec<_>>(),
            relation.first_reported,
        ),
        Some(_) => {
            let evidence = view.known(graph, &relation.statement.evidence);
            let first = evidence.iter().filter_map(|e| graph.known_since(e)).min();
            (evidence, first)
        }
    };
    if evidence.is_empty() {
        return None;
    }
    let seen = RelationView {
        relation,
        evidence,
        first_reported,
    };
    let holds = match view.as_of {
        None => true,
        Some(day) => {
            let started = seen
                .began()
                .is_none_or(|since| since.starts_on_or_before(&day));
            let ended = relation
                .statement
                .until
                .is_some_and(|until| until.starts_on_or_before(&day));
            started && !ended
        }
    };
    holds.then_some(seen)
}

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
