//! Planning a search: the tantivy queries of a parsed query and its
//! filters (full and partial matching), and the query terms to highlight.

use std::collections::HashSet;
use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery,
    TermQuery,
};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{Searcher, Term};

use super::{Item, ParsedQuery, QueryError, QueryField, SearchError, SearchRequest};
use crate::analysis::fold;
use crate::index::OpenIndex;
use crate::ingest::dispatch::DispatchDate;

/// Parses a period `YYYY`, `YYYY-MM` or `YYYY-MM-DD` into its first and
/// last day as `YYYYMMDD`.
pub fn period_bounds(text: &str) -> Result<(u64, u64), String> {
    let (date, year_only) = DispatchDate::parse(text.trim(), true)?;
    if year_only {
        let year = u64::from(date.year);
        Ok((year * 10000 + 101, year * 10000 + 1231))
    } else {
        Ok((date.first_day(), date.last_day()))
    }
}

pub(crate) fn date_filter(fields: &crate::index::Fields, lo: u64, hi: u64) -> Box<dyn Query> {
    // The dispatch's period [date_lo, date_hi] overlaps [lo, hi].
    let starts_before_end = RangeQuery::new(
        Bound::Unbounded,
        Bound::Included(Term::from_field_u64(fields.date_lo, hi)),
    );
    let ends_after_start = RangeQuery::new(
        Bound::Included(Term::from_field_u64(fields.date_hi, lo)),
        Bound::Unbounded,
    );
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, Box::new(starts_before_end) as Box<dyn Query>),
        (Occur::Must, Box::new(ends_after_start)),
    ]))
}

/// Matches dispatches with any of `facets` (or a descendant), without
/// changing scores.
pub(crate) fn facet_filter(field: tantivy::schema::Field, facets: &[Facet]) -> Box<dyn Query> {
    no_score(any_of(
        facets
            .iter()
            .map(|f| {
                Box::new(TermQuery::new(
                    Term::from_facet(field, f),
                    IndexRecordOption::Basic,
                )) as Box<dyn Query>
            })
            .collect(),
    ))
}

pub(crate) fn no_score(query: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(query, 0.0))
}

pub(crate) fn any_of(mut queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if queries.len() == 1 {
        return queries.remove(0);
    }
    Box::new(BooleanQuery::new(
        queries.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

/// Turns parsed queries and filters into tantivy queries for one index.
pub struct QueryBuilder<'a> {
    index: &'a OpenIndex,
    searcher: &'a Searcher,
}

impl<'a> QueryBuilder<'a> {
    /// A builder over an open index.
    pub fn new(index: &'a OpenIndex, searcher: &'a Searcher) -> Self {
        QueryBuilder { index, searcher }
    }

    /// The text fields an item searches, with their boosts (fields with a
    /// zero boost are left out).
    fn text_fields(&self, item: &Item) -> Vec<(tantivy::schema::Field, f32)> {
        let f = &self.index.fields;
        let boosts = &self.index.config.fields;
        let fields = match item.field {
            Some(QueryField::Title) => vec![(f.title, 1.0)],
            // The lead paragraph is indexed in `lead` only: the body is both.
            Some(QueryField::Body) => vec![(f.lead, 1.0), (f.body, 1.0)],
            _ => vec![
                (f.title, boosts.title.boost),
                (f.lead, boosts.body.boost + boosts.lead.boost),
                (f.body, boosts.body.boost),
            ],
        };
        fields
            .into_iter()
            .filter(|(_, boost)| *boost > 0.0)
            .collect()
    }

    /// One query per field, boosted, joined by OR; `None` without fields.
    fn over_fields(
        fields: &[(tantivy::schema::Field, f32)],
        make: impl Fn(tantivy::schema::Field) -> Box<dyn Query>,
    ) -> Option<Box<dyn Query>> {
        let per_field: Vec<Box<dyn Query>> = fields
            .iter()
            .map(|&(field, boost)| {
                let query = make(field);
                if (boost - 1.0).abs() > f32::EPSILON {
                    Box::new(BoostQuery::new(query, boost)) as Box<dyn Query>
                } else {
                    query
                }
            })
            .collect();
        (!per_field.is_empty()).then(|| any_of(per_field))
    }

    /// The query of a word or phrase over the text fields; `None` when it
    /// holds only stop words.
    fn text_query(&self, item: &Item) -> Option<Box<dyn Query>> {
        let tokens = self.index.analyzer.analyze(&item.text);
        let first = tokens.first()?.position;
        Self::over_fields(&self.text_fields(item), |field| {
            if tokens.len() == 1 {
                Box::new(TermQuery::new(
                    Term::from_field_text(field, &tokens[0].term),
                    IndexRecordOption::WithFreqs,
                ))
            } else {
                Box::new(PhraseQuery::new_with_offset(
                    tokens
                        .iter()
                        .map(|t| (t.position - first, Term::from_field_text(field, &t.term)))
                        .collect(),
                ))
            }
        })
    }

    /// One query per distinct word of the item (a phrase's words taken
    /// separately): what a partial match may match on.
    fn word_queries(&self, item: &Item) -> Vec<Box<dyn Query>> {
        let fields = self.text_fields(item);
        let mut terms = self.index.analyzer.terms(&item.text);
        terms.sort();
        terms.dedup();
        terms
            .iter()
            .filter_map(|term| {
                Self::over_fields(&fields, |field| {
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, term),
                        IndexRecordOption::WithFreqs,
                    ))
                })
            })
            .collect()
    }

    /// Facet values of `field` in the index whose last step folds equal to `name`.
    fn facets_named(
        &self,
        field: tantivy::schema::Field,
        name: &str,
    ) -> Result<Vec<Facet>, SearchError> {
        // Compared lower-cased, without accents, with one apostrophe.
        let norm =
            |s: &str| fold(&s.to_lowercase()).replace(['\u{2019}', '\u{2018}', '\u{2bc}'], "'");
        let wanted = norm(name.trim());
        let mut found = Vec::new();
        for segment in self.searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted
                .terms()
                .stream()
                .map_err(|e| SearchError::Engine(e.to_string()))?;
            while stream.advance() {
                let Ok(facet) = Facet::from_encoded(stream.key().to_vec()) else {
                    continue;
                };
                let matches = facet
                    .to_path()
                    .last()
                    .is_some_and(|last| norm(last) == wanted)
                    || norm(&facet.to_path().join("/")) == wanted;
                if matches && !found.contains(&facet) {
                    found.push(facet);
                }
            }
        }
        Ok(found)
    }

    /// The filter of a region name (alias, country, province or path).
    pub fn region_filter(&self, name: &str) -> Result<Box<dyn Query>, SearchError> {
        let field = self.index.fields.region;
        let facets = match self.index.names()?.resolve_region(name) {
            Some(path) => vec![Facet::from_path(path)],
            None => self.facets_named(field, name)?,
        };
        if facets.is_empty() {
            return Err(SearchError::Filter(format!(
                "unknown region {name:?}: it is neither in the gazetteer nor in the index (see `depeche facets region`)"
            )));
        }
        Ok(facet_filter(field, &facets))
    }

    /// The filter of a source name (alias or name as extracted).
    pub fn source_filter(&self, name: &str) -> Result<Box<dyn Query>, SearchError> {
        let field = self.index.fields.source;
        let mut facets = self.facets_named(field, name)?;
        if let Some(canonical) = self.index.names()?.resolve_source(name) {
            let facet = Facet::from_path([canonical]);
            if !facets.contains(&facet) {
                facets.push(facet);
            }
        }
        if facets.is_empty() {
            // Open-ended: a source nobody cites matches nothing.
            facets.push(Facet::from_path([name.trim()]));
        }
        Ok(facet_filter(field, &facets))
    }

    /// The filter of a period.
    pub fn period_filter(&self, what: &str, text: &str) -> Result<Box<dyn Query>, SearchError> {
        let (lo, hi) =
            period_bounds(text).map_err(|e| SearchError::Filter(format!("{what}: {e}")))?;
        Ok(no_score(date_filter(&self.index.fields, lo, hi)))
    }

    /// The query of one item (text, or a `region:`/`source:`/`date:` filter).
    pub fn item_query(&self, item: &Item) -> Result<Option<Box<dyn Query>>, SearchError> {
        let column = |e: SearchError| match e {
            SearchError::Filter(message) => SearchError::Query(QueryError {
                column: item.column,
                message,
            }),
            other => other,
        };
        Ok(match item.field {
            Some(QueryField::Region) => Some(self.region_filter(&item.text).map_err(column)?),
            Some(QueryField::Source) => Some(self.source_filter(&item.text).map_err(column)?),
            Some(QueryField::Date) => {
                Some(self.period_filter("date:", &item.text).map_err(column)?)
            }
            _ => self.text_query(item),
        })
    }
}

/// The built queries of a request.
pub struct Plan {
    /// Every requirement, the filters and the exclusions.
    pub full: Box<dyn Query>,
    /// Any word of the text requirements, with the filters and exclusions;
    /// `None` when the query has a single requirement.
    pub partial: Option<Box<dyn Query>>,
    /// The analysed terms of the text requirements, to highlight.
    pub terms: HashSet<String>,
}

/// Builds the queries of a parsed query and the request's filters.
pub fn plan(
    builder: &QueryBuilder<'_>,
    request: &SearchRequest,
    parsed: &ParsedQuery,
) -> Result<Plan, SearchError> {
    let mut filters: Vec<Box<dyn Query>> = Vec::new();
    if request.from.is_some() || request.to.is_some() {
        let lo = match &request.from {
            Some(from) => {
                period_bounds(from)
                    .map_err(|e| SearchError::Filter(format!("--from: {e}")))?
                    .0
            }
            None => 0,
        };
        let hi = match &request.to {
            Some(to) => {
                period_bounds(to)
                    .map_err(|e| SearchError::Filter(format!("--to: {e}")))?
                    .1
            }
            None => u64::MAX,
        };
        if lo > hi {
            return Err(SearchError::Filter(format!(
                "--from {} is after --to {}",
                request.from.as_deref().unwrap_or(""),
                request.to.as_deref().unwrap_or("")
            )));
        }
        filters.push(no_score(date_filter(&builder.index.fields, lo, hi)));
    }
    if !request.regions.is_empty() {
        let regions = request
            .regions
            .iter()
            .map(|r| builder.region_filter(r))
            .collect::<Result<Vec<_>, _>>()?;
        filters.push(any_of(regions));
    }
    if !request.sources.is_empty() {
        let sources = request
            .sources
            .iter()
            .map(|s| builder.source_filter(s))
            .collect::<Result<Vec<_>, _>>()?;
        filters.push(any_of(sources));
    }

    let mut terms = HashSet::new();
    let mut required: Vec<Box<dyn Query>> = Vec::new();
    // A partial match matches any word of the text items (phrases split
    // into their words, the whole phrase adding to the score).
    let mut partial_clauses: Vec<Box<dyn Query>> = Vec::new();
    for group in &parsed.groups {
        let mut alternatives = Vec::new();
        for item in group {
            let query = builder.item_query(item)?;
            if matches!(
                item.field,
                None | Some(QueryField::Title) | Some(QueryField::Body)
            ) {
                terms.extend(builder.index.analyzer.terms(&item.text));
                partial_clauses.extend(builder.word_queries(item));
                if item.phrase {
                    partial_clauses.extend(query.as_ref().map(|q| q.box_clone()));
                }
            }
            alternatives.extend(query);
        }
        if !alternatives.is_empty() {
            required.push(any_of(alternatives));
        }
    }
    let mut excluded = Vec::new();
    for item in &parsed.excluded {
        if let Some(q) = builder.item_query(item)? {
            excluded.push(q);
        }
    }
    if required.is_empty() && filters.is_empty() {
        let column = parsed
            .groups
            .first()
            .and_then(|g| g.first())
            .map_or(1, |i| i.column);
        return Err(SearchError::Query(QueryError {
            column,
            message: if parsed.groups.is_empty() {
                "the query has no word to search for (give words, or a filter such as --region)"
                    .to_string()
            } else {
                "the query has only stop words (le, de, à …), which are not indexed".to_string()
            },
        }));
    }
    let assemble = |positive: Vec<Box<dyn Query>>| -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if positive.is_empty() {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        clauses.extend(positive.into_iter().map(|q| (Occur::Must, q)));
        clauses.extend(filters.iter().map(|q| (Occur::Must, q.box_clone())));
        clauses.extend(excluded.iter().map(|q| (Occur::MustNot, q.box_clone())));
        Box::new(BooleanQuery::new(clauses))
    };
    let partial = if required.len() >= 2 && !partial_clauses.is_empty() {
        Some(assemble(vec![any_of(partial_clauses)]))
    } else {
        None
    };
    Ok(Plan {
        full: assemble(required),
        partial,
        terms,
    })
}
