//! `GET` and `POST /graphql`: the response cache first, then the operation prepared, run on
//! the request's snapshot, given its codes, written in the media type the client accepts,
//! and kept for the next time when it is a complete read.

use std::net::SocketAddr;

use async_graphql::parser::types::OperationType;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Request, State};
use axum::response::Response;
use axum::Extension;

use super::encode;
use super::execute::{self, Answered};
use super::request::{self, MediaType};
use super::response_cache::Variables;
use super::state::AppState;

/// Answers one GraphQL request.
pub(super) async fn graphql(
    State(state): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    request: Request,
) -> Response {
    let peer = super::client::peer(peer);
    let (parts, body) = request.into_parts();
    let media = MediaType::accepted(&parts.headers);
    let client = state.clients.of(peer, &parts.headers);
    if let Err(wait) = state.rate.admit(client) {
        return encode::rate_limited(wait, "too many requests from this client", media);
    }
    let (body_bytes, body_ms) = (state.http.body_bytes, state.connections.body_timeout_ms);
    let read = request::read(
        &parts.method,
        &parts.uri,
        &parts.headers,
        body,
        body_bytes,
        body_ms,
    );
    let graphql = match read.await {
        Ok(graphql) => graphql,
        Err(refusal) => return encode::refusal(&refusal, media),
    };
    let Some((version, graph)) = state.store.versioned_snapshot() else {
        return encode::loading(media);
    };
    // Written out once for the cache's lookups and keeping (not for writes, whose
    // variables may hold a whole document and which are never kept).
    let variables = state
        .answers
        .is_on()
        .then(|| Variables::of(&graphql))
        .flatten();
    if let Some(variables) = &variables {
        if let Some(body) = state.answers.get(version, &graphql, variables) {
            metrics::counter!("cyberkg_response_cache_total", "result" => "hit").increment(1);
            return encode::cached(body, media);
        }
    }
    let running = match super::rate::admit(state.execution.as_ref(), client) {
        Ok(running) => running,
        Err(wait) => {
            let why = "this client used its share of execution time";
            return encode::rate_limited(wait, why, media);
        }
    };
    let (query, operation) = (graphql.query.clone(), graphql.operation_name.clone());
    let prepared = match execute::prepare_on(&state, &graph, graphql) {
        Ok(prepared) => prepared,
        Err(refused) => return respond(*refused, media),
    };
    if parts.method == axum::http::Method::GET && prepared.spent.runs != Some(OperationType::Query)
    {
        return encode::post_only(media);
    }
    let read_only = prepared.spent.read_only;
    let access = super::auth::access(&parts.headers, state.admin_token.as_deref());
    let answered = execute::run(&state, graph, prepared, access, running).await;
    // Only a complete answer to a read is kept: no errors, no headers of its own.
    let keep = read_only
        && answered.response.errors.is_empty()
        && answered.response.http_headers.is_empty();
    match (variables, keep) {
        (Some(variables), true) => {
            let kept = Kept {
                version,
                query,
                operation,
                variables,
            };
            keep_and_respond(&state, kept, answered, media)
        }
        _ => respond(answered, media),
    }
}

/// What the response cache files an answer under.
struct Kept {
    version: u64,
    query: String,
    operation: Option<String>,
    variables: Variables,
}

/// Keeps a complete answer to a read for the next time, and responds with it.
fn keep_and_respond(
    state: &AppState,
    kept: Kept,
    answered: Answered,
    media: MediaType,
) -> Response {
    metrics::counter!("cyberkg_response_cache_total", "result" => "miss").increment(1);
    // Kept in a buffer of its own size: the cache is bounded by what its answers hold.
    let mut body = answered.body;
    body.shrink_to_fit();
    let body = Bytes::from(body);
    let Kept {
        version,
        query,
        operation,
        variables,
    } = kept;
    state
        .answers
        .keep(version, query, operation, &variables, body.clone());
    encode::answer(
        &answered.response,
        answered.outcome,
        media,
        body,
        Some("miss"),
    )
}

/// The HTTP response for an answer that is not kept.
fn respond(answered: Answered, media: MediaType) -> Response {
    let Answered {
        response,
        outcome,
        body,
    } = answered;
    encode::answer(&response, outcome, media, Bytes::from(body), None)
}
