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

use std::collections::HashSet;
use std::sync::Arc;

use rust_stemmers::{Algorithm, Stemmer};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::config::AnalyzerConfig;

/// Version of the analysis; recorded in every index.
pub const ANALYZER_VERSION: u32 = 1;

/// Name under which the analyzer is registered in a tantivy index.
pub const TOKENIZER_NAME: &str = "depeche_fr";

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

/// The French analyzer. Clones share the settings; each clone has its own
/// cache of analysed words (tantivy clones the analyzer per indexing
/// thread, so the cache needs no lock).
pub struct FrenchAnalyzer {
    inner: Arc<Inner>,
    cache: TermCache,
}

impl Clone for FrenchAnalyzer {
    fn clone(&self) -> Self {
        FrenchAnalyzer {
            inner: self.inner.clone(),
            cache: TermCache::default(),
        }
    }
}

/// Lower-cased word → its term (`None` for a stop word). Word frequencies
/// follow Zipf's law, so nearly every word is a hit after the first few
/// thousand dispatches, and stemming and folding are skipped.
#[derive(Default)]
struct TermCache {
    terms: rustc_hash::FxHashMap<Box<str>, Option<Box<str>>>,
}

impl TermCache {
    /// Bound on the entries; the cache is emptied when it is reached.
    const MAX_ENTRIES: usize = 1 << 18;
}

struct Inner {
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

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
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
                elisions: config.elisions.iter().map(lower).collect(),
                keep_whole,
                stop_words,
                stemmer: Stemmer::create(Algorithm::French),
            }),
            cache: TermCache::default(),
        }
    }

    /// Analyses `text` into its indexed terms with their offsets.
    pub fn analyze(&self, text: &str) -> Vec<AnalyzedToken> {
        let mut out = Vec::new();
        let mut cache = TermCache::default();
        let mut stream = FrenchTokenStream::new(&self.inner, &mut cache, text);
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
}

impl Tokenizer for FrenchAnalyzer {
    type TokenStream<'a> = FrenchTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> FrenchTokenStream<'a> {
        FrenchTokenStream::new(&self.inner, &mut self.cache, text)
    }
}

/// Streaming tokens of one text; reuses its buffers between tokens.
pub struct FrenchTokenStream<'a> {
    inner: &'a Inner,
    cache: &'a mut TermCache,
    text: &'a str,
    cursor: usize,
    next_position: usize,
    token: Token,
    lower: String,
}

impl<'a> FrenchTokenStream<'a> {
    fn new(inner: &'a Inner, cache: &'a mut TermCache, text: &'a str) -> Self {
        FrenchTokenStream {
            inner,
            cache,
            text,
            cursor: 0,
            next_position: 0,
            token: Token::default(),
            lower: String::new(),
        }
    }

    /// Next raw word `[start, end)` at or after the cursor.
    fn next_word(&mut self) -> Option<(usize, usize)> {
        let rest = &self.text[self.cursor..];
        let (offset, _) = rest.char_indices().find(|&(_, c)| is_word_char(c))?;
        let start = self.cursor + offset;
        let end = self.text[start..]
            .char_indices()
            .find(|&(_, c)| !is_word_char(c))
            .map_or(self.text.len(), |(i, _)| start + i);
        self.cursor = end;
        Some((start, end))
    }

    /// If the text at `end` is an apostrophe followed by a word character,
    /// returns the byte offset of that word.
    fn apostrophe_then_word(&self, end: usize) -> Option<usize> {
        let mut chars = self.text[end..].chars();
        let apostrophe = chars.next().filter(|&c| is_apostrophe(c))?;
        let next = chars.next().filter(|&c| is_word_char(c))?;
        let _ = next;
        Some(end + apostrophe.len_utf8())
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

impl TokenStream for FrenchTokenStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            let Some((start, mut end)) = self.next_word() else {
                return false;
            };
            self.set_lower(start, end);
            let mut whole_term = None;
            if let Some(next_start) = self.apostrophe_then_word(end) {
                if self.inner.elisions.contains(self.lower.as_str()) {
                    // Elided article or pronoun: the next word stands alone.
                    continue;
                }
                let next_end = self.text[next_start..]
                    .char_indices()
                    .find(|&(_, c)| !is_word_char(c))
                    .map_or(self.text.len(), |(i, _)| next_start + i);
                let next_lower = self.text[next_start..next_end].to_lowercase();
                if let Some((_, _, term)) = self
                    .inner
                    .keep_whole
                    .iter()
                    .find(|(b, a, _)| *b == self.lower && *a == next_lower)
                {
                    whole_term = Some(term.clone());
                    end = next_end;
                    self.cursor = next_end;
                }
            }
            let position = self.next_position;
            self.next_position += 1;
            self.token.text.clear();
            match whole_term {
                Some(term) => self.token.text.push_str(&term),
                None => match self.cache.terms.get(self.lower.as_str()) {
                    Some(None) => continue, // a stop word
                    Some(Some(term)) => self.token.text.push_str(term),
                    None => {
                        let term = self.inner.term_of(&self.lower);
                        if self.cache.terms.len() >= TermCache::MAX_ENTRIES {
                            self.cache.terms.clear();
                        }
                        let stop = term.is_none();
                        if let Some(term) = &term {
                            self.token.text.push_str(term);
                        }
                        self.cache
                            .terms
                            .insert(self.lower.as_str().into(), term.map(Into::into));
                        if stop {
                            continue;
                        }
                    }
                },
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

    proptest! {
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
                let mut stream = indexing.token_stream(text);
                let mut streamed = Vec::new();
                while stream.advance() {
                    let t = stream.token();
                    streamed.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
                }
                let analysed: Vec<_> = a.analyze(text).into_iter().map(|t| (t.term, t.start, t.end, t.position)).collect();
                prop_assert_eq!(streamed, analysed);
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
