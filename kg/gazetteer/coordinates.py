"""Points for the gazetteer's places (``coordinates.csv``), each with its source; read-only.

Written by ``coordinates_build.py`` (maintainers only) and committed: countries (the centroid of
their largest polygon in npm world-atlas, with their ISO 3166-1 numeric code, which is how the
map joins the world outline), first-level subdivisions and cities (see SOURCES.md). Looked up by
Wikidata QID, which is how store entities name them (``owl:sameAs``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FILE = Path(__file__).resolve().parent / "coordinates.csv"


@dataclass(frozen=True)
class Point:
    qid: str
    label: str
    lat: float | None
    lon: float | None
    iso_numeric: str  # countries only: the world-atlas feature id
    source: str
    file: str


@cache
def points() -> dict[str, Point]:
    """QID -> :class:`Point` (rows with no point keep ``lat``/``lon`` None and say why in ``source``)."""
    out = {}
    with open(FILE, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if not row["wikidata"]:
                continue
            lat, lon = row["latitude"], row["longitude"]
            out[row["wikidata"]] = Point(row["wikidata"], row["label_en"], float(lat) if lat else None,
                                         float(lon) if lon else None, row["iso_numeric"], row["source"], row["file"])
    return out


def point_for(wikidata_iri: str | None) -> Point | None:
    """The point of an entity ``owl:sameAs`` ``wikidata_iri`` (``http://www.wikidata.org/entity/Q…``)."""
    if not wikidata_iri:
        return None
    return points().get(wikidata_iri.rsplit("/", 1)[-1])
