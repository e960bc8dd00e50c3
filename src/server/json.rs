//! GraphQL answers written as JSON bytes: the same bytes `serde_json` writes for an
//! `async_graphql::Response`, with less work per value. Strings that need no escaping (nearly
//! all of them) are copied whole.

use async_graphql::Value;

/// The capacity an answer's buffer starts with; it doubles as needed, so a buffer never holds
/// more than twice its answer (cached answers are weighed by their length).
const START_BUFFER: usize = 1024;

/// `response` as JSON: `data`, then `extensions` and `errors` when there are any, as
/// `serde_json::to_vec(&response)` writes it; `data` is left out when `with_data` is false
/// (an answer to a request that failed before it ran has none, GraphQL over HTTP says).
pub(super) fn to_json_with(response: &async_graphql::Response, with_data: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(START_BUFFER);
    out.push(b'{');
    let mut first = true;
    let mut key = |out: &mut Vec<u8>, name: &[u8]| {
        if !first {
            out.push(b',');
        }
        first = false;
        out.extend_from_slice(name);
    };
    if with_data {
        key(&mut out, b"\"data\":");
        write_value(&mut out, &response.data);
    }
    if !response.extensions.is_empty() {
        key(&mut out, b"\"extensions\":");
        write_object(&mut out, response.extensions.iter());
    }
    if !response.errors.is_empty() {
        key(&mut out, b"\"errors\":");
        // Errors are rare and small: serde writes them.
        write_serde(&mut out, &response.errors);
    }
    out.push(b'}');
    out
}

/// Appends `value` as JSON.
fn write_value(out: &mut Vec<u8>, value: &Value) {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Boolean(true) => out.extend_from_slice(b"true"),
        Value::Boolean(false) => out.extend_from_slice(b"false"),
        Value::String(s) => write_str(out, s),
        Value::Enum(name) => write_str(out, name),
        Value::List(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_value(out, item);
            }
            out.push(b']');
        }
        Value::Object(fields) => write_object(out, fields.iter()),
        // Numbers (integers, floats) and bytes as serde writes them.
        Value::Number(_) | Value::Binary(_) => write_serde(out, value),
    }
}

/// Appends the fields of an object (a value's or the extensions') as a JSON object, in order.
fn write_object<'v, K: AsRef<str> + 'v>(
    out: &mut Vec<u8>,
    fields: impl Iterator<Item = (&'v K, &'v Value)>,
) {
    out.push(b'{');
    for (i, (key, value)) in fields.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_str(out, key.as_ref());
        out.push(b':');
        write_value(out, value);
    }
    out.push(b'}');
}

/// Appends `s` as a JSON string: copied whole when no byte needs escaping, else escaped by
/// serde_json.
fn write_str(out: &mut Vec<u8>, s: &str) {
    if !needs_escaping(s.as_bytes()) {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        write_serde(out, s);
    }
}

/// Whether any byte of `bytes` is a control character, `"` or `\`: eight bytes at a time,
/// the last eight again when the length is not a multiple of eight (a shorter string is
/// padded with spaces).
fn needs_escaping(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte of `x` is below `n` (n ≤ 128) exactly when this sets its high bit.
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGH;
    let zero = |x: u64| below(x, 1);
    let hit = |word: [u8; 8]| {
        let x = u64::from_le_bytes(word);
        below(x, 0x20) | zero(x ^ (ONES * u64::from(b'"'))) | zero(x ^ (ONES * u64::from(b'\\')))
            != 0
    };
    let word_at = |at: usize| {
        let mut word = [b' '; 8];
        let end = bytes.len().min(at + 8);
        word[..end - at].copy_from_slice(&bytes[at..end]);
        word
    };
    if bytes.len() <= 8 {
        return hit(word_at(0));
    }
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        if hit(word) {
            return true;
        }
    }
    !chunks.remainder().is_empty() && hit(word_at(bytes.len() - 8))
}

/// Appends `value` as serde_json writes it. Writing to a `Vec` fails only for values serde
/// cannot represent, which answers do not hold (map keys are strings); such a value is
/// written as `null`.
fn write_serde<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    let mark = out.len();
    if serde_json::to_writer(&mut *out, value).is_err() {
        out.truncate(mark);
        out.extend_from_slice(b"null");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::indexmap::IndexMap;
    use async_graphql::{Name, ServerError};
    use proptest::prelude::*;

    /// Strings rich in what JSON escapes: control characters, `"`, `\\`, DEL, non-ASCII.
    fn texts() -> impl Strategy<Value = String> {
        let c = prop_oneof![
            any::<char>(),
            Just('"'),
            Just('\\'),
            (0u8..0x20).prop_map(char::from),
            Just('\u{7f}'),
            Just('é'),
        ];
        proptest::collection::vec(c, 0..24).prop_map(|chars| chars.into_iter().collect())
    }

    /// Any GraphQL value an answer holds (no binary: the schema has no binary output), nested up to four
    /// levels.
    fn values() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Boolean),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from),
            texts().prop_map(Value::String),
            "[A-Z_]{1,12}".prop_map(|s| Value::Enum(Name::new(s))),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::List),
                proptest::collection::vec((texts(), inner), 0..8).prop_map(|fields| {
                    Value::Object(
                        fields
                            .into_iter()
                            .map(|(k, v)| (Name::new(k), v))
                            .collect::<IndexMap<_, _>>(),
                    )
                }),
            ]
        })
    }

    proptest! {
        #[test]
        fn answers_are_written_as_serde_writes_them(
            data in values(),
            extensions in proptest::collection::btree_map(texts(), values(), 0..3),
            errors in proptest::collection::vec(texts(), 0..2),
        ) {
            let mut response = async_graphql::Response::new(data);
            response.extensions = extensions;
            response.errors = errors.into_iter().map(|m| ServerError::new(m, None)).collect();
            let expected = serde_json::to_string(&response).unwrap();
            let written = String::from_utf8(to_json_with(&response, true)).unwrap();
            prop_assert_eq!(written, expected);
        }
    }

    proptest! {
        #[test]
        fn escaping_is_found_wherever_it_is_needed(
            mut bytes in proptest::collection::vec(0x20u8..=0xff, 0..40),
            special in proptest::option::of((
                any::<proptest::sample::Index>(),
                prop_oneof![Just(b'"'), Just(b'\\'), 0u8..0x20],
            )),
        ) {
            // Mostly bytes that are copied whole, and at most one that is escaped, anywhere.
            if let Some((at, byte)) = special {
                bytes.insert(at.index(bytes.len() + 1), byte);
            }
            let naive = bytes.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
            prop_assert_eq!(needs_escaping(&bytes), naive);
        }
    }

    #[test]
    fn strings_that_need_escaping_are_escaped() {
        let response = async_graphql::Response::new(Value::String("a\"b\\c\nd\u{1}é".into()));
        assert_eq!(
            String::from_utf8_lossy(&to_json_with(&response, true)),
            r#"{"data":"a\"b\\c\nd\u0001é"}"#
        );
    }
}
