"""HTTP content negotiation: which of the media types we can produce does the client want?

``Accept`` is read as RFC 9110 says: each offered type takes the q-value of the most specific
range that matches it (``text/csv`` beats ``text/*`` beats ``*/*``), ``q=0`` means "not this".
Among acceptable types the highest q wins, then the more specific match, then the range the
client listed first, then the server's own order (so ``*/*`` yields the server's default).
Media-type parameters other than ``q`` (``charset`` and the like) are ignored.

Browsers cannot set ``Accept`` from a link, so a ``format=`` query parameter may stand in for
it: a short name (``json``, ``xml``, ``csv``, ``tsv``, ``turtle``, ``ntriples``, ``jsonld``,
``rdfxml``) or a media type.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

SHORT_NAMES = {
    "json": "application/sparql-results+json",
    "xml": "application/xml",  # SPARQL results XML for SELECT/ASK, RDF/XML for graphs
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "html": "text/html",
    # the names SPARQLWrapper sends as format= (its returnFormat), unchanged
    "rdf+xml": "application/rdf+xml",
    "json-ld": "application/ld+json",
    "n3": "text/turtle",  # Turtle is N3 without the N3-only parts
}

# Split on "," / ";" except inside quoted strings (parameters may quote commas).
_ITEMS = re.compile(r'(?:[^,"]|"(?:[^"\\]|\\.)*")+')
_PARAMS = re.compile(r'(?:[^;"]|"(?:[^"\\]|\\.)*")+')


@dataclass(frozen=True)
class MediaRange:
    """One element of an ``Accept`` header."""

    type: str
    subtype: str
    q: float = 1.0
    position: int = 0

    @property
    def specificity(self) -> int:
        """2 for ``type/subtype``, 1 for ``type/*``, 0 for ``*/*``."""
        if self.type == "*":
            return 0
        return 1 if self.subtype == "*" else 2

    def matches(self, media_type: str) -> bool:
        type_, _, subtype = media_type.lower().partition("/")
        return self.type in ("*", type_) and self.subtype in ("*", subtype)


def parse_accept(header: str | None) -> list[MediaRange]:
    """Parse an ``Accept`` header; a missing or blank one accepts anything.

    Malformed elements are skipped; an unreadable q-value counts as 0 (not acceptable).
    """
    if header is None or not header.strip():
        return [MediaRange("*", "*")]
    ranges = []
    for position, item in enumerate(_ITEMS.findall(header)):
        fields = [f.strip() for f in _PARAMS.findall(item)]
        if not fields or not fields[0]:
            continue
        media = fields[0].lower()
        if media == "*":  # seen in the wild for */*
            media = "*/*"
        type_, slash, subtype = media.partition("/")
        if not slash or not type_ or not subtype or (type_ == "*" and subtype != "*"):
            continue
        q = 1.0
        for field in fields[1:]:
            name, _, value = field.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = 0.0
                q = min(max(q, 0.0), 1.0) if math.isfinite(q) else 0.0
                break  # whatever follows q is an accept-extension, not a media-type parameter
        ranges.append(MediaRange(type_, subtype, q, position))
    return ranges


def negotiate(accept: str | None | Sequence[MediaRange], offered: Sequence[str]) -> str | None:
    """The element of ``offered`` (in server preference order) the client prefers, or None."""
    ranges = parse_accept(accept) if accept is None or isinstance(accept, str) else list(accept)
    best, best_key = None, None
    for index, media_type in enumerate(offered):
        matching = [r for r in ranges if r.matches(media_type)]
        if not matching:
            continue
        # the most specific range decides; among equally specific ones, the first listed
        chosen = max(matching, key=lambda r: (r.specificity, -r.position))
        if chosen.q <= 0:
            continue
        key = (chosen.q, chosen.specificity, -chosen.position, -index)
        if best_key is None or key > best_key:
            best, best_key = media_type, key
    return best


def requested_accept(format_value: str, accept_header: str | None) -> str | None:
    """What the client accepts: a ``format=`` parameter when given, else its ``Accept`` header.

    ValueError when ``format=`` names nothing known (see :func:`format_to_accept`).
    """
    return format_to_accept(format_value) if format_value.strip() else accept_header


def format_to_accept(value: str) -> str:
    """Turn a ``format=`` parameter into an ``Accept`` value; ValueError when not understood."""
    name = value.strip().lower()
    if name in SHORT_NAMES:
        return SHORT_NAMES[name]
    if "/" in name:
        return name
    raise ValueError(
        f"unknown format {value!r}; use a media type or one of {', '.join(SHORT_NAMES)}"
    )
