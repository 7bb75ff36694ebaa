//! Reliability of the index, for real, with the built binary: `kill -9`
//! during indexing, two indexers, queries during indexing, disk full,
//! incremental runs, stale settings, damaged files, `verify`.

mod harness;

use std::path::Path;
use std::thread::sleep;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use harness::{
    committed_count, corpus, depeche, index_json, parts, run, s, scratch, spawn, verify,
};
use serde_json::Value;

/// A small deterministic pseudo-random sequence (xorshift), seeded by the
/// clock; the seed is printed so that a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn new() -> Rng {
        let seed = std::env::var("DEPECHE_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
            })
            | 1;
        println!("DEPECHE_TEST_SEED={seed}");
        Rng(seed)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

const FILES: usize = 1500;

/// A child process killed if the test fails before waiting for it.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// Runs `depeche index`, kills it with SIGKILL after a random delay unless
/// it finished, and returns the committed count and whether it was killed.
fn run_and_kill(
    args: &[&str],
    rng: &mut Rng,
    index: &Path,
    round: u32,
    max_delay: u64,
) -> (u64, bool) {
    let mut child = spawn(args);
    let delay = 10 + rng.below(max_delay);
    sleep(Duration::from_millis(delay));
    let killed = child.try_wait().expect("try_wait").is_none();
    if killed {
        child.kill().expect("SIGKILL"); // SIGKILL on Unix
    }
    let status = child.wait().expect("wait");
    // The killed process's writer lock does not block verify nor the next run.
    let count = committed_count(index);
    println!("round {round}: after {delay} ms, killed: {killed}: {count} dispatches committed ({status:?})");
    (count, killed)
}

fn walk_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("read_dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}
const COMMIT_EVERY: u64 = 100;

#[test]
fn kill_9_at_random_moments_never_loses_the_last_commit_nor_duplicates() {
    let tmp = scratch();
    let docs = tmp.path().join("docs");
    let index = tmp.path().join("index");
    corpus(&docs, FILES);
    let mut rng = Rng::new();
    let every = COMMIT_EVERY.to_string();
    let args = [
        "index",
        s(&docs),
        "--index",
        s(&index),
        "-q",
        "--commit-every",
        &every,
    ];
    // Phase 1, additions: killed at random moments, the index always holds
    // a committed state and never loses a commit.
    let mut previous = 0;
    let mut killed = 0;
    let mut max_delay = 700;
    for round in 0..10 {
        let (count, was_killed) = run_and_kill(&args, &mut rng, &index, round, max_delay);
        killed += u64::from(was_killed);
        if !was_killed {
            max_delay = (max_delay / 2).max(20); // a fast machine: kill sooner
        }
        assert!(
            count.is_multiple_of(COMMIT_EVERY) || count == FILES as u64,
            "round {round}: {count} is not a committed state"
        );
        assert!(count >= previous, "round {round}: a commit was lost");
        previous = count;
        if count == FILES as u64 {
            break;
        }
    }
    // The killed processes left tantivy's lock file behind; it is an OS
    // lock released at death, so it blocks nobody.
    assert!(index.join(".tantivy-writer.lock").exists());
    if previous < FILES as u64 {
        assert_eq!(run(&args).status.code(), Some(0));
    }
    assert_eq!(committed_count(&index), FILES as u64);
    // Phase 2, updates: before each round a quarter of the files change; an
    // update deletes the old dispatch in the commit that adds the new one,
    // so a kill never leaves a file with no dispatch or two. Rounds go on
    // (up to 16) until three runs were interrupted: a fast machine indexes
    // a whole round before the first kills.
    let paths: Vec<_> = walk_files(&docs);
    let mut round = 0;
    while round < 4 || (killed < 3 && round < 16) {
        for (i, path) in paths.iter().enumerate().filter(|(i, _)| i % 4 == round % 4) {
            let text = std::fs::read_to_string(path).expect("read");
            std::fs::write(
                path,
                format!("{text}\nRévision{round} de la dépêche {i}.\n"),
            )
            .expect("update");
        }
        let (count, was_killed) =
            run_and_kill(&args, &mut rng, &index, 10 + round as u32, max_delay);
        killed += u64::from(was_killed);
        if !was_killed {
            max_delay = (max_delay / 2).max(20);
        }
        assert_eq!(count, FILES as u64, "round {round}: lost or duplicated");
        round += 1;
    }
    assert!(killed >= 3, "only {killed} indexing runs were interrupted");
    let out = run(&args);
    let (code, _, stderr) = parts(&out);
    assert_eq!(code, 0, "{stderr}");
    let (code, report) = verify(&index);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["dispatches"], FILES as u64);
    assert_eq!(report["duplicates"], Value::Array(vec![]));
    // Every update is indexed, once.
    for round in 0..4 {
        let word = format!("Révision{round}");
        let out = run(&["query", &word, "--index", s(&index), "--json"]);
        let result: Value = serde_json::from_str(&parts(&out).1).expect("query JSON");
        assert_eq!(result["total"], FILES / 4, "{word}");
    }
    // Exactly one dispatch per file, found by its unique word.
    for i in [0, 1, FILES / 2, FILES - 1] {
        let out = run(&[
            "query",
            &format!("uniq{i:05}"),
            "--index",
            s(&index),
            "--json",
        ]);
        let (code, stdout, stderr) = parts(&out);
        assert_eq!(code, 0, "{stderr}");
        let result: Value = serde_json::from_str(&stdout).expect("query JSON");
        assert_eq!(result["total"], 1, "uniq{i:05}");
    }
}

#[test]
fn a_second_indexer_fails_at_once_and_queries_answer_during_indexing() {
    let tmp = scratch();
    let docs = tmp.path().join("docs");
    let index = tmp.path().join("index");
    corpus(&docs, FILES);
    let first = KillOnDrop(spawn(&[
        "index",
        s(&docs),
        "--index",
        s(&index),
        "-q",
        "--commit-every",
        "50",
    ]));
    // Wait until the first indexer holds the index.
    let began = Instant::now();
    while !index.join("depeche.json").exists() && began.elapsed() < Duration::from_secs(10) {
        sleep(Duration::from_millis(5));
    }
    let second_began = Instant::now();
    let out = run(&["index", s(&docs), "--index", s(&index), "-q"]);
    let (code, _, stderr) = parts(&out);
    assert_eq!(code, 4, "{stderr}");
    assert!(stderr.contains(s(&index)), "{stderr}");
    assert!(stderr.contains("another `depeche index`"), "{stderr}");
    assert!(second_began.elapsed() < Duration::from_secs(3), "it waited");

    // Queries while the first indexer runs: the last commit, never an error.
    let mut answered = 0;
    let mut first = first;
    let first = &mut first.0;
    let mut counts = Vec::new();
    while first.try_wait().expect("try_wait").is_none() {
        let out = run(&["query", "combats", "--index", s(&index), "--json"]);
        let (code, stdout, stderr) = parts(&out);
        assert!(
            code == 0 || code == 1,
            "query during indexing: exit {code}: {stderr}"
        );
        if code == 0 {
            let result: Value = serde_json::from_str(&stdout).expect("query JSON");
            counts.push(result["total"].as_u64().unwrap_or(0));
        } else {
            assert!(stderr.contains("holds no dispatch yet"), "{stderr}");
        }
        answered += 1;
    }
    let status = first.wait().expect("wait");
    assert!(status.success());
    println!("{answered} queries during indexing saw totals {counts:?}");
    assert!(answered > 0);
    assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{counts:?}");
}

#[test]
fn query_before_the_first_commit_says_so() {
    let tmp = scratch();
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).expect("folder");
    let index = tmp.path().join("index");
    // An index that committed nothing: a clear note, exit 1.
    let out = run(&["index", s(&empty), "--index", s(&index), "-q"]);
    assert_eq!(out.status.code(), Some(0));
    let (code, _, stderr) = parts(&run(&["query", "mot", "--index", s(&index)]));
    assert_eq!(code, 1);
    assert!(stderr.contains("holds no dispatch yet"), "{stderr}");
    // An index killed before tantivy wrote anything: exit 5, not a panic.
    std::fs::remove_file(index.join("meta.json")).expect("meta.json");
    let (code, _, stderr) = parts(&run(&["query", "mot", "--index", s(&index)]));
    assert_eq!(code, 5, "{stderr}");
    assert!(stderr.contains("no commit yet"), "{stderr}");
    // The next run repairs it.
    assert_eq!(
        run(&["index", s(&empty), "--index", s(&index), "-q"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn incremental_runs_report_added_updated_removed_moved_unchanged() {
    let tmp = scratch();
    let docs = tmp.path().join("docs");
    let index = tmp.path().join("index");
    let paths = corpus(&docs, 40);
    let args = ["--index", s(&index), s(&docs)];
    let (code, report, stderr) = index_json(&args);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(report["added"], 40);

    // Unchanged files are not read: an unreadable-looking change of
    // content with the same size and mtime would go unnoticed, which is the
    // documented trade-off; here nothing changed.
    let (_, report, _) = index_json(&args);
    assert_eq!(
        (
            report["unchanged"].as_u64(),
            report["bytes_indexed"].as_u64()
        ),
        (Some(40), Some(0))
    );

    std::fs::write(&paths[0], "date 2020-01-01 Texte modifié.").expect("update");
    std::fs::remove_file(&paths[1]).expect("delete");
    std::fs::rename(&paths[2], docs.join("renamed.txt")).expect("move");
    std::fs::write(docs.join("new.txt"), "date 2020-02-02 Nouveau.").expect("new");
    // Same content, new modification time: unchanged (after a hash check).
    let text = std::fs::read(&paths[3]).expect("read");
    sleep(Duration::from_millis(20));
    std::fs::write(&paths[3], text).expect("touch");

    let (code, report, stderr) = index_json(&args);
    assert_eq!(code, 0, "{stderr}");
    let counts: Vec<u64> = ["added", "updated", "removed", "moved", "unchanged"]
        .iter()
        .map(|k| report[*k].as_u64().unwrap_or(u64::MAX))
        .collect();
    assert_eq!(counts, [1, 1, 1, 1, 37], "{report}");
    assert_eq!(report["moves"][0]["to"], s(&docs.join("renamed.txt")));
    assert_eq!(report["total_dispatches"], 40);
    // The touched file is recognised without reading it from now on.
    let (_, report, _) = index_json(&args);
    assert_eq!(report["unchanged"], 40, "{report}");
    assert_eq!(report["bytes_indexed"], 0, "{report}");
    assert_eq!(verify(&index).0, 0);

    // --rebuild starts from scratch.
    let (code, report, _) = index_json(&["--rebuild", "--index", s(&index), s(&docs)]);
    assert_eq!(code, 0);
    assert_eq!(report["added"], 40);
    assert_eq!(report["total_dispatches"], 40);
}

#[test]
fn an_index_inside_the_folder_indexed_is_not_indexed() {
    let tmp = scratch();
    let docs = tmp.path().join("docs");
    let index = docs.join("idx");
    corpus(&docs, 5);
    let args = ["--index", s(&index), s(&docs)];
    let (code, report, stderr) = index_json(&args);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(report["added"], 5, "{report}");
    // The second run meets the index's own files (meta.json, segments):
    // excluded, neither indexed nor skipped as binary.
    let (code, report, stderr) = index_json(&args);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        (
            &report["added"],
            &report["unchanged"],
            &report["total_dispatches"]
        ),
        (&0.into(), &5.into(), &5.into()),
        "{report}"
    );
    assert_eq!(
        report["skipped"].as_array().map(Vec::len),
        Some(0),
        "{report}"
    );
    assert!(
        report["excluded"].as_u64().is_some_and(|n| n >= 3),
        "{report}"
    );
}

#[test]
fn a_stale_index_is_refused_with_what_to_run() {
    let tmp = scratch();
    let docs = tmp.path().join("docs");
    let index = tmp.path().join("index");
    corpus(&docs, 5);
    assert_eq!(
        run(&["index", s(&docs), "--index", s(&index), "-q"])
            .status
            .code(),
        Some(0)
    );
    // Other analyzer settings: refused, nothing mixed.
    let config = tmp.path().join("schema.toml");
    let default = parts(&run(&["schema"])).1;
    let changed = default.replace("extra_stop_words = []", "extra_stop_words = [\"combats\"]");
    assert_ne!(default, changed);
    std::fs::write(&config, changed).expect("config");
    let out = run(&[
        "index",
        s(&docs),
        "--index",
        s(&index),
        "--config",
        s(&config),
    ]);
    let (code, _, stderr) = parts(&out);
    assert_eq!(code, 5, "{stderr}");
    assert!(
        stderr.contains("stale") && stderr.contains("--rebuild"),
        "{stderr}"
    );
    assert_eq!(committed_count(&index), 5);
    // Another analyzer version: index, query and verify refuse it.
    let meta_path = index.join("depeche.json");
    let meta = std::fs::read_to_string(&meta_path).expect("depeche.json");
    let meta = meta.replace("\"analyzer_version\": 1", "\"analyzer_version\": 999");
    std::fs::write(&meta_path, meta).expect("depeche.json");
    for args in [
        vec!["index", s(&docs), "--index", s(&index)],
        vec!["query", "combats", "--index", s(&index)],
        vec!["verify", "--index", s(&index)],
    ] {
        let (code, _, stderr) = parts(&run(&args));
        assert_eq!(code, 5, "{args:?}: {stderr}");
        assert!(stderr.contains("analyzer version 999"), "{stderr}");
        assert!(stderr.contains("--rebuild"), "{stderr}");
    }
    // --rebuild with the new settings works.
    let out = run(&[
        "index",
        s(&docs),
        "--index",
        s(&index),
        "--rebuild",
        "--config",
        s(&config),
        "-q",
    ]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn verify_names_what_is_out_of_date_and_what_is_damaged() {
    let tmp = scratch();
    let docs = tmp.path().join("docs");
    let index = tmp.path().join("index");
    let paths = corpus(&docs, 30);
    assert_eq!(
        run(&["index", s(&docs), "--index", s(&index), "-q"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(verify(&index).0, 0);
    std::fs::remove_file(&paths[0]).expect("delete");
    std::fs::write(&paths[1], "date 2021-01-01 Changé.").expect("change");
    std::fs::write(docs.join("new.txt"), "date 2021-01-02 Nouveau.").expect("new");
    std::fs::write(docs.join("empty.txt"), "").expect("empty");
    let (code, report) = verify(&index);
    assert_eq!(code, 7, "{report}");
    assert_eq!(report["gone"][0], s(&paths[0]));
    assert_eq!(report["changed"][0], s(&paths[1]));
    assert_eq!(report["new"][0], s(&docs.join("new.txt")));
    assert_eq!(report["not_indexable"], 1);

    // Damage a segment file: verify names it (exit 5); query never panics.
    let victim = std::fs::read_dir(&index)
        .expect("index folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "term"))
        .expect("a .term file");
    let mut bytes = std::fs::read(&victim).expect("read segment file");
    let middle = bytes.len() / 2;
    let end = (middle + 16).min(bytes.len());
    for b in &mut bytes[middle..end] {
        *b ^= 0x5A;
    }
    std::fs::write(&victim, bytes).expect("damage");
    let out = run(&["verify", "--index", s(&index)]);
    let (code, stdout, stderr) = parts(&out);
    assert_eq!(code, 5, "{stdout}{stderr}");
    let name = victim.file_name().and_then(|n| n.to_str()).expect("name");
    assert!(
        stdout.contains(name) && stdout.contains("checksum"),
        "{stdout}"
    );
    for query in ["combats", "uniq00005", "Deraa OR Alep"] {
        let out = run(&["query", query, "--index", s(&index)]);
        let (code, _, stderr) = parts(&out);
        assert!(matches!(code, 0 | 1 | 5), "{query}: exit {code}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    // A damaged depeche.json: a clear error (exit 5).
    std::fs::write(index.join("depeche.json"), "{ not json").expect("damage");
    let (code, _, stderr) = parts(&run(&["query", "combats", "--index", s(&index)]));
    assert_eq!(code, 5, "{stderr}");
    assert!(stderr.contains("damaged"), "{stderr}");
}

#[test]
fn strict_commits_nothing_when_a_file_is_skipped() {
    let tmp = scratch();
    let docs = tmp.path().join("docs");
    let index = tmp.path().join("index");
    corpus(&docs, 10);
    std::fs::write(docs.join("binary.txt"), b"\x7fELF\0\0\0").expect("binary");
    let (code, _, stderr) = parts(&run(&["index", s(&docs), "--index", s(&index), "--strict"]));
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("--strict"), "{stderr}");
    assert_eq!(committed_count(&index), 0);
    let (code, _, stderr) = parts(&run(&["index", s(&docs), "--index", s(&index), "-q"]));
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("binary.txt: binary file"), "{stderr}");
    assert_eq!(committed_count(&index), 10);
}

/// Mounts a tmpfs of `size` on `dir`; false when this is not possible.
fn mount_tmpfs(dir: &Path, size: &str) -> bool {
    std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(dir)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn remount(dir: &Path, size: &str) -> bool {
    std::process::Command::new("mount")
        .args(["-o", &format!("remount,size={size}")])
        .arg(dir)
        .output()
        .is_ok_and(|o| o.status.success())
}

struct Unmount<'a>(&'a Path);

impl Drop for Unmount<'_> {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(self.0).output();
    }
}

#[test]
fn disk_full_is_a_clear_error_and_the_index_stays_at_its_last_commit() {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let small = tmp.path().join("small-disk");
    std::fs::create_dir(&small).expect("mount point");
    if !mount_tmpfs(&small, "1M") {
        println!(
            "SKIPPED disk_full test: cannot mount a 1 MiB tmpfs here (needs root and mount rights)"
        );
        return;
    }
    let _unmount = Unmount(&small);
    let docs = tmp.path().join("docs");
    let index = small.join("index");
    corpus(&docs, 20);
    assert_eq!(
        run(&["index", s(&docs), "--index", s(&index), "-q"])
            .status
            .code(),
        Some(0)
    );
    // Much more text than the disk holds (random words: incompressible).
    let more = tmp.path().join("more");
    std::fs::create_dir(&more).expect("folder");
    let mut rng = Rng::new();
    for i in 0..30 {
        let mut text = String::from("date 2019-05-05 ");
        for _ in 0..5000 {
            let len = 3 + rng.below(8);
            text.extend((0..len).map(|_| (b'a' + rng.below(26) as u8) as char));
            text.push(' ');
        }
        std::fs::write(more.join(format!("m{i}.txt")), text).expect("file");
    }
    let out = run(&[
        "index",
        s(&docs),
        s(&more),
        "--index",
        s(&index),
        "-q",
        "--commit-every",
        "10",
    ]);
    let (code, _, stderr) = parts(&out);
    assert_eq!(code, 6, "{stderr}");
    assert!(
        stderr.contains("disk full") && stderr.contains(s(&index)),
        "{stderr}"
    );
    assert!(stderr.contains("last commit"), "{stderr}");
    // Still usable: queries answer, verify finds no damage.
    let committed = committed_count(&index);
    assert!(committed >= 20, "{committed}");
    let (code, _, stderr) = parts(&run(&["query", "combats", "--index", s(&index)]));
    assert_eq!(code, 0, "{stderr}");
    // With space again, the next run completes the work.
    if remount(&small, "64M") {
        let out = run(&["index", s(&docs), s(&more), "--index", s(&index), "-q"]);
        let (code, _, stderr) = parts(&out);
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(committed_count(&index), 50);
        assert_eq!(verify(&index).0, 0);
    }
}

#[test]
fn index_exit_code_and_messages_of_depeche_command() {
    // `depeche` itself is callable (sanity check of the helper).
    let out = depeche().arg("--help").output().expect("run");
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("7  verify"), "{help}");
}

#[test]
fn a_long_run_commits_once_more_before_its_last_files_and_loses_none() {
    // Past 8,192 files left, the run commits once more, so that the last
    // commit writes a small segment (see src/index/writer.rs): the count
    // of commits shows it, and every file is indexed exactly once.
    const LONG: usize = 2 * 8192 + 300;
    let tmp = scratch();
    let docs = tmp.path().join("docs");
    let index = tmp.path().join("index");
    corpus(&docs, LONG);
    // No commit by time, however slow the machine: only the count rules.
    let schema = run(&["schema"]);
    let settings = String::from_utf8_lossy(&schema.stdout)
        .replace("commit_every_secs = 60", "commit_every_secs = 100000");
    assert!(settings.contains("commit_every_secs = 100000"));
    let config = tmp.path().join("settings.toml");
    std::fs::write(&config, settings).expect("write the settings");
    let (code, report, stderr) =
        index_json(&[s(&docs), "--index", s(&index), "-q", "--config", s(&config)]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(report["added"], LONG as u64, "{report}");
    assert_eq!(report["commits"], 2, "{report}");
    assert_eq!(committed_count(&index), LONG as u64);
    // With --commit-every below the tail, no extra commit: 3 commits of
    // 6,000 and the last 4,684 files.
    let again = tmp.path().join("index2");
    let (code, report, stderr) = index_json(&[
        s(&docs),
        "--index",
        s(&again),
        "-q",
        "--config",
        s(&config),
        "--commit-every",
        "6000",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(report["commits"], 3, "{report}");
    assert_eq!(committed_count(&again), LONG as u64);
}
