//! Turning a stored document into a [`Hit`].

use std::collections::HashSet;

use tantivy::schema::{OwnedValue, Value};
use tantivy::TantivyDocument;

use super::{passages, Hit, PassageOptions};
use crate::index::OpenIndex;
use crate::ingest::dispatch::shorten;

fn stored_strings(
    document: &TantivyDocument,
    field: tantivy::schema::Field,
) -> impl Iterator<Item = &str> {
    document.get_all(field).filter_map(|v| v.as_str())
}

fn stored_facets(document: &TantivyDocument, field: tantivy::schema::Field) -> Vec<String> {
    document
        .get_all(field)
        .filter_map(|v| match OwnedValue::from(v) {
            OwnedValue::Facet(f) => Some(f.to_path().join("/")),
            _ => None,
        })
        .collect()
}

/// The hit of a stored document: its fields, and its best passages for the
/// query terms.
pub fn make_hit(
    index: &OpenIndex,
    document: &TantivyDocument,
    rank: usize,
    score: Option<f32>,
    partial: bool,
    terms: &HashSet<String>,
    options: PassageOptions,
) -> Hit {
    let f = &index.fields;
    let paragraphs: Vec<&str> = stored_strings(document, f.body_text).collect();
    let intertitles: HashSet<usize> = document
        .get_all(f.intertitle)
        .filter_map(|v| v.as_u64())
        .map(|v| v as usize)
        .collect();
    let title = stored_strings(document, f.title_text)
        .next()
        .map(str::to_string)
        .unwrap_or_else(|| {
            let lead = (0..paragraphs.len()).find(|i| !intertitles.contains(i));
            lead.map(|i| shorten(paragraphs[i], 120))
                .unwrap_or_default()
        });
    Hit {
        rank,
        score,
        path: stored_strings(document, f.path)
            .next()
            .unwrap_or("")
            .to_string(),
        date: stored_strings(document, f.date_text)
            .next()
            .map(str::to_string),
        title,
        partial,
        regions: stored_facets(document, f.region),
        sources: stored_facets(document, f.source),
        passages: passages::best_passages(
            &index.analyzer,
            &paragraphs,
            &intertitles,
            terms,
            options,
        ),
    }
}
