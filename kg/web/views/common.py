"""What the exploration pages share: the blueprint, the store, readers' languages, labels, JSON."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request

from kg import labels as readable

from ..linkeddata.urls import href_for
from ..negotiation import negotiate, requested_accept

bp = Blueprint("views", __name__)

HTML, JSON = "text/html", "application/json"


def store():
    return current_app.extensions["newskg.store"]


def base() -> str:
    return current_app.config["NEWSKG_BASE"]


def languages() -> list[str]:
    """The reader's languages, best first (``Accept-Language``)."""
    return readable.languages_from(request.headers.get("Accept-Language"))


def wants_json() -> bool:
    try:
        accept = requested_accept(request.args.get("format", ""), request.headers.get("Accept"))
    except ValueError:
        accept = None
    return negotiate(accept, [HTML, JSON, "application/sparql-results+json"]) != HTML


class Namer:
    """Labels and links for IRIs shown on a page, fetched once for the page's IRIs."""

    def __init__(self, iris):
        self.found = readable.fetch(store(), [i for i in iris if i])
        self.languages = languages()
        self.root = request.script_root

    def label(self, iri: str | None) -> str:
        if not iri:
            return ""
        chosen = readable.choose(self.found.get(iri), self.languages)
        return chosen[0] if chosen else readable.compact(iri, base())

    def href(self, iri: str | None) -> str | None:
        return href_for(iri, base(), self.root) if iri else None

    def term(self, iri: str | None) -> dict | None:
        return {"iri": iri, "label": self.label(iri), "href": self.href(iri)} if iri else None


def json_response(data) -> Response:
    response = jsonify(data)
    response.vary.add("Accept")
    return response


@bp.route("/labels", methods=["GET", "POST"])
def labels_service() -> Response:
    """``{"labels": {IRI: {"label", "lang", "short", "href"}}}`` for the ``iri`` values given
    (repeated, GET or POST form), in the reader's language: what the query UI shows in its table."""
    iris = request.values.getlist("iri")[:5000]
    wanted = request.values.getlist("lang") or languages()
    found = readable.fetch(store(), iris)
    out = {}
    for iri in iris:
        chosen = readable.choose(found.get(iri), wanted)
        out[iri] = {
            "label": chosen[0] if chosen else None,
            "lang": chosen[1] if chosen else None,
            "short": readable.compact(iri, base()),
            "href": href_for(iri, base(), request.script_root),
        }
    return json_response({"labels": out})
