//! The `Entity` interface and its implementers (one GraphQL type per entity kind; `Country`
//! and `Document`, which have fields of their own, live in files of their own). Each wraps a
//! snapshot handle and the entity's position and calls into `query`.

use std::borrow::Cow;
use std::sync::Arc;

use async_graphql::parser::types::Field;
use async_graphql::resolver_utils::resolve_container_serial;
use async_graphql::{
    registry, Context, ContextSelectionSet, Interface, Object, OutputType, Positioned,
    ServerResult, Value, ID,
};

pub use super::country::Country;
pub use super::document::Document;
use super::error::ApiError;
use super::evidence::Evidence;
use super::relation::RelationConnection;
use super::scalars::{view, Date, Direction, EntityKind, RelationKind};
use super::serial_list::SerialList;
use crate::graph::KnowledgeGraph;
use crate::model;
use crate::query::{self, View};

/// A handle on one entity of one snapshot: the snapshot and the entity's position in it, so
/// every field finds its entity by indexing, never by hashing or copying its id.
#[derive(Clone)]
pub struct EntityRef {
    pub(crate) graph: Arc<KnowledgeGraph>,
    position: usize,
}

impl EntityRef {
    /// A handle on the entity at `position` of `graph`.
    pub fn at(graph: &Arc<KnowledgeGraph>, position: usize) -> Self {
        EntityRef {
            graph: graph.clone(),
            position,
        }
    }

    /// A handle on `entity`, an entity of `graph`. An entity from another snapshot gets a
    /// handle whose fields answer "not found".
    pub fn of(graph: &Arc<KnowledgeGraph>, entity: &model::Entity) -> Self {
        Self::at(
            graph,
            graph.entity_position(&entity.id).unwrap_or(usize::MAX),
        )
    }

    /// A handle on the entity with id `id` of `graph`; its fields answer "not found" when
    /// there is none.
    pub fn by_id(graph: &Arc<KnowledgeGraph>, id: &str) -> Self {
        Self::at(graph, graph.entity_position(id).unwrap_or(usize::MAX))
    }

    /// The entity behind the handle.
    pub(crate) fn entity(&self) -> async_graphql::Result<&model::Entity> {
        self.graph.entity_at(self.position).ok_or_else(|| {
            ApiError::NotFound(format!("no entity at position {}", self.position)).into()
        })
    }

    /// The entity's id.
    pub(crate) fn id(&self) -> async_graphql::Result<&str> {
        Ok(&self.entity()?.id)
    }

    /// This entity in the GraphQL type of its kind.
    pub fn node(self) -> EntityNode {
        let kind = self.graph.entity_at(self.position).map(|e| e.kind);
        EntityNode(match kind {
            Some(model::EntityKind::Country) => AnyEntity::Country(Country(self)),
            Some(model::EntityKind::Document) => AnyEntity::Document(Document(self)),
            Some(model::EntityKind::Law) => AnyEntity::Law(Law(self)),
            Some(model::EntityKind::Policy) => AnyEntity::Policy(Policy(self)),
            Some(model::EntityKind::Agency) => AnyEntity::Agency(Agency(self)),
            Some(model::EntityKind::Cert) => AnyEntity::Cert(Cert(self)),
            Some(model::EntityKind::Convention) => AnyEntity::Convention(Convention(self)),
            Some(model::EntityKind::Organization) => AnyEntity::Organization(Organization(self)),
            Some(model::EntityKind::Program) => AnyEntity::Program(Program(self)),
            // A handle outside the snapshot: its fields answer "not found".
            Some(model::EntityKind::Standard) | None => AnyEntity::Standard(Standard(self)),
        })
    }

    /// Wraps entities of `graph`, each in the GraphQL type of its kind.
    pub fn nodes<'a>(
        graph: &Arc<KnowledgeGraph>,
        entities: impl IntoIterator<Item = &'a model::Entity>,
    ) -> SerialList<EntityNode> {
        entities
            .into_iter()
            .map(|e| EntityRef::of(graph, e).node())
            .collect()
    }

    fn kinds(kinds: Option<Vec<RelationKind>>) -> Option<Vec<model::RelationKind>> {
        super::arguments::relation_kinds(kinds)
    }

    pub(crate) fn relations(
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
            self.id()?,
            kinds.as_deref(),
            direction.into(),
            view,
        );
        RelationConnection::page(&self.graph, all, view, first, after)
    }

    pub(crate) fn neighbors(
        &self,
        kinds: Option<Vec<RelationKind>>,
        direction: Direction,
        view: View,
    ) -> async_graphql::Result<SerialList<EntityNode>> {
        let kinds = Self::kinds(kinds);
        Ok(Self::nodes(
            &self.graph,
            query::neighbors(
                &self.graph,
                self.id()?,
                kinds.as_deref(),
                direction.into(),
                view,
            ),
        ))
    }

    pub(crate) fn evidence(&self, view: View) -> async_graphql::Result<SerialList<Evidence>> {
        Ok(query::mentions(&self.graph, self.id()?, view)
            .into_iter()
            .map(|e| Evidence::new(&self.graph, e))
            .collect())
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
            pub(crate) async fn id(&self) -> async_graphql::Result<ID> {
                Ok(ID(self.0.id()?.to_string()))
            }
            /// What the entity is.
            pub(crate) async fn kind(&self) -> async_graphql::Result<EntityKind> {
                Ok(self.0.entity()?.kind.into())
            }
            /// Display name.
            pub(crate) async fn name(&self) -> async_graphql::Result<String> {
                Ok(self.0.entity()?.name.clone())
            }
            /// Other names: acronyms, spellings, official long forms.
            pub(crate) async fn aliases(&self) -> async_graphql::Result<Vec<String>> {
                Ok(self.0.entity()?.aliases.clone())
            }
            /// Relations touching this entity, in id order, paginated (Relay style).
            pub(crate) async fn relations(
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
            pub(crate) async fn neighbors(
                &self,
                #[graphql(desc = "Only through these relation kinds.")] kinds: Option<Vec<RelationKind>>,
                #[graphql(default_with = "Direction::Both", desc = "OUT, IN or BOTH.")] direction: Direction,
                #[graphql(desc = "Only through relations holding on this date.")] as_of: Option<Date>,
                #[graphql(desc = "Only through relations known by this date.")] known_at: Option<Date>,
            ) -> async_graphql::Result<SerialList<EntityNode>> {
                self.0.neighbors(kinds, direction, view(as_of, known_at))
            }
            /// Where this entity is mentioned: document, section, excerpt.
            pub(crate) async fn evidence(
                &self,
                #[graphql(desc = "Only mentions in documents published by this date.")] known_at: Option<Date>,
            ) -> async_graphql::Result<SerialList<Evidence>> {
                self.0.evidence(view(None, known_at))
            }
            $($extra)*
        }
    };
}

pub(super) use entity_type;

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
