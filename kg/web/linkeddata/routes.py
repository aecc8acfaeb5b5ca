"""The linked-data routes: /id, /doc, /graph, /ontology, /shapes and the SKOS concept schemes."""

from __future__ import annotations

from functools import partial

from flask import Blueprint, Response, redirect, request

from kg.identity.redirects import moved_to

from .context import base_iri, current_store, html_max_rows, page_globals, url_root
from .describe import describe, describe_concept, graph_contents
from .formats import EXTENSIONS, HTML, OFFERED, OFFERED_RDF, serialize, write
from .ontology_page import render_concept, render_ontology
from .queries import is_known
from .resource_page import render_graph, render_resource
from .respond import CACHE_CONTROL, Answer, choose_media, not_found, see_other, serve
from .terms import ONTOLOGY_IRI, SHAPES_IRI
from .urls import (
    concept_iri,
    concept_iri_from_path,
    doc_url,
    graph_url,
    iri_from_path,
    ontology_url,
    quote_path,
    reject_dot_segments,
    resolve,
    shapes_url,
    split_extension,
    store_url,
)
from .vocabulary import ONTOLOGY_FILE, SHAPES_FILE, load_vocabulary

bp = Blueprint("resources", __name__)


@bp.errorhandler(Answer)
def _answer(exc: Answer) -> Response:
    return exc.response


# --- /id and /doc: instance data ------------------------------------------------------------


@bp.route("/id/<path:path>")
def thing(path: str) -> Response:
    node = iri_from_path(base_iri() + "id/", path)
    if not is_known(node):
        new = moved_to("id/" + path)
        if new is not None:
            return moved(f"{url_root()}/{quote_path(new)}")
        raise not_found(node.value)
    return see_other(doc_url(path))


def moved(location: str) -> Response:
    """``301``: an IRI an earlier version minted now lives at ``location`` (kg/identity/redirects.csv)."""
    response = redirect(location, code=301)
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response


@bp.route("/doc/<path:path>")
def document(path: str) -> Response:
    prefix = base_iri() + "id/"
    try:
        node, fixed = resolve(path, partial(iri_from_path, prefix), is_known)
    except Answer as answer:
        stem, ext = split_extension(path)
        new = moved_to("id/" + stem) if answer.response.status_code == 404 else None
        if new is None:
            raise
        return moved(doc_url(new[len("id/"):], EXTENSIONS[ext] if ext else None))
    media = choose_media(fixed, OFFERED)
    own_path = node.value[len(prefix):]
    max_rows = html_max_rows()

    def build(media: str):
        d = describe(node, max_rows)
        if media == HTML:
            return render_resource(d, "resource", partial(doc_url, own_path), max_rows)
        return serialize(d.triples, media)

    return serve(request.path, media, fixed is None, doc_url(own_path, media), current_store().revision, build)


# --- /graph: named graphs -------------------------------------------------------------------


@bp.route("/graph/<path:path>")
def graph(path: str) -> Response:
    prefix = base_iri() + "graph/"
    store = current_store()
    node, fixed = resolve(path, partial(iri_from_path, prefix), store.has_graph)
    media = choose_media(fixed, OFFERED)
    own_path = node.value[len(prefix):]
    max_rows = html_max_rows()

    def build(media: str):
        if media != HTML:
            return write((q.triple for q in store.quads(node)), media)
        contents = graph_contents(node, max_rows)
        article = describe(contents.articles[0], max_rows) if contents.articles else None  # leads the page
        return render_graph(node, contents, partial(graph_url, own_path), store_url(node), max_rows, article)

    response = serve(request.path, media, fixed is None, graph_url(own_path, media), store.revision, build)
    response.headers.add("Link", f'<{store_url(node)}>; rel="alternate"')
    return response


# --- the ontology, its concepts and the shapes ----------------------------------------------


@bp.route("/ontology")
@bp.route("/ontology.<ext>")
def ontology(ext: str | None = None) -> Response:
    if ext is not None and ext not in EXTENSIONS:
        raise not_found(ONTOLOGY_IRI + "." + ext)
    fixed = EXTENSIONS[ext] if ext else None
    media = choose_media(fixed, OFFERED)
    vocabulary = load_vocabulary(ONTOLOGY_FILE)

    def build(media: str):
        if media == "text/turtle":
            return vocabulary.data  # the file itself, comments and all
        if media == HTML:
            return render_ontology(vocabulary)
        return serialize(vocabulary.triples, media)

    return serve("/ontology", media, fixed is None, ontology_url(media=media), vocabulary.cache_stamp(), build)


@bp.route("/shapes")
@bp.route("/shapes.<ext>")
def shapes(ext: str | None = None) -> Response:
    return _shapes(ext, "/shapes")


def _shapes(ext: str | None, path: str) -> Response:
    """The shapes file at ``path`` (it has two): RDF (Turtle first), or a page for browsers."""
    if ext is not None and ext not in EXTENSIONS:
        raise not_found(SHAPES_IRI + "." + ext)
    fixed = EXTENSIONS[ext] if ext else None
    media = choose_media(fixed, OFFERED_RDF + [HTML])
    vocabulary = load_vocabulary(SHAPES_FILE)

    def build(media: str):
        if media == HTML:
            from ..views.describing import shapes_page

            return shapes_page(vocabulary, page_globals()["site"])
        return vocabulary.data if media == "text/turtle" else serialize(vocabulary.triples, media)

    return serve(path, media, fixed is None, shapes_url(path, media), vocabulary.cache_stamp(), build)


@bp.route("/<any(stance, role, kind, 'event-type'):scheme>")
@bp.route("/<any(stance, role, kind, 'event-type'):scheme>/<path:name>")
def concept(scheme: str, name: str | None = None) -> Response:
    node = concept_iri(scheme, name)
    if node not in load_vocabulary(ONTOLOGY_FILE).by_subject:
        raise not_found(node.value)
    return see_other(ontology_url(f"{scheme}/{name}" if name else scheme))


@bp.route("/ontology/<path:path>")
def ontology_document(path: str) -> Response:
    """A concept or scheme's document (``/ontology/{scheme}/{name}``), or the shapes."""
    reject_dot_segments(path)
    stem, ext = split_extension(path)
    if stem == "shapes":
        return _shapes(ext, "/ontology/shapes")
    vocabulary = load_vocabulary(ONTOLOGY_FILE)
    node, fixed = resolve(path, concept_iri_from_path, lambda node: node in vocabulary.by_subject)
    media = choose_media(fixed, OFFERED)
    own_path = stem if fixed else path
    max_rows = html_max_rows()

    def build(media: str):
        d, members = describe_concept(node, max_rows, vocabulary)
        if media != HTML:
            return serialize(d.triples, media)
        return render_concept(d, members, vocabulary, partial(ontology_url, own_path), max_rows)

    stamp = (vocabulary.cache_stamp(), current_store().revision)
    return serve(request.path, media, fixed is None, ontology_url(own_path, media), stamp, build)
