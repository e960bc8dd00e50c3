//! Writing files so that a crash at any moment leaves either the old content or the new,
//! never a mix: write a temporary file beside the target, fsync it, rename it over the
//! target, fsync the directory so the rename itself is durable. Two files that belong
//! together (a document and its side-car) are both staged before either is renamed.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// The name of a temporary file for the target `name`: `.<name>.tmp-<process id>-<counter>`,
/// hidden (the loader skips names starting with a dot) and unique among concurrent writes.
fn temporary_name(name: &str) -> String {
    format!(
        ".{name}.tmp-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Whether `name` is one [`temporary_name`] gives: what a write interrupted before its
/// rename (`kill -9`, a power cut) leaves behind.
pub(super) fn is_temporary(name: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    name.strip_prefix('.')
        .and_then(|rest| rest.rsplit_once(".tmp-"))
        .and_then(|(target, suffix)| Some((target, suffix.split_once('-')?)))
        .is_some_and(|(target, (process, counter))| {
            !target.is_empty() && digits(process) && digits(counter)
        })
}

/// Writes `bytes` to a new temporary file beside `path` (creating parent folders) and syncs
/// it; removes it again if that fails.
fn stage(path: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(temporary_name(&name));
    let written = (|| {
        let mut file = File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    match written {
        Ok(()) => Ok(temp),
        Err(e) => {
            let _ = fs::remove_file(&temp);
            Err(e)
        }
    }
}

/// Makes a rename in the folder of `path` durable.
fn sync_folder_of(path: &Path) -> std::io::Result<()> {
    File::open(path.parent().unwrap_or(Path::new(".")))?.sync_all()
}

/// Atomically replaces (or creates) `path` with `bytes`, creating parent folders.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temp = stage(path, bytes)?;
    let result = fs::rename(&temp, path).and_then(|()| sync_folder_of(path));
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Creates two new files that must exist both or neither: `first` (a side-car) and `last`
/// (the document it describes). Both are staged and synced before either is renamed into
/// place, `last` last; if anything fails, what was placed is removed again, so an error
/// means that neither file exists.
///
/// A crash between the two renames leaves `first` alone, so `first` must mean nothing
/// without `last` (the loader reads a side-car only beside its document, and start-up
/// removes lone ones the store wrote).
pub fn write_pair(first: (&Path, &[u8]), last: (&Path, &[u8])) -> std::io::Result<()> {
    let first_temp = stage(first.0, first.1)?;
    let last_temp = match stage(last.0, last.1) {
        Ok(temp) => temp,
        Err(e) => {
            let _ = fs::remove_file(&first_temp);
            return Err(e);
        }
    };
    let mut placed: Vec<&Path> = Vec::new();
    let result = (|| {
        fs::rename(&first_temp, first.0)?;
        placed.push(first.0);
        fs::rename(&last_temp, last.0)?;
        placed.push(last.0);
        sync_folder_of(first.0)?;
        sync_folder_of(last.0)
    })();
    if result.is_err() {
        for path in [first_temp.as_path(), last_temp.as_path()]
            .into_iter()
            .chain(placed)
        {
            let _ = fs::remove_file(path);
        }
        // Best effort: the removals themselves made durable.
        let _ = sync_folder_of(first.0);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("cyberkg-atomic-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    #[test]
    fn replaces_whole_files_and_leaves_no_temporaries() {
        let dir = scratch("replace");
        let target = dir.join("a/b.json");
        write_atomic(&target, b"first").unwrap_or_else(|e| panic!("{e}"));
        write_atomic(&target, b"second").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(fs::read(&target).ok(), Some(b"second".to_vec()));
        assert_eq!(names(&dir.join("a")), ["b.json"]);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn temporaries_are_recognised_by_their_name_alone() {
        assert!(is_temporary(&temporary_name("facts.json")));
        assert!(is_temporary(".d.txt.meta.json.tmp-12-0"));
        for name in [
            ".tmp-1-2",
            "d.txt.tmp-1-2",
            ".d.txt.tmp-1",
            ".d.txt.tmp-a-2",
            ".d.txt",
        ] {
            assert!(!is_temporary(name), "{name}");
        }
    }

    #[test]
    fn a_pair_is_written_whole() {
        let dir = scratch("pair");
        let (side_car, text) = (dir.join("d.txt.meta.json"), dir.join("d.txt"));
        write_pair((&side_car, b"{}"), (&text, b"text")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(names(&dir), ["d.txt", "d.txt.meta.json"]);
        assert_eq!(fs::read(&text).ok(), Some(b"text".to_vec()));
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_pair_whose_second_file_cannot_be_placed_leaves_neither() {
        let dir = scratch("half-pair");
        // A folder where the text should go: its rename fails after the side-car's.
        fs::create_dir_all(dir.join("d.txt/inside")).unwrap_or_else(|e| panic!("{e}"));
        let (side_car, text) = (dir.join("d.txt.meta.json"), dir.join("d.txt"));
        assert!(write_pair((&side_car, b"{}"), (&text, b"text")).is_err());
        assert_eq!(names(&dir), ["d.txt"], "no side-car and no temporaries");
        let _ = fs::remove_dir_all(&dir);
    }
}
