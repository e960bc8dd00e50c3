//! Relations (edges) with their evidence and qualifiers, Relay-style connections over them,
//! and observations (measured figures). A relation object carries the view it was read in, so
//! its evidence and first-report date are those known at `knownAt`.

use std::sync::Arc;

use std::borrow::Cow;

use async_graphql::parser::types::{Field, Selection};
use async_graphql::{
    registry, ContextSelectionSet, Json, Object, OutputType, Positioned, ScalarType, ServerResult,
    SimpleObject, Value, ID,
};

use super::entity::{is_plain_entity_field, write_plain_entity, Document, EntityNode, EntityRef};
use super::error::ApiError;
use super::json::{
    prewritten, write_enum, write_name, write_selection, write_str, write_value, PrewrittenJson,
};
use super::list::List;
use super::scalars::{Date, EvidenceMethod, RelationKind};
use crate::graph::{KnowledgeGraph, Relation as GraphRelation};
use crate::model::{self, Observation as ModelObservation};
use crate::query::{self, RelationView, View};

/// Default page size of relation connections.
pub const DEFAULT_PAGE: usize = 100;
/// The largest `first` a connection accepts.
pub const MAX_PAGE: usize = 1000;

/// Where a fact comes from: the document, the section, the words.
pub struct Evidence {
    graph: Arc<KnowledgeGraph>,
    evidence: model::Evidence,
}

impl Evidence {
    /// Wraps a piece of evidence.
    pub fn new(graph: &Arc<KnowledgeGraph>, evidence: &model::Evidence) -> Self {
        Evidence {
            graph: graph.clone(),
            evidence: evidence.clone(),
        }
    }
}

/// Where a fact comes from: the document, the section, the words.
#[Object(serial)]
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
    /// Wraps an observation.
    pub fn new(graph: &Arc<KnowledgeGraph>, observation: &ModelObservation) -> Self {
        Observation {
            graph: graph.clone(),
            observation: observation.clone(),
        }
    }
}

/// A measured figure with its source.
#[Object(serial)]
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
    /// Its position in the snapshot (relations in id order): found without hashing its id.
    position: usize,
    view: View,
}

impl Relation {
    fn relation(&self) -> async_graphql::Result<&GraphRelation> {
        self.graph.relation_at(self.position).ok_or_else(|| {
            ApiError::NotFound(format!("no relation at position {}", self.position)).into()
        })
    }

    fn end(&self, id: &str) -> async_graphql::Result<EntityNode> {
        let entity = self
            .graph
            .entity(id)
            .ok_or_else(|| ApiError::NotFound(format!("no entity with id '{id}'")))?;
        Ok(EntityRef::node(&self.graph, entity))
    }

    /// Wraps a relation of `graph` as seen in `view`.
    pub fn new(graph: &Arc<KnowledgeGraph>, relation: &GraphRelation, view: View) -> Self {
        Relation {
            graph: graph.clone(),
            position: relation.position,
            view,
        }
    }

    /// The relation as its view sees it (all time: the view's `asOf` chose it already).
    fn seen(&self) -> async_graphql::Result<RelationView<'_>> {
        let relation = self.relation()?;
        let all_time = View {
            as_of: None,
            ..self.view
        };
        query::view_relation(&self.graph, relation, all_time).ok_or_else(|| {
            ApiError::NotFound(format!(
                "relation '{}' is not known at that date",
                relation.id
            ))
            .into()
        })
    }
}

/// A relation (edge) between two entities, with its dates, qualifiers and evidence.
#[Object(serial)]
impl Relation {
    /// Stable id: `KIND:source->target`.
    async fn id(&self) -> async_graphql::Result<ID> {
        Ok(ID(self.relation()?.id.clone()))
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
        Ok(self.seen()?.first_reported.map(Date))
    }
    /// Qualifiers such as role, mode, reservations, sections; `{}` when none.
    async fn qualifiers(&self) -> async_graphql::Result<Json<serde_json::Value>> {
        Ok(Json(serde_json::Value::Object(
            self.relation()?.statement.qualifiers.clone(),
        )))
    }
    /// Where it was read (only what was published by `knownAt`, when asked); never empty.
    async fn evidence(&self) -> async_graphql::Result<Vec<Evidence>> {
        Ok(self
            .seen()?
            .evidence
            .into_iter()
            .map(|e| Evidence::new(&self.graph, e))
            .collect())
    }
}

/// An edge of a relation connection; its cursor is written only when asked for.
pub struct RelationEdge {
    /// Where the edge stands among all relations of its connection.
    pub offset: usize,
    /// The relation.
    pub node: Relation,
}

/// An edge of a relation connection.
#[Object(serial)]
impl RelationEdge {
    /// Opaque cursor of this edge.
    async fn cursor(&self) -> String {
        cursor(self.offset)
    }
    /// The relation.
    async fn node(&self) -> &Relation {
        &self.node
    }
}

/// Relay page information.
#[derive(SimpleObject)]
#[graphql(serial)]
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

/// The edges of a page of relations: a list of [`RelationEdge`] (the same GraphQL type).
/// When each edge asks only for plain fields (its `cursor`; of its relation `id`, `kind`,
/// `since`, `until`, and `source` and `target` with plain entity fields, see
/// `write_plain_entity`; `__typename` anywhere), the page is written out directly: the shape of a
/// lookup or an adjacency list. Any other selection is resolved the general way.
pub struct RelationEdges(pub List<RelationEdge>);

impl RelationEdges {
    /// Whether every item of `items` is a field without arguments or directives that `plain`
    /// accepts (given the field and whether it has no selection of its own).
    fn all_fields(items: &[Positioned<Selection>], plain: impl Fn(&Field, bool) -> bool) -> bool {
        items.iter().all(|item| match &item.node {
            Selection::Field(field) => {
                let field = &field.node;
                field.arguments.is_empty()
                    && field.directives.is_empty()
                    && plain(field, field.selection_set.node.items.is_empty())
            }
            _ => false,
        })
    }

    /// Whether `items`, the selection of one edge, is plain throughout.
    fn is_plain(items: &[Positioned<Selection>]) -> bool {
        Self::all_fields(items, |edge, leaf| match edge.name.node.as_str() {
            "cursor" | "__typename" => leaf,
            "node" => {
                !leaf
                    && Self::all_fields(&edge.selection_set.node.items, |relation, leaf| {
                        match relation.name.node.as_str() {
                            "id" | "kind" | "since" | "until" | "__typename" => leaf,
                            "source" | "target" => {
                                !leaf
                                    && Self::all_fields(
                                        &relation.selection_set.node.items,
                                        |end, _| is_plain_entity_field(end),
                                    )
                            }
                            _ => false,
                        }
                    })
            }
            _ => false,
        })
    }

    /// Appends the relation of `edge` as `items` ask for it (plain throughout); `None` if an
    /// end is missing.
    fn write_relation(
        out: &mut Vec<u8>,
        edge: &RelationEdge,
        items: &[Positioned<Selection>],
    ) -> Option<()> {
        let graph = &edge.node.graph;
        let relation = graph.relation_at(edge.node.position)?;
        let statement = &relation.statement;
        let date = |out: &mut Vec<u8>, d: Option<crate::model::PartialDate>| match d {
            Some(d) => write_value(out, &Date(d).to_value()),
            None => out.extend_from_slice(b"null"),
        };
        write_selection(out, items, |out, field| {
            match field.name.node.as_str() {
                "id" => write_str(out, &relation.id),
                "kind" => write_enum(out, RelationKind::from(statement.kind)),
                "since" => date(out, statement.since),
                "until" => date(out, statement.until),
                "source" | "target" => {
                    let id = if field.name.node == "source" {
                        &statement.source
                    } else {
                        &statement.target
                    };
                    let entity = graph.entity(id)?;
                    write_plain_entity(out, entity, &field.selection_set.node.items, || {
                        EntityRef::node(graph, entity).introspection_type_name()
                    })?;
                }
                _ => write_name(out, &Relation::type_name()),
            }
            Some(())
        })
    }

    /// The whole page written out, when the request takes prewritten JSON and `selection`
    /// (one edge's) is plain throughout.
    fn plain(&self, selection: &ContextSelectionSet<'_>) -> Option<Value> {
        selection.data_opt::<PrewrittenJson>()?;
        let items = &selection.item.node.items;
        // A selection emptied by `@skip`/`@include` is answered `null` the general way.
        if items.is_empty() || !Self::is_plain(items) {
            return None;
        }
        let edges = &self.0 .0;
        let mut out = Vec::with_capacity(2 + 64 * edges.len());
        out.push(b'[');
        for (n, edge) in edges.iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            write_selection(&mut out, items, |out, field| {
                match field.name.node.as_str() {
                    "cursor" => write_str(out, &cursor(edge.offset)),
                    "node" => Self::write_relation(out, edge, &field.selection_set.node.items)?,
                    _ => write_name(out, &RelationEdge::type_name()),
                }
                Some(())
            })?;
        }
        out.push(b']');
        #[cfg(test)]
        tests::PLAIN_PAGES.with(|n| n.set(n.get() + 1));
        Some(prewritten(out))
    }
}

impl OutputType for RelationEdges {
    fn type_name() -> Cow<'static, str> {
        <List<RelationEdge> as OutputType>::type_name()
    }

    fn qualified_type_name() -> String {
        <List<RelationEdge> as OutputType>::qualified_type_name()
    }

    fn create_type_info(registry: &mut registry::Registry) -> String {
        <List<RelationEdge> as OutputType>::create_type_info(registry)
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        field: &Positioned<async_graphql::parser::types::Field>,
    ) -> ServerResult<Value> {
        if let Some(value) = self.plain(ctx) {
            return Ok(value);
        }
        self.0.resolve(ctx, field).await
    }
}

/// A page of relations.
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct RelationConnection {
    /// The relations of this page.
    pub edges: RelationEdges,
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
        Some(c) => {
            let offset = c
                .strip_prefix("cursor:")
                .and_then(|n| n.parse::<usize>().ok())
                .ok_or_else(|| {
                    ApiError::BadUserInput(format!(
                        "argument 'after': '{c}' is not a cursor this server issued"
                    ))
                })?;
            // The page starts after the cursor's item. The largest offset has no next one:
            // adding 1 unchecked wrapped it round to the first page.
            offset.checked_add(1).ok_or_else(|| {
                ApiError::BadUserInput(format!(
                    "argument 'after': '{c}' is past the last offset a page can start at"
                ))
            })?
        }
    };
    Ok((start, size))
}

impl RelationConnection {
    /// One page of `all`, as seen in `view`.
    pub fn page(
        graph: &Arc<KnowledgeGraph>,
        all: Vec<RelationView<'_>>,
        view: View,
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
            .map(|(offset, r)| RelationEdge {
                offset,
                node: Relation::new(graph, r.relation, view),
            })
            .collect();
        let page_info = PageInfo {
            has_next_page: start + edges.len() < total,
            has_previous_page: start > 0,
            start_cursor: edges.first().map(|e| cursor(e.offset)),
            end_cursor: edges.last().map(|e| cursor(e.offset)),
        };
        Ok(RelationConnection {
            edges: RelationEdges(edges.into()),
            page_info,
            total_count: total as i32,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};

    use crate::api::answer_on_seed;

    thread_local! {
        /// Pages of relations written out by `RelationEdges::plain` on this thread.
        pub(super) static PLAIN_PAGES: Cell<usize> = const { Cell::new(0) };
    }

    /// Runs `query` on the seed data as the server does (on this thread: the test runtime is
    /// single-threaded) and returns how many pages were written out directly, and the answer's
    /// data.
    async fn plain_pages(query: &str) -> (usize, serde_json::Value) {
        let before = PLAIN_PAGES.with(Cell::get);
        let answer = answer_on_seed(query, true).await;
        let answer: serde_json::Value = serde_json::from_str(&answer).expect("JSON");
        assert!(answer.get("errors").is_none(), "{answer}");
        (PLAIN_PAGES.with(Cell::get) - before, answer["data"].clone())
    }

    /// A field of a selection: now and then aliased (with a name other fields may also take,
    /// or one of its own) or given a directive that keeps or skips it.
    fn field(name: &'static str, selection: Option<String>) -> impl Strategy<Value = String> {
        let alias = prop_oneof![
            6 => Just(String::new()),
            1 => Just("a: ".to_string()),
            1 => Just(format!("{name}2: ")),
        ];
        let directive = prop_oneof![
            8 => Just(""),
            1 => Just(" @skip(if: true)"),
            1 => Just(" @include(if: true)"),
        ];
        (alias, directive).prop_map(move |(alias, directive)| match &selection {
            Some(inner) => format!("{alias}{name}{directive} {{ {inner} }}"),
            None => format!("{alias}{name}{directive}"),
        })
    }

    /// One to four of `fields`, in any order, repeats allowed.
    fn selection(fields: BoxedStrategy<String>) -> BoxedStrategy<String> {
        prop::collection::vec(fields, 1..5)
            .prop_map(|f| f.join(" "))
            .boxed()
    }

    /// Selections of an entity: its plain fields, now and then one that is not.
    fn entity_selection() -> BoxedStrategy<String> {
        selection(
            prop::sample::select(vec!["id", "kind", "name", "__typename", "aliases"])
                .prop_flat_map(|name| field(name, None))
                .boxed(),
        )
    }

    /// Selections of a relation: mostly fields the direct writer knows, now and then a JSON
    /// scalar (`qualifiers`) or an inline fragment.
    fn relation_selection() -> BoxedStrategy<String> {
        let plain = prop_oneof![
            6 => prop::sample::select(vec!["id", "kind", "since", "until", "__typename"])
                .prop_flat_map(|name| field(name, None)),
            4 => (prop::sample::select(vec!["source", "target"]), entity_selection())
                .prop_flat_map(|(name, inner)| field(name, Some(inner))),
            1 => field("qualifiers", None),
        ]
        .boxed();
        let fields = prop_oneof![
            8 => plain.clone(),
            1 => selection(plain).prop_map(|inner| format!("... on Relation {{ {inner} }}")),
        ];
        selection(fields.boxed())
    }

    /// Selections of one edge, so that most pages are written out directly and some merge
    /// fields asked twice under one key, skip fields or take the general way.
    fn edge_selection() -> BoxedStrategy<String> {
        selection(
            prop_oneof![
                prop::sample::select(vec!["cursor", "__typename"])
                    .prop_flat_map(|n| field(n, None)),
                relation_selection().prop_flat_map(|inner| field("node", Some(inner))),
            ]
            .boxed(),
        )
    }

    #[test]
    fn pages_written_out_directly_answer_what_the_general_way_answers() {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread().build() else {
            panic!("no runtime");
        };
        let before = PLAIN_PAGES.with(Cell::get);
        let mut runner = TestRunner::new(Config {
            cases: 300,
            failure_persistence: None,
            ..Config::default()
        });
        // A page of one or two `edges` selections (two are merged by GraphQL), and an entity
        // at the root.
        let queries = (
            prop::sample::select(vec![1, 4, 16]),
            edge_selection(),
            prop::option::weighted(0.2, edge_selection()),
            entity_selection(),
        );
        let outcome = runner.run(&queries, |(first, edge, again, entity)| {
            let again = again.map(|e| format!("edges {{ {e} }}")).unwrap_or_default();
            let query = format!(
                r#"{{ country(code: "PK") {{ relations(first: {first}) {{ edges {{ {edge} }} {again} }} }}
                   root: node(id: "law:PK:criminal-code") {{ {entity} }} }}"#
            );
            let general = runtime.block_on(answer_on_seed(&query, false));
            let written = runtime.block_on(answer_on_seed(&query, true));
            prop_assert_eq!(written, general, "{}", query);
            Ok(())
        });
        if let Err(failure) = outcome {
            panic!("{failure}");
        }
        // About one generated query in three is written out (the others merge selections,
        // ask for more than plain fields or are invalid): the comparison is not empty.
        let written = PLAIN_PAGES.with(Cell::get) - before;
        assert!(written > 40, "{written} of 300 pages written out");
    }

    /// Cases too rare for the generator: a JSON scalar and an object under one key (allowed
    /// under type conditions, and merged), and selections emptied by `@skip`/`@include`.
    #[tokio::test]
    async fn rare_selections_answer_the_same_both_ways() {
        for query in [
            r#"{ country(code: "PK") { relations(first: 2) { edges { node { x: qualifiers ... on Relation { x: source { id } } } } } } }"#,
            r#"{ country(code: "PK") { relations(first: 2) { edges { node { ... on Relation { x: source { id } } x: qualifiers } } } } }"#,
            r#"{ node(id: "country:PK") { id @skip(if: true) } }"#,
            r#"{ entities(first: 2) { id @include(if: false) } }"#,
            r#"{ country(code: "PK") { relations(first: 2) { edges { cursor @skip(if: true) } } } }"#,
            r#"{ country(code: "PK") { relations(first: 2) { edges { node { id @skip(if: true) } } } } }"#,
            r#"{ country(code: "PK") { relations(first: 2) { edges { node { target { id @skip(if: true) } } } } } }"#,
        ] {
            let general = answer_on_seed(query, false).await;
            assert!(!general.contains("errors"), "{query}: {general}");
            assert_eq!(answer_on_seed(query, true).await, general, "{query}");
        }
    }

    #[tokio::test]
    async fn plain_pages_are_written_out_directly_and_others_are_not() {
        let (plain, answer) = plain_pages(
            r#"{ country(code: "PK") { relations { edges { cursor node { id kind since until __typename target { id name } s: source { __typename } } } } } }"#,
        )
        .await;
        assert!(
            answer["country"]["relations"]["edges"]
                .as_array()
                .is_some_and(|e| e.len() > 3),
            "{answer}"
        );
        assert_eq!(plain, 1);
        for general in [
            r#"{ country(code: "PK") { relations { edges { node { id qualifiers } } } } }"#,
            r#"{ country(code: "PK") { relations { edges { node { id target { id aliases } } } } } }"#,
            r#"{ country(code: "PK") { relations { edges { node { ... on Relation { id } } } } } }"#,
            r#"{ country(code: "PK") { relations { edges { node { evidence { excerpt } } } } } }"#,
            // Asked twice under one key: GraphQL merges the two, which needs values.
            r#"{ country(code: "PK") { relations { edges { node { id } node { kind } } } } }"#,
        ] {
            let (plain, answer) = plain_pages(general).await;
            assert!(
                answer["country"]["relations"]["edges"][0]["node"].is_object(),
                "{answer}"
            );
            assert_eq!(plain, 0, "{general}");
        }
    }
}
