"""The statements a resource takes part in (as speaker, subject, place or source) for its description."""

from __future__ import annotations

import pyoxigraph as ox

from kg.namespaces import NIF, ONTOLOGY, SCHEMA

from .queries import select_rows
from .terms import natural_key

_QUERY = f"""
PREFIX nkg: <{ONTOLOGY}>
PREFIX nif: <{NIF}>
PREFIX schema: <{SCHEMA}>
SELECT DISTINCT ?st ?via ?speaker ?stance ?date ?quote ?content ?sentence ?text ?article ?headline WHERE {{
  {{ ?st nkg:speaker $THIS BIND(nkg:speaker AS ?via) }}
  UNION {{ ?st nkg:about $THIS BIND(nkg:about AS ?via) }}
  UNION {{ ?st nkg:aboutPlace $THIS BIND(nkg:aboutPlace AS ?via) }}
  UNION {{ ?st nkg:reportedIn $THIS BIND(nkg:reportedIn AS ?via) }}
  ?st a nkg:Statement .
  OPTIONAL {{ ?st nkg:speaker ?speaker }}
  OPTIONAL {{ ?st nkg:stance ?stance }}
  OPTIONAL {{ ?st nkg:saidOn ?date }}
  OPTIONAL {{ ?st nkg:isQuote ?quote }}
  OPTIONAL {{ ?st nkg:content ?content }}
  OPTIONAL {{ ?st nkg:reportedIn ?article OPTIONAL {{ ?article schema:headline ?headline }} }}
  OPTIONAL {{ ?st nkg:sentence ?sentence OPTIONAL {{ ?sentence nif:anchorOf ?text }} }}
}}
ORDER BY ?article ?st ?via
LIMIT %d
"""
# an entry's keys, in the order of the query's variables (?st is the entry's "iri")
_COLUMNS = ("iri", "via", "speaker", "stance", "date", "quote", "content", "sentence", "text", "article", "headline")
# entry key -> the nkg: property of the statement it comes from
_PROPERTY_OF = {
    "speaker": "speaker", "stance": "stance", "date": "saidOn", "quote": "isQuote",
    "content": "content", "article": "reportedIn", "sentence": "sentence",
}
_ANCHOR_OF = ox.NamedNode(NIF + "anchorOf")
_HEADLINE = ox.NamedNode(SCHEMA + "headline")


def find_statements(node: ox.NamedNode, max_rows: int) -> tuple[list[dict], set, bool]:
    """``(entries, triples, truncated)``: up to ``max_rows`` statements about ``node``, in natural
    order, one dict each (keys as in :data:`_COLUMNS`, ``via`` a set), and the triples they show."""
    rows = select_rows(_QUERY % (max_rows * 4 + 1), node)
    truncated = len(rows) > max_rows * 4
    entries: dict = {}
    triples: set = set()
    for values in rows[: max_rows * 4]:
        row = dict(zip(_COLUMNS, values))
        entry = entries.get(row["iri"])
        if entry is None:
            if len(entries) >= max_rows:
                truncated = True
                break
            entry = entries[row["iri"]] = {**row, "via": set()}
        entry["via"].add(row["via"])
        triples.update(_row_triples(row, node))
    # in text order: statement IRIs are hashes, their sentences' IRIs carry the offsets
    ordered = sorted(entries.values(), key=lambda e: (natural_key(e["article"]), natural_key(e["sentence"]), natural_key(e["iri"])))
    return ordered, triples, truncated


def _row_triples(row: dict, node: ox.NamedNode):
    statement = row["iri"]
    yield ox.Triple(statement, row["via"], node)
    for key, name in _PROPERTY_OF.items():
        if row[key] is not None:
            yield ox.Triple(statement, ox.NamedNode(ONTOLOGY + name), row[key])
    if row["sentence"] is not None and row["text"] is not None:
        yield ox.Triple(row["sentence"], _ANCHOR_OF, row["text"])
    if row["article"] is not None and row["headline"] is not None:
        yield ox.Triple(row["article"], _HEADLINE, row["headline"])
