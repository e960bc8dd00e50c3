//! GraphQL answers written as JSON bytes: the same bytes `serde_json` writes for an
//! `async_graphql::Response`, with less work per value. Strings that need no escaping (nearly
//! all of them) are copied whole.
//!
//! Resolvers of the commonest shapes (a page of relations with their ends, entities asked
//! for their id, kind or name) may write their part of the answer as JSON themselves instead
//! of building values for it: `prewritten` JSON, which [`to_json`] copies verbatim. They do
//! so only when the request carries [`PrewrittenJson`], which a caller gives when it writes
//! the answer with [`to_json`] and the query is [`merge_free`]; other callers (the WebSocket,
//! tests, embedders) get ordinary values.

use async_graphql::parser::types::{ExecutableDocument, Field, Selection, SelectionSet};
use async_graphql::resolver_utils::EnumType;
use async_graphql::{Positioned, Value};

/// Request data saying that resolvers may answer with `prewritten` JSON: the answer is
/// written by [`to_json`] and its query is [`merge_free`].
#[derive(Debug, Clone, Copy)]
pub struct PrewrittenJson;

/// A part of an answer already written as JSON, for [`to_json`] to copy. It travels as a
/// binary value: the schema has no binary output, so nothing else in an answer is one (an
/// output type that gave binary values would need its own representation here). Debug
/// builds, the tests', check that every part parses.
pub(crate) fn prewritten(json: Vec<u8>) -> Value {
    debug_assert!(
        serde_json::from_slice::<serde::de::IgnoredAny>(&json).is_ok(),
        "prewritten JSON that does not parse: {}",
        String::from_utf8_lossy(&json)
    );
    Value::Binary(json.into())
}

/// The capacity an answer's buffer starts with; it doubles as needed, so a buffer never holds
/// more than twice its answer (cached answers are weighed by their length).
const START_BUFFER: usize = 1024;

/// `response` as JSON: `data`, then `extensions` and `errors` when there are any, as
/// `serde_json::to_vec(&response)` writes it, with `prewritten` parts copied as they are.
pub fn to_json(response: &async_graphql::Response) -> Vec<u8> {
    let mut out = Vec::with_capacity(START_BUFFER);
    out.extend_from_slice(b"{\"data\":");
    write_value(&mut out, &response.data);
    if !response.extensions.is_empty() {
        out.extend_from_slice(b",\"extensions\":");
        write_object(&mut out, response.extensions.iter());
    }
    if !response.errors.is_empty() {
        out.extend_from_slice(b",\"errors\":");
        // Errors are rare and small: serde writes them.
        write_serde(&mut out, &response.errors);
    }
    out.push(b'}');
    out
}

/// Appends `value` as JSON.
pub(crate) fn write_value(out: &mut Vec<u8>, value: &Value) {
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
        Value::Binary(json) => out.extend_from_slice(json),
        // Numbers (integers, floats) as serde writes them.
        Value::Number(_) => write_serde(out, value),
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

/// Appends the answer to `items`, a selection of fields only, as a JSON object: each
/// response key once, with `field` writing the value of the first field asked under it (in a
/// validated [`merge_free`] query, fields asked twice under one key are the same leaf).
/// `None` when an item is not a field or `field` gives up; `out` then holds a partial object.
pub(crate) fn write_selection(
    out: &mut Vec<u8>,
    items: &[Positioned<Selection>],
    mut field: impl FnMut(&mut Vec<u8>, &Field) -> Option<()>,
) -> Option<()> {
    out.push(b'{');
    let mut written = false;
    for (i, item) in items.iter().enumerate() {
        let Selection::Field(f) = &item.node else {
            return None;
        };
        let key = f.node.response_key().node.as_str();
        let asked_before = items[..i].iter().any(|earlier| {
            matches!(&earlier.node, Selection::Field(e) if e.node.response_key().node == key)
        });
        if asked_before {
            continue;
        }
        if written {
            out.push(b',');
        }
        written = true;
        write_name(out, key);
        out.push(b':');
        field(out, &f.node)?;
    }
    out.push(b'}');
    Some(())
}

/// Appends the GraphQL name of `value` as a JSON string: what async-graphql's `enum_value`
/// gives, without building a value for it.
pub(crate) fn write_enum<T: EnumType>(out: &mut Vec<u8>, value: T) {
    match T::items().iter().find(|item| item.value == value) {
        Some(item) => write_name(out, item.name),
        // Every value of a GraphQL enum is among its items.
        None => out.extend_from_slice(b"null"),
    }
}

/// Appends a GraphQL name (a response key, an enum value, a type name) as a JSON string.
/// Names are ASCII letters, digits and underscores (the query parser and the schema allow
/// nothing else), so none needs escaping.
pub(crate) fn write_name(out: &mut Vec<u8>, name: &str) {
    debug_assert!(
        !needs_escaping(name.as_bytes()),
        "not a GraphQL name: {name:?}"
    );
    out.reserve(name.len() + 2);
    out.push(b'"');
    out.extend_from_slice(name.as_bytes());
    out.push(b'"');
}

/// Appends `s` as a JSON string: copied whole when no byte needs escaping, else escaped by
/// serde_json.
pub(crate) fn write_str(out: &mut Vec<u8>, s: &str) {
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

/// Nesting of fragments beyond which [`merge_free`] gives up (and answers `false`).
const MAX_FRAGMENT_NESTING: usize = 32;
/// Selections [`merge_free`] looks at, fragments counted wherever they are spread, before it
/// gives up: spreads that double at every level cannot make it work exponentially.
const MAX_SELECTIONS: usize = 10_000;

/// Whether no selection of `doc` asks twice, under one response key, for a field with a
/// selection of its own, counting the fields its fragments bring in. GraphQL merges such
/// fields (`target { id } target { name }` asks for both), and merging works on values, not
/// on `prewritten` JSON: a query that does it is answered without prewritten parts.
/// Documents too large or too nested to tell are answered `false`.
pub fn merge_free(doc: &ExecutableDocument) -> bool {
    let sets = doc
        .operations
        .iter()
        .map(|(_, op)| &op.node.selection_set.node)
        .chain(doc.fragments.values().map(|f| &f.node.selection_set.node));
    let mut walk = Walk {
        doc,
        keys: Vec::new(),
        budget: MAX_SELECTIONS,
    };
    for set in sets {
        if !walk.set_merge_free(set) {
            return false;
        }
    }
    true
}

/// The state of [`merge_free`]'s walk over one document.
struct Walk<'d> {
    doc: &'d ExecutableDocument,
    /// Scratch space: the keys of one selection, each with whether its field has a selection.
    keys: Vec<(&'d str, bool)>,
    /// Selections that may still be looked at.
    budget: usize,
}

impl<'d> Walk<'d> {
    /// [`merge_free`] for `set` and every selection within it.
    fn set_merge_free(&mut self, set: &'d SelectionSet) -> bool {
        self.keys.clear();
        if !self.field_keys(set, 0) {
            return false;
        }
        // A key asked twice where either field has a selection is merged. (Two leaves under
        // one key are the same field, or, under different type conditions, a JSON scalar
        // and an object: counted by their selections, the latter is caught.)
        self.keys.sort_unstable();
        let merged = self
            .keys
            .chunk_by(|a, b| a.0 == b.0)
            .any(|same| same.len() > 1 && same.iter().any(|&(_, has_selection)| has_selection));
        if merged {
            return false;
        }
        set.items.iter().all(|item| match &item.node {
            Selection::Field(f) => self.set_merge_free(&f.node.selection_set.node),
            Selection::InlineFragment(f) => self.set_merge_free(&f.node.selection_set.node),
            // Fragment definitions are checked on their own.
            Selection::FragmentSpread(_) => true,
        })
    }

    /// Adds to `keys` the response key of every field `set` asks for, its fragments'
    /// included, with whether the field has a selection; `false` when that is too much work
    /// to tell.
    fn field_keys(&mut self, set: &'d SelectionSet, nesting: usize) -> bool {
        if nesting > MAX_FRAGMENT_NESTING {
            return false;
        }
        let doc = self.doc;
        set.items.iter().all(|item| {
            let Some(left) = self.budget.checked_sub(1) else {
                return false;
            };
            self.budget = left;
            match &item.node {
                Selection::Field(f) => {
                    let has_selection = !f.node.selection_set.node.items.is_empty();
                    self.keys
                        .push((f.node.response_key().node.as_str(), has_selection));
                    true
                }
                Selection::InlineFragment(f) => {
                    self.field_keys(&f.node.selection_set.node, nesting + 1)
                }
                Selection::FragmentSpread(spread) => doc
                    .fragments
                    .get(&spread.node.fragment_name.node)
                    .is_none_or(|fragment| {
                        self.field_keys(&fragment.node.selection_set.node, nesting + 1)
                    }),
            }
        })
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

    /// Any GraphQL value an answer holds (no binary: see `prewritten`), nested up to four
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
            let written = String::from_utf8(to_json(&response)).unwrap();
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
            String::from_utf8_lossy(&to_json(&response)),
            r#"{"data":"a\"b\\c\nd\u0001é"}"#
        );
    }

    #[test]
    fn prewritten_parts_are_copied_as_they_are() {
        let data = Value::List(vec![
            prewritten(br#"{"id":"a\n"}"#.to_vec()),
            Value::String("b".into()),
        ]);
        let written = to_json(&async_graphql::Response::new(data));
        assert_eq!(
            String::from_utf8_lossy(&written),
            r#"{"data":[{"id":"a\n"},"b"]}"#
        );
    }

    #[test]
    fn selections_are_written_with_each_key_once() {
        let Ok(doc) = async_graphql::parser::parse_query("{ id a: name id a: name kind }") else {
            panic!("does not parse");
        };
        let Some((_, op)) = doc.operations.iter().next() else {
            panic!("no operation");
        };
        let mut out = Vec::new();
        let written = write_selection(&mut out, &op.node.selection_set.node.items, |out, f| {
            write_str(out, f.name.node.as_str());
            Some(())
        });
        assert_eq!(written, Some(()));
        assert_eq!(
            String::from_utf8_lossy(&out),
            r#"{"id":"id","a":"name","kind":"kind"}"#
        );
    }

    #[test]
    fn queries_that_merge_selections_are_told_apart() {
        let merge_free_of = |query: &str| match async_graphql::parser::parse_query(query) {
            Ok(doc) => merge_free(&doc),
            Err(e) => panic!("{query}: {e}"),
        };
        for free in [
            "{ a { id id } b: a { id } }",
            "{ a { id ...F } } fragment F on T { b { id } }",
            "{ a { x { id } } b { x { id } } }",
            "{ a { ... on T { x { id } } } }",
        ] {
            assert!(merge_free_of(free), "{free}");
        }
        for merging in [
            "{ a { id } a { name } }",
            "{ a { x { id } x: y { id } } }",
            "{ a { x { id } ...F } } fragment F on T { x { name } }",
            "{ a { ... on T { x { id } } ... on U { x { name } } } }",
            "{ ...F a { id } } fragment F on Query { a { name } }",
            "{ a { b { c { id } c { name } } } }",
            "fragment F on T { x { id } x { name } } { a { ...F } }",
            "{ a { ...F } } fragment F on T { ...F }",
            // A JSON scalar and an object under one key, allowed under type conditions.
            "{ a { x: qualifiers ... on R { x: source { id } } } }",
        ] {
            assert!(!merge_free_of(merging), "{merging}");
        }
        // Spreads that double at every level: 2^30 selections if expanded, refused early.
        let mut doubling = String::from("{ a { ...F30 } } fragment F0 on T { id }");
        for level in 1..=30 {
            let below = level - 1;
            doubling.push_str(&format!(
                " fragment F{level} on T {{ ...F{below} ...F{below} }}"
            ));
        }
        assert!(!merge_free_of(&doubling));
    }
}
