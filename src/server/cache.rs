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

/// A request's key, with its variables written out once for the lookup and the insert.
pub(super) struct RequestKey {
    version: u64,
    variables: String,
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

    /// The key of `request` on snapshot `version`; drops every older answer the first time a
    /// newer version is seen. `None` when the cache is off.
    pub(super) fn key(&self, version: u64, request: &async_graphql::Request) -> Option<RequestKey> {
        let entries = self.entries.as_ref()?;
        if self.newest.fetch_max(version, Ordering::AcqRel) < version {
            entries.clear();
        }
        // Variables keep the order the client wrote them in: the same variables written in
        // another order are a different key (a miss, never a wrong answer).
        let variables = serde_json::to_string(&request.variables).ok()?;
        Some(RequestKey { version, variables })
    }

    /// The answer kept for `request`, if any.
    pub(super) fn get(&self, key: &RequestKey, request: &async_graphql::Request) -> Option<Bytes> {
        let entries = self.entries.as_ref()?;
        entries.get(&KeyRef {
            version: key.version,
            query: &request.query,
            operation: request.operation_name.as_deref(),
            variables: &key.variables,
        })
    }

    /// Keeps `answer` to `query` (with `operation`), unless a newer snapshot has been seen
    /// meanwhile.
    pub(super) fn keep(
        &self,
        key: RequestKey,
        query: String,
        operation: Option<String>,
        answer: Bytes,
    ) {
        let Some(entries) = self.entries.as_ref() else {
            return;
        };
        if key.version < self.newest.load(Ordering::Acquire) {
            return;
        }
        let version = key.version;
        entries.insert(
            Key {
                version,
                query,
                operation,
                variables: key.variables,
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

    fn keep(cache: &ResponseCache, key: RequestKey, asked: &async_graphql::Request, answer: Bytes) {
        cache.keep(
            key,
            asked.query.clone(),
            asked.operation_name.clone(),
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
        let key = cache.key(1, &asked).expect("cache on");
        assert!(cache.get(&key, &asked).is_none());
        keep(&cache, key, &asked, Bytes::from_static(b"{\"data\":1}"));
        let again = cache.key(1, &asked).expect("cache on");
        assert_eq!(
            cache.get(&again, &asked).as_deref(),
            Some(&b"{\"data\":1}"[..])
        );

        let other = request(
            "query($c: String!) { country(code: $c) { name } }",
            serde_json::json!({"c": "TJ"}),
        );
        let key = cache.key(1, &other).expect("cache on");
        assert!(cache.get(&key, &other).is_none(), "other variables");
        let named = request(
            "query($c: String!) { country(code: $c) { name } }",
            serde_json::json!({"c": "PK"}),
        )
        .operation_name("Q");
        let key = cache.key(1, &named).expect("cache on");
        assert!(cache.get(&key, &named).is_none(), "another operation name");
    }

    #[test]
    fn a_newer_snapshot_drops_older_answers_and_refuses_late_ones() {
        let cache = ResponseCache::new(1 << 20);
        let asked = request("{ __typename }", serde_json::json!({}));
        let old = cache.key(1, &asked).expect("cache on");
        let late = cache.key(1, &asked).expect("cache on");
        keep(&cache, old, &asked, Bytes::from_static(b"old"));
        assert_eq!(cache.len(), 1);
        let new = cache.key(2, &asked).expect("cache on");
        assert_eq!(cache.len(), 0, "version 2 drops version 1's answers");
        assert!(cache.get(&new, &asked).is_none());
        // A request that started on version 1 and finishes now keeps nothing.
        keep(&cache, late, &asked, Bytes::from_static(b"late"));
        assert_eq!(cache.len(), 0);
    }

    #[test]
    fn the_bound_holds_and_zero_turns_the_cache_off() {
        let off = ResponseCache::new(0);
        let asked = request("{ __typename }", serde_json::json!({}));
        assert!(off.key(1, &asked).is_none());

        let cache = ResponseCache::new(64 * 1024);
        for i in 0..1_000 {
            let asked = request(&format!("{{ a{i}: __typename }}"), serde_json::json!({}));
            let key = cache.key(1, &asked).expect("cache on");
            keep(&cache, key, &asked, Bytes::from(vec![b' '; 1024]));
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
