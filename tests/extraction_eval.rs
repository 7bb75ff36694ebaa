//! Evaluation of the facet extraction against hand-labelled dispatches.
//!
//! Each set is a folder with `dispatches/*.txt` and `labels.toml`
//! (`[[dispatch]] file = …, regions = […], sources = […]`). Labels and
//! predictions are normalised through `resolve_region` / `resolve_source`
//! where they resolve, else compared as case- and accent-folded strings; for
//! regions, a path that is an ancestor of another path of the same set is
//! dropped first. Precision, recall and F1 per facet and every error are
//! printed:
//!
//! ```text
//! cargo test --test extraction_eval -- --nocapture
//! EXTRACTION_EVAL_DIR=some/folder cargo test --test extraction_eval eval_dir -- --nocapture
//! ```

use std::collections::BTreeSet;
use std::path::Path;

use depeche::analysis::fold;
use depeche::config::Config;
use depeche::extract::Extractor;
use depeche::ingest::{decode, parse};
use serde::Deserialize;

#[derive(Deserialize)]
struct Labels {
    dispatch: Vec<Labelled>,
}

#[derive(Deserialize)]
struct Labelled {
    file: String,
    #[serde(default)]
    regions: Vec<String>,
    #[serde(default)]
    sources: Vec<String>,
}

#[derive(Default)]
struct Score {
    true_positives: usize,
    predicted: usize,
    labelled: usize,
}

impl Score {
    fn precision(&self) -> f64 {
        if self.predicted == 0 {
            1.0
        } else {
            self.true_positives as f64 / self.predicted as f64
        }
    }
    fn recall(&self) -> f64 {
        if self.labelled == 0 {
            1.0
        } else {
            self.true_positives as f64 / self.labelled as f64
        }
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn folded(s: &str) -> String {
    fold(&s.trim().to_lowercase()).replace('’', "'")
}

fn region_key(x: &Extractor, label: &str) -> String {
    match x.resolve_region(label) {
        Some(path) => folded(&path.join("/")),
        None => folded(label),
    }
}

fn source_key(x: &Extractor, label: &str) -> String {
    match x.resolve_source(label) {
        Some(name) => folded(&name),
        None => folded(label),
    }
}

/// Drops the paths that are ancestors of another path of the set.
fn drop_ancestors(set: BTreeSet<String>) -> BTreeSet<String> {
    set.iter()
        .filter(|p| !set.iter().any(|q| q.starts_with(&format!("{p}/"))))
        .cloned()
        .collect()
}

fn compare(
    file: &str,
    facet: &str,
    predicted: &BTreeSet<String>,
    labelled: &BTreeSet<String>,
    score: &mut Score,
    errors: &mut Vec<String>,
) {
    score.predicted += predicted.len();
    score.labelled += labelled.len();
    score.true_positives += predicted.intersection(labelled).count();
    let missing: Vec<&String> = labelled.difference(predicted).collect();
    let extra: Vec<&String> = predicted.difference(labelled).collect();
    if !missing.is_empty() || !extra.is_empty() {
        errors.push(format!(
            "{file} [{facet}] missing {missing:?} extra {extra:?}"
        ));
    }
}

/// Evaluates one set; returns (regions, sources) scores.
fn evaluate(dir: &Path) -> (Score, Score) {
    let x = Extractor::from_config(&Config::default()).expect("built-in extraction data");
    let labels_text = std::fs::read_to_string(dir.join("labels.toml"))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.join("labels.toml").display()));
    let labels: Labels = toml::from_str(&labels_text).expect("valid labels.toml");
    let (mut regions, mut sources) = (Score::default(), Score::default());
    let mut errors = Vec::new();
    for item in &labels.dispatch {
        let path = dir.join("dispatches").join(&item.file);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let (text, _) = decode(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let facets = x.extract(&parse(&text));
        let predicted_regions = drop_ancestors(
            facets
                .regions
                .iter()
                .map(|r| region_key(&x, &r.name()))
                .collect(),
        );
        let labelled_regions =
            drop_ancestors(item.regions.iter().map(|r| region_key(&x, r)).collect());
        compare(
            &item.file,
            "regions",
            &predicted_regions,
            &labelled_regions,
            &mut regions,
            &mut errors,
        );
        let predicted_sources: BTreeSet<String> = facets
            .sources
            .iter()
            .map(|s| source_key(&x, &s.name))
            .collect();
        let labelled_sources: BTreeSet<String> =
            item.sources.iter().map(|s| source_key(&x, s)).collect();
        compare(
            &item.file,
            "sources",
            &predicted_sources,
            &labelled_sources,
            &mut sources,
            &mut errors,
        );
    }
    println!(
        "== {} ({} dispatches)",
        dir.display(),
        labels.dispatch.len()
    );
    for e in &errors {
        println!("{e}");
    }
    for (facet, s) in [("regions", &regions), ("sources", &sources)] {
        println!(
            "{facet}: precision {:.3} recall {:.3} F1 {:.3} ({} correct, {} predicted, {} labelled)",
            s.precision(),
            s.recall(),
            s.f1(),
            s.true_positives,
            s.predicted,
            s.labelled
        );
    }
    (regions, sources)
}

/// Asserts least precision and recall per facet on a set.
fn check(dir: &Path, regions_floor: f64, sources_floor: f64) {
    let (regions, sources) = evaluate(dir);
    assert!(
        regions.precision() >= regions_floor && regions.recall() >= regions_floor,
        "regions below {regions_floor} on {}",
        dir.display()
    );
    assert!(
        sources.precision() >= sources_floor && sources.recall() >= sources_floor,
        "sources below {sources_floor} on {}",
        dir.display()
    );
}

fn set(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(name)
}

/// The issue's targets on the hand-labelled evaluation set written
/// independently of the extractor: precision and recall >= 0.95 for regions
/// and >= 0.90 for sources.
#[test]
fn eval_set() {
    check(&set("eval"), 0.95, 0.90);
}

/// The development set written for the extractor (targets of the issue).
#[test]
fn dev_set() {
    check(&set("eval-dev"), 0.90, 0.90);
}

/// The held-out set (written blind, measured once before any rule changed
/// for it; see its labels.toml): a floor against regressions, under the
/// issue's targets, which the rules were not tuned to reach here.
#[test]
fn heldout_set() {
    check(&set("eval-heldout"), 0.80, 0.85);
}

/// The second blind set (written on 2026-12-06 without running the
/// extractor; figures on first use in its labels.toml): the same kind of
/// floor.
#[test]
fn blind_set() {
    check(&set("eval-blind"), 0.80, 0.85);
}

/// The third blind set (mainstream subjects, a third in the seed's
/// format; figures on first use in its labels.toml): a floor under what it
/// measured, its regions precision being the lowest of all sets.
#[test]
fn blind2_set() {
    check(&set("eval-blind2"), 0.70, 0.85);
}

/// The fourth blind set (figures on first use in its labels.toml): a
/// floor under what it measured.
#[test]
fn blind3_set() {
    check(&set("eval-blind3"), 0.70, 0.85);
}

/// The fifth blind set (figures on first use in its labels.toml), the
/// hardest on sources: a floor under what it measured.
#[test]
fn blind4_set() {
    check(&set("eval-blind4"), 0.70, 0.75);
}

/// The sixth blind set (an ordinary day of a wire; figures on first use
/// in its labels.toml): a floor under what it measured.
#[test]
fn blind5_set() {
    check(&set("eval-blind5"), 0.80, 0.85);
}

/// The seventh blind set (the forms of wire copy: brèves, intertitles,
/// diplomacy, roundups, interviews; figures on first use in its
/// labels.toml), the lowest on regions precision: a floor under what it
/// measured.
#[test]
fn blind6_set() {
    check(&set("eval-blind6"), 0.60, 0.80);
}

/// The eighth blind set (a week of the wire: conflicts, French
/// départements, diplomacy and markets, roundups, brèves; figures on first
/// use in its labels.toml): a floor under what it measured.
#[test]
fn blind7_set() {
    check(&set("eval-blind7"), 0.70, 0.80);
}

/// The ninth blind set (justice, health and environment, conflicts,
/// politics; figures on first use in its labels.toml), the richest in
/// sources: a floor under what it measured.
#[test]
fn blind8_set() {
    check(&set("eval-blind8"), 0.70, 0.75);
}

/// tests/eval-blind9 (economy and farming, sport and culture venues,
/// disasters, conflicts, French regional news; figures on first use in its
/// labels.toml), the weakest first use for regions: a floor under what it
/// measured.
#[test]
fn blind9_set() {
    check(&set("eval-blind9"), 0.50, 0.80);
}

/// tests/eval-blind10 (a week of the wire: Near East, Africa, Ukraine and
/// Russia, French regional news, economy, sport, disasters; figures on
/// first use in its labels.toml): a floor under what it measured.
#[test]
fn blind10_set() {
    check(&set("eval-blind10"), 0.75, 0.80);
}

/// tests/eval-blind11 (a week of the wire, written after the eval-blind10
/// fixes; figures on first use in its labels.toml): a floor under what it
/// measured.
#[test]
fn blind11_set() {
    check(&set("eval-blind11"), 0.70, 0.75);
}

/// tests/eval-blind12 (a week of the wire, written in the afternoon of
/// 2026-12-07; figures on first use in its labels.toml): a floor under
/// what it measured.
#[test]
fn blind12_set() {
    check(&set("eval-blind12"), 0.80, 0.85);
}

/// tests/eval-blind13 (a week of the wire, written in the evening of
/// 2026-12-07; figures on first use in its labels.toml): a floor under
/// what it measured.
#[test]
fn blind13_set() {
    check(&set("eval-blind13"), 0.80, 0.75);
}

/// tests/eval-blind14 (a week of the wire, French domestic and economic
/// news and foreign stories, written and labelled by two helpers on
/// 2026-12-07; figures on first use in its labels.toml): a floor under
/// what it measured.
#[test]
fn blind14_set() {
    check(&set("eval-blind14"), 0.85, 0.80);
}

/// tests/eval-blind15 (a week of the wire written and labelled by two
/// helpers on 2026-12-08, the hardest first use: markets, sport, Latin
/// America and Asia; figures on first use in its labels.toml): a floor
/// under what it measured.
#[test]
fn blind15_set() {
    check(&set("eval-blind15"), 0.65, 0.70);
}

/// tests/eval-blind16 (a week of the wire written and labelled by two
/// helpers on 2026-12-08: Nigeria, Sudan, Ethiopia, India, Pakistan,
/// Burma, the Philippines, Brazil, Colombia, Haiti, Venezuela, New
/// Caledonia, Lebanon, Yemen, Syria, four French stories, the EU, a film
/// festival; figures on first use in its labels.toml): a floor under what
/// it measures.
#[test]
fn blind16_set() {
    check(&set("eval-blind16"), 0.80, 0.70);
}

/// tests/eval-blind17 (a week of the wire written and labelled by two
/// helpers on 2026-12-08: French politics, justice, economy, sport,
/// health and weather, Italy, Germany, Syria, Iraq, the West Bank,
/// Ukraine, Burkina Faso, the RDC, the United States, Afghanistan, China,
/// Mexico, Iran talks in Oman, Somalia, Cannes, Cameroon; figures on first
/// use in its labels.toml): a floor under what it measures.
#[test]
fn blind17_set() {
    check(&set("eval-blind17"), 0.65, 0.75);
}

/// Any set named by `EXTRACTION_EVAL_DIR` (prints only; no assertion).
#[test]
fn eval_dir() {
    if let Ok(dir) = std::env::var("EXTRACTION_EVAL_DIR") {
        evaluate(Path::new(&dir));
    }
}
