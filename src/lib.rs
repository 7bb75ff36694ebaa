//! depeche: a search engine for archives of French news dispatches.
//!
//! Data flows through the modules in this order: [`ingest`] (walk, decode,
//! parse a dispatch), [`analysis`] (the French analyzer), [`extract`]
//! (facets: date, region, sources), [`index`] (schema, writer), [`search`]
//! (query language, ranking, passages, facet counts) and [`cli`] (commands
//! and output). [`config`] holds the settings of `index-schema.toml`.

pub mod analysis;
pub mod cli;
pub mod config;
pub mod extract;
pub mod index;
pub mod ingest;
pub mod search;
