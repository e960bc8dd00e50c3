//! Relay-style paging shared by every paged list: the page sizes (defined here once and read
//! by the cost model), opaque cursors, and `PageInfo`.

use async_graphql::SimpleObject;

use super::error::ApiError;

/// Default page size of every paged list (relations, countries, entities).
pub const DEFAULT_PAGE: usize = 100;
/// The largest `first` a paged list accepts.
pub const MAX_PAGE: usize = 1000;

/// Relay page information.
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct PageInfo {
    /// Whether more edges follow.
    pub has_next_page: bool,
    /// Whether edges precede.
    pub has_previous_page: bool,
    /// Cursor of the first edge.
    pub start_cursor: Option<String>,
    /// Cursor of the last edge.
    pub end_cursor: Option<String>,
}

/// Encodes an offset as a cursor.
pub fn cursor(offset: usize) -> String {
    format!("cursor:{offset}")
}

/// Decodes `after` (a cursor) and `first` into a start offset and a page size.
pub fn page_window(first: Option<i32>, after: Option<&str>) -> Result<(usize, usize), ApiError> {
    let size = match first {
        None => DEFAULT_PAGE,
        Some(n) if n < 0 => {
            return Err(ApiError::BadUserInput(format!(
                "argument 'first' must be 0 or more, got {n}"
            )))
        }
        Some(n) if n as usize > MAX_PAGE => {
            return Err(ApiError::BadUserInput(format!(
                "argument 'first' must be at most {MAX_PAGE}, got {n}"
            )))
        }
        Some(n) => n as usize,
    };
    let start = match after {
        None => 0,
        Some(c) => {
            let offset = c
                .strip_prefix("cursor:")
                .and_then(|n| n.parse::<usize>().ok())
                .ok_or_else(|| {
                    ApiError::BadUserInput(format!(
                        "argument 'after': '{c}' is not a cursor this server issued"
                    ))
                })?;
            // The page starts after the cursor's item. The largest offset has no next one:
            // adding 1 unchecked wrapped it round to the first page.
            offset.checked_add(1).ok_or_else(|| {
                ApiError::BadUserInput(format!(
                    "argument 'after': '{c}' is past the last offset a page can start at"
                ))
            })?
        }
    };
    Ok((start, size))
}
