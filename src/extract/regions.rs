//! Region scoring: which places a dispatch is about (rules in the module
//! doc of [`super`]).

use std::cell::Cell;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use super::lexicon::Fnv;

/// A hash map with the fast [`Fnv`] hasher (small per-dispatch maps).
type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

use std::sync::LazyLock;

use super::lexicon::{
    WordSet, EVENT_WORDS, GOVERNMENT_WORDS, INSTITUTIONS, LOCATIVE_NOUNS, MONTHS, NOT_NAMES,
    PASSING_ANCHORS, PASSING_WORDS,
};
use super::{Doc, Extractor, Hit, Hits, Mention, PlaceKind, RegionFacet};

/// A word list with a cheap filter in front: a bitset of a sketch of its
/// words (length, first, middle and last byte), so that most words of a
/// text are found absent without hashing them.
struct Filtered {
    set: &'static WordSet,
    bits: [u64; FILTER_WORDS],
    /// The lengths of the shortest and the longest word of the list.
    lengths: (usize, usize),
}

/// Number of 64-bit words of a [`Filtered`] bitset (8192 bits).
const FILTER_WORDS: usize = 128;

/// The bit of a word in a [`Filtered`] bitset.
#[inline(always)]
fn sketch(w: &[u8]) -> usize {
    let (Some(&first), Some(&last)) = (w.first(), w.last()) else {
        return 0;
    };
    let middle = w.get(w.len() / 2).copied().unwrap_or(0);
    let v = (w.len() as u32 & 0xff)
        | u32::from(first) << 8
        | u32::from(middle) << 16
        | u32::from(last) << 24;
    (v.wrapping_mul(0x9e37_79b1) >> 19) as usize
}

impl Filtered {
    fn new(set: &'static WordSet) -> Filtered {
        let mut bits = [0u64; FILTER_WORDS];
        let mut lengths = (usize::MAX, 0);
        for w in set.iter() {
            let b = sketch(w.as_bytes());
            bits[(b / 64) % FILTER_WORDS] |= 1 << (b % 64);
            lengths = (lengths.0.min(w.len()), lengths.1.max(w.len()));
        }
        Filtered { set, bits, lengths }
    }

    /// Is `w` in the list? (As `set.contains(w)`.)
    #[inline(always)]
    fn contains(&self, w: &str) -> bool {
        self.contains_bytes(w.as_bytes())
    }

    /// Is the word of bytes `w` in the list? (As `set.contains(w)`; bytes
    /// that are not UTF-8 are in no list.)
    #[inline(always)]
    fn contains_bytes(&self, w: &[u8]) -> bool {
        if w.len() < self.lengths.0 || w.len() > self.lengths.1 {
            return false;
        }
        let b = sketch(w);
        self.bits[(b / 64) % FILTER_WORDS] & (1 << (b % 64)) != 0
            && std::str::from_utf8(w).is_ok_and(|w| self.set.contains(w))
    }
}

/// [`PASSING_ANCHORS`], filtered.
static ANCHORS: LazyLock<Filtered> = LazyLock::new(|| Filtered::new(&PASSING_ANCHORS));
/// [`GOVERNMENT_WORDS`], filtered.
static GOVERNMENT: LazyLock<Filtered> = LazyLock::new(|| Filtered::new(&GOVERNMENT_WORDS));
/// [`EVENT_WORDS`], filtered.
static EVENTS: LazyLock<Filtered> = LazyLock::new(|| Filtered::new(&EVENT_WORDS));
/// [`PASSING_WORDS`], filtered.
static PASSING: LazyLock<Filtered> = LazyLock::new(|| Filtered::new(&PASSING_WORDS));
/// [`LOCATIVE_NOUNS`], filtered.
static LOCATIVE: LazyLock<Filtered> = LazyLock::new(|| Filtered::new(&LOCATIVE_NOUNS));

/// Words of a bearing from a place ("au nord de", "près de", "à 30 km
/// de"): a province after another place only locates it with one of these.
const BEARINGS: &[&str] = &[
    "nord",
    "sud",
    "est",
    "ouest",
    "pres",
    "proche",
    "loin",
    "km",
    "kilometres",
];

/// Is the lower-cased word a point of the compass or the centre ("dans le
/// nord de X", the province "Nord")?
fn compass(w: &[u8]) -> bool {
    matches!(w, b"nord" | b"sud" | b"est" | b"ouest" | b"centre")
}

/// Nouns of an administrative division: "le département du Nord", "la
/// région du Centre", and the département's assize court ("la cour
/// d'assises du Nord"): the only frames in which a place named by a
/// bearing is taken after "de".
const DIVISIONS: &[&[u8]] = &[
    b"province",
    b"region",
    b"gouvernorat",
    b"departement",
    b"district",
    b"wilaya",
    b"oblast",
    b"etat",
    b"cercle",
    b"assises",
];

/// Weight of a place in the dateline.
pub const DATELINE: f32 = 4.0;
/// Marker weight of a dateline mention, replaced once all mentions are
/// known: [`DATELINE`] when the place is also mentioned in the text, else
/// [`BUREAU_DATELINE`] (a bureau dateline over a story located elsewhere).
const DATELINE_MARK: f32 = -1.0;
/// Weight of a dateline naming a place the text never mentions again.
pub const BUREAU_DATELINE: f32 = 0.5;
/// Weight of each place of an enumeration of three or more ("Sanaa,
/// Hodeida, Hajja et Amran"): a nationwide story listing provinces.
pub const ENUMERATION: f32 = 0.5;
/// Weight of a mention in a locative frame.
pub const STRONG: f32 = 3.0;
/// Weight of a plain mention.
pub const PLAIN: f32 = 1.0;
/// Weight of a city or province standing for its government.
pub const METONYMY: f32 = 0.5;
/// Weight of a demonym, and the most that demonyms give one country.
pub const DEMONYM: f32 = 0.3;
/// Cap of the demonyms of one country.
pub const DEMONYM_CAP: f32 = 1.0;
/// Least score of a reported region.
pub const THRESHOLD: f32 = 3.0;
/// A province is reported only when its score is at least this share of
/// its country's own mentions (else the story is national).
pub const NATIONAL: f32 = 0.75;
/// A country reported beside a better region without a mention in a
/// locative frame must score at least this share of the best (a party to
/// the story, not an actor named as its subject).
pub const PARTY: f32 = 0.75;
/// Least score of the best place when no place reaches [`THRESHOLD`].
pub const WEAK: f32 = 1.5;
/// Weight of each demonym when no place qualifies.
pub const DEMONYM_FALLBACK: f32 = 1.0;
/// Least score of a reported region relative to the best of the dispatch.
pub const RELATIVE: f32 = 0.3;

const ARTICLES: &[&str] = &["la", "le", "les", "l", "cette", "ce", "cet"];
/// [`ARTICLES`] as bytes (compared with [`Words`]).
const ARTICLE_BYTES: &[&[u8]] = &[b"la", b"le", b"les", b"l", b"cette", b"ce", b"cet"];
const AUX_AFTER: &[&str] = &[
    "a",
    "ont",
    "avait",
    "accuse",
    "affirme",
    "estime",
    "juge",
    "refuse",
    "revendique",
    "denonce",
    "reclame",
    "exige",
    "rejette",
    "conteste",
    "condamne",
    "menace",
    "assure",
    "demande",
];

/// The lower-cased bytes of token `i` (as [`Doc::lower`]) when it is a
/// word, read in the search text without the checks of a `str` slice.
#[inline(always)]
fn lower_word(doc: &Doc, i: usize) -> Option<&[u8]> {
    let t = doc.tokens.get(i).filter(|t| t.word)?;
    doc.search
        .as_bytes()
        .get(t.start as usize + 1..t.end as usize + 1)
}

/// The words of tokens `first..end` with their indices: `(i, w)` for each
/// token `i` of the range where [`lower_word`] gives `Some(w)`, in order.
/// Read off the token slice (one bounds check per range, not per token),
/// for the scans of whole sentences.
#[inline(always)]
fn words_in(doc: &Doc, first: usize, end: usize) -> impl Iterator<Item = (usize, &[u8])> {
    let n = doc.tokens.len();
    let (first, end) = (first.min(n), end.min(n));
    let search = doc.search.as_bytes();
    doc.tokens
        .get(first..end)
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .filter(|(_, t)| t.word)
        .filter_map(move |(k, t)| {
            Some((
                first + k,
                search.get(t.start as usize + 1..t.end as usize + 1)?,
            ))
        })
}

/// The year a word of four ASCII digits writes ("2024"), else `None`.
fn year_of(w: &[u8]) -> Option<u16> {
    if w.len() != 4 || !w.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(w).ok()?.parse().ok()
}

/// The lower-cased words before token `first` in its sentence, nearest
/// first, skipping apostrophes, stopping at other punctuation; at most `n`.
fn words_before(doc: &Doc, first: usize, n: usize) -> Words<'_> {
    let s = doc.sentence_of(first);
    let start = doc.sentence_start_token(s);
    let mut out = Words {
        items: [b""; 8],
        len: 0,
    };
    let mut i = first;
    while i > start && out.len < n.min(8) {
        i -= 1;
        if let Some(w) = lower_word(doc, i) {
            out.items[out.len] = w;
            out.len += 1;
        } else if doc.tok(i) != "'" {
            break;
        }
    }
    out
}

/// Whether sentence `s` holds a word of `list` (a list of words only).
fn sentence_has(doc: &Doc, s: usize, list: &Filtered) -> bool {
    let first = doc.sentence_start_token(s);
    words_in(doc, first, doc.sentence_end_token(s)).any(|(_, w)| list.contains_bytes(w))
}

/// Meetings and press conferences, whose place is a venue ("conférence de
/// presse à Bagdad", "réunion d'urgence à New York").
const MEETINGS: &[&[u8]] = &[
    b"presse",
    b"reunion",
    b"reunions",
    b"sommet",
    b"conference",
    b"pourparlers",
    b"negociations",
    b"discussions",
    // "une vingtaine de pays réunis à Paris": the participants' venue.
    b"reunis",
    b"reunies",
    b"rassembles",
    b"entendus",
];

/// The verbs that open the background of a story in wire copy ("Cette
/// attaque intervient alors que…", "survient au lendemain de…").
const BACKGROUND_VERBS: &[&[u8]] = &[
    b"intervient",
    b"interviennent",
    b"intervenait",
    b"intervenaient",
    b"survient",
    b"surviennent",
    b"survenait",
    b"survenaient",
];

/// Whether a background verb ([`BACKGROUND_VERBS`]) comes before token
/// `first` in its sentence: the places after it belong to the background
/// ("…au lendemain d'un bombardement sur Kharkiv"), not to the story.
fn background_before(doc: &Doc, first: usize) -> bool {
    let s = doc.sentence_of(first);
    let start = doc.sentence_start_token(s);
    words_in(doc, start, first).any(|(_, w)| BACKGROUND_VERBS.contains(&w))
}

/// A value per sentence of a dispatch, computed on first use.
struct PerSentence<T> {
    values: Vec<Option<T>>,
}

impl<T> Default for PerSentence<T> {
    fn default() -> Self {
        PerSentence { values: Vec::new() }
    }
}

impl<T: Copy> PerSentence<T> {
    /// The value of sentence `s` of `doc`, from `compute` the first time.
    fn get(&mut self, doc: &Doc, s: usize, compute: impl FnOnce(usize) -> T) -> T {
        if self.values.is_empty() {
            self.values.resize_with(doc.sentences.len(), || None);
        }
        if let Some(Some(v)) = self.values.get(s) {
            return *v;
        }
        let v = compute(s);
        if let Some(slot) = self.values.get_mut(s) {
            *slot = Some(v);
        }
        v
    }
}

/// Whether sentence `s` says that nothing happened to people ("sans
/// victime signalée", "sans faire de blessés", "aucune victime"): a place
/// also hit, named in passing.
fn no_victim(doc: &Doc, s: usize) -> bool {
    let first = doc.sentence_start_token(s);
    let end = doc.sentence_end_token(s);
    let victim = |i: usize| {
        lower_word(doc, i)
            .is_some_and(|w| matches!(w, b"victime" | b"victimes" | b"blesse" | b"blesses"))
    };
    words_in(doc, first, end).any(|(i, w)| {
        (w == b"sans" || w == b"aucune" || w == b"aucun") && (i + 1..end.min(i + 4)).any(victim)
    })
}

/// Whether sentence `s` recalls an earlier event: it opens with a past
/// date ("En avril,", "En 2023,", "L'an dernier,", "La semaine dernière,",
/// "Fin mars,") and its verb
/// is in the pluperfect ("avait fait deux morts"), or with a span from a
/// year ("Depuis 2014,", "Depuis le début de la guerre en 2022,"): the
/// background of the story, told in the register of wire copy.
fn past_background(doc: &Doc, s: usize) -> bool {
    let first = doc.sentence_start_token(s);
    let end = doc.sentence_end_token(s);
    let w = |i: usize| lower_word(doc, i).unwrap_or(b"");
    // "Depuis le début de l'invasion en février 2022, Moscou cible…",
    // "Depuis 2014, …": a span from a past year, in any tense.
    if w(first) == b"depuis" {
        return (first + 1..end.min(first + 12))
            .take_while(|&i| doc.tok(i) != ",")
            .any(|i| year_of(w(i)).is_some_and(|y| (1900..2100).contains(&y)));
    }
    let dated = match w(first) {
        b"en" | b"fin" | b"debut" | b"mi" => {
            let next = w(first + 1);
            MONTHS.iter().any(|m| m.as_bytes() == next) || year_of(next).is_some()
        }
        // "L'an dernier", "L'année dernière", "Le mois dernier", "La
        // semaine dernière".
        b"l" | b"le" | b"la" => {
            let (noun, adj) = if doc.tok(first + 1) == "'" {
                (w(first + 2), w(first + 3))
            } else {
                (w(first + 1), w(first + 2))
            };
            matches!(
                noun,
                b"an" | b"annee" | b"mois" | b"semaine" | b"ete" | b"hiver" | b"printemps"
            ) && matches!(adj, b"dernier" | b"derniere" | b"passe" | b"passee")
        }
        _ => false,
    };
    dated && (first..end).any(|i| matches!(w(i), b"avait" | b"avaient"))
}

/// Whether sentence `s` dates what it tells to a year before the
/// dispatch's ("a déjà mené en 2024 des attaques", "réélu en 2021"): a
/// recalled event, the background of the story. (Only "en" + year: "la
/// plus meurtrière depuis l'opération de 2013" compares, and "depuis
/// 2012" may run to the story's day.)
fn dates_a_past_year(doc: &Doc, s: usize) -> bool {
    let Some(now) = doc.year else {
        return false;
    };
    let first = doc.sentence_start_token(s);
    let end = doc.sentence_end_token(s);
    words_in(doc, first + 1, end).any(|(i, w)| {
        year_of(w).is_some_and(|y| (1900..now).contains(&y))
            && lower_word(doc, i - 1) == Some(&b"en"[..])
    })
}

/// A few words (lower-cased bytes, as [`lower_word`]), stored inline.
struct Words<'a> {
    items: [&'a [u8]; 8],
    len: usize,
}

impl<'a> std::ops::Deref for Words<'a> {
    type Target = [&'a [u8]];

    fn deref(&self) -> &[&'a [u8]] {
        &self.items[..self.len]
    }
}

/// The candidate places of a mention, stored inline (a mention has at
/// most [`Hits::MAX`] hits).
#[derive(Debug, Clone, Copy, Default)]
struct Cands {
    items: [usize; Hits::MAX],
    len: usize,
}

impl Cands {
    /// One place.
    fn one(place: usize) -> Cands {
        let mut c = Cands::default();
        c.push(place);
        c
    }

    fn push(&mut self, place: usize) {
        if let Some(slot) = self.items.get_mut(self.len) {
            *slot = place;
            self.len += 1;
        }
    }
}

impl std::ops::Deref for Cands {
    type Target = [usize];

    fn deref(&self) -> &[usize] {
        &self.items[..self.len]
    }
}

/// For the country of a dateline "CITY (Country)" whose city is not in the
/// gazetteer (mention `m`, right after the city and its bracket): does the
/// city's last word come back, capitalised, after the dateline's sentence
/// ("Marrakech est devenu…")? Then the story is there, not at a bureau.
fn unknown_city_recurs(doc: &Doc, m: &Mention) -> bool {
    let city = m.first.checked_sub(2).and_then(|i| lower_word(doc, i));
    let Some(city) = city.filter(|w| w.len() >= 3) else {
        return false;
    };
    (doc.sentence_end_token(m.sentence)..doc.tokens.len())
        .any(|t| doc.tokens[t].cap && lower_word(doc, t) == Some(city))
}

/// Is word `i` (lower-cased `w`) "né", "née", "nés" or "nées" followed by a
/// locative preposition ("né à", "née en", "nés au", "né dans")? The
/// masculine singular folds to the negation "ne", so it is read in the
/// original text.
fn born_at(doc: &Doc, i: usize, w: &[u8]) -> bool {
    let participle = match w {
        b"nee" | b"nes" | b"nees" => true,
        b"ne" => matches!(doc.original(i, i + 1), "né" | "Né"),
        _ => false,
    };
    participle && matches!(doc.lower(i + 1), "a" | "en" | "au" | "aux" | "dans")
}

/// Is the place mention `m` part of a name defined by its acronym right
/// after it ("le groupe Métallurgie de Lorraine (MDL)", "le Parti
/// démocratique du Kurdistan (PDK)")? The acronym's letters are the
/// initials of the name's words, from a capitalised first word: every
/// capitalised word gives its initial, a lower-case word may give its own
/// or none. A place defined by its own acronym ("la République
/// démocratique du Congo (RDC)") is not one.
fn inside_defined_name(doc: &Doc, m: &Mention) -> bool {
    let s = m.sentence;
    let start = doc.sentence_start_token(s);
    let end = doc.sentence_end_token(s);
    let word = |i: usize| doc.tokens.get(i).is_some_and(|t| t.word);
    // The bracket, across at most five more words of the name.
    let mut p = m.last;
    while p < end && p - m.last < 5 && (word(p) || doc.tok(p) == "'") {
        p += 1;
    }
    if p + 2 >= end || doc.tok(p) != "(" || doc.tok(p + 2) != ")" || !word(p + 1) {
        return false;
    }
    let acronym: Vec<u8> = doc
        .tok(p + 1)
        .bytes()
        .map(|b| b.to_ascii_lowercase())
        .collect();
    if !doc.tokens[p + 1].cap || !(2..=8).contains(&acronym.len()) {
        return false;
    }
    let initials_match = |b: usize| {
        let mut k = 0;
        for i in b..p {
            let Some(t) = doc.tokens.get(i).filter(|t| t.word) else {
                continue;
            };
            let initial = doc.lower(i).as_bytes().first().copied();
            if k < acronym.len() && initial == Some(acronym[k]) {
                k += 1;
            } else if t.cap {
                return false;
            }
        }
        k == acronym.len()
    };
    (start..=m.first)
        .rev()
        .take(8)
        .take_while(|&b| word(b) || doc.tok(b) == "'")
        .filter(|&b| doc.tokens[b].cap && (b < m.first || p > m.last))
        .any(initials_match)
}

/// Does the text open on the dateline "NATIONS UNIES" (the UN
/// headquarters in New York)?
fn un_dateline(doc: &Doc) -> bool {
    let lead_paragraph = usize::from(doc.has_title);
    doc.sentence_paragraph
        .iter()
        .position(|&p| p == lead_paragraph)
        .map(|s| doc.sentence_start_token(s))
        .is_some_and(|t| {
            doc.tokens.get(t).is_some_and(|k| k.acronym)
                && doc.lower(t) == "nations"
                && doc.lower(t + 1) == "unies"
        })
}

/// The weight of a place mention from its frame, before the title and lead
/// factors; `None` when the mention is taken for part of a person's name.
/// `before` is `words_before(doc, m.first, 7)`.
fn frame_weight(
    doc: &Doc,
    x: &Extractor,
    m: &Mention,
    place: usize,
    at: &[u32],
    mentions: &[Mention],
    before: &Words<'_>,
) -> Option<f32> {
    let s = m.sentence;
    let end = doc.sentence_end_token(s);
    let first_of_sentence = doc.sentence_start_token(s);
    // A one-word name next to a capitalised word that is not a place: a
    // person's name ("Maurice Papon", "Israël Katz").
    if m.last - m.first == 1 {
        let next_is_name = m.last < end
            && doc.tokens[m.last].word
            && doc.tokens[m.last].cap
            && !doc.tokens[m.last].acronym
            && at.get(m.last).is_none_or(|&k| k == u32::MAX)
            && !NOT_NAMES.contains(&doc.lower(m.last));
        let prev_is_name = m.first > first_of_sentence + 1
            && doc.tokens[m.first - 1].word
            && doc.tokens[m.first - 1].cap
            && at.get(m.first - 1).is_none_or(|&k| k == u32::MAX)
            && !NOT_NAMES.contains(&doc.lower(m.first - 1));
        if next_is_name || prev_is_name {
            return None;
        }
    }
    // The topic of a title ("Nord: trente ans requis contre…") frames a
    // name that is also a common word, as a dateline does. (Other places
    // keep the weight of a title mention.)
    if x.places[place].strict
        && doc.has_title
        && doc.paragraph_of_sentence(s) == 0
        && s == 0
        && m.first == first_of_sentence
        && doc.tok(m.last) == ":"
    {
        return Some(STRONG);
    }
    // A province in the name of an organisation says whose it is, as a
    // demonym does, not where the story is ("le groupe Métallurgie de
    // Lorraine (MDL)" in a story at Le Creusot). (A country's national
    // organisations, "la Confédération générale des travailleurs du Liban
    // (CGTL)", keep their weight: their stories are in the country.)
    if x.places[place].kind != PlaceKind::Country && inside_defined_name(doc, m) {
        return Some(DEMONYM);
    }
    // Dateline: the first words of the first paragraph of text.
    let lead_paragraph = usize::from(doc.has_title);
    // "NATIONS UNIES (Etats-Unis), …": a story of the UN headquarters, whose
    // venue New York and the United States are, not its place.
    if x.place_paths[place]
        .first()
        .is_some_and(|c| c == "États-Unis")
        && un_dateline(doc)
    {
        return Some(0.0);
    }
    // Is the mention's sentence the first of the text, after any title?
    let opens_text = || {
        doc.paragraph_of_sentence(s) == lead_paragraph
            && s == doc
                .sentence_paragraph
                .iter()
                .position(|&p| p == lead_paragraph)
                .unwrap_or(usize::MAX)
    };
    if m.first == first_of_sentence && opens_text() {
        let next = doc.tok(m.last);
        let all_caps = doc.tokens[m.first..m.last]
            .iter()
            .filter(|t| t.word)
            .all(|t| t.acronym);
        if all_caps || next == "(" || next == "," {
            return Some(DATELINE_MARK);
        }
    }
    // "MARRAKECH (Maroc), …": the country of a dateline city the gazetteer
    // does not know stands for it (a dateline mark, resolved below).
    if m.first > first_of_sentence + 1
        && doc.tok(m.first - 1) == "("
        && doc.tok(m.last) == ")"
        && x.places[place].kind == PlaceKind::Country
        && at.get(first_of_sentence).is_none_or(|&k| k == u32::MAX)
        && doc.tokens[first_of_sentence..m.first - 1]
            .iter()
            .all(|t| t.word && t.acronym)
        && opens_text()
    {
        return Some(DATELINE_MARK);
    }
    let place_kind = x.places[place].kind;
    // A passing anchor earlier in the clause, even across commas
    // ("originaire de Saqqez, dans le Kurdistan iranien", "le ministère de la
    // Défense à Moscou").
    let mut i = m.first;
    let anchors = &*ANCHORS;
    while i > first_of_sentence && m.first - i < 14 {
        i -= 1;
        // A punctuation mark is never a passing anchor; a word is never one
        // of these marks.
        let Some(w) = lower_word(doc, i) else {
            if matches!(doc.tok(i), "\"" | ";" | ":" | "(" | ")") {
                break;
            }
            continue;
        };
        // "né à Annecy", "née en Syrie": a birthplace, right before the
        // place ("Né en 1960, il a dirigé l'armée à Deraa" says nothing of
        // Deraa's place in the story: the frame must follow "né").
        if m.first - i <= 6 && born_at(doc, i, w) {
            return Some(0.0);
        }
        // "originaire de X", "après avoir fui X": a person's origin.
        if anchors.contains_bytes(w) || w == b"fui" && i > 0 && doc.is(i - 1, "avoir") {
            let w = doc.lower(i);
            // An institution ("le consulat d'Iran à Bassora") is only a
            // passing anchor when nothing happens in the sentence.
            let institution = INSTITUTIONS.contains(&w);
            let events = &*EVENTS;
            let event = institution
                && (first_of_sentence..doc.sentence_end_token(s))
                    .any(|t| events.contains(doc.lower(t)) || doc.lower(t).starts_with("incendi"));
            if !event {
                return Some(0.0);
            }
        }
    }
    // The word before the mention (`p`, articles skipped), the one before
    // it (`q`), and the noun before "de" and its articles (`q_de`, at
    // `k2`: "la province de l'Equateur").
    let mut k = 0;
    while k < before.len() && ARTICLE_BYTES.contains(&before[k]) {
        k += 1;
    }
    let p: &[u8] = before.get(k).copied().unwrap_or(b"");
    let q: &[u8] = before.get(k + 1).copied().unwrap_or(b"");
    let mut k2 = k + 1;
    while k2 < before.len() && ARTICLE_BYTES.contains(&before[k2]) {
        k2 += 1;
    }
    let q_de: &[u8] = before.get(k2).copied().unwrap_or(b"");
    // A country is no division: "la province de l'Equateur" (in the RDC)
    // is a homonym, not the country. ("l'Etat d'Israël" and "l'Etat de
    // Palestine" are the countries.)
    if x.places[place].kind == PlaceKind::Country
        && matches!(p, b"de" | b"du" | b"d")
        && q_de != b"etat"
        && DIVISIONS.contains(&q_de)
    {
        return Some(0.0);
    }
    // "près de Saint-Omer (Pas-de-Calais)" in the lead: the division in
    // brackets locates a town the gazetteer does not know, where the
    // story is (AFP's way of placing a French town).
    if place_kind != PlaceKind::Country
        && m.first >= 2
        && doc.tok(m.first - 1) == "("
        && doc.tok(m.last) == ")"
        && doc.tokens[m.first - 2].word
        && doc.tokens[m.first - 2].cap
        && at.get(m.first - 2).is_none_or(|&k| k == u32::MAX)
        && doc.paragraph_of_sentence(s) == lead_paragraph
    {
        return Some(STRONG);
    }
    // Followed by "(Syrie)" or ", dans le nord de …": a located place.
    let next = doc.lower(m.last);
    if m.last < end
        && (next == "("
            || (next == "," && {
                let n2 = doc.lower(m.last + 1);
                n2 == "dans" || n2 == "pres" || n2 == "au"
            }))
    {
        return Some(STRONG);
    }
    // "en Syrie voisine": the neighbour of the story's place.
    if matches!(next, "voisine" | "voisin" | "voisins" | "voisines") {
        return Some(0.0);
    }
    // A distance ("à 50 km à l'ouest de Bagdad") only locates something else.
    if before.iter().any(|w| {
        // (First letters tested first: most words have neither.)
        matches!(w.first(), Some(b'k' | b'm'))
            && matches!(
                *w,
                b"km" | b"kilometres" | b"kilometre" | b"metres" | b"miles"
            )
    }) {
        return Some(0.0);
    }
    // Where a statement is made ("a salué à Pékin", "a déclaré à Moscou"):
    // the speaker's place, not the story's.
    if p == b"a" {
        let mut v = m.first;
        while v > first_of_sentence {
            v -= 1;
            if doc.is(v, "a") || doc.tok(v) == "'" || ARTICLES.contains(&doc.lower(v)) {
                continue;
            }
            break;
        }
        let statement = at.get(v).is_some_and(|&k| {
            k != u32::MAX
                && mentions
                    .get(k as usize)
                    .is_some_and(|c| c.hits.iter().any(|h| matches!(h, Hit::Verb)))
        });
        if statement && v + 3 >= m.first {
            return Some(0.0);
        }
    }
    // Where an unnamed source speaks from ("selon une source
    // diplomatique à Nairobi", "un diplomate en poste à Bamako").
    if p == b"a"
        && before.iter().skip(k + 1).take(3).any(|w| {
            matches!(
                *w,
                b"source"
                    | b"sources"
                    | b"diplomatique"
                    | b"diplomatiques"
                    | b"diplomate"
                    | b"diplomates"
                    | b"poste"
            )
        })
    {
        return Some(0.0);
    }
    // Where a meeting or a press conference is held ("lors d'une
    // conférence de presse à Bagdad", "une réunion d'urgence à New York"):
    // a venue, not the story's place; also "des négociations en Suisse".
    // (Or named right after the place: "ont repris à Mascate leurs
    // discussions".)
    let meeting_after = || {
        (m.last..end.min(m.last + 3))
            .map_while(|i| lower_word(doc, i))
            .any(|w| MEETINGS.contains(&w))
    };
    if matches!(p, b"a" | b"au" | b"aux" | b"en")
        && (before
            .iter()
            .skip(k + 1)
            .take(3)
            .any(|w| MEETINGS.contains(w))
            || meeting_after())
    {
        return Some(0.0);
    }
    let (passing, locative) = (&*PASSING, &*LOCATIVE);
    let weight = match p {
        b"a" | b"au" | b"aux" | b"en" | b"dans" | b"sur" | b"pres" => {
            if passing.contains_bytes(q) {
                0.0
            } else {
                STRONG
            }
        }
        b"de" | b"du" | b"d" | b"des" => {
            let q = q_de;
            // A place named by a bearing ("Nord", "Centre") is one after a
            // division ("le département du Nord"); "la grande ville du Nord"
            // is a bearing.
            let bearing_name =
                m.last - m.first == 1 && lower_word(doc, m.first).is_some_and(compass);
            // "la province voisine d'Alep": the neighbouring province is
            // named, but often only as the story's surroundings ("dans la
            // région voisine de Donetsk, la situation était calme"): a plain
            // mention, not a passing one.
            let neighbour_division = matches!(q, b"voisine" | b"voisin" | b"voisines" | b"voisins")
                && before
                    .get(k2 + 1)
                    .is_some_and(|n| locative.contains_bytes(n));
            // ... unless an event happens there in the same sentence
            // ("Dans la région voisine de Koursk, une femme a été tuée").
            let neighbour_event = neighbour_division && sentence_has(doc, s, &EVENTS);
            if neighbour_event {
                STRONG
            } else if q == b"pres" && place_kind == PlaceKind::Country {
                // "près du Venezuela": next to the country, not in it.
                0.0
            } else if bearing_name && !DIVISIONS.contains(&q) || neighbour_division {
                PLAIN
            } else if locative.contains_bytes(q) {
                STRONG
            } else if passing.contains_bytes(q) {
                0.0
            } else {
                PLAIN
            }
        }
        _ if passing.contains_bytes(p) => 0.0,
        _ => PLAIN,
    };
    // A capital or province as the subject of a statement: its government.
    if weight == PLAIN && place_kind != PlaceKind::Country && AUX_AFTER.contains(&next) {
        return Some(METONYMY);
    }
    // A country as the subject of an attack ("la Russie a lancé six
    // missiles", "a frappé", "a bombardé"): its forces acting elsewhere.
    // (Other acts are often the story's own: "le Guyana a saisi la CIJ".)
    if weight == PLAIN
        && place_kind == PlaceKind::Country
        && m.first
            == first_of_sentence
                + usize::from(before.first().is_some_and(|w| ARTICLE_BYTES.contains(w)))
        && matches!(next, "a" | "ont" | "avait")
        && matches!(
            doc.lower(m.last + 1),
            "lance" | "tire" | "frappe" | "bombarde" | "attaque" | "vise" | "mene" | "envoye"
        )
    {
        return Some(METONYMY);
    }
    Some(weight)
}

/// Per-country support of the dispatch, used by the source extraction to
/// name an army or ministry given without its country.
pub type CountrySupport = Vec<(usize, f32)>;

#[derive(Debug, Clone, Copy)]
struct Scored {
    score: f32,
    /// Mentions weighing at least a plain mention (title ones twice).
    count: usize,
    best: f32,
    sentence: usize,
}

/// A map with few keys (those of one dispatch), as a vector of pairs in
/// the order the keys were first met; a key is found by comparing.
#[derive(Debug)]
struct SmallMap<K, V>(Vec<(K, V)>);

impl<K, V> Default for SmallMap<K, V> {
    fn default() -> Self {
        SmallMap(Vec::new())
    }
}

impl<K: PartialEq, V> SmallMap<K, V> {
    /// The value of `key`, inserted as `default` when absent.
    fn entry(&mut self, key: K, default: V) -> &mut V {
        let i = match self.0.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                self.0.push((key, default));
                self.0.len() - 1
            }
        };
        &mut self.0[i].1
    }

    /// The value of `key`.
    fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: std::borrow::Borrow<Q>,
        Q: PartialEq + ?Sized,
    {
        self.0
            .iter()
            .find(|(k, _)| k.borrow() == key)
            .map(|(_, v)| v)
    }

    fn values(&self) -> impl Iterator<Item = &V> {
        self.0.iter().map(|(_, v)| v)
    }

    fn iter(&self) -> std::slice::Iter<'_, (K, V)> {
        self.0.iter()
    }
}

impl<'a, K, V> IntoIterator for &'a SmallMap<K, V> {
    type Item = &'a (K, V);
    type IntoIter = std::slice::Iter<'a, (K, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<K, V> IntoIterator for SmallMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// Per country (first element of the paths): the sum of the scores of
/// its paths, the best weight of one of its mentions, and the sentence of
/// that mention. When mentions in different sentences share the best
/// weight, the sentence is the one of the first such path in the
/// iteration order of a hash map of the paths (filled in the order of
/// `scores`), as the scores were once kept: the evidence of a tie stays
/// what it was.
fn country_totals<'a>(
    scores: &[(&'a Vec<String>, Scored)],
) -> SmallMap<&'a str, (f32, f32, usize)> {
    let totals_in = |order: &mut dyn Iterator<Item = (&'a Vec<String>, Scored)>| {
        let mut totals: SmallMap<&'a str, (f32, f32, usize)> = SmallMap::default();
        for (path, sc) in order {
            let e = totals.entry(path[0].as_str(), (0.0, -1.0, sc.sentence));
            e.0 += sc.score;
            if sc.best > e.1 {
                e.1 = sc.best;
                e.2 = sc.sentence;
            }
        }
        totals
    };
    let totals = totals_in(&mut scores.iter().copied());
    let tie = scores.iter().any(|(path, sc)| {
        totals
            .get(path[0].as_str())
            .is_some_and(|t| sc.best == t.1 && sc.sentence != t.2)
    });
    if !tie {
        // The sums are exact (weights are multiples of 1/8), so their
        // order does not matter either.
        return totals;
    }
    let mut map: FastMap<&'a Vec<String>, Scored> = FastMap::default();
    for &(path, sc) in scores {
        map.entry(path).or_insert(sc);
    }
    totals_in(&mut map.into_iter())
}

/// Buffers of [`regions`] that borrow nothing from a dispatch, kept from
/// one dispatch to the next on each thread (cleared before use).
#[derive(Default)]
struct Scratch {
    enumerated: Vec<bool>,
    directional: Vec<bool>,
    group: Vec<usize>,
    weighted: Vec<(Cands, f32, usize, usize)>,
    demonym_count: SmallMap<usize, f32>,
    score_ids: Vec<u32>,
}

thread_local! {
    static SCRATCH: Cell<Option<Scratch>> = const { Cell::new(None) };
}

/// The regions of a dispatch, best first, the support of each country, and
/// the score of every candidate path (for diagnostics).
pub fn regions(
    x: &Extractor,
    doc: &Doc,
    mentions: &[Mention],
    diagnostics: bool,
) -> (Vec<RegionFacet>, CountrySupport, Vec<(String, f32)>) {
    let at = doc.at.as_slice();
    let lead_paragraph = usize::from(doc.has_title);
    let factor = |s: usize| {
        let p = doc.paragraph_of_sentence(s);
        if doc.has_title && p == 0 {
            2.0
        } else if p == lead_paragraph {
            1.5
        } else {
            1.0
        }
    };

    // Enumerations: three or more places separated only by commas, "et",
    // "ou" ("les régions de Sanaa, Hodeida, Hajja et Amran").
    let is_place = |m: &Mention| m.hits.iter().any(|h| matches!(h, Hit::Place(_)));
    let mut scratch = SCRATCH.with(Cell::take).unwrap_or_default();
    let mut enumerated = std::mem::take(&mut scratch.enumerated);
    enumerated.clear();
    enumerated.resize(mentions.len(), false);
    let mut group = std::mem::take(&mut scratch.group);
    group.clear();
    let flush = |group: &mut Vec<usize>, enumerated: &mut Vec<bool>| {
        if group.len() >= 3 {
            for &g in group.iter() {
                enumerated[g] = true;
            }
        }
        group.clear();
    };
    for (k, m) in mentions.iter().enumerate() {
        if !is_place(m) {
            continue;
        }
        let joined = group.last().is_some_and(|&j| {
            let p = &mentions[j];
            p.sentence == m.sentence
                && (p.last..m.first).all(|i| {
                    matches!(
                        doc.lower(i),
                        "," | "et"
                            | "ou"
                            | "a"
                            | "ainsi"
                            | "qu"
                            | "'"
                            | "dont"
                            | "comme"
                            | "le"
                            | "la"
                            | "les"
                            | "l"
                    )
                })
        });
        if !joined {
            flush(&mut group, &mut enumerated);
        }
        group.push(k);
    }
    flush(&mut group, &mut enumerated);

    // Per sentence: (mentions government, mentions an event), and whether
    // it says nobody was hurt. (Filled on first use: most dispatches
    // never ask.)
    let mut kinds = PerSentence::default();
    let mut kind_of = |s: usize| {
        kinds.get(doc, s, |s| {
            (
                sentence_has(doc, s, &GOVERNMENT),
                sentence_has(doc, s, &EVENTS),
            )
        })
    };
    let mut no_victims = PerSentence::default();
    let mut no_victim_in = |s: usize| no_victims.get(doc, s, |s| no_victim(doc, s));
    let mut past_years = PerSentence::default();
    let mut past_year_in = |s: usize| past_years.get(doc, s, |s| dates_a_past_year(doc, s));
    // The previous place mention: (last token, raw weight, sentence).
    let mut previous: Option<(usize, f32, usize)> = None;
    // Weighted mentions: (candidate places, weight, sentence, mention index).
    let mut weighted = std::mem::take(&mut scratch.weighted);
    weighted.clear();
    // Country mentions that only orient ("dans le nord de la Syrie").
    let mut directional = std::mem::take(&mut scratch.directional);
    directional.clear();
    directional.resize(mentions.len(), false);
    // Support of each country: from its demonyms first, then (below) from
    // the unambiguous mentions.
    let mut support: SmallMap<usize, f32> = SmallMap::default();
    let mut demonym_count = std::mem::take(&mut scratch.demonym_count);
    demonym_count.0.clear();
    for (k, m) in mentions.iter().enumerate() {
        let mut cands = Cands::default();
        for h in &m.hits {
            match *h {
                Hit::Place(p) => cands.push(p as usize),
                Hit::Demonym(c) => {
                    let e = support.entry(c as usize, 0.0);
                    *e = (*e + DEMONYM).min(DEMONYM_CAP);
                    *demonym_count.entry(c as usize, 0.0) += factor(m.sentence);
                }
                _ => {}
            }
        }
        if cands.is_empty() {
            continue;
        }
        // "la Guyane britannique", "le Kurdistan irakien": a place
        // qualified by another country's demonym is another place.
        let qualified_by = at
            .get(m.last)
            .and_then(|&k| mentions.get(k as usize))
            .filter(|n| n.first == m.last && n.sentence == m.sentence)
            .and_then(|n| {
                n.hits.iter().find_map(|h| match *h {
                    Hit::Demonym(c) => Some(c as usize),
                    _ => None,
                })
            });
        if qualified_by.is_some_and(|c| cands.iter().all(|&p| x.place_country[p] != c)) {
            continue;
        }
        // The words before the mention, read once for both uses below.
        let before = words_before(doc, m.first, 7);
        let Some(mut w) = frame_weight(doc, x, m, cands[0], at, mentions, &before) else {
            continue;
        };
        let strict = cands.iter().all(|&c| x.places[c].strict);
        if strict && w < STRONG && w != DATELINE_MARK {
            continue;
        }
        if enumerated[k] && w > ENUMERATION {
            w = ENUMERATION;
        }
        // "dans X et Y", "à X et à Y": Y shares X's frame.
        if let Some((last, pw, ps)) = previous {
            let joined = ps == m.sentence
                && m.first >= last
                && m.first - last <= 3
                && (last..m.first).all(|i| {
                    matches!(
                        doc.lower(i),
                        "et" | "ou"
                            | ","
                            | "la"
                            | "le"
                            | "les"
                            | "l"
                            | "'"
                            | "a"
                            | "au"
                            | "aux"
                            | "en"
                            | "dans"
                    )
                });
            if joined && !enumerated[k] && pw > w && w >= 0.0 {
                w = pw;
            }
        }
        // Inside quoted speech a place is often hypothetical: half weight.
        let (first, end) = doc.paragraph_tokens(m.first);
        let quotes_before = doc.quotes(first, m.first);
        let quotes_after = doc.quotes(m.last, end);
        if quotes_before % 2 == 1 && quotes_after % 2 == 1 && w > 0.0 {
            w *= 0.5;
        }
        // After "intervient / survient" ("Cette attaque survient au
        // lendemain d'une opération à Jénine") a sentence tells the
        // background of the story: its places weigh as much as an
        // enumerated one, less than a plain mention.
        // So do the places of a sentence past the lead where nobody was
        // hurt ("Dans la région de Lviv, des explosions ont été entendues,
        // sans victime"): also hit, in passing.
        if w > ENUMERATION
            && (background_before(doc, m.first)
                || past_background(doc, m.sentence)
                || doc.paragraph_of_sentence(m.sentence) > lead_paragraph
                    && past_year_in(m.sentence)
                || doc.paragraph_of_sentence(m.sentence) > lead_paragraph
                    && no_victim_in(m.sentence))
        {
            w = ENUMERATION;
        }
        previous = Some((m.last, w, m.sentence));
        let (p0, p1) = {
            // The first four words before (as `words_before(.., 4)`).
            let mut it = before
                .iter()
                .take(4)
                .filter(|w| !matches!(**w, b"la" | b"le" | b"les" | b"l"));
            (
                it.next().copied().unwrap_or_default(),
                it.next().copied().unwrap_or_default(),
            )
        };
        directional[k] = matches!(p0, b"de" | b"du" | b"d" | b"des") && compass(p1);
        // A capital in a sentence about its government, with no event
        // there, stands for the country.
        let mut metonym = false;
        if cands.iter().all(|&c| x.places[c].capital) {
            let (government, event) = kind_of(m.sentence);
            if government && !event {
                cands = Cands::one(x.place_country[cands[0]]);
                // Support for the country, not evidence of a national story,
                // nor a locative frame ("reproche à Abuja" names the
                // government it addresses).
                directional[k] = true;
                metonym = w != DATELINE_MARK;
            }
        }
        let w = if metonym { w.min(PLAIN) } else { w };
        let w = if w == DATELINE_MARK {
            w
        } else {
            w * factor(m.sentence)
        };
        weighted.push((cands, w, m.sentence, k));
    }
    // Datelines: a bureau dateline unless the place comes back in the text,
    // and unless the sentence of the dateline locates the story elsewhere
    // ("NAIROBI - … près de Baidoa, dans le sud-ouest de la Somalie",
    // "PORT-SOUDAN - … sur El-Facher"): in a locative frame, a place that
    // neither is the dateline's place nor contains it.
    for i in 0..weighted.len() {
        if weighted[i].1 == DATELINE_MARK {
            let dateline = weighted[i].0[0];
            let (path, dateline_path) = (x.place_path_id[dateline], &x.place_paths[dateline]);
            let m = &mentions[weighted[i].3];
            // The country in brackets after a city the gazetteer does not
            // know ("MARRAKECH (Maroc)"), rather than the dateline's place.
            let city_country = m.first > doc.sentence_start_token(m.sentence);
            let again = weighted.iter().enumerate().any(|(j, w)| {
                j != i && w.1 > 0.0 && w.0.iter().any(|&p| x.place_path_id[p] == path)
            }) || city_country && unknown_city_recurs(doc, m);
            let elsewhere = weighted.iter().enumerate().any(|(j, w)| {
                j != i
                    && w.2 == weighted[i].2
                    && w.1 >= STRONG
                    && w.0
                        .iter()
                        .all(|&p| !dateline_path.starts_with(&x.place_paths[p]))
            });
            weighted[i].1 = if again && !elsewhere {
                DATELINE
            } else if city_country {
                // Else it counts as any other mention in brackets.
                PLAIN * factor(weighted[i].2)
            } else {
                BUREAU_DATELINE
            };
        }
    }

    // Support of each country from the unambiguous mentions.
    let same_path = |c: &[usize]| {
        c.iter()
            .all(|&p| x.place_path_id[p] == x.place_path_id[c[0]])
    };
    for (cands, w, _, _) in &weighted {
        if same_path(cands) {
            *support.entry(x.place_country[cands[0]], 0.0) += w.max(0.1);
        }
    }

    // The scores by path, in the order the paths are first met (each with
    // the reference first met), and the path number of each (a city and
    // its province share a path, hence a number).
    let mut scores: Vec<(&Vec<String>, Scored)> = Vec::with_capacity(8);
    let mut score_ids = std::mem::take(&mut scratch.score_ids);
    score_ids.clear();
    let mut own_national: SmallMap<&str, f32> = SmallMap::default();
    // The last place seen: (path, path number, sentence, last token).
    let mut last_place: Option<(&Vec<String>, u32, usize, usize)> = None;
    for (cands, w, s, k) in &weighted {
        let chosen = if same_path(cands) {
            Some(cands[0])
        } else {
            resolve_ambiguous(x, mentions, *k, cands, &support)
        };
        let Some(p) = chosen else { continue };
        let mut path: &Vec<String> = &x.place_paths[p];
        let mut path_id = x.place_path_id[p];
        let m = &mentions[*k];
        // "X, dans le nord de la Syrie", "X (Syrie)", "Douma, près de Damas":
        // the second place only locates the first, which takes its weight.
        if let Some((prev, prev_id, ps, pl)) = last_place {
            let gap = m.first.saturating_sub(pl);
            let near = gap <= 4 && (pl..m.first).any(|i| doc.is(i, "pres") || doc.is(i, "proche"));
            let locator = ps == *s
                && m.first >= pl
                && gap <= 8
                && (matches!(doc.tok(pl), "," | "(") || near)
                && (pl..m.first).any(|i| {
                    let w = doc.lower(i);
                    matches!(w, "(" | "dans" | "pres" | "a" | "au" | "en") || LOCATIVE.contains(w)
                })
                && !enumerated[*k];
            // A country locates a place of its own; a province other than
            // the place before only as a bearing ("Samarra, au nord de
            // Bagdad"): "Belgorod, un drone touche la région de Koursk" or
            // "au Mali, dans la région de Gao" name a second place.
            // (Read only for a locator: the words since the last place may
            // be the whole text.)
            let locates = || {
                if path.len() == 1 {
                    prev[0] == path[0]
                } else {
                    path_id == prev_id || (pl..m.first).any(|i| BEARINGS.contains(&doc.lower(i)))
                }
            };
            if locator && locates() {
                path = prev;
                path_id = prev_id;
            }
        }
        last_place = Some((path, path_id, *s, m.last));
        if path.len() == 1 && !directional[*k] {
            *own_national.entry(path[0].as_str(), 0.0) += w;
        }
        let slot = match score_ids.iter().position(|&q| q == path_id) {
            Some(slot) => slot,
            None => {
                score_ids.push(path_id);
                scores.push((
                    path,
                    Scored {
                        score: 0.0,
                        count: 0,
                        best: -1.0,
                        sentence: *s,
                    },
                ));
                scores.len() - 1
            }
        };
        let e = &mut scores[slot].1;
        e.score += w;
        if *w >= PLAIN {
            let title = doc.has_title && doc.paragraph_of_sentence(*s) == 0;
            e.count += if title { 2 } else { 1 };
        }
        if *w > e.best {
            e.best = *w;
            e.sentence = *s;
        }
    }
    // Country totals: own mentions plus provinces', and the sentence of
    // the best mention.
    let totals = country_totals(&scores);

    let own = |c: &str| own_national.get(c).copied().unwrap_or(0.0);
    let top_province = scores
        .iter()
        .filter(|(p, _)| p.len() > 1)
        .map(|(_, sc)| sc.score)
        .fold(0.0f32, f32::max);
    // The best evidence of the dispatch: its best province, or the best
    // country total when no province comes close.
    let top_country = totals.values().map(|t| t.0).fold(0.0f32, f32::max);
    let top_national = own_national.values().copied().fold(0.0f32, f32::max);
    let top = if top_province >= THRESHOLD {
        top_province.max(top_national)
    } else {
        top_country
    };
    let floor = THRESHOLD.max(RELATIVE * top);
    // A region other than the best needs a second mention.
    let secondary = |score: f32, count: usize, best: f32| score < best && count < 2;
    // A province must weigh at least as much as its country's own
    // mentions, else the story is national.
    let local = |path: &[String], score: f32| {
        path.len() > 1 && score >= floor && score >= NATIONAL * own(&path[0])
    };
    // The best of those: a province outweighed by its country's national
    // story ("l'est du Burkina" in a story about the whole country) makes
    // no other province secondary.
    let top_local = scores
        .iter()
        .filter(|(path, sc)| local(path, sc.score))
        .map(|(_, sc)| sc.score)
        .fold(0.0f32, f32::max);
    let mut out: Vec<(f32, RegionFacet)> = Vec::new();
    for (path, sc) in &scores {
        if local(path, sc.score) && !secondary(sc.score, sc.count, top_local) {
            out.push((
                sc.score,
                RegionFacet {
                    path: path.to_vec(),
                    evidence: doc.sentence_text(sc.sentence),
                },
            ));
        }
    }
    for (country, (total, _, sentence)) in &totals {
        let has_province = out.iter().any(|(_, r)| r.path[0] == *country);
        let count: usize = scores
            .iter()
            .filter(|(p, _)| p[0] == *country)
            .map(|(_, sc)| sc.count)
            .sum();
        // A country well behind the best needs a mention in a locative
        // frame: "la Russie a lancé 143 drones" in a Ukrainian story names
        // the attacker, not a place the story is about (a country about
        // level with the best is a party: "le Guyana et le Venezuela").
        let framed = scores
            .iter()
            .filter(|(p, _)| p[0] == *country)
            .any(|(_, sc)| sc.best >= STRONG);
        if !has_province
            && *total >= floor
            && !secondary(*total, count, top)
            && (framed || *total >= PARTY * top)
        {
            out.push((
                *total,
                RegionFacet {
                    path: vec![country.to_string()],
                    evidence: doc.sentence_text(*sentence),
                },
            ));
        }
    }
    // A country reported alone whose evidence is mostly one province: that
    // province ("Pas-de-Calais" in a story that names France once).
    for (_, r) in out.iter_mut() {
        if r.path.len() != 1 {
            continue;
        }
        let country = r.path[0].clone();
        let total = totals.get(country.as_str()).map_or(0.0, |t| t.0);
        let best = scores
            .iter()
            .filter(|(p, _)| p.len() > 1 && p[0] == country)
            .max_by(|a, b| a.1.score.total_cmp(&b.1.score).then_with(|| b.0.cmp(a.0)));
        if let Some((path, sc)) = best {
            if sc.score >= 2.0 && sc.score >= own(&country) && sc.score >= 0.5 * total {
                r.path = path.to_vec();
                r.evidence = doc.sentence_text(sc.sentence);
            }
        }
    }
    // No place qualifies: the clearly best place if it has some evidence
    // (a story in Strasbourg told with "le marché de Noël de Strasbourg").
    if out.is_empty() {
        let mut ranked: Vec<(&Vec<String>, f32, usize)> = scores
            .iter()
            .map(|(p, sc)| (*p, sc.score, sc.sentence))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        if let Some(&(path, score, sentence)) = ranked.first() {
            let country_total = totals.get(path[0].as_str()).map_or(0.0, |t| t.0);
            let rival = totals
                .iter()
                .filter(|(c, _)| **c != path[0])
                .map(|(_, t)| t.0)
                .fold(0.0f32, f32::max);
            if score >= WEAK && country_total >= 2.0 * rival && score >= 0.5 * country_total {
                out.push((
                    score,
                    RegionFacet {
                        path: path.to_vec(),
                        evidence: doc.sentence_text(sentence),
                    },
                ));
            }
        }
    }
    // Still nothing: a national story told with adjectives ("le Parlement
    // ukrainien", "la livre libanaise").
    if out.is_empty() {
        let mut ranked: Vec<(f32, usize)> = demonym_count
            .iter()
            .map(|&(c, n)| {
                let name = &x.places[c].name;
                (
                    n * DEMONYM_FALLBACK + totals.get(name.as_str()).map_or(0.0, |t| t.0),
                    c,
                )
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        if let Some(&(best, c)) = ranked.first() {
            let second = ranked.get(1).map_or(0.0, |r| r.0);
            if best >= 2.0 && best >= 1.5 * second {
                let name = x.places[c].name.clone();
                // Its best province when one is named at all.
                let province = scores
                    .iter()
                    .filter(|(p, sc)| p.len() > 1 && p[0] == name && sc.score >= 1.0)
                    .max_by(|a, b| a.1.score.total_cmp(&b.1.score).then_with(|| b.0.cmp(a.0)))
                    .map(|(p, sc)| (p.to_vec(), sc.sentence));
                let (path, sentence) = province.unwrap_or_else(|| {
                    (
                        vec![name.clone()],
                        totals.get(name.as_str()).map_or(0, |t| t.2),
                    )
                });
                out.push((
                    best,
                    RegionFacet {
                        path,
                        evidence: doc.sentence_text(sentence),
                    },
                ));
            }
        }
    }
    SCRATCH.with(|s| {
        s.set(Some(Scratch {
            enumerated,
            directional,
            group,
            weighted,
            demonym_count,
            score_ids,
        }))
    });
    out.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.path.cmp(&b.1.path)));
    let mut support: CountrySupport = support.into_iter().collect();
    support.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    if !diagnostics {
        return (
            out.into_iter().map(|(_, r)| r).collect(),
            support,
            Vec::new(),
        );
    }
    let mut all: Vec<(String, f32)> = scores
        .iter()
        .map(|(p, sc)| (p.join("/"), sc.score))
        .chain(totals.iter().map(|(c, t)| (format!("{c} (total)"), t.0)))
        .collect();
    all.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    (out.into_iter().map(|(_, r)| r).collect(), support, all)
}

/// Chooses among the candidate places of an ambiguous mention: the country
/// named next to it in its sentence, else the clearly best-supported
/// country; `None` when undecided.
fn resolve_ambiguous(
    x: &Extractor,
    mentions: &[Mention],
    k: usize,
    cands: &[usize],
    support: &SmallMap<usize, f32>,
) -> Option<usize> {
    let m = &mentions[k];
    let near = mentions
        .iter()
        .enumerate()
        .filter(|(j, n)| {
            *j != k
                && n.sentence == m.sentence
                && (n.first >= m.last && n.first - m.last <= 8
                    || n.last <= m.first && m.first - n.last <= 6)
        })
        .flat_map(|(_, n)| n.hits.iter());
    for h in near {
        let c = match *h {
            Hit::Place(p) => x.place_country[p as usize],
            Hit::Demonym(c) => c as usize,
            _ => continue,
        };
        if let Some(&p) = cands.iter().find(|&&p| x.place_country[p] == c) {
            return Some(p);
        }
    }
    let mut ranked: Vec<(f32, usize)> = cands
        .iter()
        .map(|&p| (support.get(&x.place_country[p]).copied().unwrap_or(0.0), p))
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    match ranked.as_slice() {
        [(best, p), rest @ ..] if *best > 0.0 => {
            let second = rest
                .iter()
                .filter(|(_, q)| x.place_country[*q] != x.place_country[*p])
                .map(|r| r.0)
                .fold(0.0f32, f32::max);
            (*best >= 2.0 * second).then_some(*p)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn filtered_lists_answer_as_their_sets() {
        for (filtered, set) in [
            (&*ANCHORS, &*PASSING_ANCHORS),
            (&*GOVERNMENT, &*GOVERNMENT_WORDS),
            (&*EVENTS, &*EVENT_WORDS),
            (&*PASSING, &*PASSING_WORDS),
            (&*LOCATIVE, &*LOCATIVE_NOUNS),
        ] {
            for w in set.iter() {
                assert!(filtered.contains(w), "{w}");
            }
            for w in [
                "",
                "a",
                "de",
                "la",
                "syrie",
                "originaire",
                "x",
                "\"",
                ",",
                "é",
            ] {
                assert_eq!(filtered.contains(w), set.contains(w), "{w}");
            }
        }
    }

    /// The totals as once computed: always in the order of a hash map.
    fn totals_by_map<'a>(
        scores: &[(&'a Vec<String>, Scored)],
    ) -> Vec<(&'a str, (f32, f32, usize))> {
        let mut map: FastMap<&'a Vec<String>, Scored> = FastMap::default();
        for &(path, sc) in scores {
            map.entry(path).or_insert(sc);
        }
        let mut totals: FastMap<&str, (f32, f32, usize)> = FastMap::default();
        for (path, sc) in &map {
            let e = totals
                .entry(path[0].as_str())
                .or_insert((0.0, -1.0, sc.sentence));
            e.0 += sc.score;
            if sc.best > e.1 {
                e.1 = sc.best;
                e.2 = sc.sentence;
            }
        }
        let mut v: Vec<_> = totals.into_iter().collect();
        v.sort_by(|a, b| a.0.cmp(b.0));
        v
    }

    proptest! {
        #[test]
        fn country_totals_agree_with_the_hash_map_order(
            entries in proptest::collection::vec((0usize..3, 0usize..4, 0u8..4, 0u8..24, 0usize..3), 0..12)
        ) {
            // Paths: a country, or a country and a province.
            let paths: Vec<Vec<String>> = (0..3)
                .flat_map(|c| (0..4).map(move |p| (c, p)))
                .map(|(c, p)| {
                    let mut v = vec![format!("C{c}")];
                    if p > 0 {
                        v.push(format!("P{p}"));
                    }
                    v
                })
                .collect();
            let mut scores: Vec<(&Vec<String>, Scored)> = Vec::with_capacity(8);
            for (c, p, best, score, sentence) in entries {
                let path = &paths[c * 4 + p];
                if scores.iter().any(|(q, _)| *q == path) {
                    continue;
                }
                scores.push((
                    path,
                    Scored {
                        score: f32::from(score) / 8.0,
                        count: 1,
                        best: f32::from(best) / 2.0,
                        sentence,
                    },
                ));
            }
            let mut got: Vec<_> = country_totals(&scores).into_iter().collect();
            got.sort_by(|a, b| a.0.cmp(b.0));
            prop_assert_eq!(got, totals_by_map(&scores));
        }
    }
}
