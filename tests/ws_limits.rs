//! The WebSocket keeps the limits HTTP has, and some of its own: an initialisation deadline,
//! a cap on operations open at once, the client's request rate per operation, the execution
//! limit, a message size cap, and a close for a client whose operations keep being refused.
//! Errors carry the same codes as over HTTP. Against child processes with small limits.

mod common;

use std::time::{Duration, Instant};

use common::child::ChildServer;
use common::seed_data;
use common::ws::{ws_answer, ws_connect, ws_subscribe, Ws};
use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message;

/// A graphql-transport-ws connection that has not sent `connection_init`.
#[expect(
    clippy::expect_used,
    reason = "a broken test set-up must fail the test loudly"
)]
async fn uninitialised(base: &str) -> Ws {
    let url = format!("{}/graphql/ws", base.replacen("http", "ws", 1));
    let mut request =
        tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(url)
            .expect("request");
    request.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().expect("header"),
    );
    tokio_tungstenite::connect_async(request)
        .await
        .expect("connect")
        .0
}

/// The close code the server ends `ws` with, within 10 s; `None` if it does not close.
async fn close_code(ws: &mut Ws) -> Option<u16> {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        match tokio::time::timeout(Duration::from_secs(10), ws.next()).await {
            Ok(Some(Ok(Message::Close(frame)))) => return frame.map(|f| u16::from(f.code)),
            Ok(Some(Ok(_))) => continue,
            _ => return None,
        }
    }
    None
}

fn code(answer: &serde_json::Value) -> &str {
    answer["payload"]["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("")
}

#[tokio::test]
async fn a_connection_that_never_initialises_is_closed_at_the_deadline() {
    let server = ChildServer::start(&seed_data(), &["--ws-init-timeout-ms", "800"]).await;
    let mut ws = uninitialised(&server.base).await;
    let started = Instant::now();
    assert_eq!(close_code(&mut ws).await, Some(4408));
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn operations_past_the_cap_are_refused_and_an_offender_is_closed() {
    let server = ChildServer::start(&seed_data(), &["--ws-max-operations", "4"]).await;
    let mut ws = ws_connect(&server.base).await;
    for i in 0..4 {
        ws_subscribe(
            &mut ws,
            &format!("s{i}"),
            "subscription { graphChanged { version } }",
        )
        .await;
    }
    ws_subscribe(&mut ws, "over", "subscription { graphChanged { version } }").await;
    let answer = ws_answer(&mut ws, "over").await;
    assert_eq!(code(&answer), "RATE_LIMITED", "{answer}");
    // A client that keeps pushing is closed (policy violation) after a hundred refusals.
    for i in 0..120 {
        let message = serde_json::json!({ "id": format!("x{i}"), "type": "subscribe", "payload": { "query": "subscription { graphChanged { version } }" } });
        if ws.send(Message::text(message.to_string())).await.is_err() {
            break;
        }
    }
    assert_eq!(close_code(&mut ws).await, Some(1008));
}

#[tokio::test]
async fn each_operation_counts_against_the_client_rate() {
    let server = ChildServer::start(
        &seed_data(),
        &["--rate-per-second", "5", "--rate-burst", "5"],
    )
    .await;
    let mut ws = ws_connect(&server.base).await;
    let mut codes = Vec::new();
    for i in 0..12 {
        let id = format!("q{i}");
        ws_subscribe(&mut ws, &id, "{ stats { entities } }").await;
        codes.push(code(&ws_answer(&mut ws, &id).await).to_string());
    }
    let limited = codes.iter().filter(|c| *c == "RATE_LIMITED").count();
    assert!(limited >= 5, "{codes:?}");
    assert_eq!(codes[0], "", "the first operations are answered");
}

#[tokio::test]
async fn the_execution_limit_and_error_codes_hold_over_the_websocket() {
    let server =
        ChildServer::start(&seed_data(), &["--timeout-ms", "1", "--max-aliases", "500"]).await;
    let mut ws = ws_connect(&server.base).await;
    let heavy: String = (0..40)
        .map(|i| format!("c{i}: cooperationNetwork {{ centrality {{ pagerank }} }} p{i}: paths(from: \"country:PK\", to: \"country:TJ\", maxLength: 6, limit: 50) {{ length }} "))
        .collect();
    let started = Instant::now();
    ws_subscribe(&mut ws, "heavy", &format!("{{ {heavy} }}")).await;
    let answer = ws_answer(&mut ws, "heavy").await;
    assert_eq!(code(&answer), "TIMEOUT", "{answer}");
    assert!(started.elapsed() < Duration::from_secs(3));
    ws_subscribe(&mut ws, "invalid", "{ nothing }").await;
    let answer = ws_answer(&mut ws, "invalid").await;
    assert_eq!(code(&answer), "GRAPHQL_VALIDATION_FAILED", "{answer}");
    ws_subscribe(&mut ws, "syntax", "{ stats {").await;
    let answer = ws_answer(&mut ws, "syntax").await;
    assert_eq!(code(&answer), "GRAPHQL_PARSE_FAILED", "{answer}");
}

#[tokio::test]
async fn a_message_over_the_size_cap_closes_the_connection() {
    let mut server = ChildServer::start(&seed_data(), &["--ws-max-message-bytes", "1024"]).await;
    let mut ws = ws_connect(&server.base).await;
    let long = format!("{{ stats {{ entities }} }} # {}", "x".repeat(2_000));
    ws_subscribe(&mut ws, "long", &long).await;
    let closed = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match ws.next().await {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return true,
                Some(Ok(_)) => continue,
            }
        }
    })
    .await;
    assert_eq!(closed, Ok(true));
    assert!(server.alive());
}

#[tokio::test]
async fn websockets_keep_their_place_in_the_connection_caps() {
    let server = ChildServer::start(&seed_data(), &["--max-connections-per-ip", "3"]).await;
    let mut open = Vec::new();
    for _ in 0..3 {
        open.push(ws_connect(&server.base).await);
    }
    // A fourth connection from the same address is closed at once.
    let url = format!("{}/graphql/ws", server.base.replacen("http", "ws", 1));
    let fourth = tokio::time::timeout(
        Duration::from_secs(5),
        tokio_tungstenite::connect_async(url),
    )
    .await;
    assert!(
        matches!(fourth, Ok(Err(_))),
        "a fourth connection was let in"
    );
    drop(open);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let _again = ws_connect(&server.base).await;
}

#[tokio::test]
async fn a_client_that_only_listens_answers_pings_and_keeps_its_subscription() {
    let server = ChildServer::start(&seed_data(), &["--ws-idle-timeout-ms", "900"]).await;
    let mut ws = ws_connect(&server.base).await;
    ws_subscribe(
        &mut ws,
        "changes",
        "subscription { graphChanged { version } }",
    )
    .await;
    // tungstenite answers pings by itself while the stream is read; a silent client that reads
    // stays connected well past the idle timeout.
    let outcome = tokio::time::timeout(Duration::from_millis(2_500), async {
        loop {
            match ws.next().await {
                Some(Ok(Message::Close(frame))) => return Some(frame),
                Some(Ok(_)) => continue,
                _ => return None,
            }
        }
    })
    .await;
    assert!(outcome.is_err(), "closed: {outcome:?}");
}
