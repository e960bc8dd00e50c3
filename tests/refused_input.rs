//! Bad arguments are refused with `BAD_USER_INPUT` and a message naming the argument and
//! saying why, and change nothing: cursors past any page, control characters in what a
//! write stores, file names the data directory cannot hold, facts about unknown entities.

mod common;

use common::writes::{copy_of_seed, files_in, post_as_admin, writer};
use common::{seed_data, TestServer};
use serde_json::{json, Value};

const INGEST: &str = "mutation($text: String!, $meta: DocumentMetadata, $name: String) {
  ingestDocument(text: $text, metadata: $meta, name: $name) { document { id } } }";

const ARTICLE: &str =
    "Tajikistan adopted the National Strategy on Information Security (NSIS), 2018.";

/// The code and message of an answer's first error (empty when it has none).
fn first_error(answer: &Value) -> (String, String) {
    let error = &answer["errors"][0];
    let text = |v: &Value| v.as_str().unwrap_or("").to_string();
    (text(&error["extensions"]["code"]), text(&error["message"]))
}

#[tokio::test]
async fn a_cursor_whose_next_offset_overflows_is_refused_not_wrapped_to_the_first_page() {
    let server = TestServer::start(&seed_data()).await;
    let last = format!("cursor:{}", u64::MAX);
    for query in [
        format!(
            r#"{{ country(code: "PK") {{ relations(first: 2, after: "{last}") {{ edges {{ cursor }} }} }} }}"#
        ),
        format!(r#"{{ entities(first: 2, after: "{last}") {{ id }} }}"#),
        format!(r#"{{ countries(first: 2, after: "{last}") {{ id }} }}"#),
    ] {
        let (code, message) = server.error(&query).await;
        assert_eq!(code, "BAD_USER_INPUT", "{query}: {message}");
        assert!(
            message.contains("argument 'after'") && message.contains(&last),
            "{message}"
        );
    }
    // The largest offset that still has a next one is an empty page, not an error.
    let near = format!("cursor:{}", u64::MAX - 1);
    let data = server
        .data(&format!(
            r#"{{ entities(first: 2, after: "{near}") {{ id }} }}"#
        ))
        .await;
    assert_eq!(data["entities"], serde_json::json!([]));
}

#[tokio::test]
async fn a_document_name_the_data_directory_cannot_hold_is_refused_with_why() {
    let dir = copy_of_seed("names");
    let server = writer(&dir, false).await;
    let before = server.data("{ stats { documents } }").await;
    let long = "a".repeat(300);
    let cases = [
        (
            json!({ "name": long }),
            "argument 'name'",
            "at most 100 bytes",
        ),
        (json!({ "name": "tj/../outside" }), "argument 'name'", "'/'"),
        (
            json!({ "name": "two words" }),
            "argument 'name'",
            "letters, digits",
        ),
        (
            json!({ "name": "--" }),
            "argument 'name'",
            "no letter or digit",
        ),
        (
            json!({ "meta": { "id": format!("doc:{long}") } }),
            "metadata.id",
            "at most 100 bytes",
        ),
    ];
    for (mut variables, field, why) in cases {
        variables["text"] = json!(ARTICLE);
        let answer = post_as_admin(&server.base, INGEST, variables.clone()).await;
        let (code, message) = first_error(&answer);
        assert_eq!(code, "BAD_USER_INPUT", "{variables}: {answer}");
        assert!(
            message.contains(field) && message.contains(why),
            "{variables}: {message}"
        );
    }
    assert_eq!(
        files_in(&dir.join("documents/submitted")),
        Vec::<String>::new()
    );
    assert_eq!(server.data("{ stats { documents } }").await, before);
    // Letters, digits, '-' and '_' up to the limit are a name.
    let name = format!("tj_{}", "s".repeat(97));
    let answer = post_as_admin(
        &server.base,
        INGEST,
        json!({ "text": ARTICLE, "name": name }),
    )
    .await;
    assert!(answer.get("errors").is_none(), "{answer}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn control_characters_in_what_a_write_stores_are_refused_naming_the_field() {
    let dir = copy_of_seed("controls");
    let server = writer(&dir, false).await;
    let cases = [
        (
            json!({ "text": ARTICLE, "meta": { "title": "Bell\u{7} title" } }),
            "metadata.title",
        ),
        (
            json!({ "text": ARTICLE, "meta": { "publisher": "Wire\u{0}" } }),
            "metadata.publisher",
        ),
        (
            json!({ "text": ARTICLE, "meta": { "country": "T\u{1b}J" } }),
            "metadata.country",
        ),
        (
            json!({ "text": format!("{ARTICLE}\nA bell\u{7} rings.") }),
            "argument 'text': line 2",
        ),
    ];
    for (variables, field) in cases {
        let answer = post_as_admin(&server.base, INGEST, variables.clone()).await;
        let (code, message) = first_error(&answer);
        assert_eq!(code, "BAD_USER_INPUT", "{variables}: {answer}");
        assert!(
            message.contains(field) && message.contains("control character U+"),
            "{variables}: {message}"
        );
    }
    assert_eq!(
        files_in(&dir.join("documents/submitted")),
        Vec::<String>::new()
    );
    let add = "mutation($f: JSON!) { addFact(fact: $f) { version } }";
    let fact = |name: &str, note: &str| {
        json!({ "id": "pk-controls", "note": note, "recorded": "2024-01-10",
            "entities": [ { "id": "policy:PK:controls", "kind": "POLICY", "name": name, "country": "PK" } ] })
    };
    for (fact, field) in [
        (fact("Bell\u{7}", "A note."), "fact.entities[0].name"),
        (fact("Name", "A note\u{0}"), "fact.note"),
    ] {
        let answer = post_as_admin(&server.base, add, json!({ "f": fact })).await;
        let (code, message) = first_error(&answer);
        assert_eq!(code, "BAD_USER_INPUT", "{answer}");
        assert!(
            message.contains(field) && message.contains("control character U+"),
            "{message}"
        );
    }
    assert!(
        !dir.join("curated/facts.json").exists(),
        "nothing was written"
    );
    // Tabs, line and page breaks are text, whatever the line endings.
    let answer = post_as_admin(
        &server.base,
        INGEST,
        json!({ "text": format!("{ARTICLE}\r\n\tIndented.\u{c}\r\nNext page."), "name": "breaks" }),
    )
    .await;
    assert!(answer.get("errors").is_none(), "{answer}");
    let _ = std::fs::remove_dir_all(&dir);
}
