//! Curated facts written through the API: a fact must name entities the graph holds or that
//! it declares itself, and what a rebuilt snapshot warns about is logged once, not again on
//! every later write.

mod common;

use std::sync::{Arc, Mutex};

use common::writes::{copy_of_seed, post_as_admin, writer};
use cyberkg::ingest::curated::Fact;
use cyberkg::store::Store;
use serde_json::{json, Value};

const ADD: &str = "mutation($f: JSON!) { addFact(fact: $f) { version relationsDelta } }";

#[tokio::test]
async fn a_fact_about_unknown_entities_is_refused_naming_them() {
    let dir = copy_of_seed("unknown-entities");
    let server = writer(&dir, false).await;
    let before = server.data("{ stats { entities relations } }").await;
    let fact = json!({ "id": "pk-unknown", "note": "A note.", "recorded": "2024-01-10",
        "relations": [
            { "kind": "ENACTED", "source": "country:PK", "target": "law:PK:no-such-law" },
            { "kind": "ADOPTED", "source": "country:ZZ", "target": "policy:PK:declared" } ],
        "entities": [ { "id": "policy:PK:declared", "kind": "POLICY", "name": "Declared", "country": "PK" } ] });
    let answer = post_as_admin(&server.base, ADD, json!({ "f": fact })).await;
    let error = &answer["errors"][0];
    assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT", "{answer}");
    let message = error["message"].as_str().unwrap_or("");
    assert!(
        message.contains("pk-unknown")
            && message.contains("law:PK:no-such-law")
            && message.contains("country:ZZ")
            && !message.contains("policy:PK:declared"),
        "{message}"
    );
    assert!(
        !dir.join("curated/facts.json").exists(),
        "nothing was written"
    );
    assert_eq!(
        server.data("{ stats { entities relations } }").await,
        before
    );
    // Entities the graph holds, and ones the fact declares, are known.
    let fact = json!({ "id": "pk-known", "note": "A note.", "recorded": "2024-01-10",
        "relations": [ { "kind": "ADOPTED", "source": "country:PK", "target": "policy:PK:declared" } ],
        "entities": [ { "id": "policy:PK:declared", "kind": "POLICY", "name": "Declared", "country": "PK" } ] });
    let answer = post_as_admin(&server.base, ADD, json!({ "f": fact })).await;
    assert!(answer.get("errors").is_none(), "{answer}");
    let data = server
        .data(r#"{ relation(id: "ADOPTED:country:PK->policy:PK:declared") { id } }"#)
        .await;
    assert!(data["relation"].is_object(), "{data}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Log lines kept in memory.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut logs) = self.0.lock() {
            logs.extend_from_slice(bytes);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Logs {
    fn count(&self, needle: &str) -> usize {
        self.0
            .lock()
            .map(|logs| String::from_utf8_lossy(&logs).matches(needle).count())
            .unwrap_or(0)
    }
}

#[expect(
    clippy::expect_used,
    reason = "a broken test set-up must fail the test loudly"
)]
fn fact(value: Value) -> Fact {
    serde_json::from_value(value).expect("a fact")
}

// One thread: the store logs on the test's thread, where the capturing subscriber is set.
#[tokio::test(flavor = "current_thread")]
async fn a_warning_of_the_data_directory_is_logged_once_not_on_every_write() {
    let dir = copy_of_seed("warnings-once");
    // A hand-written fact about an entity nothing defines: the snapshot leaves its relation
    // out and warns.
    std::fs::write(
        dir.join("curated/facts.json"),
        r#"{ "facts": [ { "id": "hand-written", "note": "By hand.", "recorded": "2024",
            "relations": [ { "kind": "ENACTED", "source": "country:PK", "target": "law:PK:nowhere" } ] } ] }"#,
    )
    .expect("facts");
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _logging = tracing::subscriber::set_default(subscriber);
    let store = Store::new(&dir);
    store.reload("startup").await.expect("loads");
    let warning = "ENACTED:country:PK->law:PK:nowhere names an entity that no document defines";
    assert_eq!(logs.count(warning), 1, "warned at start-up");
    for id in ["first-write", "second-write"] {
        store
            .add_fact(fact(json!({ "id": id, "note": "A note.", "recorded": "2024",
                "relations": [ { "kind": "ENACTED", "source": "country:PK", "target": "law:PK:peca-2016" } ] })))
            .await
            .expect("written");
    }
    assert_eq!(logs.count(warning), 1, "not warned again by later writes");
    let _ = std::fs::remove_dir_all(&dir);
}
