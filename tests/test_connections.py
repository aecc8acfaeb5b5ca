"""Connections cannot starve the server: idle, slow and many clients, against a real ``kg serve``.

granian's own limit counts open connections, not requests; ``kg serve`` gives it thousands, closes
connections that are slow to send their headers (or idle that long), and bounds the requests in
the app itself (:class:`kg.web.middleware.RequestSlots`). A normal client keeps getting answers
in well under a second while hundreds of connections sit idle or half-sent, and many busy clients
are all served as they go, not some of them at the end.
"""

from __future__ import annotations

import http.client
import json
import resource
import socket
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest
from test_serve import SLOW, Served, store  # noqa: F401 -- the fixture: a copy of the seed store


JSON = "application/sparql-results+json"
HOLD = 500  # connections of each kind held open while a normal client queries


@pytest.fixture
def descriptors():
    """Room for the test's and the server's sockets (the server raises its own limit too)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 4 * HOLD:
        pytest.skip(f"the hard file descriptor limit ({hard}) leaves no room for {2 * HOLD} connections")
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    yield
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def ask(served: Served, query: str = "ASK {}", timeout: float = 5.0) -> tuple[float, dict]:
    """The time a fresh client waits for ``query``'s answer, and the answer."""
    started = time.monotonic()
    url = f"{served.url}/sparql?" + urlencode({"query": query})
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": JSON}), timeout=timeout) as response:
        answer = json.load(response)
    return time.monotonic() - started, answer


QUERIES = ("ASK {}", "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 5")


def test_idle_and_half_sent_connections_do_not_delay_a_query(store, descriptors):  # noqa: F811
    served = Served(store)
    held: list[socket.socket] = []
    stop = threading.Event()
    try:
        # The same queries first on a free server: the bound below is relative to them, so a
        # loaded machine does not fail the test, while connections that hold up queries (they
        # would wait for the header timeout, many seconds) still do.
        alone = {query: ask(served, query)[0] for query in QUERIES}
        for _ in range(HOLD):  # a request answered, then the connection kept alive and idle
            sock = socket.create_connection(("127.0.0.1", served.port))
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            held.append(sock)
        slow = []
        for _ in range(HOLD):  # headers begun, never finished: one more byte a second
            sock = socket.create_connection(("127.0.0.1", served.port))
            sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            slow.append(sock)
        held += slow

        def trickle():
            while not stop.wait(1.0):
                for sock in slow:
                    try:
                        sock.send(b"x")
                    except OSError:
                        pass

        threading.Thread(target=trickle, daemon=True).start()
        time.sleep(0.5)  # every connection is in: the idle ones answered, the slow ones waiting
        for query in QUERIES:
            waited, answer = ask(served, query)
            assert waited < 1.0 + 3 * alone[query], f"{query}: answered after {waited:.1f} s ({alone[query]:.2f} s alone)"
            assert answer.get("boolean") is True or len(answer["results"]["bindings"]) == 5
    finally:
        stop.set()
        for sock in held:
            sock.close()
        served.stop()


def test_slow_idle_and_silent_connections_are_closed_after_the_header_timeout(store):  # noqa: F811
    served = Served(store, "--header-timeout", "1")
    try:
        idle = socket.create_connection(("127.0.0.1", served.port))
        idle.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        half = socket.create_connection(("127.0.0.1", served.port))
        half.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        silent = socket.create_connection(("127.0.0.1", served.port))  # not a byte sent
        started = time.monotonic()
        for name, sock in (("idle", idle), ("half-sent", half), ("silent", silent)):
            sock.settimeout(10)
            received = b""
            while data := sock.recv(1 << 16):  # an answer (the idle one), then the end: closed by the server
                received += data
            assert time.monotonic() - started < 5, f"the {name} connection stayed open"
            assert (b" 200 " in received) == (name == "idle"), (name, received[:100])
            sock.close()
    finally:
        served.stop()


def test_many_busy_clients_are_all_served_as_they_go(store):  # noqa: F811
    """32 clients on keep-alive connections, each querying without pause: each gets answers from the
    start and all along, none only once the others are done."""
    served = Served(store)
    clients, seconds = 32, 4.0
    answered: list[list[float]] = [[] for _ in range(clients)]
    errors: list[str] = []
    start = threading.Barrier(clients + 1)

    def client(i: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
        query = "/sparql?" + urlencode({"query": f"SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT {1 + i % 5}"})
        start.wait()
        began = time.monotonic()
        try:
            while time.monotonic() - began < seconds:
                connection.request("GET", query, headers={"Accept": JSON})
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    errors.append(f"client {i}: {response.status}")
                answered[i].append(time.monotonic() - began)
        except OSError as exc:
            errors.append(f"client {i}: {exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    try:
        for thread in threads:
            thread.start()
        start.wait()
        for thread in threads:
            thread.join(seconds + 60)
    finally:
        served.stop()
    assert not errors, errors[:5]
    for i, times in enumerate(answered):
        # the first answer may wait for the server's first-request set-up (a second on a loaded
        # machine); starving clients waited the whole run for theirs
        assert times and times[0] < 2.0, f"client {i} waited {times[0] if times else seconds:.1f} s for its first answer"
        gaps = [b - a for a, b in zip(times, times[1:])]
        assert max(gaps, default=0) < 1.0, f"client {i} went {max(gaps):.1f} s without an answer"
        assert times[-1] > seconds - 1.0, f"client {i} got its last answer at {times[-1]:.1f} s"


def test_requests_past_the_slots_wait_their_turn_then_get_503(store):  # noqa: F811
    """One slot (``--threads 1``), held by a query that runs for seconds: the next request waits,
    briefly, and is told to come back, instead of waiting behind it for as long as it runs.
    The slots guard the Flask app (under the default server, queries on the lean path are bounded
    by the query workers instead), so this runs everything through Flask."""
    served = Served(store, "--threads", "1", "--timeout", "6", "--server", "granian-wsgi")
    try:
        slow_status = []

        def run_slow():
            try:
                ask(served, SLOW, 30)
            except urllib.error.HTTPError as exc:
                slow_status.append(exc.code)

        slow = threading.Thread(target=run_slow)
        slow.start()
        time.sleep(0.5)
        started = time.monotonic()
        with pytest.raises(urllib.error.HTTPError) as busy:
            ask(served, timeout=10)
        waited = time.monotonic() - started
        assert busy.value.code == 503 and busy.value.headers["Retry-After"] == "2"
        assert "request slots are busy" in busy.value.read().decode()
        assert 1.5 < waited < 4.0, waited
        slow.join(30)
        assert slow_status == [503]  # stopped at its deadline, which freed the slot
        waited, answer = ask(served)
        assert answer["boolean"] is True and waited < 1.0
    finally:
        served.stop()


# --- the slots themselves, without a server --------------------------------------------------------


def test_slots_go_to_waiters_in_arrival_order():
    from kg.web.middleware import RequestSlots

    release = {name: threading.Event() for name in "abcd"}
    served: list[str] = []

    def app(environ, start_response):
        name = environ["PATH_INFO"].strip("/")
        served.append(name)
        release[name].wait(10)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [name.encode()]

    slots = RequestSlots(app, 1, wait=10)
    statuses: dict[str, str] = {}

    def call(name: str) -> None:
        body = slots({"PATH_INFO": "/" + name}, lambda status, headers, exc_info=None: statuses.update({name: status}))
        b"".join(body)
        body.close()

    threads = []
    for name in "abcd":
        threads.append(threading.Thread(target=call, args=(name,)))
        threads[-1].start()
        time.sleep(0.1)  # a before b before c before d
    for name in "abcd":
        release[name].set()
        threads["abcd".index(name)].join(10)
    assert served == list("abcd") and set(statuses.values()) == {"200 OK"}


def test_a_request_that_waits_too_long_is_503_and_leaves_no_slot_behind():
    from kg.web.middleware import RequestSlots

    gate = threading.Event()

    def app(environ, start_response):
        gate.wait(10)
        start_response("200 OK", [])
        return [b"ok"]

    slots = RequestSlots(app, 1, wait=0.2)
    holder = threading.Thread(target=lambda: slots({}, lambda *a: None).close())
    holder.start()
    time.sleep(0.1)
    seen = {}
    body = slots({}, lambda status, headers, exc_info=None: seen.update(status=status, headers=dict(headers)))
    assert seen["status"].startswith("503") and seen["headers"]["Retry-After"] == "2"
    assert b"busy" in b"".join(body)
    gate.set()
    holder.join(10)
    assert slots._free == 1 and not slots._waiting  # the slot came back; the 503 took none


# --- the settings --------------------------------------------------------------------------------


def test_kg_serve_passes_the_connection_settings_to_granian(tmp_path, monkeypatch):
    from kg import cli
    from kg.stores.local import Store

    captured = {}
    monkeypatch.setattr("kg.web.server._serve_granian", lambda settings, *args, **kw: captured.update(settings=settings, args=args))
    Store(tmp_path / "store")
    assert cli.main(["serve", "--store", str(tmp_path / "store"), "--threads", "3", "--max-connections", "100",
                     "--header-timeout", "2.5"]) == 0
    assert captured["settings"].request_slots == 3  # the app's slots: the threads asked for
    assert captured["args"][-2:] == (100, 2.5)
    assert cli.main(["serve", "--store", str(tmp_path / "store")]) == 0
    assert captured["settings"].request_slots == 8 and captured["args"][-2:] == (4096, 10.0)  # the defaults
    with pytest.raises(SystemExit):
        cli.main(["serve", "--store", str(tmp_path / "store"), "--header-timeout", "0"])


def test_the_connection_budget_raises_the_descriptor_limit_and_leaves_half():
    from kg.web.server import connection_budget

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard < 512:
        pytest.skip(f"needs a finite hard file descriptor limit of 512 or more, not {hard}")
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard))
        assert connection_budget(10**9) == hard // 2  # raised to the hard limit, half of it for connections
        assert resource.getrlimit(resource.RLIMIT_NOFILE) == (hard, hard)
        assert connection_budget(100) == 100
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
