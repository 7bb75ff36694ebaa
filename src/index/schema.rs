//! The tantivy schema of a depeche index: one document per dispatch.
//!
//! | field | type | role |
//! |---|---|---|
//! | `path` | stored | path as the indexer saw it |
//! | `key` | string, indexed, fast | absolute path: the file's identity |
//! | `title` | terms | `title:` header |
//! | `lead` | terms | first running-text paragraph (only here) |
//! | `body` | terms, one value per paragraph | every other paragraph |
//! | `title_text` | stored | `title:` header as written |
//! | `body_text` | stored, one value per paragraph | every paragraph as written |
//! | `intertitle` | u64, stored | indices of the paragraphs that are intertitles |
//! | `date` | facet `/YYYY/MM[/DD]` | date hierarchy |
//! | `date_text` | string, stored | the date as the dispatch gave it |
//! | `date_lo`, `date_hi` | u64 `YYYYMMDD`, indexed, fast | first and last day covered |
//! | `region` | facet `/Country[/Province]`, stored | regions |
//! | `source` | facet `/Name`, stored | sources cited |
//! | `size`, `mtime`, `hash` | u64, fast | file state for incremental runs |
//!
//! The "terms" fields are indexed with positions; their values are the terms
//! lines the French analyzer wrote on depeche's threads
//! ([`crate::analysis::FrenchAnalyzer::write_terms`]), which tantivy only
//! splits ([`crate::analysis::TermsTokenizer`]). The text itself is stored
//! apart, in the `_text` fields.

use tantivy::schema::{
    FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED,
    STORED, STRING,
};

use crate::analysis::TERMS_TOKENIZER_NAME;

/// Handles to every field of the schema.
#[derive(Debug, Clone)]
pub struct Fields {
    /// The tantivy schema.
    pub schema: Schema,
    /// Display path.
    pub path: Field,
    /// Absolute path (identity).
    pub key: Field,
    /// Terms of the title header.
    pub title: Field,
    /// Terms of the first paragraph.
    pub lead: Field,
    /// Terms of the paragraphs.
    pub body: Field,
    /// Title header, stored.
    pub title_text: Field,
    /// Paragraphs, stored.
    pub body_text: Field,
    /// Intertitle paragraph indices.
    pub intertitle: Field,
    /// Date facet.
    pub date: Field,
    /// Date as given.
    pub date_text: Field,
    /// First day covered.
    pub date_lo: Field,
    /// Last day covered.
    pub date_hi: Field,
    /// Region facet.
    pub region: Field,
    /// Source facet.
    pub source: Field,
    /// File size.
    pub size: Field,
    /// File modification time (ns).
    pub mtime: Field,
    /// Content hash (xxh3-64).
    pub hash: Field,
}

/// Errors matching an index's schema.
#[derive(Debug, thiserror::Error)]
#[error("the index has no field {0:?}: it was not built by this version of depeche")]
pub struct MissingField(pub String);

impl Fields {
    /// Builds the schema of a new index.
    pub fn build() -> Fields {
        let mut builder = Schema::builder();
        let terms = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TERMS_TOKENIZER_NAME)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        builder.add_text_field("path", STORED);
        builder.add_text_field("key", STRING | FAST);
        builder.add_text_field("title", terms.clone());
        builder.add_text_field("lead", terms.clone());
        builder.add_text_field("body", terms);
        builder.add_text_field("title_text", STORED);
        builder.add_text_field("body_text", STORED);
        builder.add_u64_field("intertitle", STORED);
        builder.add_facet_field("date", FacetOptions::default());
        builder.add_text_field("date_text", STORED);
        builder.add_u64_field("date_lo", INDEXED | FAST);
        builder.add_u64_field("date_hi", INDEXED | FAST);
        builder.add_facet_field("region", FacetOptions::default().set_stored());
        builder.add_facet_field("source", FacetOptions::default().set_stored());
        builder.add_u64_field("size", FAST);
        builder.add_u64_field("mtime", FAST);
        builder.add_u64_field("hash", FAST);
        let schema = builder.build();
        Fields::from_schema(&schema).expect("the built schema has every field")
    }

    /// Finds the fields in an existing index's schema.
    pub fn from_schema(schema: &Schema) -> Result<Fields, MissingField> {
        let get = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| MissingField(name.to_string()))
        };
        Ok(Fields {
            schema: schema.clone(),
            path: get("path")?,
            key: get("key")?,
            title: get("title")?,
            lead: get("lead")?,
            body: get("body")?,
            title_text: get("title_text")?,
            body_text: get("body_text")?,
            intertitle: get("intertitle")?,
            date: get("date")?,
            date_text: get("date_text")?,
            date_lo: get("date_lo")?,
            date_hi: get("date_hi")?,
            region: get("region")?,
            source: get("source")?,
            size: get("size")?,
            mtime: get("mtime")?,
            hash: get("hash")?,
        })
    }
}
