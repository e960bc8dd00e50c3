//! What an interrupted run leaves in the data directory, removed at start-up before the
//! first load: temporary files of writes stopped before their rename (`kill -9`, a power
//! cut), and side-cars in `documents/submitted/` whose document never arrived (a crash
//! between the two renames of [`super::atomic::write_pair`]).
//!
//! Only the folders the store writes into are cleaned, and only files of its own naming:
//! anywhere else a person may have put a side-car first and be about to add its text.

use std::fs;
use std::path::{Path, PathBuf};

use super::atomic::is_temporary;
use super::{CURATED, SUBMITTED};

/// Removes what an interrupted write left under `dir` and returns what was removed; a file
/// that cannot be removed is logged and left.
pub(super) fn clean_up(dir: &Path) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    for folder in [SUBMITTED, CURATED] {
        let folder = dir.join(folder);
        // No folder yet: nothing was ever written there.
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            let lone_side_car = folder.ends_with(SUBMITTED)
                && name
                    .strip_suffix(".meta.json")
                    .is_some_and(|document| !folder.join(document).exists());
            let left = is_temporary(&name) || lone_side_car;
            if left && entry.file_type().is_ok_and(|t| t.is_file()) {
                let path = entry.path();
                match fs::remove_file(&path) {
                    Ok(()) => removed.push(path),
                    Err(e) => tracing::warn!("cannot remove {}: {e}", path.display()),
                }
            }
        }
    }
    removed
}
