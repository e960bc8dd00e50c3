//! GraphQL requests read from HTTP as the GraphQL-over-HTTP specification says: `GET` with
//! the query in the URL, `POST` with a JSON body; the answer's media type chosen from
//! `Accept`. Anything else is refused with a status and a GraphQL-shaped body that says why
//! ([`Refusal`]), never with a plain-text error.

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, StatusCode};
use serde::Deserialize;

/// How the answer is written: `application/graphql-response+json` (request errors are 4xx)
/// or `application/json` (every GraphQL answer is 200).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MediaType {
    /// `application/graphql-response+json`.
    GraphqlResponse,
    /// `application/json`.
    Json,
}

impl MediaType {
    /// The `Content-Type` value.
    pub(super) fn content_type(self) -> &'static str {
        match self {
            MediaType::GraphqlResponse => "application/graphql-response+json; charset=utf-8",
            MediaType::Json => "application/json; charset=utf-8",
        }
    }

    /// The media type a client accepts: the GraphQL response type when it names it, else
    /// JSON (also when it names neither, or sends no `Accept`, as the specification advises
    /// for older clients).
    pub(super) fn accepted(headers: &HeaderMap) -> MediaType {
        let accepts = |wanted: &str| {
            headers
                .get_all(header::ACCEPT)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .any(|item| {
                    let mut parts = item.split(';');
                    let media = parts.next().unwrap_or("").trim();
                    let refused = parts.any(|p| p.trim().replace(' ', "") == "q=0");
                    media.eq_ignore_ascii_case(wanted) && !refused
                })
        };
        if accepts("application/graphql-response+json") {
            MediaType::GraphqlResponse
        } else {
            MediaType::Json
        }
    }
}

/// Why a request is not a GraphQL request this server runs; decides the status and the
/// `extensions.code` of the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Refusal {
    /// 400 `BAD_REQUEST`: the body or the URL is not a well-formed GraphQL request.
    Malformed(String),
    /// 405 `METHOD_NOT_ALLOWED`: not GET or POST, or a mutation sent by GET.
    Method(String),
    /// 408 `REQUEST_TIMEOUT`: the body did not arrive in time.
    SlowBody(u64),
    /// 413 `PAYLOAD_TOO_LARGE`: the body is over the limit.
    TooLarge(usize),
    /// 415 `UNSUPPORTED_MEDIA_TYPE`: a POST body that is not JSON.
    MediaType(String),
}

impl Refusal {
    /// The HTTP status.
    pub(super) fn status(&self) -> StatusCode {
        match self {
            Refusal::Malformed(_) => StatusCode::BAD_REQUEST,
            Refusal::Method(_) => StatusCode::METHOD_NOT_ALLOWED,
            Refusal::SlowBody(_) => StatusCode::REQUEST_TIMEOUT,
            Refusal::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Refusal::MediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        }
    }

    /// The `extensions.code`.
    pub(super) fn code(&self) -> &'static str {
        match self {
            Refusal::Malformed(_) => "BAD_REQUEST",
            Refusal::Method(_) => "METHOD_NOT_ALLOWED",
            Refusal::SlowBody(_) => "REQUEST_TIMEOUT",
            Refusal::TooLarge(_) => "PAYLOAD_TOO_LARGE",
            Refusal::MediaType(_) => "UNSUPPORTED_MEDIA_TYPE",
        }
    }

    /// The message.
    pub(super) fn message(&self) -> String {
        match self {
            Refusal::Malformed(m) | Refusal::Method(m) | Refusal::MediaType(m) => m.clone(),
            Refusal::SlowBody(ms) => {
                format!(
                    "the request body did not arrive in time (at most {ms} ms between its parts)"
                )
            }
            Refusal::TooLarge(limit) => {
                format!("the request body is over {limit} bytes; send a smaller one")
            }
        }
    }
}

/// The parameters of a GraphQL request, in a JSON body or a URL.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Params {
    query: Option<serde_json::Value>,
    operation_name: Option<serde_json::Value>,
    variables: Option<serde_json::Value>,
    extensions: Option<serde_json::Value>,
}

/// Reads the GraphQL request of an HTTP request whose body may hold up to `body_bytes`,
/// arriving whole within `body_timeout_ms`.
pub(super) async fn read(
    method: &Method,
    uri: &axum::http::Uri,
    headers: &HeaderMap,
    body: Body,
    body_bytes: usize,
    body_timeout_ms: u64,
) -> Result<async_graphql::Request, Refusal> {
    let params = if method == Method::GET {
        let query = uri.query().unwrap_or("");
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query)
            .map_err(|e| Refusal::Malformed(format!("the URL's parameters do not parse: {e}")))?;
        let json_param = |name: &str| -> Result<Option<serde_json::Value>, Refusal> {
            match pairs.iter().find(|(k, _)| k == name) {
                None => Ok(None),
                Some((_, text)) => serde_json::from_str(text).map(Some).map_err(|e| {
                    Refusal::Malformed(format!("parameter '{name}' is not JSON: {e}"))
                }),
            }
        };
        let text = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| serde_json::Value::String(v.clone()))
        };
        Params {
            query: text("query"),
            operation_name: text("operationName"),
            variables: json_param("variables")?,
            extensions: json_param("extensions")?,
        }
    } else if method == Method::POST {
        let media = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_ascii_lowercase());
        match media.as_deref() {
            Some("application/json" | "application/graphql-response+json") => {}
            Some(other) => {
                return Err(Refusal::MediaType(format!(
                    "a POST body of type '{other}' is not read: send JSON with 'Content-Type: application/json'"
                )))
            }
            None => {
                return Err(Refusal::MediaType(
                    "a POST body needs 'Content-Type: application/json'".into(),
                ))
            }
        }
        // The whole body within the deadline: a client sending a byte now and then does not
        // hold the connection for longer.
        let deadline = std::time::Duration::from_millis(body_timeout_ms);
        let bytes = tokio::time::timeout(deadline, axum::body::to_bytes(body, body_bytes))
            .await
            .map_err(|_| Refusal::SlowBody(body_timeout_ms))?
            .map_err(|e| body_error(&e, body_bytes))?;
        let value: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|e| Refusal::Malformed(format!("the body is not JSON: {e}")))?;
        if value.is_array() {
            return Err(Refusal::Malformed(
                "batches are not accepted: send one operation per request".into(),
            ));
        }
        serde_json::from_value(value).map_err(|_| {
            Refusal::Malformed("the body must be a JSON object with a 'query'".into())
        })?
    } else {
        return Err(Refusal::Method(format!(
            "{method} is not a GraphQL method: use GET or POST"
        )));
    };
    into_request(params)
}

/// The refusal a reading of `e` on a body stopped on: too large, or broken.
fn body_error(e: &axum::Error, body_bytes: usize) -> Refusal {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(cause) = source {
        if cause.is::<http_body_util::LengthLimitError>() {
            return Refusal::TooLarge(body_bytes);
        }
        source = cause.source();
    }
    Refusal::Malformed(format!("the body could not be read: {e}"))
}

/// The GraphQL request the parameters describe, each checked for its type.
fn into_request(params: Params) -> Result<async_graphql::Request, Refusal> {
    let query = match params.query {
        Some(serde_json::Value::String(query)) => query,
        Some(_) => return Err(Refusal::Malformed("'query' must be a string".into())),
        None => return Err(Refusal::Malformed("the request has no 'query'".into())),
    };
    let mut request = async_graphql::Request::new(query);
    match params.operation_name {
        None | Some(serde_json::Value::Null) => {}
        Some(serde_json::Value::String(name)) => request = request.operation_name(name),
        Some(_) => {
            return Err(Refusal::Malformed(
                "'operationName' must be a string or null".into(),
            ))
        }
    }
    match params.variables {
        None | Some(serde_json::Value::Null) => {}
        Some(variables @ serde_json::Value::Object(_)) => {
            request = request.variables(async_graphql::Variables::from_json(variables));
        }
        Some(_) => {
            return Err(Refusal::Malformed(
                "'variables' must be an object or null".into(),
            ))
        }
    }
    match params.extensions {
        None | Some(serde_json::Value::Null | serde_json::Value::Object(_)) => {}
        Some(_) => {
            return Err(Refusal::Malformed(
                "'extensions' must be an object or null".into(),
            ))
        }
    }
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    async fn post(
        content_type: Option<&'static str>,
        body: &'static str,
    ) -> Result<String, Refusal> {
        let mut headers = HeaderMap::new();
        if let Some(t) = content_type {
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(t));
        }
        let uri = axum::http::Uri::from_static("/graphql");
        read(&Method::POST, &uri, &headers, Body::from(body), 64, 1_000)
            .await
            .map(|r| r.query)
    }

    #[tokio::test]
    async fn only_json_bodies_holding_one_request_are_read() {
        let json = Some("application/json; charset=utf-8");
        assert_eq!(post(json, r#"{"query":"{a}"}"#).await, Ok("{a}".into()));
        for (content_type, code) in [
            (Some("text/plain"), "UNSUPPORTED_MEDIA_TYPE"),
            (
                Some("application/x-www-form-urlencoded"),
                "UNSUPPORTED_MEDIA_TYPE",
            ),
            (Some("application/graphql"), "UNSUPPORTED_MEDIA_TYPE"),
            (None, "UNSUPPORTED_MEDIA_TYPE"),
        ] {
            let refused = post(content_type, r#"{"query":"{a}"}"#).await;
            assert_eq!(refused.map_err(|r| r.code()), Err(code), "{content_type:?}");
        }
        for body in [
            r#"[{"query":"{a}"}]"#,
            r#"{"query":"{a}","variables":"x"}"#,
            r#"{"query":1}"#,
            r#"{"variables":{}}"#,
            "{",
        ] {
            let refused = post(json, body).await;
            assert_eq!(
                refused.map_err(|r| r.status()),
                Err(StatusCode::BAD_REQUEST),
                "{body}"
            );
        }
        let large = post(
            json,
            r#"{"query":"{ aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa }"}"#,
        )
        .await;
        assert_eq!(
            large.map_err(|r| r.status()),
            Err(StatusCode::PAYLOAD_TOO_LARGE)
        );
    }

    #[tokio::test]
    async fn get_reads_the_url_and_other_methods_are_refused() {
        let uri =
            axum::http::Uri::from_static("/graphql?query=%7Ba%7D&variables=%7B%22n%22%3A1%7D");
        let read_get = read(
            &Method::GET,
            &uri,
            &HeaderMap::new(),
            Body::empty(),
            64,
            1_000,
        )
        .await;
        assert!(read_get.is_ok_and(|r| r.query == "{a}" && r.variables.get("n").is_some()));
        let bad = axum::http::Uri::from_static("/graphql?query=%7Ba%7D&variables=nope");
        let refused = read(
            &Method::GET,
            &bad,
            &HeaderMap::new(),
            Body::empty(),
            64,
            1_000,
        )
        .await;
        assert_eq!(refused.err().map(|r| r.code()), Some("BAD_REQUEST"));
        let put = read(
            &Method::PUT,
            &uri,
            &HeaderMap::new(),
            Body::empty(),
            64,
            1_000,
        )
        .await;
        assert_eq!(
            put.err().map(|r| r.status()),
            Some(StatusCode::METHOD_NOT_ALLOWED)
        );
    }

    #[test]
    fn the_graphql_response_type_is_chosen_only_when_accepted() {
        let with = |accept: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::ACCEPT, HeaderValue::from_static(accept));
            MediaType::accepted(&headers)
        };
        assert_eq!(MediaType::accepted(&HeaderMap::new()), MediaType::Json);
        assert_eq!(with("application/json"), MediaType::Json);
        assert_eq!(with("*/*"), MediaType::Json);
        assert_eq!(
            with("application/graphql-response+json, application/json;q=0.9"),
            MediaType::GraphqlResponse
        );
        assert_eq!(
            with("application/graphql-response+json;q=0"),
            MediaType::Json
        );
    }
}
