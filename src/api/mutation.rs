//! Writes and change notifications: `ingestDocument`, `addFact`, `retractFact` (each needs the
//! admin bearer token) and the `graphChanged` subscription. Resolvers validate arguments,
//! check the caller's [`Access`], and make one call into the store.

use std::sync::Arc;

use async_graphql::{Context, InputObject, Json, Object, SimpleObject, Subscription, ID};
use futures_util::Stream;

use super::entity::{Document, EntityNode, EntityRef};
use super::error::ApiError;
use super::input;
use super::relation::Relation;
use super::scalars::Date;
use super::serial_list::SerialList;
use crate::ingest::curated::Fact;
use crate::ingest::DocumentMeta;
use crate::query::View;
use crate::store::{GraphChange, Store, StoreError};

/// What the server decided about the caller's credentials, put in each request by the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// No admin token is configured: writes are disabled.
    WritesDisabled,
    /// No token, or a wrong one.
    Anonymous,
    /// The caller presented the admin token.
    Admin,
}

fn require_admin(ctx: &Context<'_>) -> Result<Arc<Store>, ApiError> {
    match ctx.data::<Access>().copied().unwrap_or(Access::Anonymous) {
        Access::Admin => ctx
            .data::<Arc<Store>>()
            .cloned()
            .map_err(|_| ApiError::GraphUnavailable),
        Access::WritesDisabled => Err(ApiError::Forbidden(
            "writes are disabled on this server: start it with CYBERKG_ADMIN_TOKEN set".into(),
        )),
        Access::Anonymous => Err(ApiError::Unauthenticated(
            "send 'Authorization: Bearer <admin token>'".into(),
        )),
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Invalid(m) => ApiError::BadUserInput(m),
            StoreError::Conflict(m) => ApiError::Conflict(m),
            StoreError::NotFound(m) => ApiError::NotFound(m),
            StoreError::Io(m) => {
                tracing::error!("write failed: {m}");
                ApiError::Internal("the write could not be stored; nothing was changed".into())
            }
        }
    }
}

/// What the text does not say about a submitted document.
#[derive(InputObject, Default)]
pub struct DocumentMetadata {
    /// A document id (`doc:…`) to use instead of the derived one.
    pub id: Option<String>,
    /// A human title.
    pub title: Option<String>,
    /// `itu-cyberwellness-profile` or `article`; detected when omitted.
    pub format: Option<String>,
    /// Publication date: the known-time of everything the document says.
    pub published: Option<Date>,
    /// Who published it.
    pub publisher: Option<String>,
    /// The country it is about (ISO code or name).
    pub country: Option<String>,
    /// Where the original can be found.
    pub url: Option<String>,
}

impl DocumentMetadata {
    fn into_meta(self) -> Result<DocumentMeta, ApiError> {
        let format = self
            .format
            .map(|f| {
                serde_json::from_value(serde_json::Value::String(f.clone())).map_err(|_| {
                    ApiError::BadUserInput(format!(
                        "metadata.format: '{f}' is not itu-cyberwellness-profile or article"
                    ))
                })
            })
            .transpose()?;
        if format == Some(crate::model::DocumentFormat::Curated) {
            return Err(ApiError::BadUserInput(
                "metadata.format: curated facts go through addFact".into(),
            ));
        }
        for (field, value) in [
            ("metadata.title", &self.title),
            ("metadata.publisher", &self.publisher),
            ("metadata.country", &self.country),
            ("metadata.url", &self.url),
        ] {
            input::plain_text(field, value.as_deref())?;
        }
        if let Some(id) = &self.id {
            let slug_part = id.strip_prefix("doc:").unwrap_or("");
            let valid = !slug_part.is_empty()
                && slug_part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | ':' | '_'));
            if !valid {
                return Err(ApiError::BadUserInput(format!(
                    "metadata.id: '{id}' is not a document id; use 'doc:' and letters, digits, '-', '_' or ':'"
                )));
            }
        }
        Ok(DocumentMeta {
            id: self.id,
            title: self.title,
            format,
            published: self.published.map(|d| d.0),
            publisher: self.publisher,
            country: self.country,
            url: self.url,
            ..DocumentMeta::default()
        })
    }
}

/// A line of a submitted document no rule could read.
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct UnparsedLine {
    /// 1-based line number.
    pub line: i32,
    /// The section it stands in, where known.
    pub section: Option<String>,
    /// The text.
    pub text: String,
}

/// What a submitted document yielded, now part of the graph.
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct IngestResult {
    /// The stored document.
    pub document: Option<Document>,
    /// Entities named in it.
    pub entities: SerialList<EntityNode>,
    /// Relations it states (with all their evidence in the new snapshot).
    pub relations: SerialList<Relation>,
    /// Indicator observations it made.
    pub indicators: i32,
    /// Lines no rule could read.
    pub unparsed_lines: SerialList<UnparsedLine>,
    /// A sentence on the outcome, e.g. that nothing was recognised.
    pub explanation: String,
    /// The snapshot version that holds it.
    pub version: i32,
}

/// A snapshot change, as announced by `graphChanged` and returned by writes.
#[derive(SimpleObject, Clone)]
#[graphql(serial)]
pub struct GraphChangeEvent {
    /// Snapshot counter.
    pub version: i32,
    /// `startup`, `reload`, `ingestDocument`, `addFact` or `retractFact`.
    pub cause: String,
    /// The document or fact concerned.
    pub subject: Option<String>,
    /// Entities after the change.
    pub entities: i32,
    /// Relations after the change.
    pub relations: i32,
    /// Entities added (negative when removed).
    pub entities_delta: i32,
    /// Relations added (negative when removed).
    pub relations_delta: i32,
}

impl From<GraphChange> for GraphChangeEvent {
    fn from(c: GraphChange) -> Self {
        GraphChangeEvent {
            version: c.version as i32,
            cause: c.cause,
            subject: c.subject,
            entities: c.entities as i32,
            relations: c.relations as i32,
            entities_delta: c.entities_delta as i32,
            relations_delta: c.relations_delta as i32,
        }
    }
}

/// Writes. Each needs `Authorization: Bearer <CYBERKG_ADMIN_TOKEN>`; a write is validated
/// completely, persisted atomically, then served from a new snapshot.
pub struct MutationRoot;

#[Object(name = "Mutation")]
impl MutationRoot {
    /// Parses a document (profile or article), stores it in the data directory and serves it.
    async fn ingest_document(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The document's text (UTF-8).")] text: String,
        #[graphql(desc = "What the text does not say: date, country, publisher, …")]
        metadata: Option<DocumentMetadata>,
        #[graphql(
            desc = "File name to store it under: ASCII letters, digits, '-' and '_', at most 100 bytes; derived when omitted."
        )]
        name: Option<String>,
    ) -> async_graphql::Result<IngestResult> {
        let store = require_admin(ctx)?;
        input::document_text(&text)?;
        let meta = metadata.unwrap_or_default().into_meta()?;
        let (extraction, change) = store
            .ingest_document(&text, meta, name.as_deref())
            .await
            .map_err(ApiError::from)?;
        let graph = store.snapshot().ok_or(ApiError::GraphUnavailable)?;
        let facts = extraction.statements.len() + extraction.indicators.len();
        let explanation = if facts == 0 {
            "stored, but no facts were recognised: no named laws, policies, agencies, CERTs, memberships or dated events".to_string()
        } else {
            format!(
                "stored: {} relations and {} indicator observations recognised",
                extraction.statements.len(),
                extraction.indicators.len()
            )
        };
        Ok(IngestResult {
            document: extraction
                .document
                .as_ref()
                .map(|d| Document(EntityRef::by_id(&graph, &d.id))),
            entities: EntityRef::nodes(
                &graph,
                extraction
                    .entities
                    .iter()
                    .filter_map(|e| graph.entity(&e.id)),
            ),
            relations: extraction
                .statements
                .iter()
                .filter_map(|s| graph.relation(&s.id()))
                .map(|r| Relation::new(&graph, r, View::default()))
                .collect(),
            indicators: extraction.indicators.len() as i32,
            unparsed_lines: extraction
                .unparsed
                .into_iter()
                .map(|u| UnparsedLine {
                    line: u.line as i32,
                    section: u.section,
                    text: u.text,
                })
                .collect(),
            explanation,
            version: change.version as i32,
        })
    }

    /// Records a curated fact (same shape as an entry of `curated/facts.json`).
    async fn add_fact(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "{ id, note, recorded, entities?, relations?, indicators? } as in curated/facts.json."
        )]
        fact: Json<serde_json::Value>,
    ) -> async_graphql::Result<GraphChangeEvent> {
        let store = require_admin(ctx)?;
        input::json_strings("fact", &fact.0)?;
        let fact: Fact = serde_json::from_value(fact.0)
            .map_err(|e| ApiError::BadUserInput(format!("argument 'fact': {e}")))?;
        Ok(store.add_fact(fact).await.map_err(ApiError::from)?.into())
    }

    /// Removes a curated fact by id; what only it stated leaves the graph.
    async fn retract_fact(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The fact's id.")] id: ID,
    ) -> async_graphql::Result<GraphChangeEvent> {
        let store = require_admin(ctx)?;
        Ok(store
            .retract_fact(&id)
            .await
            .map_err(ApiError::from)?
            .into())
    }
}

/// Notifications over WebSocket (`/graphql/ws`).
pub struct SubscriptionRoot;

#[Subscription(name = "Subscription")]
impl SubscriptionRoot {
    /// Each new snapshot, with what changed.
    async fn graph_changed(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<impl Stream<Item = GraphChangeEvent>> {
        let store = ctx
            .data::<Arc<Store>>()
            .map_err(|_| ApiError::GraphUnavailable)?;
        let receiver = store.subscribe();
        Ok(futures_util::stream::unfold(
            receiver,
            |mut rx| async move {
                loop {
                    match rx.recv().await {
                        Ok(change) => return Some((GraphChangeEvent::from(change), rx)),
                        Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                        Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
                    }
                }
            },
        ))
    }
}
