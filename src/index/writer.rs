//! The indexing run: walk, compare with the index, read and analyse what
//! changed, write, commit.
//!
//! Contract:
//! - Every walked entry ends in the [`IndexReport`]: added, updated,
//!   unchanged, removed, excluded by pattern, or skipped with its reason.
//! - A file whose size and modification time equal the indexed ones is not
//!   read. Otherwise it is read and hashed; an equal hash leaves it unchanged.
//! - Files of the walked roots that are in the index but no longer on disk
//!   are removed; files indexed from other roots are kept.
//! - Commits happen every `commit_every_docs` dispatches or
//!   `commit_every_secs` seconds and at the end; a crash loses at most the
//!   work since the last commit, and the next run completes it (a file is
//!   identified by its absolute path, so nothing is indexed twice).
//! - With `strict`, nothing is committed unless every file was indexed.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use tantivy::directory::error::LockError;
use tantivy::schema::Facet;
use tantivy::{doc, Index, IndexWriter, TantivyDocument, TantivyError, Term};

use super::{fingerprint, Fields, IndexError, IndexMeta, META_FILE};
use crate::analysis::{FrenchAnalyzer, TOKENIZER_NAME};
use crate::config::{Config, DateGranularity};
use crate::extract::Extractor;
use crate::ingest::{self, FileCandidate, NameFilter, ParagraphKind, WalkItem, WalkSkip};

/// What `depeche index` is asked to do.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// Folders (or files) to index.
    pub roots: Vec<PathBuf>,
    /// The index folder.
    pub index_dir: PathBuf,
    /// Settings given with `--config`, with their text; `None` uses the
    /// index's own settings, or the default for a new index.
    pub config: Option<(Config, String)>,
    /// Start from an empty index.
    pub rebuild: bool,
    /// Follow symbolic links.
    pub follow: bool,
    /// Commit nothing unless every file is indexed.
    pub strict: bool,
    /// Draw a progress bar on stderr.
    pub progress: bool,
}

/// Why a file was not indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipKind {
    /// No bytes or only white space.
    Empty,
    /// NUL bytes.
    Binary,
    /// Undecodable text.
    Malformed,
    /// Larger than `max_file_mb`.
    TooLarge,
    /// Could not be read (permissions, vanished, I/O error).
    Unreadable,
    /// A symbolic link not followed.
    Symlink,
    /// A symbolic link loop.
    SymlinkLoop,
    /// Not a regular file.
    NotAFile,
}

impl SkipKind {
    /// Short description for summaries.
    pub fn label(self) -> &'static str {
        match self {
            SkipKind::Empty => "empty",
            SkipKind::Binary => "binary",
            SkipKind::Malformed => "undecodable",
            SkipKind::TooLarge => "too large",
            SkipKind::Unreadable => "unreadable",
            SkipKind::Symlink => "symbolic link not followed",
            SkipKind::SymlinkLoop => "symbolic link loop",
            SkipKind::NotAFile => "not a regular file",
        }
    }
}

/// A file that was not indexed.
#[derive(Debug, Clone, Serialize)]
pub struct SkippedFile {
    /// Path as walked.
    pub path: String,
    /// Kind of problem.
    pub kind: SkipKind,
    /// Full reason.
    pub reason: String,
}

/// A file indexed with a remark (transcoded, no date).
#[derive(Debug, Clone, Serialize)]
pub struct FileRemark {
    /// Path as walked.
    pub path: String,
    /// The remark (encoding name, or the date problem).
    pub detail: String,
}

/// Summary of an indexing run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexReport {
    /// The index folder.
    pub index: String,
    /// Files met by the walk, excluded ones included.
    pub files_seen: u64,
    /// New dispatches indexed.
    pub added: u64,
    /// Changed files re-indexed.
    pub updated: u64,
    /// Files already indexed and unchanged.
    pub unchanged: u64,
    /// Dispatches removed because their file is gone.
    pub removed: u64,
    /// Files excluded by the `[indexing]` patterns.
    pub excluded: u64,
    /// Paths excluded by pattern (for `--verbose`).
    pub excluded_paths: Vec<String>,
    /// Files not indexed, with the reason.
    pub skipped: Vec<SkippedFile>,
    /// Files decoded from another encoding than UTF-8.
    pub transcoded: Vec<FileRemark>,
    /// Dispatches indexed without a date, with the reason.
    pub undated: Vec<FileRemark>,
    /// Bytes read from the files indexed.
    pub bytes_indexed: u64,
    /// Dispatches in the index after the run.
    pub total_dispatches: u64,
    /// Commits made.
    pub commits: u64,
    /// Wall time, seconds.
    pub elapsed_secs: f64,
}

#[derive(Debug, Clone, Copy)]
struct IndexedState {
    size: u64,
    mtime: u64,
    hash: u64,
}

struct Job {
    file: FileCandidate,
    /// Hash of the indexed version, for a changed file.
    previous_hash: Option<u64>,
}

enum Outcome {
    Indexed {
        path: String,
        bytes: u64,
        updated: bool,
        transcoded: Option<&'static str>,
        undated: Option<String>,
    },
    Unchanged,
    Skipped(SkippedFile),
}

fn tantivy_error(dir: &Path, e: TantivyError) -> IndexError {
    match e {
        TantivyError::LockFailure(LockError::LockBusy, _) => IndexError::Locked(dir.to_path_buf()),
        other => IndexError::Tantivy {
            index: dir.to_path_buf(),
            message: other.to_string(),
        },
    }
}

/// Settings, extractor and metadata for the run, checked against an
/// existing index.
fn prepare(opts: &IndexOptions) -> Result<(Config, Extractor, IndexMeta), IndexError> {
    let dir = &opts.index_dir;
    let existing = match IndexMeta::read(dir) {
        Ok(meta) => Some(meta),
        Err(IndexError::Missing(_)) => None,
        Err(e) => return Err(e),
    };
    if existing.is_none() && dir.exists() {
        let non_empty = std::fs::read_dir(dir)
            .map_err(|source| IndexError::Io {
                path: dir.clone(),
                source,
            })?
            .next()
            .is_some();
        if non_empty {
            return Err(IndexError::Damaged {
                index: dir.clone(),
                message: format!("the folder is not empty and has no {META_FILE}: not a depeche index, refusing to write into it"),
            });
        }
    }
    match existing {
        Some(meta) => {
            meta.check_versions(dir)?;
            let (config, text) = match &opts.config {
                Some((config, text)) => (config.clone(), text.clone()),
                None => (meta.config()?, meta.config.clone()),
            };
            let extractor = Extractor::from_config(&config)?;
            let print = fingerprint(&config, &extractor);
            if print != meta.fingerprint {
                return Err(IndexError::Stale {
                    index: dir.clone(),
                    reason: "its analyzer, facet settings or gazetteer/source data differ from the current ones".to_string(),
                });
            }
            let mut meta = meta;
            meta.config = text;
            Ok((config, extractor, meta))
        }
        None => {
            let (config, text) = match &opts.config {
                Some((config, text)) => (config.clone(), text.clone()),
                None => (Config::default(), crate::config::DEFAULT_CONFIG.to_string()),
            };
            let extractor = Extractor::from_config(&config)?;
            let meta = IndexMeta::new(&config, &text, &extractor);
            Ok((config, extractor, meta))
        }
    }
}

fn remove_index_files(dir: &Path) -> Result<(), IndexError> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.join(META_FILE).exists() {
        return Err(IndexError::Damaged {
            index: dir.to_path_buf(),
            message: format!("--rebuild: the folder has no {META_FILE}; not a depeche index, refusing to delete it"),
        });
    }
    std::fs::remove_dir_all(dir).map_err(|source| IndexError::Io {
        path: dir.to_path_buf(),
        source,
    })
}

fn open_or_create(dir: &Path, fields: &Fields) -> Result<Index, IndexError> {
    std::fs::create_dir_all(dir).map_err(|source| IndexError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let directory =
        tantivy::directory::MmapDirectory::open(dir).map_err(|e| IndexError::Damaged {
            index: dir.to_path_buf(),
            message: e.to_string(),
        })?;
    Index::open_or_create(directory, fields.schema.clone()).map_err(|e| tantivy_error(dir, e))
}

/// Reads the file state of every live dispatch: key → (size, mtime, hash).
fn load_state(index: &Index, dir: &Path) -> Result<HashMap<String, IndexedState>, IndexError> {
    let err = |e: TantivyError| tantivy_error(dir, e);
    let reader = index.reader().map_err(err)?;
    let searcher = reader.searcher();
    let mut state = HashMap::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let Some(keys) = fast.str("key").map_err(err)? else {
            continue;
        };
        let size = fast.u64("size").map_err(err)?;
        let mtime = fast.u64("mtime").map_err(err)?;
        let hash = fast.u64("hash").map_err(err)?;
        let mut names = Vec::with_capacity(keys.num_terms());
        let mut stream = keys
            .dictionary()
            .stream()
            .map_err(|e| IndexError::Damaged {
                index: dir.to_path_buf(),
                message: e.to_string(),
            })?;
        while stream.advance() {
            names.push(String::from_utf8_lossy(stream.key()).into_owned());
        }
        for doc in segment.doc_ids_alive() {
            let Some(ord) = keys.term_ords(doc).next() else {
                continue;
            };
            let Some(name) = names.get(ord as usize) else {
                continue;
            };
            state.insert(
                name.clone(),
                IndexedState {
                    size: size.first(doc).unwrap_or(0),
                    mtime: mtime.first(doc).unwrap_or(0),
                    hash: hash.first(doc).unwrap_or(0),
                },
            );
        }
    }
    Ok(state)
}

fn walk_skip(path: &Path, reason: &WalkSkip) -> Option<SkippedFile> {
    let kind = match reason {
        WalkSkip::Excluded => return None,
        WalkSkip::SymlinkNotFollowed => SkipKind::Symlink,
        WalkSkip::SymlinkLoop => SkipKind::SymlinkLoop,
        WalkSkip::NotAFile => SkipKind::NotAFile,
        WalkSkip::Unreadable(_) => SkipKind::Unreadable,
    };
    Some(SkippedFile {
        path: path.display().to_string(),
        kind,
        reason: reason.to_string(),
    })
}

/// Builds the tantivy document of a parsed dispatch.
pub fn build_document(
    fields: &Fields,
    granularity: DateGranularity,
    file: &FileCandidate,
    hash: u64,
    dispatch: &ingest::Dispatch,
    extractor: &Extractor,
) -> TantivyDocument {
    let mut document = doc!(
        fields.path => file.path.display().to_string(),
        fields.key => file.key.clone(),
        fields.size => file.size,
        fields.mtime => file.mtime_ns,
        fields.hash => hash,
    );
    if let Some(title) = &dispatch.title {
        document.add_text(fields.title, title);
    }
    if let Some(lead) = dispatch.lead() {
        document.add_text(fields.lead, lead);
    }
    for (i, paragraph) in dispatch.paragraphs.iter().enumerate() {
        document.add_text(fields.body, &paragraph.text);
        if paragraph.kind == ParagraphKind::Intertitle {
            document.add_u64(fields.intertitle, i as u64);
        }
    }
    if let Some(date) = dispatch.date {
        let year = format!("{:04}", date.year);
        let month = format!("{:02}", date.month);
        let facet = match (granularity, date.day) {
            (DateGranularity::Year, _) => Facet::from_path([year]),
            (DateGranularity::Month, _) | (DateGranularity::Day, None) => {
                Facet::from_path([year, month])
            }
            (DateGranularity::Day, Some(day)) => {
                Facet::from_path([year, month, format!("{day:02}")])
            }
        };
        document.add_facet(fields.date, facet);
        document.add_text(fields.date_text, date.to_string());
        document.add_u64(fields.date_lo, date.first_day());
        document.add_u64(fields.date_hi, date.last_day());
    }
    let facets = extractor.extract(dispatch);
    for region in &facets.regions {
        if region.path.iter().all(|s| !s.is_empty()) {
            document.add_facet(fields.region, Facet::from_path(&region.path));
        }
    }
    for source in &facets.sources {
        if !source.name.is_empty() {
            document.add_facet(fields.source, Facet::from_path([&source.name]));
        }
    }
    document
}

struct Worker<'a> {
    fields: &'a Fields,
    config: &'a Config,
    extractor: &'a Extractor,
    writer: &'a IndexWriter,
}

impl Worker<'_> {
    fn process(&self, job: &Job) -> Outcome {
        let file = &job.file;
        let path = file.path.display().to_string();
        let skipped = |kind: SkipKind, reason: String| {
            Outcome::Skipped(SkippedFile {
                path: path.clone(),
                kind,
                reason,
            })
        };
        let max = self.config.indexing.max_file_mb.saturating_mul(1024 * 1024);
        let bytes = match std::fs::metadata(&file.path) {
            Ok(m) if m.len() > max => {
                return skipped(
                    SkipKind::TooLarge,
                    format!(
                        "{} bytes, more than max_file_mb = {}",
                        m.len(),
                        self.config.indexing.max_file_mb
                    ),
                )
            }
            Ok(_) => match std::fs::read(&file.path) {
                Ok(bytes) => bytes,
                Err(e) => return skipped(SkipKind::Unreadable, format!("unreadable: {e}")),
            },
            Err(e) => return skipped(SkipKind::Unreadable, format!("unreadable: {e}")),
        };
        let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
        if job.previous_hash == Some(hash) {
            return Outcome::Unchanged;
        }
        let (text, encoding) = match ingest::decode(&bytes) {
            Ok(decoded) => decoded,
            Err(e) => {
                let kind = match e {
                    ingest::DecodeError::Empty => SkipKind::Empty,
                    ingest::DecodeError::Binary { .. } => SkipKind::Binary,
                    ingest::DecodeError::Malformed { .. } => SkipKind::Malformed,
                };
                return skipped(kind, e.to_string());
            }
        };
        let dispatch = ingest::parse(&text);
        let mut file = file.clone();
        file.size = bytes.len() as u64;
        let document = build_document(
            self.fields,
            self.config.facets.date.granularity,
            &file,
            hash,
            &dispatch,
            self.extractor,
        );
        let updated = job.previous_hash.is_some();
        if updated {
            self.writer
                .delete_term(Term::from_field_text(self.fields.key, &file.key));
        }
        if let Err(e) = self.writer.add_document(document) {
            return skipped(
                SkipKind::Unreadable,
                format!("index writer refused it: {e}"),
            );
        }
        Outcome::Indexed {
            path,
            bytes: bytes.len() as u64,
            updated,
            transcoded: encoding.is_transcoded().then(|| encoding.name()),
            undated: dispatch.date_problem,
        }
    }
}

fn progress_bar(show: bool, total_bytes: u64) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {binary_bytes_per_sec} {msg} (eta {eta})",
    ) {
        bar.set_style(style);
    }
    bar
}

/// Runs `depeche index`: see the module contract.
pub fn run_index(opts: &IndexOptions) -> Result<IndexReport, IndexError> {
    let start = Instant::now();
    let dir = &opts.index_dir;
    if opts.rebuild {
        remove_index_files(dir)?;
    }
    let (config, extractor, meta) = prepare(opts)?;
    let filter = NameFilter::new(&config.indexing)?;
    let scanning = if opts.progress {
        let spinner = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        spinner.set_message("scanning folders…");
        spinner.enable_steady_tick(Duration::from_millis(120));
        spinner
    } else {
        ProgressBar::hidden()
    };
    let items = ingest::walk(&opts.roots, &filter, opts.follow);
    scanning.finish_and_clear();
    let items = items?;

    let fields = Fields::build();
    let index = open_or_create(dir, &fields)?;
    meta.write(dir)?;
    let fields = Fields::from_schema(&index.schema()).map_err(|e| IndexError::Damaged {
        index: dir.clone(),
        message: e.to_string(),
    })?;
    index
        .tokenizers()
        .register(TOKENIZER_NAME, FrenchAnalyzer::new(&config.analyzer));
    let threads = config.indexing_threads().clamp(1, 8);
    let budget = (config.indexing.memory_budget_mb * 1024 * 1024).max(threads * 16 * 1024 * 1024);
    let mut writer: IndexWriter = index
        .writer_with_num_threads(threads, budget)
        .map_err(|e| tantivy_error(dir, e))?;
    let state = load_state(&index, dir)?;

    let mut report = IndexReport {
        index: dir.display().to_string(),
        ..IndexReport::default()
    };
    let mut jobs = Vec::new();
    let mut seen_keys = HashSet::new();
    for item in items {
        report.files_seen += 1;
        match item {
            WalkItem::Skipped { path, reason } => match walk_skip(&path, &reason) {
                Some(skip) => report.skipped.push(skip),
                None => {
                    report.excluded += 1;
                    report.excluded_paths.push(path.display().to_string());
                }
            },
            WalkItem::File(file) => {
                if !seen_keys.insert(file.key.clone()) {
                    continue; // the same file reached through two roots
                }
                match state.get(&file.key) {
                    Some(s) if s.size == file.size && s.mtime == file.mtime_ns => {
                        report.unchanged += 1
                    }
                    Some(s) => jobs.push(Job {
                        previous_hash: Some(s.hash),
                        file,
                    }),
                    None => jobs.push(Job {
                        previous_hash: None,
                        file,
                    }),
                }
            }
        }
    }
    let absolute_roots: Vec<PathBuf> = opts
        .roots
        .iter()
        .filter_map(|r| std::fs::canonicalize(r).ok())
        .collect();
    for key in state.keys() {
        let under_a_root = absolute_roots
            .iter()
            .any(|root| Path::new(key).starts_with(root));
        if under_a_root && !seen_keys.contains(key) {
            writer.delete_term(Term::from_field_text(fields.key, key));
            report.removed += 1;
        }
    }

    let total_bytes: u64 = jobs.iter().map(|j| j.file.size).sum();
    let bar = progress_bar(opts.progress, total_bytes);
    let mut done = 0usize;
    let commit_every = Duration::from_secs(config.indexing.commit_every_secs.max(1));
    let batch_size =
        usize::try_from(config.indexing.commit_every_docs.max(1)).unwrap_or(usize::MAX);
    let next = AtomicUsize::new(0);
    let mut batch_start = 0;
    while batch_start < jobs.len() || report.commits == 0 {
        let batch_end = if opts.strict {
            jobs.len()
        } else {
            batch_start.saturating_add(batch_size).min(jobs.len())
        };
        let stop = AtomicBool::new(false);
        let batch_began = Instant::now();
        let (tx, rx) = mpsc::channel::<Outcome>();
        std::thread::scope(|scope| {
            for _ in 0..threads {
                let tx = tx.clone();
                let worker = Worker {
                    fields: &fields,
                    config: &config,
                    extractor: &extractor,
                    writer: &writer,
                };
                let (jobs, next, stop, bar) = (&jobs, &next, &stop, &bar);
                scope.spawn(move || loop {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= batch_end {
                        break;
                    }
                    let outcome = worker.process(&jobs[i]);
                    bar.inc(jobs[i].file.size);
                    if tx.send(outcome).is_err() {
                        break;
                    }
                });
            }
            drop(tx);
            for outcome in rx {
                record(&mut report, outcome);
                done += 1;
                bar.set_message(format!("{done}/{} files", jobs.len()));
                if !opts.strict && batch_began.elapsed() > commit_every {
                    stop.store(true, Ordering::Relaxed);
                }
            }
        });
        batch_start = next.load(Ordering::Relaxed).min(batch_end);
        next.store(batch_start, Ordering::Relaxed);
        if opts.strict && !report.skipped.is_empty() {
            bar.finish_and_clear();
            writer.rollback().map_err(|e| tantivy_error(dir, e))?;
            return Err(IndexError::Strict(report.skipped.len()));
        }
        writer.commit().map_err(|e| tantivy_error(dir, e))?;
        report.commits += 1;
    }
    bar.finish_and_clear();
    writer
        .wait_merging_threads()
        .map_err(|e| tantivy_error(dir, e))?;
    let reader = index.reader().map_err(|e| tantivy_error(dir, e))?;
    report.total_dispatches = reader.searcher().num_docs();
    report.elapsed_secs = start.elapsed().as_secs_f64();
    Ok(report)
}

fn record(report: &mut IndexReport, outcome: Outcome) {
    match outcome {
        Outcome::Indexed {
            path,
            bytes,
            updated,
            transcoded,
            undated,
        } => {
            if updated {
                report.updated += 1;
            } else {
                report.added += 1;
            }
            report.bytes_indexed += bytes;
            if let Some(encoding) = transcoded {
                report.transcoded.push(FileRemark {
                    path: path.clone(),
                    detail: encoding.to_string(),
                });
            }
            if let Some(problem) = undated {
                report.undated.push(FileRemark {
                    path,
                    detail: problem,
                });
            }
        }
        Outcome::Unchanged => report.unchanged += 1,
        Outcome::Skipped(skip) => report.skipped.push(skip),
    }
}
