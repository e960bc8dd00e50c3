//! What the loader refuses to read from a data directory, naming the file: a symbolic link
//! that leads outside the directory, and a document larger than the size cap.

mod common;

use std::path::Path;

use common::writes::copy_of_seed;
use cyberkg::ingest::{DocumentMeta, MAX_DOCUMENT_BYTES};
use cyberkg::store::{self, Store, StoreError};

const ARTICLE: &str =
    "Tajikistan adopted the National Strategy on Information Security (NSIS), 2018.";

/// Every problem the loader reports for `dir`, one per line (empty when it loads).
fn load_errors(dir: &Path) -> String {
    match store::load(dir) {
        Ok(_) => String::new(),
        Err(errors) => errors
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_leading_out_of_the_data_directory_is_refused_naming_it() {
    use std::os::unix::fs::symlink;
    let dir = copy_of_seed("links-out");
    let outside = dir.with_extension("outside");
    std::fs::create_dir_all(&outside).expect("outside");
    std::fs::write(outside.join("secret.txt"), ARTICLE).expect("outside file");
    symlink(outside.join("secret.txt"), dir.join("documents/leak.txt")).expect("file link");
    symlink(&outside, dir.join("documents/elsewhere")).expect("folder link");
    let errors = load_errors(&dir);
    for file in ["documents/leak.txt", "documents/elsewhere"] {
        assert!(
            errors
                .lines()
                .any(|l| l.starts_with(&format!("{file}: "))
                    && l.contains("outside the data directory")),
            "{file}: {errors}"
        );
    }
    assert!(
        !errors.contains("secret.txt:"),
        "nothing outside was read: {errors}"
    );
    // Links that stay inside are followed, once, even one back up to the top.
    std::fs::remove_file(dir.join("documents/leak.txt")).expect("unlink");
    std::fs::remove_file(dir.join("documents/elsewhere")).expect("unlink");
    std::fs::create_dir_all(dir.join(".kept")).expect("hidden folder");
    std::fs::write(dir.join(".kept/inside.txt"), ARTICLE).expect("inside file");
    symlink(
        dir.join(".kept/inside.txt"),
        dir.join("documents/inside.txt"),
    )
    .expect("link");
    symlink(&dir, dir.join("documents/top")).expect("link up");
    let graph = store::load(&dir).unwrap_or_else(|e| panic!("{e:?}"));
    let plain = copy_of_seed("links-none");
    let seed = store::load(&plain).unwrap_or_else(|e| panic!("{e:?}"));
    let _ = std::fs::remove_dir_all(&plain);
    assert_eq!(
        store::size(&graph).2,
        store::size(&seed).2 + 1,
        "the linked document is read once"
    );
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&outside);
}

#[test]
fn a_document_over_the_size_cap_is_refused_naming_its_size() {
    let dir = copy_of_seed("too-large");
    let file = std::fs::File::create(dir.join("documents/huge.txt")).expect("create");
    // Sparse: nothing is written, the file only says it is that long.
    file.set_len(MAX_DOCUMENT_BYTES + 1).expect("grow");
    let errors = load_errors(&dir);
    let size = (MAX_DOCUMENT_BYTES + 1).to_string();
    assert!(
        errors.starts_with("documents/huge.txt: ") && errors.contains(&size),
        "{errors}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_submitted_document_over_the_size_cap_is_refused_before_it_is_read() {
    let dir = copy_of_seed("too-large-write");
    let store = Store::new(&dir);
    store.reload("startup").await.expect("loads");
    let text = "a".repeat(usize::try_from(MAX_DOCUMENT_BYTES).unwrap_or(usize::MAX) + 1);
    match store
        .ingest_document(&text, DocumentMeta::default(), Some("huge"))
        .await
    {
        Err(StoreError::Invalid(message)) => {
            assert!(
                message.contains("argument 'text'") && message.contains("bytes"),
                "{message}"
            )
        }
        Err(other) => panic!("{other}"),
        Ok(_) => panic!("a document over the cap was stored"),
    }
    assert!(
        !dir.join("documents/submitted").exists(),
        "nothing was written"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
