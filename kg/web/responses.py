"""The one shape of an error or status answer: a line of plain text."""

from __future__ import annotations

from flask import Response


def plain(status: int, message: str) -> Response:
    """``message`` as ``text/plain``, ending in exactly one newline."""
    return Response(message.rstrip("\n") + "\n", status=status, content_type="text/plain; charset=utf-8")
