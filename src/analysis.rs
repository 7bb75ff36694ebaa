//! The French analyzer: one analysis for indexing, querying and highlighting.
//!
//! Steps, in order (see `[analyzer]` in `index-schema.toml`):
//! 1. words are maximal runs of letters and digits;
//! 2. an elided form (`l'`, `qu'` …, with `'`, `’` or `ʼ`) directly followed by
//!    a word is dropped, and the words of `keep_whole` (`aujourd'hui`) are one
//!    token, indexed without the apostrophe;
//! 3. lower-casing; `œ` → `oe`, `æ` → `ae`;
//! 4. stop words are dropped (they still take a position, so phrases keep
//!    their gaps);
//! 5. Snowball French stemming (rust-stemmers) of words that hold a letter;
//! 6. accent folding after stemming, so `régimes` and `regime` meet.
//!
//! Token offsets are byte offsets into the analysed text, always on character
//! boundaries. [`ANALYZER_VERSION`] changes whenever any step changes the
//! terms it produces; an index records it and refuses another.
//!
//! Indexing runs the analysis on depeche's reader threads, not on tantivy's
//! writer threads: [`FrenchAnalyzer::write_terms`] writes a text's terms as
//! a *terms line* (see [`TERM_SEPARATOR`]), the index's text fields hold that
//! line, and the [`TermsTokenizer`] registered for them only splits it. The
//! writer threads then do nothing but build postings, so one writer thread
//! is fed by as many analysing threads as there are cores.

use std::collections::HashSet;
use std::sync::Arc;

use rust_stemmers::{Algorithm, Stemmer};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::config::AnalyzerConfig;

/// Version of the analysis; recorded in every index.
pub const ANALYZER_VERSION: u32 = 1;

/// Name under which [`TermsTokenizer`] is registered: the tokenizer of the
/// index's text fields, whose values are terms lines.
pub const TERMS_TOKENIZER_NAME: &str = "depeche_terms";

/// Ends every position of a terms line: a term followed by the separator
/// is the token of that position, the separator alone is a position
/// without a token (a stop word). Terms are made of letters and digits
/// (folded), so they never hold it.
pub const TERM_SEPARATOR: char = '\u{1f}';

/// depeche's built-in French stop words (lower-case, accented).
pub const BUILTIN_STOP_WORDS: &[&str] = &[
    "a", "à", "ai", "aie", "aient", "aies", "ait", "as", "au", "aura", "aurai", "auraient",
    "aurais", "aurait", "aux", "avaient", "avais", "avait", "avec", "avez", "avons", "ayant", "c",
    "ce", "ceci", "cela", "celle", "celles", "celui", "ces", "cet", "cette", "ceux", "d", "dans",
    "de", "des", "du", "elle", "elles", "en", "es", "est", "et", "étaient", "étais", "était",
    "étant", "été", "êtes", "étiez", "eu", "eux", "furent", "fut", "il", "ils", "j", "je", "l",
    "la", "le", "les", "leur", "leurs", "lui", "m", "ma", "mais", "me", "mes", "moi", "mon", "n",
    "ne", "nos", "notre", "nous", "on", "ont", "ou", "où", "par", "pour", "qu", "que", "qui", "s",
    "sa", "se", "ses", "soit", "son", "sont", "sur", "t", "ta", "te", "tes", "toi", "ton", "tu",
    "un", "une", "vos", "votre", "vous", "y",
];

/// One analysed word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzedToken {
    /// The indexed term (stemmed, folded).
    pub term: String,
    /// Byte offset of the word's first character in the text.
    pub start: usize,
    /// Byte offset just past the word's last character.
    pub end: usize,
    /// Word position, counting stop words.
    pub position: usize,
}

/// The French analyzer. Clones share the settings. [`Self::write_terms`]
/// and the token streams of [`Tokenizer::token_stream`] share one cache of
/// analysed words per thread (a tantivy index clones its tokenizers for
/// every field of every writer thread); [`Self::analyze`] uses none.
#[derive(Clone)]
pub struct FrenchAnalyzer {
    inner: Arc<Inner>,
}

thread_local! {
    /// The term cache of this thread's token streams, while none holds it.
    static THREAD_CACHE: std::cell::Cell<Option<TermCache>> = const { std::cell::Cell::new(None) };
}

/// Identifies an analyzer's settings, so that a thread's cache never serves
/// the terms of other settings.
static NEXT_ANALYZER_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// Word as written → its term (`None` for a stop word). Word frequencies
/// follow Zipf's law, so nearly every word is a hit after the first few
/// thousand dispatches, and stemming and folding are skipped.
///
/// It also lends its string buffers to the token streams so that each
/// stream does not grow its own.
#[derive(Default)]
struct TermCache {
    /// Id of the analyzer settings the terms are of (0: none yet).
    owner: u64,
    terms: TermWords,
    /// Buffer of the token text, lent to the streams.
    token_text: String,
    /// Buffer of the lower-cased word, lent to the streams.
    lower: String,
}

impl TermCache {
    /// Bound on the entries (about 17 MB per reader thread, packed in
    /// [`TermWords`]). Once it is reached, new words are stemmed without
    /// being cached: the words met first are, by Zipf's law, mostly the
    /// frequent ones, and a cache that kept them beats one emptied when
    /// full (thrashing), at a memory cost that no longer grows with the
    /// vocabulary of the archive (the 250 MB generated benchmark corpus has
    /// about 520,000 distinct words as written; a replay of it missed 6.8 %
    /// of its words with a bound of 131,072 words, 3.5 % with 262,144).
    const MAX_ENTRIES: usize = 1 << 19;
}

/// Words as written → their terms, packed: an open-addressing table of
/// 8-byte slots (linear probing, at most half full) over one string arena
/// that holds each word followed by its term. A slot holds the word's place
/// in the arena, the two lengths and 16 bits of the word's hash, so that a
/// lookup reads one slot (a probe seldom leaves its cache line) and, when
/// the tag matches, the arena once: two memory accesses, and about 26
/// bytes a word. Past the first few thousand words most lookups miss the
/// processor's caches, so [`FrenchTokenStream`] asks for the slots of the
/// next words ahead of time ([`TermWords::prefetch`]), and the table and
/// the arena ask for huge pages ([`advise_huge_pages`]).
///
/// Why not a crate's map: hashbrown's `HashTable` (used before) keeps its
/// tags in a separate array (three dependent memory accesses a lookup, not
/// two) and shows neither a slot's address, to load it ahead, nor its
/// allocation, to advise it. On gen-100k, the token stream and its lookups
/// went from 22.6 % of the build's CPU samples to 14.9 % (perf).
#[derive(Default)]
struct TermWords {
    /// Empty (0) or a packed entry ([`slot`]); the length is 0 or a power
    /// of two.
    slots: Vec<u64>,
    arena: String,
    len: usize,
}

/// The packing of a [`TermWords`] slot: bits 0–31 the word's start in the
/// arena, 32–39 the word's length (at least 1, so that no entry is 0),
/// 40–47 the term's length ([`slot::STOP`] for a stop word), 48–63 a tag
/// of the word's hash.
mod slot {
    /// The term length of a stop word (no term).
    pub const STOP: usize = 0xFF;
    /// Longest word or term kept (one byte each).
    pub const MAX_LEN: usize = 0xFE;

    pub fn pack(start: u32, word_len: usize, term_len: usize, hash: u64) -> u64 {
        u64::from(start)
            | ((word_len as u64 & 0xFF) << 32)
            | ((term_len as u64 & 0xFF) << 40)
            | (tag(hash) << 48)
    }

    pub fn tag(hash: u64) -> u64 {
        hash & 0xFFFF
    }

    pub fn matches(slot: u64, hash: u64, word_len: usize) -> bool {
        slot >> 48 == tag(hash) && word_len_of(slot) == word_len
    }

    pub fn start(slot: u64) -> usize {
        (slot & 0xFFFF_FFFF) as usize
    }

    pub fn word_len_of(slot: u64) -> usize {
        ((slot >> 32) & 0xFF) as usize
    }

    pub fn term_len_of(slot: u64) -> usize {
        ((slot >> 40) & 0xFF) as usize
    }
}

/// The hash of a word as written, for [`TermWords`].
fn hash_word(word: &str) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(word.as_bytes());
    // Fx leaves the low bits of short words poorly mixed; the slot index
    // is taken from the high bits of this product.
    hasher.finish().wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Hints the processor to load the cache line of `value` (no effect on
/// other targets).
#[inline(always)]
fn prefetch<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: a prefetch is a hint: it reads nothing into the program
        // and never faults, and the address is that of a live reference.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(value).cast::<i8>()) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}

/// Asks the kernel to back the `bytes` bytes of an allocation that start
/// at `start` with huge pages where it can (Linux, transparent huge pages):
/// random lookups in a table of megabytes then miss the TLB far less
/// (see bench/README, "2026-11-25 evening").
fn advise_huge_pages(start: *const u8, bytes: usize) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        const HUGE: usize = 2 << 20;
        let start = start as usize;
        let end = start + bytes;
        let aligned_start = start.div_ceil(HUGE) * HUGE;
        let aligned_end = end / HUGE * HUGE;
        if aligned_end > aligned_start {
            // SAFETY: madvise(MADV_HUGEPAGE) changes how the kernel backs
            // pages of this live allocation, not their contents; a failure
            // (no THP support) leaves them as they were.
            unsafe {
                libc::madvise(
                    aligned_start as *mut libc::c_void,
                    aligned_end - aligned_start,
                    libc::MADV_HUGEPAGE,
                );
            }
        }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    let _ = (start, bytes);
}

impl TermWords {
    /// Slots of a table's first allocation.
    const FIRST_SLOTS: usize = 1 << 10;

    /// Words from which the token streams read ahead and prefetch: below
    /// this the table and its arena (about 1 MB) stay in the processor's
    /// cache, and reading ahead only costs instructions (about 100 M more
    /// on the 2,640 dispatches of the extraction-cost benchmark).
    const PREFETCH_FROM: usize = 1 << 15;

    fn index(&self, hash: u64) -> usize {
        // `slots.len()` is a power of two of at most 2^32 slots.
        (hash >> (64 - self.slots.len().trailing_zeros())) as usize
    }

    /// Asks the processor for the slot where a lookup of the word of
    /// `hash` starts.
    fn prefetch(&self, hash: u64) {
        if !self.slots.is_empty() {
            if let Some(first) = self.slots.get(self.index(hash)) {
                prefetch(first);
            }
        }
    }

    /// Asks the processor for the arena bytes of the word of `hash` and
    /// `word_len` when the first slot of its probe, asked for before
    /// ([`Self::prefetch`]), holds such a word.
    fn prefetch_arena(&self, hash: u64, word_len: usize) {
        if self.slots.is_empty() {
            return;
        }
        if let Some(&entry) = self.slots.get(self.index(hash)) {
            if entry != 0 && slot::matches(entry, hash, word_len) {
                if let Some(byte) = self.arena.as_bytes().get(slot::start(entry)) {
                    prefetch(byte);
                }
            }
        }
    }

    /// The term of `word` (`Some(None)` for a stop word), if known; `hash`
    /// is [`hash_word`] of `word`.
    fn get(&self, word: &str, hash: u64) -> Option<Option<&str>> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.index(hash);
        loop {
            let entry = *self.slots.get(i)?;
            if entry == 0 {
                return None;
            }
            if slot::matches(entry, hash, word.len()) {
                let start = slot::start(entry);
                let word_end = start + word.len();
                if self.arena.get(start..word_end) == Some(word) {
                    let term_len = slot::term_len_of(entry);
                    if term_len == slot::STOP {
                        return Some(None);
                    }
                    return Some(self.arena.get(word_end..word_end + term_len));
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds `word`, not yet known, with its term (`None`: a stop word);
    /// `hash` is [`hash_word`] of `word`. Words or terms too long for a
    /// slot are not kept.
    fn insert(&mut self, word: &str, hash: u64, term: Option<&str>) {
        let term_len = match term {
            Some(term) if term.len() <= slot::MAX_LEN => term.len(),
            Some(_) => return,
            None => slot::STOP,
        };
        if word.is_empty() || word.len() > slot::MAX_LEN {
            return;
        }
        let Ok(start) = u32::try_from(self.arena.len()) else {
            return;
        };
        if u32::try_from(self.arena.len() + word.len() + term.map_or(0, str::len)).is_err() {
            return;
        }
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let capacity = self.arena.capacity();
        self.arena.push_str(word);
        self.arena.push_str(term.unwrap_or(""));
        if self.arena.capacity() != capacity {
            advise_huge_pages(self.arena.as_ptr(), self.arena.capacity());
        }
        self.place(slot::pack(start, word.len(), term_len, hash), hash);
        self.len += 1;
    }

    /// Puts `entry` in the first free slot of its probe.
    fn place(&mut self, entry: u64, hash: u64) {
        let mask = self.slots.len() - 1;
        let mut i = self.index(hash);
        while self.slots.get(i).is_some_and(|&s| s != 0) {
            i = (i + 1) & mask;
        }
        if let Some(free) = self.slots.get_mut(i) {
            *free = entry;
        }
    }

    /// Doubles the slots and places every entry again.
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(Self::FIRST_SLOTS);
        let old = std::mem::replace(&mut self.slots, vec![0; size]);
        advise_huge_pages(
            self.slots.as_ptr().cast(),
            size * std::mem::size_of::<u64>(),
        );
        for entry in old.into_iter().filter(|&s| s != 0) {
            let start = slot::start(entry);
            let hash = hash_word(
                self.arena
                    .get(start..start + slot::word_len_of(entry))
                    .unwrap_or(""),
            );
            self.place(entry, hash);
        }
    }

    fn len(&self) -> usize {
        self.len
    }

    fn clear(&mut self) {
        self.slots = Vec::new();
        self.arena.clear();
        self.len = 0;
    }
}

struct Inner {
    /// Unique per [`FrenchAnalyzer::new`] (see [`NEXT_ANALYZER_ID`]).
    id: u64,
    elisions: HashSet<String>,
    /// `keep_whole` entries split at their apostrophe: (before, after, term).
    keep_whole: Vec<(String, String, String)>,
    stop_words: HashSet<String>,
    stemmer: Stemmer,
}

impl Inner {
    /// The term of a lower-cased word: `None` for a stop word, else stemmed
    /// (words holding a letter) and folded.
    fn term_of(&self, lower: &str) -> Option<String> {
        if self.stop_words.contains(lower) {
            return None;
        }
        let mut term = String::with_capacity(lower.len());
        if lower.chars().any(char::is_alphabetic) {
            fold_into(&self.stemmer.stem(lower), &mut term);
        } else {
            fold_into(lower, &mut term);
        }
        Some(term)
    }
}

impl std::fmt::Debug for FrenchAnalyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FrenchAnalyzer")
            .field("stop_words", &self.inner.stop_words.len())
            .finish()
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// Whether `c` is a letter or a digit (`char::is_alphanumeric`), with fast
/// answers for the characters of French text.
#[inline]
fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\x7f' => false,
        // Latin-1 letters (`À`..`ÿ`), but for `×` and `÷`.
        '\u{d7}' | '\u{f7}' => false,
        '\u{c0}'..='\u{ff}' => true,
        // General punctuation: spaces, dashes, quotes, `…`.
        '\u{2000}'..='\u{206f}' => false,
        _ => c.is_alphanumeric(),
    }
}

impl FrenchAnalyzer {
    /// Builds the analyzer from `[analyzer]` settings.
    pub fn new(config: &AnalyzerConfig) -> FrenchAnalyzer {
        let lower = |s: &String| s.to_lowercase();
        let mut stop_words: HashSet<String> = if config.stop_words == "builtin" {
            BUILTIN_STOP_WORDS.iter().map(|s| s.to_string()).collect()
        } else {
            HashSet::new()
        };
        stop_words.extend(config.extra_stop_words.iter().map(lower));
        for word in &config.keep_words {
            stop_words.remove(&word.to_lowercase());
        }
        let keep_whole = config
            .keep_whole
            .iter()
            .filter_map(|w| {
                let w = w.to_lowercase();
                let (i, c) = w.char_indices().find(|&(_, c)| is_apostrophe(c))?;
                let before = w[..i].to_string();
                let after = w[i + c.len_utf8()..].to_string();
                let mut term = String::new();
                fold_into(&format!("{before}{after}"), &mut term);
                Some((before, after, term))
            })
            .collect();
        FrenchAnalyzer {
            inner: Arc::new(Inner {
                id: NEXT_ANALYZER_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
                elisions: config.elisions.iter().map(lower).collect(),
                keep_whole,
                stop_words,
                stemmer: Stemmer::create(Algorithm::French),
            }),
        }
    }

    /// Analyses `text` into its indexed terms with their offsets.
    pub fn analyze(&self, text: &str) -> Vec<AnalyzedToken> {
        let mut out = Vec::new();
        let mut stream = FrenchTokenStream::new(&self.inner, TermCache::default(), false, text);
        while stream.advance() {
            let t = stream.token();
            out.push(AnalyzedToken {
                term: t.text.clone(),
                start: t.offset_from,
                end: t.offset_to,
                position: t.position,
            });
        }
        out
    }

    /// The terms of `text`, in order (what a query word becomes).
    pub fn terms(&self, text: &str) -> Vec<String> {
        self.analyze(text).into_iter().map(|t| t.term).collect()
    }

    /// The token stream of `text` with this thread's term cache.
    fn cached_stream<'a>(&'a self, text: &'a str) -> FrenchTokenStream<'a> {
        let mut cache = THREAD_CACHE
            .try_with(std::cell::Cell::take)
            .ok()
            .flatten()
            .unwrap_or_default();
        if cache.owner != self.inner.id {
            cache.terms.clear();
            cache.owner = self.inner.id;
        }
        FrenchTokenStream::new(&self.inner, cache, true, text)
    }

    /// Appends the terms line of `text` to `out`: for each position of the
    /// analysis, its term (if it has one) then [`TERM_SEPARATOR`]. Positions
    /// after the last token are not written. [`TermsTokenizer`] reads the
    /// line back into the tokens of [`Self::analyze`] (offsets aside). Uses
    /// this thread's cache of analysed words, like the indexing stream.
    pub fn write_terms(&self, text: &str, out: &mut String) {
        let mut stream = self.cached_stream(text);
        let mut next_position = 0;
        while stream.advance() {
            let token = stream.token();
            for _ in next_position..token.position {
                out.push(TERM_SEPARATOR);
            }
            out.push_str(&token.text);
            out.push(TERM_SEPARATOR);
            next_position = token.position + 1;
        }
    }
}

/// The tokenizer of terms lines ([`FrenchAnalyzer::write_terms`]): one
/// token per term, at its position; offsets are those of the term in the
/// line (the index keeps no offsets).
#[derive(Debug, Clone, Default)]
pub struct TermsTokenizer {
    token: Token,
}

impl Tokenizer for TermsTokenizer {
    type TokenStream<'a> = TermsTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TermsTokenStream<'a> {
        self.token.text.clear();
        TermsTokenStream {
            line: text,
            cursor: 0,
            next_position: 0,
            token: &mut self.token,
        }
    }
}

/// The tokens of one terms line.
pub struct TermsTokenStream<'a> {
    line: &'a str,
    cursor: usize,
    next_position: usize,
    token: &'a mut Token,
}

impl TokenStream for TermsTokenStream<'_> {
    fn advance(&mut self) -> bool {
        const SEPARATOR: u8 = TERM_SEPARATOR as u8;
        let bytes = self.line.as_bytes();
        while self.cursor < bytes.len() {
            let start = self.cursor;
            // Terms are short: a plain loop beats memchr's set-up.
            let end = bytes[start..]
                .iter()
                .position(|&b| b == SEPARATOR)
                .map_or(bytes.len(), |i| start + i);
            self.cursor = end + 1;
            let position = self.next_position;
            self.next_position += 1;
            if end > start {
                self.token.text.clear();
                self.token.text.push_str(&self.line[start..end]);
                self.token.offset_from = start;
                self.token.offset_to = end;
                self.token.position = position;
                self.token.position_length = 1;
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

impl Tokenizer for FrenchAnalyzer {
    type TokenStream<'a> = FrenchTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> FrenchTokenStream<'a> {
        self.cached_stream(text)
    }
}

/// Streaming tokens of one text; reuses its buffers between tokens.
pub struct FrenchTokenStream<'a> {
    inner: &'a Inner,
    cache: TermCache,
    /// Whether `cache` goes back to the thread when the stream is dropped.
    shared: bool,
    text: &'a str,
    cursor: usize,
    next_position: usize,
    token: Token,
    lower: String,
    /// Whether the cache is large enough for reading ahead to pay
    /// ([`TermWords::PREFETCH_FROM`]).
    prefetching: bool,
    /// The next words `[start, end)` after the cursor, with their hashes,
    /// whose slots were asked for ahead (a ring from `ahead_head`).
    ahead: [(usize, usize, u64); LOOKAHEAD],
    ahead_head: usize,
    ahead_len: usize,
    /// Where the scan for the next word to put in `ahead` starts.
    scanned: usize,
}

/// Words a [`FrenchTokenStream`] reads ahead, asking for their cache slots
/// ([`TermWords::prefetch`]) while it analyses the words before them.
const LOOKAHEAD: usize = 8;

/// How many words ahead a [`FrenchTokenStream`] asks for a word's bytes in
/// the cache's arena (once its slot has arrived).
const ARENA_AHEAD: usize = 3;

/// Class of a byte of UTF-8 text: an ASCII letter or digit, another ASCII
/// character, or a byte of a non-ASCII character.
const ASCII_WORD: u8 = 1;
const ASCII_OTHER: u8 = 0;
const NON_ASCII: u8 = 2;

static BYTE_CLASS: [u8; 256] = {
    let mut classes = [NON_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        classes[b] = if (b as u8).is_ascii_alphanumeric() {
            ASCII_WORD
        } else {
            ASCII_OTHER
        };
        b += 1;
    }
    classes
};

/// Length in bytes of the character at byte `i` of `text` when it is a
/// non-ASCII word character; `None` otherwise (or when `i` is not inside
/// the text or not on a character boundary).
fn non_ascii_word_char_len(text: &str, i: usize) -> Option<usize> {
    let c = text.get(i..)?.chars().next()?;
    is_word_char(c).then(|| c.len_utf8())
}

/// Whether a word character starts at byte `i` of `text`.
fn starts_word(text: &str, i: usize) -> bool {
    match text.as_bytes().get(i) {
        Some(&b) => match BYTE_CLASS[usize::from(b)] {
            ASCII_WORD => true,
            ASCII_OTHER => false,
            _ => non_ascii_word_char_len(text, i).is_some(),
        },
        None => false,
    }
}

/// Byte offset just past the run of word characters starting at `start`.
fn word_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = start;
    loop {
        let rest = bytes.get(end..).unwrap_or_default();
        end += rest
            .iter()
            .position(|&b| BYTE_CLASS[usize::from(b)] != ASCII_WORD)
            .unwrap_or(rest.len());
        match bytes.get(end) {
            Some(&b) if BYTE_CLASS[usize::from(b)] == NON_ASCII => {
                match non_ascii_word_char_len(text, end) {
                    Some(len) => end += len,
                    None => return end,
                }
            }
            _ => return end,
        }
    }
}

/// Byte offset of the first word character at or after `from`, if any.
fn word_start(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut start = from;
    loop {
        let rest = bytes.get(start..)?;
        start += rest
            .iter()
            .position(|&b| BYTE_CLASS[usize::from(b)] != ASCII_OTHER)?;
        if BYTE_CLASS[usize::from(bytes[start])] == ASCII_WORD {
            return Some(start);
        }
        let c = text.get(start..)?.chars().next()?;
        if is_word_char(c) {
            return Some(start);
        }
        start += c.len_utf8();
    }
}

impl<'a> FrenchTokenStream<'a> {
    fn new(inner: &'a Inner, mut cache: TermCache, shared: bool, text: &'a str) -> Self {
        let mut text_buffer = std::mem::take(&mut cache.token_text);
        text_buffer.clear();
        let token = Token {
            text: text_buffer,
            ..Token::default()
        };
        let lower = std::mem::take(&mut cache.lower);
        let prefetching = cache.terms.len() >= TermWords::PREFETCH_FROM;
        FrenchTokenStream {
            inner,
            cache,
            shared,
            text,
            cursor: 0,
            next_position: 0,
            token,
            lower,
            prefetching,
            ahead: [(0, 0, 0); LOOKAHEAD],
            ahead_head: 0,
            ahead_len: 0,
            scanned: 0,
        }
    }

    /// Next raw word `[start, end)` at or after the cursor, with its
    /// [`hash_word`]. When `prefetching`, reads up to [`LOOKAHEAD`] words
    /// further and asks for their cache slots.
    fn next_word(&mut self) -> Option<(usize, usize, u64)> {
        if !self.prefetching {
            let Some(start) = word_start(self.text, self.cursor) else {
                self.cursor = self.text.len();
                return None;
            };
            let end = word_end(self.text, start);
            self.cursor = end;
            return Some((start, end, hash_word(&self.text[start..end])));
        }
        // Words the cursor has passed (the second half of a `keep_whole`
        // word) are dropped.
        while self.ahead_len > 0 && self.ahead[self.ahead_head].0 < self.cursor {
            self.ahead_head = (self.ahead_head + 1) % LOOKAHEAD;
            self.ahead_len -= 1;
        }
        self.scanned = self.scanned.max(self.cursor);
        while self.ahead_len < LOOKAHEAD {
            let Some(start) = word_start(self.text, self.scanned) else {
                self.scanned = self.text.len();
                break;
            };
            let end = word_end(self.text, start);
            let hash = hash_word(&self.text[start..end]);
            self.cache.terms.prefetch(hash);
            self.ahead[(self.ahead_head + self.ahead_len) % LOOKAHEAD] = (start, end, hash);
            self.ahead_len += 1;
            self.scanned = end;
        }
        if self.ahead_len == 0 {
            self.cursor = self.text.len();
            return None;
        }
        let word = self.ahead[self.ahead_head];
        self.ahead_head = (self.ahead_head + 1) % LOOKAHEAD;
        self.ahead_len -= 1;
        if self.ahead_len >= ARENA_AHEAD {
            let (start, end, hash) = self.ahead[(self.ahead_head + ARENA_AHEAD - 1) % LOOKAHEAD];
            self.cache.terms.prefetch_arena(hash, end - start);
        }
        self.cursor = word.1;
        Some(word)
    }

    /// If the text at `end` is an apostrophe followed by a word character,
    /// returns the byte offset of that word.
    fn apostrophe_then_word(&self, end: usize) -> Option<usize> {
        let apostrophe = match *self.text.as_bytes().get(end)? {
            b'\'' => 1,
            0xE2 if self.text[end..].starts_with('’') => '’'.len_utf8(),
            0xCA if self.text[end..].starts_with('ʼ') => 'ʼ'.len_utf8(),
            _ => return None,
        };
        let next = end + apostrophe;
        starts_word(self.text, next).then_some(next)
    }

    fn set_lower(&mut self, start: usize, end: usize) {
        self.lower.clear();
        for c in self.text[start..end].chars() {
            match c {
                _ if c.is_ascii() => self.lower.push(c.to_ascii_lowercase()),
                'œ' | 'Œ' => self.lower.push_str("oe"),
                'æ' | 'Æ' => self.lower.push_str("ae"),
                _ => self.lower.extend(c.to_lowercase()),
            }
        }
    }
}

impl Drop for FrenchTokenStream<'_> {
    fn drop(&mut self) {
        // Give the cache and the buffers back for the next stream.
        self.cache.token_text = std::mem::take(&mut self.token.text);
        self.cache.lower = std::mem::take(&mut self.lower);
        if self.shared {
            let cache = std::mem::take(&mut self.cache);
            // Fails only while the thread is being torn down.
            let _ = THREAD_CACHE.try_with(|slot| slot.set(Some(cache)));
        }
    }
}

impl TokenStream for FrenchTokenStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            let Some((start, mut end, hash)) = self.next_word() else {
                return false;
            };
            let mut whole_term = None;
            if let Some(next_start) = self.apostrophe_then_word(end) {
                self.set_lower(start, end);
                if self.inner.elisions.contains(self.lower.as_str()) {
                    // Elided article or pronoun: the next word stands alone.
                    continue;
                }
                if !self.inner.keep_whole.is_empty() {
                    let next_end = word_end(self.text, next_start);
                    let next_lower = self.text[next_start..next_end].to_lowercase();
                    if let Some((_, _, term)) = self
                        .inner
                        .keep_whole
                        .iter()
                        .find(|(b, a, _)| *b == self.lower && *a == next_lower)
                    {
                        whole_term = Some(term.as_str());
                        end = next_end;
                        self.cursor = next_end;
                    }
                }
            }
            let position = self.next_position;
            self.next_position += 1;
            self.token.text.clear();
            match whole_term {
                Some(term) => self.token.text.push_str(term),
                None => {
                    // The cache is keyed by the word as written: a hit
                    // needs no lower-casing.
                    let word = &self.text[start..end];
                    match self.cache.terms.get(word, hash) {
                        Some(None) => continue, // a stop word
                        Some(Some(term)) => self.token.text.push_str(term),
                        None => {
                            self.set_lower(start, end);
                            // `Régime` after `régime`: the lower-cased word
                            // has the same term (lower-casing is idempotent),
                            // no need to stem it again.
                            let lower_hash = hash_word(&self.lower);
                            let known = match self.cache.terms.get(&self.lower, lower_hash) {
                                Some(term) if self.lower != word => Some(term.map(String::from)),
                                _ => None,
                            };
                            let term = known.unwrap_or_else(|| self.inner.term_of(&self.lower));
                            let stop = term.is_none();
                            if let Some(term) = &term {
                                self.token.text.push_str(term);
                            }
                            if self.cache.terms.len() < TermCache::MAX_ENTRIES {
                                self.cache.terms.insert(word, hash, term.as_deref());
                            }
                            if stop {
                                continue;
                            }
                        }
                    }
                }
            }
            self.token.offset_from = start;
            self.token.offset_to = end;
            self.token.position = position;
            self.token.position_length = 1;
            return true;
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Appends `text` to `out` with accents removed (`é` → `e`, `ç` → `c`);
/// characters without a Latin base letter are kept as they are.
pub fn fold_into(text: &str, out: &mut String) {
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        let folded = match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => 'a',
            'ç' => 'c',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' | 'ì' => 'i',
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ÿ' | 'ý' => 'y',
            'ñ' => 'n',
            'œ' => {
                out.push_str("oe");
                continue;
            }
            'æ' => {
                out.push_str("ae");
                continue;
            }
            _ => {
                use unicode_normalization::char::{decompose_canonical, is_combining_mark};
                let mut pushed = false;
                decompose_canonical(c, |d| {
                    if !is_combining_mark(d) {
                        out.push(d);
                        pushed = true;
                    }
                });
                if !pushed {
                    out.push(c);
                }
                continue;
            }
        };
        out.push(folded);
    }
}

/// Folds accents of a whole string (see [`fold_into`]).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use proptest::prelude::*;

    fn analyzer() -> FrenchAnalyzer {
        FrenchAnalyzer::new(&Config::default().analyzer)
    }

    #[test]
    fn inflections_and_accents_meet() {
        let a = analyzer();
        let t = |s: &str| a.terms(s);
        assert_eq!(t("régime"), t("Régimes"));
        assert_eq!(t("regime"), t("RÉGIME"));
        assert_eq!(t("bombardement"), t("bombardements"));
        assert_eq!(t("syrien"), t("syriens"));
        assert_eq!(t("négociation"), t("negociations"));
    }

    #[test]
    fn elisions_are_dropped_with_both_apostrophes() {
        let a = analyzer();
        assert_eq!(a.terms("l'Observatoire"), a.terms("observatoire"));
        assert_eq!(a.terms("l’Observatoire"), a.terms("observatoire"));
        assert_eq!(a.terms("qu'il"), Vec::<String>::new());
        assert_eq!(a.terms("jusqu'à Damas"), a.terms("Damas"));
        assert_eq!(a.terms("d'explosifs"), a.terms("explosifs"));
    }

    #[test]
    fn aujourdhui_stays_whole() {
        let a = analyzer();
        let tokens = a.analyze("Aujourd’hui, rien");
        assert_eq!(tokens[0].term, "aujourdhui");
        assert_eq!(
            &"Aujourd’hui, rien"[tokens[0].start..tokens[0].end],
            "Aujourd’hui"
        );
    }

    #[test]
    fn ligatures_fold() {
        let a = analyzer();
        assert_eq!(a.terms("œuvre"), a.terms("oeuvre"));
    }

    #[test]
    fn stop_words_keep_positions() {
        let a = analyzer();
        let tokens = a.analyze("la province de Deraa");
        assert_eq!(tokens.len(), 2);
        assert_eq!(tokens[0].position, 1);
        assert_eq!(tokens[1].position, 3);
    }

    #[test]
    fn offsets_point_at_the_word() {
        let a = analyzer();
        let text = "Les frappes d'avions à Deraa";
        let words: Vec<&str> = a
            .analyze(text)
            .iter()
            .map(|t| &text[t.start..t.end])
            .collect();
        assert_eq!(words, ["frappes", "avions", "Deraa"]);
    }

    #[test]
    fn numbers_are_kept_unstemmed() {
        let a = analyzer();
        assert_eq!(a.terms("350.000 morts"), vec!["350", "000", "mort"]);
    }

    /// The analysis written plainly, character by character, without the
    /// byte-level fast paths and the cache of the token stream: the
    /// specification the stream is checked against.
    fn reference(a: &FrenchAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let inner = &a.inner;
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let offset = |k: usize| chars.get(k).map_or(text.len(), |&(i, _)| i);
        let lower = |s: &str| {
            let mut out = String::new();
            for c in s.chars() {
                match c {
                    'œ' | 'Œ' => out.push_str("oe"),
                    'æ' | 'Æ' => out.push_str("ae"),
                    _ => out.extend(c.to_lowercase()),
                }
            }
            out
        };
        let mut out = Vec::new();
        let mut position = 0;
        let mut k = 0;
        while k < chars.len() {
            if !is_word_char(chars[k].1) {
                k += 1;
                continue;
            }
            let start = k;
            while k < chars.len() && is_word_char(chars[k].1) {
                k += 1;
            }
            let mut word_end = k;
            let word = lower(&text[offset(start)..offset(k)]);
            let mut term = None;
            let followed =
                k + 1 < chars.len() && is_apostrophe(chars[k].1) && is_word_char(chars[k + 1].1);
            if followed {
                if inner.elisions.contains(&word) {
                    continue;
                }
                let mut next_end = k + 1;
                while next_end < chars.len() && is_word_char(chars[next_end].1) {
                    next_end += 1;
                }
                let next = text[offset(k + 1)..offset(next_end)].to_lowercase();
                if let Some((_, _, whole)) = inner
                    .keep_whole
                    .iter()
                    .find(|(b, a, _)| *b == word && *a == next)
                {
                    term = Some(whole.clone());
                    word_end = next_end;
                    k = next_end;
                }
            }
            position += 1;
            let term = match term {
                Some(term) => term,
                None => match inner.term_of(&word) {
                    Some(term) => term,
                    None => continue,
                },
            };
            out.push((term, offset(start), offset(word_end), position - 1));
        }
        out
    }

    #[test]
    fn the_thread_cache_never_mixes_settings() {
        let default = analyzer();
        let mut config = Config::default().analyzer;
        config.extra_stop_words.push("régime".to_string());
        let other = FrenchAnalyzer::new(&config);
        let streamed = |a: &FrenchAnalyzer, text: &str| {
            let mut a = a.clone();
            let mut stream = a.token_stream(text);
            let mut terms = Vec::new();
            while stream.advance() {
                terms.push(stream.token().text.clone());
            }
            terms
        };
        for _ in 0..2 {
            assert_eq!(streamed(&default, "Régime"), default.terms("Régime"));
            assert_eq!(streamed(&other, "Régime"), Vec::<String>::new());
        }
    }

    #[test]
    fn lower_casing_is_idempotent() {
        // The term cache relies on it: the lower-cased form of a word has the
        // word's term.
        let a = analyzer();
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let text = c.to_string();
            let once = {
                let mut stream =
                    FrenchTokenStream::new(&a.inner, TermCache::default(), false, &text);
                stream.set_lower(0, text.len());
                stream.lower.clone()
            };
            let mut again = FrenchTokenStream::new(&a.inner, TermCache::default(), false, &once);
            again.set_lower(0, once.len());
            assert_eq!(again.lower, once, "{c:?}");
        }
    }

    #[test]
    fn word_chars_are_the_alphanumeric_ones() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn many_words_through_a_reused_stream() {
        // Tens of thousands of distinct words, long words, then every word
        // again from the cache and through the buffers of the first stream.
        let a = analyzer();
        let mut indexing = a.clone();
        let mut text = String::new();
        for i in 0..20_000u32 {
            text.push_str(&format!("mot{i}s Régime{i} l'{i}x "));
        }
        text.push_str(&"Très".repeat(40));
        text.push_str(" fin ");
        text.push_str(&"é".repeat(40));
        let expected = reference(&a, &text);
        for _ in 0..2 {
            let mut stream = indexing.token_stream(&text);
            let mut streamed = Vec::new();
            while stream.advance() {
                let t = stream.token();
                streamed.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
            }
            assert_eq!(streamed, expected);
        }
    }

    #[test]
    fn reference_examples() {
        let a = analyzer();
        let text = "L'Œuvre d’Ève aujourd'hui À 12h, ʼx qu'Ïle ÉTÉ Straße";
        let streamed: Vec<_> = a
            .analyze(text)
            .into_iter()
            .map(|t| (t.term, t.start, t.end, t.position))
            .collect();
        assert_eq!(streamed, reference(&a, text));
    }

    /// (term, start, end, position) of every token of the indexing stream.
    fn streamed_tokens(
        analyzer: &mut FrenchAnalyzer,
        text: &str,
    ) -> Vec<(String, usize, usize, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut streamed = Vec::new();
        while stream.advance() {
            let t = stream.token();
            streamed.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        streamed
    }

    /// (term, position) of every token of a terms line.
    fn line_tokens(line: &str) -> Vec<(String, usize)> {
        let mut tokenizer = TermsTokenizer::default();
        let mut stream = tokenizer.token_stream(line);
        let mut tokens = Vec::new();
        while stream.advance() {
            let t = stream.token();
            assert_eq!(&line[t.offset_from..t.offset_to], t.text);
            tokens.push((t.text.clone(), t.position));
        }
        tokens
    }

    #[test]
    fn terms_lines_keep_the_positions_of_stop_words() {
        let a = analyzer();
        let mut line = String::new();
        a.write_terms("Le régime et l'armée de Syrie", &mut line);
        // le(0) régime(1) et(2) armée(3) de(4) Syrie(5): stop words leave
        // their separator only; the elided `l'` takes no position.
        assert_eq!(line, "\u{1f}regim\u{1f}\u{1f}arme\u{1f}\u{1f}syr\u{1f}");
        assert_eq!(
            line_tokens(&line),
            [("regim", 1), ("arme", 3), ("syr", 5)].map(|(t, p)| (t.to_string(), p))
        );
        assert!(line_tokens("").is_empty());
        assert!(line_tokens("\u{1f}\u{1f}").is_empty());
        let mut empty = String::new();
        a.write_terms("le la les, de.", &mut empty);
        assert_eq!(empty, "");
    }

    fn put(words: &mut TermWords, word: &str, term: Option<&str>) {
        words.insert(word, hash_word(word), term);
    }

    fn got<'w>(words: &'w TermWords, word: &str) -> Option<Option<&'w str>> {
        words.get(word, hash_word(word))
    }

    #[test]
    fn packed_words_give_back_what_was_put() {
        let mut words = TermWords::default();
        assert_eq!(got(&words, "régimes"), None);
        put(&mut words, "régimes", Some("regim"));
        put(&mut words, "Les", None);
        put(&mut words, "x", Some(""));
        assert_eq!(got(&words, "régimes"), Some(Some("regim")));
        assert_eq!(got(&words, "Les"), Some(None));
        assert_eq!(got(&words, "x"), Some(Some("")));
        assert_eq!(got(&words, "régime"), None);
        assert_eq!(got(&words, "les"), None);
        // Too long for a slot: not kept, and nothing else is disturbed;
        // the longest that fits is kept.
        let long = "a".repeat(slot::MAX_LEN + 1);
        put(&mut words, &long, Some("a"));
        assert_eq!(got(&words, &long), None);
        put(&mut words, "b", Some(&long));
        assert_eq!(got(&words, "b"), None);
        let longest = "é".repeat(slot::MAX_LEN / 2);
        put(&mut words, &longest, Some(&longest[2..]));
        assert_eq!(got(&words, &longest), Some(Some(&longest[2..])));
        // Enough words to grow the table several times.
        for i in 0..10_000 {
            put(&mut words, &format!("mot{i}"), Some(&format!("t{i}")));
        }
        assert_eq!(words.len(), 10_004);
        for i in 0..10_000 {
            assert_eq!(
                got(&words, &format!("mot{i}")),
                Some(Some(format!("t{i}").as_str()))
            );
        }
        assert_eq!(got(&words, "mot10000"), None);
        assert_eq!(got(&words, "régimes"), Some(Some("regim")));
        words.clear();
        assert_eq!(words.len(), 0);
        assert_eq!(got(&words, "régimes"), None);
        put(&mut words, "régimes", Some("regim"));
        assert_eq!(got(&words, "régimes"), Some(Some("regim")));
    }

    proptest! {
        /// The packed table answers like a map of strings, through growth.
        #[test]
        fn packed_words_answer_like_a_map(
            ops in proptest::collection::vec(("[a-eé]{1,4}", proptest::option::of("[a-z]{0,3}")), 0..400)
        ) {
            let mut words = TermWords::default();
            let mut model: std::collections::HashMap<String, Option<String>> = Default::default();
            for (word, term) in &ops {
                if got(&words, word).is_none() {
                    put(&mut words, word, term.as_deref());
                    model.insert(word.clone(), term.clone());
                }
                prop_assert_eq!(words.len(), model.len());
            }
            for (word, _) in &ops {
                let expected = model.get(word).map(|t| t.as_deref());
                prop_assert_eq!(got(&words, word), expected);
            }
            prop_assert_eq!(got(&words, "zzz"), None);
        }
    }

    /// One to five texts: any printable text, French-like words, and runs
    /// of elisions and `aujourd'hui`-like forms.
    fn french_texts() -> impl Strategy<Value = Vec<String>> {
        proptest::collection::vec(
            prop_oneof![
                "\\PC{0,60}",
                "[a-zA-ZéèàçœŒæÆÉÀß’ʼ' .,\\-0-9]{0,60}",
                "(([lLdDjJ]|[qQ]u|[aA]ujourd)['’ʼ][a-zA-Zéh]{0,6} ?){0,6}",
            ],
            1..6,
        )
    }

    proptest! {
        #[test]
        fn terms_lines_give_back_the_analysis(texts in french_texts()) {
            // What tantivy indexes from a terms line is what the analysis
            // gives for the text: same terms, same positions.
            let a = analyzer();
            for text in texts.iter().chain(texts.iter()) {
                let mut line = String::new();
                a.write_terms(text, &mut line);
                let analysed: Vec<_> = a.analyze(text).into_iter().map(|t| (t.term, t.position)).collect();
                prop_assert_eq!(line_tokens(&line), analysed);
            }
        }

        #[test]
        fn never_panics_and_offsets_are_char_boundaries(text in "\\PC*") {
            let a = analyzer();
            let mut last_end = 0;
            for t in a.analyze(&text) {
                prop_assert!(text.is_char_boundary(t.start));
                prop_assert!(text.is_char_boundary(t.end));
                prop_assert!(t.start < t.end);
                prop_assert!(t.start >= last_end);
                prop_assert!(!t.term.is_empty());
                last_end = t.end;
            }
        }

        #[test]
        fn french_like_text_offsets(text in "[a-zA-Zéèàçœ’' .,\\-]{0,80}") {
            let a = analyzer();
            for t in a.analyze(&text) {
                prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            }
        }

        #[test]
        fn indexing_stream_equals_query_analysis(texts in proptest::collection::vec("[a-zA-Zéèàçœ’' .,\\-0-9]{0,60}", 1..6)) {
            // The tantivy token stream (with its warm per-thread cache) and
            // the uncached analysis used at query time give the same tokens.
            let a = analyzer();
            let mut indexing = a.clone();
            for text in texts.iter().chain(texts.iter()) {
                let streamed = streamed_tokens(&mut indexing, text);
                let analysed: Vec<_> = a.analyze(text).into_iter().map(|t| (t.term, t.start, t.end, t.position)).collect();
                prop_assert_eq!(streamed, analysed);
            }
        }

        #[test]
        fn stream_equals_reference(texts in french_texts()) {
            // The token stream (byte-level scanning, a warm cache keyed by
            // the word as written) gives the tokens of the plain analysis.
            let a = analyzer();
            let mut indexing = a.clone();
            for text in texts.iter().chain(texts.iter()) {
                let streamed = streamed_tokens(&mut indexing, text);
                prop_assert_eq!(streamed, reference(&a, text));
            }
        }

        #[test]
        fn analysis_is_deterministic_and_context_free(word in "[a-zA-Zéèàç]{1,12}") {
            // The same word gives the same term alone (query time) and in a
            // sentence (index time).
            let a = analyzer();
            let alone = a.terms(&word);
            let in_text = a.terms(&format!("Selon eux, {word}. Puis"));
            if let Some(term) = alone.first() {
                prop_assert!(in_text.contains(term));
            }
        }
    }
}
