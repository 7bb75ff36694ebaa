//! Walking the folders to index.
//!
//! Every entry the walk meets ends as a [`WalkItem`]: a candidate file, or a
//! skip with its reason (excluded by pattern, symlink not followed, symlink
//! loop, unreadable folder, not a regular file). Nothing is dropped silently.
//! Symbolic links are not followed unless `follow` is set; with it, loops are
//! detected and reported. Entries are sorted by file name, so runs are
//! deterministic; without `follow`, a root's folders are walked on several
//! threads and the items put back in that same order.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use globset::{Glob, GlobSet, GlobSetBuilder};
use walkdir::WalkDir;

use crate::config::IndexingConfig;

/// A file that may be a dispatch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileCandidate {
    /// The path as the walk saw it (root as given, then the relative part).
    pub path: PathBuf,
    /// The absolute path, used as the file's identity in the index.
    pub key: String,
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch (0 if unknown).
    pub mtime_ns: u64,
}

/// Why a walked entry is not indexed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WalkSkip {
    /// Matches an `exclude` pattern or no `include` pattern.
    Excluded,
    /// A symbolic link, not followed without `--follow`.
    SymlinkNotFollowed,
    /// A symbolic link loop (with `--follow`).
    SymlinkLoop,
    /// Neither a regular file nor a folder (socket, fifo, device, dangling link).
    NotAFile,
    /// The entry could not be read (permissions, I/O error).
    Unreadable(String),
    /// The entry disappeared while the walk met it.
    Vanished,
}

impl std::fmt::Display for WalkSkip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WalkSkip::Excluded => write!(f, "excluded by pattern"),
            WalkSkip::SymlinkNotFollowed => write!(f, "symbolic link not followed (use --follow)"),
            WalkSkip::SymlinkLoop => write!(f, "symbolic link loop"),
            WalkSkip::NotAFile => write!(f, "not a regular file"),
            WalkSkip::Unreadable(why) => write!(f, "unreadable: {why}"),
            WalkSkip::Vanished => write!(f, "vanished while being indexed"),
        }
    }
}

/// One result of the walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WalkItem {
    /// A file to read.
    File(FileCandidate),
    /// An entry not indexed, with the reason.
    Skipped {
        /// The entry's path as the walk saw it.
        path: PathBuf,
        /// Why.
        reason: WalkSkip,
    },
}

/// Errors that stop the walk before it starts.
#[derive(Debug, thiserror::Error)]
pub enum WalkError {
    /// A root folder does not exist or cannot be read.
    #[error("cannot read folder {path}: {source}")]
    Root {
        /// The root as given.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A pattern of `[indexing]` is not a valid glob.
    #[error("invalid file pattern {pattern:?}: {message}")]
    Pattern {
        /// The pattern.
        pattern: String,
        /// globset's message.
        message: String,
    },
}

/// File-name filter built from `include` and `exclude`.
#[derive(Debug, Clone)]
pub struct NameFilter {
    include: GlobSet,
    exclude: GlobSet,
}

fn glob_set(patterns: &[String]) -> Result<GlobSet, WalkError> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let glob = Glob::new(pattern).map_err(|e| WalkError::Pattern {
            pattern: pattern.clone(),
            message: e.to_string(),
        })?;
        builder.add(glob);
    }
    builder.build().map_err(|e| WalkError::Pattern {
        pattern: patterns.join(", "),
        message: e.to_string(),
    })
}

impl NameFilter {
    /// Builds the filter from the `[indexing]` patterns.
    pub fn new(config: &IndexingConfig) -> Result<NameFilter, WalkError> {
        Ok(NameFilter {
            include: glob_set(&config.include)?,
            exclude: glob_set(&config.exclude)?,
        })
    }

    /// Whether a folder with this name is walked.
    pub fn walks_folder(&self, name: &str) -> bool {
        !self.exclude.is_match(name)
    }

    /// Whether a file with this name is a candidate.
    pub fn accepts_file(&self, name: &str) -> bool {
        self.include.is_match(name) && !self.exclude.is_match(name)
    }
}

/// The identity of a file in the index: its absolute path as text. A name
/// that is not valid UTF-8 keeps every byte distinct: each invalid byte is
/// written `\xHH` (so two such names never share a key, as they would with
/// a lossy conversion).
pub fn path_key(path: &Path) -> String {
    if let Some(text) = path.to_str() {
        return text.to_string();
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut key = String::new();
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            key.push_str(chunk.valid());
            for byte in chunk.invalid() {
                key.push_str(&format!("\\x{byte:02X}"));
            }
        }
        key
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().into_owned()
    }
}

/// `path` relative to `root`, which the walker built it from
/// (`root.join(…)`): `Path::strip_prefix`, with a shortcut that compares
/// bytes instead of parsing both paths into components.
fn relative_to<'a>(path: &'a Path, root: &Path) -> &'a Path {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let (bytes, prefix) = (path.as_os_str().as_bytes(), root.as_os_str().as_bytes());
        if let Some(rest) = bytes.strip_prefix(prefix) {
            if let Some(rest) = rest.strip_prefix(b"/") {
                if !rest.is_empty() && !rest.starts_with(b"/") && !prefix.is_empty() {
                    return Path::new(std::ffi::OsStr::from_bytes(rest));
                }
            }
        }
    }
    path.strip_prefix(root).unwrap_or(path)
}

fn mtime_ns(metadata: &std::fs::Metadata) -> u64 {
    metadata
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64)
}

/// Walks `roots` and returns every entry met, in a deterministic order.
/// A root may also be a single file. Without `follow`, the folders of a
/// root are walked on up to `threads` threads (its first levels are
/// listed, then their subtrees shared out); the order is the same as
/// with one.
pub fn walk(
    roots: &[PathBuf],
    filter: &NameFilter,
    follow: bool,
    threads: usize,
) -> Result<Vec<WalkItem>, WalkError> {
    let mut items = Vec::new();
    for root in roots {
        let absolute_root = std::fs::canonicalize(root).map_err(|source| WalkError::Root {
            path: root.clone(),
            source,
        })?;
        let walk = RootWalk {
            root,
            absolute_root: &absolute_root,
            filter,
            follow,
        };
        if follow || threads < 2 || !absolute_root.is_dir() {
            walk.visit_tree(root, &mut items);
        } else {
            walk_root_parallel(&walk, threads, &mut items);
        }
    }
    Ok(items)
}

/// What a visit of part of a root's tree yields: an item, or a folder to
/// walk later (at the depth limit of the visit), in walk order.
enum Part {
    Item(WalkItem),
    Folder(PathBuf),
}

/// One root's walk settings.
struct RootWalk<'a> {
    root: &'a Path,
    absolute_root: &'a Path,
    filter: &'a NameFilter,
    follow: bool,
}

/// Folder levels below a root that [`walk_root_parallel`] may list, one
/// after the other, to find enough folders to share.
const SPLIT_LEVELS: usize = 3;

/// Walks a root's folders on `threads` threads: the levels below the root
/// are listed until there are at least four folders a thread (or
/// [`SPLIT_LEVELS`] levels), then the threads walk those folders' trees,
/// taking the next one as each finishes, and the items are put back in
/// walk order. Only without `follow`: a followed link could lead a tree
/// into another's, where one walk would report a loop.
fn walk_root_parallel(walk: &RootWalk, threads: usize, items: &mut Vec<WalkItem>) {
    let mut parts = vec![Part::Folder(walk.root.to_path_buf())];
    for _ in 0..SPLIT_LEVELS {
        let folders = parts
            .iter()
            .filter(|p| matches!(p, Part::Folder(_)))
            .count();
        if folders == 0 || folders >= 4 * threads {
            break;
        }
        let mut listed = Vec::with_capacity(parts.len());
        for part in parts {
            match part {
                Part::Folder(folder) => walk.visit(&folder, Some(1), &mut |p| listed.push(p)),
                item => listed.push(item),
            }
        }
        parts = listed;
    }
    let folders: Vec<&Path> = parts
        .iter()
        .filter_map(|p| match p {
            Part::Folder(folder) => Some(folder.as_path()),
            Part::Item(_) => None,
        })
        .collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut trees: Vec<(usize, Vec<WalkItem>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.min(folders.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(folder) = folders.get(i) else {
                            return done;
                        };
                        let mut tree = Vec::new();
                        walk.visit_tree(folder, &mut tree);
                        done.push((i, tree));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    trees.sort_unstable_by_key(|(i, _)| *i);
    let mut trees = trees.into_iter();
    for part in parts {
        match part {
            Part::Item(item) => items.push(item),
            Part::Folder(_) => {
                if let Some((_, tree)) = trees.next() {
                    items.extend(tree);
                }
            }
        }
    }
}

impl RootWalk<'_> {
    /// Walks the whole tree at `start` (see [`Self::visit`]), appending its
    /// items to `items`.
    fn visit_tree(&self, start: &Path, items: &mut Vec<WalkItem>) {
        self.visit(start, None, &mut |part| {
            if let Part::Item(item) = part {
                items.push(item);
            }
        });
    }

    /// Walks the tree at `start` (the root or a folder under it), giving
    /// each entry's [`Part`] to `sink`. With `max_depth`, the folders at
    /// that depth below `start` are given as [`Part::Folder`] instead of
    /// being entered. `start` itself is not checked against the filter
    /// (the root always is walked; a folder under it was checked when it
    /// was met).
    fn visit(&self, start: &Path, max_depth: Option<usize>, sink: &mut dyn FnMut(Part)) {
        let RootWalk {
            root,
            absolute_root,
            filter,
            follow,
        } = *self;
        let mut walker = WalkDir::new(start)
            .follow_links(follow)
            .follow_root_links(true)
            .max_depth(max_depth.unwrap_or(usize::MAX))
            // By file name: siblings' paths differ only there, and a path is
            // compared as it is stored, while `file_name()` parses it each time
            // (that was 30 % of the walk).
            .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
            .into_iter();
        while let Some(entry) = walker.next() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    let path = err
                        .path()
                        .map_or_else(|| start.to_path_buf(), Path::to_path_buf);
                    let not_found = err
                        .io_error()
                        .is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound);
                    let link = std::fs::symlink_metadata(&path).map(|m| m.file_type().is_symlink());
                    let reason = if err.loop_ancestor().is_some() {
                        WalkSkip::SymlinkLoop
                    } else if not_found && link.as_ref().is_ok_and(|&is_link| is_link) {
                        WalkSkip::Unreadable(
                            "dangling symbolic link: its target does not exist".to_string(),
                        )
                    } else if not_found && link.is_err() {
                        WalkSkip::Vanished
                    } else {
                        WalkSkip::Unreadable(
                            err.io_error()
                                .map_or_else(|| err.to_string(), |e| e.to_string()),
                        )
                    };
                    sink(Part::Item(WalkItem::Skipped { path, reason }));
                    continue;
                }
            };
            let file_type = entry.file_type();
            if file_type.is_dir() {
                // Excluded folders (hidden ones by default) are reported once
                // and not entered; `start` always is.
                if entry.depth() > 0 && !filter.walks_folder(&entry.file_name().to_string_lossy()) {
                    sink(Part::Item(WalkItem::Skipped {
                        path: entry.path().to_path_buf(),
                        reason: WalkSkip::Excluded,
                    }));
                    walker.skip_current_dir();
                } else if entry.depth() > 0 && Some(entry.depth()) == max_depth {
                    sink(Part::Folder(entry.path().to_path_buf()));
                }
                continue;
            }
            let path = entry.path().to_path_buf();
            let name = entry.file_name().to_string_lossy();
            if file_type.is_symlink() {
                let reason = if follow {
                    WalkSkip::NotAFile // a dangling link, when following
                } else {
                    WalkSkip::SymlinkNotFollowed
                };
                sink(Part::Item(WalkItem::Skipped { path, reason }));
                continue;
            }
            if !file_type.is_file() {
                sink(Part::Item(WalkItem::Skipped {
                    path,
                    reason: WalkSkip::NotAFile,
                }));
                continue;
            }
            if !filter.accepts_file(&name) {
                sink(Part::Item(WalkItem::Skipped {
                    path,
                    reason: WalkSkip::Excluded,
                }));
                continue;
            }
            let metadata = match entry.metadata() {
                Ok(m) => m,
                Err(err) => {
                    let vanished = err
                        .io_error()
                        .is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound);
                    let reason = if vanished {
                        WalkSkip::Vanished
                    } else {
                        WalkSkip::Unreadable(err.to_string())
                    };
                    sink(Part::Item(WalkItem::Skipped { path, reason }));
                    continue;
                }
            };
            let relative = relative_to(&path, root);
            let absolute = if relative.as_os_str().is_empty() {
                absolute_root.to_path_buf()
            } else {
                absolute_root.join(relative)
            };
            // Through followed links one file can have several paths: its
            // identity is then its canonical path, so it is indexed once.
            let absolute = if follow {
                std::fs::canonicalize(&absolute).unwrap_or(absolute)
            } else {
                absolute
            };
            sink(Part::Item(WalkItem::File(FileCandidate {
                key: path_key(&absolute),
                path,
                size: metadata.len(),
                mtime_ns: mtime_ns(&metadata),
            })));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_are_those_of_strip_prefix() {
        for (root, name) in [
            ("a", "b/c.txt"),
            ("a/", "b"),
            ("./x", "y/z"),
            ("/abs/root", "f"),
            ("a//b", "c"),
            ("é t", "ü/ç.txt"),
            ("a", ""),
        ] {
            let root = Path::new(root);
            let path = root.join(name);
            assert_eq!(
                relative_to(&path, root),
                path.strip_prefix(root).unwrap_or(&path),
                "{root:?} {name:?}"
            );
        }
        // Not under the root: the path itself, as before.
        let other = Path::new("elsewhere/f");
        assert_eq!(relative_to(other, Path::new("a")), other);
    }
    use crate::config::Config;

    #[test]
    fn walks_sorted_and_reports_exclusions() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        std::fs::write(dir.path().join(".git/config"), "x").unwrap();
        std::fs::write(dir.path().join("b.txt"), "date 2018-07 b").unwrap();
        std::fs::write(dir.path().join("sub/a.txt"), "date 2018-07 a").unwrap();
        std::fs::write(dir.path().join("photo.jpg"), "x").unwrap();
        let filter = NameFilter::new(&Config::default().indexing).unwrap();
        let items = walk(&[dir.path().to_path_buf()], &filter, false, 1).unwrap();
        let files: Vec<String> = items
            .iter()
            .filter_map(|i| match i {
                WalkItem::File(f) => {
                    Some(f.path.file_name().unwrap().to_string_lossy().into_owned())
                }
                _ => None,
            })
            .collect();
        assert_eq!(files, ["b.txt", "a.txt"]);
        assert!(items.iter().any(|i| matches!(i, WalkItem::Skipped { path, reason: WalkSkip::Excluded } if path.ends_with("photo.jpg"))));
        // The hidden folder is reported once and not entered.
        assert!(items.iter().any(|i| matches!(i, WalkItem::Skipped { path, reason: WalkSkip::Excluded } if path.ends_with(".git"))));
        assert!(!items
            .iter()
            .any(|i| matches!(i, WalkItem::File(f) if f.path.ends_with("config"))));
    }

    /// A tree with files at every level, nested and excluded folders, an
    /// excluded file, a symbolic link, and one folder holding all the rest
    /// (so that the parallel walk lists several levels).
    fn nested_tree(root: &Path) {
        let dirs = [
            "top",
            "top/2019",
            "top/2019/01",
            "top/2019/02",
            "top/2020",
            "top/2020/.cache",
            "top/2021",
            "top/2021/a",
            "top/2021/a/b",
            "top/2021/a/b/c",
            "top/empty",
        ];
        for d in dirs {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        let files = [
            "root.txt",
            "top/t.txt",
            "top/2019/x.txt",
            "top/2019/01/a.txt",
            "top/2019/01/b.txt",
            "top/2019/02/c.txt",
            "top/2019/02/d.jpg",
            "top/2020/.cache/hidden.txt",
            "top/2020/e.txt",
            "top/2021/a/b/c/deep.txt",
            "top/2021/a/f.txt",
            "top/z.txt",
        ];
        for f in files {
            std::fs::write(root.join(f), f).unwrap();
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("top/t.txt"), root.join("top/2020/link.txt")).unwrap();
    }

    #[test]
    fn the_parallel_walk_gives_the_items_of_one_thread_in_the_same_order() {
        let dir = tempfile::tempdir().unwrap();
        nested_tree(dir.path());
        let filter = NameFilter::new(&Config::default().indexing).unwrap();
        let roots = [dir.path().to_path_buf(), dir.path().join("top/2019")];
        let one = walk(&roots, &filter, false, 1).unwrap();
        let files = one
            .iter()
            .filter(|i| matches!(i, WalkItem::File(_)))
            .count();
        // Hand count: 12 files, less d.jpg (excluded) and hidden.txt (in an
        // excluded folder), then the 4 files under top/2019 again.
        assert_eq!(files, 10 + 4);
        for threads in [2, 3, 8] {
            assert_eq!(walk(&roots, &filter, false, threads).unwrap(), one);
        }
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_names_keep_distinct_keys() {
        use std::os::unix::ffi::OsStrExt;
        let a = Path::new(std::ffi::OsStr::from_bytes(b"/d/caf\xe9.txt"));
        let b = Path::new(std::ffi::OsStr::from_bytes(b"/d/caf\xe8.txt"));
        assert_eq!(path_key(a), "/d/caf\\xE9.txt");
        assert_ne!(path_key(a), path_key(b));
        assert_eq!(path_key(Path::new("/d/café.txt")), "/d/café.txt");
    }

    #[test]
    fn missing_root_is_an_error() {
        let filter = NameFilter::new(&Config::default().indexing).unwrap();
        let err = walk(&[PathBuf::from("/nonexistent/depeche")], &filter, false, 2).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/depeche"));
    }
}
