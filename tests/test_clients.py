"""Real SPARQL clients, used as they come, against the server on a free port: each test twice,
against the app under waitress in a thread (a store in memory), and against the production server,
``kg serve`` in its own process (granian's lean path, query worker processes, a store on disk).

SPARQLWrapper and rdflib's ``SPARQLStore`` / ``SPARQLUpdateStore`` send what they send (their own
``Accept`` headers, SPARQLWrapper's extra ``format=`` / ``output=`` parameters, their own POST
encodings); the tests check the values that come back, not merely that nothing raised.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest
from conftest import LiveServer
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import (
    CSV,
    GET,
    JSON,
    N3,
    POST,
    POSTDIRECTLY,
    RDFXML,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, Unauthorized

from kg.stores.local import Store
from kg.web import create_app
from test_serve import Served

pytestmark = [
    pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning"),
    # SPARQLWrapper 2.0 parses RDF/XML answers into rdflib's deprecated ConjunctiveGraph
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]

EX = "https://example.org/"
SCHEMA = "https://schema.org/"
G1, G2, NEW = EX + "graph/a1", EX + "graph/a2", EX + "graph/new"
A1, A2, ANNA = EX + "id/article/a1", EX + "id/article/a2", EX + "id/person/anna"
HEADLINE, MENTIONS, NAME = SCHEMA + "headline", SCHEMA + "mentions", SCHEMA + "name"
TOKEN = "s3cret"

TRIPLES = {
    G1: [(A1, HEADLINE, ox.Literal("Troops move east", language="en")), (A1, MENTIONS, ox.NamedNode(ANNA)),
         (ANNA, NAME, ox.Literal("Анна Иванова", language="ru"))],
    G2: [(A2, HEADLINE, ox.Literal('Talks "stalled", again', language="en"))],
}
HEADLINES = f"SELECT ?a ?h WHERE {{ ?a <{HEADLINE}> ?h }} ORDER BY ?a"
EXPECTED_HEADLINES = [(A1, "Troops move east"), (A2, 'Talks "stalled", again')]
CONSTRUCT_G1 = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}"


def rdflib_term(term: ox.Term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


EXPECTED_G1 = {(URIRef(s), URIRef(p), rdflib_term(o)) for s, p, o in TRIPLES[G1]}


def make_store() -> Store:
    store = Store()
    for graph, triples in TRIPLES.items():
        g = ox.NamedNode(graph)
        store.replace_graph(g, [ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o, g) for s, p, o in triples])
    return store


class Running(LiveServer):
    """The app under waitress in a thread; ``.url`` is its root, ``.store`` its store."""

    def __init__(self, store: Store, **app_options):
        super().__init__(create_app(store, **app_options))
        self.store = store
        self.sparql = self.url + "/sparql"
        self.update = self.url + "/update"

    def reset(self) -> None:
        """Back to the test data (one server per module: stopping waitress takes a second)."""
        self.store.update("DROP ALL")
        fresh = make_store()
        for graph in fresh.named_graphs():
            self.store.replace_graph(graph, list(fresh.quads(graph)))


class Production:
    """``kg serve`` with its defaults (granian's lean path, query worker processes) on a store on
    disk that holds the test data, in its own process; ``.store`` reads and resets it over HTTP."""

    def __init__(self, path, token: str | None = None):
        on_disk = Store(path)
        for graph in (fresh := make_store()).named_graphs():
            on_disk.replace_graph(graph, list(fresh.quads(graph)))
        del on_disk  # closed: kg serve opens it next
        self.served = Served(path, *(("--update-token", token) if token else ()))
        self.url = self.served.url
        self.sparql = self.url + "/sparql"
        self.update = self.url + "/update"
        self.store = _StoreOverHTTP(self.url, token)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.served.stop()

    def reset(self) -> None:
        if self.store.token:  # a read-only server keeps the data it started with
            self.store.reset()


class _StoreOverHTTP:
    """What the tests read and write of the store, done through the running server."""

    def __init__(self, url: str, token: str | None):
        self.url, self.token = url, token

    def _get(self, path: str, **params):
        request = urllib.request.Request(self.url + path + ("?" + urllib.parse.urlencode(params) if params else ""),
                                         headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.read()

    def reset(self) -> None:
        data = " ".join(f"GRAPH <{g}> {{ {' '.join(f'<{s}> <{p}> {o} .' for s, p, o in triples)} }}"
                        for g, triples in TRIPLES.items())
        request = urllib.request.Request(self.url + "/update", data=f"DROP ALL ; INSERT DATA {{ {data} }}".encode(),
                                         headers={"Content-Type": "application/sparql-update",
                                                  "Authorization": f"Bearer {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 204

    @property
    def revision(self) -> str:
        return json.loads(self._get("/health"))["revision"]

    def quads(self, graph: ox.NamedNode | None = None) -> list[ox.Quad]:
        where = f"GRAPH {graph} {{ ?s ?p ?o }} BIND({graph} AS ?g)" if graph else "GRAPH ?g { ?s ?p ?o }"
        rows = ox.parse_query_results(self._get("/sparql", query=f"SELECT ?s ?p ?o ?g WHERE {{ {where} }}"),
                                      ox.QueryResultsFormat.JSON)
        return [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]

    def has_graph(self, graph: ox.NamedNode) -> bool:
        answer = json.loads(self._get("/sparql", query=f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}"))
        return answer["boolean"]


SERVERS = ["waitress", "granian"]  # the app in a thread; kg serve as deployed


@pytest.fixture(scope="module", params=SERVERS)
def _writable(request, tmp_path_factory):
    if request.param == "granian":
        with Production(tmp_path_factory.mktemp("clients") / "store", TOKEN) as running:
            yield running
        return
    with Running(Store(), update_token=TOKEN) as running:
        yield running


@pytest.fixture(scope="module", params=SERVERS)
def _read_only(request, tmp_path_factory):
    if request.param == "granian":
        with Production(tmp_path_factory.mktemp("clients-ro") / "store") as running:
            yield running
        return
    with Running(Store()) as running:
        yield running


@pytest.fixture
def server(_writable):
    _writable.reset()
    return _writable


@pytest.fixture
def read_only_server(_read_only):
    _read_only.reset()
    return _read_only


def wrapper(server, query, fmt=JSON, method=GET, request_method=URLENCODED, token=None) -> SPARQLWrapper:
    sw = SPARQLWrapper(server.sparql, updateEndpoint=server.update)
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    sw.setMethod(method)
    sw.setRequestMethod(request_method)
    sw.setTimeout(10)
    if token:
        sw.addCustomHttpHeader("Authorization", f"Bearer {token}")
    return sw


HTTP_FORMS = [(GET, URLENCODED), (POST, URLENCODED), (POST, POSTDIRECTLY)]


# --- SPARQLWrapper: queries -------------------------------------------------------------------


@pytest.mark.parametrize("method, request_method", HTTP_FORMS)
def test_sparqlwrapper_select_json(server, method, request_method):
    result = wrapper(server, HEADLINES, JSON, method, request_method).query()
    assert result.response.headers["Content-Type"].startswith("application/sparql-results+json")
    data = result.convert()
    assert data["head"]["vars"] == ["a", "h"]
    assert [(b["a"]["value"], b["h"]["value"]) for b in data["results"]["bindings"]] == EXPECTED_HEADLINES
    assert data["results"]["bindings"][0]["h"]["xml:lang"] == "en"


@pytest.mark.parametrize("method, request_method", HTTP_FORMS)
def test_sparqlwrapper_select_xml(server, method, request_method):
    result = wrapper(server, HEADLINES, XML, method, request_method).query()
    document = result.convert()  # an xml.dom.minidom document
    rows = []
    for node in document.getElementsByTagName("result"):
        values = {b.getAttribute("name"): b.firstChild.firstChild.data for b in node.getElementsByTagName("binding")}
        rows.append((values["a"], values["h"]))
    assert rows == EXPECTED_HEADLINES


@pytest.mark.parametrize("method, request_method", HTTP_FORMS)
def test_sparqlwrapper_select_csv(server, method, request_method):
    result = wrapper(server, HEADLINES, CSV, method, request_method).query()
    assert result.response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(result.convert().decode("utf-8"))))
    assert rows == [["a", "h"], *map(list, EXPECTED_HEADLINES)]


@pytest.mark.parametrize("method, request_method", HTTP_FORMS)
def test_sparqlwrapper_ask(server, method, request_method):
    yes = f"ASK {{ <{A1}> <{MENTIONS}> <{ANNA}> }}"
    no = f"ASK {{ <{A2}> <{MENTIONS}> <{ANNA}> }}"
    assert wrapper(server, yes, JSON, method, request_method).query().convert()["boolean"] is True
    assert wrapper(server, no, JSON, method, request_method).query().convert()["boolean"] is False
    document = wrapper(server, yes, XML, method, request_method).query().convert()
    assert document.getElementsByTagName("boolean")[0].firstChild.data == "true"


def non_ascii_name(server, method, request_method):
    query = f'SELECT ?p WHERE {{ ?p <{NAME}> "Анна Иванова"@ru }}'
    data = wrapper(server, query, JSON, method, request_method).query().convert()
    return [b["p"]["value"] for b in data["results"]["bindings"]]


@pytest.mark.parametrize("method, request_method", HTTP_FORMS)
def test_sparqlwrapper_sends_non_ascii_queries_as_utf8(server, method, request_method):
    assert non_ascii_name(server, method, request_method) == [ANNA]


@pytest.mark.parametrize("method, request_method", HTTP_FORMS)
def test_sparqlwrapper_construct_turtle(server, method, request_method):
    result = wrapper(server, CONSTRUCT_G1, TURTLE, method, request_method).query()
    assert result.response.headers["Content-Type"].startswith("text/turtle")
    body = result.convert()  # SPARQLWrapper hands Turtle back as bytes
    assert set(Graph().parse(data=body, format="turtle")) == EXPECTED_G1




@pytest.mark.parametrize("method, request_method", HTTP_FORMS)
def test_sparqlwrapper_construct_rdfxml(server, method, request_method):
    result = wrapper(server, CONSTRUCT_G1, RDFXML, method, request_method).query()
    assert result.response.headers["Content-Type"].startswith("application/rdf+xml")
    assert set(result.convert()) == EXPECTED_G1  # SPARQLWrapper parses RDF/XML into an rdflib Graph


@pytest.mark.parametrize("method, request_method", HTTP_FORMS)
def test_sparqlwrapper_construct_rdfxml_only_conneg(server, method, request_method):
    """The same request without SPARQLWrapper's format= parameters: plain content negotiation."""
    sw = wrapper(server, CONSTRUCT_G1, RDFXML, method, request_method)
    sw.setOnlyConneg(True)
    result = sw.query()
    assert result.response.headers["Content-Type"].startswith("application/rdf+xml")
    assert set(result.convert()) == EXPECTED_G1


@pytest.mark.parametrize("method, request_method", HTTP_FORMS)
def test_sparqlwrapper_construct_xml(server, method, request_method):
    """returnFormat XML sends format=xml, which this server reads as RDF/XML for graphs and labels
    application/xml; SPARQLWrapper then hands back the XML document rather than a parsed graph."""
    result = wrapper(server, CONSTRUCT_G1, XML, method, request_method).query()
    assert result.response.headers["Content-Type"].startswith("application/xml")
    document = result.convert()  # xml.dom.minidom
    assert set(Graph().parse(data=document.toxml(), format="xml")) == EXPECTED_G1


@pytest.mark.parametrize("method, request_method", HTTP_FORMS)
def test_sparqlwrapper_describe(server, method, request_method):
    expected = {t for t in EXPECTED_G1 if t[0] == URIRef(A1)}
    result = wrapper(server, f"DESCRIBE <{A1}>", TURTLE, method, request_method).query()
    assert set(Graph().parse(data=result.convert(), format="turtle")) == expected
    sw = wrapper(server, f"DESCRIBE <{A1}>", RDFXML, method, request_method)
    sw.setOnlyConneg(True)
    assert set(sw.query().convert()) == expected


def test_sparqlwrapper_describe_n3(server):
    result = wrapper(server, f"DESCRIBE <{A1}>", N3, GET).query()
    assert set(Graph().parse(data=result.convert(), format="n3")) == {t for t in EXPECTED_G1 if t[0] == URIRef(A1)}


def test_sparqlwrapper_malformed_query_is_query_bad_formed(server):
    with pytest.raises(QueryBadFormed) as info:
        wrapper(server, "SELECT ?a WHERE { ?a ").query()
    assert "Malformed query" in str(info.value)


# --- SPARQLWrapper: updates -------------------------------------------------------------------


@pytest.mark.parametrize("request_method", [URLENCODED, POSTDIRECTLY])
def test_sparqlwrapper_update_with_bearer_token(server, request_method):
    revision = server.store.revision
    update = f'INSERT DATA {{ GRAPH <{NEW}> {{ <{A2}> <{MENTIONS}> <{ANNA}> . <{ANNA}> <{NAME}> "Anna"@en }} }}'
    result = wrapper(server, update, method=POST, request_method=request_method, token=TOKEN).query()
    assert result.response.status == 204
    assert server.store.revision != revision
    check = f"SELECT ?a WHERE {{ ?a <{MENTIONS}> <{ANNA}> }} ORDER BY ?a"
    data = wrapper(server, check).query().convert()
    assert [b["a"]["value"] for b in data["results"]["bindings"]] == [A1, A2]
    # and a DELETE/INSERT … WHERE with the protocol's using-graph-uri, which SPARQLWrapper sends as a parameter
    sw = wrapper(server, f"DELETE {{ GRAPH <{NEW}> {{ ?a <{MENTIONS}> ?p }} }} WHERE {{ ?a <{MENTIONS}> ?p }}",
                 method=POST, request_method=request_method, token=TOKEN)
    sw.addParameter("using-named-graph-uri", NEW)  # an empty default graph: nothing matches
    assert sw.query().response.status == 204
    sw = wrapper(server, f"DELETE {{ GRAPH <{NEW}> {{ ?a <{MENTIONS}> ?p }} }} WHERE {{ ?a <{MENTIONS}> ?p }}",
                 method=POST, request_method=request_method, token=TOKEN)
    sw.addParameter("using-graph-uri", NEW)
    assert sw.query().response.status == 204
    data = wrapper(server, check).query().convert()
    assert [b["a"]["value"] for b in data["results"]["bindings"]] == [A1]


def test_sparqlwrapper_update_without_or_with_a_wrong_token_is_unauthorized(server):
    before = set(server.store.quads())
    for token in (None, "wrong"):
        with pytest.raises(Unauthorized):
            wrapper(server, f"CLEAR GRAPH <{G1}>", method=POST, token=token).query()
    assert set(server.store.quads()) == before


def test_sparqlwrapper_update_on_a_read_only_server_is_403(read_only_server):
    before = set(read_only_server.store.quads())
    with pytest.raises(urllib.error.HTTPError) as info:
        wrapper(read_only_server, f"CLEAR GRAPH <{G1}>", method=POST, token=TOKEN).query()
    assert info.value.code == 403
    assert set(read_only_server.store.quads()) == before


def test_sparqlwrapper_malformed_update_is_query_bad_formed(server):
    with pytest.raises(QueryBadFormed) as info:
        wrapper(server, "INSERT DATA { <a> ", method=POST, token=TOKEN).query()
    assert "Malformed update" in str(info.value)


# --- rdflib SPARQLStore / SPARQLUpdateStore ---------------------------------------------------


@pytest.mark.parametrize(
    "return_format, method", [("xml", "GET"), ("json", "GET"), ("xml", "POST"), ("json", "POST_FORM")]
)
def test_rdflib_sparqlstore_queries(server, return_format, method):
    graph = Graph(store=SPARQLStore(server.sparql, returnFormat=return_format, method=method))
    rows = [(str(r.a), str(r.h)) for r in graph.query(HEADLINES)]
    assert rows == EXPECTED_HEADLINES
    assert graph.query(f"ASK {{ <{A1}> <{MENTIONS}> <{ANNA}> }}").askAnswer is True
    if return_format == "xml":  # with "json" rdflib accepts only SPARQL JSON results: a CONSTRUCT is a 406
        assert set(graph.query(CONSTRUCT_G1)) == EXPECTED_G1
    # the triple-pattern API turns into SELECTs too (over the union of all graphs)
    assert set(graph.triples((URIRef(ANNA), None, None))) == {t for t in EXPECTED_G1 if t[0] == URIRef(ANNA)}
    assert set(graph.objects(URIRef(A2), URIRef(HEADLINE))) == {Literal('Talks "stalled", again', lang="en")}


def test_rdflib_sparqlstore_named_graph_is_sent_as_default_graph_uri(server):
    graph = Graph(store=SPARQLStore(server.sparql), identifier=URIRef(G2))
    rows = [(str(r.a), str(r.h)) for r in graph.query(HEADLINES)]
    assert rows == [EXPECTED_HEADLINES[1]]


def update_store(server, **kwargs) -> SPARQLUpdateStore:
    return SPARQLUpdateStore(query_endpoint=server.sparql, update_endpoint=server.update, **kwargs)


def test_rdflib_sparqlupdatestore_with_bearer_header(server):
    store = update_store(server, headers={"Authorization": f"Bearer {TOKEN}"})
    graph = Graph(store=store, identifier=URIRef(NEW))
    graph.add((URIRef(A2), URIRef(MENTIONS), URIRef(ANNA)))
    graph.add((URIRef(A2), URIRef(NAME), Literal("Zoë", lang="fr")))
    assert {(q.subject.value, q.object) for q in server.store.quads(ox.NamedNode(NEW))} == {
        (A2, ox.NamedNode(ANNA)), (A2, ox.Literal("Zoë", language="fr"))
    }
    # read back through rdflib, over HTTP: the Graph's identifier becomes default-graph-uri
    assert set(graph.objects(URIRef(A2), URIRef(NAME))) == {Literal("Zoë", lang="fr")}
    graph.remove((URIRef(A2), URIRef(NAME), None))
    assert set(graph.objects(URIRef(A2), URIRef(NAME))) == set()
    # a raw update through the store, then checked with a plain query
    store.update(
        f"DELETE {{ GRAPH ?g {{ ?a <{HEADLINE}> ?h }} }} "
        f"WHERE {{ GRAPH ?g {{ ?a <{HEADLINE}> ?h FILTER(?a = <{A1}>) }} }}"
    )
    reader = Graph(store=SPARQLStore(server.sparql))
    assert [(str(r.a), str(r.h)) for r in reader.query(HEADLINES)] == [EXPECTED_HEADLINES[1]]


def test_rdflib_sparqlupdatestore_without_the_header_is_refused(server):
    store = update_store(server)
    graph = Graph(store=store, identifier=URIRef(NEW))
    with pytest.raises(urllib.error.HTTPError) as info:
        graph.add((URIRef(A2), URIRef(MENTIONS), URIRef(ANNA)))
    assert info.value.code == 401
    assert info.value.headers["WWW-Authenticate"].startswith("Bearer")
    assert not server.store.has_graph(ox.NamedNode(NEW))


def test_rdflib_basic_auth_is_not_a_bearer_token(server):
    store = update_store(server, auth=("user", TOKEN))  # rdflib's auth= is HTTP Basic only
    with pytest.raises(urllib.error.HTTPError) as info:
        store.update(f"CLEAR GRAPH <{G1}>")
    assert info.value.code == 401
    assert len(list(server.store.quads(ox.NamedNode(G1)))) == 3
