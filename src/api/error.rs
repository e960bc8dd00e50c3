//! The one place where errors become GraphQL errors with `extensions.code`.
//!
//! `ApiError` deliberately does not implement `Display`: async-graphql converts any
//! `Display` type into an error without a code, so `?` on an `ApiError` goes through the
//! `From` below and always carries its code.

use async_graphql::ErrorExtensions;

/// An error a client can act on. The variant decides `extensions.code`.
#[derive(Debug)]
pub enum ApiError {
    /// `NOT_FOUND`: a required lookup named nothing that exists.
    NotFound(String),
    /// `BAD_USER_INPUT`: an argument is malformed or out of range; the message names it.
    BadUserInput(String),
    /// `RESULT_TOO_LARGE`: the answer would exceed a configured size; the message says which.
    TooLarge(String),
    /// `UNAUTHENTICATED`: a write without a valid bearer token.
    Unauthenticated(String),
    /// `FORBIDDEN`: writes are disabled on this server (no admin token configured).
    Forbidden(String),
    /// `CONFLICT`: the thing to create exists already.
    Conflict(String),
    /// `INTERNAL`: something failed on the server's side; the cause is logged, not returned.
    Internal(String),
    /// `INTERNAL`: the server is missing its graph (a wiring bug, never user input).
    GraphUnavailable,
}

impl ApiError {
    /// The `extensions.code` of this error.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::NotFound(_) => "NOT_FOUND",
            ApiError::BadUserInput(_) => "BAD_USER_INPUT",
            ApiError::TooLarge(_) => "RESULT_TOO_LARGE",
            ApiError::Unauthenticated(_) => "UNAUTHENTICATED",
            ApiError::Forbidden(_) => "FORBIDDEN",
            ApiError::Conflict(_) => "CONFLICT",
            ApiError::Internal(_) | ApiError::GraphUnavailable => "INTERNAL",
        }
    }

    /// The message shown to the client.
    pub fn message(&self) -> String {
        match self {
            ApiError::NotFound(m)
            | ApiError::BadUserInput(m)
            | ApiError::TooLarge(m)
            | ApiError::Unauthenticated(m)
            | ApiError::Forbidden(m)
            | ApiError::Conflict(m)
            | ApiError::Internal(m) => m.clone(),
            ApiError::GraphUnavailable => "the knowledge graph is not available".into(),
        }
    }
}

impl From<ApiError> for async_graphql::Error {
    fn from(error: ApiError) -> Self {
        let code = error.code();
        async_graphql::Error::new(error.message()).extend_with(|_, e| e.set("code", code))
    }
}

/// Gives every error of `response` that has no `extensions.code` one, by where it arose. The
/// caller runs a document it has parsed itself (syntax errors never reach the executor), so a
/// coded error was raised here or by a resolver, and an uncoded one by async-graphql: without
/// a path, in validation (`GRAPHQL_VALIDATION_FAILED`; the depth limit
/// `QUERY_TOO_EXPENSIVE`); with a path, in execution (`INTERNAL`). A value that does not fit
/// its argument or variable is `BAD_USER_INPUT` wherever it is found: async-graphql says so
/// only in its messages, whose wording the tests below pin to the version in use.
pub fn classify(response: &mut async_graphql::Response) {
    for error in &mut response.errors {
        let has_code = error
            .extensions
            .as_ref()
            .is_some_and(|e| e.get("code").is_some());
        if has_code {
            continue;
        }
        // A required variable the request does not give is found at execution, with a path.
        let missing_variable = error
            .message
            .strip_prefix("Variable ")
            .and_then(|m| m.strip_suffix(" is not defined."))
            .map(|name| {
                format!("the query needs variable ${name}, and the request does not give it")
            });
        let bad_value = error.message.starts_with("Invalid value for argument")
            || missing_variable.is_some()
            || error.message.contains("got invalid value")
            || error.message.starts_with("Failed to parse");
        let code = if bad_value {
            "BAD_USER_INPUT"
        } else if error.message.contains("Query is nested too deep") {
            "QUERY_TOO_EXPENSIVE"
        } else if error.path.is_empty() {
            "GRAPHQL_VALIDATION_FAILED"
        } else {
            "INTERNAL"
        };
        if let Some(message) = missing_variable {
            error.message = message;
        }
        if bad_value && error.message.contains("\"Date\"") {
            error
                .message
                .push_str(": a date is YYYY, YYYY-MM or YYYY-MM-DD and must exist in the calendar");
        }
        let mut extensions = error.extensions.take().unwrap_or_default();
        extensions.set("code", async_graphql::Value::from(code));
        error.extensions = Some(extensions);
    }
}

/// The `extensions.code` of the first error of `response`, if any.
pub fn first_code(response: &async_graphql::Response) -> Option<String> {
    let error = response.errors.first()?;
    match error.extensions.as_ref()?.get("code")? {
        async_graphql::Value::String(code) => Some(code.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{build_schema, seed_graph, Limits};

    /// The code [`classify`] gives the first error of `query` with `variables`, run on the
    /// seed data with a depth limit of 6.
    async fn code_of(query: &str, variables: serde_json::Value) -> Option<String> {
        let schema = build_schema(
            Limits {
                depth: 6,
                ..Limits::default()
            },
            None,
        );
        let request = async_graphql::Request::new(query)
            .variables(async_graphql::Variables::from_json(variables))
            .data(seed_graph());
        let mut response = schema.execute(request).await;
        classify(&mut response);
        first_code(&response)
    }

    /// Pins the async-graphql messages `classify` reads: a new wording fails here first.
    #[tokio::test]
    async fn errors_raised_by_async_graphql_get_the_code_of_where_they_arose() {
        let none = serde_json::json!({});
        let cases = [
            ("{ nothing }", none.clone(), "GRAPHQL_VALIDATION_FAILED"),
            ("query($c: String!) { country(code: $c) { name } }", none.clone(), "BAD_USER_INPUT"),
            (
                "query($c: String!) { country(code: $c) { name } }",
                serde_json::json!({ "c": 5 }),
                "BAD_USER_INPUT",
            ),
            (r#"{ country(code: "PK") { posture(asOf: "2015-02-30") { score } } }"#, none.clone(), "BAD_USER_INPUT"),
            (r#"{ neighborhood(id: "country:PK", depth: "two") { nodes { id } } }"#, none.clone(), "BAD_USER_INPUT"),
            (
                "{ node(id: \"country:PK\") { neighbors { neighbors { neighbors { neighbors { neighbors { neighbors { id } } } } } } } }",
                none.clone(),
                "QUERY_TOO_EXPENSIVE",
            ),
            (r#"{ node(id: "nothing:here") { id } relation(id: "x") { id } }"#, none, ""),
        ];
        for (query, variables, expected) in cases {
            let code = code_of(query, variables).await.unwrap_or_default();
            assert_eq!(code, expected, "{query}");
        }
    }
}
