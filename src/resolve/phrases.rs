//! Finding known names in free text: longest, whole-word, non-overlapping matches.
//!
//! Used for the gazetteer (ITU-IMPACT, SCO, the Convention on the Rights of the Child) and for
//! country names in prose. Long names match case-insensitively; short all-capital acronyms
//! ("UN", "SCO") match only as written, so the word "un" in French never becomes the UN.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// A set of phrases, each mapping to a value, searchable in one pass over a text.
pub struct PhraseIndex<V> {
    automaton: Option<AhoCorasick>,
    phrases: Vec<(String, V, bool)>,
}

/// One match of a phrase in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseMatch<'a, V> {
    /// Byte offset of the start in the searched text.
    pub start: usize,
    /// Byte offset of the end in the searched text.
    pub end: usize,
    /// The text as it stands in the searched text.
    pub text: &'a str,
    /// The value of the matched phrase.
    pub value: &'a V,
}

fn is_acronym(phrase: &str) -> bool {
    phrase.chars().count() <= 6
        && phrase.chars().any(|c| c.is_alphabetic())
        && phrase.chars().all(|c| !c.is_lowercase())
}

impl<V> PhraseIndex<V> {
    /// Builds an index over `(phrase, value)` pairs; empty phrases are ignored.
    pub fn new(entries: impl IntoIterator<Item = (String, V)>) -> Self {
        let phrases: Vec<(String, V, bool)> = entries
            .into_iter()
            .filter(|(p, _)| !p.trim().is_empty())
            .map(|(p, v)| {
                let acronym = is_acronym(&p);
                (p, v, acronym)
            })
            .collect();
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(phrases.iter().map(|(p, _, _)| p.as_str()))
            .ok();
        Self { automaton, phrases }
    }

    /// All whole-word matches in `text`, left to right, longest first at each position.
    pub fn find_all<'a>(&'a self, text: &'a str) -> Vec<PhraseMatch<'a, V>> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let bytes = text.as_bytes();
        let boundary = |i: usize| -> bool {
            let before = text[..i].chars().next_back();
            before.is_none_or(|c| !c.is_alphanumeric())
        };
        let boundary_after = |i: usize| -> bool {
            let after = text[i..].chars().next();
            after.is_none_or(|c| !c.is_alphanumeric())
        };
        let mut out = Vec::new();
        for m in automaton.find_iter(bytes) {
            let (start, end) = (m.start(), m.end());
            if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                continue;
            }
            let Some((phrase, value, acronym)) = self.phrases.get(m.pattern().as_usize()) else {
                continue;
            };
            let found = &text[start..end];
            if *acronym && found != phrase {
                continue;
            }
            if boundary(start) && boundary_after(end) {
                out.push(PhraseMatch {
                    start,
                    end,
                    text: found,
                    value,
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefers_the_longest_whole_word_match() {
        let index = PhraseIndex::new(vec![
            ("Convention on the Rights of the Child".to_string(), 1),
            (
                "Optional Protocol to the Convention on the Rights of the Child".to_string(),
                2,
            ),
            ("UN".to_string(), 3),
            ("Oman".to_string(), 4),
        ]);
        let text = "acceded to the Optional Protocol to The Convention on the Rights of the Child; un Romania UN";
        let found: Vec<i32> = index.find_all(text).iter().map(|m| *m.value).collect();
        assert_eq!(found, vec![2, 3]);
    }
}
