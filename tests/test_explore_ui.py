"""The exploration views in a real browser (headless Chromium): search, readable results, the
figures chart, the map, VoID, shapes and a graph page, each with its assets installed.

What is drawn is checked, not only that a page loads: the search page shows the expected hit
first; the YASGUI table shows labels; the chart has one SVG mark per figure in the data and the
map one circle per place with statements (Vega-Lite's marks, not the fallback table's rows).
Every view is saved as a PNG in ``$KG_SCREENSHOTS`` (default ``tests/screenshots/``, git-ignored)
so that a person can look at what a new user sees. Skips (or, under ``KG_REQUIRE_BROWSER=1``,
fails) like tests/test_ui.py when Chromium or the assets are missing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import DATA, SEEDS
from test_ui import SERVERS, _foreign, _require, _requested_urls, _wait, browser, serving  # noqa: F401  (the browser fixture)

from kg.cli import main
from kg.web import assets

SCREENSHOTS = Path(os.environ.get("KG_SCREENSHOTS") or Path(__file__).resolve().parent / "screenshots")
BUDANOV_SENTENCE = "https://w3id.org/newskg/id/article/000_1ed06db30246a34c#char=1703,1907"


@pytest.fixture(scope="module", params=SERVERS)
def server(request, tmp_path_factory):
    """Each test twice: the app under waitress in a thread, and ``kg serve`` in its own process."""
    if not assets.installed():
        _require(f"the UI assets are not installed (run `{assets.INSTALL_COMMAND}`)")
    path = tmp_path_factory.mktemp("explore") / "store"
    assert main(["ingest", "--store", str(path), str(SEEDS), str(DATA / "samples")]) == 0
    with serving(request.param, path) as server:
        server.kind = request.param
        yield server


def shot(driver, name: str) -> Path:
    """Save what the browser shows now, the whole page tall."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return Math.min(document.documentElement.scrollHeight, 4000)")
    driver.set_window_size(1400, max(height, 800))
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    driver.set_window_size(1400, 1000)
    return path


def _errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def test_home_page_search_box_leads_to_the_expected_hit_first(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server.url + "/")
    box = browser.find_element(By.CSS_SELECTOR, "#search-box input[name=q]")
    box.send_keys("Budanov")
    browser.find_element(By.CSS_SELECTOR, "#search-box button").click()
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#hits li.hit"), "no search hits")
    first = browser.find_element(By.CSS_SELECTOR, "#hits li.hit")
    assert first.get_attribute("data-iri") == BUDANOV_SENTENCE
    assert [m.text for m in first.find_elements(By.CSS_SELECTOR, "mark")] == ["Budanov"]
    assert "Kyrylo Budanov" in first.text
    shot(browser, "search")
    assert _foreign(_requested_urls(browser), server.url) == []


def test_yasgui_table_shows_labels_and_plain_numbers(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server.url + "/")
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#yasgui .yasqe .CodeMirror"), "YASGUI did not render")
    browser.find_element(By.CSS_SELECTOR, 'button.example[data-example="troop-counts"]').click()
    rows = "#yasgui .tabPanel.active .yasr table.dataTable tbody tr"
    _wait(browser, lambda d: any("Kyrylo Budanov" in r.text for r in d.find_elements(By.CSS_SELECTOR, rows)), "no rows")
    text = " ".join(r.text for r in browser.find_elements(By.CSS_SELECTOR, rows))
    assert "^^" not in text and "XMLSchema" not in text  # 11000, not "11000"^^xsd:integer
    kinds = [a for a in browser.find_elements(By.CSS_SELECTOR, rows + " a.iri") if a.get_attribute("title").endswith("/kind/troops")]
    assert kinds and kinds[0].text == "troops" and kinds[0].get_attribute("href") == server.url + "/kind/troops"
    statement = next(a for a in browser.find_elements(By.CSS_SELECTOR, rows + " a.iri") if "/statement/" in a.get_attribute("title"))
    assert statement.text.startswith("article:")  # a prefixed name, not the whole IRI
    shot(browser, "yasgui-table")
    assert _errors(browser) == []


def test_html_results_void_shapes_and_graph_pages(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server.url + "/.well-known/void")
    assert browser.find_element(By.CSS_SELECTOR, "#void-classes tbody tr")
    shot(browser, "void")
    browser.get(server.url + "/shapes")
    assert len(browser.find_elements(By.CSS_SELECTOR, "section.shape")) >= 10
    shot(browser, "shapes")
    browser.get(server.url + "/graph/000_1ed06db30246a34c")
    headings = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "main h2")]
    assert headings[0].startswith("Statements")
    assert not browser.find_element(By.CSS_SELECTOR, "details#mentions").get_attribute("open")  # folded
    shot(browser, "graph")


def _figures_in_data(server, **params) -> int:
    """Figures with a date (the chart's marks) as the JSON of /figures gives them."""
    import json
    import urllib.parse
    import urllib.request

    query = urllib.parse.urlencode({**params, "format": "json"})
    with urllib.request.urlopen(f"{server.url}/figures?{query}") as response:
        return sum(1 for f in json.load(response)["figures"] if f["date"])


def _rendered(driver, selector: str):
    from selenium.webdriver.common.by import By

    _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, f"{selector}[data-rendered=true]"), f"{selector} was not drawn")
    return driver.find_element(By.CSS_SELECTOR, selector)


def _marks(element, name: str) -> int:
    """SVG marks of the Vega-Lite layer ``name`` (one path per datum)."""
    from selenium.webdriver.common.by import By

    return len(element.find_elements(By.CSS_SELECTOR, f"svg g.{name}_marks > path, svg g.{name}_marks > circle"))


def test_figures_chart_has_one_mark_per_figure_and_switches_to_outlets(server, browser):
    from selenium.webdriver.common.by import By

    expected = _figures_in_data(server, kind="troops")
    assert expected >= 5
    browser.get(server.url + "/figures?kind=troops")
    chart = _rendered(browser, "#figures-chart")
    assert _marks(chart, "figures") == expected
    table = browser.find_element(By.CSS_SELECTOR, "details.chart-table")
    assert not table.get_attribute("open")  # the table is folded away once the chart is drawn
    legend = chart.text
    assert "Kyrylo Budanov" in legend  # one series per speaker
    shot(browser, "figures")
    browser.find_element(By.CSS_SELECTOR, "input[name=series][value=outlet]").click()
    chart = _rendered(browser, "#figures-chart")
    assert chart.get_attribute("data-series") == "outlet" and _marks(chart, "figures") == expected
    assert "news.example.org" in chart.text and "Kyrylo Budanov" not in chart.text
    assert _errors(browser) == [] and _foreign(_requested_urls(browser), server.url) == []


def test_map_has_one_circle_per_place_and_the_world_outline(server, browser):
    import json
    import urllib.request

    with urllib.request.urlopen(server.url + "/map?format=json") as response:
        places = json.load(response)["places"]
    assert places
    browser.get(server.url + "/map")
    chart = _rendered(browser, "#map-chart")
    assert _marks(chart, "places") == len(places)
    assert _marks(chart, "countries") > 150  # the world outline, from world-atlas on this server
    shot(browser, "map")
    assert _errors(browser) == [] and _foreign(_requested_urls(browser), server.url) == []


def test_place_page_has_its_map_and_figures(server, browser):
    browser.get(server.url + "/doc/location/kursk-oblast")
    chart = _rendered(browser, "#figures-chart")
    assert _marks(chart, "figures") == _figures_in_data(server, place="https://w3id.org/newskg/id/location/kursk-oblast")
    the_map = _rendered(browser, "#map-chart")
    assert _marks(the_map, "places") >= 1
    shot(browser, "place")
    assert _errors(browser) == []


def test_without_the_chart_assets_pages_show_tables(server, browser, monkeypatch):
    from selenium.webdriver.common.by import By

    if server.kind != "waitress":
        pytest.skip("the missing assets are simulated by patching the app, which runs in this process only under waitress")
    monkeypatch.setattr(assets, "charts_installed", lambda: False)
    browser.get(server.url + "/figures?kind=troops")
    assert not browser.find_elements(By.CSS_SELECTOR, "#figures-chart")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.figures-table tbody tr")
    assert len(rows) >= _figures_in_data(server, kind="troops")
    browser.get(server.url + "/map")
    assert browser.find_elements(By.CSS_SELECTOR, "table.places-table tbody tr")
    shot(browser, "figures-without-assets")


def test_yasgui_offers_a_chart_of_figures_over_time(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server.url + "/")
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#yasgui .yasqe .CodeMirror"), "YASGUI did not render")
    browser.find_element(By.CSS_SELECTOR, 'button.example[data-example="cq-troop-figures-by-source"]').click()
    rows = "#yasgui .tabPanel.active .yasr table.dataTable tbody tr"
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, rows), "no rows")
    count = len(browser.find_elements(By.CSS_SELECTOR, rows))
    browser.execute_script("window.newskgYasgui.getTab().getYasr().selectPlugin('chart')")
    chart = _rendered(browser, "#yasgui .tabPanel.active .newskg-yasr-chart")
    dated = browser.execute_script(
        "var r = window.newskgYasgui.getTab().getYasr().results; var b = r.getBindings();"
        "var v = r.getVariables(); return b.length;")
    assert dated == count and len(chart.find_elements(By.CSS_SELECTOR, "svg g.mark-symbol > path")) > 0
    shot(browser, "yasgui-chart")
