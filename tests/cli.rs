//! The `cyberkg` command as a user runs it.

mod common;

use std::process::Command;

#[expect(
    clippy::expect_used,
    reason = "a broken test set-up must fail the test loudly"
)]
fn cyberkg(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cyberkg"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cyberkg");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn ingest_prints_entities_relations_evidence_and_indicators() {
    let (ok, out, err) = cyberkg(&["ingest", "data/documents/003_6c043799d45a240a.txt"]);
    assert!(ok, "{err}");
    assert!(out.contains("doc:itu-cwp-tj-2015"), "{out}");
    assert!(
        out.contains(
            "COOPERATES_WITH:country:TJ->country:CN {\"instrument\":\"joint declaration\"}"
        ),
        "{out}"
    );
    assert!(
        out.contains("§1.5.1 \"China and Tajikistan, in a joint declaration"),
        "{out}"
    );
    assert!(out.contains("1.2.1  Absent 2015-03-09"), "{out}");
    assert!(out.contains("unparsed lines: none"), "{out}");
    let (ok, json, _) = cyberkg(&[
        "ingest",
        "--json",
        "data/documents/002_aa267144ec28c24c.txt",
    ]);
    assert!(ok);
    let parsed: serde_json::Value = serde_json::from_str(&json).expect("json output");
    assert_eq!(parsed[0]["document"]["published"], "2023-07-17");
}

#[test]
fn ingest_refuses_a_malformed_document_with_file_and_line() {
    let dir = std::env::temp_dir().join(format!("cyberkg-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("bad.txt");
    std::fs::write(&file, "\nCYBERWELLNESS PROFILE\nEMPIRE OF NOWHERE\n").expect("write");
    let (ok, _, err) = cyberkg(&["ingest", file.to_str().unwrap_or_default()]);
    assert!(!ok);
    assert!(
        err.contains("bad.txt:3: cannot resolve the country 'EMPIRE OF NOWHERE'"),
        "{err}"
    );
    let (ok, _, err) = cyberkg(&["ingest", "no/such/file.txt"]);
    assert!(
        !ok && err.contains("no/such/file.txt: cannot read"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn schema_and_check_commands() {
    let (ok, sdl, _) = cyberkg(&["schema"]);
    assert!(ok);
    assert_eq!(sdl, cyberkg::api::sdl());
    let (ok, out, err) = cyberkg(&["check", "--data", "data"]);
    assert!(ok, "{err}");
    assert!(out.contains("4 documents"), "{out}");
    let (ok, _, _) = cyberkg(&["check", "--data", "no/such/dir"]);
    assert!(!ok);
}

#[test]
fn gen_writes_profiles_that_all_load_including_fictional_states() {
    let dir = std::env::temp_dir().join(format!("cyberkg-gen-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = dir.to_string_lossy().to_string();
    let (ok, said, err) = cyberkg(&["gen", "--countries", "260", "--out", &out]);
    assert!(ok && said.contains("wrote 260 profiles"), "{said}{err}");
    let (ok, said, err) = cyberkg(&["check", "--data", &out]);
    assert!(ok, "{err}");
    assert!(
        said.contains("261 documents"),
        "260 profiles and the gazetteer: {said}"
    );
    let fictional = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().contains("-x0"))
                .count()
        })
        .unwrap_or(0);
    assert!(fictional >= 20, "{fictional} files of fictional states");
    let _ = std::fs::remove_dir_all(&dir);
}
