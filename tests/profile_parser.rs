//! The profile parser and article extractor on the real documents: every section of both seed
//! profiles, the second conversions of the same documents, and malformed or foreign input.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use cyberkg::ingest::{self, DocumentMeta, Gazetteer};
use cyberkg::model::{Extraction, IndicatorStatus, RelationKind};

#[expect(
    clippy::expect_used,
    reason = "a broken test set-up must fail the test loudly"
)]
fn gazetteer() -> Gazetteer {
    Gazetteer::built_in().expect("built-in gazetteer")
}

fn parse(path: &Path) -> Extraction {
    ingest::ingest_file(path, &path.display().to_string(), &gazetteer())
        .unwrap_or_else(|e| panic!("{e}"))
}

fn seed(name: &str) -> Extraction {
    parse(&common::seed_data().join("documents").join(name))
}

const PAKISTAN: &str = "000_a422404018157f21.txt";
const TAJIKISTAN: &str = "003_6c043799d45a240a.txt";
const ARTICLE: &str = "002_aa267144ec28c24c.txt";

fn statuses(x: &Extraction) -> Vec<(String, IndicatorStatus)> {
    x.indicators
        .iter()
        .map(|i| (i.code.clone(), i.status))
        .collect()
}

fn named_in(x: &Extraction, code: &str) -> Vec<String> {
    x.indicators
        .iter()
        .find(|i| i.code == code)
        .map(|i| i.entities.clone())
        .unwrap_or_default()
}

fn has(x: &Extraction, kind: RelationKind, source: &str, target: &str) -> bool {
    x.statements
        .iter()
        .any(|s| s.kind == kind && s.source == source && s.target == target)
}

/// Statements reduced to what must not depend on the text conversion.
fn facts(x: &Extraction) -> BTreeSet<String> {
    x.statements
        .iter()
        .map(|s| {
            format!(
                "{} {}",
                s.id(),
                serde_json::Value::Object(s.qualifiers.clone())
            )
        })
        .collect()
}

#[test]
fn pakistan_every_section_has_its_status() {
    use IndicatorStatus::{Absent as A, Present as P, Unknown as U};
    let x = seed(PAKISTAN);
    let expected = [
        ("1.1.1", A),
        ("1.1.2", P),
        ("1.2.1", P),
        ("1.2.2", A),
        ("1.2.3", A),
        ("1.3.1", A),
        ("1.3.2", A),
        ("1.3.3", A),
        ("1.3.4", A),
        ("1.4.1", A),
        ("1.4.2", P),
        // "Pakistan does not have the exact number of public sector professionals certified
        // …": the count is not known, which says nothing of whether there are any.
        ("1.4.3", U),
        ("1.4.4", A),
        ("1.5.1", A),
        ("1.5.2", A),
        ("1.5.3", P),
        ("1.5.4", P),
        ("2.1", P),
        ("2.2", P),
        ("2.3", A),
        ("2.4", A),
    ];
    let expected: Vec<(String, IndicatorStatus)> =
        expected.iter().map(|(c, s)| (c.to_string(), *s)).collect();
    assert_eq!(statuses(&x), expected);
    for indicator in &x.indicators {
        let date = indicator.date.map(|d| d.to_string());
        assert_eq!(date.as_deref(), Some("2015-03-05"), "{}", indicator.code);
        assert!(!indicator.evidence.is_empty(), "{}", indicator.code);
        assert!(indicator
            .evidence
            .iter()
            .all(|e| e.section.as_deref() == Some(indicator.code.as_str())));
    }
}

#[test]
fn pakistan_sections_name_their_entities() {
    let x = seed(PAKISTAN);
    assert_eq!(
        named_in(&x, "1.1.2"),
        ["law:PK:electronic-transactions-ordinance"]
    );
    assert_eq!(
        named_in(&x, "1.2.1"),
        ["cert:PK:pakcert", "cert:PK:pisa-cert"]
    );
    assert_eq!(
        named_in(&x, "1.4.2"),
        [
            "cert:PK:pakcert",
            "program:PK:security-awareness-public-services"
        ]
    );
    assert_eq!(named_in(&x, "1.5.3"), ["program:PK:pisa-r3c"]);
    assert_eq!(named_in(&x, "1.5.4"), ["org:itu-impact", "org:apsirc-wg"]);
    // "Section 293 of the Criminal Code": the law, with the section on its relation.
    assert_eq!(named_in(&x, "2.1"), ["law:PK:criminal-code"]);
    assert_eq!(
        named_in(&x, "2.2"),
        ["convention:crc", "convention:crc-opsc"]
    );
    assert!(named_in(&x, "1.1.1").is_empty(), "'- None.' names nothing");
    let sections: Vec<&serde_json::Value> = x
        .statements
        .iter()
        .filter(|s| s.kind == RelationKind::Enacted && s.target == "law:PK:criminal-code")
        .filter_map(|s| s.qualifiers.get("sections"))
        .collect();
    assert_eq!(sections, [&serde_json::json!(["Section 293"])]);
    assert!(has(
        &x,
        RelationKind::Runs,
        "cert:PK:pakcert",
        "program:PK:security-awareness-public-services"
    ));
    assert!(has(
        &x,
        RelationKind::ParticipatesIn,
        "country:PK",
        "org:apsirc-wg"
    ));
    assert!(has(
        &x,
        RelationKind::MemberOf,
        "country:PK",
        "org:itu-impact"
    ));
    let country = &x.entities[0];
    assert_eq!(country.id, "country:PK");
    let population = country
        .observations
        .iter()
        .find(|o| o.measure == "population")
        .expect("population");
    assert_eq!(population.value, 179_951_000.0);
    assert_eq!(
        population.as_of.map(|d| d.to_string()).as_deref(),
        Some("2012-12")
    );
    assert!(x.unparsed.is_empty(), "{:?}", x.unparsed);
}

#[test]
fn tajikistan_every_section_has_its_status_and_entities() {
    let x = seed(TAJIKISTAN);
    let present: Vec<String> = x
        .indicators
        .iter()
        .filter(|i| i.status == IndicatorStatus::Present)
        .map(|i| i.code.clone())
        .collect();
    assert_eq!(present, ["1.1.1", "1.1.2", "1.5.1", "1.5.4", "2.2"]);
    assert_eq!(x.indicators.len(), 21);
    assert_eq!(named_in(&x, "1.1.1"), ["law:TJ:criminal-code"]);
    assert_eq!(named_in(&x, "1.1.2").len(), 7);
    assert!(named_in(&x, "1.1.2")
        .contains(&"law:TJ:law-on-the-right-of-access-to-information".to_string()));
    assert_eq!(named_in(&x, "1.5.4"), ["org:un", "org:sco"]);
    assert!(has(
        &x,
        RelationKind::CooperatesWith,
        "country:TJ",
        "country:CN"
    ));
    assert!(
        has(&x, RelationKind::ParticipatesIn, "country:TJ", "org:sco"),
        "SCO council meeting in 1.5.1"
    );
    assert!(has(
        &x,
        RelationKind::PartyTo,
        "country:TJ",
        "convention:crc-opsc"
    ));
    assert_eq!(
        x.document
            .as_ref()
            .and_then(|d| d.published)
            .map(|d| d.to_string())
            .as_deref(),
        Some("2015-03-09")
    );
    assert!(x.unparsed.is_empty(), "{:?}", x.unparsed);
}

#[test]
fn second_conversions_of_the_seed_profiles_yield_the_same_facts() {
    for (seed_file, alt) in [
        (PAKISTAN, "pakistan-alt-conversion.txt"),
        (TAJIKISTAN, "tajikistan-alt-conversion.txt"),
    ] {
        let a = seed(seed_file);
        let b = parse(&common::shared("corpus/profiles").join(alt));
        assert_eq!(facts(&a), facts(&b), "{alt}");
        assert_eq!(statuses(&a), statuses(&b), "{alt}");
        let named = |x: &Extraction| {
            x.indicators
                .iter()
                .map(|i| i.entities.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(named(&a), named(&b), "{alt}");
    }
}

#[test]
fn the_article_yields_entities_with_aliases_and_rule_evidence() {
    let x = seed(ARTICLE);
    let ids: BTreeSet<&str> = x.entities.iter().map(|e| e.id.as_str()).collect();
    for id in [
        "law:PK:peca-2016",
        "policy:PK:ncsp-2021",
        "law:PK:cert-rules-2023",
        "agency:PK:moitt",
        "agency:PK:cert-council",
    ] {
        assert!(ids.contains(id), "{id} in {ids:?}");
    }
    assert!(has(
        &x,
        RelationKind::IssuedUnder,
        "law:PK:cert-rules-2023",
        "law:PK:peca-2016"
    ));
    assert!(has(
        &x,
        RelationKind::CompliesWith,
        "law:PK:cert-rules-2023",
        "policy:PK:ncsp-2021"
    ));
    for s in &x.statements {
        for e in &s.evidence {
            assert!(e.confidence < 1.0 && e.rule.is_some(), "{s:?}");
        }
    }
}

fn ingest_text(bytes: &[u8], meta: &DocumentMeta) -> Result<Extraction, String> {
    ingest::ingest_bytes(bytes, "input.txt", meta, &gazetteer()).map_err(|e| e.to_string())
}

#[test]
fn malformed_or_foreign_input_gives_a_clear_error_or_an_empty_result() {
    let none = DocumentMeta::default();
    assert_eq!(
        ingest_text(b"", &none).err().as_deref(),
        Some("input.txt:1: the document is empty")
    );
    let err = ingest_text(b"line one\nline\0two", &none)
        .err()
        .unwrap_or_default();
    assert!(
        err.starts_with("input.txt:2:") && err.contains("binary"),
        "{err}"
    );
    let err = ingest_text(b"\n\nCYBERWELLNESS PROFILE\n\nREPUBLIC OF NOWHERE\n", &none)
        .err()
        .unwrap_or_default();
    assert!(
        err.starts_with("input.txt:5:") && err.contains("REPUBLIC OF NOWHERE"),
        "{err}"
    );

    // A profile with its title and nothing else: accepted, nothing claimed.
    let bare = ingest_text(b"CYBERWELLNESS PROFILE\nFRANCE\n", &none).expect("bare profile");
    assert!(bare.indicators.is_empty() && bare.statements.is_empty());
    // Sections full of noise: no panic, nothing invented for a heading the layout lacks.
    let noisy = ingest_text(
        "CYBERWELLNESS PROFILE\nCHILE\n1.9.9 NOT A SECTION\n- [](#)\n1.2.1 CIRT\n-\n[[[(#)\n"
            .as_bytes(),
        &none,
    )
    .expect("noisy");
    assert!(
        noisy.unparsed.iter().any(|u| u.text.contains("1.9.9")),
        "{:?}",
        noisy.unparsed
    );
    // Foreign text: read as an article, with nothing recognised.
    for text in [
        "{\"json\": [1, 2, 3]}",
        "<html><body><p>Bonjour</p></body></html>",
        "lorem ipsum dolor sit amet",
    ] {
        let x = ingest_text(text.as_bytes(), &none).expect("article");
        assert!(
            x.statements.is_empty() && x.indicators.is_empty(),
            "{text}: {x:?}"
        );
    }
    // Random bytes in every encoding path never panic.
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for len in [1usize, 7, 64, 512, 4096] {
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                (seed % 255 + 1) as u8
            })
            .collect();
        let _ = ingest_text(&bytes, &none);
        let mut profile = b"CYBERWELLNESS PROFILE\nPAKISTAN\n1.2.1 CIRT\n".to_vec();
        profile.extend(&bytes);
        let _ = ingest_text(&profile, &none);
    }
}

#[test]
fn every_real_corpus_file_is_read_without_a_panic() {
    let dir = common::shared("corpus");
    let mut read = 0;
    for sub in ["profiles", "news"] {
        for entry in std::fs::read_dir(dir.join(sub)).expect("corpus") {
            let path = entry.expect("entry").path();
            let bytes = std::fs::read(&path).expect("read");
            let _ = ingest::ingest_bytes(
                &bytes,
                &path.display().to_string(),
                &DocumentMeta::default(),
                &gazetteer(),
            );
            read += 1;
        }
    }
    assert!(read >= 198, "{read}");
}
