//! The `Entity` interface and its implementers (one GraphQL type per entity kind). Each wraps
//! a snapshot handle and a stable id and calls into `query`; none holds graph indices.

use std::borrow::Cow;
use std::sync::Arc;

use async_graphql::parser::types::Field;
use async_graphql::resolver_utils::resolve_container_serial;
use async_graphql::{
    registry, Context, ContextSelectionSet, Interface, Object, OutputType, Positioned,
    ServerResult, Value, ID,
};

use super::error::ApiError;
use super::history::{Conflict, TimelineEvent};
use super::posture::Posture;
use super::relation::{Evidence, Observation, RelationConnection};
use super::scalars::{view, Date, Direction, EntityKind, RelationKind};
use super::serial_list::SerialList;
use crate::graph::KnowledgeGraph;
use crate::model;
use crate::query::{self, View};

/// A handle on one entity of one snapshot.
#[derive(Clone)]
pub struct EntityRef {
    pub(crate) graph: Arc<KnowledgeGraph>,
    pub(crate) id: String,
}

impl EntityRef {
    /// A handle on entity `id` of `graph`.
    pub fn new(graph: &Arc<KnowledgeGraph>, id: &str) -> Self {
        EntityRef {
            graph: graph.clone(),
            id: id.to_string(),
        }
    }

    fn entity(&self) -> async_graphql::Result<&model::Entity> {
        self.graph
            .entity(&self.id)
            .ok_or_else(|| ApiError::NotFound(format!("no entity with id '{}'", self.id)).into())
    }

    /// Wraps an entity of `graph` in the GraphQL type of its kind.
    pub fn node(graph: &Arc<KnowledgeGraph>, entity: &model::Entity) -> EntityNode {
        let r = EntityRef::new(graph, &entity.id);
        EntityNode(match entity.kind {
            model::EntityKind::Country => AnyEntity::Country(Country(r)),
            model::EntityKind::Document => AnyEntity::Document(Document(r)),
            model::EntityKind::Law => AnyEntity::Law(Law(r)),
            model::EntityKind::Policy => AnyEntity::Policy(Policy(r)),
            model::EntityKind::Agency => AnyEntity::Agency(Agency(r)),
            model::EntityKind::Cert => AnyEntity::Cert(Cert(r)),
            model::EntityKind::Convention => AnyEntity::Convention(Convention(r)),
            model::EntityKind::Organization => AnyEntity::Organization(Organization(r)),
            model::EntityKind::Program => AnyEntity::Program(Program(r)),
            model::EntityKind::Standard => AnyEntity::Standard(Standard(r)),
        })
    }

    /// Wraps entities of `graph`.
    pub fn nodes<'a>(
        graph: &Arc<KnowledgeGraph>,
        entities: impl IntoIterator<Item = &'a model::Entity>,
    ) -> SerialList<EntityNode> {
        entities
            .into_iter()
            .map(|e| EntityRef::node(graph, e))
            .collect()
    }

    fn kinds(kinds: Option<Vec<RelationKind>>) -> Option<Vec<model::RelationKind>> {
        super::arguments::relation_kinds(kinds)
    }

    fn relations(
        &self,
        kinds: Option<Vec<RelationKind>>,
        direction: Direction,
        view: View,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<RelationConnection> {
        let kinds = Self::kinds(kinds);
        let all = query::relations(
            &self.graph,
            &self.id,
            kinds.as_deref(),
            direction.into(),
            view,
        );
        RelationConnection::page(&self.graph, all, view, first, after)
    }

    fn neighbors(
        &self,
        kinds: Option<Vec<RelationKind>>,
        direction: Direction,
        view: View,
    ) -> SerialList<EntityNode> {
        let kinds = Self::kinds(kinds);
        Self::nodes(
            &self.graph,
            query::neighbors(
                &self.graph,
                &self.id,
                kinds.as_deref(),
                direction.into(),
                view,
            ),
        )
    }

    fn evidence(&self, view: View) -> SerialList<Evidence> {
        query::mentions(&self.graph, &self.id, view)
            .into_iter()
            .map(|e| Evidence::new(&self.graph, e))
            .collect()
    }
}

/// Any node of the graph, as every resolver returns it: the `Entity` interface (same GraphQL
/// type), resolved on the request's own task. async-graphql resolves an interface's fields
/// concurrently, a future each; here they are resolved one after another (see
/// [`super::list`]).
pub struct EntityNode(AnyEntity);

impl OutputType for EntityNode {
    fn type_name() -> Cow<'static, str> {
        AnyEntity::type_name()
    }

    fn qualified_type_name() -> String {
        AnyEntity::qualified_type_name()
    }

    fn introspection_type_name(&self) -> Cow<'static, str> {
        self.0.introspection_type_name()
    }

    fn create_type_info(registry: &mut registry::Registry) -> String {
        AnyEntity::create_type_info(registry)
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        _field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        resolve_container_serial(ctx, &self.0).await
    }
}

/// Any node of the graph. Every kind has its own type implementing this interface.
#[expect(
    clippy::duplicated_attributes,
    reason = "the Interface derive takes one arg(name, ty) per argument"
)]
#[derive(Interface)]
#[graphql(
    name = "Entity",
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
            desc = "Only relations holding on this date (valid time)."
        ),
        arg(
            name = "known_at",
            ty = "Option<Date>",
            desc = "Only evidence published by this date (known time)."
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
        ty = "SerialList<EntityNode>",
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
        ),
        arg(
            name = "known_at",
            ty = "Option<Date>",
            desc = "Only through relations known by this date."
        )
    ),
    field(
        name = "evidence",
        ty = "SerialList<Evidence>",
        desc = "Where this entity is mentioned: document, section, excerpt.",
        arg(
            name = "known_at",
            ty = "Option<Date>",
            desc = "Only mentions in documents published by this date."
        )
    )
)]
pub enum AnyEntity {
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
        #[Object(serial)]
        #[expect(clippy::too_many_arguments, reason = "GraphQL arguments of `relations` mirror the contract")]
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
            async fn relations(
                &self,
                #[graphql(desc = "Only these relation kinds.")] kinds: Option<Vec<RelationKind>>,
                #[graphql(default_with = "Direction::Both", desc = "OUT: this entity is the source; IN: the target.")] direction: Direction,
                #[graphql(desc = "Only relations holding on this date (valid time).")] as_of: Option<Date>,
                #[graphql(desc = "Only evidence published by this date (known time).")] known_at: Option<Date>,
                #[graphql(desc = "Page size (default 100, at most 1000).")] first: Option<i32>,
                #[graphql(desc = "Cursor of the last edge of the previous page.")] after: Option<String>,
            ) -> async_graphql::Result<RelationConnection> {
                self.0.relations(kinds, direction, view(as_of, known_at), first, after)
            }
            /// Entities at the other end of this entity's relations, each once.
            async fn neighbors(
                &self,
                #[graphql(desc = "Only through these relation kinds.")] kinds: Option<Vec<RelationKind>>,
                #[graphql(default_with = "Direction::Both", desc = "OUT, IN or BOTH.")] direction: Direction,
                #[graphql(desc = "Only through relations holding on this date.")] as_of: Option<Date>,
                #[graphql(desc = "Only through relations known by this date.")] known_at: Option<Date>,
            ) -> SerialList<EntityNode> {
                self.0.neighbors(kinds, direction, view(as_of, known_at))
            }
            /// Where this entity is mentioned: document, section, excerpt.
            async fn evidence(
                &self,
                #[graphql(desc = "Only mentions in documents published by this date.")] known_at: Option<Date>,
            ) -> SerialList<Evidence> {
                self.0.evidence(view(None, known_at))
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
                    .and_then(crate::resolve::country::resolve)
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
    /// Laws the country enacted (ENACTED), in force on `asOf`.
    async fn laws(
        &self,
        #[graphql(desc = "Only laws in force on this date.")] as_of: Option<Date>,
        #[graphql(desc = "Only what sources published by this date say.")] known_at: Option<Date>,
    ) -> SerialList<EntityNode> {
        self.targets(&[model::RelationKind::Enacted], view(as_of, known_at))
    }
    /// The country's CERTs (HAS_CERT).
    async fn certs(
        &self,
        #[graphql(desc = "Only CERTs existing on this date.")] as_of: Option<Date>,
        #[graphql(desc = "Only what sources published by this date say.")] known_at: Option<Date>,
    ) -> SerialList<EntityNode> {
        self.targets(&[model::RelationKind::HasCert], view(as_of, known_at))
    }
    /// The country's agencies (HAS_AGENCY).
    async fn agencies(
        &self,
        #[graphql(desc = "Only agencies existing on this date.")] as_of: Option<Date>,
        #[graphql(desc = "Only what sources published by this date say.")] known_at: Option<Date>,
    ) -> SerialList<EntityNode> {
        self.targets(&[model::RelationKind::HasAgency], view(as_of, known_at))
    }
    /// Organizations and programmes the country is a member of or participates in.
    async fn memberships(
        &self,
        #[graphql(desc = "Only memberships holding on this date.")] as_of: Option<Date>,
        #[graphql(desc = "Only what sources published by this date say.")] known_at: Option<Date>,
    ) -> SerialList<EntityNode> {
        self.targets(
            &[
                model::RelationKind::MemberOf,
                model::RelationKind::ParticipatesIn,
            ],
            view(as_of, known_at),
        )
    }
    /// Conventions the country is party to (PARTY_TO).
    async fn conventions(
        &self,
        #[graphql(desc = "Only conventions in force for it on this date.")] as_of: Option<Date>,
        #[graphql(desc = "Only what sources published by this date say.")] known_at: Option<Date>,
    ) -> SerialList<EntityNode> {
        self.targets(&[model::RelationKind::PartyTo], view(as_of, known_at))
    }
    /// The 21 indicators with per-pillar scores (latest known when `asOf` is omitted).
    async fn posture(
        &self,
        #[graphql(desc = "Take, per indicator, the latest observation on or before this date.")]
        as_of: Option<Date>,
        #[graphql(desc = "Use only evidence published by this date.")] known_at: Option<Date>,
    ) -> Posture {
        Posture::new(self.clone(), view(as_of, known_at))
    }
    /// Dated changes of the country's indicators and relations, oldest first, with evidence.
    async fn timeline(
        &self,
        #[graphql(desc = "Use only evidence published by this date.")] known_at: Option<Date>,
    ) -> SerialList<TimelineEvent> {
        TimelineEvent::of_country(&self.0.graph, &self.0.id, view(None, known_at))
    }
    /// Claims about this country that sources disagree on; both sides are kept.
    async fn conflicts(
        &self,
        #[graphql(desc = "Use only evidence published by this date.")] known_at: Option<Date>,
    ) -> SerialList<Conflict> {
        Conflict::list(&self.0.graph, Some(&self.0.id), view(None, known_at))
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

    fn targets(&self, kinds: &[model::RelationKind], view: View) -> SerialList<EntityNode> {
        EntityRef::nodes(
            &self.0.graph,
            query::country_targets(&self.0.graph, &self.0.id, kinds, view),
        )
    }

    /// The graph and id behind this country.
    pub(crate) fn handle(&self) -> &EntityRef {
        &self.0
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

/// Reads the snapshot a request was given.
///
/// HTTP requests carry the snapshot they started with; operations over the WebSocket take the
/// store's current one.
pub fn graph_of(ctx: &Context<'_>) -> async_graphql::Result<Arc<KnowledgeGraph>> {
    if let Ok(graph) = ctx.data::<Arc<KnowledgeGraph>>() {
        return Ok(graph.clone());
    }
    ctx.data::<Arc<crate::store::Store>>()
        .ok()
        .and_then(|store| store.snapshot())
        .ok_or_else(|| ApiError::GraphUnavailable.into())
}
