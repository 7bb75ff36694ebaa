//! Shared helpers of the integration tests: a small hand-written corpus
//! whose expected counts are written next to each test, and a runner of
//! the built binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The depeche binary, with a clean environment.
pub fn depeche() -> Command {
    let mut cmd = Command::cargo_bin("depeche").expect("binary built");
    cmd.env_remove("DEPECHE_INDEX")
        .env_remove("DEPECHE_CONFIG")
        .env_remove("NO_COLOR");
    cmd
}

/// A corpus and its index in a temporary folder.
pub struct Fixture {
    /// Keeps the folder alive.
    pub dir: tempfile::TempDir,
    /// The corpus folder.
    pub corpus: PathBuf,
    /// The index folder.
    pub index: PathBuf,
}

/// Dispatches of the small corpus. Hand counts (checked by reading):
/// - a form of "bombard-": deraa, alep, daraa, latin1 → 4
/// - "Observatoire": deraa (l'), alep (l’) → 2
/// - dates: 2018 → deraa, alep; 2019 → daraa, latin1; 2020 → negociations
/// - regions: Syrie/Deraa → deraa, daraa; Syrie/Alep → alep;
///   Syrie/Idleb → sans-date, latin1; none → negociations
/// - OSDH cited: deraa, alep, daraa, sans-date → 4
pub const FILES: &[(&str, &str)] = &[
    (
        "2018/deraa.txt",
        " date 2018-07-05 Le régime syrien a intensifié ses bombardements sur la province de Deraa, selon l'Observatoire syrien des droits de l'Homme (OSDH).\n\n\
         Des dizaines de frappes ont visé les quartiers rebelles de la ville de Deraa dans la nuit, a indiqué l'OSDH.\n\n\
         - \"Une nuit d'enfer\" -\n\n\
         \"Nous n'avons jamais connu de tels bombardements\", a déclaré à l'AFP Karim, un habitant.\n",
    ),
    (
        "2018/alep.txt",
        "date 2018-08-12\ntitle: Trêve fragile à Alep\n\n\
         Un quartier d’Alep a été bombardé mardi, a affirmé l’Observatoire, qui n’a pas donné de bilan.\n\n\
         Les pourparlers entre le régime et les rebelles sont dans l’impasse, selon l’OSDH.\n",
    ),
    (
        "2019/daraa.txt",
        "date 2019-03-15 Les forces du régime ont pilonné la province de Daraa, a indiqué l'OSDH.\n\n\
         Les bombardements n'ont pas cessé depuis mardi soir.\n",
    ),
    (
        "2020/negociations.txt",
        "date 2020-01\ntitle: Reprise des négociations\n\n\
         Les négociations ont repris mardi entre les deux camps, selon des sources diplomatiques.\n\n\
         Aucune avancée n'est attendue avant la fin du mois.\n",
    ),
    (
        "problemes/sans-date.txt",
        "Les frappes aériennes ont repris sur la province d'Idleb, selon l'OSDH.\n",
    ),
];

/// Writes the corpus (plus an empty file, a binary file and a Windows-1252
/// file) and indexes it.
pub fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    for (path, text) in FILES {
        write(&corpus.join(path), text.as_bytes());
    }
    // "Le régime a bombardé ... l’État" in Windows-1252 (é = E9, ’ = 92).
    write(
        &corpus.join("2019/latin1.txt"),
        b"date 2019-11-02 Le r\xe9gime a bombard\xe9 la province d\x92Idleb pendant la nuit.\n",
    );
    write(&corpus.join("problemes/vide.txt"), b"");
    write(
        &corpus.join("problemes/scan.bin"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    );
    let index = dir.path().join("index");
    let fixture = Fixture { dir, corpus, index };
    fixture.index_corpus().code(3);
    fixture
}

/// Writes a file, creating its folder.
pub fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

impl Fixture {
    /// Runs `depeche index` on the corpus.
    pub fn index_corpus(&self) -> assert_cmd::assert::Assert {
        depeche()
            .arg("index")
            .arg(&self.corpus)
            .arg("--index")
            .arg(&self.index)
            .assert()
    }

    /// `depeche query ARGS --json`, parsed, with the exit code.
    pub fn query_json(&self, args: &[&str]) -> (i32, Value) {
        let output = depeche()
            .arg("query")
            .args(args)
            .arg("--index")
            .arg(&self.index)
            .arg("--json")
            .output()
            .expect("run");
        let code = output.status.code().unwrap_or(-1);
        let json = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
        (code, json)
    }

    /// File names (last path component) of the hits of a query.
    pub fn hit_names(&self, args: &[&str]) -> Vec<String> {
        let (_, json) = self.query_json(args);
        json["hits"]
            .as_array()
            .map(|hits| {
                hits.iter()
                    .map(|h| {
                        Path::new(h["path"].as_str().unwrap_or(""))
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default()
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Sorted copy.
pub fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}
