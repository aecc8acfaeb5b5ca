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

# "KYIV -", "SEOUL (Reuters) -", "KYIV, March 6 (AP) —", "SEOUL, KABAR DUNIA -": the place, then
# an optional agency and date, then a dash.
DATELINE = re.compile(r"^\s*([A-Z][A-Za-z'’. ]{1,40}?)\s*(?:\([^)\n]{1,30}\))?\s*(?:,[^\n\-–—]{1,40}?)?\s*[-–—]{1,2}\s+")


def dateline(text: str) -> re.Match | None:
    """The dateline at the start of an article, written in capitals as agencies do."""
    m = DATELINE.match(text)
    return m if m and m.group(1).isupper() else None


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
