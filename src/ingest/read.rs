//! Reading a file's bytes safely: bounded in size, and consistent.
//!
//! Contract of [`read_stable`]:
//! - a file larger than the limit is refused before reading more than the
//!   limit (plus one byte);
//! - the bytes returned are those of one version of the file: its size and
//!   modification time are the same before and after the read, and the number
//!   of bytes read equals that size; otherwise the read is retried a few times
//!   and then refused as [`ReadProblem::Changing`];
//! - a file that disappears between the walk and the read (or during it) is
//!   [`ReadProblem::Vanished`]; any other I/O error is
//!   [`ReadProblem::Unreadable`].

use std::io::Read;
use std::path::Path;
use std::time::{Duration, UNIX_EPOCH};

/// How many times a file that changes while being read is read again.
pub const READ_ATTEMPTS: usize = 3;

/// The bytes of one consistent version of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileBytes {
    /// The content.
    pub bytes: Vec<u8>,
    /// Modification time of this version, nanoseconds since the Unix epoch
    /// (0 if unknown).
    pub mtime_ns: u64,
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadProblem {
    /// The file is larger than the limit.
    #[error("{size} bytes, more than the limit of {limit} bytes (max_file_mb)")]
    TooLarge {
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The file disappeared before or while it was read.
    #[error("vanished while being indexed")]
    Vanished,
    /// The file kept changing while it was read.
    #[error(
        "changed while being read ({READ_ATTEMPTS} attempts); it will be indexed by the next run"
    )]
    Changing,
    /// Another I/O error (permissions, device).
    #[error("unreadable: {0}")]
    Unreadable(String),
}

fn mtime_ns(metadata: &std::fs::Metadata) -> u64 {
    metadata
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

fn io_problem(e: std::io::Error) -> ReadProblem {
    if e.kind() == std::io::ErrorKind::NotFound {
        ReadProblem::Vanished
    } else {
        ReadProblem::Unreadable(e.to_string())
    }
}

/// Reads the whole of `path`, at most `limit` bytes; see the module contract.
pub fn read_stable(path: &Path, limit: u64) -> Result<FileBytes, ReadProblem> {
    for attempt in 0..READ_ATTEMPTS {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(20 * attempt as u64));
        }
        let mut file = std::fs::File::open(path).map_err(io_problem)?;
        let before = file.metadata().map_err(io_problem)?;
        if before.len() > limit {
            return Err(ReadProblem::TooLarge {
                size: before.len(),
                limit,
            });
        }
        let capacity = usize::try_from(before.len()).unwrap_or(0);
        let mut bytes = Vec::with_capacity(capacity);
        (&mut file)
            .take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(io_problem)?;
        if bytes.len() as u64 > limit {
            return Err(ReadProblem::TooLarge {
                size: bytes.len() as u64,
                limit,
            });
        }
        // Stat the path again: a file replaced by rename keeps the old
        // inode open here, so the path tells whether it is still current.
        let after = std::fs::metadata(path).map_err(io_problem)?;
        let stable = after.len() == before.len()
            && bytes.len() as u64 == after.len()
            && mtime_ns(&after) == mtime_ns(&before);
        if stable {
            return Ok(FileBytes {
                bytes,
                mtime_ns: mtime_ns(&before),
            });
        }
    }
    Err(ReadProblem::Changing)
}

/// Asks the kernel to start reading `path` into the page cache, without
/// waiting for it (`posix_fadvise(POSIX_FADV_WILLNEED)`; Linux only, a no-op
/// elsewhere). Errors are ignored: the read that follows reports them.
pub fn advise_will_need(path: &Path) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if let Ok(file) = std::fs::File::open(path) {
        use std::os::fd::AsRawFd;
        // SAFETY: posix_fadvise only reads the descriptor, which `file`
        // keeps open for the call; the advice changes no data.
        unsafe {
            libc::posix_fadvise(file.as_raw_fd(), 0, 0, libc::POSIX_FADV_WILLNEED);
        }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    let _ = path;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_bounds() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, b"date 2018-07 x").unwrap();
        let read = read_stable(&path, 100).unwrap();
        assert_eq!(read.bytes, b"date 2018-07 x");
        assert!(read.mtime_ns > 0);
        assert_eq!(
            read_stable(&path, 4),
            Err(ReadProblem::TooLarge { size: 14, limit: 4 })
        );
        assert_eq!(
            read_stable(&dir.path().join("gone.txt"), 100),
            Err(ReadProblem::Vanished)
        );
    }

    #[test]
    fn advice_changes_nothing_and_ignores_missing_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, b"date 2018-07 x").unwrap();
        advise_will_need(&path);
        advise_will_need(&dir.path().join("gone.txt"));
        assert_eq!(read_stable(&path, 100).unwrap().bytes, b"date 2018-07 x");
    }
}
