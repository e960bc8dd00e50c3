//! The curator's queue: `sameAsCandidates` lists look-alike entities no person has judged,
//! and `curated/judgements.json` is obeyed on load (`same` merges, `different` keeps apart,
//! even a pair the variant rules would merge). Read from real profiles.

mod common;

use std::path::{Path, PathBuf};

use common::{shared, TestServer};
use serde_json::Value;

/// A data directory holding Thailand's real profile, and a judgements file when given.
#[expect(
    clippy::expect_used,
    reason = "a test's own files: failing to write them ends the test"
)]
fn thailand_with(tag: &str, judgements: Option<&str>) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cyberkg-same-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("documents")).expect("documents");
    std::fs::copy(
        shared("corpus/profiles/thailand.txt"),
        dir.join("documents/thailand.txt"),
    )
    .expect("copy the profile");
    if let Some(text) = judgements {
        std::fs::create_dir_all(dir.join("curated")).expect("curated");
        std::fs::write(dir.join("curated/judgements.json"), text).expect("judgements");
    }
    dir
}

fn pairs(data: &Value) -> Vec<(String, String)> {
    data["sameAsCandidates"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|c| {
            (
                c["left"]["id"].as_str().unwrap_or("").to_string(),
                c["right"]["id"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

const QUESTIONS: &str = r#"{
  sameAsCandidates(country: "TH") { left { id } right { id } score reason }
  act: node(id: "law:TH:act-on-computer-crime-b-e-2550") { id aliases }
  short: node(id: "law:TH:computer-crime-act") { id }
  ministry: node(id: "agency:TH:ministry-of-information-and-communication-technology-thailand") { id aliases }
  plain: node(id: "agency:TH:ministry-of-information-and-communication-technology") { id }
}"#;

const ACT: &str = "law:TH:act-on-computer-crime-b-e-2550";
const SHORT: &str = "law:TH:computer-crime-act";
const MINISTRY: &str = "agency:TH:ministry-of-information-and-communication-technology-thailand";
const PLAIN: &str = "agency:TH:ministry-of-information-and-communication-technology";

async fn ask(dir: &Path) -> Value {
    TestServer::start(dir).await.data(QUESTIONS).await
}

#[tokio::test]
async fn judgements_take_pairs_off_the_queue_and_decide_them() {
    // Unjudged: the two names of the 2007 act are a candidate, the two spellings of the
    // ministry ("… Thailand") are merged by the variant rules.
    let before = ask(&thailand_with("open", None)).await;
    assert!(
        pairs(&before).contains(&(ACT.to_string(), SHORT.to_string())),
        "{before}"
    );
    assert_eq!(before["plain"], Value::Null, "{before}");
    assert!(before["ministry"]["aliases"].as_array().is_some_and(|a| a
        .iter()
        .any(|n| n == "Ministry of Information and Communication Technology")));

    let judged = format!(
        r#"{{"judgements": [
  {{"judgement": "same", "entities": ["{ACT}", "{SHORT}"], "note": "Sections 1.1.1 and 2.1 name the one 2007 act.", "date": "2026-12-03"}},
  {{"judgement": "different", "entities": ["{MINISTRY}", "{PLAIN}"], "note": "Kept apart for the test.", "date": "2026-12-03"}}
]}}"#
    );
    let after = ask(&thailand_with("judged", Some(&judged))).await;
    let open = pairs(&after);
    assert!(
        !open.contains(&(ACT.to_string(), SHORT.to_string())),
        "{after}"
    );
    assert_eq!(after["short"], Value::Null, "merged into the act: {after}");
    assert!(after["act"]["aliases"]
        .as_array()
        .is_some_and(|a| a.iter().any(|n| n == "Computer Crime Act")));
    // `different` keeps apart what the rules would merge, and the pair is not asked again.
    assert_eq!(after["plain"]["id"], PLAIN, "{after}");
    assert_eq!(after["ministry"]["id"], MINISTRY, "{after}");
    let judged_pair = (PLAIN.to_string(), MINISTRY.to_string());
    assert!(!open.contains(&judged_pair), "{after}");
}

#[tokio::test]
async fn a_judgement_naming_no_entity_or_no_day_refuses_the_file_with_its_line() {
    for (tag, entity, date, says) in [
        (
            "unknown",
            "law:TH:no-such-law",
            "2026-12-03",
            "names no entity",
        ),
        ("baddate", SHORT, "2026-02-30", "2026-02-30"),
    ] {
        let text = format!(
            r#"{{"judgements": [
  {{"judgement": "same", "entities": ["{ACT}", "{entity}"], "note": "n", "date": "{date}"}}
]}}"#
        );
        let dir = thailand_with(tag, Some(&text));
        let errors = cyberkg::store::load(&dir).expect_err("refused");
        let shown: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert!(
            shown.iter().any(|e| e.contains("curated/judgements.json")
                && e.contains(":2")
                && e.contains(says)),
            "{shown:?}"
        );
    }
}

#[tokio::test]
async fn the_whole_corpus_has_a_queue_of_one_country_and_kind_pairs_best_first() {
    let server = TestServer::start(&shared("corpus/profiles")).await;
    let data = server
        .data(
            "{ sameAsCandidates(first: 1000) { score reason left { id kind } right { id kind } } }",
        )
        .await;
    let list = data["sameAsCandidates"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(list.len() >= 20, "{} candidates", list.len());
    let scores: Vec<f64> = list
        .iter()
        .map(|c| c["score"].as_f64().unwrap_or(-1.0))
        .collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "best first: {scores:?}"
    );
    assert!(scores.iter().all(|s| (0.5..=1.0).contains(s)), "{scores:?}");
    // A country-scoped id names its country: `law:TH:…`.
    let country = |side: &Value| {
        side["id"]
            .as_str()
            .unwrap_or("")
            .split(':')
            .nth(1)
            .map(str::to_string)
    };
    for c in &list {
        assert_eq!(c["left"]["kind"], c["right"]["kind"], "{c}");
        assert_eq!(country(&c["left"]), country(&c["right"]), "{c}");
        assert!(c["left"]["id"].as_str() < c["right"]["id"].as_str(), "{c}");
    }
    let page = server
        .error("{ sameAsCandidates(first: 5000) { score } }")
        .await;
    assert_eq!(page.0, "BAD_USER_INPUT", "{page:?}");
}
