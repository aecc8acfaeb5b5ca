"""The W3C SPARQL 1.1 Protocol test suite, one pytest function per manifest entry.

Source: https://github.com/w3c/rdf-tests, file ``sparql/sparql11/protocol/manifest.ttl`` at commit
a12e4741726056aab3637ad5096776907a1285b5 (2026-05-28, "Update SPARQL Protocol test
:update_base_uri to allow simple verification (#343)"; the same blob, f00cd465, is in the
repository snapshot at ad541a5f0479f0798608c4801369d97b8e08b36f). The test IRIs are
``http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#<name>``; all 34 entries
of ``mf:entries`` are here, in manifest order.

How the manifest is mapped onto this server:

* Every request in the manifest goes to ``/sparql/``, and the manifest says an endpoint may use
  different paths for query and update: queries go to ``/sparql``, updates to ``/update``. Paths,
  query strings and bodies are otherwise sent byte for byte as the manifest gives them.
* Updates need the write token here (``kg.web.auth``), so every update request carries
  ``Authorization: Bearer …``: without it each would be a 401, which would prove nothing.
* ``ut:graphData`` loads ``data1.nt`` … ``data3.nt`` into graphs named
  ``http://kasei.us/2009/09/sparql/data/dataN.rdf``; those files (one ``foaf:Document`` triple
  each, copied below) sit next to the manifest and mirror the remote RDF/XML documents, so nothing
  is fetched. ``data0.rdf``, named by several query tests, is not loaded anywhere (in the suite
  either): it names an empty default graph.
* Where the manifest allows "2xx or 3xx" this server answers 200 (queries) or 204 (updates), and
  the tests say so; where it allows any 4xx, the tests pin the status this server chose.
* Without a protocol or query dataset ``/sparql`` queries the union of all graphs (documented in
  ``kg.web.sparql.dataset_options``): the manifest's checking queries (``ASK { GRAPH <…> { … } }``)
  do not depend on that, and the dataset tests add checks that only pass if exactly the requested
  graphs were used.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.stores.local import Store
from kg.web import create_app

MANIFEST = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#"
MANIFEST_ENTRIES = [
    "query_post_form", "query_dataset_default_graphs_get", "query_dataset_default_graphs_post",
    "query_dataset_named_graphs_post", "query_dataset_named_graphs_get", "query_dataset_full",
    "query_multiple_dataset", "query_get", "query_content_type_select", "query_content_type_ask",
    "query_content_type_describe", "query_content_type_construct", "update_dataset_default_graph",
    "update_dataset_default_graphs", "update_dataset_named_graphs", "update_dataset_full",
    "update_post_form", "update_post_direct", "update_base_uri", "query_post_direct",
    "bad_query_method", "bad_multiple_queries", "bad_query_wrong_media_type",
    "bad_query_missing_form_type", "bad_query_missing_direct_type", "bad_query_non_utf8",
    "bad_query_syntax", "bad_update_get", "bad_multiple_updates", "bad_update_wrong_media_type",
    "bad_update_missing_form_type", "bad_update_non_utf8", "bad_update_syntax",
    "bad_update_dataset_conflict",
]

TOKEN = "w3c-protocol-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"

KASEI = "http://kasei.us/2009/09/sparql/data/"
DATA = {n: ox.NamedNode(f"{KASEI}data{n}.rdf") for n in (1, 2, 3)}
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
FOAF_DOCUMENT = ox.NamedNode("http://xmlns.com/foaf/0.1/Document")
# ut:graphData: dataN.nt is "<…/dataN.rdf> rdf:type foaf:Document .", loaded into the graph <…/dataN.rdf>
GRAPH_DATA = {DATA[n]: f"<{DATA[n].value}> <{RDF_TYPE.value}> <{FOAF_DOCUMENT.value}> .\n" for n in DATA}
# Not in the manifest: a graph outside every requested dataset, so leaks show.
OTHER = ox.NamedNode("https://example.org/graph/other")

BOOLEAN_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
}
TABULAR_TYPES = {
    **BOOLEAN_TYPES,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
RDF_TYPES = {  # the manifest also allows RDFa, which this server does not write
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
}


def fill(store: Store) -> Store:
    for graph, ntriples in GRAPH_DATA.items():
        store.replace_graph(graph, [q.triple for q in ox.parse(ntriples.encode(), ox.RdfFormat.N_TRIPLES)])
    store.replace_graph(OTHER, [ox.Triple(ox.NamedNode("https://example.org/s"), RDF_TYPE, FOAF_DOCUMENT)])
    return store


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    """``kg serve`` (granian, query worker processes, a store on disk) in its own process."""
    from test_serve import Served

    path = tmp_path_factory.mktemp("w3c") / "store"
    fill(Store(path))  # closed again when dropped: kg serve opens it next
    server = Served(path, "--update-token", TOKEN)
    yield server
    server.stop()


@pytest.fixture(params=["app", "granian"])
def served(request):
    """Each test twice: through the app's test client on a store in memory, and against the
    production server through the same client API (its store reset to the manifest's data by an
    update before each test, and read back over HTTP)."""
    if request.param == "app":
        store = fill(Store())
        yield create_app(store, update_token=TOKEN).test_client(), store
        return
    from werkzeug.test import Client

    from conftest import http_proxy

    client = Client(http_proxy(request.getfixturevalue("production_server").url))
    store = _StoreOverHTTP(client)
    store.reset()
    yield client, store


class _StoreOverHTTP:
    """What the tests read and write of the store, done through the running server."""

    def __init__(self, client):
        self._client = client

    def _update(self, text: str) -> None:
        answer = self._client.post("/update", data={"update": text}, headers=AUTH)
        assert answer.status_code == 204, answer.get_data(as_text=True)

    def reset(self) -> None:
        data = "".join(f"GRAPH {g} {{ {nt} }}\n" for g, nt in GRAPH_DATA.items())
        other = f"GRAPH {OTHER} {{ <https://example.org/s> {RDF_TYPE} {FOAF_DOCUMENT} }}"
        self._update(f"DROP ALL ; INSERT DATA {{ {data} {other} }}")

    def replace_graph(self, graph, triples) -> None:
        body = " ".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
        self._update(f"DROP SILENT GRAPH {graph} ; INSERT DATA {{ GRAPH {graph} {{ {body} }} }}")

    def quads(self, graph=None):
        where = f"GRAPH {graph} {{ ?s ?p ?o }} BIND({graph} AS ?g)" if graph else "GRAPH ?g { ?s ?p ?o }"
        answer = self._client.get("/sparql", query_string={"query": f"SELECT ?s ?p ?o ?g WHERE {{ {where} }}"},
                                  headers={"Accept": "application/sparql-results+json"})
        rows = ox.parse_query_results(answer.get_data(), ox.QueryResultsFormat.JSON)
        return [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]

    def _health(self) -> dict:
        return self._client.get("/health").get_json()

    @property
    def revision(self) -> str:
        return self._health()["revision"]

    def __len__(self) -> int:
        return self._health()["triples"]


@pytest.fixture
def client(served):
    return served[0]


@pytest.fixture
def store(served):
    return served[1]


def send(client, method, absolute_path, body: str | None = None, content_type=None, encoding="utf-8"):
    """One ``ht:Request`` of a query: ``/sparql/`` becomes this server's ``/sparql``."""
    return _request(client, "/sparql", {}, method, absolute_path, body, content_type, encoding)


def send_update(client, method, absolute_path, body: str | None = None, content_type=None, encoding="utf-8"):
    """One ``ht:Request`` of an update: ``/sparql/`` becomes ``/update``, with the write token."""
    return _request(client, "/update", dict(AUTH), method, absolute_path, body, content_type, encoding)


def _request(client, endpoint, headers, method, absolute_path, body, content_type, encoding):
    assert absolute_path.startswith("/sparql/")
    if content_type is not None:
        headers["Content-Type"] = content_type
    data = body.encode(encoding) if body is not None else None
    return client.open(endpoint + absolute_path[len("/sparql/"):], method=method, data=data, headers=headers)


def media_type(response) -> str:
    return response.headers["Content-Type"].split(";")[0].strip()


def boolean(response) -> bool:
    """mf:expectedFormat "boolean": a SPARQL results document holding a boolean."""
    assert response.status_code == 200, response.data
    assert media_type(response) in BOOLEAN_TYPES
    result = ox.parse_query_results(response.data, BOOLEAN_TYPES[media_type(response)])
    assert isinstance(result, ox.QueryBoolean)
    return bool(result)


def rows(response) -> list[dict[str, ox.Term]]:
    """mf:expectedFormat "tabular": SPARQL results holding solutions."""
    assert response.status_code == 200, response.data
    assert media_type(response) in TABULAR_TYPES
    result = ox.parse_query_results(response.data, TABULAR_TYPES[media_type(response)])
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{name: solution[name] for name in names if solution[name] is not None} for solution in result]


def graph(response) -> set[ox.Triple]:
    """mf:expectedFormat "RDF": an RDF graph."""
    assert response.status_code == 200, response.data
    assert media_type(response) in RDF_TYPES
    return {q.triple for q in ox.parse(response.data, RDF_TYPES[media_type(response)])}


def ask(client, query: str, **dataset) -> bool:
    """A checking query of our own, GET with an optional protocol dataset."""
    params = [("query", query)] + [(k.replace("_", "-"), v) for k, vs in dataset.items() for v in vs]
    return boolean(client.get("/sparql", query_string=params))


def select_graphs(client, **dataset) -> set[str]:
    """Which named graphs the dataset holds (that have triples)."""
    params = [("query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")]
    params += [(k.replace("_", "-"), v) for k, vs in dataset.items() for v in vs]
    return {row["g"].value for row in rows(client.get("/sparql", query_string=params))}


def default_graph_subjects(client, **dataset) -> set[str]:
    params = [("query", "SELECT DISTINCT ?s WHERE { ?s ?p ?o }")]
    params += [(k.replace("_", "-"), v) for k, vs in dataset.items() for v in vs]
    return {row["s"].value for row in rows(client.get("/sparql", query_string=params))}


def assert_4xx(response, status: int):
    """mf:expectedStatus hts:StatusCode4xx; ``status`` is the one this server chose."""
    assert 400 <= response.status_code < 500
    assert response.status_code == status, response.data


def test_every_manifest_entry_has_a_test():
    assert len(MANIFEST_ENTRIES) == len(set(MANIFEST_ENTRIES)) == 34
    missing = [name for name in MANIFEST_ENTRIES if not callable(globals().get(f"test_{name}"))]
    assert missing == []


# --- queries --------------------------------------------------------------------------------


def test_query_post_form(client):
    """:query_post_form: "query via URL-encoded POST".

    POST /sparql/?default-graph-uri=…data0.rdf, form body ``query=ASK%20%7B%7D`` -> 2xx/3xx, boolean true.
    """
    r = send(client, "POST", "/sparql/?default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf",
             "query=ASK%20%7B%7D", FORM)
    assert boolean(r) is True


def test_query_dataset_default_graphs_get(client):
    """:query_dataset_default_graphs_get: "GET query with protocol-specified default graph".

    Graph data data1, data2 (loaded locally, see module docstring). GET with two
    default-graph-uri -> boolean true. Extra checks: the default graph is data1+data2 only, and
    there are no named graphs.
    """
    r = send(client, "GET", "/sparql/?query=ASK%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf%3E%20a%20%3Ftype%20.%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf%3E%20a%20%3Ftype%20.%20%7D&default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf&default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf")
    assert boolean(r) is True
    dataset = {"default_graph_uri": [DATA[1].value, DATA[2].value]}
    assert default_graph_subjects(client, **dataset) == {DATA[1].value, DATA[2].value}
    assert select_graphs(client, **dataset) == set()


def test_query_dataset_default_graphs_post(client):
    """:query_dataset_default_graphs_post: "POST query with protocol-specified default graphs".

    Graph data data1, data2. Direct POST (application/sparql-query) with two default-graph-uri in
    the URL -> boolean true. Extra check: data3 is not in that default graph.
    """
    r = send(client, "POST", "/sparql/?default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf&default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf",
             "ASK { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type . <http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type . }",
             QUERY)
    assert boolean(r) is True
    r = send(client, "POST", "/sparql/?default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf&default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf",
             "ASK { <http://kasei.us/2009/09/sparql/data/data3.rdf> a ?type }", QUERY)
    assert boolean(r) is False


def test_query_dataset_named_graphs_post(client):
    """:query_dataset_named_graphs_post: "POST query with protocol-specified named graphs".

    Graph data data1, data2. Direct POST with two named-graph-uri -> boolean true. Extra checks:
    the named graphs are exactly data1, data2 and the default graph is empty.
    """
    r = send(client, "POST", "/sparql/?named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf&named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf",
             "ASK { GRAPH ?g1 { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type } GRAPH ?g2 { <http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type } }",
             QUERY)
    assert boolean(r) is True
    dataset = {"named_graph_uri": [DATA[1].value, DATA[2].value]}
    assert select_graphs(client, **dataset) == {DATA[1].value, DATA[2].value}
    assert default_graph_subjects(client, **dataset) == set()


def test_query_dataset_named_graphs_get(client):
    """:query_dataset_named_graphs_get: "GET query with protocol-specified named graphs".

    Graph data data1, data2. GET with two named-graph-uri -> boolean true. Extra check: the
    GRAPH ?g1 / ?g2 bindings are data1 and data2.
    """
    r = send(client, "GET", "/sparql/?query=ASK%20%7B%20GRAPH%20%3Fg1%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf%3E%20a%20%3Ftype%20%7D%20GRAPH%20%3Fg2%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf%3E%20a%20%3Ftype%20%7D%20%7D&named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf&named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf")
    assert boolean(r) is True
    r = client.get("/sparql", query_string=[
        ("query", f"SELECT ?g1 ?g2 WHERE {{ GRAPH ?g1 {{ <{DATA[1].value}> a ?type }} GRAPH ?g2 {{ <{DATA[2].value}> a ?type }} }}"),
        ("named-graph-uri", DATA[1].value), ("named-graph-uri", DATA[2].value),
    ])
    assert rows(r) == [{"g1": DATA[1], "g2": DATA[2]}]


def test_query_dataset_full(client):
    """:query_dataset_full: "query with protocol-specified dataset (both named and default graphs)".

    Graph data data1, data2, data3. Direct POST with default-graph-uri data3 and named-graph-uri
    data1, data2 -> boolean true. Extra checks: default graph = data3 only, named = data1, data2.
    """
    r = send(client, "POST", "/sparql/?default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata3.rdf&named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf&named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf",
             """ASK {
  <http://kasei.us/2009/09/sparql/data/data3.rdf> a ?type
  GRAPH ?g1 { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type }
  GRAPH ?g2 { <http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type }
}""", QUERY)
    assert boolean(r) is True
    dataset = {"default_graph_uri": [DATA[3].value], "named_graph_uri": [DATA[1].value, DATA[2].value]}
    assert default_graph_subjects(client, **dataset) == {DATA[3].value}
    assert select_graphs(client, **dataset) == {DATA[1].value, DATA[2].value}


def test_query_multiple_dataset(client):
    """:query_multiple_dataset: "query specifying dataset in both query string and protocol; test
    for use of protocol-specified dataset".

    Graph data data1, data2, data3. ``ASK FROM <data3> { GRAPH ?g1 {…data1…} GRAPH ?g2 {…data2…} }``
    POSTed with named-graph-uri data1, data2 -> boolean true. Extra check: the query's FROM <data3>
    was replaced, so data3 is not in the default graph.
    """
    r = send(client, "POST", "/sparql/?named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf&named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf",
             "ASK FROM <http://kasei.us/2009/09/sparql/data/data3.rdf> { GRAPH ?g1 { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type } GRAPH ?g2 { <http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type } }",
             QUERY)
    assert boolean(r) is True
    r = send(client, "POST", "/sparql/?named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf&named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf",
             "ASK FROM <http://kasei.us/2009/09/sparql/data/data3.rdf> { <http://kasei.us/2009/09/sparql/data/data3.rdf> a ?type }",
             QUERY)
    assert boolean(r) is False


def test_query_get(client):
    """:query_get: "query via GET". GET ?query=ASK {}&default-graph-uri=…data0.rdf -> boolean true."""
    r = send(client, "GET", "/sparql/?query=ASK%20%7B%7D&default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf")
    assert boolean(r) is True


def test_query_content_type_select(client):
    """:query_content_type_select: "query appropriate content type (expect one of: XML, JSON, CSV, TSV)".

    Direct POST ``SELECT (1 AS ?value) {}`` -> 2xx/3xx, tabular results (here SPARQL JSON).
    """
    r = send(client, "POST", "/sparql/?default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf",
             "SELECT (1 AS ?value) {}", QUERY)
    assert rows(r) == [{"value": ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))}]


def test_query_content_type_ask(client):
    """:query_content_type_ask: "query appropriate content type (expect one of: XML, JSON)".

    Direct POST ``ASK {}`` -> 2xx/3xx, boolean results.
    """
    r = send(client, "POST", "/sparql/?default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf",
             "ASK {}", QUERY)
    assert boolean(r) is True


def test_query_content_type_describe(client):
    """:query_content_type_describe: "query appropriate content type (expect one of: RDF/XML,
    Turtle, N-Triples, RDFa)".

    Direct POST ``DESCRIBE <http://example.org/>`` over the (absent, so empty) data0 graph ->
    2xx/3xx, an RDF graph (here empty Turtle).
    """
    r = send(client, "POST", "/sparql/?default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf",
             "DESCRIBE <http://example.org/>", QUERY)
    assert graph(r) == set()


def test_query_content_type_construct(client):
    """:query_content_type_construct: "query appropriate content type (expect one of: RDF/XML,
    Turtle, N-Triples, RDFa)".

    Direct POST ``CONSTRUCT { <s> <p> 1 } WHERE {}`` -> 2xx/3xx, an RDF graph of one triple whose
    relative IRIs the service resolved against its base IRI.
    """
    r = send(client, "POST", "/sparql/?default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf",
             "CONSTRUCT { <s> <p> 1 } WHERE {}", QUERY)
    (triple,) = graph(r)
    assert isinstance(triple.subject, ox.NamedNode) and triple.subject.value.endswith("/s")
    assert isinstance(triple.predicate, ox.NamedNode) and triple.predicate.value.endswith("/p")
    assert triple.object == ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))


# --- updates --------------------------------------------------------------------------------


def test_update_dataset_default_graph(client, store):
    """:update_dataset_default_graph: "update with protocol-specified default graph".

    Direct POST (application/sparql-update) with using-graph-uri data1 of
    ``CLEAR ALL ; INSERT DATA {…data1…} ; INSERT {…} WHERE { ?s a foaf:Document }`` -> 2xx/3xx
    (here 204); then the manifest's ASK -> true. Extra check: the test graph holds exactly the one
    resource, so the WHERE clause saw data1 as its default graph.
    """
    r = send_update(client, "POST", "/sparql/?using-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf",
             """PREFIX dc: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
CLEAR ALL ;
INSERT DATA {
    GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> {
        <http://kasei.us/2009/09/sparql/data/data1.rdf> a foaf:Document
    }
} ;
INSERT {
    GRAPH <http://example.org/protocol-update-dataset-test/> {
        ?s a dc:BibliographicResource
    }
}
WHERE {
    ?s a foaf:Document
}""", UPDATE)
    assert r.status_code == 204, r.data
    r = send(client, "POST", "/sparql/", """ASK {
    GRAPH <http://example.org/protocol-update-dataset-test/> {
        <http://kasei.us/2009/09/sparql/data/data1.rdf> a <http://purl.org/dc/terms/BibliographicResource>
    }
}""", QUERY)
    assert boolean(r) is True
    test_graph = ox.NamedNode("http://example.org/protocol-update-dataset-test/")
    assert {q.subject for q in store.quads(test_graph)} == {DATA[1]}


def test_update_dataset_default_graphs(client, store):
    """:update_dataset_default_graphs: "update with protocol-specified default graphs".

    Direct POST with using-graph-uri data1 and data2 of ``DROP ALL ; INSERT DATA {data1, data2,
    data3 graphs} ; INSERT {…} WHERE { ?s a foaf:Document }`` -> 2xx/3xx (204); then the
    manifest's ASK (data1 and data2 tagged, data3 not) -> true.
    """
    r = send_update(client, "POST", "/sparql/?using-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf&using-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf",
             """PREFIX dc: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
DROP ALL ;
INSERT DATA {
    GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> { <http://kasei.us/2009/09/sparql/data/data1.rdf> a foaf:Document }
    GRAPH <http://kasei.us/2009/09/sparql/data/data2.rdf> { <http://kasei.us/2009/09/sparql/data/data2.rdf> a foaf:Document }
    GRAPH <http://kasei.us/2009/09/sparql/data/data3.rdf> { <http://kasei.us/2009/09/sparql/data/data3.rdf> a foaf:Document }
} ;
INSERT {
    GRAPH <http://example.org/protocol-update-dataset-graphs-test/> {
        ?s a dc:BibliographicResource
    }
}
WHERE {
    ?s a foaf:Document
}""", UPDATE)
    assert r.status_code == 204, r.data
    r = send(client, "POST", "/sparql/", """ASK {
    GRAPH <http://example.org/protocol-update-dataset-graphs-test/> {
        <http://kasei.us/2009/09/sparql/data/data1.rdf> a <http://purl.org/dc/terms/BibliographicResource> .
        <http://kasei.us/2009/09/sparql/data/data2.rdf> a <http://purl.org/dc/terms/BibliographicResource> .
    }
    FILTER NOT EXISTS {
        GRAPH <http://example.org/protocol-update-dataset-graphs-test/> {
            <http://kasei.us/2009/09/sparql/data/data3.rdf> a <http://purl.org/dc/terms/BibliographicResource> .
        }
    }
}""", QUERY)
    assert boolean(r) is True
    test_graph = ox.NamedNode("http://example.org/protocol-update-dataset-graphs-test/")
    assert {q.subject for q in store.quads(test_graph)} == {DATA[1], DATA[2]}


def test_update_dataset_named_graphs(client, store):
    """:update_dataset_named_graphs: "update with protocol-specified named graphs".

    Direct POST with using-named-graph-uri data1 and data2 of ``DROP ALL ; INSERT DATA {…} ;
    INSERT {…} WHERE { GRAPH ?g { ?s a foaf:Document } }`` -> 2xx/3xx (204); then the manifest's
    ASK (data1 and data2 tagged, data3 not) -> true.
    """
    r = send_update(client, "POST", "/sparql/?using-named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf&using-named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf",
             """PREFIX dc: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
DROP ALL ;
INSERT DATA {
    GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> { <http://kasei.us/2009/09/sparql/data/data1.rdf> a foaf:Document }
    GRAPH <http://kasei.us/2009/09/sparql/data/data2.rdf> { <http://kasei.us/2009/09/sparql/data/data2.rdf> a foaf:Document }
    GRAPH <http://kasei.us/2009/09/sparql/data/data3.rdf> { <http://kasei.us/2009/09/sparql/data/data3.rdf> a foaf:Document }
} ;
INSERT {
    GRAPH <http://example.org/protocol-update-dataset-named-graphs-test/> {
        ?s a dc:BibliographicResource
    }
}
WHERE {
    GRAPH ?g {
        ?s a foaf:Document
    }
}""", UPDATE)
    assert r.status_code == 204, r.data
    r = send(client, "POST", "/sparql/", """ASK {
    GRAPH <http://example.org/protocol-update-dataset-named-graphs-test/> {
        <http://kasei.us/2009/09/sparql/data/data1.rdf> a <http://purl.org/dc/terms/BibliographicResource> .
        <http://kasei.us/2009/09/sparql/data/data2.rdf> a <http://purl.org/dc/terms/BibliographicResource> .
    }
    FILTER NOT EXISTS {
        GRAPH <http://example.org/protocol-update-dataset-named-graphs-test/> {
            <http://kasei.us/2009/09/sparql/data/data3.rdf> a <http://purl.org/dc/terms/BibliographicResource> .
        }
    }
}""", QUERY)
    assert boolean(r) is True
    test_graph = ox.NamedNode("http://example.org/protocol-update-dataset-named-graphs-test/")
    assert {q.subject for q in store.quads(test_graph)} == {DATA[1], DATA[2]}


def test_update_dataset_full(client, store):
    """:update_dataset_full: "update with protocol-specified dataset (both named and default graphs)".

    Direct POST with using-graph-uri data1 and using-named-graph-uri data2; the WHERE clause
    records, for each foaf:Document, whether it was found in the default graph ("default") or in
    which named graph -> 2xx/3xx (204); then the manifest's ASK (data1 via "default", data2 via
    <data2>, nothing about data3) -> true.
    """
    r = send_update(client, "POST", "/sparql/?using-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf&using-named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf",
             """PREFIX dc: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
DROP ALL ;
INSERT DATA {
    GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> { <http://kasei.us/2009/09/sparql/data/data1.rdf> a foaf:Document }
    GRAPH <http://kasei.us/2009/09/sparql/data/data2.rdf> { <http://kasei.us/2009/09/sparql/data/data2.rdf> a foaf:Document }
    GRAPH <http://kasei.us/2009/09/sparql/data/data3.rdf> { <http://kasei.us/2009/09/sparql/data/data3.rdf> a foaf:Document }
} ;
INSERT {
    GRAPH <http://example.org/protocol-update-dataset-full-test/> {
        ?s <http://example.org/in> ?in
    }
}
WHERE {
    {
        GRAPH ?g { ?s a foaf:Document }
        BIND(?g AS ?in)
    }
    UNION
    {
        ?s a foaf:Document .
        BIND("default" AS ?in)
    }
}""", UPDATE)
    assert r.status_code == 204, r.data
    r = send(client, "POST", "/sparql/", """ASK {
    GRAPH <http://example.org/protocol-update-dataset-full-test/> {
        <http://kasei.us/2009/09/sparql/data/data1.rdf> <http://example.org/in> "default" .
        <http://kasei.us/2009/09/sparql/data/data2.rdf> <http://example.org/in> <http://kasei.us/2009/09/sparql/data/data2.rdf> .
    }
    FILTER NOT EXISTS {
        GRAPH <http://example.org/protocol-update-dataset-full-test/> {
            <http://kasei.us/2009/09/sparql/data/data3.rdf> ?p ?o
        }
    }
}""", QUERY)
    assert boolean(r) is True
    test_graph = ox.NamedNode("http://example.org/protocol-update-dataset-full-test/")
    assert {(q.subject, q.object) for q in store.quads(test_graph)} == {
        (DATA[1], ox.Literal("default")), (DATA[2], DATA[2])
    }


def test_update_post_form(client, store):
    """:update_post_form: "update via URL-encoded POST". Form body ``update=CLEAR+ALL`` -> 2xx/3xx (204)."""
    revision = store.revision
    r = send_update(client, "POST", "/sparql/", "update=CLEAR+ALL", FORM)
    assert r.status_code == 204 and r.data == b""
    assert len(store) == 0 and store.revision != revision


def test_update_post_direct(client, store):
    """:update_post_direct: "update via POST directly". Body ``CLEAR ALL`` as application/sparql-update -> 2xx/3xx (204)."""
    r = send_update(client, "POST", "/sparql/", "CLEAR ALL", UPDATE)
    assert r.status_code == 204 and r.data == b""
    assert len(store) == 0


def test_update_base_uri(client, store):
    """:update_base_uri: "test for service-defined BASE URI ("which MAY be the service endpoint")".

    Direct POST inserting ``<http://example.org/s> <http://example.org/p> <test>`` -> 2xx/3xx
    (204); then the manifest's ASK (the object is an IRI other than "test") -> true. This server
    resolves against the endpoint URL, so the object is http://localhost/test here.
    """
    r = send_update(client, "POST", "/sparql/", """CLEAR SILENT GRAPH <http://example.org/protocol-base-test/> ;
INSERT DATA { GRAPH <http://example.org/protocol-base-test/> { <http://example.org/s> <http://example.org/p> <test> } }""",
             UPDATE)
    assert r.status_code == 204, r.data
    r = send(client, "POST", "/sparql/", """ASK {
    GRAPH <http://example.org/protocol-base-test/> {
        <http://example.org/s> <http://example.org/p> ?o
        FILTER (isIRI(?o) && STR(?o) != "test")
    }
}""", QUERY)
    assert boolean(r) is True
    (quad,) = store.quads(ox.NamedNode("http://example.org/protocol-base-test/"))
    assert quad.object == ox.NamedNode("http://localhost/test")


def test_query_post_direct(client):
    """:query_post_direct: "query via POST directly". Body ``ASK {}`` as application/sparql-query -> boolean true."""
    r = send(client, "POST", "/sparql/", "ASK {}", QUERY)
    assert boolean(r) is True


# --- errors ---------------------------------------------------------------------------------


def test_bad_query_method(client):
    """:bad_query_method: "invoke query operation with a method other than GET or POST".

    PUT /sparql/?query=ASK {}… -> 4xx (here 405 with an Allow header naming GET and POST).
    """
    r = send(client, "PUT", "/sparql/?query=ASK%20%7B%7D&default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf",
             content_type=FORM)
    assert_4xx(r, 405)
    assert {"GET", "POST"} <= {m.strip() for m in r.headers["Allow"].split(",")}


def test_bad_multiple_queries(client):
    """:bad_multiple_queries: "invoke query operation with more than one query string". GET with two ``query`` -> 4xx (400)."""
    r = send(client, "GET", "/sparql/?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D")
    assert_4xx(r, 400)


def test_bad_query_wrong_media_type(client):
    """:bad_query_wrong_media_type: "invoke query operation with a POST with media type that's not
    url-encoded or application/sparql-query". ``ASK {}`` as text/plain -> 4xx (415)."""
    assert_4xx(send(client, "POST", "/sparql/", "ASK {}", "text/plain"), 415)


def test_bad_query_missing_form_type(client):
    """:bad_query_missing_form_type: "invoke query operation with url-encoded body, but without
    application/x-www-form-urlencoded media type". No Content-Type -> 4xx (415)."""
    assert_4xx(send(client, "POST", "/sparql/", "query=ASK%20%7B%7D"), 415)


def test_bad_query_missing_direct_type(client):
    """:bad_query_missing_direct_type: "invoke query operation with SPARQL body, but without
    application/sparql-query media type". No Content-Type -> 4xx (415)."""
    assert_4xx(send(client, "POST", "/sparql/", "ASK {}"), 415)


def test_bad_query_non_utf8(client):
    """:bad_query_non_utf8: "invoke query operation with direct POST, but with a non-UTF8 encoding
    (UTF-16)". ``ASK {}`` in UTF-16, ``charset=UTF-16`` -> 4xx (415)."""
    r = send(client, "POST", "/sparql/", "ASK {}", "application/sparql-query; charset=UTF-16", encoding="utf-16")
    assert_4xx(r, 415)


def test_bad_query_syntax(client):
    """:bad_query_syntax: "invoke query operation with invalid query syntax (4XX result)". GET ?query=ASK { -> 4xx (400)."""
    r = send(client, "GET", "/sparql/?query=ASK%20%7B")
    assert_4xx(r, 400)
    assert r.get_data(as_text=True).startswith("Malformed query:")


def test_bad_update_get(client, store):
    """:bad_update_get: "invoke update operation with GET". GET ?update=CLEAR ALL -> 4xx (405, Allow: POST); nothing cleared."""
    before = set(store.quads())
    r = send_update(client, "GET", "/sparql/?update=CLEAR%20ALL")
    assert_4xx(r, 405)
    assert "POST" in r.headers["Allow"] and "GET" not in r.headers["Allow"]
    assert set(store.quads()) == before


def test_bad_multiple_updates(client, store):
    """:bad_multiple_updates: "invoke update operation with more than one update string".
    Form body with two ``update`` -> 4xx (400); nothing cleared."""
    before = set(store.quads())
    assert_4xx(send_update(client, "POST", "/sparql/", "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", FORM), 400)
    assert set(store.quads()) == before


def test_bad_update_wrong_media_type(client, store):
    """:bad_update_wrong_media_type: "invoke update operation with a POST with media type that's
    not url-encoded or application/sparql-update". ``CLEAR NAMED`` as text/plain -> 4xx (415)."""
    before = set(store.quads())
    r = send_update(client, "POST", "/sparql/", "CLEAR NAMED", "text/plain")
    assert_4xx(r, 415)
    assert set(store.quads()) == before


def test_bad_update_missing_form_type(client, store):
    """:bad_update_missing_form_type: "invoke update operation with url-encoded body, but without
    application/x-www-form-urlencoded media type". No Content-Type -> 4xx (415)."""
    before = set(store.quads())
    assert_4xx(send_update(client, "POST", "/sparql/", "update=CLEAR%20NAMED"), 415)
    assert set(store.quads()) == before


def test_bad_update_non_utf8(client, store):
    """:bad_update_non_utf8: "invoke update operation with direct POST, but with a non-UTF8
    encoding". ``CLEAR NAMED`` in UTF-16, ``charset=UTF-16`` -> 4xx (415)."""
    before = set(store.quads())
    r = send_update(client, "POST", "/sparql/", "CLEAR NAMED", "application/sparql-update; charset=UTF-16", encoding="utf-16")
    assert_4xx(r, 415)
    assert set(store.quads()) == before


def test_bad_update_syntax(client, store):
    """:bad_update_syntax: "invoke update operation with invalid update syntax". Form ``update=CLEAR XYZ`` -> 4xx (400)."""
    before = set(store.quads())
    r = send_update(client, "POST", "/sparql/", "update=CLEAR%20XYZ", FORM)
    assert_4xx(r, 400)
    assert r.get_data(as_text=True).startswith("Malformed update:")
    assert set(store.quads()) == before


def test_bad_update_dataset_conflict(client, store):
    """:bad_update_dataset_conflict: "invoke update with both using-graph-uri/using-named-graph-uri
    parameter and USING/WITH clause". using-named-graph-uri plus ``WITH <…> DELETE … INSERT … WHERE``
    -> 4xx (400); nothing changed."""
    store.replace_graph(ox.NamedNode("http://example/addresses"), [ox.Triple(
        ox.NamedNode("http://example/bill"), ox.NamedNode("http://xmlns.com/foaf/0.1/givenName"), ox.Literal("Bill"))])
    before = set(store.quads())
    r = send_update(client, "POST", "/sparql/?using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople", """PREFIX foaf:  <http://xmlns.com/foaf/0.1/>
WITH <http://example/addresses>
DELETE { ?person foaf:givenName 'Bill' }
INSERT { ?person foaf:givenName 'William' }
WHERE {
    ?person foaf:givenName 'Bill'
}""", UPDATE)
    assert_4xx(r, 400)
    assert "WITH" in r.get_data(as_text=True)
    assert set(store.quads()) == before
