//! Extract: the facets of a dispatch — regions it is about and sources it
//! cites — from a gazetteer and a list of known sources.
//!
//! The data files are TOML; the built-in ones are embedded in the binary
//! (`src/extract/gazetteer.toml`, `src/extract/sources.toml`) and more can be
//! listed in `index-schema.toml`.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::analysis::fold;
use crate::config::Config;
use crate::ingest::Dispatch;

/// The built-in gazetteer.
pub const BUILTIN_GAZETTEER: &str = include_str!("gazetteer.toml");
/// The built-in list of known sources.
pub const BUILTIN_SOURCES: &str = include_str!("sources.toml");

/// Errors loading extraction data.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// A data file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A data file is not valid.
    #[error("invalid data file {path}: {message}")]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong (with line for TOML errors).
        message: String,
    },
}

/// Kind of a gazetteer entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    /// A country.
    Country,
    /// A first-level division of a country.
    Province,
}

/// One gazetteer entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    /// Canonical French name.
    pub name: String,
    /// Country or province.
    pub kind: PlaceKind,
    /// For a province, the canonical name of its country.
    #[serde(default)]
    pub country: Option<String>,
    /// Other spellings.
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GazetteerFile {
    #[serde(default)]
    place: Vec<Place>,
}

/// Kind of a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// A news agency.
    Agency,
    /// A non-governmental organisation.
    Ngo,
    /// A United Nations body.
    Un,
    /// A government, ministry or army.
    Government,
    /// A newspaper, channel or other medium.
    Media,
    /// A named person.
    Person,
    /// An unnamed source ("sources diplomatiques").
    Anonymous,
}

impl SourceKind {
    /// The kind's name in JSON and output.
    pub fn name(self) -> &'static str {
        match self {
            SourceKind::Agency => "agency",
            SourceKind::Ngo => "ngo",
            SourceKind::Un => "un",
            SourceKind::Government => "government",
            SourceKind::Media => "media",
            SourceKind::Person => "person",
            SourceKind::Anonymous => "anonymous",
        }
    }
}

/// One known source.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnownSource {
    /// Canonical name.
    pub name: String,
    /// Kind.
    pub kind: SourceKind,
    /// Other names.
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcesFile {
    #[serde(default)]
    source: Vec<KnownSource>,
}

/// A region a dispatch is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionFacet {
    /// Hierarchical path: `["Syrie"]` or `["Syrie", "Deraa"]`.
    pub path: Vec<String>,
    /// The sentence that is the evidence.
    pub evidence: String,
}

impl RegionFacet {
    /// The facet value as `Country/Province`.
    pub fn name(&self) -> String {
        self.path.join("/")
    }
}

/// A source a dispatch cites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceFacet {
    /// Canonical name.
    pub name: String,
    /// Kind.
    pub kind: SourceKind,
    /// The sentence that is the evidence.
    pub evidence: String,
}

/// What the extraction finds in one dispatch.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// Regions, most evident first, without duplicates.
    pub regions: Vec<RegionFacet>,
    /// Sources, in order of first citation, without duplicates.
    pub sources: Vec<SourceFacet>,
}

/// The facet extractor, built once per run from the configured data.
#[derive(Debug, Clone)]
pub struct Extractor {
    places: Vec<Place>,
    sources: Vec<KnownSource>,
    /// Folded lower-case name or alias → index in `places`.
    place_names: HashMap<String, usize>,
    /// Folded lower-case name or alias → index in `sources`.
    source_names: HashMap<String, usize>,
    fingerprint_text: String,
}

fn key(name: &str) -> String {
    fold(&name.to_lowercase()).replace('’', "'")
}

fn read_data(
    config: &Config,
    entry: &str,
    builtin: &'static str,
) -> Result<(String, String), ExtractError> {
    match config.resolve_data_path(entry) {
        None => Ok(("builtin".to_string(), builtin.to_string())),
        Some(path) => {
            let shown = path.display().to_string();
            let text = std::fs::read_to_string(&path).map_err(|source| ExtractError::Read {
                path: shown.clone(),
                source,
            })?;
            Ok((shown, text))
        }
    }
}

impl Extractor {
    /// Loads the gazetteers and source lists named by the configuration.
    pub fn from_config(config: &Config) -> Result<Extractor, ExtractError> {
        let mut places = Vec::new();
        let mut sources = Vec::new();
        let mut fingerprint_text = String::new();
        for entry in &config.facets.region.gazetteers {
            let (path, text) = read_data(config, entry, BUILTIN_GAZETTEER)?;
            let file: GazetteerFile = toml::from_str(&text).map_err(|e| ExtractError::Invalid {
                path: path.clone(),
                message: e.to_string(),
            })?;
            places.extend(file.place);
            fingerprint_text.push_str(&text);
        }
        for entry in &config.facets.source.lists {
            let (path, text) = read_data(config, entry, BUILTIN_SOURCES)?;
            let file: SourcesFile = toml::from_str(&text).map_err(|e| ExtractError::Invalid {
                path: path.clone(),
                message: e.to_string(),
            })?;
            sources.extend(file.source);
            fingerprint_text.push_str(&text);
        }
        let mut place_names = HashMap::new();
        for (i, place) in places.iter().enumerate() {
            for name in std::iter::once(&place.name).chain(&place.aliases) {
                place_names.insert(key(name), i);
            }
        }
        let mut source_names = HashMap::new();
        for (i, source) in sources.iter().enumerate() {
            for name in std::iter::once(&source.name).chain(&source.aliases) {
                source_names.insert(key(name), i);
            }
        }
        Ok(Extractor {
            places,
            sources,
            place_names,
            source_names,
            fingerprint_text,
        })
    }

    /// Text whose hash identifies the extraction data (part of the index
    /// fingerprint).
    pub fn fingerprint_text(&self) -> &str {
        &self.fingerprint_text
    }

    fn place_path(&self, index: usize) -> Vec<String> {
        let place = &self.places[index];
        match (&place.kind, &place.country) {
            (PlaceKind::Province, Some(country)) => vec![country.clone(), place.name.clone()],
            _ => vec![place.name.clone()],
        }
    }

    /// The facet path of a region named by a user (any alias, any case or
    /// accents): `Daraa` → `["Syrie", "Deraa"]`.
    pub fn resolve_region(&self, name: &str) -> Option<Vec<String>> {
        let wanted = key(name.trim());
        if let Some(&i) = self.place_names.get(&wanted) {
            return Some(self.place_path(i));
        }
        // "Syrie/Deraa" given as a path.
        let parts: Vec<&str> = name
            .split('/')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if parts.len() > 1 {
            let last = self.resolve_region(parts[parts.len() - 1])?;
            return Some(last);
        }
        None
    }

    /// The canonical name of a source named by a user (any alias, any case
    /// or accents).
    pub fn resolve_source(&self, name: &str) -> Option<String> {
        self.source_names
            .get(&key(name.trim()))
            .map(|&i| self.sources[i].name.clone())
    }

    /// Extracts the facets of a dispatch.
    pub fn extract(&self, dispatch: &Dispatch) -> Facets {
        let mut facets = Facets::default();
        for paragraph in &dispatch.paragraphs {
            for sentence in sentences(&paragraph.text) {
                let folded = key(sentence);
                for (name, &i) in &self.place_names {
                    if contains_word(&folded, name) {
                        let path = self.place_path(i);
                        if !facets.regions.iter().any(|r| r.path == path) {
                            facets.regions.push(RegionFacet {
                                path,
                                evidence: sentence.to_string(),
                            });
                        }
                    }
                }
                for (name, &i) in &self.source_names {
                    if contains_word(&folded, name) {
                        let source = &self.sources[i];
                        if !facets.sources.iter().any(|s| s.name == source.name) {
                            facets.sources.push(SourceFacet {
                                name: source.name.clone(),
                                kind: source.kind,
                                evidence: sentence.to_string(),
                            });
                        }
                    }
                }
            }
        }
        facets.regions.sort_by(|a, b| a.path.cmp(&b.path));
        facets.sources.sort_by(|a, b| a.name.cmp(&b.name));
        facets
    }
}

/// Splits a paragraph into sentences (at `.`, `!`, `?` followed by a space
/// and an upper-case letter or a quote).
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '!' | '?') {
            let end = i + c.len_utf8();
            let rest = &text[end..];
            let next = rest.trim_start().chars().next();
            if rest.starts_with(char::is_whitespace)
                && next.is_some_and(|n| n.is_uppercase() || n == '"' || n == '«')
            {
                out.push(text[start..end].trim());
                start = end;
            }
        }
    }
    if !text[start..].trim().is_empty() {
        out.push(text[start..].trim());
    }
    out
}

fn contains_word(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(i, _)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::parse;

    #[test]
    fn aliases_resolve_to_one_path() {
        let x = Extractor::from_config(&Config::default()).unwrap();
        assert_eq!(x.resolve_region("Daraa"), x.resolve_region("deraa"));
        assert_eq!(x.resolve_region("Deraa").unwrap(), vec!["Syrie", "Deraa"]);
        assert_eq!(
            x.resolve_source("observatoire syrien des droits de l’homme")
                .as_deref(),
            Some("OSDH")
        );
    }

    #[test]
    fn finds_regions_and_sources() {
        let x = Extractor::from_config(&Config::default()).unwrap();
        let d = parse("date 2018-07 Des frappes dans la province de Daraa, selon l'OSDH.");
        let f = x.extract(&d);
        assert_eq!(f.regions[0].name(), "Syrie/Deraa");
        assert_eq!(f.sources[0].name, "OSDH");
    }

    #[test]
    fn sentences_split() {
        assert_eq!(
            sentences("Un. Deux! \"Trois\"? fin"),
            vec!["Un.", "Deux!", "\"Trois\"? fin"]
        );
    }
}
