//! Tests of the rules read against news prose: treaties, agreements, establishing acts,
//! definite references, numbered instruments and relative dates. Each sentence is made up;
//! the shapes are those news texts use.

use super::extract;
use crate::ingest::{DocumentMeta, Gazetteer};
use crate::model::{Extraction, RelationKind, Statement};

fn read(text: &str, country: Option<&str>, published: Option<&str>) -> Extraction {
    let meta = DocumentMeta {
        country: country.map(str::to_string),
        published: published.and_then(|p| p.parse().ok()),
        ..DocumentMeta::default()
    };
    let gazetteer = Gazetteer::built_in().unwrap_or_else(|e| panic!("{e}"));
    extract(text, "test.txt", &meta, &gazetteer)
}

fn find<'a>(
    x: &'a Extraction,
    kind: RelationKind,
    source: &str,
    target: &str,
) -> Option<&'a Statement> {
    x.statements
        .iter()
        .find(|s| s.kind == kind && s.source == source && s.target == target)
}

fn since(s: Option<&Statement>) -> Option<String> {
    s.and_then(|s| s.since).map(|d| d.to_string())
}

#[test]
fn states_listed_before_acceded_are_parties_and_a_state_yet_to_sign_is_not() {
    let x = read(
        "Today, 20 June 2024, Benin, Fiji and Kiribati acceded to the Convention on Cybercrime. Rwanda is yet to sign and ratify the Malabo Convention.",
        None,
        Some("2024-06-20"),
    );
    for state in ["BJ", "FJ", "KI"] {
        let s = find(
            &x,
            RelationKind::PartyTo,
            &format!("country:{state}"),
            "convention:budapest",
        );
        assert_eq!(
            since(s).as_deref(),
            Some("2024-06-20"),
            "{state}: {:?}",
            x.statements
        );
        assert_eq!(
            s.and_then(|s| s.qualifiers.get("mode")),
            Some(&serde_json::json!("ACCEDED"))
        );
    }
    assert!(x.entities.iter().any(|e| e.id == "country:FJ"));
    assert!(
        x.statements.iter().all(|s| s.source != "country:RW"),
        "{:?}",
        x.statements
    );
}

#[test]
fn a_passive_ratification_lists_its_parties_after_the_cue() {
    let x = read(
        "The Convention on Cybercrime was adopted in 2001. To date it has been ratified by 57 countries, including the United States, Japan and Germany.",
        Some("AR"),
        Some("2017-11-30"),
    );
    for state in ["US", "JP", "DE"] {
        let s = find(
            &x,
            RelationKind::PartyTo,
            &format!("country:{state}"),
            "convention:budapest",
        );
        assert_eq!(
            s.and_then(|s| s.qualifiers.get("mode")),
            Some(&serde_json::json!("RATIFIED")),
            "{state}: {:?}",
            x.statements
        );
    }
    assert!(find(
        &x,
        RelationKind::PartyTo,
        "country:AR",
        "convention:budapest"
    )
    .is_none());
}

#[test]
fn agreements_pair_their_parties_with_the_sentence_date() {
    let x = read(
        "In May last year Tonga signed an agreement with Australia to share information with CERT Australia.",
        Some("TO"),
        Some("2018-05-01"),
    );
    let s = find(&x, RelationKind::CooperatesWith, "country:TO", "country:AU");
    assert_eq!(since(s).as_deref(), Some("2017-05"), "{:?}", x.statements);
    assert!(
        find(
            &x,
            RelationKind::HasCert,
            "country:AU",
            "cert:AU:cert-australia"
        )
        .is_some(),
        "{:?}",
        x.statements
    );
    assert!(find(
        &x,
        RelationKind::HasCert,
        "country:TO",
        "cert:AU:cert-australia"
    )
    .is_none());
}

#[test]
fn the_act_established_refers_to_the_act_named_before() {
    let x = read(
        "The Cyber Security Act 2021 was enacted. As a result, the Act established the Zambia Computer Incidence Response Team (ZM CIRT) as the regulator.",
        Some("ZM"),
        None,
    );
    assert!(
        x.statements
            .iter()
            .any(|s| s.kind == RelationKind::Establishes
                && s.source == "law:ZM:cyber-security-act-2021"
                && s.target.starts_with("cert:ZM:")),
        "{:?}",
        x.statements
    );
}

#[test]
fn a_body_established_by_a_numbered_decree_takes_its_date() {
    let x = read(
        "The National Cybersecurity Authority was established by Royal Decree No. 6801 of October 31, 2017, as amended by Royal Decree No. 7053 of September 9, 2021.",
        Some("SA"),
        Some("2023-12-06"),
    );
    let decrees: Vec<&str> = x
        .entities
        .iter()
        .filter(|e| e.id.starts_with("law:"))
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(decrees.len(), 2, "{decrees:?}");
    let enacted: Vec<String> = x
        .statements
        .iter()
        .filter(|s| s.kind == RelationKind::Enacted)
        .filter_map(|s| s.since.map(|d| d.to_string()))
        .collect();
    assert!(
        enacted.contains(&"2017-10-31".to_string()) && enacted.contains(&"2021-09-09".to_string()),
        "{enacted:?}"
    );
    assert!(
        x.statements
            .iter()
            .any(|s| s.kind == RelationKind::Establishes),
        "{:?}",
        x.statements
    );
}

#[test]
fn the_kingdom_is_the_article_country_joining_a_network() {
    let x = read(
        "The kingdom is one of 14 members of the Pacific Cyber Security Operational Network created in April this year.",
        Some("TO"),
        Some("2018-05-01"),
    );
    let s = x
        .statements
        .iter()
        .find(|s| s.kind == RelationKind::MemberOf);
    assert_eq!(
        s.map(|s| (s.source.as_str(), s.since.map(|d| d.to_string()))),
        Some(("country:TO", Some("2018-04".to_string()))),
        "{:?}",
        x.statements
    );
}

#[test]
fn a_protocol_to_a_known_convention_is_its_own_treaty() {
    let x = read(
        "Additionally, Benin acceded to the First Additional Protocol to the Convention on cybercrime, concerning xenophobia.",
        None,
        Some("2024-06-20"),
    );
    assert!(
        x.statements.iter().any(|s| s.kind == RelationKind::PartyTo
            && s.source == "country:BJ"
            && s.target != "convention:budapest"),
        "{:?}",
        x.statements
    );
}

#[test]
fn full_dates_keep_their_day_and_numbers_of_decrees_are_not_years() {
    let x = read(
        "The Law on Telecommunications of 26.06.1995 was amended. Decree No. 2019 was published on 14 August 2009.",
        Some("UA"),
        Some("2017-11-09"),
    );
    let dates: Vec<String> = x
        .statements
        .iter()
        .filter(|s| s.kind == RelationKind::Enacted)
        .filter_map(|s| s.since.map(|d| d.to_string()))
        .collect();
    assert!(
        dates.contains(&"1995-06-26".to_string()),
        "{:?}",
        x.statements
    );
    assert!(
        dates.contains(&"2009-08-14".to_string()),
        "{:?}",
        x.statements
    );
    assert!(!dates.contains(&"2019".to_string()), "{:?}", x.statements);
}
