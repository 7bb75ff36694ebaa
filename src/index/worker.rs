//! One indexing job: read a file (bounded, consistent), decide whether it
//! changed or moved, decode, parse, and hand the document to the writer.
//!
//! Contract of [`Worker::process`]: it never panics on any file content and
//! returns exactly one [`Outcome`] per job, with the [`WriterOp`]s that the
//! indexing run applies to the index writer in their order. The dispatch of
//! a previously indexed file is replaced (delete then add, applied together,
//! so the next commit holds exactly one of them); when the file is gone or no longer a
//! dispatch (empty, binary, undecodable, too large) the old dispatch is
//! deleted; when it is only unreadable for now or kept changing, the old
//! dispatch is kept and the next run retries.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use tantivy::{TantivyDocument, Term};

use super::state::IndexedState;
use super::writer::{build_document, DocumentContext, SkipKind, SkippedFile};
use crate::config::Config;
use crate::ingest::{self, FileCandidate, ReadProblem};

/// A file to (re)index.
pub(crate) struct Job {
    /// The file as walked.
    pub file: FileCandidate,
    /// Its state in the index, when it was indexed before.
    pub previous: Option<IndexedState>,
}

/// Files of the index that are gone from the walked folders, by
/// (size, hash): a new file with the same content is the same file moved.
pub(crate) type GoneFiles = Mutex<HashMap<(u64, u64), Vec<String>>>;

/// What happened to an indexed file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Change {
    /// A new file.
    Added,
    /// A changed file.
    Updated,
    /// Same content, new modification time: re-indexed so that the next run
    /// recognises it without reading it; counted as unchanged.
    Refreshed,
    /// A file gone from `from` and found at its new path with the same content.
    Moved {
        /// Its old key.
        from: String,
    },
}

/// The result of one job.
pub(crate) enum Outcome {
    /// Indexed.
    Indexed {
        /// The path as walked.
        path: String,
        /// Bytes read.
        bytes: u64,
        /// What it was to the index.
        change: Change,
        /// The source encoding, when not UTF-8.
        transcoded: Option<&'static str>,
        /// Why it has no date, when it has none.
        undated: Option<String>,
    },
    /// Read, and its content is the indexed one.
    Unchanged,
    /// Not indexed.
    Skipped {
        /// The file and the reason.
        skip: SkippedFile,
        /// Its old dispatch was deleted.
        removed: bool,
    },
}

/// A change to the index that a job asks for, applied by the indexing run.
pub(crate) enum WriterOp {
    /// Delete the dispatches of this key.
    Delete(Term),
    /// Add this dispatch.
    Add(TantivyDocument),
}

/// Shared, read-only context of the indexing threads.
pub(crate) struct Worker<'a> {
    /// What documents are built with.
    pub document: DocumentContext<'a>,
    /// The settings of the run.
    pub config: &'a Config,
    /// Indexed files gone from the walked folders, claimed by moves.
    pub gone: &'a GoneFiles,
    /// The last reads that took longer than [`SLOW_READ`] (decayed by the
    /// read-ahead thread): whether the files come from the disk.
    pub slow_reads: &'a AtomicUsize,
}

/// A read slower than this came from the disk, not the page cache (a
/// cached dispatch reads in a few microseconds).
pub(crate) const SLOW_READ: Duration = Duration::from_micros(200);

impl Worker<'_> {
    fn delete(&self, key: &str, ops: &mut Vec<WriterOp>) {
        ops.push(WriterOp::Delete(Term::from_field_text(
            self.document.fields.key,
            key,
        )));
    }

    /// Skips a file; deletes its old dispatch when `remove` and it had one.
    fn skip(
        &self,
        job: &Job,
        kind: SkipKind,
        reason: String,
        remove: bool,
        ops: &mut Vec<WriterOp>,
    ) -> Outcome {
        let removed = remove && job.previous.is_some();
        if removed {
            self.delete(&job.file.key, ops);
        }
        Outcome::Skipped {
            skip: SkippedFile {
                path: job.file.path.display().to_string(),
                kind,
                reason,
            },
            removed,
        }
    }

    /// Processes one job; see the module contract. The writer operations
    /// are appended to `ops`; `terms` is a scratch buffer of the calling
    /// thread.
    pub fn process(&self, job: &Job, terms: &mut String, ops: &mut Vec<WriterOp>) -> Outcome {
        let limit = self.config.indexing.max_file_mb.saturating_mul(1024 * 1024);
        let began = Instant::now();
        let read = ingest::read_stable(&job.file.path, limit);
        if began.elapsed() > SLOW_READ {
            self.slow_reads.fetch_add(1, Ordering::Relaxed);
        }
        let read = match read {
            Ok(read) => read,
            Err(problem) => {
                let (kind, remove) = match problem {
                    ReadProblem::TooLarge { .. } => (SkipKind::TooLarge, true),
                    ReadProblem::Vanished => (SkipKind::Vanished, true),
                    ReadProblem::Changing => (SkipKind::Changing, false),
                    ReadProblem::Unreadable(_) => (SkipKind::Unreadable, false),
                };
                return self.skip(job, kind, problem.to_string(), remove, ops);
            }
        };
        let bytes = read.bytes;
        let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
        let size = bytes.len() as u64;
        let change = match job.previous {
            Some(previous) if previous.hash == hash => {
                if previous.size == size && previous.mtime == read.mtime_ns {
                    return Outcome::Unchanged;
                }
                Change::Refreshed
            }
            Some(_) => Change::Updated,
            None => {
                let moved_from = self
                    .gone
                    .lock()
                    .ok()
                    .and_then(|mut gone| gone.get_mut(&(size, hash)).and_then(Vec::pop));
                match moved_from {
                    Some(from) => Change::Moved { from },
                    None => Change::Added,
                }
            }
        };
        let (text, encoding) = match ingest::decode(&bytes) {
            Ok(decoded) => decoded,
            Err(e) => {
                let kind = match e {
                    ingest::DecodeError::Empty => SkipKind::Empty,
                    ingest::DecodeError::Binary { .. } => SkipKind::Binary,
                    ingest::DecodeError::Malformed { .. } => SkipKind::Malformed,
                };
                if let Change::Moved { from } = &change {
                    // Cannot happen (same content as an indexed file), but
                    // never leave the old dispatch behind.
                    self.delete(from, ops);
                }
                return self.skip(job, kind, e.to_string(), true, ops);
            }
        };
        drop(bytes);
        let dispatch = ingest::parse(&text);
        drop(text);
        let mut file = job.file.clone();
        file.size = size;
        file.mtime_ns = read.mtime_ns;
        let document = build_document(&self.document, &file, hash, &dispatch, terms);
        match &change {
            Change::Moved { from } => self.delete(from, ops),
            Change::Updated | Change::Refreshed => self.delete(&file.key, ops),
            Change::Added => {}
        }
        ops.push(WriterOp::Add(document));
        Outcome::Indexed {
            path: file.path.display().to_string(),
            bytes: size,
            change,
            transcoded: encoding.is_transcoded().then(|| encoding.name()),
            undated: dispatch.date_problem,
        }
    }
}
