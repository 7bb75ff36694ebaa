//! The directory the indexing writer works in: tantivy's `MmapDirectory`,
//! except that the pages of the files it maps for reading do not stay in the
//! process's resident set.
//!
//! tantivy reads segments through memory maps. A merge reads its input
//! segments whole (the doc store of each in one piece), and every page it
//! touches stays mapped, hence counted in the process's RSS, until the merge
//! ends and the old segments are unmapped: ≈ 480 MB for a merge of eight
//! 25k-dispatch segments, ≈ 900 MB at one thread on a 1M corpus. They are
//! clean page cache that the kernel only reclaims under memory pressure, so
//! on a machine with free memory they stay, and the "writer budget + 100 MB"
//! bound on peak RSS (issue 4) is missed by the pages of files alone.
//!
//! [`TrimmedMmapDirectory`] maps files itself (read-only, shared, one map per
//! file while any reader holds it) and keeps a register of the live maps. On
//! Linux a thread reads the process's `RssFile` every [`TrimPolicy::interval`]
//! and, when it has grown by more than [`TrimPolicy::limit_bytes`] since the
//! last trim, tells the kernel (`madvise(MADV_DONTNEED)`) that the process no
//! longer needs the pages of any live map. The pages stay in the page cache;
//! a later access maps them again (a minor fault, no disk read). Reading
//! through the maps is as fast as with `MmapDirectory` between trims, and the
//! resident file pages stay within the limit plus what a merge reads during
//! one interval. Elsewhere than Linux nothing is trimmed.
//!
//! Only the writer uses it: queries open the index with `MmapDirectory`,
//! whose pages staying mapped is what makes repeated queries fast.
//!
//! Reading with `pread` into anonymous buffers (1 MiB windows) instead of
//! mapping was measured too and kept the bound, but with ≈ 40–50 MiB more
//! anonymous memory at the peak and more system time: a merge stacks each
//! input segment's doc store with one read of the whole store (tantivy's
//! `StoreReader::block_data`), which such a handle must copy into one buffer.

use std::collections::HashMap;
use std::fs::File;
use std::io;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use memmap2::Mmap;
use stable_deref_trait::StableDeref;
use tantivy::directory::error::{
    DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError,
};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, OwnedBytes, WatchCallback,
    WatchHandle, WritePtr,
};

/// When the mapped pages are given back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrimPolicy {
    /// Growth of the process's resident file pages (`RssFile`) since the
    /// last trim that triggers the next one, in bytes.
    pub limit_bytes: u64,
    /// How often `RssFile` is read.
    pub interval: Duration,
}

impl Default for TrimPolicy {
    /// 16 MiB, every 10 ms: reading `/proc/self/status` 100 times a second
    /// costs ≈ 0.3 % of a core, and a merge reads at most a few tens of MB
    /// from the page cache in 10 ms. At 2 threads on 1M dispatches the
    /// anonymous memory alone reaches 526–546 MiB of the 612 MiB target, so
    /// the file pages must stay within a few tens of MiB.
    fn default() -> Self {
        TrimPolicy {
            limit_bytes: 16 * 1024 * 1024,
            interval: Duration::from_millis(10),
        }
    }
}

/// One mapped file, shared by every reader of it.
///
/// Invariant: the file is one of tantivy's write-once files, never modified
/// after it is opened for reading (tantivy's `Directory` contract: "once a
/// virtual file is open, its data may not change"), and the map is
/// read-only and shared. Dropping its pages (`MADV_DONTNEED`) therefore
/// never changes what the map reads: the next access maps the same bytes
/// again from the page cache.
struct MappedFile(Mmap);

/// A reference to a [`MappedFile`] that `OwnedBytes` can hold.
struct MapRef(Arc<MappedFile>);

impl Deref for MapRef {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0 .0
    }
}

// SAFETY: the bytes are those of the map, which lives as long as the `Arc`
// and does not move when the `MapRef` moves.
unsafe impl StableDeref for MapRef {}

/// The register of live maps, by full path.
#[derive(Default)]
struct Maps(Mutex<HashMap<PathBuf, Weak<MappedFile>>>);

impl Maps {
    /// The live maps; forgets the dead ones.
    fn live(&self) -> Vec<Arc<MappedFile>> {
        let Ok(mut maps) = self.0.lock() else {
            return Vec::new();
        };
        maps.retain(|_, weak| weak.strong_count() > 0);
        maps.values().filter_map(Weak::upgrade).collect()
    }

    /// Drops the resident pages of every live map from the process; returns
    /// how many bytes of maps were trimmed.
    fn trim(&self) -> u64 {
        let mut bytes = 0;
        for map in self.live() {
            bytes += map.0.len() as u64;
            #[cfg(unix)]
            // SAFETY: see `MappedFile`: the map is a read-only shared map of
            // a file that does not change, so the pages dropped are mapped
            // again with the same bytes on the next access; no reference
            // into the map can observe a difference. madvise fails only on
            // invalid ranges, and then leaves the pages as they were.
            let _ = unsafe { map.0.unchecked_advise(memmap2::UncheckedAdvice::DontNeed) };
        }
        bytes
    }
}

/// `MmapDirectory`, whose maps for reading give their pages back when the
/// process's resident file pages grow (see the module documentation).
///
/// Writing, deleting, locking and watching are `MmapDirectory`'s. Clones
/// share the maps and the trimming thread, which stops within one interval
/// after the last clone is dropped.
#[derive(Clone)]
pub struct TrimmedMmapDirectory {
    inner: MmapDirectory,
    root: PathBuf,
    maps: Arc<Maps>,
}

impl std::fmt::Debug for TrimmedMmapDirectory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TrimmedMmapDirectory({})", self.root.display())
    }
}

impl TrimmedMmapDirectory {
    /// Opens the existing folder `root`, and on Linux starts the thread
    /// that trims its maps according to `policy`.
    ///
    /// Errors: the folder does not exist or is not a folder; the thread
    /// cannot be started.
    pub fn open(root: &Path, policy: TrimPolicy) -> Result<Self, OpenDirectoryError> {
        let inner = MmapDirectory::open(root)?;
        let maps = Arc::new(Maps::default());
        #[cfg(target_os = "linux")]
        start_trimming(Arc::downgrade(&maps), policy)
            .map_err(|e| OpenDirectoryError::wrap_io_error(e, root.to_path_buf()))?;
        #[cfg(not(target_os = "linux"))]
        let _ = policy;
        Ok(TrimmedMmapDirectory {
            inner,
            root: root.to_path_buf(),
            maps,
        })
    }

    /// Drops the resident pages of every file this directory has mapped and
    /// that a reader still holds, now; returns the bytes of those maps.
    /// Reads through them stay valid and return the same bytes.
    pub fn trim(&self) -> u64 {
        self.maps.trim()
    }

    fn map(&self, path: &Path) -> Result<Option<Arc<MappedFile>>, OpenReadError> {
        let full_path = self.root.join(path);
        let mut maps = self.maps.0.lock().map_err(|_| {
            OpenReadError::wrap_io_error(
                io::Error::other("the register of mapped files is poisoned"),
                path.to_path_buf(),
            )
        })?;
        if let Some(map) = maps.get(&full_path).and_then(Weak::upgrade) {
            return Ok(Some(map));
        }
        let file = File::open(&full_path).map_err(|e| {
            if e.kind() == io::ErrorKind::NotFound {
                OpenReadError::FileDoesNotExist(path.to_path_buf())
            } else {
                OpenReadError::wrap_io_error(e, path.to_path_buf())
            }
        })?;
        let len = file
            .metadata()
            .map_err(|e| OpenReadError::wrap_io_error(e, path.to_path_buf()))?
            .len();
        if len == 0 {
            // An empty file cannot be mapped.
            return Ok(None);
        }
        // SAFETY: tantivy's files are not modified once written (see
        // `MappedFile`); this is what `MmapDirectory` relies on too.
        let mmap = unsafe { Mmap::map(&file) }
            .map_err(|e| OpenReadError::wrap_io_error(e, path.to_path_buf()))?;
        let map = Arc::new(MappedFile(mmap));
        maps.insert(full_path, Arc::downgrade(&map));
        Ok(Some(map))
    }
}

/// Starts the thread that trims `maps` while they exist.
#[cfg(target_os = "linux")]
fn start_trimming(maps: Weak<Maps>, policy: TrimPolicy) -> io::Result<()> {
    let mut status = File::open("/proc/self/status")?;
    std::thread::Builder::new()
        .name("depeche-trim".to_string())
        .spawn(move || {
            let mut floor = rss_file(&mut status).unwrap_or(0);
            loop {
                std::thread::sleep(policy.interval);
                let Some(maps) = maps.upgrade() else {
                    return;
                };
                let Some(now) = rss_file(&mut status) else {
                    return; // no RssFile line: nothing to go by
                };
                if now > floor.saturating_add(policy.limit_bytes) {
                    maps.trim();
                    floor = rss_file(&mut status).unwrap_or(now);
                } else {
                    floor = floor.min(now);
                }
            }
        })?;
    Ok(())
}

/// The process's resident file pages in bytes, from `/proc/self/status`
/// (read again from its start through the open file).
#[cfg(target_os = "linux")]
fn rss_file(status: &mut File) -> Option<u64> {
    use std::io::{Read, Seek};
    let mut text = String::with_capacity(2048);
    status.rewind().ok()?;
    status.read_to_string(&mut text).ok()?;
    parse_rss_file(&text)
}

/// The `RssFile:` line of `/proc/PID/status`, in bytes.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn parse_rss_file(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("RssFile:"))?;
    let kib: u64 = line["RssFile:".len()..]
        .trim()
        .strip_suffix("kB")?
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}

impl Directory for TrimmedMmapDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let bytes = match self.map(path)? {
            Some(map) => OwnedBytes::new(MapRef(map)),
            None => OwnedBytes::empty(),
        };
        Ok(Arc::new(bytes))
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        if let Ok(mut maps) = self.maps.0.lock() {
            maps.remove(&self.root.join(path));
        }
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::io::Write;
    use tantivy::HasLen;

    fn write_file(dir: &Path, name: &str, bytes: &[u8]) {
        let mut f = File::create(dir.join(name)).unwrap();
        f.write_all(bytes).unwrap();
    }

    fn content(len: usize, seed: u64) -> Vec<u8> {
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect()
    }

    /// A directory that never trims on its own (the tests trim by hand).
    fn quiet(dir: &Path) -> TrimmedMmapDirectory {
        let policy = TrimPolicy {
            limit_bytes: u64::MAX,
            interval: Duration::from_millis(50),
        };
        TrimmedMmapDirectory::open(dir, policy).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Any range reads the file's bytes, before and after the pages are
        /// trimmed, and through slices of slices.
        #[test]
        fn reads_the_file_bytes(
            len in 1usize..300_000,
            seed in any::<u64>(),
            ranges in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>()), 1..8),
        ) {
            let tmp = tempfile::tempdir().unwrap();
            let bytes = content(len, seed);
            write_file(tmp.path(), "f.bin", &bytes);
            let dir = quiet(tmp.path());
            let slice = dir.open_read(Path::new("f.bin")).unwrap();
            prop_assert_eq!(slice.len(), len);
            for (i, (a, b)) in ranges.iter().enumerate() {
                let (a, b) = (a.index(len + 1), b.index(len + 1));
                let range = a.min(b)..a.max(b);
                if i % 2 == 1 {
                    dir.trim();
                }
                let got = slice.read_bytes_slice(range.clone()).unwrap();
                prop_assert_eq!(got.as_slice(), &bytes[range.clone()]);
                let sub = slice.slice(range.clone());
                dir.trim();
                let whole = sub.read_bytes().unwrap();
                prop_assert_eq!(whole.as_slice(), &bytes[range]);
            }
            prop_assert_eq!(dir.trim(), len as u64);
        }
    }

    #[test]
    fn empty_and_missing_files() {
        let tmp = tempfile::tempdir().unwrap();
        write_file(tmp.path(), "empty", b"");
        let dir = quiet(tmp.path());
        let empty = dir.open_read(Path::new("empty")).unwrap();
        assert_eq!(empty.len(), 0);
        assert!(empty.read_bytes().unwrap().is_empty());
        assert!(matches!(
            dir.open_read(Path::new("missing")),
            Err(OpenReadError::FileDoesNotExist(_))
        ));
        assert_eq!(dir.trim(), 0);
    }

    #[test]
    fn readers_share_one_map_while_one_lives() {
        let tmp = tempfile::tempdir().unwrap();
        write_file(tmp.path(), "a", &content(10_000, 1));
        let dir = quiet(tmp.path());
        let first = dir.open_read(Path::new("a")).unwrap();
        let second = dir.clone().open_read(Path::new("a")).unwrap();
        // One map of 10,000 bytes, not two.
        assert_eq!(dir.trim(), 10_000);
        drop((first, second));
        assert_eq!(dir.trim(), 0);
        // Deleting forgets the map; a held slice still reads the old bytes.
        let held = dir.open_read(Path::new("a")).unwrap();
        dir.delete(Path::new("a")).unwrap();
        assert_eq!(dir.trim(), 0);
        assert_eq!(
            held.read_bytes().unwrap().as_slice(),
            &content(10_000, 1)[..]
        );
        assert!(!dir.exists(Path::new("a")).unwrap());
    }

    #[test]
    fn parses_rss_file() {
        let status = "Name:\tdepeche\nVmRSS:\t  123 kB\nRssAnon:\t  100 kB\nRssFile:\t   20 kB\n";
        assert_eq!(parse_rss_file(status), Some(20 * 1024));
        assert_eq!(parse_rss_file("VmRSS:\t1 kB\n"), None);
        assert_eq!(parse_rss_file("RssFile:\tlots\n"), None);
    }

    /// Trimming really gives the pages back: after reading a 64 MiB file
    /// through its map, the process's RssFile drops by most of it.
    #[cfg(target_os = "linux")]
    #[test]
    fn trimming_lowers_rss_file() {
        let tmp = tempfile::tempdir().unwrap();
        let len = 64 << 20;
        write_file(tmp.path(), "big", &content(len, 7));
        let dir = quiet(tmp.path());
        let slice = dir.open_read(Path::new("big")).unwrap();
        let bytes = slice.read_bytes().unwrap();
        let sum: u64 = bytes
            .as_slice()
            .iter()
            .step_by(4096)
            .map(|&b| b as u64)
            .sum();
        let mut status = File::open("/proc/self/status").unwrap();
        let before = rss_file(&mut status).unwrap();
        dir.trim();
        let after = rss_file(&mut status).unwrap();
        assert!(
            before >= after + (len as u64) / 2,
            "RssFile {before} → {after} (sum {sum})"
        );
        // The bytes read the same after the trim.
        assert_eq!(bytes.as_slice(), &content(len, 7)[..]);
    }

    /// An index written, merged and re-read through the directory while it
    /// trims all the time (limit 0) holds every document.
    #[test]
    fn tantivy_index_through_constant_trimming() {
        use tantivy::schema::{Schema, STORED, TEXT};
        use tantivy::{doc, Index, TantivyDocument};
        let tmp = tempfile::tempdir().unwrap();
        let policy = TrimPolicy {
            limit_bytes: 0,
            interval: Duration::from_millis(1),
        };
        let dir = TrimmedMmapDirectory::open(tmp.path(), policy).unwrap();
        let mut builder = Schema::builder();
        let body = builder.add_text_field("body", TEXT | STORED);
        let index = Index::create(dir, builder.build(), Default::default()).unwrap();
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        for commit in 0..12 {
            for i in 0..300 {
                writer
                    .add_document(doc!(body => format!("dépêche {commit} numéro {i} texte")))
                    .unwrap();
            }
            writer.commit().unwrap();
        }
        writer.wait_merging_threads().unwrap();
        let reader = index.reader().unwrap();
        let searcher = reader.searcher();
        assert_eq!(searcher.num_docs(), 3600);
        assert!(searcher.segment_readers().len() < 12, "merges happened");
        // Every stored document reads back from the merged doc stores.
        let mut seen = 0;
        for segment in searcher.segment_readers() {
            let store = segment.get_store_reader(0).unwrap();
            for d in 0..segment.max_doc() {
                let document: TantivyDocument = store.get(d).unwrap();
                assert!(document.get_first(body).is_some());
                seen += 1;
            }
        }
        assert_eq!(seen, 3600);
        // The same files open with tantivy's own MmapDirectory.
        let reopened = Index::open_in_dir(tmp.path()).unwrap();
        assert_eq!(reopened.reader().unwrap().searcher().num_docs(), 3600);
    }
}
