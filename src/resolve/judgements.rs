//! Curated judgements on whether two entities are one thing (`curated/judgements.json`),
//! obeyed when a data directory is loaded.
//!
//! A `same` judgement merges two ids that the automatic rules keep apart ("Computer Crime
//! Act" and "Act on Computer Crime B.E.2550"); a `different` one keeps apart a pair they
//! would merge, and takes it off the candidate list. Every id must name an entity the data
//! defines: a file naming an unknown one is refused whole, with the line, and changes nothing.

use std::collections::BTreeSet;

use serde::Deserialize;

use super::same::{self, Candidate};
use crate::model::{Extraction, PartialDate};

/// What a person decided about a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The two ids are one thing: the second is merged into the first.
    Same,
    /// The two ids are different things, however alike their names.
    Different,
}

/// One judgement: a verdict on two entity ids, why, and when it was made.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Judgement {
    /// `same` or `different`.
    pub judgement: Verdict,
    /// The two entity ids; for `same`, the first is kept.
    pub entities: [String; 2],
    /// Why: what the judge read.
    pub note: String,
    /// When the judgement was made (`YYYY-MM-DD`).
    pub date: String,
}

/// The file: a `judgements` list (other keys, such as a `title`, are free text).
#[derive(Debug, Deserialize)]
struct File {
    judgements: Vec<Judgement>,
}

/// A refused judgements file: the line and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct JudgementError {
    /// 1-based line of the file.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

/// The judgements of one file, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Judgements {
    /// Every judgement as written.
    pub list: Vec<Judgement>,
    /// The line each judgement's first id stands on, for errors.
    lines: Vec<usize>,
}

/// The 1-based line where `needle` first occurs in `text` at or after byte `from`.
fn line_of(text: &str, needle: &str, from: usize) -> (usize, usize) {
    let at = text
        .get(from..)
        .and_then(|rest| rest.find(needle))
        .map_or(from, |i| from + i);
    (text[..at.min(text.len())].matches('\n').count() + 1, at)
}

impl Judgements {
    /// Reads a judgements file; malformed JSON, an unknown verdict, a missing note or date
    /// refuse it with the line.
    pub fn parse(text: &str) -> Result<Self, JudgementError> {
        let file: File = serde_json::from_str(text).map_err(|e| JudgementError {
            line: e.line(),
            reason: e.to_string(),
        })?;
        let mut lines = Vec::with_capacity(file.judgements.len());
        let mut from = 0;
        for j in &file.judgements {
            let (line, at) = line_of(text, &format!("\"{}\"", j.entities[0]), from);
            from = at + 1;
            if j.note.trim().is_empty() {
                return Err(JudgementError {
                    line,
                    reason: "a judgement needs a note: what the judge read".into(),
                });
            }
            let day = j.date.parse::<PartialDate>();
            if j.date.len() != 10 || day.is_err() {
                let why = day
                    .err()
                    .map_or("a day is needed".into(), |e| e.to_string());
                return Err(JudgementError {
                    line,
                    reason: format!("date '{}' is not a day YYYY-MM-DD: {why}", j.date),
                });
            }
            if j.entities[0] == j.entities[1] {
                return Err(JudgementError {
                    line,
                    reason: format!("'{}' judged against itself", j.entities[0]),
                });
            }
            lines.push(line);
        }
        Ok(Self {
            list: file.judgements,
            lines,
        })
    }

    /// Whether a person judged these two ids different.
    pub fn kept_apart(&self, a: &str, b: &str) -> bool {
        self.list.iter().any(|j| {
            j.judgement == Verdict::Different
                && ((j.entities[0] == a && j.entities[1] == b)
                    || (j.entities[0] == b && j.entities[1] == a))
        })
    }

    /// Every judged pair, either verdict.
    pub fn pairs(&self) -> impl Iterator<Item = (String, String)> + '_ {
        self.list
            .iter()
            .map(|j| (j.entities[0].clone(), j.entities[1].clone()))
    }

    /// Whether a person judged this pair at all.
    pub fn judged(&self, a: &str, b: &str) -> bool {
        self.list.iter().any(|j| {
            (j.entities[0] == a && j.entities[1] == b) || (j.entities[0] == b && j.entities[1] == a)
        })
    }

    /// Applies the judgements to the extractions of a data set: every id must be defined by
    /// one of them, else nothing changes and the first unknown id's line is the error;
    /// `same` pairs are then merged.
    pub fn apply(&self, extractions: &mut [Extraction]) -> Result<usize, JudgementError> {
        let known: BTreeSet<&str> = extractions
            .iter()
            .flat_map(|x| x.entities.iter().map(|e| e.id.as_str()))
            .collect();
        for (j, line) in self.list.iter().zip(&self.lines) {
            if let Some(unknown) = j.entities.iter().find(|id| !known.contains(id.as_str())) {
                return Err(JudgementError {
                    line: *line,
                    reason: format!("'{unknown}' names no entity of the data"),
                });
            }
        }
        let mut merged = 0;
        for j in self.list.iter().filter(|j| j.judgement == Verdict::Same) {
            let [into, from] = &j.entities;
            for x in extractions.iter_mut() {
                same::merge_into(x, from, into);
            }
            merged += 1;
        }
        Ok(merged)
    }

    /// The candidates no person has judged yet.
    pub fn open(&self, candidates: Vec<Candidate>) -> Vec<Candidate> {
        candidates
            .into_iter()
            .filter(|c| !self.judged(&c.left, &c.right))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Entity, EntityKind};

    fn data() -> Vec<Extraction> {
        let law = |id: &str, name: &str| Entity::new(id, EntityKind::Law, name);
        vec![Extraction {
            entities: vec![
                law("law:TH:computer-crime-act", "Computer Crime Act"),
                law(
                    "law:TH:act-on-computer-crime",
                    "Act on Computer Crime B.E.2550",
                ),
            ],
            ..Extraction::default()
        }]
    }

    #[test]
    fn same_merges_and_unknown_ids_refuse_the_file_with_its_line() {
        let ok = r#"{"judgements": [
  {"judgement": "same", "entities": ["law:TH:computer-crime-act", "law:TH:act-on-computer-crime"], "note": "one act, 2007", "date": "2026-12-03"}
]}"#;
        let mut x = data();
        assert_eq!(Judgements::parse(ok).and_then(|j| j.apply(&mut x)), Ok(1));
        assert_eq!(x[0].entities.len(), 1);
        assert!(x[0].entities[0]
            .aliases
            .contains(&"Act on Computer Crime B.E.2550".to_string()));
        let bad = r#"{"judgements": [
  {"judgement": "different", "entities": ["law:TH:computer-crime-act", "law:TH:act-on-computer-crime"], "note": "n", "date": "2026-12-03"},
  {"judgement": "same", "entities": ["law:TH:nothing", "law:TH:computer-crime-act"], "note": "n", "date": "2026-12-03"}
]}"#;
        let mut x = data();
        let err = Judgements::parse(bad).and_then(|j| j.apply(&mut x));
        assert_eq!(err.map_err(|e| e.line), Err(3));
        assert_eq!(x[0].entities, data()[0].entities);
        let unnoted = r#"{"judgements": [{"judgement": "same", "entities": ["a", "b"], "note": "", "date": "2026-12-03"}]}"#;
        assert!(Judgements::parse(unnoted).is_err());
        let bad_day = r#"{"judgements": [
  {"judgement": "same", "entities": ["a", "b"], "note": "n", "date": "2026-02-30"}
]}"#;
        let err = Judgements::parse(bad_day).unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.reason.contains("2026-02-30"), "{}", err.reason);
        let ok_day = bad_day.replace("02-30", "02-28");
        assert!(Judgements::parse(&ok_day).is_ok());
    }
}
