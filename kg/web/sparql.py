"""``/sparql``: the query operation of the SPARQL 1.1 Protocol, read-only.

Requests: ``GET /sparql?query=…``, ``POST`` with ``application/x-www-form-urlencoded``
(``query=…``), or ``POST`` with ``application/sparql-query`` (the query as a UTF-8 body).
``default-graph-uri`` / ``named-graph-uri`` may be repeated. Updates are not accepted here.

Responses are negotiated (``Accept``, or ``format=`` for browsers): SELECT/ASK as SPARQL results
JSON (default), XML, CSV or TSV; CONSTRUCT/DESCRIBE as Turtle (default), N-Triples, JSON-LD or
RDF/XML. Oxigraph writes every byte; nothing is collected in Python lists.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterator
from urllib.parse import quote

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request

from kg.sparqltext import guard, querytext

from . import bodies, description
from .caching import Answer, etag, matches
from .negotiation import negotiate, parse_accept, requested_accept
from .responses import plain as _plain
from .results import GRAPH, OFFERED, RESULTS, Busy, MemoryBudgetExceeded, NotAcceptable, WorkerCrashed, content_type
from .views.search import expand_search  # search clauses -> VALUES (kg/search/clause.py)

bp = Blueprint("sparql", __name__)

MAX_QUERY_BYTES = 1 << 20  # a query larger than 1 MiB is not one we want to parse
FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"


class RequestError(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def dataset_options(sparql: str, default_graph_uris: list[str], named_graph_uris: list[str]) -> dict:
    """The Oxigraph ``query()`` options that set the query's RDF dataset.

    * The request names a dataset (``default-graph-uri`` and/or ``named-graph-uri``): it
      replaces any ``FROM``/``FROM NAMED`` of the query, as the protocol says. Only the graphs
      listed are in it: ``default-graph-uri`` alone leaves no named graphs for ``GRAPH``, and
      ``named-graph-uri`` alone leaves the default graph empty.
    * The query names one (``FROM``/``FROM NAMED``): Oxigraph uses it as written.
    * Neither: **the default graph is the union of all graphs**
      (``use_default_graph_as_union=True``). newskg keeps every article in a named graph of its
      own and nothing in the store's default graph, so a plain ``SELECT * { ?s ?p ?o }`` would
      otherwise find nothing; with the union it sees everything, and ``GRAPH ?g { … }`` still
      reaches each article's graph.

    Caveat (Oxigraph 0.5): a merged default graph (the union, or several ``FROM``) is evaluated
    as a bag, so a triple present in several article graphs matches once per graph
    (oxigraph/oxigraph#1919, fixed for 0.6). Use ``DISTINCT`` / ``COUNT(DISTINCT …)`` in SELECT
    when that matters; CONSTRUCT and DESCRIBE answers are de-duplicated here
    (:class:`kg.execution.answers.DistinctTriples`).

    Raises :class:`RequestError` for a graph URI that is not an absolute IRI.
    """
    if default_graph_uris or named_graph_uris:
        return {
            "default_graph": [_iri(u, "default-graph-uri") for u in default_graph_uris],
            "named_graphs": [_iri(u, "named-graph-uri") for u in named_graph_uris],
        }
    if querytext.names_dataset(sparql):
        return {}
    return {"use_default_graph_as_union": True}


def check_text(text: str, *, update: bool = False) -> None:
    """Refuse a text over the parse limits (400/413) or with a network operation (``SERVICE``,
    and ``LOAD`` in updates) that the operator did not allow (403): :mod:`kg.sparqltext.guard`.

    Oxigraph would otherwise fetch any URL a query names, from this server, on a stranger's
    behalf; and a text nested a few thousand deep crashes its parser.
    """
    guard_text(text, current_app.config["NEWSKG_SERVICE_HOSTS"], current_app.config["NEWSKG_QUERY_LIMITS"], update=update)


def guard_text(text: str, hosts, limits, *, update: bool = False) -> None:
    """:func:`check_text` with the settings given (the lean path has no app context)."""
    try:
        guard.check(text, update=update, allowed_hosts=hosts, limits=limits)
    except guard.Refused as exc:
        raise RequestError(str(exc), exc.status) from None


# --- the steps of a query request, shared by the Flask view below and kg.web.lean -----------


def query_accept(format_value: str, accept_header: str | None) -> str | None:
    """What the client accepts (``format=`` over ``Accept``); 400 for an unknown format."""
    try:
        return requested_accept(format_value, accept_header)
    except ValueError as exc:
        raise RequestError(str(exc)) from None


@functools.lru_cache(maxsize=256)
def _chosen(accept: str | None) -> tuple[tuple[str, str | None], ...]:
    ranges = parse_accept(accept)
    return tuple((kind, negotiate(ranges, offered)) for kind, offered in OFFERED.items())


def choose(accept: str | None) -> dict[str, str | None]:
    """The media type negotiated for each kind of answer (None: nothing acceptable).

    Clients send the same few ``Accept`` values over and over, so the answers are remembered.
    """
    if accept is not None and len(accept) > 1024:
        return dict(_chosen.__wrapped__(accept))
    return dict(_chosen(accept))


def plan(sparql: str, default_graphs: list[str], named_graphs: list[str], endpoint: str | None, hosts, limits) -> dict:
    """The Oxigraph options for a query request, after the text guard; raises :class:`RequestError`."""
    options = dataset_options(sparql, default_graphs, named_graphs)
    if endpoint is not None:
        # relative IRIs in the query resolve against the endpoint (W3C query_content_type_construct)
        options["base_iri"] = endpoint
    guard_text(sparql, hosts, limits)
    return options


def answer_tag(revision: str, sparql: str, options: dict, chosen: dict, max_rows: int) -> str:
    """The ETag (unquoted) of a query answer: everything that shapes its bytes."""
    return etag(revision, sparql, sorted(options.items()), sorted(chosen.items()), max_rows)


def not_acceptable_message(offered: list[str]) -> str:
    return "Not Acceptable: this query can be answered as " + ", ".join(offered)


def evaluation_failure(exc: BaseException, sparql: str, timeout: float, logger) -> tuple[int, str, list[tuple[str, str]]]:
    """``(status, message, extra headers)`` for a query that failed before its first byte."""
    if isinstance(exc, SyntaxError):
        message = f"Malformed query: {exc}"
        if querytext.looks_like_update(sparql):
            message += "\nSPARQL Update is not accepted at /sparql: send it to /update."
        return 400, message, []
    if isinstance(exc, NotAcceptable):
        return 406, not_acceptable_message(exc.offered), []
    if isinstance(exc, TimeoutError):
        return 503, f"Query timed out: it ran longer than the {timeout:g} s this endpoint allows, and was stopped.", []
    if isinstance(exc, Busy):
        return 503, "Too many queries are running; try again in a few seconds.", [("Retry-After", "5")]
    if isinstance(exc, MemoryBudgetExceeded):
        return 503, f"Query stopped: it needed more than the {exc.budget >> 20} MiB a query may use on this endpoint.", []
    if isinstance(exc, WorkerCrashed):
        logger.error("a query crashed its worker process: %s", sparql[:500])
        return 500, "Query evaluation crashed (a bug in the query engine); the worker was replaced. Try a simpler query.", []
    logger.warning("query failed: %s", exc)
    return 500, f"Query evaluation failed: {exc}", []


def _iri(value: str, parameter: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(value)
    except ValueError as exc:
        raise RequestError(f"{parameter} is not a valid IRI: {value!r} ({exc})") from None


def _read_request() -> tuple[str, list[str], list[str]]:
    """The query text and the protocol dataset, from whichever way the request carries them."""
    if request.method == "GET":
        params = request.args
        queries = params.getlist("query")
    elif request.mimetype == FORM:
        params = request.values  # the form body, plus anything in the URL
        queries = params.getlist("query")
    elif request.mimetype == QUERY:
        charset = request.mimetype_params.get("charset", "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            raise RequestError(f"{QUERY} bodies must be UTF-8, not {charset}", 415)
        if "query" in request.args:
            raise RequestError(f"a {QUERY} request carries its query in the body, not in the URL")
        params = request.args
        try:
            queries = [request.get_data().decode("utf-8")]
        except UnicodeDecodeError as exc:
            raise RequestError(f"the query is not valid UTF-8: {exc}") from None
    else:
        raise RequestError(
            f"unsupported content type {request.mimetype or '(none)'!r}; POST the query as "
            f"{FORM} (query=...) or as {QUERY}",
            415,
        )
    if len(queries) > 1:
        raise RequestError("the query parameter must be given once, not repeated")
    if not queries or not queries[0].strip():
        raise RequestError("missing query: give one as query=... (or as the body of a POST)")
    return queries[0], params.getlist("default-graph-uri"), params.getlist("named-graph-uri")


def _accept() -> str | None:
    fmt = request.values.get("format", "") if request.mimetype == FORM else request.args.get("format", "")
    return query_accept(fmt, request.headers.get("Accept"))


def _not_acceptable(offered: list[str]) -> Response:
    return _plain(406, not_acceptable_message(offered))


@bp.route("/sparql", methods=["GET", "POST"])
def query() -> Response:
    if request.method in ("GET", "HEAD") and "query" not in request.args:
        return description.service_description_response()
    bodies.limit(MAX_QUERY_BYTES, "the query")  # a form or a body, chunked or not: 413 past it
    try:
        sparql, default_graphs, named_graphs = _read_request()
        accept = _accept()
        config = current_app.config
        options = plan(sparql, default_graphs, named_graphs, endpoint_iri(), config["NEWSKG_SERVICE_HOSTS"], config["NEWSKG_QUERY_LIMITS"])
    except RequestError as exc:
        return _plain(exc.status, str(exc))
    chosen = choose(accept)
    if chosen[RESULTS] is None and chosen[GRAPH] is None:
        return _not_acceptable(OFFERED[RESULTS] + OFFERED[GRAPH])

    store = current_app.extensions["newskg.store"]
    revision = store.revision
    html = {"max_rows": current_app.config["NEWSKG_HTML_MAX_ROWS"], "base": current_app.config["NEWSKG_BASE"], "root": _server_url() + "/", "full_query": sparql}
    tag = answer_tag(revision, sparql, options, chosen, html["max_rows"])
    if matches(request.if_none_match, tag):
        return _not_modified(tag) if request.method in ("GET", "HEAD") else _plain(412, "Precondition Failed")
    cache = current_app.extensions["newskg.cache"]
    answer = cache.get(revision, tag) if cache.enabled else None
    if answer is not None:
        return _answer(Response(answer.body, content_type=content_type(answer.media_type)), tag, "hit")

    started = time.perf_counter()
    try:
        media_type, body = current_app.extensions["newskg.runner"].run(expand_search(sparql), options, chosen, html)
    except Exception as exc:  # evaluation failed before the first byte was out
        status, message, headers = evaluation_failure(exc, sparql, current_app.config["NEWSKG_TIMEOUT"], current_app.logger)
        response = _plain(status, message)
        response.headers.extend(headers)
        return response
    first_byte = time.perf_counter() - started
    if cache.enabled:
        body = _keep(body, lambda data: cache.put(revision, tag, Answer(media_type, data)), cache.max_entry)
    response = Response(body, status=200, content_type=content_type(media_type))
    response.headers["Server-Timing"] = f"query;dur={first_byte * 1000:.1f}"
    return _answer(response, tag, "miss" if cache.enabled else "off")


def endpoint_iri() -> str | None:
    """This endpoint's URL, against which relative IRIs in a query resolve (None if the Host is not IRI-safe)."""
    url = _server_url() + quote(request.environ.get("PATH_INFO", ""))
    try:
        ox.NamedNode(url)
    except ValueError:
        return None
    return url


def _server_url() -> str:
    """``scheme://host`` plus the app's mount point, from the WSGI environment.

    werkzeug's ``request.base_url`` and ``url_root`` decode and re-encode the URL, which costs
    more than evaluating a small query.
    """
    env = request.environ
    host = env.get("HTTP_HOST") or f"{env.get('SERVER_NAME', 'localhost')}:{env.get('SERVER_PORT', '80')}"
    return f"{env.get('wsgi.url_scheme', 'http')}://{host}{quote(env.get('SCRIPT_NAME', ''))}"


def _answer(response: Response, etag: str, cache_state: str) -> Response:
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache"  # store it, but ask (If-None-Match) before reuse
    response.headers["X-Cache"] = cache_state
    return response


def _not_modified(etag: str) -> Response:
    response = Response(status=304)
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache"
    return response


def _keep(chunks: Iterator[bytes], done, limit: int) -> Iterator[bytes]:
    """Pass ``chunks`` through; if they all went out and total at most ``limit`` bytes, ``done(body)``."""
    kept: list[bytes] | None = []
    size = 0
    for chunk in chunks:
        if kept is not None:
            size += len(chunk)
            if size <= limit:
                kept.append(chunk)
            else:
                kept = None
        yield chunk
    if kept is not None:
        done(b"".join(kept))


@bp.after_request
def _vary(response: Response) -> Response:
    response.vary.add("Accept")
    return response
