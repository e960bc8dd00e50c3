//! GraphQL answers as HTTP responses: the JSON body ([`super::json`]), the media type the
//! client accepts, and the status GraphQL over HTTP asks for — with
//! `application/graphql-response+json`, 4xx for a request that failed before it ran (it then
//! has no `data`); with `application/json`, 200 for every GraphQL answer. Refusals of the
//! HTTP request itself (rate, body, method, media type) get their own status and the same
//! GraphQL shape, with a code.

use std::time::Duration;

use axum::body::Bytes;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::json::to_json_with;
use super::request::{MediaType, Refusal};

/// Says whether an answer came from the response cache (`hit`) or was computed (`miss`).
pub(super) static CACHE_HEADER: HeaderName = HeaderName::from_static("x-cyberkg-cache");

/// How a GraphQL answer came about, which decides its status and whether it has `data`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Outcome {
    /// It ran (fully or with field errors).
    Ran,
    /// The request failed before it ran: syntax, validation, variables, a limit.
    Refused,
}

/// The body of `response`, written as the outcome asks.
pub(super) fn body(response: &async_graphql::Response, outcome: Outcome) -> Vec<u8> {
    to_json_with(response, outcome == Outcome::Ran)
}

/// The HTTP response for a GraphQL answer with `body` already written, in `media`.
pub(super) fn answer(
    response: &async_graphql::Response,
    outcome: Outcome,
    media: MediaType,
    body: Bytes,
    cache: Option<&'static str>,
) -> Response {
    let status = match (outcome, media) {
        (Outcome::Refused, MediaType::GraphqlResponse) => StatusCode::BAD_REQUEST,
        _ => StatusCode::OK,
    };
    let mut answer = json(status, media, body);
    let headers = answer.headers_mut();
    if let Some(cache) = cache {
        headers.insert(CACHE_HEADER.clone(), HeaderValue::from_static(cache));
    }
    if response.is_ok() {
        if let Some(value) = response
            .cache_control
            .value()
            .and_then(|v| HeaderValue::from_str(&v).ok())
        {
            headers.insert(header::CACHE_CONTROL, value);
        }
    }
    headers.extend(response.http_headers.clone());
    answer
}

/// A kept answer, sent again.
pub(super) fn cached(body: Bytes, media: MediaType) -> Response {
    let mut answer = json(StatusCode::OK, media, body);
    answer
        .headers_mut()
        .insert(CACHE_HEADER.clone(), HeaderValue::from_static("hit"));
    answer
}

/// A body of one error with a code and no `data`.
fn error_body(message: &str, code: &str) -> Bytes {
    let body =
        serde_json::json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    Bytes::from(body.to_string())
}

/// The HTTP request was refused before it was read as GraphQL.
pub(super) fn refusal(refusal: &Refusal, media: MediaType) -> Response {
    let mut answer = json(
        refusal.status(),
        media,
        error_body(&refusal.message(), refusal.code()),
    );
    if refusal.status() == StatusCode::METHOD_NOT_ALLOWED {
        answer
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, POST"));
    }
    answer
}

/// A mutation (or subscription) sent by GET: only POST may change anything.
pub(super) fn post_only(media: MediaType) -> Response {
    let refused =
        Refusal::Method("only queries may be sent by GET: send this operation by POST".into());
    let mut answer = refusal(&refused, media);
    answer
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("POST"));
    answer
}

/// The client is over its rate: 429 with `Retry-After` in whole seconds.
pub(super) fn rate_limited(wait: Duration, what: &str, media: MediaType) -> Response {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let message = format!("{what}: try again in {seconds} s");
    let mut answer = json(
        StatusCode::TOO_MANY_REQUESTS,
        media,
        error_body(&message, "RATE_LIMITED"),
    );
    if let Ok(value) = HeaderValue::from_str(&seconds.max(1).to_string()) {
        answer.headers_mut().insert(header::RETRY_AFTER, value);
    }
    answer
}

/// A computation past the execution limit.
pub(super) fn timed_out(timeout_ms: u64, media: MediaType) -> Response {
    json(
        StatusCode::SERVICE_UNAVAILABLE,
        media,
        error_body(
            &format!("the request ran past the {timeout_ms} ms execution limit"),
            "TIMEOUT",
        ),
    )
}

/// The graph is still loading.
pub(super) fn loading(media: MediaType) -> Response {
    json(
        StatusCode::SERVICE_UNAVAILABLE,
        media,
        error_body("the knowledge graph is still loading", "UNAVAILABLE"),
    )
}

fn json(status: StatusCode, media: MediaType, body: Bytes) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static(media.content_type()),
        )],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_refused_before_it_ran_is_400_only_in_the_graphql_response_type() {
        let response =
            async_graphql::Response::from_errors(vec![async_graphql::ServerError::new("no", None)]);
        let body = Bytes::from(body(&response, Outcome::Refused));
        assert!(!String::from_utf8_lossy(&body).contains("\"data\""));
        let strict = answer(
            &response,
            Outcome::Refused,
            MediaType::GraphqlResponse,
            body.clone(),
            None,
        );
        assert_eq!(strict.status(), StatusCode::BAD_REQUEST);
        assert!(strict.headers()[header::CONTENT_TYPE]
            .to_str()
            .is_ok_and(|t| t.starts_with("application/graphql-response+json")));
        let plain = answer(&response, Outcome::Refused, MediaType::Json, body, None);
        assert_eq!(plain.status(), StatusCode::OK);
        assert!(plain.headers()[header::CONTENT_TYPE]
            .to_str()
            .is_ok_and(|t| t.starts_with("application/json")));
    }

    #[test]
    fn refusals_carry_their_status_code_and_allow_header() {
        let refused = post_only(MediaType::Json);
        assert_eq!(refused.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(refused.headers()[header::ALLOW], "POST");
        let slow = rate_limited(
            Duration::from_millis(1_500),
            "over the rate",
            MediaType::Json,
        );
        assert_eq!(slow.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(slow.headers()[header::RETRY_AFTER], "2");
    }
}
