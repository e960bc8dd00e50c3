//! A country's posture on a date: per indicator, the latest known observation on or before it.
//!
//! Scores are over the indicators known: an UNKNOWN ("There is no information on …", or no
//! source at all) is not counted as missing, and the share of indicators known is reported
//! beside the score as its coverage.

use super::View;
use crate::graph::KnowledgeGraph;
use crate::model::{Evidence, IndicatorObservation, IndicatorStatus, Pillar, Stage, INDICATORS};

/// An observation as one view sees it: only its known evidence.
#[derive(Debug, Clone)]
pub struct KnownObservation<'g> {
    /// The observation.
    pub observation: &'g IndicatorObservation,
    /// Its evidence known in the view (never empty).
    pub evidence: Vec<&'g Evidence>,
}

/// The observations of a country known in `view` (valid time not applied), oldest first.
pub fn known_observations<'g>(
    graph: &'g KnowledgeGraph,
    country_id: &str,
    view: View,
) -> Vec<KnownObservation<'g>> {
    graph
        .indicator_observations(country_id)
        .iter()
        .filter_map(|o| {
            let evidence = view.known(graph, &o.evidence);
            (!evidence.is_empty()).then_some(KnownObservation {
                observation: o,
                evidence,
            })
        })
        .collect()
}

/// One indicator of a posture: the observation that decides it, if any.
#[derive(Debug, Clone)]
pub struct IndicatorState<'g> {
    /// The indicator's code.
    pub code: &'static str,
    /// Its name.
    pub name: &'static str,
    /// Its pillar.
    pub pillar: Pillar,
    /// The deciding observation (latest on or before the date), if any.
    pub observation: Option<KnownObservation<'g>>,
}

impl IndicatorState<'_> {
    /// The status: the deciding observation's, else UNKNOWN.
    pub fn status(&self) -> IndicatorStatus {
        self.observation
            .as_ref()
            .map(|o| o.observation.status)
            .unwrap_or(IndicatorStatus::Unknown)
    }

    /// The deciding observation's stage: how far along a PARTIAL is, or DEFUNCT for an ABSENT
    /// that existed once.
    pub fn stage(&self) -> Option<Stage> {
        self.observation.as_ref().and_then(|o| o.observation.stage)
    }
}

/// How many indicators of a set stand in each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatusCounts {
    /// Indicators PRESENT.
    pub present: usize,
    /// Indicators PARTIAL.
    pub partial: usize,
    /// Indicators ABSENT.
    pub absent: usize,
    /// Indicators UNKNOWN: the source does not know, or no source speaks.
    pub unknown: usize,
}

impl StatusCounts {
    /// Counts the statuses of `states`.
    pub fn of<'a, 'g: 'a>(states: impl IntoIterator<Item = &'a IndicatorState<'g>>) -> Self {
        let mut counts = StatusCounts::default();
        for state in states {
            match state.status() {
                IndicatorStatus::Present => counts.present += 1,
                IndicatorStatus::Partial => counts.partial += 1,
                IndicatorStatus::Absent => counts.absent += 1,
                IndicatorStatus::Unknown => counts.unknown += 1,
            }
        }
        counts
    }

    /// Indicators counted.
    pub fn total(&self) -> usize {
        self.present + self.partial + self.absent + self.unknown
    }

    /// Indicators whose status is known (not UNKNOWN).
    pub fn known(&self) -> usize {
        self.total() - self.unknown
    }

    /// `present / known`; 0 when nothing is known.
    pub fn score(&self) -> f64 {
        ratio(self.present, self.known())
    }

    /// `known / total`: how much of the score rests on what sources say.
    pub fn coverage(&self) -> f64 {
        ratio(self.known(), self.total())
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// A pillar's share of PRESENT indicators among those known.
#[derive(Debug, Clone, PartialEq)]
pub struct PillarScore {
    /// The pillar.
    pub pillar: Pillar,
    /// Indicators PRESENT.
    pub present: usize,
    /// Indicators in the pillar.
    pub total: usize,
    /// The pillar's indicators by status.
    pub counts: StatusCounts,
}

impl PillarScore {
    /// `present / known`: UNKNOWN indicators are left out rather than counted as missing.
    pub fn score(&self) -> f64 {
        self.counts.score()
    }

    /// `known / total`.
    pub fn coverage(&self) -> f64 {
        self.counts.coverage()
    }
}

/// A country's posture on a date: all 21 indicators, per-pillar and overall scores.
#[derive(Debug, Clone)]
pub struct Posture<'g> {
    /// One state per indicator, in profile order.
    pub indicators: Vec<IndicatorState<'g>>,
    /// One score per pillar, in profile order.
    pub pillars: Vec<PillarScore>,
}

impl Posture<'_> {
    /// All 21 indicators by status.
    pub fn counts(&self) -> StatusCounts {
        StatusCounts::of(&self.indicators)
    }

    /// The fraction of the known indicators PRESENT; UNKNOWN ones are left out.
    pub fn score(&self) -> f64 {
        self.counts().score()
    }

    /// The fraction of the 21 indicators whose status is known.
    pub fn coverage(&self) -> f64 {
        self.counts().coverage()
    }
}

/// The posture of a country in `view`: per indicator, the latest observation known there and
/// dated on or before `as_of` (undated observations always qualify). Without `as_of`, the
/// latest known overall.
pub fn posture<'g>(graph: &'g KnowledgeGraph, country_id: &str, view: View) -> Posture<'g> {
    let known = known_observations(graph, country_id, view);
    let indicators: Vec<IndicatorState<'g>> = INDICATORS
        .iter()
        .map(|def| {
            // Observations are sorted oldest first, so the last one that qualifies wins.
            let observation = known
                .iter()
                .rfind(|k| {
                    k.observation.code == def.code
                        && match (view.as_of, k.observation.date) {
                            (Some(day), Some(date)) => date.starts_on_or_before(&day),
                            _ => true,
                        }
                })
                .cloned();
            IndicatorState {
                code: def.code,
                name: def.name,
                pillar: def.pillar,
                observation,
            }
        })
        .collect();
    let pillars = Pillar::ALL
        .iter()
        .map(|pillar| {
            let counts = StatusCounts::of(indicators.iter().filter(|i| i.pillar == *pillar));
            PillarScore {
                pillar: *pillar,
                present: counts.present,
                total: counts.total(),
                counts,
            }
        })
        .collect();
    Posture {
        indicators,
        pillars,
    }
}
