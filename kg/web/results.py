"""Evaluate a SPARQL query and stream its serialisation, produced by Oxigraph, as bytes.

pyoxigraph's result objects are bound to the thread that created them (calling a method from
another thread aborts the process), and ``kg.store.stream_writer`` serialises in a thread of its
own. So the query is *run* in that writer thread too, which then learns whether it got solutions
or triples, picks the pre-negotiated format for that kind, and serialises. The request thread
waits for the first chunk (or the end, or an error) before it answers, so a malformed query, a
form that cannot be served in an acceptable type, or an evaluation error met early becomes a
proper 4xx/5xx instead of a 200 with a broken body.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Mapping

import pyoxigraph as ox

from kg.store import Store, stream_writer

from kg.execution.html_results import write_html

RESULTS = "results"  # SELECT and ASK
GRAPH = "graph"  # CONSTRUCT and DESCRIBE

# Offered media types, in server preference order (the first is the default), with the format.
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/html": None,  # kg.execution.html_results, for browsers
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
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


def content_type(media_type: str) -> str:
    """Every format served is text, all written by Oxigraph as UTF-8."""
    return f"{media_type}; charset=utf-8"


class Busy(Exception):
    """Too many queries are still running (some past their deadline); try again shortly."""


class Runner:
    """Runs queries for the endpoint, each in a writer thread, at most ``limit`` at a time.

    A query stopped by its deadline may keep its thread busy until Oxigraph next writes (see
    :func:`kg.store.stream_writer`); the limit keeps such queries from piling up.
    """

    def __init__(self, store: Store, *, timeout: float | None, limit: int = 16):
        self.store = store
        self.timeout = timeout
        self.limit = limit
        self._slots = threading.BoundedSemaphore(limit)
        self._running = 0
        self._lock = threading.Lock()
        self._pool = DaemonPool(limit, "newskg-query")

    @property
    def running(self) -> int:
        """Queries whose evaluation has not ended (including ones past their deadline)."""
        return self._running

    def run(
        self, sparql: str, options: Mapping, chosen: Mapping[str, str | None], html: Mapping | None = None
    ) -> tuple[str, Iterator[bytes]]:
        """Run ``sparql`` and return ``(media type, byte chunks)`` once the first chunk is ready.

        ``chosen`` maps :data:`RESULTS` and :data:`GRAPH` to the negotiated media type for that
        kind of result (None when the client accepts none); ``html`` holds the keyword
        arguments of :func:`write_html` when ``text/html`` may be chosen. Raises
        ``SyntaxError`` (malformed query), :class:`NotAcceptable`, ``TimeoutError``,
        :class:`Busy`, or whatever Oxigraph raises when evaluation fails early.
        """
        if not self._slots.acquire(blocking=False):
            raise Busy()
        with self._lock:
            self._running += 1
        picked: list[str] = []

        def write(out) -> None:
            try:
                result = self.store.query(sparql, **options)
                answer = None
                try:
                    kind = GRAPH if isinstance(result, ox.QueryTriples) else RESULTS
                    media_type = chosen[kind]
                    if media_type is None:
                        raise NotAcceptable(kind)
                    picked.append(media_type)
                    fmt = (GRAPH_FORMATS if kind == GRAPH else RESULT_FORMATS)[media_type]
                    answer = DistinctTriples(result) if kind == GRAPH else result
                    if fmt is None:
                        write_html(answer, out, **html)
                    elif kind == GRAPH:
                        ox.serialize(answer, out, fmt)
                    else:
                        result.serialize(out, fmt)
                finally:
                    # An exception carries this frame to the request thread; the result must
                    # not go with it, since dropping it there is an error too.
                    del result, answer
            finally:
                with self._lock:
                    self._running -= 1
                self._slots.release()

        chunks = primed(stream_writer(write, timeout=self.timeout, spawn=self._pool.run))
        return picked[0], chunks


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


class DaemonPool:
    """Threads kept between queries (starting one costs more than a small query), as daemons.

    ``concurrent.futures`` joins its threads at exit, so a query stuck past its deadline inside
    Oxigraph would keep a stopping server alive until the query ended; daemon threads do not.
    """

    def __init__(self, size: int, name: str):
        self._size = size
        self._name = name
        self._tasks: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._threads = 0
        self._idle = 0

    def run(self, task) -> None:
        """Run ``task()`` in a pool thread, starting one if none is idle and the pool is not full."""
        with self._lock:
            if self._idle == 0 and self._threads < self._size:
                self._threads += 1
                threading.Thread(target=self._work, name=f"{self._name}-{self._threads}", daemon=True).start()
            else:
                self._idle -= 1  # this task is taken by an idle thread
        self._tasks.put(task)

    def _work(self) -> None:
        while True:
            task = self._tasks.get()
            try:
                task()
            finally:
                del task  # an idle thread must not keep the last query (and its store) alive
                with self._lock:
                    self._idle += 1


def primed(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Pull the first chunk now (letting its exceptions out) and return an equivalent iterator."""
    try:
        first = next(chunks)
    except StopIteration:
        return iter(())
    return _chain(first, chunks)


def _chain(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    try:
        yield first
        yield from rest
    finally:
        close = getattr(rest, "close", None)
        if close is not None:
            close()
