//! Rendering of command results: human text (with optional colours) and the
//! JSON documented in the README. Results go to stdout, problems to stderr.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::extract::Extractor;
use crate::index::IndexReport;
use crate::ingest;
use crate::search::{FacetCounts, Passage, SearchResult};

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RED_BOLD: &str = "\x1b[1;31m";
const GREEN: &str = "\x1b[32m";
const MAGENTA: &str = "\x1b[35m";
const CYAN: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    }
}

/// Prints, on `err`, every file that was skipped (always), and with `!quiet`
/// the transcoded and undated ones; with `verbose` the excluded ones.
pub fn print_index_problems(
    err: &mut impl Write,
    report: &IndexReport,
    quiet: bool,
    verbose: bool,
) -> io::Result<()> {
    for skip in &report.skipped {
        writeln!(err, "depeche: skipped {}: {}", skip.path, skip.reason)?;
    }
    if !quiet {
        for remark in &report.transcoded {
            writeln!(
                err,
                "depeche: transcoded {} from {}",
                remark.path, remark.detail
            )?;
        }
        for remark in &report.undated {
            writeln!(
                err,
                "depeche: no date in {}: {} (indexed without date)",
                remark.path, remark.detail
            )?;
        }
    }
    if verbose {
        for moved in &report.moves {
            writeln!(err, "depeche: moved {} -> {}", moved.from, moved.to)?;
        }
        for path in &report.excluded_paths {
            writeln!(err, "depeche: excluded {path}: excluded by pattern")?;
        }
    }
    Ok(())
}

/// Prints the summary of an indexing run.
pub fn print_index_summary(
    out: &mut impl Write,
    report: &IndexReport,
    roots: &[PathBuf],
) -> io::Result<()> {
    let roots: Vec<String> = roots.iter().map(|r| r.display().to_string()).collect();
    let secs = report.elapsed_secs.max(1e-6);
    writeln!(
        out,
        "Indexed {} into {} in {:.2} s",
        roots.join(", "),
        report.index,
        report.elapsed_secs
    )?;
    writeln!(out, "  files seen      {:>8}", report.files_seen)?;
    writeln!(out, "  added           {:>8}", report.added)?;
    writeln!(out, "  updated         {:>8}", report.updated)?;
    writeln!(out, "  unchanged       {:>8}", report.unchanged)?;
    writeln!(out, "  removed         {:>8}", report.removed)?;
    writeln!(out, "  moved           {:>8}", report.moved)?;
    writeln!(out, "  transcoded      {:>8}", report.transcoded.len())?;
    writeln!(out, "  without date    {:>8}", report.undated.len())?;
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for skip in &report.skipped {
        *by_kind.entry(skip.kind.label()).or_insert(0) += 1;
    }
    let kinds: Vec<String> = by_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
    if kinds.is_empty() {
        writeln!(out, "  skipped         {:>8}", 0)?;
    } else {
        writeln!(
            out,
            "  skipped         {:>8}  ({})",
            report.skipped.len(),
            kinds.join(", ")
        )?;
    }
    writeln!(
        out,
        "  excluded        {:>8}  (by file pattern or inside the index; --verbose lists them)",
        report.excluded
    )?;
    writeln!(
        out,
        "  throughput      {:>8.2} MB/s, {:.0} dispatches/s",
        report.bytes_indexed as f64 / 1e6 / secs,
        (report.added + report.updated) as f64 / secs
    )?;
    writeln!(
        out,
        "  index holds     {:>8} dispatches",
        report.total_dispatches
    )?;
    Ok(())
}

/// Prints the findings of `depeche verify`, each problem on its own line.
pub fn print_verify(out: &mut impl Write, report: &crate::index::VerifyReport) -> io::Result<()> {
    writeln!(
        out,
        "Index {}: {} dispatches",
        report.index, report.dispatches
    )?;
    for file in &report.damaged_files {
        writeln!(out, "  damaged: {file}: checksum mismatch")?;
    }
    for error in &report.errors {
        writeln!(out, "  damaged: {error}")?;
    }
    for dup in &report.duplicates {
        writeln!(out, "  duplicate: {} has {} dispatches", dup.key, dup.count)?;
    }
    if report.roots.is_empty() {
        writeln!(
            out,
            "  folders: none recorded; give them (`depeche verify FOLDER…`) to compare"
        )?;
    } else {
        writeln!(out, "  folders: {}", report.roots.join(", "))?;
    }
    for root in &report.missing_roots {
        writeln!(out, "  missing folder: {root}")?;
    }
    for path in &report.gone {
        writeln!(out, "  gone: {path}: indexed, no longer on disk")?;
    }
    for path in &report.changed {
        writeln!(out, "  changed: {path}: changed since it was indexed")?;
    }
    for path in &report.new {
        writeln!(out, "  new: {path}: not indexed yet")?;
    }
    let verdict = if report.is_damaged() {
        "DAMAGED".to_string()
    } else if report.is_out_of_date() {
        format!(
            "OUT OF DATE: {} gone, {} changed, {} new; run `depeche index` on its folders",
            report.gone.len(),
            report.changed.len(),
            report.new.len()
        )
    } else {
        "OK".to_string()
    };
    writeln!(out, "  verdict: {verdict}")
}

/// Date facet keys: `2018/07` → `2018-07`; only years and months.
fn date_key(path: &str) -> String {
    path.replace('/', "-")
}

fn facet_map(counts: &FacetCounts, field: &str, limit: usize) -> Map<String, Value> {
    let depth = (field == "date").then_some(2);
    let mut values = counts.top(field, depth);
    if limit > 0 {
        values.truncate(limit);
    }
    values
        .into_iter()
        .map(|(k, v)| {
            let key = if field == "date" { date_key(&k) } else { k };
            (key, Value::from(v))
        })
        .collect()
}

#[derive(Serialize)]
struct QueryJson<'a> {
    query: &'a str,
    total: usize,
    total_partial: usize,
    hits: &'a [crate::search::Hit],
    facets: Map<String, Value>,
}

/// Prints the JSON object of a query (README, "JSON output"); `facet_limit`
/// 0 prints every facet value.
pub fn print_query_json(
    out: &mut impl Write,
    result: &SearchResult,
    facet_limit: usize,
) -> io::Result<()> {
    let mut facets = Map::new();
    for field in ["date", "region", "source"] {
        facets.insert(
            field.to_string(),
            Value::Object(facet_map(&result.facets, field, facet_limit)),
        );
    }
    let json = QueryJson {
        query: &result.query,
        total: result.total,
        total_partial: result.total_partial,
        hits: &result.hits,
        facets,
    };
    serde_json::to_writer(&mut *out, &json).map_err(io::Error::other)?;
    writeln!(out)
}

fn highlight(style: &Style, passage: &Passage) -> String {
    if !style.color {
        return passage.text.clone();
    }
    let chars: Vec<char> = passage.text.chars().collect();
    let mut out = String::with_capacity(passage.text.len() + 16 * passage.highlights.len());
    let mut at = 0;
    for [start, end] in &passage.highlights {
        if *start < at || *end > chars.len() {
            continue;
        }
        out.extend(&chars[at..*start]);
        out.push_str(RED_BOLD);
        out.extend(&chars[*start..*end]);
        out.push_str(RESET);
        at = *end;
    }
    out.extend(&chars[at..]);
    out
}

/// Prints the hits and facet counts for a person; `facet_limit` values per
/// facet (0 = all).
pub fn print_query_human(
    out: &mut impl Write,
    result: &SearchResult,
    color: bool,
    facet_limit: usize,
) -> io::Result<()> {
    let style = Style { color };
    if result.hits.is_empty() {
        writeln!(out, "No dispatch matches {:?}.", result.query)?;
        return Ok(());
    }
    for hit in &result.hits {
        let date = hit.date.as_deref().unwrap_or("(no date)");
        let partial = if hit.partial { "  [partial match]" } else { "" };
        writeln!(
            out,
            "{:>3}. {}  {}{}",
            hit.rank,
            style.paint(CYAN, date),
            style.paint(MAGENTA, &hit.path),
            style.paint(DIM, partial)
        )?;
        writeln!(out, "     {}", style.paint(BOLD, &hit.title))?;
        let mut tags = Vec::new();
        if !hit.regions.is_empty() {
            tags.push(hit.regions.join(", "));
        }
        if !hit.sources.is_empty() {
            tags.push(format!("selon {}", hit.sources.join(", ")));
        }
        if !tags.is_empty() {
            writeln!(out, "     {}", style.paint(GREEN, &tags.join(" · ")))?;
        }
        for passage in &hit.passages {
            writeln!(
                out,
                "     {} {}",
                style.paint(DIM, &format!("¶{}", passage.paragraph)),
                highlight(&style, passage)
            )?;
        }
        writeln!(out)?;
    }
    let shown = result.hits.len();
    let mut line = format!("{} dispatch(es) match every word", result.total);
    if result.total_partial > 0 {
        line.push_str(&format!(", {} more match in part", result.total_partial));
    }
    line.push_str(&format!("; {shown} shown."));
    writeln!(out, "{}", style.paint(BOLD, &line))?;
    for (field, label) in [
        ("date", "Dates"),
        ("region", "Regions"),
        ("source", "Sources"),
    ] {
        let map = facet_map(&result.facets, field, facet_limit);
        if map.is_empty() {
            continue;
        }
        let values: Vec<String> = map.iter().map(|(k, v)| format!("{k} ({v})")).collect();
        writeln!(out, "{:<8} {}", format!("{label}:"), values.join(" · "))?;
    }
    Ok(())
}

#[derive(Serialize)]
struct FacetsJson<'a> {
    facet: &'a str,
    query: &'a str,
    total: usize,
    counts: Map<String, Value>,
}

/// Prints every value of one facet with its count.
pub fn print_facets(
    out: &mut impl Write,
    field: &str,
    query: &str,
    total: usize,
    counts: &FacetCounts,
    json: bool,
) -> io::Result<()> {
    let values = counts.top(field, None);
    let key = |k: &str| {
        if field == "date" {
            date_key(k)
        } else {
            k.to_string()
        }
    };
    if json {
        let counts = values
            .iter()
            .map(|(k, v)| (key(k), Value::from(*v)))
            .collect();
        let doc = FacetsJson {
            facet: field,
            query,
            total,
            counts,
        };
        serde_json::to_writer(&mut *out, &doc).map_err(io::Error::other)?;
        return writeln!(out);
    }
    let width = values
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    for (k, v) in &values {
        writeln!(out, "{:<width$}  {v:>7}", key(k))?;
    }
    writeln!(out, "{} dispatch(es), {} value(s)", total, values.len())
}

/// A region as `extract` shows it.
#[derive(Debug, Serialize)]
pub struct ExtractedRegion {
    /// `Country/Province`.
    pub name: String,
    /// The sentence that is the evidence.
    pub evidence: String,
}

/// A source as `extract` shows it.
#[derive(Debug, Serialize)]
pub struct ExtractedSource {
    /// Canonical name.
    pub name: String,
    /// Kind (agency, ngo, un, government, media, person, anonymous).
    pub kind: &'static str,
    /// The sentence that is the evidence.
    pub evidence: String,
}

/// What `extract` reports for one file.
#[derive(Debug, Serialize)]
pub struct ExtractReport {
    /// The file as given.
    pub path: String,
    /// Date as given, or null.
    pub date: Option<String>,
    /// Title header, else the start of the lead.
    pub title: Option<String>,
    /// Regions.
    pub regions: Vec<ExtractedRegion>,
    /// Sources.
    pub sources: Vec<ExtractedSource>,
    /// Why the file could not be read, when it could not (then the other
    /// fields are empty).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Reads, decodes, parses and extracts each file.
pub fn extract_files(extractor: &Extractor, files: &[PathBuf]) -> Vec<ExtractReport> {
    files
        .iter()
        .map(|path| extract_file(extractor, path))
        .collect()
}

fn extract_file(extractor: &Extractor, path: &Path) -> ExtractReport {
    let mut report = ExtractReport {
        path: path.display().to_string(),
        date: None,
        title: None,
        regions: Vec::new(),
        sources: Vec::new(),
        error: None,
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            report.error = Some(format!("unreadable: {e}"));
            return report;
        }
    };
    let text = match ingest::decode(&bytes) {
        Ok((text, _)) => text,
        Err(e) => {
            report.error = Some(e.to_string());
            return report;
        }
    };
    let dispatch = ingest::parse(&text);
    let facets = extractor.extract(&dispatch);
    report.date = dispatch.date.map(|d| d.to_string());
    let title = dispatch.display_title(120);
    report.title = (!title.is_empty()).then_some(title);
    report.regions = facets
        .regions
        .iter()
        .map(|r| ExtractedRegion {
            name: r.name(),
            evidence: r.evidence.clone(),
        })
        .collect();
    report.sources = facets
        .sources
        .iter()
        .map(|s| ExtractedSource {
            name: s.name.clone(),
            kind: s.kind.name(),
            evidence: s.evidence.clone(),
        })
        .collect();
    report
}

/// Prints `extract` results for a person.
pub fn print_extract_human(out: &mut impl Write, reports: &[ExtractReport]) -> io::Result<()> {
    for report in reports {
        writeln!(out, "{}", report.path)?;
        if let Some(error) = &report.error {
            writeln!(out, "  error: {error}")?;
            writeln!(out)?;
            continue;
        }
        writeln!(
            out,
            "  date:   {}",
            report.date.as_deref().unwrap_or("(none)")
        )?;
        writeln!(
            out,
            "  title:  {}",
            report.title.as_deref().unwrap_or("(none)")
        )?;
        for region in &report.regions {
            writeln!(out, "  region: {}  « {} »", region.name, region.evidence)?;
        }
        for source in &report.sources {
            writeln!(
                out,
                "  source: {} ({})  « {} »",
                source.name, source.kind, source.evidence
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}
