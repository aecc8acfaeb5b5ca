"""The HTTP face of newskg: SPARQL query and update, graph store, linked data, dumps, UI.

``create_app(store)`` builds the Flask app; :func:`kg.web.server.serve` runs it under granian or waitress.
Settings live in ``app.config`` under the ``NEWSKG_*`` keys set here, so tests and the CLI
configure the app the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask, Response
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from kg import config
from kg.sparqltext.guard import Limits
from kg.stores.local import Store

from .caching import ResultCache

MAX_UPLOAD_BYTES = 256 << 20  # graph store uploads may be larger than queries


def create_app(
    store: Store,
    *,
    title: str = "newskg",
    base: str | None = None,
    update_token: str | None = None,
    timeout: float = 30.0,
    cache_bytes: int = 64 << 20,
    cors_origins: Iterable[str] = ("*",),
    cors_write_origins: Iterable[str] = (),
    service_hosts: Iterable[str] = (),
    html_max_rows: int = 1000,
    query_limits: Limits | None = None,
    query_workers: int | None = None,
    query_memory: int | None = 1 << 30,
    request_slots: int | None = None,
) -> Flask:
    """A Flask app serving ``store``.

    * ``base``: the base IRI the store's instance IRIs were minted under (``KG_BASE``); the
      linked-data pages answer for IRIs under it.
    * ``update_token``: the bearer token that ``/update`` and writes to ``/store`` require;
      None (the default) makes the endpoint read-only.
    * ``timeout``: seconds a query may run before it is stopped and answered with an error.
    * ``cache_bytes``: size of the in-memory cache of serialised query results; 0 turns it off.
    * ``cors_origins``: origins whose scripts may read answers of the read routes (``*`` for
      any); empty for none.
    * ``cors_write_origins``: origins whose scripts may call ``/update`` and write to ``/store``
      (sending ``Authorization``); each named, never ``*``; empty (the default) for none.
    * ``service_hosts``: hosts that ``SERVICE`` may call; empty (the default) forbids federation.
    * ``html_max_rows``: the most rows an HTML result page shows.
    * ``query_workers``: queries run in this many worker processes, which are killed at the
      deadline or past ``query_memory`` bytes (:mod:`kg.execution.processes`); the default
      ``None`` means 8 for a store on disk; 0, or a store in memory or remote, runs queries in
      threads of this process, where a query past its deadline is answered but not stopped.
    * ``query_limits``: ceilings on a query's or update's size and shape (:class:`kg.sparqltext.guard.Limits`).
    * ``request_slots``: requests served at once; more wait briefly, then get 503
      (:class:`kg.web.middleware.RequestSlots`). None (the default): the server's threads decide.
    """
    from . import bodies, description, dumps, gsp, linkeddata, middleware, pages, reconcile, sparql, update, views

    service_hosts = tuple(service_hosts)
    cors_write_origins = tuple(cors_write_origins)
    if "*" in cors_write_origins:  # any site's script could then send a token its user typed in
        raise ValueError("cross-origin writes need their origins named one by one, not '*'")
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_UPLOAD_BYTES
    app.config.update(
        NEWSKG_BASE=(base or config.base_iri()).rstrip("/") + "/",
        NEWSKG_UPDATE_TOKEN=update_token or None,
        NEWSKG_TIMEOUT=float(timeout),
        NEWSKG_CACHE_BYTES=int(cache_bytes),
        NEWSKG_CORS_ORIGINS=tuple(cors_origins),
        NEWSKG_CORS_WRITE_ORIGINS=cors_write_origins,
        NEWSKG_SERVICE_HOSTS=tuple(service_hosts),
        NEWSKG_HTML_MAX_ROWS=int(html_max_rows),
        NEWSKG_QUERY_LIMITS=query_limits or Limits(),
    )
    app.extensions["newskg.store"] = store
    app.extensions["newskg.title"] = title
    # before the runner: the index then catches up with a write before the query workers see it
    app.extensions["newskg.search"] = _search_index(store)
    app.extensions["newskg.runner"] = _runner(store, timeout if timeout and timeout > 0 else None, query_workers, query_memory, bool(service_hosts))
    cache = app.extensions["newskg.cache"] = ResultCache(cache_bytes)
    store.on_write(cache.clear)
    for blueprint in (pages.bp, sparql.bp, update.bp, gsp.bp, description.bp, dumps.bp, reconcile.bp, linkeddata.bp, views.bp):
        app.register_blueprint(blueprint)
    app.register_error_handler(HTTPException, _plain_error)
    app.register_error_handler(RequestEntityTooLarge, bodies.too_large)  # names the route's limit
    middleware.install(app, request_slots)
    return app


def _search_index(store):
    """The store's full-text index (kg/search), following its writes; None if it cannot be had."""
    from kg.search import SearchUnavailable, open_index

    try:
        return open_index(store)
    except (SearchUnavailable, OSError, ValueError) as exc:
        import logging

        logging.getLogger(__name__).warning("text search is off: %s", exc)
        return None


def _runner(store, timeout, workers, memory, network):
    from kg.execution import snapshots
    from kg.execution.processes import ProcessRunner
    from kg.execution.threads import ThreadRunner

    source = snapshots.for_store(store) if workers != 0 else None
    if source is None:
        return ThreadRunner(store, timeout=timeout)
    return ProcessRunner(source, timeout=timeout, workers=workers or 8, memory_bytes=memory, network=network)


def _plain_error(exc: HTTPException) -> Response:
    """HTTP errors as short text, keeping their headers (``Allow`` on a 405)."""
    response = exc.get_response()
    response.set_data(f"{exc.code} {exc.name}: {exc.description}\n")
    response.content_type = "text/plain; charset=utf-8"
    return response


__all__ = ["create_app"]
