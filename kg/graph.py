"""Extraction results to quads, shaped by the ontology (see docs/model.md), one graph per article.

IRIs are minted here and only here, deterministically: the same article gives the same IRIs.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from functools import cache, lru_cache

import pyoxigraph as ox

from . import __version__
from .extract.model import Entity, Event, Extraction, Quantity
from .namespaces import EVTYPE, SEM, ITSRDF, KIND, NIF, ONTOLOGY, ORG, OWL, PROV, RDF, RDFS, ROLE, SCHEMA, SKOS, STANCE, WIKIDATA, XSD
from .text import slug

POST_OWNERS = ("Organization", "MilitaryUnit", "Country")  # org:postIn's range is org:Organization
TYPE_PATHS = {"Person": "person", "Organization": "organization", "MilitaryUnit": "unit", "Country": "country", "Location": "location"}


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


A = _n(RDF + "type")
XSD_INTEGER = _n(XSD + "integer")
XSD_NNI = _n(XSD + "nonNegativeInteger")
XSD_DATE = _n(XSD + "date")
XSD_DATETIME = _n(XSD + "dateTime")
XSD_BOOLEAN = _n(XSD + "boolean")
XSD_ANYURI = _n(XSD + "anyURI")


@cache
def _term(iri: str) -> ox.NamedNode:
    """A vocabulary IRI (classes, properties, concepts: a small fixed set), made once per process:
    building a NamedNode checks the IRI, and an article's graph uses each term hundreds of times."""
    return ox.NamedNode(iri)


def nkg(name: str) -> ox.NamedNode:
    return _term(ONTOLOGY + name)


# The terms of every sentence and mention (hundreds of quads an article).
NIF_ANCHOR_OF = _term(NIF + "anchorOf")
NIF_BEGIN = _term(NIF + "beginIndex")
NIF_END = _term(NIF + "endIndex")
NIF_CONTEXT = _term(NIF + "referenceContext")
NIF_SENTENCE = _term(NIF + "Sentence")
NIF_PHRASE = _term(NIF + "Phrase")
NIF_IN_SENTENCE = _term(NIF + "sentence")
ITS_IDENT_REF = _term(ITSRDF + "taIdentRef")


@lru_cache(maxsize=1 << 16)
def _index(offset: int) -> ox.Literal:
    """A character offset as a literal; offsets recur across articles, so they are made once."""
    return ox.Literal(str(offset), datatype=XSD_NNI)


class Minter:
    """All instance IRIs under one base."""

    def __init__(self, base: str):
        self.base = base if base.endswith("/") else base + "/"

    def article(self, article_id: str) -> ox.NamedNode:
        return _n(f"{self.base}id/article/{article_id}")

    def graph(self, article_id: str) -> ox.NamedNode:
        return _n(f"{self.base}graph/{article_id}")

    def entity(self, e: Entity) -> ox.NamedNode:
        name = slug(e.labels.get("en") or e.label)
        if e.wikidata:
            name = f"{name}-{e.wikidata.lower()}"  # two items may share a label
        return _n(f"{self.base}id/{TYPE_PATHS[e.type]}/{name}")


def quads(extraction: Extraction, base: str) -> list[ox.Quad]:
    """The article's graph; each quad once (a fact found twice is still one fact)."""
    return list(dict.fromkeys(_Builder(extraction, Minter(base)).build()))


def graph_name(extraction: Extraction, base: str) -> ox.NamedNode:
    return Minter(base).graph(extraction.article.id)


class _Builder:
    def __init__(self, x: Extraction, mint: Minter):
        self.x = x
        self.mint = mint
        self.g = mint.graph(x.article.id)
        self.doc = mint.article(x.article.id)
        described = {**x.related, **x.entities}
        self.entity_iris = {k: mint.entity(e) for k, e in described.items()}
        self._out: list[ox.Quad] = []
        self._events = 0

    def add(self, s, p, o) -> None:
        self._out.append(ox.Quad(s, p, o, self.g))

    def lit(self, value: str, lang: str | None = None) -> ox.Literal:
        return ox.Literal(value, language=lang) if lang else ox.Literal(value)

    def build(self) -> Iterator[ox.Quad]:
        self._article()
        sentence_iris = self._sentences()
        self._entities()
        self._mentions(sentence_iris)
        self._posts()
        self._statements(sentence_iris)
        return iter(self._out)

    def _article(self) -> None:
        art, doc, add = self.x.article, self.doc, self.add
        add(doc, A, nkg("Article"))
        add(doc, A, _term(NIF + "Context"))
        add(doc, nkg("sourceFile"), self.lit(art.source))
        add(doc, nkg("extractorVersion"), self.lit(__version__))
        add(doc, _term(NIF + "isString"), self.lit(art.text))
        add(doc, _term(SCHEMA + "inLanguage"), self.lit(self.x.language))
        if art.url:
            add(doc, _term(SCHEMA + "url"), ox.Literal(art.url, datatype=XSD_ANYURI))
        if art.title:
            add(doc, _term(SCHEMA + "headline"), self.lit(art.title, self.x.language))
        if art.published is not None:
            add(doc, _term(SCHEMA + "datePublished"), _date_literal(art.published))
        if art.domain:
            add(doc, _term(SCHEMA + "publisher"), self.lit(art.domain))
        for author in art.authors:
            add(doc, _term(SCHEMA + "author"), self.lit(author))
        if self.x.reference_date:
            add(doc, nkg("referenceDate"), _date_literal(self.x.reference_date))
        if self.x.dateline:
            add(doc, _term(SCHEMA + "locationCreated"), self.entity_iris[self.x.dateline])
        for key in self.x.entities:
            add(doc, _term(SCHEMA + "mentions"), self.entity_iris[key])

    def _nif_string(self, iri, start: int, end: int, text: str) -> None:
        out, g = self._out, self.g
        out.append(ox.Quad(iri, NIF_ANCHOR_OF, ox.Literal(text), g))
        out.append(ox.Quad(iri, NIF_BEGIN, _index(start), g))
        out.append(ox.Quad(iri, NIF_END, _index(end), g))
        out.append(ox.Quad(iri, NIF_CONTEXT, self.doc, g))

    def _span(self, start: int, end: int) -> ox.NamedNode:
        return _n(f"{self.doc.value}#char={start},{end}")

    def _sentences(self) -> list[ox.NamedNode]:
        iris = []
        for s in self.x.sentences:
            iri = self._span(s.start, s.end)
            self.add(iri, A, NIF_SENTENCE)
            self._nif_string(iri, s.start, s.end, s.text)
            iris.append(iri)
        return iris

    def _entities(self) -> None:
        for key, e in {**self.x.related, **self.x.entities}.items():
            iri = self.entity_iris[key]
            self.add(iri, A, nkg(e.type))
            self.add(iri, _term(SKOS + "prefLabel"), self.lit(e.label, e.language))
            labels = dict(e.labels) or {e.language: e.label}
            for lang, label in labels.items():
                self.add(iri, _term(RDFS + "label"), self.lit(label, lang))
            if e.label not in labels.values():
                self.add(iri, _term(RDFS + "label"), self.lit(e.label, e.language))
            for alias in sorted(e.aliases - set(labels.values()) - {e.label}):
                self.add(iri, _term(SKOS + "altLabel"), self.lit(alias, self.x.language))
            if e.wikidata:
                self.add(iri, _term(OWL + "sameAs"), _n(WIKIDATA + e.wikidata))
            if key in self.x.country_of:
                self.add(iri, nkg("ofCountry"), self.entity_iris[self.x.country_of[key]])

    def _mentions(self, sentence_iris) -> None:
        for m in self.x.mentions:
            iri = self._span(m.start, m.end)
            self.add(iri, A, NIF_PHRASE)
            self._nif_string(iri, m.start, m.end, m.text)
            self.add(iri, NIF_IN_SENTENCE, sentence_iris[m.sentence])
            self.add(iri, ITS_IDENT_REF, self.entity_iris[m.entity])

    def _posts(self) -> None:
        for p in self.x.posts:
            org = self.x.entities.get(p.organization) if p.organization else None
            if org is None or org.type not in POST_OWNERS:
                continue  # a title of nobody named, or of a place ("governor of Darfur"), is not an org:Post
            org_iri = self.entity_iris[p.organization]
            iri = _n(org_iri.value.replace("/id/", "/id/post/", 1) + "/" + p.role)
            holder = self.entity_iris[p.holder]
            self.add(iri, A, _term(ORG + "Post"))
            self.add(iri, _term(RDFS + "label"), self.lit(p.label, self.x.language))
            self.add(iri, _term(ORG + "role"), _term(ROLE + p.role))
            self.add(iri, _term(ORG + "postIn"), org_iri)
            self.add(iri, _term(ORG + "heldBy"), holder)
            self.add(holder, _term(ORG + "holds"), iri)

    def _statements(self, sentence_iris) -> None:
        for n, st in enumerate(self.x.statements, start=1):
            iri = _n(f"{self.doc.value}/statement/{n}")
            add = self.add
            add(iri, A, nkg("Statement"))
            add(iri, nkg("speaker"), self.entity_iris[st.speaker])
            add(iri, nkg("isQuote"), ox.Literal("true" if st.quote else "false", datatype=XSD_BOOLEAN))
            add(iri, nkg("stance"), _term(STANCE + st.stance))
            if st.verb:
                add(iri, nkg("reportingVerb"), self.lit(st.verb, self.x.language))
            if st.content:
                add(iri, nkg("content"), self.lit(st.content, self.x.language))
            add(iri, nkg("sentence"), sentence_iris[st.sentence])
            add(iri, _term(PROV + "wasDerivedFrom"), sentence_iris[st.sentence])
            add(iri, nkg("reportedIn"), self.doc)
            if st.date:
                add(iri, nkg("saidOn"), _date_literal(st.date))
            for key in st.about:
                add(iri, nkg("about"), self.entity_iris[key])
            if st.place:
                add(iri, nkg("aboutPlace"), self.entity_iris[st.place])
            for q in st.quantities:
                add(iri, nkg("quantity"), self._quantity(q))
            for event in st.events:
                self._event(iri, event)

    def _event(self, statement: ox.NamedNode, e: Event) -> None:
        self._events += 1
        iri = _n(f"{self.doc.value}/event/{self._events}")
        self.add(iri, A, nkg("Event"))
        self.add(iri, nkg("eventType"), _term(EVTYPE + e.type))
        for key in e.actors:
            self.add(iri, _term(SEM + "hasActor"), self.entity_iris[key])
        if e.place:
            self.add(iri, _term(SEM + "hasPlace"), self.entity_iris[e.place])
        if e.date:
            self.add(iri, _term(SEM + "hasTimeStamp"), _date_literal(e.date))
        self.add(iri, nkg("reportedBy"), statement)
        self.add(statement, nkg("reports"), iri)

    def _quantity(self, q: Quantity) -> ox.NamedNode:
        iri = _n(f"{self.doc.value}/quantity/{q.start}")
        add = self.add
        add(iri, A, nkg("Quantity"))
        add(iri, nkg("value"), ox.Literal(str(q.value), datatype=XSD_INTEGER))
        add(iri, nkg("bound"), self.lit(q.bound))
        add(iri, nkg("quantityKind"), _term(KIND + q.kind))
        add(iri, nkg("unitText"), self.lit(q.unit, self.x.language))
        add(iri, nkg("surfaceForm"), self.lit(q.text))
        if q.count_of and q.count_of in self.entity_iris:
            add(iri, nkg("countOf"), self.entity_iris[q.count_of])
        return iri


def _date_literal(value: date | datetime) -> ox.Literal:
    if isinstance(value, datetime):
        return ox.Literal(value.isoformat(), datatype=XSD_DATETIME)
    return ox.Literal(value.isoformat(), datatype=XSD_DATE)


