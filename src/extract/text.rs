//! Text layer of the extraction: a folded copy of the dispatch with a map
//! back to the original, its words and its sentences.
//!
//! Folding keeps case (so capitals still tell names and acronyms apart) but
//! removes accents (`É` → `E`, `ï` → `i`), writes `œ`/`æ` as `oe`/`ae`,
//! turns every apostrophe into `'`, every double quote or guillemet into `"`,
//! hyphens and dashes into spaces (so `Liban-Sud`, `Liban Sud` and `a-t-il`
//! → `a t il` meet) and runs of white space into one space. Paragraphs are
//! separated by `\n`, which always ends a sentence.
//!
//! The extractor prepares a dispatch in one pass per paragraph
//! ([`Folded::push_paragraph_cut`]): the bytes are read once, runs that fold
//! to themselves are cut into tokens as they are read and copied whole, the
//! frequent non-ASCII characters (accented letters, typographic quotes and
//! apostrophes, dashes, no-break spaces) fold through a table, and the
//! candidates of the sentence splitter and the quote tokens are recorded on
//! the way ([`Marks`]), so nothing scans the text again. The simple
//! functions ([`Folded::push_paragraph`], [`tokenize`],
//! [`sentence_ranges_into`]) give the same results and are the reference of
//! the property tests.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// A folded text with, for each of its bytes, the byte offset in the
/// original text it comes from (one more entry for the end).
#[derive(Debug, Default)]
pub struct Folded {
    /// The original text (paragraphs joined by `\n`).
    pub original: String,
    /// The folded text.
    pub text: String,
    /// Sparse map back to `original`: `(f, o)` checkpoints, sorted by `f`,
    /// meaning that folded byte `x >= f` (up to the next checkpoint) comes
    /// from original byte `o + (x - f)`. A checkpoint is written only where
    /// folding changes the offset (accents, quotes, collapsed spaces).
    pub map: Vec<(u32, u32)>,
    /// Start offset (folded) of each paragraph.
    pub paragraph_starts: Vec<usize>,
}

impl Folded {
    /// Empties the text, keeping the buffers.
    pub fn clear(&mut self) {
        self.original.clear();
        self.text.clear();
        self.map.clear();
        self.paragraph_starts.clear();
    }

    /// Reserves room for `bytes` bytes of text.
    pub fn reserve(&mut self, bytes: usize) {
        self.original.reserve(bytes);
        self.text.reserve(bytes + bytes / 8);
        self.map.reserve(bytes / 16 + 4);
    }

    /// Records that the next folded byte comes from original byte `orig`.
    fn mark(&mut self, orig: usize) {
        mark(&mut self.map, self.text.len(), orig);
    }

    /// The original offset of folded offset `folded`.
    pub fn orig(&self, folded: usize) -> usize {
        let k = self.map.partition_point(|&(f, _)| f as usize <= folded);
        self.orig_after(k, folded)
    }

    /// The original offset of folded offset `folded`, given `k`, the
    /// number of checkpoints at or before it.
    #[inline]
    fn orig_after(&self, k: usize, folded: usize) -> usize {
        match k.checked_sub(1).and_then(|k| self.map.get(k)) {
            Some(&(f, o)) => o as usize + (folded - f as usize),
            None => folded,
        }
    }

    /// The number of checkpoints at or before folded offset `folded`,
    /// given `k`, that number for an offset at or before `folded`: the
    /// checkpoints are stepped over from `k` (a range asked for is mostly a
    /// few words, with no checkpoint or one or two inside), then, past a
    /// few, searched.
    #[inline]
    fn checkpoints_from(&self, k: usize, folded: usize) -> usize {
        let below = |&(f, _): &(u32, u32)| f as usize <= folded;
        let rest = self.map.get(k..).unwrap_or(&[]);
        match rest.iter().take(4).position(|c| !below(c)) {
            Some(n) => k + n,
            None => k + rest.partition_point(below),
        }
    }

    /// Appends one paragraph (a `\n` separates it from the previous one).
    /// The simple version of [`Folded::push_paragraph_cut`], which also
    /// cuts the tokens.
    pub fn push_paragraph(&mut self, paragraph: &str) {
        if !self.text.is_empty() {
            self.mark(self.original.len());
            self.text.push('\n');
            self.original.push('\n');
        }
        self.paragraph_starts.push(self.text.len());
        let base = self.original.len();
        self.original.push_str(paragraph);
        let mut last_space = true;
        let bytes = paragraph.as_bytes();
        let latin1 = latin1_folds();
        let mut i = 0;
        while i < bytes.len() {
            // Fast path: a run of ASCII that folds to itself (a space only
            // when it does not follow another).
            let mut j = i;
            loop {
                while j < bytes.len() && CLASS[usize::from(bytes[j])] < PLAIN_LIMIT {
                    j += 1;
                }
                let after_space = if j > i {
                    bytes[j - 1] == b' '
                } else {
                    last_space
                };
                if j < bytes.len() && bytes[j] == b' ' && !after_space {
                    j += 1;
                } else {
                    break;
                }
            }
            let run = j - i;
            if run > 0 {
                self.mark(base + i);
                self.text.push_str(&paragraph[i..j]);
                last_space = bytes[j - 1] == b' ';
                i = j;
                continue;
            }
            // A Latin-1 letter (two bytes, C3 xx) that folds to one ASCII
            // letter: no decoding needed.
            if bytes[i] == 0xC3 {
                if let Some(&folded) = bytes
                    .get(i + 1)
                    .and_then(|&b| latin1.get(usize::from(b ^ 0x80)))
                {
                    if folded != 0 {
                        self.mark(base + i);
                        self.text.push(char::from(folded));
                        last_space = false;
                        i += 2;
                        continue;
                    }
                }
            }
            let c = paragraph[i..].chars().next().unwrap_or(' ');
            self.mark(base + i);
            fold_char(c, &mut self.text, &mut last_space);
            i += c.len_utf8();
        }
        drop_trailing_space(&mut self.text, &mut self.map);
    }

    /// [`Folded::push_paragraph`] and [`tokenize`] of the text it appends,
    /// in one pass: the same folded text, map and paragraph starts, the
    /// same tokens (appended to `tokens`), and the [`Marks`] of sentence
    /// stops and quotes. Runs of ASCII that fold to themselves are cut into
    /// tokens as they are read and copied whole when they end; the frequent
    /// non-ASCII characters that fold to one ASCII character are read from
    /// a table; only the others are decoded and folded character by character.
    pub fn push_paragraph_cut(
        &mut self,
        paragraph: &str,
        tokens: &mut Vec<Token>,
        marks: &mut Marks,
    ) {
        if !self.text.is_empty() {
            self.mark(self.original.len());
            marks.stops.push(self.text.len() as u32);
            self.text.push('\n');
            self.original.push('\n');
        }
        self.paragraph_starts.push(self.text.len());
        let base = self.original.len();
        self.original.push_str(paragraph);
        let tables = fold_tables();
        let text = &mut self.text;
        let map = &mut self.map;
        let bytes = paragraph.as_bytes();
        let mut state = CutState {
            space: true,
            open: None,
        };
        // `bytes[run..]` is not in the folded text yet.
        let mut run = 0;
        let mut i = 0;
        loop {
            // Cut tokens as far as the tables fold; byte `j` of what is
            // read goes at folded offset `j + delta` (wrapping).
            let delta = text.len().wrapping_sub(i);
            i = cut(bytes, i, delta, &mut state, text, tokens, marks, tables);
            // Copy what was read: the runs that fold to themselves whole,
            // the characters that do not one by one (`marks.folds`).
            for fold in &marks.folds {
                let at = fold.at as usize;
                if at > run {
                    mark(map, text.len(), base + run);
                    text.push_str(paragraph.get(run..at).unwrap_or(""));
                } else {
                    // (After a run, the offsets agree as at its start.)
                    mark(map, text.len(), base + at);
                }
                if fold.to != 0 {
                    text.push(char::from(fold.to));
                }
                run = at + usize::from(fold.len);
            }
            marks.folds.clear();
            let Some(c) = paragraph.get(i..).and_then(|s| s.chars().next()) else {
                break;
            };
            // A character that no table knows: the general folding.
            if i > run {
                mark(map, text.len(), base + run);
                text.push_str(paragraph.get(run..i).unwrap_or(""));
            } else {
                mark(map, text.len(), base + i);
            }
            fold_other(c, text, &mut state, tokens, marks);
            i += c.len_utf8();
            run = i;
        }
        if bytes.len() > run {
            mark(map, text.len(), base + run);
            text.push_str(paragraph.get(run..).unwrap_or(""));
        }
        drop_trailing_space(text, map);
        if let Some(w) = state.open {
            close_word(tokens, w, text.len(), text, "");
        }
    }

    /// Closes the map (call once, after the last paragraph).
    pub fn finish(&mut self) {
        self.mark(self.original.len());
    }

    /// The original text behind a folded range.
    pub fn original_of(&self, start: usize, end: usize) -> &str {
        let k = self.map.partition_point(|&(f, _)| f as usize <= start);
        let s = self.orig_after(k, start).min(self.original.len());
        let e = if end >= self.text.len() {
            self.original.len()
        } else if end <= start {
            // (An empty or reversed range: as `orig(end)`, from the start.)
            self.orig(end).min(self.original.len())
        } else {
            // The end's checkpoints are found from the start's.
            self.orig_after(self.checkpoints_from(k, end), end)
                .min(self.original.len())
        };
        let slice = self.original.get(s..e.max(s)).unwrap_or("");
        // Most ranges start and end on a letter or a punctuation mark:
        // nothing to trim, and no character to decode to tell it.
        match slice.as_bytes() {
            [a, .., b] if plain_edge(*a) && plain_edge(*b) => slice,
            _ => slice.trim(),
        }
    }
}

/// Whether byte `b`, at an end of a string, tells that `str::trim` leaves
/// that end as it is: a graphic ASCII character (no white space, and not
/// part of a multi-byte character, which could be white space).
#[inline(always)]
fn plain_edge(b: u8) -> bool {
    b.is_ascii_graphic()
}

/// What the one-pass preparation ([`Folded::push_paragraph_cut`]) records
/// besides the folded text and its tokens, so that nothing scans the text
/// again to find them.
#[derive(Debug, Default)]
pub struct Marks {
    /// Folded offsets of the characters that may end a sentence (`.`, `!`,
    /// `?`, `…`) and of the paragraph breaks (`\n`), in order: the
    /// candidates of [`sentence_ranges_at`].
    pub stops: Vec<u32>,
    /// Indices of the `"` tokens, in order.
    pub quotes: Vec<u32>,
    /// Scratch of [`Folded::push_paragraph_cut`]: the characters of the
    /// part being read that do not fold to themselves.
    folds: Vec<Fold>,
}

/// A character that does not fold to itself, folded by a table.
#[derive(Debug, Clone, Copy)]
struct Fold {
    /// Its byte offset in the paragraph.
    at: u32,
    /// The ASCII character it folds to, 0 for nothing (a collapsed space).
    to: u8,
    /// Its length in bytes.
    len: u8,
}

/// What [`cut`] carries from one part of a paragraph to the next.
struct CutState {
    /// The folded text so far ends with a space (or nothing of the
    /// paragraph).
    space: bool,
    /// A word left open by the general folding of a character (`œ`).
    open: Option<OpenWord>,
}

impl Marks {
    /// Empties the marks, keeping the buffers.
    pub fn clear(&mut self) {
        self.stops.clear();
        self.quotes.clear();
        self.folds.clear();
    }
}

/// The word being read by [`Folded::push_paragraph_cut`] (not closed yet).
#[derive(Clone, Copy)]
struct OpenWord {
    /// Folded offset of its first byte.
    start: u32,
    /// Its first character is an upper-case letter.
    cap: bool,
    /// Its first character is not a lower-case letter, so it may be an
    /// acronym (decided when the word ends; most words start lower-case and
    /// are never scanned again).
    maybe_acronym: bool,
}

/// Closes word `w` at folded offset `end` (see [`OpenWord`]): its text is
/// `done[w.start..end]`, followed by `pending` (bytes not yet copied into
/// the folded text, which go at `done.len()`).
#[inline]
fn close_word(tokens: &mut Vec<Token>, w: OpenWord, end: usize, done: &str, pending: &str) {
    let acronym = w.maybe_acronym && {
        let start = w.start as usize;
        let skip = start.saturating_sub(done.len());
        is_acronym(
            done.get(start..end.min(done.len())).unwrap_or(""),
            pending.get(skip..).unwrap_or(""),
        )
    };
    tokens.push(Token {
        start: w.start,
        end: end as u32,
        word: true,
        cap: w.cap,
        acronym,
    });
}

/// Appends the token of ASCII punctuation `b` at folded offset `at`,
/// recording it in `marks` when it is a quote or may end a sentence.
#[inline(always)]
fn punct(tokens: &mut Vec<Token>, marks: &mut Marks, at: usize, b: u8) {
    if b == b'"' {
        marks.quotes.push(tokens.len() as u32);
    } else if matches!(b, b'.' | b'!' | b'?') {
        marks.stops.push(at as u32);
    }
    tokens.push(Token {
        start: at as u32,
        end: at as u32 + 1,
        word: false,
        cap: false,
        acronym: false,
    });
}

/// Folds a character that no table knows (see [`fold_char`]) and cuts
/// what it gives into tokens, as [`tokenize`] would (`state.open`: the word
/// being read, which this may open, go on with or close).
#[cold]
#[inline(never)]
fn fold_other(
    c: char,
    text: &mut String,
    state: &mut CutState,
    tokens: &mut Vec<Token>,
    marks: &mut Marks,
) {
    let mut at = text.len();
    fold_char(c, text, &mut state.space);
    while let Some(c) = text.get(at..).and_then(|s| s.chars().next()) {
        let word_char = if c.is_ascii() {
            CLASS[usize::from(c as u8)] <= DIGIT
        } else {
            c.is_alphanumeric()
        };
        if word_char {
            if state.open.is_none() {
                let upper = if c.is_ascii() {
                    c.is_ascii_uppercase()
                } else {
                    c.is_uppercase()
                };
                state.open = Some(OpenWord {
                    start: at as u32,
                    cap: upper,
                    maybe_acronym: !c.is_alphabetic() || upper,
                });
            }
        } else {
            if let Some(w) = state.open.take() {
                close_word(tokens, w, at, text, "");
            }
            if c.is_ascii() {
                if c != ' ' && c != '\n' {
                    punct(tokens, marks, at, c as u8);
                }
            } else {
                if c == '…' {
                    marks.stops.push(at as u32);
                }
                tokens.push(Token {
                    start: at as u32,
                    end: (at + c.len_utf8()) as u32,
                    word: false,
                    cap: false,
                    acronym: false,
                });
            }
        }
        at += c.len_utf8();
    }
}

/// Cuts `bytes[i..]` (a paragraph from byte `i`) into tokens as far as
/// the folding needs no decoding: ASCII, and the characters that a table
/// folds to one ASCII character (recorded in `marks.folds` for the caller
/// to copy). Byte `j` goes at folded offset `j + delta` (wrapping; the
/// offset moves at each character that folds to fewer bytes). `done` is
/// the folded text before byte `i`. Returns where it stops: the end or a
/// character that no table knows.
#[allow(clippy::too_many_arguments)]
#[inline(never)]
fn cut(
    bytes: &[u8],
    mut i: usize,
    mut delta: usize,
    state: &mut CutState,
    done: &str,
    tokens: &mut Vec<Token>,
    marks: &mut Marks,
    tables: &FoldTables,
) -> usize {
    let mut after_space = state.space;
    // A word left open before this part goes on with the letters here, or
    // ends before what follows.
    if let Some(w) = state.open.take() {
        let start = i;
        (i, delta) = scan_word(bytes, i, delta, &mut marks.folds, tables);
        if i > start {
            after_space = false;
        }
        if general_at(bytes, i, tables) {
            state.open = Some(w);
            state.space = after_space;
            return i;
        }
        let acronym = w.maybe_acronym
            && folded_acronym(
                done.get(w.start as usize..).unwrap_or(""),
                bytes.get(start..i).unwrap_or(&[]),
                tables,
            );
        tokens.push(Token {
            start: w.start,
            end: i.wrapping_add(delta) as u32,
            word: true,
            cap: w.cap,
            acronym,
        });
    }
    while let Some(&b) = bytes.get(i) {
        let class = CLASS[usize::from(b)];
        let start = i;
        // Its folded offset.
        let at = i.wrapping_add(delta);
        let first = if class <= DIGIT {
            i += 1;
            class
        } else if class == NON_ASCII {
            match tables.ascii_fold(&bytes[i..]) {
                None => break,
                Some((to, len)) => {
                    let to_class = CLASS[usize::from(to)];
                    i += len;
                    if to_class <= DIGIT {
                        marks.folds.push(Fold {
                            at: start as u32,
                            to,
                            len: len as u8,
                        });
                        delta = delta.wrapping_sub(len - 1);
                        to_class
                    } else {
                        // Punctuation or a space.
                        let to = if to != b' ' {
                            after_space = false;
                            punct(tokens, marks, at, to);
                            to
                        } else if after_space {
                            0
                        } else {
                            after_space = true;
                            b' '
                        };
                        delta = delta.wrapping_sub(len - usize::from(to != 0));
                        marks.folds.push(Fold {
                            at: start as u32,
                            to,
                            len: len as u8,
                        });
                        continue;
                    }
                }
            }
        } else {
            // ASCII that is not a letter or digit.
            i += 1;
            match b {
                b' ' | b'-' | b'\t' | b'\n' | b'\r' | b'_' => {
                    if after_space {
                        // Collapsed.
                        marks.folds.push(Fold {
                            at: start as u32,
                            to: 0,
                            len: 1,
                        });
                        delta = delta.wrapping_sub(1);
                    } else {
                        if b != b' ' {
                            marks.folds.push(Fold {
                                at: start as u32,
                                to: b' ',
                                len: 1,
                            });
                        }
                        after_space = true;
                    }
                }
                b'`' => {
                    marks.folds.push(Fold {
                        at: start as u32,
                        to: b'\'',
                        len: 1,
                    });
                    after_space = false;
                    punct(tokens, marks, at, b'\'');
                }
                _ => {
                    punct(tokens, marks, at, b);
                    // A comma or a stop is mostly followed by one space.
                    after_space = bytes.get(i) == Some(&b' ');
                    i += usize::from(after_space);
                }
            }
            continue;
        };
        // A word: letters and digits, ASCII or folded by the table.
        after_space = false;
        (i, delta) = scan_word(bytes, i, delta, &mut marks.folds, tables);
        if general_at(bytes, i, tables) {
            // The general folding may go on with the word.
            state.open = Some(OpenWord {
                start: at as u32,
                cap: first == UPPER,
                maybe_acronym: first != LOWER,
            });
            break;
        }
        tokens.push(Token {
            start: at as u32,
            end: i.wrapping_add(delta) as u32,
            word: true,
            cap: first == UPPER,
            acronym: first != LOWER
                && folded_acronym("", bytes.get(start..i).unwrap_or(&[]), tables),
        });
        // Most words are followed by one space, which folds to itself.
        if bytes.get(i) == Some(&b' ') {
            after_space = true;
            i += 1;
        }
    }
    state.space = after_space;
    i
}

/// Reads on over the letters and digits of a word from byte `i`: ASCII,
/// or characters the table folds to one (recorded in `folds`, each moving
/// `delta`). Returns the end and the new `delta`.
#[inline(always)]
fn scan_word(
    bytes: &[u8],
    mut i: usize,
    mut delta: usize,
    folds: &mut Vec<Fold>,
    tables: &FoldTables,
) -> (usize, usize) {
    loop {
        i = alnum_end(bytes, i);
        if bytes.get(i).is_none_or(u8::is_ascii) {
            return (i, delta);
        }
        let Some((to, len)) = tables.letter(&bytes[i..]) else {
            return (i, delta);
        };
        folds.push(Fold {
            at: i as u32,
            to,
            len: len as u8,
        });
        delta = delta.wrapping_sub(len - 1);
        i += len;
    }
}

/// Whether byte `i` starts a character that no table folds.
#[inline]
fn general_at(bytes: &[u8], i: usize, tables: &FoldTables) -> bool {
    bytes.get(i).is_some_and(|&b| !b.is_ascii())
        && tables.ascii_fold(bytes.get(i..).unwrap_or(&[])).is_none()
}

/// Whether the word made of the folded text `done` then the original
/// bytes `bytes` (ASCII letters and digits, and characters the table folds
/// to one) is an acronym (the rule of [`tokenize`]).
fn folded_acronym(done: &str, bytes: &[u8], tables: &FoldTables) -> bool {
    let mut upper = 0usize;
    for c in done.chars() {
        if c.is_ascii() {
            match CLASS[usize::from(c as u8)] {
                UPPER => upper += 1,
                LOWER => return false,
                _ => {}
            }
        } else if c.is_alphabetic() {
            if c.is_uppercase() {
                upper += 1;
            } else {
                return false;
            }
        }
    }
    let mut k = 0;
    while let Some(&c) = bytes.get(k) {
        let (c, len) = if c.is_ascii() {
            (c, 1)
        } else {
            tables.letter(&bytes[k..]).unwrap_or((b'0', 1))
        };
        match CLASS[usize::from(c)] {
            UPPER => upper += 1,
            LOWER => return false,
            _ => {}
        }
        k += len;
    }
    upper >= 2
}

/// The end of the run of ASCII letters and digits at byte `i` of `bytes`.
#[inline(always)]
fn alnum_end(bytes: &[u8], mut i: usize) -> usize {
    // Words are short (five bytes on average): four bytes per step, each
    // one table probe (reading eight bytes at a time costs more to set up
    // than it saves).
    let is_word = |b: u8| CLASS[usize::from(b)] <= DIGIT;
    while let Some(&[a, b, c, d]) = bytes.get(i..i + 4) {
        if !is_word(a) {
            return i;
        }
        if !is_word(b) {
            return i + 1;
        }
        if !is_word(c) {
            return i + 2;
        }
        if !is_word(d) {
            return i + 3;
        }
        i += 4;
    }
    while bytes.get(i).is_some_and(|&b| is_word(b)) {
        i += 1;
    }
    i
}

/// Whether the word made of `a` then `b` (letters and digits) is an
/// acronym: two or more upper-case letters and no other letter (the rule
/// of [`tokenize`]).
fn is_acronym(a: &str, b: &str) -> bool {
    let mut upper = 0usize;
    for part in [a, b] {
        let bytes = part.as_bytes();
        let mut k = 0;
        while let Some(&c) = bytes.get(k) {
            if c.is_ascii() {
                match CLASS[usize::from(c)] {
                    UPPER => upper += 1,
                    LOWER => return false,
                    _ => {}
                }
                k += 1;
            } else {
                let ch = part.get(k..).and_then(|s| s.chars().next()).unwrap_or(' ');
                if ch.is_alphabetic() {
                    if ch.is_uppercase() {
                        upper += 1;
                    } else {
                        return false;
                    }
                }
                k += ch.len_utf8();
            }
        }
    }
    upper >= 2
}

/// The ASCII characters that the most frequent non-ASCII characters fold
/// to, so that folding them needs no decoding: computed once with
/// [`fold_char`], so both paths agree.
struct FoldTables {
    /// For U+0080..U+07FF (two UTF-8 bytes), indexed by code point: the
    /// ASCII character it folds to, or 0 when it folds to something else.
    two: [u8; 0x800],
    /// The same for U+2000..U+203F (`E2 80 xx`: dashes, quotes, spaces).
    punct: [u8; 0x40],
}

impl FoldTables {
    /// The ASCII letter or digit the character at the start of `bytes`
    /// (valid UTF-8) folds to, and its length; `None` for ASCII.
    #[inline]
    fn letter(&self, bytes: &[u8]) -> Option<(u8, usize)> {
        self.ascii_fold(bytes)
            .filter(|&(l, _)| CLASS[usize::from(l)] <= DIGIT)
    }

    /// The ASCII character the character at the start of `bytes` (valid
    /// UTF-8, starting with a non-ASCII character) folds to, and its length.
    #[inline]
    fn ascii_fold(&self, bytes: &[u8]) -> Option<(u8, usize)> {
        let (folded, len) = match *bytes {
            [b0 @ 0xC2..=0xDF, b1, ..] => (
                self.two[(usize::from(b0 & 0x1F) << 6) | usize::from(b1 & 0x3F)],
                2,
            ),
            [0xE2, 0x80, b2, ..] => (self.punct[usize::from(b2 & 0x3F)], 3),
            _ => (0, 0),
        };
        (folded != 0).then_some((folded, len))
    }
}

fn fold_tables() -> &'static FoldTables {
    static TABLES: std::sync::OnceLock<FoldTables> = std::sync::OnceLock::new();
    TABLES.get_or_init(|| {
        let single = |cp: u32| {
            let Some(c) = char::from_u32(cp) else {
                return 0;
            };
            let mut out = String::new();
            let mut last_space = false;
            fold_char(c, &mut out, &mut last_space);
            match out.as_bytes() {
                [b] if b.is_ascii() && *b != 0 => *b,
                _ => 0,
            }
        };
        let mut tables = FoldTables {
            two: [0; 0x800],
            punct: [0; 0x40],
        };
        for (cp, slot) in tables.two.iter_mut().enumerate().skip(0x80) {
            *slot = single(cp as u32);
        }
        for (k, slot) in tables.punct.iter_mut().enumerate() {
            *slot = single(0x2000 + k as u32);
        }
        tables
    })
}

/// Drops a trailing space of `text` so that a paragraph ends on its last
/// character, and the checkpoints of `map` past the new end: the next
/// paragraph's checkpoints start there, and `map` stays sorted.
fn drop_trailing_space(text: &mut String, map: &mut Vec<(u32, u32)>) {
    if text.ends_with(' ') {
        text.pop();
        while map.last().is_some_and(|&(f, _)| f as usize > text.len()) {
            map.pop();
        }
    }
}

/// Records in `map` that folded byte `folded` comes from original byte
/// `orig` (a checkpoint only where the offsets stop agreeing).
#[inline]
fn mark(map: &mut Vec<(u32, u32)>, folded: usize, orig: usize) {
    let f = folded as u32;
    let o = orig as u32;
    match map.last_mut() {
        Some(&mut (lf, lo)) if o.wrapping_sub(lo) == f.wrapping_sub(lf) && f >= lf => {}
        Some(last) if last.0 == f => *last = (f, o),
        _ => map.push((f, o)),
    }
}

/// Byte classes of the fast paths; the classes below [`PLAIN_LIMIT`] fold
/// to themselves.
const LOWER: u8 = 0;
const UPPER: u8 = 1;
const DIGIT: u8 = 2;
/// Punctuation that folds to itself and is a token of its own.
const PLAIN_PUNCT: u8 = 3;
const PLAIN_LIMIT: u8 = 4;
const SPACE: u8 = 4;
/// A byte of a multi-byte character.
const NON_ASCII: u8 = 5;
const OTHER: u8 = 6;

const CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_lowercase() {
            LOWER
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if c.is_ascii_digit() {
            DIGIT
        } else if matches!(c, b'.' | b',' | b'\'' | b'"' | b'(' | b')' | b':' | b';') {
            PLAIN_PUNCT
        } else if c == b' ' {
            SPACE
        } else if c >= 0x80 {
            NON_ASCII
        } else {
            OTHER
        };
        b += 1;
    }
    t
};

/// For each character U+00C0..U+00FF (indexed by its second UTF-8 byte
/// minus 0x80), the ASCII letter it folds to, or 0 when it folds to
/// something else (computed once with [`fold_char`], so both paths agree).
fn latin1_folds() -> &'static [u8; 64] {
    static TABLE: std::sync::OnceLock<[u8; 64]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [0u8; 64];
        for (k, slot) in table.iter_mut().enumerate() {
            let Some(c) = char::from_u32(0xC0 + k as u32) else {
                continue;
            };
            let mut out = String::new();
            let mut last_space = false;
            fold_char(c, &mut out, &mut last_space);
            if let [b] = out.as_bytes() {
                if b.is_ascii_alphabetic() {
                    *slot = *b;
                }
            }
        }
        table
    })
}

/// Folds one character into `out` (see the module doc); `last_space` tells
/// whether `out` ends with a space, to collapse runs.
fn fold_char(c: char, out: &mut String, last_space: &mut bool) {
    let mut push = |out: &mut String, s: char| {
        if s == ' ' {
            if !*last_space {
                out.push(' ');
            }
            *last_space = true;
        } else {
            out.push(s);
            *last_space = false;
        }
    };
    if c.is_ascii() {
        let c = match c {
            '-' | '\t' | '\n' | '\r' | '_' => ' ',
            '`' => '\'',
            _ => c,
        };
        push(out, c);
        return;
    }
    // The accented letters of French, without a table lookup.
    let base = match c {
        'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => Some('a'),
        'é' | 'è' | 'ê' | 'ë' => Some('e'),
        'î' | 'ï' | 'í' | 'ì' => Some('i'),
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' => Some('o'),
        'ù' | 'û' | 'ü' | 'ú' => Some('u'),
        'ç' => Some('c'),
        'ÿ' | 'ý' => Some('y'),
        'ñ' => Some('n'),
        'À' | 'Â' | 'Ä' | 'Á' => Some('A'),
        'É' | 'È' | 'Ê' | 'Ë' => Some('E'),
        'Î' | 'Ï' | 'Í' => Some('I'),
        'Ô' | 'Ö' | 'Ó' => Some('O'),
        'Ù' | 'Û' | 'Ü' | 'Ú' => Some('U'),
        'Ç' => Some('C'),
        _ => None,
    };
    if let Some(b) = base {
        push(out, b);
        return;
    }
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{00B4}' | '\u{2032}' => push(out, '\''),
        '\u{00AB}' | '\u{00BB}' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => {
            push(out, '"')
        }
        '\u{2010}'..='\u{2015}' | '\u{2212}' => push(out, ' '),
        'œ' => {
            push(out, 'o');
            push(out, 'e');
        }
        'Œ' => {
            push(out, 'O');
            push(out, 'E');
        }
        'æ' => {
            push(out, 'a');
            push(out, 'e');
        }
        'Æ' => {
            push(out, 'A');
            push(out, 'E');
        }
        'ß' => {
            push(out, 's');
            push(out, 's');
        }
        _ if c.is_whitespace() => push(out, ' '),
        _ => {
            let mut pushed = false;
            decompose_canonical(c, |d| {
                if !is_combining_mark(d) && !pushed {
                    push(out, d);
                    pushed = true;
                }
            });
            if !pushed {
                push(out, c);
            }
        }
    }
}

/// Folds a name the way the text is folded, then lower-cases it: the key of
/// every lookup table.
pub fn key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    key_into(name, &mut out);
    out
}

/// [`key`] into a reused buffer (cleared first), so that a lookup by a
/// name that is not a key yet allocates nothing (once the buffer has grown).
pub fn key_into(name: &str, out: &mut String) {
    fold_keep_case_into(name, out);
    lower_in_place(out);
}

/// [`key`] of a name given its [`fold_keep_case`] (`folded`), into a
/// reused buffer (cleared first): `key_of_folded(&fold_keep_case(name))`
/// is `key(name)`, so a name folded once gives both.
pub fn key_of_folded(folded: &str, out: &mut String) {
    out.clear();
    out.push_str(folded);
    lower_in_place(out);
}

/// Lower-cases a folded name, the last step of [`key`].
fn lower_in_place(out: &mut String) {
    if out.is_ascii() {
        out.make_ascii_lowercase();
    } else {
        *out = out.to_lowercase();
    }
}

/// Appends the folding of `name` to `out` (as [`fold_char`] on each
/// character, from a space): runs of ASCII that fold to themselves are
/// copied whole and the frequent non-ASCII characters come from a table.
fn fold_into(name: &str, out: &mut String) {
    let bytes = name.as_bytes();
    let tables = fold_tables();
    let mut last_space = true;
    let mut i = 0;
    while i < bytes.len() {
        let run = i;
        // A run of bytes that fold to themselves, with the single spaces
        // between them (not a space after a space, which folds to nothing),
        // copied whole: a name of several words is mostly one run.
        let mut space = last_space;
        while let Some(&b) = bytes.get(i) {
            if ASCII_FOLD[usize::from(b)] == 0 {
                space = false;
            } else if b == b' ' && !space {
                space = true;
            } else {
                break;
            }
            i += 1;
        }
        if i > run {
            out.push_str(name.get(run..i).unwrap_or(""));
            last_space = space;
            continue;
        }
        let b = bytes[i];
        let folded = if b.is_ascii() {
            i += 1;
            ASCII_FOLD[usize::from(b)]
        } else if let Some((folded, len)) = tables.ascii_fold(&bytes[i..]) {
            i += len;
            folded
        } else {
            let c = name.get(i..).and_then(|s| s.chars().next()).unwrap_or(' ');
            fold_char(c, out, &mut last_space);
            i += c.len_utf8();
            continue;
        };
        if folded == b' ' {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(char::from(folded));
            last_space = false;
        }
    }
}

/// For each ASCII byte that folds to something else (see [`fold_char`]),
/// what it folds to; 0 for the ASCII bytes that fold to themselves, and
/// 0xFF for the non-ASCII bytes (so that a run of bytes folding to
/// themselves is a run of zeros).
const ASCII_FOLD: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            b' ' | b'-' | b'\t' | b'\n' | b'\r' | b'_' => b' ',
            b'`' => b'\'',
            0x80..=0xFF => 0xFF,
            _ => 0,
        };
        b += 1;
    }
    t
};

/// Folds a name keeping its case (for the pattern trie and case checks).
pub fn fold_keep_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    fold_keep_case_into(name, &mut out);
    out
}

/// [`fold_keep_case`] into a reused buffer (cleared first).
pub fn fold_keep_case_into(name: &str, out: &mut String) {
    out.clear();
    fold_into(name, out);
    let end = out.trim_end().len();
    out.truncate(end);
    let lead = out.len() - out.trim_start().len();
    if lead > 0 {
        out.drain(..lead);
    }
}

/// A word or punctuation mark of the folded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset in the folded text.
    pub start: u32,
    /// Byte offset just past the token.
    pub end: u32,
    /// A word (letters and digits) rather than a punctuation mark.
    pub word: bool,
    /// Its first character is an upper-case letter.
    pub cap: bool,
    /// Two or more letters, all upper-case (an acronym).
    pub acronym: bool,
}

/// Splits the folded text into tokens: maximal runs of letters and digits,
/// and single punctuation characters (spaces are dropped). (The extractor
/// gets the same tokens from [`Folded::push_paragraph_cut`].)
pub fn tokenize(text: &str, out: &mut Vec<Token>) {
    out.clear();
    let bytes = text.as_bytes();
    let char_at = |i: usize| text[i..].chars().next().unwrap_or(' ');
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b' ' || b == b'\n' {
            i += 1;
            continue;
        }
        let class = CLASS[usize::from(b)];
        let word_start = if b.is_ascii() {
            class <= DIGIT
        } else {
            char_at(i).is_alphanumeric()
        };
        if !word_start {
            let len = if b.is_ascii() {
                1
            } else {
                char_at(i).len_utf8()
            };
            out.push(Token {
                start: i as u32,
                end: (i + len) as u32,
                word: false,
                cap: false,
                acronym: false,
            });
            i += len;
            continue;
        }
        let start = i;
        // An acronym has two or more upper-case letters and no other letter.
        let mut upper = 0usize;
        let mut other_letter = false;
        let cap = if b.is_ascii() {
            class == UPPER
        } else {
            char_at(i).is_uppercase()
        };
        loop {
            while let Some(&c) = bytes.get(i) {
                match CLASS[usize::from(c)] {
                    UPPER => upper += 1,
                    LOWER => other_letter = true,
                    DIGIT => {}
                    _ => break,
                }
                i += 1;
            }
            if bytes.get(i).is_some_and(|&c| !c.is_ascii()) {
                let c = char_at(i);
                if c.is_alphanumeric() {
                    if c.is_alphabetic() {
                        if c.is_uppercase() {
                            upper += 1;
                        } else {
                            other_letter = true;
                        }
                    }
                    i += c.len_utf8();
                    continue;
                }
            }
            break;
        }
        out.push(Token {
            start: start as u32,
            end: i as u32,
            word: true,
            cap,
            acronym: upper >= 2 && !other_letter,
        });
    }
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "M", "MM", "Mme", "Mmes", "Mlle", "Mgr", "Dr", "Pr", "Me", "St", "Ste", "Gen", "Gén", "Col",
    "Lt", "Cdt", "Cne", "Sgt", "av", "J", "C", "etc", "No", "n°", "p", "vol", "ex", "cf",
];

/// The length in bytes of the longest of [`ABBREVIATIONS`].
const ABBREVIATION_MAX: usize = {
    let mut max = 0;
    let mut k = 0;
    while k < ABBREVIATIONS.len() {
        if ABBREVIATIONS[k].len() > max {
            max = ABBREVIATIONS[k].len();
        }
        k += 1;
    }
    max
};

/// Byte ranges of the sentences of `text`: a sentence ends at `.`, `!`, `?`
/// or `…` (and the closing quotes after it) followed by white space and an
/// upper-case letter, a digit or an opening quote, unless the word before
/// the stop is an abbreviation (`M.`, `Mme.`) or a single capital (an
/// initial); a line break always ends a sentence.
pub fn sentence_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    sentence_ranges_into(text, &mut out);
    out
}

/// [`sentence_ranges`] into a reused vector (cleared first).
pub fn sentence_ranges_into(text: &str, out: &mut Vec<(usize, usize)>) {
    let bytes = text.as_bytes();
    let stops: Vec<u32> = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| {
            matches!(b, b'.' | b'!' | b'?' | b'\n')
                || (b == 0xE2 && bytes.get(i + 1..i + 3) == Some(&[0x80, 0xA6][..]))
        })
        .map(|(i, _)| i as u32)
        .collect();
    sentence_ranges_at(text, &stops, out);
}

/// [`sentence_ranges_into`] given the candidates: `stops` holds the
/// offsets, in order, of every `.`, `!`, `?`, `…` and `\n` of `text` (as
/// [`Folded::push_paragraph_cut`] records them in [`Marks::stops`]), so
/// that the text is not scanned for them.
pub fn sentence_ranges_at(text: &str, stops: &[u32], out: &mut Vec<(usize, usize)>) {
    out.clear();
    let bytes = text.as_bytes();
    let mut start = 0;
    let push = |out: &mut Vec<(usize, usize)>, s: usize, e: usize| {
        let slice = &text[s..e];
        let trimmed_start = s + (slice.len() - slice.trim_start().len());
        let trimmed_end = s + slice.trim_end().len();
        if trimmed_end > trimmed_start {
            out.push((trimmed_start, trimmed_end));
        }
    };
    // Candidates before this offset were consumed by a closing run.
    let mut consumed = 0;
    for &stop in stops {
        let i = stop as usize;
        if i < consumed {
            continue;
        }
        let Some(&b) = bytes.get(i) else {
            break;
        };
        if b == b'\n' {
            push(out, start, i);
            start = i + 1;
            continue;
        }
        let stop_len = match b {
            b'.' | b'!' | b'?' => 1,
            0xE2 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA6) => 3,
            _ => continue,
        };
        let (end, ends_sentence) = stop_end(text, i, stop_len);
        // Candidates inside the closing run are consumed with it.
        consumed = end;
        if ends_sentence {
            push(out, start, end);
            start = end;
        }
    }
    push(out, start, text.len());
}

/// The start of the word that ends at byte `i` of `bytes` when it is made
/// of ASCII letters and digits after an ASCII byte or the start of the
/// text (what the general search of [`stop_end`] finds for it, read
/// without decoding); `None` when a non-ASCII byte comes first.
fn ascii_word_start(bytes: &[u8], i: usize) -> Option<usize> {
    let mut k = i;
    while let Some(&b) = k.checked_sub(1).and_then(|p| bytes.get(p)) {
        if b.is_ascii_alphanumeric() {
            k -= 1;
        } else if b.is_ascii() {
            return Some(k);
        } else {
            return None;
        }
    }
    Some(k)
}

/// The stop of `stop_len` bytes (`.`, `!`, `?` or `…`) at byte `i` of
/// `text`: where it ends, with the closing quotes and brackets right after
/// it, and whether a sentence ends there (white space, then an upper-case
/// letter, a digit or an opening quote, and before a `.` no abbreviation
/// nor single capital).
fn stop_end(text: &str, i: usize, stop_len: usize) -> (usize, bool) {
    let mut end = i + stop_len;
    // Closing quotes or brackets right after the stop belong to it.
    while let Some(d) = text[end..].chars().next() {
        if matches!(d, '"' | '»' | '”' | ')' | '.' | '!' | '?' | '’' | '\'') {
            end += d.len_utf8();
        } else {
            break;
        }
    }
    let rest = &text[end..];
    if !rest.starts_with([' ', '\u{a0}', '\u{202f}', '\t']) {
        return (end, false);
    }
    let next = rest
        .trim_start_matches([' ', '\u{a0}', '\u{202f}', '\t'])
        .chars()
        .next();
    let opens = next.is_some_and(|n| {
        n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '«' | '“' | '-' | '—')
    });
    if !opens {
        return (end, false);
    }
    if text.as_bytes()[i] == b'.' {
        let word_start = ascii_word_start(text.as_bytes(), i).unwrap_or_else(|| {
            text[..i]
                .rfind(|ch: char| !ch.is_alphanumeric() && ch != '°')
                .map_or(0, |p| {
                    p + text[p..].chars().next().map_or(1, char::len_utf8)
                })
        });
        let word = &text[word_start..i];
        let single_capital =
            word.chars().count() == 1 && word.chars().next().is_some_and(char::is_uppercase);
        // (No abbreviation is longer than ABBREVIATION_MAX bytes.)
        if single_capital || (word.len() <= ABBREVIATION_MAX && ABBREVIATIONS.contains(&word)) {
            return (end, false);
        }
    }
    (end, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The former memchr-based [`sentence_ranges_into`], kept as the
    /// reference of the candidate-driven one: its own search for candidates
    /// and their consumption, the same decision at each stop ([`stop_end`]).
    fn sentence_ranges_reference(text: &str, out: &mut Vec<(usize, usize)>) {
        out.clear();
        let bytes = text.as_bytes();
        let mut start = 0;
        let push = |out: &mut Vec<(usize, usize)>, s: usize, e: usize| {
            let slice = &text[s..e];
            let trimmed_start = s + (slice.len() - slice.trim_start().len());
            let trimmed_end = s + slice.trim_end().len();
            if trimmed_end > trimmed_start {
                out.push((trimmed_start, trimmed_end));
            }
        };
        // Candidates found with memchr: stops ('.', '!', '?'), line breaks and
        // the first byte of '…' (E2 80 A6); each cache is refreshed when passed.
        let find3 = |from: usize| {
            memchr::memchr3(b'.', b'!', b'?', &bytes[from.min(bytes.len())..]).map(|k| from + k)
        };
        let find2 = |from: usize| {
            memchr::memchr2(b'\n', 0xE2, &bytes[from.min(bytes.len())..]).map(|k| from + k)
        };
        let mut next3 = find3(0);
        let mut next2 = find2(0);
        let mut i;
        loop {
            i = match (next3, next2) {
                (Some(a), Some(b)) => a.min(b),
                (Some(a), None) | (None, Some(a)) => a,
                (None, None) => break,
            };
            if next3 == Some(i) {
                next3 = find3(i + 1);
            }
            if next2 == Some(i) {
                next2 = find2(i + 1);
            }
            let b = bytes[i];
            if b == b'\n' {
                push(out, start, i);
                start = i + 1;
                continue;
            }
            let stop_len = match b {
                b'.' | b'!' | b'?' => 1,
                0xE2 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA6) => 3,
                _ => continue,
            };
            let (end, ends_sentence) = stop_end(text, i, stop_len);
            // Candidates inside the closing run are consumed with it.
            if next3.is_some_and(|n| n < end) {
                next3 = find3(end);
            }
            if next2.is_some_and(|n| n < end) {
                next2 = find2(end);
            }
            if ends_sentence {
                push(out, start, end);
                start = end;
            }
        }
        push(out, start, text.len());
    }

    /// The former key: every character through [`fold_char`], trimmed,
    /// lower-cased.
    fn key_reference(name: &str) -> String {
        let mut out = String::new();
        let mut last_space = true;
        for c in name.chars() {
            fold_char(c, &mut out, &mut last_space);
        }
        out.trim().to_lowercase()
    }

    /// Folds and cuts paragraphs the simple way (one [`fold_char`] pass,
    /// then [`tokenize`] and the memchr-based sentence splitter) and the
    /// one-pass way, and checks that every output agrees.
    fn check_one_pass(paragraphs: &[String]) -> Result<(), TestCaseError> {
        let mut reference = Folded::default();
        for p in paragraphs {
            reference.push_paragraph(p);
        }
        reference.finish();
        let mut ref_tokens = Vec::new();
        tokenize(&reference.text, &mut ref_tokens);
        let mut ref_sentences = Vec::new();
        sentence_ranges_reference(&reference.text, &mut ref_sentences);

        let mut folded = Folded::default();
        let mut tokens = Vec::new();
        let mut marks = Marks::default();
        for p in paragraphs {
            folded.push_paragraph_cut(p, &mut tokens, &mut marks);
        }
        folded.finish();
        let mut sentences = Vec::new();
        sentence_ranges_at(&folded.text, &marks.stops, &mut sentences);

        prop_assert_eq!(&folded.text, &reference.text);
        prop_assert_eq!(&folded.original, &reference.original);
        prop_assert_eq!(&folded.map, &reference.map);
        prop_assert_eq!(&folded.paragraph_starts, &reference.paragraph_starts);
        prop_assert_eq!(&tokens, &ref_tokens);
        prop_assert_eq!(&sentences, &ref_sentences);
        let bytes = folded.text.as_bytes();
        let stops: Vec<u32> = (0..bytes.len())
            .filter(|&i| {
                matches!(bytes[i], b'.' | b'!' | b'?' | b'\n')
                    || folded.text.get(i..).is_some_and(|s| s.starts_with('…'))
            })
            .map(|i| i as u32)
            .collect();
        prop_assert_eq!(&marks.stops, &stops);
        let quotes: Vec<u32> = (0..tokens.len())
            .filter(|&i| !tokens[i].word && bytes[tokens[i].start as usize] == b'"')
            .map(|i| i as u32)
            .collect();
        prop_assert_eq!(&marks.quotes, &quotes);
        let mut sentences_into = Vec::new();
        sentence_ranges_into(&folded.text, &mut sentences_into);
        prop_assert_eq!(&sentences_into, &ref_sentences);
        Ok(())
    }

    /// Text made of the characters the folding and the cutting treat
    /// specially, and of anything else printable.
    fn paragraph() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z0-9 .,;:!?'\"()\\-_`\t\r\n%/éèêÉÈÀàçÇœŒæÆßÿïÏôÖñ’‘«»“”„…—–\u{a0}\u{202f}\u{2009}°ł€×µ²\u{301}\u{b}\u{c}\u{0}\u{85}\u{1e9b}\u{fb01}ǅ]{0,80}",
            "\\PC{0,60}",
            "(M\\. |Mme\\. |[A-Z]\\. |[A-Z][a-zé]{0,6}|[a-zé]{1,8}|OSDH|ÉTATS|[0-9]{1,4}|\\.|!|\\?|…|\"|»|«| |  |, |- |\\)|\n){0,30}",
        ]
    }

    proptest! {
        #[test]
        fn one_pass_matches_the_simple_passes(paragraphs in prop::collection::vec(paragraph(), 0..5)) {
            check_one_pass(&paragraphs)?;
        }

        #[test]
        fn fast_keys_match_the_simple_key(name in paragraph()) {
            let expected = key_reference(&name);
            prop_assert_eq!(&key(&name), &expected);
            let mut buffer = String::from("left over");
            key_into(&name, &mut buffer);
            prop_assert_eq!(&buffer, &expected);
            let mut kept = String::new();
            let mut last_space = true;
            for c in name.chars() {
                fold_char(c, &mut kept, &mut last_space);
            }
            prop_assert_eq!(fold_keep_case(&name), kept.trim());
        }
    }

    /// The former bookkeeping of `Doc::new_in`, one step per token: the
    /// sentence of each token, the first token of each sentence, the
    /// running count of quotes and the first token of each paragraph.
    #[allow(clippy::type_complexity)]
    fn bookkeeping_reference(
        folded: &Folded,
        tokens: &[Token],
        sentences: &[(usize, usize)],
    ) -> (Vec<u32>, Vec<usize>, Vec<u32>, Vec<usize>) {
        let mut token_sentence = Vec::new();
        let mut sentence_first_token = Vec::new();
        let mut quote_prefix = Vec::new();
        let text_bytes = folded.text.as_bytes();
        let mut quotes = 0u32;
        let mut s = 0;
        let sentence_end = |s: usize| {
            if s + 1 < sentences.len() {
                sentences[s].1
            } else {
                usize::MAX
            }
        };
        let mut end = sentence_end(s);
        for (i, t) in tokens.iter().enumerate() {
            let start = t.start as usize;
            if start >= end {
                while s + 1 < sentences.len() && start >= sentences[s].1 {
                    s += 1;
                }
                end = sentence_end(s);
            }
            while sentence_first_token.len() <= s {
                sentence_first_token.push(i);
            }
            token_sentence.push(s as u32);
            quote_prefix.push(quotes);
            if !t.word && text_bytes.get(start) == Some(&b'"') {
                quotes += 1;
            }
        }
        quote_prefix.push(quotes);
        while sentence_first_token.len() < sentences.len() {
            sentence_first_token.push(tokens.len());
        }
        let paragraph_first_token = folded
            .paragraph_starts
            .iter()
            .map(|&start| tokens.partition_point(|t| (t.start as usize) < start))
            .collect();
        (
            token_sentence,
            sentence_first_token,
            quote_prefix,
            paragraph_first_token,
        )
    }

    proptest! {
        #[test]
        fn doc_bookkeeping_matches_the_per_token_loop(
            title in prop::option::of(paragraph()),
            paragraphs in prop::collection::vec(paragraph(), 0..5),
        ) {
            use crate::ingest::{Dispatch, Paragraph, ParagraphKind};
            let dispatch = Dispatch {
                title,
                paragraphs: paragraphs
                    .into_iter()
                    .map(|text| Paragraph { kind: ParagraphKind::Text, text })
                    .collect(),
                ..Dispatch::default()
            };
            // Twice in the same buffers, as the extractor reuses them.
            let doc = crate::extract::Doc::new(&dispatch);
            let doc = crate::extract::Doc::new_in(&dispatch, doc);
            let (token_sentence, sentence_first_token, quote_prefix, paragraph_first_token) =
                bookkeeping_reference(&doc.folded, &doc.tokens, &doc.sentences);
            prop_assert_eq!(&doc.token_sentence, &token_sentence);
            prop_assert_eq!(&doc.sentence_first_token, &sentence_first_token);
            prop_assert_eq!(&doc.quote_prefix, &quote_prefix);
            prop_assert_eq!(&doc.paragraph_first_token, &paragraph_first_token);
            let mut ref_tokens = Vec::new();
            tokenize(&doc.folded.text, &mut ref_tokens);
            prop_assert_eq!(&doc.tokens, &ref_tokens);
        }
    }

    #[test]
    fn one_pass_on_tricky_paragraphs() {
        for paragraphs in [
            vec!["L’Élysée  a « salué » Liban-Sud, Œuvre.".to_string()],
            vec!["".into(), "  ".into(), "a".into()],
            vec!["présidentielle É.-U. ÉTATS-UNIS l'ONU".into(), "x ".into()],
            vec!["Il part… Puis « Non ! » dit-il. M. X. Y vint.".into()],
            vec![
                "é \u{a0}\u{a0}b  -  c\t\td".into(),
                "café".into(),
                "Ǆx ǅ".into(),
            ],
            vec!["\u{b}".into(), "\u{0}a\u{301}b".into()],
        ] {
            check_one_pass(&paragraphs).unwrap();
        }
    }

    #[test]
    fn folding_keeps_case_and_maps_back() {
        let mut f = Folded::default();
        f.push_paragraph("L’Élysée  a « salué » Liban-Sud, Œuvre.");
        f.finish();
        assert_eq!(f.text, "L'Elysee a \" salue \" Liban Sud, OEuvre.");
        let at = f.text.find("Liban").unwrap();
        assert_eq!(f.original_of(at, at + "Liban Sud".len()), "Liban-Sud");
        assert_eq!(f.orig(f.text.len()), f.original.len());
        let oe = f.text.find("OEuvre").unwrap();
        assert_eq!(f.original_of(oe, oe + "OEuvre".len()), "Œuvre");
    }

    #[test]
    fn sentences_respect_abbreviations_and_quotes() {
        let t = "M. Abdel Rahmane a parlé. \"C'est fini.\" Il part! Puis G. W. Bush vint";
        let got: Vec<&str> = sentence_ranges(t).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(
            got,
            vec![
                "M. Abdel Rahmane a parlé.",
                "\"C'est fini.\"",
                "Il part!",
                "Puis G. W. Bush vint"
            ]
        );
    }

    #[test]
    fn ascii_keys_fold_like_other_keys() {
        let slow = |name: &str| {
            let mut out = String::new();
            let mut last_space = true;
            for c in name.chars() {
                fold_char(c, &mut out, &mut last_space);
            }
            out.trim().to_lowercase()
        };
        for name in [
            "  L'ONU  ",
            "Liban-Sud",
            "a\t b\r\nc__d",
            "`x`",
            "\x0bVT\x0c",
            "Human Rights Watch (HRW)",
            "",
            " - ",
        ] {
            assert_eq!(key(name), slow(name), "{name:?}");
        }
    }

    #[test]
    fn tokens() {
        let mut toks = Vec::new();
        tokenize("l'OSDH a dit, Rami", &mut toks);
        assert_eq!(toks.len(), 7);
        assert!(toks[2].acronym && toks[2].cap);
        assert!(!toks[1].word);
        assert!(toks[6].cap && !toks[6].acronym);
    }
}
