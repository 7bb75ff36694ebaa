//! The command line: argument definitions (clap), the commands, and exit
//! codes. `main.rs` only calls [`main_exit_code`].

pub mod output;
mod panic_guard;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::config::{Config, DEFAULT_CONFIG};
use crate::extract::Extractor;
use crate::index::{run_index, verify, IndexError, IndexOptions, OpenIndex, VerifyOptions};
use crate::search::{self, PassageOptions, SearchError, SearchRequest, SortOrder};

/// Exit code: success.
pub const EXIT_OK: i32 = 0;
/// Exit code: the query matched nothing.
pub const EXIT_NO_MATCH: i32 = 1;
/// Exit code: bad arguments, malformed query, invalid filter or config.
pub const EXIT_USAGE: i32 = 2;
/// Exit code: `index` finished but some files were skipped (each reported),
/// or `--strict` refused to commit.
pub const EXIT_SKIPPED: i32 = 3;
/// Exit code: another indexer holds the index.
pub const EXIT_LOCKED: i32 = 4;
/// Exit code: the index is missing, stale or damaged.
pub const EXIT_INDEX: i32 = 5;
/// Exit code: I/O or other runtime error (disk full, unreadable folder).
pub const EXIT_ERROR: i32 = 6;
/// Exit code of `verify`: the index is intact but out of date with its
/// folders (files gone, changed or new since).
pub const EXIT_OUT_OF_DATE: i32 = 7;

const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  success
  1  no dispatch matched (query, facets)
  2  usage error: bad arguments, malformed query, invalid filter value or config
  3  index: some files were skipped (each is reported on stderr); with --strict nothing was committed
  4  index: another `depeche index` holds the index
  5  the index is missing, stale (built by another analyzer, settings or extraction rules) or damaged
  6  I/O or other runtime error (disk full, unreadable folder)
  7  verify: the index is intact but out of date (files gone, changed or new since)

Environment:
  DEPECHE_INDEX   index folder (default: .depeche-index in the current folder)
  DEPECHE_CONFIG  settings file for `depeche index` (default: the built-in index-schema.toml)
  NO_COLOR        disables colours";

/// depeche: search engine for archives of French news dispatches.
#[derive(Debug, Parser)]
#[command(name = "depeche", version, about, after_help = EXIT_CODES_HELP)]
pub struct Cli {
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Where the index is.
#[derive(Debug, Clone, Args)]
pub struct IndexArg {
    /// Index folder.
    #[arg(
        long,
        short = 'i',
        env = "DEPECHE_INDEX",
        default_value = ".depeche-index",
        value_name = "DIR"
    )]
    pub index: PathBuf,
}

/// When to use colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Sort order of `query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Best match first.
    Relevance,
    /// Newest first.
    Date,
}

/// Filters shared by `query` and `facets`.
#[derive(Debug, Clone, Args, Default)]
pub struct FilterArgs {
    /// Only dispatches dated from this period on (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only dispatches dated up to this period (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only dispatches about this region: a country or a province, any
    /// spelling (Deraa, Daraa, Syrie, Syrie/Deraa); repeat for any of several.
    #[arg(long, value_name = "NAME")]
    pub region: Vec<String>,
    /// Only dispatches citing this source: acronym or full name (OSDH,
    /// "Observatoire syrien des droits de l'Homme"); repeat for any of several.
    #[arg(long, value_name = "NAME")]
    pub source: Vec<String>,
}

/// The facets `depeche facets` can list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FacetName {
    /// Regions (country/province).
    Region,
    /// Sources cited.
    Source,
    /// Dates (year/month/day).
    Date,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index folders of dispatches (incrementally).
    #[command(after_help = "Examples:
  depeche index sample-corpus
  depeche index /archives/2018 /archives/2019 --index /data/depeche
  depeche index archives --rebuild --config my-schema.toml
  depeche index archives --json -q > report.json

Every file is indexed or reported on stderr with the reason. Re-running
indexes only new and changed files and removes the dispatches of deleted files.")]
    Index {
        /// Folders (or single files) to index.
        #[arg(required = true, value_name = "FOLDER")]
        folders: Vec<PathBuf>,
        #[command(flatten)]
        index: IndexArg,
        /// Settings file (index-schema.toml) for a new index or --rebuild.
        #[arg(long, env = "DEPECHE_CONFIG", value_name = "FILE")]
        config: Option<PathBuf>,
        /// Start from an empty index.
        #[arg(long)]
        rebuild: bool,
        /// Follow symbolic links (loops are detected and reported).
        #[arg(long)]
        follow: bool,
        /// Commit nothing unless every file can be indexed (exit 3 otherwise).
        #[arg(long)]
        strict: bool,
        /// No progress bar and no summary (skipped files are still reported).
        #[arg(long, short)]
        quiet: bool,
        /// Also list the files excluded by pattern.
        #[arg(long, short)]
        verbose: bool,
        /// Print the summary as JSON on stdout.
        #[arg(long)]
        json: bool,
        /// Commit after every N files (default: `commit_every_docs` of the
        /// settings); a crash loses at most the work since the last commit.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
        commit_every: Option<u64>,
    },
    /// Check the index: checksums of its files, one dispatch per file, and
    /// whether it is up to date with its folders.
    #[command(after_help = "Examples:
  depeche verify
  depeche verify --index /data/depeche
  depeche verify /archives/2018 --json

Exit codes: 0 all is well; 5 the index is missing, stale or damaged (every
damaged file is named); 7 the index is intact but out of date (files gone,
changed or new since the last `depeche index`, each listed).
Without FOLDER, the folders recorded by `depeche index` are compared.")]
    Verify {
        /// Folders to compare with (default: those the index was built from).
        #[arg(value_name = "FOLDER")]
        folders: Vec<PathBuf>,
        #[command(flatten)]
        index: IndexArg,
        /// Follow symbolic links, as `depeche index --follow` does.
        #[arg(long)]
        follow: bool,
        /// Print the findings as JSON on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Search the index: ranked passages and facet counts.
    #[command(after_help = "Query language:
  bombardement Deraa        every word is required (stop words don't count)
  \"province de Deraa\"       a phrase
  Alep OR Idleb             either word
  -Damas                    excludes
  title:offensive body:x    a word in one field
  region:Daraa source:OSDH date:2018-07   filters inside the query
Every inflection matches: bombardement finds bombardements and bombardé.
When fewer than --limit dispatches match every word, the list is completed
with the best partial matches, marked as partial.

Examples:
  depeche query \"bombardements Deraa\"
  depeche query \"regime syrien\" --from 2018-06 --to 2018-08 --region Syrie
  depeche query \"négociations\" --source OSDH --sort date --limit 5
  depeche query \"frappes\" --json | jq '.hits[].path'")]
    Query {
        /// The query.
        #[arg(value_name = "QUERY")]
        query: String,
        #[command(flatten)]
        index: IndexArg,
        #[command(flatten)]
        filters: FilterArgs,
        /// Order of the hits.
        #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
        sort: SortArg,
        /// Number of hits.
        #[arg(long, short = 'n', default_value_t = 10)]
        limit: usize,
        /// Passages per hit.
        #[arg(long, default_value_t = 2)]
        passages: usize,
        /// Values shown per facet (0 = all; default 10 on a terminal, all in JSON).
        #[arg(long, value_name = "N")]
        facet_limit: Option<usize>,
        /// Print one JSON object (see README, "JSON output").
        #[arg(long)]
        json: bool,
        /// Colours.
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
    },
    /// All values of a facet with their counts, for the whole index or a query.
    #[command(after_help = "Examples:
  depeche facets region
  depeche facets source \"bombardements\" --from 2018
  depeche facets date --region Syrie --json")]
    Facets {
        /// The facet.
        #[arg(value_enum)]
        facet: FacetName,
        /// Optional query (same language as `depeche query`).
        #[arg(default_value = "")]
        query: String,
        #[command(flatten)]
        index: IndexArg,
        #[command(flatten)]
        filters: FilterArgs,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show what the indexer extracts from dispatch files, without an index.
    #[command(after_help = "Examples:
  depeche extract sample-corpus/2018/*.txt
  depeche extract dispatch.txt --json
  depeche extract dispatch.txt --config my-schema.toml")]
    Extract {
        /// Dispatch files.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Settings file (for its gazetteers and source lists).
        #[arg(long, env = "DEPECHE_CONFIG", value_name = "FILE")]
        config: Option<PathBuf>,
        /// Print one JSON array, one object per file.
        #[arg(long)]
        json: bool,
    },
    /// Print the default index-schema.toml (or the built-in data).
    #[command(after_help = "Examples:
  depeche schema > my-schema.toml
  depeche schema --stop-words
  depeche schema --gazetteer > my-places.toml")]
    Schema {
        /// Print the built-in stop words instead.
        #[arg(long, conflicts_with_all = ["gazetteer", "sources"])]
        stop_words: bool,
        /// Print the built-in gazetteer instead.
        #[arg(long, conflicts_with = "sources")]
        gazetteer: bool,
        /// Print the built-in list of known sources instead.
        #[arg(long)]
        sources: bool,
    },
    /// Print shell completions.
    #[command(
        after_help = "Example:\n  depeche completions bash > /etc/bash_completion.d/depeche"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    #[command(after_help = "Example:\n  depeche man > depeche.1 && man ./depeche.1")]
    Man,
}

/// A failure with its exit code, for `main`.
#[derive(Debug)]
pub struct Failure {
    /// The exit code.
    pub code: i32,
    /// The error, printed on stderr.
    pub error: anyhow::Error,
}

fn fail(code: i32, error: impl Into<anyhow::Error>) -> Failure {
    Failure {
        code,
        error: error.into(),
    }
}

fn index_failure(e: IndexError) -> Failure {
    let code = match &e {
        IndexError::Locked(_) => EXIT_LOCKED,
        IndexError::Missing(_)
        | IndexError::NoCommit(_)
        | IndexError::Stale { .. }
        | IndexError::Damaged { .. } => EXIT_INDEX,
        IndexError::DiskFull { .. } => EXIT_ERROR,
        IndexError::Config(_) | IndexError::Extract(_) => EXIT_USAGE,
        IndexError::Walk(crate::ingest::WalkError::Pattern { .. }) => EXIT_USAGE,
        IndexError::Strict(_) => EXIT_SKIPPED,
        _ => EXIT_ERROR,
    };
    fail(code, e)
}

fn search_failure(e: SearchError) -> Failure {
    match e {
        SearchError::Query(_) | SearchError::Filter(_) => fail(EXIT_USAGE, e),
        SearchError::Index(e) => index_failure(e),
        SearchError::Engine(_) => fail(EXIT_INDEX, e),
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Parses the arguments, runs the command, prints errors, and returns the
/// process exit code. A panic (a defect, or an index damaged in a way its
/// reader does not detect) is reported as an error, never as a crash: exit 5
/// for the commands that read an index, 6 otherwise.
pub fn main_exit_code() -> i32 {
    let cli = Cli::parse();
    let reads_index = matches!(
        cli.command,
        Command::Query { .. } | Command::Facets { .. } | Command::Verify { .. }
    );
    let index_dir = match &cli.command {
        Command::Query { index, .. }
        | Command::Facets { index, .. }
        | Command::Verify { index, .. }
        | Command::Index { index, .. } => Some(index.index.clone()),
        _ => None,
    };
    let result = panic_guard::run(move || run(cli));
    let result = match result {
        Ok(result) => result,
        Err(message) => Err(match (reads_index, index_dir) {
            (true, Some(dir)) => fail(
                EXIT_INDEX,
                IndexError::Damaged {
                    message: format!("reading it failed ({message}); run `depeche verify --index {}`, and rebuild it with `depeche index --rebuild` if it is damaged", dir.display()),
                    index: dir,
                },
            ),
            _ => fail(
                EXIT_ERROR,
                anyhow::anyhow!("internal error: {message} (please report it)"),
            ),
        }),
    };
    match result {
        Ok(code) => code,
        Err(failure) if is_broken_pipe(&failure.error) => EXIT_OK,
        Err(failure) => {
            let _ = writeln!(std::io::stderr(), "depeche: error: {:#}", failure.error);
            failure.code
        }
    }
}

fn load_config(path: Option<&Path>) -> Result<Option<(Config, String)>, Failure> {
    let Some(path) = path else {
        return Ok(None);
    };
    let config = Config::load(path).map_err(|e| fail(EXIT_USAGE, e))?;
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read {}", path.display()))
        .map_err(|e| fail(EXIT_USAGE, e))?;
    Ok(Some((config, text)))
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

fn open_index(index: &Path) -> Result<OpenIndex, Failure> {
    OpenIndex::open(index).map_err(index_failure)
}

/// Says on stderr that an index holds no dispatch at all (its first
/// indexing has not committed yet), so that "no match" is not misread.
fn note_empty(open: &OpenIndex) {
    let _ = writeln!(
        std::io::stderr(),
        "depeche: the index at {} holds no dispatch yet (an indexing may be running; its first commit will make them searchable)",
        open.dir.display()
    );
}

fn io_failure(e: std::io::Error) -> Failure {
    fail(EXIT_ERROR, e)
}

/// Runs a parsed command line; returns the exit code of a successful run.
pub fn run(cli: Cli) -> Result<i32, Failure> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let code = match cli.command {
        Command::Index {
            folders,
            index,
            config,
            rebuild,
            follow,
            strict,
            quiet,
            verbose,
            json,
            commit_every,
        } => {
            let options = IndexOptions {
                roots: folders,
                index_dir: index.index,
                config: load_config(config.as_deref())?,
                rebuild,
                follow,
                strict,
                progress: !quiet && std::io::stderr().is_terminal(),
                commit_every,
            };
            let report = run_index(&options).map_err(index_failure)?;
            let mut err = std::io::stderr().lock();
            output::print_index_problems(&mut err, &report, quiet, verbose).map_err(io_failure)?;
            if json {
                serde_json::to_writer_pretty(&mut out, &report).map_err(|e| fail(EXIT_ERROR, e))?;
                writeln!(out).map_err(io_failure)?;
            } else if !quiet {
                output::print_index_summary(&mut out, &report, &options.roots)
                    .map_err(io_failure)?;
            }
            if report.skipped.is_empty() {
                EXIT_OK
            } else {
                EXIT_SKIPPED
            }
        }
        Command::Query {
            query,
            index,
            filters,
            sort,
            limit,
            passages,
            facet_limit,
            json,
            color,
        } => {
            let open = open_index(&index.index)?;
            let request = SearchRequest {
                query,
                from: filters.from,
                to: filters.to,
                regions: filters.region,
                sources: filters.source,
                sort: match sort {
                    SortArg::Relevance => SortOrder::Relevance,
                    SortArg::Date => SortOrder::Date,
                },
                limit,
                passages: PassageOptions {
                    max_passages: passages.max(1),
                    ..PassageOptions::default()
                },
            };
            let result = search::search(&open, &request).map_err(search_failure)?;
            if result.dispatches == 0 {
                note_empty(&open);
            }
            if json {
                output::print_query_json(&mut out, &result, facet_limit.unwrap_or(0))
                    .map_err(io_failure)?;
            } else {
                output::print_query_human(
                    &mut out,
                    &result,
                    use_color(color),
                    facet_limit.unwrap_or(10),
                )
                .map_err(io_failure)?;
            }
            if result.hits.is_empty() {
                EXIT_NO_MATCH
            } else {
                EXIT_OK
            }
        }
        Command::Facets {
            facet,
            query,
            index,
            filters,
            json,
        } => {
            let open = open_index(&index.index)?;
            let request = SearchRequest {
                query: query.clone(),
                from: filters.from,
                to: filters.to,
                regions: filters.region,
                sources: filters.source,
                ..SearchRequest::default()
            };
            let (total, counts) = search::facet_counts(&open, &request).map_err(search_failure)?;
            if total == 0
                && open
                    .index
                    .reader()
                    .is_ok_and(|r| r.searcher().num_docs() == 0)
            {
                note_empty(&open);
            }
            let name = match facet {
                FacetName::Region => "region",
                FacetName::Source => "source",
                FacetName::Date => "date",
            };
            output::print_facets(&mut out, name, &query, total, &counts, json)
                .map_err(io_failure)?;
            if total == 0 {
                EXIT_NO_MATCH
            } else {
                EXIT_OK
            }
        }
        Command::Verify {
            folders,
            index,
            follow,
            json,
        } => {
            let options = VerifyOptions {
                index_dir: index.index,
                roots: folders,
                follow,
            };
            let report = verify(&options).map_err(index_failure)?;
            if json {
                serde_json::to_writer_pretty(&mut out, &report).map_err(|e| fail(EXIT_ERROR, e))?;
                writeln!(out).map_err(io_failure)?;
            } else {
                output::print_verify(&mut out, &report).map_err(io_failure)?;
            }
            if report.is_damaged() {
                out.flush().map_err(io_failure)?;
                return Err(fail(
                    EXIT_INDEX,
                    anyhow::anyhow!(
                        "the index at {} is damaged (see above); rebuild it with `depeche index --rebuild --index {} FOLDER…`",
                        report.index,
                        report.index
                    ),
                ));
            }
            if report.is_out_of_date() {
                EXIT_OUT_OF_DATE
            } else {
                EXIT_OK
            }
        }
        Command::Extract {
            files,
            config,
            json,
        } => {
            let config = match load_config(config.as_deref())? {
                Some((config, _)) => config,
                None => Config::default(),
            };
            let extractor = Extractor::from_config(&config).map_err(|e| fail(EXIT_USAGE, e))?;
            let reports = output::extract_files(&extractor, &files);
            let mut err = std::io::stderr().lock();
            for report in &reports {
                if let Some(problem) = &report.error {
                    writeln!(err, "depeche: {}: {problem}", report.path).map_err(io_failure)?;
                }
            }
            if json {
                serde_json::to_writer_pretty(&mut out, &reports)
                    .map_err(|e| fail(EXIT_ERROR, e))?;
                writeln!(out).map_err(io_failure)?;
            } else {
                output::print_extract_human(&mut out, &reports).map_err(io_failure)?;
            }
            if reports.iter().any(|r| r.error.is_some()) {
                EXIT_SKIPPED
            } else {
                EXIT_OK
            }
        }
        Command::Schema {
            stop_words,
            gazetteer,
            sources,
        } => {
            if stop_words {
                for word in crate::analysis::BUILTIN_STOP_WORDS {
                    writeln!(out, "{word}").map_err(io_failure)?;
                }
            } else if gazetteer {
                write!(out, "{}", crate::extract::BUILTIN_GAZETTEER).map_err(io_failure)?;
            } else if sources {
                write!(out, "{}", crate::extract::BUILTIN_SOURCES).map_err(io_failure)?;
            } else {
                write!(out, "{DEFAULT_CONFIG}").map_err(io_failure)?;
            }
            EXIT_OK
        }
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "depeche", &mut out);
            EXIT_OK
        }
        Command::Man => {
            clap_mangen::Man::new(Cli::command())
                .render(&mut out)
                .map_err(io_failure)?;
            EXIT_OK
        }
    };
    out.flush().map_err(io_failure)?;
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }
}
