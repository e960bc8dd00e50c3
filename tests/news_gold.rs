//! Precision and recall of the article extractor against the news-gold set: 18 real news texts
//! in `../shared/corpus/news-gold/`, read in place, each with its side-car and the facts an
//! analyst labelled (`*.gold.json`; the format is in that folder's README).
//!
//! Six articles (every third, spread over regions and topics) are held out: the rules are
//! tuned on the other twelve and the held-out figures say whether they generalise. Each text
//! goes through the normal ingest path (`ingest_file`, side-car included). Entities match on
//! kind and a lenient name or alias (case, punctuation, diacritics and a leading "the"
//! ignored; countries by ISO code); relations on kind, source and target (MENTIONS ignored,
//! COOPERATES_WITH either way round). The "not" items are free text; those that name a
//! relation kind, a date or an "as an agency" reading are checked mechanically and counted.
//! Regenerate the table with `cargo test --test news_gold -- --nocapture`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use cyberkg::ingest::{self, Gazetteer};
use cyberkg::model::{Entity, Extraction, Statement};
use serde::Deserialize;

/// Article numbers kept aside while the rules were tuned: every third article.
const HELD_OUT: [&str; 6] = ["03", "06", "09", "12", "15", "18"];

/// Floors (precision, recall) a little under the measured values (tuning: entities 0.89 /
/// 0.93, relations 0.92 / 0.83; held out: entities 0.76 / 0.69, relations 0.69 / 0.44), so
/// a regression of two or three facts fails.
const TUNING_ENTITY_FLOOR: (f64, f64) = (0.85, 0.88);
const TUNING_RELATION_FLOOR: (f64, f64) = (0.88, 0.78);
const HELD_OUT_ENTITY_FLOOR: (f64, f64) = (0.72, 0.65);
const HELD_OUT_RELATION_FLOOR: (f64, f64) = (0.65, 0.40);

#[derive(Debug, Deserialize)]
struct Gold {
    entities: Vec<GoldEntity>,
    relations: Vec<GoldRelation>,
    not: Vec<GoldNot>,
}

#[derive(Debug, Deserialize)]
struct GoldEntity {
    key: String,
    kind: String,
    name: String,
    aliases: Vec<String>,
    country: Option<String>,
}

#[derive(Debug, Deserialize)]
struct GoldRelation {
    kind: String,
    source: String,
    target: String,
    since: Option<String>,
}

#[derive(Debug, Deserialize)]
struct GoldNot {
    what: String,
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/news-gold")
}

/// Lower case, diacritics folded, punctuation dropped, a leading "the" dropped.
fn normal(name: &str) -> String {
    let folded: String = name
        .chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'Á' | 'À' | 'Â' | 'Ä' | 'Ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'Í' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'Ó' | 'Ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ü' => 'u',
            'ç' | 'Ç' => 'c',
            'ñ' | 'Ñ' => 'n',
            c if c.is_alphanumeric() => c.to_ascii_lowercase(),
            _ => ' ',
        })
        .collect();
    let words: Vec<&str> = folded.split_whitespace().collect();
    let words = match words.first() {
        Some(&"the") => &words[1..],
        _ => &words[..],
    };
    words.join(" ")
}

fn gold_names(g: &GoldEntity) -> BTreeSet<String> {
    std::iter::once(&g.name)
        .chain(&g.aliases)
        .map(|n| normal(n))
        .collect()
}

fn found_names(e: &Entity) -> BTreeSet<String> {
    std::iter::once(&e.name)
        .chain(&e.aliases)
        .map(|n| normal(n))
        .collect()
}

/// Whether an extracted entity is the gold one, by name only (any kind).
fn same_name(g: &GoldEntity, e: &Entity) -> bool {
    if g.kind == "COUNTRY" || e.kind.as_str().eq_ignore_ascii_case("country") {
        return g.kind == "COUNTRY"
            && e.kind.as_str().eq_ignore_ascii_case("country")
            && g.country.is_some()
            && g.country == e.country;
    }
    !gold_names(g).is_disjoint(&found_names(e))
}

fn same(g: &GoldEntity, e: &Entity) -> bool {
    g.kind.eq_ignore_ascii_case(e.kind.as_str()) && same_name(g, e)
}

/// Found, labelled and right counts.
#[derive(Debug, Default, Clone, Copy)]
struct Score {
    found: usize,
    labelled: usize,
    right: usize,
}

impl Score {
    fn add(&mut self, o: Score) {
        self.found += o.found;
        self.labelled += o.labelled;
        self.right += o.right;
    }
    fn precision(&self) -> f64 {
        if self.found == 0 {
            1.0
        } else {
            self.right as f64 / self.found as f64
        }
    }
    fn recall(&self) -> f64 {
        if self.labelled == 0 {
            1.0
        } else {
            self.right as f64 / self.labelled as f64
        }
    }
    fn cell(&self) -> String {
        format!(
            "{:.2} ({}/{}) | {:.2} ({}/{})",
            self.precision(),
            self.right,
            self.found,
            self.recall(),
            self.right,
            self.labelled
        )
    }
}

#[derive(Debug, Default, Clone, Copy)]
struct Measured {
    entities: Score,
    relations: Score,
    /// Found gold relations with a gold date, and how many of them carry exactly that date.
    dates: (usize, usize),
    /// Mechanically checkable "not" items, and how many of them were produced.
    not: (usize, usize),
}

impl Measured {
    fn add(&mut self, o: &Measured) {
        self.entities.add(o.entities);
        self.relations.add(o.relations);
        self.dates.0 += o.dates.0;
        self.dates.1 += o.dates.1;
        self.not.0 += o.not.0;
        self.not.1 += o.not.1;
    }
    fn row(&self, name: &str) -> String {
        format!(
            "| {name} | {} | {} | {}/{} | {}/{} |",
            self.entities.cell(),
            self.relations.cell(),
            self.dates.1,
            self.dates.0,
            self.not.1,
            self.not.0
        )
    }
}

/// The gold keys each extracted entity id stands for (by kind and name).
fn keys_of(gold: &Gold, x: &Extraction) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for e in &x.entities {
        for g in gold.entities.iter().filter(|g| same(g, e)) {
            out.push((e.id.clone(), g.key.clone()));
        }
    }
    out
}

fn relation_matches(r: &GoldRelation, s: &Statement, keys: &[(String, String)]) -> bool {
    let is = |id: &str, key: &str| keys.iter().any(|(i, k)| i == id && k == key);
    if !r.kind.eq_ignore_ascii_case(s.kind.as_str()) {
        return false;
    }
    (is(&s.source, &r.source) && is(&s.target, &r.target))
        || (r.kind == "COOPERATES_WITH" && is(&s.source, &r.target) && is(&s.target, &r.source))
}

const KINDS: [&str; 13] = [
    "ENACTED",
    "ADOPTED",
    "HAS_CERT",
    "HAS_AGENCY",
    "MEMBER_OF",
    "PARTY_TO",
    "COOPERATES_WITH",
    "ISSUED_UNDER",
    "COMPLIES_WITH",
    "ESTABLISHES",
    "RESPONSIBLE_FOR",
    "RUNS",
    "PART_OF",
];

/// Ids of extracted entities whose gold entity is named in `text` (any kind), and the
/// countries it names ("France" need not be a gold entity to be wrongly made a party).
fn named_in(text: &str, gold: &Gold, x: &Extraction) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = cyberkg::resolve::country::find_in(text)
        .iter()
        .map(|m| format!("country:{}", m.value))
        .collect();
    let text = format!(" {} ", normal(text));
    for g in &gold.entities {
        if gold_names(g)
            .iter()
            .any(|n| !n.is_empty() && text.contains(&format!(" {n} ")))
        {
            out.extend(
                x.entities
                    .iter()
                    .filter(|e| same_name(g, e))
                    .map(|e| e.id.clone()),
            );
        }
    }
    out
}

/// Whether the extraction states a "not" item; `None` when the item is not mechanically
/// checkable. Dates ("dated 2018-05", "since 2019") are checked against any statement of the
/// kind named (or any statement); "X KIND Y" against the statements of that kind between the
/// entities named on either side; "X as an agency / CERT" against the extracted kinds.
fn produced(what: &str, gold: &Gold, x: &Extraction) -> Option<bool> {
    let kind = KINDS.iter().find(|k| what.contains(*k));
    let date = regex_date(what);
    let statements = x
        .statements
        .iter()
        .filter(|s| kind.is_none_or(|k| s.kind.as_str() == *k));
    if let Some(date) = date {
        return Some(
            statements
                .clone()
                .any(|s| s.since.is_some_and(|d| d.to_string() == date)),
        );
    }
    if let Some(kind) = kind {
        let (left, right) = what.split_once(kind)?;
        let sources = named_in(left, gold, x);
        let targets = named_in(right, gold, x);
        if targets.is_empty() {
            return None;
        }
        let final_only = what.contains("without draft") || what.contains("final");
        let modes: Vec<&str> = ["RATIFIED", "ACCEDED"]
            .into_iter()
            .filter(|m| right.contains(&format!("mode {m}")) || right.contains(&format!("or {m}")))
            .collect();
        return Some(statements.clone().any(|s| {
            (sources.is_empty() || sources.contains(&s.source))
                && targets.contains(&s.target)
                && !(final_only && s.qualifiers.get("draft") == Some(&serde_json::json!(true)))
                && (modes.is_empty()
                    || s.qualifiers
                        .get("mode")
                        .and_then(|m| m.as_str())
                        .is_some_and(|m| modes.contains(&m)))
        }));
    }
    let (left, right) = what.split_once(" as ")?;
    let wants: Vec<&str> = ["agency", "agencies", "CERT"]
        .into_iter()
        .filter(|w| right.contains(w))
        .collect();
    if wants.is_empty() {
        return None;
    }
    let ids = named_in(left, gold, x);
    Some(x.entities.iter().any(|e| {
        ids.contains(&e.id)
            && (e.kind.as_str().eq_ignore_ascii_case("agency") && !right.contains("CERT")
                || e.kind.as_str().eq_ignore_ascii_case("cert") && right.contains("CERT"))
    }))
}

/// The first `YYYY-MM[-DD]` date, or the year of "since YYYY", in a "not" item.
fn regex_date(what: &str) -> Option<String> {
    let full = regex::Regex::new(r"\b(\d{4}-\d{2}(?:-\d{2})?)\b").ok()?;
    if let Some(m) = full.captures(what) {
        return Some(m[1].to_string());
    }
    let since = regex::Regex::new(r"since (\d{4})\b").ok()?;
    since.captures(what).map(|m| m[1].to_string())
}

fn measure(name: &str, gold: &Gold, x: &Extraction, report: &mut Vec<String>) -> Measured {
    let mut m = Measured::default();
    // Entities, one to one: a second extracted entity for one gold entity is a duplicate.
    let mut claimed = BTreeSet::new();
    for e in &x.entities {
        m.entities.found += 1;
        match gold
            .entities
            .iter()
            .find(|g| same(g, e) && !claimed.contains(&g.key))
        {
            Some(g) => {
                claimed.insert(g.key.clone());
                m.entities.right += 1;
            }
            None => report.push(format!("{name} extra  entity {} {}", e.id, e.name)),
        }
    }
    m.entities.labelled = gold.entities.len();
    for g in gold.entities.iter().filter(|g| !claimed.contains(&g.key)) {
        report.push(format!(
            "{name} missed entity {} {} {}",
            g.key, g.kind, g.name
        ));
    }
    let keys = keys_of(gold, x);
    let statements: Vec<&Statement> = x
        .statements
        .iter()
        .filter(|s| s.kind.as_str() != "MENTIONS")
        .collect();
    let mut hit = BTreeSet::new();
    for s in &statements {
        m.relations.found += 1;
        match gold
            .relations
            .iter()
            .enumerate()
            .find(|(i, r)| !hit.contains(i) && relation_matches(r, s, &keys))
        {
            Some((i, r)) => {
                hit.insert(i);
                m.relations.right += 1;
                if let Some(want) = &r.since {
                    m.dates.0 += 1;
                    let got = s.since.map(|d| d.to_string());
                    if got.as_deref() == Some(want.as_str()) {
                        m.dates.1 += 1;
                    } else {
                        report.push(format!(
                            "{name} date   {} {} -> {} since {got:?}, gold {want}",
                            r.kind, s.source, s.target
                        ));
                    }
                }
            }
            None => report.push(format!(
                "{name} extra  {} {} -> {}",
                s.kind.as_str(),
                s.source,
                s.target
            )),
        }
    }
    m.relations.labelled = gold.relations.len();
    for (i, r) in gold.relations.iter().enumerate() {
        if !hit.contains(&i) {
            report.push(format!(
                "{name} missed {} {} -> {}",
                r.kind, r.source, r.target
            ));
        }
    }
    for n in &gold.not {
        if let Some(made) = produced(&n.what, gold, x) {
            m.not.0 += 1;
            if made {
                m.not.1 += 1;
                report.push(format!("{name} NOT    {}", n.what));
            }
        }
    }
    m
}

fn check(failures: &mut Vec<String>, what: &str, score: Score, (p, r): (f64, f64)) {
    if score.precision() < p {
        failures.push(format!("{what} precision {:.2} < {p}", score.precision()));
    }
    if score.recall() < r {
        failures.push(format!("{what} recall {:.2} < {r}", score.recall()));
    }
}

#[test]
fn news_gold_precision_and_recall_stay_above_their_floors() {
    let gazetteer = Gazetteer::built_in().unwrap_or_else(|e| panic!("gazetteer: {e}"));
    let dir = corpus();
    let mut texts: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    texts.sort();
    assert_eq!(texts.len(), 18, "18 news-gold texts");
    let mut rows = vec![
        "| article | entities P | entities R | relations P | relations R | dates | not made |"
            .to_string(),
        "|---|---|---|---|---|---|---|".to_string(),
    ];
    let (mut tuning, mut held) = (Measured::default(), Measured::default());
    let mut report = Vec::new();
    let mut held_rows = Vec::new();
    for path in &texts {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let gold_path = dir.join(format!("{stem}.gold.json"));
        let gold: Gold = serde_json::from_str(
            &std::fs::read_to_string(&gold_path)
                .unwrap_or_else(|e| panic!("{}: {e}", gold_path.display())),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", gold_path.display()));
        let x = ingest::ingest_file(path, &stem, &gazetteer).unwrap_or_else(|e| panic!("{e}"));
        let is_held = HELD_OUT.iter().any(|n| stem.starts_with(n));
        // Held-out misses are not printed unless asked for, so tuning never reads them.
        let show = !is_held || std::env::var_os("NEWS_GOLD_SHOW_HELD_OUT").is_some();
        if std::env::var("NEWS_GOLD_DUMP").is_ok_and(|n| stem.starts_with(&n) && !is_held) {
            for s in &x.statements {
                println!(
                    "{stem} {} {} -> {} {:?}",
                    s.kind.as_str(),
                    s.source,
                    s.target,
                    s.evidence.first().and_then(|e| e.rule.clone())
                );
            }
        }
        let mut lines = Vec::new();
        let m = measure(&stem, &gold, &x, &mut lines);
        if show {
            report.extend(lines);
        }
        if is_held {
            held.add(&m);
            held_rows.push(m.row(&format!("{stem} (held out)")));
        } else {
            tuning.add(&m);
            rows.push(m.row(&stem));
        }
    }
    rows.extend(held_rows);
    let mut all = tuning;
    all.add(&held);
    rows.push(tuning.row("**tuning (12)**"));
    rows.push(held.row("**held out (6)**"));
    rows.push(all.row("**all (18)**"));
    println!("{}\n\n{}", report.join("\n"), rows.join("\n"));
    let mut failures = Vec::new();
    check(
        &mut failures,
        "tuning entities",
        tuning.entities,
        TUNING_ENTITY_FLOOR,
    );
    check(
        &mut failures,
        "tuning relations",
        tuning.relations,
        TUNING_RELATION_FLOOR,
    );
    check(
        &mut failures,
        "held-out entities",
        held.entities,
        HELD_OUT_ENTITY_FLOOR,
    );
    check(
        &mut failures,
        "held-out relations",
        held.relations,
        HELD_OUT_RELATION_FLOOR,
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Ingest stays linear: prints the median time to read the 18 texts (side-cars included) over
/// nine runs, for the table in docs/article-extractor.md.
#[test]
fn news_gold_parse_time() {
    let gazetteer = Gazetteer::built_in().unwrap_or_else(|e| panic!("gazetteer: {e}"));
    let dir = corpus();
    let mut texts: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    texts.sort();
    let mut runs: Vec<std::time::Duration> = (0..9)
        .map(|_| {
            let start = std::time::Instant::now();
            for path in &texts {
                let x = ingest::ingest_file(path, "t", &gazetteer);
                assert!(x.is_ok(), "{}", path.display());
            }
            start.elapsed()
        })
        .collect();
    runs.sort();
    println!("parse 18 news-gold texts: median {:?} over 9 runs", runs[4]);
}
