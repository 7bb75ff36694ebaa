//! The extraction data files: gazetteers (`[[place]]`) and known-source
//! lists (`[[source]]`), their TOML form and loading.
//!
//! A file written in the plain subset of TOML that the shipped files use
//! is read by a small line reader (`plain`); any other file, and any file
//! with an error, is read by the TOML parser, so that what a file means and
//! the errors reported stay the TOML parser's.

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
    let places = match plain::places(text) {
        Some(places) => places,
        None => {
            let file: GazetteerFile = toml::from_str(text)
                .map_err(|e| invalid(path, e.to_string().trim_end().to_string()))?;
            file.place
        }
    };
    for place in &places {
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
    Ok(places)
}

/// Parses a known-source list.
pub fn parse_sources(path: &str, text: &str) -> Result<Vec<KnownSource>, ExtractError> {
    let sources = match plain::sources(text) {
        Some(sources) => sources,
        None => {
            let file: SourcesFile = toml::from_str(text)
                .map_err(|e| invalid(path, e.to_string().trim_end().to_string()))?;
            file.source
        }
    };
    for source in &sources {
        if source.name.trim().is_empty() {
            return Err(invalid(path, "a source has an empty name".to_string()));
        }
    }
    Ok(sources)
}

/// A reader of the plain subset of TOML that the data files are written
/// in (the shipped ones entirely): `# comments`, blank lines, `[[place]]`
/// or `[[source]]` headers and `key = value` lines, with one space on each
/// side of `=`, whose value is `true`, `false`, a string without escapes
/// or a one-line list of such strings separated by `, `. It reads the
/// shipped data in a small fraction of the cost of the TOML parser.
///
/// A file that strays from that subset in any way (another spacing, an
/// escape, an inline comment, a carriage return, an unknown or repeated
/// key, a missing field, an unknown kind, a value of the wrong type…)
/// gives `None`, and the caller parses it with the TOML parser instead, so
/// that what a file means and the errors reported for a bad one stay the
/// TOML parser's.
mod plain {
    use super::{KnownSource, Place, PlaceKind, SourceKind};

    /// The offset of the first byte `b` (ASCII) in `s`.
    fn find_byte(s: &str, b: u8) -> Option<usize> {
        s.bytes().position(|c| c == b)
    }

    /// The value of a `key = value` line.
    enum Value<'a> {
        /// A string (without its quotes).
        Str(&'a str),
        /// `true` or `false`.
        Bool(bool),
        /// A list of strings.
        List(Vec<String>),
    }

    /// A string value: `"…"` holding no `"` and no `\`.
    fn string(v: &str) -> Option<&str> {
        let inner = v.strip_prefix('"')?.strip_suffix('"')?;
        (!inner.contains(['"', '\\'])).then_some(inner)
    }

    fn value(v: &str) -> Option<Value<'_>> {
        match v {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => match v.strip_prefix('[') {
                Some(rest) => {
                    let mut rest = rest.strip_suffix(']')?;
                    let mut list = Vec::new();
                    // `"…"` items separated by `, ` (read in place: no
                    // substring search).
                    while !rest.is_empty() {
                        if !list.is_empty() {
                            rest = rest.strip_prefix(", ")?;
                        }
                        let body = rest.strip_prefix('"')?;
                        let close = find_byte(body, b'"')?;
                        let item = &body[..close];
                        if item.contains('\\') {
                            return None;
                        }
                        list.push(item.to_string());
                        rest = &body[close + 1..];
                    }
                    Some(Value::List(list))
                }
                None => string(v).map(Value::Str),
            },
        }
    }

    /// Reads `text` as tables `[[header]]` of `key = value` lines: `table`
    /// is called at each header, `pair` at each line of a table; `None`
    /// when a line is outside the subset or a callback refuses.
    fn read<'a>(
        text: &'a str,
        header: &str,
        mut table: impl FnMut() -> Option<()>,
        mut pair: impl FnMut(&'a str, Value<'a>) -> Option<()>,
    ) -> Option<()> {
        // Control characters other than tab and newline (a carriage return
        // included) are left to the TOML parser.
        // (Branch-free over blocks, so that the compiler vectorises it.)
        let control = |b: u8| (b < 0x20) & (b != b'\n') & (b != b'\t') | (b == 0x7f);
        if text
            .as_bytes()
            .chunks(64)
            .any(|block| block.iter().fold(false, |any, &b| any | control(b)))
        {
            return None;
        }
        let mut in_table = false;
        // (Lines and spaces are found by plain byte loops: lines and keys
        // are too short for a library search to pay its set-up.)
        let mut rest = text;
        while !rest.is_empty() {
            let end = find_byte(rest, b'\n').unwrap_or(rest.len());
            let line = &rest[..end];
            rest = rest.get(end + 1..).unwrap_or("");
            let trimmed = line.trim_start_matches([' ', '\t']);
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix("[[") {
                if name.strip_suffix("]]")? != header {
                    return None;
                }
                table()?;
                in_table = true;
                continue;
            }
            if !in_table {
                return None;
            }
            // `key = value`, the key made of lower-case letters and `_`.
            let (key, after) = line.split_at(find_byte(line, b' ')?);
            let v = after.strip_prefix(" = ")?;
            if key.is_empty() || !key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
                return None;
            }
            pair(key, value(v)?)?;
        }
        Some(())
    }

    /// Sets a field not set yet.
    fn set<T>(field: &mut Option<T>, value: T) -> Option<()> {
        if field.is_some() {
            return None;
        }
        *field = Some(value);
        Some(())
    }

    /// The fields of a `[[place]]` read so far.
    #[derive(Default)]
    struct PlaceFields {
        name: Option<String>,
        kind: Option<PlaceKind>,
        country: Option<String>,
        province: Option<String>,
        aliases: Option<Vec<String>>,
        demonyms: Option<Vec<String>>,
        strict: Option<bool>,
        match_name: Option<bool>,
        capital: Option<bool>,
    }

    impl PlaceFields {
        fn set(&mut self, key: &str, v: Value<'_>) -> Option<()> {
            match (key, v) {
                ("name", Value::Str(s)) => set(&mut self.name, s.to_string()),
                ("kind", Value::Str(s)) => {
                    let kind = match s {
                        "country" => PlaceKind::Country,
                        "province" => PlaceKind::Province,
                        "city" => PlaceKind::City,
                        _ => return None,
                    };
                    set(&mut self.kind, kind)
                }
                ("country", Value::Str(s)) => set(&mut self.country, s.to_string()),
                ("province", Value::Str(s)) => set(&mut self.province, s.to_string()),
                ("aliases", Value::List(l)) => set(&mut self.aliases, l),
                ("demonyms", Value::List(l)) => set(&mut self.demonyms, l),
                ("strict", Value::Bool(b)) => set(&mut self.strict, b),
                ("match_name", Value::Bool(b)) => set(&mut self.match_name, b),
                ("capital", Value::Bool(b)) => set(&mut self.capital, b),
                _ => None,
            }
        }

        /// The place, with the defaults of the TOML form (`None` when a
        /// required field is missing).
        fn finish(self) -> Option<Place> {
            Some(Place {
                name: self.name?,
                kind: self.kind?,
                country: self.country,
                province: self.province,
                aliases: self.aliases.unwrap_or_default(),
                demonyms: self.demonyms.unwrap_or_default(),
                strict: self.strict.unwrap_or(false),
                match_name: self.match_name.unwrap_or(true),
                capital: self.capital.unwrap_or(false),
            })
        }
    }

    /// The places of a gazetteer in the plain subset; `None` otherwise.
    pub(super) fn places(text: &str) -> Option<Vec<Place>> {
        let places = std::cell::RefCell::new(Vec::new());
        let current = std::cell::RefCell::new(None::<PlaceFields>);
        read(
            text,
            "place",
            || {
                if let Some(done) = current.replace(Some(PlaceFields::default())) {
                    places.borrow_mut().push(done.finish()?);
                }
                Some(())
            },
            |key, v| current.borrow_mut().as_mut()?.set(key, v),
        )?;
        let mut places = places.into_inner();
        if let Some(done) = current.into_inner() {
            places.push(done.finish()?);
        }
        Some(places)
    }

    /// The fields of a `[[source]]` read so far.
    #[derive(Default)]
    struct SourceFields {
        name: Option<String>,
        kind: Option<SourceKind>,
        aliases: Option<Vec<String>>,
    }

    impl SourceFields {
        fn set(&mut self, key: &str, v: Value<'_>) -> Option<()> {
            match (key, v) {
                ("name", Value::Str(s)) => set(&mut self.name, s.to_string()),
                ("kind", Value::Str(s)) => {
                    let kind = [
                        SourceKind::Agency,
                        SourceKind::Ngo,
                        SourceKind::Un,
                        SourceKind::Government,
                        SourceKind::Media,
                        SourceKind::Person,
                        SourceKind::Anonymous,
                        SourceKind::Organisation,
                    ]
                    .into_iter()
                    .find(|k| k.name() == s)?;
                    set(&mut self.kind, kind)
                }
                ("aliases", Value::List(l)) => set(&mut self.aliases, l),
                _ => None,
            }
        }

        fn finish(self) -> Option<KnownSource> {
            Some(KnownSource {
                name: self.name?,
                kind: self.kind?,
                aliases: self.aliases.unwrap_or_default(),
            })
        }
    }

    /// The sources of a source list in the plain subset; `None` otherwise.
    pub(super) fn sources(text: &str) -> Option<Vec<KnownSource>> {
        let sources = std::cell::RefCell::new(Vec::new());
        let current = std::cell::RefCell::new(None::<SourceFields>);
        read(
            text,
            "source",
            || {
                if let Some(done) = current.replace(Some(SourceFields::default())) {
                    sources.borrow_mut().push(done.finish()?);
                }
                Some(())
            },
            |key, v| current.borrow_mut().as_mut()?.set(key, v),
        )?;
        let mut sources = sources.into_inner();
        if let Some(done) = current.into_inner() {
            sources.push(done.finish()?);
        }
        Some(sources)
    }
}

/// Feminine and plural forms of a masculine singular demonym, with the
/// masculine singular first: `syrien` → syrien, syrienne, syriens,
/// syriennes.
pub fn demonym_forms(masculine: &str) -> [String; 4] {
    // (Joined by hand: cheaper than `format!`.)
    let join = |a: &str, b: &str| {
        let mut s = String::with_capacity(a.len() + b.len());
        s.push_str(a);
        s.push_str(b);
        s
    };
    let m = masculine.to_string();
    let f = if m.ends_with('e') {
        m.clone()
    } else if m.ends_with("en") || m.ends_with("on") {
        join(&m, "ne")
    } else if let Some(stem) = m.strip_suffix('c') {
        join(stem, "que")
    } else {
        join(&m, "e")
    };
    let mp = if m.ends_with('s') || m.ends_with('x') {
        m.clone()
    } else {
        join(&m, "s")
    };
    let fp = if f.ends_with('s') {
        f.clone()
    } else {
        join(&f, "s")
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

    /// What the TOML parser reads in a gazetteer, or its error.
    fn toml_places(text: &str) -> Result<String, String> {
        toml::from_str::<GazetteerFile>(text)
            .map(|f| format!("{:?}", f.place))
            .map_err(|e| e.to_string())
    }

    /// What the TOML parser reads in a source list, or its error.
    fn toml_sources(text: &str) -> Result<String, String> {
        toml::from_str::<SourcesFile>(text)
            .map(|f| format!("{:?}", f.source))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn the_plain_reader_reads_the_builtin_files_as_toml_does() {
        let places = plain::places(super::super::BUILTIN_GAZETTEER).expect("plain subset");
        assert_eq!(
            Ok(format!("{places:?}")),
            toml_places(super::super::BUILTIN_GAZETTEER)
        );
        let sources = plain::sources(super::super::BUILTIN_SOURCES).expect("plain subset");
        assert_eq!(
            Ok(format!("{sources:?}")),
            toml_sources(super::super::BUILTIN_SOURCES)
        );
    }

    #[test]
    fn the_plain_reader_reads_as_toml_or_leaves_the_file_to_it() {
        let places = [
            "",
            "# only a comment\n",
            "[[place]]\nname = \"A\"\nkind = \"country\"\n",
            "[[place]]\nname = \"A\"\nkind = \"country\"\naliases = []\nstrict = true\n",
            "  # indented comment\n\t\n[[place]]\nname = \"A\tB\"\nkind = \"city\"\ncountry = \"X\"",
            "[[place]]\nname = \"A\"\nkind = \"country\"\nmatch_name = false\ncapital = true\ndemonyms = [\"a\", \"b\"]",
            // Outside the subset: the TOML parser reads these.
            "[[place]]\nname = \"A\\u00e9\"\nkind = \"country\"\n",
            "[[place]]\nname = \"A\" # comment\nkind = \"country\"\n",
            "[[place]]\r\nname = \"A\"\r\nkind = \"country\"\r\n",
            "[[place]]\nname=\"A\"\nkind = \"country\"\n",
            "[[place]]\nname = 'A'\nkind = \"country\"\n",
            "[[place]]\nname = \"A\"\nkind = \"country\"\naliases = [\"a, b\", \"c\"]\n",
            "[[place]]\nname = \"A\"\nkind = \"country\"\naliases = [\"a\",\"c\"]\n",
            // Errors: the TOML parser reports them.
            "[[place]]\nname = \"A\"\n",
            "[[place]]\nname = \"A\"\nkind = \"town\"\n",
            "[[place]]\nname = \"A\"\nname = \"B\"\nkind = \"country\"\n",
            "[[place]]\nname = \"A\"\nkind = \"country\"\ncolour = \"red\"\n",
            "[[place]]\nname = \"A\"\nkind = \"country\"\nstrict = \"yes\"\n",
            "[[place]]\n[[place]]\nname = \"A\"\nkind = \"country\"\n",
            "name = \"A\"\n",
            "[[places]]\nname = \"A\"\nkind = \"country\"\n",
            "[[place]]\nname = \"A\nkind = \"country\"\n",
        ];
        for text in places {
            if let Some(read) = plain::places(text) {
                assert_eq!(Ok(format!("{read:?}")), toml_places(text), "{text:?}");
            }
        }
        for (text, plain_subset) in [(places[2], true), (places[6], false), (places[13], false)] {
            assert_eq!(plain::places(text).is_some(), plain_subset, "{text:?}");
        }
        let sources = [
            "[[source]]\nname = \"AFP\"\nkind = \"agency\"\naliases = [\"Agence France-Presse\"]\n",
            "[[source]]\nname = \"X\"\nkind = \"organisation\"\n",
            "[[source]]\nname = \"X\"\nkind = \"club\"\n",
            "[[source]]\nname = \"X\"\n",
            "[[source]]\nname = \"X\"\nkind = \"ngo\"\nstrict = true\n",
        ];
        for text in sources {
            if let Some(read) = plain::sources(text) {
                assert_eq!(Ok(format!("{read:?}")), toml_sources(text), "{text:?}");
            }
        }
        assert!(plain::sources(sources[1]).is_some());
        assert!(plain::sources(sources[2]).is_none());
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
}
