//! Answers to read queries, kept as the bytes sent, per snapshot version.
//!
//! A snapshot never changes, so the answer to a query (its text, operation name and variables)
//! on one snapshot version is the same every time it is asked: a repeated query is answered
//! from here without being checked or executed again. Only queries whose every operation is a
//! query, which passed the guard and answered without any error, are kept. Entries name the
//! version they were computed on, so a new snapshot (a write, a reload) is never answered from
//! an old one; when a request first sees a newer version, the old entries are dropped.

use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::Bytes;

/// Bytes an entry takes besides its key and answer (map slot, lengths, counters).
const ENTRY_OVERHEAD: u64 = 96;

/// What an answer is kept under.
#[derive(PartialEq, Eq, Hash)]
struct Key {
    version: u64,
    query: String,
    operation: Option<String>,
    variables: String,
}

/// The same key, borrowed from a request, for looking up without copying.
struct KeyRef<'a> {
    version: u64,
    query: &'a str,
    operation: Option<&'a str>,
    variables: &'a str,
}

impl Hash for KeyRef<'_> {
    // Must hash as `Key` does (derived: field by field, `String` as `str`).
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.version.hash(state);
        self.query.hash(state);
        self.operation.hash(state);
        self.variables.hash(state);
    }
}

impl quick_cache::Equivalent<Key> for KeyRef<'_> {
    fn equivalent(&self, key: &Key) -> bool {
        self.version == key.version
            && self.query == key.query
            && self.operation == key.operation.as_deref()
            && self.variables == key.variables
    }
}

/// Weighs an entry by the memory it holds.
#[derive(Clone)]
struct EntryBytes;

impl quick_cache::Weighter<Key, Bytes> for EntryBytes {
    fn weight(&self, key: &Key, answer: &Bytes) -> u64 {
        let key_bytes =
            key.query.len() + key.operation.as_ref().map_or(0, String::len) + key.variables.len();
        (key_bytes + answer.len()) as u64 + ENTRY_OVERHEAD
    }
}

/// The cache; `None` inside when it is turned off (a bound of 0 bytes).
pub(super) struct ResponseCache {
    entries: Option<quick_cache::sync::Cache<Key, Bytes, EntryBytes>>,
    /// The newest snapshot version a request has seen.
    newest: AtomicU64,
}

/// A request's variables written out once, for every lookup and insert keyed on them, as
/// async-graphql holds them: top-level names sorted, the fields of object values in the order
/// the client wrote them (the same object written in another order is a different key: a
/// miss, never a wrong answer).
pub(super) struct Variables(String);

impl Variables {
    /// The variables of `request`; `None` if they cannot be written out.
    pub(super) fn of(request: &async_graphql::Request) -> Option<Self> {
        serde_json::to_string(&request.variables)
            .ok()
            .map(Variables)
    }

    fn key_ref<'a>(&'a self, version: u64, request: &'a async_graphql::Request) -> KeyRef<'a> {
        KeyRef {
            version,
            query: &request.query,
            operation: request.operation_name.as_deref(),
            variables: &self.0,
        }
    }
}

impl ResponseCache {
    /// A cache holding about `bytes` of answers and keys; 0 turns it off.
    pub(super) fn new(bytes: u64) -> Self {
        let entries = (bytes > 0).then(|| {
            // Room for as many entries as small answers (about 1 KiB) would fill.
            let items = usize::try_from(bytes / 1024).unwrap_or(usize::MAX).max(1);
            quick_cache::sync::Cache::with_weighter(items, bytes, EntryBytes)
        });
        ResponseCache {
            entries,
            newest: AtomicU64::new(0),
        }
    }

    /// Whether answers are kept at all.
    pub(super) fn is_on(&self) -> bool {
        self.entries.is_some()
    }

    /// The answer kept for `request` on snapshot `version`, if any. Drops every older answer
    /// the first time a newer version is seen.
    pub(super) fn get(
        &self,
        version: u64,
        request: &async_graphql::Request,
        variables: &Variables,
    ) -> Option<Bytes> {
        let entries = self.entries.as_ref()?;
        if self.newest.fetch_max(version, Ordering::AcqRel) < version {
            entries.clear();
        }
        entries.get(&variables.key_ref(version, request))
    }

    /// Keeps `answer` to `query` (with `operation` and `variables`) computed on snapshot
    /// `version`, unless a newer snapshot has been seen meanwhile.
    pub(super) fn keep(
        &self,
        version: u64,
        query: String,
        operation: Option<String>,
        variables: &Variables,
        answer: Bytes,
    ) {
        let Some(entries) = self.entries.as_ref() else {
            return;
        };
        if version < self.newest.load(Ordering::Acquire) {
            return;
        }
        entries.insert(
            Key {
                version,
                query,
                operation,
                variables: variables.0.clone(),
            },
            answer,
        );
        // A newer snapshot seen between the check above and the insert has cleared the cache
        // already: drop what is older than it (rare, so a sweep is fine).
        let newest = self.newest.load(Ordering::Acquire);
        if version < newest {
            entries.retain(|key, _| key.version >= newest);
        }
    }

    /// Answers kept now.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries.as_ref().map_or(0, |e| e.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(query: &str, variables: serde_json::Value) -> async_graphql::Request {
        async_graphql::Request::new(query).variables(async_graphql::Variables::from_json(variables))
    }

    fn get(cache: &ResponseCache, version: u64, asked: &async_graphql::Request) -> Option<Bytes> {
        let variables = Variables::of(asked).expect("variables");
        cache.get(version, asked, &variables)
    }

    fn keep(cache: &ResponseCache, version: u64, asked: &async_graphql::Request, answer: Bytes) {
        let variables = Variables::of(asked).expect("variables");
        cache.keep(
            version,
            asked.query.clone(),
            asked.operation_name.clone(),
            &variables,
            answer,
        );
    }

    #[test]
    fn an_answer_is_found_under_the_same_query_variables_and_version_only() {
        let cache = ResponseCache::new(1 << 20);
        let asked = request(
            "query($c: String!) { country(code: $c) { name } }",
            serde_json::json!({"c": "PK"}),
        );
        assert!(get(&cache, 1, &asked).is_none());
        keep(&cache, 1, &asked, Bytes::from_static(b"{\"data\":1}"));
        assert_eq!(
            get(&cache, 1, &asked).as_deref(),
            Some(&b"{\"data\":1}"[..])
        );

        let other = request(
            "query($c: String!) { country(code: $c) { name } }",
            serde_json::json!({"c": "TJ"}),
        );
        assert!(get(&cache, 1, &other).is_none(), "other variables");
        let named = request(
            "query($c: String!) { country(code: $c) { name } }",
            serde_json::json!({"c": "PK"}),
        )
        .operation_name("Q");
        assert!(get(&cache, 1, &named).is_none(), "another operation name");
    }

    #[test]
    fn a_newer_snapshot_drops_older_answers_and_refuses_late_ones() {
        let cache = ResponseCache::new(1 << 20);
        let asked = request("{ __typename }", serde_json::json!({}));
        assert!(get(&cache, 1, &asked).is_none());
        keep(&cache, 1, &asked, Bytes::from_static(b"old"));
        assert_eq!(cache.len(), 1);
        assert!(get(&cache, 2, &asked).is_none());
        assert_eq!(cache.len(), 0, "version 2 drops version 1's answers");
        // A request that started on version 1 and finishes now keeps nothing.
        keep(&cache, 1, &asked, Bytes::from_static(b"late"));
        assert_eq!(cache.len(), 0);
        assert!(get(&cache, 1, &asked).is_none());
    }

    #[test]
    fn the_bound_holds_and_zero_turns_the_cache_off() {
        let off = ResponseCache::new(0);
        assert!(!off.is_on());
        let asked = request("{ __typename }", serde_json::json!({}));
        keep(&off, 1, &asked, Bytes::from_static(b"kept?"));
        assert!(get(&off, 1, &asked).is_none());

        let cache = ResponseCache::new(64 * 1024);
        assert!(cache.is_on());
        for i in 0..1_000 {
            let asked = request(&format!("{{ a{i}: __typename }}"), serde_json::json!({}));
            keep(&cache, 1, &asked, Bytes::from(vec![b' '; 1024]));
        }
        let entries = cache.entries.as_ref().expect("cache on");
        assert!(entries.weight() <= 64 * 1024, "weight {}", entries.weight());
        assert!(
            cache.len() > 10 && cache.len() < 1_000,
            "{} kept",
            cache.len()
        );
    }
}
