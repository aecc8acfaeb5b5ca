"""Shared fixtures: a store with the seed article ingested through the real CLI."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest

from kg.cli import main
from kg.web.server import make_server

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
QUERIES = ROOT / "queries"
DATA = Path(__file__).resolve().parent / "data"


def run_kg(*args: str) -> int:
    return main([str(a) for a in args])


def query_rows(store: Path, query_file: Path, capsys) -> list[dict]:
    """Run a query file through `kg query --format json`; rows as {var: value}."""
    capsys.readouterr()
    assert run_kg("query", "--store", store, query_file, "--format", "json") == 0
    result = json.loads(capsys.readouterr().out)
    return [{k: v["value"] for k, v in row.items()} for row in result["results"]["bindings"]]


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("seed") / "store"
    assert main(["ingest", "--store", str(store), str(SEEDS)]) == 0
    return store


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory) -> Path:
    """The seed plus the small English and Indonesian test articles."""
    store = tmp_path_factory.mktemp("corpus") / "store"
    assert main(["ingest", "--store", str(store), str(SEEDS), str(DATA / "samples")]) == 0
    return store


@pytest.fixture
def workdir(tmp_path) -> Path:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    return tmp_path


class LiveServer:
    """An app under waitress on a free 127.0.0.1 port, in a thread; ``.url`` is its root."""

    def __init__(self, app, threads: int = 4):
        self.server = make_server(app, host="127.0.0.1", port=0, threads=threads)
        self.url = f"http://127.0.0.1:{self.server.effective_port}"
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.close()
        self.thread.join(timeout=5)
        assert not self.thread.is_alive()


def http_proxy(url: str):
    """A WSGI app that forwards each request, byte for byte, to the server at ``url``.

    ``werkzeug.test.Client(http_proxy(url))`` then drives a real server (``kg serve`` under
    granian, in its own process) with the test client's API, so tests written against the app
    run unchanged against the production server. The Host header goes through as the test
    client sets it, so IRIs built from it come out the same.
    """
    import http.client
    from urllib.parse import quote, urlsplit

    target = urlsplit(url)
    hop_by_hop = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade"}

    def app(environ, start_response):
        path = (environ.get("REQUEST_URI") or quote(environ.get("PATH_INFO", ""))).split("?", 1)[0]
        if environ.get("QUERY_STRING"):
            path += "?" + environ["QUERY_STRING"]
        headers = {key[5:].replace("_", "-").title(): value for key, value in environ.items() if key.startswith("HTTP_")}
        for key, name in (("CONTENT_TYPE", "Content-Type"), ("CONTENT_LENGTH", "Content-Length")):
            if environ.get(key):
                headers[name] = environ[key]
        body = environ["wsgi.input"].read() if environ.get("CONTENT_LENGTH") or environ.get("wsgi.input_terminated") else b""
        connection = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
        connection.putrequest(environ["REQUEST_METHOD"], path, skip_host=True, skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders(body or None)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        start_response(f"{response.status} {response.reason}", [(k, v) for k, v in response.getheaders() if k.lower() not in hop_by_hop])
        return [data]

    return app
