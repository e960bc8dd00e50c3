//! Running one GraphQL operation, the same way for HTTP and the WebSocket: prepared (refused
//! before any work past a limit), run on one snapshot with a budget of work and a deadline,
//! its errors given codes, its answer size checked, its execution time charged to the client.

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_graphql::parser::types::OperationType;
use async_graphql::{ErrorExtensionValues, Value};
use futures_util::FutureExt;

use super::encode::{self, Outcome};
use super::prepared::{prepare, Spent};
use super::rate::Running;
use super::state::Shared;
use crate::api::mutation::Access;
use crate::graph::KnowledgeGraph;
use crate::query::limits::Work;

/// An operation prepared to run: the request (parsed) and what it will spend.
pub(super) struct Prepared {
    pub request: async_graphql::Request,
    pub spent: Spent,
}

/// An operation's answer.
pub(super) struct Answered {
    pub response: async_graphql::Response,
    pub outcome: Outcome,
    /// The answer written as JSON, as HTTP sends it.
    pub body: Vec<u8>,
}

/// Prepares `request` to run on `graph`; the refusal, answered, when a limit refuses it.
pub(super) fn prepare_on(
    state: &Shared,
    graph: &KnowledgeGraph,
    mut request: async_graphql::Request,
) -> Result<Prepared, Box<Answered>> {
    let pricing = state.pricing(graph.sizes());
    match prepare(&mut request, &state.http, pricing, &state.prepared) {
        Ok(spent) => Ok(Prepared { request, spent }),
        Err(refusal) => {
            let response = async_graphql::Response::from_errors(vec![refusal]);
            super::observe::count_errors(&response);
            let body = encode::body(&response, Outcome::Refused);
            Err(Box::new(Answered {
                response,
                outcome: Outcome::Refused,
                body,
            }))
        }
    }
}

/// Runs a prepared operation on `graph` with `access`. A read past the deadline gets
/// `TIMEOUT` and is dropped at its next yield (its budget of work is stopped with it, so
/// computations off the async workers stop too); a read only ready after the deadline is not
/// sent either. A write is never cut short: once validated it runs to its end and says what
/// it did, however long it took. A panic is answered as an internal error. `running`, the
/// client's admission, is held to the end and charges the client when dropped.
pub(super) async fn run(
    state: &Shared,
    graph: Arc<KnowledgeGraph>,
    prepared: Prepared,
    access: Access,
    running: Option<Running>,
) -> Answered {
    let Prepared { request, spent } = prepared;
    let work = Arc::new(Work::new(state.limits.work));
    let _stop = StopWhenDropped(work.clone());
    let request = request
        .data(graph)
        .data(work)
        .data(state.store.clone())
        .data(access);
    let limit = Duration::from_millis(state.http.timeout_ms);
    let started = Instant::now();
    let execution = std::panic::AssertUnwindSafe(state.schema.execute(request)).catch_unwind();
    let writes = spent.runs == Some(OperationType::Mutation);
    let outcome = if writes {
        Ok(execution.await)
    } else {
        tokio::time::timeout(limit, execution).await
    };
    let took = started.elapsed();
    drop(running);
    let mut response = match outcome {
        Ok(Ok(response)) if writes || took <= limit => response,
        Ok(Err(_)) => {
            tracing::error!("the query panicked");
            coded_error("the query failed on the server".into(), "INTERNAL")
        }
        Ok(Ok(_)) | Err(_) => coded_error(
            format!(
                "the query ran past the {} ms execution limit",
                state.http.timeout_ms
            ),
            "TIMEOUT",
        ),
    };
    crate::api::error::classify(&mut response);
    // Errors without a path on an empty answer come from validation: it never ran.
    let refused = response.data == Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty())
        && crate::api::error::first_code(&response).is_some_and(|code| {
            matches!(
                code.as_str(),
                "GRAPHQL_VALIDATION_FAILED" | "BAD_USER_INPUT" | "QUERY_TOO_EXPENSIVE"
            )
        });
    let outcome = if refused {
        Outcome::Refused
    } else {
        Outcome::Ran
    };
    // What the client spent: the cost as priced and the nesting depth.
    response
        .extensions
        .insert("cost".into(), Value::from(spent.cost));
    response
        .extensions
        .insert("depth".into(), Value::from(spent.depth));
    let mut body = encode::body(&response, outcome);
    // The last line of defence on size: an answer larger than allowed is not sent.
    if body.len() > state.http.answer_bytes {
        response = coded_error(
            format!(
                "the answer is {} bytes; at most {} are sent: ask for smaller pages or fewer fields",
                body.len(),
                state.http.answer_bytes
            ),
            "RESULT_TOO_LARGE",
        );
        body = encode::body(&response, Outcome::Ran);
    }
    super::observe::count_errors(&response);
    Answered {
        response,
        outcome,
        body,
    }
}

/// A response holding one error with `extensions.code`.
pub(super) fn coded_error(message: String, code: &str) -> async_graphql::Response {
    let mut error = async_graphql::ServerError::new(message, None);
    let mut ext = ErrorExtensionValues::default();
    ext.set("code", Value::from(code));
    error.extensions = Some(ext);
    async_graphql::Response::from_errors(vec![error])
}

/// Stops a request's work when its execution ends, early or not (answered, timed out, or
/// dropped because the client went away).
struct StopWhenDropped(Arc<Work>);

impl Drop for StopWhenDropped {
    fn drop(&mut self) {
        self.0.stop();
    }
}
