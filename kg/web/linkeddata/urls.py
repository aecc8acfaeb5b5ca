"""Request paths, IRIs and this server's URLs: which IRI a path names, and where an IRI links to.

Paths are validated here, before they become IRIs: nothing may leave its namespace.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

import pyoxigraph as ox

from .context import url_root
from .formats import EXTENSION_OF, EXTENSIONS
from .respond import Answer, bad_request, not_found
from .terms import CONCEPT_NAMESPACES, NEWSKG, ONTOLOGY_IRI, SHAPES_IRI

_SAFE_PATH = "/!$&'()*+,;=:@-._~"  # kept as is in the hrefs we write; the rest is percent-encoded
_SAFE_FRAGMENT = _SAFE_PATH + "?"

# --- request paths -> IRIs ------------------------------------------------------------------


def reject_dot_segments(path: str) -> None:
    """400 for ``.`` or ``..`` segments: a client or proxy would normalise them away, and they
    must never reach another IRI."""
    if any(segment in (".", "..") for segment in path.split("/")):
        raise bad_request("dot segments ('.' or '..') are not allowed in resource paths")


def iri_from_path(prefix: str, path: str) -> ox.NamedNode:
    """``prefix + path`` as an IRI; 400 for anything that could leave ``prefix`` or is no IRI.

    ``path`` is the percent-decoded request path. ``#`` and ``?`` are refused too (fragments are
    not sent by browsers; a decoded ``%23`` is not a way to name one).
    """
    reject_dot_segments(path)
    if "#" in path or "?" in path:
        raise bad_request("a resource path cannot contain '#' or '?' (percent-encoded or not)")
    try:
        node = ox.NamedNode(prefix + path)
    except ValueError as exc:
        raise bad_request(f"{prefix + path!r} is not a valid IRI ({exc})") from None
    if not node.value.startswith(prefix):  # cannot happen after the checks above; kept as a guard
        raise bad_request("the path leaves its namespace")
    return node


def concept_iri(scheme: str, name: str | None) -> ox.NamedNode:
    """The SKOS concept ``/{scheme}/{name}`` names, or its scheme when there is no name."""
    namespace = CONCEPT_NAMESPACES[scheme]
    if name is None:
        return ox.NamedNode(namespace[:-1])
    return iri_from_path(namespace, name)


def concept_iri_from_path(path: str) -> ox.NamedNode:
    """The concept or scheme ``/ontology/{path}`` names; 404 when it is no known scheme."""
    scheme, _, name = path.partition("/")
    if scheme not in CONCEPT_NAMESPACES:
        raise not_found(NEWSKG + path)
    return concept_iri(scheme, name or None)


def split_extension(path: str) -> tuple[str, str | None]:
    """``("a/b", "ttl")`` for ``"a/b.ttl"``; ``(path, None)`` without a known extension."""
    stem, dot, ext = path.rpartition(".")
    if dot and stem and "/" not in ext and ext in EXTENSIONS and not stem.endswith("/"):
        return stem, ext
    return path, None


def resolve(path: str, to_iri, exists) -> tuple[ox.NamedNode, str | None]:
    """The IRI a document path names (``to_iri(path)``) and its fixed media type (None: negotiate).

    ``a/b.ttl`` is the Turtle variant of ``a/b`` when that resource exists; otherwise it is the
    negotiated document of a resource whose own IRI ends with ``.ttl`` (newskg mints none).
    """
    stem, ext = split_extension(path)
    if ext is not None:
        try:
            node = to_iri(stem)
        except Answer:
            node = None
        if node is not None and exists(node):
            return node, EXTENSIONS[ext]
    node = to_iri(path)
    if not exists(node):
        raise not_found(node.value)
    return node, None


# --- IRIs -> links --------------------------------------------------------------------------


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


# --- this server's URLs for documents and their variants ------------------------------------


def doc_url(path: str, media: str | None = None) -> str:
    return f"{url_root()}/doc/{_quote_path(path)}{_extension(media)}"


def graph_url(path: str, media: str | None = None) -> str:
    return f"{url_root()}/graph/{_quote_path(path)}{_extension(media)}"


def ontology_url(suffix_path: str = "", media: str | None = None) -> str:
    tail = "/" + _quote_path(suffix_path) if suffix_path else ""
    return f"{url_root()}/ontology{tail}{_extension(media)}"


def shapes_url(path: str, media: str) -> str:
    """``path`` is ``/shapes`` or ``/ontology/shapes``: both serve the shapes."""
    return f"{url_root()}{path}.{EXTENSION_OF[media]}"


def store_url(node: ox.NamedNode) -> str:
    """The graph store protocol's URL for a named graph's full content."""
    return f"{url_root()}/store?{urlencode({'graph': node.value})}"


def _extension(media: str | None) -> str:
    return "." + EXTENSION_OF[media] if media else ""


def quote_path(path: str) -> str:
    return quote(path, safe=_SAFE_PATH)


_quote_path = quote_path
