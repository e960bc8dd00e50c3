//! Unit tests of the article rules on short sentences, and inputs that must not panic.

use super::*;
use crate::model::{RelationKind, Statement};

fn gazetteer() -> Gazetteer {
    Gazetteer::built_in().unwrap_or_else(|e| panic!("{e}"))
}

fn read(text: &str, country: Option<&str>, published: Option<&str>) -> Extraction {
    let meta = DocumentMeta {
        country: country.map(str::to_string),
        published: published.and_then(|p| p.parse().ok()),
        ..DocumentMeta::default()
    };
    extract(text, "test.txt", &meta, &gazetteer())
}

fn relation<'a>(
    x: &'a Extraction,
    kind: RelationKind,
    source: &str,
    target: &str,
) -> Option<&'a Statement> {
    x.statements
        .iter()
        .find(|s| s.kind == kind && s.source == source && s.target == target)
}

fn has(x: &Extraction, kind: RelationKind, source: &str, target: &str) -> bool {
    relation(x, kind, source, target).is_some()
}

fn since(x: &Extraction, kind: RelationKind, source: &str, target: &str) -> Option<String> {
    relation(x, kind, source, target)
        .and_then(|s| s.since)
        .map(|d| d.to_string())
}

fn rule_of(x: &Extraction, kind: RelationKind, source: &str, target: &str) -> Option<String> {
    relation(x, kind, source, target).and_then(|s| s.evidence.first().and_then(|e| e.rule.clone()))
}

fn entity<'a>(x: &'a Extraction, id: &str) -> Option<&'a Entity> {
    x.entities.iter().find(|e| e.id == id)
}

#[test]
fn an_acronym_definition_is_an_alias_and_a_later_bare_acronym_the_same_entity() {
    let x = read(
        "The Prevention of Electronic Crime Act (PECA), 2016 was passed. Later the PECA was amended.",
        Some("PK"),
        None,
    );
    let peca = entity(&x, "law:PK:peca-2016");
    assert!(
        peca.is_some_and(|e| e.aliases.contains(&"PECA".to_string())),
        "{:?}",
        x.entities
    );
    let lines: Vec<&str> = x
        .mentions
        .iter()
        .filter(|(id, _)| id == "law:PK:peca-2016")
        .map(|(_, e)| e.excerpt.as_str())
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(
        since(&x, RelationKind::Enacted, "country:PK", "law:PK:peca-2016").as_deref(),
        Some("2016")
    );
}

#[test]
fn issued_under_sections_and_in_compliance_with() {
    let x = read(
        "Under section 51, read with section 49 of the Prevention of Electronic Crime Act (PECA), 2016, and in compliance with the National Cyber Security Policy (NCSP), 2021, the ministry issued the CERT Rules 2023.",
        Some("PK"),
        Some("2023-07-17"),
    );
    let under = relation(
        &x,
        RelationKind::IssuedUnder,
        "law:PK:cert-rules-2023",
        "law:PK:peca-2016",
    );
    assert_eq!(
        under.and_then(|s| s.qualifiers.get("sections")).cloned(),
        Some(serde_json::json!(["51", "49"]))
    );
    assert!(has(
        &x,
        RelationKind::CompliesWith,
        "law:PK:cert-rules-2023",
        "policy:PK:ncsp-2021"
    ));
    assert_eq!(
        rule_of(
            &x,
            RelationKind::IssuedUnder,
            "law:PK:cert-rules-2023",
            "law:PK:peca-2016"
        )
        .as_deref(),
        Some("issued-under")
    );
}

#[test]
fn approval_takes_a_date_written_after_the_cue_else_the_instruments_own() {
    let x = read(
        "The Cabinet approved the Data Protection Rules 2020 on 5 March 2020.",
        Some("LK"),
        Some("2020-06-01"),
    );
    assert_eq!(
        since(
            &x,
            RelationKind::Enacted,
            "country:LK",
            "law:LK:data-protection-rules-2020"
        )
        .as_deref(),
        Some("2020-03-05")
    );
    // The publication date falls inside the year: it is the more precise date.
    let x = read(
        "The Cabinet approved the Data Protection Rules 2020.",
        Some("LK"),
        Some("2020-06-01"),
    );
    assert_eq!(
        since(
            &x,
            RelationKind::Enacted,
            "country:LK",
            "law:LK:data-protection-rules-2020"
        )
        .as_deref(),
        Some("2020-06-01")
    );
    // It does not: the instrument's own year stands, and its period is kept.
    let x = read(
        "The minister unveiled the National Security Strategy (NSS) 2024–2029.",
        Some("ZA"),
        Some("2025-08-09"),
    );
    let s = relation(
        &x,
        RelationKind::Adopted,
        "country:ZA",
        "policy:ZA:nss-2024",
    );
    assert_eq!(
        s.and_then(|s| s.since).map(|d| d.to_string()).as_deref(),
        Some("2024")
    );
    assert_eq!(
        s.and_then(|s| s.qualifiers.get("period")).cloned(),
        Some(serde_json::json!("2024–2029"))
    );
}

#[test]
fn bills_passed_are_enacted_as_drafts_and_published_drafts_are_not_enacted() {
    let x = read(
        "The Cybercrime Bill 2021 was passed to the Senate. A draft Data Protection Act 2022 was published.",
        Some("KE"),
        Some("2022-05"),
    );
    let enacted: Vec<_> = x
        .statements
        .iter()
        .filter(|s| s.kind == RelationKind::Enacted)
        .collect();
    assert!(
        enacted.len() == 1
            && enacted[0].target == "law:KE:cybercrime-bill-2021"
            && enacted[0].qualifiers.get("draft") == Some(&serde_json::json!(true)),
        "{:?}",
        x.statements
    );
    assert!(entity(&x, "law:KE:cybercrime-bill-2021").is_some());
}

#[test]
fn a_name_runs_on_through_of_the() {
    let x = read(
        "The Government Computer Emergency Response Team of the Netherlands (GOVCERT.NL) provides advice.",
        None,
        None,
    );
    assert!(
        has(
            &x,
            RelationKind::HasCert,
            "country:NL",
            "cert:NL:govcert-nl"
        ),
        "{:?}",
        x.statements
    );
}

#[test]
fn a_strategy_published_in_a_year_is_adopted_since_then() {
    let x = read(
        "The National Cyber Security Strategy, published in 2011, sets out goals.",
        Some("GB"),
        Some("2015-09-30"),
    );
    let id = "policy:GB:national-cyber-security-strategy-2011";
    assert_eq!(
        since(&x, RelationKind::Adopted, "country:GB", id).as_deref(),
        Some("2011")
    );
    assert!(x
        .indicators
        .iter()
        .any(|i| i.code == "1.3.1" && i.entities == [id]));
}

#[test]
fn a_cert_established_on_a_day_has_the_country_since_that_day() {
    let x = read(
        "BruCERT was established on 1 May 2004 by the government.",
        Some("BN"),
        None,
    );
    let s = relation(&x, RelationKind::HasCert, "country:BN", "cert:BN:brucert");
    assert_eq!(
        s.and_then(|s| s.since).map(|d| d.to_string()).as_deref(),
        Some("2004-05-01")
    );
    // Not called national: no role, and no 1.2.1 observation.
    assert!(s.is_some_and(|s| !s.qualifiers.contains_key("role")));
    assert!(x.indicators.iter().all(|i| i.code != "1.2.1"));
}

#[test]
fn a_cert_the_text_calls_national_has_that_role_and_makes_1_2_1_present() {
    let x = read(
        "CERT-UK is the UK National Computer Emergency Response Team, formed in March 2014 in response to the National Cyber Security Strategy.",
        None,
        None,
    );
    let s = relation(&x, RelationKind::HasCert, "country:GB", "cert:GB:cert-uk");
    assert_eq!(
        s.and_then(|s| s.since).map(|d| d.to_string()).as_deref(),
        Some("2014-03")
    );
    assert_eq!(
        s.and_then(|s| s.qualifiers.get("role")).cloned(),
        Some(serde_json::json!("NATIONAL"))
    );
    assert_eq!(
        rule_of(&x, RelationKind::HasCert, "country:GB", "cert:GB:cert-uk").as_deref(),
        Some("national-cert")
    );
    assert!(has(
        &x,
        RelationKind::Establishes,
        "policy:GB:national-cyber-security-strategy",
        "cert:GB:cert-uk"
    ));
    let observed = x.indicators.iter().find(|i| i.code == "1.2.1");
    assert_eq!(
        observed
            .and_then(|i| i.date)
            .map(|d| d.to_string())
            .as_deref(),
        Some("2014-03")
    );
    assert!(entity(&x, "cert:GB:cert-uk").is_some_and(|e| e
        .aliases
        .contains(&"UK National Computer Emergency Response Team".to_string())));
}

#[test]
fn membership_resolves_through_the_gazetteer_and_pronouns_to_the_team() {
    let x = read(
        "PakCERT is a response team. It is a member of FIRST and the OIC Computer Emergency Response Team.",
        Some("PK"),
        None,
    );
    assert!(has(
        &x,
        RelationKind::MemberOf,
        "cert:PK:pakcert",
        "org:first"
    ));
    assert!(has(
        &x,
        RelationKind::MemberOf,
        "cert:PK:pakcert",
        "org:oic-cert"
    ));
    assert!(x.indicators.iter().any(|i| i.code == "1.5.4"));
    let x = read("Pakistan joined the SCO in 2017.", None, None);
    assert_eq!(
        since(&x, RelationKind::MemberOf, "country:PK", "org:sco").as_deref(),
        Some("2017")
    );
    // A body's name qualifying something else is not membership.
    let x = read(
        "BDCERT has joined Asia Pacific CERT (APCERT) Cyber Security Drills.",
        Some("BD"),
        None,
    );
    assert!(
        x.statements
            .iter()
            .all(|s| s.kind != RelationKind::MemberOf),
        "{:?}",
        x.statements
    );
    // A body the gazetteer does not know is not made up.
    let x = read(
        "PakCERT is a member of the Galactic Response Club.",
        Some("PK"),
        None,
    );
    assert!(x
        .statements
        .iter()
        .all(|s| s.kind != RelationKind::MemberOf));
}

#[test]
fn hosts_run_their_teams_and_become_agencies() {
    let x = read(
        "BruCERT is a response team. Its host organization is the Information Technology Protective Security Services.",
        Some("BN"),
        None,
    );
    let host = "agency:BN:information-technology-protective-security-services";
    assert!(
        has(&x, RelationKind::Runs, host, "cert:BN:brucert"),
        "{:?}",
        x.statements
    );
    let x = read(
        "The incident was reported by a statement issued by the Communications Regulatory Authority of Namibia, under which the Nam-CSIRT falls.",
        None,
        None,
    );
    let cran = "agency:NA:communications-regulatory-authority-of-namibia";
    assert!(
        has(&x, RelationKind::Runs, cran, "cert:NA:nam-csirt"),
        "{:?}",
        x.statements
    );
    assert_eq!(
        rule_of(&x, RelationKind::HasAgency, "country:NA", cran).as_deref(),
        Some("government-body")
    );
    let x = read(
        "The Nam-CSIRT falls under the Communications Regulatory Authority of Namibia.",
        None,
        None,
    );
    assert!(has(&x, RelationKind::Runs, cran, "cert:NA:nam-csirt"));
}

#[test]
fn designated_agencies_make_1_3_3_present_and_plain_departments_do_not() {
    let x = read(
        "The Ministry of Interior was designated to deal with cyber security. The Department of Justice handles cases.",
        Some("JO"),
        Some("2021-05"),
    );
    let moi = relation(
        &x,
        RelationKind::HasAgency,
        "country:JO",
        "agency:JO:ministry-of-interior",
    );
    assert_eq!(
        moi.and_then(|s| s.qualifiers.get("responsibility"))
            .cloned(),
        Some(serde_json::json!("cybersecurity"))
    );
    assert!(has(
        &x,
        RelationKind::HasAgency,
        "country:JO",
        "agency:JO:department-of-justice"
    ));
    let agencies: Vec<&Vec<String>> = x
        .indicators
        .iter()
        .filter(|i| i.code == "1.3.3")
        .map(|i| &i.entities)
        .collect();
    assert_eq!(
        agencies,
        vec![&vec!["agency:JO:ministry-of-interior".to_string()]]
    );
}

#[test]
fn a_council_to_be_established_is_established_by_the_principal_law() {
    let x = read(
        "The Cyber Act 2020 was enacted. A cyber security council will be established under the Act.",
        Some("KE"),
        None,
    );
    assert!(
        has(
            &x,
            RelationKind::Establishes,
            "law:KE:cyber-act-2020",
            "agency:KE:cyber-security-council"
        ),
        "{:?}",
        x.statements
    );
    // A future body is not yet one of the country's agencies.
    assert!(!has(
        &x,
        RelationKind::HasAgency,
        "country:KE",
        "agency:KE:cyber-security-council"
    ));
}

#[test]
fn headless_names_in_a_list_of_policies_are_policies() {
    let x = read(
        "She unveiled the country's National Security Strategy (NSS) 2024–2029, the National Intelligence Estimate (NIE) 2019–2024 and the National Intelligence Priorities (NIPs).",
        Some("ZA"),
        Some("2025-08-09"),
    );
    for id in ["policy:ZA:nss-2024", "policy:ZA:nie-2019", "policy:ZA:nips"] {
        assert!(
            has(&x, RelationKind::Adopted, "country:ZA", id),
            "{id}: {:?}",
            x.statements
        );
    }
}

#[test]
fn names_of_another_country_belong_to_it() {
    let x = read(
        "PakCERT signed an agreement with CERT-UK.",
        Some("PK"),
        None,
    );
    assert!(has(
        &x,
        RelationKind::HasCert,
        "country:GB",
        "cert:GB:cert-uk"
    ));
    assert!(has(
        &x,
        RelationKind::HasCert,
        "country:PK",
        "cert:PK:pakcert"
    ));
    assert!(entity(&x, "country:GB").is_some());
}

#[test]
fn the_country_is_the_one_named_most_and_the_date_the_front_matters() {
    let x = read(
        "{\"date\": \"2015-09-30T10:00:00\", \"title\": \"A record\"}\nKenya hosted Uganda. Uganda thanked Kenya and Uganda left.",
        None,
        None,
    );
    let doc = x.document.clone().unwrap_or_else(|| panic!("document"));
    assert_eq!(doc.country.as_deref(), Some("UG"));
    assert_eq!(
        doc.published.map(|d| d.to_string()).as_deref(),
        Some("2015-09-30")
    );
    assert!(!doc.published_inferred);
    assert_eq!(doc.title, "A record");
    // Without front matter: the latest year mentioned, inferred; a range's end is a horizon.
    let x = read("The plan for 2019–2030 was drafted in 2018.", None, None);
    let doc = x.document.unwrap_or_else(|| panic!("document"));
    assert_eq!(
        doc.published.map(|d| d.to_string()).as_deref(),
        Some("2019")
    );
    assert!(doc.published_inferred);
}

#[test]
fn a_text_without_facts_is_accepted_and_nothing_is_invented() {
    for text in [
        "Hello world. The weather is nice today.",
        "lorem ipsum dolor sit amet",
        "The team met on 19 July and said it may 2 go.",
        "National CERT, Government CERT, Sectoral CERT and Provincial CERT were discussed.",
    ] {
        let x = read(text, None, None);
        assert!(
            x.statements.is_empty() && x.indicators.is_empty(),
            "{text}: {:?}",
            x.statements
        );
        assert!(x.entities.is_empty(), "{text}: {:?}", x.entities);
        assert!(x.document.is_some());
    }
}

#[test]
fn no_input_panics() {
    let mut inputs: Vec<String> = [
        "",
        " ",
        "\n\n\n",
        "\u{feff}",
        "((((",
        "))))",
        "(PECA)",
        "(PECA), 2016",
        "Act",
        "The Act (",
        "The Act ()",
        "Act Act Act Act Act (A)",
        "– 2024",
        "2024–",
        "2024–2029–2034",
        "19 July",
        "May May May 2020",
        "31 February 2020",
        "{",
        "{\"date\": 5}",
        "{\"date\": \"not a date\"}",
        "[1]: x",
        "---",
        "---\n---",
        "# References\n- Act",
        "title: x\n",
        "Ministry of Ünïcödé (MÜ), 2020 was designated.",
        "Министерство (МВД) 2020 approved the Act.",
        "وزارة (ABC) 2020 designated the Ministry of X.",
        "🙂 CERT 🙂 (🙂) 🙂-CERT CERT-🙂 Council of 🙂",
        "under section 51 of the",
        "under section 51 of the Act",
        "in compliance with",
        "in compliance with the Policy (P), 2020",
        "X, under which the",
        "Its host organization is",
        "Affiliated with",
        "It is a member of",
        "a CERT council will be established",
        "A  Council  will be established. A Council will be established.",
        "CERT-UK is the",
        ", commonly known as",
        "a\u{200b}b (AB) Act\u{200b}",
        "\r\r\n\r\nThe Act (TA), 2016.\r",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    inputs.push("Council of ".repeat(2000));
    inputs.push("(A) ".repeat(2000));
    inputs.push("The National Cyber Security Policy (NCSP), 2021, ".repeat(300));
    // Pseudo-random mixes of the words the rules look for.
    let words = [
        "Act",
        "(PECA),",
        "2016",
        "under",
        "section",
        "51",
        "of",
        "the",
        "Ministry",
        "CERT-UK",
        "is",
        "national",
        "formed",
        "in",
        "March",
        "2014",
        "affiliated",
        "with",
        "FIRST",
        "host",
        "organization",
        "falls",
        "which",
        "Council",
        "will",
        "be",
        "established",
        "–",
        "2024–2029",
        ",",
        ".",
        "It",
        "“",
        "(",
        ")",
        "é",
        "\n",
        "\n\n",
    ];
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    for len in [3usize, 17, 64, 400] {
        for _ in 0..20 {
            let text: Vec<&str> = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    words[(seed % words.len() as u64) as usize]
                })
                .collect();
            inputs.push(text.join(" "));
        }
    }
    for text in &inputs {
        for (country, published) in [(None, None), (Some("PK"), Some("2023-07-17"))] {
            let x = read(text, country, published);
            for s in &x.statements {
                for e in &s.evidence {
                    assert!(e.confidence < 1.0 && e.rule.is_some(), "{text}: {s:?}");
                }
            }
        }
    }
}
