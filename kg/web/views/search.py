"""``GET /search?q=…``: sentences (with their statements) and names that contain the words.

Filters: ``lang`` (of the article, ``en``/``id``), ``speaker`` (IRI: sentences where that actor
says something), ``kind`` (a figure kind's IRI or name, ``troops``), ``from`` / ``to``
(``YYYY-MM-DD``, the date of saying or of publication), ``page``. HTML with the words highlighted,
or JSON (``Accept: application/json`` or ``format=json``). Hits come from the index
(:mod:`kg.search`), best first; what is shown about them is read from the store, so a hit always
shows the store's current text.

:func:`expand_search` is what ``/sparql`` calls to turn search clauses into ``VALUES``.
"""

from __future__ import annotations

import re
from datetime import date

from flask import Response, current_app, render_template, request, url_for

from kg.namespaces import KIND
from kg.search import Filters, SearchUnavailable, expand, fold, word_spans
from kg.search.documents import ENTITY, SENTENCE
from kg.search.index import QueryError

from ..responses import plain
from . import queries
from .common import Namer, bp, json_response, store, wants_json

PAGE_SIZE = 20
ENTITY_HITS = 12
FACETS = 12


def expand_search(sparql: str) -> str:
    """The query with its search clauses answered (kg/search/clause.py); the one hook in /sparql."""
    return expand(sparql, current_app.extensions.get("newskg.search"))


def _day(text: str, name: str) -> int | None:
    if not text:
        return None
    try:
        return int(date.fromisoformat(text).strftime("%Y%m%d"))
    except ValueError:
        raise ValueError(f"{name} must be a date as YYYY-MM-DD, not {text!r}") from None


def _kind(text: str) -> str:
    if not text:
        return ""
    return text if text.startswith(("http://", "https://")) else KIND + text


def _words(q: str) -> set[str]:
    """The folded words of a search, for highlighting (operators and field names left out)."""
    q = re.sub(r"\b(AND|OR|NOT)\b", " ", q)
    q = re.sub(r"\b\w+:", " ", q)
    return set(fold(q))


def _highlight(text: str, words: set[str]) -> list[dict]:
    """``text`` as pieces ``{"text", "hit"}`` (the template escapes each)."""
    pieces, at = [], 0
    for start, end in word_spans(text, words):
        if start > at:
            pieces.append({"text": text[at:start], "hit": False})
        pieces.append({"text": text[start:end], "hit": True})
        at = end
    if at < len(text):
        pieces.append({"text": text[at:], "hit": False})
    return pieces


@bp.route("/search")
def search() -> Response:
    q = request.args.get("q", "").strip()
    index = current_app.extensions.get("newskg.search")
    try:
        filters = Filters(
            lang=request.args.get("lang", "").strip(),
            speaker=request.args.get("speaker", "").strip(),
            kind=_kind(request.args.get("kind", "").strip()),
            date_from=_day(request.args.get("from", "").strip(), "from"),
            date_to=_day(request.args.get("to", "").strip(), "to"),
        )
        page = max(int(request.args.get("page", "1") or 1), 1)
    except ValueError as exc:
        return plain(400, str(exc))
    result = {"query": q, "total": 0, "hits": [], "entities": [], "facets": {}, "page": page, "page_size": PAGE_SIZE}
    error = None
    if q and index is None:
        error = "This store has no search index."
    elif q:
        try:
            total, hits = index.search(q, SENTENCE, filters=filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, lenient=True)
            _, names = index.search(q, ENTITY, limit=ENTITY_HITS * 3, lenient=True)
            result["facets"] = index.facets(q, SENTENCE, filters=filters, size=FACETS)
        except SearchUnavailable as exc:
            return plain(503, str(exc))
        except QueryError as exc:
            return plain(400, str(exc))
        details = queries.sentence_details(store(), [h.iri for h in hits])
        words = _words(q)
        # a hit the store no longer has is not shown (the index follows every write; this is a guard)
        result["total"] = total
        result["hits"] = [{**details[h.iri], "score": h.score} for h in hits if h.iri in details]
        result["entities"] = [h.iri for h in names][:ENTITY_HITS]
        for hit in result["hits"]:
            hit["spans"] = word_spans(hit["text"], words)
    namer = Namer(_iris(result))
    if wants_json():
        return json_response(_as_json(result, namer))
    return Response(render_template(
        "search.html", q=q, result=result, error=error, namer=namer, highlight=_highlight, words=_words(q),
        filters=request.args, kinds=queries.kinds_used(store()), pages=_pages(result), site=_site(), root=request.script_root,
    ), content_type="text/html; charset=utf-8")


def _iris(result: dict) -> set[str]:
    iris = set(result["entities"])
    for name in ("speaker", "kind", "lang"):
        iris |= {v for v, _ in result["facets"].get(name, [])}
    for hit in result["hits"]:
        iris.add(hit["article"])
        for st in hit["statements"]:
            iris |= {st["speaker"], st["stance"], *(f[2] for f in st["figures"])}
    return {i for i in iris if i and i.startswith(("http://", "https://"))}


def _as_json(result: dict, namer: Namer) -> dict:
    def statement(st):
        return {"iri": st["iri"], "speaker": namer.term(st["speaker"]), "stance": namer.term(st["stance"]), "said": st["said"],
                "figures": [{"value": v, "bound": b, "kind": namer.term(k)} for v, b, k in st["figures"]]}

    return {
        "query": result["query"], "total": result["total"], "page": result["page"], "page_size": result["page_size"],
        "entities": [namer.term(e) for e in result["entities"]],
        "hits": [{
            "sentence": h["iri"], "text": h["text"], "highlights": [list(s) for s in h["spans"]], "score": h["score"],
            "article": namer.term(h["article"]), "headline": h["headline"], "published": h["published"], "lang": h["lang"],
            "outlet": h["publisher"], "statements": [statement(st) for st in h["statements"]],
        } for h in result["hits"]],
        "facets": {name: [{"value": v, "count": n} for v, n in values] for name, values in result["facets"].items()},
    }


def _pages(result: dict) -> dict:
    last = max((result["total"] - 1) // PAGE_SIZE + 1, 1)
    args = dict(request.args)
    link = lambda n: url_for("views.search", **{**args, "page": n})
    return {"last": last, "prev": link(result["page"] - 1) if result["page"] > 1 else None,
            "next": link(result["page"] + 1) if result["page"] < last else None}


def _site() -> str:
    return current_app.extensions.get("newskg.title", "newskg")
