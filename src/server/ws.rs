//! GraphQL over WebSocket (`/graphql/ws`, graphql-transport-ws and graphql-ws), with the
//! limits HTTP has: every operation passes the client's request rate and execution share, is
//! prepared and run like an HTTP request ([`super::execute`]) on one snapshot, with the same
//! deadline, budget of work, answer size and error codes. On top: a message size cap, a cap on
//! operations open at once on a connection, a deadline for `connection_init`, a silence
//! timeout, and a close for a client whose operations keep being refused.

use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_graphql::http::{WebSocketProtocols, WsMessage, ALL_WEBSOCKET_PROTOCOLS};
use async_graphql::parser::types::OperationType;
use async_graphql::{Data, Executor, Response};
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response as HttpResponse};
use axum::Extension;
use futures_util::stream::{self, BoxStream};
use futures_util::{SinkExt, StreamExt};

use super::execute::{self, coded_error};
use super::state::{AppState, Shared};
use crate::api::mutation::Access;

/// Refused operations after which a connection is closed: a client that keeps sending past
/// its limits is an offender, not a user.
const MAX_REFUSALS: usize = 100;

/// Close code for a connection closed for the client's behaviour (RFC 6455: policy violation).
const POLICY_VIOLATION: u16 = 1008;
/// Close code graphql-transport-ws gives an initialisation that did not come in time.
const INIT_TIMEOUT: u16 = 4408;
/// Close code for a connection the server ends (RFC 6455: going away).
const GOING_AWAY: u16 = 1001;

/// Upgrades to a GraphQL WebSocket with the connection's limits.
pub(super) async fn upgrade(
    State(state): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    held: Option<Extension<super::connections::Held>>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> HttpResponse {
    let Some(protocol) = protocol_of(&headers) else {
        let message = format!(
            "no GraphQL WebSocket protocol asked for: send Sec-WebSocket-Protocol: {}",
            ALL_WEBSOCKET_PROTOCOLS.join(" or ")
        );
        return (StatusCode::BAD_REQUEST, message).into_response();
    };
    let client = state.clients.of(super::client::peer(peer), &headers);
    let access = super::auth::access(&headers, state.admin_token.as_deref());
    let bytes = state.websocket.max_message_bytes;
    upgrade
        .max_message_size(bytes)
        .max_frame_size(bytes)
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| async move {
            // The connection keeps its places in the caps while it is a WebSocket.
            let _held = held;
            serve(socket, state, client, access, protocol).await;
        })
        .into_response()
}

/// The first protocol of `Sec-WebSocket-Protocol` this server speaks.
fn protocol_of(headers: &HeaderMap) -> Option<WebSocketProtocols> {
    headers
        .get(axum::http::header::SEC_WEBSOCKET_PROTOCOL)?
        .to_str()
        .ok()?
        .split(',')
        .find_map(|p| p.trim().parse().ok())
}

/// The operations of one connection.
#[derive(Clone)]
struct Operations {
    state: AppState,
    client: IpAddr,
    access: Access,
    /// Operations open now (subscriptions until they end).
    open: Arc<AtomicUsize>,
    /// Operations refused so far.
    refused: Arc<AtomicUsize>,
}

/// Releases an operation's place when its stream ends or is dropped.
struct Open(Arc<AtomicUsize>);

impl Drop for Open {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Operations {
    /// A refusal sent as the operation's answer, counted against the connection.
    fn refuse(&self, response: Response) -> BoxStream<'static, Response> {
        self.refused.fetch_add(1, Ordering::Relaxed);
        super::observe::count_errors(&response);
        stream::once(async move { response }).boxed()
    }

    /// Starts one operation, or says why not.
    fn start(
        &self,
        request: async_graphql::Request,
        session: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        let state: &Shared = &self.state;
        if let Err(wait) = state.rate.admit(self.client) {
            let message = format!(
                "too many operations from this client: try again in {} ms",
                wait.as_millis()
            );
            return self.refuse(coded_error(message, "RATE_LIMITED"));
        }
        let max = state.websocket.max_operations;
        if self.open.fetch_add(1, Ordering::Relaxed) >= max {
            self.open.fetch_sub(1, Ordering::Relaxed);
            let message =
                format!("{max} operations are open on this connection already; complete one first");
            return self.refuse(coded_error(message, "RATE_LIMITED"));
        }
        let open = Open(self.open.clone());
        let Some(graph) = state.store.snapshot() else {
            return self.refuse(coded_error(
                "the knowledge graph is still loading".into(),
                "UNAVAILABLE",
            ));
        };
        let prepared = match execute::prepare_on(state, &graph, request) {
            Ok(prepared) => prepared,
            Err(refused) => return self.refuse(refused.response),
        };
        if prepared.spent.runs == Some(OperationType::Subscription) {
            // A subscription lives until it is completed: no deadline, each event coded.
            let request = prepared.request.data(graph).data(self.access);
            let events = Executor::execute_stream(&state.schema, request, session);
            return events
                .map(move |mut event| {
                    let _open = &open;
                    crate::api::error::classify(&mut event);
                    event
                })
                .boxed();
        }
        let running = match super::rate::admit(state.execution.as_ref(), self.client) {
            Ok(running) => running,
            Err(wait) => {
                let message = format!(
                    "this client used its share of execution time: try again in {} ms",
                    wait.as_millis()
                );
                return self.refuse(coded_error(message, "RATE_LIMITED"));
            }
        };
        let operations = self.clone();
        stream::once(async move {
            let _open = open;
            let state = operations.state.clone();
            execute::run(&state, graph, prepared, operations.access, running)
                .await
                .response
        })
        .boxed()
    }
}

impl Executor for Operations {
    async fn execute(&self, request: async_graphql::Request) -> Response {
        let mut answers = self.start(request, None);
        answers.next().await.unwrap_or_default()
    }

    fn execute_stream(
        &self,
        request: async_graphql::Request,
        session: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        self.start(request, session)
    }
}

/// Serves one connection until either side closes it, or it breaks a limit: no
/// `connection_init` in time (4408), silent for too long (pings are sent meanwhile, so a
/// client that only listens keeps the connection by answering them, as browsers do), an
/// answer the client does not read in time, too many refused operations (1008).
async fn serve(
    socket: WebSocket,
    state: AppState,
    client: IpAddr,
    access: Access,
    protocol: WebSocketProtocols,
) {
    let limits = state.websocket;
    let write_timeout = Duration::from_millis(state.connections.write_timeout_ms);
    let operations = Operations {
        state,
        client,
        access,
        open: Arc::default(),
        refused: Arc::default(),
    };
    let refused = operations.refused.clone();
    let initialised = Arc::new(AtomicBool::new(false));
    let set = initialised.clone();
    // When the client was last heard from, any frame (a pong included).
    let heard = Arc::new(std::sync::Mutex::new(Instant::now()));
    let hear = heard.clone();
    let (mut sink, input) = socket.split();
    let input = input
        .take_while(|message| std::future::ready(message.is_ok()))
        .inspect(move |_| {
            if let Ok(mut at) = hear.lock() {
                *at = Instant::now();
            }
        })
        .filter_map(|message| {
            std::future::ready(match message {
                Ok(Message::Text(text)) => Some(axum::body::Bytes::from(text)),
                Ok(Message::Binary(bytes)) => Some(bytes),
                _ => None,
            })
        });
    let messages = async_graphql::http::WebSocket::new(operations, input, protocol)
        .on_connection_init(move |_| async move {
            set.store(true, Ordering::Relaxed);
            Ok(Data::default())
        });
    futures_util::pin_mut!(messages);
    let init_deadline = tokio::time::sleep(Duration::from_millis(limits.init_timeout_ms));
    futures_util::pin_mut!(init_deadline);
    let idle = Duration::from_millis(limits.idle_timeout_ms.max(3));
    let mut pings = tokio::time::interval_at(tokio::time::Instant::now() + idle / 3, idle / 3);
    loop {
        let frame = tokio::select! {
            message = messages.next() => match message {
                None => break,
                Some(WsMessage::Text(text)) => Message::Text(text.into()),
                Some(WsMessage::Close(code, reason)) => close(code, reason),
            },
            () = &mut init_deadline, if !initialised.load(Ordering::Relaxed) => {
                close(INIT_TIMEOUT, "Connection initialisation timeout".into())
            }
            _ = pings.tick() => {
                let silent = heard.lock().map_or(Duration::ZERO, |at| at.elapsed());
                if silent >= idle {
                    close(GOING_AWAY, format!("silent for {} ms", idle.as_millis()))
                } else {
                    Message::Ping(axum::body::Bytes::new())
                }
            }
        };
        let closing = matches!(frame, Message::Close(_));
        let sent = tokio::time::timeout(write_timeout, sink.send(frame)).await;
        if !matches!(sent, Ok(Ok(()))) || closing {
            break;
        }
        if refused.load(Ordering::Relaxed) >= MAX_REFUSALS {
            let reason = format!("{MAX_REFUSALS} operations were refused on this connection");
            let _ = tokio::time::timeout(write_timeout, sink.send(close(POLICY_VIOLATION, reason)))
                .await;
            break;
        }
    }
}

/// A close frame.
fn close(code: u16, reason: String) -> Message {
    Message::Close(Some(CloseFrame {
        code,
        reason: reason.into(),
    }))
}
