//! `cyberkg serve --data DIR` on a plain folder of real profile texts (no side-cars, no
//! curated folder): the whole corpus served through the API.

mod common;

use common::{shared, TestServer};

#[tokio::test]
async fn the_real_corpus_is_served_from_a_plain_folder() {
    let server = TestServer::start(&shared("corpus/profiles")).await;
    let data = server
        .data(r#"{
          stats { documents byKind }
          estonia: country(code: "EE") { posture { indicators { code status } } certs { id } }
          impact: node(id: "org:itu-impact") { relations(direction: IN, kinds: [MEMBER_OF], first: 1000) { totalCount } }
          korea: country(name: "Korea (Rep. of)") { id certs { name } }
        }"#)
        .await;
    assert!(
        data["stats"]["documents"].as_i64().unwrap_or(0) >= 193,
        "{}",
        data["stats"]
    );
    assert!(data["stats"]["byKind"]["COUNTRY"].as_i64().unwrap_or(0) >= 191);
    let estonia = data["estonia"]["posture"]["indicators"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let agency = estonia
        .iter()
        .find(|i| i["code"] == "1.3.3")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        agency["status"], "UNKNOWN",
        "Estonia's profile has no section 1.3.3"
    );
    assert!(
        data["impact"]["relations"]["totalCount"]
            .as_i64()
            .unwrap_or(0)
            > 100,
        "{}",
        data["impact"]
    );
    assert_eq!(data["korea"]["id"], "country:KR");
}
