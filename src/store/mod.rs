//! The data directory as a durable store, and the current snapshot over it.
//!
//! Readers take the current `Arc<KnowledgeGraph>` and keep it to the end of their request;
//! they never wait. A write (a document, a curated fact, a retraction) is validated completely
//! first, then persisted atomically (temporary file, fsync, rename, fsync of the directory),
//! and only then is a new snapshot built and swapped in; a document and its side-car are
//! written both or neither. A failed write or reload changes nothing. Start-up first removes
//! what an interrupted run left (`recover`). Writers are serialised by one lock around the
//! *directory*, never around the graph.

mod atomic;
mod naming;
mod recover;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arc_swap::ArcSwapOption;
use tokio::sync::{broadcast, Mutex};

pub use atomic::{write_atomic, write_pair};

use crate::graph::{BuildWarning, KnowledgeGraph};
use crate::ingest::curated::{read_facts_file, Fact};
use crate::ingest::{self, DocumentMeta, IngestError};
use crate::model::Extraction;
use crate::query;

/// Why a write was refused. Nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The submitted document or fact is invalid; the message says where and why.
    #[error("{0}")]
    Invalid(String),
    /// A document or fact with this id exists already.
    #[error("{0}")]
    Conflict(String),
    /// The fact to retract does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The data directory could not be written or read back.
    #[error("storage error: {0}")]
    Io(String),
}

/// What changed between two snapshots, as announced to subscribers.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphChange {
    /// A counter, 1 for the first snapshot.
    pub version: u64,
    /// Why the snapshot was built: `startup`, `reload`, `ingestDocument`, `addFact`, `retractFact`.
    pub cause: String,
    /// The document or fact id concerned, where there is one.
    pub subject: Option<String>,
    /// Entities after the change.
    pub entities: usize,
    /// Relations after the change.
    pub relations: usize,
    /// Entities added (negative when removed).
    pub entities_delta: i64,
    /// Relations added (negative when removed).
    pub relations_delta: i64,
}

/// The store: a data directory, its current snapshot, and the channel announcing changes.
pub struct Store {
    dir: PathBuf,
    current: ArcSwapOption<Versioned>,
    writer: Mutex<u64>,
    changes: broadcast::Sender<GraphChange>,
    loaded_at: ArcSwapOption<std::time::SystemTime>,
}

/// A snapshot and its version (the counter of [`GraphChange::version`]), swapped together so
/// a reader never pairs one snapshot with another's version.
struct Versioned {
    version: u64,
    graph: Arc<KnowledgeGraph>,
}

/// Where documents submitted through the API are written, below the data directory.
pub const SUBMITTED: &str = "documents/submitted";

/// Where curated facts are written (`facts.json`), below the data directory.
pub const CURATED: &str = "curated";

impl Store {
    /// A store over `dir` with no snapshot yet.
    pub fn new(dir: &Path) -> Arc<Store> {
        let (changes, _) = broadcast::channel(64);
        Arc::new(Store {
            dir: dir.to_path_buf(),
            current: ArcSwapOption::empty(),
            writer: Mutex::new(0),
            changes,
            loaded_at: ArcSwapOption::empty(),
        })
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The current snapshot, if one is loaded.
    pub fn snapshot(&self) -> Option<Arc<KnowledgeGraph>> {
        self.current.load().as_ref().map(|s| s.graph.clone())
    }

    /// The current snapshot with its version (1 for the first, one more for each change), if
    /// one is loaded: what caches of answers key on.
    pub fn versioned_snapshot(&self) -> Option<(u64, Arc<KnowledgeGraph>)> {
        self.current
            .load()
            .as_ref()
            .map(|s| (s.version, s.graph.clone()))
    }

    /// When the current snapshot was built.
    pub fn loaded_at(&self) -> Option<std::time::SystemTime> {
        self.loaded_at.load_full().map(|t| *t)
    }

    /// Subscribes to snapshot changes.
    pub fn subscribe(&self) -> broadcast::Receiver<GraphChange> {
        self.changes.subscribe()
    }

    fn swap(
        &self,
        graph: KnowledgeGraph,
        version: u64,
        cause: &str,
        subject: Option<String>,
    ) -> GraphChange {
        let before = self.snapshot();
        let count = |g: &KnowledgeGraph| (g.entity_count() as i64, g.relation_count() as i64);
        let (e0, r0) = before.as_deref().map(count).unwrap_or((0, 0));
        let (e1, r1) = count(&graph);
        let change = GraphChange {
            version,
            cause: cause.to_string(),
            subject,
            entities: e1 as usize,
            relations: r1 as usize,
            entities_delta: e1 - e0,
            relations_delta: r1 - r0,
        };
        for warning in new_warnings(before.as_deref(), &graph) {
            tracing::warn!(document = ?warning.document, "{}", warning.message);
        }
        self.current.store(Some(Arc::new(Versioned {
            version,
            graph: Arc::new(graph),
        })));
        self.loaded_at
            .store(Some(Arc::new(std::time::SystemTime::now())));
        // Nobody listening is fine.
        let _ = self.changes.send(change.clone());
        change
    }

    /// The first load: removes what an interrupted run left behind (`recover`), then loads
    /// the directory as [`Store::reload`] does.
    pub async fn start(&self) -> Result<GraphChange, Vec<IngestError>> {
        let dir = self.dir.clone();
        if let Ok(removed) = tokio::task::spawn_blocking(move || recover::clean_up(&dir)).await {
            for path in removed {
                tracing::info!("removed {}, left by an interrupted write", path.display());
            }
        }
        self.reload("startup").await
    }

    /// Loads the directory and swaps the snapshot in; on failure the old one keeps serving.
    pub async fn reload(&self, cause: &str) -> Result<GraphChange, Vec<IngestError>> {
        let mut version = self.writer.lock().await;
        let dir = self.dir.clone();
        let graph = tokio::task::spawn_blocking(move || load(&dir))
            .await
            .map_err(|e| {
                vec![IngestError::Malformed {
                    file: "data".into(),
                    line: 0,
                    reason: format!("loader crashed: {e}"),
                }]
            })??;
        *version += 1;
        Ok(self.swap(graph, *version, cause, None))
    }

    /// Validates, persists and serves a submitted document. Returns what was extracted.
    pub async fn ingest_document(
        &self,
        text: &str,
        meta: DocumentMeta,
        name: Option<&str>,
    ) -> Result<(Extraction, GraphChange), StoreError> {
        if text.trim().is_empty() {
            return Err(StoreError::Invalid("argument 'text' is empty".into()));
        }
        // The loader would refuse it at the next start: refused now, before parsing.
        if text.len() as u64 > ingest::MAX_DOCUMENT_BYTES {
            return Err(StoreError::Invalid(format!(
                "argument 'text' is {} bytes, more than the {} bytes a document may have",
                text.len(),
                ingest::MAX_DOCUMENT_BYTES
            )));
        }
        let file_name = naming::submitted_file_name(name, meta.id.as_deref(), text)?;
        let mut version = self.writer.lock().await;
        let relative = format!("{SUBMITTED}/{file_name}");
        let gazetteer =
            ingest::gazetteer_of(&self.dir).map_err(|e| StoreError::Io(e.to_string()))?;
        let extraction = ingest::ingest_bytes(text.as_bytes(), &relative, &meta, &gazetteer)
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        let path = self.dir.join(&relative);
        if path.exists() {
            return Err(StoreError::Conflict(format!(
                "a submitted document named '{file_name}' exists already; give another name"
            )));
        }
        if let (Some(doc), Some(graph)) = (&extraction.document, self.snapshot()) {
            if graph.document(&doc.id).is_some() {
                return Err(StoreError::Conflict(format!(
                    "document '{}' exists already",
                    doc.id
                )));
            }
        }
        // Build the next snapshot before touching the disk: a document that breaks the
        // graph never lands.
        let dir = self.dir.clone();
        let pending = (relative.clone(), text.to_string(), meta.clone());
        let graph = build_off_thread(move || load_with(&dir, Some(pending))).await?;
        let meta_json =
            serde_json::to_vec_pretty(&meta).map_err(|e| StoreError::Io(e.to_string()))?;
        // The side-car first, the text last: a side-car alone means nothing.
        write_pair(
            (&ingest::meta_path(&path), &meta_json),
            (&path, text.as_bytes()),
        )
        .map_err(|e| StoreError::Io(e.to_string()))?;
        *version += 1;
        let subject = extraction.document.as_ref().map(|d| d.id.clone());
        let change = self.swap(graph, *version, "ingestDocument", subject);
        Ok((extraction, change))
    }

    /// Validates, persists and serves a curated fact.
    pub async fn add_fact(&self, fact: Fact) -> Result<GraphChange, StoreError> {
        fact.validate().map_err(StoreError::Invalid)?;
        let mut version = self.writer.lock().await;
        // Checked against the snapshot under the writer's lock, which no other write can
        // swap meanwhile: a relation to an unknown entity would be left out of the graph
        // while the write reported success.
        let graph = self.snapshot();
        let unknown: Vec<&str> = fact
            .undeclared_entities()
            .into_iter()
            .filter(|id| graph.as_ref().is_none_or(|g| g.entity(id).is_none()))
            .collect();
        if !unknown.is_empty() {
            return Err(StoreError::Invalid(format!(
                "fact '{}' names entities the graph does not hold: {}; declare them in its \
                 'entities' or name ones the graph holds",
                fact.id,
                unknown.join(", ")
            )));
        }
        let mut facts = self.facts()?;
        if facts.iter().any(|f| f.id == fact.id) {
            return Err(StoreError::Conflict(format!(
                "fact '{}' exists already; retract it first",
                fact.id
            )));
        }
        let id = fact.id.clone();
        facts.push(fact);
        self.commit_facts(&facts, &mut version, "addFact", id).await
    }

    /// Removes a curated fact; the graph no longer holds what only it stated.
    pub async fn retract_fact(&self, id: &str) -> Result<GraphChange, StoreError> {
        let mut version = self.writer.lock().await;
        let mut facts = self.facts()?;
        let before = facts.len();
        facts.retain(|f| f.id != id);
        if facts.len() == before {
            return Err(StoreError::NotFound(format!("no curated fact '{id}'")));
        }
        self.commit_facts(&facts, &mut version, "retractFact", id.to_string())
            .await
    }

    fn facts_path(&self) -> PathBuf {
        self.dir.join(CURATED).join("facts.json")
    }

    fn facts(&self) -> Result<Vec<Fact>, StoreError> {
        let shown = "curated/facts.json";
        match ingest::read_curated(&self.dir, shown).map_err(|e| StoreError::Io(e.to_string()))? {
            Some(text) => read_facts_file(&text, shown).map_err(|e| StoreError::Io(e.to_string())),
            None => Ok(Vec::new()),
        }
    }

    async fn commit_facts(
        &self,
        facts: &[Fact],
        version: &mut u64,
        cause: &str,
        subject: String,
    ) -> Result<GraphChange, StoreError> {
        let body = serde_json::to_vec_pretty(&serde_json::json!({ "facts": facts }))
            .map_err(|e| StoreError::Io(e.to_string()))?;
        // Validate against the whole directory before persisting.
        let dir = self.dir.clone();
        let staged = body.clone();
        let graph = build_off_thread(move || load_with_facts(&dir, &staged)).await?;
        write_atomic(&self.facts_path(), &body).map_err(|e| StoreError::Io(e.to_string()))?;
        *version += 1;
        Ok(self.swap(graph, *version, cause, Some(subject)))
    }
}

/// The warnings of `after` that `before` did not have. Every snapshot carries the warnings of
/// the whole data directory; logging them all on each swap repeated the same lines on every
/// write.
fn new_warnings<'a>(
    before: Option<&KnowledgeGraph>,
    after: &'a KnowledgeGraph,
) -> Vec<&'a BuildWarning> {
    let seen: HashSet<&BuildWarning> = before
        .map(|g| g.warnings().iter().collect())
        .unwrap_or_default();
    after
        .warnings()
        .iter()
        .filter(|w| !seen.contains(w))
        .collect()
}

/// Builds a candidate snapshot on the blocking pool (parsing is CPU work); every problem
/// found becomes one `Invalid` error listing them all.
async fn build_off_thread(
    build: impl FnOnce() -> Result<KnowledgeGraph, Vec<IngestError>> + Send + 'static,
) -> Result<KnowledgeGraph, StoreError> {
    tokio::task::spawn_blocking(build)
        .await
        .map_err(|e| StoreError::Io(e.to_string()))?
        .map_err(|errors| {
            StoreError::Invalid(
                errors
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })
}

/// Loads a data directory into a snapshot.
pub fn load(dir: &Path) -> Result<KnowledgeGraph, Vec<IngestError>> {
    load_with(dir, None)
}

fn load_with(
    dir: &Path,
    extra: Option<(String, String, DocumentMeta)>,
) -> Result<KnowledgeGraph, Vec<IngestError>> {
    let mut data = ingest::load_dir(dir)?;
    if let Some((name, text, meta)) = extra {
        let x = ingest::ingest_bytes_judged(
            text.as_bytes(),
            &name,
            &meta,
            &data.gazetteer,
            &data.judgements,
        )
        .map_err(|e| vec![e])?;
        data.extractions.push(x);
    }
    build(data)
}

/// The snapshot of a data set: its graph, the judged pairs, the corrections attached (a
/// correction naming no relation refuses the data, naming it).
fn build(data: ingest::DataSet) -> Result<KnowledgeGraph, Vec<IngestError>> {
    KnowledgeGraph::build(data.extractions)
        .with_judged(data.judgements.pairs())
        .with_corrections(data.corrections)
        .map_err(|unknown| {
            unknown
                .into_iter()
                .map(|id| IngestError::Malformed {
                    file: "curated/facts.json".into(),
                    line: 0,
                    reason: format!("a correction names no relation of the data: '{id}'"),
                })
                .collect()
        })
}

fn load_with_facts(dir: &Path, facts_json: &[u8]) -> Result<KnowledgeGraph, Vec<IngestError>> {
    let mut data = ingest::load_dir_without_facts(dir)?;
    let text = String::from_utf8_lossy(facts_json);
    data.add_facts(&text).map_err(|e| vec![e])?;
    build(data)
}

/// Size figures of a snapshot, for metrics.
pub fn size(graph: &KnowledgeGraph) -> (usize, usize, usize) {
    let s = query::stats(graph);
    (s.entities, s.relations, s.documents)
}
