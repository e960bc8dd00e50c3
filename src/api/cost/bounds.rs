//! The stated bound of every list the schema serves: how long it can be on a given snapshot.
//! Paged fields (`first`, `limit`, `ids`) are priced by their arguments, and by their bound
//! here where they have one (a page of 1 000 relations of an entity holds at most its
//! degree); every unpaged list field must appear here, which a test checks against the
//! schema, so a new unbounded list cannot slip in unpriced.

use crate::graph::Sizes;
use crate::model::{Pillar, INDICATORS};
use crate::query::ExploreLimits;

/// Items a write's answer can list (entities, relations or unread lines of one document):
/// a document is at most one request body, and no line yields more than a few items.
const INGEST_ITEMS: u64 = 10_000;

/// The most values the list `field` of type `parent` (written `Entity` for any type that
/// implements it) can hold on a snapshot of `sizes`; `None` for a field this table does not
/// know.
pub(crate) fn list_bound(
    parent: &str,
    field: &str,
    sizes: &Sizes,
    explore: &ExploreLimits,
) -> Option<u64> {
    let n = |v: usize| v as u64;
    let degree = n(sizes.max_degree);
    let observed = n(sizes.max_observation_items.max(sizes.max_relation_evidence));
    let bound = match (parent, field) {
        // Paged fields: a page is never longer than what there is to page through.
        ("Entity", "relations") => degree,
        ("Query", "entities" | "search" | "sameAsCandidates") => n(sizes.entities),
        ("Query", "countries" | "ranking") => n(sizes.countries),
        ("Entity", "aliases") => n(sizes.max_aliases),
        ("Entity", "neighbors") => degree,
        ("Entity", "evidence") => n(sizes.max_mentions),
        ("Law", "certKinds") => n(sizes.max_attribute_items),
        ("Country", "laws" | "certs" | "agencies" | "memberships" | "conventions") => degree,
        // Indicator changes, and relations beginning and ending.
        ("Country" | "Query", "timeline") => n(sizes.max_observations) + 2 * degree,
        ("Country", "conflicts") => n(sizes.max_observations) + degree,
        ("Query", "conflicts") => {
            n(sizes.relations) + n(sizes.countries) * n(sizes.max_observations)
        }
        ("Conflict", "claims") => n(sizes.max_observations.max(sizes.max_relation_evidence)),
        ("Claim" | "TimelineEvent" | "Indicator", "evidence" | "entities") => observed,
        ("Relation", "evidence") => n(sizes.max_relation_evidence),
        ("Relation", "corrections") => n(sizes.max_corrections),
        ("CommonGround", "shared" | "direct") => degree,
        ("Comparison", "countries") | ("ComparisonRow", "statuses") => n(sizes.countries),
        ("Comparison", "rows") | ("Posture", "indicators") => n(INDICATORS.len()),
        ("Posture", "pillars") => n(Pillar::ALL.len()),
        ("CooperationNetwork", "countries") => n(sizes.countries),
        ("CooperationNetwork", "links") => n(sizes.countries) * n(sizes.countries) / 2,
        ("CooperationNetwork", "centrality") => n(sizes.entities),
        ("CountryLink", "via" | "agreements") => degree,
        ("Query", "documents") => n(sizes.documents),
        ("Subgraph", "nodes") => n(sizes.entities.min(explore.max_nodes)),
        ("Subgraph", "relations") => n(sizes.relations),
        ("Path", "nodes") => n(explore.max_path_length) + 1,
        ("Path", "relations") => n(explore.max_path_length),
        // The page was priced where the connection was asked for.
        ("RelationConnection", "edges") => 1,
        ("IngestResult", "entities" | "relations" | "unparsedLines") => INGEST_ITEMS,
        _ => return None,
    };
    Some(bound.max(1))
}
