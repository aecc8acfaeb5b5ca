"""The IRIs and predicates the linked-data pages treat specially, and a natural sort key for terms."""

from __future__ import annotations

import re

import pyoxigraph as ox

from kg.namespaces import (
    EVTYPE,
    KIND,
    NIF,
    ONTOLOGY,
    OWL,
    RDF,
    RDFS,
    ROLE,
    SCHEMA,
    SKOS,
    STANCE,
)

NEWSKG = "https://w3id.org/newskg/"
ONTOLOGY_IRI = ONTOLOGY.rstrip("#")
SHAPES_IRI = NEWSKG + "shapes"
CONCEPT_NAMESPACES = {"stance": STANCE, "role": ROLE, "kind": KIND, "event-type": EVTYPE}
ENTITY_PATHS = ("person", "organization", "unit", "country", "location")

TYPE = ox.NamedNode(RDF + "type")
SAME_AS = ox.NamedNode(OWL + "sameAs")
LABEL_PREDICATES = [ox.NamedNode(SKOS + "prefLabel"), ox.NamedNode(RDFS + "label")]
NAME_PREDICATES = [*LABEL_PREDICATES, ox.NamedNode(SKOS + "altLabel")]
# what names a linked resource on a page, best first: its canonical name (the entities graph's
# skos:prefLabel) and headlines; the name an article gives it (on a graph's own page, where there
# is no prefLabel) and an unnamed source's words; other names; a text's words, a claim's key; a file
LABEL_RANK = {
    ox.NamedNode(SKOS + "prefLabel"): 0,
    ox.NamedNode(SCHEMA + "headline"): 0,
    ox.NamedNode(ONTOLOGY + "articleLabel"): 1,
    ox.NamedNode(SCHEMA + "description"): 1,
    ox.NamedNode(RDFS + "label"): 2,
    ox.NamedNode(NIF + "anchorOf"): 3,
    ox.NamedNode(ONTOLOGY + "claimKey"): 3,
    ox.NamedNode(ONTOLOGY + "sourceFile"): 4,
}
LINK_LABEL_PREDICATES = list(LABEL_RANK)


def natural_key(term) -> tuple:
    """Sort key that puts statement/2 before statement/10."""
    if term is None:
        return ()
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", str(term.value)))
