//! Settings of an index: the parsed form of `index-schema.toml`.
//!
//! The default file at the top of the repository is embedded in the binary
//! ([`DEFAULT_CONFIG`]). [`Config::parse`] rejects unknown keys with an error
//! naming the key and its line. Paths inside the file (gazetteers, source
//! lists) are resolved relative to the file's folder; `"builtin"` names the
//! data shipped with depeche.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The default `index-schema.toml`, as shipped.
pub const DEFAULT_CONFIG: &str = include_str!("../index-schema.toml");

/// Errors reading or validating a configuration file.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not valid TOML or does not fit the schema (unknown key,
    /// wrong type); the message names the key and the line.
    #[error("invalid config {origin}: {message}")]
    Parse {
        /// Where the text came from (a path, or "built-in default").
        origin: String,
        /// toml's message, with line and column.
        message: String,
    },
    /// A value is out of its range.
    #[error("invalid config {origin}: {message}")]
    Invalid {
        /// Where the text came from.
        origin: String,
        /// What is wrong.
        message: String,
    },
}

/// The whole configuration of an index.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Format version of the file; only 1 exists.
    pub schema_version: u32,
    /// Analyzer settings.
    pub analyzer: AnalyzerConfig,
    /// Text fields and their boosts.
    pub fields: FieldsConfig,
    /// Facet settings.
    pub facets: FacetsConfig,
    /// Walking and writing settings.
    pub indexing: IndexingConfig,
    /// Folder the relative paths of this file are resolved against; `None`
    /// for the embedded default.
    #[serde(skip)]
    pub base_dir: Option<PathBuf>,
}

/// `[analyzer]`: how French text is turned into terms.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AnalyzerConfig {
    /// Elided forms dropped before an apostrophe (`l`, `qu` …).
    pub elisions: Vec<String>,
    /// Words containing an apostrophe that stay in one piece.
    pub keep_whole: Vec<String>,
    /// `"builtin"` or `"none"`.
    pub stop_words: String,
    /// Added to the stop-word list.
    #[serde(default)]
    pub extra_stop_words: Vec<String>,
    /// Removed from the stop-word list.
    #[serde(default)]
    pub keep_words: Vec<String>,
}

/// `[fields.*]`: BM25 boosts of the searchable fields.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FieldsConfig {
    /// The `title:` header.
    pub title: FieldConfig,
    /// The first paragraph.
    pub lead: FieldConfig,
    /// Every paragraph.
    pub body: FieldConfig,
}

/// One searchable field.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FieldConfig {
    /// Multiplier of the field's BM25 score (0 disables the field in ranking).
    pub boost: f32,
}

/// `[facets]`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FacetsConfig {
    /// `[facets.date]`.
    pub date: DateFacetConfig,
    /// `[facets.region]`.
    pub region: RegionFacetConfig,
    /// `[facets.source]`.
    pub source: SourceFacetConfig,
}

impl FacetsConfig {
    /// Whether indexing runs the region and source extraction at all.
    pub fn extracts(&self) -> bool {
        self.region.extract || self.source.extract
    }
}

/// Deepest level of the date hierarchy.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum DateGranularity {
    /// `/2018`.
    Year,
    /// `/2018/07`.
    Month,
    /// `/2018/07/05`.
    Day,
}

/// `[facets.date]`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DateFacetConfig {
    /// Deepest level of the hierarchy.
    pub granularity: DateGranularity,
}

/// `[facets.region]`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RegionFacetConfig {
    /// Whether regions are extracted at all (`false`: the facet stays empty).
    #[serde(default = "enabled")]
    pub extract: bool,
    /// Gazetteer files, `"builtin"` or paths relative to the config file.
    pub gazetteers: Vec<String>,
}

fn enabled() -> bool {
    true
}

/// `[facets.source]`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SourceFacetConfig {
    /// Whether sources are extracted at all (`false`: the facet stays empty).
    #[serde(default = "enabled")]
    pub extract: bool,
    /// Known-source lists, `"builtin"` or paths relative to the config file.
    pub lists: Vec<String>,
}

/// `[indexing]`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct IndexingConfig {
    /// Glob patterns on file names that are dispatches.
    pub include: Vec<String>,
    /// Glob patterns on file and folder names that are not.
    pub exclude: Vec<String>,
    /// Writer memory budget for all threads, MiB.
    pub memory_budget_mb: usize,
    /// tantivy writer threads; 0 = one per two cores. depeche reads,
    /// extracts and analyses on one thread per core in any case (or one
    /// per writer thread, when there are more).
    pub threads: usize,
    /// Commit after this many new dispatches.
    pub commit_every_docs: u64,
    /// Commit after this many seconds.
    pub commit_every_secs: u64,
    /// Files larger than this (MiB) are skipped.
    pub max_file_mb: u64,
}

impl Default for Config {
    fn default() -> Self {
        // The embedded file is checked by a unit test; a failure here is a
        // build defect, not an input error.
        Config::parse(DEFAULT_CONFIG, "built-in default").expect("embedded index-schema.toml")
    }
}

impl Config {
    /// Parses the text of an `index-schema.toml`; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| ConfigError::Parse {
            origin: origin.to_string(),
            message: e.to_string().trim_end().to_string(),
        })?;
        config.validate(origin)?;
        Ok(config)
    }

    /// Reads and parses a configuration file; relative paths inside it are
    /// resolved against its folder.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut config = Config::parse(&text, &path.display().to_string())?;
        config.base_dir = Some(
            path.parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from(".")),
        );
        Ok(config)
    }

    fn validate(&self, origin: &str) -> Result<(), ConfigError> {
        let invalid = |message: String| ConfigError::Invalid {
            origin: origin.to_string(),
            message,
        };
        if self.schema_version != 1 {
            return Err(invalid(format!(
                "schema_version = {} is not supported (only 1)",
                self.schema_version
            )));
        }
        if !matches!(self.analyzer.stop_words.as_str(), "builtin" | "none") {
            return Err(invalid(format!(
                "analyzer.stop_words = {:?}: expected \"builtin\" or \"none\"",
                self.analyzer.stop_words
            )));
        }
        for (name, field) in [
            ("title", &self.fields.title),
            ("lead", &self.fields.lead),
            ("body", &self.fields.body),
        ] {
            if !(field.boost.is_finite() && field.boost >= 0.0) {
                return Err(invalid(format!(
                    "fields.{name}.boost = {}: expected a number >= 0",
                    field.boost
                )));
            }
        }
        if self.indexing.memory_budget_mb < 16 {
            return Err(invalid(format!(
                "indexing.memory_budget_mb = {}: at least 16 MiB is needed",
                self.indexing.memory_budget_mb
            )));
        }
        for pattern in self.indexing.include.iter().chain(&self.indexing.exclude) {
            globset::Glob::new(pattern)
                .map_err(|e| invalid(format!("indexing pattern {pattern:?}: {e}")))?;
        }
        Ok(())
    }

    /// Resolves an entry of `gazetteers` or `lists` to the file it names;
    /// `None` for `"builtin"`.
    pub fn resolve_data_path(&self, entry: &str) -> Option<PathBuf> {
        if entry == "builtin" {
            return None;
        }
        let path = Path::new(entry);
        Some(match &self.base_dir {
            Some(base) if path.is_relative() => base.join(path),
            _ => path.to_path_buf(),
        })
    }

    /// Number of tantivy writer threads to use: `threads`, or when it is 0
    /// one per two cores (at least one). A writer thread only builds
    /// postings from analysed terms, about a third of the work of a
    /// dispatch; the rest is done on the reader threads.
    pub fn indexing_threads(&self) -> usize {
        if self.indexing.threads == 0 {
            std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .div_ceil(2)
        } else {
            self.indexing.threads
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_default_parses() {
        let config = Config::parse(DEFAULT_CONFIG, "default").unwrap();
        assert_eq!(config.schema_version, 1);
        assert!(config.analyzer.elisions.contains(&"qu".to_string()));
        assert_eq!(config.facets.date.granularity, DateGranularity::Day);
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let text = DEFAULT_CONFIG.replace("threads = 0", "threads = 0\nthreadz = 3");
        let line = text.lines().position(|l| l.starts_with("threadz")).unwrap() + 1;
        let err = Config::parse(&text, "x.toml").unwrap_err().to_string();
        assert!(err.contains("threadz"), "{err}");
        assert!(err.contains(&format!("line {line}")), "{err}");
    }

    #[test]
    fn bad_stop_words_value_is_rejected() {
        let text = DEFAULT_CONFIG.replace("stop_words = \"builtin\"", "stop_words = \"english\"");
        let err = Config::parse(&text, "x.toml").unwrap_err().to_string();
        assert!(err.contains("stop_words"), "{err}");
    }
}
