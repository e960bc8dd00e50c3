//! Names across the whole real corpus: no entity read from the 194 ITU Cyberwellness Profiles
//! carries a pronoun, a discourse word, a post, a possessive country, a footnote mark, page
//! furniture, a date, a remark or a provision in its name; and the pairs that may still be
//! one thing are listed with their scores.

mod common;

use cyberkg::ingest::{self, Gazetteer};
use cyberkg::model::{EntityKind, Extraction, RelationKind};
use cyberkg::resolve::{country, junk::junk_reason, same};

#[expect(
    clippy::expect_used,
    reason = "a broken test set-up must fail the test loudly"
)]
fn corpus() -> Vec<(String, Extraction)> {
    let gazetteer = Gazetteer::built_in().expect("built-in gazetteer");
    let dir = common::shared("corpus/profiles");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus/profiles")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default();
            let shown = path.display().to_string();
            let x = ingest::ingest_file(&path, &shown, &gazetteer).expect("profile ingests");
            (stem, x)
        })
        .collect()
}

/// The document's own named things: not its country, not other countries, not itself.
fn own(x: &Extraction) -> impl Iterator<Item = &cyberkg::model::Entity> {
    x.entities
        .iter()
        .filter(|e| !matches!(e.kind, EntityKind::Country | EntityKind::Document))
}

#[test]
fn no_name_in_the_corpus_is_junk_and_look_alikes_are_listed() {
    let corpus = corpus();
    assert!(corpus.len() >= 190, "{} profiles", corpus.len());
    let mut junk = Vec::new();
    let mut named = 0;
    let mut with_alias = 0;
    for (stem, x) in &corpus {
        for e in own(x) {
            named += 1;
            if e.kind == EntityKind::Agency && !e.aliases.is_empty() {
                with_alias += 1;
            }
            if let Some(reason) = junk_reason(&e.name) {
                junk.push(format!(
                    "{stem}: {reason}: {} \"{}\"",
                    e.kind.as_str(),
                    e.name
                ));
            }
        }
    }
    let name_of = |iso2: &str| country::resolve(iso2).map(|c| c.name).unwrap_or_default();
    let candidates: Vec<same::Candidate> = corpus
        .iter()
        .flat_map(|(_, x)| same::candidates(own(x), name_of))
        .collect();
    println!(
        "{} named things, {with_alias} agencies with an alias",
        named
    );
    println!("{} junk names:\n{}", junk.len(), junk.join("\n"));
    println!("{} same-as candidates:", candidates.len());
    for c in &candidates {
        println!("  {:.2} {} ~ {} ({})", c.score, c.left, c.right, c.reason);
    }
    assert!(
        with_alias > 50,
        "acronyms become aliases: {with_alias} agencies"
    );
    assert!(junk.is_empty(), "{} junk names", junk.len());
}

/// Whether the extraction states `kind` from `source` to `target`.
fn states(x: &Extraction, kind: RelationKind, source: &str, target: &str) -> bool {
    x.statements
        .iter()
        .any(|s| s.kind == kind && s.source == source && s.target == target)
}

#[test]
fn partners_by_abbreviation_and_foreign_teams_of_their_own_country() {
    let corpus = corpus();
    let profile = |stem: &str| {
        corpus
            .iter()
            .find(|(s, _)| s == stem)
            .map(|(_, x)| x)
            .unwrap_or_else(|| panic!("{stem}"))
    };
    // "Japan currently partners with the US, Israel and the UK on cybersecurity matters."
    let japan = profile("japan");
    for partner in ["country:US", "country:IL", "country:GB"] {
        let with = RelationKind::CooperatesWith;
        assert!(states(japan, with, "country:JP", partner), "JP {partner}");
    }
    // "Romania CERT (CERT-RO) - Israel CERT (CERT GOVIL)", "United Kingdom CERT (CSIRTUK, and
    // GovCertUK)": teams of their own countries, not bare country cooperation.
    let moldova = profile("moldova");
    for (country, team) in [
        ("country:RO", "cert:RO:romania-cert"),
        ("country:IL", "cert:IL:israel-cert"),
        ("country:GB", "cert:GB:csirtuk"),
        ("country:GB", "cert:GB:govcertuk"),
        ("country:UA", "cert:UA:ukraine-cert"),
    ] {
        assert!(
            states(moldova, RelationKind::HasCert, country, team),
            "{team}"
        );
        let with = RelationKind::CooperatesWith;
        assert!(states(moldova, with, "country:MD", team), "MD {team}");
        assert!(
            !states(moldova, with, "country:MD", country),
            "MD {country}"
        );
    }
    let romania = moldova
        .entities
        .iter()
        .find(|e| e.id == "cert:RO:romania-cert");
    assert_eq!(
        romania.map(|e| e.aliases.clone()),
        Some(vec!["CERT-RO".to_string()])
    );
    // "the e-Governance Academy of Estonia": a body's name makes no partner.
    assert!(!states(
        moldova,
        RelationKind::CooperatesWith,
        "country:MD",
        "country:EE"
    ));
}

#[test]
fn an_acronym_given_with_a_name_finds_the_agency() {
    let corpus = corpus();
    let jamaica = corpus
        .iter()
        .find(|(s, _)| s == "jamaica")
        .map(|(_, x)| x.clone())
        .unwrap_or_else(|| panic!("jamaica"));
    let graph = cyberkg::graph::KnowledgeGraph::build(vec![jamaica]);
    // "Ministry of Science, Technology, Energy and Mining (MSTEM)": one agency, whole, with its
    // acronym as an alias that search finds.
    let hits = cyberkg::query::search(&graph, "MSTEM", None, 5);
    let found: Vec<(&str, &str)> = hits
        .iter()
        .map(|h| (h.entity.name.as_str(), h.matched.as_str()))
        .collect();
    assert_eq!(
        found.first(),
        Some(&(
            "Ministry of Science, Technology, Energy and Mining",
            "MSTEM"
        )),
        "{found:?}"
    );
}
