//! The curator's open questions: pairs of one country's laws, teams, agencies, policies or
//! programmes whose names look alike but that the rules did not merge, and that no person
//! has judged yet (`curated/judgements.json`). Judged pairs leave the list: a `same` pair is
//! one entity by then, a `different` pair stays two.

use crate::graph::KnowledgeGraph;
use crate::model::EntityKind;
use crate::resolve::same::{candidates, Candidate};

/// The open same-as candidates of a snapshot, best first, for one country (ISO2) and one
/// kind when given.
pub fn same_as_candidates(
    graph: &KnowledgeGraph,
    country: Option<&str>,
    kind: Option<EntityKind>,
) -> Vec<Candidate> {
    let name_of = |iso2: &str| {
        graph
            .entity(&format!("country:{iso2}"))
            .map(|c| c.name.clone())
            .unwrap_or_default()
    };
    let wanted = graph.entities().into_iter().filter(|e| {
        country.is_none_or(|c| e.country.as_deref() == Some(c)) && kind.is_none_or(|k| e.kind == k)
    });
    candidates(wanted, name_of)
        .into_iter()
        .filter(|c| !graph.judged(&c.left, &c.right))
        .collect()
}
