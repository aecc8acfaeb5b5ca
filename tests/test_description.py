"""The SPARQL Service Description (``GET /sparql`` without a query) and the VoID description.

Responses are parsed with pyoxigraph and checked with SPARQL against counts computed in Python
from the store's quads.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from email.utils import format_datetime

import pyoxigraph as ox
import pytest

from kg.namespaces import ONTOLOGY, RDF, RDFS, SCHEMA
from kg.stores.local import Store
from kg.web import create_app, description, dumps

pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")

EX = "https://example.org/"
BASE = EX + "id/"
G1 = ox.NamedNode(EX + "graph/a1")
G2 = ox.NamedNode(EX + "graph/a2")
EMPTY = ox.NamedNode(EX + "graph/empty")
A1 = ox.NamedNode(BASE + "article/a1")
A2 = ox.NamedNode(BASE + "article/a2")
ANNA = ox.NamedNode(BASE + "person/anna")
OUTSIDE = ox.NamedNode("http://elsewhere.example/thing")  # a subject outside void:uriSpace
TYPE = ox.NamedNode(RDF + "type")
LABEL = ox.NamedNode(RDFS + "label")
HEADLINE = ox.NamedNode(SCHEMA + "headline")
MENTIONS = ox.NamedNode(SCHEMA + "mentions")
ARTICLE = ox.NamedNode(ONTOLOGY + "Article")
PERSON = ox.NamedNode(ONTOLOGY + "Person")

SHARED = [ox.Triple(ANNA, TYPE, PERSON), ox.Triple(ANNA, LABEL, ox.Literal("Anna", language="en"))]
GRAPH_1 = [
    ox.Triple(A1, TYPE, ARTICLE),
    ox.Triple(A1, HEADLINE, ox.Literal("Troops move east")),
    ox.Triple(A1, MENTIONS, ANNA),
    *SHARED,
]
GRAPH_2 = [
    ox.Triple(A2, TYPE, ARTICLE),
    ox.Triple(A2, HEADLINE, ox.Literal("Talks stalled")),
    ox.Triple(OUTSIDE, LABEL, ox.Literal("elsewhere")),
    *SHARED,
]

SD = description.SD
VOID = description.VOID
PREFIXES = f"""
PREFIX sd: <{SD}>
PREFIX void: <{VOID}>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <{RDFS}>
"""
RDF_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


def _quads(graph, triples):
    return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]


@pytest.fixture
def store() -> Store:
    store = Store()
    store.replace_graph(G1, _quads(G1, GRAPH_1))
    store.replace_graph(G2, _quads(G2, GRAPH_2))
    store.update(f"CREATE GRAPH {EMPTY}")
    return store


@pytest.fixture
def client(store):
    return create_app(store, base=BASE).test_client()


@pytest.fixture
def later(monkeypatch):
    """Move the clock of the Last-Modified guard a few seconds on, past the last write's second."""
    monkeypatch.setattr(dumps, "_clock", lambda: time.time() + 5)


def parsed(response, fmt=ox.RdfFormat.TURTLE) -> ox.Store:
    assert response.status_code == 200, response.data
    graph = ox.Store()
    graph.extend(ox.parse(response.data, fmt))
    return graph


def values(graph: ox.Store, sparql: str) -> list:
    """The first variable of each solution, as Python values (ints for integer literals)."""
    out = []
    for row in graph.query(PREFIXES + sparql):
        term = row[0]
        if isinstance(term, ox.Literal) and term.datatype.value.endswith("#integer"):
            out.append(int(term.value))
        else:
            out.append(term.value if term is not None else None)
    return out


def union(store: Store) -> set[tuple]:
    return {(q.subject, q.predicate, q.object) for q in store.quads()}


def http_date(seconds: float) -> str:
    return format_datetime(datetime.fromtimestamp(int(seconds), UTC), usegmt=True)


# --- the service description -----------------------------------------------------------------


def test_service_description_is_turtle_by_default(client):
    r = client.get("/sparql")
    assert r.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert "Accept" in r.headers["Vary"]
    sd = parsed(r)
    assert values(sd, "SELECT ?e { ?s a sd:Service ; sd:endpoint ?e }") == ["http://localhost/sparql"]
    assert sd.query(PREFIXES + """ASK { ?s a sd:Service ; sd:supportedLanguage sd:SPARQL11Query ;
        sd:feature sd:UnionDefaultGraph ;
        sd:defaultEntailmentRegime <http://www.w3.org/ns/entailment/Simple> }""")
    formats = set(values(sd, "SELECT ?f { ?s sd:resultFormat ?f }"))
    assert formats == {
        "http://www.w3.org/ns/formats/" + name
        for name in (
            "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
            "Turtle", "N-Triples", "JSON-LD", "RDF_XML",
        )
    }
    # read-only and not federated by default
    assert not sd.query(PREFIXES + "ASK { ?s sd:supportedLanguage sd:SPARQL11Update }")
    assert not sd.query(PREFIXES + "ASK { ?s sd:feature sd:BasicFederatedQuery }")
    assert values(sd, "SELECT (COUNT(*) AS ?n) { ?s a sd:Service }") == [1]


def test_service_description_counts_every_graph(client, store):
    sd = parsed(client.get("/sparql"))
    named = {
        row[0].value: int(row[1].value)
        for row in sd.query(PREFIXES + """SELECT ?name ?n {
            ?service sd:defaultDataset ?d . ?d sd:namedGraph ?ng .
            ?ng a sd:NamedGraph ; sd:name ?name ; sd:graph [ a sd:Graph ; void:triples ?n ] }""")
    }
    assert named == {G1.value: len(GRAPH_1), G2.value: len(GRAPH_2), EMPTY.value: 0}
    default = values(sd, "SELECT ?n { ?s sd:defaultDataset [ sd:defaultGraph [ void:triples ?n ] ] }")
    assert default == [len(union(store))] == [len(set(GRAPH_1) | set(GRAPH_2))]


def test_update_service_only_with_a_token(store):
    sd = parsed(create_app(store, update_token="secret").test_client().get("/sparql"))
    rows = {
        (row[0].value, row[1].value)
        for row in sd.query(PREFIXES + "SELECT ?e ?lang { ?s a sd:Service ; sd:endpoint ?e ; sd:supportedLanguage ?lang }")
    }
    assert rows == {("http://localhost/sparql", SD + "SPARQL11Query"), ("http://localhost/update", SD + "SPARQL11Update")}
    assert b"secret" not in create_app(store, update_token="secret").test_client().get("/sparql").data


def test_basic_federated_query_only_with_allowed_hosts(store):
    r = create_app(store, service_hosts=["query.wikidata.org"]).test_client().get("/sparql")
    assert parsed(r).query(PREFIXES + "ASK { ?s sd:feature sd:BasicFederatedQuery }")


def test_endpoint_follows_the_request_url(client):
    r = client.get("/sparql", base_url="https://kg.example.net/newskg/")
    sd = parsed(r)
    assert values(sd, "SELECT ?e { ?s sd:endpoint ?e }") == ["https://kg.example.net/newskg/sparql"]


@pytest.mark.parametrize("media_type, fmt", RDF_TYPES.items())
def test_service_description_is_negotiated(client, media_type, fmt):
    r = client.get("/sparql", headers={"Accept": media_type})
    assert r.mimetype == media_type
    assert parsed(r, fmt).query(PREFIXES + "ASK { ?s a sd:Service }")


def test_service_description_format_parameter_and_errors(client):
    r = client.get("/sparql", query_string={"format": "ntriples"})
    assert r.mimetype == "application/n-triples"
    r = client.get("/sparql", headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 406 and b"text/turtle" in r.data
    assert client.get("/sparql", query_string={"format": "nonsense"}).status_code == 400
    # a browser gets something it can show
    r = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert r.status_code == 200 and r.mimetype == "application/xml"


def test_service_description_etag_and_304(client, store):
    first = client.get("/sparql")
    etag = first.headers["ETag"]
    assert etag.startswith('"') and first.headers["Cache-Control"]
    assert client.get("/sparql").headers["ETag"] == etag
    assert client.get("/sparql").data == first.data  # byte-identical: fixed blank node labels
    assert client.get("/sparql", headers={"Accept": "application/n-triples"}).headers["ETag"] != etag
    for tag in (etag, "W/" + etag, '"other", ' + etag, "*"):
        r = client.get("/sparql", headers={"If-None-Match": tag})
        assert r.status_code == 304 and r.data == b"" and r.headers["ETag"] == etag
    assert client.get("/sparql", headers={"If-None-Match": '"other"'}).status_code == 200
    store.query("ASK { ?s ?p ?o }")  # reading changes nothing
    assert client.get("/sparql", headers={"If-None-Match": etag}).status_code == 304
    store.replace_graph(G2, _quads(G2, GRAPH_2[:1]))
    r = client.get("/sparql", headers={"If-None-Match": etag})
    assert r.status_code == 200 and r.headers["ETag"] != etag
    assert {G2.value: 1}.items() <= {
        row[0].value: int(row[1].value)
        for row in parsed(r).query(PREFIXES + "SELECT ?g ?n { ?x sd:name ?g ; sd:graph [ void:triples ?n ] }")
    }.items()


def test_service_description_links_to_void(client):
    sd = parsed(client.get("/sparql"))
    (dataset,) = values(sd, "SELECT ?d { ?s sd:defaultDataset ?d }")
    assert dataset == "http://localhost/.well-known/void#dataset"
    void = parsed(client.get("/.well-known/void"))
    assert values(void, f"SELECT ?e {{ <{dataset}> a void:Dataset ; void:sparqlEndpoint ?e }}") == [
        "http://localhost/sparql"
    ]


# --- VoID ---------------------------------------------------------------------------------------


def test_void_statistics_match_the_store(client, store):
    r = client.get("/.well-known/void")
    assert r.headers["Content-Type"] == "text/turtle; charset=utf-8"
    void = parsed(r)
    triples = union(store)
    subjects = {s for s, _, _ in triples}
    (ds,) = values(void, "SELECT ?d { ?d a void:Dataset }")
    stat = lambda p: values(void, f"SELECT ?n {{ <{ds}> void:{p} ?n }}")
    assert stat("triples") == [len(triples)] == [8]
    assert stat("distinctSubjects") == [len(subjects)]
    assert stat("distinctObjects") == [len({o for _, _, o in triples})]
    assert stat("entities") == [len({s for s in subjects if s.value.startswith(BASE)})] == [3]
    assert stat("properties") == [len({p for _, p, _ in triples})] == [4]
    assert stat("classes") == [len({o for _, p, o in triples if p == TYPE})] == [2]

    properties = {
        row[0].value: tuple(int(v.value) for v in list(row)[1:])
        for row in void.query(PREFIXES + f"""SELECT ?p ?t ?s ?o {{ <{ds}> void:propertyPartition [
            void:property ?p ; void:triples ?t ; void:distinctSubjects ?s ; void:distinctObjects ?o ] }}""")
    }
    expected = {}
    for prop in {p for _, p, _ in triples}:
        rows = [(s, o) for s, p, o in triples if p == prop]
        expected[prop.value] = (len(rows), len({s for s, _ in rows}), len({o for _, o in rows}))
    assert properties == expected
    classes = {
        row[0].value: int(row[1].value)
        for row in void.query(PREFIXES + f"SELECT ?c ?n {{ <{ds}> void:classPartition [ void:class ?c ; void:entities ?n ] }}")
    }
    assert classes == {ARTICLE.value: 2, PERSON.value: 1}
    assert set(values(void, f"SELECT ?v {{ <{ds}> void:vocabulary ?v }}")) == {SCHEMA, RDF, RDFS, ONTOLOGY}


def test_void_links_and_metadata(client, store):
    void = parsed(client.get("/.well-known/void"))
    (ds,) = values(void, "SELECT ?d { ?d a void:Dataset }")
    assert values(void, f"SELECT ?u {{ <{ds}> void:uriSpace ?u }}") == [BASE]
    assert values(void, f"SELECT ?e {{ <{ds}> void:sparqlEndpoint ?e }}") == ["http://localhost/sparql"]
    assert set(values(void, f"SELECT ?e {{ <{ds}> void:exampleResource ?e }}")) == {A1.value, A2.value}
    assert values(void, f"SELECT ?t {{ <{ds}> dcterms:title ?t }}") == ["newskg"]
    assert values(void, f"SELECT ?t {{ <{ds}> dcterms:description ?t }}")
    assert not void.query(PREFIXES + "ASK { ?d dcterms:license ?l }")  # no licence is claimed for the data
    (modified,) = void.query(PREFIXES + f"SELECT ?m {{ <{ds}> dcterms:modified ?m }}")
    assert modified[0].datatype.value.endswith("#dateTime")
    stamp = datetime.fromisoformat(modified[0].value)
    assert stamp.timestamp() == int(store.modified)
    dump_urls = sorted(values(void, f"SELECT ?u {{ <{ds}> void:dataDump ?u }}"))
    assert dump_urls == sorted(f"http://localhost/dumps/{name}" for name in dumps.DUMPS)
    for url in dump_urls:
        assert client.head(url).status_code == 200
    (doc,) = values(void, "SELECT ?doc { ?doc a void:DatasetDescription ; <http://xmlns.com/foaf/0.1/primaryTopic> ?d }")
    assert doc == "http://localhost/.well-known/void"


@pytest.mark.parametrize("media_type, fmt", RDF_TYPES.items())
def test_void_is_negotiated(client, media_type, fmt):
    r = client.get("/.well-known/void", headers={"Accept": media_type})
    assert r.mimetype == media_type and "Accept" in r.headers["Vary"]
    assert values(parsed(r, fmt), "SELECT ?n { ?d a void:Dataset ; void:triples ?n }") == [8]
    assert client.get("/.well-known/void", headers={"Accept": "text/csv"}).status_code == 406


def test_void_is_computed_once_per_revision(client, store, monkeypatch):
    calls = []
    original = store.query
    monkeypatch.setattr(store, "query", lambda *a, **k: calls.append(a[0]) or original(*a, **k))
    client.get("/.well-known/void")
    computed = len(calls)
    assert computed > 0
    for _ in range(3):
        assert client.get("/.well-known/void").status_code == 200
        assert client.get("/.well-known/void", headers={"Accept": "application/n-triples"}).status_code == 200
    assert len(calls) == computed  # served from the cache
    store.replace_graph(G2, [])
    calls.clear()
    void = parsed(client.get("/.well-known/void"))
    assert len(calls) == computed  # recomputed after the write, once
    assert values(void, "SELECT ?n { ?d a void:Dataset ; void:triples ?n }") == [len(GRAPH_1)]


def test_void_etag_last_modified_and_304(client, store, later):
    r = client.get("/.well-known/void")
    etag, last_modified = r.headers["ETag"], r.headers["Last-Modified"]
    assert last_modified == http_date(store.modified)
    assert client.get("/.well-known/void", headers={"If-None-Match": etag}).status_code == 304
    r = client.get("/.well-known/void", headers={"If-Modified-Since": last_modified})
    assert r.status_code == 304 and r.headers["ETag"] == etag
    before = http_date(store.modified - 60)
    assert client.get("/.well-known/void", headers={"If-Modified-Since": before}).status_code == 200
    # If-None-Match wins over If-Modified-Since
    r = client.get("/.well-known/void", headers={"If-None-Match": '"other"', "If-Modified-Since": last_modified})
    assert r.status_code == 200

    time.sleep(1.01)  # the next write falls in a later second
    store.replace_graph(G1, [])
    r = client.get("/.well-known/void", headers={"If-None-Match": etag})
    assert r.status_code == 200 and r.headers["ETag"] != etag
    assert client.get("/.well-known/void", headers={"If-Modified-Since": last_modified}).status_code == 200


def test_no_last_modified_within_the_second_of_a_write(client, store, monkeypatch):
    monkeypatch.setattr(dumps, "_clock", lambda: store.modified)
    r = client.get("/.well-known/void")
    assert r.status_code == 200 and "Last-Modified" not in r.headers and "ETag" in r.headers
    monkeypatch.setattr(dumps, "_clock", lambda: store.modified + 1)
    assert "Last-Modified" in client.get("/.well-known/void").headers


def test_void_for_an_empty_store():
    client = create_app(Store(), base=BASE).test_client()
    void = parsed(client.get("/.well-known/void"))
    assert values(void, "SELECT ?n { ?d a void:Dataset ; void:triples ?n }") == [0]
    assert not void.query(PREFIXES + "ASK { ?d void:exampleResource ?e }")
    sd = parsed(client.get("/sparql"))
    assert not sd.query(PREFIXES + "ASK { ?d sd:namedGraph ?g }")
    assert values(sd, "SELECT ?n { ?d sd:defaultGraph [ void:triples ?n ] }") == [0]


def test_namespace():
    assert description.namespace(SCHEMA + "headline") == SCHEMA
    assert description.namespace(ONTOLOGY + "Article") == ONTOLOGY
    assert description.namespace("urn:x") == "urn:x"
