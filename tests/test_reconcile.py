"""The reconciliation service (``/reconcile``), driven the way OpenRefine drives it.

OpenRefine fetches the manifest with a GET (older versions by JSONP), then POSTs batches as a
form field ``queries`` holding a JSON object ``{"q0": {...}, "q1": {...}}``, each query with
``query``, ``type`` and ``type_strict: "should"`` and, for extra columns, ``properties`` whose
``v`` is the cell's text or, for a reconciled cell, ``{"id": ..., "name": ...}``.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from kg.namespaces import ONTOLOGY, ORG, OWL, RDF, RDFS, SKOS, WIKIDATA
from kg.stores.local import Store
from kg.web import create_app
from kg.web.reconcile import label_score, normalise

pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")

BASE = "https://w3id.org/newskg/"
G1 = ox.NamedNode(BASE + "graph/a1")
G2 = ox.NamedNode(BASE + "graph/a2")

PERSON = ONTOLOGY + "Person"
ORGANIZATION = ONTOLOGY + "Organization"
UNIT = ONTOLOGY + "MilitaryUnit"
COUNTRY = ONTOLOGY + "Country"
LOCATION = ONTOLOGY + "Location"
TYPES = [PERSON, ORGANIZATION, UNIT, COUNTRY, LOCATION]

ZELENSKYY = BASE + "id/person/volodymyr-zelenskyy"
ERDOGAN = BASE + "id/person/recep-tayyip-erdogan"
KOVALENKO_1 = BASE + "id/person/oleksandr-kovalenko"
KOVALENKO_2 = BASE + "id/person/oleksandr-kovalenko-2"
KURSK = BASE + "id/location/kursk-oblast"
NATO = BASE + "id/organization/nato"
RESISTANCE = BASE + "id/organization/national-resistance-center"  # unlinked, in both graphs
UKRAINE = BASE + "id/country/ukraine"
AFU = BASE + "id/unit/armed-forces-of-ukraine"
POST = BASE + "id/post/organization/defence-intelligence-of-ukraine/head"  # not an entity


def entity(iri, type_, pref, labels=(), alt=(), qid=None):
    """The triples describing an entity, as kg/graph.py writes them."""
    s = ox.NamedNode(iri)
    triples = [
        ox.Triple(s, ox.NamedNode(RDF + "type"), ox.NamedNode(type_)),
        ox.Triple(s, ox.NamedNode(SKOS + "prefLabel"), ox.Literal(pref, language="en")),
        ox.Triple(s, ox.NamedNode(RDFS + "label"), ox.Literal(pref, language="en")),
    ]
    triples += [ox.Triple(s, ox.NamedNode(RDFS + "label"), ox.Literal(text, language=lang)) for text, lang in labels]
    triples += [ox.Triple(s, ox.NamedNode(SKOS + "altLabel"), ox.Literal(text, language="en")) for text in alt]
    if qid:
        triples.append(ox.Triple(s, ox.NamedNode(OWL + "sameAs"), ox.NamedNode(WIKIDATA + qid)))
    return triples


GRAPH_1 = [
    *entity(ZELENSKYY, PERSON, "Volodymyr Zelenskyy", alt=["Zelensky"], qid="Q3874799"),
    *entity(KURSK, LOCATION, "Kursk Oblast", labels=[("Oblast Kursk", "id")], qid="Q3178"),
    *entity(NATO, ORGANIZATION, "NATO", alt=["North Atlantic Treaty Organization"], qid="Q7184"),
    *entity(RESISTANCE, ORGANIZATION, "National Resistance Center", alt=["Resistance Center"]),
    *entity(ERDOGAN, PERSON, "Recep Tayyip Erdoğan", alt=["Erdoğan"], qid="Q39723"),
]
GRAPH_2 = [
    *entity(ZELENSKYY, PERSON, "Volodymyr Zelenskyy", labels=[("Volodymyr Zelenskyy", "id")], qid="Q3874799"),
    *entity(RESISTANCE, ORGANIZATION, "National Resistance Center", labels=[("Pusat Perlawanan Nasional", "id")]),
    *entity(UKRAINE, COUNTRY, "Ukraine", labels=[("Ukraina", "id")], qid="Q212"),
    *entity(AFU, UNIT, "Armed Forces of Ukraine", labels=[("Angkatan Bersenjata Ukraina", "id")], qid="Q1069186"),
    *entity(KOVALENKO_1, PERSON, "Oleksandr Kovalenko"),
    *entity(KOVALENKO_2, PERSON, "Oleksandr Kovalenko"),
    ox.Triple(ox.NamedNode(POST), ox.NamedNode(RDF + "type"), ox.NamedNode(ORG + "Post")),
    ox.Triple(ox.NamedNode(POST), ox.NamedNode(RDFS + "label"), ox.Literal("Head of Defence Intelligence of Ukraine", language="en")),
]


@pytest.fixture
def client(monkeypatch):
    monkeypatch.delenv("KG_BASE", raising=False)
    store = Store()
    for graph, triples in ((G1, GRAPH_1), (G2, GRAPH_2)):
        store.replace_graph(graph, [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples])
    return create_app(store).test_client()


def batch(client, queries: dict, method: str = "post") -> dict:
    """Send ``queries`` as OpenRefine does (form-encoded ``queries=``) and return the answer."""
    if method == "post":
        response = client.post("/reconcile", data={"queries": json.dumps(queries)})
    else:
        response = client.get("/reconcile", query_string={"queries": json.dumps(queries)})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    answer = response.get_json()
    assert set(answer) == set(queries)
    return answer


def one(client, query: dict) -> list[dict]:
    return batch(client, {"q0": query})["q0"]["result"]


# --- manifest -------------------------------------------------------------------------------

MANIFEST = {
    "versions": ["0.2"],
    "name": "newskg entities",
    "identifierSpace": BASE,
    "schemaSpace": ONTOLOGY,
    "defaultTypes": [
        {"id": PERSON, "name": "Person"},
        {"id": ORGANIZATION, "name": "Organization"},
        {"id": UNIT, "name": "Military unit"},
        {"id": COUNTRY, "name": "Country"},
        {"id": LOCATION, "name": "Location"},
    ],
    "view": {"url": "{{id}}"},
}


def test_manifest(client):
    response = client.get("/reconcile", headers={"Origin": "https://refine.example"})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_json() == MANIFEST  # no preview, suggest or extend: not offered
    assert response.headers["Access-Control-Allow-Origin"] == "*"  # the read origins, by default any


def test_manifest_jsonp(client):
    response = client.get("/reconcile?callback=jQuery3410_1700000000000")
    assert response.status_code == 200
    assert response.mimetype == "application/javascript"
    body = response.get_data(as_text=True)
    assert body.startswith("jQuery3410_1700000000000(") and body.endswith(");")
    assert json.loads(body[len("jQuery3410_1700000000000(") : -2]) == MANIFEST


def test_jsonp_callback_must_be_an_identifier(client):
    response = client.get("/reconcile", query_string={"callback": "alert(document.cookie)//"})
    assert response.status_code == 400
    assert "callback" in response.get_json()["error"]


def test_manifest_identifier_space_follows_kg_base(client, monkeypatch):
    monkeypatch.setenv("KG_BASE", "https://example.org/kg")
    assert client.get("/reconcile").get_json()["identifierSpace"] == "https://example.org/kg/"


# --- batches --------------------------------------------------------------------------------


def test_openrefine_batch(client):
    answer = batch(
        client,
        {
            "q0": {"query": "Zelensky", "type": PERSON, "type_strict": "should"},
            "q1": {"query": "Oblast Kursk", "type": LOCATION, "type_strict": "should"},
            "q2": {"query": "nato"},
            "q3": {"query": "Kursk"},
            "q4": {"query": "Nobody Atall"},
        },
    )
    top = answer["q0"]["result"][0]
    assert top == {
        "id": ZELENSKYY,
        "name": "Volodymyr Zelenskyy",
        "type": [{"id": PERSON, "name": "Person"}],
        "score": 100.0,
        "match": True,
        "description": "Wikidata Q3874799",
    }
    assert len(answer["q0"]["result"]) == 1  # in two graphs, returned once

    # the Indonesian rdfs:label matches exactly
    assert [(r["id"], r["score"], r["match"]) for r in answer["q1"]["result"]] == [(KURSK, 100.0, True)]
    assert [(r["id"], r["name"], r["score"], r["match"]) for r in answer["q2"]["result"]] == [(NATO, "NATO", 100.0, True)]

    # one word of two: Dice 2/3, never a match
    assert [(r["id"], r["score"], r["match"]) for r in answer["q3"]["result"]] == [(KURSK, 66.0, False)]
    assert answer["q4"]["result"] == []


def test_batch_by_get(client):
    answer = batch(client, {"q0": {"query": "NATO"}}, method="get")
    assert answer["q0"]["result"][0]["id"] == NATO


def test_fuzzy_spelling_scores_below_exact(client):
    results = one(client, {"query": "Zelenskiy"})
    assert [r["id"] for r in results] == [ZELENSKYY]
    # best label: altLabel "Zelensky", difflib ratio 16/17 for the single word
    assert results[0]["score"] == pytest.approx(93.2)
    assert results[0]["match"] is False
    assert label_score("Zelenskiy", "Zelensky") == pytest.approx(93.2)


def test_word_order_and_spacing(client):
    assert label_score("Center National Resistance", "National Resistance Center") == 99.0
    assert label_score("Kursk Oblast", "KurskOblast") == 99.0
    results = one(client, {"query": "Resistance Center National"})
    assert [(r["id"], r["score"], r["match"]) for r in results] == [(RESISTANCE, 99.0, False)]


# --- types ----------------------------------------------------------------------------------


def test_type_restricts_candidates(client):
    assert [r["id"] for r in one(client, {"query": "Ukraine"})] == [UKRAINE, AFU]  # not the post
    assert [r["id"] for r in one(client, {"query": "Ukraine", "type": COUNTRY})] == [UKRAINE]
    # Organization includes MilitaryUnit (rdfs:subClassOf in the ontology)
    organisations = one(client, {"query": "Ukraine", "type": ORGANIZATION})
    assert [(r["id"], r["type"]) for r in organisations] == [(AFU, [{"id": UNIT, "name": "Military unit"}])]
    # Location includes Country
    assert [r["id"] for r in one(client, {"query": "Ukraina", "type": LOCATION})] == [UKRAINE]
    assert one(client, {"query": "Ukraine", "type": PERSON}) == []


def test_type_ids_short_forms_and_lists(client):
    for type_id in ("Country", "nkg:Country", "country", [PERSON, COUNTRY]):
        assert [r["id"] for r in one(client, {"query": "Ukraina", "type": type_id})] == [UKRAINE], type_id
    assert one(client, {"query": "Ukraina", "type": "http://www.wikidata.org/entity/Q6256"}) == []


# --- the wikidata property ------------------------------------------------------------------


@pytest.mark.parametrize(
    "prop",
    [
        {"pid": "wikidata", "v": "Q3874799"},
        {"pid": "owl:sameAs", "v": "http://www.wikidata.org/entity/Q3874799"},
        {"pid": OWL + "sameAs", "v": "https://www.wikidata.org/wiki/Q3874799"},
        {"pid": "wikidata", "v": {"id": "Q3874799", "name": "Volodymyr Zelenskyy"}},  # a reconciled cell
        {"pid": "wikidata", "v": ["Q1", "wd:Q3874799"]},
    ],
)
def test_wikidata_property_scores_100(client, prop):
    # "Volodymyr" alone would score 66; the QID makes it certain
    results = one(client, {"query": "Volodymyr", "type": PERSON, "type_strict": "should", "properties": [prop]})
    assert [(r["id"], r["score"], r["match"]) for r in results] == [(ZELENSKYY, 100.0, True)]


def test_wikidata_property_alone_and_conflicting(client):
    results = one(client, {"query": "", "properties": [{"pid": "wikidata", "v": "Q7184"}]})
    assert [(r["id"], r["score"], r["match"]) for r in results] == [(NATO, 100.0, True)]
    # the name matches but the entity is linked to another item: halved, no match
    results = one(client, {"query": "NATO", "properties": [{"pid": "wikidata", "v": "Q458"}]})
    assert [(r["id"], r["score"], r["match"]) for r in results] == [(NATO, 50.0, False)]
    # other properties are ignored
    results = one(client, {"query": "NATO", "properties": [{"pid": "P17", "v": "Belgium"}]})
    assert [(r["id"], r["score"]) for r in results] == [(NATO, 100.0)]


# --- normalisation --------------------------------------------------------------------------


def test_diacritics_and_case_are_folded(client):
    assert normalise("  Erdoğan’s   Ukraine-Russia ") == "erdogans ukraine russia"
    # a plain query finds a label with diacritics ...
    results = one(client, {"query": "ERDOGAN"})
    assert [(r["id"], r["name"], r["score"], r["match"]) for r in results] == [
        (ERDOGAN, "Recep Tayyip Erdoğan", 100.0, True)
    ]
    assert one(client, {"query": "recep tayyip erdogan"})[0]["score"] == 100.0
    # ... and a query with diacritics finds a plain label
    results = one(client, {"query": "ZELENSKÝ"})
    assert [(r["id"], r["score"], r["match"]) for r in results] == [(ZELENSKYY, 100.0, True)]


# --- limit, ties, deduplication ---------------------------------------------------------------


def test_limit(client):
    assert len(one(client, {"query": "Ukraine"})) == 2
    assert [r["id"] for r in one(client, {"query": "Ukraine", "limit": 1})] == [UKRAINE]
    assert [r["id"] for r in one(client, {"query": "Ukraine", "limit": "1"})] == [UKRAINE]


def test_a_tie_is_never_a_match_even_when_cut_by_limit(client):
    results = one(client, {"query": "Oleksandr Kovalenko"})
    assert sorted((r["id"], r["score"], r["match"]) for r in results) == [
        (KOVALENKO_1, 100.0, False),
        (KOVALENKO_2, 100.0, False),
    ]
    results = one(client, {"query": "Oleksandr Kovalenko", "limit": 1})
    assert len(results) == 1 and results[0]["score"] == 100.0 and results[0]["match"] is False


def test_entity_in_two_graphs_is_returned_once_with_labels_of_both(client):
    results = one(client, {"query": "National Resistance Center"})
    assert [(r["id"], r["score"], r["match"]) for r in results] == [(RESISTANCE, 100.0, True)]
    assert results[0]["name"] == "National Resistance Center"
    assert "description" not in results[0]  # unlinked
    # the Indonesian label is only in the second graph, the altLabel only in the first
    assert [(r["id"], r["score"]) for r in one(client, {"query": "Pusat Perlawanan Nasional"})] == [(RESISTANCE, 100.0)]
    assert [(r["id"], r["score"]) for r in one(client, {"query": "resistance center"})] == [(RESISTANCE, 100.0)]
    # the label shared by both graphs finds it in both, still once
    assert [r["id"] for r in one(client, {"query": "Resistance"})] == [RESISTANCE]


# --- single queries, as older clients send them -------------------------------------------


def test_single_query_bare_string(client):
    response = client.get("/reconcile", query_string={"query": "Zelensky"})
    assert response.status_code == 200
    answer = response.get_json()
    assert set(answer) == {"result"}
    assert [(r["id"], r["score"], r["match"]) for r in answer["result"]] == [(ZELENSKYY, 100.0, True)]


def test_single_query_json_object_with_jsonp(client):
    response = client.get(
        "/reconcile",
        query_string={"query": json.dumps({"query": "Ukraine", "type": COUNTRY, "limit": 3}), "callback": "cb"},
    )
    assert response.status_code == 200 and response.mimetype == "application/javascript"
    body = response.get_data(as_text=True)
    assert body.startswith("cb(") and body.endswith(");")
    assert [r["id"] for r in json.loads(body[3:-2])["result"]] == [UKRAINE]
    response = client.post("/reconcile", data={"query": "NATO"})
    assert response.get_json()["result"][0]["id"] == NATO


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "form, message",
    [
        ({"queries": '{"q0": {"query": "Kyiv"'}, "queries is not valid JSON"),
        ({"queries": ""}, "queries is not valid JSON"),
        ({"queries": '["Kyiv"]'}, "queries must be a JSON object"),
        ({"queries": '{"q0": "Kyiv"}'}, "query 'q0' must be a JSON object"),
        ({"queries": '{"q0": {"query": 42}}'}, '"query" must be a string'),
        ({"queries": '{"q0": {"query": "Kyiv", "limit": "many"}}'}, '"limit" must be a positive integer'),
        ({"queries": '{"q0": {"query": "Kyiv", "limit": 0}}'}, '"limit" must be a positive integer'),
        ({"queries": '{"q0": {"query": "Kyiv", "type": 5}}'}, '"type" must be a type id'),
        ({"queries": '{"q0": {"query": "Kyiv", "properties": {"pid": "wikidata"}}}'}, '"properties" must be a list'),
        ({"query": '{"query": "Kyiv"'}, "query looks like JSON but is not valid"),
    ],
)
def test_malformed_requests_are_400(client, form, message):
    for response in (client.post("/reconcile", data=form), client.get("/reconcile", query_string=form)):
        assert response.status_code == 400
        assert response.mimetype == "application/json"
        assert message in response.get_json()["error"]


def test_capped_candidates_keep_the_requested_type(client, monkeypatch):
    """With more candidates than the cap, types are checked before cutting, not after."""
    from kg.web import reconcile

    monkeypatch.setattr(reconcile, "CANDIDATE_CAP", 1)
    # candidates for "Ukraine": the country (best label), the unit and the post; only the unit fits
    assert [r["id"] for r in one(client, {"query": "Ukraine", "type": ORGANIZATION})] == [AFU]
    assert [r["id"] for r in one(client, {"query": "Ukraine"})] == [UKRAINE]
    assert one(client, {"query": "", "type": COUNTRY, "properties": [{"pid": "wikidata", "v": "Q3874799"}]}) == []


def test_post_without_queries_is_400(client):
    response = client.post("/reconcile", json={"q0": {"query": "NATO"}})
    assert response.status_code == 400
    assert "missing queries" in response.get_json()["error"]
