//! The gazetteer: curated international bodies, networks and treaties with their names,
//! acronyms and spellings, and the curated facts about them (ITU-IMPACT is part of ITU; the
//! Optional Protocol is a protocol to the Convention on the Rights of the Child).
//!
//! Global entities resolve here to one node each, whichever country's document names them.
//! Read from `curated/gazetteer.json` in the data directory; the default set is built in.

use serde::Deserialize;

use super::IngestError;
use crate::model::{
    Document, DocumentFormat, Entity, EntityKind, Evidence, EvidenceMethod, Extraction,
    PartialDate, RelationKind, Statement,
};
use crate::resolve::phrases::{PhraseIndex, PhraseMatch};

/// The gazetteer shipped with the binary (the same file as `data/curated/gazetteer.json`).
pub const BUILT_IN: &str = include_str!("../../data/curated/gazetteer.json");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GazetteerFile {
    title: String,
    #[serde(default)]
    published: Option<PartialDate>,
    entities: Vec<GazetteerEntry>,
    #[serde(default)]
    relations: Vec<CuratedRelation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GazetteerEntry {
    id: String,
    kind: EntityKind,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CuratedRelation {
    kind: RelationKind,
    source: String,
    target: String,
    #[serde(default)]
    since: Option<PartialDate>,
    note: String,
}

/// Curated global entities and an index to find their names in text.
pub struct Gazetteer {
    document: Document,
    entries: Vec<Entity>,
    notes: Vec<String>,
    relations: Vec<Statement>,
    index: PhraseIndex<usize>,
}

impl Gazetteer {
    /// Reads a gazetteer from JSON text; `path` names it in errors and in evidence.
    pub fn from_json(text: &str, path: &str) -> Result<Self, IngestError> {
        let file: GazetteerFile =
            serde_json::from_str(text).map_err(|e| IngestError::Malformed {
                file: path.to_string(),
                line: e.line(),
                reason: e.to_string(),
            })?;
        let document = Document {
            id: "doc:curated-gazetteer".to_string(),
            title: file.title,
            format: DocumentFormat::Curated,
            published: file.published,
            published_inferred: false,
            publisher: None,
            country: None,
            path: Some(path.to_string()),
        };
        let mut entries = Vec::new();
        let mut notes = Vec::new();
        let mut phrases = Vec::new();
        for entry in file.entities {
            if entry.kind.is_country_scoped() || entry.kind == EntityKind::Country {
                return Err(IngestError::Malformed {
                    file: path.to_string(),
                    line: 0,
                    reason: format!(
                        "'{}' is a {}: the gazetteer holds only global organizations and conventions",
                        entry.id,
                        entry.kind.as_str()
                    ),
                });
            }
            let at = entries.len();
            phrases.push((entry.name.clone(), at));
            for alias in &entry.aliases {
                phrases.push((alias.clone(), at));
            }
            let mut entity = Entity::new(entry.id, entry.kind, entry.name);
            for alias in &entry.aliases {
                entity.add_alias(alias);
            }
            entries.push(entity);
            notes.push(entry.note);
        }
        let known = |id: &str| entries.iter().any(|e| e.id == id);
        let mut relations = Vec::new();
        for relation in file.relations {
            for end in [&relation.source, &relation.target] {
                if !known(end) {
                    return Err(IngestError::Malformed {
                        file: path.to_string(),
                        line: 0,
                        reason: format!(
                            "relation names '{end}', which the gazetteer does not define"
                        ),
                    });
                }
            }
            let evidence = curated_evidence(&document.id, &relation.note);
            let mut statement =
                Statement::new(relation.kind, relation.source, relation.target, evidence);
            statement.since = relation.since;
            relations.push(statement);
        }
        Ok(Self {
            document,
            entries,
            notes,
            relations,
            index: PhraseIndex::new(phrases),
        })
    }

    /// The built-in gazetteer.
    pub fn built_in() -> Result<Self, IngestError> {
        Self::from_json(BUILT_IN, "curated/gazetteer.json")
    }

    /// The known entities named in `text`, longest match first at each position.
    pub fn find_in<'a>(&'a self, text: &'a str) -> Vec<(PhraseMatch<'a, usize>, &'a Entity)> {
        self.index
            .find_all(text)
            .into_iter()
            .filter_map(|m| self.entries.get(*m.value).map(|e| (m, e)))
            .collect()
    }

    /// The entity a whole name denotes ("SCO", "Shanghai Cooperation Organisation").
    pub fn lookup(&self, name: &str) -> Option<&Entity> {
        let name = name.trim().trim_end_matches('.');
        let at = self
            .index
            .find_all(name)
            .into_iter()
            .find(|m| m.start == 0 && m.end == name.len())
            .map(|m| *m.value)?;
        self.entries.get(at)
    }

    /// The curated entities and facts as an extraction, each with its source note as evidence.
    pub fn extraction(&self) -> Extraction {
        let mentions = self
            .entries
            .iter()
            .zip(&self.notes)
            .map(|(e, note)| (e.id.clone(), curated_evidence(&self.document.id, note)))
            .collect();
        Extraction {
            document: Some(self.document.clone()),
            entities: self.entries.clone(),
            statements: self.relations.clone(),
            indicators: Vec::new(),
            mentions,
            unparsed: Vec::new(),
        }
    }
}

fn curated_evidence(document: &str, note: &str) -> Evidence {
    Evidence {
        document: document.to_string(),
        section: None,
        excerpt: note.to_string(),
        method: EvidenceMethod::Curated,
        confidence: 1.0,
        rule: None,
        line: None,
        context: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_gazetteer_resolves_names_acronyms_and_spellings() {
        let g = Gazetteer::built_in().unwrap_or_else(|e| panic!("{e}"));
        let id = |name: &str| g.lookup(name).map(|e| e.id.clone());
        assert_eq!(id("SCO"), Some("org:sco".into()));
        assert_eq!(
            id("Shanghai Cooperation Organisation"),
            Some("org:sco".into())
        );
        assert_eq!(id("ITU-IMPACT"), Some("org:itu-impact".into()));
        assert_eq!(
            id("Convention on the Rights of the Child"),
            Some("convention:crc".into())
        );
        assert_eq!(id("Nothing of the sort"), None);
        let facts = g.extraction();
        assert!(facts
            .statements
            .iter()
            .any(|s| s.kind == RelationKind::PartOf
                && s.source == "org:itu-impact"
                && s.target == "org:itu"));
        assert!(facts
            .statements
            .iter()
            .any(|s| s.kind == RelationKind::ProtocolTo
                && s.source == "convention:crc-opsc"
                && s.target == "convention:crc"));
    }

    #[test]
    fn a_relation_to_an_unknown_entity_is_refused() {
        let text = r#"{"title":"t","entities":[],"relations":[{"kind":"PART_OF","source":"org:a","target":"org:b","note":"n"}]}"#;
        let err = Gazetteer::from_json(text, "g.json")
            .err()
            .map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("org:a") && e.contains("g.json")));
    }
}
