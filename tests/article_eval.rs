//! Precision and recall of the article extractor against hand-labelled articles.
//!
//! Each `tests/fixtures/articles/NAME.labels.json` names a text (relative to the project root:
//! the seed article in `data/`, the news texts read in place in `../shared/corpus/news/`), its
//! side-car, and the entities and relations a careful reader takes from it. The test extracts
//! each text through the normal ingest path, prints a table of precision and recall of
//! relations (kind, source, target) and entities (id, kind) per article and overall, and fails
//! when any figure drops below its floor. Regenerate the table with
//! `cargo test --test article_eval -- --nocapture`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use cyberkg::ingest::{self, DocumentMeta, Gazetteer};
use cyberkg::model::{Extraction, PartialDate};
use serde::Deserialize;

/// Floors, a little under the measured values (all 1.00 when the floors were set): per
/// article, a single wrong or missing relation or entity of these short texts fails; over
/// all articles, 5 % may go before the test fails.
const ARTICLE_FLOOR: f64 = 0.9;
const OVERALL_FLOOR: f64 = 0.95;
/// Dates and qualifiers of the found relations that carry a labelled `since` or qualifier.
const DETAIL_FLOOR: f64 = 0.9;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Labels {
    text: String,
    meta: String,
    note: String,
    entities: Vec<LabelledEntity>,
    relations: Vec<LabelledRelation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelledEntity {
    id: String,
    kind: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelledRelation {
    kind: String,
    source: String,
    target: String,
    /// The date the text gives, as a span: a found date is right when it lies inside it.
    #[serde(default)]
    since: Option<PartialDate>,
    #[serde(default)]
    qualifiers: serde_json::Map<String, serde_json::Value>,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> T {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn gazetteer() -> Gazetteer {
    Gazetteer::built_in().unwrap_or_else(|e| panic!("built-in gazetteer: {e}"))
}

/// The labelled articles, by name, in name order.
fn labelled() -> Vec<(String, Labels)> {
    let dir = root().join("tests/fixtures/articles");
    let mut out: Vec<(String, Labels)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter_map(|path| {
            let name = path
                .file_name()?
                .to_str()?
                .strip_suffix(".labels.json")?
                .to_string();
            Some((name, read_json(&path)))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn extract(text: &str, meta: &DocumentMeta) -> Extraction {
    let path = root().join(text);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    ingest::ingest_bytes(&bytes, text, meta, &gazetteer()).unwrap_or_else(|e| panic!("{e}"))
}

/// Found, labelled and common counts of one comparison.
#[derive(Debug, Default, Clone, Copy)]
struct Score {
    found: usize,
    labelled: usize,
    right: usize,
}

impl Score {
    fn of(found: &BTreeSet<String>, labelled: &BTreeSet<String>) -> Self {
        Self {
            found: found.len(),
            labelled: labelled.len(),
            right: found.intersection(labelled).count(),
        }
    }

    fn add(&mut self, other: Score) {
        self.found += other.found;
        self.labelled += other.labelled;
        self.right += other.right;
    }

    /// Precision; 1.0 when nothing was found (nothing was claimed wrongly).
    fn precision(&self) -> f64 {
        if self.found == 0 {
            1.0
        } else {
            self.right as f64 / self.found as f64
        }
    }

    /// Recall; 1.0 when nothing was labelled.
    fn recall(&self) -> f64 {
        if self.labelled == 0 {
            1.0
        } else {
            self.right as f64 / self.labelled as f64
        }
    }
}

fn within(found: PartialDate, span: PartialDate) -> bool {
    found.first_day() >= span.first_day() && found.last_day() <= span.last_day()
}

struct Measured {
    relations: Score,
    entities: Score,
    /// (right, checked) dates and qualifiers of found labelled relations.
    details: (usize, usize),
    report: Vec<String>,
}

fn measure(labels: &Labels, x: &Extraction) -> Measured {
    let key = |kind: &str, source: &str, target: &str| format!("{kind} {source} -> {target}");
    let found_rel: BTreeSet<String> = x
        .statements
        .iter()
        .map(|s| key(s.kind.as_str(), &s.source, &s.target))
        .collect();
    let want_rel: BTreeSet<String> = labels
        .relations
        .iter()
        .map(|r| key(&r.kind, &r.source, &r.target))
        .collect();
    let found_ent: BTreeSet<String> = x
        .entities
        .iter()
        .map(|e| format!("{} {}", e.kind.as_str(), e.id))
        .collect();
    let want_ent: BTreeSet<String> = labels
        .entities
        .iter()
        .map(|e| format!("{} {}", e.kind, e.id))
        .collect();
    let mut report = Vec::new();
    for missing in want_rel.difference(&found_rel) {
        report.push(format!("  missed    {missing}"));
    }
    for extra in found_rel.difference(&want_rel) {
        report.push(format!("  not label {extra}"));
    }
    for missing in want_ent.difference(&found_ent) {
        report.push(format!("  missed    {missing}"));
    }
    for extra in found_ent.difference(&want_ent) {
        report.push(format!("  not label {extra}"));
    }
    let mut details = (0, 0);
    for r in &labels.relations {
        let Some(s) = x
            .statements
            .iter()
            .find(|s| s.kind.as_str() == r.kind && s.source == r.source && s.target == r.target)
        else {
            continue;
        };
        if let Some(span) = r.since {
            details.1 += 1;
            match s.since {
                Some(found) if within(found, span) => details.0 += 1,
                other => report.push(format!(
                    "  date      {} since {:?}, labelled {span}",
                    key(&r.kind, &r.source, &r.target),
                    other.map(|d| d.to_string())
                )),
            }
        }
        for (name, value) in &r.qualifiers {
            details.1 += 1;
            if s.qualifiers.get(name) == Some(value) {
                details.0 += 1;
            } else {
                report.push(format!(
                    "  qualifier {} {name} = {:?}, labelled {value}",
                    key(&r.kind, &r.source, &r.target),
                    s.qualifiers.get(name)
                ));
            }
        }
    }
    Measured {
        relations: Score::of(&found_rel, &want_rel),
        entities: Score::of(&found_ent, &want_ent),
        details,
        report,
    }
}

fn ratio((right, total): (usize, usize)) -> f64 {
    if total == 0 {
        1.0
    } else {
        right as f64 / total as f64
    }
}

#[test]
fn precision_and_recall_stay_above_their_floors() {
    let articles = labelled();
    assert_eq!(articles.len(), 5, "five labelled articles");
    let mut rows = vec![
        "| article | relations P | relations R | entities P | entities R | dates & qualifiers |"
            .to_string(),
        "|---|---|---|---|---|---|".to_string(),
    ];
    let mut failures = Vec::new();
    let (mut relations, mut entities, mut details) = (Score::default(), Score::default(), (0, 0));
    for (name, labels) in &articles {
        assert!(!labels.note.is_empty(), "{name}: a note on the source");
        let meta: DocumentMeta = read_json(&root().join(&labels.meta));
        let x = extract(&labels.text, &meta);
        let m = measure(labels, &x);
        let r = m.relations;
        let e = m.entities;
        rows.push(format!(
            "| {name} | {:.2} ({}/{}) | {:.2} ({}/{}) | {:.2} ({}/{}) | {:.2} ({}/{}) | {}/{} |",
            r.precision(),
            r.right,
            r.found,
            r.recall(),
            r.right,
            r.labelled,
            e.precision(),
            e.right,
            e.found,
            e.recall(),
            e.right,
            e.labelled,
            m.details.0,
            m.details.1,
        ));
        for (what, value, floor) in [
            ("relation precision", r.precision(), ARTICLE_FLOOR),
            ("relation recall", r.recall(), ARTICLE_FLOOR),
            ("entity precision", e.precision(), ARTICLE_FLOOR),
            ("entity recall", e.recall(), ARTICLE_FLOOR),
            ("dates and qualifiers", ratio(m.details), DETAIL_FLOOR),
        ] {
            if value < floor {
                failures.push(format!("{name}: {what} {value:.2} < {floor}"));
            }
        }
        if !m.report.is_empty() {
            println!("{name}:\n{}", m.report.join("\n"));
        }
        relations.add(r);
        entities.add(e);
        details.0 += m.details.0;
        details.1 += m.details.1;
    }
    rows.push(format!(
        "| **all** | {:.2} ({}/{}) | {:.2} ({}/{}) | {:.2} ({}/{}) | {:.2} ({}/{}) | {}/{} |",
        relations.precision(),
        relations.right,
        relations.found,
        relations.recall(),
        relations.right,
        relations.labelled,
        entities.precision(),
        entities.right,
        entities.found,
        entities.recall(),
        entities.right,
        entities.labelled,
        details.0,
        details.1,
    ));
    println!("{}", rows.join("\n"));
    for (what, value, floor) in [
        ("relation precision", relations.precision(), OVERALL_FLOOR),
        ("relation recall", relations.recall(), OVERALL_FLOOR),
        ("entity precision", entities.precision(), OVERALL_FLOOR),
        ("entity recall", entities.recall(), OVERALL_FLOOR),
    ] {
        if value < floor {
            failures.push(format!("all: {what} {value:.2} < {floor}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn without_a_side_car_the_text_gives_the_country_and_the_date() {
    // (labels file, country, published, inferred)
    let cases = [
        ("gb-cert-uk-2015", Some("GB"), Some("2015-09-30"), false),
        ("bn-brucert-2022", Some("BN"), Some("2022-01-23"), false),
        ("na-nam-csirt-2025", Some("NA"), None, true),
        (
            "za-national-security-strategy-2025",
            Some("ZA"),
            Some("2024"),
            true,
        ),
    ];
    let articles = labelled();
    for (name, country, published, inferred) in cases {
        let Some((_, labels)) = articles.iter().find(|(n, _)| n == name) else {
            panic!("{name}.labels.json");
        };
        let x = extract(&labels.text, &DocumentMeta::default());
        let doc = x.document.unwrap_or_else(|| panic!("{name}: document"));
        assert_eq!(doc.country.as_deref(), country, "{name}");
        assert_eq!(
            doc.published.map(|d| d.to_string()).as_deref(),
            published,
            "{name}"
        );
        assert_eq!(doc.published_inferred, inferred, "{name}");
    }
}

#[test]
fn every_extracted_fact_carries_its_sentence_rule_and_a_confidence_below_one() {
    for (name, labels) in labelled() {
        let meta: DocumentMeta = read_json(&root().join(&labels.meta));
        let x = extract(&labels.text, &meta);
        let evidence = x
            .statements
            .iter()
            .flat_map(|s| &s.evidence)
            .chain(x.indicators.iter().flat_map(|i| &i.evidence))
            .chain(x.mentions.iter().map(|(_, e)| e));
        for e in evidence {
            assert!(e.confidence < 1.0, "{name}: {e:?}");
            assert!(
                e.rule.as_deref().is_some_and(|r| !r.is_empty()),
                "{name}: {e:?}"
            );
            assert!(!e.excerpt.is_empty() && e.line.is_some(), "{name}: {e:?}");
        }
    }
}
