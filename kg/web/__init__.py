"""The HTTP face of newskg: a read-only SPARQL endpoint, dumps, and a small home page.

``create_app(store)`` builds the Flask app; :func:`kg.web.server.serve` runs it under waitress.
"""

from __future__ import annotations

from flask import Flask, Response
from werkzeug.exceptions import HTTPException

from kg.store import Store

MAX_REQUEST_BYTES = 1 << 20  # a query larger than 1 MiB is not one we want to parse


def create_app(store: Store, *, title: str = "newskg") -> Flask:
    """A Flask app serving ``store``: ``/``, ``/sparql``, ``/dumps/``, ``/health``."""
    from . import dumps, pages, reconcile, sparql

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    app.extensions["newskg.store"] = store
    app.extensions["newskg.title"] = title
    app.register_blueprint(pages.bp)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(dumps.bp)
    app.register_blueprint(reconcile.bp)
    app.register_error_handler(HTTPException, _plain_error)
    return app


def _plain_error(exc: HTTPException) -> Response:
    """HTTP errors as short text, keeping their headers (``Allow`` on a 405)."""
    response = exc.get_response()
    response.set_data(f"{exc.code} {exc.name}: {exc.description}\n")
    response.content_type = "text/plain; charset=utf-8"
    return response


__all__ = ["create_app"]
