//! `depeche index`: every file indexed or reported, the summary, re-runs,
//! stale indexes, and the auxiliary commands.

mod common;

use common::{depeche, fixture, write};
use predicates::prelude::*;
use serde_json::Value;

#[test]
fn every_problem_file_is_reported_and_the_rest_indexed() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("i");
    let out = depeche()
        .arg("index")
        .arg(&f.corpus)
        .arg("--index")
        .arg(&index)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "some files are skipped");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("skipped") && stderr.contains("vide.txt: empty file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("scan.bin: binary file (NUL byte at offset 8)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("transcoded") && stderr.contains("latin1.txt from windows-1252"),
        "{stderr}"
    );
    assert!(
        stderr.contains("no date in") && stderr.contains("sans-date.txt"),
        "{stderr}"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    // 8 files: 6 indexed, 2 skipped.
    assert!(stdout.contains("files seen             8"), "{stdout}");
    assert!(stdout.contains("added                  6"), "{stdout}");
    assert!(
        stdout.contains("skipped                2  (binary 1, empty 1)"),
        "{stdout}"
    );
}

#[test]
fn json_summary_and_incremental_rerun() {
    let f = fixture();
    let run = |extra: &[&str]| -> (i32, Value) {
        let out = depeche()
            .arg("index")
            .arg(&f.corpus)
            .arg("--index")
            .arg(&f.index)
            .arg("--json")
            .args(extra)
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            serde_json::from_slice(&out.stdout).unwrap(),
        )
    };
    // Nothing changed since the fixture's run.
    let (code, report) = run(&[]);
    assert_eq!(code, 3);
    assert_eq!(report["added"], 0);
    assert_eq!(report["unchanged"], 6);
    assert_eq!(report["total_dispatches"], 6);
    assert_eq!(report["skipped"].as_array().unwrap().len(), 2);
    // One new file, one changed, one deleted.
    write(
        &f.corpus.join("2021/nouveau.txt"),
        "date 2021-05 Un nouveau texte sur Alep.".as_bytes(),
    );
    write(
        &f.corpus.join("2018/alep.txt"),
        "date 2018-08-12 Texte corrigé sur Alep.".as_bytes(),
    );
    std::fs::remove_file(f.corpus.join("2019/daraa.txt")).unwrap();
    let (_, report) = run(&[]);
    assert_eq!(report["added"], 1);
    assert_eq!(report["updated"], 1);
    assert_eq!(report["removed"], 1);
    assert_eq!(report["unchanged"], 4);
    assert_eq!(report["total_dispatches"], 6);
    let (_, json) = f.query_json(&["corrigé"]);
    assert_eq!(json["total"], 1);
    let (code, _) = f.query_json(&["pilonné"]);
    assert_eq!(code, 1, "the deleted file's dispatch is gone");
    // --rebuild starts from scratch.
    let (_, report) = run(&["--rebuild"]);
    assert_eq!(report["added"], 6);
    assert_eq!(report["total_dispatches"], 6);
}

#[test]
fn a_root_inside_another_indexes_its_files_once() {
    let f = fixture();
    let run = |roots: &[&std::path::Path]| -> Value {
        let out = depeche()
            .arg("index")
            .args(roots)
            .arg("--index")
            .arg(f.dir.path().join("nested"))
            .arg("--json")
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    // The fixture's 6 readable files, 2 of them in 2018/ and met twice.
    let both = [f.corpus.as_path(), &f.corpus.join("2018")];
    let report = run(&both);
    assert_eq!(report["added"], 6, "{report}");
    assert_eq!(report["total_dispatches"], 6, "{report}");
    // The outer root alone: nothing changed, nothing gone.
    let report = run(&[f.corpus.as_path()]);
    assert_eq!(report["added"], 0, "{report}");
    assert_eq!(report["unchanged"], 6, "{report}");
    assert_eq!(report["removed"], 0, "{report}");
    // The inner root alone: its 2 files unchanged, the others not gone
    // (they are outside the root walked).
    let report = run(&[&f.corpus.join("2018")]);
    assert_eq!(report["unchanged"], 2, "{report}");
    assert_eq!(report["removed"], 0, "{report}");
    assert_eq!(report["total_dispatches"], 6, "{report}");
}

#[test]
fn strict_commits_nothing_when_a_file_is_skipped() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("strict");
    depeche()
        .arg("index")
        .arg(&f.corpus)
        .arg("--index")
        .arg(&index)
        .arg("--strict")
        .assert()
        .code(3)
        .stderr(predicate::str::contains("nothing was committed"));
    depeche()
        .args(["query", "bombardement", "--index"])
        .arg(&index)
        .assert()
        .code(1);
}

#[test]
fn an_index_extracted_by_other_rules_is_refused_for_writing_but_queried() {
    let f = fixture();
    let meta_path = f.index.join("depeche.json");
    let meta: Value = serde_json::from_str(&std::fs::read_to_string(&meta_path).unwrap()).unwrap();
    assert!(
        meta["extraction_version"].as_u64().is_some_and(|v| v >= 1),
        "{meta}"
    );
    // An index written before the version was recorded, and one from
    // other rules: both refused, each with what differs.
    for (version, said) in [
        (None, "did not record its version"),
        (Some(999), "version 999"),
    ] {
        let mut old = meta.clone();
        match version {
            None => {
                old.as_object_mut().unwrap().remove("extraction_version");
            }
            Some(v) => old["extraction_version"] = Value::from(v),
        }
        std::fs::write(&meta_path, old.to_string()).unwrap();
        f.index_corpus().code(5).stderr(
            predicate::str::contains("extracted by")
                .and(predicate::str::contains(said))
                .and(predicate::str::contains("--rebuild")),
        );
        // Its facets are still there to query.
        let (code, json) = f.query_json(&["bombardement"]);
        assert_eq!(code, 0, "{json}");
    }
    depeche()
        .arg("index")
        .arg(&f.corpus)
        .args(["--rebuild", "--index"])
        .arg(&f.index)
        .assert()
        .code(3);
    let rebuilt: Value =
        serde_json::from_str(&std::fs::read_to_string(&meta_path).unwrap()).unwrap();
    assert_eq!(rebuilt["extraction_version"], meta["extraction_version"]);
    f.index_corpus().code(3);
}

#[test]
fn stale_index_is_refused_with_the_command_to_run() {
    let f = fixture();
    let meta_path = f.index.join("depeche.json");
    let mut meta: Value =
        serde_json::from_str(&std::fs::read_to_string(&meta_path).unwrap()).unwrap();
    meta["analyzer_version"] = Value::from(999);
    std::fs::write(&meta_path, meta.to_string()).unwrap();
    depeche()
        .args(["query", "bombardement", "--index"])
        .arg(&f.index)
        .assert()
        .code(5)
        .stderr(
            predicate::str::contains("analyzer version 999")
                .and(predicate::str::contains("--rebuild")),
        );
    f.index_corpus()
        .code(5)
        .stderr(predicate::str::contains("stale"));
}

#[test]
fn changed_settings_make_the_index_stale() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("schema.toml");
    let text = depeche().arg("schema").output().unwrap().stdout;
    let text = String::from_utf8(text)
        .unwrap()
        .replace("extra_stop_words = []", "extra_stop_words = [\"selon\"]");
    std::fs::write(&config, text).unwrap();
    depeche()
        .arg("index")
        .arg(&f.corpus)
        .arg("--index")
        .arg(&f.index)
        .arg("--config")
        .arg(&config)
        .assert()
        .code(5)
        .stderr(predicate::str::contains("--rebuild"));
}

#[test]
fn refuses_to_write_into_a_folder_that_is_not_an_index() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("precious.txt"), b"keep me");
    depeche()
        .arg("index")
        .arg(&f.corpus)
        .arg("--index")
        .arg(dir.path())
        .assert()
        .code(5)
        .stderr(predicate::str::contains("not a depeche index"));
    assert!(dir.path().join("precious.txt").exists());
}

#[test]
fn invalid_config_names_the_key_and_line() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("schema.toml");
    std::fs::write(&config, "schema_version = 1\nbogus = 2\n").unwrap();
    depeche()
        .arg("index")
        .arg(&f.corpus)
        .arg("--config")
        .arg(&config)
        .arg("--index")
        .arg(dir.path().join("i"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bogus").and(predicate::str::contains("line 2")));
}

#[test]
fn help_completions_man_and_schema() {
    depeche().arg("--help").assert().success().stdout(
        predicate::str::contains("Exit codes")
            .and(predicate::str::contains("5  the index is missing")),
    );
    for sub in ["index", "query", "facets", "extract", "schema"] {
        depeche()
            .args([sub, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Example"));
    }
    depeche()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("_depeche"));
    depeche()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH depeche"));
    depeche()
        .arg("schema")
        .assert()
        .success()
        .stdout(predicate::str::contains("[analyzer]"));
}

/// `extract = false` in `[facets.region]` / `[facets.source]` leaves that
/// facet empty and keeps the other; turning it off on an existing index
/// makes the index stale.
#[test]
fn facet_extraction_can_be_switched_off() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let schema = String::from_utf8(depeche().arg("schema").output().unwrap().stdout).unwrap();
    let (region_line, source_line) = {
        let mut lines = schema.lines().filter(|l| l.trim() == "extract = true");
        (lines.next().is_some(), lines.next().is_some())
    };
    assert!(region_line && source_line, "{schema}");
    let no_region = schema.replacen("extract = true", "extract = false", 1);
    let neither = schema.replace("extract = true", "extract = false");
    let facet_counts = |index: &std::path::Path, facet: &str| -> Value {
        let out = depeche()
            .args(["facets", facet, "--json", "--index"])
            .arg(index)
            .output()
            .unwrap();
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        json["counts"].clone()
    };
    let build = |name: &str, text: &str| -> std::path::PathBuf {
        let config = dir.path().join(format!("{name}.toml"));
        std::fs::write(&config, text).unwrap();
        let index = dir.path().join(name);
        depeche()
            .arg("index")
            .arg(&f.corpus)
            .arg("--index")
            .arg(&index)
            .arg("--config")
            .arg(&config)
            .assert()
            .code(3);
        index
    };
    // Default settings: regions and sources (OSDH in 4 files, see common).
    assert_eq!(facet_counts(&f.index, "source")["OSDH"], 4);
    assert_eq!(facet_counts(&f.index, "region")["Syrie"], 5);

    let index = build("no-region", &no_region);
    assert_eq!(facet_counts(&index, "region"), serde_json::json!({}));
    assert_eq!(facet_counts(&index, "source")["OSDH"], 4);

    let index = build("neither", &neither);
    assert_eq!(facet_counts(&index, "region"), serde_json::json!({}));
    assert_eq!(facet_counts(&index, "source"), serde_json::json!({}));

    // The default index, re-run with sources off: stale.
    let config = dir.path().join("neither.toml");
    depeche()
        .arg("index")
        .arg(&f.corpus)
        .arg("--index")
        .arg(&f.index)
        .arg("--config")
        .arg(&config)
        .assert()
        .code(5)
        .stderr(predicate::str::contains("--rebuild"));
}
