//! Ranked search over entity names and aliases.

use crate::graph::KnowledgeGraph;
use crate::model::{Entity, EntityKind};

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
