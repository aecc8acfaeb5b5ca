"""How RDF terms appear on the linked-data pages: the view models the Jinja templates print."""

from __future__ import annotations

import re

import pyoxigraph as ox

from kg.namespaces import PREFIXES, XSD

from .context import base_iri, url_root
from .formats import DOWNLOADS, FORMAT_NAMES
from .urls import href_for
from .vocabulary import ONTOLOGY_FILE, load_vocabulary

_MAX_LINK_TEXT = 160
_LONG_LITERAL = 300  # longer literals are folded, showing a preview of:
_PREVIEW = 200


class Viewer:
    """Turns RDF terms into what the templates print: text, link, language, datatype."""

    def __init__(self, labels: dict | None = None):
        self.base = base_iri()
        self.root = url_root()
        self.labels = labels if labels is not None else {}
        self.vocab_labels = load_vocabulary(ONTOLOGY_FILE).labels  # names of terms, types, concepts

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
            return self._iri(term, use_label)
        if isinstance(term, ox.Literal):
            return self._literal(term)
        if isinstance(term, ox.BlankNode):
            return {"kind": "bnode", "text": f"_:{term.value}"}
        return {"kind": "other", "text": str(term)}

    def predicate(self, term) -> dict:
        view = self.term(term, use_label=False)
        view["text"] = view["short"]
        return view

    def _iri(self, term: ox.NamedNode, use_label: bool) -> dict:
        label = self.label(term) if use_label else None
        text = label.value if label is not None else self.name(term.value)
        if len(text) > _MAX_LINK_TEXT:
            text = text[:_MAX_LINK_TEXT - 3] + "…"
        return {
            "kind": "iri",
            "iri": term.value,
            "href": href_for(term.value, self.base, self.root),
            "text": text,
            "lang": label.language if label is not None else None,
            "short": self.short(term.value),
        }

    def _literal(self, term: ox.Literal) -> dict:
        datatype = term.datatype.value
        shown = None if term.language or datatype == XSD + "string" else datatype
        return {
            "kind": "literal",
            "value": term.value,
            "lang": term.language,
            "datatype": self.short(shown) if shown else None,
            "datatype_iri": shown,
            "datatype_href": href_for(shown, self.base, self.root) if shown else None,
            "long": len(term.value) > _LONG_LITERAL,
            "preview": term.value[:_PREVIEW],
        }


def best_label(labels) -> ox.Literal | None:
    """The label to show among ``labels`` (literals, or ``(rank, literal)`` pairs).

    The best-ranked kind of label (see :data:`.terms.LABEL_RANK`) wins; among those English first,
    then no language, then Indonesian, then any other, alphabetically.
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


def lang_texts(literals) -> list[dict]:
    """Literals as ``{lang, value}``, English first, then Indonesian, then the rest."""
    def rank(lit):
        lang = lit.language or ""
        return (0 if lang == "en" else 1 if lang == "id" else 2, lang, lit.value)

    ordered = sorted((lit for lit in literals if isinstance(lit, ox.Literal)), key=rank)
    return [{"lang": lit.language, "value": lit.value} for lit in ordered]


def downloads(variant_url) -> list[dict]:
    """Links to the RDF variants: ``variant_url(media)`` gives each URL."""
    return [{"name": FORMAT_NAMES[m], "media": m, "href": variant_url(m)} for m in DOWNLOADS]
