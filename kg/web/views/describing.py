"""HTML views of the service's self-descriptions, for browsers: the VoID and the SHACL shapes.

The RDF stays the default for every other client (server order: Turtle first); a browser's
``Accept: text/html`` gets a page instead of a 406 or an XML tree.
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import render_template, request

from kg import labels as readable
from kg.namespaces import RDF, RDFS

from .common import base

SH = "http://www.w3.org/ns/shacl#"
# what a property shape says, in the order a reader wants it
_CONSTRAINTS = ["minCount", "maxCount", "datatype", "class", "nodeKind", "node", "in", "hasValue", "pattern", "or"]


def _short(term) -> str:
    if isinstance(term, ox.NamedNode):
        if term.value.startswith("https://w3id.org/newskg/shapes#"):
            return "nkgsh:" + term.value.rpartition("#")[2]
        return readable.compact(term.value, base())
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def void_page(stats, urls, *, title: str, dumps) -> str:
    """``/.well-known/void`` as a page: the counts, partitions, examples, endpoint and dumps."""
    return render_template(
        "void.html", site=title, root=request.script_root, title=title, stats=stats, urls=urls, dumps=dumps,
        short=_short, base=base(), href=lambda iri: _href(iri),
    )


def _href(iri: str) -> str | None:
    from ..linkeddata.urls import href_for

    return href_for(iri, base(), request.script_root)


def shapes_page(vocabulary, title: str) -> str:
    """The SHACL shapes as a page: one table of property constraints per node shape."""
    by_subject = vocabulary.by_subject

    def values(subject, name):
        return [t.object for t in by_subject.get(subject, []) if t.predicate.value == SH + name]

    def one(subject, name, default=""):
        found = values(subject, name)
        return _short(found[0]) if found else default

    shapes = []
    node_shapes = [t.subject for t in vocabulary.triples if t.predicate.value == RDF + "type" and t.object.value == SH + "NodeShape"]
    for shape in sorted(set(node_shapes), key=lambda s: vocabulary.order.get(s, 0)):
        properties = []
        for prop in values(shape, "property"):
            constraints = []
            for name in _CONSTRAINTS:
                for value in values(prop, name):
                    if name in ("in", "or"):
                        items = vocabulary.rdf_list(value)
                        if name == "or":
                            items = [v for item in items for v in (values(item, "class") + values(item, "datatype") + values(item, "nodeKind"))]
                        constraints.append(f"{name}: " + " | ".join(_short(i) for i in items))
                    else:
                        constraints.append(f"{name}: {_short(value)}")
            properties.append({"path": one(prop, "path"), "constraints": constraints, "message": one(prop, "message")})
        comment = [t.object.value for t in by_subject.get(shape, []) if t.predicate.value == RDFS + "comment"]
        shapes.append({
            "iri": shape.value if isinstance(shape, ox.NamedNode) else "", "name": shape.value.rpartition("#")[2],
            "targets": [_short(v) for v in values(shape, "targetClass")], "closed": one(shape, "closed") == "true",
            "comment": comment[0] if comment else "", "properties": properties,
            "sparql": len(values(shape, "sparql")),
        })
    return render_template("shapes.html", site=title, root=request.script_root, shapes=shapes,
                           downloads=[{"name": "Turtle", "media": "text/turtle", "href": request.script_root + "/shapes.ttl"}])
