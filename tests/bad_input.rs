//! Bad input, for real, with the built binary: every file is indexed or
//! reported with its path and the reason, the run goes on, and the good
//! files are all indexed. Also malformed queries and filter values.

mod harness;

use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use harness::{committed_count, index_json, parts, run, s, scratch};
use serde_json::Value;

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("folder");
    }
    std::fs::write(path, bytes).expect("write");
}

fn utf16(bom_le: bool, text: &str) -> Vec<u8> {
    let mut bytes = if bom_le {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&if bom_le {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    bytes
}

/// A config identical to the default but with `max_file_mb = 1`.
fn small_limit_config(dir: &Path) -> PathBuf {
    let default = parts(&run(&["schema"])).1;
    let text = default.replace("max_file_mb = 64", "max_file_mb = 1");
    assert_ne!(text, default);
    let path = dir.join("schema.toml");
    write(&path, text);
    path
}

/// Creates `depth` nested folders of 200-byte names under `root` with a
/// file at the bottom, through relative steps (the full path is longer than
/// PATH_MAX, which no single system call accepts).
fn too_long_path(root: &Path, depth: usize) -> bool {
    let name = "x".repeat(200);
    let script = format!(
        "cd '{}' && for i in $(seq 1 {depth}); do mkdir {name} && cd {name} || exit 1; done && echo 'date 2018-01-01 Perdu au fond.' > f.txt",
        root.display()
    );
    // bash, not sh: dash's `cd` fails past PATH_MAX.
    Command::new("bash")
        .args(["-c", &script])
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn every_bad_file_is_reported_and_every_good_file_indexed() {
    let tmp = scratch();
    let d = tmp.path().join("docs");
    let good = [
        "good1.txt",
        "sub/good2.txt",
        "latin1.txt",
        "cp1252.txt",
        "invalid-utf8.txt",
        "utf16le.txt",
        "utf16be.txt",
        "bom.txt",
        "nodate.txt",
        "baddate-month.txt",
        "baddate-format.txt",
        "baddate-day.txt",
    ];
    write(
        &d.join("good1.txt"),
        "date 2018-07-01 Les combats à Deraa ont repris.",
    );
    write(
        &d.join("sub/good2.txt"),
        "date 2018-07-02\ntitle: Titre\n\nLes combats à Alep.",
    );
    write(
        &d.join("latin1.txt"),
        b"date 2018-07-03 Le r\xe9gime a bombard\xe9 les combats.",
    );
    write(
        &d.join("cp1252.txt"),
        b"date 2018-07-04 L\x92ONU d\xe9nonce les combats.",
    );
    write(
        &d.join("invalid-utf8.txt"),
        b"date 2018-07-05 caf\xc3 combats \xff\xfe fin",
    );
    write(
        &d.join("utf16le.txt"),
        utf16(true, "date 2018-07-06 Les combats en UTF-16."),
    );
    write(
        &d.join("utf16be.txt"),
        utf16(false, "date 2018-07-07 Les combats en UTF-16 BE."),
    );
    write(
        &d.join("bom.txt"),
        "\u{FEFF}date 2018-07-08 Les combats avec BOM.",
    );
    write(&d.join("nodate.txt"), "Pas de date, mais des combats.");
    write(
        &d.join("baddate-month.txt"),
        "date 2018-13 Mois impossible, combats.",
    );
    write(
        &d.join("baddate-format.txt"),
        "date 31/02/2019 Format inconnu, combats.",
    );
    write(
        &d.join("baddate-day.txt"),
        "date 2019-02-30 Jour impossible, combats.",
    );
    // Refused files.
    write(&d.join("binary.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    write(&d.join("empty.txt"), "");
    write(&d.join("blank.txt"), " \n\t\n ");
    write(
        &d.join("too-large.txt"),
        "date 2019-01-01 trop grand ".repeat(45_000),
    );
    std::os::unix::fs::symlink("good1.txt", d.join("link.txt")).expect("symlink");
    std::os::unix::fs::symlink("nowhere.txt", d.join("dangling.txt")).expect("symlink");
    // Very deep folders (fine) and a path longer than PATH_MAX (reported).
    let deep: PathBuf = d.join(["d"; 120].iter().collect::<PathBuf>());
    write(
        &deep.join("deep.txt"),
        "date 2018-01-01 Les combats, très profond.",
    );
    std::fs::create_dir_all(d.join("long")).expect("folder");
    let long_made = too_long_path(&d.join("long"), 25);
    // Non-UTF-8 names that a lossy conversion would merge.
    let latin_a = d.join(std::ffi::OsStr::from_bytes(b"caf\xe9.txt"));
    let latin_b = d.join(std::ffi::OsStr::from_bytes(b"caf\xe8.txt"));
    write(&latin_a, "date 2018-08-01 Les combats, nom latin-1 (a).");
    write(&latin_b, "date 2018-08-02 Les combats, nom latin-1 (b).");

    let index = tmp.path().join("index");
    let config = small_limit_config(tmp.path());
    let (code, report, stderr) = index_json(&["--index", s(&index), "--config", s(&config), s(&d)]);
    println!("{stderr}");
    // Something was skipped: exit 3, and each is named with its reason.
    assert_eq!(code, 3, "{stderr}");
    let p = |name: &str| d.join(name).display().to_string();
    for (name, reason) in [
        ("binary.txt", "binary file (NUL byte at offset 8)"),
        ("empty.txt", "empty file"),
        ("blank.txt", "empty file"),
        ("too-large.txt", "more than the limit"),
        ("link.txt", "symbolic link not followed (use --follow)"),
        ("dangling.txt", "symbolic link not followed"),
    ] {
        let line = format!("depeche: skipped {}: ", p(name));
        let found = stderr.lines().find(|l| l.starts_with(&line));
        assert!(
            found.is_some_and(|l| l.contains(reason)),
            "no line `{line}…{reason}` in\n{stderr}"
        );
    }
    for (name, encoding) in [
        ("latin1.txt", "windows-1252"),
        ("cp1252.txt", "windows-1252"),
        ("invalid-utf8.txt", "windows-1252"),
        ("utf16le.txt", "utf-16le"),
        ("utf16be.txt", "utf-16be"),
    ] {
        let line = format!("depeche: transcoded {} from {encoding}", p(name));
        assert!(
            stderr.lines().any(|l| l == line),
            "no line `{line}` in\n{stderr}"
        );
    }
    for (name, reason) in [
        ("nodate.txt", "no `date YYYY-MM[-DD]` header"),
        ("baddate-month.txt", "month 13 is not between 01 and 12"),
        (
            "baddate-format.txt",
            "\"31/02/2019\" is not a date of the form",
        ),
        ("baddate-day.txt", "day 30 does not exist in 2019-02"),
    ] {
        let line = format!("depeche: no date in {}: ", p(name));
        let found = stderr.lines().find(|l| l.starts_with(&line));
        assert!(
            found.is_some_and(|l| l.contains(reason) && l.ends_with("(indexed without date)")),
            "no line `{line}…{reason}` in\n{stderr}"
        );
    }
    if long_made {
        assert!(
            stderr.contains("File name too long"),
            "the path longer than PATH_MAX is not reported:\n{stderr}"
        );
    } else {
        println!("SKIPPED the PATH_MAX case: could not create the folders");
    }
    // Every good file is indexed, and both non-UTF-8 names.
    let indexed = good.len() as u64 + 3;
    assert_eq!(report["added"], indexed, "{report}");
    assert_eq!(report["total_dispatches"], indexed, "{report}");
    let out = run(&[
        "query",
        "combats",
        "--index",
        s(&index),
        "--json",
        "-n",
        "50",
    ]);
    let (code, stdout, stderr) = parts(&out);
    assert_eq!(code, 0, "{stderr}");
    let result: Value = serde_json::from_str(&stdout).expect("query JSON");
    assert_eq!(result["total"], indexed, "{stdout}");

    // A second run: nothing changed, the non-UTF-8 names keep their keys.
    let (code, report, _) = index_json(&["--index", s(&index), "--config", s(&config), s(&d)]);
    assert_eq!(code, 3);
    assert_eq!(report["unchanged"], indexed, "{report}");

    // With --follow: the link's target is indexed once, a loop is named.
    std::fs::create_dir_all(d.join("loop")).expect("folder");
    std::os::unix::fs::symlink("..", d.join("loop/up")).expect("symlink");
    let (_, report, stderr) = index_json(&[
        "--index",
        s(&index),
        "--config",
        s(&config),
        "--follow",
        s(&d),
    ]);
    assert!(
        stderr.contains(&format!(
            "depeche: skipped {}: symbolic link loop",
            p("loop/up")
        )),
        "{stderr}"
    );
    assert!(stderr.contains("dangling symbolic link"), "{stderr}");
    assert_eq!(report["total_dispatches"], indexed, "{report}");
}

#[test]
fn a_5_mb_paragraph_is_answered_quickly_with_a_short_passage() {
    let tmp = scratch();
    let d = tmp.path().join("docs");
    let words = [
        "combats", "régime", "province", "civils", "frappes", "Deraa",
    ];
    let mut text = String::from("date 2019-01-01 ");
    let mut i = 0usize;
    while text.len() < 5 * 1024 * 1024 {
        text.push_str(words[i % words.len()]);
        text.push_str(if i % 11 == 10 { ". Les " } else { " " });
        i += 1;
    }
    write(&d.join("huge.txt"), &text);
    let index = tmp.path().join("index");
    let (code, _, stderr) = parts(&run(&["index", s(&d), "--index", s(&index), "-q"]));
    assert_eq!(code, 0, "{stderr}");
    let began = Instant::now();
    let out = run(&["query", "frappes Deraa", "--index", s(&index), "--json"]);
    let elapsed = began.elapsed();
    let (code, stdout, stderr) = parts(&out);
    assert_eq!(code, 0, "{stderr}");
    println!("query on a 5 MB paragraph: {elapsed:?}");
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
    let result: Value = serde_json::from_str(&stdout).expect("JSON");
    let passage = result["hits"][0]["passages"][0]["text"]
        .as_str()
        .expect("a passage");
    assert!(passage.chars().count() < 400, "{}", passage.len());
}

#[test]
fn unreadable_files_and_folders_are_reported_and_their_dispatches_kept() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = scratch();
    let d = tmp.path().join("docs");
    write(&d.join("ok.txt"), "date 2018-01-01 Lisible.");
    write(&d.join("secret.txt"), "date 2018-01-01 Illisible.");
    write(&d.join("closed/inside.txt"), "date 2018-01-01 Fermé.");
    let index = tmp.path().join("index");
    assert_eq!(
        run(&["index", s(&d), "--index", s(&index), "-q"])
            .status
            .code(),
        Some(0)
    );
    let chmod = |path: &Path, mode| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod")
    };
    // Changed since (new modification time), and now unreadable.
    let later = std::time::SystemTime::now() + Duration::from_secs(5);
    std::fs::File::options()
        .write(true)
        .open(d.join("secret.txt"))
        .and_then(|f| f.set_modified(later))
        .expect("set mtime");
    chmod(&d.join("secret.txt"), 0o000);
    chmod(&d.join("closed"), 0o000);
    // Permission bits do not stop root (as in CI containers).
    if std::fs::read(d.join("secret.txt")).is_ok() {
        println!(
            "SKIPPED unreadable-file case: running as root, permission bits do not block reads"
        );
        chmod(&d.join("closed"), 0o755);
        return;
    }
    let (code, _, stderr) = parts(&run(&["index", s(&d), "--index", s(&index)]));
    chmod(&d.join("closed"), 0o755);
    chmod(&d.join("secret.txt"), 0o644);
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains("closed: unreadable: Permission denied"),
        "{stderr}"
    );
    assert!(
        stderr.contains("secret.txt: unreadable: Permission denied"),
        "{stderr}"
    );
    // Reported, and their dispatches kept: unreadable is not deleted.
    assert_eq!(committed_count(&index), 3);
}

#[test]
fn files_changing_or_vanishing_while_indexed_are_indexed_or_reported_never_torn() {
    let tmp = scratch();
    let d = tmp.path().join("docs");
    harness::corpus(&d, 300);
    let growing = d.join("growing.txt");
    write(&growing, "date 2018-01-01 Début.\n");
    // Files that keep disappearing and coming back (new size each time).
    let flickering: Vec<PathBuf> = (0..20)
        .map(|i| d.join(format!("flicker{i:02}.txt")))
        .collect();
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (stop, growing, flickering) = (stop.clone(), growing.clone(), flickering.clone());
        std::thread::spawn(move || {
            use std::io::Write;
            let mut n = 0usize;
            while !stop.load(Ordering::Relaxed) {
                if let Ok(mut f) = std::fs::OpenOptions::new().append(true).open(&growing) {
                    let _ = writeln!(f, "Ligne {n} des combats.");
                }
                let path = &flickering[n % flickering.len()];
                if n.is_multiple_of(2) {
                    let _ = std::fs::remove_file(path);
                } else {
                    let _ = std::fs::write(path, format!("date 2018-01-02 Apparu {n}."));
                }
                n += 1;
                std::thread::sleep(Duration::from_micros(100));
            }
        })
    };
    let index = tmp.path().join("index");
    let (code, _, stderr) = parts(&run(&["index", s(&d), "--index", s(&index)]));
    stop.store(true, Ordering::Relaxed);
    writer.join().expect("writer thread");
    assert!(code == 0 || code == 3, "{stderr}");
    for line in stderr.lines().filter(|l| l.starts_with("depeche: skipped")) {
        assert!(
            // A flickering file caught between its creation and its
            // first byte is, at that moment, an empty file.
            line.contains("changed while being read")
                || line.contains("vanished")
                || line.contains("flicker") && line.ends_with("empty file"),
            "{line}"
        );
    }
    println!(
        "{} skipped as changing, {} as vanished",
        stderr.matches("changed while being read").count(),
        stderr.matches("vanished").count()
    );
    // Once it is quiet, the next run makes the index exact.
    let present = flickering.iter().filter(|p| p.exists()).count();
    let (code, _, stderr) = parts(&run(&["index", s(&d), "--index", s(&index), "-q"]));
    assert_eq!(code, 0, "{stderr}");
    let (code, report) = harness::verify(&index);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["dispatches"], 301 + present as u64);
}

#[test]
fn malformed_queries_and_filters_name_the_problem() {
    let tmp = scratch();
    let d = tmp.path().join("docs");
    harness::corpus(&d, 3);
    let index = tmp.path().join("index");
    assert_eq!(
        run(&["index", s(&d), "--index", s(&index), "-q"])
            .status
            .code(),
        Some(0)
    );
    for (args, needle) in [
        (vec!["combats", "--from", "2018-14"], "month 14"),
        (vec!["combats", "--to", "2018-02-30"], "day 30"),
        (vec!["combats", "--from", "hier"], "--from"),
        (
            vec!["combats", "--from", "2019", "--to", "2018"],
            "after --to",
        ),
        (vec!["combats", "--region", "Atlantide"], "unknown region"),
        (vec!["\"province de"], "never closed"),
        (vec!["auteur:x"], "unknown field"),
        (vec!["a OR OR b"], "two `OR`"),
        (vec!["le la de"], "only stop words"),
        (vec!["date:2018-99"], "month 99"),
    ] {
        let mut all = vec!["query"];
        all.extend(args.iter().copied());
        all.extend(["--index", s(&index)]);
        let (code, _, stderr) = parts(&run(&all));
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    // A query on a missing index: exit 5 with what to run.
    let (code, _, stderr) = parts(&run(&[
        "query",
        "x",
        "--index",
        s(&tmp.path().join("none")),
    ]));
    assert_eq!(code, 5, "{stderr}");
    assert!(stderr.contains("depeche index"), "{stderr}");
}

/// Peak resident memory (KiB) and output of `depeche ARGS` under GNU time.
fn peak_rss(args: &[&str]) -> Option<(u64, std::process::Output)> {
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        return None;
    }
    let exe = assert_cmd::cargo::cargo_bin("depeche");
    let out = Command::new(time)
        .arg("-v")
        .arg(exe)
        .args(args)
        .output()
        .ok()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let kib = stderr
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })?
        .trim()
        .parse()
        .ok()?;
    Some((kib, out))
}

/// The slowest test (about 13 s in a debug build); skipped with a message
/// where GNU time is not installed (Debian package `time`).
#[test]
fn a_50_mb_file_is_indexed_and_queried_in_bounded_memory() {
    let tmp = scratch();
    let d = tmp.path().join("docs");
    let words = [
        "combats", "régime", "province", "civils", "frappes", "Deraa", "selon", "OSDH",
    ];
    let mut text = String::from("date 2019-01-01\ntitle: Énorme\n\n");
    let mut i = 0usize;
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(words[(i * 7 + i / 13) % words.len()]);
        text.push_str(match i % 60 {
            59 => ".\n\n",
            19 | 39 => ". Les ",
            _ => " ",
        });
        i += 1;
    }
    write(&d.join("fifty.txt"), &text);
    drop(text);
    let index = tmp.path().join("index");
    let Some((kib, out)) = peak_rss(&["index", s(&d), "--index", s(&index), "-q"]) else {
        println!("SKIPPED: GNU time (/usr/bin/time) is not installed");
        return;
    };
    assert_eq!(out.status.code(), Some(0));
    println!("index of a 50 MB file: peak RSS {} MiB", kib / 1024);
    assert!(kib < 512 * 1024, "{kib} KiB");
    let (kib, out) =
        peak_rss(&["query", "frappes Deraa", "--index", s(&index), "--json"]).expect("GNU time");
    assert_eq!(out.status.code(), Some(0));
    println!("query on a 50 MB file: peak RSS {} MiB", kib / 1024);
    assert!(kib < 384 * 1024, "{kib} KiB");
}
