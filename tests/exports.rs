//! Every export format read by the tool its users read it with: networkx for GraphML and
//! GEXF, Graphviz `dot` for DOT, rdflib for N-Triples and JSON-LD, graphology for the D3 /
//! graphology JSON (Cytoscape JSON goes through `cy.add` in the explorer's browser test).
//!
//! Needs `pip install -r tests/consumers/requirements.txt`, Debian's `graphviz` and
//! `npm ci --prefix tests/browser` (`.ci/run` installs them). Without them a check is skipped
//! with a notice, except under `CI=true`, where it fails.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::writes::copy_of_seed;
use common::{seed_data, TestServer};
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs a consumer; `None` (with a notice) when the tool is missing outside CI.
fn consume(program: &str, args: &[&str]) -> Option<String> {
    let output = match Command::new(program)
        .args(args)
        .current_dir(root())
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            assert!(
                std::env::var("CI").is_err(),
                "{program} is needed in CI: {e}"
            );
            eprintln!("SKIPPED: {program} not available ({e})");
            return None;
        }
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success()
        && (stderr.contains("No module named") || stderr.contains("Cannot find package"))
    {
        assert!(
            std::env::var("CI").is_err(),
            "{program} prerequisites missing in CI: {stderr}"
        );
        eprintln!("SKIPPED: {program} prerequisites missing: {stderr}");
        return None;
    }
    assert!(
        output.status.success(),
        "{program} {args:?} failed:\n{stderr}"
    );
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[expect(
    clippy::expect_used,
    reason = "a broken test set-up must fail the test loudly"
)]
async fn download(server: &TestServer, path: &str) -> (String, PathBuf) {
    let response = server
        .client
        .get(format!("{}{path}", server.base))
        .send()
        .await
        .expect("download");
    assert_eq!(response.status(), 200, "{path}");
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap_or("")
        .to_string();
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "*",
        "{path}: CORS"
    );
    let body = response.text().await.expect("body");
    let name = path
        .trim_start_matches("/export/")
        .split('?')
        .next()
        .unwrap_or("export")
        .to_string();
    let file =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{}-{name}", std::process::id()));
    std::fs::write(&file, &body).expect("write export");
    (content_type, file)
}

async fn neighbourhood_size(server: &TestServer) -> (usize, usize) {
    let data = server
        .data(r#"{ neighborhood(id: "country:TJ") { nodes { id } relations { id } } }"#)
        .await;
    let count = |k: &str| {
        data["neighborhood"][k]
            .as_array()
            .map(Vec::len)
            .unwrap_or(0)
    };
    (count("nodes"), count("relations"))
}

#[tokio::test]
async fn graphml_and_gexf_load_in_networkx_with_attributes() {
    let server = TestServer::start(&seed_data()).await;
    let (nodes, relations) = neighbourhood_size(&server).await;
    for (ext, mime) in [
        ("graphml", "application/graphml+xml"),
        ("gexf", "application/gexf+xml"),
    ] {
        let (content_type, file) = download(
            &server,
            &format!("/export/neighborhood.{ext}?id=country:TJ&depth=1"),
        )
        .await;
        assert_eq!(content_type, mime);
        let Some(out) = consume(
            "python3",
            &[
                "tests/consumers/check_export.py",
                ext,
                &file.to_string_lossy(),
            ],
        ) else {
            return;
        };
        let read: Value = serde_json::from_str(&out).expect("report");
        assert_eq!(
            (read["nodes"].as_u64(), read["edges"].as_u64()),
            (Some(nodes as u64), Some(relations as u64)),
            "{ext}: {read}"
        );
        assert_eq!(read["directed"], true);
        assert_eq!(read["node"]["label"], "Tajikistan", "{ext}");
        assert_eq!(read["node"]["kind"], "COUNTRY", "{ext}");
        assert_eq!(read["edge"]["relation"], "COOPERATES_WITH", "{ext}");
        assert_eq!(read["edge"]["sections"], "1.5.1", "{ext}");
        assert_eq!(read["edge"]["firstReported"], "2015-03-09", "{ext}");
    }
}

#[tokio::test]
async fn ntriples_and_jsonld_load_in_rdflib_with_the_same_triples() {
    let server = TestServer::start(&seed_data()).await;
    let mut counts = Vec::new();
    for (ext, mime) in [
        ("nt", "application/n-triples"),
        ("jsonld", "application/ld+json"),
    ] {
        let (content_type, file) = download(&server, &format!("/export/graph.{ext}")).await;
        assert_eq!(content_type, mime);
        let Some(out) = consume(
            "python3",
            &[
                "tests/consumers/check_export.py",
                ext,
                &file.to_string_lossy(),
            ],
        ) else {
            return;
        };
        let read: Value = serde_json::from_str(&out).expect("report");
        assert_eq!(
            read["labels"]["urn:cyberkg:cert:PK:pakcert"], "PakCERT",
            "{ext}"
        );
        assert_eq!(
            read["cooperates"],
            serde_json::json!([["urn:cyberkg:country:TJ", "urn:cyberkg:country:CN"]]),
            "{ext}"
        );
        counts.push(read["triples"].as_u64().unwrap_or(0));
    }
    assert!(counts[0] > 500 && counts[0] == counts[1], "{counts:?}");
}

#[tokio::test]
async fn dot_renders_in_graphviz() {
    let server = TestServer::start(&seed_data()).await;
    let (content_type, file) =
        download(&server, "/export/neighborhood.dot?id=country:PK&depth=2").await;
    assert!(content_type.starts_with("text/vnd.graphviz"));
    let Some(svg) = consume("dot", &["-Tsvg", &file.to_string_lossy()]) else {
        return;
    };
    assert!(
        svg.contains("<svg") && svg.contains("PakCERT") && svg.contains("HAS_CERT"),
        "{}",
        &svg[..svg.len().min(500)]
    );
}

#[tokio::test]
async fn d3_json_imports_into_graphology() {
    let server = TestServer::start(&seed_data()).await;
    let data = server.data("{ stats { entities relations } }").await;
    let (_, file) = download(&server, "/export/graph.d3.json").await;
    let script = root().join("tests/browser/graphology-check.mjs");
    let Some(out) = consume(
        "node",
        &[&script.to_string_lossy(), &file.to_string_lossy()],
    ) else {
        return;
    };
    let read: Value = serde_json::from_str(out.trim()).expect("report");
    assert_eq!(read["nodes"], data["stats"]["entities"]);
    assert_eq!(read["edges"], data["stats"]["relations"]);
    assert_eq!(read["d3Links"], data["stats"]["relations"]);
    assert_eq!(read["tajikistan"]["kind"], "COUNTRY");
}

#[tokio::test]
async fn export_field_matches_the_http_download_and_bad_requests_are_explained() {
    let server = TestServer::start(&seed_data()).await;
    let data = server
        .data(r#"{ neighborhood(id: "country:TJ") { export(format: CYTOSCAPE_JSON) } }"#)
        .await;
    let from_field: Value =
        serde_json::from_str(data["neighborhood"]["export"].as_str().unwrap_or("")).expect("json");
    let (_, file) = download(&server, "/export/neighborhood.cyjs.json?id=country:TJ").await;
    let from_http: Value =
        serde_json::from_str(&std::fs::read_to_string(file).expect("read")).expect("json");
    assert_eq!(from_field, from_http);
    let edges = from_field["elements"]["edges"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let coop = edges
        .iter()
        .find(|e| e["data"]["kind"] == "COOPERATES_WITH")
        .expect("edge");
    assert_eq!(coop["data"]["source"], "country:TJ");
    for (path, status, says) in [
        ("/export/neighborhood.gexf", 400, "'id'"),
        ("/export/neighborhood.gexf?id=nope", 404, "nope"),
        (
            "/export/neighborhood.gexf?id=country:TJ&depth=9",
            400,
            "'depth'",
        ),
        ("/export/graph.xlsx", 404, "graph.gexf"),
        ("/export/graph.nt?asOf=2015-13", 400, "asOf"),
        ("/export/graph.nt?kinds=OWNS", 400, "OWNS"),
    ] {
        let response = server
            .client
            .get(format!("{}{path}", server.base))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status().as_u16(), status, "{path}");
        let text = response.text().await.unwrap_or_default();
        assert!(text.contains(says), "{path}: {text}");
    }
}

/// Whether XML 1.0 allows `c` in a document at all (its `Char` production).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[tokio::test]
async fn a_title_holding_control_characters_still_exports_readable_files() {
    let dir = copy_of_seed("export-controls");
    std::fs::write(
        dir.join("documents/bell.txt"),
        "Tajikistan adopted the National Strategy on Information Security (NSIS), 2018.",
    )
    .expect("document");
    // A hand-placed side-car: the API refuses such a title, the data directory may hold one.
    std::fs::write(
        dir.join("documents/bell.txt.meta.json"),
        r#"{ "title": "Bell\u0007 and NUL\u0000 in a title", "country": "TJ", "published": "2018" }"#,
    )
    .expect("side-car");
    let server = TestServer::start(&dir).await;
    for ext in ["graphml", "gexf"] {
        let (_, file) = download(&server, &format!("/export/graph.{ext}")).await;
        let xml = std::fs::read_to_string(&file).expect("export");
        assert!(
            xml.contains("Bell and NUL in a title"),
            "{ext}: the title is kept"
        );
        let bad: Vec<char> = xml.chars().filter(|c| !xml_char(*c)).collect();
        assert!(
            bad.is_empty(),
            "{ext} holds characters XML forbids: {bad:?}"
        );
        let mut reader = quick_xml::Reader::from_str(&xml);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{ext} does not parse at {}: {e}", reader.buffer_position()),
            }
        }
        if let Some(out) = consume(
            "python3",
            &[
                "tests/consumers/check_export.py",
                ext,
                &file.to_string_lossy(),
            ],
        ) {
            let read: Value = serde_json::from_str(&out).expect("report");
            assert!(read["nodes"].as_u64().unwrap_or(0) > 0, "{ext}: {read}");
        }
    }
    let (_, file) = download(&server, "/export/graph.dot").await;
    let dot = std::fs::read_to_string(&file).expect("export");
    assert!(
        dot.contains("\"Bell and NUL in a title\""),
        "DOT keeps the title"
    );
    assert!(
        !dot.chars().any(|c| c.is_control() && c != '\n'),
        "DOT holds control characters"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
