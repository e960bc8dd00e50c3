//! A country's posture on a date: per indicator, the latest known observation on or before it.

use super::View;
use crate::graph::KnowledgeGraph;
use crate::model::{Evidence, IndicatorObservation, IndicatorStatus, Pillar, INDICATORS};

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
}

/// A pillar's share of PRESENT indicators.
#[derive(Debug, Clone, PartialEq)]
pub struct PillarScore {
    /// The pillar.
    pub pillar: Pillar,
    /// Indicators PRESENT.
    pub present: usize,
    /// Indicators in the pillar.
    pub total: usize,
}

impl PillarScore {
    /// `present / total`.
    pub fn score(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.present as f64 / self.total as f64
        }
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
    /// The fraction of all indicators PRESENT.
    pub fn score(&self) -> f64 {
        let present = self
            .indicators
            .iter()
            .filter(|i| i.status() == IndicatorStatus::Present)
            .count();
        present as f64 / self.indicators.len().max(1) as f64
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
            let of_pillar: Vec<&IndicatorState> =
                indicators.iter().filter(|i| i.pillar == *pillar).collect();
            PillarScore {
                pillar: *pillar,
                present: of_pillar
                    .iter()
                    .filter(|i| i.status() == IndicatorStatus::Present)
                    .count(),
                total: of_pillar.len(),
            }
        })
        .collect();
    Posture {
        indicators,
        pillars,
    }
}
