//! Countries side by side: what two share (`common_ground`), their indicator statuses row by
//! row (`compare`), and all of them ranked by posture score (`ranking`). Built on the views
//! and the posture of the parent module and the shared exploration types from `explore`;
//! imports no other question's file, and nothing from GraphQL.

use std::collections::BTreeSet;

use super::explore::{ExploreError, COOPERATION};
use super::{posture, relations, RelationView, View};
use crate::graph::{Direction, KnowledgeGraph};
use crate::model::{Entity, EntityKind, IndicatorStatus, RelationKind};

/// What two countries share: organizations and conventions both belong to, and the
/// relations between them directly.
#[derive(Debug, Clone)]
pub struct CommonGround<'g> {
    /// Organizations, programmes and conventions both are related to.
    pub shared: Vec<&'g Entity>,
    /// Relations directly between the two (e.g. COOPERATES_WITH).
    pub direct: Vec<RelationView<'g>>,
}

/// What `a` and `b` share in `view`.
pub fn common_ground<'g>(
    graph: &'g KnowledgeGraph,
    a: &str,
    b: &str,
    view: View,
) -> Result<CommonGround<'g>, ExploreError> {
    for id in [a, b] {
        if graph.entity(id).is_none() {
            return Err(ExploreError::UnknownId(id.to_string()));
        }
    }
    let targets = |id: &str| -> BTreeSet<&'g str> {
        relations(graph, id, Some(&COOPERATION[..3]), Direction::Out, view)
            .into_iter()
            .map(|r| r.relation.statement.target.as_str())
            .collect()
    };
    let shared = targets(a)
        .intersection(&targets(b))
        .filter_map(|id| graph.entity(id))
        .collect();
    let direct = relations(graph, a, None, Direction::Both, view)
        .into_iter()
        .filter(|r| {
            let s = &r.relation.statement;
            s.kind != RelationKind::Mentions && (s.source == b || s.target == b)
        })
        .collect();
    Ok(CommonGround { shared, direct })
}

/// One indicator's statuses across countries.
#[derive(Debug, Clone)]
pub struct ComparisonRow {
    /// The indicator's code.
    pub code: &'static str,
    /// Its name.
    pub name: &'static str,
    /// One status per country, in the order asked.
    pub statuses: Vec<IndicatorStatus>,
}

/// One row per indicator, one status per country.
pub fn compare(
    graph: &KnowledgeGraph,
    countries: &[String],
    view: View,
) -> Result<Vec<ComparisonRow>, ExploreError> {
    if countries.is_empty() {
        return Err(ExploreError::OutOfRange(
            "argument 'countries' is empty; name at least one country".into(),
        ));
    }
    let mut postures = Vec::new();
    for id in countries {
        match graph.entity(id) {
            Some(e) if e.kind == EntityKind::Country => postures.push(posture(graph, id, view)),
            _ => return Err(ExploreError::UnknownId(id.clone())),
        }
    }
    Ok(crate::model::INDICATORS
        .iter()
        .enumerate()
        .map(|(i, def)| ComparisonRow {
            code: def.code,
            name: def.name,
            statuses: postures
                .iter()
                .map(|p| {
                    p.indicators
                        .get(i)
                        .map(|s| s.status())
                        .unwrap_or(IndicatorStatus::Unknown)
                })
                .collect(),
        })
        .collect())
}

/// Countries ranked by posture score in `view`, highest first (ties by id). Countries no
/// source observed (named only in passing) are left out rather than ranked last.
pub fn ranking<'g>(graph: &'g KnowledgeGraph, view: View) -> Vec<(&'g Entity, f64)> {
    let mut ranked: Vec<(&'g Entity, f64)> = graph
        .entities()
        .into_iter()
        .filter(|e| e.kind == EntityKind::Country)
        .map(|e| (e, posture(graph, &e.id, view)))
        .filter(|(_, p)| p.indicators.iter().any(|i| i.observation.is_some()))
        .map(|(e, p)| (e, p.score()))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.id.cmp(&b.0.id)));
    ranked
}
