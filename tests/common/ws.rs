//! GraphQL over WebSocket (graphql-transport-ws) from tests: connect, send, read answers.

#![allow(dead_code)]

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

pub type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A graphql-transport-ws connection to the server, initialised and acknowledged.
#[expect(
    clippy::expect_used,
    reason = "a broken test set-up must fail the test loudly"
)]
pub async fn ws_connect(base: &str) -> Ws {
    let url = format!("{}/graphql/ws", base.replacen("http", "ws", 1));
    let mut request =
        tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(url)
            .expect("request");
    request.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().expect("header"),
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(request)
        .await
        .expect("connect");
    ws.send(Message::text(
        json!({ "type": "connection_init" }).to_string(),
    ))
    .await
    .expect("init");
    let ack = ws_next(&mut ws).await;
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    ws
}

/// The next GraphQL message of `ws` as JSON, within ten seconds (pings and pongs, which the
/// server sends to keep the connection alive, are skipped).
#[expect(
    clippy::expect_used,
    reason = "a broken test set-up must fail the test loudly"
)]
pub async fn ws_next(ws: &mut Ws) -> Value {
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .expect("a message in time")
            .expect("frame")
            .expect("frame");
        if matches!(frame, Message::Ping(_) | Message::Pong(_)) {
            continue;
        }
        return serde_json::from_str(frame.to_text().unwrap_or("{}")).expect("json");
    }
}

/// The answer (`next` or `error`) to operation `id`, skipping other messages.
pub async fn ws_answer(ws: &mut Ws, id: &str) -> Value {
    loop {
        let message = ws_next(ws).await;
        if message["id"] == id && message["type"] != "complete" {
            return message;
        }
    }
}

/// The first error message of an answer.
pub fn ws_error(answer: &Value) -> &str {
    answer["payload"]["errors"][0]["message"]
        .as_str()
        .unwrap_or("")
}

/// Sends one graphql-transport-ws `subscribe` message for `query` under `id`.
#[expect(
    clippy::expect_used,
    reason = "a broken test set-up must fail the test loudly"
)]
pub async fn ws_subscribe(ws: &mut Ws, id: &str, query: &str) {
    let message = json!({ "id": id, "type": "subscribe", "payload": { "query": query } });
    ws.send(Message::text(message.to_string()))
        .await
        .expect("send");
}
