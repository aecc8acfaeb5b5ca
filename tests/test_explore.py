"""The exploration pages without a browser: /figures and /map (JSON, tables without the chart
assets), entity pages' figures and maps, and the gazetteer's points (kg/gazetteer/coordinates.csv)."""

from __future__ import annotations

import csv
import re

import pytest
from conftest import DATA, SEEDS, run_kg

from kg.gazetteer import coordinates
from kg.stores.local import Store
from kg.web import assets, create_app

BASE = "https://w3id.org/newskg/"
KURSK = BASE + "id/location/kursk-oblast"
RUSSIA = BASE + "id/country/russia"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    path = tmp_path_factory.mktemp("explore") / "store"
    assert run_kg("ingest", "--store", path, SEEDS, DATA / "samples") == 0
    app = create_app(Store(path), query_workers=0)
    yield app.test_client()


def test_figures_json_filters_by_kind_place_and_actor(client):
    every = client.get("/figures?format=json").get_json()["figures"]
    troops = client.get("/figures?kind=troops&format=json").get_json()["figures"]
    assert troops and len(troops) <= len(every) and {f["kind"] for f in troops} == {BASE + "kind/troops"}
    budanov = next(f for f in troops if f["speakerLabel"] == "Kyrylo Budanov")
    assert budanov["value"] == 11000 and budanov["bound"] == "approximate" and budanov["date"] == "2024-10-18" and budanov["said"]
    in_kursk = client.get("/figures", query_string={"place": KURSK, "format": "json"}).get_json()["figures"]
    assert in_kursk and all(f["place"] == KURSK for f in in_kursk)
    # a country covers the places that belong to it
    in_russia = client.get("/figures", query_string={"place": RUSSIA, "format": "json"}).get_json()["figures"]
    assert {f["iri"] for f in in_kursk} <= {f["iri"] for f in in_russia}
    by_actor = client.get("/figures", query_string={"actor": BASE + "id/person/kyrylo-budanov", "format": "json"}).get_json()["figures"]
    assert [f["value"] for f in by_actor] == [11000]


def test_figures_page_with_and_without_the_chart_assets(client, monkeypatch):
    monkeypatch.setattr(assets, "charts_installed", lambda: True)
    page = client.get("/figures?kind=troops").get_data(as_text=True)
    assert 'id="figures-chart"' in page and '<script src="/static/vendor/vega-lite/vega-lite.min.js"></script>' in page
    assert re.search(r'<details class="folded chart-table">', page)  # the table is folded under the chart
    monkeypatch.setattr(assets, "charts_installed", lambda: False)
    page = client.get("/figures?kind=troops").get_data(as_text=True)
    assert 'id="figures-chart"' not in page and "vega" not in page
    assert '<details class="folded chart-table" open>' in page and "11,000" in page


def test_map_json_sizes_places_by_statements_with_sourced_points(client):
    places = client.get("/map?format=json").get_json()["places"]
    kursk = next(p for p in places if p["iri"] == KURSK)
    assert kursk["statements"] >= 5 and kursk["lat"] == pytest.approx(51.73, abs=0.01) and "RU-KRS" in kursk["source"]
    assert places == sorted(places, key=lambda p: (-p["statements"], p["label"]))
    troops = client.get("/map?kind=troops&format=json").get_json()["places"]
    assert sum(p["statements"] for p in troops) < sum(p["statements"] for p in places)
    early = client.get("/map?to=2024-10-31&format=json").get_json()["places"]
    assert sum(p["statements"] for p in early) < sum(p["statements"] for p in places)
    assert client.get("/map?from=soon").status_code == 400


def test_place_and_actor_pages_carry_their_figures_and_map(client, monkeypatch):
    monkeypatch.setattr(assets, "charts_installed", lambda: True)
    place = client.get("/doc/location/kursk-oblast", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'id="map-chart"' in place and 'id="figures-chart"' in place
    person = client.get("/doc/person/kyrylo-budanov", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'id="figures-chart"' in person and 'id="map-chart"' not in person
    article = client.get("/doc/article/000_1ed06db30246a34c", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "figures-chart" not in article and "vega" not in article


def test_every_gazetteer_place_has_a_sourced_point_or_says_why():
    rows = list(csv.DictReader(open(coordinates.FILE, encoding="utf-8")))
    gazetteer = sum(1 for name in ("countries.csv", "subdivisions.csv", "cities.csv", "features.csv")
                    for _ in csv.DictReader(open(coordinates.FILE.parent / name, encoding="utf-8")))
    assert len(rows) == gazetteer
    for row in rows:
        assert row["source"], row
        if row["latitude"]:
            assert -90 <= float(row["latitude"]) <= 90 and -180 <= float(row["longitude"]) <= 180, row
        else:
            assert "no point" in row["source"], row
    points = coordinates.points()
    assert points["Q212"].iso_numeric == "804" and 44 < points["Q212"].lat < 53 and 22 < points["Q212"].lon < 41  # Ukraine
    assert 50 < points["Q159"].lat < 70 and 40 < points["Q159"].lon < 140  # Russia: its mainland, not the antimeridian
    assert abs(points["Q42308"].lat - 49.98) < 0.05  # Kharkiv, from GeoNames
    assert sum(1 for p in points.values() if p.lat is not None) > 1000
