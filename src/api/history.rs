//! Timelines and conflicts as GraphQL types.

use std::sync::Arc;

use async_graphql::{Enum, Object, SimpleObject};

use super::entity::{EntityNode, EntityRef};
use super::evidence::Evidence;
use super::relation::Relation;
use super::scalars::{Date, IndicatorStatus};
use super::serial_list::SerialList;
use crate::graph::KnowledgeGraph;
use crate::model;
use crate::query::{self, View};

/// What kind of change a timeline event records.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum TimelineEventKind {
    /// An indicator took a new status (or its first).
    IndicatorChanged,
    /// A relation began to hold (its `since`, else its first report).
    RelationBegan,
    /// A relation stopped holding.
    RelationEnded,
}

impl From<query::TimelineEventKind> for TimelineEventKind {
    fn from(kind: query::TimelineEventKind) -> Self {
        match kind {
            query::TimelineEventKind::IndicatorChanged => TimelineEventKind::IndicatorChanged,
            query::TimelineEventKind::RelationBegan => TimelineEventKind::RelationBegan,
            query::TimelineEventKind::RelationEnded => TimelineEventKind::RelationEnded,
        }
    }
}

/// One dated change in a country's posture or relations.
pub struct TimelineEvent {
    graph: Arc<KnowledgeGraph>,
    view: View,
    date: model::PartialDate,
    kind: query::TimelineEventKind,
    code: Option<&'static str>,
    status: Option<model::IndicatorStatus>,
    previous: Option<model::IndicatorStatus>,
    entities: Vec<String>,
    relation: Option<String>,
    evidence: Vec<model::Evidence>,
    description: String,
}

impl TimelineEvent {
    /// The timeline of a country in `view`.
    pub fn of_country(
        graph: &Arc<KnowledgeGraph>,
        country_id: &str,
        view: View,
    ) -> SerialList<TimelineEvent> {
        query::timeline(graph, country_id, view)
            .into_iter()
            .map(|e| TimelineEvent {
                graph: graph.clone(),
                view,
                date: e.date,
                kind: e.kind,
                code: e.code,
                status: e.status,
                previous: e.previous,
                entities: e.entities,
                relation: e.relation.map(|r| r.relation.id.clone()),
                evidence: e.evidence.into_iter().cloned().collect(),
                description: e.description,
            })
            .collect()
    }
}

/// One dated change in a country's posture or relations, with its evidence.
#[Object(serial)]
impl TimelineEvent {
    /// When it happened (valid time), at the precision known.
    async fn date(&self) -> Date {
        Date(self.date)
    }
    /// What changed.
    async fn kind(&self) -> TimelineEventKind {
        self.kind.into()
    }
    /// The indicator's code, for indicator changes.
    async fn code(&self) -> Option<&str> {
        self.code
    }
    /// The new status, for indicator changes.
    async fn status(&self) -> Option<IndicatorStatus> {
        self.status.map(Into::into)
    }
    /// The status before the change, where there was one.
    async fn previous_status(&self) -> Option<IndicatorStatus> {
        self.previous.map(Into::into)
    }
    /// The entities the change is about.
    async fn entities(&self) -> SerialList<EntityNode> {
        EntityRef::nodes(
            &self.graph,
            self.entities.iter().filter_map(|id| self.graph.entity(id)),
        )
    }
    /// The relation, for relation events.
    async fn relation(&self) -> Option<Relation> {
        let id = self.relation.as_ref()?;
        self.graph
            .relation(id)
            .map(|r| Relation::new(&self.graph, r, self.view))
    }
    /// A one-line account of the change.
    async fn description(&self) -> &str {
        &self.description
    }
    /// Where it was read.
    async fn evidence(&self) -> SerialList<Evidence> {
        self.evidence
            .iter()
            .map(|e| Evidence::new(&self.graph, e))
            .collect()
    }
}

/// One side of a conflict: what it says, from when, and who says so.
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct Claim {
    /// A status (`PRESENT`, `ABSENT`) or a qualifier value as JSON.
    pub value: String,
    /// From when it says so, where known.
    pub valid_from: Option<Date>,
    /// The evidence behind it.
    pub evidence: SerialList<Evidence>,
}

/// What a conflict is about.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum ConflictKind {
    /// Sources disagree on an indicator's status for overlapping time.
    Indicator,
    /// Sources give different values for a relation's qualifier.
    Qualifier,
}

/// Sources that cannot both be right. Both claims are kept in the graph.
pub struct Conflict {
    graph: Arc<KnowledgeGraph>,
    kind: ConflictKind,
    country: Option<String>,
    code: Option<&'static str>,
    relation: Option<(String, String)>,
    description: String,
    claims: Vec<(String, Option<model::PartialDate>, Vec<model::Evidence>)>,
    view: View,
}

impl Conflict {
    /// The conflicts of one country, or of the whole graph.
    pub fn list(
        graph: &Arc<KnowledgeGraph>,
        country_id: Option<&str>,
        view: View,
    ) -> SerialList<Conflict> {
        query::conflicts(graph, country_id, view)
            .into_iter()
            .map(|c| {
                let (kind, code, relation) = match c.subject {
                    query::ConflictSubject::Indicator { code, .. } => {
                        (ConflictKind::Indicator, Some(code), None)
                    }
                    query::ConflictSubject::Qualifier { relation, key } => {
                        (ConflictKind::Qualifier, None, Some((relation, key)))
                    }
                };
                Conflict {
                    graph: graph.clone(),
                    kind,
                    country: c.country,
                    code,
                    relation,
                    description: c.description,
                    claims: c
                        .claims
                        .into_iter()
                        .map(|cl| {
                            (
                                cl.value,
                                cl.valid_from,
                                cl.evidence.into_iter().cloned().collect(),
                            )
                        })
                        .collect(),
                    view,
                }
            })
            .collect()
    }
}

/// Sources that cannot both be right; both claims are kept and listed here.
#[Object(serial)]
impl Conflict {
    /// Indicator status or relation qualifier.
    async fn kind(&self) -> ConflictKind {
        self.kind
    }
    /// The country concerned, where there is one.
    async fn country(&self) -> Option<EntityNode> {
        let id = self.country.as_ref()?;
        self.graph
            .entity(id)
            .map(|e| EntityRef::of(&self.graph, e).node())
    }
    /// The indicator's code, for indicator conflicts.
    async fn code(&self) -> Option<&str> {
        self.code
    }
    /// The relation, for qualifier conflicts.
    async fn relation(&self) -> Option<Relation> {
        let (id, _) = self.relation.as_ref()?;
        self.graph
            .relation(id)
            .map(|r| Relation::new(&self.graph, r, self.view))
    }
    /// The qualifier in dispute, for qualifier conflicts.
    async fn qualifier(&self) -> Option<&str> {
        self.relation.as_ref().map(|(_, key)| key.as_str())
    }
    /// A one-line account.
    async fn description(&self) -> &str {
        &self.description
    }
    /// The claims, each with its evidence.
    async fn claims(&self) -> SerialList<Claim> {
        self.claims
            .iter()
            .map(|(value, from, evidence)| Claim {
                value: value.clone(),
                valid_from: from.map(Date),
                evidence: evidence
                    .iter()
                    .map(|e| Evidence::new(&self.graph, e))
                    .collect(),
            })
            .collect()
    }
}
