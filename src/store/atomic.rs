//! Writing a file so that a crash at any moment leaves either the old content or the new,
//! never a mix: write a temporary file beside it, fsync it, rename it over the target, fsync
//! the directory so the rename itself is durable.

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Atomically replaces (or creates) `path` with `bytes`, creating parent folders.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(
        ".{name}.tmp-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut file = File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temp, path)?;
        File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_files_and_leaves_no_temporaries() {
        let dir = std::env::temp_dir().join(format!("cyberkg-atomic-{}", std::process::id()));
        let target = dir.join("a/b.json");
        write_atomic(&target, b"first").unwrap_or_else(|e| panic!("{e}"));
        write_atomic(&target, b"second").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(fs::read(&target).ok(), Some(b"second".to_vec()));
        let leftovers = fs::read_dir(dir.join("a")).map(|d| d.count()).unwrap_or(0);
        assert_eq!(leftovers, 1);
        let _ = fs::remove_dir_all(&dir);
    }
}
