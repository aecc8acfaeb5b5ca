"""Known entities with their Wikidata QIDs, and the matcher that finds them in text.

Rows come from the CSV files beside this module (see SOURCES.md there for where each QID was
confirmed). All share one header: ``wikidata,type,label_en,label_id,aliases_en,aliases_id,country,source``.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..text import Token, fold, slug, tokenize

HERE = Path(__file__).parent
ENTITY_FILES = ("countries.csv", "subdivisions.csv", "cities.csv", "entities.csv", "features.csv")
TYPES = ("Person", "Organization", "MilitaryUnit", "Country", "Location")


@dataclass(frozen=True)
class Entry:
    type: str
    label_en: str
    label_id: str
    wikidata: str | None = None
    country: str | None = None
    aliases: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (text, language)
    kind: str = field(default="", compare=False)  # the file the row came from: "cities", "subdivisions", ...

    @property
    def key(self) -> str:
        return self.wikidata or f"{self.type}:{slug(self.label_en or self.label_id)}"

    def label(self, language: str) -> str:
        return (self.label_id if language == "id" else self.label_en) or self.label_en or self.label_id

    def names(self) -> list[tuple[str, str]]:
        """Every name with its language tag: labels first, then aliases."""
        out = [(self.label_en, "en"), (self.label_id, "id")]
        return [(n, lang) for n, lang in out if n] + list(self.aliases)


def _split(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _pattern_allows(pattern: tuple[str, ...], tokens: list[Token]) -> bool:
    """Case rules: an all-caps acronym matches only in capitals, and a name that starts with a
    capital only where the text's first word does too ("Kursk region" still matches "Kursk Region")."""
    for k, (word, tok) in enumerate(zip(pattern, tokens)):
        if len(word) > 1 and word.isupper() and word.isalpha():
            if tok.text != tok.text.upper():
                return False
        elif k == 0 and word[:1].isupper() and not tok.text[:1].isupper():
            return False
    return True


class Gazetteer:
    def __init__(self, entries: list[Entry], demonyms: dict[str, str] | None = None, capitals: dict[str, str] | None = None):
        self.entries = entries
        self.capitals = dict(capitals or {})  # QID of a capital city -> ISO code of its country
        self._index: dict[tuple[str, ...], list[tuple[tuple[str, ...], Entry]]] = defaultdict(list)
        for entry in entries:
            for name, _lang in entry.names():
                words = tuple(t.text for t in tokenize(name) if t.is_word)
                if words:
                    self._index[tuple(fold(w) for w in words)].append((words, entry))
        self.longest = max((len(k) for k in self._index), default=0)
        # The lengths of the names that start with each folded word, longest first: a word that
        # starts no name (most words) is ruled out with one look-up.
        self._lengths = _lengths_by_first_word(self._index)
        self._by_country_type: dict[tuple[str, str], list[Entry]] = defaultdict(list)
        for entry in entries:
            if entry.country:
                self._by_country_type[(entry.country, entry.type)].append(entry)
        self._countries = {e.country: e for e in entries if e.type == "Country" and e.country}
        self.demonyms = {tuple(fold(w) for w in k.split()): v for k, v in (demonyms or {}).items()}
        self._demonym_firsts = frozenset(k[0] for k in self.demonyms if k)
        self._name_words: dict[tuple[str, str], list[tuple[Entry, list[set[str]]]]] = {}

    def starts(self, words: list[Token]) -> list[int]:
        """The indices whose word starts some name: everywhere else ``match_at`` is None."""
        first = self._lengths
        return [i for i, t in enumerate(words) if t.folded in first]

    def demonym_starts(self, words: list[Token]) -> list[int]:
        """The indices whose word starts some demonym: everywhere else ``demonym_at`` is None."""
        first = self._demonym_firsts
        return [i for i, t in enumerate(words) if t.folded in first]

    def match_at(self, words: list[Token], i: int) -> tuple[int, list[Entry]] | None:
        """Longest name starting at word ``i``: (number of words, candidate entries).

        Several candidates mean the name is ambiguous; the caller decides with context.
        """
        if not 0 <= i < len(words):
            return self._scan_at(words, i)
        lengths = self._lengths.get(words[i].folded)
        if lengths is None:
            return None
        room = len(words) - i
        return self._longest(words, i, (n for n in lengths if n <= room))

    def _scan_at(self, words, i):
        """Every length in turn, for an index outside the list (where slices get odd)."""
        return self._longest(words, i, range(min(self.longest, len(words) - i), 0, -1))

    def _longest(self, words, i, lengths):
        """The first of ``lengths`` (longest first) whose span at ``i`` names an entry, with its entries."""
        for n in lengths:
            span = words[i : i + n]
            hits = self._index.get(tuple(t.folded for t in span))
            if hits:
                entries = list({id(e): e for pattern, e in hits if _pattern_allows(pattern, span)}.values())
                if entries:
                    return n, entries
        return None

    def by_words(self, iso2: str, type_: str, words: list[str]) -> Entry | None:
        """The one entry of a country and type one of whose names holds all ``words`` (folded):
        "foreign ministry" of RU -> "Ministry of Foreign Affairs of Russia". None when no entry or
        several do."""
        wanted = {fold(w) for w in words}
        hits = []
        for entry, names in self._folded_names(iso2, type_):
            if any(wanted <= name for name in names):
                hits.append(entry)
        return hits[0] if len(hits) == 1 else None

    def _folded_names(self, iso2: str, type_: str) -> list[tuple[Entry, list[set[str]]]]:
        """The entries of a country and type with each name's folded words, tokenised once."""
        key = (iso2, type_)
        if key not in self._name_words:
            self._name_words[key] = [
                (entry, [{t.folded for t in tokenize(name)} for name, _lang in entry.names()]) for entry in self.of_country(iso2, type_)
            ]
        return self._name_words[key]

    def country(self, iso2: str) -> Entry | None:
        return self._countries.get(iso2)

    def capital_of(self, key: str) -> Entry | None:
        """The country whose capital the entry with this key is ("Kinshasa" -> DR Congo): a
        capital named as the one who acts or speaks stands for its government."""
        iso = self.capitals.get(key)
        return self._countries.get(iso) if iso else None

    def of_country(self, iso2: str, type_: str) -> list[Entry]:
        return self._by_country_type.get((iso2, type_), [])

    def demonym_at(self, words: list[Token], i: int) -> tuple[int, str] | None:
        """A demonym ("North Korean") at word ``i``: (number of words, ISO country code)."""
        if 0 <= i < len(words) and words[i].folded not in self._demonym_firsts:
            return None  # no demonym starts with this word
        for n in (3, 2, 1):
            if i + n <= len(words) and all(t.is_capitalised for t in words[i : i + n]):
                iso = self.demonyms.get(tuple(t.folded for t in words[i : i + n]))
                if iso:
                    return n, iso
        return None


def _lengths_by_first_word(keys) -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = defaultdict(set)
    for key in keys:
        if key:
            lengths[key[0]].add(len(key))
    return {word: tuple(sorted(ns, reverse=True)) for word, ns in lengths.items()}


def read_entries(path: Path) -> list[Entry]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    entries = []
    for row in rows:
        if row["type"] not in TYPES:
            raise ValueError(f"{path.name}: unknown type {row['type']!r}")
        aliases = tuple((a, "en") for a in _split(row.get("aliases_en", ""))) + tuple(
            (a, "id") for a in _split(row.get("aliases_id", ""))
        )
        entries.append(
            Entry(
                type=row["type"],
                label_en=row["label_en"].strip(),
                label_id=row.get("label_id", "").strip(),
                wikidata=row["wikidata"].strip() or None,
                country=row.get("country", "").strip() or None,
                aliases=aliases,
                kind=path.stem,
            )
        )
    return entries


def read_capitals(path: Path) -> dict[str, str]:
    """Capital cities: QID -> ISO code of the country whose government the capital can stand for."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as f:
        return {row["wikidata"].strip(): row["country"].strip() for row in csv.DictReader(f) if row["wikidata"].strip()}


def read_demonyms(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as f:
        return {row["demonym"].strip(): row["country"].strip() for row in csv.DictReader(f)}


@cache
def default() -> Gazetteer:
    entries: list[Entry] = []
    for name in ENTITY_FILES:
        if (HERE / name).exists():
            entries.extend(read_entries(HERE / name))
    return Gazetteer(entries, read_demonyms(HERE / "demonyms.csv"), read_capitals(HERE / "capitals.csv"))
