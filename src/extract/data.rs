//! The extraction data files: gazetteers (`[[place]]`) and known-source
//! lists (`[[source]]`), their TOML form and loading.

use serde::{Deserialize, Serialize};

use super::ExtractError;

/// Kind of a gazetteer entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    /// A country (or a territory listed as one: Territoires palestiniens).
    Country,
    /// A first-level division of a country.
    Province,
    /// A city, district or French département that stands for its province
    /// (`province` set) or, without `province`, for its country.
    City,
}

/// One gazetteer entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    /// Canonical French name (the facet value for countries and provinces;
    /// an identifier for cities).
    pub name: String,
    /// Country, province or city.
    pub kind: PlaceKind,
    /// For a province or city, the canonical name of its country.
    #[serde(default)]
    pub country: Option<String>,
    /// For a city, the canonical name of its province (same country).
    #[serde(default)]
    pub province: Option<String>,
    /// Other spellings and transliterations.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// For a country, masculine singular adjectives (`syrien`); feminine and
    /// plural forms are derived.
    #[serde(default)]
    pub demonyms: Vec<String>,
    /// The name is also a common word or a person's name: it counts only in
    /// a locative frame or a dateline.
    #[serde(default)]
    pub strict: bool,
    /// When false, only the aliases are matched in text (the name is shown).
    #[serde(default = "yes")]
    pub match_name: bool,
    /// The province or city of a national capital: a mention in a sentence
    /// about the government, with no event there, stands for the country.
    #[serde(default)]
    pub capital: bool,
}

fn yes() -> bool {
    true
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
    /// A United Nations body (and other intergovernmental courts and funds).
    Un,
    /// A government, ministry, army, presidency, police, or an armed or
    /// political movement acting as one.
    Government,
    /// A newspaper, channel or other medium.
    Media,
    /// A named person.
    Person,
    /// An unnamed source ("sources diplomatiques").
    Anonymous,
    /// An organisation absent from the lists, of unknown kind (found by its
    /// acronym or its capitalised name).
    Organisation,
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
            SourceKind::Organisation => "organisation",
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
    /// The country the source belongs to (a gazetteer country's canonical
    /// name); required by `local_aliases`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Names that stand for the source only in a dispatch about its
    /// `country` ("Défense civile" is Syria's White Helmets in a Syrian
    /// story); in a dispatch about another country they name that
    /// country's body and are read as any unlisted organisation ("la
    /// Défense civile libanaise", "la Défense civile de Gaza").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub local_aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcesFile {
    #[serde(default)]
    source: Vec<KnownSource>,
}

fn invalid(path: &str, message: String) -> ExtractError {
    ExtractError::Invalid {
        path: path.to_string(),
        message,
    }
}

/// Parses and checks a gazetteer file: every province and city names a
/// country; a city's province must exist in an earlier or the same file
/// (checked by the caller once all files are merged).
pub fn parse_gazetteer(path: &str, text: &str) -> Result<Vec<Place>, ExtractError> {
    let file: GazetteerFile =
        toml::from_str(text).map_err(|e| invalid(path, e.to_string().trim_end().to_string()))?;
    for place in &file.place {
        if place.name.trim().is_empty() {
            return Err(invalid(path, "a place has an empty name".to_string()));
        }
        if place.kind != PlaceKind::Country && place.country.is_none() {
            return Err(invalid(
                path,
                format!("place {:?} ({:?}) has no `country`", place.name, place.kind),
            ));
        }
    }
    Ok(file.place)
}

/// Parses a known-source list.
pub fn parse_sources(path: &str, text: &str) -> Result<Vec<KnownSource>, ExtractError> {
    let file: SourcesFile =
        toml::from_str(text).map_err(|e| invalid(path, e.to_string().trim_end().to_string()))?;
    for source in &file.source {
        if source.name.trim().is_empty() {
            return Err(invalid(path, "a source has an empty name".to_string()));
        }
        if !source.local_aliases.is_empty() && source.country.is_none() {
            return Err(invalid(
                path,
                format!(
                    "source {:?} has `local_aliases` but no `country`",
                    source.name
                ),
            ));
        }
    }
    Ok(file.source)
}

/// Feminine and plural forms of a masculine singular demonym, with the
/// masculine singular first: `syrien` → syrien, syrienne, syriens,
/// syriennes.
pub fn demonym_forms(masculine: &str) -> [String; 4] {
    let m = masculine.to_string();
    let f = if m.ends_with('e') {
        m.clone()
    } else if m.ends_with("en") || m.ends_with("on") {
        format!("{m}ne")
    } else if let Some(stem) = m.strip_suffix('c') {
        format!("{stem}que")
    } else {
        format!("{m}e")
    };
    let mp = if m.ends_with('s') || m.ends_with('x') {
        m.clone()
    } else {
        format!("{m}s")
    };
    let fp = if f.ends_with('s') {
        f.clone()
    } else {
        format!("{f}s")
    };
    [m, f, mp, fp]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demonyms_inflect() {
        assert_eq!(
            demonym_forms("syrien"),
            ["syrien", "syrienne", "syriens", "syriennes"]
        );
        assert_eq!(demonym_forms("français")[2], "français");
        assert_eq!(demonym_forms("belge")[1], "belge");
        assert_eq!(demonym_forms("turc")[1], "turque");
        assert_eq!(demonym_forms("malien")[3], "maliennes");
    }

    #[test]
    fn builtin_files_parse() {
        let places = parse_gazetteer("builtin", super::super::BUILTIN_GAZETTEER).unwrap();
        assert!(
            places
                .iter()
                .filter(|p| p.kind == PlaceKind::Country)
                .count()
                > 190
        );
        let sources = parse_sources("builtin", super::super::BUILTIN_SOURCES).unwrap();
        assert!(sources.len() > 200);
    }

    #[test]
    fn local_aliases_need_a_country() {
        let text = "[[source]]\nname = \"X\"\nkind = \"ngo\"\nlocal_aliases = [\"Y\"]\n";
        let err = parse_sources("my-sources.toml", text)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("my-sources.toml") && err.contains("country"),
            "{err}"
        );
        let text = format!("{text}country = \"Syrie\"\n");
        assert_eq!(
            parse_sources("my-sources.toml", &text).unwrap()[0].local_aliases,
            ["Y"]
        );
    }
}
