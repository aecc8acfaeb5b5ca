"""Finished HTTP answers: the media type to send, ETag and 304, Cache-Control, 303s and errors."""

from __future__ import annotations

from flask import Response, redirect, render_template_string, request

from ..caching import etag as make_tag
from ..caching import matches
from ..negotiation import negotiate
from ..responses import plain as _plain
from .context import page_globals
from .formats import HTML

CACHE_CONTROL = "public, max-age=300"


class Answer(Exception):
    """A finished response raised from deep inside (400, 404, 406); the blueprint returns it."""

    def __init__(self, response: Response):
        super().__init__(response.status)
        self.response = response


def bad_request(message: str) -> Answer:
    return Answer(_plain(400, f"400 Bad Request: {message}"))


_NOT_FOUND = """{% extends "_layout_ld.html" %}
{% block title %}Not found · {{ site }}{% endblock %}
{% block main %}<h1>Not found</h1>
<p>Nothing is known about <code class="iri">{{ iri }}</code>: no triple in this store has it as subject or object.</p>
<p>Try the <a href="{{ root }}/">query form</a> or the <a href="{{ root }}/ontology">ontology</a>.</p>{% endblock %}
"""


def not_found(iri: str) -> Answer:
    if negotiate(request.headers.get("Accept"), [HTML, "text/plain"]) == HTML:
        body = render_template_string(_NOT_FOUND, iri=iri, **page_globals())
        return Answer(Response(body, status=404, content_type="text/html; charset=utf-8"))
    return Answer(_plain(404, f"404 Not Found: nothing is known about <{iri}>"))


def choose_media(fixed: str | None, offered: list[str]) -> str:
    """``fixed`` (the variant a URL names) if it is offered, else what ``Accept`` prefers."""
    if fixed is not None:
        if fixed not in offered:
            raise Answer(_plain(404, f"404 Not Found: no {fixed} variant of this resource"))
        return fixed
    chosen = negotiate(request.headers.get("Accept"), offered)
    if chosen is None:
        raise Answer(_plain(406, "406 Not Acceptable: this resource is available as " + ", ".join(offered)))
    return chosen


def serve(path: str, media: str, negotiated: bool, variant_url: str, stamp: object, build) -> Response:
    """The common tail: ETag, 304, then ``build(media) -> bytes | str`` for 200."""
    etag = make_tag(stamp, path, media)
    location = variant_url if negotiated else None
    if _not_modified(etag):
        return _with_cache_headers(Response(status=304), etag, location)
    body = build(media)
    content_type = "text/html; charset=utf-8" if media == HTML else f"{media}; charset=utf-8"
    return _with_cache_headers(Response(body, status=200, content_type=content_type), etag, location)


def see_other(location: str) -> Response:
    response = redirect(location, code=303)
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response


def _with_cache_headers(response: Response, etag: str, negotiated_location: str | None) -> Response:
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.set_etag(etag, weak=True)  # same meaning, not always the same bytes (blank node labels)
    if negotiated_location is not None:
        response.vary.add("Accept")
        response.headers["Content-Location"] = negotiated_location
    return response


def _not_modified(tag: str) -> bool:
    return matches(request.if_none_match, tag)
