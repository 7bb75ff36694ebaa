//! `depeche index` and `depeche query` on a hand-written corpus: matching,
//! highlights, filters, facets, partial matches, JSON shape, errors.

mod common;

use common::{depeche, fixture, sorted};
use predicates::prelude::*;

fn names(v: &[&str]) -> Vec<String> {
    sorted(v.iter().map(|s| s.to_string()).collect())
}

#[test]
fn every_inflection_matches_and_is_highlighted() {
    let f = fixture();
    let (code, json) = f.query_json(&["bombardement"]);
    assert_eq!(code, 0);
    assert_eq!(json["total"], 4);
    assert_eq!(
        sorted(f.hit_names(&["bombardement"])),
        names(&["alep.txt", "daraa.txt", "deraa.txt", "latin1.txt"])
    );
    // Every highlight is an inflected form of the word, and the offsets
    // count characters (the passages hold é, ’ and «).
    let mut words = Vec::new();
    for hit in json["hits"].as_array().unwrap() {
        for passage in hit["passages"].as_array().unwrap() {
            let chars: Vec<char> = passage["text"].as_str().unwrap().chars().collect();
            for h in passage["highlights"].as_array().unwrap() {
                let (s, e) = (
                    h[0].as_u64().unwrap() as usize,
                    h[1].as_u64().unwrap() as usize,
                );
                words.push(chars[s..e].iter().collect::<String>());
            }
        }
    }
    words.sort();
    words.dedup();
    assert_eq!(words, ["bombardements", "bombardé"]);
}

#[test]
fn elided_words_are_found() {
    let f = fixture();
    assert_eq!(
        sorted(f.hit_names(&["observatoire"])),
        names(&["alep.txt", "deraa.txt"])
    );
}

#[test]
fn accents_and_case_do_not_matter() {
    let f = fixture();
    let (_, json) = f.query_json(&["regime syrien"]);
    assert_eq!(json["total"], 1);
    assert!(json["hits"][0]["path"]
        .as_str()
        .unwrap()
        .ends_with("deraa.txt"));
    assert_eq!(f.hit_names(&["REGIME SYRIEN"])[0], "deraa.txt");
}

#[test]
fn date_filters() {
    let f = fixture();
    assert_eq!(
        sorted(f.hit_names(&["bombardement", "--from", "2019"])),
        names(&["daraa.txt", "latin1.txt"])
    );
    assert_eq!(
        sorted(f.hit_names(&["bombardement", "--to", "2018"])),
        names(&["alep.txt", "deraa.txt"])
    );
    assert_eq!(
        sorted(f.hit_names(&["bombardement", "--from", "2018-08", "--to", "2019-03"])),
        names(&["alep.txt", "daraa.txt"])
    );
    assert_eq!(
        sorted(f.hit_names(&["bombardement", "--from", "2019-03-16", "--to", "2019-11-02"])),
        names(&["latin1.txt"])
    );
}

#[test]
fn region_filters_follow_aliases_and_hierarchy() {
    let f = fixture();
    let deraa = sorted(f.hit_names(&["bombardement", "--region", "Deraa"]));
    assert_eq!(deraa, names(&["daraa.txt", "deraa.txt"]));
    assert_eq!(
        sorted(f.hit_names(&["bombardement", "--region", "Daraa"])),
        deraa
    );
    assert_eq!(
        sorted(f.hit_names(&["bombardement", "--region", "Syrie"])),
        names(&["alep.txt", "daraa.txt", "deraa.txt", "latin1.txt"])
    );
    assert_eq!(
        sorted(f.hit_names(&["bombardement", "--region", "Alep", "--region", "Idlib"])),
        names(&["alep.txt", "latin1.txt"])
    );
}

#[test]
fn source_filters_follow_aliases() {
    let f = fixture();
    let by_acronym = sorted(f.hit_names(&["province OR quartier", "--source", "OSDH"]));
    assert_eq!(
        by_acronym,
        names(&["alep.txt", "daraa.txt", "deraa.txt", "sans-date.txt"])
    );
    let by_name = sorted(f.hit_names(&[
        "province OR quartier",
        "--source",
        "Observatoire syrien des droits de l'Homme",
    ]));
    assert_eq!(by_name, by_acronym);
}

#[test]
fn facet_counts_cover_all_matches() {
    let f = fixture();
    // Only 1 hit shown, but facets count all 4 matches.
    let (_, json) = f.query_json(&["bombardement", "--limit", "1"]);
    assert_eq!(json["hits"].as_array().unwrap().len(), 1);
    let facets = &json["facets"];
    assert_eq!(facets["date"]["2018"], 2);
    assert_eq!(facets["date"]["2019"], 2);
    assert_eq!(facets["date"]["2018-07"], 1);
    assert_eq!(facets["date"]["2019-11"], 1);
    assert_eq!(facets["region"]["Syrie"], 4);
    assert_eq!(facets["region"]["Syrie/Deraa"], 2);
    assert_eq!(facets["region"]["Syrie/Alep"], 1);
    assert_eq!(facets["region"]["Syrie/Idleb"], 1);
    assert_eq!(facets["source"]["OSDH"], 3);
}

#[test]
fn partial_matches_complete_the_list() {
    let f = fixture();
    let (code, json) = f.query_json(&["bombardement Karim"]);
    assert_eq!(code, 0);
    assert_eq!(json["total"], 1);
    assert_eq!(json["total_partial"], 3);
    let hits = json["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 4);
    assert!(hits[0]["path"].as_str().unwrap().ends_with("deraa.txt"));
    assert_eq!(hits[0]["partial"], false);
    assert!(hits[1..].iter().all(|h| h["partial"] == true));
    // With a limit met by full matches, no partial hit is added.
    let (_, json) = f.query_json(&["bombardement Karim", "--limit", "1"]);
    assert_eq!(json["hits"].as_array().unwrap().len(), 1);
}

#[test]
fn phrases_exclusions_and_or() {
    let f = fixture();
    assert_eq!(f.hit_names(&["\"province de Deraa\""]), ["deraa.txt"]);
    assert_eq!(
        sorted(f.hit_names(&["bombardement -Alep"])),
        names(&["daraa.txt", "deraa.txt", "latin1.txt"])
    );
    assert_eq!(
        sorted(f.hit_names(&["Karim OR diplomatiques"])),
        names(&["deraa.txt", "negociations.txt"])
    );
    assert_eq!(f.hit_names(&["title:négociation"]), ["negociations.txt"]);
    assert_eq!(
        sorted(f.hit_names(&["region:Daraa"])),
        names(&["daraa.txt", "deraa.txt"])
    );
}

#[test]
fn the_lead_paragraph_is_searched_as_body_too() {
    let f = fixture();
    // "quartier" is in the lead of alep.txt ("Un quartier d'Alep") and in
    // the second paragraph of deraa.txt ("les quartiers rebelles").
    assert_eq!(
        sorted(f.hit_names(&["body:quartier"])),
        names(&["alep.txt", "deraa.txt"])
    );
    assert_eq!(f.hit_names(&["body:pourparlers"]), ["alep.txt"]);
    // A phrase of a lead.
    assert_eq!(f.hit_names(&["\"ont pilonné la province\""]), ["daraa.txt"]);
    // A lead word ranks its dispatch above one that has it further down.
    assert_eq!(f.hit_names(&["quartier"]), ["alep.txt", "deraa.txt"]);
}

#[test]
fn json_has_the_documented_shape() {
    let f = fixture();
    let (_, json) = f.query_json(&["bombardements Deraa"]);
    assert_eq!(json["query"], "bombardements Deraa");
    assert!(json["total"].is_u64());
    let hit = &json["hits"][0];
    assert_eq!(hit["rank"], 1);
    assert!(hit["score"].is_f64());
    assert!(hit["path"].as_str().unwrap().ends_with("2018/deraa.txt"));
    assert_eq!(hit["date"], "2018-07-05");
    assert!(hit["title"]
        .as_str()
        .unwrap()
        .starts_with("Le régime syrien a intensifié"));
    assert_eq!(hit["partial"], false);
    assert_eq!(hit["regions"], serde_json::json!(["Syrie/Deraa"]));
    assert!(hit["sources"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!("OSDH")));
    let passage = &hit["passages"][0];
    assert!(passage["paragraph"].is_u64());
    assert!(passage["text"].is_string());
    assert!(passage["highlights"][0].as_array().unwrap().len() == 2);
    for key in ["date", "region", "source"] {
        assert!(json["facets"][key].is_object(), "{key}");
    }
    // A title header is the title; the month-precision date stays a month.
    let (_, json) = f.query_json(&["négociations"]);
    assert_eq!(json["hits"][0]["title"], "Reprise des négociations");
    assert_eq!(json["hits"][0]["date"], "2020-01");
    // The undated dispatch has a null date.
    let (_, json) = f.query_json(&["aériennes"]);
    assert!(json["hits"][0]["date"].is_null());
}

#[test]
fn malformed_query_is_exit_2_with_the_column() {
    let f = fixture();
    depeche()
        .args(["query", "frappes \"province de"])
        .arg("--index")
        .arg(&f.index)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("column 9").and(predicate::str::contains("never closed")));
    depeche()
        .args(["query", "frappes", "--from", "2018-14"])
        .arg("--index")
        .arg(&f.index)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--from").and(predicate::str::contains("month 14")));
    depeche()
        .args(["query", "le la de"])
        .arg("--index")
        .arg(&f.index)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("stop words"));
}

#[test]
fn no_match_is_exit_1() {
    let f = fixture();
    let (code, json) = f.query_json(&["zeppelin"]);
    assert_eq!(code, 1);
    assert_eq!(json["total"], 0);
    assert_eq!(json["hits"].as_array().unwrap().len(), 0);
}

#[test]
fn missing_index_is_exit_5() {
    let dir = tempfile::tempdir().unwrap();
    depeche()
        .args(["query", "frappes", "--index"])
        .arg(dir.path().join("nothing"))
        .assert()
        .code(5)
        .stderr(
            predicate::str::contains("no depeche index")
                .and(predicate::str::contains("depeche index")),
        );
}

#[test]
fn human_output_is_plain_when_piped_and_coloured_on_demand() {
    let f = fixture();
    let plain = depeche()
        .args(["query", "bombardement", "--index"])
        .arg(&f.index)
        .output()
        .unwrap();
    let text = String::from_utf8(plain.stdout).unwrap();
    assert!(!text.contains('\x1b'));
    assert!(text.contains("bombardements"));
    assert!(text.contains("Syrie/Deraa (2)"), "{text}");
    let coloured = depeche()
        .args(["query", "bombardement", "--color", "always", "--index"])
        .arg(&f.index)
        .output()
        .unwrap();
    let text = String::from_utf8(coloured.stdout).unwrap();
    assert!(text.contains("\x1b[1;31mbombardements\x1b[0m"), "{text}");
}

#[test]
fn broken_pipe_exits_quietly() {
    let f = fixture();
    // The reading end is closed before depeche writes: every write fails
    // with EPIPE, which must end the process quietly with status 0.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("depeche"))
        .args(["query", "bombardement", "--index"])
        .arg(&f.index)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_dispatch_counts_once_for_a_shared_ancestor() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c");
    common::write(
        &corpus.join("deux.txt"),
        "date 2019-04-02 De nouvelles frappes ont touché la province de Deraa et la province d'Alep, selon l'OSDH.".as_bytes(),
    );
    common::write(
        &corpus.join("une.txt"),
        "date 2019-04-03 De nouvelles frappes ont touché la province d'Idleb, selon l'OSDH."
            .as_bytes(),
    );
    let index = dir.path().join("i");
    depeche()
        .arg("index")
        .arg(&corpus)
        .arg("--index")
        .arg(&index)
        .assert()
        .success();
    let out = depeche()
        .args(["query", "frappes", "--json", "--index"])
        .arg(&index)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let regions = &json["facets"]["region"];
    assert_eq!(regions["Syrie"], 2, "{regions}");
    assert_eq!(regions["Syrie/Deraa"], 1);
    assert_eq!(regions["Syrie/Alep"], 1);
    assert_eq!(regions["Syrie/Idleb"], 1);
    assert_eq!(json["facets"]["date"]["2019"], 2);
    assert_eq!(json["facets"]["date"]["2019-04"], 2);
}

#[test]
fn a_source_is_one_value_whatever_its_apostrophe() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c");
    common::write(
        &corpus.join("courbe.txt"),
        "date 2024-09-02 Les récoltes de riz sont perdues, selon le ministère philippin de l’Agriculture."
            .as_bytes(),
    );
    common::write(
        &corpus.join("droite.txt"),
        "date 2024-09-03 Les récoltes de maïs sont perdues, selon le ministère philippin de l'Agriculture."
            .as_bytes(),
    );
    let index = dir.path().join("i");
    depeche()
        .arg("index")
        .arg(&corpus)
        .arg("--index")
        .arg(&index)
        .assert()
        .success();
    let name = "ministère philippin de l'Agriculture";
    let out = depeche()
        .args(["query", "récoltes", "--json", "--index"])
        .arg(&index)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sources = &json["facets"]["source"];
    assert_eq!(sources[name], 2, "{sources}");
    // Either apostrophe in the filter finds both.
    for filter in [name, "ministère philippin de l’Agriculture"] {
        let out = depeche()
            .args(["query", "récoltes", "--json", "--source", filter, "--index"])
            .arg(&index)
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            json["hits"].as_array().map(Vec::len),
            Some(2),
            "{filter}: {json}"
        );
    }
}
