//! Ingest: from source files to [`Extraction`]s — entities, statements with evidence and
//! indicator observations — one per document, plus the curated gazetteer.
//!
//! One file per source format (`profile`, `article`), the gazetteer, country resolution, the
//! text clean-up they share, and which files of a data directory are read (`files`). Depends on `model` only; never on the graph or the API.

pub mod article;
pub mod curated;
mod files;
pub mod gazetteer;
pub mod names;
pub mod profile;
pub mod summary;
pub mod text;

use crate::resolve::judgements::{JudgementError, Judgements};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use files::{document_files, read_curated, MAX_DOCUMENT_BYTES};
pub use gazetteer::Gazetteer;

use crate::model::{DocumentFormat, Extraction, PartialDate};

/// Why a document or data directory could not be read. Each variant names the file and,
/// where it applies, the line.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file could not be read at all.
    #[error("{file}: cannot read: {source}")]
    Io {
        /// The file.
        file: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A symbolic link leads outside the data directory; it is not followed.
    #[error("{file}: a symbolic link to {target}, outside the data directory; only files inside it are read")]
    OutsideDataDir {
        /// The link.
        file: String,
        /// Where it leads.
        target: String,
    },
    /// The file is larger than [`MAX_DOCUMENT_BYTES`]; it is not read.
    #[error("{file}: {bytes} bytes, more than the {limit} bytes a document may have")]
    TooLarge {
        /// The file.
        file: String,
        /// Its size.
        bytes: u64,
        /// The cap.
        limit: u64,
    },
    /// The file was read but does not hold what its format requires.
    #[error("{file}:{line}: {reason}")]
    Malformed {
        /// The file.
        file: String,
        /// 1-based line (0 when the problem is not on one line).
        line: usize,
        /// What is wrong.
        reason: String,
    },
}

/// The optional side-car `NAME.meta.json` next to a document: what the text does not say.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DocumentMeta {
    /// Document id to use instead of the derived one (`doc:…`).
    #[serde(default)]
    pub id: Option<String>,
    /// A human title.
    #[serde(default)]
    pub title: Option<String>,
    /// The format, when detection should not decide.
    #[serde(default)]
    pub format: Option<DocumentFormat>,
    /// Publication date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    #[serde(default)]
    pub published: Option<PartialDate>,
    /// Who published it.
    #[serde(default)]
    pub publisher: Option<String>,
    /// The country the document is about (ISO code or name).
    #[serde(default)]
    pub country: Option<String>,
    /// The display name of a country outside ISO 3166, whose `country` is a user-assigned
    /// code (`XK`, or `X` and digits as the benchmark generator writes).
    #[serde(default)]
    pub country_name: Option<String>,
    /// Where the original can be found.
    #[serde(default)]
    pub url: Option<String>,
    /// A note on what the document is.
    #[serde(default)]
    pub note: Option<String>,
}

/// The file extensions read as documents.
pub const DOCUMENT_EXTENSIONS: [&str; 2] = ["txt", "md"];

/// Decides the format of a text: profile when it carries the profile title, else article.
pub fn detect_format(text: &str, meta: &DocumentMeta) -> DocumentFormat {
    meta.format.unwrap_or(if profile::looks_like_profile(text) {
        DocumentFormat::ItuCyberwellnessProfile
    } else {
        DocumentFormat::Article
    })
}

/// Reads one document from bytes. `name` identifies it in errors and evidence.
pub fn ingest_bytes(
    bytes: &[u8],
    name: &str,
    meta: &DocumentMeta,
    gazetteer: &Gazetteer,
) -> Result<Extraction, IngestError> {
    ingest_bytes_judged(bytes, name, meta, gazetteer, &Judgements::default())
}

/// [`ingest_bytes`], keeping apart the name variants a person judged different.
pub fn ingest_bytes_judged(
    bytes: &[u8],
    name: &str,
    meta: &DocumentMeta,
    gazetteer: &Gazetteer,
    judgements: &Judgements,
) -> Result<Extraction, IngestError> {
    if bytes.contains(&0) {
        return Err(IngestError::Malformed {
            file: name.to_string(),
            line: 1 + bytes
                .iter()
                .take_while(|b| **b != 0)
                .filter(|b| **b == b'\n')
                .count(),
            reason: "binary content (NUL byte): documents must be text".into(),
        });
    }
    let (text, _) = text::decode(bytes);
    if text.trim().is_empty() {
        return Err(IngestError::Malformed {
            file: name.to_string(),
            line: 1,
            reason: "the document is empty".into(),
        });
    }
    match detect_format(&text, meta) {
        DocumentFormat::ItuCyberwellnessProfile => {
            profile::parse_judged(&text, name, meta, gazetteer, judgements)
        }
        DocumentFormat::Article => Ok(article::extract(&text, name, meta, gazetteer)),
        DocumentFormat::Curated => Err(IngestError::Malformed {
            file: name.to_string(),
            line: 0,
            reason: "curated data belongs in curated/*.json, not among documents".into(),
        }),
    }
}

/// The side-car path of a document: `a/b.txt` → `a/b.txt.meta.json`.
pub fn meta_path(document: &Path) -> PathBuf {
    let mut name = document.as_os_str().to_owned();
    name.push(".meta.json");
    PathBuf::from(name)
}

/// Reads the side-car of a document, if there is one.
pub fn read_meta(document: &Path, shown_as: &str) -> Result<DocumentMeta, IngestError> {
    let path = meta_path(document);
    if !path.exists() {
        return Ok(DocumentMeta::default());
    }
    let shown = format!("{shown_as}.meta.json");
    let bytes = files::read_document(&path, &shown)?;
    serde_json::from_slice(&bytes).map_err(|e| IngestError::Malformed {
        file: shown,
        line: e.line(),
        reason: e.to_string(),
    })
}

/// Reads one document file with its side-car.
pub fn ingest_file(
    path: &Path,
    shown_as: &str,
    gazetteer: &Gazetteer,
) -> Result<Extraction, IngestError> {
    ingest_file_judged(path, shown_as, gazetteer, &Judgements::default())
}

/// [`ingest_file`], keeping apart the name variants a person judged different.
pub fn ingest_file_judged(
    path: &Path,
    shown_as: &str,
    gazetteer: &Gazetteer,
    judgements: &Judgements,
) -> Result<Extraction, IngestError> {
    let meta = read_meta(path, shown_as)?;
    let bytes = files::read_document(path, shown_as)?;
    ingest_bytes_judged(&bytes, shown_as, &meta, gazetteer, judgements)
}

/// Everything read from a data directory.
pub struct DataSet {
    /// The gazetteer in force (the directory's own, or the built-in one).
    pub gazetteer: Gazetteer,
    /// The curated same/different judgements (`curated/judgements.json`), already obeyed.
    pub judgements: Judgements,
    /// One extraction per document, the gazetteer's first, then documents by path.
    pub extractions: Vec<Extraction>,
    /// Curators' corrections (from `curated/facts.json`) by the id of the relation they mark
    /// as erroneous.
    pub corrections: Vec<(String, crate::model::Correction)>,
}

/// The gazetteer of a data directory: its `curated/gazetteer.json`, else the built-in one.
pub fn gazetteer_of(dir: &Path) -> Result<Gazetteer, IngestError> {
    let shown = "curated/gazetteer.json";
    match read_curated(dir, shown)? {
        Some(text) => Gazetteer::from_json(&text, shown),
        None => Gazetteer::built_in(),
    }
}

/// Reads a whole data directory: `curated/gazetteer.json` (or the built-in gazetteer), the
/// optional `curated/facts.json`, and every `*.txt` / `*.md` document below it. All errors are
/// collected, so one run reports every bad file; any error means nothing is returned.
pub fn load_dir(dir: &Path) -> Result<DataSet, Vec<IngestError>> {
    let mut data = load_dir_without_facts(dir)?;
    let shown = "curated/facts.json";
    if let Some(text) = read_curated(dir, shown).map_err(|e| vec![e])? {
        data.add_facts(&text).map_err(|e| vec![e])?;
    }
    Ok(data)
}

impl DataSet {
    /// Adds the facts of a `curated/facts.json` text: each fact's extraction, and the
    /// corrections it makes.
    pub fn add_facts(&mut self, text: &str) -> Result<(), IngestError> {
        for fact in curated::read_facts_file(text, "curated/facts.json")? {
            self.extractions.push(fact.extraction());
            self.corrections.extend(fact.corrections());
        }
        Ok(())
    }
}

/// [`load_dir`] without `curated/facts.json` (for validating a new version of that file).
pub fn load_dir_without_facts(dir: &Path) -> Result<DataSet, Vec<IngestError>> {
    let gazetteer = gazetteer_of(dir).map_err(|e| vec![e])?;
    let judgements = judgements_of(dir).map_err(|e| vec![e])?;
    let files = document_files(dir)?;
    let mut extractions = vec![gazetteer.extraction()];
    let mut errors = Vec::new();
    for path in files {
        match ingest_file_judged(&path, &files::shown(dir, &path), &gazetteer, &judgements) {
            Ok(extraction) => extractions.push(extraction),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // `same` pairs become one entity; a judgement naming an unknown entity refuses the file.
    judgements
        .apply(&mut extractions)
        .map_err(|e| vec![judgement_error(e)])?;
    Ok(DataSet {
        gazetteer,
        judgements,
        extractions,
        corrections: Vec::new(),
    })
}

/// The judgements file of a data directory, `curated/judgements.json`; none when absent. A
/// malformed file is refused with its line.
fn judgements_of(dir: &Path) -> Result<Judgements, IngestError> {
    match read_curated(dir, JUDGEMENTS)? {
        Some(text) => Judgements::parse(&text).map_err(judgement_error),
        None => Ok(Judgements::default()),
    }
}

const JUDGEMENTS: &str = "curated/judgements.json";

fn judgement_error(e: JudgementError) -> IngestError {
    IngestError::Malformed {
        file: JUDGEMENTS.to_string(),
        line: e.line,
        reason: e.reason,
    }
}
