//! Extract: the facets of a dispatch — the regions it is about and the
//! sources it cites — from a gazetteer and a list of known sources.
//!
//! The data files are TOML; the built-in ones are embedded in the binary
//! (`src/extract/gazetteer.toml`, `src/extract/sources.toml`, referenced as
//! `"builtin"`) and more can be listed in `index-schema.toml`.
//!
//! # How it works
//! The title and paragraphs are folded once ([`text`]: accents removed,
//! case kept, apostrophes, quotes and hyphens unified), cut into words and
//! sentences, and one word trie (`matcher.rs`) holding every folded place
//! name, alias, demonym, known-source name and reporting cue is walked
//! once over the words: at each word the longest name starting there is
//! taken (leftmost-longest); when that longest name ends inside a word, or
//! a check below rejects it, the search resumes at the next word.
//! Everything after that works on the few matches found; no pattern is
//! searched separately.
//!
//! # Regions (scoring rule)
//! Each place mention gets a weight from its frame (`regions.rs`):
//! - a dateline (first words of the first paragraph, `DERAA (Syrie) -`) 4,
//!   but 0.5 when the place never comes back in the text, or when its own
//!   sentence puts the story, in a locative frame, in a place that neither
//!   is the dateline's nor contains it ("NAIROBI - … près de Baidoa, dans
//!   le sud-ouest de la Somalie"): a bureau dateline;
//! - a locative frame 3: "la province / région / ville / localité /
//!   circonscription / préfecture de X",
//!   "à X", "en X", "au X", "dans X", "sur X", "près de X", "dans le nord de
//!   X", "X (…)", "X, dans le nord de…";
//! - a plain mention 1, and "la région voisine de X" (often the story's
//!   surroundings only) 1, but 3 when its sentence tells an event ("Dans
//!   la région voisine de Koursk, deux femmes ont été tuées");
//! - a passing frame 0: "vers X", "frontière avec X", "frontalière de X",
//!   "visite à X", "sa tournée à X", "réfugiés en X", "basé à X", "joint à X", "son fief de X",
//!   "aux côtés de X", "face à X", "le fleuve X", "le lac X", "avec X",
//!   "entre X", "contre X", "ministre de X", a
//!   distance ("à 50 km de X"), and any place of a clause that holds a
//!   passing anchor, even across commas ("originaire de X", "venus de X",
//!   "pour rejoindre X", "doit se rendre à X", "du vin produit en X", "le ministère de la Défense à Moscou", "parquet
//!   de X");
//! - a capital or province standing for its government ("Damas a accusé")
//!   0.5; three or more places listed together ("les régions de Sanaa,
//!   Hodeida, Hajja et Amran") 0.5 each;
//! - "à X et à Y", "dans X et Y": Y shares X's frame;
//! - the venue of a meeting or press conference ("lors d'une conférence
//!   de presse à Bagdad", "une réunion d'urgence à New York") 0, as the
//!   place of a statement;
//! - a background sentence, after "intervient / survient" ("Cette attaque
//!   survient au lendemain d'une opération à Jénine") or opening with a
//!   past date in the pluperfect ("En avril, … avait fait deux morts"),
//!   or past the lead saying that nobody was hurt ("…, sans victime
//!   signalée"): its places weigh at most 0.5, as an enumerated one;
//! - a place followed by the demonym of another country ("la Guyane
//!   britannique", "le Kurdistan irakien") is another place: skipped.
//!
//! Mentions in the title count twice, in the lead paragraph 1.5 times. A
//! place that only locates the place before it ("Douma, près de Damas",
//! "Alep, la deuxième ville de Syrie", "Soumy, dans le nord-est de
//! l'Ukraine") gives its weight to that place; a province other than the
//! place before does so only as a bearing ("Samarra, au nord de Bagdad",
//! "près de", "à 30 km de"), since "Belgorod, un drone touche la région de
//! Koursk" names two places of the story. A city adds to its province;
//! a national capital (`capital` in the gazetteer) named in a sentence about
//! the government with no event in it ("à Bamako, la junte a décrété")
//! counts for the country instead. Demonyms weigh 0.3 each (at most 1 per
//! country) and only break ties.
//!
//! A region is reported when its score is at least 3 and at least 0.3 of
//! the best country total of the dispatch; a region other than the best
//! needs two mentions; a province must also weigh at least 0.75 of its
//! country's own (non-directional) mentions, else the story is national and
//! the country is reported; a country whose evidence is mostly one province
//! is reported as that province. A country is never listed with one of its
//! provinces (the ancestor is implied). When nothing qualifies, the clearly
//! best place is reported if it scores at least 2; failing that, a country
//! whose adjective recurs ("le Parlement ukrainien … le ministère
//! ukrainien") is reported, as its best-scored province if it has one.
//!
//! # Ambiguity
//! Ambiguous names (Tripoli: Libye or Liban; Saïda: Syrie or Liban; Géorgie:
//! country or US state) take the country named next to them ("Tripoli,
//! dans le nord du Liban", "Saïda (Liban)"), else the country that the
//! unambiguous mentions of the dispatch support clearly (at least twice any
//! other candidate); otherwise the mention is left out, never guessed.
//! Names that are also common words or person names (`strict` in the
//! gazetteer: Nord, Lot, Manche, Var, Laval…) count only in a locative
//! frame or a dateline, and those named by a bearing (Nord, Centre) after
//! "de" only after a division noun ("le département du Nord", not "la
//! grande ville du Nord"); a capitalised name must be capitalised in the
//! text, and a name of several words with a capital must have one there
//! ("Centre-Nord", not "au centre-nord");
//! a match glued by a hyphen to a longer name ("Saint-Martin-Vésubie") is
//! no match; a one-word name next to a capitalised word that is not a place
//! ("Maurice Papon", "Israël Katz", "Hama Amadou") is a person's name.
//!
//! # France
//! Départements, préfectures and big cities are `city` entries whose
//! province is their région (Var, Nice → Provence-Alpes-Côte d'Azur), so
//! the facet stays `France/<région>` (the 13 metropolitan régions and the
//! overseas ones); a national story gives `France`. Israel is kept at
//! country level (its cities have no province), as AFP copy does.
//!
//! Mentions inside quoted speech weigh half; a place where a statement is
//! made ("a salué à Pékin") weighs nothing.
//!
//! # Sources
//! See `attribution.rs`: a source is reported only when the dispatch
//! attributes something to it (reporting verbs in any tense, `selon`,
//! `d'après`, `de source`, `cité par`, the agent of a participle "annoncé
//! par X", the channel "a déclaré à l'AFP", the relay "lu à la télévision
//! X", an opinion "Pour X, …" opening a sentence), never for a mere
//! mention; a refusal to speak ("n'a pas commenté") attributes nothing.
//!
//! # Speed
//! One pass over the words (a few bitset tests per word, a table probe
//! only where a name may start), then work proportional to the matches;
//! no allocation per word. Loading the data
//! builds no automaton. `cargo run --release --example extraction_speed`
//! prints the throughput.

mod attribution;
mod data;
mod lexicon;
mod matcher;
mod names;
mod regions;
pub mod text;

use std::hash::BuildHasher;

use rustc_hash::FxHashMap as HashMap;

use serde::Serialize;

use crate::config::Config;
use crate::ingest::Dispatch;

pub use data::{demonym_forms, KnownSource, Place, PlaceKind, SourceKind};
use matcher::{Found, Matcher};
pub use names::NameResolver;
use text::{key_into, Folded, Token};

/// Version of the extraction rules: it changes whenever a change of this
/// module (not of its data files, which the index fingerprint covers) can
/// change the regions or sources extracted from some dispatch. An index
/// records the version its facets were extracted with, and `depeche index`
/// refuses to add to an index of another version (its old dispatches would
/// keep facets the current rules no longer give): it asks for
/// `--rebuild`. Queries of such an index still work.
pub const EXTRACTION_VERSION: u32 = 7;

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
    /// The pattern table could not be built (not produced by the word
    /// trie, which has no size limit; kept for callers that match on it).
    #[error("cannot build the extraction automaton: {0}")]
    Automaton(String),
}

/// A region a dispatch is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionFacet {
    /// Hierarchical path: `["Syrie"]` or `["Syrie", "Deraa"]`.
    pub path: Vec<String>,
    /// The sentence that is the evidence (the strongest mention).
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
    /// The sentence that is the evidence (the first attribution).
    pub evidence: String,
}

/// What the extraction finds in one dispatch.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// Regions, most evident first, without duplicates and without a
    /// country whose province is listed.
    pub regions: Vec<RegionFacet>,
    /// Sources, in order of first citation, without duplicates.
    pub sources: Vec<SourceFacet>,
}

/// How the case of a matched text must agree with the pattern's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CaseRule {
    /// Any case.
    Any,
    /// First letter upper-case.
    Capital,
    /// All letters upper-case.
    Capitals,
    /// Some letter upper-case (a name of several words written with a
    /// capital: "Centre-Nord" is not "au centre-nord", "la bande de Gaza"
    /// is "Bande de Gaza").
    SomeCapital,
    /// A title "Le X" written after "au" or "du", which contract its
    /// article ("a déclaré au Parisien", "les informations du Monde"):
    /// capitalised, right after one of them.
    AfterContraction,
}

/// What a pattern stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hit {
    /// A place (index in `places`).
    Place(u32),
    /// A demonym of a country (index in `places`).
    Demonym(u32),
    /// A known source (index in `sources`).
    Source(u32),
    /// A reporting verb form.
    Verb,
    /// An attribution preposition (`selon`, `d'après`, `cité par` …).
    Preposition,
}

/// The hits of one mention, stored inline (at most [`Hits::MAX`]; a
/// pattern standing for more things keeps the first ones).
#[derive(Debug, Clone, Copy)]
struct Hits {
    items: [Hit; Hits::MAX],
    len: u8,
}

impl Hits {
    const MAX: usize = 6;

    fn new() -> Hits {
        Hits {
            items: [Hit::Verb; Hits::MAX],
            len: 0,
        }
    }

    fn push(&mut self, hit: Hit) {
        if usize::from(self.len) < Hits::MAX {
            self.items[usize::from(self.len)] = hit;
            self.len += 1;
        }
    }

    fn iter(&self) -> std::slice::Iter<'_, Hit> {
        self.items[..usize::from(self.len)].iter()
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The same hits but [`Hit::Verb`].
    fn without_verbs(&self) -> Hits {
        let mut out = Hits::new();
        for &h in self.iter().filter(|h| !matches!(h, Hit::Verb)) {
            out.push(h);
        }
        out
    }
}

impl<'a> IntoIterator for &'a Hits {
    type Item = &'a Hit;
    type IntoIter = std::slice::Iter<'a, Hit>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// One match of the pattern trie in a dispatch, on word boundaries.
#[derive(Debug, Clone)]
struct Mention {
    /// First token.
    first: usize,
    /// One past the last token.
    last: usize,
    /// Sentence index.
    sentence: usize,
    /// What the text stands for (after the case rules).
    hits: Hits,
}

/// A dispatch prepared for extraction.
struct Doc {
    folded: Folded,
    tokens: Vec<Token>,
    /// Folded byte ranges of the sentences.
    sentences: Vec<(usize, usize)>,
    /// Sentence of each token.
    token_sentence: Vec<u32>,
    /// First token of each sentence.
    sentence_first_token: Vec<usize>,
    /// Paragraph of each sentence (0 = title when there is one).
    sentence_paragraph: Vec<usize>,
    /// First token of each paragraph (at or after its start).
    paragraph_first_token: Vec<usize>,
    /// Whether paragraph 0 is the title.
    has_title: bool,
    /// The dispatch's year, when it has a date.
    year: Option<u16>,
    /// `quote_prefix[i]` = number of `"` tokens before token `i`.
    quote_prefix: Vec<u32>,
    /// The search text of the matcher: a space, then the folded text with
    /// ASCII letters lower-cased and other ASCII bytes blanked (folded
    /// offset `k` is search offset `k + 1`).
    search: String,
    /// Token → index of the mention covering it, `u32::MAX` for none
    /// (filled by [`Doc::index_mentions`]).
    at: Vec<u32>,
}

impl Doc {
    fn new(dispatch: &Dispatch) -> Doc {
        Doc::new_in(dispatch, Doc::empty())
    }

    /// A document with no text (the buffers of a reusable scratch).
    fn empty() -> Doc {
        Doc {
            folded: Folded::default(),
            tokens: Vec::new(),
            sentences: Vec::new(),
            token_sentence: Vec::new(),
            sentence_first_token: Vec::new(),
            sentence_paragraph: Vec::new(),
            paragraph_first_token: Vec::new(),
            has_title: false,
            year: None,
            quote_prefix: Vec::new(),
            search: String::new(),
            at: Vec::new(),
        }
    }

    /// Records which mention covers each token.
    fn index_mentions(&mut self, mentions: &[Mention]) {
        self.at.clear();
        self.at.resize(self.tokens.len(), u32::MAX);
        for (k, m) in mentions.iter().enumerate() {
            if let Some(slots) = self.at.get_mut(m.first..m.last) {
                slots.fill(k as u32);
            }
        }
    }

    /// Prepares a dispatch in the buffers of `reuse` (cleared first), so
    /// that a thread extracting many dispatches allocates little.
    fn new_in(dispatch: &Dispatch, reuse: Doc) -> Doc {
        let Doc {
            mut folded,
            mut tokens,
            mut sentences,
            mut token_sentence,
            mut sentence_first_token,
            mut sentence_paragraph,
            mut paragraph_first_token,
            mut quote_prefix,
            mut search,
            at,
            ..
        } = reuse;
        folded.clear();
        tokens.clear();
        paragraph_first_token.clear();
        thread_local! {
            static MARKS: std::cell::Cell<text::Marks> = std::cell::Cell::default();
        }
        let mut marks = MARKS.with(std::cell::Cell::take);
        marks.clear();
        let size = dispatch.title.as_ref().map_or(0, String::len)
            + dispatch
                .paragraphs
                .iter()
                .map(|p| p.text.len() + 1)
                .sum::<usize>();
        folded.reserve(size);
        // About one token per five bytes of French text.
        tokens.reserve(size / 4 + 1);
        let has_title = dispatch
            .title
            .as_deref()
            .is_some_and(|t| !t.trim().is_empty());
        let title = dispatch.title.as_deref().filter(|_| has_title);
        // One pass per paragraph folds it, maps it back and cuts it into
        // tokens, recording the sentence stops and the quotes on the way.
        for paragraph in title
            .into_iter()
            .chain(dispatch.paragraphs.iter().map(|p| p.text.as_str()))
        {
            paragraph_first_token.push(tokens.len());
            folded.push_paragraph_cut(paragraph, &mut tokens, &mut marks);
        }
        folded.finish();
        text::sentence_ranges_at(&folded.text, &marks.stops, &mut sentences);
        // Sentence `s` starts at the first token at or after the end of
        // sentence `s - 1` (the last one runs to the end); a text whose
        // tokens are all blank-trimmed away still has its sentence 0.
        let n = tokens.len();
        let count = sentences.len().max(usize::from(n > 0));
        sentence_first_token.clear();
        token_sentence.clear();
        let mut first = 0;
        for s in 0..count {
            if s > 0 {
                let end = sentences[s - 1].1;
                first += tokens[first..].partition_point(|t| (t.start as usize) < end);
            }
            sentence_first_token.push(first);
        }
        for s in 0..count {
            let next = sentence_first_token.get(s + 1).copied().unwrap_or(n);
            token_sentence.resize(next, s as u32);
        }
        // `quote_prefix[i]`: the `"` tokens before token `i`.
        quote_prefix.clear();
        for (k, &q) in marks.quotes.iter().enumerate() {
            quote_prefix.resize(q as usize + 1, k as u32);
        }
        quote_prefix.resize(n + 1, marks.quotes.len() as u32);
        MARKS.with(|m| m.set(marks));
        sentence_paragraph.clear();
        let mut p = 0;
        for &(start, _) in &sentences {
            while p + 1 < folded.paragraph_starts.len() && start >= folded.paragraph_starts[p + 1] {
                p += 1;
            }
            sentence_paragraph.push(p);
        }
        search_text(&folded.text, &mut search);
        Doc {
            quote_prefix,
            search,
            at,
            folded,
            tokens,
            sentences,
            token_sentence,
            sentence_first_token,
            sentence_paragraph,
            paragraph_first_token,
            has_title,
            year: dispatch.date.as_ref().map(|d| d.year),
        }
    }

    /// The folded text of a token.
    #[inline]
    fn tok(&self, i: usize) -> &str {
        self.tokens
            .get(i)
            .and_then(|t| self.folded.text.get(t.start as usize..t.end as usize))
            .unwrap_or("")
    }

    /// Does token `i` equal (ASCII case-insensitively) `word`?
    fn is(&self, i: usize, word: &str) -> bool {
        self.tok(i).eq_ignore_ascii_case(word)
    }

    /// Lower-cased folded text of a token (ASCII letters lower-cased):
    /// read in the search text for a word (letters and digits, kept there
    /// with ASCII letters lower-cased), in the folded text for a
    /// punctuation mark (which has no case).
    #[inline]
    fn lower(&self, i: usize) -> &str {
        self.tokens
            .get(i)
            .and_then(|t| {
                let (start, end) = (t.start as usize, t.end as usize);
                if t.word {
                    self.search.get(start + 1..end + 1)
                } else {
                    self.folded.text.get(start..end)
                }
            })
            .unwrap_or("")
    }

    /// The original text of tokens `first..last`.
    fn original(&self, first: usize, last: usize) -> &str {
        match (
            self.tokens.get(first),
            last.checked_sub(1).and_then(|l| self.tokens.get(l)),
        ) {
            (Some(a), Some(b)) if last > first => {
                self.folded.original_of(a.start as usize, b.end as usize)
            }
            _ => "",
        }
    }

    /// The original text of sentence `s`.
    fn sentence_text(&self, s: usize) -> String {
        self.sentences
            .get(s)
            .map(|&(a, b)| self.folded.original_of(a, b).to_string())
            .unwrap_or_default()
    }

    /// Sentence of token `i`.
    fn sentence_of(&self, i: usize) -> usize {
        self.token_sentence.get(i).map_or(0, |&s| s as usize)
    }

    /// Paragraph index of sentence `s`, counting the title as paragraph 0
    /// when there is one.
    fn paragraph_of_sentence(&self, s: usize) -> usize {
        self.sentence_paragraph.get(s).copied().unwrap_or(0)
    }

    /// Number of `"` tokens in `a..b`.
    fn quotes(&self, a: usize, b: usize) -> usize {
        let at = |i: usize| {
            self.quote_prefix
                .get(i.min(self.tokens.len()))
                .copied()
                .unwrap_or(0)
        };
        at(b).saturating_sub(at(a)) as usize
    }

    /// The token range of the paragraph that holds token `i`.
    fn paragraph_tokens(&self, i: usize) -> (usize, usize) {
        let at = self.tokens.get(i).map_or(0, |t| t.start as usize);
        let p = self
            .folded
            .paragraph_starts
            .partition_point(|&start| start <= at)
            .saturating_sub(1);
        // Every token starts before the end of the text: the last
        // paragraph runs to the last token.
        let first = self.paragraph_first_token.get(p).copied().unwrap_or(0);
        let last = self
            .paragraph_first_token
            .get(p + 1)
            .copied()
            .unwrap_or(self.tokens.len());
        (first, last)
    }

    /// The first token of sentence `s` (0 past the last sentence).
    fn sentence_start_token(&self, s: usize) -> usize {
        self.sentence_first_token.get(s).copied().unwrap_or(0)
    }

    /// One past the last token of sentence `s`.
    fn sentence_end_token(&self, s: usize) -> usize {
        self.sentence_first_token
            .get(s + 1)
            .copied()
            .unwrap_or(self.tokens.len())
    }
}

/// The facet extractor, built once per run from the configured data.
#[derive(Debug, Clone)]
pub struct Extractor {
    places: Vec<Place>,
    sources: Vec<KnownSource>,
    /// For each place, its facet path (country, or country/province).
    place_paths: Vec<Vec<String>>,
    /// For each place, the number of its facet path: equal paths (a city
    /// and its province) have equal numbers.
    place_path_id: Vec<u32>,
    /// For each place, the index of its country entry (itself for a country).
    place_country: Vec<usize>,
    /// For each country entry, its demonym forms `[ms, fs, mp, fp]` (the
    /// first demonym), if any.
    country_demonyms: HashMap<usize, [String; 4]>,
    /// Folded lower-case name or alias → indices in `places`.
    place_names: HashMap<String, Vec<usize>>,
    /// Canonical name of a country entry (as written, the first part of
    /// a facet path) → the country entry its key names first in
    /// `place_names` (what [`Extractor::facets`] looks up per dispatch,
    /// found once here).
    country_of_name: HashMap<String, usize>,
    /// Folded lower-case name or alias → index in `sources`.
    source_names: HashMap<String, usize>,
    /// For each known source, the country entry of its `country` when it
    /// has local aliases.
    source_country: Vec<Option<usize>>,
    /// Key of a local alias → the known source it names (only in a
    /// dispatch about the source's country).
    local_alias_keys: HashMap<String, usize>,
    matcher: Matcher,
    /// Per pattern: what it stands for, with its case rule.
    pattern_hits: PatternHits,
    fingerprint_text: String,
    /// Facts about the known sources read by the attribution, built on
    /// first use.
    attribution_tables: std::sync::OnceLock<attribution::SourceTables>,
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

/// The case rule of a name, given its [`text::fold_keep_case`].
fn case_rule(folded: &str) -> CaseRule {
    let mut letters = 0;
    let mut all_upper = true;
    for c in folded.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        all_upper &= c.is_uppercase();
    }
    if letters >= 2 && all_upper {
        CaseRule::Capitals
    } else if !folded.contains(' ') && folded.chars().next().is_some_and(char::is_uppercase) {
        CaseRule::Capital
    } else if folded.chars().any(char::is_uppercase) {
        CaseRule::SomeCapital
    } else {
        CaseRule::Any
    }
}

/// Writes the search form of folded text into `out`: a space, then each
/// byte with ASCII letters lower-cased, other ASCII bytes blanked and
/// non-ASCII bytes kept (so offsets shift by one and UTF-8 stays valid).
fn search_text(text: &str, out: &mut String) {
    let mut bytes = std::mem::take(out).into_bytes();
    bytes.clear();
    bytes.resize(text.len() + 1, b' ');
    for (d, &b) in bytes[1..].iter_mut().zip(text.as_bytes()) {
        *d = search_byte(b);
    }
    debug_assert!(std::str::from_utf8(&bytes).is_ok());
    // SAFETY: `bytes` is a space followed by `text` (valid UTF-8) where
    // `search_byte` replaced ASCII bytes by ASCII bytes and kept every
    // byte >= 0x80 as it was: the multi-byte sequences are untouched and
    // an ASCII byte is valid anywhere outside them, so `bytes` is valid
    // UTF-8. (`String::from_utf8` checked it again, a second pass over the
    // text: a third of the cost of this function.)
    *out = unsafe { String::from_utf8_unchecked(bytes) };
}

/// What each pattern stands for, with its case rule: pattern `p`'s hits
/// are `list[starts[p]..starts[p + 1]]`.
#[derive(Debug, Clone, Default)]
struct PatternHits {
    starts: Vec<u32>,
    list: Vec<(Hit, CaseRule)>,
}

impl PatternHits {
    /// Number of patterns.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// The hits of pattern `p` (none for an unknown pattern).
    fn get(&self, p: usize) -> &[(Hit, CaseRule)] {
        match (self.starts.get(p), self.starts.get(p + 1)) {
            (Some(&a), Some(&b)) => self.list.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// A byte of the search form (see [`search_text`]): an ASCII letter
/// lower-cased, a digit or a non-ASCII byte kept, any other byte blanked.
/// Without branches or short-circuits (`|` on the tests), so that the
/// compiler vectorises the loop of [`search_text`]. (`b | 0x20` is the
/// lower case of a letter, and leaves digits and lower-case letters as
/// they are.)
#[inline(always)]
fn search_byte(b: u8) -> u8 {
    let lower = b | 0x20;
    let word = (lower.wrapping_sub(b'a') < 26) | (b.wrapping_sub(b'0') < 10);
    if word {
        lower
    } else if b >= 0x80 {
        b
    } else {
        b' '
    }
}

/// Builder of the pattern table: folded lower-case pattern → hits.
#[derive(Default)]
struct Patterns {
    /// The patterns (search form) end to end, numbered in order of first
    /// addition: pattern `p` ends at `ends[p]` (no string per pattern).
    text: String,
    /// Per pattern: its end in `text`.
    ends: Vec<u32>,
    /// Hash of a pattern → the first pattern with that hash.
    index: HashMap<u64, u32>,
    /// Per pattern: the next pattern with the same hash (`u32::MAX`: none).
    same_hash: Vec<u32>,
    /// Per pattern: its first and last hit in `chain`.
    heads: Vec<(u32, u32)>,
    /// The hits, each with the next hit of its pattern (`u32::MAX` for
    /// none): no list per pattern is allocated.
    chain: Vec<((Hit, CaseRule), u32)>,
    /// The search form of the pattern being added (a reused buffer).
    pattern: String,
}

impl Patterns {
    /// Adds the name whose [`key`] is `folded` (so that a name folded
    /// once serves every table).
    fn add_key(&mut self, folded: &str, hit: Hit, rule: CaseRule) {
        let mut k = folded;
        // An elided article is not part of a name: "l'ONU" is matched as "ONU".
        for elided in ["l'", "d'"] {
            if let Some(rest) = k.strip_prefix(elided) {
                if !rest.is_empty() && !matches!(hit, Hit::Preposition | Hit::Verb) {
                    k = rest;
                }
            }
        }
        if k.is_empty() {
            return;
        }
        // A pattern is written as the search text is (`search_text`: a
        // leading space, punctuation blanked; `k` is already lower-case),
        // so that it matches at word starts only.
        search_text(k, &mut self.pattern);
        if self.pattern.trim().is_empty() {
            return;
        }
        let new = self.chain.len() as u32;
        let item = (hit, rule);
        let hash = self.index.hasher().hash_one(self.pattern.as_str());
        let mut found = None;
        let mut last_same = None;
        let mut at = self.index.get(&hash).copied();
        while let Some(p) = at {
            if self.nth(p as usize) == self.pattern {
                found = Some(p as usize);
                break;
            }
            last_same = Some(p as usize);
            at = self
                .same_hash
                .get(p as usize)
                .copied()
                .filter(|&n| n != u32::MAX);
        }
        match found {
            Some(i) => {
                let (first, last) = self.heads[i];
                let mut at = first;
                while let Some(&(h, next)) = self.chain.get(at as usize) {
                    if h == item {
                        return;
                    }
                    at = next;
                }
                self.chain.push((item, u32::MAX));
                self.chain[last as usize].1 = new;
                self.heads[i].1 = new;
            }
            None => {
                let p = self.heads.len() as u32;
                match last_same {
                    Some(before) => self.same_hash[before] = p,
                    None => {
                        self.index.insert(hash, p);
                    }
                }
                self.same_hash.push(u32::MAX);
                self.text.push_str(&self.pattern);
                self.ends.push(self.text.len() as u32);
                self.heads.push((new, new));
                self.chain.push((item, u32::MAX));
            }
        }
    }

    /// Pattern `p`.
    fn nth(&self, p: usize) -> &str {
        let start = p
            .checked_sub(1)
            .and_then(|q| self.ends.get(q))
            .map_or(0, |&e| e as usize);
        let end = self.ends.get(p).map_or(start, |&e| e as usize);
        self.text.get(start..end).unwrap_or("")
    }

    /// The patterns by number, and their hits.
    fn finish(&self) -> (Vec<&str>, PatternHits) {
        let patterns: Vec<&str> = (0..self.heads.len()).map(|p| self.nth(p)).collect();
        let mut hits = PatternHits {
            starts: Vec::with_capacity(self.heads.len() + 1),
            list: Vec::with_capacity(self.chain.len()),
        };
        for &(first, _) in &self.heads {
            hits.starts.push(hits.list.len() as u32);
            let mut at = first;
            while let Some(&(h, next)) = self.chain.get(at as usize) {
                hits.list.push(h);
                at = next;
            }
        }
        hits.starts.push(hits.list.len() as u32);
        (patterns, hits)
    }
}

/// The gazetteers and source lists a configuration names, read but not
/// parsed: enough to know the index fingerprint
/// ([`ExtractionData::fingerprint_text`]) before the slower build of the
/// [`Extractor`] ([`Extractor::from_extraction_data`]), which may then run
/// on another thread.
#[derive(Debug, Clone)]
pub struct ExtractionData {
    /// (path as shown in messages, text) of each gazetteer, in order.
    gazetteers: Vec<(String, String)>,
    /// (path as shown in messages, text) of each source list, in order.
    sources: Vec<(String, String)>,
}

impl ExtractionData {
    /// Reads the files named by `[facets.region] gazetteers` and
    /// `[facets.source] lists` (the built-in data for `builtin`). Fails on
    /// a file that cannot be read.
    pub fn read(config: &Config) -> Result<ExtractionData, ExtractError> {
        let gazetteers = (config.facets.region.gazetteers.iter())
            .map(|entry| read_data(config, entry, BUILTIN_GAZETTEER))
            .collect::<Result<_, _>>()?;
        let sources = (config.facets.source.lists.iter())
            .map(|entry| read_data(config, entry, BUILTIN_SOURCES))
            .collect::<Result<_, _>>()?;
        Ok(ExtractionData {
            gazetteers,
            sources,
        })
    }

    /// Text whose hash identifies the data (the same as the built
    /// extractor's [`Extractor::fingerprint_text`]).
    pub fn fingerprint_text(&self) -> String {
        (self.gazetteers.iter().chain(&self.sources))
            .map(|(_, text)| text.as_str())
            .collect()
    }
}

impl Extractor {
    /// Loads the gazetteers and source lists named by the configuration and
    /// builds the pattern trie. Fails on an unreadable or invalid file, or a
    /// province or city whose country (or province) is not in the
    /// gazetteers.
    pub fn from_config(config: &Config) -> Result<Extractor, ExtractError> {
        Extractor::from_extraction_data(&ExtractionData::read(config)?)
    }

    /// Builds an extractor from data files read by [`ExtractionData::read`].
    /// Fails on an invalid file, or a province or city whose country (or
    /// province) is not in the gazetteers. The gazetteers are parsed on a
    /// second thread while the source lists are.
    pub fn from_extraction_data(data: &ExtractionData) -> Result<Extractor, ExtractError> {
        let parse_places = || -> Result<Vec<Place>, ExtractError> {
            let mut places = Vec::new();
            for (path, text) in &data.gazetteers {
                places.extend(data::parse_gazetteer(path, text)?);
            }
            Ok(places)
        };
        let (places, sources) = std::thread::scope(|scope| {
            let places = scope.spawn(parse_places);
            let mut sources = Vec::new();
            for (path, text) in &data.sources {
                match data::parse_sources(path, text) {
                    Ok(list) => sources.extend(list),
                    Err(e) => return (places.join(), Err(e)),
                }
            }
            (places.join(), Ok(sources))
        });
        // (A panic while parsing goes on here.)
        let places = places.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        Extractor::from_data(places, sources?, data.fingerprint_text())
    }

    /// Builds an extractor from parsed data (see [`Extractor::from_config`]).
    pub fn from_data(
        places: Vec<Place>,
        sources: Vec<KnownSource>,
        fingerprint_text: String,
    ) -> Result<Extractor, ExtractError> {
        let invalid = |message: String| ExtractError::Invalid {
            path: "gazetteer".to_string(),
            message,
        };
        // Every name is folded once (`folded`, case kept) and its key
        // derived from that (`k`); the lookups read reused buffers.
        let (mut folded, mut k, mut k2) = (String::new(), String::new(), String::new());
        let mut name_keys = Vec::with_capacity(places.len());
        let mut pats = Patterns::default();
        let mut place_names: HashMap<String, Vec<usize>> = HashMap::default();
        let mut country_demonyms = HashMap::default();
        for (i, p) in places.iter().enumerate() {
            // The name (unless only its aliases are matched) and the
            // aliases are patterns; all are names of the place.
            for (n, name) in std::iter::once(&p.name).chain(&p.aliases).enumerate() {
                text::fold_keep_case_into(name, &mut folded);
                text::key_of_folded(&folded, &mut k);
                if n == 0 {
                    name_keys.push(k.clone());
                }
                if n > 0 || p.match_name {
                    pats.add_key(&k, Hit::Place(i as u32), case_rule(&folded));
                }
                match place_names.get_mut(k.as_str()) {
                    Some(list) => {
                        if !list.contains(&i) {
                            list.push(i);
                        }
                    }
                    None => {
                        place_names.insert(k.clone(), vec![i]);
                    }
                }
            }
            for (n, d) in p.demonyms.iter().enumerate() {
                // The forms as written, accents kept (they name sources:
                // "armée éthiopienne"); matched by their keys.
                let forms = demonym_forms(&d.trim().to_lowercase());
                for form in &forms {
                    key_into(form, &mut k2);
                    pats.add_key(&k2, Hit::Demonym(i as u32), CaseRule::Any);
                }
                if n == 0 {
                    country_demonyms.insert(i, forms);
                }
            }
        }
        let mut countries: HashMap<&str, usize> = HashMap::default();
        // Province key: country key, `\n` (which no key holds), name key.
        let mut provinces: HashMap<String, usize> = HashMap::default();
        for (i, p) in places.iter().enumerate() {
            match p.kind {
                PlaceKind::Country => {
                    countries.insert(&name_keys[i], i);
                }
                PlaceKind::Province => {
                    key_into(p.country.as_deref().unwrap_or(""), &mut k);
                    k.push('\n');
                    k.push_str(&name_keys[i]);
                    provinces.insert(k.clone(), i);
                }
                PlaceKind::City => {}
            }
        }
        let mut place_paths = Vec::with_capacity(places.len());
        let mut place_country = Vec::with_capacity(places.len());
        for (i, p) in places.iter().enumerate() {
            let (path, country) = match p.kind {
                PlaceKind::Country => (vec![p.name.clone()], countries[name_keys[i].as_str()]),
                _ => {
                    let c = p.country.as_deref().unwrap_or("");
                    key_into(c, &mut k);
                    let ci = *countries.get(k.as_str()).ok_or_else(|| {
                        invalid(format!("place {:?}: unknown country {:?}", p.name, c))
                    })?;
                    let country_name = places[ci].name.clone();
                    match (p.kind, &p.province) {
                        (PlaceKind::Province, _) => (vec![country_name, p.name.clone()], ci),
                        (_, Some(prov)) => {
                            key_into(prov, &mut k2);
                            k.push('\n');
                            k.push_str(&k2);
                            let pi = *provinces.get(k.as_str()).ok_or_else(|| {
                                invalid(format!("place {:?}: unknown province {:?}", p.name, prov))
                            })?;
                            (vec![country_name, places[pi].name.clone()], ci)
                        }
                        _ => (vec![country_name], ci),
                    }
                }
            };
            place_paths.push(path);
            place_country.push(country);
        }
        let mut path_ids: HashMap<&[String], u32> = HashMap::default();
        let place_path_id = place_paths
            .iter()
            .map(|path| {
                let next = path_ids.len() as u32;
                *path_ids.entry(path.as_slice()).or_insert(next)
            })
            .collect();

        let mut source_names = HashMap::default();
        let mut local_alias_keys = HashMap::default();
        for (i, s) in sources.iter().enumerate() {
            for name in &s.local_aliases {
                text::fold_keep_case_into(name, &mut folded);
                text::key_of_folded(&folded, &mut k);
                pats.add_key(&k, Hit::Source(i as u32), case_rule(&folded));
                local_alias_keys.insert(k.clone(), i);
            }
            for name in std::iter::once(&s.name).chain(&s.aliases) {
                text::fold_keep_case_into(name, &mut folded);
                text::key_of_folded(&folded, &mut k);
                pats.add_key(&k, Hit::Source(i as u32), case_rule(&folded));
                // "Le Parisien" is also "au Parisien", "du Parisien".
                let title = folded
                    .strip_prefix("Le ")
                    .is_some_and(|r| r.starts_with(char::is_uppercase));
                if let Some(rest) = k.strip_prefix("le ").filter(|_| title) {
                    pats.add_key(rest, Hit::Source(i as u32), CaseRule::AfterContraction);
                }
                for name_key in [Some(k.as_str()), k.strip_prefix("l'")]
                    .into_iter()
                    .flatten()
                {
                    if !source_names.contains_key(name_key) {
                        source_names.insert(name_key.to_string(), i);
                    }
                }
            }
        }
        for form in lexicon::reporting_forms() {
            let hit = if lexicon::is_preposition_cue(&form) {
                Hit::Preposition
            } else {
                Hit::Verb
            };
            key_into(&form, &mut k);
            pats.add_key(&k, hit, CaseRule::Any);
        }
        let mut country_of_name = HashMap::default();
        for (p, name_key) in places.iter().zip(&name_keys) {
            if p.kind != PlaceKind::Country || country_of_name.contains_key(p.name.as_str()) {
                continue;
            }
            let first = place_names.get(name_key.as_str()).and_then(|list| {
                list.iter()
                    .copied()
                    .find(|&i| places[i].kind == PlaceKind::Country)
            });
            if let Some(c) = first {
                country_of_name.insert(p.name.clone(), c);
            }
        }
        // The country of a source with local aliases.
        let mut source_country = Vec::with_capacity(sources.len());
        for s in &sources {
            // (`parse_sources` requires the country of local aliases.)
            let country = match &s.country {
                Some(c) if !s.local_aliases.is_empty() => Some(
                    *country_of_name
                        .get(c.as_str())
                        .ok_or_else(|| ExtractError::Invalid {
                            path: "sources".to_string(),
                            message: format!(
                                "source {:?}: country {c:?} is not a country of the gazetteer",
                                s.name
                            ),
                        })?,
                ),
                _ => None,
            };
            source_country.push(country);
        }
        let (patterns, pattern_hits) = pats.finish();
        let matcher = Matcher::new(&patterns);
        Ok(Extractor {
            places,
            sources,
            place_paths,
            place_path_id,
            place_country,
            country_demonyms,
            place_names,
            country_of_name,
            source_names,
            source_country,
            local_alias_keys,
            matcher,
            pattern_hits,
            fingerprint_text,
            attribution_tables: std::sync::OnceLock::new(),
        })
    }

    /// Text whose hash identifies the extraction data (part of the index
    /// fingerprint).
    pub fn fingerprint_text(&self) -> &str {
        &self.fingerprint_text
    }

    /// The facet path of a region named by a user (any alias, any case or
    /// accents, or a `Country/Province` path): `Daraa` → `["Syrie",
    /// "Deraa"]`, `Syrie` → `["Syrie"]`. A name shared by places of several
    /// countries resolves to the first one listed unless a path names the
    /// country; `None` when nothing matches.
    pub fn resolve_region(&self, name: &str) -> Option<Vec<String>> {
        let named = |k: &str| {
            (self.place_names.get(k).into_iter().flatten())
                .map(|&i| (self.places[i].kind, self.place_paths[i].clone()))
                .collect()
        };
        names::resolve_region_with(name, &named)
    }

    /// The canonical name of a known source named by a user (any alias, any
    /// case or accents); `None` for a name absent from the lists.
    pub fn resolve_source(&self, name: &str) -> Option<String> {
        self.source_names
            .get(&names::source_lookup_key(name))
            .map(|&i| self.sources[i].name.clone())
    }

    /// Extracts the facets of a dispatch (title and paragraphs). Never
    /// fails; an empty dispatch has no facets. Only the first
    /// [`MAX_EXTRACT_BYTES`] of text are read, so that memory stays bounded
    /// on huge files (wire copy is a few kilobytes).
    pub fn extract(&self, dispatch: &Dispatch) -> Facets {
        let head;
        let dispatch = if text_len(dispatch) > MAX_EXTRACT_BYTES {
            head = truncated(dispatch, MAX_EXTRACT_BYTES);
            &head
        } else {
            dispatch
        };
        // The document and the mentions of the previous dispatch on this
        // thread, whose buffers are reused.
        thread_local! {
            static SCRATCH: std::cell::Cell<Option<(Doc, Vec<Mention>)>> =
                const { std::cell::Cell::new(None) };
        }
        let (reuse, mut mentions) = SCRATCH
            .with(|s| s.take())
            .unwrap_or_else(|| (Doc::empty(), Vec::new()));
        let mut doc = Doc::new_in(dispatch, reuse);
        self.find_mentions(&doc, &mut mentions);
        doc.index_mentions(&mentions);
        let facets = self.facets(&doc, &mentions);
        SCRATCH.with(|s| s.set(Some((doc, mentions))));
        facets
    }

    /// The facets of a prepared dispatch and its mentions.
    fn facets(&self, doc: &Doc, mentions: &[Mention]) -> Facets {
        let (regions, country_support, _) = regions::regions(self, doc, mentions, false);
        // Every path starts with the name of a country entry, which
        // `country_of_name` holds, looked up by key as it was built.
        let main_country = regions
            .first()
            .and_then(|r| self.country_of_name.get(r.path[0].as_str()).copied());
        let sources = attribution::sources(self, doc, mentions, &country_support, main_country);
        Facets { regions, sources }
    }

    /// Diagnostics: the score of every candidate region of a dispatch
    /// (provinces, and country totals marked `(total)`), best first.
    pub fn region_scores(&self, dispatch: &Dispatch) -> Vec<(String, f32)> {
        let mut doc = Doc::new(dispatch);
        let mut mentions = Vec::new();
        self.find_mentions(&doc, &mut mentions);
        doc.index_mentions(&mentions);
        regions::regions(self, &doc, &mentions, true).2
    }

    /// Finds the longest pattern at every word start of the dispatch; the
    /// next search starts after an accepted match, or at the next word.
    /// Most words are passed over by [`Matcher::starts`] alone. The
    /// mentions are written into `out` (cleared first), in text order.
    ///
    /// Not inlined into [`Extractor::extract`], where its loop had fewer
    /// registers (callgrind: 0.5 M instructions more over 2640
    /// dispatches).
    #[inline(never)]
    fn find_mentions(&self, doc: &Doc, out: &mut Vec<Mention>) {
        let tokens = doc.tokens.as_slice();
        let search = doc.search.as_bytes();
        let lower = search.get(1..).unwrap_or(&[]);
        out.clear();
        // (About one mention every ten tokens in wire copy.)
        out.reserve(tokens.len() / 8 + 4);
        let mut orig = OrigCursor::new(&doc.folded);
        thread_local! {
            static STARTS: std::cell::Cell<Vec<u32>> = std::cell::Cell::default();
        }
        let mut starts = STARTS.with(std::cell::Cell::take);
        self.matcher.starts(lower, search, tokens, &mut starts);
        // The next token a match may start at.
        let mut from = 0;
        for &i in &starts {
            let i = i as usize;
            let Some(t) = tokens.get(i).filter(|_| i >= from) else {
                continue;
            };
            from = i + 1;
            let key = Matcher::key_of(lower, t);
            let Found::Pattern { pattern, end } =
                self.matcher.longest_at(lower, search, tokens, i, key)
            else {
                continue;
            };
            let start = tokens[i].start as usize;
            let mut last = i + 1;
            while last < tokens.len() && (tokens[last].start as usize) < end {
                last += 1;
            }
            let hits = if doc.sentence_of(i) == doc.sentence_of(last - 1) {
                self.accept(doc, &mut orig, start, end, pattern)
            } else {
                Hits::new()
            };
            let hits = if last == i + 1 && !verb_stands(doc, i) {
                hits.without_verbs()
            } else {
                hits
            };
            if hits.is_empty() {
                continue;
            }
            out.push(Mention {
                first: i,
                last,
                sentence: doc.sentence_of(i),
                hits,
            });
            from = last;
        }
        STARTS.with(|s| s.set(starts));
    }

    /// The hits of a match at `start..end` of the folded text that ends on
    /// a word boundary, is not glued by a hyphen to a longer name and
    /// agrees with the case rules; empty otherwise.
    ///
    /// `orig` maps folded offsets of `doc` to original ones.
    fn accept(
        &self,
        doc: &Doc,
        orig: &mut OrigCursor<'_>,
        start: usize,
        end: usize,
        pattern: usize,
    ) -> Hits {
        let text = doc.folded.text.as_str();
        // The character after the match (an ASCII one read as a byte).
        let word_after = match text.as_bytes().get(end) {
            None => false,
            Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
            Some(_) => text[end..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric),
        };
        if word_after {
            return Hits::new();
        }
        // A hyphen in the original joins the match to a longer compound
        // name ("Saint-Martin-Vésubie"): no match. (A '-' is one byte,
        // which no other character contains: it is read as a byte.)
        let original = doc.folded.original.as_str();
        let hyphen_at = |o: usize| original.as_bytes().get(o) == Some(&b'-');
        let mut orig = |at: usize| Some(orig.orig(at));
        let hyphen_after = orig(end)
            .filter(|&o| hyphen_at(o))
            .and_then(|o| original.get(o + 1..))
            .is_some_and(|rest| {
                // The word after the hyphen, read in place (no allocation).
                let len = rest
                    .find(|c: char| !c.is_alphabetic())
                    .unwrap_or(rest.len());
                let next = &rest[..len];
                next.starts_with(char::is_uppercase)
                    && !matches!(next, "Est" | "Ouest" | "Nord" | "Sud" | "Centre")
            });
        let hyphen_before = start > 0 && orig(start - 1).is_some_and(hyphen_at);
        if hyphen_after || hyphen_before {
            return Hits::new();
        }
        let matched = &text[start..end];
        let mut hits = Hits::new();
        for &(h, rule) in self.pattern_hits.get(pattern) {
            let ok = match rule {
                CaseRule::Any => true,
                CaseRule::Capital => matched.chars().next().is_some_and(char::is_uppercase),
                CaseRule::Capitals => matched
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase),
                CaseRule::SomeCapital => matched.chars().any(char::is_uppercase),
                CaseRule::AfterContraction => {
                    matched.starts_with(char::is_uppercase) && after_contraction(text, start)
                }
            };
            if ok {
                hits.push(h);
            }
        }
        hits
    }
}

/// Whether folded offset `start` of `text` follows the word "au" or "du"
/// and one space (any case).
fn after_contraction(text: &str, start: usize) -> bool {
    let before = text.as_bytes().get(..start).unwrap_or(&[]);
    match before {
        [.., a, b, b' '] if matches!((a | 0x20, b | 0x20), (b'a', b'u') | (b'd', b'u')) => {
            before.len() == 3 || !before[before.len() - 4].is_ascii_alphanumeric()
        }
        _ => false,
    }
}

/// Whether a one-word verb at token `i` reports where it stands. Not a
/// status given by someone ("le gouvernement reconnu par l'ONU", "soutenu
/// par Haftar": no cue for a later verb's subject to stop at either); a
/// placing or a lifting only before a warning level within eight words of
/// its sentence ("a placé le Var en vigilance orange", "a levé l'alerte";
/// not "sur place" nor "lever des fonds"); not "décrit", "soutenu",
/// "reconnu" or "maintenu" as a participle after a comma
/// ("l'Argentinosaurus, décrit en 1993", "le M23, soutenu selon l'ONU par
/// Kigali").
fn verb_stands(doc: &Doc, i: usize) -> bool {
    let word = doc.lower(i);
    let next = i + 1;
    if doc.lower(next) == "par"
        && ["reconnu", "soutenu", "maintenu"]
            .iter()
            .any(|p| word.starts_with(p))
    {
        return false;
    }
    // "l'Argentinosaurus, décrit en 1993", "X, décrit comme un modéré": a
    // participle after a comma describes what precedes (after a quotation
    // it is the verb of an incise: "», décrit un habitant").
    if matches!(
        word,
        "decrit"
            | "decrite"
            | "decrits"
            | "decrites"
            | "soutenu"
            | "reconnu"
            | "reconnue"
            | "maintenu"
    ) && i >= 2
        && doc.lower(i - 1) == ","
        && doc.lower(i - 2) != "\""
    {
        return false;
    }
    if lexicon::VIGILANCE_STEMS.iter().any(|v| word.starts_with(v)) {
        let sentence = doc.sentence_of(i);
        return (next..doc.tokens.len().min(next + 8))
            .take_while(|&k| doc.sentence_of(k) == sentence)
            .any(|k| {
                matches!(
                    doc.lower(k),
                    "vigilance" | "vigilances" | "alerte" | "alertes"
                )
            });
    }
    true
}

/// [`Folded::orig`] for offsets asked in about increasing order (the
/// matches of a dispatch): the checkpoint of the last answer is kept, and
/// the next one is found by stepping from it (the checkpoints are sorted)
/// rather than by a binary search.
struct OrigCursor<'a> {
    folded: &'a Folded,
    /// Number of checkpoints at or before the last offset asked.
    k: usize,
}

impl<'a> OrigCursor<'a> {
    /// A cursor at the start of `folded`.
    fn new(folded: &'a Folded) -> OrigCursor<'a> {
        OrigCursor { folded, k: 0 }
    }

    /// The original offset of folded offset `folded` (as
    /// [`Folded::orig`]).
    fn orig(&mut self, folded: usize) -> usize {
        let map = self.folded.map.as_slice();
        while map.get(self.k).is_some_and(|&(f, _)| f as usize <= folded) {
            self.k += 1;
        }
        while self.k > 0
            && map
                .get(self.k - 1)
                .is_some_and(|&(f, _)| f as usize > folded)
        {
            self.k -= 1;
        }
        match self.k.checked_sub(1).and_then(|k| map.get(k)) {
            Some(&(f, o)) => o as usize + (folded - f as usize),
            None => folded,
        }
    }
}

#[cfg(test)]
mod orig_cursor_tests {
    use super::*;
    use proptest::prelude::*;

    /// Checks every offset of the folding of `text` (paragraphs split at
    /// `\n`), then offsets in `asks` (modulo the length).
    fn check(text: &str, asks: &[usize]) -> Result<(), TestCaseError> {
        let mut folded = Folded::default();
        for paragraph in text.split('\n') {
            folded.push_paragraph(paragraph);
        }
        folded.finish();
        prop_assert!(
            folded.map.windows(2).all(|w| w[0].0 <= w[1].0),
            "unsorted checkpoints {:?} for {:?}",
            folded.map,
            text
        );
        let mut cursor = OrigCursor::new(&folded);
        let len = folded.text.len();
        let mut offsets: Vec<usize> = (0..=len).collect();
        offsets.extend(asks.iter().map(|&a| a % (len + 1)));
        for at in offsets {
            prop_assert_eq!(cursor.orig(at), folded.orig(at), "{:?} at {}", text, at);
        }
        Ok(())
    }

    #[test]
    fn the_cursor_maps_offsets_after_a_dropped_trailing_space() {
        // The dropped trailing space of the first paragraph once left a
        // checkpoint past the next one, unsorting the map.
        check("»é« --é»« « éééé-- --\n»é", &[]).unwrap();
    }

    proptest! {
        /// The cursor answers as [`Folded::orig`], whatever the order of
        /// the offsets asked.
        #[test]
        fn the_cursor_maps_offsets_as_folded_does(
            text in "(é|È|œ|« |»|’|--|  |a|B|-|\\.|\\n| )*",
            asks in proptest::collection::vec(0usize..200, 0..40),
        ) {
            check(&text, &asks)?;
        }
    }
}

/// Bytes of text of a dispatch that extraction reads at most.
pub const MAX_EXTRACT_BYTES: usize = 1 << 20;

fn text_len(dispatch: &Dispatch) -> usize {
    dispatch.title.as_ref().map_or(0, String::len)
        + dispatch
            .paragraphs
            .iter()
            .map(|p| p.text.len())
            .sum::<usize>()
}

/// The title and the paragraphs of `dispatch` up to `budget` bytes of text,
/// the last paragraph cut at a character boundary.
fn truncated(dispatch: &Dispatch, budget: usize) -> Dispatch {
    let mut left = budget.saturating_sub(dispatch.title.as_ref().map_or(0, String::len));
    let mut paragraphs = Vec::new();
    for paragraph in &dispatch.paragraphs {
        if left == 0 {
            break;
        }
        let mut cut = paragraph.text.len().min(left);
        while !paragraph.text.is_char_boundary(cut) {
            cut -= 1;
        }
        left -= cut;
        paragraphs.push(crate::ingest::Paragraph {
            kind: paragraph.kind,
            text: paragraph.text[..cut].to_string(),
        });
    }
    Dispatch {
        date: dispatch.date,
        date_problem: None,
        title: dispatch.title.clone(),
        headers: Vec::new(),
        paragraphs,
    }
}

/// Splits a paragraph into sentences (at `.`, `!`, `?` or `…` followed by
/// white space and an upper-case letter, a digit or an opening quote; not
/// after an abbreviation such as `M.` or an initial).
pub fn sentences(text: &str) -> Vec<&str> {
    text::sentence_ranges(text)
        .into_iter()
        .map(|(s, e)| &text[s..e])
        .collect()
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod search_text_tests {
    use super::search_byte;

    /// [`search_byte`] maps every byte as the plain rule says.
    #[test]
    fn search_bytes_follow_the_rule() {
        for b in 0..=u8::MAX {
            let expected = if b.is_ascii_uppercase() {
                b.to_ascii_lowercase()
            } else if b.is_ascii_lowercase() || b.is_ascii_digit() || b >= 0x80 {
                b
            } else {
                b' '
            };
            assert_eq!(search_byte(b), expected, "byte {b:#x}");
        }
    }
}
