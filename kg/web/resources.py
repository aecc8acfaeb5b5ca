"""Linked data: every IRI newskg mints dereferences on this server, and so does the ontology.

The scheme follows W3C "Cool URIs for the Semantic Web" (https://www.w3.org/TR/cooluris/).
A request path ``P`` stands for the IRI ``NEWSKG_BASE + P`` (without the leading slash), whatever
host the server runs at; pages link local IRIs to this server's URLs and show the real IRI.

=====================================  =============================================================
request                                answer
=====================================  =============================================================
``/id/{path}``                         the *thing* ``{base}id/{path}`` (a person, an article, a
                                       statement…): ``303 See Other`` → ``/doc/{path}``; 404 when no
                                       triple has the IRI as subject or object
``/doc/{path}``                        the document about it, negotiated (``Vary: Accept``,
                                       ``Content-Location`` names the variant): HTML, Turtle,
                                       N-Triples, JSON-LD, RDF/XML; 406 when none is acceptable
``/doc/{path}.html|.ttl|.nt|.jsonld|.rdf``  one fixed format
``/graph/{id}``                        the named graph ``{base}graph/{id}`` (one article, the unit
                                       of provenance): HTML describes it, RDF is its content;
                                       variants ``/graph/{id}.ttl`` etc.; full content also at
                                       ``/store?graph={IRI}``
``/ontology``                          the ontology ``https://w3id.org/newskg/ontology`` (fixed,
                                       whatever the base): Turtle is ``ontology/newskg.ttl`` itself,
                                       HTML its documentation with an anchor per term
                                       (``nkg:Statement`` → ``/ontology#Statement``); variants
                                       ``/ontology.ttl`` etc.
``/stance/{x}`` ``/role/{x}``          SKOS concepts (and ``/stance`` … their schemes): 303 →
``/kind/{x}`` ``/event-type/{x}``      ``/ontology/{scheme}/{x}`` (negotiated, variants as above)
``/shapes``, ``/ontology/shapes``      the SHACL shapes ``ontology/shapes.ttl`` (RDF only)
=====================================  =============================================================

An article's document includes its sentences and mentions (``{article}#char=b,e``), since
browsers never send the fragment; the HTML gives each one an ``id`` equal to its fragment.

The RDF about a resource is a bounded description: every triple with it as subject (over all
graphs, distinct), up to :data:`IN_LIMIT` triples with it as object, the labels of the resources
it links to, for an article its sentences and mentions, and for anything that is a speaker,
subject or source of statements those statements with their sentence and article.

Request paths are percent-decoded and must then make a valid IRI in their namespace: ``.`` or
``..`` segments, ``#``, ``?`` (also as ``%2E``, ``%23``…) and anything ``NamedNode`` refuses are
400; no file path is ever built from a URL (the ontology and shapes files are fixed). HTML tables
stop at ``NEWSKG_HTML_MAX_ROWS`` rows and say so; values from the data are autoescaped, and only
``http(s)`` IRIs become links.

Answers carry ``Cache-Control`` and a (weak) ``ETag`` made of the store's revision (the ontology
file's for the ontology), the path and the media type; ``If-None-Match`` gives 304. Store query
results are consumed in the request thread.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

import pyoxigraph as ox
from flask import (
    Blueprint,
    Response,
    current_app,
    redirect,
    render_template,
    render_template_string,
    request,
)

from kg.namespaces import (
    DCTERMS,
    EVTYPE,
    ITSRDF,
    KIND,
    NIF,
    ONTOLOGY,
    OWL,
    PREFIXES,
    RDF,
    RDFS,
    ROLE,
    SCHEMA,
    SKOS,
    STANCE,
    WIKIDATA,
    XSD,
)
from kg.paths import project_dir

from .negotiation import negotiate

bp = Blueprint("resources", __name__)

# --- formats --------------------------------------------------------------------------------

HTML = "text/html"
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/xml": ox.RdfFormat.RDF_XML,  # as /sparql does for graphs; never the default
}
EXTENSIONS = {  # file extension -> media type (fixed-format variants)
    "html": HTML,
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdf": "application/rdf+xml",
}
EXTENSION_OF = {media: ext for ext, media in EXTENSIONS.items()} | {"application/xml": "rdf"}
FORMAT_NAMES = {HTML: "HTML", "text/turtle": "Turtle", "application/n-triples": "N-Triples",
                "application/ld+json": "JSON-LD", "application/rdf+xml": "RDF/XML"}
OFFERED = [HTML, *RDF_FORMATS]  # server preference: HTML for */* (browsers, people)
OFFERED_RDF = list(RDF_FORMATS)
DOWNLOADS = [m for m in RDF_FORMATS if m in FORMAT_NAMES]

CACHE_CONTROL = "public, max-age=300"

# --- limits ---------------------------------------------------------------------------------

OUT_LIMIT = 10_000  # triples with the resource as subject
IN_LIMIT = 500  # triples with the resource as object
FRAGMENT_LIMIT = 20_000  # triples about an article's sentences and mentions
GRAPHS_LIMIT = 100  # named graphs listed as sources of a resource

# --- fixed IRIs -----------------------------------------------------------------------------

NEWSKG = "https://w3id.org/newskg/"
ONTOLOGY_IRI = ONTOLOGY.rstrip("#")
SHAPES_IRI = NEWSKG + "shapes"
CONCEPT_NAMESPACES = {"stance": STANCE, "role": ROLE, "kind": KIND, "event-type": EVTYPE}
ENTITY_PATHS = ("person", "organization", "unit", "country", "location")

TYPE = ox.NamedNode(RDF + "type")
SAME_AS = ox.NamedNode(OWL + "sameAs")
LABEL_PREDICATES = [ox.NamedNode(SKOS + "prefLabel"), ox.NamedNode(RDFS + "label")]
NAME_PREDICATES = [*LABEL_PREDICATES, ox.NamedNode(SKOS + "altLabel")]
# what names a linked resource on a page, best first: names and headlines, a text's words, a file
LABEL_RANK = {
    ox.NamedNode(SKOS + "prefLabel"): 0,
    ox.NamedNode(RDFS + "label"): 0,
    ox.NamedNode(SCHEMA + "headline"): 0,
    ox.NamedNode(NIF + "anchorOf"): 1,
    ox.NamedNode(ONTOLOGY + "sourceFile"): 2,
}
LINK_LABEL_PREDICATES = list(LABEL_RANK)
REFERENCE_CONTEXT = ox.NamedNode(NIF + "referenceContext")
THIS = "$THIS"  # placeholder for the resource in the queries below

_SAFE_PATH = "/!$&'()*+,;=:@-._~"  # kept as is in the hrefs we write; the rest is percent-encoded
_SAFE_FRAGMENT = _SAFE_PATH + "?"


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


# --- requests -------------------------------------------------------------------------------


class _Answer(Exception):
    """A finished response raised from deep inside (400, 404, 406)."""

    def __init__(self, response: Response):
        super().__init__(response.status)
        self.response = response


@bp.errorhandler(_Answer)
def _answer(exc: _Answer) -> Response:
    return exc.response


def _store():
    return current_app.extensions["newskg.store"]


def _base() -> str:
    return current_app.config["NEWSKG_BASE"]


def _plain(status: int, message: str) -> Response:
    return Response(message.rstrip("\n") + "\n", status=status, content_type="text/plain; charset=utf-8")


def _bad_request(message: str) -> _Answer:
    return _Answer(_plain(400, f"400 Bad Request: {message}"))


_NOT_FOUND = """{% extends "_layout_ld.html" %}
{% block title %}Not found · {{ site }}{% endblock %}
{% block main %}<h1>Not found</h1>
<p>Nothing is known about <code class="iri">{{ iri }}</code>: no triple in this store has it as subject or object.</p>
<p>Try the <a href="{{ root }}/">query form</a> or the <a href="{{ root }}/ontology">ontology</a>.</p>{% endblock %}
"""


def _not_found(iri: str) -> _Answer:
    if negotiate(request.headers.get("Accept"), [HTML, "text/plain"]) == HTML:
        body = render_template_string(_NOT_FOUND, iri=iri, **_page_globals())
        return _Answer(Response(body, status=404, content_type="text/html; charset=utf-8"))
    return _Answer(_plain(404, f"404 Not Found: nothing is known about <{iri}>"))


def _not_acceptable(offered: list[str]) -> _Answer:
    return _Answer(_plain(406, "406 Not Acceptable: this resource is available as " + ", ".join(offered)))


def _iri_from_path(prefix: str, path: str) -> ox.NamedNode:
    """``prefix + path`` as an IRI; 400 for anything that could leave ``prefix`` or is no IRI.

    ``path`` is the percent-decoded request path. Dot segments are refused (a client or proxy
    would normalise them away, and they must never reach another IRI), as are ``#`` and ``?``
    (fragments are not sent by browsers; a decoded ``%23`` is not a way to name one).
    """
    segments = path.split("/")
    if any(s in (".", "..") for s in segments):
        raise _bad_request("dot segments ('.' or '..') are not allowed in resource paths")
    if "#" in path or "?" in path:
        raise _bad_request("a resource path cannot contain '#' or '?' (percent-encoded or not)")
    try:
        node = ox.NamedNode(prefix + path)
    except ValueError as exc:
        raise _bad_request(f"{prefix + path!r} is not a valid IRI ({exc})") from None
    if not node.value.startswith(prefix):  # cannot happen after the checks above; kept as a guard
        raise _bad_request("the path leaves its namespace")
    return node


def _split_extension(path: str) -> tuple[str, str | None]:
    """``("a/b", "ttl")`` for ``"a/b.ttl"``; ``(path, None)`` without a known extension."""
    stem, dot, ext = path.rpartition(".")
    if dot and stem and "/" not in ext and ext in EXTENSIONS and not stem.endswith("/"):
        return stem, ext
    return path, None


def _resolve(prefix: str, path: str, exists) -> tuple[ox.NamedNode, str | None]:
    """The IRI a document path names and its fixed media type (None: negotiate).

    ``a/b.ttl`` is the Turtle variant of ``a/b`` when that resource exists; otherwise it is the
    negotiated document of a resource whose own IRI ends with ``.ttl`` (newskg mints none).
    """
    stem, ext = _split_extension(path)
    if ext is not None:
        try:
            node = _iri_from_path(prefix, stem)
        except _Answer:
            node = None
        if node is not None and exists(node):
            return node, EXTENSIONS[ext]
    node = _iri_from_path(prefix, path)
    if not exists(node):
        raise _not_found(node.value)
    return node, None


def _choose(fixed: str | None, offered: list[str]) -> str:
    if fixed is not None:
        if fixed not in offered:
            raise _Answer(_plain(404, f"404 Not Found: no {fixed} variant of this resource"))
        return fixed
    chosen = negotiate(request.headers.get("Accept"), offered)
    if chosen is None:
        raise _not_acceptable(offered)
    return chosen


def _etag(*parts: object) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode() + b"\x00")
    return digest.hexdigest()[:32]


def _headers(response: Response, etag: str, negotiated_location: str | None) -> Response:
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.set_etag(etag, weak=True)  # same meaning, not always the same bytes (blank node labels)
    if negotiated_location is not None:
        response.vary.add("Accept")
        response.headers["Content-Location"] = negotiated_location
    return response


def _not_modified(etag: str) -> bool:
    tags = request.if_none_match
    return bool(tags) and (tags.star_tag or tags.contains_weak(etag))


def _serve(path: str, media: str, negotiated: bool, variant_url: str, stamp: object, build) -> Response:
    """The common tail: ETag, 304, then ``build(media) -> bytes | str`` for 200."""
    etag = _etag(stamp, path, media)
    location = variant_url if negotiated else None
    if _not_modified(etag):
        return _headers(Response(status=304), etag, location)
    body = build(media)
    content_type = "text/html; charset=utf-8" if media == HTML else f"{media}; charset=utf-8"
    return _headers(Response(body, status=200, content_type=content_type), etag, location)


def _see_other(location: str) -> Response:
    response = redirect(location, code=303)
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response


def _root() -> str:
    return request.script_root


def _quote_path(path: str) -> str:
    return quote(path, safe=_SAFE_PATH)


# --- local URLs for IRIs --------------------------------------------------------------------


def local_href(iri: str, base: str, root: str = "") -> str | None:
    """This server's URL for ``iri`` when it serves it, else None."""
    iri_path, hash_, fragment = iri.partition("#")
    suffix = "#" + quote(fragment, safe=_SAFE_FRAGMENT) if hash_ else ""
    if iri_path == ONTOLOGY_IRI:
        return f"{root}/ontology{suffix}"
    if iri_path == SHAPES_IRI:
        return f"{root}/shapes{suffix}"
    for name, namespace in CONCEPT_NAMESPACES.items():
        if iri_path == namespace[:-1]:
            return f"{root}/{name}{suffix}"
        if iri_path.startswith(namespace) and len(iri_path) > len(namespace):
            return f"{root}/{name}/{_quote_path(iri_path[len(namespace):])}{suffix}"
    if iri_path.startswith(base):
        rest = iri_path[len(base):]
        if rest.startswith(("id/", "graph/")) and len(rest.split("/", 1)[1]) > 0:
            return f"{root}/{_quote_path(rest)}{suffix}"
    return None


def href_for(iri: str, base: str, root: str = "") -> str | None:
    """Where a link to ``iri`` goes: this server for local IRIs, the IRI itself for web IRIs.

    Other schemes (``javascript:``, ``data:``, ``urn:``…) get no link at all.
    """
    local = local_href(iri, base, root)
    if local is not None:
        return local
    return iri if re.match(r"(?i)https?://", iri) else None


# --- store queries (results consumed here, in the request thread) ---------------------------


def _bind(sparql: str, node: ox.NamedNode | None) -> str:
    """Put ``node`` where the query says ``$THIS`` (it is a validated IRI: no ``>`` or space)."""
    return sparql if node is None else sparql.replace(THIS, str(node))


def _rows(sparql: str, node: ox.NamedNode | None = None) -> list[tuple]:
    results = _store().query(_bind(sparql, node), use_default_graph_as_union=True)
    return [tuple(row) for row in results]  # consumed here, in the thread that ran the query


def _ask(sparql: str, node: ox.NamedNode) -> bool:
    return bool(_store().query(_bind(sparql, node), use_default_graph_as_union=True))


def _known(node: ox.NamedNode) -> bool:
    return _ask("ASK { { $THIS ?p ?o } UNION { ?s ?p $THIS } }", node)


_STATEMENTS = f"""
PREFIX nkg: <{ONTOLOGY}>
PREFIX nif: <{NIF}>
PREFIX schema: <{SCHEMA}>
SELECT DISTINCT ?st ?via ?speaker ?stance ?date ?quote ?content ?sentence ?text ?article ?headline WHERE {{
  {{ ?st nkg:speaker $THIS BIND(nkg:speaker AS ?via) }}
  UNION {{ ?st nkg:about $THIS BIND(nkg:about AS ?via) }}
  UNION {{ ?st nkg:aboutPlace $THIS BIND(nkg:aboutPlace AS ?via) }}
  UNION {{ ?st nkg:reportedIn $THIS BIND(nkg:reportedIn AS ?via) }}
  ?st a nkg:Statement .
  OPTIONAL {{ ?st nkg:speaker ?speaker }}
  OPTIONAL {{ ?st nkg:stance ?stance }}
  OPTIONAL {{ ?st nkg:saidOn ?date }}
  OPTIONAL {{ ?st nkg:isQuote ?quote }}
  OPTIONAL {{ ?st nkg:content ?content }}
  OPTIONAL {{ ?st nkg:reportedIn ?article OPTIONAL {{ ?article schema:headline ?headline }} }}
  OPTIONAL {{ ?st nkg:sentence ?sentence OPTIONAL {{ ?sentence nif:anchorOf ?text }} }}
}}
ORDER BY ?article ?st ?via
LIMIT %d
"""
_STATEMENT_PREDICATES = ("speaker", "stance", "saidOn", "isQuote", "content", "reportedIn", "sentence")


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


def describe(node: ox.NamedNode, max_rows: int, concept_vocabulary: _Vocabulary | None = None) -> Description:
    d = Description(node)
    # what the resource says: from the vocabulary file for concepts, else from the store
    if concept_vocabulary is not None:
        d.out = [(t.predicate, t.object) for t in concept_vocabulary.by_subject.get(node, [])]
        for t in concept_vocabulary.by_object.get(node, []):
            d.incoming.append((t.subject, t.predicate))
    else:
        d.out = _rows(f"SELECT DISTINCT ?p ?o WHERE {{ $THIS ?p ?o }} LIMIT {OUT_LIMIT + 1}", node)
        if len(d.out) > OUT_LIMIT:
            d.out = d.out[:OUT_LIMIT]
            d.notices.append(f"Only the first {OUT_LIMIT} properties of this resource are included.")
    incoming = _rows(f"SELECT DISTINCT ?s ?p WHERE {{ ?s ?p $THIS }} LIMIT {IN_LIMIT + 1}", node)
    if len(incoming) > IN_LIMIT:
        incoming = incoming[:IN_LIMIT]
        d.notices.append(f"Only the first {IN_LIMIT} references to this resource are included.")
    d.incoming += incoming
    d.triples.update(ox.Triple(node, p, o) for p, o in d.out)
    d.triples.update(ox.Triple(s, p, node) for s, p in d.incoming)

    if concept_vocabulary is None:
        # an article's sentences and mentions: IRIs `{article}#…` whose context it is
        prefix = node.value + "#"
        fragments = _rows(
            f"SELECT DISTINCT ?s ?p ?o WHERE {{ ?s <{NIF}referenceContext> $THIS . ?s ?p ?o }} LIMIT {FRAGMENT_LIMIT + 1}",
            node,
        )
        if len(fragments) > FRAGMENT_LIMIT:
            fragments = fragments[:FRAGMENT_LIMIT]
            d.notices.append(f"Only the first {FRAGMENT_LIMIT} triples about sentences and mentions are included.")
        d.fragments = [r for r in fragments if isinstance(r[0], ox.NamedNode) and r[0].value.startswith(prefix)]
        d.triples.update(ox.Triple(*r) for r in d.fragments)
        _add_statements(d, node, max_rows)
        graphs = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ $THIS ?p ?o }} }} ORDER BY ?g LIMIT {GRAPHS_LIMIT + 1}"
        d.graphs = [g for (g,) in _rows(graphs, node)]
        if len(d.graphs) > GRAPHS_LIMIT:
            d.graphs = d.graphs[:GRAPHS_LIMIT]
            d.notices.append(f"Only the first {GRAPHS_LIMIT} source graphs are listed.")

    _add_labels(d)
    return d


def _add_statements(d: Description, node: ox.NamedNode, max_rows: int) -> None:
    rows = _rows(_STATEMENTS % (max_rows * 4 + 1), node)
    truncated = len(rows) > max_rows * 4
    by_statement: dict = {}
    nkg = {name: _n(ONTOLOGY + name) for name in _STATEMENT_PREDICATES}
    for st, via, speaker, stance, date, quote_, content, sentence, text, article, headline in rows[: max_rows * 4]:
        entry = by_statement.get(st)
        if entry is None:
            if len(by_statement) >= max_rows:
                truncated = True
                break
            entry = by_statement[st] = {
                "iri": st, "via": set(), "speaker": speaker, "stance": stance, "date": date, "quote": quote_,
                "content": content, "sentence": sentence, "text": text, "article": article, "headline": headline,
            }
        entry["via"].add(via)
        d.triples.add(ox.Triple(st, via, node))
        for name, value in (("speaker", speaker), ("stance", stance), ("saidOn", date), ("isQuote", quote_),
                            ("content", content), ("reportedIn", article), ("sentence", sentence)):
            if value is not None:
                d.triples.add(ox.Triple(st, nkg[name], value))
        if sentence is not None and text is not None:
            d.triples.add(ox.Triple(sentence, _n(NIF + "anchorOf"), text))
        if article is not None and headline is not None:
            d.triples.add(ox.Triple(article, _n(SCHEMA + "headline"), headline))
    d.statements = sorted(by_statement.values(), key=lambda e: (_natural(e["article"]), _natural(e["iri"])))
    if truncated:
        d.notices.append(f"Only the first {max_rows} statements are shown.")


def _add_labels(d: Description) -> None:
    """Labels (and headlines, sentence texts) of every IRI the description links to."""
    linked = {term for t in d.triples for term in (t.subject, t.object) if isinstance(term, ox.NamedNode)}
    described = {d.iri} | {s for s, _, _ in d.fragments}  # their labels are in the description already
    wanted = sorted(linked - described, key=lambda t: t.value)
    predicates = " ".join(str(p) for p in LINK_LABEL_PREDICATES)
    for i in range(0, len(wanted), 500):
        values = " ".join(str(t) for t in wanted[i:i + 500])
        query = f"SELECT DISTINCT ?r ?p ?l WHERE {{ VALUES ?r {{ {values} }} VALUES ?p {{ {predicates} }} ?r ?p ?l }}"
        for r, p, label in _rows(query):
            d.triples.add(ox.Triple(r, p, label))
    for t in d.triples:
        if t.predicate in LINK_LABEL_PREDICATES and isinstance(t.object, ox.Literal):
            d.labels[t.subject].append((LABEL_RANK[t.predicate], t.object))


def _natural(term) -> tuple:
    """Sort key that puts statement/2 before statement/10."""
    if term is None:
        return ()
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", str(term.value)))


# --- the ontology and shapes files -----------------------------------------------------------


@dataclass
class _Vocabulary:
    path: Path
    stamp: tuple
    data: bytes
    triples: list
    by_subject: dict
    by_object: dict
    order: dict  # subject -> position of its first triple in the file
    labels: dict  # subject -> [rdfs:label and skos:prefLabel literals]


_vocabularies: dict[str, _Vocabulary] = {}
_vocabularies_lock = threading.Lock()


def _vocabulary(filename: str) -> _Vocabulary:
    """``ontology/{filename}``, parsed once and again only when the file changes."""
    path = project_dir("ontology") / filename
    st = path.stat()
    stamp = (st.st_mtime_ns, st.st_size)
    with _vocabularies_lock:
        cached = _vocabularies.get(filename)
        if cached is not None and cached.stamp == stamp:
            return cached
    data = path.read_bytes()
    triples = [q.triple for q in ox.parse(data, ox.RdfFormat.TURTLE)]
    by_subject, by_object, order, labels = defaultdict(list), defaultdict(list), {}, defaultdict(list)
    for i, t in enumerate(triples):
        by_subject[t.subject].append(t)
        by_object[t.object].append(t)
        order.setdefault(t.subject, i)
        if t.predicate in LABEL_PREDICATES and isinstance(t.object, ox.Literal):
            labels[t.subject].append(t.object)
    vocabulary = _Vocabulary(path, stamp, data, triples, dict(by_subject), dict(by_object), order, dict(labels))
    with _vocabularies_lock:
        _vocabularies[filename] = vocabulary
    return vocabulary


def _serialize(triples, media: str) -> bytes:
    fmt = RDF_FORMATS[media]
    ordered = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML):
        return ox.serialize(ordered, format=fmt, prefixes=_prefixes())
    return ox.serialize(ordered, format=fmt)


def _prefixes() -> dict[str, str]:
    base = _base()
    prefixes = dict(PREFIXES)
    for name in ENTITY_PATHS:  # slugs are valid local names; article and post paths are not
        prefixes.setdefault(name, f"{base}id/{name}/")
    return prefixes


# --- view models for the templates ----------------------------------------------------------


class Viewer:
    """Turns RDF terms into what the templates print: text, link, language, datatype."""

    def __init__(self, labels: dict | None = None):
        self.base = _base()
        self.root = _root()
        self.labels = labels if labels is not None else {}
        self.vocab_labels = _vocabulary("newskg.ttl").labels  # names of terms, types, concepts

    def curie(self, iri: str) -> str | None:
        best = None
        for prefix, namespace in PREFIXES.items():
            if iri.startswith(namespace) and len(iri) > len(namespace):
                local = iri[len(namespace):]
                if re.fullmatch(r"[A-Za-z0-9_.\-]+", local) and (best is None or len(namespace) > best[1]):
                    best = (f"{prefix}:{local}", len(namespace))
        return best[0] if best else None

    def short(self, iri: str) -> str:
        curie = self.curie(iri)
        if curie:
            return curie
        if iri.startswith(self.base):
            return iri[len(self.base):]
        return iri

    def name(self, iri: str) -> str:
        """A readable name for a local IRI without a label: "statement 10", "article 000_…"."""
        if not iri.startswith(self.base):
            return self.short(iri)
        rest = iri[len(self.base):]
        path, _, fragment = rest.partition("#")
        parts = path.split("/")
        if fragment:
            return f"{fragment} of {self.name(iri.partition('#')[0])}"
        if len(parts) == 5 and parts[:2] == ["id", "article"]:
            return f"{parts[3]} {parts[4]}"
        if len(parts) == 3 and parts[0] == "id":
            return f"{parts[1]} {parts[2]}"
        if len(parts) == 2 and parts[0] == "graph":
            return f"graph {parts[1]}"
        return rest

    def label(self, term) -> ox.Literal | None:
        literals = self.labels.get(term) or self.vocab_labels.get(term)
        return best_label(literals) if literals else None

    def term(self, term, use_label: bool = True) -> dict:
        if isinstance(term, ox.NamedNode):
            label = self.label(term) if use_label else None
            text = label.value if label is not None else self.name(term.value)
            if len(text) > 160:
                text = text[:157] + "…"
            return {
                "kind": "iri",
                "iri": term.value,
                "href": href_for(term.value, self.base, self.root),
                "text": text,
                "lang": label.language if label is not None else None,
                "short": self.short(term.value),
            }
        if isinstance(term, ox.Literal):
            datatype = term.datatype.value
            shown = None if term.language or datatype == XSD + "string" else datatype
            return {
                "kind": "literal",
                "value": term.value,
                "lang": term.language,
                "datatype": self.short(shown) if shown else None,
                "datatype_iri": shown,
                "datatype_href": href_for(shown, self.base, self.root) if shown else None,
                "long": len(term.value) > 300,
                "preview": term.value[:200],
            }
        if isinstance(term, ox.BlankNode):
            return {"kind": "bnode", "text": f"_:{term.value}"}
        return {"kind": "other", "text": str(term)}

    def predicate(self, term) -> dict:
        view = self.term(term, use_label=False)
        view["text"] = view["short"]
        return view


def best_label(labels) -> ox.Literal | None:
    """The label to show among ``labels`` (literals, or ``(rank, literal)`` pairs).

    The best-ranked kind of label (see :data:`LABEL_RANK`) wins; among those English first, then
    no language, then Indonesian, then any other, alphabetically.
    """
    if not labels:
        return None
    pairs = [item if isinstance(item, tuple) else (0, item) for item in labels]

    def key(pair):
        rank, lit = pair
        lang = (lit.language or "").lower()
        order = 0 if lang == "en" or lang.startswith("en-") else 1 if not lang else 2 if lang == "id" else 3
        return (rank, order, lang, lit.value)

    return min(pairs, key=key)[1]


def _page_globals() -> dict:
    return {"site": current_app.extensions.get("newskg.title", "newskg"), "root": _root()}


def _downloads(variant_url) -> list[dict]:
    """Links to the RDF variants: ``variant_url(media)`` gives each URL."""
    return [{"name": FORMAT_NAMES[m], "media": m, "href": variant_url(m)} for m in DOWNLOADS]


_ORDER = [RDF + "type", SKOS + "prefLabel", RDFS + "label", SKOS + "altLabel", OWL + "sameAs"]


def _property_rows(pairs, viewer: Viewer, max_rows: int) -> tuple[list, bool]:
    """``(predicate view, [value views])`` grouped by predicate, at most ``max_rows`` values."""
    grouped: dict = defaultdict(list)
    for p, o in pairs:
        grouped[p].append(o)

    def key(p):
        return (_ORDER.index(p.value) if p.value in _ORDER else len(_ORDER), viewer.short(p.value))

    rows, shown, truncated = [], 0, False
    for p in sorted(grouped, key=key):
        values = sorted(grouped[p], key=lambda o: (_natural(o) if not isinstance(o, ox.Literal) else (), str(o)))
        room = max_rows - shown
        if room <= 0:
            truncated = True
            break
        if len(values) > room:
            values, truncated = values[:room], True
        shown += len(values)
        rows.append((viewer.predicate(p), [viewer.term(o) for o in values]))
    return rows, truncated


def _render_resource(d: Description, kind: str, variant_url, max_rows: int, concepts=()) -> str:
    viewer = Viewer(d.labels)
    names = [(p, o) for p, o in d.out if p in NAME_PREDICATES and isinstance(o, ox.Literal)]
    names.sort(key=lambda po: (NAME_PREDICATES.index(po[0]), po[1].language or "", po[1].value))
    title = best_label([(LABEL_RANK[p], o) for p, o in d.out if p in LABEL_RANK and isinstance(o, ox.Literal)])
    if title is None:
        title = viewer.label(d.iri)
    names_view = [{"predicate": viewer.short(p.value), "value": o.value, "lang": o.language} for p, o in names]
    properties, props_truncated = _property_rows(d.out, viewer, max_rows)
    # the article's sentences and mentions and the statements have tables of their own
    shown = {s for s, _, _ in d.fragments} | {e["iri"] for e in d.statements}
    incoming = sorted((sp for sp in d.incoming if sp[0] not in shown), key=lambda sp: (_natural(sp[0]), str(sp[1])))
    incoming_truncated = len(incoming) > max_rows
    notices = list(d.notices)
    if props_truncated:
        notices.append(f"The property table shows the first {max_rows} values; download the RDF for the rest.")
    if incoming_truncated:
        notices.append(f"Only the first {max_rows} references are shown.")
    sentences, mentions_truncated = _sentences(d, viewer, max_rows)
    if mentions_truncated:
        notices.append(f"Only the first {max_rows} sentences are shown.")
    same_as = [viewer.term(o) for p, o in d.out if p == SAME_AS and isinstance(o, ox.NamedNode)]
    return render_template(
        "resource.html",
        kind=kind,
        iri=d.iri.value,
        title=title.value if title is not None else _page_title(viewer.name(d.iri.value), d.iri.value, viewer),
        title_lang=title.language if title is not None else None,
        types=[viewer.term(o) for p, o in d.out if p == TYPE],
        names=names_view,
        same_as=same_as,
        wikidata=[v for v in same_as if v["iri"].startswith(WIKIDATA)],
        properties=properties,
        incoming=[(viewer.term(s), viewer.predicate(p)) for s, p in incoming[:max_rows]],
        sentences=sentences,
        statements=[_statement_view(e, viewer) for e in d.statements],
        graphs=[viewer.term(g, use_label=False) for g in d.graphs],
        concepts=list(concepts),
        notices=notices,
        downloads=_downloads(variant_url),
        max_rows=max_rows,
        **_page_globals(),
    )


def _page_title(name: str, iri: str, viewer: Viewer) -> str:
    """``statement 10`` becomes ``statement 10 · <article's name>`` (a page needs its context)."""
    parts = iri[len(viewer.base):].split("/") if iri.startswith(viewer.base) else []
    if len(parts) == 5 and parts[:2] == ["id", "article"]:
        article = _n(viewer.base + "/".join(parts[:3]))
        label = viewer.label(article)
        return f"{name} · {label.value if label is not None else viewer.name(article.value)}"
    return name


def _statement_view(e: dict, viewer: Viewer) -> dict:
    roles = {"speaker": "speaker", "about": "about", "aboutPlace": "place", "reportedIn": "in article"}
    return {
        "statement": viewer.term(e["iri"]),
        "roles": sorted(roles.get(v.value[len(ONTOLOGY):], v.value) for v in e["via"]),
        "speaker": viewer.term(e["speaker"]) if e["speaker"] is not None else None,
        "stance": viewer.term(e["stance"]) if e["stance"] is not None else None,
        "date": e["date"].value if e["date"] is not None else None,
        "quote": e["quote"] is not None and e["quote"].value == "true",
        "content": viewer.term(e["content"]) if e["content"] is not None else None,
        "sentence": viewer.term(e["sentence"], use_label=False) if e["sentence"] is not None else None,
        "sentence_href": href_for(e["sentence"].value, viewer.base, viewer.root) if e["sentence"] is not None else None,
        "text": e["text"].value if e["text"] is not None else None,
        "article": viewer.term(e["article"]) if e["article"] is not None else None,
    }


def _sentences(d: Description, viewer: Viewer, max_rows: int) -> tuple[list, bool]:
    """An article's sentences in text order, each with the mentions inside it."""
    props: dict = defaultdict(dict)
    for s, p, o in d.fragments:
        props[s].setdefault(p.value, []).append(o)
    sentence_type, phrase_type = _n(NIF + "Sentence"), _n(NIF + "Phrase")

    def first(s, pred):
        values = props[s].get(pred)
        return values[0] if values else None

    def begin(s):
        value = first(s, NIF + "beginIndex")
        try:
            return int(value.value) if value is not None else -1
        except ValueError:
            return -1

    mentions_of: dict = defaultdict(list)
    sentences = []
    for s, values in props.items():
        types = values.get(RDF + "type", [])
        if sentence_type in types:
            sentences.append(s)
        elif phrase_type in types:
            mentions_of[first(s, NIF + "sentence")].append(s)
    sentences.sort(key=lambda s: (begin(s), s.value))
    view = []
    for s in sentences[:max_rows]:
        mentions = []
        for m in sorted(mentions_of.get(s, []), key=lambda m: (begin(m), m.value)):
            entity = first(m, ITSRDF + "taIdentRef")
            text = first(m, NIF + "anchorOf")
            mentions.append({
                "anchor": m.value.partition("#")[2],
                "iri": m.value,
                "text": text.value if text is not None else m.value.partition("#")[2],
                "entity": viewer.term(entity) if entity is not None else None,
            })
        text = first(s, NIF + "anchorOf")
        view.append({
            "anchor": s.value.partition("#")[2],
            "iri": s.value,
            "begin": begin(s),
            "end": first(s, NIF + "endIndex").value if first(s, NIF + "endIndex") is not None else "",
            "text": text.value if text is not None else "",
            "mentions": mentions,
        })
    return view, len(sentences) > max_rows


# --- /id and /doc: instance data ------------------------------------------------------------


def _doc_url(path: str, media: str | None = None) -> str:
    suffix = "." + EXTENSION_OF[media] if media else ""
    return f"{_root()}/doc/{_quote_path(path)}{suffix}"


@bp.route("/id/<path:path>")
def thing(path: str) -> Response:
    node = _iri_from_path(_base() + "id/", path)
    if not _known(node):
        raise _not_found(node.value)
    return _see_other(_doc_url(path))


@bp.route("/doc/<path:path>")
def document(path: str) -> Response:
    prefix = _base() + "id/"
    node, fixed = _resolve(prefix, path, _known)
    media = _choose(fixed, OFFERED)
    own_path = node.value[len(prefix):]
    max_rows = current_app.config.get("NEWSKG_HTML_MAX_ROWS", 1000)

    def build(media: str):
        d = describe(node, max_rows)
        if media == HTML:
            return _render_resource(d, "resource", lambda m: _doc_url(own_path, m), max_rows)
        return _serialize(d.triples, media)

    return _serve(request.path, media, fixed is None, _doc_url(own_path, media), _store().revision, build)


# --- /graph: named graphs -------------------------------------------------------------------


def _graph_url(path: str, media: str | None = None) -> str:
    suffix = "." + EXTENSION_OF[media] if media else ""
    return f"{_root()}/graph/{_quote_path(path)}{suffix}"


@bp.route("/graph/<path:path>")
def graph(path: str) -> Response:
    prefix = _base() + "graph/"
    store = _store()
    node, fixed = _resolve(prefix, path, store.has_graph)
    media = _choose(fixed, OFFERED)
    own_path = node.value[len(prefix):]
    max_rows = current_app.config.get("NEWSKG_HTML_MAX_ROWS", 1000)

    def build(media: str):
        if media != HTML:
            fmt = RDF_FORMATS[media]
            triples = (q.triple for q in store.quads(node))
            if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML):
                return ox.serialize(triples, format=fmt, prefixes=_prefixes())
            return ox.serialize(triples, format=fmt)
        return _render_graph(node, own_path, max_rows)

    response = _serve(request.path, media, fixed is None, _graph_url(own_path, media), store.revision, build)
    response.headers.add("Link", f'<{_store_url(node)}>; rel="alternate"')
    return response


def _store_url(node: ox.NamedNode) -> str:
    return f"{_root()}/store?{urlencode({'graph': node.value})}"


def _render_graph(node: ox.NamedNode, own_path: str, max_rows: int) -> str:
    (count,) = _rows("SELECT (COUNT(*) AS ?n) WHERE { GRAPH $THIS { ?s ?p ?o } }", node)[0]
    rows = _rows(f"SELECT ?s ?p ?o WHERE {{ GRAPH $THIS {{ ?s ?p ?o }} }} LIMIT {max_rows + 1}", node)
    truncated = len(rows) > max_rows
    rows = sorted(rows[:max_rows], key=lambda r: (_natural(r[0]), str(r[1]), str(r[2])))
    articles = [a for (a,) in _rows(
        f"SELECT DISTINCT ?a WHERE {{ GRAPH $THIS {{ ?a a <{ONTOLOGY}Article> }} }} ORDER BY ?a LIMIT 100", node)]
    labels: dict = defaultdict(list)
    for s, p, o in rows:
        if p in LABEL_RANK and isinstance(o, ox.Literal):
            labels[s].append((LABEL_RANK[p], o))
    for a in articles:
        for p, o in _rows(f"SELECT DISTINCT ?p ?o WHERE {{ GRAPH $THIS {{ <{a.value}> ?p ?o }} }}", node):
            if p in LABEL_RANK and isinstance(o, ox.Literal):
                labels[a].append((LABEL_RANK[p], o))
    viewer = Viewer(labels)
    notices = []
    if truncated:
        notices.append(f"Only the first {max_rows} of {count.value} triples are listed; download the graph for all of them.")
    return render_template(
        "resource.html",
        kind="graph",
        iri=node.value,
        title=viewer.name(node.value),
        title_lang=None,
        count=int(count.value),
        articles=[viewer.term(a) for a in articles],
        store_url=_store_url(node),
        graph_rows=[(viewer.term(s, use_label=False), viewer.predicate(p), viewer.term(o)) for s, p, o in rows],
        notices=notices,
        downloads=_downloads(lambda m: _graph_url(own_path, m)),
        types=[], names=[], same_as=[], wikidata=[], properties=[], incoming=[], sentences=[], statements=[],
        graphs=[], concepts=[], max_rows=max_rows,
        **_page_globals(),
    )


# --- the ontology, its concepts and the shapes ----------------------------------------------


def _vocabulary_stamp(v: _Vocabulary) -> tuple:
    return ("vocabulary", str(v.path), v.stamp)


def _ontology_url(suffix_path: str = "", media: str | None = None) -> str:
    ext = "." + EXTENSION_OF[media] if media else ""
    tail = "/" + _quote_path(suffix_path) if suffix_path else ""
    return f"{_root()}/ontology{tail}{ext}"


@bp.route("/ontology")
@bp.route("/ontology.<ext>")
def ontology(ext: str | None = None) -> Response:
    if ext is not None and ext not in EXTENSIONS:
        raise _not_found(ONTOLOGY_IRI + "." + ext)
    fixed = EXTENSIONS[ext] if ext else None
    media = _choose(fixed, OFFERED)
    vocabulary = _vocabulary("newskg.ttl")

    def build(media: str):
        if media == "text/turtle":
            return vocabulary.data  # the file itself, comments and all
        if media == HTML:
            return _render_ontology(vocabulary)
        return _serialize(vocabulary.triples, media)

    return _serve("/ontology", media, fixed is None, _ontology_url(media=media), _vocabulary_stamp(vocabulary), build)


@bp.route("/shapes")
@bp.route("/shapes.<ext>")
def shapes(ext: str | None = None) -> Response:
    return _shapes(ext, "/shapes")


def _shapes(ext: str | None, path: str) -> Response:
    if ext is not None and (ext not in EXTENSIONS or EXTENSIONS[ext] == HTML):
        raise _not_found(SHAPES_IRI + "." + ext)
    fixed = EXTENSIONS[ext] if ext else None
    media = _choose(fixed, OFFERED_RDF)
    vocabulary = _vocabulary("shapes.ttl")

    def build(media: str):
        return vocabulary.data if media == "text/turtle" else _serialize(vocabulary.triples, media)

    return _serve(path, media, fixed is None, f"{_root()}{path}.{EXTENSION_OF[media]}", _vocabulary_stamp(vocabulary), build)


@bp.route("/<any(stance, role, kind, 'event-type'):scheme>")
@bp.route("/<any(stance, role, kind, 'event-type'):scheme>/<path:name>")
def concept(scheme: str, name: str | None = None) -> Response:
    node = _concept_iri(scheme, name)
    if node not in _vocabulary("newskg.ttl").by_subject:
        raise _not_found(node.value)
    return _see_other(_ontology_url(f"{scheme}/{name}" if name else scheme))


def _concept_iri(scheme: str, name: str | None) -> ox.NamedNode:
    namespace = CONCEPT_NAMESPACES[scheme]
    if name is None:
        return ox.NamedNode(namespace[:-1])
    return _iri_from_path(namespace, name)


@bp.route("/ontology/<path:path>")
def ontology_document(path: str) -> Response:
    if any(segment in (".", "..") for segment in path.split("/")):
        raise _bad_request("dot segments ('.' or '..') are not allowed in resource paths")
    stem, ext = _split_extension(path)
    if stem == "shapes":
        return _shapes(ext, "/ontology/shapes")
    vocabulary = _vocabulary("newskg.ttl")

    def exists(node):
        return node in vocabulary.by_subject

    def to_iri(p: str) -> ox.NamedNode:
        scheme, _, name = p.partition("/")
        if scheme not in CONCEPT_NAMESPACES:
            raise _not_found(NEWSKG + p)
        return _concept_iri(scheme, name or None)

    node, fixed = None, None
    if ext is not None:
        try:
            candidate = to_iri(stem)
        except _Answer:
            candidate = None
        if candidate is not None and exists(candidate):
            node, fixed = candidate, EXTENSIONS[ext]
    if node is None:
        node = to_iri(path)
        if not exists(node):
            raise _not_found(node.value)
    media = _choose(fixed, OFFERED)
    own_path = stem if fixed else path
    max_rows = current_app.config.get("NEWSKG_HTML_MAX_ROWS", 1000)

    def build(media: str):
        d = describe(node, max_rows, concept_vocabulary=vocabulary)
        members = [
            t.subject for t in vocabulary.by_object.get(node, [])
            if t.predicate.value == SKOS + "inScheme"
        ]
        members.sort(key=lambda s: vocabulary.order.get(s, 0))
        for m in members:  # a scheme's document describes its concepts too
            d.triples.update(vocabulary.by_subject.get(m, []))
        for t in list(d.triples):  # labels of what it links to, from the file
            for term in (t.subject, t.object):
                for lt in vocabulary.by_subject.get(term, []):
                    if lt.predicate in LABEL_PREDICATES:
                        d.triples.add(lt)
                        d.labels[lt.subject].append((0, lt.object))
        if media != HTML:
            return _serialize(d.triples, media)
        viewer = Viewer(d.labels)
        concepts = [_concept_view(m, vocabulary, viewer) for m in members]
        return _render_resource(d, "concept", lambda m: _ontology_url(own_path, m), max_rows, concepts)

    stamp = (_vocabulary_stamp(vocabulary), _store().revision)
    return _serve(request.path, media, fixed is None, _ontology_url(own_path, media), stamp, build)


def _concept_view(node, vocabulary: _Vocabulary, viewer: Viewer) -> dict:
    values = defaultdict(list)
    for t in vocabulary.by_subject.get(node, []):
        values[t.predicate.value].append(t.object)
    return {
        "term": viewer.term(node),
        "anchor": local_href(node.value, "", "").lstrip("/"),
        "labels": _lang_texts(values.get(SKOS + "prefLabel", [])),
        "definitions": _lang_texts(values.get(SKOS + "definition", [])),
        "broader": [viewer.term(o) for o in values.get(SKOS + "broader", [])],
        "narrower": [viewer.term(o) for o in values.get(SKOS + "narrower", [])],
    }


def _lang_texts(literals) -> list[dict]:
    def rank(lit):
        lang = lit.language or ""
        return (0 if lang == "en" else 1 if lang == "id" else 2, lang, lit.value)

    ordered = sorted((lit for lit in literals if isinstance(lit, ox.Literal)), key=rank)
    return [{"lang": lit.language, "value": lit.value} for lit in ordered]


def _render_ontology(vocabulary: _Vocabulary) -> str:
    viewer = Viewer()
    subjects = sorted(vocabulary.by_subject, key=lambda s: vocabulary.order[s])

    def values(s, pred: str) -> list:
        return [t.object for t in vocabulary.by_subject.get(s, []) if t.predicate.value == pred]

    def typed(rdf_class: str) -> list:
        return [s for s in subjects if isinstance(s, ox.NamedNode) and _n(rdf_class) in values(s, RDF + "type")]

    def expression(term) -> dict:
        """A class or datatype: a named term, or a union / enumeration written as a blank node."""
        if isinstance(term, ox.BlankNode):
            for kind, pred in (("union", OWL + "unionOf"), ("one of", OWL + "oneOf")):
                lists = values(term, pred)
                if lists:
                    return {"kind": kind, "members": [viewer.term(m) for m in _rdf_list(vocabulary, lists[0])]}
        return {"kind": "term", "term": viewer.term(term)}

    def anchor(s: ox.NamedNode) -> str:
        if s.value.startswith(ONTOLOGY):
            return s.value[len(ONTOLOGY):]
        return viewer.short(s.value)

    def entry(s: ox.NamedNode, kind: str) -> dict:
        return {
            "kind": kind,
            "anchor": anchor(s),
            "iri": s.value,
            "curie": viewer.short(s.value),
            "labels": _lang_texts(values(s, RDFS + "label")),
            "comments": _lang_texts(values(s, RDFS + "comment")),
            "super": [expression(o) for o in values(s, RDFS + "subClassOf") + values(s, RDFS + "subPropertyOf")],
            "sub": [viewer.term(t.subject) for t in vocabulary.by_object.get(s, [])
                    if t.predicate.value in (RDFS + "subClassOf", RDFS + "subPropertyOf")
                    and isinstance(t.subject, ox.NamedNode)],
            "domain": [expression(o) for o in values(s, RDFS + "domain")],
            "range": [expression(o) for o in values(s, RDFS + "range")],
            "inverse": [viewer.term(o) for o in values(s, OWL + "inverseOf")],
            "used_as_domain": [viewer.term(t.subject) for t in vocabulary.by_object.get(s, [])
                               if t.predicate.value == RDFS + "domain"],
        }

    ontology = _n(ONTOLOGY_IRI)
    meta = {
        "titles": _lang_texts(values(ontology, DCTERMS + "title")),
        "descriptions": _lang_texts(values(ontology, DCTERMS + "description")),
        "version": [v.value for v in values(ontology, OWL + "versionInfo")],
        "created": [v.value for v in values(ontology, DCTERMS + "created")],
        "license": [viewer.term(v, use_label=False) for v in values(ontology, DCTERMS + "license")],
    }
    schemes = []
    for scheme in typed(SKOS + "ConceptScheme"):
        members = sorted((t.subject for t in vocabulary.by_object.get(scheme, [])
                          if t.predicate.value == SKOS + "inScheme"), key=lambda s: vocabulary.order[s])
        schemes.append({
            "term": viewer.term(scheme),
            "anchor": "scheme-" + (local_href(scheme.value, "", "") or scheme.value).lstrip("/"),
            "labels": _lang_texts(values(scheme, SKOS + "prefLabel")),
            "definitions": _lang_texts(values(scheme, SKOS + "definition")),
            "concepts": [_concept_view(m, vocabulary, viewer) for m in members],
        })
    return render_template(
        "ontology.html",
        iri=ONTOLOGY_IRI,
        namespace=ONTOLOGY,
        meta=meta,
        classes=[entry(s, "class") for s in typed(OWL + "Class")],
        object_properties=[entry(s, "property") for s in typed(OWL + "ObjectProperty")],
        datatype_properties=[entry(s, "property") for s in typed(OWL + "DatatypeProperty")],
        other_properties=[entry(s, "property") for s in typed(OWL + "AnnotationProperty") + typed(RDF + "Property")],
        schemes=schemes,
        downloads=_downloads(lambda m: _ontology_url(media=m)),
        shapes_url=f"{_root()}/shapes",
        **_page_globals(),
    )


def _rdf_list(vocabulary: _Vocabulary, head) -> list:
    items, seen = [], set()
    nil = RDF + "nil"
    while isinstance(head, (ox.BlankNode, ox.NamedNode)) and head.value != nil and head not in seen:
        seen.add(head)
        first = rest = None
        for t in vocabulary.by_subject.get(head, []):
            if t.predicate.value == RDF + "first":
                first = t.object
            elif t.predicate.value == RDF + "rest":
                rest = t.object
        if first is None:
            break
        items.append(first)
        head = rest
    return items
