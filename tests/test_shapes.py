"""What the pipeline writes conforms to ontology/shapes.ttl (the union of all graphs, a Turtle dump,
an article graph with the entities graph), and the ontology is sound RDF."""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import Dataset, Graph, Literal, URIRef

from conftest import DATA, ROOT, SEEDS, run_kg

SHAPES = ROOT / "ontology" / "shapes.ttl"
ONTOLOGY = ROOT / "ontology" / "newskg.ttl"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


@pytest.fixture(scope="module", autouse=True)
def parsed_once():
    """pySHACL hands rdflib the text of a SPARQL constraint for every focus node, and rdflib parses
    it every time (tens of ms each; most of a validation of thousands of nodes). The texts repeat,
    so the parse is cached here, for this module's validations only."""
    import rdflib.plugins.sparql.processor as processor

    parse, translate, query = processor.parseQuery, processor.translateQuery, processor.SPARQLProcessor.query

    @lru_cache(maxsize=None)
    def prepared(text, base, namespaces):
        return translate(parse(text), base, dict(namespaces))

    def cached(self, text, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(text, str):
            text = prepared(text, base, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
        return query(self, text, initBindings, initNs, base, DEBUG)

    processor.SPARQLProcessor.query = cached
    yield
    processor.SPARQLProcessor.query = query


def dump(store, tmp_path) -> Dataset:
    path = tmp_path / "all.nq"
    assert run_kg("dump", "--store", store, "--format", "nquads", "-o", path) == 0
    dataset = Dataset()
    dataset.parse(path, format="nquads")
    return dataset


def union(dataset: Dataset) -> Graph:
    """Every triple of every graph once: what the default graph of the store (and a Turtle dump) holds."""
    data = Graph()
    for s, p, o, _g in dataset.quads((None, None, None, None)):
        data.add((s, p, o))
    return data


@pytest.fixture(scope="module")
def all_store(tmp_path_factory):
    """Every test article the tests have a use for: the seed, the development, held-out and claims
    sets and the samples (blind sets aside; dev2 conforms too, but takes minutes)."""
    store = tmp_path_factory.mktemp("all") / "store"
    paths = [SEEDS, DATA / "articles", DATA / "heldout" / "articles", DATA / "claims", DATA / "samples"]
    assert run_kg("ingest", "--store", store, *paths) == 0
    return store


def as_graph(named) -> Graph:
    """One article's named graph as a plain graph."""
    data = Graph()
    for triple in named:
        data.add(triple)
    return data


def assert_conforms(data: Graph, shapes, what: str) -> None:
    conforms, _, report = validate(data, shacl_graph=shapes, inference="none", advanced=True)
    assert conforms, f"{what}:\n{report}"


def test_the_union_of_all_test_articles_conforms(all_store, shapes, tmp_path):
    """The store's default graph (every article graph and the shared entities and claims graphs,
    each triple once) conforms: one skos:prefLabel per entity and language, one type, one
    owl:sameAs, however many articles name the entity and in whatever language."""
    dataset = dump(all_store, tmp_path)
    articles = [g for g in dataset.graphs() if "/graph/" in str(g.identifier) and "/graph/shared/" not in str(g.identifier)]
    assert len(articles) == sum(1 for _ in (DATA / "articles").glob("*.json")) + 6 + 3 + 1 + 3  # + held-out, claims, seed, samples
    assert_conforms(union(dataset), shapes, "the union")


def test_a_turtle_dump_conforms(corpus_store, shapes, capsys):
    capsys.readouterr()
    assert run_kg("dump", "--store", corpus_store, "--format", "turtle") == 0
    data = Graph().parse(data=capsys.readouterr().out, format="turtle")
    assert_conforms(data, shapes, "the Turtle dump")


def test_an_article_graph_conforms_with_the_entities_graph(corpus_store, shapes, tmp_path):
    """One article's graph read with the entities graph (its entities' canonical descriptions)."""
    dataset = dump(corpus_store, tmp_path)
    entities = next(g for g in dataset.graphs() if str(g.identifier).endswith("/graph/shared/entities"))
    for graph in (g for g in dataset.graphs() if "/graph/" in str(g.identifier) and "/graph/shared/" not in str(g.identifier)):
        assert_conforms(as_graph(graph) + as_graph(entities), shapes, str(graph.identifier))


def test_the_shapes_catch_a_broken_statement(corpus_store, shapes, tmp_path):
    bound = URIRef("https://w3id.org/newskg/ontology#bound")
    data = union(dump(corpus_store, tmp_path))
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


def test_the_shapes_catch_a_second_preferred_label_in_one_language(corpus_store, shapes, tmp_path):
    """What the union broke before the entities graph: one entity, one prefLabel per article."""
    pref = URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")
    data = union(dump(corpus_store, tmp_path))
    entity = URIRef("https://w3id.org/newskg/id/country/russia")
    data.add((entity, pref, Literal("Russian Federation", lang="en")))
    conforms, _, report = validate(data, shacl_graph=shapes, inference="none", advanced=True)
    assert not conforms and "UniqueLang" in report
