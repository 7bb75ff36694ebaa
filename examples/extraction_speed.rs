//! Measures the extraction speed over a few thousand synthetic dispatches
//! (built here from template sentences, places and sources) and prints
//! MB/s per core. Run it optimised:
//! `cargo run --release --example extraction_speed [DISPATCHES] [FOLDER]`;
//! with a folder, its `*.txt` dispatches are used instead (repeated up to
//! DISPATCHES).

use std::time::Instant;

use depeche::config::Config;
use depeche::extract::Extractor;
use depeche::ingest::parse;

const PLACES: &[&str] = &[
    "Deraa",
    "Alep",
    "Idleb",
    "Mossoul",
    "Kirkouk",
    "Hodeida",
    "Taëz",
    "Kharkiv",
    "Odessa",
    "Gao",
    "Kidal",
    "Tripoli",
    "Benghazi",
    "Kaboul",
    "Kunduz",
    "Beyrouth",
    "Gaza",
    "Toulouse",
    "Marseille",
    "Belgorod",
    "Diffa",
    "Niamey",
    "Bamako",
    "Homs",
];
const COUNTRIES: &[&str] = &[
    "Syrie",
    "Irak",
    "Yémen",
    "Ukraine",
    "Mali",
    "Libye",
    "Afghanistan",
    "Liban",
    "France",
    "Russie",
    "Niger",
    "Jordanie",
    "Turquie",
];
const SOURCES: &[&str] = &[
    "l'Observatoire syrien des droits de l'Homme (OSDH)",
    "l'ONU",
    "le ministère de la Défense",
    "Human Rights Watch",
    "une source sécuritaire",
    "des habitants",
    "l'armée",
    "le CICR",
    "la porte-parole du HCR, Marie Dupont",
    "le gouverneur local Ahmed Karim",
];
const TEMPLATES: &[&str] = &[
    "Des frappes ont visé la province de {P}, dans le nord de la {C}, a indiqué {S}.",
    "Au moins {N} civils ont été tués près de {P}, selon {S}.",
    "\"La situation est très difficile\", a déclaré à l'AFP un habitant de {P}, Samer Homsi.",
    "Les combats se poursuivaient jeudi à {P}, d'après {S}, qui fait état de {N} blessés.",
    "Le gouvernement a annoncé un couvre-feu dans la région de {P}, alors que des milliers de personnes ont fui vers la {C}.",
    "{S} a appelé toutes les parties à protéger les civils et à permettre l'accès de l'aide.",
    "Les négociations, parrainées par Moscou, ont échoué mercredi, a précisé un diplomate sous couvert de l'anonymat.",
    "Selon un correspondant de l'AFP, des colonnes de fumée s'élevaient au-dessus de {P} en fin de journée.",
];

/// A small deterministic generator (no external crate needed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn dispatch(rng: &mut Lcg) -> String {
    let mut text = String::from("date 2020-01-15 ");
    let paragraphs = 6 + rng.next(8);
    for p in 0..paragraphs {
        if p > 0 {
            text.push_str("\n\n");
        }
        for _ in 0..(1 + rng.next(3)) {
            let t = TEMPLATES[rng.next(TEMPLATES.len())];
            let s = t
                .replace("{P}", PLACES[rng.next(PLACES.len())])
                .replace("{C}", COUNTRIES[rng.next(COUNTRIES.len())])
                .replace("{S}", SOURCES[rng.next(SOURCES.len())])
                .replace("{N}", &(3 + rng.next(200)).to_string());
            text.push_str(&s);
            text.push(' ');
        }
    }
    text
}

/// Nanoseconds this thread has run on a CPU (Linux), to discount the time
/// other processes take on a shared machine.
fn cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5000);
    let x = Extractor::from_config(&Config::default())?;
    let mut rng = Lcg(42);
    let dispatches: Vec<_> = match std::env::args().nth(2) {
        Some(folder) => {
            let mut texts = Vec::new();
            for entry in std::fs::read_dir(&folder)? {
                let path = entry?.path();
                if path.extension().is_some_and(|e| e == "txt") {
                    texts.push(std::fs::read_to_string(&path)?);
                }
            }
            if texts.is_empty() {
                return Err(format!("no .txt dispatch in {folder}").into());
            }
            (0..count).map(|i| parse(&texts[i % texts.len()])).collect()
        }
        None => (0..count).map(|_| parse(&dispatch(&mut rng))).collect(),
    };
    let bytes: usize = dispatches
        .iter()
        .map(|d| d.paragraphs.iter().map(|p| p.text.len() + 2).sum::<usize>())
        .sum();
    // Warm up, then measure.
    for d in dispatches.iter().take(100) {
        std::hint::black_box(x.extract(d));
    }
    let cpu_start = cpu_ns();
    let start = Instant::now();
    let mut facets = 0usize;
    for d in &dispatches {
        let f = x.extract(d);
        facets += f.regions.len() + f.sources.len();
    }
    let secs = start.elapsed().as_secs_f64();
    let mb = bytes as f64 / 1e6;
    println!(
        "{count} dispatches, {mb:.1} MB in {secs:.2} s wall: {:.1} MB/s ({facets} facets)",
        mb / secs
    );
    if let (Some(a), Some(b)) = (cpu_start, cpu_ns()) {
        let cpu = (b - a) as f64 / 1e9;
        println!("CPU time {cpu:.2} s: {:.1} MB/s per core", mb / cpu);
    }
    Ok(())
}
