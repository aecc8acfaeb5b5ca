"""The one place that touches the triple store.

Everything else talks to :class:`Store`: replace an article's graph atomically, run a query,
stream a dump. Keeping the surface this small is what lets a remote SPARQL store stand in later.
"""

from __future__ import annotations

import os
import queue
import threading
import time
import traceback
import uuid
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import PREFIXES

DUMP_FORMATS = {
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "turtle": ox.RdfFormat.TURTLE,
}

_CHUNK = 64 * 1024
REVISION_FILE = "NEWSKG_REVISION"


class Store:
    """An Oxigraph store on disk (or in memory when ``path`` is None)."""

    def __init__(self, path: str | Path | None = None, read_only: bool = False):
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        if self.path is None:
            self._store = ox.Store()
        elif read_only:
            self._store = ox.Store.read_only(str(self.path))
        else:
            self.path.mkdir(parents=True, exist_ok=True)
            self._store = ox.Store(str(self.path))
        self._revision_lock = threading.Lock()
        self._revision, self._modified = self._read_revision()
        self._write_listeners: list[Callable[[], None]] = []
        self._change_listeners: list[Callable[[frozenset | None], None]] = []
        self._content_listeners: list[Callable] = []
        self._changed: frozenset | None = frozenset()  # named graphs written since the last notice; None: unknown
        self._replace_lock = threading.Lock()
        self._deferred = 0
        self._pending = False
        self._renewed_on_disk = False  # within a batch: the file's token was renewed before its first write

    # --- revision: what HTTP caching keys on ---------------------------------------------------

    @property
    def revision(self) -> str:
        """An opaque token that changes with every write to the store, and only then.

        On disk it is kept in a small file inside the store folder, so it survives restarts
        (an ETag handed out before a restart stays valid if nothing was written since). Before
        a write (a batch: before its first one) the file gets a token nobody has been given, so
        a process killed before it renews the revision leaves one that names no earlier content.
        """
        return self._revision

    @property
    def modified(self) -> float:
        """When the store was last written (POSIX seconds), for ``Last-Modified``."""
        return self._modified

    def _read_revision(self) -> tuple[str, float]:
        if self.path is not None:
            try:
                token, stamp = (self.path / REVISION_FILE).read_text(encoding="ascii").split()
                return token, float(stamp)
            except (OSError, ValueError):
                pass
        return self._new_revision()

    def _new_revision(self) -> tuple[str, float]:
        token, stamp = uuid.uuid4().hex, time.time()
        self._save_revision(token, stamp)
        return token, stamp

    def _save_revision(self, token: str, stamp: float) -> None:
        if self.path is not None and self.path.is_dir():
            target = self.path / REVISION_FILE
            tmp = target.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            try:
                tmp.write_text(f"{token} {stamp!r}\n", encoding="ascii")
                os.replace(tmp, target)
            except OSError:  # a read-only store folder: the revision lives in memory only
                pass

    def _will_write(self) -> None:
        """Before a write: a fresh token in the revision file, never handed out.

        The revision in memory (what ETags are made of) stays as it is until the write is done;
        only a process that dies in between leaves the fresh token behind, and the next one to open
        the store then hands out a revision no one saw with the content before. Once per batch.
        """
        if self._deferred and self._renewed_on_disk:
            return
        self._renewed_on_disk = bool(self._deferred)
        self._save_revision(uuid.uuid4().hex, time.time())

    def on_write(self, listener: Callable[[], None]) -> None:
        """Call ``listener()`` after every write (caches of answers register here)."""
        self._write_listeners.append(listener)

    def on_change(self, listener: Callable[[frozenset | None], None]) -> None:
        """Call ``listener(graphs)`` after every write (a batch: once, at its end) with the named
        graphs it changed, or None when any may have changed (a SPARQL update). Called before the
        ``on_write`` listeners, so that what they renew (answer caches, checkpoints) is renewed
        after, say, the search index (:mod:`kg.search`) has caught up."""
        self._change_listeners.append(listener)

    @contextmanager
    def batch(self):
        """Writes inside the block renew the revision once, at its end (an ingest of thousands of
        articles need not rewrite the revision file thousands of times). Each write stays its own
        transaction; readers of the revision see the new one once the batch is over."""
        self._deferred += 1
        try:
            yield self
        finally:
            self._deferred -= 1
            if not self._deferred:
                self._renewed_on_disk = False
                if self._pending:
                    self._pending = False
                    self._written(())  # the graphs were noted by each write of the batch

    def on_content(self, listener: Callable[[list, str | bytes, ox.RdfFormat], None]) -> None:
        """Call ``listener(graphs, data, format)`` when a write has replaced ``graphs`` by exactly
        ``data`` (N-Triples of one graph, or N-Quads of several), before its ``on_change``: the
        search index reads what it indexes from that text instead of the store, which on disk is
        several times slower to read back."""
        self._content_listeners.append(listener)

    def _tell_content(self, graphs: list, data: str | bytes, fmt: ox.RdfFormat) -> None:
        for listener in self._content_listeners:
            listener([g for g in graphs if isinstance(g, ox.NamedNode)], data, fmt)

    def _written(self, graphs: Iterable | None = None) -> None:
        """After a write to ``graphs`` (named graphs; None: unknown which)."""
        if graphs is None or self._changed is None:
            self._changed = None
        else:
            self._changed |= {g for g in graphs if isinstance(g, ox.NamedNode)}
        if self._deferred:
            self._pending = True
            return
        with self._revision_lock:
            self._revision, self._modified = self._new_revision()
        changed, self._changed = self._changed, frozenset()
        for listener in self._change_listeners:
            listener(changed)
        for listener in self._write_listeners:
            listener()

    # --- writes -----------------------------------------------------------------------------

    def replace_graph(self, graph: ox.NamedNode | ox.DefaultGraph, quads: Iterable[ox.Quad | ox.Triple]) -> int:
        """Replace the content of ``graph`` by ``quads`` in one transaction; returns the count.

        Readers see either the old graph or the new one, never a half-written one.
        ``graph`` may be ``DefaultGraph()``.
        """
        lines = triple_lines(quads)
        return self.replace_graph_text(graph, "\n".join(lines), len(lines))

    def replace_graph_text(self, graph: ox.NamedNode | ox.DefaultGraph, ntriples: str, count: int, then: str = "") -> int:
        """:meth:`replace_graph` for ``count`` triples already written as N-Triples text.

        Extraction workers in other processes send text rather than pyoxigraph objects. A graph
        the store does not have yet is loaded by Oxigraph's parser in one transaction (the
        common case when ingesting, and about twice as fast as an update); an existing one is
        dropped and refilled by one SPARQL update, which is one transaction too.

        ``then``: SPARQL update operations to run after the replacement in the same transaction
        (:func:`kg.pipeline.shared.refresh`, the shared graphs that follow from the article graphs).
        """
        with self._replace_lock:  # no other replace may create the graph between check and load
            self._will_write()
            tail = " ;\n" + then if then else ""
            if not then and isinstance(graph, ox.NamedNode) and not self._store.contains_named_graph(graph):
                self._store.load(ntriples.encode("utf-8"), ox.RdfFormat.N_TRIPLES, to_graph=graph)
            elif isinstance(graph, ox.DefaultGraph):
                self._store.update("DROP SILENT DEFAULT ;\nINSERT DATA {\n" + ntriples + "\n}" + tail)
            else:
                self._store.update(f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n" + ntriples + "\n} }" + tail)
            self._tell_content([graph], ntriples, ox.RdfFormat.N_TRIPLES)
            self._written([graph])
            return count

    def add_to_graph(self, graph: ox.NamedNode | ox.DefaultGraph, triples: Iterable[ox.Triple]) -> int:
        """Add ``triples`` to ``graph`` in one transaction (a graph that did not exist is created)."""
        quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]
        self._will_write()
        self._store.extend(quads)
        self._written([graph])
        return len(quads)

    def bulk_replace(self, graphs: list[ox.NamedNode], nquads: bytes) -> None:
        """Replace the named ``graphs`` by the quads of ``nquads`` (N-Quads, only in those graphs).

        For large loads (``kg load``, docs/scaling.md). Not one transaction: the graphs that exist
        are dropped by one SPARQL update (one transaction), then Oxigraph's bulk loader writes the
        quads, which is not transactional. While it runs, readers may see some of ``graphs``
        missing or partly loaded; if it fails half-way, some are missing or partial until the
        call is repeated (it is idempotent). Graphs not in ``graphs`` are never touched. The
        revision changes after the drop and again after the load.
        """
        with self._replace_lock:
            existing = [g for g in graphs if self._store.contains_named_graph(g)]
            if existing:
                self._update(" ;\n".join(f"DROP SILENT GRAPH {g}" for g in existing), existing)
            try:
                self._will_write()
                self._store.bulk_load(nquads, ox.RdfFormat.N_QUADS)
                self._tell_content(graphs, nquads, ox.RdfFormat.N_QUADS)
            finally:
                self._written(graphs)

    def drop_graph(self, graph: ox.NamedNode | ox.DefaultGraph) -> bool:
        """Remove ``graph`` and its triples; False when there was no such graph (nothing written)."""
        if not self.has_graph(graph):
            return False
        self._update("DROP DEFAULT" if isinstance(graph, ox.DefaultGraph) else f"DROP GRAPH {graph}", [graph])
        return True

    def update(self, sparql: str, **options) -> None:
        """Run a SPARQL update in one transaction; raises ``SyntaxError`` when malformed."""
        self._update(sparql, _written_graphs(sparql), **options)

    def _update(self, sparql: str, graphs: Iterable | None, **options) -> None:
        """:meth:`update` of an update known to write only ``graphs`` (None: unknown)."""
        self._will_write()
        self._store.update(sparql, **options)  # all or nothing: a failure writes nothing
        self._written(graphs)

    def flush(self) -> None:
        self._store.flush()

    def backup(self, target: str | Path) -> None:
        """A consistent copy of the store in the new folder ``target``: hard links to its
        immutable files, so it costs milliseconds (on-disk stores only)."""
        self._store.backup(str(target))

    # --- reads ------------------------------------------------------------------------------

    def query(self, sparql: str, **options):
        """Run a SPARQL query; raises ``SyntaxError`` with the parser's message when malformed."""
        return self._store.query(sparql, **options)

    def named_graphs(self) -> list[ox.NamedNode]:
        return [g for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)]

    def has_graph(self, graph: ox.NamedNode | ox.DefaultGraph) -> bool:
        """Whether ``graph`` exists; the default graph always does."""
        return isinstance(graph, ox.DefaultGraph) or self._store.contains_named_graph(graph)

    def quads(self, graph: ox.NamedNode | ox.DefaultGraph | None = None) -> Iterator[ox.Quad]:
        return self._store.quads_for_pattern(None, None, None, graph)

    def __len__(self) -> int:
        return len(self._store)

    def dump(self, output, fmt: str) -> None:
        """Write the whole store as ``fmt`` (``nquads``, ``trig`` or ``turtle``) to a binary file."""
        for chunk in self.stream_dump(fmt):
            output.write(chunk)

    def stream_dump(self, fmt: str, gzip: bool = False) -> Iterator[bytes]:
        """Yield the store serialised as ``fmt``, optionally gzip-compressed, without building it whole.

        N-Quads and TriG keep every named graph; Turtle is the set union of all graphs, since an
        entity described in many articles should appear once.
        """
        return dump_stream(fmt, gzip, union_triples=self._union_triples, write_quads=self._write_quads)

    def _write_quads(self, out, rdf_format: ox.RdfFormat, prefixes: dict | None) -> None:
        self._store.dump(out, rdf_format, **({"prefixes": prefixes} if prefixes else {}))

    def _union_triples(self) -> Iterator[ox.Triple]:
        solutions = self._store.query("SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
        for row in solutions:
            yield ox.Triple(row[0], row[1], row[2])


def dump_stream(
    fmt: str,
    gzip: bool,
    *,
    union_triples: Callable[[], Iterable[ox.Triple]],
    write_quads: Callable[[object, ox.RdfFormat, dict | None], None],
) -> Iterator[bytes]:
    """A store's dump as ``fmt``, streamed: what every store's ``stream_dump`` does.

    ``union_triples()`` gives the distinct triples of all graphs (for Turtle);
    ``write_quads(out, format, prefixes)`` writes every quad with its graph (N-Quads, TriG).
    """
    if fmt not in DUMP_FORMATS:
        raise ValueError(f"unknown dump format {fmt!r}; choose one of {', '.join(DUMP_FORMATS)}")
    rdf_format = DUMP_FORMATS[fmt]
    if fmt == "turtle":
        writer = lambda out: ox.serialize(union_triples(), out, rdf_format, prefixes=PREFIXES)
    else:
        writer = lambda out: write_quads(out, rdf_format, PREFIXES if fmt == "trig" else None)
    chunks = stream_writer(writer)
    return gzip_chunks(chunks) if gzip else chunks


def _written_graphs(sparql: str) -> list[ox.NamedNode] | None:
    """The named graphs an update can write, when its text bounds them (None: any graph)."""
    from ..sparqltext.written import written_graphs

    found = written_graphs(sparql)
    if found is None:
        return None
    graphs = []
    for iri in found:
        try:
            graphs.append(ox.NamedNode(iri))
        except ValueError:
            return None
    return graphs


def triple_lines(quads: Iterable[ox.Quad | ox.Triple]) -> list[str]:
    """Each quad's triple as an N-Triples line (the graph is dropped)."""
    return [f"{q.subject} {q.predicate} {q.object} ." for q in quads]


class _QueueWriter:
    """A binary file object whose writes land in a queue read by another thread.

    It also keeps the clock for a deadline: time spent waiting for a slow reader to take a chunk
    (``blocked``) is not work, so it does not count against the deadline.
    """

    def __init__(self, chunks: queue.Queue, cancelled: threading.Event, timeout: float | None):
        self._chunks = chunks
        self._cancelled = cancelled
        self._buffer = bytearray()
        self.started = time.monotonic()
        self.timeout = timeout
        self.blocked = 0.0

    def remaining(self) -> float | None:
        """Seconds of work left before the deadline (None: no deadline)."""
        if self.timeout is None:
            return None
        return self.started + self.blocked + self.timeout - time.monotonic()

    def write(self, data) -> int:
        if self._cancelled.is_set():
            raise OSError("the reader went away")
        remaining = self.remaining()
        if remaining is not None and remaining <= 0:
            raise TimeoutError(f"the query ran longer than {self.timeout:g} s")
        self._buffer += data
        if len(self._buffer) >= _CHUNK:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self._buffer:
            began = time.monotonic()
            self._chunks.put(bytes(self._buffer))
            self.blocked += time.monotonic() - began
            self._buffer.clear()


_DONE = object()


def stream_writer(
    write: Callable[[object], None], timeout: float | None = None, spawn: Callable[[Callable[[], None]], object] | None = None
) -> Iterator[bytes]:
    """Turn a function that writes to a file object into an iterator of byte chunks.

    Oxigraph serialises into a writer; running it in a thread and handing chunks over a bounded
    queue keeps memory flat however large the output is. Closing the iterator early (a client
    hanging up) makes the next write fail, which stops the serialiser.

    With a ``timeout`` (seconds of work, not counting time the reader took to accept chunks),
    the iterator raises ``TimeoutError`` when no chunk arrives in time, and the writer's next
    write raises too, which makes Oxigraph abandon the evaluation. pyoxigraph offers no other
    way in: work Oxigraph does between two writes (a sort, an aggregate, a join that finds
    nothing) runs to its end before the thread notices. The reader does not wait for that.

    ``spawn(fn)`` runs the writer (default: a new thread); a server passes a thread pool's
    ``submit`` so that a query does not pay for starting a thread.
    """
    chunks: queue.Queue = queue.Queue(maxsize=16)
    cancelled = threading.Event()
    failure: list[BaseException] = []
    out = _QueueWriter(chunks, cancelled, timeout)

    def run():
        try:
            write(out)
            out.flush()
        except BaseException as exc:  # handed to the consumer below
            failure.append(_without_locals(exc))
        finally:
            while True:
                try:
                    chunks.put(_DONE, timeout=0.1)
                    break
                except queue.Full:
                    if cancelled.is_set():
                        _drain(chunks)

    ended = threading.Event()

    def run_and_signal():
        try:
            run()
        finally:
            ended.set()

    if spawn is None:
        threading.Thread(target=run_and_signal, daemon=True, name="newskg-writer").start()
    else:
        spawn(run_and_signal)
    finished = timed_out = False
    try:
        while (item := _next_chunk(chunks, out)) is not _DONE:
            yield item
        finished = True
    except TimeoutError:
        timed_out = True
        raise
    finally:
        if not finished:
            cancelled.set()
            _drain(chunks)
        # a writer told to stop quits at its next write; one past its deadline may be stuck in
        # Oxigraph, and the reader must not wait for it
        ended.wait(timeout=0 if timed_out else 5)
    if failure:
        raise failure[0]


def _without_locals(exc: BaseException) -> BaseException:
    """``exc``, with the local variables of its frames (and of its causes') cleared in this thread.

    The exception is re-raised in the reader's thread; objects its frames still held (pyoxigraph
    results, which must be dropped on the thread that made them) would go with it.
    """
    seen: set[int] = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        traceback.clear_frames(link.__traceback__)
        link = link.__cause__ or link.__context__
    return exc


def _next_chunk(chunks: queue.Queue, out: _QueueWriter):
    while True:
        remaining = out.remaining()
        try:
            return chunks.get(timeout=None if remaining is None else max(remaining, 0) + 0.05)
        except queue.Empty:
            if out.remaining() <= 0:
                raise TimeoutError(f"the query ran longer than {out.timeout:g} s") from None


def _drain(chunks: queue.Queue) -> None:
    while True:
        try:
            chunks.get_nowait()
        except queue.Empty:
            return


def gzip_chunks(chunks: Iterable[bytes]) -> Iterator[bytes]:
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)  # wbits 31: gzip container
    for chunk in chunks:
        out = compressor.compress(chunk)
        if out:
            yield out
    yield compressor.flush()
