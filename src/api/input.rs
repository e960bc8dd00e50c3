//! Checks on the strings a write stores, made before anything else is done with them: no
//! control characters, which cannot be shown and make the XML exports unreadable, except the
//! tabs, line and page breaks a document's text is made of. Each refusal names the field.

use serde_json::Value;

use super::error::ApiError;

/// The control characters a document's text may hold: tab, line feed, carriage return
/// (CRLF line endings) and form feed (the page breaks of texts converted from PDF, as in the
/// ITU profiles). The parser reads them as such.
const TEXT_CONTROLS: [char; 4] = ['\t', '\n', '\r', '\u{c}'];

fn first_control(text: &str, allowed: &[char]) -> Option<char> {
    text.chars()
        .find(|c| c.is_control() && !allowed.contains(c))
}

fn refusal(place: &str, c: char, rule: &str) -> ApiError {
    ApiError::BadUserInput(format!(
        "{place} holds the control character U+{:04X}; {rule}",
        u32::from(c)
    ))
}

/// Refuses a metadata field (`field`, e.g. `metadata.title`) holding any control character.
pub(super) fn plain_text(field: &str, value: Option<&str>) -> Result<(), ApiError> {
    match value.and_then(|v| first_control(v, &[])) {
        Some(c) => Err(refusal(field, c, "a field of one line holds none")),
        None => Ok(()),
    }
}

/// Refuses a document's text holding control characters other than [`TEXT_CONTROLS`],
/// naming the first line that does.
pub(super) fn document_text(text: &str) -> Result<(), ApiError> {
    for (number, line) in text.split('\n').enumerate() {
        if let Some(c) = first_control(line, &TEXT_CONTROLS) {
            return Err(refusal(
                &format!("argument 'text': line {}", number + 1),
                c,
                "a document may hold tabs, line and page breaks but no other control character",
            ));
        }
    }
    Ok(())
}

/// Refuses a JSON argument any of whose strings or keys holds a control character; `path`
/// names the value (`fact`), and the refusal names the string (`fact.entities[0].name`).
pub(super) fn json_strings(path: &str, value: &Value) -> Result<(), ApiError> {
    let refuse = |at: &str, c| {
        Err(refusal(
            &format!(
                "argument '{}': {at}",
                path.split(['.', '[']).next().unwrap_or(path)
            ),
            c,
            "the strings of a fact hold none",
        ))
    };
    match value {
        Value::String(s) => match first_control(s, &[]) {
            Some(c) => refuse(path, c),
            None => Ok(()),
        },
        Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, item)| json_strings(&format!("{path}[{i}]"), item)),
        Value::Object(fields) => fields.iter().try_for_each(|(key, item)| {
            let at = format!("{path}.{key}");
            match first_control(key, &[]) {
                Some(c) => refuse(&at, c),
                None => json_strings(&at, item),
            }
        }),
        Value::Null | Value::Bool(_) | Value::Number(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(result: Result<(), ApiError>) -> String {
        match result {
            Err(ApiError::BadUserInput(m)) => m,
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn a_refusal_names_the_field_line_or_json_path_and_the_character() {
        assert_eq!(
            message(plain_text("metadata.title", Some("a\u{7}"))),
            "metadata.title holds the control character U+0007; a field of one line holds none"
        );
        assert!(message(document_text("one\ntwo\u{1b}")).starts_with("argument 'text': line 2 "));
        let fact = serde_json::json!({ "entities": [ { "aliases": ["ok", "b\u{0}"] } ] });
        assert!(message(json_strings("fact", &fact))
            .starts_with("argument 'fact': fact.entities[0].aliases[1] holds"));
    }

    #[test]
    fn tabs_line_and_page_breaks_are_document_text() {
        assert!(document_text("a\tb\r\nc\u{c}d\re").is_ok());
        assert!(plain_text("metadata.title", Some("A title")).is_ok());
        assert!(plain_text("metadata.title", None).is_ok());
    }
}
