//! Property tests: arbitrary input to every reader of outside text never panics. The
//! normaliser keeps every character it is given; the extractors read mangled seed documents;
//! the manifest reader, the query parameters and the form decoder take any bytes; a query of
//! any text is refused or parsed without overflowing a stack. Each property runs 64 cases by
//! default (`PROPTEST_CASES` to change), so that the suite stays quick.

use ctockg::corpus::{self, Manifest};
use ctockg::extract;
use ctockg::gazetteer::Gazetteer;
use proptest::prelude::*;
use std::sync::OnceLock;

use crate::common::{repo, scratch};

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(64),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// The lines of the 2009 report, the longest seed document.
fn seed_lines() -> &'static [String] {
    static LINES: OnceLock<Vec<String>> = OnceLock::new();
    LINES.get_or_init(|| {
        std::fs::read_to_string(repo().join("data/documents/wg4-2009-report.zh.txt"))
            .expect("the 2009 report")
            .lines()
            .map(str::to_owned)
            .collect()
    })
}

fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER.get_or_init(|| {
        Gazetteer::load(&repo().join("data"), &repo().join("ontology")).expect("gazetteer")
    })
}

/// A line as documents have them: numbered, a list item, Chinese or Latin text, a symbol, a
/// date, blank.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        (1u32..2000, "[\\p{Han}，。、]{0,40}").prop_map(|(n, t)| format!("{n}. {t}")),
        "[\\p{Han}，。、：]{1,60}",
        "[A-Za-z ,.:;()/0-9-]{1,60}",
        (1u32..30).prop_map(|n| format!("{n}.")),
        Just(String::new()),
        Just("CTOC/COP/WG.7/2020/3".to_owned()),
        Just("2020 年 9 月 8 日".to_owned()),
        Just("第 5/3 号决议".to_owned()),
    ]
}

/// The seed's lines cut, repeated and shuffled, with arbitrary lines among them.
fn mangled_document() -> impl Strategy<Value = String> {
    let seed = seed_lines().len();
    prop::collection::vec(
        prop_oneof![
            3 => (0..seed, 1usize..40).prop_map(|(start, n)| {
                let lines = seed_lines();
                lines[start..(start + n).min(lines.len())].join("\n")
            }),
            1 => line(),
        ],
        1..30,
    )
    .prop_map(|parts| parts.join("\n"))
}

fn non_whitespace(text: &str) -> Vec<char> {
    let mut chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    chars.sort_unstable();
    chars
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_normaliser_keeps_every_character(lines in prop::collection::vec(line(), 0..80)) {
        let text = lines.join("\n");
        let kept: String = corpus::normalise(&text)
            .blocks
            .iter()
            .map(|b| {
                let number = b.number.as_deref().map_or(String::new(), |n| format!("{n}. "));
                format!("{number}{}", b.text)
            })
            .collect::<Vec<_>>()
            .join("\n");
        prop_assert_eq!(non_whitespace(&kept), non_whitespace(&text));
    }

    #[test]
    fn the_extractors_read_mangled_documents(text in mangled_document()) {
        let (_, entries) = corpus::discover(&repo().join("data")).expect("corpus");
        let entry = entries
            .iter()
            .find(|d| d.file.contains("wg4-2009"))
            .expect("the 2009 report's entry");
        // a refusal (no numbered paragraph, say) is an answer; a panic is not
        if let Ok(document) = corpus::document_from_bytes(&repo().join("data"), entry, text.as_bytes()) {
            let _ = extract::extract_document(&document, gazetteer());
        }
    }

    #[test]
    fn any_bytes_decode_or_are_refused(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = corpus::decode(&bytes, std::path::Path::new("arbitrary.txt"));
    }

    #[test]
    fn any_manifest_loads_or_is_refused(text in "(\\[\\[document\\]\\]\\n|[a-z_]{1,8} = \"[^\"\\n]{0,20}\"\\n|[^\\n]{0,30}\\n){0,12}") {
        static DIR: OnceLock<std::path::PathBuf> = OnceLock::new();
        let dir = DIR.get_or_init(|| scratch("manifest-properties"));
        std::fs::write(dir.join("manifest.toml"), &text).expect("write");
        if let Err(error) = Manifest::load(dir) {
            prop_assert!(error.to_string().contains("manifest.toml"), "{error}");
        }
    }

    #[test]
    fn form_parameters_round_trip_and_bad_bytes_are_refused(
        pairs in prop::collection::vec(("[^\\u{0}]{0,12}", "[^\\u{0}]{0,24}"), 0..6),
        noise in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        let encoded: Vec<String> = pairs
            .iter()
            .filter(|(name, _)| !name.is_empty())
            .map(|(name, value)| {
                let name: String = form_urlencoded::byte_serialize(name.as_bytes()).collect();
                let value: String = form_urlencoded::byte_serialize(value.as_bytes()).collect();
                format!("{name}={value}")
            })
            .collect();
        let decoded = ctockg::server::sparql::form_pairs(encoded.join("&").as_bytes())
            .expect("UTF-8 pairs decode");
        let expected: Vec<(String, String)> =
            pairs.into_iter().filter(|(name, _)| !name.is_empty()).collect();
        prop_assert_eq!(decoded, expected);
        // any bytes: decoded or refused
        let _ = ctockg::server::sparql::form_pairs(&noise);
    }

    #[test]
    fn query_parameters_bind_or_are_refused(given in prop::collection::vec("[a-z]{1,8}=[^\\n]{0,40}", 0..4)) {
        for query in ctockg::queries::list(&repo().join("queries")).expect("queries") {
            let declared = ctockg::queries::parameters(&query.text).expect("declared");
            let _ = ctockg::queries::bind(&declared, &given);
        }
    }

    #[test]
    fn any_query_text_is_parsed_or_refused_without_overflow(text in "[{}()\\[\\]<> ?a-z.;|/*+!^\"'#\\n]{0,4000}") {
        // on the stack a server thread has
        let outcome = std::thread::Builder::new()
            .stack_size(ctockg::server::THREAD_STACK)
            .spawn(move || ctockg::server::sparql::parse_query(&text).is_ok())
            .expect("thread")
            .join();
        prop_assert!(outcome.is_ok());
    }
}
