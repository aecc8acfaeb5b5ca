"""Run the app under waitress, a production WSGI server (never Flask's development server)."""

from __future__ import annotations

import logging

import waitress
from flask import Flask

log = logging.getLogger(__name__)


def make_server(app: Flask, host: str = "127.0.0.1", port: int = 8000, threads: int = 8, **options):
    """A bound, not yet running waitress server: call ``.run()`` to serve, ``.close()`` to stop.

    ``port=0`` picks a free port; read it back from ``.effective_port``. ``options`` are passed on
    as waitress settings.
    """
    return waitress.create_server(app, host=host, port=port, threads=threads, ident="newskg", **options)


def serve(app: Flask, host: str = "127.0.0.1", port: int = 8000, threads: int = 8) -> None:
    """Serve ``app`` on ``host:port`` with ``threads`` worker threads until interrupted."""
    logging.basicConfig(level=logging.INFO)
    server = make_server(app, host, port, threads)
    server.print_listen("Serving newskg on http://{}:{}")
    try:
        server.run()
    finally:
        server.close()
