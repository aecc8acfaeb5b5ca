"""``/dumps/``: validators and conditional requests, HEAD, checksums, deterministic bytes, names."""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
import shutil
import subprocess
import time
from datetime import UTC, datetime
from email.utils import format_datetime

import pyoxigraph as ox
import pytest

from kg.namespaces import ONTOLOGY, RDF, SCHEMA
from kg.stores.local import Store
from kg.web import create_app, dumps

pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")

EX = "https://example.org/"
G1 = ox.NamedNode(EX + "graph/a1")
G2 = ox.NamedNode(EX + "graph/a2")
TYPE = ox.NamedNode(RDF + "type")
HEADLINE = ox.NamedNode(SCHEMA + "headline")
ARTICLE = ox.NamedNode(ONTOLOGY + "Article")
NAMES = list(dumps.DUMPS)


def _graph(graph: ox.NamedNode, n: int) -> list[ox.Quad]:
    quads = []
    for i in range(n):
        article = ox.NamedNode(f"{graph.value}/article/{i}")
        quads += [
            ox.Quad(article, TYPE, ARTICLE, graph),
            ox.Quad(article, HEADLINE, ox.Literal(f"Headline {i} of {graph.value}", language="en"), graph),
            ox.Quad(article, HEADLINE, ox.Literal(f"Kepala berita {i}", language="id"), graph),
            ox.Quad(ox.BlankNode(), HEADLINE, ox.Literal("a blank node"), graph),
        ]
    return quads


@pytest.fixture
def store() -> Store:
    store = Store()
    store.replace_graph(G1, _graph(G1, 50))
    store.replace_graph(G2, _graph(G2, 30))
    return store


@pytest.fixture
def client(store):
    return create_app(store).test_client()


@pytest.fixture
def later(monkeypatch):
    """Move the clock of the Last-Modified guard a few seconds on, past the last write's second."""
    monkeypatch.setattr(dumps, "_clock", lambda: time.time() + 5)


@pytest.fixture
def no_serialising(store, monkeypatch):
    """Make any serialisation of the store fail the test."""

    def fail(*args, **kwargs):
        raise AssertionError("the store was serialised")

    monkeypatch.setattr(store, "stream_dump", fail)


def counting(store, monkeypatch) -> list[str]:
    calls: list[str] = []
    original = store.stream_dump
    monkeypatch.setattr(store, "stream_dump", lambda fmt, **k: calls.append(fmt) or original(fmt, **k))
    return calls


def http_date(seconds: float) -> str:
    return format_datetime(datetime.fromtimestamp(int(seconds), UTC), usegmt=True)


def sums(client) -> dict[str, str]:
    r = client.get("/dumps/SHA256SUMS")
    assert r.status_code == 200 and r.mimetype == "text/plain"
    lines = r.data.decode("ascii").splitlines()
    assert all(re.fullmatch(r"[0-9a-f]{64}  newskg\.[a-z]+\.gz", line) for line in lines), lines
    return {line[66:]: line[:64] for line in lines}


# --- validators ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_dump_validators(client, store, name, later):
    r = client.get(f"/dumps/{name}")
    assert r.status_code == 200 and r.headers["Content-Type"] == "application/gzip"
    assert r.headers["ETag"].startswith('"')  # strong: the bytes are the same for the same revision
    assert r.headers["Last-Modified"] == http_date(store.modified)
    cache_control = {d.strip() for d in r.headers["Cache-Control"].split(",")}
    assert {"public", "must-revalidate"} <= cache_control and any(d.startswith("max-age=") for d in cache_control)
    assert "Content-Encoding" not in r.headers  # a .gz file, not a compressed transfer
    assert client.get(f"/dumps/{name}").headers["ETag"] == r.headers["ETag"]


def test_each_dump_has_its_own_etag(client):
    tags = {client.head(f"/dumps/{name}").headers["ETag"] for name in NAMES}
    assert len(tags) == len(NAMES)


def test_etag_changes_after_a_write_and_only_then(client, store):
    before = {name: client.head(f"/dumps/{name}").headers["ETag"] for name in NAMES}
    store.query("SELECT * WHERE { ?s ?p ?o }")  # reads change nothing
    assert {name: client.head(f"/dumps/{name}").headers["ETag"] for name in NAMES} == before
    store.replace_graph(G2, _graph(G2, 3))
    after = {name: client.head(f"/dumps/{name}").headers["ETag"] for name in NAMES}
    assert all(after[name] != before[name] for name in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_if_none_match_is_304_without_serialising(client, name, monkeypatch):
    etag = client.head(f"/dumps/{name}").headers["ETag"]
    calls = counting(client.application.extensions["newskg.store"], monkeypatch)
    for tag in (etag, "W/" + etag, f'"nope", {etag}', "*"):
        r = client.get(f"/dumps/{name}", headers={"If-None-Match": tag})
        assert r.status_code == 304 and r.data == b""
        assert r.headers["ETag"] == etag and "Cache-Control" in r.headers
    assert calls == []
    r = client.get(f"/dumps/{name}", headers={"If-None-Match": '"nope"'})
    assert r.status_code == 200 and r.data[:2] == b"\x1f\x8b"


def test_if_modified_since_is_304_without_serialising(client, store, later, monkeypatch):
    name = NAMES[0]
    last_modified = client.head(f"/dumps/{name}").headers["Last-Modified"]
    calls = counting(store, monkeypatch)
    r = client.get(f"/dumps/{name}", headers={"If-Modified-Since": last_modified})
    assert r.status_code == 304 and r.data == b""
    r = client.get(f"/dumps/{name}", headers={"If-Modified-Since": http_date(time.time() + 3600)})
    assert r.status_code == 304
    assert calls == []
    assert client.get(f"/dumps/{name}", headers={"If-Modified-Since": http_date(store.modified - 60)}).status_code == 200
    # If-None-Match, when present, decides
    r = client.get(f"/dumps/{name}", headers={"If-None-Match": '"nope"', "If-Modified-Since": last_modified})
    assert r.status_code == 200


def test_last_modified_moves_with_a_write(client, store, later):
    name = NAMES[0]
    last_modified = client.head(f"/dumps/{name}").headers["Last-Modified"]
    time.sleep(1.01)  # HTTP dates have one-second resolution
    store.replace_graph(G1, _graph(G1, 2))
    r = client.get(f"/dumps/{name}", headers={"If-Modified-Since": last_modified})
    assert r.status_code == 200 and r.headers["Last-Modified"] != last_modified


def test_no_last_modified_within_the_second_of_a_write(client, store, monkeypatch):
    monkeypatch.setattr(dumps, "_clock", lambda: store.modified)
    r = client.head(f"/dumps/{NAMES[0]}")
    assert "Last-Modified" not in r.headers and "ETag" in r.headers
    # so an If-Modified-Since alone cannot match
    r = client.get(f"/dumps/{NAMES[0]}", headers={"If-Modified-Since": http_date(store.modified)})
    assert r.status_code == 200


@pytest.mark.parametrize("name", NAMES)
def test_head_answers_the_headers_without_serialising(client, name, monkeypatch):
    get = client.get(f"/dumps/{name}")
    store = client.application.extensions["newskg.store"]
    calls = counting(store, monkeypatch)
    head = client.head(f"/dumps/{name}")
    assert head.status_code == 200 and head.data == b"" and calls == []
    for header in ("Content-Type", "Content-Disposition", "ETag", "Cache-Control"):
        assert head.headers[header] == get.headers[header]
    assert "Content-Length" not in head.headers or head.headers["Content-Length"] != "0"


# --- bytes and checksums -----------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_same_revision_same_bytes(client, name):
    first, second = client.get(f"/dumps/{name}").data, client.get(f"/dumps/{name}").data
    assert first == second
    assert first[:4] == b"\x1f\x8b\x08\x00"  # gzip, deflate, no flags (no file name)
    assert first[4:8] == b"\0\0\0\0"  # MTIME 0: the time of the request is not in the file
    assert gzip.decompress(first)


def test_sha256sums_match_the_downloads(client):
    listed = sums(client)
    assert list(listed) == NAMES
    for name in NAMES:
        body = client.get(f"/dumps/{name}").data
        assert listed[name] == hashlib.sha256(body).hexdigest()
        r = client.get(f"/dumps/{name}.sha256")
        assert r.status_code == 200 and r.mimetype == "text/plain"
        assert r.data.decode() == f"{listed[name]}  {name}\n"


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="no sha256sum")
def test_sha256sum_accepts_the_list(client, tmp_path):
    (tmp_path / "SHA256SUMS").write_bytes(client.get("/dumps/SHA256SUMS").data)
    for name in NAMES:
        (tmp_path / name).write_bytes(client.get(f"/dumps/{name}").data)
    done = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], check=False, cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    (tmp_path / NAMES[0]).write_bytes(b"not the dump")
    assert subprocess.run(["sha256sum", "-c", "SHA256SUMS"], check=False, cwd=tmp_path, capture_output=True).returncode != 0


def test_digests_are_computed_once_per_revision(client, store, monkeypatch):
    calls = counting(store, monkeypatch)
    first = sums(client)
    assert sorted(calls) == sorted(d.fmt for d in dumps.DUMPS.values())  # each dump streamed once
    calls.clear()
    assert sums(client) == first
    for name in NAMES:
        client.get(f"/dumps/{name}.sha256")
    assert calls == []
    store.replace_graph(G2, _graph(G2, 4))
    second = sums(client)
    assert len(calls) == len(NAMES)
    assert all(second[name] != first[name] for name in NAMES)
    assert second[NAMES[0]] == hashlib.sha256(client.get(f"/dumps/{NAMES[0]}").data).hexdigest()


def test_a_full_download_records_its_digest(client, store, monkeypatch):
    name = NAMES[1]
    assert "Repr-Digest" not in client.head(f"/dumps/{name}").headers  # not known yet
    body = client.get(f"/dumps/{name}").data
    calls = counting(store, monkeypatch)
    assert client.get(f"/dumps/{name}.sha256").data.decode().split()[0] == hashlib.sha256(body).hexdigest()
    assert calls == []  # known from the download
    expected = "sha-256=:" + base64.b64encode(hashlib.sha256(body).digest()).decode() + ":"
    assert client.head(f"/dumps/{name}").headers["Repr-Digest"] == expected
    store.replace_graph(G1, [])
    assert "Repr-Digest" not in client.head(f"/dumps/{name}").headers


def test_checksum_validators(client, store, monkeypatch):
    r = client.get("/dumps/SHA256SUMS")
    etag = r.headers["ETag"]
    assert "no-cache" in r.headers["Cache-Control"]
    assert client.get("/dumps/newskg.nq.gz.sha256").headers["ETag"] != etag
    monkeypatch.setattr(store, "stream_dump", lambda *a, **k: pytest.fail("serialised"))
    r = client.get("/dumps/SHA256SUMS", headers={"If-None-Match": etag})
    assert r.status_code == 304
    store.replace_graph(G1, [])
    monkeypatch.undo()
    r = client.get("/dumps/SHA256SUMS", headers={"If-None-Match": etag})
    assert r.status_code == 200 and r.headers["ETag"] != etag


def test_checksum_head_computes_nothing(client, no_serialising):
    for path in ("/dumps/SHA256SUMS", "/dumps/newskg.ttl.gz.sha256"):
        r = client.head(path)
        assert r.status_code == 200 and r.data == b"" and "ETag" in r.headers


# --- names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/dumps/newskg.xml.gz",
        "/dumps/NEWSKG.NQ.GZ",
        "/dumps/newskg.nq",
        "/dumps/..",
        "/dumps/.",
        "/dumps/../kg/stores/local.py",
        "/dumps/../../pyproject.toml",
        "/dumps/..%2Fstore.py",
        "/dumps/..%2F..%2Fpyproject.toml",
        "/dumps/%2e%2e/%2e%2e/pyproject.toml",
        "/dumps/%2e%2e%2f%2e%2e%2fpyproject.toml",
        "/dumps/..%5C..%5Cpyproject.toml",
        "/dumps/%2Fetc%2Fpasswd",
        "/dumps//etc/passwd",
        "/dumps/newskg.nq.gz/",
        "/dumps/newskg.nq.gz/..%2F..%2Fpyproject.toml",
        "/dumps/newskg.nq.gz%00",
        "/dumps/newskg.nq.gz%00.sha256",
        "/dumps/SHA256SUMS.sha256",
        "/dumps/newskg.nq.gz.sha256.sha256",
        "/dumps/.sha256",
        "/dumps/store.py",
        "/dumps/__init__.py",
        "/dumps/dumps.html",
    ],
)
def test_only_the_known_dumps_are_served(client, path, no_serialising):
    r = client.get(path, follow_redirects=True)
    assert r.status_code == 404, (path, r.status_code, r.data[:200])
    assert b"[project]" not in r.data and b"root:" not in r.data


def test_index_lists_files_checksums_and_void(client):
    r = client.get("/dumps/")
    assert r.status_code == 200 and r.mimetype == "text/html"
    page = r.data.decode()
    for name in NAMES:
        assert f'href="/dumps/{name}"' in page
        assert f'href="/dumps/{name}.sha256"' in page
    assert 'href="/dumps/SHA256SUMS"' in page
    assert 'href="/.well-known/void"' in page
    for href in re.findall(r'href="(/[^"]*)"', page):
        if href != "/":
            assert client.get(href).status_code == 200, href
