//! Change over time: a country's timeline (dated changes of its indicators and relations) and
//! the conflicts between sources (claims that cannot both hold at once).
//!
//! Both respect known time: with `known_at`, only evidence published by then takes part.

use super::posture::{known_observations, KnownObservation};
use super::{relations, view_relation, RelationView, View};
use crate::graph::{Direction, KnowledgeGraph};
use crate::model::{indicator, Evidence, IndicatorStatus, PartialDate, RelationKind};

/// What kind of change a timeline event records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TimelineEventKind {
    /// An indicator took a status it did not have before (or its first status).
    IndicatorChanged,
    /// A relation of the country began to hold (or was first reported).
    RelationBegan,
    /// A relation of the country stopped holding.
    RelationEnded,
}

/// One dated change in a country's posture or relations.
#[derive(Debug, Clone)]
pub struct TimelineEvent<'g> {
    /// When it happened (valid time).
    pub date: PartialDate,
    /// What changed.
    pub kind: TimelineEventKind,
    /// The indicator, for indicator changes.
    pub code: Option<&'static str>,
    /// The new status, for indicator changes.
    pub status: Option<IndicatorStatus>,
    /// The status before, where there was one.
    pub previous: Option<IndicatorStatus>,
    /// Entities the change is about (the indicator's entities).
    pub entities: Vec<String>,
    /// The relation, for relation events.
    pub relation: Option<RelationView<'g>>,
    /// Where it was read.
    pub evidence: Vec<&'g Evidence>,
    /// A one-line account of the change.
    pub description: String,
}

fn status_word(status: IndicatorStatus) -> &'static str {
    match status {
        IndicatorStatus::Present => "present",
        IndicatorStatus::Absent => "absent",
        IndicatorStatus::Partial => "partial",
        IndicatorStatus::Unknown => "unknown",
    }
}

/// A country's dated changes, oldest first: indicator status changes, then relations beginning
/// and ending. Undated facts have no place on a timeline and are left out.
pub fn timeline<'g>(
    graph: &'g KnowledgeGraph,
    country_id: &str,
    view: View,
) -> Vec<TimelineEvent<'g>> {
    let mut events = Vec::new();
    let known = known_observations(
        graph,
        country_id,
        View {
            as_of: None,
            ..view
        },
    );
    let mut codes: Vec<&str> = known.iter().map(|k| k.observation.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    for code in codes {
        let Some(def) = indicator(code) else { continue };
        let mut previous: Option<IndicatorStatus> = None;
        for k in known.iter().filter(|k| k.observation.code == code) {
            let Some(date) = k.observation.date else {
                continue;
            };
            let status = k.observation.status;
            if previous == Some(status) {
                continue;
            }
            let description = match previous {
                Some(before) => format!(
                    "{} {}: {} → {}",
                    def.code,
                    def.name,
                    status_word(before),
                    status_word(status)
                ),
                None => format!("{} {}: {}", def.code, def.name, status_word(status)),
            };
            events.push(TimelineEvent {
                date,
                kind: TimelineEventKind::IndicatorChanged,
                code: Some(def.code),
                status: Some(status),
                previous,
                entities: k.observation.entities.clone(),
                relation: None,
                evidence: k.evidence.clone(),
                description,
            });
            previous = Some(status);
        }
    }
    let all_time = View {
        as_of: None,
        ..view
    };
    for r in relations(graph, country_id, None, Direction::Out, all_time) {
        if r.relation.statement.kind == RelationKind::Mentions {
            continue;
        }
        let target = graph
            .entity(&r.relation.statement.target)
            .map(|e| e.name.clone())
            .unwrap_or_default();
        let kind = r.relation.statement.kind.as_str();
        if let Some(until) = r.relation.statement.until {
            events.push(TimelineEvent {
                date: until,
                kind: TimelineEventKind::RelationEnded,
                code: None,
                status: None,
                previous: None,
                entities: vec![r.relation.statement.target.clone()],
                relation: Some(r.clone()),
                evidence: r.evidence.clone(),
                description: format!("{kind} {target} ended"),
            });
        }
        if let Some(began) = r.began() {
            let how = if r.relation.statement.since.is_some() {
                "since"
            } else {
                "first reported"
            };
            events.push(TimelineEvent {
                date: began,
                kind: TimelineEventKind::RelationBegan,
                code: None,
                status: None,
                previous: None,
                entities: vec![r.relation.statement.target.clone()],
                evidence: r.evidence.clone(),
                description: format!("{kind} {target} ({how} {began})"),
                relation: Some(r),
            });
        }
    }
    events.sort_by(|a, b| {
        a.date
            .cmp(&b.date)
            .then(a.kind.cmp(&b.kind))
            .then_with(|| a.code.cmp(&b.code))
            .then_with(|| a.description.cmp(&b.description))
    });
    events
}

/// What two sources disagree about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConflictSubject {
    /// The status of one indicator of one country.
    Indicator {
        /// The country's id.
        country: String,
        /// The indicator's code.
        code: &'static str,
    },
    /// One qualifier of one relation.
    Qualifier {
        /// The relation's id.
        relation: String,
        /// The qualifier.
        key: String,
    },
}

/// One side of a conflict.
#[derive(Debug, Clone)]
pub struct Claim<'g> {
    /// What this side says: a status, or a qualifier value as JSON.
    pub value: String,
    /// From when it says so, where known.
    pub valid_from: Option<PartialDate>,
    /// Who says so.
    pub evidence: Vec<&'g Evidence>,
}

/// Sources that cannot both be right. Both claims stay in the graph; this lists them.
#[derive(Debug, Clone)]
pub struct Conflict<'g> {
    /// What the disagreement is about.
    pub subject: ConflictSubject,
    /// The country concerned, where there is one.
    pub country: Option<String>,
    /// A one-line account.
    pub description: String,
    /// The claims, each with its evidence.
    pub claims: Vec<Claim<'g>>,
}

fn documents_of(k: &KnownObservation<'_>) -> Vec<String> {
    k.evidence.iter().map(|e| e.document.clone()).collect()
}

fn is_positive(status: IndicatorStatus) -> bool {
    matches!(status, IndicatorStatus::Present | IndicatorStatus::Partial)
}

/// Indicator conflicts of one country: a source says an indicator was present from some date
/// while another source, from a different document, says it was absent on or after that date.
/// (Absent earlier and present later is a change, not a conflict.)
fn indicator_conflicts<'g>(
    graph: &'g KnowledgeGraph,
    country_id: &str,
    view: View,
) -> Vec<Conflict<'g>> {
    let known = known_observations(
        graph,
        country_id,
        View {
            as_of: None,
            ..view
        },
    );
    let mut out = Vec::new();
    for positive in known.iter().filter(|k| is_positive(k.observation.status)) {
        for negative in known
            .iter()
            .filter(|k| k.observation.status == IndicatorStatus::Absent)
        {
            let (p, n) = (positive.observation, negative.observation);
            if p.code != n.code
                || documents_of(positive)
                    .iter()
                    .any(|d| documents_of(negative).contains(d))
            {
                continue;
            }
            let overlaps = match (p.date, n.date) {
                (Some(pd), Some(nd)) => pd.starts_on_or_before(&nd),
                _ => true,
            };
            if !overlaps {
                continue;
            }
            let Some(def) = indicator(&p.code) else {
                continue;
            };
            let date = |d: Option<PartialDate>| {
                d.map(|d| d.to_string()).unwrap_or_else(|| "undated".into())
            };
            out.push(Conflict {
                subject: ConflictSubject::Indicator {
                    country: country_id.to_string(),
                    code: def.code,
                },
                country: Some(country_id.to_string()),
                description: format!(
                    "{} {}: present since {} by one source, absent on {} by another",
                    def.code,
                    def.name,
                    date(p.date),
                    date(n.date)
                ),
                claims: vec![
                    Claim {
                        value: "PRESENT".into(),
                        valid_from: p.date,
                        evidence: positive.evidence.clone(),
                    },
                    Claim {
                        value: "ABSENT".into(),
                        valid_from: n.date,
                        evidence: negative.evidence.clone(),
                    },
                ],
            });
        }
    }
    out
}

/// Conflicts in `view`: for one country (its indicators and its relations' qualifiers), or
/// for the whole graph when `country_id` is `None`.
pub fn conflicts<'g>(
    graph: &'g KnowledgeGraph,
    country_id: Option<&str>,
    view: View,
) -> Vec<Conflict<'g>> {
    let countries: Vec<String> = match country_id {
        Some(id) => vec![id.to_string()],
        None => graph
            .entities()
            .into_iter()
            .filter(|e| e.kind == crate::model::EntityKind::Country)
            .map(|e| e.id.clone())
            .collect(),
    };
    let mut out = Vec::new();
    for country in &countries {
        out.extend(indicator_conflicts(graph, country, view));
    }
    let all_time = View {
        as_of: None,
        ..view
    };
    let candidates = match country_id {
        Some(id) => graph.relations_of(id, Direction::Both),
        None => graph.relations(),
    };
    for relation in candidates {
        if view_relation(graph, relation, all_time).is_none() {
            continue;
        }
        for dispute in &relation.disputes {
            let claims: Vec<Claim<'g>> = dispute
                .claims
                .iter()
                .filter_map(|(value, evidence)| {
                    let known = view.known(graph, evidence);
                    (!known.is_empty()).then(|| Claim {
                        value: value.to_string(),
                        valid_from: relation.statement.since,
                        evidence: known,
                    })
                })
                .collect();
            if claims.len() < 2 {
                continue;
            }
            let values: Vec<&str> = claims.iter().map(|c| c.value.as_str()).collect();
            let country = [&relation.statement.source, &relation.statement.target]
                .into_iter()
                .find(|id| id.starts_with("country:"))
                .cloned();
            out.push(Conflict {
                subject: ConflictSubject::Qualifier {
                    relation: relation.id.clone(),
                    key: dispute.key.clone(),
                },
                country,
                description: format!(
                    "{}: sources disagree on '{}': {}",
                    relation.id,
                    dispute.key,
                    values.join(" vs ")
                ),
                claims,
            });
        }
    }
    out
}
