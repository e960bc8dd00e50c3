//! The GraphQL queries of `bench/run.sh`, shared by the in-process benchmarks (`api`, `http`).

/// Name and query text: the ceiling, the one-country lookup, the shortest paths and the
/// depth-2 neighbourhood.
pub const QUERIES: [(&str, &str); 4] = [
    ("typename", "{ __typename }"),
    (
        "lookup",
        r#"{ country(code: "PK") { name relations(first: 1000) { edges { node { kind target { id name } } } } } }"#,
    ),
    (
        "paths",
        r#"{ paths(from: "country:PK", to: "country:TJ", maxLength: 2, limit: 5) { length nodes { id } } }"#,
    ),
    (
        "neighborhood",
        r#"{ neighborhood(id: "country:PK", depth: 2, kinds: [MEMBER_OF, PARTY_TO, COOPERATES_WITH, HAS_CERT, ENACTED]) { nodes { id } } }"#,
    ),
];
