//! Where facts come from (`Evidence`: document, section, verbatim excerpt) and measured figures
//! with their source (`Observation`).

use std::sync::Arc;

use async_graphql::Object;

use super::document::Document;
use super::entity::EntityRef;
use super::error::ApiError;
use super::scalars::{Date, EvidenceMethod};
use crate::graph::KnowledgeGraph;
use crate::model::{self, Observation as ModelObservation};

/// Where a fact comes from: the document, the section, the words.
pub struct Evidence {
    graph: Arc<KnowledgeGraph>,
    evidence: model::Evidence,
}

impl Evidence {
    /// Wraps a piece of evidence.
    pub fn new(graph: &Arc<KnowledgeGraph>, evidence: &model::Evidence) -> Self {
        Evidence {
            graph: graph.clone(),
            evidence: evidence.clone(),
        }
    }
}

/// Where a fact comes from: the document, the section, the words.
#[Object(serial)]
impl Evidence {
    /// The source document.
    async fn document(&self) -> async_graphql::Result<Document> {
        let id = &self.evidence.document;
        self.graph
            .entity(id)
            .map(|entity| Document(EntityRef::of(&self.graph, entity)))
            .ok_or_else(|| ApiError::NotFound(format!("no document with id '{id}'")).into())
    }
    /// The profile section ("1.2.1"); null in articles.
    async fn section(&self) -> Option<&str> {
        self.evidence.section.as_deref()
    }
    /// The sentence or list item the fact was read from, as displayed (link markup removed).
    async fn excerpt(&self) -> &str {
        &self.evidence.excerpt
    }
    /// How it was obtained.
    async fn method(&self) -> EvidenceMethod {
        self.evidence.method.into()
    }
    /// 1.0 for parsed profile structure and curated facts; lower for sentence rules.
    async fn confidence(&self) -> f64 {
        self.evidence.confidence
    }
    /// The extractor rule that produced it (articles), where there is one.
    async fn rule(&self) -> Option<&str> {
        self.evidence.rule.as_deref()
    }
    /// The 1-based line of the document the excerpt starts on, as `grep -n` counts lines.
    async fn line(&self) -> Option<i32> {
        self.evidence.line.map(|l| l as i32)
    }
    /// For a list item, the sentence that introduced the list ("… participates in the
    /// following:"), which the item alone does not say.
    async fn context(&self) -> Option<&str> {
        self.evidence.context.as_deref()
    }
}

/// A measured figure with its source, e.g. population 179 951 000 (UN Statistics Division, December 2012).
pub struct Observation {
    graph: Arc<KnowledgeGraph>,
    observation: ModelObservation,
}

impl Observation {
    /// Wraps an observation.
    pub fn new(graph: &Arc<KnowledgeGraph>, observation: &ModelObservation) -> Self {
        Observation {
            graph: graph.clone(),
            observation: observation.clone(),
        }
    }
}

/// A measured figure with its source.
#[Object(serial)]
impl Observation {
    /// The figure.
    async fn value(&self) -> f64 {
        self.observation.value
    }
    /// Its unit ("persons", "%").
    async fn unit(&self) -> Option<&str> {
        self.observation.unit.as_deref()
    }
    /// When it was measured.
    async fn as_of(&self) -> Option<Date> {
        self.observation.as_of.map(Date)
    }
    /// Who measured it, as the source names them.
    async fn source(&self) -> Option<&str> {
        self.observation.source.as_deref()
    }
    /// Where the figure was read.
    async fn evidence(&self) -> Option<Evidence> {
        self.observation
            .evidence
            .as_ref()
            .map(|e| Evidence::new(&self.graph, e))
    }
}
