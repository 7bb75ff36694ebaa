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

/// Per-segment state of one facet field.
struct FieldCounter {
    name: String,
    reader: FacetReader,
    /// Facet ordinal → ids of the value and its ancestors (lazily filled).
    ancestors: Vec<Option<Vec<u32>>>,
    /// Value path of each id.
    paths: Vec<String>,
    path_ids: HashMap<String, u32>,
    counts: Vec<u64>,
    /// Ids seen for the current document.
    scratch: Vec<u32>,
}

impl FieldCounter {
    fn ids_of(&mut self, ord: u64) -> &[u32] {
        let slot = ord as usize;
        if self.ancestors[slot].is_none() {
            let mut facet = Facet::root();
            let mut ids = Vec::new();
            if self.reader.facet_from_ord(ord, &mut facet).is_ok() {
                let steps: Vec<String> = facet.to_path().iter().map(|s| s.to_string()).collect();
                for depth in 1..=steps.len() {
                    let path = steps[..depth].join("/");
                    let next_id = self.paths.len() as u32;
                    let id = *self.path_ids.entry(path.clone()).or_insert(next_id);
                    if id == next_id {
                        self.paths.push(path);
                        self.counts.push(0);
                    }
                    ids.push(id);
                }
            }
            self.ancestors[slot] = Some(ids);
        }
        self.ancestors[slot].as_deref().unwrap_or(&[])
    }

    fn collect(&mut self, doc: DocId) {
        let ords: Vec<u64> = self.reader.facet_ords(doc).collect();
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        for ord in ords {
            if (ord as usize) < self.ancestors.len() {
                scratch.extend_from_slice(self.ids_of(ord));
            }
        }
        scratch.sort_unstable();
        scratch.dedup();
        for &id in &scratch {
            self.counts[id as usize] += 1;
        }
        self.scratch = scratch;
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
            let num = reader.num_facets();
            counters.push(FieldCounter {
                name: name.clone(),
                reader,
                ancestors: vec![None; num],
                paths: Vec::new(),
                path_ids: HashMap::new(),
                counts: Vec::new(),
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
            let map = counter
                .paths
                .into_iter()
                .zip(counter.counts)
                .filter(|(_, c)| *c > 0)
                .collect();
            counts.fields.insert(counter.name, map);
        }
        counts
    }
}
