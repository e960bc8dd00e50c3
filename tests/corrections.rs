//! A source's error corrected, not hidden: a curated correction marks a relation read from a
//! document as erroneous. It stays readable by its id with the correction, but leaves the
//! country's relations and the traversals from the day the correction was recorded; asked as
//! known before that day, the sources' word stands. A correction naming no relation is refused.

mod common;

use common::writes::{copy_of_seed, post_as_admin, writer};
use serde_json::{json, Value};

const ADD: &str = "mutation($f: JSON!) { addFact(fact: $f) { version } }";

/// Pakistan's HAS_CERT relations: their ids, now or as known by `known_at`.
fn cert_ids(data: &Value) -> Vec<String> {
    data["country"]["relations"]["edges"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|e| e["node"]["id"].as_str().map(str::to_string))
        .collect()
}

fn certs_query(known_at: &str) -> String {
    format!(
        r#"{{ country(code: "PK") {{ relations(kinds: [HAS_CERT], direction: OUT, first: 100{known_at}) {{
             edges {{ node {{ id }} }} }} }} }}"#
    )
}

#[tokio::test]
async fn a_corrected_relation_stays_visible_but_no_longer_holds() {
    let dir = copy_of_seed("corrections");
    let server = writer(&dir, false).await;
    let before = cert_ids(&server.data(&certs_query("")).await);
    let wrong = before
        .first()
        .cloned()
        .unwrap_or_else(|| panic!("the seed gives Pakistan a CERT: {before:?}"));
    let target = wrong.rsplit("->").next().unwrap_or_default().to_string();
    let around = |d: &Value| d["neighborhood"]["relations"].to_string().contains(&wrong);
    let neighborhood = r#"{ neighborhood(id: "country:PK", depth: 1) { relations { id } } }"#;
    assert!(around(&server.data(neighborhood).await));
    let direct = format!(
        r#"{{ paths(from: "country:PK", to: "{target}", maxLength: 1) {{ relations {{ id }} }} }}"#
    );
    let paths = |d: &Value| d["paths"].as_array().map_or(0, Vec::len);
    assert_eq!(paths(&server.data(&direct).await), 1);

    let fact = json!({ "id": "pk-cert-correction", "note": "The team named is not Pakistan's national CERT.",
        "recorded": "2024-01-10",
        "corrections": [ { "relation": wrong, "reason": "The profile names a sector team here." } ] });
    let answer = post_as_admin(&server.base, ADD, json!({ "f": fact })).await;
    assert!(answer.get("errors").is_none(), "{answer}");

    let after = cert_ids(&server.data(&certs_query("")).await);
    assert!(!after.contains(&wrong), "{after:?}");
    assert_eq!(after.len() + 1, before.len());
    assert!(!around(&server.data(neighborhood).await));
    assert_eq!(paths(&server.data(&direct).await), 0);
    // Still there, with the correction and the sources' evidence.
    let by_id = server
        .data(&format!(
            r#"{{ relation(id: "{wrong}") {{ id target {{ id }} evidence {{ method }}
                 corrections {{ reason evidence {{ method excerpt document {{ id }} }} }} }} }}"#
        ))
        .await;
    let relation = &by_id["relation"];
    assert_eq!(relation["target"]["id"], target.as_str(), "{by_id}");
    assert_eq!(
        relation["evidence"][0]["method"], "PROFILE_PARSER",
        "{by_id}"
    );
    let correction = &relation["corrections"][0];
    assert_eq!(
        correction["reason"],
        "The profile names a sector team here."
    );
    assert_eq!(correction["evidence"]["method"], "CURATED");
    assert_eq!(
        correction["evidence"]["document"]["id"],
        "doc:curated:pk-cert-correction"
    );
    // Known before the correction was recorded, the source's word stood.
    let then = cert_ids(&server.data(&certs_query(r#", knownAt: "2023""#)).await);
    assert!(then.contains(&wrong), "{then:?}");

    // A correction of a relation the data does not hold changes nothing.
    let stray = json!({ "id": "pk-stray", "note": "A note.", "recorded": "2024-01-11",
        "corrections": [ { "relation": "HAS_CERT:country:PK->cert:PK:nothing", "reason": "r" } ] });
    let answer = post_as_admin(&server.base, ADD, json!({ "f": stray })).await;
    let message = answer["errors"][0]["message"].as_str().unwrap_or("");
    assert!(
        message.contains("HAS_CERT:country:PK->cert:PK:nothing") && message.contains("no relation"),
        "{answer}"
    );
    assert_eq!(cert_ids(&server.data(&certs_query("")).await), after);
    let _ = std::fs::remove_dir_all(&dir);
}
