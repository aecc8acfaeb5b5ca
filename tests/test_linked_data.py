"""Linked data: every IRI the pipeline mints dereferences (kg/web/linkeddata/), and the ontology.

Most tests run over the seed article (ingested through the CLI by the ``seed_store`` fixture,
copied here into an in-memory store so that nothing holds the on-disk store open); the escaping
and limit tests use a small hand-made store.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.namespaces import (
    EVTYPE,
    KIND,
    NIF,
    ONTOLOGY,
    OWL,
    RDF,
    RDFS,
    ROLE,
    SCHEMA,
    SKOS,
    STANCE,
    WIKIDATA,
)
from kg.paths import project_dir
from kg.stores.local import Store
from kg.web import create_app
from kg.web.linkeddata import best_label, href_for, local_href

pytestmark = [
    pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning"),
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),  # rdflib's JSON-LD parser
]

BASE = "https://w3id.org/newskg/"
TURTLE = "text/turtle"
FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
EXT = {"text/turtle": "ttl", "application/n-triples": "nt", "application/ld+json": "jsonld", "application/rdf+xml": "rdf"}
ONTOLOGY_FILE = project_dir("ontology") / "newskg.ttl"
SHAPES_FILE = project_dir("ontology") / "shapes.ttl"
CONCEPT_NAMESPACES = {"stance": STANCE, "role": ROLE, "kind": KIND, "event-type": EVTYPE}


def triples(data: bytes, media: str = TURTLE) -> set[ox.Triple]:
    return {q.triple for q in ox.parse(data, FORMATS[media])}


def about(ts: set[ox.Triple], iri: str) -> list[ox.Triple]:
    node = ox.NamedNode(iri)
    return [t for t in ts if t.subject == node or t.object == node]


def rdf11(graph: rdflib.Graph) -> rdflib.Graph:
    """``"x"^^xsd:string`` as ``"x"``: the same literal in RDF 1.1, two literals to rdflib."""
    out = rdflib.Graph()
    for s, p, o in graph:
        if isinstance(o, rdflib.Literal) and o.datatype == rdflib.XSD.string:
            o = rdflib.Literal(str(o))
        out.add((s, p, o))
    return out


def same_graph(data: bytes, fmt: str, path) -> bool:
    served = rdflib.Graph().parse(data=data, format=fmt)
    return isomorphic(rdf11(served), rdf11(rdflib.Graph().parse(path, format="turtle")))


def url_of(iri: str, base: str = BASE) -> str:
    """What a browser requests for ``iri`` on this server: the path after the base, no fragment."""
    assert iri.startswith(base), iri
    return "/" + quote(iri.partition("#")[0][len(base):], safe="/!$&'()*+,;=:@-._~")


def follow(client, url: str, accept: str = TURTLE, **headers):
    """GET ``url``; on a 303 check the Location and GET that (one hop at most)."""
    r = client.get(url, headers={"Accept": accept, **headers})
    if r.status_code == 303:
        location = r.headers["Location"]
        assert location.startswith(("/doc/", "/ontology/")), location
        assert r.headers["Cache-Control"].startswith("public")
        r = client.get(location, headers={"Accept": accept, **headers})
    return r


@pytest.fixture(scope="module")
def seed(seed_store) -> Store:
    disk = Store(seed_store, read_only=True)
    memory = Store()
    for graph in disk.named_graphs():
        memory.add_to_graph(graph, [q.triple for q in disk.quads(graph)])
    return memory


@pytest.fixture(scope="module")
def client(seed):
    return create_app(seed).test_client()


def select(store: Store, sparql: str) -> list[tuple]:
    return [tuple(row) for row in store.query(sparql, use_default_graph_as_union=True)]


def an_article(store: Store) -> str:
    return select(store, f"SELECT ?a WHERE {{ ?a a <{ONTOLOGY}Article> }} LIMIT 1")[0][0].value


def linked_entity(store: Store) -> tuple[str, str, str]:
    """(entity, English label, Wikidata IRI) of an entity with owl:sameAs that speaks."""
    rows = select(store, f"""
        SELECT ?e ?l ?w WHERE {{
          ?e <{OWL}sameAs> ?w ; <{SKOS}prefLabel> ?l . ?st <{ONTOLOGY}speaker> ?e
        }} ORDER BY ?e LIMIT 1""")
    e, label, wikidata = rows[0]
    return e.value, label.value, wikidata.value


# --- every IRI dereferences -----------------------------------------------------------------


def test_every_iri_under_the_base_dereferences_to_rdf_about_it(client, seed):
    iris = {
        term.value
        for row in select(seed, "SELECT DISTINCT ?s ?o WHERE { ?s ?p ?o }")
        for term in row
        if isinstance(term, ox.NamedNode) and term.value.startswith(BASE)
    }
    assert len(iris) > 100  # the seed mints many: articles, sentences, mentions, entities, concepts…
    kinds = {re.sub(r"[/#].*", "", iri[len(BASE):].removeprefix("id/")) for iri in iris}
    assert {"article", "person", "organization", "country", "location", "unit", "post"} <= kinds
    assert {"stance", "kind", "event-type", "role", "ontology"} <= kinds
    fetched: dict[str, set] = {}
    failures = []
    for iri in sorted(iris):
        url = url_of(iri)
        if url not in fetched:
            r = follow(client, url)
            assert r.status_code == 200, (iri, url, r.status_code, r.data[:200])
            assert r.mimetype == TURTLE
            fetched[url] = triples(r.data)
        if not about(fetched[url], iri):
            failures.append(iri)
    assert failures == []
    # the links the pages write are the same URLs (plus the fragment)
    for iri in iris:
        assert local_href(iri, BASE).partition("#")[0] == url_of(iri)


def test_fragments_are_described_by_the_article_document(client, seed):
    article = an_article(seed)
    sentences = [s.value for (s,) in select(seed, f"SELECT ?s WHERE {{ ?s a <{NIF}Sentence> }}")]
    mentions = [s.value for (s,) in select(seed, f"SELECT ?s WHERE {{ ?s a <{NIF}Phrase> }}")]
    assert sentences and mentions
    r = client.get(url_of(article).replace("/id/", "/doc/", 1) + ".ttl")
    assert r.status_code == 200
    ts = triples(r.data)
    for iri in sentences + mentions:
        assert iri.startswith(article + "#char=")
        assert about(ts, iri)
    # in HTML each sentence and mention is the target of its fragment
    html = client.get(url_of(article).replace("/id/", "/doc/", 1) + ".html").data.decode()
    for iri in sentences + mentions:
        assert f'id="{iri.partition("#")[2]}"' in html


def test_graph_iris_serve_the_named_graph(client, seed):
    graphs = seed.named_graphs()
    assert graphs
    for graph in graphs:
        url = url_of(graph.value)
        assert url.startswith("/graph/")
        r = client.get(url, headers={"Accept": TURTLE})
        assert r.status_code == 200
        assert "Accept" in r.headers["Vary"]
        assert r.headers["Content-Location"] == url + ".ttl"
        assert triples(r.data) == {q.triple for q in seed.quads(graph)}
        html = client.get(url, headers={"Accept": "text/html"})
        assert html.status_code == 200 and html.mimetype == "text/html"
        store_link = "/store?" + "graph=" + quote(graph.value, safe="")
        assert store_link in html.data.decode().replace("&amp;", "&")
        assert client.get(url + ".nt").mimetype == "application/n-triples"
    assert client.get("/graph/no-such-graph").status_code == 404


# --- 303, negotiation, variants -------------------------------------------------------------


def test_thing_iris_answer_303_to_their_document(client, seed):
    entity, _, _ = linked_entity(seed)
    path = entity[len(BASE) + len("id/"):]
    r = client.get(f"/id/{path}", headers={"Accept": "text/html"})
    assert r.status_code == 303
    assert r.headers["Location"] == f"/doc/{path}"
    r = client.get(f"/doc/{path}", headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert r.headers["Content-Location"] == f"/doc/{path}.html"
    assert "Accept" in r.headers["Vary"]
    assert r.headers["Cache-Control"] == "public, max-age=300"
    assert r.headers["ETag"]


@pytest.mark.parametrize("media", list(FORMATS))
def test_negotiated_and_fixed_variants_agree(client, seed, media):
    entity, _, _ = linked_entity(seed)
    path = entity[len(BASE) + len("id/"):]
    negotiated = client.get(f"/doc/{path}", headers={"Accept": media})
    assert negotiated.status_code == 200
    assert negotiated.mimetype == media
    assert negotiated.headers["Content-Location"] == f"/doc/{path}.{EXT[media]}"
    fixed = client.get(f"/doc/{path}.{EXT[media]}", headers={"Accept": "text/html"})  # the URL wins
    assert fixed.status_code == 200 and fixed.mimetype == media
    assert "Content-Location" not in fixed.headers
    ts = triples(negotiated.data, media)
    assert ts == triples(fixed.data, media)
    assert about(ts, entity)


def test_json_ld_parses(client, seed):
    entity, _, wikidata = linked_entity(seed)
    r = follow(client, url_of(entity), accept="application/ld+json")
    assert r.status_code == 200 and r.mimetype == "application/ld+json"
    json.loads(r.data)
    ts = triples(r.data, "application/ld+json")
    assert ox.Triple(ox.NamedNode(entity), ox.NamedNode(OWL + "sameAs"), ox.NamedNode(wikidata)) in ts
    turtle = follow(client, url_of(entity))
    assert ts == triples(turtle.data)
    g = rdflib.Graph().parse(data=r.data, format="json-ld")
    assert (rdflib.URIRef(entity), rdflib.URIRef(OWL + "sameAs"), rdflib.URIRef(wikidata)) in g


def test_browsers_get_html_and_star_gets_html(client, seed):
    article = an_article(seed)
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert follow(client, url_of(article), accept=browser).mimetype == "text/html"
    assert follow(client, url_of(article), accept="*/*").mimetype == "text/html"
    r = follow(client, url_of(article), accept="application/xml")
    assert r.mimetype == "application/xml"
    assert triples(r.data, "application/rdf+xml")


def test_nothing_acceptable_is_406(client, seed):
    article = an_article(seed)
    r = follow(client, url_of(article), accept="image/png")
    assert r.status_code == 406
    assert "text/turtle" in r.data.decode()
    assert client.get("/ontology", headers={"Accept": "image/png"}).status_code == 406
    assert client.get("/shapes", headers={"Accept": "image/png"}).status_code == 406


def test_unknown_iri_is_404(client):
    r = client.get("/id/person/nobody-at-all", headers={"Accept": "text/html"})
    assert r.status_code == 404 and r.mimetype == "text/html"
    assert "https://w3id.org/newskg/id/person/nobody-at-all" in r.data.decode()
    r = client.get("/id/person/nobody-at-all", headers={"Accept": TURTLE})
    assert r.status_code == 404 and r.mimetype == "text/plain"
    assert client.get("/doc/person/nobody-at-all").status_code == 404
    assert client.get("/doc/person/nobody-at-all.ttl").status_code == 404
    assert client.get("/stance/nothing").status_code == 404
    assert client.get("/ontology/stance/nothing").status_code == 404
    assert client.get("/ontology.xyz").status_code == 404
    assert client.get("/ontology/shapes.xyz").status_code == 404


# --- HTML pages -----------------------------------------------------------------------------


def test_entity_page_shows_label_wikidata_and_statements(client, seed):
    entity, label, wikidata = linked_entity(seed)
    r = follow(client, url_of(entity), accept="text/html")
    html = r.data.decode()
    assert f"<h1>{label} " in html
    assert entity in html  # the real IRI is shown
    assert f'href="{wikidata}"' in html  # clickable Wikidata link
    assert f'<link rel="alternate" type="text/turtle" href="{url_of(entity).replace("/id/", "/doc/", 1)}.ttl">' in html
    assert "Download as" in html and ">JSON-LD</a>" in html
    # the statements the entity made, with their sentence text and source article
    rows = select(seed, f"""
        SELECT ?text ?article WHERE {{
          ?st <{ONTOLOGY}speaker> <{entity}> ; <{ONTOLOGY}sentence>/<{NIF}anchorOf> ?text ;
              <{ONTOLOGY}reportedIn> ?article }}""")
    assert rows
    for text, article in rows:
        assert str(_escape(text.value)) in html
        assert f'href="{url_of(article.value)}"' in html
    # local links point here, the IRI stays in the title
    assert f'href="/ontology#{seed_type(seed, entity)}"' in html
    turtle = triples(follow(client, url_of(entity)).data)
    for text, _ in rows:
        assert any(t.predicate.value == NIF + "anchorOf" and t.object == text for t in turtle)


def seed_type(store: Store, entity: str) -> str:
    (t,) = select(store, f"SELECT ?t WHERE {{ <{entity}> a ?t }}")[0]
    return t.value[len(ONTOLOGY):]


def _escape(text: str) -> str:
    from markupsafe import escape

    return escape(text)


def test_article_page_lists_sentences_and_statements(client, seed):
    article = an_article(seed)
    html = follow(client, url_of(article), accept="text/html").data.decode()
    assert "<h2>Sentences</h2>" in html and "<h2>Statements</h2>" in html
    (n,) = select(seed, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s <{ONTOLOGY}reportedIn> <{article}> }}")[0]
    assert html.count('<tr>\n<td><a href="/id/article/') == int(n.value)


def test_page_links_for_statements_quantities_events_posts(client, seed):
    for cls in ("Statement", "Quantity", "Event"):
        (iri,) = select(seed, f"SELECT ?x WHERE {{ ?x a <{ONTOLOGY}{cls}> }} LIMIT 1")[0]
        url = url_of(iri.value)
        assert re.fullmatch(r"/id/article/[^/]+/((statement|event)/[0-9a-f]{16}|quantity/\d+)", url)
        r = follow(client, url, accept="text/html")
        assert r.status_code == 200
        assert iri.value in r.data.decode()
    (post,) = select(seed, "SELECT ?x WHERE { ?x a <http://www.w3.org/ns/org#Post> } LIMIT 1")[0]
    assert url_of(post.value).startswith("/id/post/")
    assert follow(client, url_of(post.value), accept="text/html").status_code == 200


def test_html_escapes_everything_from_the_data():
    evil = '<script>alert("x")</script>'
    thing = ox.NamedNode(BASE + "id/person/evil")
    graph = ox.NamedNode(BASE + "graph/evil")
    store = Store()
    store.add_to_graph(graph, [
        ox.Triple(thing, ox.NamedNode(RDF + "type"), ox.NamedNode(ONTOLOGY + "Person")),
        ox.Triple(thing, ox.NamedNode(SKOS + "prefLabel"), ox.Literal(evil, language="en")),
        ox.Triple(thing, ox.NamedNode(RDFS + "comment"), ox.Literal('a & b "c" \'d\' <b>bold</b>')),
        ox.Triple(thing, ox.NamedNode(RDFS + "seeAlso"), ox.NamedNode("javascript:alert(1)")),
        ox.Triple(thing, ox.NamedNode(RDFS + "seeAlso"), ox.NamedNode('https://example.org/a"onmouseover="x')
                  if _valid('https://example.org/a"onmouseover="x') else ox.NamedNode("https://example.org/a'b")),
        ox.Triple(ox.NamedNode(BASE + "id/person/other"), ox.NamedNode(RDFS + "label"), ox.Literal("</td><script>1</script>")),
        ox.Triple(ox.NamedNode(BASE + "id/person/other"), ox.NamedNode(RDFS + "seeAlso"), thing),
    ])
    client = create_app(store).test_client()
    for url in ("/doc/person/evil", "/graph/evil", "/doc/person/other"):
        r = client.get(url, headers={"Accept": "text/html"})
        assert r.status_code == 200 and r.mimetype == "text/html"
        html = r.data.decode()
        assert "<script>" not in html, url
        assert "<b>bold" not in html
    # the IRI of an unknown resource is echoed escaped on the HTML 404 page (a '<' is a 400 in plain text)
    r = client.get("/id/person/x'&y", headers={"Accept": "text/html"})
    assert r.status_code == 404 and "x&#39;&amp;y" in r.data.decode()
    r = client.get("/id/person/nobody%3Cscript%3E", headers={"Accept": "text/html"})
    assert r.status_code == 400 and r.mimetype == "text/plain"
    html = client.get("/doc/person/evil.html").data.decode()
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&lt;/td&gt;&lt;script&gt;1&lt;/script&gt;" in html
    assert 'href="javascript:' not in html and "javascript:alert(1)" in html  # shown, not linked
    assert "onmouseover=\"" not in html


def _valid(iri: str) -> bool:
    try:
        ox.NamedNode(iri)
        return True
    except ValueError:
        return False


def test_big_pages_are_cut_and_say_so():
    thing = ox.NamedNode(BASE + "id/location/big")
    store = Store()
    store.add_to_graph(ox.NamedNode(BASE + "graph/big"), [
        ox.Triple(thing, ox.NamedNode(RDFS + "label"), ox.Literal("Big", language="en")),
        *(ox.Triple(ox.NamedNode(BASE + f"id/location/small-{i}"), ox.NamedNode(SCHEMA + "containedInPlace"), thing)
          for i in range(12)),
        *(ox.Triple(thing, ox.NamedNode(SCHEMA + "identifier"), ox.Literal(str(i))) for i in range(12)),
    ])
    client = create_app(store, html_max_rows=5).test_client()
    html = client.get("/doc/location/big.html").data.decode()
    assert "the first 5 values" in html
    assert "Only the first 5 references are shown." in html
    assert html.count('href="/id/location/small-') == 5
    # the RDF keeps everything (within its own, larger limits)
    assert len(triples(client.get("/doc/location/big.ttl").data)) == 25
    html = client.get("/graph/big.html").data.decode()
    assert "Only the first 5 of 25 triples are listed" in html


# --- the ontology, its concepts, the shapes ----------------------------------------------------


def test_ontology_turtle_is_the_file(client):
    r = client.get("/ontology", headers={"Accept": TURTLE})
    assert r.status_code == 200 and r.mimetype == TURTLE
    assert r.data == ONTOLOGY_FILE.read_bytes()
    assert r.headers["Content-Location"] == "/ontology.ttl"
    assert "Accept" in r.headers["Vary"]
    assert same_graph(r.data, "turtle", ONTOLOGY_FILE)
    for media, fmt in (("application/n-triples", "nt"), ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")):
        r = client.get("/ontology", headers={"Accept": media})
        assert r.status_code == 200 and r.mimetype == media
        assert same_graph(r.data, fmt, ONTOLOGY_FILE), media
        assert client.get(f"/ontology.{EXT[media]}").data == r.data


def test_ontology_iri_maps_to_ontology_whatever_the_base():
    client = create_app(Store(), base="http://localhost:8000/data/").test_client()
    assert client.get("/ontology.ttl").data == ONTOLOGY_FILE.read_bytes()
    r = client.get("/stance/said")
    assert r.status_code == 303 and r.headers["Location"] == "/ontology/stance/said"


def test_ontology_html_has_an_anchor_per_term(client):
    g = rdflib.Graph().parse(ONTOLOGY_FILE, format="turtle")
    terms = set()
    for cls in (rdflib.OWL.Class, rdflib.OWL.ObjectProperty, rdflib.OWL.DatatypeProperty):
        terms |= {s for s in g.subjects(rdflib.RDF.type, cls) if isinstance(s, rdflib.URIRef)}
    assert len(terms) >= 30
    r = client.get("/ontology", headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.mimetype == "text/html"
    html = r.data.decode()
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "duplicate anchors"
    for term in terms:
        assert str(term).startswith(ONTOLOGY)
        assert str(term)[len(ONTOLOGY):] in ids, term
        # the IRI nkg:X is the browser URL /ontology#X
        assert local_href(str(term), BASE) == "/ontology#" + str(term)[len(ONTOLOGY):]
    # labels and comments in both languages, domain and range shown
    for label in ("Statement", "Pernyataan", "speaker", "pembicara"):
        assert f"{label} <span class=\"lang\">@" in html
    assert "Satu tindakan berkata yang dilaporkan" in html
    assert "<dt>domain</dt>" in html and "<dt>range</dt>" in html
    assert " ∪ " in html  # owl:unionOf ranges
    # concept schemes and their concepts, linked to their own pages
    for scheme in CONCEPT_NAMESPACES:
        assert f'id="scheme-{scheme}"' in html
    assert 'href="/stance/confirmed"' in html and "mengonfirmasi" in html


def test_concept_iris_dereference(client):
    g = rdflib.Graph().parse(ONTOLOGY_FILE, format="turtle")
    concepts = sorted(str(c) for c in g.subjects(rdflib.RDF.type, rdflib.SKOS.Concept))
    assert len(concepts) > 30
    for iri in concepts:
        name, namespace = next((n, ns) for n, ns in CONCEPT_NAMESPACES.items() if iri.startswith(ns))
        url = f"/{name}/{iri[len(namespace):]}"
        assert local_href(iri, "http://elsewhere.example/") == url
        r = client.get(url, headers={"Accept": TURTLE})
        assert r.status_code == 303 and r.headers["Location"] == "/ontology" + url
        r = client.get(r.headers["Location"], headers={"Accept": TURTLE})
        assert r.status_code == 200
        ts = triples(r.data)
        node = ox.NamedNode(iri)
        assert {t.object.language for t in ts if t.subject == node and t.predicate.value == SKOS + "prefLabel"} == {"en", "id"}
    html = follow(client, "/stance/confirmed", accept="text/html").data.decode()
    assert "<h1>confirmed " in html and "mengonfirmasi" in html
    assert 'href="/stance"' in html  # its scheme
    # schemes too, with their concepts
    r = follow(client, "/kind", accept="text/html")
    assert r.status_code == 200
    assert 'href="/kind/troops"' in r.data.decode() and 'href="/kind/casualties"' in r.data.decode()
    ts = triples(follow(client, "/kind").data)
    assert ox.Triple(ox.NamedNode(KIND + "killed"), ox.NamedNode(SKOS + "broader"), ox.NamedNode(KIND + "casualties")) in ts


def test_concept_pages_show_where_the_data_uses_them(client, seed):
    (stance,) = select(seed, f"SELECT ?c WHERE {{ ?s <{ONTOLOGY}stance> ?c }} LIMIT 1")[0]
    r = follow(client, url_of(stance.value))
    uses = [t for t in triples(r.data) if t.object == stance and t.predicate.value == ONTOLOGY + "stance"]
    assert uses


def test_shapes(client):
    for url in ("/shapes", "/ontology/shapes"):
        r = client.get(url)
        assert r.status_code == 200 and r.mimetype == TURTLE
        assert r.data == SHAPES_FILE.read_bytes()
    r = client.get("/ontology/shapes.nt")
    assert r.mimetype == "application/n-triples"
    assert same_graph(r.data, "nt", SHAPES_FILE)


# --- caching --------------------------------------------------------------------------------


def test_etag_and_304():
    thing = ox.NamedNode(BASE + "id/person/anna")
    graph = ox.NamedNode(BASE + "graph/a")
    store = Store()
    store.add_to_graph(graph, [ox.Triple(thing, ox.NamedNode(RDFS + "label"), ox.Literal("Anna", language="en"))])
    client = create_app(store).test_client()
    first = client.get("/doc/person/anna", headers={"Accept": TURTLE})
    etag = first.headers["ETag"]
    assert etag and first.headers["Cache-Control"] == "public, max-age=300"
    again = client.get("/doc/person/anna", headers={"Accept": TURTLE, "If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag and "Accept" in again.headers["Vary"]
    # another media type is another representation
    html = client.get("/doc/person/anna", headers={"Accept": "text/html", "If-None-Match": etag})
    assert html.status_code == 200 and html.headers["ETag"] != etag
    # a write to the store changes every tag
    store.add_to_graph(graph, [ox.Triple(thing, ox.NamedNode(RDFS + "label"), ox.Literal("Anna", language="id"))])
    after = client.get("/doc/person/anna", headers={"Accept": TURTLE, "If-None-Match": etag})
    assert after.status_code == 200 and after.headers["ETag"] != etag
    assert len(triples(after.data)) == 2
    for url in ("/ontology", "/graph/a", "/ontology/stance/said"):
        tag = client.get(url).headers["ETag"]
        assert client.get(url, headers={"If-None-Match": tag}).status_code == 304
        assert client.get(url, headers={"If-None-Match": "*"}).status_code == 304


# --- paths that must not escape ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/id/person/../graph/x",
        "/id/person/%2E%2E/%2E%2E/graph/x",
        "/id/person%2F..%2F..%2Fgraph%2Fx",
        "/doc/../graph/x",
        "/doc/person/./x",
        "/graph/..%2Fid%2Fperson%2Fx",
        "/ontology/../id/x",
        "/stance/..%2F..%2Fid%2Fperson%2Fx",
        "/id/a%20b",
        "/id/a%3Cscript%3E",
        "/id/a%22b",
        "/id/a%00b",
        "/id/x%23char=0,1",
        "/id/x%3Fq=1",
    ],
)
def test_invalid_or_escaping_paths_are_400(client, url):
    r = client.get(url, headers={"Accept": TURTLE})
    assert r.status_code == 400, (url, r.status_code, r.data[:200])
    assert r.mimetype == "text/plain"


def test_percent_encoded_slashes_stay_inside_the_namespace(client, seed):
    # a decoded %2F is a plain slash in the IRI: it still names something under {base}id/
    entity, _, _ = linked_entity(seed)
    kind, _, slug = entity[len(BASE) + len("id/"):].partition("/")
    r = client.get(f"/id/{kind}%2F{slug}")
    assert r.status_code == 303 and r.headers["Location"] == f"/doc/{kind}/{slug}"


def test_non_ascii_iris_round_trip():
    thing = ox.NamedNode(BASE + "id/person/анна-иванова")
    store = Store()
    store.add_to_graph(ox.NamedNode(BASE + "graph/a"), [
        ox.Triple(thing, ox.NamedNode(RDFS + "label"), ox.Literal("Анна", language="ru")),
        ox.Triple(ox.NamedNode(BASE + "id/person/b"), ox.NamedNode(RDFS + "seeAlso"), thing),
    ])
    client = create_app(store).test_client()
    href = local_href(thing.value, BASE)
    assert href == "/id/person/" + quote("анна-иванова")
    r = follow(client, href)
    assert r.status_code == 200 and about(triples(r.data), thing.value)
    assert f'href="{href}"' in client.get("/doc/person/b.html").data.decode()


def test_iri_ending_in_an_extension_is_still_reachable():
    odd = ox.NamedNode(BASE + "id/thing/report.ttl")
    store = Store()
    store.add_to_graph(ox.NamedNode(BASE + "graph/a"), [ox.Triple(odd, ox.NamedNode(RDFS + "label"), ox.Literal("odd"))])
    client = create_app(store).test_client()
    r = follow(client, "/id/thing/report.ttl", accept=TURTLE)
    assert r.status_code == 200 and about(triples(r.data), odd.value)


# --- another base ---------------------------------------------------------------------------


def test_another_base_and_links_to_this_server():
    base = "http://kg.example.org/news/"
    person = ox.NamedNode(base + "id/person/anna")
    article = ox.NamedNode(base + "id/article/a1")
    store = Store()
    store.add_to_graph(ox.NamedNode(base + "graph/a1"), [
        ox.Triple(article, ox.NamedNode(RDF + "type"), ox.NamedNode(ONTOLOGY + "Article")),
        ox.Triple(article, ox.NamedNode(SCHEMA + "mentions"), person),
        ox.Triple(person, ox.NamedNode(SKOS + "prefLabel"), ox.Literal("Anna", language="en")),
        ox.Triple(person, ox.NamedNode(OWL + "sameAs"), ox.NamedNode(WIKIDATA + "Q1")),
    ])
    client = create_app(store, base=base).test_client()
    r = client.get("/id/article/a1")
    assert r.status_code == 303 and r.headers["Location"] == "/doc/article/a1"
    html = client.get("/doc/article/a1.html").data.decode()
    assert 'href="/id/person/anna"' in html and person.value in html  # local link, real IRI shown
    assert 'href="/ontology#Article"' in html
    assert 'href="/graph/a1"' in html
    assert client.get("/id/person/anna", base_url="http://127.0.0.1:8000/").status_code == 303
    # an IRI under the default base is not this store's when the base differs
    assert client.get("/id/person/anna", base_url="http://127.0.0.1:8000/").headers["Location"] == "/doc/person/anna"
    assert local_href("https://w3id.org/newskg/id/person/anna", base) is None


def test_link_helpers():
    assert local_href(ONTOLOGY + "Statement", BASE) == "/ontology#Statement"
    assert local_href(BASE + "id/article/a#char=1,5", BASE) == "/id/article/a#char=1,5"
    assert local_href(BASE + "graph/a", BASE, "/kg") == "/kg/graph/a"
    assert local_href(EVTYPE[:-1], BASE) == "/event-type"
    assert href_for("http://www.wikidata.org/entity/Q1", BASE) == "http://www.wikidata.org/entity/Q1"
    assert href_for("javascript:alert(1)", BASE) is None
    assert href_for("urn:x:y", BASE) is None
    labels = [ox.Literal("Rusia", language="id"), ox.Literal("Russia", language="en"), ox.Literal("Россия", language="ru")]
    assert best_label(labels).value == "Russia"
    assert best_label([ox.Literal("Rusia", language="id"), ox.Literal("Россия", language="ru")]).value == "Rusia"
    assert best_label([(2, ox.Literal("file.txt")), (0, ox.Literal("Judul", language="id"))]).value == "Judul"
