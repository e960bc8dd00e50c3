//! Property tests: no input makes the profile parser, the article extractor, the date parser
//! or the query guard panic. CI runs the default number of cases; run longer locally with
//! `PROPTEST_CASES=100000 cargo test --release --test fuzz`.

use cyberkg::ingest::{self, DocumentMeta, Gazetteer};
use cyberkg::model::PartialDate;
use proptest::prelude::*;

fn gazetteer() -> &'static Gazetteer {
    static G: std::sync::OnceLock<Option<Gazetteer>> = std::sync::OnceLock::new();
    G.get_or_init(|| Gazetteer::built_in().ok())
        .as_ref()
        .unwrap_or_else(|| panic!("built-in gazetteer"))
}

/// Lines that look like profile furniture, so random documents reach deep into the parser.
fn profile_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("CYBERWELLNESS PROFILE".to_string()),
        Just("ISLAMIC REPUBLIC OF PAKISTAN".to_string()),
        Just("BACKGROUND".to_string()),
        Just(
            "Total Population: 179 951 000 Internet users, percentage of population: 10.90%"
                .to_string()
        ),
        Just("(data source: [ITU Statistics](#), December 2013)".to_string()),
        "(1|2)(\\.[1-5]){0,2} [A-Z &]{0,30}",
        "-\\s?[\\[\\]()#A-Za-z0-9 .,'’-]{0,60}",
        "[A-Za-z][A-Za-z ,.()'’\\[\\]#-]{0,120}",
        Just("Last updated on 31st February 2015".to_string()),
        any::<String>(),
    ]
}

proptest! {
    #[test]
    fn profiles_never_panic(lines in proptest::collection::vec(profile_line(), 0..60)) {
        let text = lines.join("\n");
        let _ = ingest::ingest_bytes(text.as_bytes(), "fuzz.txt", &DocumentMeta::default(), gazetteer());
    }

    #[test]
    fn raw_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = ingest::ingest_bytes(&bytes, "fuzz.bin", &DocumentMeta::default(), gazetteer());
    }

    #[test]
    fn articles_never_panic(sentences in proptest::collection::vec("[A-Z][A-Za-z0-9 ,()'’–-]{0,80}[.]", 0..30)) {
        let text = sentences.join(" ");
        let meta = DocumentMeta { format: Some(cyberkg::model::DocumentFormat::Article), ..DocumentMeta::default() };
        let _ = ingest::ingest_bytes(text.as_bytes(), "fuzz.md", &meta, gazetteer());
    }

    #[test]
    fn dates_never_panic_and_round_trip(text in "\\PC{0,20}", y in 1000i32..9999, m in 1u8..=12, d in 1u8..=31) {
        let _ = text.parse::<PartialDate>();
        let _ = PartialDate::find_in_prose(&text);
        if let Ok(date) = PartialDate::new(y, Some(m), Some(d)) {
            prop_assert_eq!(date.to_string().parse::<PartialDate>().ok(), Some(date));
        }
    }
}
