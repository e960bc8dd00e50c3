//! Bad arguments are refused with `BAD_USER_INPUT` and a message naming the argument and
//! saying why, and change nothing: cursors past any page, control characters in what a
//! write stores, file names the data directory cannot hold, facts about unknown entities.

mod common;

use common::{seed_data, TestServer};

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
