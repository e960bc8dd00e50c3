//! Provenance as a reader checks it: on every real profile, each piece of evidence's line is
//! the line `grep -n` shows for its excerpt, lone carriage returns and all.

mod common;

use cyberkg::ingest::{self, gazetteer::Gazetteer, text};
use cyberkg::model::Evidence;

/// Letters and digits only, lower case: the excerpt is cleaned (spaces squashed, link markup
/// and bullets gone), the file's line is not.
fn plain(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[test]
fn every_evidence_line_is_the_line_grep_shows() {
    let gazetteer = Gazetteer::built_in().expect("built-in gazetteer");
    let mut checked = 0;
    let mut wrong = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(common::shared("corpus/profiles"))
        .expect("corpus/profiles")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let mut lone_cr_files = 0;
    for path in &files {
        let bytes = std::fs::read(path).expect("profile");
        let (decoded, _) = text::decode(&bytes);
        if decoded.replace("\r\n", "").contains('\r') {
            lone_cr_files += 1;
        }
        // The file as `grep -n` sees it: lines end at "\n" only.
        let grep_lines: Vec<String> = decoded.split('\n').map(plain).collect();
        let shown = path.display().to_string();
        let x = ingest::ingest_file(path, &shown, &gazetteer).expect("profile ingests");
        let evidence: Vec<&Evidence> = x
            .statements
            .iter()
            .flat_map(|s| s.evidence.iter())
            .chain(x.mentions.iter().map(|(_, e)| e))
            .chain(x.indicators.iter().flat_map(|o| o.evidence.iter()))
            .collect();
        for e in evidence {
            let Some(line) = e.line else { continue };
            // The excerpt begins on its line: its first letters stand there (a list item's
            // bullet, a wrapped sentence's rest on the next lines).
            let head: String = plain(&e.excerpt).chars().take(12).collect();
            let first_word = e
                .excerpt
                .split(|c: char| !c.is_alphanumeric())
                .find(|w| !w.is_empty())
                .map(plain)
                .unwrap_or_default();
            if head.is_empty() {
                continue;
            }
            checked += 1;
            let at = |n: usize| grep_lines.get(n).map_or("", String::as_str);
            let here = at(line.wrapping_sub(1));
            let on_line =
                here.contains(&first_word) && format!("{here}{}", at(line)).contains(&head);
            if !on_line {
                wrong.push(format!("{shown}:{line}: {}", e.excerpt));
            }
        }
    }
    println!(
        "{checked} pieces of evidence in {} profiles ({lone_cr_files} with lone CRs); {} not on their line",
        files.len(),
        wrong.len()
    );
    for w in wrong.iter().take(30) {
        println!("  {w}");
    }
    assert!(lone_cr_files > 50, "the corpus has lone CRs to get wrong");
    assert!(checked > 5_000, "{checked}");
    assert!(
        wrong.is_empty(),
        "{} of {checked} off their line",
        wrong.len()
    );
}

/// A list item alone ("Cybercrime Legislation Amendment Act 2012") does not say what it is
/// listed for: its evidence carries the sentence that introduced the list, through the API too.
#[tokio::test]
async fn a_list_items_evidence_carries_its_lead_in_sentence() {
    let dir = std::env::temp_dir().join(format!("cyberkg-context-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("data dir");
    std::fs::copy(
        common::shared("corpus/profiles/australia.txt"),
        dir.join("australia.txt"),
    )
    .expect("copy the profile");
    let server = common::TestServer::start(&dir).await;
    let data = server
        .data(
            r#"{ country(code: "AU") { relations(kinds: [ENACTED], direction: OUT, first: 100) {
                 edges { node { target { name } evidence { excerpt context line } } } } } }"#,
        )
        .await;
    let edges = data["country"]["relations"]["edges"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let act = edges
        .iter()
        .find(|e| e["node"]["target"]["name"] == "Cybercrime Legislation Amendment Act 2012")
        .unwrap_or_else(|| panic!("the 2012 act is enacted: {data}"));
    let evidence = &act["node"]["evidence"][0];
    let context = evidence["context"].as_str().unwrap_or("");
    assert!(
        context.starts_with(
            "Specific legislation on cybercrime has been enacted through the following"
        ) && context.ends_with(':'),
        "{evidence}"
    );
    // A sentence of running text needs no lead-in.
    let sentences = edges
        .iter()
        .flat_map(|e| {
            e["node"]["evidence"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .filter(|e| e["excerpt"].as_str().is_some_and(|x| x.contains(" has ")))
        .filter(|e| !e["context"].is_null())
        .count();
    assert_eq!(sentences, 0, "{data}");
}

/// An indicator's first piece of evidence is the sentence that decides its status, as the
/// hand-labelled profiles (`tests/gold/profiles/`) give it: the one a reader is shown first.
#[test]
fn an_indicators_first_evidence_is_the_sentence_that_decides_it() {
    let gazetteer = Gazetteer::built_in().expect("built-in gazetteer");
    let gold_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold/profiles");
    let mut files: Vec<_> = std::fs::read_dir(&gold_dir)
        .expect("tests/gold/profiles")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    let (mut decided, mut total) = (0, 0);
    let mut misses = Vec::new();
    for path in &files {
        let gold: serde_json::Value =
            serde_json::from_slice(&std::fs::read(path).expect("gold")).expect("gold JSON");
        let profile = gold["profile"].as_str().unwrap_or_default();
        let file = common::shared(&format!("corpus/{profile}"));
        let x = ingest::ingest_file(&file, profile, &gazetteer).expect("profile ingests");
        for indicator in gold["indicators"].as_array().cloned().unwrap_or_default() {
            let code = indicator["code"].as_str().unwrap_or_default();
            let wanted: String = plain(indicator["evidence"].as_str().unwrap_or_default())
                .chars()
                .take(40)
                .collect();
            let Some(observation) = x.indicators.iter().find(|o| o.code == code) else {
                continue;
            };
            if wanted.is_empty() || observation.evidence.is_empty() {
                continue;
            }
            total += 1;
            // A list item's lead-in sentence, carried as its context, counts as quoted.
            let shown = &observation.evidence[0];
            let first = plain(&shown.excerpt);
            let head: String = first.chars().take(40).collect();
            let lead_in = shown.context.as_deref().map(plain).unwrap_or_default();
            if first.contains(&wanted) || wanted.contains(&head) || lead_in.contains(&wanted) {
                decided += 1;
            } else {
                misses.push(format!(
                    "{profile} {code}: {}",
                    observation.evidence[0].excerpt
                ));
            }
        }
    }
    let share = decided as f64 / total.max(1) as f64;
    println!("{decided} of {total} indicators show their deciding sentence first ({share:.2})");
    for m in misses.iter().take(20) {
        println!("  {m}");
    }
    assert!(total > 400, "{total}");
    assert!(share >= 0.98, "{share:.2}");
}
