//! Sources cited: who a dispatch attributes information to.
//!
//! Cues are the reporting verbs in any tense and person (with their
//! auxiliaries, adverbs and inversions `a-t-il ajouté`), the attribution
//! prepositions (`selon`, `d'après`, `de source`, `à en croire`, `cité par`,
//! `repris par`, `transmis à`, `appris auprès de`) and the contacts (`joint par`, `interrogé
//! par`). For each cue outside a quotation:
//! - after a preposition, the noun phrase that follows is the source (and a
//!   second one after `et`: "selon des témoins et l'ONU");
//! - after a verb that follows a quotation, a colon or nothing (inverted:
//!   `", a indiqué l'OSDH"`), the noun phrase after the verb (past time
//!   words, `sur Twitter`, `dans un communiqué`, `par téléphone`) is the
//!   source (a circumstance with its complements is skipped: `lors d'une
//!   conférence de presse`, `à la sortie de l'audience`, but not `dans un
//!   communiqué de l'armée`); after a plain comma the subject that opens the sentence is
//!   tried first when only an incise without a verb separates it from the
//!   verb ("Le préfet de région, Philippe Gustin, a appelé les habitants");
//! - otherwise the subject before the verb is (`Human Rights Watch a
//!   appelé`, also right after a dateline, `EPINAL (AFP) -` or `RENNES, 7
//!   oct 2025 -`), through an incise (", qui n'a pas communiqué de bilan,"), a
//!   relative (`Yoav Gallant, qui avait appelé`) or a coordination (`a
//!   annulé un déplacement et accusé`);
//! - an inverted singular pronoun (`a-t-il déclaré`, `déplore-t-elle`)
//!   credits the last person named before; other pronouns credit no one;
//! - `à X` / `auprès de X` / `via X` after the verb credits X when X is an
//!   organisation, agency or person (`a déclaré à l'AFP Samer Homsi` → AFP
//!   and Samer Homsi); `par X` after a participle credits X (`cité par
//!   l'agence Sana`); a person after the channel keeps the organisation of
//!   the role in apposition (`à l'AFP X, responsable de la CGT`); present
//!   participles (`affirmant`) credit no speaker, only the medium they
//!   speak to or on (`affirmant à l'AFP`, `assurant sur France Inter`).
//!
//! A noun phrase credits: a known source (or the acronym it defines, `Nom
//! complet (SIGLE)`, linked for the whole dispatch), with an apposition `,
//! Person`; a role (`le directeur de l'OSDH, Rami Abdel Rahmane`, `la
//! porte-parole du CICR, Ingy Sedky`) credits the organisation after `de`
//! and the person named (`déléguée CFDT`: an acronym right after the role
//! is the organisation; `le groupe papetier finlandais Nordvik`: a name
//! after an organisation head is the organisation), and `de l'agence` / `de l'ONG` the organisation
//! named last; journalists of an agency are the agency; a ministry, army,
//! police, prefecture … is normalised to its short French form with its
//! adjective (`ministère ukrainien de la Défense`, `armée malienne`, `le
//! ministère de la Défense à Moscou` → `ministère russe de la Défense`): a
//! bare `l'armée` takes the army named earlier in the dispatch, else the
//! adjective of the country the dispatch is about (none for France:
//! `ministère de l'Intérieur`, `préfecture de la Gironde`; none either
//! for a bare `les autorités`, which may be local or national); a medium
//! (`la télévision d'Etat syrienne`, `la chaîne Al-Masirah`); an acronym;
//! two or more capitalised words a person (a later surname alone is the
//! person as first written; a lone first name followed by `, un/une …` is a
//! person too); an anonymous head (`source`, `responsable`, `témoins`,
//! `habitants` …) the phrase as written without its article and without a
//! prepositional complement (`sources diplomatiques`, `source militaire
//! syrienne`, `responsable` of "un responsable de l'ONU", with the ONU),
//! but with a bare noun (`père de famille`); "cette source" credits
//! nothing new. A bare head (`la préfecture`) is dropped when the same
//! head is credited with a complement (`la préfecture du Var`). A
//! one-word verb form after an article is a noun, not a cue
//! (`l'accusé`, `un communiqué`); a passive (`a été confiée à X`)
//! credits only its agent (`par X`).
//!
//! # Speed
//! The word lists are read through one table of [`class`] bits per word
//! ([`CLASSES`], probed with integer compares on the bytes of the text) and
//! the list bits of each token are computed on first use only, once per
//! dispatch; the mention bits (place, cue) of every token are set in one
//! pass over the mentions, which also lists the cues. One-byte punctuation
//! is tested on the token's byte ([`Ctx::punct`]), a clause boundary on
//! the few words of its list, and the scans for a `(SIGLE)` definition
//! only run when a bracket lies within reach. The persons' full names are
//! found on a bitset of the capitalised tokens. Known sources are resolved
//! with a key built in a reused buffer (a plain ASCII name is only
//! lower-cased), and only for names whose first bytes start some key
//! ([`SourceTables`], built once per extractor); a reported name's key is
//! only built when cheaper tests cannot tell it from another. Credited
//! names are borrowed from the source list or the text until a source is
//! reported; credit lists come from a per-dispatch pool, and the buffers
//! that borrow nothing are kept from one dispatch to the next.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::sync::LazyLock;

use rustc_hash::FxHashMap as HashMap;

use super::lexicon::{
    WordSet, ADVERBS, ANONYMOUS_HEADS, AUXILIARIES, COMMON_ACRONYMS, CONTAINER_NOUNS, DAY_TIMES,
    DETERMINERS, GOVERNMENT_FIRST_WORDS, GOVERNMENT_HEADS, HONORIFICS, INCISE_ONLY_STEMS,
    MEDIA_HEADS, MEDIA_WORKERS, MODIFIER_STOPS, MONTHS, MONTH_ABBREVIATIONS, NAME_PARTICLES,
    NOT_NAMES, ORGANISATION_HEADS, ORGANISATION_WORDS, ROLE_NOUNS, SOCIAL_NETWORKS, TIME_WORDS,
};
use super::regions::CountrySupport;
use super::text::{key, key_into};
use super::{Doc, Extractor, Hit, Mention, SourceFacet, SourceKind};

const PRONOUNS: &[&str] = &[
    "il", "elle", "ils", "elles", "on", "j", "je", "nous", "vous",
];
const BOUNDARIES: &[&str] = &[
    "qui", "que", "qu", "dont", "lorsque", "lorsqu", "quand", "mais", "car", "si", "tandis",
    "puisque", "comme", "selon", "ou",
];
/// Are the bytes `w` a word of [`BOUNDARIES`]? (A `match`, so that most
/// words are ruled out by their length and first byte.)
fn is_boundary_word(w: &[u8]) -> bool {
    matches!(
        w,
        b"qui"
            | b"que"
            | b"qu"
            | b"dont"
            | b"lorsque"
            | b"lorsqu"
            | b"quand"
            | b"mais"
            | b"car"
            | b"si"
            | b"tandis"
            | b"puisque"
            | b"comme"
            | b"selon"
            | b"ou"
    )
}

/// The [`class::DETERMINER`] or [`class::HONORIFIC`] bit of the bytes `w`
/// (a word of [`DETERMINERS`] or [`HONORIFICS`]), else 0. (A `match`, so
/// that [`Ctx::skip_determiners`] reads a word without computing all its
/// class bits: most of the words it reads are asked nothing else.)
fn determiner_bits(w: &[u8]) -> u32 {
    match w {
        b"le" | b"la" | b"les" | b"l" | b"un" | b"une" | b"des" | b"du" | b"de" | b"d" | b"son"
        | b"sa" | b"ses" | b"leur" | b"leurs" | b"ce" | b"cet" | b"cette" | b"ces"
        | b"plusieurs" | b"deux" | b"trois" | b"quatre" | b"cinq" | b"certains" | b"certaines"
        | b"divers" | b"diverses" | b"nombreux" | b"nombreuses" | b"notre" | b"nos" | b"au"
        | b"aux" => class::DETERMINER,
        b"m" | b"mm" | b"mme" | b"mmes" | b"mlle" | b"mgr" | b"dr" | b"pr" | b"me" => {
            class::HONORIFIC
        }
        _ => 0,
    }
}

/// Is `name` made of ASCII letters, digits, apostrophes and periods,
/// with single spaces between them? Folding leaves such a name as it is,
/// so that its [`key`] is the name lower-cased (an acronym, most source
/// names without accents).
fn folds_to_itself(name: &str) -> bool {
    let b = name.as_bytes();
    !b.is_empty()
        && b[0] != b' '
        && b[b.len() - 1] != b' '
        && b.iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b' ' | b'\'' | b'.'))
        && !b.windows(2).any(|w| w == b"  ")
}

/// Whether a lower-case word (folded, lower-cased) is a finite verb by its
/// ending: a future or conditional ("fermera", "paraîtraient", "seront")
/// or an imperfect ("fermait", "avaient"), which no adjective of a
/// medium's kind ends with ("le site fermera, a indiqué X": no medium
/// "site fermera"). Words of four bytes or less are left alone ("extra").
fn finite_verb(word: &[u8]) -> bool {
    word.len() > 4
        && ["ra", "ront", "rait", "raient", "ait", "aient"]
            .iter()
            .any(|end| word.ends_with(end.as_bytes()))
        && !["parfait", "extrait", "abstrait", "satisfait", "distrait"]
            .iter()
            .any(|adjective| word == adjective.as_bytes())
}

/// Words of a channel after "sur" ("sur son compte Telegram"): the social
/// networks and these.
const PLATFORMS: &[&str] = &[
    "linkedin", "bluesky", "threads", "truth", "social", "vk", "weibo", "internet", "site",
    "compte", "page", "chaine", "reseaux", "sociaux", "reseau", "social", "web", "ligne",
    "antenne", "plateau", "ondes",
];

/// Word classes of a token (bits of [`Ctx::class`]): membership of its
/// lower-cased folded text in the word lists, and what the mention at the
/// token stands for. One probe of [`CLASSES`] per token instead of one
/// probe per list and per question.
mod class {
    /// The list bits of the token have been computed.
    pub const KNOWN: u32 = 1 << 0;
    /// [`DETERMINERS`](super::DETERMINERS).
    pub const DETERMINER: u32 = 1 << 1;
    /// [`HONORIFICS`](super::HONORIFICS).
    pub const HONORIFIC: u32 = 1 << 2;
    /// [`AUXILIARIES`](super::AUXILIARIES).
    pub const AUXILIARY: u32 = 1 << 3;
    /// [`ADVERBS`](super::ADVERBS).
    pub const ADVERB: u32 = 1 << 4;
    /// [`TIME_WORDS`](super::TIME_WORDS).
    pub const TIME: u32 = 1 << 5;
    /// [`MODIFIER_STOPS`](super::MODIFIER_STOPS).
    pub const MODIFIER_STOP: u32 = 1 << 6;
    /// [`ROLE_NOUNS`](super::ROLE_NOUNS).
    pub const ROLE: u32 = 1 << 7;
    /// [`ANONYMOUS_HEADS`](super::ANONYMOUS_HEADS).
    pub const ANONYMOUS: u32 = 1 << 8;
    /// [`CONTAINER_NOUNS`](super::CONTAINER_NOUNS).
    pub const CONTAINER: u32 = 1 << 9;
    /// [`ORGANISATION_HEADS`](super::ORGANISATION_HEADS).
    pub const ORGANISATION_HEAD: u32 = 1 << 10;
    /// [`ORGANISATION_WORDS`](super::ORGANISATION_WORDS).
    pub const ORGANISATION_WORD: u32 = 1 << 11;
    /// [`NOT_NAMES`](super::NOT_NAMES).
    pub const NOT_NAME: u32 = 1 << 12;
    /// [`NAME_PARTICLES`](super::NAME_PARTICLES).
    pub const PARTICLE: u32 = 1 << 13;
    /// [`MEDIA_HEADS`](super::MEDIA_HEADS).
    pub const MEDIA_HEAD: u32 = 1 << 14;
    /// [`MEDIA_WORKERS`](super::MEDIA_WORKERS).
    pub const MEDIA_WORKER: u32 = 1 << 15;
    /// [`GOVERNMENT_FIRST_WORDS`](super::GOVERNMENT_FIRST_WORDS).
    pub const GOVERNMENT_FIRST: u32 = 1 << 16;
    /// [`PRONOUNS`](super::PRONOUNS).
    pub const PRONOUN: u32 = 1 << 17;
    /// [`BOUNDARIES`](super::BOUNDARIES).
    pub const BOUNDARY: u32 = 1 << 18;
    /// A channel: [`SOCIAL_NETWORKS`](super::SOCIAL_NETWORKS) or
    /// [`PLATFORMS`](super::PLATFORMS).
    pub const PLATFORM: u32 = 1 << 19;
    /// Only ASCII digits (or empty).
    pub const DIGITS: u32 = 1 << 20;
    /// A reporting cue (verb or preposition) starts at the token.
    pub const CUE: u32 = 1 << 21;
    /// A place or demonym mention starts at the token.
    pub const PLACE: u32 = 1 << 22;
    /// The token is inside (not at the start of) a place or demonym mention.
    pub const INSIDE_PLACE: u32 = 1 << 23;
    /// The bits read from the mentions (cheap to compute: no word lookup).
    pub const MENTION: u32 = CUE | PLACE | INSIDE_PLACE;
}

/// Every word of the lists used here, with its [`class`] bits.
static CLASSES: LazyLock<WordTable> = LazyLock::new(|| WordTable::new(&class_map()));

/// Every word of the lists used here, with its [`class`] bits.
fn class_map() -> HashMap<&'static str, u32> {
    let mut map: HashMap<&'static str, u32> = HashMap::default();
    let sets: [(&WordSet, u32); 16] = [
        (&DETERMINERS, class::DETERMINER),
        (&HONORIFICS, class::HONORIFIC),
        (&AUXILIARIES, class::AUXILIARY),
        (&ADVERBS, class::ADVERB),
        (&TIME_WORDS, class::TIME),
        (&MODIFIER_STOPS, class::MODIFIER_STOP),
        (&ROLE_NOUNS, class::ROLE),
        (&ANONYMOUS_HEADS, class::ANONYMOUS),
        (&CONTAINER_NOUNS, class::CONTAINER),
        (&ORGANISATION_HEADS, class::ORGANISATION_HEAD),
        (&ORGANISATION_WORDS, class::ORGANISATION_WORD),
        (&NOT_NAMES, class::NOT_NAME),
        (&NAME_PARTICLES, class::PARTICLE),
        (&MEDIA_HEADS, class::MEDIA_HEAD),
        (&MEDIA_WORKERS, class::MEDIA_WORKER),
        (&GOVERNMENT_FIRST_WORDS, class::GOVERNMENT_FIRST),
    ];
    for (set, bit) in sets {
        for &w in set.iter() {
            *map.entry(w).or_default() |= bit;
        }
    }
    let lists: [(&[&'static str], u32); 4] = [
        (PRONOUNS, class::PRONOUN),
        (BOUNDARIES, class::BOUNDARY),
        (SOCIAL_NETWORKS, class::PLATFORM),
        (PLATFORMS, class::PLATFORM),
    ];
    for (list, bit) in lists {
        for &w in list {
            *map.entry(w).or_default() |= bit;
        }
    }
    map
}

/// A word of at most [`WordTable::SHORT`] bytes packed in two integers
/// (little-endian, zero-padded); of a longer word, only its first
/// [`WordTable::SHORT`] bytes are packed (callers look longer words up
/// elsewhere).
fn pack(w: &[u8]) -> (u64, u64) {
    let (mut lo, mut hi) = (0u64, 0u64);
    for (i, &b) in w.iter().take(WordTable::SHORT).enumerate() {
        if i < 8 {
            lo |= u64::from(b) << (8 * i);
        } else {
            hi |= u64::from(b) << (8 * (i - 8));
        }
    }
    (lo, hi)
}

/// [`pack`] of `w`, read with two 8-byte loads when `w` lies in `hay`
/// with 16 bytes to read from its start (the masks drop the bytes after
/// the word).
#[inline(always)]
fn pack_in(w: &str, hay: &str) -> (u64, u64) {
    let len = w.len();
    let off = (w.as_ptr() as usize).wrapping_sub(hay.as_ptr() as usize);
    if len <= WordTable::SHORT && off < hay.len() {
        if let Some(chunk) = hay.as_bytes().get(off..off + 16) {
            return pack_chunk(chunk, len);
        }
    }
    pack(w.as_bytes())
}

/// The first `len` bytes (1 to 16) of a 16-byte `chunk`, packed as
/// [`pack`] packs a word: two 8-byte loads, the bytes after the word
/// masked out.
#[inline(always)]
fn pack_chunk(chunk: &[u8], len: usize) -> (u64, u64) {
    let (a, b) = chunk.split_at(8);
    let lo = u64::from_le_bytes(a.try_into().unwrap_or([0; 8]));
    let hi = u64::from_le_bytes(b.get(..8).and_then(|b| b.try_into().ok()).unwrap_or([0; 8]));
    // Without branches: a shift of 64 bits or more masks everything out.
    let lo_mask = u64::MAX
        .checked_shr(8 * (8 - len.min(8)) as u32)
        .unwrap_or(0);
    let hi_mask = u64::MAX
        .checked_shr(8 * 16usize.saturating_sub(len) as u32)
        .unwrap_or(0);
    (lo & lo_mask, hi & hi_mask)
}

/// One slot of a [`WordTable`]: a packed word (`len` 0 for an empty slot)
/// and its value.
#[derive(Clone, Copy, Default)]
struct Slot {
    lo: u64,
    hi: u64,
    len: u32,
    bits: u32,
}

/// A fixed map from words to [`class`] bits: the words of 1 to
/// [`WordTable::SHORT`] bytes (all but a few) in an open-addressing table
/// probed with integer compares, the others in a hash map. A lookup costs
/// a fraction of a `HashSet<&str>` probe, and each token the attribution
/// reads is looked up once.
struct WordTable {
    slots: Vec<Slot>,
    /// `slots.len() - 1` (a power of two minus one).
    mask: usize,
    /// Words of other lengths.
    other: HashMap<&'static str, u32>,
}

impl WordTable {
    /// Longest word kept in the slots.
    const SHORT: usize = 16;

    fn new(map: &HashMap<&'static str, u32>) -> WordTable {
        let size = (map.len() * 4).next_power_of_two().max(16);
        let mut table = WordTable {
            slots: vec![Slot::default(); size],
            mask: size - 1,
            other: HashMap::default(),
        };
        for (&w, &bits) in map {
            if w.is_empty() || w.len() > Self::SHORT {
                table.other.insert(w, bits);
                continue;
            }
            let (lo, hi) = pack(w.as_bytes());
            let mut i = table.slot_of(lo, hi, w.len());
            while table.slots[i].len != 0 {
                i = (i + 1) & table.mask;
            }
            table.slots[i] = Slot {
                lo,
                hi,
                len: w.len() as u32,
                bits,
            };
        }
        table
    }

    /// The bits of a word of another length (rare: kept out of line).
    #[cold]
    #[inline(never)]
    fn get_other(&self, w: &str) -> u32 {
        self.other.get(w).copied().unwrap_or(0)
    }

    /// The first slot to probe for a packed word.
    #[inline]
    fn slot_of(&self, lo: u64, hi: u64, len: usize) -> usize {
        let h = (lo ^ hi.rotate_left(31) ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (h >> 40) as usize & self.mask
    }

    /// The bits of `w`, 0 when it is in no list; `hay` is a text `w` may
    /// be a slice of (read faster then).
    #[inline(always)]
    fn get(&self, w: &str, hay: &str) -> u32 {
        let len = w.len();
        if len == 0 || len > Self::SHORT {
            return self.get_other(w);
        }
        let (lo, hi) = pack_in(w, hay);
        self.get_packed(lo, hi, len)
    }

    /// [`word_class`] of the word made of the first `len` bytes (1 to
    /// [`WordTable::SHORT`]) of `chunk` (16 bytes), which are a whole
    /// number of UTF-8 characters.
    #[inline(always)]
    fn class_of_chunk(&self, chunk: &[u8], len: usize) -> u32 {
        let (lo, hi) = pack_chunk(chunk, len);
        let mut c = class::KNOWN | self.get_packed(lo, hi, len);
        // Most words do not start with a digit: one test then.
        let word = &chunk[..len];
        if word[0].is_ascii_digit() && word.iter().all(u8::is_ascii_digit) {
            c |= class::DIGITS;
        }
        c
    }

    /// The bits of a packed word of `len` bytes (1 to [`WordTable::SHORT`]).
    #[inline(always)]
    fn get_packed(&self, lo: u64, hi: u64, len: usize) -> u32 {
        let mut i = self.slot_of(lo, hi, len);
        loop {
            let s = self.slots[i];
            if s.len == 0 {
                return 0;
            }
            if s.lo == lo && s.hi == hi && s.len as usize == len {
                return s.bits;
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// The list classes of a lower-cased folded word (no mention bits) in
/// `table` ([`CLASSES`]); `hay` is a text `w` may be a slice of.
#[inline(always)]
fn word_class(table: &WordTable, w: &str, hay: &str) -> u32 {
    let mut c = class::KNOWN | table.get(w, hay);
    // Most words do not start with a digit: one test then.
    if w.as_bytes().first().is_none_or(u8::is_ascii_digit) && w.bytes().all(|b| b.is_ascii_digit())
    {
        c |= class::DIGITS;
    }
    c
}

/// A part of a name [`Ctx::government`] writes: the lower-cased original
/// text of tokens `a..b`, or a text as it is.
enum Part<'a> {
    Lower(usize, usize),
    Text(&'a str),
}

/// [`GOVERNMENT_HEADS`] with the words of each head split once.
static GOVERNMENT_HEAD_WORDS: LazyLock<Vec<GovernmentHead>> = LazyLock::new(|| {
    GOVERNMENT_HEADS
        .iter()
        .map(|&(h, f, p, l)| (h.split(' ').collect(), f, p, l))
        .collect()
});

/// The words of a government head, and whether it is feminine, plural
/// and local (see [`GOVERNMENT_HEADS`]).
type GovernmentHead = (Vec<&'static str>, bool, bool, bool);

/// The demonym form agreeing with a head noun.
fn pick(forms: &[String; 4], feminine: bool, plural: bool) -> &String {
    match (feminine, plural) {
        (false, false) => &forms[0],
        (true, false) => &forms[1],
        (false, true) => &forms[2],
        (true, true) => &forms[3],
    }
}

/// A source found in the dispatch.
#[derive(Debug, Clone)]
struct Credit<'a> {
    /// Borrowed from the known sources or the text when it can be.
    name: Cow<'a, str>,
    kind: SourceKind,
}

/// The `Nom complet (SIGLE)` definitions of a dispatch.
#[derive(Default)]
struct Definitions<'a> {
    /// Acronym → canonical name.
    acronyms: SmallMap<&'a str, (&'a str, SourceKind)>,
    /// Folded full name → acronym.
    full_names: SmallMap<String, &'a str>,
}

/// A map of the few entries of a dispatch (its definitions): a list
/// searched in order, cheaper than hashing for a handful of keys.
struct SmallMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for SmallMap<K, V> {
    fn default() -> Self {
        SmallMap {
            entries: Vec::new(),
        }
    }
}

impl<K: std::borrow::Borrow<str>, V> SmallMap<K, V> {
    /// Sets the value of `key` (replacing the one it had).
    fn insert(&mut self, key: K, value: V) {
        match self
            .entries
            .iter_mut()
            .find(|(k, _)| k.borrow() == key.borrow())
        {
            Some(entry) => entry.1 = value,
            None => self.entries.push((key, value)),
        }
    }

    /// The value of `key`.
    fn get(&self, key: &str) -> Option<&V> {
        self.entries
            .iter()
            .find(|(k, _)| k.borrow() == key)
            .map(|(_, v)| v)
    }

    /// Has it no entry?
    fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The value of the first key whose first word is `word`.
    fn first_word(&self, word: &str) -> Option<&V> {
        self.entries
            .iter()
            .find(|(k, _)| {
                let k: &str = k.borrow();
                k.strip_prefix(word)
                    .is_some_and(|rest| rest.starts_with(' '))
            })
            .map(|(_, v)| v)
    }
}

/// What the attribution reads of the known sources besides their names,
/// built once per extractor (on first use) from [`Extractor::sources`] and
/// [`Extractor::source_names`].
#[derive(Debug, Clone, Default)]
pub(super) struct SourceTables {
    /// For each source, the index its canonical name's key has in the
    /// source names (the source itself unless an earlier source has a name
    /// or alias with the same key).
    canonical_index: Vec<Option<usize>>,
    /// Bit `256 a + b` (of 65,536) is set when a key of the source names
    /// starts with the bytes `a`, `b`.
    pairs: Vec<u64>,
    /// Bit [`SourceTables::triple`] of `a`, `b`, `c` (of 65,536) is set
    /// when a key of the source names starts with the bytes `a`, `b`, `c`.
    triples: Vec<u64>,
}

impl SourceTables {
    /// The tables of `x`.
    fn new(x: &Extractor) -> SourceTables {
        let mut pairs = vec![0u64; 65_536 / 64];
        let mut triples = vec![0u64; 65_536 / 64];
        for k in x.source_names.keys() {
            if let [a, b, ..] = *k.as_bytes() {
                let bit = usize::from(a) << 8 | usize::from(b);
                pairs[bit / 64] |= 1 << (bit % 64);
            }
            if let [a, b, c, ..] = *k.as_bytes() {
                let bit = Self::triple(a, b, c);
                triples[bit / 64] |= 1 << (bit % 64);
            }
        }
        let canonical_index = x
            .sources
            .iter()
            .map(|s| x.source_names.get(&key(&s.name)).copied())
            .collect();
        SourceTables {
            canonical_index,
            pairs,
            triples,
        }
    }

    /// The bit of three leading bytes in [`SourceTables::triples`] (a
    /// hash: two prefixes may share a bit).
    fn triple(a: u8, b: u8, c: u8) -> usize {
        let v = u64::from(a) << 16 | u64::from(b) << 8 | u64::from(c);
        (v.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as usize
    }

    /// May the trimmed name `name` resolve to a known source? Not when it
    /// starts with three (or two) ASCII letters or digits that start no
    /// key: its key starts with them lower-cased (no `l'` to drop then).
    fn may_resolve(&self, name: &str) -> bool {
        let alnum = u8::is_ascii_alphanumeric;
        match *name.as_bytes() {
            [a, b, c, ..] if alnum(&a) && alnum(&b) && alnum(&c) => {
                let bit = Self::triple(
                    a.to_ascii_lowercase(),
                    b.to_ascii_lowercase(),
                    c.to_ascii_lowercase(),
                );
                self.triples
                    .get(bit / 64)
                    .is_none_or(|w| w >> (bit % 64) & 1 != 0)
            }
            [a, b, ..] if alnum(&a) && alnum(&b) => {
                let bit =
                    usize::from(a.to_ascii_lowercase()) << 8 | usize::from(b.to_ascii_lowercase());
                self.pairs
                    .get(bit / 64)
                    .is_none_or(|w| w >> (bit % 64) & 1 != 0)
            }
            _ => true,
        }
    }
}

struct Ctx<'a> {
    x: &'a Extractor,
    doc: &'a Doc,
    mentions: &'a [Mention],
    /// Token → mention index, `u32::MAX` for none.
    at: &'a [u32],
    /// The `Nom complet (SIGLE)` definitions of the dispatch, collected
    /// on first use (most cues never look one up).
    definitions: std::cell::OnceCell<Definitions<'a>>,
    /// Persons seen: canonical name and its lower-case words.
    persons: Vec<(&'a str, std::ops::Range<usize>)>,
    /// The lower-case words of the persons, each a range of this list.
    person_words: Vec<&'a str>,
    /// Scratch: the words of the name [`Ctx::person`] looks up.
    words: Vec<&'a str>,
    /// Demonym forms of the country the dispatch is most about.
    main_demonyms: Option<&'a [String; 4]>,
    /// The country entry the dispatch is most about, if any.
    story_country: Option<usize>,
    /// Where each full person name is written: (token, canonical name).
    person_positions: Vec<(usize, Cow<'a, str>)>,
    /// Whether `persons` and `person_positions` hold the full names of the
    /// whole dispatch yet (read on first use: many cues credit no person).
    persons_read: bool,
    /// The [`class`] bits of each token, 0 until first asked for.
    classes: Vec<Cell<u32>>,
    /// [`CLASSES`], dereferenced once.
    classify: &'static WordTable,
    /// The [`SourceTables`] of the extractor.
    tables: &'a SourceTables,
    /// Scratch: the key of a name looked up (see [`Ctx::with_key`]).
    key_buf: RefCell<String>,
    /// Empty credit lists kept for reuse (see [`Ctx::credits`]).
    pool: Vec<Vec<Credit<'a>>>,
    /// Scratch of [`Ctx::read_persons`]: bit `k % 64` of word `k / 64`
    /// is set when token `k` is a capitalised word.
    cap_bits: Vec<u64>,
}

impl<'a> Ctx<'a> {
    fn mention(&self, i: usize) -> Option<&Mention> {
        let k = *self.at.get(i)?;
        if k == u32::MAX {
            return None;
        }
        let m = &self.mentions[k as usize];
        (m.first == i).then_some(m)
    }

    /// The [`class`] bits of token `i` (computed on first use); past the
    /// end, those of the empty word.
    #[inline]
    fn class(&self, i: usize) -> u32 {
        self.class_with(i, !0)
    }

    /// The [`class`] bits of token `i`, computing the list bits on first
    /// use when `bits` asks for some (the [`class::MENTION`] bits are set
    /// for the whole dispatch by [`mark_mentions`]).
    #[inline(always)]
    fn class_with(&self, i: usize, bits: u32) -> u32 {
        let Some(cell) = self.classes.get(i) else {
            return word_class(self.classify, "", "");
        };
        let mut v = cell.get();
        if bits & !class::MENTION != 0 && v & class::KNOWN == 0 {
            v |= self.list_class(i);
            cell.set(v);
        }
        v
    }

    /// The list bits of token `i` (see [`word_class`]): those of
    /// [`Ctx::lower`] of the token, read straight from the bytes of the
    /// search text (a word) or of the folded text (a punctuation mark)
    /// with two 8-byte loads when the text has 16 bytes from the token on.
    #[inline(never)]
    fn list_class(&self, i: usize) -> u32 {
        let doc = self.doc;
        if let Some(t) = doc.tokens.get(i) {
            let (start, end) = (t.start as usize, t.end as usize);
            // `lower` reads a word one byte further in the search text.
            let (text, from) = if t.word {
                (doc.search.as_bytes(), start + 1)
            } else {
                (doc.folded.text.as_bytes(), start)
            };
            let len = end.wrapping_sub(start);
            // The 16 bytes read and the byte after the word (at most the
            // 17th), in one slice.
            if (1..=WordTable::SHORT).contains(&len) {
                if let Some(chunk) = text.get(from..from + 17) {
                    // On character boundaries (as `lower` requires: a UTF-8
                    // continuation byte is 0b10xx_xxxx).
                    if (chunk[0] as i8) >= -0x40 && (chunk[len] as i8) >= -0x40 {
                        return self.classify.class_of_chunk(&chunk[..16], len);
                    }
                }
            }
        }
        word_class(self.classify, self.lower(i), &self.doc.search)
    }

    /// The [`class`] bits of token `i` without the mention bits (only the
    /// word lists are read).
    #[inline]
    fn list_bits(&self, i: usize) -> u32 {
        self.class_with(i, !class::MENTION)
    }

    /// Does token `i` have any of the [`class`] bits `bits`?
    #[inline]
    fn has(&self, i: usize, bits: u32) -> bool {
        self.class_with(i, bits) & bits != 0
    }

    /// Calls `f` with [`key`] of `name`, built in a reused buffer.
    fn with_key<R>(&self, name: &str, f: impl FnOnce(&str) -> R) -> R {
        let mut buf = self.key_buf.borrow_mut();
        if folds_to_itself(name) {
            // The key is the name lower-cased: no folding pass needed.
            buf.clear();
            buf.push_str(name);
            buf.make_ascii_lowercase();
        } else {
            key_into(name, &mut buf);
        }
        f(&buf)
    }

    /// [`Extractor::resolve_source`], borrowing the canonical name.
    fn resolve(&self, name: &str) -> Option<&'a str> {
        let x: &'a Extractor = self.x;
        self.resolve_index(name).map(|i| x.sources[i].name.as_str())
    }

    /// The index of the known source `name` resolves to (see
    /// [`Ctx::resolve`]); the key is only built when [`SourceTables`]
    /// cannot rule the name out.
    fn resolve_index(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        if !self.tables.may_resolve(name) {
            return None;
        }
        self.with_key(name, |k| {
            let k = k.strip_prefix("l'").unwrap_or(k);
            self.x.source_names.get(k).copied()
        })
    }

    /// `name` resolved to a known source's canonical name, else as is.
    fn or_resolved(&self, name: String) -> Cow<'a, str> {
        match self.resolve(&name) {
            Some(canonical) => Cow::Borrowed(canonical),
            None => Cow::Owned(name),
        }
    }

    /// The index of a known source by the canonical name of source `i`
    /// (the index the key of that name has in the source names).
    fn canonical_index(&self, i: usize) -> Option<usize> {
        self.tables.canonical_index.get(i).copied().flatten()
    }

    /// An empty credit list, reusing one given back by [`Ctx::append`] or
    /// [`Ctx::recycle`] (the parse builds and drops many small lists).
    fn credits(&mut self) -> Vec<Credit<'a>> {
        self.pool.pop().unwrap_or_else(|| Vec::with_capacity(8))
    }

    /// Moves the credits of `more` to the end of `out` and keeps the
    /// emptied list for reuse.
    fn append(&mut self, out: &mut Vec<Credit<'a>>, mut more: Vec<Credit<'a>>) {
        out.append(&mut more);
        self.pool.push(more);
    }

    /// Keeps a credit list that is no longer needed for reuse.
    fn recycle(&mut self, mut list: Vec<Credit<'a>>) {
        list.clear();
        self.pool.push(list);
    }

    fn known_at(&self, i: usize) -> Option<(usize, usize)> {
        let m = self.mention(i)?;
        m.hits.iter().find_map(|h| match *h {
            Hit::Source(s) => Some((s as usize, m.last)),
            _ => None,
        })
    }

    fn place_at(&self, i: usize) -> bool {
        self.has(i, class::PLACE)
    }

    /// Is token `i` inside (not at the start of) a place mention?
    fn inside_place(&self, i: usize) -> bool {
        self.has(i, class::INSIDE_PLACE)
    }

    fn demonym_at(&self, i: usize) -> Option<usize> {
        let m = self.mention(i)?;
        if m.last != i + 1 {
            return None;
        }
        m.hits.iter().find_map(|h| match *h {
            Hit::Demonym(c) => Some(c as usize),
            _ => None,
        })
    }

    fn is_cue(&self, i: usize) -> bool {
        self.has(i, class::CUE)
    }

    /// The byte of token `i` when it is a one-byte punctuation mark, else
    /// 0: `punct(i) == b','` is `doc.tok(i) == ","` without slicing the
    /// text (a word is never punctuation).
    #[inline]
    fn punct(&self, i: usize) -> u8 {
        match self.doc.tokens.get(i) {
            Some(t) if !t.word && t.end.wrapping_sub(t.start) == 1 => self
                .doc
                .folded
                .text
                .as_bytes()
                .get(t.start as usize)
                .copied()
                .unwrap_or(0),
            _ => 0,
        }
    }

    /// Is one of the tokens `first..end` a `(`? (A byte search in the
    /// folded text they span: a bracket is a token of its own.)
    fn bracket_within(&self, first: usize, end: usize) -> bool {
        let tokens = &self.doc.tokens;
        let (Some(a), Some(b)) = (
            tokens.get(first),
            end.checked_sub(1).and_then(|l| tokens.get(l)),
        ) else {
            // Past the tokens: nothing there (an empty or reversed range).
            return first < end && first < tokens.len();
        };
        if end <= first {
            return false;
        }
        self.doc
            .folded
            .text
            .as_bytes()
            .get(a.start as usize..b.end as usize)
            .is_none_or(|span| memchr::memchr(b'(', span).is_some())
    }

    /// Is token `i` a word of [`BOUNDARIES`] (its [`class::BOUNDARY`]
    /// bit)? Compared with the few words of the list when the class bits
    /// of the token are not known yet, rather than computing them all:
    /// the clause scan of [`Ctx::subject`] asks this of many tokens that
    /// nothing else reads.
    fn is_boundary(&self, i: usize) -> bool {
        match self.classes.get(i) {
            Some(cell) if cell.get() & class::KNOWN != 0 => cell.get() & class::BOUNDARY != 0,
            _ => is_boundary_word(self.lower_bytes(i)),
        }
    }

    fn lower(&self, i: usize) -> &str {
        self.doc.lower(i)
    }

    fn word(&self, i: usize) -> bool {
        self.doc.tokens.get(i).is_some_and(|t| t.word)
    }

    /// Is token `i` glued by a hyphen to the token before it
    /// ("CGT-Cheminots", "SUD-Rail": one name)?
    fn glued(&self, i: usize) -> bool {
        let doc = self.doc;
        match (
            i.checked_sub(1).and_then(|p| doc.tokens.get(p)),
            doc.tokens.get(i),
        ) {
            (Some(a), Some(b)) if a.word && b.word && b.start == a.end + 1 => {
                let o = doc.folded.orig(a.end as usize);
                doc.folded.original.as_bytes().get(o) == Some(&b'-')
            }
            _ => false,
        }
    }

    fn cap(&self, i: usize) -> bool {
        self.doc.tokens.get(i).is_some_and(|t| t.cap && t.word)
    }

    fn known(&self, s: usize) -> Credit<'a> {
        let x: &'a Extractor = self.x;
        let k = &x.sources[s];
        Credit {
            name: Cow::Borrowed(k.name.as_str()),
            kind: k.kind,
        }
    }

    /// Skips determiners, honorifics (`M.`) and elision apostrophes.
    fn skip_determiners(&self, mut j: usize, limit: usize) -> (usize, bool) {
        let mut titled = false;
        while j < limit {
            // A word is never an apostrophe, and a punctuation mark is no
            // determiner or honorific (its class bits are not needed).
            if !self.word(j) {
                if self.punct(j) == b'\'' {
                    j += 1;
                    continue;
                }
                break;
            }
            // The class bits when known, else only the two bits asked.
            let c = match self.classes.get(j) {
                Some(cell) if cell.get() & class::KNOWN != 0 => cell.get(),
                _ => determiner_bits(self.lower_bytes(j)),
            };
            if c & class::DETERMINER != 0 {
                if self.capital_elided_article(j) {
                    break;
                }
                j += 1;
            } else if c & class::HONORIFIC != 0 {
                titled = true;
                j += 1;
                if self.punct(j) == b'.' {
                    j += 1;
                }
            } else {
                break;
            }
        }
        (j, titled)
    }

    /// Whether `j` is a capital "L'" after a word of its sentence, before
    /// a capitalised one ("selon L'Oréal", "a rapporté L'Alsace"): inside a sentence the
    /// article of a title or trade name, part of the name.
    fn capital_elided_article(&self, j: usize) -> bool {
        j > 0
            && self.word(j - 1)
            && self.doc.sentence_of(j - 1) == self.doc.sentence_of(j)
            && self.elided_capital_l(j)
    }

    /// Whether `j` is "L'" written with a capital before a capitalised
    /// word ("L'Equipe").
    fn elided_capital_l(&self, j: usize) -> bool {
        self.cap(j) && self.lower_is(j, "l") && self.punct(j + 1) == b'\'' && self.cap(j + 2)
    }

    /// A person's name at `j`: capitalised words with particles, not a
    /// place, month or organisation word. Returns the end token.
    fn name_at(&self, j: usize, limit: usize) -> Option<usize> {
        if !self.cap(j)
            || self.inside_place(j)
            || self.known_at(j).is_some() && !self.first_name_after_known(j)
            || self.is_cue(j)
        {
            return None;
        }
        // A place name starts a person's name only before another name
        // ("Gao Feng"); inside one it is part of it ("François Hollande").
        if self.place_at(j) {
            let next = j + 1;
            if !(next < limit
                && self.cap(next)
                && !self.place_at(next)
                && !self.inside_place(next)
                && self.mention(j).is_some_and(|m| m.last == next))
            {
                return None;
            }
        }
        // "Me", "Dr": an honorific titles a name and is not part of it.
        // "Saint-Egrève", "Sainte-Foy": a saint's name starts a commune's,
        // never a person's ("Yves Saint-Laurent" starts with his own).
        if self.has(
            j,
            class::NOT_NAME | class::ORGANISATION_WORD | class::HONORIFIC,
        ) || self.lower_in(j, &["saint", "sainte", "st", "ste"])
        {
            return None;
        }
        let mut end = j;
        let mut k = j;
        while k < limit {
            let c = self.class(k);
            let place_ok =
                k == j || c & class::PLACE == 0 || self.mention(k).is_some_and(|m| m.last == k + 1);
            if self.cap(k)
                && !self.doc.tokens[k].acronym
                && place_ok
                && c & (class::INSIDE_PLACE | class::NOT_NAME) == 0
            {
                k += 1;
                end = k;
            } else if (self.word(k) && c & class::PARTICLE != 0
                || end == k && self.lower_is(k, "\'"))
                && self.cap(k + 1)
            {
                k += 1;
            } else {
                break;
            }
        }
        (end > j).then_some(end)
    }

    /// Persons "as first written": every full name of the dispatch, so
    /// that a later surname alone is the same person. Read once, before
    /// the first person is registered or looked up, so that the result is
    /// the same as reading them all first.
    fn read_persons(&mut self) {
        if self.persons_read {
            return;
        }
        self.persons_read = true;
        // A full name has a second capitalised word right after the first or
        // after one particle ("Abou Mohammed", "Charles de Gaulle"): only a
        // capitalised word that follows none and is followed by one within
        // two tokens is read. The capitalised words are one bit each (a
        // bitset of the tokens), so that the candidates are found 64
        // tokens at a time.
        let doc: &'a Doc = self.doc;
        let tokens = doc.tokens.as_slice();
        let cap = |k: usize| tokens.get(k).is_some_and(|t| t.cap && t.word);
        let mut bits = std::mem::take(&mut self.cap_bits);
        bits.clear();
        // (An acronym or an honorific is no word of a name: "à l'AFP Paul
        // Girard", "Me Hélène Dufresnoy".)
        let honorific = |k: usize| determiner_bits(doc.lower(k).as_bytes()) & class::HONORIFIC != 0;
        bits.extend(tokens.chunks(64).enumerate().map(|(n, chunk)| {
            // Last token first: each shift moves the earlier ones up.
            chunk.iter().enumerate().rev().fold(0u64, |m, (o, t)| {
                m << 1 | u64::from(t.cap && t.word && !t.acronym && !honorific(n * 64 + o))
            })
        }));
        // The next token to read (the ones inside a name read are skipped).
        let mut i = 0;
        for w in 0..bits.len() {
            let c = bits[w];
            let before = if w > 0 { bits[w - 1] >> 63 } else { 0 };
            let after = bits.get(w + 1).copied().unwrap_or(0);
            // Bit `b`: capitalised token `64 w + b - 1`, `+ 1`, `+ 2`.
            let prev = c << 1 | before;
            let next = c >> 1 | after << 63;
            let next2 = c >> 2 | after << 62;
            let mut candidates = c & !prev & (next | next2);
            while candidates != 0 {
                let k = w * 64 + candidates.trailing_zeros() as usize;
                candidates &= candidates - 1;
                if k < i {
                    continue;
                }
                let end = doc.sentence_end_token(doc.sentence_of(k));
                if let Some(e) = self.name_at(k, end) {
                    if (k..e).filter(|&j| cap(j)).count() >= 2 && !self.named_place(k) {
                        if let Some(p) = self.person(k, e, false) {
                            self.person_positions.push((k, p.name));
                        }
                    }
                    i = e.max(k + 1);
                }
            }
        }
        self.cap_bits = bits;
    }

    /// Registers a person and returns its canonical name: a name whose
    /// words end an earlier full name is that person.
    fn person(&mut self, first: usize, end: usize, titled: bool) -> Option<Credit<'a>> {
        self.read_persons();
        // "le Norvégien Eirik Haugen": the nationality is no part of the
        // name.
        let first = if end > first + 2 && self.demonym_at(first).is_some() && self.cap(first + 1) {
            first + 1
        } else {
            first
        };
        let doc: &'a Doc = self.doc;
        // The lower-case words of the name, in a buffer kept across calls.
        let mut words = std::mem::take(&mut self.words);
        words.clear();
        words.extend((first..end).filter(|&i| self.word(i)).map(|i| doc.lower(i)));
        let found = self.registered_person(first, end, titled, &words);
        self.words = words;
        found
    }

    /// [`Ctx::person`] once the words of the name are known.
    fn registered_person(
        &mut self,
        first: usize,
        end: usize,
        titled: bool,
        words: &[&'a str],
    ) -> Option<Credit<'a>> {
        if words.is_empty() {
            return None;
        }
        for (name, range) in &self.persons {
            let known = &self.person_words[range.clone()];
            if known.len() >= words.len() && known[known.len() - words.len()..] == *words {
                return Some(Credit {
                    name: Cow::Borrowed(name),
                    kind: SourceKind::Person,
                });
            }
        }
        // Words glued by a hyphen count once ("Unsa-Ferroviaire" is one
        // word; "Jean-Pierre Raffarin" two).
        let caps = (first..end)
            .filter(|&i| self.cap(i) && !(i > first && self.cap(i - 1) && self.glued(i)))
            .count();
        if caps < 2 && !titled {
            return None;
        }
        let doc: &'a Doc = self.doc;
        let name = doc.original(first, end).trim_end_matches(['\'', '’']);
        let from = self.person_words.len();
        self.person_words.extend_from_slice(words);
        self.persons.push((name, from..self.person_words.len()));
        Some(Credit {
            name: Cow::Borrowed(name),
            kind: SourceKind::Person,
        })
    }

    /// `, Person` or `Person` right after a credited phrase.
    fn apposition(&mut self, mut j: usize, limit: usize, out: &mut Vec<Credit<'a>>) -> usize {
        let comma = self.punct(j) == b',';
        if comma {
            j += 1;
        }
        // ", Me Laure Fabiani,": an honorific before the name is not part
        // of it, and titles it.
        let after_comma = j;
        let mut honorific = false;
        if comma && self.word(j) && determiner_bits(self.lower_bytes(j)) == class::HONORIFIC {
            let k = j + 1 + usize::from(self.punct(j + 1) == b'.');
            if k < limit && self.cap(k) {
                j = k;
                honorific = true;
            }
        }
        if let Some(end) = self.name_at(j, limit) {
            let closes = end >= limit
                || matches!(self.punct(end), b',' | b'.' | b')' | b';' | b':' | b'"')
                || self.is_cue(end)
                || self.has(end, class::AUXILIARY);
            if closes || !comma {
                let titled = !comma || honorific || closes && self.punct(end) == b',';
                if let Some(p) = self.person(j, end, titled) {
                    out.push(p);
                    let mut e = end;
                    if comma && self.punct(e) == b',' {
                        e += 1;
                    }
                    return e;
                }
            }
        }
        // ", le général norvégien Robert Mood,": a role naming a person;
        // ", cheikh Salman Abou Fakhr,": a title without article.
        let j = after_comma;
        if comma {
            let (k, _) = self.skip_determiners(j, limit);
            let bare_title = k == j && !self.cap(j) && self.cap(j + 1);
            if (k > j || bare_title) && self.word(k) && self.has(k, class::ROLE) {
                let (mut persons, e) = self.role(k, limit, 2);
                persons.retain(|c| c.kind == SourceKind::Person);
                let found = !persons.is_empty();
                self.append(out, persons);
                if found {
                    return if self.punct(e) == b',' { e + 1 } else { e };
                }
            }
        }
        if comma {
            j - 1
        } else {
            j
        }
    }

    /// A government head of two words or more at `j`, written with a
    /// capital as a name and its other words in lower case ("la
    /// Protection civile", "la Garde nationale"): read as the head it is.
    fn capitalised_government_head(&self, j: usize) -> bool {
        let first = self.lower_bytes(j);
        GOVERNMENT_HEAD_WORDS.iter().any(|(words, ..)| {
            words.len() >= 2
                && same_bytes(first, words[0].as_bytes())
                && (1..words.len()).all(|o| self.lower_is(j + o, words[o]) && !self.cap(j + o))
        })
    }

    /// A government phrase at `j` (`ministère ukrainien de la Défense`,
    /// `l'armée malienne`, `préfecture de la Gironde`); returns its
    /// canonical name and end. Without adjective or complement, the
    /// demonym of the country the dispatch is most about is added.
    fn government(&self, j: usize, limit: usize) -> Option<(String, usize)> {
        if !self.has(j, class::GOVERNMENT_FIRST) {
            return None;
        }
        let first = self.lower_bytes(j);
        let (head_len, feminine, plural, local) =
            GOVERNMENT_HEAD_WORDS.iter().find_map(|(words, f, p, l)| {
                // Only a head whose first word is the word at `j` can match;
                // then its other words, stopping at the first that differs.
                let matches = same_bytes(first, words[0].as_bytes())
                    && j + words.len() <= limit
                    && words
                        .iter()
                        .enumerate()
                        .skip(1)
                        .all(|(o, part)| self.lower_is(j + o, part));
                matches.then_some((words.len(), *f, *p, *l))
            })?;
        let head = BodyHead {
            len: head_len,
            feminine,
            plural,
            local,
            word: first,
            name: None,
        };
        self.government_with_head(j, limit, head)
    }

    /// [`Ctx::government`] with its head at `j` already read: the body's
    /// name and end. `head.word` is the head's folded first word, and
    /// `head.name`, when given, is written in place of the text's head (a
    /// minister's office is named as the ministry).
    fn government_with_head(
        &self,
        j: usize,
        limit: usize,
        head: BodyHead<'_>,
    ) -> Option<(String, usize)> {
        let BodyHead {
            len: head_len,
            feminine,
            plural,
            local,
            word: first,
            name: head_name,
        } = head;
        let doc: &'a Doc = self.doc;
        let mut k = j + head_len;
        // The parts of the name are kept as tokens or borrowed text, and
        // only written once the name is known to be reported.
        let mut demonym: Option<Part<'a>> = None;
        // A French institution in a French story (named without adjective).
        let mut french = false;
        let mut adjectives: [usize; 2] = [0; 2];
        let mut n_adjectives = 0;
        while k < limit
            && n_adjectives < 2
            && (!self.ends_modifiers(k) || self.known_at(k).is_some() && self.word(k))
            && !self.cap(k)
        {
            if self.lower_in(k, &["de", "du", "des", "d"]) {
                break;
            }
            let demonym_here = self.demonym_at(k).is_some();
            // "un communiqué du gouvernement lu à la télévision": a
            // participle with its complement is not part of the name.
            if !demonym_here
                && !relational_adjective(self.lower_bytes(k))
                && self.lower_in(k + 1, &["a", "au", "aux", "par", "sur", "dans", "en"])
            {
                break;
            }
            // "l'armée fédérale", "le gouvernement fédéral", "le ministère
            // fédéral de l'Economie": the federation
            // the story is about, named by its adjective below.
            let federal = self.main_demonyms.is_some()
                && matches!(first, b"armee" | b"forces" | b"gouvernement" | b"ministere")
                && self.lower_in(k, &["federal", "federale", "federaux", "federales"]);
            // "l'état-major général des armées": the country's general
            // staff, named by the story's adjective below.
            let general_staff = general_staff(first, head_len) && self.lower_is(k, "general");
            if demonym_here {
                demonym = Some(Part::Lower(k, k + 1));
            } else if general_staff {
                if self.lower_is(k + 1, "des") && self.lower_is(k + 2, "armees") {
                    k += 2;
                }
            } else if !federal {
                adjectives[n_adjectives] = k;
                n_adjectives += 1;
            }
            k += 1;
        }
        // Complement: "de la Défense", "des Affaires étrangères", "de la Gironde".
        let mut complement = "";
        if k < limit && self.lower_in(k, &["de", "du", "des", "d"]) {
            let (c, _) = self.skip_determiners(k, limit);
            let place = self.place_at(c);
            // "la police de l'Etat" (of a federal state named before): no
            // field, the state's country stands for it.
            let bare_state = self.lower_is(c, "etat")
                && !self.lower_in(c + 1, &["de", "du", "d"])
                && !self.cap(c + 1);
            if self.cap(c) && (!place || local) && self.known_at(c).is_none() && !bare_state {
                // The end of a complement's name from its first word `c`.
                let name_end = |c: usize| {
                    let place = self.place_at(c);
                    // A place's whole name ("des Pays de la Loire").
                    let mut e = self
                        .place_mention(c)
                        .filter(|&(_, end)| end <= limit)
                        .map_or(c + 1, |(_, end)| end.max(c + 1));
                    while e < limit
                        && (self.cap(e) && place
                            // "du Puy-de-Dôme", "des Bouches-du-Rhône".
                            || self.glued(e)
                            || self.word(e)
                                && !self.cap(e)
                                && complement_adjective(self.lower_bytes(e)))
                    {
                        e += 1;
                    }
                    // "des Situations d'urgence": a noun after "d'" ends
                    // the field's name.
                    if !place
                        && self.lower_is(e, "d")
                        && self.punct(e + 1) == b'\''
                        && e + 2 < limit
                        && self.word(e + 2)
                        && !self.cap(e + 2)
                        && !self.ends_modifiers(e + 2)
                    {
                        e += 3;
                    }
                    // A ministry's field with a lower-case complement:
                    // "des Ressources en eau", "de la Gestion des urgences"
                    // (one noun, closing the name).
                    let closes = |i: usize| i >= limit || self.ends_modifiers(i);
                    if !place
                        && first == b"ministere"
                        && e + 1 < limit
                        && (self.lower_is(e, "en")
                            || self.lower_is(e, "des") && plural_word(self.lower_bytes(e + 1)))
                        && self.word(e + 1)
                        && !self.cap(e + 1)
                        && !self.ends_modifiers(e + 1)
                        && closes(e + 2)
                    {
                        e += 2;
                    }
                    e
                };
                let mut e = name_end(c);
                loop {
                    // "de l'Etat de Sonora": the division's own name;
                    // "de l'Agriculture et de la Pêche": a second field.
                    let division = e == c + 1
                        && self.lower_in(c, &["etat", "province", "region", "gouvernorat"])
                        && self.lower_in(e, &["de", "du", "d"]);
                    let coordinated =
                        self.is(e, "et") && self.lower_in(e + 1, &["de", "du", "des", "d"]);
                    if !division && !coordinated {
                        break;
                    }
                    let (c2, _) = self.skip_determiners(if division { e } else { e + 1 }, limit);
                    if c2 >= limit
                        || !self.cap(c2)
                        || self.known_at(c2).is_some()
                        || coordinated && self.place_at(c2)
                    {
                        break;
                    }
                    e = name_end(c2);
                }
                complement = doc.original(k, e);
                k = e;
                if demonym.is_none() && k < limit && self.demonym_at(k).is_some() {
                    demonym = Some(Part::Lower(k, k + 1));
                    k += 1;
                }
            }
        }
        // "… du Hamas": the movement it belongs to.
        let mut owner = "";
        if k < limit && self.lower_in(k, &["de", "du", "d"]) {
            let (c, _) = self.skip_determiners(k, limit);
            if let Some((_, end)) = self.known_at(c) {
                owner = doc.original(k, end);
                k = end;
            }
        }
        // "le ministère de la Santé de Gaza", "le gouvernement du Liban":
        // the territory it belongs to, a country by its adjective. (Not
        // in a title: "le préfet de police de Paris".)
        if owner.is_empty()
            && demonym.is_none()
            && !local
            && !(j > 0 && self.lower_in(j - 1, &["de", "d"]))
            && k < limit
            && self.lower_in(k, &["de", "du", "d"])
        {
            let (c, _) = self.skip_determiners(k, limit);
            let place = self.place_mention(c).filter(|&(_, end)| end <= limit);
            if let Some((p, end)) = place {
                if self.x.places[p].kind == super::PlaceKind::Country {
                    if let Some(forms) = self.x.country_demonyms.get(&self.x.place_country[p]) {
                        demonym = Some(Part::Text(pick(forms, feminine, plural)));
                        k = end;
                    }
                } else {
                    owner = doc.original(k, end);
                    k = end;
                }
            }
        }
        // "le ministère de la Défense à Moscou": the country of the place.
        if demonym.is_none() && !local && self.is(k, "a") && k + 1 < limit {
            if let Some(c) = self.country_at(k + 1) {
                if let Some(forms) = self.x.country_demonyms.get(&c) {
                    demonym = Some(Part::Text(pick(forms, feminine, plural)));
                    k += 2;
                }
            }
        }
        // (Written as a name, "la Protection civile", it keeps its capital.)
        let named = self.capitalised_government_head(j);
        let head = || {
            let head = head_name.unwrap_or_else(|| doc.original(j, j + head_len));
            if named {
                head.to_string()
            } else {
                head.to_lowercase()
            }
        };
        if demonym.is_none() && n_adjectives == 0 && owner.is_empty() {
            if local {
                if complement.is_empty() {
                    if head_len != 1 || plural {
                        return None;
                    }
                    // "… dans le sud du Calvados, a indiqué la préfecture":
                    // the division named earlier in the sentence (unless
                    // a complement not read follows: "le commandement des
                    // opérations conjointes").
                    let bare = !self.lower_in(k, &["de", "du", "des", "d"]);
                    if let Some((a, b)) = self.division_before(j).filter(|_| bare) {
                        return Some((format!("{} {}", head(), doc.original(a, b)), k));
                    }
                    // "A Zhengzhou, le métro a été fermé, a annoncé la
                    // municipalité": the town named earlier in the sentence.
                    let town_hall = matches!(first, b"mairie" | b"municipalite");
                    if let Some((a, b)) = self.town_before(j).filter(|_| bare && town_hall) {
                        return Some((format!("{} de {}", head(), doc.original(a, b)), k));
                    }
                    // "selon la préfecture" after "devant la préfecture de
                    // Maine-et-Loire": the body named in full before.
                    if let Some(name) = self.named_in_full_before(j).filter(|_| bare) {
                        return Some((name, k));
                    }
                    // "En Vendée, la préfecture a fait état", "dans les
                    // Pyrénées-Orientales, a annoncé la préfecture".
                    if let Some(of) = self
                        .departement_before(j)
                        .filter(|_| bare && self.lower_is(j, "prefecture"))
                    {
                        return Some((format!("{} {of}", head()), k));
                    }
                    return Some((head(), k));
                }
            } else if let Some(m) = self.mentions[..].iter().rev().find(|m| {
                m.last <= j
                    && m.hits.iter().any(|h| matches!(h, Hit::Source(_)))
                    && self.lower(m.first) == self.lower(j)
            }) {
                // "l'armée" after "l'armée israélienne" (a known source).
                return Some((doc.original(m.first, m.last).to_lowercase(), k));
            } else if let Some(m) = self.mentions[..].iter().rev().find(|m| {
                m.first > 0
                    && m.last <= j
                    && m.last == m.first + 1
                    && m.hits.iter().any(|h| matches!(h, Hit::Demonym(_)))
                    && self.lower(m.first - 1) == self.lower(j)
            }) {
                // "l'armée" after "l'armée malienne", "le ministère" after
                // "le ministère kazakh des Situations d'urgence": the same
                // institution, read again where it was named in full.
                // (A complement of its own stays: "le ministère de la
                // Défense" after "le ministère ukrainien".)
                let earlier = m.first - 1;
                let end = self.doc.sentence_end_token(self.doc.sentence_of(earlier));
                if let Some((name, _)) = complement
                    .is_empty()
                    .then(|| self.government(earlier, end))
                    .flatten()
                {
                    return Some((name, k));
                }
                demonym = Some(Part::Lower(m.first, m.last));
            } else if let Some(forms) = self.main_demonyms {
                // French institutions in French stories take no adjective
                // ("a précisé la gendarmerie" is the "gendarmerie");
                // "les autorités" alone stay so (they may be local,
                // regional or national).
                if forms[0] != "français" && first != b"autorites" {
                    demonym = Some(Part::Text(pick(forms, feminine, plural)));
                } else {
                    french = true;
                }
            } else if complement.is_empty() {
                return None;
            }
        }
        if demonym.is_none() && n_adjectives == 0 && complement.is_empty() && owner.is_empty() {
            // Bare, only the heads that name one body of the state (not
            // "le ministère": which one?), and neither an addressee ("a
            // demandé au gouvernement", "à la police") nor part of a title
            // ("le préfet de police").
            let before = |d: usize| j.checked_sub(d).map_or(&b""[..], |i| self.lower_bytes(i));
            let addressed = matches!(before(1), b"au" | b"aux" | b"de" | b"d")
                || before(1) == b"la" && before(2) == b"a"
                || before(1) == b"'" && before(2) == b"l" && before(3) == b"a";
            let one_body = french
                && !addressed
                && [
                    &b"police"[..],
                    b"gendarmerie",
                    b"armee",
                    b"gouvernement",
                    b"marine",
                ]
                .contains(&first);
            return (first == b"autorites" || one_body).then(|| (head(), k));
        }
        // Adjectives written before the demonym stay before it ("le
        // parquet général russe", "l'armée nationale libyenne"); a demonym
        // after the field moves next to the head ("le ministère de la
        // Défense russe" is the ministère russe de la Défense).
        let adjectives_first = n_adjectives > 0
            && matches!(demonym, Some(Part::Lower(a, _)) if a > adjectives[0] && a < j + head_len + 3);
        let demonym = match demonym {
            Some(Part::Lower(a, b)) => Cow::Owned(doc.original(a, b).to_lowercase()),
            Some(Part::Text(t)) => Cow::Borrowed(t),
            None => Cow::Borrowed(""),
        };
        let adjectives = adjectives[..n_adjectives]
            .iter()
            .map(|&a| doc.original(a, a + 1).to_lowercase())
            .collect::<Vec<_>>()
            .join(" ");
        let mut name = head();
        let order = if adjectives_first {
            [&*adjectives, &*demonym, complement, owner]
        } else {
            [&*demonym, &*adjectives, complement, owner]
        };
        for part in order {
            if !part.is_empty() {
                name.push(' ');
                name.push_str(part);
            }
        }
        Some((name, k))
    }

    /// The country of a one-word place (a capital, a country) at `i`.
    fn country_at(&self, i: usize) -> Option<usize> {
        self.place_mention(i).map(|(p, _)| self.x.place_country[p])
    }

    /// The place of the mention starting at token `i` (its first place
    /// hit) and the mention's end.
    fn place_mention(&self, i: usize) -> Option<(usize, usize)> {
        let m = self.mention(i)?;
        m.hits.iter().find_map(|h| match *h {
            Hit::Place(p) => Some((p as usize, m.last)),
            _ => None,
        })
    }

    /// Whether a name follows the head noun at `j`, directly or after up to
    /// two adjectives ("l'agence officielle Sana", "l'ONG Amnesty").
    fn named_after_head(&self, j: usize) -> bool {
        let mut k = j + 1;
        while k < j + 3 && !self.cap(k) && !self.ends_modifiers(k) {
            k += 1;
        }
        self.cap(k) || self.known_phrase(k).is_some()
    }

    /// Is token `j` a word that ends a run of adjectives after a head noun
    /// (a preposition, determiner, verb, participle of contact …)?
    fn ends_modifiers(&self, j: usize) -> bool {
        !self.word(j)
            || self.has(
                j,
                class::DETERMINER
                    | class::AUXILIARY
                    | class::MODIFIER_STOP
                    | class::CUE
                    | class::DIGITS,
            )
            || self.known_at(j).is_some()
    }

    /// A known source at `j`, with an optional complement and definition
    /// ("Bureau de coordination des affaires humanitaires de l'ONU (OCHA)"):
    /// the credited source and the end.
    fn known_phrase(&self, j: usize) -> Option<(Credit<'a>, usize)> {
        let (s, end) = self.known_at(j)?;
        let mut credit = self.known(s);
        let mut e = end;
        // "la Défense civile" outside Syria is not the Syrian one: the
        // body of the story's country, as written (below), with its
        // territory ("de Gaza"), or as named in full earlier.
        let foreign = self.foreign_local_alias(s, j, end);
        if foreign {
            let doc: &'a Doc = self.doc;
            credit.name = Cow::Borrowed(doc.original(j, end));
            if self.demonym_at(e).is_none() {
                if let Some(place_end) = self.place_complement(e) {
                    credit.name = Cow::Borrowed(doc.original(j, place_end));
                    e = place_end;
                } else if let Some(name) = self.named_in_full(s, j) {
                    credit.name = Cow::Borrowed(name);
                }
            }
        }
        // "la Croix-Rouge philippine", "la Défense civile libanaise": the
        // national body of a listed organisation is named as written (the
        // list names some: "Croix-Rouge libanaise" is matched whole), as
        // is a local alias in another country's story. A listed
        // government's adjective is its own ("le département d'Etat
        // américain").
        if (foreign || credit.kind == SourceKind::Ngo) && self.demonym_at(e).is_some() {
            let doc: &'a Doc = self.doc;
            credit.name = straight_apostrophes(doc.original(j, e + 1));
            e += 1;
        }
        // "… de l'ONU (OCHA)": the complement belongs to the name.
        let after_complement = if self.lower_in(e, &["de", "du", "des", "d"]) {
            let (c, _) = self.skip_determiners(e, e + 4);
            self.known_at(c).map(|(_, end2)| end2)
        } else if self.lower_in(e, &["en", "au", "aux"]) {
            // "le groupe Etat islamique en Afrique de l'Ouest (Iswap)": a
            // branch named by its region, then defined.
            self.definition_ahead(e + 1, e + 8).map(|(d, _, _)| d)
        } else {
            None
        };
        for candidate in [Some(e), after_complement].into_iter().flatten() {
            if let Some((acronym, after)) = self.definition_at(candidate) {
                if let Some(&(name, kind)) = self.defs().acronyms.get(acronym) {
                    credit = Credit {
                        name: Cow::Borrowed(name),
                        kind,
                    };
                } else if let Some(r) = self.resolve_index(acronym) {
                    credit = self.known(self.canonical_index(r).unwrap_or(s));
                }
                e = after;
                break;
            }
        }
        if self.punct(e) == b'(' {
            if let Some(close) =
                (e + 1..(e + 5).min(self.doc.tokens.len())).find(|&i| self.punct(i) == b')')
            {
                e = close + 1;
            }
        }
        Some((credit, e))
    }

    /// The name in full of the one-word local head at `j` ("préfecture"),
    /// from its last earlier occurrence in the dispatch with a complement
    /// ("la préfecture de Maine-et-Loire"), as [`Ctx::government`] reads it.
    fn named_in_full_before(&self, j: usize) -> Option<String> {
        let head = self.lower_bytes(j);
        let e = (0..j).rev().find(|&e| {
            same_bytes(self.lower_bytes(e), head) && self.lower_in(e + 1, &["de", "du", "des", "d"])
        })?;
        let end = self.doc.sentence_end_token(self.doc.sentence_of(e));
        let (name, _) = self.government(e, end)?;
        name.contains(' ').then_some(name)
    }

    /// The mentions before token `j` in its sentence (after its first
    /// token), nearest first, that hold a place of a kind `kind` accepts.
    fn places_before(
        &self,
        j: usize,
        kind: impl Fn(super::PlaceKind) -> bool,
    ) -> impl Iterator<Item = &Mention> {
        let start = self.doc.sentence_start_token(self.doc.sentence_of(j));
        let x: &'a Extractor = self.x;
        self.mentions.iter().rev().filter(move |m| {
            m.last <= j
                && m.first > start
                && m.hits
                    .iter()
                    .any(|h| matches!(*h, Hit::Place(p) if kind(x.places[p as usize].kind)))
        })
    }

    /// The nearest place other than a country named with "de / du / des"
    /// before token `j` in its sentence ("dans le sud du Calvados"): the
    /// tokens from the preposition to the end of the place.
    fn division_before(&self, j: usize) -> Option<(usize, usize)> {
        let start = self.doc.sentence_start_token(self.doc.sentence_of(j));
        self.places_before(j, |k| k != super::PlaceKind::Country)
            .find_map(|m| {
                let mut a = m.first - 1;
                while a > start && (self.punct(a) == b'\'' || self.lower_in(a, &["la", "l", "le"]))
                {
                    a -= 1;
                }
                self.lower_in(a, &["de", "du", "des", "d"])
                    .then_some((a, m.last))
            })
    }

    /// The nearest town named after "à" before token `j` in its sentence
    /// ("A Zhengzhou, le métro a été fermé"): the town's tokens.
    fn town_before(&self, j: usize) -> Option<(usize, usize)> {
        self.places_before(j, |k| k == super::PlaceKind::City)
            .find(|m| self.lower_is(m.first - 1, "a"))
            .map(|m| (m.first, m.last))
    }

    /// The French département written by its name after "en" or "dans"
    /// earlier in the sentence of token `j`, as the complement of its
    /// préfecture: "de la Vendée" ("En Vendée"), "des Pyrénées-Orientales"
    /// ("dans les Pyrénées-Orientales"), "du Var", "de l'Isère".
    fn departement_before(&self, j: usize) -> Option<String> {
        let start = self.doc.sentence_start_token(self.doc.sentence_of(j));
        let x: &'a Extractor = self.x;
        let doc: &'a Doc = self.doc;
        self.mentions.iter().rev().find_map(|m| {
            if m.last > j || m.first <= start {
                return None;
            }
            let (p, _) = self.place_mention(m.first)?;
            let place = &x.places[p];
            let written = doc.original(m.first, m.last);
            let departement = place.kind == super::PlaceKind::City
                && x.place_paths[p].first().is_some_and(|c| c == "France")
                && key(&place.name) == key(written);
            if !departement {
                return None;
            }
            // The article the name takes, and the word before it.
            let a = m.first - 1;
            let (article, before) = if a >= 1 && self.punct(a) == b'\'' && self.lower_is(a - 1, "l")
            {
                ("de l'", a.saturating_sub(2))
            } else if self.lower_in(a, &["le", "la", "les"]) {
                let article = match self.lower(a) {
                    "le" => "du ",
                    "la" => "de la ",
                    _ => "des ",
                };
                (article, a.saturating_sub(1))
            } else if matches!(
                self.lower_bytes(m.first).first(),
                Some(b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
            ) {
                ("de l'", a)
            } else {
                ("de la ", a)
            };
            // "en Vendée" (no article), "dans les Pyrénées-Orientales".
            let located = if before == a {
                self.lower_is(a, "en")
            } else {
                self.lower_is(before, "dans")
            };
            located.then(|| format!("{article}{written}"))
        })
    }

    /// Is the known source `s`, matched on tokens `j..end`, named there
    /// by one of its local aliases while the dispatch is about another
    /// country than the source's?
    fn foreign_local_alias(&self, s: usize, j: usize, end: usize) -> bool {
        let x: &'a Extractor = self.x;
        let foreign = x
            .source_country
            .get(s)
            .copied()
            .flatten()
            .is_some_and(|c| Some(c) != self.story_country);
        if !foreign {
            return false;
        }
        self.with_key(self.doc.original(j, end), |k| {
            x.local_alias_keys.get(k) == Some(&s)
        })
    }

    /// The end of a place complement at `e` ("de Gaza", "du Liban"), if
    /// one is there.
    fn place_complement(&self, e: usize) -> Option<usize> {
        if !self.lower_in(e, &["de", "du", "d"]) {
            return None;
        }
        let (c, _) = self.skip_determiners(e, e + 4);
        self.place_mention(c).map(|(_, end)| end)
    }

    /// An earlier mention of the known source `s`, before token `j`, named
    /// in full with a country's adjective or a place complement ("la
    /// Défense civile libanaise" … "la Défense civile"): its text.
    fn named_in_full(&self, s: usize, j: usize) -> Option<&'a str> {
        let doc: &'a Doc = self.doc;
        self.mentions.iter().rev().find_map(|m| {
            if m.last > j
                || !m
                    .hits
                    .iter()
                    .any(|h| matches!(*h, Hit::Source(k) if k as usize == s))
            {
                return None;
            }
            let full_end = if self.demonym_at(m.last).is_some() {
                Some(m.last + 1)
            } else {
                self.place_complement(m.last)
            };
            full_end.map(|f| doc.original(m.first, f))
        })
    }

    /// The credit of an acronym defined in the dispatch: the source it was
    /// defined for, else the acronym itself (resolved when it is a known
    /// name) with the kind `kind`.
    fn defined_credit(&self, acronym: &'a str, kind: SourceKind) -> Credit<'a> {
        match self.defs().acronyms.get(acronym) {
            Some(&(name, kind)) => Credit {
                name: Cow::Borrowed(name),
                kind,
            },
            None => Credit {
                name: Cow::Borrowed(self.resolve(acronym).unwrap_or(acronym)),
                kind,
            },
        }
    }

    /// The credit of the definition that closes the name starting at `j`
    /// within 16 tokens, before any cue or quote ("Autorité de gestion des
    /// catastrophes (AFAD)"), and the token after its bracket.
    fn definition_closing(&self, j: usize, limit: usize) -> Option<(Credit<'a>, usize)> {
        // Only a bracket opens a definition: none in reach, nothing to read.
        if !self.bracket_within(j + 1, limit.min(j + 17)) {
            return None;
        }
        let mut d = j + 1;
        while d < limit && d - j <= 16 && !self.is_cue(d) && self.punct(d) != b'"' {
            if let Some((acronym, after)) = self.definition_at(d) {
                return Some((
                    self.defined_credit(acronym, SourceKind::Organisation),
                    after,
                ));
            }
            if self.punct(d) == b'(' {
                return None;
            }
            d += 1;
        }
        None
    }

    /// The acronym of a definition at `j` and the token after its closing
    /// bracket: `(SIGLE)` (all capitals, or one capitalised word that is
    /// not a place: `(Fnuod)`), or an all-capitals acronym with a short
    /// qualifier: `(AIB, publique)`, `(JNIM selon son acronyme arabe)`.
    fn definition_at(&self, j: usize) -> Option<(&'a str, usize)> {
        if self.punct(j) != b'(' {
            return None;
        }
        let doc: &'a Doc = self.doc;
        let t = doc.tokens.get(j + 1)?;
        let word = doc.tok(j + 1);
        if self.punct(j + 2) == b')' {
            let ok =
                t.acronym || t.cap && word.len() <= 8 && !self.place_at(j + 1) && word.len() >= 3;
            return ok.then_some((word, j + 3));
        }
        // A qualifier: a comma or a lower-case word, then at most
        // [`QUALIFIER`] tokens of the same sentence before the bracket
        // closes.
        const QUALIFIER: usize = 8;
        let q = j + 2;
        if !t.acronym || !(self.punct(q) == b',' || self.word(q) && !self.cap(q)) {
            return None;
        }
        let close = (q..(q + QUALIFIER).min(doc.tokens.len()))
            .take_while(|&k| !matches!(self.punct(k), b'(' | b'"' | b'.' | b'!' | b'?' | b';'))
            .find(|&k| self.punct(k) == b')')?;
        Some((word, close + 1))
    }

    /// A government administration named by its unit and its field, and
    /// the token after it: "la direction de la Santé de Najaf", "le
    /// département de la Santé du Pendjab", "la division provinciale des
    /// Mines", "la direction de la Sécurité civile", as written; or by its
    /// unit, its adjectives and its place ("l'administration militaire
    /// régionale de Kharkiv"). The field takes its article and a capital,
    /// and is no acronym, known name or place ("la direction de la SNCF" is
    /// the company, "le département de la Gironde" a place).
    fn administration(&self, j: usize, limit: usize) -> Option<(Credit<'a>, usize)> {
        if !self.lower_in(
            j,
            &[
                "direction",
                "departement",
                "division",
                "service",
                "administration",
            ],
        ) {
            return None;
        }
        let mut k = j + 1;
        while k < j + 3 && self.word(k) && !self.cap(k) && !self.ends_modifiers(k) {
            k += 1;
        }
        if !self.lower_in(k, &["de", "du", "des", "d"]) {
            return None;
        }
        let (c, _) = self.skip_determiners(k, limit);
        // "l'administration militaire régionale de Kharkiv": a unit with
        // its adjectives and the place it serves.
        if k > j + 1 {
            if let Some((_, end)) = self.place_mention(c).filter(|&(_, end)| end <= limit) {
                return Some((self.written_credit(j, end, SourceKind::Government), end));
            }
        }
        let article = c > k + 1 || self.lower_in(k, &["du", "des"]);
        if !article
            || c >= limit
            || !self.cap(c)
            || self.doc.tokens[c].acronym
            || self.known_at(c).is_some()
            || self.place_at(c)
            || self.inside_place(c)
        {
            return None;
        }
        // The field: "Santé", "Sécurité civile", "Mines et Géologie".
        let mut e = c + 1;
        while e < limit
            && self.word(e)
            && (self.cap(e) && self.glued(e) || !self.cap(e) && !self.ends_modifiers(e))
        {
            e += 1;
        }
        // Its place: "de Najaf", "du Pendjab" (a name the gazetteer
        // leaves out there too: "du Kurdistan").
        if let Some(end) = self.place_complement(e).filter(|&end| end <= limit) {
            e = end;
        } else if self.lower_in(e, &["de", "du", "d"]) {
            let (p, _) = self.skip_determiners(e, limit);
            if p < limit && self.cap(p) && !self.doc.tokens[p].acronym && self.known_at(p).is_none()
            {
                e = p + 1;
                while e < limit && self.cap(e) && self.glued(e) {
                    e += 1;
                }
            }
        }
        Some((self.written_credit(j, e, SourceKind::Government), e))
    }

    /// After a credited organisation: skips a complement up to a comma
    /// ("Le Haut-Commissaire de l'ONU aux droits de l'homme, Volker Türk")
    /// and takes the person named there.
    fn person_after(&mut self, j: usize, limit: usize, out: &mut Vec<Credit<'a>>) -> usize {
        let before = out.len();
        let e = self.apposition(j, limit, out);
        if out.len() > before {
            return e;
        }
        let mut k = j;
        let mut direct = true;
        while k < limit && k - j <= 14 {
            let t = self.punct(k);
            if t == b',' {
                let e = self.apposition(k, limit, out);
                return if out.len() > before { e } else { j };
            }
            if t == b'"' || self.is_cue(k) || !self.word(k) && t != b'\'' {
                break;
            }
            // Direct names only follow a title's complement: "de", articles,
            // capitalised words and their adjectives ("le ministre des
            // Affaires étrangères Gérald Darmanin").
            // (Also a bare noun after "de": "le général de brigade X".)
            let complement_word = self.cap(k)
                || self.lower_in(k, &["de", "du", "des", "d", "'", "l", "la", "le", "les"])
                || k > j && self.cap(k - 1)
                || k > j && self.is(k - 1, "de") && !self.has(k, class::DETERMINER);
            if !complement_word {
                direct = false;
            }
            // "le ministre de l'Intérieur Gérald Darmanin".
            if direct
                && (k > j && self.cap(k) && !self.cap(k - 1) || k > j + 1 && self.cap(k))
                && !self.article_before(k)
            {
                if let Some(end) = self.name_at(k, limit) {
                    if (k..end).filter(|&i| self.cap(i)).count() >= 2 {
                        if let Some(p) = self.person(k, end, true) {
                            out.push(p);
                            return end;
                        }
                    }
                }
            }
            k += 1;
        }
        j
    }

    /// The sources a noun phrase at `i` (ending before `limit`) credits,
    /// and the token after it.
    fn noun_phrase(&mut self, i: usize, limit: usize, depth: usize) -> (Vec<Credit<'a>>, usize) {
        let mut out = self.credits();
        let (j, titled) = self.skip_determiners(i, limit);
        let mut j = self.known_with_article(i, j);
        if j >= limit || depth > 3 {
            return (out, j);
        }
        if !self.first_name_after_known(j) {
            if let Some((credit, end)) = self.known_phrase(j) {
                out.push(credit);
                j = self.apposition(end, limit, &mut out);
                return (out, j);
            }
        }
        // "le Norvégien Eirik Haugen", "l'Américaine Lindsey Park": a
        // nationality before a name.
        if self.cap(j)
            && self.demonym_at(j).is_some()
            && self.cap(j + 1)
            && !self.place_at(j + 1)
            && self.name_at(j + 1, limit).is_some()
        {
            j += 1;
        }
        if !self.word(j) || self.place_at(j) {
            return (out, j);
        }
        let cap = self.cap(j);
        // "le directeur de l'agence": the organisation named last, unless
        // a name follows the head and its adjectives ("l'agence officielle
        // Sana").
        if self.lower_in(
            j,
            &["agence", "ong", "organisation", "organisme", "observatoire"],
        ) && j > i
            && self.lower_in(j - 1, &["'", "l", "cette"])
            && !self.lower_in(j + 1, &["de", "d"])
            && !self.named_after_head(j)
            && self.definition_ahead(j + 1, limit).is_none()
        {
            // (Named as where it was named: "la Défense civile irakienne".)
            if let Some(credit) = self.mentions[..]
                .iter()
                .rev()
                .filter(|m| m.last <= j)
                .find(|m| m.hits.iter().any(|h| matches!(h, Hit::Source(_))))
                .map(|m| m.first)
                .and_then(|first| self.known_phrase(first).map(|(c, _)| c))
                .filter(|c| {
                    matches!(
                        c.kind,
                        SourceKind::Ngo | SourceKind::Un | SourceKind::Agency
                    )
                })
            {
                out.push(credit);
                let e = self.person_after(j + 1, limit, &mut out);
                return (out, e);
            }
        }
        if !cap || self.capitalised_government_head(j) {
            if let Some((name, end)) = self.government(j, limit) {
                // "le gouvernement d'union nationale (GUN)": the acronym the
                // phrase defines names it.
                let open = (j + 1..limit.min(j + 8))
                    .take_while(|&k| {
                        self.word(k) && !self.cap(k)
                            || self.punct(k) == b'\''
                            || self.punct(k) == b'('
                    })
                    .find(|&k| self.punct(k) == b'(');
                if let Some((acronym, after)) = open.and_then(|o| self.definition_at(o)) {
                    out.push(self.defined_credit(acronym, SourceKind::Government));
                    let e = self.person_after(after, limit, &mut out);
                    return (out, e);
                }
                out.push(self.government_credit(name));
                let e = self.person_after(end, limit, &mut out);
                return (out, e);
            }
            if self.has(j, class::MEDIA_HEAD) {
                self.recycle(out);
                return self.media(j, limit);
            }
        }
        if !cap {
            if let Some((credit, end)) = self.administration(j, limit) {
                out.push(credit);
                let e = self.person_after(end, limit, &mut out);
                return (out, e);
            }
        }
        let c = self.list_bits(j);
        let role = c & class::ROLE != 0
            || !cap && c & (class::ANONYMOUS | class::CONTAINER | class::ORGANISATION_HEAD) != 0;
        let role = role && !(cap && c & class::ORGANISATION_WORD != 0);
        if role {
            self.recycle(out);
            return self.role(j, limit, depth);
        }
        if !cap {
            // "la climatologue Joanne Whitfield", "la gynécologue-
            // obstétricienne X": a profession after an article, then a
            // full name, is that person's title.
            let mut k = j + 1;
            while k < limit && k - j < 3 && self.word(k) && !self.cap(k) && self.glued(k) {
                k += 1;
            }
            // (Not a building or a place named after its kind: "l'hôpital
            // Al-Thawra", "la place Tahrir".)
            let named_thing = self.lower_in(
                j,
                &[
                    "hopital",
                    "clinique",
                    "ecole",
                    "lycee",
                    "college",
                    "universite",
                    "stade",
                    "aeroport",
                    "port",
                    "gare",
                    "rue",
                    "avenue",
                    "boulevard",
                    "place",
                    "pont",
                    "prison",
                    "camp",
                    "quartier",
                    "mosquee",
                    "eglise",
                    "cathedrale",
                    "musee",
                    "palais",
                    "centre",
                    "hotel",
                    "usine",
                    "mine",
                    "base",
                    "prix",
                    "operation",
                    "navire",
                    "bateau",
                    "avion",
                    "ile",
                    "mont",
                    "lac",
                    "fleuve",
                    "riviere",
                ],
            );
            if j > i && k < limit && self.cap(k) && !self.is_cue(j) && !named_thing {
                if let Some(end) = self.name_at(k, limit) {
                    // (Words glued by a hyphen count once: "Al-Thawra".)
                    let words = (k..end)
                        .filter(|&t| self.cap(t) && !(t > k && self.glued(t)))
                        .count();
                    if words >= 2 {
                        if let Some(p) = self.person(k, end, true) {
                            out.push(p);
                            return (out, end);
                        }
                    }
                }
            }
            return (out, j);
        }
        let first_name = self.punct(j + 1) == b','
            && self.lower_in(j + 2, &["un", "une"])
            && self.name_at(j, limit) == Some(j + 1);
        if let Some((c, e)) = self.capitalised(j, limit, titled || first_name) {
            let person = c.kind == SourceKind::Person;
            out.push(c);
            j = e;
            if !person {
                j = self.apposition(j, limit, &mut out);
            } else if self.punct(j) == b',' {
                // "Dominik Stillhart, directeur des opérations du CICR".
                let (k, _) = self.skip_determiners(j + 1, limit);
                if self.word(k) && self.has(k, class::ROLE) {
                    let (mut orgs, e) = self.role(k, limit, depth + 1);
                    orgs.retain(|c| !matches!(c.kind, SourceKind::Person | SourceKind::Anonymous));
                    if !orgs.is_empty() {
                        j = e;
                    }
                    self.append(&mut out, orgs);
                }
            }
        }
        (out, j)
    }

    /// A role or anonymous head at `j`: "le directeur de l'OSDH, Rami Abdel
    /// Rahmane", "un responsable militaire kurde", "l'ONG B'Tselem".
    fn role(&mut self, mut j: usize, limit: usize, depth: usize) -> (Vec<Credit<'a>>, usize) {
        let mut out = self.credits();
        let source_head = self.lower_in(j, &["source", "sources"]);
        let head_start = j;
        j += 1;
        // "le numéro un de la CFDT", "le numéro deux du régime".
        if self.lower_is(head_start, "numero") && self.lower_in(j, &["un", "deux", "trois"]) {
            j += 1;
        }
        // "porte-parole", "Premier ministre", adjectives and demonyms.
        let mut adjectives = 0;
        while j < limit && adjectives < 3 && !self.ends_modifiers(j) {
            if self.cap(j) && !self.has(j, class::ROLE) {
                break;
            }
            // "qui pourrait selon des experts détourner une partie": an
            // infinitive with its object ends the phrase.
            if matches!(self.lower_bytes(j), [.., b'e' | b'i', b'r'])
                && self.has(j + 1, class::DETERMINER)
            {
                break;
            }
            // "réfugié au Tchad", "présent dans la ville": a participle
            // with its complement is not part of the noun phrase; a
            // relational adjective is ("une source diplomatique à Nairobi").
            let preposition =
                self.lower_in(
                    j + 1,
                    &[
                        "au", "aux", "en", "dans", "par", "pres", "depuis", "sur", "vers",
                    ],
                ) || self.lower_is(j + 1, "a") && !self.is_cue(j + 2) && !self.is_cue(j + 1);
            // (A demonym is an adjective: "un diplomate européen en poste";
            // a word glued by a hyphen is part of the head, "un
            // porte-parole à l'AFP".)
            if preposition
                && !self.glued(j)
                && !relational_adjective(self.lower_bytes(j))
                && self.demonym_at(j).is_none()
            {
                break;
            }
            j += 1;
            adjectives += 1;
        }
        // "de source diplomatique"; "un père de famille", "un chef de
        // village": a bare noun closing an anonymous head's phrase.
        // (Not an institution, "un officier de police", nor a verb.)
        let bare_complement = self.is(j, "de")
            && self.word(j + 1)
            && !self.cap(j + 1)
            && !self.has(
                j + 1,
                class::DETERMINER
                    | class::GOVERNMENT_FIRST
                    | class::ORGANISATION_HEAD
                    | class::MEDIA_HEAD,
            )
            && !self.ends_modifiers(j + 1)
            && !["er", "ir", "re", "ent"]
                .iter()
                .any(|e| self.lower(j + 1).ends_with(e));
        if bare_complement
            && (source_head
                || self.has(head_start, class::ANONYMOUS)
                    && (j + 2 >= limit || self.ends_modifiers(j + 2) || self.is_cue(j + 2)))
        {
            j += 2;
        } else if self.is(j, "de")
            && j + 2 < limit
            && self.word(j + 1)
            && !self.cap(j + 1)
            && !self.has(j + 1, class::DETERMINER)
            && self.has(head_start, class::ROLE)
            && self.name_at(j + 2, limit).is_some()
        {
            // "le général de brigade Danjuma Okoro": a bare noun completes
            // the title before the name.
            j += 2;
        }
        // "une source proche du dossier", "des sources proches de
        // l'enquête": the complement of "proche" belongs to the phrase.
        if j > head_start + 1
            && self.lower_in(j - 1, &["proche", "proches"])
            && self.lower_in(j, &["de", "du", "des", "d"])
        {
            let (n, _) = self.skip_determiners(j, limit);
            if n < limit && self.word(n) && !self.cap(n) && !self.ends_modifiers(n) {
                j = n + 1;
            }
        }
        let head_end = j;
        let mut organisation = false;
        let mut person = false;
        // Complement: "de l'OSDH", "du ministère de la Défense"; where it
        // ends, even when it credits no one.
        let mut complement_end = j;
        if j < limit && self.lower_in(j, &["de", "du", "des", "d"]) {
            let (mut credits, end) = self.noun_phrase(j, limit, depth + 1);
            complement_end = end;
            // "l'association d'éleveurs X", "le syndicat des enseignants":
            // the members an organisation is named after are not sources.
            let bare = self.lower_in(j, &["d", "des"])
                || self.is(j, "de") && !self.has(j + 1, class::DETERMINER);
            if bare
                && self.has(head_start, class::ORGANISATION_HEAD)
                && !self.has(head_start, class::ANONYMOUS)
            {
                let members = credits.len();
                credits.retain(|c| c.kind != SourceKind::Anonymous);
                // (Read as part of the phrase, which names no source.)
                if credits.is_empty() && members > 0 {
                    j = end;
                }
            }
            if !credits.is_empty() {
                person = credits.iter().any(|c| c.kind == SourceKind::Person);
                organisation = true;
                j = end;
            }
            self.append(&mut out, credits);
        }
        if !organisation && self.lower_in(j, &["de", "du", "des", "d"]) {
            // "de la diplomatie de l'UE": a function of a known organisation.
            let (n, _) = self.skip_determiners(j, limit);
            if self.word(n) && !self.cap(n) && self.lower_in(n + 1, &["de", "du", "des", "d"]) {
                let (c, _) = self.skip_determiners(n + 1, limit);
                if let Some((credit, end)) = self.known_phrase(c) {
                    out.push(credit);
                    organisation = true;
                    j = end;
                }
            }
        }
        // "économiste chez ING", "analyste au cabinet Xerfi": a
        // professional's employer is credited beside them.
        if !organisation && self.has(head_start, class::ROLE) {
            if let Some((credit, end)) = self.employer(head_start, j, limit) {
                out.push(credit);
                organisation = true;
                j = end;
            }
        }
        // "selon les résultats publiés par la préfecture": the agent of a
        // container's participle; also after the container's complement
        // ("un courrier du Premier ministre consulté par l'AFP", "un
        // rapport de l'ONU obtenu par l'AFP": both).
        let agent_at = |c: &Self, at: usize| {
            at + 2 < limit && c.lower_is(at + 1, "par") && agent_participle(c.lower_bytes(at))
        };
        let container = self.has(head_start, class::CONTAINER);
        let after_complement =
            container && complement_end > head_end && agent_at(self, complement_end);
        if after_complement {
            j = complement_end;
        }
        if (after_complement || !organisation) && container && agent_at(self, j) {
            let (credits, end) = self.noun_phrase(j + 2, limit, depth + 1);
            let found = !credits.is_empty();
            self.append(&mut out, credits);
            if found {
                organisation = true;
                j = end;
                // "menée par le CHU de Rouen et l'Inserm" (its place
                // skipped).
                if self.lower_in(j, &["de", "du", "d"]) {
                    let (c, _) = self.skip_determiners(j, limit);
                    if let Some(m) = self.mention(c).filter(|_| self.place_at(c)) {
                        j = m.last;
                    }
                }
                if self.is(j, "et") {
                    let (more, e2) = self.noun_phrase(j + 1, limit, depth + 1);
                    if !more.is_empty() {
                        j = e2;
                    }
                    self.append(&mut out, more);
                }
            }
        }
        if organisation {
        } else if let Some((credit, end)) = self.known_phrase(j) {
            // "l'organisation Human Rights Watch", "l'agence Sana".
            out.push(credit);
            organisation = true;
            j = end;
        } else if j < limit && self.doc.tokens.get(j).is_some_and(|t| t.acronym) && !self.cap(j + 1)
        {
            // "déléguée CFDT", "un responsable FO du site": the acronym of
            // the organisation, right after the role.
            if let Some((credit, end)) = self.capitalised(j, limit, false) {
                out.push(credit);
                organisation = true;
                j = end;
            }
        }
        // "un sondage Ifop pour Nice-Matin / La Croix / le ministère": the
        // poll's client too.
        if organisation
            && self.lower_in(head_start, &["sondage", "etude", "enquete", "barometre"])
            && self.is(j, "pour")
        {
            // (A capitalised article is part of a title: "La Croix".)
            let c = if self.cap(j + 1) && self.lower_in(j + 1, &["la", "le", "les"]) {
                j + 1
            } else {
                self.skip_determiners(j + 1, limit).0
            };
            let named = self
                .cap(c)
                .then(|| self.organisation_name(c, limit))
                .flatten();
            if let Some((credit, e)) = named {
                out.push(credit);
                j = e;
            } else {
                let (mut more, e) = self.noun_phrase(j + 1, limit, depth + 1);
                more.retain(|c| c.kind != SourceKind::Anonymous);
                if !more.is_empty() {
                    j = e;
                }
                self.append(&mut out, more);
            }
        }
        // The person a role names comes before a definition further on
        // ("l'économiste Marcelo Tavares, de la Fondation Getulio Vargas
        // (FGV)": the person, then the foundation).
        if !organisation
            && !person
            && self.cap(j)
            && self.has(head_start, class::ROLE)
            && !self.has(head_start, class::ORGANISATION_HEAD)
            && self.bracket_within(j, limit.min(j + 17))
            && self.name_at(j, limit).is_some()
        {
            let before = out.len();
            let e = self.person_after(j, limit, &mut out);
            if out.len() > before {
                person = true;
                j = e;
            }
        }
        // A defined acronym closing the phrase names the organisation:
        // "la mission d'observation de l'ONU en Syrie (Misnus)".
        let mut k = j;
        // Only a bracket can open a definition: none in reach, nothing to
        // read.
        if !self.bracket_within(j, limit.min(j + 17)) {
            k = limit;
        }
        while k < limit && k - j <= 16 && !self.is_cue(k) && self.punct(k) != b'"' {
            // Only a bracket can open a definition: the rest is skipped.
            if self.punct(k) != b'(' {
                k += 1;
                continue;
            }
            if let Some((acronym, after)) = self.definition_at(k) {
                let credit = self.defined_credit(acronym, SourceKind::Organisation);
                out.retain(|c| c.kind == SourceKind::Person);
                out.push(credit);
                organisation = true;
                j = after;
            }
            break;
        }
        // A complement of the kind before the name: "le groupe public
        // d'électricité EDF", "le syndicat de police Alliance", "le géant
        // du luxe LVMH" (not a role: "le bureau du procureur X" is his).
        if !person
            && !organisation
            && self.has(head_start, class::ORGANISATION_HEAD)
            && self.lower_in(j, &["d", "de", "du"])
        {
            // (With its article and two words: "l'office fédéral de la
            // statistique Destatis", "l'agence du transport aérien X".)
            // (skip_determiners passes the apostrophe of "d'".)
            let (n, _) = self.skip_determiners(j + 1, limit);
            let mut w = n;
            while w < n + 2
                && w < limit
                && self.word(w)
                && !self.cap(w)
                && !self.ends_modifiers(w)
                && !self.has(w, class::ROLE)
            {
                w += 1;
            }
            if w > n && w < limit && self.cap(w) {
                j = w;
            }
        }
        // An organisation named after its kind ("le groupe papetier
        // finlandais Nordvik", "la centrale Histadrout") before a person.
        let mut named_organisation = false;
        if !person
            && !organisation
            && j < limit
            && self.cap(j)
            && self.has(head_start, class::ORGANISATION_HEAD)
        {
            if let Some((c, e)) = self.organisation_name(j, limit) {
                out.push(c);
                organisation = true;
                named_organisation = true;
                j = e;
            }
        }
        // The person named after the role.
        if !person && !named_organisation {
            let before = out.len();
            let e = self.person_after(j, limit, &mut out);
            if out.len() > before {
                person = true;
                j = e;
            }
        }
        // "Le ministre du Travail a défendu", "selon la ministre de la
        // Santé": a minister named by the office alone speaks for the
        // ministry.
        if !person && !organisation && head_end <= head_start + 3 {
            if let Some((credit, end)) = self.unnamed_minister(head_start, limit) {
                out.push(credit);
                organisation = true;
                j = end;
            }
        }
        // An anonymous member, alone or of a named organisation; the
        // journalists of an agency are the agency.
        let worker = self.has(head_start, class::MEDIA_WORKER) && organisation;
        let anonymous = self.has(head_start, class::ANONYMOUS);
        // "a précisé cette source", "selon la même source": the source
        // named before, credited where it was named.
        // So is "le gouverneur" after "le gouverneur régional, Igor X",
        // and "l'élu" after any person named in full.
        let anaphora = head_start > 0
            && (self.lower_in(head_start - 1, &["cette", "ces", "meme"])
                || anonymous
                    && !person
                    && head_end == head_start + 1
                    && (self.lower_in(head_start - 1, &["le", "la"])
                        || head_start > 1
                            && self.punct(head_start - 1) == b'\''
                            && self.lower_is(head_start - 2, "l"))
                    && (self.titled_before(head_start)
                        || self.lower_in(head_start, &["elu", "elue"])
                            && self.person_named_before(head_start)))
            // "a annoncé le gouverneur régional." before "le gouverneur,
            // Igor X": the person named later.
            || anonymous
                && !person
                && head_end <= head_start + 2
                && head_start > 0
                && self.lower_in(head_start - 1, &["le", "la"])
                && self.titled_after(head_start);
        if !person && !worker && anonymous && !anaphora {
            // "des sources locales et sécuritaires": two anonymous sources
            // sharing their plural head, each with its own adjective; "des
            // sources sécuritaire et locale": one of each, in the singular.
            let second = self.coordinated_adjective(head_start, head_end, j, limit);
            let head = self.doc.original(head_start, head_start + 1).to_lowercase();
            let head = match second {
                // ("responsables locaux et militaires" stay plural.)
                Some(_) if !plural_word(self.lower_bytes(head_end - 1)) => {
                    head.strip_suffix('s').unwrap_or(&head).to_string()
                }
                _ => head,
            };
            let phrase = if second.is_some() {
                format!(
                    "{head} {}",
                    self.doc.original(head_start + 1, head_end).to_lowercase()
                )
            } else {
                self.doc.original(head_start, head_end).to_lowercase()
            };
            out.push(Credit {
                name: self.or_resolved(phrase),
                kind: SourceKind::Anonymous,
            });
            if let Some(second) = second {
                let phrase =
                    format!("{head} {}", self.doc.original(second, second + 1)).to_lowercase();
                out.push(Credit {
                    name: self.or_resolved(phrase),
                    kind: SourceKind::Anonymous,
                });
                j = second + 1;
            }
        }
        let _ = organisation;
        (out, j)
    }

    /// The ministry of a minister named by the office only at `head`
    /// ("le ministre de l'Intérieur", "la ministre turque de la Défense"
    /// → "ministère turc de la Défense"), normalised as the ministry
    /// itself would be, and the end of the phrase. `None` for another
    /// head, an office without its field ("le ministre", "le Premier
    /// ministre", "le ministre délégué"), or when the dispatch names a
    /// person with the same office elsewhere ("le ministre de l'Intérieur,
    /// Paul Durand", "Paul Durand, ministre de l'Intérieur"): that person
    /// is the source, not the ministry.
    fn unnamed_minister(&mut self, head: usize, limit: usize) -> Option<(Credit<'a>, usize)> {
        if !self.lower_is(head, "ministre")
            || !(self.after_elided(head, "l") || head > 0 && self.lower_in(head - 1, &["le", "la"]))
        {
            return None;
        }
        let field = self.minister_field(head, limit)?;
        let office = BodyHead {
            len: 1,
            feminine: false,
            plural: false,
            local: false,
            word: b"ministere",
            name: Some("ministère"),
        };
        let tokens = self.doc.tokens.len();
        let named_elsewhere = (0..tokens).any(|i| {
            if i == head
                || !self.lower_is(i, "ministre")
                || self
                    .minister_field(i, tokens)
                    .is_none_or(|f| self.lower_bytes(f) != self.lower_bytes(field))
            {
                return false;
            }
            let end = self.doc.sentence_end_token(self.doc.sentence_of(i));
            // "le ministre de l'Intérieur (,) Paul Durand".
            let after = self
                .government_with_head(i, end, office)
                .is_some_and(|(_, e)| {
                    let n = if self.punct(e) == b',' { e + 1 } else { e };
                    self.name_at(n, end).is_some() && !self.place_at(n)
                });
            // "Paul Durand, ministre de l'Intérieur", "…, le ministre de".
            let comma = if i >= 1 && self.punct(i - 1) == b',' {
                Some(i - 1)
            } else {
                (i >= 2 && self.punct(i - 2) == b',' && self.lower_in(i - 1, &["le", "la"]))
                    .then(|| i - 2)
            };
            let before = comma.is_some_and(|c| {
                c >= 1 && self.cap(c - 1) && !self.place_at(c - 1) && self.known_at(c - 1).is_none()
            });
            after || before
        });
        if named_elsewhere {
            return None;
        }
        let (name, end) = self.government_with_head(head, limit, office)?;
        Some((self.government_credit(name), end))
    }

    /// The first word of a minister's field after the office at `head`
    /// ("Intérieur" in "ministre de l'Intérieur", "Défense" in "ministre
    /// turc de la Défense"): up to two adjectives, then "de" and its
    /// article, then a capitalised word before `limit` that is no place.
    fn minister_field(&self, head: usize, limit: usize) -> Option<usize> {
        let mut k = head + 1;
        while k < head + 3 && k < limit && self.word(k) && !self.cap(k) && !self.ends_modifiers(k) {
            k += 1;
        }
        if !self.lower_in(k, &["de", "du", "des", "d"]) {
            return None;
        }
        let (c, _) = self.skip_determiners(k, limit);
        (c < limit && self.cap(c) && !self.place_at(c) && self.known_at(c).is_none()).then_some(c)
    }

    /// The credit of a government body's name: its canonical form and
    /// kind when the source lists know it, else the name as a government.
    fn government_credit(&self, name: String) -> Credit<'a> {
        let x: &'a Extractor = self.x;
        let r = self.resolve_index(&name);
        let canonical = r.map(|r| x.sources[r].name.as_str());
        let kind = r
            .and_then(|r| self.canonical_index(r))
            .map_or(SourceKind::Government, |s| x.sources[s].kind);
        Credit {
            name: canonical.map_or(Cow::Owned(name), Cow::Borrowed),
            kind,
        }
    }

    /// Was a person named in full (two capitalised words or more) before
    /// token `i`?
    fn person_named_before(&mut self, i: usize) -> bool {
        self.read_persons();
        self.person_positions.first().is_some_and(|(at, _)| *at < i)
    }

    /// Was the word at `head` seen earlier in the dispatch as the title of
    /// a named person ("Le gouverneur régional, Igor X, a annoncé")? Its
    /// earlier occurrence is followed, after at most two adjectives, by a
    /// comma and a capitalised word.
    fn titled_before(&self, head: usize) -> bool {
        (0..head.saturating_sub(1))
            .rev()
            .any(|i| self.titles_name(i, head, head))
    }

    /// Is the word at `head` the title of a person named later in the
    /// dispatch ("a annoncé le gouverneur régional." … "a écrit le
    /// gouverneur, Igor X")?
    fn titled_after(&self, head: usize) -> bool {
        let end = self.doc.tokens.len();
        (head + 1..end).any(|i| self.titles_name(i, head, end))
    }

    /// Is token `i` the word at `head` followed, after at most two
    /// lower-case words and before `end`, by a comma and a capitalised
    /// word (a person's title)?
    fn titles_name(&self, i: usize, head: usize, end: usize) -> bool {
        self.lower_bytes(i) == self.lower_bytes(head)
            && (i + 1..(i + 4).min(end)).any(|c| {
                self.punct(c) == b','
                    && self.cap(c + 1)
                    && (i + 1..c).all(|a| self.word(a) && !self.cap(a))
            })
    }

    /// The second adjective of an anonymous head with two coordinated ones
    /// ("sources locales et sécuritaires", "responsables locaux et
    /// régionaux"): the head `head_start`, its adjectives up to
    /// `head_end`, `j` where the phrase was read to. Only a plural head
    /// with plural adjectives, the second one closing the phrase (not "et
    /// affirment", "et ont", "et des habitants").
    fn coordinated_adjective(
        &self,
        head_start: usize,
        head_end: usize,
        j: usize,
        limit: usize,
    ) -> Option<usize> {
        let plural = |i: usize| plural_word(self.lower_bytes(i));
        let second = j + 1;
        (j == head_end
            && head_end > head_start + 1
            && second < limit
            && self.is(j, "et")
            && plural(head_start)
            && plural(head_end - 1) == plural(second)
            && self.word(second)
            && !self.cap(second)
            && !self.ends_modifiers(second)
            && (second + 1 >= limit || self.ends_modifiers(second + 1)))
        .then_some(second)
    }

    /// Whether "d'Etat" opens at `k` ("la télévision d'Etat"): three
    /// tokens.
    fn of_state(&self, k: usize) -> bool {
        self.lower_in(k, &["d", "de"]) && self.is(k + 1, "'") && self.is(k + 2, "etat")
    }

    /// A medium named by its kind: "la télévision d'Etat syrienne", "la
    /// chaîne Al-Masirah", "des médias israéliens".
    fn media(&mut self, j: usize, limit: usize) -> (Vec<Credit<'a>>, usize) {
        let mut out = self.credits();
        let mut k = j + 1;
        let mut modifiers = 0;
        while k < limit && modifiers < 4 {
            let d = self.lower_in(k, &["d", "de"]);
            if self.of_state(k) {
                k += 3;
            } else if d
                && (self.is(k + 1, "etat")
                    || self.word(k + 1) && !self.cap(k + 1) && !self.ends_modifiers(k + 1))
            {
                k += 2;
            } else if !self.ends_modifiers(k) && !self.cap(k) && !finite_verb(self.lower_bytes(k)) {
                k += 1;
            } else {
                break;
            }
            modifiers += 1;
        }
        // "la chaîne Telegram Baza": the channel's name, not its platform.
        while k + 1 < limit && self.cap(k) && self.has(k, class::PLATFORM) && self.cap(k + 1) {
            k += 1;
        }
        // "l'Agence nationale de gestion des catastrophes (BNPB)": an
        // agency defined by its acronym is a body, a medium only when the
        // phrase says press ("l'Agence de presse saoudienne (SPA)").
        if let Some((d, acronym, after)) = self.definition_ahead(k, limit) {
            let press = (j..d).any(|i| self.lower_in(i, &["presse", "information"]));
            let kind = if press {
                SourceKind::Agency
            } else {
                SourceKind::Organisation
            };
            out.push(self.defined_credit(acronym, kind));
            return (out, after);
        }
        if let Some((credit, end)) = self.known_phrase(k) {
            out.push(credit);
            return (out, end);
        }
        let comma = self.punct(k) == b',';
        let mut n = if comma { k + 1 } else { k };
        // "le journal télévisé de l'ORTM": the medium of the programme.
        if modifiers > 0 && self.lower_in(k, &["de", "du", "d"]) {
            let (m, _) = self.skip_determiners(k, limit);
            if self.cap(m) {
                n = m;
            }
        }
        if self.cap(n) {
            if let Some((c, e)) = self.organisation_name(n, limit) {
                out.push(Credit {
                    name: c.name,
                    kind: SourceKind::Media,
                });
                return (out, e);
            }
        }
        if modifiers > 0 {
            out.push(Credit {
                name: self
                    .doc
                    .original(j, k)
                    .to_lowercase()
                    .replace("d'etat", "d'Etat")
                    .replace("d’etat", "d'Etat")
                    .into(),
                kind: SourceKind::Media,
            });
        }
        (out, k)
    }

    /// A capitalised name of an organisation or medium at `j` (words,
    /// digits and particles: "Suwayda 24", "Al-Masirah", "Histadrout").
    fn organisation_name(&self, j: usize, limit: usize) -> Option<(Credit<'a>, usize)> {
        if let Some((credit, end)) = self.known_phrase(j) {
            return Some((credit, end));
        }
        let mut e = j;
        // The first word of the name (after its elided article): it may
        // be a place's name ("L'Alsace", the newspaper); so may a word
        // after a particle ("L'Express de Madagascar").
        let mut first = j;
        while e < limit {
            let t = self.doc.tokens[e];
            let c = self.class(e);
            let after_particle = e > j && self.has(e - 1, class::PARTICLE);
            let named = t.cap && (e == first || c & class::PLACE == 0 || after_particle)
                || c & class::DIGITS != 0 && e > j;
            let particle = c & class::PARTICLE != 0 && self.cap(e + 1) && e > j;
            // An elided article of the name: "L'Equipe", "L'Orient-Le Jour".
            if self.elided_capital_l(e) {
                e += 2;
                first = e;
            } else if t.word && (named || particle) && !self.is_cue(e) {
                e += 1;
            } else {
                break;
            }
        }
        // (Not ending on a particle: "le groupe Wagner de" before a
        // lower-case word.)
        while e > j + 1 && self.has(e - 1, class::PARTICLE) {
            e -= 1;
        }
        if e == j {
            return None;
        }
        Some((
            self.written_credit(j, e, SourceKind::Organisation),
            self.definition_at(e).map_or(e, |(_, after)| after),
        ))
    }

    /// Is the word at `j` (after "Le" or "La") written elsewhere in the
    /// dispatch as a surname with its article, after a first name or a
    /// title ("Marine Le Pen", "Mme Le Pen")?
    fn surname_with_article(&self, j: usize) -> bool {
        let word = self.lower_bytes(j);
        (2..self.doc.tokens.len()).any(|k| {
            k != j
                && same_bytes(self.lower_bytes(k), word)
                && self.cap(k - 1)
                && self.lower_in(k - 1, &["le", "la"])
                && self.word(k - 2)
                && (self.cap(k - 2) || self.has(k - 2, class::HONORIFIC))
        })
    }

    /// The employer named at `j` after the role noun at `head`, and the
    /// token after it (after a bare noun completing the title, "chargée
    /// de plaidoyer chez X"): "chez" and a capitalised name, a known
    /// source or a named organisation head ("économiste chez ING", "chez
    /// le courtier Aurel"); after a profession of expertise ([`EXPERTISE`]), also "à"
    /// or "au" and a known source or a named organisation head ("analyste
    /// au cabinet Xerfi", "chercheuse à l'Institut Montaigne"). A bare
    /// capitalised word after "à" may be a town ("économiste à Lyon"): not
    /// read; neither is a place.
    fn employer(&self, head: usize, j: usize, limit: usize) -> Option<(Credit<'a>, usize)> {
        // "chargée de plaidoyer chez Amnesty International": a bare noun
        // completing the title comes first.
        let bare_complement = self.lower_in(j, &["de", "d"])
            && self.word(j + 1)
            && !self.cap(j + 1)
            && !self.has(j + 1, class::DETERMINER)
            && self.lower_in(j + 2, &["chez", "a", "au"]);
        let j = if bare_complement { j + 2 } else { j };
        let chez = self.lower_is(j, "chez");
        let after_expertise = self.lower_in(j, &["a", "au"]) && self.lower_in(head, EXPERTISE);
        if !chez && !after_expertise {
            return None;
        }
        let (c, _) = self.skip_determiners(j + 1, limit);
        if c >= limit || !self.word(c) {
            return None;
        }
        if let Some(found) = self.known_phrase(c) {
            return Some(found);
        }
        if self.place_at(c) {
            return None;
        }
        let head_noun = self.has(c, class::ORGANISATION_HEAD);
        if head_noun && !self.cap(c) && self.cap(c + 1) && !self.place_at(c + 1) {
            // "le cabinet Xerfi": the name after its head.
            return self.organisation_name(c + 1, limit);
        }
        if self.cap(c) && (chez || head_noun) {
            return self.organisation_name(c, limit);
        }
        None
    }

    /// A known medium or agency named at `k`, and the token after it.
    fn known_medium(&self, k: usize) -> Option<(Credit<'a>, usize)> {
        self.known_phrase(k).filter(|(c, _)| medium(c.kind))
    }

    /// Where a name read from `j` (after the determiners from `i`) starts:
    /// one token earlier when a known name opens with its article ("selon
    /// Le Monde", "a rapporté La Voix du Nord"), its next word capitalised.
    fn known_with_article(&self, i: usize, j: usize) -> usize {
        if j > i && self.cap(j) && self.known_at(j - 1).is_some_and(|(_, end)| end > j) {
            j - 1
        } else {
            j
        }
    }

    /// The credit of the words `j..e` as written (or the canonical name
    /// they resolve to), of `kind`.
    fn written_credit(&self, j: usize, e: usize, kind: SourceKind) -> Credit<'a> {
        let doc: &'a Doc = self.doc;
        let name = doc.original(j, e);
        Credit {
            name: Cow::Borrowed(self.resolve(name).unwrap_or(name)),
            kind,
        }
    }

    /// Skips `(SIGLE)` after a name.
    fn skip_definition(&self, j: usize) -> usize {
        if self.punct(j) == b'('
            && self.doc.tokens.get(j + 1).is_some_and(|t| t.acronym)
            && self.punct(j + 2) == b')'
        {
            j + 3
        } else {
            j
        }
    }

    /// A capitalised phrase at `j`: an acronym, an organisation name or a
    /// person's name.
    fn capitalised(&mut self, j: usize, limit: usize, titled: bool) -> Option<(Credit<'a>, usize)> {
        let t = *self.doc.tokens.get(j)?;
        if t.acronym {
            let doc: &'a Doc = self.doc;
            // "la CGT-Cheminots", "SUD-Rail": capitalised words glued by
            // hyphens are part of the name.
            let mut e = j + 1;
            while e < limit && self.cap(e) && self.glued(e) {
                e += 1;
            }
            if e > j + 1 {
                let name = doc.original(j, e);
                return Some((
                    Credit {
                        name: Cow::Borrowed(self.resolve(name).unwrap_or(name)),
                        kind: SourceKind::Organisation,
                    },
                    e,
                ));
            }
            let a = doc.tok(j);
            if COMMON_ACRONYMS.contains(&a) {
                return None;
            }
            if let Some(&(name, kind)) = self.defs().acronyms.get(a) {
                return Some((
                    Credit {
                        name: Cow::Borrowed(name),
                        kind,
                    },
                    j + 1,
                ));
            }
            return Some((
                Credit {
                    name: a.into(),
                    kind: SourceKind::Organisation,
                },
                j + 1,
            ));
        }
        // A title or trade name with its article: "selon L'Oréal".
        if self.capital_elided_article(j) {
            return self.organisation_name(j, limit);
        }
        // An acronym in capitals and small letters defined in the dispatch
        // ("la Mission … (Manui)", then "la Manui a félicité").
        if t.cap {
            let doc: &'a Doc = self.doc;
            if let Some(&(name, kind)) = self.defs().acronyms.get(doc.tok(j)) {
                return Some((
                    Credit {
                        name: Cow::Borrowed(name),
                        kind,
                    },
                    j + 1,
                ));
            }
        }
        let c = self.list_bits(j);
        // "Les Salles d'intervention d'urgence de Nyala ont fait état": a
        // capitalised plural after "les" names a group (a person takes no
        // article), unless it is a people or a place ("les Kurdes").
        let plural_group = j >= 1
            && self.lower_is(j - 1, "les")
            && matches!(self.lower_bytes(j).last(), Some(b's' | b'x'))
            && !self.place_at(j)
            && !self.inside_place(j);
        if (c & class::ORGANISATION_WORD != 0 || plural_group) && c & class::DETERMINER == 0 {
            // A definition closing the name: "Autorité de gestion des
            // catastrophes et des situations d'urgence (AFAD)".
            if let Some(defined) = self.definition_closing(j, limit) {
                return Some(defined);
            }
            let mut e = j + 1;
            while e < limit && (self.word(e) || self.punct(e) == b'\'') {
                let c = self.class(e);
                // "la Coordination rurale du département": a complement
                // naming the story's place is not part of the name.
                let local_complement = self.lower_in(e, &["du", "de", "d"]) && {
                    let (n, _) = self.skip_determiners(e, limit);
                    self.lower_in(n, &["departement", "pays", "region", "ville", "province"])
                };
                // An article after a name's word, not after a preposition
                // of the name, opens another phrase ("sur les ondes de
                // Radio Okapi le maire").
                let article = self.lower_in(e, &["le", "la", "les", "l"])
                    && !self.lower_in(
                        e - 1,
                        &["de", "d", "a", "sur", "contre", "et", "des", "pour"],
                    );
                // "le Comité pour la protection des journalistes",
                // "l'Association pour la défense des droits de l'homme":
                // "pour" and an article right after the head (or its
                // adjective) go on with the name; elsewhere "pour" opens
                // another phrase ("l'institut Aximage pour le quotidien",
                // "le Conseil pour la première fois").
                let name_pour =
                    e <= j + 2 && self.lower_is(e, "pour") && self.purpose_noun(e + 1, limit);
                let stop = local_complement
                    || article
                    || c & (class::CUE | class::BOUNDARY) != 0
                    || c & class::AUXILIARY != 0 && !self.lower_is(e, "de")
                    || self.lower_in(
                        e,
                        &[
                            "a", "sur", "dans", "lors", "et", "pour", "en", "apres", "avant",
                            // Determiners no name holds ("a promis à
                            // l'Assemblée nationale un plan").
                            "un", "une", "son", "sa", "ses", "leur", "leurs", "ce", "cet", "cette",
                            "ces",
                        ],
                    )
                    || c & class::TIME != 0 && !self.lower_in(e, &["de", "la", "d"]);
                if stop && !name_pour {
                    break;
                }
                e += 1;
            }
            if self.punct(e) == b'(' && self.doc.tokens.get(e + 1).is_some_and(|t| t.acronym) {
                let doc: &'a Doc = self.doc;
                let a = doc.tok(e + 1);
                return Some((
                    Credit {
                        name: Cow::Borrowed(self.resolve(a).unwrap_or(a)),
                        kind: SourceKind::Organisation,
                    },
                    self.skip_definition(e),
                ));
            }
            let doc: &'a Doc = self.doc;
            let phrase = doc.original(j, e);
            let canonical = self.resolve(phrase);
            // "la Commission de l'Union africaine" → Union africaine.
            if canonical.is_none() {
                if let Some(credit) = (j + 1..e).rev().find_map(|i| {
                    self.known_phrase(i)
                        .filter(|(_, end)| *end <= e)
                        .map(|(c, _)| c)
                }) {
                    return Some((credit, e));
                }
            }
            // Most dispatches define no acronym: skip the folding then.
            let full_names = &self.defs().full_names;
            let defined = (!full_names.is_empty())
                .then(|| self.with_key(phrase, |k| full_names.get(k)))
                .flatten();
            if let Some(&a) = defined {
                return Some((
                    Credit {
                        name: Cow::Borrowed(a),
                        kind: SourceKind::Organisation,
                    },
                    e,
                ));
            }
            if e - j < 2 {
                return None;
            }
            return Some((
                Credit {
                    name: Cow::Borrowed(canonical.unwrap_or(phrase)),
                    kind: SourceKind::Organisation,
                },
                e,
            ));
        }
        let end = self.name_at(j, limit)?;
        // "selon l'Insee", "l'Ofast a indiqué", "selon la Cnil", "a
        // indiqué le Conicet": one capitalised word after the article is an
        // organisation (a person's name takes no article), unless it is a
        // complement ("ministre de l'Agriculture", "de la Santé") or a
        // people ("a estimé le Norvégien"). A capitalised "Le", "La" inside
        // a sentence is part of a name ("selon Le Drian", "Mme Le Pen"), and
        // so is one opening it when the dispatch writes the name after a
        // first name or a title ("Marine Le Pen", then "Le Pen a dénoncé").
        let article = if self.after_elided(j, "l") {
            Some(j - 2)
        } else {
            (j >= 1
                && self.lower_in(j - 1, &["le", "la"])
                && (!self.cap(j - 1)
                    || j - 1 == self.doc.sentence_start_token(self.doc.sentence_of(j))
                        && !self.surname_with_article(j))
                && self.demonym_at(j).is_none()
                && !demonym_like(self.lower_bytes(j)))
            .then(|| j - 1)
        };
        if (j + 1..end).all(|k| self.glued(k))
            && article.is_some_and(|a| !(a >= 1 && self.lower_in(a - 1, &["de", "d", "a", "au"])))
            && self.lower(j).len() >= 3
            && !NOT_ORGANISATIONS.contains(&self.lower(j))
        {
            // "le Muséum national d'histoire naturelle (MNHN)": a name in
            // lower-case words after its first, named by its definition;
            // without one, the first word alone is no name.
            if self.word(end) && !self.cap(end) && !self.ends_modifiers(end) {
                return self.definition_closing(j, limit);
            }
            let doc: &'a Doc = self.doc;
            // "le Land de Basse-Saxe": the place it belongs to is part of
            // its name.
            let end = self
                .place_complement(end)
                .filter(|&e| e <= limit)
                .unwrap_or(end);
            let name = doc.original(j, end);
            // "le Muséum" after "le Muséum national d'histoire naturelle
            // (MNHN)": the first word of a defined name stands for it.
            let full_names = &self.defs().full_names;
            let short = (!full_names.is_empty() && self.resolve(name).is_none())
                .then(|| self.with_key(name, |k| full_names.first_word(k).copied()))
                .flatten();
            if let Some(acronym) = short {
                return Some((self.defined_credit(acronym, SourceKind::Organisation), end));
            }
            return Some((
                Credit {
                    name: Cow::Borrowed(self.resolve(name).unwrap_or(name)),
                    kind: SourceKind::Organisation,
                },
                self.definition_at(end).map_or(end, |(_, after)| after),
            ));
        }
        // "selon Vigicrues, le service de prévision des crues": one word
        // that its apposition calls a body.
        if end == j + 1 && self.punct(end) == b',' {
            let (h, _) = self.skip_determiners(end + 1, limit);
            let media = self.has(h, class::MEDIA_HEAD);
            if h > end + 1
                && h < limit
                && ((media || self.has(h, class::ORGANISATION_HEAD | class::GOVERNMENT_FIRST))
                    && !self.has(h, class::ROLE)
                    || self.lower_in(h, &["service", "organisme", "administration"]))
            {
                let doc: &'a Doc = self.doc;
                let name = doc.original(j, end);
                return Some((
                    Credit {
                        name: Cow::Borrowed(self.resolve(name).unwrap_or(name)),
                        kind: if media {
                            SourceKind::Media
                        } else {
                            SourceKind::Organisation
                        },
                    },
                    end,
                ));
            }
        }
        // "la ministre de l'Information du Pendjab": a person's name takes
        // no article.
        if self.article_before(j) {
            return None;
        }
        let p = self.person(j, end, titled)?;
        Some((p, end))
    }

    /// Whether an article at `k` opens a lower-case noun that may name an
    /// organisation's purpose ("pour la protection", "pour l'étude"): not
    /// a time word or an ordinal ("pour l'heure", "pour la première
    /// fois"), a number, an auxiliary or a reporting cue.
    fn purpose_noun(&self, k: usize, limit: usize) -> bool {
        let (n, _) = self.skip_determiners(k, limit);
        let ordinal = |w: &[u8]| {
            w.ends_with(b"ieme")
                || w.ends_with(b"iemes")
                || matches!(w, b"premiere" | b"premier" | b"derniere" | b"dernier")
        };
        n > k
            && n < limit
            && self.word(n)
            && !self.cap(n)
            && self.class(n) & (class::TIME | class::CUE | class::DIGITS | class::AUXILIARY) == 0
            && !ordinal(self.lower_bytes(n))
    }

    /// The definitions of the dispatch (collected on the first call).
    fn defs(&self) -> &Definitions<'a> {
        self.definitions.get_or_init(|| self.collect_definitions())
    }

    /// Collects the `Nom complet (SIGLE)` definitions of the dispatch.
    fn collect_definitions(&self) -> Definitions<'a> {
        let mut defs = Definitions::default();
        let doc: &'a Doc = self.doc;
        let x: &'a Extractor = self.x;
        let n = self.doc.tokens.len();
        let text = self.doc.folded.text.as_str();
        // Each `(` is a token of its own: find the brackets in the text
        // (a fast byte search), then their tokens.
        for pos in memchr::memchr_iter(b'(', text.as_bytes()) {
            let i = self
                .doc
                .tokens
                .partition_point(|t| (t.start as usize) < pos);
            if i < 1 || i + 2 >= n {
                continue;
            }
            let Some((acronym, _)) = self.definition_at(i) else {
                continue;
            };
            if let Some(r) = self.resolve_index(acronym) {
                let known = x.sources[r].name.as_str();
                let kind = self
                    .canonical_index(r)
                    .map_or(SourceKind::Organisation, |s| x.sources[s].kind);
                defs.acronyms.insert(acronym, (known, kind));
                continue;
            }
            // A known source ending right before the bracket.
            if let Some(k) = (i.saturating_sub(12)..i).find(|&s| {
                self.mention(s).is_some_and(|m| {
                    m.last == i && m.hits.iter().any(|h| matches!(h, Hit::Source(_)))
                })
            }) {
                if let Some((s, _)) = self.known_at(k) {
                    let known = &x.sources[s];
                    defs.acronyms
                        .insert(acronym, (known.name.as_str(), known.kind));
                }
                continue;
            }
            // The capitalised phrase before the bracket.
            let s = self.doc.sentence_of(i);
            let start = self.doc.sentence_start_token(s);
            let mut k = i;
            let mut first_cap = None;
            while k > start && i - k < 12 {
                k -= 1;
                if !self.word(k) && self.punct(k) != b'\'' {
                    break;
                }
                if self.cap(k) {
                    first_cap = Some(k);
                }
            }
            if let Some(f) = first_cap {
                defs.full_names.insert(key(doc.original(f, i)), acronym);
                defs.acronyms
                    .insert(acronym, (acronym, SourceKind::Organisation));
            }
        }
        defs
    }

    /// The start of the verb group ending at cue token `v` (auxiliaries,
    /// adverbs, negation, inverted pronouns), and whether its subject is a
    /// pronoun.
    fn verb_group_start(&self, v: usize, sentence_start: usize) -> (usize, bool) {
        let mut g = v;
        let mut pronoun = false;
        while g > sentence_start {
            let apostrophe = self.lower_is(g - 1, "'");
            if !self.word(g - 1) && !apostrophe {
                break;
            }
            let c = self.list_bits(g - 1);
            if apostrophe
                || c & class::AUXILIARY != 0
                || c & class::ADVERB != 0
                    && !self.lower_in(g - 1, &["de", "son", "sa", "pour", "par"])
            {
                if c & class::PRONOUN != 0 {
                    pronoun = true;
                }
                g -= 1;
            } else {
                break;
            }
        }
        (g, pronoun)
    }

    /// Skips the common nouns of a circumstance between a verb and its
    /// inverted subject, from `j` (after its preposition and determiners):
    /// lower-case words, and their complements "de / d' + noun" that name
    /// no source ("lors d'une conférence de presse", "à la sortie de
    /// l'audience"); "dans un communiqué de l'armée" keeps "de l'armée".
    fn skip_circumstance(&self, mut j: usize, limit: usize) -> usize {
        // (A reporting verb's participle with its complement belongs to
        // the circumstance: "dans une vidéo publiée sur Facebook".)
        let participle = |c: &Self, i: usize| {
            let w = c.lower_bytes(i);
            (w.ends_with(b"e") || w.ends_with(b"es"))
                && c.lower_in(i + 1, &["sur", "par", "a", "au", "aux"])
        };
        // (A time preposition opens a circumstance of its own: "à la presse
        // avant l'audience".)
        let common = |c: &Self, i: usize| {
            i < limit
                && c.word(i)
                && !c.cap(i)
                && !c.has(i, class::DETERMINER)
                && (!c.is_cue(i) || participle(c, i))
                && !c.lower_in(i, &["avant", "apres", "pendant", "durant"])
        };
        loop {
            while common(self, j) {
                j += 1;
            }
            if !self.lower_in(j, &["de", "du", "des", "d"]) {
                return j;
            }
            let (n, _) = self.skip_determiners(j, limit);
            // (A bare noun, "de presse", never names one.)
            let names_source = n > j + 1
                && (self.known_at(n).is_some()
                    || self.has(
                        n,
                        class::ROLE
                            | class::ANONYMOUS
                            | class::ORGANISATION_HEAD
                            | class::GOVERNMENT_FIRST
                            | class::MEDIA_HEAD
                            | class::MEDIA_WORKER,
                    ));
            if n == j || !common(self, n) || names_source {
                return j;
            }
            j = n;
        }
    }

    /// Skips what may stand between a verb and its inverted subject.
    fn skip_after_verb(&mut self, mut j: usize, limit: usize, out: &mut Vec<Credit<'a>>) -> usize {
        let mut guard = 0;
        while j < limit && guard < 12 {
            guard += 1;
            // The bytes of the word (the arms are ASCII words).
            let w = self.lower_bytes(j);
            match w {
                b"," if self.lower_in(j + 1, &["t", "il", "elle"]) => j += 1,
                b"t" | b"il" | b"elle" | b"ils" | b"elles" | b"on" => j += 1,
                // "a déclaré à l'AFP sur place X".
                b"sur" if self.is(j + 1, "place") => j += 2,
                // "a affirmé de son côté le ministère", "ont indiqué pour
                // leur part les autorités".
                b"de" if self.lower_in(j + 1, &["son", "leur"]) && self.is(j + 2, "cote") => j += 3,
                b"pour" if self.lower_in(j + 1, &["sa", "leur"]) && self.is(j + 2, "part") => {
                    j += 3
                }
                b"sur" => {
                    j += 1;
                    // "a déclaré sur les ondes de Radio Okapi le maire".
                    if let Some((credits, e)) = self.station(j, limit) {
                        self.append(out, credits);
                        j = e;
                        continue;
                    }
                    let (k, _) = self.skip_determiners(j, limit);
                    j = k;
                    while j < limit && self.has(j, class::PLATFORM) {
                        j += 1;
                    }
                    // "a dénoncé sur France Inter": a known medium; an
                    // unknown one is passed over to the subject that an
                    // article opens after it ("a déclaré sur France Bleu
                    // Périgord le maire"; not "a réagi sur X Anaïs Caron").
                    if let Some((credit, e)) = self.known_phrase(j) {
                        if medium(credit.kind) {
                            out.push(credit);
                            j = e;
                        }
                    } else if j == k {
                        let mut e = j;
                        while e < limit
                            && e - j < 5
                            && (self.cap(e) || e > j && self.has(e, class::DIGITS))
                            && !self.is_cue(e)
                        {
                            e += 1;
                        }
                        if e > j
                            && self.lower_in(e, &["le", "la", "les", "l", "son", "sa", "un", "une"])
                        {
                            j = e;
                        }
                    }
                }
                b"par" if self.is(j + 1, "telephone") || self.is(j + 1, "ecrit") => j += 2,
                b"aupres"
                    if self.is(j + 1, "de") || self.is(j + 1, "des") || self.is(j + 1, "du") =>
                {
                    let (credits, end) = self.noun_phrase(j + 1, limit, 1);
                    let person = credits.iter().any(|c| c.kind == SourceKind::Person);
                    if credits.is_empty() {
                        j += 2;
                    } else {
                        j = end;
                    }
                    self.append(out, credits);
                    if person {
                        j = self.role_after_channel_person(j, limit, out);
                    }
                }
                // (Also "avant l'audience", "après la réunion".)
                b"dans" | b"lors" | b"devant" | b"sous" | b"avant" | b"apres" | b"pendant"
                | b"durant" => {
                    let dans = self.lower_is(j, "dans");
                    j += 1;
                    let (mut k, _) = self.skip_determiners(j, limit);
                    // "a assuré dans Le Figaro", "dans les Dernières
                    // Nouvelles d'Alsace": a known medium.
                    if dans {
                        k = self.known_with_article(j, k);
                        if let Some((credit, e)) = self.known_medium(k) {
                            out.push(credit);
                            j = e;
                            continue;
                        }
                    }
                    j = self.skip_circumstance(k, limit);
                    if self.punct(j) == b'\'' {
                        j += 1;
                    }
                    // "dans une vidéo publiée sur Facebook".
                    while j < limit && self.has(j, class::PLATFORM) && self.is(j - 1, "sur") {
                        j += 1;
                    }
                }
                b"a" | b"au" | b"aux" | b"via" => {
                    // "a-t-elle déclaré au micro de la chaîne L'Equipe".
                    if let Some((credits, e)) = self.station(j + 1, limit) {
                        self.append(out, credits);
                        j = e;
                        continue;
                    }
                    // The channel: "a déclaré à l'AFP". Not an addressee
                    // ("a demandé au ministère de l'Intérieur des renforts",
                    // "a réclamé à l'ONU"): only a medium is a channel.
                    let (mut useful, end) = self.noun_phrase(j + 1, limit, 1);
                    useful.retain(|c| !matches!(c.kind, SourceKind::Anonymous));
                    if useful.is_empty() {
                        self.recycle(useful);
                        // "à la presse", "aux journalistes", "à Deraa".
                        let (k, _) = self.skip_determiners(j + 1, limit);
                        j = self.skip_circumstance(k + 1, limit);
                    } else if !useful
                        .iter()
                        .any(|c| medium(c.kind) || c.kind == SourceKind::Person)
                    {
                        self.recycle(useful);
                        j = end;
                    } else {
                        // "à l'AFP Paul Martin, responsable de la CGT": the
                        // person after the channel is the subject, and the
                        // role in apposition names its organisation.
                        let person = useful.iter().any(|c| c.kind == SourceKind::Person);
                        self.append(out, useful);
                        j = end;
                        if person {
                            j = self.role_after_channel_person(j, limit, out);
                        }
                    }
                }
                _ if self.has(j, class::TIME)
                    && !matches!(w, b"de" | b"la" | b"d" | b"son" | b"sa" | b"leur") =>
                {
                    j += 1
                }
                _ if self.has(j, class::DIGITS) => j += 1,
                _ => break,
            }
        }
        j
    }

    /// The media (agencies and other media) that the words from `j` to
    /// `limit` name as the channel of a statement ("au Monde", "sur France
    /// Inter", "à l'AFP"), read as after a verb: credited into `out`, and
    /// nothing else ("à son homologue Y" cites no Y).
    fn media_from(&mut self, j: usize, limit: usize, out: &mut Vec<Credit<'a>>) {
        let mut channel = self.credits();
        self.skip_after_verb(j, limit, &mut channel);
        channel.retain(|c| medium(c.kind));
        self.append(out, channel);
    }

    /// After a person named after the channel ("à l'AFP Paul Martin",
    /// "auprès de l'AFP Paul Martin") at `j`: the organisation of the role
    /// in apposition (", responsable de la CGT", ", économiste chez ING")
    /// is credited into `out`; returns where reading goes on.
    fn role_after_channel_person(
        &mut self,
        j: usize,
        limit: usize,
        out: &mut Vec<Credit<'a>>,
    ) -> usize {
        if self.punct(j) != b',' {
            return j;
        }
        let (r, _) = self.skip_determiners(j + 1, limit);
        if !(self.word(r) && self.has(r, class::ROLE)) {
            return j;
        }
        let (mut more, e) = self.role(r, limit, 2);
        more.retain(|c| !matches!(c.kind, SourceKind::Anonymous | SourceKind::Person));
        let found = !more.is_empty();
        self.append(out, more);
        if found {
            e
        } else {
            j
        }
    }

    /// The station of "(sur) les ondes de X", "(sur) l'antenne de X",
    /// "(au) micro de X", "(sur) la station X" from `j` (after the
    /// preposition): its credits as media, and the end; `None` when no
    /// station is named there.
    fn station(&mut self, j: usize, limit: usize) -> Option<(Vec<Credit<'a>>, usize)> {
        let (m, _) = self.skip_determiners(j, limit);
        // "sur ici Vaucluse", "sur la radio ici Breizh Izel": France Bleu's
        // local stations, named "ici" and their place since 2025.
        let ici = if self.lower_in(m, &["radio", "station"]) {
            m + 1
        } else {
            m
        };
        if let Some((credit, end)) = self.ici_station(ici, limit) {
            let mut out = self.credits();
            out.push(credit);
            return Some((out, end));
        }
        // "sur la station Caracol Radio", "sur la radio Top Congo": the
        // medium by its kind and name (not "sur sa chaîne YouTube").
        // (Or after its adjectives: "sur la chaîne flamande VRT".)
        // "sur la télévision d'Etat EBC", "sur la radio d'Etat": a state
        // medium, named or not.
        let mut n = m + 1;
        let state = self.of_state(n);
        if state {
            n += 3;
        }
        while n < m + 3 + 3 * usize::from(state)
            && self.word(n)
            && !self.cap(n)
            && !self.ends_modifiers(n)
        {
            n += 1;
        }
        if self.lower_in(m, &["station", "radio", "chaine", "television"])
            && (self.cap(n) && !self.has(n, class::PLATFORM) || state)
        {
            let (credits, end) = self.media(m, limit);
            if !credits.is_empty() {
                return Some((credits, end));
            }
            self.recycle(credits);
            return None;
        }
        if !self.lower_in(m, &["ondes", "antenne", "micro"])
            || !self.lower_in(m + 1, &["de", "du", "d"])
        {
            return None;
        }
        let (station, _) = self.skip_determiners(m + 1, limit);
        let (mut credits, mut end) = self.noun_phrase(station, limit, 1);
        if credits.is_empty() && self.cap(station) {
            if let Some((credit, e)) = self.capitalised(station, limit, false) {
                credits.push(credit);
                end = e;
            }
        }
        credits.retain(|c| !matches!(c.kind, SourceKind::Person | SourceKind::Anonymous));
        if credits.is_empty() {
            self.recycle(credits);
            return None;
        }
        for c in &mut credits {
            if c.kind == SourceKind::Organisation {
                c.kind = SourceKind::Media;
            }
        }
        Some((credits, end))
    }

    /// A local station of the "ici" network at `j` ("ici Vaucluse", "ici
    /// Pays d'Auvergne") and the token after its name.
    fn ici_station(&self, j: usize, limit: usize) -> Option<(Credit<'a>, usize)> {
        if !self.lower_is(j, "ici") || self.cap(j) || !self.cap(j + 1) {
            return None;
        }
        let mut e = j + 1;
        while e < limit && e - j <= 5 && !self.is_cue(e) {
            if self.cap(e) {
                e += 1;
            } else if self.has(e, class::PARTICLE) && self.cap(e + 1) {
                e += 2;
            } else if self.has(e, class::PARTICLE) && self.punct(e + 1) == b'\'' && self.cap(e + 2)
            {
                e += 3;
            } else {
                break;
            }
        }
        Some((self.written_credit(j, e, SourceKind::Media), e))
    }

    /// The sources of a sentence opening on "Pour X," (an opinion
    /// attributed to X): the noun phrase up to the comma, when it ends
    /// there and credits something ("Pour l'ONU,", "Pour le ministre de
    /// l'Intérieur, Gérald Darmanin,"; not "Pour la première fois,").
    fn opinion(&mut self, s: usize) -> Vec<Credit<'a>> {
        let doc = self.doc;
        let start = doc.sentence_start_token(s);
        let end = doc.sentence_end_token(s);
        let Some(comma) = (start + 1..end.min(start + 16))
            .take_while(|&k| self.punct(k) != b'"' && !self.is_cue(k))
            .find(|&k| self.punct(k) == b',')
        else {
            return self.credits();
        };
        let (credits, e) = self.noun_phrase(start + 1, end, 0);
        if credits.is_empty() || e < comma {
            self.recycle(credits);
            return self.credits();
        }
        credits
    }

    /// The media relaying a statement, from `from` up to `end` or an
    /// opening quotation mark: "lu à/au/sur X" ("un communiqué lu à la
    /// télévision publique Télé Sahel"), "déclaration / entretien /
    /// interview à X", "via X" ("via son organe de propagande Amaq") and
    /// "sur X" when X is a known medium ("sur RTL"); only organisations and
    /// media count, never a platform ("via Telegram").
    fn relay(&mut self, from: usize, end: usize, out: &mut Vec<Credit<'a>>) {
        let mut k = from;
        let tokens = self.doc.tokens.as_slice();
        // Past an opening quotation mark, only a named station is read,
        // outside the quotation.
        let mut quoted = false;
        while k < end {
            if self.punct(k) == b'"' {
                quoted = true;
                k += 1;
                continue;
            }
            // (The words asked have 2 to 4 letters, or 9 to 11: most words
            // are passed on their length alone.)
            let len = tokens
                .get(k)
                .filter(|t| t.word)
                .map_or(0, |t| t.end - t.start);
            if !matches!(len, 2..=4 | 9..=11) {
                k += 1;
                continue;
            }
            let w = self.lower_bytes(k);
            // Past 24 tokens, too.
            let near = !quoted && k - from < 24;
            if !near && w != b"sur" {
                k += 1;
                continue;
            }
            // ", a affirmé son secrétaire général, X, sur RTL".
            if w == b"sur" {
                // "sur les ondes de Radio Okapi": the station.
                if near || self.doc.quotes(from, k).is_multiple_of(2) {
                    if let Some((credits, _)) = self.station(k + 1, end) {
                        self.append(out, credits);
                        return;
                    }
                }
                if !near {
                    k += 1;
                    continue;
                }
                // (A platform is a channel, not a source: "sur Telegram".)
                let (m, _) = self.skip_determiners(k + 1, end);
                if self.has(m, class::PLATFORM) {
                    k += 1;
                    continue;
                }
                if let Some((credit, _)) = self.known_medium(m) {
                    out.push(credit);
                    return;
                }
                k += 1;
                continue;
            }
            let relayed = matches!(
                w,
                b"lu" | b"lue" | b"lus" | b"lues" | b"declaration" | b"entretien" | b"interview"
            );
            // "lu dimanche soir à la télévision": the day and time skipped.
            let mut n = k + 1;
            while relayed && n < end && n - k <= 2 && self.lower_in(n, DAY_TIMES) {
                n += 1;
            }
            let after = if w == b"via" {
                k + 1
            } else if relayed && self.lower_in(n, &["a", "au", "sur"]) {
                // "lu à la télévision X", "dans une déclaration à l'agence
                // INA", "dans un entretien au quotidien X".
                n + 1
            } else {
                k += 1;
                continue;
            };
            // A platform is no relay ("via Telegram", "via sa page Facebook").
            let (mut after, _) = self.skip_determiners(after, end);
            while after < end && self.has(after, class::PLATFORM) {
                after += 1;
            }
            let (mut credits, _) = self.noun_phrase(after, end, 1);
            credits.retain(|c| {
                matches!(
                    c.kind,
                    SourceKind::Media | SourceKind::Agency | SourceKind::Organisation
                )
            });
            self.append(out, credits);
            return;
        }
    }

    /// The sources credited by the cue mention `m`.
    fn attribution(&mut self, m: &Mention) -> Vec<Credit<'a>> {
        let mut out = self.credits();
        let s = m.sentence;
        let start = self.doc.sentence_start_token(s);
        let end = self.doc.sentence_end_token(s);
        // Inside a quotation: not an attribution.
        let quotes_before = self.doc.quotes(start, m.first);
        let quotes_after = self.doc.quotes(m.last, end);
        if quotes_before % 2 == 1 && quotes_after % 2 == 1 {
            return out;
        }
        // What the cue's words joined by spaces start or end with, read on
        // its words (no word holds a space): "de source…" is "de" then a
        // word starting with "source", "… par" a last word "par".
        let words = m.last.saturating_sub(m.first);
        let first = self.lower_bytes(m.first);
        let de_source =
            words >= 2 && first == b"de" && self.lower_bytes(m.first + 1).starts_with(b"source");
        let contact = words >= 2 && self.lower_is(m.last - 1, "par");
        let participle = words == 1 && first.ends_with(b"ant");
        let incise_only = INCISE_ONLY_STEMS
            .iter()
            .any(|stem| first.starts_with(stem.as_bytes()));
        // "a déclaré forfait": a withdrawal, not a statement.
        if words == 1 && first.starts_with(b"declar") && self.lower_is(m.last, "forfait") {
            return out;
        }
        let preposition = m.hits.iter().any(|h| matches!(h, Hit::Preposition));
        if preposition {
            if de_source {
                // "à partir de sources officielles": a basis, not a source.
                if m.first > start && self.lower_is(m.first - 1, "partir") {
                    return out;
                }
                // "de source diplomatique" → the anonymous source, in the
                // number of the text ("de sources concordantes").
                let mut e = m.last;
                while e < end && e - m.last < 3 && !self.ends_modifiers(e) && !self.cap(e) {
                    e += 1;
                }
                if e > m.last {
                    let head = if self.lower_bytes(m.first + 1) == b"sources" {
                        "sources"
                    } else {
                        "source"
                    };
                    let phrase = format!("{head} {}", self.doc.original(m.last, e).to_lowercase());
                    out.push(Credit {
                        name: self.or_resolved(phrase),
                        kind: SourceKind::Anonymous,
                    });
                }
                return out;
            }
            let (credits, e) = self.noun_phrase(m.last, end, 0);
            let found = !credits.is_empty();
            self.append(&mut out, credits);
            if found && self.is(e, "et") {
                let (more, _) = self.noun_phrase(e + 1, end, 0);
                self.append(&mut out, more);
            }
            // "selon un communiqué lu à la télévision d'Etat ORTM".
            self.relay(m.last, end, &mut out);
            return out;
        }
        // Contacted by a medium: "des habitants joints par l'AFP ont décrit".
        if contact {
            // "Joint par téléphone par l'AFP".
            let by = if self.lower_in(m.last, &["telephone", "courriel", "ecrit"])
                && self.lower_is(m.last + 1, "par")
            {
                m.last + 2
            } else {
                m.last
            };
            let (credits, _) = self.noun_phrase(by, end, 0);
            self.append(&mut out, credits);
            // ", a déclaré X, un habitant de Tounga joint par téléphone":
            // the contacted one is the person named before, credited there.
            let apposition = (start..m.first)
                .rev()
                .find(|&i| self.punct(i) == b',')
                .is_some_and(|c| {
                    c > start
                        && self.cap(c - 1)
                        && !self.place_at(c - 1)
                        && !self.inside_place(c - 1)
                        && self.lower_in(c + 1, &["un", "une"])
                });
            if !apposition {
                let subject = self.subject(m.first, start);
                self.append(&mut out, subject);
            }
            return out;
        }
        // A present participle ("affirmant", "accusant") adds no speaker,
        // only the medium it speaks to or on ("affirmant à l'AFP que",
        // "assurant sur France Inter"; not "répondant à l'ONU", an
        // addressee). Nor does a plan ("le gouvernement prévoit de
        // fermer", "de les remplacer"), unlike a forecast ("prévoit de
        // fortes pluies").
        if participle {
            if self.lower_in(m.last, &["a", "au", "aux", "sur", "dans"]) {
                self.media_from(m.last, end, &mut out);
            }
            return out;
        }
        if first.starts_with(b"prevo") && self.plan_after(m.last) {
            return out;
        }
        // A reflexive ("se poursuivent") is not a statement.
        if m.first > start && self.lower_in(m.first - 1, &["se", "s"]) {
            return out;
        }
        // Agent of a participle: "cité par l'agence Sana", "annoncé par Kiev",
        // "revendiquée lundi par le JNIM".
        let mut by = m.last;
        while by < end && by - m.last < 3 && self.lower_in(by, DAY_TIMES) {
            by += 1;
        }
        if self.is(by, "par") && !incise_only {
            let (credits, _) = self.noun_phrase(by + 1, end, 0);
            if !credits.is_empty() {
                self.append(&mut out, credits);
                return out;
            }
            self.recycle(credits);
        }
        // The medium that relays the statement: "dans un message lu à la
        // télévision d'Etat ORTM", "a revendiqué l'attaque via son organe
        // de propagande Amaq".
        self.relay(m.last, end, &mut out);
        // … or opens the sentence: "Dans un message lu à la RTB, le
        // gouverneur a appelé".
        if self.lower_in(start, &["dans", "lors"]) {
            self.relay(start, m.first, &mut out);
        }
        // A passive ("l'enquête a été confiée à la police judiciaire") has
        // no speaker but its agent, read above.
        if m.first > start && self.lower_is(m.first - 1, "ete") {
            return out;
        }
        let (g, pronoun_before) = self.verb_group_start(m.first, start);
        // "les autorités n'ont pas réagi": a refusal to speak attributes
        // nothing.
        if (g..m.first).any(|i| self.lower_in(i, &["pas", "jamais"]))
            && SILENT_STEMS.iter().any(|s| first.starts_with(s))
        {
            return out;
        }
        let inverted = g == start || matches!(self.punct(g - 1), b',' | b'"' | b':' | b';');
        let after = self.skip_after_verb(m.last, end, &mut out);
        let pronoun_after = (m.last..after).any(|i| self.has(i, class::PRONOUN));
        let singular = |a: usize, b: usize| (a..b).any(|i| self.lower_in(i, &["il", "elle"]));
        let inverted_pronoun = pronoun_after && singular(m.last, after)
            || pronoun_before
                && inverted
                && singular(g, m.first)
                && (g..m.first).any(|i| self.is(i, "t"));
        if inverted_pronoun {
            // "a-t-il déclaré": the last person named before.
            self.read_persons();
            if let Some((_, name)) = self
                .person_positions
                .iter()
                .rev()
                .find(|(at, _)| *at < m.first)
            {
                out.push(Credit {
                    name: name.clone(),
                    kind: SourceKind::Person,
                });
            }
            return out;
        }
        if pronoun_before || pronoun_after {
            return out;
        }
        // After a comma with no quotation before it, a subject with an
        // apposition ("Le préfet de région, Philippe Gustin, a appelé les
        // habitants") is tried first; only named sources count there.
        let comma = g > start && self.punct(g - 1) == b',';
        // (The running count of quotes tells without a scan.)
        let quoted = self.doc.quotes(start, g) > 0;
        if inverted && comma && !quoted && !incise_only && !self.dateline_at(start, g) {
            let (credits, e) = self.noun_phrase(start, g, 0);
            let e2 = if self.punct(e) == b',' { e + 1 } else { e };
            // Between the subject and the verb, only an incise without a
            // verb of its own ("formé à Ryad …"), or a relative clause
            // ("Les FSR, qui tiennent la ville et y ont installé …,").
            // (An apposition may have taken the comma: ", X, qui …,".)
            let r = if self.punct(e) == b',' { e + 1 } else { e };
            // (Its own commas only set off a place: "qui gère un centre à
            // Adré, près de la frontière,".)
            let relative = r > 0
                && self.punct(r - 1) == b','
                && self.lower_is(r, "qui")
                && g > r
                && (r..g - 1).all(|i| {
                    self.punct(i) != b','
                        || self.lower_in(i + 1, &["pres", "dans", "au", "aux", "en", "non"])
                });
            // (An incise may cite its own source: "L'agence INA, citant un
            // communiqué de l'armée, a affirmé"; the army is credited by
            // its own cue.)
            let citing = |i: usize| i == e + 1 && self.lower_in(i, &["citant", "citee", "cite"]);
            let incise = relative && (r..g).all(|i| !self.is_cue(i))
                || self.punct(e) == b','
                    && (e..g).all(|i| {
                        (!self.is_cue(i) || citing(i))
                            && !self.lower_in(
                                i,
                                &[
                                    "a", "ont", "est", "sont", "avait", "avaient", "etait",
                                    "etaient", "sera", "va", "vont", "doit", "se", "s",
                                ],
                            )
                    });
            if credits.iter().any(|c| c.kind != SourceKind::Anonymous) && (e2 >= g || incise) {
                self.append(&mut out, credits);
                return out;
            }
            self.recycle(credits);
        }
        if inverted {
            let (mut credits, e) = self.noun_phrase(after, end, 0);
            // An inverted subject ends its clause ("…, a indiqué son parti.");
            // a determiner alone is none ("a promis à l'Assemblée un \"plan\"").
            let closes =
                e >= end || matches!(self.punct(e), b'.' | b',' | b';' | b':' | b'"' | b')');
            // "…, a annoncé Arianespace.", "a précisé Destatis, qui …": one
            // capitalised word that is no place and closes the clause names
            // an organisation the lists lack, or a person given by first
            // name when an age follows ("a confié Monique, 68 ans").
            if credits.is_empty()
                && after < end
                && self.cap(after)
                && !self.place_at(after)
                && !self.inside_place(after)
                && (after + 1 == end || matches!(self.punct(after + 1), b'.' | b',' | b';'))
                && !NOT_NAMES.contains(&self.lower(after))
                && !self.lower_in(after, MONTHS)
            {
                let aged = self.punct(after + 1) == b','
                    && !self.lower_bytes(after + 2).is_empty()
                    && self.lower_bytes(after + 2).iter().all(u8::is_ascii_digit)
                    && self.lower_is(after + 3, "ans");
                credits.push(Credit {
                    name: Cow::Borrowed(self.doc.original(after, after + 1)),
                    kind: if aged {
                        SourceKind::Person
                    } else {
                        SourceKind::Organisation
                    },
                });
            }
            let noun = (after..e).any(|i| self.word(i) && !self.has(i, class::DETERMINER));
            if !credits.is_empty() || g == start || !comma || closes && noun {
                let found = !credits.is_empty();
                self.append(&mut out, credits);
                // The medium after the subject: "a affirmé le ministre X au
                // Monde", "a estimé son PDG, X, dans un entretien au
                // Parisien" (a medium or agency only: "a expliqué X à son
                // homologue Y" cites no Y).
                if found {
                    let c = if self.punct(e) == b',' { e + 1 } else { e };
                    if self.lower_in(c, &["a", "au", "aux", "sur", "dans", "lors"]) {
                        self.media_from(c, end, &mut out);
                    }
                }
                // "ont indiqué des sources sécuritaires et des transporteurs".
                if found && self.is(e, "et") {
                    let (more, _) = self.noun_phrase(e + 1, end, 0);
                    self.append(&mut out, more);
                }
                return out;
            }
            self.recycle(credits);
        }
        if incise_only {
            return out;
        }
        // "X a annulé un déplacement et accusé …": the first verb's subject.
        if g > start && self.is(g - 1, "et") {
            if let Some(aux) = (start..g - 1)
                .rev()
                .find(|&i| self.lower_in(i, &["a", "ont", "avait", "avaient"]) && !self.is_cue(i))
            {
                let (g2, _) = self.verb_group_start(aux + 1, start);
                let subject = self.subject(g2.min(aux), start);
                self.append(&mut out, subject);
                return out;
            }
        }
        // A relative clause: the subject is the antecedent of "qui".
        if g > start && self.is(g - 1, "qui") {
            let mut a = g - 1;
            if a > start && self.punct(a - 1) == b',' {
                a -= 1;
            }
            let tail = self.tail(a, start, true);
            self.append(&mut out, tail);
            return out;
        }
        let subject = self.subject(g, start);
        self.append(&mut out, subject);
        out
    }

    /// A definition closing the name that goes on at `k` ("nationale de
    /// gestion des catastrophes (BNPB)"): the bracket, the acronym and the
    /// token after the definition.
    fn definition_ahead(&self, k: usize, limit: usize) -> Option<(usize, &'a str, usize)> {
        let mut d = k;
        while d < limit && d - k < 10 && (self.word(d) && !self.is_cue(d) || self.punct(d) == b'\'')
        {
            d += 1;
        }
        self.definition_at(d)
            .map(|(acronym, after)| (d, acronym, after))
    }

    /// "à l'AFP Sana Qureshi": is the one-word known name at `j` (not an
    /// acronym), right after a known source and before a capitalised word,
    /// a person's first name?
    fn first_name_after_known(&self, j: usize) -> bool {
        j >= 1
            && self.known_at(j).is_some_and(|(_, end)| end == j + 1)
            && self.doc.tokens.get(j).is_some_and(|t| !t.acronym)
            && self
                .at
                .get(j - 1)
                .and_then(|&k| self.mentions.get(k as usize))
                .is_some_and(|m| m.last == j && m.hits.iter().any(|h| matches!(h, Hit::Source(_))))
            && self.cap(j + 1)
            && self.word(j + 1)
            && self.known_at(j + 1).is_none()
            && !self.place_at(j + 1)
    }

    /// Is token `i` right after an article ("l'", "le", "la", "les")? A
    /// person's name takes none ("le ministre de l'Information du
    /// Pendjab, X": no person "Information du Pendjab").
    fn article_before(&self, i: usize) -> bool {
        self.after_elided(i, "l") || i >= 1 && self.lower_in(i - 1, &["le", "la", "les"])
    }

    /// Is token `i` right after "de", "du", "des" or "d'"?
    fn after_de(&self, i: usize) -> bool {
        i >= 1 && self.lower_in(i - 1, &["de", "du", "des"]) || self.after_elided(i, "d")
    }

    /// Is token `i` right after the elided word `w` and its apostrophe
    /// (`w` = "l": "l'Insee"; "d": "d'Ain Issa")?
    fn after_elided(&self, i: usize, w: &str) -> bool {
        i >= 2 && self.punct(i - 1) == b'\'' && self.lower_is(i - 2, w)
    }

    /// Does a place noun name the words at `i` ("le village de Tondi
    /// Kara", "la localité d'Ain Issa")? They are no person.
    fn named_place(&self, i: usize) -> bool {
        let de = if i >= 2 && self.punct(i - 1) == b'\'' {
            i - 2
        } else {
            i.saturating_sub(1)
        };
        de >= 1
            && self.lower_in(de, &["de", "du", "d"])
            && self.lower_in(
                de - 1,
                &[
                    "village", "villages", "ville", "localite", "commune", "quartier", "camp",
                    "district", "bourgade", "hameau",
                ],
            )
    }

    /// Does a dateline's place in capitals open the paragraph at `b`
    /// ("CHISINAU, 25 mai 2026 (AFP) -", "KABOUL (AFP) -"), before `g`?
    /// It is no subject. Only the lead has a dateline: an acronym opening
    /// a later paragraph ("GRDF, le gestionnaire du réseau, a indiqué")
    /// is a subject.
    fn dateline_at(&self, b: usize, g: usize) -> bool {
        let lead = usize::from(self.doc.has_title);
        if self.doc.paragraph_tokens(b).0 != b
            || self.doc.paragraph_of_sentence(self.doc.sentence_of(b)) != lead
        {
            return false;
        }
        let c = self.capitals_end(b, g);
        c > b && matches!(self.punct(c), b',' | b'(')
    }

    /// The end of the run of words in capitals ("CHISINAU", "SAINT-DENIS")
    /// from `b`, stopping at `g`: `b` itself when there is none.
    fn capitals_end(&self, b: usize, g: usize) -> usize {
        let mut c = b;
        while c < g && self.word(c) && self.doc.tokens.get(c).is_some_and(|t| t.acronym) {
            c += 1;
        }
        c
    }

    /// The subject that ends right before token `g`: from the last clause
    /// boundary, or after a comma; a subject may carry an incise between
    /// commas ("Le GRK, basé à Erbil, a accusé"). Failing a full parse, a
    /// known source or a person's name ending right before `g`.
    fn subject(&mut self, g: usize, start: usize) -> Vec<Credit<'a>> {
        let mut b = g;
        while b > start {
            if matches!(self.punct(b - 1), b'"' | b';' | b':')
                || self.is_cue(b - 1)
                || self.is_boundary(b - 1) && !qualifies_acronym(self.doc, b - 1)
            {
                break;
            }
            b -= 1;
        }
        let incise_before_verb = g > b && self.punct(g - 1) == b',';
        let opens_paragraph = self.doc.paragraph_tokens(b).0 == b;
        let dateline = self.dateline_at(b, g);
        // The subject starts at `b` or after a comma before `g`.
        let mut next = Some(b);
        while let Some(st) = next {
            // (Also after a closing bracket: the dateline "EPINAL (AFP) -".)
            next = (st..g)
                .find(|&i| matches!(self.punct(i), b',' | b')'))
                .map(|c| c + 1);
            if dateline && st == b {
                continue;
            }
            let (credits, e) = self.noun_phrase(st, g, 0);
            if credits.is_empty() {
                self.recycle(credits);
                continue;
            }
            let e2 = if self.punct(e) == b',' { e + 1 } else { e };
            if e2 >= g || incise_before_verb && self.punct(e) == b',' {
                return credits;
            }
            // A participial or locative tail: "Un journaliste de l'AFP arrivé
            // dans la ville a vu", "Des habitants de Nikopol interrogés".
            // (A contact is part of it: "Un habitant de Barsalogho joint par
            // téléphone a confirmé".)
            let contact = |i: usize| {
                self.mention(i)
                    .is_some_and(|m| m.last > m.first + 1 && self.lower_is(m.last - 1, "par"))
            };
            // A capitalised name right after a common noun of a "de"
            // complement names that place or building: "un médecin de
            // l'hôpital Nasser", "de la Défense" (each of its words).
            let names_complement = |i: usize| {
                let mut h = i;
                while h > e && self.cap(h - 1) && self.word(h - 1) {
                    h -= 1;
                }
                // ("de l'hôpital": the elided article is two tokens.)
                h > e
                    && self.word(h - 1)
                    && !self.cap(h - 1)
                    && (self.after_de(h - 1)
                        || self.after_elided(h - 1, "l") && self.after_de(h - 3))
            };
            let tail_ok = g - e <= 8
                && (e..g).all(|i| {
                    // (A capitalised word after "de" is a place the gazetteer
                    // may not know: "un habitant de Barsalogho".)
                    (self.word(i)
                        && (!self.cap(i)
                            || self.place_at(i)
                            || self.inside_place(i)
                            || self.after_de(i)
                            || names_complement(i))
                        || self.punct(i) == b'\'')
                        && (!self.is_cue(i) || contact(i))
                        && !self.has(i, class::BOUNDARY)
                });
            if tail_ok {
                return credits;
            }
            // "X et Y ont dénoncé"; "plusieurs ONG, dont X et Y, ont
            // dénoncé".
            if self.is(e, "et") {
                let (more, e3) = self.noun_phrase(e + 1, g, 0);
                let closes = e3 >= g || incise_before_verb && e3 + 1 == g;
                if !more.is_empty() && closes {
                    let mut all = credits;
                    self.append(&mut all, more);
                    return all;
                }
                self.recycle(more);
            }
            self.recycle(credits);
        }
        // A dateline in capitals without brackets ("EPINAL - Le groupe
        // Nordvik a annoncé", the dash folded to a space): the subject
        // starts after it.
        let mut c = self.capitals_end(b, g);
        // ", 7 oct 2025": the date of the dateline.
        if c > b && self.punct(c) == b',' {
            let mut d = c + 1;
            while d < g
                && (self.has(d, class::DIGITS)
                    || self.lower_in(d, MONTHS)
                    || self.lower_in(d, MONTH_ABBREVIATIONS))
            {
                d += 1;
            }
            if d > c + 1 {
                c = d;
            }
        }
        if opens_paragraph && c > b && c < g && self.cap(c) {
            let (credits, e) = self.noun_phrase(c, g, 0);
            if !credits.is_empty() && e >= g {
                return credits;
            }
            self.recycle(credits);
        }
        // An incise before the verb: "L'armée malienne, qui n'a pas
        // communiqué de bilan, a affirmé".
        if incise_before_verb {
            let sentence_start = self.doc.sentence_start_token(self.doc.sentence_of(g));
            if let Some(c) = (sentence_start..g - 1)
                .rev()
                .find(|&i| self.punct(i) == b',')
            {
                // (A participle's incise may hold a clause of its own:
                // ", s'exprimant sous couvert d'anonymat car il n'était
                // pas autorisé à parler à la presse,".)
                let reach = if self.opens_participle(c + 1) { 36 } else { 20 };
                if g - c <= reach && c > sentence_start {
                    let credits = self.subject(c, sentence_start);
                    if !credits.is_empty() {
                        return credits;
                    }
                    self.recycle(credits);
                }
            }
        }
        self.tail(g, b, false)
    }

    /// Does a present participle open the incise at `i` ("s'exprimant",
    /// "parlant", "requérant l'anonymat"; not "avant", "pendant")?
    fn opens_participle(&self, i: usize) -> bool {
        let i = if self.lower_in(i, &["s", "se"]) && self.punct(i + 1) == b'\'' {
            i + 2
        } else {
            i
        };
        let w = self.lower_bytes(i);
        self.word(i)
            && !self.cap(i)
            && w.len() > 5
            && w.ends_with(b"ant")
            && !matches!(
                w,
                b"pendant" | b"durant" | b"cependant" | b"maintenant" | b"suivant" | b"devant"
            )
    }

    /// A known source or a person's name ending right before `g` (the tail
    /// of a long subject: "L'ONG israélienne … B'Tselem a publié"; with
    /// `antecedent`, the antecedent of a relative "qui", which may be a
    /// complement).
    fn tail(&mut self, g: usize, b: usize, antecedent: bool) -> Vec<Credit<'a>> {
        // A definition ending right before `g`: "L'Organisation des Nations
        // unies pour l'éducation, la science et la culture (Unesco) a
        // appelé", whose name holds commas.
        if g > b && self.punct(g - 1) == b')' {
            if let Some((acronym, _)) = (b..g - 1)
                .rev()
                .take(10)
                .find(|&o| self.punct(o) == b'(')
                .and_then(|o| self.definition_at(o))
                .filter(|&(_, after)| after == g)
            {
                let mut out = self.credits();
                out.push(self.defined_credit(acronym, SourceKind::Organisation));
                return out;
            }
        }
        for first in (b..g).rev().take(8) {
            // A known phrase ends at or after its mention.
            if self.known_at(first).is_none_or(|(_, end)| end > g) {
                continue;
            }
            if let Some((credit, e)) = self.known_phrase(first) {
                if e == g {
                    let mut out = self.credits();
                    out.push(credit);
                    return out;
                }
            }
        }
        // A name ends with a capitalised word: none before `g`, no name
        // ends there.
        let capitalised_end = g > b && self.cap(g - 1);
        for first in (b..g).rev().take(if capitalised_end { 6 } else { 0 }) {
            if let Some(e) = self.name_at(first, g) {
                // "les ports d'Abidjan et de San Pedro accusaient": a name
                // after "de" is a complement, not the subject (but may be
                // the antecedent of "qui": "le renvoi de X, qui avait
                // appelé").
                if e == g
                    && (first == b || !self.cap(first - 1))
                    && (antecedent || !self.after_de(first))
                {
                    let mut out = self.credits();
                    out.extend(self.person(first, e, false));
                    return out;
                }
            }
        }
        self.credits()
    }

    /// Is token `i` the lower-case ASCII word `w`, in any case (what
    /// `doc.is` tells)? The token's lower-case text compared byte by byte.
    fn is(&self, i: usize, w: &str) -> bool {
        self.lower_is(i, w)
    }

    /// The bytes [`Ctx::lower`] reads for token `i` (without checking that
    /// they are whole characters: see [`Ctx::lower_is`]).
    #[inline]
    fn lower_bytes(&self, i: usize) -> &'a [u8] {
        let doc: &'a Doc = self.doc;
        match doc.tokens.get(i) {
            Some(t) if t.word => doc
                .search
                .as_bytes()
                .get(t.start as usize + 1..t.end as usize + 1),
            Some(t) => doc
                .folded
                .text
                .as_bytes()
                .get(t.start as usize..t.end as usize),
            None => None,
        }
        .unwrap_or(b"")
    }

    /// Is [`Ctx::lower`] of token `i` the ASCII text `w`? Compared byte by
    /// byte, without slicing a string: bytes equal to ASCII text are whole
    /// characters.
    #[inline]
    fn lower_is(&self, i: usize, w: &str) -> bool {
        same_bytes(self.lower_bytes(i), w.as_bytes())
    }

    /// Does `de` + an infinitive start at token `i` ("de fermer", "d'en
    /// finir", "de les remplacer"), the object of a plan? (Not a partitive:
    /// "de fortes pluies", "d'importantes chutes de neige".)
    fn plan_after(&self, i: usize) -> bool {
        if !self.lower_in(i, &["de", "d"]) {
            return false;
        }
        let mut j = i + 1;
        while j < i + 3
            && self.lower_in(
                j,
                &["se", "s", "ne", "n", "les", "l", "y", "en", "leur", "lui"],
            )
        {
            j += 1;
        }
        // ("la" and "le" are articles as often as pronouns: a verb must
        // follow them.)
        if self.lower_in(j, &["la", "le"]) {
            j += 1;
        }
        let w = self.lower_bytes(j);
        w.len() > 3 && [&b"er"[..], b"ir", b"re"].iter().any(|e| w.ends_with(e))
    }

    /// Is [`Ctx::lower`] of token `i` one of the ASCII texts `words`?
    #[inline]
    fn lower_in(&self, i: usize, words: &[&str]) -> bool {
        let b = self.lower_bytes(i);
        words.iter().any(|w| same_bytes(b, w.as_bytes()))
    }
}

/// Are `a` and `b` the same bytes? (An inline loop: the texts compared are
/// a few bytes long.)
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Sets the [`class::MENTION`] bits of the tokens in `classes` (one per
/// token, cleared): for each token, from the mention `at` records for it,
/// [`class::PLACE`] and [`class::CUE`] at the start of a place or cue
/// mention, [`class::INSIDE_PLACE`] inside a place mention. One pass over
/// the mentions, instead of a lookup per token asked about; the indices of
/// the cue mentions (a reporting verb or preposition) go to `cues`, in
/// order. A cue right after `(SIGLE` ("(JNIM selon son acronyme arabe)")
/// qualifies the acronym and is no cue.
fn mark_mentions(doc: &Doc, classes: &[Cell<u32>], mentions: &[Mention], cues: &mut Vec<u32>) {
    let at = doc.at.as_slice();
    let in_definition = |m: &Mention| qualifies_acronym(doc, m.first);
    // "l'accusé", "un communiqué", "la demande": a one-word verb form after
    // an article is a noun.
    let noun = |m: &Mention| {
        let f = m.first;
        m.last == f + 1
            && (f >= 2 && doc.is(f - 1, "'") && doc.is(f - 2, "l")
                || f >= 1
                    && matches!(
                        doc.lower(f - 1),
                        "le" | "la"
                            | "les"
                            | "un"
                            | "une"
                            | "des"
                            | "du"
                            | "au"
                            | "aux"
                            | "ce"
                            | "cet"
                            | "cette"
                            | "ces"
                    ))
    };
    for (k, m) in mentions.iter().enumerate() {
        // The bits of the first token, and of the others.
        let (mut first, mut inside) = (0, 0);
        for h in m.hits.iter() {
            match h {
                Hit::Place(_) | Hit::Demonym(_) => {
                    first |= class::PLACE;
                    inside = class::INSIDE_PLACE;
                }
                Hit::Preposition if !in_definition(m) => first |= class::CUE,
                Hit::Verb if !in_definition(m) && !noun(m) => first |= class::CUE,
                Hit::Verb | Hit::Preposition => {}
                Hit::Source(_) => {}
            }
        }
        if first == 0 {
            continue;
        }
        if first & class::CUE != 0 {
            cues.push(k as u32);
        }
        for i in m.first..m.last {
            // Only the tokens whose recorded mention is this one.
            if let (Some(&a), Some(cell)) = (at.get(i), classes.get(i)) {
                if a == k as u32 {
                    let c = if i == m.first { first } else { inside };
                    cell.set(cell.get() | c);
                }
            }
        }
    }
}

/// Whether lower-cased word `w` is an adjective that goes on with the
/// complement of a ministry or office ("des Ressources hydriques", "de la
/// Transition écologique", "des Affaires étrangères"): the usual endings
/// of French adjectives of that kind, and a few others.
fn complement_adjective(w: &[u8]) -> bool {
    const ENDINGS: &[&[u8]] = &[
        b"ique", b"iques", b"ale", b"ales", b"aux", b"elle", b"elles", b"aire", b"aires",
    ];
    const OTHERS: &[&[u8]] = &[
        b"etrangeres",
        b"interieures",
        b"exterieures",
        b"publics",
        b"publique",
        b"anciens",
        b"combattants",
        b"superieur",
        b"naturelles",
        b"humanitaires",
    ];
    w.len() > 4 && ENDINGS.iter().any(|e| w.ends_with(e)) || OTHERS.contains(&w)
}

/// `name` with its typographic apostrophes (’ ‘ ʼ) written `'`.
fn straight_apostrophes(name: &str) -> Cow<'_, str> {
    const CURLY: [char; 3] = ['\u{2019}', '\u{2018}', '\u{2bc}'];
    if name.contains(CURLY) {
        Cow::Owned(name.replace(CURLY, "'"))
    } else {
        Cow::Borrowed(name)
    }
}

/// Is the lower-cased word `w` a relational adjective by its ending
/// ("diplomatique", "militaire", "syrienne", "libanais", "local"), never a
/// participle?
fn relational_adjective(w: &[u8]) -> bool {
    const ENDINGS: &[&[u8]] = &[
        b"ique", b"iques", b"aire", b"aires", b"ien", b"iens", b"ienne", b"iennes", b"ais",
        b"aise", b"aises", b"al", b"ale", b"ales", b"aux", b"ois", b"oise", b"oises", b"iste",
        b"istes", b"een", b"eens", b"eenne", b"eennes",
    ];
    w.len() > 4 && ENDINGS.iter().any(|e| w.ends_with(e))
}

/// Does the folded word `w` end like a plural ("locales", "locaux")?
fn plural_word(w: &[u8]) -> bool {
    matches!(w.last(), Some(b's' | b'x'))
}

/// The head of a government body's name, as [`Ctx::government`] found
/// it: its length in tokens, its gender, number and whether it names a
/// local body (see [`GOVERNMENT_HEADS`]), its folded first word, and the
/// name to write in place of the text's words, if any.
#[derive(Clone, Copy)]
struct BodyHead<'w> {
    len: usize,
    feminine: bool,
    plural: bool,
    local: bool,
    word: &'w [u8],
    name: Option<&'static str>,
}

/// Is `w` a past participle by which a document gets its author
/// ("publiés par", "établi par", "consultées par")?
fn agent_participle(w: &[u8]) -> bool {
    const STEMS: &[&[u8]] = &[
        b"publie",
        b"mene",
        b"conduit",
        b"dirige",
        b"coordonne",
        b"diffuse",
        b"communique",
        b"consulte",
        b"cite",
        b"fourni",
        b"etabli",
        b"compile",
        b"transmis",
        b"recueilli",
        b"realise",
        b"obtenu",
    ];
    STEMS.iter().any(|stem| {
        w.strip_prefix(*stem)
            .is_some_and(|rest| matches!(rest, b"" | b"e" | b"s" | b"es"))
    })
}

/// Stems of the reporting verbs that, negated ("n'a pas commenté"), say
/// that nothing was said.
const SILENT_STEMS: &[&[u8]] = &[
    b"comment",
    b"reagi",
    b"confirm",
    b"communiqu",
    b"repond",
    b"repondu",
    b"precis",
];

/// Professions of expertise, whose employer may follow "à" or "au"
/// ("analyste au cabinet Xerfi"; see `Ctx::employer`).
const EXPERTISE: &[&str] = &[
    "economiste",
    "economistes",
    "analyste",
    "analystes",
    "chercheur",
    "chercheuse",
    "chercheurs",
    "expert",
    "experte",
    "experts",
    "specialiste",
    "specialistes",
    "strategiste",
    "stratege",
    "politologue",
    "sociologue",
    "historien",
    "historienne",
    "professeur",
    "professeure",
    "consultant",
    "consultante",
    "ingenieur",
    "ingenieure",
    "juriste",
    "avocat",
    "avocate",
    "demographe",
    "epidemiologiste",
    "virologue",
    "climatologue",
    "sismologue",
    "volcanologue",
    "geographe",
    "geopolitologue",
];

/// Capitalised words after "l'" that name no organisation ("l'Etat",
/// "l'Ouest", "l'Hexagone").
const NOT_ORGANISATIONS: &[&str] = &[
    "etat", "est", "ouest", "nord", "sud", "occident", "orient", "hexagone", "islam", "homme",
    "humanite", "histoire",
];

/// Is a source of `kind` a channel of news (a medium or an agency)?
fn medium(kind: SourceKind) -> bool {
    matches!(kind, SourceKind::Media | SourceKind::Agency)
}

/// Does the folded word `w` end like a people's noun ("Flandrien",
/// "Breton", "Lyonnais", "Américain")? After "le" or "la" such a word is a
/// person ("a déclaré le Flandrien"), not an organisation.
fn demonym_like(w: &[u8]) -> bool {
    [
        &b"ien"[..],
        b"ienne",
        b"ais",
        b"aise",
        b"ois",
        b"oise",
        b"ain",
        b"aine",
        b"on",
        b"onne",
    ]
    .iter()
    .any(|e| w.ends_with(e))
}

/// Is the government head of first word `first` and `len` words the
/// general staff ("état-major")?
fn general_staff(first: &[u8], len: usize) -> bool {
    first == b"etat" && len == 2
}

/// Does token `i` follow `(SIGLE` or `(SIGLE,` ("(JNIM selon son acronyme
/// arabe)"), qualifying the acronym rather than opening a clause?
fn qualifies_acronym(doc: &Doc, i: usize) -> bool {
    let a = if i >= 1 && doc.tok(i - 1) == "," {
        i - 1
    } else {
        i
    };
    let opens = |a: usize| a >= 2 && doc.tokens[a - 1].acronym && doc.tok(a - 2) == "(";
    // Also a second acronym: "(GSIM, ou JNIM selon son acronyme arabe)".
    opens(a)
        || a >= 4 && doc.tokens[a - 1].acronym && {
            let b = if doc.is(a - 2, "ou") { a - 2 } else { a - 1 };
            b >= 1 && doc.tok(b - 1) == "," && opens(b - 1)
        }
}

/// Buffers of [`sources`] that hold nothing borrowed, kept from one
/// dispatch to the next on each thread (cleared before use).
#[derive(Default)]
struct Scratch {
    classes: Vec<Cell<u32>>,
    cap_bits: Vec<u64>,
    key: String,
    keys: String,
    seen: Vec<Reported>,
    cues: Vec<u32>,
    /// The allocations of the buffers of [`Ctx`] that borrow from a
    /// dispatch, kept empty (see [`emptied`]).
    borrowing: Borrowing<'static>,
}

/// The buffers of [`Ctx`] that borrow from the dispatch (see the fields
/// of the same names there).
#[derive(Default)]
struct Borrowing<'a> {
    persons: Vec<(&'a str, std::ops::Range<usize>)>,
    person_words: Vec<&'a str>,
    words: Vec<&'a str>,
    person_positions: Vec<(usize, Cow<'a, str>)>,
    pool: Vec<Vec<Credit<'a>>>,
}

impl<'a> Borrowing<'a> {
    /// The same buffers, emptied, for a dispatch of another lifetime.
    fn emptied<'b>(self) -> Borrowing<'b> {
        Borrowing {
            persons: emptied(self.persons),
            person_words: emptied(self.person_words),
            words: emptied(self.words),
            person_positions: emptied(self.person_positions),
            pool: self.pool.into_iter().map(emptied).collect(),
        }
    }
}

/// An empty vector holding the allocation of `v`, for elements of another
/// lifetime: collecting a vector's own iterator into elements of the same
/// layout reuses its allocation, so that the buffers that borrow from a
/// dispatch are kept for the next one without a new allocation.
fn emptied<T, U>(mut v: Vec<T>) -> Vec<U> {
    v.clear();
    v.into_iter().filter_map(|_| None).collect()
}

/// What [`sources`] keeps of a name it reported (the `i`-th of its
/// output), to tell whether a later name is the same.
struct Reported {
    /// The name is ASCII.
    ascii: bool,
    /// Where the key of the name is written in the keys of the dispatch,
    /// once built.
    key: Option<(usize, usize)>,
}

/// Appends [`key`] of `name` to `keys` and returns where it is.
fn push_key(ctx: &Ctx<'_>, name: &str, keys: &mut String) -> (usize, usize) {
    let start = keys.len();
    ctx.with_key(name, |k| keys.push_str(k));
    (start, keys.len())
}

/// May `a` and `b` have the same [`key`] (`ascii_a`, `ascii_b`: are they
/// ASCII)? Folding copies the letters and digits of the ASCII text before
/// the first other character and lower-cases them: when those of `a` and
/// `b` differ within the shorter run, or when an ASCII name has fewer than
/// the other, the keys differ.
fn may_share_key(a: &str, ascii_a: bool, b: &str, ascii_b: bool) -> bool {
    fn letters(s: &str) -> impl Iterator<Item = u8> + '_ {
        s.bytes()
            .take_while(u8::is_ascii)
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| b.to_ascii_lowercase())
    }
    let (mut x, mut y) = (letters(a), letters(b));
    loop {
        match (x.next(), y.next()) {
            (Some(p), Some(q)) if p != q => return false,
            (Some(_), Some(_)) => {}
            (Some(_), None) => return !ascii_b,
            (None, Some(_)) => return !ascii_a,
            (None, None) => return true,
        }
    }
}

thread_local! {
    static SCRATCH: Cell<Option<Scratch>> = const { Cell::new(None) };
}

/// The sources a dispatch cites, in order of first citation.
pub fn sources(
    x: &Extractor,
    doc: &Doc,
    mentions: &[Mention],
    support: &CountrySupport,
    main_country: Option<usize>,
) -> Vec<SourceFacet> {
    // Only a reporting cue (verb or preposition) attributes anything: a
    // dispatch without one has no source. The persons and definitions of
    // the dispatch are read on first use only (`read_persons`, `defs`).
    if !mentions.iter().any(|m| {
        m.hits
            .iter()
            .any(|h| matches!(h, Hit::Verb | Hit::Preposition))
    }) {
        return Vec::new();
    }
    let at = doc.at.as_slice();
    let mut scratch = SCRATCH.with(Cell::take).unwrap_or_default();
    scratch.classes.clear();
    scratch.classes.resize(doc.tokens.len(), Cell::new(0));
    scratch.cues.clear();
    mark_mentions(doc, &scratch.classes, mentions, &mut scratch.cues);
    scratch.keys.clear();
    scratch.seen.clear();
    let story_country =
        main_country.or_else(|| support.first().filter(|(_, s)| *s >= 1.0).map(|(c, _)| *c));
    let main_demonyms = story_country.and_then(|c| x.country_demonyms.get(&c));
    // Empty buffers of the longest lifetime serve as they are.
    let borrowing: Borrowing<'_> = scratch.borrowing;
    let mut ctx = Ctx {
        x,
        doc,
        mentions,
        at,
        definitions: std::cell::OnceCell::new(),
        persons: borrowing.persons,
        person_words: borrowing.person_words,
        words: borrowing.words,
        main_demonyms,
        story_country,
        person_positions: borrowing.person_positions,
        persons_read: false,
        classes: scratch.classes,
        classify: &CLASSES,
        tables: x.attribution_tables.get_or_init(|| SourceTables::new(x)),
        key_buf: RefCell::new(scratch.key),
        pool: borrowing.pool,
        cap_bits: scratch.cap_bits,
    };
    let mut out: Vec<SourceFacet> = Vec::with_capacity(8);
    // Keys of the names reported, written one after the other in `keys`
    // when they are needed (see `Reported`).
    let mut keys = scratch.keys;
    let mut seen = scratch.seen;
    // The sentence of the last source reported (the evidence of the next
    // one from the same sentence is a copy).
    let mut last_sentence = None;
    let cues = std::mem::take(&mut scratch.cues);
    // Sentences opening on "Pour X," ("Pour l'ONU, la situation est
    // catastrophique"): an opinion attributed to X, read in text order
    // with the cues.
    let sentence_start = |s: usize| doc.sentence_start_token(s);
    let mut opinions = (0..doc.sentences.len())
        .filter(|&s| doc.is(sentence_start(s), "pour"))
        .peekable();
    let mut cue_mentions = cues
        .iter()
        .filter_map(|&k| mentions.get(k as usize))
        .peekable();
    loop {
        let opinion_first = match (opinions.peek(), cue_mentions.peek()) {
            (Some(&s), Some(m)) => sentence_start(s) <= m.first,
            (Some(_), None) => true,
            (None, _) => false,
        };
        let (credits, sentence) = if opinion_first {
            let Some(s) = opinions.next() else { break };
            (ctx.opinion(s), s)
        } else if let Some(m) = cue_mentions.next() {
            (ctx.attribution(m), m.sentence)
        } else {
            break;
        };
        for credit in &credits {
            // One apostrophe in names, whatever the text's typography
            // ("l’Agriculture" and "l'Agriculture" are one facet value).
            let name = straight_apostrophes(credit.name.trim());
            let name = &*name;
            // A name reported already as written needs no key.
            if name.is_empty() || out.iter().any(|f| f.name == name) {
                continue;
            }
            // A name is new when its key differs from the key of every
            // name reported; the keys are only built for the names that
            // `may_share_key` cannot tell apart.
            let ascii = name.is_ascii();
            let mut own: Option<(usize, usize)> = None;
            let mut new = true;
            for (f, r) in out.iter().zip(seen.iter_mut()) {
                if !may_share_key(name, ascii, &f.name, r.ascii) {
                    continue;
                }
                let (a0, a1) = *own.get_or_insert_with(|| push_key(&ctx, name, &mut keys));
                let (b0, b1) = *r
                    .key
                    .get_or_insert_with(|| push_key(&ctx, &f.name, &mut keys));
                if keys.get(a0..a1) == keys.get(b0..b1) {
                    new = false;
                    break;
                }
            }
            if !new {
                continue;
            }
            seen.push(Reported { ascii, key: own });
            let evidence = match out.last() {
                Some(f) if last_sentence == Some(sentence) => f.evidence.clone(),
                _ => doc.sentence_text(sentence),
            };
            last_sentence = Some(sentence);
            out.push(SourceFacet {
                name: name.to_string(),
                kind: credit.kind,
                evidence,
            });
        }
        ctx.recycle(credits);
    }
    SCRATCH.with(|s| {
        s.set(Some(Scratch {
            classes: ctx.classes,
            cap_bits: ctx.cap_bits,
            key: ctx.key_buf.into_inner(),
            keys,
            seen,
            cues,
            borrowing: Borrowing {
                persons: ctx.persons,
                person_words: ctx.person_words,
                words: ctx.words,
                person_positions: ctx.person_positions,
                pool: ctx.pool,
            }
            .emptied(),
        }))
    });
    drop_bare_heads(&mut out);
    out
}

/// Drops a source named by a bare head noun ("selon la préfecture", "le
/// parquet") when the dispatch also credits that head with a complement
/// ("la préfecture du Var", "le parquet de Valence"): the same body, met
/// first or later under its full name. (With an adjective, "le
/// commandement général", it may be another body.)
fn drop_bare_heads(out: &mut Vec<SourceFacet>) {
    // (Anonymous sources stay: "un responsable" and "un responsable
    // militaire" may be two people.)
    let bare = |f: &SourceFacet| {
        f.kind != SourceKind::Anonymous
            && f.name.chars().next().is_some_and(char::is_lowercase)
            && !f.name.contains([' ', '\''])
    };
    if !out.iter().any(bare) {
        return;
    }
    let full_names: Vec<String> = out
        .iter()
        .filter(|f| !bare(f))
        .map(|f| f.name.to_lowercase())
        .collect();
    out.retain(|f| {
        if !bare(f) {
            return true;
        }
        let head = f.name.to_lowercase();
        !full_names.iter().any(|n| {
            n.strip_prefix(head.as_str()).is_some_and(|rest| {
                [" de ", " du ", " des ", " d'", " d’"]
                    .iter()
                    .any(|de| rest.starts_with(de))
            })
        })
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_table_agrees_with_the_lists() {
        let map = class_map();
        let table = WordTable::new(&map);
        for (&w, &bits) in &map {
            assert_eq!(table.get(w, ""), bits, "{w}");
            // Read in a longer text too (the two-load path).
            let hay = format!("{w} suite du texte, assez longue");
            assert_eq!(table.get(&hay[..w.len()], &hay), bits, "{w}");
        }
        for w in [
            "",
            "x1",
            "inconnu",
            "tres-long-mot-absent-des-listes",
            "ministres",
        ] {
            assert_eq!(table.get(w, ""), map.get(w).copied().unwrap_or(0), "{w}");
        }
        assert!(word_class(&table, "le", "") & class::DETERMINER != 0);
        assert!(word_class(&table, "qui", "") & class::BOUNDARY != 0);
        assert!(word_class(&table, "twitter", "") & class::PLATFORM != 0);
        assert!(word_class(&table, "2024", "") & class::DIGITS != 0);
        assert!(word_class(&table, "", "") & class::DIGITS != 0);
        assert_eq!(word_class(&table, "vague", ""), class::KNOWN);
    }

    #[test]
    fn a_name_that_folds_to_itself_has_its_lower_case_as_key() {
        for name in [
            "OSDH",
            "Human Rights Watch",
            "l'AFP",
            "M. Dupont",
            "Suwayda 24",
        ] {
            assert!(folds_to_itself(name), "{name}");
            assert_eq!(key(name), name.to_ascii_lowercase(), "{name}");
        }
        for name in [
            "",
            " AFP",
            "AFP ",
            "Human  Rights",
            "porte-parole",
            "sécurité",
            "a_b",
            "x`y",
        ] {
            assert!(!folds_to_itself(name), "{name}");
        }
    }

    fn extractor() -> Extractor {
        Extractor::from_config(&crate::config::Config::default()).expect("builtin data")
    }

    #[test]
    fn every_source_key_may_resolve() {
        let x = extractor();
        let tables = SourceTables::new(&x);
        for k in x.source_names.keys() {
            assert!(tables.may_resolve(k), "{k}");
            assert!(tables.may_resolve(&k.to_uppercase()), "{k}");
        }
        for s in &x.sources {
            assert!(tables.may_resolve(s.name.trim()), "{}", s.name);
        }
        // The filter rules out at least some names that resolve to nothing.
        let unknown = [
            "habitants",
            "enseignant",
            "sources diplomatiques",
            "qqq",
            "zz",
        ];
        assert!(unknown.iter().any(|w| !tables.may_resolve(w)));
        for w in unknown {
            assert!(
                tables.may_resolve(w) || x.resolve_source(w).is_none(),
                "{w}"
            );
        }
    }

    #[test]
    fn canonical_index_is_the_lookup_of_each_canonical_name() {
        let x = extractor();
        let tables = SourceTables::new(&x);
        for (i, s) in x.sources.iter().enumerate() {
            assert_eq!(
                tables.canonical_index[i],
                x.source_names.get(&key(&s.name)).copied(),
                "{}",
                s.name
            );
        }
    }

    #[test]
    fn names_with_equal_keys_may_share_them() {
        let pairs = [
            ("AFP", "afp"),
            ("Human Rights Watch", "human-rights  watch"),
            ("ministère de la Défense", "Ministere de la defense"),
            ("Médecins sans frontières", "medecins sans frontieres"),
            ("OSDH", "O.S.D.H."),
        ];
        for (a, b) in pairs {
            if key(a) == key(b) {
                assert!(may_share_key(a, a.is_ascii(), b, b.is_ascii()), "{a} / {b}");
                assert!(may_share_key(b, b.is_ascii(), a, a.is_ascii()), "{b} / {a}");
            }
        }
        assert!(!may_share_key("AFP", true, "Reuters", true));
        assert!(!may_share_key("AFP", true, "AFPX", true));
        // A name with other characters may have more letters in its key.
        assert!(may_share_key("AFP", true, "AFPé", false));
        assert!(!may_share_key("BFP", true, "AFPé", false));
    }

    #[test]
    fn small_map_keeps_the_last_value_of_a_key() {
        let mut map: SmallMap<String, u32> = SmallMap::default();
        assert!(map.is_empty() && map.get("a").is_none());
        map.insert("a".to_string(), 1);
        map.insert("b".to_string(), 2);
        map.insert("a".to_string(), 3);
        assert_eq!(map.get("a"), Some(&3));
        assert_eq!(map.get("b"), Some(&2));
        assert_eq!(map.entries.len(), 2);
    }

    #[test]
    fn boundary_words_are_the_boundaries() {
        for w in BOUNDARIES {
            assert!(is_boundary_word(w.as_bytes()), "{w}");
        }
        let map = class_map();
        for (&w, &bits) in &map {
            assert_eq!(
                is_boundary_word(w.as_bytes()),
                bits & class::BOUNDARY != 0,
                "{w}"
            );
        }
        for w in ["", "q", "quoi", "mai", "le", ",", "ou'"] {
            assert!(!is_boundary_word(w.as_bytes()), "{w}");
        }
    }

    #[test]
    fn determiner_bits_are_the_class_bits() {
        let map = class_map();
        let both = class::DETERMINER | class::HONORIFIC;
        for (&w, &bits) in &map {
            assert_eq!(determiner_bits(w.as_bytes()), bits & both, "{w}");
        }
        for w in ["", "lee", "m.", "Le", "mmes'", "deu"] {
            assert_eq!(determiner_bits(w.as_bytes()), 0, "{w}");
        }
    }

    #[test]
    fn government_head_words_are_the_heads() {
        assert_eq!(GOVERNMENT_HEAD_WORDS.len(), GOVERNMENT_HEADS.len());
        for ((words, f, p, l), &(h, f2, p2, l2)) in
            GOVERNMENT_HEAD_WORDS.iter().zip(GOVERNMENT_HEADS)
        {
            assert_eq!(words.join(" "), h);
            assert!(words.iter().all(|w| !w.is_empty()), "{h}");
            assert!(GOVERNMENT_FIRST_WORDS.contains(words[0]), "{h}");
            assert_eq!((*f, *p, *l), (f2, p2, l2));
        }
    }

    #[test]
    fn emptied_keeps_the_allocation() {
        let text = String::from("un deux trois");
        let mut words: Vec<&str> = Vec::with_capacity(16);
        words.extend(text.split(' '));
        let ptr = words.as_ptr() as usize;
        let kept: Vec<&'static str> = emptied(words);
        assert!(kept.is_empty());
        assert_eq!(kept.capacity(), 16);
        assert_eq!(kept.as_ptr() as usize, ptr);
    }

    #[test]
    fn packing_in_a_text_equals_packing_the_word() {
        let hay = "a bc defghijk lmnopqrstuvwxyzab fin";
        let mut from = 0;
        for w in hay.split(' ') {
            let word = &hay[from..from + w.len()];
            assert_eq!(pack_in(word, hay), pack(word.as_bytes()), "{word}");
            from += w.len() + 1;
        }
        // A word that is not a slice of the text is packed byte by byte.
        assert_eq!(pack_in("abc", hay), pack(b"abc"));
    }
}
