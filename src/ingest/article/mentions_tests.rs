//! Tests of the mention finder: acronym definitions, inner acronyms, headless names in
//! lists, CERT names and tokens, gazetteer bodies, and names joined by "known as".

use super::*;

fn gazetteer() -> Gazetteer {
    Gazetteer::built_in().unwrap_or_else(|e| panic!("{e}"))
}

fn names(sentence: &str) -> Vec<String> {
    let (mentions, _) = find(sentence, &gazetteer(), None);
    mentions
        .iter()
        .map(|m| {
            let mut s = format!(
                "{} {}",
                m.kind.as_str(),
                m.global
                    .as_ref()
                    .map_or(m.name.as_str(), |(id, _)| id.as_str())
            );
            if let Some(a) = &m.acronym {
                s.push_str(&format!(" ({a})"));
            }
            if let Some(d) = m.date {
                s.push_str(&format!(" @{d}"));
            }
            if let Some(p) = &m.period {
                s.push_str(&format!(" [{p}]"));
            }
            s
        })
        .collect()
}

#[test]
fn acronym_definitions_and_years_written_with_names() {
    assert_eq!(
        names("under section 51, read with section 49 of the Prevention of Electronic Crime Act (PECA), 2016, and in compliance with the National Cyber Security Policy (NCSP), 2021, the Ministry of IT and Telecommunication (MoITT) as a designated organization"),
        vec![
            "LAW Prevention of Electronic Crime Act (PECA) @2016",
            "POLICY National Cyber Security Policy (NCSP) @2021",
            "AGENCY Ministry of IT and Telecommunication (MoITT)",
        ]
    );
    assert_eq!(
        names("The National Cyber Security Strategy, published in 2011, sets out"),
        vec!["POLICY National Cyber Security Strategy @2011"]
    );
    assert_eq!(
        names("IT Minister said that CERT Rules – 2023 provides"),
        vec!["LAW CERT Rules @2023"]
    );
}

#[test]
fn inner_acronyms_give_a_short_form() {
    let (m, _) = find(
        "the Cabinet has given its approval to the Computer Emergency Response Teams (CERTs) Rule 2023.",
        &gazetteer(),
        None,
    );
    let rule = m.iter().find(|m| m.kind == EntityKind::Law);
    assert_eq!(
        rule.map(|r| (r.name.as_str(), r.short_form.as_deref(), r.date)),
        Some((
            "Computer Emergency Response Teams Rule 2023",
            Some("CERTs Rule 2023"),
            "2023".parse().ok()
        ))
    );
}

#[test]
fn headless_acronym_names_take_the_kind_of_their_list() {
    assert_eq!(
        names("she unveiled the country's National Security Strategy (NSS) 2024–2029, the National Intelligence Estimate (NIE) 2019–2024 and the National Intelligence Priorities (NIPs)."),
        vec![
            "POLICY National Security Strategy (NSS) @2024 [2024–2029]",
            "POLICY National Intelligence Estimate (NIE) @2019 [2019–2024]",
            "POLICY National Intelligence Priorities (NIPs)",
        ]
    );
    assert_eq!(
        names("However the Ministry of National Security works."),
        vec!["AGENCY Ministry of National Security"]
    );
    // Alone, a headless name has no kind and is not an entity.
    assert!(names("the Joint Working Group (JWG) met").is_empty());
}

#[test]
fn cert_names_tokens_and_gazetteer_bodies() {
    assert_eq!(
        names("Affiliated with the OIC Computer Emergency Response Team, the Asia Pacific CERT (APCERT), Forum of Incident Response and Security Teams (FIRST) and others"),
        vec![
            "ORGANIZATION org:oic-cert",
            "ORGANIZATION org:apcert",
            "ORGANIZATION org:apcert",
            "ORGANIZATION org:first",
            "ORGANIZATION org:first",
        ]
    );
    assert_eq!(
        names("The Namibian Cyber Security Incident Response Team (Nam-CSIRT) on 19 July reported"),
        vec!["CERT Namibian Cyber Security Incident Response Team (Nam-CSIRT)"]
    );
    assert_eq!(
        names("National CERT, Government CERT and PakCERT; CERTs"),
        vec!["CERT PakCERT (PakCERT)"]
    );
}

#[test]
fn known_as_and_copulas_join_two_names_of_one_thing() {
    let (m, same) = find(
        "Brunei Computer Emergency Response Team (Malay: Pasukan Respons Kecemasan Komputer Brunei), commonly known as BruCERT, is a team",
        &gazetteer(),
        None,
    );
    assert_eq!(m.len(), 2);
    assert_eq!(same, vec![(0, 1)]);
    let (m, same) = find(
        "CERT-UK is the UK National Computer Emergency Response Team, formed in March 2014",
        &gazetteer(),
        None,
    );
    assert_eq!(m.len(), 2);
    assert_eq!(same, vec![(0, 1)]);
}
