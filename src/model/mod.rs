//! The core data model: entities (nodes), statements (edges) with their evidence, indicator
//! observations, documents, and the dates both clocks run on.
//!
//! Plain data with serde; no parsing of documents, no graph, no GraphQL. Everything else in
//! the crate depends on this module and it depends on nothing else in the crate.

mod date;
mod indicator;
mod vocabulary;
mod written;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use date::{month_number, DateError, PartialDate};
pub use indicator::{indicator, IndicatorDef, IndicatorObservation, INDICATORS};
pub use vocabulary::{EntityKind, EvidenceMethod, IndicatorStatus, Pillar, RelationKind, Stage};
pub use written::{
    find_numeric_day, find_written_date, local_calendar, year_candidates, Calendar, WrittenDate,
};

/// Qualifiers of a statement (`role`, `mode`, `sections`, …): a JSON object, `{}` when none.
pub type Qualifiers = serde_json::Map<String, serde_json::Value>;

/// A node of the graph: a country, law, CERT, organization, document, …
///
/// Its `id` is stable across rebuilds because it is derived from the kind, the owning
/// country and the name, never from load order: `cert:PK:pakcert`, `org:sco`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Canonical id, `kind-prefix[:ISO2]:slug`.
    pub id: String,
    /// What the entity is.
    pub kind: EntityKind,
    /// The display name.
    pub name: String,
    /// Other names it is known by: acronyms, spellings, long forms.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The ISO 3166-1 alpha-2 code of the country it belongs to, for country-scoped kinds
    /// and for countries themselves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Measured figures (population, internet users) with their source.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub observations: Vec<Observation>,
    /// Free-form typed attributes (`iso3`, `officialName`, `defines`, …).
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub attributes: Qualifiers,
}

impl Entity {
    /// A new entity with no aliases, observations or attributes.
    pub fn new(id: impl Into<String>, kind: EntityKind, name: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            kind,
            name: name.into(),
            aliases: Vec::new(),
            country: None,
            observations: Vec::new(),
            attributes: Qualifiers::new(),
        }
    }

    /// Adds an alias unless the name or an existing alias already says it (case-insensitively).
    pub fn add_alias(&mut self, alias: &str) {
        let alias = alias.trim();
        if alias.is_empty() || alias.eq_ignore_ascii_case(&self.name) {
            return;
        }
        if !self.aliases.iter().any(|a| a.eq_ignore_ascii_case(alias)) {
            self.aliases.push(alias.to_string());
        }
    }

    /// Folds another description of the same entity into this one: aliases, observations and
    /// attributes are united; the first name wins and the other becomes an alias.
    pub fn merge(&mut self, other: Entity) {
        self.add_alias(&other.name);
        for alias in &other.aliases {
            self.add_alias(alias);
        }
        for observation in other.observations {
            if !self.observations.contains(&observation) {
                self.observations.push(observation);
            }
        }
        for (key, value) in other.attributes {
            self.attributes.entry(key).or_insert(value);
        }
        if self.country.is_none() {
            self.country = other.country;
        }
    }
}

/// A measured figure: population 179 951 000 (UN Statistics Division, December 2012).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    /// What is measured: `population`, `internetUsersPercent`.
    pub measure: String,
    /// The figure.
    pub value: f64,
    /// The unit, e.g. `persons` or `%`.
    pub unit: Option<String>,
    /// When the figure was measured.
    pub as_of: Option<PartialDate>,
    /// Who measured it, as the source names them.
    pub source: Option<String>,
    /// Where the figure was read.
    pub evidence: Option<Evidence>,
}

/// Where a fact comes from: the document, the section, the words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The id of the source document, `doc:itu-cwp-pk-2015`.
    pub document: String,
    /// The section it was read in ("1.2.1"); `None` in articles.
    pub section: Option<String>,
    /// The sentence or list item the fact was read from, as displayed (link markup removed).
    pub excerpt: String,
    /// How it was obtained.
    pub method: EvidenceMethod,
    /// 1.0 for parsed profile structure and curated facts, lower for sentence rules.
    pub confidence: f64,
    /// The rule that produced it (article extractor) or a curator's source note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The 1-based line of the document the excerpt starts on, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// For a list item, the sentence that introduced the list ("… is a member of the
    /// following organizations:"), which gives the item its meaning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
}

/// A curator's word that a source's statement is wrong: why, and the curated evidence (its
/// document dated when the correction was recorded).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Correction {
    /// What is wrong with the statement.
    pub reason: String,
    /// The curated fact that says so.
    pub evidence: Evidence,
}

/// A claim that a relation holds between two entities: an edge of the graph.
///
/// The same fact read from two documents is one statement with two pieces of evidence; the
/// graph merges statements with the same kind, source, target and qualifiers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    /// The relation.
    pub kind: RelationKind,
    /// The source entity id.
    pub source: String,
    /// The target entity id.
    pub target: String,
    /// When it began to hold, where known (valid time).
    pub since: Option<PartialDate>,
    /// When it stopped holding, where known (valid time).
    pub until: Option<PartialDate>,
    /// Qualifiers such as `role`, `mode`, `sections`.
    #[serde(default)]
    pub qualifiers: Qualifiers,
    /// Where the thing stands when the source speaks of it as not established: a bill
    /// (`DRAFT`), a partner listed "(in progress)" (`IN_PROGRESS`), a team "now defunct"
    /// (`DEFUNCT`). `None` for an established relation; absent from data stored before
    /// stages existed, which reads as established.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    /// Where it was read; never empty once in the graph.
    pub evidence: Vec<Evidence>,
}

impl Statement {
    /// A statement with no dates and no qualifiers, backed by one piece of evidence.
    pub fn new(
        kind: RelationKind,
        source: impl Into<String>,
        target: impl Into<String>,
        evidence: Evidence,
    ) -> Self {
        Self {
            kind,
            source: source.into(),
            target: target.into(),
            since: None,
            until: None,
            qualifiers: Qualifiers::new(),
            stage: None,
            evidence: vec![evidence],
        }
    }

    /// Sets a qualifier (builder style).
    pub fn with(mut self, key: &str, value: impl Into<serde_json::Value>) -> Self {
        self.qualifiers.insert(key.to_string(), value.into());
        self
    }

    /// Whether the relation holds as an established fact (no stage).
    pub fn is_established(&self) -> bool {
        self.stage.is_none()
    }

    /// The stable id of the relation: `HAS_CERT:country:PK->cert:PK:pakcert`.
    pub fn id(&self) -> String {
        format!("{}:{}->{}", self.kind.as_str(), self.source, self.target)
    }
}

/// The formats the loader understands. Declared once; detection lives in `ingest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DocumentFormat {
    /// An ITU Cyberwellness Profile (fixed layout, sections 1.1.1 … 2.4).
    #[serde(rename = "itu-cyberwellness-profile")]
    ItuCyberwellnessProfile,
    /// A news or press text.
    #[serde(rename = "article")]
    Article,
    /// Curated facts and the gazetteer under `data/curated/`.
    #[serde(rename = "curated")]
    Curated,
}

impl DocumentFormat {
    /// The name used in the API and in metadata files.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentFormat::ItuCyberwellnessProfile => "itu-cyberwellness-profile",
            DocumentFormat::Article => "article",
            DocumentFormat::Curated => "curated",
        }
    }
}

/// A source document: what it is, when it was published and where it lives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Entity id of the document, `doc:itu-cwp-pk-2015`.
    pub id: String,
    /// A human title.
    pub title: String,
    /// The format it was read as.
    pub format: DocumentFormat,
    /// When it was published or last updated (the known-time clock of its evidence).
    pub published: Option<PartialDate>,
    /// Whether `published` was inferred (latest year mentioned) rather than stated.
    #[serde(default)]
    pub published_inferred: bool,
    /// Who published it, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// The ISO2 code of the country the document is about, where there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The path it was loaded from, relative to the data directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// Everything read from one document, before it joins the graph.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Extraction {
    /// The document itself (absent only for an empty extraction).
    pub document: Option<Document>,
    /// Entities named, with ids already resolved.
    pub entities: Vec<Entity>,
    /// Relations stated.
    pub statements: Vec<Statement>,
    /// Indicator observations.
    pub indicators: Vec<IndicatorObservation>,
    /// Where each entity is mentioned: `(entity id, evidence)`.
    pub mentions: Vec<(String, Evidence)>,
    /// Lines the reader did not understand, reported rather than dropped.
    pub unparsed: Vec<UnparsedLine>,
}

/// A line of a document that no rule could read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnparsedLine {
    /// 1-based line number.
    pub line: usize,
    /// The section it stands in, where known.
    pub section: Option<String>,
    /// The text.
    pub text: String,
}

/// Lower-case ASCII slug of a name for use in ids: "Prevention of Electronic Crime Act" →
/// `prevention-of-electronic-crime-act`. Letters outside ASCII are folded or dropped.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.chars() {
        let c = fold_ascii(c);
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if c != '\'' && c != '’' {
            dash = true;
        }
    }
    out
}

fn fold_ascii(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => 'u',
        'ç' | 'Ç' => 'c',
        'ñ' | 'Ñ' => 'n',
        _ => c,
    }
}

/// The id of a country-scoped or global entity of `kind` named `name`.
pub fn entity_id(kind: EntityKind, country: Option<&str>, name: &str) -> String {
    match (kind, country) {
        (EntityKind::Country, Some(iso2)) => format!("country:{iso2}"),
        (k, Some(iso2)) if k.is_country_scoped() => {
            format!("{}:{iso2}:{}", k.id_prefix(), slug(name))
        }
        (k, _) => format!("{}:{}", k.id_prefix(), slug(name)),
    }
}

/// Counts of what an extraction holds, by kind; used in reports.
pub fn count_by_kind(entities: &[Entity]) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for entity in entities {
        *counts.entry(entity.kind.as_str()).or_insert(0) += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_derived_from_kind_country_and_name() {
        assert_eq!(
            entity_id(EntityKind::Cert, Some("PK"), "PakCERT"),
            "cert:PK:pakcert"
        );
        assert_eq!(
            entity_id(
                EntityKind::Law,
                Some("PK"),
                "Section 293 of the Criminal Code"
            ),
            "law:PK:section-293-of-the-criminal-code"
        );
        assert_eq!(
            entity_id(EntityKind::Organization, Some("TJ"), "SCO"),
            "org:sco"
        );
        assert_eq!(
            entity_id(EntityKind::Country, Some("TJ"), "Tajikistan"),
            "country:TJ"
        );
        assert_eq!(slug("Côte d'Ivoire"), "cote-divoire");
        assert_eq!(slug("  ITU-IMPACT  "), "itu-impact");
    }

    #[test]
    fn data_stored_before_stages_existed_still_loads_as_established() {
        let statement: Result<Statement, _> = serde_json::from_str(
            r#"{"kind":"ENACTED","source":"country:PK","target":"law:PK:peca-2016","since":"2016","until":null,"qualifiers":{},"evidence":[]}"#,
        );
        assert_eq!(statement.map(|s| s.stage).ok(), Some(None));
        let observation: Result<IndicatorObservation, _> = serde_json::from_str(
            r#"{"country":"country:PK","code":"1.3.1","status":"PARTIAL","date":"2015","entities":[],"evidence":[]}"#,
        );
        assert_eq!(observation.map(|o| o.stage).ok(), Some(None));
        let staged: Result<IndicatorObservation, _> = serde_json::from_str(
            r#"{"country":"country:SI","code":"1.3.1","status":"PARTIAL","stage":"IN_PROGRESS","date":"2015","entities":[],"evidence":[]}"#,
        );
        assert_eq!(staged.map(|o| o.stage).ok(), Some(Some(Stage::InProgress)));
    }

    #[test]
    fn merging_keeps_the_first_name_and_unites_aliases() {
        let mut a = Entity::new(
            "law:PK:peca",
            EntityKind::Law,
            "Prevention of Electronic Crime Act",
        );
        a.add_alias("PECA");
        let mut b = Entity::new("law:PK:peca", EntityKind::Law, "PECA");
        b.add_alias("Prevention of Electronic Crimes Act");
        a.merge(b);
        assert_eq!(a.name, "Prevention of Electronic Crime Act");
        assert_eq!(
            a.aliases,
            vec!["PECA", "Prevention of Electronic Crimes Act"]
        );
    }
}
