"""Self-descriptions: the SPARQL 1.1 Service Description and the VoID description of the dataset.

* ``GET /sparql`` without a ``query`` answers with a `SPARQL 1.1 Service Description
  <https://www.w3.org/TR/sparql11-service-description/>`_ (:func:`service_description_response`,
  called by :mod:`kg.web.sparql`): the endpoint, the result formats offered, the features
  (``sd:UnionDefaultGraph``; ``sd:BasicFederatedQuery`` only when some ``SERVICE`` host is allowed),
  and the default dataset with the size of its default graph (the union) and of every named graph.
  When an update token is configured, the update endpoint is a second ``sd:Service`` (the
  vocabulary has one endpoint per service).
* ``GET /.well-known/void`` (RFC 5785 name from the `VoID <https://www.w3.org/TR/void/>`_ note)
  describes the dataset: statistics, class and property partitions, vocabularies used, example
  resources, the SPARQL endpoint and the dumps.

Both are negotiated like graph results (Turtle by default; N-Triples, JSON-LD, RDF/XML, also via
``format=``), written by Oxigraph, and carry a strong ``ETag`` (store revision, media type, request
URL root, relevant settings) and ``Last-Modified``; ``If-None-Match`` / ``If-Modified-Since`` get a
``304`` before anything is counted. The counts are computed by SPARQL over the store once per store
revision and kept in memory until the next write.

The SD's ``sd:defaultDataset`` and the VoID ``void:Dataset`` are one resource,
``</.well-known/void#dataset>``, so following it from the service description leads to the VoID.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request, url_for

from kg.namespaces import DCTERMS, ONTOLOGY, PREFIXES, RDF, RDFS, XSD
from kg.stores.local import DUMP_FORMATS, Store

from .dumps import DUMPS, Validators, last_modified, make_etag
from .negotiation import negotiate, requested_accept
from .responses import plain as _plain
from .results import GRAPH_FORMATS, RESULT_FORMATS, content_type

bp = Blueprint("description", __name__)

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
FORMATS = "http://www.w3.org/ns/formats/"
ENTAILMENT = "http://www.w3.org/ns/entailment/"
FOAF = "http://xmlns.com/foaf/0.1/"

DESCRIPTION_PREFIXES = {
    "sd": SD,
    "void": VOID,
    "formats": FORMATS,
    "entailment": ENTAILMENT,
    "foaf": FOAF,
    "dcterms": DCTERMS,
    "rdfs": RDFS,
    "xsd": XSD,
}
# The RDF formats of the endpoint's graph results (Turtle first: the default); not its HTML page.
RDF_FORMATS = {media: fmt for media, fmt in GRAPH_FORMATS.items() if isinstance(fmt, ox.RdfFormat)}
OFFERED = list(RDF_FORMATS)
HTML = "text/html"
CACHE_CONTROL = "public, no-cache"  # always revalidate: cheap with the ETag
VOID_PATH = "/.well-known/void"
EXAMPLES = 3  # void:exampleResource

# Settings are fixed when the process starts; a Last-Modified never predates that, so a client
# that only sends If-Modified-Since sees a change of title or base after a restart.
_STARTED = time.time()

_TYPE = ox.NamedNode(RDF + "type")


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _format_iri(fmt: ox.RdfFormat | ox.QueryResultsFormat) -> str:
    # pyoxigraph 0.5 names JSON-LD https://www.w3.org/ns/formats/data/JSON-LD; the W3C list says:
    return FORMATS + "JSON-LD" if fmt == ox.RdfFormat.JSON_LD else fmt.iri


# --- per-revision cache of the counts ------------------------------------------------------------


class RevisionCache:
    """One value computed from the store, kept until the store's revision changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entry: tuple[str, Any] | None = None

    def get(self, store: Store, compute: Callable[[Store], Any]) -> Any:
        entry = self._entry
        if entry is not None and entry[0] == store.revision:
            return entry[1]
        with self._lock:  # one computation at a time; the others wait for its result
            revision = store.revision
            entry = self._entry
            if entry is not None and entry[0] == revision:
                return entry[1]
            value = compute(store)
            if store.revision == revision:  # not written meanwhile: the counts belong to `revision`
                self._entry = (revision, value)
            return value


def _cache(name: str) -> RevisionCache:
    return current_app.extensions.setdefault(f"newskg.{name}", RevisionCache())


def _rows(store: Store, sparql: str) -> list[tuple]:
    """Solutions as tuples, over the union default graph the endpoint uses."""
    return [tuple(solution) for solution in store.query(sparql, use_default_graph_as_union=True)]


def _int(term: ox.Literal | None) -> int:
    return int(term.value) if term is not None else 0


# Oxigraph 0.5 evaluates the union default graph as a bag (a triple in two graphs is seen twice),
# so triples are counted DISTINCT; COUNT(DISTINCT ...) needs no such care.
UNION_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
# GRAPH ?g {} lists every named graph, empty ones too; one GROUP BY however many graphs there are.
GRAPH_TRIPLES = "SELECT ?g (COUNT(?s) AS ?n) WHERE { GRAPH ?g {} OPTIONAL { GRAPH ?g { ?s ?p ?o } } } GROUP BY ?g"
PROPERTY_PARTITIONS = """
SELECT ?p (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects)
WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } } GROUP BY ?p
"""
CLASS_PARTITIONS = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c"
TOTALS = """
SELECT (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects) (COUNT(DISTINCT ?e) AS ?entities)
WHERE { ?s ?p ?o BIND(IF(isIRI(?s) && STRSTARTS(STR(?s), %s), ?s, ?unbound) AS ?e) }
"""
ARTICLE_EXAMPLES = f"SELECT DISTINCT ?s WHERE {{ ?s a <{ONTOLOGY}Article> FILTER(isIRI(?s)) }} LIMIT {EXAMPLES}"
ENTITY_EXAMPLES = "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), %s)) } LIMIT " + str(EXAMPLES)


@dataclass(frozen=True)
class GraphCounts:
    """What the service description counts: the union default graph and every named graph."""

    default_triples: int
    named: list[tuple[ox.NamedNode, int]]  # sorted by IRI


@dataclass(frozen=True)
class DatasetStats:
    """What the VoID description counts, over the union of all graphs (distinct triples)."""

    triples: int
    subjects: int
    objects: int
    entities: int  # distinct IRI subjects under the instance base (void:uriSpace)
    properties: list[tuple[ox.NamedNode, int, int, int]]  # property, triples, subjects, objects
    classes: list[tuple[ox.NamedNode, int]]  # class, instances
    examples: list[ox.NamedNode]


def graph_counts(store: Store) -> GraphCounts:
    named = [(g, _int(n)) for g, n in _rows(store, GRAPH_TRIPLES) if isinstance(g, ox.NamedNode)]
    named.sort(key=lambda row: row[0].value)
    return GraphCounts(_int(_rows(store, UNION_TRIPLES)[0][0]), named)


def dataset_stats(store: Store, base: str) -> DatasetStats:
    base_literal = str(ox.Literal(base))  # N-Triples escaping is valid SPARQL
    properties = sorted(
        ((p, _int(t), _int(s), _int(o)) for p, t, s, o in _rows(store, PROPERTY_PARTITIONS)),
        key=lambda row: row[0].value,
    )
    classes = sorted(
        ((c, _int(n)) for c, n in _rows(store, CLASS_PARTITIONS) if isinstance(c, ox.NamedNode)),
        key=lambda row: row[0].value,
    )
    subjects, objects, entities = (_int(v) for v in _rows(store, TOTALS % base_literal)[0])
    examples = [s for (s,) in _rows(store, ARTICLE_EXAMPLES)] or [
        s for (s,) in _rows(store, ENTITY_EXAMPLES % base_literal)
    ]
    return DatasetStats(
        triples=sum(t for _, t, _, _ in properties),  # each distinct triple has one property
        subjects=subjects,
        objects=objects,
        entities=entities,
        properties=properties,
        classes=classes,
        examples=sorted(examples, key=lambda node: node.value),
    )


def namespace(iri: str) -> str:
    """The namespace of a term IRI: everything up to its last ``#`` or ``/``."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1] if cut >= 0 else iri


# --- the documents -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Urls:
    """Absolute URLs of this deployment, as the request reached it."""

    root: str  # request.url_root, ending in "/"

    @property
    def sparql(self) -> str:
        return self.root + "sparql"

    @property
    def update(self) -> str:
        return self.root + "update"

    @property
    def void(self) -> str:
        return self.root + VOID_PATH.lstrip("/")

    @property
    def dataset(self) -> str:
        return self.void + "#dataset"

    @staticmethod
    def dump(filename: str) -> str:
        return url_for("dumps.download", name=filename, _external=True)


def service_description(
    urls: Urls, counts: GraphCounts, *, title: str, update: bool, federated: bool
) -> Iterator[ox.Triple]:
    """The SD triples; blank node labels are fixed so that equal inputs serialise identically."""
    service = ox.BlankNode("service")
    dataset = _n(urls.dataset)
    yield ox.Triple(service, _TYPE, _n(SD + "Service"))
    yield ox.Triple(service, _n(DCTERMS + "title"), ox.Literal(f"{title} SPARQL endpoint"))
    yield ox.Triple(service, _n(SD + "endpoint"), _n(urls.sparql))
    yield ox.Triple(service, _n(SD + "supportedLanguage"), _n(SD + "SPARQL11Query"))
    offered = [f for f in (*RESULT_FORMATS.values(), *GRAPH_FORMATS.values()) if f is not None]  # None: HTML
    for iri in dict.fromkeys(_format_iri(f) for f in offered):
        yield ox.Triple(service, _n(SD + "resultFormat"), _n(iri))
    yield ox.Triple(service, _n(SD + "feature"), _n(SD + "UnionDefaultGraph"))
    if federated:
        yield ox.Triple(service, _n(SD + "feature"), _n(SD + "BasicFederatedQuery"))
    yield ox.Triple(service, _n(SD + "defaultEntailmentRegime"), _n(ENTAILMENT + "Simple"))
    yield ox.Triple(service, _n(SD + "defaultDataset"), dataset)
    yield ox.Triple(service, _n(RDFS + "seeAlso"), _n(urls.void))

    yield ox.Triple(dataset, _TYPE, _n(SD + "Dataset"))
    yield ox.Triple(dataset, _n(RDFS + "seeAlso"), _n(urls.void))
    default = ox.BlankNode("defaultGraph")
    yield ox.Triple(dataset, _n(SD + "defaultGraph"), default)
    yield ox.Triple(default, _TYPE, _n(SD + "Graph"))
    yield ox.Triple(default, _n(RDFS + "comment"), ox.Literal("The union of all named graphs.", language="en"))
    yield ox.Triple(default, _n(VOID + "triples"), ox.Literal(counts.default_triples))
    for i, (name, triples) in enumerate(counts.named):
        named, graph = ox.BlankNode(f"namedGraph{i}"), ox.BlankNode(f"graph{i}")
        yield ox.Triple(dataset, _n(SD + "namedGraph"), named)
        yield ox.Triple(named, _TYPE, _n(SD + "NamedGraph"))
        yield ox.Triple(named, _n(SD + "name"), name)
        yield ox.Triple(named, _n(SD + "graph"), graph)
        yield ox.Triple(graph, _TYPE, _n(SD + "Graph"))
        yield ox.Triple(graph, _n(VOID + "triples"), ox.Literal(triples))

    if update:
        # The update endpoint writes to the same store, but its default graph is the store's own
        # default graph, not the union: so it gets no sd:defaultDataset here.
        service = ox.BlankNode("updateService")
        yield ox.Triple(service, _TYPE, _n(SD + "Service"))
        yield ox.Triple(service, _n(DCTERMS + "title"), ox.Literal(f"{title} SPARQL update endpoint"))
        yield ox.Triple(service, _n(SD + "endpoint"), _n(urls.update))
        yield ox.Triple(service, _n(SD + "supportedLanguage"), _n(SD + "SPARQL11Update"))
        yield ox.Triple(
            service,
            _n(RDFS + "comment"),
            ox.Literal("Requires the operator's token (Authorization: Bearer ...).", language="en"),
        )


def void_description(urls: Urls, stats: DatasetStats, *, title: str, base: str, modified: float) -> Iterator[ox.Triple]:
    """The VoID triples; blank node labels are fixed so that equal inputs serialise identically."""
    document, dataset = _n(urls.void), _n(urls.dataset)
    yield ox.Triple(document, _TYPE, _n(VOID + "DatasetDescription"))
    yield ox.Triple(document, _n(DCTERMS + "title"), ox.Literal(f"VoID description of {title}", language="en"))
    yield ox.Triple(document, _n(FOAF + "primaryTopic"), dataset)

    yield ox.Triple(dataset, _TYPE, _n(VOID + "Dataset"))
    yield ox.Triple(dataset, _n(DCTERMS + "title"), ox.Literal(title))
    yield ox.Triple(
        dataset,
        _n(DCTERMS + "description"),
        ox.Literal(
            f"{title}: what news articles report about armed conflict, as read by newskg. Every article "
            "is a named graph of its own; the default graph of the SPARQL endpoint is their union.",
            language="en",
        ),
    )
    stamp = datetime.fromtimestamp(int(modified), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    yield ox.Triple(dataset, _n(DCTERMS + "modified"), ox.Literal(stamp, datatype=_n(XSD + "dateTime")))
    # No dcterms:license: MIT (pyproject.toml) licenses the newskg code, not the data, and the data's
    # licence depends on the articles an operator ingests. It is not ours to state here.
    yield ox.Triple(dataset, _n(VOID + "sparqlEndpoint"), _n(urls.sparql))
    yield ox.Triple(dataset, _n(VOID + "uriSpace"), ox.Literal(base))
    for dump in DUMPS.values():
        yield ox.Triple(dataset, _n(VOID + "dataDump"), _n(urls.dump(dump.filename)))
    for iri in dict.fromkeys(_format_iri(DUMP_FORMATS[d.fmt]) for d in DUMPS.values()):
        yield ox.Triple(dataset, _n(VOID + "feature"), _n(iri))
    # No void:rootResource: the data is not a hierarchy with one top. No void:subset per named
    # graph: the service description at /sparql already lists every graph with its size.

    yield ox.Triple(dataset, _n(VOID + "triples"), ox.Literal(stats.triples))
    yield ox.Triple(dataset, _n(VOID + "entities"), ox.Literal(stats.entities))
    yield ox.Triple(dataset, _n(VOID + "distinctSubjects"), ox.Literal(stats.subjects))
    yield ox.Triple(dataset, _n(VOID + "distinctObjects"), ox.Literal(stats.objects))
    yield ox.Triple(dataset, _n(VOID + "classes"), ox.Literal(len(stats.classes)))
    yield ox.Triple(dataset, _n(VOID + "properties"), ox.Literal(len(stats.properties)))
    terms = [p.value for p, *_ in stats.properties] + [c.value for c, _ in stats.classes]
    for vocabulary in sorted({namespace(t) for t in terms}):
        yield ox.Triple(dataset, _n(VOID + "vocabulary"), _n(vocabulary))
    for example in stats.examples:
        yield ox.Triple(dataset, _n(VOID + "exampleResource"), example)
    for i, (cls, instances) in enumerate(stats.classes):
        partition = ox.BlankNode(f"class{i}")
        yield ox.Triple(dataset, _n(VOID + "classPartition"), partition)
        yield ox.Triple(partition, _n(VOID + "class"), cls)
        yield ox.Triple(partition, _n(VOID + "entities"), ox.Literal(instances))
    for i, (prop, triples, subjects, objects) in enumerate(stats.properties):
        partition = ox.BlankNode(f"property{i}")
        yield ox.Triple(dataset, _n(VOID + "propertyPartition"), partition)
        yield ox.Triple(partition, _n(VOID + "property"), prop)
        yield ox.Triple(partition, _n(VOID + "triples"), ox.Literal(triples))
        yield ox.Triple(partition, _n(VOID + "distinctSubjects"), ox.Literal(subjects))
        yield ox.Triple(partition, _n(VOID + "distinctObjects"), ox.Literal(objects))


# --- HTTP ----------------------------------------------------------------------------------------


def _negotiated(offered: list[str] = OFFERED) -> str | Response:
    """The media type to answer in, or the error response (which varies with ``Accept`` too)."""
    try:
        accept = requested_accept(request.args.get("format", ""), request.headers.get("Accept"))
    except ValueError as exc:
        return _varying(_plain(400, str(exc)))
    media_type = negotiate(accept, offered)
    if media_type is None:
        return _varying(_plain(406, "Not Acceptable: this description can be had as " + ", ".join(OFFERED)))
    return media_type


def _varying(response: Response) -> Response:
    response.vary.add("Accept")
    return response


def _respond(
    media_type: str, validators: Validators, triples: Callable[[], Iterator[ox.Triple]], prefixes: dict[str, str]
) -> Response:
    if validators.fresh():
        response = validators.not_modified()
    else:
        body = ox.serialize(triples(), format=RDF_FORMATS[media_type], prefixes=prefixes)
        response = validators.apply(Response(body, content_type=content_type(media_type)))
    response.vary.add("Accept")
    return response


def _last_modified(store: Store) -> datetime | None:
    return last_modified(max(store.modified, _STARTED))


def service_description_response() -> Response:
    """The answer to ``GET /sparql`` without a query."""
    media_type = _negotiated()
    if isinstance(media_type, Response):
        return media_type
    store: Store = current_app.extensions["newskg.store"]
    title = current_app.extensions["newskg.title"]
    urls = Urls(request.url_root)
    update = bool(current_app.config.get("NEWSKG_UPDATE_TOKEN"))
    federated = bool(current_app.config.get("NEWSKG_SERVICE_HOSTS"))
    etag = make_etag("sd", store.revision, media_type, urls.sparql, title, update, federated)
    validators = Validators(etag, _last_modified(store), CACHE_CONTROL)

    def triples() -> Iterator[ox.Triple]:
        counts = _cache("sd_counts").get(store, graph_counts)
        return service_description(urls, counts, title=title, update=update, federated=federated)

    return _respond(media_type, validators, triples, DESCRIPTION_PREFIXES)


@bp.route(VOID_PATH)
def void() -> Response:
    media_type = _negotiated(OFFERED + [HTML])  # HTML last: only a client that prefers it (a browser) gets it
    if isinstance(media_type, Response):
        return media_type
    store: Store = current_app.extensions["newskg.store"]
    title = current_app.extensions["newskg.title"]
    base = current_app.config["NEWSKG_BASE"]
    urls = Urls(request.url_root)
    revision, modified = store.revision, store.modified
    etag = make_etag("void", revision, media_type, urls.root, title, base)
    validators = Validators(etag, _last_modified(store), CACHE_CONTROL)

    def triples() -> Iterator[ox.Triple]:
        stats = _cache("void_stats").get(store, lambda s: dataset_stats(s, base))
        return void_description(urls, stats, title=title, base=base, modified=modified)

    if media_type == HTML:
        if validators.fresh():
            response = validators.not_modified()
        else:
            from .views.describing import void_page

            stats = _cache("void_stats").get(store, lambda s: dataset_stats(s, base))
            page = void_page(stats, urls, title=title, dumps=list(DUMPS.values()))
            response = validators.apply(Response(page, content_type="text/html; charset=utf-8"))
        response.vary.add("Accept")
        return response
    return _respond(media_type, validators, triples, {**PREFIXES, **DESCRIPTION_PREFIXES})
