//! A write that cannot be completed leaves the data directory as it was, and what an
//! interrupted run leaves behind is removed at the next start-up (and nothing else is).

mod common;

use common::child::ChildServer;
use common::writes::{copy_of_seed, files_in, post_as_admin, TOKEN};
use common::TestServer;
use serde_json::json;

const INGEST: &str = "mutation($text: String!, $meta: DocumentMetadata, $name: String) {
  ingestDocument(text: $text, metadata: $meta, name: $name) { document { id } } }";

const ARTICLE: &str =
    "Tajikistan adopted the National Strategy on Information Security (NSIS), 2018.";

#[tokio::test]
async fn a_document_whose_text_cannot_be_written_leaves_no_side_car_behind() {
    let dir = copy_of_seed("half-written");
    // Files may grow to 2 KiB (`sh` counts 512-byte blocks): the side-car fits and the text
    // does not, as when the disk fills up between the two. SIGXFSZ is ignored, so the write
    // fails instead of the process being killed.
    let server = ChildServer::spawn_after(
        "ulimit -f 4; trap '' XFSZ",
        &dir,
        &[],
        &[("CYBERKG_ADMIN_TOKEN", TOKEN)],
    );
    assert!(server.wait_healthy().await, "the server did not start");
    let documents = "{ stats { documents } }";
    let before = post_as_admin(&server.base, documents, json!({})).await;
    let meta = json!({ "country": "TJ", "published": "2024", "title": "Half written" });
    let long = format!(
        "{ARTICLE}\n{}",
        "Nothing else happened that day.\n".repeat(600)
    );
    let answer = post_as_admin(
        &server.base,
        INGEST,
        json!({ "text": long, "meta": meta, "name": "half" }),
    )
    .await;
    let error = &answer["errors"][0];
    assert_eq!(error["extensions"]["code"], "INTERNAL", "{answer}");
    assert!(
        error["message"]
            .as_str()
            .unwrap_or("")
            .contains("nothing was changed"),
        "{answer}"
    );
    let submitted = dir.join("documents/submitted");
    assert_eq!(
        files_in(&submitted),
        Vec::<String>::new(),
        "no file is left"
    );
    assert_eq!(
        post_as_admin(&server.base, documents, json!({})).await,
        before
    );
    // A document that fits is written whole.
    let answer = post_as_admin(
        &server.base,
        INGEST,
        json!({ "text": ARTICLE, "meta": meta, "name": "whole" }),
    )
    .await;
    assert!(answer.get("errors").is_none(), "{answer}");
    assert_eq!(files_in(&submitted), ["whole.txt", "whole.txt.meta.json"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_submitted_side_car_whose_text_never_arrived_is_removed_at_start_up() {
    let dir = copy_of_seed("orphans");
    let submitted = dir.join("documents/submitted");
    std::fs::create_dir_all(&submitted).expect("folder");
    let side_car = r#"{ "country": "TJ", "published": "2024" }"#;
    for (file, text) in [
        ("orphan.txt.meta.json", side_car),
        ("paired.txt", ARTICLE),
        ("paired.txt.meta.json", side_car),
    ] {
        std::fs::write(submitted.join(file), text).expect("write");
    }
    // Outside the store's own folder a side-car may wait for its text: it is kept.
    std::fs::write(dir.join("documents/by-hand.txt.meta.json"), side_car).expect("write");
    let server = TestServer::start(&dir).await;
    assert_eq!(files_in(&submitted), ["paired.txt", "paired.txt.meta.json"]);
    assert!(dir.join("documents/by-hand.txt.meta.json").exists());
    server.data("{ stats { documents } }").await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn temporaries_of_an_interrupted_write_are_removed_at_start_up_and_nothing_else() {
    let dir = copy_of_seed("temporaries");
    let submitted = dir.join("documents/submitted");
    let curated = dir.join("curated");
    std::fs::create_dir_all(&submitted).expect("folder");
    // What `kill -9` between creating a temporary and renaming it leaves.
    let stale = [
        submitted.join(".doc.txt.tmp-4242-0"),
        submitted.join(".doc.txt.meta.json.tmp-4242-1"),
        curated.join(".facts.json.tmp-4242-7"),
    ];
    // Not of the store's naming, or not in a folder it writes into.
    let kept = [
        submitted.join(".notes.tmp"),
        submitted.join(".doc.txt.tmp-4242"),
        submitted.join(".doc.txt.tmp-x-1"),
        submitted.join("doc.txt.tmp-4242-0"),
        curated.join(".facts.json.tmp-4242-"),
        dir.join("documents/.doc.txt.tmp-4242-0"),
    ];
    for path in stale.iter().chain(&kept) {
        std::fs::write(path, "partial").expect("write");
    }
    let _server = TestServer::start(&dir).await;
    for path in &stale {
        assert!(!path.exists(), "{} was left", path.display());
    }
    for path in &kept {
        assert!(path.exists(), "{} was removed", path.display());
    }
    let _ = std::fs::remove_dir_all(&dir);
}
