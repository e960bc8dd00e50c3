//! A country's posture on the two clocks: the 21 indicators, pillar scores, overall score.

use std::sync::Arc;

use async_graphql::{Object, SimpleObject};

use super::entity::{Country, EntityNode, EntityRef};
use super::evidence::Evidence;
use super::scalars::{Date, IndicatorStatus, Pillar};
use super::serial_list::SerialList;
use crate::graph::KnowledgeGraph;
use crate::model;
use crate::query::{self, View};

/// A country's posture in one view.
pub struct Posture {
    country: Country,
    view: View,
}

impl Posture {
    /// The posture of `country` in `view`.
    pub fn new(country: Country, view: View) -> Self {
        Posture { country, view }
    }

    fn compute(&self) -> query::Posture<'_> {
        let handle = self.country.handle();
        query::posture(&handle.graph, handle.id().unwrap_or_default(), self.view)
    }
}

/// A country's posture on a date: the 21 indicators, per-pillar and overall scores.
#[Object(serial)]
impl Posture {
    /// The country.
    async fn country(&self) -> Country {
        self.country.clone()
    }
    /// The valid-time date asked for; null for "latest".
    async fn as_of(&self) -> Option<Date> {
        self.view.as_of.map(Date)
    }
    /// The known-time date asked for; null for "everything the sources say".
    async fn known_at(&self) -> Option<Date> {
        self.view.known_at.map(Date)
    }
    /// All 21 indicators, in profile order.
    async fn indicators(&self) -> SerialList<Indicator> {
        let graph = &self.country.handle().graph;
        self.compute()
            .indicators
            .into_iter()
            .map(|state| Indicator {
                graph: graph.clone(),
                code: state.code,
                name: state.name,
                pillar: state.pillar,
                status: state.status(),
                date: state.observation.as_ref().and_then(|o| o.observation.date),
                entities: state
                    .observation
                    .as_ref()
                    .map(|o| o.observation.entities.clone())
                    .unwrap_or_default(),
                evidence: state
                    .observation
                    .map(|o| o.evidence.into_iter().cloned().collect())
                    .unwrap_or_default(),
            })
            .collect()
    }
    /// One score per pillar: the fraction of its indicators PRESENT.
    async fn pillars(&self) -> SerialList<PillarScore> {
        self.compute()
            .pillars
            .into_iter()
            .map(|p| PillarScore {
                pillar: p.pillar.into(),
                score: p.score(),
                present: p.present as i32,
                total: p.total as i32,
            })
            .collect()
    }
    /// The fraction of all 21 indicators PRESENT.
    async fn score(&self) -> f64 {
        self.compute().score()
    }
}

/// A pillar's score.
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct PillarScore {
    /// The pillar.
    pub pillar: Pillar,
    /// `present / total`.
    pub score: f64,
    /// Indicators PRESENT.
    pub present: i32,
    /// Indicators in the pillar.
    pub total: i32,
}

/// One indicator of a posture.
pub struct Indicator {
    graph: Arc<KnowledgeGraph>,
    code: &'static str,
    name: &'static str,
    pillar: model::Pillar,
    status: model::IndicatorStatus,
    date: Option<model::PartialDate>,
    entities: Vec<String>,
    evidence: Vec<model::Evidence>,
}

/// One indicator of a posture, with the observation that decided it.
#[Object(serial)]
impl Indicator {
    /// The profile's section number: "1.1.1" … "2.4".
    async fn code(&self) -> &str {
        self.code
    }
    /// "Criminal legislation", "CIRT", …
    async fn name(&self) -> &str {
        self.name
    }
    /// The pillar it scores in.
    async fn pillar(&self) -> Pillar {
        self.pillar.into()
    }
    /// PRESENT, ABSENT, PARTIAL, or UNKNOWN when no source says anything.
    async fn status(&self) -> IndicatorStatus {
        self.status.into()
    }
    /// Date of the observation that decided the status.
    async fn as_of(&self) -> Option<Date> {
        self.date.map(Date)
    }
    /// What makes it PRESENT (the law, the CERT, …).
    async fn entities(&self) -> SerialList<EntityNode> {
        EntityRef::nodes(
            &self.graph,
            self.entities.iter().filter_map(|id| self.graph.entity(id)),
        )
    }
    /// Where the deciding observation was read.
    async fn evidence(&self) -> SerialList<Evidence> {
        self.evidence
            .iter()
            .map(|e| Evidence::new(&self.graph, e))
            .collect()
    }
}
