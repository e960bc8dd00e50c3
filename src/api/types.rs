//! GraphQL object types: the `Entity` interface and its implementers, relations with their
//! evidence, connections, posture. Each wraps a snapshot handle and a stable id and calls
//! into `query`; none holds graph indices.

use std::sync::Arc;

use async_graphql::{Context, Interface, Json, Object, SimpleObject, ID};

use super::error::ApiError;
use super::scalars::{
    Date, Direction, EntityKind, EvidenceMethod, IndicatorStatus, Pillar, RelationKind,
};
use crate::graph::{KnowledgeGraph, Relation as GraphRelation};
use crate::model::{self, Observation as ModelObservation};
use crate::query;

/// Default and maximum page size of relation connections.
pub const DEFAULT_PAGE: usize = 100;
/// The largest `first` a connection accepts.
pub const MAX_PAGE: usize = 1000;

/// A handle on one entity of one snapshot.
#[derive(Clone)]
pub struct EntityRef {
    pub(crate) graph: Arc<KnowledgeGraph>,
    pub(crate) id: String,
}

impl EntityRef {
    fn entity(&self) -> async_graphql::Result<&model::Entity> {
        self.graph
            .entity(&self.id)
            .ok_or_else(|| ApiError::NotFound(format!("no entity with id '{}'", self.id)).into())
    }

    /// Wraps an entity of `graph` in the GraphQL type of its kind.
    pub fn node(graph: &Arc<KnowledgeGraph>, entity: &model::Entity) -> EntityNode {
        let r = EntityRef {
            graph: graph.clone(),
            id: entity.id.clone(),
        };
        match entity.kind {
            model::EntityKind::Country => EntityNode::Country(Country(r)),
            model::EntityKind::Document => EntityNode::Document(Document(r)),
            model::EntityKind::Law => EntityNode::Law(Law(r)),
            model::EntityKind::Policy => EntityNode::Policy(Policy(r)),
            model::EntityKind::Agency => EntityNode::Agency(Agency(r)),
            model::EntityKind::Cert => EntityNode::Cert(Cert(r)),
            model::EntityKind::Convention => EntityNode::Convention(Convention(r)),
            model::EntityKind::Organization => EntityNode::Organization(Organization(r)),
            model::EntityKind::Program => EntityNode::Program(Program(r)),
            model::EntityKind::Standard => EntityNode::Standard(Standard(r)),
        }
    }

    fn nodes<'a>(&self, entities: impl IntoIterator<Item = &'a model::Entity>) -> Vec<EntityNode> {
        entities
            .into_iter()
            .map(|e| EntityRef::node(&self.graph, e))
            .collect()
    }

    fn kinds(kinds: Option<Vec<RelationKind>>) -> Option<Vec<model::RelationKind>> {
        kinds.map(|k| k.into_iter().map(Into::into).collect())
    }

    fn relations(
        &self,
        kinds: Option<Vec<RelationKind>>,
        direction: Direction,
        as_of: Option<Date>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<RelationConnection> {
        let kinds = Self::kinds(kinds);
        let all = query::relations(
            &self.graph,
            &self.id,
            kinds.as_deref(),
            direction.into(),
            as_of.as_ref().map(|d| &d.0),
        );
        RelationConnection::page(&self.graph, all, first, after)
    }

    fn neighbors(
        &self,
        kinds: Option<Vec<RelationKind>>,
        direction: Direction,
        as_of: Option<Date>,
    ) -> Vec<EntityNode> {
        let kinds = Self::kinds(kinds);
        self.nodes(query::neighbors(
            &self.graph,
            &self.id,
            kinds.as_deref(),
            direction.into(),
            as_of.as_ref().map(|d| &d.0),
        ))
    }

    fn evidence(&self) -> Vec<Evidence> {
        query::mentions(&self.graph, &self.id)
            .into_iter()
            .map(|e| Evidence::new(&self.graph, e))
            .collect()
    }
}

/// Any node of the graph. Every kind has its own type implementing this interface.
#[expect(
    clippy::duplicated_attributes,
    reason = "the Interface derive takes one arg(name, ty) per argument"
)]
#[derive(Interface)]
#[graphql(
    field(
        name = "id",
        ty = "ID",
        desc = "Stable, readable id: \"country:PK\", \"cert:PK:pakcert\", \"org:sco\", \"convention:crc\"."
    ),
    field(name = "kind", ty = "EntityKind", desc = "What the entity is."),
    field(name = "name", ty = "String", desc = "Display name."),
    field(
        name = "aliases",
        ty = "Vec<String>",
        desc = "Other names: acronyms, spellings, official long forms."
    ),
    field(
        name = "relations",
        ty = "RelationConnection",
        desc = "Relations touching this entity, in id order, paginated (Relay style).",
        arg(
            name = "kinds",
            ty = "Option<Vec<RelationKind>>",
            desc = "Only these relation kinds."
        ),
        arg(
            name = "direction",
            ty = "Direction",
            default_with = "Direction::Both",
            desc = "OUT: this entity is the source; IN: the target."
        ),
        arg(
            name = "as_of",
            ty = "Option<Date>",
            desc = "Only relations holding on this date."
        ),
        arg(
            name = "first",
            ty = "Option<i32>",
            desc = "Page size (default 100, at most 1000)."
        ),
        arg(
            name = "after",
            ty = "Option<String>",
            desc = "Cursor of the last edge of the previous page."
        )
    ),
    field(
        name = "neighbors",
        ty = "Vec<EntityNode>",
        desc = "Entities at the other end of this entity's relations, each once.",
        arg(
            name = "kinds",
            ty = "Option<Vec<RelationKind>>",
            desc = "Only through these relation kinds."
        ),
        arg(
            name = "direction",
            ty = "Direction",
            default_with = "Direction::Both",
            desc = "OUT, IN or BOTH."
        ),
        arg(
            name = "as_of",
            ty = "Option<Date>",
            desc = "Only through relations holding on this date."
        )
    ),
    field(
        name = "evidence",
        ty = "Vec<Evidence>",
        desc = "Where this entity is mentioned: document, section, excerpt."
    )
)]
#[graphql(name = "Entity")]
pub enum EntityNode {
    /// A state.
    Country(Country),
    /// A source document.
    Document(Document),
    /// A law or a section of one.
    Law(Law),
    /// A strategy or policy.
    Policy(Policy),
    /// A government agency.
    Agency(Agency),
    /// A CERT / CIRT / CSIRT.
    Cert(Cert),
    /// A treaty or convention.
    Convention(Convention),
    /// An international or regional organization.
    Organization(Organization),
    /// A programme or initiative.
    Program(Program),
    /// A standard or certification scheme.
    Standard(Standard),
}

/// Generates a type implementing `Entity`, with the common fields and any extra ones.
macro_rules! entity_type {
    ($ty:ident, $doc:literal, { $($extra:tt)* }) => {
        #[doc = $doc]
        #[derive(Clone)]
        pub struct $ty(pub EntityRef);

        #[doc = $doc]
        #[Object]
        impl $ty {
            /// Stable, readable id.
            async fn id(&self) -> ID {
                ID(self.0.id.clone())
            }
            /// What the entity is.
            async fn kind(&self) -> async_graphql::Result<EntityKind> {
                Ok(self.0.entity()?.kind.into())
            }
            /// Display name.
            async fn name(&self) -> async_graphql::Result<String> {
                Ok(self.0.entity()?.name.clone())
            }
            /// Other names: acronyms, spellings, official long forms.
            async fn aliases(&self) -> async_graphql::Result<Vec<String>> {
                Ok(self.0.entity()?.aliases.clone())
            }
            /// Relations touching this entity, in id order, paginated (Relay style).
            #[graphql(complexity = "first.map(|f| f.max(0) as usize).unwrap_or(DEFAULT_PAGE).min(MAX_PAGE) * child_complexity")]
            async fn relations(
                &self,
                #[graphql(desc = "Only these relation kinds.")] kinds: Option<Vec<RelationKind>>,
                #[graphql(default_with = "Direction::Both", desc = "OUT: this entity is the source; IN: the target.")] direction: Direction,
                #[graphql(desc = "Only relations holding on this date.")] as_of: Option<Date>,
                #[graphql(desc = "Page size (default 100, at most 1000).")] first: Option<i32>,
                #[graphql(desc = "Cursor of the last edge of the previous page.")] after: Option<String>,
            ) -> async_graphql::Result<RelationConnection> {
                self.0.relations(kinds, direction, as_of, first, after)
            }
            /// Entities at the other end of this entity's relations, each once.
            async fn neighbors(
                &self,
                #[graphql(desc = "Only through these relation kinds.")] kinds: Option<Vec<RelationKind>>,
                #[graphql(default_with = "Direction::Both", desc = "OUT, IN or BOTH.")] direction: Direction,
                #[graphql(desc = "Only through relations holding on this date.")] as_of: Option<Date>,
            ) -> Vec<EntityNode> {
                self.0.neighbors(kinds, direction, as_of)
            }
            /// Where this entity is mentioned: document, section, excerpt.
            async fn evidence(&self) -> Vec<Evidence> {
                self.0.evidence()
            }
            $($extra)*
        }
    };
}

entity_type!(
    Law,
    "An act, ordinance, code, rules or regulation, or a section of one.",
    {
        /// Kinds of CERT the instrument defines, where it defines any.
        async fn cert_kinds(&self) -> async_graphql::Result<Option<Vec<String>>> {
            Ok(self
                .0
                .entity()?
                .attributes
                .get("certKinds")
                .and_then(|v| serde_json::from_value(v.clone()).ok()))
        }
    }
);
entity_type!(
    Policy,
    "A strategy, policy, roadmap or framework adopted by a government.",
    {}
);
entity_type!(
    Agency,
    "A ministry, regulator, authority, council or police unit.",
    {}
);
entity_type!(Cert, "A CERT / CIRT / CSIRT team.", {});
entity_type!(Convention, "A treaty, convention or optional protocol.", {});
entity_type!(
    Organization,
    "An international or regional body or network (ITU, ITU-IMPACT, SCO, UN, APSIRC-WG).",
    {}
);
entity_type!(
    Program,
    "A programme, initiative, project, partnership or public service.",
    {}
);
entity_type!(
    Standard,
    "A standard, framework or certification scheme.",
    {}
);

entity_type!(Country, "A state, keyed by ISO 3166-1.", {
    /// ISO 3166-1 alpha-2 code.
    async fn iso2(&self) -> async_graphql::Result<String> {
        Ok(self.0.entity()?.country.clone().unwrap_or_default())
    }
    /// ISO 3166-1 alpha-3 code.
    async fn iso3(&self) -> async_graphql::Result<String> {
        let entity = self.0.entity()?;
        Ok(entity
            .attributes
            .get("iso3")
            .and_then(|v| v.as_str())
            .map(str::to_string)
            .or_else(|| {
                entity
                    .country
                    .as_deref()
                    .and_then(crate::ingest::country::resolve)
                    .map(|c| c.iso3.to_string())
            })
            .unwrap_or_default())
    }
    /// The official long name as a profile gives it ("Islamic Republic of Pakistan").
    async fn official_name(&self) -> async_graphql::Result<Option<String>> {
        Ok(self
            .0
            .entity()?
            .attributes
            .get("officialName")
            .and_then(|v| v.as_str())
            .map(str::to_string))
    }
    /// Total population, with its source and date.
    async fn population(&self) -> async_graphql::Result<Option<Observation>> {
        self.observation("population")
    }
    /// Internet users, percentage of population, with its source and date.
    async fn internet_users_percent(&self) -> async_graphql::Result<Option<Observation>> {
        self.observation("internetUsersPercent")
    }
    /// Laws the country enacted (ENACTED), holding on `asOf`.
    async fn laws(
        &self,
        #[graphql(desc = "Only laws in force on this date.")] as_of: Option<Date>,
    ) -> Vec<EntityNode> {
        self.targets(&[model::RelationKind::Enacted], as_of)
    }
    /// The country's CERTs (HAS_CERT), holding on `asOf`.
    async fn certs(
        &self,
        #[graphql(desc = "Only CERTs existing on this date.")] as_of: Option<Date>,
    ) -> Vec<EntityNode> {
        self.targets(&[model::RelationKind::HasCert], as_of)
    }
    /// The country's agencies (HAS_AGENCY), holding on `asOf`.
    async fn agencies(
        &self,
        #[graphql(desc = "Only agencies existing on this date.")] as_of: Option<Date>,
    ) -> Vec<EntityNode> {
        self.targets(&[model::RelationKind::HasAgency], as_of)
    }
    /// Organizations and programmes the country is a member of or participates in.
    async fn memberships(
        &self,
        #[graphql(desc = "Only memberships holding on this date.")] as_of: Option<Date>,
    ) -> Vec<EntityNode> {
        self.targets(
            &[
                model::RelationKind::MemberOf,
                model::RelationKind::ParticipatesIn,
            ],
            as_of,
        )
    }
    /// Conventions the country is party to (PARTY_TO).
    async fn conventions(
        &self,
        #[graphql(desc = "Only conventions in force for it on this date.")] as_of: Option<Date>,
    ) -> Vec<EntityNode> {
        self.targets(&[model::RelationKind::PartyTo], as_of)
    }
    /// The 21 indicators with per-pillar scores, as of a date (latest known when omitted).
    async fn posture(
        &self,
        #[graphql(desc = "Take, per indicator, the latest observation on or before this date.")]
        as_of: Option<Date>,
    ) -> Posture {
        Posture {
            country: self.clone(),
            as_of: as_of.map(|d| d.0),
        }
    }
});

impl Country {
    fn observation(&self, measure: &str) -> async_graphql::Result<Option<Observation>> {
        Ok(self
            .0
            .entity()?
            .observations
            .iter()
            .find(|o| o.measure == measure)
            .map(|o| Observation::new(&self.0.graph, o)))
    }

    fn targets(&self, kinds: &[model::RelationKind], as_of: Option<Date>) -> Vec<EntityNode> {
        self.0.nodes(query::country_targets(
            &self.0.graph,
            &self.0.id,
            kinds,
            as_of.as_ref().map(|d| &d.0),
        ))
    }
}

entity_type!(Document, "A source document the graph was built from.", {
    /// The document's title.
    async fn title(&self) -> async_graphql::Result<String> {
        Ok(self.document()?.title.clone())
    }
    /// When it was published or last updated: the known-time of its evidence.
    async fn published(&self) -> async_graphql::Result<Option<Date>> {
        Ok(self.document()?.published.map(Date))
    }
    /// Whether `published` was inferred from the latest year the text mentions.
    async fn published_inferred(&self) -> async_graphql::Result<bool> {
        Ok(self.document()?.published_inferred)
    }
    /// "itu-cyberwellness-profile", "article" or "curated".
    async fn format(&self) -> async_graphql::Result<String> {
        Ok(self.document()?.format.as_str().to_string())
    }
    /// Who published it, where known.
    async fn publisher(&self) -> async_graphql::Result<Option<String>> {
        Ok(self.document()?.publisher.clone())
    }
    /// The file it was loaded from, relative to the data directory.
    async fn path(&self) -> async_graphql::Result<Option<String>> {
        Ok(self.document()?.path.clone())
    }
});

impl Document {
    fn document(&self) -> async_graphql::Result<&model::Document> {
        self.0.graph.document(&self.0.id).ok_or_else(|| {
            ApiError::NotFound(format!("no document with id '{}'", self.0.id)).into()
        })
    }
}

/// Where a fact comes from: the document, the section, the words.
pub struct Evidence {
    graph: Arc<KnowledgeGraph>,
    evidence: model::Evidence,
}

impl Evidence {
    fn new(graph: &Arc<KnowledgeGraph>, evidence: &model::Evidence) -> Self {
        Evidence {
            graph: graph.clone(),
            evidence: evidence.clone(),
        }
    }
}

/// Where a fact comes from: the document, the section, the words.
#[Object]
impl Evidence {
    /// The source document.
    async fn document(&self) -> async_graphql::Result<Document> {
        let id = &self.evidence.document;
        self.graph
            .entity(id)
            .map(|_| {
                Document(EntityRef {
                    graph: self.graph.clone(),
                    id: id.clone(),
                })
            })
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
    /// The 1-based line of the document the excerpt starts on.
    async fn line(&self) -> Option<i32> {
        self.evidence.line.map(|l| l as i32)
    }
}

/// A measured figure with its source, e.g. population 179 951 000 (UN Statistics Division, December 2012).
pub struct Observation {
    graph: Arc<KnowledgeGraph>,
    observation: ModelObservation,
}

impl Observation {
    fn new(graph: &Arc<KnowledgeGraph>, observation: &ModelObservation) -> Self {
        Observation {
            graph: graph.clone(),
            observation: observation.clone(),
        }
    }
}

/// A measured figure with its source.
#[Object]
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

/// A relation (edge) between two entities, with its dates, qualifiers and evidence.
pub struct Relation {
    graph: Arc<KnowledgeGraph>,
    id: String,
}

impl Relation {
    fn relation(&self) -> async_graphql::Result<&GraphRelation> {
        self.graph
            .relation(&self.id)
            .ok_or_else(|| ApiError::NotFound(format!("no relation with id '{}'", self.id)).into())
    }

    fn end(&self, id: &str) -> async_graphql::Result<EntityNode> {
        let entity = self
            .graph
            .entity(id)
            .ok_or_else(|| ApiError::NotFound(format!("no entity with id '{id}'")))?;
        Ok(EntityRef::node(&self.graph, entity))
    }

    /// Wraps a relation of `graph`.
    pub fn new(graph: &Arc<KnowledgeGraph>, relation: &GraphRelation) -> Self {
        Relation {
            graph: graph.clone(),
            id: relation.id.clone(),
        }
    }
}

/// A relation (edge) between two entities, with its dates, qualifiers and evidence.
#[Object]
impl Relation {
    /// Stable id: `KIND:source->target`.
    async fn id(&self) -> ID {
        ID(self.id.clone())
    }
    /// The relation kind.
    async fn kind(&self) -> async_graphql::Result<RelationKind> {
        Ok(self.relation()?.statement.kind.into())
    }
    /// The source entity.
    async fn source(&self) -> async_graphql::Result<EntityNode> {
        let id = self.relation()?.statement.source.clone();
        self.end(&id)
    }
    /// The target entity.
    async fn target(&self) -> async_graphql::Result<EntityNode> {
        let id = self.relation()?.statement.target.clone();
        self.end(&id)
    }
    /// When it began to hold, where known.
    async fn since(&self) -> async_graphql::Result<Option<Date>> {
        Ok(self.relation()?.statement.since.map(Date))
    }
    /// When it stopped holding, where known.
    async fn until(&self) -> async_graphql::Result<Option<Date>> {
        Ok(self.relation()?.statement.until.map(Date))
    }
    /// The earliest publication date of the documents stating it.
    async fn first_reported(&self) -> async_graphql::Result<Option<Date>> {
        Ok(self.relation()?.first_reported.map(Date))
    }
    /// Qualifiers such as role, mode, reservations, sections; `{}` when none.
    async fn qualifiers(&self) -> async_graphql::Result<Json<serde_json::Value>> {
        Ok(Json(serde_json::Value::Object(
            self.relation()?.statement.qualifiers.clone(),
        )))
    }
    /// Where it was read; never empty.
    async fn evidence(&self) -> async_graphql::Result<Vec<Evidence>> {
        Ok(self
            .relation()?
            .statement
            .evidence
            .iter()
            .map(|e| Evidence::new(&self.graph, e))
            .collect())
    }
}

/// An edge of a relation connection.
#[derive(SimpleObject)]
pub struct RelationEdge {
    /// Opaque cursor of this edge.
    pub cursor: String,
    /// The relation.
    pub node: Relation,
}

/// Relay page information.
#[derive(SimpleObject)]
pub struct PageInfo {
    /// Whether more edges follow.
    pub has_next_page: bool,
    /// Whether edges precede.
    pub has_previous_page: bool,
    /// Cursor of the first edge.
    pub start_cursor: Option<String>,
    /// Cursor of the last edge.
    pub end_cursor: Option<String>,
}

/// A page of relations.
#[derive(SimpleObject)]
pub struct RelationConnection {
    /// The relations of this page.
    pub edges: Vec<RelationEdge>,
    /// Where this page stands.
    pub page_info: PageInfo,
    /// The number of relations over all pages.
    pub total_count: i32,
}

/// Encodes an offset as a cursor.
pub fn cursor(offset: usize) -> String {
    format!("cursor:{offset}")
}

/// Decodes `after` (a cursor) and `first` into a start offset and a page size.
pub fn page_window(first: Option<i32>, after: Option<&str>) -> Result<(usize, usize), ApiError> {
    let size = match first {
        None => DEFAULT_PAGE,
        Some(n) if n < 0 => {
            return Err(ApiError::BadUserInput(format!(
                "argument 'first' must be 0 or more, got {n}"
            )))
        }
        Some(n) if n as usize > MAX_PAGE => {
            return Err(ApiError::BadUserInput(format!(
                "argument 'first' must be at most {MAX_PAGE}, got {n}"
            )))
        }
        Some(n) => n as usize,
    };
    let start = match after {
        None => 0,
        Some(c) => c
            .strip_prefix("cursor:")
            .and_then(|n| n.parse::<usize>().ok())
            .map(|n| n + 1)
            .ok_or_else(|| {
                ApiError::BadUserInput(format!(
                    "argument 'after': '{c}' is not a cursor this server issued"
                ))
            })?,
    };
    Ok((start, size))
}

impl RelationConnection {
    fn page(
        graph: &Arc<KnowledgeGraph>,
        all: Vec<&GraphRelation>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Self> {
        let (start, size) = page_window(first, after.as_deref())?;
        let total = all.len();
        let edges: Vec<RelationEdge> = all
            .into_iter()
            .enumerate()
            .skip(start)
            .take(size)
            .map(|(i, r)| RelationEdge {
                cursor: cursor(i),
                node: Relation::new(graph, r),
            })
            .collect();
        let page_info = PageInfo {
            has_next_page: start + edges.len() < total,
            has_previous_page: start > 0,
            start_cursor: edges.first().map(|e| e.cursor.clone()),
            end_cursor: edges.last().map(|e| e.cursor.clone()),
        };
        Ok(RelationConnection {
            edges,
            page_info,
            total_count: total as i32,
        })
    }
}

/// A country's posture on a date.
pub struct Posture {
    country: Country,
    as_of: Option<model::PartialDate>,
}

/// A country's posture on a date: the 21 indicators, per-pillar and overall scores.
#[Object]
impl Posture {
    /// The country.
    async fn country(&self) -> Country {
        self.country.clone()
    }
    /// The date asked for; null for "latest known".
    async fn as_of(&self) -> Option<Date> {
        self.as_of.map(Date)
    }
    /// All 21 indicators, in profile order.
    async fn indicators(&self) -> Vec<Indicator> {
        let graph = &self.country.0.graph;
        query::posture(graph, &self.country.0.id, self.as_of.as_ref())
            .indicators
            .into_iter()
            .map(|state| Indicator {
                graph: graph.clone(),
                code: state.code,
                name: state.name,
                pillar: state.pillar,
                status: state.status(),
                observation: state.observation.cloned(),
            })
            .collect()
    }
    /// One score per pillar: the fraction of its indicators PRESENT.
    async fn pillars(&self) -> Vec<PillarScore> {
        query::posture(
            &self.country.0.graph,
            &self.country.0.id,
            self.as_of.as_ref(),
        )
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
        query::posture(
            &self.country.0.graph,
            &self.country.0.id,
            self.as_of.as_ref(),
        )
        .score()
    }
}

/// A pillar's score.
#[derive(SimpleObject)]
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
    observation: Option<model::IndicatorObservation>,
}

/// One indicator of a posture, with the observation that decided it.
#[Object]
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
        self.observation.as_ref().and_then(|o| o.date).map(Date)
    }
    /// What makes it PRESENT (the law, the CERT, …).
    async fn entities(&self) -> Vec<EntityNode> {
        self.observation
            .iter()
            .flat_map(|o| o.entities.iter())
            .filter_map(|id| self.graph.entity(id))
            .map(|e| EntityRef::node(&self.graph, e))
            .collect()
    }
    /// Where the deciding observation was read.
    async fn evidence(&self) -> Vec<Evidence> {
        self.observation
            .iter()
            .flat_map(|o| o.evidence.iter())
            .map(|e| Evidence::new(&self.graph, e))
            .collect()
    }
}

/// Reads the snapshot a request was given.
pub fn graph_of(ctx: &Context<'_>) -> async_graphql::Result<Arc<KnowledgeGraph>> {
    ctx.data::<Arc<KnowledgeGraph>>()
        .cloned()
        .map_err(|_| ApiError::GraphUnavailable.into())
}
