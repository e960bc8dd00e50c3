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
mod lookup;
mod neighborhood;
mod paths;
mod posture;
mod same;
mod search;
mod view;

pub use compare::{common_ground, compare, ranking, CommonGround, ComparisonRow};
pub use cooperation::{
    cooperation_network, Centrality, CooperationNetwork, CountryLink, CountryLinks, Parts,
};
pub use explore::{ExploreError, ExploreLimits, Subgraph};
pub use history::{
    conflicts, timeline, Claim, Conflict, ConflictSubject, TimelineEvent, TimelineEventKind,
};
pub use lookup::{country_targets, find_country, mentions, neighbors, relations, stats, Stats};
pub use neighborhood::{neighborhood, whole, Around};
pub use paths::{default_path_kinds, paths, EntityPath, PathQuery};
pub use posture::{posture, IndicatorState, PillarScore, Posture, StatusCounts};
pub use same::same_as_candidates;
pub use search::{search, SearchHit};
pub use view::{corrected, known_relation, view_relation, RelationView, View};
