"""``/figures``: the numbers statements give, over time; also the figures section of entity pages.

Filters: ``kind`` (``troops`` or a ``kind:`` IRI), ``place`` (an IRI; a country also covers the
places that belong to it), ``actor`` (an IRI: figures it gave, or about it); ``series`` picks what
a colour stands for: ``speaker`` (default) or ``outlet``. JSON with ``format=json``.

Each figure is one mark at the date it was said (else the article's date), its value on the y axis
and its bound drawn as the issue asks: ``approximate`` with an error bar (±10 %, a convention of
this chart, not a measured uncertainty), ``lower`` ("more than") an arrow up, ``upper`` ("up to")
an arrow down, ``exact`` a plain dot. Vega-Lite draws it in the browser (kg/web/static/explore.js)
when ``kg install-ui`` has installed it; the table below the chart is what shows without it.
"""

from __future__ import annotations

from flask import Response, render_template, request

from kg.namespaces import KIND

from .. import assets
from . import queries
from .common import Namer, base, bp, json_response, store, wants_json

APPROXIMATE_SPREAD = 0.10  # the half-width of an "approximate" figure's error bar, as a share of its value
ARROW = 0.15  # the length of a lower/upper bound's arrow, as a share of its value
SERIES = ("speaker", "outlet")


def _kind(text: str) -> str | None:
    text = (text or "").strip()
    if not text:
        return None
    return text if text.startswith(("http://", "https://")) else KIND + text


def figure_rows(namer: Namer, figures: list[dict]) -> list[dict]:
    """What the chart and the table show of each figure: labels and links, bar and arrow ends."""
    rows = []
    for f in figures:
        value = f["value"]
        low = high = value
        if f["bound"] == "approximate":
            low, high = value * (1 - APPROXIMATE_SPREAD), value * (1 + APPROXIMATE_SPREAD)
        elif f["bound"] == "lower":
            high = value * (1 + ARROW)
        elif f["bound"] == "upper":
            low = value * (1 - ARROW)
        rows.append({
            **f, "low": low, "high": high,
            "speakerLabel": namer.label(f["speaker"]) or "(unknown)", "speakerHref": namer.href(f["speaker"]),
            "outlet": f["outlet"] or "(unknown outlet)", "kindLabel": namer.label(f["kind"]),
            "placeLabel": namer.label(f["place"]) if f["place"] else "", "placeHref": namer.href(f["place"]),
            "articleHref": namer.href(f["article"]), "statementHref": namer.href(f["statement"]),
        })
    return rows


def figures_context(*, kind: str | None = None, place: str | None = None, actor: str | None = None, series: str = "speaker") -> dict:
    """Everything the figures partial (``_figures.html``) needs."""
    found = queries.figures(store(), kind=kind, place=place, actor=actor)
    namer = Namer({i for f in found for i in (f["speaker"], f["kind"], f["place"], f["article"], f["statement"])})
    rows = figure_rows(namer, found)
    return {
        "figures": rows,
        "dated": [r for r in rows if r["date"]],
        "series": series if series in SERIES else "speaker",
        "charts": assets.charts_installed(),
        "log_scale": kind is None and len({r["kind"] for r in rows}) > 1,  # mixed kinds span orders of magnitude
    }


@bp.route("/figures")
def figures() -> Response:
    kind = _kind(request.args.get("kind", ""))
    place = request.args.get("place", "").strip() or None
    actor = request.args.get("actor", "").strip() or None
    context = figures_context(kind=kind, place=place, actor=actor, series=request.args.get("series", "speaker"))
    if wants_json():
        keys = ("iri", "statement", "value", "bound", "kind", "kindLabel", "speaker", "speakerLabel", "outlet", "date", "said",
                "article", "place", "placeLabel", "text")
        return json_response({"figures": [{k: r[k] for k in keys} for r in context["figures"]]})
    places = queries.statements_by_place(store())
    choices = Namer(set(places) | set(queries.kinds_used(store())) | {place or "", actor or ""})
    place_options = sorted(((p, choices.label(p), n) for p, n in places.items()), key=lambda t: t[1].lower())
    return Response(render_template(
        "figures.html", **context, kinds=[(k, choices.label(k)) for k in queries.kinds_used(store())],
        places=place_options, kind=kind or "", place=place or "", actor=actor or "", actor_label=choices.label(actor),
        place_label=choices.label(place), kind_label=choices.label(kind) if kind else "", base=base(),
        site=_site(), root=request.script_root,
    ), content_type="text/html; charset=utf-8")


def _site() -> str:
    from flask import current_app

    return current_app.extensions.get("newskg.title", "newskg")
