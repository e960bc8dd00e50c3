//! Ingest: from source files to [`Extraction`]s — entities, statements with evidence and
//! indicator observations — one per document, plus the curated gazetteer.
//!
//! One file per source format (`profile`, `article`), the gazetteer, country resolution and
//! the text clean-up they share. Depends on `model` only; never on the graph or the API.

pub mod article;
pub mod country;
pub mod curated;
pub mod gazetteer;
pub mod names;
pub mod phrases;
pub mod profile;
pub mod text;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

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
        DocumentFormat::ItuCyberwellnessProfile => profile::parse(&text, name, meta, gazetteer),
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
    let text = std::fs::read_to_string(&path).map_err(|source| IngestError::Io {
        file: shown.clone(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|e| IngestError::Malformed {
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
    let meta = read_meta(path, shown_as)?;
    let bytes = std::fs::read(path).map_err(|source| IngestError::Io {
        file: shown_as.to_string(),
        source,
    })?;
    ingest_bytes(&bytes, shown_as, &meta, gazetteer)
}

/// Everything read from a data directory.
pub struct DataSet {
    /// The gazetteer in force (the directory's own, or the built-in one).
    pub gazetteer: Gazetteer,
    /// One extraction per document, the gazetteer's first, then documents by path.
    pub extractions: Vec<Extraction>,
}

/// Lists the document files under `dir`, sorted, skipping `curated/` and side-cars.
pub fn document_files(dir: &Path) -> Result<Vec<PathBuf>, IngestError> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let entries = std::fs::read_dir(&folder).map_err(|source| IngestError::Io {
            file: folder.display().to_string(),
            source,
        })?;
        for entry in entries {
            let entry = entry.map_err(|source| IngestError::Io {
                file: folder.display().to_string(),
                source,
            })?;
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with('.') {
                continue;
            }
            if path.is_dir() {
                if !(folder == dir && name == "curated") {
                    pending.push(path);
                }
            } else if DOCUMENT_EXTENSIONS
                .iter()
                .any(|ext| name.ends_with(&format!(".{ext}")))
                && !name.eq_ignore_ascii_case("README.md")
            {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The gazetteer of a data directory: its `curated/gazetteer.json`, else the built-in one.
pub fn gazetteer_of(dir: &Path) -> Result<Gazetteer, IngestError> {
    let path = dir.join("curated").join("gazetteer.json");
    if path.exists() {
        let text = std::fs::read_to_string(&path).map_err(|source| IngestError::Io {
            file: "curated/gazetteer.json".into(),
            source,
        })?;
        Gazetteer::from_json(&text, "curated/gazetteer.json")
    } else {
        Gazetteer::built_in()
    }
}

/// Reads a whole data directory: `curated/gazetteer.json` (or the built-in gazetteer), the
/// optional `curated/facts.json`, and every `*.txt` / `*.md` document below it. All errors are
/// collected, so one run reports every bad file; any error means nothing is returned.
pub fn load_dir(dir: &Path) -> Result<DataSet, Vec<IngestError>> {
    let mut data = load_dir_without_facts(dir)?;
    let facts_path = dir.join("curated").join("facts.json");
    if facts_path.exists() {
        let shown = "curated/facts.json";
        let text = std::fs::read_to_string(&facts_path).map_err(|source| {
            vec![IngestError::Io {
                file: shown.into(),
                source,
            }]
        })?;
        data.extractions
            .extend(curated::read_facts(&text, shown).map_err(|e| vec![e])?);
    }
    Ok(data)
}

/// [`load_dir`] without `curated/facts.json` (for validating a new version of that file).
pub fn load_dir_without_facts(dir: &Path) -> Result<DataSet, Vec<IngestError>> {
    let gazetteer = gazetteer_of(dir).map_err(|e| vec![e])?;
    let files = document_files(dir).map_err(|e| vec![e])?;
    let mut extractions = vec![gazetteer.extraction()];
    let mut errors = Vec::new();
    for path in files {
        let shown = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        match ingest_file(&path, &shown, &gazetteer) {
            Ok(extraction) => extractions.push(extraction),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(DataSet {
            gazetteer,
            extractions,
        })
    } else {
        Err(errors)
    }
}
