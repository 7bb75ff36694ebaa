//! Search: the query language, ranking, passages and facet counts.
//!
//! Matching: every requirement of the query (word, phrase, `OR` group,
//! `field:value`) must match — the *full* matches. When fewer than `limit`
//! dispatches match fully and the query has two requirements or more, the
//! hits are completed with the best dispatches matching at least one text
//! requirement, marked `partial`. Exclusions and filters apply to both.
//!
//! Ranking: BM25 summed over `title`, `lead` and `body`, each multiplied by
//! its boost from `index-schema.toml` (the lead paragraph, indexed in `lead`
//! only, by the body's boost plus the lead's). Filters do not change scores.
//!
//! Counts: `total` counts the full matches; `total_partial` the dispatches
//! matching only partly. Facet counts cover every full match, or every
//! partial match when there is no full match.

pub mod facets;
pub mod hit;
pub mod passages;
pub mod plan;
pub mod query;

use std::collections::HashSet;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, Query};
use tantivy::{DocAddress, Order, Searcher, TantivyDocument};

use crate::index::{IndexError, OpenIndex};
pub use facets::{FacetCounts, FacetCountsCollector};
use hit::make_hit;
pub use passages::{Passage, PassageOptions};
pub use plan::{period_bounds, plan, Plan, QueryBuilder};
pub use query::{parse_query, Item, ParsedQuery, QueryError, QueryField};

/// Order of the hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// Best score first.
    #[default]
    Relevance,
    /// Newest first; undated dispatches last.
    Date,
}

/// A search as asked on the command line.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// The query text.
    pub query: String,
    /// `--from`: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub from: Option<String>,
    /// `--to`: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub to: Option<String>,
    /// `--region`, any of them.
    pub regions: Vec<String>,
    /// `--source`, any of them.
    pub sources: Vec<String>,
    /// `--sort`.
    pub sort: SortOrder,
    /// `--limit`.
    pub limit: usize,
    /// Passage settings.
    pub passages: PassageOptions,
}

/// One hit.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// 1 for the first hit.
    pub rank: usize,
    /// BM25 score (null when sorted by date without scores).
    pub score: Option<f32>,
    /// Path as the indexer saw it.
    pub path: String,
    /// Date with the precision the dispatch gave, or null.
    pub date: Option<String>,
    /// Title header, else the start of the lead.
    pub title: String,
    /// Matches only part of the query.
    pub partial: bool,
    /// Region facet values (`Syrie/Deraa`).
    pub regions: Vec<String>,
    /// Source facet values.
    pub sources: Vec<String>,
    /// Best passages.
    pub passages: Vec<Passage>,
}

/// Result of a search.
#[derive(Debug, Clone)]
pub struct SearchResult {
    /// The query text.
    pub query: String,
    /// Number of full matches.
    pub total: usize,
    /// Number of dispatches matching only part of the query, counted only
    /// when they were needed to complete the hits (else 0).
    pub total_partial: usize,
    /// The hits, full matches first.
    pub hits: Vec<Hit>,
    /// Facet counts (see module doc).
    pub facets: FacetCounts,
    /// Dispatches in the commit searched (0: nothing committed yet).
    pub dispatches: u64,
}

/// Errors of a search.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query text is malformed.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// A filter value is invalid (`--from 2018-14`, unknown region).
    #[error("{0}")]
    Filter(String),
    /// The index could not be used.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// tantivy failed while searching (a damaged index, usually).
    #[error("search failed, the index may be damaged (check it with `depeche verify`): {0}")]
    Engine(String),
}

impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> Self {
        SearchError::Engine(e.to_string())
    }
}

/// Top documents of a query with their scores, in the requested order.
fn top_docs(
    searcher: &Searcher,
    query: &dyn Query,
    limit: usize,
    sort: SortOrder,
) -> Result<Vec<(Option<f32>, DocAddress)>, SearchError> {
    Ok(match sort {
        SortOrder::Relevance => searcher
            .search(query, &TopDocs::with_limit(limit).order_by_score())?
            .into_iter()
            .map(|(score, addr)| (Some(score), addr))
            .collect(),
        SortOrder::Date => searcher
            .search(
                query,
                &TopDocs::with_limit(limit).order_by_u64_field("date_lo", Order::Desc),
            )?
            .into_iter()
            .map(|(_, addr)| (None, addr))
            .collect(),
    })
}

/// Runs a search over an open index.
pub fn search(index: &OpenIndex, request: &SearchRequest) -> Result<SearchResult, SearchError> {
    let parsed = parse_query(&request.query)?;
    let reader = index.index.reader().map_err(|e| {
        SearchError::Index(IndexError::Damaged {
            index: index.dir.clone(),
            message: e.to_string(),
        })
    })?;
    let searcher = reader.searcher();
    let builder = QueryBuilder::new(index, &searcher);
    let plan = plan(&builder, request, &parsed)?;
    let limit = request.limit.max(1);
    let facet_fields = ["date", "region", "source"];

    // One pass over the full matches for the count, the facets and (when
    // ranked by relevance) the top hits.
    let facet_collector = FacetCountsCollector::new(&facet_fields);
    let (total, mut facets, mut found) = match request.sort {
        SortOrder::Relevance => {
            let (total, facets, top) = searcher.search(
                &plan.full,
                &(
                    Count,
                    facet_collector,
                    TopDocs::with_limit(limit).order_by_score(),
                ),
            )?;
            let found = top.into_iter().map(|(score, a)| (Some(score), a)).collect();
            (total, facets, found)
        }
        SortOrder::Date => {
            let (total, facets) = searcher.search(&plan.full, &(Count, facet_collector))?;
            (
                total,
                facets,
                top_docs(&searcher, plan.full.as_ref(), limit, request.sort)?,
            )
        }
    };
    // Completion by partial matches, only when the full ones are too few.
    let mut partial_hits = Vec::new();
    let mut total_partial = 0;
    if let (Some(partial), true) = (&plan.partial, found.len() < limit) {
        let facet_collector = (total == 0).then(|| FacetCountsCollector::new(&facet_fields));
        let (count, partial_facets) = searcher.search(partial, &(Count, facet_collector))?;
        total_partial = count.saturating_sub(total);
        if let Some(partial_facets) = partial_facets {
            facets = partial_facets;
        }
        let full: HashSet<DocAddress> = found.iter().map(|(_, a)| *a).collect();
        partial_hits = top_docs(&searcher, partial.as_ref(), limit, request.sort)?
            .into_iter()
            .filter(|(_, a)| !full.contains(a))
            .take(limit - found.len())
            .collect();
    }
    let full_len = found.len();
    found.extend(partial_hits);
    let mut hits = Vec::with_capacity(found.len());
    for (i, (score, address)) in found.into_iter().enumerate() {
        let document: TantivyDocument = searcher.doc(address)?;
        hits.push(make_hit(
            index,
            &document,
            i + 1,
            score,
            i >= full_len,
            &plan.terms,
            request.passages,
        ));
    }
    Ok(SearchResult {
        query: request.query.clone(),
        total,
        total_partial,
        hits,
        facets,
        dispatches: searcher.num_docs(),
    })
}

/// Counts the facets of every dispatch a query and filters match (an empty
/// query matches every dispatch).
pub fn facet_counts(
    index: &OpenIndex,
    request: &SearchRequest,
) -> Result<(usize, FacetCounts), SearchError> {
    let reader = index.index.reader()?;
    let searcher = reader.searcher();
    let builder = QueryBuilder::new(index, &searcher);
    let query: Box<dyn Query> = if request.query.trim().is_empty()
        && request.from.is_none()
        && request.to.is_none()
        && request.regions.is_empty()
        && request.sources.is_empty()
    {
        Box::new(AllQuery)
    } else {
        let parsed = parse_query(&request.query)?;
        plan(&builder, request, &parsed)?.full
    };
    Ok(searcher.search(
        &query,
        &(
            Count,
            FacetCountsCollector::new(&["date", "region", "source"]),
        ),
    )?)
}
