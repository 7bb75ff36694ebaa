//! Parsing a decoded dispatch: date header, `key: value` headers, paragraphs.
//!
//! Format: optional leading white space, then `date YYYY-MM` or
//! `date YYYY-MM-DD`. Text after the date on the same line starts the first
//! paragraph (and then no header follows). Otherwise, lines of the form
//! `key: value` (key of ASCII letters, digits, `_` or `-`, starting with a
//! letter) directly after the date line are headers, up to the first blank or
//! other line; `title:` is the title. Paragraphs are separated by blank lines;
//! the lines of one paragraph are joined with a space. A paragraph
//! `- … -` is an intertitle.
//!
//! A missing or invalid date never rejects a dispatch: the reason is kept in
//! [`Dispatch::date_problem`] and the dispatch is indexed without date.

use std::fmt;

/// A dispatch date, to the month or to the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DispatchDate {
    /// Year (four digits).
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day of month, when the dispatch gives it.
    pub day: Option<u8>,
}

impl DispatchDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` where `allow_year` permits
    /// the first form; validates month and day against the calendar.
    pub fn parse(text: &str, allow_year: bool) -> Result<(DispatchDate, bool), String> {
        let parts: Vec<&str> = text.split('-').collect();
        let number = |s: &str, len: usize, what: &str| -> Result<u32, String> {
            if s.len() != len || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("{what} {s:?} is not {len} digits"));
            }
            s.parse::<u32>().map_err(|e| e.to_string())
        };
        let shape = if allow_year {
            "YYYY, YYYY-MM or YYYY-MM-DD"
        } else {
            "YYYY-MM or YYYY-MM-DD"
        };
        if parts.is_empty() || parts.len() > 3 || (parts.len() == 1 && !allow_year) {
            return Err(format!("{text:?} is not a date of the form {shape}"));
        }
        let year = number(parts[0], 4, "year").map_err(|e| format!("{text:?}: {e} ({shape})"))?;
        let month = match parts.get(1) {
            Some(m) => number(m, 2, "month").map_err(|e| format!("{text:?}: {e} ({shape})"))?,
            None => 1,
        };
        if !(1..=12).contains(&month) {
            return Err(format!("{text:?}: month {month} is not between 01 and 12"));
        }
        let day = match parts.get(2) {
            Some(d) => {
                let day = number(d, 2, "day").map_err(|e| format!("{text:?}: {e} ({shape})"))?;
                if chrono::NaiveDate::from_ymd_opt(year as i32, month, day).is_none() {
                    return Err(format!(
                        "{text:?}: day {day} does not exist in {year}-{month:02}"
                    ));
                }
                Some(day as u8)
            }
            None => None,
        };
        let year_only = parts.len() == 1;
        Ok((
            DispatchDate {
                year: year as u16,
                month: month as u8,
                day,
            },
            year_only,
        ))
    }

    /// First day covered, as `YYYYMMDD`.
    pub fn first_day(self) -> u64 {
        u64::from(self.year) * 10000
            + u64::from(self.month) * 100
            + u64::from(self.day.unwrap_or(1))
    }

    /// Last day covered, as `YYYYMMDD`.
    pub fn last_day(self) -> u64 {
        let day = match self.day {
            Some(d) => u32::from(d),
            None => last_day_of_month(self.year, self.month),
        };
        u64::from(self.year) * 10000 + u64::from(self.month) * 100 + u64::from(day)
    }
}

/// Number of days of a month (1–12) of a year.
pub fn last_day_of_month(year: u16, month: u8) -> u32 {
    (28..=31)
        .rev()
        .find(|&d| chrono::NaiveDate::from_ymd_opt(i32::from(year), u32::from(month), d).is_some())
        .unwrap_or(28)
}

impl fmt::Display for DispatchDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)?;
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

/// Kind of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParagraphKind {
    /// Running text.
    Text,
    /// An intertitle (`- "…" -`), stored without its dashes.
    Intertitle,
}

/// One paragraph of a dispatch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Text or intertitle.
    pub kind: ParagraphKind,
    /// The paragraph's text, lines joined by spaces, trimmed.
    pub text: String,
}

/// A parsed dispatch.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Dispatch {
    /// The date header, when valid.
    pub date: Option<DispatchDate>,
    /// Why there is no date (missing or invalid header), when there is none.
    pub date_problem: Option<String>,
    /// The `title:` header.
    pub title: Option<String>,
    /// Other headers, in order, keys lower-cased.
    pub headers: Vec<(String, String)>,
    /// The paragraphs, in order.
    pub paragraphs: Vec<Paragraph>,
}

impl Dispatch {
    /// The first paragraph that is running text.
    pub fn lead(&self) -> Option<&str> {
        self.lead_index().map(|i| self.paragraphs[i].text.as_str())
    }

    /// The index of [`Self::lead`] in the paragraphs.
    pub fn lead_index(&self) -> Option<usize> {
        self.paragraphs
            .iter()
            .position(|p| p.kind == ParagraphKind::Text)
    }

    /// The title to display: the `title:` header, else the start of the
    /// first paragraph cut at a word boundary near `max_chars`.
    pub fn display_title(&self, max_chars: usize) -> String {
        if let Some(title) = &self.title {
            return title.clone();
        }
        let lead = self.lead().unwrap_or("");
        shorten(lead, max_chars)
    }
}

/// Cuts `text` at the last word boundary before `max_chars` characters and
/// adds `…` when it was cut.
pub fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut = text
        .char_indices()
        .nth(max_chars)
        .map_or(text.len(), |(i, _)| i);
    let head = &text[..cut];
    let head = match head.rfind(char::is_whitespace) {
        Some(i) if i > cut / 2 => &head[..i],
        _ => head,
    };
    format!(
        "{}…",
        head.trim_end_matches(|c: char| c.is_whitespace() || c == ',')
    )
}

fn is_header_key(key: &str) -> bool {
    let mut chars = key.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn split_header(line: &str) -> Option<(String, String)> {
    let (key, value) = line.split_once(':')?;
    if !is_header_key(key) {
        return None;
    }
    Some((key.to_ascii_lowercase(), value.trim().to_string()))
}

/// Parses a decoded dispatch; never fails (see the module rules).
pub fn parse(text: &str) -> Dispatch {
    let mut dispatch = Dispatch::default();
    let text = text.trim_start();
    let mut body_start = 0;
    let first_line_end = text.find('\n').unwrap_or(text.len());
    let first_line = text[..first_line_end].trim_end_matches('\r');
    let mut expect_headers = true;
    let mut first_paragraph_head = String::new();

    let starts_with_date = first_line
        .get(..5)
        .is_some_and(|w| w.eq_ignore_ascii_case("date ") || w.eq_ignore_ascii_case("date:"));
    if starts_with_date {
        let rest = first_line[5..].trim_start();
        let (value, after) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        match DispatchDate::parse(value, false) {
            Ok((date, _)) => dispatch.date = Some(date),
            Err(problem) => dispatch.date_problem = Some(format!("invalid date header: {problem}")),
        }
        let after = after.trim();
        if !after.is_empty() {
            first_paragraph_head = after.to_string();
            expect_headers = false;
        }
        body_start = (first_line_end + 1).min(text.len());
    } else {
        dispatch.date_problem = Some("no `date YYYY-MM[-DD]` header".to_string());
    }

    let body = &text[body_start..];
    let mut lines = body.lines().peekable();
    if expect_headers {
        while let Some(line) = lines.peek() {
            match split_header(line.trim()) {
                Some((key, value)) => {
                    if key == "title" && dispatch.title.is_none() && !value.is_empty() {
                        dispatch.title = Some(value);
                    } else if key == "date" && dispatch.date.is_none() {
                        if let Ok((date, _)) = DispatchDate::parse(&value, false) {
                            dispatch.date = Some(date);
                            dispatch.date_problem = None;
                        }
                    } else {
                        dispatch.headers.push((key, value));
                    }
                    lines.next();
                }
                None => break,
            }
        }
    }

    let mut current = first_paragraph_head;
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            push_paragraph(&mut dispatch.paragraphs, &mut current);
        } else {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(line);
        }
    }
    push_paragraph(&mut dispatch.paragraphs, &mut current);
    dispatch
}

fn push_paragraph(paragraphs: &mut Vec<Paragraph>, current: &mut String) {
    let text = current.trim();
    if text.is_empty() {
        current.clear();
        return;
    }
    let intertitle = text.len() >= 3
        && text.starts_with('-')
        && text.ends_with('-')
        && text[1..text.len() - 1].trim().len() < text.len() - 2;
    let paragraph = if intertitle {
        Paragraph {
            kind: ParagraphKind::Intertitle,
            text: text[1..text.len() - 1].trim().to_string(),
        }
    } else {
        Paragraph {
            kind: ParagraphKind::Text,
            text: text.to_string(),
        }
    };
    if !paragraph.text.is_empty() {
        paragraphs.push(paragraph);
    }
    current.clear();
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn date_on_the_first_line_with_text() {
        let d = parse(" date 2019-03 Les combats ont repris.\n\nDeuxième paragraphe\nsuite.\n\n- \"Intertitre\" -\n\nFin.");
        assert_eq!(d.date.unwrap().to_string(), "2019-03");
        assert_eq!(d.paragraphs.len(), 4);
        assert_eq!(d.paragraphs[0].text, "Les combats ont repris.");
        assert_eq!(d.paragraphs[1].text, "Deuxième paragraphe suite.");
        assert_eq!(d.paragraphs[2].kind, ParagraphKind::Intertitle);
        assert_eq!(d.paragraphs[2].text, "\"Intertitre\"");
        assert_eq!(d.title, None);
    }

    #[test]
    fn headers_after_the_date_line() {
        let d = parse("date 2020-01-15\ntitle: Un titre\nauthor: X\n\nCorps.");
        assert_eq!(d.date.unwrap().to_string(), "2020-01-15");
        assert_eq!(d.title.as_deref(), Some("Un titre"));
        assert_eq!(d.headers, vec![("author".to_string(), "X".to_string())]);
        assert_eq!(d.paragraphs.len(), 1);
        assert_eq!(d.display_title(80), "Un titre");
    }

    #[test]
    fn invalid_dates_are_reported_not_fatal() {
        for bad in [
            "date 2018-13 Texte.",
            "date 31/02/2019 Texte.",
            "date 2019-02-30 Texte.",
        ] {
            let d = parse(bad);
            assert!(d.date.is_none(), "{bad}");
            assert!(d.date_problem.is_some(), "{bad}");
            assert_eq!(d.paragraphs[0].text, "Texte.");
        }
        let d = parse("Pas de date ici.");
        assert!(d.date.is_none());
        assert_eq!(d.paragraphs[0].text, "Pas de date ici.");
    }

    #[test]
    fn date_ranges() {
        let (d, _) = DispatchDate::parse("2016-02", false).unwrap();
        assert_eq!((d.first_day(), d.last_day()), (20160201, 20160229));
        let (d, _) = DispatchDate::parse("2018-07-19", false).unwrap();
        assert_eq!((d.first_day(), d.last_day()), (20180719, 20180719));
        assert!(DispatchDate::parse("2018", false).is_err());
        assert!(DispatchDate::parse("2018", true).unwrap().1);
    }

    #[test]
    fn shorten_cuts_at_a_word() {
        assert_eq!(shorten("court", 10), "court");
        assert_eq!(shorten("un deux trois quatre", 12), "un deux…");
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC*") {
            let d = parse(&text);
            for p in &d.paragraphs {
                prop_assert!(!p.text.is_empty());
            }
            let _ = d.display_title(40);
        }

        #[test]
        fn never_panics_on_date_like_input(text in "[ \n]{0,2}date[ :][0-9/\\-]{0,12}[ \n][a-z \n:-]{0,40}") {
            let d = parse(&text);
            prop_assert!(d.date.is_some() || d.date_problem.is_some());
        }
    }
}
