"""``/figures``: placeholder, filled in by the figures increment."""

from __future__ import annotations

from flask import Response

from .common import bp


@bp.route("/figures")
def figures() -> Response:
    return Response("figures: not yet\n", content_type="text/plain")


@bp.route("/map")
def world_map() -> Response:
    return Response("map: not yet\n", content_type="text/plain")
