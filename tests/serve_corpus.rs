//! `cyberkg serve --data DIR` on a plain folder of real profile texts (no side-cars, no
//! curated folder): the whole corpus served through the API.

mod common;

use common::{shared, TestServer};

#[tokio::test]
async fn the_real_corpus_is_served_from_a_plain_folder() {
    let server = TestServer::start(&shared("corpus/profiles")).await;
    let data = server
        .data(r#"{
          stats { documents byKind }
          estonia: country(code: "EE") { posture { indicators { code status } } certs { id } }
          impact: node(id: "org:itu-impact") { relations(direction: IN, kinds: [MEMBER_OF], first: 1000) { totalCount } }
          korea: country(name: "Korea (Rep. of)") { id certs { name } }
        }"#)
        .await;
    assert!(
        data["stats"]["documents"].as_i64().unwrap_or(0) >= 193,
        "{}",
        data["stats"]
    );
    assert!(data["stats"]["byKind"]["COUNTRY"].as_i64().unwrap_or(0) >= 191);
    let estonia = data["estonia"]["posture"]["indicators"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let agency = estonia
        .iter()
        .find(|i| i["code"] == "1.3.3")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        agency["status"], "UNKNOWN",
        "Estonia's profile has no section 1.3.3"
    );
    assert!(
        data["impact"]["relations"]["totalCount"]
            .as_i64()
            .unwrap_or(0)
            > 100,
        "{}",
        data["impact"]
    );
    assert_eq!(data["korea"]["id"], "country:KR");
}

/// A link as compared: weight, the two countries, what they share, their agreements.
type Link = (f64, String, String, Vec<String>, Vec<String>);

/// The country pairs of the cooperation network, recomputed from its own subgraph: two
/// countries are linked by every hub both relate to and by their direct agreements, the
/// heaviest pairs first, then by ids.
#[tokio::test]
async fn cooperation_links_follow_from_the_subgraph_on_the_real_corpus() {
    // The whole network with every link's hubs is priced far above the public default (each
    // of 19 000 possible pairs could share every hub): an analyst's own server raises it.
    let limits = cyberkg::api::Limits {
        complexity: usize::MAX / 8,
        ..cyberkg::api::Limits::default()
    };
    let server = TestServer::start_with(&shared("corpus/profiles"), limits).await;
    // Every organization; single organizations, where pairs linked only by an agreement are
    // many; a few countries.
    for (arguments, at_least) in [
        ("", 1_000),
        (r#"(organizations: ["org:osce"])"#, 100),
        (r#"(organizations: ["org:apcert"])"#, 10),
        (
            r#"(countries: ["FR", "GB", "DE", "US", "CN", "RU", "PK", "TJ"])"#,
            10,
        ),
    ] {
        links_follow_from_the_subgraph(&server, arguments, at_least).await;
    }
}

async fn links_follow_from_the_subgraph(server: &TestServer, arguments: &str, at_least: usize) {
    use std::collections::{BTreeMap, BTreeSet};
    let data = server
        .data(&format!(
            r#"{{ cooperationNetwork{arguments} {{
                 links {{ a {{ id }} b {{ id }} weight via {{ id }} agreements {{ id }} }}
                 subgraph {{ relations {{ id kind source {{ id }} target {{ id }} }} }} }} }}"#
        ))
        .await;
    let net = &data["cooperationNetwork"];
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
    let mut hubs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut direct: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for r in net["subgraph"]["relations"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let (source, target) = (text(&r["source"]["id"]), text(&r["target"]["id"]));
        if r["kind"] == "COOPERATES_WITH" {
            let pair = if source < target {
                (source, target)
            } else {
                (target, source)
            };
            direct.entry(pair).or_default().push(text(&r["id"]));
        } else {
            hubs.entry(source).or_default().insert(target);
        }
    }
    let mut expected: Vec<Link> = Vec::new();
    let countries: Vec<&String> = hubs
        .keys()
        .chain(direct.keys().flat_map(|(a, b)| [a, b]))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    for (i, a) in countries.iter().enumerate() {
        for b in &countries[i + 1..] {
            let shared: Vec<String> = match (hubs.get(*a), hubs.get(*b)) {
                (Some(x), Some(y)) => x.intersection(y).cloned().collect(),
                _ => Vec::new(),
            };
            let agreements = direct
                .get(&((*a).clone(), (*b).clone()))
                .cloned()
                .unwrap_or_default();
            if shared.is_empty() && agreements.is_empty() {
                continue;
            }
            let weight = (shared.len() + agreements.len()) as f64;
            expected.push((weight, (*a).clone(), (*b).clone(), shared, agreements));
        }
    }
    expected.sort_by(|x, y| {
        y.0.total_cmp(&x.0)
            .then_with(|| (&x.1, &x.2).cmp(&(&y.1, &y.2)))
    });
    let ids = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .into_iter()
            .flatten()
            .map(|x| text(&x["id"]))
            .collect()
    };
    let got: Vec<Link> = net["links"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|l| {
            let mut agreements = ids(&l["agreements"]);
            agreements.sort();
            (
                l["weight"].as_f64().unwrap_or(-1.0),
                text(&l["a"]["id"]),
                text(&l["b"]["id"]),
                ids(&l["via"]),
                agreements,
            )
        })
        .collect();
    for e in &mut expected {
        e.4.sort();
    }
    assert!(
        got.len() >= at_least,
        "{arguments}: {} pairs, expected at least {at_least}",
        got.len()
    );
    let distinct: BTreeSet<(&String, &String)> = got.iter().map(|l| (&l.1, &l.2)).collect();
    assert_eq!(
        distinct.len(),
        got.len(),
        "{arguments}: a pair is listed twice"
    );
    assert_eq!(got.len(), expected.len(), "{arguments}");
    for (g, e) in got.iter().zip(&expected) {
        assert_eq!(g, e, "{arguments}");
    }
}

/// Asking for only some parts of the cooperation network gives those parts exactly as the
/// whole network has them.
#[tokio::test]
async fn each_part_of_the_cooperation_network_is_the_same_alone() {
    let server = TestServer::start(&shared("corpus/profiles")).await;
    let data = server
        .data(
            r#"{
              whole: cooperationNetwork(organizations: ["org:itu-impact", "org:first"]) {
                countries { id } links { a { id } b { id } weight } centrality { entity { id } degree betweenness pagerank } }
              links: cooperationNetwork(organizations: ["org:itu-impact", "org:first"]) { links { a { id } b { id } weight } }
              centrality: cooperationNetwork(organizations: ["org:itu-impact", "org:first"]) {
                centrality { entity { id } degree betweenness pagerank } }
              countries: cooperationNetwork(organizations: ["org:itu-impact", "org:first"]) { countries { id } }
            }"#,
        )
        .await;
    let whole = &data["whole"];
    assert!(
        whole["centrality"].as_array().map_or(0, Vec::len) > 50,
        "{}",
        whole["centrality"]
    );
    assert!(whole["links"].as_array().map_or(0, Vec::len) > 50);
    assert_eq!(data["links"]["links"], whole["links"]);
    assert_eq!(data["centrality"]["centrality"], whole["centrality"]);
    assert_eq!(data["countries"]["countries"], whole["countries"]);
}

/// The stage a profile gives a relation and the status it gives an indicator reach the API:
/// Oman's partner "Malaysia (in progress)" is a partnership IN_PROGRESS, its established
/// partners have none, and a posture counts UNKNOWN apart from ABSENT.
#[tokio::test]
async fn stages_and_unknown_statuses_are_served() {
    let server = TestServer::start(&shared("corpus/profiles")).await;
    let data = server
        .data(
            r#"{
          oman: country(code: "OM") {
            relations(kinds: [COOPERATES_WITH], direction: OUT, first: 1000) {
              edges { node { target { id } stage } }
            }
          }
          estonia: country(code: "EE") { posture { coverage counts { unknown known total } } }
        }"#,
        )
        .await;
    let edges = data["oman"]["relations"]["edges"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let stage_of = |id: &str| {
        edges
            .iter()
            .find(|e| e["node"]["target"]["id"] == id)
            .map(|e| e["node"]["stage"].clone())
    };
    assert_eq!(
        stage_of("country:MY"),
        Some("IN_PROGRESS".into()),
        "{edges:?}"
    );
    assert_eq!(
        stage_of("country:EE"),
        Some(serde_json::Value::Null),
        "{edges:?}"
    );
    let counts = &data["estonia"]["posture"]["counts"];
    assert!(counts["unknown"].as_i64().unwrap_or(0) >= 1, "{counts}");
    assert_eq!(
        counts["known"].as_i64().unwrap_or(0) + counts["unknown"].as_i64().unwrap_or(0),
        counts["total"].as_i64().unwrap_or(-1),
        "{counts}"
    );
}
