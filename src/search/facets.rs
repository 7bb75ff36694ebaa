//! Facet counts over every dispatch a query matches.
//!
//! For each facet field, each matching dispatch counts once for every value
//! it has and once for every ancestor of those values (a dispatch about
//! `Syrie/Deraa` and `Syrie/Alep` counts once for `Syrie`). Values are
//! facet paths joined with `/` (`Syrie/Deraa`, `2018/07`).

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::fastfield::FacetReader;
use tantivy::schema::Facet;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Counts of the values of several facet fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FacetCounts {
    /// Per field name: value path → number of matching dispatches.
    pub fields: HashMap<String, HashMap<String, u64>>,
}

impl FacetCounts {
    /// Counts of one field, top values first (ties by value), with at most
    /// `max_depth` levels (`None`: all levels).
    pub fn top(&self, field: &str, max_depth: Option<usize>) -> Vec<(String, u64)> {
        let mut values: Vec<(String, u64)> = self
            .fields
            .get(field)
            .map(|m| {
                m.iter()
                    .filter(|(k, _)| max_depth.is_none_or(|d| k.split('/').count() <= d))
                    .map(|(k, v)| (k.clone(), *v))
                    .collect()
            })
            .unwrap_or_default();
        values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        values
    }
}

/// Collector of [`FacetCounts`] for the named facet fields.
#[derive(Debug, Clone)]
pub struct FacetCountsCollector {
    fields: Vec<String>,
}

impl FacetCountsCollector {
    /// Counts the given facet fields.
    pub fn new(fields: &[&str]) -> FacetCountsCollector {
        FacetCountsCollector {
            fields: fields.iter().map(|s| s.to_string()).collect(),
        }
    }
}

/// Per-segment state of one facet field: counts per facet ordinal, and the
/// ordinals of documents with several values (to count a shared ancestor
/// once). Ordinals are turned into paths once, at harvest, in one sorted
/// pass over the dictionary.
struct FieldCounter {
    name: String,
    reader: FacetReader,
    counts: Vec<u32>,
    /// Ordinals of multi-valued documents, each list ended by `u64::MAX`.
    multi: Vec<u64>,
    scratch: Vec<u64>,
}

impl FieldCounter {
    fn collect(&mut self, doc: DocId) {
        self.scratch.clear();
        self.scratch.extend(self.reader.facet_ords(doc));
        for &ord in &self.scratch {
            if let Some(count) = self.counts.get_mut(ord as usize) {
                *count += 1;
            }
        }
        if self.scratch.len() > 1 {
            self.multi.extend_from_slice(&self.scratch);
            self.multi.push(u64::MAX);
        }
    }

    /// Value path → count, every ancestor included, each document counted
    /// once per path.
    fn harvest(self) -> HashMap<String, u64> {
        let mut used: Vec<u64> = self
            .counts
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(ord, _)| ord as u64)
            .collect();
        used.sort_unstable();
        let mut paths: HashMap<u64, Vec<String>> = HashMap::with_capacity(used.len());
        let mut ords = used.iter();
        let resolved = self
            .reader
            .facet_dict()
            .sorted_ords_to_term_cb(&used, |bytes| {
                let Some(&ord) = ords.next() else { return };
                if let Ok(facet) = Facet::from_encoded(bytes.to_vec()) {
                    let steps = facet.to_path();
                    let ancestors = (1..=steps.len())
                        .map(|depth| steps[..depth].join("/"))
                        .collect();
                    paths.insert(ord, ancestors);
                }
            });
        let mut out: HashMap<String, u64> = HashMap::new();
        if resolved.is_err() {
            return out;
        }
        for &ord in &used {
            let count = u64::from(self.counts[ord as usize]);
            for path in paths.get(&ord).into_iter().flatten() {
                *out.entry(path.clone()).or_insert(0) += count;
            }
        }
        // A document whose values share an ancestor counted it once per
        // value: take the extra counts back.
        for doc_ords in self
            .multi
            .split(|&o| o == u64::MAX)
            .filter(|d| !d.is_empty())
        {
            let mut seen: HashMap<&str, u64> = HashMap::new();
            for ord in doc_ords {
                for path in paths.get(ord).into_iter().flatten() {
                    *seen.entry(path.as_str()).or_insert(0) += 1;
                }
            }
            for (path, times) in seen {
                if times > 1 {
                    if let Some(count) = out.get_mut(path) {
                        *count -= times - 1;
                    }
                }
            }
        }
        out
    }
}

/// Segment part of [`FacetCountsCollector`].
pub struct FacetCountsSegment {
    counters: Vec<FieldCounter>,
}

impl Collector for FacetCountsCollector {
    type Fruit = FacetCounts;
    type Child = FacetCountsSegment;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<FacetCountsSegment> {
        let mut counters = Vec::new();
        for name in &self.fields {
            let reader = segment.facet_reader(name)?;
            counters.push(FieldCounter {
                name: name.clone(),
                counts: vec![0; reader.num_facets()],
                reader,
                multi: Vec::new(),
                scratch: Vec::new(),
            });
        }
        Ok(FacetCountsSegment { counters })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetCounts>) -> tantivy::Result<FacetCounts> {
        let mut merged = FacetCounts::default();
        for fruit in fruits {
            for (field, counts) in fruit.fields {
                let target = merged.fields.entry(field).or_default();
                for (value, count) in counts {
                    *target.entry(value).or_insert(0) += count;
                }
            }
        }
        for name in &self.fields {
            merged.fields.entry(name.clone()).or_default();
        }
        Ok(merged)
    }
}

impl SegmentCollector for FacetCountsSegment {
    type Fruit = FacetCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for counter in &mut self.counters {
            counter.collect(doc);
        }
    }

    fn harvest(self) -> FacetCounts {
        let mut counts = FacetCounts::default();
        for counter in self.counters {
            let name = counter.name.clone();
            counts.fields.insert(name, counter.harvest());
        }
        counts
    }
}
