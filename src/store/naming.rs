//! The file name a submitted document is stored under, checked before anything is written: a
//! name the file system cannot hold was an internal error after the document had been
//! parsed, and a name holding `/` or `..` must never reach a path.

use super::StoreError;
use crate::model::slug;

/// The longest document name, in bytes. File systems allow 255 bytes for a file name; the
/// store adds `.txt.meta.json` to it and, while writing, a temporary prefix and suffix.
pub const MAX_NAME_BYTES: usize = 100;

/// The file name (`<base>.txt`) for a document submitted with `name` (else its metadata id,
/// else a hash of its text), or why the name is refused.
///
/// A name is ASCII letters, digits, `-` and `_`, at most [`MAX_NAME_BYTES`]; it is stored in
/// lower case with `_` as `-`. An empty name counts as omitted.
pub(super) fn submitted_file_name(
    name: Option<&str>,
    id: Option<&str>,
    text: &str,
) -> Result<String, StoreError> {
    let base = match (name.filter(|n| !n.is_empty()), id) {
        (Some(name), _) => checked_name(name)?,
        (None, Some(id)) => {
            if id.len() > MAX_NAME_BYTES {
                return Err(StoreError::Invalid(format!(
                    "metadata.id is {} bytes long, at most {MAX_NAME_BYTES} bytes are allowed \
                     (without 'name', it names the document's file)",
                    id.len()
                )));
            }
            slug(id)
        }
        (None, None) => String::new(),
    };
    let base = if base.is_empty() {
        format!("document-{}", hash(text))
    } else {
        base
    };
    Ok(format!("{base}.txt"))
}

fn checked_name(name: &str) -> Result<String, StoreError> {
    let refuse = |why: String| Err(StoreError::Invalid(format!("argument 'name': {why}")));
    if name.len() > MAX_NAME_BYTES {
        return refuse(format!(
            "{} bytes long, at most {MAX_NAME_BYTES} bytes are allowed",
            name.len()
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_')))
    {
        return refuse(format!(
            "'{}' holds {c:?}; a name is ASCII letters, digits, '-' and '_'",
            name.escape_default()
        ));
    }
    let base = slug(name);
    if base.is_empty() {
        return refuse(format!("'{name}' has no letter or digit"));
    }
    Ok(base)
}

fn hash(text: &str) -> String {
    // FNV-1a: a short, stable name for an unnamed document (not a security property).
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: Option<&str>, id: Option<&str>) -> String {
        submitted_file_name(name, id, "text").unwrap_or_else(|e| format!("refused: {e}"))
    }

    #[test]
    fn a_name_is_stored_in_lower_case_and_an_omitted_one_is_derived() {
        assert_eq!(
            named(Some("TJ_Strategy-2018"), None),
            "tj-strategy-2018.txt"
        );
        assert_eq!(named(Some(""), Some("doc:tj:nsis")), "doc-tj-nsis.txt");
        assert_eq!(named(None, None), format!("document-{}.txt", hash("text")));
    }

    #[test]
    fn names_a_path_or_file_system_cannot_hold_are_refused() {
        let long = "x".repeat(MAX_NAME_BYTES + 1);
        for name in [long.as_str(), "a/b", "..", "a.txt", "é", "a\u{0}"] {
            assert!(named(Some(name), None).starts_with("refused"), "{name:?}");
        }
        assert!(named(Some(&"x".repeat(MAX_NAME_BYTES)), None).ends_with(".txt"));
    }
}
