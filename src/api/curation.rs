//! What a curator reads: the open same-as candidates, pairs of one country's entities that
//! may be one thing, with how alike they are. A person's answer goes in
//! `curated/judgements.json` (`same` merges the pair, `different` keeps it apart); either way
//! the pair leaves this list on the next snapshot.

use std::sync::Arc;

use async_graphql::SimpleObject;

use super::entity::{EntityNode, EntityRef};
use super::serial_list::SerialList;
use crate::graph::KnowledgeGraph;
use crate::model;
use crate::query;

/// Two entities of one kind and country whose names look alike, not yet judged by a person.
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct SameAsCandidate {
    /// The entity with the smaller id.
    left: EntityNode,
    /// The other entity.
    right: EntityNode,
    /// How alike their names are, 0 … 1 (1: one name holds all the other's words).
    score: f64,
    /// What makes them alike.
    reason: String,
}

/// The first `first` open candidates of `country` (an entity id) and `kind`, best first.
pub(super) fn same_as_candidates(
    graph: &Arc<KnowledgeGraph>,
    country: Option<&str>,
    kind: Option<model::EntityKind>,
    first: usize,
) -> SerialList<SameAsCandidate> {
    let iso2 = country.map(|id| id.trim_start_matches("country:"));
    query::same_as_candidates(graph, iso2, kind)
        .into_iter()
        .take(first)
        .map(|c| SameAsCandidate {
            left: EntityRef::by_id(graph, &c.left).node(),
            right: EntityRef::by_id(graph, &c.right).node(),
            score: c.score,
            reason: c.reason.to_string(),
        })
        .collect()
}
