"""The HTTP layer, driven through Flask's test client over a small in-memory store."""

from __future__ import annotations

import csv
import gzip
import io
import json
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest
from conftest import LiveServer

from kg.namespaces import ONTOLOGY, RDF, RDFS, SCHEMA
from kg.stores.local import Store
from kg.web import create_app
from kg.web.negotiation import negotiate, parse_accept
from kg.sparqltext.querytext import looks_like_update, names_dataset

# A pyoxigraph result dropped on a thread other than its own is reported as an "unraisable"
# exception; make that fail the test rather than pass with a warning.
pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")

EX = "https://example.org/"
G1 = ox.NamedNode(EX + "graph/a1")
G2 = ox.NamedNode(EX + "graph/a2")
A1 = ox.NamedNode(EX + "id/article/a1")
A2 = ox.NamedNode(EX + "id/article/a2")
ANNA = ox.NamedNode(EX + "id/person/anna-ivanova")
TYPE = ox.NamedNode(RDF + "type")
LABEL = ox.NamedNode(RDFS + "label")
HEADLINE = ox.NamedNode(SCHEMA + "headline")
MENTIONS = ox.NamedNode(SCHEMA + "mentions")
ARTICLE = ox.NamedNode(ONTOLOGY + "Article")
PERSON = ox.NamedNode(ONTOLOGY + "Person")

HEADLINE_1 = ox.Literal("Troops move east", language="en")
HEADLINE_2 = ox.Literal('Talks "stalled", again;\tno date', language="en")  # quote, comma, tab
ANNA_LABEL = ox.Literal("Анна Иванова", language="ru")  # non-ASCII, for UTF-8 round trips

SHARED = [  # in both graphs: counted twice as quads, once in the union
    ox.Triple(ANNA, TYPE, PERSON),
    ox.Triple(ANNA, LABEL, ANNA_LABEL),
]
GRAPH_1 = [ox.Triple(A1, TYPE, ARTICLE), ox.Triple(A1, HEADLINE, HEADLINE_1), ox.Triple(A1, MENTIONS, ANNA), *SHARED]
GRAPH_2 = [ox.Triple(A2, TYPE, ARTICLE), ox.Triple(A2, HEADLINE, HEADLINE_2), *SHARED]
N_QUADS = len(GRAPH_1) + len(GRAPH_2)
UNION = set(GRAPH_1) | set(GRAPH_2)

ARTICLES = "PREFIX nkg: <%s> SELECT ?a WHERE { ?a a nkg:Article } ORDER BY ?a" % ONTOLOGY
HEADLINES = (
    "PREFIX nkg: <%s> PREFIX schema: <%s> "
    "SELECT ?a ?h WHERE { ?a a nkg:Article ; schema:headline ?h } ORDER BY ?a" % (ONTOLOGY, SCHEMA)
)
CONSTRUCT_ALL = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"

JSON_RESULTS = "application/sparql-results+json"
XML_RESULTS = "application/sparql-results+xml"


def _quads(graph, triples):
    return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]


def triples(data: bytes, fmt: ox.RdfFormat) -> set[ox.Triple]:
    """The set of triples in a serialised graph (pyoxigraph parses to quads in the default graph)."""
    return {q.triple for q in ox.parse(data, fmt)}


@pytest.fixture
def store() -> Store:
    store = Store()
    store.replace_graph(G1, _quads(G1, GRAPH_1))
    store.replace_graph(G2, _quads(G2, GRAPH_2))
    return store


@pytest.fixture
def client(store):
    return create_app(store).test_client()


def get(client, query, accept=None, **params):
    headers = {"Accept": accept} if accept else {}
    return client.get("/sparql", query_string={"query": query, **params}, headers=headers)


def bindings(response, var):
    """Values of ``var`` in a SPARQL JSON results body."""
    data = json.loads(response.data)
    return [b[var]["value"] for b in data["results"]["bindings"] if var in b]


def oxigraph_message(query: str) -> str:
    with pytest.raises(SyntaxError) as info:
        ox.Store().query(query)
    return str(info.value)


# --- SELECT / ASK ---------------------------------------------------------------------------


def test_select_defaults_to_json_over_the_union_of_graphs(client):
    r = get(client, HEADLINES)
    assert r.status_code == 200
    assert r.headers["Content-Type"] == f"{JSON_RESULTS}; charset=utf-8"
    assert "Accept" in r.headers["Vary"]
    data = json.loads(r.data)
    assert data["head"]["vars"] == ["a", "h"]
    rows = [(b["a"]["value"], b["h"]["value"], b["h"]["xml:lang"]) for b in data["results"]["bindings"]]
    assert rows == [(A1.value, HEADLINE_1.value, "en"), (A2.value, HEADLINE_2.value, "en")]


def test_graph_clause_reaches_each_article_graph(client):
    r = get(client, "SELECT ?g ?a WHERE { GRAPH ?g { ?a a <%s> } } ORDER BY ?g" % ARTICLE.value)
    assert list(zip(bindings(r, "g"), bindings(r, "a"))) == [(G1.value, A1.value), (G2.value, A2.value)]


def test_ask(client):
    r = get(client, "ASK { <%s> <%s> ?o }" % (A2.value, HEADLINE.value))
    assert r.status_code == 200 and json.loads(r.data) == {"head": {}, "boolean": True}
    r = get(client, "ASK { <%s> <%s> ?o }" % (A2.value, MENTIONS.value), accept=XML_RESULTS)
    assert r.headers["Content-Type"].startswith(XML_RESULTS)
    assert bool(ox.parse_query_results(r.data, ox.QueryResultsFormat.XML)) is False


def test_select_as_xml(client):
    r = get(client, HEADLINES, accept=XML_RESULTS)
    assert r.headers["Content-Type"] == f"{XML_RESULTS}; charset=utf-8"
    solutions = list(ox.parse_query_results(r.data, ox.QueryResultsFormat.XML))
    assert [(s["a"], s["h"]) for s in solutions] == [(A1, HEADLINE_1), (A2, HEADLINE_2)]


def test_select_as_tsv(client):
    r = get(client, HEADLINES, accept="text/tab-separated-values")
    assert r.headers["Content-Type"] == "text/tab-separated-values; charset=utf-8"
    solutions = list(ox.parse_query_results(r.data, ox.QueryResultsFormat.TSV))
    assert [(s["a"], s["h"]) for s in solutions] == [(A1, HEADLINE_1), (A2, HEADLINE_2)]


def test_select_as_csv(client):
    r = get(client, HEADLINES, accept="text/csv")
    assert r.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(r.data.decode("utf-8"))))
    assert rows == [["a", "h"], [A1.value, HEADLINE_1.value], [A2.value, HEADLINE_2.value]]


def test_non_ascii_values_round_trip_as_utf8(client):
    r = get(client, "SELECT DISTINCT ?l WHERE { <%s> <%s> ?l }" % (ANNA.value, LABEL.value))
    assert bindings(r, "l") == [ANNA_LABEL.value]


@pytest.mark.xfail(
    strict=True,
    reason="Oxigraph 0.5 evaluates a merged default graph as a bag: a triple in two graphs matches "
    "twice (oxigraph/oxigraph#1919, fixed by #1920 for 0.6). When this passes, drop the marker "
    "and the warning in kg.web.sparql.dataset_options.",
)
def test_union_default_graph_is_a_set(client):
    r = get(client, "SELECT ?l WHERE { <%s> <%s> ?l }" % (ANNA.value, LABEL.value))
    assert bindings(r, "l") == [ANNA_LABEL.value]


def test_application_json_is_accepted_for_results(client):
    r = get(client, ARTICLES, accept="application/json")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/json; charset=utf-8"
    assert bindings(r, "a") == [A1.value, A2.value]


def test_application_xml_means_results_xml_for_select(client):
    r = get(client, ARTICLES, accept="application/xml")
    assert r.headers["Content-Type"] == "application/xml; charset=utf-8"
    assert [s["a"] for s in ox.parse_query_results(r.data, ox.QueryResultsFormat.XML)] == [A1, A2]


# --- CONSTRUCT / DESCRIBE -------------------------------------------------------------------


def test_construct_defaults_to_turtle(client):
    r = get(client, CONSTRUCT_ALL)
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert triples(r.data, ox.RdfFormat.TURTLE) == UNION


@pytest.mark.parametrize(
    "accept, fmt",
    [
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
        ("application/xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_construct_in_other_formats(client, accept, fmt):
    r = get(client, CONSTRUCT_ALL, accept=accept)
    assert r.status_code == 200
    assert r.headers["Content-Type"] == f"{accept}; charset=utf-8"
    assert triples(r.data, fmt) == UNION


def test_describe(client):
    r = get(client, "DESCRIBE <%s>" % A1.value, accept="application/n-triples")
    assert triples(r.data, ox.RdfFormat.N_TRIPLES) == {t for t in GRAPH_1 if t.subject == A1}


# --- content negotiation --------------------------------------------------------------------


@pytest.mark.parametrize(
    "accept, expected",
    [
        (f"{XML_RESULTS};q=0.5, text/csv;q=0.9", "text/csv"),
        (f"text/csv;q=0.2, {XML_RESULTS}", XML_RESULTS),
        ("*/*", JSON_RESULTS),
        ("application/*", JSON_RESULTS),
        ("text/*", "text/csv"),
        ("text/csv;q=0, */*;q=0.1", JSON_RESULTS),
        ("text/csv, */*", "text/csv"),  # the explicit range beats the wildcard at equal q
        (f"{JSON_RESULTS};q=0.1, text/*;q=0.5", "text/csv"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),  # a browser
        ("text/tab-separated-values;charset=utf-8", "text/tab-separated-values"),
    ],
)
def test_accept_header_chooses_the_results_format(client, accept, expected):
    r = get(client, ARTICLES, accept=accept)
    assert r.status_code == 200
    assert r.headers["Content-Type"] == f"{expected}; charset=utf-8"


@pytest.mark.parametrize(
    "accept, expected",
    [
        ("*/*", "text/turtle"),
        ("text/*", "text/turtle"),
        ("application/*", "application/n-triples"),
        ("application/ld+json;q=0.8, application/rdf+xml;q=0.9, text/turtle;q=0.3", "application/rdf+xml"),
    ],
)
def test_accept_header_chooses_the_graph_format(client, accept, expected):
    r = get(client, CONSTRUCT_ALL, accept=accept)
    assert r.status_code == 200
    assert r.headers["Content-Type"] == f"{expected}; charset=utf-8"


def test_negotiate_unit():
    offered = ["a/x", "a/y", "b/z"]
    assert negotiate(None, offered) == "a/x"
    assert negotiate("", offered) == "a/x"
    assert negotiate("b/*;q=0.9, a/y;q=0.4", offered) == "b/z"
    assert negotiate("a/*, a/x;q=0", offered) == "a/y"
    assert negotiate("c/*", offered) is None
    assert negotiate("a/x;q=oops", offered) is None
    assert negotiate('a/y;profile="p,q";q=0.7, a/x;q=0.6', offered) == "a/y"
    assert [r.specificity for r in parse_accept("*/*, a/*, a/b")] == [0, 1, 2]


@pytest.mark.parametrize(
    "fmt, content_type",
    [
        ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
        ("json", JSON_RESULTS),
        ("xml", "application/xml"),
        ("text/csv", "text/csv"),
        (XML_RESULTS, XML_RESULTS),
    ],
)
def test_format_parameter_for_results(client, fmt, content_type):
    r = get(client, ARTICLES, accept=JSON_RESULTS, format=fmt)  # format= wins over Accept
    assert r.status_code == 200
    assert r.headers["Content-Type"] == f"{content_type}; charset=utf-8"


@pytest.mark.parametrize(
    "fmt, rdf_format",
    [
        ("turtle", ox.RdfFormat.TURTLE),
        ("ntriples", ox.RdfFormat.N_TRIPLES),
        ("jsonld", ox.RdfFormat.JSON_LD),
        ("rdfxml", ox.RdfFormat.RDF_XML),
        ("xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_format_parameter_for_graphs(client, fmt, rdf_format):
    r = get(client, CONSTRUCT_ALL, format=fmt)
    assert r.status_code == 200
    assert triples(r.data, rdf_format) == UNION


def test_unknown_format_parameter_is_400(client):
    r = get(client, ARTICLES, format="yaml")
    assert r.status_code == 400 and b"unknown format" in r.data


def test_nothing_acceptable_is_406_listing_what_is_offered(client):
    r = get(client, ARTICLES, accept="image/png")
    assert r.status_code == 406
    assert r.headers["Content-Type"].startswith("text/plain")
    assert "Accept" in r.headers["Vary"]
    text = r.data.decode()
    for media_type in (JSON_RESULTS, XML_RESULTS, "text/csv", "text/tab-separated-values", "text/turtle"):
        assert media_type in text


def test_graph_type_for_a_select_is_406_listing_result_types(client):
    r = get(client, ARTICLES, accept="text/turtle")
    assert r.status_code == 406
    assert JSON_RESULTS in r.data.decode() and "text/turtle" not in r.data.decode()
    r = get(client, CONSTRUCT_ALL, format="csv")
    assert r.status_code == 406 and "text/turtle" in r.data.decode()


# --- the RDF dataset ------------------------------------------------------------------------


def test_default_graph_uri_restricts_the_dataset(client):
    r = get(client, ARTICLES, **{"default-graph-uri": G1.value})
    assert bindings(r, "a") == [A1.value]
    r = client.get(
        "/sparql",
        query_string=[("query", ARTICLES), ("default-graph-uri", G1.value), ("default-graph-uri", G2.value)],
    )
    assert bindings(r, "a") == [A1.value, A2.value]


def test_protocol_dataset_replaces_the_whole_dataset(client):
    in_graphs = "SELECT ?g WHERE { GRAPH ?g { ?a a <%s> } } ORDER BY ?g" % ARTICLE.value
    assert bindings(get(client, in_graphs, **{"named-graph-uri": G2.value}), "g") == [G2.value]
    # default-graph-uri alone: no named graphs
    assert bindings(get(client, in_graphs, **{"default-graph-uri": G1.value}), "g") == []
    # named-graph-uri alone: an empty default graph
    assert bindings(get(client, ARTICLES, **{"named-graph-uri": G1.value}), "a") == []
    # and the protocol overrides FROM in the query
    from_g2 = ARTICLES.replace("WHERE", "FROM <%s> WHERE" % G2.value)
    assert bindings(get(client, from_g2, **{"default-graph-uri": G1.value}), "a") == [A1.value]


def test_from_in_the_query_is_respected(client):
    # Oxigraph's use_default_graph_as_union would silently override FROM; the endpoint must not.
    from_g2 = ARTICLES.replace("WHERE", "FROM <%s> WHERE" % G2.value)
    assert bindings(get(client, from_g2), "a") == [A2.value]
    from_named = "SELECT ?a WHERE { ?a a <%s> }" % ARTICLE.value
    from_named = from_named.replace("WHERE", "FROM NAMED <%s> WHERE" % G1.value)
    assert bindings(get(client, from_named), "a") == []  # FROM NAMED only: empty default graph


def test_invalid_graph_uri_is_400(client):
    r = get(client, ARTICLES, **{"default-graph-uri": "not an iri"})
    assert r.status_code == 400 and b"default-graph-uri" in r.data


def test_names_dataset_is_not_fooled_by_strings_iris_or_names():
    assert names_dataset("SELECT * FROM <http://g> { ?s ?p ?o }")
    assert names_dataset("select * from named<http://g> where { graph ?g { ?s ?p ?o } }")
    assert names_dataset("PREFIX from: <http://x/>\nSELECT ?from FROM from:g { ?s ?p from:o }")
    for query in [
        'SELECT * { ?s ?p "FROM <http://g>" }',
        "SELECT * { ?s ?p '''a\nFROM <g>''' }",
        "SELECT * { ?s <http://ex/FROM> ?o }",
        "# FROM <http://g>\nSELECT * { ?s ?p ?o }",
        "PREFIX from: <http://x/>\nSELECT ?from { ?s from:p ex:from, ?from ; ex:a\\#b ?c } # FROM",
        'SELECT * { ?s ?p "x"@from }',
    ]:
        assert not names_dataset(query), query


def test_looks_like_update():
    assert looks_like_update("PREFIX ex: <http://ex/>\n# c\nINSERT DATA { ex:a ex:b ex:c }")
    assert looks_like_update("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert not looks_like_update("BASE <http://ex/> SELECT * {}")


# --- request forms and errors ---------------------------------------------------------------


def test_post_form(client):
    r = client.post("/sparql", data={"query": ARTICLES}, headers={"Accept": JSON_RESULTS})
    assert r.status_code == 200 and bindings(r, "a") == [A1.value, A2.value]
    r = client.post("/sparql", data={"query": ARTICLES, "default-graph-uri": G2.value, "format": "csv"})
    assert r.headers["Content-Type"].startswith("text/csv")
    assert r.data.decode().split() == ["a", A2.value]


def test_post_query_body(client):
    query = "SELECT DISTINCT ?a WHERE { ?a <%s> ?l FILTER(STR(?l) = \"%s\") }" % (LABEL.value, ANNA_LABEL.value)
    r = client.post(
        "/sparql", data=query.encode("utf-8"), content_type="application/sparql-query; charset=UTF-8"
    )
    assert r.status_code == 200 and bindings(r, "a") == [ANNA.value]
    r = client.post(
        "/sparql",
        data=ARTICLES.encode(),
        content_type="application/sparql-query",
        query_string={"default-graph-uri": G2.value},
    )
    assert bindings(r, "a") == [A2.value]


def test_post_query_body_errors(client):
    r = client.post("/sparql", data="ASK {}".encode("utf-16"), content_type="application/sparql-query")
    assert r.status_code == 400
    r = client.post("/sparql", data=b"ASK {}", content_type="application/sparql-query; charset=latin-1")
    assert r.status_code == 415
    r = client.post(
        "/sparql", data=b"ASK {}", content_type="application/sparql-query", query_string={"query": "ASK {}"}
    )
    assert r.status_code == 400


def test_missing_or_repeated_query_is_400(client):
    assert client.get("/sparql", query_string={"format": "csv"}).status_code != 400  # no query: the service description
    assert client.post("/sparql", data={"format": "csv"}).status_code == 400
    assert client.get("/sparql", query_string={"query": "  "}).status_code == 400
    r = client.get("/sparql", query_string=[("query", ARTICLES), ("query", ARTICLES)])
    assert r.status_code == 400 and b"repeated" in r.data
    r = client.post("/sparql", data={"query": ARTICLES}, query_string={"query": ARTICLES})
    assert r.status_code == 400
    assert client.post("/sparql", data={"other": "x"}).status_code == 400


def test_malformed_query_is_400_with_the_parser_message(client):
    bad = "SELECT ?a WHERE { ?a ?p ?o "
    r = get(client, bad)
    assert r.status_code == 400
    assert r.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert oxigraph_message(bad) in r.data.decode()


def test_update_sent_to_sparql_is_400_and_changes_nothing(client, store):
    update = "INSERT DATA { GRAPH <%s> { <%s> <%s> \"x\" } }" % (G1.value, A1.value, LABEL.value)
    before = len(store)
    for r in (get(client, update), client.post("/sparql", data={"query": update})):
        assert r.status_code == 400
        assert oxigraph_message(update) in r.data.decode()
        assert "send it to /update" in r.data.decode()
    assert len(store) == before
    assert client.post("/sparql", data={"update": update}).status_code == 400


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405_with_allow(client, method):
    r = client.open("/sparql", method=method, data={"query": ARTICLES})
    assert r.status_code == 405
    allowed = {m.strip() for m in r.headers["Allow"].split(",")}
    assert {"GET", "POST"} <= allowed and method not in allowed


def test_post_with_another_content_type_is_415(client):
    r = client.post("/sparql", data=ARTICLES, content_type="text/plain")
    assert r.status_code == 415
    r = client.post("/sparql", data=json.dumps({"query": ARTICLES}), content_type="application/json")
    assert r.status_code == 415


def test_evaluation_error_before_the_first_byte_is_500_not_200(store):
    # An allowed SERVICE on a port Oxigraph refuses to call fails during evaluation, at once and
    # without any traffic.
    app = create_app(store)
    app.config["NEWSKG_SERVICE_HOSTS"] = ("127.0.0.1",)
    r = get(app.test_client(), "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert r.status_code == 500
    assert r.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert b"port 9" in r.data


def test_large_results_stream_in_chunks():
    store = Store()
    graph = ox.NamedNode(EX + "graph/big")
    n = 5000
    store.replace_graph(
        graph, [ox.Quad(ox.NamedNode(f"{EX}s/{i}"), LABEL, ox.Literal("x" * 40 + str(i)), graph) for i in range(n)]
    )
    client = create_app(store).test_client()
    r = client.get("/sparql", query_string={"query": CONSTRUCT_ALL}, headers={"Accept": "application/n-triples"},
                   buffered=False)
    assert r.is_streamed
    chunks = list(r.response)
    r.close()
    assert len(chunks) > 1  # more than one 64 KiB chunk: not built whole
    assert len(list(ox.parse(b"".join(chunks), ox.RdfFormat.N_TRIPLES))) == n


def test_client_hanging_up_stops_the_stream():
    store = Store()
    graph = ox.NamedNode(EX + "graph/big")
    store.replace_graph(
        graph, [ox.Quad(ox.NamedNode(f"{EX}s/{i}"), LABEL, ox.Literal("y" * 60), graph) for i in range(20000)]
    )
    app = create_app(store)
    client = app.test_client()
    r = client.get("/sparql", query_string={"query": CONSTRUCT_ALL}, headers={"Accept": "application/n-triples"},
                   buffered=False)
    first = next(iter(r.response))
    assert first and app.extensions["newskg.runner"].running == 1
    r.close()  # what the WSGI server does when the client goes away
    assert app.extensions["newskg.runner"].running == 0  # the serialiser stopped


# --- dumps ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, fmt, expected",
    [
        ("newskg.nq.gz", ox.RdfFormat.N_QUADS, set(_quads(G1, GRAPH_1)) | set(_quads(G2, GRAPH_2))),
        ("newskg.trig.gz", ox.RdfFormat.TRIG, set(_quads(G1, GRAPH_1)) | set(_quads(G2, GRAPH_2))),
        ("newskg.ttl.gz", ox.RdfFormat.TURTLE, {ox.Quad(t.subject, t.predicate, t.object) for t in UNION}),
    ],
)
def test_dumps_are_gzip_files(client, name, fmt, expected):
    r = client.get(f"/dumps/{name}")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/gzip"
    assert "Content-Encoding" not in r.headers
    assert r.headers["Content-Disposition"] == f"attachment; filename={name}"
    assert r.data[:2] == b"\x1f\x8b"
    quads = list(ox.parse(gzip.decompress(r.data), fmt))
    assert len(quads) == len(expected) and set(quads) == expected


def test_dump_counts(client):
    nq = gzip.decompress(client.get("/dumps/newskg.nq.gz").data)
    ttl = gzip.decompress(client.get("/dumps/newskg.ttl.gz").data)
    assert len(list(ox.parse(nq, ox.RdfFormat.N_QUADS))) == N_QUADS == 9
    assert len(list(ox.parse(ttl, ox.RdfFormat.TURTLE))) == len(UNION) == 7


def test_unknown_dump_is_404(client):
    assert client.get("/dumps/newskg.xml.gz").status_code == 404
    assert client.get("/dumps/..%2Fstore.py").status_code == 404


def test_dump_index_lists_the_dumps(client):
    r = client.get("/dumps/")
    assert r.status_code == 200 and r.mimetype == "text/html"
    for name in ("newskg.nq.gz", "newskg.ttl.gz", "newskg.trig.gz"):
        assert f'href="/dumps/{name}"'.encode() in r.data


# --- pages ----------------------------------------------------------------------------------


def test_health(client, store):
    r = client.get("/health")
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    health = r.get_json()
    assert health["status"] == "ok" and health["triples"] == N_QUADS
    assert health["revision"] == store.revision and health["writable"] is False
    assert health["cache"]["entries"] == 0 and health["cache"]["max_bytes"] == 64 << 20
    get(client, ARTICLES).get_data()
    assert client.get("/health").get_json()["cache"]["entries"] == 1


def test_home_page_has_a_query_form_and_dump_links(client):
    r = client.get("/")
    assert r.status_code == 200 and r.mimetype == "text/html"
    page = r.data.decode()
    assert '<form action="/sparql" method="get">' in page
    assert '<textarea name="query"' in page
    assert 'href="/dumps/newskg.nq.gz"' in page


def test_home_page_escapes_the_title(store):
    title = '<script>alert("x")</script>'
    page = create_app(store, title=title).test_client().get("/").data.decode()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    page = create_app(store, title=title).test_client().get("/dumps/").data.decode()
    assert "<script>" not in page


# --- the real server ------------------------------------------------------------------------


def test_waitress_serves_the_app(store):
    with LiveServer(create_app(store), threads=2) as server:
        base = server.url
        url = f"{base}/sparql?" + urllib.parse.urlencode({"query": ARTICLES})
        request = urllib.request.Request(url, headers={"Accept": JSON_RESULTS})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
            assert response.headers["Content-Type"].startswith(JSON_RESULTS)
            assert response.headers["Server"] == "newskg"
            data = json.load(response)
        assert [b["a"]["value"] for b in data["results"]["bindings"]] == [A1.value, A2.value]
        with urllib.request.urlopen(f"{base}/dumps/newskg.nq.gz", timeout=10) as response:
            body = response.read()
        assert len(list(ox.parse(gzip.decompress(body), ox.RdfFormat.N_QUADS))) == N_QUADS


# --- federation is off unless allowed ---------------------------------------------------------

SERVICE_QUERY = "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } } LIMIT 1"


@pytest.mark.parametrize(
    "query",
    [
        SERVICE_QUERY,
        "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:8080/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { VALUES ?e { <http://10.0.0.1/> } SERVICE ?e { ?s ?p ?o } }",
        "PREFIX x: <http://169.254.169.254/> SELECT * WHERE { service x:latest { ?s ?p ?o } }",
    ],
)
def test_service_is_refused_by_default(client, query):
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 403
    assert "SERVICE is disabled" in response.get_data(as_text=True)


def test_service_is_limited_to_the_allowed_hosts(store):
    app = create_app(store)
    app.config["NEWSKG_SERVICE_HOSTS"] = ("query.wikidata.org",)
    client = app.test_client()
    other = client.get("/sparql", query_string={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"})
    assert other.status_code == 403 and "not allowed" in other.get_data(as_text=True)
    variable = client.get("/sparql", query_string={"query": "SELECT * WHERE { SERVICE ?x { ?s ?p ?o } }"})
    assert variable.status_code == 403


def test_the_word_service_in_a_string_or_iri_is_not_a_service_clause(client):
    query = 'SELECT ("SERVICE <http://x/>" AS ?s) WHERE { ?a <http://example.org/SERVICE> ?b } LIMIT 1'
    assert client.get("/sparql", query_string={"query": query}).status_code == 200


# The Accept headers real clients send, copied from their sources:
# Jena: org.apache.jena.riot.web.WebContent (defaultSparqlResultsHeader, defaultSparqlAskHeader,
# defaultGraphAcceptHeader); SPARQLWrapper 2.x: SPARQLWrapper/Wrapper.py (_SPARQL_DEFAULT,
# _SPARQL_JSON, _RDF_TURTLE); rdflib 7: SPARQLConnector.response_mime_types() for "xml";
# YASGUI (@zazuko/yasgui 4.6.2, yasgui.min.js): the acceptHeaderSelect / acceptHeaderGraph defaults.
JENA_SELECT = ("application/sparql-results+json,application/sparql-results+xml;q=0.9,text/tab-separated-values;q=0.7,"
               "text/csv;q=0.5,application/json;q=0.2,application/xml;q=0.2,*/*;q=0.1")
JENA_ASK = "application/sparql-results+json,application/sparql-results+xml;q=0.9,application/json;q=0.2,application/xml;q=0.2,*/*;q=0.1"
JENA_GRAPH = "text/turtle,application/n-triples;q=0.9,application/ld+json;q=0.8,application/rdf+xml;q=0.7,*/*;q=0.3"
SPARQLWRAPPER_DEFAULT = "application/sparql-results+xml,application/rdf+xml,*/*"
SPARQLWRAPPER_JSON = "application/sparql-results+json,application/json,text/javascript,application/javascript"
SPARQLWRAPPER_TURTLE = "application/turtle,text/turtle"
RDFLIB_XML = "application/sparql-results+xml, application/rdf+xml"
YASGUI_SELECT = "application/sparql-results+json,*/*;q=0.9"
YASGUI_GRAPH = "application/n-triples,*/*;q=0.9"


@pytest.mark.parametrize(
    "accept, query, expected",
    [
        (JENA_SELECT, ARTICLES, JSON_RESULTS),
        (JENA_ASK, "ASK { ?s ?p ?o }", JSON_RESULTS),
        (JENA_GRAPH, CONSTRUCT_ALL, "text/turtle"),
        (JENA_GRAPH, f"DESCRIBE <{A1.value}>", "text/turtle"),
        (SPARQLWRAPPER_DEFAULT, ARTICLES, XML_RESULTS),
        (SPARQLWRAPPER_DEFAULT, CONSTRUCT_ALL, "application/rdf+xml"),
        (SPARQLWRAPPER_JSON, ARTICLES, JSON_RESULTS),
        (SPARQLWRAPPER_TURTLE, CONSTRUCT_ALL, "text/turtle"),
        (RDFLIB_XML, ARTICLES, XML_RESULTS),
        (RDFLIB_XML, CONSTRUCT_ALL, "application/rdf+xml"),
        (YASGUI_SELECT, ARTICLES, JSON_RESULTS),
        (YASGUI_GRAPH, CONSTRUCT_ALL, "application/n-triples"),
    ],
)
def test_the_accept_headers_real_clients_send(client, accept, query, expected):
    r = get(client, query, accept=accept)
    assert r.status_code == 200
    assert r.mimetype == expected
    if expected in (JSON_RESULTS, XML_RESULTS):
        fmt = ox.QueryResultsFormat.JSON if expected == JSON_RESULTS else ox.QueryResultsFormat.XML
        assert ox.parse_query_results(r.data, fmt) is not None
    else:
        fmt = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
               "application/rdf+xml": ox.RdfFormat.RDF_XML}[expected]
        assert triples(r.data, fmt)


@pytest.mark.parametrize("accept", ["application/n-triples", "text/turtle", "text/html"])
def test_construct_and_describe_answers_are_sets_over_the_union(client, accept):
    """SHARED is in both article graphs; Oxigraph's union is a bag, the answer must not be."""
    construct = get(client, CONSTRUCT_ALL, accept=accept).get_data(as_text=True)
    describe = get(client, f"DESCRIBE <{ANNA.value}>", accept=accept).get_data(as_text=True)
    for page in (construct, describe):
        # the literal once (the HTML table also names Anna by this label wherever her IRI is shown)
        literal = "Анна Иванова <span class=\"lang\">@ru</span>" if accept == "text/html" else "Анна Иванова"
        assert page.count(literal) == 1, page
    if accept == "application/n-triples":
        assert len(construct.strip().splitlines()) == len(UNION)
