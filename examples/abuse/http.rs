//! HTTP through reqwest: a client with a timeout on every request, GraphQL posts, and a short
//! account of an answer (`200 QUERY_TOO_EXPENSIVE`, `413`, `400 plain text`) for the table.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::server::Target;

/// Longest a single request may take before the probe gives up on it.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// A client that never waits forever and ignores proxy settings (the server is on loopback).
pub fn client() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .no_proxy()
        .connect_timeout(Duration::from_secs(3))
        .timeout(REQUEST_TIMEOUT)
        .build()
}

/// The body of an answer: JSON when it parses as JSON, its text otherwise.
pub enum Body {
    Json(Value),
    Text(String),
}

/// An answer and how long the server took to give it (request sent to body read).
pub struct Answer {
    pub status: u16,
    pub allow: Option<String>,
    pub body: Body,
    pub elapsed: Duration,
}

impl Answer {
    /// The `extensions.code` of the first error, if the answer is GraphQL with errors.
    pub fn code(&self) -> Option<&str> {
        match &self.body {
            Body::Json(value) => value["errors"][0]["extensions"]["code"].as_str(),
            Body::Text(_) => None,
        }
    }

    /// Whether the answer is GraphQL-shaped JSON with at least one error, each with a code.
    pub fn coded_errors(&self) -> bool {
        match &self.body {
            Body::Json(value) => value["errors"].as_array().is_some_and(|errors| {
                !errors.is_empty()
                    && errors
                        .iter()
                        .all(|e| e["extensions"]["code"].as_str().is_some())
            }),
            Body::Text(_) => false,
        }
    }

    /// Whether the answer carries data and no error.
    pub fn has_data(&self) -> bool {
        match &self.body {
            Body::Json(value) => !value["data"].is_null() && value["errors"].is_null(),
            Body::Text(_) => false,
        }
    }

    /// A few words for the table: the status and what the body is.
    pub fn summary(&self) -> String {
        let what = match &self.body {
            Body::Json(_) if self.has_data() => "data".to_string(),
            Body::Json(value) if value["errors"].is_array() => match self.code() {
                Some(code) => code.to_string(),
                None => "error without code".to_string(),
            },
            Body::Json(_) => "JSON".to_string(),
            Body::Text(text) if text.trim().is_empty() => String::new(),
            Body::Text(_) => "plain text".to_string(),
        };
        format!("{} {what}", self.status).trim_end().to_string()
    }

    /// The body's beginning, for a footnote when it is plain text or its error says why.
    pub fn excerpt(&self) -> Option<String> {
        let text = match &self.body {
            Body::Text(text) if !text.trim().is_empty() => text.clone(),
            Body::Json(value) => value["errors"][0]["message"].as_str()?.to_string(),
            Body::Text(_) => return None,
        };
        let short: String = text.trim().chars().take(110).collect();
        Some(format!("\"{short}\""))
    }
}

/// A reqwest error with its causes ("error sending request: connection closed before …").
pub fn describe(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        return format!("no answer in {} s", REQUEST_TIMEOUT.as_secs());
    }
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Sends a request and reads the whole answer, timing both.
pub async fn send(request: reqwest::RequestBuilder) -> Result<Answer, (String, Duration)> {
    let started = Instant::now();
    let response = request
        .send()
        .await
        .map_err(|e| (describe(&e), started.elapsed()))?;
    let status = response.status().as_u16();
    let allow = response
        .headers()
        .get(reqwest::header::ALLOW)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let bytes = response
        .bytes()
        .await
        .map_err(|e| (describe(&e), started.elapsed()))?;
    let elapsed = started.elapsed();
    let body = match serde_json::from_slice::<Value>(&bytes) {
        Ok(value) => Body::Json(value),
        Err(_) => Body::Text(String::from_utf8_lossy(&bytes).into_owned()),
    };
    Ok(Answer {
        status,
        allow,
        body,
        elapsed,
    })
}

/// Posts `{ query, variables }` as JSON to `/graphql`.
pub async fn post_graphql(
    target: &Target,
    query: &str,
    variables: &Value,
) -> Result<Answer, (String, Duration)> {
    let body = json!({ "query": query, "variables": variables });
    send(target.client.post(target.url("/graphql")).json(&body)).await
}

/// What a probe observed of an HTTP exchange: the answer's summary and time, whether `fits`
/// accepts it, and (when not) the body's beginning as a note under `label`.
pub fn observe(
    result: Result<Answer, (String, Duration)>,
    fits: impl Fn(&Answer) -> bool,
    label: &str,
) -> crate::probe::Observed {
    use crate::probe::Observed;
    match result {
        Ok(answer) => {
            let fit = fits(&answer);
            let observed = Observed::new(answer.summary(), answer.elapsed, fit);
            match answer.excerpt() {
                Some(excerpt) if !fit => observed.noted(format!("{label}: {excerpt}")),
                _ => observed,
            }
        }
        Err((error, elapsed)) => {
            Observed::new("no answer", elapsed, false).noted(format!("{label}: {error}"))
        }
    }
}
