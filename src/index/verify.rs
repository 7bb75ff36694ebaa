//! `depeche verify`: is the index intact, and is it up to date with its
//! folders?
//!
//! Contract of [`verify`]:
//! - a missing index, or one written by another analyzer, layout or
//!   settings, is an error ([`IndexError::Missing`], [`IndexError::Stale`]);
//! - every file of the last commit is checked against its checksum, and the
//!   file state of every dispatch is read; a checksum mismatch, an unreadable
//!   file, or two live dispatches of one key make the index *damaged*;
//! - the folders (given, or recorded in `depeche.json` by `depeche index`)
//!   are walked like `depeche index` walks them: files indexed but gone,
//!   changed (size or modification time differ *and* the content hash
//!   differs) or new since (and indexable: not empty, binary, undecodable or
//!   too large) make the index *out of date*. Nothing is written.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::state::load_state;
use super::{fingerprint, IndexError, OpenIndex};
use crate::extract::Extractor;
use crate::ingest::{self, NameFilter, WalkItem};

/// What `depeche verify` is asked to check.
#[derive(Debug, Clone)]
pub struct VerifyOptions {
    /// The index folder.
    pub index_dir: PathBuf,
    /// Folders to compare with; empty means the ones recorded in the index.
    pub roots: Vec<PathBuf>,
    /// Follow symbolic links (also done when the index was built with
    /// `--follow`).
    pub follow: bool,
}

/// A key with more than one live dispatch.
#[derive(Debug, Clone, Serialize)]
pub struct Duplicate {
    /// The key (absolute path).
    pub key: String,
    /// Its number of live dispatches.
    pub count: usize,
}

/// The findings of `depeche verify`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct VerifyReport {
    /// The index folder.
    pub index: String,
    /// Live dispatches in the last commit.
    pub dispatches: u64,
    /// Folders compared with (empty when the index records none and none
    /// was given: then only the index itself was checked).
    pub roots: Vec<String>,
    /// Index files whose checksum does not match their content.
    pub damaged_files: Vec<String>,
    /// Other damage: files that cannot be opened or read.
    pub errors: Vec<String>,
    /// Keys with more than one live dispatch.
    pub duplicates: Vec<Duplicate>,
    /// Folders of the index that no longer exist.
    pub missing_roots: Vec<String>,
    /// Files indexed but gone from the folders.
    pub gone: Vec<String>,
    /// Files whose content changed since they were indexed.
    pub changed: Vec<String>,
    /// Indexable files not in the index.
    pub new: Vec<String>,
    /// Files of the folders that `depeche index` skips (empty, binary …):
    /// not counted as out of date.
    pub not_indexable: u64,
}

impl VerifyReport {
    /// Whether the index is damaged (checksums, unreadable, duplicates).
    pub fn is_damaged(&self) -> bool {
        !self.damaged_files.is_empty() || !self.errors.is_empty() || !self.duplicates.is_empty()
    }

    /// Whether the index differs from its folders.
    pub fn is_out_of_date(&self) -> bool {
        !self.missing_roots.is_empty()
            || !self.gone.is_empty()
            || !self.changed.is_empty()
            || !self.new.is_empty()
    }
}

fn content_hash(path: &Path, limit: u64) -> Option<(u64, bool)> {
    let read = ingest::read_stable(path, limit).ok()?;
    let indexable = ingest::decode(&read.bytes).is_ok();
    Some((xxhash_rust::xxh3::xxh3_64(&read.bytes), indexable))
}

/// Checks the index; see the module contract.
pub fn verify(opts: &VerifyOptions) -> Result<VerifyReport, IndexError> {
    let dir = &opts.index_dir;
    let open = OpenIndex::open(dir)?;
    let extractor = match open.config.facets.extracts() {
        true => Some(Extractor::from_config(&open.config)?),
        false => None,
    };
    if fingerprint(
        &open.config,
        extractor.as_ref().map(Extractor::fingerprint_text),
    ) != open.meta.fingerprint
    {
        return Err(IndexError::Stale {
            index: dir.clone(),
            reason:
                "its analyzer, facet settings or gazetteer/source data differ from the current ones"
                    .to_string(),
        });
    }
    let mut report = VerifyReport {
        index: dir.display().to_string(),
        ..VerifyReport::default()
    };
    match open.index.validate_checksum() {
        Ok(damaged) => {
            report.damaged_files = damaged.iter().map(|p| p.display().to_string()).collect();
            report.damaged_files.sort();
        }
        Err(e) => report.errors.push(e.to_string()),
    }
    let state = match load_state(&open.index, dir) {
        Ok(state) => state,
        Err(e) => {
            report.errors.push(e.to_string());
            return Ok(report);
        }
    };
    report.dispatches = state.dispatches;
    report.duplicates = state
        .duplicates
        .iter()
        .map(|(key, count)| Duplicate {
            key: key.clone(),
            count: *count,
        })
        .collect();
    report.duplicates.sort_by(|a, b| a.key.cmp(&b.key));

    let roots = if opts.roots.is_empty() {
        open.meta.roots.clone()
    } else {
        opts.roots.clone()
    };
    let (existing, missing): (Vec<PathBuf>, Vec<PathBuf>) =
        roots.iter().cloned().partition(|r| r.exists());
    report.roots = roots.iter().map(|r| r.display().to_string()).collect();
    report.missing_roots = missing.iter().map(|r| r.display().to_string()).collect();
    let absolute_roots: Vec<PathBuf> = roots
        .iter()
        .map(|r| std::fs::canonicalize(r).unwrap_or_else(|_| r.clone()))
        .collect();
    let filter = NameFilter::new(&open.config.indexing)?;
    let limit = open.config.indexing.max_file_mb.saturating_mul(1024 * 1024);
    let items = ingest::walk(
        &existing,
        &filter,
        opts.follow || open.meta.follow,
        super::writer::available_cores(),
    )?;
    let mut seen = HashSet::new();
    for item in items {
        let WalkItem::File(file) = item else {
            continue;
        };
        if !seen.insert(file.key.clone()) {
            continue;
        }
        match state.files.get(&file.key) {
            Some(s) if s.size == file.size && s.mtime == file.mtime_ns => {}
            Some(s) => match content_hash(&file.path, limit) {
                Some((hash, _)) if hash == s.hash => {}
                _ => report.changed.push(file.path.display().to_string()),
            },
            None => match content_hash(&file.path, limit) {
                Some((_, true)) => report.new.push(file.path.display().to_string()),
                _ => report.not_indexable += 1,
            },
        }
    }
    let mut gone: Vec<String> = state
        .files
        .keys()
        .filter(|key| {
            !seen.contains(*key)
                && absolute_roots
                    .iter()
                    .any(|root| Path::new(key).starts_with(root))
        })
        .cloned()
        .collect();
    gone.sort();
    report.gone = gone;
    Ok(report)
}
