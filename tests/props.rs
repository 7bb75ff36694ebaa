//! Property tests: no input makes the ingest path (decode, parse, build a
//! document) or the whole query path (parse, plan, search, passages, facets
//! over a real index) panic.

use std::path::PathBuf;
use std::sync::OnceLock;

use depeche::config::Config;
use depeche::extract::Extractor;
use depeche::index::{run_index, IndexOptions, OpenIndex};
use depeche::ingest;
use depeche::search::{self, SearchRequest, SortOrder};
use proptest::prelude::*;

struct Fixture {
    _dir: tempfile::TempDir,
    index: OpenIndex,
    extractor: Extractor,
}

/// A small real index, built once for all cases.
fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temporary folder");
        let docs = dir.path().join("docs");
        std::fs::create_dir(&docs).expect("folder");
        let texts = [
            "date 2018-07-06\ntitle: Deraa\n\nLes rebelles de Bosra al-Cham ont accepté, selon l'OSDH.\n\n- \"Intertitre\" -\n\nL'accord prévoit l'évacuation. M. Dupont est venu.",
            "date 2019-03 Les frappes aériennes sur Idleb ont tué 12 civils, a indiqué l'ONU.",
            "Pas de date. Alep, Damas et Homs aujourd'hui.",
            "date 2016-02-29 Œuvre « bombardée » à Kyiv… Fin!",
        ];
        for (i, text) in texts.iter().enumerate() {
            std::fs::write(docs.join(format!("{i}.txt")), text).expect("file");
        }
        let index_dir = dir.path().join("index");
        run_index(&IndexOptions {
            roots: vec![docs],
            index_dir: index_dir.clone(),
            config: None,
            rebuild: false,
            follow: false,
            strict: true,
            progress: false,
            commit_every: None,
        })
        .expect("index");
        let index = OpenIndex::open(&index_dir).expect("open");
        let extractor = Extractor::from_config(&index.config).expect("extractor");
        Fixture {
            _dir: dir,
            index,
            extractor,
        }
    })
}

fn query_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,40}",
        "[a-zéèà\"«»“” :()*\\-]{0,30}( OR [a-z\"]{0,8})?",
        "(title|body|region|source|date|auteur):[A-Za-z0-9\\-/\"]{0,12}( [a-z]{1,8})?",
        proptest::collection::vec(any::<char>(), 0..30).prop_map(|c| c.into_iter().collect()),
    ]
}

fn period() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(prop_oneof!["[0-9]{0,4}(-[0-9]{0,3}){0,3}", "\\PC{0,10}"])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    /// Any bytes: decode either refuses them with a reason or gives text
    /// that parses into a dispatch whose document can be built.
    #[test]
    fn any_bytes_decode_parse_and_build(bytes in proptest::collection::vec(any::<u8>(), 0..2048), dated in any::<bool>()) {
        let mut input = if dated { b"date 2018-07 ".to_vec() } else { Vec::new() };
        input.extend_from_slice(&bytes);
        if let Ok((text, _)) = ingest::decode(&input) {
            let dispatch = ingest::parse(&text);
            prop_assert!(dispatch.date.is_some() || dispatch.date_problem.is_some());
            let fx = fixture();
            let file = ingest::FileCandidate {
                path: PathBuf::from("x.txt"),
                key: "/x.txt".to_string(),
                size: input.len() as u64,
                mtime_ns: 0,
            };
            let config = Config::default();
            let context = depeche::index::writer::DocumentContext {
                fields: &fx.index.fields,
                settings: &config.facets,
                analyzer: &fx.index.analyzer,
                extractor: Some(&fx.extractor),
            };
            let _ = depeche::index::writer::build_document(&context, &file, 0, &dispatch, &mut String::new());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    /// Any query and filter values through the whole query path: a result
    /// or an error, never a panic.
    #[test]
    fn any_query_through_the_whole_path(
        query in query_text(),
        from in period(),
        to in period(),
        region in proptest::option::of("\\PC{0,12}"),
        by_date in any::<bool>(),
    ) {
        let fx = fixture();
        let request = SearchRequest {
            query,
            from,
            to,
            regions: region.into_iter().collect(),
            sources: Vec::new(),
            sort: if by_date { SortOrder::Date } else { SortOrder::Relevance },
            limit: 5,
            passages: Default::default(),
        };
        if let Ok(result) = search::search(&fx.index, &request) {
            for hit in &result.hits {
                for passage in &hit.passages {
                    let n = passage.text.chars().count();
                    for [s, e] in &passage.highlights {
                        prop_assert!(s < e && *e <= n);
                    }
                }
            }
        }
        let _ = search::facet_counts(&fx.index, &request);
    }
}
