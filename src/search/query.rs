//! The query language of `depeche query`.
//!
//! ```text
//! query   := item (item | "OR" item)*
//! item    := ["-"] [field ":"] (word | '"' phrase '"')
//! field   := title | body | region | source | date
//! ```
//! Items are separated by white space; a lone `-` is punctuation and
//! ignored. Every item is required, except that
//! `a OR b` makes one requirement of its neighbours. `-item` excludes. A
//! `"phrase"` matches its words in order (stop words keep their gaps).
//! `title:` and `body:` restrict a word to one field; `region:`, `source:`
//! and `date:` filter like `--region`, `--source` and `--from/--to` of one
//! period. Errors name the problem and its column (1-based, in characters).

use std::fmt;

/// Fields a query item can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryField {
    /// The title header.
    Title,
    /// The paragraphs.
    Body,
    /// A region facet (any alias, a country or a province).
    Region,
    /// A source facet (any alias).
    Source,
    /// A period `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    Date,
}

impl QueryField {
    fn parse(name: &str) -> Option<QueryField> {
        match name {
            "title" => Some(QueryField::Title),
            "body" => Some(QueryField::Body),
            "region" => Some(QueryField::Region),
            "source" => Some(QueryField::Source),
            "date" => Some(QueryField::Date),
            _ => None,
        }
    }
}

/// One item of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The field named, if any.
    pub field: Option<QueryField>,
    /// The word or phrase, without quotes.
    pub text: String,
    /// Written between quotes.
    pub phrase: bool,
    /// Column (1-based, characters) where the item starts.
    pub column: usize,
}

/// A parsed query: requirements (each a list of alternatives) and exclusions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParsedQuery {
    /// Each group must match; its items are alternatives (`OR`).
    pub groups: Vec<Vec<Item>>,
    /// Items that must not match.
    pub excluded: Vec<Item>,
}

/// A malformed query.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct QueryError {
    /// Column (1-based, characters) of the problem.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "malformed query at column {}: {}",
            self.column, self.message
        )
    }
}

enum Token {
    Or { column: usize },
    Item { item: Item, negated: bool },
}

fn err(column: usize, message: impl Into<String>) -> QueryError {
    QueryError {
        column,
        message: message.into(),
    }
}

fn tokenize(query: &str) -> Result<Vec<Token>, QueryError> {
    let chars: Vec<char> = query.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let negated = chars[i] == '-';
        if negated {
            i += 1;
            if i >= chars.len() || chars[i].is_whitespace() {
                // A lone dash is punctuation ("Syrie - Deraa"), not an exclusion.
                continue;
            }
        }
        // Optional `field:` prefix.
        let mut field = None;
        let word_start = i;
        let mut j = i;
        while j < chars.len() && chars[j].is_ascii_alphabetic() {
            j += 1;
        }
        if j > word_start && j < chars.len() && chars[j] == ':' {
            let name: String = chars[word_start..j].iter().collect();
            match QueryField::parse(&name) {
                Some(f) => {
                    field = Some(f);
                    i = j + 1;
                    if i >= chars.len() || chars[i].is_whitespace() {
                        return Err(err(
                            j + 1,
                            format!("`{name}:` needs a value right after the colon"),
                        ));
                    }
                }
                None => {
                    // A word with a colon in it ("10:30") is a word, but a
                    // lower-case name followed by a value is a field typo.
                    if name.chars().all(|c| c.is_ascii_lowercase())
                        && chars.get(j + 1).is_some_and(|c| !c.is_whitespace())
                    {
                        return Err(err(
                            word_start + 1,
                            format!("unknown field `{name}:` (fields: title, body, region, source, date)"),
                        ));
                    }
                }
            }
        }
        let (text, phrase) = if i < chars.len() && matches!(chars[i], '"' | '«' | '“') {
            let open = i;
            let close_char = match chars[i] {
                '«' => '»',
                '“' => '”',
                _ => '"',
            };
            i += 1;
            let content_start = i;
            while i < chars.len() && chars[i] != close_char {
                i += 1;
            }
            if i >= chars.len() {
                return Err(err(
                    open + 1,
                    format!("the quote opened here is never closed (missing `{close_char}`)"),
                ));
            }
            let text: String = chars[content_start..i].iter().collect();
            i += 1;
            if text.trim().is_empty() {
                return Err(err(open + 1, "empty phrase \"\""));
            }
            (text, true)
        } else {
            let content_start = i;
            while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '"' {
                i += 1;
            }
            let text: String = chars[content_start..i].iter().collect();
            (text, false)
        };
        if !negated && field.is_none() && !phrase && text == "OR" {
            tokens.push(Token::Or { column: start + 1 });
            continue;
        }
        tokens.push(Token::Item {
            item: Item {
                field,
                text,
                phrase,
                column: start + 1,
            },
            negated,
        });
    }
    Ok(tokens)
}

/// Parses a query; see the module grammar.
pub fn parse_query(query: &str) -> Result<ParsedQuery, QueryError> {
    let tokens = tokenize(query)?;
    let mut parsed = ParsedQuery::default();
    let mut pending_or: Option<usize> = None;
    let mut last_was_positive = false;
    for token in tokens {
        match token {
            Token::Or { column } => {
                if !last_was_positive {
                    return Err(err(column, "`OR` needs a word or phrase before it"));
                }
                if pending_or.is_some() {
                    return Err(err(column, "two `OR` in a row"));
                }
                pending_or = Some(column);
            }
            Token::Item {
                item,
                negated: true,
            } => {
                if let Some(column) = pending_or {
                    return Err(err(column, "`OR` cannot join an excluded item (`-…`)"));
                }
                parsed.excluded.push(item);
                last_was_positive = false;
            }
            Token::Item {
                item,
                negated: false,
            } => {
                match (pending_or.take(), parsed.groups.last_mut()) {
                    (Some(_), Some(group)) => group.push(item),
                    _ => parsed.groups.push(vec![item]),
                }
                last_was_positive = true;
            }
        }
    }
    if let Some(column) = pending_or {
        return Err(err(column, "`OR` needs a word or phrase after it"));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn texts(q: &ParsedQuery) -> Vec<Vec<&str>> {
        q.groups
            .iter()
            .map(|g| g.iter().map(|i| i.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn words_phrases_or_and_exclusions() {
        let q = parse_query(r#"frappes "province de Deraa" Alep OR Idleb -Damas"#).unwrap();
        assert_eq!(
            texts(&q),
            vec![
                vec!["frappes"],
                vec!["province de Deraa"],
                vec!["Alep", "Idleb"]
            ]
        );
        assert!(q.groups[1][0].phrase);
        assert_eq!(q.excluded[0].text, "Damas");
    }

    #[test]
    fn fields() {
        let q = parse_query("source:OSDH region:\"Deir Ezzor\" title:offensive 10:30").unwrap();
        assert_eq!(q.groups[0][0].field, Some(QueryField::Source));
        assert_eq!(q.groups[1][0].text, "Deir Ezzor");
        assert_eq!(q.groups[2][0].field, Some(QueryField::Title));
        assert_eq!(q.groups[3][0].field, None);
    }

    #[test]
    fn errors_name_the_column() {
        let e = parse_query("frappes \"province de").unwrap_err();
        assert_eq!(e.column, 9);
        assert!(e.to_string().contains("never closed"));
        assert_eq!(parse_query("OR frappes").unwrap_err().column, 1);
        assert_eq!(parse_query("frappes OR").unwrap_err().column, 9);
        assert_eq!(parse_query("a OR OR b").unwrap_err().column, 6);
        // A lone dash is punctuation, as in headlines.
        assert_eq!(
            texts(&parse_query("Syrie - Deraa").unwrap()),
            vec![vec!["Syrie"], vec!["Deraa"]]
        );
        assert!(parse_query("auteur:x")
            .unwrap_err()
            .message
            .contains("unknown field"));
        assert!(parse_query("region: Deraa")
            .unwrap_err()
            .message
            .contains("needs a value"));
        assert!(parse_query("\"\"").is_err());
    }

    proptest! {
        #[test]
        fn never_panics(q in "\\PC{0,60}") {
            let _ = parse_query(&q);
        }

        #[test]
        fn error_columns_are_in_range(q in "[a-z\" :OR\\-]{0,30}") {
            if let Err(e) = parse_query(&q) {
                prop_assert!(e.column >= 1 && e.column <= q.chars().count() + 1);
            }
        }
    }
}
