"""Cross-cutting HTTP behaviour: gzip, CORS, and one access-log line per request.

* **gzip** when the client accepts it, for every textual answer (query results, pages, RDF);
  streamed answers are compressed as they stream. Compressed answers carry a *weak* ETag,
  since their bytes differ from the identity ones while meaning the same (RFC 9110 8.8.1), and
  ``If-None-Match`` always compares weakly. Dumps are ``.gz`` files already and are left alone.
* **CORS** in two tiers. Reads (queries, dumps, linked data, ``/reconcile``, ``GET``/``HEAD`` on
  ``/store``…) answer the read origins (``*`` by default), so YASGUI or a notebook on another site
  can query. Writes (``/update``; ``PUT``, ``POST``, ``DELETE`` on ``/store``) and their preflights
  answer only the write origins, which must be listed one by one (none by default), and only a
  write origin's preflight may send ``Authorization``: a page on any other site cannot get a
  browser to send the token cross-origin, nor read what a write answered.
* **Access log** on the ``kg.access`` logger: client, request line, status, bytes, total time and
  the time to the first byte (for a query, mostly evaluation), written when the answer is done.
* **Request slots** (:class:`RequestSlots`, when ``kg serve`` sets them): at most so many requests
  in the app at once; the next ones wait their turn briefly, then get 503 with ``Retry-After``.
"""

from __future__ import annotations

import logging
import threading
import time
import zlib
from collections import deque
from collections.abc import Iterable, Iterator

from flask import Flask, Response, request

access_log = logging.getLogger("kg.access")

_NOT_COMPRESSED = {"application/gzip", "application/zip", "image/png", "image/jpeg", "image/gif", "font/woff2"}
_MIN_SIZE = 512
_EXPOSED = "ETag, Last-Modified, Content-Location, Location, Link, Server-Timing, X-Cache, Retry-After"
_READ_HEADERS = "Accept, Accept-Encoding, Content-Type, If-None-Match, If-Modified-Since"
_WRITE_HEADERS = _READ_HEADERS + ", Authorization"
_READ_METHODS = "GET, HEAD, POST, OPTIONS"  # POST: queries and reconciliation batches
_WRITE_METHODS = "GET, HEAD, POST, PUT, DELETE, OPTIONS"
_STORE_WRITES = {"PUT", "POST", "DELETE"}


def install(app: Flask, request_slots: int | None = None) -> None:
    app.after_request(_cors)
    app.after_request(_gzip)
    if request_slots:
        app.wsgi_app = RequestSlots(app.wsgi_app, request_slots)
    app.wsgi_app = AccessLog(app.wsgi_app)  # outside the slots: a request turned away is logged too


def _cors(response: Response) -> Response:
    from flask import current_app

    origin = request.headers.get("Origin")
    if not origin:
        return response
    method = request.method
    preflight_method = request.headers.get("Access-Control-Request-Method") if method == "OPTIONS" else None
    headers, varies = cors_headers(
        origin, method, request.path, preflight_method,
        current_app.config["NEWSKG_CORS_ORIGINS"], current_app.config["NEWSKG_CORS_WRITE_ORIGINS"],
    )
    if varies:
        response.vary.add("Origin")
    for name, value in headers:
        response.headers[name] = value
    return response


def cors_headers(origin: str, method: str, path: str, preflight_method: str | None, readers, writers) -> tuple[list[tuple[str, str]], bool]:
    """The CORS headers for a request from ``origin`` (and whether the answer varies with it).

    ``preflight_method`` is the ``Access-Control-Request-Method`` of an ``OPTIONS`` preflight
    (None otherwise). Shared by the Flask app and the lean path (:mod:`kg.web.lean`).
    """
    writer = origin in writers
    preflight = method == "OPTIONS" and preflight_method is not None
    if _is_write(method, path, preflight_method):
        allowed, varies = (origin if writer else None), bool(writers)
    elif "*" in readers:
        # the same for every site, but for what a preflight allows a write origin to send
        allowed, varies = "*", preflight and bool(writers)
    else:  # a site that may write may read what it wrote
        allowed, varies = (origin if origin in readers or writer else None), bool(readers or writers)
    if allowed is None:
        return [], varies
    headers = [("Access-Control-Allow-Origin", allowed), ("Access-Control-Expose-Headers", _EXPOSED)]
    if preflight:
        headers += [
            ("Access-Control-Allow-Methods", _WRITE_METHODS if writer else _READ_METHODS),
            ("Access-Control-Allow-Headers", _WRITE_HEADERS if writer else _READ_HEADERS),
            ("Access-Control-Max-Age", "600"),
        ]
    return headers, varies


def _is_write(method: str, path: str, preflight_method: str | None) -> bool:
    """Whether the request (or the request its preflight announces) may change the store."""
    if method == "OPTIONS":
        method = (preflight_method or "").upper()
    return path == "/update" or (path == "/store" and method in _STORE_WRITES)


def _gzip(response: Response) -> Response:
    if not _compressible(response):
        return response
    response.vary.add("Accept-Encoding")
    if request.accept_encodings["gzip"] <= 0 or request.method == "HEAD":
        return response
    # static files go out as file wrappers in passthrough mode; compress them as a stream
    response.direct_passthrough = False
    if response.is_streamed:
        response.response = _gzip_stream(response.response)
        response.headers.pop("Content-Length", None)
    else:
        data = response.get_data()
        if len(data) < _MIN_SIZE:
            return response
        compressor = zlib.compressobj(6, zlib.DEFLATED, 31)
        response.set_data(compressor.compress(data) + compressor.flush())
    response.headers["Content-Encoding"] = "gzip"
    tag, weak = response.get_etag()
    if tag and not weak:
        response.set_etag(tag, weak=True)
    return response


def _compressible(response: Response) -> bool:
    return (
        200 <= response.status_code < 300
        and response.status_code not in (204, 206)
        and "Content-Encoding" not in response.headers
        and bool(response.mimetype)
        and response.mimetype not in _NOT_COMPRESSED
    )


def _gzip_stream(chunks: Iterable[bytes]) -> Iterator[bytes]:
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)
    try:
        for chunk in chunks:
            out = compressor.compress(chunk)
            if out:
                yield out
        yield compressor.flush()
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()  # a client that hung up must stop the serialiser behind this stream


class AccessLog:
    """WSGI middleware writing one line per request once its body has been sent."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        seen: dict = {}

        def record(status, headers, exc_info=None):
            seen["status"] = status.split(" ", 1)[0]
            seen["timing"] = next((v for k, v in headers if k.lower() == "server-timing"), "")
            return start_response(status, headers, exc_info)

        return _Logged(self.app(environ, record), environ, seen, started)


class _Logged:
    def __init__(self, body, environ, seen, started):
        self._body = body
        self._environ = environ
        self._seen = seen
        self._started = started
        self._first: float | None = None
        self._bytes = 0

    def __iter__(self):
        for chunk in self._body:
            if self._first is None:
                self._first = time.perf_counter()
            self._bytes += len(chunk)
            yield chunk

    def close(self):
        try:
            close = getattr(self._body, "close", None)
            if close is not None:
                close()
        finally:
            self._log()

    def _log(self):
        if not access_log.isEnabledFor(logging.INFO):
            return
        env = self._environ
        target = env.get("PATH_INFO", "") + ("?" + env["QUERY_STRING"] if env.get("QUERY_STRING") else "")
        log_request(env.get("REMOTE_ADDR", "-"), env.get("REQUEST_METHOD", "-"), target, self._seen.get("status", "-"),
                    self._bytes, self._started, self._first, self._seen.get("timing"))


def log_request(client: str, method: str, target: str, status, size: int, started: float, first: float | None, timing: str | None) -> None:
    """The access-log line of one request (``started`` and ``first``: ``time.perf_counter()`` at
    its start and at its first byte), written when its answer is done. Shared with :mod:`kg.web.lean`."""
    if not access_log.isEnabledFor(logging.INFO):
        return
    done = time.perf_counter()
    if len(target) > 300:
        target = target[:300] + "…"
    access_log.info(
        '%s "%s %s" %s %d B %.1f ms (first byte %.1f ms)%s',
        client,
        method,
        target,
        status,
        size,
        (done - started) * 1000,
        ((first or done) - started) * 1000,
        f" {timing}" if timing else "",
    )


class RequestSlots:
    """WSGI middleware: at most ``slots`` requests in the app at once, each until its answer is sent.

    A request that finds every slot taken waits, in arrival order, up to ``wait`` seconds for one,
    then is answered 503 with ``Retry-After`` instead of queueing behind work it cannot see (granian
    queues requests beyond its threads without limit, up to one per open connection: thousands).
    ``kg serve`` gives the server more threads than slots, so a request waiting here holds a spare
    thread, never one that could be working.

    The slot goes straight to the longest waiter when it is freed (not to whichever thread asks
    next), so under steady load no request is overtaken until its wait runs out.
    """

    def __init__(self, app, slots: int, wait: float = 2.0):
        self.app = app
        self.slots = slots
        self.wait = wait
        self._free = slots
        self._waiting: deque[threading.Event] = deque()
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        if not self._acquire():
            body = (f"503 Service Unavailable: all {self.slots} request slots are busy; try again in a moment.\n").encode()
            start_response("503 Service Unavailable", [("Content-Type", "text/plain; charset=utf-8"),
                                                       ("Content-Length", str(len(body))), ("Retry-After", "2")])
            return [body]
        try:
            return _Releasing(self.app(environ, start_response), self._release)
        except BaseException:
            self._release()
            raise

    def _acquire(self) -> bool:
        with self._lock:
            if self._free:
                self._free -= 1
                return True
            turn = threading.Event()
            self._waiting.append(turn)
        if turn.wait(self.wait):
            return True
        with self._lock:
            if turn.is_set():  # handed a slot just as the wait ran out
                return True
            self._waiting.remove(turn)
            return False

    def _release(self) -> None:
        with self._lock:
            if self._waiting:
                self._waiting.popleft().set()  # the slot passes to the longest waiter, never freed between
            else:
                self._free += 1


class _Releasing:
    """A response body that gives its request slot back once, when the server closes it."""

    def __init__(self, body, release):
        self._body = body
        self._release = release

    def __iter__(self):
        return iter(self._body)

    def close(self):
        release, self._release = self._release, None
        try:
            close = getattr(self._body, "close", None)
            if close is not None:
                close()
        finally:
            if release is not None:
                release()
