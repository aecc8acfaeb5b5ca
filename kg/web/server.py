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
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field

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
    from kg.remote import open_store

    from kg.sparqltext.guard import Limits

    from . import create_app

    store = open_store(settings.store, read_only=settings.read_only)
    return create_app(
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
    )


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

    return waitress.create_server(app, host=host, port=port, threads=threads, ident="newskg", **options)


def serve(
    settings: Settings,
    host: str = "127.0.0.1",
    port: int = 8000,
    threads: int = 8,
    workers: int = 1,
    server: str = "granian",
) -> None:
    """Serve until interrupted: ``threads`` requests at once in each of ``workers`` processes."""
    if workers > 1 and not settings.read_only:
        raise ValueError("several workers share the store read-only; writes (an update token) need one worker")
    if server == "waitress":
        if workers > 1:
            raise ValueError("waitress runs one process: use --server granian for several workers")
        _serve_waitress(settings, host, port, threads)
    elif server in ("granian", "granian-wsgi"):
        _serve_granian(settings, host, port, threads, workers, lean=server == "granian")
    else:
        raise ValueError(f"unknown server {server!r}: granian or waitress")


def _serve_waitress(settings: Settings, host: str, port: int, threads: int) -> None:
    _log_to_stderr()
    server = make_server(build_app(settings), host, port, threads)
    server.print_listen("Serving newskg on http://{}:{}")
    try:
        server.run()
    finally:
        server.close()


def threads_from_environment() -> int:
    return int(os.environ.get(THREADS_KEY, "8"))


def _serve_granian(settings: Settings, host: str, port: int, threads: int, workers: int, lean: bool = True) -> None:
    from granian import Granian
    from granian.constants import Interfaces

    os.environ[ENVIRONMENT_KEY] = settings.to_json()  # the workers inherit it
    os.environ[THREADS_KEY] = str(threads)
    Granian(
        # lean: granian's native interface (RSGI) with the Flask app behind it in `threads` threads (kg.web.lean)
        "kg.web.lean:from_environment" if lean else f"{__name__}:app_from_environment",
        factory=True,
        interface=Interfaces.RSGI if lean else Interfaces.WSGI,
        address=host,
        port=port,
        workers=workers,
        blocking_threads=1 if lean else threads,  # RSGI runs Python on the event loop (and in kg.web.lean's pool)
        backpressure=threads,  # requests beyond the threads wait in granian, not in Python
        respawn_failed_workers=True,  # a worker that dies is replaced, the server goes on
        websockets=False,  # WSGI has none; saying so keeps granian from logging it at start
        log_access=False,  # kg.access writes one line per request, with the query time
    ).serve()


def _log_to_stderr() -> None:
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s:%(name)s:%(message)s")
    logging.getLogger("kg").setLevel(logging.INFO)
