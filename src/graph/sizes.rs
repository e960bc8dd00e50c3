//! The largest lists a snapshot can produce, measured once when it is built: how many
//! entities, relations and documents it holds, the most relations any entity has, the most
//! evidence any relation or indicator observation carries. The API prices a query with these
//! before running it (a list of an entity's neighbours can be no longer than the largest
//! degree in the graph), so the price is an upper bound of the work on this very snapshot.

use super::{Direction, KnowledgeGraph};
use crate::model::{EntityKind, RelationKind};

/// Upper bounds of the lists one snapshot can produce. Each is a maximum over the whole
/// snapshot, never an estimate: a list asked of any entity is at most this long.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sizes {
    /// Entities, documents included.
    pub entities: usize,
    /// Relations, MENTIONS included.
    pub relations: usize,
    /// Source documents.
    pub documents: usize,
    /// Countries.
    pub countries: usize,
    /// The most relations touching one entity, either way (the longest `neighbors`,
    /// `laws`, `certs` … list).
    pub max_degree: usize,
    /// The most pieces of evidence on one relation.
    pub max_relation_evidence: usize,
    /// The most pieces of evidence of the mentions of one entity (its `evidence` list).
    pub max_mentions: usize,
    /// The most aliases of one entity.
    pub max_aliases: usize,
    /// The most indicator observations of one country.
    pub max_observations: usize,
    /// The most pieces of evidence, or entities, on one indicator observation.
    pub max_observation_items: usize,
    /// The most items of a list-valued attribute of one entity (a law's kinds of CERT).
    pub max_attribute_items: usize,
    /// The most curators' corrections of one relation.
    pub max_corrections: usize,
}

impl Sizes {
    /// Measures `graph`: one pass over its entities, relations and observations.
    pub fn of(graph: &KnowledgeGraph) -> Sizes {
        let mut sizes = Sizes {
            entities: graph.entity_count(),
            relations: graph.relation_count(),
            documents: graph.documents().count(),
            ..Sizes::default()
        };
        for entity in graph.entities() {
            if entity.kind == EntityKind::Country {
                sizes.countries += 1;
                let observations = graph.indicator_observations(&entity.id);
                sizes.max_observations = sizes.max_observations.max(observations.len());
                for observation in observations {
                    let items = observation.evidence.len().max(observation.entities.len());
                    sizes.max_observation_items = sizes.max_observation_items.max(items);
                }
            }
            sizes.max_aliases = sizes.max_aliases.max(entity.aliases.len());
            let listed = entity
                .attributes
                .values()
                .filter_map(|v| v.as_array().map(Vec::len));
            sizes.max_attribute_items = sizes.max_attribute_items.max(listed.max().unwrap_or(0));
            let touching = graph.relations_of(&entity.id, Direction::Both);
            sizes.max_degree = sizes.max_degree.max(touching.len());
            let mentions: usize = touching
                .iter()
                .filter(|r| {
                    r.statement.kind == RelationKind::Mentions && r.statement.target == entity.id
                })
                .map(|r| r.statement.evidence.len())
                .sum();
            sizes.max_mentions = sizes.max_mentions.max(mentions);
        }
        for relation in graph.relations() {
            sizes.max_relation_evidence = sizes
                .max_relation_evidence
                .max(relation.statement.evidence.len());
            sizes.max_corrections = sizes.max_corrections.max(relation.corrections.len());
        }
        sizes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_data_is_measured_by_its_largest_lists() {
        let graph = crate::api::seed_graph();
        let sizes = Sizes::of(&graph);
        assert_eq!(sizes.entities, graph.entity_count());
        assert_eq!(
            sizes.countries, 3,
            "Pakistan, Tajikistan and China, a partner"
        );
        assert_eq!(sizes.documents, graph.documents().count());
        assert!(
            sizes.documents >= 3,
            "three source texts and the curated notes"
        );
        // Pakistan's own relations alone exceed a handful.
        let pakistan = graph.relations_of("country:PK", Direction::Both).len();
        assert!(sizes.max_degree >= pakistan && pakistan > 5, "{sizes:?}");
        assert!(
            sizes.max_relation_evidence >= 1 && sizes.max_mentions >= 1,
            "{sizes:?}"
        );
        assert!(
            sizes.max_observations >= 21,
            "a profile states every indicator: {sizes:?}"
        );
    }
}
