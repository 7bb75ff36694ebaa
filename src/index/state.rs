//! The file state recorded in an index: for every live dispatch, the key
//! (absolute path) of its file, with the size, modification time and content
//! hash it had when indexed. Incremental runs and `depeche verify` compare it
//! with the folders.

use rustc_hash::FxHashMap;
use std::path::Path;

use tantivy::{Index, TantivyError};

use super::IndexError;

/// The state of one indexed file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexedState {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, ns since the Unix epoch.
    pub mtime: u64,
    /// xxh3-64 of the content.
    pub hash: u64,
}

/// Every live dispatch's file state, as read from the last commit.
#[derive(Debug, Clone, Default)]
pub struct IndexState {
    /// Key → state (the last one read when a key has several dispatches).
    pub files: FxHashMap<String, IndexedState>,
    /// Number of live dispatches per key, for keys with more than one (an
    /// index depeche wrote never has any).
    pub duplicates: FxHashMap<String, usize>,
    /// Live dispatches in all.
    pub dispatches: u64,
}

fn damaged(dir: &Path, message: String) -> IndexError {
    IndexError::Damaged {
        index: dir.to_path_buf(),
        message,
    }
}

/// Reads the file state of every live dispatch of the last commit of `index`.
pub fn load_state(index: &Index, dir: &Path) -> Result<IndexState, IndexError> {
    let err = |e: TantivyError| damaged(dir, e.to_string());
    let reader = index.reader().map_err(err)?;
    let searcher = reader.searcher();
    let mut state = IndexState::default();
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
            .map_err(|e| damaged(dir, e.to_string()))?;
        while stream.advance() {
            names.push(String::from_utf8_lossy(stream.key()).into_owned());
        }
        for doc in segment.doc_ids_alive() {
            state.dispatches += 1;
            let Some(ord) = keys.term_ords(doc).next() else {
                continue;
            };
            let Some(name) = names.get(ord as usize) else {
                return Err(damaged(
                    dir,
                    format!("a key ordinal ({ord}) is out of its dictionary"),
                ));
            };
            let file = IndexedState {
                size: size.first(doc).unwrap_or(0),
                mtime: mtime.first(doc).unwrap_or(0),
                hash: hash.first(doc).unwrap_or(0),
            };
            if state.files.insert(name.clone(), file).is_some() {
                // A key met again: its dispatches are counted from 2.
                *state.duplicates.entry(name.clone()).or_insert(1) += 1;
            }
        }
    }
    Ok(state)
}
