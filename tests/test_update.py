"""``/update``: the SPARQL 1.1 Protocol update operation, through Flask's test client."""

from __future__ import annotations

import io
import json

import pyoxigraph as ox
import pytest
from werkzeug.datastructures import MultiDict

from kg.stores.local import Store
from kg.web import create_app
from kg.sparqltext.querytext import add_using, names_update_dataset
from kg.web.update import MAX_UPDATE_BYTES

EX = "https://example.org/"
G1 = ox.NamedNode(EX + "graph/a1")
G2 = ox.NamedNode(EX + "graph/a2")
A1 = ox.NamedNode(EX + "id/article/a1")
A2 = ox.NamedNode(EX + "id/article/a2")
P = ox.NamedNode(EX + "p")
TAG = ox.NamedNode(EX + "tag")
NEW = ox.NamedNode(EX + "graph/new")

TOKEN = "s3cret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
UPDATE = "application/sparql-update"
INSERT_ONE = f'INSERT DATA {{ GRAPH {NEW} {{ {A1} {P} "x" }} }}'
# Tag, in the new graph, every subject with a P the WHERE clause can see, and note which graph.
TAG_VISIBLE = (
    f"INSERT {{ GRAPH {NEW} {{ ?s {TAG} ?where }} }} "
    f'WHERE {{ {{ ?s {P} ?o BIND("default" AS ?where) }} UNION {{ GRAPH ?g {{ ?s {P} ?o }} BIND(?g AS ?where) }} }}'
)


@pytest.fixture
def store() -> Store:
    store = Store()
    store.replace_graph(G1, [ox.Quad(A1, P, ox.Literal("one"), G1)])
    store.replace_graph(G2, [ox.Quad(A2, P, ox.Literal("two"), G2)])
    return store


@pytest.fixture
def client(store):
    return create_app(store, update_token=TOKEN).test_client()


def post(client, update, **using):
    """A form POST of ``update`` with the token; ``using`` maps parameter names to lists."""
    data = [("update", update)] + [(k.replace("_", "-"), v) for k, vs in using.items() for v in vs]
    return client.post("/update", data=MultiDict(data), headers=AUTH)


def direct(client, update: str | bytes, content_type=UPDATE, headers=AUTH, **kwargs):
    body = update.encode("utf-8") if isinstance(update, str) else update
    return client.post("/update", data=body, content_type=content_type, headers=headers, **kwargs)


def quads(store, graph=None) -> set[ox.Quad]:
    return set(store.quads(graph))


def tags(store) -> set[tuple[str, str]]:
    """(subject, where it was seen) for each tag TAG_VISIBLE wrote."""
    return {(q.subject.value, q.object.value) for q in store.quads(NEW) if q.predicate == TAG}


def oxigraph_update_message(update: str) -> str:
    with pytest.raises(SyntaxError) as info:
        ox.Store().update(update)
    return str(info.value)


def assert_plain(response, status):
    assert response.status_code == status, response.data
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"


# --- authorisation --------------------------------------------------------------------------


def test_without_a_configured_token_the_endpoint_is_read_only(store):
    client = create_app(store).test_client()
    before = quads(store)
    for headers in ({}, AUTH, {"Authorization": "Bearer "}):
        r = client.post("/update", data={"update": INSERT_ONE}, headers=headers)
        assert_plain(r, 403)
        assert "read-only" in r.get_data(as_text=True)
    assert quads(store) == before


def test_missing_or_wrong_token_is_401_with_a_challenge(client, store):
    before, revision = quads(store), store.revision
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}):
        r = client.post("/update", data={"update": INSERT_ONE}, headers=headers)
        assert_plain(r, 401)
        assert r.headers["WWW-Authenticate"].startswith("Bearer")
    r = direct(client, INSERT_ONE, headers={"Authorization": "Bearer s3cre"})
    assert r.status_code == 401 and "invalid_token" in r.headers["WWW-Authenticate"]
    assert quads(store) == before and store.revision == revision


def test_the_right_token_writes_and_answers_204(client, store):
    revision = store.revision
    r = client.post("/update", data={"update": INSERT_ONE}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 204 and r.data == b""
    assert quads(store, NEW) == {ox.Quad(A1, P, ox.Literal("x"), NEW)}
    assert store.revision != revision


def test_authorisation_comes_before_reading_the_request(client):
    assert client.post("/update", data=b"CLEAR ALL", content_type="text/plain").status_code == 401
    assert client.post("/update", data={"update": "CLEAR XYZ"}).status_code == 401


# --- request forms --------------------------------------------------------------------------


def test_post_form(client, store):
    r = client.post(
        "/update",
        data=f"update={INSERT_ONE}".replace("+", "%2B").encode(),
        content_type="application/x-www-form-urlencoded; charset=UTF-8",
        headers=AUTH,
    )
    assert r.status_code == 204
    assert quads(store, NEW) == {ox.Quad(A1, P, ox.Literal("x"), NEW)}


def test_post_direct_utf8(client, store):
    label = ox.Literal("Анна Иванова", language="ru")
    r = direct(client, f"INSERT DATA {{ GRAPH {NEW} {{ {A1} {P} {label} }} }}", content_type=UPDATE + "; charset=utf-8")
    assert r.status_code == 204
    assert quads(store, NEW) == {ox.Quad(A1, P, label, NEW)}


def test_several_operations_run_in_order(client, store):
    r = post(client, f"CLEAR GRAPH {G1} ;\n{INSERT_ONE} ;\nMOVE {G2} TO {G1}")
    assert r.status_code == 204
    assert quads(store, G1) == {ox.Quad(A2, P, ox.Literal("two"), G1)}
    assert not store.has_graph(G2)


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH"])
def test_other_methods_are_405_with_allow_post(client, store, method):
    before = quads(store)
    r = client.open("/update", method=method, query_string={"update": "CLEAR ALL"}, headers=AUTH)
    assert r.status_code == 405
    allowed = {m.strip() for m in r.headers["Allow"].split(",")}
    assert "POST" in allowed and method not in allowed and "GET" not in allowed
    assert quads(store) == before


@pytest.mark.parametrize("content_type", ["text/plain", "application/sparql-query", "application/json", None])
def test_other_content_types_are_415(client, store, content_type):
    before = quads(store)
    r = client.post("/update", data=b"CLEAR ALL", content_type=content_type, headers=AUTH)
    assert_plain(r, 415)
    assert UPDATE in r.get_data(as_text=True)
    assert quads(store) == before


@pytest.mark.parametrize("content_type", [UPDATE, "application/x-www-form-urlencoded"])
def test_a_charset_other_than_utf8_is_415(client, store, content_type):
    before = quads(store)
    body = "CLEAR ALL" if content_type == UPDATE else "update=CLEAR+ALL"
    for charset in ("UTF-16", "latin-1"):
        r = client.post("/update", data=body.encode("utf-16" if charset == "UTF-16" else "latin-1"),
                        content_type=f"{content_type}; charset={charset}", headers=AUTH)
        assert_plain(r, 415)
    assert quads(store) == before


def test_a_body_that_is_not_utf8_is_400(client, store):
    before = quads(store)
    r = direct(client, f'INSERT DATA {{ {A1} {P} "caf\xe9" }}'.encode("latin-1"))
    assert_plain(r, 400)
    assert "UTF-8" in r.get_data(as_text=True)
    r = client.post("/update", data=b"update=INSERT%20DATA%20%7B%7D%FF",
                    content_type="application/x-www-form-urlencoded", headers=AUTH)
    assert_plain(r, 400)
    assert quads(store) == before


def test_missing_blank_or_repeated_update_is_400(client, store):
    before = quads(store)
    assert_plain(client.post("/update", data={"other": "x"}, headers=AUTH), 400)
    assert_plain(post(client, "   "), 400)
    assert_plain(direct(client, ""), 400)
    r = client.post("/update", data=MultiDict([("update", "CLEAR NAMED"), ("update", "CLEAR DEFAULT")]), headers=AUTH)
    assert_plain(r, 400)
    assert "repeated" in r.get_data(as_text=True)
    r = client.post("/update", data={"update": "CLEAR ALL"}, query_string={"update": "CLEAR ALL"}, headers=AUTH)
    assert_plain(r, 400)
    r = direct(client, "CLEAR ALL", query_string={"update": "CLEAR ALL"})
    assert_plain(r, 400)
    assert "body" in r.get_data(as_text=True)
    assert quads(store) == before


@pytest.mark.parametrize(
    "query",
    ["SELECT * WHERE { ?s ?p ?o }", "PREFIX ex: <http://ex/>\nASK {}", "construct {} where {}", "DESCRIBE <http://ex/>"],
)
def test_a_query_is_400_pointing_to_sparql(client, query):
    r = direct(client, query)
    assert_plain(r, 400)
    assert "/sparql" in r.get_data(as_text=True)
    r = client.post("/update", data={"query": query}, headers=AUTH)
    assert_plain(r, 400)
    assert "/sparql" in r.get_data(as_text=True)


def test_malformed_update_is_400_with_the_parser_message(client, store):
    revision, before = store.revision, quads(store)
    bad = f"{INSERT_ONE} ; CLEAR XYZ"
    r = post(client, bad)
    assert_plain(r, 400)
    assert r.get_data(as_text=True) == f"Malformed update: {oxigraph_update_message(bad)}\n"
    assert quads(store) == before and store.revision == revision


def test_failure_while_running_is_500_and_writes_nothing(client, store):
    revision, before = store.revision, quads(store)
    r = post(client, f"{INSERT_ONE} ; CREATE GRAPH {G1}")  # G1 exists: CREATE without SILENT fails
    assert_plain(r, 500)
    assert "already exists" in r.get_data(as_text=True)
    r = post(client, f"{INSERT_ONE} ; DROP GRAPH <{EX}graph/none>")
    assert_plain(r, 500)
    assert quads(store) == before and store.revision == revision  # the INSERT DATA was rolled back
    assert post(client, f"{INSERT_ONE} ; CREATE SILENT GRAPH {G1}").status_code == 204


def test_over_one_mib_is_413(client, store):
    before = quads(store)
    big = f'INSERT DATA {{ GRAPH {NEW} {{ {A1} {P} "{"x" * MAX_UPDATE_BYTES}" }} }}'
    r = direct(client, big)
    assert_plain(r, 413)
    r = client.post("/update", data={"update": big}, headers=AUTH)
    assert_plain(r, 413)
    # a chunked request declares no length: the limit is enforced on what arrives
    r = client.post("/update", input_stream=io.BytesIO(big.encode()), content_type=UPDATE, headers=AUTH,
                    environ_overrides={"wsgi.input_terminated": True})
    assert_plain(r, 413)
    assert quads(store) == before
    small = f'INSERT DATA {{ GRAPH {NEW} {{ {A1} {P} "{"x" * (MAX_UPDATE_BYTES - 200)}" }} }}'
    assert direct(client, small).status_code == 204


def test_chunked_request_within_the_limit(client, store):
    r = client.post("/update", input_stream=io.BytesIO(INSERT_ONE.encode()), content_type=UPDATE, headers=AUTH,
                    environ_overrides={"wsgi.input_terminated": True})
    assert r.status_code == 204
    assert len(quads(store, NEW)) == 1


# --- the dataset ----------------------------------------------------------------------------


def test_without_using_the_where_clause_sees_the_stores_default_graph_only(client, store):
    """SPARQL Update semantics, unlike /sparql's union default graph (documented in update.py)."""
    assert post(client, TAG_VISIBLE).status_code == 204
    assert tags(store) == {(A1.value, G1.value), (A2.value, G2.value)}  # nothing via "default"


def test_using_graph_uri_sets_the_default_graph_of_the_where_clause(client, store):
    assert post(client, TAG_VISIBLE, using_graph_uri=[G1.value]).status_code == 204
    assert tags(store) == {(A1.value, "default")}  # and no named graphs at all


def test_several_using_graph_uris_are_merged(client, store):
    r = direct(client, TAG_VISIBLE, query_string=[("using-graph-uri", G1.value), ("using-graph-uri", G2.value)])
    assert r.status_code == 204
    assert tags(store) == {(A1.value, "default"), (A2.value, "default")}


def test_using_named_graph_uri_alone_leaves_an_empty_default_graph(client, store):
    assert post(client, TAG_VISIBLE, using_named_graph_uri=[G2.value]).status_code == 204
    assert tags(store) == {(A2.value, G2.value)}


def test_using_graph_uri_and_using_named_graph_uri_together(client, store):
    r = direct(client, TAG_VISIBLE, query_string={"using-graph-uri": G2.value, "using-named-graph-uri": G1.value})
    assert r.status_code == 204
    assert tags(store) == {(A2.value, "default"), (A1.value, G1.value)}


def test_using_applies_to_every_modify_operation_and_leaves_the_rest_alone(client, store):
    update = "\n".join([
        f"PREFIX ex: <{EX}> # a comment with WHERE {{ in it",
        f'INSERT DATA {{ GRAPH {NEW} {{ ex:note ex:says "WHERE ; {{" }} }} ;',
        f"DELETE {{ GRAPH ?g {{ ?s {P} ?o }} }} INSERT {{ GRAPH {NEW} {{ ?s {TAG} \"moved\" }} }}",
        f"WHERE {{ GRAPH ?g {{ ?s {P} ?o }} }} ;",
        f"DELETE WHERE {{ GRAPH {NEW} {{ ex:note ?p ?o }} }} ;",
        TAG_VISIBLE,
    ])
    assert post(client, update, using_named_graph_uri=[G1.value]).status_code == 204
    # only G1 was visible to the first DELETE/INSERT, so only A1 moved
    assert quads(store, G1) == set() and quads(store, G2) == {ox.Quad(A2, P, ox.Literal("two"), G2)}
    # INSERT DATA's note was removed again by DELETE WHERE (which has no USING in the grammar and
    # so still sees the graph it names), and the last INSERT saw the now empty G1 only
    assert quads(store, NEW) == {ox.Quad(A1, TAG, ox.Literal("moved"), NEW)}


@pytest.mark.parametrize(
    "update",
    [
        f"WITH {G1} INSERT {{ ?s {TAG} 1 }} WHERE {{ ?s ?p ?o }}",
        f"INSERT {{ GRAPH {NEW} {{ ?s {TAG} 1 }} }} USING {G1} WHERE {{ ?s ?p ?o }}",
        f"insert {{ GRAPH {NEW} {{ ?s {TAG} 1 }} }} using named {G1} where {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    ],
)
def test_using_parameters_and_using_or_with_in_the_update_is_400(client, store, update):
    before = quads(store)
    assert post(client, update).status_code == 204  # fine on its own
    after = quads(store)
    assert after != before
    for params in ({"using_graph_uri": [G2.value]}, {"using_named_graph_uri": [G2.value]}):
        r = post(client, update, **params)
        assert_plain(r, 400)
        assert "USING" in r.get_data(as_text=True)
    assert quads(store) == after


def test_the_word_using_in_a_string_or_iri_is_no_conflict(client, store):
    update = f'INSERT {{ GRAPH {NEW} {{ ?s <{EX}USING> "WITH USING" }} }} WHERE {{ ?s {P} ?o }}'
    assert post(client, update, using_graph_uri=[G1.value]).status_code == 204
    assert {q.subject for q in store.quads(NEW)} == {A1}


def test_invalid_using_graph_uri_is_400(client, store):
    before = quads(store)
    for name in ("using-graph-uri", "using-named-graph-uri"):
        for value in ("not an iri", "relative/graph", "http://x>y"):
            r = client.post("/update", data={"update": TAG_VISIBLE, name: value}, headers=AUTH)
            assert_plain(r, 400)
            assert name in r.get_data(as_text=True)
    assert quads(store) == before


def test_relative_iris_resolve_against_the_endpoint(client, store):
    assert post(client, f"INSERT DATA {{ GRAPH {NEW} {{ <s> <p> <o> }} }}").status_code == 204
    assert quads(store, NEW) == {
        ox.Quad(*(ox.NamedNode(f"http://localhost/{name}") for name in "spo"), NEW)
    }
    assert post(client, f"BASE <{EX}> INSERT DATA {{ GRAPH {NEW} {{ <b> <p> <o> }} }}").status_code == 204
    assert ox.NamedNode(EX + "b") in {q.subject for q in store.quads(NEW)}


# --- fetching other servers -----------------------------------------------------------------


@pytest.mark.parametrize(
    "update",
    [
        "LOAD <http://169.254.169.254/latest/meta-data/>",
        "LOAD SILENT <https://example.org/data.ttl> INTO GRAPH <https://example.org/g>",
        (f"INSERT {{ GRAPH {NEW} {{ ?s ?p ?o }} }} "
         "WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }"),
    ],
)
def test_load_and_service_are_refused_by_default(client, store, update):
    before = quads(store)
    r = post(client, update)
    assert_plain(r, 403)
    assert quads(store) == before


def test_load_follows_the_service_allow_list(store):
    app = create_app(store, update_token=TOKEN, service_hosts=["127.0.0.1"])
    client = app.test_client()
    r = post(client, "LOAD <http://10.0.0.1/data.ttl>")
    assert_plain(r, 403)
    assert "127.0.0.1" in r.get_data(as_text=True)
    assert_plain(post(client, "PREFIX x: <http://127.0.0.1/> LOAD x:data"), 403)  # only full IRIs
    # allowed: Oxigraph tries it (and refuses port 9 without any traffic), so the update fails: 500
    r = post(client, "LOAD <http://127.0.0.1:9/data.ttl>")
    assert_plain(r, 500)
    assert "port 9" in r.get_data(as_text=True)


# --- after an update --------------------------------------------------------------------------


def test_queries_see_the_update_at_once(client, store):
    query = {"query": f"SELECT ?o WHERE {{ {A1} {P} ?o }} ORDER BY ?o"}
    first = client.get("/sparql", query_string=query, headers={"Accept": "application/sparql-results+json"})
    assert [b["o"]["value"] for b in json.loads(first.data)["results"]["bindings"]] == ["one"]
    assert post(client, INSERT_ONE).status_code == 204
    second = client.get("/sparql", query_string=query, headers={"Accept": "application/sparql-results+json"})
    assert [b["o"]["value"] for b in json.loads(second.data)["results"]["bindings"]] == ["one", "x"]
    if "ETag" in first.headers:
        assert second.headers.get("ETag") != first.headers["ETag"]
        again = client.get("/sparql", query_string=query, headers={"If-None-Match": first.headers["ETag"],
                                                                    "Accept": "application/sparql-results+json"})
        assert again.status_code == 200


# --- the text rewriting -----------------------------------------------------------------------


def test_add_using_inserts_before_each_modify_where():
    update = (
        "PREFIX where: <http://w/> BASE <http://b/>\n"
        "INSERT DATA { <a> <b> \"WHERE\" } ;\n"
        "DELETE WHERE { ?s ?p ?o } ;\n"
        "delete { ?s where:p ?o ; where:q ?x } insert { ?s <WHERE> [ where:r ?o ] } # WHERE\n"
        "where { ?s where:p ?o { SELECT ?x WHERE { ?x ?y ?z } } } ;\n"
        "INSERT { ?s where:x 1 } WHERE { ?s ?p ?o } ; CLEAR ALL ; LOAD <http://x/where>"
    )
    out = add_using(update, ["<http://d1>", "<http://d2>"], ["<http://n>"])
    clause = "USING <http://d1> USING <http://d2> USING NAMED <http://n> "
    assert out == update.replace("where { ?s where:p", clause + "where { ?s where:p").replace(
        "WHERE { ?s ?p ?o } ; CLEAR", clause + "WHERE { ?s ?p ?o } ; CLEAR"
    )
    assert out.count("USING NAMED") == 2
    assert add_using(update, [], []) == update
    ox.Store().update(out.removesuffix(" ; LOAD <http://x/where>"))  # still a valid update (minus the fetch)
    # a prologue after ';' is valid SPARQL (Oxigraph 0.5 rejects it, but the rewriting handles it)
    again = add_using("CLEAR ALL ; PREFIX ex: <http://ex/> BASE <http://b/> INSERT { ?s ex:x 1 } WHERE { ?s ?p ?o }",
                      ["<http://d>"], [])
    assert again.endswith("INSERT { ?s ex:x 1 } USING <http://d> WHERE { ?s ?p ?o }")


def test_names_update_dataset():
    assert names_update_dataset("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert names_update_dataset("DELETE { ?s ?p ?o } using named <http://g> WHERE { ?s ?p ?o }")
    assert not names_update_dataset('INSERT { ?s <http://x/with> "USING" } WHERE { ?s ?with ?o } # WITH')
