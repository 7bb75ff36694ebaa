//! Helpers shared by the integration tests: the built binary, generated
//! corpora, and reading an index's state through `depeche verify --json`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Output, Stdio};

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

/// A `depeche` command of the built binary.
pub fn depeche() -> std::process::Command {
    let mut cmd = std::process::Command::cargo_bin("depeche").expect("the depeche binary");
    cmd.env_remove("DEPECHE_INDEX")
        .env_remove("DEPECHE_CONFIG")
        .env("NO_COLOR", "1");
    cmd
}

/// Runs `depeche ARGS`.
pub fn run(args: &[&str]) -> Output {
    depeche().args(args).output().expect("run depeche")
}

/// Starts `depeche ARGS` in the background, output discarded.
pub fn spawn(args: &[&str]) -> Child {
    depeche()
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn depeche")
}

/// Exit code, stdout and stderr of an output, as text.
pub fn parts(out: &Output) -> (i32, String, String) {
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A scratch folder: in /dev/shm when it can be used (fast commits), else
/// in the system's temporary folder.
pub fn scratch() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        if let Ok(dir) = tempfile::Builder::new()
            .prefix("depeche-test")
            .tempdir_in(shm)
        {
            return dir;
        }
    }
    tempfile::Builder::new()
        .prefix("depeche-test")
        .tempdir()
        .expect("temporary folder")
}

/// Writes `n` small dispatches under `dir` (in 20 sub-folders); dispatch
/// `i` holds the unique word `uniqNNNNN`.
pub fn corpus(dir: &Path, n: usize) -> Vec<PathBuf> {
    let mut paths = Vec::with_capacity(n);
    for i in 0..n {
        let sub = dir.join(format!("{:02}", i % 20));
        std::fs::create_dir_all(&sub).expect("corpus folder");
        let path = sub.join(format!("d{i:05}.txt"));
        let text = format!(
            "date 2019-{:02}-{:02}\ntitle: Dépêche {i}\n\nLes combats ont repris à Deraa, selon l'OSDH (uniq{i:05}).\n\nLe régime syrien a bombardé la province, a indiqué l'ONU.\n",
            i % 12 + 1,
            i % 28 + 1
        );
        std::fs::write(&path, text).expect("corpus file");
        paths.push(path);
    }
    paths
}

/// `depeche verify --json` of an index: (exit code, parsed report or Null).
pub fn verify(index: &Path) -> (i32, Value) {
    let out = run(&[
        "verify",
        "--json",
        "--index",
        index.to_str().expect("utf-8 path"),
    ]);
    let (code, stdout, _) = parts(&out);
    (code, serde_json::from_str(&stdout).unwrap_or(Value::Null))
}

/// Live dispatches of an index, 0 when it has none (or no commit yet);
/// panics when the index is damaged or has duplicates.
pub fn committed_count(index: &Path) -> u64 {
    let out = run(&[
        "verify",
        "--json",
        "--index",
        index.to_str().expect("utf-8 path"),
    ]);
    let (code, stdout, stderr) = parts(&out);
    if stderr.contains("no depeche index") || stderr.contains("no commit yet") {
        return 0;
    }
    assert!(
        code == 0 || code == 7,
        "verify exit {code}: {stderr}{stdout}"
    );
    let report: Value = serde_json::from_str(&stdout).expect("verify JSON");
    assert_eq!(report["duplicates"], Value::Array(vec![]), "{report}");
    assert_eq!(report["damaged_files"], Value::Array(vec![]), "{report}");
    report["dispatches"].as_u64().expect("dispatches")
}

/// The JSON summary of `depeche index … --json`.
pub fn index_json(args: &[&str]) -> (i32, Value, String) {
    let mut all = vec!["index", "--json"];
    all.extend_from_slice(args);
    let out = run(&all);
    let (code, stdout, stderr) = parts(&out);
    (
        code,
        serde_json::from_str(&stdout).unwrap_or(Value::Null),
        stderr,
    )
}

/// A path as `&str`.
pub fn s(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}
