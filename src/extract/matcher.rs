//! The pattern matcher: every folded name, alias, demonym and cue of the
//! extraction data, found in one pass over the words of a dispatch.
//!
//! Patterns are in search form (a space, then lower-case words separated
//! by blanked punctuation, see `search_text` in `mod.rs`) and are stored
//! as a trie of whole words: an edge is (node, gap, word), where the gap
//! is the exact run of search bytes before the word. A dispatch is read
//! word by word, one probe of an open-addressing table per word, and no
//! automaton has to be built; loading the data stays cheap.
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

/// A pattern as (gap, word) steps (the first gap is one space), and the
/// bytes after its last word.
type Steps<'a> = (Vec<(&'a [u8], &'a [u8])>, &'a [u8]);

/// No node / no pattern.
const NONE: u32 = u32::MAX;

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
    /// Open-addressing table of the edges (node, gap, word) → child, a
    /// power of two at most half full; node 0 is the root.
    edges: Vec<Edge>,
    /// 64 minus the log2 of the table size.
    shift: u32,
    /// Per node: the word of the edge leading to it (to confirm a match
    /// of a long word, whose key is a hash).
    words: Vec<Box<[u8]>>,
    /// Per node: the pattern that ends there, [`NONE`] for none.
    end: Vec<u32>,
    /// Patterns that end with bytes after their last word (punctuation in
    /// a name): node → (bytes, pattern). Rare.
    trailing: FxHashMap<u32, Trailing>,
    /// Per node: bit `n` is set when a pattern ends at a child reached by
    /// a word of `n` bytes (n < 64).
    end_lengths: Vec<u64>,
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

/// Bytes `start..start + n` (n <= 8) of `bytes` as a little-endian
/// number, with one load when 8 bytes are available.
#[inline(always)]
fn load(bytes: &[u8], start: usize, n: usize) -> u64 {
    if let Some(chunk) = bytes.get(start..start + 8) {
        let mut b = [0u8; 8];
        b.copy_from_slice(chunk);
        let v = u64::from_le_bytes(b);
        if n >= 8 {
            v
        } else {
            v & ((1u64 << (8 * n)) - 1)
        }
    } else {
        let mut v = 0u64;
        for (i, &b) in bytes.iter().skip(start).take(n).enumerate() {
            v |= u64::from(b) << (8 * i);
        }
        v
    }
}

/// [`word_key`] of `bytes[start..end]`, read 8 bytes at a time.
#[inline(always)]
fn word_key_at(bytes: &[u8], start: usize, end: usize) -> u64 {
    let len = end.saturating_sub(start);
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

/// A pattern split into its first word, then (gap, word) steps, then the
/// bytes after the last word; `None` when it cannot start on a word.
fn split(pattern: &str) -> Option<Steps<'_>> {
    let rest = pattern.strip_prefix(' ')?;
    if !rest.starts_with(word_char) {
        return None;
    }
    let mut steps = Vec::new();
    let mut gap: &[u8] = b" ";
    let mut s = rest;
    loop {
        let word_len = s.find(|c: char| !word_char(c)).unwrap_or(s.len());
        steps.push((gap, &s.as_bytes()[..word_len]));
        s = &s[word_len..];
        let gap_len = s.find(word_char).unwrap_or(s.len());
        if gap_len == s.len() {
            return Some((steps, s.as_bytes()));
        }
        gap = &s.as_bytes()[..gap_len];
        s = &s[gap_len..];
    }
}

impl Matcher {
    /// Builds the trie of `patterns` (search form, each starting with one
    /// space). A pattern whose first word is not right after that space
    /// can never start on a word and is left out.
    pub(super) fn new(patterns: &[String]) -> Matcher {
        let split: Vec<_> = patterns.iter().map(|p| split(p)).collect();
        let steps: usize = split.iter().flatten().map(|(s, _)| s.len()).sum();
        let size = (steps * 2 + 2).next_power_of_two().max(16);
        let mut m = Matcher {
            gaps: FxHashMap::default(),
            edges: vec![EMPTY; size],
            shift: 64 - size.trailing_zeros(),
            words: vec![Box::from(&b""[..])],
            end: vec![NONE],
            trailing: FxHashMap::default(),
            end_lengths: vec![0],
        };
        m.gaps.insert(Box::from(&b" "[..]), 0);
        'patterns: for (id, (steps, trail)) in split
            .into_iter()
            .enumerate()
            .filter_map(|(id, s)| Some((id, s?)))
        {
            let mut node = 0u32;
            let mut parent = 0u32;
            let mut last_len = 0;
            for (gap, word) in steps {
                let gap = m.gap_id(gap);
                let key = word_key(word);
                let child = match m.find(node, gap, key) {
                    Ok(child) => {
                        if *m.words[child as usize] != *word {
                            // Two long words with the same hash: the later
                            // pattern is left out.
                            continue 'patterns;
                        }
                        child
                    }
                    Err(slot) => {
                        let child = m.end.len() as u32;
                        m.edges[slot] = Edge {
                            key,
                            node,
                            gap,
                            child,
                        };
                        m.end.push(NONE);
                        m.words.push(Box::from(word));
                        m.end_lengths.push(0);
                        child
                    }
                };
                parent = node;
                node = child;
                last_len = word.len();
            }
            if trail.is_empty() {
                if m.end[node as usize] == NONE {
                    m.end[node as usize] = id as u32;
                }
                if last_len < 64 {
                    m.end_lengths[parent as usize] |= 1 << last_len;
                }
            } else {
                m.trailing
                    .entry(node)
                    .or_default()
                    .push((Box::from(trail), id as u32));
            }
        }
        m
    }

    fn gap_id(&mut self, gap: &[u8]) -> u32 {
        let n = self.gaps.len() as u32;
        *self.gaps.entry(Box::from(gap)).or_insert(n)
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
        self.end.len()
    }

    /// The child of `node` by `gap` and the word `bytes[start..end]`.
    #[inline(always)]
    fn child(&self, node: u32, gap: u32, bytes: &[u8], start: usize, end: usize) -> Option<u32> {
        let key = word_key_at(bytes, start, end);
        let child = self.find(node, gap, key).ok()?;
        (key >> 63 == 0 || self.words[child as usize].as_ref() == bytes.get(start..end)?)
            .then_some(child)
    }

    /// Is there a pattern ending at `node` + `gap` + a proper prefix of
    /// `word`?
    fn ends_inside(&self, node: u32, gap: u32, word: &[u8]) -> bool {
        let lengths = self.end_lengths.get(node as usize).copied().unwrap_or(0);
        if lengths == 0 {
            return false;
        }
        let Ok(word) = std::str::from_utf8(word) else {
            return false;
        };
        word.char_indices().skip(1).any(|(k, _)| {
            k < 64
                && lengths & (1 << k) != 0
                && self
                    .child(node, gap, word.as_bytes(), 0, k)
                    .is_some_and(|child| self.end[child as usize] != NONE)
        })
    }

    /// The gap id of the search bytes between token `a` and the word
    /// token `b`.
    #[inline]
    fn gap_between(&self, search: &[u8], a: &Token, b: &Token) -> Option<u32> {
        let (from, to) = (a.end as usize + 1, b.start as usize + 1);
        if to == from + 1 && search.get(from) == Some(&b' ') {
            return Some(0);
        }
        self.gaps.get(search.get(from..to)?).copied()
    }

    /// The longest pattern starting at word token `i`. `lower` holds the
    /// words of the folded text with ASCII letters lower-cased, at their
    /// folded offsets (only word tokens are read in it), `search` its search form
    /// (one leading space, so folded offset `k` is search offset `k + 1`).
    #[inline]
    pub(super) fn longest_at(
        &self,
        lower: &[u8],
        search: &[u8],
        tokens: &[Token],
        i: usize,
    ) -> Found {
        let Some(first) = tokens.get(i) else {
            return Found::Nothing;
        };
        // The byte before the word must be blank in the search text.
        if search.get(first.start as usize) != Some(&b' ') {
            return Found::Nothing;
        }
        // Most words start no pattern: one probe, kept apart from the walk.
        match self.child(0, 0, lower, first.start as usize, first.end as usize) {
            None => Found::Nothing,
            Some(node) => self.longest_from(lower, search, tokens, i, node),
        }
    }

    /// [`Matcher::longest_at`] once the first word (token `i`) led to
    /// `node`.
    #[inline(never)]
    fn longest_from(
        &self,
        lower: &[u8],
        search: &[u8],
        tokens: &[Token],
        i: usize,
        mut node: u32,
    ) -> Found {
        let mut gap = 0u32;
        let mut j = i;
        let mut best: Option<(usize, usize)> = None;
        let mut inside = false;
        loop {
            let t = &tokens[j];
            let (start, end) = (t.start as usize, t.end as usize);
            if j > i {
                // A longer pattern ending inside this word beats the best.
                let word = lower.get(start..end).unwrap_or(&[]);
                if best.is_some() && self.ends_inside(node, gap, word) {
                    inside = true;
                }
                let Some(child) = self.child(node, gap, lower, start, end) else {
                    break;
                };
                node = child;
            }
            let mut longest = match self.end[node as usize] {
                NONE => None,
                pattern => Some((pattern as usize, end)),
            };
            if let Some(list) = self.trailing.get(&node) {
                let after = search.get(end + 1..).unwrap_or(&[]);
                if let Some((trail, pattern)) = list
                    .iter()
                    .filter(|(trail, _)| after.starts_with(trail))
                    .max_by_key(|(trail, _)| trail.len())
                {
                    longest = Some((*pattern as usize, end + trail.len()));
                }
            }
            if longest.is_some() {
                best = longest;
                inside = false;
            }
            let Some(k) = (j + 1..tokens.len()).find(|&k| tokens[k].word) else {
                break;
            };
            let Some(g) = self.gap_between(search, t, &tokens[k]) else {
                break;
            };
            gap = g;
            j = k;
        }
        match best {
            _ if inside => Found::InsideWord,
            Some((pattern, end)) => Found::Pattern { pattern, end },
            None => Found::Nothing,
        }
    }
}
