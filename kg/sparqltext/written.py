"""Which named graphs an update can write, read from its text (conservatively).

The search index re-reads the graphs a write changed (kg/search/index.py). Oxigraph does not say
which graphs an update touched, and re-reading every graph costs seconds on a large store, so the
common updates are read here: ``INSERT DATA``, ``DELETE DATA``, ``DELETE/INSERT … WHERE``,
``DROP``/``CLEAR``/``CREATE``/``LOAD … INTO`` whose graphs are all named by IRI after ``GRAPH``
write no other named graph. Anything this reading cannot bound answers None ("any graph"): a
``GRAPH ?var``, ``WITH``, ``ADD``/``MOVE``/``COPY``, ``ALL``/``NAMED``, a relative or unknown
prefixed IRI, or text it cannot read.
"""

from __future__ import annotations

from .tokens import prefixes, tokens

_UNBOUNDED = {"WITH", "ADD", "MOVE", "COPY", "ALL", "NAMED", "BASE"}


def written_graphs(update: str) -> frozenset[str] | None:
    """The IRIs of the named graphs ``update`` may write (triples outside ``GRAPH`` go to the
    default graph, which is not a named graph), or None when that cannot be bounded."""
    try:
        found = tokens(update)
    except Exception:  # noqa: BLE001 -- unreadable text: any graph
        return None
    declared = prefixes(found)
    graphs = set()
    for i, token in enumerate(found):
        word = token.text.upper() if token.kind == "name" else ""
        if word in _UNBOUNDED:
            return None
        if word != "GRAPH":
            continue
        target = found[i + 1] if i + 1 < len(found) else None
        if target is None:
            return None
        if target.kind == "iri":
            iri = target.text[1:-1]
        elif target.kind == "pname" and target.text.partition(":")[0] in declared:
            prefix, _, local = target.text.partition(":")
            iri = declared[prefix] + local
        else:
            return None  # GRAPH ?g, or a name this reading cannot resolve
        if ":" not in iri or "\\" in iri:
            return None  # relative (resolved against a base) or escaped
        graphs.add(iri)
    return frozenset(graphs)
