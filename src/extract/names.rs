//! Names a user types in a filter (`--region Daraa`, `--source OSDH`),
//! resolved to facet values without building an [`Extractor`].
//!
//! A query needs only the few gazetteer entries and sources that bear the
//! name asked for, not the pattern trie of every name. [`NameResolver`]
//! folds each `[[place]]` / `[[source]]` record of the data files to its
//! key once, finds the records whose folded text holds the key of the name
//! asked for, and parses only those; it answers what
//! [`Extractor::resolve_region`] and [`Extractor::resolve_source`] answer
//! (both go through [`resolve_region_with`]). A file laid out otherwise
//! (inline tables, other table headers, multi-line strings) is parsed whole.

use std::ops::Range;
use std::sync::OnceLock;

use super::data::{parse_gazetteer, parse_sources, KnownSource, Place, PlaceKind};
use super::text::key;
use super::ExtractionData;
#[cfg(doc)]
use super::Extractor;

/// The facet path of a region named by a user, given `named(key)`: every
/// place one of whose names (name or alias) has that key, with its facet
/// path, in data order. The contract is [`Extractor::resolve_region`]'s.
pub(super) fn resolve_region_with(
    name: &str,
    named: &impl Fn(&str) -> Vec<(PlaceKind, Vec<String>)>,
) -> Option<Vec<String>> {
    let parts: Vec<&str> = name
        .split('/')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    match parts.as_slice() {
        [] => None,
        [one] => named(&key(one))
            .into_iter()
            // Prefer a country or province named exactly so (the first of
            // the best kind).
            .min_by_key(|(kind, _)| match kind {
                PlaceKind::Country => 0,
                PlaceKind::Province => 1,
                PlaceKind::City => 2,
            })
            .map(|(_, path)| path),
        [.., parent, last] => {
            let parent_path = resolve_region_with(parent, named)?;
            named(&key(last))
                .into_iter()
                .map(|(_, path)| path)
                .find(|p| p.first() == parent_path.first())
                .or_else(|| resolve_region_with(last, named))
        }
    }
}

/// The key a user's source name is looked up by (its key, without a
/// leading "l'").
pub(super) fn source_lookup_key(name: &str) -> String {
    let k = key(name.trim());
    match k.strip_prefix("l'") {
        Some(rest) => rest.to_string(),
        None => k,
    }
}

/// Whether a source name's key answers to the lookup key `k`.
pub(super) fn source_name_answers(name_key: &str, k: &str) -> bool {
    name_key == k || name_key.strip_prefix("l'") == Some(k)
}

/// Resolves filter names against the data files of a configuration,
/// reading only the records that bear them.
#[derive(Debug)]
pub struct NameResolver {
    data: ExtractionData,
    places: OnceLock<Records<Place>>,
    sources: OnceLock<Records<KnownSource>>,
}

impl NameResolver {
    /// A resolver of the data files read by [`ExtractionData::read`].
    pub fn new(data: ExtractionData) -> NameResolver {
        NameResolver {
            data,
            places: OnceLock::new(),
            sources: OnceLock::new(),
        }
    }

    /// As [`Extractor::resolve_region`]. Data records that do not parse are
    /// passed over (the index they describe was built from valid data).
    pub fn resolve_region(&self, name: &str) -> Option<Vec<String>> {
        let places = self.places.get_or_init(|| {
            Records::new(&self.data.gazetteers, "[[place]]", |p, t| {
                parse_gazetteer(p, t).ok()
            })
        });
        let named = |k: &str| {
            let mut out = Vec::new();
            for p in places.having(k) {
                let names = std::iter::once(&p.name).chain(&p.aliases);
                if names.map(|n| key(n)).any(|n| n == k) {
                    if let Some(path) = Self::path_of(places, p) {
                        out.push((p.kind, path));
                    }
                }
            }
            out
        };
        resolve_region_with(name, &named)
    }

    /// As [`Extractor::resolve_source`].
    pub fn resolve_source(&self, name: &str) -> Option<String> {
        let sources = self.sources.get_or_init(|| {
            Records::new(&self.data.sources, "[[source]]", |p, t| {
                parse_sources(p, t).ok()
            })
        });
        let k = source_lookup_key(name);
        let found = sources.having(&k).find(|s| {
            std::iter::once(&s.name)
                .chain(&s.aliases)
                .any(|n| source_name_answers(&key(n), &k))
        });
        found.map(|s| s.name.clone())
    }

    /// The facet path of a place, as [`Extractor::from_data`] builds it:
    /// the country (and for a city, the province) is the last entry of that
    /// kind whose name has the key of the place's `country` (`province`).
    fn path_of(places: &Records<Place>, p: &Place) -> Option<Vec<String>> {
        if p.kind == PlaceKind::Country {
            return Some(vec![p.name.clone()]);
        }
        let last_named = |name: &str, kind: PlaceKind, country: Option<&str>| {
            let k = key(name);
            places
                .having(&k)
                .filter(|q| q.kind == kind && key(&q.name) == k)
                .filter(|q| country.is_none_or(|c| q.country.as_deref().map(key) == Some(key(c))))
                .last()
                .map(|q| q.name.clone())
        };
        let country_name = p.country.as_deref()?;
        let country = last_named(country_name, PlaceKind::Country, None)?;
        match (p.kind, &p.province) {
            (PlaceKind::Province, _) => Some(vec![country, p.name.clone()]),
            (_, Some(province)) => {
                let province = last_named(province, PlaceKind::Province, Some(country_name))?;
                Some(vec![country, province])
            }
            _ => Some(vec![country]),
        }
    }
}

/// The records of some data files: each file cut at its record headers,
/// each record folded to its key; records parsed when a lookup needs them.
#[derive(Debug)]
struct Records<T> {
    /// The keys of all records, one after the other.
    folded: String,
    records: Vec<Record<T>>,
    parse: Parse<T>,
}

/// The parser of one data file or record (path, text).
type Parse<T> = fn(&str, &str) -> Option<Vec<T>>;

/// One record of a data file, or a whole file that could not be cut.
#[derive(Debug)]
struct Record<T> {
    /// Its key's range in [`Records::folded`] (empty for a whole file).
    folded: Range<usize>,
    /// The data file's path, for messages.
    path: String,
    /// Its text (empty once parsed whole).
    text: String,
    /// Searched for every key: a whole file, or a record with an escape
    /// (`\u00e9`) that its folded text may not show.
    always: bool,
    /// Its entries, parsed on first need.
    entries: OnceLock<Vec<T>>,
}

impl<T> Records<T> {
    fn new(files: &[(String, String)], header: &str, parse: Parse<T>) -> Records<T> {
        let mut folded = String::new();
        let mut records = Vec::new();
        for (path, text) in files {
            let Some(cuts) = cut_records(text, header) else {
                records.push(Record {
                    folded: 0..0,
                    path: path.clone(),
                    text: String::new(),
                    always: true,
                    entries: OnceLock::from(parse(path, text).unwrap_or_default()),
                });
                continue;
            };
            for cut in cuts {
                let text = &text[cut];
                let start = folded.len();
                folded.push_str(&key(text));
                records.push(Record {
                    folded: start..folded.len(),
                    path: path.clone(),
                    text: text.to_string(),
                    always: text.contains('\\'),
                    entries: OnceLock::new(),
                });
                // (A separator no key holds, so that no key spans two.)
                folded.push('\n');
            }
        }
        Records {
            folded,
            records,
            parse,
        }
    }

    /// The entries that may have a name of key `k`, in data order (a
    /// superset: the caller compares the keys).
    fn having<'a>(&'a self, k: &'a str) -> impl Iterator<Item = &'a T> + 'a {
        self.records
            .iter()
            .filter(move |r| {
                r.always || (!k.is_empty() && self.folded[r.folded.clone()].contains(k))
            })
            .flat_map(|r| {
                r.entries
                    .get_or_init(|| (self.parse)(&r.path, &r.text).unwrap_or_default())
                    .as_slice()
            })
    }
}

/// Where the records of a data file start and end, when the file is a
/// sequence of `header` tables (comments and blank lines before the first);
/// `None` for any other layout.
fn cut_records(text: &str, header: &str) -> Option<Vec<Range<usize>>> {
    if text.contains("\"\"\"") || text.contains("'''") {
        return None;
    }
    let mut starts = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        let table = trimmed.split('#').next().unwrap_or("").trim();
        if table.starts_with('[') {
            if table != header {
                return None;
            }
            starts.push(offset);
        } else if starts.is_empty() && !trimmed.is_empty() && !trimmed.starts_with('#') {
            return None;
        }
        offset += line.len();
    }
    let ends = starts.iter().skip(1).copied().chain([text.len()]);
    Some(
        starts
            .iter()
            .copied()
            .zip(ends)
            .map(|(s, e)| s..e)
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::extract::Extractor;

    fn builtin() -> (Extractor, NameResolver) {
        let config = Config::default();
        let data = ExtractionData::read(&config).expect("builtin data");
        let x = Extractor::from_extraction_data(&data).expect("builtin data");
        (x, NameResolver::new(data))
    }

    #[test]
    fn every_builtin_name_resolves_as_the_extractor_resolves_it() {
        let (x, names) = builtin();
        let mut asked = 0;
        for p in &x.places {
            for n in std::iter::once(&p.name).chain(&p.aliases) {
                let country = p.country.clone().unwrap_or_default();
                for q in [
                    n.clone(),
                    n.to_uppercase(),
                    format!("  {n} "),
                    format!("{country}/{n}"),
                    format!("Liban/{n}"),
                ] {
                    assert_eq!(names.resolve_region(&q), x.resolve_region(&q), "{q:?}");
                    asked += 1;
                }
            }
        }
        for s in &x.sources {
            for n in std::iter::once(&s.name)
                .chain(&s.aliases)
                .chain(&s.local_aliases)
            {
                for q in [
                    n.clone(),
                    n.to_lowercase(),
                    format!("l'{n}"),
                    format!("l’{n}"),
                ] {
                    assert_eq!(names.resolve_source(&q), x.resolve_source(&q), "{q:?}");
                    asked += 1;
                }
            }
        }
        for q in ["", "/", "nowhere", "Syrie/nowhere", "de", "a", "'", "l'"] {
            assert_eq!(names.resolve_region(q), x.resolve_region(q), "{q:?}");
            assert_eq!(names.resolve_source(q), x.resolve_source(q), "{q:?}");
        }
        assert!(asked > 5000, "{asked}");
        // The cases the README shows.
        assert_eq!(names.resolve_region("Daraa").unwrap(), ["Syrie", "Deraa"]);
        assert_eq!(names.resolve_source("osdh").as_deref(), Some("OSDH"));
    }

    #[test]
    fn files_of_another_layout_are_read_whole_and_escapes_are_searched() {
        let gazetteer = "place = [\n  { name = \"Syrie\", kind = \"country\" },\n  { name = \"Deraa\", kind = \"province\", country = \"Syrie\", aliases = [\"Daraa\"] },\n]\n";
        let escaped = "# escapes\n[[place]]\nname = \"Liban\"\nkind = \"country\"\n\n[[place]]\nname = \"Sa\\u00efda\"\nkind = \"city\"\ncountry = \"Liban\"\n";
        assert!(cut_records(gazetteer, "[[place]]").is_none());
        assert_eq!(cut_records(escaped, "[[place]]").map(|c| c.len()), Some(2));
        let data = ExtractionData {
            gazetteers: vec![
                ("a.toml".to_string(), gazetteer.to_string()),
                ("b.toml".to_string(), escaped.to_string()),
            ],
            sources: vec![],
        };
        let names = NameResolver::new(data.clone());
        let x = Extractor::from_extraction_data(&data).expect("valid data");
        for q in ["daraa", "Syrie/Deraa", "Saïda", "saida", "Liban", "Gaza"] {
            assert_eq!(names.resolve_region(q), x.resolve_region(q), "{q:?}");
        }
        assert_eq!(names.resolve_region("Daraa").unwrap(), ["Syrie", "Deraa"]);
        assert_eq!(names.resolve_region("Saida").unwrap(), ["Liban"]);
    }
}
