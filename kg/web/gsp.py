"""``/store``: the SPARQL 1.1 Graph Store HTTP Protocol, indirect graph identification.

A request names its graph in the query string: ``/store?graph=<IRI>`` (a named graph; the IRI
must be absolute, percent-decoded once as any query parameter) or ``/store?default`` (the
store's default graph, which newskg itself leaves empty: its articles live in named graphs).
Exactly one of the two, else 400. The only exception is ``POST /store`` with neither, which
creates a new graph (below).

* ``GET`` / ``HEAD``: the graph, serialised by Oxigraph and streamed, in the negotiated format
  (``Accept``, or ``format=`` for browsers as on ``/sparql``): Turtle (default), N-Triples,
  JSON-LD, RDF/XML (also as ``application/xml``), N3, and TriG or N-Quads, which keep the graph
  name. 404 for a named graph that does not exist; the default graph always exists. 406 when
  nothing offered is acceptable. ``ETag`` (weak: a hash of the store revision, the graph and the
  media type) and ``Last-Modified`` (the store's last write) make ``If-None-Match`` /
  ``If-Modified-Since`` answer 304. ``HEAD`` has the status and headers of ``GET``, no body.
* ``PUT``: replace the graph by the request body. 201 when the graph did not exist before, 204
  when it did; for the default graph "existed" means "was not empty". An empty body makes an
  empty (but existing) named graph.
* ``POST``: add the body's triples to the graph (an RDF merge). 201 when the graph was new,
  204 otherwise. ``POST /store`` without ``graph``/``default`` stores the body in a new named
  graph ``<base>graph/upload/<uuid>`` and answers 201 with that IRI in ``Location``.
* ``DELETE``: 204 when the named graph existed and is gone, 404 when there was none;
  ``DELETE /store?default`` empties the default graph (204).

Bodies are read by their ``Content-Type``: ``text/turtle``, ``application/n-triples``,
``application/rdf+xml``, ``application/ld+json``, ``text/n3``, ``application/trig``,
``application/n-quads``; anything else is 415, as is a charset other than UTF-8. Quad formats
(TriG, N-Quads, JSON-LD with ``@graph`` names, N3 formulas) are accepted only when everything
in them is in the default graph, which is then stored in the target graph; a payload that names
graphs is refused with 400 rather than silently flattened. ``multipart/form-data`` (``POST``
or ``PUT``) carries several documents, one per file part, each read by the part's
``Content-Type`` or else its file name extension; a non-file field is a 400. Relative IRIs are
resolved against the graph IRI (the request URL for the default graph). Blank nodes are renamed
on parsing, so uploads never share one with each other or with what is stored.

Every body is parsed completely before anything is written, and then written by one call to
:class:`kg.stores.local.Store` (one transaction): a syntax error anywhere is a 400 with the parser's
message, and the store is left as it was. JSON-LD remote contexts are never fetched. Bodies
larger than the app's ``MAX_CONTENT_LENGTH`` (256 MiB) are refused with 413, chunked ones as soon
as that much has arrived (:mod:`kg.web.bodies`).

Writes are allowed only with the configured bearer token (:func:`kg.web.auth.write_refusal`):
403 when the server has none (read-only), 401 with ``WWW-Authenticate`` for a missing or wrong
one. Other methods get 405 with ``Allow``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request
from werkzeug.http import http_date

from kg.namespaces import PREFIXES
from kg.stores.local import Store, stream_writer

from . import bodies
from .auth import write_refusal
from .caching import etag, matches
from .negotiation import negotiate, requested_accept
from .responses import plain as _plain
from .results import content_type, primed

bp = Blueprint("gsp", __name__)

Graph = ox.NamedNode | ox.DefaultGraph

# What GET offers, in server preference order (the first is the default).
OUTPUT_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/xml": ox.RdfFormat.RDF_XML,
    "text/n3": ox.RdfFormat.N3,
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}
OFFERED = list(OUTPUT_FORMATS)
# Formats written with the graph name (the others get the graph's triples).
QUAD_OUTPUT = {ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS}
# Formats whose serialiser uses prefix declarations.
PREFIXED_OUTPUT = {ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.N3, ox.RdfFormat.RDF_XML}

# What PUT/POST read, by media type.
INPUT_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "text/n3": ox.RdfFormat.N3,
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}
# For multipart file parts without a usable Content-Type.
EXTENSIONS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "rdf": ox.RdfFormat.RDF_XML,
    "owl": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
    "n3": ox.RdfFormat.N3,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
}
GENERIC_TYPES = {"", "application/octet-stream", "text/plain"}
CHARSETS = {"utf-8", "utf8", "us-ascii", "ascii"}
MULTIPART = "multipart/form-data"
UPLOAD_PATH = "graph/upload/"


class RequestError(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


# --- the target graph ----------------------------------------------------------------------------


def _target(*, optional: bool = False) -> Graph | None:
    """The graph the request names; None when it names none and ``optional`` allows that."""
    graphs = request.args.getlist("graph")
    default = "default" in request.args
    if graphs and default:
        raise RequestError("give either graph=<IRI> or default, not both")
    if len(graphs) > 1:
        raise RequestError("the graph parameter must be given once, not repeated")
    if default:
        return ox.DefaultGraph()
    if graphs:
        try:
            return ox.NamedNode(graphs[0])
        except ValueError as exc:
            raise RequestError(f"graph is not a valid absolute IRI: {graphs[0]!r} ({exc})") from None
    if optional:
        return None
    raise RequestError("name the graph: /store?graph=<IRI> for a named graph, or /store?default")


def _describe(graph: Graph) -> str:
    return "the default graph" if isinstance(graph, ox.DefaultGraph) else f"graph {graph}"


def _exists(store: Store, graph: Graph) -> bool:
    """Whether a write to ``graph`` finds it there: a named graph in the store, or a non-empty default graph."""
    if isinstance(graph, ox.DefaultGraph):
        return next(iter(store.quads(graph)), None) is not None
    return store.has_graph(graph)


# --- reading ------------------------------------------------------------------------------------


@bp.route("/store", methods=["GET", "PUT", "POST", "DELETE"])
def graph_store() -> Response:
    try:
        if request.method in ("GET", "HEAD"):  # Flask routes HEAD to the GET view
            return _get()
        refusal = write_refusal()
        if refusal is not None:
            return refusal
        if request.method == "DELETE":
            return _delete()
        return _put_or_post()
    except RequestError as exc:
        return _plain(exc.status, str(exc))


def _get() -> Response:
    graph = _target()
    try:
        accept = requested_accept(request.args.get("format", ""), request.headers.get("Accept"))
    except ValueError as exc:
        raise RequestError(str(exc)) from None
    media_type = negotiate(accept, OFFERED)
    if media_type is None:
        return _plain(406, "Not Acceptable: a graph can be had as " + ", ".join(OFFERED))

    store: Store = current_app.extensions["newskg.store"]
    revision, modified = store.revision, store.modified  # read before the data: never newer than it
    if not store.has_graph(graph):
        return _plain(404, f"Not Found: there is no {_describe(graph)} in the store")

    tag = etag(revision, graph, media_type)
    headers = {"ETag": f'W/"{tag}"', "Last-Modified": _http_date(modified)}
    if _not_modified(tag, modified):
        return Response(status=304, headers=headers)
    headers["Content-Type"] = content_type(media_type)
    if request.method == "HEAD":
        return Response(iter(()), status=200, headers=headers)
    return Response(_serialise(store, graph, OUTPUT_FORMATS[media_type]), status=200, headers=headers)


def _not_modified(tag: str, modified: float) -> bool:
    """RFC 9110 13.1.2 / 13.1.3: If-None-Match (weak comparison) wins over If-Modified-Since."""
    if request.if_none_match:
        return matches(request.if_none_match, tag)
    since = request.if_modified_since
    return since is not None and int(modified) <= since.timestamp()


def _http_date(stamp: float) -> str:
    return http_date(datetime.fromtimestamp(int(stamp), tz=UTC))


def _serialise(store: Store, graph: Graph, fmt: ox.RdfFormat) -> Iterator[bytes]:
    """The graph as ``fmt``, written by Oxigraph in a thread of its own, as byte chunks.

    The quad iterator is created in that thread, since pyoxigraph's iterators belong to the
    thread that made them. The first chunk is pulled now, so an early failure is a 500.
    """

    def write(out) -> None:
        quads = store.quads(graph)
        data = quads if fmt in QUAD_OUTPUT else (q.triple for q in quads)
        options = {"prefixes": PREFIXES} if fmt in PREFIXED_OUTPUT else {}
        ox.serialize(data, out, fmt, **options)

    return primed(stream_writer(write))


# --- writing ------------------------------------------------------------------------------------


def _put_or_post() -> Response:
    bodies.limit(None, "the upload")  # the app's MAX_CONTENT_LENGTH, declared or chunked
    store: Store = current_app.extensions["newskg.store"]
    graph = _target(optional=request.method == "POST")
    created_iri = None
    if graph is None:  # POST to the graph store itself: a new graph, named by us
        created_iri = current_app.config["NEWSKG_BASE"] + UPLOAD_PATH + uuid.uuid4().hex
        graph = ox.NamedNode(created_iri)
    base = request.url if isinstance(graph, ox.DefaultGraph) else graph.value
    triples = _payload(base)  # all parsed before anything is written

    existed = _exists(store, graph)
    if request.method == "PUT":
        if triples or isinstance(graph, ox.DefaultGraph):
            store.replace_graph(graph, triples)
        else:  # an empty named graph still exists afterwards
            store.update(f"DROP SILENT GRAPH {graph} ;\nCREATE GRAPH {graph}")
    elif triples:
        store.add_to_graph(graph, triples)
    elif not existed and isinstance(graph, ox.NamedNode):
        store.update(f"CREATE SILENT GRAPH {graph}")

    if existed:
        return Response(status=204)
    response = _plain(201, f"Created {_describe(graph)}")
    if created_iri is not None:
        response.headers["Location"] = created_iri
    return response


def _delete() -> Response:
    store: Store = current_app.extensions["newskg.store"]
    graph = _target()
    if store.drop_graph(graph):
        return Response(status=204)
    return _plain(404, f"Not Found: there is no {_describe(graph)} in the store")


def _payload(base: str) -> list[ox.Triple]:
    """Every triple of the request body (one document, or the file parts of a multipart form)."""
    if request.mimetype == MULTIPART:
        if request.form:
            names = ", ".join(sorted(request.form))
            raise RequestError(f"{MULTIPART} parts must be files (RDF documents); not a file: {names}")
        parts = [part for _, part in request.files.items(multi=True)]
        if not parts:
            raise RequestError(f"the {MULTIPART} body has no file parts")
        triples = []
        for part in parts:
            fmt = _part_format(part)
            triples += _parse(part.stream, fmt, base, f"part {part.filename or part.name!r}: ")
        return triples
    fmt = _input_format(request.mimetype, request.mimetype_params)
    if fmt is None:
        raise RequestError(
            f"unsupported content type {request.mimetype or '(none)'!r}; send one of "
            f"{', '.join(INPUT_FORMATS)} or {MULTIPART}",
            415,
        )
    return _parse(request.stream, fmt, base)


def _input_format(mimetype: str, params) -> ox.RdfFormat | None:
    fmt = INPUT_FORMATS.get((mimetype or "").lower())
    charset = params.get("charset", "utf-8").lower()
    if fmt is not None and charset not in CHARSETS:
        raise RequestError(f"RDF bodies must be UTF-8, not {charset}", 415)
    return fmt


def _part_format(part) -> ox.RdfFormat:
    fmt = _input_format(part.mimetype, part.mimetype_params)
    if fmt is None and (part.mimetype or "").lower() in GENERIC_TYPES:
        _, dot, extension = (part.filename or "").rpartition(".")
        fmt = EXTENSIONS.get(extension.lower()) if dot else None
    if fmt is None:
        raise RequestError(
            f"part {part.filename or part.name!r}: unsupported content type {part.mimetype or '(none)'!r} "
            f"and no known file extension ({', '.join('.' + e for e in EXTENSIONS)})",
            415,
        )
    return fmt


def _parse(source, fmt: ox.RdfFormat, base: str, where: str = "") -> list[ox.Triple]:
    """Parse a whole document into a list; 400 with Oxigraph's message when it is not valid."""
    try:
        quads = ox.parse(source, fmt, base_iri=base, without_named_graphs=True, rename_blank_nodes=True)
        return [quad.triple for quad in quads]
    except SyntaxError as exc:
        message = str(exc)
        if "Named graphs are not allowed" in message:
            message += " (the graph store takes one graph per request: the payload must not name graphs)"
        raise RequestError(f"{where}the {fmt.name} payload is not valid: {message}") from None
    except ValueError as exc:
        raise RequestError(f"{where}the {fmt.name} payload could not be read: {exc}") from None


@bp.after_request
def _vary(response: Response) -> Response:
    response.vary.add("Accept")
    return response
