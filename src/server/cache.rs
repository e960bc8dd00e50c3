//! Answers to read queries, kept as the bytes sent, per snapshot version.
//!
//! A snapshot never changes, so the answer to a query (its text, operation name and variables)
//! on one snapshot version is the same every time it is asked: a repeated query is answered
//! from here without being checked or executed again. Only queries whose every operation is a
//! query, which passed the guard and answered without any error, are kept. Entries name the
//! version they were computed on, so a new snapshot (a write, a reload) is never answered from
//! an old one; when a request first sees a newer version, the old entries are dropped.
//!
//! Read requests that passed full validation are remembered too, whatever the snapshot
//! ([`ValidatedRequests`]): executed again on a newer snapshot, they skip the validation rules.

use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextValidation};
use async_graphql::{CacheControl, ServerError, ValidationResult};

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

/// Weighs a remembered request by the memory its key holds.
#[derive(Clone)]
struct KeyBytes;

impl quick_cache::Weighter<Key, CacheControl> for KeyBytes {
    fn weight(&self, key: &Key, _: &CacheControl) -> u64 {
        let key_bytes =
            key.query.len() + key.operation.as_ref().map_or(0, String::len) + key.variables.len();
        key_bytes as u64 + ENTRY_OVERHEAD
    }
}

/// Read requests (query text, operation name, variables) that passed async-graphql's full
/// validation, with the cache policy it computed. Validation depends on the schema, the
/// document and the variables only, and no snapshot changes any of them, so a request
/// remembered here is executed again without being validated again ([`RememberedValidation`]):
/// the same answer, without walking the document against the rules. Kept under version 0,
/// whatever the snapshot.
pub(super) struct ValidatedRequests {
    entries: quick_cache::sync::Cache<Key, CacheControl, KeyBytes>,
}

impl ValidatedRequests {
    /// Room for about `bytes` of remembered requests.
    pub(super) fn new(bytes: u64) -> Self {
        let items = usize::try_from(bytes / 512).unwrap_or(usize::MAX).max(1);
        ValidatedRequests {
            entries: quick_cache::sync::Cache::with_weighter(items, bytes.max(1), KeyBytes),
        }
    }

    /// The cache policy validation gave `request` with `variables`, if it passed full
    /// validation before.
    pub(super) fn get(
        &self,
        request: &async_graphql::Request,
        variables: &Variables,
    ) -> Option<CacheControl> {
        self.entries.get(&variables.key_ref(0, request))
    }

    /// Remembers that `query` with `operation` and `variables` passed full validation, which
    /// gave it `cache_control` (found in its response).
    pub(super) fn keep(
        &self,
        query: String,
        operation: Option<String>,
        variables: &Variables,
        cache_control: CacheControl,
    ) {
        self.entries.insert(
            Key {
                version: 0,
                query,
                operation,
                variables: variables.0.clone(),
            },
            cache_control,
        );
    }
}

/// What validation gave a remembered request ([`ValidatedRequests`]), put in its data for
/// [`RememberedValidation`].
pub(super) struct Validated(pub(super) ValidationResult);

/// The extension of the schema that executes remembered requests: it answers the validation
/// step with what the request's first, full validation gave ([`Validated`], in the request's
/// data) instead of walking the document again; a request without it is validated as usual.
/// The result is the same: validation depends only on the schema, the document, the operation
/// and the variables, which make the key a request is remembered under, and a remembered
/// request passed every rule and limit with them. (The complexity and depth it reports are
/// the guard's measures, which nothing on this schema reads.)
pub(super) struct RememberedValidation;

impl ExtensionFactory for RememberedValidation {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(RememberedValidation)
    }
}

#[async_trait::async_trait]
impl Extension for RememberedValidation {
    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        match ctx.data_opt::<Validated>() {
            Some(Validated(result)) => Ok(*result),
            None => next.run(ctx).await,
        }
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

    #[test]
    fn a_validated_request_is_remembered_with_its_variables_and_operation_only() {
        let validated = ValidatedRequests::new(1 << 20);
        let query = "query Q($c: String!) { country(code: $c) { name } }";
        let asked = request(query, serde_json::json!({"c": "PK"}));
        let variables = Variables::of(&asked).expect("variables");
        assert!(validated.get(&asked, &variables).is_none());
        let policy = CacheControl {
            public: false,
            max_age: 60,
        };
        validated.keep(asked.query.clone(), None, &variables, policy);
        assert_eq!(validated.get(&asked, &variables), Some(policy));

        let other = request(query, serde_json::json!({"c": 5}));
        let other_variables = Variables::of(&other).expect("variables");
        assert!(
            validated.get(&other, &other_variables).is_none(),
            "a value of the wrong type must be validated again"
        );
        let named = request(query, serde_json::json!({"c": "PK"})).operation_name("Q");
        assert!(validated.get(&named, &variables).is_none());
    }

    #[tokio::test]
    async fn a_remembered_request_is_answered_with_what_its_validation_gave() {
        // A depth limit of 1 that `{ stats { entities } }` (depth 2) breaks: validation
        // refuses it, so an answer shows that validation was not run.
        let limits = crate::api::Limits {
            depth: 1,
            ..crate::api::Limits::default()
        };
        let schema = crate::api::schema_builder(limits, None)
            .extension(RememberedValidation)
            .finish();
        let query = "{ stats { entities } }";
        let ask = |request: async_graphql::Request| {
            schema.execute(request.data(crate::api::seed_graph()))
        };
        let checked = ask(async_graphql::Request::new(query)).await;
        assert_eq!(
            checked.errors.first().map(|e| e.message.as_str()),
            Some("Query is nested too deep."),
            "without what validation gave, the request is validated"
        );
        let policy = CacheControl {
            public: false,
            max_age: 30,
        };
        let given = Validated(ValidationResult {
            cache_control: policy,
            complexity: 2,
            depth: 2,
        });
        let skipped = ask(async_graphql::Request::new(query).data(given)).await;
        assert!(skipped.errors.is_empty(), "{:?}", skipped.errors);
        let entities = crate::api::seed_graph().entity_count();
        assert_eq!(
            skipped.data.into_json().ok(),
            Some(serde_json::json!({ "stats": { "entities": entities } }))
        );
        assert_eq!(
            skipped.cache_control, policy,
            "the policy given is the answer's"
        );
    }

    #[test]
    fn remembered_requests_stay_within_their_bound() {
        let validated = ValidatedRequests::new(64 * 1024);
        for i in 0..5_000 {
            let asked = request(&format!("{{ a{i}: __typename }}"), serde_json::json!({}));
            let variables = Variables::of(&asked).expect("variables");
            validated.keep(
                asked.query.clone(),
                None,
                &variables,
                CacheControl::default(),
            );
        }
        assert!(validated.entries.weight() <= 64 * 1024);
        assert!(validated.entries.len() > 10 && validated.entries.len() < 5_000);
    }
}
