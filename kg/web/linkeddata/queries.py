"""Store queries about one resource; results are consumed here, in the request thread."""

from __future__ import annotations

import pyoxigraph as ox

from .context import current_store

THIS = "$THIS"  # placeholder for the resource in the queries of this package


def select_rows(sparql: str, node: ox.NamedNode | None = None) -> list[tuple]:
    results = current_store().query(_bind(sparql, node), use_default_graph_as_union=True)
    return [tuple(row) for row in results]  # consumed here, in the thread that ran the query


def is_known(node: ox.NamedNode) -> bool:
    """Whether some triple has ``node`` as subject or object."""
    return _ask("ASK { { $THIS ?p ?o } UNION { ?s ?p $THIS } }", node)


def _ask(sparql: str, node: ox.NamedNode) -> bool:
    return bool(current_store().query(_bind(sparql, node), use_default_graph_as_union=True))


def _bind(sparql: str, node: ox.NamedNode | None) -> str:
    """Put ``node`` where the query says ``$THIS`` (it is a validated IRI: no ``>`` or space)."""
    return sparql if node is None else sparql.replace(THIS, str(node))
