"""The ontology's HTML documentation (template ``ontology.html``) and the pages of SKOS concepts."""

from __future__ import annotations

import pyoxigraph as ox
from flask import render_template

from kg.namespaces import DCTERMS, ONTOLOGY, OWL, RDF, RDFS, SKOS

from .context import page_globals, url_root
from .describe import Description
from .resource_page import render_resource
from .terms import ONTOLOGY_IRI
from .urls import local_href, ontology_url
from .views import Viewer, downloads, lang_texts
from .vocabulary import Vocabulary

_SUPER = (RDFS + "subClassOf", RDFS + "subPropertyOf")


def render_ontology(vocabulary: Vocabulary) -> str:
    viewer = Viewer()
    subjects = sorted(vocabulary.by_subject, key=lambda s: vocabulary.order[s])

    def typed(rdf_class: str) -> list:
        rdf_type = ox.NamedNode(rdf_class)
        return [s for s in subjects if isinstance(s, ox.NamedNode) and rdf_type in vocabulary.objects(s, RDF + "type")]

    def entries(kind: str, *rdf_classes: str) -> list[dict]:
        return [_term_entry(s, kind, vocabulary, viewer) for c in rdf_classes for s in typed(c)]

    return render_template(
        "ontology.html",
        iri=ONTOLOGY_IRI,
        namespace=ONTOLOGY,
        meta=_metadata(vocabulary, viewer),
        classes=entries("class", OWL + "Class"),
        object_properties=entries("property", OWL + "ObjectProperty"),
        datatype_properties=entries("property", OWL + "DatatypeProperty"),
        other_properties=entries("property", OWL + "AnnotationProperty", RDF + "Property"),
        schemes=[_scheme_view(s, vocabulary, viewer) for s in typed(SKOS + "ConceptScheme")],
        downloads=downloads(lambda m: ontology_url(media=m)),
        shapes_url=f"{url_root()}/shapes",
        **page_globals(),
    )


def render_concept(d: Description, members: list, vocabulary: Vocabulary, variant_url, max_rows: int) -> str:
    """A SKOS concept's or scheme's resource page; a scheme's lists its concepts."""
    viewer = Viewer(d.labels)
    concepts = [concept_view(m, vocabulary, viewer) for m in members]
    return render_resource(d, "concept", variant_url, max_rows, concepts)


def concept_view(node, vocabulary: Vocabulary, viewer: Viewer) -> dict:
    return {
        "term": viewer.term(node),
        "anchor": local_href(node.value, "", "").lstrip("/"),
        "labels": lang_texts(vocabulary.objects(node, SKOS + "prefLabel")),
        "definitions": lang_texts(vocabulary.objects(node, SKOS + "definition")),
        "broader": [viewer.term(o) for o in vocabulary.objects(node, SKOS + "broader")],
        "narrower": [viewer.term(o) for o in vocabulary.objects(node, SKOS + "narrower")],
    }


def _metadata(vocabulary: Vocabulary, viewer: Viewer) -> dict:
    ontology = ox.NamedNode(ONTOLOGY_IRI)
    return {
        "titles": lang_texts(vocabulary.objects(ontology, DCTERMS + "title")),
        "descriptions": lang_texts(vocabulary.objects(ontology, DCTERMS + "description")),
        "version": [v.value for v in vocabulary.objects(ontology, OWL + "versionInfo")],
        "created": [v.value for v in vocabulary.objects(ontology, DCTERMS + "created")],
        "license": [viewer.term(v, use_label=False) for v in vocabulary.objects(ontology, DCTERMS + "license")],
    }


def _scheme_view(scheme: ox.NamedNode, vocabulary: Vocabulary, viewer: Viewer) -> dict:
    members = sorted((t.subject for t in vocabulary.by_object.get(scheme, [])
                      if t.predicate.value == SKOS + "inScheme"), key=lambda s: vocabulary.order[s])
    return {
        "term": viewer.term(scheme),
        "anchor": "scheme-" + (local_href(scheme.value, "", "") or scheme.value).lstrip("/"),
        "labels": lang_texts(vocabulary.objects(scheme, SKOS + "prefLabel")),
        "definitions": lang_texts(vocabulary.objects(scheme, SKOS + "definition")),
        "concepts": [concept_view(m, vocabulary, viewer) for m in members],
    }


def _term_entry(s: ox.NamedNode, kind: str, vocabulary: Vocabulary, viewer: Viewer) -> dict:
    """A class or property of the ontology, with an anchor for ``/ontology#{name}``."""
    def expressions(predicate: str) -> list[dict]:
        return [_expression(o, vocabulary, viewer) for o in vocabulary.objects(s, predicate)]

    return {
        "kind": kind,
        "anchor": s.value[len(ONTOLOGY):] if s.value.startswith(ONTOLOGY) else viewer.short(s.value),
        "iri": s.value,
        "curie": viewer.short(s.value),
        "labels": lang_texts(vocabulary.objects(s, RDFS + "label")),
        "comments": lang_texts(vocabulary.objects(s, RDFS + "comment")),
        "super": [view for predicate in _SUPER for view in expressions(predicate)],
        "sub": [viewer.term(t.subject) for t in vocabulary.by_object.get(s, [])
                if t.predicate.value in _SUPER and isinstance(t.subject, ox.NamedNode)],
        "domain": expressions(RDFS + "domain"),
        "range": expressions(RDFS + "range"),
        "inverse": [viewer.term(o) for o in vocabulary.objects(s, OWL + "inverseOf")],
        "used_as_domain": [viewer.term(t.subject) for t in vocabulary.by_object.get(s, [])
                           if t.predicate.value == RDFS + "domain"],
    }


def _expression(term, vocabulary: Vocabulary, viewer: Viewer) -> dict:
    """A class or datatype: a named term, or a union / enumeration written as a blank node."""
    if isinstance(term, ox.BlankNode):
        for kind, predicate in (("union", OWL + "unionOf"), ("one of", OWL + "oneOf")):
            lists = vocabulary.objects(term, predicate)
            if lists:
                return {"kind": kind, "members": [viewer.term(m) for m in vocabulary.rdf_list(lists[0])]}
    return {"kind": "term", "term": viewer.term(term)}
