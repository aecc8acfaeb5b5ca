"""Operating the endpoint: timeouts, the result cache and ETags, gzip, CORS, access logs,
HTML answers with a row cap, parallel requests and request size limits.

Driven through the Flask test client, and through a real waitress server where the behaviour
lives in the server (parallelism, what a client sees when a stream is cut).
"""

from __future__ import annotations

import gc
import gzip
import http.client
import json
import logging
import sys
import threading
import time
import urllib.request
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
from conftest import LiveServer

from kg.stores.local import Store
from kg.web import create_app

pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")

EX = "https://example.org/"
G = ox.NamedNode(EX + "graph/g")
P = ox.NamedNode(EX + "p")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
JSON = "application/sparql-results+json"
SELECT_ALL = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s"
# Nested loops over the whole store: no answer for a long time, then a count.
SLOW_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }"
# The same joins, streaming millions of triples out as they are found.
SLOW_STREAM = "CONSTRUCT { ?a ?p ?y } WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }"


def filled(n: int) -> Store:
    store = Store()
    store.replace_graph(G, [ox.Quad(ox.NamedNode(f"{EX}s/{i}"), P, ox.Literal(i), G) for i in range(n)])
    return store


@pytest.fixture
def store() -> Store:
    return filled(20)


class CountingStore(Store):
    """A store that counts the queries it evaluates (to see which requests reach it)."""

    def __init__(self):
        super().__init__()
        self.evaluated = 0

    def query(self, sparql, **options):
        self.evaluated += 1
        return super().query(sparql, **options)


@pytest.fixture
def counting() -> CountingStore:
    store = CountingStore()
    store.replace_graph(G, [ox.Quad(ox.NamedNode(f"{EX}s/{i}"), P, ox.Literal(i), G) for i in range(20)])
    return store


def get(client, query, **headers):
    """A GET whose body is read at once, as a WSGI server would (the cache keeps bodies sent whole)."""
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": JSON, **headers})
    response.get_data()
    return response


Server = LiveServer


def wait_until(condition, seconds=20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


# --- timeout ----------------------------------------------------------------------------------


def test_a_query_past_its_deadline_is_answered_503_with_the_reason():
    client = create_app(filled(400), timeout=0.3).test_client()
    started = time.monotonic()
    r = get(client, SLOW_COUNT)
    waited = time.monotonic() - started
    assert r.status_code == 503
    assert r.mimetype == "text/plain"
    assert "timed out" in r.get_data(as_text=True) and "0.3 s" in r.get_data(as_text=True)
    # 400**3 = 64 million join rows take far longer than this; the client did not wait for them
    assert waited < 30
    assert get(client, "ASK { ?s ?p ?o }").status_code == 200  # the endpoint still answers


def test_a_streaming_query_past_its_deadline_is_cut_and_its_work_stops():
    # 2 s, not less: on a loaded machine the first 8 KiB of the answer must still come in time
    app = create_app(filled(300), timeout=2)
    runner = app.extensions["newskg.runner"]
    with Server(app) as server:
        url = f"{server.url}/sparql?" + urlencode({"query": SLOW_STREAM})
        request = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
        with pytest.raises((http.client.IncompleteRead, ConnectionError)):
            with urllib.request.urlopen(request, timeout=30) as response:
                assert response.status == 200  # the first triples were already out
                while response.read(1 << 16):
                    pass
        # 300**3 = 27 million triples would take minutes; the writer stops at its next write
        assert wait_until(lambda: runner.running == 0, 10)


def test_timeout_zero_means_no_deadline(store):
    app = create_app(store, timeout=0)
    assert app.extensions["newskg.runner"].timeout is None
    assert get(app.test_client(), SELECT_ALL).status_code == 200


def test_the_cli_passes_every_setting_to_the_app(tmp_path, monkeypatch):
    from kg import cli
    from kg.web.server import Settings, build_app

    captured = {}
    monkeypatch.setattr("kg.web.server.serve", lambda settings, **kw: captured.update(settings=settings, **kw))
    Store(tmp_path / "store")  # an empty store on disk
    assert cli.main(["serve", "--store", str(tmp_path / "store"), "--timeout", "2.5", "--no-cache", "--port", "9999",
                     "--update-token", "t0k", "--cors", "https://a.example", "--html-max-rows", "7",
                     "--cors-write", "https://admin.example", "http://localhost:3000"]) == 0
    assert captured["port"] == 9999 and captured["workers"] == 1 and captured["server"] == "granian"
    config = build_app(Settings.from_json(captured["settings"].to_json())).config  # as a granian worker gets them
    assert config["NEWSKG_TIMEOUT"] == 2.5 and config["NEWSKG_CACHE_BYTES"] == 0
    assert config["NEWSKG_UPDATE_TOKEN"] == "t0k" and config["NEWSKG_CORS_ORIGINS"] == ("https://a.example",)
    assert config["NEWSKG_CORS_WRITE_ORIGINS"] == ("https://admin.example", "http://localhost:3000")
    assert config["NEWSKG_HTML_MAX_ROWS"] == 7
    del config
    gc.collect()  # the app held the store open; RocksDB allows one writer per folder
    monkeypatch.setenv("KG_UPDATE_TOKEN", "from-env")
    assert cli.main(["serve", "--store", str(tmp_path / "store")]) == 0
    assert captured["settings"].update_token == "from-env" and captured["settings"].cache_bytes == 64 << 20
    assert captured["settings"].cors_origins == ("*",) and captured["settings"].cors_write_origins == ()  # the defaults
    assert cli.main(["serve", "--store", str(tmp_path / "store"), "--cors-write", "*"]) == 2  # never any site
    assert cli.main(["serve", "--store", str(tmp_path / "store"), "--workers", "2"]) == 2  # writes need one worker
    monkeypatch.delenv("KG_UPDATE_TOKEN")
    assert cli.main(["serve", "--store", str(tmp_path / "store"), "--workers", "2"]) == 0
    assert captured["workers"] == 2 and captured["settings"].read_only


# --- ETag, 304 and the result cache -----------------------------------------------------------


def test_if_none_match_answers_304_without_evaluating(counting):
    client = create_app(counting).test_client()
    first = get(client, SELECT_ALL)
    etag = first.headers["ETag"]
    assert first.status_code == 200 and etag and first.headers["Cache-Control"] == "no-cache"
    evaluated = counting.evaluated
    again = get(client, SELECT_ALL, **{"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    assert counting.evaluated == evaluated
    assert get(client, SELECT_ALL, **{"If-None-Match": "*"}).status_code == 304


def test_a_post_with_a_matching_if_none_match_is_412(counting):
    client = create_app(counting).test_client()
    etag = get(client, SELECT_ALL).headers["ETag"]
    r = client.post("/sparql", data={"query": SELECT_ALL}, headers={"Accept": JSON, "If-None-Match": etag})
    assert r.status_code == 412  # RFC 9110 13.1.2: only GET and HEAD get a 304


def test_etag_depends_on_query_format_and_dataset_and_changes_on_writes_only(store):
    client = create_app(store, cache_bytes=0).test_client()
    tag = lambda r: r.headers["ETag"]
    base = get(client, SELECT_ALL)
    assert tag(get(client, SELECT_ALL)) == tag(base)  # reading changes nothing
    assert tag(get(client, SELECT_ALL + " LIMIT 3")) != tag(base)
    assert tag(client.get("/sparql", query_string={"query": SELECT_ALL}, headers={"Accept": "text/csv"})) != tag(base)
    named = client.get("/sparql", query_string={"query": SELECT_ALL, "default-graph-uri": G.value}, headers={"Accept": JSON})
    assert tag(named) != tag(base)
    store.add_to_graph(G, [ox.Triple(ox.NamedNode(EX + "s/new"), P, ox.Literal("new"))])
    after = get(client, SELECT_ALL)
    assert tag(after) != tag(base)
    assert get(client, SELECT_ALL, **{"If-None-Match": tag(base)}).status_code == 200
    assert "new" in after.get_data(as_text=True)


def test_repeated_queries_come_from_the_cache_until_a_write_empties_it(counting):
    app = create_app(counting)
    client = app.test_client()
    cache = app.extensions["newskg.cache"]
    first = get(client, SELECT_ALL)
    assert first.headers["X-Cache"] == "miss"
    evaluated = counting.evaluated
    second = get(client, SELECT_ALL)
    assert second.headers["X-Cache"] == "hit" and second.data == first.data
    assert second.headers["Content-Type"] == first.headers["Content-Type"]
    assert counting.evaluated == evaluated
    assert cache.stats()["entries"] == 1 and cache.stats()["hits"] == 1
    counting.replace_graph(G, [ox.Quad(ox.NamedNode(EX + "s/only"), P, ox.Literal("only"), G)])
    assert cache.stats()["entries"] == 0  # emptied by the write itself
    evaluated = counting.evaluated  # the write's own reads (the search index re-reads the graph) done
    third = get(client, SELECT_ALL)
    assert third.headers["X-Cache"] == "miss" and counting.evaluated == evaluated + 1
    assert json.loads(third.data)["results"]["bindings"][0]["o"]["value"] == "only"


def test_the_cache_is_bounded_in_bytes_and_can_be_turned_off(counting):
    app = create_app(counting, cache_bytes=4096)  # one answer may use at most 1 KiB
    client = app.test_client()
    assert get(client, SELECT_ALL).headers["X-Cache"] == "miss"
    assert get(client, SELECT_ALL).headers["X-Cache"] == "miss"  # ~2 KiB of JSON: too big to keep
    for i in range(20):  # answers of some 600 bytes each: the oldest ones must go
        assert get(client, f"{SELECT_ALL} LIMIT 5 OFFSET {i}").headers["X-Cache"] == "miss"
    stats = app.extensions["newskg.cache"].stats()
    assert 0 < stats["bytes"] <= 4096 and stats["entries"] < 20
    off = create_app(counting, cache_bytes=0).test_client()
    evaluated = counting.evaluated
    assert get(off, SELECT_ALL).headers["X-Cache"] == "off"
    assert get(off, SELECT_ALL).headers["X-Cache"] == "off"
    assert counting.evaluated == evaluated + 2


def test_an_answer_cut_short_is_not_cached(store):
    app = create_app(filled(3000))
    client = app.test_client()
    r = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                   headers={"Accept": "application/n-triples"}, buffered=False)
    next(iter(r.response))
    r.close()
    assert app.extensions["newskg.cache"].stats()["entries"] == 0


# --- gzip, CORS ------------------------------------------------------------------------------


def test_gzip_when_asked_with_the_same_content_and_a_weak_etag(store):
    client = create_app(store).test_client()
    plain = get(client, SELECT_ALL)
    packed = get(client, SELECT_ALL, **{"Accept-Encoding": "gzip, deflate"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    assert gzip.decompress(packed.data) == plain.data
    assert packed.headers["ETag"] == "W/" + plain.headers["ETag"]
    # either form validates
    assert get(client, SELECT_ALL, **{"If-None-Match": packed.headers["ETag"]}).status_code == 304
    refused = get(client, SELECT_ALL, **{"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in refused.headers


def test_streamed_answers_are_gzipped_as_they_stream_and_dumps_are_left_alone():
    client = create_app(filled(3000)).test_client()
    r = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                   headers={"Accept": "application/n-triples", "Accept-Encoding": "gzip"}, buffered=False)
    assert r.is_streamed and r.headers["Content-Encoding"] == "gzip"
    body = gzip.decompress(b"".join(r.response))
    r.close()
    assert len(list(ox.parse(body, ox.RdfFormat.N_TRIPLES))) == 3000
    dump = client.get("/dumps/newskg.nq.gz", headers={"Accept-Encoding": "gzip"})
    assert dump.headers["Content-Type"] == "application/gzip" and "Content-Encoding" not in dump.headers
    assert len(list(ox.parse(gzip.decompress(dump.data), ox.RdfFormat.N_QUADS))) == 3000


def preflight(client, path, method="POST", origin="https://site.example", headers="authorization, content-type"):
    return client.options(path, headers={"Origin": origin, "Access-Control-Request-Method": method,
                                         "Access-Control-Request-Headers": headers})


def allowed_headers(response) -> set[str]:
    return {h.strip().lower() for h in response.headers.get("Access-Control-Allow-Headers", "").split(",") if h.strip()}


def test_cors_for_any_origin_by_default_on_reads_only(store):
    client = create_app(store, update_token="t0k").test_client()
    r = get(client, SELECT_ALL, Origin="https://yasgui.example")
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in r.headers["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Origin" not in get(client, SELECT_ALL).headers  # no Origin, no CORS
    for path in ("/dumps/newskg.nq.gz", "/.well-known/void", "/health", "/examples.json", "/reconcile", "/ontology",
                 f"/store?graph={G.value}"):
        read = client.get(path, headers={"Origin": "https://yasgui.example"})
        assert read.status_code == 200 and read.headers["Access-Control-Allow-Origin"] == "*", path
    query = preflight(client, "/sparql", headers="content-type")
    assert query.headers["Access-Control-Allow-Origin"] == "*" and "POST" in query.headers["Access-Control-Allow-Methods"]
    assert "content-type" in allowed_headers(query) and "authorization" not in allowed_headers(query)
    assert preflight(client, f"/store?graph={G.value}", "GET").headers["Access-Control-Allow-Origin"] == "*"
    # writes: no site may send the token, nor read what a write answered
    for path, method in (("/update", "POST"), (f"/store?graph={G.value}", "PUT"), (f"/store?graph={G.value}", "POST"),
                         (f"/store?graph={G.value}", "DELETE")):
        pre = preflight(client, path, method)
        assert "Access-Control-Allow-Origin" not in pre.headers and not allowed_headers(pre), (path, method)
    done = client.post("/update", data={"update": f"INSERT DATA {{ GRAPH <{G.value}> {{ <{EX}s> <{P.value}> 1 }} }}"},
                       headers={"Origin": "https://yasgui.example", "Authorization": "Bearer t0k"})
    assert done.status_code == 204 and "Access-Control-Allow-Origin" not in done.headers


def test_cross_origin_writes_only_from_the_write_origins(store):
    admin, other = "https://admin.example", "https://other.example"
    client = create_app(store, update_token="t0k", cors_write_origins=[admin]).test_client()
    for path, method in (("/update", "POST"), (f"/store?graph={G.value}", "PUT"), (f"/store?graph={G.value}", "DELETE")):
        pre = preflight(client, path, method, origin=admin)
        assert pre.headers["Access-Control-Allow-Origin"] == admin and "Origin" in pre.headers["Vary"], (path, method)
        assert method in pre.headers["Access-Control-Allow-Methods"] and "authorization" in allowed_headers(pre)
        refused = preflight(client, path, method, origin=other)
        assert "Access-Control-Allow-Origin" not in refused.headers and "Origin" in refused.headers["Vary"]
    # on reads, everyone may query, but only the write origin may send Authorization
    assert "authorization" in allowed_headers(preflight(client, "/sparql", origin=admin))
    anyone = preflight(client, "/sparql", origin=other)
    assert anyone.headers["Access-Control-Allow-Origin"] == "*" and "authorization" not in allowed_headers(anyone)
    assert "Origin" in anyone.headers["Vary"]
    put = client.put(f"/store?graph={EX}graph/new", data=f'<{EX}s> <{P.value}> "2" .', content_type="application/n-triples",
                     headers={"Origin": admin, "Authorization": "Bearer t0k"})
    assert put.status_code == 201 and put.headers["Access-Control-Allow-Origin"] == admin
    assert "Location" in put.headers["Access-Control-Expose-Headers"]
    # with reads closed to other sites, the write origin may still read what it wrote
    closed = create_app(store, cors_origins=[], cors_write_origins=[admin]).test_client()
    assert get(closed, SELECT_ALL, Origin=admin).headers["Access-Control-Allow-Origin"] == admin
    assert "Access-Control-Allow-Origin" not in get(closed, SELECT_ALL, Origin=other).headers
    with pytest.raises(ValueError, match="one by one"):
        create_app(store, cors_write_origins=["*"])


def test_cors_for_listed_origins_only_or_off(store):
    client = create_app(store, cors_origins=["https://ok.example"]).test_client()
    ok = get(client, SELECT_ALL, Origin="https://ok.example")
    assert ok.headers["Access-Control-Allow-Origin"] == "https://ok.example" and "Origin" in ok.headers["Vary"]
    assert "Access-Control-Allow-Origin" not in get(client, SELECT_ALL, Origin="https://evil.example").headers
    assert "authorization" not in allowed_headers(preflight(client, "/sparql", origin="https://ok.example"))
    off = create_app(store, cors_origins=[]).test_client()
    assert "Access-Control-Allow-Origin" not in get(off, SELECT_ALL, Origin="https://ok.example").headers


def test_reconcile_follows_the_read_origins(store):
    def reconcile(app, origin):
        r = app.test_client().post("/reconcile", data={"queries": '{"q0": {"query": "Kyiv"}}'}, headers={"Origin": origin})
        assert r.status_code == 200
        return r.headers.get("Access-Control-Allow-Origin")

    assert reconcile(create_app(store), "https://refine.example") == "*"
    listed = create_app(store, cors_origins=["https://refine.example"])
    assert reconcile(listed, "https://refine.example") == "https://refine.example"
    assert reconcile(listed, "https://evil.example") is None
    assert reconcile(create_app(store, cors_origins=[]), "https://refine.example") is None


# --- HTML answers -----------------------------------------------------------------------------


def test_a_browser_gets_an_html_table_capped_at_the_configured_rows(store):
    client = create_app(store, html_max_rows=5).test_client()
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    r = client.get("/sparql", query_string={"query": SELECT_ALL}, headers={"Accept": browser})
    assert r.status_code == 200 and r.mimetype == "text/html"
    page = r.get_data(as_text=True)
    assert page.count("<tr><td>") == 5
    assert "Showing the first 5 rows only" in page and "format=csv" in page
    few = client.get("/sparql", query_string={"query": SELECT_ALL + " LIMIT 3", "format": "text/html"})
    assert few.get_data(as_text=True).count("<tr><td>") == 3 and "3 rows" in few.get_data(as_text=True)


def test_html_answers_escape_data_and_link_local_iris_to_this_server():
    store = Store()
    evil = '<script>alert("x")</script>'
    thing = ox.NamedNode("https://w3id.org/newskg/id/person/x")
    store.replace_graph(G, [ox.Quad(thing, LABEL, ox.Literal(evil, language="en"), G)])
    client = create_app(store, base="https://w3id.org/newskg/").test_client()
    for query in ("SELECT * WHERE { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o }"):
        page = client.get("/sparql", query_string={"query": query, "format": "text/html"}).get_data(as_text=True)
        assert evil not in page and "&lt;script&gt;" in page
        assert 'href="http://localhost/id/person/x"' in page
    ask = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }", "format": "text/html"})
    assert "<strong>true</strong>" in ask.get_data(as_text=True)


# --- parallel requests, logs, limits ----------------------------------------------------------


def test_requests_are_served_in_parallel():
    """The first query holds until a second one has been answered: one at a time would hang."""
    second_done = threading.Event()

    class Holding(Store):
        def query(self, sparql, **options):
            if "first" in sparql:
                assert second_done.wait(20), "the second request was not served while the first ran"
            return super().query(sparql, **options)

    store = Holding()
    with Server(create_app(store, cache_bytes=0)) as server:
        results = {}

        def ask(name):
            url = f"{server.url}/sparql?" + urlencode({"query": f"ASK {{ ?s ?p ?o }} # {name}"})
            with urllib.request.urlopen(url, timeout=30) as response:
                results[name] = response.status

        first = threading.Thread(target=ask, args=("first",))
        first.start()
        time.sleep(0.2)
        ask("second")
        second_done.set()
        first.join(30)
    assert results == {"first": 200, "second": 200}


def test_each_request_writes_an_access_log_line(store, caplog):
    with caplog.at_level(logging.INFO, logger="kg.access"), Server(create_app(store)) as server:
        url = f"{server.url}/sparql?" + urlencode({"query": SELECT_ALL})
        with urllib.request.urlopen(url, timeout=30) as response:
            size = len(response.read())
        wait_until(lambda: any("/sparql" in r.getMessage() for r in caplog.records), 5)
    line = next(r.getMessage() for r in caplog.records if r.name == "kg.access" and "/sparql" in r.getMessage())
    assert '"GET /sparql?query=' in line and " 200 " in line and f" {size} B " in line
    assert "first byte" in line and "query;dur=" in line


def test_an_oversized_query_is_413(store):
    client = create_app(store).test_client()
    huge = "ASK { ?s ?p ?o } #" + "x" * (1 << 20)
    r = client.post("/sparql", data=huge, content_type="application/sparql-query")
    assert r.status_code == 413


def test_a_batch_of_writes_renews_the_revision_once_at_its_end(tmp_path):
    store = Store(tmp_path / "store")
    calls = []
    store.on_write(lambda: calls.append(store.revision))
    before = store.revision
    on_disk = lambda: (tmp_path / "store" / "NEWSKG_REVISION").read_text().split()[0]
    with store.batch():
        assert on_disk() == before  # nothing written yet
        for i in range(3):
            store.replace_graph(ox.NamedNode(f"{EX}graph/{i}"), [ox.Quad(ox.NamedNode(f"{EX}s/{i}"), P, ox.Literal(i))])
            if i == 0:
                renewed = on_disk()
        assert store.revision == before and calls == []  # each write is in, the revision waits
        # but the file had a token no one was given before the first write, and kept it: a
        # crash now leaves a revision no ETag was made from
        assert renewed not in (before, store.revision) and on_disk() == renewed
    assert store.revision != before and calls == [store.revision]
    assert (tmp_path / "store" / "NEWSKG_REVISION").read_text().split()[0] == store.revision
    assert len(store) == 3


def test_a_single_write_cut_short_leaves_a_revision_never_handed_out(tmp_path):
    """As an /update whose server is killed after Oxigraph committed, before the revision was renewed."""
    store = Store(tmp_path / "store")
    before = store.revision

    def killed(graphs=None):
        raise KeyboardInterrupt

    store._written = killed
    with pytest.raises(KeyboardInterrupt):
        store.update(f"INSERT DATA {{ GRAPH <{G.value}> {{ <{EX}s> <{P.value}> 1 }} }}")
    assert len(store) == 1 and store.revision == before  # written, and this process never said so
    on_disk = (tmp_path / "store" / "NEWSKG_REVISION").read_text().split()[0]
    assert on_disk != before  # what the next process to open the store will hand out


@pytest.mark.parametrize("accept", ["application/n-triples", "text/html"])
def test_answers_cut_short_drop_their_results_on_their_own_thread(accept, monkeypatch):
    """A pyoxigraph result dropped on another thread than its own is an error; an answer whose
    client hangs up must leave nothing behind that the request thread would drop."""
    dropped_elsewhere = []
    monkeypatch.setattr(sys, "unraisablehook", lambda report: dropped_elsewhere.append(str(report.exc_value)))
    client = create_app(filled(3000), cache_bytes=0).test_client()
    for _ in range(10):
        r = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": accept},
                       buffered=False)
        next(iter(r.response))
        r.close()
        gc.collect()
    assert dropped_elsewhere == []
