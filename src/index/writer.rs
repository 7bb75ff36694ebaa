//! The indexing run: walk, compare with the index, read and analyse what
//! changed, write, commit.
//!
//! Contract:
//! - The writer lock is taken before anything else: a second indexer of the
//!   same index fails at once ([`IndexError::Locked`]) and changes nothing.
//!   The lock is an OS file lock, released when a process dies, so a crash
//!   never leaves a stale lock behind.
//! - Every walked entry ends in the [`IndexReport`]: added, updated, moved,
//!   unchanged, removed, excluded by pattern, or skipped with its reason.
//! - A file whose size and modification time equal the indexed ones is not
//!   read. Otherwise it is read and hashed; an equal hash leaves it unchanged
//!   (its new modification time is recorded). A new file with the size and
//!   hash of an indexed file gone from the walked roots is reported as moved.
//! - Files of the walked roots that are in the index but no longer on disk
//!   are removed; files indexed from other roots are kept.
//! - Commits happen every `commit_every_docs` files (or `--commit-every`) or
//!   `commit_every_secs` seconds and at the end. A commit is atomic: a crash
//!   (even `kill -9`) leaves the index at its last commit; the next run
//!   completes the work, and since a file is identified by its absolute path
//!   (and an update deletes the old dispatch in the same commit that adds the
//!   new one), nothing is ever indexed twice.
//! - A writer failure (disk full) stops the run with an error and leaves the
//!   index at its last commit.
//! - With `strict`, nothing is committed unless every file was indexed.
//!
//! Order: the settings and data files are read (and the index's
//! fingerprint checked), then the folders are walked while another thread
//! builds the extractor (parsing the gazetteers and source lists); only
//! then is the index opened for writing, so that invalid data stops the run
//! before anything is written.
//!
//! Threads: one reader per core (or per writer thread, when there are
//! more) reads, decodes, parses, extracts and analyses files, taking jobs
//! in walk order; the calling thread alone applies their changes to the
//! index writer, in the order they arrive, and commits; tantivy's writer
//! threads build the postings. The readers keep working while a commit
//! serialises its segments, up to `QUEUED_JOBS` jobs ahead. So that the
//! last commit has little left to serialise, one more commit is made when
//! `QUEUED_JOBS` files are left, if at least as many were processed since
//! the one before (the readers read those files meanwhile). While reads
//! come from the disk rather than the page cache, a read-ahead thread keeps
//! the next `READ_AHEAD_FILES` files asked for (`read_ahead`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use tantivy::directory::error::LockError;
use tantivy::directory::{Directory, INDEX_WRITER_LOCK};
use tantivy::schema::Facet;
use tantivy::{Index, IndexSettings, IndexWriter, TantivyDocument, TantivyError, Term};

use super::state::{load_state, IndexState, IndexedState};
use super::trimmed::{TrimPolicy, TrimmedMmapDirectory};
use super::worker::{Change, GoneFiles, Job, Outcome, Worker, WriterOp};
use super::{fingerprint, Fields, IndexError, IndexMeta, META_FILE};
use crate::analysis::{FrenchAnalyzer, TermsTokenizer, TERMS_TOKENIZER_NAME};
use crate::config::{Config, DateGranularity, FacetsConfig};
use crate::extract::{ExtractionData, Extractor};
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
    /// Commit after this many files processed; overrides
    /// `commit_every_docs` of the settings.
    pub commit_every: Option<u64>,
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
    /// Gone between the walk and the read.
    Vanished,
    /// Kept changing while it was read; the next run retries.
    Changing,
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
            SkipKind::Vanished => "vanished",
            SkipKind::Changing => "changing while read",
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

/// A file found at a new path with the content of an indexed file that is
/// gone: its dispatch moved with it.
#[derive(Debug, Clone, Serialize)]
pub struct MovedFile {
    /// The old key (absolute path).
    pub from: String,
    /// The new path, as walked.
    pub to: String,
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
    /// Dispatches removed because their file is gone (or is no longer a
    /// dispatch: empty, binary, undecodable, too large).
    pub removed: u64,
    /// Files moved: gone from one path, found with the same content at
    /// another (not counted in added or removed).
    pub moved: u64,
    /// The moves, old key and new path.
    pub moves: Vec<MovedFile>,
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

/// Whether an error message is the operating system's "disk full".
pub(crate) fn is_disk_full(message: &str) -> bool {
    message.contains("No space left on device")
        || message.contains("os error 28")
        || message.contains("Disk quota exceeded")
        || message.contains("os error 122")
}

/// An error of the writer, as an [`IndexError`]: a busy lock is
/// [`IndexError::Locked`], a full disk [`IndexError::DiskFull`].
pub(crate) fn writer_error(dir: &Path, message: String) -> IndexError {
    if is_disk_full(&message) {
        IndexError::DiskFull {
            index: dir.to_path_buf(),
            message,
        }
    } else {
        IndexError::Tantivy {
            index: dir.to_path_buf(),
            message,
        }
    }
}

fn tantivy_error(dir: &Path, e: TantivyError) -> IndexError {
    match e {
        TantivyError::LockFailure(LockError::LockBusy, _) => IndexError::Locked(dir.to_path_buf()),
        other => writer_error(dir, other.to_string()),
    }
}

/// Settings, extraction data (read, not yet parsed) and metadata for the
/// run, checked against an existing index.
fn prepare(opts: &IndexOptions) -> Result<(Config, Option<ExtractionData>, IndexMeta), IndexError> {
    let dir = &opts.index_dir;
    let existing = match IndexMeta::read(dir) {
        Ok(meta) => Some(meta),
        Err(IndexError::Missing(_)) => None,
        // --rebuild replaces an unreadable depeche.json too.
        Err(IndexError::Damaged { .. }) if opts.rebuild => None,
        Err(e) => return Err(e),
    };
    if opts.rebuild {
        // A damaged depeche.json still marks a depeche index.
        if existing.is_none() && !dir.join(META_FILE).exists() && is_non_empty(dir)? {
            return Err(IndexError::Damaged {
                index: dir.clone(),
                message: format!("--rebuild: the folder has no {META_FILE}; not a depeche index, refusing to delete it"),
            });
        }
        let (config, text) = match &opts.config {
            Some((config, text)) => (config.clone(), text.clone()),
            None => (Config::default(), crate::config::DEFAULT_CONFIG.to_string()),
        };
        let data = extraction_data(&config)?;
        let meta = IndexMeta::new(&config, &text, fingerprint_text(&data).as_deref());
        return Ok((config, data, meta));
    }
    if existing.is_none() && is_non_empty(dir)? {
        return Err(IndexError::Damaged {
            index: dir.clone(),
            message: format!("the folder is not empty and has no {META_FILE}: not a depeche index, refusing to write into it"),
        });
    }
    match existing {
        Some(meta) => {
            meta.check_versions(dir)?;
            let (config, text) = match &opts.config {
                Some((config, text)) => (config.clone(), text.clone()),
                None => (meta.config()?, meta.config.clone()),
            };
            let data = extraction_data(&config)?;
            let print = fingerprint(&config, fingerprint_text(&data).as_deref());
            if print != meta.fingerprint {
                return Err(IndexError::Stale {
                    index: dir.clone(),
                    reason: "its analyzer, facet settings or gazetteer/source data differ from the current ones".to_string(),
                });
            }
            meta.check_extraction_version(dir, &config)?;
            let mut meta = meta;
            meta.config = text;
            Ok((config, data, meta))
        }
        None => {
            let (config, text) = match &opts.config {
                Some((config, text)) => (config.clone(), text.clone()),
                None => (Config::default(), crate::config::DEFAULT_CONFIG.to_string()),
            };
            let data = extraction_data(&config)?;
            let meta = IndexMeta::new(&config, &text, fingerprint_text(&data).as_deref());
            Ok((config, data, meta))
        }
    }
}

/// The extraction data files of `config`, read (not parsed), or `None`
/// when it extracts neither regions nor sources (the gazetteers are then
/// not even loaded).
fn extraction_data(config: &Config) -> Result<Option<ExtractionData>, IndexError> {
    if !config.facets.extracts() {
        return Ok(None);
    }
    Ok(Some(ExtractionData::read(config)?))
}

/// The fingerprint text of `data` (see [`fingerprint`]).
fn fingerprint_text(data: &Option<ExtractionData>) -> Option<String> {
    data.as_ref().map(ExtractionData::fingerprint_text)
}

fn is_lock_file(name: &str) -> bool {
    name.starts_with(".tantivy-") && name.ends_with(".lock")
}

/// Whether `dir` holds anything but tantivy's lock files (which a run
/// killed before writing anything leaves behind).
fn is_non_empty(dir: &Path) -> Result<bool, IndexError> {
    if !dir.exists() {
        return Ok(false);
    }
    let entries = std::fs::read_dir(dir).map_err(|source| IndexError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    Ok(entries
        .filter_map(Result::ok)
        .any(|e| !is_lock_file(&e.file_name().to_string_lossy())))
}

/// Removes the files of the index in `dir` for `--rebuild`, keeping the lock
/// files (held by the caller) and `depeche.json` (rewritten next). tantivy's
/// `meta.json` goes first: a crash midway leaves an index with no commit,
/// never one whose commit lacks files.
fn remove_index_files(dir: &Path) -> Result<(), IndexError> {
    let io = |path: &Path, source| IndexError::Io {
        path: path.to_path_buf(),
        source,
    };
    match std::fs::remove_file(dir.join("meta.json")) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(io(&dir.join("meta.json"), e))
        }
        _ => {}
    }
    for entry in std::fs::read_dir(dir).map_err(|e| io(dir, e))? {
        let entry = entry.map_err(|e| io(dir, e))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if is_lock_file(&name) || name == META_FILE {
            continue;
        }
        let path = entry.path();
        let result = if entry.file_type().map_err(|e| io(&path, e))?.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        result.map_err(|e| io(&path, e))?;
    }
    Ok(())
}

fn walk_skip(path: &Path, reason: &WalkSkip) -> Option<SkippedFile> {
    let kind = match reason {
        WalkSkip::Excluded => return None,
        WalkSkip::SymlinkNotFollowed => SkipKind::Symlink,
        WalkSkip::SymlinkLoop => SkipKind::SymlinkLoop,
        WalkSkip::NotAFile => SkipKind::NotAFile,
        WalkSkip::Unreadable(_) => SkipKind::Unreadable,
        WalkSkip::Vanished => SkipKind::Vanished,
    };
    Some(SkippedFile {
        path: path.display().to_string(),
        kind,
        reason: reason.to_string(),
    })
}

/// What [`build_document`] needs besides the dispatch.
pub struct DocumentContext<'a> {
    /// Field handles of the index.
    pub fields: &'a Fields,
    /// Facet settings.
    pub settings: &'a FacetsConfig,
    /// The analyzer whose terms lines the text fields hold.
    pub analyzer: &'a FrenchAnalyzer,
    /// Facet extraction; `None` when the settings extract no facet.
    pub extractor: Option<&'a Extractor>,
}

/// Builds the tantivy document of a parsed dispatch: its texts stored as
/// written and indexed as terms lines (see [`crate::analysis`]), its date
/// and its facets. `terms` is a scratch buffer.
pub fn build_document(
    context: &DocumentContext,
    file: &FileCandidate,
    hash: u64,
    dispatch: &ingest::Dispatch,
    terms: &mut String,
) -> TantivyDocument {
    let DocumentContext {
        fields,
        settings,
        analyzer,
        extractor,
    } = *context;
    // The document serialises every value into one buffer: reserve it at
    // once (texts and their terms lines, each with a length prefix, and
    // room for the rest).
    let lead = dispatch.lead_index();
    let texts: usize = dispatch.title.as_deref().map_or(0, str::len)
        + lead.map_or(0, |i| dispatch.paragraphs[i].text.len())
        + dispatch
            .paragraphs
            .iter()
            .map(|p| p.text.len())
            .sum::<usize>();
    let path = file.path.display().to_string();
    let mut document = TantivyDocument::with_capacity(
        2 * texts + path.len() + file.key.len() + 16 * (dispatch.paragraphs.len() + 16) + 256,
    );
    document.add_text(fields.path, path);
    document.add_text(fields.key, &file.key);
    document.add_u64(fields.size, file.size);
    document.add_u64(fields.mtime, file.mtime_ns);
    document.add_u64(fields.hash, hash);
    if let Some(title) = &dispatch.title {
        document.add_text(fields.title_text, title);
        terms.clear();
        analyzer.write_terms(title, terms);
        document.add_text(fields.title, &*terms);
    }
    for (i, paragraph) in dispatch.paragraphs.iter().enumerate() {
        document.add_text(fields.body_text, &paragraph.text);
        terms.clear();
        analyzer.write_terms(&paragraph.text, terms);
        // The lead is indexed once, in its own field; searches of the body
        // search both (see `search::plan`).
        let field = if lead == Some(i) {
            fields.lead
        } else {
            fields.body
        };
        document.add_text(field, &*terms);
        if paragraph.kind == ParagraphKind::Intertitle {
            document.add_u64(fields.intertitle, i as u64);
        }
    }
    if let Some(date) = dispatch.date {
        let year = format!("{:04}", date.year);
        let month = format!("{:02}", date.month);
        let facet = match (settings.date.granularity, date.day) {
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
    let Some(extractor) = extractor else {
        return document;
    };
    let facets = extractor.extract(dispatch);
    if settings.region.extract {
        for region in &facets.regions {
            if region.path.iter().all(|s| !s.is_empty()) {
                document.add_facet(fields.region, Facet::from_path(&region.path));
            }
        }
    }
    if settings.source.extract {
        for source in &facets.sources {
            if !source.name.is_empty() {
                document.add_facet(fields.source, Facet::from_path([&source.name]));
            }
        }
    }
    document
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

/// Size of the blocks the stored text is compressed in (tantivy's default
/// is 16 KiB). Larger blocks compress better with lz4, and a hit
/// decompresses one block. gen-10k: index 27.4 MB with 16 KiB, 26.2 MB with
/// 64 KiB, 25.8 MB with 128 KiB; query median 5.1–5.4, 5.6, 6.1–6.3 ms.
/// Settings of an existing index stay those it was created with.
const DOCSTORE_BLOCK_BYTES: usize = 64 * 1024;

/// Fails with [`IndexError::Locked`] when another process holds the
/// writer lock of the index at `dir` (if it exists). A first check only:
/// [`open_for_writing`] takes the lock for good.
fn ensure_unlocked(dir: &Path) -> Result<(), IndexError> {
    if !dir.is_dir() {
        return Ok(());
    }
    let directory = open_directory(dir)?;
    let _guard = writer_lock(&directory, dir)?;
    Ok(())
}

/// The index folder `dir` as tantivy's directory. Not `MmapDirectory`:
/// the pages of the segments a merge reads would stay in the process's RSS
/// until the merge ends (see `trimmed`).
fn open_directory(dir: &Path) -> Result<TrimmedMmapDirectory, IndexError> {
    TrimmedMmapDirectory::open(dir, TrimPolicy::default()).map_err(|e| IndexError::Damaged {
        index: dir.to_path_buf(),
        message: e.to_string(),
    })
}

/// Takes the writer lock of `directory` (the index at `dir`), or fails with
/// [`IndexError::Locked`] when another process holds it.
fn writer_lock(
    directory: &TrimmedMmapDirectory,
    dir: &Path,
) -> Result<tantivy::directory::DirectoryLock, IndexError> {
    directory
        .acquire_lock(&INDEX_WRITER_LOCK)
        .map_err(|e| match e {
            LockError::LockBusy => IndexError::Locked(dir.to_path_buf()),
            LockError::IoError(e) => writer_error(dir, e.to_string()),
        })
}

/// Opens (or creates) the index in `dir` for writing: takes the writer lock
/// first, so that a second indexer fails at once and before touching
/// anything; with `rebuild`, empties the folder under the lock; then writes
/// `meta` and opens the writer.
fn open_for_writing(
    opts: &IndexOptions,
    meta: &IndexMeta,
    fields: &Fields,
    threads: usize,
    budget: usize,
) -> Result<(Index, IndexWriter), IndexError> {
    let dir = &opts.index_dir;
    std::fs::create_dir_all(dir).map_err(|source| IndexError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let directory = open_directory(dir)?;
    {
        let _guard = writer_lock(&directory, dir)?;
        if opts.rebuild {
            remove_index_files(dir)?;
        }
        meta.write(dir)?;
    }
    let settings = IndexSettings {
        docstore_blocksize: DOCSTORE_BLOCK_BYTES,
        ..IndexSettings::default()
    };
    let index = Index::builder()
        .schema(fields.schema.clone())
        .settings(settings)
        .open_or_create(directory)
        .map_err(|e| tantivy_error(dir, e))?;
    let writer = index
        .writer_with_num_threads(threads, budget)
        .map_err(|e| tantivy_error(dir, e))?;
    // A run killed after writing files of an uncommitted state (segments,
    // deletion bitsets named after an opstamp that the next run reuses)
    // leaves them behind: remove every file the last commit does not use
    // before writing anything.
    writer
        .garbage_collect_files()
        .wait()
        .map_err(|e| tantivy_error(dir, e))?;
    Ok((index, writer))
}

/// The files a run reads, packed: every path in one byte buffer (and the
/// key after it only when it differs from the path), with the size, mtime
/// and indexed state beside it. A 1M-file run holds this list from the walk
/// to the end: packed it takes ≈ 130 MB where a `Vec<Job>` took ≈ 290 MB
/// (a 96-byte struct and two strings per file). A [`Job`] is rebuilt when
/// a thread takes the file.
#[derive(Default)]
struct Jobs {
    text: Vec<u8>,
    entries: Vec<PackedJob>,
}

struct PackedJob {
    /// Offset of the path in `text`.
    start: usize,
    path_len: u32,
    /// Length of the key, stored after the path; `None` when the key is the
    /// path itself (an absolute root without symbolic links).
    key_len: Option<u32>,
    size: u64,
    mtime_ns: u64,
    previous: Option<IndexedState>,
}

#[cfg(unix)]
fn path_bytes(path: &Path) -> std::borrow::Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().into()
}

#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

// Elsewhere than Unix, paths are kept as UTF-8 (as `ingest::path_key`
// already does for keys).
#[cfg(not(unix))]
fn path_bytes(path: &Path) -> std::borrow::Cow<'_, [u8]> {
    match path.to_string_lossy() {
        std::borrow::Cow::Borrowed(text) => text.as_bytes().into(),
        std::borrow::Cow::Owned(text) => text.into_bytes().into(),
    }
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

impl Jobs {
    fn push(&mut self, job: Job) {
        let Job { file, previous } = job;
        let start = self.text.len();
        let path = path_bytes(&file.path);
        self.text.extend_from_slice(&path);
        // Files and keys longer than 4 GiB do not exist.
        let key_len = (file.key.as_bytes() != &path[..]).then(|| {
            self.text.extend_from_slice(file.key.as_bytes());
            file.key.len() as u32
        });
        self.entries.push(PackedJob {
            start,
            path_len: path.len() as u32,
            key_len,
            size: file.size,
            mtime_ns: file.mtime_ns,
            previous,
        });
    }

    fn len(&self) -> usize {
        self.entries.len()
    }

    fn total_bytes(&self) -> u64 {
        self.entries.iter().map(|e| e.size).sum()
    }

    fn get(&self, i: usize) -> Option<Job> {
        let e = self.entries.get(i)?;
        let path_end = e.start + e.path_len as usize;
        let key = match e.key_len {
            None => &self.text[e.start..path_end],
            Some(len) => &self.text[path_end..path_end + len as usize],
        };
        Some(Job {
            file: FileCandidate {
                path: path_from_bytes(&self.text[e.start..path_end]),
                // Keys are `String`s when pushed.
                key: String::from_utf8_lossy(key).into_owned(),
                size: e.size,
                mtime_ns: e.mtime_ns,
            },
            previous: e.previous,
        })
    }
}

/// The work of a run: files to read, and indexed files gone from the roots.
struct Plan {
    jobs: Jobs,
    gone: Vec<(String, IndexedState)>,
}

/// Sorts the walked entries into the report (skipped, excluded, unchanged)
/// and the jobs; finds the indexed files of the roots that are gone. Files
/// under a folder that could not be read this time are not gone: their
/// dispatches are kept (the folder is reported as skipped). A file met
/// twice (through two roots, one inside the other, or through followed
/// links) is planned once.
fn plan(
    items: Vec<WalkItem>,
    state: &IndexState,
    opts: &IndexOptions,
    report: &mut IndexReport,
) -> Plan {
    let (roots, follow) = (&opts.roots, opts.follow);
    // The index folder, when it lies inside a folder indexed: its files
    // are excluded, never read as dispatches.
    let index_key = std::fs::canonicalize(&opts.index_dir)
        .ok()
        .map(|d| ingest::path_key(&d) + "/");
    let absolute_roots: Vec<(PathBuf, PathBuf)> = roots
        .iter()
        .filter_map(|r| Some((r.clone(), std::fs::canonicalize(r).ok()?)))
        .collect();
    let mut unreadable = Vec::new();
    let mut jobs = Jobs::default();
    // One root walked without following links meets every file once: the
    // keys met are only remembered when a file can come again (a million
    // copied keys at 1M files), and the indexed ones, borrowed from the
    // state, for finding the files gone.
    let may_repeat = follow || roots.len() > 1;
    let mut seen_keys = rustc_hash::FxHashSet::default();
    let mut seen_indexed = rustc_hash::FxHashSet::<&str>::default();
    for item in items {
        report.files_seen += 1;
        match item {
            WalkItem::Skipped { path, reason } => match walk_skip(&path, &reason) {
                Some(skip) if matches!(reason, WalkSkip::Unreadable(_)) => {
                    unreadable.extend(absolute_roots.iter().find_map(|(root, absolute)| {
                        Some(absolute.join(path.strip_prefix(root).ok()?))
                    }));
                    report.skipped.push(skip);
                }
                Some(skip) => report.skipped.push(skip),
                None => {
                    report.excluded += 1;
                    report.excluded_paths.push(path.display().to_string());
                }
            },
            WalkItem::File(file)
                if index_key
                    .as_ref()
                    .is_some_and(|k| file.key.starts_with(k.as_str())) =>
            {
                report.excluded += 1;
                report.excluded_paths.push(file.path.display().to_string());
            }
            WalkItem::File(file) => {
                if may_repeat && !seen_keys.insert(file.key.clone()) {
                    continue; // the same file reached through two roots
                }
                let indexed = state.files.get_key_value(&file.key);
                if let Some((key, _)) = indexed {
                    seen_indexed.insert(key.as_str());
                }
                match indexed.map(|(_, s)| s) {
                    Some(s) if s.size == file.size && s.mtime == file.mtime_ns => {
                        report.unchanged += 1
                    }
                    previous => jobs.push(Job {
                        previous: previous.copied(),
                        file,
                    }),
                }
            }
        }
    }
    let gone = state
        .files
        .iter()
        .filter(|(key, _)| {
            let path = Path::new(key.as_str());
            !seen_indexed.contains(key.as_str())
                && absolute_roots
                    .iter()
                    .any(|(_, root)| path.starts_with(root))
                && !unreadable.iter().any(|folder| path.starts_with(folder))
        })
        .map(|(key, s)| (key.clone(), *s))
        .collect();
    Plan { jobs, gone }
}

/// Jobs done and waiting for the writer, at most: room for what the readers
/// produce while a commit serialises a segment (half a second to a second
/// on the benchmark corpora), at a few kilobytes a dispatch.
const QUEUED_JOBS: usize = 8192;

/// Jobs a reader hands to the writing thread at once (one message, one
/// wake-up, instead of one per job).
const HANDED_JOBS: usize = 32;

/// The cores this process may run on.
pub(crate) fn available_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs `depeche index`: see the module contract.
pub fn run_index(opts: &IndexOptions) -> Result<IndexReport, IndexError> {
    let start = Instant::now();
    let dir = &opts.index_dir;
    let (config, data, mut meta) = prepare(opts)?;
    let filter = NameFilter::new(&config.indexing)?;
    meta.add_roots(&opts.roots);
    meta.follow |= opts.follow;
    // The extractor is built while the folders are walked; a build failure
    // (an invalid gazetteer) stops the run before the index is touched. (An
    // index another run is writing is refused first, without a walk.)
    ensure_unlocked(dir)?;
    let build = data.map(|data| std::thread::spawn(move || Extractor::from_extraction_data(&data)));
    let scanning = if opts.progress {
        let spinner = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        spinner.set_message("scanning folders…");
        spinner.enable_steady_tick(Duration::from_millis(120));
        spinner
    } else {
        ProgressBar::hidden()
    };
    let items = ingest::walk(&opts.roots, &filter, opts.follow, available_cores());
    scanning.finish_and_clear();
    let extractor = match build {
        Some(build) => Some(
            build
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?,
        ),
        None => None,
    };
    let items = items?;

    let threads = config.indexing_threads().clamp(1, 8);
    // Reading, decoding, extraction and analysis happen on these threads;
    // tantivy's writer threads only build postings (see crate::analysis).
    let readers = threads.max(available_cores());
    let budget = (config.indexing.memory_budget_mb * 1024 * 1024).max(threads * 16 * 1024 * 1024);
    let (index, mut writer) = open_for_writing(opts, &meta, &Fields::build(), threads, budget)?;
    let fields = Fields::from_schema(&index.schema()).map_err(|e| IndexError::Damaged {
        index: dir.clone(),
        message: e.to_string(),
    })?;
    index
        .tokenizers()
        .register(TERMS_TOKENIZER_NAME, TermsTokenizer::default());
    let analyzer = FrenchAnalyzer::new(&config.analyzer);
    let state = load_state(&index, dir)?;

    let mut report = IndexReport {
        index: dir.display().to_string(),
        ..IndexReport::default()
    };
    let Plan { jobs, gone } = plan(items, &state, opts, &mut report);
    drop(state);
    let mut gone_by_content: HashMap<(u64, u64), Vec<String>> = HashMap::new();
    for (key, s) in &gone {
        gone_by_content
            .entry((s.size, s.hash))
            .or_default()
            .push(key.clone());
    }
    let gone_files: GoneFiles = Mutex::new(gone_by_content);

    let total_bytes: u64 = jobs.total_bytes();
    let bar = progress_bar(opts.progress, total_bytes);
    let mut done = 0usize;
    let commit_every = Duration::from_secs(config.indexing.commit_every_secs.max(1));
    let batch_size = usize::try_from(
        opts.commit_every
            .unwrap_or(config.indexing.commit_every_docs)
            .max(1),
    )
    .unwrap_or(usize::MAX);
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let slow_reads = AtomicUsize::new(0);
    let mut failure: Option<IndexError> = None;
    // The reader threads live for the whole run and hand their results to
    // this thread, which alone drives the writer: it applies each job's
    // operations in order, and commits every `batch_size` files or
    // `commit_every`. While a commit serialises a segment, the readers go
    // on filling the queue.
    let (tx, rx) = mpsc::sync_channel::<Vec<(Outcome, Vec<WriterOp>)>>(QUEUED_JOBS / HANDED_JOBS);
    std::thread::scope(|scope| {
        for _ in 0..readers {
            let tx = tx.clone();
            let worker = Worker {
                document: DocumentContext {
                    fields: &fields,
                    settings: &config.facets,
                    analyzer: &analyzer,
                    extractor: extractor.as_ref(),
                },
                config: &config,
                gone: &gone_files,
                slow_reads: &slow_reads,
            };
            let (jobs, next, stop, bar) = (&jobs, &next, &stop, &bar);
            let mut terms = String::new();
            scope.spawn(move || {
                let mut done = Vec::with_capacity(HANDED_JOBS);
                while !stop.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else {
                        break;
                    };
                    let mut ops = Vec::with_capacity(2);
                    let outcome = worker.process(&job, &mut terms, &mut ops);
                    bar.inc(job.file.size);
                    done.push((outcome, ops));
                    if done.len() == HANDED_JOBS {
                        let handed = std::mem::replace(&mut done, Vec::with_capacity(HANDED_JOBS));
                        if tx.send(handed).is_err() {
                            return;
                        }
                    }
                }
                if !done.is_empty() {
                    let _ = tx.send(done);
                }
            });
        }
        drop(tx);
        let (jobs, next, stop, slow_reads) = (&jobs, &next, &stop, &slow_reads);
        std::thread::Builder::new()
            .name("depeche-readahead".into())
            .spawn_scoped(scope, move || read_ahead(jobs, next, stop, slow_reads))
            // Without it the run is the same, only slower on a cold disk.
            .ok();
        let mut in_batch = 0usize;
        let mut batch_began = Instant::now();
        for (outcome, ops) in rx.into_iter().flatten() {
            if failure.is_some() {
                continue; // the readers are stopping
            }
            for op in ops {
                match op {
                    WriterOp::Delete(term) => {
                        writer.delete_term(term);
                    }
                    WriterOp::Add(document) => {
                        if let Err(e) = writer.add_document(document) {
                            failure = Some(writer_error(dir, e.to_string()));
                            break;
                        }
                    }
                }
            }
            if failure.is_some() {
                stop.store(true, Ordering::Relaxed);
                continue;
            }
            record(&mut report, outcome);
            done += 1;
            in_batch += 1;
            bar.set_message(format!("{done}/{} files", jobs.len()));
            let left = jobs.len() - done;
            // The tail commit: serialising a segment stalls the readers once
            // the queue is full, except while they read the last jobs.
            let tail = left == QUEUED_JOBS && in_batch >= QUEUED_JOBS;
            if !opts.strict
                && left > 0
                && (in_batch >= batch_size || batch_began.elapsed() > commit_every || tail)
            {
                if let Err(e) = writer.commit() {
                    failure = Some(tantivy_error(dir, e));
                    stop.store(true, Ordering::Relaxed);
                    continue;
                }
                report.commits += 1;
                in_batch = 0;
                batch_began = Instant::now();
            }
        }
    });
    if let Some(error) = failure {
        bar.finish_and_clear();
        return Err(error);
    }
    // The files gone and not found moved are removed.
    let unclaimed = gone_files
        .lock()
        .map(|g| g.values().flatten().cloned().collect::<Vec<_>>())
        .unwrap_or_default();
    for key in unclaimed {
        writer.delete_term(Term::from_field_text(fields.key, &key));
        report.removed += 1;
    }
    if opts.strict && !report.skipped.is_empty() {
        bar.finish_and_clear();
        writer.rollback().map_err(|e| tantivy_error(dir, e))?;
        return Err(IndexError::Strict(report.skipped.len()));
    }
    writer.commit().map_err(|e| tantivy_error(dir, e))?;
    report.commits += 1;
    bar.finish_and_clear();
    writer
        .wait_merging_threads()
        .map_err(|e| tantivy_error(dir, e))?;
    let reader = index.reader().map_err(|e| tantivy_error(dir, e))?;
    report.total_dispatches = reader.searcher().num_docs();
    report.elapsed_secs = start.elapsed().as_secs_f64();
    Ok(report)
}

/// Files the read-ahead thread keeps asked for ahead of the readers.
const READ_AHEAD_FILES: usize = 512;

/// While the readers' reads come from the disk (`slow_reads`, counted by
/// [`Worker::process`]), keeps the next [`READ_AHEAD_FILES`] files of
/// `jobs` after the readers' position `next` asked for
/// ([`crate::ingest::read::advise_will_need`]), so that they find them in
/// the page cache instead of waiting on the disk one file at a time. While
/// the reads are served from the page cache it only looks every few
/// milliseconds (an advice costs three system calls a file).
fn read_ahead(jobs: &Jobs, next: &AtomicUsize, stop: &AtomicBool, slow_reads: &AtomicUsize) {
    let mut i = 0;
    let mut advised = 0u32;
    while !stop.load(Ordering::Relaxed) {
        let readers_at = next.load(Ordering::Relaxed);
        if readers_at >= jobs.len() {
            return;
        }
        i = i.max(readers_at);
        if i >= readers_at + READ_AHEAD_FILES {
            std::thread::sleep(Duration::from_millis(1));
            continue;
        }
        if slow_reads.load(Ordering::Relaxed) == 0 {
            // Cached so far; a slow read wakes the advice within 5 ms.
            std::thread::sleep(Duration::from_millis(5));
            continue;
        }
        advised = advised.wrapping_add(1);
        if advised.is_multiple_of(64) {
            // Forget old slow reads, so that a cached stretch stops the advice.
            slow_reads.store(slow_reads.load(Ordering::Relaxed) / 2, Ordering::Relaxed);
        }
        if let Some(job) = jobs.get(i) {
            crate::ingest::read::advise_will_need(&job.file.path);
        }
        i += 1;
    }
}

fn record(report: &mut IndexReport, outcome: Outcome) {
    match outcome {
        Outcome::Indexed {
            path,
            bytes,
            change,
            transcoded,
            undated,
        } => {
            match change {
                Change::Added => report.added += 1,
                Change::Updated => report.updated += 1,
                Change::Refreshed => report.unchanged += 1,
                Change::Moved { from } => {
                    report.moved += 1;
                    report.moves.push(MovedFile {
                        from,
                        to: path.clone(),
                    });
                }
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
        Outcome::Skipped { skip, removed } => {
            if removed {
                report.removed += 1;
            }
            report.skipped.push(skip);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(path: PathBuf, key: &str, size: u64, previous: Option<IndexedState>) -> Job {
        Job {
            file: FileCandidate {
                path,
                key: key.to_string(),
                size,
                mtime_ns: size * 7,
            },
            previous,
        }
    }

    #[test]
    fn packed_jobs_give_back_every_job() {
        let state = IndexedState {
            size: 3,
            mtime: 4,
            hash: 5,
        };
        let mut expected = vec![
            // Relative root: the key differs from the path.
            job(
                "corpus/2015/a.txt".into(),
                "/data/corpus/2015/a.txt",
                10,
                None,
            ),
            // Absolute root: the key is the path.
            job("/data/b.txt".into(), "/data/b.txt", 0, Some(state)),
            job("".into(), "", 1, None),
            job("é/ü.txt".into(), "/x/é/ü.txt", 1 << 40, None),
        ];
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let odd = std::ffi::OsStr::from_bytes(b"/d/caf\xe9.txt");
            let key = crate::ingest::path_key(Path::new(odd));
            expected.push(job(odd.into(), &key, 2, None));
        }
        let mut jobs = Jobs::default();
        for j in &expected {
            jobs.push(job(
                j.file.path.clone(),
                &j.file.key,
                j.file.size,
                j.previous,
            ));
        }
        assert_eq!(jobs.len(), expected.len());
        assert_eq!(
            jobs.total_bytes(),
            expected.iter().map(|j| j.file.size).sum::<u64>()
        );
        for (i, want) in expected.iter().enumerate() {
            let got = jobs.get(i).unwrap();
            assert_eq!(got.file, want.file);
            assert_eq!(got.previous, want.previous);
        }
        assert!(jobs.get(expected.len()).is_none());
    }
}
