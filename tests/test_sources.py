"""Citation chains and unnamed sources: the graph side (kg/graph.py) on hand-built extractions,
then the extraction (kg/extract/sources.py, called from kg/extract/attribution.py) on articles
written for it and on invented sentences of each construction in both languages.
"""

from __future__ import annotations

from copy import deepcopy

import pytest
from pyshacl import validate
from rdflib import Graph

from conftest import DATA, QUERIES, ROOT
from kg import graph, shared
from kg.articles import from_record
from kg.extract import extract
from kg.extract.model import AnonymousSource, Quantity, Statement
from kg.ingest import ingest
from kg.store import Store, triple_lines

BASE = "https://w3id.org/newskg/"
NKG = "https://w3id.org/newskg/ontology#"

TEXT = (
    "WASHINGTON - NATO Secretary General Mark Rutte told Reuters on Monday that 10,000 North Korean soldiers were in Russia. "
    "A senior US official said on Monday that about 1,000 of them had been killed."
)


def built():
    """The extraction of TEXT, with what the new attribution rules are to find written in by hand:
    Rutte's words came through Reuters and cite diplomats; the second sentence's speaker is unnamed."""
    x = extract(from_record({"maintext": TEXT, "date_publish": "2024-12-16 20:00:00", "language": "en",
                             "url": "https://wire.example/a", "source_domain": "wire.example"}, "a.json"))
    x = deepcopy(x)
    x.sources = {}  # written in by hand below, whatever the extraction found
    keys = {e.label: k for k, e in x.entities.items()}
    rutte = next(st for st in x.statements if x.entities[st.speaker].label == "Mark Rutte")
    x.sources["s1"] = AnonymousSource("s1", "A senior US official", "en", affiliation=keys["United States"], start=TEXT.index("A senior"))
    x.sources["s2"] = AnonymousSource("s2", "diplomats familiar with the matter", "en")
    rutte.outlet = keys["Reuters"]
    rutte.citing = ["s2"]
    second = next(i for i, s in enumerate(x.sentences) if s.text.startswith("A senior"))
    x.statements = [st for st in x.statements if st.sentence != second]
    start = TEXT.index("about 1,000")
    x.statements.append(Statement(sentence=second, speaker="s1", stance="said", verb="said", quote=False,
                                  content="about 1,000 of them had been killed", date=x.reference_date,
                                  quantities=[Quantity(start, start + len("about 1,000"), "about 1,000", 1000, "approximate", "killed", "")]))
    return x


@pytest.fixture(scope="module")
def store():
    x = built()
    s = Store()
    quads = graph.quads(x, BASE)
    lines = triple_lines(quads)
    shared.write_article(s, graph.graph_name(x, BASE), "\n".join(lines), len(lines), BASE)
    return s


def rows(store, name: str) -> list[dict]:
    result = store.query((QUERIES / name).read_text(), use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]


def test_the_outlet_and_the_cited_source_are_on_the_statement(store):
    said = rows(store, "statements.rq")
    rutte = next(r for r in said if r["speakerLabel"] == "Mark Rutte")
    assert rutte["outlet"] == BASE + "id/organization/reuters"
    cited = list(store.query(f"SELECT ?d WHERE {{ GRAPH ?g {{ <{rutte['statement']}> <{NKG}citing> ?s . ?s a <{NKG}AnonymousSource> ; <http://schema.org/description> ?d }} }}"))
    assert [r["d"].value for r in cited] == ["diplomats familiar with the matter"]


def test_statements_of_unnamed_sources_are_in_the_graph_but_not_in_the_contract_queries(store):
    assert {r["speakerLabel"] for r in rows(store, "statements.rq")} == {"Mark Rutte"}
    assert all(r["speakerLabel"] != "A senior US official" for r in rows(store, "troop-counts.rq"))
    unnamed = rows(store, "cq-anonymous-sources.rq")
    assert {(r["how"], r["description"], r.get("affiliation")) for r in unnamed} == {
        ("speaker", "A senior US official", "United States"),
        ("cited", "diplomats familiar with the matter", None),
    }
    official = next(r for r in unnamed if r["how"] == "speaker")
    assert official["claimKey"] == "figure|anonymous/country/united-states|2024-12|killed|approximate|1000"
    assert next(r for r in unnamed if r["how"] == "cited")["outlet"] == "Reuters"


def test_the_graph_conforms(store):
    data = Graph().parse(data=b"".join(store.stream_dump("turtle")).decode(), format="turtle")
    conforms, _, report = validate(data, shacl_graph=Graph().parse(ROOT / "ontology" / "shapes.ttl"), inference="none", advanced=True)
    assert conforms, report


def test_an_extraction_without_them_writes_none():
    plain = "NATO Secretary General Mark Rutte said on Monday that 10,000 North Korean soldiers were in Russia."
    x = extract(from_record({"maintext": plain, "language": "en"}, "b.json"))
    predicates = {q.predicate.value for q in graph.quads(x, BASE)}
    assert not {NKG + "via", NKG + "citing"} & predicates
    assert not any(q.object.value == NKG + "AnonymousSource" for q in graph.quads(x, BASE))


def test_articles_written_for_it_give_citation_chains_and_unnamed_sources():
    store = Store()
    ingest([DATA / "sources"], store, BASE)
    unnamed = rows(store, "cq-anonymous-sources.rq")
    assert {r["description"].casefold() for r in unnamed} >= {
        "a senior us official", "diplomats familiar with the matter", "sumber militer", "sumber lokal"}
    said = rows(store, "statements.rq")
    assert any(r.get("outlet", "").endswith("/reuters") for r in said)
