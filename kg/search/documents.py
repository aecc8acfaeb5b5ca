"""What the search index holds, read from the store graph by graph: sentences, statements, names.

Three kinds of document, each keyed by the named graph (one article) it was read from, so that
a graph written again is re-indexed as a whole and nothing of its old content stays findable:

* ``sentence``: a ``nif:Sentence`` and its text, with the article's language and publication
  date, and the speakers, figure kinds and dates of saying of the statements made in it (the
  filters of ``/search``);
* ``statement``: an ``nkg:Statement``, its text being its sentence and its claim (``nkg:content``),
  with its speaker, kinds of figures, date (of saying, else of publication) and place;
* ``entity``: anything with a name (``skos:prefLabel``, ``rdfs:label``, ``skos:altLabel``), its
  names as text.

The queries below are the only place that knows the data model (docs/model.md); when it changes,
this is what to adapt. A graph's *fingerprint* is a digest of its documents: the index keeps it,
and a graph whose documents read from the store no longer give it is indexed again (that is how
the index catches up after a crash, see :mod:`.index`).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.namespaces import NIF, ONTOLOGY, RDFS, SCHEMA, SKOS

SENTENCE, STATEMENT, ENTITY = "sentence", "statement", "entity"
KINDS = (SENTENCE, STATEMENT, ENTITY)

_PREFIXES = f"PREFIX nkg: <{ONTOLOGY}>\nPREFIX nif: <{NIF}>\nPREFIX schema: <{SCHEMA}>\nPREFIX skos: <{SKOS}>\nPREFIX rdfs: <{RDFS}>\n"

# Each query reads one kind of row from the graph GRAPH (``?g`` for every graph at once, or one
# graph's IRI). Flat patterns without OPTIONAL: Oxigraph evaluates an OPTIONAL apart from a
# ``VALUES ?g`` binding (reading everything), and per-row work is what a full read costs.
_ARTICLES = _PREFIXES + """
SELECT ?g ?a ?p ?o WHERE { GRAPH GRAPH { ?a a nkg:Article ; ?p ?o . VALUES ?p { schema:inLanguage schema:datePublished } } }"""
_SENTENCES = _PREFIXES + """
SELECT ?g ?s ?text ?a WHERE { GRAPH GRAPH { ?s a nif:Sentence ; nif:anchorOf ?text ; nif:referenceContext ?a } }"""
_STATEMENTS = _PREFIXES + """
SELECT ?g ?st ?p ?o WHERE { GRAPH GRAPH { ?st a nkg:Statement ; ?p ?o .
  VALUES ?p { nkg:sentence nkg:speaker nkg:content nkg:saidOn nkg:aboutPlace nkg:reportedIn } } }"""
_KINDS = _PREFIXES + """
SELECT ?g ?st ?kind WHERE { GRAPH GRAPH { ?st nkg:quantity ?q . ?q nkg:quantityKind ?kind } }"""
_NAMES = _PREFIXES + """
SELECT ?g ?e ?name WHERE { GRAPH GRAPH { VALUES ?p { skos:prefLabel rdfs:label skos:altLabel } ?e ?p ?name . FILTER(isIRI(?e)) } }"""


@dataclass
class Doc:
    """One document: ``kind`` and ``iri`` identify it; lists may hold several values."""

    kind: str
    iri: str
    graph: str
    text: list[str] = field(default_factory=list)
    lang: str = ""
    article: str = ""
    speakers: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    dates: set[int] = field(default_factory=set)  # YYYYMMDD
    places: set[str] = field(default_factory=set)

    def key(self) -> str:
        """Everything the document says, in a stable order (what the fingerprint digests)."""
        return json.dumps(
            [self.kind, self.iri, sorted(self.text), self.lang, self.article, sorted(self.speakers),
             sorted(self.kinds), sorted(self.dates), sorted(self.places)],
            ensure_ascii=False,
        )


def day(term) -> int | None:
    """``2024-10-28`` (a date or the date of a dateTime literal) as the integer 20241028."""
    if not isinstance(term, ox.Literal):
        return None
    digits = term.value[:10].replace("-", "")
    return int(digits) if len(digits) == 8 and digits.isdigit() else None


def fingerprint(docs: Iterable[Doc]) -> str:
    digest = hashlib.sha256()
    for key in sorted(d.key() for d in docs):
        digest.update(key.encode("utf-8") + b"\n")
    return digest.hexdigest()[:32]


def read_graphs(store, graphs: list[ox.NamedNode] | None) -> Iterator[tuple[ox.NamedNode, list[Doc]]]:
    """``(graph, its documents)`` for each of ``graphs`` (a graph the store lacks has none); None:
    every named graph of the store, read in one pass."""
    if graphs is None:  # one pass over the whole store (a rebuild, a reconcile)
        docs = _read(lambda template: _rows(store, template, "?g"))
        for name in sorted(docs):
            yield ox.NamedNode(name), docs[name]
        return
    # the graphs a write changed: a few constant-graph queries each (about a millisecond), however
    # large the store
    for g in graphs:
        docs = _read(lambda template: [(g, *r[1:]) for r in _rows(store, template, str(g))])
        yield g, docs.get(g.value, [])


def _rows(store, template: str, graph: str):
    return [tuple(row) for row in store.query(template.replace("GRAPH GRAPH", f"GRAPH {graph}"))]  # consumed here


def _read(rows) -> dict[str, list[Doc]]:
    """Documents by graph IRI from ``rows(query template)``: rows whose first value is the graph."""
    articles: dict[tuple[str, str], dict] = {}
    for g, a, p, o in rows(_ARTICLES):
        info = articles.setdefault((g.value, a.value), {"lang": "", "dates": set()})
        if p.value.endswith("inLanguage"):
            info["lang"] = o.value
        elif (d := day(o)) is not None:
            info["dates"].add(d)
    sentences: dict[tuple[str, str], Doc] = {}
    for g, s, text, a in rows(_SENTENCES):
        doc = sentences.setdefault((g.value, s.value), Doc(SENTENCE, s.value, g.value))
        doc.text = sorted(set(doc.text) | {text.value})
        doc.article = a.value
        info = articles.get((g.value, a.value))
        if info:
            doc.lang = info["lang"]
            doc.dates |= info["dates"]
    statements: dict[tuple[str, str], Doc] = {}
    sentence_of: dict[tuple[str, str], str] = {}
    for g, st, p, o in rows(_STATEMENTS):
        doc = statements.setdefault((g.value, st.value), Doc(STATEMENT, st.value, g.value))
        name = p.value[len(ONTOLOGY):]
        if name == "sentence":
            sentence_of[(g.value, st.value)] = o.value
        elif name == "content" and o.value not in doc.text:
            doc.text.append(o.value)
        elif name == "speaker":
            doc.speakers.add(o.value)
        elif name == "aboutPlace":
            doc.places.add(o.value)
        elif name == "reportedIn":
            doc.article = o.value
        elif name == "saidOn" and (d := day(o)) is not None:
            doc.dates.add(d)
    for g, st, kind in rows(_KINDS):
        if (g.value, st.value) in statements:
            statements[(g.value, st.value)].kinds.add(kind.value)
    for (g, st), doc in statements.items():
        sentence = sentences.get((g, sentence_of.get((g, st), "")))
        if sentence is None:
            continue
        # the statement is found by its sentence's words too; the sentence by its statements' filters
        doc.text = sentence.text + sorted(set(doc.text) - set(sentence.text))
        doc.lang = doc.lang or sentence.lang
        if not doc.dates:
            doc.dates |= sentence.dates  # no date of saying: the date of publication
        sentence.speakers |= doc.speakers
        sentence.kinds |= doc.kinds
        sentence.places |= doc.places
        sentence.dates |= doc.dates
    entities: dict[tuple[str, str], Doc] = {}
    for g, e, name in rows(_NAMES):
        doc = entities.setdefault((g.value, e.value), Doc(ENTITY, e.value, g.value))
        if name.value not in doc.text:
            doc.text.append(name.value)
            doc.text.sort()
    by_graph: dict[str, list[Doc]] = defaultdict(list)
    for (g, _), doc in [*sentences.items(), *statements.items(), *entities.items()]:
        by_graph[g].append(doc)
    return by_graph
