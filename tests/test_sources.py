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
from kg import graph
from kg.pipeline import shared
from kg.articles import from_record
from kg.extract import extract
from kg.extract.model import AnonymousSource, Quantity, Statement
from kg.pipeline.ingest import ingest
from kg.stores.local import Store, triple_lines

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


# --- the extraction, on invented sentences of each construction -------------------------------------


def _extract(text: str, language: str):
    return extract(from_record({"maintext": text, "language": language, "date_publish": "2024-12-16 08:00:00"}, "s.json"))


def _said(x) -> list[tuple]:
    """(speaker, outlet, cited) per statement: labels for entities, "~description" for unnamed sources."""

    def name(key):
        if key in x.sources:
            return "~" + x.sources[key].description
        return x.entities[key].label if key in x.entities else key

    return [(name(st.speaker), name(st.outlet) if st.outlet else None, [name(c) for c in st.citing]) for st in x.statements]


@pytest.mark.parametrize("language, text, outlet", [
    ("en", "Defence Minister Rustem Karimov told Reuters on Monday that 300 soldiers had been killed.", "Reuters"),
    ("en", "Defence Minister Rustem Karimov said in an interview with the BBC that 300 soldiers had been killed.", "BBC"),
    ("id", "Dilansir Reuters, Menteri Pertahanan Rustem Karimov mengatakan 300 tentara tewas.", "Reuters"),
    ("id", "Menteri Pertahanan Rustem Karimov mengatakan 300 tentara tewas, seperti dikutip Antara.", "Antara"),
    ("id", "Menteri Pertahanan Rustem Karimov mengatakan kepada wartawan Kompas bahwa 300 tentara tewas.", "Kompas"),
])
def test_the_outlet_that_carried_the_words_is_the_statements_channel_not_its_speaker(language, text, outlet):
    x = _extract(text, language)
    assert _said(x) == [("Rustem Karimov", outlet, [])]
    assert x.entities[x.statements[0].outlet].type == "Organization"


@pytest.mark.parametrize("language, text", [
    ("en", "The Defence Ministry said Reuters had misreported the figures."),  # the outlet is the topic
    ("en", "Foreign Minister Rustem Karimov told the UN Security Council that 300 civilians had been killed."),  # a body, not an outlet
    ("id", "Menteri Pertahanan Rustem Karimov mengatakan kepada PBB bahwa 300 warga sipil tewas."),
])
def test_an_organisation_that_is_the_topic_or_the_audience_is_no_outlet(language, text):
    x = _extract(text, language)
    assert x.statements and all(st.outlet is None for st in x.statements)


@pytest.mark.parametrize("language, text, cited", [
    ("en", "The Valdorian army, citing intelligence sources, said 300 soldiers had been killed.", "~intelligence sources"),
    ("en", "Citing the Health Ministry, Governor Rustem Karimov said 300 civilians had been killed.", "Health Ministry"),
    ("en", "Governor Rustem Karimov said, based on reports from local officials, that 300 civilians had been killed.", "~local officials"),
    ("en", "Governor Rustem Karimov said on Monday, citing data compiled by the World Health Organization, that 300 civilians had been killed.", "World Health Organization"),
    ("id", "Juru bicara militer Andriy Kovalenko, mengutip sumber intelijen, mengatakan 300 tentara tewas.", "~sumber intelijen"),
    ("id", "Gubernur Rustem Karimov mengatakan, berdasarkan laporan dari Kementerian Kesehatan, bahwa 300 warga sipil tewas.", "Kementerian Kesehatan"),
])
def test_the_source_a_speaker_cites_is_on_the_statement(language, text, cited):
    x = _extract(text, language)
    [(speaker, outlet, citing)] = _said(x)
    assert not speaker.startswith("~") and outlet is None
    assert citing == [cited]


def test_what_a_speaker_cites_that_is_no_source_is_not_cited():
    x = _extract("The Valdorian army, citing intercepted radio traffic, said 300 soldiers had been killed.", "en")
    assert _said(x) == [("Valdorian army", None, [])] and not x.sources


@pytest.mark.parametrize("language, text, description, affiliation", [
    ("en", "A senior Ukrainian official said on Monday that 300 soldiers had been killed.", "A senior Ukrainian official", "Ukraine"),
    ("en", "Diplomats familiar with the matter said 300 soldiers had been killed.", "Diplomats familiar with the matter", None),
    ("en", "Sources said 300 soldiers had been killed.", "Sources", None),
    ("en", "According to US officials, 300 soldiers had been killed.", "US officials", "United States"),
    ("id", "Seorang pejabat senior Korea Selatan yang tidak mau disebutkan namanya mengatakan 300 tentara tewas.",
     "Seorang pejabat senior Korea Selatan yang tidak mau disebutkan namanya", "South Korea"),
    ("id", "Sumber militer mengatakan 300 tentara tewas.", "Sumber militer", None),
    ("id", "300 tentara tewas, kata seorang pejabat Ukraina.", "seorang pejabat Ukraina", "Ukraine"),
])
def test_an_unnamed_speaker_is_an_anonymous_source_with_its_description_and_affiliation(language, text, description, affiliation):
    x = _extract(text, language)
    [st] = x.statements
    source = x.sources[st.speaker]
    assert st.speaker not in x.entities  # never a named speaker, nor the country it belongs to
    assert source.description == description
    assert (x.entities[source.affiliation].labels.get("en") or x.entities[source.affiliation].label if source.affiliation else None) == affiliation
    assert [q.value for q in st.quantities] == [300]


def test_an_unnamed_source_that_told_an_outlet_has_both():
    x = _extract("A senior Valdorian security official, who asked not to be named, told Reuters that 300 soldiers had been killed.", "en")
    assert _said(x) == [("~A senior Valdorian security official", "Reuters", [])]


@pytest.mark.parametrize("language, text, speaker", [
    ("en", "Senior Ukrainian military official Oleksandr Petrenko, who commands the eastern group, said 300 soldiers had been killed.", "Oleksandr Petrenko"),
    ("id", "Juru bicara militer Ukraina Andriy Kovalenko mengatakan 300 tentara tewas.", "Andriy Kovalenko"),
])
def test_a_named_person_described_at_length_is_still_named(language, text, speaker):
    x = _extract(text, language)
    assert _said(x) == [(speaker, None, [])] and not x.sources


def test_statements_of_unnamed_sources_stay_out_of_the_contract_queries_but_are_listed_as_resting_on_them():
    text = ("KYIV - A senior Ukrainian official told Reuters on Monday that 300 soldiers had been killed.\n"
            "Governor Rustem Karimov, citing local officials, said 40 civilians had been killed.")
    x = _extract(text, "en")
    s = Store()
    lines = triple_lines(graph.quads(x, BASE))
    shared.write_article(s, graph.graph_name(x, BASE), "\n".join(lines), len(lines), BASE)
    assert {r["speakerLabel"] for r in rows(s, "statements.rq")} == {"Rustem Karimov"}
    assert {r["value"] for r in rows(s, "troop-counts.rq")} == {"40"}
    unnamed = {(r["how"], r["description"], r.get("affiliation"), r.get("outlet")) for r in rows(s, "cq-anonymous-sources.rq")}
    assert unnamed == {("speaker", "A senior Ukrainian official", "Ukraine", "Reuters"), ("cited", "local officials", None, None)}


@pytest.mark.parametrize("language, text, speaker, outlet", [
    ("en", "Citing unnamed Valdorian officials, The Daily Ledger reported that 300 soldiers had been killed.", "~unnamed Valdorian officials", "Daily Ledger"),
    ("id", "Mengutip sumber keamanan, harian Kompas melaporkan 300 tentara tewas.", "~sumber keamanan", "Kompas"),
])
def test_an_outlet_relaying_unnamed_sources_carries_their_words(language, text, speaker, outlet):
    x = _extract(text, language)
    assert _said(x) == [(speaker, outlet, [])]
