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
GRAPHS_PER_QUERY = 200  # graphs read by one query (a VALUES block)

_PREFIXES = f"PREFIX nkg: <{ONTOLOGY}>\nPREFIX nif: <{NIF}>\nPREFIX schema: <{SCHEMA}>\nPREFIX skos: <{SKOS}>\nPREFIX rdfs: <{RDFS}>\n"

_SENTENCES = _PREFIXES + """
SELECT ?g ?s ?text ?article ?lang ?published WHERE {
  VALUES ?g { %s }
  GRAPH ?g {
    ?s a nif:Sentence ; nif:anchorOf ?text .
    OPTIONAL { ?s nif:referenceContext ?article .
      OPTIONAL { ?article schema:inLanguage ?lang }
      OPTIONAL { ?article schema:datePublished ?published } }
  }
}"""

_STATEMENTS = _PREFIXES + """
SELECT ?g ?st ?sentence ?speaker ?content ?said ?kind ?place ?article WHERE {
  VALUES ?g { %s }
  GRAPH ?g {
    ?st a nkg:Statement .
    OPTIONAL { ?st nkg:sentence ?sentence }
    OPTIONAL { ?st nkg:speaker ?speaker }
    OPTIONAL { ?st nkg:content ?content }
    OPTIONAL { ?st nkg:saidOn ?said }
    OPTIONAL { ?st nkg:quantity ?q . ?q nkg:quantityKind ?kind }
    OPTIONAL { ?st nkg:aboutPlace ?place }
    OPTIONAL { ?st nkg:reportedIn ?article }
  }
}"""

_NAMES = _PREFIXES + """
SELECT ?g ?e ?name WHERE {
  VALUES ?g { %s }
  GRAPH ?g { VALUES ?p { skos:prefLabel rdfs:label skos:altLabel } ?e ?p ?name . FILTER(isIRI(?e)) }
}"""


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


def read_graphs(store, graphs: list[ox.NamedNode]) -> Iterator[tuple[ox.NamedNode, list[Doc]]]:
    """``(graph, its documents)`` for each of ``graphs`` (a graph the store lacks has none)."""
    for at in range(0, len(graphs), GRAPHS_PER_QUERY):
        chunk = graphs[at : at + GRAPHS_PER_QUERY]
        docs = _read_chunk(store, chunk)
        for g in chunk:
            yield g, docs.get(g.value, [])


def _rows(store, template: str, graphs: list[ox.NamedNode]):
    values = " ".join(str(g) for g in graphs)
    return [tuple(row) for row in store.query(template % values)]  # consumed in this thread


def _read_chunk(store, graphs: list[ox.NamedNode]) -> dict[str, list[Doc]]:
    sentences: dict[tuple[str, str], Doc] = {}
    for g, s, text, article, lang, published in _rows(store, _SENTENCES, graphs):
        doc = sentences.setdefault((g.value, s.value), Doc(SENTENCE, s.value, g.value))
        doc.text = sorted(set(doc.text) | {text.value})
        if article is not None:
            doc.article = article.value
        if lang is not None:
            doc.lang = lang.value
        if (d := day(published)) is not None:
            doc.dates.add(d)
    statements: dict[tuple[str, str], Doc] = {}
    sentence_of: dict[tuple[str, str], str] = {}
    for g, st, sentence, speaker, content, said, kind, place, article in _rows(store, _STATEMENTS, graphs):
        doc = statements.setdefault((g.value, st.value), Doc(STATEMENT, st.value, g.value))
        if sentence is not None:
            sentence_of[(g.value, st.value)] = sentence.value
        if content is not None and content.value not in doc.text:
            doc.text.append(content.value)
        if speaker is not None:
            doc.speakers.add(speaker.value)
        if kind is not None:
            doc.kinds.add(kind.value)
        if place is not None:
            doc.places.add(place.value)
        if article is not None:
            doc.article = article.value
        if (d := day(said)) is not None:
            doc.dates.add(d)
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
    for g, e, name in _rows(store, _NAMES, graphs):
        doc = entities.setdefault((g.value, e.value), Doc(ENTITY, e.value, g.value))
        if name.value not in doc.text:
            doc.text.append(name.value)
            doc.text.sort()
    by_graph: dict[str, list[Doc]] = defaultdict(list)
    for (g, _), doc in [*sentences.items(), *statements.items(), *entities.items()]:
        by_graph[g].append(doc)
    return by_graph
