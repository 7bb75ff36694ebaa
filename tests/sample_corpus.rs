//! The built binary on `sample-corpus/`, checked against the hand labels in
//! `tests/fixtures/sample-corpus-labels-{a,b}.toml` and the hand counts
//! written at the top of those files.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::depeche;
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize)]
struct Labels {
    dispatch: Vec<Label>,
}

#[derive(Debug, Deserialize)]
struct Label {
    path: String,
    date: Option<String>,
    title: Option<String>,
    #[serde(default)]
    problem: Option<String>,
    #[serde(default)]
    words: Vec<String>,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn labels() -> Vec<Label> {
    let mut all = Vec::new();
    for part in ["a", "b"] {
        let path = repo().join(format!("tests/fixtures/sample-corpus-labels-{part}.toml"));
        let text = std::fs::read_to_string(&path).expect("labels");
        let labels: Labels = toml::from_str(&text).expect("valid labels");
        all.extend(labels.dispatch);
    }
    all
}

struct Indexed {
    _dir: tempfile::TempDir,
    index: PathBuf,
    stdout: String,
    stderr: String,
    code: i32,
}

/// Indexes sample-corpus/ from the repository root, so that paths are
/// `sample-corpus/…` as a user would see them.
fn index_sample() -> Indexed {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let out = depeche()
        .current_dir(repo())
        .args(["index", "sample-corpus", "--index"])
        .arg(&index)
        .output()
        .unwrap();
    Indexed {
        _dir: dir,
        index,
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
        code: out.status.code().unwrap_or(-1),
    }
}

fn query(index: &Path, args: &[&str]) -> Value {
    let out = depeche()
        .current_dir(repo())
        .arg("query")
        .args(args)
        .arg("--index")
        .arg(index)
        .args(["--json", "--limit", "200"])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or(Value::Null)
}

#[test]
fn every_file_is_indexed_or_reported() {
    let run = index_sample();
    assert_eq!(run.code, 3, "the corpus holds an empty and a binary file");
    let labels = labels();
    let files: BTreeSet<String> = walkdir::WalkDir::new(repo().join("sample-corpus"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(repo().join("sample-corpus"))
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let labelled: BTreeSet<String> = labels.iter().map(|l| l.path.clone()).collect();
    assert_eq!(files, labelled, "every corpus file has a hand label");
    assert!(files.len() >= 40 + 9);

    let problem = |kind: &str| -> Vec<&Label> {
        labels
            .iter()
            .filter(|l| l.problem.as_deref() == Some(kind))
            .collect()
    };
    for label in problem("empty") {
        assert!(
            run.stderr
                .contains(&format!("skipped sample-corpus/{}: empty file", label.path)),
            "{}",
            run.stderr
        );
    }
    for label in problem("binary") {
        assert!(
            run.stderr.contains(&format!(
                "skipped sample-corpus/{}: binary file",
                label.path
            )),
            "{}",
            run.stderr
        );
    }
    for label in problem("latin-1") {
        assert!(
            run.stderr.contains(&format!(
                "transcoded sample-corpus/{} from windows-1252",
                label.path
            )),
            "{}",
            run.stderr
        );
    }
    for label in problem("utf-16") {
        assert!(
            run.stderr.contains(&format!(
                "transcoded sample-corpus/{} from utf-16le",
                label.path
            )),
            "{}",
            run.stderr
        );
    }
    for label in problem("no-date").into_iter().chain(problem("bad-date")) {
        assert!(
            run.stderr
                .contains(&format!("no date in sample-corpus/{}", label.path)),
            "{}",
            run.stderr
        );
    }
    let skipped = problem("empty").len() + problem("binary").len();
    let indexed = files.len() - skipped;
    let line = |name: &str| -> Option<u64> {
        run.stdout
            .lines()
            .find(|l| l.trim_start().starts_with(name))
            .and_then(|l| {
                l[l.find(name)? + name.len()..]
                    .split_whitespace()
                    .next()?
                    .parse()
                    .ok()
            })
    };
    assert_eq!(
        line("files seen"),
        Some(files.len() as u64),
        "{}",
        run.stdout
    );
    assert_eq!(line("added"), Some(indexed as u64), "{}", run.stdout);
    assert_eq!(line("index holds"), Some(indexed as u64), "{}", run.stdout);
}

#[test]
fn hand_counts_match() {
    let run = index_sample();
    // Counts written by hand at the top of the label files: 17 + 14 files
    // with a form of "bombard-", 10 + 3 with l'Observatoire.
    assert_eq!(query(&run.index, &["bombardement"])["total"], 31);
    assert_eq!(query(&run.index, &["observatoire"])["total"], 13);
    let out = depeche()
        .args(["facets", "date", "--json", "--index"])
        .arg(&run.index)
        .output()
        .unwrap();
    let facets: Value = serde_json::from_slice(&out.stdout).unwrap();
    // 7 dispatches dated 2018 (part a) and 7 dated 2022 (part b).
    assert_eq!(facets["counts"]["2018"], 7);
    assert_eq!(facets["counts"]["2022"], 7);
}

#[test]
fn each_dispatch_is_found_by_its_words_with_its_date_and_title() {
    let run = index_sample();
    let analyzer =
        depeche::analysis::FrenchAnalyzer::new(&depeche::config::Config::default().analyzer);
    for label in labels() {
        if matches!(label.problem.as_deref(), Some("empty") | Some("binary")) {
            continue;
        }
        let expected_path = format!("sample-corpus/{}", label.path);
        // Words made only of stop words ("jusqu'aux") are not searchable.
        for word in label.words.iter().filter(|w| !analyzer.terms(w).is_empty()) {
            let json = query(&run.index, &[word]);
            let hit = json["hits"]
                .as_array()
                .and_then(|hits| hits.iter().find(|h| h["path"] == expected_path.as_str()));
            let Some(hit) = hit else {
                panic!("{word:?} does not find {expected_path}");
            };
            assert_eq!(
                hit["date"].as_str(),
                label.date.as_deref(),
                "{expected_path}"
            );
            if let Some(title) = &label.title {
                assert_eq!(
                    hit["title"].as_str(),
                    Some(title.as_str()),
                    "{expected_path}"
                );
            }
        }
    }
}
