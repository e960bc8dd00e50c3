//! How deeply a query's text nests brackets, found before the text is parsed.
//!
//! The GraphQL parser recurses once per nested list, object, selection set and argument list,
//! with no bound of its own: a few kilobytes of `[[[[…]]]]` overflow a worker's stack and abort
//! the process. The guard therefore scans the raw text first — skipping strings, block strings
//! and comments, where brackets mean nothing — and refuses anything nested deeper than a limit,
//! so the parser only ever sees shallow documents. Imports nothing from the rest of the crate.

/// Where a text first nests deeper than a limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooDeep {
    /// Line of the bracket that went past the limit (1-based).
    pub line: usize,
    /// Column of that bracket, in characters (1-based).
    pub column: usize,
}

/// Scans `text` as GraphQL lexes it and returns where its bracket nesting (`{`, `[`, `(`)
/// first exceeds `limit`, or `None` when it never does. Unterminated strings end the scan
/// (the parser reports them); unbalanced closing brackets never lower the count below zero.
pub(crate) fn deeper_than(text: &str, limit: usize) -> Option<TooDeep> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                i = end_of_block_string(bytes, i + 3)?;
                continue;
            }
            b'"' => {
                i = end_of_string(bytes, i + 1)?;
                continue;
            }
            b'{' | b'[' | b'(' => {
                depth += 1;
                if depth > limit {
                    return Some(position(text, i));
                }
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The index just past the `"` that closes a string whose body starts at `i`; `None` when the
/// string is not closed on its line (the scan ends: nothing after it is a document).
fn end_of_string(bytes: &[u8], mut i: usize) -> Option<usize> {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            b'\n' | b'\r' => return None,
            _ => i += 1,
        }
    }
    None
}

/// The index just past the `"""` that closes a block string whose body starts at `i`
/// (`\"""` inside it is an escaped delimiter); `None` when it is never closed.
fn end_of_block_string(bytes: &[u8], mut i: usize) -> Option<usize> {
    while i < bytes.len() {
        if bytes[i..].starts_with(b"\\\"\"\"") {
            i += 4;
        } else if bytes[i..].starts_with(b"\"\"\"") {
            return Some(i + 3);
        } else {
            i += 1;
        }
    }
    None
}

/// The line and column of byte `offset` in `text`.
fn position(text: &str, offset: usize) -> TooDeep {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    TooDeep {
        line,
        column: before[line_start..].chars().count() + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_every_kind_of_bracket_together() {
        assert_eq!(deeper_than("{ a(b: [{c: 1}]) { d } }", 4), None);
        assert_eq!(
            deeper_than("{ a(b: [{c: [1]}]) { d } }", 4),
            Some(TooDeep {
                line: 1,
                column: 13
            })
        );
        let lists = format!(
            "{{ node(id: {}1{}) {{ id }} }}",
            "[".repeat(2000),
            "]".repeat(2000)
        );
        assert!(deeper_than(&lists, 64).is_some());
        let objects = format!("{{ a(x: {}1{}) }}", "{a:".repeat(1250), "}".repeat(1250));
        assert!(deeper_than(&objects, 64).is_some());
    }

    #[test]
    fn brackets_in_strings_and_comments_do_not_count() {
        let quoted = format!(r#"{{ search(text: "{}") {{ score }} }}"#, "[".repeat(500));
        assert_eq!(deeper_than(&quoted, 4), None);
        let escaped = format!(r#"{{ search(text: "\"{}") {{ score }} }}"#, "{".repeat(500));
        assert_eq!(deeper_than(&escaped, 4), None);
        let block = format!(
            "{{ search(text: \"\"\"a \\\"\"\" {}\"\"\") {{ score }} }}",
            "(".repeat(500)
        );
        assert_eq!(deeper_than(&block, 4), None);
        let comment = format!("# {}\n{{ stats {{ entities }} }}", "{".repeat(500));
        assert_eq!(deeper_than(&comment, 4), None);
    }

    #[test]
    fn says_where_the_limit_was_passed() {
        let text = "query {\n  a {\n    b { c }\n  }\n}";
        assert_eq!(deeper_than(text, 3), None);
        assert_eq!(deeper_than(text, 2), Some(TooDeep { line: 3, column: 7 }));
    }

    #[test]
    fn unbalanced_or_unterminated_text_ends_the_scan_without_panicking() {
        assert_eq!(deeper_than("}}}] { a }", 1), None);
        assert_eq!(deeper_than("{ a(b: \"open [[[", 2), None);
        assert_eq!(deeper_than("{ a(b: \"\"\"open\n[[[", 2), None);
        assert_eq!(deeper_than("\"\\", 1), None);
        assert_eq!(
            deeper_than("{ é: [ü]", 1),
            Some(TooDeep { line: 1, column: 6 })
        );
    }
}
