"""The spans mention finding works with: candidates, role spans, a sentence's mentions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..gazetteer import Entry
from ..text import Token
from .model import Mention

ACTOR_TYPES = ("Person", "Organization", "MilitaryUnit", "Country")
PLACE_TYPES = ("Country", "Location")
LANGUAGE = "Language"  # a span that names a language ("berbahasa Inggris"): held, no entity
ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,7}")

# "KYIV -", "SEOUL (Reuters) -", "KYIV, March 6 (AP) —", "SEOUL, KABAR DUNIA -", "KHARTOUM,
# Sudan (AP) —", "PORT-AU-PRINCE, Haiti —", "Jakarta (ANTARA) -": the place (up to four words,
# hyphens inside), then an optional comma and country, date or outlet, an optional outlet (or
# date) in parentheses, then a dash.
_WORD = r"[^\W\d_][\w'’.]*(?:-[\w'’.]+)*"
DATELINE = re.compile(
    rf"^[ \t]*(?P<place>{_WORD}(?: {_WORD}){{0,3}})[ \t]*(?:\((?P<outlet1>[^)\n]{{1,30}})\))?"
    rf"[ \t]*(?:,[ \t]*(?P<extra>[^\n()\-–—]{{1,40}}?))?[ \t]*(?:\((?P<outlet>[^)\n]{{1,30}})\))?[ \t]*[-–—]{{1,2}}[ \t]+(?=\S)"
)


def dateline(text: str) -> re.Match | None:
    """The dateline at the start of ``text`` (an article or a paragraph): its place written in
    capitals as agencies do ("KYIV -"), or capitalised with an outlet after it ("Jakarta
    (ANTARA) -", "Jakarta, KOMPAS.com -"). A capitalised name alone before a dash ("Zelensky -
    ...") is no dateline here; the proposer checks such names against the gazetteer."""
    m = DATELINE.match(text)
    if not m or not _place_words(m.group("place")):
        return None
    place = m.group("place")
    if any(ch.isalpha() for ch in place) and place.upper() == place:
        return m
    return m if m.group("outlet1") or m.group("outlet") or _outlet(m.group("extra")) else None


def capitalised_dateline(text: str) -> re.Match | None:
    """A dateline whose place is only capitalised and stands alone before the dash ("Jakarta –
    ..."): one only when that name is a known place (the caller's check)."""
    m = DATELINE.match(text)
    return m if m and _place_words(m.group("place")) and not m.group("extra") else None


def _place_words(place: str) -> bool:
    """Every word capitalised (particles inside hyphenated words aside: "Port-au-Prince")."""
    return all(w[:1].isupper() for w in place.split())


def _outlet(extra: str | None) -> bool:
    """The part after a dateline's comma names an outlet, not a country or date: written in
    capitals or as a web address ("KOMPAS.com", "KABAR DUNIA", "KabarGlobal24")."""
    if not extra:
        return False
    extra = extra.strip()
    return extra.upper() == extra and any(ch.isalpha() for ch in extra) or "." in extra or any(ch.isdigit() for ch in extra) and not any(ch == " " for ch in extra)


@dataclass
class Candidate:
    start: int  # token index, inclusive
    end: int  # token index, exclusive
    type: str
    label: str
    entry: Entry | None = None
    priority: int = 0  # higher wins among equally long spans
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    key: str | None = None  # forced entity key (short references)
    chars: tuple[int, int] | None = None  # character span when it is part of a token ("Barbados" in "Barbados-flagged")
    modifier: bool = False  # names its entity only as a modifier ("Kenyan police"): mentioned, never a speaker


@dataclass
class RoleSpan:
    """"Kepala Intelijen Pertahanan Ukraina" attached to a person: not a speaker of its own."""

    start: int  # char offsets
    end: int
    holder: str


@dataclass
class SentenceMentions:
    tokens: list[Token]
    mentions: list[Mention]  # top-level and nested, in text order
    roles: list[RoleSpan]
