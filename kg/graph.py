"""Extraction results to quads, shaped by the ontology (see docs/model.md), one graph per article.

IRIs are minted here and only here, deterministically: the same article and the same committed
tables give the same IRIs, whatever else a store holds. Which entity an entity of the article is
(and so its IRI) is decided by :mod:`kg.identity`; which claim a statement reports, by
:mod:`kg.claims`. The article's graph holds what the article says, with each entity's type and
the name the article gives it (``nkg:articleLabel``); the canonical description of entities
(``skos:prefLabel``, gazetteer labels and links) and the claims' tallies are the shared graphs
:mod:`kg.pipeline.shared` keeps.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime
from functools import cache, lru_cache

import pyoxigraph as ox

from . import __version__, claims, identity
from .extract.model import Event, Extraction, Quantity, Statement
from .identity import Identity
from .namespaces import EVTYPE, SEM, ITSRDF, KIND, NIF, ONTOLOGY, ORG, OWL, PROV, RDF, RDFS, ROLE, SCHEMA, STANCE, WIKIDATA, XSD

POST_OWNERS = ("Organization", "MilitaryUnit", "Country")  # org:postIn's range is org:Organization


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


A = _n(RDF + "type")
XSD_INTEGER = _n(XSD + "integer")
XSD_NNI = _n(XSD + "nonNegativeInteger")
XSD_DATE = _n(XSD + "date")
XSD_DATETIME = _n(XSD + "dateTime")
XSD_BOOLEAN = _n(XSD + "boolean")
XSD_ANYURI = _n(XSD + "anyURI")
XSD_GYEARMONTH = _n(XSD + "gYearMonth")


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

    def shared_graph(self, name: str) -> ox.NamedNode:
        """``entities`` or ``claims``: the graphs :mod:`kg.pipeline.shared` keeps (article ids have no ``/``)."""
        return _n(f"{self.base}graph/shared/{name}")

    def entity(self, who: Identity) -> ox.NamedNode:
        """``{base}id/{type}/{slug}``: the QID is never part of it (see :mod:`kg.identity`)."""
        return _n(f"{self.base}id/{who.path}")

    def claim(self, group_key: str) -> ox.NamedNode:
        return _n(f"{self.base}id/claim/{claims.local_name(group_key)}")


def _hex(*parts: object) -> str:
    """16 hex digits of SHA-256 over ``parts``: the local name of statements, events and sources,
    which must not change when extraction finds one more or one fewer of them elsewhere."""
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def quads(extraction: Extraction, base: str) -> list[ox.Quad]:
    """The article's graph; each quad once (a fact found twice is still one fact)."""
    return list(dict.fromkeys(_Builder(extraction, Minter(base)).build()))


def minted(extraction: Extraction, base: str) -> dict[tuple, str]:
    """The IRIs the article's graph mints, keyed by what each is the IRI of: ``("entity", key)``,
    ``("statement", n)`` and ``("event", n, k)`` (n counts the extraction's statements from 1, k a
    statement's events from 0). For :mod:`kg.identity.redirects`."""
    builder = _Builder(extraction, Minter(base))
    builder.build()
    return builder.minted


def graph_name(extraction: Extraction, base: str) -> ox.NamedNode:
    return Minter(base).graph(extraction.article.id)


class _Builder:
    def __init__(self, x: Extraction, mint: Minter):
        self.x = x
        self.mint = mint
        self.g = mint.graph(x.article.id)
        self.doc = mint.article(x.article.id)
        self.identities = identity.resolve(x)
        self.entity_iris = {k: mint.entity(who) for k, who in self.identities.items()}
        self.source_iris = {k: self._source_iri(s) for k, s in x.sources.items()}
        self.minted: dict[tuple, str] = {("entity", k): iri.value for k, iri in self.entity_iris.items()}
        self._out: list[ox.Quad] = []

    def add(self, s, p, o) -> None:
        self._out.append(ox.Quad(s, p, o, self.g))

    def lit(self, value: str, lang: str | None = None) -> ox.Literal:
        return ox.Literal(value, language=lang) if lang else ox.Literal(value)

    def build(self) -> Iterator[ox.Quad]:
        self._article()
        sentence_iris = self._sentences()
        self._entities()
        self._sources()
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
            add(doc, _term(SCHEMA + "mentions"), self.entity_iris[key])  # a short form and its entity: once

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
        """Each entity once, however many keys of the extraction it is: its type, the one name this
        article gives it (``nkg:articleLabel``) and every name the article wrote (``rdfs:label``).
        What the gazetteer says (labels, QID, country) is in the entities graph, not here; a link
        or a country that only this article gave an entity the gazetteer does not know stays here."""
        described = {**self.x.related, **self.x.entities}
        keys_of: dict[str, list[str]] = {}
        for key in described:
            keys_of.setdefault(self.entity_iris[key].value, []).append(key)
        mentions = Counter(m.entity for m in self.x.mentions)
        for keys in keys_of.values():
            main = min(keys, key=lambda k: self._label_rank(k, described[k], mentions[k]))
            who, e = self.identities[main], described[main]
            iri = self.entity_iris[main]
            self.add(iri, A, nkg(who.type))
            self.add(iri, nkg("articleLabel"), self.lit(e.label, e.language))
            names = {(described[k].label, described[k].language) for k in keys}
            names |= {(alias, self.x.language) for k in keys for alias in described[k].aliases}
            for name, lang in sorted(names):
                self.add(iri, _term(RDFS + "label"), self.lit(name, lang))
            for k in sorted(keys):
                linked = described[k].wikidata
                if linked and (who.entry is None or who.entry.wikidata != linked):
                    self.add(iri, _term(OWL + "sameAs"), _n(WIKIDATA + linked))  # found by online linking
                if who.entry is None and k in self.x.country_of:
                    self.add(iri, nkg("ofCountry"), self.entity_iris[self.x.country_of[k]])
        self._gazetteer_countries(keys_of)

    def _gazetteer_countries(self, described: dict[str, list[str]]) -> None:
        """The countries the entities graph will say the article's gazetteer entities belong to,
        named here too when the extraction did not (an entity it did not link that the tables
        resolved to a row): the entities graph describes only what some article names."""
        tables = identity.default_tables()
        for who in self.identities.values():
            country = tables.countries.get(who.entry.country or "") if who.entry is not None and who.entry.type != "Country" else None
            if country is None:
                continue
            iri = self.mint.entity(tables.identity_of_entry(country))
            if iri.value not in described:
                described[iri.value] = []
                self.add(iri, A, nkg("Country"))
                self.add(iri, nkg("articleLabel"), self.lit(country.label(self.x.language), self.x.language))

    def _label_rank(self, key: str, e, mentions: int) -> tuple:
        """Which key's name the article gives an entity that several keys are: not a person's one
        name ("Lee" beside "Lee Jae-woon"), then the name the article uses most ("South Korea's
        National Intelligence Service", then "the NIS" five times: the agency's name is "National
        Intelligence Service"), then the gazetteer's own entity, the longest name, the first in
        code-point order."""
        who = self.identities[key]
        surname = who.short_form and who.type == "Person"
        return (surname, -mentions, not (who.entry is not None and who.entry.key == key), -len(e.label), e.label)

    def _source_iri(self, source) -> ox.NamedNode:
        where = source.start if source.start is not None else source.key
        return _n(f"{self.doc.value}/source/{_hex(source.description, where)}")

    def _sources(self) -> None:
        """Unnamed sources: article-scoped nodes, since nothing says two articles' "senior
        official" is one person."""
        for key, source in self.x.sources.items():
            iri = self.source_iris[key]
            self.add(iri, A, nkg("AnonymousSource"))
            self.add(iri, _term(SCHEMA + "description"), self.lit(source.description, source.language))
            if source.affiliation in self.entity_iris:
                self.add(iri, _term(ORG + "memberOf"), self.entity_iris[source.affiliation])

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
            if org is None or self.identities[p.organization].type not in POST_OWNERS:
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

    def _speaker(self, key: str) -> ox.NamedNode | None:
        return self.entity_iris.get(key) or self.source_iris.get(key)

    def _statements(self, sentence_iris) -> None:
        seen: dict[tuple, int] = {}
        for number, st in enumerate(self.x.statements, start=1):
            speaker = self._speaker(st.speaker)
            if speaker is None:
                continue  # a speaker the extraction does not describe: nothing to attribute it to
            sentence = self.x.sentences[st.sentence]
            # Named by what makes it this statement, the sentence's words and the speaker, so
            # that it keeps its IRI when extraction finds more or fewer statements elsewhere; the
            # count tells apart the same words by the same speaker twice in one article.
            ident = (sentence.text, speaker.value[len(self.mint.base):])
            n = seen[ident] = seen.get(ident, -1) + 1
            local = _hex(*ident, n)
            iri = _n(f"{self.doc.value}/statement/{local}")
            self.minted[("statement", number)] = iri.value
            add = self.add
            add(iri, A, nkg("Statement"))
            add(iri, nkg("speaker"), speaker)
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
                if key in self.entity_iris and self.entity_iris[key] != speaker:  # a short form of the speaker is the speaker
                    add(iri, nkg("about"), self.entity_iris[key])
            if st.place:
                add(iri, nkg("aboutPlace"), self.entity_iris[st.place])
            if st.outlet in self.entity_iris:
                add(iri, nkg("via"), self.entity_iris[st.outlet])
            for key in st.citing:
                cited = self._speaker(key)
                if cited is not None:
                    add(iri, nkg("citing"), cited)
            for q in st.quantities:
                add(iri, nkg("quantity"), self._quantity(q))
            for k, event in enumerate(st.events):
                self.minted[("event", number, k)] = self._event(iri, local, k, event).value
            self._claims(iri, st, speaker)

    def _event(self, statement: ox.NamedNode, local: str, k: int, e: Event) -> ox.NamedNode:
        iri = _n(f"{self.doc.value}/event/{_hex(local, k)}")
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
        return iri

    def _claims(self, statement: ox.NamedNode, st: Statement, speaker: ox.NamedNode) -> None:
        """The claims the statement reports (:mod:`kg.claims`): one per figure, one for the first
        event with a place."""
        base = len(self.mint.base) + len("id/")
        if st.speaker in self.x.sources:
            affiliation = self.x.sources[st.speaker].affiliation
            who = "anonymous" + (f"/{self.entity_iris[affiliation].value[base:]}" if affiliation in self.entity_iris else "")
        else:
            who = speaker.value[base:]
        said = st.date or self.x.reference_date
        for q in st.quantities:
            self._claim(statement, speaker, claims.figure_key(who, q.kind, q.bound, q.value, said), said)
        event = next((e for e in st.events if e.place), None)
        if event is not None:
            when = event.date or said
            self._claim(statement, speaker, claims.event_key(who, event.type, self.entity_iris[event.place].value[base:], when), when)

    def _claim(self, statement: ox.NamedNode, speaker: ox.NamedNode, group_key: str | None, when: date | None) -> None:
        """One claim as this article sees it: every article that reports it writes the same
        description (type, speaker, month, key), plus its own report."""
        if group_key is None or when is None:
            return
        iri = self.mint.claim(group_key)
        self.add(iri, A, nkg("Claim"))
        self.add(iri, _term(PROV + "wasAttributedTo"), speaker)
        self.add(iri, nkg("claimMonth"), ox.Literal(claims.month(when), datatype=XSD_GYEARMONTH))
        self.add(iri, nkg("claimKey"), self.lit(group_key))
        self.add(iri, nkg("reportedBy"), statement)
        self.add(iri, _term(SCHEMA + "appearance"), self.doc)
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


