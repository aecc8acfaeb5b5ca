"""Claims across articles: one node per speaker, figure (or event) and month, whoever reports it."""

from __future__ import annotations

import json
from datetime import date

import pyoxigraph as ox

from conftest import DATA, QUERIES, SEEDS
from kg import claims
from kg.pipeline.ingest import ingest
from kg.pipeline.load import load_shards
from kg.pipeline.shards import write_shards
from kg.stores.local import Store

BASE = "https://w3id.org/newskg/"
NKG = "https://w3id.org/newskg/ontology#"
SCHEMA = "http://schema.org/"
CLAIMS = DATA / "claims"  # Budanov's "about 11,000" North Korean troops, by three outlets in two languages
KEY = "figure|person/kyrylo-budanov|2024-10|troops|approximate|11000"
CLAIM = f"{BASE}id/claim/{claims.local_name(KEY)}"


def rows(store, name: str) -> list[dict]:
    result = store.query((QUERIES / name).read_text(), use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]


def tallies(store) -> dict:
    found = store.query(f"SELECT ?p ?o WHERE {{ GRAPH <{BASE}graph/shared/claims> {{ <{CLAIM}> ?p ?o }} }}")
    return {row["p"].value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]: row["o"].value for row in found}


def test_a_claim_reported_by_three_articles_in_two_languages_is_one_node_with_three_reports():
    store = Store()
    assert ingest([CLAIMS], store, BASE).ok
    reports = store.query(f"SELECT DISTINCT ?st ?g WHERE {{ GRAPH ?g {{ <{CLAIM}> <{NKG}reportedBy> ?st . ?st <{NKG}reports> <{CLAIM}> }} }}")
    assert len({(r["st"].value, r["g"].value) for r in reports}) == 3  # one statement in each article's graph
    languages = {row["l"].value for row in store.query(
        f"SELECT DISTINCT ?l WHERE {{ GRAPH ?g {{ <{CLAIM}> <{SCHEMA}appearance> ?a . ?a <{SCHEMA}inLanguage> ?l }} }}")}
    assert languages == {"en", "id"}
    assert tallies(store) == {
        "type": NKG + "Claim", "reportCount": "3", "outletCount": "3",
        "firstReported": "2024-10-22", "lastReported": "2024-10-25",
        "firstAppearance": next(r["a"].value for r in store.query(
            f"SELECT ?a WHERE {{ GRAPH ?g {{ ?a <{NKG}sourceFile> 'en-1-budanov-kursk.json' }} }}")),
    }
    keys = {row["k"].value for row in store.query(f"SELECT DISTINCT ?k WHERE {{ GRAPH ?g {{ <{CLAIM}> <{NKG}claimKey> ?k }} }}")}
    assert keys == {KEY}  # every article wrote the same key, and the IRI is its hash


def test_one_more_article_adds_a_report_and_a_changed_one_takes_it_back(tmp_path):
    store = Store()
    ingest([CLAIMS / "en-1-budanov-kursk.json"], store, BASE)
    assert tallies(store)["reportCount"] == "1"
    ingest([CLAIMS / "id-3-budanov-pasukan-korut.json"], store, BASE)
    assert (tallies(store)["reportCount"], tallies(store)["outletCount"]) == ("2", "2")
    changed = tmp_path / "id-3-budanov-pasukan-korut.json"
    record = json.loads((CLAIMS / changed.name).read_text(encoding="utf-8"))
    record["maintext"] = record["maintext"].replace("sekitar 11.000", "sekitar 12.000")  # same url: the same article, replaced
    changed.write_text(json.dumps(record), encoding="utf-8")
    ingest([changed], store, BASE)
    assert (tallies(store)["reportCount"], tallies(store)["outletCount"]) == ("1", "1")


def test_shards_loaded_in_any_order_give_the_claims_ingest_gives(tmp_path):
    expected = Store()
    ingest([SEEDS, CLAIMS], expected, BASE)
    for order in ([SEEDS, CLAIMS], [CLAIMS, SEEDS]):
        out = tmp_path / f"shards-{order[0].name}"
        write_shards(order, out, BASE, shard_size=1)
        loaded = Store()
        load_shards(loaded, out, mode="bulk")
        dump = lambda s: sorted(b"".join(s.stream_dump("nquads")).splitlines())
        assert dump(loaded) == dump(expected)


def test_the_competency_queries_on_claims():
    store = Store()
    ingest([SEEDS, CLAIMS], store, BASE)
    spread = {r["claim"]: r for r in rows(store, "cq-claim-spread.rq")}
    budanov = spread[CLAIM]
    assert (budanov["speaker"], budanov["reports"], budanov["articles"], budanov["outlets"]) == ("Kyrylo Budanov", "4", "4", "4")
    assert (budanov["first"], budanov["last"]) == ("2024-10-22", "2024-10-28")  # the seed has no publisher: its own outlet
    figures = rows(store, "cq-figure-divergence.rq")  # troops, Russia, October 2024
    assert {(r["speakerName"], r["value"], r["bound"]) for r in figures} >= {("Kyrylo Budanov", "11000", "approximate")}
    assert {(r["lowest"], r["highest"]) for r in figures} == {(str(min(int(r["value"]) for r in figures)), str(max(int(r["value"]) for r in figures)))}
    assert next(r for r in figures if r["speakerName"] == "Kyrylo Budanov")["reports"] == "4"


def test_the_claim_key_is_what_the_iri_hashes():
    assert claims.figure_key("person/x", "troops", "lower", 3000, None) is None  # no month, no claim
    key = claims.event_key("person/x", "training", "country/russia", date(2024, 10, 28))
    assert key == "event|person/x|2024-10|training|country/russia"
    assert len(claims.local_name(key)) == 16 and claims.local_name(key) != claims.local_name(key.replace("2024-10", "2024-11"))
    assert ox.NamedNode(f"{BASE}id/claim/{claims.local_name(key)}")
