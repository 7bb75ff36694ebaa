//! Passages: the paragraphs of a hit that best show why it matched, with
//! every inflected form of the query's words highlighted.
//!
//! A paragraph scores by the number of distinct query terms it holds, then
//! by the number of matches, then by its position (earlier is better);
//! intertitles come last. The best `max_passages` paragraphs with at least one
//! match are returned in the order of the dispatch; when none matches (the hit
//! matched on its title), the lead paragraph is returned without highlights.
//! A paragraph longer than `max_chars` characters is cut at sentence
//! boundaries around its matches, and marked with `…` where it was cut.
//! Highlight offsets are `[start, end)` in characters (Unicode scalar
//! values) of the passage text.
//!
//! Cost: linear in the text examined, which is bounded: only the first
//! [`MAX_SCANNED_BYTES`] of a dispatch's paragraphs are searched for
//! matches, so a 50 MB dispatch or a 5 MB paragraph costs no more than a
//! 1 MiB one.

use std::collections::HashSet;

use serde::Serialize;

use crate::analysis::FrenchAnalyzer;

/// One passage of a hit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Passage {
    /// Paragraph number in the dispatch, 1 for the first (intertitles count).
    pub paragraph: usize,
    /// The text shown (the paragraph, or a cut of it).
    pub text: String,
    /// Highlighted words, `[start, end)` in characters of `text`.
    pub highlights: Vec<[usize; 2]>,
}

/// Settings of passage selection.
#[derive(Debug, Clone, Copy)]
pub struct PassageOptions {
    /// At most this many passages per hit.
    pub max_passages: usize,
    /// Cut paragraphs longer than this many characters.
    pub max_chars: usize,
}

impl Default for PassageOptions {
    fn default() -> Self {
        PassageOptions {
            max_passages: 2,
            max_chars: 360,
        }
    }
}

/// Bytes of a dispatch's paragraphs searched for passages, in all.
pub const MAX_SCANNED_BYTES: usize = 1 << 20;

/// The longest prefix of `text` of at most `max` bytes that ends on a
/// character boundary.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Byte spans `[start, end)` of the words of `text` whose term is in `terms`.
pub fn matching_spans(
    analyzer: &FrenchAnalyzer,
    text: &str,
    terms: &HashSet<String>,
) -> Vec<(usize, usize, String)> {
    analyzer
        .analyze(text)
        .into_iter()
        .filter(|t| terms.contains(&t.term))
        .map(|t| (t.start, t.end, t.term))
        .collect()
}

/// Chooses and cuts the passages of a dispatch; see the module rules.
pub fn best_passages<S: AsRef<str>>(
    analyzer: &FrenchAnalyzer,
    paragraphs: &[S],
    intertitles: &HashSet<usize>,
    terms: &HashSet<String>,
    options: PassageOptions,
) -> Vec<Passage> {
    struct Scored {
        index: usize,
        distinct: usize,
        matches: usize,
        spans: Vec<(usize, usize)>,
    }
    let mut budget = MAX_SCANNED_BYTES;
    let mut scored: Vec<Scored> = paragraphs
        .iter()
        .enumerate()
        .map_while(|(index, text)| {
            let scanned = prefix(text.as_ref(), budget);
            budget -= scanned.len();
            (!scanned.is_empty()).then_some((index, scanned))
        })
        .filter_map(|(index, text)| {
            let spans = matching_spans(analyzer, text, terms);
            if spans.is_empty() {
                return None;
            }
            let distinct: HashSet<&str> = spans.iter().map(|(_, _, t)| t.as_str()).collect();
            Some(Scored {
                index,
                distinct: distinct.len(),
                matches: spans.len(),
                spans: spans.into_iter().map(|(s, e, _)| (s, e)).collect(),
            })
        })
        .collect();
    scored.sort_by(|a, b| {
        let a_title = intertitles.contains(&a.index);
        let b_title = intertitles.contains(&b.index);
        a_title
            .cmp(&b_title)
            .then(b.distinct.cmp(&a.distinct))
            .then(b.matches.min(8).cmp(&a.matches.min(8)))
            .then(a.index.cmp(&b.index))
    });
    scored.truncate(options.max_passages.max(1));
    scored.sort_by_key(|s| s.index);
    if scored.is_empty() {
        // Matched elsewhere (title): show the lead.
        let lead = (0..paragraphs.len()).find(|i| !intertitles.contains(i));
        return lead
            .map(|i| vec![cut(paragraphs[i].as_ref(), i, &[], options.max_chars)])
            .unwrap_or_default();
    }
    scored
        .iter()
        .map(|s| {
            let text = paragraphs[s.index].as_ref();
            cut(text, s.index, &s.spans, options.max_chars)
        })
        .collect()
}

/// Byte ranges of the sentences of `text`.
fn sentence_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        let end = i + c.len_utf8();
        let Some(next) = text[end..].chars().next() else {
            continue;
        };
        if !next.is_whitespace() {
            continue;
        }
        let following = text[end..].trim_start().chars().next();
        if !following.is_some_and(|f| f.is_uppercase() || matches!(f, '"' | '«' | '“' | '-')) {
            continue;
        }
        // "M. Dupont", "Mme. X": an initial or a title is not a sentence end.
        let word_start = text[..i]
            .rfind(|ch: char| !ch.is_alphanumeric())
            .map_or(0, |p| {
                p + text[p..].chars().next().map_or(1, char::len_utf8)
            });
        let word = &text[word_start..i];
        let is_abbreviation = word.chars().count() == 1 && word.chars().all(char::is_uppercase)
            || matches!(
                word,
                "M" | "Mme" | "Mlle" | "Dr" | "Pr" | "St" | "Ste" | "Mgr" | "av" | "J.-C"
            );
        if c == '.' && is_abbreviation {
            continue;
        }
        ranges.push((start, end));
        start = end;
    }
    if start < text.len() {
        ranges.push((start, text.len()));
    }
    ranges
        .into_iter()
        .map(|(s, e)| {
            let slice = &text[s..e];
            let lead = slice.len() - slice.trim_start().len();
            let trail = slice.len() - slice.trim_end().len();
            (s + lead, e - trail)
        })
        .filter(|(s, e)| s < e)
        .collect()
}

fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// Cuts `text` around `spans` to at most about `max_chars` characters and
/// converts the spans to character offsets of the result.
fn cut(text: &str, index: usize, spans: &[(usize, usize)], max_chars: usize) -> Passage {
    let (start, end) = if char_len(text) <= max_chars {
        (0, text.len())
    } else {
        window(text, spans, max_chars)
    };
    let prefix = if start > 0 { "… " } else { "" };
    let suffix = if end < text.len() { " …" } else { "" };
    let body = &text[start..end];
    let mut out = String::with_capacity(body.len() + 8);
    out.push_str(prefix);
    out.push_str(body);
    out.push_str(suffix);
    let offset = char_len(prefix);
    let highlights = spans
        .iter()
        .filter(|(s, e)| *s >= start && *e <= end)
        .map(|(s, e)| {
            let from = offset + char_len(&text[start..*s]);
            [from, from + char_len(&text[*s..*e])]
        })
        .collect();
    Passage {
        paragraph: index + 1,
        text: out,
        highlights,
    }
}

/// The byte window of `text` to show: whole sentences around the sentence
/// holding the most matches, or a word-bounded cut of one long sentence.
fn window(text: &str, spans: &[(usize, usize)], max_chars: usize) -> (usize, usize) {
    let sentences = sentence_ranges(text);
    if sentences.is_empty() {
        return (0, text.len());
    }
    // Matches per sentence, in one sweep (spans are in text order).
    let mut counts = vec![0usize; sentences.len()];
    let mut sentence = 0;
    for &(a, b) in spans {
        while sentence < sentences.len() && sentences[sentence].1 < b {
            sentence += 1;
        }
        match sentences.get(sentence) {
            Some(&(s, e)) if a >= s && b <= e => counts[sentence] += 1,
            Some(_) => {}
            None => break,
        }
    }
    let best = (0..sentences.len())
        .max_by_key(|&i| (counts[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    let (mut lo, mut hi) = (best, best);
    let len = |lo: usize, hi: usize| char_len(&text[sentences[lo].0..sentences[hi].1]);
    if len(lo, hi) > max_chars {
        return word_window(text, sentences[best], spans, max_chars);
    }
    loop {
        let mut grew = false;
        if hi + 1 < sentences.len() && len(lo, hi + 1) <= max_chars {
            hi += 1;
            grew = true;
        }
        if lo > 0 && len(lo - 1, hi) <= max_chars {
            lo -= 1;
            grew = true;
        }
        if !grew {
            break;
        }
    }
    (sentences[lo].0, sentences[hi].1)
}

/// A cut of about `max_chars` characters of one sentence, starting a little
/// before its first match, at word boundaries.
fn word_window(
    text: &str,
    sentence: (usize, usize),
    spans: &[(usize, usize)],
    max_chars: usize,
) -> (usize, usize) {
    let (s_start, s_end) = sentence;
    let first = spans
        .iter()
        .find(|(a, _)| *a >= s_start && *a < s_end)
        .map_or(s_start, |(a, _)| *a);
    // Start up to a quarter of the window before the first match.
    let before = max_chars / 4;
    let mut start = first;
    for (i, _) in text[s_start..first].char_indices().rev().take(before) {
        start = s_start + i;
    }
    if start > s_start {
        if let Some(space) = text[start..first].find(char::is_whitespace) {
            start += space;
            start += text[start..].len() - text[start..].trim_start().len();
        }
    }
    let mut end = text[start..s_end]
        .char_indices()
        .nth(max_chars)
        .map_or(s_end, |(i, _)| start + i);
    if end < s_end {
        if let Some(space) = text[start..end].rfind(char::is_whitespace) {
            if space > 0 {
                end = start + space;
            }
        }
    }
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use proptest::prelude::*;

    fn analyzer() -> FrenchAnalyzer {
        FrenchAnalyzer::new(&Config::default().analyzer)
    }

    fn terms(a: &FrenchAnalyzer, q: &str) -> HashSet<String> {
        a.terms(q).into_iter().collect()
    }

    fn highlighted(p: &Passage) -> Vec<String> {
        let chars: Vec<char> = p.text.chars().collect();
        p.highlights
            .iter()
            .map(|[s, e]| chars[*s..*e].iter().collect())
            .collect()
    }

    #[test]
    fn highlights_every_inflection_in_characters() {
        let a = analyzer();
        let paragraphs = vec![
            "Intro sans rapport.".to_string(),
            "Les bombardements ont repris ; un quartier bombardé à Deraa.".to_string(),
        ];
        let p = best_passages(
            &a,
            &paragraphs,
            &HashSet::new(),
            &terms(&a, "bombardement"),
            PassageOptions::default(),
        );
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].paragraph, 2);
        assert_eq!(highlighted(&p[0]), vec!["bombardements", "bombardé"]);
    }

    #[test]
    fn long_paragraphs_are_cut_at_sentences() {
        let a = analyzer();
        let filler =
            "Une phrase de remplissage sans intérêt particulier pour la requête. ".repeat(10);
        let text = format!("{filler}Les frappes ont visé Deraa. {filler}");
        let p = best_passages(
            &a,
            &[text],
            &HashSet::new(),
            &terms(&a, "frappes"),
            PassageOptions::default(),
        );
        assert!(p[0].text.chars().count() <= 360 + 4, "{}", p[0].text);
        assert!(p[0].text.starts_with("… "));
        assert_eq!(highlighted(&p[0]), vec!["frappes"]);
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let ranges = sentence_ranges("M. Dupont est venu. Il est reparti.");
        assert_eq!(ranges.len(), 2);
    }

    proptest! {
        #[test]
        fn highlights_are_in_range(text in "\\PC{0,600}", word in "[a-z]{1,6}") {
            let a = analyzer();
            let mut t = terms(&a, &word);
            t.extend(a.terms(&text).into_iter().take(3));
            for p in best_passages(&a, std::slice::from_ref(&text), &HashSet::new(), &t, PassageOptions { max_passages: 2, max_chars: 80 }) {
                let n = p.text.chars().count();
                for [s, e] in &p.highlights {
                    prop_assert!(s < e && *e <= n);
                }
            }
        }
    }
}
