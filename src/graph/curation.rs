//! What curators decided, attached to a built snapshot: the look-alike pairs a person judged
//! and the corrections that mark a source's statement as erroneous.

use super::{KnowledgeGraph, Sizes};
use crate::model::Correction;

impl KnowledgeGraph {
    /// The graph with these pairs of entity ids recorded as judged by a person.
    pub fn with_judged(mut self, pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        self.judged = pairs
            .into_iter()
            .map(|(a, b)| if a <= b { (a, b) } else { (b, a) })
            .collect();
        self
    }

    /// The graph with curators' corrections attached to the relations they name; the ids no
    /// relation has are returned instead, and nothing is attached.
    pub fn with_corrections(
        mut self,
        corrections: Vec<(String, Correction)>,
    ) -> Result<Self, Vec<String>> {
        if corrections.is_empty() {
            return Ok(self);
        }
        let unknown: Vec<String> = corrections
            .iter()
            .filter(|(id, _)| !self.edge_by_id.contains_key(id))
            .map(|(id, _)| id.clone())
            .collect();
        if !unknown.is_empty() {
            return Err(unknown);
        }
        for (id, correction) in corrections {
            if let Some(&e) = self.edge_by_id.get(&id) {
                let on = &mut self.graph[e].corrections;
                if !on.contains(&correction) {
                    on.push(correction);
                }
            }
        }
        self.sizes = Sizes::of(&self);
        Ok(self)
    }

    /// Whether a person judged whether `a` and `b` are one thing.
    pub fn judged(&self, a: &str, b: &str) -> bool {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        self.judged.contains(&(a.to_string(), b.to_string()))
    }
}
