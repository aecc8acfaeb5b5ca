"""Safety across the endpoints: hostile data, hostile URLs, writes without the token, fetches
the server must not make on a stranger's behalf.

Each test crosses every surface where the danger applies, so a new page or endpoint that
forgets one of these rules shows up here.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from kg.stores.local import Store
from kg.web import create_app

BASE = "https://w3id.org/newskg/"
G = ox.NamedNode(BASE + "graph/evil")
ARTICLE = ox.NamedNode(BASE + "id/article/evil")
PERSON = ox.NamedNode(BASE + "id/person/mallory")
SCRIPT = '<script>alert("data")</script>'
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
JS_IRI = ox.NamedNode("javascript:alert(1)")
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
NKG = "https://w3id.org/newskg/ontology#"


@pytest.fixture
def store() -> Store:
    store = Store()
    triples = [
        ox.Triple(PERSON, ox.NamedNode(RDF + "type"), ox.NamedNode(NKG + "Person")),
        ox.Triple(PERSON, ox.NamedNode(RDFS + "label"), ox.Literal(SCRIPT, language="en")),
        ox.Triple(PERSON, ox.NamedNode(RDFS + "comment"), ox.Literal(ATTRIBUTE)),
        ox.Triple(PERSON, ox.NamedNode(RDFS + "seeAlso"), JS_IRI),
        ox.Triple(ARTICLE, ox.NamedNode(RDF + "type"), ox.NamedNode(NKG + "Article")),
        ox.Triple(ARTICLE, ox.NamedNode("http://schema.org/headline"), ox.Literal(SCRIPT)),
        ox.Triple(ARTICLE, ox.NamedNode("http://schema.org/mentions"), PERSON),
    ]
    store.replace_graph(G, [ox.Quad(*t, G) for t in triples])
    return store


def html_pages(client):
    """Every HTML page that shows data from the store."""
    yield "/sparql SELECT", client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }", "format": "html"})
    yield "/sparql CONSTRUCT", client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "html"})
    yield "person page", client.get("/doc/person/mallory.html")
    yield "article page", client.get("/doc/article/evil.html")
    yield "graph page", client.get("/graph/evil", headers={"Accept": "text/html"})


def test_html_escapes_everything_that_comes_from_data(store):
    client = create_app(store, base=BASE).test_client()
    for name, response in html_pages(client):
        page = response.get_data(as_text=True)
        assert response.status_code == 200, name
        assert response.mimetype == "text/html", name
        assert SCRIPT not in page and ATTRIBUTE not in page, name
        assert "&lt;script&gt;" in page, name  # the value is there, escaped
        assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", page, re.I), name


def test_writes_without_the_token_are_refused_everywhere(store):
    writes = [
        ("POST", "/update", {"data": {"update": "CLEAR ALL"}}),
        ("PUT", "/store?graph=https://example.org/g", {"data": "<a:s> <a:p> <a:o> .", "content_type": "text/turtle"}),
        ("POST", "/store?graph=https://example.org/g", {"data": "<a:s> <a:p> <a:o> .", "content_type": "text/turtle"}),
        ("DELETE", f"/store?graph={G.value}", {}),
    ]
    before = set(store.quads())
    read_only = create_app(store).test_client()
    guarded = create_app(store, update_token="right").test_client()
    for method, url, kwargs in writes:
        assert read_only.open(url, method=method, **kwargs).status_code == 403, url
        assert read_only.open(url, method=method, headers={"Authorization": "Bearer right"}, **kwargs).status_code == 403
        missing = guarded.open(url, method=method, **kwargs)
        assert missing.status_code == 401 and missing.headers["WWW-Authenticate"].startswith("Bearer"), url
        assert guarded.open(url, method=method, headers={"Authorization": "Bearer wrong"}, **kwargs).status_code == 401
        assert guarded.open(url, method=method, headers={"Authorization": "Basic cmlnaHQ="}, **kwargs).status_code == 401
    assert set(store.quads()) == before


def test_the_server_fetches_nothing_unless_the_host_is_allowed(store):
    token = {"Authorization": "Bearer t"}
    client = create_app(store, update_token="t").test_client()
    for query in (
        "SELECT * WHERE { SERVICE <http://169.254.169.254/latest/meta-data/> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:1/> { ?s ?p ?o } }",
        "SELECT * WHERE { BIND(<http://10.0.0.1/> AS ?e) SERVICE ?e { ?s ?p ?o } }",
    ):
        assert client.get("/sparql", query_string={"query": query}).status_code == 403, query
    load = client.post("/update", data={"update": "LOAD <http://169.254.169.254/latest/meta-data/>"}, headers=token)
    assert load.status_code == 403
    allowed = create_app(store, update_token="t", service_hosts=["query.wikidata.org"]).test_client()
    other = allowed.get("/sparql", query_string={"query": "SELECT * WHERE { SERVICE <http://evil.example/> { ?s ?p ?o } }"})
    assert other.status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/sparql?query=ASK%7B%7D&default-graph-uri=not%20an%20iri",
        "/sparql?query=ASK%7B%7D&named-graph-uri=relative/path",
        "/store?graph=not%20an%20iri",
        "/store?graph=%3Cscript%3E",
        "/id/person/%3Cscript%3E",
        "/id/person/a%20b",
        "/id/../../etc/passwd",
        "/id/person/%2e%2e/%2e%2e/x",
        "/doc/person/%2E%2E%2Fx",
    ],
)
def test_iris_taken_from_urls_are_validated(store, url):
    response = create_app(store, base=BASE).test_client().get(url)
    assert response.status_code in (400, 404), url
    assert SCRIPT not in response.get_data(as_text=True)
    if response.status_code == 400:
        assert response.mimetype == "text/plain", url


@pytest.mark.parametrize(
    "url",
    [
        "/dumps/../pyproject.toml",
        "/dumps/..%2Fpyproject.toml",
        "/dumps/%2e%2e%2fpyproject.toml",
        "/dumps/....//pyproject.toml",
        "/dumps//etc/passwd",
        "/dumps/%2Fetc%2Fpasswd",
        "/dumps/newskg.nq.gz/../../README.md",
        "/dumps/newskg.nq.gz%00.txt",
        "/static/../../pyproject.toml",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
    ],
)
def test_no_path_leaves_the_dump_and_static_folders(store, url):
    response = create_app(store).test_client().get(url)
    assert response.status_code in (400, 404), url
    body = response.get_data()
    assert b"[project]" not in body and b"root:" not in body and b"# newskg" not in body
