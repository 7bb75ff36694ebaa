//! Sources cited: who a dispatch attributes information to.
//!
//! Cues are the reporting verbs in any tense and person (with their
//! auxiliaries, adverbs and inversions `a-t-il ajouté`) and the attribution
//! prepositions (`selon`, `d'après`, `de source`, `à en croire`, `cité par`).
//! For each cue outside a quotation:
//! - after a preposition, the noun phrase that follows is the source;
//! - after a verb preceded by a comma, a quote or nothing (inverted: `",
//!   a indiqué l'OSDH"`), the noun phrase after the verb (past time words,
//!   `sur Twitter`, `dans un communiqué`) is the source;
//! - otherwise the subject before the verb is (`Human Rights Watch a
//!   appelé`); a pronoun subject (`il a ajouté`, `déplore-t-il`) credits no
//!   one new;
//! - `à X` after the verb credits X when X is an organisation or agency
//!   (`a déclaré à l'AFP Samer Homsi` → AFP and Samer Homsi); `par X` after a
//!   participle credits X (`cité par l'agence Sana`).
//!
//! A noun phrase credits: a known source (with an apposition `, Person`); a
//! role (`le directeur de l'OSDH, Rami Abdel Rahmane`) credits the
//! organisation after `de` and the person named; a ministry, army, police …
//! with its demonym and complement, normalised to `ministère ukrainien de la
//! Défense`, `armée malienne` (a bare `l'armée` takes the demonym of the
//! country the dispatch is most about); an acronym (or `Nom complet (SIGLE)`,
//! linked for the whole dispatch) credits the acronym; two or more
//! capitalised words a person (a later surname alone is the same person); an
//! anonymous head (`source`, `responsable`, `témoins`, `habitants` …) with
//! no named organisation credits the phrase without its article
//! (`sources diplomatiques`).

use std::collections::HashMap;

use super::lexicon::{
    ADVERBS, ANONYMOUS_HEADS, AUXILIARIES, COMMON_ACRONYMS, CONTAINER_NOUNS, DETERMINERS,
    GOVERNMENT_HEADS, HONORIFICS, NAME_PARTICLES, NOT_NAMES, ORGANISATION_WORDS, ROLE_NOUNS,
    TIME_WORDS,
};
use super::regions::CountrySupport;
use super::text::key;
use super::{Doc, Extractor, Hit, Mention, SourceFacet, SourceKind};

const PRONOUNS: &[&str] = &[
    "il", "elle", "ils", "elles", "on", "j", "je", "nous", "vous",
];
const BOUNDARIES: &[&str] = &[
    "qui", "que", "qu", "dont", "lorsque", "lorsqu", "quand", "mais", "car", "si", "tandis",
    "puisque", "comme", "selon", "ou",
];
const PLATFORMS: &[&str] = &[
    "twitter",
    "x",
    "facebook",
    "telegram",
    "instagram",
    "youtube",
    "whatsapp",
    "tiktok",
    "linkedin",
    "bluesky",
    "threads",
    "truth",
    "social",
    "vk",
    "weibo",
    "internet",
    "site",
    "compte",
    "page",
    "chaine",
    "reseaux",
    "sociaux",
    "reseau",
    "social",
    "web",
    "ligne",
    "antenne",
    "plateau",
    "ondes",
];

/// A source found in the dispatch.
#[derive(Debug, Clone)]
struct Credit {
    name: String,
    kind: SourceKind,
}

struct Ctx<'a> {
    x: &'a Extractor,
    doc: &'a Doc,
    mentions: &'a [Mention],
    /// Token → mention index, `u32::MAX` for none.
    at: Vec<u32>,
    /// Acronym → canonical name, from `Nom complet (SIGLE)` definitions.
    definitions: HashMap<String, (String, SourceKind)>,
    /// Folded full name → acronym, from the same definitions.
    full_names: HashMap<String, String>,
    /// Persons seen: canonical name and its lower-case words.
    persons: Vec<(String, Vec<String>)>,
    /// Demonym forms of the country the dispatch is most about.
    main_demonyms: Option<[String; 4]>,
}

impl Ctx<'_> {
    fn mention(&self, i: usize) -> Option<&Mention> {
        let k = *self.at.get(i)?;
        if k == u32::MAX {
            return None;
        }
        let m = &self.mentions[k as usize];
        (m.first == i).then_some(m)
    }

    fn known_at(&self, i: usize) -> Option<(usize, usize)> {
        let m = self.mention(i)?;
        m.hits.iter().find_map(|h| match *h {
            Hit::Source(s) => Some((s as usize, m.last)),
            _ => None,
        })
    }

    fn place_at(&self, i: usize) -> bool {
        self.mention(i).is_some_and(|m| {
            m.hits
                .iter()
                .any(|h| matches!(h, Hit::Place(_) | Hit::Demonym(_)))
        })
    }

    fn demonym_at(&self, i: usize) -> Option<usize> {
        let m = self.mention(i)?;
        if m.last != i + 1 {
            return None;
        }
        m.hits.iter().find_map(|h| match *h {
            Hit::Demonym(c) => Some(c as usize),
            _ => None,
        })
    }

    fn is_cue(&self, i: usize) -> bool {
        self.mention(i).is_some_and(|m| {
            m.hits
                .iter()
                .any(|h| matches!(h, Hit::Verb | Hit::Preposition))
        })
    }

    fn lower(&self, i: usize) -> String {
        self.doc.lower(i)
    }

    fn word(&self, i: usize) -> bool {
        self.doc.tokens.get(i).is_some_and(|t| t.word)
    }

    fn cap(&self, i: usize) -> bool {
        self.doc.tokens.get(i).is_some_and(|t| t.word && t.cap)
    }

    fn known(&self, s: usize) -> Credit {
        let k = &self.x.sources[s];
        Credit {
            name: k.name.clone(),
            kind: k.kind,
        }
    }

    /// Skips determiners, honorifics (`M.`) and elision apostrophes.
    fn skip_determiners(&self, mut j: usize, limit: usize) -> (usize, bool) {
        let mut titled = false;
        while j < limit {
            let w = self.lower(j);
            if self.word(j) && DETERMINERS.contains(&w.as_str()) {
                j += 1;
            } else if self.word(j) && HONORIFICS.contains(&w.as_str()) {
                titled = true;
                j += 1;
                if self.doc.tok(j) == "." {
                    j += 1;
                }
            } else if w == "'" {
                j += 1;
            } else {
                break;
            }
        }
        (j, titled)
    }

    /// A person's name at `j`: capitalised words with particles, not a
    /// place, month or organisation word. Returns the end token.
    fn name_at(&self, j: usize, limit: usize) -> Option<usize> {
        if !self.cap(j) || self.place_at(j) || self.known_at(j).is_some() || self.is_cue(j) {
            return None;
        }
        let first = self.lower(j);
        if NOT_NAMES.contains(&first.as_str()) || ORGANISATION_WORDS.contains(&first.as_str()) {
            return None;
        }
        let mut end = j;
        let mut k = j;
        while k < limit {
            let w = self.lower(k);
            if self.cap(k)
                && !self.doc.tokens[k].acronym
                && !self.place_at(k)
                && !NOT_NAMES.contains(&w.as_str())
            {
                k += 1;
                end = k;
            } else if (self.word(k) && NAME_PARTICLES.contains(&w.as_str()) || w == "'" && end == k)
                && self.cap(k + 1)
            {
                k += 1;
            } else {
                break;
            }
        }
        (end > j).then_some(end)
    }

    /// Registers a person and returns its canonical name: a name whose
    /// words end an earlier full name is that person.
    fn person(&mut self, first: usize, end: usize, titled: bool) -> Option<Credit> {
        let words: Vec<String> = (first..end)
            .filter(|&i| self.word(i))
            .map(|i| self.lower(i))
            .collect();
        if words.is_empty() {
            return None;
        }
        for (name, known) in &self.persons {
            if known.len() >= words.len() && known[known.len() - words.len()..] == words[..] {
                return Some(Credit {
                    name: name.clone(),
                    kind: SourceKind::Person,
                });
            }
        }
        let caps = (first..end).filter(|&i| self.cap(i)).count();
        if caps < 2 && !titled {
            return None;
        }
        let name = self
            .doc
            .original(first, end)
            .trim_end_matches(['\'', '’'])
            .to_string();
        self.persons.push((name.clone(), words));
        Some(Credit {
            name,
            kind: SourceKind::Person,
        })
    }

    /// `, Person` or `Person` right after a credited phrase.
    fn apposition(&mut self, mut j: usize, limit: usize, out: &mut Vec<Credit>) -> usize {
        let comma = self.doc.tok(j) == ",";
        if comma {
            j += 1;
        }
        if let Some(end) = self.name_at(j, limit) {
            let closes = end >= limit
                || matches!(self.doc.tok(end), "," | "." | ")" | ";" | ":" | "\"")
                || self.is_cue(end)
                || AUXILIARIES.contains(&self.lower(end).as_str());
            if closes || !comma {
                if let Some(p) = self.person(j, end, !comma) {
                    out.push(p);
                    let mut e = end;
                    if comma && self.doc.tok(e) == "," {
                        e += 1;
                    }
                    return e;
                }
            }
        }
        if comma {
            j - 1
        } else {
            j
        }
    }

    /// A government phrase at `j` (`ministère ukrainien de la Défense`,
    /// `l'armée malienne`); returns its canonical name and end.
    fn government(&self, j: usize, limit: usize) -> Option<(String, usize)> {
        let w = self.lower(j);
        let two = format!("{w} {}", self.lower(j + 1));
        let (head_len, feminine, plural) = GOVERNMENT_HEADS.iter().find_map(|&(h, f, p)| {
            if h == two {
                Some((2, f, p))
            } else if h == w {
                Some((1, f, p))
            } else {
                None
            }
        })?;
        let mut k = j + head_len;
        let head = self.doc.original(j, k).to_lowercase();
        let mut demonym: Option<String> = None;
        if k < limit && self.demonym_at(k).is_some() {
            demonym = Some(self.doc.original(k, k + 1).to_lowercase());
            k += 1;
        }
        // Complement: "de la Défense", "des Affaires étrangères", "de l'Intérieur".
        let mut complement = String::new();
        if k < limit && matches!(self.lower(k).as_str(), "de" | "du" | "des" | "d") {
            let (c, _) = self.skip_determiners(k, limit);
            if self.cap(c) && !self.place_at(c) && self.known_at(c).is_none() {
                let mut e = c + 1;
                while e < limit
                    && self.word(e)
                    && !self.cap(e)
                    && self.demonym_at(e).is_none()
                    && matches!(
                        self.lower(e).as_str(),
                        "etrangeres"
                            | "interieures"
                            | "sociales"
                            | "publics"
                            | "publique"
                            | "nationale"
                            | "anciens"
                            | "combattants"
                            | "exterieures"
                    )
                {
                    e += 1;
                }
                complement = self.doc.original(k, e).to_string();
                k = e;
                if demonym.is_none() && k < limit && self.demonym_at(k).is_some() {
                    demonym = Some(self.doc.original(k, k + 1).to_lowercase());
                    k += 1;
                }
            }
        }
        if demonym.is_none() && complement.is_empty() {
            if matches!(
                head.as_str(),
                "ambassade"
                    | "mairie"
                    | "prefecture"
                    | "commandement"
                    | "regime"
                    | "régime"
                    | "garde"
                    | "justice"
                    | "forces"
                    | "marine"
                    | "aviation"
            ) {
                return None;
            }
            let forms = self.main_demonyms.as_ref()?;
            let form = match (feminine, plural) {
                (false, false) => &forms[0],
                (true, false) => &forms[1],
                (false, true) => &forms[2],
                (true, true) => &forms[3],
            };
            demonym = Some(form.clone());
        }
        let mut name = head;
        if let Some(d) = demonym {
            name.push(' ');
            name.push_str(&d);
        }
        if !complement.is_empty() {
            name.push(' ');
            name.push_str(&complement);
        }
        Some((name, k))
    }

    /// The sources a noun phrase at `i` (ending before `limit`) credits,
    /// and the token after it.
    fn noun_phrase(&mut self, i: usize, limit: usize, depth: usize) -> (Vec<Credit>, usize) {
        let mut out = Vec::new();
        let (mut j, titled) = self.skip_determiners(i, limit);
        if j >= limit || depth > 3 {
            return (out, j);
        }
        if let Some((s, end)) = self.known_at(j) {
            out.push(self.known(s));
            j = end;
            j = self.skip_definition(j);
            j = self.apposition(j, limit, &mut out);
            return (out, j);
        }
        if !self.word(j) || self.place_at(j) {
            return (out, j);
        }
        let w = self.lower(j);
        if !self.cap(j) {
            if let Some((name, end)) = self.government(j, limit) {
                let canonical = self.x.resolve_source(&name);
                let kind = canonical
                    .as_deref()
                    .and_then(|c| self.x.sources.iter().find(|s| s.name == c))
                    .map_or(SourceKind::Government, |s| s.kind);
                out.push(Credit {
                    name: canonical.unwrap_or(name),
                    kind,
                });
                let e = self.apposition(end, limit, &mut out);
                return (out, e);
            }
            let role = ROLE_NOUNS.contains(&w.as_str())
                || ANONYMOUS_HEADS.contains(&w.as_str())
                || CONTAINER_NOUNS.contains(&w.as_str());
            if !role {
                return (out, j);
            }
            let head_start = j;
            j += 1;
            // "porte-parole", "haut responsable", adjectives and demonyms.
            let mut adjectives = 0;
            while j < limit && self.word(j) && !self.cap(j) && adjectives < 3 {
                let a = self.lower(j);
                if DETERMINERS.contains(&a.as_str())
                    || AUXILIARIES.contains(&a.as_str())
                    || self.is_cue(j)
                    || matches!(
                        a.as_str(),
                        "a" | "sur"
                            | "dans"
                            | "en"
                            | "pour"
                            | "par"
                            | "qui"
                            | "que"
                            | "et"
                            | "ou"
                            | "selon"
                            | "cite"
                            | "citee"
                            | "cites"
                            | "citees"
                    )
                {
                    break;
                }
                if self.known_at(j).is_some() {
                    break;
                }
                j += 1;
                adjectives += 1;
            }
            let head_end = j;
            let mut named = false;
            // Complement: "de l'OSDH", "du ministère de la Défense".
            if j < limit && matches!(self.lower(j).as_str(), "de" | "du" | "des" | "d") {
                let (credits, end) = self.noun_phrase(j, limit, depth + 1);
                if !credits.is_empty() {
                    named = true;
                    out.extend(credits);
                    j = end;
                }
            } else if let Some((s, end)) = self.known_at(j) {
                // "l'organisation Human Rights Watch", "l'agence Sana".
                out.push(self.known(s));
                named = true;
                j = self.skip_definition(end);
            }
            // The person named after the role.
            let before = out.len();
            let e = self.apposition(j, limit, &mut out);
            if out.len() > before {
                named = true;
                j = e;
            } else if !named && j < limit && self.cap(j) {
                // An organisation named after its kind: "l'ONG Amnesty".
                if let Some((c, e)) = self.capitalised(j, limit, true) {
                    out.push(c);
                    named = true;
                    j = e;
                }
            }
            if !named && ANONYMOUS_HEADS.contains(&w.as_str()) {
                let phrase = self.doc.original(head_start, head_end).to_lowercase();
                let name = self.x.resolve_source(&phrase).unwrap_or(phrase);
                out.push(Credit {
                    name,
                    kind: SourceKind::Anonymous,
                });
            }
            return (out, j);
        }
        if let Some((c, e)) = self.capitalised(j, limit, titled) {
            out.push(c);
            j = e;
            if out.last().is_some_and(|c| c.kind != SourceKind::Person) {
                j = self.apposition(j, limit, &mut out);
            }
        }
        (out, j)
    }

    /// Skips `(SIGLE)` after a name.
    fn skip_definition(&self, j: usize) -> usize {
        if self.doc.tok(j) == "("
            && self.doc.tokens.get(j + 1).is_some_and(|t| t.acronym)
            && self.doc.tok(j + 2) == ")"
        {
            j + 3
        } else {
            j
        }
    }

    /// A capitalised phrase at `j`: an acronym, an organisation name or a
    /// person's name.
    fn capitalised(&mut self, j: usize, limit: usize, titled: bool) -> Option<(Credit, usize)> {
        let t = *self.doc.tokens.get(j)?;
        if t.acronym {
            let a = self.doc.tok(j).to_string();
            if COMMON_ACRONYMS.contains(&a.as_str()) {
                return None;
            }
            if let Some((name, kind)) = self.definitions.get(&a) {
                return Some((
                    Credit {
                        name: name.clone(),
                        kind: *kind,
                    },
                    j + 1,
                ));
            }
            return Some((
                Credit {
                    name: a,
                    kind: SourceKind::Organisation,
                },
                j + 1,
            ));
        }
        let w = self.lower(j);
        if ORGANISATION_WORDS.contains(&w.as_str()) && !DETERMINERS.contains(&w.as_str()) {
            let mut e = j + 1;
            while e < limit && (self.word(e) || self.doc.tok(e) == "'") {
                let x = self.lower(e);
                if self.is_cue(e)
                    || BOUNDARIES.contains(&x.as_str())
                    || AUXILIARIES.contains(&x.as_str()) && x != "de"
                    || matches!(
                        x.as_str(),
                        "a" | "sur" | "dans" | "lors" | "et" | "pour" | "en" | "apres" | "avant"
                    )
                    || TIME_WORDS.contains(&x.as_str()) && !matches!(x.as_str(), "de" | "la" | "d")
                {
                    break;
                }
                e += 1;
            }
            if self.doc.tok(e) == "(" && self.doc.tokens.get(e + 1).is_some_and(|t| t.acronym) {
                let a = self.doc.tok(e + 1).to_string();
                return Some((
                    Credit {
                        name: self.x.resolve_source(&a).unwrap_or(a),
                        kind: SourceKind::Organisation,
                    },
                    self.skip_definition(e),
                ));
            }
            let phrase = self.doc.original(j, e).to_string();
            if let Some(a) = self.full_names.get(&key(&phrase)) {
                return Some((
                    Credit {
                        name: a.clone(),
                        kind: SourceKind::Organisation,
                    },
                    e,
                ));
            }
            if e - j < 2 {
                return None;
            }
            return Some((
                Credit {
                    name: self.x.resolve_source(&phrase).unwrap_or(phrase),
                    kind: SourceKind::Organisation,
                },
                e,
            ));
        }
        let end = self.name_at(j, limit)?;
        let p = self.person(j, end, titled)?;
        Some((p, end))
    }

    /// Collects the `Nom complet (SIGLE)` definitions of the dispatch.
    fn collect_definitions(&mut self) {
        let n = self.doc.tokens.len();
        for i in 1..n.saturating_sub(2) {
            if self.doc.tok(i) != "("
                || !self.doc.tokens[i + 1].acronym
                || self.doc.tok(i + 2) != ")"
            {
                continue;
            }
            let acronym = self.doc.tok(i + 1).to_string();
            // A known source ending right before the bracket.
            if let Some(k) = (i.saturating_sub(12)..i).find(|&s| {
                self.mention(s).is_some_and(|m| {
                    m.last == i && m.hits.iter().any(|h| matches!(h, Hit::Source(_)))
                })
            }) {
                if let Some((s, _)) = self.known_at(k) {
                    let c = self.known(s);
                    self.definitions.insert(acronym, (c.name, c.kind));
                }
                continue;
            }
            if let Some(known) = self.x.resolve_source(&acronym) {
                let kind = self
                    .x
                    .sources
                    .iter()
                    .find(|s| s.name == known)
                    .map_or(SourceKind::Organisation, |s| s.kind);
                self.definitions.insert(acronym, (known, kind));
                continue;
            }
            // The capitalised phrase before the bracket.
            let s = self.doc.sentence_of(i);
            let start = self.doc.sentence_first_token.get(s).copied().unwrap_or(0);
            let mut k = i;
            let mut first_cap = None;
            while k > start && i - k < 12 {
                k -= 1;
                if !self.word(k) && self.doc.tok(k) != "'" {
                    break;
                }
                if self.cap(k) {
                    first_cap = Some(k);
                }
            }
            if let Some(f) = first_cap {
                let phrase = self.doc.original(f, i).to_string();
                self.full_names.insert(key(&phrase), acronym.clone());
                self.definitions
                    .insert(acronym.clone(), (acronym, SourceKind::Organisation));
            }
        }
    }

    /// The start of the verb group ending at cue token `v` (auxiliaries,
    /// adverbs, negation, inverted pronouns), and whether its subject is a
    /// pronoun.
    fn verb_group_start(&self, v: usize, sentence_start: usize) -> (usize, bool) {
        let mut g = v;
        let mut pronoun = false;
        while g > sentence_start {
            let w = self.lower(g - 1);
            if !self.word(g - 1) && w != "'" {
                break;
            }
            if w == "'"
                || AUXILIARIES.contains(&w.as_str())
                || ADVERBS.contains(&w.as_str())
                    && !matches!(w.as_str(), "de" | "son" | "sa" | "pour" | "par")
            {
                if PRONOUNS.contains(&w.as_str()) {
                    pronoun = true;
                }
                g -= 1;
            } else {
                break;
            }
        }
        (g, pronoun)
    }

    /// Skips what may stand between a verb and its inverted subject.
    fn skip_after_verb(&mut self, mut j: usize, limit: usize, out: &mut Vec<Credit>) -> usize {
        let mut guard = 0;
        while j < limit && guard < 12 {
            guard += 1;
            let w = self.lower(j);
            match w.as_str() {
                "," if matches!(self.lower(j + 1).as_str(), "t" | "il" | "elle") => j += 1,
                "t" | "il" | "elle" | "ils" | "elles" | "on" => j += 1,
                "sur" => {
                    j += 1;
                    let (k, _) = self.skip_determiners(j, limit);
                    j = k;
                    while j < limit && PLATFORMS.contains(&self.lower(j).as_str()) {
                        j += 1;
                    }
                }
                "dans" | "lors" | "devant" | "sous" => {
                    j += 1;
                    let (k, _) = self.skip_determiners(j, limit);
                    j = k;
                    while j < limit
                        && self.word(j)
                        && !self.cap(j)
                        && !DETERMINERS.contains(&self.lower(j).as_str())
                    {
                        j += 1;
                    }
                    if self.doc.tok(j) == "'" {
                        j += 1;
                    }
                }
                "a" | "au" | "aux" => {
                    // The channel: "a déclaré à l'AFP".
                    let (credits, end) = self.noun_phrase(j + 1, limit, 1);
                    let useful: Vec<Credit> = credits
                        .into_iter()
                        .filter(|c| !matches!(c.kind, SourceKind::Anonymous))
                        .collect();
                    if useful.is_empty() {
                        // "à la presse", "aux journalistes", "à Deraa".
                        let (k, _) = self.skip_determiners(j + 1, limit);
                        j = k + 1;
                        while j < limit
                            && self.word(j)
                            && !self.cap(j)
                            && !DETERMINERS.contains(&self.lower(j).as_str())
                            && !self.is_cue(j)
                        {
                            j += 1;
                        }
                    } else {
                        out.extend(useful);
                        j = end;
                    }
                }
                _ if TIME_WORDS.contains(&w.as_str())
                    && !matches!(w.as_str(), "de" | "la" | "d" | "son" | "sa" | "leur") =>
                {
                    j += 1
                }
                _ if w.chars().all(|c| c.is_ascii_digit()) => j += 1,
                _ => break,
            }
        }
        j
    }

    /// The sources credited by the cue mention `m`.
    fn attribution(&mut self, m: &Mention) -> Vec<Credit> {
        let mut out = Vec::new();
        let s = m.sentence;
        let start = self.doc.sentence_first_token.get(s).copied().unwrap_or(0);
        let end = self.doc.sentence_end_token(s);
        // Inside a quotation: not an attribution.
        let quotes = (start..m.first)
            .filter(|&i| self.doc.tok(i) == "\"")
            .count();
        if quotes % 2 == 1 {
            return out;
        }
        let preposition = m.hits.iter().any(|h| matches!(h, Hit::Preposition));
        if preposition {
            let cue = (m.first..m.last)
                .map(|i| self.lower(i))
                .collect::<Vec<_>>()
                .join(" ");
            if cue.starts_with("de source") {
                // "de source diplomatique" → the anonymous source.
                let mut e = m.last;
                while e < end && self.word(e) && !self.cap(e) && e - m.last < 3 {
                    e += 1;
                }
                if e > m.last {
                    let phrase = format!("source {}", self.doc.original(m.last, e).to_lowercase());
                    let name = self.x.resolve_source(&phrase).unwrap_or(phrase);
                    out.push(Credit {
                        name,
                        kind: SourceKind::Anonymous,
                    });
                }
                return out;
            }
            let (credits, _) = self.noun_phrase(m.last, end, 0);
            out.extend(credits);
            return out;
        }
        // A reflexive ("se poursuivent") is not a statement.
        if m.first > start && matches!(self.lower(m.first - 1).as_str(), "se" | "s") {
            return out;
        }
        // Agent of a participle: "cité par l'agence Sana", "annoncé par Kiev".
        if self.is(m.last, "par") {
            let (credits, _) = self.noun_phrase(m.last + 1, end, 0);
            out.extend(credits);
            return out;
        }
        let (g, pronoun_before) = self.verb_group_start(m.first, start);
        let inverted = g == start || matches!(self.doc.tok(g - 1), "," | "\"" | ":" | ";");
        let after = self.skip_after_verb(m.last, end, &mut out);
        let pronoun_after = (m.last..after).any(|i| PRONOUNS.contains(&self.lower(i).as_str()));
        if pronoun_before || pronoun_after {
            return out;
        }
        if inverted {
            let (credits, _) = self.noun_phrase(after, end, 0);
            out.extend(credits);
            return out;
        }
        // Subject before the verb: from the last boundary, or after a comma.
        let mut b = g;
        while b > start {
            let w = self.lower(b - 1);
            let t = self.doc.tok(b - 1);
            if matches!(t, "\"" | ";" | ":")
                || BOUNDARIES.contains(&w.as_str())
                || self.is_cue(b - 1)
            {
                break;
            }
            b -= 1;
        }
        let mut starts = vec![b];
        starts.extend((b..g).filter(|&i| self.doc.tok(i) == ",").map(|i| i + 1));
        for st in starts {
            let (credits, e) = self.noun_phrase(st, g, 0);
            let e = if self.doc.tok(e) == "," { e + 1 } else { e };
            if !credits.is_empty() && e >= g {
                out.extend(credits);
                break;
            }
            // "X et Y ont dénoncé".
            if !credits.is_empty() && self.is(e, "et") {
                let (more, e2) = self.noun_phrase(e + 1, g, 0);
                if !more.is_empty() && e2 >= g {
                    out.extend(credits);
                    out.extend(more);
                    break;
                }
            }
        }
        out
    }

    fn is(&self, i: usize, w: &str) -> bool {
        self.doc.is(i, w)
    }
}

/// The sources a dispatch cites, in order of first citation.
pub fn sources(
    x: &Extractor,
    doc: &Doc,
    mentions: &[Mention],
    support: &CountrySupport,
) -> Vec<SourceFacet> {
    let mut at = vec![u32::MAX; doc.tokens.len()];
    for (k, m) in mentions.iter().enumerate() {
        for slot in at.iter_mut().take(m.last).skip(m.first) {
            *slot = k as u32;
        }
    }
    let main_demonyms = support
        .first()
        .filter(|(_, s)| *s >= 1.0)
        .and_then(|(c, _)| x.country_demonyms.get(c).cloned());
    let mut ctx = Ctx {
        x,
        doc,
        mentions,
        at,
        definitions: HashMap::new(),
        full_names: HashMap::new(),
        persons: Vec::new(),
        main_demonyms,
    };
    ctx.collect_definitions();
    let mut out: Vec<SourceFacet> = Vec::new();
    for m in mentions {
        if !m
            .hits
            .iter()
            .any(|h| matches!(h, Hit::Verb | Hit::Preposition))
        {
            continue;
        }
        for credit in ctx.attribution(m) {
            let name = credit.name.trim().to_string();
            if name.is_empty() || out.iter().any(|s| key(&s.name) == key(&name)) {
                continue;
            }
            out.push(SourceFacet {
                name,
                kind: credit.kind,
                evidence: doc.sentence_text(m.sentence),
            });
        }
    }
    out
}
