"""Request bodies, bounded as they arrive, whatever their framing.

A route that reads a body calls :func:`limit` before it touches ``request.form``, ``.values``,
``.files``, ``.get_data()`` or ``.stream``:

* a declared ``Content-Length`` over the limit is refused (werkzeug, through Flask 3.1's
  per-request ``request.max_content_length``) before a byte is read;
* a body of unknown length (``Transfer-Encoding: chunked``) is read through :class:`Capped`, which
  raises as soon as one byte more than the limit has arrived, so nothing beyond it is buffered,
  whoever reads: the form parsers, ``get_data()``, Oxigraph parsing ``request.stream``.

Both end in :func:`too_large`, a 413 that names the limit. The rest of an oversized body is never
read; granian closes the connection after the answer.

werkzeug's own cap is not enough for chunked bodies: its ``LimitedStream`` stops a read-all at
exactly ``max_content_length`` without looking further, so ``get_data()`` and the urlencoded form
parser would get an oversized body cut at the limit, silently, and act on the truncated text.

Streams without a length are only read when the server says it ends them itself
(``wsgi.input_terminated``). granian does; waitress de-chunks a body whole (spooled to disk beyond
512 KiB, refused past its ``max_request_body_size``) and passes it on with its length. Under a
server that does neither, werkzeug reads a chunked body as empty: refused as missing, never read
without bound.
"""

from __future__ import annotations

import io

from flask import Response, current_app, g, request
from werkzeug.exceptions import RequestEntityTooLarge

from .responses import plain


def limit(max_bytes: int | None, what: str) -> None:
    """Read at most ``max_bytes`` of this request's body (None: the app's ``MAX_CONTENT_LENGTH``).

    ``what`` names the body in the 413 (``"the query"``).
    """
    if max_bytes is None:
        max_bytes = current_app.config["MAX_CONTENT_LENGTH"]
    g.body_limit = (max_bytes, what)
    if max_bytes is None:  # the operator turned the app's limit off
        return
    if request.content_length is None:  # chunked, or no body
        request.environ["wsgi.input"] = Capped(request.environ["wsgi.input"], max_bytes)
        max_bytes += 1  # werkzeug's cap, around Capped, would cut a read-all short silently at the limit
    request.max_content_length = max_bytes  # a larger declared length is refused before reading


class Capped(io.RawIOBase):
    """``stream``, raising 413 once more than ``limit`` bytes have come from it."""

    def __init__(self, stream, limit: int):
        self._stream = stream
        self._left = limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._stream.read(min(len(buffer), self._left + 1))  # one byte more tells
        if len(data) > self._left:
            raise RequestEntityTooLarge()
        self._left -= len(data)
        buffer[: len(data)] = data
        return len(data)


def too_large(_exc=None) -> Response:
    """The 413 for a body over its route's limit."""
    most, what = g.get("body_limit", (request.max_content_length, "the request body"))
    return plain(413, too_large_message(what, most, request.path))


def too_large_message(what: str, most: int | None, path: str) -> str:
    """The words of that 413 (shared with kg.web.lean, which reads /sparql bodies itself)."""
    size = f"the {_size(most)} {path} accepts" if most is not None else "what this endpoint accepts"
    return f"Content Too Large: {what} is larger than {size}; nothing was done with it."


def _size(n: int) -> str:
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n >= 1 << shift and n % (1 << shift) == 0:
            return f"{n >> shift} {unit}"
    return f"{n:,} bytes"
