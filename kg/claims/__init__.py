"""Claims across articles: when two statements report the same thing said (docs/model.md, "Claims").

A *claim* is what a speaker said, whichever outlet reports it: statements in different articles
(and languages) that give the same speaker saying the same figure in the same calendar month, or
reporting the same event (type, place, month), are reports of one claim. The claim's IRI is a
hash of its group key, so grouping needs no store and no order of ingest: every article mints the
IRI of each claim it reports, and one more article adds a report to the claim without recomputing
the others. (The *speaker* made the claim; the *outlet* published a report of it.)

A statement reports one claim per figure it gives, and one more for the first event it reports
that has a place; so an article that found one number fewer in the same words still shares the
others. Keys are made of IRI paths below ``{base}id/`` (not of full IRIs), so they are the same
whatever base a store uses:

* ``figure|{speaker}|{YYYY-MM}|{kind}|{bound}|{value}``
* ``event|{speaker}|{YYYY-MM}|{type}|{place}``

The month is that of the date of saying when the text fixes it, else of the article's reference
date (for an event, the event's own date first); a statement with no date at all makes no claim.
An unnamed speaker is ``anonymous/{its affiliation's path}`` (or ``anonymous``): two unnamed
officials of one body giving the same figure in one month are taken as one claim.
"""

from __future__ import annotations

import hashlib
from datetime import date


def figure_key(speaker: str, kind: str, bound: str, value: int, month: date | None) -> str | None:
    """The group key of a figure a speaker gave (``speaker`` is an IRI path); None without a month."""
    return None if month is None else f"figure|{speaker}|{_month(month)}|{kind}|{bound}|{value}"


def event_key(speaker: str, type_: str, place: str, month: date | None) -> str | None:
    """The group key of an event a speaker reported at a place (an IRI path); None without a month."""
    return None if month is None else f"event|{speaker}|{_month(month)}|{type_}|{place}"


def month(value: date) -> str:
    return _month(value)


def _month(value: date) -> str:
    return f"{value.year:04d}-{value.month:02d}"


def local_name(group_key: str) -> str:
    """The claim's IRI below ``{base}id/claim/``: 16 hex digits of the key's SHA-256."""
    return hashlib.sha256(group_key.encode("utf-8")).hexdigest()[:16]
