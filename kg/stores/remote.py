"""A remote SPARQL 1.1 store behind the same interface as :class:`kg.stores.local.Store`.

:class:`RemoteStore` speaks the three SPARQL 1.1 protocols over HTTP with the standard library:

* **Query** (``POST`` form ``query=…``): SELECT/ASK asked for as SPARQL results JSON,
  CONSTRUCT/DESCRIBE as N-Triples. Answers are parsed by pyoxigraph, so :meth:`RemoteStore.query`
  returns the same types as :meth:`kg.stores.local.Store.query` (``QuerySolutions``, ``QueryBoolean``,
  ``QueryTriples``) and ``kg query`` and the endpoint serialise them unchanged.
* **Update** (``POST`` form ``update=…``): writes, including the per-article replacement.
* **Graph Store** (``GET``/``PUT``/``DELETE`` ``?graph=…``): reading a graph for dumps, and
  ``replace="put"`` replacement.

:func:`open_store` is the one place that chooses: a folder gives an embedded
:class:`~kg.stores.local.Store`, an ``http(s)://`` URL a :class:`RemoteStore`. See docs/remote-stores.md
(or the "Remote SPARQL stores" section of docs/scaling.md) for what the remote store guarantees.

Credentials come from the environment, never from the command line: ``KG_STORE_USER`` and
``KG_STORE_PASSWORD`` (HTTP Basic or Digest, whichever the server asks for: Virtuoso's
``/sparql-auth`` and ``/sparql-graph-crud-auth`` ask for Digest), or ``KG_STORE_TOKEN``
(sent as ``Authorization: Bearer …``).

pyoxigraph result objects are bound to the thread that made them; :meth:`RemoteStore.query`
builds them in the calling thread, as the embedded store does, so the endpoint's writer threads
work unchanged.
"""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from .local import Store, dump_stream, triple_lines

# Graphs a fresh Virtuoso keeps for itself; they are in its union default graph and answer
# ``GRAPH ?g`` patterns, but are not newskg's and are left out of named_graphs(), len() and dumps.
VIRTUOSO_SYSTEM_GRAPHS = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://www.w3.org/2002/07/owl#",
)
# ...plus any graph named after the SPARQL service it describes (Virtuoso's service description,
# e.g. <http://localhost:8890/sparql>), and graphs under these prefixes (Conductor, DAV).
VIRTUOSO_SYSTEM_PREFIXES = ("http://www.openlinksw.com/", "http://localhost:8890/DAV")

RESULTS_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
FORM = "application/x-www-form-urlencoded"
SD_SERVICE = "http://www.w3.org/ns/sparql-service-description#Service"

# An INSERT DATA with more triples (or bytes) than this is sent as several requests (see
# replace_graph_text): Virtuoso 7.2's SPARQL compiler fails with "memory exhausted" (its parser
# stack) at about 5,000 triples in one INSERT DATA, whatever their size.
DEFAULT_MAX_UPDATE_TRIPLES = 2000
DEFAULT_MAX_UPDATE_BYTES = 8 << 20


class RemoteStoreError(OSError):
    """The remote store answered with an error (or not at all)."""

    def __init__(self, message: str, status: int | None = None, body: str = ""):
        super().__init__(message)
        self.status = status
        self.body = body


def is_url(location: str | Path) -> bool:
    return bool(re.match(r"^https?:/", str(location), re.IGNORECASE))


def _repair_url(location: str | Path) -> str:
    """``str(Path("http://host/sparql"))`` is ``http:/host/sparql``: give the slash back."""
    text = str(location)
    return re.sub(r"^(https?):/(?!/)", r"\1://", text, flags=re.IGNORECASE)


def open_store(location: str | Path | None = None, read_only: bool = False):
    """The store at ``location``: a :class:`RemoteStore` for an ``http(s)://`` URL, else a
    :class:`kg.stores.local.Store` folder (``None``: an in-memory embedded store).

    A URL that went through ``pathlib.Path`` (``http:/host/…``) is repaired, so a CLI option
    typed as ``Path`` can carry one. The URL is the query endpoint; the update and graph store
    endpoints default as :func:`endpoint_urls` says, and ``KG_STORE_UPDATE_URL`` /
    ``KG_STORE_GRAPH_STORE_URL`` override them.
    """
    if location is not None and is_url(location):
        return RemoteStore.from_url(_repair_url(location), read_only=read_only)
    return Store(location, read_only=read_only)


def endpoint_urls(query_url: str) -> tuple[str, str, str]:
    """``(query, update, graph store)`` URLs for a query endpoint URL, by convention.

    * Virtuoso (path ``/sparql`` or ``/sparql-auth``): updates go to the same URL, the graph
      store is ``/sparql-graph-crud`` (``/sparql-graph-crud-auth`` beside ``/sparql-auth``).
    * Fuseki-style (a path ending in ``/query`` or ``/sparql`` below a dataset, ``/ds/sparql``):
      ``…/update`` and ``…/data``.
    * Anything else: one URL for all three (the SPARQL 1.1 protocols allow it).
    """
    parts = urllib.parse.urlsplit(query_url)
    path = parts.path.rstrip("/")

    def at(new_path: str) -> str:
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, new_path, "", ""))

    if path in ("/sparql", "/sparql-auth"):
        crud = "/sparql-graph-crud-auth" if path == "/sparql-auth" else "/sparql-graph-crud"
        return query_url, query_url, at(crud)
    head, _, last = path.rpartition("/")
    if head and last in ("query", "sparql"):
        return query_url, at(head + "/update"), at(head + "/data")
    return query_url, query_url, query_url


class RemoteStore:
    """A SPARQL 1.1 store over HTTP with the interface of :class:`kg.stores.local.Store`.

    ``replace`` chooses how :meth:`replace_graph_text` replaces an article's graph:

    * ``"update"`` (default): one SPARQL Update request ``DROP SILENT GRAPH <g> ; INSERT DATA
      { GRAPH <g> { … } }``. Virtuoso runs one update request in one transaction (checked by
      tests/test_remote.py): readers see the old graph or the new one, and a failure anywhere
      in the request writes nothing.
    * ``"put"``: one Graph Store ``PUT ?graph=<g>`` with the N-Triples as body.

    ``max_update_triples`` / ``max_update_bytes``: a graph with more triples or bytes is written
    as a sequence (see :meth:`replace_graph_text`), since servers limit the size of one update.
    """

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        graph_store_url: str | None = None,
        *,
        user: str | None = None,
        password: str | None = None,
        token: str | None = None,
        read_only: bool = False,
        timeout: float = 300.0,
        replace: str = "update",
        max_update_triples: int = DEFAULT_MAX_UPDATE_TRIPLES,
        max_update_bytes: int = DEFAULT_MAX_UPDATE_BYTES,
        ignore_graphs: Iterable[str] = VIRTUOSO_SYSTEM_GRAPHS,
        ignore_prefixes: Iterable[str] = VIRTUOSO_SYSTEM_PREFIXES,
    ):
        if replace not in ("update", "put"):
            raise ValueError(f"replace must be 'update' or 'put', not {replace!r}")
        defaults = endpoint_urls(query_url)
        self.query_url = query_url
        self.update_url = update_url or defaults[1]
        self.graph_store_url = graph_store_url or defaults[2]
        self.path = None  # not a folder (kg.stores.local.Store has one)
        self.read_only = read_only
        self.timeout = timeout
        self.replace = replace
        self.max_update_triples = max_update_triples
        self.max_update_bytes = max_update_bytes
        self.ignore_graphs = frozenset(ignore_graphs)
        self.ignore_prefixes = tuple(ignore_prefixes)
        self._token = token
        self._opener = _opener([self.query_url, self.update_url, self.graph_store_url], user, password)
        self._revision_lock = threading.Lock()
        self._revision, self._modified = uuid.uuid4().hex, time.time()
        self._write_listeners: list[Callable[[], None]] = []
        self._change_listeners: list[Callable[[frozenset | None], None]] = []
        self._content_listeners: list[Callable] = []
        self._changed: frozenset | None = frozenset()
        self._deferred = 0

    @classmethod
    def from_url(cls, url: str, read_only: bool = False, environ=None, **options) -> RemoteStore:
        """A store at ``url`` configured from the environment (``KG_STORE_*``, see the module doc)."""
        env = os.environ if environ is None else environ
        replace = env.get("KG_STORE_REPLACE") or options.pop("replace", "update")
        return cls(
            url,
            update_url=env.get("KG_STORE_UPDATE_URL") or options.pop("update_url", None),
            graph_store_url=env.get("KG_STORE_GRAPH_STORE_URL") or options.pop("graph_store_url", None),
            user=env.get("KG_STORE_USER") or None,
            password=env.get("KG_STORE_PASSWORD") or None,
            token=env.get("KG_STORE_TOKEN") or None,
            read_only=read_only,
            replace=replace,
            **options,
        )

    def __repr__(self) -> str:
        return f"RemoteStore({self.query_url!r})"

    def __str__(self) -> str:
        return self.query_url

    # --- revision ----------------------------------------------------------------------------

    @property
    def revision(self) -> str:
        """A token that changes with every write *made through this object*.

        A remote store does not tell about writes by other clients: serve with ``--no-cache``
        (or a short-lived cache) when anything else writes to the same store.
        """
        return self._revision

    @property
    def modified(self) -> float:
        return self._modified

    def on_write(self, listener: Callable[[], None]) -> None:
        self._write_listeners.append(listener)

    def on_change(self, listener: Callable[[frozenset | None], None]) -> None:
        """As :meth:`kg.stores.local.Store.on_change`: the named graphs each write changed (None: unknown)."""
        self._change_listeners.append(listener)

    def on_content(self, listener) -> None:
        """As :meth:`kg.stores.local.Store.on_content`: a graph replaced by exactly this N-Triples text."""
        self._content_listeners.append(listener)

    def _tell_content(self, graphs: list, data, fmt) -> None:
        for listener in self._content_listeners:
            listener(graphs, data, fmt)

    def _written(self, graphs: Iterable | None = None) -> None:
        with self._revision_lock:
            self._revision, self._modified = uuid.uuid4().hex, time.time()
        if graphs is None or self._changed is None:
            self._changed = None
        else:
            self._changed |= {g for g in graphs if isinstance(g, ox.NamedNode)}
        if not self._deferred:
            self._notify()
        for listener in self._write_listeners:
            listener()

    def _notify(self) -> None:
        changed, self._changed = self._changed, frozenset()
        if changed is None or changed:
            for listener in self._change_listeners:
                listener(changed)

    @contextmanager
    def batch(self):
        """As :meth:`kg.stores.local.Store.batch`; a remote revision is only a token in memory, so
        renewing it on every write costs nothing and is not deferred. The graphs changed are told
        (``on_change``) once, at the end: the search index then reads them in one go."""
        self._deferred += 1
        try:
            yield self
        finally:
            self._deferred -= 1
            if not self._deferred:
                self._notify()

    # --- HTTP --------------------------------------------------------------------------------

    def _request(self, url: str, method: str = "GET", data: bytes | None = None, headers: dict | None = None) -> bytes:
        headers = dict(headers or {})
        headers.setdefault("User-Agent", "newskg (kg.stores.remote)")
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace")
            raise RemoteStoreError(f"{method} {url}: HTTP {exc.code}: {_short(body)}", exc.code, body) from None
        except urllib.error.URLError as exc:
            raise RemoteStoreError(f"{method} {url}: {exc.reason}") from None

    def _post_form(self, url: str, fields: list[tuple[str, str]], accept: str) -> bytes:
        data = urllib.parse.urlencode(fields).encode("ascii")
        return self._request(url, "POST", data, {"Content-Type": FORM, "Accept": accept})

    def _check_writable(self) -> None:
        if self.read_only:
            raise RemoteStoreError(f"the store {self.query_url} was opened read-only")

    # --- writes ------------------------------------------------------------------------------

    def update(self, sparql: str, **options) -> None:
        """Run a SPARQL update (one request); ``SyntaxError`` when the server calls it malformed.

        ``base_iri`` is honoured by a ``BASE`` declaration put before the text; other options of
        the embedded store have no remote equivalent and are refused.
        """
        from .local import _written_graphs

        self._update(sparql, _written_graphs(sparql), **options)

    def _update(self, sparql: str, graphs: Iterable | None, **options) -> None:
        """:meth:`update` of an update known to write only ``graphs`` (None: unknown)."""
        self._check_writable()
        text = _with_base(sparql, options.pop("base_iri", None))
        if options:
            raise TypeError(f"RemoteStore.update: unsupported options {sorted(options)}")
        try:
            self._post_form(self.update_url, [("update", text)], f"{RESULTS_JSON}, */*;q=0.1")
        except RemoteStoreError as exc:
            if exc.status == 400 or _is_syntax_error(exc.body):
                raise SyntaxError(_short(exc.body) or str(exc)) from None
            raise
        finally:
            # even a failed update may have written (a server that is not transactional)
            self._written(graphs)

    def replace_graph(self, graph, quads: Iterable[ox.Quad | ox.Triple]) -> int:
        lines = triple_lines(quads)
        return self.replace_graph_text(graph, "\n".join(lines), len(lines))

    def replace_graph_text(self, graph, ntriples: str, count: int, then: str = "") -> int:
        """Replace ``graph`` by ``count`` triples written as N-Triples; then run the update
        operations ``then`` (:func:`kg.pipeline.shared.refresh`) in the same request as the replacement
        (the swap, for a large graph), or, with ``replace="put"``, in one request after it.

        ``replace="update"`` (default): one SPARQL Update request
        ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { … } }``. What Virtuoso 7.2 does with
        it (tests/test_remote.py checks each point):

        * readers running meanwhile see the old graph or the new one, never an empty or a
          half-written one;
        * a request rejected by the SPARQL compiler (syntax, an invalid literal, too many
          triples) runs no operation: the old graph stays;
        * it does **not** undo earlier operations of a request when a later one fails while
          running (a ``CREATE GRAPH`` of an existing graph, a failing ``LOAD``). ``INSERT DATA``
          has no such failure short of a server fault, and an ingest can simply be run again.

        A graph with more than ``max_update_triples`` triples (or ``max_update_bytes``) cannot go
        in one request. It is written into a fresh staging graph ``<g>#staging-<uuid>`` by
        several ``INSERT DATA`` requests, then swapped in by one request
        ``DROP SILENT GRAPH <g> ; INSERT { GRAPH <g> { ?s ?p ?o } } WHERE { GRAPH <staging> {
        ?s ?p ?o } } ; DROP SILENT GRAPH <staging>``: readers of ``<g>`` still see the old graph
        or the new one. (``MOVE`` is not used: Virtuoso's MOVE let a reader count one triple too
        many.) The staging graph is visible to ``GRAPH ?g`` patterns while it is filled, and is
        dropped when filling fails.

        ``replace="put"``: one Graph Store ``PUT``. On Virtuoso 7.2 readers *do* see the graph
        empty during a PUT, and a malformed body is partly loaded, so it is not the default.
        """
        self._check_writable()
        _check_named(graph)
        with self.batch():  # the change is told after the content (the search index reads the text)
            return self._replace_graph_text(graph, ntriples, count, then)

    def _replace_graph_text(self, graph, ntriples: str, count: int, then: str) -> int:
        tail = " ;\n" + then if then else ""
        if self.replace == "put":
            self._put(graph, ntriples)
            if then:
                self._update(then, [])
            self._tell_content([graph], ntriples, ox.RdfFormat.N_TRIPLES)
            return count
        pieces = [p for p in _chunks(ntriples, self.max_update_triples, self.max_update_bytes) if p.strip()]
        if not pieces:  # an empty graph is no graph (and Virtuoso rejects an empty INSERT DATA)
            self._update(f"DROP SILENT GRAPH {graph}{tail}", [graph])
            return count
        if len(pieces) == 1:
            self._update(f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{ntriples}\n}} }}{tail}", [graph])
            self._tell_content([graph], ntriples, ox.RdfFormat.N_TRIPLES)
            return count
        staging = ox.NamedNode(f"{graph.value}#staging-{uuid.uuid4().hex}")
        try:
            for chunk in pieces:
                self._update(f"INSERT DATA {{ GRAPH {staging} {{\n{chunk}\n}} }}", [])  # staging graphs are never indexed
            self._update(
                f"DROP SILENT GRAPH {graph} ;\n"
                f"INSERT {{ GRAPH {graph} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {staging} {{ ?s ?p ?o }} }} ;\n"
                f"DROP SILENT GRAPH {staging}{tail}",
                [graph],
            )
            self._tell_content([graph], ntriples, ox.RdfFormat.N_TRIPLES)
        except BaseException:
            try:
                self._update(f"DROP SILENT GRAPH {staging}", [])
            except Exception:  # noqa: BLE001 -- the first error is the one to report
                pass
            raise
        return count

    def _put(self, graph: ox.NamedNode, ntriples: str) -> None:
        url = self._graph_url(graph)
        try:
            self._request(url, "PUT", ntriples.encode("utf-8"), {"Content-Type": f"{NTRIPLES}; charset=utf-8"})
        finally:
            self._written([graph])

    def bulk_replace(self, graphs: list[ox.NamedNode], nquads: bytes) -> None:
        """:meth:`kg.stores.local.Store.bulk_replace` remotely: each of ``graphs`` replaced by its quads
        in ``nquads`` through :meth:`replace_graph_text` (so each graph on its own is replaced as
        that method says; the set of graphs is not one transaction). Quads in other graphs are
        ignored; a listed graph without quads is dropped."""
        wanted = {g: [] for g in graphs}
        for quad in ox.parse(nquads, ox.RdfFormat.N_QUADS):
            lines = wanted.get(quad.graph_name)
            if lines is not None:
                lines.append(f"{quad.subject} {quad.predicate} {quad.object} .")
        for graph, lines in wanted.items():
            self.replace_graph_text(graph, "\n".join(lines), len(lines))

    def add_to_graph(self, graph, triples: Iterable[ox.Triple]) -> int:
        self._check_writable()
        _check_named(graph)
        lines = triple_lines(triples)
        for chunk in _chunks("\n".join(lines), self.max_update_triples, self.max_update_bytes):
            self._update(f"INSERT DATA {{ GRAPH {graph} {{\n{chunk}\n}} }}", [graph])
        return len(lines)

    def drop_graph(self, graph) -> bool:
        self._check_writable()
        _check_named(graph)
        if not self.has_graph(graph):
            return False
        self._update(f"DROP SILENT GRAPH {graph}", [graph])
        return True

    def flush(self) -> None:
        """Nothing to do: every write was one request the server has answered."""

    # --- reads -------------------------------------------------------------------------------

    def query(self, sparql: str, **options):
        """Run a SPARQL query remotely; the answer as pyoxigraph's own result objects.

        Options of :meth:`kg.stores.local.Store.query` that have a protocol equivalent are mapped:
        ``default_graph`` / ``named_graphs`` become ``default-graph-uri`` / ``named-graph-uri``,
        ``base_iri`` a ``BASE`` declaration. ``use_default_graph_as_union`` is accepted and
        needs nothing: the remote store's default graph must already be the union of its
        graphs (Virtuoso's is; configure it so on other stores). Raises ``SyntaxError`` when
        the server rejects the query as malformed (its message, not Oxigraph's).
        """
        from ..sparqltext.querytext import first_keyword

        fields = [("query", _with_base(sparql, options.pop("base_iri", None)))]
        options.pop("use_default_graph_as_union", None)
        for graph in _as_list(options.pop("default_graph", None)):
            if isinstance(graph, ox.DefaultGraph):
                continue  # the remote default graph is the union already
            fields.append(("default-graph-uri", graph.value))
        for graph in _as_list(options.pop("named_graphs", None)):
            fields.append(("named-graph-uri", graph.value))
        if options:
            raise TypeError(f"RemoteStore.query: unsupported options {sorted(options)}")
        form = first_keyword(sparql)
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        try:
            body = self._post_form(self.query_url, fields, NTRIPLES if graph_form else RESULTS_JSON)
        except RemoteStoreError as exc:
            if exc.status == 400 or _is_syntax_error(exc.body):
                raise SyntaxError(_short(exc.body) or str(exc)) from None
            raise
        if graph_form:
            return _query_triples(body)
        return ox.parse_query_results(body, ox.QueryResultsFormat.JSON)

    def _select(self, sparql: str) -> list[ox.QuerySolution]:
        return list(self.query(sparql))

    def _is_ignored(self, iri: str) -> bool:
        return iri in self.ignore_graphs or iri.startswith(self.ignore_prefixes)

    def named_graphs(self) -> list[ox.NamedNode]:
        """The store's named graphs that hold triples, without the server's own graphs.

        Virtuoso (like many SPARQL stores) keeps no empty graphs: a graph exists while it has
        triples. Its own graphs (:data:`VIRTUOSO_SYSTEM_GRAPHS`, and its service description,
        a graph named after the service it describes) are left out.
        """
        rows = self._select(
            f"SELECT DISTINCT ?g (EXISTS {{ GRAPH ?g {{ ?g a <{SD_SERVICE}> }} }} AS ?sd) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
        )
        graphs = []
        for row in rows:
            g, sd = row["g"], row["sd"]
            if isinstance(g, ox.NamedNode) and not self._is_ignored(g.value) and not _true(sd):
                graphs.append(g)
        return graphs

    def has_graph(self, graph) -> bool:
        """Whether ``graph`` has triples (the default graph always exists)."""
        if isinstance(graph, ox.DefaultGraph):
            return True
        return bool(self.query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}"))

    def quads(self, graph=None) -> Iterator[ox.Quad]:
        """The quads of ``graph`` (None: of every named graph). The remote default graph is the
        union of the named graphs, so it has no quads of its own: ``DefaultGraph()`` gives none.
        """
        if isinstance(graph, ox.DefaultGraph):
            return iter(())
        if graph is not None:
            return iter(self._graph_quads(graph))
        return self._all_quads()

    def _all_quads(self) -> Iterator[ox.Quad]:
        for g in self.named_graphs():
            yield from self._graph_quads(g)

    def _graph_quads(self, graph: ox.NamedNode) -> list[ox.Quad]:
        body = self._post_form(
            self.query_url, [("query", f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")], NTRIPLES
        )
        return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in ox.parse(body, ox.RdfFormat.N_TRIPLES)]

    def __len__(self) -> int:
        total = 0
        for row in self._select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"):
            if not self._is_ignored(row["g"].value):
                total += int(row["n"].value)
        for g in self._service_description_graphs():
            total -= self._count(g)
        return total

    def _service_description_graphs(self) -> list[ox.NamedNode]:
        rows = self._select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g a <{SD_SERVICE}> }} }}")
        return [row["g"] for row in rows if not self._is_ignored(row["g"].value)]

    def _count(self, graph: ox.NamedNode) -> int:
        rows = self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
        return int(rows[0]["n"].value) if rows else 0

    def dump(self, output, fmt: str) -> None:
        for chunk in self.stream_dump(fmt):
            output.write(chunk)

    def stream_dump(self, fmt: str, gzip: bool = False) -> Iterator[bytes]:
        """The store as ``fmt``, fetched graph by graph (one CONSTRUCT each), written as it comes.

        As with the embedded store, N-Quads and TriG keep the graphs and Turtle is their set union
        (the union is de-duplicated in memory here: a Turtle dump of a large remote store needs
        memory for its distinct triples; prefer N-Quads).
        """
        return dump_stream(fmt, gzip, union_triples=self._union_triples, write_quads=self._write_quads)

    def _write_quads(self, out, rdf_format: ox.RdfFormat, prefixes: dict | None) -> None:
        ox.serialize(self._all_quads(), out, rdf_format, **({"prefixes": prefixes} if prefixes else {}))

    def _union_triples(self) -> Iterator[ox.Triple]:
        seen: set = set()
        for quad in self._all_quads():
            triple = quad.triple
            if triple not in seen:
                seen.add(triple)
                yield triple

    def _graph_url(self, graph: ox.NamedNode) -> str:
        sep = "&" if "?" in self.graph_store_url else "?"
        return self.graph_store_url + sep + urllib.parse.urlencode({"graph": graph.value})


# --- helpers ------------------------------------------------------------------------------------


def _opener(urls: list[str], user: str | None, password: str | None) -> urllib.request.OpenerDirector:
    handlers: list = []
    if user is not None:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        for url in urls:
            manager.add_password(None, url, user, password or "")
        handlers += [urllib.request.HTTPBasicAuthHandler(manager), urllib.request.HTTPDigestAuthHandler(manager)]
    return urllib.request.build_opener(*handlers)


def _query_triples(body: bytes) -> ox.QueryTriples:
    """N-Triples as a real ``QueryTriples`` (what isinstance checks and serialisers expect).

    pyoxigraph 0.5 cannot make one from a parser, so the triples go through a small in-memory
    store and come back out of ``CONSTRUCT WHERE { ?s ?p ?o }`` (a graph is a set: duplicates
    the server sent are merged; order is not kept, as in any graph).
    """
    scratch = ox.Store()
    scratch.load(body, ox.RdfFormat.N_TRIPLES)
    return scratch.query("CONSTRUCT WHERE { ?s ?p ?o }")


def _with_base(sparql: str, base_iri: str | None) -> str:
    if not base_iri:
        return sparql
    return f"BASE {ox.NamedNode(base_iri)}\n{sparql}"  # a later BASE in the text still wins


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _check_named(graph) -> None:
    if not isinstance(graph, ox.NamedNode):
        raise ValueError(
            "a remote store's default graph is the union of its named graphs: write to a named graph, not to "
            f"{graph!r}"
        )


def _true(term) -> bool:
    return term is not None and term.value in ("true", "1")


def _chunks(ntriples: str, max_lines: int, max_bytes: int) -> Iterator[str]:
    """N-Triples text cut at line ends into pieces of at most ``max_lines`` lines and ``max_bytes``
    bytes (a longer line goes alone)."""
    piece: list[str] = []
    size = 0
    for line in ntriples.split("\n"):
        n = len(line.encode("utf-8")) + 1
        if piece and (size + n > max_bytes or len(piece) >= max_lines):
            yield "\n".join(piece)
            piece, size = [], 0
        piece.append(line)
        size += n
    if piece:
        yield "\n".join(piece)


_SYNTAX = re.compile(r"SP030|SP031|syntax error|parse error|SPARQL compiler", re.IGNORECASE)


def _is_syntax_error(body: str) -> bool:
    return bool(body) and bool(_SYNTAX.search(body))


def _short(text: str, limit: int = 600) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + " …"
