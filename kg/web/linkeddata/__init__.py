"""Linked data: every IRI newskg mints dereferences on this server, and so does the ontology.

The scheme follows W3C "Cool URIs for the Semantic Web" (https://www.w3.org/TR/cooluris/).
A request path ``P`` stands for the IRI ``NEWSKG_BASE + P`` (without the leading slash), whatever
host the server runs at; pages link local IRIs to this server's URLs and show the real IRI.

=====================================  =============================================================
request                                answer
=====================================  =============================================================
``/id/{path}``                         the *thing* ``{base}id/{path}`` (a person, an article, a
                                       statement…): ``303 See Other`` → ``/doc/{path}``; an IRI an
                                       earlier version minted that has moved (and that the store
                                       does not know): ``301`` → ``/id/{new path}``, from
                                       ``kg/identity/redirects.csv``; else 404 when no triple has
                                       the IRI as subject or object
``/doc/{path}``                        the document about it, negotiated (``Vary: Accept``,
                                       ``Content-Location`` names the variant): HTML, Turtle,
                                       N-Triples, JSON-LD, RDF/XML; 406 when none is acceptable
``/doc/{path}.html|.ttl|.nt|.jsonld|.rdf``  one fixed format (a moved IRI's document: ``301`` to the
                                       new one's, in the same format)
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
graphs, distinct), up to :data:`.describe.IN_LIMIT` triples with it as object, the labels of the resources
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

One job per module: :mod:`.routes` (the views and the blueprint), :mod:`.urls` (paths, IRIs and
links), :mod:`.respond` (negotiation, caching headers, errors), :mod:`.describe`,
:mod:`.statements` and :mod:`.queries` (store queries), :mod:`.vocabulary` (the ontology and
shapes files), :mod:`.formats` (media types, serialisation), :mod:`.terms` (IRIs treated
specially), :mod:`.context` (what comes from the app), and :mod:`.views`, :mod:`.resource_page`,
:mod:`.sentences` and :mod:`.ontology_page` (what the templates print).
"""

from .routes import bp
from .urls import href_for, local_href
from .views import best_label

__all__ = ["best_label", "bp", "href_for", "local_href"]
