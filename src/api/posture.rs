//! A country's posture on the two clocks: the 21 indicators with their status and stage,
//! pillar scores and the overall score over the indicators known, and the coverage (how many
//! are known).

use std::sync::{Arc, OnceLock};

use async_graphql::{Object, SimpleObject};

use super::entity::{Country, EntityNode, EntityRef};
use super::evidence::Evidence;
use super::scalars::{Date, IndicatorStatus, Pillar, Stage};
use super::serial_list::SerialList;
use crate::graph::KnowledgeGraph;
use crate::model;
use crate::query::{self, View};

/// A country's posture in one view, computed once however many of its fields are asked for.
pub struct Posture {
    country: Country,
    view: View,
    computed: OnceLock<Computed>,
}

/// Everything a posture answers, taken from one computation.
struct Computed {
    indicators: Vec<Indicator>,
    pillars: Vec<PillarScore>,
    counts: StatusCounts,
    score: f64,
    coverage: f64,
}

impl Posture {
    /// The posture of `country` in `view`.
    pub fn new(country: Country, view: View) -> Self {
        Posture {
            country,
            view,
            computed: OnceLock::new(),
        }
    }

    fn computed(&self) -> &Computed {
        self.computed.get_or_init(|| {
            let handle = self.country.handle();
            let graph = &handle.graph;
            let posture = query::posture(graph, handle.id().unwrap_or_default(), self.view);
            let counts = posture.counts();
            Computed {
                score: posture.score(),
                coverage: posture.coverage(),
                counts: StatusCounts {
                    present: count(counts.present),
                    partial: count(counts.partial),
                    absent: count(counts.absent),
                    unknown: count(counts.unknown),
                    known: count(counts.known()),
                    total: count(counts.total()),
                },
                pillars: posture
                    .pillars
                    .iter()
                    .map(|p| PillarScore {
                        pillar: p.pillar.into(),
                        score: p.score(),
                        present: count(p.present),
                        total: count(p.total),
                        known: count(p.counts.known()),
                        unknown: count(p.counts.unknown),
                        coverage: p.coverage(),
                    })
                    .collect(),
                indicators: posture
                    .indicators
                    .into_iter()
                    .map(|state| Indicator {
                        graph: graph.clone(),
                        code: state.code,
                        name: state.name,
                        pillar: state.pillar,
                        status: state.status(),
                        stage: state.stage(),
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
                    .collect(),
            }
        })
    }
}

/// A country's posture on a date: the 21 indicators, per-pillar and overall scores over the
/// indicators known, and the coverage.
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
        self.computed().indicators.iter().cloned().collect()
    }
    /// One score per pillar: the fraction of its known indicators PRESENT.
    async fn pillars(&self) -> SerialList<PillarScore> {
        self.computed().pillars.iter().cloned().collect()
    }
    /// The fraction of the known indicators PRESENT. UNKNOWN indicators (the source does
    /// not know, or no source speaks) are left out rather than counted as missing; see
    /// `coverage` for how many are known.
    async fn score(&self) -> f64 {
        self.computed().score
    }
    /// The fraction of the 21 indicators whose status is known (not UNKNOWN).
    async fn coverage(&self) -> f64 {
        self.computed().coverage
    }
    /// How many of the 21 indicators stand in each status.
    async fn counts(&self) -> StatusCounts {
        self.computed().counts.clone()
    }
}

/// An indicator count as GraphQL's `Int` (at most 21, so it always fits).
fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// A pillar's score.
#[derive(SimpleObject, Clone)]
#[graphql(serial)]
pub struct PillarScore {
    /// The pillar.
    pub pillar: Pillar,
    /// `present / known`: the pillar's UNKNOWN indicators are left out.
    pub score: f64,
    /// Indicators PRESENT.
    pub present: i32,
    /// Indicators in the pillar.
    pub total: i32,
    /// Indicators whose status is known (not UNKNOWN).
    pub known: i32,
    /// Indicators UNKNOWN.
    pub unknown: i32,
    /// `known / total`.
    pub coverage: f64,
}

/// How many indicators stand in each status. UNKNOWN is counted apart from ABSENT: "There is
/// no information on …" is not "there is none".
#[derive(SimpleObject, Clone)]
#[graphql(serial)]
pub struct StatusCounts {
    /// Indicators PRESENT.
    pub present: i32,
    /// Indicators PARTIAL (a draft, a plan, work under way).
    pub partial: i32,
    /// Indicators ABSENT.
    pub absent: i32,
    /// Indicators UNKNOWN.
    pub unknown: i32,
    /// Indicators whose status is known: `present + partial + absent`.
    pub known: i32,
    /// All indicators: 21.
    pub total: i32,
}

/// One indicator of a posture.
#[derive(Clone)]
pub struct Indicator {
    graph: Arc<KnowledgeGraph>,
    code: &'static str,
    name: &'static str,
    pillar: model::Pillar,
    status: model::IndicatorStatus,
    stage: Option<model::Stage>,
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
    /// PRESENT when the source says the thing exists; PARTIAL for a draft, plan or work under
    /// way (see `stage`); ABSENT when it says there is none or no longer is; UNKNOWN when the
    /// source does not know ("There is no information on …") or no source says anything.
    async fn status(&self) -> IndicatorStatus {
        self.status.into()
    }
    /// For a PARTIAL, how far along it is (DRAFT, PLANNED, IN_PROGRESS); DEFUNCT for an
    /// ABSENT that existed once; null otherwise.
    async fn stage(&self) -> Option<Stage> {
        self.stage.map(Into::into)
    }
    /// Date of the observation that decided the status.
    async fn as_of(&self) -> Option<Date> {
        self.date.map(Date)
    }
    /// What the observation is about: what makes it PRESENT (the law, the CERT, …), or the
    /// drafts and plans of a PARTIAL.
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
