//! The seed facts, asked the way users ask them, through the real HTTP API.

mod common;

use common::{find_relation, seed_data, TestServer};
use serde_json::Value;

const RELATION_FIELDS: &str = "edges { cursor node { id kind since qualifiers source { id name } target { id name kind } evidence { section excerpt method confidence rule document { id published format } } } } totalCount";

async fn relations_of(server: &TestServer, id: &str) -> Value {
    let data = server
        .data(&format!(
            "{{ node(id: \"{id}\") {{ relations(first: 1000) {{ {RELATION_FIELDS} }} }} }}"
        ))
        .await;
    data["node"]["relations"]["edges"].clone()
}

#[tokio::test]
async fn pakistan_has_two_certs_with_roles_and_evidence() {
    let server = TestServer::start(&seed_data()).await;
    let edges = relations_of(&server, "country:PK").await;
    let pakcert =
        find_relation(&edges, "HAS_CERT", "country:PK", "cert:PK:pakcert").expect("PakCERT");
    assert_eq!(pakcert["qualifiers"]["role"], "NATIONAL");
    assert_eq!(pakcert["qualifiers"]["recognized"], true);
    let evidence = &pakcert["evidence"][0];
    assert_eq!(evidence["section"], "1.2.1");
    assert_eq!(evidence["method"], "PROFILE_PARSER");
    assert_eq!(evidence["confidence"], 1.0);
    assert_eq!(evidence["document"]["id"], "doc:itu-cwp-pk-2015");
    assert_eq!(evidence["document"]["published"], "2015-03-05");
    assert!(evidence["excerpt"]
        .as_str()
        .unwrap_or("")
        .contains("officially recognized national CERT known as PakCERT"));
    let pisa =
        find_relation(&edges, "HAS_CERT", "country:PK", "cert:PK:pisa-cert").expect("PISA-CERT");
    assert_eq!(pisa["qualifiers"]["role"], "PUBLIC");
    assert_eq!(pisa["qualifiers"]["recognized"], false);

    let certs = server
        .data(r#"{ country(code: "pk") { certs { id name kind } } }"#)
        .await;
    let ids: Vec<&str> = certs["country"]["certs"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert_eq!(ids, vec!["cert:PK:pakcert", "cert:PK:pisa-cert"]);
}

#[tokio::test]
async fn tajikistan_cooperates_with_china_and_is_member_of_sco_and_un() {
    let server = TestServer::start(&seed_data()).await;
    let edges = relations_of(&server, "country:TJ").await;
    let china =
        find_relation(&edges, "COOPERATES_WITH", "country:TJ", "country:CN").expect("China");
    assert_eq!(china["qualifiers"]["instrument"], "joint declaration");
    assert_eq!(china["evidence"][0]["section"], "1.5.1");
    assert!(china["evidence"][0]["excerpt"]
        .as_str()
        .unwrap_or("")
        .starts_with("China and Tajikistan, in a joint declaration"));
    for org in ["org:sco", "org:un"] {
        let rel = find_relation(&edges, "MEMBER_OF", "country:TJ", org)
            .unwrap_or_else(|| panic!("{org}"));
        assert_eq!(rel["evidence"][0]["section"], "1.5.4");
        assert_eq!(
            rel["evidence"][0]["excerpt"],
            "Tajikistan is a member of the UN and SCO."
        );
    }
    let memberships = server
        .data(r#"{ country(name: "republic of tajikistan") { memberships { id } } }"#)
        .await;
    let ids: Vec<&str> = memberships["country"]["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert!(
        ids.contains(&"org:sco") && ids.contains(&"org:un"),
        "{ids:?}"
    );
}

#[tokio::test]
async fn both_countries_are_party_to_one_shared_crc_node_with_reservations() {
    let server = TestServer::start(&seed_data()).await;
    let data = server
        .data(&format!("{{ node(id: \"convention:crc\") {{ name aliases relations(kinds: [PARTY_TO, PROTOCOL_TO], direction: IN) {{ {RELATION_FIELDS} }} }} }}"))
        .await;
    assert_eq!(
        data["node"]["name"],
        "Convention on the Rights of the Child"
    );
    let edges = &data["node"]["relations"]["edges"];
    for country in ["country:PK", "country:TJ"] {
        let rel = find_relation(edges, "PARTY_TO", country, "convention:crc")
            .unwrap_or_else(|| panic!("{country}"));
        assert_eq!(rel["qualifiers"]["mode"], "ACCEDED");
        assert_eq!(
            rel["qualifiers"]["articles"],
            serde_json::json!(["16", "17(e)", "34(c)"])
        );
        assert_eq!(rel["qualifiers"]["reservations"], "none");
        assert_eq!(rel["evidence"][0]["section"], "2.2");
    }
    let protocol = find_relation(
        edges,
        "PROTOCOL_TO",
        "convention:crc-opsc",
        "convention:crc",
    )
    .expect("protocol");
    assert_eq!(protocol["evidence"][0]["method"], "CURATED");
    assert_eq!(protocol["evidence"][0]["document"]["format"], "curated");
}

#[tokio::test]
async fn section_293_is_a_section_of_pakistans_criminal_code_not_tajikistans() {
    let server = TestServer::start(&seed_data()).await;
    // A provision is not a law of its own: the law is the entity, the section is on the
    // relation that names it.
    let edges = relations_of(&server, "law:PK:criminal-code").await;
    let enacted =
        find_relation(&edges, "ENACTED", "country:PK", "law:PK:criminal-code").expect("ENACTED");
    assert_eq!(enacted["qualifiers"]["sections"][0], "Section 293");
    assert_eq!(enacted["evidence"][0]["section"], "2.1");
    let laws = server.data(r#"{ pk: country(code: "PK") { laws { id } } tj: country(code: "TJK") { laws { id } } }"#).await;
    let ids = |c: &str| -> Vec<String> {
        laws[c]["laws"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|l| l["id"].as_str().map(String::from))
            .collect()
    };
    assert!(ids("pk").contains(&"law:PK:criminal-code".to_string()));
    assert!(ids("tj").contains(&"law:TJ:criminal-code".to_string()));
    assert!(!ids("tj").contains(&"law:PK:criminal-code".to_string()));
    assert_eq!(ids("tj").len(), 8, "{:?}", ids("tj"));
}

#[tokio::test]
async fn pakistan_joins_itu_impact_and_apsirc_wg_and_itu_impact_is_part_of_itu() {
    let server = TestServer::start(&seed_data()).await;
    let edges = relations_of(&server, "country:PK").await;
    assert!(find_relation(&edges, "MEMBER_OF", "country:PK", "org:itu-impact").is_some());
    let apsirc =
        find_relation(&edges, "PARTICIPATES_IN", "country:PK", "org:apsirc-wg").expect("APSIRC-WG");
    assert_eq!(
        apsirc["evidence"].as_array().map(Vec::len),
        Some(1),
        "one fact, one evidence: {apsirc:#}"
    );
    let itu = relations_of(&server, "org:itu-impact").await;
    assert!(find_relation(&itu, "PART_OF", "org:itu-impact", "org:itu").is_some());
    let pisa = find_relation(
        &edges,
        "PARTICIPATES_IN",
        "country:PK",
        "program:PK:pisa-r3c",
    )
    .expect("PISA R3C");
    assert_eq!(pisa["evidence"][0]["section"], "1.5.3");
    let runs = relations_of(&server, "cert:PK:pakcert").await;
    assert!(find_relation(
        &runs,
        "RUNS",
        "cert:PK:pakcert",
        "program:PK:security-awareness-public-services"
    )
    .is_some());
}

#[tokio::test]
async fn the_article_names_peca_ncsp_cert_rules_moitt_and_the_cert_council() {
    let server = TestServer::start(&seed_data()).await;
    let rules = relations_of(&server, "law:PK:cert-rules-2023").await;
    let under = find_relation(
        &rules,
        "ISSUED_UNDER",
        "law:PK:cert-rules-2023",
        "law:PK:peca-2016",
    )
    .expect("ISSUED_UNDER");
    assert_eq!(
        under["qualifiers"]["sections"],
        serde_json::json!(["51", "49"])
    );
    assert_eq!(under["evidence"][0]["method"], "ARTICLE_EXTRACTOR");
    assert_eq!(under["evidence"][0]["rule"], "issued-under");
    assert!(under["evidence"][0]["confidence"].as_f64().unwrap_or(1.0) < 1.0);
    assert_eq!(under["evidence"][0]["document"]["published"], "2023-07-17");
    assert!(find_relation(
        &rules,
        "COMPLIES_WITH",
        "law:PK:cert-rules-2023",
        "policy:PK:ncsp-2021"
    )
    .is_some());
    assert!(find_relation(
        &rules,
        "RESPONSIBLE_FOR",
        "agency:PK:moitt",
        "law:PK:cert-rules-2023"
    )
    .is_some());
    assert!(find_relation(
        &rules,
        "ESTABLISHES",
        "law:PK:cert-rules-2023",
        "agency:PK:cert-council"
    )
    .is_some());
    let enacted =
        find_relation(&rules, "ENACTED", "country:PK", "law:PK:cert-rules-2023").expect("ENACTED");
    assert_eq!(enacted["since"], "2023-07-17");

    let peca = server.data(r#"{ node(id: "law:PK:peca-2016") { name aliases ... on Law { certKinds } } rules: node(id: "law:PK:cert-rules-2023") { ... on Law { certKinds } } }"#).await;
    assert_eq!(
        peca["node"]["name"],
        "Prevention of Electronic Crime Act 2016"
    );
    assert!(peca["node"]["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == "PECA"));
    assert_eq!(peca["rules"]["certKinds"].as_array().map(Vec::len), Some(6));

    let agencies = server
        .data(r#"{ country(code: "PK") { agencies { id name aliases } } }"#)
        .await;
    let moitt = &agencies["country"]["agencies"][0];
    assert_eq!(moitt["id"], "agency:PK:moitt");
    assert_eq!(moitt["name"], "Ministry of IT and Telecommunication");
}

#[tokio::test]
async fn documents_carry_their_dates_and_background_figures_their_sources() {
    let server = TestServer::start(&seed_data()).await;
    let data = server
        .data("{ documents { id published format title } }")
        .await;
    let docs = data["documents"].as_array().unwrap();
    let published = |id: &str| {
        docs.iter()
            .find(|d| d["id"] == id)
            .map(|d| d["published"].clone())
    };
    assert_eq!(published("doc:itu-cwp-pk-2015"), Some("2015-03-05".into()));
    assert_eq!(published("doc:itu-cwp-tj-2015"), Some("2015-03-09".into()));
    assert_eq!(
        published("doc:nation-2023-07-17-pk-cert-rules"),
        Some("2023-07-17".into())
    );

    let pk = server.data(r#"{ country(code: "PAK") { iso2 iso3 officialName population { value unit asOf source evidence { section excerpt } } internetUsersPercent { value asOf source } } }"#).await;
    let c = &pk["country"];
    assert_eq!(c["iso2"], "PK");
    assert_eq!(c["officialName"], "Islamic Republic of Pakistan");
    assert_eq!(c["population"]["value"], 179_951_000.0);
    assert_eq!(c["population"]["asOf"], "2012-12");
    assert_eq!(
        c["population"]["source"],
        "United Nations Statistics Division"
    );
    assert_eq!(c["internetUsersPercent"]["value"], 10.9);
    assert_eq!(c["internetUsersPercent"]["source"], "ITU Statistics");
    assert_eq!(c["internetUsersPercent"]["asOf"], "2013-12");
}

#[tokio::test]
async fn posture_has_all_21_indicators_with_pillar_scores_and_explicit_absence() {
    let server = TestServer::start(&seed_data()).await;
    let data = server
        .data(r#"{ country(code: "TJ") { posture { score coverage counts { present partial absent unknown known total } indicators { code name pillar status stage asOf entities { id } evidence { section excerpt } } pillars { pillar score present total known unknown coverage } } } }"#)
        .await;
    let posture = &data["country"]["posture"];
    let indicators = posture["indicators"].as_array().unwrap();
    assert_eq!(indicators.len(), 21);
    let by_code = |code: &str| indicators.iter().find(|i| i["code"] == code).unwrap();
    let cirt = by_code("1.2.1");
    assert_eq!(cirt["status"], "ABSENT");
    assert_eq!(cirt["name"], "CIRT");
    assert_eq!(cirt["asOf"], "2015-03-09");
    assert_eq!(
        cirt["evidence"][0]["excerpt"],
        "Tajikistan does not have any officially recognized national CIRT."
    );
    assert_eq!(by_code("1.1.1")["status"], "PRESENT");
    assert_eq!(
        by_code("1.1.1")["entities"][0]["id"],
        "law:TJ:criminal-code"
    );
    assert_eq!(by_code("1.5.1")["status"], "PRESENT");
    assert_eq!(by_code("2.1")["status"], "ABSENT");
    let present = indicators
        .iter()
        .filter(|i| i["status"] == "PRESENT")
        .count();
    assert_eq!(present, 5, "1.1.1, 1.1.2, 1.5.1, 1.5.4, 2.2");
    // "There is no information about any agency responsible for cybersecurity in Tajikistan"
    // and "does not have the exact number of … professionals certified": not known, which is
    // not absence. The score is over the 19 indicators known.
    assert_eq!(by_code("1.3.3")["status"], "UNKNOWN");
    assert_eq!(by_code("1.4.3")["status"], "UNKNOWN");
    assert_eq!(by_code("1.2.1")["stage"], serde_json::Value::Null);
    assert_eq!(
        posture["counts"],
        serde_json::json!({ "present": 5, "partial": 0, "absent": 14, "unknown": 2, "known": 19, "total": 21 })
    );
    assert!((posture["score"].as_f64().unwrap() - 5.0 / 19.0).abs() < 1e-9);
    assert!((posture["coverage"].as_f64().unwrap() - 19.0 / 21.0).abs() < 1e-9);
    let legal = posture["pillars"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["pillar"] == "LEGAL")
        .unwrap();
    assert_eq!(
        (
            legal["present"].as_i64(),
            legal["total"].as_i64(),
            legal["score"].as_f64()
        ),
        (Some(2), Some(2), Some(1.0))
    );
    let organizational = posture["pillars"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["pillar"] == "ORGANIZATIONAL")
        .unwrap();
    assert_eq!(
        (
            organizational["known"].as_i64(),
            organizational["unknown"].as_i64(),
            organizational["coverage"].as_f64()
        ),
        (Some(3), Some(1), Some(0.75))
    );
}

#[tokio::test]
async fn lookups_are_case_insensitive_by_code_name_or_alias_and_unknown_is_null() {
    let server = TestServer::start(&seed_data()).await;
    for (arg, want) in [
        ("code: \"pk\"", "country:PK"),
        ("code: \"PAK\"", "country:PK"),
        ("name: \"ISLAMIC REPUBLIC OF PAKISTAN\"", "country:PK"),
        ("name: \"tajikistan\"", "country:TJ"),
        ("name: \"China\"", "country:CN"),
    ] {
        let data = server.data(&format!("{{ country({arg}) {{ id }} }}")).await;
        assert_eq!(data["country"]["id"], want, "{arg}");
    }
    let data = server.data(r#"{ country(code: "FR") { id } node(id: "cert:XX:nothing") { id } nodes(ids: ["org:sco", "nope"]) { id } }"#).await;
    assert!(data["country"].is_null());
    assert!(data["node"].is_null());
    assert_eq!(
        data["nodes"],
        serde_json::json!([{ "id": "org:sco" }, null])
    );
}

#[tokio::test]
async fn search_ranks_exact_names_first_and_filters_by_kind() {
    let server = TestServer::start(&seed_data()).await;
    let data = server.data(r#"{ search(text: "pakcert") { score matched entity { id kind } } certs: search(text: "cert", kinds: [CERT]) { entity { id kind } } }"#).await;
    let hits = data["search"].as_array().unwrap();
    assert_eq!(hits[0]["entity"]["id"], "cert:PK:pakcert");
    assert_eq!(hits[0]["score"], 1.0);
    assert_eq!(hits[0]["matched"], "PakCERT");
    let certs = data["certs"].as_array().unwrap();
    assert_eq!(certs.len(), 2);
    assert!(certs.iter().all(|h| h["entity"]["kind"] == "CERT"));
    let sco = server
        .data(r#"{ search(text: "Shanghai Cooperation Organisation") { entity { id } matched } }"#)
        .await;
    assert_eq!(sco["search"][0]["entity"]["id"], "org:sco");
}

#[tokio::test]
async fn relations_paginate_relay_style_with_total_count() {
    let server = TestServer::start(&seed_data()).await;
    let page = |after: &str| {
        format!("{{ country(code: \"PK\") {{ relations(first: 5{after}) {{ edges {{ cursor node {{ id }} }} pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} totalCount }} }} }}")
    };
    let first = server.data(&page("")).await;
    let conn = &first["country"]["relations"];
    let total = conn["totalCount"].as_i64().unwrap();
    assert!(total > 10, "{total}");
    assert_eq!(conn["edges"].as_array().unwrap().len(), 5);
    assert_eq!(conn["pageInfo"]["hasNextPage"], true);
    assert_eq!(conn["pageInfo"]["hasPreviousPage"], false);
    let mut seen: Vec<String> = conn["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].as_str().unwrap().to_string())
        .collect();
    let mut cursor = conn["pageInfo"]["endCursor"].as_str().unwrap().to_string();
    loop {
        let next = server.data(&page(&format!(", after: \"{cursor}\""))).await;
        let conn = &next["country"]["relations"];
        assert_eq!(conn["pageInfo"]["hasPreviousPage"], true);
        seen.extend(
            conn["edges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["node"]["id"].as_str().unwrap().to_string()),
        );
        if conn["pageInfo"]["hasNextPage"] == false {
            break;
        }
        cursor = conn["pageInfo"]["endCursor"].as_str().unwrap().to_string();
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), total as usize);
    assert_eq!(seen.len(), total as usize);
}

#[tokio::test]
async fn every_relation_has_evidence_and_stats_count_the_graph() {
    // This walks the whole graph in one query, past the default cost limit.
    let limits = cyberkg::api::Limits {
        complexity: 10_000_000,
        ..cyberkg::api::Limits::default()
    };
    let server = TestServer::start_with(&seed_data(), limits).await;
    let data = server
        .data("{ stats { entities relations documents byKind } entities(kind: COUNTRY) { id } }")
        .await;
    assert_eq!(
        data["stats"]["documents"], 4,
        "3 seed documents and the curated gazetteer"
    );
    assert_eq!(data["stats"]["byKind"]["COUNTRY"], 3);
    assert_eq!(data["entities"].as_array().map(Vec::len), Some(3));
    let total = data["stats"]["relations"].as_i64().unwrap();
    let all = server.data("{ entities(first: 1000) { id relations(direction: OUT, first: 1000) { totalCount edges { node { id evidence { excerpt } } } } } }").await;
    let mut counted = 0;
    for entity in all["entities"].as_array().unwrap() {
        assert!(
            entity["relations"]["totalCount"].as_i64() <= Some(1000),
            "one page holds them all"
        );
        for edge in entity["relations"]["edges"].as_array().unwrap() {
            counted += 1;
            assert!(
                !edge["node"]["evidence"].as_array().unwrap().is_empty(),
                "{edge}"
            );
        }
    }
    assert_eq!(counted, total);
}
