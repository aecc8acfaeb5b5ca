"""Full-text search (kg/search): folding, every write path keeping the index current, recovery
after a crash, kg index, search clauses in SPARQL, /search, /labels and readable HTML results."""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest
from conftest import DATA, QUERIES, SEEDS, LiveServer, run_kg

from kg.stores.remote import RemoteStore
from kg.search import SearchIndex, expand, open_index
from kg.search.clause import SearchClauseError, find_clauses
from kg.search.index import default_location
from kg.stores.local import Store
from kg.web import create_app

BASE = "https://w3id.org/newskg/"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
NKG = "https://w3id.org/newskg/ontology#"
TOKEN = "s3cret"
SEED_GRAPH = ox.NamedNode(BASE + "graph/000_1ed06db30246a34c")
BUDANOV_SENTENCE = BASE + "id/article/000_1ed06db30246a34c#char=1703,1907"
PREFIX = f"PREFIX search: <https://w3id.org/newskg/search#>\nPREFIX nif: <{NIF}>\nPREFIX nkg: <{NKG}>\n"


def sentence(graph: str, n: int, text: str, lang: str = "en") -> str:
    article = f"{BASE}id/article/{graph}"
    s = f"<{article}#char={n},{n + len(text)}>"
    return (f"{s} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{NIF}Sentence> .\n"
            f"{s} <{NIF}anchorOf> {json.dumps(text)} .\n{s} <{NIF}referenceContext> <{article}> .\n"
            f"<{article}> <http://schema.org/inLanguage> \"{lang}\" .\n")


def hits(index, words: str, kind: str = "sentence") -> list[str]:
    return [h.iri for h in index.search(words, kind, limit=100)[1]]


@pytest.fixture
def seeded(tmp_path):
    path = tmp_path / "store"
    assert run_kg("ingest", "--store", path, SEEDS, DATA / "samples") == 0
    return path


# --- words --------------------------------------------------------------------------------------


def test_case_and_diacritics_fold_and_words_match_whole():
    store = Store()
    store.replace_graph_text(ox.NamedNode(BASE + "graph/x"), sentence("x", 0, "Shelling in Khárkiv and KURSK overnight."), 4)
    index = open_index(store)
    target = f"{BASE}id/article/x#char=0,40"
    assert hits(index, "kharkiv") == [target]
    assert hits(index, "KHÁRKIV kursk") == [target]
    assert hits(index, "kurs") == []  # whole words, no stemming
    assert hits(index, "kharkiv -kursk") == [] and hits(index, "kharkiv OR nothing") == [target]
    assert hits(index, '"kursk overnight"') == [target] and hits(index, '"overnight kursk"') == []


# --- every write path keeps the index current ---------------------------------------------------


def test_kg_ingest_indexes_and_a_reingested_article_leaves_nothing_stale(seeded, tmp_path):
    index = SearchIndex(default_location(Store(seeded, read_only=True)))
    assert BUDANOV_SENTENCE in hits(index, "budanov")
    # the same article again, its text changed: the old sentence is no hit any more
    changed = tmp_path / "in" / "000_1ed06db30246a34c.txt"
    changed.parent.mkdir()
    changed.write_text((SEEDS / "000_1ed06db30246a34c.txt").read_text(encoding="utf-8").replace("Budanov", "Budanova"), encoding="utf-8")
    assert run_kg("ingest", "--store", seeded, changed) == 0
    index = SearchIndex(default_location(Store(seeded, read_only=True)))
    assert hits(index, "budanov") == [] and hits(index, "budanova")


def test_kg_load_indexes_the_graphs_it_replaces(tmp_path):
    assert run_kg("ingest", "--out", tmp_path / "shards", SEEDS) == 0
    assert run_kg("load", "--store", tmp_path / "store", "--mode", "bulk", tmp_path / "shards") == 0
    store = Store(tmp_path / "store", read_only=True)
    index = SearchIndex(default_location(store))
    assert index.revision == store.revision
    assert BUDANOV_SENTENCE in hits(index, "budanov")


def test_update_and_graph_store_writes_are_searchable_at_once():
    store = Store()
    app = create_app(store, update_token=TOKEN, query_workers=0)
    client = app.test_client()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    index = app.extensions["newskg.search"]
    data = sentence("u1", 0, "A pontoon bridge near Kherson.")
    assert client.post("/update", data={"update": f"INSERT DATA {{ GRAPH <{BASE}graph/u1> {{ {data} }} }}"}, headers=auth).status_code == 204
    assert hits(index, "pontoon") == [f"{BASE}id/article/u1#char=0,30"]
    # a SPARQL update may touch any graph: deleting the text removes the hit
    assert client.post("/update", data={"update": f"DELETE WHERE {{ GRAPH ?g {{ ?s <{NIF}anchorOf> ?t }} }}"}, headers=auth).status_code == 204
    assert hits(index, "pontoon") == []
    # the graph store protocol: PUT, POST, DELETE
    graph = f"{BASE}graph/u2"
    put = client.put(f"/store?graph={graph}", data=sentence("u2", 0, "Grain terminal hit."), headers={**auth, "Content-Type": "text/turtle"})
    assert put.status_code == 201 and hits(index, "grain")
    client.post(f"/store?graph={graph}", data=sentence("u2", 50, "Signal tower down."), headers={**auth, "Content-Type": "text/turtle"})
    assert hits(index, "grain") and hits(index, "signal")
    assert client.delete(f"/store?graph={graph}", headers=auth).status_code == 204
    assert hits(index, "grain") == [] and hits(index, "signal") == []
    assert index.revision == store.revision


def test_a_remote_store_keeps_its_index_current(tmp_path, monkeypatch):
    """A RemoteStore (here: another newskg server, which speaks the three protocols) writes through
    HTTP; the index in $KG_SEARCH_DIR follows, and a fresh open reconciles with what is there."""
    monkeypatch.setenv("KG_SEARCH_DIR", str(tmp_path / "search"))
    with LiveServer(create_app(Store(), update_token=TOKEN, query_workers=0)) as server:
        remote = RemoteStore(server.url + "/sparql", update_url=server.url + "/update", graph_store_url=server.url + "/store", token=TOKEN)
        index = open_index(remote)
        assert default_location(remote).parent == tmp_path / "search"
        with remote.batch():
            remote.replace_graph_text(ox.NamedNode(BASE + "graph/r1"), sentence("r1", 0, "Drone workshop struck."), 4)
        assert hits(index, "drone") == [f"{BASE}id/article/r1#char=0,22"]
        remote.drop_graph(ox.NamedNode(BASE + "graph/r1"))
        assert hits(index, "drone") == []
        # someone else writes to the remote store; the next open finds it
        other = RemoteStore(server.url + "/sparql", update_url=server.url + "/update", token=TOKEN)
        other.update(f"INSERT DATA {{ GRAPH <{BASE}graph/r2> {{ {sentence('r2', 0, 'Ferry terminal closed.')} }} }}")
        assert hits(open_index(RemoteStore(server.url + "/sparql", token=TOKEN)), "ferry")


# --- crashes and kg index -----------------------------------------------------------------------


def test_after_a_crash_the_index_reconciles_with_the_store_on_open(seeded):
    """A write the index never heard of (a process killed between the two commits) is found by
    the stamps: the store's revision differs from the one the index was brought up to."""
    store = Store(seeded)
    index = SearchIndex(default_location(store))
    before = index.fingerprints()
    store.update(f"DELETE WHERE {{ GRAPH <{SEED_GRAPH.value}> {{ <{BUDANOV_SENTENCE}> <{NIF}anchorOf> ?t }} }}")  # no index attached
    assert index.revision != store.revision and BUDANOV_SENTENCE in hits(index, "budanov")
    del index
    reopened = open_index(store)
    assert reopened.revision == store.revision
    assert BUDANOV_SENTENCE not in hits(reopened, "budanov")
    after = reopened.fingerprints()
    assert [g for g in before if before[g] != after.get(g)] == [SEED_GRAPH.value]  # only that graph was re-read


def test_a_read_only_store_with_a_stale_index_refuses_to_answer(seeded):
    store = Store(seeded)
    store.update(f"INSERT DATA {{ GRAPH <{BASE}graph/late> {{ {sentence('late', 0, 'Late words.')} }} }}")
    del store
    import gc

    gc.collect()
    reader = Store(seeded, read_only=True)
    client = create_app(reader, query_workers=0).test_client()
    assert client.get("/search?q=late").status_code == 503
    r = client.post("/sparql", data={"query": PREFIX + 'SELECT * { ?s search:sentence "late" }'})
    assert r.status_code == 400 and "kg index" in r.get_data(as_text=True)


def test_kg_index_rebuild_remakes_it_from_the_store(seeded, capsys):
    location = default_location(Store(seeded, read_only=True))
    import shutil

    shutil.rmtree(location)
    assert run_kg("index", "--store", seeded, "--rebuild") == 0
    assert "indexed" in capsys.readouterr().err
    assert run_kg("index", "--store", seeded) == 0
    assert "0 graph(s) re-indexed" in capsys.readouterr().err
    assert BUDANOV_SENTENCE in hits(SearchIndex(location), "budanov")


# --- search clauses in SPARQL -------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_app(tmp_path_factory):
    path = tmp_path_factory.mktemp("search") / "store"
    assert run_kg("ingest", "--store", path, SEEDS, DATA / "samples") == 0
    app = create_app(Store(path), query_workers=0)
    yield app
    app.extensions["newskg.runner"].close()


def sparql(client, query: str, accept="application/sparql-results+json"):
    return client.post("/sparql", data={"query": query}, headers={"Accept": accept})


def test_a_search_clause_joins_with_graph_patterns(corpus_app):
    client = corpus_app.test_client()
    r = sparql(client, PREFIX + 'SELECT ?st WHERE { ?s search:sentence "budanov" . ?st nkg:sentence ?s ; nkg:speaker ?who }')
    rows = r.get_json()["results"]["bindings"]
    assert r.status_code == 200 and len(rows) == 1  # Budanov's one statement, in the seed article
    assert rows[0]["st"]["value"].startswith(BASE + "id/article/000_1ed06db30246a34c/statement/")
    # with the score, and the best n
    r = sparql(client, PREFIX + 'SELECT ?s ?score WHERE { (?s ?score) search:sentence ("pasukan" 2) } ORDER BY DESC(?score)')
    rows = r.get_json()["results"]["bindings"]
    assert len(rows) == 2 and float(rows[0]["score"]["value"]) >= float(rows[1]["score"]["value"])
    assert rows[0]["score"]["datatype"].endswith("#double")
    # statements and names; the full IRI works as well as the prefix
    r = sparql(client, 'SELECT ?e WHERE { ?e <https://w3id.org/newskg/search#entity> "rutte" }')
    assert [row["e"]["value"] for row in r.get_json()["results"]["bindings"]] == [BASE + "id/person/mark-rutte"]
    r = sparql(client, PREFIX + 'SELECT (COUNT(*) AS ?n) WHERE { ?st search:statement "budanov" }')
    assert int(r.get_json()["results"]["bindings"][0]["n"]["value"]) >= 1


def test_the_example_query_runs_through_the_endpoint_and_kg_query(corpus_app, tmp_path, capsys):
    text = (QUERIES / "search-sentences.rq").read_text(encoding="utf-8")
    rows = sparql(corpus_app.test_client(), text).get_json()["results"]["bindings"]
    assert rows and all("pasukan" in r["text"]["value"].lower() or "troops" in r["text"]["value"].lower() for r in rows)


def test_search_clauses_in_strings_and_comments_are_left_alone():
    text = PREFIX + 'SELECT * { ?s ?p "?x search:sentence \\"a\\"" # ?y search:sentence "b"\n}'
    assert find_clauses(text) == []
    assert expand(text, None) == text


@pytest.mark.parametrize("query, message", [
    ('SELECT * { ?s nif:anchorOf ?t ; search:sentence "x" }', "triple pattern of its own"),
    ('SELECT * { ?s search:sentence "x" ; nif:anchorOf ?t }', "triple pattern of its own"),
    ('SELECT * { ?s search:sentence ?words }', "triple pattern of its own"),
    ('SELECT * { ?s search:words "x" }', "unknown search predicate"),
    ('SELECT * { ?s search:sentence "\\"unclosed" }', "cannot read the search"),
])
def test_malformed_search_clauses_are_400_with_a_reason(corpus_app, query, message):
    r = sparql(corpus_app.test_client(), PREFIX + query)
    assert r.status_code == 400 and message in r.get_data(as_text=True)


def test_a_search_with_too_many_hits_asks_for_a_limit(corpus_app):
    index = corpus_app.extensions["newskg.search"]
    with pytest.raises(SearchClauseError, match=r'\("the" 2\)'):
        expand(PREFIX + 'SELECT * { ?s search:sentence "the" }', index, max_hits=2)


# --- /search ------------------------------------------------------------------------------------


def test_search_page_shows_the_expected_hit_first_highlighted(corpus_app):
    client = corpus_app.test_client()
    page = client.get("/search?q=Budanov").get_data(as_text=True)
    first = re.search(r'<li class="hit" data-iri="([^"]+)">(.*?)</li>\n', page, re.S)
    assert first.group(1) == BUDANOV_SENTENCE
    assert "<mark>Budanov</mark>" in first.group(2) and "Kyrylo Budanov" in first.group(2)
    assert 'id="names"' in page  # names: the person


def test_search_filters_and_json(corpus_app):
    client = corpus_app.test_client()
    every = client.get("/search?q=kursk&format=json").get_json()
    assert every["total"] >= 2 and {h["lang"] for h in every["hits"]} >= {"id", "en"}
    english = client.get("/search?q=kursk&lang=en", headers={"Accept": "application/json"}).get_json()
    assert english["hits"] and {h["lang"] for h in english["hits"]} == {"en"}
    troops = client.get("/search?q=kursk&kind=troops&format=json").get_json()
    assert troops["hits"] and all(any(f["kind"]["iri"].endswith("/troops") for st in h["statements"] for f in st["figures"]) for h in troops["hits"])
    rutte = BASE + "id/person/mark-rutte"
    by_rutte = client.get("/search", query_string={"q": "kursk", "speaker": rutte, "format": "json"}).get_json()
    assert by_rutte["hits"] and all(any(st["speaker"]["iri"] == rutte for st in h["statements"]) for h in by_rutte["hits"])
    late = client.get("/search?q=kursk&from=2024-11-01&format=json").get_json()
    assert 0 < late["total"] < every["total"]
    hit = every["hits"][0]
    start, end = hit["highlights"][0]
    assert hit["text"][start:end].lower() == "kursk"
    assert client.get("/search?q=kursk&from=yesterday").status_code == 400


def test_home_page_has_a_search_box():
    page = create_app(Store()).test_client().get("/").get_data(as_text=True)
    assert '<form id="search-box" action="/search" method="get" role="search">' in page


# --- readable results ---------------------------------------------------------------------------


def test_labels_service_answers_in_the_readers_language(corpus_app):
    client = corpus_app.test_client()
    north_korea = BASE + "id/country/north-korea"
    en = client.get("/labels", query_string={"iri": [north_korea, NKG + "Statement"]}).get_json()["labels"]
    assert en[north_korea]["label"] == "North Korea" and en[north_korea]["href"] == "/id/country/north-korea"
    assert en[NKG + "Statement"]["short"] == "nkg:Statement" and en[NKG + "Statement"]["label"]
    indonesian = client.get("/labels", query_string={"iri": north_korea}, headers={"Accept-Language": "id-ID,id;q=0.9"}).get_json()["labels"]
    assert indonesian[north_korea]["label"] == "Korea Utara"


def test_html_results_show_labels_links_and_compact_datatypes(corpus_app):
    page = sparql(corpus_app.test_client(), (QUERIES / "troop-counts.rq").read_text(), accept="text/html").get_data(as_text=True)
    assert "^^" not in page and "XMLSchema#integer" not in page  # 11000, not "11000"^^xsd:integer
    assert '<td class="num">11000</td>' in page
    kind = re.search(r'<a href="[^"]*/kind/troops" title="https://w3id.org/newskg/kind/troops" data-labels="([^"]*)">troops</a>', page)
    assert kind and "pasukan" in kind.group(1)  # the Indonesian reader's label rides along


def test_an_update_that_names_its_graphs_reindexes_only_those(monkeypatch):
    from kg.sparqltext.written import written_graphs

    assert written_graphs(f'INSERT DATA {{ GRAPH <{BASE}graph/a> {{ <{BASE}s> <{BASE}p> "GRAPH ?x" }} }}') == {BASE + "graph/a"}
    assert written_graphs("PREFIX g: <https://e.org/> DROP GRAPH g:one ; CLEAR DEFAULT") == {"https://e.org/one"}
    for unbounded in ("DELETE WHERE { GRAPH ?g { ?s ?p ?o } }", "WITH <https://e.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
                      "DROP ALL", "ADD <https://e.org/a> TO <https://e.org/b>", "DROP GRAPH <relative>"):
        assert written_graphs(unbounded) is None, unbounded
    store = Store()
    index = open_index(store)
    full = []
    monkeypatch.setattr(index, "reconcile", lambda s: full.append(s))
    store.update(f"INSERT DATA {{ GRAPH <{BASE}graph/n1> {{ {sentence('n1', 0, 'Radar station hit.')} }} }}")
    assert full == [] and hits(index, "radar")
    store.update(f"DELETE WHERE {{ GRAPH ?g {{ ?s <{NIF}anchorOf> ?t }} }}")
    assert full == [store]


def test_kg_query_answers_search_clauses_from_the_index(seeded, capsys):
    capsys.readouterr()
    assert run_kg("query", "--store", seeded, QUERIES / "search-sentences.rq", "--format", "json") == 0
    rows = json.loads(capsys.readouterr().out)["results"]["bindings"]
    assert rows and any("Mark Rutte" == r["speakerName"]["value"] for r in rows)


def test_void_and_shapes_are_pages_for_browsers_and_rdf_for_others(corpus_app):
    client = corpus_app.test_client()
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    void = client.get("/.well-known/void", headers={"Accept": browser})
    assert void.mimetype == "text/html" and 'id="void-classes"' in void.get_data(as_text=True)
    assert "Accept" in void.headers["Vary"]
    assert client.get("/.well-known/void", headers={"Accept": "*/*"}).mimetype == "text/turtle"
    shapes = client.get("/shapes", headers={"Accept": browser})
    assert shapes.mimetype == "text/html" and 'id="StatementShape"' in shapes.get_data(as_text=True)
    assert client.get("/shapes.html").mimetype == "text/html"
    assert client.get("/shapes", headers={"Accept": "*/*"}).mimetype == "text/turtle"


def test_a_graph_page_leads_with_its_statements_and_folds_the_mentions(corpus_app):
    page = corpus_app.test_client().get("/graph/000_1ed06db30246a34c", headers={"Accept": "text/html"}).get_data(as_text=True)
    statements, mentions, triples = page.index("<h2>Statements (12)</h2>"), page.index('<details class="folded" id="mentions">'), page.index('id="triples"')
    assert statements < mentions < triples
