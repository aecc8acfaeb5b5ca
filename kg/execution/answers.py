"""Evaluate one query and write its answer, serialised by Oxigraph, to a binary file object.

The same function runs in a thread of the server (:mod:`.threads`) and in a worker process
(:mod:`.worker`), so both give byte-identical answers. The media type is negotiated before the
query runs, for each kind of answer (``chosen``); which kind it is only becomes known here.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox

from kg import labels

from .html_results import page_link, write_html

RESULTS = "results"  # SELECT and ASK
GRAPH = "graph"  # CONSTRUCT and DESCRIBE

# Offered media types, in server preference order (the first is the default), with the format.
RESULT_FORMATS: dict[str, ox.QueryResultsFormat | None] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/html": None,  # html_results, for browsers
}
GRAPH_FORMATS: dict[str, ox.RdfFormat | None] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/xml": ox.RdfFormat.RDF_XML,
    "text/n3": ox.RdfFormat.TURTLE,  # Turtle is valid N3
    "text/html": None,
}
OFFERED = {RESULTS: list(RESULT_FORMATS), GRAPH: list(GRAPH_FORMATS)}


class NotAcceptable(Exception):
    """The query's form (``kind``) has no serialisation the client accepts."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind
        self.offered = OFFERED[kind]


def write_answer(store, sparql: str, options: Mapping, chosen: Mapping[str, str | None], html: Mapping | None, out, started=None) -> None:
    """Run ``sparql`` on ``store`` and write the answer to ``out``.

    ``chosen`` maps :data:`RESULTS` and :data:`GRAPH` to the negotiated media type (None: the
    client accepts none); ``html`` holds ``max_rows``, ``base``, ``root`` and ``full_query`` for
    the HTML page. ``started(media_type)`` is called once the kind of answer is known, before the
    first byte. Raises ``SyntaxError``, :class:`NotAcceptable`, or what Oxigraph raises.
    """
    result = store.query(sparql, **options)
    answer = None
    try:
        kind = GRAPH if isinstance(result, ox.QueryTriples) else RESULTS
        media_type = chosen[kind]
        if media_type is None:
            raise NotAcceptable(kind)
        if started is not None:
            started(media_type)
        fmt = (GRAPH_FORMATS if kind == GRAPH else RESULT_FORMATS)[media_type]
        answer = DistinctTriples(result) if kind == GRAPH else result
        if fmt is None:
            link = page_link(html["base"], html["root"])
            write_html(answer, out, max_rows=html["max_rows"], link=link, full_query=html["full_query"],
                       labels=lambda iris: labels.fetch(store, iris), base=html["base"])
        elif kind == GRAPH:
            ox.serialize(answer, out, fmt)
        else:
            result.serialize(out, fmt)
    finally:
        # An exception carries this frame to another thread; the result must not go with it,
        # since dropping a pyoxigraph result on another thread is an error too.
        del result, answer


DISTINCT_LIMIT = 1_000_000


class DistinctTriples:
    """The triples of a CONSTRUCT or DESCRIBE answer, each once: an answer is a set of triples.

    Oxigraph 0.5 evaluates a default graph made of several graphs (newskg's union of article
    graphs) as a bag, so a DESCRIBE of an entity named in 900 articles repeats each of its
    triples 900 times (oxigraph/oxigraph#1919). The triples seen are remembered up to
    :data:`DISTINCT_LIMIT`; past that, the rest go out as they come, so memory stays bounded.
    """

    def __init__(self, triples):
        self._triples = triples

    def __iter__(self):
        seen: set = set()
        for triple in self._triples:
            if triple in seen:
                continue
            if len(seen) < DISTINCT_LIMIT:
                seen.add(triple)
            yield triple


class Busy(Exception):
    """Every query slot is taken; try again shortly."""


class MemoryBudgetExceeded(Exception):
    """The query needed more memory than a query may use, and was stopped."""

    def __init__(self, budget: int | None):
        super().__init__(budget)
        self.budget = budget


class WorkerCrashed(Exception):
    """The process evaluating the query died (a bug in the engine); it has been replaced."""
