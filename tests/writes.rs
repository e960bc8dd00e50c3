//! Writes through the API: authentication, validation, durability across restarts, the
//! `graphChanged` subscription and reloads of hand-made changes.

mod common;

use std::time::Duration;

use common::writes::{copy_of_seed, writer, TOKEN};
use common::ws::{ws_answer, ws_connect, ws_error};
use common::{seed_data, TestServer};
use cyberkg::server::ServerConfig;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

/// A GraphQL POST, with the admin token when given.
fn graphql_request(
    server: &TestServer,
    token: Option<&str>,
    query: &str,
    variables: Value,
) -> reqwest::RequestBuilder {
    let request = server
        .client
        .post(format!("{}/graphql", server.base))
        .json(&json!({ "query": query, "variables": variables }));
    match token {
        Some(token) => request.bearer_auth(token),
        None => request,
    }
}

#[expect(
    clippy::expect_used,
    reason = "a broken test set-up must fail the test loudly"
)]
async fn post_as(server: &TestServer, token: Option<&str>, query: &str, variables: Value) -> Value {
    graphql_request(server, token, query, variables)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json")
}

const INGEST: &str = "mutation($text: String!, $meta: DocumentMetadata, $name: String) {
  ingestDocument(text: $text, metadata: $meta, name: $name) {
    document { id published } entities { id } relations { id } indicators explanation version unparsedLines { line text }
  } }";

const ARTICLE: &str = "Tajikistan adopted the National Strategy on Information Security (NSIS), 2018. The Ministry of Transport and Communications (MTC) as a designated organization to deal with Cyber Security formulated the strategy.";

#[tokio::test]
async fn writes_need_the_admin_token_and_are_disabled_without_one() {
    let read_only = TestServer::start(&seed_data()).await;
    let response = post_as(&read_only, Some(TOKEN), INGEST, json!({ "text": ARTICLE })).await;
    assert_eq!(
        response["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{response}"
    );
    let dir = copy_of_seed("auth");
    let server = writer(&dir, false).await;
    for token in [None, Some("wrong"), Some("test-admin-token-012345678X")] {
        let response = post_as(&server, token, INGEST, json!({ "text": ARTICLE })).await;
        assert_eq!(
            response["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
            "{token:?}: {response}"
        );
    }
    assert!(
        !dir.join("documents/submitted").exists(),
        "nothing was written"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn an_ingested_document_is_served_at_once_and_survives_a_restart() {
    let dir = copy_of_seed("ingest");
    let meta = json!({ "published": "2024-02-01", "country": "TJ", "publisher": "Test Wire", "title": "Tajikistan strategy" });
    {
        let server = writer(&dir, false).await;
        let response = post_as(
            &server,
            Some(TOKEN),
            INGEST,
            json!({ "text": ARTICLE, "meta": meta, "name": "tj-strategy" }),
        )
        .await;
        let result = &response["data"]["ingestDocument"];
        assert!(response["errors"].is_null(), "{response}");
        assert_eq!(result["document"]["published"], "2024-02-01");
        assert!(
            result["explanation"]
                .as_str()
                .unwrap_or("")
                .starts_with("stored"),
            "{result}"
        );
        let entities: Vec<&str> = result["entities"]
            .as_array()
            .map(|a| a.iter().filter_map(|e| e["id"].as_str()).collect())
            .unwrap_or_default();
        assert!(entities.contains(&"policy:TJ:nsis-2018"), "{entities:?}");
        let data = server.data(r#"{ country(code: "TJ") { agencies { id } posture(asOf: "2025") { indicators { code status } } } }"#).await;
        assert!(data.to_string().contains("agency:TJ:mtc"), "{data}");
        let again = post_as(
            &server,
            Some(TOKEN),
            INGEST,
            json!({ "text": ARTICLE, "name": "tj-strategy" }),
        )
        .await;
        assert_eq!(
            again["errors"][0]["extensions"]["code"], "CONFLICT",
            "{again}"
        );
    }
    assert!(dir.join("documents/submitted/tj-strategy.txt").exists());
    assert!(dir
        .join("documents/submitted/tj-strategy.txt.meta.json")
        .exists());
    let restarted = TestServer::start(&dir).await;
    let data = restarted
        .data(r#"{ node(id: "policy:TJ:nsis-2018") { name } documents { id } }"#)
        .await;
    assert_eq!(
        data["node"]["name"],
        "National Strategy on Information Security 2018"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn bad_documents_are_refused_with_where_and_why_and_change_nothing() {
    let dir = copy_of_seed("bad");
    let server = writer(&dir, false).await;
    let before = server
        .data("{ stats { entities relations documents } }")
        .await;
    let response = post_as(
        &server,
        Some(TOKEN),
        INGEST,
        json!({ "text": "CYBERWELLNESS PROFILE\n\nKINGDOM OF NOWHERE\n", "name": "nowhere" }),
    )
    .await;
    assert_eq!(
        response["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{response}"
    );
    let message = response["errors"][0]["message"].as_str().unwrap_or("");
    assert!(
        message.contains("nowhere.txt:3") && message.contains("KINGDOM OF NOWHERE"),
        "{message}"
    );
    let response = post_as(&server, Some(TOKEN), INGEST, json!({ "text": "   " })).await;
    assert_eq!(
        response["errors"][0]["extensions"]["code"],
        "BAD_USER_INPUT"
    );
    let response = post_as(
        &server,
        Some(TOKEN),
        INGEST,
        json!({ "text": ARTICLE, "meta": { "published": "2024-13-01" } }),
    )
    .await;
    assert_eq!(
        response["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{response}"
    );
    assert!(
        !dir.join("documents/submitted").exists()
            || std::fs::read_dir(dir.join("documents/submitted"))
                .map(|d| d.count())
                .unwrap_or(0)
                == 0
    );
    assert_eq!(
        server
            .data("{ stats { entities relations documents } }")
            .await,
        before
    );
    let response = post_as(
        &server,
        Some(TOKEN),
        INGEST,
        json!({ "text": ARTICLE, "meta": { "id": "!!!" } }),
    )
    .await;
    assert_eq!(
        response["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{response}"
    );
    assert!(response["errors"][0]["message"]
        .as_str()
        .unwrap_or("")
        .contains("metadata.id"));
    // An article with nothing recognisable is accepted, with an explanation.
    let response = post_as(
        &server,
        Some(TOKEN),
        INGEST,
        json!({ "text": "The weather was fine and nothing happened.", "name": "weather" }),
    )
    .await;
    let result = &response["data"]["ingestDocument"];
    assert!(
        result["explanation"]
            .as_str()
            .unwrap_or("")
            .contains("no facts were recognised"),
        "{response}"
    );
    assert_eq!(result["relations"], json!([]));
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn curated_facts_can_be_added_and_retracted() {
    let dir = copy_of_seed("facts");
    let server = writer(&dir, false).await;
    let fact = json!({ "id": "pk-peca-assent", "note": "Presidential assent to PECA, 18 August 2016 (Gazette of Pakistan).",
        "recorded": "2024-01-10",
        "relations": [ { "kind": "ENACTED", "source": "country:PK", "target": "law:PK:peca-2016", "since": "2016-08-18" } ] });
    let add = "mutation($f: JSON!) { addFact(fact: $f) { version cause subject relationsDelta } }";
    let response = post_as(&server, Some(TOKEN), add, json!({ "f": fact })).await;
    assert_eq!(
        response["data"]["addFact"]["cause"], "addFact",
        "{response}"
    );
    let rel = server.data(r#"{ relation(id: "ENACTED:country:PK->law:PK:peca-2016") { since evidence { method document { id } } } }"#).await;
    assert_eq!(
        rel["relation"]["since"], "2016-08-18",
        "the precise curated date refines the year"
    );
    assert_eq!(
        rel["relation"]["evidence"].as_array().map(Vec::len),
        Some(2)
    );
    let duplicate = post_as(&server, Some(TOKEN), add, json!({ "f": fact })).await;
    assert_eq!(duplicate["errors"][0]["extensions"]["code"], "CONFLICT");
    let invalid = post_as(&server, Some(TOKEN), add, json!({ "f": { "id": "x", "note": "n", "recorded": "2024", "indicators": [ { "country": "country:PK", "code": "7.7", "status": "PRESENT", "since": null } ] } })).await;
    assert_eq!(
        invalid["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{invalid}"
    );
    assert!(invalid["errors"][0]["message"]
        .as_str()
        .unwrap_or("")
        .contains("7.7"));
    let retract = "mutation($id: ID!) { retractFact(id: $id) { cause subject } }";
    let response = post_as(
        &server,
        Some(TOKEN),
        retract,
        json!({ "id": "pk-peca-assent" }),
    )
    .await;
    assert_eq!(
        response["data"]["retractFact"]["subject"], "pk-peca-assent",
        "{response}"
    );
    let rel = server
        .data(r#"{ relation(id: "ENACTED:country:PK->law:PK:peca-2016") { since } }"#)
        .await;
    assert_eq!(rel["relation"]["since"], "2016");
    let missing = post_as(
        &server,
        Some(TOKEN),
        retract,
        json!({ "id": "pk-peca-assent" }),
    )
    .await;
    assert_eq!(missing["errors"][0]["extensions"]["code"], "NOT_FOUND");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn websocket_operations_pass_the_same_guard() {
    let dir = copy_of_seed("ws-guard");
    let server = writer(&dir, false).await;
    let mut ws = ws_connect(&server.base).await;
    let aliased: String = (0..60)
        .map(|i| format!("a{i}: stats {{ entities }} "))
        .collect();
    let refused = json!({ "id": "1", "type": "subscribe", "payload": { "query": format!("{{ {aliased} }}") } });
    ws.send(Message::text(refused.to_string()))
        .await
        .expect("send");
    let answer = ws_answer(&mut ws, "1").await;
    assert!(ws_error(&answer).contains("60 aliases"), "{answer}");
    assert_eq!(
        answer["payload"]["errors"][0]["extensions"]["code"],
        "QUERY_TOO_EXPENSIVE"
    );
    let costly = json!({ "id": "2", "type": "subscribe", "payload": { "query": "{ entities(first: 1000) { neighbors { neighbors { neighbors { id } } } } }" } });
    ws.send(Message::text(costly.to_string()))
        .await
        .expect("send");
    let answer = ws_answer(&mut ws, "2").await;
    assert!(ws_error(&answer).contains("would cost"), "{answer}");
    // The connection keeps serving a query within the limits.
    let fine =
        json!({ "id": "3", "type": "subscribe", "payload": { "query": "{ stats { entities } }" } });
    ws.send(Message::text(fine.to_string()))
        .await
        .expect("send");
    let answer = ws_answer(&mut ws, "3").await;
    assert!(answer["payload"]["errors"].is_null(), "{answer}");
    assert!(
        answer["payload"]["data"]["stats"]["entities"]
            .as_i64()
            .unwrap_or(0)
            > 0
    );
    // Both transports answer the same query with the same objects.
    let shapes = r#"{ entities(first: 2) { id name } country(code: "PK") { relations(first: 2) { edges { node { kind target { id } } } } } }"#;
    let plain = json!({ "id": "4", "type": "subscribe", "payload": { "query": shapes } });
    ws.send(Message::text(plain.to_string()))
        .await
        .expect("send");
    let answer = ws_answer(&mut ws, "4").await;
    let over_http = post_as(&server, None, shapes, json!({})).await;
    assert!(
        answer["payload"]["data"]["entities"][0]["id"].is_string(),
        "{answer}"
    );
    assert_eq!(answer["payload"]["data"], over_http["data"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn graph_changed_is_announced_over_websocket() {
    let dir = copy_of_seed("ws");
    let server = writer(&dir, false).await;
    let mut ws = ws_connect(&server.base).await;
    let subscribe = json!({ "id": "1", "type": "subscribe", "payload": { "query": "subscription { graphChanged { version cause subject entitiesDelta } }" } });
    ws.send(Message::text(subscribe.to_string()))
        .await
        .expect("subscribe");
    tokio::time::sleep(Duration::from_millis(200)).await;
    let response = post_as(&server, Some(TOKEN), INGEST, json!({ "text": ARTICLE, "meta": { "country": "TJ", "published": "2024" }, "name": "ws-doc" })).await;
    assert!(response["errors"].is_null(), "{response}");
    let next = tokio::time::timeout(Duration::from_secs(10), ws.next())
        .await
        .expect("an event in time")
        .expect("frame")
        .expect("frame");
    let event: Value = serde_json::from_str(next.to_text().unwrap_or("{}")).expect("json");
    assert_eq!(event["type"], "next", "{event}");
    let change = &event["payload"]["data"]["graphChanged"];
    assert_eq!(change["cause"], "ingestDocument");
    assert!(
        change["entitiesDelta"].as_i64().unwrap_or(0) > 0,
        "{change}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn hand_made_changes_are_picked_up_and_a_broken_one_keeps_the_old_graph() {
    let dir = copy_of_seed("watch");
    let server = writer(&dir, true).await;
    let count = |data: &Value| data["stats"]["documents"].as_i64().unwrap_or(0);
    let before = count(&server.data("{ stats { documents } }").await);
    std::fs::write(dir.join("documents/extra.txt"), ARTICLE).expect("write");
    std::fs::write(
        dir.join("documents/extra.txt.meta.json"),
        r#"{"country":"TJ","published":"2024"}"#,
    )
    .expect("write");
    let mut seen = false;
    for _ in 0..100 {
        if count(&server.data("{ stats { documents } }").await) == before + 1 {
            seen = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(seen, "the new document was not picked up");
    std::fs::write(
        dir.join("documents/broken.txt"),
        "CYBERWELLNESS PROFILE\nREPUBLIC OF NOWHERE\n",
    )
    .expect("write");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        count(&server.data("{ stats { documents } }").await),
        before + 1,
        "still serving the last good snapshot"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A response header as text, empty when absent.
fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// Posts a query and returns the `x-cyberkg-cache` header and the body as text.
#[expect(
    clippy::expect_used,
    reason = "a broken test set-up must fail the test loudly"
)]
async fn post_raw(
    server: &TestServer,
    token: Option<&str>,
    query: &str,
    variables: Value,
) -> (String, String) {
    let response = graphql_request(server, token, query, variables)
        .send()
        .await
        .expect("request");
    let cache = header(&response, "x-cyberkg-cache");
    (cache, response.text().await.expect("body"))
}

#[tokio::test]
async fn repeated_reads_are_answered_from_the_cache_until_the_graph_changes() {
    let dir = copy_of_seed("cache");
    let server = writer(&dir, false).await;
    let read = r#"query($id: ID!) { relation(id: $id) { since evidence { method } } }"#;
    let id = json!({ "id": "ENACTED:country:PK->law:PK:peca-2016" });
    let (first, before) = post_raw(&server, None, read, id.clone()).await;
    let (second, again) = post_raw(&server, None, read, id.clone()).await;
    assert_eq!((first.as_str(), second.as_str()), ("miss", "hit"));
    assert_eq!(
        before, again,
        "a cached answer is the answer, byte for byte"
    );
    assert!(before.contains(r#""since":"2016""#), "{before}");
    assert!(
        before.contains(r#""cost":"#),
        "what was spent is kept with the answer: {before}"
    );
    // Other variables are another question.
    let (other, _) = post_raw(&server, None, read, json!({ "id": "nothing" })).await;
    assert_ne!(other, "hit");

    // A write makes a new snapshot: the next read is computed on it.
    let fact = json!({ "id": "pk-peca-assent", "note": "Presidential assent to PECA, 18 August 2016 (Gazette of Pakistan).",
        "recorded": "2024-01-10",
        "relations": [ { "kind": "ENACTED", "source": "country:PK", "target": "law:PK:peca-2016", "since": "2016-08-18" } ] });
    let add = "mutation($f: JSON!) { addFact(fact: $f) { version } }";
    let (written, response) = post_raw(&server, Some(TOKEN), add, json!({ "f": fact })).await;
    assert!(response.contains(r#""version""#), "{response}");
    assert_ne!(written, "hit");
    let (after, changed) = post_raw(&server, None, read, id.clone()).await;
    assert_eq!(
        after, "miss",
        "a new snapshot is never answered from an old one"
    );
    assert!(changed.contains(r#""since":"2016-08-18""#), "{changed}");
    assert_eq!(
        post_raw(&server, None, read, id.clone()).await,
        ("hit".to_string(), changed)
    );

    // Mutations and answers with errors are never kept.
    let (repeat, conflict) = post_raw(&server, Some(TOKEN), add, json!({ "f": fact })).await;
    assert_ne!(repeat, "hit");
    assert!(
        conflict.contains("CONFLICT"),
        "the mutation ran again: {conflict}"
    );
    let broken = r#"{ neighborhood(id: "country:ZZ", depth: 1) { nodes { id } } }"#;
    for _ in 0..2 {
        let (cache, body) = post_raw(&server, None, broken, json!({})).await;
        assert!(body.contains("errors"), "{body}");
        assert_ne!(cache, "hit");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn the_response_cache_can_be_turned_off() {
    let server = TestServer::start_config(ServerConfig {
        response_cache_bytes: 0,
        ..ServerConfig::new(seed_data())
    })
    .await;
    for _ in 0..2 {
        let (cache, body) = post_raw(&server, None, "{ stats { entities } }", json!({})).await;
        assert_eq!(cache, "", "no cache header when the cache is off");
        assert!(body.contains("entities"), "{body}");
    }
}

/// `GET /export/<file>` with `If-None-Match`; returns the status, the `ETag` and the body size.
#[expect(
    clippy::expect_used,
    reason = "a broken test set-up must fail the test loudly"
)]
async fn export(server: &TestServer, file: &str, known: Option<&str>) -> (u16, String, usize) {
    let mut request = server.client.get(format!("{}/export/{file}", server.base));
    if let Some(tag) = known {
        request = request.header("if-none-match", tag);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    let tag = header(&response, "etag");
    (status, tag, response.bytes().await.expect("body").len())
}

#[tokio::test]
async fn exports_are_not_sent_again_until_the_graph_changes() {
    let dir = copy_of_seed("etag");
    let server = writer(&dir, false).await;
    let (status, tag, size) = export(&server, "graph.gexf", None).await;
    assert_eq!(status, 200);
    assert!(tag.starts_with('"') && size > 1_000, "{tag} {size}");
    let (status, again, size) = export(&server, "graph.gexf", Some(&tag)).await;
    assert_eq!((status, size), (304, 0), "the client has this file already");
    assert_eq!(again, tag);
    let (status, _, _) = export(&server, "graph.gexf", Some("\"something-else\"")).await;
    assert_eq!(status, 200);
    // Errors carry no tag.
    let (status, none, _) = export(&server, "neighborhood.gexf?id=country:ZZ", None).await;
    assert_eq!((status, none.as_str()), (404, ""));

    let add = "mutation($f: JSON!) { addFact(fact: $f) { version } }";
    let fact = json!({ "id": "pk-peca-assent", "note": "Presidential assent to PECA, 18 August 2016.",
        "recorded": "2024-01-10",
        "relations": [ { "kind": "ENACTED", "source": "country:PK", "target": "law:PK:peca-2016", "since": "2016-08-18" } ] });
    let response = post_as(&server, Some(TOKEN), add, json!({ "f": fact })).await;
    assert!(
        response["data"]["addFact"]["version"].is_number(),
        "{response}"
    );
    let (status, changed, size) = export(&server, "graph.gexf", Some(&tag)).await;
    assert_eq!(status, 200, "a new snapshot is a new file");
    assert_ne!(changed, tag);
    assert!(size > 1_000);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_write_that_outlasts_the_execution_limit_still_says_what_it_did() {
    let dir = copy_of_seed("slow-write");
    // A limit no write meets: a read would be cut short; a write runs to its end.
    let server = TestServer::start_config(ServerConfig {
        admin_token: Some(TOKEN.into()),
        http: cyberkg::server::HttpLimits {
            timeout_ms: 1,
            ..cyberkg::server::HttpLimits::default()
        },
        ..ServerConfig::new(dir.clone())
    })
    .await;
    let response = post_as(
        &server,
        Some(TOKEN),
        INGEST,
        json!({ "text": ARTICLE, "name": "slow", "meta": { "country": "TJ", "published": "2018" } }),
    )
    .await;
    assert!(response["errors"].is_null(), "{response}");
    assert!(
        response["data"]["ingestDocument"]["version"]
            .as_i64()
            .is_some(),
        "{response}"
    );
    assert!(dir.join("documents/submitted/slow.txt").exists());
    let _ = std::fs::remove_dir_all(&dir);
}
