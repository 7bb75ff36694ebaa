//! Prints the facets extracted from dispatch files, with their evidence:
//! `cargo run --example extract_facets -- FILE…`.

use depeche::config::Config;
use depeche::extract::Extractor;
use depeche::ingest::{decode, parse};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let x = Extractor::from_config(&Config::default())?;
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path)?;
        let (text, _) = decode(&bytes)?;
        let dispatch = parse(&text);
        let facets = x.extract(&dispatch);
        println!("== {path}");
        for (path, score) in x.region_scores(&dispatch) {
            println!("  score {score:5.1} {path}");
        }
        for r in &facets.regions {
            println!("region {}  <- {}", r.name(), r.evidence);
        }
        for s in &facets.sources {
            println!("source {} ({})  <- {}", s.name, s.kind.name(), s.evidence);
        }
    }
    Ok(())
}
