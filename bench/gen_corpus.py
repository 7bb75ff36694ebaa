#!/usr/bin/env python3
"""Deterministic generator of synthetic French news dispatches (depeche format).

Usage: gen_corpus.py OUT_DIR N [--seed S] [--dict /usr/share/dict/french]

Every dispatch is one UTF-8 .txt file under OUT_DIR/YYYY/MM/, in depeche's
format: `date YYYY-MM-DD` (10 % only `date YYYY-MM`), a `title:` header, a
blank line, then 4-12 paragraphs of 30-80 words separated by blank lines, with
an occasional intertitle `- "…" -`.

The text is not copied from anywhere: sentences are assembled from
  * a Zipf-distributed vocabulary (rank r has weight 1/r^1.05): French function
    words first, then the team's news lexicon below (with real inflections:
    tué/tués/tuée/tuées, frappe/frappes, a/ont/avait bombardé …), then the long
    tail of inflected forms from Debian's `wfrench` word list
    (/usr/share/dict/french), shuffled with the seed;
  * event sentences ("N civils ont été tués mercredi dans la province de
    Daraa"), with provinces/régions of Syria, Iraq, Ukraine, Mali and France,
    each with spelling variants (Deraa/Daraa/Dara'a, Kyiv/Kiev …);
  * attributions ("selon l'OSDH", "a indiqué l'ONU", "a déclaré à l'AFP
    Samer Homsi, 47 ans") and quotations.
Dates are spread over 2005-2024. The same seed and N give byte-identical files.
"""
import argparse
import os
import random
import re
import sys

FUNCTION_WORDS = (
    "de la le les des et à en un une du dans a pour que qui sur par au est ont il "
    "ne pas plus avec été ce se aux son sa ses ils elle selon depuis après lors entre "
    "contre mais ou sont leur leurs cette ces avait avaient fait dont où également "
    "deux trois ans plusieurs alors sous vers encore très aussi tout tous toutes "
    "y comme sans même déjà ainsi avant pendant jusqu'à près d'un d'une l'armée "
    "l'ONU n'a qu'il s'est c'est"
).split()

# The team's news lexicon: nouns, verbs and adjectives of wire copy, with their
# inflected forms, in rough order of frequency.
NEWS_LEXICON = (
    "forces régime rebelles civils tués tué tuées tuée morts mort blessés blessé "
    "blessées attaque attaques frappes frappe aériennes aérienne bombardements "
    "bombardement armée gouvernement président ministre ministère province région "
    "ville villes village villages zone zones secteur secteurs frontière pays guerre "
    "conflit combats combattants jihadistes groupe groupes organisation État "
    "islamique insurgés opposition négociations accord cessez-le-feu trêve offensive "
    "assaut contrôle contrôlé contrôlée contrôlent reprise repris reprendre "
    "population habitants réfugiés déplacés humanitaire aide ONG enfants femmes "
    "hommes militaires soldats policiers police sécurité autorités responsable "
    "responsables porte-parole communiqué déclaration annoncé annonce a annoncé "
    "indiqué affirmé déclaré précisé ajouté rapporté expliqué estimé assuré "
    "dénoncé condamné accusé accusés accusent appelé appelle demandé demande "
    "selon source sources médicales hôpital hôpitaux victimes bilan lourd "
    "lourde violents violentes violent violence violences nuit matin soir jour "
    "jours semaine semaines mois année années lundi mardi mercredi jeudi vendredi "
    "samedi dimanche hier aujourd'hui nouveau nouvelle nouveaux nouvelles premier "
    "première derniers dernière dernier grand grande grands grandes important "
    "importante nord sud est ouest centre capitale chef-lieu quartier quartiers "
    "route routes pont explosion explosions voiture piégée kamikaze attentat "
    "attentats revendiqué revendication enquête parquet justice procès tribunal "
    "condamnation prison détenus otages otage libération libérés libéré "
    "enlèvement élections élection électoral vote scrutin candidat candidats "
    "parti partis manifestants manifestation manifestations rassemblement "
    "milliers centaines dizaines millions milliard euros dollars économie "
    "économique crise prix pétrole gaz énergie réseau électricité eau "
    "pénurie famine sécheresse récolte agriculteurs ressources aide alimentaire "
    "mission observateurs Conseil sécurité résolution sanctions diplomatique "
    "diplomatie sommet réunion rencontre entretien visite voyage délégation "
    "dirigeants dirigeant chef chefs commandant général colonel officier "
    "officiers unité unités bataillon brigade milice milices drone drones "
    "missiles missile roquettes roquette obus artillerie chars char avions "
    "avion hélicoptère hélicoptères barils explosifs mines engins tirs tiré "
    "tirées ripostes riposte bombardé bombardée bombardés pilonnage pilonné "
    "encerclé encerclée siège assiégée assiégés évacuation évacués convoi "
    "convois corridor couloir passage poste points checkpoint frontalier "
    "frontalière territoire territoires localités localité bastion fief "
    "dernier bastion progression avancée avancées recul retrait retiré "
    "retirés déployé déployés renforts renfort troupes soutien allié alliés "
    "alliance coalition internationale internationales international "
    "occidentaux occidentales russe russes syrien syrienne syriens irakien "
    "irakienne irakiens ukrainien ukrainienne ukrainiens malien malienne "
    "maliens français française françaises américain américaine américains "
    "turc turque turcs iranien iranienne kurde kurdes arabe arabes "
    "européen européenne européens africain africaine régional régionale "
    "local locale locaux national nationale nationaux militaire politique "
    "politiques sociale social sociaux publique public publics santé "
    "épidémie vaccins vaccination médecins infirmiers écoles école élèves "
    "enseignants étudiants université travail emploi chômage salaires grève "
    "grèves syndicats syndicat entreprise entreprises usine usines investissement "
    "budget dette impôts réforme réformes loi lois projet mesure mesures "
    "décision décisions décret plan stratégie objectif objectifs situation "
    "difficile difficiles grave graves tendue tendu calme inquiétude "
    "inquiets peur colère espoir appel appels menace menaces risque risques "
    "danger dangereuse catastrophe tragédie drame crimes crime massacre "
    "massacres exécutions torture disparus disparition fosse commune "
    "preuves témoins témoignage témoignages images vidéo vidéos réseaux "
    "sociaux Twitter journalistes journaliste presse médias agence "
    "correspondant photographe reportage"
).split()

# (country, phrase template, [(canonical, [variants…])])
REGIONS = {
    "Syrie": ("dans la province de {}", [
        ("Deraa", ["Deraa", "Daraa", "Dara'a"]), ("Alep", ["Alep", "Aleppo"]),
        ("Idleb", ["Idleb", "Idlib"]), ("Homs", ["Homs"]), ("Hama", ["Hama"]),
        ("Raqa", ["Raqa", "Raqqa", "Rakka"]),
        ("Deir Ezzor", ["Deir Ezzor", "Deir ez-Zor", "Deir el-Zor"]),
        ("Hassaké", ["Hassaké", "Hassaka", "Hasakah"]),
        ("Lattaquié", ["Lattaquié", "Lattakia"]), ("Tartous", ["Tartous", "Tartus"]),
        ("Soueida", ["Soueida", "Sweida", "Souweida"]),
        ("Qouneitra", ["Qouneitra", "Quneitra"])]),
    "Irak": ("dans la province de {}", [
        ("Ninive", ["Ninive", "Nineveh", "Ninawa"]), ("Anbar", ["Anbar", "al-Anbar"]),
        ("Salaheddine", ["Salaheddine", "Salah ad-Din", "Salahedinne"]),
        ("Kirkouk", ["Kirkouk", "Kirkuk"]), ("Diyala", ["Diyala"]),
        ("Bassora", ["Bassora", "Basra"]), ("Bagdad", ["Bagdad", "Baghdad"]),
        ("Babylone", ["Babylone", "Babil"]), ("Erbil", ["Erbil", "Irbil"]),
        ("Souleimaniyeh", ["Souleimaniyeh", "Sulaymaniyah", "Souleimaniye"]),
        ("Najaf", ["Najaf", "Nadjaf"]), ("Kerbala", ["Kerbala", "Karbala"])]),
    "Ukraine": ("dans la région de {}", [
        ("Donetsk", ["Donetsk"]), ("Louhansk", ["Louhansk", "Lougansk", "Luhansk"]),
        ("Kharkiv", ["Kharkiv", "Kharkov"]), ("Kherson", ["Kherson"]),
        ("Zaporijjia", ["Zaporijjia", "Zaporojie", "Zaporizhzhia"]),
        ("Dnipropetrovsk", ["Dnipropetrovsk"]), ("Odessa", ["Odessa", "Odesa"]),
        ("Kiev", ["Kiev", "Kyiv"]), ("Lviv", ["Lviv", "Lvov"]),
        ("Soumy", ["Soumy", "Sumy"]), ("Mykolaïv", ["Mykolaïv", "Mykolaiv", "Nikolaïev"]),
        ("Tchernihiv", ["Tchernihiv", "Tcherniguiv", "Chernihiv"])]),
    "Mali": ("dans la région de {}", [
        ("Kidal", ["Kidal"]), ("Gao", ["Gao"]), ("Tombouctou", ["Tombouctou", "Timbuktu"]),
        ("Mopti", ["Mopti"]), ("Ségou", ["Ségou", "Segou"]), ("Ménaka", ["Ménaka", "Menaka"]),
        ("Koulikoro", ["Koulikoro"]), ("Kayes", ["Kayes"]), ("Sikasso", ["Sikasso"]),
        ("Taoudéni", ["Taoudéni", "Taoudenni"])]),
    "France": ("en {}", [
        ("Île-de-France", ["Île-de-France", "Ile-de-France"]), ("Bretagne", ["Bretagne"]),
        ("Normandie", ["Normandie"]), ("Occitanie", ["Occitanie"]),
        ("Nouvelle-Aquitaine", ["Nouvelle-Aquitaine"]),
        ("Auvergne-Rhône-Alpes", ["Auvergne-Rhône-Alpes", "Auvergne-Rhone-Alpes"]),
        ("Provence-Alpes-Côte d'Azur", ["Provence-Alpes-Côte d'Azur", "PACA"]),
        ("Grand Est", ["Grand Est", "Grand-Est"]), ("Hauts-de-France", ["Hauts-de-France"]),
        ("Bourgogne-Franche-Comté", ["Bourgogne-Franche-Comté"]),
        ("Pays de la Loire", ["Pays de la Loire"]), ("Corse", ["Corse"])]),
}

# Attributions: (end-of-sentence clause, countries it fits or None for all).
SOURCES = [
    ("selon l'OSDH", ["Syrie"]),
    ("a indiqué l'Observatoire syrien des droits de l'Homme (OSDH)", ["Syrie"]),
    ("a rapporté l'agence officielle Sana", ["Syrie"]),
    ("a indiqué l'ONU", None),
    ("selon les Nations unies", None),
    ("a affirmé le ministère de la Défense", None),
    ("selon des sources médicales", None),
    ("a indiqué un responsable de la police", ["Irak", "France", "Mali"]),
    ("selon la Mission de l'ONU au Mali (Minusma)", ["Mali"]),
    ("a indiqué l'état-major ukrainien", ["Ukraine"]),
    ("a affirmé le gouverneur régional", ["Ukraine"]),
    ("selon la préfecture", ["France"]),
    ("a annoncé le parquet", ["France"]),
    ("selon Human Rights Watch", None),
    ("a indiqué le Comité international de la Croix-Rouge (CICR)", None),
    ("a précisé un porte-parole de l'armée", None),
    ("selon un correspondant de l'AFP", None),
    ("selon un décompte de l'AFP", None),
]
FIRST = ("Samer Omar Ahmad Mohammed Rami Abou Hassan Fatima Leïla Nour Ali Khaled "
         "Oleksandr Olena Iryna Andriï Mykola Amadou Moussa Aïssata Boubacar Fatoumata "
         "Jean Marie Pierre Sophie Nicolas Claire Julien Camille").split()
LAST = ("Homsi Haddad Khalil Abdel Rahmane Hariri Jabouri Moussaoui Kovalenko "
        "Chevtchenko Bondarenko Melnyk Traoré Coulibaly Diarra Keïta Touré Maïga "
        "Martin Bernard Dubois Durand Lefebvre Moreau Laurent Girard").split()
ROLES = ["un habitant", "une habitante", "un médecin", "un militant", "une militante",
         "un commerçant", "une enseignante", "un responsable local", "un secouriste",
         "un élu", "une agricultrice"]
COUNTRY_WEIGHT = {"Syrie": 5, "Irak": 3, "Ukraine": 3, "Mali": 2, "France": 4}
# Verb forms that are rare in wire copy (passé simple, imperfect subjunctive,
# future and conditional of most verbs): kept out of the 20,000 commonest ranks.
RARE_SUFFIXES = ("âmes", "âtes", "assiez", "assions", "assent", "asses", "asse", "ât",
                 "îmes", "îtes", "issiez", "issions", "ûmes", "ûtes", "èrent", "irent",
                 "urent", "ussions", "ussiez", "rai", "ras", "rez", "rons", "ront",
                 "rais", "rait", "raient", "riez", "rions", "iez", "ons", "âtes",
                 "asses", "isses", "issent", "usses", "ussent")
DAYS = "lundi mardi mercredi jeudi vendredi samedi dimanche".split()


def build_vocab(rng, dict_path):
    seen = set()
    vocab = []
    for w in FUNCTION_WORDS + NEWS_LEXICON:
        if w not in seen:
            seen.add(w)
            vocab.append(w)
    common, rare = [], []
    if dict_path and os.path.exists(dict_path):
        with open(dict_path, encoding="utf-8") as f:
            for line in f:
                w = line.strip()
                if not w or w in seen or not w.islower() or len(w) < 2:
                    continue
                seen.add(w)
                (rare if w.endswith(RARE_SUFFIXES) else common).append(w)
    else:
        print(f"gen_corpus: {dict_path} missing, using the lexicon only", file=sys.stderr)
    rng.shuffle(common)
    rng.shuffle(rare)
    # Rare verb forms only in the deep tail.
    vocab += common[:20000] + sorted(common[20000:] + rare, key=lambda _: rng.random())
    weights = [1.0 / (r ** 1.05) for r in range(1, len(vocab) + 1)]
    cum = []
    t = 0.0
    for w in weights:
        t += w
        cum.append(t)
    return vocab, cum


def elide(s):
    """French elision before a vowel: "de Idlib" -> "d'Idlib"."""
    return re.sub(r"\b(de|la|le) ([AEIOUÉÈÎaeiouéèîh])", lambda m: m.group(1)[0] + "'" + m.group(2), s)


class Gen:
    def __init__(self, seed, dict_path):
        self.rng = random.Random(seed)
        self.vocab, self.cum = build_vocab(self.rng, dict_path)
        self.countries = list(COUNTRY_WEIGHT)
        self.cweights = [COUNTRY_WEIGHT[c] for c in self.countries]

    def words(self, n):
        return self.rng.choices(self.vocab, cum_weights=self.cum, k=n)

    def salad(self, n):
        ws = self.words(n)
        return " ".join(ws)

    def region(self, country):
        tmpl, regs = REGIONS[country]
        _, variants = self.rng.choice(regs)
        return elide(tmpl.format(self.rng.choice(variants)))

    def source(self, country):
        while True:
            s, fits = self.rng.choice(SOURCES)
            if fits is None or country in fits:
                return s

    def person(self):
        r = self.rng
        return f"{r.choice(FIRST)} {r.choice(LAST)}, {r.randint(19, 78)} ans"

    def sentence(self, country):
        r = self.rng
        k = r.random()
        if k < 0.45:
            s = self.salad(r.randint(8, 22))
        elif k < 0.65:
            s = f"{self.salad(r.randint(7, 18))}, {self.source(country)}"
        elif k < 0.78:
            who = r.choice([f"a déclaré à l'AFP {self.person()}",
                            f"a affirmé {r.choice(ROLES)}",
                            f"a expliqué à l'AFP {self.person()}",
                            f"déplore {r.choice(ROLES)}"])
            return f"\"{self.salad(r.randint(6, 16)).capitalize()}\", {who}."
        else:
            n = r.choice(["deux", "trois", "quatre", "cinq", "six", "sept", "dix",
                          str(r.randint(11, 250)), "des dizaines de", "plusieurs"])
            who = r.choice(["civils", "soldats", "combattants", "personnes", "enfants",
                            "policiers", "rebelles", "jihadistes", "habitants"])
            what = r.choice(["ont été tués", "ont été blessés", "ont péri",
                             "ont été tués et des dizaines blessés", "sont morts"])
            s = elide(f"{n} {who} {what} {r.choice(DAYS)} {self.region(country)}")
            if r.random() < 0.5:
                s += f", {self.source(country)}"
        return s[0].upper() + s[1:] + "."

    def paragraph(self, country):
        target = 30 + int(50 * self.rng.random() ** 1.5)  # 30-80, mean ~50
        out, n = [], 0
        while n < 30 or (n < target and len(out) < 8):
            s = self.sentence(country)
            w = s.count(" ") + 1
            if out and n + w > target + 5 and n >= 30:
                break
            out.append(s)
            n += w
        return " ".join(out)

    def dispatch(self):
        r = self.rng
        country = r.choices(self.countries, weights=self.cweights)[0]
        year = r.randint(2005, 2024)
        month = r.randint(1, 12)
        day = r.randint(1, 28)
        date = f"{year}-{month:02d}" if r.random() < 0.1 else f"{year}-{month:02d}-{day:02d}"
        title = self.salad(r.randint(4, 9)).capitalize()
        if r.random() < 0.5:
            title += " " + self.region(country)
        paras = []
        npara = r.choice([4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 8, 9, 10, 11, 12])
        for i in range(npara):
            if i > 1 and r.random() < 0.12:
                paras.append(f"- \"{self.salad(r.randint(2, 5)).capitalize()}\" -")
            p = self.paragraph(country)
            if i == 0:
                p = p[:-1] + " " + self.region(country) + "."
            paras.append(p)
        text = f"date {date}\ntitle: {title}\n\n" + "\n\n".join(paras) + "\n"
        return year, month, text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=20051)
    ap.add_argument("--dict", default="/usr/share/dict/french")
    a = ap.parse_args()
    g = Gen(a.seed, a.dict)
    made = set()
    total = 0
    for i in range(a.n):
        year, month, text = g.dispatch()
        d = os.path.join(a.out, str(year), f"{month:02d}")
        if d not in made:
            os.makedirs(d, exist_ok=True)
            made.add(d)
        data = text.encode("utf-8")
        total += len(data)
        with open(os.path.join(d, f"d{i:07d}.txt"), "wb") as f:
            f.write(data)
    print(f"gen_corpus: {a.n} dispatches, {total / 1e6:.1f} MB in {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
