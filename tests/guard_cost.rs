//! Fan-out the old cost model could not see is refused before it runs: nested unpaged
//! lists, a traversal spread thousands of times, long `ids` lists, variables' defaults. The
//! probes run against a child process with a client timeout, so a query that ran away would
//! fail its test instead of taking the test binary down.

mod common;

use std::time::{Duration, Instant};

use common::child::ChildServer;
use common::seed_data;
use serde_json::{json, Value};

async fn post(server: &ChildServer, query: &str, variables: Value) -> Value {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap_or_default();
    let sent = client
        .post(format!("{}/graphql", server.base))
        .json(&json!({ "query": query, "variables": variables }))
        .send()
        .await;
    match sent {
        Ok(response) => response.json().await.unwrap_or_default(),
        Err(e) => panic!(
            "no answer within 10 s to {}…: {e}",
            &query[..query.len().min(80)]
        ),
    }
}

fn refused_as_too_expensive(answer: &Value) -> bool {
    answer["errors"][0]["extensions"]["code"] == "QUERY_TOO_EXPENSIVE" && answer["data"].is_null()
}

#[tokio::test]
async fn fan_out_through_unpaged_lists_is_refused_before_it_runs() {
    let mut server = ChildServer::start(&seed_data(), &[]).await;
    let mut nested = String::from("id");
    for _ in 0..8 {
        nested = format!("neighbors {{ {nested} }}");
    }
    let spreads = "...F ".repeat(3_000);
    let ids = vec!["\"country:PK\""; 1_000].join(",");
    let probes = [
        (
            "eight levels of neighbours",
            format!(r#"{{ node(id: "country:PK") {{ {nested} }} }}"#),
        ),
        (
            "a depth-4 neighbourhood spread 3 000 times",
            format!(
                r#"{{ {spreads} }} fragment F on Query {{ neighborhood(id: "country:PK", depth: 4) {{ nodes {{ id }} }} }}"#
            ),
        ),
        (
            "1 000 ids with their neighbours' neighbours",
            format!("{{ nodes(ids: [{ids}]) {{ neighbors {{ neighbors {{ id }} }} }} }}"),
        ),
    ];
    for (what, query) in probes {
        let started = Instant::now();
        let answer = post(&server, &query, json!({})).await;
        assert!(refused_as_too_expensive(&answer), "{what}: {answer}");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{what} took {:?}",
            started.elapsed()
        );
        assert!(server.alive());
    }
    let healthy = reqwest::get(format!("{}/healthz", server.base)).await;
    assert!(healthy.is_ok_and(|r| r.status() == 200));
}

#[tokio::test]
async fn the_reported_cost_counts_lists_copies_and_variable_defaults() {
    let server = ChildServer::start(&seed_data(), &[]).await;
    let cost = |answer: &Value| answer["extensions"]["cost"].as_u64().unwrap_or(0);
    let one = post(
        &server,
        r#"{ node(id: "country:PK") { neighbors { id } } }"#,
        json!({}),
    )
    .await;
    let two = post(
        &server,
        r#"{ node(id: "country:PK") { neighbors { id } again: neighbors { id } } }"#,
        json!({}),
    )
    .await;
    assert!(
        cost(&one) > 10,
        "a list of neighbours costs what it can hold: {one}"
    );
    assert_eq!(cost(&two), 2 * cost(&one) - 1, "{two}");
    let by_default = post(
        &server,
        "query($n: Int = 40) { entities(first: $n) { id } }",
        json!({}),
    )
    .await;
    assert_eq!(cost(&by_default), 40 * 2, "{by_default}");
    let given = post(
        &server,
        "query($n: Int = 40) { entities(first: $n) { id } }",
        json!({ "n": 3 }),
    )
    .await;
    assert_eq!(cost(&given), 3 * 2, "{given}");
    assert_eq!(given["data"]["entities"].as_array().map(Vec::len), Some(3));
}

#[tokio::test]
async fn long_list_arguments_are_refused_or_made_sets_before_any_work() {
    let server = ChildServer::start(&seed_data(), &[]).await;
    let many: Vec<&str> = vec!["PK"; 100_000];
    let started = Instant::now();
    let answer = post(
        &server,
        "query($c: [ID!]!) { compare(countries: $c) { rows { statuses } } }",
        json!({ "c": many }),
    )
    .await;
    assert_eq!(
        answer["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{answer}"
    );
    let message = answer["errors"][0]["message"].as_str().unwrap_or("");
    assert!(message.contains("'countries' holds 100000"), "{message}");
    let kinds = vec!["MEMBER_OF"; 50_000];
    let answer = post(
        &server,
        r#"query($k: [RelationKind!]) { neighborhood(id: "country:PK", depth: 2, kinds: $k) { nodes { id } } }"#,
        json!({ "k": kinds }),
    )
    .await;
    assert!(
        answer["data"]["neighborhood"]["nodes"].is_array(),
        "{answer}"
    );
    let long = "word ".repeat(10_000);
    let answer = post(
        &server,
        "query($t: String!) { search(text: $t) { score } }",
        json!({ "t": long }),
    )
    .await;
    assert_eq!(
        answer["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{answer}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}
