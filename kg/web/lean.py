"""The lean path: ``/sparql``, ``/health``, ``/dumps/<file>`` and the ``/id/`` redirects answered on
granian's native interface (RSGI), every other request handed to the Flask app.

Why: a small query costs Oxigraph tens of microseconds, and Flask, werkzeug, the WSGI hop into a
server thread and the middleware cost ten times that (``benchmarks/README.md`` has the profile).
Here a request is read from granian's scope (path, query string and headers, already parsed in
Rust), and answered on the event loop: queries are sent to the worker processes
(:meth:`kg.execution.processes.ProcessRunner.run_async`) and their answers read without blocking,
so no thread hand-off happens at all; a cache hit or a 304 is answered with no await.

What this module does *not* own: every rule comes from the modules the Flask app uses, so both
paths answer alike (``tests/test_lean.py`` compares them byte for byte): reading the request's
dataset and the text guard (:func:`kg.web.sparql.plan`), negotiation (:func:`kg.web.sparql.choose`),
the ETag (:func:`kg.web.sparql.answer_tag`), the result cache, error messages
(:func:`kg.web.sparql.evaluation_failure`), CORS (:func:`kg.web.middleware.cors_headers`), the
access-log line (:func:`kg.web.middleware.log_request`) and the dump validators
(:mod:`kg.web.dumps`). Anything unusual (a ``HEAD``, an ``OPTIONS`` preflight, a content type the
protocol does not allow, a body that is not UTF-8, a path that is not a plain minted one) goes to
Flask, which has always answered it, with the body already read when it was.

The Flask app runs behind :class:`WSGIBridge` in a pool of ``threads`` threads, with its request
body streamed to it (never read whole first) and its answer streamed out.
"""

from __future__ import annotations

import asyncio
import functools
import io
import logging
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from urllib.parse import parse_qsl, quote

import pyoxigraph as ox
from flask import Flask
from werkzeug.http import http_date, is_resource_modified, parse_accept_header, parse_options_header

from kg.search.clause import expand

from . import dumps as dumps_module
from .bodies import too_large_message
from .caching import Answer, matches_header
from .middleware import _MIN_SIZE, cors_headers, log_request
from .results import GRAPH, OFFERED, RESULTS, content_type
from .sparql import (
    FORM,
    MAX_QUERY_BYTES,
    QUERY,
    RequestError,
    answer_tag,
    choose,
    evaluation_failure,
    not_acceptable_message,
    plan,
    query_accept,
)

log = logging.getLogger(__name__)

PLAIN = "text/plain; charset=utf-8"
_URLDECODE_ERRORS = "werkzeug.url_quote"  # werkzeug registers it: invalid bytes stay percent-encoded
_PLAN_TEXT_LIMIT = 8192  # plans of texts up to this long are remembered
_PLAN_ENTRIES = 512
# minted /id/ paths: anything else (escapes, dot segments, odd characters) goes to Flask
_SIMPLE_ID = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./,=~")


class LeanApp:
    """An RSGI application: the hot paths here, everything else through :class:`WSGIBridge` to ``app``."""

    def __init__(self, app: Flask, threads: int = 8):
        self.app = app
        config = app.config
        self.store = app.extensions["newskg.store"]
        self.cache = app.extensions["newskg.cache"]
        self.runner = app.extensions["newskg.runner"]
        self.hosts = config["NEWSKG_SERVICE_HOSTS"]
        self.limits = config["NEWSKG_QUERY_LIMITS"]
        self.timeout = config["NEWSKG_TIMEOUT"]
        self.max_rows = config["NEWSKG_HTML_MAX_ROWS"]
        self.base = config["NEWSKG_BASE"]
        self.readers = config["NEWSKG_CORS_ORIGINS"]
        self.writers = config["NEWSKG_CORS_WRITE_ORIGINS"]
        self.pool = ThreadPoolExecutor(threads, thread_name_prefix="newskg-wsgi")
        self.bridge = WSGIBridge(app, self.pool)
        self._plans: dict = {}  # (text, dataset, endpoint) -> options: the guard passed for them

    # --- dispatch -----------------------------------------------------------------------------

    async def __rsgi__(self, scope, proto) -> None:
        if scope.proto != "http":
            return  # no websockets here (granian is started without them)
        path, method = scope.path, scope.method
        if path == "/sparql":
            if method == "GET" or method == "POST":
                return await self._sparql(scope, proto)
        elif method == "GET":
            if path == "/health":
                return await self._health(scope, proto)
            if path.startswith("/dumps/") and path[7:] in dumps_module.DUMPS:
                return await self._dump(scope, proto, dumps_module.DUMPS[path[7:]])
            if path.startswith("/id/") and self._see_other(scope, proto, path[4:]):
                return None
        return await self.bridge(scope, proto)

    def __rsgi_del__(self, loop) -> None:
        self.pool.shutdown(wait=False)

    # --- answering ----------------------------------------------------------------------------

    def _finish(self, scope, proto, status: int, headers: list, body: bytes, started: float, vary: list[str], compressible: bool,
                timing: str | None = None) -> None:
        """Send a whole answer with the cross-cutting headers (Vary, gzip, CORS) and log it."""
        headers, body = self._cross_cutting(scope, status, headers, vary, compressible, body, streamed=False)
        proto.response_bytes(status, headers, body)
        log_request(_client(scope), scope.method, _target(scope), status, len(body), started, None, timing)

    def _cross_cutting(self, scope, status, headers, vary, compressible, body, streamed):
        """What the Flask middleware adds: ``Vary``, gzip (whole answers of 512 bytes or more,
        streamed ones always; the ETag becomes weak), CORS. Returns the headers and the body (or,
        when ``streamed``, a compressor or None)."""
        vary = list(vary)
        compressor = None
        if compressible and 200 <= status < 300:
            vary.append("Accept-Encoding")
            if _accepts_gzip(scope.headers.get("accept-encoding")):
                if streamed:
                    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)
                elif len(body) >= _MIN_SIZE:
                    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)
                    body = compressor.compress(body) + compressor.flush()
                    compressor = True
                if compressor is not None:
                    headers = [(n, 'W/' + v if n == "ETag" and not v.startswith("W/") else v) for n, v in headers]
                    headers.append(("Content-Encoding", "gzip"))
        origin = scope.headers.get("origin")
        cors: list = []
        if origin:
            cors, varies = cors_headers(origin, scope.method, scope.path, None, self.readers, self.writers)
            if varies:
                vary.append("Origin")
        if vary:
            headers.append(("Vary", ", ".join(vary)))
        headers += cors
        if streamed:
            return headers, compressor
        return headers, body

    def _plain(self, scope, proto, status: int, message: str, started: float, vary=("Accept",), extra=()) -> None:
        body = (message.rstrip("\n") + "\n").encode("utf-8")
        self._finish(scope, proto, status, [("Content-Type", PLAIN), *extra], body, started, list(vary), compressible=False)

    # --- /sparql ------------------------------------------------------------------------------

    async def _sparql(self, scope, proto) -> None:
        started = time.perf_counter()
        headers = scope.headers
        qs = scope.query_string
        args = _parse_query_string(qs) if qs else []
        if scope.method == "GET":
            params = args
            if not any(name == "query" for name, _ in args):
                return await self.bridge(scope, proto)  # the service description
        else:
            mimetype, options = parse_options_header(headers.get("content-type") or "")
            mimetype = mimetype.lower()
            length = headers.get("content-length")
            if length and length.isdigit() and int(length) > MAX_QUERY_BYTES:
                return self._plain(scope, proto, 413, too_large_message("the query", MAX_QUERY_BYTES, "/sparql"), started)
            if mimetype not in (FORM, QUERY):
                return await self.bridge(scope, proto)  # 415, as Flask words it
            body = await _read_body(proto, MAX_QUERY_BYTES)
            if body is None:
                return self._plain(scope, proto, 413, too_large_message("the query", MAX_QUERY_BYTES, "/sparql"), started)
            if mimetype == FORM:
                try:
                    text = body.decode()
                except UnicodeDecodeError:
                    return await self.bridge(scope, proto, body)
                params = args + parse_qsl(text, keep_blank_values=True, errors=_URLDECODE_ERRORS)
            else:
                charset = options.get("charset", "utf-8").lower()
                if charset not in ("utf-8", "utf8") or any(name == "query" for name, _ in args):
                    return await self.bridge(scope, proto, body)
                try:
                    text = body.decode("utf-8")
                except UnicodeDecodeError:
                    return await self.bridge(scope, proto, body)
                params = args + [("query", text)]
        queries = [value for name, value in params if name == "query"]
        try:
            if len(queries) > 1:
                raise RequestError("the query parameter must be given once, not repeated")
            if not queries or not queries[0].strip():
                raise RequestError("missing query: give one as query=... (or as the body of a POST)")
            sparql = queries[0]
            fmt = next((value for name, value in (params if scope.method == "POST" and mimetype == FORM else args) if name == "format"), "")
            accept = query_accept(fmt, headers.get("accept"))
            root = _server_url(scope)
            endpoint = _endpoint(root + "/sparql")
            default_graphs = [value for name, value in params if name == "default-graph-uri"]
            named_graphs = [value for name, value in params if name == "named-graph-uri"]
            options = self._plan(sparql, default_graphs, named_graphs, endpoint)
        except RequestError as exc:
            return self._plain(scope, proto, exc.status, str(exc), started)
        chosen = choose(accept)
        if chosen[RESULTS] is None and chosen[GRAPH] is None:
            return self._plain(scope, proto, 406, not_acceptable_message(OFFERED[RESULTS] + OFFERED[GRAPH]), started)

        revision = self.store.revision
        tag = answer_tag(revision, sparql, options, chosen, self.max_rows)
        quoted = f'"{tag}"'
        if matches_header(headers.get("if-none-match"), tag):
            if scope.method == "GET":
                return self._finish(scope, proto, 304, [("ETag", quoted), ("Cache-Control", "no-cache")], b"", started, ["Accept"], False)
            return self._plain(scope, proto, 412, "Precondition Failed", started)
        cache = self.cache
        if cache.enabled:
            answer = cache.get(revision, tag)
            if answer is not None:
                return self._finish(scope, proto, 200, _answer_headers(answer.media_type, None, quoted, "hit"), answer.body,
                                    started, ["Accept"], True)

        html = {"max_rows": self.max_rows, "base": self.base, "root": root + "/", "full_query": sparql}
        began = time.perf_counter()
        try:
            media_type, chunks, rest = await self._run(sparql, options, chosen, html)
        except Exception as exc:  # evaluation failed before the first byte was out
            status, message, extra = evaluation_failure(exc, sparql, self.timeout, self.app.logger)
            return self._plain(scope, proto, status, message, started, extra=extra)
        first_byte = time.perf_counter() - began
        timing = f"query;dur={first_byte * 1000:.1f}"
        state = "miss" if cache.enabled else "off"
        response_headers, compressor = self._cross_cutting(
            scope, 200, _answer_headers(media_type, timing, quoted, state), ["Accept"], True, None, streamed=True)
        await self._stream(scope, proto, response_headers, compressor, chunks, rest, started, timing,
                           (revision, tag, media_type) if cache.enabled else None)

    def _plan(self, sparql: str, default_graphs: list[str], named_graphs: list[str], endpoint: str | None) -> dict:
        """:func:`kg.web.sparql.plan`, remembered for short texts (it is a pure function of these and
        the settings, and the text guard is most of its cost; a refused text is never remembered)."""
        if len(sparql) > _PLAN_TEXT_LIMIT:
            return plan(sparql, default_graphs, named_graphs, endpoint, self.hosts, self.limits)
        key = (sparql, tuple(default_graphs), tuple(named_graphs), endpoint)
        options = self._plans.get(key)
        if options is None:
            options = plan(sparql, default_graphs, named_graphs, endpoint, self.hosts, self.limits)
            if len(self._plans) >= _PLAN_ENTRIES:
                self._plans.pop(next(iter(self._plans)))  # the oldest
            self._plans[key] = options
        return dict(options)

    async def _run(self, sparql, options, chosen, html):
        sparql = expand(sparql, self.app.extensions.get("newskg.search"))  # search clauses -> VALUES, as /sparql does
        runner = self.runner
        if hasattr(runner, "run_async"):
            return await runner.run_async(sparql, options, chosen, html)
        # the thread runner (a store in memory or remote): its answer is read in the pool
        loop = asyncio.get_running_loop()
        media_type, body = await loop.run_in_executor(self.pool, runner.run, sparql, options, chosen, html)
        return media_type, [], _pull(body, self.pool)

    async def _stream(self, scope, proto, headers, compressor, chunks, rest, started, timing, cache_key) -> None:
        """Send an answer that may still be coming: whole when it is all here, else chunked; keep it
        in the result cache when it went out whole and is small enough."""
        limit = self.cache.max_entry
        if rest is None:  # the whole answer came at once
            body = b"".join(chunks)
            if cache_key is not None and len(body) <= limit:
                self.cache.put(cache_key[0], cache_key[1], Answer(cache_key[2], body))
            if compressor is not None:
                body = compressor.compress(body) + compressor.flush()
            proto.response_bytes(200, headers, body)
            log_request(_client(scope), scope.method, _target(scope), 200, len(body), started, time.perf_counter(), timing)
            return
        kept: list[bytes] | None = [] if cache_key is not None else None
        kept_size = size = 0
        first = None
        complete = False
        transport = proto.response_stream(200, headers)
        try:
            async for chunk in _then(chunks, rest):
                if kept is not None:
                    kept_size += len(chunk)
                    if kept_size <= limit:
                        kept.append(chunk)
                    else:
                        kept = None
                data = compressor.compress(chunk) if compressor is not None else chunk
                if data:
                    await transport.send_bytes(data)
                    size += len(data)
                    first = first or time.perf_counter()
            if compressor is not None:
                tail = compressor.flush()
                await transport.send_bytes(tail)
                size += len(tail)
            complete = True
        except Exception as exc:  # the query failed mid-answer, or the client went away: cut the body
            log.debug("answer cut short: %s", exc)
        finally:
            await rest.aclose()  # stops the worker if the answer was not read to its end
        if complete and kept is not None:
            self.cache.put(cache_key[0], cache_key[1], Answer(cache_key[2], b"".join(kept)))
        log_request(_client(scope), scope.method, _target(scope), 200, size, started, first, timing)

    # --- /health ------------------------------------------------------------------------------

    async def _health(self, scope, proto) -> None:
        started = time.perf_counter()
        store = self.store
        # counting walks an index (a third of a second for a million quads): not on the event loop
        triples = await asyncio.get_running_loop().run_in_executor(self.pool, len, store)
        data = {
            "status": "ok",
            "triples": triples,
            "revision": store.revision,
            "modified": datetime.fromtimestamp(store.modified, timezone.utc).isoformat(timespec="seconds"),
            "writable": bool(self.app.config["NEWSKG_UPDATE_TOKEN"]),
            "timeout": self.timeout,
            "cache": self.cache.stats(),
            "queries": self.runner.stats(),
        }
        body = (self.app.json.dumps(data, separators=(",", ":")) + "\n").encode("utf-8")  # as jsonify writes it
        self._finish(scope, proto, 200, [("Content-Type", "application/json"), ("Cache-Control", "no-store")], body, started, [], True)

    # --- /dumps/<file> ------------------------------------------------------------------------

    async def _dump(self, scope, proto, dump) -> None:
        started = time.perf_counter()
        store = self.store
        revision = store.revision
        validators = dumps_module.Validators(
            dumps_module.make_etag("dump", revision, dump.filename, dumps_module._WRITER_VERSIONS),
            dumps_module.last_modified(store.modified),
            dumps_module.DUMP_CACHE_CONTROL,
        )
        environ = {"REQUEST_METHOD": "GET"}
        for header, key in (("if-none-match", "HTTP_IF_NONE_MATCH"), ("if-modified-since", "HTTP_IF_MODIFIED_SINCE"), ("range", "HTTP_RANGE")):
            value = scope.headers.get(header)
            if value is not None:
                environ[key] = value
        headers = [("ETag", validators.etag)]
        if validators.last_modified is not None:
            headers.append(("Last-Modified", http_date(validators.last_modified)))
        headers.append(("Cache-Control", validators.cache_control))
        if not is_resource_modified(environ, etag=validators.etag, last_modified=validators.last_modified):
            # werkzeug drops entity headers (Last-Modified) from a 304, so this does too
            return self._finish(scope, proto, 304, [h for h in headers if h[0] != "Last-Modified"], b"", started, [], False)
        digests = self.app.extensions.setdefault("newskg.dump_digests", dumps_module.DigestCache())
        response_headers = [("Content-Type", "application/gzip"), ("Content-Disposition", f"attachment; filename={dump.filename}")]
        if (known := digests.get(revision, dump.filename)) is not None:
            response_headers.append(("Repr-Digest", dumps_module._repr_digest(known)))
        response_headers, _ = self._cross_cutting(scope, 200, response_headers + headers, [], False, None, streamed=True)
        chunks = digests.hashing(store.stream_dump(dump.fmt, gzip=True), store, revision, dump.filename)
        transport = proto.response_stream(200, response_headers)
        size, first = 0, None
        try:
            async for chunk in _pull(chunks, self.pool):
                first = first or time.perf_counter()
                size += len(chunk)
                await transport.send_bytes(chunk)
        except Exception as exc:  # the client went away
            log.debug("dump cut short: %s", exc)
        finally:
            await asyncio.get_running_loop().run_in_executor(self.pool, chunks.close)
        log_request(_client(scope), scope.method, _target(scope), 200, size, started, first, None)

    # --- /id/… -> 303 -------------------------------------------------------------------------

    def _see_other(self, scope, proto, path: str) -> bool:
        """The 303 of a known thing; False (Flask answers) for anything else, errors included."""
        if not path or not _SIMPLE_ID.issuperset(path) or "//" in path or any(s in (".", "..") for s in path.split("/")):
            return False
        started = time.perf_counter()
        try:
            node = ox.NamedNode(self.base + "id/" + path)
        except ValueError:
            return False
        if not bool(self.store.query("ASK { { $THIS ?p ?o } UNION { ?s ?p $THIS } }".replace("$THIS", str(node)), use_default_graph_as_union=True)):
            return False  # 404, as a page
        location = "/doc/" + quote(path, safe="/!$&'()*+,;=:@-._~")
        body, headers = _redirect(location)
        self._finish(scope, proto, 303, headers + [("Cache-Control", "public, max-age=300")], body, started, [], True)
        return True


# --- helpers --------------------------------------------------------------------------------


def _answer_headers(media_type: str, timing: str | None, quoted_tag: str, state: str) -> list[tuple[str, str]]:
    headers = [("Content-Type", content_type(media_type))]
    if timing is not None:
        headers.append(("Server-Timing", timing))
    headers += [("ETag", quoted_tag), ("Cache-Control", "no-cache"), ("X-Cache", state)]
    return headers


def _parse_query_string(qs: str) -> list[tuple[str, str]]:
    """The URL's parameters as werkzeug reads them; remembered for the short query strings that
    repeat (decoding a percent-encoded query costs more than answering it from the cache)."""
    if len(qs) > _PLAN_TEXT_LIMIT:
        return parse_qsl(qs, keep_blank_values=True, errors=_URLDECODE_ERRORS)
    return list(_parse_query_string_cached(qs))


@functools.lru_cache(maxsize=_PLAN_ENTRIES)
def _parse_query_string_cached(qs: str) -> tuple[tuple[str, str], ...]:
    return tuple(parse_qsl(qs, keep_blank_values=True, errors=_URLDECODE_ERRORS))


@functools.lru_cache(maxsize=64)
def _accepts_gzip(header: str | None) -> bool:
    return parse_accept_header(header)["gzip"] > 0


@functools.lru_cache(maxsize=64)
def _endpoint(url: str) -> str | None:
    """This endpoint's URL as an IRI (None when the Host makes no IRI), as :func:`kg.web.sparql.endpoint_iri`."""
    try:
        ox.NamedNode(url)
    except ValueError:
        return None
    return url


def _server_url(scope) -> str:
    host = scope.headers.get("host") or scope.authority or scope.server
    return f"{scope.scheme}://{host}"


def _client(scope) -> str:
    return scope.client.rsplit(":", 1)[0] if scope.client else "-"


def _target(scope) -> str:
    return scope.path + ("?" + scope.query_string if scope.query_string else "")


@functools.lru_cache(maxsize=1024)
def _redirect(location: str) -> tuple[bytes, list[tuple[str, str]]]:
    """The body and headers of Flask's ``redirect(location, 303)``."""
    from werkzeug.utils import redirect

    response = redirect(location, code=303)
    return response.get_data(), [(k, v) for k, v in response.headers.items() if k != "Content-Length"]


async def _then(chunks: list[bytes], rest):
    for chunk in chunks:
        yield chunk
    async for chunk in rest:
        yield chunk


async def _read_body(proto, limit: int) -> bytes | None:
    """The request body, or None as soon as it passes ``limit`` bytes (chunked bodies too)."""
    parts, size = [], 0
    async for chunk in proto:
        size += len(chunk)
        if size > limit:
            return None
        parts.append(chunk)
    return b"".join(parts)


async def _pull(chunks, pool):
    """Iterate a blocking iterator from the event loop, one ``next()`` at a time in ``pool``."""
    loop = asyncio.get_running_loop()
    done = object()
    try:
        while True:
            chunk = await loop.run_in_executor(pool, next, chunks, done)
            if chunk is done:
                return
            yield chunk
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            await loop.run_in_executor(pool, close)


# --- the Flask app behind RSGI ------------------------------------------------------------------


class WSGIBridge:
    """Serve a WSGI app from RSGI: the app runs in ``pool``; the request body streams in, the answer out.

    The environment is what granian's own WSGI interface gives (PEP 3333 plus
    ``wsgi.input_terminated``); a body the lean path has read already is passed in whole.
    """

    def __init__(self, app, pool: ThreadPoolExecutor):
        self.app = app
        self.pool = pool

    async def __call__(self, scope, proto, body: bytes | None = None) -> None:
        loop = asyncio.get_running_loop()
        environ = _environ(scope, io.BufferedReader(_Input(proto, loop)) if body is None else io.BytesIO(body))
        state: dict = {}

        def start_response(status, headers, exc_info=None):
            if exc_info is not None and state.get("sent"):
                raise exc_info[1].with_traceback(exc_info[2])
            state["status"], state["headers"] = status, headers
            return _no_write

        def call():
            result = self.app(environ, start_response)
            chunks = iter(result)
            first = []
            for chunk in chunks:  # the first non-empty chunk: start_response has been called by then
                if chunk:
                    first.append(chunk)
                    return result, chunks, first, False
            return result, chunks, first, True

        result, chunks, first, done = await loop.run_in_executor(self.pool, call)
        status = int(state["status"].split(" ", 1)[0])
        headers = [(str(k), str(v)) for k, v in state["headers"]]
        state["sent"] = True
        close = getattr(result, "close", None)
        try:
            if done:
                proto.response_bytes(status, headers, b"".join(first))
                return
            transport = proto.response_stream(status, headers)
            for chunk in first:
                await transport.send_bytes(chunk)
            end = object()
            while (chunk := await loop.run_in_executor(self.pool, next, chunks, end)) is not end:
                if chunk:
                    await transport.send_bytes(chunk)
        except Exception as exc:  # the client went away, or the app failed mid-answer: cut the body
            log.debug("answer cut short: %s", exc)
        finally:
            if close is not None:
                await loop.run_in_executor(self.pool, close)  # also writes the access-log line


def _no_write(data):
    raise NotImplementedError("the write() callable of WSGI is not supported; return an iterable")


def _environ(scope, stream) -> dict:
    server_host, _, server_port = scope.server.rpartition(":")
    client_host, _, client_port = (scope.client or "").rpartition(":")
    environ = {
        "REQUEST_METHOD": scope.method,
        "SCRIPT_NAME": "",
        "PATH_INFO": scope.path.encode("utf-8").decode("latin-1"),
        "QUERY_STRING": scope.query_string,
        "SERVER_NAME": server_host,
        "SERVER_PORT": server_port,
        "SERVER_PROTOCOL": f"HTTP/{scope.http_version}",
        "REMOTE_ADDR": client_host,
        "REMOTE_PORT": client_port,
        "SERVER_SOFTWARE": "Granian",
        "GATEWAY_INTERFACE": "CGI/1.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.scheme,
        "wsgi.input": stream,
        "wsgi.input_terminated": True,
        "wsgi.errors": _Errors(),
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in scope.headers.items():
        if name == "content-type":
            environ["CONTENT_TYPE"] = value
        elif name == "content-length":
            environ["CONTENT_LENGTH"] = value
        else:
            key = "HTTP_" + name.upper().replace("-", "_")
            environ[key] = f"{environ[key]},{value}" if key in environ else value
    return environ


class _Errors:
    def write(self, text):
        log.error("%s", text.rstrip())

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass


class _Input(io.RawIOBase):
    """``wsgi.input``: the request body, pulled from the event loop a chunk at a time as the app reads."""

    def __init__(self, proto, loop):
        self._chunks = proto.__aiter__()
        self._loop = loop
        self._buffer = b""
        self._ended = False

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        if not self._buffer and not self._ended:
            self._buffer = asyncio.run_coroutine_threadsafe(self._next(), self._loop).result()
            self._ended = not self._buffer
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size

    async def _next(self) -> bytes:
        try:
            while True:
                chunk = await self._chunks.__anext__()
                if chunk:
                    return bytes(chunk)
        except StopAsyncIteration:
            return b""


def from_environment():
    """The RSGI application of one granian worker (``kg serve``), from the settings in the environment."""
    from .server import app_from_environment, threads_from_environment

    return LeanApp(app_from_environment(), threads=threads_from_environment())
