//! GraphQL over WebSocket (graphql-transport-ws) from the probes: connect, initialise, send
//! operations and read what comes back, each step within a deadline.

use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;

use crate::server::Target;

pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Longest a handshake, an acknowledgement or an answer may take.
pub const WS_TIMEOUT: Duration = Duration::from_secs(10);

/// Messages as large as 256 MiB are read, so an answer over the server's own limit is seen
/// (and measured) rather than refused by the client.
const LARGEST_MESSAGE: usize = 256 << 20;

/// A WebSocket to `/graphql/ws` speaking graphql-transport-ws, not yet initialised.
pub async fn connect(target: &Target) -> Result<Socket, String> {
    let mut request = target
        .ws_url()
        .into_client_request()
        .map_err(|e| e.to_string())?;
    request.headers_mut().insert(
        "sec-websocket-protocol",
        http_header("graphql-transport-ws"),
    );
    let config = WebSocketConfig::default()
        .max_message_size(Some(LARGEST_MESSAGE))
        .max_frame_size(Some(LARGEST_MESSAGE));
    let connecting = tokio_tungstenite::connect_async_with_config(request, Some(config), true);
    match tokio::time::timeout(WS_TIMEOUT, connecting).await {
        Ok(Ok((socket, _))) => Ok(socket),
        Ok(Err(e)) => Err(format!("handshake: {e}")),
        Err(_) => Err("handshake: no answer in 10 s".into()),
    }
}

fn http_header(value: &'static str) -> tokio_tungstenite::tungstenite::http::HeaderValue {
    tokio_tungstenite::tungstenite::http::HeaderValue::from_static(value)
}

/// A connected and acknowledged WebSocket (`connection_init`, then `connection_ack`).
pub async fn open(target: &Target) -> Result<Socket, String> {
    let mut socket = connect(target).await?;
    send(&mut socket, json!({ "type": "connection_init" })).await?;
    match next(&mut socket, Instant::now() + WS_TIMEOUT).await? {
        Frame::Text(message) if message["type"] == "connection_ack" => Ok(socket),
        other => Err(format!("no connection_ack: {}", other.summary())),
    }
}

/// Sends one JSON message.
pub async fn send(socket: &mut Socket, message: Value) -> Result<(), String> {
    match tokio::time::timeout(WS_TIMEOUT, socket.send(Message::text(message.to_string()))).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(format!("send: {e}")),
        Err(_) => Err("send: blocked for 10 s".into()),
    }
}

/// A `subscribe` message for `query` under `id`.
pub fn subscribe(id: &str, query: &str, variables: &Value) -> Value {
    json!({ "id": id, "type": "subscribe", "payload": { "query": query, "variables": variables } })
}

/// What the server sent next.
pub enum Frame {
    /// A text message, as JSON, and its size in bytes.
    Text(Value),
    /// The server closed: its close code (none when the TCP connection just ended).
    Closed(Option<u16>, String),
}

impl Frame {
    pub fn summary(&self) -> String {
        match self {
            Frame::Text(message) => format!("message {}", message["type"]),
            Frame::Closed(code, reason) => closed(*code, reason),
        }
    }
}

/// `closed 4429 "Too many requests"`, or `closed` without a close frame.
pub fn closed(code: Option<u16>, reason: &str) -> String {
    match (code, reason.is_empty()) {
        (Some(code), true) => format!("closed {code}"),
        (Some(code), false) => format!("closed {code} \"{reason}\""),
        (None, _) => "closed".to_string(),
    }
}

/// The next text message or the close, skipping pings; an error past `deadline`.
pub async fn next(socket: &mut Socket, deadline: Instant) -> Result<Frame, String> {
    Ok(next_sized(socket, deadline).await?.0)
}

/// [`next`] with the size of the message in bytes.
pub async fn next_sized(socket: &mut Socket, deadline: Instant) -> Result<(Frame, usize), String> {
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let message = match tokio::time::timeout(left, socket.next()).await {
            Err(_) => return Err("no answer in time".into()),
            Ok(None) => return Ok((Frame::Closed(None, String::new()), 0)),
            Ok(Some(Err(e))) => return Err(format!("read: {e}")),
            Ok(Some(Ok(message))) => message,
        };
        match message {
            Message::Text(text) => {
                let value = serde_json::from_str(text.as_str()).unwrap_or(Value::Null);
                return Ok((Frame::Text(value), text.len()));
            }
            Message::Close(frame) => {
                let (code, reason) = match frame {
                    Some(frame) => (Some(u16::from(frame.code)), frame.reason.to_string()),
                    None => (None, String::new()),
                };
                return Ok((Frame::Closed(code, reason), 0));
            }
            _ => continue,
        }
    }
}

/// An operation's first answer (or the close), as the table shows it.
pub struct WsAnswer {
    /// `ws error CODE`, `ws next CODE`, `ws next data`, `ws closed 4400`.
    pub summary: String,
    /// From the `subscribe` to the answer.
    pub elapsed: Duration,
    /// The first error's `extensions.code`.
    pub code: Option<String>,
    /// The first error's message, or why there was no answer.
    pub message: Option<String>,
    /// Whether it was data without errors.
    pub data: bool,
}

impl WsAnswer {
    /// The first answer an operation got in a `next` or `error` message.
    pub fn of(message: &Value, elapsed: Duration) -> WsAnswer {
        let kind = message["type"].as_str().unwrap_or("?");
        let payload = &message["payload"];
        // `error` carries a list of errors; `next` an execution result.
        let first = if payload.is_array() {
            &payload[0]
        } else {
            &payload["errors"][0]
        };
        let code = first["extensions"]["code"].as_str().map(str::to_string);
        let data = kind == "next" && first.is_null();
        let what = match (&code, first.is_null()) {
            (Some(code), _) => code.clone(),
            (None, true) if data => "data".to_string(),
            (None, true) => String::new(),
            (None, false) => "error without code".to_string(),
        };
        WsAnswer {
            summary: format!("ws {kind} {what}").trim_end().to_string(),
            elapsed,
            code,
            message: first["message"].as_str().map(str::to_string),
            data,
        }
    }

    /// No answer: the socket closed, or failed, or nothing came in time.
    fn none(summary: String, elapsed: Duration) -> WsAnswer {
        WsAnswer {
            summary,
            elapsed,
            code: None,
            message: None,
            data: false,
        }
    }
}

/// One operation on a fresh connection: its first answer (or the close), timed from the
/// `subscribe` message.
pub async fn operation(target: &Target, query: &str, variables: &Value) -> WsAnswer {
    let mut socket = match open(target).await {
        Ok(socket) => socket,
        Err(e) => return WsAnswer::none(format!("ws {e}"), Duration::ZERO),
    };
    let started = Instant::now();
    if let Err(e) = send(&mut socket, subscribe("1", query, variables)).await {
        return WsAnswer::none(format!("ws {e}"), started.elapsed());
    }
    let deadline = started + WS_TIMEOUT;
    let answer = loop {
        match next(&mut socket, deadline).await {
            Ok(Frame::Text(message)) if message["id"] == "1" && message["type"] != "complete" => {
                break WsAnswer::of(&message, started.elapsed());
            }
            Ok(Frame::Text(_)) => continue,
            Ok(Frame::Closed(code, reason)) => {
                break WsAnswer::none(format!("ws {}", closed(code, &reason)), started.elapsed())
            }
            Err(e) => break WsAnswer::none(format!("ws {e}"), started.elapsed()),
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(1), socket.close(None)).await;
    answer
}
