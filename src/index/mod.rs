//! Index: the tantivy schema, the index folder and its metadata, and the
//! writer that turns walked files into documents.
//!
//! An index folder holds tantivy's files and `depeche.json` ([`IndexMeta`]):
//! the analyzer version, a fingerprint of the settings that shape the
//! index, and the configuration it was built with, which queries reuse.

pub mod schema;
pub mod state;
pub mod trimmed;
pub mod verify;
mod worker;
pub mod writer;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::Index;

use crate::analysis::{FrenchAnalyzer, TermsTokenizer, ANALYZER_VERSION, TERMS_TOKENIZER_NAME};
use crate::config::Config;
use crate::extract::{ExtractError, ExtractionData, NameResolver, EXTRACTION_VERSION};
pub use schema::Fields;
pub use state::{load_state, IndexState, IndexedState};
pub use verify::{verify, VerifyOptions, VerifyReport};
pub use writer::{run_index, IndexOptions, IndexReport, MovedFile, SkipKind, SkippedFile};

/// Version of the index layout (schema and metadata).
pub const INDEX_FORMAT: u32 = 3;

/// Name of the metadata file inside an index folder.
pub const META_FILE: &str = "depeche.json";

/// Errors opening or writing an index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// No index at this place.
    #[error("no depeche index at {0} (build one with `depeche index FOLDER --index {0}`)")]
    Missing(PathBuf),
    /// The index was built with another analyzer or other settings.
    #[error("the index at {index} is stale: {reason}; rebuild it with `depeche index --rebuild --index {index} FOLDER…`")]
    Stale {
        /// The index folder.
        index: PathBuf,
        /// What differs.
        reason: String,
    },
    /// Another process holds the index's writer lock.
    #[error(
        "the index at {0} is locked: another `depeche index` is writing it; wait for it to finish"
    )]
    Locked(PathBuf),
    /// The index's files are damaged or unreadable.
    #[error("the index at {index} is damaged or unreadable: {message}")]
    Damaged {
        /// The index folder.
        index: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The index has no commit yet (its first indexing is running or was
    /// interrupted before its first commit).
    #[error("the index at {0} has no commit yet: its first `depeche index` is still running or was interrupted before committing; run `depeche index FOLDER --index {0}`")]
    NoCommit(PathBuf),
    /// The disk filled up while writing: the index is left at its last commit.
    #[error("disk full while writing the index at {index}: the index is left at its last commit and is still usable; free some space and run `depeche index` again ({message})")]
    DiskFull {
        /// The index folder.
        index: PathBuf,
        /// The operating system's message.
        message: String,
    },
    /// An I/O error on a path.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The configuration's data files could not be loaded.
    #[error(transparent)]
    Extract(#[from] ExtractError),
    /// The configuration is invalid.
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    /// The walk could not start.
    #[error(transparent)]
    Walk(#[from] crate::ingest::WalkError),
    /// An error inside tantivy while writing.
    #[error("index {index}: {message}")]
    Tantivy {
        /// The index folder.
        index: PathBuf,
        /// tantivy's message.
        message: String,
    },
    /// `--strict` and some files were skipped; nothing was committed.
    #[error("{0} file(s) could not be indexed and --strict is set: nothing was committed")]
    Strict(usize),
}

/// Contents of `depeche.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct IndexMeta {
    /// [`INDEX_FORMAT`] of the writer.
    pub format: u32,
    /// [`ANALYZER_VERSION`] of the writer.
    pub analyzer_version: u32,
    /// Hash of the settings and data that shape the index.
    pub fingerprint: String,
    /// [`EXTRACTION_VERSION`] of the writer (0 in indexes written before
    /// it was recorded).
    #[serde(default)]
    pub extraction_version: u32,
    /// The configuration text the index was built with.
    pub config: String,
    /// Folder its relative paths resolve against (absent for the default).
    pub config_dir: Option<PathBuf>,
    /// Absolute folders (or files) indexed into it, for `depeche verify`
    /// (absent in indexes written before it was recorded).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roots: Vec<PathBuf>,
    /// Whether symbolic links were followed (`--follow`): files are then
    /// identified by their canonical path, and `verify` walks the same way.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub follow: bool,
}

impl IndexMeta {
    /// Metadata for a new index built with `config`.
    /// `extraction` is as for [`fingerprint`].
    pub fn new(config: &Config, config_text: &str, extraction: Option<&str>) -> IndexMeta {
        IndexMeta {
            format: INDEX_FORMAT,
            analyzer_version: ANALYZER_VERSION,
            fingerprint: fingerprint(config, extraction),
            extraction_version: EXTRACTION_VERSION,
            config: config_text.to_string(),
            config_dir: config
                .base_dir
                .as_ref()
                .map(|d| std::fs::canonicalize(d).unwrap_or_else(|_| d.clone())),
            roots: Vec::new(),
            follow: false,
        }
    }

    /// Records `roots` (made absolute) among the folders of the index.
    pub fn add_roots(&mut self, roots: &[PathBuf]) {
        for root in roots {
            let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.clone());
            if !self.roots.contains(&root) {
                self.roots.push(root);
            }
        }
    }

    /// Reads `depeche.json` of an index folder.
    pub fn read(index_dir: &Path) -> Result<IndexMeta, IndexError> {
        let path = index_dir.join(META_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(IndexError::Missing(index_dir.to_path_buf()))
            }
            Err(source) => return Err(IndexError::Io { path, source }),
        };
        serde_json::from_str(&text).map_err(|e| IndexError::Damaged {
            index: index_dir.to_path_buf(),
            message: format!("{META_FILE}: {e}"),
        })
    }

    /// Writes `depeche.json` atomically and durably (temporary file synced
    /// to disk, rename, folder synced): a crash leaves the old or the new
    /// version, never a mix; a full disk leaves the old one.
    pub fn write(&self, index_dir: &Path) -> Result<(), IndexError> {
        use std::io::Write;
        let path = index_dir.join(META_FILE);
        let tmp = index_dir.join(format!("{META_FILE}.tmp"));
        let text = serde_json::to_string_pretty(self).map_err(|e| IndexError::Damaged {
            index: index_dir.to_path_buf(),
            message: e.to_string(),
        })?;
        let io = |path: &Path, source: std::io::Error| {
            let message = format!("{}: {source}", path.display());
            if writer::is_disk_full(&message) {
                IndexError::DiskFull {
                    index: index_dir.to_path_buf(),
                    message,
                }
            } else {
                IndexError::Io {
                    path: path.to_path_buf(),
                    source,
                }
            }
        };
        let written = std::fs::File::create(&tmp).and_then(|mut file| {
            file.write_all(text.as_bytes())?;
            file.sync_all()
        });
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(io(&tmp, e));
        }
        std::fs::rename(&tmp, &path).map_err(|e| io(&path, e))?;
        if let Ok(folder) = std::fs::File::open(index_dir) {
            let _ = folder.sync_all();
        }
        Ok(())
    }

    /// Refuses to add to an index whose facets were extracted by other
    /// extraction rules, when `config` extracts any facet (an index without
    /// extracted facets has nothing to disagree on).
    pub fn check_extraction_version(
        &self,
        index_dir: &Path,
        config: &Config,
    ) -> Result<(), IndexError> {
        if !config.facets.extracts() || self.extraction_version == EXTRACTION_VERSION {
            return Ok(());
        }
        let was = match self.extraction_version {
            0 => "an older depeche that did not record its version".to_string(),
            v => format!("extraction rules version {v}"),
        };
        Err(IndexError::Stale {
            index: index_dir.to_path_buf(),
            reason: format!(
                "its regions and sources were extracted by {was}, and this depeche extracts with version {EXTRACTION_VERSION}; dispatches added now would not have the same facets as those indexed before"
            ),
        })
    }

    /// The configuration the index was built with.
    pub fn config(&self) -> Result<Config, IndexError> {
        let mut config = Config::parse(&self.config, "index configuration")?;
        config.base_dir = self.config_dir.clone();
        Ok(config)
    }

    /// Refuses an index written by another analyzer or layout.
    pub fn check_versions(&self, index_dir: &Path) -> Result<(), IndexError> {
        let stale = |reason: String| IndexError::Stale {
            index: index_dir.to_path_buf(),
            reason,
        };
        if self.format != INDEX_FORMAT {
            return Err(stale(format!(
                "it has index format {} and this depeche writes format {INDEX_FORMAT}",
                self.format
            )));
        }
        if self.analyzer_version != ANALYZER_VERSION {
            return Err(stale(format!(
                "it was built with analyzer version {} and this depeche has version {ANALYZER_VERSION}",
                self.analyzer_version
            )));
        }
        Ok(())
    }
}

/// Hash of everything that changes the terms or facets of an index.
/// `extraction` is the [`ExtractionData::fingerprint_text`] of its data, `None`
/// when the configuration extracts no facet.
pub fn fingerprint(config: &Config, extraction: Option<&str>) -> String {
    let mut text = format!("format={INDEX_FORMAT};analyzer={ANALYZER_VERSION};");
    text.push_str(&serde_json::to_string(&config.analyzer).unwrap_or_default());
    text.push_str(&serde_json::to_string(&config.facets.date).unwrap_or_default());
    let facets = &config.facets;
    if !facets.region.extract || !facets.source.extract {
        // Written only when something is off, so that fingerprints of
        // indexes built before the switch existed stay valid.
        text.push_str(&format!(
            "extract:region={},source={};",
            facets.region.extract, facets.source.extract
        ));
    }
    if let Some(extraction) = extraction {
        text.push_str(extraction);
    }
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()))
}

/// An opened index with everything a reader needs.
pub struct OpenIndex {
    /// The folder.
    pub dir: PathBuf,
    /// tantivy's index, with the analyzer registered.
    pub index: Index,
    /// Field handles.
    pub fields: Fields,
    /// The configuration it was built with.
    pub config: Config,
    /// The analyzer it was built with.
    pub analyzer: FrenchAnalyzer,
    /// Its metadata.
    pub meta: IndexMeta,
    /// The names of its gazetteers and source lists, read on first use
    /// (filters by region or source need them; plain queries don't pay).
    names: std::sync::OnceLock<NameResolver>,
}

impl OpenIndex {
    /// Opens an existing index for reading; refuses other analyzer versions.
    /// An index whose first indexing has not committed yet is
    /// [`IndexError::NoCommit`]. Readers see the last commit only, whatever
    /// an indexer is doing meanwhile.
    pub fn open(dir: &Path) -> Result<OpenIndex, IndexError> {
        let meta = IndexMeta::read(dir)?;
        meta.check_versions(dir)?;
        if !dir.join("meta.json").exists() {
            return Err(IndexError::NoCommit(dir.to_path_buf()));
        }
        let config = meta.config()?;
        let damaged = |e: tantivy::TantivyError| IndexError::Damaged {
            index: dir.to_path_buf(),
            message: e.to_string(),
        };
        let index = Index::open_in_dir(dir).map_err(damaged)?;
        let fields = Fields::from_schema(&index.schema()).map_err(|e| IndexError::Damaged {
            index: dir.to_path_buf(),
            message: e.to_string(),
        })?;
        let analyzer = FrenchAnalyzer::new(&config.analyzer);
        index
            .tokenizers()
            .register(TERMS_TOKENIZER_NAME, TermsTokenizer::default());
        Ok(OpenIndex {
            dir: dir.to_path_buf(),
            index,
            fields,
            config,
            analyzer,
            meta,
            names: std::sync::OnceLock::new(),
        })
    }

    /// The resolver of region and source names of the index's
    /// configuration (its gazetteers and source lists, read on first call).
    pub fn names(&self) -> Result<&NameResolver, IndexError> {
        if let Some(names) = self.names.get() {
            return Ok(names);
        }
        let names = NameResolver::new(ExtractionData::read(&self.config)?);
        Ok(self.names.get_or_init(|| names))
    }
}
