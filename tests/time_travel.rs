//! The two clocks through the real API: `asOf` (what held on a date) and `knownAt` (what the
//! sources had said by a date), timelines and conflicts.

mod common;

use std::path::{Path, PathBuf};

use common::{seed_data, TestServer};
use serde_json::Value;

fn indicator<'a>(posture: &'a Value, code: &str) -> &'a Value {
    posture["indicators"]
        .as_array()
        .and_then(|a| a.iter().find(|i| i["code"] == code))
        .unwrap_or(&Value::Null)
}

const POSTURE: &str = "indicators { code status asOf entities { id } evidence { excerpt document { id published } } }";

#[tokio::test]
async fn known_at_2018_pakistan_still_lacks_criminal_legislation() {
    let server = TestServer::start(&seed_data()).await;
    let data = server
        .data(&format!(r#"{{ country(code: "PK") {{ then: posture(knownAt: "2018-01-01") {{ {POSTURE} }} now: posture {{ {POSTURE} }} }} }}"#))
        .await;
    let then = indicator(&data["country"]["then"], "1.1.1");
    assert_eq!(then["status"], "ABSENT");
    assert_eq!(then["evidence"][0]["document"]["id"], "doc:itu-cwp-pk-2015");
    let now = indicator(&data["country"]["now"], "1.1.1");
    assert_eq!(now["status"], "PRESENT");
    assert_eq!(now["entities"][0]["id"], "law:PK:peca-2016");
    assert_eq!(now["asOf"], "2016");
    assert_eq!(
        now["evidence"][0]["document"]["id"],
        "doc:nation-2023-07-17-pk-cert-rules"
    );
}

#[tokio::test]
async fn later_observations_supersede_earlier_ones_per_indicator() {
    let server = TestServer::start(&seed_data()).await;
    let data = server
        .data(&format!(r#"{{ country(code: "PK") {{ y2015: posture(asOf: "2015-06-01") {{ score {POSTURE} }} y2024: posture(asOf: "2024-01-01") {{ score {POSTURE} }} }} }}"#))
        .await;
    let (y2015, y2024) = (&data["country"]["y2015"], &data["country"]["y2024"]);
    for (code, entity) in [
        ("1.1.1", "law:PK:peca-2016"),
        ("1.3.1", "policy:PK:ncsp-2021"),
        ("1.3.3", "agency:PK:moitt"),
    ] {
        assert_eq!(indicator(y2015, code)["status"], "ABSENT", "{code} in 2015");
        assert_eq!(indicator(y2015, code)["asOf"], "2015-03-05");
        let later = indicator(y2024, code);
        assert_eq!(later["status"], "PRESENT", "{code} in 2024");
        assert_eq!(later["entities"][0]["id"], entity, "{code}");
        assert!(later["evidence"][0]["excerpt"]
            .as_str()
            .is_some_and(|e| !e.is_empty()));
    }
    assert!(y2024["score"].as_f64() > y2015["score"].as_f64());
    // 2017: PECA in force, the 2021 policy not yet.
    let mid = server
        .data(&format!(
            r#"{{ country(code: "PK") {{ posture(asOf: "2017") {{ {POSTURE} }} }} }}"#
        ))
        .await;
    assert_eq!(
        indicator(&mid["country"]["posture"], "1.1.1")["status"],
        "PRESENT"
    );
    assert_eq!(
        indicator(&mid["country"]["posture"], "1.3.1")["status"],
        "ABSENT"
    );
}

#[tokio::test]
async fn relations_and_lists_follow_both_clocks() {
    let server = TestServer::start(&seed_data()).await;
    let data = server
        .data(
            r#"{ country(code: "PK") {
            y2015: laws(asOf: "2015-06-01") { id }
            y2017: laws(asOf: "2017") { id }
            y2024: laws(asOf: "2024") { id }
            known2018: laws(asOf: "2024", knownAt: "2018") { id }
            agencies2015: agencies(asOf: "2015") { id }
            agencies2024: agencies(asOf: "2024") { id }
            mentioned2016: evidence(knownAt: "2016") { document { id } }
            mentioned: evidence { document { id } }
        } }"#,
        )
        .await;
    let ids = |key: &str| -> Vec<String> {
        data["country"][key]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|l| l["id"].as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let peca = "law:PK:peca-2016".to_string();
    let rules = "law:PK:cert-rules-2023".to_string();
    assert!(!ids("y2015").contains(&peca) && !ids("y2015").contains(&rules));
    assert!(
        ids("y2015").contains(&"law:PK:electronic-transactions-ordinance".to_string()),
        "in force as reported in March 2015"
    );
    assert!(ids("y2017").contains(&peca) && !ids("y2017").contains(&rules));
    assert!(ids("y2024").contains(&peca) && ids("y2024").contains(&rules));
    assert!(
        !ids("known2018").contains(&peca),
        "the 2023 article was not known in 2018"
    );
    assert!(ids("agencies2015").is_empty());
    assert_eq!(ids("agencies2024"), ["agency:PK:moitt"]);
    let docs = |key: &str| -> Vec<String> {
        data["country"][key]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e["document"]["id"].as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert!(docs("mentioned2016")
        .iter()
        .all(|d| d == "doc:itu-cwp-pk-2015"));
    assert!(docs("mentioned").contains(&"doc:nation-2023-07-17-pk-cert-rules".to_string()));

    let rel = server
        .data(r#"{ now: relation(id: "ENACTED:country:PK->law:PK:peca-2016") { since firstReported evidence { document { id } } }
                    then: relation(id: "ENACTED:country:PK->law:PK:peca-2016", knownAt: "2020") { id } }"#)
        .await;
    assert_eq!(rel["now"]["since"], "2016");
    assert_eq!(rel["now"]["firstReported"], "2023-07-17");
    assert!(rel["then"].is_null());
}

#[tokio::test]
async fn the_timeline_lists_dated_changes_oldest_first_with_evidence() {
    let server = TestServer::start(&seed_data()).await;
    let data = server
        .data(r#"{ country(code: "PK") { timeline { date kind code status previousStatus description relation { id } evidence { excerpt } } }
                    known: timeline(country: "Pakistan", knownAt: "2020") { date code } }"#)
        .await;
    let events = data["country"]["timeline"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(events.len() > 20, "{}", events.len());
    let dates: Vec<&str> = events.iter().filter_map(|e| e["date"].as_str()).collect();
    let first_days: Vec<String> = dates.iter().map(|d| format!("{d:0<10}")).collect();
    let mut sorted = first_days.clone();
    sorted.sort();
    assert_eq!(first_days, sorted, "oldest first");
    let change = events
        .iter()
        .find(|e| e["code"] == "1.1.1" && e["status"] == "PRESENT")
        .expect("1.1.1 becomes present");
    assert_eq!(change["previousStatus"], "ABSENT");
    assert_eq!(change["date"], "2016");
    assert!(change["evidence"][0]["excerpt"]
        .as_str()
        .unwrap_or("")
        .contains("Prevention of Electronic Crime Act"));
    let rules = events
        .iter()
        .find(|e| e["relation"]["id"] == "ENACTED:country:PK->law:PK:cert-rules-2023")
        .expect("CERT Rules event");
    assert_eq!(
        (rules["kind"].as_str(), rules["date"].as_str()),
        (Some("RELATION_BEGAN"), Some("2023-07-17"))
    );
    assert!(events
        .iter()
        .all(|e| !e["evidence"].as_array().is_none_or(Vec::is_empty)));
    let known = data["known"].as_array().cloned().unwrap_or_default();
    assert!(
        known
            .iter()
            .all(|e| e["date"].as_str().is_some_and(|d| d < "2016")),
        "nothing from the 2023 article"
    );
    let (code, _) = server
        .error(r#"{ timeline(country: "Atlantis") { date } }"#)
        .await;
    assert_eq!(code, "NOT_FOUND");
    let (code, message) = server
        .error(r#"{ country(code: "PK") { timeline(knownAt: "2020-02-30") { date } } }"#)
        .await;
    assert_eq!(code, "BAD_USER_INPUT");
    assert!(message.contains("knownAt"), "{message}");
}

/// A copy of the seed data plus curated facts that contradict the 2015 profiles.
#[expect(
    clippy::expect_used,
    reason = "a broken test set-up must fail the test loudly"
)]
fn data_with_conflicts() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cyberkg-conflicts-{}", std::process::id()));
    let docs = dir.join("documents");
    let curated = dir.join("curated");
    std::fs::create_dir_all(&docs).expect("dir");
    std::fs::create_dir_all(&curated).expect("dir");
    let seed = seed_data();
    for entry in std::fs::read_dir(seed.join("documents")).expect("seed") {
        let path = entry.expect("entry").path();
        let name = path.file_name().map(|n| n.to_owned()).unwrap_or_default();
        std::fs::copy(&path, docs.join(name)).expect("copy");
    }
    std::fs::copy(
        seed.join("curated/gazetteer.json"),
        curated.join("gazetteer.json"),
    )
    .expect("gazetteer");
    std::fs::write(
        curated.join("facts.json"),
        r#"{ "facts": [
          { "id": "test-pk-strategy-2003", "note": "Fictional test fact: a strategy dated 2003.", "recorded": "2024-05-01",
            "entities": [ { "id": "policy:PK:test-strategy", "kind": "POLICY", "name": "Test Strategy", "country": "PK" } ],
            "relations": [ { "kind": "ADOPTED", "source": "country:PK", "target": "policy:PK:test-strategy", "since": "2003-04" } ],
            "indicators": [ { "country": "country:PK", "code": "1.3.1", "status": "PRESENT", "since": "2003-04", "entities": ["policy:PK:test-strategy"] } ] },
          { "id": "test-tj-crc-signed", "note": "Fictional test fact: signed only.", "recorded": "2024-05-01",
            "relations": [ { "kind": "PARTY_TO", "source": "country:TJ", "target": "convention:crc", "qualifiers": { "mode": "SIGNED" } } ] }
        ] }"#,
    )
    .expect("facts");
    dir
}

#[tokio::test]
async fn conflicting_sources_are_both_kept_and_listed() {
    let dir = data_with_conflicts();
    let server = TestServer::start(Path::new(&dir)).await;
    let data = server
        .data(r#"{ all: conflicts { kind code qualifier description country { id } relation { id qualifiers }
                    claims { value validFrom evidence { document { id format } excerpt } } }
                  pk: country(code: "PK") { conflicts { code } posture(asOf: "2016") { indicators { code status } } }
                  before: conflicts(knownAt: "2020") { code } }"#)
        .await;
    let all = data["all"].as_array().cloned().unwrap_or_default();
    assert_eq!(all.len(), 2, "{all:#?}");
    let strategy = all
        .iter()
        .find(|c| c["kind"] == "INDICATOR")
        .expect("indicator conflict");
    assert_eq!(
        (
            strategy["code"].as_str(),
            strategy["country"]["id"].as_str()
        ),
        (Some("1.3.1"), Some("country:PK"))
    );
    let claims = strategy["claims"].as_array().cloned().unwrap_or_default();
    assert_eq!(claims[0]["value"], "PRESENT");
    assert_eq!(
        claims[0]["validFrom"], "2003-04",
        "the month precision is kept"
    );
    assert_eq!(
        claims[0]["evidence"][0]["document"]["id"],
        "doc:curated:test-pk-strategy-2003"
    );
    assert_eq!(claims[1]["value"], "ABSENT");
    assert_eq!(
        claims[1]["evidence"][0]["document"]["id"],
        "doc:itu-cwp-pk-2015"
    );
    let mode = all
        .iter()
        .find(|c| c["kind"] == "QUALIFIER")
        .expect("qualifier conflict");
    assert_eq!(mode["qualifier"], "mode");
    assert_eq!(
        mode["relation"]["id"],
        "PARTY_TO:country:TJ->convention:crc"
    );
    let values: Vec<&str> = mode["claims"]
        .as_array()
        .map(|c| c.iter().filter_map(|v| v["value"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(values, ["\"ACCEDED\"", "\"SIGNED\""]);
    assert_eq!(data["pk"]["conflicts"].as_array().map(Vec::len), Some(1));
    // The posture still takes the latest dated observation: the 2015 profile's "no strategy".
    let status = data["pk"]["posture"]["indicators"]
        .as_array()
        .and_then(|a| a.iter().find(|i| i["code"] == "1.3.1"))
        .map(|i| i["status"].clone());
    assert_eq!(status, Some(Value::from("ABSENT")));
    assert_eq!(
        data["before"],
        serde_json::json!([]),
        "nothing conflicted before the facts were recorded"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn the_seed_data_has_no_conflicts() {
    let server = TestServer::start(&seed_data()).await;
    let data = server.data("{ conflicts { description } }").await;
    assert_eq!(data["conflicts"], serde_json::json!([]));
}
