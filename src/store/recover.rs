//! What an interrupted run leaves in the data directory, removed at start-up before the
//! first load: side-cars in `documents/submitted/` whose document never arrived (a crash
//! between the two renames of [`super::atomic::write_pair`]).
//!
//! Only the store's own folder is cleaned: anywhere else a person may have put a side-car
//! first and be about to add its text.

use std::fs;
use std::path::{Path, PathBuf};

use super::SUBMITTED;

/// Removes what an interrupted write left under `dir` and returns what was removed; a file
/// that cannot be removed is logged and left.
pub(super) fn clean_up(dir: &Path) -> Vec<PathBuf> {
    let submitted = dir.join(SUBMITTED);
    // No folder yet: nothing was ever submitted.
    let Ok(entries) = fs::read_dir(&submitted) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let lone_side_car = name
            .strip_suffix(".meta.json")
            .is_some_and(|document| !submitted.join(document).exists());
        if lone_side_car && entry.file_type().is_ok_and(|t| t.is_file()) {
            let path = entry.path();
            match fs::remove_file(&path) {
                Ok(()) => removed.push(path),
                Err(e) => tracing::warn!("cannot remove {}: {e}", path.display()),
            }
        }
    }
    removed
}
