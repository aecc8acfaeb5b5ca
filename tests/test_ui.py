"""The query UI in a real browser: headless Chromium (selenium) against the real server, each test
twice: the app under waitress in a thread, and ``kg serve`` as deployed (granian's lean path, query
worker processes) in its own process.

Needs Debian's ``chromium`` and ``chromium-driver`` and the YASGUI assets (``kg install-ui``).
When one is missing the tests are skipped, with the reason, except under ``.ci/run``, which sets
``KG_REQUIRE_BROWSER=1`` so that CI fails instead of passing without having run them.

The browser may reach 127.0.0.1 only: every other host name resolves to nothing
(``--host-resolver-rules``), and Chrome's performance log is checked for any request elsewhere,
so a page that fetched YASGUI (or anything) from a CDN fails here.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil

import pytest
from conftest import QUERIES, SEEDS, LiveServer

from kg.cli import main
from kg.stores.local import Store
from kg.web import assets, create_app

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
CHROMEDRIVER_CANDIDATES = ("/usr/bin/chromedriver", "chromedriver")
WAIT = 30  # seconds; the whole UI runs locally, so this is only a ceiling


def _require(reason: str):
    """Skip with ``reason``, or fail when the environment says the browser tests must run."""
    if os.environ.get("KG_REQUIRE_BROWSER"):
        pytest.fail(f"{reason} (KG_REQUIRE_BROWSER is set, so this is an error, not a skip)")
    pytest.skip(reason)


def _find(candidates) -> str | None:
    for name in candidates:
        path = name if os.path.isabs(name) else shutil.which(name)
        if path and os.path.exists(path):
            return path
    return None


SERVERS = ["waitress", "granian"]  # the app in a thread; kg serve as deployed, in its own process


@contextlib.contextmanager
def serving(kind: str, path):
    """The app over the store at ``path`` on a free port: under waitress in a thread (``waitress``),
    or ``kg serve`` with its defaults (``granian``: the lean path, query worker processes) in its
    own process. Yields an object with ``.url``."""
    if kind == "granian":
        from test_serve import Served

        served = Served(path)
        try:
            yield served
        finally:
            served.stop()
        return
    with LiveServer(create_app(Store(path))) as server:
        yield server


@pytest.fixture(scope="module", params=SERVERS)
def server(request, tmp_path_factory):
    """The real server on a free port, over a store with the seed article (each test twice)."""
    if not assets.yasgui_installed():
        _require(f"the YASGUI assets are not installed (run `{assets.INSTALL_COMMAND}`)")
    path = tmp_path_factory.mktemp("ui") / "store"
    assert main(["ingest", "--store", str(path), str(SEEDS)]) == 0
    with serving(request.param, path) as server:
        yield server.url


@pytest.fixture(scope="module")
def browser(server):
    # one browser per server (it depends on it): it closes its keep-alive connections before the
    # server stops, and the next server gets a fresh one
    chromium = _find(CHROMIUM_CANDIDATES)
    chromedriver = _find(CHROMEDRIVER_CANDIDATES)
    if not chromium or not chromedriver:
        _require("Chromium and chromedriver are needed (Debian: apt-get install chromium chromium-driver)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _require("selenium is not installed (pip install -e '.[test]')")

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1400,1000",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-default-apps",
        "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    driver.set_page_load_timeout(WAIT)
    try:
        yield driver
    finally:
        driver.quit()


def _requested_urls(driver) -> list[str]:
    """Every URL the page asked for since the last call (from Chrome's performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def _foreign(urls, base) -> list[str]:
    return [u for u in urls if not (u.startswith(base + "/") or u.startswith(("data:", "blob:", "about:")))]


def _wait(driver, condition, message):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT).until(condition, message)


def _load(driver, server):
    """Open the home page and wait for YASGUI's editor; fail at once if its script did not load."""
    from selenium.webdriver.common.by import By

    driver.get(server + "/")  # returns once the page's scripts have loaded (or failed to)
    if driver.execute_script("return typeof Yasgui") != "function":
        errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        pytest.fail(f"YASGUI's script did not load; browser errors: {errors}")
    _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#yasgui .yasqe .CodeMirror"), "YASGUI's editor did not render")


def test_home_page_shows_yasgui_from_this_server(server, browser):
    from selenium.webdriver.common.by import By

    _load(browser, server)

    # every script and stylesheet comes from this server
    sources = browser.execute_script(
        "return Array.from(document.querySelectorAll('script[src], link[href]'), e => e.src || e.href)"
    )
    assert any(s.endswith("/static/vendor/yasgui/yasgui.min.js") for s in sources)
    assert any(s.endswith("/static/vendor/yasgui/yasgui.min.css") for s in sources)
    assert _foreign(sources, server) == []

    # YASGUI is set up for this server's endpoint, with POST
    tab = "window.newskgYasgui.getTab()"
    assert browser.execute_script(f"return {tab}.getEndpoint()") == server + "/sparql"
    assert browser.execute_script(f"return {tab}.getRequestConfig().method") == "POST"

    # one button per query file
    names = [b.get_attribute("data-example") for b in browser.find_elements(By.CSS_SELECTOR, "button.example")]
    assert names == sorted(p.stem for p in QUERIES.glob("*.rq"))

    requested = _requested_urls(browser)
    assert any(u.endswith("/static/vendor/yasgui/yasgui.min.js") for u in requested)
    assert _foreign(requested, server) == []


def test_clicking_an_example_runs_it_and_shows_rows(server, browser):
    from selenium.webdriver.common.by import By

    _load(browser, server)
    _requested_urls(browser)  # start the log afresh

    browser.find_element(By.CSS_SELECTOR, 'button.example[data-example="troop-counts"]').click()

    rows = "#yasgui .tabPanel.active .yasr table.dataTable tbody tr"
    _wait(
        browser,
        lambda d: any("Kyrylo Budanov" in r.text for r in d.find_elements(By.CSS_SELECTOR, rows)),
        "the results table of troop-counts.rq did not appear",
    )
    texts = [r.text for r in browser.find_elements(By.CSS_SELECTOR, rows)]
    assert len(texts) == 4, texts  # four troop figures in the seed article
    budanov = next(t for t in texts if "Kyrylo Budanov" in t)
    assert "11000" in budanov and "approximate" in budanov

    # the example opened in a tab of its own, holding the file's query
    assert browser.execute_script("return window.newskgYasgui.getTab().getName()") == "troop-counts"
    editor_text = browser.execute_script("return window.newskgYasgui.getTab().getQuery()")
    assert editor_text == (QUERIES / "troop-counts.rq").read_text(encoding="utf-8")

    # the query went to this server's /sparql as a POST, and nowhere else
    posts = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            request = message["params"]["request"]
            posts.append((request["method"], request["url"]))
    assert ("POST", server + "/sparql") in posts
    assert _foreign([u for _, u in posts], server) == []

    # no errors in the console
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
