"""The home page, the example queries and the YASGUI installer, without a browser or network."""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import re
import tarfile
import urllib.error
import urllib.parse
from pathlib import Path

import pytest
from markupsafe import escape

from conftest import QUERIES, run_kg
from kg.stores.local import Store
from kg.web import assets, create_app, pages

RQ_FILES = sorted(QUERIES.glob("*.rq"))
CONFIG_BLOCK = re.compile(r'<script id="newskg-ui" type="application/json">(.*?)</script>', re.S)


@pytest.fixture
def client():
    return create_app(Store()).test_client()


@pytest.fixture
def with_yasgui(monkeypatch):
    monkeypatch.setattr(assets, "yasgui_installed", lambda directory=None: True)


@pytest.fixture
def without_yasgui(monkeypatch):
    monkeypatch.setattr(assets, "yasgui_installed", lambda directory=None: False)


def first_comment(path) -> str:
    return path.read_text(encoding="utf-8").splitlines()[0].lstrip("#").strip()


def test_there_are_example_queries():
    assert len(RQ_FILES) >= 3


# --- / ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["with_yasgui", "without_yasgui"])
def test_home_page_names_the_endpoint_and_every_example(client, mode, request):
    request.getfixturevalue(mode)
    r = client.get("/")
    assert r.status_code == 200 and r.mimetype == "text/html"
    page = r.data.decode()
    assert "http://localhost/sparql" in page
    for path in RQ_FILES:
        assert str(escape(first_comment(path))) in page, path.name
        assert f'href="/examples/{path.stem}.rq"' in page
    # the plain form, the dumps and the links are there either way
    assert '<form action="/sparql" method="get">' in page
    assert 'href="/dumps/newskg.nq.gz"' in page
    for href in ("/dumps/", "/.well-known/void", "/ontology", "/health"):
        assert f'href="{href}"' in page


def test_home_page_with_yasgui_loads_it_from_this_server(client, with_yasgui):
    page = client.get("/").data.decode()
    assert '<script src="/static/vendor/yasgui/yasgui.min.js"></script>' in page
    assert '<link rel="stylesheet" href="/static/vendor/yasgui/yasgui.min.css">' in page
    assert '<script src="/static/ui.js"></script>' in page
    assert '<div id="yasgui"></div>' in page
    assert "ui-not-installed" not in page
    # nothing is loaded from elsewhere
    for url in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert not url.startswith(("http:", "https:", "//")), url
    settings = json.loads(CONFIG_BLOCK.search(page).group(1))
    assert settings["endpoint"] == "http://localhost/sparql"
    assert settings["method"] == "POST"
    assert [e["name"] for e in settings["examples"]] == [p.stem for p in RQ_FILES]
    for example, path in zip(settings["examples"], RQ_FILES):
        assert example["query"] == path.read_text(encoding="utf-8")
    buttons = re.findall(r'<button type="button" class="example" data-example="([^"]+)"', page)
    assert buttons == [p.stem for p in RQ_FILES]


def test_home_page_endpoint_follows_the_request_host(client, with_yasgui):
    page = client.get("/", base_url="https://kg.example.org:8443").data.decode()
    settings = json.loads(CONFIG_BLOCK.search(page).group(1))
    assert settings["endpoint"] == "https://kg.example.org:8443/sparql"


def test_home_page_without_yasgui_falls_back_to_the_plain_form(client, without_yasgui):
    r = client.get("/")
    assert r.status_code == 200
    page = r.data.decode()
    assert "yasgui.min.js" not in page and "yasgui.min.css" not in page
    assert "newskg-ui" not in page and "ui.js" not in page
    assert 'id="ui-not-installed"' in page
    assert f"<code>{assets.INSTALL_COMMAND}</code>" in page
    assert '<details id="plain-form" open>' in page
    assert '<textarea name="query"' in page
    # each example is a link that runs it
    links = re.findall(r'<a class="example" href="([^"]+)"', page)
    assert len(links) == len(RQ_FILES)
    url = urllib.parse.urlsplit(links[0].replace("&amp;", "&"))
    assert url.path == "/sparql"
    assert urllib.parse.parse_qs(url.query)["query"] == [RQ_FILES[0].read_text(encoding="utf-8")]


def test_ui_script_and_style_are_served(client):
    for path, mimetypes in (("/static/ui.js", ("text/javascript", "application/javascript")), ("/static/ui.css", ("text/css",))):
        r = client.get(path)
        assert r.status_code == 200 and r.mimetype in mimetypes
        r.close()


def test_ui_assets_are_served_to_browsers_that_accept_gzip(client):
    """Browsers send ``Accept-Encoding: gzip``; static files must still come out whole.

    Under waitress (its ``wsgi.file_wrapper``, used here too) Flask serves a static file as a
    sized, direct-passthrough response, which the test client alone would not show.
    """
    from waitress.buffers import ReadOnlyFileBasedBuffer

    for path in ("/static/ui.js", "/static/ui.css"):
        r = client.get(
            path,
            headers={"Accept-Encoding": "gzip, deflate, br"},
            environ_overrides={"wsgi.file_wrapper": ReadOnlyFileBasedBuffer},
        )
        assert r.status_code == 200, (path, r.data[:200])
        body = gzip.decompress(r.data) if r.headers.get("Content-Encoding") == "gzip" else r.data
        assert body == (Path(pages.__file__).parent / path.lstrip("/")).read_bytes()
        r.close()


def test_hostile_examples_are_escaped(client, with_yasgui, monkeypatch, tmp_path):
    (tmp_path / "evil.rq").write_text(
        '# <script>alert("title")</script>\n# desc "quoted" & <b>bold</b>\n'
        'SELECT * WHERE { ?s ?p "</script><script>alert(1)</script>" }\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(pages, "project_dir", lambda name: tmp_path)
    page = client.get("/").data.decode()
    assert "<script>" not in page
    assert "<b>" not in page
    # the JSON block, yasgui.min.js and ui.js (and vega, vega-lite when the chart assets are installed)
    assert page.count("</script>") == 3 + 2 * assets.charts_installed()
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in page
    settings = json.loads(CONFIG_BLOCK.search(page).group(1))
    assert settings["examples"][0]["query"] == (tmp_path / "evil.rq").read_text(encoding="utf-8")
    monkeypatch.setattr(assets, "yasgui_installed", lambda directory=None: False)
    page = client.get("/").data.decode()
    assert "<script" not in page and "<b>" not in page


def test_home_page_without_a_queries_folder(client, monkeypatch):
    def missing(name):
        raise FileNotFoundError(name)

    monkeypatch.setattr(pages, "project_dir", missing)
    assert client.get("/").status_code == 200
    assert client.get("/examples.json").get_json() == {"examples": []}


# --- /examples.json and /examples/<name>.rq ---------------------------------------------------


def test_examples_json_lists_every_query_file(client):
    r = client.get("/examples.json")
    assert r.status_code == 200 and r.mimetype == "application/json"
    examples = r.get_json()["examples"]
    assert [e["name"] for e in examples] == [p.stem for p in RQ_FILES]
    for example, path in zip(examples, RQ_FILES):
        assert set(example) == {"name", "title", "description", "query"}
        assert example["title"] == first_comment(path)
        assert example["description"]
        assert example["query"] == path.read_text(encoding="utf-8")


def test_example_file(client):
    r = client.get("/examples/troop-counts.rq")
    assert r.status_code == 200 and r.mimetype == "application/sparql-query"
    assert r.data == (QUERIES / "troop-counts.rq").read_bytes()
    assert client.get("/examples/nothing.rq").status_code == 404
    assert client.get("/examples/..%2Fpyproject.rq").status_code == 404


def test_examples_run_against_the_endpoint(seed_store):
    """Every example that needs no federation answers from /sparql as the UI sends it (POST)."""
    client = create_app(Store(seed_store, read_only=True)).test_client()
    for example in client.get("/examples.json").get_json()["examples"]:
        r = client.post("/sparql", data={"query": example["query"]}, headers={"Accept": "application/sparql-results+json"})
        if "SERVICE" in example["query"]:
            assert r.status_code == 403, example["name"]
        else:
            assert r.status_code == 200, (example["name"], r.data[:300])


def test_parse_example():
    text = "# Title line\n#\n# First paragraph\n# continues.\n#\n# Second.\nPREFIX x: <y:>\n# not part of it\nSELECT * {}\n"
    example = pages.parse_example("demo", text)
    assert example == pages.Example("demo", "Title line", "First paragraph continues.\n\nSecond.", text)
    assert pages.parse_example("bare", "SELECT * {}").title == "bare"


# --- the installer (kg install-ui), with a fake tarball instead of the network ----------------


def fake_tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def sri(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


@pytest.fixture
def fake_registry(monkeypatch):
    """``download`` answers with a small tarball whose integrity is pinned in place of the real one."""
    tarball = fake_tarball(
        {
            "package/package.json": b"{}",
            "package/build/yasgui.min.js": b"window.Yasgui = function () {};",
            "package/build/yasgui.min.css": b".yasgui {}",
            "package/build/yasgui.esm.js": b"export {};",
        }
    )
    calls = []

    def download(url, timeout=60.0):
        calls.append(url)
        return tarball

    monkeypatch.setattr(assets, "download", download)
    monkeypatch.setattr(assets, "YASGUI_INTEGRITY", sri(tarball))
    return calls


def test_install_extracts_only_the_built_files_and_is_idempotent(tmp_path, fake_registry):
    target = tmp_path / "vendor" / "yasgui"
    assert not assets.yasgui_installed(target)
    assert "installed" in assets.install_yasgui(target)
    assert sorted(p.name for p in target.iterdir()) == ["INSTALLED.json", "yasgui.min.css", "yasgui.min.js"]
    assert (target / "yasgui.min.js").read_bytes() == b"window.Yasgui = function () {};"
    assert assets.yasgui_installed(target)
    assert fake_registry == [assets.tarball_url()]
    assert "already installed" in assets.install_yasgui(target)
    assert len(fake_registry) == 1  # nothing downloaded the second time
    (target / "yasgui.min.js").write_bytes(b"tampered")
    assets.install_yasgui(target)  # a changed file is replaced
    assert len(fake_registry) == 2
    assert (target / "yasgui.min.js").read_bytes() == b"window.Yasgui = function () {};"
    assets.install_yasgui(target, force=True)
    assert len(fake_registry) == 3


def test_another_version_does_not_count_as_installed(tmp_path, fake_registry, monkeypatch):
    assets.install_yasgui(tmp_path)
    monkeypatch.setattr(assets, "YASGUI_VERSION", "99.0.0")
    assert not assets.yasgui_installed(tmp_path)


def test_install_refuses_a_tarball_that_does_not_match_the_pin(tmp_path, fake_registry, monkeypatch):
    monkeypatch.setattr(assets, "YASGUI_INTEGRITY", sri(b"something else"))
    with pytest.raises(assets.AssetError, match="does not match its pinned sha512"):
        assets.install_yasgui(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_install_offline_says_so(tmp_path, monkeypatch):
    def offline(*args, **kwargs):
        raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(assets.urllib.request, "urlopen", offline)
    with pytest.raises(assets.AssetError, match="could not download https://registry.npmjs.org/@zazuko/yasgui/-/yasgui-") as info:
        assets.install_yasgui(tmp_path)
    assert "network access to the npm registry" in str(info.value)
    assert not assets.yasgui_installed(tmp_path)


def test_pinned_version_and_tarball_url():
    assert re.fullmatch(r"\d+\.\d+\.\d+", assets.YASGUI_VERSION)
    assert assets.YASGUI_INTEGRITY.startswith("sha512-")
    assert assets.tarball_url() == f"https://registry.npmjs.org/@zazuko/yasgui/-/yasgui-{assets.YASGUI_VERSION}.tgz"


def test_cli_install_ui(tmp_path, fake_registry, monkeypatch, capsys):
    monkeypatch.setattr(assets, "VENDOR_DIR", tmp_path)
    monkeypatch.setattr(assets, "CHART_PACKAGES", ())  # YASGUI alone here; the chart packages: test_chart_packages_install
    assert run_kg("install-ui", "--check") == 1
    assert run_kg("install-ui") == 0
    assert run_kg("install-ui", "--check") == 0
    assert run_kg("install-ui") == 0
    assert "already installed" in capsys.readouterr().err
    assert len(fake_registry) == 1


def test_chart_packages_install_pinned_and_verified(tmp_path, monkeypatch):
    files = {"package/build/vega.min.js": b"var vega = {};", "package/package.json": b"{}"}
    tarball = fake_tarball(files)
    package = assets.Package("vega", "6.4.0", sri(tarball), {"package/build/vega.min.js": "vega.min.js"}, "vega", "BSD-3-Clause")
    monkeypatch.setattr(assets, "download", lambda url, timeout=60.0: tarball)
    assert not assets.package_installed(package, tmp_path)
    assert "installed vega 6.4.0" in assets.install_package(package, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["INSTALLED.json", "vega.min.js"]
    assert assets.package_installed(package, tmp_path)
    assert package.tarball_url() == "https://registry.npmjs.org/vega/-/vega-6.4.0.tgz"
    bad = assets.Package("vega", "6.4.0", sri(b"other"), package.files, "vega", "BSD-3-Clause")
    with pytest.raises(assets.AssetError, match="does not match its pinned sha512"):
        assets.install_package(bad, tmp_path / "bad")
    # every package kg install-ui fetches is pinned by an integrity string
    assert all(p.integrity.startswith("sha512-") and re.fullmatch(r"\d+\.\d+\.\d+", p.version) for p in assets.CHART_PACKAGES)


def test_cli_install_ui_offline(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(assets, "VENDOR_DIR", tmp_path)

    def offline(url, timeout=60.0):
        raise assets.AssetError(f"could not download {url}: offline")

    monkeypatch.setattr(assets, "download", offline)
    assert run_kg("install-ui") == 1
    assert "kg: could not download" in capsys.readouterr().err


def test_home_page_says_whether_the_server_takes_updates():
    read_only = create_app(Store()).test_client().get("/").get_data(as_text=True)
    assert "This server is read-only." in read_only and "/update" not in read_only
    writable = create_app(Store(), update_token="t").test_client().get("/").get_data(as_text=True)
    assert "Updates go to <code>http://localhost/update</code>" in writable
