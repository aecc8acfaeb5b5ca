"""``/`` (a plain query form) and ``/health``."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template

from .dumps import DUMPS
from .negotiation import SHORT_NAMES

bp = Blueprint("pages", __name__)

EXAMPLE_QUERY = """\
PREFIX nkg: <https://w3id.org/newskg/ontology#>
PREFIX schema: <http://schema.org/>

SELECT ?article ?headline WHERE {
  ?article a nkg:Article .
  OPTIONAL { ?article schema:headline ?headline }
}
LIMIT 20
"""


@bp.route("/")
def index() -> str:
    return render_template(
        "index.html",
        title=current_app.extensions["newskg.title"],
        example=EXAMPLE_QUERY,
        formats=list(SHORT_NAMES),
        dumps=DUMPS.values(),
    )


@bp.route("/health")
def health():
    """``{"status": "ok", "triples": N}``; N counts quads over all graphs (``len(store)``)."""
    return jsonify(status="ok", triples=len(current_app.extensions["newskg.store"]))
