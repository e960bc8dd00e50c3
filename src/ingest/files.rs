//! Which files of a data directory are read, and how much of them: the documents below it
//! (not `curated/`, side-cars or hidden names), through symbolic links only when they lead
//! to somewhere inside the directory, and no file larger than [`MAX_DOCUMENT_BYTES`].
//!
//! A link out of the directory or an oversized file refuses the load, naming the file, as a
//! broken document does: the directory is what the server serves and writes into, and
//! reading beyond it (or a stray disk image into memory) should never happen silently.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::{IngestError, DOCUMENT_EXTENSIONS};

/// The largest document or side-car read, in bytes: 8 MiB. The longest ITU profile is about
/// 15 KB and long reports a few hundred; a file past this is not a document but a mistake
/// (a log, an archive renamed), refused before it is read into memory.
pub const MAX_DOCUMENT_BYTES: u64 = 8 << 20;

/// How `path` is named in errors: relative to the data directory `dir`, with `/`.
pub fn shown(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Where `path` leads once every link is resolved, if that is inside `root` (the data
/// directory, itself resolved); an error naming the file (`shown`) otherwise.
pub fn inside(root: &Path, path: &Path, shown: &str) -> Result<PathBuf, IngestError> {
    let target = path.canonicalize().map_err(|source| IngestError::Io {
        file: shown.to_string(),
        source,
    })?;
    if target.starts_with(root) {
        Ok(target)
    } else {
        Err(IngestError::OutsideDataDir {
            file: shown.to_string(),
            target: target.display().to_string(),
        })
    }
}

/// Reads the curated file `relative` (`curated/facts.json`) of the data directory `dir`, if
/// there is one; a link leading outside the directory is an error.
pub fn read_curated(dir: &Path, relative: &str) -> Result<Option<String>, IngestError> {
    let path = dir.join(relative);
    if !path.exists() {
        return Ok(None);
    }
    let io = |source| IngestError::Io {
        file: relative.to_string(),
        source,
    };
    let root = dir.canonicalize().map_err(io)?;
    let target = inside(&root, &path, relative)?;
    std::fs::read_to_string(target).map(Some).map_err(io)
}

/// Reads a document or side-car, refusing one larger than [`MAX_DOCUMENT_BYTES`] before
/// reading it (and reading no more than that if it grows meanwhile).
pub fn read_document(path: &Path, shown: &str) -> Result<Vec<u8>, IngestError> {
    let io = |source| IngestError::Io {
        file: shown.to_string(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let too_large = |bytes| IngestError::TooLarge {
        file: shown.to_string(),
        bytes,
        limit: MAX_DOCUMENT_BYTES,
    };
    let length = file.metadata().map_err(io)?.len();
    if length > MAX_DOCUMENT_BYTES {
        return Err(too_large(length));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(length).unwrap_or(0));
    file.take(MAX_DOCUMENT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Lists the document files under `dir`, sorted, skipping `curated/`, side-cars and hidden
/// names. Symbolic links are followed when they lead inside `dir`, each folder once (a link
/// back up does not loop); every link leading outside is an error, as is a folder that
/// cannot be listed.
pub fn document_files(dir: &Path) -> Result<Vec<PathBuf>, Vec<IngestError>> {
    let root = dir.canonicalize().map_err(|source| {
        vec![IngestError::Io {
            file: dir.display().to_string(),
            source,
        }]
    })?;
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut listed = HashSet::from([root.clone()]);
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let io = |source| IngestError::Io {
            file: folder.display().to_string(),
            source,
        };
        let entries = match std::fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(e) => {
                errors.push(io(e));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    errors.push(io(e));
                    continue;
                }
            };
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with('.') {
                continue;
            }
            let link = entry.file_type().is_ok_and(|t| t.is_symlink());
            let target = if link {
                match inside(&root, &path, &shown(dir, &path)) {
                    Ok(target) => Some(target),
                    Err(e) => {
                        errors.push(e);
                        continue;
                    }
                }
            } else {
                None
            };
            if path.is_dir() {
                let skipped = folder == dir && name == "curated";
                // A folder reached twice (by a link and by its own path) is listed once.
                let resolved = target.or_else(|| path.canonicalize().ok());
                if !skipped && resolved.is_none_or(|r| listed.insert(r)) {
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
    if !errors.is_empty() {
        return Err(errors);
    }
    out.sort();
    Ok(out)
}
