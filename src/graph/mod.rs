//! The snapshot: an immutable [`KnowledgeGraph`] (a petgraph `StableDiGraph` plus indexes)
//! built once from extractions, then only read.
//!
//! Merging happens here: one node per entity id, one edge per (kind, source, target) with the
//! evidence of every document that states it. `NodeIndex` never leaves this module; callers
//! use stable string ids. Knows nothing of GraphQL or of source formats.

mod curation;
mod sizes;

use std::collections::{BTreeMap, BTreeSet};

use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::EdgeRef;
use petgraph::Direction as PetDirection;

pub use sizes::Sizes;

use crate::algo::{self, Adjacency};
use crate::model::{
    Correction, Document, Entity, EntityKind, Evidence, Extraction, IndicatorObservation,
    PartialDate, RelationKind, Statement,
};

/// The graph's hash maps: keyed by ids and node indices, looked up on every request. foldhash
/// is several times cheaper than the standard SipHash on short keys, and still seeded per
/// process.
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// Which edges of a node to follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Edges leaving the node.
    Out,
    /// Edges entering the node.
    In,
    /// Both.
    Both,
}

/// An edge of the graph: a merged statement with its id and the date it was first reported.
#[derive(Debug, Clone)]
pub struct Relation {
    /// Stable id, `HAS_CERT:country:PK->cert:PK:pakcert`.
    pub id: String,
    /// The merged statement.
    pub statement: Statement,
    /// The earliest publication date among its evidence documents.
    pub first_reported: Option<PartialDate>,
    /// Qualifiers on which the sources disagree, with every claimed value and who claims it.
    /// The statement keeps the first value read; nothing is dropped.
    pub disputes: Vec<QualifierDispute>,
    /// Curators' corrections marking it as erroneous: it stays visible, but does not hold
    /// where a correction is known.
    pub corrections: Vec<Correction>,
    /// Its place among the snapshot's relations in id order (see
    /// [`KnowledgeGraph::relation_at`]).
    pub position: usize,
}

/// Two or more sources give different values for one qualifier of one relation.
#[derive(Debug, Clone, PartialEq)]
pub struct QualifierDispute {
    /// The qualifier, e.g. `mode`.
    pub key: String,
    /// Each value claimed, with the evidence that claims it.
    pub claims: Vec<(serde_json::Value, Vec<Evidence>)>,
}

/// Something the build noticed but did not stop for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BuildWarning {
    /// The document it concerns.
    pub document: Option<String>,
    /// What happened.
    pub message: String,
}

/// The immutable knowledge graph one data version yields.
#[derive(Debug, Default)]
pub struct KnowledgeGraph {
    graph: StableDiGraph<Entity, Relation>,
    by_id: HashMap<String, NodeIndex>,
    edge_by_id: HashMap<String, EdgeIndex>,
    documents: BTreeMap<String, Document>,
    indicators: BTreeMap<String, Vec<IndicatorObservation>>,
    warnings: Vec<BuildWarning>,
    /// Orders computed once at build, since the snapshot never changes: entities and
    /// relations by id, and each node's relations by id (out, in, both).
    entity_order: Vec<NodeIndex>,
    relation_order: Vec<EdgeIndex>,
    incident: HashMap<NodeIndex, [Vec<EdgeIndex>; 3]>,
    /// Every relation as an undirected edge between entity positions (in id order), labelled
    /// by its position among the relations, for path searches.
    undirected: Adjacency,
    /// Each entity's position in id order, by node index.
    position: HashMap<NodeIndex, usize>,
    /// The positions of each relation's source and target, by relation position.
    ends: Vec<(usize, usize)>,
    /// Its largest lists, for pricing queries before running them.
    sizes: Sizes,
    /// Pairs of entity ids a person judged (same or different), smaller id first: no longer
    /// open questions for a curator.
    judged: BTreeSet<(String, String)>,
}

fn push_evidence(into: &mut Vec<Evidence>, evidence: Evidence) {
    if !into.contains(&evidence) {
        into.push(evidence);
    }
}

/// Records that `claimed` (backed by `claimed_by`) disagrees with the `current` value of a
/// qualifier (backed by everything read so far).
fn record_dispute(
    disputes: &mut Vec<QualifierDispute>,
    key: &str,
    current: &serde_json::Value,
    current_by: &[Evidence],
    claimed: serde_json::Value,
    claimed_by: &[Evidence],
) {
    let at = match disputes.iter().position(|d| d.key == key) {
        Some(at) => at,
        None => {
            disputes.push(QualifierDispute {
                key: key.to_string(),
                claims: vec![(current.clone(), current_by.to_vec())],
            });
            disputes.len() - 1
        }
    };
    let dispute = &mut disputes[at];
    match dispute.claims.iter_mut().find(|(v, _)| *v == claimed) {
        Some((_, evidence)) => evidence.extend(claimed_by.iter().cloned()),
        None => dispute.claims.push((claimed, claimed_by.to_vec())),
    }
}

impl KnowledgeGraph {
    /// Builds a graph from extractions, merging entities by id and statements by
    /// (kind, source, target). A statement naming an unknown entity is left out and reported
    /// in [`KnowledgeGraph::warnings`].
    pub fn build(extractions: Vec<Extraction>) -> Self {
        let mut kg = KnowledgeGraph::default();
        let mut pending: Vec<(Option<String>, Statement)> = Vec::new();
        for extraction in extractions {
            let doc_id = extraction.document.as_ref().map(|d| d.id.clone());
            if let Some(document) = extraction.document {
                let mut node = Entity::new(
                    document.id.clone(),
                    EntityKind::Document,
                    document.title.clone(),
                );
                node.country = document.country.clone();
                kg.add_entity(node);
                kg.documents.insert(document.id.clone(), document);
            }
            for entity in extraction.entities {
                kg.add_entity(entity);
            }
            for statement in extraction.statements {
                pending.push((doc_id.clone(), statement));
            }
            if let Some(doc) = &doc_id {
                for (entity, evidence) in extraction.mentions {
                    pending.push((
                        doc_id.clone(),
                        Statement::new(RelationKind::Mentions, doc.clone(), entity, evidence),
                    ));
                }
            }
            for observation in extraction.indicators {
                kg.indicators
                    .entry(observation.country.clone())
                    .or_default()
                    .push(observation);
            }
        }
        // Merge oldest sources first, so a relation's qualifiers and first evidence come from
        // the earliest document whatever the file layout; later disagreements become disputes.
        let published = |doc: &Option<String>| {
            doc.as_ref()
                .and_then(|d| kg.documents.get(d))
                .and_then(|d| d.published)
        };
        let mut keyed: Vec<(Option<PartialDate>, Option<String>, Statement)> = pending
            .into_iter()
            .map(|(doc, statement)| (published(&doc), doc, statement))
            .collect();
        keyed.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        for (_, doc, statement) in keyed {
            kg.add_statement(doc, statement);
        }
        for observations in kg.indicators.values_mut() {
            observations.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.code.cmp(&b.code)));
        }
        let dates: Vec<(EdgeIndex, Option<PartialDate>)> = kg
            .graph
            .edge_indices()
            .map(|e| {
                let first = kg.graph[e]
                    .statement
                    .evidence
                    .iter()
                    .filter_map(|ev| kg.documents.get(&ev.document).and_then(|d| d.published))
                    .min();
                (e, first)
            })
            .collect();
        for (e, first) in dates {
            kg.graph[e].first_reported = first;
        }
        kg.index_orders();
        kg.sizes = Sizes::of(&kg);
        kg
    }

    fn index_orders(&mut self) {
        let graph = &self.graph;
        let mut nodes: Vec<NodeIndex> = graph.node_indices().collect();
        nodes.sort_by(|a, b| graph[*a].id.cmp(&graph[*b].id));
        let by_edge_id = |a: &EdgeIndex, b: &EdgeIndex| graph[*a].id.cmp(&graph[*b].id);
        let mut edges: Vec<EdgeIndex> = graph.edge_indices().collect();
        edges.sort_by(by_edge_id);
        let mut incident = HashMap::with_capacity_and_hasher(nodes.len(), Default::default());
        for &ix in &nodes {
            let mut out: Vec<EdgeIndex> = graph
                .edges_directed(ix, PetDirection::Outgoing)
                .map(|e| e.id())
                .collect();
            let mut inn: Vec<EdgeIndex> = graph
                .edges_directed(ix, PetDirection::Incoming)
                .map(|e| e.id())
                .collect();
            out.sort_by(by_edge_id);
            inn.sort_by(by_edge_id);
            let mut both: Vec<EdgeIndex> = out.iter().chain(&inn).copied().collect();
            both.sort_by(by_edge_id);
            both.dedup();
            incident.insert(ix, [out, inn, both]);
        }
        let position: HashMap<NodeIndex, usize> =
            nodes.iter().enumerate().map(|(i, &ix)| (ix, i)).collect();
        let ends: Vec<(usize, usize)> = edges
            .iter()
            .map(|&e| {
                let at = |ix: Option<&usize>| ix.copied().unwrap_or(usize::MAX);
                match graph.edge_endpoints(e) {
                    Some((a, b)) => (at(position.get(&a)), at(position.get(&b))),
                    None => (usize::MAX, usize::MAX),
                }
            })
            .collect();
        let labelled: Vec<(usize, usize, usize)> = ends
            .iter()
            .enumerate()
            .map(|(label, &(a, b))| (a, b, label))
            .collect();
        self.undirected = algo::adjacency(nodes.len(), &labelled);
        for (i, &e) in edges.iter().enumerate() {
            self.graph[e].position = i;
        }
        self.position = position;
        self.ends = ends;
        self.entity_order = nodes;
        self.relation_order = edges;
        self.incident = incident;
    }

    fn add_entity(&mut self, entity: Entity) {
        match self.by_id.get(&entity.id) {
            Some(&ix) => self.graph[ix].merge(entity),
            None => {
                let id = entity.id.clone();
                let ix = self.graph.add_node(entity);
                self.by_id.insert(id, ix);
            }
        }
    }

    fn add_statement(&mut self, document: Option<String>, statement: Statement) {
        let id = statement.id();
        if let Some(&e) = self.edge_by_id.get(&id) {
            let Relation {
                statement: existing,
                disputes,
                ..
            } = &mut self.graph[e];
            existing.since = match (existing.since, statement.since) {
                (Some(a), Some(b)) => Some(a.refine(b)),
                (a, b) => a.or(b),
            };
            existing.until = existing.until.or(statement.until);
            // Statements arrive oldest source first: the latest word on a bill or a plan
            // (enacted since, or still a draft) is where the thing stands.
            existing.stage = statement.stage;
            for (key, value) in statement.qualifiers {
                match existing.qualifiers.get(&key) {
                    None => {
                        existing.qualifiers.insert(key, value);
                    }
                    Some(current) if *current == value => {}
                    Some(current) => record_dispute(
                        disputes,
                        &key,
                        current,
                        &existing.evidence,
                        value,
                        &statement.evidence,
                    ),
                }
            }
            for evidence in statement.evidence {
                push_evidence(&mut existing.evidence, evidence);
            }
            return;
        }
        let (Some(&source), Some(&target)) = (
            self.by_id.get(&statement.source),
            self.by_id.get(&statement.target),
        ) else {
            self.warnings.push(BuildWarning {
                document,
                message: format!(
                    "relation {id} names an entity that no document defines; left out"
                ),
            });
            return;
        };
        if statement.evidence.is_empty() {
            self.warnings.push(BuildWarning {
                document,
                message: format!("relation {id} has no evidence; left out"),
            });
            return;
        }
        let e = self.graph.add_edge(
            source,
            target,
            Relation {
                id: id.clone(),
                statement,
                first_reported: None,
                disputes: Vec::new(),
                corrections: Vec::new(),
                position: 0,
            },
        );
        self.edge_by_id.insert(id, e);
    }

    /// The largest lists this snapshot can produce.
    pub fn sizes(&self) -> &Sizes {
        &self.sizes
    }

    /// The entity with this id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.by_id.get(id).map(|&ix| &self.graph[ix])
    }

    /// The relation with this id.
    pub fn relation(&self, id: &str) -> Option<&Relation> {
        self.edge_by_id.get(id).map(|&e| &self.graph[e])
    }

    /// All entities, in id order (stable across rebuilds).
    pub fn entities(&self) -> Vec<&Entity> {
        self.entity_order
            .iter()
            .map(|&ix| &self.graph[ix])
            .collect()
    }

    /// All relations, in id order.
    pub fn relations(&self) -> Vec<&Relation> {
        self.relation_order
            .iter()
            .map(|&e| &self.graph[e])
            .collect()
    }

    /// Every relation as an undirected edge: node `i` is the `i`-th entity in id order, label
    /// `l` the `l`-th relation in id order (see [`KnowledgeGraph::entity_at`] and
    /// [`KnowledgeGraph::relation_at`]).
    pub fn undirected(&self) -> &Adjacency {
        &self.undirected
    }

    /// The position of entity `id` in id order: its node in [`KnowledgeGraph::undirected`].
    pub fn entity_position(&self, id: &str) -> Option<usize> {
        self.by_id
            .get(id)
            .and_then(|ix| self.position.get(ix))
            .copied()
    }

    /// The entity at `position` in id order.
    pub fn entity_at(&self, position: usize) -> Option<&Entity> {
        self.entity_order.get(position).map(|&ix| &self.graph[ix])
    }

    /// The relation at `position` in id order: the label of its edge in
    /// [`KnowledgeGraph::undirected`].
    pub fn relation_at(&self, position: usize) -> Option<&Relation> {
        self.relation_order.get(position).map(|&e| &self.graph[e])
    }

    /// The positions of the source and target of the relation at `position`.
    pub fn relation_ends(&self, position: usize) -> Option<(usize, usize)> {
        self.ends.get(position).copied()
    }

    /// The relations touching `id` in `direction`, in id order.
    pub fn relations_of(&self, id: &str, direction: Direction) -> Vec<&Relation> {
        let Some(lists) = self.by_id.get(id).and_then(|ix| self.incident.get(ix)) else {
            return Vec::new();
        };
        let list = match direction {
            Direction::Out => &lists[0],
            Direction::In => &lists[1],
            Direction::Both => &lists[2],
        };
        list.iter().map(|&e| &self.graph[e]).collect()
    }

    /// The source documents, in id order.
    pub fn documents(&self) -> impl Iterator<Item = &Document> {
        self.documents.values()
    }

    /// The document with this id.
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.documents.get(id)
    }

    /// A country's indicator observations, oldest first.
    pub fn indicator_observations(&self, country_id: &str) -> &[IndicatorObservation] {
        self.indicators
            .get(country_id)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Number of entities.
    pub fn entity_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of relations.
    pub fn relation_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// When the source of a piece of evidence was published: its known-time. `None` for
    /// undated reference documents (the gazetteer), which count as always known.
    pub fn known_since(&self, evidence: &Evidence) -> Option<PartialDate> {
        self.documents
            .get(&evidence.document)
            .and_then(|d| d.published)
    }

    /// What the build left out, and why.
    pub fn warnings(&self) -> &[BuildWarning] {
        &self.warnings
    }
}
