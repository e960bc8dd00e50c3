//! Questions over a snapshot, as plain Rust: lookups, "as of" views of relations, search,
//! indicator posture, statistics. No GraphQL types here; the API layer wraps these.
//!
//! Valid time: a relation holds on date D when it had begun by D (its `since`, else the date
//! of the earliest document reporting it) and had not ended (`until` after D).

use std::collections::BTreeMap;

use crate::graph::{Direction, KnowledgeGraph, Relation};
use crate::ingest::country;
use crate::model::{
    Entity, EntityKind, Evidence, IndicatorObservation, IndicatorStatus, PartialDate, Pillar,
    RelationKind, INDICATORS,
};

/// Whether a relation holds on `as_of` (always, when `as_of` is `None`).
pub fn holds_on(relation: &Relation, as_of: Option<&PartialDate>) -> bool {
    let Some(day) = as_of else { return true };
    let began = relation.statement.since.or(relation.first_reported);
    let started = began.is_none_or(|since| since.starts_on_or_before(day));
    let not_ended = relation
        .statement
        .until
        .is_none_or(|until| !until.starts_on_or_before(day));
    started && not_ended
}

/// The relations of `id`, filtered by kind and valid time, in id order.
pub fn relations<'g>(
    graph: &'g KnowledgeGraph,
    id: &str,
    kinds: Option<&[RelationKind]>,
    direction: Direction,
    as_of: Option<&PartialDate>,
) -> Vec<&'g Relation> {
    graph
        .relations_of(id, direction)
        .into_iter()
        .filter(|r| kinds.is_none_or(|k| k.contains(&r.statement.kind)))
        .filter(|r| holds_on(r, as_of))
        .collect()
}

/// The entities at the other end of [`relations`], each once, in id order.
pub fn neighbors<'g>(
    graph: &'g KnowledgeGraph,
    id: &str,
    kinds: Option<&[RelationKind]>,
    direction: Direction,
    as_of: Option<&PartialDate>,
) -> Vec<&'g Entity> {
    let mut ids: Vec<&str> = relations(graph, id, kinds, direction, as_of)
        .into_iter()
        .map(|r| {
            if r.statement.source == id {
                r.statement.target.as_str()
            } else {
                r.statement.source.as_str()
            }
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids.into_iter().filter_map(|i| graph.entity(i)).collect()
}

/// The targets of a country's outgoing relations of `kinds` holding on `as_of`.
pub fn country_targets<'g>(
    graph: &'g KnowledgeGraph,
    country_id: &str,
    kinds: &[RelationKind],
    as_of: Option<&PartialDate>,
) -> Vec<&'g Entity> {
    neighbors(graph, country_id, Some(kinds), Direction::Out, as_of)
}

/// Where an entity is mentioned: the evidence of every document's MENTIONS edge into it.
pub fn mentions<'g>(graph: &'g KnowledgeGraph, id: &str) -> Vec<&'g Evidence> {
    graph
        .relations_of(id, Direction::In)
        .into_iter()
        .filter(|r| r.statement.kind == RelationKind::Mentions)
        .flat_map(|r| r.statement.evidence.iter())
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

/// A ranked search hit.
#[derive(Debug, Clone)]
pub struct SearchHit<'g> {
    /// The entity.
    pub entity: &'g Entity,
    /// 1.0 for an exact name, lower for prefixes and substrings.
    pub score: f64,
    /// The name or alias that matched.
    pub matched: String,
}

fn match_score(candidate: &str, wanted: &str) -> f64 {
    let candidate = candidate.to_lowercase();
    if candidate == wanted {
        1.0
    } else if candidate.starts_with(wanted) {
        0.8
    } else if candidate
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w.starts_with(wanted))
    {
        0.7
    } else if candidate.contains(wanted) {
        0.5
    } else {
        let words: Vec<&str> = wanted.split_whitespace().collect();
        if words.len() > 1 && words.iter().all(|w| candidate.contains(w)) {
            0.4
        } else {
            0.0
        }
    }
}

/// Searches names and aliases; best first, ties by name. Documents are matched by title.
pub fn search<'g>(
    graph: &'g KnowledgeGraph,
    text: &str,
    kinds: Option<&[EntityKind]>,
    first: usize,
) -> Vec<SearchHit<'g>> {
    let wanted = text.trim().to_lowercase();
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<SearchHit<'g>> = graph
        .entities()
        .into_iter()
        .filter(|e| kinds.is_none_or(|k| k.contains(&e.kind)))
        .filter_map(|e| {
            std::iter::once(&e.name)
                .chain(e.aliases.iter())
                .map(|n| (match_score(n, &wanted), n))
                .filter(|(s, _)| *s > 0.0)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(score, n)| SearchHit {
                    entity: e,
                    score,
                    matched: n.clone(),
                })
        })
        .collect();
    hits.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.entity.name.cmp(&b.entity.name))
    });
    hits.truncate(first);
    hits
}

/// One indicator of a posture: the observation that decides it, if any.
#[derive(Debug, Clone)]
pub struct IndicatorState<'g> {
    /// The indicator's code.
    pub code: &'static str,
    /// Its name.
    pub name: &'static str,
    /// Its pillar.
    pub pillar: Pillar,
    /// The deciding observation (latest on or before the date), if any.
    pub observation: Option<&'g IndicatorObservation>,
}

impl IndicatorState<'_> {
    /// The status: the deciding observation's, else UNKNOWN.
    pub fn status(&self) -> IndicatorStatus {
        self.observation
            .map(|o| o.status)
            .unwrap_or(IndicatorStatus::Unknown)
    }
}

/// A pillar's share of PRESENT indicators.
#[derive(Debug, Clone, PartialEq)]
pub struct PillarScore {
    /// The pillar.
    pub pillar: Pillar,
    /// Indicators PRESENT.
    pub present: usize,
    /// Indicators in the pillar.
    pub total: usize,
}

impl PillarScore {
    /// `present / total`.
    pub fn score(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.present as f64 / self.total as f64
        }
    }
}

/// A country's posture on a date: all 21 indicators, per-pillar and overall scores.
#[derive(Debug, Clone)]
pub struct Posture<'g> {
    /// One state per indicator, in profile order.
    pub indicators: Vec<IndicatorState<'g>>,
    /// One score per pillar, in profile order.
    pub pillars: Vec<PillarScore>,
}

impl Posture<'_> {
    /// The fraction of all indicators PRESENT.
    pub fn score(&self) -> f64 {
        let present = self
            .indicators
            .iter()
            .filter(|i| i.status() == IndicatorStatus::Present)
            .count();
        present as f64 / self.indicators.len().max(1) as f64
    }
}

/// The posture of a country as of a date: per indicator, the latest observation dated on or
/// before it (undated observations count as always known). Without a date, the latest overall.
pub fn posture<'g>(
    graph: &'g KnowledgeGraph,
    country_id: &str,
    as_of: Option<&PartialDate>,
) -> Posture<'g> {
    let observations = graph.indicator_observations(country_id);
    let indicators: Vec<IndicatorState<'g>> = INDICATORS
        .iter()
        .map(|def| {
            // Observations are sorted oldest first, so the last one that qualifies wins.
            let observation = observations.iter().rfind(|o| {
                o.code == def.code
                    && match (as_of, o.date) {
                        (Some(day), Some(date)) => date.starts_on_or_before(day),
                        _ => true,
                    }
            });
            IndicatorState {
                code: def.code,
                name: def.name,
                pillar: def.pillar,
                observation,
            }
        })
        .collect();
    let pillars = Pillar::ALL
        .iter()
        .map(|pillar| {
            let of_pillar: Vec<&IndicatorState> =
                indicators.iter().filter(|i| i.pillar == *pillar).collect();
            PillarScore {
                pillar: *pillar,
                present: of_pillar
                    .iter()
                    .filter(|i| i.status() == IndicatorStatus::Present)
                    .count(),
                total: of_pillar.len(),
            }
        })
        .collect();
    Posture {
        indicators,
        pillars,
    }
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
