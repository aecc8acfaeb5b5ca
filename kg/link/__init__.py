"""Opt-in Wikidata linking for entities the offline gazetteer left without a QID.

The gazetteer (:mod:`kg.gazetteer`) links what it knows, offline. This package asks Wikidata
about the rest, and only when the caller creates a :class:`WikidataClient` and passes it in:

    client = WikidataClient(cache_dir=default_cache_dir())
    mapping = link_unlinked(extraction, client)   # {entity key: QID}; extraction unchanged
    apply_links(extraction, mapping)              # sets entity.wikidata, before graph building

Importing this package makes no request and creates no file. See ``docs/linking.md``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Protocol

from .cache import JsonCache, default_cache_dir
from .wikidata import (
    QID,
    TYPE_CLASSES,
    Candidate,
    WikidataClient,
    WikidataError,
    name_key,
    searchable,
    user_agent,
)

if TYPE_CHECKING:
    from ..extract.model import Entity, Extraction

__all__ = [
    "Candidate",
    "JsonCache",
    "Linker",
    "TYPE_CLASSES",
    "WikidataClient",
    "WikidataError",
    "apply_links",
    "default_cache_dir",
    "link_unlinked",
    "name_key",
    "names_to_try",
    "searchable",
    "user_agent",
]

log = logging.getLogger(__name__)


class Linker(Protocol):
    def link(self, name: str, language: str, expected_type: str) -> str | None: ...


def _all_entities(extraction: Extraction) -> dict[str, Entity]:
    """Mentioned entities, then the described-only ones (countries), each key once."""
    out = dict(extraction.entities)
    for key, entity in extraction.related.items():
        out.setdefault(key, entity)
    return out


def names_to_try(entity: Entity) -> list[tuple[str, str]]:
    """(name, language) pairs to look an entity up by: the English gazetteer label first (Wikidata
    is best covered in English), then the canonical label, then the other gazetteer labels; each
    name (folded) once."""
    pairs: list[tuple[str, str]] = []
    if entity.labels.get("en"):
        pairs.append((entity.labels["en"], "en"))
    pairs.append((entity.label, entity.language))
    pairs.extend((label, lang) for lang, label in entity.labels.items() if label)
    seen, out = set(), []
    for name, lang in pairs:
        if name and name_key(name) not in seen:  # the same name in another language: asked once
            seen.add(name_key(name))
            out.append((name, lang))
    return out


def link_unlinked(extraction: Extraction, client: Linker, *, max_failures: int = 3) -> dict[str, str]:
    """QIDs for the extraction's entities that have none: ``{entity.key: QID}``.

    Each entity is looked up by :func:`names_to_try`; it is linked only when its names lead to
    one QID (no name gives another). A QID that two entities would get, or that an entity of
    the extraction already has, is given to none of them. The extraction is not changed.
    A look-up that fails (:class:`WikidataError`) leaves that entity unlinked; after
    ``max_failures`` failures the remaining entities are not asked about.
    """
    entities = _all_entities(extraction)
    taken = {e.wikidata for e in entities.values() if e.wikidata}
    found: dict[str, str] = {}
    failures = 0
    for key, entity in entities.items():
        if entity.wikidata:
            continue
        if failures >= max_failures:
            log.warning("Wikidata look-ups stopped after %d failures", failures)
            break
        qids: set[str] = set()
        try:
            for name, language in names_to_try(entity):
                qid = client.link(name, language, entity.type)
                if qid:
                    qids.add(qid)
        except WikidataError as exc:
            failures += 1
            log.warning("no Wikidata look-up for %r: %s", entity.label, exc)
            continue
        if len(qids) == 1:
            found[key] = qids.pop()
        elif qids:
            log.info("no link for %r: its names lead to %s", entity.label, sorted(qids))
    counts: dict[str, int] = {}
    for qid in found.values():
        counts[qid] = counts.get(qid, 0) + 1
    return {k: q for k, q in found.items() if counts[q] == 1 and q not in taken}


def apply_links(extraction: Extraction, mapping: dict[str, str]) -> int:
    """Set ``entity.wikidata`` from ``{entity.key: QID}`` (mentioned and related entities) where
    it is still empty; returns how many entities were linked. Keys are left as they are (mentions,
    statements and posts refer to them); the IRI does not change either (a QID is never part of
    one): the article's graph adds ``owl:sameAs``."""
    for qid in mapping.values():
        if not isinstance(qid, str) or not QID.match(qid):
            raise ValueError(f"not a QID: {qid!r}")
    linked = 0
    for entities in (extraction.entities, extraction.related):
        for key, entity in entities.items():
            qid = mapping.get(key)
            if qid and not entity.wikidata:
                entity.wikidata = qid
                linked += 1
    return linked
