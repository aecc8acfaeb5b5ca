"""Online Wikidata linking (kg.link) against a local stand-in server: no test touches the network.

The stand-in answers ``/w/api.php?action=wbsearchentities…`` in the shape of the real API
(searchinfo, search[] with id, title, pageid, display, label, description, match, aliases,
concepturi, url, repository) and ``/sparql?query=…`` with SPARQL JSON results. Names and item
numbers below are made up; only the class QIDs (Q5, Q6256, …) are Wikidata's.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from kg import __version__
from kg.articles import Article
from kg.extract.model import Entity, Extraction
from kg.link import apply_links, link_unlinked, names_to_try
from kg.link.cache import JsonCache
from kg.link.wikidata import TYPE_CLASSES, WikidataClient, WikidataError, searchable

ROOT = Path(__file__).resolve().parent.parent

HUMAN, ORGANIZATION, MILITARY_UNIT, COUNTRY, GEO = "Q5", "Q43229", "Q176799", "Q6256", "Q2221906"


def hit(qid, label, description=None, *, match_type="label", match_text=None, language="en", aliases=None):
    """One wbsearchentities result as the real API shapes it."""
    out = {
        "id": qid,
        "title": qid,
        "pageid": int(qid[1:]) + 7,
        "display": {"label": {"value": label, "language": language}},
        "repository": "wikidata",
        "url": f"//www.wikidata.org/wiki/{qid}",
        "concepturi": f"http://www.wikidata.org/entity/{qid}",
        "label": label,
        "match": {"type": match_type, "language": language, "text": match_text or label},
    }
    if description:
        out["description"] = description
        out["display"]["description"] = {"value": description, "language": language}
    if match_type == "alias":
        out["aliases"] = aliases or [match_text]
    return out


class FakeClock:
    def __init__(self, now: float = 1000.0):
        self.now = now
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class StandIn:
    """What the server knows and what it was asked."""

    def __init__(self):
        self.hits: dict[str, list[dict]] = {}  # search text -> results
        self.classes: dict[str, set[str]] = {}  # item -> classes it is an instance of (closure)
        self.failures: list[tuple[int, dict[str, str]]] = []  # answers to give before real ones
        self.requests: list[dict] = []
        self.clock = None  # when set, each request records clock()
        self.gzip = False
        self.lock = threading.Lock()

    def count(self, path: str | None = None) -> int:
        return sum(1 for r in self.requests if path is None or r["path"] == path)


def _handler(standin: StandIn):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _send(self, status, body, content_type="application/json", headers=None):
            data = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            if standin.gzip and "gzip" in (self.headers.get("Accept-Encoding") or ""):
                data = gzip.compress(data)
                self.send_header("Content-Encoding", "gzip")
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            parts = urlsplit(self.path)
            params = {k: v[0] for k, v in parse_qs(parts.query).items()}
            with standin.lock:
                standin.requests.append(
                    {
                        "method": "GET",
                        "path": parts.path,
                        "params": params,
                        "headers": dict(self.headers),
                        "time": standin.clock() if standin.clock else None,
                    }
                )
                failure = standin.failures.pop(0) if standin.failures else None
            if failure:
                status, headers = failure
                self._send(status, {"error": "slow down"}, headers=headers)
            elif parts.path == "/w/api.php" and params.get("action") == "wbsearchentities":
                search = params["search"]
                results = standin.hits.get(search, [])[: int(params.get("limit", 7))]
                self._send(200, {"searchinfo": {"search": search}, "search": results, "success": 1})
            elif parts.path == "/sparql":
                self._send(200, _sparql_answer(standin, params["query"]), "application/sparql-results+json")
            else:
                self._send(404, {"error": "not found"})

    return Handler


def _values(query: str, var: str) -> list[str]:
    m = re.search(r"VALUES\s+\?" + var + r"\s*\{([^}]*)\}", query)
    return re.findall(r"wd:(Q\d+)", m.group(1)) if m else []


def _sparql_answer(standin: StandIn, query: str) -> dict:
    assert "wdt:P31/wdt:P279*" in query
    items, classes = _values(query, "item"), _values(query, "class")
    uri = "http://www.wikidata.org/entity/"
    bindings = [
        {"item": {"type": "uri", "value": uri + item}, "class": {"type": "uri", "value": uri + cls}}
        for item in items
        for cls in classes
        if cls in standin.classes.get(item, set())
    ]
    return {"head": {"vars": ["item", "class"]}, "results": {"bindings": bindings}}


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """The stand-in is on loopback: never route it through a proxy from the environment."""
    for var in ("no_proxy", "NO_PROXY"):
        monkeypatch.setenv(var, "127.0.0.1,localhost")


@pytest.fixture
def server():
    standin = StandIn()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(standin))
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    standin.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    # A small world: people, places, a unit.
    standin.hits["Marta Quillon"] = [
        hit("Q900001", "Marta Quillon", "fictional test minister"),
        hit("Q900002", "Marta Quillon Foundation", "charity"),
    ]
    standin.hits["Port Aster"] = [
        hit("Q900011", "Port Aster", "town in one made-up country"),
        hit("Q900012", "Port Aster", "town in another made-up country"),
        hit("Q900013", "Port Aster Lighthouse", "lighthouse"),
    ]
    standin.hits["Veyra"] = [hit("Q900021", "Veyra", "made-up river town"), hit("Q900022", "Veyra Holt", "made-up person")]
    standin.hits["Sergo Ilvaran"] = [
        hit("Q900031", "Sergo Ilvarán", "made-up general", match_type="alias", match_text="Sergo Ilvaran"),
    ]
    standin.hits["Kelm Brigade"] = [hit("Q900041", "Kelm Brigade", "made-up brigade")]
    standin.hits["Brigade Kelm"] = [hit("Q900041", "Kelm Brigade", "made-up brigade", match_type="alias", match_text="Brigade Kelm", language="id")]
    standin.classes.update(
        {
            "Q900001": {HUMAN},
            "Q900002": {ORGANIZATION},
            "Q900011": {GEO},
            "Q900012": {GEO},
            "Q900013": {GEO},
            "Q900021": {GEO},
            "Q900022": {HUMAN},
            "Q900031": {HUMAN},
            "Q900041": {MILITARY_UNIT, ORGANIZATION},
        }
    )
    yield standin
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


def make_client(server, tmp_path, **kw) -> WikidataClient:
    kw.setdefault("min_interval", 0)
    return WikidataClient(
        api_url=server.base + "/w/api.php",
        sparql_url=server.base + "/sparql",
        cache_dir=tmp_path / "cache",
        **kw,
    )


# --- search and types -------------------------------------------------------------------------


def test_search_reads_the_api_shape(server, tmp_path):
    client = make_client(server, tmp_path)
    hits = client.search("Sergo Ilvaran", "en")
    assert [c.id for c in hits] == ["Q900031"]
    c = hits[0]
    assert (c.label, c.description, c.match_type, c.match_text) == ("Sergo Ilvarán", "made-up general", "alias", "Sergo Ilvaran")
    assert c.aliases == ("Sergo Ilvaran",)
    assert c.concepturi == "http://www.wikidata.org/entity/Q900031"
    params = server.requests[0]["params"]
    assert params["action"] == "wbsearchentities" and params["format"] == "json" and params["type"] == "item"
    assert params["language"] == params["uselang"] == "en" and params["search"] == "Sergo Ilvaran"


def test_types_asks_sparql_by_get_for_json(server, tmp_path):
    client = make_client(server, tmp_path)
    assert client.types(["Q900041", "Q900001", "Q900099"]) == {
        "Q900001": {"Person"},
        "Q900041": {"MilitaryUnit", "Organization"},
        "Q900099": set(),
    }
    (req,) = server.requests
    assert req["method"] == "GET" and req["path"] == "/sparql"
    assert req["params"]["format"] == "json"
    assert req["headers"]["Accept"] == "application/sparql-results+json"
    assert set(_values(req["params"]["query"], "class")) == {c for cs in TYPE_CLASSES.values() for c in cs}


def test_types_refuses_what_is_not_a_qid(server, tmp_path):
    with pytest.raises(ValueError):
        make_client(server, tmp_path).types(["Q1 } ; DROP"])
    assert server.count() == 0


# --- the linking rules --------------------------------------------------------------------------


def test_a_unique_match_links(server, tmp_path):
    client = make_client(server, tmp_path)
    assert client.link("Marta Quillon", "en", "Person") == "Q900001"  # the Foundation is only a prefix match


def test_case_diacritics_and_aliases_are_folded(server, tmp_path):
    client = make_client(server, tmp_path)
    assert client.link("Sergo Ilvaran", "en", "Person") == "Q900031"  # alias; label "Ilvarán"
    server.hits["SERGO ILVARÁN"] = server.hits["Sergo Ilvaran"]
    assert client.link("SERGO ILVARÁN", "en", "Person") == "Q900031"
    assert client.link("Brigade Kelm", "id", "MilitaryUnit") == "Q900041"


def test_two_equally_good_candidates_give_no_link(server, tmp_path):
    assert make_client(server, tmp_path).link("Port Aster", "en", "Location") is None


def test_a_candidate_of_the_wrong_type_is_rejected(server, tmp_path):
    client = make_client(server, tmp_path)
    assert client.link("Veyra", "en", "Person") is None  # the only "Veyra" is a place
    assert client.link("Veyra", "en", "Location") == "Q900021"
    assert client.link("Marta Quillon", "en", "Organization") is None


def test_no_exact_name_no_link_and_no_type_query(server, tmp_path):
    client = make_client(server, tmp_path)
    assert client.link("Marta", "en", "Person") is None
    assert server.count("/sparql") == 0


def test_acronyms_and_short_names_are_not_looked_up(server, tmp_path):
    client = make_client(server, tmp_path)
    assert not searchable("IDF") and not searchable("Al") and searchable("Kelm Brigade")
    assert client.link("IDF", "en", "MilitaryUnit") is None
    assert server.count() == 0


def test_unknown_type_is_an_error(server, tmp_path):
    with pytest.raises(ValueError):
        make_client(server, tmp_path).link("Veyra", "en", "Place")


# --- cache --------------------------------------------------------------------------------------


def test_cache_answers_a_repeated_lookup_and_survives_a_new_client(server, tmp_path):
    client = make_client(server, tmp_path)
    assert client.link("Marta Quillon", "en", "Person") == "Q900001"
    asked = server.count()
    assert asked == 2  # one search, one type query
    assert client.link("Marta Quillon", "en", "Person") == "Q900001"
    assert server.count() == asked
    again = make_client(server, tmp_path)
    assert again.link("Marta Quillon", "en", "Person") == "Q900001"
    assert server.count() == asked and again.requests == 0
    files = sorted((tmp_path / "cache").iterdir())
    assert len(files) == 2 and all(re.fullmatch(r"[0-9a-f]{64}\.json", f.name) for f in files)


def test_cache_files_are_keyed_by_url_and_written_atomically(tmp_path):
    cache = JsonCache(tmp_path / "c")
    assert cache.get("https://example.org/a") is None and not (tmp_path / "c").exists()
    path = cache.put("https://example.org/a", {"x": [1, 2]})
    assert cache.get("https://example.org/a") == {"x": [1, 2]}
    assert cache.get("https://example.org/b") is None
    assert [p.name for p in (tmp_path / "c").iterdir()] == [path.name]  # no temporary file left
    path.write_text("{ broken")
    assert cache.get("https://example.org/a") is None


def test_failed_answers_are_not_cached(server, tmp_path):
    server.failures = [(500, {})]
    client = make_client(server, tmp_path)
    with pytest.raises(WikidataError):
        client.search("Veyra", "en")
    assert not (tmp_path / "cache").exists()
    assert [c.id for c in client.search("Veyra", "en")] == ["Q900021", "Q900022"]


# --- etiquette ----------------------------------------------------------------------------------


def test_user_agent_is_sent(server, tmp_path):
    make_client(server, tmp_path).link("Marta Quillon", "en", "Person")
    agents = {r["headers"]["User-Agent"] for r in server.requests}
    assert len(agents) == 1
    (agent,) = agents
    assert agent.startswith(f"newskg/{__version__} (") and ")" in agent and "Python-urllib/" in agent


def test_a_429_with_retry_after_is_retried(server, tmp_path):
    clock = FakeClock()
    server.failures = [(429, {"Retry-After": "0"})]
    client = make_client(server, tmp_path, clock=clock, sleep=clock.sleep)
    assert client.link("Veyra", "en", "Location") == "Q900021"
    assert server.count("/w/api.php") == 2 and server.count("/sparql") == 1


def test_retry_after_is_honoured_and_retries_are_bounded(server, tmp_path):
    clock = FakeClock()
    server.failures = [(503, {"Retry-After": "7"})] + [(429, {"Retry-After": "0"})] * 10
    client = make_client(server, tmp_path, clock=clock, sleep=clock.sleep, max_retries=2)
    with pytest.raises(WikidataError):
        client.search("Veyra", "en")
    assert server.count() == 3  # the first try and two retries
    assert 7 in clock.sleeps


def test_a_retry_after_beyond_the_limit_is_not_waited_for(server, tmp_path):
    clock = FakeClock()
    server.failures = [(429, {"Retry-After": "3600"})]
    client = make_client(server, tmp_path, clock=clock, sleep=clock.sleep, max_retry_wait=60)
    with pytest.raises(WikidataError):
        client.search("Veyra", "en")
    assert clock.sleeps == [] and server.count() == 1


def test_minimum_interval_between_requests(server, tmp_path):
    clock = FakeClock()
    server.clock = clock
    client = make_client(server, tmp_path, min_interval=1.0, clock=clock, sleep=clock.sleep)
    assert client.link("Marta Quillon", "en", "Person") == "Q900001"
    assert client.link("Veyra", "en", "Location") == "Q900021"
    assert client.link("Marta Quillon", "en", "Person") == "Q900001"  # cached: no request, no wait
    times = [r["time"] for r in server.requests]
    assert len(times) == 4
    assert all(b - a >= 1.0 for a, b in zip(times, times[1:]))
    assert times[-1] - times[0] == pytest.approx(3.0)  # waits no longer than it must
    clock.now += 5  # time passed on its own: no need to wait
    client.search("Kelm Brigade", "en")
    assert clock.sleeps == [1.0, 1.0, 1.0]


def test_gzip_answers_are_read(server, tmp_path):
    server.gzip = True
    assert make_client(server, tmp_path).link("Marta Quillon", "en", "Person") == "Q900001"
    assert server.requests[0]["headers"]["Accept-Encoding"] == "gzip"


def test_nothing_happens_on_import_or_construction(tmp_path):
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise AssertionError('network used')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "import kg.link, kg.link.wikidata, kg.link.cache\n"
        "kg.link.WikidataClient()\n"
        "import os; assert os.listdir('.') == [], os.listdir('.')\n"
        "assert not hasattr(kg.link.wikidata, 'client') and not hasattr(kg.link, 'client')\n"
    )
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr


# --- link_unlinked / apply_links ---------------------------------------------------------------


def extraction(*entities: Entity) -> Extraction:
    article = Article(id="a1", source="a1.txt", text="…", language="en", published=date(2024, 10, 28))
    return Extraction(
        article=article,
        language="en",
        reference_date=date(2024, 10, 28),
        sentences=[],
        entities={e.key: e for e in entities},
        mentions=[],
        posts=[],
        statements=[],
    )


def test_link_unlinked_returns_the_mapping_for_unlinked_entities_only(server, tmp_path):
    x = extraction(
        Entity("Person:marta-quillon", "Person", "Marta Quillon", "en"),
        Entity("Location:port-aster", "Location", "Port Aster", "en"),  # ambiguous
        Entity("Location:veyra", "Location", "Veyra", "en", wikidata="Q900021"),  # already linked
        Entity("MilitaryUnit:brigade-kelm", "MilitaryUnit", "Brigade Kelm", "id"),
    )
    mapping = link_unlinked(x, make_client(server, tmp_path))
    assert mapping == {"Person:marta-quillon": "Q900001", "MilitaryUnit:brigade-kelm": "Q900041"}
    assert x.entities["Person:marta-quillon"].wikidata is None  # not mutated
    assert "Veyra" not in {r["params"].get("search") for r in server.requests}
    assert apply_links(x, mapping) == 2
    assert x.entities["Person:marta-quillon"].wikidata == "Q900001"
    assert x.entities["Location:veyra"].wikidata == "Q900021"
    assert x.entities["Location:port-aster"].wikidata is None


def test_a_qid_two_entities_would_share_is_given_to_neither(server, tmp_path):
    x = extraction(
        Entity("MilitaryUnit:kelm-brigade", "MilitaryUnit", "Kelm Brigade", "en"),
        Entity("Organization:brigade-kelm", "Organization", "Brigade Kelm", "id"),
        Entity("Person:sergo", "Person", "Sergo Ilvaran", "en"),
        Entity("Person:ilvaran", "Person", "Ilvarán", "en", wikidata="Q900031"),
    )
    assert link_unlinked(x, make_client(server, tmp_path)) == {}


def test_an_entity_whose_names_disagree_is_not_linked(server, tmp_path):
    server.hits["Veyra Holt"] = [hit("Q900022", "Veyra Holt")]
    e = Entity("Person:veyra-holt", "Person", "Veyra Holt", "id", labels={"en": "Marta Quillon", "id": "Veyra Holt"})
    assert names_to_try(e) == [("Marta Quillon", "en"), ("Veyra Holt", "id")]
    assert link_unlinked(extraction(e), make_client(server, tmp_path)) == {}


def test_failed_lookups_leave_entities_unlinked_and_stop(server, tmp_path):
    server.failures = [(500, {})] * 10
    x = extraction(*(Entity(f"Person:p{i}", "Person", f"Person Number{i}", "en") for i in range(6)))
    assert link_unlinked(x, make_client(server, tmp_path), max_failures=2) == {}
    assert server.count() == 2


def test_apply_links_refuses_what_is_not_a_qid():
    x = extraction(Entity("Person:a", "Person", "A b", "en"))
    with pytest.raises(ValueError):
        apply_links(x, {"Person:a": "http://www.wikidata.org/entity/Q1"})
    assert x.entities["Person:a"].wikidata is None


def test_kg_ingest_online_links_what_the_gazetteer_does_not(server, tmp_path, monkeypatch, capsys):
    """The CLI path: `kg ingest --online` against the stand-in, answers read back over SPARQL."""
    from conftest import QUERIES, query_rows, run_kg

    article = tmp_path / "a.json"
    article.write_text(
        json.dumps(
            {
                "maintext": "Menteri Pertahanan Marta Quillon mengatakan pada Senin (4/11) bahwa 300 tentara tiba.",
                "date_publish": "2024-11-05 08:00:00",
                "language": "id",
                "url": "https://x.example/online",
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("KG_WIKIDATA_API", server.base + "/w/api.php")
    monkeypatch.setenv("KG_WIKIDATA_SPARQL", server.base + "/sparql")
    monkeypatch.setenv("KG_WIKIDATA_CACHE", str(tmp_path / "cache"))
    offline, online = tmp_path / "offline", tmp_path / "online"
    assert run_kg("ingest", "--store", offline, article) == 0
    assert server.requests == []  # nothing online without --online
    assert run_kg("ingest", "--store", online, article, "--online") == 0
    assert server.requests  # asked the stand-in
    before = query_rows(offline, QUERIES / "statements.rq", capsys)
    after = query_rows(online, QUERIES / "statements.rq", capsys)
    assert [r.get("speakerWikidata") for r in before] == [None]
    assert [r["speakerWikidata"] for r in after] == ["http://www.wikidata.org/entity/Q900001"]
