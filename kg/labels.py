"""Readable terms: the label of an IRI in the reader's language, compact IRIs and datatypes.

Shared by the HTML result table (:mod:`kg.execution.html_results`), the ``/labels`` service the
query UI asks, and the exploration pages (``kg/web/views``). The rule: ``skos:prefLabel`` in one
of the reader's languages, else ``rdfs:label`` in one of them, else the ``skos:prefLabel`` in
any language, else any ``rdfs:label`` (English first, then by language and text so that the
choice never depends on the order the store returns). Labels of the ontology's own terms and
concepts (``stance:said``, ``kind:troops``) come from ``ontology/newskg.ttl``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from .namespaces import PREFIXES, RDFS, SKOS, XSD

PREF, LABEL = SKOS + "prefLabel", RDFS + "label"
_PER_QUERY = 500
# literals whose datatype goes without saying in a table: the value reads as what it is
PLAIN_DATATYPES = {XSD + t for t in ("string", "integer", "decimal", "double", "float", "boolean", "date", "dateTime",
                                     "nonNegativeInteger", "positiveInteger", "int", "long", "gYear", "anyURI")}
NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "nonNegativeInteger", "positiveInteger", "int", "long")}
INSTANCE_PATHS = ("person", "organization", "unit", "country", "location", "article")

Labels = dict[str, list[tuple[str, str, str]]]  # IRI -> [(predicate, language, text)]


def fetch(store, iris: Iterable[str]) -> Labels:
    """The ``skos:prefLabel`` and ``rdfs:label`` of ``iris`` in ``store`` (over all graphs), plus
    the ontology's labels of its own terms."""
    wanted = sorted({i for i in iris if i and not any(c in i for c in '<>"{}|^`\\ ')})
    found: Labels = defaultdict(list)
    for at in range(0, len(wanted), _PER_QUERY):
        values = " ".join(f"<{i}>" for i in wanted[at : at + _PER_QUERY])
        query = f"SELECT DISTINCT ?r ?p ?l WHERE {{ VALUES ?r {{ {values} }} VALUES ?p {{ <{PREF}> <{LABEL}> }} ?r ?p ?l }}"
        for r, p, label in [tuple(row) for row in store.query(query, use_default_graph_as_union=True)]:
            if isinstance(label, ox.Literal):
                found[r.value].append((p.value, label.language or "", label.value))
    vocabulary = _vocabulary_labels()
    for iri in wanted:
        if iri not in found and iri in vocabulary:
            found[iri] = vocabulary[iri]
    return dict(found)


def choose(candidates: list[tuple[str, str, str]] | None, languages: list[str]) -> tuple[str, str] | None:
    """``(text, language)`` of the label to show a reader of ``languages`` (best first)."""
    if not candidates:
        return None
    wanted = [lang.lower() for lang in languages]

    def in_language(lang: str) -> int | None:
        lang = lang.lower()
        for rank, w in enumerate(wanted):
            if lang == w or lang.startswith(w + "-") or w.startswith(lang + "-") and lang:
                return rank
        return None

    def key(c):
        predicate, lang, text = c
        rank = in_language(lang)
        english = 0 if lang.lower().startswith("en") else 1
        if rank is not None:
            return (0, rank, 0 if predicate == PREF else 1, text)
        return (1, 0 if predicate == PREF else 1, english, lang, text)

    predicate, lang, text = min(candidates, key=key)
    return text, lang


def languages_from(accept_language: str | None, default: tuple[str, ...] = ("en",)) -> list[str]:
    """Language tags of an ``Accept-Language`` header, best first (q-values honoured)."""
    tags = []
    for i, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        match = re.search(r"q=([0-9.]+)", params)
        if match:
            try:
                q = float(match.group(1))
            except ValueError:
                q = 0.0
        if tag and tag != "*" and q > 0:
            tags.append((-q, i, tag.lower()))
    return [t for _, _, t in sorted(tags)] or list(default)


def prefixes(base: str | None) -> dict[str, str]:
    """The prefixes compact IRIs use: the vocabularies', and ``person:`` … under the base."""
    found = dict(PREFIXES)
    if base:
        for name in INSTANCE_PATHS:
            found.setdefault(name, f"{base}id/{name}/")
    return found


def compact(iri: str, base: str | None = None) -> str:
    """``nkg:Statement``, ``person:mark-rutte-q57792``; the IRI itself when no prefix fits."""
    best = None
    for prefix, namespace in prefixes(base).items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            local = iri[len(namespace):]
            if re.fullmatch(r"[\w.\-/#=,]+", local) and (best is None or len(namespace) > best[1]):
                best = (f"{prefix}:{local}", len(namespace))
    return best[0] if best else iri


def datatype_shown(literal: ox.Literal, base: str | None = None) -> str | None:
    """The datatype to print beside a literal (compact), or None when it goes without saying."""
    if literal.language:
        return None
    datatype = literal.datatype.value
    return None if datatype in PLAIN_DATATYPES else compact(datatype, base)


_vocabulary: Labels | None = None


def _vocabulary_labels() -> Labels:
    global _vocabulary
    if _vocabulary is None:
        labels: Labels = defaultdict(list)
        try:
            from .paths import project_dir

            data = (project_dir("ontology") / "newskg.ttl").read_bytes()
            for quad in ox.parse(data, ox.RdfFormat.TURTLE):
                if quad.predicate.value in (PREF, LABEL) and isinstance(quad.object, ox.Literal):
                    labels[quad.subject.value].append((quad.predicate.value, quad.object.language or "", quad.object.value))
        except (OSError, SyntaxError):
            pass
        _vocabulary = dict(labels)
    return _vocabulary
