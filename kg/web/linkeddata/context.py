"""What the linked-data pages take from the running app: its store, base IRI, URL root and limits."""

from __future__ import annotations

from flask import current_app, request


def current_store():
    return current_app.extensions["newskg.store"]


def base_iri() -> str:
    """A request path ``P`` stands for the IRI ``base_iri() + P``, whatever host serves it."""
    return current_app.config["NEWSKG_BASE"]


def url_root() -> str:
    """Where the app is mounted: every local URL the pages write starts with it."""
    return request.script_root


def html_max_rows() -> int:
    return current_app.config.get("NEWSKG_HTML_MAX_ROWS", 1000)


def page_globals() -> dict:
    """What every linked-data template needs besides its own data."""
    return {"site": current_app.extensions.get("newskg.title", "newskg"), "root": url_root()}
