"""An article's sentences and the mentions inside them, as its resource page lists them."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from kg.namespaces import ITSRDF, NIF, RDF

from .views import Viewer

_SENTENCE = ox.NamedNode(NIF + "Sentence")
_PHRASE = ox.NamedNode(NIF + "Phrase")


def sentence_views(fragments: list, viewer: Viewer, max_rows: int) -> tuple[list, bool]:
    """The sentences among ``fragments`` ((s, p, o) triples) in text order, each with its
    mentions; and whether there were more than ``max_rows``."""
    props: dict = defaultdict(dict)  # fragment -> predicate IRI -> [objects]
    for s, p, o in fragments:
        props[s].setdefault(p.value, []).append(o)
    sentences, mentions_of = [], defaultdict(list)
    for s, values in props.items():
        types = values.get(RDF + "type", [])
        if _SENTENCE in types:
            sentences.append(s)
        elif _PHRASE in types:
            mentions_of[_first(props, s, NIF + "sentence")].append(s)
    sentences.sort(key=lambda s: (_begin(props, s), s.value))
    view = [_sentence_view(s, props, mentions_of.get(s, []), viewer) for s in sentences[:max_rows]]
    return view, len(sentences) > max_rows


def _sentence_view(s: ox.NamedNode, props: dict, mentions: list, viewer: Viewer) -> dict:
    mentions = sorted(mentions, key=lambda m: (_begin(props, m), m.value))
    text = _first(props, s, NIF + "anchorOf")
    end = _first(props, s, NIF + "endIndex")
    return {
        "anchor": s.value.partition("#")[2],
        "iri": s.value,
        "begin": _begin(props, s),
        "end": end.value if end is not None else "",
        "text": text.value if text is not None else "",
        "mentions": [_mention_view(m, props, viewer) for m in mentions],
    }


def _mention_view(m: ox.NamedNode, props: dict, viewer: Viewer) -> dict:
    entity = _first(props, m, ITSRDF + "taIdentRef")
    text = _first(props, m, NIF + "anchorOf")
    return {
        "anchor": m.value.partition("#")[2],
        "iri": m.value,
        "text": text.value if text is not None else m.value.partition("#")[2],
        "entity": viewer.term(entity) if entity is not None else None,
    }


def _first(props: dict, s, predicate: str):
    values = props[s].get(predicate)
    return values[0] if values else None


def _begin(props: dict, s) -> int:
    """Where ``s`` starts in the article's text; -1 (first) when that is unknown."""
    value = _first(props, s, NIF + "beginIndex")
    try:
        return int(value.value) if value is not None else -1
    except ValueError:
        return -1
