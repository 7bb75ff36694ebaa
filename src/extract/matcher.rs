//! The pattern matcher: every folded name, alias, demonym and cue of the
//! extraction data, found in one pass over the words of a dispatch.
//!
//! Patterns are in search form (a space, then lower-case words separated
//! by blanked punctuation, see `search_text` in `mod.rs`) and are stored
//! as a trie of whole words: an edge is (node, gap, word), where the gap
//! is the exact run of search bytes before the word, in an
//! open-addressing table. A dispatch is read word by word and no
//! automaton has to be built; loading the data stays cheap.
//!
//! Most words start no pattern, and most of those that do ("de", "la",
//! "a") are not followed by a word that continues one: bitsets of the
//! hashed first words, of the first words that are whole patterns, and of
//! the hashed pairs of first two words pass over those words in a few
//! instructions each, before any probe of the table
//! ([`Matcher::starts`]).
//!
//! The result is the one of a leftmost-longest Aho-Corasick search over
//! the search text restarted at the next word after each rejected match:
//! at each word start, the longest pattern that matches there is taken;
//! when that longest pattern ends inside a word, there is no match at this
//! start (a shorter pattern is not tried).

use rustc_hash::FxHashMap;

use super::text::Token;

/// The longest pattern found at a word start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Found {
    /// No pattern starts here.
    Nothing,
    /// The longest pattern that starts here ends inside a word.
    InsideWord,
    /// Pattern `pattern` matches up to folded byte offset `end`.
    Pattern { pattern: usize, end: usize },
}

/// Patterns ending with bytes after their last word: (bytes, pattern).
type Trailing = Vec<(Box<[u8]>, u32)>;

/// No node / no pattern.
const NONE: u32 = u32::MAX;

/// The gaps of fewer blanks than this have their id in
/// [`Matcher::blank_gaps`].
const BLANK_GAPS: usize = 8;

/// One slot of the edge table.
#[derive(Debug, Clone, Copy)]
struct Edge {
    /// [`word_key`] of the word.
    key: u64,
    /// The parent node.
    node: u32,
    /// The gap id.
    gap: u32,
    /// The child node, [`NONE`] for an empty slot.
    child: u32,
}

const EMPTY: Edge = Edge {
    key: 0,
    node: 0,
    gap: 0,
    child: NONE,
};

/// A trie of whole-word patterns.
#[derive(Debug, Clone)]
pub(super) struct Matcher {
    /// Gap bytes → id; id 0 is one space.
    gaps: FxHashMap<Box<[u8]>, u32>,
    /// The gaps by id.
    gap_list: Vec<Box<[u8]>>,
    /// `blank_gaps[n]`: the id of the gap of `n` blanks, [`NONE`] when no
    /// pattern has it (what [`Matcher::gaps`] answers for such a gap, read
    /// without hashing: after a comma or a full stop the gap is blanks).
    blank_gaps: [u32; BLANK_GAPS],
    /// Open-addressing table of the edges (node, gap, word) → child, a
    /// power of two at most half full; node 0 is the root.
    edges: Vec<Edge>,
    /// 64 minus the log2 of the table size.
    shift: u32,
    /// The words of the edges leading to the nodes, end to end (to
    /// confirm a match of a long word, whose key is a hash): node `n`'s
    /// is `word_bytes[word_ends[n - 1]..word_ends[n]]` (the root's is
    /// empty).
    word_bytes: Vec<u8>,
    /// Per node: the end of its word in `word_bytes`.
    word_ends: Vec<u32>,
    /// Per node: what a walk reads there.
    nodes: Vec<Node>,
    /// Patterns that end with bytes after their last word (punctuation in
    /// a name): node → (bytes, pattern). Rare; [`Node::trailing`] tells
    /// which nodes have an entry.
    trailing: FxHashMap<u32, Trailing>,
    /// The first words of the patterns, by [`root_bit`] of their
    /// [`filter_key`] (not their key: cheaper to compute for a long word): in
    /// `[0]` all of them (a word whose bit is clear starts no pattern; a
    /// set bit may be a collision), in `[1]` those that are a whole
    /// pattern or are followed by trailing bytes in one ([`Node::trailing`]).
    /// Side by side, so that one load reads both.
    roots: Box<[[u64; 2]; BITS_WORDS]>,
    /// The first two words of the patterns, by [`pair_bit`] of their
    /// [`filter_key`]s
    /// (whatever the gap between them).
    pairs: Bits,
}

/// What a walk reads at a trie node.
#[derive(Debug, Clone, Copy)]
struct Node {
    /// Bit `n` is set when a pattern ends at a child reached by a word of
    /// `n` bytes (n < 64).
    end_lengths: u64,
    /// The pattern that ends here, [`NONE`] for none.
    end: u32,
    /// Whether [`Matcher::trailing`] has an entry for this node.
    trailing: bool,
}

const NEW_NODE: Node = Node {
    end_lengths: 0,
    end: NONE,
    trailing: false,
};

/// Log2 of the number of bits of a [`Bits`] (8 KiB; a few thousand words
/// or pairs of words set a few percent of the bits).
const BITS_LOG2: u32 = 16;
/// Number of 64-bit words of a [`Bits`].
const BITS_WORDS: usize = (1 << BITS_LOG2) / 64;

/// A set of hashed words: a fixed-size bitset, as a cheap filter.
#[derive(Debug, Clone)]
struct Bits(Box<[u64; BITS_WORDS]>);

impl Bits {
    fn new() -> Bits {
        Bits(Box::new([0; BITS_WORDS]))
    }

    /// Sets bit `bit` (< 2^[`BITS_LOG2`]).
    fn set(&mut self, bit: usize) {
        self.0[(bit / 64) % BITS_WORDS] |= 1 << (bit % 64);
    }

    /// Is bit `bit` (< 2^[`BITS_LOG2`]) set?
    #[inline(always)]
    fn get(&self, bit: usize) -> bool {
        self.0[(bit / 64) % BITS_WORDS] & (1 << (bit % 64)) != 0
    }
}

/// The bit of a first word (by its key) in [`Matcher::roots`] (`0..2^`[`BITS_LOG2`]).
#[inline(always)]
fn root_bit(key: u64) -> usize {
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - BITS_LOG2)) as usize
}

/// The bit of two first words (by their keys) in [`Matcher::pairs`].
#[inline(always)]
fn pair_bit(first: u64, second: u64) -> usize {
    ((first ^ second.rotate_left(29)).wrapping_mul(0xd6e8_feb8_6659_fd93) >> (64 - BITS_LOG2))
        as usize
}

/// The key of a word: its bytes and length when it has at most 7 bytes
/// (exact), else a hash with the top bit set.
#[inline]
fn word_key(word: &[u8]) -> u64 {
    if word.len() <= 7 {
        let mut k = (word.len() as u64) << 56;
        for (i, &b) in word.iter().enumerate() {
            k |= u64::from(b) << (8 * i);
        }
        k
    } else {
        let mut h = word.len() as u64;
        for chunk in word.chunks(8) {
            let mut v = 0u64;
            for (i, &b) in chunk.iter().enumerate() {
                v |= u64::from(b) << (8 * i);
            }
            h = (h.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
        h | 1 << 63
    }
}

/// The key of a word for the filters of [`Matcher::starts`]: its
/// first 8 bytes (at most) and its length, with one load and no loop. For
/// a word of at most 7 bytes it is its [`word_key`].
#[inline]
fn filter_key(word: &[u8]) -> u64 {
    let mut k = (word.len() as u64) << 56;
    for (i, &b) in word.iter().take(8).enumerate() {
        k ^= u64::from(b) << (8 * i);
    }
    k
}

/// [`filter_key`] of `bytes[start..end]` (`start <= end`).
#[inline(always)]
fn filter_key_at(bytes: &[u8], start: usize, end: usize) -> u64 {
    let len = end.wrapping_sub(start);
    load(bytes, start, len.min(8)) ^ (len as u64) << 56
}

/// The masks that keep the first `n` bytes of a little-endian number
/// (n <= 8).
const LOW_BYTES: [u64; 9] = {
    let mut masks = [u64::MAX; 9];
    let mut n = 0;
    while n < 8 {
        masks[n] = (1u64 << (8 * n)) - 1;
        n += 1;
    }
    masks
};

/// Bytes `start..start + n` (n <= 8, or 8 for more) of `bytes` as a
/// little-endian number, with one load and no branch when 8 bytes are
/// available.
#[inline(always)]
fn load(bytes: &[u8], start: usize, n: usize) -> u64 {
    if let Some(chunk) = bytes.get(start..start + 8) {
        let mut b = [0u8; 8];
        b.copy_from_slice(chunk);
        u64::from_le_bytes(b) & LOW_BYTES[n.min(8)]
    } else {
        load_tail(bytes, start, n)
    }
}

/// [`load`] near the end of `bytes`.
#[cold]
#[inline(never)]
fn load_tail(bytes: &[u8], start: usize, n: usize) -> u64 {
    let mut v = 0u64;
    for (i, &b) in bytes.iter().skip(start).take(n).enumerate() {
        v |= u64::from(b) << (8 * i);
    }
    v
}

/// [`word_key`] of `bytes[start..end]`, read 8 bytes at a time.
#[inline(always)]
fn word_key_at(bytes: &[u8], start: usize, end: usize) -> u64 {
    // (A wrapped length, for `end < start`, takes the hashing branch
    // and gives some key: callers have `start <= end`.)
    let len = end.wrapping_sub(start);
    if len <= 7 {
        return load(bytes, start, len) | (len as u64) << 56;
    }
    let mut h = len as u64;
    let mut k = start;
    while k < end {
        let v = load(bytes, k, end - k);
        h = (h.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95);
        k += 8;
    }
    h | 1 << 63
}

/// The hash of an edge.
#[inline]
fn edge_hash(node: u32, gap: u32, key: u64) -> u64 {
    (key ^ u64::from(node) << 40 ^ u64::from(gap) << 20).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Is `c` part of a word (the tokenizer's rule)?
fn word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The length of the run at the start of `s` whose characters are word
/// characters (`word`) or are not (`!word`): ASCII bytes are classified
/// in place, other characters decoded.
fn run_len(s: &str, word: bool) -> usize {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (is_word, len) = if b.is_ascii() {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            match s.get(i..).and_then(|r| r.chars().next()) {
                Some(c) => (word_char(c), c.len_utf8()),
                None => break,
            }
        };
        if is_word != word {
            break;
        }
        i += len;
    }
    i
}

/// A pattern split into its first word, then (gap, word) steps (into
/// `steps`, cleared first), then the bytes after the last word (returned);
/// `None` when it cannot start on a word.
fn split<'a>(pattern: &'a str, steps: &mut Vec<(&'a [u8], &'a [u8])>) -> Option<&'a [u8]> {
    steps.clear();
    let rest = pattern.strip_prefix(' ')?;
    if !rest.starts_with(word_char) {
        return None;
    }
    let mut gap: &[u8] = b" ";
    let mut s = rest;
    loop {
        let word_len = run_len(s, true);
        steps.push((gap, &s.as_bytes()[..word_len]));
        s = &s[word_len..];
        let gap_len = run_len(s, false);
        if gap_len == s.len() {
            return Some(s.as_bytes());
        }
        gap = &s.as_bytes()[..gap_len];
        s = &s[gap_len..];
    }
}

impl Matcher {
    /// Builds the trie of `patterns` (search form, each starting with one
    /// space). A pattern whose first word is not right after that space
    /// can never start on a word and is left out.
    pub(super) fn new<S: AsRef<str>>(patterns: &[S]) -> Matcher {
        // The steps of all patterns end to end, with per pattern its end
        // in `all_steps` and its trailing bytes (`None`: left out).
        let mut steps = Vec::new();
        let mut all_steps = Vec::new();
        let split_patterns: Vec<(usize, Option<&[u8]>)> = patterns
            .iter()
            .map(|p| {
                let trail = split(p.as_ref(), &mut steps);
                all_steps.extend_from_slice(&steps);
                (all_steps.len(), trail)
            })
            .collect();
        let total = all_steps.len();
        let size = (total * 2 + 2).next_power_of_two().max(16);
        let mut m = Matcher {
            gaps: FxHashMap::default(),
            gap_list: Vec::new(),
            blank_gaps: [NONE; BLANK_GAPS],
            edges: vec![EMPTY; size],
            shift: 64 - size.trailing_zeros(),
            word_bytes: Vec::new(),
            word_ends: Vec::with_capacity(total + 1),
            nodes: Vec::with_capacity(total + 1),
            trailing: FxHashMap::default(),
            roots: Box::new([[0; 2]; BITS_WORDS]),
            pairs: Bits::new(),
        };
        m.word_ends.push(0);
        m.nodes.push(NEW_NODE);
        m.gap_id(b" ");
        let mut step_start = 0;
        'patterns: for (id, &(step_end, trail)) in split_patterns.iter().enumerate() {
            let steps = &all_steps[step_start..step_end];
            step_start = step_end;
            let Some(trail) = trail else {
                continue;
            };
            let mut node = 0u32;
            let mut parent = 0u32;
            let mut last_len = 0;
            let depth = steps.len();
            let first = steps.first().map_or(0, |&(_, word)| filter_key(word));
            m.set_root(first, 0);
            if let Some(&(_, second)) = steps.get(1) {
                m.pairs.set(pair_bit(first, filter_key(second)));
            }
            for &(gap, word) in steps {
                let gap = m.gap_id(gap);
                let key = word_key(word);
                let child = match m.find(node, gap, key) {
                    Ok(child) => {
                        if m.word(child) != word {
                            // Two long words with the same hash: the later
                            // pattern is left out.
                            continue 'patterns;
                        }
                        child
                    }
                    Err(slot) => {
                        let child = m.nodes.len() as u32;
                        m.edges[slot] = Edge {
                            key,
                            node,
                            gap,
                            child,
                        };
                        m.nodes.push(NEW_NODE);
                        m.word_bytes.extend_from_slice(word);
                        m.word_ends.push(m.word_bytes.len() as u32);
                        child
                    }
                };
                parent = node;
                node = child;
                last_len = word.len();
            }
            if depth == 1 {
                m.set_root(first, 1);
            }
            if trail.is_empty() {
                if m.nodes[node as usize].end == NONE {
                    m.nodes[node as usize].end = id as u32;
                }
                if last_len < 64 {
                    m.nodes[parent as usize].end_lengths |= 1 << last_len;
                }
            } else {
                m.nodes[node as usize].trailing = true;
                m.trailing
                    .entry(node)
                    .or_default()
                    .push((Box::from(trail), id as u32));
            }
        }
        for (n, slot) in m.blank_gaps.iter_mut().enumerate() {
            *slot = m
                .gaps
                .get(&[b' '; BLANK_GAPS][..n])
                .copied()
                .unwrap_or(NONE);
        }
        m
    }

    /// The word of the edge leading to `node`.
    #[inline(always)]
    fn word(&self, node: u32) -> &[u8] {
        let n = node as usize;
        let start = n
            .checked_sub(1)
            .and_then(|p| self.word_ends.get(p))
            .map_or(0, |&e| e as usize);
        let end = self.word_ends.get(n).map_or(start, |&e| e as usize);
        self.word_bytes.get(start..end).unwrap_or(&[])
    }

    /// Sets the bit of the first word of key `key` in `roots[..][which]`.
    fn set_root(&mut self, key: u64, which: usize) {
        let bit = root_bit(key);
        self.roots[(bit / 64) % BITS_WORDS][which % 2] |= 1 << (bit % 64);
    }

    fn gap_id(&mut self, gap: &[u8]) -> u32 {
        if let Some(&id) = self.gaps.get(gap) {
            return id;
        }
        let id = self.gap_list.len() as u32;
        self.gaps.insert(Box::from(gap), id);
        self.gap_list.push(Box::from(gap));
        id
    }

    /// The child of an edge (`Ok`), or the empty slot where it would go.
    #[inline(always)]
    fn find(&self, node: u32, gap: u32, key: u64) -> Result<u32, usize> {
        let mask = self.edges.len() - 1;
        // The top bits of the product mix all the bits of the key.
        let mut slot = (edge_hash(node, gap, key) >> self.shift) as usize & mask;
        loop {
            let e = &self.edges[slot];
            if e.child == NONE {
                return Err(slot);
            }
            if e.key == key && e.node == node && e.gap == gap {
                return Ok(e.child);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Number of trie nodes.
    #[cfg(test)]
    pub(super) fn nodes_len(&self) -> usize {
        self.nodes.len()
    }

    /// The child of `node` by `gap` and the word `bytes[start..end]` of
    /// key `key` ([`word_key_at`] of it).
    #[inline(always)]
    fn child_by_key(
        &self,
        node: u32,
        gap: u32,
        key: u64,
        bytes: &[u8],
        start: usize,
        end: usize,
    ) -> Option<u32> {
        let child = self.find(node, gap, key).ok()?;
        (key >> 63 == 0 || self.word(child) == bytes.get(start..end)?).then_some(child)
    }

    /// The child of `node` by `gap` and the word `bytes[start..end]`.
    #[inline(always)]
    fn child(&self, node: u32, gap: u32, bytes: &[u8], start: usize, end: usize) -> Option<u32> {
        self.child_by_key(node, gap, word_key_at(bytes, start, end), bytes, start, end)
    }

    /// Is there a pattern ending at `node` + `gap` + a proper prefix of
    /// `word`, cut at a character boundary? (`lengths` is the node's
    /// [`Node::end_lengths`], not 0; `word`, the bytes of a word token in
    /// the search text, is UTF-8.) Only the prefix lengths whose bit is set
    /// in `lengths` are tried, read off its bits.
    #[cold]
    #[inline(never)]
    fn ends_inside(&self, node: u32, gap: u32, lengths: u64, word: &[u8]) -> bool {
        debug_assert!(std::str::from_utf8(word).is_ok());
        // Lengths 1 to `word.len() - 1` (and below 64).
        let shorter = match word.len() {
            0 => 0,
            n if n >= 64 => u64::MAX,
            n => (1u64 << n) - 1,
        };
        let mut bits = lengths & shorter & !1;
        while bits != 0 {
            let k = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            // (In UTF-8, a character starts at any byte but a continuation
            // byte, 0b10xx_xxxx.)
            let boundary = word.get(k).is_some_and(|&b| b & 0xC0 != 0x80);
            if boundary
                && self
                    .child(node, gap, word, 0, k)
                    .is_some_and(|child| self.nodes[child as usize].end != NONE)
            {
                return true;
            }
        }
        false
    }

    /// The longest pattern that ends at `node` + the bytes after it
    /// (`after`, search text), given the pattern ending on its last word.
    #[cold]
    #[inline(never)]
    fn trailing_at(
        &self,
        node: u32,
        after: &[u8],
        end: usize,
        longest: Option<(u32, usize)>,
    ) -> Option<(u32, usize)> {
        let Some(list) = self.trailing.get(&node) else {
            return longest;
        };
        match list
            .iter()
            .filter(|(trail, _)| after.starts_with(trail))
            .max_by_key(|(trail, _)| trail.len())
        {
            Some((trail, pattern)) => Some((*pattern, end + trail.len())),
            None => longest,
        }
    }

    /// The gap id of the search bytes between token `a` and the word
    /// token `b`.
    #[inline(always)]
    fn gap_between(&self, search: &[u8], a: &Token, b: &Token) -> Option<u32> {
        let (from, to) = (a.end as usize + 1, b.start as usize + 1);
        if to == from + 1 && search.get(from) == Some(&b' ') {
            return Some(0);
        }
        self.other_gap(search.get(from..to)?)
    }

    /// The id of a gap other than one space (rare: most patterns have
    /// single spaces between their words, so the few gaps are compared in
    /// place rather than hashed).
    #[cold]
    #[inline(never)]
    fn other_gap(&self, gap: &[u8]) -> Option<u32> {
        if gap.len() < BLANK_GAPS && gap.iter().all(|&b| b == b' ') {
            let id = self.blank_gaps[gap.len()];
            return (id != NONE).then_some(id);
        }
        if self.gap_list.len() <= 8 {
            return self
                .gap_list
                .iter()
                .position(|g| **g == *gap)
                .map(|id| id as u32);
        }
        self.gaps.get(gap).copied()
    }

    /// Every word token where a pattern may start, in order, pushed onto
    /// `out` (cleared first).
    /// [`Matcher::longest_at`] gives [`Found::Nothing`] at the word tokens
    /// left out: those not preceded by a blank search byte, those whose
    /// word starts no pattern ([`Matcher::roots`]), and those whose word is
    /// not a whole pattern and is not followed by a word that continues
    /// one ([`Matcher::roots`], [`Matcher::pairs`]): most words, "de", "la"
    /// or "a" included, are passed over in a few instructions each. One
    /// pass: the filter key of each word is computed once, and serves for
    /// the pair test of the word before it. `lower` and `search` are as for
    /// [`Matcher::longest_at`].
    ///
    /// Not inlined: in the extractor's body the loop ran short of
    /// registers and reloaded its slices from the stack at every word
    /// (callgrind: 1.4 M instructions more over 2640 dispatches).
    #[inline(never)]
    pub(super) fn starts(&self, lower: &[u8], search: &[u8], tokens: &[Token], out: &mut Vec<u32>) {
        out.clear();
        let filter_of = |t: &Token| filter_key_at(lower, t.start as usize, t.end as usize);
        // The filter bits of a filter key: (may start a pattern, is a
        // whole pattern or is followed by trailing bytes in one).
        let roots = &*self.roots;
        let root = |filter: u64| {
            let bit = root_bit(filter);
            let [root, ends] = roots[(bit / 64) % BITS_WORDS];
            let mask = 1u64 << (bit % 64);
            (root & mask != 0, ends & mask != 0)
        };
        let blank = |t: &Token| search.get(t.start as usize) == Some(&b' ');
        // The next token to read.
        let mut k = 0;
        'words: loop {
            // Most words are passed over by this loop alone.
            let (mut i, mut filter, mut whole) = loop {
                let Some(t) = tokens.get(k) else {
                    break 'words;
                };
                k += 1;
                if !t.word {
                    continue;
                }
                let filter = filter_of(t);
                let (starts, whole) = root(filter);
                if starts && blank(t) {
                    break (k - 1, filter, whole);
                }
            };
            // Word `i` may start a pattern; `k` is `i + 1`.
            loop {
                if whole {
                    out.push(i as u32);
                    continue 'words;
                }
                // A match needs the next word to continue a pattern.
                let Some(j) = tokens.get(k..).and_then(|r| r.iter().position(|t| t.word)) else {
                    break 'words;
                };
                let j = k + j;
                let next = &tokens[j];
                let second = filter_of(next);
                if self.pairs.get(pair_bit(filter, second)) {
                    out.push(i as u32);
                }
                // The next word, whose filter key is known.
                k = j + 1;
                let (starts, next_whole) = root(second);
                if !(starts && blank(next)) {
                    continue 'words;
                }
                (i, filter, whole) = (j, second, next_whole);
            }
        }
    }

    /// The key of the word of token `t` ([`word_key_at`] of it), for
    /// [`Matcher::longest_at`].
    #[inline(always)]
    pub(super) fn key_of(lower: &[u8], t: &Token) -> u64 {
        word_key_at(lower, t.start as usize, t.end as usize)
    }

    /// The longest pattern starting at word token `i`, whose key is `key`
    /// ([`Matcher::starts`]). `lower` holds the words of the folded
    /// text with ASCII letters lower-cased, at their folded offsets (only
    /// word tokens are read in it), `search` its search form (one leading
    /// space, so folded offset `k` is search offset `k + 1`).
    #[inline(always)]
    pub(super) fn longest_at(
        &self,
        lower: &[u8],
        search: &[u8],
        tokens: &[Token],
        i: usize,
        key: u64,
    ) -> Found {
        let Some(first) = tokens.get(i) else {
            return Found::Nothing;
        };
        // The byte before the word must be blank in the search text.
        if !first.word || search.get(first.start as usize) != Some(&b' ') {
            return Found::Nothing;
        }
        let Some(mut node) =
            self.child_by_key(0, 0, key, lower, first.start as usize, first.end as usize)
        else {
            return Found::Nothing;
        };
        let n = self.nodes[node as usize];
        if !n.trailing && (n.end == NONE || n.end_lengths == 0) {
            // Most walks stop at the second word ("de la", "selon
            // l'OSDH"): that step is taken in place. No pattern ending
            // inside the second word has to be looked for (none when
            // `end_lengths` is 0, and none beats nothing).
            let best = (n.end != NONE).then_some((n.end, first.end as usize));
            let stop = match best {
                Some((pattern, end)) => Found::Pattern {
                    pattern: pattern as usize,
                    end,
                },
                None => Found::Nothing,
            };
            let Some(k) = (i + 1..tokens.len()).find(|&k| tokens[k].word) else {
                return stop;
            };
            let next = &tokens[k];
            let Some(gap) = self.gap_between(search, first, next) else {
                return stop;
            };
            let Some(child) = self.child(node, gap, lower, next.start as usize, next.end as usize)
            else {
                return stop;
            };
            node = child;
            return self.longest_from(lower, search, tokens, k, node, best);
        }
        self.longest_from(lower, search, tokens, i, node, None)
    }

    /// [`Matcher::longest_at`] once the words up to token `i` led to
    /// `node`, `best` being the longest pattern (pattern, end) that ended
    /// before.
    #[inline(never)]
    fn longest_from(
        &self,
        lower: &[u8],
        search: &[u8],
        tokens: &[Token],
        i: usize,
        mut node: u32,
        mut best: Option<(u32, usize)>,
    ) -> Found {
        let mut t = tokens[i];
        let mut j = i;
        let mut inside = false;
        loop {
            // `node` is reached by the words up to token `j` (`t`).
            let n = self.nodes[node as usize];
            let end = t.end as usize;
            let mut longest = (n.end != NONE).then_some((n.end, end));
            if n.trailing {
                let after = search.get(end + 1..).unwrap_or(&[]);
                longest = self.trailing_at(node, after, end, longest);
            }
            if longest.is_some() {
                best = longest;
                inside = false;
            }
            // The next word, after the gap.
            let Some(k) = (j + 1..tokens.len()).find(|&k| tokens[k].word) else {
                break;
            };
            let next = tokens[k];
            let Some(gap) = self.gap_between(search, &t, &next) else {
                break;
            };
            let (start, stop) = (next.start as usize, next.end as usize);
            // A longer pattern ending inside this word beats the best.
            if best.is_some() && n.end_lengths != 0 {
                let word = lower.get(start..stop).unwrap_or(&[]);
                if self.ends_inside(node, gap, n.end_lengths, word) {
                    inside = true;
                }
            }
            let Some(child) = self.child(node, gap, lower, start, stop) else {
                break;
            };
            node = child;
            j = k;
            t = next;
        }
        match best {
            _ if inside => Found::InsideWord,
            Some((pattern, end)) => Found::Pattern {
                pattern: pattern as usize,
                end,
            },
            None => Found::Nothing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::text::{tokenize, Folded};
    use proptest::prelude::*;

    /// Patterns of every shape: one word, several words, a gap other than
    /// one space, trailing bytes, long (hashed) words, words sharing first
    /// words.
    fn patterns() -> Vec<String> {
        [
            " selon",
            " a declare",
            " a dit",
            " de source",
            " de source proche",
            " la haye",
            " le caire",
            " d apres",
            " u s ",
            " etat islamique",
            " organisation des nations unies",
            " observatoire syrien des droits de l homme",
            " deraa",
            " a",
            " saint   martin",
            " kharkiv",
            " al assad",
        ]
        .iter()
        .map(|p| p.to_string())
        .collect()
    }

    /// The folded text, its search form and its tokens.
    fn prepare(text: &str) -> (String, String, Vec<Token>) {
        let mut folded = Folded::default();
        folded.push_paragraph(text);
        folded.finish();
        let mut search = String::new();
        crate::extract::search_text(&folded.text, &mut search);
        let mut tokens = Vec::new();
        tokenize(&folded.text, &mut tokens);
        (folded.text, search, tokens)
    }

    /// The filters as first written, one start at a time: the first word
    /// token at or after token `from` where a pattern may start, with the
    /// key of its word (the oracle of [`Matcher::starts`]).
    fn next_start(
        m: &Matcher,
        lower: &[u8],
        search: &[u8],
        tokens: &[Token],
        from: usize,
    ) -> Option<(usize, u64)> {
        let rest = tokens.get(from..)?;
        for (n, t) in rest.iter().enumerate() {
            if !t.word {
                continue;
            }
            let (start, end) = (t.start as usize, t.end as usize);
            let filter = filter_key_at(lower, start, end);
            let bit = root_bit(filter);
            let [root, ends] = m.roots[(bit / 64) % BITS_WORDS];
            let mask = 1u64 << (bit % 64);
            if root & mask == 0 || search.get(t.start as usize) != Some(&b' ') {
                continue;
            }
            if ends & mask == 0 {
                let Some(next) = rest.get(n + 1..).and_then(|r| r.iter().find(|t| t.word)) else {
                    continue;
                };
                let second = filter_key_at(lower, next.start as usize, next.end as usize);
                if !m.pairs.get(pair_bit(filter, second)) {
                    continue;
                }
            }
            let key = if end.wrapping_sub(start) <= 7 {
                filter
            } else {
                word_key_at(lower, start, end)
            };
            return Some((from + n, key));
        }
        None
    }

    /// The starts of [`Matcher::starts`], with their keys.
    fn starts_of(m: &Matcher, lower: &[u8], search: &[u8], tokens: &[Token]) -> Vec<(usize, u64)> {
        let mut out = Vec::new();
        m.starts(lower, search, tokens, &mut out);
        out.into_iter()
            .map(|i| (i as usize, Matcher::key_of(lower, &tokens[i as usize])))
            .collect()
    }

    /// Every word token where [`Matcher::longest_at`] finds something is
    /// one of [`Matcher::starts`], and the starts are those of the oracle.
    fn check_filter(m: &Matcher, text: &str) {
        let (_, search, tokens) = prepare(text);
        let search = search.as_bytes();
        let lower = search.get(1..).unwrap_or(&[]);
        let mut expected = Vec::new();
        let mut from = 0;
        while let Some((i, key)) = next_start(m, lower, search, &tokens, from) {
            let t = tokens[i];
            assert_eq!(key, word_key_at(lower, t.start as usize, t.end as usize));
            expected.push((i, key));
            from = i + 1;
        }
        let found = starts_of(m, lower, search, &tokens);
        assert_eq!(found, expected, "{text:?}");
        let starts: Vec<usize> = found.iter().map(|s| s.0).collect();
        for (i, t) in tokens.iter().enumerate() {
            let key = word_key_at(lower, t.start as usize, t.end as usize);
            let found = m.longest_at(lower, search, &tokens, i, key);
            if found != Found::Nothing {
                assert!(
                    starts.contains(&i),
                    "{text:?}: token {i} ({found:?}) passed over"
                );
            }
        }
    }

    #[test]
    fn the_filters_pass_over_no_match() {
        let m = Matcher::new(&patterns());
        for text in [
            "Selon l'OSDH, Deraa a déclaré que la Haye et Le Caire",
            "de source proche de l'Etat islamique, d'après U.S. forces",
            "l'Observatoire syrien des droits de l'Homme a dit à Kharkiv",
            "Bachar al-Assad a, selon, a a a de de source",
            "Saint - Martin, Saint   Martin; organisation des Nations unies.",
            "",
            "a",
        ] {
            check_filter(&m, text);
        }
    }

    #[test]
    fn the_filters_know_every_first_word() {
        let pats = patterns();
        let m = Matcher::new(&pats);
        for p in &pats {
            let (_, search, tokens) = prepare(p.trim());
            let search = search.as_bytes();
            let lower = &search[1..];
            let starts = starts_of(&m, lower, search, &tokens);
            assert_eq!(starts.first().map(|s| s.0), Some(0), "{p:?}");
        }
    }

    #[test]
    fn the_filters_pass_over_most_common_words() {
        let m = Matcher::new(&patterns());
        let (_, search, tokens) = prepare("le chef de la police et les habitants de cette ville");
        let search = search.as_bytes();
        assert_eq!(starts_of(&m, &search[1..], search, &tokens), vec![]);
    }

    proptest! {
        #[test]
        fn the_filters_pass_over_no_match_in_any_text(
            text in "(selon|a|dit|declare|de|source|proche|la|Haye|le|Caire|d'|apres|U\\.S\\.|etat|islamique|organisation|des|nations|unies|Deraa|al-Assad|saint|martin|Kharkiv|[a-z]{1,9}|, |\\. |-| |  |')*"
        ) {
            check_filter(&Matcher::new(&patterns()), &text);
        }
    }
}
