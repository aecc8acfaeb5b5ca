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
from conftest import DATA, SEEDS, LiveServer
from test_ui import _foreign, _require, _requested_urls, _wait, browser  # noqa: F401  (the browser fixture)

from kg.cli import main
from kg.store import Store
from kg.web import assets, create_app

SCREENSHOTS = Path(os.environ.get("KG_SCREENSHOTS") or Path(__file__).resolve().parent / "screenshots")
BUDANOV_SENTENCE = "https://w3id.org/newskg/id/article/000_1ed06db30246a34c#char=1703,1907"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not assets.installed():
        _require(f"the UI assets are not installed (run `{assets.INSTALL_COMMAND}`)")
    path = tmp_path_factory.mktemp("explore") / "store"
    assert main(["ingest", "--store", str(path), str(SEEDS), str(DATA / "samples")]) == 0
    store = Store(path)
    app = create_app(store)
    with LiveServer(app) as server:
        server.store = store
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
