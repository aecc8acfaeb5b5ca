"""kg.stores.remote.RemoteStore against a real Virtuoso Open Source, started here on 127.0.0.1.

The ``virtuoso`` fixture runs ``virtuoso-t +foreground`` on a scratch database under tmp, with
HTTP and ISQL on free ports, and stops it afterwards (the launcher is tests/virtuoso_server.py,
which benchmarks/scaleout.py uses too). Without ``virtuoso-t`` (Debian package
``virtuoso-opensource``) the Virtuoso tests are skipped, or fail when ``KG_REQUIRE_VIRTUOSO=1``
(as .ci/run sets it).

Writes go through ``/sparql-auth`` as ``dba`` (a fresh database's password is ``dba``) with
HTTP Digest, as credentials from the environment would.
"""

from __future__ import annotations

import collections
import json
import os
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest
from virtuoso_server import Virtuoso, find_binary  # tests/virtuoso_server.py

from kg import cli
from kg.pipeline.ingest import ingest
from kg import search
from kg.stores.remote import RemoteStore, RemoteStoreError, endpoint_urls, open_store
from kg.stores.local import Store

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "queries"
SEEDS = ROOT / "seeds"
CORPUS = [ROOT / "tests" / "data" / "articles", ROOT / "seeds", ROOT / "tests" / "data" / "claims", ROOT / "tests" / "data" / "sources"]
BASE = "https://w3id.org/newskg/"
XSD = "http://www.w3.org/2001/XMLSchema#"
EX = "http://example.org/remote-test/"

# Queries that cannot run on Virtuoso here, and why.
SKIPPED = {
    "cq-federation-wikidata.rq": "SERVICE <https://query.wikidata.org/sparql>: needs the network (none in tests)",
}


# --- the Virtuoso fixture ---------------------------------------------------------------------


def _unavailable(reason: str):
    if os.environ.get("KG_REQUIRE_VIRTUOSO") == "1":
        pytest.fail(f"KG_REQUIRE_VIRTUOSO=1 but {reason}")
    pytest.skip(f"{reason} (install the Debian package virtuoso-opensource; .ci/run does)")


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    binary = find_binary()
    if binary is None:
        _unavailable("virtuoso-t is not installed")
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso"))
    try:
        server.start(binary)
    except (OSError, RuntimeError) as exc:
        server.stop()
        _unavailable(f"Virtuoso could not be started: {exc}")
    yield server
    server.stop()


@pytest.fixture
def remote(virtuoso) -> RemoteStore:
    return virtuoso.store()


def _nt(triples: list[tuple[str, str, str]]) -> str:
    return "\n".join(f"<{EX}{s}> <{EX}{p}> {o} ." for s, p, o in triples)


def _count(store, graph: ox.NamedNode) -> int:
    return int(next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")))["n"].value)


# --- round trip ---------------------------------------------------------------------------------


def test_round_trip(remote):
    g = ox.NamedNode(EX + "graph/round-trip")
    first = _nt([("a", "label", '"Kursk"@en'), ("a", "n", f'"3000"^^<{XSD}integer>'), ("a", "b", f"<{EX}b>")])
    revision = remote.revision
    assert remote.replace_graph_text(g, first, 3) == 3
    assert remote.revision != revision
    assert remote.has_graph(g)
    assert g in remote.named_graphs()
    rows = {(r["p"].value, str(r["o"])) for r in remote.query(f"SELECT ?p ?o WHERE {{ GRAPH {g} {{ <{EX}a> ?p ?o }} }}")}
    assert rows == {(EX + "label", '"Kursk"@en'), (EX + "n", f'"3000"^^<{XSD}integer>'), (EX + "b", f"<{EX}b>")}

    # replacing again leaves only the new triples: no duplicates, nothing of the old graph
    remote.replace_graph(g, [ox.Triple(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "label"), ox.Literal("Kursk", language="en"))])
    assert _count(remote, g) == 1
    remote.replace_graph_text(g, first, 3)
    remote.replace_graph_text(g, first, 3)
    assert _count(remote, g) == 3

    # the three result kinds are pyoxigraph's own types
    assert isinstance(remote.query(f"ASK {{ GRAPH {g} {{ ?s ?p ?o }} }}"), ox.QueryBoolean)
    constructed = remote.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}")
    assert isinstance(constructed, ox.QueryTriples)
    assert len(list(constructed)) == 3
    assert isinstance(remote.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1"), ox.QuerySolutions)

    quads = set(remote.quads(g))
    assert len(quads) == 3 and all(q.graph_name == g for q in quads)
    dumped = set(ox.parse(b"".join(remote.stream_dump("nquads")), ox.RdfFormat.N_QUADS))
    assert quads <= dumped
    assert not any(q.graph_name.value.startswith("http://www.openlinksw.com/") for q in dumped)
    trig = set(ox.parse(b"".join(remote.stream_dump("trig")), ox.RdfFormat.TRIG))
    assert trig == dumped

    assert remote.drop_graph(g) is True
    assert not remote.has_graph(g)
    assert g not in remote.named_graphs()
    assert remote.drop_graph(g) is False


def test_large_graph_goes_through_a_staging_graph(remote):
    g = ox.NamedNode(EX + "graph/large")
    store = RemoteStore(remote.query_url, user="dba", password="dba", max_update_triples=100)
    store.replace_graph_text(g, _nt([(f"s{i}", "p", f'"old {i}"') for i in range(50)]), 50)
    store.replace_graph_text(g, _nt([(f"s{i}", "p", f'"new {i}"') for i in range(450)]), 450)
    assert _count(store, g) == 450
    assert not [x for x in store.named_graphs() if "#staging-" in x.value]
    store.drop_graph(g)


def test_bulk_replace(remote):
    g1, g2 = ox.NamedNode(EX + "graph/bulk-1"), ox.NamedNode(EX + "graph/bulk-2")
    remote.replace_graph_text(g1, _nt([("old", "p", '"x"')]), 1)
    nquads = f'<{EX}a> <{EX}p> "1" {g1} .\n<{EX}b> <{EX}p> "2" {g2} .\n<{EX}c> <{EX}p> "3" <{EX}graph/other> .\n'
    remote.bulk_replace([g1, g2], nquads.encode())
    assert [q.subject.value for q in remote.quads(g1)] == [EX + "a"]
    assert [q.subject.value for q in remote.quads(g2)] == [EX + "b"]
    assert not remote.has_graph(ox.NamedNode(EX + "graph/other"))
    remote.drop_graph(g1), remote.drop_graph(g2)


def test_empty_replacement_drops_the_graph(remote):
    g = ox.NamedNode(EX + "graph/emptied")
    remote.replace_graph_text(g, _nt([("a", "p", '"x"')]), 1)
    remote.replace_graph_text(g, "", 0)
    assert not remote.has_graph(g)


def test_a_rejected_update_writes_nothing(remote):
    g = ox.NamedNode(EX + "graph/rejected")
    remote.replace_graph_text(g, _nt([("a", "p", '"old"')]), 1)
    with pytest.raises(SyntaxError):  # Virtuoso's compiler rejects the literal: no operation runs
        remote.replace_graph_text(g, _nt([("a", "p", '"new"'), ("a", "q", f'"many"^^<{XSD}integer>')]), 2)
    assert [str(q.object) for q in remote.quads(g)] == ['"old"']
    with pytest.raises(SyntaxError):
        remote.query("SELEC * WHERE {")
    remote.drop_graph(g)


@pytest.mark.parametrize("max_triples", [10_000, 400], ids=["one-request", "staging"])
def test_readers_never_see_a_half_replaced_graph(virtuoso, max_triples):
    writer = virtuoso.store(max_update_triples=max_triples)
    reader = RemoteStore(virtuoso.url)  # anonymous, read-only endpoint
    g = ox.NamedNode(EX + f"graph/isolation-{max_triples}")
    n = 2000
    text = lambda tag: _nt([(f"s{i}", "p", f'"{tag} {i}"') for i in range(n)])
    writer.replace_graph_text(g, text("first"), n)
    seen: list[int] = []
    stop = threading.Event()

    def read():
        while not stop.is_set() and len(seen) < 2000:
            seen.append(_count(reader, g))

    thread = threading.Thread(target=read)
    thread.start()
    try:
        for k in range(6):
            writer.replace_graph_text(g, text(f"round {k}"), n)
    finally:
        stop.set()
        thread.join(timeout=60)
    writer.drop_graph(g)
    assert seen and set(seen) == {n}, collections.Counter(seen)


def test_credentials_are_required_and_checked(virtuoso):
    g = ox.NamedNode(EX + "graph/denied")
    with pytest.raises(RemoteStoreError) as caught:
        RemoteStore(virtuoso.auth_url, user="dba", password="wrong").replace_graph_text(g, _nt([("a", "p", '"x"')]), 1)
    assert caught.value.status == 401
    env = {"KG_STORE_USER": "dba", "KG_STORE_PASSWORD": "dba"}
    store = RemoteStore.from_url(virtuoso.auth_url, environ=env)
    store.replace_graph_text(g, _nt([("a", "p", '"x"')]), 1)
    assert store.drop_graph(g)


# --- parity with the embedded store -------------------------------------------------------------


@pytest.fixture(scope="module")
def both(virtuoso):
    embedded = Store()
    remote = virtuoso.store()
    one = ingest(CORPUS, embedded, BASE)
    two = ingest(CORPUS, remote, BASE)
    assert one.ok and two.ok and one.ingested == two.ingested and one.quads == two.quads
    ingest(CORPUS, remote, BASE)  # again: graphs are replaced, not added to
    return embedded, remote


INTEGER_TYPES = {
    XSD + t
    for t in "integer nonNegativeInteger positiveInteger nonPositiveInteger negativeInteger long int short byte "
    "unsignedLong unsignedInt unsignedShort unsignedByte".split()
}


def _normal(term, concatenated: bool = False):
    """A term as a comparable value. Only differences that are equal in value are removed:

    * integer subtypes: Oxigraph 0.5 stores ``"5"^^xsd:nonNegativeInteger`` (nif:beginIndex) as
      xsd:integer, Virtuoso keeps the subtype: compared as integers.
    * xsd:boolean: Virtuoso writes ``"0"``/``"1"``, Oxigraph ``"false"``/``"true"`` (both are
      lexical forms of the same value).
    * GROUP_CONCAT (``concatenated``): the order of the parts is unspecified by SPARQL, and
      Oxigraph keeps a language tag the parts share, where SPARQL 1.1 (and Virtuoso) give a
      plain string; over a group whose values are all unbound (an event without actors)
      Oxigraph leaves it unbound, Virtuoso gives "": compared as the sorted parts' text, with
      unbound and "" both meaning "no parts".
    """
    if concatenated:
        return ("concat", tuple(sorted(term.value.split(" | "))) if term is not None and term.value else ())
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in INTEGER_TYPES:
            return ("integer", int(term.value))
        if datatype == XSD + "boolean":
            return ("boolean", term.value in ("true", "1"))
        if datatype == XSD + "double":  # Virtuoso prints doubles to 6 significant digits, rounded its own way
            return ("double", float(f"{float(term.value):.3g}"))
    return str(term)


CONCATENATED = {("cq-events.rq", "actorLabels"), ("cq-claim-spread.rq", "outletNames")}


def _rows(store, query_file: Path) -> tuple[list[str], collections.Counter]:
    text = query_file.read_text(encoding="utf-8")
    if search.clause.mentions_search(text):  # answered by a search index of this store (kg/search)
        index = search.SearchIndex(None)
        index.rebuild(store)
        text = search.expand(text, index)
    result = store.query(text, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    rows = collections.Counter(
        tuple(_normal(row[n], (query_file.name, n) in CONCATENATED) for n in names) for row in result
    )
    return names, rows


@pytest.mark.parametrize("query_file", sorted(QUERIES.glob("*.rq")), ids=lambda p: p.name)
def test_every_query_gives_the_same_answers(both, query_file):
    if query_file.name in SKIPPED:
        pytest.skip(SKIPPED[query_file.name])
    embedded, remote = both
    names, expected = _rows(embedded, query_file)
    remote_names, got = _rows(remote, query_file)
    assert remote_names == names
    assert sum(expected.values()) > 0, "the query finds nothing in the corpus: it compares nothing"
    assert got == expected, f"only embedded: {list(expected - got)[:3]}\nonly Virtuoso: {list(got - expected)[:3]}"


def test_the_article_graphs_are_the_same(both):
    embedded, remote = both
    article_graphs = sorted(g.value for g in embedded.named_graphs())
    assert sorted(g.value for g in remote.named_graphs() if g.value.startswith(BASE)) == article_graphs
    for name in article_graphs[:3]:
        g = ox.NamedNode(name)
        mine = {(q.subject, q.predicate, _normal(q.object)) for q in embedded.quads(g)}
        theirs = {(q.subject, q.predicate, _normal(q.object)) for q in remote.quads(g)}
        assert mine == theirs


def test_the_shared_graphs_are_the_same(both):
    """The entities and claims graphs, kept by the same updates in the same requests as the article
    graphs, come out the same on Virtuoso (which had every article ingested twice)."""
    from kg.pipeline import shared

    embedded, remote = both
    for graph in (shared.entities_graph(BASE), shared.claims_graph(BASE)):
        mine = {(q.subject, q.predicate, _normal(q.object)) for q in embedded.quads(graph)}
        theirs = {(q.subject, q.predicate, _normal(q.object)) for q in remote.quads(graph)}
        assert mine and mine == theirs, graph


# --- the endpoint and the CLI on a remote store -------------------------------------------------


def test_the_endpoint_serves_a_remote_store(both):
    from kg.web import create_app

    embedded, remote = both
    query = (QUERIES / "troop-counts.rq").read_bytes()
    answers = []
    for store in (embedded, remote):
        client = create_app(store, cache_bytes=0).test_client()
        response = client.post(
            "/sparql", data=query, headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}
        )
        assert response.status_code == 200, response.get_data(as_text=True)
        rows = response.get_json()["results"]["bindings"]
        answers.append(collections.Counter(json.dumps({k: v["value"] for k, v in r.items()}, sort_keys=True) for r in rows))
        turtle = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s a <https://w3id.org/newskg/ontology#Article> }"}, headers={"Accept": "text/turtle"})
        assert turtle.status_code == 200
        assert len(list(ox.parse(turtle.get_data(), ox.RdfFormat.TURTLE))) == len([g for g in embedded.named_graphs() if "/graph/shared/" not in g.value])
    assert answers[0] == answers[1] and sum(answers[0].values()) > 0


def test_cli_ingest_query_and_dump_with_a_store_url(both, virtuoso, capsysbinary, monkeypatch):
    """``--store URL``: the same commands against the remote store (re-ingesting replaces, no duplicates)."""
    assert cli.main(["ingest", "--store", virtuoso.url, str(SEEDS)]) == 1  # anonymous: Virtuoso refuses writes
    monkeypatch.setenv("KG_STORE_USER", "dba")
    monkeypatch.setenv("KG_STORE_PASSWORD", "dba")
    assert cli.main(["ingest", "--store", virtuoso.auth_url, str(SEEDS)]) == 0
    assert cli.main(["query", "--store", virtuoso.url, str(QUERIES / "entities.rq"), "--format", "json"]) == 0
    rows = json.loads(capsysbinary.readouterr().out)["results"]["bindings"]
    assert len(rows) == sum(_rows(both[0], QUERIES / "entities.rq")[1].values())
    assert cli.main(["dump", "--store", virtuoso.url, "--format", "nquads"]) == 0
    dumped = list(ox.parse(capsysbinary.readouterr().out, ox.RdfFormat.N_QUADS))
    assert {q.graph_name.value for q in dumped if q.graph_name.value.startswith(BASE)} == {g.value for g in both[0].named_graphs()}


# --- choosing a store, without Virtuoso --------------------------------------------------------


def test_open_store_picks_by_location(tmp_path, monkeypatch):
    monkeypatch.delenv("KG_STORE_UPDATE_URL", raising=False)
    monkeypatch.delenv("KG_STORE_GRAPH_STORE_URL", raising=False)
    assert isinstance(open_store(tmp_path / "store"), Store)
    store = open_store("http://127.0.0.1:8890/sparql")
    assert isinstance(store, RemoteStore)
    assert (store.update_url, store.graph_store_url) == ("http://127.0.0.1:8890/sparql", "http://127.0.0.1:8890/sparql-graph-crud")
    assert open_store(Path("https://example.org/sparql-auth")).query_url == "https://example.org/sparql-auth"  # Path ate a slash
    monkeypatch.setenv("KG_STORE_UPDATE_URL", "http://h/up")
    assert open_store("http://h/q").update_url == "http://h/up"


def test_endpoint_conventions():
    assert endpoint_urls("http://h:8890/sparql-auth")[2] == "http://h:8890/sparql-graph-crud-auth"
    assert endpoint_urls("http://h/ds/query") == ("http://h/ds/query", "http://h/ds/update", "http://h/ds/data")
    assert endpoint_urls("http://h/endpoint") == ("http://h/endpoint",) * 3


def test_a_read_only_remote_store_refuses_writes():
    store = RemoteStore("http://127.0.0.1:9/sparql", read_only=True)
    with pytest.raises(RemoteStoreError):
        store.replace_graph_text(ox.NamedNode(EX + "g"), "", 0)
    with pytest.raises(ValueError):
        RemoteStore("http://127.0.0.1:9/sparql").replace_graph_text(ox.DefaultGraph(), "", 0)
