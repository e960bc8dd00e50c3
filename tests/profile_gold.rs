//! Precision and recall of the profile parser against hand-labelled ITU Cyberwellness Profiles.
//!
//! Each `tests/gold/profiles/NAME.gold.json` names a real profile of the shared corpus
//! (`../shared/corpus/profiles/…`, read in place) and what a careful reader takes from it:
//! entities, relations and the status of every indicator section (conventions in
//! `tests/gold/README.md`). The test reads each profile through the normal ingest path and
//! scores entities (kind and name), relations (kind, source, target) and indicator statuses
//! (code → status), per profile, per split (`tuning`, `held-out`) and overall. Print the table
//! with `cargo test --test profile_gold -- --nocapture`.
//!
//! Entity names are matched leniently: case, punctuation, diacritics, runs of spaces and a
//! leading "the" do not count, and a gold entity matches an extracted one of the same kind
//! when any of its names (name or aliases) equals any of the extracted entity's names. A
//! country is matched by its id (`country:XX`). Relations are compared once their two ends are
//! matched; `MENTIONS` statements and document entities are not scored.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use cyberkg::ingest::{self, text, DocumentMeta, Gazetteer};
use cyberkg::model::{indicator, Entity, EntityKind, Extraction, IndicatorStatus, RelationKind};
use serde::Deserialize;

/// The targets the parser is tuned towards, shown in the table.
const TARGET_ENTITY_P: f64 = 0.95;
const TARGET_ENTITY_R: f64 = 0.92;
const TARGET_RELATION_P: f64 = 0.95;
const TARGET_RELATION_R: f64 = 0.92;
const TARGET_STATUS: f64 = 0.98;

/// Floors, a little under what the parser measured when they were set (see
/// `docs/profile-gold.md`): over each split and over all profiles, as
/// (entity P, entity R, relation P, relation R, status P, status R, qualifiers right).
const FLOORS: [(&str, [f64; 7]); 3] = [
    ("tuning", [0.90, 0.79, 0.88, 0.75, 0.96, 0.96, 0.95]),
    ("held-out", [0.78, 0.63, 0.67, 0.53, 0.96, 0.96, 0.97]),
    ("all", [0.86, 0.74, 0.81, 0.68, 0.96, 0.96, 0.96]),
];

const SPLITS: [&str; 2] = ["tuning", "held-out"];
const STATUSES: [&str; 4] = ["PRESENT", "ABSENT", "PARTIAL", "UNKNOWN"];
const STAGES: [&str; 3] = ["DRAFT", "PLANNED", "IN_PROGRESS"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Gold {
    /// The profile, relative to `../shared/corpus`.
    profile: String,
    region: String,
    layout: String,
    encoding: String,
    split: String,
    #[serde(default)]
    note: Option<String>,
    entities: Vec<GoldEntity>,
    relations: Vec<GoldRelation>,
    indicators: Vec<GoldIndicator>,
    #[serde(rename = "not")]
    not_facts: Vec<NotFact>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldEntity {
    key: String,
    kind: String,
    name: String,
    aliases: Vec<String>,
    country: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldRelation {
    kind: String,
    source: String,
    target: String,
    since: Option<String>,
    qualifiers: serde_json::Map<String, serde_json::Value>,
    evidence: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldIndicator {
    code: String,
    status: String,
    stage: Option<String>,
    evidence: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NotFact {
    what: String,
    why: String,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn corpus(path: &str) -> PathBuf {
    root().join("..").join("shared").join("corpus").join(path)
}

/// The gold files, by name, in name order.
fn gold() -> Vec<(String, Gold)> {
    let dir = root().join("tests/gold/profiles");
    let mut out: Vec<(String, Gold)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter_map(|path| {
            let name = path
                .file_name()?
                .to_str()?
                .strip_suffix(".gold.json")?
                .to_string();
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let gold =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            Some((name, gold))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn profile_bytes(gold: &Gold) -> Vec<u8> {
    let path = corpus(&gold.profile);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn gazetteer() -> Gazetteer {
    Gazetteer::built_in().unwrap_or_else(|e| panic!("built-in gazetteer: {e}"))
}

fn extract(gold: &Gold, gazetteer: &Gazetteer) -> Extraction {
    ingest::ingest_bytes(
        &profile_bytes(gold),
        &gold.profile,
        &DocumentMeta::default(),
        gazetteer,
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// Folds the Latin letters with diacritics the profiles use to their base letter.
fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'ç' | 'č' | 'ć' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ñ' | 'ń' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
        'ý' | 'ÿ' => 'y',
        'š' | 'ś' => 's',
        'ž' | 'ź' | 'ż' => 'z',
        'ł' => 'l',
        other => other,
    }
}

/// A name as compared: lower case, diacritics folded, punctuation as spaces, single spaces,
/// without a leading "the".
fn normalise(name: &str) -> String {
    let folded: String = name
        .chars()
        .flat_map(char::to_lowercase)
        .map(fold)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words: Vec<&str> = folded.split_whitespace().collect();
    let words = match words.split_first() {
        Some((&"the", rest)) if !rest.is_empty() => rest,
        _ => &words[..],
    };
    words.join(" ")
}

/// Found, labelled and right counts of one comparison.
#[derive(Debug, Default, Clone, Copy)]
struct Score {
    found: usize,
    labelled: usize,
    right_found: usize,
    right_labelled: usize,
}

impl Score {
    fn add(&mut self, other: Score) {
        self.found += other.found;
        self.labelled += other.labelled;
        self.right_found += other.right_found;
        self.right_labelled += other.right_labelled;
    }

    /// Precision; 1.0 when nothing was found.
    fn precision(&self) -> f64 {
        ratio(self.right_found, self.found)
    }

    /// Recall; 1.0 when nothing was labelled.
    fn recall(&self) -> f64 {
        ratio(self.right_labelled, self.labelled)
    }

    fn cells(&self) -> String {
        format!(
            "{:.2} ({}/{}) | {:.2} ({}/{})",
            self.precision(),
            self.right_found,
            self.found,
            self.recall(),
            self.right_labelled,
            self.labelled
        )
    }
}

fn ratio(right: usize, total: usize) -> f64 {
    if total == 0 {
        1.0
    } else {
        right as f64 / total as f64
    }
}

/// Entity, relation and indicator-status scores of one profile, with what differed.
#[derive(Debug, Default, Clone)]
struct Measured {
    entities: Score,
    relations: Score,
    statuses: Score,
    /// (right, checked) qualifiers `mode`, `role` and `draft` of the found gold relations.
    qualifiers: (usize, usize),
    report: Vec<String>,
}

impl Measured {
    fn add(&mut self, other: &Measured) {
        self.entities.add(other.entities);
        self.relations.add(other.relations);
        self.statuses.add(other.statuses);
        self.qualifiers.0 += other.qualifiers.0;
        self.qualifiers.1 += other.qualifiers.1;
    }

    fn figures(&self) -> [f64; 7] {
        [
            self.entities.precision(),
            self.entities.recall(),
            self.relations.precision(),
            self.relations.recall(),
            self.statuses.precision(),
            self.statuses.recall(),
            ratio(self.qualifiers.0, self.qualifiers.1),
        ]
    }

    fn row(&self, label: &str, split: &str) -> String {
        format!(
            "| {label} | {split} | {} | {} | {} | {}/{} |",
            self.entities.cells(),
            self.relations.cells(),
            self.statuses.cells(),
            self.qualifiers.0,
            self.qualifiers.1
        )
    }
}

/// The gold entity's extracted counterpart among `found`, if any.
fn counterpart(entity: &GoldEntity, found: &[Entity]) -> Option<String> {
    if entity.kind == "COUNTRY" {
        let id = format!("country:{}", entity.country.as_deref().unwrap_or_default());
        return found.iter().find(|e| e.id == id).map(|e| e.id.clone());
    }
    let names: BTreeSet<String> = std::iter::once(&entity.name)
        .chain(&entity.aliases)
        .map(|n| normalise(n))
        .collect();
    found
        .iter()
        .filter(|e| e.kind.as_str() == entity.kind)
        .find(|e| {
            std::iter::once(&e.name)
                .chain(&e.aliases)
                .any(|n| names.contains(&normalise(n)))
        })
        .map(|e| e.id.clone())
}

/// The entities a profile yields: its own, and the shared ones (organizations, conventions,
/// other countries) its statements lead to, as the gazetteer names them. An id neither
/// describes is kept with its kind from the id's prefix and the id as its name.
fn found_entities(x: &Extraction, shared: &Extraction) -> Vec<Entity> {
    let mut out: Vec<Entity> = x
        .entities
        .iter()
        .filter(|e| e.kind != EntityKind::Document)
        .cloned()
        .collect();
    let referenced: BTreeSet<&str> = x
        .statements
        .iter()
        .filter(|s| s.kind != RelationKind::Mentions)
        .flat_map(|s| [s.source.as_str(), s.target.as_str()])
        .collect();
    for id in referenced {
        if out.iter().any(|e| e.id == id) {
            continue;
        }
        let entity = shared.entities.iter().find(|e| e.id == id).cloned();
        out.push(entity.unwrap_or_else(|| {
            let prefix = id.split(':').next().unwrap_or_default();
            let kind = EntityKind::ALL
                .into_iter()
                .find(|k| k.id_prefix() == prefix)
                .unwrap_or(EntityKind::Document);
            Entity::new(id, kind, id)
        }));
    }
    out
}

/// The status as the gold writes it (`PRESENT`, …): its serialised name.
fn status_name(status: IndicatorStatus) -> String {
    match serde_json::to_value(status) {
        Ok(serde_json::Value::String(s)) => s,
        other => format!("{other:?}"),
    }
}

fn measure(gold: &Gold, x: &Extraction, shared: &Extraction) -> Measured {
    let mut report = Vec::new();
    // Entities.
    let scored = found_entities(x, shared);
    let mut ids: BTreeMap<&str, String> = BTreeMap::new();
    for entity in &gold.entities {
        match counterpart(entity, &scored) {
            Some(id) => {
                ids.insert(entity.key.as_str(), id);
            }
            None => report.push(format!("  missed    {} {}", entity.kind, entity.name)),
        }
    }
    let matched: BTreeSet<&String> = ids.values().collect();
    for e in &scored {
        if !matched.contains(&e.id) {
            report.push(format!(
                "  not gold  {} {} ({})",
                e.kind.as_str(),
                e.name,
                e.id
            ));
        }
    }
    let entities = Score {
        found: scored.len(),
        labelled: gold.entities.len(),
        right_found: scored.iter().filter(|e| matched.contains(&e.id)).count(),
        right_labelled: ids.len(),
    };
    // Relations.
    let key = |kind: &str, source: &str, target: &str| format!("{kind} {source} -> {target}");
    let found: BTreeSet<String> = x
        .statements
        .iter()
        .filter(|s| s.kind != RelationKind::Mentions)
        .map(|s| key(s.kind.as_str(), &s.source, &s.target))
        .collect();
    let mut labelled_right = 0;
    let mut wanted = BTreeSet::new();
    for r in &gold.relations {
        let end = |k: &str| {
            ids.get(k)
                .cloned()
                .unwrap_or_else(|| format!("(unmatched {k})"))
        };
        let want = key(&r.kind, &end(&r.source), &end(&r.target));
        if found.contains(&want) {
            labelled_right += 1;
        } else {
            report.push(format!("  missed    {want}"));
        }
        wanted.insert(want);
    }
    for extra in found.difference(&wanted) {
        report.push(format!("  not gold  {extra}"));
    }
    let qualifiers = check_qualifiers(gold, x, &ids, &mut report);
    let relations = Score {
        found: found.len(),
        labelled: gold.relations.len(),
        right_found: found.intersection(&wanted).count(),
        right_labelled: labelled_right,
    };
    // Indicator statuses.
    let found: BTreeMap<&str, String> = x
        .indicators
        .iter()
        .map(|i| (i.code.as_str(), status_name(i.status)))
        .collect();
    let wanted: BTreeMap<&str, &str> = gold
        .indicators
        .iter()
        .map(|i| (i.code.as_str(), i.status.as_str()))
        .collect();
    let right = wanted
        .iter()
        .filter(|(code, status)| found.get(*code).map(String::as_str) == Some(**status))
        .count();
    for (code, status) in &wanted {
        match found.get(code) {
            Some(s) if s == *status => {}
            Some(s) => report.push(format!("  status    {code} {s}, gold {status}")),
            None => report.push(format!("  status    {code} missing, gold {status}")),
        }
    }
    for code in found.keys().filter(|c| !wanted.contains_key(*c)) {
        report.push(format!("  status    {code} found, not in the gold"));
    }
    let statuses = Score {
        found: found.len(),
        labelled: wanted.len(),
        right_found: right,
        right_labelled: right,
    };
    Measured {
        entities,
        relations,
        statuses,
        qualifiers,
        report,
    }
}

/// The qualifiers that change what a relation means — a treaty's `mode`, a team's `role` and
/// whether a law or strategy is still a `draft` — on the gold relations that were found:
/// (right, checked). `draft` is checked on every found relation (absent means not a draft);
/// `mode` and `role` where the gold gives them.
fn check_qualifiers(
    gold: &Gold,
    x: &Extraction,
    ids: &BTreeMap<&str, String>,
    report: &mut Vec<String>,
) -> (usize, usize) {
    let (mut right, mut checked) = (0, 0);
    for r in &gold.relations {
        let (Some(source), Some(target)) = (ids.get(r.source.as_str()), ids.get(r.target.as_str()))
        else {
            continue;
        };
        let Some(s) = x
            .statements
            .iter()
            .find(|s| s.kind.as_str() == r.kind && &s.source == source && &s.target == target)
        else {
            continue;
        };
        let draft = serde_json::Value::Bool(true);
        let is_draft =
            |q: &serde_json::Map<String, serde_json::Value>| q.get("draft") == Some(&draft);
        let mut wanted: Vec<(&str, Option<&serde_json::Value>)> = vec![];
        for name in ["mode", "role"] {
            if let Some(value) = r.qualifiers.get(name) {
                wanted.push((name, Some(value)));
            }
        }
        checked += wanted.len() + 1;
        for (name, value) in wanted {
            if s.qualifiers.get(name) == value {
                right += 1;
            } else {
                report.push(format!(
                    "  qualifier {} {source} -> {target}: {name} {:?}, gold {:?}",
                    r.kind,
                    s.qualifiers.get(name),
                    value
                ));
            }
        }
        if is_draft(&s.qualifiers) == is_draft(&r.qualifiers) {
            right += 1;
        } else {
            report.push(format!(
                "  qualifier {} {source} -> {target}: draft {}, gold {}",
                r.kind,
                is_draft(&s.qualifiers),
                is_draft(&r.qualifiers)
            ));
        }
    }
    (right, checked)
}

#[test]
fn the_gold_is_well_formed_and_its_evidence_is_verbatim() {
    let all = gold();
    assert!(all.len() >= 20, "{} gold profiles", all.len());
    let held_out = all.iter().filter(|(_, g)| g.split == "held-out").count();
    assert!(
        held_out * 4 >= all.len() && held_out * 2 <= all.len(),
        "about a third held out: {held_out} of {}",
        all.len()
    );
    let mut problems = Vec::new();
    for (name, g) in &all {
        let (decoded, _) = text::decode(&profile_bytes(g));
        let mut check = |what: String, ok: bool| {
            if !ok {
                problems.push(format!("{name}: {what}"));
            }
        };
        check(
            format!("split {}", g.split),
            SPLITS.contains(&g.split.as_str()),
        );
        check("region, layout, encoding".into(), {
            !g.region.is_empty() && !g.layout.is_empty() && !g.encoding.is_empty()
        });
        check("note".into(), g.note.as_ref().is_none_or(|n| !n.is_empty()));
        let keys: BTreeSet<&str> = g.entities.iter().map(|e| e.key.as_str()).collect();
        check("entity keys unique".into(), keys.len() == g.entities.len());
        for e in &g.entities {
            check(
                format!("{}: kind {}", e.key, e.kind),
                EntityKind::ALL
                    .iter()
                    .any(|k| k.as_str() == e.kind && *k != EntityKind::Document),
            );
            check(format!("{}: a name", e.key), !normalise(&e.name).is_empty());
        }
        let mut seen = BTreeSet::new();
        for r in &g.relations {
            let id = format!("{} {} {}", r.kind, r.source, r.target);
            check(
                format!("{id}: known kind"),
                RelationKind::ALL.iter().any(|k| k.as_str() == r.kind),
            );
            check(
                format!("{id}: both ends are entities"),
                keys.contains(r.source.as_str()) && keys.contains(r.target.as_str()),
            );
            check(format!("{id}: once"), seen.insert(id.clone()));
            check(
                format!("{id}: since {:?}", r.since),
                r.since
                    .as_deref()
                    .is_none_or(|s| s.parse::<cyberkg::model::PartialDate>().is_ok()),
            );
            check(
                format!("{id}: qualifiers"),
                r.qualifiers
                    .keys()
                    .all(|q| ["mode", "sections", "role", "draft"].contains(&q.as_str())),
            );
            check(
                format!("{id}: evidence {:?} verbatim", r.evidence),
                !r.evidence.trim().is_empty() && decoded.contains(&r.evidence),
            );
        }
        let mut codes = BTreeSet::new();
        for i in &g.indicators {
            check(
                format!("{}: a section code", i.code),
                indicator(&i.code).is_some() && codes.insert(i.code.as_str()),
            );
            check(
                format!("{}: status {}", i.code, i.status),
                STATUSES.contains(&i.status.as_str()),
            );
            check(
                format!("{}: stage {:?} given exactly for PARTIAL", i.code, i.stage),
                match &i.stage {
                    Some(stage) => i.status == "PARTIAL" && STAGES.contains(&stage.as_str()),
                    None => i.status != "PARTIAL",
                },
            );
            check(
                format!("{}: evidence {:?} verbatim", i.code, i.evidence),
                !i.evidence.trim().is_empty() && decoded.contains(&i.evidence),
            );
        }
        for n in &g.not_facts {
            check("a 'not' item with its reason".into(), {
                !n.what.is_empty() && !n.why.is_empty()
            });
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn precision_and_recall_stay_above_their_floors() {
    let all = gold();
    let gazetteer = gazetteer();
    let shared = gazetteer.extraction();
    let header = [
        format!(
            "targets: entities and relations P >= {TARGET_ENTITY_P:.2} / {TARGET_RELATION_P:.2}, \
             R >= {TARGET_ENTITY_R:.2} / {TARGET_RELATION_R:.2}; indicator statuses >= {TARGET_STATUS:.2}"
        ),
        String::new(),
        "| profile | split | entities P | entities R | relations P | relations R | statuses P | statuses R | qualifiers |"
            .to_string(),
        "|---|---|---|---|---|---|---|---|---|".to_string(),
    ];
    let mut rows: Vec<String> = header.to_vec();
    let mut totals: BTreeMap<&str, Measured> = BTreeMap::new();
    let mut reports = Vec::new();
    for (name, g) in &all {
        let m = measure(g, &extract(g, &gazetteer), &shared);
        rows.push(m.row(name, &g.split));
        if !m.report.is_empty() {
            reports.push(format!("{name} ({}):\n{}", g.split, m.report.join("\n")));
        }
        totals.entry(g.split.as_str()).or_default().add(&m);
        totals.entry("all").or_default().add(&m);
    }
    for split in SPLITS.iter().chain(&["all"]) {
        if let Some(m) = totals.get(split) {
            rows.push(m.row(&format!("**{split}**"), ""));
        }
    }
    rows.push(format!(
        "| *target* |  | >= {TARGET_ENTITY_P:.2} | >= {TARGET_ENTITY_R:.2} | >= {TARGET_RELATION_P:.2} \
         | >= {TARGET_RELATION_R:.2} | >= {TARGET_STATUS:.2} | >= {TARGET_STATUS:.2} |  |"
    ));
    println!("{}\n", reports.join("\n"));
    println!("{}", rows.join("\n"));
    let names = [
        "entity precision",
        "entity recall",
        "relation precision",
        "relation recall",
        "status precision",
        "status recall",
        "qualifiers",
    ];
    let mut failures = Vec::new();
    for (split, floors) in FLOORS {
        let measured = totals.get(split).map(Measured::figures).unwrap_or_default();
        for ((what, value), floor) in names.iter().zip(measured).zip(floors) {
            if value < floor {
                failures.push(format!("{split}: {what} {value:.3} < {floor}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
