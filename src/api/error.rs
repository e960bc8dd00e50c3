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
