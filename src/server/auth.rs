//! Who may write: the `Authorization: Bearer` token compared with the server's admin token,
//! in time that does not depend on where they differ. The token is never logged.

use axum::http::{header, HeaderMap};
use subtle::ConstantTimeEq;

use crate::api::mutation::Access;

/// Decides the caller's access from the `Authorization` header.
pub(super) fn access(headers: &HeaderMap, admin_token: Option<&str>) -> Access {
    let Some(expected) = admin_token else {
        return Access::WritesDisabled;
    };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if same_secret(presented.as_bytes(), expected.as_bytes()) {
        Access::Admin
    } else {
        Access::Anonymous
    }
}

/// Whether two secrets are equal, in time that does not depend on where they differ.
fn same_secret(presented: &[u8], expected: &[u8]) -> bool {
    if presented.len() != expected.len() {
        // Spend the same work as a real comparison before refusing.
        let _ = expected.ct_eq(expected);
        return false;
    }
    presented.ct_eq(expected).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn secrets_compare_equal_only_when_identical() {
        assert!(same_secret(b"s3cret", b"s3cret"));
        assert!(!same_secret(b"s3cre", b"s3cret"));
        assert!(!same_secret(b"s3creT", b"s3cret"));
        assert!(!same_secret(b"", b"s3cret"));
    }

    #[test]
    fn the_bearer_token_decides_access() {
        let mut headers = HeaderMap::new();
        assert!(matches!(access(&headers, None), Access::WritesDisabled));
        assert!(matches!(access(&headers, Some("t0k")), Access::Anonymous));
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer t0k"),
        );
        assert!(matches!(access(&headers, Some("t0k")), Access::Admin));
        assert!(matches!(access(&headers, Some("t0K")), Access::Anonymous));
    }
}
