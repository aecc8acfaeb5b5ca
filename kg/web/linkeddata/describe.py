"""Bounded descriptions: what the store (or, for SKOS concepts, the ontology file) says about a
resource, and what a named graph holds. See the package docstring for what is included."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.namespaces import NIF, ONTOLOGY, SKOS

from .queries import select_rows
from .statements import find_statements
from .terms import LABEL_PREDICATES, LABEL_RANK, LINK_LABEL_PREDICATES, natural_key
from .vocabulary import Vocabulary

OUT_LIMIT = 10_000  # triples with the resource as subject
IN_LIMIT = 500  # triples with the resource as object
FRAGMENT_LIMIT = 20_000  # triples about an article's sentences and mentions
GRAPHS_LIMIT = 100  # named graphs listed as sources of a resource
_LABELS_PER_QUERY = 500


@dataclass
class Description:
    """The bounded description of one resource, and what its HTML page shows."""

    iri: ox.NamedNode
    triples: set = field(default_factory=set)
    out: list = field(default_factory=list)  # (p, o) with the resource as subject
    incoming: list = field(default_factory=list)  # (s, p) with the resource as object
    fragments: list = field(default_factory=list)  # (s, p, o) about `iri#...` resources
    statements: list = field(default_factory=list)  # dicts, one per statement
    graphs: list = field(default_factory=list)  # named graphs that describe the resource
    labels: dict = field(default_factory=lambda: defaultdict(list))  # term -> [(rank, Literal)]
    notices: list = field(default_factory=list)

    def at_most(self, rows: list, limit: int, notice: str) -> list:
        """``rows`` cut to ``limit``, saying so on the page when they were cut."""
        if len(rows) > limit:
            self.notices.append(notice)
            return rows[:limit]
        return rows


def describe(node: ox.NamedNode, max_rows: int, concept_vocabulary: Vocabulary | None = None) -> Description:
    d = Description(node)
    # what the resource says: from the vocabulary file for concepts, else from the store
    if concept_vocabulary is not None:
        d.out = [(t.predicate, t.object) for t in concept_vocabulary.by_subject.get(node, [])]
        d.incoming = [(t.subject, t.predicate) for t in concept_vocabulary.by_object.get(node, [])]
    else:
        out = select_rows(f"SELECT DISTINCT ?p ?o WHERE {{ $THIS ?p ?o }} LIMIT {OUT_LIMIT + 1}", node)
        d.out = d.at_most(out, OUT_LIMIT, f"Only the first {OUT_LIMIT} properties of this resource are included.")
    incoming = select_rows(f"SELECT DISTINCT ?s ?p WHERE {{ ?s ?p $THIS }} LIMIT {IN_LIMIT + 1}", node)
    d.incoming += d.at_most(incoming, IN_LIMIT, f"Only the first {IN_LIMIT} references to this resource are included.")
    d.triples.update(ox.Triple(node, p, o) for p, o in d.out)
    d.triples.update(ox.Triple(s, p, node) for s, p in d.incoming)
    if concept_vocabulary is None:
        _add_fragments(d)
        _add_statements(d, max_rows)
        _add_graphs(d)
    _add_labels(d)
    return d


def describe_concept(node: ox.NamedNode, max_rows: int, vocabulary: Vocabulary) -> tuple[Description, list]:
    """A SKOS concept or scheme, with a scheme's member concepts (in file order) described too."""
    d = describe(node, max_rows, concept_vocabulary=vocabulary)
    members = [t.subject for t in vocabulary.by_object.get(node, []) if t.predicate.value == SKOS + "inScheme"]
    members.sort(key=lambda s: vocabulary.order.get(s, 0))
    for m in members:
        d.triples.update(vocabulary.by_subject.get(m, []))
    for t in list(d.triples):  # labels of what it links to, from the file
        for term in (t.subject, t.object):
            for lt in vocabulary.by_subject.get(term, []):
                if lt.predicate in LABEL_PREDICATES:
                    d.triples.add(lt)
                    d.labels[lt.subject].append((0, lt.object))
    return d, members


def _add_fragments(d: Description) -> None:
    """An article's sentences and mentions: IRIs ``{article}#…`` whose context it is."""
    prefix = d.iri.value + "#"
    query = f"SELECT DISTINCT ?s ?p ?o WHERE {{ ?s <{NIF}referenceContext> $THIS . ?s ?p ?o }} LIMIT {FRAGMENT_LIMIT + 1}"
    fragments = d.at_most(select_rows(query, d.iri), FRAGMENT_LIMIT,
                          f"Only the first {FRAGMENT_LIMIT} triples about sentences and mentions are included.")
    d.fragments = [r for r in fragments if isinstance(r[0], ox.NamedNode) and r[0].value.startswith(prefix)]
    d.triples.update(ox.Triple(*r) for r in d.fragments)


def _add_statements(d: Description, max_rows: int) -> None:
    d.statements, triples, truncated = find_statements(d.iri, max_rows)
    d.triples.update(triples)
    if truncated:
        d.notices.append(f"Only the first {max_rows} statements are shown.")


def _add_graphs(d: Description) -> None:
    query = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ $THIS ?p ?o }} }} ORDER BY ?g LIMIT {GRAPHS_LIMIT + 1}"
    graphs = [g for (g,) in select_rows(query, d.iri)]
    d.graphs = d.at_most(graphs, GRAPHS_LIMIT, f"Only the first {GRAPHS_LIMIT} source graphs are listed.")


def _add_labels(d: Description) -> None:
    """Labels (and headlines, sentence texts) of every IRI the description links to."""
    linked = {term for t in d.triples for term in (t.subject, t.object) if isinstance(term, ox.NamedNode)}
    described = {d.iri} | {s for s, _, _ in d.fragments}  # their labels are in the description already
    wanted = sorted(linked - described, key=lambda t: t.value)
    predicates = " ".join(str(p) for p in LINK_LABEL_PREDICATES)
    for i in range(0, len(wanted), _LABELS_PER_QUERY):
        values = " ".join(str(t) for t in wanted[i:i + _LABELS_PER_QUERY])
        query = f"SELECT DISTINCT ?r ?p ?l WHERE {{ VALUES ?r {{ {values} }} VALUES ?p {{ {predicates} }} ?r ?p ?l }}"
        for r, p, label in select_rows(query):
            d.triples.add(ox.Triple(r, p, label))
    for t in d.triples:
        if t.predicate in LINK_LABEL_PREDICATES and isinstance(t.object, ox.Literal):
            d.labels[t.subject].append((LABEL_RANK[t.predicate], t.object))


# --- named graphs ---------------------------------------------------------------------------


@dataclass
class GraphContents:
    """What the HTML page of a named graph shows."""

    count: int  # triples in the graph
    rows: list  # (s, p, o), at most max_rows, in natural order
    truncated: bool
    articles: list  # the articles it is about
    labels: dict  # term -> [(rank, Literal)] from the graph itself


def graph_contents(node: ox.NamedNode, max_rows: int) -> GraphContents:
    (count,) = select_rows("SELECT (COUNT(*) AS ?n) WHERE { GRAPH $THIS { ?s ?p ?o } }", node)[0]
    rows = select_rows(f"SELECT ?s ?p ?o WHERE {{ GRAPH $THIS {{ ?s ?p ?o }} }} LIMIT {max_rows + 1}", node)
    truncated = len(rows) > max_rows
    rows = sorted(rows[:max_rows], key=lambda r: (natural_key(r[0]), str(r[1]), str(r[2])))
    articles = [a for (a,) in select_rows(
        f"SELECT DISTINCT ?a WHERE {{ GRAPH $THIS {{ ?a a <{ONTOLOGY}Article> }} }} ORDER BY ?a LIMIT 100", node)]
    labels: dict = defaultdict(list)
    _collect_labels(labels, rows)
    for a in articles:
        pairs = select_rows(f"SELECT DISTINCT ?p ?o WHERE {{ GRAPH $THIS {{ <{a.value}> ?p ?o }} }}", node)
        _collect_labels(labels, ((a, p, o) for p, o in pairs))
    return GraphContents(int(count.value), rows, truncated, articles, labels)


def _collect_labels(labels: dict, triples) -> None:
    for s, p, o in triples:
        if p in LABEL_RANK and isinstance(o, ox.Literal):
            labels[s].append((LABEL_RANK[p], o))
