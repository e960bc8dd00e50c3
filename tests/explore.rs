//! Traversal and analytics through the real API on the seed graph: neighbourhoods, paths,
//! the cooperation network, comparison, ranking, common ground, and their bad-input errors.

mod common;

use common::{seed_data, TestServer};
use serde_json::Value;

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v["id"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn neighborhood_walks_breadth_first_by_depth_kind_and_date() {
    let server = TestServer::start(&seed_data()).await;
    let data = server
        .data(r#"{
          one: neighborhood(id: "country:TJ", kinds: [MEMBER_OF, COOPERATES_WITH]) { nodes { id } relations { id kind } }
          two: neighborhood(id: "country:TJ", depth: 2, kinds: [MEMBER_OF, PART_OF, COOPERATES_WITH]) { nodes { id } }
          out: neighborhood(id: "org:sco", direction: OUT) { nodes { id } }
          old: neighborhood(id: "country:PK", kinds: [ENACTED], asOf: "2015-06") { nodes { id } }
        }"#)
        .await;
    assert_eq!(
        ids(&data["one"]["nodes"]),
        ["country:CN", "country:TJ", "org:sco", "org:un"]
    );
    assert_eq!(ids(&data["one"]["relations"]).len(), 3);
    let two = ids(&data["two"]["nodes"]);
    assert!(
        two.contains(&"org:itu".to_string()),
        "UN ← ITU at depth 2 via PART_OF: {two:?}"
    );
    assert_eq!(
        ids(&data["out"]["nodes"]),
        ["org:sco"],
        "SCO has no outgoing relations"
    );
    let old = ids(&data["old"]["nodes"]);
    assert!(
        !old.contains(&"law:PK:peca-2016".to_string())
            && old.contains(&"law:PK:electronic-transactions-ordinance".to_string())
    );
}

#[tokio::test]
async fn pakistan_and_tajikistan_are_two_hops_apart_through_the_crc() {
    let server = TestServer::start(&seed_data()).await;
    let data = server
        .data(
            r#"{ paths(from: "country:PK", to: "country:TJ", maxLength: 4, limit: 10) {
            length nodes { id } relations { kind evidence { section excerpt } } } }"#,
        )
        .await;
    let paths = data["paths"].as_array().cloned().unwrap_or_default();
    assert!(paths.len() >= 3, "{paths:#?}");
    assert_eq!(paths[0]["length"], 2);
    assert_eq!(
        ids(&paths[0]["nodes"]),
        ["country:PK", "convention:crc", "country:TJ"]
    );
    assert_eq!(paths[0]["relations"][0]["evidence"][0]["section"], "2.2");
    let lengths: Vec<i64> = paths.iter().filter_map(|p| p["length"].as_i64()).collect();
    let mut sorted = lengths.clone();
    sorted.sort_unstable();
    assert_eq!(lengths, sorted, "shortest first");
    assert!(lengths.iter().all(|l| *l <= 4));
    for p in &paths {
        let nodes = ids(&p["nodes"]);
        let mut unique = nodes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), nodes.len(), "simple path: {nodes:?}");
        assert!(
            !nodes.iter().any(|n| n.starts_with("doc:")),
            "MENTIONS is not followed by default"
        );
    }
    let only_orgs = server
        .data(r#"{ paths(from: "country:PK", to: "country:TJ", kinds: [MEMBER_OF, PART_OF]) { length nodes { id } } }"#)
        .await;
    assert_eq!(
        ids(&only_orgs["paths"][0]["nodes"]),
        [
            "country:PK",
            "org:itu-impact",
            "org:itu",
            "org:un",
            "country:TJ"
        ]
    );
    let none = server
        .data(r#"{ paths(from: "country:PK", to: "country:CN", maxLength: 1) { length } }"#)
        .await;
    assert_eq!(none["paths"], serde_json::json!([]));
}

#[tokio::test]
async fn cooperation_network_projects_countries_and_scores_centrality() {
    let server = TestServer::start(&seed_data()).await;
    let data = server
        .data(r#"{
          all: cooperationNetwork { countries { id } links { a { id } b { id } weight via { id } agreements { id } }
                centrality { entity { id } degree betweenness pagerank } subgraph { nodes { id } relations { kind } } }
          crc: cooperationNetwork(organizations: ["convention:crc", "org:sco"]) { links { a { id } b { id } weight via { id } } }
        }"#)
        .await;
    let all = &data["all"];
    assert_eq!(
        ids(&all["countries"]),
        ["country:CN", "country:PK", "country:TJ"]
    );
    let link = &all["links"][0];
    assert_eq!(
        (link["a"]["id"].as_str(), link["b"]["id"].as_str()),
        (Some("country:CN"), Some("country:TJ"))
    );
    assert_eq!(
        link["agreements"][0]["id"],
        "COOPERATES_WITH:country:TJ->country:CN"
    );
    let centrality = all["centrality"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        centrality[0]["entity"]["id"], "country:TJ",
        "Tajikistan joins China, SCO and the UN"
    );
    let total: f64 = centrality
        .iter()
        .filter_map(|c| c["pagerank"].as_f64())
        .sum();
    assert!((total - 1.0).abs() < 1e-6, "{total}");
    let tj = centrality
        .iter()
        .find(|c| c["entity"]["id"] == "country:TJ")
        .cloned()
        .unwrap_or_default();
    assert!(tj["betweenness"].as_f64().unwrap_or(0.0) > 0.0);
    let crc = data["crc"]["links"].as_array().cloned().unwrap_or_default();
    let pk_tj = crc
        .iter()
        .find(|l| l["a"]["id"] == "country:PK" && l["b"]["id"] == "country:TJ")
        .expect("PK–TJ link");
    assert_eq!(pk_tj["weight"], 1.0);
    assert_eq!(ids(&pk_tj["via"]), ["convention:crc"]);
}

#[tokio::test]
async fn compare_ranking_and_common_ground() {
    let server = TestServer::start(&seed_data()).await;
    let data = server
        .data(r#"{
          compare(countries: ["PK", "country:TJ"], asOf: "2015-06") { countries { id } rows { code name statuses } }
          ranking { rank score country { id } }
          commonGround(a: "PK", b: "TJ") { shared { id } direct { id } }
          china: commonGround(a: "TJ", b: "CN") { direct { id kind } }
        }"#)
        .await;
    let rows = data["compare"]["rows"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(rows.len(), 21);
    assert_eq!(
        ids(&data["compare"]["countries"]),
        ["country:PK", "country:TJ"]
    );
    let cirt = rows
        .iter()
        .find(|r| r["code"] == "1.2.1")
        .cloned()
        .unwrap_or_default();
    assert_eq!(cirt["statuses"], serde_json::json!(["PRESENT", "ABSENT"]));
    let ranking = data["ranking"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        ranking
            .iter()
            .map(|r| r["country"]["id"].as_str().unwrap_or(""))
            .collect::<Vec<_>>(),
        ["country:PK", "country:TJ"]
    );
    assert_eq!(ranking[0]["rank"], 1);
    assert!(ranking[0]["score"].as_f64() > ranking[1]["score"].as_f64());
    assert_eq!(
        ids(&data["commonGround"]["shared"]),
        ["convention:crc", "convention:crc-opsc"]
    );
    assert_eq!(data["china"]["direct"][0]["kind"], "COOPERATES_WITH");
}

#[tokio::test]
async fn bad_exploration_requests_get_clear_errors_quickly() {
    let server = TestServer::start(&seed_data()).await;
    let cases = [
        (
            r#"{ neighborhood(id: "country:XX") { nodes { id } } }"#,
            "NOT_FOUND",
            "country:XX",
        ),
        (
            r#"{ neighborhood(id: "country:PK", depth: 99) { nodes { id } } }"#,
            "BAD_USER_INPUT",
            "'depth'",
        ),
        (
            r#"{ neighborhood(id: "country:PK", depth: -1) { nodes { id } } }"#,
            "BAD_USER_INPUT",
            "'depth'",
        ),
        (
            r#"{ paths(from: "country:PK", to: "nowhere") { length } }"#,
            "NOT_FOUND",
            "nowhere",
        ),
        (
            r#"{ paths(from: "country:PK", to: "country:TJ", maxLength: 50) { length } }"#,
            "BAD_USER_INPUT",
            "'maxLength'",
        ),
        (
            r#"{ paths(from: "country:PK", to: "country:TJ", limit: 0) { length } }"#,
            "BAD_USER_INPUT",
            "'limit'",
        ),
        (
            r#"{ compare(countries: []) { rows { code } } }"#,
            "BAD_USER_INPUT",
            "'countries'",
        ),
        (
            r#"{ compare(countries: ["PK", "Atlantis"]) { rows { code } } }"#,
            "NOT_FOUND",
            "Atlantis",
        ),
        (
            r#"{ cooperationNetwork(countries: []) { links { weight } } }"#,
            "BAD_USER_INPUT",
            "'countries'",
        ),
        (
            r#"{ cooperationNetwork(organizations: ["org:nope"]) { links { weight } } }"#,
            "NOT_FOUND",
            "org:nope",
        ),
    ];
    for (query, code, mention) in cases {
        let started = std::time::Instant::now();
        let (got, message) = server.error(query).await;
        assert_eq!(got, code, "{query}: {message}");
        assert!(message.contains(mention), "{query}: {message}");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{query} took {:?}",
            started.elapsed()
        );
    }
}

#[tokio::test]
async fn a_neighbourhood_past_the_size_cap_is_refused() {
    let limits = cyberkg::api::Limits {
        explore: cyberkg::query::ExploreLimits {
            max_nodes: 5,
            ..Default::default()
        },
        ..Default::default()
    };
    let server = TestServer::start_with(&seed_data(), limits).await;
    let (code, message) = server
        .error(r#"{ neighborhood(id: "country:TJ", depth: 2) { nodes { id } } }"#)
        .await;
    assert_eq!(code, "RESULT_TOO_LARGE");
    assert!(message.contains("more than 5 nodes"), "{message}");
    let data = server
        .data(r#"{ neighborhood(id: "country:TJ", kinds: [MEMBER_OF]) { nodes { id } } }"#)
        .await;
    assert_eq!(ids(&data["neighborhood"]["nodes"]).len(), 3);
}
