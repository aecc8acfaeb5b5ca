"""The media types a linked-data document comes in, their file extensions, and RDF serialisation."""

from __future__ import annotations

import pyoxigraph as ox

from kg.namespaces import PREFIXES

from .context import base_iri
from .terms import ENTITY_PATHS

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


def serialize(triples, media: str) -> bytes:
    """``triples`` in order, so that the same description gives the same document."""
    ordered = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return write(ordered, media)


def write(triples, media: str) -> bytes:
    """``triples`` as they come, in the RDF format of ``media``."""
    fmt = RDF_FORMATS[media]
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML):
        return ox.serialize(triples, format=fmt, prefixes=rdf_prefixes())
    return ox.serialize(triples, format=fmt)


def rdf_prefixes() -> dict[str, str]:
    base = base_iri()
    prefixes = dict(PREFIXES)
    for name in ENTITY_PATHS:  # slugs are valid local names; article and post paths are not
        prefixes.setdefault(name, f"{base}id/{name}/")
    return prefixes
