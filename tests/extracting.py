"""What the extraction tests ask of an invented article: one text in, its Extraction or the part a
test asserts on out. The article is published on a Wednesday, so that weekdays in test sentences
resolve to known dates."""

from __future__ import annotations

from datetime import date

from kg.articles import Article
from kg.extract import extract

PUBLISHED = date(2025, 3, 12)  # a Wednesday


def run(text: str, lang: str, published: date = PUBLISHED):
    return extract(Article(id="t", source="t.txt", text=text, language=lang, published=published))


def entities(text: str, lang: str) -> dict[str, str]:
    """label -> type of the entities the article mentions."""
    return {e.label: e.type for e in run(text, lang).entities.values()}


def said(text: str, lang: str, published: date = PUBLISHED) -> list[tuple[str, str | None]]:
    """(speaker label, date of saying) of each statement by a named speaker, in text order
    (statements of unnamed sources, as in the contract query statements.rq, left out)."""
    x = run(text, lang, published)
    return [(x.entities[s.speaker].label, s.date.isoformat() if s.date else None) for s in x.statements if s.speaker not in x.sources]


def speakers(text: str, lang: str) -> list[str]:
    """The named speaker of each statement, in text order."""
    return [label for label, _ in said(text, lang)]


def every_speaker(text: str, lang: str) -> list[str]:
    """The speaker of every statement, in text order, "unnamed" for an unnamed source."""
    x = run(text, lang)
    return [x.entities[s.speaker].label if s.speaker in x.entities else "unnamed" for s in x.statements]
