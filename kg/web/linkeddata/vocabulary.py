"""The ontology and shapes files: parsed once, indexed, and parsed again only when they change."""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.namespaces import RDF
from kg.paths import project_dir

from .terms import LABEL_PREDICATES

ONTOLOGY_FILE = "newskg.ttl"
SHAPES_FILE = "shapes.ttl"


@dataclass
class Vocabulary:
    path: Path
    stamp: tuple  # the file's (mtime, size) when it was read
    data: bytes  # the file itself: its Turtle keeps the comments
    triples: list
    by_subject: dict
    by_object: dict
    order: dict  # subject -> position of its first triple in the file
    labels: dict  # subject -> [rdfs:label and skos:prefLabel literals]

    def cache_stamp(self) -> tuple:
        """What the ETags of documents made from this file depend on."""
        return ("vocabulary", str(self.path), self.stamp)

    def objects(self, subject, predicate: str) -> list:
        return [t.object for t in self.by_subject.get(subject, []) if t.predicate.value == predicate]

    def rdf_list(self, head) -> list:
        """The members of the RDF collection starting at ``head`` (cycles and gaps end it)."""
        items, seen = [], set()
        nil = RDF + "nil"
        while isinstance(head, (ox.BlankNode, ox.NamedNode)) and head.value != nil and head not in seen:
            seen.add(head)
            first = rest = None
            for t in self.by_subject.get(head, []):
                if t.predicate.value == RDF + "first":
                    first = t.object
                elif t.predicate.value == RDF + "rest":
                    rest = t.object
            if first is None:
                break
            items.append(first)
            head = rest
        return items


_vocabularies: dict[str, Vocabulary] = {}
_vocabularies_lock = threading.Lock()


def load_vocabulary(filename: str) -> Vocabulary:
    """``ontology/{filename}``, parsed once and again only when the file changes."""
    path = project_dir("ontology") / filename
    st = path.stat()
    stamp = (st.st_mtime_ns, st.st_size)
    with _vocabularies_lock:
        cached = _vocabularies.get(filename)
        if cached is not None and cached.stamp == stamp:
            return cached
    vocabulary = _parse(path, stamp, path.read_bytes())
    with _vocabularies_lock:
        _vocabularies[filename] = vocabulary
    return vocabulary


def _parse(path: Path, stamp: tuple, data: bytes) -> Vocabulary:
    triples = [q.triple for q in ox.parse(data, ox.RdfFormat.TURTLE)]
    by_subject, by_object, order, labels = defaultdict(list), defaultdict(list), {}, defaultdict(list)
    for i, t in enumerate(triples):
        by_subject[t.subject].append(t)
        by_object[t.object].append(t)
        order.setdefault(t.subject, i)
        if t.predicate in LABEL_PREDICATES and isinstance(t.object, ox.Literal):
            labels[t.subject].append(t.object)
    return Vocabulary(path, stamp, data, triples, dict(by_subject), dict(by_object), order, dict(labels))
