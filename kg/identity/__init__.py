"""Which real-world entity each entity of an extraction is: the part of its IRI below ``{base}id/``.

An entity's IRI is ``{base}id/{type}/{slug}`` and depends only on the article and on committed
tables (the gazetteer, ``aliases.csv`` beside this module): never on what a store holds or on the
order articles come in, so that extraction stays a pure function and ``kg ingest``, shards and
Dask mint the same IRIs. docs/model.md ("Identity") is the contract; the rules, in order:

1. **A gazetteer row** is one entity: its slug is the slug of the row's English label (else its
   Indonesian one). The QID is never part of it, so a row that gets a QID keeps its IRI; two rows
   never share a slug (checked when the tables load).
2. **An entity the extraction did not link** resolves to a row, or to a path the alias table
   gives, when one of its names (as written, or with its country's name cut out: "Ukraine's
   military intelligence agency" -> "military intelligence agency" of UA) is
   a) a name in ``aliases.csv`` (for the entity's country, when the row names one),
   b) a name of exactly one gazetteer row of its kind, or
   c) an organisation's name with its country cut out, for exactly one row of the entity's
      country ("Russia's Defence Ministry" -> "defence ministry" of RU).
3. **A short form** the article uses beside a fuller name of the same kind (a person's one name,
   "Lee" beside "Lee Jae-woon"; an organisation's name without its country, or its first words,
   "the Defence Ministry" beside "Russia's Defence Ministry") is the fuller entity, when exactly
   one entity of the article fits.
4. An organisation the text gives no country whose name is a row's name without its country
   ("National Intelligence Service") is that row, when exactly one of the countries the article
   names has such a row.
5. Otherwise the entity is identified by its kind and the extraction's key ("Type:slug", stable
   across articles and languages: a country's unnamed army is ``armed-forces-{iso}``).

Kinds: people, organisations (military units included: a row's type wins), countries, places.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from .. import gazetteer as gazetteer_module
from ..extract.model import Entity, Extraction
from ..gazetteer import Entry, Gazetteer
from ..text import fold_phrase, slug

HERE = Path(__file__).parent
ALIASES_FILE = HERE / "aliases.csv"
TYPE_PATHS = {"Person": "person", "Organization": "organization", "MilitaryUnit": "unit", "Country": "country", "Location": "location"}
TYPE_OF_PATH = {path: type_ for type_, path in TYPE_PATHS.items()}
KINDS = {"Person": "person", "Organization": "org", "MilitaryUnit": "org", "Country": "country", "Location": "place"}
# Words left at the edge of a name when its country's name is cut out: "Ministry of Defence of".
_JOINING = frozenset("of the for and di dari untuk dan".split())
# Names recur in every article (most come from the gazetteer): each is folded once.
_fold = lru_cache(maxsize=1 << 16)(fold_phrase)


@dataclass(frozen=True)
class Identity:
    """What an entity of one article is: its IRI path, its type, and its gazetteer row if any."""

    path: str  # below {base}id/: "person/mark-rutte"
    type: str
    entry: Entry | None = None
    short_form: bool = False  # a short form of another entity of the article (rule 3)


@dataclass(frozen=True)
class Alias:
    """One row of aliases.csv: a name (of a country, when ``country`` is set) and its entity."""

    kind: str
    name: str  # folded phrase
    country: str | None
    path: str


def entry_path(entry: Entry) -> str:
    return f"{TYPE_PATHS[entry.type]}/{slug(entry.label_en or entry.label_id)}"


class Tables:
    """The committed tables, indexed for resolution."""

    def __init__(self, gaz: Gazetteer, aliases: list[Alias]):
        self.gaz = gaz
        self.by_key: dict[str, Entry] = {e.key: e for e in gaz.entries}
        self.by_path: dict[str, Entry] = {}
        for entry in gaz.entries:
            path = entry_path(entry)
            other = self.by_path.setdefault(path, entry)
            if other is not entry:
                raise ValueError(f"gazetteer rows {other.label_en!r} and {entry.label_en!r} would share the IRI …id/{path}: give one a distinguishing label")
        self._without: dict[tuple[str, str | None], str] = {}
        self.countries: dict[str, Entry] = {e.country: e for e in gaz.entries if e.type == "Country" and e.country}
        self.country_names: dict[str, list[tuple[str, ...]]] = {}
        for iso, entry in self.countries.items():
            names = {tuple(fold_phrase(n).split()) for n, _ in entry.names()}
            names |= {words for words, code in gaz.demonyms.items() if code == iso}
            self.country_names[iso] = sorted((n for n in names if n), key=len, reverse=True)
        self.names: dict[tuple[str, str], set[Entry]] = {}
        self.cores: dict[tuple[str, str], set[Entry]] = {}
        for entry in gaz.entries:
            for name, _lang in entry.names():
                folded = fold_phrase(name)
                self.names.setdefault((KINDS[entry.type], folded), set()).add(entry)
                if KINDS[entry.type] == "org" and entry.country:
                    core = self.without_country(folded, entry.country)
                    if core:
                        self.cores.setdefault((core, entry.country), set()).add(entry)
        self.aliases: dict[tuple[str, str], list[Alias]] = {}
        for alias in aliases:
            if alias.path.split("/", 1)[0] not in TYPE_OF_PATH:
                raise ValueError(f"aliases.csv: {alias.path!r} is not a path below id/ of an entity type")
            self.aliases.setdefault((alias.kind, alias.name), []).append(alias)

    def without_country(self, folded: str, iso: str | None) -> str:
        """``folded`` with the first name of country ``iso`` cut out, and the joining words that
        were left at its edges; ``folded`` itself when the country is not named in it."""
        if (folded, iso) not in self._without:
            self._without[(folded, iso)] = self._cut_country(folded, iso)
        return self._without[(folded, iso)]

    def _cut_country(self, folded: str, iso: str | None) -> str:
        words = tuple(folded.split())
        for name in self.country_names.get(iso or "", ()):
            n = len(name)
            for i in range(len(words) - n + 1):
                if words[i : i + n] == name:
                    rest = list(words[:i] + words[i + n :])
                    while rest and rest[0] in _JOINING:
                        rest.pop(0)
                    while rest and rest[-1] in _JOINING:
                        rest.pop()
                    return " ".join(rest)
        return folded

    def identity_of_entry(self, entry: Entry) -> Identity:
        return Identity(entry_path(entry), entry.type, entry)

    def identity_of_path(self, path: str) -> Identity:
        entry = self.by_path.get(path)
        return Identity(path, entry.type if entry else TYPE_OF_PATH[path.split("/", 1)[0]], entry)


def read_aliases(path: Path = ALIASES_FILE) -> list[Alias]:
    """aliases.csv: ``type,name,country,iri,note``; ``iri`` is the entity's path below ``id/``."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = []
    for row in rows:
        if row["type"] not in KINDS:
            raise ValueError(f"{path.name}: unknown type {row['type']!r}")
        out.append(Alias(KINDS[row["type"]], fold_phrase(row["name"]), row["country"].strip() or None, row["iri"].strip()))
    return out


@cache
def default_tables() -> Tables:
    return Tables(gazetteer_module.default(), read_aliases())


def resolve(x: Extraction, tables: Tables | None = None) -> dict[str, Identity]:
    """The identity of every entity the extraction describes (mentioned or related), by key."""
    t = tables or default_tables()
    described = {**x.related, **x.entities}
    mentioned_countries = {e.country for e in x.entities.values() if e.type == "Country" and e.country}
    found: dict[str, Identity] = {}
    for key, e in described.items():
        identity = _known(t, e) or _by_name(t, e)
        if identity is not None:
            found[key] = identity
    unresolved = [key for key in described if key not in found]
    own = {key: Identity(f"{TYPE_PATHS[described[key].type]}/{_key_slug(described[key])}", described[key].type) for key in unresolved}
    merged: dict[str, str] = {}  # short form -> the key of its fuller entity
    for key in unresolved:
        if key in x.entities:
            fuller = _fuller(t, key, x.entities, found, own)
            if fuller is not None:
                merged[key] = fuller
    for key in unresolved:
        target, hops = key, 0
        while target in merged and hops < len(merged):  # a short form of a short form
            target, hops = merged[target], hops + 1
        if target == key:  # last: a name without a country, for a row of a country the article names
            found[key] = _by_core(t, described[key], mentioned_countries) or own[key]
        else:
            identity = found.get(target) or _by_core(t, described[target], mentioned_countries) or own[target]
            found[key] = Identity(identity.path, identity.type, identity.entry, short_form=True)
    return found


def _known(t: Tables, e: Entity) -> Identity | None:
    """Rule 1: the entity came from a gazetteer row."""
    entry = t.by_key.get(e.key)
    return t.identity_of_entry(entry) if entry is not None and entry.type == e.type else None


def _names(e: Entity) -> set[str]:
    return {n for n in (_fold(name) for name in {e.label, *e.labels.values(), *e.aliases}) if n}


def _by_name(t: Tables, e: Entity) -> Identity | None:
    """Rule 2a and 2b: a name of the entity (or, of a country's entity, that name without the
    country's) that the alias table, or the gazetteer's names of one row, know."""
    kind = KINDS[e.type]
    names = _names(e)
    forms = names | ({t.without_country(n, e.country) for n in names} if e.country else set())
    paths = set()
    for form in forms:
        for alias in t.aliases.get((kind, form), ()):
            if alias.country is None or alias.country == e.country:
                paths.add(alias.path)
    if len(paths) == 1:
        return t.identity_of_path(paths.pop())
    if paths:
        return None  # the table gives this name several entities: none
    entries = set().union(*(t.names.get((kind, n), set()) for n in names))
    if len(entries) == 1:
        return t.identity_of_entry(entries.pop())
    if entries or kind != "org" or not e.country:
        return None
    cores = set().union(*(t.cores.get((t.without_country(n, e.country), e.country), set()) for n in names))
    return t.identity_of_entry(cores.pop()) if len(cores) == 1 else None


def _by_core(t: Tables, e: Entity, mentioned_countries: set[str]) -> Identity | None:
    """Rule 2c for an organisation the text gives no country: its name is a row's name without
    the row's country ("National Intelligence Service"), for exactly one of the countries the
    article names. Tried after the article's own fuller names (rule 3), which know better."""
    if KINDS[e.type] != "org" or e.country:
        return None
    names = _names(e)
    cores = set().union(*(t.cores.get((n, iso), set()) for n in names for iso in mentioned_countries))
    return t.identity_of_entry(cores.pop()) if len(cores) == 1 else None


def _fuller(t: Tables, key: str, entities: dict[str, Entity], found: dict[str, Identity], own: dict[str, Identity]) -> str | None:
    """Rule 3: the one other entity of the article of which this one's name is a short form."""
    e = entities[key]
    kind = KINDS[e.type]
    if kind not in ("person", "org"):
        return None  # places sharing words are often different places: "Donetsk", "Donetsk Oblast"
    short = tuple(_fold(e.label).split())
    if not short:
        return None
    targets = set()
    for other_key, other in entities.items():
        if other_key == key or KINDS[other.type] != kind:
            continue
        if e.country and other.country and e.country != other.country:
            continue
        for name in _names(other):
            words = tuple(name.split())
            if len(words) > len(short) and _short_form(kind, short, words, t.without_country(name, other.country)):
                targets.add(other_key)
                break
    if len({(found.get(k) or own[k]).path for k in targets}) != 1:
        return None
    return min(targets)


def _short_form(kind: str, short: tuple[str, ...], words: tuple[str, ...], core: str) -> bool:
    if kind == "person":  # a surname or a given name alone (a longer part may be the extractor's
        # longer mistake: "Volker Türk" beside "Rights Volker Türk")
        return len(short) == 1 and short[0] in (words[0], words[-1])
    if " ".join(short) == core:  # the name without its country
        return True
    it = iter(words)  # the extractor's own rule: same first word, the rest in order
    return short[0] == words[0] and all(w in it for w in short)


def _key_slug(e: Entity) -> str:
    """Rule 4: the extraction's key names the entity ("Organization:joint-chiefs-of-staff")."""
    _type, sep, rest = e.key.partition(":")
    return (slug(rest) if sep and rest else "") or slug(e.label)
