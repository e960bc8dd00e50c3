//! GraphQL answers over HTTP: the JSON body written by [`crate::api::json::to_json`] (the
//! same bytes `serde_json` writes, with less work per value), the content type and headers.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

pub(super) use crate::api::json::to_json;

/// The content type async-graphql-axum gives its answers.
pub(super) const CONTENT_TYPE: &str = "application/graphql-response+json";

/// The HTTP answer for `response`, as async-graphql-axum's `GraphQLResponse` would give it:
/// the JSON body, the content type, `Cache-Control` when the answer has no errors and the
/// schema sets one, and the headers resolvers added.
pub(super) fn respond(response: async_graphql::Response) -> Response {
    let body = to_json(&response);
    respond_encoded(response, body)
}

/// [`respond`] with the body already written by [`to_json`].
pub(super) fn respond_encoded(response: async_graphql::Response, body: Vec<u8>) -> Response {
    let mut answer = (
        [(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE))],
        body,
    )
        .into_response();
    if response.is_ok() {
        if let Some(value) = response
            .cache_control
            .value()
            .and_then(|v| HeaderValue::from_str(&v).ok())
        {
            answer.headers_mut().insert(header::CACHE_CONTROL, value);
        }
    }
    answer.headers_mut().extend(response.http_headers);
    answer
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::Value;

    #[test]
    fn the_answer_carries_the_content_type_and_the_resolvers_headers() {
        let mut response = async_graphql::Response::new(Value::Null);
        response
            .http_headers
            .insert("x-example", HeaderValue::from_static("1"));
        let answer = respond(response);
        assert_eq!(answer.headers()[header::CONTENT_TYPE], CONTENT_TYPE);
        assert_eq!(answer.headers()["x-example"], "1");
    }
}
