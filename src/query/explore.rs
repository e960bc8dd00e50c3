//! What the exploration questions share: the refusal they give (`ExploreError`), the limits
//! the server holds them to (`ExploreLimits`), the subgraph that neighbourhoods and the
//! cooperation network answer with, and the relation kinds that make up cooperation. Each
//! question lives in a file of its own beside this one (`neighborhood`, `paths`,
//! `cooperation`, `compare`); this file imports none of them, and nothing from GraphQL.

use super::limits::Exhausted;
use super::RelationView;
use crate::model::{Entity, RelationKind};

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

/// Relations that make up cooperation: memberships, participation, treaties, agreements.
/// The first three join a country to a hub (organization, programme or convention), the
/// last joins two countries; `common_ground` relies on that order.
pub(super) const COOPERATION: [RelationKind; 4] = [
    RelationKind::MemberOf,
    RelationKind::ParticipatesIn,
    RelationKind::PartyTo,
    RelationKind::CooperatesWith,
];
