"""`kg serve` as a user starts it: the production server (granian) in its own process.

The other HTTP tests drive the app in-process (Flask's test client, or waitress in a thread);
these check that the same behaviour survives the real server: streaming, the timeout, gzip,
the access log, several read-only workers, and a clean refusal of bad settings.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest

QUERY = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }"  # 845**3 rows on the seed


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    def __init__(self, store, *options: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(self.port), *options]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        start_new_session=True)
        # read the log as it comes: a full pipe would block the server's next access-log line
        self._lines: list[str] = []
        self._reader = threading.Thread(target=self._lines.extend, args=(self.process.stdout,), daemon=True)
        self._reader.start()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=2) as response:
                    self.health = json.load(response)
                    return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.2)
        self.stop()
        pytest.fail(f"kg serve did not start:\n{self.output}")

    def get(self, path: str, **headers):
        request = urllib.request.Request(self.url + path, headers=headers)
        return urllib.request.urlopen(request, timeout=60)

    def query(self, query: str, **headers):
        return self.get("/sparql?" + urlencode({"query": query}), **headers)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # granian stops its workers; signalling them too races
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._reader.join(10)
        self.output = "".join(self._lines)


@pytest.fixture
def store(seed_store, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(seed_store, copy)
    return copy


def test_kg_serve_answers_streams_compresses_and_logs(store):
    served = Served(store)
    try:
        assert served.health["status"] == "ok" and served.health["triples"] > 800
        with served.query(QUERY, Accept="text/csv") as response:
            assert response.status == 200 and response.headers["Content-Type"] == "text/csv; charset=utf-8"
            rows = response.read().decode().splitlines()
        assert rows[0] == "s,p,o" and len(rows) > 800
        with served.query(QUERY, Accept="text/csv", **{"Accept-Encoding": "gzip"}) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(response.read()).decode().splitlines() == rows
        with served.get("/dumps/newskg.nq.gz") as response:
            assert len(gzip.decompress(response.read()).splitlines()) == served.health["triples"]
    finally:
        served.stop()
    assert '"GET /sparql?query=SELECT' in served.output and " 200 " in served.output and "query;dur=" in served.output


def test_kg_serve_stops_a_query_at_its_deadline(store):
    served = Served(store, "--timeout", "2")
    try:
        started = time.monotonic()
        with pytest.raises(urllib.error.HTTPError) as error:
            served.query(SLOW)
        assert error.value.code == 503
        assert "timed out" in error.value.read().decode()
        assert time.monotonic() - started < 30
        try:
            with served.query("ASK { ?s ?p ?o }", Accept="application/sparql-results+json") as response:
                assert json.load(response)["boolean"] is True
        except urllib.error.HTTPError as after:  # say why, should it happen
            pytest.fail(f"the next query: {after.code} {after.read().decode()[:300]}")
    finally:
        served.stop()


def test_kg_serve_with_read_only_workers(store):
    served = Served(store, "--workers", "2")
    try:
        for _ in range(6):
            with served.query("ASK { ?s ?p ?o }", Accept="application/sparql-results+json") as response:
                assert json.load(response)["boolean"] is True
        assert served.health["writable"] is False
    finally:
        served.stop()


def test_kg_serve_refuses_workers_with_writes(store):
    result = subprocess.run([sys.executable, "-m", "kg", "serve", "--store", str(store), "--workers", "2",
                             "--update-token", "t"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "one worker" in result.stderr
