"""``/map``: where the claims are about, one circle per place sized by its statements; and the map
of a place's page.

Filters: ``kind`` (statements giving a figure of that kind), ``from`` / ``to`` (``YYYY-MM-DD``,
the date of saying, else of publication). JSON with ``format=json``. Points come from the
gazetteer (``kg/gazetteer/coordinates.csv``, each with its source) through the place's Wikidata
link; countries are also shaded in the world outline (npm ``world-atlas``, joined by ISO 3166-1
numeric code). No tile server: everything is drawn from files this server has. A place without a
point is listed under the map, not guessed.
"""

from __future__ import annotations

from datetime import date

from flask import Response, render_template, request, url_for

from kg.gazetteer.coordinates import point_for
from kg.namespaces import ONTOLOGY

from ..responses import plain
from . import queries
from .common import Namer, bp, json_response, store, wants_json
from .figures import _kind

ATLAS_FILE = "vendor/world-atlas/countries-50m.json"
COUNTRY = ONTOLOGY + "Country"


def _date(text: str, name: str) -> str | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError(f"{name} must be a date as YYYY-MM-DD, not {text!r}") from None


def map_context(*, kind: str | None = None, date_from: str | None = None, date_to: str | None = None,
                within: str | None = None, focus: str | None = None) -> dict:
    """The places (with statements) to draw: ``within`` keeps those of one country (and the country),
    ``focus`` centres the map on one place."""
    from .. import assets

    counts = queries.statements_by_place(store(), kind=kind, date_from=date_from, date_to=date_to)
    iris = sorted(set(counts) | ({focus} if focus else set()))
    wikidata = queries.same_as(store(), iris)
    types = queries.types_of(store(), iris)
    if within:
        countries = queries.country_of(store(), iris)
        iris = [i for i in iris if i == within or countries.get(i) == within or i == focus]
    namer = Namer(iris)
    places, unplaced, countries = [], [], []
    for iri in iris:
        point = point_for(wikidata.get(iri))
        label = namer.label(iri)
        n = counts.get(iri, 0)
        if point is not None and point.iso_numeric and COUNTRY in types.get(iri, set()):
            countries.append({"numeric": point.iso_numeric, "countryStatements": n, "label": label})
        if point is None or point.lat is None:
            if n:
                unplaced.append({"iri": iri, "label": label, "statements": n, "href": namer.href(iri),
                                 "why": point.source if point else "no Wikidata link, or not in the gazetteer"})
            continue
        places.append({"iri": iri, "label": label, "statements": n, "lat": point.lat, "lon": point.lon,
                       "source": point.source, "href": namer.href(iri), "country": COUNTRY in types.get(iri, set())})
    places.sort(key=lambda p: (-p["statements"], p["label"]))
    focus_point = next((p for p in places if p["iri"] == focus), None)
    drawn = [p for p in places if p["statements"] > 0 or p["iri"] == focus]
    data = {
        "atlas": url_for("static", filename=ATLAS_FILE) if assets.atlas_installed() else None,
        "places": drawn,
        "countries": countries,
    }
    if focus_point is not None:
        data["focus"] = {"lat": focus_point["lat"], "lon": focus_point["lon"], "scale": 450 if focus_point["country"] else 900}
        data["height"] = 360
    return {"map": data, "places": places, "unplaced": unplaced, "charts": assets.charts_installed()}


@bp.route("/map")
def world_map() -> Response:
    try:
        kind = _kind(request.args.get("kind", ""))
        date_from = _date(request.args.get("from", ""), "from")
        date_to = _date(request.args.get("to", ""), "to")
    except ValueError as exc:
        return plain(400, str(exc))
    context = map_context(kind=kind, date_from=date_from, date_to=date_to)
    if wants_json():
        return json_response({"places": [p for p in context["places"] if p["statements"]], "unplaced": context["unplaced"]})
    kinds = queries.kinds_used(store())
    namer = Namer(kinds)
    from flask import current_app

    return Response(render_template(
        "map.html", **context, kinds=[(k, namer.label(k)) for k in kinds], kind=kind or "", date_from=date_from or "",
        date_to=date_to or "", site=current_app.extensions.get("newskg.title", "newskg"), root=request.script_root,
    ), content_type="text/html; charset=utf-8")
