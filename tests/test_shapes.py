"""Every graph the pipeline writes conforms to ontology/shapes.ttl, and the ontology is sound RDF."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import Dataset, Graph, Literal, URIRef

from conftest import DATA, ROOT, run_kg

SHAPES = ROOT / "ontology" / "shapes.ttl"
ONTOLOGY = ROOT / "ontology" / "newskg.ttl"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def article_graphs(store, tmp_path, capsys):
    dump = tmp_path / "all.nq"
    assert run_kg("dump", "--store", store, "--format", "nquads", "-o", dump) == 0
    dataset = Dataset()
    dataset.parse(dump, format="nquads")
    graphs = [g for g in dataset.graphs() if isinstance(g.identifier, URIRef) and "/graph/" in str(g.identifier)]
    assert graphs, "the dump holds no article graph"
    return graphs


@pytest.fixture(scope="module")
def dev_store(tmp_path_factory):
    store = tmp_path_factory.mktemp("dev") / "store"
    assert run_kg("ingest", "--store", store, DATA / "articles") == 0
    return store


def as_graph(named) -> Graph:
    """One article's named graph as a plain graph, validated on its own as the shapes intend."""
    data = Graph()
    for triple in named:
        data.add(triple)
    return data


def assert_all_conform(graphs, shapes) -> None:
    for graph in graphs:
        conforms, _, report = validate(as_graph(graph), shacl_graph=shapes, inference="none", advanced=True)
        assert conforms, f"{graph.identifier}:\n{report}"


def test_every_development_article_graph_conforms(dev_store, shapes, tmp_path, capsys):
    graphs = article_graphs(dev_store, tmp_path, capsys)
    assert len(graphs) == len(list((DATA / "articles").glob("*.json")))
    assert_all_conform(graphs, shapes)


def test_every_article_graph_conforms(corpus_store, shapes, tmp_path, capsys):
    graphs = article_graphs(corpus_store, tmp_path, capsys)
    assert len(graphs) == 4
    assert_all_conform(graphs, shapes)


def test_the_shapes_catch_a_broken_statement(corpus_store, shapes, tmp_path, capsys):
    bound = URIRef("https://w3id.org/newskg/ontology#bound")
    data = as_graph(next(g for g in article_graphs(corpus_store, tmp_path, capsys) if (None, bound, None) in g))
    quantity = next(s for s, _, _ in data.triples((None, bound, None)))
    data.set((quantity, bound, Literal("roughly")))
    conforms, _, report = validate(data, shacl_graph=shapes, inference="none", advanced=True)
    assert not conforms and "bound" in report


def test_ontology_and_shapes_parse_with_oxigraph():
    for path in (ONTOLOGY, SHAPES):
        triples = list(ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE))
        assert len(triples) > 100


def test_every_concept_the_lexicons_use_is_in_the_ontology():
    """Stances, roles, quantity kinds and event types written by the pipeline are defined."""
    import tomllib

    from kg.namespaces import EVTYPE, KIND, ROLE, STANCE

    concept = ox.NamedNode("http://www.w3.org/2004/02/skos/core#Concept")
    defined = {str(t.subject.value) for t in ox.parse(ONTOLOGY.read_bytes(), format=ox.RdfFormat.TURTLE) if t.object == concept}
    for path in sorted((ROOT / "kg" / "lexicon").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        used = {STANCE + v["stance"] for v in data["reporting"]["verbs"].values()}
        used |= {ROLE + r for r in data["titles"].values()}
        used |= {KIND + k for k in data["counts"].values()} | {KIND + k for k in data["numbers"]["count_verbs"].values()}
        used |= {EVTYPE + e for e in data["events"].values()}
        assert used <= defined, f"{path.name}: {sorted(used - defined)}"
