"""Request bodies are bounded as they stream, whatever their framing, on every route that reads one.

Each route's limit holds for a declared ``Content-Length`` and for a chunked body alike (no
length: the server only learns the size by reading), under the Flask test client, waitress and
granian (a real ``kg serve``): the body is read no further than its limit, the answer is a 413
that names the limit, and a chunked body under the limit still works.
"""

from __future__ import annotations

import io
import os
import socket
import threading
from dataclasses import dataclass

import pytest
from conftest import LiveServer
from test_serve import Served, store  # noqa: F401 -- the fixture: a copy of the seed store

from kg.stores.local import Store
from kg.web import create_app, sparql, update

TOKEN = "t0k"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
GRAPH = "https://example.org/graph/up"
TRIPLE = b'<https://example.org/s> <https://example.org/p> "o" .\n'
PART = (b'--XX\r\nContent-Disposition: form-data; name="f"; filename="up.nt"\r\n'
        b"Content-Type: application/n-triples\r\n\r\n")
STORE_LIMIT = 2 << 20  # the test app's MAX_CONTENT_LENGTH (256 MiB in production)


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    content_type: str
    head: bytes  # an oversized body is head + fill, repeated
    fill: bytes
    small: bytes  # a whole, valid body well under the limit
    ok: int
    limit: int


ROUTES = {
    "sparql-query": Route("POST", "/sparql", "application/sparql-query", b"ASK {} #", b"x", b"ASK {}", 200,
                          sparql.MAX_QUERY_BYTES),
    "sparql-form": Route("POST", "/sparql", "application/x-www-form-urlencoded", b"query=ASK+%7B%7D+%23", b"x",
                         b"query=ASK+%7B%7D", 200, sparql.MAX_QUERY_BYTES),
    "update": Route("POST", "/update", "application/sparql-update", b"INSERT DATA {} #", b"x",
                    b"INSERT DATA { GRAPH <https://example.org/graph/u> { <https://example.org/s> <https://example.org/p> 1 } }",
                    204, update.MAX_UPDATE_BYTES),
    "update-form": Route("POST", "/update", "application/x-www-form-urlencoded", b"update=INSERT+DATA+%7B%7D+%23",
                         b"x", b"update=CLEAR+SILENT+GRAPH+%3Chttps%3A%2F%2Fexample.org%2Fnone%3E", 204,
                         update.MAX_UPDATE_BYTES),
    "reconcile": Route("POST", "/reconcile", "application/x-www-form-urlencoded", b'queries={"q0":{"query":"', b"x",
                       b'queries={"q0":{"query":"Kyiv"}}', 200, 1 << 20),  # reconcile.MAX_BODY_BYTES
    "store": Route("PUT", f"/store?graph={GRAPH}", "application/n-triples", b"", TRIPLE, TRIPLE, 201, STORE_LIMIT),
    "store-multipart": Route("POST", f"/store?graph={GRAPH}", "multipart/form-data; boundary=XX", PART, TRIPLE,
                             PART + TRIPLE + b"\r\n--XX--\r\n", 201, STORE_LIMIT),
}


class Endless(io.RawIOBase):
    """A request body that never ends (``head``, then ``fill`` for ever), counting what was read.

    Reading far past every limit is an error, so a route that reads without bound fails the
    test instead of hanging it.
    """

    def __init__(self, head: bytes, fill: bytes, far: int = 64 << 20):
        self.pending = head
        self.fill = fill
        self.far = far
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.consumed > self.far:
            raise AssertionError(f"read {self.consumed:,} bytes of an endless body: no limit stopped it")
        n = len(buffer)
        while len(self.pending) < n:
            self.pending += self.fill * (n // len(self.fill) + 1)
        buffer[:n] = self.pending[:n]
        self.pending = self.pending[n:]
        self.consumed += n
        return n


def app_and_store():
    store = Store()
    app = create_app(store, update_token=TOKEN)
    app.config["MAX_CONTENT_LENGTH"] = STORE_LIMIT
    return app, store


def chunked(client, route: Route, body):
    """``body`` (a stream) sent without a length, as a chunked request reaches the app."""
    return client.open(route.path, method=route.method, content_type=route.content_type,
                       headers={**AUTH, "Transfer-Encoding": "chunked"},
                       environ_overrides={"wsgi.input": body, "wsgi.input_terminated": True,
                                          "CONTENT_TYPE": route.content_type})  # the client would set its own boundary


def assert_names_the_limit(response, route: Route) -> None:
    text = response.get_data(as_text=True)
    assert response.status_code == 413 and response.mimetype == "text/plain", text
    size = f"{route.limit >> 20} MiB"
    assert text.startswith("Content Too Large: ") and f"larger than the {size} {route.path.split('?')[0]} accepts" in text


@pytest.mark.parametrize("name", ROUTES)
def test_a_chunked_body_is_read_no_further_than_its_limit(name):
    route = ROUTES[name]
    app, store = app_and_store()
    body = Endless(route.head, route.fill)
    response = chunked(app.test_client(), route, body)
    assert_names_the_limit(response, route)
    # the parser reads ahead a little (64 KiB at most), never the whole body
    assert body.consumed <= route.limit + (64 << 10), body.consumed
    assert len(store) == 0


@pytest.mark.parametrize("name", ROUTES)
def test_a_declared_length_over_the_limit_is_refused_unread(name):
    route = ROUTES[name]
    app, store = app_and_store()
    body = Endless(route.head, route.fill)
    response = app.test_client().open(route.path, method=route.method, content_type=route.content_type, headers=AUTH,
                                      environ_overrides={"wsgi.input": body, "CONTENT_LENGTH": str(route.limit + 1),
                                                         "CONTENT_TYPE": route.content_type})
    assert_names_the_limit(response, route)
    assert body.consumed == 0 and len(store) == 0


@pytest.mark.parametrize("name", ROUTES)
def test_a_chunked_body_under_the_limit_works(name):
    route = ROUTES[name]
    app, store = app_and_store()
    response = chunked(app.test_client(), route, io.BytesIO(route.small))
    assert response.status_code == route.ok, response.get_data(as_text=True)
    if name == "reconcile":
        assert "result" in response.get_json()["q0"]
    elif name == "sparql-query":
        assert response.get_json()["boolean"] is True


def test_a_body_exactly_at_the_limit_is_read_whole():
    """The limit is the most a body may have: a body of exactly that size is neither cut nor refused."""
    app, _ = app_and_store()
    query = b"ASK {} #" + b"x" * (sparql.MAX_QUERY_BYTES - 8)
    response = chunked(app.test_client(), ROUTES["sparql-query"], io.BytesIO(query))
    assert response.status_code == 200 and response.get_json()["boolean"] is True
    assert chunked(app.test_client(), ROUTES["sparql-query"], io.BytesIO(query + b"x")).status_code == 413


# --- over real sockets ---------------------------------------------------------------------------


def send_chunked(port: int, route: Route, total: int, head: bytes | None = None, headers: dict | None = None):
    """POST/PUT ``total`` bytes (``head`` + ``fill``) chunked, reading the answer while sending.

    Returns ``(status, body)``. A server that refuses early may close the connection while the
    body is still going out; the answer was read by then.
    """
    sock = socket.create_connection(("127.0.0.1", port), timeout=60)
    lines = [f"{route.method} {route.path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Type: {route.content_type}",
             "Transfer-Encoding: chunked", "Connection: close",
             *(f"{k}: {v}" for k, v in {**AUTH, **(headers or {})}.items())]
    answer = bytearray()

    def read():
        try:
            while data := sock.recv(1 << 16):
                answer.extend(data)
        except OSError:
            pass

    reader = threading.Thread(target=read)
    try:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        reader.start()
        head = route.head if head is None else head
        fill = route.fill * ((1 << 20) // len(route.fill) + 1)
        sent, first = 0, True
        try:
            while sent < total:
                data = (head + fill)[: 1 << 20] if first else fill[: 1 << 20]
                data = data[: total - sent]
                first = False
                sock.sendall(b"%x\r\n%s\r\n" % (len(data), data))
                sent += len(data)
            sock.sendall(b"0\r\n\r\n")
        except OSError:  # refused early: the server stopped reading and hung up
            pass
        reader.join(60)
    finally:
        sock.close()
    status_line, _, rest = bytes(answer).partition(b"\r\n")
    assert status_line.startswith(b"HTTP/1.1 "), bytes(answer[:200])
    return int(status_line.split()[1]), rest.partition(b"\r\n\r\n")[2]


def test_chunked_bodies_are_bounded_under_waitress():
    app, store = app_and_store()
    with LiveServer(app) as server:
        port = int(server.url.rsplit(":", 1)[1])
        for name in ("sparql-query", "sparql-form", "update", "reconcile", "store"):
            route = ROUTES[name]
            status, body = send_chunked(port, route, route.limit + (64 << 10))
            assert status == 413, (name, body)
            # waitress itself stops a body at the app's largest limit, /store's; the app, the others
            assert b"Content Too Large" in body or route.limit == STORE_LIMIT, (name, body)
            status, body = send_chunked(port, route, len(route.small), head=route.small)
            assert status == route.ok, (name, body)
    assert len(store) > 0  # the small bodies went in, the large ones did not: the update and the upload


def group_peak_rss(pid: int) -> int:
    """Peak resident memory (VmHWM), in bytes, summed over the process group of ``pid`` (granian and its workers)."""
    group = os.getpgid(pid)
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.getpgid(int(entry)) != group:
                continue
            with open(f"/proc/{entry}/status") as status:
                total += next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) << 10
        except (OSError, StopIteration):
            continue
    return total


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads peak memory from /proc")
def test_kg_serve_refuses_large_chunked_bodies_without_growing(store):  # noqa: F811
    served = Served(store, "--update-token", TOKEN)
    try:
        port = served.port
        for route in ROUTES.values():  # chunked bodies under the limit work; this also warms every code path up
            status, body = send_chunked(port, route, len(route.small), head=route.small)
            assert status in (route.ok, 204), (route, body)  # the second upload to the graph: 204
        before = group_peak_rss(served.process.pid)
        # /store takes up to 256 MiB, parsed as it arrives: its limit is shown by the multipart form below
        for route in (r for name, r in ROUTES.items() if not name.startswith("store")):
            status, body = send_chunked(port, route, 50 << 20)  # 50 MiB, chunked
            assert status == 413, (route, body)
            assert b"Content Too Large" in body
        status, body = send_chunked(port, ROUTES["store-multipart"], 300 << 20)  # past the 256 MiB upload limit
        assert status == 413 and b"256 MiB /store accepts" in body, body
        grown = group_peak_rss(served.process.pid) - before
        assert grown < 40 << 20, f"peak memory grew by {grown >> 20} MiB"
        with served.query("ASK { ?s ?p ?o }", Accept="application/sparql-results+json") as response:
            assert response.status == 200  # still serving
    finally:
        served.stop()
