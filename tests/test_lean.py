"""The lean path (kg.web.lean, granian's RSGI interface) answers as the Flask app does.

Each request is sent twice over: to the Flask app through its test client, and to
:class:`kg.web.lean.LeanApp` through an in-process RSGI scope and protocol (the same calls granian
makes). Two apps on the same read-only store, so each path fills its own result cache and the
n-th request of a sequence meets the same cache state on both. Status, body bytes and headers must
be equal; the only allowed differences are framing (``Content-Length`` / chunked), the
``Server-Timing`` number, and ``X-Cache``/``Server-Timing`` only where noted. ``tests/test_serve.py``
and the ``granian`` half of ``tests/test_protocol_w3c.py``, ``tests/test_clients.py`` (SPARQLWrapper,
rdflib), ``tests/test_ui.py`` and ``tests/test_explore_ui.py`` (Chromium) run the same path under the
real server.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import re
import shutil
from urllib.parse import quote, urlencode

import pytest

from kg.stores.local import Store
from kg.web import create_app
from kg.web.lean import LeanApp
from kg.web.rsgi_local import Answer, Proto, Scope
from kg.web.rsgi_local import request as lean_request

SELECT = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 40"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 30"
ASK = "ASK { ?s ?p ?o }"
BIG = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"  # the whole seed: streamed in several chunks


def flask_request(client, method, path, query_string="", headers=(), body=b"") -> Answer:
    response = client.open(path + ("?" + query_string if query_string else ""), method=method, headers=list(headers), data=body)
    return Answer(response.status_code, response.headers.items(), response.get_data())


FRAMING = {"content-length", "transfer-encoding", "server-timing"}


def assert_same(flask: Answer, lean: Answer, what: str) -> None:
    assert lean.status == flask.status, (what, flask.body[:300], lean.body[:300])
    assert lean.body == flask.body, what
    assert {k: v for k, v in lean.headers.items() if k not in FRAMING} == {k: v for k, v in flask.headers.items() if k not in FRAMING}, what
    assert ("server-timing" in lean.headers) == ("server-timing" in flask.headers), what


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def paths(seed_store, tmp_path_factory):
    copy = tmp_path_factory.mktemp("lean") / "store"
    shutil.copytree(seed_store, copy)
    return copy


def _apps(path, **settings):
    # two apps on one read-only store: the query workers open the folder itself
    flask_app = create_app(Store(path, read_only=True), **settings)
    lean_app = create_app(Store(path, read_only=True), **settings)
    return flask_app, LeanApp(lean_app, threads=4)


@pytest.fixture
def pair(paths):
    flask_app, lean = _apps(paths, cors_write_origins=("https://admin.example",))
    loop = asyncio.new_event_loop()
    yield flask_app.test_client(), lean, loop
    loop.close()
    lean.pool.shutdown(wait=True)
    for app in (flask_app, lean.app):
        app.extensions["newskg.runner"].close()


def both(pair, method, path, query_string="", headers=(), body=b""):
    client, lean, loop = pair
    return flask_request(client, method, path, query_string, headers, body), lean_request(lean, loop, method, path, query_string, headers, body)


def qs(**params) -> str:
    return urlencode(params)


# --- the same answers -------------------------------------------------------------------------

GETS = [
    ("json, miss then hit", qs(query=SELECT), [("Accept", "application/sparql-results+json")]),
    ("csv", qs(query=SELECT), [("Accept", "text/csv")]),
    ("format=tsv over Accept", qs(query=SELECT, format="tsv"), [("Accept", "text/csv")]),
    ("html page", qs(query=SELECT), [("Accept", "text/html")]),
    ("construct, turtle", qs(query=CONSTRUCT), []),
    ("construct, rdf/xml", qs(query=CONSTRUCT), [("Accept", "application/rdf+xml")]),
    ("ask", qs(query=ASK), [("Accept", "application/sparql-results+xml")]),
    ("gzip, small answer", qs(query=ASK), [("Accept-Encoding", "gzip")]),
    ("gzip, larger answer", qs(query=SELECT), [("Accept-Encoding", "gzip, deflate")]),
    ("gzip refused", qs(query=SELECT), [("Accept-Encoding", "gzip;q=0")]),
    ("big answer, streamed", qs(query=BIG), [("Accept", "text/csv")]),
    ("big answer, gzip", qs(query=BIG), [("Accept", "text/csv"), ("Accept-Encoding", "gzip")]),
    ("CORS read", qs(query=SELECT), [("Origin", "https://elsewhere.example")]),
    ("CORS from a write origin", qs(query=ASK), [("Origin", "https://admin.example"), ("Accept-Encoding", "gzip")]),
    ("dataset", qs(query=SELECT, **{"default-graph-uri": "https://w3id.org/newskg/graph/000_1ed06db30246a34c"}), []),
    ("named dataset", "query=" + quote("SELECT ?g WHERE { GRAPH ?g { } }") + "&named-graph-uri=https%3A%2F%2Fexample.org%2Fa&named-graph-uri=https%3A%2F%2Fexample.org%2Fb", []),
    ("FROM in the text", qs(query="SELECT * FROM <https://example.org/none> WHERE { ?s ?p ?o }"), []),
    ("relative IRI against the endpoint", qs(query="CONSTRUCT { <a> <b> <c> } WHERE {}"), [("Accept", "application/n-triples")]),
    ("syntax error", qs(query="SELEC nothing"), []),
    ("an update sent here", qs(query="INSERT DATA { <a:b> <a:c> <a:d> }"), []),
    ("SERVICE refused", qs(query="SELECT * WHERE { SERVICE <https://example.org/sparql> { ?s ?p ?o } }"), []),
    ("too deep", qs(query="SELECT * WHERE " + "{" * 80 + "}" * 80), []),
    ("not acceptable", qs(query=SELECT), [("Accept", "image/png")]),
    ("unknown format", qs(query=SELECT, format="yaml"), []),
    ("bad dataset IRI", qs(query=SELECT, **{"default-graph-uri": "not an iri"}), []),
    ("empty query", qs(query="  "), []),
    ("query twice", qs(query=ASK) + "&" + qs(query=ASK), []),
    ("service description", "", [("Accept", "text/turtle")]),
    ("service description, other parameters", qs(format="json"), []),
    ("percent escapes left alone when invalid", "query=ASK%20%7B%7D%FF", []),
]


@pytest.mark.parametrize("what,query_string,headers", GETS, ids=[g[0] for g in GETS])
def test_get_answers_are_the_same(pair, what, query_string, headers):
    for attempt in ("first", "again"):  # the second comes from the result cache where there is one
        flask, lean = both(pair, "GET", "/sparql", query_string, headers)
        assert_same(flask, lean, f"{what}, {attempt}")


POSTS = [
    ("form", [("Content-Type", "application/x-www-form-urlencoded")], qs(query=SELECT).encode(), ""),
    ("form with format", [("Content-Type", "application/x-www-form-urlencoded")], qs(query=SELECT, format="csv").encode(), ""),
    ("form, dataset in the URL", [("Content-Type", "application/x-www-form-urlencoded")], qs(query=SELECT).encode(),
     qs(**{"default-graph-uri": "https://w3id.org/newskg/graph/000_1ed06db30246a34c"})),
    ("direct", [("Content-Type", "application/sparql-query")], CONSTRUCT.encode(), ""),
    ("direct, charset", [("Content-Type", "application/sparql-query; charset=UTF-8"), ("Accept", "text/csv")], SELECT.encode(), "format=json"),
    ("direct, wrong charset", [("Content-Type", "application/sparql-query; charset=latin-1")], SELECT.encode(), ""),
    ("direct, query also in the URL", [("Content-Type", "application/sparql-query")], SELECT.encode(), qs(query=ASK)),
    ("direct, not UTF-8", [("Content-Type", "application/sparql-query")], b"ASK { \xff }", ""),
    ("form, not UTF-8", [("Content-Type", "application/x-www-form-urlencoded")], b"query=ASK%20%7B%7D\xff", ""),
    ("wrong media type", [("Content-Type", "text/plain")], SELECT.encode(), ""),
    ("no media type", [], SELECT.encode(), ""),
    ("gzip and CORS", [("Content-Type", "application/sparql-query"), ("Accept-Encoding", "gzip"), ("Origin", "https://x.example")], SELECT.encode(), ""),
]


@pytest.mark.parametrize("what,headers,body,query_string", POSTS, ids=[p[0] for p in POSTS])
def test_post_answers_are_the_same(pair, what, headers, body, query_string):
    for attempt in ("first", "again"):
        flask, lean = both(pair, "POST", "/sparql", query_string, headers, body)
        assert_same(flask, lean, f"{what}, {attempt}")


def test_conditional_requests(pair):
    flask, lean = both(pair, "GET", "/sparql", qs(query=SELECT))
    tag = flask.header("etag")
    assert tag == lean.header("etag")
    for headers in ([("If-None-Match", tag)], [("If-None-Match", "W/" + tag)], [("If-None-Match", "*")], [("If-None-Match", '"other"')],
                    [("If-None-Match", tag), ("Origin", "https://x.example")]):
        flask, lean = both(pair, "GET", "/sparql", qs(query=SELECT), headers)
        assert_same(flask, lean, repr(headers))
    flask, lean = both(pair, "POST", "/sparql", "", [("Content-Type", "application/sparql-query"), ("If-None-Match", tag)], SELECT.encode())
    assert_same(flask, lean, "POST with a current tag")
    assert lean.status == 412


def test_dumps(pair):
    flask, lean = both(pair, "GET", "/dumps/newskg.nq.gz")
    assert_same(flask, lean, "dump")
    assert gzip.decompress(lean.body).count(b"\n") > 800
    tag = lean.header("etag")
    for headers in ([("If-None-Match", tag)], [("Origin", "https://x.example"), ("Accept-Encoding", "gzip")]):
        flask, lean = both(pair, "GET", "/dumps/newskg.ttl.gz", "", headers) if "Origin" in dict(headers) else both(pair, "GET", "/dumps/newskg.nq.gz", "", headers)
        assert_same(flask, lean, repr(headers))
    flask, lean = both(pair, "GET", "/dumps/newskg.nq.gz")  # now with the digest recorded by the download
    assert_same(flask, lean, "dump with Repr-Digest")
    assert lean.header("repr-digest")
    for path in ("/dumps/SHA256SUMS", "/dumps/", "/dumps/nothing.gz"):  # Flask's, through the bridge
        flask, lean = both(pair, "GET", path)
        assert_same(flask, lean, path)


def test_health(pair):
    client, lean, loop = pair
    flask = flask_request(client, "GET", "/health")
    answer = lean_request(lean, loop, "GET", "/health", headers=[("Accept-Encoding", "gzip")])
    assert answer.status == 200 and answer.header("content-type") == "application/json"
    assert answer.header("cache-control") == "no-store" and answer.header("vary") == "Accept-Encoding"
    assert answer.body.endswith(b"}\n") and b", " not in answer.body  # jsonify's compact form
    mine, theirs = json.loads(answer.body), json.loads(flask.body)
    assert mine.keys() == theirs.keys()
    assert {k: mine[k] for k in ("status", "triples", "revision", "modified", "writable", "timeout")} == {
        k: theirs[k] for k in ("status", "triples", "revision", "modified", "writable", "timeout")}


def test_linked_data_redirects_and_the_rest(pair):
    for path, headers in [
        ("/id/person/mark-rutte-q57792", []),
        ("/id/person/mark-rutte", [("Origin", "https://x.example")]),
        ("/id/person/nobody-at-all", [("Accept", "text/html")]),  # 404 page, through the bridge
        ("/id/person/nobody-at-all", []),
        ("/id/a/../b", []),
        ("/id/person/mark rutte", []),
        ("/doc/person/mark-rutte-q57792", [("Accept", "text/turtle")]),
        ("/", []),
        ("/examples.json", [("Accept-Encoding", "gzip")]),
        ("/.well-known/void", []),
        ("/nothing/here", []),
    ]:
        flask, lean = both(pair, "GET", path, "", headers)
        assert_same(flask, lean, path)
    flask, lean = both(pair, "GET", "/id/person/mark-rutte")
    assert lean.status == 303 and lean.header("location") == "/doc/person/mark-rutte"
    flask, lean = both(pair, "GET", "/id/person/mark-rutte-q57792")  # an IRI of 0.1: it moved
    assert lean.status == 301 and lean.header("location").endswith("/id/person/mark-rutte")
    for method, path, headers in [("HEAD", "/sparql", []), ("OPTIONS", "/sparql", [("Origin", "https://admin.example"), ("Access-Control-Request-Method", "POST")]),
                                  ("DELETE", "/sparql", []), ("PUT", "/store", [("Content-Type", "text/turtle")])]:
        flask, lean = both(pair, method, path, qs(query=ASK) if path == "/sparql" else "default", headers)
        assert_same(flask, lean, f"{method} {path}")


def test_bodies_stream_to_flask_and_are_bounded(pair):
    client, lean, loop = pair
    # a graph store upload through the bridge reaches Flask whole (401/403 without a token, after reading)
    turtle = b"<https://example.org/s> <https://example.org/p> " + b'"' + b"x" * 50_000 + b'" .\n'
    flask, answer = both(pair, "PUT", "/store", "default", [("Content-Type", "text/turtle")], turtle)
    assert_same(flask, answer, "upload")
    big = b"query=" + b"A" * (1 << 20)
    flask, answer = both(pair, "POST", "/sparql", "", [("Content-Type", "application/x-www-form-urlencoded")], big)
    assert_same(flask, answer, "413 from Content-Length")
    assert answer.status == 413
    # a chunked body (no Content-Length) over the limit is cut off while it is read
    proto = Proto(b"A" * ((1 << 20) + 10))
    loop.run_until_complete(lean.__rsgi__(Scope("POST", "/sparql", "", [("Host", "localhost"), ("Content-Type", "application/sparql-query")]), proto))
    assert proto.status == 413


def test_access_log_line(pair, caplog):
    client, lean, loop = pair
    with caplog.at_level(logging.INFO, logger="kg.access"):
        lean_request(lean, loop, "GET", "/sparql", qs(query=ASK), [("Accept", "text/csv")])
        lean_request(lean, loop, "GET", "/sparql", qs(query=ASK), [("Accept", "text/csv")])
        lean_request(lean, loop, "GET", "/")
    lines = [r.getMessage() for r in caplog.records if r.name == "kg.access"]
    assert len(lines) == 3
    assert re.fullmatch(r'127\.0\.0\.1 "GET /sparql\?query=ASK\+%7B\+%3Fs\+%3Fp\+%3Fo\+%7D" 200 \d+ B [\d.]+ ms \(first byte [\d.]+ ms\) query;dur=[\d.]+', lines[0])
    assert "query;dur" not in lines[1]  # a cache hit did not query
    assert lines[2].startswith('127.0.0.1 "GET /" 200 ')


def test_a_client_gone_mid_answer_stops_its_worker(pair):
    client, lean, loop = pair
    runner = lean.runner
    answer = lean_request(lean, loop, "GET", "/sparql", qs(query=BIG + " ORDER BY ?o"), [("Accept", "text/csv")], fail_after=1)
    assert answer.status == 200 and answer.streamed
    assert runner.killed["abandoned"] == 1
    assert lean.cache.stats()["entries"] == 0  # a cut answer is never kept
    again = lean_request(lean, loop, "GET", "/sparql", qs(query=ASK))
    assert again.status == 200


def test_deadline_in_the_lean_path(paths):
    _, lean = _apps(paths, timeout=1.0)  # (a new worker's start counts against the deadline)
    loop = asyncio.new_event_loop()
    try:
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }"
        answer = lean_request(lean, loop, "GET", "/sparql", qs(query=slow))
        assert answer.status == 503 and b"timed out" in answer.body
        assert lean.runner.killed["timeout"] == 1
        assert lean_request(lean, loop, "GET", "/sparql", qs(query=ASK)).status == 200
    finally:
        loop.close()
        lean.runner.close()


def test_in_memory_store_uses_threads(seed_store):
    # a store in memory has the thread runner: the lean path evaluates in its pool
    store = Store()
    flask_app, lean_app = create_app(store), create_app(store)
    lean = LeanApp(lean_app, threads=2)
    loop = asyncio.new_event_loop()
    try:
        for headers in ([], [("Accept", "text/csv"), ("Accept-Encoding", "gzip")]):
            flask = flask_request(flask_app.test_client(), "GET", "/sparql", qs(query=ASK), headers)
            answer = lean_request(lean, loop, "GET", "/sparql", qs(query=ASK), headers)
            assert_same(flask, answer, repr(headers))
    finally:
        loop.close()


def test_worker_frames_arrive_whole_and_in_order():
    """What the lean path reads from a worker: large payloads are read straight into buffers of
    their own, small ones from the reader's buffer; either way every byte, in order."""
    import os
    import socket
    import threading

    from kg.execution import frames

    ours, theirs = socket.socketpair()
    payloads = [b"text/csv", os.urandom(3 << 20), b"", b"a" * 70_000, os.urandom(1 << 20), b"end"]

    def send():
        for payload in payloads:
            frames.send_parts(theirs, [frames.head(frames.CHUNK, len(payload)), payload])
        theirs.close()

    sender = threading.Thread(target=send)
    sender.start()

    async def read():
        reader = frames.Reader(ours)
        return [await reader.amessage(None) for _ in payloads]

    try:
        got = asyncio.run(read())
    finally:
        sender.join()
        ours.close()
    assert [tag for tag, _ in got] == [frames.CHUNK] * len(payloads)
    assert [bytes(payload) for _, payload in got] == payloads
