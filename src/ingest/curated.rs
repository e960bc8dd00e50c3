//! Curated facts: statements a curator records by hand in `curated/facts.json`, each with a
//! source note and the date it was recorded.
//!
//! Each fact becomes a small document of its own (`doc:curated:<id>`, format `curated`), so its
//! evidence is citable and its recording date is the known-time of what it says. Facts are
//! validated whole: an unknown relation kind, a malformed date or an indicator code the profile
//! layout lacks refuses the file with the fact's id.

use serde::{Deserialize, Serialize};

use super::IngestError;
use crate::model::{
    indicator, Correction, Document, DocumentFormat, Entity, EntityKind, Evidence, EvidenceMethod,
    Extraction, IndicatorObservation, IndicatorStatus, PartialDate, Qualifiers, RelationKind,
    Stage, Statement,
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FactsFile {
    facts: Vec<Fact>,
}

/// One curated fact: a source note, when it was recorded, and what it states.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// A short stable id, unique in the file: `pk-peca-assent`.
    pub id: String,
    /// Where the fact comes from, in words a reader can check.
    pub note: String,
    /// When the curator recorded it (the known-time of the fact).
    pub recorded: PartialDate,
    /// Entities the fact introduces (country-scoped ones need `country`).
    #[serde(default)]
    pub entities: Vec<FactEntity>,
    /// Relations it states.
    #[serde(default)]
    pub relations: Vec<FactRelation>,
    /// Indicator observations it states.
    #[serde(default)]
    pub indicators: Vec<FactIndicator>,
    /// Relations read from sources that this fact marks as erroneous.
    #[serde(default)]
    pub corrections: Vec<FactCorrection>,
}

/// A source's statement marked as erroneous: it stays in the graph, visible with the
/// correction, but no longer holds from the day the correction was recorded (known time).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FactCorrection {
    /// The relation's id, `HAS_CERT:country:PK->cert:PK:pakcert`.
    pub relation: String,
    /// What is wrong with it, in words a reader can check.
    pub reason: String,
}

/// An entity introduced by a fact.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FactEntity {
    /// Its id, in the usual scheme (`policy:PK:ncsp-2021`).
    pub id: String,
    /// Its kind.
    pub kind: EntityKind,
    /// Its name.
    pub name: String,
    /// Other names.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// ISO2 of the owning country, for country-scoped kinds.
    #[serde(default)]
    pub country: Option<String>,
}

/// A relation stated by a fact.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FactRelation {
    /// The relation kind.
    pub kind: RelationKind,
    /// Source entity id.
    pub source: String,
    /// Target entity id.
    pub target: String,
    /// When it began to hold.
    #[serde(default)]
    pub since: Option<PartialDate>,
    /// When it stopped holding.
    #[serde(default)]
    pub until: Option<PartialDate>,
    /// Qualifiers.
    #[serde(default)]
    pub qualifiers: Qualifiers,
    /// Where the thing stands when it is not established (`DRAFT`, `PLANNED`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
}

/// An indicator observation stated by a fact.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FactIndicator {
    /// The country's entity id.
    pub country: String,
    /// The section code, "1.1.1" … "2.4".
    pub code: String,
    /// What the fact says.
    pub status: IndicatorStatus,
    /// From when it holds.
    pub since: Option<PartialDate>,
    /// For a PARTIAL, how far along it is; `DEFUNCT` for an ABSENT that existed once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    /// Entities that make it PRESENT.
    #[serde(default)]
    pub entities: Vec<String>,
}

impl Fact {
    /// Checks the fact on its own (ids, kinds, codes, dates in order).
    pub fn validate(&self) -> Result<(), String> {
        if self.id.trim().is_empty()
            || !self
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err(format!(
                "fact id '{}' must be letters, digits and '-'",
                self.id
            ));
        }
        if self.note.trim().is_empty() {
            return Err(format!("fact '{}' has no source note", self.id));
        }
        if let Some(c) = self.corrections.iter().find(|c| c.reason.trim().is_empty()) {
            return Err(format!(
                "fact '{}': the correction of '{}' gives no reason",
                self.id, c.relation
            ));
        }
        if self.relations.is_empty()
            && self.indicators.is_empty()
            && self.entities.is_empty()
            && self.corrections.is_empty()
        {
            return Err(format!("fact '{}' states nothing", self.id));
        }
        for entity in &self.entities {
            let prefix = format!("{}:", entity.kind.id_prefix());
            if !entity.id.starts_with(&prefix) {
                return Err(format!(
                    "fact '{}': entity id '{}' must start with '{prefix}'",
                    self.id, entity.id
                ));
            }
            if entity.kind.is_country_scoped() && entity.country.is_none() {
                return Err(format!(
                    "fact '{}': {} '{}' needs a country",
                    self.id,
                    entity.kind.as_str(),
                    entity.id
                ));
            }
        }
        for relation in &self.relations {
            if let (Some(since), Some(until)) = (relation.since, relation.until) {
                if until < since {
                    return Err(format!(
                        "fact '{}': relation ends ({until}) before it begins ({since})",
                        self.id
                    ));
                }
            }
        }
        for observation in &self.indicators {
            if indicator(&observation.code).is_none() {
                return Err(format!(
                    "fact '{}': '{}' is not an indicator code (1.1.1 … 2.4)",
                    self.id, observation.code
                ));
            }
        }
        Ok(())
    }

    /// The entity ids its relations and indicators name that it does not declare in
    /// `entities`, each once, in order: the ones the graph must already hold, or what names
    /// them is left out of the snapshot.
    pub fn undeclared_entities(&self) -> Vec<&str> {
        let named = self
            .relations
            .iter()
            .flat_map(|r| [r.source.as_str(), r.target.as_str()])
            .chain(self.indicators.iter().flat_map(|i| {
                std::iter::once(i.country.as_str()).chain(i.entities.iter().map(String::as_str))
            }));
        let mut out: Vec<&str> = Vec::new();
        for id in named {
            if !out.contains(&id) && !self.entities.iter().any(|e| e.id == id) {
                out.push(id);
            }
        }
        out
    }

    /// The corrections this fact makes, each with the fact's own evidence.
    pub fn corrections(&self) -> Vec<(String, Correction)> {
        let evidence = self.evidence();
        self.corrections
            .iter()
            .map(|c| {
                (
                    c.relation.clone(),
                    Correction {
                        reason: c.reason.clone(),
                        evidence: evidence.clone(),
                    },
                )
            })
            .collect()
    }

    fn document_id(&self) -> String {
        format!("doc:curated:{}", self.id)
    }

    /// The evidence every statement of this fact carries: its note, in its own document.
    fn evidence(&self) -> Evidence {
        Evidence {
            document: self.document_id(),
            section: None,
            excerpt: self.note.clone(),
            method: EvidenceMethod::Curated,
            confidence: 1.0,
            rule: None,
            line: None,
            context: None,
        }
    }

    /// The fact as an extraction of its own document.
    pub fn extraction(&self) -> Extraction {
        let document = Document {
            id: self.document_id(),
            title: self.note.clone(),
            format: DocumentFormat::Curated,
            published: Some(self.recorded),
            published_inferred: false,
            publisher: None,
            country: None,
            path: Some("curated/facts.json".into()),
        };
        let evidence = self.evidence();
        let entities = self
            .entities
            .iter()
            .map(|e| {
                let mut entity = Entity::new(e.id.clone(), e.kind, e.name.clone());
                entity.country = e.country.clone();
                for alias in &e.aliases {
                    entity.add_alias(alias);
                }
                entity
            })
            .collect();
        let statements = self
            .relations
            .iter()
            .map(|r| {
                let mut s =
                    Statement::new(r.kind, r.source.clone(), r.target.clone(), evidence.clone());
                s.since = r.since;
                s.until = r.until;
                s.qualifiers = r.qualifiers.clone();
                s.stage = r.stage;
                s
            })
            .collect();
        let indicators = self
            .indicators
            .iter()
            .map(|i| IndicatorObservation {
                country: i.country.clone(),
                code: i.code.clone(),
                status: i.status,
                stage: i.stage,
                date: i.since.or(Some(self.recorded)),
                entities: i.entities.clone(),
                evidence: vec![evidence.clone()],
            })
            .collect();
        let mut mentions: Vec<(String, Evidence)> = self
            .entities
            .iter()
            .map(|e| (e.id.clone(), evidence.clone()))
            .collect();
        for r in &self.relations {
            for id in [&r.source, &r.target] {
                if !mentions.iter().any(|(m, _)| m == id) {
                    mentions.push((id.clone(), evidence.clone()));
                }
            }
        }
        Extraction {
            document: Some(document),
            entities,
            statements,
            indicators,
            mentions,
            unparsed: Vec::new(),
        }
    }
}

/// Reads and validates the facts of `curated/facts.json`. `path` names the file in errors.
pub fn read_facts_file(text: &str, path: &str) -> Result<Vec<Fact>, IngestError> {
    let file: FactsFile = serde_json::from_str(text).map_err(|e| IngestError::Malformed {
        file: path.to_string(),
        line: e.line(),
        reason: e.to_string(),
    })?;
    let mut seen = std::collections::BTreeSet::new();
    for fact in &file.facts {
        let malformed = |reason: String| IngestError::Malformed {
            file: path.to_string(),
            line: 0,
            reason,
        };
        fact.validate().map_err(malformed)?;
        if !seen.insert(fact.id.clone()) {
            return Err(malformed(format!("fact id '{}' is used twice", fact.id)));
        }
    }
    Ok(file.facts)
}

/// Reads `curated/facts.json`: one extraction per fact. `path` names the file in errors.
pub fn read_facts(text: &str, path: &str) -> Result<Vec<Extraction>, IngestError> {
    Ok(read_facts_file(text, path)?
        .iter()
        .map(Fact::extraction)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_become_dated_documents_with_curated_evidence() {
        let text = r#"{"facts":[{"id":"pk-peca-assent","note":"Assent of 18 August 2016.","recorded":"2024-01-10",
            "relations":[{"kind":"ENACTED","source":"country:PK","target":"law:PK:peca-2016","since":"2016-08-18"}]}]}"#;
        let facts = read_facts(text, "facts.json").unwrap_or_default();
        assert_eq!(facts.len(), 1);
        let doc = facts[0]
            .document
            .as_ref()
            .map(|d| (d.id.clone(), d.published.map(|p| p.to_string())));
        assert_eq!(
            doc,
            Some((
                "doc:curated:pk-peca-assent".into(),
                Some("2024-01-10".into())
            ))
        );
        assert_eq!(
            facts[0].statements[0]
                .since
                .map(|d| d.to_string())
                .as_deref(),
            Some("2016-08-18")
        );
        assert_eq!(
            facts[0].statements[0].evidence[0].method,
            EvidenceMethod::Curated
        );
    }

    #[test]
    fn invalid_facts_are_refused_with_their_id() {
        let cases = [
            (
                r#"{"facts":[{"id":"x","note":"n","recorded":"2024","indicators":[{"country":"country:PK","code":"9.9","status":"PRESENT","since":null}]}]}"#,
                "'9.9'",
            ),
            (
                r#"{"facts":[{"id":"x","note":"","recorded":"2024","entities":[]}]}"#,
                "no source note",
            ),
            (
                r#"{"facts":[{"id":"x","note":"n","recorded":"2024-02-30","entities":[]}]}"#,
                "calendar",
            ),
            (
                r#"{"facts":[{"id":"x","note":"n","recorded":"2024","relations":[{"kind":"OWNS","source":"a","target":"b"}]}]}"#,
                "OWNS",
            ),
        ];
        for (text, want) in cases {
            let err = read_facts(text, "facts.json")
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(
                err.contains(want) && err.starts_with("facts.json:"),
                "{want}: {err}"
            );
        }
    }
}
