"""Hostile requests: none may crash, starve or exhaust the endpoint, or make it reach the network.

One regression per defect found by probing the endpoint as an attacker would (the hardening
issue): runaway queries outliving their 503, memory without bound, nesting that kills the
process, the SERVICE allow-list bypassed by escapes. Chunked bodies, idle connections, ingest
and CORS have their own tests (test_serve.py, test_ingest_inputs.py, test_operations.py).
"""

from __future__ import annotations

import http.server
import json
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from kg.execution import snapshots
from kg.execution.processes import ProcessRunner
from kg.sparqltext.guard import Limits
from kg.stores.local import Store
from kg.web import create_app
from test_serve import Served

CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
BIG_SORT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture
def store_path(seed_store, tmp_path):
    import shutil

    path = tmp_path / "store"
    shutil.copytree(seed_store, path)
    return path


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except OSError:
        return False


def _worker_pids(runner) -> set[int]:
    return {w.process.pid for w in list(runner._busy) + list(runner._idle)}


def test_a_runaway_query_is_stopped_at_its_deadline_and_its_cpu_released(store_path):
    app = create_app(Store(store_path), timeout=1)
    runner = app.extensions["newskg.runner"]
    client = app.test_client()
    assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
    started = time.monotonic()
    pids: set[int] = set()
    watcher = threading.Thread(target=lambda: [pids.update(_worker_pids(runner)) or time.sleep(0.05) for _ in range(20)])
    watcher.start()
    answer = client.get("/sparql", query_string={"query": CROSS_JOIN})
    watcher.join()
    assert answer.status_code == 503 and "timed out" in answer.get_data(as_text=True)
    assert time.monotonic() - started < 2
    time.sleep(0.5)  # within a second of the 503, the process that ran it is gone
    assert runner.killed["timeout"] == 1 and runner.running == 0
    assert not any(_alive(pid) for pid in pids - _worker_pids(runner))
    assert client.get("/sparql", query_string={"query": "ASK {}"}, headers=JSON).get_json() == {"head": {}, "boolean": True}


def test_a_query_over_its_memory_budget_is_stopped(store_path):
    app = create_app(Store(store_path), timeout=60, query_memory=200 << 20)
    answer = app.test_client().get("/sparql", query_string={"query": BIG_SORT})
    assert answer.status_code == 503 and "200 MiB" in answer.get_data(as_text=True)
    assert app.extensions["newskg.runner"].killed["memory"] == 1


def test_runaway_queries_never_hold_the_slots_for_good(store_path):
    """More runaway queries than workers: each is stopped at its deadline, and ASK {} is answered."""
    app = create_app(Store(store_path), timeout=1, query_workers=4)
    client = app.test_client()
    statuses: list[int] = []

    def runaway():
        statuses.append(app.test_client().get("/sparql", query_string={"query": CROSS_JOIN}).status_code)

    threads = [threading.Thread(target=runaway) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(statuses) <= {503} and len(statuses) == 12  # timed out, or told to come back
    started = time.monotonic()
    assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
    assert time.monotonic() - started < 1


def test_a_crash_in_the_engine_fails_one_request_and_the_worker_is_replaced(store_path):
    # Oxigraph 0.5 overflows its stack on 20,000 '!' in a row; the default limits refuse it (400)
    crash = "SELECT * { FILTER(" + "!" * 20000 + "true) }"
    app = create_app(Store(store_path), query_limits=Limits(max_prefix_run=100_000, max_tokens=100_000))
    client = app.test_client()
    answer = client.get("/sparql", query_string={"query": crash})
    assert answer.status_code == 500 and "crashed" in answer.get_data(as_text=True)
    assert app.extensions["newskg.runner"].killed["crashed"] == 1
    assert client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"}, headers=JSON).get_json()["boolean"] is True
    refused = create_app(Store()).test_client().get("/sparql", query_string={"query": crash})
    assert refused.status_code == 400 and "operators in a row" in refused.get_data(as_text=True)


@pytest.mark.parametrize("route", ["/sparql", "/update"])
def test_deep_nesting_is_a_400_on_queries_and_updates(store_path, route):
    app = create_app(Store(store_path), update_token="t")
    deep = "{" * 3000 + "?s ?p ?o" + "}" * 3000
    text = "SELECT * WHERE " + deep if route == "/sparql" else "DELETE WHERE " + deep
    field = "query" if route == "/sparql" else "update"
    answer = app.test_client().post(route, data={field: text}, headers={"Authorization": "Bearer t"})
    assert answer.status_code == 400 and "nested 3000 deep" in answer.get_data(as_text=True)


class _Canary(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self):
        type(self).hits += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(b'{"head":{"vars":[]},"results":{"bindings":[]}}')

    do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def canary():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Canary)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Canary.hits = 0
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()


def test_escapes_in_an_iri_no_longer_hide_a_service(store_path, canary):
    app = create_app(Store(store_path))
    query = f"SELECT * WHERE {{ ?s ?p <http://a/\\u0041#x> SERVICE <{canary}> {{ ?a ?b ?c }} }}"
    answer = app.test_client().get("/sparql", query_string={"query": query})
    assert answer.status_code == 403 and _Canary.hits == 0


def test_workers_cannot_reach_the_network_even_past_the_guard(store_path, canary):
    """Defence in depth: the runner is handed a SERVICE query directly, as if the guard had missed it."""
    runner = ProcessRunner(snapshots.for_store(Store(store_path)), timeout=10)
    try:
        with pytest.raises(RuntimeError) as failed:
            media_type, chunks = runner.run(f"SELECT * WHERE {{ SERVICE <{canary}> {{ ?a ?b ?c }} }}", {}, {"results": "text/csv", "graph": None})
            b"".join(chunks)
        assert "ermission denied" in str(failed.value) or "denied" in str(failed.value).lower()
        assert _Canary.hits == 0
    finally:
        runner.close()


def test_an_acknowledged_write_is_seen_by_the_next_query_on_every_worker(store_path):
    app = create_app(Store(store_path), update_token="t", query_workers=3)
    client = app.test_client()
    ask = "ASK { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/b> N } }"
    for n in range(4):
        insert = f"INSERT DATA {{ GRAPH <http://example.org/g> {{ <http://example.org/a> <http://example.org/b> {n} }} }}"
        assert client.post("/update", data={"update": insert}, headers={"Authorization": "Bearer t"}).status_code == 204
        answers: list[bool] = []

        def asks():
            for _ in range(3):
                answers.append(app.test_client().get("/sparql", query_string={"query": ask.replace("N", str(n))}, headers=JSON).get_json()["boolean"])

        threads = [threading.Thread(target=asks) for _ in range(3)]  # several workers, old and new
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert answers == [True] * 9
    runner = app.extensions["newskg.runner"]
    assert runner.stats()["workers"] >= 2
    checkpoints = runner.snapshots
    assert len(list(checkpoints.root.iterdir())) <= 1 + runner.stats()["workers"]  # old checkpoints are collected
    runner.close()
    assert not checkpoints.root.exists()


def test_kg_serve_keeps_answering_while_runaway_queries_are_stopped(store_path):
    """The production server (granian): runaway queries in flight, normal ones still answered."""
    served = Served(store_path, "--timeout", "1", "--query-workers", "4")
    try:
        errors: list[str] = []

        def runaway():
            try:
                served.query(CROSS_JOIN).read()
            except urllib.error.HTTPError as exc:
                if exc.code != 503:
                    errors.append(f"{exc.code}")

        threads = [threading.Thread(target=runaway) for _ in range(6)]
        for t in threads:
            t.start()
        time.sleep(1.6)
        started = time.monotonic()
        with served.query("ASK { ?s ?p ?o }", **JSON) as response:
            assert json.load(response)["boolean"] is True
        assert time.monotonic() - started < 1.5
        for t in threads:
            t.join()
        assert not errors
        with served.get("/health") as response:
            assert json.load(response)["queries"]["killed"]["timeout"] >= 1
    finally:
        served.stop()


def test_fair_share_counts_cpu_time_not_time_on_the_clock(monkeypatch):
    """A query is reniced after a second of CPU work; one that waited (a busy machine, a slow
    client) for longer on the clock, having worked less, keeps its priority."""
    from kg.execution import processes

    niced = []
    monkeypatch.setattr(processes.os, "setpriority", lambda which, pid, value: niced.append((pid, value)))

    class Worker:
        def __init__(self, pid):
            self.process = type("P", (), {"pid": pid})()
            self.busy_since, self.niced, self.over_budget = 100.0, False, False
            self.cpu_base, self.cpu_since, self.cpu = 0.0, None, 5.0

        def rss(self):
            return 0

        def cpu_seconds(self):
            return self.cpu

    runner = ProcessRunner.__new__(ProcessRunner)  # only its watchdog step: no processes
    runner.memory_bytes = None
    runner._idle = []
    waiting, working = Worker(1), Worker(2)
    runner._busy = {waiting, working}
    runner._check(100.05)  # the watchdog's first look: the count starts
    waiting.cpu += 0.2
    working.cpu += 1.1
    runner._check(103.0)  # three seconds on the clock for both
    assert niced == [(2, 10)] and working.niced and not waiting.niced
    runner._busy = set()


@pytest.mark.parametrize("allowed", [True, False])
def test_a_reniced_worker_gets_its_priority_back_or_is_replaced_at_once(store_path, monkeypatch, allowed):
    """After a reniced query, the worker is given nice 0 again where the system allows it (it keeps
    its warm caches); where it does not, it is replaced at once, not when a request finds no idle
    worker."""
    from kg.execution import processes

    calls = []

    def setpriority(which, pid, value):
        calls.append((pid, value))
        if not allowed:
            raise PermissionError("not allowed")

    runner = ProcessRunner(snapshots.StoreFolder(store_path), timeout=30, workers=2)
    try:
        runner.warm(ready_within=30)
        assert len(runner._idle) == 2
        monkeypatch.setattr(processes.os, "setpriority", setpriority)
        media_type, chunks = runner.run("ASK {}", {}, {"results": "text/csv", "graph": None})
        (worker,) = runner._busy
        worker.niced = True  # as the watchdog marks a query past a second of CPU time
        assert b"".join(chunks) == b"true"
        assert calls == [(worker.process.pid, 0)]
        if allowed:
            assert worker in runner._idle and not worker.niced and worker.alive
        else:
            assert worker not in runner._idle and not worker.alive
            deadline = time.monotonic() + 30
            while len(runner._idle) < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert len(runner._idle) == 2 and worker.process.pid not in _worker_pids(runner)
    finally:
        runner.close()
