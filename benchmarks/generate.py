"""A synthetic news corpus shaped like newskg's, for benchmarks: JSONL articles and their N-Quads.

    python benchmarks/generate.py --articles 10000 [--nquads] [--out benchmarks/data]

Deterministic: article ``i`` is written from its own random generator seeded with ``(SEED, i)``,
so every run gives the same bytes, and the corpus of 1,000 articles is the first 1,000 lines of
the corpus of 10,000. Half the articles are English, half Indonesian (alternating), written from
templates that use the lexicons' reporting verbs, titles, bounds, count nouns, weekdays and months
(``kg/lexicon/*.toml``) and the gazetteer's people, organisations, countries and places
(``kg/gazetteer/*.csv``), each sampled with Zipf weights so that a few entities appear in most
articles and most entities in few.

Outputs, in ``--out`` (default ``benchmarks/data/``, git-ignored), for ``N`` articles:

* ``articles-N.jsonl``: news-please records (title, maintext, date_publish, language, url,
  source_domain, authors), what ``kg ingest`` reads;
* with ``--nquads``: ``quads-N.nq.gz``: the same articles run through the real pure function
  :func:`kg.pipeline.ingest.article_quads` (2 processes), one named graph per article, then the shared
  entities and claims graphs that follow from them (kg/pipeline/shared.py), gzip N-Quads: the quads
  ``kg ingest articles-N.jsonl`` would store (the meta's ``quads`` counts the article graphs' alone,
  as ``kg ingest`` reports them; ``store_quads`` all); and ``params-N.json``: parameters for the
  load driver taken from those quads (Wikidata IRIs, speakers, entities, graphs, words, kinds, months);
* ``articles-N.meta.json`` / ``quads-N.meta.json``: what each output was made from. An output is
  made again only when its generator version, size or inputs (the lexicons and gazetteer, and for
  the quads the ``kg`` package's source) changed; otherwise the run says it is cached.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import multiprocessing
import os
import random
import re
import sys
import time
import tomllib
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import kg
from kg import lexicon as kg_lexicon

GENERATOR_VERSION = "1"
SEED = 20241028
BASE = "https://w3id.org/newskg/"
DEFAULT_OUT = Path(__file__).resolve().parent / "data"
KG_DIR = Path(kg.__file__).resolve().parent
GAZETTEER = KG_DIR / "gazetteer"
LEXICON = KG_DIR / "lexicon"
# The day relative dates resolve against when an article had no date (every article here has one,
# so this only keeps the quads independent of the day the generator runs).
TODAY = date(2025, 7, 1)
FIRST_DAY = date(2023, 1, 2)
DAYS = 900  # publication dates fall in FIRST_DAY .. FIRST_DAY + DAYS
# Every article has a lead statement (speaker, date, count, place); these shares of articles also
# quote the speaker, and report a second speaker. With 2-4 sentences of background they make
# articles of about 900 characters and 130 quads (1.3 million quads at 10,000 articles).
QUOTE_SHARE = 0.4
SECOND_SHARE = 0.25

# Countries in the news most, first; the rest of countries.csv follows in a seeded shuffle.
TOP_COUNTRIES = ["RU", "UA", "KP", "KR", "US", "IL", "SD", "MM", "PS", "LB", "YE", "IR", "SY", "CN", "DE", "FR", "GB", "PL", "ID", "JP"]

TITLES = {
    "en": ["President", "Prime Minister", "Defence Minister", "Foreign Minister", "spokesperson", "Commander", "Ambassador", "adviser", "General", "Chief of Staff"],
    "id": ["Presiden", "Perdana Menteri", "Menteri Pertahanan", "Menteri Luar Negeri", "juru bicara", "Panglima", "Duta Besar", "penasihat", "Jenderal", "Kepala Staf"],
}
# Reporting verbs (from the lexicon) that read well as "X <verb> that ..." / "X <verb> bahwa ...".
LEAD_VERBS = {
    "en": ["said", "stated", "reported", "confirmed", "emphasised", "stressed", "estimated", "claimed", "warned", "announced", "added", "noted", "insisted", "acknowledged"],
    "id": ["mengatakan", "menyatakan", "melaporkan", "mengonfirmasi", "memastikan", "membenarkan", "menekankan", "menegaskan", "memperkirakan", "menyebutkan", "mengklaim", "memperingatkan", "mengumumkan", "menambahkan", "menjelaskan", "mengungkapkan", "menyampaikan"],
}
# Verbs that follow a quotation: '"...," X said.' / '"...," ujar X.'
QUOTE_VERBS = {"en": ["said", "added", "noted", "warned"], "id": ["ujar", "kata", "tutur", "ucap", "imbuh"]}
ACCORDING_TO = {"en": "according to", "id": "menurut"}
TROOP_NOUNS = {"en": ["troops", "soldiers", "servicemen", "personnel", "fighters"], "id": ["tentara", "pasukan", "prajurit", "personel", "serdadu"]}
CIVIL_NOUNS = {"en": ["civilians", "people", "residents", "refugees"], "id": ["warga sipil", "orang", "pengungsi", "warga"]}
EQUIPMENT_NOUNS = {"en": ["drones", "missiles", "rockets", "tanks", "vehicles"], "id": ["drone", "rudal", "roket", "tank", "kendaraan"]}
NUMBER_WORDS = {"en": {2: "two", 3: "three", 5: "five", 10: "ten", 12: "twelve"}, "id": {2: "dua", 3: "tiga", 5: "lima", 10: "sepuluh"}}
DOMAINS = {"en": ["www.worldwire.example", "news.frontline.example", "www.dailyledger.example"], "id": ["berita.example.id", "kabar.example.id", "warta.example.id"]}
AUTHORS = ["Ana Putri", "Daniel Kwan", "Ji-won Seo", "Maria Lopez", "Rizky Pratama", "Olena Koval", "Tom Becker", "Siti Rahma", "James Holt", "Dewi Lestari"]

# Background prose: lower-case words, no names, no reporting verbs, no counted nouns, so the
# extractor finds sentences here and nothing else. The rare words make the CONTAINS scans'
# parameters (benchmarks/load.py) match a few sentences each.
FILLER = {
    "en": {
        "open": ["The fighting", "The shelling", "The situation", "The latest escalation", "The overnight attack", "The humanitarian situation", "The damage", "The offensive", "The evacuation", "The blackout"],
        "verb": ["has continued for several weeks", "came after days of heavy fighting", "followed a series of overnight strikes", "has put new pressure on local authorities", "has disrupted supplies across the area", "remained difficult throughout the day", "has raised fears of a wider conflict", "has forced many families to leave their homes"],
        "extra": ["although local volunteers have kept the bakery and the pharmacy running for most of the week", "and the regional administration has opened more temporary shelters in the schools and sports halls", "while the trains that connect the area with the rest of the country ran with long delays", "and the damaged buildings are expected to stay closed for the rest of the season", "even though most of the families who left in the spring have not yet come back to their homes"],
        "tail": ["and residents were told to stay in shelters until the alert was lifted", "while repair crews worked to restore power and water", "and schools in the area moved their lessons online", "as aid convoys waited for permission to cross the checkpoint", "and long queues formed outside the few shops still open", "while the roads out of the area remained crowded", "as the weather made the work of rescue teams harder", "and there was no sign of a pause in the coming days"],
    },
    "id": {
        "open": ["Pertempuran itu", "Penembakan itu", "Situasi di lapangan", "Eskalasi terbaru", "Serangan malam itu", "Situasi kemanusiaan", "Kerusakan akibat serangan", "Serangan darat", "Evakuasi warga", "Pemadaman listrik"],
        "verb": ["telah berlangsung selama beberapa pekan", "terjadi setelah berhari-hari pertempuran sengit", "menyusul serangkaian serangan pada malam hari", "memberi tekanan baru kepada otoritas setempat", "mengganggu pasokan di seluruh kawasan", "tetap sulit sepanjang hari", "memicu kekhawatiran akan konflik yang lebih luas", "memaksa banyak keluarga meninggalkan rumah mereka"],
        "extra": ["meskipun relawan setempat tetap menjalankan toko roti dan apotek hampir sepanjang pekan", "dan pemerintah daerah membuka lebih banyak tempat penampungan sementara di sekolah dan gedung olahraga", "sementara kereta yang menghubungkan kawasan itu dengan bagian lain negeri berjalan dengan keterlambatan panjang", "dan bangunan yang rusak diperkirakan tetap ditutup hingga akhir musim", "meskipun sebagian besar keluarga yang pergi pada musim semi belum kembali ke rumah mereka"],
        "tail": ["dan penduduk diminta tetap berada di tempat perlindungan hingga peringatan dicabut", "sementara petugas berupaya memulihkan listrik dan air", "dan sekolah di kawasan itu memindahkan pelajaran secara daring", "sementara konvoi bantuan menunggu izin untuk melintasi pos pemeriksaan", "dan antrean panjang terbentuk di depan toko yang masih buka", "sementara jalan keluar dari kawasan itu tetap padat", "karena cuaca menyulitkan kerja tim penyelamat", "dan belum ada tanda jeda dalam beberapa hari mendatang"],
    },
}
RARE = {
    "en": ["ammunition depot", "railway junction", "grain terminal", "power substation", "water pipeline", "border crossing", "field hospital", "fuel warehouse", "river bridge", "radar station", "supply corridor", "drone workshop", "signal tower", "ferry terminal", "mobile clinic", "shelter entrance", "pumping station", "steel plant", "airfield runway", "command bunker", "pontoon crossing", "logistics hub", "repair yard", "heating plant", "transit camp", "observation post", "cargo terminal", "telecom mast", "dam spillway", "wheat silo"],
    "id": ["gudang amunisi", "persimpangan rel", "terminal gandum", "gardu listrik", "pipa air", "pos perbatasan", "rumah sakit lapangan", "gudang bahan bakar", "jembatan sungai", "stasiun radar", "koridor pasokan", "bengkel drone", "menara sinyal", "terminal feri", "klinik keliling", "pintu tempat perlindungan", "stasiun pompa", "pabrik baja", "landasan pacu", "bunker komando", "jembatan ponton", "pusat logistik", "bengkel perbaikan", "pembangkit pemanas", "kamp transit", "pos pengamatan", "terminal kargo", "menara telekomunikasi", "pelimpah bendungan", "silo gandum"],
}
RARE_CLAUSE = {
    "en": ["and crews inspected the {a} and the {b} before work there was suspended for the rest of the week", "after the {a} near the {b} was hit for the second time this month"],
    "id": ["dan petugas memeriksa {a} serta {b} sebelum pekerjaan di sana dihentikan hingga akhir pekan", "setelah {a} di dekat {b} terkena serangan untuk kedua kalinya bulan ini"],
}


# --- inputs: gazetteer and lexicons -------------------------------------------------------------


@dataclass(frozen=True)
class Ent:
    qid: str
    type: str
    en: str
    id: str
    country: str

    def label(self, lang: str) -> str:
        return (self.id if lang == "id" else self.en) or self.en or self.id

    def short(self, lang: str) -> str:
        """What a later sentence calls a person: the surname (last word)."""
        return self.label(lang).split()[-1] if self.type == "Person" else self.label(lang)


def _read_csv(name: str) -> list[Ent]:
    with open(GAZETTEER / name, encoding="utf-8", newline="") as f:
        return [Ent(r["wikidata"] or "", r["type"], r["label_en"] or "", r["label_id"] or "", r["country"] or "") for r in csv.DictReader(f)]


def _plain(e: Ent) -> bool:
    # Names the templates can use as written: letters, spaces, hyphens, apostrophes.
    return bool(e.en) and bool(re.fullmatch(r"[A-Za-z][A-Za-z' .-]*", e.en)) and bool(re.fullmatch(r"[A-Za-z][A-Za-z' .-]*", e.label("id")))


class Pools:
    """Entities ranked by how often the news names them; sampled with Zipf weights."""

    def __init__(self):
        entities = _read_csv("entities.csv")
        self.persons = [e for e in entities if e.type == "Person" and _plain(e)]
        self.orgs = [e for e in entities if e.type in ("Organization", "MilitaryUnit") and _plain(e)]
        countries = [e for e in _read_csv("countries.csv") if e.type == "Country" and e.country and _plain(e)]
        by_iso = {e.country: e for e in countries}
        top = [by_iso[c] for c in TOP_COUNTRIES if c in by_iso]
        rest = sorted((e for e in countries if e.country not in TOP_COUNTRIES), key=lambda e: e.en)
        random.Random(SEED).shuffle(rest)
        self.countries = top + rest
        self.by_iso = by_iso
        cities = [e for e in _read_csv("cities.csv") if _plain(e)]
        others = sorted((e for e in _read_csv("features.csv") + _read_csv("subdivisions.csv") if _plain(e)), key=lambda e: e.en)
        random.Random(SEED + 1).shuffle(others)
        self.places = cities + others
        self.cities = cities
        self._weights = {}

    def zipf(self, rng: random.Random, pool: list[Ent], s: float = 1.1) -> Ent:
        key = (id(pool), s)
        if key not in self._weights:
            total, cum = 0.0, []
            for rank in range(len(pool)):
                total += 1.0 / (rank + 1) ** s
                cum.append(total)
            self._weights[key] = cum
        return rng.choices(pool, cum_weights=self._weights[key])[0]


def _lexicon(lang: str) -> dict:
    with open(LEXICON / f"{lang}.toml", "rb") as f:
        return tomllib.load(f)


class Lang:
    """What the templates take from one lexicon, checked against it (a word the lexicon lacks is dropped)."""

    def __init__(self, code: str):
        lex = _lexicon(code)
        self.code = code
        verbs = kg_lexicon.load(code).single_verbs  # the written forms the lexicon derives from its lemmas
        self.lead_verbs = [v for v in LEAD_VERBS[code] if v in verbs and verbs[v].speaker in ("before", "either")]
        self.quote_verbs = [v for v in QUOTE_VERBS[code] if v in verbs and verbs[v].speaker in ("after", "either")]
        titles = {t.lower() for t in lex["titles"]}
        self.titles = [t for t in TITLES[code] if t.lower() in titles]
        counts = {c.lower() for c in lex["counts"]}
        self.troops = [n for n in TROOP_NOUNS[code] if n in counts]
        self.civil = [n for n in CIVIL_NOUNS[code] if n in counts]
        self.equipment = [n for n in EQUIPMENT_NOUNS[code] if n in counts]
        bounds = lex["numbers"]["bounds"]
        self.bounds = {k: [b for b in v if " " not in b or len(b.split()) <= 2] for k, v in bounds.items()}
        self.sep = lex["numbers"]["thousands_separator"]
        self.weekdays = {}
        for name, n in lex["weekdays"].items():
            self.weekdays.setdefault(n, name.capitalize())
        self.months = {}
        for name, n in lex["months"].items():  # the full name: the longest of a month's names
            if len(name) > len(self.months.get(n, "")):
                self.months[n] = name.capitalize()
        self.number_words = {n: w for n, w in NUMBER_WORDS[code].items() if w in lex["numbers"]["words"]}
        assert self.lead_verbs and self.quote_verbs and self.titles and self.troops, f"lexicon {code} lacks the words the templates need"


def inputs_fingerprint() -> str:
    """What the articles are made from: this generator (version and source) and the lexicon and gazetteer files."""
    digest = hashlib.sha256(GENERATOR_VERSION.encode())
    for path in [Path(__file__).resolve()] + sorted(LEXICON.glob("*.toml")) + sorted(GAZETTEER.glob("*.csv")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def kg_fingerprint() -> str:
    """What the quads are made from: the kg package's source, lexicons and gazetteer."""
    digest = hashlib.sha256(kg.__version__.encode())
    for path in sorted(p for p in KG_DIR.rglob("*") if p.suffix in (".py", ".toml", ".csv") and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(KG_DIR)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


# --- one article --------------------------------------------------------------------------------


class Writer:
    def __init__(self, pools: Pools, langs: dict[str, Lang]):
        self.pools = pools
        self.langs = langs

    def article(self, i: int) -> dict:
        rng = random.Random(f"{SEED}:{i}")
        lang = self.langs["en" if i % 2 == 0 else "id"]
        code = lang.code
        P = self.pools
        published = datetime.combine(FIRST_DAY + timedelta(days=rng.randrange(DAYS)), datetime.min.time()) + timedelta(minutes=rng.randrange(6 * 60, 22 * 60))
        dateline = P.zipf(rng, P.cities, 1.2)
        main_place = dateline if rng.random() < 0.4 else P.zipf(rng, P.places, 1.1)
        # Later sentences mostly speak of the same place, as an article does.
        other_place = lambda: main_place if rng.random() < 0.7 else P.zipf(rng, P.places, 1.1)
        speaker = self._speaker(rng)
        second = self._speaker(rng, exclude=speaker)
        sentences = []
        lead, headline_q = self._lead(rng, lang, speaker, main_place, published.date())
        sentences.append(dateline.label(code).upper() + " - " + lead)
        if rng.random() < QUOTE_SHARE:
            sentences.append(self._quote(rng, lang, speaker, other_place()))
        fillers = [self._filler(rng, code) for _ in range(rng.choice((2, 2, 3)))]
        if rng.random() < 0.5:
            a, b = rng.sample(RARE[code], 2)
            k = rng.randrange(len(fillers))
            fillers[k] = fillers[k][:-1] + ", " + rng.choice(RARE_CLAUSE[code]).format(a=a, b=b) + "."
        sentences.append(fillers.pop(0))
        if rng.random() < SECOND_SHARE:
            sentences.append(self._second(rng, lang, second, other_place()))
        sentences.extend(fillers)
        paragraphs, k = [], 0
        while k < len(sentences):  # one or two sentences a paragraph, as wire copy has
            n = 2 if rng.random() < 0.3 else 1
            paragraphs.append(" ".join(sentences[k : k + n]))
            k += n
        domain = rng.choice(DOMAINS[code])
        title = self._headline(code, speaker, headline_q, main_place)
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
        return {
            "title": title,
            "maintext": "\n".join(paragraphs),
            "date_publish": published.strftime("%Y-%m-%d %H:%M:%S"),
            "language": code,
            "url": f"https://{domain}/{published:%Y/%m/%d}/{slug}-{i}",
            "source_domain": domain,
            "authors": rng.sample(AUTHORS, rng.choice((1, 1, 2))),
        }

    def _speaker(self, rng, exclude: Ent | None = None) -> Ent:
        while True:
            e = self.pools.zipf(rng, self.pools.persons, 1.1) if rng.random() < 0.7 else self.pools.zipf(rng, self.pools.orgs, 1.1)
            if e != exclude:
                return e

    def _intro(self, rng, lang: Lang, e: Ent) -> str:
        """How a sentence first names its speaker: with a title and country for people."""
        code = lang.code
        if e.type != "Person":
            return e.label(code)
        title = random.Random(f"{SEED}:title:{e.en}").choice(lang.titles)  # a person keeps one title
        country = self.pools.by_iso.get(e.country)
        if country is None or rng.random() < 0.8 or country.en.startswith(("United", "The ")) or country.en.endswith("s"):
            return f"{title[:1].upper()}{title[1:]} {e.label(code)}"
        if code == "en":
            return f"{country.en}'s {title} {e.en}"
        return f"{title[:1].upper()}{title[1:]} {country.label('id')} {e.label('id')}"

    def _number(self, rng, lang: Lang) -> tuple[str, int]:
        if rng.random() < 0.1 and lang.number_words:
            n = rng.choice(sorted(lang.number_words))
            return lang.number_words[n], n
        n = rng.choice((1, 2, 3, 5, 7, 8, 10, 12, 15, 20, 25, 30, 45, 50, 60, 75)) * rng.choice((1, 10, 100, 100, 1000, 1000))
        n = max(n, 2)
        return f"{n:,}".replace(",", lang.sep), n

    def _quantity(self, rng, lang: Lang, nouns: list[str]) -> str:
        text, _ = self._number(rng, lang)
        kind = rng.choice(("exact", "lower", "upper", "approximate", "approximate"))
        bound = "" if kind == "exact" else rng.choice(lang.bounds[kind]) + " "
        return f"{bound}{text} {rng.choice(nouns)}"

    def _claim(self, rng, lang: Lang, place: Ent, day: date) -> str:
        code, P = lang.code, self.pools
        pl = place.label(code)
        q = lambda nouns: self._quantity(rng, lang, nouns)
        since = f"{lang.months[day.month]} {day.day}" if code == "en" else f"{day.day} {lang.months[day.month]}"
        country = P.zipf(rng, P.countries, 1.2).label(code)
        if code == "en":
            options = [
                lambda: f"{q(lang.troops)} had arrived in {pl}",
                lambda: f"{q(lang.troops)} had been deployed to {pl}",
                lambda: f"{q(lang.troops)} were training near {pl}",
                lambda: f"{q(lang.troops)} had been killed in {pl} since {since}",
                lambda: f"{country} had sent {q(lang.troops)} to {pl}",
                lambda: f"{q(lang.civil)} were wounded in fighting around {pl} over the past week",
                lambda: f"{q(lang.equipment)} had been shot down over {pl} overnight",
                lambda: f"the situation in {pl} remained tense",
            ]
        else:
            options = [
                lambda: f"{q(lang.troops)} telah tiba di {pl}",
                lambda: f"{q(lang.troops)} telah dikerahkan ke {pl}",
                lambda: f"{q(lang.troops)} sedang berlatih di dekat {pl}",
                lambda: f"{q(lang.troops)} tewas di {pl} sejak {since}",
                lambda: f"{country} telah mengirim {q(lang.troops)} ke {pl}",
                lambda: f"{q(lang.civil)} terluka dalam pertempuran di sekitar {pl} selama sepekan terakhir",
                lambda: f"{q(lang.equipment)} ditembak jatuh di wilayah {pl} semalam",
                lambda: f"situasi di {pl} masih tegang",
            ]
        return rng.choice(options)()

    def _lead(self, rng, lang: Lang, speaker: Ent, place: Ent, published: date) -> tuple[str, str]:
        said = published - timedelta(days=rng.choice((0, 1, 1, 2, 3, 5)))
        weekday = lang.weekdays[said.weekday()]
        verb = rng.choice(lang.lead_verbs)
        claim = self._claim(rng, lang, place, said - timedelta(days=rng.randrange(3, 40)))
        intro = self._intro(rng, lang, speaker)
        if lang.code == "en":
            return f"{intro} {verb} on {weekday} ({said.day}/{said.month}) that {claim}.", claim
        return f"{intro} {verb} pada {weekday} ({said.day}/{said.month}) bahwa {claim}.", claim

    def _quote(self, rng, lang: Lang, speaker: Ent, place: Ent) -> str:
        code = lang.code
        pl = place.label(code)
        q = self._quantity(rng, lang, lang.troops)
        if code == "en":
            body = rng.choice(
                [
                    f"We have seen {q} near {pl}, and the number is growing",
                    f"Our forces are holding their positions, but the pressure on {pl} has not eased",
                    f"There is no reason to believe the numbers will fall in the coming weeks. We are ready for {pl}",
                ]
            )
            open_, close = rng.choice((("“", "”"), ('"', '"')))
            return f"{open_}{body},{close} {speaker.short(code)} {rng.choice(lang.quote_verbs)}."
        body = rng.choice(
            [
                f"Kami melihat {q} di dekat {pl}, dan jumlahnya terus meningkat",
                f"Pasukan kami mempertahankan posisi, tetapi tekanan di {pl} belum mereda",
                f"Tidak ada alasan untuk percaya jumlahnya akan turun dalam beberapa pekan mendatang. Kami siap di {pl}",
            ]
        )
        return f'"{body}," {rng.choice(lang.quote_verbs)} {speaker.short(code)}.'

    def _second(self, rng, lang: Lang, speaker: Ent, place: Ent) -> str:
        claim = self._claim(rng, lang, place, FIRST_DAY + timedelta(days=rng.randrange(DAYS)))
        if speaker.type != "Person" and rng.random() < 0.4:
            text = f"{ACCORDING_TO[lang.code]} {speaker.label(lang.code)}, {claim}."
            return text[:1].upper() + text[1:]
        glue = "that" if lang.code == "en" else "bahwa"
        return f"{self._intro(rng, lang, speaker)} {rng.choice(lang.lead_verbs)} {glue} {claim}."

    def _filler(self, rng, code: str) -> str:
        bank = FILLER[code]
        extra = "".join(f", {e}" for e in rng.sample(bank["extra"], rng.choice((1, 2, 2))))
        return f"{rng.choice(bank['open'])} {rng.choice(bank['verb'])}, {rng.choice(bank['tail'])}{extra}."

    def _headline(self, code: str, speaker: Ent, claim: str, place: Ent) -> str:
        claim = claim[:1].upper() + claim[1:]
        return f"{speaker.short(code)}: {claim}"


def articles(n: int) -> list[dict]:
    writer = Writer(Pools(), {"en": Lang("en"), "id": Lang("id")})
    return [writer.article(i) for i in range(n)]


# --- outputs ------------------------------------------------------------------------------------


@dataclass
class Paths:
    out: Path
    n: int

    @property
    def jsonl(self) -> Path:
        return self.out / f"articles-{self.n}.jsonl"

    @property
    def nquads(self) -> Path:
        return self.out / f"quads-{self.n}.nq.gz"

    @property
    def params(self) -> Path:
        return self.out / f"params-{self.n}.json"

    def meta(self, what: str) -> Path:
        return self.out / f"{what}-{self.n}.meta.json"


def _cached(meta_path: Path, expected: dict, *outputs: Path) -> bool:
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return all(meta.get(k) == v for k, v in expected.items()) and all(p.exists() for p in outputs)


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + f".{os.getpid()}.part")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write_jsonl(paths: Paths, log=print) -> dict:
    expected = {"generator": GENERATOR_VERSION, "articles": paths.n, "seed": SEED, "inputs": inputs_fingerprint()}
    if _cached(paths.meta("articles"), expected, paths.jsonl):
        log(f"cached: {paths.jsonl}")
        return json.loads(paths.meta("articles").read_text(encoding="utf-8"))
    started = time.perf_counter()
    records = articles(paths.n)
    data = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records).encode("utf-8")
    paths.out.mkdir(parents=True, exist_ok=True)
    _write_atomic(paths.jsonl, data)
    chars = [len(r["maintext"]) for r in records]
    meta = dict(expected, bytes=len(data), languages=dict(Counter(r["language"] for r in records)), mean_chars=round(sum(chars) / max(len(chars), 1)), min_chars=min(chars, default=0), max_chars=max(chars, default=0))
    _write_atomic(paths.meta("articles"), json.dumps(meta, indent=1, sort_keys=True).encode())
    log(f"wrote {paths.jsonl}: {paths.n} articles, mean {meta['mean_chars']} characters, in {time.perf_counter() - started:.1f} s")
    return meta


# Quads are computed in worker processes, one article at a time, in order.
_NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
_NKG = "https://w3id.org/newskg/ontology#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_OWL_SAMEAS = "http://www.w3.org/2002/07/owl#sameAs"
_SCHEMA_MENTIONS = "http://schema.org/mentions"
_ENTITY_TYPES = {_NKG + t for t in ("Person", "Organization", "MilitaryUnit", "Country", "Location")}
_WORD = re.compile(r"\b[a-z]{5,}\b")


def _article_quads(item):
    """Worker: one article -> (its N-Quads, facts for the load driver's parameters)."""
    import pyoxigraph as ox

    from kg.articles import ArticleError
    from kg.pipeline.ingest import article_quads

    if isinstance(item, ArticleError):
        raise ValueError(f"{item.source}: {item.reason}")
    name, quads = article_quads(item, BASE, today=TODAY)
    buffer = io.BytesIO()
    ox.serialize((ox.Quad(q.subject, q.predicate, q.object, name) for q in quads), buffer, ox.RdfFormat.N_QUADS)
    facts = {"graph": name.value, "quads": len(quads), "speakers": [], "qids": [], "entities": [], "mentions": set(), "words": set(), "kind_months": set(), "statements": 0}
    sentences, said_on, kinds, quantity_of = set(), {}, {}, {}
    for q in quads:
        p, o = q.predicate.value, q.object
        if p == _RDF_TYPE and o.value == _NIF + "Sentence":
            sentences.add(q.subject.value)
        elif p == _RDF_TYPE and o.value in _ENTITY_TYPES:
            facts["entities"].append(q.subject.value)
        elif p == _NKG + "speaker":
            facts["speakers"].append(o.value)
            facts["statements"] += 1
        elif p == _OWL_SAMEAS:
            facts["qids"].append(o.value)
        elif p == _SCHEMA_MENTIONS:
            facts["mentions"].add(o.value)
        elif p == _NKG + "saidOn":
            said_on[q.subject.value] = o.value[:7]
        elif p == _NKG + "quantityKind":
            kinds[q.subject.value] = o.value
        elif p == _NKG + "quantity":
            quantity_of.setdefault(q.subject.value, []).append(o.value)
    for q in quads:
        if q.predicate.value == _NIF + "anchorOf" and q.subject.value in sentences:
            facts["words"].update(_WORD.findall(q.object.value))
    for statement, month in said_on.items():
        for quantity in quantity_of.get(statement, ()):
            if quantity in kinds:
                facts["kind_months"].add((kinds[quantity], month))
    return buffer.getvalue(), facts


def _shared_graphs(store) -> bytes:
    """The entities and claims graphs that follow from the article graphs in ``store``, as N-Quads."""
    import pyoxigraph as ox

    from kg.pipeline import shared

    shared.refresh_all(store, BASE)
    buffer = io.BytesIO()
    graphs = (shared.entities_graph(BASE), shared.claims_graph(BASE))
    ox.serialize((q for g in graphs for q in store.quads_for_pattern(None, None, None, g)), buffer, ox.RdfFormat.N_QUADS)
    return buffer.getvalue()


def _qids(store) -> list[str]:
    """Wikidata IRIs of the entities (owl:sameAs, now in the entities graph)."""
    return [row["o"].value for row in store.query(f"SELECT DISTINCT ?o WHERE {{ GRAPH ?g {{ ?e <{_OWL_SAMEAS}> ?o }} }}")]


def write_nquads(paths: Paths, processes: int = 2, log=print) -> dict:
    expected = {"generator": GENERATOR_VERSION, "articles": paths.n, "seed": SEED, "inputs": inputs_fingerprint(), "kg": kg_fingerprint(), "base": BASE}
    if _cached(paths.meta("quads"), expected, paths.nquads, paths.params):
        log(f"cached: {paths.nquads}")
        return json.loads(paths.meta("quads").read_text(encoding="utf-8"))
    import pyoxigraph as ox

    from kg.articles import read_file

    started = time.perf_counter()
    items = list(read_file(paths.jsonl))  # exactly as `kg ingest` reads the file: same ids, same sources
    counts = Counter()
    speakers, qids, entities, words, kind_months, graphs = Counter(), Counter(), Counter(), Counter(), set(), []
    mentioned, graph_speakers = Counter(), {}
    tmp = paths.nquads.with_name(paths.nquads.name + f".{os.getpid()}.part")
    with open(tmp, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as out:
        if processes > 1:
            pool = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None).Pool(processes)
            results = pool.imap(_article_quads, items, chunksize=16)
        else:
            pool, results = None, map(_article_quads, items)
        shared_input = ox.Store()  # the article graphs, to compute the shared graphs from at the end
        try:
            for data, facts in results:
                out.write(data)
                shared_input.bulk_load(data, ox.RdfFormat.N_QUADS)
                counts["quads"] += facts["quads"]
                counts["statements"] += facts["statements"]
                counts["articles"] += 1
                counts["articles_with_statements"] += facts["statements"] > 0
                graphs.append(facts["graph"])
                graph_speakers[facts["graph"]] = set(facts["speakers"])
                mentioned.update(facts["mentions"])
                speakers.update(set(facts["speakers"]))
                qids.update(set(facts["qids"]))
                entities.update(set(facts["entities"]))
                words.update(facts["words"])
                kind_months.update(facts["kind_months"])
        finally:
            if pool is not None:
                pool.close()
                pool.join()
        # What kg ingest and kg load keep besides the article graphs (kg/pipeline/shared.py), computed over
        # all of them once, so the file is the store's content and loads without kg load too.
        out.write(_shared_graphs(shared_input))
        qids.update(set(_qids(shared_input)))
        counts["store_quads"] = len(shared_input)
    os.replace(tmp, paths.nquads)
    # The cross-graph join asks, for one article, in how many other articles its speakers are
    # mentioned: take the articles where the answer is not empty.
    joined = [g for g in graphs if any(mentioned[s] > 1 for s in graph_speakers[g])] or graphs
    params = _params(joined, speakers, qids, entities, words, kind_months, counts)
    _write_atomic(paths.params, json.dumps(params, indent=1, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    top = [(iri, n) for iri, n in entities.most_common(5)]
    meta = dict(expected, **counts, nquads_bytes=paths.nquads.stat().st_size, top_entities=[[iri, n] for iri, n in top])
    _write_atomic(paths.meta("quads"), json.dumps(meta, indent=1, sort_keys=True).encode())
    log(
        f"wrote {paths.nquads}: {counts['quads']} quads ({counts['quads'] / max(counts['articles'], 1):.0f} an article), "
        f"{counts['statements']} statements, {processes} process(es), in {time.perf_counter() - started:.1f} s"
    )
    return meta


def _shuffled(values, salt: str) -> list:
    values = sorted(values)
    random.Random(f"{SEED}:{salt}").shuffle(values)
    return values


def _params(graphs, speakers, qids, entities, words, kind_months, counts) -> dict:
    """Parameters for benchmarks/load.py, all taken from the data, in a fixed shuffled order."""
    sentences_hint = max(counts["articles"], 1)
    # Words that pick out a few sentences: neither in most articles nor in just one.
    lo, hi = max(2, sentences_hint // 500), max(3, sentences_hint // 20)
    chosen = [w for w, n in words.items() if lo <= n <= hi] or [w for w, n in words.items() if n >= 1]
    return {
        "articles": counts["articles"],
        "quads": counts["store_quads"],  # all of the store's quads: rows100k reads every one
        "graphs": _shuffled(graphs, "graphs")[:5000],
        "speakers": _shuffled(speakers, "speakers"),
        "qids": _shuffled(qids, "qids"),
        "entities": _shuffled(entities, "entities"),
        "words": _shuffled(chosen, "words")[:1000],
        "kind_months": [list(km) for km in _shuffled(kind_months, "kind-months")],
    }


def generate(n: int, out: Path = DEFAULT_OUT, nquads: bool = False, processes: int = 2, log=print) -> Paths:
    paths = Paths(Path(out), n)
    write_jsonl(paths, log=log)
    if nquads:
        write_nquads(paths, processes=processes, log=log)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000, metavar="N", help="how many articles (default 1000; 1000, 10000 and 100000 are the usual sizes)")
    parser.add_argument("--nquads", action="store_true", help="also write the quads as gzip N-Quads (and the load driver's parameters)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT.relative_to(ROOT)})")
    parser.add_argument("--processes", type=int, default=2, help="processes computing the quads (default 2)")
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    generate(args.articles, args.out, args.nquads, args.processes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
