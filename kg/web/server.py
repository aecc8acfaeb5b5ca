"""Run the app under a production WSGI server (never Flask's development server).

Two servers, one app:

* **granian** (the default for ``kg serve``): HTTP is handled in Rust, so a request costs far
  less Python time than under a pure-Python server, which is what bounds a SPARQL endpoint whose
  queries are answered in a fraction of a millisecond (see ``benchmarks/README.md``). It runs the
  app in worker processes that build it from :class:`Settings` passed in the environment.
  Several workers need several handles on the store, which RocksDB allows only read-only, so
  ``workers > 1`` serves a read-only snapshot: restart after ``kg ingest``.
* **waitress**, pure Python and in-process: :func:`make_server` gives a bound server object that
  tests (and embedders) run in a thread around an app they built themselves.

The query runner keeps its own threads for evaluation (pyoxigraph results are thread-bound), so
the app does not care which server thread iterates a response.

Connections and requests are bounded apart (see ``docs/operations.md``): many connections may be
open, since an idle or slow one costs granian a little memory and no thread, and each is closed
when it takes longer than ``header_timeout`` to send a request's headers (also the most a
keep-alive connection stays idle); at most ``threads`` requests are served at once and a few more
wait their turn briefly in spare threads (:class:`kg.web.middleware.RequestSlots`), after which
the answer is 503.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field, replace

from flask import Flask

log = logging.getLogger(__name__)

ENVIRONMENT_KEY = "NEWSKG_APP"
THREADS_KEY = "NEWSKG_THREADS"


@dataclass(frozen=True)
class Settings:
    """Everything needed to build the app in another process (see :func:`kg.web.create_app`)."""

    store: str
    read_only: bool = False
    base: str | None = None
    update_token: str | None = None
    timeout: float = 30.0
    cache_bytes: int = 64 << 20
    cors_origins: tuple[str, ...] = ("*",)
    cors_write_origins: tuple[str, ...] = ()
    service_hosts: tuple[str, ...] = ()
    html_max_rows: int = 1000
    query_workers: int | None = None
    query_memory: int | None = 1 << 30
    query_limits: str = ""
    request_slots: int | None = None  # set by serve(): requests in the app at once
    extra: dict = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Settings:
        data = json.loads(text)
        for key in ("cors_origins", "cors_write_origins", "service_hosts"):
            data[key] = tuple(data[key])
        return cls(**data)


def build_app(settings: Settings) -> Flask:
    """Open the store and build the app, as one server worker does."""
    from kg.stores.remote import open_store
    from kg.sparqltext.guard import Limits

    from . import create_app

    store = open_store(settings.store, read_only=settings.read_only)
    app = create_app(
        store,
        base=settings.base,
        update_token=settings.update_token,
        timeout=settings.timeout,
        cache_bytes=settings.cache_bytes,
        cors_origins=settings.cors_origins,
        cors_write_origins=settings.cors_write_origins,
        service_hosts=settings.service_hosts,
        html_max_rows=settings.html_max_rows,
        query_workers=settings.query_workers,
        query_memory=settings.query_memory,
        query_limits=Limits.parse(settings.query_limits),
        request_slots=settings.request_slots,
    )
    warm = getattr(app.extensions["newskg.runner"], "warm", None)
    if warm is not None:
        warm(ready_within=30)  # the server is ready once its query workers are: a first burst finds them
    return app


def app_from_environment() -> Flask:
    """The app of one granian worker, from the settings ``serve`` left in the environment."""
    _log_to_stderr()
    return build_app(Settings.from_json(os.environ[ENVIRONMENT_KEY]))


def make_server(app: Flask, host: str = "127.0.0.1", port: int = 8000, threads: int = 8, **options):
    """A bound, not yet running waitress server: call ``.run()`` to serve, ``.close()`` to stop.

    ``port=0`` picks a free port; read it back from ``.effective_port``. ``options`` are passed on
    as waitress settings.
    """
    import waitress

    # waitress reads a chunked body whole before the app sees it: no further than the app would
    options.setdefault("max_request_body_size", app.config["MAX_CONTENT_LENGTH"] or 1 << 30)
    return waitress.create_server(app, host=host, port=port, threads=threads, ident="newskg", **options)


MAX_CONNECTIONS = 4096  # per worker; an idle connection costs granian a few KiB and no thread
HEADER_TIMEOUT = 10.0  # seconds to send a request's headers; also the longest keep-alive idle


def serve(
    settings: Settings,
    host: str = "127.0.0.1",
    port: int = 8000,
    threads: int = 8,
    workers: int = 1,
    server: str = "granian",
    max_connections: int = MAX_CONNECTIONS,
    header_timeout: float = HEADER_TIMEOUT,
) -> None:
    """Serve until interrupted: ``threads`` requests at once in each of ``workers`` processes.

    As many requests again may wait for a turn, each for a moment (then 503): the server runs
    twice ``threads`` threads. Under granian each worker holds up to ``max_connections`` open
    connections (fewer if the file descriptor limit is too low), and closes a connection that
    takes longer than ``header_timeout`` seconds to send a request's headers or stays idle as long.
    """
    if workers > 1 and not settings.read_only:
        raise ValueError("several workers share the store read-only; writes (an update token) need one worker")
    settings = replace(settings, request_slots=threads)
    if server == "waitress":
        if workers > 1:
            raise ValueError("waitress runs one process: use --server granian for several workers")
        _serve_waitress(settings, host, port, threads)
    elif server in ("granian", "granian-wsgi"):
        _serve_granian(settings, host, port, threads, workers, max_connections, header_timeout, lean=server == "granian")
    else:
        raise ValueError(f"unknown server {server!r}: granian, granian-wsgi or waitress")


def _serve_waitress(settings: Settings, host: str, port: int, threads: int) -> None:
    _log_to_stderr()
    server = make_server(build_app(settings), host, port, 2 * threads)  # half of them wait their turn
    server.print_listen("Serving newskg on http://{}:{}")
    try:
        server.run()
    finally:
        server.close()


def threads_from_environment() -> int:
    return int(os.environ.get(THREADS_KEY, "8"))


def _serve_granian(settings: Settings, host: str, port: int, threads: int, workers: int,
                   max_connections: int, header_timeout: float, lean: bool = True) -> None:
    from granian import Granian
    from granian.constants import HTTPModes, Interfaces
    from granian.http import HTTP1Settings

    os.environ[ENVIRONMENT_KEY] = settings.to_json()  # the workers inherit it
    os.environ[THREADS_KEY] = str(2 * threads)  # the Flask app's threads: half of them wait for a slot
    Granian(
        # lean: granian's native interface (RSGI) with the Flask app behind it in `threads` threads (kg.web.lean)
        "kg.web.lean:from_environment" if lean else f"{__name__}:app_from_environment",
        factory=True,
        interface=Interfaces.RSGI if lean else Interfaces.WSGI,
        address=host,
        port=port,
        workers=workers,
        # WSGI: threads that work, and as many that hold requests waiting their turn (RequestSlots);
        # RSGI runs Python on the event loop, and the Flask app in kg.web.lean's pool of as many
        blocking_threads=1 if lean else 2 * threads,
        # granian counts open connections here, not requests: idle keep-alive connections and
        # clients slow to send their headers must not take every place
        backpressure=connection_budget(max_connections),
        # HTTP/1 only: with HTTP/2 detection on, a connection that sends nothing is never timed out
        # (and plain-text HTTP/2 is nothing a browser speaks)
        http=HTTPModes.http1,
        # the header timeout also closes a keep-alive connection left idle that long
        http1_settings=HTTP1Settings(header_read_timeout=int(header_timeout * 1000), keep_alive=True),
        respawn_failed_workers=True,  # a worker that dies is replaced, the server goes on
        websockets=False,  # WSGI has none; saying so keeps granian from logging it at start
        log_access=False,  # kg.access writes one line per request, with the query time
    ).serve()


def connection_budget(wanted: int) -> int:
    """Connections a worker may hold open: ``wanted``, if the file descriptor limit allows.

    The soft limit (per process) is raised to the hard one first (typically 1,024 soft and far
    more hard); the workers inherit it. Half the descriptors are left to the rest: Oxigraph lets
    RocksDB keep files open up to the limit (less 48), and Python and the query threads need some.
    """
    try:
        import resource
    except ImportError:  # not a POSIX system: granian's limits are all there is
        return wanted
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError):  # e.g. an unlimited hard limit the kernel caps lower
            pass
    if soft == resource.RLIM_INFINITY:
        return wanted
    budget = max(16, soft // 2)
    if budget < wanted:
        log.warning("file descriptor limit %d allows %d connections per worker, not %d", soft, budget, wanted)
    return min(wanted, budget)


def _log_to_stderr() -> None:
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s:%(name)s:%(message)s")
    logging.getLogger("kg").setLevel(logging.INFO)
