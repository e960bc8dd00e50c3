//! The two clocks: where a question is asked (`View`: valid time `as_of`, known time
//! `known_at`) and a relation as one view sees it (`RelationView`: the evidence known then,
//! the first report).

use crate::graph::{KnowledgeGraph, Relation};
use crate::model::{Evidence, PartialDate};

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

/// The relation as seen in `view`, or `None` when it is not known there or does not hold
/// there: not begun by `as_of`, ended, or marked erroneous by a correction known in the view.
pub fn view_relation<'g>(
    graph: &'g KnowledgeGraph,
    relation: &'g Relation,
    view: View,
) -> Option<RelationView<'g>> {
    let seen = known_relation(graph, relation, view)?;
    if corrected(graph, relation, view) {
        return None;
    }
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

/// Whether a curator's correction of the relation is known in `view` (corrections are dated
/// by when they were recorded, so before that day the sources' word stood).
pub fn corrected(graph: &KnowledgeGraph, relation: &Relation, view: View) -> bool {
    relation
        .corrections
        .iter()
        .any(|c| view.knows(graph, &c.evidence))
}

/// The relation with the evidence known in `view`, whether or not it holds there (a
/// corrected relation stays readable by its id); `None` when none of its evidence is known.
pub fn known_relation<'g>(
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
    Some(RelationView {
        relation,
        evidence,
        first_reported,
    })
}
