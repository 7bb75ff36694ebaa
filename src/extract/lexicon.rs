//! Word lists of the extraction: reporting verbs and their forms, words that
//! introduce an attribution, locative frames, role nouns. All forms are
//! folded lower-case (accents removed), as the text is folded. Lists used
//! for membership are hash sets built on first use.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// FNV-1a: a fast hasher for the short words of the lists (no untrusted
/// keys are inserted; the lists are fixed).
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A set of words with the [`Fnv`] hasher.
pub type WordSet = HashSet<&'static str, BuildHasherDefault<Fnv>>;

/// Reporting verbs of the first group (`-er`), by infinitive; every tense
/// and person is derived from the stem.
#[rustfmt::skip]
const ER_VERBS: &[&str] = &[
    "resumer", "lancer", "publier", "diffuser", "rejeter", "qualifier", "revendiquer",
    "exiger", "juger", "recenser", "denombrer", "tancer", "ironiser", "s'exclamer",
    "soupirer", "lacher", "trancher", "fustiger", "avertir", "reclamer", "plaider", "feliciter",
    "minimiser", "s'alarmer", "s'indigner", "s'insurger", "s'interroger", "s'emporter",
    "s'agacer", "enumerer", "montrer", "deceler",
    // Only before a warning level ("a placé le Gard en vigilance rouge",
    // "a levé l'alerte"): see `VIGILANCE_STEMS`.
    "placer", "lever",
    "indiquer",
    "affirmer",
    "declarer",
    "annoncer",
    "assurer",
    "estimer",
    "expliquer",
    "preciser",
    "ajouter",
    "souligner",
    "denoncer",
    "rapporter",
    "confier",
    "raconter",
    "accuser",
    "confirmer",
    "signaler",
    "insister",
    "temoigner",
    "noter",
    "relever",
    "deplorer",
    "regretter",
    "rappeler",
    "appeler",
    "exhorter",
    "reclamer",
    "condamner",
    "critiquer",
    "relater",
    "commenter",
    "marteler",
    "tweeter",
    "certifier",
    "jurer",
    "nier",
    "contester",
    "evoquer",
    "mentionner",
    "reveler",
    "constater",
    "repeter",
    "s'inquieter",
    "alerter",
    "saluer",
    "recommander",
    "suggerer",
    "detailler",
    "reaffirmer",
    "reiterer",
    "justifier",
    "pester",
];

/// Irregular reporting verbs: every finite form and the participle.
#[rustfmt::skip]
const IRREGULAR_FORMS: &[&str] = &[
    "promet", "promettent", "promis", "promettait", "laisse entendre", "laissait entendre",
    "demande", "demandent", "demandait", "demandaient", "repris par", "reprise par",
    "relaye par", "relayee par", "relayes par", "relayees par", "transmis a",
    "joint par", "jointe par", "joints par", "jointes par", "interroge par", "interrogee par",
    "interroges par", "interrogees par", "contacte par", "contactee par", "contactes par",
    "contactees par", "rencontre par", "rencontree par", "rencontres par", "rencontrees par",
    "a vu", "ont vu", "avait vu", "avaient vu", "a pu voir", "ont pu voir", "a etabli", "ont etabli", "avait etabli", "avaient etabli",
    "fait valoir", "s'etait dit", "s'etait dite", "s'etaient dits", "s'etaient dites",
    "s'est montre", "s'est montree", "s'est dit", "s'est dite", "se sont dits", "se sont dites", "se dit",
    "se disent", "s'est declare", "s'est declaree", "s'est felicite", "s'est felicitee",
    "s'est inquiete", "s'est alarme", "s'est alarmee", "s'est indigne", "s'est indignee",
    "poursuit", "poursuivi",
    "dit",
    "disent",
    "disait",
    "disaient",
    "dira",
    "diront",
    "dirait",
    "diraient",
    "dite",
    "ecrit",
    "ecrivent",
    "ecrivait",
    "ecrivaient",
    "ecrira",
    "ecrirait",
    "ecrite",
    "dement",
    "dementent",
    "dementait",
    "dementi",
    "dementie",
    "reconnait",
    "reconnaissent",
    "reconnaissait",
    "reconnu",
    "reconnue",
    "admet",
    "admettent",
    "admettait",
    "admis",
    "avertit",
    "avertissent",
    "avertissait",
    "averti",
    "previent",
    "previennent",
    "prevenait",
    "prevenu",
    // A prosecutor's demand ("le parquet a requis sept ans"); whoever
    // "a requis l'anonymat" spoke too ("un élu local ayant requis
    // l'anonymat a affirmé").
    "requiert",
    "requierent",
    "requerait",
    "requeraient",
    "requis",
    "requise",
    "conclut",
    "concluent",
    "concluait",
    "conclu",
    // A forecast ("Météo-France prévoit des cumuls de 80 mm"); a plan
    // ("prévoit de fermer") attributes nothing (see `attribution`).
    "prevoit",
    "prevoient",
    "prevoyait",
    "prevoyaient",
    "repond",
    "repondent",
    "repondait",
    "repondu",
    "reagit",
    "reagissent",
    "reagi",
    "soutient",
    "soutiennent",
    "soutenait",
    "soutenu",
    "maintient",
    "maintiennent",
    "maintenu",
    "decrit",
    "decrivent",
    "decrivait",
    "met en garde",
    "mis en garde",
    "mettent en garde",
    "fait savoir",
    "fait etat",
    "font etat",
    "faisait etat",
    "font savoir",
    "selon",
    "d'apres",
    "de source",
    "a en croire",
    "aux dires",
    "citant",
    "cite par",
    "citee par",
    "cites par",
    "citees par",
    "de sources",
    "appris aupres de",
    "appris aupres du",
    "appris aupres des",
];

/// Irregular stems of first-group verbs (double consonants).
fn er_stems(infinitive: &str) -> Vec<String> {
    // (One "er" off: "enumerer" is "enumer-", not "enum-".)
    let stem = infinitive
        .strip_suffix("er")
        .unwrap_or(infinitive)
        .to_string();
    match infinitive {
        "appeler" | "rappeler" => vec![stem.clone(), format!("{stem}l")],
        "repeter" => vec![stem],
        "jeter" => vec![stem.clone(), format!("{stem}t")],
        _ => vec![stem],
    }
}

/// Every folded form of the reporting verbs (finite forms and participles),
/// plus the prepositions and phrases of attribution (`selon`, `d'apres`,
/// `de source`, `cite par` …).
pub fn reporting_forms() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for inf in ER_VERBS {
        let inf = inf.trim_start_matches("s'");
        for stem in er_stems(inf) {
            for end in [
                "e", "ent", "ait", "aient", "a", "era", "erait", "ee", "ees", "ant",
            ] {
                out.push(format!("{stem}{end}"));
            }
        }
        // Future/conditional on the infinitive stem for -eler verbs.
        out.push(format!("{inf}a"));
        out.push(format!("{inf}ait"));
    }
    out.extend(IRREGULAR_FORMS.iter().map(|s| s.to_string()));
    out.sort();
    out.dedup();
    out
}

/// Verbs that report only in an incise after a quotation (", a lancé X"):
/// before their subject they are actions ("l'armée a lancé une offensive").
#[rustfmt::skip]
pub const INCISE_ONLY_STEMS: &[&str] = &[
    "lanc", "resum", "poursui", "ironis", "soupir", "lach", "tranch", "exclam", "montr",
    "emport", "agac", "enumer", "tanc",
];

/// Verbs that attribute only with a warning level after them, within a few
/// words: a weather or flood service placing a département "en vigilance
/// orange", lifting "l'alerte"; otherwise they are acts ("placé en garde à
/// vue", "lever des fonds").
pub const VIGILANCE_STEMS: &[&str] = &["plac", "lev"];

/// Is a folded lower-case word an attribution preposition (the source
/// follows: `selon X`) rather than a verb?
pub fn is_preposition_cue(form: &str) -> bool {
    matches!(
        form,
        "selon"
            | "d'apres"
            | "de source"
            | "de sources"
            | "a en croire"
            | "aux dires"
            | "citant"
            | "cite par"
            | "citee par"
            | "cites par"
            | "citees par"
            | "repris par"
            | "reprise par"
            | "relaye par"
            | "relayee par"
            | "relayes par"
            | "relayees par"
            | "transmis a"
            | "appris aupres de"
            | "appris aupres du"
            | "appris aupres des"
    )
}

/// Auxiliaries and semi-auxiliaries that may stand before a participle.
#[rustfmt::skip]
pub static AUXILIARIES: LazyLock<WordSet> = LazyLock::new(|| {
    [
    "a", "ont", "avait", "avaient", "aurait", "auraient", "aura", "auront", "avoir", "ayant",
    "eut", "est", "sont", "etait", "etaient", "sera", "seraient", "serait", "ete", "va", "vont",
    "venait", "vient", "viennent", "allait", "doit", "devait", "pourrait", "n", "ne", "pas",
    "jamais", "plus", "t", "il", "elle", "ils", "elles", "on", "s", "se",
]
    .into_iter()
    .collect()
});

/// Adverbs that may stand between an auxiliary and a participle, or right
/// after a verb before an inverted subject.
#[rustfmt::skip]
pub static ADVERBS: LazyLock<WordSet> = LazyLock::new(|| {
    [
    "egalement",
    "aussi",
    "encore",
    "notamment",
    "deja",
    "toutefois",
    "cependant",
    "pourtant",
    "ensuite",
    "enfin",
    "alors",
    "ainsi",
    "meme",
    "bien",
    "recemment",
    "rapidement",
    "clairement",
    "publiquement",
    "officiellement",
    "immediatement",
    "auparavant",
    "depuis",
    "lui",
    "leur",
    "par",
    "ailleurs",
    "surtout",
    "donc",
    "neanmoins",
    "finalement",
    "vivement",
    "fermement",
    "fortement",
    "seulement",
    "simplement",
    "uniquement",
    "toujours",
    "souvent",
    "brievement",
    "sobrement",
    "laconiquement",
    "formellement",
    "explicitement",
    "directement",
    "personnellement",
    "mardi",
    "lundi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "matin",
    "soir",
    "midi",
    "apres",
    "nuit",
    "hier",
    "aujourd'hui",
    "aujourd",
    "hui",
    "tard",
    "plus",
    "tot",
    "de",
    "son",
    "sa",
    "cote",
    "pour",
    "part",
]
    .into_iter()
    .collect()
});

/// Time words skipped after a verb ("a indiqué jeudi soir l'OSDH").
#[rustfmt::skip]
pub static TIME_WORDS: LazyLock<WordSet> = LazyLock::new(|| {
    [
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "matin",
    "soir",
    "midi",
    "apres",
    "nuit",
    "hier",
    "aujourd",
    "hui",
    "tard",
    "egalement",
    "aussi",
    "encore",
    "notamment",
    "ensuite",
    "enfin",
    "recemment",
    "immediatement",
    "alors",
    "ainsi",
    "meme",
    "pour",
    "part",
    "de",
    "son",
    "sa",
    "leur",
    "cote",
    "en",
    "outre",
    "par",
    "ailleurs",
    "toutefois",
    "cependant",
    "pourtant",
    "vendredi",
    "dans",
    "la",
    "journee",
    "fin",
    "debut",
    "d",
    "deja",
]
    .into_iter()
    .collect()
});

/// Determiners and possessives skipped before a noun phrase.
#[rustfmt::skip]
pub static DETERMINERS: LazyLock<WordSet> = LazyLock::new(|| {
    [
    "le",
    "la",
    "les",
    "l",
    "un",
    "une",
    "des",
    "du",
    "de",
    "d",
    "son",
    "sa",
    "ses",
    "leur",
    "leurs",
    "ce",
    "cet",
    "cette",
    "ces",
    "plusieurs",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "certains",
    "certaines",
    "divers",
    "diverses",
    "nombreux",
    "nombreuses",
    "notre",
    "nos",
    "au",
    "aux",
]
    .into_iter()
    .collect()
});

/// Courtesy titles before a name.
#[rustfmt::skip]
pub static HONORIFICS: LazyLock<WordSet> = LazyLock::new(|| {
    ["m", "mm", "mme", "mmes", "mlle", "mgr", "dr", "pr", "me"]
    .into_iter()
    .collect()
});

/// Nouns of roles and titles ("le directeur de l'OSDH, Rami Abdel Rahmane",
/// "le militant Omar al-Hariri"): they credit the organisation that follows
/// with `de` and the person named after them.
#[rustfmt::skip]
pub static ROLE_NOUNS: LazyLock<WordSet> = LazyLock::new(|| {
    [
    "gestionnaire", "exploitant", "fournisseur", "operateur",
    "rebelles", "insurges", "islamistes", "jihadistes", "djihadistes", "miliciens", "membres",
    "partisans", "troupes", "hommes", "combattants",
    "directeur",
    "directrice",
    "pdg",
    "patron",
    "patronne",
    "president",
    "presidente",
    "copresident",
    "copresidente",
    "porte",
    "parole",
    "ministre",
    "chef",
    "cheffe",
    "responsable",
    "responsables",
    "militant",
    "militante",
    "militants",
    "commandant",
    "general",
    "colonel",
    "capitaine",
    "lieutenant",
    "secretaire",
    "ambassadeur",
    "ambassadrice",
    "emissaire",
    "envoye",
    "envoyee",
    "special",
    "speciale",
    "medecin",
    "habitant",
    "habitante",
    "temoin",
    "analyste",
    "chercheur",
    "chercheuse",
    "expert",
    "experte",
    "specialiste",
    "professeur",
    "journaliste",
    "correspondant",
    "correspondante",
    "depute",
    "deputee",
    "senateur",
    "senatrice",
    "maire",
    "gouverneur",
    "premier",
    "premiere",
    "chancelier",
    "chanceliere",
    "roi",
    "reine",
    "prince",
    "emir",
    "cheikh",
    "imam",
    "patriarche",
    "pape",
    "avocat",
    "avocate",
    "procureur",
    "procureure",
    "juge",
    "conseiller",
    "conseillere",
    "representant",
    "representante",
    "coordinateur",
    "coordinatrice",
    "haut",
    "haute",
    "commissaire",
    "vice",
    "adjoint",
    "adjointe",
    "dirigeant",
    "dirigeante",
    "fondateur",
    "fondatrice",
    "officier",
    "soldat",
    "combattant",
    "rebelle",
    "opposant",
    "opposante",
    "activiste",
    "photographe",
    "reporter",
    "eveque",
    "archeveque",
    "rabbin",
    "dignitaire",
    "notable",
    "chef",
    "commandante",
    "membre",
    "proche",
    "mere",
    "pere",
    "frere",
    "soeur",
    "fils",
    "fille",
    "epouse",
    "mari",
    "cousin",
    "oncle",
    "voisin",
    "voisine",
    "refugie",
    "refugiee",
    "agriculteur",
    "commercant",
    "enseignant",
    "etudiant",
    "etudiante",
    "infirmier",
    "infirmiere",
    "chirurgien",
    "pharmacien",
    "directeurs",
    "secouriste",
    "sauveteur",
    "policier",
    "gendarme",
    "diplomate",
    "economiste",
    "historien",
    "politologue",
    "sociologue",
    "ingenieur",
    "pilote",
    "capitaine",
    "leader",
    "candidat",
    "candidate",
    "dirigeants",
    "residente",
    "resident",
    "administrateur",
    "administratrice",
    "patron",
    "patronne",
    "delegue",
    "deleguee",
    "mediateur",
    "negociateur",
    "enqueteur",
    "observateur",
    "inspecteur",
    "gardien",
    "survivant",
    "survivante",
    "blesse",
    "victime",
    "auteur",
    "ecrivain",
    "poete",
    "artiste",
    "cineaste",
    "acteur",
    "actrice",
    "chanteur",
    "entraineur",
    "joueur",
    "sportif",
    "ancien",
    "ancienne",
    "nouveau",
    "nouvelle",
    "jeune",
    "vieux",
    "vieil",
    "vieille",
    "militaire",
    "homme",
    "femme",
    "garcon",
    "agent",
    "elu",
    "elue",
    "maire",
    "prefet",
    "prefete",
    "vizir",
    "consul",
    "attache",
    "charge",
    "numero",
    "chargee",
    "affaires",
    "generale",
    "superieur",
    "adjoints",
    "ex",
    "tweet",
    "message",
    "commandants",
    "officiel",
    "officiels",
    "chefs",
    "presidents",
    "ministres",
    "ministere",
    "communique",
    "rapport",
    "bilan",
    "declaration",
    "statement",
    "source",
    "sources",
    "texte",
    "document",
    "lettre",
    "video",
    "enquete",
    "etude",
    "publication",
    "compte",
    "site",
    "organisation",
    "ong",
    "agence",
    "groupe",
    "association",
    "observatoire",
    "quotidien",
    "journal",
    "hebdomadaire",
    "chaine",
    "television",
    "radio",
    "mouvement",
    "bureau",
    "cabinet",
    "entourage",
    "equipe",
    "service",
    "services",
    "media",
    "medias",
    "organe",
    "reseau",
    "plateforme",
    "fondation",
    "institut",
    "syndicat",
    "federation",
    "ligue",
    "comite",
    "conseil",
    "commission",
    "tribunal",
    "cour",
    "parquet",
    "milice",
    "faction",
]
    .into_iter()
    .collect()
});

/// Anonymous heads: a noun phrase with one of these heads and no named
/// organisation or person is an anonymous source ("selon des témoins").
#[rustfmt::skip]
pub static ANONYMOUS_HEADS: LazyLock<WordSet> = LazyLock::new(|| {
    [
    "marins", "voisin", "voisine", "voisins", "voisines",
    "pompiers", "intersyndicale", "prefet", "prefete", "gouverneur", "entourage", "porte",
    "proches", "sauveteurs", "medias",
    "militants", "changeurs", "commercant", "commercants", "notable", "notables", "journalistes",
    "separatistes", "pompiers", "editorialistes", "etudiant", "etudiante", "etudiants",
    "etudiantes", "agriculteur", "agriculteurs", "habitante", "habitantes", "refugie",
    "refugies", "manifestants", "manifestant", "survivants", "survivant", "deplaces",
    "familles", "voisins", "soldats", "soldat", "combattants", "combattant", "analystes",
    "analyste", "commandant", "commandants", "officiels", "secouriste", "sauveteurs",
    "infirmier", "infirmiere", "enseignant", "enseignante", "chauffeur", "pecheur", "eleveur",
    "ouvrier", "ouvriers", "policiere", "gendarme", "gendarmes", "enqueteurs", "avocat",
    "avocats", "activiste", "activistes", "opposant", "opposants", "rescape", "rescapes",
    "parent", "parents", "mere", "pere", "frere", "temoin", "passant", "passants", "fidele",
    "fideles", "responsable", "medecin", "sources", "pilote", "pilotes", "passager",
    "passagere", "passagers", "commercante", "vendeur", "vendeuse",
    "source",
    "sources",
    "responsable",
    "responsables",
    "temoin",
    "temoins",
    "habitant",
    "habitants",
    "diplomate",
    "diplomates",
    "medecin",
    "medecins",
    "officiel",
    "officiels",
    "militaire",
    "militaires",
    "officier",
    "officiers",
    "policier",
    "policiers",
    "secouriste",
    "secouristes",
    "enqueteur",
    "enqueteurs",
    "expert",
    "experts",
    "observateur",
    "observateurs",
    "proche",
    "proches",
    "resident",
    "residents",
    "elu",
    "elus",
    "dirigeant",
    "dirigeants",
    // Occupations that witnesses are named by in wire copy.
    "transporteur", "transporteurs", "routiers", "camionneur", "camionneurs", "chauffeurs",
    "pecheurs", "eleveurs", "paysan", "paysans", "villageois", "riverain", "riverains",
    "salarie", "salaries", "employe", "employes", "syndicaliste", "syndicalistes",
    "infirmiers", "infirmieres", "enseignants", "benevole", "benevoles", "humanitaires",
    "travailleurs",
    // Kin who speak for a victim or a defendant ("a déclaré sa compagne,
    // X", "a raconté son épouse"), beside mère, père, frère.
    "compagne", "compagnon", "epouse", "mari", "veuve", "veuf", "soeur", "fille", "fils",
    "oncle", "tante", "cousin", "cousine",
    // Who counts a crowd: "60.000 selon la police, 100.000 selon les
    // syndicats / les organisateurs".
    "organisateurs", "organisatrices", "syndicats",
]
    .into_iter()
    .collect()
});

/// Containers of a statement: "selon un communiqué de l'armée" credits the
/// army, never the communiqué.
#[rustfmt::skip]
pub static CONTAINER_NOUNS: LazyLock<WordSet> = LazyLock::new(|| {
    [
    "communique",
    "rapport",
    "bilan",
    "declaration",
    "statement",
    "texte",
    "document",
    "lettre",
    "video",
    "enquete",
    "etude",
    "publication",
    "compte",
    "site",
    "message",
    "tweet",
    "chiffres",
    "chiffre",
    "resultats",
    "resultat",
    "estimations",
    "estimation",
    "donnees",
    "decompte",
    "informations",
    "information",
    "sondage",
    "consensus",
    "porte",
    "parole",
    "entourage",
    "cabinet",
    "bureau",
    "services",
    "service",
    "equipe",
    "organe",
    "image",
    "images",
    "photos",
    "note",
    "avis",
    "resolution",
    "calcul",
    "calculs",
    "analyse",
    "analyses",
    "prevision",
    "previsions",
    "projection",
    "projections",
    "evaluation",
    "evaluations",
    "comptage",
    "recensement",
    "carte",
    "cartes",
    "courrier",
    "courriel",
    "documents",
    "rapports",
]
    .into_iter()
    .collect()
});

/// Government heads: with a demonym or a complement they name an
/// institution ("ministère ukrainien de la Défense", "armée malienne").
/// The flags: feminine, plural, local (named by its place, never given a
/// demonym: "préfecture de la Gironde", "parquet de Paris").
#[rustfmt::skip]
pub const GOVERNMENT_HEADS: &[(&str, bool, bool, bool)] = &[
    ("ministere", false, false, false),
    ("armee de l ' air", true, false, false),
    ("armee de terre", true, false, false),
    ("armee", true, false, false),
    ("gouvernement", false, false, false),
    ("presidence", true, false, false),
    ("police", true, false, false),
    ("gendarmerie", true, false, false),
    ("autorites", true, true, false),
    ("parquet", false, false, true),
    ("prefecture", true, false, true),
    ("mairie", true, false, true),
    ("municipalite", true, false, true),
    ("conseil municipal", false, false, true),
    ("conseil regional", false, false, true),
    ("gouvernorat", false, false, true),
    ("ambassade", true, false, true),
    ("marine", true, false, false),
    ("etat major", false, false, false),
    ("garde nationale", true, false, false),
    ("garde cotes", false, true, false),
    ("services de secours", false, true, false),
    ("service des gardes frontieres", false, false, false),
    ("gardes frontieres", false, true, false),
    ("protection civile", true, false, false),
    ("defense civile", true, false, false),
    ("renseignement militaire", false, false, false),
    ("services de renseignement", false, true, false),
    ("primature", true, false, false),
    ("junte", true, false, false),
    ("commandement", false, false, true),
];

/// The first words of [`GOVERNMENT_HEADS`].
pub static GOVERNMENT_FIRST_WORDS: LazyLock<WordSet> = LazyLock::new(|| {
    GOVERNMENT_HEADS
        .iter()
        .filter_map(|&(h, ..)| h.split(' ').next())
        .collect()
});

/// Locative words before a place that make it the place of events ("dans
/// la province de", "à", "près de"): the mention weighs [`STRONG`].
#[rustfmt::skip]
pub static LOCATIVE_NOUNS: LazyLock<WordSet> = LazyLock::new(|| {
    [
    "province",
    "provinces",
    "region",
    "regions",
    "gouvernorat",
    "ville",
    "villes",
    "localite",
    "localites",
    "village",
    "villages",
    "district",
    "departement",
    "circonscription",
    "circonscriptions",
    "prefecture",
    // "la cour d'assises du Nord": a département's court.
    "assises",
    "camp",
    "quartier",
    "quartiers",
    "bastion",
    "peripherie",
    "banlieue",
    "environs",
    "abords",
    "secteur",
    "zone",
    "wilaya",
    "oblast",
    "cercle",
    "commune",
    "municipalite",
    "cite",
    "agglomeration",
    "centre",
    "nord",
    "sud",
    "est",
    "ouest",
    "nord est",
    "nord ouest",
    "sud est",
    "sud ouest",
    "coeur",
    "capitale",
    "port",
    "aeroport",
    "base",
    "hopital",
    "campagne",
    "est",
    "ouest",
    "sein",
    "territoire",
    "rues",
    "pres",
    "alentours",
]
    .into_iter()
    .collect()
});

/// Words before a place that make the mention a passing one ("vers la
/// Jordanie", "frontière avec la Jordanie", "ministre de X", "visite à X").
#[rustfmt::skip]
pub static PASSING_WORDS: LazyLock<WordSet> = LazyLock::new(|| {
    [
    "reste", "restee", "restes", "restees",
    "savon", "savons",
    "frontaliere", "frontalier", "frontaliers", "frontalieres", "limitrophe",
    "aller", "partir", "traverser", "atteindre", "appelant", "viennent", "vient", "venant",
    "venait", "venaient",
    "venue", "venues", "cotes", "regime", "parquet", "mairie", "ministere", "tribunal",
    "procureur", "parlement", "consulat",
    "vers",
    "frontiere",
    "frontieres",
    "avec",
    "ambassadeur",
    "ambassadrice",
    "ambassade",
    "ministre",
    "president",
    "presidente",
    "visite",
    "tournee",
    "voyage",
    "fui",
    "fuir",
    "fuyant",
    "refugies",
    "refugie",
    "rentre",
    "revenu",
    "venu",
    "venus",
    "originaire",
    "destination",
    "exil",
    "exile",
    "exiles",
    "allie",
    "allies",
    "alliee",
    "soutien",
    "parrain",
    "parrains",
    "emissaire",
    "envoye",
    "representant",
    "delegation",
    "gouvernement",
    "chef",
    "roi",
    "emir",
    "depuis",
    "jusqu",
    "rejoindre",
    "gagner",
    "quitte",
    "quitter",
    "rendu",
    "rendue",
    "entre",
    "contre",
    "ennemi",
    "voisin",
    "voisine",
    "voisins",
    "relations",
    "accord",
    "cote",
    "face",
    // Waters named after a country or province ("le fleuve Niger", "le
    // lac Tchad", "le golfe d'Aden").
    "fleuve",
    "riviere",
    "lac",
    "golfe",
    "diplomatie",
    "chancellerie",
    "base",
    "basee",
    "bases",
    "basees",
    "installe",
    "installee",
    "installes",
    "siege",
    "joint",
    "jointe",
    "joints",
    "jointes",
    "contacte",
    "contactee",
    "interroge",
    "interrogee",
    "fief",
    "emigre",
    "emigres",
    "direction",
    "partir",
    "provenance",
    "partis",
    "parti",
    "transferes",
    "transfere",
    "evacues",
    "evacue",
    "deplaces",
    "comme",
    "exemple",
    "modele",
    "compare",
    "comparaison",
    "rappelant",
    "tel",
]
    .into_iter()
    .collect()
});

/// People of a medium: "des journalistes de l'AFP" is the AFP.
#[rustfmt::skip]
pub static MEDIA_WORKERS: LazyLock<WordSet> = LazyLock::new(|| {
    [
    "journaliste", "journalistes", "correspondant", "correspondante", "correspondants",
    "photographe", "photographes", "reporter", "reporters", "envoye", "envoyee", "envoyes",
    "videaste", "cameraman", "equipe", "equipes",
]
    .into_iter()
    .collect()
});

/// Heads of media phrases: "la télévision d'Etat syrienne", "la chaîne
/// Al-Masirah", "des médias locaux".
#[rustfmt::skip]
pub static MEDIA_HEADS: LazyLock<WordSet> = LazyLock::new(|| {
    [
    "television", "televisions", "chaine", "chaines", "radio", "radios", "quotidien",
    "quotidiens", "journal", "journaux", "hebdomadaire", "site", "sites", "media", "medias",
    "presse", "agence", "agences", "magazine", "mensuel", "organe", "radiotelevision",
    "audiovisuel",
]
    .into_iter()
    .collect()
});

/// Heads after which a capitalised name is an organisation ("la centrale
/// syndicale Histadrout", "le groupe Wagner", "l'ONG B'Tselem").
#[rustfmt::skip]
pub static ORGANISATION_HEADS: LazyLock<WordSet> = LazyLock::new(|| {
    [
    "mission", "operateur", "autorite", "office", "direction", "cabinet", "bureau",
    "organisation", "ong", "groupe", "association", "collectif", "mouvement", "parti",
    "centrale", "syndicat", "coalition", "milice", "faction", "alliance", "federation",
    "fondation", "institut", "societe", "compagnie", "entreprise", "operateur", "observatoire",
    "reseau", "organisme", "agence", "force", "forces", "brigade", "bataillon", "organe",
    "plateforme", "comite", "conseil", "commission", "ligue", "union", "front", "cellule",
    // Companies named after their trade ("le constructeur automobile
    // Stellantis", "le géant du luxe LVMH"); not trades that are also
    // persons' ("le producteur Luc Besson").
    "constructeur", "geant", "distributeur", "fabricant", "assureur", "transporteur",
    "equipementier", "armateur", "laboratoire", "banque", "gestionnaire", "exploitant",
    "fournisseur", "enseigne", "firme", "avionneur", "motoriste", "cimentier", "siderurgiste",
    "energeticien", "brasseur", "verrier", "papetier",
]
    .into_iter()
    .collect()
});

/// Words that end the modifiers of a head noun: prepositions, relatives,
/// participles of contact ("joint par téléphone", "cité par").
#[rustfmt::skip]
pub static MODIFIER_STOPS: LazyLock<WordSet> = LazyLock::new(|| {
    [
    "pres", "loin", "stationne", "stationnes", "deploye", "deployes", "arrive", "arrives",
    "a", "au", "aux", "sur", "dans", "en", "pour", "par", "qui", "que", "qu", "et", "ou",
    "selon", "cite", "citee", "cites", "citees", "joint", "jointe", "joints", "jointes",
    "contacte", "contactee", "contactes", "contactees", "interroge", "interrogee", "interroges",
    "interrogees", "base", "basee", "bases", "basees", "present", "presente", "presents",
    "presentes", "sous", "avec", "sans", "depuis", "lors", "dont", "ayant", "etant", "aupres",
    "apres", "avant", "chez", "entre", "vers", "contre", "ne", "n", "se", "s", "y", "il",
    "elle", "ils", "elles", "on", "lui", "leur", "ce", "cela", "ca", "tout", "tous", "toute",
    "toutes", "plus", "moins", "tres", "deja", "encore", "aussi", "egalement", "notamment",
    "mais", "car", "si", "comme", "quand", "lorsque", "ainsi", "alors", "puis", "ensuite",
    "enfin", "mardi", "lundi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "hier",
    "ans", "an", "age", "agee", "place",
    // Participles of a witness heard or met ("un expert entendu mardi").
    "entendu", "entendue", "entendus", "entendues", "rencontre", "rencontree", "rencontres",
    "rencontrees",
]
    .into_iter()
    .collect()
});

/// Words that make every place of their clause a passing mention, even
/// across a comma ("originaire de Saqqez, dans le Kurdistan iranien").
#[rustfmt::skip]
pub static PASSING_ANCHORS: LazyLock<WordSet> = LazyLock::new(|| {
    [
    "originaire", "originaires", "viennent", "venaient", "venait", "venus", "venu", "venue",
    "rentre", "rentres",
    "exile", "exiles", "natif", "native", "rejoindre", "gagner", "aller", "destination",
    "direction", "vers", "provenance", "rendre", "rendra", "rendront",
    // Where goods come from: "du vin produit en Espagne", "fabriqués en Chine".
    "produit", "produite", "produits", "produites", "fabrique", "fabriquee", "fabriques",
    "fabriquees", "importe", "importee", "importes", "importees",
    // Where a film was shot: "un film tourné à Ciudad Juárez" (not the
    // feminine, also the noun of a visit: "une tournée dans le Nord").
    "tourne", "tournes",
    // Where an earthquake was felt: "ressenti au Pakistan voisin, jusqu'à
    // Islamabad".
    "ressenti", "ressentie", "ressentis", "ressenties",
]
    .into_iter()
    .chain(INSTITUTIONS.iter().copied())
    .collect()
});

/// The institutions among [`PASSING_ANCHORS`].
#[rustfmt::skip]
pub static INSTITUTIONS: LazyLock<WordSet> = LazyLock::new(|| {
    [
    "ministere", "parquet", "mairie", "ambassade", "tribunal", "procureur", "parlement",
    "prefecture", "consulat",
]
    .into_iter()
    .collect()
});

/// Words of government in a sentence: a capital named there stands for
/// its country ("à Bamako, la junte a décrété").
#[rustfmt::skip]
pub static GOVERNMENT_WORDS: LazyLock<WordSet> = LazyLock::new(|| {
    [
    "gouvernement", "junte", "president", "presidente", "ministre", "ministres", "parlement",
    "autorites", "pouvoir", "transition", "regime", "premier", "conseil", "decret", "loi",
    "elections", "election", "scrutin", "assemblee", "deputes", "opposition", "partis",
    "negociations", "sommet", "ambassade", "diplomatique", "accord",
]
    .into_iter()
    .collect()
});

/// Words of events: a capital in a sentence with one is where it happens.
#[rustfmt::skip]
pub static EVENT_WORDS: LazyLock<WordSet> = LazyLock::new(|| {
    [
    "frappant", "invasion", "bombarde", "bombardee", "explose",
    "attentat", "attentats", "explosion", "explosions", "frappe", "frappes", "attaque",
    "attaques", "bombardement", "bombardements", "tues", "tuees", "morts", "blesses",
    "incendie", "manifestation", "manifestations", "manifestants", "combats", "affrontements",
    "tirs", "roquettes", "missiles", "drones", "kamikaze", "seisme", "inondations", "victimes",
    "pilonnage", "raid", "raids", "assaut", "emeutes", "heurts", "coupures",
]
    .into_iter()
    .collect()
});

/// Social networks, named as channels ("a écrit sur X") and never person
/// names.
pub const SOCIAL_NETWORKS: &[&str] = &[
    "twitter",
    "x",
    "facebook",
    "telegram",
    "instagram",
    "youtube",
    "whatsapp",
    "tiktok",
];

/// The months, folded.
pub const MONTHS: &[&str] = &[
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
];

/// The days and times of day that may stand between a participle and its
/// complement ("revendiquée lundi par", "lu dimanche soir à"), folded.
pub const DAY_TIMES: &[&str] = &[
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "hier", "matin",
    "soir",
];

/// The abbreviations of [`MONTHS`] that datelines write ("7 oct 2025").
pub const MONTH_ABBREVIATIONS: &[&str] =
    &["janv", "fev", "avr", "juil", "sept", "oct", "nov", "dec"];

/// Months and days, social networks and other capitalised words that are
/// never person names.
#[rustfmt::skip]
pub static NOT_NAMES: LazyLock<WordSet> = LazyLock::new(|| {
    MONTHS.iter().copied().chain([
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "le",
    "la",
    "les",
    "un",
    "une",
    "des",
    "il",
    "elle",
    "ils",
    "elles",
    "selon",
    "mais",
    "et",
    "ou",
    "dans",
    "pour",
    "par",
    "avec",
    "sur",
    "en",
    "au",
    "aux",
    "a",
    "ce",
    "cette",
    "ces",
    "son",
    "sa",
    "ses",
    "leur",
    "leurs",
    "depuis",
    "apres",
    "avant",
    "lors",
    "alors",
    "si",
    "quand",
    "lorsque",
    "nous",
    "vous",
    "on",
    "je",
    "j",
    "l",
    "d",
    "c",
    "qu",
    "que",
    "qui",
    "dont",
    "ou",
    "de",
    "du",
    "ainsi",
    "pourtant",
    "cependant",
    "toutefois",
    "enfin",
    "outre",
    "afp",
    "etat",
    "etats",
    "unis",
    "nations",
    "unies",
    "affaires",
    "etrangeres",
    "defense",
    "interieur",
    "sante",
    "justice",
    "conseil",
    "securite",
    "dieu",
    "allah",
    "prophete",
    "islam",
    "ramadan",
    "aid",
    "noel",
    "paques",
    // Numbers and quantifiers opening a sentence ("Cinq Palestiniens ont
    // été tués"): a count of people, no name.
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "huit",
    "neuf",
    "dix",
    "douze",
    "quinze",
    "vingt",
    "trente",
    "cent",
    "mille",
    "plusieurs",
    "certains",
    "certaines",
    "quelques",
    "nombreux",
    "nombreuses",
    "nord",
    "sud",
    "est",
    "ouest",
    "occident",
    "moyen",
    "orient",
    "proche",
    "golfe",
    "sahel",
    "europe",
    "afrique",
    "asie",
    "amerique",
    "maghreb",
    "levant",
    "internet",
    "covid",
    "coronavirus",
    "premier",
    "ministre",
    "president",
    "general",
    "republique",
    "royaume",
    "armee",
    "gouvernement",
    "assemblee",
    "parlement",
    "senat",
    "sinon",
    "puis",
    "aussi",
    "meme",
    "tous",
    "tout",
    "toute",
    "toutes",
    "aucun",
    "aucune",
    "chaque",
    "plusieurs",
    "certains",
    "voici",
    "voila",
    "oui",
    "non",
    "jeudi",
    "ici",
    "la",
    "bachar",
])
    .chain(SOCIAL_NETWORKS.iter().copied())
    .collect()
});

/// Particles inside Arabic, Dutch, French … person names.
#[rustfmt::skip]
pub static NAME_PARTICLES: LazyLock<WordSet> = LazyLock::new(|| {
    [
    "al", "el", "ben", "bin", "ibn", "abou", "abu", "de", "du", "des", "van", "von", "der", "den",
    "bou", "ould", "ag", "da", "dos", "di", "del", "la", "le", "ul", "ed", "ad", "as", "ach", "an",
    "ar", "az", "ez", "es", "bent", "bint", "y", "mac", "o", "ter", "zu",
]
    .into_iter()
    .collect()
});

/// First words of organisation names: a capitalised phrase starting with
/// one is an organisation, not a person.
#[rustfmt::skip]
pub static ORGANISATION_WORDS: LazyLock<WordSet> = LazyLock::new(|| {
    [
    "communaute", "cadre", "chambre", "rassemblement", "regroupement", "consortium",
    "observatoire",
    "comite",
    "comites",
    "conseil",
    "federation",
    "confederation",
    "ligue",
    "union",
    "organisation",
    "agence",
    "bureau",
    "centre",
    "fonds",
    "association",
    "reseau",
    "mouvement",
    "front",
    "parti",
    "alliance",
    "commission",
    "institut",
    "fondation",
    "syndicat",
    "groupe",
    "forces",
    "force",
    "brigade",
    "brigades",
    "armee",
    "coalition",
    "autorite",
    "office",
    "programme",
    "banque",
    "cour",
    "tribunal",
    "ministere",
    "gouvernement",
    "assemblee",
    "parlement",
    "senat",
    "mission",
    "direction",
    "secretariat",
    "societe",
    "compagnie",
    "entreprise",
    "universite",
    "ecole",
    "hopital",
    "croissant",
    "croix",
    "medecins",
    "reporters",
    "amnesty",
    "human",
    "save",
    "action",
    "secours",
    "collectif",
    "coordination",
    "plateforme",
    "initiative",
    "projet",
    "cellule",
    "commandement",
    "garde",
    "gardiens",
    "corps",
    "police",
    "service",
    "services",
    "departement",
    "maison",
    "la",
    "le",
    "les",
    "l",
    "radio",
    "television",
    "chaine",
    "journal",
    "quotidien",
    "magazine",
    "revue",
    "academie",
    "fondation",
    "caisse",
    "conference",
    "sommet",
    "jeunesse",
    "sante",
    "national",
    "nationale",
    "international",
    "internationale",
    "united",
    "national",
    "world",
    "global",
    "council",
    "committee",
    "the",
    "bank",
    "crisis",
    "watch",
    "network",
    "institute",
]
    .into_iter()
    .collect()
});

/// Acronyms that are common nouns, never sources by themselves.
#[rustfmt::skip]
pub static COMMON_ACRONYMS: LazyLock<WordSet> = LazyLock::new(|| {
    [
    "ONG", "PDG", "PIB", "TV", "USD", "EUR", "OK", "JT", "HLM", "SMS", "QG", "ADN", "VIH", "SIDA",
    "ONGS", "PME", "TVA", "RER", "TGV", "II", "III", "IV", "VI", "XX", "XXI", "XIX", "KM",
    "KG", "MW", "GW", "NB",
]
    .into_iter()
    .collect()
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verb_forms_cover_tenses() {
        let forms = reporting_forms();
        for f in [
            "enumere",
            "suggere",
            "suggeree",
            "indique",
            "indiquent",
            "indiquait",
            "indiquera",
            "appelle",
            "appele",
            "dit",
            "selon",
        ] {
            assert!(forms.iter().any(|x| x == f), "{f}");
        }
    }
}
